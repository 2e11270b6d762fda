import Foundation
import ParitySpool
import ParityStore

/// The end of a segment: outputs made durable, effects committed in delivery order, originals
/// moved (DESIGN.md §6, steps 5 and 6).
extension MessageProcessor {
    /// Makes the segment's staged outputs durable in `tmp`, commits its effects (writers in
    /// delivery order), moves the committed messages' outputs into their outboxes, then each
    /// original where it belongs. A message another node committed first is a duplicate (or,
    /// with other content, a conflict): its outputs are discarded, never published twice.
    func flush(_ segment: inout Segment, _ run: inout Run) {
        defer {
            segment.sync.discardAll()
            segment = Segment()
        }
        guard !segment.results.isEmpty else { return }
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
            for r in segment.results where outcome.committed.contains(r.claim.seq) {
                if case .effects(let done) = r.handled { try segment.sync.publish(done.effects.entry.outputs) }
            }
            try segment.sync.sync()
        } catch {
            // Committed, so not lost: the outputs wait in tmp for this node's next start (its recovery publishes them).
            segment.sync.keepStaged()
            report(error: "\(error) (committed results stay in outbox/*/tmp until parityd starts again)")
        }
        if let failure {
            report(error: "\(failure)")
            let full = (failure as? SpoolError)?.isOutOfSpace == true || (failure as? StoreError)?.isOutOfSpace == true
            if full { run.outOfSpace = true } else { run.failed = true }
        }
        // The segment's time, shared by its messages: processing is measured per group.
        let each = Self.seconds(since: run.started) / Double(segment.results.count)
        for r in segment.results {
            let name = r.claim.name
            var handled = r.handled
            if case .effects(let done) = handled, let hash = outcome.alreadyCommitted[r.claim.seq] {
                handled = Self.verdict(name: name, kind: done.effects.entry.kind, id: done.effects.entry.id, contentHash: done.effects.entry.contentHash, earlier: hash)
            }
            switch handled {
            case .effects(let done) where outcome.committed.contains(r.claim.seq):
                finish(r.claim)
                let effects = done.effects
                // An erasure's own original names the person: it is kept without the id.
                if let person = effects.erasedPerson { redact(name, person: person) }
                stats.processed(kind: effects.entry.kind, seconds: each)
                logger.info("message processed", metadata: [
                    "message": "\(name)", "id": "\(effects.entry.id)", "kind": "\(effects.entry.kind)",
                    "outputs": "\(effects.entry.outputs.joined(separator: ","))", "candidates": "\(effects.candidates.count)",
                ])
                run.done += 1
            case .effects:
                // Not committed: the commit failed (back to the queue, for any node), or a writer
                // before it is back in the queue (it follows, in its place, on this node).
                if failure != nil {
                    stats.retried(1)
                    release(r.claim, keepingPlace: true)
                } else {
                    pending.hold(r.claim)
                }
            case .duplicate(let kind, let id):
                finish(r.claim)
                stats.duplicate()
                logger.notice("duplicate message: already processed, no new effect", metadata: ["message": "\(name)", "id": "\(id)", "kind": "\(kind)"])
                run.done += 1
            case .rejected(let record):
                do {
                    try spool.reject(name, record: record)
                    pending.forget(r.claim)
                    stats.rejected(code: record.reason.code.rawValue)
                    logger.warning("message rejected", metadata: [
                        "message": "\(name)", "code": "\(record.reason.code.rawValue)", "where": "\(record.reason.location)",
                        "what": "\(record.reason.found)", "expected": "\(record.reason.expected)",
                    ])
                    run.done += 1
                } catch {
                    if error.isOutOfSpace { run.outOfSpace = true }
                    release(r.claim, keepingPlace: true)
                    run.retries.append(error)
                }
            case .retry(let error):
                release(r.claim, keepingPlace: true)
                run.retries.append(error)
            case .notYet:
                release(r.claim, keepingPlace: false)
            case .deferred:
                // Kept here: taken by another node, it would be placed after what that node listed since.
                pending.hold(r.claim)
            }
        }
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
        var others: [(seq: UInt64, done: KindHandlers.Done)] = []
        var writers: [(seq: UInt64, done: KindHandlers.Done)] = []
        for r in segment.results {
            guard case .effects(let done) = r.handled else { continue }
            if done.effects.changesThePool { writers.append((r.claim.seq, done)) } else { others.append((r.claim.seq, done)) }
        }
        // Each transaction takes the writers delivery order lets through now (and, the first
        // time, everything else); writers left when the order says no go back with the segment.
        var chunk = others
        repeat {
            let allowed = writers.isEmpty ? 0 : order.turn(writers.map(\.seq)) ?? 0
            chunk += writers.prefix(allowed)
            writers = allowed == 0 ? [] : Array(writers.dropFirst(allowed))
            guard !chunk.isEmpty else { break }
            let outcomes = try database.commit(chunk.map(\.done.effects), node: spool.node)
            for (item, outcome) in zip(chunk, outcomes) {
                switch outcome {
                case .committed(let gone):
                    progress.committed.insert(item.seq)
                    guard item.done.effects.changesThePool else { continue }
                    order.committed(item.seq, change: CausalOrder.Change(
                        removing: gone.map(\.text), adding: item.done.pooled, versions: item.done.versions))
                case .alreadyCommitted(let hash):
                    // Another node's commit: its change reaches the pool through the change log.
                    progress.alreadyCommitted[item.seq] = hash
                    if item.done.effects.changesThePool { order.pass(item.seq) }
                }
            }
            chunk = []
        } while !writers.isEmpty
    }
}
