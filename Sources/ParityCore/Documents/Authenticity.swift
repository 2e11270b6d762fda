/// How far a document's authenticity was established, modelled on ETSI EN 319 102-1 and the
/// Europass verifier's steps: each step says what was checked, and what could not be (offline,
/// without the data it needs), so that nobody reads "not checked" as "checked".
///
/// - `verified`: every step passed: the seal is intact, its signer's chain reaches a trust
///   anchor at the signing time, which is proven, and the signer was not revoked.
/// - `failed`: the document was changed after it was sealed, its signature's form breaks the
///   rules (an unknown critical header), or its signer's certificate was not valid when it
///   signed. A failed document is never used.
/// - `indeterminate`: the seal is intact, but who sealed it, or when, cannot be established
///   from what Parity holds; the steps say what is missing.
/// - `unsigned`: the document carries no signature.
public struct Authenticity: Sendable, Hashable, Encodable {
    public enum Verdict: String, Sendable, Hashable, Encodable, CaseIterable {
        case verified, failed, indeterminate, unsigned
    }

    /// The steps of a seal's check. `owner` is the message's, not the seal's: it is added where a
    /// document arrives in a message (its holder compared with the message's person) and does
    /// not change the verdict; a holder that differs refuses the document instead.
    public enum StepName: String, Sendable, Hashable, Encodable, CaseIterable {
        case format, seal, chain, revocation
        case signingTime = "signing-time"
        case expiry, owner
    }

    public enum Status: String, Sendable, Hashable, Encodable, CaseIterable {
        case ok, error, skipped
    }

    public struct Step: Sendable, Hashable, Encodable {
        public var step: StepName
        public var status: Status
        public var detail: String

        public init(_ step: StepName, _ status: Status, _ detail: String) {
            self.step = step; self.status = status; self.detail = detail
        }
    }

    /// The signer's certificate: whom it names, who issued it, its serial number (hex).
    public struct Signer: Sendable, Hashable, Encodable {
        public var subject: String
        public var issuer: String
        public var serial: String

        public init(subject: String, issuer: String, serial: String) {
            self.subject = subject; self.issuer = issuer; self.serial = serial
        }
    }

    /// The trusted list entry the chain ends at: the list, the trust service, its status then.
    public struct TrustAnchor: Sendable, Hashable, Encodable {
        public var list: String
        public var service: String
        public var status: String

        public init(list: String, service: String, status: String) {
            self.list = list; self.service = service; self.status = status
        }
    }

    public var verdict: Verdict
    public var steps: [Step]
    public var signer: Signer?
    /// When the signer says it signed (ISO 8601), as the signature states it.
    public var signedAt: String?
    public var trustAnchor: TrustAnchor?

    public init(
        verdict: Verdict, steps: [Step], signer: Signer? = nil, signedAt: String? = nil,
        trustAnchor: TrustAnchor? = nil
    ) {
        self.verdict = verdict; self.steps = steps; self.signer = signer; self.signedAt = signedAt
        self.trustAnchor = trustAnchor
    }

    /// A document that carries no signature.
    public static let unsigned = Authenticity(
        verdict: .unsigned, steps: [Step(.seal, .skipped, "the document carries no signature")])

    /// The verdict the steps give: any error fails the document, except where a step's error
    /// only means that time or trust could not be proven (`inconclusive`); any skipped step
    /// leaves it indeterminate; all passed is verified.
    public static func verdict(of steps: [Step], inconclusive: Set<StepName> = []) -> Verdict {
        if steps.contains(where: { $0.status == .error && !inconclusive.contains($0.step) }) { return .failed }
        if steps.contains(where: { $0.status != .ok }) { return .indeterminate }
        return .verified
    }

    /// The first step that failed, or else the first that could not be made: what a refusal
    /// or a letter names.
    public var reason: Step? {
        steps.first { $0.status == .error } ?? steps.first { $0.status == .skipped }
    }
}
