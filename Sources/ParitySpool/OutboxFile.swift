#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// One result on its way into `outbox/<audience>/new`: written in `tmp` (streamed, in
/// pieces), fsynced, then renamed into `new` under its final name. A result named after its
/// message id replaces the copy of an earlier attempt, so a retried message never leaves two.
/// The `new` directory is synced by `DirectorySync`, once for a group of messages.
public final class OutboxFile {
    public let audience: String
    public let name: String
    let tmpPath: String
    let finalPath: String
    private var fd: Int32
    public private(set) var size = 0

    init(spool: Spool, audience: String, name: String) throws(SpoolError) {
        let (tmp, new) = spool.outbox(audience)
        self.audience = audience
        self.name = name
        // The tmp name is unique to this process and attempt: two workers never share it.
        self.tmpPath = tmp + "/\(name).\(getpid()).\(OutboxFile.attempt())"
        self.finalPath = new + "/" + name
        fd = open(tmpPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw SpoolError(path: tmpPath, operation: "create the result file") }
    }

    deinit { if fd >= 0 { close(fd); unlink(tmpPath) } }

    public func append(_ bytes: [UInt8]) throws(SpoolError) {
        try FileSystem.writeAll(fd, bytes, path: tmpPath)
        size += bytes.count
    }

    /// fsync, close, rename into `new`; the directory is recorded in `sync` for the group's sync.
    public func commit(_ sync: DirectorySync) throws(SpoolError) {
        guard fsync(fd) == 0 else { throw SpoolError(path: tmpPath, operation: "sync the result file") }
        close(fd)
        fd = -1
        guard rename(tmpPath, finalPath) == 0 else {
            let failure = SpoolError(path: tmpPath, operation: "move the result to \(finalPath)")
            unlink(tmpPath)
            throw failure
        }
        sync.add(String(finalPath[..<(finalPath.lastIndex(of: "/") ?? finalPath.endIndex)]))
    }

    /// Drops a result that will not be delivered (its message failed).
    public func discard() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(tmpPath)
    }

    private static let attempts = Atomic<Int>(0)
    private static func attempt() -> Int { attempts.wrappingAdd(1, ordering: .relaxed).newValue }
}

extension Spool {
    /// A new result for `audience`, to be named `name` once committed.
    public func outboxFile(_ audience: String, name: String) throws(SpoolError) -> OutboxFile {
        try OutboxFile(spool: self, audience: audience, name: name)
    }
}

/// Directories whose new entries must be made durable, synced once for a whole group of
/// messages instead of once per file (the step that makes the spool fast on real disks).
public final class DirectorySync {
    private var pending: Set<String> = []
    public init() {}

    public func add(_ directory: String) { pending.insert(directory) }

    public func sync() throws(SpoolError) {
        for directory in pending.sorted() { try FileSystem.syncDirectory(directory) }
        pending.removeAll()
    }
}

extension Spool {
    /// Files that may hold a person's data: originals in done/ and rejected/ (reason files
    /// hold none), and results still waiting in outbox/*/new.
    public func personalDataFiles() throws(SpoolError) -> [String] {
        var paths: [String] = []
        for dir in [directory(.done), directory(.rejected)] + Self.audiences.map({ outbox($0).new }) {
            for name in try FileSystem.names(in: dir) where !name.hasSuffix(Self.reasonSuffix) { paths.append(dir + "/" + name) }
        }
        return paths
    }

    /// A small file's bytes (up to `limit`).
    public func contents(_ path: String, limit: Int) throws(SpoolError) -> [UInt8] { try FileSystem.contents(path, limit: limit) }

    /// Removes a file (gone already is fine); its directory joins `sync`.
    public func remove(_ path: String, sync: DirectorySync) throws(SpoolError) {
        try FileSystem.remove(path)
        sync.add(String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]))
    }

    /// Replaces a file's content durably: a hidden temporary file beside it, fsynced, renamed
    /// over it; its directory joins `sync`.
    public func replace(_ path: String, with bytes: [UInt8], sync: DirectorySync) throws(SpoolError) {
        let slash = path.lastIndex(of: "/") ?? path.startIndex
        let directory = String(path[..<slash])
        let name = String(path[path.index(after: slash)...])
        try FileSystem.writeDurably(bytes, tmp: directory + "/.\(name).\(getpid()).erase", destination: path)
        sync.add(directory)
    }
}
