import Crypto
import Foundation
import ParityXMLSecGlue
import SwiftASN1
import X509

/// The CMS signature of an RFC 3161 timestamp token (RFC 5652 §5.4): the token's structure read
/// with swift-asn1, the signer found among the certificates it carries by its SignerIdentifier,
/// the messageDigest attribute compared with the digest of the TSTInfo, and the signature over
/// the signed attributes verified by swift-certificates. swift-certificates' own CMS verifier
/// is not public and takes only id-data content, hence this reading. Algorithms swift-certificates
/// does not verify (RSASSA-PSS) go to OpenSSL (ParityXMLSecGlue) instead.
extension TimestampToken {
    static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]
    static let ecPublicKey: ASN1ObjectIdentifier = [1, 2, 840, 10045, 2, 1]
    static let messageDigest: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 4]
    static let contentType: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 3]
    /// The signature algorithm a CMS signer info means by its key's algorithm and its digest.
    static let signatures:
        [ASN1ObjectIdentifier: (rsa: Certificate.SignatureAlgorithm, ecdsa: Certificate.SignatureAlgorithm?)] = [
            Digest.sha1: (.sha1WithRSAEncryption, nil), Digest.sha256: (.sha256WithRSAEncryption, .ecdsaWithSHA256),
            Digest.sha384: (.sha384WithRSAEncryption, .ecdsaWithSHA384),
            Digest.sha512: (.sha512WithRSAEncryption, .ecdsaWithSHA512),
        ]

    /// The parts of the token's one SignerInfo and what it signs.
    struct Signed: Sendable {
        var eContentType: ASN1ObjectIdentifier
        var eContent: ArraySlice<UInt8>
        var certificates: [Certificate]
        var issuer: DistinguishedName?
        var serial: ArraySlice<UInt8>?
        var keyIdentifier: ArraySlice<UInt8>?
        var digest: ASN1ObjectIdentifier
        var attributes: ASN1Node?
        var algorithm: ASN1ObjectIdentifier
        var signature: ArraySlice<UInt8>
    }

    /// The certificate of the authority that signed the token, once the token's CMS signature
    /// is checked; or why it could not be.
    func signer() -> Result<Certificate, Unreadable> {
        guard
            let certificate = signed.certificates.first(where: { candidate in
                if let keyIdentifier = signed.keyIdentifier {
                    return (try? candidate.extensions.subjectKeyIdentifier)??.keyIdentifier == keyIdentifier
                }
                return candidate.issuer == signed.issuer
                    && candidate.serialNumber.bytes.drop { $0 == 0 } == signed.serial?.drop { $0 == 0 }
            })
        else { return .failure(Unreadable(description: "the token does not carry its signer's certificate")) }
        guard let pair = Self.signatures[signed.digest] else {
            return .failure(Unreadable(description: "its digest algorithm \(signed.digest) is not one Parity takes"))
        }
        let algorithm: Certificate.SignatureAlgorithm? =
            switch signed.algorithm {
            case Self.rsaEncryption: pair.rsa
            case Self.ecPublicKey: pair.ecdsa
            default: AlgorithmOID.signatures[signed.algorithm]
            }
        guard let algorithm else { return Self.openSSLSigner(der) }
        guard let attributes = signed.attributes else {
            return .failure(Unreadable(description: "it has no signed attributes (RFC 3161 §2.4.2 requires them)"))
        }
        do {
            try Self.check(attributes, signed)
        } catch let error as Unreadable { return .failure(error) } catch {
            return .failure(Unreadable(description: "its signed attributes cannot be read: \(error)"))
        }
        // The signature covers the attributes' DER with the SET OF tag, not the [0] they are sent under.
        var covered = Array(attributes.encodedBytes)
        covered[0] = 0x31
        guard certificate.publicKey.isValidSignature(signed.signature, for: covered, signatureAlgorithm: algorithm)
        else { return .failure(Unreadable(description: "its signature does not verify")) }
        return .success(certificate)
    }

    /// content-type must be the content's, messageDigest its digest.
    private static func check(_ attributes: ASN1Node, _ signed: Signed) throws {
        guard case .constructed(let items) = attributes.content else {
            throw Unreadable(description: "its signed attributes are not a SET")
        }
        var digest: ArraySlice<UInt8>?, type: ASN1ObjectIdentifier?
        for item in items {
            try DER.sequence(item, identifier: .sequence) { parts in
                let oid = try ASN1ObjectIdentifier(derEncoded: &parts)
                guard let values = parts.next(), case .constructed(let set) = values.content,
                    let first = set.first(where: { _ in true })
                else { throw Unreadable(description: "an attribute without a value") }
                if oid == messageDigest { digest = try ASN1OctetString(derEncoded: first).bytes }
                if oid == contentType { type = try ASN1ObjectIdentifier(derEncoded: first) }
            }
        }
        guard type == signed.eContentType else {
            throw Unreadable(description: "its content-type attribute is not its content's type")
        }
        let computed = Digest.hash(signed.digest, signed.eContent)
        guard let digest, let computed, computed == Array(digest) else {
            throw Unreadable(description: "its messageDigest is not the digest of its content")
        }
    }

    /// ContentInfo → SignedData → its content, certificates and one SignerInfo.
    static func readSigned(_ der: [UInt8]) throws -> Signed {
        try DER.sequence(try DER.parse(der), identifier: .sequence) { nodes in
            guard try ASN1ObjectIdentifier(derEncoded: &nodes) == signedData else {
                throw Unreadable(description: "not a CMS SignedData")
            }
            return try DER.explicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { node in
                try DER.sequence(node, identifier: .sequence) { parts in
                    _ = parts.next()  // version
                    _ = parts.next()  // digestAlgorithms
                    guard let encapsulated = parts.next() else { throw Unreadable(description: "no content") }
                    let (type, content) = try DER.sequence(encapsulated, identifier: .sequence) { c in
                        let type = try ASN1ObjectIdentifier(derEncoded: &c)
                        let content = try DER.explicitlyTagged(&c, tagNumber: 0, tagClass: .contextSpecific) {
                            try ASN1OctetString(derEncoded: $0).bytes
                        }
                        return (type, content)
                    }
                    var next = parts.next()
                    var certificates: [Certificate] = []
                    if let set = next, set.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific),
                        case .constructed(let items) = set.content
                    {
                        certificates = items.compactMap { CertificateCache.shared.certificate($0.encodedBytes) }
                        next = parts.next()
                    }
                    if next?.identifier == ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific) {
                        next = parts.next()  // CRLs
                    }
                    guard let infos = next, case .constructed(let list) = infos.content else {
                        throw Unreadable(description: "no signerInfos")
                    }
                    let all = Array(list)
                    guard all.count == 1 else { throw Unreadable(description: "not exactly one signer") }
                    return try signerInfo(all[0], type: type, content: content, certificates: certificates)
                }
            }
        }
    }

    private static func signerInfo(
        _ node: ASN1Node, type: ASN1ObjectIdentifier, content: ArraySlice<UInt8>, certificates: [Certificate]
    ) throws -> Signed {
        try DER.sequence(node, identifier: .sequence) { info in
            _ = info.next()  // version
            guard let sid = info.next() else { throw Unreadable(description: "no signer identifier") }
            var signed = Signed(
                eContentType: type, eContent: content, certificates: certificates, digest: [0, 0],
                algorithm: [0, 0], signature: [])
            if sid.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
                guard case .primitive(let bytes) = sid.content else { throw Unreadable(description: "a bad SKI") }
                signed.keyIdentifier = bytes
            } else {
                try DER.sequence(sid, identifier: .sequence) { pair in
                    signed.issuer = try DistinguishedName(derEncoded: &pair)
                    signed.serial = try ArraySlice<UInt8>(derEncoded: &pair)
                }
            }
            signed.digest = try AlgorithmOID.read(&info)
            var next = info.next()
            if next?.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
                signed.attributes = next
                next = info.next()
            }
            guard let algorithmNode = next else { throw Unreadable(description: "no signature algorithm") }
            signed.algorithm = try AlgorithmOID.read(algorithmNode)
            signed.signature = try ASN1OctetString(derEncoded: &info).bytes
            while info.next() != nil {}  // unsignedAttrs
            return signed
        }
    }

    /// OpenSSL's check, for the algorithms swift-certificates does not verify.
    private static func openSSLSigner(_ der: [UInt8]) -> Result<Certificate, Unreadable> {
        var signer: UnsafeMutablePointer<UInt8>?
        var length = 0
        var error = [CChar](repeating: 0, count: 200)
        let ok = der.withUnsafeBufferPointer { token in
            error.withUnsafeMutableBufferPointer {
                parity_timestamp_signer(token.baseAddress, token.count, &signer, &length, $0.baseAddress, $0.count)
            }
        }
        defer { free(signer) }
        guard ok == 1, let signer else {
            return .failure(
                Unreadable(
                    description: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                ))
        }
        do {
            return .success(try Certificate(derEncoded: Array(UnsafeBufferPointer(start: signer, count: length))))
        } catch {
            return .failure(Unreadable(description: "its signer's certificate cannot be read: \(error)"))
        }
    }
}
