import ParityCore
import ParityMessages
import ParityStore

/// A message that passed the intake (spool rules, envelope, producer, ledger): what a handler
/// is given. `processedAt` comes from the pipeline, so that handlers never read the clock.
struct IncomingMessage: Sendable {
    /// Its name in the spool.
    var name: String
    var kind: MessageKind
    var envelope: MessageEnvelope
    /// The service the message was delivered for: the scope of its person ids.
    var scope: String
    var contentHash: String
    /// The message file's size: what its results may take is estimated from it.
    var size: Int = 0
    var processedAt: String
    /// For readers (job openings, skills needs): the pool as `CausalOrder` says this message sees it.
    var pool: CandidatePool?

    /// The day it is processed (`YYYYMMDD`): what selects the destination requirements in force
    /// when the message names no date of its own.
    var day: Int32? { ISODate.day(processedAt) }

    /// Its id within its scope: what the ledger and its results' names are keyed by.
    var key: MessageKey { MessageKey(scope: scope, id: envelope.id) }

    /// The name of its result with extension `ext` (`pes-de~job-1.json`).
    func resultName(_ ext: String) -> String { key.resultName(ext) }
}

/// One message kind's work, pure: the decoded message and the group's snapshot in, the result
/// files and the store effects out. A handler never touches the spool, the clock or the
/// database; the `Committer` writes what it returns.
protocol MessageHandler: Sendable {
    func handle(_ message: IncomingMessage, _ snapshot: ProcessingSnapshot) throws(ProcessingFailure) -> HandlerOutcome
}

extension MessageKind {
    /// The handler of this kind.
    var handler: any MessageHandler {
        switch self {
        case .credentialBatch: CredentialBatchHandler()
        case .jobOpening: JobOpeningHandler()
        case .skillsNeed: SkillsNeedHandler()
        case .letterRequest: LetterRequestHandler()
        case .erasePerson: ErasePersonHandler()
        }
    }
}

/// What a handler returns: its result files and what the store is to record.
struct HandlerOutcome: Sendable {
    var results: [ResultFile]
    /// People who consented to matching, as stored records.
    var candidates: [CandidateRecord] = []
    /// People in a batch without that consent: their entries leave the pool.
    var withdrawn: [CandidateKey] = []
    /// The candidates a batch brings to the pool (the `Change` that `CausalOrder` applies once
    /// the batch's place in delivery order is passed), and the data versions they were resolved with.
    var pooled: [Candidate] = []
    var versions: [DataVersion] = []
    /// An erasure: the person, and their pseudonymous reference in each scope it covers.
    var erasure: Erasure?
    /// The pseudonymous references its results list (shortlisted candidates, returnees): for
    /// the person index, besides the people the message itself names.
    var holders: Set<String> = []

    struct Erasure: Sendable {
        var person: String
        /// Scope → reference: this scope's and the legacy (empty) scope's.
        var references: [String: String]
    }

    /// The store effects, with the ledger entry naming the files the committer staged.
    func effects(of message: IncomingMessage, outputs: [String]) -> MessageEffects {
        let entry = LedgerEntry(
            scope: message.scope, id: message.envelope.id, kind: message.kind.rawValue,
            contentHash: message.contentHash, file: message.name,
            outputs: outputs, processedAt: message.processedAt)
        return MessageEffects(
            entry: entry, candidates: candidates, withdrawn: withdrawn,
            erasedPerson: erasure?.person,
            erasedReferences: erasure?.references ?? [:])
    }
}

/// One result for an outbox audience, named by the message id: its bytes, or a writer that
/// streams them (a large batch result is never held whole).
struct ResultFile: Sendable {
    enum Body: Sendable {
        case bytes([UInt8])
        case streamed(@Sendable (_ sink: ([UInt8]) throws -> Void) throws -> Void)
    }

    var audience: Audience
    var name: String
    var body: Body

    /// The outboxes of DESIGN.md §6, one per audience.
    enum Audience: String, Sendable {
        case batches, employers, reintegration, letters
    }
}
