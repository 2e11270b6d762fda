/// A job opening's shortlist (DESIGN.md §5, §7): refused outright when workers pay fees;
/// otherwise the best candidates, each with score, explained components and the recognition
/// of their credential in the job's country, after withholding the candidates the
/// health-workforce safeguard protects, with the count and reason stated.
public struct Shortlist: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var ref: String
        public var score: Double
        public var components: [ScoreComponent]
        public var recognition: EquivalenceResult?
        /// Only with the person's consent to share contact details.
        public var name: String?
        /// What the job's country requires of this candidate in its occupation, met or still to
        /// meet: listed, never a filter (a candidate who has yet to pass a trade test stays).
        public var requirements: [RequirementNote] = []
    }
    public struct Withheld: Sendable, Hashable {
        public var rule: FairRecruitment.Finding.Rule
        public var count: Int
        public var reason: String
        public var basis: String
    }

    public var job: String
    public var refused: Bool
    public var reasons: [FairRecruitment.Finding]
    public var candidates: [Entry]
    public var withheld: [Withheld]
    public var flags: [FairRecruitment.Finding]
    /// What of the job could not be used, and why (an education requirement with no reading in
    /// the destination's framework).
    public var notes: [String] = []
}

public struct Matcher: Sendable {
    public let pool: CandidatePool
    public let engine: RecognitionEngine
    /// How many candidates the first pass hands to exact scoring.
    public var recallDepth = 150

    public init(pool: CandidatePool, engine: RecognitionEngine) { self.pool = pool; self.engine = engine }

    /// `day` (`YYYYMMDD`) selects the destination requirements in force; nil: whatever the date.
    public func shortlist(
        _ job: JobOpening, top: Int, payFloor: JobOpening.Salary? = nil, on day: Int32? = nil
    ) -> Shortlist {
        var result = Shortlist(job: job.id, refused: false, reasons: [], candidates: [], withheld: [], flags: [])
        if let refusal = FairRecruitment.refusal(job) {
            result.refused = true
            result.reasons = [refusal]
            return result
        }
        if let flag = FairRecruitment.payFlag(job, floor: payFloor) { result.flags.append(flag) }
        let (scorer, notes) = scorer(for: job)
        result.notes = notes
        var withheld: [FairRecruitment.Finding.Rule: (count: Int, finding: FairRecruitment.Finding)] = [:]
        // Occupation, skills and experience for every recalled candidate (skills counted from
        // the pool's ids); recognition (the costly part) only while a candidate could still
        // enter the list: best upper bound first, and stop once the next bound is below the
        // list's last full score. Exact, not approximate.
        let pool = self.pool
        let skillIds = pool.skillIds(scorer.requiredSkills)
        var bounded: [(index: Int32, order: CandidatePool.TieOrder, numbers: CandidateScorer.Numbers, bound: Double)] =
            []
        let recalled = pool.recall(job, limit: recallDepth)
        let held = pool.holds(recalled, of: skillIds)
        let safeguard = FairRecruitment.safeguardApplies(job)
        for (index, held) in zip(recalled, held) {
            let candidate = pool.stored(index)
            if safeguard, let finding = FairRecruitment.withholds(job, residence: candidate.residence) {
                withheld[finding.rule, default: (0, finding)].count += 1
                continue
            }
            let numbers = scorer.numbers(candidate.profile, coveredSkills: held)
            bounded.append(
                (index, pool.tieOrder(index), numbers, numbers.score(recognition: scorer.scoresRecognition ? 1 : nil)))
        }
        bounded.sort { $0.bound != $1.bound ? $0.bound > $1.bound : $0.order < $1.order }
        // Best score first; equal scores in the pool's tie order, so the same people give the same list.
        var scored: [(index: Int32, order: CandidatePool.TieOrder, score: Double)] = []
        for b in bounded {
            // Later bounds are no higher, and an equal one comes later in tie order: it can at
            // best tie the last entry, and would follow it.
            if scored.count >= top, let last = scored.last,
                b.bound < last.score || (b.bound == last.score && last.order < b.order)
            {
                break
            }
            let score = b.numbers.score(recognition: recognitionValue(scorer, pool.stored(b.index), job: job))
            let place =
                scored.firstIndex { score > $0.score || (score == $0.score && b.order < $0.order) } ?? scored.count
            scored.insert((b.index, b.order, score), at: place)
            if scored.count > top { scored.removeLast() }
        }
        // Sentences, and recognition in full, for those on the list only.
        result.candidates = scored.map { s in
            let candidate = pool.candidate(s.index)
            let recognition = scorer.recognitionComponent(candidate.profile)
            return Shortlist.Entry(
                ref: candidate.ref, score: s.score,
                components: scorer.partial(candidate.profile) + (recognition.0.map { [$0] } ?? []),
                recognition: recognition.1, name: candidate.consent.shareContact ? candidate.person.name : nil,
                requirements: engine.requirements(for: job, candidate: candidate, on: day))
        }
        result.withheld = withheld.values.sorted { $0.finding.rule.rawValue < $1.finding.rule.rawValue }.map {
            Shortlist.Withheld(
                rule: $0.finding.rule, count: $0.count,
                reason: FairRecruitment.withheldReason($0.finding.rule, count: $0.count), basis: $0.finding.basis)
        }
        return result
    }

    /// The value recognition adds to a candidate's score (nil: not scored): a lookup in the
    /// ranking summary made when the candidate entered the pool, when it is this engine's and
    /// for the job's country; otherwise the candidate is recognised now.
    private func recognitionValue(_ scorer: CandidateScorer, _ candidate: Candidate, job: JobOpening) -> Double? {
        guard scorer.scoresRecognition else { return nil }
        if let ranked = candidate.recognition, ranked.applies(to: engine, country: job.country) {
            return scorer.recognitionValue(ranked)
        }
        return scorer.recognitionComponent(candidate.profile).0?.value
    }

    /// The job's scorer, with its education requirement read in the destination's framework;
    /// a requirement that cannot be read so is noted and not scored.
    func scorer(for job: JobOpening) -> (CandidateScorer, [String]) {
        var required: RequiredLevel?
        var notes: [String] = []
        if let education = job.education {
            switch RequiredLevel.resolve(education, country: job.country, engine: engine) {
            case .level(let level): required = level
            case .unresolved(let reason): notes.append(reason + " Each candidate's recognition is shown, not scored.")
            }
        }
        let engine = self.engine  // the closure keeps the engine, not a copy of the whole matcher
        let scorer = CandidateScorer(job: job, requiredLevel: required, label: engine.profiles.label) { credential in
            guard let country = job.country else { return nil }
            return try? engine.recognise(credential, destination: country)
        }
        return (scorer, notes)
    }
}
