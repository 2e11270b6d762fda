import Synchronization

/// The candidate pool with an inverted index: for each ESCO skill and each ISCO-08 group
/// (2, 3 and 4 digits), the candidates who have it. A job's first pass adds up, from those
/// lists only, how many of its skills and how close an occupation each candidate has; the
/// best few hundred are then scored exactly, with explanations (`CandidateScorer`).
///
/// Candidates live in slots. `update` empties the slots of people who left or changed (their
/// data is dropped at once) and appends the newcomers, so a batch costs what it adds, not a
/// rebuild of the pool; the index is rebuilt only when a quarter of the slots are empty.
/// Equal scores are ordered by a key drawn from the pseudonymous reference, not by slot, so
/// the same people give the same lists however they arrived.
public struct CandidatePool: Sendable {
    /// By slot; an emptied slot holds a blank candidate, never returned.
    public private(set) var candidates: [Candidate]
    /// Per slot, what the hard filters read, in one word so a query reads one place:
    /// bit 63 live, bits 47-62 the destination country's code (0: none), bits 0-31
    /// `availableFrom` as yyyymmdd (0: not stated, available).
    private var gates: [UInt64]
    private var slots: [String: Int32] = [:]
    /// Skill URIs and ISCO groups ("#25", "#251", "#2512") to their posting lists.
    private var terms: [String: Int32] = [:]
    private var postings: [[Int32]] = []
    /// Candidates returning to each country (ISO 3166-1 part of `person.returning.country`).
    private var returning: [String: [Int32]] = [:]
    private var countryCodes: [String: UInt16] = [:]
    /// Per slot, the order among equal scores (FNV-1a of the reference).
    private var tieKeys: [UInt64]
    /// Live candidates.
    public private(set) var count = 0
    /// Counters reused across queries (a query borrows one, and hands it back zeroed).
    private let scratch = Scratch()

    public init(_ candidates: [Candidate]) {
        self.candidates = []
        gates = []
        tieKeys = []
        reserve(candidates.count)
        for candidate in candidates { append(candidate) }
    }

    /// The live candidates, in slot order.
    public var members: [Candidate] { zip(candidates, gates).compactMap { $1 >> 63 == 1 ? $0 : nil } }

    /// Takes `personIds` out (erased, or about to come back changed) and appends `fresh`
    /// (a person already in the pool is replaced).
    public mutating func update(removing personIds: some Sequence<String>, adding fresh: [Candidate]) {
        for id in personIds { remove(id) }
        for candidate in fresh { remove(candidate.personId) }
        let empty = candidates.count - count
        if empty > 1024 && empty * 4 > candidates.count {
            self = CandidatePool(members + fresh)
            return
        }
        // No exact reserve here: appends grow the arrays geometrically, so a batch does not
        // copy the whole pool to make room.
        for candidate in fresh { append(candidate) }
    }

    private mutating func reserve(_ capacity: Int) {
        candidates.reserveCapacity(capacity)
        gates.reserveCapacity(capacity)
        tieKeys.reserveCapacity(capacity)
    }

    private static let blank = Candidate(personId: "", ref: "", profile: .init(), residence: nil, consent: .init(), person: Person(id: ""))

    private mutating func remove(_ personId: String) {
        guard let slot = slots.removeValue(forKey: personId) else { return }
        candidates[Int(slot)] = Self.blank
        gates[Int(slot)] = 0
        count -= 1
    }

    private mutating func append(_ candidate: Candidate) {
        let slot = Int32(candidates.count)
        candidates.append(candidate)
        slots[candidate.personId] = slot
        count += 1
        if let country = candidate.person.returning?.country { returning[SafeguardsList.country(country).uppercased(), default: []].append(slot) }
        var code: UInt16 = 0
        if let destination = candidate.destination {
            let country = SafeguardsList.country(destination).uppercased()
            code = countryCodes[country] ?? UInt16(truncatingIfNeeded: countryCodes.count + 1)
            countryCodes[country] = code
        }
        let day = UInt64(UInt32(candidate.person.availableFrom.flatMap(ISODate.day) ?? 0))
        gates.append(1 << 63 | UInt64(code) << 47 | day)
        var key: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in candidate.ref.utf8 { key = (key ^ UInt64(byte)) &* 0x100_0000_01b3 }
        tieKeys.append(key)
        for skill in candidate.profile.skills { post(skill, slot) }
        for term in Self.groupTerms(candidate.profile.occupations) { post(term, slot) }
    }

    /// The index terms of ISCO-08 codes: each code's groups of 2, 3 and 4 digits ("#25",
    /// "#251", "#2512"), once each.
    static func groupTerms(_ codes: some Sequence<String>) -> [String] {
        var terms: [String] = []
        for code in codes where code.count >= 2 {
            for length in 2...min(4, code.count) {
                let term = "#" + code.prefix(length)
                if !terms.contains(term) { terms.append(term) }
            }
        }
        return terms
    }

