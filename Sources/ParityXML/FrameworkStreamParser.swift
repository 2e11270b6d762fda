import CLibXML2
import Glibc
import ParityCore

/// Streams one open framework or taxonomy file through libxml2's SAX2 push parser, with the
/// framework XSD plugged into the same event flow (`xmlSchemaSAXPlug`, as xmllint's `--sax
/// --schema`), and hands each element to the builders as it ends. No tree is ever built: the
/// pull reader (`xmlTextReader`) allocates and frees a node per element, which cost more than
/// the whole of Parity's own mapping on a 100 MB file.
///
/// Element names are compared by their interned pointer in the parser's dictionary, attribute
/// values become strings only when a builder asks for them, and text stays bytes until an
/// element whose text is kept ends.
///
/// The per-event state lives in a struct behind a pointer (`Events`), not in class properties:
/// Swift checks exclusive access to a class's stored properties at run time on every access,
/// which cost a fifth of the import's time on the benchmark file.
final class FrameworkStreamParser {
    let sink: DiagnosticSink
    private var parser: xmlParserCtxtPtr?
    private var validation: OpaquePointer?
    private var plug: OpaquePointer?
    /// The handler table handed to libxml2 (it must outlive the parser).
    private let handler: UnsafeMutablePointer<xmlSAXHandler>
    /// The callbacks' user data.
    private let events: UnsafeMutablePointer<Events>

    private init(file: String) {
        sink = DiagnosticSink(file: file)
        handler = .allocate(capacity: 1)
        handler.initialize(to: xmlSAXHandler())
        handler.pointee.initialized = XML_SAX2_MAGIC
        handler.pointee.startElementNs = startElementCallback
        handler.pointee.endElementNs = endElementCallback
        handler.pointee.characters = charactersCallback
        handler.pointee.cdataBlock = charactersCallback
        handler.pointee.internalSubset = doctypeCallback
        handler.pointee.reference = referenceCallback
        events = .allocate(capacity: 1)
        events.initialize(to: Events(sink: sink))
    }

    /// Plugs the validator into the handler table and creates the push parser over both.
    private func open(schema: FrameworkSchema) throws(FrameworkFileError) {
        LibXML.initialize()
        LibXML.forbidNetwork()
        let file = sink.file
        guard let validation = xmlSchemaNewValidCtxt(schema.pointer) else {
            throw .unreadable(
                file: file, reason: "could not start validating against the framework schema \(schema.path)")
        }
        self.validation = validation
        xmlSchemaSetValidStructuredErrors(validation, diagnosticCallback, sink.context)
        guard let parser = xmlCreatePushParserCtxt(handler, UnsafeMutableRawPointer(events), nil, 0, file) else {
            throw .unreadable(file: file, reason: "libxml2 could not start reading the file")
        }
        self.parser = parser
        // Options first: they edit the parser's own copy of our table, which the plug keeps.
        xmlCtxtUseOptions(parser, LibXML.safeOptions)
        // The plug swaps the parser's table and user data for its own pair, which validates each
        // event and forwards it to ours. It keeps the addresses it was given and writes the
        // originals back through them when unplugged, so they must be the parser's own fields
        // (as xmlTextReader and xmlSchemaValidateStream do), never locals of this function.
        let base = UnsafeMutableRawPointer(parser)
        guard let saxOffset = MemoryLayout<xmlParserCtxt>.offset(of: \.sax),
            let dataOffset = MemoryLayout<xmlParserCtxt>.offset(of: \.userData),
            let plug = xmlSchemaSAXPlug(
                validation,
                (base + saxOffset).assumingMemoryBound(to: UnsafeMutablePointer<xmlSAXHandler>?.self),
                (base + dataOffset).assumingMemoryBound(to: UnsafeMutableRawPointer?.self))
        else {
            throw .unreadable(file: file, reason: "could not attach the framework schema \(schema.path) to the parser")
        }
        self.plug = plug
        events.pointee.attach(parser)
        sink.parser = parser
        xmlSchemaValidateSetLocator(validation, locatorCallback, UnsafeMutableRawPointer(parser))
    }

    deinit {
        if let plug { xmlSchemaSAXUnplug(plug) }
        if let validation { xmlSchemaFreeValidCtxt(validation) }
        if let parser { xmlFreeParserCtxt(parser) }
        handler.deallocate()
        events.pointee.release()
        events.deinitialize(count: 1)
        events.deallocate()
    }

