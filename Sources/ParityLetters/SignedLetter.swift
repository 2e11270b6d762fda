import Crypto
import ParityCore
public import ParityJSON

/// A letter as the signed JSON file of `outbox/letters`:
/// `{"content": {...}, "signature": {"algorithm": "Ed25519", "keyId": ..., "value": base64},
/// "verificationCode": ...}`, the whole file in canonical form. The signature covers the
/// canonical bytes of `content`; the verification code is drawn from the same bytes
/// (SHA-256, first 80 bits in Crockford base32), so the printed code names this content only.
public struct SignedLetter: Sendable {
    public let content: CanonicalJSON
    public let keyId: String
    public let signature: [UInt8]
    public let verificationCode: String
    /// The code printed on the letter: its main fields, signed by the same key.
    public let qr: LetterQR

    /// The content is serialised once: the signature and the code are drawn from the same bytes.
    public static func sign(_ letter: Letter, with key: SigningKey) throws -> SignedLetter {
        let content = letter.canonical
        let bytes = content.bytes
        let code = verificationCode(bytes)
        let qr = try LetterQR.make(letter, keyId: key.id, code: code) { Array(try key.privateKey.signature(for: $0)) }
        return SignedLetter(
            content: content, keyId: key.id, signature: Array(try key.privateKey.signature(for: bytes)),
            verificationCode: code, qr: qr)
    }

    /// The file's bytes.
    public var json: [UInt8] {
        CanonicalJSON.object([
            "content": content,
            "signature": .object([
                "algorithm": .string("Ed25519"), "keyId": .string(keyId), "value": .string(Base64.encode(signature)),
            ]),
            "verificationCode": .string(verificationCode),
        ]).bytes
    }

    public enum Verdict: Sendable, Equatable {
        case valid(keyId: String, code: String)
        /// The content, the code or the signature does not match: the letter was changed.
        case tampered(String)
        /// Signed by a key the keyring does not hold.
        case unknownKey(String)
    }

    public enum ReadError: Error, Sendable, CustomStringConvertible {
        case notALetter(String)
        public var description: String { if case .notALetter(let why) = self { return why }; return "" }
    }

    /// Reads a letter file and checks it against the public keys (key id → raw Ed25519 key).
    public static func verify(_ bytes: [UInt8], keys: [String: [UInt8]]) throws(ReadError) -> Verdict {
        let document: CanonicalJSON
        do { document = try StrictJSON.parse(bytes) } catch {
            throw .notALetter("not a letter file: \(error.description)")
        }
        guard let content = document["content"], case .object = content else {
            throw .notALetter("not a letter file: expected an object 'content'")
        }
        guard content["format"]?.string == Letter.format else {
            throw .notALetter(
                "not a letter file: expected content.format '\(Letter.format)', found \(content["format"]?.string.map { "'\($0)'" } ?? "none")"
            )
        }
        guard let signature = document["signature"], signature["algorithm"]?.string == "Ed25519",
            let keyId = signature["keyId"]?.string, let value = signature["value"]?.string.flatMap(Base64.decode)
        else {
            throw .notALetter(
                "not a letter file: expected 'signature' with algorithm Ed25519, keyId and a base64 value")
        }
        let code = document["verificationCode"]?.string ?? ""
        guard let raw = keys[keyId] else { return .unknownKey(keyId) }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return .unknownKey(keyId) }
        let bytes = content.bytes
        guard key.isValidSignature(value, for: bytes) else {
            return .tampered(
                "the signature by key \(keyId) does not match the content: the letter was changed after it was signed")
        }
        guard code == verificationCode(bytes) else {
            return .tampered(
                "the verification code \(code) is not the one drawn from the signed content (\(verificationCode(bytes)))"
            )
        }
        // Exactly the signed structure, nothing beside it: a field added next to the signed
        // content (`"approvedBy": "the ministry"`) would be read as part of the letter.
        if let extra = unsignedFields(document) {
            return .tampered(
                "the file holds \(extra) beside the signed letter: only content, signature and verificationCode are signed"
            )
        }
        return .valid(keyId: keyId, code: code)
    }

    /// The fields a letter file holds besides those of `json`, named; nil when there are none.
    static func unsignedFields(_ document: CanonicalJSON) -> String? {
        guard case .object(let top) = document else { return "no object" }
        var extra = top.keys.filter { !["content", "signature", "verificationCode"].contains($0) }.sorted()
        if case .object(let signature)? = top["signature"] {
            extra += signature.keys.filter { !["algorithm", "keyId", "value"].contains($0) }.sorted().map {
                "signature.\($0)"
            }
        }
        if top["verificationCode"]?.string == nil { extra.append("a verificationCode that is not a string") }
        return extra.isEmpty ? nil : extra.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// The holder's id in a letter file, if it is one (for erasure).
    public static func holderId(_ bytes: [UInt8]) -> String? {
        (try? StrictJSON.parse(bytes))?["content"]?["holder"]?["id"]?.string
    }

    static func verificationCode(_ content: [UInt8]) -> String {
        let digest = Array(SHA256.hash(data: content)).prefix(10)
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var bits = 0, value = 0
        var chars: [Character] = []
        for byte in digest {
            value = value << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                chars.append(alphabet[(value >> bits) & 31])
            }
        }
        return stride(from: 0, to: chars.count, by: 4).map { String(chars[$0..<min($0 + 4, chars.count)]) }.joined(
            separator: "-")
    }
}

