/// Scores one candidate for one job from the candidate's `Profile` alone, each component with
/// its value, weight and sentence. A component is scored when the job asks for it; a
/// candidate without the data scores 0 on it (missing evidence is never a match). Recognition
/// is scored when the job asks for a level (`RequiredLevel`): the recognised level of the
/// candidate's best credential against it. Without one it is shown on the list, not scored.
struct CandidateScorer {
    static let weights: [(name: String, weight: Double)] = [
        ("occupation", 0.3), ("skills", 0.35), ("experience", 0.15), ("recognition", 0.2),
    ]

    let job: JobOpening
    let label: (String) -> String
    let recognise: (Credential) -> EquivalenceResult?
    let requiredSkills: [String]
    /// The job's education requirement in destination terms, when it has one that can be read so.
    let requiredLevel: RequiredLevel?

    init(
        job: JobOpening, requiredLevel: RequiredLevel? = nil, label: @escaping (String) -> String,
        recognise: @escaping (Credential) -> EquivalenceResult?
    ) {
        self.job = job; self.label = label; self.recognise = recognise; self.requiredLevel = requiredLevel
        self.requiredSkills = Array(Set(job.skills)).sorted()
    }

    /// Every component, recognition included.
    func components(_ profile: Candidate.Profile) -> (components: [ScoreComponent], recognition: EquivalenceResult?) {
        var components = partial(profile)
        let (component, recognition) = recognitionComponent(profile)
        if let component { components.append(component) }
        return (components, recognition)
    }

    /// What occupation, skills and experience rest on, measured once from the profile: the
    /// ranking sums it (`numbers`), the list explains it (`partial`). Nil: not asked for.
    struct Measures {
        /// The closest pair of ISCO-08 codes (the candidate's, the job's) and the depth they share.
        var occupation: (mine: String, theirs: String, depth: Int)?
        var coveredSkills: Int?
        /// Months in occupations within the minor group (3 digits) of one asked for.
        var months: Int?
    }

    /// `coveredSkills`: how many required skills the profile has, when the caller counted them
    /// already (the pool does so from its skill ids); otherwise counted here.
    func measure(_ profile: Candidate.Profile, coveredSkills: Int? = nil) -> Measures {
        var m = Measures()
        if !job.occupations.isEmpty {
            var best = (mine: "", theirs: "", depth: 0)
            func consider(_ mine: String) {
                for theirs in job.occupations {
                    let depth = EquivalentScorer.sharedIscoDepth(mine, theirs)
                    // Deepest first; equal depths by code, so the sentence is the same every time.
                    if depth > best.depth
                        || (depth == best.depth && depth > 0 && (mine, theirs) < (best.mine, best.theirs))
                    {
                        best = (mine, theirs, depth)
                    }
                }
            }
            for code in profile.experience.keys { consider(code) }
            for credential in profile.credentials { if let code = credential.occupation { consider(code) } }
            m.occupation = best
        }
        if !requiredSkills.isEmpty {
            m.coveredSkills = coveredSkills ?? requiredSkills.reduce(0) { $0 + (profile.skills.contains($1) ? 1 : 0) }
        }
        if let months = job.monthsOfExperience, months > 0 {
            m.months = profile.experience.reduce(0) { sum, e in sum.addingSaturated(isRelevant(e.key) ? e.value : 0) }
        }
        return m
    }

    private func isRelevant(_ code: String) -> Bool {
        job.occupations.contains { EquivalentScorer.sharedIscoDepth(code, $0) >= 3 }
    }

    /// The values of the measured components, in the order of `weights`.
    func values(_ m: Measures) -> [(name: String, value: Double)] {
        var out: [(name: String, value: Double)] = []
        if let o = m.occupation { out.append(("occupation", Double(o.depth) / 4)) }
        if let covered = m.coveredSkills { out.append(("skills", Double(covered) / Double(requiredSkills.count))) }
        if let months = m.months, let asked = job.monthsOfExperience {
            out.append(("experience", min(1, Double(months) / Double(asked))))
        }
        return out
    }

    /// Occupation, skills and experience with their sentences: for the candidates listed.
    func partial(_ profile: Candidate.Profile) -> [ScoreComponent] {
        let m = measure(profile)
        return values(m).map { name, value in
            let sentence: String
            switch name {
            case "occupation":
                let names = ["", "major group", "sub-major group", "minor group", "unit group"]
                let occupations = profile.occupations
                if let o = m.occupation, o.depth > 0 {
                    sentence = "ISCO-08 \(o.mine) is in the same \(names[o.depth]) as the \(o.theirs) asked for."
                } else if occupations.isEmpty {
                    sentence =
                        "No occupation is known for this candidate; ISCO-08 \(job.occupations.joined(separator: ", ")) is asked for."
                } else {
                    sentence =
                        "ISCO-08 \(occupations.joined(separator: ", ")) shares no group with the \(job.occupations.joined(separator: ", ")) asked for."
                }
            case "skills":
                let missing = requiredSkills.filter { !profile.skills.contains($0) }
                sentence =
                    "\(m.coveredSkills ?? 0) of \(requiredSkills.count) required skills"
                    + (missing.isEmpty
                        ? "."
                        : "; missing: \(missing.prefix(5).map(label).joined(separator: ", "))\(missing.count > 5 ? ", ..." : "").")
            default:
                let relevant = profile.experience.keys.filter(isRelevant).sorted()
                let asked = job.monthsOfExperience ?? 0
                sentence =
                    relevant.isEmpty
                    ? "No experience in the occupation asked for is recorded; \(asked) months are asked for."
                    : "\(m.months ?? 0) months in ISCO-08 \(relevant.joined(separator: ", ")) against \(asked) asked for."
            }
            return Self.component(name, value, sentence)
        }
    }

