import ParitySpool
import Synchronization

/// What each worker is busy with, for honest liveness: the watchdog is fed only while no
/// worker has been on one message longer than `spool.stuck_seconds`.
final class WorkerProgress: Sendable {
    struct Busy: Sendable, Equatable {
        var worker: Int
        var message: String
        /// Since when (seconds since the epoch).
        var since: Double
    }

    private let busy = Mutex<[Int: Busy]>([:])
    private let clock: @Sendable () -> Double

    init(clock: @escaping @Sendable () -> Double = { Spool.now() }) { self.clock = clock }

    /// The worker started on `message`.
    func begin(_ worker: Int, message: String) {
        let now = clock()
        busy.withLock { $0[worker] = Busy(worker: worker, message: message, since: now) }
    }

    /// The worker finished its group.
    func idle(_ worker: Int) { _ = busy.withLock { $0.removeValue(forKey: worker) } }

    /// Workers on one message for more than `seconds`, longest first.
    func stuck(longerThan seconds: Double) -> [Busy] {
        let now = clock()
        return busy.withLock { $0.values.filter { now - $0.since > seconds } }.sorted {
            ($0.since, $0.worker) < ($1.since, $1.worker)
        }
    }
}
