import Foundation
import Glibc
import ParityPostgres
import ParitySpool
import ParityStore
import ParityTestSupport
import Testing

/// Faults of a multi-node deployment, with the real parts (issue 26): two parityd nodes on one
/// spool, each in a network namespace of its own, reaching a PostgreSQL server of the test's own
/// over TCP through a veth pair (the database listens on the host's ends of the pairs only),
/// with 5,000 messages in flight. Each scenario prints what it counted. Needs root (namespaces,
/// links, mounts); `make test` runs this suite on its own, after the others.
@Suite(.serialized, .enabled(if: getuid() == 0, "network namespaces, veth links and tmpfs mounts need root"))
struct NodeFaultTests {
    let cluster = NodeCluster()
    static let count = 5000

    /// The namespaces, the server on their host addresses, a database, and both nodes' configurations.
    struct Deployment {
        let network: NetworkNamespaces
        let server: PostgresServer
        let database: String
        let configs: [String]

        init(_ cluster: NodeCluster, lease: Double) throws {
            let network = try NetworkNamespaces(["a", "b"])
            let server = try PostgresServer(listen: network.nodes.map(\.hostAddress), trusted: network.networks)
            let database = try server.createDatabase()
            configs = cluster.configurations(
                urls: network.nodes.map { server.url(database, host: $0.hostAddress) }, lease: lease)
            (self.network, self.server, self.database) = (network, server, database)
        }

        /// The store as the test reads it (over the Unix socket, outside the namespaces).
        func store() throws -> PostgresStore { try PostgresStore(url: server.url(database)) }

        func remove() {
            server.remove()
            network.remove()
        }
    }

    /// Starts node `index` (0: node-a, 1: node-b) in its namespace.
    func start(
        _ deployment: Deployment, _ index: Int, environment: [String: String] = [:]
    ) async throws
        -> DaemonProcess
    {
        try await cluster.start(
            deployment.configs[index], ["node-a", "node-b"][index],
            launcher: deployment.network.launcher(deployment.network.nodes[index]), environment: environment)
    }

    /// Waits until at least `count` messages are finished.
    func finished(_ count: Int, within seconds: Double = 300) async -> Bool {
        let spool = cluster.spool
        return await waitUntil(watching: [spool.directory(.done), spool.directory(.rejected)], timeout: seconds) {
            cluster.finished() >= count
        }
    }

