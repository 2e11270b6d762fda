import Foundation
import Logging
import ParityCore
import ParityMessages
import ParitySpool
import ParityStore
import Synchronization

/// Takes messages through the spool (DESIGN.md §6): claims a group from `incoming/new`, checks
/// and handles each one, makes the group's outputs durable (files fsynced and renamed, their
/// directories synced once), commits the group's ledger entries and database effects in one
/// transaction, and only then moves the originals to `done/` (or `rejected/` with a reason).
/// A crash at any point leaves originals in `active/`; after recovery they are processed
/// again, and the ledger turns the repeat into a duplicate, so every effect happens once.
final class MessageProcessor: Sendable {
    struct Limits: Sendable {
        var groupSize: Int
        var maxMessageBytes: Int
        var maxJSONDepth: Int
        var policy: ProducerPolicy
    }

    enum GroupOutcome: Equatable {
        case idle
        case processed(Int)
        /// The disk (or the database) is full: the messages went back to incoming/new.
        case outOfSpace
        case failed
    }

    let spool: Spool
    let database: ParityDatabase
    let registry: FrameworkRegistry
    let stats: ProcessingStats
    let logger: Logger
    private let limits: Mutex<Limits>
    let handlers: KindHandlers

    init(
        spool: Spool, database: ParityDatabase, registry: FrameworkRegistry, candidates: CandidateDirectory,
        matching: ParityConfiguration.MatchingSettings, letters: LetterIssuer,
        limits: Limits, stats: ProcessingStats, logger: Logger
    ) {
        self.spool = spool
        self.database = database
        self.registry = registry
        self.limits = Mutex(limits)
        self.stats = stats
        self.logger = logger
        self.handlers = KindHandlers(spool: spool, registry: registry, candidates: candidates, matching: matching, letters: letters)
    }

    /// A configuration reload changes limits and producers for the next group.
    func update(_ new: Limits) { limits.withLock { $0 = new } }

    var currentLimits: Limits { limits.withLock { $0 } }

    /// What became of one claimed message.
    enum Handled {
        case effects(MessageEffects)
        case duplicate(kind: String, id: String)
        case rejected(RejectionRecord)
        /// Not the message's fault (full disk, I/O error): try again later.
        case retry(SpoolError)
        /// Its producer has not finished delivering it (still linked in incoming/tmp).
        case notYet
    }

    static let readsThePool: Set<String> = ["job-opening", "skills-need"]

    /// A claimed message that passed the spool rules, the envelope and the producer check.
    struct Prepared {
        var message: ClaimedMessage
        var envelope: MessageEnvelope
        var contentHash: String
    }

    /// Names listed in incoming/new and not claimed yet, shared by the workers.
    private let pending = PendingNames()

