import Foundation
import Logging
import NIOCore
public import ParityCore
public import ParityStore
import PostgresNIO

/// The framework load history and the message ledger, in PostgreSQL (the candidate pool: `+Candidates`).
extension PostgresStore {
    // MARK: Framework loads

    public func recordFrameworkLoad(
        _ versions: [DataVersion], reason: FrameworkLoadReason, at timestamp: String
    ) throws(StoreError) {
        try transaction("record the framework load") { c in
            let id =
                try c.query(
                    "INSERT INTO framework_load (loaded_at, reason) VALUES (\(timestamp), \(reason.rawValue)) RETURNING id",
                    logger: logger
                )
                .waitBounded(on: c).rows.first.map { try $0.decode(Int64.self) } ?? 0
            for v in versions {
                try c.query(
                    """
                    INSERT INTO framework_load_document (load_id, document_id, version, content_hash) VALUES (\(id), \(v.id), \(v.version), \(v.contentHash))
                    """, logger: logger
                ).waitBounded(on: c)
            }
        }
    }

    public func lastFrameworkLoad() throws(StoreError) -> FrameworkLoadRecord? {
        try withConnection("read the framework load history") { c -> FrameworkLoadRecord? in
            guard
                let row = try c.query(
                    "SELECT id, loaded_at, reason FROM framework_load ORDER BY id DESC LIMIT 1", logger: logger
                ).waitBounded(on: c).rows.first
            else {
                return nil
            }
            let (id, at, reason) = try row.decode((Int64, String, String).self)
            let versions = try c.query(
                "SELECT document_id, version, content_hash FROM framework_load_document WHERE load_id = \(id) ORDER BY document_id",
                logger: logger
            ).waitBounded(on: c).rows.map { row in
                let (document, version, hash) = try row.decode((String, String, String).self)
                return DataVersion(id: document, version: version, contentHash: hash)
            }
            return FrameworkLoadRecord(
                at: at, reason: FrameworkLoadReason(rawValue: reason) ?? .start, versions: versions)
        }
    }

    // MARK: Ledger

    public func ledgerEntry(_ key: MessageKey) throws(StoreError) -> LedgerEntry? {
        try ledgerRows("WHERE scope = \(key.scope) AND id = \(key.id)").first
    }

    public func ledgerEntries(id: String) throws(StoreError) -> [LedgerEntry] {
        try ledgerRows("WHERE id = \(id) ORDER BY scope")
    }

    private func ledgerRows(_ condition: PostgresQuery) throws(StoreError) -> [LedgerEntry] {
        var query: PostgresQuery = "SELECT scope, id, kind, content_sha256, file, outputs, processed_at FROM message "
        query.sql += condition.sql
        query.binds = condition.binds
        return try withConnection("read the message ledger") { c -> [LedgerEntry] in
            try c.query(query, logger: logger).waitBounded(on: c).rows.map { row in
                let (scope, id, kind, hash, file, outputs, at) = try row.decode(
                    (String, String, String, String, String, String, String).self)
                return LedgerEntry(
                    scope: scope, id: id, kind: kind, contentHash: hash, file: file,
                    outputs: LedgerJSON.strings(outputs), processedAt: at)
            }
        }
    }

    public func ledgerHashes(_ keys: [MessageKey]) throws(StoreError) -> [MessageKey: String] {
        guard !keys.isEmpty else { return [:] }
        let (scopes, ids) = (keys.map(\.scope), keys.map(\.id))
        return try withConnection("read the message ledger") { c in
            var out: [MessageKey: String] = [:]
            let rows = try c.query(
                """
                SELECT m.scope, m.id, m.content_sha256 FROM message m
                JOIN unnest(\(scopes)::text[], \(ids)::text[]) AS k (scope, id) ON m.scope = k.scope AND m.id = k.id
                """, logger: logger
            ).waitBounded(on: c).rows
            for row in rows {
                let (scope, id, hash) = try row.decode((String, String, String).self)
                out[MessageKey(scope: scope, id: id)] = hash
            }
            return out
        }
    }