    /// Parses the file open on `fd` to its end (or its first fatal error) and maps it.
    static func parse(
        fd: Int32, file: String, schema: FrameworkSchema
    ) -> Result<SourceDocument.Content, FrameworkFileError> {
        let stream = FrameworkStreamParser(file: file)
        return withExtendedLifetime(stream) { () -> Result<SourceDocument.Content, FrameworkFileError> in
            do throws(FrameworkFileError) { try stream.open(schema: schema) } catch { return .failure(error) }
            // Parser errors reach libxml2's thread-local structured handler (this loop runs on
            // this thread only); the generic channel is silenced.
            parity_xml_silence_generic_errors()
            xmlSetStructuredErrorFunc(stream.sink.context, diagnosticCallback)
            defer { xmlSetStructuredErrorFunc(nil, nil) }
            if let failure = stream.feed(fd: fd) { return .failure(failure) }
            return stream.finish()
        }
    }

    private func feed(fd: Int32) -> FrameworkFileError? {
        guard let parser else { return .unreadable(file: sink.file, reason: "the parser was not started") }
        let size = 1 << 18
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, size)
            if n < 0 {
                if errno == EINTR { continue }
                return .unreadable(file: sink.file, reason: "read failed: \(errnoDescription())")
            }
            _ = xmlParseChunk(parser, buffer, Int32(n), n == 0 ? 1 : 0)
            if n == 0 || parser.pointee.disableSAX != 0 || parser.pointee.instate == XML_PARSER_EOF { return nil }
        }
    }

    private func finish() -> Result<SourceDocument.Content, FrameworkFileError> {
        let framework = events.pointee.framework, taxonomy = events.pointee.taxonomy
        var diagnostics = sink.diagnostics + (framework?.problems ?? [])
        if diagnostics.isEmpty, let parser, parser.pointee.wellFormed == 0 {
            diagnostics.append(
                XMLDiagnostic(
                    location: SourcePosition(file: sink.file, line: sink.currentLine, column: 1),
                    message: "the XML parser stopped: the document is not well-formed"))
        }
        if diagnostics.isEmpty, let validation, xmlSchemaIsValid(validation) != 1 {
            diagnostics.append(
                XMLDiagnostic(
                    location: SourcePosition(file: sink.file, line: sink.currentLine, column: 1),
                    message: "the document is not valid against \(FrameworkSchema.fileName)"))
        }
        if diagnostics.isEmpty && framework == nil && taxonomy == nil {
            diagnostics.append(
                XMLDiagnostic(
                    location: SourcePosition(file: sink.file, line: 1, column: 1),
                    message:
                        "expected a <framework> or <taxonomy> root element in namespace \(FrameworkSchema.namespace)"))
        }
        guard diagnostics.isEmpty else { return .failure(.invalid(file: sink.file, diagnostics: diagnostics)) }
        if let framework { return .success(.framework(framework.result())) }
        if let taxonomy { return .success(.taxonomy(taxonomy.result())) }
        return .failure(.invalid(file: sink.file, diagnostics: diagnostics))
    }

    /// Runs of white space become one space; leading and trailing space goes.
    static func normalised(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var clean = true
        if let first = bytes.first, let last = bytes.last {
            if isSpace(first) || isSpace(last) { clean = false }
            var previousSpace = false
            if clean {
                for byte in bytes {
                    let space = isSpace(byte)
                    if space && (previousSpace || byte != 0x20) { clean = false; break }
                    previousSpace = space
                }
            }
        }
        if clean { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if isSpace(byte) { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }
}

/// What the callbacks change as the document streams: the open elements, the current text,
/// and the builders.
struct Events {
    let sink: DiagnosticSink
    private var parser: xmlParserCtxtPtr?
    private var names = ElementTable()
    private var namespace: UnsafePointer<xmlChar>?
    private var stack: [FrameworkElement] = []
    /// The current element's text so far: bytes, grown by doubling, freed by `release()`.
    private var text = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 4096)
    private var textCount = 0
    private(set) var framework: FrameworkBuilder?
    private(set) var taxonomy: TaxonomyBuilder?

    init(sink: DiagnosticSink) {
        self.sink = sink
    }

    func release() { text.deallocate() }

    /// Interns the schema's names in the parser's dictionary, where libxml2 interns every name it reads.
    mutating func attach(_ parser: xmlParserCtxtPtr) {
        self.parser = parser
        namespace = xmlDictLookup(parser.pointee.dict, FrameworkSchema.namespace, -1)
        for element in FrameworkElement.allCases where element != .unknown {
            if let interned = xmlDictLookup(parser.pointee.dict, element.rawValue, -1) {
                names.insert(interned, element)
            }
        }
    }

    private var location: SourcePosition {
        var line = 0
        if let input = parser?.pointee.input { line = Int(input.pointee.line) }
        return SourcePosition(file: sink.file, line: line, column: 1)
    }

    mutating func start(local: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?, attributes: AttributeView) {
        var element = FrameworkElement.unknown
        if let local, uri == namespace { element = names.lookup(local) }
        if stack.isEmpty {
            switch element {
            case .framework: framework = FrameworkBuilder(attributes: attributes, location: location)
            case .taxonomy: taxonomy = TaxonomyBuilder(attributes: attributes, location: location)
            default: break  // the XSD reports a wrong root element
            }
        }
        let position = FrameworkBuilder.recordsPosition(element) ? location : .unknown
        framework?.start(element, attributes, at: position)
        taxonomy?.start(element, attributes)
        stack.append(element)
        textCount = 0
    }

    mutating func end() {
        guard let element = stack.popLast() else { return }
        let value =
            element.keepsText
            ? FrameworkStreamParser.normalised(UnsafeBufferPointer(rebasing: text[0..<textCount])) : ""
        textCount = 0
        framework?.end(element, parent: stack.last, text: value)
        taxonomy?.end(element, parent: stack.last, text: value)
    }

    mutating func characters(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
        if textCount + count > text.count {
            let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(text.count * 2, textCount + count))
            _ = grown.initialize(fromContentsOf: text[0..<textCount])
            text.deallocate()
            text = grown
        }
        guard let base = text.baseAddress else { return }
        UnsafeMutableRawPointer(base + textCount).copyMemory(from: bytes, byteCount: count)
        textCount += count
    }

    func refuse(_ message: String) {
        sink.add(message)
        if let parser { xmlStopParser(parser) }
    }
}

