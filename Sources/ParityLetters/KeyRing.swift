import Crypto
import Foundation
import ParityJSON

#if canImport(Glibc)
import Glibc
#endif

/// The key that signs letters, and every public key that ever did.
public struct SigningKey: Sendable {
    public let id: String
    let privateKey: Curve25519.Signing.PrivateKey

    init(_ privateKey: Curve25519.Signing.PrivateKey) {
        self.privateKey = privateKey
        self.id = Self.id(of: Array(privateKey.publicKey.rawRepresentation))
    }

    /// The first 8 bytes of the SHA-256 of the raw public key, in hex.
    static func id(of publicKey: [UInt8]) -> String {
        SHA256.hash(data: publicKey).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

public struct KeyError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var description: String { "\(path): \(problem)" }
}

/// Letter keys in a directory of their own under `paths.state` (mode 0700):
/// `<id>.key` the private key (0600, the active key's only: a rotation deletes the old one),
/// `<id>.pub` each public key with its creation time (kept for ever, so old letters verify),
/// and `active` naming the key that signs.
public struct KeyRing: Sendable {
    public struct PublicKey: Sendable, Hashable {
        public var id: String
        public var raw: [UInt8]
        public var created: String
    }

    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The active key; created on first use when the ring holds none.
    public func activeKey() throws(KeyError) -> SigningKey {
        if let id = try activeId() {
            let path = directory + "/\(id).key"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw KeyError(
                    path: path,
                    problem:
                        "the active key's private key is missing or unreadable; run `parity keys rotate` to start a new key"
                )
            }
            guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data) else {
                throw KeyError(path: path, problem: "expected a 32-byte Ed25519 private key")
            }
            return SigningKey(key)
        }
        return try rotate()
    }

    /// A new key signs from now on; the old private key is deleted, its public key kept.
    @discardableResult
    public func rotate() throws(KeyError) -> SigningKey {
        let previous = try activeId()
        let key = SigningKey(Curve25519.Signing.PrivateKey())
        try prepare()
        try write(Array(key.privateKey.rawRepresentation), to: "\(key.id).key", mode: 0o600)
        let record = CanonicalJSON.object([
            "algorithm": .string("Ed25519"), "id": .string(key.id),
            "publicKey": .string(Base64.encode(Array(key.privateKey.publicKey.rawRepresentation))),
            "created": .string(Self.timestamp()),
        ])
        try write(record.bytes, to: "\(key.id).pub", mode: 0o644)
        try write(Array(key.id.utf8), to: "active", mode: 0o644)
        if let previous, previous != key.id {
            try? FileManager.default.removeItem(atPath: directory + "/\(previous).key")
        }
        return key
    }

    /// Now, to the millisecond (UTC), so keys rotated in the same second keep their order.
    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }

    /// Every public key, oldest first.
    public func publicKeys() throws(KeyError) -> [PublicKey] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var keys: [PublicKey] = []
        for name in names.sorted() where name.hasSuffix(".pub") {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path),
                let key = Self.publicKey(CanonicalJSON.parse(Array(data)))
            else {
                throw KeyError(
                    path: path,
                    problem:
                        "expected a public key record: {\"algorithm\": \"Ed25519\", \"id\", \"publicKey\", \"created\"}"
                )
            }
            keys.append(key)
        }
        return keys.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
    }

    public func activeId() throws(KeyError) -> String? {
        guard let data = FileManager.default.contents(atPath: directory + "/active") else { return nil }
        let id = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard id.count == 16, id.allSatisfy(\.isHexDigit) else {
            throw KeyError(
                path: directory + "/active", problem: "expected a key id of 16 hex digits, found '\(id.prefix(40))'")
        }
        return id
    }

    /// Every public key as one file, for verifying letters elsewhere and offline.
    public func export() throws(KeyError) -> [UInt8] {
        let keys = try publicKeys()
        return CanonicalJSON.object([
            "format": .string(Self.exportFormat),
            "keys": .array(
                keys.map {
                    .object([
                        "algorithm": .string("Ed25519"), "id": .string($0.id),
                        "publicKey": .string(Base64.encode($0.raw)), "created": .string($0.created),
                    ])
                }),
        ]).bytes
    }

    public static let exportFormat = "parity-letter-keys-1"

    /// The keys of an exported file (`export`), by id.
    public static func imported(_ bytes: [UInt8], path: String) throws(KeyError) -> [String: [UInt8]] {
        guard let document = CanonicalJSON.parse(bytes), document["format"]?.string == exportFormat,
            case .array(let items)? = document["keys"]
        else {
            throw KeyError(
                path: path,
                problem:
                    "expected exported letter keys ({\"format\": \"\(exportFormat)\", \"keys\": [...]}), as `parity keys export` writes them"
            )
        }
        var keys: [String: [UInt8]] = [:]
        for item in items {
            guard let key = publicKey(item) else {
                throw KeyError(
                    path: path, problem: "expected each key with algorithm Ed25519, id, publicKey and created")
            }
            keys[key.id] = key.raw
        }
        return keys
    }

    static func publicKey(_ record: CanonicalJSON?) -> PublicKey? {
        guard let record, record["algorithm"]?.string == "Ed25519", let id = record["id"]?.string,
            let raw = record["publicKey"]?.string.flatMap(Base64.decode), raw.count == 32, SigningKey.id(of: raw) == id
        else { return nil }
        return PublicKey(id: id, raw: raw, created: record["created"]?.string ?? "")
    }

    private func prepare() throws(KeyError) {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw KeyError(path: directory, problem: "cannot create the key directory (\(error.localizedDescription))")
        }
    }

    /// Written to a temporary file with its final mode, fsynced, renamed into place.
    private func write(_ bytes: [UInt8], to name: String, mode: mode_t) throws(KeyError) {
        let path = directory + "/" + name, tmp = directory + "/.\(name).tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw KeyError(path: tmp, problem: "cannot create (\(String(cString: strerror(errno))))") }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(tmp, path) == 0 else {
            unlink(tmp)
            throw KeyError(path: path, problem: "cannot write (\(String(cString: strerror(errno))))")
        }
        let dir = open(directory, O_RDONLY | O_DIRECTORY)
        if dir >= 0 { fsync(dir); close(dir) }
    }
}

extension CanonicalJSON {
    /// Parsed from a letter or key file; nil when it is not one.
    static func parse(_ bytes: [UInt8]) -> CanonicalJSON? { try? StrictJSON.parse(bytes) }
}
