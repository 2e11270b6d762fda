import ParitySpool

/// The committer's small judgements: a repeated id's verdict, what a message's results may
/// take on disk, and the time a segment took.
extension Committer {
    /// A message whose id the ledger already holds (`earlier`: the hash recorded for it): the
    /// same content is a duplicate, other content a conflict.
    static func verdict(name: String, kind: String, id: String, contentHash: String, earlier: String) -> Handled {
        if earlier == contentHash { return .duplicate(kind: kind, id: id) }
        return .rejected(
            RejectionRecord(
                message: name, rejectedAt: UTCTimestamp.now(), kind: kind, id: id,
                reason: Rejection(
                    .idConflict, location: "\(name): id",
                    found: "id '\(id)' was already used for a message with different content",
                    expected: "a new id for new content (the id is the producer's idempotency key)")))
    }

    /// What one message's results may take: a batch result runs to about 46 times its input
    /// (every credential explained, for every destination framework); 64 times, and 1 MiB for
    /// the smallest.
    static func resultBound(of message: IncomingMessage) -> Int { message.size * 64 + (1 << 20) }

    static func seconds(since start: ContinuousClock.Instant) -> Double { (ContinuousClock.now - start).inSeconds }
}
