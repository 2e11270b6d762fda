import Foundation
import Glibc
import ParityLetters
import ParityMessages
import ParitySpool
import ParityStore

/// The file side of an erasure (`ErasePersonHandler` names the person): exactly the kept files
/// the person index names for the person's references in the erasure's scope (and the legacy
/// scope) are read, as decoded JSON, and the person's entries cut out of them, durably, before
/// the erasure's commit; the erasure's own original is redacted once it is in done/. Another
/// service's file is named only where it lists this scope's person by reference (a shortlist):
/// its own person of the same id is never touched. A file that is gone (consumed from its
/// outbox, purged) is passed over; one that is not a regular file is never opened.
struct ErasureSweep: Sendable {
    let index: PersonIndex
    var spool: Spool { index.spool }
    var database: any Store { index.database }

    /// Rewrites or removes every kept file the index names for the person.
    func sweep(_ erasure: HandlerOutcome.Erasure, sync: DirectorySync) throws(ProcessingFailure) {
        let refs = index.lookup(erasure)
        let paths: [String]
        do { paths = try database.personFiles(refs: refs) } catch { throw .retry(underlying: error) }
        do throws(SpoolError) {
            for relative in paths {
                guard let path = spool.keptPath(relative) else { continue }
                guard let kept = try spool.kept(path, limit: PersonIndex.largestKeptFile) else {
                    // Committed by another worker or node, and not yet published or finished:
                    // the erasure is tried again once it is.
                    if try spool.isInFlight(relative) {
                        throw SpoolError(
                            path: path, operation: "erase the person from it yet (still being published)", code: EAGAIN)
                    }
                    continue
                }
                // A letter is about the person alone: its signed JSON and its PDF both go.
                if relative.hasPrefix("outbox/letters/") {
                    if relative.hasSuffix(".pdf") || SignedLetter.holderId(kept.bytes) == erasure.person {
                        try spool.remove(path, sync: sync)
                        continue
                    }
                }
                var erased: [UInt8]?
                for ref in refs {
                    if let cut = PersonErasure.remove(person: erasure.person, ref: ref, from: erased ?? kept.bytes) {
                        erased = cut
                    }
                }
                if let erased { try spool.replace(path, with: erased, sync: sync) }
            }
        } catch {
            throw .retry(underlying: error)
        }
    }

    /// The erasure's own original in done/ names the person: it is kept without the id.
    static func redact(_ name: String, person: String, spool: Spool) throws(SpoolError) {
        let path = spool.directory(.done) + "/" + name
        let bytes = try spool.contents(path, limit: 1 << 20)
        guard let redacted = PersonErasure.remove(person: person, ref: "", from: bytes) else { return }
        let sync = DirectorySync()
        try spool.replace(path, with: redacted, sync: sync)
        try sync.sync()
    }

    /// At start-up: erasures whose original still names the person (a crash between the move
    /// to done/ and the redaction) are redacted now. Returns what could not be redacted.
    static func redactInterrupted(spool: Spool, database: any Store) throws(StoreError) -> [SpoolError] {
        var failures: [SpoolError] = []
        for name in try database.ledgerFiles(kind: MessageKind.erasePerson.rawValue) {
            let path = spool.directory(.done) + "/" + name
            guard FileManager.default.fileExists(atPath: path), let bytes = try? spool.contents(path, limit: 1 << 20),
                let envelope = try? MessageEnvelope.read(
                    bytes, source: name, maximumDepth: 8, documents: NoExchangeDocuments()),
                let person = try? PersonErasure.person(envelope)
            else { continue }
            do { try redact(name, person: person, spool: spool) } catch { failures.append(error) }
        }
        return failures
    }
}
