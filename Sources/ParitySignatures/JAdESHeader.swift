import Foundation
import ParityJSON

/// The protected header of a JAdES signature, read under RFC 7515 and ETSI TS 119 182-1: every
/// member of the right JSON type, `crit` honoured (a critical header Parity does not process
/// fails the signature, RFC 7515 §4.1.11), `b64` only when it is critical (RFC 7797 §6).
struct JAdESHeader: Sendable {
    var algorithm: String
    /// `x5c`: the signer's certificate first, as DER.
    var certificates: [[UInt8]]
    /// `x5t#S256`: the SHA-256 of the signer's certificate, as written.
    var certificateDigest: String?
    /// `b64: false`: the payload is signed as it is, not base64url-encoded.
    var unencodedPayload: Bool
    /// `sigT` (ISO 8601) or `iat` (seconds since the epoch): when the signer says it signed.
    var claimedSigningTime: String?
    /// `adoTst`: timestamp tokens over the signed data objects (DER).
    var contentTimestamps: [[UInt8]]

    /// What Parity processes when a signature lists it as critical.
    static let understood: Set<String> = ["b64", "sigT", "iat", "adoTst"]
    /// Header names RFC 7515 and RFC 7518 define, which `crit` must not list (§4.1.11).
    static let registered: Set<String> = [
        "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc", "zip", "epk",
        "apu", "apv", "iv", "tag", "p2s", "p2c",
    ]

    static func read(_ protected: String) throws(JWS.FormatError) -> JAdESHeader {
        guard let bytes = Base64.decodeURL(protected) else {
            throw JWS.FormatError(description: "protected: not base64url (RFC 7515 §2)")
        }
        let header: JSONValue
        do { header = try JSONValue.parse(bytes) } catch {
            throw JWS.FormatError(description: "protected header: not valid JSON: \(error.description)")
        }
        guard case .object(let members) = header else {
            throw JWS.FormatError(description: "protected header: expected a JSON object")
        }
        func fail(_ name: String, _ expected: String) -> JWS.FormatError {
            JWS.FormatError(description: "protected header '\(name)': expected \(expected)")
        }
        guard let alg = header["alg"]?.string, !alg.isEmpty else { throw fail("alg", "an algorithm name") }
        var certificates: [[UInt8]] = []
        if let x5c = header["x5c"] {
            guard case .array(let items) = x5c, !items.isEmpty else {
                throw fail("x5c", "a non-empty array of base64 certificates (RFC 7515 §4.1.6)")
            }
            for item in items {
                guard let text = item.string, let der = Base64.decode(text) else {
                    throw fail("x5c", "each entry a base64 DER certificate (RFC 7515 §4.1.6)")
                }
                certificates.append(der)
            }
        }
        var digest: String?
        if let value = header["x5t#S256"] {
            guard let text = value.string else { throw fail("x5t#S256", "a base64url string") }
            digest = text
        }
        var unencoded = false
        if let b64 = header["b64"] {
            guard case .bool(let flag) = b64 else { throw fail("b64", "true or false (RFC 7797 §3)") }
            unencoded = !flag
        }
        let critical = try crit(header, present: Set(members.map(\.key)), fail: fail)
        if header["b64"] != nil, !critical.contains("b64") {
            throw fail("crit", "to list 'b64', which is present (RFC 7797 §6)")
        }
        var time: String?
        if let sigT = header["sigT"] {
            guard let text = sigT.string else { throw fail("sigT", "a date and time string") }
            time = text
        } else if let iat = header["iat"] {
            guard let seconds = iat.number, seconds.isFinite, abs(seconds) < 1e11 else {
                throw fail("iat", "seconds since the epoch")
            }
            time = UTCText.format(seconds: seconds)
        }
        return JAdESHeader(
            algorithm: alg, certificates: certificates, certificateDigest: digest, unencodedPayload: unencoded,
            claimedSigningTime: time, contentTimestamps: try Timestamps.tokens(header["adoTst"], name: "adoTst"))
    }

    /// `crit`: a non-empty array of distinct names, none registered, each present and understood.
    private static func crit(
        _ header: JSONValue, present: Set<String>, fail: (String, String) -> JWS.FormatError
    ) throws(JWS.FormatError) -> Set<String> {
        guard let crit = header["crit"] else { return [] }
        guard case .array(let items) = crit, !items.isEmpty else {
            throw fail("crit", "a non-empty array of header names (RFC 7515 §4.1.11)")
        }
        var names: Set<String> = []
        for item in items {
            guard let name = item.string, names.insert(name).inserted else {
                throw fail("crit", "distinct header names (RFC 7515 §4.1.11)")
            }
            if registered.contains(name) {
                throw fail("crit", "no header that RFC 7515 or 7518 defines; it lists '\(name)'")
            }
            guard present.contains(name) else {
                throw fail("crit", "only headers that are present; '\(name)' is not")
            }
            guard understood.contains(name) else {
                throw JWS.FormatError(
                    description:
                        "the critical header '\(name.prefix(40))' is not one Parity processes "
                        + "(\(understood.sorted().joined(separator: ", "))): the signature cannot be relied on")
            }
        }
        return names
    }
}

/// ISO 8601 text for a time given in seconds since the epoch.
enum UTCText {
    static func format(seconds: Double) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
