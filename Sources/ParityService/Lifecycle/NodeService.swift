import Foundation
import Logging
import ParityCore
import ParitySpool
import ParityStore
import Synchronization

/// This node among the parityd nodes that share one spool and one database (a single node is
/// the case of one). On its own thread, every third of `spool.node_lease_seconds` (and at
/// least every rescan), it:
/// - keeps its heartbeat (`NodeHeartbeat`, on a thread and a connection of its own), with how
///   far it has followed the pool's change log; a node that finds it was declared dead stops at
///   once (`fenced`), since its work was handed on; one whose heartbeats did not get through for
///   three quarters of the lease exits at once (`cutOff`: parityd exits 75);
/// - declares dead any node whose claims directory holds work and whose heartbeat is older than
///   the lease, and returns that node's claims to `incoming/new` (`Spool.recover(node:)`);
/// - follows the change log, so that the pool holds what the other nodes commit: at once on
///   PostgreSQL's NOTIFY, and on every tick (after a lost connection, the tick catches up).
///
/// Before a reader (job opening, skills need) takes its pool, `prepareReader` waits for the
/// messages delivered before it that other (live) nodes hold, then reads the log: so a job sees
/// the batches delivered before it, wherever they were processed.
final class NodeService: Sendable {
    let spool: Spool
    private let store: any Store
    private let order: CausalOrder
    private let candidates: CandidateDirectory
    private let registry: FrameworkRegistry
    private let lease: Double
    private let interval: Double
    private let logger: Logger
    /// Called after another node's claims came back to incoming/new.
    private let returned: @Sendable () -> Void
    /// The last change-log entry applied (or deliberately skipped: this node's own).
    private let position: Mutex<Int64>
    /// One catch-up at a time.
    private let catchUpLock = NSLock()
    private let wake = NSCondition()
    private nonisolated(unsafe) var woken = false  // guarded by `wake`
    private nonisolated(unsafe) var stopping = false  // guarded by `wake`
    /// Another node declared this one dead: set by the heartbeat, ends the loop.
    private let fenced = Mutex(false)
    private let listener = Mutex<(any PoolSubscription)?>(nil)
    private let mustReload = Mutex(false)
    private let heartbeatStore: any Store
    /// Called when no heartbeat got through for three quarters of the lease.
    private let cutOff: @Sendable () -> Void

    init(
        spool: Spool, store: any Store, heartbeatStore: any Store, order: CausalOrder, candidates: CandidateDirectory,
        registry: FrameworkRegistry, position: Int64, lease: Double, rescan: Double, logger: Logger,
        returned: @escaping @Sendable () -> Void, cutOff: @escaping @Sendable () -> Void
    ) {
        self.spool = spool
        self.store = store
        self.order = order
        self.candidates = candidates
        self.registry = registry
        self.heartbeatStore = heartbeatStore
        self.position = Mutex(position)
        self.lease = lease
        self.interval = max(0.05, min(lease / 3, rescan))
        self.logger = logger
        self.returned = returned
        self.cutOff = cutOff
    }

    /// How the node's loop ended.
    enum End: Sendable { case stopped, fenced }

    /// The node's loop, on the calling thread, until `requestStop` or until another node fences
    /// this one (its messages are another node's now: nothing it does may land).
    func run() -> End {
        defer {
            // Closed outside the lock: the close calls `lost`, which takes it.
            let open = listener.withLock { listener in
                defer { listener = nil }
                return listener
            }
            open?.close()
        }
        let heartbeat = NodeHeartbeat(
            node: spool.node, store: heartbeatStore, lease: lease, interval: interval, logger: logger,
            position: { [self] in position.withLock { $0 } },
            onFenced: { [self] in
                fenced.withLock { $0 = true }
                notify()
            },
            onSilence: { [self] in mustReload.withLock { $0 = true } }, onCutOff: cutOff)
        heartbeat.start()
        defer { heartbeat.stop() }
        // Housekeeping keeps its pace however many notifications come between ticks. Deadlines
        // on the monotonic clock, each wait at most a tick long: a jump of the wall clock
        // neither stops nor hurries them.
        var nextTick = ContinuousClock.now + .seconds(interval)
        while true {
            wake.lock()
            while !woken && !stopping && ContinuousClock.now < nextTick
                && wake.wait(until: Date(timeIntervalSinceNow: min(interval, (nextTick - .now).inSeconds)))
            {}
            woken = false
            let stop = stopping
            wake.unlock()
            if stop { return .stopped }
            if fenced.withLock({ $0 }) { return .fenced }
            if ContinuousClock.now >= nextTick {
                tick()
                nextTick = ContinuousClock.now + .seconds(interval)
            }
            catchUp()
        }
    }

    func requestStop() {
        wake.lock()
        stopping = true
        wake.broadcast()
        wake.unlock()
    }

    private func notify() {
        wake.lock()
        woken = true
        wake.broadcast()
        wake.unlock()
    }

