import Foundation
import GRDB
import ParityCore
import ParityStore
import Testing

@testable import ParitySQLite

/// Migration v3 carries the candidates of a database written before scopes over, in the empty
/// (legacy) scope; a registration by a service supersedes the legacy row of the same person and
/// destination, and an erasure in any scope removes the legacy rows of that id too.
@Suite struct PersonScopeMigrationTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("parity-\(UUID().uuidString).sqlite").path
    let hash = String(repeating: "b", count: 64)

    func entry(_ id: String, kind: String = "credential-batch") -> LedgerEntry {
        LedgerEntry(id: id, kind: kind, contentHash: hash, file: id, outputs: [], processedAt: "2026-12-02T10:00:00Z")
    }

    /// A database as v2 left it: two candidates keyed by person id alone.
    func writeVersion2Database() throws {
        let queue = try DatabaseQueue(path: path)
        try ParityDatabase.migrator.migrate(queue, upTo: "v2-message-ledger")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO message (id, kind, content_sha256, file, outputs, processed_at) VALUES ('old-1', 'credential-batch', ?, 'f', '[]', '2026-11-30T10:00:00Z');
                    INSERT INTO candidate (person_id, message_id, destination, record, updated_at) VALUES
                        ('12345', 'old-1', 'DE', '{"person": {"id": "12345"}}', '2026-11-30T10:00:00Z'),
                        ('777', 'old-1', 'IE', '{"person": {"id": "777"}}', '2026-11-30T10:00:00Z');
                    """, arguments: [hash])
        }
    }

    @Test func candidatesFromBeforeScopesAreCarriedOverInTheLegacyScope() throws {
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try writeVersion2Database()
        let db = try ParityDatabase(path: path)
        #expect(
            try db.candidates().map(\.key) == [
                CandidateKey(scope: "", personId: "12345", destination: "DE"),
                CandidateKey(scope: "", personId: "777", destination: "IE"),
            ])
        #expect(try db.candidates().first?.record == #"{"person": {"id": "12345"}}"#)
        #expect(
            try db.ledgerEntry(MessageKey(scope: "", id: "old-1")) != nil,
            "a message from before scopes is kept in the empty scope")
    }

    @Test func aServiceRegisteringALegacyPersonSupersedesTheRowAndAnErasureTakesLegacyRowsToo() throws {
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try writeVersion2Database()
        let db = try ParityDatabase(path: path)
        let removed = try db.commit([
            MessageEffects(
                entry: entry("new-1"), scope: "pes-a",
                candidates: [
                    CandidateRecord(
                        key: CandidateKey(scope: "pes-a", personId: "12345", destination: "DE"),
                        record: #"{"person": {"id": "12345"}}"#)
                ])
        ])
        #expect(removed.map(\.removed) == [[CandidateKey(scope: "", personId: "12345", destination: "DE")]])
        #expect(try db.candidates(personId: "12345").map(\.key.scope) == ["pes-a"])
        #expect(try db.ledgerEntries(id: "new-1").map(\.scope) == ["pes-a"])

        let erased = try db.commit([
            MessageEffects(
                entry: entry("erase-1", kind: "erase-person"), scope: "pes-b", candidates: [], erasedPerson: "777")
        ])
        #expect(erased.map(\.removed) == [[CandidateKey(scope: "", personId: "777", destination: "IE")]])
        #expect(try db.candidates(personId: "777").isEmpty)
        // pes-b's erasure of 12345 would leave pes-a's person of that id alone.
        let other = try db.commit([
            MessageEffects(
                entry: entry("erase-2", kind: "erase-person"), scope: "pes-b", candidates: [], erasedPerson: "12345")
        ])
        #expect(other == [.committed(removed: [])])
        #expect(try db.candidates(personId: "12345").map(\.key.scope) == ["pes-a"])
    }
}

/// Migration v6 keys the ledger by (scope, id): a ledger written before keeps every entry, a
/// message from before scopes in the empty scope, and its candidates still name their message.
@Suite struct ScopedIdMigrationTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("parity-\(UUID().uuidString).sqlite").path
    let hash = String(repeating: "c", count: 64)

    @Test func aLedgerFromBeforeScopedIdsKeepsEveryEntryUnderItsScope() throws {
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let queue = try DatabaseQueue(path: path)
        try ParityDatabase.migrator.migrate(queue, upTo: "v5-person-index")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO message (id, kind, content_sha256, file, outputs, processed_at, scope) VALUES
                        ('old-1', 'credential-batch', ?1, 'f-1', '["outbox/batches/new/old-1.json"]', '2026-11-30T10:00:00Z', NULL),
                        ('new-1', 'credential-batch', ?1, 'f-2', '[]', '2026-12-01T10:00:00Z', 'pes-a');
                    INSERT INTO candidate (scope, person_id, destination, message_id, record, updated_at) VALUES
                        ('', '12345', 'DE', 'old-1', '{"person": {"id": "12345"}}', '2026-11-30T10:00:00Z'),
                        ('pes-a', '777', 'IE', 'new-1', '{"person": {"id": "777"}}', '2026-12-01T10:00:00Z');
                    """, arguments: [hash])
        }
        try queue.close()
        let db = try ParityDatabase(path: path)
        let old = try #require(try db.ledgerEntry(MessageKey(scope: "", id: "old-1")))
        #expect(old.file == "f-1" && old.outputs == ["outbox/batches/new/old-1.json"] && old.contentHash == hash)
        #expect(try db.ledgerEntry(MessageKey(scope: "pes-a", id: "new-1"))?.file == "f-2")
        #expect(try db.candidates().map(\.key.personId) == ["12345", "777"])
        // Another service may now use pes-a's id; pes-a itself may not use it again.
        let reused = LedgerEntry(
            scope: "pes-b", id: "new-1", kind: "credential-batch", contentHash: hash, file: "f-3", outputs: [],
            processedAt: "2026-12-05T10:00:00Z")
        var again = reused
        again.scope = "pes-a"
        let outcomes = try db.commit([
            MessageEffects(entry: reused, candidates: []), MessageEffects(entry: again, candidates: []),
        ])
        #expect(outcomes == [.committed(removed: []), .alreadyCommitted(contentHash: hash)])
    }
}
