import Logging
import ParitySpool
import ServiceLifecycle
import Synchronization

/// Liveness, a Service: WATCHDOG=1 while the workers progress or are idle, every half
/// `WatchdogSec` (systemd's advice) and often enough to notice a stuck worker soon after
/// `spool.stuck_seconds`. A worker on one message past that stops the pings, is logged with
/// its message, and the STATUS line says so, so that systemd's watchdog restarts the daemon.
final class LivenessService: Service, Sendable {
    let progress: WorkerProgress
    let stuckSeconds: Double
    let watchdog: Duration?
    let tick: Duration
    private let status: DaemonStatus
    private let logger: Logger
    private let lastPing = Mutex<ContinuousClock.Instant?>(nil)

    init(progress: WorkerProgress, stuckSeconds: Double, watchdog: Duration?, status: DaemonStatus, logger: Logger) {
        self.progress = progress
        self.stuckSeconds = stuckSeconds
        self.watchdog = watchdog
        self.status = status
        self.logger = logger
        let check = Duration.milliseconds(Int64(max(20, min(5000, stuckSeconds * 250))))
        tick = watchdog.map { min($0, check) } ?? check
    }

    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                self.check()
                try? await Task.sleep(for: self.tick)
            }
        }
    }

    /// One liveness tick.
    func check() {
        let stuck = progress.stuck(longerThan: stuckSeconds)
        let changed = status.setStuck(stuck.map { "worker \($0.worker) on \($0.message)" })
        if stuck.isEmpty {
            if changed {
                logger.notice("workers progress again")
                status.publish()
            }
            if watchdog != nil && due() { status.notifier.send("WATCHDOG=1") }
            return
        }
        guard changed else { return }
        let now = Spool.now()
        for busy in stuck {
            logger.critical(
                "worker stuck: no progress on one message; watchdog pings stop",
                metadata: [
                    "worker": "\(busy.worker)", "message": "\(busy.message)", "seconds": "\(Int(now - busy.since))",
                    "limit": "\(stuckSeconds)",
                ])
        }
        status.publish()
    }

    /// Whether a ping is due now.
    private func due() -> Bool {
        guard let watchdog else { return false }
        let now = ContinuousClock.now
        return lastPing.withLock { last in
            if let previous = last, now - previous < watchdog - tick / 2 { return false }
            last = now
            return true
        }
    }
}
