/// The exchange formats Parity reads besides its own: credentials as EMREX ELMO transcripts or
/// European Digital Credentials (ELM), vacancies as HR-XML 3.2 `PositionOpening`.
public enum DocumentFormat: String, Sendable, CaseIterable {
    case elmo, elm
    case hrxml = "hr-xml"

    /// The first byte that is not a byte order mark or white space: `<` for XML, `{` for JSON.
    public static func firstSignificantByte(_ bytes: [UInt8]) -> UInt8? {
        bytes.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
    }
}

/// Why a document was not read at all, with what kind of problem it is and where.
public struct DocumentError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Not well-formed XML or JSON.
        case malformed
        /// Well-formed, but not a format Parity reads (or not the one expected).
        case unrecognised
        /// A format Parity reads, with something missing or wrong for mapping it.
        case unmappable
        /// The transport around it (base64, gzip) could not be undone, or no reader was given.
        case unreadable
    }

    public var kind: Kind
    /// The document's name, and inside it `line:column` or the element, when known.
    public var location: String
    public var message: String

    public init(_ kind: Kind, at location: String, _ message: String) {
        self.kind = kind; self.location = location; self.message = message
    }

    public var description: String { location.isEmpty ? message : "\(location): \(message)" }
}

/// What was read from one document: the credentials (each with `source`) or the job opening,
/// where each field came from, the holder's name (only ever compared with the message's
/// person, never scored), and every warning the document deserves.
public struct DocumentReading: Sendable {
    public var format: DocumentFormat
    /// The format's variant as told by its namespace and content ("ELMO, namespace purl.org/net/elmo").
    public var dialect: String
    public var credentials: [Credential] = []
    /// Per credential, each Parity field and the element or property it came from.
    public var fields: [[String: String]] = []
    public var job: JobOpening?
    public var jobFields: [String: String] = [:]
    /// The vacancy's ESCO occupation URIs, to be mapped to ISCO-08 through the taxonomy.
    public var occupationURIs: [String] = []
    /// Requirements shown to the employer and never scored (languages with their CEFR level).
    public var jobRequirements: [String] = []
    public var holder: String?
    public var warnings: [String] = []
    /// What the document's signature establishes (`unsigned` when it carries none).
    public var authenticity: Authenticity = .unsigned

    public init(format: DocumentFormat, dialect: String) { self.format = format; self.dialect = dialect }
}

/// Reads exchange documents into core types. ParityDocuments implements it; message decoders
/// are handed one, so that reading a message needs no XML library.
public protocol ExchangeDocumentReader: Sendable {
    /// Reads `bytes` (named `name` in errors); `expected`, when given, is the only format accepted.
    func read(_ bytes: [UInt8], name: String, expected: DocumentFormat?) throws(DocumentError) -> DocumentReading
}
