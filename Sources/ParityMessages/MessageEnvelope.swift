public import ParityCore
import ParityJSON

/// What every message carries (DESIGN.md §7): its `kind` and `id`, read once from the parsed
/// document, which the kind's decoder then reads further. A bare schema.org `JobPosting` is a
/// `job-opening` whose id is its `identifier` (or, without one, `jobposting-` and the first 16
/// hex digits of the document's SHA-256).
public struct MessageEnvelope: Sendable {
    public static let kinds = MessageKind.names

    /// The `kind` as written; `messageKind` once it is known to be one parityd processes.
    public var kind: String
    public var messageKind: MessageKind? { MessageKind(rawValue: kind) }
    public var id: String
    /// The employment service the producer delivers for, when the message names one: the
    /// scope of its person ids (DESIGN.md §8b), allowed per producer group by the configuration.
    public var service: String?
    let fields: MessageFields
    /// A message delivered as an HR-XML `PositionOpening` rather than JSON: the job read from it.
    let positionOpening: DocumentReading?
    /// How the exchange documents it carries are read, unless a decoder is given another reader.
    let documents: any ExchangeDocumentReader

    /// Why a document is not a message: not JSON, nested too deeply, or no valid kind or id.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public enum Reason: Sendable { case notJSON, tooDeep, envelope, document }
        public var reason: Reason
        /// `line L, column C` or the field name.
        public var location: String
        public var found: String
        public var expected: String
        public var description: String { "\(location): \(found); expected \(expected)" }
    }

    /// Ids name result files, so they are restricted to a safe alphabet.
    public static let idRule = "1 to 128 characters of A-Z a-z 0-9 . _ - : @ +, starting with a letter or digit"

    /// `documents` reads a bare HR-XML `PositionOpening` (a message that is XML).
    public static func read(
        _ bytes: [UInt8], source: String, maximumDepth: Int, documents: any ExchangeDocumentReader
    ) throws(Failure) -> MessageEnvelope {
        if DocumentFormat.firstSignificantByte(bytes) == UInt8(ascii: "<") {
            return try xml(bytes, source: source, documents: documents)
        }
        let document: JSONDocument
        do {
            document = try JSONParser.parse(bytes, maximumDepth: maximumDepth)
        } catch {
            throw Failure(
                reason: error.tooDeep ? .tooDeep : .notJSON, location: "line \(error.line), column \(error.column)",
                found: error.message,
                expected: error.tooDeep
                    ? "at most \(maximumDepth) levels of nesting (spool.max_json_depth)"
                    : "a JSON object (RFC 8259, UTF-8)")
        }
        let root = MessageFields(document: document, path: "", source: source)
        guard document.nodes[0].kind == .object else {
            throw Failure(
                reason: .envelope, location: "the document", found: document.typeName(0),
                expected: "a JSON object with 'kind' and 'id'")
        }
        let found: (kind: String, id: String, field: String)?
        do throws(MessageError) {
            found = try envelopeFields(root)
        } catch {
            throw Failure(
                reason: .envelope, location: error.field, found: error.message,
                expected: "the message envelope: 'kind' and 'id' as text")
        }
        guard let found else {
            throw Failure(
                reason: .envelope, location: "kind", found: "no 'kind' field",
                expected: "one of \(kinds.joined(separator: ", ")) (or a bare schema.org JobPosting)")
        }
        try check(id: found.id, field: found.field)
        var service: String?
        do throws(MessageError) {
            service = try root.optional("service")?.string()
        } catch {
            throw Failure(
                reason: .envelope, location: error.field, found: error.message,
                expected: "'service' as text: the name of the employment service")
        }
        if let service { try check(id: service, field: "service") }
        return MessageEnvelope(
            kind: found.kind, id: found.id, service: service, fields: root, positionOpening: nil, documents: documents)
    }

    /// A bare HR-XML 3.2 `PositionOpening` is a job opening whose id is its `DocumentID`.
    private static func xml(
        _ bytes: [UInt8], source: String, documents: any ExchangeDocumentReader
    ) throws(Failure) -> MessageEnvelope {
        let reading: DocumentReading
        do { reading = try documents.read(bytes, name: source, expected: .hrxml) } catch {
            throw Failure(
                reason: .document, location: "the document", found: error.description,
                expected: "a JSON message, or an HR-XML 3.2 PositionOpening (a job opening)")
        }
        guard let job = reading.job else {
            throw Failure(
                reason: .document, location: "the document", found: "no job opening in it",
                expected: "an HR-XML 3.2 PositionOpening")
        }
        try check(id: job.id, field: "DocumentID")
        guard let empty = try? JSONParser.parse(Array("{}".utf8)) else {
            throw Failure(reason: .document, location: "the document", found: "internal error", expected: "a message")
        }
        return MessageEnvelope(
            kind: MessageKind.jobOpening.rawValue, id: job.id, service: nil,
            fields: MessageFields(document: empty, path: "", source: source),
            positionOpening: reading, documents: documents)
    }

    /// The kind, the id and the field the id came from; nil when the document has no kind.
    private static func envelopeFields(
        _ root: MessageFields
    ) throws(MessageError) -> (kind: String, id: String, field: String)? {
        if let kind = try root.optional("kind") {
            return (try kind.string(), try root.required("id").identifier(), "id")
        }
        guard let type = try root.optional("@type"), try type.string() == "JobPosting" else { return nil }
        // Without an identifier (schema.org's own examples have none), the id is derived from
        // the content: the same posting delivered twice is then a duplicate, as it should be.
        guard let identifier = try root.optional("identifier") else {
            return (
                MessageKind.jobOpening.rawValue, "jobposting-" + SHA256.hex(of: root.document.bytes).prefix(16),
                "identifier"
            )
        }
        if identifier.isObject {
            return (MessageKind.jobOpening.rawValue, try identifier.required("value").identifier(), "identifier.value")
        }
        return (MessageKind.jobOpening.rawValue, try identifier.identifier(), "identifier")
    }

    public static func check(id: String, field: String) throws(Failure) {
        let bytes = Array(id.utf8)
        func allowed(_ b: UInt8) -> Bool {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "@"),
                UInt8(ascii: "+"):
                true
            default: false
            }
        }
        guard let first = bytes.first, bytes.count <= 128, bytes.allSatisfy(allowed), first != UInt8(ascii: "."),
            first != UInt8(ascii: "-"), first != UInt8(ascii: "_"), first != UInt8(ascii: ":"),
            first != UInt8(ascii: "@"), first != UInt8(ascii: "+")
        else {
            throw Failure(reason: .envelope, location: field, found: "'\(id.prefix(140))'", expected: idRule)
        }
    }
}
