import Logging
import NIOCore
import NIOPosix
public import ParityStore
import PostgresNIO

/// The PostgreSQL side of `Nodes.swift`: heartbeats, the pool's change log, recorded outputs,
/// and LISTEN on the pool's channel.
extension PostgresStore {
    /// Seconds since the epoch by the server's clock.
    private static let now = "extract(epoch from clock_timestamp())"

    public func recordedOutputs(_ paths: [String]) throws(StoreError) -> Set<String> {
        let ids = Array(Set(paths.compactMap { Self.messageId(ofOutput: $0) }))
        guard !ids.isEmpty else { return [] }
        return try withConnection("read the message ledger") { c in
            var listed = Set<String>()
            for row in try c.query("SELECT outputs FROM message WHERE id = ANY(\(ids))", logger: logger).waitBounded(
                on: c
            ).rows {
                listed.formUnion(LedgerJSON.strings(try row.decode(String.self)))
            }
            return listed.intersection(paths)
        }
    }

    public func register(node: String, poolSequence: Int64) throws(StoreError) {
        try withConnection("register node \(node)") { c in
            try c.query(
                """
                INSERT INTO node (name, beat_at, started_at, pool_seq, taken_over) VALUES (\(node), \(unescaped: Self.now), \(unescaped: Self.now), \(poolSequence), false)
                ON CONFLICT (name) DO UPDATE SET beat_at = excluded.beat_at, started_at = excluded.started_at, pool_seq = excluded.pool_seq, taken_over = false
                """, logger: logger
            ).waitBounded(on: c)
        }
    }

    public func heartbeat(node: String, poolSequence: Int64) throws(StoreError) -> Bool {
        try withConnection("record the heartbeat of node \(node)") { c in
            !(try c.query(
                "UPDATE node SET beat_at = \(unescaped: Self.now), pool_seq = \(poolSequence) WHERE name = \(node) AND NOT taken_over RETURNING name",
                logger: logger
            ).waitBounded(on: c).rows.isEmpty)
        }
    }

    public func takeOver(node: String, leaseSeconds: Double) throws(StoreError) -> Bool {
        try transaction("take over node \(node)") { c in
            let inserted = try c.query(
                """
                INSERT INTO node (name, beat_at, started_at, taken_over) VALUES (\(node), 0, 0, true) ON CONFLICT (name) DO NOTHING RETURNING name
                """, logger: logger
            ).waitBounded(on: c).rows
            if !inserted.isEmpty { return true }
            // FOR UPDATE: waits for the node's commit in progress (FOR KEY SHARE), which then
            // finds itself fenced, or was committed before.
            try c.query("SELECT name FROM node WHERE name = \(node) FOR UPDATE", logger: logger).waitBounded(on: c)
            return
                !(try c.query(
                    "UPDATE node SET taken_over = true WHERE name = \(node) AND NOT taken_over AND \(unescaped: Self.now) - beat_at >= \(leaseSeconds) RETURNING name",
                    logger: logger
                ).waitBounded(on: c).rows.isEmpty)
        }
    }

    public func nodes() throws(StoreError) -> [NodeState] {
        try withConnection("read the nodes' heartbeats") { c in
            try c.query(
                "SELECT name, \(unescaped: Self.now) - beat_at, pool_seq FROM node ORDER BY name", logger: logger
            )
            .waitBounded(on: c).rows.map { row in
                let (name, age, seq) = try row.decode((String, Double, Int64).self)
                return NodeState(name: name, age: age, poolSequence: seq)
            }
        }
    }

    public func poolChanges(after sequence: Int64) throws(StoreError) -> PoolChanges {
        try withConnection("read the pool's change log") { c in
            let pruned =
                try c.query("SELECT pruned_through FROM pool_horizon", logger: logger).waitBounded(on: c).rows.first.map
            {
                try $0.decode(Int64.self)
            } ?? 0
            let changes = try c.query(
                """
                SELECT p.seq, p.node, p.file, p.scope, p.person_id, p.destination, c.record, p.by_reference FROM pool_change p
                LEFT JOIN candidate c ON NOT p.by_reference AND c.scope = p.scope AND c.person_id = p.person_id AND c.destination = p.destination
                WHERE p.seq > \(sequence) ORDER BY p.seq
                """, logger: logger
            ).waitBounded(on: c).rows.map { row in
                let (seq, node, file, scope, person, destination, record, byReference) = try row.decode(
                    (Int64, String, String, String, String, String, String?, Bool).self)
                return PoolChange(
                    sequence: seq, node: node, file: file,
                    key: CandidateKey(scope: scope, personId: person, destination: destination), record: record,
                    byReference: byReference)
            }
            return PoolChanges(after: sequence, pruned: pruned, changes: changes)
        }
    }

    public func poolSequence() throws(StoreError) -> Int64 {
        try withConnection("read the pool's change log") { c in
            try c.query(
                "SELECT greatest((SELECT coalesce(max(seq), 0) FROM pool_change), (SELECT pruned_through FROM pool_horizon))",
                logger: logger
            )
            .waitBounded(on: c).rows.first.map { try $0.decode(Int64.self) } ?? 0
        }
    }

    public func prunePoolChanges(leaseSeconds: Double) throws(StoreError) {
        try transaction("prune the pool's change log") { c in
            let applied =
                try c.query(
                    "SELECT min(pool_seq) FROM node WHERE NOT taken_over AND \(unescaped: Self.now) - beat_at <= \(leaseSeconds)",
                    logger: logger
                ).waitBounded(on: c).rows.first.map { try $0.decode(Int64?.self) } ?? nil
            guard let applied else { return }
            try c.query("UPDATE pool_horizon SET pruned_through = greatest(pruned_through, \(applied))", logger: logger)
                .waitBounded(on: c)
            try c.query(
                "DELETE FROM pool_change WHERE seq <= (SELECT pruned_through FROM pool_horizon)", logger: logger
            ).waitBounded(on: c)
        }
    }

    /// Opens a connection of its own that LISTENs on the pool's channel and calls `notified`
    /// (on an event-loop thread: it must not block) with each payload, the committing node.
    /// `lost` is called once if the connection closes; the caller opens a new one and catches
    /// up from the log, since notifications sent meanwhile are gone.
    public func listen(
        notified: @escaping @Sendable (String) -> Void, lost: @escaping @Sendable () -> Void
    ) throws(StoreError) -> any PoolSubscription {
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 0, logger: logger
            ).waitBounded(Self.connectSeconds)
            try Self.limitWaits(connection, logger: logger)
            connection.addListener(channel: Self.poolChannel) { _, notification in notified(notification.payload) }
            try connection.query("LISTEN \(unescaped: Self.poolChannel)", logger: logger).waitBounded(on: connection)
            connection.closeFuture.whenComplete { _ in lost() }
            return PoolListener(connection: connection)
        } catch {
            throw Self.storeError(error, location: location, operation: "listen for pool changes")
        }
    }
}

/// A LISTEN connection; closed when it goes.
public final class PoolListener: PoolSubscription {
    let connection: PostgresConnection
    init(connection: PostgresConnection) { self.connection = connection }
    public func close() { try? connection.close().waitBounded() }
    deinit { connection.close().whenComplete { [connection] _ in withExtendedLifetime(connection) {} } }
}
