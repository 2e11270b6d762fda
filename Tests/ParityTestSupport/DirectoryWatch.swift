import Foundation
import Glibc

/// Waits, on inotify events in `directories` rather than on the clock, until `condition` holds:
/// it is checked at the start and after every event (and at least once a second, in case a
/// directory did not exist yet when the watch began). Returns whether it holds, false once
/// `seconds` have passed without it.
public func waitUntil(watching directories: [String], timeout seconds: Double, _ condition: () -> Bool) -> Bool {
    let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
    defer { if fd >= 0 { close(fd) } }
    let mask = UInt32(IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE)
    for directory in directories where fd >= 0 { _ = inotify_add_watch(fd, directory, mask) }
    let end = monotonicSeconds() + seconds
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        if condition() { return true }
        let left = end - monotonicSeconds()
        if left <= 0 { return false }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        if poll(&poller, fd >= 0 ? 1 : 0, Int32(min(left, 1) * 1000)) > 0 { _ = read(fd, &buffer, buffer.count) }
    }
}

/// The same, off Swift's cooperative threads (an async test must not hold one while it waits).
public func waitUntil(
    watching directories: [String], timeout seconds: Double, _ condition: @escaping @Sendable () -> Bool
) async -> Bool {
    await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
        Thread { done.resume(returning: waitUntil(watching: directories, timeout: seconds, condition)) }.start()
    }
}

/// Waits until a directory holds `count` entries (hidden names aside). Returns how many it holds
/// when it returns: at the count, or after `seconds` without reaching it.
public func waitForEntries(in directory: String, count: Int, timeout seconds: Double) -> Int {
    func entries() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.count
    }
    _ = waitUntil(watching: [directory], timeout: seconds) { entries() >= count }
    return entries()
}

private func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
