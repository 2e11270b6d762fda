import Foundation
import Logging
import ParityCore
import ParityLetters
import ParityMessages
import ParitySpool
import ParityStore
import Synchronization

/// Takes groups of messages through the pipeline (DESIGN.md §6), top to bottom:
/// 1. `Intake.take`: claim a group in delivery order, check each message, ask the ledger;
/// 2. for each admitted message, its kind's `MessageHandler` (pure), on the group's
///    `ProcessingSnapshot` and, for a reader, the pool `CausalOrder` gives it;
/// 3. `Committer.stage` writes its results into `outbox/*/tmp`; `Committer.flush` makes them
///    durable, commits the effects, publishes the results and finishes the originals.
/// A crash at any point leaves originals in `active/`; after recovery they are processed
/// again, and the ledger turns the repeat into a duplicate, so every effect happens once.
///
/// Order (DESIGN.md §8b): a job opening or skills need that follows a batch in the same group
/// first has the group so far committed (a *segment*), so it sees the batch; across workers,
/// writers commit in delivery order and readers take the pool at their place.
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
    let registry: FrameworkRegistry
    let stats: ProcessingStats
    let order: CausalOrder
    /// Names listed in incoming/new and not claimed yet, shared by the workers.
    let pending: PendingNames
    let progress: WorkerProgress
    private let limits: Mutex<Limits>
    private let intake: Intake
    private let committer: Committer
    private let problems: ProblemReport
    private let pseudonyms: Pseudonyms
    private let matching: ParityConfiguration.MatchingSettings
    private let letters: LetterIssuer
    private let hooks: ProcessingHooks
    /// This node among the others: readers wait for the older messages other nodes hold.
    private let nodes: NodeService?
    /// True while messages interrupted by an unclean stop wait (`Spool+Interrupted.swift`):
    /// then groups are of one message, one worker at a time, so that a message that ends the
    /// process again is the only one in progress and is isolated at the next start.
    private let isolating: Atomic<Bool>
    private let oneAtATime = Mutex(())
    /// Set at SIGTERM: the message in hand is finished, the rest of the group goes back.
    private let stopping = Atomic(false)
    private let index: PersonIndex

    init(
        spool: Spool, database: any Store, registry: FrameworkRegistry, order: CausalOrder, pseudonyms: Pseudonyms,
        matching: ParityConfiguration.MatchingSettings, letters: LetterIssuer, limits: Limits, stats: ProcessingStats,
        logger: Logger, progress: WorkerProgress = WorkerProgress(), nodes: NodeService? = nil,
        hooks: ProcessingHooks = ProcessingHooks()
    ) {
        self.spool = spool
        self.registry = registry
        self.limits = Mutex(limits)
        self.stats = stats
        self.progress = progress
        self.hooks = hooks
        self.pseudonyms = pseudonyms
        self.matching = matching
        self.letters = letters
        self.nodes = nodes
        self.order = order
        pending = PendingNames(order: order)
        problems = ProblemReport(stats: stats, logger: logger)
        isolating = Atomic(!((try? spool.interrupted())?.isEmpty ?? true))
        intake = Intake(spool: spool, database: database, pending: pending, order: order, problems: problems)
        index = PersonIndex(
            spool: spool, database: database, pseudonyms: pseudonyms, maxMessageBytes: limits.maxMessageBytes)
        committer = Committer(
            spool: spool, database: database, order: order, pending: pending,
            index: index,
            stats: stats, problems: problems, logger: logger)
    }

    /// A processor on its own (tests): reads the candidate pool from the database first, so
    /// that `CausalOrder` starts from a pool no later commit has touched.
    convenience init(
        spool: Spool, database: any Store, registry: FrameworkRegistry, candidates: CandidateDirectory,
        matching: ParityConfiguration.MatchingSettings, letters: LetterIssuer, limits: Limits, stats: ProcessingStats,
        logger: Logger
    ) throws(StoreError) {
        self.init(
            spool: spool, database: database, registry: registry,
            order: CausalOrder.starting(from: try candidates.load(engine: registry.engine), engine: registry.engine),
            pseudonyms: candidates.pseudonyms, matching: matching, letters: letters, limits: limits, stats: stats,
            logger: logger)
    }

    /// A configuration reload changes limits and producers for the next group.
    func update(_ new: Limits) {
        limits.withLock { $0 = new }
        index.maxMessageBytes.store(new.maxMessageBytes, ordering: .relaxed)
    }

    var currentLimits: Limits { limits.withLock { $0 } }

    func processGroup(worker: Int = 0) -> GroupOutcome {
        guard isolating.load(ordering: .acquiring) else { return process(worker: worker, limits: currentLimits) }
        return oneAtATime.withLock { _ in
            var limits = currentLimits
            if isolating.load(ordering: .acquiring) { limits.groupSize = 1 }
            let outcome = process(worker: worker, limits: limits)
            if (try? spool.interrupted())?.isEmpty ?? false, isolating.exchange(false, ordering: .acquiringAndReleasing)
            {
                problems.logger.notice(
                    "the messages interrupted by an unclean stop are processed: groups as configured again")
            }
            return outcome
        }
    }

    /// A graceful stop: no message is started after the one in hand; the rest of each group
    /// waits in `active/` until `releaseHeld` puts it back, so a stop takes as long as the
    /// longest single message, not a whole group.
    func stopTaking() { stopping.store(true, ordering: .relaxed) }

    /// The messages this node keeps in `active/<node>/` while they wait (see `PendingNames.hold`)
    /// go back to incoming/new at a graceful stop: what is left in `active/` was in progress.
    func releaseHeld() { pending.releaseHeld(spool: spool, problems: problems) }

    private func process(worker: Int, limits: Limits) -> GroupOutcome {
        let taken = intake.take(limits)
        stats.waiting(pending.count)
        let group: Intake.Group
        switch taken {
        case .idle: return .idle
        case .failed(let outOfSpace): return outOfSpace ? .outOfSpace : .failed
        case .group(let claimed): group = claimed
        }
        defer { progress.idle(worker) }
        let snapshot = snapshot(for: group)
        var run = Committer.Run(started: ContinuousClock.now)
        var segment = Committer.Segment(results: group.settled)
        var seen: [MessageKey: String] = [:]  // content hash of each key, for repeats inside the group
        for admitted in group.admitted {
            let claim = admitted.claim
            progress.begin(worker, message: claim.name)
            let handled = handle(
                admitted, earlier: seen[admitted.key] ?? admitted.earlier, snapshot, &segment, &run)
            switch handled {
            case .staged(let staged):
                seen[admitted.key] = admitted.contentHash
                // A writer stays in its place until its commit; anything else has passed.
                if !staged.effects.changesThePool { order.pass(claim.seq) }
            case .retry(let error):
                // Given back now, so that no other worker waits for it until the group ends.
                order.giveBack(claim.seq)
                if ProcessingFailure.isOutOfSpace(error) { run.outOfSpace = true }
            case .deferred:
                break  // back in the queue in `CausalOrder` already, keeping its place
            case .duplicate, .rejected, .notYet:
                order.pass(claim.seq)
            }
            segment.results.append((claim, handled))
        }
        committer.flush(&segment, &run)
        return outcome(of: run)
    }

    /// One message: the ledger's verdict, or its pool view (for a reader) and its handler.
    private func handle(
        _ admitted: Intake.Admitted, earlier: String?, _ snapshot: ProcessingSnapshot,
        _ segment: inout Committer.Segment,
        _ run: inout Committer.Run
    ) -> Handled {
        let (claim, kind, id) = (admitted.claim, admitted.kind, admitted.envelope.id)
        if stopping.load(ordering: .relaxed) { return .deferred }
        // After a full disk or a failed commit the rest of the group goes back, keeping its places.
        if run.stopped { return .retry(PipelineError.groupStopped(outOfSpace: run.outOfSpace)) }
        if let earlier {
            return Committer.verdict(
                name: claim.name, kind: kind.rawValue, id: id, contentHash: admitted.contentHash, earlier: earlier)
        }
        var pool: CandidatePool?
        // A reader sees the pool at its place; an erasure finds, through the person index,
        // every file the messages before it wrote.
        if kind.readsThePool || kind == .erasePerson {
            // The batches before it in this group are committed first, so that it sees them.
            if segment.changesThePool {
                committer.flush(&segment, &run)
                if run.stopped { return .retry(PipelineError.groupStopped(outOfSpace: run.outOfSpace)) }
            }
            // Older messages on other nodes first, and what the others committed.
            if let nodes, !nodes.prepareReader(claim.name) { return .deferred }
            if kind.readsThePool {
                guard let view = order.snapshot(claim.seq, name: claim.name, engine: snapshot.engine) else {
                    return .deferred
                }
                pool = view
            } else if !order.awaitTurn(claim.seq, name: claim.name) {
                return .deferred
            }
        }
        hooks.beforeHandling?(kind.rawValue, claim.name)
        let message = IncomingMessage(
            name: claim.name, kind: kind, envelope: admitted.envelope, scope: admitted.scope,
            contentHash: admitted.contentHash, size: admitted.message.bytes.count,
            processedAt: UTCTimestamp.now(), pool: pool)
        do {
            let outcome = try kind.handler.handle(message, snapshot)
            return .staged(try committer.stage(outcome, of: message, sync: segment.sync))
        } catch {
            switch error {
            case .rejected(let reason):
                return .rejected(
                    RejectionRecord(
                        message: claim.name, rejectedAt: UTCTimestamp.now(), kind: kind.rawValue, id: id, reason: reason
                    ))
            case .retry(let underlying):
                return .retry(underlying)
            }
        }
    }

    /// The group's snapshot: one read of the registry; the letter key only when a letter request needs it.
    private func snapshot(for group: Intake.Group) -> ProcessingSnapshot {
        var snapshot = ProcessingSnapshot(frameworks: registry.snapshot, matching: matching, pseudonyms: pseudonyms)
        if group.admitted.contains(where: { $0.kind == .letterRequest && $0.earlier == nil }) {
            snapshot.letters = Result { () throws(KeyError) in
                .init(issuer: letters.issuer, key: try letters.keyRing.activeKey(), require: letters.require)
            }
        }
        return snapshot
    }

    /// What the group's end says to the worker.
    private func outcome(of run: Committer.Run) -> GroupOutcome {
        // One line for the group, not one per message: a full disk would flood the journal.
        if let first = run.retries.first {
            problems.retried(run.retries.count)
            problems.report(
                text: "\(first)"
                    + (run.retries.count > 1 ? " (\(run.retries.count) message(s) put back for a later attempt)" : ""))
        }
        if !run.stopped && run.done > 0 { stats.error(nil) }
        if run.outOfSpace { return .outOfSpace }
        // Nothing done and something put back (an unwritable outbox, fonts missing): the worker
        // pauses until the next rescan rather than take the same message again at once.
        if (run.failed || !run.retries.isEmpty) && run.done == 0 { return .failed }
        return .processed(run.done)
    }

    /// The limits a configuration sets.
    static func limits(_ configuration: ParityConfiguration) -> Limits {
        Limits(
            groupSize: configuration.spool.groupSize, maxMessageBytes: configuration.spool.maxMessageBytes,
            maxJSONDepth: configuration.spool.maxJSONDepth,
            policy: ProducerPolicy(producers: configuration.producers, services: configuration.services))
    }
}

/// The issuer named on letters and the keys that sign them (`paths.state/letter-keys`).
struct LetterIssuer: Sendable {
    var issuer: String
    var keyRing: KeyRing
    /// What a credential's authenticity must be for a letter (`[authenticity] require`).
    var require: ParityConfiguration.AuthenticitySettings.Requirement

    init(_ configuration: ParityConfiguration) {
        issuer = configuration.letters.issuer
        require = configuration.authenticity.require
        keyRing = KeyRing(directory: configuration.letterKeys)
    }
}

/// For tests only: called on the worker's thread before each message's handler runs (a
/// handler made to hang, to see the watchdog stop). parityd never sets it.
public struct ProcessingHooks: Sendable {
    public var beforeHandling: (@Sendable (_ kind: String, _ name: String) -> Void)?
    public init(beforeHandling: (@Sendable (_ kind: String, _ name: String) -> Void)? = nil) {
        self.beforeHandling = beforeHandling
    }
}
