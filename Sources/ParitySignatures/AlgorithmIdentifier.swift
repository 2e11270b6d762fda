import SwiftASN1

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
}
