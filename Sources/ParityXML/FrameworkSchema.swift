import CLibXML2
import ParityCore
import Synchronization

/// The compiled framework XSD (`Frameworks/schema/parity-framework-1.xsd`). Compiled once per
/// load run; libxml2 validates against it while the document streams, so no DOM is ever built.
public final class FrameworkSchema {
    public static let namespace = "urn:parity:framework:1"
    public static let fileName = "parity-framework-1.xsd"

    private let compiled: XMLSchema
    var pointer: OpaquePointer { compiled.pointer }
    public var path: String { compiled.path }

    /// Compiles the XSD at `path`, or throws with the XSD's own diagnostics.
    public init(path: String) throws(FrameworkFileError) {
        compiled = try XMLSchema(
            path: path, catalog: nil,
            unreadable: "the framework schema could not be read; expected the XSD shipped in Frameworks/schema/")
    }
}

/// An XSD compiled once, whose imports of remote schemas are resolved through an XML catalog
/// to local copies; libxml2 never fetches anything (its loader is the no-network one).
public final class XMLSchema: @unchecked Sendable {
    let pointer: OpaquePointer
    public let path: String

    /// `catalog`: an OASIS XML catalog mapping the schema's remote imports to files;
    /// `unreadable`: what to say when libxml2 reads nothing from `path` and says nothing why.
    public init(
        path: String, catalog: String?, unreadable: String = "the schema could not be read"
    ) throws(FrameworkFileError) {
        LibXML.initialize()
        LibXML.forbidNetwork()
        if let catalog { LibXML.loadCatalog(catalog) }
        let sink = DiagnosticSink(file: path)
        guard let parserContext = xmlSchemaNewParserCtxt(path) else {
            throw .unreadable(file: path, reason: "cannot create an XSD parser context")
        }
        defer { xmlSchemaFreeParserCtxt(parserContext) }
        let schema: OpaquePointer? = withExtendedLifetime(sink) {
            xmlSchemaSetParserStructuredErrors(parserContext, diagnosticCallback, sink.context)
            return xmlSchemaParse(parserContext)
        }
        guard let schema else {
            if sink.diagnostics.isEmpty { throw .unreadable(file: path, reason: unreadable) }
            throw .invalid(file: path, diagnostics: sink.diagnostics)
        }
        pointer = schema
        self.path = path
    }

    deinit { xmlSchemaFree(pointer) }
}

enum LibXML {
    /// Once per process, before any thread parses: libxml2 2.9 builds its table of XSD
    /// built-in types lazily at the first schema parse, and two first parses racing on other
    /// threads can see it half built ("'{http://www.w3.org/2001/XMLSchema}int' does not
    /// resolve to a simple type definition"); so it is built here, under Swift's once.
    private static let initialized: Bool = {
        xmlInitParser()
        xmlSchemaInitTypes()
        return true
    }()

    static func initialize() { _ = initialized }

    /// libxml2 may fetch a schema's imports over HTTP; from here on only catalogs and files.
    private static let noNetwork: Bool = {
        xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader)
        return true
    }()

    static func forbidNetwork() { _ = noNetwork }

    private static let catalogs = Mutex<Set<String>>([])

    /// Adds an XML catalog to libxml2's default one, once per file.
    static func loadCatalog(_ path: String) {
        catalogs.withLock { loaded in
            guard !loaded.contains(path) else { return }
            xmlInitializeCatalog()
            if xmlLoadCatalog(path) == 0 { loaded.insert(path) }
        }
    }

    /// No network, no entity substitution, no DTD loading or default attributes from a DTD,
    /// no huge-document override; big line numbers so errors past line 65535 are located.
    static let safeOptions: Int32 =
        Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_NOCDATA.rawValue) | Int32(XML_PARSE_BIG_LINES.rawValue)
}
