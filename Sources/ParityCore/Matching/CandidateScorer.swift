/// Scores one candidate for one job from the candidate's `Profile` alone, each component with
/// its value, weight and sentence. A component is scored when the job asks for it; a
/// candidate without the data scores 0 on it (missing evidence is never a match). Recognition
/// is scored when the job asks for a level (`RequiredLevel`): the recognised level of the
/// candidate's best credential against it. Without one it is shown on the list, not scored.
struct CandidateScorer {
    static let weights: [(name: String, weight: Double)] = [("occupation", 0.3), ("skills", 0.35), ("experience", 0.15), ("recognition", 0.2)]

    let job: JobOpening
    let label: (String) -> String
    let recognise: (Credential) -> EquivalenceResult?
    let requiredSkills: [String]
    /// The job's education requirement in destination terms, when it has one that can be read so.
    let requiredLevel: RequiredLevel?
    /// Destination framework id → level id → order, to compare equivalents with `requiredLevel`.
    let orders: [String: [String: Int]]

    init(job: JobOpening, requiredLevel: RequiredLevel? = nil, frameworks: FrameworkSet? = nil,
         label: @escaping (String) -> String, recognise: @escaping (Credential) -> EquivalenceResult?) {
        self.job = job; self.label = label; self.recognise = recognise; self.requiredLevel = requiredLevel
        self.requiredSkills = Array(Set(job.skills)).sorted()
        var orders: [String: [String: Int]] = [:]
        for id in requiredLevel?.minimumOrder.keys.sorted() ?? [] {
            orders[id] = Dictionary(frameworks?.framework(id)?.levels.map { ($0.id, $0.order) } ?? [], uniquingKeysWith: { a, _ in a })
        }
        self.orders = orders
    }

    /// Every component, recognition included.
    func components(_ profile: Candidate.Profile) -> (components: [ScoreComponent], recognition: EquivalenceResult?) {
        var components = partial(profile)
        let (component, recognition) = recognitionComponent(profile)
        if let component { components.append(component) }
        return (components, recognition)
    }

    /// Occupation, skills and experience: cheap, from the profile alone.
    func partial(_ profile: Candidate.Profile) -> [ScoreComponent] {
        var components: [ScoreComponent] = []
        func add(_ name: String, _ value: Double, _ explanation: String) {
            components.append(Self.component(name, value, explanation))
        }
        let occupations = profile.occupations
        if !job.occupations.isEmpty {
            let best = occupations.flatMap { mine in job.occupations.map { (mine, $0, EquivalentScorer.sharedIscoDepth(mine, $0)) } }
                .max { $0.2 < $1.2 }
            let names = ["", "major group", "sub-major group", "minor group", "unit group"]
            if let (mine, theirs, depth) = best, depth > 0 {
                add("occupation", Double(depth) / 4, "ISCO-08 \(mine) is in the same \(names[depth]) as the \(theirs) asked for.")
            } else {
                add("occupation", 0, occupations.isEmpty
                    ? "No occupation is known for this candidate; ISCO-08 \(job.occupations.joined(separator: ", ")) is asked for."
                    : "ISCO-08 \(occupations.joined(separator: ", ")) shares no group with the \(job.occupations.joined(separator: ", ")) asked for.")
            }
        }
        let required = requiredSkills
        if !required.isEmpty {
            let covered = required.filter(profile.skills.contains)
            let missing = required.filter { !profile.skills.contains($0) }
            add("skills", Double(covered.count) / Double(required.count),
                "\(covered.count) of \(required.count) required skills" + (missing.isEmpty ? "." : "; missing: \(missing.prefix(5).map(label).joined(separator: ", "))\(missing.count > 5 ? ", ..." : "")."))
        }
        if let months = job.monthsOfExperience, months > 0 {
            let relevant = profile.experience.filter { code, _ in job.occupations.contains { EquivalentScorer.sharedIscoDepth(code, $0) >= 3 } }
            let have = relevant.values.reduce(0, +)
            add("experience", min(1, Double(have) / Double(months)), relevant.isEmpty
                ? "No experience in the occupation asked for is recorded; \(months) months are asked for."
                : "\(have) months in ISCO-08 \(relevant.keys.sorted().joined(separator: ", ")) against \(months) asked for.")
        }
        return components
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
        // Each credential: its best equivalent in a framework the requirement was read in.
        var best: (value: Double, result: EquivalenceResult, equivalent: Equivalent?, met: Bool)?
        for result in results {
            let equivalent = result.equivalents.first { required.minimumOrder[$0.framework] != nil }
            let met = equivalent.flatMap { e in orders[e.framework]?[e.level].flatMap { required.isMet(framework: e.framework, order: $0) } } ?? false
            let value = met ? Self.outcomeValue(result.outcome) : 0
            if best == nil || value > best?.value ?? 0 || (value == best?.value && Self.outcomeValue(result.outcome) > Self.outcomeValue(best?.result.outcome ?? .noMapping)) {
                best = (value, result, equivalent, met)
            }
        }
        guard let best else {
            return (Self.component("recognition", 0, "No credential to recognise in \(country); \(required.asked) is asked for."), nil)
        }
        let asked = "\(required.asked) is asked for (\(required.inDestinationTerms))"
        let sentence: String
        if let e = best.equivalent {
            sentence = "Best credential in \(best.result.destination): \(best.result.outcome.rawValue) at \(e.framework) level \(e.level); "
                + (best.met ? "\(asked): met." : "\(asked): below it.")
        } else {
            sentence = "Best credential in \(best.result.destination): \(best.result.outcome.rawValue), with no level in \(required.inDestinationTerms); \(asked)."
        }
        return (Self.component("recognition", best.value, sentence), best.result)
    }

    static func component(_ name: String, _ value: Double, _ explanation: String) -> ScoreComponent {
        ScoreComponent(name: name, value: round3(value), weight: weights.first { $0.name == name }?.weight ?? 0, explanation: explanation)
    }

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

    func numbers(_ profile: Candidate.Profile) -> Numbers {
        var sum = 0.0, weights = 0.0
        if !job.occupations.isEmpty {
            var depth = 0
            for code in profile.experience.keys { for theirs in job.occupations { depth = max(depth, EquivalentScorer.sharedIscoDepth(code, theirs)) } }
            for c in profile.credentials { if let code = c.occupation { for theirs in job.occupations { depth = max(depth, EquivalentScorer.sharedIscoDepth(code, theirs)) } } }
            sum += round3(Double(depth) / 4) * Self.weights[0].weight
            weights += Self.weights[0].weight
        }
        if !requiredSkills.isEmpty {
            let covered = requiredSkills.reduce(0) { $0 + (profile.skills.contains($1) ? 1 : 0) }
            sum += round3(Double(covered) / Double(requiredSkills.count)) * Self.weights[1].weight
            weights += Self.weights[1].weight
        }
        if let months = job.monthsOfExperience, months > 0 {
            var have = 0
            for (code, m) in profile.experience where job.occupations.contains(where: { EquivalentScorer.sharedIscoDepth(code, $0) >= 3 }) { have += m }
            sum += round3(min(1, Double(have) / Double(months))) * Self.weights[2].weight
            weights += Self.weights[2].weight
        }
        return Numbers(sum: sum, weights: weights)
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
