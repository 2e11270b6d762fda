import Foundation
import Glibc
import Logging
import ParitySpool
import ParityTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@testable import ParityService

/// The status channel never stalls the work (DESIGN.md §8b), and liveness is honest: the
/// watchdog is fed only while the workers progress or are idle.
@Suite(.serialized) struct SystemdNotifyTests {
    let dir = TempDirectory()

    @Test func aReaderThatFallsBehindLosesNoStateChangeAndSeesTheLatestStatus() async throws {
        let listener = try NotifyListener(directory: dir.path)
        let channel = NotifyChannel(notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.path]))
        // Nobody reads while all of this is handed over; every call returns at once.
        channel.send("READY=1\nSTATUS=starting")
        for i in 0..<1000 { channel.status("processed=\(i)") }
        for _ in 0..<50 { channel.send("WATCHDOG=1") }
        channel.send("RELOADING=1\nMONOTONIC_USEC=1")
        channel.send("READY=1\nSTATUS=reloaded")
        channel.status("processed=final")
        channel.send("STOPPING=1")
        var received: [String] = []
        while let message = await listener.next(timeout: 2) {
            received.append(message)
            if message == "STATUS=processed=final" && channel.waiting == 0 { break }
        }
        let states = received.filter { !$0.hasPrefix("STATUS=") && $0 != "WATCHDOG=1" }
        #expect(
            states == [
                "READY=1\nSTATUS=starting", "RELOADING=1\nMONOTONIC_USEC=1", "READY=1\nSTATUS=reloaded", "STOPPING=1",
            ])
        #expect(received.contains("WATCHDOG=1"))
        #expect(received.filter { $0 == "WATCHDOG=1" }.count < 50, "pings waiting together are sent once")
        #expect(received.last == "STATUS=processed=final")
        #expect(received.filter { $0.hasPrefix("STATUS=") }.count < 1000, "status lines waiting together are coalesced")
        channel.close(within: 1)
    }

    @Test func withANotifySocketNobodyReadsFiveHundredMessagesAreProcessedAndSIGTERMExitsZero() async throws {
        let config = dir.configuration(
            frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"],
            extra: """
                [spool]
                workers = 2
                group_size = 4
                rescan_seconds = 0.2
                """)
        let spool = Spool(root: dir.path + "/spool")
        let listener = try NotifyListener(directory: dir.path)
        let daemon = try DaemonProcess(config: config, listener: listener)
        let delivered = try produce(spool: spool.root, count: 500, prefix: "unread")
        #expect(delivered.count == 500)
        // Waited on the spool itself: the notify socket is full and stays unread.
        #expect(waitForEntries(in: spool.directory(.done), count: 500, timeout: 120) == 500)
        #expect(daemon.stop(within: 20) == 0)
        // What did get through starts with READY=1, and nothing was sent out of order.
        let first = listener.drain()
        #expect(first.first?.hasPrefix("READY=1") == true)
        #expect(first.count >= 5)
    }

    @Test func aHandlerThatHangsStopsTheWatchdogAndTheLogNamesItsMessage() async throws {
        let config = dir.configuration(
            frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"],
            extra: """
                [spool]
                workers = 2
                rescan_seconds = 0.2
                stuck_seconds = 0.5
                """)
        let listener = try NotifyListener(directory: dir.path)
        let lines = KeyValueLogHandlerTests.Lines()
        let logger = Logger(label: "test") { KeyValueLogHandler(label: $0, level: .notice, sink: { lines.append($0) }) }
        let hang = DispatchSemaphore(value: 0)
        let hungAt = Mutex<Double?>(nil)
        let hooks = ProcessingHooks { kind, _ in
            guard kind == "job-opening" else { return }
            hungAt.withLock { $0 = Spool.now() }
            hang.wait()
        }
        let (group, _) = try makeServiceGroup(
            configuration: ParityConfiguration.load(file: config),
            environment: ["NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "100000"], logger: logger, hooks: hooks)
        let running = Task { try await group.run() }
        _ = try #require(await listener.until("READY=1"))
        _ = try #require(await listener.until("WATCHDOG=1"), "idle workers: the watchdog is fed")

        let spool = Spool(root: dir.path + "/spool")
        let job = try spool.deliver(
            Array(
                #"{"kind": "job-opening", "id": "j-hang", "posting": {"@type": "JobPosting", "title": "Nurse", "occupationalCategory": "2221"}}"#
                    .utf8))
        let stuck = try #require(await listener.until("STATUS=") { $0.contains("stuck: worker") })
        let reportedAt = Spool.now()
        let since = try #require(hungAt.withLock { $0 })
        // The daemon counts from when the worker took the message, a moment before the hook ran
        // (it takes the job's pool view first): up to 50 ms of that moment are allowed for.
        #expect(reportedAt - since >= 0.45, "not before spool.stuck_seconds")
        #expect(reportedAt - since < 5, "soon after spool.stuck_seconds")
        #expect(stuck.last?.contains(job) == true)
        // While it hangs: no ping in ten times the watchdog interval.
        var whileStuck: [String] = []
        while let message = await listener.next(timeout: 0.5) { whileStuck.append(message) }
        #expect(!whileStuck.contains("WATCHDOG=1"), "\(whileStuck)")
        let logged = lines.all.filter { $0.contains("worker stuck") }
        #expect(logged.count == 1)
        #expect(logged.first?.contains("message=\(job)") == true)
        #expect(logged.first?.hasPrefix("<2>") == true, "critical")

        hang.signal()
        _ = try #require(await listener.until("WATCHDOG=1"), "progress again: the pings come back")
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(lines.all.contains { $0.contains("workers progress again") })
    }
}

extension NotifyListener {
    /// Messages until one starts with `prefix` and satisfies `condition` (inclusive).
    func until(_ prefix: String, where condition: (String) -> Bool) async -> [String]? {
        var seen: [String] = []
        while let message = await next() {
            seen.append(message)
            if message.hasPrefix(prefix) && condition(message) { return seen }
        }
        return nil
    }
}
