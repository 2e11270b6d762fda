import Foundation
import Logging
import ParityCore
import ParityStore
import ParityXML
import ServiceLifecycle

/// Why the daemon could not start, with the exit status it should end with (sysexits.h).
public struct DaemonStartupError: Error, Sendable, CustomStringConvertible {
    public var lines: [String]
    /// 78 EX_CONFIG for configuration and framework data, 73 EX_CANTCREAT for the database.
    public var exitCode: Int32
    public var description: String { lines.joined(separator: "\n") }
}

/// Builds the daemon and its `ServiceGroup` from a loaded configuration: frameworks loaded and
/// checked, database opened and migrated, all before anything tells systemd it is ready.
/// `parityd` and the tests both start the service through this one function.
/// `hooks` are for tests only (a handler made to hang); parityd never passes any.
public func makeServiceGroup(
    configuration: ParityConfiguration, environment: [String: String], logger: Logger, hooks: ProcessingHooks = .init()
) throws(DaemonStartupError) -> (group: ServiceGroup, daemon: ParityDaemon) {
    let registry: FrameworkRegistry
    do {
        registry = try FrameworkRegistry(directory: configuration.frameworkDirectory)
    } catch {
        throw DaemonStartupError(lines: error.lines, exitCode: 78)
    }
    let database: any ParityStore
    do {
        try FileManager.default.createDirectory(atPath: configuration.paths.state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        database = try configuration.openStore()
        try database.recordFrameworkLoad(registry.current.versions, reason: .start, at: ParityDaemon.timestamp())
    } catch {
        throw DaemonStartupError(lines: ["\(error)"], exitCode: 73)
    }
    // The STATUS callback needs the daemon, which needs the spool: connect them through a box.
    let daemonBox = WeakReference<ParityDaemon>()
    let spool: SpoolService
    do {
        spool = try SpoolService(
            configuration: configuration, database: database, registry: registry,
            notifyStatus: { daemonBox.object?.groupDone() }, logger: logger, hooks: hooks)
    } catch {
        throw DaemonStartupError(lines: ["\(error)"], exitCode: 73)
    }
    let daemon = ParityDaemon(
        configurationFile: configuration.file, registry: registry, database: database, spool: spool,
        notifier: NotifyChannel(notifier: SystemdNotifier(environment: environment)), environment: environment, logger: logger)
    daemonBox.object = daemon
    logger.info("frameworks loaded", metadata: [
        "documents": "\(registry.current.versions.count)", "directory": "\(configuration.paths.frameworks)", "schema": "\(configuration.paths.schema)",
        "database": "\(configuration.storeLocation)", "spool": "\(configuration.paths.spool)",
        "workers": "\(configuration.spool.workers)",
    ])
    let group = ServiceGroup(configuration: .init(
        services: [.init(service: daemon)],
        gracefulShutdownSignals: [.sigterm],
        cancellationSignals: [.sigint],
        logger: logger))
    return (group, daemon)
}
