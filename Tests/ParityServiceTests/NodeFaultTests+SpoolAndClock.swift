import Foundation
import Glibc
import ParityPostgres
import ParitySpool
import ParityStore
import ParityTestSupport
import Testing

/// The spool's file system full, and a node's wall clock jumping: the other two fault scenarios.
extension NodeFaultTests {
    /// A producer as `parity submit` delivers (Maildir, durable): credential batches, every
    /// 50th not JSON; it keeps a message it could not deliver for lack of space and offers it again.
    final class Producer {
        let spool: Spool
        private(set) var delivered: [String] = []
        private(set) var refused = 0

        init(spool: Spool) { self.spool = spool }

        /// Offers message `index`: true if delivered, false if refused with ENOSPC.
        func offer(_ index: Int) throws -> Bool {
            let text = index % 50 == 49 ? "not JSON \(index)" : TwoNodeDaemonTests.batch(index)
            let name: String
            do throws(SpoolError) {
                name = try spool.deliver(Array(text.utf8))
            } catch {
                guard error.code == ENOSPC else { throw error }
                refused += 1
                return false
            }
            delivered.append(name)
            return true
        }

        /// Delivers every message of `range`, waiting out a full disk.
        func deliver(_ range: Range<Int>) async throws {
            for index in range {
                var done = try offer(index)
                while !done {
                    try await Task.sleep(for: .milliseconds(20))
                    done = try offer(index)
                }
            }
        }
    }

    /// Writes zeros to `path` until the file system is full: the bytes written.
    static func fill(_ path: String) -> Int {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd) }
        var total = 0
        for size in [1 << 20, 4096, 512] {
            let zeros = [UInt8](repeating: 0, count: size)
            while write(fd, zeros, size) == size { total += size }
        }
        return total
    }

    @Test func aFullSpoolRefusesProducersWithENOSPCLosesNothingAndResumesWhenSpaceReturns() async throws {
        let disk = cluster.dir.path + "/spool"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        try #require(mount("tmpfs", disk, "tmpfs", 0, "size=96m,mode=0755") == 0)
        defer { umount2(disk, Int32(MNT_DETACH)) }
        let deployment = try Deployment(cluster, lease: 8)
        defer { deployment.remove() }
        let a = try await start(deployment, 0)
        let b = try await start(deployment, 1)
        let producer = Producer(spool: cluster.spool)
        try await producer.deliver(0..<2000)
        #expect(await finished(500))
        let filled = Self.fill(disk + "/filler")
        // Full: producers are refused; the nodes keep the messages they hold (no room for their
        // results) and reject none for it.
        let full = ContinuousClock.now
        var next = 2000
        while producer.refused < 20
            || !(cluster.log("node-a") + cluster.log("node-b")).contains("No space left on device"),
            ContinuousClock.now - full < .seconds(120)
        {
            if try producer.offer(next) { next += 1 }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(producer.refused >= 20, "producers were refused with ENOSPC")
        #expect((cluster.log("node-a") + cluster.log("node-b")).contains("No space left on device"))
        let rejectedWhileFull = NodeCluster.files(cluster.spool.directory(.rejected)).filter {
            !$0.hasSuffix(Spool.reasonSuffix) && cluster.spool.reason($0)?.reason.code != .notJSON
        }
        #expect(rejectedWhileFull.isEmpty, "nothing rejected for lack of space: \(rejectedWhileFull.prefix(3))")
        print("fault spool-full: filled \(filled) bytes; producers refused \(producer.refused) times with ENOSPC")
        // Space returns: both go on.
        #expect(unlink(disk + "/filler") == 0)
        try await producer.deliver(next..<Self.count)
        try await expectEveryMessageOnce("spool-full", delivered: producer.delivered, deployment: deployment)
        #expect(NodeCluster.files(cluster.spool.incomingTmp).isEmpty, "no partial delivery left in incoming/tmp")
        #expect(a.stop() == 0 && b.stop() == 0)
    }

    @Test func aNodesClockJumpingAnHourEachWayChangesNoLeaseTheDatabaseClockDecides() async throws {
        let lease = 8.0
        let deployment = try Deployment(cluster, lease: lease)
        defer { deployment.remove() }
        // libfaketime moves node B's wall clock (CLOCK_REALTIME) as the file says, read again on
        // every call; its monotonic clock is left alone, as a real clock step leaves it.
        let faketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
        try #require(
            FileManager.default.fileExists(atPath: faketime), "libfaketime is missing: run scripts/install-deps.sh")
        let clock = cluster.dir.write("clock-b", "+0")
        let a = try await start(deployment, 0)
        let b = try await start(
            deployment, 1,
            environment: [
                "LD_PRELOAD": faketime, "FAKETIME_TIMESTAMP_FILE": clock,
                "FAKETIME_NO_CACHE": "1", "FAKETIME_DONT_FAKE_MONOTONIC": "1",
            ])
        let delivered = try produce(spool: cluster.spool.root, count: Self.count, prefix: "clock", badEvery: 50)
        #expect(await finished(Self.count / 5))
        // An hour ahead, for two leases: were leases decided by node B's clock, it would find node
        // A's heartbeat an hour old and declare it dead.
        _ = cluster.dir.write("clock-b", "+1h")
        try await Task.sleep(for: .seconds(lease))
        // Node B's clock did move: its reload is recorded an hour ahead.
        kill(b.process.processIdentifier, SIGHUP)
        #expect(await waitUntil(watching: [], timeout: 30) { cluster.log("node-b").contains("frameworks reloaded") })
        let reloadedAt = try deployment.store().lastFrameworkLoad().flatMap { ISO8601DateFormatter().date(from: $0.at) }
        let ahead = (reloadedAt ?? .distantPast).timeIntervalSinceNow
        #expect(ahead > 3000, "node B's clock is an hour ahead (its reload recorded \(ahead) s ahead)")
        try await Task.sleep(for: .seconds(lease))
        let duringAhead = cluster.finished()
        // Back an hour, for two leases: were its heartbeats timed by the wall clock, node B
        // would fall silent for an hour, and node A would declare it dead.
        _ = cluster.dir.write("clock-b", "+0")
        try await Task.sleep(for: .seconds(2 * lease))
        let duringBack = cluster.finished()
        try await expectEveryMessageOnce("clock-jump", delivered: delivered.map(\.name), deployment: deployment)
        print(
            "fault clock-jump: node B ran \(Int(ahead)) s ahead; finished \(duringAhead) by then, \(duringBack) after the jump back"
        )
        let logs = cluster.log("node-a") + cluster.log("node-b")
        #expect(!logs.contains("node declared dead") && !logs.contains("fenc"), "no node declared dead, none fenced")
        #expect(a.process.isRunning && b.process.isRunning)
        #expect(a.stop() == 0 && b.stop() == 0)
    }
}
