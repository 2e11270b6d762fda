/// A database failure, with the file and the operation for the operator.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var message: String
    /// The disk is full (SQLITE_FULL): the work can be retried once space returns.
    public var isOutOfSpace: Bool
    /// This node was declared dead by another, which took its work over: nothing of this
    /// write happened, and the node must stop (systemd starts it again, fresh).
    public var isFenced = false

    public init(path: String, operation: String, message: String, isOutOfSpace: Bool = false, isFenced: Bool = false) {
        self.path = path; self.operation = operation; self.message = message
        self.isOutOfSpace = isOutOfSpace; self.isFenced = isFenced
    }

    /// The refusal of a commit by a node another one has taken over.
    public static func fenced(_ node: String, at path: String) -> StoreError {
        StoreError(
            path: path, operation: "commit for node \(node)",
            message:
                "another node declared this node dead (no heartbeat within spool.node_lease_seconds) and took its messages over; it stops and starts afresh",
            isFenced: true)
    }

    /// Thrown inside a transaction, turned into a `StoreError` by the implementation.
    public struct Fenced: Error {
        public var node: String
        public init(node: String) { self.node = node }
    }
    public struct MissingReference: Error {
        public var scope: String
        public init(scope: String) { self.scope = scope }
    }

    public static func missingReference(_ scope: String, at path: String) -> StoreError {
        StoreError(
            path: path, operation: "log an erasure for the other nodes",
            message:
                "the erasure names no pseudonymous reference for scope '\(scope)' (MessageEffects.erasedReferences), and the log never keeps the id"
        )
    }

    public var description: String { "\(path): cannot \(operation): \(message)" }
}
