import Foundation
import ParityCore
import ParityPostgres
import ParitySQLite
import ParityStore
import ParityTestSupport
import Testing

/// What every store must do, run on both: the embedded SQLite and a real PostgreSQL server of
/// the tests' own (`TestPostgres`). The same bodies, so the two keep the same invariants.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres
    var testDescription: String { rawValue }

    func make() throws -> any Store {
        switch self {
        case .sqlite: try ParityDatabase()
        case .postgres: try PostgresStore(url: try TestPostgres.freshDatabase())
        }
    }
}

@Suite struct StoreContractTests {
    let hash = String(repeating: "a", count: 64)

    func entry(_ id: String, kind: String = "credential-batch", outputs: [String] = []) -> LedgerEntry {
        LedgerEntry(
            id: id, kind: kind, contentHash: hash, file: id + ".json", outputs: outputs,
            processedAt: "2026-12-02T10:00:00Z")
    }

    func record(_ scope: String, _ person: String, _ destination: String, _ note: String = "") -> CandidateRecord {
        CandidateRecord(
            key: CandidateKey(scope: scope, personId: person, destination: destination),
            record: #"{"person": {"id": "\#(person)"}, "note": "\#(note)"}"#)
    }

    @Test(arguments: StoreKind.allCases)
    func aFreshStoreHasNoLoadHistoryNoLedgerAndNoCandidates(kind: StoreKind) throws {
        let store = try kind.make()
        #expect(try store.lastFrameworkLoad() == nil)
        #expect(try store.ledgerCounts().isEmpty && store.candidateCount() == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func theLastLoadIsReturnedWithItsVersionsInIdOrder(kind: StoreKind) throws {
        let store = try kind.make()
        try store.recordFrameworkLoad(
            [DataVersion(id: "old", version: "1", contentHash: hash)], reason: .start, at: "2026-11-23T09:00:00Z")
        try store.recordFrameworkLoad(
            [
                DataVersion(id: "z", version: "2", contentHash: hash),
                DataVersion(id: "a", version: "3", contentHash: hash),
                DataVersion(id: "B", version: "4", contentHash: hash),
            ],
            reason: .reload, at: "2026-11-23T10:00:00Z")
        let last = try #require(try store.lastFrameworkLoad())
        #expect(last.reason == .reload && last.at == "2026-11-23T10:00:00Z")
        #expect(last.versions.map(\.id) == ["B", "a", "z"])  // byte order in both
    }

    @Test(arguments: StoreKind.allCases)
    func theSchemaRefusesWhatItsChecksForbidAndKeepsNothingOfIt(kind: StoreKind) throws {
        let store = try kind.make()
        #expect(throws: StoreError.self) {
            try store.recordFrameworkLoad(
                [DataVersion(id: "x", version: "1", contentHash: "short")], reason: .start, at: "2026-11-23T09:00:00Z")
        }
        #expect(try store.lastFrameworkLoad() == nil, "a refused load leaves no half-written row")
        var bad = entry("m-1")
        bad.kind = "no-such-kind"
        #expect(throws: StoreError.self) {
            try store.commit([
                MessageEffects(entry: entry("m-0"), candidates: []), MessageEffects(entry: bad, candidates: []),
            ])
        }
        #expect(
            try store.ledgerEntry(MessageKey(scope: "", id: "m-0")) == nil, "a group is committed whole or not at all")
        #expect(throws: StoreError.self) {
            try store.commit([
                MessageEffects(
                    entry: entry("m-2"),
                    candidates: [
                        CandidateRecord(key: CandidateKey(scope: "s", personId: "p", destination: "DE"), record: "[1]")
                    ])
            ])
        }
        #expect(try store.candidateCount() == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func aCommittedGroupIsInTheLedgerWithItsOutputsScopesAndCounts(kind: StoreKind) throws {
        let store = try kind.make()
        try store.commit([
            MessageEffects(
                entry: entry("b-1", outputs: ["outbox/batches/new/b-1.json"]), scope: "pes-ie",
                candidates: [record("pes-ie", "p-1", "DE")]),
            MessageEffects(
                entry: entry("j-1", kind: "job-opening", outputs: ["outbox/employers/new/j-1.json"]), candidates: []),
        ])
        let b1 = try #require(try store.ledgerEntry(MessageKey(scope: "pes-ie", id: "b-1")))
        #expect(
            b1.kind == "credential-batch" && b1.outputs == ["outbox/batches/new/b-1.json"] && b1.contentHash == hash
                && b1.file == "b-1.json" && b1.scope == "pes-ie")
        let (b, j) = (MessageKey(scope: "pes-ie", id: "b-1"), MessageKey(scope: "", id: "j-1"))
        #expect(
            try store.ledgerHashes([b, j, MessageKey(scope: "", id: "b-1"), MessageKey(scope: "x", id: "unknown")])
                == [b: hash, j: hash])
        #expect(try store.ledgerEntries(id: "b-1").map(\.scope) == ["pes-ie"])
        #expect(try store.ledgerFiles(kind: "job-opening") == ["j-1.json"])
        #expect(try store.ledgerCounts() == ["credential-batch": 1, "job-opening": 1])
        #expect(try store.candidates().map(\.key.personId) == ["p-1"])
    }

    @Test(arguments: StoreKind.allCases)
    func aMessageCommittedTwiceIsADuplicateAndChangesNothing(kind: StoreKind) throws {
        let store = try kind.make()
        try store.commit([
            MessageEffects(entry: entry("b-1"), scope: "s", candidates: [record("s", "p-1", "DE", "first")])
        ])
        // The loser of a race between two nodes: its message is left out, the rest of its group is committed.
        let outcomes = try store.commit([
            MessageEffects(entry: entry("b-1"), scope: "s", candidates: [record("s", "p-1", "DE", "second")]),
            MessageEffects(entry: entry("b-2"), scope: "s", candidates: [record("s", "p-2", "DE")]),
        ])
        #expect(outcomes == [.alreadyCommitted(contentHash: hash), .committed(removed: [])])
        #expect(try store.candidates().first?.record.contains("first") == true)
        #expect(try store.candidates().map(\.key.personId) == ["p-1", "p-2"])
    }

    @Test(arguments: StoreKind.allCases)
    func aNodeTakenOverIsFencedUntilItStartsAgain(kind: StoreKind) throws {
        let store = try kind.make()
        try store.register(node: "node-a", poolSequence: 0)
        try store.register(node: "node-b", poolSequence: 0)
        #expect(try store.heartbeat(node: "node-a", poolSequence: 0))
        #expect(try !store.takeOver(node: "node-a", leaseSeconds: 60), "a node that beat within the lease is alive")
        #expect(try store.takeOver(node: "node-a", leaseSeconds: 0))
        #expect(try !store.takeOver(node: "node-a", leaseSeconds: 0), "only one node takes a dead node over")
        #expect(try !store.heartbeat(node: "node-a", poolSequence: 0), "the dead node learns it at its next heartbeat")
        do {
            try store.commit([MessageEffects(entry: entry("b-1"), candidates: [])], node: "node-a")
            Issue.record("a commit by a node taken over must be refused")
        } catch {
            #expect(error.isFenced, "\(error)")
        }
        #expect(try store.ledgerEntry(MessageKey(scope: "", id: "b-1")) == nil)
        try store.commit([MessageEffects(entry: entry("b-1"), candidates: [])], node: "node-b")
        try store.register(node: "node-a", poolSequence: 0)
        try store.commit([MessageEffects(entry: entry("b-2"), candidates: [])], node: "node-a")
        #expect(
            try store.takeOver(node: "never-started", leaseSeconds: 60),
            "a claims directory whose node never beat can be returned")
        #expect(try store.nodes().map(\.name) == ["never-started", "node-a", "node-b"])
    }

    @Test(arguments: StoreKind.allCases)
    func theChangeLogGivesOtherNodesEveryKeyInCommitOrderAndIsPrunedOnceApplied(kind: StoreKind) throws {
        let store = try kind.make()
        try store.register(node: "node-a", poolSequence: 0)
        try store.register(node: "node-b", poolSequence: 0)
        let start = try store.poolSequence()
        #expect(throws: StoreError.self, "with another node listening, an erasure must name the person's reference") {
            try store.commit(
                [
                    MessageEffects(entry: entry("b-0"), scope: "s", candidates: [record("s", "p-0", "DE")]),
                    MessageEffects(
                        entry: entry("e-0", kind: "erase-person"), scope: "s", candidates: [], erasedPerson: "p-0"),
                ], node: "node-a")
        }
        try store.commit(
            [
                MessageEffects(
                    entry: entry("b-1"), scope: "s", candidates: [record("s", "p-1", "DE"), record("s", "p-2", "DE")])
            ], node: "node-a")
        try store.commit(
            [
                MessageEffects(
                    entry: entry("e-1", kind: "erase-person"), scope: "s", candidates: [], erasedPerson: "p-2",
                    erasedReferences: ["s": "c-0123456789abcdef", "": "c-fedcba9876543210"])
            ], node: "node-a")
        let log = try store.poolChanges(after: start)
        #expect(log.complete)
        // The erasure took the person's earlier entries out of the log; its removal names them by reference, not by id.
        #expect(log.changes.map(\.key.personId) == ["p-1", "c-0123456789abcdef"])
        #expect(log.changes.map(\.byReference) == [false, true])
        #expect(log.changes.map { $0.record != nil } == [true, false])
        #expect(log.changes.map(\.file) == ["b-1.json", "e-1.json"] && log.changes.allSatisfy { $0.node == "node-a" })
        #expect(try store.poolSequence() == log.through)
        // node-b has applied nothing yet: nothing is pruned; once both have, the log empties.
        _ = try store.heartbeat(node: "node-a", poolSequence: log.through)
        try store.prunePoolChanges(leaseSeconds: 60)
        #expect(try store.poolChanges(after: start).changes.count == 2)
        _ = try store.heartbeat(node: "node-b", poolSequence: log.through)
        try store.prunePoolChanges(leaseSeconds: 60)
        #expect(try store.poolChanges(after: log.through).changes.isEmpty)
        #expect(try !store.poolChanges(after: start).complete, "a node behind the pruned log reads the pool again")
    }

    @Test(arguments: StoreKind.allCases)
    func recordedOutputsAreTheResultPathsTheLedgerLists(kind: StoreKind) throws {
        let store = try kind.make()
        try store.commit([
            MessageEffects(
                entry: entry(
                    "l-1", kind: "letter-request",
                    outputs: ["outbox/letters/new/l-1.json", "outbox/letters/new/l-1.pdf"]), candidates: [])
        ])
        #expect(
            try store.recordedOutputs([
                "outbox/letters/new/l-1.pdf", "outbox/letters/new/l-2.pdf", "outbox/batches/new/l-1.json",
            ]) == ["outbox/letters/new/l-1.pdf"])
    }

    @Test(arguments: StoreKind.allCases)
    func theLatestBatchWinsAndWithdrawalsAndErasuresSayWhatLeft(kind: StoreKind) throws {
        let store = try kind.make()
        try store.commit([
            MessageEffects(
                entry: entry("b-1"), scope: "a",
                candidates: [record("a", "p-1", "DE", "old"), record("a", "p-2", "DE")]),
            MessageEffects(entry: entry("b-1"), scope: "b", candidates: [record("b", "p-1", "IE")]),
        ])
        let removed = try store.commit([
            MessageEffects(
                entry: entry("b-2"), scope: "a", candidates: [record("a", "p-1", "DE", "new")],
                withdrawn: [CandidateKey(scope: "a", personId: "p-2", destination: "DE")]),
            MessageEffects(entry: entry("e-1", kind: "erase-person"), scope: "b", candidates: [], erasedPerson: "p-1"),
        ])
        #expect(
            removed.map(\.removed) == [
                [CandidateKey(scope: "a", personId: "p-2", destination: "DE")],
                [CandidateKey(scope: "b", personId: "p-1", destination: "IE")],
            ])
        // The erasure in scope b leaves scope a's p-1, whose record is the latest batch's.
        let left = try store.candidates()
        #expect(left.map(\.key) == [CandidateKey(scope: "a", personId: "p-1", destination: "DE")])
        #expect(left.first?.record == #"{"person": {"id": "p-1"}, "note": "new"}"#, "the record's text is kept exactly")
        #expect(try store.candidates(personId: "p-1").count == 1 && store.candidateCount() == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func namesInEveryScriptAreKeptExactly(kind: StoreKind) throws {
        let store = try kind.make()
        let names = ["محمد الأحمد", "রহিম উদ্দিন", "Nguyễn Thị Ánh", "Zoë Ñúñez", "王小明"]
        let records = names.enumerated().map { i, name in
            CandidateRecord(
                key: CandidateKey(scope: "s", personId: "p-\(i)", destination: "DE"),
                record: #"{"person": {"id": "p-\#(i)", "name": "\#(name)"}}"#)
        }
        try store.commit([MessageEffects(entry: entry("b-1"), scope: "s", candidates: records)])
        #expect(try store.candidates().map(\.record) == records.map(\.record))
    }
}

