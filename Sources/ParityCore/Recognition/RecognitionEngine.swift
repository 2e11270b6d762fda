/// Maps a credential to its equivalents in a destination (DESIGN.md §4): locate the origin
/// level, follow the strongest bridges, score each candidate level with explained components,
/// decide the outcome, and say why. Pure and deterministic.
public struct RecognitionEngine: Sendable {
    public static let version = "parity-recognition-1"

    public let set: FrameworkSet
    let graph: BridgeGraph
    let profiles: SkillProfiles
    let routeCache = RouteCache()
    /// The ranking summaries of the candidates that entered a pool with this engine.
    let rankings = RankedRecognitions()
    let index: EngineIndex

    public init(set: FrameworkSet) {
        self.set = set
        self.graph = BridgeGraph(set)
        self.profiles = SkillProfiles(set.taxonomies)
        self.index = EngineIndex(set)
    }

    /// Taxonomy lookups for messages that name skills and occupations in ESCO terms.
    public func skillURI(forLabel label: String) -> String? { profiles.uri(forLabel: label) }
    public func isco(forOccupation uri: String) -> String? { profiles.isco(forOccupation: uri) }
    public func skillLabel(_ uri: String) -> String { profiles.label(uri) }

    /// The frameworks a destination names: a framework id, a country (ISO 3166-1, which also
    /// covers its ISO 3166-2 subdivisions: `GB` → England, Wales, Scotland...), or a subdivision.
    public func destinationFrameworks(_ destination: String) -> [Framework] {
        index.destination(destination)?.frameworks ?? []
    }

    /// The credential's equivalents in `destination`, and what the destination requires of a
    /// worker in its occupation coming from `origin` (default: the issuing country) on `day`
    /// (`YYYYMMDD`; nil: whatever the date), met or not by the occupational tests in `holding`
    /// (default: the credential itself).
    public func recognise(
        _ credential: Credential, destination: String, on day: Int32? = nil, origin: String? = nil,
        holding: [Credential]? = nil
    ) throws(RecognitionError) -> EquivalenceResult {
        let origin = origin ?? credential.country
        let holding = holding ?? [credential]
        guard let target = index.destination(destination), !target.frameworks.isEmpty else {
            if knowsRequirements(of: destination) {
                return requirementsOnly(credential, destination: destination, on: day, origin: origin, holding: holding)
            }
            throw .unknownDestination(destination, known: set.sortedFrameworks.map(\.id))
        }
        var result =
            credential.isOccupationalTest
            ? occupationalTest(credential, destination: destination, target: target)
            : levels(credential, destination: destination, target: target)
        result.requirements = requirements(
            destination: destination, occupation: credential.occupation, origin: origin, on: day, holding: holding)
        if !result.requirements.isEmpty {
            let country = requirementCountry(destination)
            let ids = Set(result.versions.data.map(\.id)).union(
                set.requirementCatalogues.filter { $0.destination == country }.map(\.id))
            result.versions.data = set.versions.filter { ids.contains($0.id) }
        }
        return result
    }

