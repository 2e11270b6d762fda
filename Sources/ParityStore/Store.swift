import ParityCore

/// What Parity keeps in a database, whichever engine holds it: the framework load history,
/// the message ledger (what makes processing exactly-once) and the people of the matching pool.
/// Two implementations keep the same invariants (keys, checks) in their own dialect:
/// `ParityDatabase` (embedded SQLite, the default) and `PostgresStore` (a shared PostgreSQL,
/// for several nodes).
public protocol ParityStore: Sendable {
    /// Where the data is, for messages a person can act on (a file path, or a URL without its password).
    var location: String { get }

    /// Records that `versions` came into service at `timestamp` (ISO 8601, UTC).
    func recordFrameworkLoad(_ versions: [DataVersion], reason: FrameworkLoadReason, at timestamp: String) throws(StoreError)
    /// The most recent load, with its versions in id order.
    func lastFrameworkLoad() throws(StoreError) -> FrameworkLoadRecord?

    /// What the ledger holds for a message id, if it was processed.
    func ledgerEntry(id: String) throws(StoreError) -> LedgerEntry?
    /// The content hashes the ledger holds for any of `ids`.
    func ledgerHashes(ids: [String]) throws(StoreError) -> [String: String]
    /// The scope each of these messages was delivered under (messages from before scopes, and unknown ids, are left out).
    func ledgerScopes(ids: [String]) throws(StoreError) -> [String: String]
    /// The spool file names of the processed messages of one kind, in name order.
    func ledgerFiles(kind: String) throws(StoreError) -> [String]
    /// Processed messages per kind.
    func ledgerCounts() throws(StoreError) -> [String: Int]
    /// Records a group of processed messages and their effects in one transaction: all of them
    /// or none. Returns, per message, the pool entries that left (withdrawn, erased or superseded).
    @discardableResult
    func commit(_ group: [MessageEffects]) throws(StoreError) -> [[CandidateKey]]

    /// How many people are in the matching pool.
    func candidateCount() throws(StoreError) -> Int
    /// Every candidate, in key order.
    func candidates() throws(StoreError) -> [CandidateRecord]
    /// The stored entries of one person id, in every scope and destination, in key order.
    func candidates(personId: String) throws(StoreError) -> [CandidateRecord]
}

extension ParityDatabase: ParityStore {
    public var location: String { writer.path }
}
