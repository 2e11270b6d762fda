import Foundation
public import ParityCore
import ParityJSON
public import ParitySignatures
import ParityXML

/// Tells a document's format by its content and reads it: the `ExchangeDocumentReader` that
/// message decoders, `parity read` and `parity match` are given.
public struct DocumentReader: ExchangeDocumentReader {
    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    public func read(_ bytes: [UInt8], name: String, expected: DocumentFormat?) throws(DocumentError) -> DocumentReading
    {
        try Self.read(bytes, name: name, expected: expected, options: options)
    }

    public struct Options: Sendable {
        /// The ELMO schema (its XML catalog beside it), `DocumentSchemas.elmo`; nil: transcripts
        /// are not validated.
        public var elmoSchema: String?
        /// A QDR NQF level URI to the installed framework level that carries it
        /// (`FrameworkSet.level(qdr:)`), for credentials that name their NQF level.
        public var qdr: @Sendable (String) -> LevelReference?
        /// The imported trusted lists a seal's chain is checked against (nil: none imported).
        public var trust: TrustStore?
        public init(
            elmoSchema: String? = nil, qdr: @escaping @Sendable (String) -> LevelReference? = { _ in nil },
            trust: TrustStore? = nil
        ) {
            self.elmoSchema = elmoSchema; self.qdr = qdr; self.trust = trust
        }

        /// The installed framework set's QDR levels, the ELMO schema and the trusted lists.
        public static func installed(_ set: FrameworkSet, elmoSchema: String?, trust: TrustStore? = nil) -> Options {
            Options(elmoSchema: elmoSchema, qdr: { set.level(qdr: $0) }, trust: trust)
        }
    }

    /// Whether `bytes` are a document `read` takes rather than Parity's own credential JSON: XML,
    /// EMREX's base64 of gzip, or JSON-LD with a credential subject or a JAdES payload.
    public static func isExchangeDocument(_ bytes: [UInt8]) -> Bool {
        switch DocumentFormat.firstSignificantByte(bytes) {
        case nil: return false
        case UInt8(ascii: "<"): return true
        case UInt8(ascii: "{"):
            guard let root = try? JSONValue.parse(bytes) else { return false }
            return root["credentialSubject"] != nil
                || (root["payload"] != nil && (root["signatures"] != nil || root["signature"] != nil))
        default: return gzipOfBase64(bytes) != nil
        }
    }

    /// EMREX's transport form decoded: the gzip data, if that is what `bytes` are base64 of.
    private static func gzipOfBase64(_ bytes: [UInt8]) -> Data? {
        guard
            let decoded = Data(
                base64Encoded: String(decoding: bytes, as: UTF8.self), options: .ignoreUnknownCharacters),
            decoded.starts(with: [0x1F, 0x8B])
        else { return nil }
        return decoded
    }

