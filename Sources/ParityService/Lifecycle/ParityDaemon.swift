import Foundation
import Logging
import ParityCore
import ParityLetters
import ParityStore
import ParityXML
public import ServiceLifecycle
import UnixSignals

/// The daemon's control, a Service, the last to start and the first to stop: tells systemd it
/// is ready (the start-up step has run: frameworks, database, recovery, pool), reloads the
/// frameworks and configuration on SIGHUP, and on graceful shutdown says STOPPING=1 before the
/// other services stop in reverse order (the workers finish the messages in hand).
public final class ParityDaemon: Service, Sendable {
    public let registry: FrameworkRegistry
    private let settings: Settings
    private let status: DaemonStatus
    private let logger: Logger

    /// What a reload changes, and what it can only report (read at start).
    struct Settings: Sendable {
        var configurationFile: String
        var database: any Store
        var processor: MessageProcessor
        var housekeeping: HousekeepingService
        var startedWith: ParityConfiguration
    }

    init(registry: FrameworkRegistry, settings: Settings, status: DaemonStatus, logger: Logger) {
        self.registry = registry
        self.settings = settings
        self.status = status
        self.logger = logger
    }

    public func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        status.notifier.send("READY=1\nSTATUS=\(status.text)")
        logger.notice(
            "parityd ready",
            metadata: ["frameworks": "\(registry.current.frameworks.count)", "config": "\(settings.configurationFile)"])
        if let fonts = LetterFonts.warning() { logger.warning("\(fonts)") }
        await cancelWhenGracefulShutdown {
            for await _ in hangups { self.reload() }
        }
        status.notifier.send("STOPPING=1\nSTATUS=stopping: finishing the messages in hand")
        logger.notice("parityd stopping")
    }

    /// Re-reads the configuration and the framework directory. The new set replaces the old
    /// only if it is complete and valid; otherwise the old set stays and the error is reported.
    public func reload() {
        status.notifier.send("RELOADING=1\nMONOTONIC_USEC=\(SystemdNotifier.monotonicMicroseconds())\nSTATUS=reloading")
        status.reloadStarted()
        do {
            let configuration = try ParityConfiguration.load(file: settings.configurationFile)
            let set = try registry.reload(
                from: configuration.frameworkDirectory, trust: .some(try configuration.trustStore()))
            apply(configuration)
            try settings.database.recordFrameworkLoad(set.versions, reason: .reload, at: Self.timestamp())
            status.reloadFinished(error: nil)
            logger.notice("frameworks reloaded", metadata: ["documents": "\(set.versions.count)"])
        } catch {
            let lines = (error as? FrameworkLoadError)?.lines ?? ["\(error)"]
            for line in lines { logger.error("reload rejected", metadata: ["problem": "\(line)"]) }
            status.reloadFinished(
                error: "reload rejected (\(lines.count) problem(s)), previous frameworks kept: \(lines.first ?? "")")
        }
        status.notifier.send("READY=1\nSTATUS=\(status.text)")
    }

    /// New limits, producers and retention apply from the next group on; the spool's place,
    /// the workers, the rescan interval and the node only at the next start (said in the log).
    private func apply(_ configuration: ParityConfiguration) {
        settings.processor.update(MessageProcessor.limits(configuration))
        settings.housekeeping.setRetention(days: configuration.spool.retentionDays)
        let before = settings.startedWith
        var fixed: [String] = []
        if configuration.paths.spool != before.paths.spool { fixed.append("paths.spool") }
        let spool = (configuration.spool, before.spool)
        if spool.0.workers != spool.1.workers { fixed.append("spool.workers") }
        if spool.0.rescanSeconds != spool.1.rescanSeconds { fixed.append("spool.rescan_seconds") }
        if spool.0.stuckSeconds != spool.1.stuckSeconds { fixed.append("spool.stuck_seconds") }
        if spool.0.node != spool.1.node { fixed.append("spool.node") }
        if spool.0.nodeLeaseSeconds != spool.1.nodeLeaseSeconds { fixed.append("spool.node_lease_seconds") }
        if !fixed.isEmpty {
            logger.warning(
                "configuration reloaded; these keys take effect at the next start",
                metadata: ["keys": "\(fixed.joined(separator: ","))"])
        }
    }

    /// The one-line status systemd shows (`systemctl status parityd`).
    public var statusText: String { status.text }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
