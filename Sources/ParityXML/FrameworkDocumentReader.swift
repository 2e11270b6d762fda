import Dispatch
import CLibXML2
import Glibc
import ParityCore
import Synchronization

/// Reads one framework or taxonomy file: streams it through libxml2 with the safe options,
/// validates it against the XSD on the way, maps it to core types, and hashes its exact bytes.
/// A document with any problem yields every diagnostic found and no content.
public enum FrameworkDocumentReader {
    /// Files at least this large are hashed on a second core while they are parsed.
    static let parallelHashThreshold = 4 << 20

    public static func read(file: String, schema: FrameworkSchema) throws(FrameworkFileError) -> SourceDocument {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(file: file, reason: "cannot open: \(errnoDescription())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(file: file, reason: "cannot stat: \(errnoDescription())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadable(file: file, reason: "not a regular file; expected a framework XML file")
        }

        let hash: Result<String, FrameworkFileError>
        let content: Result<SourceDocument.Content, FrameworkFileError>
        if Int(info.st_size) >= parallelHashThreshold {
            let box = Mutex<Result<String, FrameworkFileError>?>(nil)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                let digest = hashContents(fd: fd, file: file)
                box.withLock { $0 = digest }
            }
            content = parse(fd: fd, file: file, schema: schema)
            group.wait()
            hash = box.withLock { $0 } ?? .failure(.unreadable(file: file, reason: "the content hash was not computed"))
        } else {
            hash = hashContents(fd: fd, file: file)
            content = parse(fd: fd, file: file, schema: schema)
        }
        return SourceDocument(file: file, contentHash: try hash.get(), content: try content.get())
    }

    /// SHA-256 of the file through `pread`, which leaves the descriptor's offset to the parser.
    private static func hashContents(fd: Int32, file: String) -> Result<String, FrameworkFileError> {
        var hasher = SHA256()
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        var offset: off_t = 0
        while true {
            let n = pread(fd, buffer.baseAddress, size, offset)
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(file: file, reason: "read failed: \(errnoDescription())"))
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            offset += off_t(n)
        }
        return .success(hasher.finalize().hexString)
    }

    private static func parse(fd: Int32, file: String, schema: FrameworkSchema) -> Result<SourceDocument.Content, FrameworkFileError> {
        do {
            let reader = try XMLStreamReader(fd: fd, file: file, schema: schema)
            return withExtendedLifetime(reader.sink) {
                // Catch-all for errors libxml2 raises outside the reader's own handler
                // (thread-local; this loop runs on this thread only).
                parity_xml_silence_generic_errors()
                xmlSetStructuredErrorFunc(reader.sink.context, diagnosticCallback)
                defer { xmlSetStructuredErrorFunc(nil, nil) }
                return run(reader)
            }
        } catch {
            return .failure(error)
        }
    }

    private static func run(_ reader: XMLStreamReader) -> Result<SourceDocument.Content, FrameworkFileError> {
        let sink = reader.sink
        var stack: [FrameworkElement] = []
        var text = ""
        var framework: FrameworkBuilder?
        var taxonomy: TaxonomyBuilder?

        func finish() {
            guard let element = stack.popLast() else { return }
            let value = normalised(text)
            text = ""
            framework?.end(element, parent: stack.last, text: value)
            taxonomy?.end(element, parent: stack.last, text: value)
        }

        reading: while let node = reader.next() {
            switch node {
            case .documentType:
                // libxml2 keeps no line for the DTD node: find it in the file's head.
                sink.add(
                    line: doctypeLine(file: sink.file) ?? reader.location.line, column: 1,
                    message: "a <!DOCTYPE> is not allowed in framework documents: DTDs can declare external or recursive entities (XXE, billion laughs); remove it")
                break reading
            case .entityReference(let name):
                sink.add("entity reference '&\(name);' is not allowed in framework documents; write the text itself")
                break reading
            case .start(let element, let isEmpty):
                let attributes = reader.attributes()
                if stack.isEmpty {
                    switch element {
                    case .framework: framework = FrameworkBuilder(attributes: attributes, location: reader.location)
                    case .taxonomy: taxonomy = TaxonomyBuilder(attributes: attributes, location: reader.location)
                    default: break  // the XSD reports a wrong root element
                    }
                }
                framework?.start(element, attributes, at: FrameworkBuilder.recordsPosition(element) ? reader.location : .unknown)
                taxonomy?.start(element, attributes)
                stack.append(element)
                text = ""
                if isEmpty { finish() }
            case .end:
                finish()
            case .text(let value):
                if text.isEmpty { text = value } else { text += value }
            case .other:
                continue
            }
        }
        var diagnostics = sink.diagnostics + (framework?.problems ?? [])
        if diagnostics.isEmpty && !reader.isValid {
            diagnostics.append(XMLDiagnostic(location: reader.location, message: "the document is not valid against \(FrameworkSchema.fileName)"))
        }
        if diagnostics.isEmpty && framework == nil && taxonomy == nil {
            diagnostics.append(XMLDiagnostic(
                location: SourcePosition(file: sink.file, line: 1, column: 1),
                message: "expected a <framework> or <taxonomy> root element in namespace \(FrameworkSchema.namespace)"))
        }
        guard diagnostics.isEmpty else { return .failure(.invalid(file: sink.file, diagnostics: diagnostics)) }
        if let framework { return .success(.framework(framework.result())) }
        if let taxonomy { return .success(.taxonomy(taxonomy.result())) }
        return .failure(.invalid(file: sink.file, diagnostics: diagnostics))
    }

    /// The line of the first `<!DOCTYPE` within the file's first MiB, if any.
    static func doctypeLine(file: String) -> Int? {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let needle = Array("<!DOCTYPE".utf8)
        var line = 1
        var i = 0
        while i + needle.count <= n {
            if buffer[i] == 0x0A { line += 1 } else if buffer[i] == needle[0], Array(buffer[i..<i + needle.count]) == needle { return line }
            i += 1
        }
        return nil
    }

    /// Runs of white space become one space; leading and trailing space goes.
    static func normalised(_ text: String) -> String {
        let clean = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let first = bytes.first, let last = bytes.last, !isSpace(first), !isSpace(last) else { return bytes.isEmpty }
            var previousSpace = false
            for byte in bytes {
                let space = isSpace(byte)
                if space && (previousSpace || byte != 0x20) { return false }
                previousSpace = space
            }
            return true
        }
        if clean == true { return text }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }
}

func errnoDescription() -> String { String(cString: strerror(errno)) }
