import ParitySpool
import ParityStore

/// Why a message was not processed: its own fault (`rejected`, with the reason the producer
/// reads in `rejected/<name>.reason.json`), or not its fault (`retry`: a full disk, an
/// unwritable outbox, missing fonts, a store error) so that it goes back to the queue.
enum ProcessingFailure: Error, Sendable, CustomStringConvertible {
    case rejected(Rejection)
    case retry(underlying: any Error)

    /// The retry is for want of space: the worker waits for the next rescan.
    var isOutOfSpace: Bool {
        guard case .retry(let error) = self else { return false }
        return Self.isOutOfSpace(error)
    }

    /// Whether an error is a full disk or database (of the spool, the store, or a group stopped for it).
    static func isOutOfSpace(_ error: any Error) -> Bool {
        (error as? SpoolError)?.isOutOfSpace == true || (error as? StoreError)?.isOutOfSpace == true
            || (error as? PipelineError)?.isOutOfSpace == true
    }

    var description: String {
        switch self {
        case .rejected(let reason): "\(reason)"
        case .retry(let error): "\(error)"
        }
    }
}

/// What a handler could not do for a reason outside its message (the signing key, the fonts),
/// said with its context: `letter-1.json: cannot render the letter: ...`.
struct HandlerProblem: Error, CustomStringConvertible {
    var message: String
    var operation: String
    var underlying: any Error

    var description: String { "\(message): cannot \(operation): \(underlying)" }
}
