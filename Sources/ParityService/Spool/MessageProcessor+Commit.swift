import Foundation
import ParitySpool
import ParityStore

/// The end of a segment: outputs made durable, effects committed in delivery order, originals
/// moved (DESIGN.md §6, steps 5 and 6).
extension MessageProcessor {
    /// Makes the segment's outputs durable, commits its effects (writers in delivery order),
    /// then moves each original where it belongs.
    func flush(_ segment: inout Segment, _ run: inout Run) {
        defer { segment = Segment() }
        guard !segment.results.isEmpty else { return }
        var committed = Set<UInt64>()
        do {
            // Outputs durable before the ledger says they exist.
            try segment.sync.sync()
            committed = try commit(segment)
        } catch {
            report(error: "\(error)")
            let full = (error as? SpoolError)?.isOutOfSpace == true || (error as? StoreError)?.isOutOfSpace == true
            if full { run.outOfSpace = true } else { run.failed = true }
            stats.retried(segment.results.count)
            for r in segment.results {
                if case .notYet = r.handled { release(r.claim, keepingPlace: false) } else { release(r.claim, keepingPlace: true) }
            }
            return
        }
        // The segment's time, shared by its messages: processing is measured per group.
        let each = Self.seconds(since: run.started) / Double(segment.results.count)
        for r in segment.results {
            let name = r.claim.name
            switch r.handled {
            case .effects(let done) where committed.contains(r.claim.seq):
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
                // A writer before it went back to the queue: it follows, in its place.
                release(r.claim, keepingPlace: true)
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
                release(r.claim, keepingPlace: true)
            }
        }
    }

    /// Commits the segment's effects in one transaction, or, when it holds writers, in as
    /// few as delivery order allows: each waits for the other workers' writers before it.
    /// Returns the places committed; writers left out (one before them went back to the
    /// queue) are put back by the caller.
    private func commit(_ segment: Segment) throws(StoreError) -> Set<UInt64> {
        var others: [(seq: UInt64, done: KindHandlers.Done)] = []
        var writers: [(seq: UInt64, done: KindHandlers.Done)] = []
        for r in segment.results {
            guard case .effects(let done) = r.handled else { continue }
            if done.effects.changesThePool { writers.append((r.claim.seq, done)) } else { others.append((r.claim.seq, done)) }
        }
        // Each transaction takes the writers delivery order lets through now (and, the first
        // time, everything else); writers left when the order says no go back with the segment.
        var committed = Set<UInt64>()
        var chunk = others
        repeat {
            let allowed = writers.isEmpty ? 0 : order.turn(writers.map(\.seq)) ?? 0
            chunk += writers.prefix(allowed)
            writers = allowed == 0 ? [] : Array(writers.dropFirst(allowed))
            guard !chunk.isEmpty else { break }
            let removed = try database.commit(chunk.map(\.done.effects))
            for (item, gone) in zip(chunk, removed) {
                committed.insert(item.seq)
                guard item.done.effects.changesThePool else { continue }
                order.committed(item.seq, change: CausalOrder.Change(
                    removing: gone.map(\.text), adding: item.done.pooled, versions: item.done.versions))
            }
            chunk = []
        } while !writers.isEmpty
        return committed
    }
}
