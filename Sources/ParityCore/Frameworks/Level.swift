/// One level of a framework, with what it is expected to mean and what is awarded at it.
public struct Level: Sendable, Hashable {
    public var id: String
    /// Position in the framework, 1 = lowest. Entry levels may share the order space (e.g. 0).
    public var order: Int
    public var name: String
    public var status: Provenance.Status
    /// Labels of an older numbering that still appear on certificates (France 1969: V, IV, III...).
    public var legacyLabels: [String]
    public var descriptors: [Descriptor]
    /// Typical ISCED 2011 level(s): the weakest kind of bridge, `classification`.
    public var isced: [IscedAssignment]
    public var qualificationTypes: [QualificationType]
    /// Its URI in the EU's QDR vocabulary of NQF levels, where the vocabulary has one: how a
    /// European Digital Credential names it (`nqfLevel`).
    public var qdr: String?
    public var location: SourcePosition

    public init(
        id: String, order: Int, name: String, status: Provenance.Status = .confirmed,
        legacyLabels: [String] = [], descriptors: [Descriptor] = [], isced: [IscedAssignment] = [],
        qualificationTypes: [QualificationType] = [], location: SourcePosition = .unknown
    ) {
        self.id = id; self.order = order; self.name = name; self.status = status
        self.legacyLabels = legacyLabels; self.descriptors = descriptors; self.isced = isced
        self.qualificationTypes = qualificationTypes; self.location = location
    }
}

/// A level descriptor in one of the three domains used by EQF-style frameworks.
public struct Descriptor: Sendable, Hashable {
    public enum Domain: String, Sendable, Hashable, CaseIterable {
        case knowledge, skills
        case autonomyResponsibility = "autonomy-responsibility"
    }
    public var domain: Domain
    public var text: String
    public init(domain: Domain, text: String) { self.domain = domain; self.text = text }
}

/// The typical ISCED 2011 level (0-8) of a framework level, with where that assignment comes from.
public struct IscedAssignment: Sendable, Hashable {
    public var level: Int
    public var provenance: Provenance
    public init(level: Int, provenance: Provenance) { self.level = level; self.provenance = provenance }
}

/// A named qualification awarded at a level ("Honours Bachelor Degree", "Certificate III").
public struct QualificationType: Sendable, Hashable {
    public var id: String?
    public var title: String
    public var workload: Workload?
    /// ISCED-F 2013 detailed field (4 digits) where the type is tied to one field.
    public var field: String?
    /// ISCO-08 groups the qualification prepares for, where the framework says so.
    public var occupations: [String]
    /// How someone with experience but no diploma can be assessed for it (recognition of prior
    /// learning, an external examination), where the framework's data says so.
    public var assessments: [Assessment]
    public var status: Provenance.Status

    public init(
        id: String? = nil, title: String, workload: Workload? = nil, field: String? = nil, occupations: [String] = [],
        assessments: [Assessment] = [], status: Provenance.Status = .confirmed
    ) {
        self.id = id; self.title = title; self.workload = workload; self.field = field; self.occupations = occupations
        self.assessments = assessments; self.status = status
    }
}

/// A route to a qualification through assessment rather than a course: who assesses, and how.
public struct Assessment: Sendable, Hashable {
    /// The assessing or awarding body, as a person would look it up.
    public var body: String
    /// What the route is (e.g. "professional qualification examination").
    public var description: String
    public var provenance: Provenance

    public init(body: String, description: String, provenance: Provenance) {
        self.body = body; self.description = description; self.provenance = provenance
    }
}

/// How much learning a qualification represents.
public enum Workload: Sendable, Hashable {
    /// Credits in a named system (`ECTS`, `SCQF`, `HKQF`, `NCrF`...).
    case credits(system: String, value: Double)
    /// Nominal full-time duration.
    case durationYears(Double)
}
