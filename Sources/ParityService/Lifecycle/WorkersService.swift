import Foundation
import ServiceLifecycle

/// The workers, a Service: each one processes groups until `incoming/new` is empty, then
/// sleeps until something wakes it (the watcher's new file or rescan, another node's claims
/// returned). File and database work blocks, so workers are threads of their own rather than
/// tasks of the shared pool. After a full disk a worker waits for the next rescan instead of
/// retrying at once. On graceful shutdown (or cancellation) no worker claims again; each
/// finishes the message in hand, the rest of its group and the messages it held go back to
/// incoming/new, then `run` returns.
final class WorkersService: Service, Sendable {
    private let processor: MessageProcessor
    private let count: Int
    private let retryDelay: Double
    private let signal: WakeSignal
    private let finished = DispatchGroup()
    /// Called after every group that did something (STATUS line, metrics).
    private let afterGroup: @Sendable () -> Void

    init(
        processor: MessageProcessor, count: Int, retryDelay: Double, signal: WakeSignal,
        afterGroup: @escaping @Sendable () -> Void
    ) {
        self.processor = processor
        self.count = count
        self.retryDelay = retryDelay
        self.signal = signal
        self.afterGroup = afterGroup
    }

    func run() async {
        start()
        signal.wake()
        try? await gracefulShutdown()
        await offThePool("parity-workers-stop") { self.stop() }
    }

    private func start() {
        for index in 0..<count {
            finished.enter()
            let thread = Thread { [self] in
                self.work(index)
                self.finished.leave()
            }
            thread.name = "parity-worker-\(index)"
            thread.start()
        }
    }

    /// No new claims; each worker finishes the group in hand, then the call returns.
    private func stop() {
        processor.stopTaking()
        signal.stop()
        finished.wait()
        processor.releaseHeld()
    }

    private func work(_ index: Int) {
        while true {
            let ticket = signal.ticket()
            guard !signal.isStopping else { return }
            switch processor.processGroup(worker: index) {
            case .processed:
                afterGroup()
            case .idle:
                signal.wait(after: ticket)
            case .outOfSpace, .failed:
                afterGroup()
                signal.pause(seconds: retryDelay)
            }
        }
    }
}

/// A wake-up counter: a worker takes a ticket before it looks at the spool, and sleeps only if
/// no wake came since, so a file arriving while it looks is never missed.
final class WakeSignal: Sendable {
    private let condition = NSCondition()
    // Both guarded by `condition`.
    private nonisolated(unsafe) var generation = 0
    private nonisolated(unsafe) var stopping = false

    func ticket() -> Int { condition.lock(); defer { condition.unlock() }; return generation }

    var isStopping: Bool { condition.lock(); defer { condition.unlock() }; return stopping }

    func wake() {
        condition.lock()
        generation += 1
        condition.broadcast()
        condition.unlock()
    }

    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    func wait(after ticket: Int) {
        condition.lock()
        while generation == ticket && !stopping { condition.wait() }
        condition.unlock()
    }

    /// Sleeps `seconds` (or until stopped), whatever else wakes the others.
    func pause(seconds: Double) {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        while !stopping && condition.wait(until: deadline) {}
        condition.unlock()
    }
}
