// glibc's `timespec` is declared by CoreFoundation's C module too; once a dependency brings
// that in (swift-certificates, through Foundation), its members need this import.
import CoreFoundation
import Glibc

/// The `sd_notify` protocol without libsystemd: datagrams to `$NOTIFY_SOCKET` (a path, or an
/// abstract socket written with a leading `@`). Without the variable it sends nothing, so the
/// daemon runs the same under systemd, in a terminal and in tests.
///
/// Sending never blocks: the socket is non-blocking and connected, so a full queue at the
/// reader (a busy service manager; `net.unix.max_dgram_qlen` is 10 by default) answers
/// `.wouldBlock` at once, and `waitWritable` waits, with a bound, for room. `NotifyChannel`
/// is the only sender; it keeps what could not be sent.
public final class SystemdNotifier: Sendable {
    public let socketPath: String?
    // Only the channel's sender thread touches the descriptor after `init`.
    private nonisolated(unsafe) var fd: Int32 = -1

    public init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"]
        socketPath = (path?.isEmpty ?? true) ? nil : path
    }

    deinit { if fd >= 0 { close(fd) } }

    public var isEnabled: Bool { socketPath != nil }

    public enum Outcome: Equatable, Sendable {
        case sent
        /// The reader's queue is full: try again later.
        case wouldBlock
        /// Nobody listens there (no socket, refused, too long a path): try again much later.
        case unreachable(Int32)
    }

    /// Sends `state` (e.g. `READY=1\nSTATUS=...`) without waiting.
    public func send(_ state: String) -> Outcome {
        guard socketPath != nil else { return .unreachable(ENOENT) }
        if fd < 0, let problem = connectSocket() { return .unreachable(problem) }
        let message = Array(state.utf8)
        let sent = message.withUnsafeBytes {
            Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        }
        if sent == message.count { return .sent }
        let problem = errno
        if problem == EAGAIN || problem == EWOULDBLOCK || problem == EINTR { return .wouldBlock }
        // The listener went away or was replaced: connect afresh next time.
        close(fd)
        fd = -1
        return .unreachable(problem)
    }

    /// Waits at most `seconds` for room in the reader's queue.
    public func waitWritable(seconds: Double) {
        guard fd >= 0 else { return }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        _ = poll(&poller, 1, Int32(seconds * 1000))
    }

    private func connectSocket() -> Int32? {
        guard let socketPath else { return ENOENT }
        var path = Array(socketPath.utf8)
        let abstract = path.first == UInt8(ascii: "@")
        if abstract { path[0] = 0 }
        var address = sockaddr_un()
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else { return ENAMETOOLONG }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let length = MemoryLayout<sa_family_t>.size + path.count + (abstract ? 0 : 1)
        let socketFD = socket(
            AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard socketFD >= 0 else { return errno }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socketFD, $0, socklen_t(length)) }
        }
        guard connected == 0 else {
            let problem = errno
            close(socketFD)
            return problem
        }
        fd = socketFD
        return nil
    }

    /// `CLOCK_MONOTONIC` in microseconds, for `RELOADING=1` with `MONOTONIC_USEC=`.
    public static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    /// Half of `$WATCHDOG_USEC` (as systemd recommends), if the watchdog is on for this process.
    public static func watchdogInterval(environment: [String: String]) -> Duration? {
        guard let value = environment["WATCHDOG_USEC"].flatMap(UInt64.init), value > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"].flatMap(Int32.init), pid != getpid() { return nil }
        return .microseconds(Int64(value / 2))
    }
}
