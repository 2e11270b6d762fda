/// What several parityd nodes sharing one database and one spool keep in the database besides
/// the ledger: a heartbeat row per node (so that a dead node's claims can be returned by
/// another after `spool.node_lease_seconds`), and the pool's change log, from which every node
/// keeps its in-memory matching pool current with the batches the others commit.

/// One node as the database last heard of it.
public struct NodeState: Sendable, Hashable {
    public var name: String
    /// Seconds since its last heartbeat, by the database's clock (the same for every node, whatever their own clocks say).
    public var age: Double
    /// The last pool change it has applied.
    public var poolSequence: Int64

    public init(name: String, age: Double, poolSequence: Int64) {
        self.name = name; self.age = age; self.poolSequence = poolSequence
    }
}

/// One entry of the pool's change log: a candidate key a message upserted or removed, and its
/// record now (nil: not in the pool any more).
public struct PoolChange: Sendable, Hashable {
    public var sequence: Int64
    /// The node that committed it.
    public var node: String
    /// The spool name of the message, whose delivery order places the change.
    public var file: String
    public var key: CandidateKey
    public var record: String?
    /// An erasure's removal: `key.personId` is the person's pseudonymous reference in
    /// `key.scope`, not the id (which the log never keeps once erased).
    public var byReference = false

    public init(
        sequence: Int64, node: String, file: String, key: CandidateKey, record: String?, byReference: Bool = false
    ) {
        self.sequence = sequence; self.node = node; self.file = file; self.key = key; self.record = record;
        self.byReference = byReference
    }
}

/// The log after a given sequence number.
public struct PoolChanges: Sendable {
    /// The highest sequence number read (the caller's position from now on).
    public var through: Int64
    /// False when entries after the caller's position were pruned already (the node was away
    /// longer than the lease): the pool must be read again in full.
    public var complete: Bool
    public var changes: [PoolChange]

    /// The log read after `sequence`, its entries up to `pruned` gone.
    public init(after sequence: Int64, pruned: Int64, changes: [PoolChange]) {
        self.through = changes.last?.sequence ?? max(sequence, pruned)
        self.complete = sequence >= pruned
        self.changes = changes
    }
}

/// What a commit did to each message of its group.
public enum CommitOutcome: Sendable, Equatable {
    /// Its effects are in place; these pool entries left (withdrawn, erased or superseded).
    case committed(removed: [CandidateKey])
    /// Its id was in the ledger already (another node committed it first): nothing of it was
    /// written; the ledger holds this content hash for it.
    case alreadyCommitted(contentHash: String)

    public var removed: [CandidateKey] { if case .committed(let removed) = self { removed } else { [] } }
}

extension Store {
    /// A commit by an unnamed node (tools and tests).
    @discardableResult
    public func commit(_ group: [MessageEffects]) throws(StoreError) -> [CommitOutcome] { try commit(group, node: "") }

    /// The message id a result file belongs to (`…/pes-de~b-1.json`, or from before scopes `…/b-1.json`).
    public static func messageId(ofOutput path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return MessageKey.id(ofResultName: path[path.index(after: slash)...])
    }
}
