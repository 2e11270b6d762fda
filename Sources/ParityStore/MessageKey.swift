import ParityCore

/// What names a message: its id within the scope of the service that delivered it (DESIGN.md
/// §8b). Two services may use the same id for two messages, and neither learns that the other
/// did: the ledger is keyed by both, and so are the names of the results. The empty scope
/// holds the messages processed before scopes existed.
public struct MessageKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var scope: String
    public var id: String

    public init(scope: String, id: String) { self.scope = scope; self.id = id }

    public var description: String { scope.isEmpty ? id : "\(scope)/\(id)" }

    public static func < (a: Self, b: Self) -> Bool { (a.scope, a.id) < (b.scope, b.id) }

    /// What separates the scope from the id in a result's name: it occurs in neither (ids are
    /// `A-Z a-z 0-9 . _ - : @ +`, and a scope's name is escaped).
    public static let separator: Character = "~"

    /// The name of one of the message's results in its outbox: `<scope>~<id>.<ext>`
    /// (`pes-de~job-1.json`), so that a consumer can take its own service's results by prefix.
    /// In the scope, any byte but `A-Z a-z 0-9 . _ - @ + :` is written `%XX` (a leading dot
    /// too: Maildir readers skip hidden files). A scope longer than 32 bytes so written keeps
    /// its first 15 and the first 16 hex digits of its SHA-256 (32 in all), so that the name,
    /// at most 166 bytes with a 128-byte id, fits in a file name with the writer's prefix in
    /// `tmp` (`OutboxFile`: a node name of 64 bytes and the process's attempt).
    public func resultName(_ ext: String) -> String {
        Self.escaped(scope) + String(Self.separator) + id + "." + ext
    }

    /// The id a result's name carries (`pes-de~job-1.json` → `job-1`; a name from before scopes,
    /// `job-1.json`, is its id and the extension).
    public static func id(ofResultName name: Substring) -> String? {
        guard let dot = name.lastIndex(of: "."), dot > name.startIndex else { return nil }
        let stem = name[..<dot]
        guard let tilde = stem.firstIndex(of: separator) else { return String(stem) }
        let id = stem[stem.index(after: tilde)...]
        return id.isEmpty ? nil : String(id)
    }

    /// The longest scope part of a result's name.
    public static let longestScope = 32

    static func escaped(_ scope: String) -> String {
        var out = ""
        for (offset, byte) in scope.utf8.enumerated() {
            let plain =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || Array("_-@+:".utf8).contains(byte) || (byte == UInt8(ascii: ".") && offset > 0)
            if plain {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        guard out.utf8.count > longestScope else { return out }
        return String(decoding: out.utf8.prefix(longestScope - 17), as: UTF8.self) + "-"
            + SHA256.hex(of: scope.utf8).prefix(16)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
