/// Maps a credential to its equivalents in a destination (DESIGN.md §4): locate the origin
/// level, follow the strongest bridges, score each candidate level with explained components,
/// decide the outcome, and say why. Pure and deterministic.
public struct RecognitionEngine: Sendable {
    public static let version = "parity-recognition-1"

    public let set: FrameworkSet
    let graph: BridgeGraph
    let profiles: SkillProfiles

    public init(set: FrameworkSet) {
        self.set = set
        self.graph = BridgeGraph(set)
        self.profiles = SkillProfiles(set.taxonomies)
    }

    /// The frameworks a destination names: a framework id, a country (ISO 3166-1, which also
    /// covers its ISO 3166-2 subdivisions: `GB` → England, Wales, Scotland...), or a subdivision.
    public func destinationFrameworks(_ destination: String) -> [Framework] {
        if let framework = set.framework(destination) { return [framework] }
        return set.sortedFrameworks.filter { f in f.countries.contains { $0 == destination || $0.hasPrefix(destination + "-") } }
    }

    public func recognise(_ credential: Credential, destination: String) throws(RecognitionError) -> EquivalenceResult {
        let targets = destinationFrameworks(destination)
        guard !targets.isEmpty else { throw .unknownDestination(destination, known: set.sortedFrameworks.map(\.id)) }
        var result = EquivalenceResult(
            outcome: .insufficientInformation, destination: destination, equivalents: [], path: [], basis: [],
            origin: nil, agreements: [], competentAuthorities: [], versions: Versions(engine: Self.version, data: set.versions))
        result.competentAuthorities = authorities(for: credential.occupation, in: targets)
        result.agreements = agreements(for: credential, destination: targets)

        let origin: OriginLocation
        switch OriginLocator(set: set).locate(credential) {
        case .failure(let reason):
            result.basis = [reason.description] + rplRoute(credential)
            return result
        case .success(let located):
            origin = located
        }
        result.origin = origin.levels.first.map { LevelReference(framework: origin.framework.id, level: $0.id) }
        result.basis.append(contentsOf: origin.notes)

        let targetIds = Set(targets.map(\.id))
        // Per destination level: the strongest route of any kind (its confidence) and, where one
        // exists, the strongest confirmed route (the path shown, and what allows `comparable`).
        var strongest: [LevelReference: BridgeGraph.Route] = [:]
        var confirmed: [LevelReference: BridgeGraph.Route] = [:]
        var refusals: [Bridge] = []
        for level in origin.levels {
            let from = LevelReference(framework: origin.framework.id, level: level.id)
            if targetIds.contains(origin.framework.id) {
                strongest[from] = BridgeGraph.Route(steps: [], confidence: 1)
                confirmed[from] = strongest[from]
            }
            let blocked = targets.flatMap { graph.noAgreedLevel(from: from, into: $0.id) }
            refusals += blocked
            let open = targetIds.subtracting(blocked.map(\.target.framework))
            for (to, route) in graph.routes(from: from, to: open) where route.confidence > (strongest[to]?.confidence ?? 0) {
                strongest[to] = route
            }
            for (to, route) in graph.routes(from: from, to: open, confirmedOnly: true) where route.confidence > (confirmed[to]?.confidence ?? 0) {
                confirmed[to] = route
            }
        }
        if strongest.isEmpty {
            result.outcome = .noMapping
            result.basis += refusals.isEmpty
                ? ["No bridge connects \(origin.framework.id) level \(origin.levels.map(\.id).joined(separator: "/")) to \(targetIds.sorted().joined(separator: ", ")): no equivalence is stated rather than a guess."]
                : refusals.map { "The publishers compared \($0.from) with \($0.target.framework) and agreed no comparable level\($0.note.map { ": \($0)" } ?? "") (\($0.provenance.source))." }
            return result
        }
        let scorer = EquivalentScorer(credential: credential, profiles: profiles, originFactor: origin.confidenceFactor)
        var equivalents = strongest.compactMap { reference, route -> Equivalent? in
            guard let framework = set.framework(reference.framework), let level = framework.level(reference.level) else { return nil }
            return scorer.equivalent(
                framework: framework, level: level, route: confirmed[reference] ?? route, confidence: route.confidence,
                authorities: result.competentAuthorities)
        }
        // Confirmed equivalents first, then by score, confidence and id (deterministic).
        equivalents.sort {
            if $0.confirmed != $1.confirmed { return $0.confirmed }
            if ($0.score, $0.confidence) != ($1.score, $1.confidence) { return ($0.score, $0.confidence) > ($1.score, $1.confidence) }
            return ($0.framework, $0.level) < ($1.framework, $1.level)
        }
        result.equivalents = equivalents
        result.path = equivalents.first?.path ?? []

        let confirmedData = equivalents.first?.confirmed == true && origin.framework.status == .confirmed
            && origin.levels.allSatisfy { $0.status == .confirmed }
        if !confirmedData {
            result.outcome = .indicative
            result.basis.append("Only unconfirmed or classification (typical ISCED level) links connect these frameworks: the equivalents are likely, for a manual statement of comparability, not a decision.")
        } else if equivalents.first.map({ !$0.conditions.isEmpty }) == true {
            result.outcome = .comparableWithConditions
        } else {
            result.outcome = .comparable
        }
        let european = targets.contains { t in t.bridges.contains { set.framework($0.target.framework)?.region == "EU" } }
        result.basis += Basis.sentences(outcome: result.outcome, targets: targets, referencedToEQF: european, path: result.path)
        result.basis += rplRoute(credential)
        return result
    }

