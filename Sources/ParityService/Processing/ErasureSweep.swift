import Foundation
import ParityDocuments
import ParityLetters
import ParityMessages
import ParitySpool
import ParityStore

/// The file side of an erasure (`ErasePersonHandler` names the person): their entries in the
/// originals kept in done/ and rejected/ and in results still waiting in the outboxes are cut
/// out, durably, before the erasure's commit; the erasure's own original is redacted once it
/// is in done/. Another service's files keep their own person of the same id: there only the
/// pseudonyms of this scope are looked for.
struct ErasureSweep: Sendable {
    let spool: Spool
    let database: any Store

    /// Rewrites or removes every kept file that holds the person, within `scope`.
    func sweep(_ erasure: HandlerOutcome.Erasure, scope: String, sync: DirectorySync) throws(SpoolError) {
        let person = erasure.person
        let refs = Array(Set(erasure.references.values))
        var removed = Set<String>()
        for path in try spool.personalDataFiles() where !removed.contains(path) {
            let bytes = try spool.contents(path, limit: 1 << 30)
            // Only files that mention the id or a pseudonym are parsed.
            let mentionsId = bytes.firstRange(of: Array(person.utf8)) != nil
            guard mentionsId || refs.contains(where: { bytes.firstRange(of: Array($0.utf8)) != nil }) else { continue }
            let ours = mentionsId && belongs(path, bytes, to: scope)
            // A letter is about the person alone: its signed JSON and its PDF both go.
            if ours, path.hasSuffix(".json"), SignedLetter.holderId(bytes) == person {
                let pdf = String(path.dropLast(5)) + ".pdf"
                try spool.remove(path, sync: sync)
                try spool.remove(pdf, sync: sync)
                removed.insert(pdf)
                continue
            }
            var erased: [UInt8]?
            for ref in refs {
                // Another service's file: its own person of this id stays; only our pseudonyms go.
                if let cut = PersonErasure.remove(person: ours ? person : "", ref: ref, from: erased ?? bytes) {
                    erased = cut
                }
            }
            if let erased { try spool.replace(path, with: erased, sync: sync) }
        }
    }

    /// The erasure's own original in done/ names the person: it is kept without the id.
    func redact(_ name: String, person: String) throws(SpoolError) {
        let path = spool.directory(.done) + "/" + name
        let bytes = try spool.contents(path, limit: 1 << 20)
        guard let redacted = PersonErasure.remove(person: person, ref: "", from: bytes) else { return }
        let sync = DirectorySync()
        try spool.replace(path, with: redacted, sync: sync)
        try sync.sync()
    }

    /// At start-up: erasures whose original still names the person (a crash between the move
    /// to done/ and the redaction) are redacted now. Returns what could not be redacted.
    func redactInterrupted() throws(StoreError) -> [SpoolError] {
        var failures: [SpoolError] = []
        for name in try database.ledgerFiles(kind: MessageKind.erasePerson.rawValue) {
            let path = spool.directory(.done) + "/" + name
            guard FileManager.default.fileExists(atPath: path), let bytes = try? spool.contents(path, limit: 1 << 20),
                let envelope = try? MessageEnvelope.read(
                    bytes, source: name, maximumDepth: 8, documents: NoExchangeDocuments()),
                let person = try? PersonErasure.person(envelope)
            else { continue }
            do { try redact(name, person: person) } catch { failures.append(error) }
        }
        return failures
    }

    /// Whether a kept file was delivered (or written for a message delivered) in `scope`: by the
    /// ledger's record of its message (done/ originals, outbox results named by message id), by
    /// its group and `service` field (rejected originals, never in the ledger). A file whose
    /// scope is not known (from before scopes) is taken to be in scope: an erasure errs on the
    /// side of the person.
    private func belongs(_ path: String, _ bytes: [UInt8], to scope: String) -> Bool {
        let fileName = String(path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...])
        let original = path.hasPrefix(spool.directory(.done) + "/") || path.hasPrefix(spool.directory(.rejected) + "/")
        // Only an original is read as a message: a result is named by its message's id.
        let envelope =
            original
            ? try? MessageEnvelope.read(bytes, source: fileName, maximumDepth: 64, documents: DocumentReader()) : nil
        if path.hasPrefix(spool.directory(.rejected) + "/") {
            var info = stat()
            guard stat(path, &info) == 0 else { return true }
            return (envelope?.service ?? ProducerPolicy.groupScope(info.st_gid)) == scope
        }
        let id = original ? envelope?.id : String(fileName.prefix { $0 != "." })
        guard let id, let recorded = (try? database.ledgerScopes(ids: [id]))?[id] else { return true }
        return recorded == scope || recorded.isEmpty
    }
}
