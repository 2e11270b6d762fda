import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One result on its way into `outbox/<audience>/new`: written in `tmp` (streamed, in
/// pieces) under a name that carries the node (`<node>+<attempt>+<final name>`), fsynced and
/// staged; once its message's ledger entry is committed it is renamed into `new` under its
/// final name (`DirectorySync.publish`). So a result appears only for the node whose commit
/// won: when two nodes race on one message, the loser's copy is discarded, never written a
/// second time into `new`. A crash between the commit and the rename leaves it in `tmp`, where
/// `Spool.recover` finds it and, the ledger having it, publishes it.
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
        // The tmp name is unique to this node, process and attempt: two workers never share it.
        self.tmpPath = tmp + "/\(spool.node)+\(getpid())-\(OutboxFile.attempt())+\(name)"
        self.finalPath = new + "/" + name
        fd = open(tmpPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw SpoolError(path: tmpPath, operation: "create the result file") }
    }

    deinit { if fd >= 0 { close(fd); unlink(tmpPath) } }

    public func append(_ bytes: [UInt8]) throws(SpoolError) {
        try FileSystem.writeAll(fd, bytes, path: tmpPath)
        size += bytes.count
    }

    /// How the ledger names the result once it is published: `outbox/<audience>/new/<name>`.
    public var ledgerPath: String { Self.ledgerPath(audience: audience, name: name) }

    public static func ledgerPath(audience: String, name: String) -> String { "outbox/\(audience)/new/\(name)" }

    /// fsync and close; the file waits in `tmp` for its message's commit (`sync` publishes it
    /// then, or discards it). `tmp` joins the directories synced before the commit, so that a
    /// committed result survives a power loss.
    public func stage(_ sync: DirectorySync) throws(SpoolError) {
        guard fsync(fd) == 0 else { throw SpoolError(path: tmpPath, operation: "sync the result file") }
        close(fd)
        fd = -1
        sync.stage(output: ledgerPath, tmp: tmpPath, final: finalPath)
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

    /// Refuses (ENOSPC, with the figures) to start results of about `bytes` in `audience`'s
    /// outbox when its file system has less free: a full disk found before the write, not in
    /// the middle of a stream.
    public func reserve(_ bytes: Int, in audience: String) throws(SpoolError) {
        let directory = outbox(audience).tmp
        var info = statvfs()
        guard statvfs(directory, &info) == 0 else {
            throw SpoolError(path: directory, operation: "read its free space")
        }
        let free = Int(
            clamping: UInt64(info.f_bavail).multipliedReportingOverflow(by: UInt64(info.f_frsize)).partialValue)
        guard free >= bytes else {
            throw SpoolError(
                path: directory, operation: "start a result of up to \(bytes) bytes with \(free) bytes free",
                code: ENOSPC)
        }
    }
}

/// Directories whose new entries must be made durable, synced once for a whole group of
/// messages instead of once per file (the step that makes the spool fast on real disks), and
/// the results staged in `outbox/*/tmp` until their messages are committed.
public final class DirectorySync {
    private var pending: Set<String> = []
    /// Staged results by their ledger path (`outbox/<audience>/new/<name>`).
    private var staged: [String: (tmp: String, final: String)] = [:]
    public init() {}

    public func add(_ directory: String) { pending.insert(directory) }

    public func sync() throws(SpoolError) {
        for directory in pending.sorted() { try FileSystem.syncDirectory(directory) }
        pending.removeAll()
    }

    func stage(output: String, tmp: String, final: String) {
        // A result staged again under the same name (an id repeated in one group) replaces the first.
        if let earlier = staged[output] { unlink(earlier.tmp) }
        staged[output] = (tmp, final)
        add(Self.parent(tmp))
    }

    /// Moves the staged results of committed messages into their outboxes (their directories
    /// are synced by the next `sync()`). A result already moved by another node's recovery is
    /// not an error.
    public func publish(_ outputs: [String]) throws(SpoolError) {
        for output in outputs {
            guard let file = staged.removeValue(forKey: output) else { continue }
            _ = try FileSystem.move(file.tmp, file.final)
            add(Self.parent(file.final))
        }
    }

    /// Drops staged results whose messages were not committed (or were committed by another node).
    public func discard(_ outputs: [String]) {
        for output in outputs {
            if let file = staged.removeValue(forKey: output) { unlink(file.tmp) }
        }
    }

    /// Forgets the staged results without removing them: a failure after the commit leaves them
    /// in `tmp`, where the next recovery publishes those the ledger holds and removes the rest.
    public func keepStaged() { staged.removeAll() }

    /// Drops every staged result (the whole group goes back to the queue).
    public func discardAll() { discard(Array(staged.keys)) }

    private static func parent(_ path: String) -> String { String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) }
}

extension Spool {
    /// A small file's bytes (up to `limit`; a larger or non-regular file is an error).
    public func contents(_ path: String, limit: Int) throws(SpoolError) -> [UInt8] {
        try FileSystem.contents(path, limit: limit)
    }

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
        try FileSystem.writeDurably(bytes, tmp: directory + "/.\(name).\(getpid()).\(node).erase", destination: path)
        sync.add(directory)
    }
}
