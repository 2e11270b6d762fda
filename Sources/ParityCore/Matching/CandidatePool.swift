/// The candidate pool with an inverted index: for each ESCO skill and each ISCO-08 group
/// (2, 3 and 4 digits), the candidates who have it. A job's first pass adds up, from those
/// lists only, how many of its skills and how close an occupation each candidate has; the
/// best few hundred are then scored exactly, with explanations (`CandidateScorer`).
public struct CandidatePool: Sendable {
    public let candidates: [Candidate]
    private let skillIndex: [String: [Int32]]
    private let iscoIndex: [String: [Int32]]

    public init(_ candidates: [Candidate]) {
        self.candidates = candidates
        var skills: [String: [Int32]] = [:]
        var isco: [String: [Int32]] = [:]
        for (index, candidate) in candidates.enumerated() {
            let i = Int32(index)
            for skill in candidate.profile.skills { skills[skill, default: []].append(i) }
            var groups = Set<String>()
            for code in candidate.profile.occupations where code.count >= 2 {
                for length in 2...min(4, code.count) { groups.insert(String(code.prefix(length))) }
            }
            for group in groups { isco[group, default: []].append(i) }
        }
        skillIndex = skills
        iscoIndex = isco
    }

    public var count: Int { candidates.count }

    /// The indices of up to `limit` candidates with the most of the job's skills and the
    /// closest occupation, best first (ties in pool order). Candidates with neither are not
    /// returned: nothing in their profile relates to the job.
    public func recall(_ job: JobOpening, limit: Int) -> [Int32] {
        var points: [Int32: Int32] = [:]
        // A shared ISCO digit weighs as much as a required skill: four for the same unit group.
        for code in Set(job.occupations) where code.count >= 2 {
            for length in 2...min(4, code.count) {
                for i in iscoIndex[String(code.prefix(length))] ?? [] { points[i, default: 0] += 1 }
            }
        }
        for skill in Set(job.skills) {
            for i in skillIndex[skill] ?? [] { points[i, default: 0] += 1 }
        }
        let ranked = points.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return ranked.prefix(limit).map(\.key)
    }
}
