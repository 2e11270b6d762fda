/// A skills need from an origin country (DESIGN.md §7 `skills-need`), answered with the
/// returning migrants who fit it: their credentials and experience abroad mapped back to the
/// home country's framework, each with the route it takes (an equivalence, or recognition of
/// prior learning), for reintegration services.
public struct SkillsNeed: Sendable, Hashable {
    public var id: String
    /// The home country (ISO 3166-1 or 3166-2) the migrants return to.
    public var country: String
    public var region: String?
    /// ISCO-08 code.
    public var occupation: String?
    /// ESCO skill URIs.
    public var skills: [String]
    /// The lowest level of the home framework the need asks for.
    public var minimumLevel: LevelReference?
    public var openings: Int?
    public var validThrough: String?

    public init(id: String, country: String, region: String? = nil, occupation: String? = nil, skills: [String] = [],
                minimumLevel: LevelReference? = nil, openings: Int? = nil, validThrough: String? = nil) {
        self.id = id; self.country = country; self.region = region; self.occupation = occupation; self.skills = skills
        self.minimumLevel = minimumLevel; self.openings = openings; self.validThrough = validThrough
    }
}

public struct ReintegrationList: Sendable, Hashable {
    public struct Route: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case equivalence, rpl }
        public var title: String
        public var kind: Kind
        public var outcome: EquivalenceResult.Outcome
        /// The home level it maps to, when it maps to one.
        public var level: LevelReference?
        public var meetsMinimumLevel: Bool?
        public var conditions: [Condition]
    }
    public struct Returnee: Sendable, Hashable {
        public var ref: String
        public var name: String?
        public var score: Double
        public var components: [ScoreComponent]
        public var routes: [Route]
    }
    public var need: String
    public var returnees: [Returnee]
    /// What of the need could not be used, and why.
    public var notes: [String] = []
}

extension Matcher {
    /// Returning migrants to `need.country` who fit the need, best first.
    public func reintegration(_ need: SkillsNeed, top: Int) -> ReintegrationList {
        let query = JobOpening(
            id: need.id, title: "", occupations: need.occupation.map { [$0] } ?? [], skills: need.skills,
            education: need.minimumLevel.map { JobOpening.Education(framework: $0.framework, level: $0.level) }, country: need.country)
        let home = SafeguardsList.country(need.country)
        let (scorer, notes) = scorer(for: query)
        var found: [(returnee: ReintegrationList.Returnee, index: Int32)] = []
        for index in pool.recall(query, limit: recallDepth, returningTo: home) {
            let candidate = pool.candidates[Int(index)]
            let (components, _) = scorer.components(candidate.profile)
            let routes = (candidate.profile.credentials + candidate.experience.map(\.asCredential)).map { route(for: $0, need: need) }
            found.append((ReintegrationList.Returnee(
                ref: candidate.ref, name: candidate.consent.shareContact ? candidate.person.name : nil,
                score: CandidateScorer.score(components), components: components, routes: routes), index))
        }
        found.sort { $0.returnee.score != $1.returnee.score ? $0.returnee.score > $1.returnee.score : pool.precedes($0.index, $1.index) }
        return ReintegrationList(need: need.id, returnees: found.prefix(top).map(\.returnee), notes: notes)
    }

    private func route(for credential: Credential, need: SkillsNeed) -> ReintegrationList.Route {
        let result = try? engine.recognise(credential, destination: need.country)
        let best = result?.equivalents.first
        let level = best.map { LevelReference(framework: $0.framework, level: $0.level) }
        var meets: Bool?
        if let minimum = need.minimumLevel, let level, level.framework == minimum.framework,
           let framework = engine.set.framework(minimum.framework), let mine = framework.level(level.level), let wanted = framework.level(minimum.level) {
            meets = mine.order >= wanted.order
        }
        let equivalence = credential.mode == .formal && best != nil && result?.outcome != .noMapping
        return ReintegrationList.Route(
            title: credential.title, kind: equivalence ? .equivalence : .rpl, outcome: result?.outcome ?? .insufficientInformation,
            level: level, meetsMinimumLevel: meets, conditions: best?.conditions ?? [])
    }
}
