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

    public var from: LevelReference
    public var target: Target
    public var kind: Kind
    public var provenance: Provenance
    public var note: String?
    public var location: SourcePosition

    public init(
        from: LevelReference, target: Target, kind: Kind, provenance: Provenance, note: String? = nil,
        location: SourcePosition = .unknown
    ) {
        self.from = from; self.target = target; self.kind = kind; self.provenance = provenance
        self.note = note; self.location = location
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