    private func levels(
        _ credential: Credential, destination: String, target: EngineIndex.Destination
    ) -> EquivalenceResult {
        var result = EquivalenceResult(
            outcome: .insufficientInformation, destination: destination, equivalents: [], path: [], basis: [],
            origin: nil, agreements: [], competentAuthorities: [], versions: Versions(engine: Self.version, data: []))
        result.competentAuthorities = authorities(for: credential.occupation, in: target)
        result.agreements = agreements(for: credential, destination: target)

        let origin: OriginLocation
        switch OriginLocator(set: set, index: index).locate(credential) {
        case .failure(let reason):
            result.basis = [reason.description] + rplRoute(credential)
            result.versions.data = versions(target, plus: credential.framework)
            return result
        case .success(let located):
            origin = located
        }
        result.origin = origin.levels.first.map { LevelReference(framework: origin.framework.id, level: $0.id) }
        result.basis.append(contentsOf: origin.notes)

        var routes = routeCache.routes(
            origin: origin.framework.id, levels: origin.levels.map(\.id), destination: destination
        ) { routesWithVersions(origin: origin, target: target) }
        // An agreement's comparison, for this credential only (never cached: it depends on its
        // title and field): one hop, used where it is stronger than the general routes.
        let agreed = AgreementRoutes(graph: graph, origin: origin, targets: target.ids, credential: credential)
        merge(agreed, into: &routes)
        result.basis += agreed.basis
        let (strongest, confirmed, refusals) = (routes.strongest, routes.confirmed, routes.refusals)
        if strongest.isEmpty {
            result.outcome = .noMapping
            result.basis += noMappingBasis(origin: origin, target: target, refusals: refusals)
            result.versions.data = versions(target, plus: origin.framework.id)
            return result
        }
        let scorer = EquivalentScorer(
            credential: credential, profiles: profiles, index: index, originFactor: origin.confidenceFactor)
        var equivalents = strongest.compactMap { reference, route -> Equivalent? in
            guard let framework = set.framework(reference.framework), let level = framework.level(reference.level)
            else { return nil }
            var equivalent = scorer.equivalent(
                framework: framework, level: level, route: confirmed[reference] ?? route, confidence: route.confidence,
                levelSentence: routes.levelSentences[reference] ?? "", authorities: result.competentAuthorities)
            if let excluded = agreed.fieldUnknown[reference] {
                equivalent.conditions.append(AgreementRoutes.unknownField(excluded))
            }
            return equivalent
        }
        // Confirmed equivalents first, then by score, confidence and id (deterministic).
        equivalents.sort {
            if $0.confirmed != $1.confirmed { return $0.confirmed }
            if ($0.score, $0.confidence) != ($1.score, $1.confidence) {
                return ($0.score, $0.confidence) > ($1.score, $1.confidence)
            }
            return ($0.framework, $0.level) < ($1.framework, $1.level)
        }
        result.equivalents = equivalents
        result.path = equivalents.first?.path ?? []

        // An agreement that compares qualification types (not levels) vouches for the credential
        // itself: where its route is the one shown, the origin level is only how it was found.
        let byAgreement = equivalents.first.map { e in
            agreed.strongest[LevelReference(framework: e.framework, level: e.level)]?.steps == e.path
        }
        result.outcome = outcome(of: equivalents, origin: origin, byAgreement: byAgreement ?? false)
        if result.outcome == .indicative {
            result.basis.append(
                "Only unconfirmed or classification (typical ISCED level) links connect these frameworks: the equivalents are likely, for a manual statement of comparability, not a decision."
            )
        }
        result.basis += Basis.sentences(outcome: result.outcome, referencedToEQF: target.referencedToEQF)
        result.basis += target.notes
        result.basis += rplRoute(credential)
        let usedSkills = equivalents.contains { $0.components.contains { $0.name == "skills" } }
        result.versions.data = usedSkills ? routes.versionsWithTaxonomy : routes.versions
        return result
    }

    /// An agreement's routes join the general ones where they are stronger.
    private func merge(_ agreed: AgreementRoutes, into routes: inout RouteCache.Routes) {
        for (reference, route) in agreed.strongest
        where route.confidence > (routes.strongest[reference]?.confidence ?? 0) {
            routes.strongest[reference] = route
            if route.isConfirmed { routes.confirmed[reference] = route }
            if let f = set.framework(reference.framework) {
                routes.levelSentences[reference] = EquivalentScorer.levelSentence(f, reference.level, route)
            }
        }
    }

    /// The routes from the origin's levels to the destination, with the data versions they
    /// use and each level's sentence: computed once per (origin levels, destination) and cached.
    private func routesWithVersions(origin: OriginLocation, target: EngineIndex.Destination) -> RouteCache.Routes {
        var found = searchRoutes(origin: origin, target: target)
        var ids = target.ids.union([origin.framework.id])
        for route in found.strongest.values {
            for step in route.steps { ids.insert(step.from.framework); ids.insert(step.to.framework) }
        }
        for route in found.confirmed.values {
            for step in route.steps { ids.insert(step.from.framework); ids.insert(step.to.framework) }
        }
        found.versions = versions(ids)
        found.versionsWithTaxonomy = versions(ids.union(set.taxonomies.map(\.id)))
        for (reference, route) in found.strongest {
            guard let framework = set.framework(reference.framework) else { continue }
            found.levelSentences[reference] = EquivalentScorer.levelSentence(
                framework, reference.level, found.confirmed[reference] ?? route)
        }
        return found
    }

    /// Why nothing connects: a level its publishers compared with a meta-framework and found no
    /// counterpart for (NLQF entry, NKR 1) reaches no destination, said as such; otherwise that
    /// no bridge exists.
    private func noMappingBasis(origin: OriginLocation, target: EngineIndex.Destination, refusals: [Bridge]) -> [String]
    {
        var refusals = refusals
        for level in origin.levels {
            for bridge in graph.noAgreedLevel(from: LevelReference(framework: origin.framework.id, level: level.id))
            where !refusals.contains(bridge) {
                refusals.append(bridge)
            }
        }
        if refusals.isEmpty {
            return [
                "No bridge connects \(origin.framework.id) level \(origin.levels.map(\.id).joined(separator: "/")) to \(target.ids.sorted().joined(separator: ", ")): no equivalence is stated rather than a guess."
            ]
        }
        return refusals.map {
            "The publishers compared \($0.from) with \($0.target.framework) and agreed no comparable level\($0.note.map { ": \($0)" } ?? "") (\($0.provenance.source))."
        }
    }

