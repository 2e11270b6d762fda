public import ParityCore

/// What Parity keeps in a database, whichever engine holds it: the framework load history,
/// the message ledger (what makes processing exactly-once) and the people of the matching pool.
/// Two implementations keep the same invariants (keys, checks) in their own dialect, each in a
/// target of its own: `ParityDatabase` (ParitySQLite: embedded SQLite, the default) and
/// `PostgresStore` (ParityPostgres: a shared PostgreSQL, for several nodes).
public protocol Store: Sendable {
    /// Where the data is, for messages a person can act on (a file path, or a URL without its password).
    var location: String { get }
    /// The schema migrations this process applied when it opened the store, in order (none when
    /// the schema was current): logged at start, so an operator sees an upgrade migrate once.
    var migrationsApplied: [String] { get }

    /// Records that `versions` came into service at `timestamp` (ISO 8601, UTC).
    func recordFrameworkLoad(
        _ versions: [DataVersion], reason: FrameworkLoadReason, at timestamp: String) throws(StoreError)
    /// The most recent load, with its versions in id order.
    func lastFrameworkLoad() throws(StoreError) -> FrameworkLoadRecord?

    /// What the ledger holds for a message, if it was processed.
    func ledgerEntry(_ key: MessageKey) throws(StoreError) -> LedgerEntry?
    /// Every entry of this id, whatever its scope, in scope order: for the operator, and for
    /// files named before result names carried their scope.
    func ledgerEntries(id: String) throws(StoreError) -> [LedgerEntry]
    /// The content hashes the ledger holds for any of `keys`.
    func ledgerHashes(_ keys: [MessageKey]) throws(StoreError) -> [MessageKey: String]
    /// The spool file names of the processed messages of one kind, in name order.
    func ledgerFiles(kind: String) throws(StoreError) -> [String]
    /// Processed messages per kind.
    func ledgerCounts() throws(StoreError) -> [String: Int]
    /// Records a group of processed messages and their effects in one transaction: all of them
    /// or none. A message whose id another node committed first is left out (its outcome says
    /// so), without failing the rest. Every pool change joins the change log under `node`. A
    /// node another one has taken over is refused (`StoreError.isFenced`) until it registers again.
    @discardableResult
    func commit(_ group: [MessageEffects], node: String) throws(StoreError) -> [CommitOutcome]
    /// Which of these result paths (`outbox/<audience>/new/<name>`) a ledger entry lists.
    func recordedOutputs(_ paths: [String]) throws(StoreError) -> Set<String>

    /// The person index (what an erasure reads, DESIGN.md §10): the kept files, relative to the
    /// spool, that hold any of these pseudonymous references, in path order.
    func personFiles(refs: [String]) throws(StoreError) -> [String]
    /// Records which kept files hold which references outside a message's commit (a rejected
    /// original; the index's first build). `built`: the files kept before the index are in it now.
    func recordPersonFiles(_ rows: [PersonFile], built: Bool) throws(StoreError)
    /// Whether the files kept before the index existed have been indexed.
    func personIndexBuilt() throws(StoreError) -> Bool

    /// A node starts (after it has put its own claims back): its row is fresh and no longer taken over.
    func register(node: String, poolSequence: Int64) throws(StoreError)
    /// This node is alive and has applied the pool's change log up to `poolSequence`. False: another
    /// node declared it dead and took its work over; it must stop at once (its commits are refused).
    func heartbeat(node: String, poolSequence: Int64) throws(StoreError) -> Bool
    /// Declares `node` dead if its last heartbeat is older than `leaseSeconds` (or it never beat):
    /// true for the one caller that does so, which then returns the node's claims. From then on
    /// the node's commits are refused, until it starts again.
    func takeOver(node: String, leaseSeconds: Double) throws(StoreError) -> Bool
    /// Every node that ever beat, with the age of its last heartbeat.
    func nodes() throws(StoreError) -> [NodeState]
    /// The pool's change log after `sequence`.
    func poolChanges(after sequence: Int64) throws(StoreError) -> PoolChanges
    /// The highest sequence number in the change log: read before the candidates, it is where a
    /// node that has just read the pool follows the log from.
    func poolSequence() throws(StoreError) -> Int64
    /// Drops the change log entries every node alive within `leaseSeconds` has applied (they
    /// may name a person since erased: they are kept no longer than needed).
    func prunePoolChanges(leaseSeconds: Double) throws(StoreError)

    /// How many people are in the matching pool.
    func candidateCount() throws(StoreError) -> Int
    /// Every candidate, in key order.
    func candidates() throws(StoreError) -> [CandidateRecord]
    /// The stored entries of one person id, in every scope and destination, in key order.
    func candidates(personId: String) throws(StoreError) -> [CandidateRecord]
}

/// A store that can tell at once when another node changed the pool (PostgreSQL's NOTIFY);
/// without it, nodes follow the change log on every heartbeat.
public protocol PoolChangeNotifying: Store {
    /// Calls `notified` with each committing node's name until the returned subscription is
    /// closed; `lost` once if the connection closes (the caller subscribes again and catches up
    /// from the log, since notifications sent meanwhile are gone).
    func listen(
        notified: @escaping @Sendable (String) -> Void, lost: @escaping @Sendable () -> Void
    ) throws(StoreError) -> any PoolSubscription
}

/// An open subscription to pool changes.
public protocol PoolSubscription: Sendable {
    func close()
}
