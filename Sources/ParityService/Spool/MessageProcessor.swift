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

    init(spool: Spool, database: ParityDatabase, registry: FrameworkRegistry, limits: Limits, stats: ProcessingStats, logger: Logger) {
        self.spool = spool
        self.database = database
        self.registry = registry
        self.limits = Mutex(limits)
        self.stats = stats
        self.logger = logger
        self.handlers = KindHandlers(spool: spool, registry: registry)
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
    }

    func processGroup() -> GroupOutcome {
        let limits = self.limits.withLock { $0 }
        let names: [String]
        do { names = try spool.waiting() } catch {
            report(error: "\(error)")
            return .failed
        }
        var claimed: [String] = []
        for name in names where claimed.count < limits.groupSize && !spool.isBeingDelivered(name) {
            do { if try spool.claim(name) != nil { claimed.append(name) } } catch { report(error: "\(error)") }
        }
        stats.waiting(names.count - claimed.count)
        guard !claimed.isEmpty else { return .idle }

        let sync = DirectorySync()
        var results: [(name: String, handled: Handled, started: ContinuousClock.Instant)] = []
        var seen: [String: String] = [:]  // id → content hash, for repeats inside the group
        var outOfSpace = false
        for name in claimed {
            let started = ContinuousClock.now
            let handled = outOfSpace ? .retry(SpoolError(path: name, operation: "process it", code: ENOSPC)) : handle(name, limits: limits, sync: sync, seen: &seen)
            if case .retry(let error) = handled, error.isOutOfSpace { outOfSpace = true }
            results.append((name, handled, started))
        }

        // Outputs durable before the ledger says they exist.
        let committed = results.compactMap { r -> MessageEffects? in if case .effects(let e) = r.handled { return e } else { return nil } }
        do {
            try sync.sync()
            try database.commit(committed)
        } catch {
            report(error: "\(error)")
            let full = (error as? SpoolError)?.isOutOfSpace == true || (error as? StoreError)?.isOutOfSpace == true
            for r in results { release(r.name) }
            stats.retried(results.count)
            return full ? .outOfSpace : .failed
        }
        var done = 0
        var retries: [SpoolError] = []
        for r in results {
            switch r.handled {
            case .effects(let effects):
                finish(r.name)
                stats.processed(kind: effects.entry.kind, seconds: Self.seconds(since: r.started))
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
                    report(error: "\(error)")
                    if error.isOutOfSpace { outOfSpace = true }
                    release(r.name)
                    stats.retried(1)
                }
            case .retry(let error):
                release(r.name)
                retries.append(error)
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

    /// One claimed message: spool rules, envelope, producer, ledger, then its kind's handler.
    private func handle(_ name: String, limits: Limits, sync: DirectorySync, seen: inout [String: String]) -> Handled {
        func rejected(_ reason: Rejection, kind: String? = nil, id: String? = nil) -> Handled {
            .rejected(RejectionRecord(message: name, rejectedAt: Self.timestamp(), kind: kind, id: id, reason: reason))
        }
        let message: ClaimedMessage
        switch spool.read(name, limit: limits.maxMessageBytes) {
        case .failure(let reason): return rejected(reason)
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

        let hash = SHA256.hex(of: message.bytes)
        let earlier: String?
        if let inGroup = seen[id] {
            earlier = inGroup
        } else {
            do { earlier = try database.ledgerEntry(id: id)?.contentHash } catch {
                return .retry(SpoolError(path: name, operation: "read the ledger (\(error))", code: error.isOutOfSpace ? ENOSPC : EIO))
            }
        }
        if let earlier {
            if earlier == hash { return .duplicate(kind: kind, id: id) }
            return rejected(Rejection(
                .idConflict, location: "\(name): id", found: "id '\(id)' was already used for a message with different content",
                expected: "a new id for new content (the id is the producer's idempotency key)"), kind: kind, id: id)
        }
        let context = KindHandlers.Context(message: message, envelope: envelope, contentHash: hash, processedAt: Self.timestamp(), sync: sync)
        switch handlers.handle(context) {
        case .success(let effects):
            seen[id] = hash
            return .effects(effects)
        case .failure(.rejected(let reason)): return rejected(reason, kind: kind, id: id)
        case .failure(.spool(let error)): return .retry(error)
        }
    }

    private func finish(_ name: String) {
        do { try spool.finish(name) } catch { report(error: "\(error)") }
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
