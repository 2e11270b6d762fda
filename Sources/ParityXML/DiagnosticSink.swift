import CLibXML2
import ParityCore

/// Collects libxml2's structured errors for one document. libxml2 calls `diagnosticCallback`
/// with this object as its context; the callback captures nothing, as C function pointers must.
final class DiagnosticSink {
    let file: String
    var diagnostics: [XMLDiagnostic] = []
    /// The reader, to locate schema-validity errors that libxml2 reports without a column.
    var reader: OpaquePointer?
    /// Stop collecting after this many: a badly broken file should not flood the operator.
    let limit: Int

    init(file: String, limit: Int = 200) {
        self.file = file
        self.limit = limit
    }

    func add(line: Int, column: Int, message: String) {
        guard diagnostics.count < limit else { return }
        diagnostics.append(XMLDiagnostic(location: SourceLocation(file: file, line: line, column: column), message: message))
    }

    func add(_ message: String) {
        let line = reader.map { Int(xmlTextReaderGetParserLineNumber($0)) } ?? 0
        let column = reader.map { Int(xmlTextReaderGetParserColumnNumber($0)) } ?? 0
        add(line: line, column: column, message: message)
    }

    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}

/// The structured error handler handed to libxml2 (parser, reader and XSD validation alike).
let diagnosticCallback: xmlStructuredErrorFunc = { context, error in
    guard let context, let error else { return }
    let sink = Unmanaged<DiagnosticSink>.fromOpaque(context).takeUnretainedValue()
    let err = UnsafePointer(error).pointee
    var message = err.message.map { String(cString: $0) } ?? "unknown XML error"
    while message.last?.isWhitespace == true { message.removeLast() }
    var line = Int(err.line)
    // int2 holds the column for parser errors; schema-validity errors leave it 0.
    var column = Int(err.int2)
    if column == 0, let reader = sink.reader {
        column = Int(xmlTextReaderGetParserColumnNumber(reader))
        if line == 0 { line = Int(xmlTextReaderGetParserLineNumber(reader)) }
    }
    sink.add(line: line, column: column, message: message)
}
