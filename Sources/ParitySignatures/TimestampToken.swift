import Foundation
import ParityJSON
import SwiftASN1
import X509

/// An RFC 3161 timestamp token (a CMS SignedData whose content is a TSTInfo), read once: what
/// it covers and when (the message imprint, its hash algorithm and `genTime`), and its CMS
/// parts. Its own signature is checked by `signer()` (TimestampSignature.swift) and its
/// authority's trust by the caller: a token proves a time only once both are (ETSI TS 119 182-1 §5.3).
struct TimestampToken: Sendable {
    /// The imprint's hash: SHA-256, -384 or -512 (`Digest.names`).
    var hashAlgorithm: ASN1ObjectIdentifier
    var imprint: [UInt8]
    var generated: String
    /// The token as read, and its CMS parts, for checking its signature (`signer()`).
    var der: [UInt8]
    var signed: Signed

    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    static let signedData: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 2]
    static let tstInfo: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 16, 1, 4]

    static func read(_ der: [UInt8]) throws(Unreadable) -> TimestampToken {
        let signed: Signed
        do { signed = try readSigned(der) } catch let error as Unreadable { throw error } catch {
            throw Unreadable(description: "not an RFC 3161 timestamp token: \(error)")
        }
        guard signed.eContentType == tstInfo else { throw Unreadable(description: "its content is not a TSTInfo") }
        do {
            return try DER.sequence(try DER.parse(signed.eContent), identifier: .sequence) { nodes in
                _ = nodes.next()  // version
                _ = nodes.next()  // policy
                guard let imprintNode = nodes.next() else { throw Unreadable(description: "no message imprint") }
                let (algorithm, imprint) = try DER.sequence(imprintNode, identifier: .sequence) { imprint in
                    let algorithm = try AlgorithmOID.read(&imprint)
                    return (algorithm, Array(try ASN1OctetString(derEncoded: &imprint).bytes))
                }
                _ = nodes.next()  // serialNumber
                let time = try GeneralizedTime(derEncoded: &nodes)
                while nodes.next() != nil {}
                guard Digest.names[algorithm] != nil else {
                    throw Unreadable(description: "its imprint uses a hash Parity does not take (\(algorithm))")
                }
                return TimestampToken(
                    hashAlgorithm: algorithm, imprint: imprint,
                    generated: String(
                        format: "%04d-%02d-%02dT%02d:%02d:%02dZ", time.year, time.month, time.day, time.hours,
                        time.minutes, time.seconds), der: der, signed: signed)
            }
        } catch let error as Unreadable {
            throw error
        } catch {
            throw Unreadable(description: "not an RFC 3161 timestamp token: \(error)")
        }
    }

    /// Whether the token's imprint is the hash of `data`.
    func covers(_ data: [UInt8]) -> Bool { Digest.hash(hashAlgorithm, data) == imprint }
}

/// The timestamp members of JAdES headers: `{"tstTokens": [{"val": "<base64 DER>"}, ...]}`.
enum Timestamps {
    static func tokens(_ value: JSONValue?, name: String) throws(JWS.FormatError) -> [[UInt8]] {
        guard let value else { return [] }
        guard case .array(let items) = value["tstTokens"] ?? .null, !items.isEmpty else {
            throw JWS.FormatError(description: "\(name): expected {\"tstTokens\": [{\"val\": ...}]} (TS 119 182-1)")
        }
        var tokens: [[UInt8]] = []
        for item in items {
            guard let text = item["val"]?.string, let der = Base64.decode(text) else {
                throw JWS.FormatError(description: "\(name).tstTokens: expected each 'val' a base64 DER token")
            }
            tokens.append(der)
        }
        return tokens
    }
}
