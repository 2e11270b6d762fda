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
        let requirements = events.pointee.requirements
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
        if diagnostics.isEmpty && framework == nil && taxonomy == nil && requirements == nil {
            diagnostics.append(
                XMLDiagnostic(
                    location: SourcePosition(file: sink.file, line: 1, column: 1),
                    message:
                        "expected a <framework>, <taxonomy> or <requirements> root element in namespace \(FrameworkSchema.namespace)"
                ))
        }
        guard diagnostics.isEmpty else { return .failure(.invalid(file: sink.file, diagnostics: diagnostics)) }
        if let framework { return .success(.framework(framework.result())) }
        if let taxonomy { return .success(.taxonomy(taxonomy.result())) }
        if let requirements { return .success(.requirements(requirements.result())) }
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
