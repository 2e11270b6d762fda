/// A mutual recognition arrangement or bilateral labour agreement that covers a corridor and
/// some occupations. It is reported with its conditions; it never grants recognition by itself.
public struct Agreement: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case mutualRecognition = "mutual-recognition"
        case bilateralLabour = "bilateral-labour"
        case governmentToGovernment = "government-to-government"
    }
    public var id: String
    public var name: String
    public var kind: Kind
    /// Countries (ISO 3166) or regions that are party to it.
    public var parties: [String]
    /// ISCO-08 codes (any level of the hierarchy) it covers.
    public var occupations: [String]
    public var conditions: [String]
    public var provenance: Provenance
    public var location: SourcePosition

    public init(
        id: String, name: String, kind: Kind, parties: [String], occupations: [String],
        conditions: [String], provenance: Provenance, location: SourcePosition = .unknown
    ) {
        self.id = id; self.name = name; self.kind = kind; self.parties = parties
        self.occupations = occupations; self.conditions = conditions; self.provenance = provenance
        self.location = location
    }
}

/// An occupation whose practice is regulated in a jurisdiction: recognition for the right to
/// practise is decided by the named competent authority, never by Parity.
public struct RegulatedProfession: Sendable, Hashable {
    public var isco: String
    public var title: String
    public var jurisdiction: String
    public var authority: String
    public var provenance: Provenance
    public var location: SourcePosition

    public init(
        isco: String, title: String, jurisdiction: String, authority: String, provenance: Provenance,
        location: SourcePosition = .unknown
    ) {
        self.isco = isco; self.title = title; self.jurisdiction = jurisdiction
        self.authority = authority; self.provenance = provenance; self.location = location
    }
}
