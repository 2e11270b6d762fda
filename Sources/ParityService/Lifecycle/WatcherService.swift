import ParitySpool
import ServiceLifecycle

/// The spool watcher, a Service: inotify on `incoming/` as the hint and a periodic rescan as
/// the guarantee; either wakes the workers.
final class WatcherService: Service, Sendable {
    private let watcher: SpoolWatcher

    init(spool: Spool, rescanSeconds: Double, signal: WakeSignal) throws(SpoolError) {
        watcher = try SpoolWatcher(spool: spool, rescanSeconds: rescanSeconds) { _ in signal.wake() }
    }

    func run() async {
        watcher.start()
        try? await gracefulShutdown()
        await offThePool("parity-watcher-stop") { self.watcher.stop() }
    }
}
