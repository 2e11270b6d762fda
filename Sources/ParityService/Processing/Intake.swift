import ParityCore
import ParityDocuments
import ParityMessages
import ParitySpool
import ParityStore

/// The first stage of the pipeline (DESIGN.md §6, steps 1 to 3): claims a group from
/// `incoming/new` in delivery order, reads each message under the spool's rules, reads its
/// envelope, checks its producer and scope, and asks the ledger (once for the whole group)
/// whether its id was processed before. Each message leaves the intake either admitted, for its
/// handler, or settled: rejected with its reason, or not completely delivered yet.
///
/// Causal order is consulted here once: a message's place is assigned when it is first listed
/// (`PendingNames`), and the intake tells `CausalOrder` what the message does to the pool.
struct Intake: Sendable {
    let spool: Spool
    let database: any Store
    let pending: PendingNames
    let order: CausalOrder
    let problems: ProblemReport

    /// What the intake admits: a message that passed every check, and what the ledger holds for its id.
    struct Admitted: Sendable {
        var claim: PendingNames.Claim
        var message: ClaimedMessage
        var kind: MessageKind
        var envelope: MessageEnvelope
        var scope: String
        var contentHash: String
        /// The content hash the ledger already holds for this id, if it was processed before.
        var earlier: String?

        /// Its id within its scope: an id repeated by another service is another message.
        var key: MessageKey { MessageKey(scope: scope, id: envelope.id) }
    }

    /// A claimed group, in delivery order.
    struct Group {
        var admitted: [Admitted] = []
        /// Messages refused at the door, or not completely delivered yet.
        var settled: [(claim: PendingNames.Claim, handled: Handled)] = []
    }

    enum Outcome {
        case idle
        case group(Group)
        /// The group could not be read (the listing, or the ledger): everything claimed went back.
        case failed(outOfSpace: Bool)
    }

    func take(_ limits: MessageProcessor.Limits) -> Outcome {
        let claimed: [PendingNames.Claim]
        do { claimed = try pending.claim(limits.groupSize, from: spool) } catch {
            problems.report(error)
            return .failed(outOfSpace: false)
        }
        guard !claimed.isEmpty else { return .idle }
        var group = Group()
        for claim in claimed {
            switch check(claim, limits: limits) {
            case .success(let admitted):
                group.admitted.append(admitted)
                order.classify(
                    claim.seq, admitted.kind.changesThePool ? .writer : admitted.kind.readsThePool ? .reader : .other)
            case .failure(let settled):
                // Rejected: no bearing on the pool. Not yet delivered: placed anew when listed again.
                order.pass(claim.seq)
                group.settled.append((claim, settled.handled))
            }
        }
        // One ledger read for the whole group.
        do {
            let known = try database.ledgerHashes(group.admitted.map(\.key))
            for index in group.admitted.indices {
                group.admitted[index].earlier = known[group.admitted[index].key]
            }
        } catch {
            let notYet = Set(
                group.settled.compactMap { settled -> String? in
                    if case .notYet = settled.handled { settled.claim.name } else { nil }
                })
            for claim in claimed {
                pending.putBack(claim, spool: spool, keepingPlace: !notYet.contains(claim.name), problems: problems)
            }
            problems.retried(claimed.count)
            problems.report(error)
            return .failed(outOfSpace: error.isOutOfSpace)
        }
        return .group(group)
    }

    /// A message settled at the door.
    struct Settled: Error {
        var handled: Handled
    }

    /// Spool rules, envelope, kind, producer and scope: the checks that need nothing but the file.
    private func check(_ claim: PendingNames.Claim, limits: MessageProcessor.Limits) -> Result<Admitted, Settled> {
        let name = claim.name
        func rejected(_ reason: Rejection, kind: String? = nil, id: String? = nil) -> Result<Admitted, Settled> {
            .failure(
                Settled(
                    handled: .rejected(
                        RejectionRecord(
                            message: name, rejectedAt: UTCTimestamp.now(), kind: kind, id: id, reason: reason))))
        }
        if let problem = spool.nameProblem(name) {
            let shown = name.utf8.count > 80 ? String(name.prefix(60)) + "…" : name
            return rejected(
                Rejection(
                    .unsafeName, location: shown, found: problem,
                    expected:
                        "a new Maildir name of at most \(Spool.longestName) bytes, not ending in \(Spool.reasonSuffix) "
                        + "(the original is kept in rejected/ under a safe name)"))
        }
        let message: ClaimedMessage
        switch spool.read(name, limit: limits.maxMessageBytes) {
        case .failure(let reason):
            // Python's mailbox.Maildir links the file into new/ before it unlinks it from tmp/.
            if reason.code == .hardLinked && spool.isBeingDelivered(claimed: name) {
                return .failure(Settled(handled: .notYet))
            }
            return rejected(reason)
        case .success(let read): message = read
        }
        let envelope: MessageEnvelope
        do {
            envelope = try MessageEnvelope.read(
                message.bytes, source: name, maximumDepth: limits.maxJSONDepth, documents: DocumentReader())
        } catch {
            return rejected(
                Rejection(
                    Self.code(error.reason), location: "\(name): \(error.location)", found: error.found,
                    expected: error.expected))
        }
        guard let kind = envelope.messageKind else {
            let found = "'\(envelope.kind.prefix(80))'"
            return rejected(
                Rejection(
                    .unknownKind, location: "\(name): kind", found: found,
                    expected: "one of \(MessageKind.names.joined(separator: ", "))"), id: envelope.id)
        }
        if let refusal = limits.policy.check(message, kind: kind.rawValue) {
            return rejected(refusal, kind: kind.rawValue, id: envelope.id)
        }
        switch limits.policy.scope(message, service: envelope.service) {
        case .success(let scope):
            return .success(
                Admitted(
                    claim: claim, message: message, kind: kind, envelope: envelope, scope: scope,
                    contentHash: SHA256.hex(of: message.bytes)))
        case .failure(let refusal):
            return rejected(refusal, kind: kind.rawValue, id: envelope.id)
        }
    }

    private static func code(_ reason: MessageEnvelope.Failure.Reason) -> Rejection.Code {
        switch reason {
        case .notJSON: .notJSON
        case .tooDeep: .tooDeep
        case .envelope: .invalidEnvelope
        case .document: .invalidContent
        }
    }
}
