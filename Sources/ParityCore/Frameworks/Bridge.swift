/// A level-to-level link between two frameworks, with its provenance. The kind orders trust:
/// an official referencing report beats a joint technical comparison, which beats a bilateral
/// agreement, which beats a typical-ISCED classification (weights: `BridgeGraph.factor`).
public struct Bridge: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case referencing
        case jointComparison = "joint-comparison"
        case bilateral
        case classification
    }

    public enum Target: Sendable, Hashable {
        /// The level the source level is comparable to.
        case level(LevelReference)
        /// The publishers compared the frameworks and explicitly found no comparable level
        /// (NZQF 8 and HKQF). The engine must answer `no-mapping`, never guess.
        case noAgreedLevel(framework: String)

        public var framework: String {
            switch self {
            case .level(let ref): ref.framework
            case .noAgreedLevel(let framework): framework
            }
        }
    }

    /// What an agreement's comparison is for: admission and further study, work, or the right
    /// to practise a regulated profession.
    public enum Purpose: String, Sendable, Hashable, CaseIterable, Codable {
        case academic, employment
        case professionalRegistration = "professional-registration"
    }

    /// A bridge that an agreement states for some qualifications of a level only (the India–UK
    /// MoU compares degrees, not levels), for one purpose, with named fields left out. It holds
    /// only for a credential it covers: the search never crosses it for anyone else.
    public struct Scope: Sendable, Hashable {
        public struct ExcludedField: Sendable, Hashable {
            /// ISCED-F 2013 code, 2 to 4 digits: a broad or narrow field covers its detailed fields.
            public var code: String
            public var name: String
            public init(code: String, name: String) { self.code = code; self.name = name }
        }
        /// A qualification the agreement compares: a word its title contains (case-insensitively)
        /// or a `qualification` id, on the side of the bridge it names (`from`, `to`, nil: both).
        public struct Covered: Sendable, Hashable {
            public enum Side: String, Sendable, Hashable, CaseIterable { case from, to }
            public var word: String
            public var side: Side?
            public init(_ word: String, side: Side? = nil) { self.word = word; self.side = side }
        }
        public var agreement: String
        public var purpose: Purpose
        /// Empty on a side: every qualification of that side's level.
        public var covers: [Covered]
        public var excluded: [ExcludedField]

        public init(agreement: String, purpose: Purpose, covers: [Covered] = [], excluded: [ExcludedField] = []) {
            self.agreement = agreement; self.purpose = purpose; self.covers = covers; self.excluded = excluded
        }

        /// The words that name a credential on one side: `reversed` for a credential of the
        /// bridge's target framework.
        public func words(reversed: Bool) -> [String] {
            covers.filter { $0.side == nil || $0.side == (reversed ? .to : .from) }.map(\.word)
        }

        /// The excluded field a credential's ISCED-F field falls in, if any.
        public func exclusion(of field: String?) -> ExcludedField? {
            guard let field else { return nil }
            return excluded.first { field.hasPrefix($0.code) }
        }

        /// Whether the credential is one of the qualifications the agreement compares.
        public func covers(title: String, qualification: String?, reversed: Bool) -> Bool {
            let words = words(reversed: reversed)
            if words.isEmpty { return true }
            let lowered = title.lowercased()
            return words.contains { word in qualification == word || lowered.contains(word.lowercased()) }
        }
    }

    public var from: LevelReference
    public var target: Target
    public var kind: Kind
    public var provenance: Provenance
    public var note: String?
    /// Set for an agreement's comparison of some qualifications only.
    public var scope: Scope?
    public var location: SourcePosition

    public init(
        from: LevelReference, target: Target, kind: Kind, provenance: Provenance, note: String? = nil,
        scope: Scope? = nil, location: SourcePosition = .unknown
    ) {
        self.from = from; self.target = target; self.kind = kind; self.provenance = provenance
        self.note = note; self.scope = scope; self.location = location
    }
}

/// A level of a framework, by ids: `ie-nfq` level `8`.
public struct LevelReference: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var framework: String
    public var level: String
    public init(framework: String, level: String) { self.framework = framework; self.level = level }
    public var description: String { "\(framework) \(level)" }
    public static func < (a: LevelReference, b: LevelReference) -> Bool {
        (a.framework, a.level) < (b.framework, b.level)
    }
}
