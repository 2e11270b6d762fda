import Foundation
public import ParityCore

/// What a store records, whichever engine holds it: ledger entries, candidates and their keys,
/// a processed message's effects, and the framework load history.

public struct LedgerEntry: Sendable, Hashable {
    /// The service the message was delivered for (empty: processed before scopes existed).
    public var scope: String
    public var id: String
    public var kind: String
    /// Lowercase hex SHA-256 of the message file's bytes.
    public var contentHash: String
    /// The spool file name it arrived under.
    public var file: String
    /// The results it produced, relative to the spool (`outbox/batches/new/b-1.json`).
    public var outputs: [String]
    public var processedAt: String

    public var key: MessageKey { MessageKey(scope: scope, id: id) }

    public init(
        scope: String = "", id: String, kind: String, contentHash: String, file: String, outputs: [String],
        processedAt: String
    ) {
        self.scope = scope; self.id = id; self.kind = kind; self.contentHash = contentHash; self.file = file;
        self.outputs = outputs;
        self.processedAt = processedAt
    }
}

/// What identifies one entry of the matching pool: the person id within the scope of the
/// service that delivered it, and the destination they registered for. The empty scope holds
/// the rows stored before scopes existed.
public struct CandidateKey: Sendable, Hashable, Comparable {
    public var scope: String
    public var personId: String
    public var destination: String

    public init(scope: String, personId: String, destination: String) {
        self.scope = scope; self.personId = personId; self.destination = destination
    }

    /// One string for in-memory indexes (the separator cannot occur in a scope or an id).
    public var text: String { scope + "\u{1F}" + personId + "\u{1F}" + destination }

    public static func < (a: Self, b: Self) -> Bool {
        (a.scope, a.personId, a.destination) < (b.scope, b.personId, b.destination)
    }
}

/// A consenting person for the matching pool: the batch entry as JSON.
public struct CandidateRecord: Sendable, Hashable {
    public var key: CandidateKey
    /// A JSON object (the person, credentials and experience of the batch entry).
    public var record: String

    public var personId: String { key.personId }
    public var destination: String { key.destination }

    public init(key: CandidateKey, record: String) {
        self.key = key; self.record = record
    }
}

/// The effects of one message, committed together with those of its group.
public struct MessageEffects: Sendable {
    /// Its ledger row, keyed by scope and id.
    public var entry: LedgerEntry
    /// The scope the message was delivered under (its service; nil: before scopes).
    public var scope: String? { entry.scope.isEmpty ? nil : entry.scope }
    public var candidates: [CandidateRecord]
    /// Entries whose person is in the batch without consent to matching: withdrawn.
    public var withdrawn: [CandidateKey]
    /// A person whose records are removed (erase-person), within `scope` (and the legacy scope).
    public var erasedPerson: String?
    /// The erased person's pseudonymous reference in each scope the erasure covers: what the
    /// change log names instead of the id, so that no trace of the id is left in it.
    public var erasedReferences: [String: String]
    /// The person index's rows for the message's original and results (an erasure's references
    /// leave the index with it).
    public var personFiles: [PersonFile]

    public init(
        entry: LedgerEntry, scope: String? = nil, candidates: [CandidateRecord], withdrawn: [CandidateKey] = [],
        erasedPerson: String? = nil,
        erasedReferences: [String: String] = [:], personFiles: [PersonFile] = []
    ) {
        self.entry = entry
        if let scope { self.entry.scope = scope }
        self.candidates = candidates; self.withdrawn = withdrawn;
        self.erasedPerson = erasedPerson
        self.erasedReferences = erasedReferences
        self.personFiles = personFiles
    }

    /// Whether committing it changes the matching pool.
    public var changesThePool: Bool { !candidates.isEmpty || !withdrawn.isEmpty || erasedPerson != nil }
}

/// One row of the person index: a kept file (relative to the spool: `done/<name>`,
/// `rejected/<name>`, `outbox/<audience>/new/<name>`) holds the person of pseudonymous
/// reference `ref` (the reference is per scope, so the row says whose person it is).
public struct PersonFile: Sendable, Hashable {
    public var ref: String
    public var path: String

    public init(ref: String, path: String) { self.ref = ref; self.path = path }
}

public struct FrameworkLoadRecord: Sendable, Hashable {
    public var at: String
    public var reason: FrameworkLoadReason
    public var versions: [DataVersion]

    public init(at: String, reason: FrameworkLoadReason, versions: [DataVersion]) {
        self.at = at; self.reason = reason; self.versions = versions
    }
}

public enum FrameworkLoadReason: String, Sendable { case start, reload, install }

/// The ledger's `outputs` column: a JSON array of file names, the same text in both stores.
public enum LedgerJSON {
    public static func array(_ items: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(items)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    public static func strings(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
