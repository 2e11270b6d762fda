/// What the engine looks up for every credential, computed once per framework set: the
/// regions each country belongs to, every agreement, tokenised qualification titles, and per
/// destination its frameworks and the notes that belong in a result's basis.
struct EngineIndex: Sendable {
    struct Destination: Sendable {
        var frameworks: [Framework]
        var referencedToEQF: Bool
        var notes: [String]
        /// The destination's countries and the regions they belong to, for agreements.
        var parties: Set<String>
    }

    let agreements: [Agreement]
    private let regions: [String: Set<String>]
    private let typeTokens: [LevelReference: [(type: QualificationType, tokens: Set<String>)]]
    private let destinations: [String: Destination]

    init(_ set: FrameworkSet) {
        agreements = set.sortedFrameworks.flatMap(\.agreements)
        var regions: [String: Set<String>] = [:]
        var tokens: [LevelReference: [(QualificationType, Set<String>)]] = [:]
        for f in set.sortedFrameworks {
            let linked = Set(f.bridges.compactMap { set.framework($0.target.framework)?.region })
            for country in f.countries { regions[country, default: [country]].formUnion(linked) }
            for level in f.levels {
                tokens[LevelReference(framework: f.id, level: level.id)] = level.qualificationTypes.map { ($0, QualificationFit.tokens($0.title)) }
            }
        }
        self.regions = regions
        self.typeTokens = tokens
        var destinations: [String: Destination] = [:]
        var names = Set(set.frameworks.keys)
        for f in set.sortedFrameworks {
            for country in f.countries {
                names.insert(country)
                if let dash = country.firstIndex(of: "-") { names.insert(String(country[..<dash])) }
            }
        }
        for name in names {
            let frameworks = set.framework(name).map { [$0] }
                ?? set.sortedFrameworks.filter { f in f.countries.contains { $0 == name || $0.hasPrefix(name + "-") } }
            let european = frameworks.contains { t in t.bridges.contains { set.framework($0.target.framework)?.region == "EU" } }
            let notes = frameworks.flatMap { f in
                f.notes.filter { $0.contains("entitlement") || $0.contains("recognition") }.map { "\(f.id): \($0)" }
            }
            let parties = Set(frameworks.flatMap { f in f.countries.flatMap { regions[$0] ?? [$0] } })
            destinations[name] = Destination(frameworks: frameworks, referencedToEQF: european, notes: notes, parties: parties)
        }
        self.destinations = destinations
    }

    func destination(_ name: String) -> Destination? { destinations[name] }

    /// The country itself and the regions its frameworks are bridged to (PH → ASEAN).
    func parties(country: String) -> Set<String> { regions[country] ?? [country] }

    func qualificationTypes(_ level: LevelReference) -> [(type: QualificationType, tokens: Set<String>)] {
        typeTokens[level] ?? []
    }
}
