import Crypto
import ParityCore
import ParityJSON

/// `parity-letter-qr-1` (README, "The letter's QR code"): the fields an employer must see on a
/// printed letter, signed, small enough for a QR code a phone or `zbarimg` reads from paper.
///
/// The payload is `PL1:` then base45 (RFC 9285) of `body || signature`, where `body` is the
/// canonical JSON (sorted keys, no spaces, UTF-8) of the fields under short keys and
/// `signature` is the 64-byte Ed25519 signature, by key `k`, of the UTF-8 bytes
/// `parity-letter-qr-1\n` followed by `body`. The full signed JSON letter stays the reference;
/// this is what can be checked from the paper alone.
public struct LetterQR: Sendable, Equatable {
    public static let format = "parity-letter-qr-1"
    public static let prefix = "PL1:"
    /// Characters at most: a QR code of version 25 at level M holds 1,431 alphanumeric ones.
    public static let maximumLength = 1400
    static let signatureLength = 64

    /// The signed fields, under their keys in the body.
    public struct Fields: Sendable, Equatable, Encodable {
        /// `n`: the holder's name; `h` instead when the request named no one: their id.
        public var holder: String
        public var holderIsId: Bool
        /// `q`: the qualification's title. `c`: the country that awarded it. `d`: where it is compared.
        public var qualification: String
        public var awardingCountry: String
        public var destination: String
        /// `l`: the comparable level, "FRAMEWORK LEVEL" ("de-dqr 6"); absent when there is none.
        public var comparableLevel: String?
        /// `o`: the outcome's code ("comparable", "indicative", "no-mapping", ...).
        public var outcome: String
        /// `i`: the date of issue. `k`: the signing key's id. `x`: the letter's verification code.
        public var issued: String
        public var keyId: String
        public var verificationCode: String
        /// `s`: true when the name or the title was cut (ending in "…") to fit the code.
        public var shortened: Bool
    }

    public let fields: Fields
    public let payload: String

    /// The code for a signed letter: the same key, its verification code.
    static func make(
        _ letter: Letter, keyId: String, code: String, sign: ([UInt8]) throws -> [UInt8]
    ) throws -> LetterQR {
        var fields = Fields(
            holder: letter.holderName ?? letter.holderId, holderIsId: letter.holderName == nil,
            qualification: letter.qualification.title,
            awardingCountry: letter.qualification.country, destination: letter.destination,
            comparableLevel: letter.comparable.map { "\($0.framework) \($0.level)" }, outcome: letter.outcome.rawValue,
            issued: letter.issued, keyId: keyId, verificationCode: code, shortened: false)
        var body = fields.body.bytes
        // Cut the longer of name and title until the payload fits; each round removes at least
        // the excess, so it ends in a few rounds even for a very long name.
        let budget = (maximumLength - prefix.utf8.count) / 3 * 2 - signatureLength
        while body.count > budget {
            let excess = body.count - budget + 3
            if fields.holder.utf8.count >= fields.qualification.utf8.count {
                fields.holder = fields.holder.shortened(by: excess)
            } else {
                fields.qualification = fields.qualification.shortened(by: excess)
            }
            fields.shortened = true
            body = fields.body.bytes
        }
        let signature = try sign(signedBytes(body))
        return LetterQR(fields: fields, payload: prefix + Base45.encode(body + signature))
    }

    /// What the signature covers.
    static func signedBytes(_ body: [UInt8]) -> [UInt8] { Array((format + "\n").utf8) + body }

    public struct Verification: Sendable, Equatable {
        public var verdict: SignedLetter.Verdict
        /// The fields as the code carries them (shown for every verdict, so a reader can see
        /// what a tampered code claims).
        public var fields: Fields
    }

    /// Reads a payload (as a scanner gives it: a trailing line break is ignored) and checks its
    /// signature against the public keys (key id → raw Ed25519 key).
    public static func verify(_ text: String, keys: [String: [UInt8]]) throws(SignedLetter.ReadError) -> Verification {
        var payload = Substring(text)
        while let last = payload.last, last.isNewline { payload = payload.dropLast() }
        guard payload.hasPrefix(prefix) else {
            throw .notALetter(
                "not a Parity letter code: expected it to begin with \(prefix), found '\(payload.prefix(12))'")
        }
        guard let bytes = Base45.decode(String(payload.dropFirst(prefix.count))), bytes.count > signatureLength + 2
        else {
            throw .notALetter(
                "not a Parity letter code: what follows \(prefix) is not base45 (RFC 9285) of a signed body")
        }
        let body = Array(bytes.dropLast(signatureLength)), signature = Array(bytes.suffix(signatureLength))
        let fields = try Fields(body)
        guard let raw = keys[fields.keyId], let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            return Verification(verdict: .unknownKey(fields.keyId), fields: fields)
        }
        guard key.isValidSignature(signature, for: signedBytes(body)) else {
            return Verification(
                verdict: .tampered(
                    "the signature by key \(fields.keyId) does not match the fields: the code was changed after it was signed"
                ), fields: fields)
        }
        return Verification(verdict: .valid(keyId: fields.keyId, code: fields.verificationCode), fields: fields)
    }
}

extension LetterQR.Fields {
    var body: CanonicalJSON {
        var members: [String: CanonicalJSON] = [
            holderIsId ? "h" : "n": .string(holder), "q": .string(qualification), "c": .string(awardingCountry),
            "d": .string(destination),
            "o": .string(outcome), "i": .string(issued), "k": .string(keyId), "x": .string(verificationCode),
        ]
        if let comparableLevel { members["l"] = .string(comparableLevel) }
        if shortened { members["s"] = .bool(true) }
        return .object(members)
    }

    init(_ body: [UInt8]) throws(SignedLetter.ReadError) {
        guard let object = try? StrictJSON.parse(body), case .object(let members) = object else {
            throw .notALetter("not a Parity letter code: its body is not a JSON object")
        }
        func string(_ key: String) throws(SignedLetter.ReadError) -> String {
            guard let value = members[key]?.string else {
                throw .notALetter("not a Parity letter code: expected the field '\(key)' as a string")
            }
            return value
        }
        let holderIsId = members["n"] == nil
        self.init(
            holder: try string(holderIsId ? "h" : "n"), holderIsId: holderIsId, qualification: try string("q"),
            awardingCountry: try string("c"),
            destination: try string("d"), comparableLevel: members["l"]?.string, outcome: try string("o"),
            issued: try string("i"),
            keyId: try string("k"), verificationCode: try string("x"), shortened: members["s"] == .bool(true))
    }
}

private extension String {
    /// At least `bytes` UTF-8 bytes fewer, cut at a character boundary, ending in "…".
    func shortened(by bytes: Int) -> String {
        var kept = Substring(hasSuffix("…") ? String(dropLast()) : self)
        var removed = 0
        while removed < bytes, let last = kept.last {
            removed += last.utf8.count
            kept = kept.dropLast()
        }
        return kept + "…"
    }
}