    private func rplRoute(_ credential: Credential) -> [String] {
        guard credential.mode != .formal else { return [] }
        return [Basis.recognitionOfPriorLearning]
    }

    private func authorities(for occupation: String?, in targets: [Framework]) -> [AuthorityNote] {
        guard let occupation, !occupation.isEmpty else { return [] }
        return targets.flatMap(\.regulatedProfessions)
            .filter { occupation.hasPrefix($0.isco) || $0.isco.hasPrefix(occupation) }
            .map { AuthorityNote(isco: $0.isco, profession: $0.title, jurisdiction: $0.jurisdiction, authority: $0.authority, status: $0.provenance.status) }
            .sorted { ($0.jurisdiction, $0.isco) < ($1.jurisdiction, $1.isco) }
    }

    /// Agreements whose parties cover both the origin and the destination and whose
    /// occupations cover the credential's. A country belongs to a region when one of its
    /// frameworks is bridged to that region's framework.
    private func agreements(for credential: Credential, destination targets: [Framework]) -> [AgreementNote] {
        guard let occupation = credential.occupation, !occupation.isEmpty else { return [] }
        func parties(country: String) -> Set<String> {
            var result: Set<String> = [country]
            for f in set.frameworks(forCountry: country) {
                for b in f.bridges { if let region = set.framework(b.target.framework)?.region { result.insert(region) } }
            }
            return result
        }
        let origin = parties(country: credential.country)
        let destination = Set(targets.flatMap { t in t.countries.flatMap { parties(country: $0) } })
        return set.sortedFrameworks.flatMap(\.agreements).filter { a in
            let covered = a.occupations.contains { occupation.hasPrefix($0) || $0.hasPrefix(occupation) }
            return covered && !origin.isDisjoint(with: a.parties) && !destination.isDisjoint(with: a.parties)
        }.map { AgreementNote(id: $0.id, name: $0.name, conditions: $0.conditions) }
    }
}

public enum RecognitionError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownDestination(String, known: [String])

    public var description: String {
        switch self {
        case .unknownDestination(let destination, let known):
            "no framework for destination '\(destination)': give a country code (ISO 3166-1 or 3166-2) or a framework id (\(known.joined(separator: ", ")))"
        }
    }
}
