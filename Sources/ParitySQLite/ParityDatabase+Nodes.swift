import GRDB
public import ParityStore

/// The SQLite side of `Nodes.swift`: heartbeats, the pool's change log, recorded outputs.
extension ParityDatabase {
    /// Seconds since the epoch by SQLite's clock (milliseconds kept).
    private static let now = "((julianday('now') - 2440587.5) * 86400.0)"

    public func recordedOutputs(_ paths: [String]) throws(StoreError) -> Set<String> {
        let ids = Array(Set(paths.compactMap { Self.messageId(ofOutput: $0) }))
        guard !ids.isEmpty else { return [] }
        do {
            return try writer.read { db in
                var listed = Set<String>()
                for (chunk, marks) in Self.chunks(ids) {
                    for outputs in try String.fetchAll(
                        db, sql: "SELECT outputs FROM message WHERE id IN (\(marks))",
                        arguments: StatementArguments(chunk))
                    {
                        listed.formUnion(LedgerJSON.strings(outputs))
                    }
                }
                return listed.intersection(paths)
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the message ledger", underlying: error)
        }
    }

    public func register(node: String, poolSequence: Int64) throws(StoreError) {
        do {
            try writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO node (name, beat_at, started_at, pool_seq, taken_over) VALUES (?, \(Self.now), \(Self.now), ?, 0)
                        ON CONFLICT (name) DO UPDATE SET beat_at = excluded.beat_at, started_at = excluded.started_at, pool_seq = excluded.pool_seq, taken_over = 0
                        """, arguments: [node, poolSequence])
            }
        } catch {
            throw StoreError(path: writer.path, operation: "register node \(node)", underlying: error)
        }
    }

    public func heartbeat(node: String, poolSequence: Int64) throws(StoreError) -> Bool {
        do {
            return try writer.write { db in
                try db.execute(
                    sql: "UPDATE node SET beat_at = \(Self.now), pool_seq = ? WHERE name = ? AND taken_over = 0",
                    arguments: [poolSequence, node])
                return db.changesCount == 1
            }
        } catch {
            throw StoreError(path: writer.path, operation: "record the heartbeat of node \(node)", underlying: error)
        }
    }

    public func takeOver(node: String, leaseSeconds: Double) throws(StoreError) -> Bool {
        do {
            return try writer.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO node (name, beat_at, started_at, taken_over) VALUES (?, 0, 0, 1) ON CONFLICT (name) DO NOTHING",
                    arguments: [node])
                if db.changesCount == 1 { return true }
                try db.execute(
                    sql:
                        "UPDATE node SET taken_over = 1 WHERE name = ? AND taken_over = 0 AND \(Self.now) - beat_at >= ?",
                    arguments: [node, leaseSeconds])
                return db.changesCount == 1
            }
        } catch {
            throw StoreError(path: writer.path, operation: "take over node \(node)", underlying: error)
        }
    }

    public func nodes() throws(StoreError) -> [NodeState] {
        do {
            return try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT name, \(Self.now) - beat_at, pool_seq FROM node ORDER BY name").map {
                    NodeState(name: $0[0], age: $0[1], poolSequence: $0[2])
                }
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the nodes' heartbeats", underlying: error)
        }
    }

    public func poolChanges(after sequence: Int64) throws(StoreError) -> PoolChanges {
        do {
            return try writer.read { db in
                let pruned = try Int64.fetchOne(db, sql: "SELECT pruned_through FROM pool_horizon") ?? 0
                let changes = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT p.seq, p.node, p.file, p.scope, p.person_id, p.destination, c.record, p.by_reference FROM pool_change p
                        LEFT JOIN candidate c ON NOT p.by_reference AND c.scope = p.scope AND c.person_id = p.person_id AND c.destination = p.destination
                        WHERE p.seq > ? ORDER BY p.seq
                        """, arguments: [sequence]
                ).map { row in
                    PoolChange(
                        sequence: row[0], node: row[1], file: row[2],
                        key: CandidateKey(scope: row[3], personId: row[4], destination: row[5]), record: row[6],
                        byReference: row[7])
                }
                return PoolChanges(after: sequence, pruned: pruned, changes: changes)
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the pool's change log", underlying: error)
        }
    }

    public func poolSequence() throws(StoreError) -> Int64 {
        do {
            return try writer.read { db in
                let last = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM pool_change") ?? 0
                let pruned = try Int64.fetchOne(db, sql: "SELECT pruned_through FROM pool_horizon") ?? 0
                return max(last, pruned)
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the pool's change log", underlying: error)
        }
    }

    public func prunePoolChanges(leaseSeconds: Double) throws(StoreError) {
        do {
            let erasures = try writer.write { db -> Bool in
                guard
                    let applied = try Int64.fetchOne(
                        db, sql: "SELECT min(pool_seq) FROM node WHERE taken_over = 0 AND \(Self.now) - beat_at <= ?",
                        arguments: [leaseSeconds])
                else { return false }
                try db.execute(
                    sql: "UPDATE pool_horizon SET pruned_through = max(pruned_through, ?)", arguments: [applied])
                let references = try Bool.fetchAll(
                    db,
                    sql:
                        "DELETE FROM pool_change WHERE seq <= (SELECT pruned_through FROM pool_horizon) RETURNING by_reference"
                )
                return references.contains(true)
            }
            // An erasure's reference must not survive in the write-ahead log either.
            if erasures {
                try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            }
        } catch {
            throw StoreError(path: writer.path, operation: "prune the pool's change log", underlying: error)
        }
    }
}
