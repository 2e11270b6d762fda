import ParitySpool
import Synchronization

/// Names found in incoming/new and not yet claimed, shared by the workers: the directory is
/// listed once for a backlog, not once per group, and no two workers race for a name. Each
/// name gets its place in delivery order (`CausalOrder`) when it is first listed, and keeps it
/// if it is put back (`release`), so the claims go lowest place first.
final class PendingNames: Sendable {
    /// A claimed message and its place in delivery order.
    struct Claim: Sendable, Equatable {
        var name: String
        var seq: UInt64
    }

    private struct State {
        /// Waiting names, highest place first (claims take from the end).
        var waiting: [Claim] = []
        /// The place of every name listed and not yet finished, waiting or claimed.
        var places: [String: UInt64] = [:]
        /// Waiting names whose file this node still holds in `active/<node>/` (`hold`).
        var held: Set<String> = []
    }

    private let state = Mutex(State())
    let order: CausalOrder

    init(order: CausalOrder) { self.order = order }

    var count: Int { state.withLock { $0.waiting.count } }

    /// Claims up to `size` messages, lowest place first, listing the directory at most once.
    func claim(_ size: Int, from spool: Spool) throws(SpoolError) -> [Claim] {
        var claimed: [Claim] = []
        var listed = false
        while claimed.count < size {
            let batch = state.withLock { state -> [Claim] in
                let take = min(size - claimed.count, state.waiting.count)
                defer { state.waiting.removeLast(take) }
                let taken = Array(state.waiting.suffix(take).reversed())
                for claim in taken { order.take(claim.seq) }
                return taken
            }
            if batch.isEmpty {
                // Listed at most once per group: whatever arrives later comes with a wake-up.
                guard !listed else { break }
                listed = true
                let found = try spool.waiting()
                guard !found.isEmpty else { break }
                state.withLock { state in
                    // Names already placed (claimed, or put back) keep their place; the new ones
                    // follow in delivery order, after every place given so far (so, at the
                    // front of the highest-first list).
                    let fresh = found.filter { state.places[$0] == nil }
                    var placed: [Claim] = []
                    placed.reserveCapacity(fresh.count + state.waiting.count)
                    for (name, seq) in zip(fresh, order.assign(fresh.count)).reversed() {
                        state.places[name] = seq
                        placed.append(Claim(name: name, seq: seq))
                    }
                    state.waiting = placed + state.waiting
                }
                continue
            }
            for claim in batch {
                var taken = state.withLock { $0.held.remove(claim.name) != nil }
                if !taken { taken = try spool.claim(claim.name) != nil }
                if taken {
                    claimed.append(claim)
                } else {
                    // Gone (taken by hand, or never really there): it has no place any more.
                    forget(claim)
                }
            }
        }
        return claimed
    }

    /// The message is back in incoming/new. `keepingPlace`: it was delivered and is tried
    /// again (waiting first in line); otherwise it was not completely delivered yet and is
    /// placed anew when it is listed again.
    func release(_ claim: Claim, keepingPlace: Bool) {
        if keepingPlace {
            wait(claim, held: false)
        } else {
            forget(claim)
        }
    }

    /// Puts a claimed message back into `incoming/new` and among the waiting names (see `release`).
    func putBack(_ claim: Claim, spool: Spool, keepingPlace: Bool, problems: ProblemReport) {
        do { try spool.release(claim.name) } catch { problems.report(error) }
        release(claim, keepingPlace: keepingPlace)
    }

    /// The message waits for its turn again, keeping its place, but this node keeps its file in
    /// `active/<node>/`: another node, which would place it by its own listing (after messages
    /// delivered after it), cannot take it meanwhile. A crash returns it like any claim.
    func hold(_ claim: Claim) { wait(claim, held: true) }

    /// At a graceful stop: the held files go back to incoming/new (they stay among the waiting names).
    func releaseHeld(spool: Spool, problems: ProblemReport) {
        let held = state.withLock { state in
            defer { state.held.removeAll() }
            return state.held
        }
        for name in held.sorted() {
            do { try spool.release(name) } catch { problems.report(error) }
        }
    }

    /// Back among the waiting names, in its place (highest place first).
    private func wait(_ claim: Claim, held: Bool) {
        state.withLock { state in
            guard !state.waiting.contains(claim) else { return }
            if held { state.held.insert(claim.name) }
            let index = state.waiting.firstIndex { $0.seq < claim.seq } ?? state.waiting.endIndex
            state.waiting.insert(claim, at: index)
            order.giveBack(claim.seq)
        }
    }

    /// The message left the queue for good (done, rejected), or is to be placed anew.
    func forget(_ claim: Claim) {
        _ = state.withLock { $0.places.removeValue(forKey: claim.name) }
        order.pass(claim.seq)
    }
}
