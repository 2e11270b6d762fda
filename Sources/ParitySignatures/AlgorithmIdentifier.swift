import Crypto
import Foundation
import SwiftASN1
import X509

/// The OID of an X.509 AlgorithmIdentifier (RFC 5280 §4.1.1.2), its parameters skipped: what
/// OCSP responses, timestamp tokens and CMS signer infos name their digests and signatures by.
/// (swift-certificates has the type, but not as public API.)
enum AlgorithmOID {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "an AlgorithmIdentifier is missing" }
    }

    static func read(_ node: ASN1Node) throws -> ASN1ObjectIdentifier {
        try DER.sequence(node, identifier: .sequence) { parts in
            let oid = try ASN1ObjectIdentifier(derEncoded: &parts)
            while parts.next() != nil {}
            return oid
        }
    }

    static func read(_ nodes: inout ASN1NodeCollection.Iterator) throws -> ASN1ObjectIdentifier {
        guard let node = nodes.next() else { throw Missing() }
        return try read(node)
    }

    /// The signature algorithms swift-certificates verifies, by their OIDs.
    static let signatures: [ASN1ObjectIdentifier: Certificate.SignatureAlgorithm] = [
        [1, 2, 840, 113549, 1, 1, 5]: .sha1WithRSAEncryption, [1, 2, 840, 113549, 1, 1, 11]: .sha256WithRSAEncryption,
        [1, 2, 840, 113549, 1, 1, 12]: .sha384WithRSAEncryption,
        [1, 2, 840, 113549, 1, 1, 13]: .sha512WithRSAEncryption, [1, 2, 840, 10045, 4, 3, 2]: .ecdsaWithSHA256,
        [1, 2, 840, 10045, 4, 3, 3]: .ecdsaWithSHA384, [1, 2, 840, 10045, 4, 3, 4]: .ecdsaWithSHA512,
    ]
}

/// The digest algorithms of OCSP CertIDs, CMS signer infos and timestamp imprints, by their OIDs.
enum Digest {
    static let sha1: ASN1ObjectIdentifier = [1, 3, 14, 3, 2, 26]
    static let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
    static let sha384: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 2]
    static let sha512: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 3]

    /// What the SHA-2 digests are called in messages (SHA-1 is taken only where a standard
    /// still uses it: OCSP CertIDs and old CMS signer infos).
    static let names: [ASN1ObjectIdentifier: String] = [sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512"]

    /// The digest of `data` with the algorithm `oid` names, or nil for one Parity does not take.
    static func hash(_ oid: ASN1ObjectIdentifier, _ data: some DataProtocol) -> [UInt8]? {
        switch oid {
        case sha1: Array(Insecure.SHA1.hash(data: data))
        case sha256: Array(SHA256.hash(data: data))
        case sha384: Array(SHA384.hash(data: data))
        case sha512: Array(SHA512.hash(data: data))
        default: nil
        }
    }
}
