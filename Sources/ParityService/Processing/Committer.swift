import Foundation
import Logging
import ParityCore
import ParitySpool
import ParityStore

/// What became of one claimed message.
enum Handled {
    case staged(Staged)
    case duplicate(kind: String, id: String)
    case rejected(RejectionRecord)
    /// Not the message's fault (full disk, I/O error, missing fonts): tried again later.
    case retry(any Error)
    /// Its producer has not finished delivering it (still linked in incoming/tmp).
    case notYet
    /// A reader whose place cannot be reached yet (a message before it is back in the queue):
    /// tried again, keeping its place.
    case deferred
}

/// A handled message whose results wait in `outbox/*/tmp`: its store effects, and the
/// candidates it brings to the pool once its place in delivery order is passed.
struct Staged {
    var effects: MessageEffects
    var pooled: [Candidate]
    var versions: [DataVersion]
}

/// The last stage of the pipeline (DESIGN.md §6, steps 4 to 6): stages a handler's results in
/// `outbox/*/tmp` (and an erasure's rewrites), makes them durable with one directory sync for
/// a segment of messages, commits the segment's effects (writers in delivery order), publishes
/// the results of what was committed, and moves each original where it belongs.
struct Committer: Sendable {
    let spool: Spool
    let database: any Store
    let order: CausalOrder
    let pending: PendingNames
    let index: PersonIndex
    var sweep: ErasureSweep { ErasureSweep(index: index) }
    let stats: ProcessingStats
    let problems: ProblemReport
    let logger: Logger

    /// The messages handled since the last commit, and what became of each.
    struct Segment {
        var results: [(claim: PendingNames.Claim, handled: Handled)] = []
        var sync = DirectorySync()
        /// Whether a result changes the pool: a reader after it needs it committed first.
        var changesThePool: Bool {
            results.contains {
                if case .staged(let staged) = $0.handled { staged.effects.changesThePool } else { false }
            }
        }
    }

    /// How the group is going.
    struct Run {
        var started: ContinuousClock.Instant
        var done = 0
        var outOfSpace = false
        var failed = false
        var retries: [any Error] = []
        var stopped: Bool { outOfSpace || failed }
    }

    /// Writes a handler's results into their outboxes' `tmp` (fsynced, staged in `sync`) and an
    /// erasure's rewrites of the kept files; returns what the store is to record.
    func stage(
        _ outcome: HandlerOutcome, of message: IncomingMessage, sync: DirectorySync
    ) throws(ProcessingFailure) -> Staged {
        var outputs: [String] = []
        do {
            // Results are checked against the free space before they are started: a full
            // disk puts the message back whole, never a half-written stream.
            for audience in Set(outcome.results.map(\.audience.rawValue)) {
                try spool.reserve(Self.resultBound(of: message), in: audience)
            }
            for result in outcome.results {
                let file = try spool.outboxFile(result.audience.rawValue, name: result.name)
                switch result.body {
                case .bytes(let bytes): try file.append(bytes)
                case .streamed(let write):
                    do { try write { piece in try file.append(piece) } } catch let error as SpoolError {
                        throw error
                    } catch {
                        throw HandlerProblem(message: file.name, operation: "write the result", underlying: error)
                    }
                }
                try file.stage(sync)
                outputs.append(file.ledgerPath)
            }
        } catch {
            throw .retry(underlying: error)
        }
        if let erasure = outcome.erasure { try sweep.sweep(erasure, sync: sync) }
        var effects = outcome.effects(of: message, outputs: outputs)
        effects.personFiles = index.rows(of: message, holders: outcome.holders, outputs: outputs)
        return Staged(effects: effects, pooled: outcome.pooled, versions: outcome.versions)
    }

    /// The end of a segment: staged outputs durable, effects committed in delivery order,
    /// committed outputs published, then each original finished, rejected or put back. A
    /// message another node committed first is a duplicate (or, with other content, a
    /// conflict): its outputs are discarded, never published twice.
    func flush(_ segment: inout Segment, _ run: inout Run) {
        defer {
            segment.sync.discardAll()
            segment = Segment()
        }
        guard !segment.results.isEmpty else { return }
        let (outcome, failure) = commitDurably(segment)
        if let failure {
            problems.report(failure)
            if ProcessingFailure.isOutOfSpace(failure) { run.outOfSpace = true } else { run.failed = true }
        }
        // The segment's time, shared by its messages: processing is measured per group.
        let each = Self.seconds(since: run.started) / Double(segment.results.count)
        for (claim, handled) in segment.results {
            var handled = handled
            if case .staged(let staged) = handled, let hash = outcome.alreadyCommitted[claim.seq] {
                let entry = staged.effects.entry
                handled = Self.verdict(
                    name: claim.name, kind: entry.kind, id: entry.id, contentHash: entry.contentHash, earlier: hash)
            }
            settle(
                claim, handled, committed: outcome.committed.contains(claim.seq), commitFailed: failure != nil,
                seconds: each, &run)
        }
    }

    /// Syncs the staged outputs, commits, and publishes what was committed.
    private func commitDurably(_ segment: Segment) -> (CommitProgress, (any Error)?) {
        var outcome = CommitProgress()
        var failure: (any Error)?
        do {
            // Staged outputs durable before the ledger says they exist.
            try segment.sync.sync()
            try commit(segment, into: &outcome)
        } catch {
            failure = error
        }
        do {
            for (claim, handled) in segment.results where outcome.committed.contains(claim.seq) {
                if case .staged(let staged) = handled { try segment.sync.publish(staged.effects.entry.outputs) }
            }
            try segment.sync.sync()
        } catch {
            // Committed, so not lost: the outputs wait in tmp for this node's next start (its recovery publishes them).
            segment.sync.keepStaged()
            problems.report(text: "\(error) (committed results stay in outbox/*/tmp until parityd starts again)")
        }
        return (outcome, failure)
    }

