public import ParityCore

/// What a returning migrant asks for (DESIGN.md §7, `letter-request`): a statement of how
/// their credential compares in a destination, in one of the languages of `LetterLanguage`.
public struct LetterRequest: Sendable, Hashable {
    public var id: String
    public var person: Person
    public var credential: Credential
    public var destination: String
    public var language: LetterLanguage

    public init(id: String, person: Person, credential: Credential, destination: String, language: LetterLanguage) {
        self.id = id; self.person = person; self.credential = credential; self.destination = destination;
        self.language = language
    }
}

/// The languages a letter's labels are written in (`LetterText`); the data's own sentences
/// stay in the data's language.
public enum LetterLanguage: String, Sendable, Hashable, CaseIterable {
    case en, fr, es, de, pt, ar

    /// Arabic letters are laid out from the right.
    public var isRightToLeft: Bool { self == .ar }
}

/// An equivalence letter's content: the fields of a statement of comparability
/// (../shared/reference/recognition.md §3.4) taken from the engine's equivalence result.
/// This is what is signed; the PDF prints the same content.
public struct Letter: Sendable, Hashable {
    public struct Qualification: Sendable, Hashable {
        public var title: String
        public var awardingBody: String?
        public var country: String
        public var framework: String?
        public var level: String?
        public var awarded: String?
    }
    public struct Comparable: Sendable, Hashable {
        public var framework: String
        public var level: String
        public var levelName: String
        public var closestQualification: String?
        /// Reached through confirmed bridges only.
        public var confirmed: Bool
    }
    public struct Authority: Sendable, Hashable {
        public var profession: String
        public var authority: String
        public var jurisdiction: String
        /// "confirmed" or "inferred" (../shared/reference provenance).
        public var status: String
    }

    public static let format = "parity-equivalence-letter-1"

    public var id: String
    public var language: LetterLanguage
    public var issued: String
    public var issuer: String
    public var holderId: String
    public var holderName: String?
    public var qualification: Qualification
    /// How the credential's authenticity was established (signed, and printed).
    public var authenticity: LetterAuthenticity
    /// The meta-framework levels the origin level is referenced to ("EQF 6").
    public var referenceLevels: [LevelReference]
    public var destination: String
    public var outcome: EquivalenceResult.Outcome
    public var comparable: Comparable?
    public var conditions: [Condition]
    public var basis: [String]
    public var authorities: [Authority]
    /// What the result rests on: the engine's version, then each framework's id, version and
    /// content hash.
    public var versions: [String]

    /// The letter for a request, from the engine's result for its credential and destination.
    /// `isMetaFramework` tells which frameworks on the path are reference frameworks (EQF, AQRF...).
    /// A destination requirement as the letter states it, in the words of its data (English,
    /// like the rest of the basis): what, who decides, since when, who pays, and its status.
    static func sentence(_ r: RequirementNote) -> String {
        var parts = ["Requirement of the destination (\(r.kind.rawValue)): \(r.what) Authority: \(r.authority)."]
        if let since = r.since { parts.append("Since \(since).") }
        if let paidBy = r.paidBy { parts.append("Paid by: \(paidBy).") }
        if let met = r.metBy { parts.append("Met by: \(met).") }
        parts.append("Status: \(r.status.rawValue); source: \(r.source).")
        return parts.joined(separator: " ")
    }

    public init(
        request: LetterRequest, result: EquivalenceResult, issued: String, issuer: String,
        isMetaFramework: (String) -> Bool
    ) {
        id = request.id
        language = request.language
        self.issued = issued
        self.issuer = issuer
        holderId = request.person.id
        holderName = request.person.name
        let c = request.credential
        authenticity = LetterAuthenticity(c)
        qualification = Qualification(
            title: c.title, awardingBody: c.awardingBody, country: c.country,
            framework: result.origin?.framework ?? c.framework,
            level: result.origin?.level ?? c.level, awarded: c.awarded)
        var references: [LevelReference] = []
        for node in result.path.flatMap({ [$0.from, $0.to] })
        where isMetaFramework(node.framework) && !references.contains(node) {
            references.append(node)
        }
        referenceLevels = references
        destination = result.destination
        outcome = result.outcome
        comparable = result.equivalents.first.map {
            Comparable(
                framework: $0.framework, level: $0.level, levelName: $0.levelName,
                closestQualification: $0.closestQualification, confirmed: $0.confirmed)
        }
        conditions = result.equivalents.first?.conditions ?? []
        basis = result.basis + result.requirements.map(Self.sentence)
        authorities = result.competentAuthorities.map {
            Authority(
                profession: $0.profession, authority: $0.authority, jurisdiction: $0.jurisdiction,
                status: $0.status.rawValue)
        }
        versions =
            ["engine \(result.versions.engine)"]
            + result.versions.data.map { "\($0.id) \($0.version) \($0.contentHash)" }
    }
}
