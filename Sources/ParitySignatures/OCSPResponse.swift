import Crypto
import Foundation
import SwiftASN1
import X509

/// An OCSP response (RFC 6960 §4.2.1) as a seal carries it: read with swift-asn1, its
/// signature checked by swift-certificates with the key of the certificate its ResponderID
/// names (the issuer, or a responder certificate the response carries). Whether that
/// responder may answer for the issuer is `Revocation.authorised`'s to judge.
struct OCSPResponse {
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    /// What the response says of one certificate.
    struct Answer {
        var status: Revocation.Answer.Status
        var thisUpdate: Date
        var responder: Certificate
    }

    private var tbs: ArraySlice<UInt8>
    private var signatureAlgorithm: Certificate.SignatureAlgorithm?
    private var algorithmName: String
    private var signature: ArraySlice<UInt8>
    private var responderName: DistinguishedName?
    private var responderKeyHash: ArraySlice<UInt8>?
    private var certificates: [Certificate]
    private var responses: [ASN1Node]

    static let basic: ASN1ObjectIdentifier = [1, 3, 6, 1, 5, 5, 7, 48, 1, 1]
    /// Reads an OCSPResponse (or the BasicOCSPResponse inside one).
    init(_ der: [UInt8]) throws(Unreadable) {
        do {
            var root = try DER.parse(der)
            if let inner = try Self.responseBytes(root) { root = try DER.parse(inner) }
            (tbs, signatureAlgorithm, algorithmName, signature, certificates) = try DER.sequence(
                root, identifier: .sequence
            ) { nodes in
                guard let data = nodes.next() else { throw Unreadable(description: "no tbsResponseData") }
                let algorithm = try AlgorithmOID.read(&nodes)
                let bits = try ASN1BitString(derEncoded: &nodes)
                let certificates =
                    try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) {
                        try Self.certificates($0)
                    } ?? []
                return (
                    data.encodedBytes, AlgorithmOID.signatures[algorithm], "\(algorithm)", bits.bytes,
                    certificates
                )
            }
            (responderName, responderKeyHash, responses) = try DER.sequence(try DER.parse(tbs), identifier: .sequence) {
                nodes in
                var responder = nodes.next()
                if responder?.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
                    responder = nodes.next()  // version, v1 by default
                }
                guard let responder else { throw Unreadable(description: "no responderID") }
                var byName: DistinguishedName?, byKey: ArraySlice<UInt8>?
                switch responder.identifier {
                case ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific):
                    byName = try DER.explicitlyTagged(responder, tagNumber: 1, tagClass: .contextSpecific) {
                        try DistinguishedName(derEncoded: $0)
                    }
                case ASN1Identifier(tagWithNumber: 2, tagClass: .contextSpecific):
                    byKey = try DER.explicitlyTagged(responder, tagNumber: 2, tagClass: .contextSpecific) {
                        try ASN1OctetString(derEncoded: $0).bytes
                    }
                default: throw Unreadable(description: "its responderID is neither byName nor byKey")
                }
                _ = try GeneralizedTime(derEncoded: &nodes)  // producedAt
                guard let list = nodes.next(), case .constructed(let items) = list.content else {
                    throw Unreadable(description: "no responses")
                }
                while nodes.next() != nil {}  // responseExtensions
                return (byName, byKey, Array(items))
            }
        } catch let error as Unreadable {
            throw error
        } catch {
            throw Unreadable(description: "not an OCSP response (RFC 6960): \(error)")
        }
    }

    /// The certificates a response carries (`certs`), through the process's cache.
    private static func certificates(_ node: ASN1Node) throws -> [Certificate] {
        guard case .constructed(let items) = node.content else {
            throw Unreadable(description: "its certificates are not a SEQUENCE")
        }
        return items.compactMap { CertificateCache.shared.certificate($0.encodedBytes) }
    }

    /// The BasicOCSPResponse inside an OCSPResponse, or nil when `root` is one already.
    private static func responseBytes(_ root: ASN1Node) throws -> ArraySlice<UInt8>? {
        try DER.sequence(root, identifier: .sequence) { nodes in
            guard let first = nodes.next(), first.identifier == .enumerated else {
                while nodes.next() != nil {}
                return nil
            }
            let status = try Int(derEncoded: first, withIdentifier: .enumerated)
            guard status == 0 else { throw Unreadable(description: "the responder answered with status \(status)") }
            return try DER.explicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { bytes in
                try DER.sequence(bytes, identifier: .sequence) { pair in
                    guard try ASN1ObjectIdentifier(derEncoded: &pair) == basic else {
                        throw Unreadable(description: "not a basic OCSP response")
                    }
                    return try ASN1OctetString(derEncoded: &pair).bytes
                }
            }
        }
    }

    /// What the response says of `certificate` issued by `issuer`: nil when it does not answer
    /// for it (its signature is then not checked); throws when its signature does not verify.
    func answer(for certificate: Certificate, issuer: Certificate) throws(Unreadable) -> Answer? {
        guard let single = try find(certificate, issuer: issuer) else { return nil }
        guard let signatureAlgorithm else {
            throw Unreadable(description: "its signature algorithm \(algorithmName) is not one Parity verifies")
        }
        // The issuer first; among certificates of the same name, the one whose key made the signature.
        guard
            let responder = ([issuer] + certificates).first(where: {
                names($0) && $0.publicKey.isValidSignature(signature, for: tbs, signatureAlgorithm: signatureAlgorithm)
            })
        else { throw Unreadable(description: "the response's signature does not verify") }
        return Answer(status: single.status, thisUpdate: single.thisUpdate, responder: responder)
    }

    /// Whether `certificate` is the one the ResponderID names (by name, or by the SHA-1 of its key).
    private func names(_ certificate: Certificate) -> Bool {
        if let responderName { return certificate.subject == responderName }
        guard let responderKeyHash, let key = Self.keyBits(certificate) else { return false }
        return Array(Insecure.SHA1.hash(data: key)) == Array(responderKeyHash)
    }

    /// The SingleResponse whose CertID is `certificate`'s (SHA-1 or SHA-256 hashes of the
    /// issuer's name and key, and the serial number).
    private func find(
        _ certificate: Certificate, issuer: Certificate
    ) throws(Unreadable) -> (
        status: Revocation.Answer.Status, thisUpdate: Date
    )? {
        guard let key = Self.keyBits(issuer) else { return nil }
        var serializer = DER.Serializer()
        try? serializer.serialize(certificate.issuer)
        let name = serializer.serializedBytes
        let serial = Array(certificate.serialNumber.bytes.drop { $0 == 0 })
        do {
            for node in responses {
                let found: (Revocation.Answer.Status, Date)? = try DER.sequence(node, identifier: .sequence) { single in
                    let matches = try DER.sequence(single.next() ?? node, identifier: .sequence) { id in
                        let hash = try AlgorithmOID.read(&id)
                        let nameHash = try ASN1OctetString(derEncoded: &id).bytes
                        let keyHash = try ASN1OctetString(derEncoded: &id).bytes
                        let number = try ArraySlice<UInt8>(derEncoded: &id).drop { $0 == 0 }
                        guard Array(number) == serial else { return false }
                        return Digest.hash(hash, name) == Array(nameHash) && Digest.hash(hash, key) == Array(keyHash)
                    }
                    guard matches, let status = single.next() else {
                        while single.next() != nil {}
                        return nil
                    }
                    let thisUpdate = try GeneralizedTime(derEncoded: &single)
                    while single.next() != nil {}
                    return (try Self.status(status), instant(thisUpdate))
                }
                if let found { return (found.0, found.1) }
            }
        } catch let error as Unreadable {
            throw error
        } catch {
            throw Unreadable(description: "a SingleResponse cannot be read: \(error)")
        }
        return nil
    }

    /// CertStatus: good [0], revoked [1] (with its time), unknown [2].
    private static func status(_ node: ASN1Node) throws -> Revocation.Answer.Status {
        switch node.identifier {
        case ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific): return .good
        case ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific):
            return try DER.sequence(node, identifier: node.identifier) { info in
                let time = try GeneralizedTime(derEncoded: &info)
                while info.next() != nil {}
                return .revoked(instant(time))
            }
        default: return .unknown
        }
    }

    /// The subject public key's bits (what CertID's issuerKeyHash and ResponderID's byKey hash).
    static func keyBits(_ certificate: Certificate) -> ArraySlice<UInt8>? {
        var serializer = DER.Serializer()
        guard (try? serializer.serialize(certificate.publicKey)) != nil,
            let spki = try? DER.parse(serializer.serializedBytes)
        else { return nil }
        return try? DER.sequence(spki, identifier: .sequence) { nodes in
            _ = nodes.next()
            return try ASN1BitString(derEncoded: &nodes).bytes
        }
    }
}

/// A GeneralizedTime as a Date (UTC).
func instant(_ time: GeneralizedTime) -> Date {
    let parts = DateComponents(
        timeZone: TimeZone(identifier: "UTC"), year: time.year, month: time.month, day: time.day, hour: time.hours,
        minute: time.minutes, second: time.seconds)
    return Calendar(identifier: .gregorian).date(from: parts) ?? Date(timeIntervalSince1970: 0)
}

/// The DER objects a seal carries, read as Parity reads them from a signature: a timestamp
/// token (its TSTInfo and its CMS signature) and an OCSP response. For the fuzz harness, which
/// reaches them directly instead of through two layers of base64 and JSON.
public enum CarriedObjects {
    public static func read(_ der: [UInt8]) {
        _ = (try? TimestampToken.read(der))?.signer()
        _ = try? OCSPResponse(der)
    }
}
