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
///
/// Memory: candidates are kept in chunks of 4,096 slots, so an update while a job still holds
/// the old pool copies only the chunks it touches (copy-on-write per chunk), not a million
/// candidates; and a stored candidate's skills are kept once, as the index's skill ids, not
/// also as a set of URI strings (`candidate(_:)` gives them back).
public struct CandidatePool: Sendable {
    static let chunkShift = 12
    static let chunkSize = 1 << chunkShift
    /// By slot, in chunks; an emptied slot holds a blank candidate, never returned. Stored
    /// without `profile.skills` (see `skills`).
    var chunks: [[Candidate]] = []
    /// Slots used so far (live and emptied).
    public internal(set) var slotCount = 0
    /// What the hard filters read, as sets of slots, one bit each, so that what a query reads
    /// at random stays in cache (128 KB per million slots): the live slots, the live slots of
    /// each destination code, and the slots with an `availableFrom`.
    var live = SlotSet()
    var registeredFor: [UInt32: SlotSet] = [:]
    var dated = SlotSet()
    /// Per slot: the destination's code in the high half (0: none), `availableFrom` as
    /// yyyymmdd in the low half (0: not stated, available).
    var facts: [UInt64]
    /// Slot of each candidate's `key`, in 4,096 shards (by a hash of the key), so that an
    /// update while the old pool is held copies the shards it touches, not the whole table.
    var slots = [[String: Int32]](repeating: [:], count: 4096)
    /// Skill URIs and ISCO groups ("#25", "#251", "#2512") to their posting lists.
    var terms: [String: Int32] = [:]
    var postings: [[Int32]] = []
    /// Each term by its id (one string shared by every candidate who has it).
    var termNames: [String] = []
    /// Candidates returning to each country (ISO 3166-1 part of `person.returning.country`).
    var returning: [String: [Int32]] = [:]
    var countryCodes: [String: UInt32] = [:]
    /// Per slot, the pool's ids of the candidate's skills, sorted (-1 each once the slot is
    /// emptied), in chunks of `chunkSize` slots like the candidates. Exact scoring counts a
    /// job's skills from these, not by hashing URIs.
    var skills: [SkillChunk] = []

    struct SkillChunk: Sendable {
        /// The chunk's skill ids, slot after slot.
        var ids: [Int32] = []
        /// Slot `i` of the chunk: `ids[start[i]..<start[i + 1]]`.
        var start: [UInt32] = [0]
    }
    /// Per slot, the order among equal scores (FNV-1a of the reference).
    var tieKeys: [UInt64]
    /// Live candidates.
    public internal(set) var count = 0
    /// Counters reused across queries (a query borrows one, and hands it back zeroed).
    let scratch = Scratch()

    public init(_ candidates: [Candidate]) {
        facts = []
        tieKeys = []
        reserve(candidates.count)
        for candidate in candidates { append(candidate, skills: candidate.profile.skills) }
    }

    /// The live candidates, in slot order, each whole (skills included).
    public var members: [Candidate] { (0..<slotCount).compactMap { live.contains($0) ? candidate(Int32($0)) : nil } }

    /// The keys of the live entries whose key starts with `scope` and whose pseudonymous
    /// reference is `ref`: how an erasure committed on another node, which names the person by
    /// reference only, finds them here. A scan of the pool: erasures are rare.
    public func keys(reference ref: String, scope: String) -> [String] {
        let prefix = scope + "\u{1F}"
        return (0..<slotCount).compactMap { slot in
            guard live.contains(slot) else { return nil }
            let c = stored(Int32(slot))
            return c.ref == ref && c.key.hasPrefix(prefix) ? c.key : nil
        }
    }

    /// The candidate in `slot`, whole: its skills rebuilt from the index's ids.
    public func candidate(_ slot: Int32) -> Candidate {
        var c = stored(slot)
        c.profile.skills = Set(skillTerms(slot))
        return c
    }

    /// The candidate in `slot` as stored: everything but `profile.skills` (scoring counts
    /// skills from the ids: `holds`).
    func stored(_ slot: Int32) -> Candidate {
        chunks[Int(slot) >> Self.chunkShift][Int(slot) & (Self.chunkSize - 1)]
    }

    /// The skill URIs of `slot`'s candidate (none once emptied).
    private func skillTerms(_ slot: Int32) -> [String] {
        let (c, range) = skillRange(slot)
        return skills[c].ids[range].compactMap { id in id >= 0 ? termNames[Int(id)] : nil }
    }

