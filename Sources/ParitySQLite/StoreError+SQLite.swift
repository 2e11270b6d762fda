import GRDB
import ParityStore

extension StoreError {
    /// SQLite's error (or a refusal thrown inside a transaction) as a `StoreError`.
    init(path: String, operation: String, underlying: any Error) {
        if let fenced = underlying as? Fenced {
            self = .fenced(fenced.node, at: path)
            return
        }
        if let missing = underlying as? MissingReference {
            self = .missingReference(missing.scope, at: path)
            return
        }
        let sqlite = underlying as? DatabaseError
        self.init(
            path: path, operation: operation,
            message: sqlite.map { "\($0.resultCode): \($0.message ?? "")" } ?? "\(underlying)",
            isOutOfSpace: sqlite?.resultCode.primaryResultCode == .SQLITE_FULL)
    }
}
