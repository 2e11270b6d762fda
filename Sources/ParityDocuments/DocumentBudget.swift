import Foundation
import ParityCore

/// What one exchange document may cost before it is parsed (issue 23): libxml2 builds a tree
/// of about 140 bytes per node, so 64 MiB of empty elements (what an 85 KB gzip inflates to)
/// would take 2.2 GB. Every element, comment and processing instruction starts with a `<`
/// (an element with an end tag, two), so counting them bounds the tree before libxml2 sees a
/// byte: at most `maximumTags` and `maximumBytes` of XML, about 70 MB of tree for the largest
/// document accepted. Real documents are far below: the largest exchange file in the tests
/// has a few thousand.
public enum DocumentBudget {
    /// Start, end and empty-element tags, comments and processing instructions together.
    public static let maximumTags = 500_000
    /// XML text, after any inflation (the inflate cap of `Gzip` is the same).
    public static let maximumBytes = 64 << 20

    /// Refuses, with the figure, a document over the budget.
    static func check(xml bytes: [UInt8], name: String) throws(DocumentError) {
        guard bytes.count <= maximumBytes else {
            throw DocumentError(
                .unreadable, at: name,
                "\(bytes.count) bytes of XML; expected at most \(maximumBytes) (the parse budget per document)")
        }
        var nodes = 0
        for byte in bytes where byte == UInt8(ascii: "<") { nodes += 1 }
        guard nodes <= maximumTags else {
            throw DocumentError(
                .unreadable, at: name,
                "\(nodes) tags (each element has one or two); expected at most \(maximumTags) per document (the parse budget that bounds its memory)"
            )
        }
    }

    /// A document in an encoding Parity does not read, named: UTF-16 or UTF-32 (by its byte
    /// order mark or its zero bytes), or gzip sent as it is rather than as base64.
    static func encodingProblem(_ bytes: [UInt8]) -> String? {
        let head = Array(bytes.prefix(4))
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
            || head.starts(with: [0x00, 0x3C]) || head.starts(with: [0x3C, 0x00])
        {
            return "a document in UTF-16 (or UTF-32); expected UTF-8: convert it (iconv -f UTF-16 -t UTF-8) and "
                + "change its encoding declaration"
        }
        if head.starts(with: [0x1F, 0x8B]) {
            return "gzip data as it is; expected EMREX's transport form, base64 of the gzip data, or the XML itself"
        }
        return nil
    }

    /// Why text that looked like base64 is not EMREX's form: what it decodes to.
    static func base64Detail(_ bytes: [UInt8]) -> String {
        guard
            let decoded = Data(
                base64Encoded: String(decoding: bytes, as: UTF8.self), options: .ignoreUnknownCharacters),
            let first = decoded.first
        else { return "" }
        if first == 0x78 {
            return " (this is base64 of zlib or raw deflate data without the gzip header; compress it with gzip)"
        }
        let shown = decoded.prefix(4).map { String(format: "%02x", $0) }.joined(separator: " ")
        return " (this is base64 of data beginning \(shown), not of gzip, which begins 1f 8b)"
    }
}