    public static func read(
        _ bytes: [UInt8], name: String, expected: DocumentFormat? = nil, options: Options = Options()
    ) throws(DocumentError) -> DocumentReading {
        var content = bytes
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content.removeFirst(3) }
        var reading: DocumentReading
        switch DocumentFormat.firstSignificantByte(content) {
        case UInt8(ascii: "{"):
            reading = try ElmJSONReader.read(content, name: name, qdr: options.qdr, trust: options.trust)
        case UInt8(ascii: "<"):
            reading = try readXML(content, name: name, options: options)
        case .some:
            if let problem = DocumentBudget.encodingProblem(content) {
                throw DocumentError(.unrecognised, at: name, problem)
            }
            // The EMREX transport form: base64 of gzip.
            guard let decoded = gzipOfBase64(content) else {
                throw DocumentError(
                    .unrecognised, at: name,
                    "not a document Parity reads: expected XML (ELMO, ELM v2, HR-XML), JSON-LD (ELM v3) or EMREX's base64 of gzip"
                        + DocumentBudget.base64Detail(content))
            }
            let inflated: [UInt8]
            switch Gzip.inflate(Array(decoded)) {
            case .success(let bytes): inflated = bytes
            case .failure(let error): throw DocumentError(.unreadable, at: name, error.description)
            }
            reading = try readXML(inflated, name: name, options: options)
            reading.dialect += ", EMREX transport (base64 of gzip)"
        case nil:
            throw DocumentError(.unrecognised, at: name, "empty")
        }
        if let expected, reading.format != expected {
            throw DocumentError(
                .unrecognised, at: name,
                "expected a document of format '\(expected.rawValue)', found \(reading.dialect)")
        }
        return reading
    }

    static func readXML(_ bytes: [UInt8], name: String, options: Options) throws(DocumentError) -> DocumentReading {
        try DocumentBudget.check(xml: bytes, name: name)
        let tree: XMLTree
        do { tree = try XMLTree(bytes: bytes, file: name) } catch {
            let shown = error.diagnostics.prefix(5)
            let message = ([shown.first?.message ?? "not well-formed"] + shown.dropFirst().map(\.description)).joined(
                separator: "\n")
            throw DocumentError(.malformed, at: shown.first.map { "\($0.location)" } ?? name, message)
        }
        var reading = try readXML(tree, name: name, options: options)
        if tree.root.first("Signature") != nil,
            let sealed = XMLSealVerifier.verify(bytes, tree: tree, trust: options.trust)
        {
            reading.authenticity = sealed
        }
        return reading
    }

    private static func readXML(
        _ tree: XMLTree, name: String, options: Options
    ) throws(DocumentError) -> DocumentReading {
        let root = tree.root
        if root.name == "PositionOpening" { return try HRXMLReader.read(tree) }
        if root.name == "elmo" || root.first("elmo") != nil { return try ElmoReader.read(tree, options: options) }
        if root.name == "Candidate", root.namespace == HRXMLReader.namespace {
            throw DocumentError(
                .unrecognised, at: "\(name):\(root.line):1",
                "an HR-XML Candidate (a CV): Parity reads vacancies (PositionOpening) in HR-XML; send the person's credentials as ELM, ELMO or a credential-batch"
            )
        }
        if root.namespace?.hasPrefix("http://data.europa.eu/snb") == true
            || root.namespace?.contains("europass") == true
        {
            return try ElmXMLReader.read(tree, qdr: options.qdr)
        }
        throw DocumentError(
            .unrecognised, at: "\(name):\(root.line):1",
            "not a document Parity reads: root element <\(root.name)>\(root.namespace.map { " in \($0)" } ?? ""); expected <elmo> (EMREX ELMO), an ELM v2 credential or an HR-XML 3.2 <PositionOpening>"
        )
    }
}

extension XMLNode {
    /// The text of the child elements `name` in the preferred language: English, then the
    /// first that has text.
    func preferred(_ name: String) -> String? {
        let all = children(name)
        return all.first { ($0.attribute("lang") ?? "").lowercased().hasPrefix("en") && $0.text != nil }?.text
            ?? all.lazy.compactMap(\.text).first
    }
}

enum DocumentText {
    /// A date or date-time ("2014-11-28+02:00", "2018-09-07T00:00:00Z") to its ISO date.
    static func date(_ text: String?) -> String? {
        guard let text, text.count >= 10 else { return nil }
        // dd.MM.yyyy, as Nordic and German exports write it: unambiguous with its dots.
        let parts = text.prefix(10).split(separator: ".")
        if parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4 {
            let day = "\(parts[2])-\(parts[1])-\(parts[0])"
            return ISODate.day(day) != nil ? day : nil
        }
        let day = String(text.prefix(10))
        return ISODate.day(day) != nil ? day : nil
    }

    /// "6", "6.0", "http://data.europa.eu/snb/eqf/6" to "6" (1 to 8).
    static func eqfLevel(_ text: String) -> String? {
        var value = text.trimmingCharacters(in: .whitespaces)
        if let slash = value.lastIndex(of: "/") { value = String(value[value.index(after: slash)...]) }
        if value.hasSuffix(".0") { value.removeLast(2) }
        guard let n = Int(value), (1...8).contains(n) else { return nil }
        return String(n)
    }

}
