import CLibXML2
import ParityCore

/// Collects libxml2's structured errors for one document. libxml2 calls `diagnosticCallback`
/// with this object as its context; the callback captures nothing, as C function pointers must.
final class DiagnosticSink {
    let file: String
    var diagnostics: [XMLDiagnostic] = []
    /// The parser, to locate errors that libxml2 reports without a line.
    var parser: xmlParserCtxtPtr?
    /// Stop collecting after this many: a badly broken file should not flood the operator.
    let limit: Int

    init(file: String, limit: Int = 200) {
        self.file = file
        self.limit = limit
    }

    func add(line: Int, column: Int, message: String) {
        guard diagnostics.count < limit else { return }
        var text = message
        if text.contains("entity reference loop") || text.contains("Entity") || text.contains("entity") {
            text += " (Parity reads no document that declares or uses entities: remove the <!DOCTYPE>)"
        }
        let diagnostic = XMLDiagnostic(location: SourcePosition(file: file, line: line, column: column), message: text)
        // libxml2 repeats some errors once per nesting level; one report of each is enough.
        if diagnostics.contains(diagnostic) { return }
        diagnostics.append(diagnostic)
    }

    /// The line the parser has reached (the end of the current tag), 0 before it starts.
    var currentLine: Int {
        guard let input = parser?.pointee.input else { return 0 }
        return Int(input.pointee.line)
    }

    /// A problem found by Parity itself where the parser is.
    func add(_ message: String) {
        add(line: currentLine, column: 1, message: message)
    }

    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}

/// The structured error handler handed to libxml2 (parser and XSD validation alike).
let diagnosticCallback: xmlStructuredErrorFunc = { context, error in
    guard let context, let error else { return }
    let sink = Unmanaged<DiagnosticSink>.fromOpaque(context).takeUnretainedValue()
    let err = UnsafePointer(error).pointee
    var message = err.message.map { String(cString: $0) } ?? "unknown XML error"
    while message.last?.isWhitespace == true { message.removeLast() }
    var line = Int(err.line)
    // int2 holds the column for parser errors. Schema-validity errors carry the element's
    // line only: column 1 then, naming the line rather than pretending to a column.
    var column = Int(err.int2)
    if column <= 0 { column = 1 }
    if line <= 0 { line = sink.currentLine }
    sink.add(line: line, column: column, message: message)
}