    public func ledgerFiles(kind: String) throws(StoreError) -> [String] {
        try withConnection("read the message ledger") { c in
            try c.query("SELECT file FROM message WHERE kind = \(kind) ORDER BY file", logger: logger).waitBounded(
                on: c
            ).rows.map {
                try $0.decode(String.self)
            }
        }
    }

    public func ledgerCounts() throws(StoreError) -> [String: Int] {
        try withConnection("count the message ledger") { c in
            var counts: [String: Int] = [:]
            for row in try c.query("SELECT kind, count(*) FROM message GROUP BY kind", logger: logger).waitBounded(
                on: c
            ).rows {
                let (kind, n) = try row.decode((String, Int64).self)
                counts[kind] = Int(n)
            }
            return counts
        }
    }

    @discardableResult
    public func commit(_ group: [MessageEffects], node: String) throws(StoreError) -> [CommitOutcome] {
        guard !group.isEmpty else { return [] }
        return try transaction("commit \(group.count) message(s) to the ledger") { c in
            if !node.isEmpty {
                // FOR KEY SHARE: a takeover (which locks this row FOR UPDATE first) waits for this
                // commit, or this commit for it; the node's own heartbeat (an UPDATE of no key)
                // does not, so a commit waiting for a lock never holds the heartbeat up.
                let takenOver =
                    try c.query("SELECT taken_over FROM node WHERE name = \(node) FOR KEY SHARE", logger: logger)
                    .waitBounded(on: c)
                    .rows.first
                    .map { try $0.decode(Bool.self) } ?? false
                if takenOver { throw StoreError.fenced(node, at: location) }
            }
            if group.contains(where: \.changesThePool) {
                // Held to the commit: the change log's sequence numbers are given in commit order,
                // so a node following the log never skips one that commits late.
                try c.query("SELECT pg_advisory_xact_lock(\(Self.poolLock))", logger: logger).waitBounded(on: c)
            }
            let context = CommitContext(
                connection: c, node: node,
                legacyRows: try exists("SELECT EXISTS (SELECT 1 FROM candidate WHERE scope = '')", on: c),
                // An erasure's removals reach other nodes through the log only if there are any.
                othersListen: try group.contains(where: { $0.erasedPerson != nil })
                    && exists("SELECT EXISTS (SELECT 1 FROM node WHERE name <> \(node) AND NOT taken_over)", on: c))
            var outcomes: [CommitOutcome] = []
            var changed = false
            for effects in group {
                let (outcome, changes) = try commitOne(effects, context)
                outcomes.append(outcome)
                changed = changed || changes
            }
            // Delivered at commit, to every node listening (this one ignores its own).
            if changed {
                try c.query("SELECT pg_notify(\(Self.poolChannel), \(node))", logger: logger).waitBounded(on: c)
            }
            return outcomes
        }
    }

    /// What every message of one commit shares.
    private struct CommitContext {
        var connection: PostgresConnection
        var node: String
        /// Rows from before scopes exist: a scoped row replaces its unscoped twin.
        var legacyRows: Bool
        /// Another live node follows the change log.
        var othersListen: Bool
    }

    private func exists(_ query: PostgresQuery, on c: PostgresConnection) throws -> Bool {
        try c.query(query, logger: logger).waitBounded(on: c).rows.first.map { try $0.decode(Bool.self) } ?? false
    }

