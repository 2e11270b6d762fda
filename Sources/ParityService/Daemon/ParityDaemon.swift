import Foundation
import Logging
import ParityCore
import ParityStore
import ParityXML
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The long-running service: processes the spool, tells systemd when it is ready and how the
/// queue stands, reloads frameworks and configuration on SIGHUP, pets the watchdog, and on
/// SIGTERM stops claiming, finishes the messages in hand, and exits.
public final class ParityDaemon: Service, Sendable {
    public let registry: FrameworkRegistry
    let database: ParityDatabase
    let spool: SpoolService
    let notifier: SystemdNotifier
    let logger: Logger
    let configurationFile: String
    let environment: [String: String]
    private let lastError = Mutex<String?>(nil)
    private let reloads = Mutex(0)

    init(
        configurationFile: String, registry: FrameworkRegistry, database: ParityDatabase, spool: SpoolService,
        notifier: SystemdNotifier, environment: [String: String], logger: Logger
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
        notifier.notify("STOPPING=1\nSTATUS=stopping: finishing the messages in hand")
        logger.notice("parityd stopping")
        // Workers block in file and database calls: wait for them off the task pool.
        let spool = self.spool, frameworks = registry.current.versions.count
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread { spool.stop(frameworks: frameworks); done.resume() }.start()
        }
        logger.notice("parityd stopped", metadata: ["status": "\(spool.statusText)"])
    }

    /// Re-reads the configuration and the framework directory. The new set replaces the old
    /// only if it is complete and valid; otherwise the old set stays and the error is reported.
    public func reload() {
        notifier.notify("RELOADING=1\nMONOTONIC_USEC=\(SystemdNotifier.monotonicMicroseconds())\nSTATUS=reloading")
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
        notifier.notify("READY=1\nSTATUS=\(status)")
    }

    /// The one-line status systemd shows (`systemctl status parityd`).
    public var status: String {
        let set = registry.current
        var text = spool.statusText + " frameworks=\(set.frameworks.count) reloads=\(reloads.withLock { $0 })"
        if let error = lastError.withLock({ $0 }) { text += " reload-error: \(error)" }
        return text
    }

    /// After each group of messages: the STATUS line, and the metrics at most once a second.
    func groupDone() {
        notifier.notify("STATUS=\(status)")
        spool.writeMetricsIfDue(frameworks: registry.current.versions.count)
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