    /// Dead nodes, pruning, the listener.
    private func tick() {
        do {
            try takeOverDeadNodes()
            try store.prunePoolChanges(leaseSeconds: lease)
        } catch {
            logger.error("node housekeeping failed", metadata: ["node": "\(spool.node)", "problem": "\(error)"])
        }
        listen()
    }

    /// Another node's claims come back when it has work in `active/<node>/` and no heartbeat
    /// within the lease; the database makes one node the taker.
    private func takeOverDeadNodes() throws {
        let held = try spool.claimedElsewhere()
        guard !held.isEmpty else { return }
        let ages = Dictionary(try store.nodes().map { ($0.name, $0.age) }, uniquingKeysWith: { a, _ in a })
        for (other, names) in held.sorted(by: { $0.key < $1.key }) where (ages[other] ?? .infinity) >= lease {
            guard try store.takeOver(node: other, leaseSeconds: lease) else { continue }
            let recovery = try spool.recover(node: other) { [store] paths in try? store.recordedOutputs(paths) }
            logger.notice(
                "node declared dead: its messages are back in incoming/new",
                metadata: [
                    "dead": "\(other)", "messages": "\(recovery.returned.count)", "held": "\(names.count)",
                    "results-published": "\(recovery.published.count)", "results-discarded": "\(recovery.discarded)",
                ])
            returned()
        }
    }

    /// PostgreSQL: a LISTEN connection of its own, opened again after it was lost.
    private func listen() {
        guard let notifying = store as? any PoolChangeNotifying, listener.withLock({ $0 == nil }) else { return }
        do {
            let opened = try notifying.listen(
                notified: { [weak self] from in if from != self?.spool.node { self?.notify() } },
                lost: { [weak self] in self?.listener.withLock { $0 = nil } })
            listener.withLock { $0 = opened }
        } catch {
            logger.warning(
                "cannot listen for pool changes; following the change log every tick", metadata: ["problem": "\(error)"]
            )
        }
    }

    /// The last change-log entry this node has read (its own, or handed to the pool).
    var logPosition: Int64 { position.withLock { $0 } }

    /// Reads the change log from this node's position and hands the other nodes' changes to the pool.
    func catchUp() {
        catchUpLock.lock()
        defer { catchUpLock.unlock() }
        let from = position.withLock { $0 }
        do {
            let log = try store.poolChanges(after: from)
            let reload = mustReload.withLock { flag in
                defer { flag = false }
                return flag
            }
            let engine = registry.engine
            guard log.complete && !reload else {
                // Away longer than the log is kept: the pool is read again in full.
                let through = try store.poolSequence()
                order.reload(try candidates.load(engine: engine), versions: engine.set.versions)
                position.withLock { $0 = through }
                logger.notice(
                    "the pool was read again in full (the change log had moved on)", metadata: ["node": "\(spool.node)"]
                )
                return
            }
            var changes: [CausalOrder.RemoteChange] = []
            for change in log.changes where change.node != spool.node {
                if changes.last?.file != change.file {
                    changes.append(
                        CausalOrder.RemoteChange(
                            file: change.file, removing: [], adding: [], versions: engine.set.versions))
                }
                if change.byReference {
                    changes[changes.count - 1].removingReferences.append((change.key.scope, change.key.personId))
                    continue
                }
                changes[changes.count - 1].removing.append(change.key.text)
                if let record = change.record,
                    let fresh = candidates.candidate(CandidateRecord(key: change.key, record: record), engine: engine)
                {
                    changes[changes.count - 1].adding.append(fresh)
                }
            }
            order.received(changes)
            position.withLock { $0 = max($0, log.through) }
        } catch {
            logger.error(
                "cannot follow the pool's change log", metadata: ["node": "\(spool.node)", "problem": "\(error)"])
        }
    }

    /// Before reader `name` takes its pool: waits until no other node holds a message delivered
    /// before it, then catches up with the log. It waits as long as the holders are alive (they
    /// finish their groups; going back to the queue instead would let another node take the
    /// reader in another place). False: a holder is silent past the lease; the reader goes back
    /// to the queue, keeping its place, and follows the dead node's messages once they are returned.
    func prepareReader(_ name: String) -> Bool {
        var checked = ContinuousClock.now
        while true {
            let holders = ((try? spool.claimedElsewhere()) ?? [:]).filter {
                $0.value.contains { Spool.deliveredBefore($0, name) }
            }.map(\.key)
            if holders.isEmpty { break }
            if ContinuousClock.now - checked > .seconds(1) {
                checked = ContinuousClock.now
                let ages = Dictionary(
                    ((try? store.nodes()) ?? []).map { ($0.name, $0.age) }, uniquingKeysWith: { a, _ in a })
                if holders.contains(where: { (ages[$0] ?? .infinity) >= lease }) { return false }
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        catchUp()
        return true
    }
}
