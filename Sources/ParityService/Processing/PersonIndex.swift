import Foundation
import ParityLetters
import ParityMessages
import ParitySpool
import ParityStore
import Synchronization

/// The person index (DESIGN.md §10): which kept file holds which person, by pseudonymous
/// reference within its scope (never by id). Rows are written with each message's commit (its
/// original in done/ and its results), when a message is rejected (its original in rejected/,
/// in its producer's scope: never the scope its unverified `service` field claims), and once,
/// at the first start with the index, for the files kept before it. An erasure reads exactly
/// the files the index names: its cost follows what the person has, not the size of the spool.
final class PersonIndex: Sendable {
    let spool: Spool
    let database: any Store
    let pseudonyms: Pseudonyms
    /// `spool.max_message_bytes`: a rejected original is read for the index up to it.
    let maxMessageBytes: Atomic<Int>
    /// Results and originals are read for an erasure or the first build up to this (a result of
    /// a message of 16 MiB stays well below it).
    static let largestKeptFile = 1 << 30

    init(spool: Spool, database: any Store, pseudonyms: Pseudonyms, maxMessageBytes: Int) {
        self.spool = spool
        self.database = database
        self.pseudonyms = pseudonyms
        self.maxMessageBytes = Atomic(maxMessageBytes)
    }

    /// The reference a person id is indexed under in `scope`: that of its NFC form, so that a
    /// precomposed and a decomposed `josé` are one person, as decoded JSON compares them.
    func ref(scope: String, personId: String) -> String {
        pseudonyms.ref(scope: scope, personId: personId.precomposedStringWithCanonicalMapping)
    }

    func references(ids: Set<String>, refs: Set<String>, scope: String) -> Set<String> {
        Set(ids.map { ref(scope: scope, personId: $0) }).union(refs)
    }

    static func rows(_ refs: Set<String>, paths: [String]) -> [PersonFile] {
        refs.sorted().flatMap { ref in paths.map { PersonFile(ref: ref, path: $0) } }
    }

    /// A processed message's rows: whoever its original names (read as decoded JSON) and the
    /// references its handler put in its results, for the original in done/ and every result.
    func rows(of message: IncomingMessage, holders: Set<String>, outputs: [String]) -> [PersonFile] {
        // An erasure's own original is redacted once it is in done/.
        guard message.kind != .erasePerson else { return [] }
        let mentions = PersonErasure.mentions(in: message.envelope)
        let refs = references(ids: mentions.ids, refs: mentions.refs.union(holders), scope: message.scope)
        return Self.rows(refs, paths: ["done/" + message.name] + outputs)
    }

    /// Before a message goes to rejected/: the people its JSON names, in its producer's scope
    /// (the file's group). A file the spool's rules refuse (not a regular file, too large) is
    /// never opened, here or by an erasure.
    func recordRejected(_ name: String, storedAs target: String) throws(StoreError) {
        guard case .success(let message) = spool.read(name, limit: maxMessageBytes.load(ordering: .relaxed))
        else { return }
        try record(message.bytes, group: message.group, as: "rejected/" + target)
    }

    /// A message recovery moved to rejected/ itself (`interrupted-twice`), under `stored`.
    func recordQuarantined(_ stored: String) throws(StoreError) {
        guard
            let kept = try? spool.kept(relative: "rejected/" + stored, limit: maxMessageBytes.load(ordering: .relaxed))
        else { return }
        try record(kept.bytes, group: kept.group, as: "rejected/" + stored)
    }

    private func record(_ bytes: [UInt8], group: gid_t, as path: String) throws(StoreError) {
        let mentions = PersonErasure.mentions(in: bytes)
        let refs = references(ids: mentions.ids, refs: mentions.refs, scope: ProducerPolicy.groupScope(group))
        guard !refs.isEmpty else { return }
        try database.recordPersonFiles(Self.rows(refs, paths: [path]), built: false)
    }

    /// What an erasure of `person` looks up: its reference in each scope the erasure covers
    /// (of the NFC form, as indexed), and the references given (those in shortlists).
    func lookup(_ erasure: HandlerOutcome.Erasure) -> [String] {
        Array(
            Set(erasure.references.keys.map { ref(scope: $0, personId: erasure.person) })
                .union(erasure.references.values)
        ).sorted()
    }
}
