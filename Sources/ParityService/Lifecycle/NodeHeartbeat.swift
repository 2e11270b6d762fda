import Foundation
import Logging
import ParityStore
import Synchronization

/// This node's heartbeat, on a thread and a database connection of its own, so that nothing
/// else the node does (a takeover waiting for a cut-off node's locks, a full read of the pool)
/// holds it up; and the watchdog that fences the node when none got through for three quarters
/// of the lease, before any other node may declare it dead by the database's clock.
///
/// Every deadline is on the monotonic clock: a jump of the wall clock neither hurries nor stops
/// the heartbeat (leases are decided by the database's clock).
final class NodeHeartbeat: Sendable {
    private let node: String
    private let store: any Store
    private let lease: Double
    private let interval: Double
    private let logger: Logger
    /// How far the node has followed the pool's change log (recorded with each beat).
    private let position: @Sendable () -> Int64
    /// Another node declared this one dead: the heartbeat stops, and so must the node.
    private let onFenced: @Sendable () -> Void
    /// No heartbeat got through for `cutOffAfter`: the node must stop at once.
    private let onCutOff: @Sendable () -> Void
    /// When the last heartbeat that got through was sent (the database recorded it later).
    private let lastBeat = Mutex(ContinuousClock.now)
    /// A heartbeat got through after a silence longer than the lease: the node may have missed
    /// change-log entries pruned meanwhile and must read its pool again.
    private let onSilence: @Sendable () -> Void
    private let stopped = Mutex(false)

    init(
        node: String, store: any Store, lease: Double, interval: Double, logger: Logger,
        position: @escaping @Sendable () -> Int64, onFenced: @escaping @Sendable () -> Void,
        onSilence: @escaping @Sendable () -> Void, onCutOff: @escaping @Sendable () -> Void
    ) {
        self.node = node
        self.store = store
        self.lease = lease
        self.interval = interval
        self.logger = logger
        self.position = position
        self.onFenced = onFenced
        self.onSilence = onSilence
        self.onCutOff = onCutOff
    }

    private var cutOffAfter: Duration { .seconds(lease * 0.75) }

    /// Starts the heartbeat and the watchdog threads; both end with `stop`.
    func start() {
        Thread.detachNewThread { [self] in beat() }
        Thread.detachNewThread { [self] in watch() }
    }

    func stop() { stopped.withLock { $0 = true } }

    private var isStopped: Bool { stopped.withLock { $0 } }

    /// Every `interval`; a beat that did not get through is tried again after half a second.
    private func beat() {
        while !isStopped {
            let sent = ContinuousClock.now
            var next = interval
            do {
                guard try store.heartbeat(node: node, poolSequence: position()) else {
                    logger.critical(
                        "another node declared this node dead and took its messages over; stopping",
                        metadata: ["node": "\(node)"])
                    stop()
                    onFenced()
                    return
                }
                let gap = lastBeat.withLock { last in
                    defer { last = sent }
                    return sent - last
                }
                if gap > .seconds(lease) { onSilence() }
            } catch {
                logger.error("heartbeat failed", metadata: ["node": "\(node)", "problem": "\(error)"])
                next = min(interval, 0.5)
            }
            Thread.sleep(until: sent, plus: next)
        }
    }

    /// Every twentieth of the lease, the time since the last heartbeat that got through.
    private func watch() {
        let poll = max(0.02, lease / 20)
        while !isStopped {
            Thread.sleep(forTimeInterval: poll)
            let silent = ContinuousClock.now - lastBeat.withLock { $0 }
            guard silent >= cutOffAfter, !isStopped else { continue }
            logger.critical(
                "no heartbeat got through to the database for three quarters of the lease; fencing this node before another takes its messages",
                metadata: [
                    "node": "\(node)", "silent-seconds": "\(silent.inSeconds)",
                    "lease-seconds": "\(lease)",
                ])
            stop()
            onCutOff()
            return
        }
    }
}

extension Thread {
    /// Sleeps until `seconds` after `start`, on the monotonic clock (at once if that has passed).
    static func sleep(until start: ContinuousClock.Instant, plus seconds: Double) {
        let remaining = ((start + .seconds(seconds)) - ContinuousClock.now).inSeconds
        if remaining > 0 { Thread.sleep(forTimeInterval: remaining) }
    }
}

extension Duration {
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
