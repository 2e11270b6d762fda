/// Scores one candidate for one job from the candidate's `Profile` alone, each component with
/// its value, weight and sentence. A component is scored when the job asks for it; a
/// candidate without the data scores 0 on it (missing evidence is never a match).
struct CandidateScorer {
    static let weights: [(name: String, weight: Double)] = [("occupation", 0.3), ("skills", 0.35), ("experience", 0.15), ("recognition", 0.2)]

    let job: JobOpening
    let label: (String) -> String
    let recognise: (Credential) -> EquivalenceResult?

    func components(_ profile: Candidate.Profile) -> (components: [ScoreComponent], recognition: EquivalenceResult?) {
        var components: [ScoreComponent] = []
        func add(_ name: String, _ value: Double, _ explanation: String) {
            let weight = Self.weights.first { $0.name == name }?.weight ?? 0
            components.append(ScoreComponent(name: name, value: round3(value), weight: weight, explanation: explanation))
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
        let required = Array(Set(job.skills)).sorted()
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
        var recognition: EquivalenceResult?
        if job.country != nil {
            let results = profile.credentials.compactMap(recognise)
            recognition = results.max { Self.outcomeValue($0.outcome) < Self.outcomeValue($1.outcome) }
            if let best = recognition {
                add("recognition", Self.outcomeValue(best.outcome), "Best credential in \(best.destination): \(best.outcome.rawValue)"
                    + (best.equivalents.first.map { " (\($0.framework) level \($0.level))" } ?? "") + ".")
            } else {
                add("recognition", 0, "No credential to recognise in \(job.country ?? "the destination").")
            }
        }
        return (components, recognition)
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
