import Glibc

/// Waits, on inotify events rather than the clock, until a directory holds `count` entries
/// (hidden names aside). Returns how many it holds when it returns: at the count, or after
/// `seconds` without reaching it.
public func waitForEntries(in directory: String, count: Int, timeout seconds: Double) -> Int {
    func entries() -> Int {
        guard let dir = opendir(directory) else { return 0 }
        defer { closedir(dir) }
        var n = 0
        while let entry = readdir(dir) {
            let first = withUnsafeBytes(of: entry.pointee.d_name) { $0.first ?? 0 }
            if first != UInt8(ascii: ".") { n += 1 }
        }
        return n
    }
    let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
    guard fd >= 0 else { return entries() }
    defer { close(fd) }
    _ = inotify_add_watch(fd, directory, UInt32(IN_MOVED_TO | IN_CREATE))
    var deadline = timespec()
    clock_gettime(CLOCK_MONOTONIC, &deadline)
    let end = Double(deadline.tv_sec) + Double(deadline.tv_nsec) / 1e9 + seconds
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let found = entries()
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let left = end - (Double(now.tv_sec) + Double(now.tv_nsec) / 1e9)
        if found >= count || left <= 0 { return found }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        if poll(&poller, 1, Int32(min(left, 1) * 1000)) > 0 { _ = read(fd, &buffer, buffer.count) }
    }
}
