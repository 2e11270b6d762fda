import Foundation
import Glibc
import ParitySQLite
import ParitySpool
import ParityStore
import ParityTestSupport
import Testing

/// parityd processes, killed and starved of disk, against producers that know only Maildir.
@Suite(.serialized) struct SpoolDaemonTests {
    let dir = TempDirectory()

    func config(spool: String = "spool", database: String = "db/parity.sqlite") throws -> String {
        let file = dir.configuration(
            frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"],
            extra: """
                [spool]
                workers = 2
                rescan_seconds = 0.2
                """)
        let text = try String(contentsOfFile: file, encoding: .utf8)
            .replacing("spool = \"spool\"", with: "spool = \"\(spool)\"")
            .replacing("database = \"db/parity.sqlite\"", with: "database = \"\(database)\"")
        return dir.write("parity.toml", text)
    }

    func files(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// Every delivered message ended in done/ or rejected/ exactly once; every done one has its
    /// result (complete JSON, named by its id) and its ledger entry; nothing is left anywhere else.
    func checkNothingLost(_ delivered: [(name: String, id: String)], spool: Spool, database: String) throws {
        let done = Set(files(spool.directory(.done)))
        let rejected = Set(files(spool.directory(.rejected)).filter { !$0.hasSuffix(".reason.json") })
        #expect(files(spool.incomingNew).isEmpty)
        #expect(files(spool.directory(.active)).isEmpty)
        #expect(done.isDisjoint(with: rejected))
        #expect(done.count + rejected.count == delivered.count)
        let ledger = try ParityDatabase(path: database)
        let outputs = Set(files(spool.outbox("batches").new))
        for message in delivered {
            if message.id == "bad" {
                #expect(rejected.contains(message.name))
                #expect(spool.reason(message.name)?.reason.code == .notJSON)
                continue
            }
            #expect(done.contains(message.name), "\(message.name) \(message.id) is not in done/")
            #expect(
                outputs.contains(MessageKey(scope: ownScope, id: message.id).resultName("json")),
                "no result for \(message.id)")
            let data = try Data(contentsOf: URL(fileURLWithPath: spool.result("batches", message.id)))
            let result = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(result?["batch"] as? String == message.id)
            #expect(try ledger.ledgerEntry(MessageKey(scope: ownScope, id: message.id)) != nil)
        }
        #expect(outputs.count == delivered.filter { $0.id != "bad" }.count)
        #expect(files(spool.outbox("batches").tmp).isEmpty)
    }

    @Test func tenThousandMessagesFromPythonsMaildirWhileTheDaemonRuns() async throws {
        let configFile = try config()
        let spool = Spool(root: dir.path + "/spool")
        let daemon = try DaemonProcess(config: configFile, listener: try NotifyListener(directory: dir.path))
        _ = try #require(await daemon.ready())
        let delivered = try produce(spool: spool.root, count: 10_000, prefix: "py", badEvery: 500)
        #expect(delivered.count == 10_000)
        let last = try #require(await daemon.status { $0.handled >= 10_000 })
        #expect(last.processed == 9_980 && last.rejected == 20 && last.duplicates == 0)
        #expect(daemon.stop() == 0)
        try checkNothingLost(delivered, spool: spool, database: dir.path + "/db/parity.sqlite")
    }

    @Test func killedTwentyTimesAtRandomItLosesNothing() async throws {
        let configFile = try config()
        let spool = Spool(root: dir.path + "/spool")
        let listener = try NotifyListener(directory: dir.path)
        var generator = SeededGenerator(state: 20261123)
        var delivered: [(name: String, id: String)] = []
        for run in 0..<20 {
            let daemon = try DaemonProcess(config: configFile, listener: listener)
            _ = try #require(await daemon.ready())
            // Every run delivers more while the daemon works, then kills it after a random
            // number of groups: mid-group, mid-write or between the commit and the move.
            delivered += try produce(spool: spool.root, count: 150, prefix: "k\(run)", badEvery: 37)
            let groups = Int.random(in: 1...6, using: &generator)
            var seen = 0
            _ = await daemon.status { _ in
                seen += 1; return seen >= groups
            }
            daemon.kill9()
        }
        let daemon = try DaemonProcess(config: configFile, listener: listener)
        let ready = try #require(await daemon.ready())
        if !(files(spool.incomingNew).isEmpty && files(spool.directory(.active)).isEmpty) || ready.queue > 0 {
            _ = await daemon.status { _ in
                self.files(spool.incomingNew).isEmpty && self.files(spool.directory(.active)).isEmpty
            }
        }
        // A message in progress at two of the kills was quarantined (interrupted-twice): the
        // operator's retry sends it through, and it is not lost.
        let quarantined = try spool.entries(.rejected).map(\.name).filter {
            spool.reason($0)?.reason.code == .interruptedTwice
        }
        for name in quarantined { #expect(try spool.requeue(name, from: .rejected)) }
        if !quarantined.isEmpty {
            let done = spool.directory(.done)
            _ = await waitUntil(watching: [done], timeout: 60) {
                Set(quarantined).isSubset(of: Set((try? FileManager.default.contentsOfDirectory(atPath: done)) ?? []))
            }
        }
        #expect(daemon.stop() == 0)
        try checkNothingLost(delivered, spool: spool, database: dir.path + "/db/parity.sqlite")
    }

    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func aFullDiskLosesNothingAndProcessingResumesWhenSpaceReturns() async throws {
        let disk = dir.path + "/disk"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        #expect(mount("tmpfs", disk, "tmpfs", 0, "size=1536k,mode=0755") == 0)
        defer { umount2(disk, Int32(MNT_DETACH)) }
        let configFile = try config(spool: "disk/spool", database: "disk/parity.sqlite")
        let spool = Spool(root: disk + "/spool")
        try spool.prepare()
        // Forty batches of 20 credentials: the inputs fit, their results (about 40 KB each) do not.
        let delivered = try produce(spool: spool.root, count: 40, prefix: "full", credentials: 20)
        let daemon = try DaemonProcess(config: configFile, listener: try NotifyListener(directory: dir.path))
        _ = try #require(await daemon.ready())
        let starved = try #require(await daemon.status { $0.text.contains("No space left on device") })
        #expect(starved.rejected == 0)
        #expect(mount("tmpfs", disk, "tmpfs", UInt(MS_REMOUNT), "size=64m,mode=0755") == 0)
        _ = try #require(
            await daemon.status { _ in
                self.files(spool.incomingNew).isEmpty && self.files(spool.directory(.active)).isEmpty
            })
        #expect(daemon.stop() == 0)
        try checkNothingLost(delivered, spool: spool, database: disk + "/parity.sqlite")
    }
}
