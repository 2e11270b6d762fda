import Logging
import ParityCore
import ParitySpool
import ServiceLifecycle
import Synchronization

/// Housekeeping, a Service, the first to start and the last to stop: the metrics file on every
/// rescan interval (and at most once a second after a group, through `writeMetricsIfDue`),
/// originals in done/ and rejected/ removed past retention once an hour, and at the very end
/// the last metrics, the closing log line and the notify channel drained.
final class HousekeepingService: Service, Sendable {
    private let spool: Spool
    private let status: DaemonStatus
    private let metrics: MetricsFile
    private let interval: Duration
    private let retentionDays: Mutex<Double>
    private let lastMetrics = Mutex<Double>(0)
    private let lastRetention = Mutex<Double>(0)
    private let archivedCounts = Mutex<(at: Double, counts: [Spool.State: Int])>((0, [:]))
    private let logger: Logger

    init(
        spool: Spool, status: DaemonStatus, metricsFile: String, rescanSeconds: Double, retentionDays: Double,
        logger: Logger
    ) {
        self.spool = spool
        self.status = status
        self.metrics = MetricsFile(path: metricsFile)
        self.interval = .milliseconds(Int64(rescanSeconds * 1000))
        self.retentionDays = Mutex(retentionDays)
        self.logger = logger
    }

    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                self.housekeeping()
                try? await Task.sleep(for: self.interval)
            }
        }
        writeMetrics()
        logger.notice("parityd stopped", metadata: ["status": "\(status.text)"])
        // What systemd has not read yet gets a moment, never more: nobody may be reading.
        await offThePool("parity-notify-close") { self.status.notifier.close(within: 0.5) }
    }

    /// A configuration reload changes the retention from the next hourly pass.
    func setRetention(days: Double) { retentionDays.withLock { $0 = days } }

    /// Metrics; once an hour: remove done/rejected originals past retention.
    func housekeeping() {
        writeMetrics()
        let now = Spool.now()
        guard Self.due(lastRetention, every: 3600, now: now) else { return }
        let cutoff = now - retentionDays.withLock { $0 } * 86400
        for state in [Spool.State.done, .rejected] {
            do {
                let removed = try spool.purge(state, modifiedBefore: cutoff)
                if removed > 0 {
                    logger.info(
                        "retention: originals removed", metadata: ["state": "\(state.rawValue)", "count": "\(removed)"])
                }
            } catch {
                logger.error("retention failed", metadata: ["problem": "\(error)"])
            }
        }
    }

    /// At most once a second, after the workers' groups.
    func writeMetricsIfDue() {
        guard Self.due(lastMetrics, every: 1, now: Spool.now()) else { return }
        writeMetrics()
    }

    /// Whether `interval` seconds have passed since the time in `last`; if so, `last` becomes now.
    private static func due(_ last: borrowing Mutex<Double>, every interval: Double, now: Double) -> Bool {
        last.withLock { last in
            if now - last < interval { return false }
            last = now
            return true
        }
    }

    private func writeMetrics() {
        // The queue (incoming, active) with the age of its oldest message; done and rejected
        // only counted, and at most once a minute: they hold up to the retention period's worth.
        var depths: [Spool.State: Spool.Depth] = [:]
        for state in [Spool.State.incoming, .active] { depths[state] = try? spool.depth(state) }
        let now = Spool.now()
        let archived = archivedCounts.withLock { cache -> [Spool.State: Int] in
            if now - cache.at >= 60 {
                cache = (now, [.done: (try? spool.count(.done)) ?? 0, .rejected: (try? spool.count(.rejected)) ?? 0])
            }
            return cache.counts
        }
        for (state, count) in archived { depths[state] = Spool.Depth(count: count, oldestAge: 0) }
        let frameworks = status.registry.current.versions.count
        do { try metrics.write(metrics.render(status.stats.snapshot, depths: depths, frameworks: frameworks)) } catch {
            logger.error("cannot write the metrics file", metadata: ["file": "\(metrics.path)", "problem": "\(error)"])
        }
    }
}