    func processGroup() -> GroupOutcome {
        let limits = self.limits.withLock { $0 }
        let claimed: [String]
        do { claimed = try pending.claim(limits.groupSize, from: spool) } catch {
            report(error: "\(error)")
            return .failed
        }
        stats.waiting(pending.count)
        guard !claimed.isEmpty else { return .idle }

        let started = ContinuousClock.now
        var results: [(name: String, handled: Handled)] = []
        var ready: [Prepared] = []
        for name in claimed {
            switch prepare(name, limits: limits) {
            case .success(let prepared): ready.append(prepared)
            case .failure(let failure): results.append((name, failure.handled))
            }
        }
        // One ledger read for the whole group.
        let known: [String: String]
        do { known = try database.ledgerHashes(ids: ready.map(\.envelope.id)) } catch {
            for name in claimed { release(name) }
            stats.retried(claimed.count)
            report(error: "\(error)")
            return error.isOutOfSpace ? .outOfSpace : .failed
        }
        let sync = DirectorySync()
        var seen: [String: String] = [:]  // id → content hash, for repeats inside the group
        var outOfSpace = false
        var newCandidates = false
        for prepared in ready {
            let name = prepared.message.name
            if outOfSpace {
                results.append((name, .retry(SpoolError(path: name, operation: "process it", code: ENOSPC))))
                continue
            }
            // Matching reads the committed pool: a job or need that follows new candidates in
            // this group waits for the next group, after the commit, so it sees them.
            if newCandidates && Self.readsThePool.contains(prepared.envelope.kind) {
                results.append((name, .notYet))
                continue
            }
            let handled = complete(prepared, earlier: seen[prepared.envelope.id] ?? known[prepared.envelope.id], sync: sync)
            if case .effects(let effects) = handled {
                seen[prepared.envelope.id] = prepared.contentHash
                if !effects.candidates.isEmpty { newCandidates = true }
            }
            if case .retry(let error) = handled, error.isOutOfSpace { outOfSpace = true }
            results.append((name, handled))
        }

        // Outputs durable before the ledger says they exist.
        let committed = results.compactMap { r -> MessageEffects? in if case .effects(let e) = r.handled { return e } else { return nil } }
        do {
            try sync.sync()
            try database.commit(committed)
            handlers.candidates.changed(committed.flatMap { $0.candidates.map(\.personId) + ($0.erasedPerson.map { [$0] } ?? []) })
        } catch {
            report(error: "\(error)")
            let full = (error as? SpoolError)?.isOutOfSpace == true || (error as? StoreError)?.isOutOfSpace == true
            for r in results { release(r.name) }
            stats.retried(results.count)
            return full ? .outOfSpace : .failed
        }
        // The group's time, shared by its messages: processing is measured per group.
        let each = Self.seconds(since: started) / Double(results.count)
        var done = 0
        var retries: [SpoolError] = []
        for r in results {
            switch r.handled {
            case .effects(let effects):
                finish(r.name)
                // An erasure's own original names the person: it is kept without the id.
                if let person = effects.erasedPerson { redact(r.name, person: person) }
                stats.processed(kind: effects.entry.kind, seconds: each)
                logger.info("message processed", metadata: [
                    "message": "\(r.name)", "id": "\(effects.entry.id)", "kind": "\(effects.entry.kind)",
                    "outputs": "\(effects.entry.outputs.joined(separator: ","))", "candidates": "\(effects.candidates.count)",
                ])
                done += 1
            case .duplicate(let kind, let id):
                finish(r.name)
                stats.duplicate()
                logger.notice("duplicate message: already processed, no new effect", metadata: ["message": "\(r.name)", "id": "\(id)", "kind": "\(kind)"])
                done += 1
            case .rejected(let record):
                do {
                    try spool.reject(r.name, record: record)
                    stats.rejected(code: record.reason.code.rawValue)
                    logger.warning("message rejected", metadata: [
                        "message": "\(r.name)", "code": "\(record.reason.code.rawValue)", "where": "\(record.reason.location)",
                        "what": "\(record.reason.found)", "expected": "\(record.reason.expected)",
                    ])
                    done += 1
                } catch {
                    if error.isOutOfSpace { outOfSpace = true }
                    release(r.name)
                    retries.append(error)
                }
            case .retry(let error):
                release(r.name)
                retries.append(error)
            case .notYet:
                release(r.name)
            }
        }
        // One line for the group, not one per message: a full disk would flood the journal.
        if let first = retries.first {
            stats.retried(retries.count)
            report(error: "\(first)" + (retries.count > 1 ? " (\(retries.count) message(s) put back for a later attempt)" : ""))
        }
        if !outOfSpace && done > 0 { stats.error(nil) }
        return outOfSpace ? .outOfSpace : .processed(done)
    }