@Suite struct ParityDatabaseFileTests {
    let hash = String(repeating: "a", count: 64)

    @Test func aDatabaseFileKeepsItsHistoryAcrossOpens() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parity-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try ParityDatabase(path: path).recordFrameworkLoad(
            [DataVersion(id: "x", version: "1", contentHash: hash)], reason: .start, at: "2026-11-23T09:00:00Z")
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

@Suite struct PostgresStoreSetupTests {
    @Test func aPostgresDatabaseKeepsItsDataAcrossConnectionsAndMigratesOnce() throws {
        let url = try TestPostgres.freshDatabase()
        try PostgresStore(url: url).recordFrameworkLoad(
            [DataVersion(id: "x", version: "1", contentHash: String(repeating: "c", count: 64))], reason: .start,
            at: "2026-12-02T09:00:00Z")
        #expect(try PostgresStore(url: url).lastFrameworkLoad()?.versions.map(\.id) == ["x"])
    }

    @Test func theURLIsCheckedAndNeverCarriesAPassword() {
        for (url, expected) in [
            ("postgres://parity:secret@db.example/parity", "a password in the URL is refused"),
            ("mysql://parity@db/parity", "expected postgres://"),
            ("postgres://db.example/parity", "names no user"),
            ("postgres://parity@db.example/", "names no database"),
        ] {
            do {
                _ = try PostgresStore(url: url)
                Issue.record("\(url) must be refused")
            } catch {
                #expect(error.description.contains(expected), "\(error)")
                #expect(!error.description.contains("secret"), "the password never appears in a message")
            }
        }
    }

