import Foundation
import ParityCore
import ParitySpool

/// The rule of DESIGN.md §8b: **a job sees every batch delivered before it, and none
/// delivered after it**, whichever worker takes each message and wherever the group
/// boundaries fall.
///
/// Every message gets a place in delivery order when it is first listed in `incoming/new`
/// (`assign`). Messages that change the matching pool (credential batches, erasures: the
/// *writers*) commit in that order, each waiting only for the writers before it; messages that
/// read the pool (job openings, skills needs: the *readers*) take their snapshot of the pool
/// exactly when every message before them has passed and no later one has. The in-memory pool
/// is this object's: a writer's change is applied when the order passes its place, so a later
/// writer that commits early is in the database but not yet in a reader's snapshot.
///
/// Nobody waits for what comes after it: a reader waits for the messages before it, a writer
/// for the writers before it, and a batch never for a job. A message put back in the queue (a
/// full disk) may hold the order up; whoever would wait for it gives up instead and is put
/// back too, so no worker waits for a message that no worker holds.
final class CausalOrder: Sendable {
    /// What a message does to the pool, once its kind is known.
    enum Role: Sendable { case unknown, writer, reader, other }

    /// A writer's change to the pool, applied in delivery order.
    struct Change: Sendable {
        var removing: [String]
        var adding: [Candidate]
        /// The data versions the candidates were resolved with.
        var versions: [DataVersion]
    }

    /// A change another node committed, read from the change log: it joins the pool when a
    /// reader delivered after its message takes a snapshot (across nodes, the order is the
    /// delivery order of the spool names).
    struct RemoteChange: Sendable {
        var file: String
        var removing: [String]
        /// An erasure's entries, named by (scope, pseudonymous reference): found in the pool when applied.
        var removingReferences: [(scope: String, ref: String)] = []
        var adding: [Candidate]
        var versions: [DataVersion]
    }

    private enum State { case queued, held, passable }

    private struct Item {
        var state: State
        var role: Role
        var change: Change?
    }

    private let condition = NSCondition()
    // All guarded by `condition`.
    private nonisolated(unsafe) var items: [UInt64: Item] = [:]
    /// Every place below it has passed.
    private nonisolated(unsafe) var head: UInt64 = 0
    private nonisolated(unsafe) var next: UInt64 = 0
    private nonisolated(unsafe) var pool: CandidatePool
    private nonisolated(unsafe) var versions: [DataVersion]
    /// Other nodes' changes not in the pool yet, in log order.
    private nonisolated(unsafe) var remote: [RemoteChange] = []
    /// Resolves candidates' skill labels again when the frameworks change.
    private let resolve: @Sendable (Candidate, RecognitionEngine) -> Candidate

    init(
        pool: CandidatePool, versions: [DataVersion],
        resolve: @escaping @Sendable (Candidate, RecognitionEngine) -> Candidate
    ) {
        self.pool = pool
        self.versions = versions
        self.resolve = resolve
    }

    // MARK: places

    /// Places for `count` newly listed messages, in their delivery order.
    func assign(_ count: Int) -> [UInt64] {
        locked {
            let first = next
            next += UInt64(count)
            for seq in first..<next { items[seq] = Item(state: .queued, role: .unknown) }
            return Array(first..<next)
        }
    }

    /// A worker took the message from the queue.
    func take(_ seq: UInt64) { update(seq) { $0.state = .held } }

    /// The message went back to the queue, keeping its place (it was delivered, it will be tried again).
    func giveBack(_ seq: UInt64) { update(seq) { if $0.state != .passable { $0.state = .queued } } }

    /// The message has no (more) bearing on the pool: rejected, a duplicate, vanished, or not
    /// delivered yet after all (it gets a new place when it is listed again).
    func pass(_ seq: UInt64) { settle(seq, change: nil) }

    /// Its kind is known: a message that neither changes nor reads the pool passes at once.
    func classify(_ seq: UInt64, _ role: Role) {
        update(seq) {
            $0.role = role
            if role == .other { $0.state = .passable }
        }
    }

    /// A writer's effects are committed: its change is applied once every place before it has passed.
    func committed(_ seq: UInt64, change: Change?) { settle(seq, change: change) }

    // MARK: waiting

    /// For a reader: waits until every message before it has passed, then returns the pool as
    /// it stands (resolved with `engine`'s data) and passes. Nil: a message before it is back in
    /// the queue, so the reader should go back too (and keep its place).
    func snapshot(_ seq: UInt64, name: String = "", engine: RecognitionEngine) -> CandidatePool? {
        condition.lock()
        defer { condition.unlock() }
        applyRemote(deliveredBefore: name)
        guard items[seq] != nil else { return current(engine) }  // already passed: a late retry
        while head < seq {
            if (head..<seq).contains(where: { items[$0]?.state == .queued }) {
                // Back in the queue itself, so that the readers after it do not wait for it either.
                items[seq]?.state = .queued
                condition.broadcast()
                return nil
            }
            condition.wait()
        }
        let snapshot = current(engine)
        items[seq]?.state = .passable
        advance()
        return snapshot
    }