    /// Settles, checks and prints the tally: every delivered message in done/ or rejected/
    /// exactly once, the 1 in 50 that are not JSON rejected with their reason, nothing else.
    func expectEveryMessageOnce(_ scenario: String, delivered: [String], deployment: Deployment) async throws {
        let settled = await cluster.settled(count: delivered.count, within: 600)
        let tally = try cluster.tally(delivered: delivered, store: deployment.store())
        print("fault \(scenario): \(tally)")
        #expect(
            settled,
            "not settled: \(NodeCluster.files(cluster.spool.incomingNew).count) waiting\n\(cluster.log("node-a").suffix(3000))\n\(cluster.log("node-b").suffix(3000))"
        )
        #expect(
            tally.lost == 0 && tally.duplicated == 0 && tally.unrecorded == 0 && tally.unpublished == 0
                && tally.unexplained == 0)
        #expect(tally.done == delivered.count - delivered.count / 50 && tally.rejected == delivered.count / 50)
    }

    @Test func postgresRestartedTwiceLosesNothingAndBothNodesReconnectWithoutRestarting() async throws {
        let deployment = try Deployment(cluster, lease: 8)
        defer { deployment.remove() }
        let a = try await start(deployment, 0)
        let b = try await start(deployment, 1)
        let delivered = try produce(spool: cluster.spool.root, count: Self.count, prefix: "pg-restart", badEvery: 50)
        // Restarted (fast shutdown, then start) at a quarter and at half of the messages.
        for share in [Self.count / 4, Self.count / 2] {
            #expect(await finished(share))
            try deployment.server.stop(mode: "fast")
            try deployment.server.start()
        }
        try await expectEveryMessageOnce("postgres-restart", delivered: delivered.map(\.name), deployment: deployment)
        #expect(a.process.isRunning && b.process.isRunning, "both nodes ran through the restarts")
        let felt = (cluster.log("node-a") + "\n" + cluster.log("node-b")).split(separator: "\n").filter {
            ($0.hasPrefix("<3>") || $0.hasPrefix("<4>")) && !$0.contains("code=not-json")
        }
        print(
            "fault postgres-restart: the nodes logged \(felt.count) errors and warnings:\n\(felt.joined(separator: "\n"))"
        )
        #expect(
            !felt.contains { $0.contains("no answer from the server") },
            "a call left unanswered by the restart ended when its connection closed, not at the 120 s backstop")
        #expect(deployment.server.log.components(separatedBy: "database system is ready").count - 1 == 3)
        #expect(a.stop() == 0 && b.stop() == 0)
    }

    @Test func aNodeCutOffPastTheLeaseFencesItselfTheOtherTakesOverAndItRejoins() async throws {
        let lease = 6.0
        let deployment = try Deployment(cluster, lease: lease)
        defer { deployment.remove() }
        var a = try await start(deployment, 0)
        let b = try await start(deployment, 1)
        // 4,000 now; the last 1,000 once node A is back, so that there is work left to share.
        var delivered = try produce(spool: cluster.spool.root, count: 4000, prefix: "cut-off", badEvery: 50)
        #expect(await finished(1000))
        // Cut off while it holds claims: frozen the moment it is seen holding some, the link
        // cut, then let go (its claims cannot leave without the database).
        let claims = cluster.spool.activeDirectory(node: "node-a")
        let pid = a.process.processIdentifier
        #expect(
            await waitUntil(watching: [claims], timeout: 60) {
                guard !NodeCluster.files(claims).isEmpty else { return false }
                kill(pid, SIGSTOP)
                return true
            })
        let held = NodeCluster.files(claims).count
        try deployment.network.setLink(deployment.network.nodes[0], up: false)
        let cut = ContinuousClock.now
        kill(pid, SIGCONT)
        while a.process.isRunning && ContinuousClock.now - cut < .seconds(lease * 4) {
            try await Task.sleep(for: .milliseconds(50))
        }
        let fencedAfter = ContinuousClock.now - cut
        #expect(!a.process.isRunning, "node A still runs \(fencedAfter) after it was cut off")
        a.process.waitUntilExit()
        #expect(a.process.terminationStatus == 75, "a node cut off past the lease exits 75 (fenced)")
        #expect(cluster.log("node-a").contains("fencing this node"))
        // Node B declares it dead and returns its claims (by the database's clock, after the lease).
        #expect(
            await waitUntil(watching: [claims], timeout: 60) { NodeCluster.files(claims).isEmpty },
            "node B did not return node A's claims:\n\(cluster.log("node-b").suffix(3000))")
        let returnedAfter = ContinuousClock.now - cut
        // Logged once the claims are back.
        #expect(await waitUntil(watching: [], timeout: 10) { cluster.log("node-b").contains("node declared dead") })
        print(
            "fault cut-off: node A fenced itself \(fencedAfter) after its link went down (lease \(lease) s); node B returned its \(held) claims \(returnedAfter) after"
        )
        // The link comes back; systemd (Restart=on-failure, RestartSec=5s) starts it again,
        // and again while it cannot reach the database yet (exit 73), until it rejoins.
        try deployment.network.setLink(deployment.network.nodes[0], up: true)
        var starts = 0
        repeat {
            if starts > 0 { try await Task.sleep(for: .seconds(5)) }
            starts += 1
            a = try cluster.launch(
                deployment.configs[0], "node-a", launcher: deployment.network.launcher(deployment.network.nodes[0]))
        } while await a.ready() == nil && starts < 5
        #expect(a.process.isRunning, "node A rejoined after \(starts) starts:\n\(cluster.log("node-a").suffix(2000))")
        print("fault cut-off: node A ready again after \(starts) start(s) once its link was back")
        func processedByA() -> Int { cluster.log("node-a").components(separatedBy: "message processed").count - 1 }
        let beforeRejoining = processedByA()
        delivered += try produce(spool: cluster.spool.root, count: 1000, prefix: "cut-off-after", badEvery: 50)
        try await expectEveryMessageOnce("cut-off", delivered: delivered.map(\.name), deployment: deployment)
        print(
            "fault cut-off: node A processed \(beforeRejoining) messages before it was cut off, \(processedByA() - beforeRejoining) after it rejoined"
        )
        #expect(processedByA() > beforeRejoining, "the restarted node A took messages again")
        #expect(a.stop() == 0 && b.stop() == 0)
    }
}