    /// Spool rules, envelope and producer: the checks that need nothing but the file.
    private func prepare(_ name: String, limits: Limits) -> Result<Prepared, HandledFailure> {
        func rejected(_ reason: Rejection, kind: String? = nil, id: String? = nil) -> Result<Prepared, HandledFailure> {
            .failure(HandledFailure(.rejected(RejectionRecord(message: name, rejectedAt: Self.timestamp(), kind: kind, id: id, reason: reason))))
        }
        let message: ClaimedMessage
        switch spool.read(name, limit: limits.maxMessageBytes) {
        case .failure(let reason):
            // Python's mailbox.Maildir links the file into new/ before it unlinks it from tmp/.
            if reason.code == .hardLinked && spool.isBeingDelivered(claimed: name) { return .failure(HandledFailure(.notYet)) }
            return rejected(reason)
        case .success(let read): message = read
        }
        let envelope: MessageEnvelope
        do {
            envelope = try MessageEnvelope.read(message.bytes, source: name, maximumDepth: limits.maxJSONDepth)
        } catch {
            let code: Rejection.Code = switch error.reason {
            case .notJSON: .notJSON
            case .tooDeep: .tooDeep
            case .envelope: .invalidEnvelope
            }
            return rejected(Rejection(code, location: "\(name): \(error.location)", found: error.found, expected: error.expected))
        }
        let (kind, id) = (envelope.kind, envelope.id)
        guard MessageEnvelope.kinds.contains(kind) else {
            return rejected(Rejection(.unknownKind, location: "\(name): kind", found: "'\(kind.prefix(80))'", expected: "one of \(MessageEnvelope.kinds.joined(separator: ", "))"), id: id)
        }
        if let refusal = limits.policy.check(message, kind: kind) { return rejected(refusal, kind: kind, id: id) }
        return .success(Prepared(message: message, envelope: envelope, contentHash: SHA256.hex(of: message.bytes)))
    }

    struct HandledFailure: Error {
        var handled: Handled
        init(_ handled: Handled) { self.handled = handled }
    }

    /// The ledger's verdict (`earlier`: the content hash already recorded for this id), then the kind's handler.
    private func complete(_ p: Prepared, earlier: String?, sync: DirectorySync) -> Handled {
        let (name, kind, id) = (p.message.name, p.envelope.kind, p.envelope.id)
        if let earlier {
            if earlier == p.contentHash { return .duplicate(kind: kind, id: id) }
            return .rejected(RejectionRecord(message: name, rejectedAt: Self.timestamp(), kind: kind, id: id, reason: Rejection(
                .idConflict, location: "\(name): id", found: "id '\(id)' was already used for a message with different content",
                expected: "a new id for new content (the id is the producer's idempotency key)")))
        }
        let context = KindHandlers.Context(message: p.message, envelope: p.envelope, contentHash: p.contentHash, processedAt: Self.timestamp(), sync: sync)
        switch handlers.handle(context) {
        case .success(let effects): return .effects(effects)
        case .failure(.rejected(let reason)):
            return .rejected(RejectionRecord(message: name, rejectedAt: Self.timestamp(), kind: kind, id: id, reason: reason))
        case .failure(.spool(let error)): return .retry(error)
        }
    }

    private func finish(_ name: String) {
        do { try spool.finish(name) } catch { report(error: "\(error)") }
    }

    /// At start-up: erasures whose original still names the person (a crash between the move
    /// to done/ and the redaction) are redacted now.
    func redactErasures() {
        do {
            for name in try database.ledgerFiles(kind: "erase-person") {
                let path = spool.directory(.done) + "/" + name
                guard FileManager.default.fileExists(atPath: path), let bytes = try? spool.contents(path, limit: 1 << 20),
                      let envelope = try? MessageEnvelope.read(bytes, source: name, maximumDepth: 8),
                      let person = try? PersonErasure.person(envelope) else { continue }
                redact(name, person: person)
            }
        } catch {
            report(error: "\(error)")
        }
    }

    private func redact(_ name: String, person: String) {
        let path = spool.directory(.done) + "/" + name
        do {
            let bytes = try spool.contents(path, limit: 1 << 20)
            guard let redacted = PersonErasure.remove(person: person, ref: "", from: bytes) else { return }
            let sync = DirectorySync()
            try spool.replace(path, with: redacted, sync: sync)
            try sync.sync()
        } catch {
            report(error: "\(error)")
        }
    }

    private func release(_ name: String) {
        do { try spool.release(name) } catch { report(error: "\(error)") }
    }

    private func report(error text: String) {
        stats.error(text)
        logger.error("spool problem", metadata: ["problem": "\(text)"])
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var t = now.tv_sec
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, Int(now.tv_nsec / 1_000_000))
    }
}
