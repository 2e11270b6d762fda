#if canImport(Glibc)
import Glibc
#endif

/// The few POSIX calls the spool is built from, with errors that name the path. Names are the
/// entries of one directory: never empty, never `.`/`..`, never containing `/`.
enum FileSystem {
    /// Entry names of `directory` that do not start with a dot, in byte order. A name that is
    /// not valid UTF-8 is renamed in place to a percent-encoded one, so it can still be claimed.
    static func names(in directory: String) throws(SpoolError) -> [String] {
        guard let dir = opendir(directory) else { throw SpoolError(path: directory, operation: "list the directory") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let raw = withUnsafeBytes(of: entry.pointee.d_name) { buffer in Array(buffer.prefix { $0 != 0 }) }
            guard let first = raw.first, first != UInt8(ascii: ".") else { continue }
            if let name = String(validating: raw, as: UTF8.self) {
                names.append(name)
            } else {
                let safe = raw.map {
                    $0 < 0x80 && $0 != UInt8(ascii: "%")
                        ? String(UnicodeScalar($0)) : "%" + String($0, radix: 16, uppercase: true)
                }.joined()
                let from = directory + "/"
                let oldPath = (Array(from.utf8) + raw).map { CChar(bitPattern: $0) } + [0]
                let renamed = oldPath.withUnsafeBufferPointer { old in rename(old.baseAddress, from + safe) }
                if renamed == 0 { names.append(safe) }
            }
        }
        // Each name's bytes once, not once per comparison.
        return names.map { ($0, Array($0.utf8)) }.sorted { deliveryOrder($0.1, $1.1) }.map(\.0)
    }

    /// Hidden entries (`.name`) ending in `suffix`: the daemon's own temporary files.
    static func hiddenNames(in directory: String, endingWith suffix: String) throws(SpoolError) -> [String] {
        guard let dir = opendir(directory) else { throw SpoolError(path: directory, operation: "list the directory") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let raw = withUnsafeBytes(of: entry.pointee.d_name) { buffer in Array(buffer.prefix { $0 != 0 }) }
            guard raw.first == UInt8(ascii: "."), let name = String(validating: raw, as: UTF8.self), name != ".",
                name != "..",
                name.hasSuffix(suffix)
            else { continue }
            names.append(name)
        }
        return names.sorted()
    }

    /// Maildir names start with the delivery time, `<seconds>.M<microseconds>P...`, and producers
    /// do not pad the microseconds (Python's mailbox does not): runs of digits compare as numbers,
    /// so `M99999` comes before `M100000` and the oldest message is taken first.
    static func deliveryOrder(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var x = a[...], y = b[...]
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        while let c = x.first, let d = y.first {
            if isDigit(c) && isDigit(d) {
                let m = x.prefix(while: isDigit), n = y.prefix(while: isDigit)
                let mt = m.drop { $0 == 48 }, nt = n.drop { $0 == 48 }
                if mt.count != nt.count { return mt.count < nt.count }
                if !mt.elementsEqual(nt) { return mt.lexicographicallyPrecedes(nt) }
                x = x.dropFirst(m.count)
                y = y.dropFirst(n.count)
            } else {
                if c != d { return c < d }
                x = x.dropFirst()
                y = y.dropFirst()
            }
        }
        return x.isEmpty && !y.isEmpty ? true : (x.isEmpty == y.isEmpty ? a.lexicographicallyPrecedes(b) : false)
    }