    /// The chunk of `slot` and the range of its skill ids in that chunk.
    func skillRange(_ slot: Int32) -> (chunk: Int, range: Range<Int>) {
        let c = Int(slot) >> Self.chunkShift, i = Int(slot) & (Self.chunkSize - 1)
        return (c, Int(skills[c].start[i])..<Int(skills[c].start[i + 1]))
    }

    static func shard(_ key: String) -> Int {
        var h: UInt32 = 0x811c_9dc5
        for byte in key.utf8 { h = (h ^ UInt32(byte)) &* 0x0100_0193 }
        return Int(h & 4095)
    }

    /// Takes the candidates of `keys` out (erased, withdrawn, or about to come back changed)
    /// and appends `fresh` (an entry already in the pool under the same key is replaced).
    public mutating func update(removing keys: some Sequence<String>, adding fresh: [Candidate]) {
        for key in keys { remove(key) }
        for candidate in fresh { remove(candidate.key) }
        let empty = slotCount - count
        if empty > 1024 && empty * 4 > slotCount {
            // Rebuilt from the stored candidates and their skill ids: no set of skill strings
            // is ever made for the whole pool.
            var rebuilt = CandidatePool([])
            rebuilt.reserve(count + fresh.count)
            for slot in 0..<slotCount where live.contains(slot) {
                rebuilt.append(stored(Int32(slot)), skills: skillTerms(Int32(slot)))
            }
            for candidate in fresh { rebuilt.append(candidate, skills: candidate.profile.skills) }
            self = rebuilt
            return
        }
        // No exact reserve here: appends grow the arrays geometrically, so a batch does not
        // copy the whole pool to make room.
        for candidate in fresh { append(candidate, skills: candidate.profile.skills) }
    }

    private mutating func reserve(_ capacity: Int) {
        chunks.reserveCapacity((capacity + Self.chunkSize - 1) >> Self.chunkShift)
        facts.reserveCapacity(capacity)
        tieKeys.reserveCapacity(capacity)
    }

    static let blank = Candidate(
        personId: "", ref: "", profile: .init(), residence: nil, consent: .init(), person: Person(id: ""))

    private mutating func remove(_ key: String) {
        guard let slot = slots[Self.shard(key)].removeValue(forKey: key) else { return }
        chunks[Int(slot) >> Self.chunkShift][Int(slot) & (Self.chunkSize - 1)] = Self.blank
        live.remove(Int(slot))
        let (c, range) = skillRange(slot)
        for k in range { skills[c].ids[k] = -1 }
        registeredFor[UInt32(truncatingIfNeeded: facts[Int(slot)] >> 32)]?.remove(Int(slot))
        count -= 1
    }

    private mutating func append(_ candidate: Candidate, skills: some Sequence<String>) {
        let slot = Int32(slotCount)
        var stored = candidate
        stored.profile.skills = []
        if slotCount & (Self.chunkSize - 1) == 0 {
            var chunk: [Candidate] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
            self.skills.append(SkillChunk())
        }
        chunks[chunks.count - 1].append(stored)
        slotCount += 1
        slots[Self.shard(candidate.key)][candidate.key] = slot
        count += 1
        if let country = candidate.person.returning?.country {
            returning[SafeguardsList.country(country).uppercased(), default: []].append(slot)
        }
        var code: UInt32 = 0
        if let destination = candidate.destination {
            let country = SafeguardsList.country(destination).uppercased()
            code = countryCodes[country] ?? UInt32(countryCodes.count + 1)
            countryCodes[country] = code
        }
        let day = UInt32(candidate.person.availableFrom.flatMap(ISODate.day) ?? 0)
        live.insert(Int(slot))
        if code != 0 { registeredFor[code, default: SlotSet()].insert(Int(slot)) }
        if day != 0 { dated.insert(Int(slot)) }
        facts.append(UInt64(code) << 32 | UInt64(day))
        var key: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in candidate.ref.utf8 { key = (key ^ UInt64(byte)) &* 0x100_0000_01b3 }
        tieKeys.append(key)
        let ids = skills.map { post($0, slot) }.sorted()
        self.skills[self.skills.count - 1].ids += ids
        self.skills[self.skills.count - 1].start.append(UInt32(self.skills[self.skills.count - 1].ids.count))
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

    @discardableResult
    private mutating func post(_ term: String, _ slot: Int32) -> Int32 {
        if let id = terms[term] {
            postings[Int(id)].append(slot)
            return id
        }
        let id = Int32(postings.count)
        terms[term] = id
        termNames.append(term)
        postings.append([slot])
        return id
    }
}
