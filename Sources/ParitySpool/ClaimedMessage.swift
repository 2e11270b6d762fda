#if canImport(Glibc)
public import Glibc
#endif

/// A message claimed into `active/`, read under the spool's rules: a regular file (never a
/// symbolic link, device or FIFO), exactly one hard link, at most `limit` bytes. The owner
/// and group are those of the file as delivered, for the producer check.
public struct ClaimedMessage: Sendable {
    public var name: String
    public var bytes: [UInt8]
    public var owner: uid_t
    public var group: gid_t
    /// Delivery time (the file's modification time), seconds since the epoch.
    public var delivered: Double

    /// Reads `active/<name>`; a file that breaks a rule gives the rejection that says which.
    static func read(path: String, name: String, limit: Int) -> Result<ClaimedMessage, Rejection> {
        // O_NOFOLLOW: a symbolic link fails with ELOOP instead of being followed; O_NONBLOCK: a
        // FIFO cannot hang the worker.
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ELOOP {
                return .failure(
                    Rejection(
                        .symbolicLink, location: name, found: "a symbolic link",
                        expected: "a regular file delivered into incoming/new"))
            }
            return .failure(
                Rejection(
                    .unreadable, location: name,
                    found: "the file cannot be opened (\(String(cString: strerror(code))))",
                    expected: "a file the parity user can read"))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            return .failure(
                Rejection(
                    .unreadable, location: name,
                    found: "its status cannot be read (\(String(cString: strerror(errno))))",
                    expected: "a readable regular file"))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return .failure(
                Rejection(
                    .notRegularFile, location: name, found: "a \(Self.fileType(info.st_mode))",
                    expected: "a regular file"))
        }
        guard info.st_nlink == 1 else {
            return .failure(
                Rejection(
                    .hardLinked, location: name, found: "\(info.st_nlink) hard links to the file",
                    expected: "a file with exactly one link (delivered by rename, or link then unlink)"))
        }
        guard info.st_size <= limit else {
            return .failure(
                Rejection(
                    .tooLarge, location: name, found: "\(info.st_size) bytes",
                    expected: "at most \(limit) bytes (spool.max_message_bytes)"))
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress.map { $0 + count }, $0.count - count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(
                    Rejection(
                        .unreadable, location: name, found: "a read error (\(String(cString: strerror(errno))))",
                        expected: "a readable regular file"))
            }
            if n == 0 { break }
            count += n
        }
        // Read one byte more than the size said: a file still growing is over its size.
        guard count <= limit else {
            return .failure(
                Rejection(
                    .tooLarge, location: name, found: "more than \(limit) bytes",
                    expected: "at most \(limit) bytes (spool.max_message_bytes)"))
        }
        guard count <= Int(info.st_size) else {
            return .failure(
                Rejection(
                    .unreadable, location: name, found: "the file grew while it was read",
                    expected: "a complete file: write it in incoming/tmp, then rename it into incoming/new"))
        }
        bytes.removeSubrange(count...)
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        return .success(
            ClaimedMessage(name: name, bytes: bytes, owner: info.st_uid, group: info.st_gid, delivered: modified))
    }

    static func fileType(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "directory"
        case S_IFIFO: "FIFO (named pipe)"
        case S_IFSOCK: "socket"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        case S_IFLNK: "symbolic link"
        default: "special file"
        }
    }
}
