import Foundation
import Glibc

/// A datagram socket standing in for systemd's notify socket (for tests and benchmarks). Receives on a dedicated thread,
/// with a timeout, so a test waits on the daemon's messages and never sleeps.
public final class NotifyListener: @unchecked Sendable {
    public let path: String
    private let fd: Int32

    public init(directory: String) throws {
        path = directory + "/notify.sock"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// The next message, or nil after 20 s without one.
    public func next() async -> String? { await next(timeout: 20) }

    /// The next message, or nil after `seconds` without one.
    public func next(timeout seconds: Double) async -> String? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var poller = pollfd(fd: self.fd, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, Int32(seconds * 1000)) > 0 else { return continuation.resume(returning: nil) }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = recv(self.fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                continuation.resume(returning: n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : nil)
            }
        }
    }

    /// Everything waiting in the socket's queue now, without waiting for more.
    public func drain() -> [String] {
        var messages: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            guard n > 0 else { return messages }
            messages.append(String(decoding: buffer[0..<n], as: UTF8.self))
        }
    }

    /// Messages until one starts with `prefix` (inclusive); nil if none comes `timeout` seconds
    /// after the last message. An in-process service group's first message can wait long in a
    /// full test run: its tasks share the cooperative threads with every other suite's work.
    public func until(_ prefix: String, timeout: Double = 20) async -> [String]? {
        var seen: [String] = []
        while let message = await next(timeout: timeout) {
            seen.append(message)
            if message.hasPrefix(prefix) { return seen }
        }
        return nil
    }
}
