import Foundation
import Logging
import ParityLetters
import ParitySpool
import ParityStore
import Synchronization

/// The spool side of the daemon: recovery at start, the watcher, the workers, the STATUS line,
/// metrics and retention. Built and started by `makeServiceGroup`/`ParityDaemon`.
final class SpoolService: Sendable {
    let spool: Spool
    let processor: MessageProcessor
    let stats: ProcessingStats
    private let workers: SpoolWorkers
    private let nodes: NodeService
    private let watcher: SpoolWatcher
    private let metrics: MetricsFile
    private let retentionDays: Mutex<Double>
    private let lastMetrics = Mutex<Double>(0)
    private let lastRetention = Mutex<Double>(0)
    private let archivedCounts = Mutex<(at: Double, counts: [Spool.State: Int])>((0, [:]))
    private let logger: Logger
    private let startedWith: ParityConfiguration.SpoolSettings

    /// A worker on one message longer than this is stuck (`spool.stuck_seconds`, read at start).
    var stuckSeconds: Double { startedWith.stuckSeconds }

    init(configuration: ParityConfiguration, database: any ParityStore, registry: FrameworkRegistry,
         notifyStatus: @escaping @Sendable () -> Void, logger: Logger, hooks: ProcessingHooks = .init()) throws(SpoolError) {
        let spool = Spool(root: configuration.paths.spool, node: configuration.spool.node)
        try spool.prepare()
        try spool.check()
        // Where the pool will follow the change log from: read before the pool itself.
        let position: Int64
        do {
            position = try database.poolSequence()
            // Alive, and no longer taken over, before this node's own claims go back.
            try database.register(node: spool.node, poolSequence: position)
        } catch {
            throw SpoolError(path: error.path, operation: "register node \(spool.node) (\(error.message))", code: EIO)
        }
        let recovered = try spool.recover { paths in try? database.recordedOutputs(paths) }
        if !recovered.returned.isEmpty || !recovered.published.isEmpty {
            logger.notice("messages recovered from active/ after an unclean stop", metadata: [
                "node": "\(spool.node)", "count": "\(recovered.returned.count)", "results-published": "\(recovered.published.count)",
            ])
        }
        let stats = ProcessingStats()
        let candidates: CandidateDirectory
        do { candidates = try CandidateDirectory(database: database, keyFile: configuration.paths.state + "/pseudonym.key", logger: logger) } catch {
            throw SpoolError(path: configuration.paths.state + "/pseudonym.key", operation: "create or read the pseudonym key (\(error.localizedDescription))", code: EACCES)
        }
        // The letter key exists from the first start on (0600, under paths.state).
        let letters = LetterIssuer(configuration)
        do { _ = try letters.keyRing.activeKey() } catch {
            throw SpoolError(path: error.path, operation: "create or read the letter signing key (\(error.problem))", code: EACCES)
        }
        let processor: MessageProcessor
        do {
            processor = try MessageProcessor(
                spool: spool, database: database, registry: registry, candidates: candidates, matching: configuration.matching, letters: letters,
                limits: Self.limits(configuration), stats: stats, logger: logger, hooks: hooks)
        } catch {
            throw SpoolError(path: error.path, operation: "read the candidate pool (\(error.message))", code: EIO)
        }
        processor.redactErasures()
        self.spool = spool
        self.stats = stats
        self.processor = processor
        self.metrics = MetricsFile(path: configuration.metricsFile)
        self.retentionDays = Mutex(configuration.spool.retentionDays)
        self.startedWith = configuration.spool
        self.logger = logger
        let frameworks = { @Sendable in registry.current.versions.count }
        let workers = SpoolWorkers(processor: processor, count: configuration.spool.workers, retryDelay: configuration.spool.rescanSeconds) {
            notifyStatus()
        }
        self.workers = workers
        // The node's heartbeat has a connection of its own: never queued behind the workers' commits.
        let nodeStore: any ParityStore
        do { nodeStore = try configuration.openStore() } catch {
            throw SpoolError(path: error.path, operation: "open the database for the node's heartbeat (\(error.message))", code: EIO)
        }
        nodes = NodeService(
            spool: spool, store: nodeStore, order: processor.order, candidates: candidates, registry: registry, position: position,
            lease: configuration.spool.nodeLeaseSeconds, rescan: configuration.spool.rescanSeconds, logger: logger,
            returned: { workers.wake() },
            fenced: {
                // Its messages are another node's now: nothing it does may land. systemd starts it again.
                exit(75)
            })
        processor.nodes.object = nodes
        let box = WeakReference<SpoolService>()
        watcher = try SpoolWatcher(spool: spool, rescanSeconds: configuration.spool.rescanSeconds) { wake in
            workers.wake()
            if wake == .rescan { box.object?.housekeeping(frameworks: frameworks()) }
        }
        box.object = self
    }

