import Foundation
import GRDB
public import ParityStore

/// A processed message as the ledger remembers it.
extension ParityDatabase {
    /// What the ledger holds for a message, if it was processed.
    public func ledgerEntry(_ key: MessageKey) throws(StoreError) -> LedgerEntry? {
        try ledgerRows("WHERE scope = ? AND id = ?", [key.scope, key.id]).first
    }

    /// Every entry of this id, whatever its scope, in scope order.
    public func ledgerEntries(id: String) throws(StoreError) -> [LedgerEntry] {
        try ledgerRows("WHERE id = ? ORDER BY scope", [id])
    }

    private func ledgerRows(_ condition: String, _ arguments: [String]) throws(StoreError) -> [LedgerEntry] {
        do {
            return try writer.read { db in
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT scope, id, kind, content_sha256, file, outputs, processed_at FROM message \(condition)",
                    arguments: StatementArguments(arguments)
                )
                .map(Self.entry)
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the message ledger", underlying: error)
        }
    }

    /// The content hashes the ledger holds for any of `keys` (one query per scope and chunk).
    public func ledgerHashes(_ keys: [MessageKey]) throws(StoreError) -> [MessageKey: String] {
        guard !keys.isEmpty else { return [:] }
        do {
            return try writer.read { db in
                var hashes: [MessageKey: String] = [:]
                for (scope, ids) in Dictionary(grouping: keys, by: \.scope) {
                    for (chunk, marks) in Self.chunks(ids.map(\.id)) {
                        for row in try Row.fetchAll(
                            db, sql: "SELECT id, content_sha256 FROM message WHERE scope = ? AND id IN (\(marks))",
                            arguments: StatementArguments([scope] + chunk))
                        {
                            hashes[MessageKey(scope: scope, id: row[0])] = row[1]
                        }
                    }
                }
                return hashes
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the message ledger", underlying: error)
        }
    }

    /// `ids` in chunks that stay under SQLite's limit on parameters, each with its `?,?,...`.
    static func chunks(_ ids: [String]) -> [(ids: [String], marks: String)] {
        stride(from: 0, to: ids.count, by: 500).map { start in
            let chunk = Array(ids[start..<min(ids.count, start + 500)])
            return (chunk, Array(repeating: "?", count: chunk.count).joined(separator: ","))
        }
    }

    /// Records a group of processed messages and their database effects in one transaction: all
    /// of them or none. Candidates are upserted by (scope, person, destination): their latest
    /// batch wins, and a legacy row of the same person and destination is superseded. A message
    /// already in the ledger (another node's commit) is left out. Every key the pool gains or
    /// loses joins the change log under `node`.
    @discardableResult
    public func commit(_ group: [MessageEffects], node: String) throws(StoreError) -> [CommitOutcome] {
        guard !group.isEmpty else { return [] }
        do {
            let outcomes = try writer.write { db -> [CommitOutcome] in
                // In the same write transaction as a takeover would be: one or the other comes first.
                if !node.isEmpty,
                    try Bool.fetchOne(db, sql: "SELECT taken_over = 1 FROM node WHERE name = ?", arguments: [node])
                        == true
                {
                    throw StoreError.Fenced(node: node)
                }
                let statements = try CommitStatements(db, node: node)
                // An erasure's removals reach other nodes through the log only if there are any:
                // alone, a node leaves no trace of the person there at all.
                let othersListen =
                    try group.contains(where: { $0.erasedPerson != nil })
                    && Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM node WHERE name <> ? AND taken_over = 0)",
                        arguments: [node]) == true
                // Rows from before scopes only ever go: once none is left, no batch looks for one.
                let legacyRows =
                    try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM candidate WHERE scope = '')") ?? false
                var outcomes: [CommitOutcome] = []
                for effects in group {
                    outcomes.append(
                        try statements.commit(effects, db, legacyRows: legacyRows, othersListen: othersListen))
                }
                return outcomes
            }
            // An erasure must not survive in the write-ahead log either.
            if group.contains(where: { $0.erasedPerson != nil }) {
                try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            }
            return outcomes
        } catch {
            throw StoreError(
                path: writer.path, operation: "commit \(group.count) message(s) to the ledger", underlying: error)
        }
    }

    /// The spool file names of the processed messages of one kind.
    public func ledgerFiles(kind: String) throws(StoreError) -> [String] {
        do {
            return try writer.read { db in
                try String.fetchAll(db, sql: "SELECT file FROM message WHERE kind = ? ORDER BY file", arguments: [kind])
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the message ledger", underlying: error)
        }
    }

    /// Processed messages per kind.
    public func ledgerCounts() throws(StoreError) -> [String: Int] {
        do {
            return try writer.read { db in
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT kind, count(*) FROM message GROUP BY kind") {
                    counts[row[0]] = row[1]
                }
                return counts
            }
        } catch {
            throw StoreError(path: writer.path, operation: "count the message ledger", underlying: error)
        }
    }

    /// How many people are in the matching pool.
    public func candidateCount() throws(StoreError) -> Int {
        do { return try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM candidate") ?? 0 } } catch {
            throw StoreError(path: writer.path, operation: "count the candidates", underlying: error)
        }
    }

    /// Every candidate, in key order (the matching pool is built from them).
    public func candidates() throws(StoreError) -> [CandidateRecord] {
        do {
            return try writer.read { db in
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT scope, person_id, destination, record FROM candidate ORDER BY scope, person_id, destination"
                )
                .map(Self.candidate)
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the candidates", underlying: error)
        }
    }

    /// The stored entries of one person id, in every scope and destination, in key order.
    public func candidates(personId: String) throws(StoreError) -> [CandidateRecord] {
        do {
            return try writer.read { db in
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT scope, person_id, destination, record FROM candidate WHERE person_id = ? ORDER BY scope, destination",
                    arguments: [personId]
                ).map(Self.candidate)
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read a candidate", underlying: error)
        }
    }

    private static func candidate(_ row: Row) -> CandidateRecord {
        CandidateRecord(key: CandidateKey(scope: row[0], personId: row[1], destination: row[2]), record: row[3])
    }

    private static func entry(_ row: Row) -> LedgerEntry {
        LedgerEntry(
            scope: row[0], id: row[1], kind: row[2], contentHash: row[3], file: row[4],
            outputs: LedgerJSON.strings(row[5]), processedAt: row[6])
    }
}

