/// What the engine looks up for every credential, computed once per framework set: the
/// regions each country belongs to, every agreement, tokenised qualification titles, and per
/// destination its frameworks and the notes that belong in a result's basis.
struct EngineIndex: Sendable {
    /// Shared, not copied: every credential of a batch looks its destination up.
    final class Destination: Sendable {
        let frameworks: [Framework]
        let ids: Set<String>
        /// The data versions of the destination's frameworks, in id order (as `FrameworkSet.versions`).
        let versions: [DataVersion]
        /// The regulated professions of the destination's frameworks.
        let professions: [RegulatedProfession]
        let referencedToEQF: Bool
        let notes: [String]
        /// Agreements with a party in the destination: the only ones a result there can cite.
        let agreements: [Agreement]
        /// The destination's countries and the regions they belong to, for agreements.
        let parties: Set<String>

        init(
            frameworks: [Framework], versions: [DataVersion], referencedToEQF: Bool, notes: [String],
            agreements: [Agreement], parties: Set<String>
        ) {
            self.frameworks = frameworks
            self.ids = Set(frameworks.map(\.id))
            self.versions = versions.filter { v in frameworks.contains { $0.id == v.id } }
            self.professions = frameworks.flatMap(\.regulatedProfessions)
            self.referencedToEQF = referencedToEQF
            self.notes = notes
            self.agreements = agreements.filter { !parties.isDisjoint(with: $0.parties) }
            self.parties = parties
        }
    }

    private let regions: [String: Set<String>]
    private let typeTokens: [LevelReference: [(type: QualificationType, tokens: Set<String>)]]
    private let destinations: [String: Destination]

    init(_ set: FrameworkSet) {
        let agreements = set.sortedFrameworks.flatMap(\.agreements)
        var regions: [String: Set<String>] = [:]
        var tokens: [LevelReference: [(QualificationType, Set<String>)]] = [:]
        for f in set.sortedFrameworks {
            let linked = Set(f.bridges.compactMap { set.framework($0.target.framework)?.region })
            for country in f.countries { regions[country, default: [country]].formUnion(linked) }
            for level in f.levels {
                tokens[LevelReference(framework: f.id, level: level.id)] = level.qualificationTypes.map {
                    ($0, QualificationFit.tokens($0.title))
                }
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
            let frameworks =
                set.framework(name).map { [$0] }
                ?? set.sortedFrameworks.filter { f in f.countries.contains { $0 == name || $0.hasPrefix(name + "-") } }
            let european = frameworks.contains { t in
                t.bridges.contains { set.framework($0.target.framework)?.region == "EU" }
            }
            let notes = frameworks.flatMap { f in
                f.notes.filter { $0.contains("entitlement") || $0.contains("recognition") }.map { "\(f.id): \($0)" }
            }
            let parties = Set(frameworks.flatMap { f in f.countries.flatMap { regions[$0] ?? [$0] } })
            destinations[name] = Destination(
                frameworks: frameworks, versions: set.versions, referencedToEQF: european, notes: notes,
                agreements: agreements, parties: parties)
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
