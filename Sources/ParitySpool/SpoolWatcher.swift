import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Wakes the workers when something arrives: inotify on `incoming/new` (and on `incoming/tmp`,
/// where a producer's last unlink completes a delivery) is the hint, and a periodic rescan is
/// the guarantee, since the kernel drops events when its queue overflows. Runs on its own
/// thread blocked in `poll(2)`, so an idle daemon uses no CPU between rescans.
public final class SpoolWatcher: Sendable {
    public enum Wake: Sendable { case changed, rescan }

    private let inotify: Int32
    /// A pipe: the write end wakes the thread to stop.
    private let stopSignal: Int32
    private let stopWriter: Int32
    private let interval: Int32
    private let onWake: @Sendable (Wake) -> Void
    private let finished = DispatchSemaphore(value: 0)

    /// `rescanSeconds`: the longest a message can wait unnoticed if every event were lost.
    public init(spool: Spool, rescanSeconds: Double, onWake: @escaping @Sendable (Wake) -> Void) throws(SpoolError) {
        inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard inotify >= 0 else { throw SpoolError(path: spool.incomingNew, operation: "start inotify") }
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            close(inotify)
            throw SpoolError(path: spool.incomingNew, operation: "create the watcher's pipe")
        }
        (stopSignal, stopWriter) = (pipeEnds[0], pipeEnds[1])
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let watches: [(String, UInt32)] = [
            (spool.incomingNew, UInt32(IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE)),
            (spool.incomingTmp, UInt32(IN_DELETE | IN_MOVED_FROM)),
        ]
        for (path, mask) in watches where inotify_add_watch(inotify, path, mask) < 0 {
            let failure = SpoolError(path: path, operation: "watch the directory")
            close(inotify); close(stopSignal); close(stopWriter)
            throw failure
        }
        interval = Int32(max(0.05, min(rescanSeconds, 3600)) * 1000)
        self.onWake = onWake
    }

    deinit {
        close(inotify)
        close(stopSignal)
        close(stopWriter)
    }

    public func start() {
        let thread = Thread { [self] in
            self.loop()
            self.finished.signal()
        }
        thread.name = "parity-spool-watcher"
        thread.start()
    }

    /// Stops the thread and waits until it has.
    public func stop() {
        var one: UInt8 = 1
        _ = write(stopWriter, &one, 1)
        finished.wait()
    }

    private func loop() {
        var fds = [
            pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stopSignal, events: Int16(POLLIN), revents: 0),
        ]
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let ready = poll(&fds, 2, interval)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            if ready == 0 { onWake(.rescan); continue }
            // Which file does not matter: the workers list the directory. Drain and wake once.
            while buffer.withUnsafeMutableBytes({ read(inotify, $0.baseAddress, $0.count) }) > 0 {}
            onWake(.changed)
        }
    }
}
