import Foundation

/// The daemon's only way to talk to systemd, built so that it never stalls the work: callers
/// hand a message over and return at once; one sender thread of its own delivers them.
/// - `READY=1`, `RELOADING=1`, `STOPPING=1` and `WATCHDOG=1` are never dropped: they wait in
///   order until the reader has room (a `WATCHDOG=1` already waiting is not queued twice);
/// - `STATUS=` updates are coalesced: only the latest waiting one is sent.
/// A worker never waits on the notify socket, so a service manager that does not read can
/// delay what systemd shows, never the messages.
public final class NotifyChannel: Sendable {
    private let notifier: SystemdNotifier
    private let condition = NSCondition()
    // Guarded by `condition`.
    private nonisolated(unsafe) var queue: [String] = []
    private nonisolated(unsafe) var status: String?
    private nonisolated(unsafe) var closing = false
    private nonisolated(unsafe) var sending = false
    private let stopped = DispatchSemaphore(value: 0)

    /// State changes and pings waiting at most (STATUS lines wait apart, coalesced); past it a
    /// waiting ping makes room, since one ping waiting says all that many would.
    static let queueLimit = 256

    public init(notifier: SystemdNotifier) {
        self.notifier = notifier
        guard notifier.isEnabled else { return }
        let thread = Thread { [self] in self.run() }
        thread.name = "parity-notify"
        thread.start()
    }

    public var isEnabled: Bool { notifier.isEnabled }

    /// A state change that must reach systemd (`READY=1\nSTATUS=...`, `WATCHDOG=1`, ...).
    public func send(_ state: String) {
        guard notifier.isEnabled else { return }
        condition.lock()
        defer { condition.unlock() }
        if state == "WATCHDOG=1" && queue.contains("WATCHDOG=1") { return }
        if queue.count >= Self.queueLimit, let pings = queue.firstIndex(of: "WATCHDOG=1") { queue.remove(at: pings) }
        queue.append(state)
        condition.signal()
    }

    /// The latest status line (without `STATUS=`); an older one still waiting is replaced.
    public func status(_ text: String) {
        guard notifier.isEnabled else { return }
        condition.lock()
        defer { condition.unlock() }
        status = text
        condition.signal()
    }

    /// At exit: waits at most `seconds` for what is waiting to be sent, then stops the sender.
    public func close(within seconds: Double) {
        guard notifier.isEnabled else { return }
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        while (!queue.isEmpty || status != nil || sending) && condition.wait(until: deadline) {}
        closing = true
        condition.broadcast()
        condition.unlock()
        _ = stopped.wait(timeout: .now() + seconds)
    }

    /// How many messages wait (for tests).
    public var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count + (status == nil ? 0 : 1)
    }

    private func run() {
        defer { stopped.signal() }
        while true {
            condition.lock()
            while queue.isEmpty && status == nil && !closing { condition.wait() }
            if closing { condition.unlock(); return }
            let fromQueue = !queue.isEmpty
            let message = fromQueue ? queue[0] : "STATUS=" + (status ?? "")
            let statusSent = status
            sending = true
            condition.unlock()

            let outcome = notifier.send(message)

            condition.lock()
            sending = false
            if outcome == .sent {
                if fromQueue { queue.removeFirst() } else if status == statusSent { status = nil }
            }
            condition.broadcast()
            condition.unlock()
            switch outcome {
            case .sent: continue
            case .wouldBlock: notifier.waitWritable(seconds: 0.25)
            case .unreachable: pause(seconds: 1)
            }
        }
    }

    private func pause(seconds: Double) {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        while !closing && condition.wait(until: deadline) {}
        condition.unlock()
    }
}
