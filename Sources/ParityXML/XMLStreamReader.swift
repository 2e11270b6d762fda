import CLibXML2
import ParityCore

/// A thin, safe wrapper over libxml2's pull parser (`xmlTextReader`) reading one open file,
/// validating against the framework XSD as it streams. Element names are compared by their
/// interned pointer in the reader's dictionary, so the hot loop allocates no strings for them.
final class XMLStreamReader {
    enum Node {
        case start(FrameworkElement, isEmpty: Bool)
        case end(FrameworkElement)
        case text(String)
        /// A `<!DOCTYPE>`: refused (entity declarations are how XXE and billion laughs attack).
        case documentType
        case entityReference(String)
        case other
    }

    private let reader: OpaquePointer
    let sink: DiagnosticSink
    private var names = ElementTable()
    private let namespace: UnsafePointer<xmlChar>?

    init(fd: Int32, file: String, schema: FrameworkSchema?) throws(FrameworkFileError) {
        LibXML.initialize()
        sink = DiagnosticSink(file: file)
        guard let reader = xmlReaderForFd(fd, file, nil, LibXML.safeOptions) else {
            throw .unreadable(file: file, reason: "libxml2 could not start reading the file")
        }
        self.reader = reader
        sink.reader = reader
        // The handler before the schema: libxml2 2.9.14 crashes in its error relay on an entity
        // loop when the order is reversed. Parser errors that bypass the reader's relay once the
        // schema re-plugs SAX reach the thread-local handler set around the read loop.
        xmlTextReaderSetStructuredErrorHandler(reader, diagnosticCallback, sink.context)
        if let schema, xmlTextReaderSetSchema(reader, schema.pointer) != 0 {
            xmlFreeTextReader(reader)
            throw .unreadable(file: file, reason: "could not attach the framework schema \(schema.path) to the reader")
        }
        namespace = xmlTextReaderConstString(reader, FrameworkSchema.namespace)
        for element in FrameworkElement.allCases where element != .unknown {
            if let interned = xmlTextReaderConstString(reader, element.rawValue) { names.insert(interned, element) }
        }
    }

    deinit {
        xmlFreeTextReader(reader)
    }

    /// The next node, nil at the end of the document. A return of -1 from libxml2 (a fatal
    /// parse error, an entity loop) ends the read; its message is already in `sink`.
    func next() -> Node? {
        let status = xmlTextReaderRead(reader)
        if status != 1 {
            if status < 0 && sink.diagnostics.isEmpty { sink.add("the XML parser stopped: the document is not well-formed") }
            return nil
        }
        switch xmlTextReaderNodeType(reader) {
        case Int32(XML_READER_TYPE_ELEMENT.rawValue):
            return .start(element(), isEmpty: xmlTextReaderIsEmptyElement(reader) == 1)
        case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
            return .end(element())
        case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
            return .text(xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? "")
        case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
            return .documentType
        case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
            return .entityReference(xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? "")
        default:
            return .other
        }
    }

    private func element() -> FrameworkElement {
        guard let local = xmlTextReaderConstLocalName(reader) else { return .unknown }
        guard xmlTextReaderConstNamespaceUri(reader) == namespace else { return .unknown }
        return names.lookup(local)
    }

    /// The current element's attributes, in document order.
    func attributes() -> Attributes {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return Attributes() }
        var result = Attributes()
        var more = xmlTextReaderMoveToFirstAttribute(reader)
        while more == 1 {
            if let name = xmlTextReaderConstLocalName(reader), let value = xmlTextReaderConstValue(reader) {
                result.pairs.append((String(cString: name), String(cString: value)))
            }
            more = xmlTextReaderMoveToNextAttribute(reader)
        }
        xmlTextReaderMoveToElement(reader)
        return result
    }

    /// Where the current node starts. libxml2 keeps a line per node but no column, so the
    /// column is 1: the position names the line the element starts on.
    var location: SourcePosition {
        var line = 0
        if let node = xmlTextReaderCurrentNode(reader) { line = Int(xmlGetLineNo(node)) }
        if line <= 0 { line = Int(xmlTextReaderGetParserLineNumber(reader)) }
        return SourcePosition(file: sink.file, line: line, column: 1)
    }

    /// Whether XSD validation (if a schema is attached) found the document valid so far.
    var isValid: Bool { xmlTextReaderIsValid(reader) == 1 }
}

/// An element's attributes: a handful at most, so a linear scan beats hashing.
struct Attributes {
    var pairs: [(String, String)] = []
    subscript(name: String) -> String? {
        for (key, value) in pairs where key == name { return value }
        return nil
    }
}

/// Interned element names (pointers into the reader's dictionary) to elements: open addressing
/// on the pointer's bits, so the hot loop never runs a general-purpose hash.
struct ElementTable {
    private var keys = [UnsafePointer<xmlChar>?](repeating: nil, count: 128)
    private var values = [FrameworkElement](repeating: .unknown, count: 128)

    private static func slot(_ pointer: UnsafePointer<xmlChar>) -> Int {
        let bits = UInt(bitPattern: pointer)
        return Int(truncatingIfNeeded: (bits >> 3) ^ (bits >> 11)) & 127
    }

    mutating func insert(_ key: UnsafePointer<xmlChar>, _ value: FrameworkElement) {
        var i = Self.slot(key)
        while let existing = keys[i], existing != key { i = (i + 1) & 127 }
        keys[i] = key
        values[i] = value
    }

    func lookup(_ key: UnsafePointer<xmlChar>) -> FrameworkElement {
        var i = Self.slot(key)
        while let existing = keys[i] {
            if existing == key { return values[i] }
            i = (i + 1) & 127
        }
        return .unknown
    }
}
