import ParityXMLSecGlue

/// What libxmlsec1 concludes about an XML document's first `ds:Signature` (through
/// ParityXMLSecGlue, offline: no network, no external references, the transforms XML-DSig and
/// XAdES use): whether every reference digest and the signature value verify with the key of
/// the certificate in `KeyInfo`, which references there are, and that certificate.
struct XMLSignatureCheck: Sendable {
    enum Status: Sendable, Equatable {
        case intact
        case broken(String)
        case unsigned
        case unreadable(String)
    }

    struct Reference: Sendable {
        var uri: String
        var type: String
        var digestMatches: Bool
    }

    var status: Status
    var signatures: Int
    var references: [Reference]
    /// DER of the certificate whose key verified the signature.
    var signer: [UInt8]?
    /// `ds:SignatureValue` canonicalised, exclusive C14N then inclusive C14N 1.0.
    var signatureValue: (exclusive: [UInt8]?, inclusive: [UInt8]?)

    static let signedPropertiesType = "http://uri.etsi.org/01903#SignedProperties"

    static func verify(_ bytes: [UInt8]) -> XMLSignatureCheck {
        var result = parity_xmlsec_result()
        bytes.withUnsafeBufferPointer { parity_xmlsec_verify($0.baseAddress, $0.count, &result) }
        defer { parity_xmlsec_result_free(&result) }
        let error = text(&result.error)
        let status: Status =
            switch result.status {
            case Int32(PARITY_XMLSEC_INTACT.rawValue): .intact
            case Int32(PARITY_XMLSEC_BROKEN.rawValue): .broken(error)
            case Int32(PARITY_XMLSEC_UNSIGNED.rawValue): .unsigned
            default: .unreadable(error)
            }
        var references: [Reference] = []
        withUnsafeMutableBytes(of: &result.references) { raw in
            let items = raw.bindMemory(to: parity_xmlsec_reference.self)
            for i in 0..<Int(result.reference_count) {
                var item = items[i]
                references.append(
                    Reference(uri: text(&item.uri), type: text(&item.type), digestMatches: item.digest_ok == 1))
            }
        }
        func copied(_ pointer: UnsafeMutablePointer<UInt8>?, _ count: Int) -> [UInt8]? {
            pointer.map { Array(UnsafeBufferPointer(start: $0, count: count)) }
        }
        return XMLSignatureCheck(
            status: status, signatures: Int(result.signatures), references: references,
            signer: copied(result.signer, result.signer_length),
            signatureValue: (
                copied(result.signature_value_c14n.0, result.signature_value_c14n_length.0),
                copied(result.signature_value_c14n.1, result.signature_value_c14n_length.1)
            ))
    }

    /// A fixed-size C string field as a Swift string.
    private static func text<T>(_ field: inout T) -> String {
        withUnsafeBytes(of: &field) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
