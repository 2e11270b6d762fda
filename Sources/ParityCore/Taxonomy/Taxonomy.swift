/// Skills and occupations keyed by ESCO URIs, and the ISCO-08 hierarchy. Imported from a
/// taxonomy document alongside the frameworks.
public struct Taxonomy: Sendable, Hashable {
    public var id: String
    public var version: String
    public var date: String
    /// Text that must be shown wherever the data is shipped or displayed.
    public var attribution: String
    public var iscoGroups: [IscoGroup]
    public var skills: [Skill]
    public var occupations: [Occupation]
    public var location: SourcePosition

    public init(
        id: String, version: String, date: String, attribution: String, iscoGroups: [IscoGroup] = [],
        skills: [Skill] = [], occupations: [Occupation] = [], location: SourcePosition = .unknown
    ) {
        self.id = id; self.version = version; self.date = date; self.attribution = attribution
        self.iscoGroups = iscoGroups; self.skills = skills; self.occupations = occupations
        self.location = location
    }
}

/// An ISCO-08 group: 1 digit major, 2 sub-major, 3 minor, 4 unit group.
public struct IscoGroup: Sendable, Hashable {
    public var code: String
    public var label: String
    public init(code: String, label: String) { self.code = code; self.label = label }

    /// The enclosing group's code (`2221` → `222`), nil for a major group.
    public var parentCode: String? { code.count > 1 ? String(code.dropLast()) : nil }
}

public struct Skill: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable { case skill, knowledge }
    public var uri: String
    public var kind: Kind
    public var label: String
    public var altLabels: [String]
    public init(uri: String, kind: Kind, label: String, altLabels: [String] = []) {
        self.uri = uri; self.kind = kind; self.label = label; self.altLabels = altLabels
    }
}

public struct Occupation: Sendable, Hashable {
    public var uri: String
    public var label: String
    public var altLabels: [String]
    /// The ISCO-08 unit group, where the data gives it.
    public var isco: String?
    public var essentialSkills: [String]
    public init(
        uri: String, label: String, altLabels: [String] = [], isco: String? = nil, essentialSkills: [String] = []
    ) {
        self.uri = uri; self.label = label; self.altLabels = altLabels; self.isco = isco
        self.essentialSkills = essentialSkills
    }
}