    private mutating func post(_ term: String, _ slot: Int32) {
        if let id = terms[term] {
            postings[Int(id)].append(slot)
        } else {
            terms[term] = Int32(postings.count)
            postings.append([slot])
        }
    }

    /// Whether slot `a` comes before slot `b` among equal scores.
    public func precedes(_ a: Int32, _ b: Int32) -> Bool {
        let ka = tieKeys[Int(a)], kb = tieKeys[Int(b)]
        return ka != kb ? ka < kb : a < b
    }

    /// The hard filters of DESIGN.md §5 that come before any score: a candidate registered for
    /// another destination, or available only after the job starts, is not a candidate for it.
    /// Consent is the pool's own condition (only consenting people are in it).
    public struct Filter: Sendable {
        /// 0: any destination; UInt16.max: a destination no candidate registered for.
        var destination: UInt16 = 0
        /// yyyymmdd; 0: no start date.
        var startDay: Int32 = 0

        /// Whether a slot's gate word (see `gates`) passes.
        @inline(__always) func admits(_ gate: UInt64) -> Bool {
            guard gate >> 63 == 1 else { return false }
            if destination != 0 && (gate >> 47) & 0xFFFF != UInt64(destination) { return false }
            let available = gate & 0xFFFF_FFFF
            return startDay == 0 || available == 0 || available <= UInt64(UInt32(bitPattern: startDay))
        }
    }

    /// The filter for a job: its country, if it has one, and its start date.
    public func filter(for job: JobOpening) -> Filter {
        var filter = Filter()
        if let country = job.country { filter.destination = countryCodes[SafeguardsList.country(country).uppercased()] ?? .max }
        if let start = job.startDate { filter.startDay = ISODate.day(start) ?? 0 }
        return filter
    }

    /// The slots of up to `limit` candidates with the most of the job's skills and the
    /// closest occupation, most points first, among those the job's hard filters admit; equal
    /// points cut at the limit are cut in tie order (`precedes`), so the set is deterministic. Candidates with neither are not returned: nothing in their profile
    /// relates to the job.
    public func recall(_ job: JobOpening, limit: Int) -> [Int32] { recall(job, limit: limit, filter: filter(for: job), among: nil) }

    /// The same among the candidates returning to `country` only (for reintegration lists),
    /// wherever they registered.
    public func recall(_ job: JobOpening, limit: Int, returningTo country: String) -> [Int32] {
        var filter = filter(for: job)
        filter.destination = 0
        return recall(job, limit: limit, filter: filter, among: returning[SafeguardsList.country(country).uppercased()] ?? [])
    }

    private func recall(_ job: JobOpening, limit: Int, filter: Filter, among allowed: [Int32]?) -> [Int32] {
        if filter.destination == .max || limit <= 0 { return [] }
        var terms: [(term: String, list: [Int32])] = []
        // A shared ISCO digit weighs as much as a required skill: four for the same unit group.
        for term in Self.groupTerms(job.occupations) { if let id = self.terms[term] { terms.append((term, postings[Int(id)])) } }
        for skill in Set(job.skills) { if let id = self.terms[skill] { terms.append((skill, postings[Int(id)])) } }
        // Shortest lists first: once the best `limit` are out of reach of anyone not yet seen,
        // the longest lists are not read; the few who could still make it are checked
        // against their own profile instead.
        terms.sort { $0.list.count != $1.list.count ? $0.list.count < $1.list.count : $0.term < $1.term }
        let lists = terms.map(\.list)

        var (points, touched) = scratch.take(candidates.count)
        var hist = [Int](repeating: 0, count: 256)
        var read = lists.count
        points.withUnsafeMutableBufferPointer { p in
            hist.withUnsafeMutableBufferPointer { h in
                gates.withUnsafeBufferPointer { g in
                    if let allowed {
                        Self.count(lists, among: allowed, filter: filter, gates: g, points: p, hist: h, touched: &touched)
                    } else {
                        read = Self.count(lists, limit: limit, filter: filter, gates: g, points: p, hist: h, touched: &touched)
                    }
                }
            }
        }
        // Those who could still reach the `limit`-th score get the unread lists' points from
        // their profile; the best `limit` by points are gathered (ties by `precedes`).
        let unread = terms[read...].map(\.term)
        let reach = Self.threshold(hist, lists: lists.count, limit: limit) - unread.count
        var buckets = [[Int32]](repeating: [], count: 256)
        for i in touched {
            var v = Int(points[Int(i)])
            points[Int(i)] = 0
            guard v != 255, v > 0, v >= reach else { continue }
            if !unread.isEmpty {
                let profile = candidates[Int(i)].profile
                for term in unread where Self.has(profile, term) { v += 1 }
            }
            buckets[min(v, 254)].append(i)
        }
        touched.removeAll(keepingCapacity: true)
        scratch.give(points, touched)
        var out: [Int32] = []
        out.reserveCapacity(limit)
        for score in stride(from: 254, through: 1, by: -1) where !buckets[score].isEmpty {
            if out.count + buckets[score].count <= limit {
                out += buckets[score]
            } else {
                out += buckets[score].sorted(by: precedes).prefix(limit - out.count)
            }
            if out.count >= limit { break }
        }
        return out
    }

