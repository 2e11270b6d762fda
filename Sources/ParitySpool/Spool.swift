#if canImport(Glibc)
import Glibc
#endif

/// The Maildir spool of DESIGN.md §6:
///
///     incoming/tmp, incoming/new    producers deliver here (write in tmp, fsync, rename into new)
///     active/<node>/                claimed by a worker of that node (rename from incoming/new)
///     done/                         processed originals, kept for the retention period
///     rejected/                     refused originals, each with <name>.reason.json
///     outbox/<audience>/tmp, /new   results, delivered the same way for their consumers
///
/// Every state change is one `rename(2)` within the spool, so a message is always in exactly
/// one place, and a crash leaves it in `active/<node>/`, from where `recover(node:)` puts it
/// back: at the node's own start, or, when the node has died, from another node once its
/// heartbeat is older than `spool.node_lease_seconds`. Several nodes may share one spool on a
/// shared file system (Maildir was made for NFS): every claim is one `rename(2)`, and every
/// temporary file carries its node's name, so that a node cleans up only its own.
public struct Spool: Sendable {
    public enum State: String, Sendable, CaseIterable, Codable {
        case incoming, active, done, rejected
    }

    /// Who reads each outbox: employment services (batches), employers, reintegration services, returning migrants (letters).
    public static let audiences = ["batches", "employers", "reintegration", "letters"]
    public static let reasonSuffix = ".reason.json"

    public let root: String
    /// This node's name: its claims are in `active/<node>/`, its temporary files carry it.
    public let node: String

    public init(root: String, node: String = Spool.defaultNode) {
        self.root = root
        self.node = node
    }

    /// The host name, as a node name (characters outside the allowed set become `-`): two
    /// machines sharing a spool differ without any configuration.
    public static var defaultNode: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "local" }
        let host = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let cleaned = String(host.prefix(64).map { isNodeCharacter($0) ? $0 : "-" })
        return isValidNode(cleaned) ? cleaned : "local"
    }

    /// 1 to 64 of `A-Z a-z 0-9 . _ -`, not starting with a dot: a directory name, and a part of
    /// temporary file names that cannot be confused with the rest.
    public static func isValidNode(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.hasPrefix(".") && name.allSatisfy(isNodeCharacter)
    }

    private static func isNodeCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-")
    }

    /// Whether message `a` was delivered before `b` (Maildir names begin with the delivery
    /// time): the order every node uses.
    public static func deliveredBefore(_ a: String, _ b: String) -> Bool {
        FileSystem.deliveryOrder(Array(a.utf8), Array(b.utf8))
    }

    /// Wall-clock seconds since the epoch, as file times are given.
    public static func now() -> Double { FileSystem.now() }

    public var incomingTmp: String { root + "/incoming/tmp" }
    public var incomingNew: String { root + "/incoming/new" }

    public func directory(_ state: State) -> String {
        switch state {
        case .incoming: incomingNew
        case .active: activeDirectory(node: node)
        case .done: root + "/done"
        case .rejected: root + "/rejected"
        }
    }

    /// Where `node` holds its claims.
    public func activeDirectory(node: String) -> String { root + "/active/" + node }

    public func outbox(_ audience: String) -> (tmp: String, new: String) {
        (root + "/outbox/\(audience)/tmp", root + "/outbox/\(audience)/new")
    }

    /// Creates whatever directory is missing (in production tmpfiles.d creates them with their
    /// owners and modes; this keeps a development spool and the tests self-contained).
    public func prepare() throws(SpoolError) {
        var paths =
            [root, root + "/incoming", incomingTmp, incomingNew, root + "/active"]
            + [State.active, .done, .rejected].map(directory)
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
        for path in [incomingTmp, incomingNew] + [State.active, .done, .rejected].map(directory)
            + Self.audiences.flatMap({ [outbox($0).tmp, outbox($0).new] })
        {
            guard let info = try FileSystem.status(path), info.st_mode & S_IFMT == S_IFDIR else {
                throw SpoolError(path: path, operation: "use the spool directory", code: ENOENT)
            }
        }
    }

    /// What a producer needs and may see: `incoming/tmp` and `incoming/new` are directories. The
    /// rest of the spool is parityd's own (`active`, `done` are closed to producers).
    public func checkIncoming() throws(SpoolError) {
        for path in [incomingTmp, incomingNew] {
            guard let info = try FileSystem.status(path), info.st_mode & S_IFMT == S_IFDIR else {
                throw SpoolError(path: path, operation: "deliver into the spool", code: ENOENT)
            }
        }
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
        if let tmp = try? FileSystem.status(incomingTmp + "/" + name),
            tmp.st_ino == active.st_ino && tmp.st_dev == active.st_dev
        {
            return true
        }
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
    /// Never over another original of the same name (a producer that reused a name, which the
    /// intake refuses; this is the last guard): then it is kept as `<name>~2`, `~3`...
    public func finish(_ name: String) throws(SpoolError) {
        let from = directory(.active) + "/" + name
        var target = name
        for attempt in 2...1000 {
            switch try FileSystem.moveWithoutReplacing(from, directory(.done) + "/" + target) {
            case .moved, .sourceGone: return
            case .targetExists: target = name + "~\(attempt)"
            }
        }
        throw SpoolError(
            path: from, operation: "move it into done/ (1,000 originals of this name are there)", code: EEXIST)
    }

    /// Writes the reason file durably, then moves the original into `rejected/` under
    /// `storedAs` (`rejectionName(for:)`). A crash in between leaves the original in
    /// `active/`; it is rejected again after recovery.
    /// `claims`: the directory the claim is in (another node's, at a takeover); this node's by default.
    public func reject(
        _ name: String, storedAs target: String, record: RejectionRecord, claims: String? = nil
    ) throws(SpoolError) {
        let rejected = directory(.rejected)
        // One worker holds the message: a temporary file of that name is a crash's leftover.
        let tmp = rejected + "/." + target + ".\(node).reason.tmp"
        try FileSystem.remove(tmp)
        try FileSystem.writeDurably(
            record.encoded(), tmp: tmp, destination: rejected + "/" + target + Self.reasonSuffix)
        _ = try FileSystem.move((claims ?? directory(.active)) + "/" + name, rejected + "/" + target)
        try FileSystem.syncDirectory(rejected)
    }

    public func reject(_ name: String, record: RejectionRecord) throws(SpoolError) {
        try reject(name, storedAs: rejectionName(for: name), record: record)
    }

    /// An operator sends a rejected (or done) message through again; its reason file goes.
    public func requeue(_ name: String, from state: State) throws(SpoolError) -> Bool {
        guard state == .rejected || state == .done,
            try FileSystem.move(directory(state) + "/" + name, incomingNew + "/" + name)
        else { return false }
        if state == .rejected { try FileSystem.remove(directory(.rejected) + "/" + name + Self.reasonSuffix) }
        try FileSystem.syncDirectory(incomingNew)
        return true
    }

    /// The reason a rejected message was refused.
    public func reason(_ name: String) -> RejectionRecord? {
        guard
            let bytes = try? FileSystem.contents(directory(.rejected) + "/" + name + Self.reasonSuffix, limit: 1 << 20)
        else { return nil }
        return RejectionRecord.decode(bytes)
    }

}
