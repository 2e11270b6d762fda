/// The kinds of message parityd processes (DESIGN.md §7), parsed once from the envelope's
/// `kind`. The raw values are the contract producers write.
public enum MessageKind: String, CaseIterable, Sendable {
    case credentialBatch = "credential-batch"
    case jobOpening = "job-opening"
    case skillsNeed = "skills-need"
    case letterRequest = "letter-request"
    case erasePerson = "erase-person"

    /// Every kind's name, in the order DESIGN.md lists them.
    public static let names = allCases.map(\.rawValue)

    /// Job openings and skills needs read the matching pool.
    public var readsThePool: Bool { self == .jobOpening || self == .skillsNeed }
    /// Credential batches and erasures change it.
    public var changesThePool: Bool { self == .credentialBatch || self == .erasePerson }
}
