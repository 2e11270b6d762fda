/// Reading the pool for a job: the candidates whose occupation or skills the job names (the
/// inverted index), who pass its hard filters, in a stable tie order; and how many of the
/// job's skills each holds.
extension CandidatePool {
    /// The pool's ids of `skills`, sorted; a skill no one in the pool has is left out (no one
    /// holds it).
    public func skillIds(_ skills: some Sequence<String>) -> [Int32] { Set(skills.compactMap { terms[$0] }).sorted() }

    /// How many of `ids` (sorted, from `skillIds`) each slot's candidate has, in one pass so
    /// that the memory reads of different slots overlap.
    public func holds(_ slots: [Int32], of ids: [Int32]) -> [Int] {
        slots.map { slot in
            let (c, range) = skillRange(slot)
            return skills[c].ids.withUnsafeBufferPointer { skills in
                var held = 0, k = range.lowerBound
                for id in ids {
                    while k < range.upperBound && skills[k] < id { k += 1 }
                    if k < range.upperBound && skills[k] == id { held += 1 }
                }
                return held
            }
        }
    }

    /// Whether slot `a` comes before slot `b` among equal scores.
    public func precedes(_ a: Int32, _ b: Int32) -> Bool { tieOrder(a) < tieOrder(b) }

    /// The slot's place among equal scores: its reference's key, then the slot.
    public func tieOrder(_ slot: Int32) -> TieOrder { TieOrder(key: tieKeys[Int(slot)], slot: slot) }

    public struct TieOrder: Comparable, Sendable {
        let key: UInt64
        let slot: Int32
        public static func < (a: Self, b: Self) -> Bool { a.key != b.key ? a.key < b.key : a.slot < b.slot }
    }

    /// The hard filters of DESIGN.md §5 that come before any score: a candidate registered for
    /// another destination, or available only after the job starts, is not a candidate for it.
    /// Consent is the pool's own condition (only consenting people are in it).
    public struct Filter: Sendable {
        /// 0: any destination; UInt32.max: a destination no candidate registered for.
        var destination: UInt32 = 0
        /// yyyymmdd; 0: no start date.
        var startDay: UInt32 = 0
    }

    /// The filter for a job: its country, if it has one, and its start date.
    public func filter(for job: JobOpening) -> Filter {
        var filter = Filter()
        if let country = job.country {
            filter.destination = countryCodes[SafeguardsList.country(country).uppercased()] ?? .max
        }
        if let start = job.startDate { filter.startDay = ISODate.day(start).map { UInt32(bitPattern: $0) } ?? 0 }
        return filter
    }

    /// The slots of up to `limit` candidates with the most of the job's skills and the
    /// closest occupation, most points first, among those the job's hard filters admit; equal
    /// points cut at the limit are cut in tie order (`precedes`), so the set is deterministic. Candidates with neither are not returned: nothing in their profile
    /// relates to the job.
    public func recall(_ job: JobOpening, limit: Int) -> [Int32] {
        recall(job, limit: limit, filter: filter(for: job), among: nil)
    }

    /// The same among the candidates returning to `country` only (for reintegration lists),
    /// wherever they registered.
    public func recall(_ job: JobOpening, limit: Int, returningTo country: String) -> [Int32] {
        var filter = filter(for: job)
        filter.destination = 0
        return recall(
            job, limit: limit, filter: filter, among: returning[SafeguardsList.country(country).uppercased()] ?? [])
    }

    private func recall(_ job: JobOpening, limit: Int, filter: Filter, among allowed: [Int32]?) -> [Int32] {
        if filter.destination == .max || limit <= 0 { return [] }
        let admitted = filter.destination == 0 ? live : registeredFor[filter.destination] ?? SlotSet()
        var terms: [(term: String, list: [Int32])] = []
        // A shared ISCO digit weighs as much as a required skill: four for the same unit group.
        for term in Self.groupTerms(job.occupations) {
            if let id = self.terms[term] { terms.append((term, postings[Int(id)])) }
        }
        for skill in Set(job.skills) { if let id = self.terms[skill] { terms.append((skill, postings[Int(id)])) } }
        // Shortest lists first: once the best `limit` are out of reach of anyone not yet seen,
        // the longest lists are not read; the few who could still make it are checked
        // against their own profile instead.
        terms.sort { $0.list.count != $1.list.count ? $0.list.count < $1.list.count : $0.term < $1.term }
        let lists = terms.map(\.list)

        var (points, touched) = scratch.take(slotCount)
        var hist = [Int](repeating: 0, count: 256)
        var read = lists.count
        points.withUnsafeMutableBufferPointer { p in
            hist.withUnsafeMutableBufferPointer { h in
                admitted.words.withUnsafeBufferPointer { a in
                    dated.words.withUnsafeBufferPointer { d in
                        facts.withUnsafeBufferPointer { f in
                            let gates = Gates(admitted: a, dated: d, facts: f, startDay: filter.startDay)
                            if let allowed {
                                Self.count(lists, among: allowed, gates: gates, points: p, hist: h, touched: &touched)
                            } else {
                                read = Self.count(
                                    lists, limit: limit, gates: gates, points: p, hist: h, touched: &touched)
                            }
                        }
                    }
                }
            }
        }
        // Those who could still reach the `limit`-th score get the unread lists' points by
        // looking themselves up in those (sorted) lists; the best `limit` by points are
        // gathered (ties by `precedes`).
        let unread = lists[read...]
        let reach = Self.threshold(hist, lists: lists.count, limit: limit) - unread.count
        var contenders: [(slot: Int32, points: Int)] = []
        points.withUnsafeMutableBufferPointer { p in
            for i in touched {
                let v = Int(p[Int(i)])
                p[Int(i)] = 0
                if v != 255, v > 0, v >= reach { contenders.append((i, v)) }
            }
        }
        if !unread.isEmpty {
            contenders.sort { $0.slot < $1.slot }
            for list in unread { Self.addHits(list, to: &contenders) }
        }
        var buckets = [[Int32]](repeating: [], count: 256)
        for c in contenders { buckets[min(c.points, 254)].append(c.slot) }
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
}
