import Foundation
import GRDB

/// A processed message as the ledger remembers it.
public struct LedgerEntry: Sendable, Hashable {
    public var id: String
    public var kind: String
    /// Lowercase hex SHA-256 of the message file's bytes.
    public var contentHash: String
    /// The spool file name it arrived under.
    public var file: String
    /// The results it produced, relative to the spool (`outbox/batches/new/b-1.json`).
    public var outputs: [String]
    public var processedAt: String

    public init(id: String, kind: String, contentHash: String, file: String, outputs: [String], processedAt: String) {
        self.id = id; self.kind = kind; self.contentHash = contentHash; self.file = file; self.outputs = outputs; self.processedAt = processedAt
    }
}

/// A consenting person for the matching pool: the batch entry as JSON.
public struct CandidateRecord: Sendable, Hashable {
    public var personId: String
    public var destination: String
    /// A JSON object (the person, credentials and experience of the batch entry).
    public var record: String

    public init(personId: String, destination: String, record: String) {
        self.personId = personId; self.destination = destination; self.record = record
    }
}

/// The effects of one message, committed together with those of its group.
public struct MessageEffects: Sendable {
    public var entry: LedgerEntry
    public var candidates: [CandidateRecord]
    /// A person whose records are removed (erase-person).
    public var erasedPerson: String?
    public init(entry: LedgerEntry, candidates: [CandidateRecord], erasedPerson: String? = nil) {
        self.entry = entry; self.candidates = candidates; self.erasedPerson = erasedPerson
    }
}

extension ParityDatabase {
    /// What the ledger holds for a message id, if it was processed.
    public func ledgerEntry(id: String) throws(StoreError) -> LedgerEntry? {
        do {
            return try writer.read { db in
                try Row.fetchOne(db, sql: "SELECT id, kind, content_sha256, file, outputs, processed_at FROM message WHERE id = ?", arguments: [id])
                    .map(Self.entry)
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the message ledger", underlying: error)
        }
    }

    /// The content hashes the ledger holds for any of `ids` (one query for a whole group).
    public func ledgerHashes(ids: [String]) throws(StoreError) -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        do {
            return try writer.read { db in
                var hashes: [String: String] = [:]
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: "SELECT id, content_sha256 FROM message WHERE id IN (\(marks))", arguments: StatementArguments(ids)) {
                    hashes[row[0]] = row[1]
                }
                return hashes
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the message ledger", underlying: error)
        }
    }

    /// Records a group of processed messages and their database effects in one transaction: all
    /// of them or none. Candidates are upserted by person id (their latest batch wins).
    public func commit(_ group: [MessageEffects]) throws(StoreError) {
        guard !group.isEmpty else { return }
        do {
            try writer.write { db in
                let message = try db.makeStatement(sql: """
                    INSERT INTO message (id, kind, content_sha256, file, outputs, processed_at) VALUES (?, ?, ?, ?, ?, ?)
                    """)
                let candidate = try db.makeStatement(sql: """
                    INSERT INTO candidate (person_id, message_id, destination, record, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (person_id) DO UPDATE SET message_id = excluded.message_id, destination = excluded.destination,
                        record = excluded.record, updated_at = excluded.updated_at
                    """)
                for effects in group {
                    let e = effects.entry
                    try message.execute(arguments: [e.id, e.kind, e.contentHash, e.file, Self.jsonArray(e.outputs), e.processedAt])
                    for c in effects.candidates {
                        try candidate.execute(arguments: [c.personId, e.id, c.destination, c.record, e.processedAt])
                    }
                    if let person = effects.erasedPerson {
                        try db.execute(sql: "DELETE FROM candidate WHERE person_id = ?", arguments: [person])
                    }
                }
            }
            // An erasure must not survive in the write-ahead log either.
            if group.contains(where: { $0.erasedPerson != nil }) {
                try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            }
        } catch {
            throw StoreError(path: writer.path, operation: "commit \(group.count) message(s) to the ledger", underlying: error)
        }
    }

    /// The spool file names of the processed messages of one kind.
    public func ledgerFiles(kind: String) throws(StoreError) -> [String] {
        do { return try writer.read { db in try String.fetchAll(db, sql: "SELECT file FROM message WHERE kind = ? ORDER BY file", arguments: [kind]) } } catch {
            throw StoreError(path: writer.path, operation: "read the message ledger", underlying: error)
        }
    }

    /// Processed messages per kind.
    public func ledgerCounts() throws(StoreError) -> [String: Int] {
        do {
            return try writer.read { db in
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT kind, count(*) FROM message GROUP BY kind") { counts[row[0]] = row[1] }
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

    /// Every candidate, in person-id order (the matching pool is built from them).
    public func candidates() throws(StoreError) -> [CandidateRecord] {
        do {
            return try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT person_id, destination, record FROM candidate ORDER BY person_id")
                    .map { CandidateRecord(personId: $0[0], destination: $0[1], record: $0[2]) }
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the candidates", underlying: error)
        }
    }

    /// The stored records of these people (those still present), in person-id order.
    public func candidates(personIds: [String]) throws(StoreError) -> [CandidateRecord] {
        do {
            return try writer.read { db in
                var out: [CandidateRecord] = []
                for start in stride(from: 0, to: personIds.count, by: 500) {
                    let chunk = Array(personIds[start..<min(personIds.count, start + 500)])
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    out += try Row.fetchAll(db, sql: "SELECT person_id, destination, record FROM candidate WHERE person_id IN (\(marks)) ORDER BY person_id",
                                            arguments: StatementArguments(chunk))
                        .map { CandidateRecord(personId: $0[0], destination: $0[1], record: $0[2]) }
                }
                return out
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read candidates", underlying: error)
        }
    }

    /// The stored record of one candidate, if present.
    public func candidate(personId: String) throws(StoreError) -> CandidateRecord? {
        do {
            return try writer.read { db in
                try Row.fetchOne(db, sql: "SELECT person_id, destination, record FROM candidate WHERE person_id = ?", arguments: [personId])
                    .map { CandidateRecord(personId: $0[0], destination: $0[1], record: $0[2]) }
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read a candidate", underlying: error)
        }
    }

    private static func entry(_ row: Row) -> LedgerEntry {
        let outputs = (try? JSONDecoder().decode([String].self, from: Data((row[4] as String).utf8))) ?? []
        return LedgerEntry(id: row[0], kind: row[1], contentHash: row[2], file: row[3], outputs: outputs, processedAt: row[5])
    }

    private static func jsonArray(_ items: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(items)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