@inline(__always)
private func events(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<Events>? {
    context?.assumingMemoryBound(to: Events.self)
}

private let startElementCallback: startElementNsSAX2Func = { context, local, _, uri, _, _, count, _, attributes in
    events(context)?.pointee.start(
        local: local, uri: uri, attributes: AttributeView(base: attributes, count: Int(count)))
}

private let endElementCallback: endElementNsSAX2Func = { context, _, _, _ in
    events(context)?.pointee.end()
}

private let charactersCallback: charactersSAXFunc = { context, bytes, count in
    guard let bytes, count > 0 else { return }
    events(context)?.pointee.characters(bytes, Int(count))
}

private let doctypeCallback: internalSubsetSAXFunc = { context, _, _, _ in
    // Called as the DOCTYPE opens, before any declaration in it is read.
    events(context)?.pointee.refuse(
        "a <!DOCTYPE> is not allowed in framework documents: DTDs can declare external or recursive entities (XXE, billion laughs); remove it"
    )
}

private let referenceCallback: referenceSAXFunc = { context, name in
    let text = name.map { String(cString: $0) } ?? ""
    events(context)?.pointee.refuse(
        "entity reference '&\(text);' is not allowed in framework documents; write the text itself")
}

/// Where the schema validator is, for its error messages: the parser's current line.
private let locatorCallback: xmlSchemaValidityLocatorFunc = { context, file, line in
    guard let context else { return -1 }
    let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let input = parser.pointee.input else { return -1 }
    file?.pointee = input.pointee.filename
    line?.pointee = UInt(max(0, input.pointee.line))
    return 0
}

/// An element's attributes as libxml2's SAX2 hands them over: five pointers each (local name,
/// prefix, namespace, value start, value end). A value becomes a string only when asked for.
struct AttributeView {
    let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    subscript(name: StaticString) -> String? {
        guard let base else { return nil }
        for i in 0..<count {
            guard let local = base[i * 5], let start = base[i * 5 + 3], let end = base[i * 5 + 4] else { continue }
            if strcmp(
                UnsafeRawPointer(local).assumingMemoryBound(to: CChar.self),
                UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
            {
                return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
            }
        }
        return nil
    }
}

/// Interned element names (pointers into the parser's dictionary) to elements: open addressing
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
