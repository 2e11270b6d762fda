import Foundation
import ParityPostgres
import ParitySpool
import ParityStore
import ParityTestSupport
import Testing

/// The real parityd on a real PostgreSQL (`[database] url`, no `paths.database`): the ledger and
/// the people are in the server, and a restarted daemon builds its pool from them.
@Suite(.serialized) struct PostgresDaemonTests {
    let dir = TempDirectory()

    @Test func paritydRunsOnPostgreSQLAndARestartedNodeFindsItsPeopleThere() async throws {
        let url = try TestPostgres.freshDatabase()
        let config = dir.configuration(
            frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml", "ph-pqf.xml", "aqrf.xml"], databaseURL: url,
            extra: """
                [spool]
                rescan_seconds = 0.2
                """)
        let spool = Spool(root: dir.path + "/spool")
        let batch = try Data(contentsOf: Repo.root.appendingPathComponent("Samples/credential-batch.json"))
        let job = try Data(contentsOf: Repo.root.appendingPathComponent("Samples/job-opening.json"))

        let first = try DaemonProcess(config: config, listener: try NotifyListener(directory: dir.path))
        _ = try #require(await first.ready())
        _ = try spool.deliver(Array(batch))
        _ = try #require(await first.status { $0.handled >= 1 })
        #expect(first.stop() == 0)

        let store = try PostgresStore(url: url)
        #expect(try store.ledgerCounts() == ["credential-batch": 1])
        let people = try store.candidateCount()
        #expect(people > 0)
        #expect(try store.lastFrameworkLoad()?.versions.count == 5)
        let files = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
        #expect(
            !files.isEmpty && !files.contains { $0.hasSuffix(".sqlite") || $0.hasSuffix(".sqlite-wal") },
            "no SQLite file is made beside a shared database")

        // A second start (another node, or the same one after a failover) reads the people from the server.
        dir.write("second/.keep", "")
        let second = try DaemonProcess(config: config, listener: try NotifyListener(directory: dir.path + "/second"))
        _ = try #require(await second.ready())
        _ = try spool.deliver(Array(job))
        _ = try #require(await second.status { $0.handled >= 1 })
        #expect(second.stop() == 0)
        let shortlist = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    contentsOf: URL(fileURLWithPath: spool.result("employers", "klinikum-example-2026-0042"))
                )) as? [String: Any])
        #expect((shortlist["candidates"] as? [[String: Any]])?.isEmpty == false, "\(shortlist)")
        #expect(try store.ledgerCounts() == ["credential-batch": 1, "job-opening": 1])
    }
}