    /// Comparable needs confirmed data end to end: the origin's framework and level, every
    /// bridge of the route, and the destination's framework and level; with conditions when
    /// the best equivalent has any.
    private func outcome(
        of equivalents: [Equivalent], origin: OriginLocation, byAgreement: Bool
    ) -> EquivalenceResult.Outcome {
        let destinationConfirmed =
            equivalents.first.map { e in
                set.framework(e.framework).map { $0.status == .confirmed && $0.level(e.level)?.status == .confirmed }
                    ?? false
            } ?? false
        let confirmedData =
            equivalents.first?.confirmed == true && destinationConfirmed && origin.framework.status == .confirmed
            && (byAgreement || origin.levels.allSatisfy { $0.status == .confirmed })
        if !confirmedData { return .indicative }
        return equivalents.first.map({ !$0.conditions.isEmpty }) == true ? .comparableWithConditions : .comparable
    }

    /// The data versions of the documents a result used, in id order.
    private func versions(_ ids: Set<String>) -> [DataVersion] {
        set.versions.filter { ids.contains($0.id) }
    }

    /// The destination's data versions, with those of one more installed framework (the origin's).
    private func versions(_ target: EngineIndex.Destination, plus id: String?) -> [DataVersion] {
        guard let id, !target.ids.contains(id), let extra = set.versions.first(where: { $0.id == id }) else {
            return target.versions
        }
        var out = target.versions
        out.insert(extra, at: out.firstIndex { $0.id > id } ?? out.count)
        return out
    }

    /// Per destination level: the strongest route of any kind (its confidence) and, where one
    /// exists, the strongest confirmed route (the path shown, and what allows `comparable`).
    private func searchRoutes(origin: OriginLocation, target: EngineIndex.Destination) -> RouteCache.Routes {
        let (targets, targetIds) = (target.frameworks, target.ids)
        var routes = RouteCache.Routes()
        for level in origin.levels {
            let from = LevelReference(framework: origin.framework.id, level: level.id)
            if targetIds.contains(origin.framework.id) {
                routes.strongest[from] = BridgeGraph.Route(steps: [], confidence: 1)
                routes.confirmed[from] = routes.strongest[from]
            }
            let blocked = targets.flatMap { graph.noAgreedLevel(from: from, into: $0.id) }
            routes.refusals += blocked
            let open = targetIds.subtracting(blocked.map(\.target.framework))
            for (to, route) in graph.routes(from: from, to: open)
            where route.confidence > (routes.strongest[to]?.confidence ?? 0) {
                routes.strongest[to] = route
            }
            for (to, route) in graph.routes(from: from, to: open, confirmedOnly: true)
            where route.confidence > (routes.confirmed[to]?.confidence ?? 0) {
                routes.confirmed[to] = route
            }
        }
        return routes
    }

    private func rplRoute(_ credential: Credential) -> [String] {
        guard credential.mode != .formal else { return [] }
        return [Basis.recognitionOfPriorLearning]
    }

    func authorities(for occupation: String?, in target: EngineIndex.Destination) -> [AuthorityNote] {
        guard let occupation, !occupation.isEmpty, !target.professions.isEmpty else { return [] }
        return target.professions
            .filter { occupation.hasPrefix($0.isco) || $0.isco.hasPrefix(occupation) }
            .map {
                AuthorityNote(
                    isco: $0.isco, profession: $0.title, jurisdiction: $0.jurisdiction, authority: $0.authority,
                    status: $0.provenance.status)
            }
            .sorted { ($0.jurisdiction, $0.isco) < ($1.jurisdiction, $1.isco) }
    }

    /// Agreements whose parties cover both the origin and the destination and whose
    /// occupations cover the credential's. A country belongs to a region when one of its
    /// frameworks is bridged to that region's framework.
    func agreements(for credential: Credential, destination: EngineIndex.Destination) -> [AgreementNote] {
        guard let occupation = credential.occupation, !occupation.isEmpty, !destination.agreements.isEmpty else {
            return []
        }
        let origin = index.parties(country: credential.country)
        return destination.agreements.filter { a in
            !origin.isDisjoint(with: a.parties)
                && a.occupations.contains { occupation.hasPrefix($0) || $0.hasPrefix(occupation) }
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
