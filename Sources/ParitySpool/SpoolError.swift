#if canImport(Glibc)
public import Glibc
#endif

/// A file-system operation on the spool that failed: which path, what was being done, and the
/// system's reason (`ENOSPC`, `EACCES`...), so an operator knows what to fix.
public struct SpoolError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var code: Int32
    public var description: String { "\(path): cannot \(operation): \(String(cString: strerror(code)))" }

    public init(path: String, operation: String, code: Int32 = errno) {
        self.path = path; self.operation = operation; self.code = code
    }

    /// The disk or the quota is full: the message stays where it is and is retried later.
    public var isOutOfSpace: Bool { code == ENOSPC || code == EDQUOT }
}