    /// How many entries of `directory` do not start with a dot or end with `suffix`: no sorting,
    /// and a String only when there is a suffix to check (done/ may hold 100,000 files).
    static func count(in directory: String, excludingSuffix suffix: String? = nil) throws(SpoolError) -> Int {
        guard let dir = opendir(directory) else { throw SpoolError(path: directory, operation: "list the directory") }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let skip = withUnsafeBytes(of: entry.pointee.d_name) { buffer -> Bool in
                guard let first = buffer.first, first != 0, first != UInt8(ascii: ".") else { return true }
                guard let suffix else { return false }
                return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self).hasSuffix(suffix)
            }
            if !skip { count += 1 }
        }
        return count
    }

    /// `rename(2)`: false when the source is gone (another worker claimed it first).
    static func move(_ from: String, _ to: String) throws(SpoolError) -> Bool {
        if rename(from, to) == 0 { return true }
        if errno == ENOENT { return false }
        throw SpoolError(path: from, operation: "move it to \(to)")
    }

    enum MoveResult { case moved, sourceGone, targetExists }

    /// glibc's `renameat2` (2.28 and later), which Swift's Glibc module does not declare.
    private static let renameat2:
        (@convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32)? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
            return unsafeBitCast(
                symbol,
                to: (@convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32).self)
        }()

    /// `renameat2(RENAME_NOREPLACE)`: never replaces an existing entry. On a file system without
    /// it, `link(2)` then `unlink(2)`, which cannot replace either.
    static func moveWithoutReplacing(_ from: String, _ to: String) throws(SpoolError) -> MoveResult {
        var code = ENOSYS
        if let renameat2 = Self.renameat2 {
            // 1: RENAME_NOREPLACE.
            if renameat2(AT_FDCWD, from, AT_FDCWD, to, 1) == 0 { return .moved }
            code = errno
        }
        if code == EINVAL || code == ENOSYS {
            if link(from, to) == 0 {
                unlink(from)
                return .moved
            }
            code = errno
        }
        switch code {
        case ENOENT: return .sourceGone
        case EEXIST: return .targetExists
        default: throw SpoolError(path: from, operation: "move it to \(to)", code: code)
        }
    }

    /// Makes the directory's entries (renames, creations) durable.
    static func syncDirectory(_ path: String) throws(SpoolError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SpoolError(path: path, operation: "open the directory to sync it") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SpoolError(path: path, operation: "sync the directory") }
    }

    /// Makes everything written to the file system of an open file durable (syncfs(2)), for a
    /// caller who may write into a directory but not open it.
    static func syncFileSystem(of fd: Int32, path: String) throws(SpoolError) {
        guard syncfs(fd) == 0 else { throw SpoolError(path: path, operation: "sync its file system") }
    }

    /// syncfs(2): glibc has it since 2.14, but its declaration needs _GNU_SOURCE, which the Glibc
    /// module does not define; so it is looked up once. Without it, sync(2) does the same for all.
    private static let syncfs: @convention(c) (Int32) -> Int32 = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else {
            return { _ in
                sync(); return 0
            }
        }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    }()

    static func makeDirectory(_ path: String, mode: mode_t = 0o750) throws(SpoolError) {
        if mkdir(path, mode) == 0 || errno == EEXIST { return }
        throw SpoolError(path: path, operation: "create the directory")
    }

    /// `lstat(2)`, or nil when the entry is gone.
    static func status(_ path: String) throws(SpoolError) -> stat? {
        var info = stat()
        if lstat(path, &info) == 0 { return info }
        if errno == ENOENT { return nil }
        throw SpoolError(path: path, operation: "read its status")
    }

    /// Removes a file; a file already gone is not an error.
    static func remove(_ path: String) throws(SpoolError) {
        if unlink(path) == 0 || errno == ENOENT { return }
        throw SpoolError(path: path, operation: "remove it")
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and interruptions.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SpoolError) {
        let failed: Int32 = bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = write(fd, buffer.baseAddress.map { $0 + done }, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += n
            }
            return 0
        }
        if failed != 0 { throw SpoolError(path: path, operation: "write", code: failed) }
    }

    /// Writes `bytes` as a new file: created exclusively in `tmp`, written, fsynced, then renamed
    /// to `destination` (same file system). The caller syncs the destination's directory, in
    /// `renamed` if it needs the file still open (a producer syncs its file system through it).
    static func writeDurably(
        _ bytes: [UInt8], tmp: String, destination: String, mode: mode_t = 0o640,
        renamed: (Int32) throws(SpoolError) -> Void = { _ in }
    ) throws(SpoolError) {
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SpoolError(path: tmp, operation: "create the file") }
        defer { close(fd) }
        do throws(SpoolError) {
            try writeAll(fd, bytes, path: tmp)
            guard fsync(fd) == 0 else { throw SpoolError(path: tmp, operation: "sync the file") }
        } catch {
            unlink(tmp)
            throw error
        }
        guard rename(tmp, destination) == 0 else {
            let failure = SpoolError(path: tmp, operation: "move it to \(destination)")
            unlink(tmp)
            throw failure
        }
        try renamed(fd)
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

extension FileSystem {
    /// A regular file's bytes and status, read under the rules for files Parity did not write
    /// itself: a symbolic link, FIFO, socket or device is never opened (`lstat` first, then
    /// `O_NOFOLLOW | O_NONBLOCK` and `fstat` against a swap in between); nil when the entry is
    /// gone or is not a regular file; a file over `limit` bytes is an error (EFBIG), not a
    /// truncated read.
    static func regularFile(_ path: String, limit: Int) throws(SpoolError) -> (bytes: [UInt8], info: stat)? {
        guard let before = try status(path), before.st_mode & S_IFMT == S_IFREG else { return nil }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ELOOP { return nil }
            throw SpoolError(path: path, operation: "open it")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SpoolError(path: path, operation: "read its status") }
        guard info.st_mode & S_IFMT == S_IFREG else { return nil }
        guard info.st_size <= limit else {
            throw SpoolError(
                path: path, operation: "read it (\(info.st_size) bytes, over the \(limit) read at most)", code: EFBIG)
        }
        var out: [UInt8] = []
        out.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw SpoolError(path: path, operation: "read it")
            }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
            guard out.count <= limit else {
                throw SpoolError(
                    path: path, operation: "read it (it grew over the \(limit) bytes read at most)", code: EFBIG)
            }
        }
        return (out, info)
    }

    /// A small file's bytes (reason files, configuration), at most `limit`: a file that is not
    /// regular or is larger is an error.
    static func contents(_ path: String, limit: Int) throws(SpoolError) -> [UInt8] {
        guard let file = try regularFile(path, limit: limit) else {
            throw SpoolError(path: path, operation: "read it (it is missing, or not a regular file)", code: ENOENT)
        }
        return file.bytes
    }
}
