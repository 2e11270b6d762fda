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
        let watch = connection.map(CloseWatch.of)
        // Through the event loop: a last chance for an answer already on its way.
        let token = watch?.add { self.eventLoop.execute { complete(.failure(ClosedUnderCall())) } }
        if watch != nil && token == nil { complete(.failure(ClosedUnderCall())) }
        defer { if let token { watch?.remove(token) } }
        return try promise.futureResult.wait()
    }
}

/// The calls waiting on one connection, failed together when it closes: one callback on the
/// connection's `closeFuture` however many calls it carries (a callback per call would pile up,
/// never released, on a connection that lives for weeks).
final class CloseWatch: Sendable {
    private struct State {
        var closed = false
        var next: UInt64 = 0
        var waiters: [UInt64: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())
    private static let watches = Mutex<[ObjectIdentifier: CloseWatch]>([:])

    /// The connection's watch, made (and hooked to its `closeFuture`) on first use; forgotten when it closes.
    static func of(_ connection: PostgresConnection) -> CloseWatch {
        let id = ObjectIdentifier(connection)
        let (watch, made) = watches.withLock { all -> (CloseWatch, Bool) in
            if let watch = all[id] { return (watch, false) }
            let watch = CloseWatch()
            all[id] = watch
            return (watch, true)
        }
        if made {
            connection.closeFuture.whenComplete { _ in
                _ = watches.withLock { $0.removeValue(forKey: id) }
                watch.closeAll()
            }
        }
        return watch
    }

    /// Registers `onClose`; nil if the connection has closed already.
    func add(_ onClose: @escaping @Sendable () -> Void) -> UInt64? {
        state.withLock { state in
            guard !state.closed else { return nil }
            state.next += 1
            state.waiters[state.next] = onClose
            return state.next
        }
    }

    func remove(_ token: UInt64) { _ = state.withLock { $0.waiters.removeValue(forKey: token) } }

    /// Calls waiting now.
    var waiting: Int { state.withLock { $0.waiters.count } }

    private func closeAll() {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter() }
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