    /// One message's end: done/, rejected/ (with its reason), or back to the queue.
    private func settle(
        _ claim: PendingNames.Claim, _ handled: Handled, committed: Bool, commitFailed: Bool, seconds: Double,
        _ run: inout Run
    ) {
        let name = claim.name
        switch handled {
        case .staged(let staged) where committed:
            finish(claim)
            let effects = staged.effects
            if let person = effects.erasedPerson {
                do { try ErasureSweep.redact(name, person: person, spool: spool) } catch { problems.report(error) }
            }
            stats.processed(kind: effects.entry.kind, seconds: seconds)
            logger.info(
                "message processed",
                metadata: [
                    "message": "\(name)", "id": "\(effects.entry.id)", "kind": "\(effects.entry.kind)",
                    "outputs": "\(effects.entry.outputs.joined(separator: ","))",
                    "candidates": "\(effects.candidates.count)",
                ])
            run.done += 1
        case .staged:
            // Not committed: the commit failed (back to the queue, for any node), or a writer
            // before it is back in the queue (it follows, in its place, on this node).
            if commitFailed {
                problems.retried(1)
                pending.putBack(claim, spool: spool, keepingPlace: true, problems: problems)
            } else {
                pending.hold(claim)
            }
        case .duplicate(let kind, let id):
            finish(claim)
            stats.duplicate()
            logger.notice(
                "duplicate message: already processed, no new effect",
                metadata: ["message": "\(name)", "id": "\(id)", "kind": "\(kind)"])
            run.done += 1
        case .rejected(let record):
            reject(claim, record, &run)
        case .retry(let error):
            pending.putBack(claim, spool: spool, keepingPlace: true, problems: problems)
            run.retries.append(error)
        case .notYet:
            pending.putBack(claim, spool: spool, keepingPlace: false, problems: problems)
        case .deferred:
            // Kept here: taken by another node, it would be placed after what that node listed since.
            pending.hold(claim)
        }
    }

    private func reject(_ claim: PendingNames.Claim, _ record: RejectionRecord, _ run: inout Run) {
        do {
            // Indexed first: a rejected original an erasure could not find would keep the person.
            let target = spool.rejectionName(for: claim.name)
            try index.recordRejected(claim.name, storedAs: target)
            try spool.reject(claim.name, storedAs: target, record: record)
            pending.forget(claim)
            stats.rejected(code: record.reason.code.rawValue)
            logger.warning(
                "message rejected",
                metadata: [
                    "message": "\(claim.name)", "code": "\(record.reason.code.rawValue)",
                    "where": "\(record.reason.location)",
                    "what": "\(record.reason.found)", "expected": "\(record.reason.expected)",
                ])
            run.done += 1
        } catch {
            if ProcessingFailure.isOutOfSpace(error) { run.outOfSpace = true }
            pending.putBack(claim, spool: spool, keepingPlace: true, problems: problems)
            run.retries.append(error)
        }
    }

    private func finish(_ claim: PendingNames.Claim) {
        do { try spool.finish(claim.name) } catch { problems.report(error) }
        pending.forget(claim)
    }

    /// What the commits of a segment did so far (kept when a later transaction fails).
    struct CommitProgress {
        var committed = Set<UInt64>()
        /// Places whose id another node committed first, with the hash the ledger holds.
        var alreadyCommitted: [UInt64: String] = [:]
    }

    /// Commits the segment's effects in one transaction, or, when it holds writers, in as
    /// few as delivery order allows: each waits for the other workers' writers before it.
    /// Records in `progress` the places committed and those another node had committed (kept
    /// when a later transaction fails); writers left out (one before them went back to the
    /// queue) are put back by the caller.
    private func commit(_ segment: Segment, into progress: inout CommitProgress) throws(StoreError) {
        var others: [(seq: UInt64, staged: Staged)] = []
        var writers: [(seq: UInt64, staged: Staged)] = []
        for (claim, handled) in segment.results {
            guard case .staged(let staged) = handled else { continue }
            if staged.effects.changesThePool {
                writers.append((claim.seq, staged))
            } else {
                others.append((claim.seq, staged))
            }
        }
        // Each transaction takes the writers delivery order lets through now (and, the first
        // time, everything else); writers left when the order says no go back with the segment.
        var chunk = others
        repeat {
            let allowed = writers.isEmpty ? 0 : order.turn(writers.map(\.seq)) ?? 0
            chunk += writers.prefix(allowed)
            writers = allowed == 0 ? [] : Array(writers.dropFirst(allowed))
            guard !chunk.isEmpty else { break }
            let outcomes = try database.commit(chunk.map(\.staged.effects), node: spool.node)
            for (item, outcome) in zip(chunk, outcomes) {
                switch outcome {
                case .committed(let gone):
                    progress.committed.insert(item.seq)
                    guard item.staged.effects.changesThePool else { continue }
                    order.committed(
                        item.seq,
                        change: CausalOrder.Change(
                            removing: gone.map(\.text), adding: item.staged.pooled, versions: item.staged.versions))
                case .alreadyCommitted(let hash):
                    // Another node's commit: its change reaches the pool through the change log.
                    progress.alreadyCommitted[item.seq] = hash
                    if item.staged.effects.changesThePool { order.pass(item.seq) }
                }
            }
            chunk = []
        } while !writers.isEmpty
    }
}
