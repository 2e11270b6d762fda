import Foundation
public import Logging
import ParityCore
import ParitySignatures
import ParityStore
import ParityXML
public import ServiceLifecycle
import UnixSignals

/// Why the daemon could not start, with the exit status it should end with (sysexits.h).
public struct DaemonStartupError: Error, Sendable, CustomStringConvertible {
    public var lines: [String]
    /// 78 EX_CONFIG for configuration and framework data, 73 EX_CANTCREAT for the database.
    public var exitCode: Int32
    public var description: String { lines.joined(separator: "\n") }
}

/// Builds the daemon from a loaded configuration: frameworks loaded and checked, database
/// opened and migrated, the start-up step run (`Startup`), all before anything tells systemd
/// it is ready; then one Service per long-running part, in their start order (they stop in
/// the reverse order):
/// 1. `HousekeepingService`: metrics and retention; the last metrics at the very end;
/// 2. `PoolSnapshotService`: at a graceful stop, once the others are done, the pool's snapshot;
/// 3. `NodeHeartbeatService`: heartbeat, takeover of dead nodes, the pool's change log;
/// 4. `WorkersService`: the worker threads, through `MessageProcessor`'s pipeline;
/// 5. `WatcherService`: inotify and the rescan, waking the workers;
/// 6. `LivenessService`: the watchdog, fed only while the workers progress;
/// 7. `ParityDaemon`: READY, SIGHUP reloads, STOPPING.
/// `parityd` and the tests both start the service through this one function.
/// `hooks` are for tests only (a handler made to hang); parityd never passes any.
public func makeServiceGroup(
    configuration: ParityConfiguration, environment: [String: String], logger: Logger, hooks: ProcessingHooks = .init()
) throws(DaemonStartupError) -> (group: ServiceGroup, daemon: ParityDaemon) {
    let registry: FrameworkRegistry
    let trust: TrustStore
    do { trust = try configuration.trustStore() } catch {
        throw DaemonStartupError(
            lines: ["cannot use the trusted lists: \(error) (re-import them with 'parity trust import')"], exitCode: 78)
    }
    do { registry = try FrameworkRegistry(directory: configuration.frameworkDirectory, trust: trust) } catch {
        throw DaemonStartupError(lines: error.lines, exitCode: 78)
    }
    let database: any Store
    do {
        try FileManager.default.createDirectory(
            atPath: configuration.paths.state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750]
        )
        database = try configuration.openStore()
        try database.recordFrameworkLoad(registry.current.versions, reason: .start, at: ParityDaemon.timestamp())
    } catch {
        throw DaemonStartupError(lines: ["\(error)"], exitCode: 73)
    }
    let startup = try Startup(configuration: configuration, registry: registry, database: database, logger: logger)
    let spool = startup.spool
    let settings = configuration.spool
    let signal = WakeSignal()
    let stats = ProcessingStats()
    let progress = WorkerProgress()
    let status = DaemonStatus(
        stats: stats, registry: registry, notifier: NotifyChannel(notifier: SystemdNotifier(environment: environment)))
    let node = NodeService(
        spool: spool, store: startup.nodeStore, heartbeatStore: startup.heartbeatStore, order: startup.order,
        candidates: startup.candidates,
        registry: registry,
        position: startup.position, lease: settings.nodeLeaseSeconds, rescan: settings.rescanSeconds, logger: logger,
        returned: { signal.wake() }, cutOff: { NodeFenced.exitNow() })
    let processor = MessageProcessor(
        spool: spool, database: database, registry: registry, order: startup.order,
        pseudonyms: startup.candidates.pseudonyms,
        matching: configuration.matching, letters: startup.letters, limits: MessageProcessor.limits(configuration),
        stats: stats,
        logger: logger, progress: progress, nodes: node, hooks: hooks)
    let housekeeping = HousekeepingService(
        spool: spool, status: status, metricsFile: configuration.metricsFile, rescanSeconds: settings.rescanSeconds,
        retentionDays: settings.retentionDays, logger: logger)
    let workers = WorkersService(
        processor: processor, count: settings.workers, retryDelay: settings.rescanSeconds, signal: signal
    ) {
        status.publish()
        housekeeping.writeMetricsIfDue()
    }
    let watcher: WatcherService
    do { watcher = try WatcherService(spool: spool, rescanSeconds: settings.rescanSeconds, signal: signal) } catch {
        throw DaemonStartupError(lines: ["\(error)"], exitCode: 73)
    }
    let liveness = LivenessService(
        progress: progress, stuckSeconds: settings.stuckSeconds,
        watchdog: SystemdNotifier.watchdogInterval(environment: environment),
        status: status, logger: logger)
    let daemon = ParityDaemon(
        registry: registry,
        settings: .init(
            configurationFile: configuration.file, database: database, processor: processor, housekeeping: housekeeping,
            startedWith: configuration),
        status: status, logger: logger)
    logStart(configuration: configuration, registry: registry, database: database, logger: logger)
    let snapshot = PoolSnapshotService(
        snapshot: PoolSnapshot(state: configuration.paths.state), store: startup.nodeStore,
        location: configuration.storeLocation, order: startup.order, node: node, registry: registry, logger: logger)
    let services: [any Service] = [
        housekeeping, snapshot, NodeHeartbeatService(node: node), workers, watcher, liveness, daemon,
    ]
    let group = ServiceGroup(
        configuration: .init(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm],
            cancellationSignals: [.sigint], logger: logger))
    return (group, daemon)
}

/// The start-up log lines: what was loaded from where, and what the schema migration did.
private func logStart(
    configuration: ParityConfiguration, registry: FrameworkRegistry, database: any Store, logger: Logger
) {
    let settings = configuration.spool
    logger.info(
        "frameworks loaded",
        metadata: [
            "documents": "\(registry.current.versions.count)", "directory": "\(configuration.paths.frameworks)",
            "schema": "\(configuration.paths.schema)",
            "database": "\(configuration.storeLocation)", "spool": "\(configuration.paths.spool)",
            "workers": "\(settings.workers)",
        ])
    logger.info(
        database.migrationsApplied.isEmpty ? "database schema current" : "database schema migrated",
        metadata: [
            "database": "\(configuration.storeLocation)",
            "applied": "\(database.migrationsApplied.joined(separator: ","))",
        ])
}
