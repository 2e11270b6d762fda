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

    public init(
        id: String, country: String, region: String? = nil, occupation: String? = nil, skills: [String] = [],
        minimumLevel: LevelReference? = nil, openings: Int? = nil, validThrough: String? = nil
    ) {
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
        /// For recognition of prior learning: the home qualifications for the occupation that the
        /// home framework's data says can be reached by assessment, best first.
        public var assessments: [AssessmentRoute] = []
        /// What the data could not say about the route (no such qualification, no occupation).
        public var note: String?
    }

    /// A home qualification for the returnee's occupation with an assessment route.
    public struct AssessmentRoute: Sendable, Hashable {
        public var qualification: String
        public var level: LevelReference
        public var isco: [String]
        public var body: String
        public var description: String
        public var status: Provenance.Status
        public var source: String
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
            education: need.minimumLevel.map { JobOpening.Education(framework: $0.framework, level: $0.level) },
            country: need.country)
        let home = SafeguardsList.country(need.country)
        let (scorer, notes) = scorer(for: query)
        var found: [(returnee: ReintegrationList.Returnee, index: Int32)] = []
        for index in pool.recall(query, limit: recallDepth, returningTo: home) {
            let candidate = pool.candidate(index)
            let (components, _) = scorer.components(candidate.profile)
            let routes = (candidate.profile.credentials + candidate.experience.map(\.asCredential)).map {
                route(for: $0, need: need)
            }
            found.append(
                (
                    ReintegrationList.Returnee(
                        ref: candidate.ref, name: candidate.consent.shareContact ? candidate.person.name : nil,
                        score: CandidateScorer.score(components), components: components, routes: routes), index
                ))
        }
        found.sort {
            $0.returnee.score != $1.returnee.score
                ? $0.returnee.score > $1.returnee.score : pool.precedes($0.index, $1.index)
        }
        return ReintegrationList(need: need.id, returnees: found.prefix(top).map(\.returnee), notes: notes)
    }

    private func route(for credential: Credential, need: SkillsNeed) -> ReintegrationList.Route {
        let result = try? engine.recognise(credential, destination: need.country)
        let best = result?.equivalents.first
        let level = best.map { LevelReference(framework: $0.framework, level: $0.level) }
        var meets: Bool?
        if let minimum = need.minimumLevel, let level, level.framework == minimum.framework,
            let framework = engine.set.framework(minimum.framework), let mine = framework.level(level.level),
            let wanted = framework.level(minimum.level)
        {
            meets = mine.order >= wanted.order
        }
        let equivalence = credential.mode == .formal && best != nil && result?.outcome != .noMapping
        var route = ReintegrationList.Route(
            title: credential.title, kind: equivalence ? .equivalence : .rpl,
            outcome: result?.outcome ?? .insufficientInformation,
            level: level, meetsMinimumLevel: meets, conditions: best?.conditions ?? [])
        if route.kind == .rpl {
            (route.assessments, route.note) = assessments(for: credential.occupation, home: need.country)
            if credential.passedTest {
                // A test passed abroad is evidence for the assessment at home, never a level.
                let evidence =
                    "'\(credential.title)' (passed\(credential.awarded.map { " on \($0)" } ?? ""), ISCO-08 \(credential.occupation ?? "?")) is evidence of competence in that occupation for an assessment at home; it is not a qualification."
                route.note = [evidence, route.note].compactMap { $0 }.joined(separator: " ")
            }
        }
        return route
    }

    /// The home country's qualifications for `occupation` (ISCO-08, matched by group either way)
    /// that its framework data says can be reached by assessment: exact group first, then the
    /// more specific group, then by level. None found is said plainly, never filled in.
    private func assessments(
        for occupation: String?, home country: String
    ) -> ([ReintegrationList.AssessmentRoute], String?) {
        let frameworks = engine.destinationFrameworks(country)
        guard let isco = occupation?.trimmed, !isco.isEmpty else {
            return (
                [],
                "The experience names no occupation (ISCO-08), so no assessment route in \(country)'s framework data can be looked up."
            )
        }
        var found: [(route: ReintegrationList.AssessmentRoute, exact: Bool, depth: Int, order: Int)] = []
        for framework in frameworks {
            for level in framework.levels {
                for type in level.qualificationTypes where !type.assessments.isEmpty {
                    let groups = type.occupations.filter { isco.hasPrefix($0) || $0.hasPrefix(isco) }
                    guard !groups.isEmpty else { continue }
                    for a in type.assessments {
                        found.append(
                            (
                                ReintegrationList.AssessmentRoute(
                                    qualification: type.title,
                                    level: LevelReference(framework: framework.id, level: level.id), isco: groups,
                                    body: a.body, description: a.description, status: a.provenance.status,
                                    source: a.provenance.source),
                                groups.contains(isco), groups.map(\.count).max() ?? 0, level.order
                            ))
                    }
                }
            }
        }
        guard !found.isEmpty else {
            let ids = frameworks.map(\.id).joined(separator: ", ")
            return (
                [],
                frameworks.isEmpty
                    ? "No qualifications framework is installed for \(country): no assessment route for ISCO \(isco) can be named."
                    : "The framework data of \(country) (\(ids)) names no qualification for ISCO \(isco) with an assessment route: recognising this experience needs an assessment the data does not name."
            )
        }
        found.sort { a, b in
            if a.exact != b.exact { return a.exact }
            if a.depth != b.depth { return a.depth > b.depth }
            if a.order != b.order { return a.order < b.order }
            return (a.route.level, a.route.qualification) < (b.route.level, b.route.qualification)
        }
        return (found.map(\.route), nil)
    }
}
