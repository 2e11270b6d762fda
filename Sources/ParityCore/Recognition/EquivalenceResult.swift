/// What the engine concludes for one credential and destination (DESIGN.md §4, §7).
/// Every field is deterministic: the same credential and data give byte-identical JSON.
public struct EquivalenceResult: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        case comparable
        case comparableWithConditions = "comparable-with-conditions"
        case indicative
        case notComparable = "not-comparable"
        case noMapping = "no-mapping"
        case insufficientInformation = "insufficient-information"
    }

    public var outcome: Outcome
    public var destination: String
    /// Ranked best first.
    public var equivalents: [Equivalent]
    /// The strongest path to the best equivalent.
    public var path: [PathStep]
    /// Why: the rules and facts the outcome rests on, as sentences.
    public var basis: [String]
    public var origin: LevelReference?
    public var agreements: [AgreementNote]
    public var competentAuthorities: [AuthorityNote]
    /// What the destination requires of a worker in this occupation besides a level (trade
    /// tests, verifications, skill classes, licences), whatever the level outcome.
    public var requirements: [RequirementNote]
    public var versions: Versions

    public init(
        outcome: Outcome, destination: String, equivalents: [Equivalent], path: [PathStep], basis: [String],
        origin: LevelReference?,
        agreements: [AgreementNote], competentAuthorities: [AuthorityNote], requirements: [RequirementNote] = [],
        versions: Versions
    ) {
        self.outcome = outcome; self.destination = destination; self.equivalents = equivalents; self.path = path
        self.basis = basis; self.origin = origin; self.agreements = agreements
        self.competentAuthorities = competentAuthorities; self.requirements = requirements; self.versions = versions
    }
}

public struct Equivalent: Sendable, Hashable, Codable {
    public var framework: String
    public var level: String
    public var levelName: String
    /// The destination qualification type that fits best, if the level names any.
    public var closestQualification: String?
    public var score: Double
    public var confidence: Double
    /// Reached through confirmed bridges only (referencing, joint comparison or bilateral):
    /// only such an equivalent can be `comparable`; otherwise it is indicative.
    public var confirmed: Bool
    public var components: [ScoreComponent]
    public var conditions: [Condition]
    public var path: [PathStep]

    public init(
        framework: String, level: String, levelName: String, closestQualification: String?, score: Double,
        confidence: Double,
        confirmed: Bool, components: [ScoreComponent], conditions: [Condition], path: [PathStep]
    ) {
        self.framework = framework; self.level = level; self.levelName = levelName;
        self.closestQualification = closestQualification
        self.score = score; self.confidence = confidence; self.confirmed = confirmed; self.components = components
        self.conditions = conditions; self.path = path
    }
}

/// One scored aspect, with the sentence that explains it.
public struct ScoreComponent: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double
    public var weight: Double
    public var explanation: String

    public init(name: String, value: Double, weight: Double, explanation: String) {
        self.name = name; self.value = value; self.weight = weight; self.explanation = explanation
    }
}

/// A substantial difference and the measure that would close it.
public struct Condition: Sendable, Hashable, Codable {
    public enum Measure: String, Sendable, Hashable, Codable, CaseIterable {
        case adaptationPeriod = "adaptation-period"
        case aptitudeTest = "aptitude-test"
        case bridgingCourse = "bridging-course"
        case rplAssessment = "rpl-assessment"
        case documentVerification = "document-verification"
        case competentAuthorityDecision = "competent-authority-decision"
    }
    public var difference: String
    public var measure: Measure

    public init(difference: String, measure: Measure) { self.difference = difference; self.measure = measure }
}

public struct PathStep: Sendable, Hashable, Codable {
    public var from: LevelReference
    public var to: LevelReference
    public var kind: Bridge.Kind
    public var status: Provenance.Status
    public var source: String
    /// True where the bridge was published in the other direction and is read backwards.
    public var reversed: Bool

    public init(
        from: LevelReference, to: LevelReference, kind: Bridge.Kind, status: Provenance.Status, source: String,
        reversed: Bool
    ) {
        self.from = from; self.to = to; self.kind = kind; self.status = status; self.source = source;
        self.reversed = reversed
    }
}

public struct AgreementNote: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var conditions: [String]

    public init(id: String, name: String, conditions: [String]) {
        self.id = id; self.name = name; self.conditions = conditions
    }
}

public struct AuthorityNote: Sendable, Hashable, Codable {
    public var isco: String
    public var profession: String
    public var jurisdiction: String
    public var authority: String
    public var status: Provenance.Status

    public init(isco: String, profession: String, jurisdiction: String, authority: String, status: Provenance.Status) {
        self.isco = isco; self.profession = profession; self.jurisdiction = jurisdiction; self.authority = authority;
        self.status = status
    }
}

public struct Versions: Sendable, Hashable, Codable {
    public var engine: String
    public var data: [DataVersion]
    public init(engine: String, data: [DataVersion]) { self.engine = engine; self.data = data }
}

extension Bridge.Kind: Codable {}
extension Provenance.Status: Codable {}