    static func limits(_ configuration: ParityConfiguration) -> MessageProcessor.Limits {
        MessageProcessor.Limits(
            groupSize: configuration.spool.groupSize, maxMessageBytes: configuration.spool.maxMessageBytes,
            maxJSONDepth: configuration.spool.maxJSONDepth, policy: ProducerPolicy(producers: configuration.producers, services: configuration.services))
    }

    func start(frameworks: Int) {
        housekeeping(frameworks: frameworks)
        nodes.start()
        watcher.start()
        workers.start()
        workers.wake()
    }

    /// Stops claiming, lets every worker finish the group in hand, writes the last metrics.
    func stop(frameworks: Int) {
        watcher.stop()
        workers.stop()
        nodes.stop()
        writeMetrics(frameworks: frameworks)
    }

    /// A configuration reload: new limits, producers and retention apply from the next group
    /// on; the spool's place, the workers and the rescan interval only at the next start.
    func apply(_ configuration: ParityConfiguration) {
        processor.update(Self.limits(configuration))
        retentionDays.withLock { $0 = configuration.spool.retentionDays }
        var fixed: [String] = []
        if configuration.paths.spool != spool.root { fixed.append("paths.spool") }
        if configuration.spool.workers != startedWith.workers { fixed.append("spool.workers") }
        if configuration.spool.rescanSeconds != startedWith.rescanSeconds { fixed.append("spool.rescan_seconds") }
        if configuration.spool.stuckSeconds != startedWith.stuckSeconds { fixed.append("spool.stuck_seconds") }
        if configuration.spool.node != startedWith.node { fixed.append("spool.node") }
        if configuration.spool.nodeLeaseSeconds != startedWith.nodeLeaseSeconds { fixed.append("spool.node_lease_seconds") }
        if !fixed.isEmpty {
            logger.warning("configuration reloaded; these keys take effect at the next start", metadata: ["keys": "\(fixed.joined(separator: ","))"])
        }
    }

    /// On every rescan: metrics; once an hour: remove done/rejected originals past retention.
    func housekeeping(frameworks: Int) {
        writeMetrics(frameworks: frameworks)
        let now = Spool.now()
        guard Self.due(lastRetention, every: 3600, now: now) else { return }
        let cutoff = now - retentionDays.withLock { $0 } * 86400
        for state in [Spool.State.done, .rejected] {
            do {
                let removed = try spool.purge(state, modifiedBefore: cutoff)
                if removed > 0 { logger.info("retention: originals removed", metadata: ["state": "\(state.rawValue)", "count": "\(removed)"]) }
            } catch {
                logger.error("retention failed", metadata: ["problem": "\(error)"])
            }
        }
    }

    /// At most once a second from the workers; always from housekeeping and at stop.
    func writeMetricsIfDue(frameworks: Int) {
        guard Self.due(lastMetrics, every: 1, now: Spool.now()) else { return }
        writeMetrics(frameworks: frameworks)
    }

    /// Whether `interval` seconds have passed since the time in `last`; if so, `last` becomes now.
    private static func due(_ last: borrowing Mutex<Double>, every interval: Double, now: Double) -> Bool {
        last.withLock { last in
            if now - last < interval { return false }
            last = now
            return true
        }
    }

    private func writeMetrics(frameworks: Int) {
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
        do { try metrics.write(metrics.render(stats.snapshot, depths: depths, frameworks: frameworks)) } catch {
            logger.error("cannot write the metrics file", metadata: ["file": "\(metrics.path)", "problem": "\(error)"])
        }
    }

    /// `queue=3 processed=120 rejected=2 duplicates=0`, plus the last error if the last attempt failed.
    var statusText: String {
        let s = stats.snapshot
        var text = "queue=\(s.waiting) processed=\(s.processedTotal) rejected=\(s.rejectedTotal) duplicates=\(s.duplicates)"
        if s.retried > 0 { text += " retried=\(s.retried)" }
        if let error = s.lastError { text += " last-error: \(error)" }
        return text
    }
}
