#if canImport(Glibc)
import Glibc
#endif

/// The Maildir spool of DESIGN.md §6:
///
///     incoming/tmp, incoming/new    producers deliver here (write in tmp, fsync, rename into new)
///     active/                       claimed by a worker (rename from incoming/new)
///     done/                         processed originals, kept for the retention period
///     rejected/                     refused originals, each with <name>.reason.json
///     outbox/<audience>/tmp, /new   results, delivered the same way for their consumers
///
/// Every state change is one `rename(2)` within the spool, so a message is always in exactly
/// one place, and a crash leaves it in `active/`, from where `recover()` puts it back.
public struct Spool: Sendable {
    public enum State: String, Sendable, CaseIterable, Codable {
        case incoming, active, done, rejected
    }

    /// Who reads each outbox: employment services (batches), employers, reintegration services, returning migrants (letters).
    public static let audiences = ["batches", "employers", "reintegration", "letters"]
    public static let reasonSuffix = ".reason.json"

    public let root: String

    public init(root: String) { self.root = root }

    /// Wall-clock seconds since the epoch, as file times are given.
    public static func now() -> Double { FileSystem.now() }

    public var incomingTmp: String { root + "/incoming/tmp" }
    public var incomingNew: String { root + "/incoming/new" }

    public func directory(_ state: State) -> String {
        switch state {
        case .incoming: incomingNew
        case .active: root + "/active"
        case .done: root + "/done"
        case .rejected: root + "/rejected"
        }
    }

    public func outbox(_ audience: String) -> (tmp: String, new: String) {
        (root + "/outbox/\(audience)/tmp", root + "/outbox/\(audience)/new")
    }

    /// Creates whatever directory is missing (in production tmpfiles.d creates them with their
    /// owners and modes; this keeps a development spool and the tests self-contained).
    public func prepare() throws(SpoolError) {
        var paths = [root, root + "/incoming", incomingTmp, incomingNew] + [State.active, .done, .rejected].map(directory)
        paths.append(root + "/outbox")
        for audience in Self.audiences {
            paths.append(root + "/outbox/\(audience)")
            paths.append(outbox(audience).tmp)
            paths.append(outbox(audience).new)
        }
        for path in paths { try FileSystem.makeDirectory(path) }
    }

    /// Checks that every directory exists, naming the first that does not.
    public func check() throws(SpoolError) {
        for path in [incomingTmp, incomingNew] + [State.active, .done, .rejected].map(directory) + Self.audiences.flatMap({ [outbox($0).tmp, outbox($0).new] }) {
            guard let info = try FileSystem.status(path), info.st_mode & S_IFMT == S_IFDIR else {
                throw SpoolError(path: path, operation: "use the spool directory", code: ENOENT)
            }
        }
    }

    /// At start-up, before any worker runs: messages left in `active/` by a crash go back to
    /// `incoming/new` to be processed again (their effects are idempotent), and results a crash
    /// left half-written in `outbox/*/tmp` are removed (only the daemon writes there). Returns
    /// the names of the messages put back.
    public func recover() throws(SpoolError) -> [String] {
        for audience in Self.audiences {
            let tmp = outbox(audience).tmp
            for name in try FileSystem.names(in: tmp) { try FileSystem.remove(tmp + "/" + name) }
        }
        // A crash while a reason file or an erasure's rewrite was being written leaves its
        // hidden temporary file; only the daemon writes those.
        for directory in [directory(.rejected)] {
            for name in try FileSystem.hiddenNames(in: directory, endingWith: ".reason.tmp") { try FileSystem.remove(directory + "/" + name) }
        }
        for directory in [directory(.done), directory(.rejected)] + Self.audiences.map({ outbox($0).new }) {
            for name in try FileSystem.hiddenNames(in: directory, endingWith: ".erase") { try FileSystem.remove(directory + "/" + name) }
        }
        var moved: [String] = []
        for name in try FileSystem.names(in: directory(.active)) {
            if try FileSystem.move(directory(.active) + "/" + name, incomingNew + "/" + name) { moved.append(name) }
        }
        if !moved.isEmpty { try FileSystem.syncDirectory(incomingNew) }
        return moved
    }

    /// Messages waiting in `incoming/new`, oldest delivery name first.
    public func waiting() throws(SpoolError) -> [String] {
        try FileSystem.names(in: incomingNew)
    }

    /// Whether a claimed message read with a second link was caught mid-delivery by a producer
    /// that links into `new` before it unlinks from `tmp` (Python's `mailbox.Maildir.add`):
    /// its twin in `incoming/tmp` is still the same file, or the producer's unlink has come
    /// since the read and the file has one link now. Either way it is to be read again.
    public func isBeingDelivered(claimed name: String) -> Bool {
        let path = directory(.active) + "/" + name
        guard let active = try? FileSystem.status(path) else { return false }
        if active.st_nlink == 1 { return true }
        if let tmp = try? FileSystem.status(incomingTmp + "/" + name), tmp.st_ino == active.st_ino && tmp.st_dev == active.st_dev { return true }
        // The producer's unlink may have come between the two looks: then the file has one link now.
        return (try? FileSystem.status(path))?.st_nlink == 1
    }

