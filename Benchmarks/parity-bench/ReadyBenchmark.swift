import Foundation
import Glibc
import ParityCore
import ParityMessages
import ParityTestSupport

/// Time to READY with a large pool, on SQLite and on PostgreSQL: the store filled by parityd
/// itself (credential batches of 10,000 people through the spool, as employment services send
/// them), then parityd started cold (no snapshot: the pool read from the store and indexed)
/// and warm (the snapshot its graceful stop wrote), each timed from the process's start to
/// its READY=1, with its RSS once ready.
enum ReadyBenchmark {
    static func run(
        parityd: String, frameworks: String, schema: String, work: String, people: Int, set: FrameworkSet
    ) async throws {
        print("\(people) people in the pool                 store       start  seconds to READY  RSS after READY")
        for store in ["sqlite", "postgres"] {
            let dir = work + "/\(store)"
            try? FileManager.default.removeItem(atPath: dir)
            try FileManager.default.createDirectory(
                atPath: dir + "/spool/incoming/tmp", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                atPath: dir + "/spool/incoming/new", withIntermediateDirectories: true)
            let config = dir + "/parity.toml"
            let database =
                store == "sqlite"
                ? "database = \"\(dir)/parity.sqlite\"" : "[database]\nurl = \"\(try TestPostgres.freshDatabase())\""
            try """
            [paths]
            frameworks = "\(frameworks)"
            schema = "\(schema)"
            spool = "spool"
            state = "state"
            \(store == "sqlite" ? database : "")
            [daemon]
            log_level = "notice"
            \(store == "postgres" ? database : "")
            [spool]
            max_message_bytes = 67108864
            group_size = 2
            """.write(toFile: config, atomically: true, encoding: .utf8)
            let fillStart = ContinuousClock.now
            let batches = (people + 9_999) / 10_000
            for b in 0..<batches {
                let batch = BatchWorkload.people(
                    set: set, count: min(10_000, people - b * 10_000), prefix: "r\(b)", seed: UInt64(b + 1))
                let name = "\(1_700_000_000 + b).ready\(b).local"
                try MessageCodec.encode(batch, pretty: false).write(
                    to: URL(fileURLWithPath: dir + "/spool/incoming/tmp/" + name))
                rename(dir + "/spool/incoming/tmp/" + name, dir + "/spool/incoming/new/" + name)
            }
            var daemon = try start(parityd, config: config, work: dir, log: "fill")
            _ = try await daemon.ready(label: "\(store), filling")
            try await waitDone(dir + "/spool/done", count: batches, label: store)
            _ = daemon.process.stop(within: 600)
            let label = store == "sqlite" ? "SQLite" : "PostgreSQL"
            print(
                String(
                    format: "  (the store filled through parityd: %d batches of 10,000 people in %.0f s)", batches,
                    SpoolBenchmark.elapsed(since: fillStart)))
            // Cold: no snapshot (the fill's stop wrote one: removed).
            unlink(dir + "/state/pool.snapshot")
            for start in ["cold", "warm"] {
                daemon = try Self.start(parityd, config: config, work: dir, log: start)
                let seconds = try await daemon.ready(label: "\(store), \(start)")
                let rss = SpoolBenchmark.rss(daemon.process.process.processIdentifier)
                guard daemon.process.stop(within: 600) == 0 else {
                    throw BenchmarkFailure("\(store), \(start): stop failed")
                }
                print(
                    label.padding(toLength: 43, withPad: " ", startingAt: 0)
                        + String(
                            format: "%@  %16.2f  %12d MB", start.padding(toLength: 5, withPad: " ", startingAt: 0),
                            seconds, rss / 1024)
                        + (start == "warm"
                            ? String(format: " (target <= 2 s: %@)", seconds <= 2 ? "met" : "NOT MET") : ""))
            }
        }
    }

    struct Started {
        var process: DaemonProcess
        var start: ContinuousClock.Instant

        /// Seconds from the process's start to READY=1.
        func ready(label: String) async throws -> Double {
            guard await process.ready() != nil else { throw BenchmarkFailure("\(label): parityd did not become ready") }
            return SpoolBenchmark.elapsed(since: start)
        }
    }

    static func start(_ parityd: String, config: String, work: String, log: String) throws -> Started {
        let notify = work + "/notify-\(log)"
        try FileManager.default.createDirectory(atPath: notify, withIntermediateDirectories: true)
        let listener = try NotifyListener(directory: notify)
        let start = ContinuousClock.now
        return Started(
            process: try DaemonProcess(
                config: config, listener: listener, binary: parityd, log: work + "/\(log).log"),
            start: start)
    }

    static func waitDone(_ done: String, count: Int, label: String) async throws {
        let deadline = ContinuousClock.now + .seconds(3600)
        while ((try? FileManager.default.contentsOfDirectory(atPath: done))?.count ?? 0) < count {
            guard ContinuousClock.now < deadline else { throw BenchmarkFailure("\(label): the fill did not finish") }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