extension Letter {
    /// The signed content.
    public var canonical: CanonicalJSON {
        var qualification: [String: CanonicalJSON] = [
            "title": .string(self.qualification.title), "country": .string(self.qualification.country),
        ]
        if let v = self.qualification.awardingBody { qualification["awardingBody"] = .string(v) }
        if let v = self.qualification.framework { qualification["framework"] = .string(v) }
        if let v = self.qualification.level { qualification["level"] = .string(v) }
        if let v = self.qualification.awarded { qualification["awarded"] = .string(v) }
        var holder: [String: CanonicalJSON] = ["id": .string(holderId)]
        if let name = holderName { holder["name"] = .string(name) }
        var content: [String: CanonicalJSON] = [
            "format": .string(Letter.format),
            "id": .string(id),
            "language": .string(language.rawValue),
            "issued": .string(issued),
            "issuer": .string(issuer),
            "holder": .object(holder),
            "qualification": .object(qualification),
            "authenticity": .object([
                "how": .string(authenticity.how.rawValue), "detail": .string(authenticity.detail),
            ]),
            "referenceLevels": .array(
                referenceLevels.map { .object(["framework": .string($0.framework), "level": .string($0.level)]) }),
            "destination": .string(destination),
            "outcome": .string(outcome.rawValue),
            "conditions": .array(
                conditions.map {
                    .object(["difference": .string($0.difference), "measure": .string($0.measure.rawValue)])
                }),
            "basis": .array(basis.map { .string($0) }),
            "competentAuthorities": .array(
                authorities.map {
                    .object([
                        "profession": .string($0.profession), "authority": .string($0.authority),
                        "jurisdiction": .string($0.jurisdiction), "status": .string($0.status),
                    ])
                }),
            "versions": .array(versions.map { .string($0) }),
            "notice": .string(LetterText.for(language).notice),
        ]
        if let c = comparable {
            var comparable: [String: CanonicalJSON] = [
                "framework": .string(c.framework), "level": .string(c.level), "levelName": .string(c.levelName),
                "confirmed": .bool(c.confirmed),
            ]
            if let q = c.closestQualification { comparable["closestQualification"] = .string(q) }
            content["comparable"] = .object(comparable)
        }
        return .object(content)
    }
}

/// RFC 4648 base64, standard alphabet, with padding.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = Int(bytes[i]), b1 = i + 1 < bytes.count ? Int(bytes[i + 1]) : 0,
                b2 = i + 2 < bytes.count ? Int(bytes[i + 2]) : 0
            out.append(alphabet[b0 >> 2])
            out.append(alphabet[(b0 & 3) << 4 | b1 >> 4])
            out.append(i + 1 < bytes.count ? alphabet[(b1 & 15) << 2 | b2 >> 6] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[b2 & 63] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var values: [Int] = []
        var padding = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") { padding += 1; continue }
            guard padding == 0, let v = alphabet.firstIndex(of: byte) else { return nil }
            values.append(v)
        }
        guard (values.count + padding) % 4 == 0, padding <= 2 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < values.count {
            let chunk = values[i..<min(i + 4, values.count)]
            let v = chunk.enumerated().reduce(0) { $0 | $1.element << (18 - 6 * $1.offset) }
            out.append(UInt8((v >> 16) & 255))
            if chunk.count > 2 { out.append(UInt8((v >> 8) & 255)) }
            if chunk.count > 3 { out.append(UInt8(v & 255)) }
            i += 4
        }
        return out
    }
}
