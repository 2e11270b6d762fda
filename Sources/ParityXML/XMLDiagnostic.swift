public import ParityCore

/// One problem found in an XML document, located for a person to fix it:
/// `Frameworks/ie-nfq.xml:12:7: Element 'level': The attribute 'order' is required but missing.`
public struct XMLDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public var location: SourcePosition
    public var message: String

    public init(location: SourcePosition, message: String) {
        self.location = location
        self.message = message
    }

    /// `file:line:column: message`; `file: message` when there is no line; the message alone when there is no file.
    public var description: String {
        if location.file.isEmpty { return message }
        return location.line > 0 ? "\(location): \(message)" : "\(location.file): \(message)"
    }
}

/// Why a framework or taxonomy file could not be imported.
public enum FrameworkFileError: Error, Sendable, CustomStringConvertible {
    /// The file could not be opened or read at all.
    case unreadable(file: String, reason: String)
    /// The file was read but is not a valid framework document: every problem found.
    case invalid(file: String, diagnostics: [XMLDiagnostic])

    public var file: String {
        switch self {
        case .unreadable(let file, _), .invalid(let file, _): file
        }
    }

    public var diagnostics: [XMLDiagnostic] {
        switch self {
        case .unreadable(let file, let reason):
            [XMLDiagnostic(location: SourcePosition(file: file, line: 0), message: reason)]
        case .invalid(_, let diagnostics): diagnostics
        }
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