    /// Whether a profile has an index term: a skill URI, or an ISCO group ("#25").
    static func has(_ profile: Candidate.Profile, _ term: String) -> Bool {
        guard term.hasPrefix("#") else { return profile.skills.contains(term) }
        // The same as `groupTerms(profile.occupations).contains(term)` (terms are at most 4
        // digits, and a code with that prefix is as long), without building the terms.
        let group = term.dropFirst()
        return profile.experience.keys.contains { $0.hasPrefix(group) } || profile.credentials.contains { $0.occupation?.hasPrefix(group) == true }
    }
}

extension CandidatePool {
    /// The score the `limit`-th best admitted candidate has (0: fewer than `limit` scored).
    static func threshold<Counts: RandomAccessCollection<Int>>(_ hist: Counts, lists: Int, limit: Int) -> Int where Counts.Index == Int {
        var sum = 0
        for v in stride(from: min(254, lists), through: 1, by: -1) {
            sum += hist[v]
            if sum >= limit { return v }
        }
        return 0
    }

    /// Points per slot (255: seen, not admitted), `hist` of admitted points, and the slots
    /// touched, reading the (sorted) lists until the `limit`-th best is out of reach of anyone
    /// not yet seen and the few who could still reach it are cheaper to check one by one.
    /// Returns how many lists were read: the rest could only add to those already counted.
    static func count(_ lists: [[Int32]], limit: Int, filter: Filter, gates g: UnsafeBufferPointer<UInt64>,
                      points p: UnsafeMutableBufferPointer<UInt8>, hist h: UnsafeMutableBufferPointer<Int>, touched: inout [Int32]) -> Int {
        var unreadPostings = lists.reduce(0) { $0 + $1.count }
        for (k, list) in lists.enumerated() {
            // Stop when no one unseen can reach the `limit`-th score and checking the profiles
            // of those who still could is cheaper (a profile check costs about as much as
            // reading 16 postings) than reading the remaining lists.
            let unread = lists.count - k, score = threshold(h, lists: lists.count, limit: limit)
            if score > unread {
                var contenders = 0
                for v in max(1, score - unread)...254 { contenders += h[v] }
                if contenders * unread * 16 < unreadPostings { return k }
            }
            unreadPostings -= list.count
            list.withUnsafeBufferPointer { list in
                for i in list {
                    let v = p[Int(i)]
                    if v == 0 {
                        touched.append(i)
                        if filter.admits(g[Int(i)]) { p[Int(i)] = 1; h[1] &+= 1 } else { p[Int(i)] = 255 }
                    } else if v < 254 {
                        p[Int(i)] = v &+ 1; h[Int(v)] &-= 1; h[Int(v) &+ 1] &+= 1
                    }
                }
            }
        }
        return lists.count
    }

    /// The same among `allowed` slots only: each starts at 1, then pays it back.
    static func count(_ lists: [[Int32]], among allowed: [Int32], filter: Filter, gates g: UnsafeBufferPointer<UInt64>,
                      points p: UnsafeMutableBufferPointer<UInt8>, hist h: UnsafeMutableBufferPointer<Int>, touched: inout [Int32]) {
        for i in allowed where p[Int(i)] == 0 && filter.admits(g[Int(i)]) { p[Int(i)] = 1; touched.append(i) }
        for list in lists { for i in list { let v = p[Int(i)]; if v != 0 && v < 254 { p[Int(i)] = v &+ 1 } } }
        for i in touched { p[Int(i)] &-= 1; h[Int(p[Int(i)])] &+= 1 }
        h[0] = 0
    }
}

/// Zeroed counters and an empty list of touched slots, lent to queries and kept, so a query
/// over a large pool does not map and fault in fresh memory each time.
private final class Scratch: Sendable {
    private let free = Mutex<[([UInt8], [Int32])]>([])

    func take(_ count: Int) -> ([UInt8], [Int32]) {
        if var (points, touched) = free.withLock({ $0.popLast() }) {
            if points.count < count { points += [UInt8](repeating: 0, count: count - points.count) }
            return (points, touched)
        }
        return ([UInt8](repeating: 0, count: count), [])
    }

    /// `points` must be all zeros again and `touched` empty.
    func give(_ points: [UInt8], _ touched: [Int32]) {
        free.withLock { if $0.count < 8 { $0.append((points, touched)) } }
    }
}
