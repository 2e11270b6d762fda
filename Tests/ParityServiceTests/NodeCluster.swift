import Foundation
import Glibc
import ParityPostgres
import ParitySpool
import ParityStore
import ParityTestSupport
import Testing

/// Real parityd nodes on one spool and one PostgreSQL database, as the two-node and the fault
/// tests run them: their configurations, their starts (each with a log of its own), the wait
/// until every message has its outcome, and the tally of those outcomes.
struct NodeCluster {
    let dir = TempDirectory()
    var spool: Spool { Spool(root: dir.path + "/spool") }

    /// Each node's configuration: one spool, one database (reached at its own URL: the fault
    /// tests' nodes each have their own route to it), one state directory (the pseudonym and
    /// letter keys must be the same on every node); their own names.
    func configurations(
        urls: [String], names: [String] = ["node-a", "node-b"], lease: Double, workers: Int = 2, groupSize: Int = 16
    ) -> [String] {
        zip(names, urls).map { node, url in
            dir.configuration(
                "\(node).toml", frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml", "ph-pqf.xml", "aqrf.xml"],
                databaseURL: url,
                extra: """
                    [spool]
                    node = "\(node)"
                    node_lease_seconds = \(lease)
                    workers = \(workers)
                    group_size = \(groupSize)
                    rescan_seconds = 0.2
                    [matching]
                    shortlist_size = 500
                    """)
        }
    }

    /// Starts a node; every start has a socket and a log of its own (a killed node leaves its
    /// socket file behind). `launcher` and `environment` as in `DaemonProcess`.
    func start(
        _ config: String, _ name: String, launcher: [String] = [], environment: [String: String] = [:]
    ) async throws -> DaemonProcess {
        let daemon = try launch(config, name, launcher: launcher, environment: environment)
        _ = try #require(await daemon.ready(), "\(name) did not become ready: \(log(name))")
        return daemon
    }

    /// Starts a node without waiting for it.
    func launch(
        _ config: String, _ name: String, launcher: [String] = [], environment: [String: String] = [:]
    ) throws -> DaemonProcess {
        let run = "\(name)-run-\(UUID().uuidString.prefix(8))"
        dir.write("\(run)/.keep", "")
        return try DaemonProcess(
            config: config, listener: try NotifyListener(directory: dir.path + "/" + run), environment: environment,
            log: dir.path + "/\(run)/parityd.log", launcher: launcher)
    }

    /// Everything a node logged, over all its starts.
    func log(_ name: String) -> String {
        dir.names().filter { $0.hasPrefix("\(name)-run-") }
            .compactMap { try? String(contentsOfFile: dir.path + "/\($0)/parityd.log", encoding: .utf8) }.joined(
                separator: "\n")
    }

    static func files(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }
    }

    /// Messages in done/ or rejected/ (not counting the reasons beside the rejected ones).
    func finished() -> Int {
        Self.files(spool.directory(.done)).count
            + Self.files(spool.directory(.rejected)).filter { !$0.hasSuffix(Spool.reasonSuffix) }.count
    }

    /// Waits (on the spool's inotify events, with a generous deadline that only a hang reaches)
    /// until every one of `count` messages is in done/ or rejected/ and nothing is left in the queue.
    func settled(count: Int, within seconds: Double) async -> Bool {
        let spool = spool
        let watched =
            [spool.directory(.done), spool.directory(.rejected), spool.incomingNew]
            + ((try? spool.nodes()) ?? []).map { spool.activeDirectory(node: $0) }
        return await waitUntil(watching: watched, timeout: seconds) {
            finished() >= count && Self.files(spool.incomingNew).isEmpty && (try? spool.count(.active)) == 0
        }
    }

    /// What happened to the messages producers delivered: each must end in done/ or in
    /// rejected/ (with its reason), exactly once, with one ledger entry and one published
    /// result per processed message.
    struct Tally: CustomStringConvertible {
        var delivered = 0, done = 0, rejected = 0, duplicated = 0, lost = 0
        /// Processed messages (in done/) without a ledger entry, and ledger entries without a message in done/.
        var unrecorded = 0
        /// Processed messages without their result in `outbox/batches/new`.
        var unpublished = 0
        /// Rejected messages without their reason file.
        var unexplained = 0

        var description: String {
            "delivered=\(delivered) done=\(done) rejected=\(rejected) duplicated=\(duplicated) lost=\(lost)"
                + (unrecorded + unpublished + unexplained > 0
                    ? " unrecorded=\(unrecorded) unpublished=\(unpublished) unexplained=\(unexplained)" : "")
        }
    }

    /// The tally, from the spool and the ledger (`store`, kind `credential-batch`). A message
    /// is duplicated when it has two outcomes (in done/ and in rejected/); a second commit of
    /// one is refused by the ledger's key, which `unrecorded` would show as a gap.
    func tally(delivered: [String], store: PostgresStore) throws -> Tally {
        let done = Set(Self.files(spool.directory(.done)))
        let rejected = Set(Self.files(spool.directory(.rejected)).filter { !$0.hasSuffix(Spool.reasonSuffix) })
        let ledger = Set(try store.ledgerFiles(kind: "credential-batch"))
        var tally = Tally(delivered: delivered.count, done: done.count, rejected: rejected.count)
        tally.duplicated = done.intersection(rejected).count
        tally.lost = Set(delivered).subtracting(done.union(rejected)).count
        tally.unrecorded = ledger.symmetricDifference(done).count
        tally.unpublished = max(0, done.count - Self.files(spool.outbox("batches").new).count)
        tally.unexplained = rejected.filter { spool.reason($0) == nil }.count
        return tally
    }
}