/// The statements of one commit, prepared once for all its messages.
private struct CommitStatements {
    let node: String
    let message: Statement
    let candidate: Statement
    let delete: Statement
    let logged: Statement
    let indexed: Statement

    init(_ db: Database, node: String) throws {
        self.node = node
        message = try db.makeStatement(
            sql: """
                INSERT INTO message (scope, id, kind, content_sha256, file, outputs, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (scope, id) DO NOTHING
                """)
        candidate = try db.makeStatement(
            sql: """
                INSERT INTO candidate (scope, person_id, destination, message_id, record, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (scope, person_id, destination) DO UPDATE SET message_id = excluded.message_id,
                    record = excluded.record, updated_at = excluded.updated_at
                """)
        delete = try db.makeStatement(
            sql: "DELETE FROM candidate WHERE scope = ? AND person_id = ? AND destination = ? RETURNING scope")
        logged = try db.makeStatement(
            sql:
                "INSERT INTO pool_change (node, file, scope, person_id, destination, by_reference) VALUES (?, ?, ?, ?, ?, ?)"
        )
        indexed = try db.makeStatement(sql: "INSERT INTO person_file (ref, path) VALUES (?, ?) ON CONFLICT DO NOTHING")
    }

    /// One message's ledger row, candidates, withdrawals, erasure and change-log entries.
    func commit(_ effects: MessageEffects, _ db: Database, legacyRows: Bool, othersListen: Bool) throws -> CommitOutcome
    {
        let e = effects.entry
        try message.execute(arguments: [
            e.scope, e.id, e.kind, e.contentHash, e.file, LedgerJSON.array(e.outputs), e.processedAt,
        ])
        guard db.changesCount > 0 else {
            let hash =
                try String.fetchOne(
                    db, sql: "SELECT content_sha256 FROM message WHERE scope = ? AND id = ?",
                    arguments: [e.scope, e.id]) ?? ""
            return .alreadyCommitted(contentHash: hash)
        }
        var gone: [CandidateKey] = []
        for c in effects.candidates {
            try candidate.execute(arguments: [
                c.key.scope, c.key.personId, c.key.destination, e.id, c.record, e.processedAt,
            ])
            if legacyRows && !c.key.scope.isEmpty {
                let legacy = CandidateKey(scope: "", personId: c.key.personId, destination: c.key.destination)
                if try remove(legacy) { gone.append(legacy) }
            }
        }
        for key in effects.withdrawn where try remove(key) { gone.append(key) }
        let erased = try erase(effects, db)
        gone += erased
        for row in effects.personFiles { try indexed.execute(arguments: [row.ref, row.path]) }
        for key in effects.candidates.map(\.key) + gone where !erased.contains(key) {
            try logged.execute(arguments: [node, e.file, key.scope, key.personId, key.destination, false])
        }
        for key in erased where othersListen {
            guard let reference = effects.erasedReferences[key.scope] else {
                throw StoreError.MissingReference(scope: key.scope)
            }
            try logged.execute(arguments: [node, e.file, key.scope, reference, key.destination, true])
        }
        return .committed(removed: gone)
    }

    private func remove(_ key: CandidateKey) throws -> Bool {
        try Row.fetchOne(delete, arguments: [key.scope, key.personId, key.destination]) != nil
    }

    /// An erasure's candidate rows (in its scope and the legacy one) and the log's earlier entries for the person.
    private func erase(_ effects: MessageEffects, _ db: Database) throws -> [CandidateKey] {
        guard let person = effects.erasedPerson else { return [] }
        let scopes = Array(Set([effects.scope ?? "", ""]))
        let marks = Array(repeating: "?", count: scopes.count).joined(separator: ",")
        let erased = try Row.fetchAll(
            db,
            sql:
                "DELETE FROM candidate WHERE person_id = ? AND scope IN (\(marks)) RETURNING scope, person_id, destination",
            arguments: StatementArguments([person] + scopes)
        ).map { CandidateKey(scope: $0[0], personId: $0[1], destination: $0[2]) }
        try db.execute(
            sql: "DELETE FROM pool_change WHERE person_id = ? AND scope IN (\(marks))",
            arguments: StatementArguments([person] + scopes))
        let refs = Array(Set(effects.erasedReferences.values))
        try db.execute(
            sql:
                "DELETE FROM person_file WHERE ref IN (\(Array(repeating: "?", count: refs.count).joined(separator: ",")))",
            arguments: StatementArguments(refs))
        return erased
    }
}
