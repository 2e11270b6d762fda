import Logging
import ParityCore
import ParityStore
import ServiceLifecycle

/// Writes the pool's snapshot at a graceful stop (`PoolSnapshot`), a Service started right
/// after housekeeping, so that it stops after the workers and the node's loop: the pool is then
/// final. Written only when it is provably the store's pool at one change-log position: this
/// node has read the log through the store's last entry, every change it knows of is in the
/// pool, and nobody committed while it was taken; otherwise it is left out, and said. A stop by
/// cancellation (SIGINT) or a crash writes none: the next start reads the store.
final class PoolSnapshotService: Service, Sendable {
    private let snapshot: PoolSnapshot
    private let store: any Store
    private let location: String
    private let order: CausalOrder
    private let node: NodeService
    private let registry: FrameworkRegistry
    private let logger: Logger

    init(
        snapshot: PoolSnapshot, store: any Store, location: String, order: CausalOrder, node: NodeService,
        registry: FrameworkRegistry, logger: Logger
    ) {
        self.snapshot = snapshot; self.store = store; self.location = location; self.order = order
        self.node = node; self.registry = registry; self.logger = logger
    }

    func run() async {
        do { try await gracefulShutdown() } catch { return }  // cancelled: no snapshot
        await offThePool("parity-pool-snapshot") { self.write() }
    }

    func write() {
        let start = ContinuousClock.now
        let engine = registry.engine
        do {
            node.catchUp()
            let before = try store.poolSequence()
            guard node.logPosition == before else {
                return skipped("another node changed the pool after this node last read the change log")
            }
            guard let pool = order.settled(engine: engine) else {
                return skipped("changes committed before the stop wait for messages still in the queue")
            }
            let rows = try store.candidateCount()
            guard try store.poolSequence() == before else { return skipped("the pool changed while it was taken") }
            try snapshot.write(
                pool, stamp: .init(store: location, sequence: before, rows: rows, versions: engine.set.versions))
            logger.notice(
                "candidate pool snapshot written",
                metadata: [
                    "file": "\(snapshot.path)", "candidates": "\(pool.count)", "sequence": "\(before)",
                    "seconds": "\((ContinuousClock.now - start).inSeconds)",
                ])
        } catch {
            snapshot.remove()
            logger.error(
                "cannot write the candidate pool snapshot: the next start reads the store",
                metadata: ["file": "\(snapshot.path)", "problem": "\(error)"])
        }
    }

    private func skipped(_ why: String) {
        snapshot.remove()
        logger.notice("no candidate pool snapshot: the next start reads the store", metadata: ["reason": "\(why)"])
    }
}
