/// Where a fact comes from and whether it was verified. Unconfirmed facts are shipped for
/// information but never support a `comparable` outcome.
public struct Provenance: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable { case confirmed, unconfirmed }
    public var status: Status
    /// A citation a person can follow: document title, URL, ISBN.
    public var source: String
    public init(status: Status, source: String) { self.status = status; self.source = source }
}

/// A position in a source document, for error messages a person can act on.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 0) {
        self.file = file; self.line = line; self.column = column
    }

    public static let unknown = SourcePosition(file: "", line: 0)

    /// `file:line:column`, the form editors and CI annotate. A column of 0 means "not known".
    public var description: String {
        column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
    }
}
