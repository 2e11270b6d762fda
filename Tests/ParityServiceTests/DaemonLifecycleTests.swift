import Foundation
import Glibc
import Logging
import ParityCore
import ParitySQLite
import ParityService
import ParityStore
import ParityTestSupport
import ServiceLifecycle
import Testing

/// Starts the real service group the way parityd does and talks to it as systemd would.
@Suite(.serialized) struct DaemonLifecycleTests {
    let dir = TempDirectory()

    @Test func readyReloadOnSIGHUPAndStopOnShutdown() async throws {
        let config = dir.configuration(frameworks: ["eqf.xml", "ie-nfq.xml"])
        let listener = try NotifyListener(directory: dir.path)
        let logger = Logger(label: "test") { KeyValueLogHandler(label: $0, level: .critical) }
        let (group, daemon) = try makeServiceGroup(
            configuration: ParityConfiguration.load(file: config), environment: ["NOTIFY_SOCKET": listener.path],
            logger: logger)
        let running = Task { try await group.run() }

        // In process: READY waits for threads the other suites' synchronous work may hold.
        let ready = try #require(await listener.until("READY=1", timeout: 120))
        #expect(
            ready.last?.contains("STATUS=queue=0 processed=0 rejected=0 duplicates=0 frameworks=2 reloads=0") == true)

        // A new framework file appears; SIGHUP puts it in service.
        try FileManager.default.copyItem(
            atPath: Repo.frameworks + "/de-dqr.xml", toPath: dir.path + "/frameworks/de-dqr.xml")
        kill(getpid(), SIGHUP)
        let reload = try #require(await listener.until("READY=1"))
        #expect(reload.first?.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") == true)
        #expect(daemon.registry.current.framework("de-dqr") != nil)

        // A broken file: the reload is refused, the old set stays, the status says why.
        _ = FileManager.default.createFile(atPath: dir.path + "/frameworks/broken.xml", contents: Data("<oops".utf8))
        daemon.reload()
        let refused = try #require(await listener.until("READY=1"))
        #expect(refused.last?.contains("reload-error: reload rejected") == true)
        #expect(daemon.registry.current.frameworks.count == 3)

        await group.triggerGracefulShutdown()
        _ = try #require(await listener.until("STOPPING=1"))
        try await running.value

        let history = try ParityDatabase(path: dir.path + "/db/parity.sqlite").lastFrameworkLoad()
        #expect(history?.reason == .reload)
        #expect(history?.versions.map(\.id) == ["de-dqr", "eqf", "ie-nfq"])
    }

    /// A node that another node declared dead ends its service group with `NodeFenced` (which
    /// parityd maps to exit status 75), without any `exit` inside the services.
    @Test func aFencedNodeEndsTheGroupWithNodeFenced() async throws {
        let config = dir.configuration(
            frameworks: ["eqf.xml", "ie-nfq.xml"],
            extra: "[spool]\nnode = \"fenced-node\"\nrescan_seconds = 0.1\nnode_lease_seconds = 1\n")
        let listener = try NotifyListener(directory: dir.path)
        let logger = Logger(label: "test") { KeyValueLogHandler(label: $0, level: .critical) }
        let (group, _) = try makeServiceGroup(
            configuration: ParityConfiguration.load(file: config), environment: ["NOTIFY_SOCKET": listener.path],
            logger: logger)
        let running = Task { try await group.run() }
        _ = try #require(await listener.until("READY=1"))
        // Another node takes it over (a lease of zero: whatever its last heartbeat).
        #expect(try ParityDatabase(path: dir.path + "/db/parity.sqlite").takeOver(node: "fenced-node", leaseSeconds: 0))
        do {
            try await running.value
            Issue.record("a fenced node must not end as if stopped")
        } catch let fenced as NodeFenced {
            #expect(fenced.node == "fenced-node" && NodeFenced.exitCode == 75)
        }
    }

    @Test func brokenFrameworksStopTheStartWithEveryProblemAndExitCode78() throws {
        let config = dir.configuration(frameworks: ["ie-nfq.xml"])
        let configuration = try ParityConfiguration.load(file: config)
        do {
            _ = try makeServiceGroup(configuration: configuration, environment: [:], logger: Logger(label: "test"))
            Issue.record("must not start without the frameworks its bridges need")
        } catch {
            #expect(error.exitCode == 78)
            #expect(error.lines.allSatisfy { $0.contains("ie-nfq.xml:") && $0.contains("unknown framework 'eqf'") })
            #expect(error.lines.count == 10)
        }
    }
}

@Suite struct KeyValueLogHandlerTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [String] = []
        func append(_ line: String) { lock.lock(); storage.append(line); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return storage }
    }

    @Test func linesCarryASyslogPriorityAndSortedQuotedFields() {
        let lines = Lines()
        var logger = Logger(label: "t") { KeyValueLogHandler(label: $0, level: .debug, sink: { lines.append($0) }) }
        logger[metadataKey: "service"] = "parityd"
        logger.error("reload rejected", metadata: ["problem": "a.xml:3:1: bad \"x\"", "count": "2"])
        logger.debug("multi\nline")
        #expect(
            lines.all == [
                "<3>reload rejected count=2 problem=\"a.xml:3:1: bad \\\"x\\\"\" service=parityd\n",
                "<7>multi line service=parityd\n",
            ])
    }
}
