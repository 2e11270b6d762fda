import ParityStore
import Testing

/// The person index (`person_file`) behaves alike in SQLite and PostgreSQL: rows come with a
/// commit or on their own, are read by reference, and leave with the erasure that names them.
@Suite struct PersonIndexContractTests {
    let hash = String(repeating: "a", count: 64)

    func entry(_ id: String, kind: String = "credential-batch") -> LedgerEntry {
        LedgerEntry(
            id: id, kind: kind, contentHash: hash, file: id, outputs: [], processedAt: "2026-12-05T10:00:00Z")
    }

    @Test(arguments: StoreKind.allCases)
    func rowsAreReadByReferenceAndLeaveWithTheErasureThatNamesThem(kind: StoreKind) throws {
        let store = try kind.make()
        #expect(try !store.personIndexBuilt())
        try store.commit([
            MessageEffects(
                entry: entry("b-1"), scope: "a", candidates: [],
                personFiles: [
                    PersonFile(ref: "c-a1", path: "done/1.b"),
                    PersonFile(ref: "c-a1", path: "outbox/batches/new/b-1.json"),
                    PersonFile(ref: "c-b1", path: "outbox/batches/new/b-1.json"),
                ])
        ])
        try store.recordPersonFiles([PersonFile(ref: "c-a1", path: "rejected/2.r")], built: true)
        #expect(try store.personIndexBuilt())
        #expect(
            try store.personFiles(refs: ["c-a1"]) == ["done/1.b", "outbox/batches/new/b-1.json", "rejected/2.r"])
        #expect(try store.personFiles(refs: ["c-b1", "c-none"]) == ["outbox/batches/new/b-1.json"])
        // An erasure's references take their rows away, and only theirs.
        try store.commit([
            MessageEffects(
                entry: entry("e-1", kind: "erase-person"), scope: "a", candidates: [], erasedPerson: "p-1",
                erasedReferences: ["a": "c-a1"])
        ])
        #expect(try store.personFiles(refs: ["c-a1"]).isEmpty)
        #expect(try store.personFiles(refs: ["c-b1"]) == ["outbox/batches/new/b-1.json"])
    }
}
