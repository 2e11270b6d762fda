import Foundation
import Glibc
import ParitySpool
import ParityTestSupport
import Testing

/// SIGTERM ends parityd within the time of the message in hand, not of the whole group: the
/// rest of the group goes back to incoming/new, unprocessed and not lost.
@Suite(.serialized) struct GracefulStopDaemonTests {
    let dir = TempDirectory()

    static func names(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }
    }

    @Test func sigtermFinishesTheMessageInHandAndPutsTheRestOfItsGroupBack() async throws {
        let config = dir.configuration(
            frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"],
            extra: "[spool]\nworkers = 1\ngroup_size = 64\nrescan_seconds = 0.2")
        let spool = Spool(root: dir.path + "/spool")
        try spool.prepare()
        // 60 batches of 2,000 people each: one group, many seconds of work (on a loaded machine the
        // stop may come late; 60 leave room for it).
        let batch = PoisonMessageDaemonTests.slowBatch(people: 2_000)
        var delivered: [String] = []
        for index in 0..<60 {
            let text = String(decoding: batch, as: UTF8.self)
                .replacingOccurrences(of: #""id": "slow""#, with: #""id": "stop-\#(index)""#)
            delivered.append(try spool.deliver(Array(text.utf8)))
        }
        let listener = try NotifyListener(directory: dir.path)
        let daemon = try DaemonProcess(config: config, listener: listener)
        _ = try #require(await daemon.ready())
        let done = spool.directory(.done)
        // The first result staged (or, if a segment was staged and published between two looks
        // on a loaded machine, published, or its message done): the group is in hand.
        let staged = spool.outbox("batches").tmp, published = spool.outbox("batches").new
        #expect(
            await waitUntil(watching: [staged, published, done], timeout: 120) {
                !Self.names(staged).isEmpty || !Self.names(published).isEmpty || !Self.names(done).isEmpty
            })
        #expect(daemon.stop(within: 110) == 0)
        let finished = Self.names(done), waiting = Self.names(spool.incomingNew)
        // Stopped long before the group's end; nothing left claimed; every message somewhere.
        #expect(finished.count < 60, "the whole group was processed before the stop")
        #expect(!waiting.isEmpty)
        #expect(Self.names(spool.directory(.active)).isEmpty)
        #expect(Set(finished).union(waiting) == Set(delivered))
        #expect(Self.names(spool.outbox("batches").new).count == finished.count)
    }
}