    @Test func aPasswordFileOthersCanReadIsRefused() throws {
        let dir = TempDirectory()
        let file = dir.write("password", "s3cret\n")
        chmod(file, 0o644)
        do {
            _ = try PostgresStore(url: "postgres://parity@db.invalid/parity", passwordFile: file)
            Issue.record("a 0644 password file must be refused")
        } catch {
            #expect(
                error.description.contains("its mode is 644; it must give no access to group or others (chmod 600"),
                "\(error)")
            #expect(!error.description.contains("s3cret"))
        }
    }

    @Test func aServerThatIsNotThereIsNamedWithoutThePassword() throws {
        let dir = TempDirectory()
        let file = dir.write("password", "s3cret\n")
        chmod(file, 0o600)
        do {
            _ = try PostgresStore(url: "postgres://parity@/parity?host=\(dir.path)", passwordFile: file)
            Issue.record("no server listens there")
        } catch {
            #expect(
                error.description.hasPrefix("postgres://parity@/parity?host=\(dir.path): cannot migrate the schema"),
                "\(error)")
            #expect(!error.description.contains("s3cret"))
        }
    }
}

/// Message ids are the producer's idempotency keys within its own service (issue 23): the same
/// id from two services is two messages, on both stores.
@Suite struct ScopedMessageIdTests {
    let hash = String(repeating: "a", count: 64)
    let other = String(repeating: "b", count: 64)