    /// Whether scores include recognition: the job asks for a level that could be read.
    var scoresRecognition: Bool { job.country != nil && requiredLevel != nil }

    /// The recognition of the candidate's best credential in the job's country (the costly
    /// part): scored against the required level when there is one, else only returned.
    func recognitionComponent(_ profile: Candidate.Profile) -> (ScoreComponent?, EquivalenceResult?) {
        guard let country = job.country else { return (nil, nil) }
        let results = profile.credentials.compactMap(recognise)
        guard let required = requiredLevel else {
            return (nil, results.max { Self.outcomeValue($0.outcome) < Self.outcomeValue($1.outcome) })
        }
        // Each credential: its best equivalent in a framework the requirement was read in; the
        // credential whose equivalent meets it with the best outcome wins.
        var best: (value: Double, outcome: Double, result: EquivalenceResult, equivalent: Equivalent?, met: Bool)?
        for result in results {
            let standing = Self.standing(
                result.outcome,
                result.equivalents.lazy.map { LevelReference(framework: $0.framework, level: $0.level) },
                against: required)
            if best.map({ (standing.value, standing.outcome) > ($0.value, $0.outcome) }) ?? true {
                best = (
                    standing.value, standing.outcome, result, standing.equivalent.map { result.equivalents[$0] },
                    standing.met
                )
            }
        }
        guard let best else {
            return (
                Self.component(
                    "recognition", 0, "No credential to recognise in \(country); \(required.asked) is asked for."), nil
            )
        }
        let asked = "\(required.asked) is asked for (\(required.inDestinationTerms))"
        let sentence: String
        if let e = best.equivalent {
            sentence =
                "Best credential in \(best.result.destination): \(best.result.outcome.rawValue) at \(e.framework) level \(e.level); "
                + (best.met ? "\(asked): met." : "\(asked): below it.")
        } else {
            sentence =
                "Best credential in \(best.result.destination): \(best.result.outcome.rawValue), with no level in \(required.inDestinationTerms); \(asked)."
        }
        return (Self.component("recognition", best.value, sentence), best.result)
    }

    /// A recognition result against the required level: its first equivalent in a framework
    /// the requirement was read in (by position), whether that meets it, and its value (the
    /// outcome's when met, else 0).
    static func standing(
        _ outcome: EquivalenceResult.Outcome, _ equivalents: some Collection<LevelReference>,
        against required: RequiredLevel
    ) -> (value: Double, outcome: Double, equivalent: Int?, met: Bool) {
        let position = equivalents.firstIndex { required.minimumLevel[$0.framework] != nil }
        let met =
            position.flatMap { i in
                let e = equivalents[i]
                return required.isMet(framework: e.framework, level: e.level)
            } ?? false
        let value = outcomeValue(outcome)
        return (
            met ? value : 0, value, position.map { equivalents.distance(from: equivalents.startIndex, to: $0) }, met
        )
    }

    /// The recognition value `recognitionComponent` gives, from the candidate's ranking summary
    /// (the best credential's standing; 0 without any); nil when recognition is not scored.
    func recognitionValue(_ ranked: RankedRecognition) -> Double? {
        guard job.country != nil, let required = requiredLevel else { return nil }
        return round3(
            ranked.results.map { Self.standing($0.outcome, $0.equivalents, against: required).value }.max() ?? 0)
    }

    static func component(_ name: String, _ value: Double, _ explanation: String) -> ScoreComponent {
        ScoreComponent(name: name, value: round3(value), weight: weight(name), explanation: explanation)
    }

    static func weight(_ name: String) -> Double { weights.first { $0.name == name }?.weight ?? 0 }

    /// The partial components' weighted sum and weights, as `score` adds them.
    struct Numbers {
        var sum: Double
        var weights: Double
        func score(recognition: Double?) -> Double {
            let w = recognition == nil ? 0 : CandidateScorer.weights[3].weight
            let total = weights + w
            return total > 0 ? round3((sum + (recognition ?? 0) * w) / total) : 0
        }
    }

    func numbers(_ profile: Candidate.Profile, coveredSkills: Int? = nil) -> Numbers {
        var n = Numbers(sum: 0, weights: 0)
        for (name, value) in values(measure(profile, coveredSkills: coveredSkills)) {
            let weight = Self.weight(name)
            n.sum += round3(value) * weight
            n.weights += weight
        }
        return n
    }

    static func outcomeValue(_ outcome: EquivalenceResult.Outcome) -> Double {
        switch outcome {
        case .comparable: 1
        case .comparableWithConditions: 0.8
        case .indicative: 0.5
        case .notComparable, .noMapping, .insufficientInformation: 0
        }
    }

    static func score(_ components: [ScoreComponent]) -> Double {
        let present = components.reduce(0) { $0 + $1.weight }
        guard present > 0 else { return 0 }
        return round3(components.reduce(0) { $0 + $1.value * $1.weight } / present)
    }
}
