import NIOCore
import PostgresNIO
import Synchronization

/// A call to the server that got no answer in time: the connection is dropped and the next
/// call opens a new one.
struct NoAnswer: Error, CustomStringConvertible {
    var seconds: Int64
    var description: String { "no answer from the server within \(seconds) s; the connection was dropped" }
}

/// The connection closed (the server ended it, or the link broke) while a call waited on it.
struct ClosedUnderCall: Error, CustomStringConvertible {
    var description: String { "the connection closed before the server answered" }
}

extension EventLoopFuture where Value: Sendable {
    /// `wait()`, until `connection` (if given) closes, and for at most `seconds`. Every wait of
    /// the store is bounded: postgres-nio (1.33) can leave a statement sent on a connection the
    /// server is terminating (a restart, a fast shutdown) without an answer for ever, though
    /// the connection closes; and a link that went down answers nothing. A caller gets an
    /// error it can act on instead of a thread held for ever.
    func waitBounded(
        on connection: PostgresConnection? = nil, _ seconds: Int64 = PostgresStore.answerSeconds
    )
        throws -> Value
    {
        let promise = eventLoop.makePromise(of: Value.self)
        let once = Once()
        @Sendable func complete(_ result: Result<Value, any Error>) {
            if once.first() { promise.completeWith(result) }
        }
        let timeout = eventLoop.scheduleTask(in: .seconds(seconds)) { complete(.failure(NoAnswer(seconds: seconds))) }
        whenComplete { result in
            timeout.cancel()
            complete(result)
        }
        connection?.closeFuture.whenComplete { _ in
            // A last chance for an answer already on its way through the event loop.
            self.eventLoop.execute { complete(.failure(ClosedUnderCall())) }
        }
        return try promise.futureResult.wait()
    }
}

/// True the first time it is asked, from whichever thread.
private final class Once: Sendable {
    private let done = Mutex(false)

    func first() -> Bool {
        done.withLock { done in
            defer { done = true }
            return !done
        }
    }
}
