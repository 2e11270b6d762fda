/// The candidate pool with an inverted index: for each ESCO skill and each ISCO-08 group
/// (2, 3 and 4 digits), the candidates who have it. A job's first pass adds up, from those
/// lists only, how many of its skills and how close an occupation each candidate has; the
/// best few hundred are then scored exactly, with explanations (`CandidateScorer`).
public struct CandidatePool: Sendable {
    public let candidates: [Candidate]
    private let skillIndex: [String: [Int32]]
    private let iscoIndex: [String: [Int32]]
    /// Candidates returning to each country (ISO 3166-1 part of `person.returning.country`).
    private let returningIndex: [String: [Int32]]
    /// Per candidate, its destination country as a small code (0: none), for the hard filter.
    private let destinationCode: [UInt16]
    private let countryCodes: [String: UInt16]
    /// Per candidate, `availableFrom` as yyyymmdd (0: not stated, available).
    private let availableFrom: [Int32]

    public init(_ candidates: [Candidate]) {
        self.candidates = candidates
        var skills: [String: [Int32]] = [:]
        var isco: [String: [Int32]] = [:]
        var returning: [String: [Int32]] = [:]
        var codes: [String: UInt16] = [:]
        var destinationCode = [UInt16](repeating: 0, count: candidates.count)
        var availableFrom = [Int32](repeating: 0, count: candidates.count)
        for (index, candidate) in candidates.enumerated() {
            let i = Int32(index)
            if let country = candidate.person.returning?.country { returning[SafeguardsList.country(country).uppercased(), default: []].append(i) }
            if let destination = candidate.destination {
                let country = SafeguardsList.country(destination).uppercased()
                let code = codes[country] ?? UInt16(truncatingIfNeeded: codes.count + 1)
                codes[country] = code
                destinationCode[index] = code
            }
            availableFrom[index] = candidate.person.availableFrom.flatMap(ISODate.day) ?? 0
            for skill in candidate.profile.skills { skills[skill, default: []].append(i) }
            var groups = Set<String>()
            for code in candidate.profile.occupations where code.count >= 2 {
                for length in 2...min(4, code.count) { groups.insert(String(code.prefix(length))) }
            }
            for group in groups { isco[group, default: []].append(i) }
        }
        skillIndex = skills
        iscoIndex = isco
        returningIndex = returning
        countryCodes = codes
        self.destinationCode = destinationCode
        self.availableFrom = availableFrom
    }

    public var count: Int { candidates.count }

    /// The hard filters of DESIGN.md §5 that come before any score: a candidate registered for
    /// another destination, or available only after the job starts, is not a candidate for it.
    /// Consent is the pool's own condition (only consenting people are in it).
    public struct Filter: Sendable {
        /// 0: any destination; UInt16.max: a destination no candidate registered for.
        var destination: UInt16 = 0
        /// yyyymmdd; 0: no start date.
        var startDay: Int32 = 0

        func admits(_ i: Int, _ pool: CandidatePool) -> Bool {
            if destination != 0 && pool.destinationCode[i] != destination { return false }
            if startDay != 0 && pool.availableFrom[i] > startDay { return false }
            return true
        }
    }

    /// The filter for a job: its country, if it has one, and its start date.
    public func filter(for job: JobOpening) -> Filter {
        var filter = Filter()
        if let country = job.country { filter.destination = countryCodes[SafeguardsList.country(country).uppercased()] ?? .max }
        if let start = job.startDate { filter.startDay = ISODate.day(start) ?? 0 }
        return filter
    }

    /// The indices of up to `limit` candidates with the most of the job's skills and the
    /// closest occupation, best first (ties in pool order), among those the job's hard
    /// filters admit. Candidates with neither are not returned: nothing in their profile
    /// relates to the job.
    public func recall(_ job: JobOpening, limit: Int) -> [Int32] { recall(job, limit: limit, filter: filter(for: job), among: nil) }

    /// The same among the candidates returning to `country` only (for reintegration lists),
    /// wherever they registered.
    public func recall(_ job: JobOpening, limit: Int, returningTo country: String) -> [Int32] {
        var allowed = [Bool](repeating: false, count: candidates.count)
        for i in returningIndex[SafeguardsList.country(country).uppercased()] ?? [] { allowed[Int(i)] = true }
        var filter = filter(for: job)
        filter.destination = 0
        return recall(job, limit: limit, filter: filter, among: allowed)
    }

    private func recall(_ job: JobOpening, limit: Int, filter: Filter, among allowed: [Bool]?) -> [Int32] {
        if filter.destination == .max { return [] }
        // Dense counters (one byte a candidate) and the list of those touched: no hashing on
        // lists that can hold a tenth of the pool.
        var points = [UInt8](repeating: 0, count: candidates.count)
        var touched: [Int32] = []
        func add(_ list: [Int32]) {
            for i in list where allowed?[Int(i)] ?? true {
                let p = points[Int(i)]
                if p == 0 { touched.append(i) }
                if p < 255 { points[Int(i)] = p + 1 }
            }
        }
        // A shared ISCO digit weighs as much as a required skill: four for the same unit group.
        for code in Set(job.occupations) where code.count >= 2 {
            for length in 2...min(4, code.count) { add(iscoIndex[String(code.prefix(length))] ?? []) }
        }
        for skill in Set(job.skills) { add(skillIndex[skill] ?? []) }
        // Counting sort by points, best first; ties in pool order. The hard filters are
        // checked here, once per touched candidate.
        var buckets = [[Int32]](repeating: [], count: 256)
        for i in touched where filter.admits(Int(i), self) { buckets[Int(points[Int(i)])].append(i) }
        var out: [Int32] = []
        out.reserveCapacity(min(limit, touched.count))
        for score in stride(from: 255, through: 1, by: -1) where !buckets[score].isEmpty {
            let bucket = buckets[score]
            if out.count + bucket.count <= limit {
                out += bucket.sorted()
            } else {
                out += bucket.sorted().prefix(limit - out.count)
            }
            if out.count >= limit { break }
        }
        return out
    }
}
