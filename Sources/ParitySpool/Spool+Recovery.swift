#if canImport(Glibc)
import Glibc
#endif

/// After an unclean stop: claims back to `incoming/new`, staged results published or discarded
/// by the ledger's answer; and which other nodes hold claims.
extension Spool {
    /// What a recovery did.
    public struct Recovery: Sendable, Equatable {
        /// Messages put back into incoming/new.
        public var returned: [String] = []
        /// Results committed before the crash and now moved into their outbox.
        public var published: [String] = []
        /// Results of uncommitted work, removed.
        public var discarded = 0
        /// Messages in progress at a second unclean stop, moved to rejected/ (`interrupted-twice`),
        /// by the name they are kept under there.
        public var quarantined: [String] = []
    }

    /// Puts a node's work back after a crash: at its own start-up before any worker runs, or
    /// for a node that died (no heartbeat for `spool.node_lease_seconds`) from another node.
    /// Its results left in `outbox/*/tmp` are moved into `new` if the ledger records them
    /// (`recorded` answers which of these `outbox/<audience>/new/<name>` paths it holds; nil: the
    /// ledger cannot be read, and nothing is touched), and removed otherwise; its hidden
    /// temporary files go; its claims in `active/<node>/` go back to `incoming/new` to be
    /// processed again (their effects are idempotent), marked as interrupted, unless they were
    /// interrupted once already: those are rejected (`Spool+Interrupted.swift`). On this node's own start, claims left
    /// directly in `active/` by a version before nodes are returned too.
    public func recover(node: String? = nil, recorded: ([String]) -> Set<String>?) throws(SpoolError) -> Recovery {
        let node = node ?? self.node
        var recovery = Recovery()
        let prefix = node + "+"
        var leftovers: [(tmp: String, new: String, output: String)] = []
        for audience in Self.audiences {
            let (tmp, new) = outbox(audience)
            for name in try FileSystem.names(in: tmp) {
                // A version before nodes named its results `<name>.<pid>.<attempt>` and moved
                // them before its commit: a leftover of its own start was never delivered.
                if node == self.node && !name.contains("+") {
                    try FileSystem.remove(tmp + "/" + name)
                    recovery.discarded += 1
                    continue
                }
                guard name.hasPrefix(prefix) else { continue }
                let parts = name.split(separator: "+", maxSplits: 2)
                guard parts.count == 3 else {
                    try FileSystem.remove(tmp + "/" + name); recovery.discarded += 1; continue
                }
                leftovers.append(
                    (
                        tmp + "/" + name, new + "/" + parts[2],
                        OutboxFile.ledgerPath(audience: audience, name: String(parts[2]))
                    ))
            }
        }
        if !leftovers.isEmpty {
            guard let committed = recorded(leftovers.map(\.output)) else {
                throw SpoolError(
                    path: root + "/outbox",
                    operation: "recover the results of node \(node) (the ledger cannot say which were committed)",
                    code: EIO)
            }
            var synced = Set<String>()
            for leftover in leftovers {
                if committed.contains(leftover.output) {
                    if try FileSystem.move(leftover.tmp, leftover.new) { recovery.published.append(leftover.output) }
                    synced.insert(String(leftover.new[..<(leftover.new.lastIndex(of: "/") ?? leftover.new.endIndex)]))
                } else {
                    try FileSystem.remove(leftover.tmp)
                    recovery.discarded += 1
                }
            }
            for directory in synced.sorted() { try FileSystem.syncDirectory(directory) }
        }
        // A crash while a reason file or an erasure's rewrite was being written leaves its
        // hidden temporary file, named for its node.
        for name in try FileSystem.hiddenNames(in: directory(.rejected), endingWith: ".\(node).reason.tmp") {
            try FileSystem.remove(directory(.rejected) + "/" + name)
        }
        for directory in [directory(.done), directory(.rejected)] + Self.audiences.map({ outbox($0).new }) {
            for name in try FileSystem.hiddenNames(in: directory, endingWith: ".\(node).erase") {
                try FileSystem.remove(directory + "/" + name)
            }
        }
        var claims = [activeDirectory(node: node)]
        if node == self.node { claims.append(root + "/active") }
        try settleClaims(of: node, in: claims, at: UTCTimestamp.now(), into: &recovery)
        if !recovery.returned.isEmpty { try FileSystem.syncDirectory(incomingNew) }
        return recovery
    }

    /// The nodes with a claims directory under `active/`, this one included.
    public func nodes() throws(SpoolError) -> [String] {
        try FileSystem.names(in: root + "/active").filter { name in
            (try? FileSystem.status(root + "/active/" + name)).flatMap { $0 }.map { $0.st_mode & S_IFMT == S_IFDIR }
                ?? false
        }
    }

    /// The messages other nodes hold now, by node: what a reader waits for when they were delivered before it.
    public func claimedElsewhere() throws(SpoolError) -> [String: [String]] {
        var held: [String: [String]] = [:]
        for other in try nodes() where other != node {
            let names = try FileSystem.names(in: activeDirectory(node: other))
            if !names.isEmpty { held[other] = names }
        }
        return held
    }
}
