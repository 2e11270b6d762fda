import Foundation
import Glibc
import ParityTestSupport

/// Messages per second with one and with two parityd nodes sharing one spool, on SQLite (one
/// file, the nodes on this machine) and on PostgreSQL (a server of the benchmark's own, on a
/// Unix socket), beside the raw durable-write rate of the same disk in the same run.
enum NodesBenchmark {
    static func run(parityd: String, frameworks: String, schema: String, work: String, messages: Int) async throws {
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work + "/raw/tmp", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/raw/new", withIntermediateDirectories: true)
        let raw = SpoolBenchmark.rawDurableWrites(directory: work + "/raw", count: 3000)
        print(String(format: "raw durable writes (1 KiB: write, fsync, rename, fsync the directory): %.0f/s", raw))
        print(
            "\(messages) small credential batches".padding(toLength: 38, withPad: " ", startingAt: 0)
                + "  nodes  messages/s  vs raw durable writes")
        for store in ["sqlite", "postgres"] {
            for nodes in [1, 2] {
                let rate = try await measure(
                    store: store, nodes: nodes, parityd: parityd, frameworks: frameworks, schema: schema,
                    work: work + "/\(store)-\(nodes)", messages: messages)
                let label =
                    store == "sqlite" ? "SQLite (one file, this machine)" : "PostgreSQL (server on a Unix socket)"
                print(
                    label.padding(toLength: 38, withPad: " ", startingAt: 0)
                        + String(format: "  %5d  %10.0f  %.2fx", nodes, rate, rate / raw))
            }
        }
    }

    static func measure(
        store: String, nodes: Int, parityd: String, frameworks: String, schema: String, work: String, messages: Int
    ) async throws -> Double {
        for dir in ["spool/incoming/tmp", "spool/incoming/new", "spool/done"] {
            try FileManager.default.createDirectory(atPath: work + "/" + dir, withIntermediateDirectories: true)
        }
        let database = store == "sqlite" ? "database = \"\(work)/parity.sqlite\"" : ""
        let shared = store == "postgres" ? "[database]\nurl = \"\(try TestPostgres.freshDatabase())\"" : ""
        let configs = (0..<nodes).map { node -> String in
            let file = work + "/node-\(node).toml"
            try? """
            [paths]
            frameworks = "\(frameworks)"
            schema = "\(schema)"
            spool = "spool"
            state = "state"
            \(database)
            [daemon]
            log_level = "warning"
            \(shared)
            [spool]
            node = "node-\(node)"
            """.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }
        // The keys are made by the first start; the others start after it (as in the README).
        var daemons: [DaemonProcess] = []
        for (i, config) in configs.enumerated() {
            try FileManager.default.createDirectory(atPath: work + "/notify-\(i)", withIntermediateDirectories: true)
            let daemon = try DaemonProcess(
                config: config, listener: try NotifyListener(directory: work + "/notify-\(i)"), binary: parityd)
            guard await daemon.ready() != nil else { throw BenchmarkFailure("node \(i) did not start") }
            daemons.append(daemon)
        }
        let start = ContinuousClock.now
        SpoolBenchmark.deliver(messages, from: 0, spool: work + "/spool")
        let deadline = start + .seconds(600)
        while ((try? FileManager.default.contentsOfDirectory(atPath: work + "/spool/done"))?.count ?? 0) < messages {
            guard ContinuousClock.now < deadline else {
                throw BenchmarkFailure("\(store), \(nodes) node(s): not done in 600 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let seconds = SpoolBenchmark.elapsed(since: start)
        for daemon in daemons { _ = daemon.stop() }
        return Double(messages) / seconds
    }
}
