import Foundation
import Logging
import ParityCore
import ParityMessages
import ParitySpool
import ParityStore
import Synchronization

/// Takes messages through the spool (DESIGN.md §6): claims a group from `incoming/new`, checks
/// and handles each one, makes the outputs durable (files fsynced and renamed, their
/// directories synced once), commits the ledger entries and database effects in one
/// transaction, and only then moves the originals to `done/` (or `rejected/` with a reason).
/// A crash at any point leaves originals in `active/`; after recovery they are processed
/// again, and the ledger turns the repeat into a duplicate, so every effect happens once.
///
/// Order (DESIGN.md §8b, `CausalOrder`): a job opening or skills need that follows a batch in
/// the same group first has the group so far committed (a *segment*), so it sees the batch;
/// across workers, writers commit in delivery order and readers take the pool at their place.
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
    let database: any ParityStore
    let registry: FrameworkRegistry
    let stats: ProcessingStats
    let logger: Logger
    private let limits: Mutex<Limits>
    let handlers: KindHandlers
    let order: CausalOrder
    let progress: WorkerProgress
    private let hooks: ProcessingHooks
    /// This node among the others (set once the node service exists): readers wait for older messages they hold.
    let nodes = WeakReference<NodeService>()

    /// Reads the candidate pool from the database: before any message is processed, so that
    /// `CausalOrder` starts from a pool no later commit has touched.
    init(
        spool: Spool, database: any ParityStore, registry: FrameworkRegistry, candidates: CandidateDirectory,
        matching: ParityConfiguration.MatchingSettings, letters: LetterIssuer,
        limits: Limits, stats: ProcessingStats, logger: Logger, progress: WorkerProgress = WorkerProgress(), hooks: ProcessingHooks = ProcessingHooks()
    ) throws(StoreError) {
        self.spool = spool
        self.database = database
        self.registry = registry
        self.limits = Mutex(limits)
        self.stats = stats
        self.logger = logger
        self.progress = progress
        self.hooks = hooks
        self.handlers = KindHandlers(spool: spool, database: database, registry: registry, candidates: candidates, matching: matching, letters: letters)
        let engine = registry.engine
        order = CausalOrder(pool: try candidates.load(engine: engine), versions: engine.set.versions) { candidate, engine in
            candidate.resolved(CandidateDirectory.resolver(engine))
        }
        pending = PendingNames(order: order)
    }

    /// A configuration reload changes limits and producers for the next group.
    func update(_ new: Limits) { limits.withLock { $0 = new } }

    var currentLimits: Limits { limits.withLock { $0 } }

    /// What became of one claimed message.
    enum Handled {
        case effects(KindHandlers.Done)
        case duplicate(kind: String, id: String)
        case rejected(RejectionRecord)
        /// Not the message's fault (full disk, I/O error): try again later.
        case retry(SpoolError)
        /// Its producer has not finished delivering it (still linked in incoming/tmp).
        case notYet
        /// A reader whose place cannot be reached yet (a message before it is back in the
        /// queue): tried again, keeping its place.
        case deferred
    }

    static let readsThePool: Set<String> = ["job-opening", "skills-need"]
    static let changesThePool: Set<String> = ["credential-batch", "erase-person"]

    static func role(_ kind: String) -> CausalOrder.Role {
        readsThePool.contains(kind) ? .reader : changesThePool.contains(kind) ? .writer : .other
    }

    /// A claimed message that passed the spool rules, the envelope and the producer check.
    struct Prepared {
        var message: ClaimedMessage
        var envelope: MessageEnvelope
        var scope: String
        var contentHash: String
    }

    /// Names listed in incoming/new and not claimed yet, shared by the workers.
    let pending: PendingNames

    /// The messages handled since the last commit, and what became of each.
    struct Segment {
        var results: [(claim: PendingNames.Claim, handled: Handled)] = []
        var sync = DirectorySync()
        /// Whether a result changes the pool: a reader after it needs it committed first.
        var changesThePool: Bool {
            results.contains { if case .effects(let done) = $0.handled { done.effects.changesThePool } else { false } }
        }
    }

    /// How the group is going.
    struct Run {
        var started: ContinuousClock.Instant
        var done = 0
        var outOfSpace = false
        var failed = false
        var retries: [SpoolError] = []
    }

    func processGroup(worker: Int = 0) -> GroupOutcome {
        let limits = self.limits.withLock { $0 }
        let claimed: [PendingNames.Claim]
        do { claimed = try pending.claim(limits.groupSize, from: spool) } catch {
            report(error: "\(error)")
            return .failed
        }
        stats.waiting(pending.count)
        guard !claimed.isEmpty else { return .idle }
        defer { progress.idle(worker) }

        var run = Run(started: ContinuousClock.now)
        var segment = Segment()
        var ready: [(claim: PendingNames.Claim, prepared: Prepared)] = []
        for claim in claimed {
            progress.begin(worker, message: claim.name)
            switch prepare(claim.name, limits: limits) {
            case .success(let prepared):
                ready.append((claim, prepared))
                order.classify(claim.seq, Self.role(prepared.envelope.kind))
            case .failure(let failure):
                // Rejected: no bearing on the pool. Not yet delivered: placed anew when listed again.
                order.pass(claim.seq)
                segment.results.append((claim, failure.handled))
            }
        }
        // One ledger read for the whole group.
        let known: [String: String]
        do { known = try database.ledgerHashes(ids: ready.map(\.prepared.envelope.id)) } catch {
            let notYet = Set(segment.results.compactMap { r -> String? in if case .notYet = r.handled { r.claim.name } else { nil } })
            for claim in claimed { release(claim, keepingPlace: !notYet.contains(claim.name)) }
            stats.retried(claimed.count)
            report(error: "\(error)")
            return error.isOutOfSpace ? .outOfSpace : .failed
        }
        var seen: [String: String] = [:]  // id → content hash, for repeats inside the group
        // After a full disk or a failed commit the rest of the group goes back, keeping its places
        // (given back now, so that no other worker waits for them until the group ends).
        func putBack(_ claim: PendingNames.Claim) {
            order.giveBack(claim.seq)
            segment.results.append((claim, .retry(SpoolError(path: claim.name, operation: "process it", code: run.outOfSpace ? ENOSPC : EIO))))
        }
        for (claim, prepared) in ready {
            progress.begin(worker, message: claim.name)
            if run.outOfSpace || run.failed {
                putBack(claim)
                continue
            }
            let earlier = seen[prepared.envelope.id] ?? known[prepared.envelope.id]
            var pool: CandidatePool?
            if earlier == nil && Self.readsThePool.contains(prepared.envelope.kind) {
                // The batches before it in this group are committed first, so that it sees them.
                if segment.changesThePool {
                    flush(&segment, &run)
                    if run.outOfSpace || run.failed {
                        putBack(claim)
                        continue
                    }
                }
                // Older messages on other nodes first, and what the others committed.
                if let nodes = nodes.object, !nodes.prepareReader(claim.name) {
                    segment.results.append((claim, .deferred))
                    continue
                }
                guard let snapshot = order.snapshot(claim.seq, name: claim.name, engine: registry.engine) else {
                    segment.results.append((claim, .deferred))
                    continue
                }
                pool = snapshot
            }
            hooks.beforeHandling?(prepared.envelope.kind, claim.name)
            let handled = complete(prepared, earlier: earlier, sync: segment.sync, pool: pool)
            switch handled {
            case .effects(let done):
                seen[prepared.envelope.id] = prepared.contentHash
                // A writer stays in its place until its commit; anything else has passed.
                if !done.effects.changesThePool { order.pass(claim.seq) }
            case .retry(let error):
                order.giveBack(claim.seq)
                if error.isOutOfSpace { run.outOfSpace = true }
            case .duplicate, .rejected, .notYet, .deferred:
                order.pass(claim.seq)
            }
            segment.results.append((claim, handled))
        }
        flush(&segment, &run)

        // One line for the group, not one per message: a full disk would flood the journal.
        if let first = run.retries.first {
            stats.retried(run.retries.count)
            report(error: "\(first)" + (run.retries.count > 1 ? " (\(run.retries.count) message(s) put back for a later attempt)" : ""))
        }
        if !run.outOfSpace && !run.failed && run.done > 0 { stats.error(nil) }
        if run.outOfSpace { return .outOfSpace }
        // Nothing done and something put back (an unwritable outbox, fonts missing): the worker
        // pauses until the next rescan rather than take the same message again at once.
        if (run.failed || !run.retries.isEmpty) && run.done == 0 { return .failed }
        return .processed(run.done)
    }

    func finish(_ claim: PendingNames.Claim) {
        do { try spool.finish(claim.name) } catch { report(error: "\(error)") }
        pending.forget(claim)
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

    func redact(_ name: String, person: String) {
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

    func release(_ claim: PendingNames.Claim, keepingPlace: Bool) {
        do { try spool.release(claim.name) } catch { report(error: "\(error)") }
        pending.release(claim, keepingPlace: keepingPlace)
    }

    func report(error text: String) {
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

/// For tests only: called on the worker's thread before each message's handler runs (a
/// handler made to hang, to see the watchdog stop). parityd never sets it.
public struct ProcessingHooks: Sendable {
    public var beforeHandling: (@Sendable (_ kind: String, _ name: String) -> Void)?
    public init(beforeHandling: (@Sendable (_ kind: String, _ name: String) -> Void)? = nil) { self.beforeHandling = beforeHandling }
}
