import Foundation
import ParityCore
import ParityStore
import Testing

@Suite struct ParityDatabaseTests {
    let hash = String(repeating: "a", count: 64)

    @Test func aFreshDatabaseHasNoLoadHistory() throws {
        #expect(try ParityDatabase().lastFrameworkLoad() == nil)
    }

    @Test func theLastLoadIsReturnedWithItsVersionsInIdOrder() throws {
        let db = try ParityDatabase()
        try db.recordFrameworkLoad([DataVersion(id: "old", version: "1", contentHash: hash)], reason: .start, at: "2026-11-23T09:00:00Z")
        try db.recordFrameworkLoad(
            [DataVersion(id: "z", version: "2", contentHash: hash), DataVersion(id: "a", version: "3", contentHash: hash)],
            reason: .reload, at: "2026-11-23T10:00:00Z")
        let last = try #require(try db.lastFrameworkLoad())
        #expect(last.reason == .reload)
        #expect(last.at == "2026-11-23T10:00:00Z")
        #expect(last.versions.map(\.id) == ["a", "z"])
    }

    @Test func theSchemaRefusesAHashThatIsNotSHA256() throws {
        let db = try ParityDatabase()
        #expect(throws: StoreError.self) {
            try db.recordFrameworkLoad([DataVersion(id: "x", version: "1", contentHash: "short")], reason: .start, at: "2026-11-23T09:00:00Z")
        }
        #expect(try db.lastFrameworkLoad() == nil, "a refused load leaves no half-written row")
    }

    @Test func aDatabaseFileKeepsItsHistoryAcrossOpens() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parity-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try ParityDatabase(path: path).recordFrameworkLoad([DataVersion(id: "x", version: "1", contentHash: hash)], reason: .start, at: "2026-11-23T09:00:00Z")
        #expect(try ParityDatabase(path: path).lastFrameworkLoad()?.versions.map(\.id) == ["x"])
    }

    @Test func anUnwritableLocationNamesThePath() {
        do {
            _ = try ParityDatabase(path: "/nonexistent-dir/parity.sqlite")
            Issue.record("opening must fail")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent-dir/parity.sqlite: cannot open the database"))
        }
    }
}