    /// Claims a waiting message by renaming it into `active/`; nil when another worker took it first.
    public func claim(_ name: String) throws(SpoolError) -> String? {
        let target = directory(.active) + "/" + name
        return try FileSystem.move(incomingNew + "/" + name, target) ? target : nil
    }

    /// Reads a claimed message under the spool's rules (see `ClaimedMessage`).
    public func read(_ name: String, limit: Int) -> Result<ClaimedMessage, Rejection> {
        ClaimedMessage.read(path: directory(.active) + "/" + name, name: name, limit: limit)
    }

    /// Puts a claimed message back into `incoming/new`, to be tried again (after a failure
    /// that was not the message's fault, such as a full disk).
    public func release(_ name: String) throws(SpoolError) {
        _ = try FileSystem.move(directory(.active) + "/" + name, incomingNew + "/" + name)
    }

    /// The original leaves `active/` for `done/`, once its effects are durable.
    public func finish(_ name: String) throws(SpoolError) {
        _ = try FileSystem.move(directory(.active) + "/" + name, directory(.done) + "/" + name)
    }

    /// Writes the reason file durably, then moves the original into `rejected/`. A crash in
    /// between leaves the original in `active/`; it is rejected again after recovery.
    public func reject(_ name: String, record: RejectionRecord) throws(SpoolError) {
        let rejected = directory(.rejected)
        // One worker holds the message: a temporary file of that name is a crash's leftover.
        let tmp = rejected + "/." + name + ".reason.tmp"
        try FileSystem.remove(tmp)
        try FileSystem.writeDurably(record.encoded(), tmp: tmp, destination: rejected + "/" + name + Self.reasonSuffix)
        _ = try FileSystem.move(directory(.active) + "/" + name, rejected + "/" + name)
        try FileSystem.syncDirectory(rejected)
    }

    /// An operator sends a rejected (or done) message through again; its reason file goes.
    public func requeue(_ name: String, from state: State) throws(SpoolError) -> Bool {
        guard state == .rejected || state == .done, try FileSystem.move(directory(state) + "/" + name, incomingNew + "/" + name) else { return false }
        if state == .rejected { try FileSystem.remove(directory(.rejected) + "/" + name + Self.reasonSuffix) }
        try FileSystem.syncDirectory(incomingNew)
        return true
    }

    /// The reason a rejected message was refused.
    public func reason(_ name: String) -> RejectionRecord? {
        guard let bytes = try? FileSystem.contents(directory(.rejected) + "/" + name + Self.reasonSuffix, limit: 1 << 20) else { return nil }
        return RejectionRecord.decode(bytes)
    }

    public struct Entry: Sendable, Equatable {
        public var state: State
        public var name: String
        public var size: Int
        /// Modification time, seconds since the epoch.
        public var modified: Double
        public var owner: uid_t
        public var group: gid_t
    }

    /// The messages in one state (reason files are not messages), oldest name first.
    public func entries(_ state: State) throws(SpoolError) -> [Entry] {
        let dir = directory(state)
        var out: [Entry] = []
        for name in try FileSystem.names(in: dir) where !(state == .rejected && name.hasSuffix(Self.reasonSuffix)) {
            guard let info = try FileSystem.status(dir + "/" + name) else { continue }
            out.append(Entry(
                state: state, name: name, size: Int(info.st_size),
                modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9, owner: info.st_uid, group: info.st_gid))
        }
        return out
    }

    /// Removes messages (with their reason files) of `state` last changed before `before`
    /// (seconds since the epoch). Returns how many went.
    @discardableResult
    public func purge(_ state: State, modifiedBefore before: Double) throws(SpoolError) -> Int {
        guard state == .done || state == .rejected else { return 0 }
        var removed = 0
        for entry in try entries(state) where entry.modified < before {
            try FileSystem.remove(directory(state) + "/" + entry.name)
            if state == .rejected { try FileSystem.remove(directory(state) + "/" + entry.name + Self.reasonSuffix) }
            removed += 1
        }
        return removed
    }

    /// How many messages each state holds and the age of the oldest, for status and metrics.
    public struct Depth: Sendable, Equatable {
        public var count: Int
        public var oldestAge: Double
        public init(count: Int, oldestAge: Double) { self.count = count; self.oldestAge = oldestAge }
    }

    /// How many messages a state holds, from the names alone (done/ may hold hundreds of thousands).
    public func count(_ state: State) throws(SpoolError) -> Int {
        try FileSystem.count(in: directory(state), excludingSuffix: state == .rejected ? Self.reasonSuffix : nil)
    }

    public func depth(_ state: State, now: Double = Spool.now()) throws(SpoolError) -> Depth {
        let list = try entries(state)
        let oldest = list.map(\.modified).min()
        return Depth(count: list.count, oldestAge: oldest.map { max(0, now - $0) } ?? 0)
    }
}
