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
        #expect(try db.ledgerEntry(id: "old-1") != nil)
        #expect(try db.ledgerScopes(ids: ["old-1"]).isEmpty, "a message from before scopes has no recorded scope")
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
        #expect(try db.ledgerScopes(ids: ["new-1"]) == ["new-1": "pes-a"])

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