    /// One message's ledger row, candidates, withdrawals, erasure and change-log entries; whether it changed the pool.
    private func commitOne(_ effects: MessageEffects, _ context: CommitContext) throws -> (CommitOutcome, Bool) {
        let c = context.connection
        let e = effects.entry
        let inserted = try c.query(
            """
            INSERT INTO message (scope, id, kind, content_sha256, file, outputs, processed_at)
            VALUES (\(e.scope), \(e.id), \(e.kind), \(e.contentHash), \(e.file), \(LedgerJSON.array(e.outputs)), \(e.processedAt))
            ON CONFLICT (scope, id) DO NOTHING RETURNING id
            """, logger: logger
        ).waitBounded(on: c).rows
        guard !inserted.isEmpty else {
            let hash =
                try c.query(
                    "SELECT content_sha256 FROM message WHERE scope = \(e.scope) AND id = \(e.id)", logger: logger
                ).waitBounded(on: c).rows.first
                .map { try $0.decode(String.self) } ?? ""
            return (.alreadyCommitted(contentHash: hash), false)
        }
        var gone: [CandidateKey] = []
        for record in effects.candidates {
            let k = record.key
            try c.query(
                """
                INSERT INTO candidate (scope, person_id, destination, message_id, record, updated_at)
                VALUES (\(k.scope), \(k.personId), \(k.destination), \(e.id), \(record.record), \(e.processedAt))
                ON CONFLICT (scope, person_id, destination) DO UPDATE SET message_id = excluded.message_id,
                    record = excluded.record, updated_at = excluded.updated_at
                """, logger: logger
            ).waitBounded(on: c)
            if context.legacyRows && !k.scope.isEmpty {
                let legacy = CandidateKey(scope: "", personId: k.personId, destination: k.destination)
                if try delete(legacy, on: c) { gone.append(legacy) }
            }
        }
        for key in effects.withdrawn where try delete(key, on: c) { gone.append(key) }
        let erased = try erase(effects, on: c)
        gone += erased
        if !effects.personFiles.isEmpty {
            try c.query(
                """
                INSERT INTO person_file (ref, path)
                SELECT * FROM unnest(\(effects.personFiles.map(\.ref))::text[], \(effects.personFiles.map(\.path))::text[])
                ON CONFLICT DO NOTHING
                """, logger: logger
            ).waitBounded(on: c)
        }
        // An erasure's removals name the person by reference only.
        var keys = (effects.candidates.map(\.key) + gone).filter { !erased.contains($0) }
        let plain = keys.count
        for key in erased where context.othersListen {
            guard let reference = effects.erasedReferences[key.scope] else {
                throw StoreError.missingReference(key.scope, at: location)
            }
            keys.append(CandidateKey(scope: key.scope, personId: reference, destination: key.destination))
        }
        guard !keys.isEmpty else { return (.committed(removed: gone), false) }
        let byReference = Array(repeating: false, count: plain) + Array(repeating: true, count: keys.count - plain)
        try c.query(
            """
            INSERT INTO pool_change (node, file, scope, person_id, destination, by_reference)
            SELECT \(context.node), \(e.file), * FROM unnest(\(keys.map(\.scope))::text[], \(keys.map(\.personId))::text[], \(keys.map(\.destination))::text[], \(byReference)::boolean[])
            """, logger: logger
        ).waitBounded(on: c)
        return (.committed(removed: gone), true)
    }

    private func delete(_ key: CandidateKey, on c: PostgresConnection) throws -> Bool {
        !(try c.query(
            """
            DELETE FROM candidate WHERE scope = \(key.scope) AND person_id = \(key.personId) AND destination = \(key.destination) RETURNING scope
            """, logger: logger
        ).waitBounded(on: c).rows.isEmpty)
    }

    /// An erasure's candidate rows (in its scope and the legacy one) and the log's earlier entries for the person.
    private func erase(_ effects: MessageEffects, on c: PostgresConnection) throws -> [CandidateKey] {
        guard let person = effects.erasedPerson else { return [] }
        let scopes = Array(Set([effects.scope ?? "", ""]))
        let erased = try c.query(
            """
            DELETE FROM candidate WHERE person_id = \(person) AND scope = ANY(\(scopes)) RETURNING scope, person_id, destination
            """, logger: logger
        ).waitBounded(on: c).rows.map { row in
            let (scope, id, destination) = try row.decode((String, String, String).self)
            return CandidateKey(scope: scope, personId: id, destination: destination)
        }
        try c.query("DELETE FROM pool_change WHERE person_id = \(person) AND scope = ANY(\(scopes))", logger: logger)
            .waitBounded(on: c)
        let refs = Array(Set(effects.erasedReferences.values))
        try c.query("DELETE FROM person_file WHERE ref = ANY(\(refs))", logger: logger).waitBounded(on: c)
        return erased
    }
}
