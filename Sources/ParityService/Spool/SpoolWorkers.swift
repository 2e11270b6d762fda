import Foundation

/// The worker threads. Each one processes groups until `incoming/new` is empty, then sleeps
/// until the watcher wakes it (a new file, or the periodic rescan). File and database work
/// blocks, so workers are threads of their own rather than tasks of the shared pool. After a
/// full disk a worker waits for the next rescan instead of retrying at once.
final class SpoolWorkers: Sendable {
    private let processor: MessageProcessor
    private let count: Int
    private let retryDelay: Double
    private let signal = WakeSignal()
    private let finished = DispatchGroup()
    /// Called after every group that did something (STATUS line, metrics).
    private let afterGroup: @Sendable () -> Void

    init(processor: MessageProcessor, count: Int, retryDelay: Double, afterGroup: @escaping @Sendable () -> Void) {
        self.processor = processor
        self.count = count
        self.retryDelay = retryDelay
        self.afterGroup = afterGroup
    }

    func start() {
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

    /// Something may be waiting: every idle worker looks.
    func wake() { signal.wake() }

    /// No new claims; each worker finishes the group in hand, then the call returns.
    func stop() {
        signal.stop()
        finished.wait()
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
