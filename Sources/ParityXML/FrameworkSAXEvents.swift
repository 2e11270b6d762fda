import CLibXML2
import Glibc
import ParityCore

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
    private(set) var requirements: RequirementsBuilder?

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
            case .requirements: requirements = RequirementsBuilder(attributes: attributes, location: location)
            default: break  // the XSD reports a wrong root element
            }
        }
        let position = FrameworkBuilder.recordsPosition(element) ? location : .unknown
        framework?.start(element, attributes, at: position)
        taxonomy?.start(element, attributes)
        requirements?.start(element, attributes, at: position)
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
        requirements?.end(element, parent: stack.last, text: value)
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

let startElementCallback: startElementNsSAX2Func = { context, local, _, uri, _, _, count, _, attributes in
    events(context)?.pointee.start(
        local: local, uri: uri, attributes: AttributeView(base: attributes, count: Int(count)))
}

let endElementCallback: endElementNsSAX2Func = { context, _, _, _ in
    events(context)?.pointee.end()
}

let charactersCallback: charactersSAXFunc = { context, bytes, count in
    guard let bytes, count > 0 else { return }
    events(context)?.pointee.characters(bytes, Int(count))
}

let doctypeCallback: internalSubsetSAXFunc = { context, _, _, _ in
    // Called as the DOCTYPE opens, before any declaration in it is read.
    events(context)?.pointee.refuse(
        "a <!DOCTYPE> is not allowed in framework documents: DTDs can declare external or recursive entities (XXE, billion laughs); remove it"
    )
}

let referenceCallback: referenceSAXFunc = { context, name in
    let text = name.map { String(cString: $0) } ?? ""
    events(context)?.pointee.refuse(
        "entity reference '&\(text);' is not allowed in framework documents; write the text itself")
}

/// Where the schema validator is, for its error messages: the parser's current line.
let locatorCallback: xmlSchemaValidityLocatorFunc = { context, file, line in
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
