#if canImport(Glibc)
public import Glibc
#endif

/// What each state holds: entries, counts, the age of the oldest, and retention.
extension Spool {
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
    /// For `.active`, the claims of every node.
    public func entries(_ state: State) throws(SpoolError) -> [Entry] {
        var out: [Entry] = []
        for dir in try directories(state) {
            out += try entries(state, in: dir)
        }
        return state == .active ? out.sorted { Self.deliveredBefore($0.name, $1.name) } : out
    }

    /// The directories a state's messages are in: for `.active`, every node's.
    private func directories(_ state: State) throws(SpoolError) -> [String] {
        state == .active ? try nodes().map { activeDirectory(node: $0) } : [directory(state)]
    }

    private func entries(_ state: State, in dir: String) throws(SpoolError) -> [Entry] {
        var out: [Entry] = []
        for name in try FileSystem.names(in: dir) where !(state == .rejected && name.hasSuffix(Self.reasonSuffix)) {
            guard let info = try FileSystem.status(dir + "/" + name), info.st_mode & S_IFMT != S_IFDIR else { continue }
            out.append(
                Entry(
                    state: state, name: name, size: Int(info.st_size),
                    modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9, owner: info.st_uid,
                    group: info.st_gid))
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
        var total = 0
        for dir in try directories(state) {
            total += try FileSystem.count(in: dir, excludingSuffix: state == .rejected ? Self.reasonSuffix : nil)
        }
        return total
    }

    public func depth(_ state: State, now: Double = Spool.now()) throws(SpoolError) -> Depth {
        let list = try entries(state)
        let oldest = list.map(\.modified).min()
        return Depth(count: list.count, oldestAge: oldest.map { max(0, now - $0) } ?? 0)
    }
}
