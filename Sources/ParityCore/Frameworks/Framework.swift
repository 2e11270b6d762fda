/// A qualifications framework as published: a national framework (Irish NFQ, German DQR, ...),
/// a regional one, or a meta-framework that others are referenced to (EQF, AQRF, SADCQF, ACQF).
public struct Framework: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable { case national, regional, meta }

    /// Where the framework applies: one or more countries (ISO 3166-1 alpha-2 or ISO 3166-2,
    /// e.g. `GB-SCT`), or a named region for regional and meta frameworks (e.g. `EU`, `ASEAN`).
    public enum Scope: Sendable, Hashable {
        case countries([String])
        case region(String)
    }

    public var id: String
    public var name: String
    public var kind: Kind
    public var scope: Scope
    public var version: String
    /// Publication or data date, ISO 8601 (`YYYY-MM-DD`).
    public var date: String
    /// `unconfirmed` when the level structure itself is not verified (results then stay `indicative`).
    public var status: Provenance.Status
    public var sources: [String]
    public var notes: [String]
    public var levels: [Level]
    public var bridges: [Bridge]
    public var agreements: [Agreement]
    public var regulatedProfessions: [RegulatedProfession]
    /// The framework's name across its editions (`in-nsqf` for NSQF 2013 and NSQF 2023), and
    /// this edition's: levels are never compared across editions.
    public var family: String?
    public var edition: String?
    public var location: SourcePosition

    public init(
        id: String, name: String, kind: Kind, scope: Scope, version: String, date: String,
        status: Provenance.Status = .confirmed, sources: [String] = [], notes: [String] = [],
        levels: [Level] = [], bridges: [Bridge] = [], agreements: [Agreement] = [],
        regulatedProfessions: [RegulatedProfession] = [], location: SourcePosition = .unknown
    ) {
        self.id = id; self.name = name; self.kind = kind; self.scope = scope
        self.version = version; self.date = date; self.status = status
        self.sources = sources; self.notes = notes; self.levels = levels; self.bridges = bridges
        self.agreements = agreements; self.regulatedProfessions = regulatedProfessions
        self.location = location
    }

    /// The countries the framework applies to (empty for a region).
    public var countries: [String] {
        if case .countries(let codes) = scope { return codes }
        return []
    }

    public var region: String? {
        if case .region(let name) = scope { return name }
        return nil
    }

    public func level(_ id: String) -> Level? { levels.first { $0.id == id } }

    /// Levels whose legacy label (e.g. France's 1969 "niveau III") matches `label`.
    public func levels(withLegacyLabel label: String) -> [Level] {
        levels.filter { $0.legacyLabels.contains(label) }
    }
}
