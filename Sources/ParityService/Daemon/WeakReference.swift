import Synchronization

/// A weak, thread-safe slot: lets a callback made before an object reach it later without
/// keeping it alive (the watcher → the spool service, the workers → the daemon).
final class WeakReference<Object: AnyObject & Sendable>: Sendable {
    private struct Slot: @unchecked Sendable { weak var object: Object? }
    private let slot = Mutex(Slot())

    init() {}

    var object: Object? {
        get { slot.withLock { $0.object } }
        set { slot.withLock { $0.object = newValue } }
    }
}
