import Foundation
import Logging
import ParityCore
import ParityStore
import ParityXML
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The long-running service: tells systemd when it is ready, reloads frameworks and
/// configuration on SIGHUP, pets the watchdog, and stops cleanly on SIGTERM.
/// Message processing joins in with the spool (issue 4).
public final class ParityDaemon: Service, Sendable {
    public let registry: FrameworkRegistry
    let database: ParityDatabase
    let notifier: SystemdNotifier
    let logger: Logger
    let configurationFile: String
    let environment: [String: String]
    private let lastError = Mutex<String?>(nil)
    private let reloads = Mutex(0)

    init(
        configurationFile: String, registry: FrameworkRegistry, database: ParityDatabase,
        notifier: SystemdNotifier, environment: [String: String], logger: Logger
    ) {
        self.configurationFile = configurationFile
        self.registry = registry
        self.database = database
        self.notifier = notifier
        self.environment = environment
        self.logger = logger
    }

    public func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        notifier.notify("READY=1\nSTATUS=\(status)")
        logger.notice("parityd ready", metadata: ["frameworks": "\(registry.current.frameworks.count)", "config": "\(configurationFile)"])
        await withTaskGroup(of: Void.self) { group in
            if let interval = SystemdNotifier.watchdogInterval(environment: environment) {
                let notifier = notifier
                group.addTask {
                    while !Task.isCancelled {
                        notifier.notify("WATCHDOG=1")
                        try? await Task.sleep(for: interval)
                    }
                }
            }
            await cancelWhenGracefulShutdown {
                for await _ in hangups { self.reload() }
            }
            group.cancelAll()
        }
        notifier.notify("STOPPING=1\nSTATUS=stopping")
        logger.notice("parityd stopping")
    }

    /// Re-reads the configuration and the framework directory. The new set replaces the old
    /// only if it is complete and valid; otherwise the old set stays and the error is reported.
    public func reload() {
        notifier.notify("RELOADING=1\nMONOTONIC_USEC=\(SystemdNotifier.monotonicMicroseconds())\nSTATUS=reloading")
        reloads.withLock { $0 += 1 }
        do {
            let configuration = try ParityConfiguration.load(file: configurationFile)
            let set = try registry.reload(from: configuration.frameworkDirectory)
            try database.recordFrameworkLoad(set.versions, reason: .reload, at: Self.timestamp())
            lastError.withLock { $0 = nil }
            logger.notice("frameworks reloaded", metadata: ["documents": "\(set.versions.count)"])
        } catch {
            let lines = (error as? FrameworkLoadError)?.lines ?? ["\(error)"]
            for line in lines { logger.error("reload rejected", metadata: ["problem": "\(line)"]) }
            lastError.withLock { $0 = "reload rejected (\(lines.count) problem(s)), previous frameworks kept: \(lines.first ?? "")" }
        }
        notifier.notify("READY=1\nSTATUS=\(status)")
    }

    /// The one-line status systemd shows (`systemctl status parityd`).
    public var status: String {
        let set = registry.current
        var text = "frameworks=\(set.frameworks.count) taxonomies=\(set.taxonomies.count) reloads=\(reloads.withLock { $0 })"
        if let error = lastError.withLock({ $0 }) { text += " last-error: \(error)" }
        return text
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
