import Foundation
import ParitySpool
import ParityTestSupport
import Testing

/// The pool's snapshot: written at a graceful stop, read at the next start (and gone while
/// parityd runs); a snapshot from another change-log position, or a damaged one, is refused,
/// said in the log, and the pool read from the store instead, with every candidate in it.
@Suite(.serialized) struct PoolSnapshotDaemonTests {
    let dir = TempDirectory()

    /// Starts parityd, waits until it has handled `handled` messages, stops it gracefully;
    /// returns its log.
    func run(_ config: String, log name: String, handled: Int, whileRunning: () -> Void = {}) async throws -> String {
        let log = dir.path + "/\(name).log"
        let notify = dir.path + "/notify-\(name)"
        try FileManager.default.createDirectory(atPath: notify, withIntermediateDirectories: true)
        let listener = try NotifyListener(directory: notify)
        let daemon = try DaemonProcess(config: config, listener: listener, log: log)
        _ = try #require(await daemon.ready())
        whileRunning()
        if handled > 0 { #expect(await daemon.status { $0.handled >= handled } != nil) }
        #expect(daemon.stop(within: 60) == 0)
        return (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    }

    /// The value of `key` on the first log line that contains `message`.
    static func field(_ log: String, _ message: String, _ key: String) -> String? {
        guard let line = log.split(separator: "\n").first(where: { $0.contains(message) }) else { return nil }
        return line.split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    @Test func aSnapshotIsReadAtTheNextStartAndRefusedWhenTheStoreMovedOnOrItIsDamaged() async throws {
        let config = dir.configuration(
            frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"], extra: "[spool]\nrescan_seconds = 0.2")
        let spool = dir.path + "/spool"
        try Spool(root: spool).prepare()
        let file = dir.path + "/state/pool.snapshot"
        _ = try produce(spool: spool, count: 20, prefix: "a")

        // 1. The first run reads the empty store, and writes its pool at the stop (0600).
        let first = try await run(config, log: "first", handled: 20)
        #expect(first.contains("candidate pool read from the store"))
        let written = try #require(Self.field(first, "candidate pool snapshot written", "candidates"))
        #expect(Int(written) ?? 0 > 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let old = try Data(contentsOf: URL(fileURLWithPath: file))

        // 2. The next start reads it, and it is gone while parityd runs; more people arrive.
        _ = try produce(spool: spool, count: 6, prefix: "b")
        let second = try await run(config, log: "second", handled: 6) {
            #expect(!FileManager.default.fileExists(atPath: file))
        }
        #expect(Self.field(second, "candidate pool read from its snapshot", "candidates") == written)
        let more = try #require(Self.field(second, "candidate pool snapshot written", "candidates"))
        #expect(Int(more) ?? 0 > Int(written) ?? 0)

        // 3. The first snapshot again: the store has moved on since; refused, the pool read in full.
        try old.write(to: URL(fileURLWithPath: file))
        let third = try await run(config, log: "third", handled: 0)
        #expect(third.contains("pool snapshot not used"))
        #expect(third.contains("written at change-log position"))
        #expect(Self.field(third, "candidate pool read from the store", "candidates") == more)

        // 4. The snapshot of that stop with one byte of its image changed: refused as damaged.
        var damaged = try Data(contentsOf: URL(fileURLWithPath: file))
        damaged[damaged.count - 3] ^= 0x40
        try damaged.write(to: URL(fileURLWithPath: file))
        let fourth = try await run(config, log: "fourth", handled: 0)
        #expect(fourth.contains("does not match its CRC-32"))
        #expect(Self.field(fourth, "candidate pool read from the store", "candidates") == more)

        // 5. And a clean stop's snapshot is read again.
        let fifth = try await run(config, log: "fifth", handled: 0)
        #expect(Self.field(fifth, "candidate pool read from its snapshot", "candidates") == more)
    }
}
