import Foundation
import ParityCore
import ParityMessages
import ParitySpool

/// Before a message's handler runs: the spool rules, the envelope, the producer and its scope
/// (DESIGN.md §6 step 2), then the ledger's verdict (step 3).
extension MessageProcessor {
    /// Spool rules, envelope and producer: the checks that need nothing but the file.
    func prepare(_ name: String, limits: Limits) -> Result<Prepared, HandledFailure> {
        func rejected(_ reason: Rejection, kind: String? = nil, id: String? = nil) -> Result<Prepared, HandledFailure> {
            .failure(HandledFailure(.rejected(RejectionRecord(message: name, rejectedAt: Self.timestamp(), kind: kind, id: id, reason: reason))))
        }
        let message: ClaimedMessage
        switch spool.read(name, limit: limits.maxMessageBytes) {
        case .failure(let reason):
            // Python's mailbox.Maildir links the file into new/ before it unlinks it from tmp/.
            if reason.code == .hardLinked && spool.isBeingDelivered(claimed: name) { return .failure(HandledFailure(.notYet)) }
            return rejected(reason)
        case .success(let read): message = read
        }
        let envelope: MessageEnvelope
        do {
            envelope = try MessageEnvelope.read(message.bytes, source: name, maximumDepth: limits.maxJSONDepth)
        } catch {
            let code: Rejection.Code = switch error.reason {
            case .notJSON: .notJSON
            case .tooDeep: .tooDeep
            case .envelope: .invalidEnvelope
            case .document: .invalidContent
            }
            return rejected(Rejection(code, location: "\(name): \(error.location)", found: error.found, expected: error.expected))
        }
        let (kind, id) = (envelope.kind, envelope.id)
        guard MessageEnvelope.kinds.contains(kind) else {
            return rejected(Rejection(.unknownKind, location: "\(name): kind", found: "'\(kind.prefix(80))'", expected: "one of \(MessageEnvelope.kinds.joined(separator: ", "))"), id: id)
        }
        if let refusal = limits.policy.check(message, kind: kind) { return rejected(refusal, kind: kind, id: id) }
        let scope: String
        switch limits.policy.scope(message, service: envelope.service) {
        case .success(let s): scope = s
        case .failure(let refusal): return rejected(refusal, kind: kind, id: id)
        }
        return .success(Prepared(message: message, envelope: envelope, scope: scope, contentHash: SHA256.hex(of: message.bytes)))
    }

    struct HandledFailure: Error {
        var handled: Handled
        init(_ handled: Handled) { self.handled = handled }
    }

    /// The ledger's verdict (`earlier`: the content hash already recorded for this id), then the kind's handler.
    func complete(_ p: Prepared, earlier: String?, sync: DirectorySync, pool: CandidatePool?) -> Handled {
        let (name, kind, id) = (p.message.name, p.envelope.kind, p.envelope.id)
        if let earlier { return Self.verdict(name: name, kind: kind, id: id, contentHash: p.contentHash, earlier: earlier) }
        let context = KindHandlers.Context(
            message: p.message, envelope: p.envelope, scope: p.scope, contentHash: p.contentHash, processedAt: Self.timestamp(), sync: sync, pool: pool)
        switch handlers.handle(context) {
        case .success(let done): return .effects(done)
        case .failure(.rejected(let reason)):
            return .rejected(RejectionRecord(message: name, rejectedAt: Self.timestamp(), kind: kind, id: id, reason: reason))
        case .failure(.spool(let error)): return .retry(error)
        }
    }

    /// A message whose id the ledger already holds (`earlier`: the hash recorded for it): the
    /// same content is a duplicate, other content a conflict.
    static func verdict(name: String, kind: String, id: String, contentHash: String, earlier: String) -> Handled {
        if earlier == contentHash { return .duplicate(kind: kind, id: id) }
        return .rejected(RejectionRecord(message: name, rejectedAt: timestamp(), kind: kind, id: id, reason: Rejection(
            .idConflict, location: "\(name): id", found: "id '\(id)' was already used for a message with different content",
            expected: "a new id for new content (the id is the producer's idempotency key)")))
    }
}