    /// For an erasure (a writer that reads what the messages before it wrote): waits until
    /// every message before it has passed, keeping its own place (it passes at its commit).
    /// False: a message before it is back in the queue, so it should go back too.
    func awaitTurn(_ seq: UInt64, name: String = "") -> Bool {
        condition.lock()
        defer { condition.unlock() }
        applyRemote(deliveredBefore: name)
        guard items[seq] != nil else { return true }
        while head < seq {
            if (head..<seq).contains(where: { items[$0]?.state == .queued }) { return false }
            condition.wait()
        }
        return true
    }

    /// For writers about to commit (`writers`: their places, ascending, as a worker claims
    /// them): waits until the first
    /// has no uncommitted writer, nor message of unknown kind, before it; then returns how many
    /// of them, from the first, may commit now (no other worker's writer falls between them).
    /// Nil: such a message is back in the queue, so these writers should go back too.
    func turn(_ writers: [UInt64]) -> Int? {
        guard let first = writers.first else { return 0 }
        condition.lock()
        defer { condition.unlock() }
        while true {
            var blocked = false
            // A writer whose place has passed already (tried again after it) waits for nobody.
            for seq in head..<max(head, first) {
                guard let item = items[seq], item.state != .passable, item.role == .unknown || item.role == .writer
                else { continue }
                if item.state == .queued { return nil }
                blocked = true
            }
            if !blocked { break }
            condition.wait()
        }
        var allowed = 1
        while allowed < writers.count {
            let between = min(writers[allowed - 1] + 1, writers[allowed])..<writers[allowed]
            let clear = between.allSatisfy { seq in
                guard let item = items[seq] else { return true }
                return item.state == .passable || item.role == .reader || item.role == .other
            }
            guard clear else { break }
            allowed += 1
        }
        return allowed
    }

    /// Other nodes' changes, in log order, to join the pool at the next reader delivered after them.
    func received(_ changes: [RemoteChange]) {
        guard !changes.isEmpty else { return }
        locked { remote += changes }
    }

    /// The pool read again in full (this node was away from the change log for too long).
    func reload(_ fresh: CandidatePool, versions freshVersions: [DataVersion]) {
        locked {
            pool = fresh
            versions = freshVersions
            remote = []
        }
    }

    /// The pool with every change passed so far (for tests and status).
    func currentPool(engine: RecognitionEngine) -> CandidatePool { locked { current(engine) } }

    /// Places not yet passed (for tests).
    var unpassed: Int { locked { items.count } }

    /// The pool with every change this node knows of applied, resolved with `engine`'s data;
    /// nil while a committed change waits for its turn or another node's change for a reader
    /// (what a snapshot of the pool must not miss).
    func settled(engine: RecognitionEngine) -> CandidatePool? {
        locked {
            guard remote.isEmpty, !items.values.contains(where: { $0.change != nil }) else { return nil }
            return current(engine)
        }
    }

    // MARK: inside the lock

    private func current(_ engine: RecognitionEngine) -> CandidatePool {
        if versions != engine.set.versions {
            pool = CandidatePool(pool.members.map { resolve($0, engine) })
            versions = engine.set.versions
        }
        return pool
    }

    /// Other nodes' changes of messages delivered before `name` join the pool; later ones wait.
    private func applyRemote(deliveredBefore name: String) {
        guard !remote.isEmpty else { return }
        var later: [RemoteChange] = []
        for change in remote {
            if Spool.deliveredBefore(change.file, name) {
                let erased = change.removingReferences.flatMap { pool.keys(reference: $0.ref, scope: $0.scope) }
                apply(Change(removing: change.removing + erased, adding: change.adding, versions: change.versions))
            } else {
                later.append(change)
            }
        }
        remote = later
    }

    private func settle(_ seq: UInt64, change: Change?) {
        locked {
            if seq < head || items[seq] == nil {
                // A message already passed comes back (put back after its place was passed):
                // its change cannot go back in time, so it applies now.
                if let change { apply(change) }
                return
            }
            items[seq]?.state = .passable
            if let change { items[seq]?.change = change }
            advance()
        }
    }

    private func update(_ seq: UInt64, _ body: (inout Item) -> Void) {
        locked {
            guard var item = items[seq] else { return }
            body(&item)
            items[seq] = item
            advance()
        }
    }

    /// Passes every passable place at the head, applying writers' changes in order; wakes the waiting.
    private func advance() {
        while let item = items[head], item.state == .passable {
            if let change = item.change { apply(change) }
            items[head] = nil
            head += 1
        }
        condition.broadcast()
    }

    private func apply(_ change: Change) {
        // Candidates resolved with other data than the pool's are pooled as they are; the
        // next reader resolves the whole pool again if its engine differs.
        if change.versions != versions { versions = [] }
        pool.update(removing: change.removing, adding: change.adding)
    }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }
}
