import Foundation
import Glibc
import ParitySpool
import ParityTestSupport
import Synchronization
import Testing

/// A message that ends the process must not end it again at every start: parityd as a child
/// process, killed twice while it holds the same message.
@Suite(.serialized) struct PoisonMessageDaemonTests {
    let dir = TempDirectory()

    @Sendable static func files(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    static func slowBatch(people: Int) -> [UInt8] {
        let person =
            #"{"person": {"id": "p-ID", "consent": {"matching": true}}, "credentials": [{"title": "#
            + #""Honours Bachelor Degree in Nursing", "country": "IE", "level": "8", "occupation": "2221", "#
            + #""evidence": "diploma"}]}"#
        let entries = (0..<people).map { person.replacingOccurrences(of: "ID", with: "\($0)") }
        let text =
            #"{"kind": "credential-batch", "id": "slow", "destination": "DE", "people": ["#
            + entries.joined(separator: ",") + "]}"
        return Array(text.utf8)
    }

    /// Starts parityd, watching from before its start for `name` to be claimed (in
    /// active/<node>/); freezes it (SIGSTOP) the moment it is seen there, so that it cannot
    /// finish the message, then kills it. Returns whether it was caught holding the message.
    /// `afterRecovery`: the claim to wait for is one made after this start's recovery, which
    /// marks what it returns (until then the previous run's claim is still in active/).
    func startAndKillWhileItHolds(
        _ name: String, afterRecovery: Bool, config: String, listener: NotifyListener, spool: Spool
    ) async throws -> Bool {
        let active = spool.directory(.active)
        let marks = active + "/.interrupted.json"
        let pid = Mutex<pid_t>(0)
        let held = Mutex<Bool?>(nil)
        let finished = DispatchSemaphore(value: 0)
        // A thread of its own, started now: a task could wait behind the other suites' work on
        // the cooperative threads while the daemon finishes the message.
        Thread {
            let seen = waitUntil(watching: [spool.root + "/active", active], timeout: 120) {
                guard FileManager.default.fileExists(atPath: active + "/" + name),
                    !afterRecovery || FileManager.default.fileExists(atPath: marks)
                else { return false }
                let running = pid.withLock { $0 }
                guard running > 0 else { return false }
                kill(running, SIGSTOP)
                return true
            }
            held.withLock { $0 = seen }
            finished.signal()
        }.start()
        let daemon = try DaemonProcess(config: config, listener: listener)
        pid.withLock { $0 = daemon.process.processIdentifier }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                finished.wait()
                done.resume()
            }.start()
        }
        let caught = held.withLock { $0 } ?? false
        daemon.kill9()
        return caught && FileManager.default.fileExists(atPath: active + "/" + name)
    }

    @Test func aMessageInProgressAtTwoUncleanStopsIsRejectedAndTheQueueMoves() async throws {
        let config = dir.configuration(
            frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"],
            extra: "[spool]\nworkers = 2\ngroup_size = 4\nrescan_seconds = 0.2")
        let spool = Spool(root: dir.path + "/spool")
        try spool.prepare()
        let listener = try NotifyListener(directory: dir.path)
        // The culprit: a batch slow enough to be caught in the act (20,000 people who consent
        // to matching: seconds of scoring and inserts, in a debug build).
        let culprit = (name: try spool.deliver(Self.slowBatch(people: 20_000)), id: "slow")
        let others = try produce(spool: spool.root, count: 6, prefix: "after")

        // First unclean stop: the culprit (and what was claimed with it) goes back, marked.
        #expect(
            try await startAndKillWhileItHolds(
                culprit.name, afterRecovery: false, config: config, listener: listener, spool: spool))
        #expect(!FileManager.default.fileExists(atPath: spool.directory(.active) + "/.interrupted.json"))

        // Second start: the interrupted messages are taken one at a time, the culprit first;
        // it is in progress, alone, at the second unclean stop.
        #expect(
            try await startAndKillWhileItHolds(
                culprit.name, afterRecovery: true, config: config, listener: listener, spool: spool))
        #expect(Self.files(spool.directory(.active)) == [culprit.name])

        // Third start: the culprit is in rejected/ with its reason, and the queue moves.
        _ = listener.drain()  // the READY of the daemons killed before
        let third = try DaemonProcess(config: config, listener: listener)
        _ = try #require(await third.ready())
        let reason = try #require(spool.reason(culprit.name), "the culprit was not rejected at the third start")
        #expect(reason.reason.code == .interruptedTwice)
        #expect(reason.reason.found.contains("two unclean stops"))
        #expect(reason.reason.expected.contains("parity queue retry \(culprit.name)"))
        let done = spool.directory(.done)
        let moved = await waitUntil(watching: [done], timeout: 60) {
            Set(Self.files(done)) == Set(others.map(\.name))
        }
        #expect(moved, "done/ holds \(Self.files(done))")
        #expect(Self.files(spool.incomingNew).isEmpty)

        // Once the cause is fixed, the operator sends it through again (`parity queue retry`).
        #expect(try spool.requeue(culprit.name, from: .rejected))
        let retried = await waitUntil(watching: [done], timeout: 120) {
            Self.files(done).contains(culprit.name)
        }
        #expect(retried)
        #expect(spool.reason(culprit.name) == nil)
        #expect(third.stop() == 0)
        #expect(Self.files(spool.directory(.active)).isEmpty)
    }
}
