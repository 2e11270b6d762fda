import Foundation
import Logging
import ParityLetters
import ParityCore
import ParitySpool
import ParityStore
import ParityXML
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The long-running service: processes the spool, tells systemd when it is ready and how the
/// queue stands, reloads frameworks and configuration on SIGHUP, pets the watchdog while the
/// workers make progress, and on SIGTERM stops claiming, finishes the messages in hand, and
/// exits. Every word to systemd goes through a `NotifyChannel`, which never blocks.
public final class ParityDaemon: Service, Sendable {
    public let registry: FrameworkRegistry
    let database: any ParityStore
    let spool: SpoolService
    let notifier: NotifyChannel
    let logger: Logger
    let configurationFile: String
    let environment: [String: String]
    private let lastError = Mutex<String?>(nil)
    private let reloads = Mutex(0)
    /// The stuck workers last reported (empty: all progressing).
    private let stuckReport = Mutex<[String]>([])

    init(
        configurationFile: String, registry: FrameworkRegistry, database: any ParityStore, spool: SpoolService,
        notifier: NotifyChannel, environment: [String: String], logger: Logger
    ) {
        self.configurationFile = configurationFile
        self.registry = registry
        self.database = database
        self.spool = spool
        self.notifier = notifier
        self.environment = environment
        self.logger = logger
    }

    public func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        spool.start(frameworks: registry.current.versions.count)
        notifier.send("READY=1\nSTATUS=\(status)")
        logger.notice("parityd ready", metadata: ["frameworks": "\(registry.current.frameworks.count)", "config": "\(configurationFile)"])
        if let fonts = LetterFonts.warning() { logger.warning("\(fonts)") }
        await withTaskGroup(of: Void.self) { group in
            let watchdog = SystemdNotifier.watchdogInterval(environment: environment)
            let liveness = Liveness(progress: self.spool.processor.progress, stuckSeconds: self.spool.stuckSeconds, watchdog: watchdog)
            group.addTask {
                while !Task.isCancelled {
                    self.check(liveness)
                    try? await Task.sleep(for: liveness.tick)
                }
            }
            await cancelWhenGracefulShutdown {
                for await _ in hangups { self.reload() }
            }
            group.cancelAll()
        }
        notifier.send("STOPPING=1\nSTATUS=stopping: finishing the messages in hand")
        logger.notice("parityd stopping")
        // Workers block in file and database calls: wait for them off the task pool.
        let spool = self.spool, frameworks = registry.current.versions.count
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread { spool.stop(frameworks: frameworks); done.resume() }.start()
        }
        logger.notice("parityd stopped", metadata: ["status": "\(spool.statusText)"])
        // What systemd has not read yet gets a moment, never more: nobody may be reading.
        notifier.close(within: 0.5)
    }

    /// One liveness tick: WATCHDOG=1 while the workers progress or are idle; a worker on one
    /// message past `spool.stuck_seconds` stops the pings, is logged with its message, and
    /// the STATUS line says so, so that systemd's watchdog restarts the daemon.
    private func check(_ liveness: Liveness) {
        let stuck = liveness.progress.stuck(longerThan: liveness.stuckSeconds)
        let report = stuck.map { "worker \($0.worker) on \($0.message)" }
        let changed = stuckReport.withLock { last -> Bool in
            defer { last = report }
            return last != report
        }
        if stuck.isEmpty {
            if changed { logger.notice("workers progress again"); notifier.status(status) }
            if liveness.watchdog != nil && liveness.due() { notifier.send("WATCHDOG=1") }
            return
        }
        if changed {
            let now = Spool.now()
            for busy in stuck {
                logger.critical("worker stuck: no progress on one message; watchdog pings stop", metadata: [
                    "worker": "\(busy.worker)", "message": "\(busy.message)", "seconds": "\(Int(now - busy.since))",
                    "limit": "\(liveness.stuckSeconds)",
                ])
            }
            notifier.status(status)
        }
    }

    /// Re-reads the configuration and the framework directory. The new set replaces the old
    /// only if it is complete and valid; otherwise the old set stays and the error is reported.
    public func reload() {
        notifier.send("RELOADING=1\nMONOTONIC_USEC=\(SystemdNotifier.monotonicMicroseconds())\nSTATUS=reloading")
        reloads.withLock { $0 += 1 }
        do {
            let configuration = try ParityConfiguration.load(file: configurationFile)
            let set = try registry.reload(from: configuration.frameworkDirectory)
            spool.apply(configuration)
            try database.recordFrameworkLoad(set.versions, reason: .reload, at: Self.timestamp())
            lastError.withLock { $0 = nil }
            logger.notice("frameworks reloaded", metadata: ["documents": "\(set.versions.count)"])
        } catch {
            let lines = (error as? FrameworkLoadError)?.lines ?? ["\(error)"]
            for line in lines { logger.error("reload rejected", metadata: ["problem": "\(line)"]) }
            lastError.withLock { $0 = "reload rejected (\(lines.count) problem(s)), previous frameworks kept: \(lines.first ?? "")" }
        }
        notifier.send("READY=1\nSTATUS=\(status)")
    }

    /// The one-line status systemd shows (`systemctl status parityd`).
    public var status: String {
        let set = registry.current
        var text = spool.statusText + " frameworks=\(set.frameworks.count) reloads=\(reloads.withLock { $0 })"
        if let error = lastError.withLock({ $0 }) { text += " reload-error: \(error)" }
        let stuck = stuckReport.withLock { $0 }
        if !stuck.isEmpty { text += " stuck: " + stuck.joined(separator: ", ") }
        return text
    }

    /// After each group of messages: the STATUS line, and the metrics at most once a second.
    func groupDone() {
        notifier.status(status)
        spool.writeMetricsIfDue(frameworks: registry.current.versions.count)
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}

/// When liveness is checked and the watchdog fed: every half `WatchdogSec` (systemd's
/// advice), and often enough to notice a stuck worker soon after `spool.stuck_seconds`.
final class Liveness: Sendable {
    let progress: WorkerProgress
    let stuckSeconds: Double
    let watchdog: Duration?
    let tick: Duration
    private let lastPing = Mutex<ContinuousClock.Instant?>(nil)

    init(progress: WorkerProgress, stuckSeconds: Double, watchdog: Duration?) {
        self.progress = progress
        self.stuckSeconds = stuckSeconds
        self.watchdog = watchdog
        let check = Duration.milliseconds(Int64(max(20, min(5000, stuckSeconds * 250))))
        tick = watchdog.map { min($0, check) } ?? check
    }

    /// Whether a ping is due now.
    func due() -> Bool {
        guard let watchdog else { return false }
        let now = ContinuousClock.now
        return lastPing.withLock { last in
            if let previous = last, now - previous < watchdog - tick / 2 { return false }
            last = now
            return true
        }
    }
}