    func effects(_ scope: String, _ id: String, hash: String, person: String) -> MessageEffects {
        MessageEffects(
            entry: LedgerEntry(
                scope: scope, id: id, kind: "credential-batch", contentHash: hash, file: "\(scope)-\(id).json",
                outputs: ["outbox/batches/new/" + MessageKey(scope: scope, id: id).resultName("json")],
                processedAt: "2026-12-05T10:00:00Z"),
            candidates: [
                CandidateRecord(
                    key: CandidateKey(scope: scope, personId: person, destination: "DE"),
                    record: #"{"person": {"id": "\#(person)"}}"#)
            ])
    }

    @Test(arguments: StoreKind.allCases)
    func theSameIdFromTwoServicesIsTwoMessagesAndNeitherSeesTheOthersHash(kind: StoreKind) throws {
        let store = try kind.make()
        let outcomes = try store.commit([
            effects("pes-a", "batch-1", hash: hash, person: "p-1"),
            effects("pes-b", "batch-1", hash: other, person: "p-1"),
        ])
        #expect(outcomes == [.committed(removed: []), .committed(removed: [])])
        let a = MessageKey(scope: "pes-a", id: "batch-1")
        let b = MessageKey(scope: "pes-b", id: "batch-1")
        #expect(try store.ledgerHashes([a]) == [a: hash], "service A's lookup finds only its own message")
        #expect(try store.ledgerHashes([b]) == [b: other])
        #expect(try store.ledgerEntries(id: "batch-1").map(\.scope) == ["pes-a", "pes-b"])
        #expect(try store.candidates().map(\.key.scope) == ["pes-a", "pes-b"])
        // The same key again is the race's loser: left out, with the hash of its own scope's message.
        let again = try store.commit([effects("pes-b", "batch-1", hash: hash, person: "p-1")])
        #expect(again == [.alreadyCommitted(contentHash: other)])
        #expect(try store.ledgerCounts() == ["credential-batch": 2])
    }
}
