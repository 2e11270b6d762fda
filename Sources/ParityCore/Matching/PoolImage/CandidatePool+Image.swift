/// The pool as bytes, and back: its candidates and its index exactly as they are in memory
/// (posting lists, skill ids, filter bits), so that reading an image costs a pass over the
/// bytes, not the rebuild of the index that filling a pool does. No I/O here: the service's
/// `PoolSnapshot` keeps an image in a file, with what decides whether it may be trusted.
///
/// Only the candidates' ranking summaries depend on the engine: they are written as a table
/// and tied again, on reading, to the engine the caller vouches for (the one whose framework
/// data the image was made with: the snapshot file says which).
extension CandidatePool {
    /// The format of the bytes below; a reader refuses any other.
    public static let imageFormat: UInt32 = 1

    public func image() -> [UInt8] {
        var w = ByteWriter()
        w.bytes.reserveCapacity(slotCount * 320 + postings.count * 16)
        w.fixed([Self.imageFormat])
        w.count(slotCount)
        w.count(count)
        // The ranking summaries, each once; slots name them by position + 1.
        var summaries: [ObjectIdentifier: Int] = [:]
        var table: [RankedRecognition] = []
        for chunk in chunks {
            for c in chunk {
                guard let r = c.recognition, summaries[ObjectIdentifier(r)] == nil else { continue }
                table.append(r)
                summaries[ObjectIdentifier(r)] = table.count
            }
        }
        w.array(table) { w, r in
            w.string(r.destination)
            w.array(r.results) { w, result in
                w.raw(result.outcome)
                w.array(result.equivalents) { w, e in
                    w.string(e.framework)
                    w.string(e.level)
                }
            }
        }
        for slot in 0..<slotCount {
            let c = stored(Int32(slot))
            w.bool(live.contains(slot))
            if live.contains(slot) {
                w.candidate(c, recognition: c.recognition.flatMap { summaries[ObjectIdentifier($0)] } ?? 0)
            }
        }
        w.array(skills) { w, chunk in
            w.fixed(chunk.ids)
            w.fixed(chunk.start)
        }
        w.strings(termNames)
        w.array(postings) { $0.fixed($1) }
        w.fixed(facts)
        w.fixed(tieKeys)
        w.fixed(live.words)
        w.fixed(dated.words)
        w.array(registeredFor.sorted { $0.key < $1.key }) { w, entry in
            w.fixed([entry.key])
            w.fixed(entry.value.words)
        }
        w.array(countryCodes.sorted { $0.key < $1.key }) { w, entry in
            w.string(entry.key)
            w.fixed([entry.value])
        }
        w.array(returning.sorted { $0.key < $1.key }) { w, entry in
            w.string(entry.key)
            w.fixed(entry.value)
        }
        return w.bytes
    }

    /// The pool an image holds, its candidates' ranking summaries tied to `engine`. Every
    /// length and slot is checked against the rest: a damaged image is refused, never half read.
    public static func reading(image: [UInt8], engine: RecognitionEngine) throws(PoolImageError) -> CandidatePool {
        try image.withUnsafeBytes { bytes in
            Result { () throws(PoolImageError) in try reading(image: bytes, engine: engine) }
        }.get()
    }

    /// The same from bytes in place (a mapped file).
    public static func reading(
        image: UnsafeRawBufferPointer, engine: RecognitionEngine
    ) throws(PoolImageError)
        -> CandidatePool
    {
        var r = ByteReader(image)
        return try read(&r, engine: engine)
    }

    private static func read(_ r: inout ByteReader, engine: RecognitionEngine) throws(PoolImageError) -> CandidatePool {
        let format: [UInt32] = try r.fixed()
        guard format == [imageFormat] else {
            throw r.fail("format \(format.first.map(String.init) ?? "?"), where \(imageFormat) was expected")
        }
        var pool = CandidatePool([])
        pool.slotCount = try r.count(atLeast: 0)
        pool.count = try r.count(atLeast: 0)
        let table = try r.array { r throws(PoolImageError) in
            let destination = try r.string()
            let results = try r.array { r throws(PoolImageError) in
                RankedRecognition.Result(
                    outcome: try r.raw(),
                    equivalents: try r.array { r throws(PoolImageError) in
                        LevelReference(framework: try r.string(), level: try r.string())
                    })
            }
            return engine.rankings.intern(
                RankedRecognition(destination: destination, results: results, engine: engine.rankings.token))
        }
        pool.chunks.reserveCapacity((pool.slotCount + chunkSize - 1) >> chunkShift)
        var keys: [(String, Int32)] = []
        keys.reserveCapacity(pool.count)
        for slot in 0..<pool.slotCount {
            if slot & (chunkSize - 1) == 0 {
                pool.chunks.append([])
                pool.chunks[pool.chunks.count - 1].reserveCapacity(chunkSize)
            }
            var c = blank
            if try r.bool() {
                let (read, summary) = try r.candidate()
                guard summary <= table.count else {
                    throw r.fail("slot \(slot) names summary \(summary) of \(table.count)")
                }
                c = read
                c.recognition = summary == 0 ? nil : table[summary - 1]
                keys.append((c.key, Int32(slot)))
            }
            pool.chunks[pool.chunks.count - 1].append(c)
        }
        guard keys.count == pool.count else {
            throw r.fail("\(keys.count) live candidates, where \(pool.count) were announced")
        }
        for (key, slot) in keys { pool.slots[shard(key)][key] = slot }
        pool.skills = try r.array { r throws(PoolImageError) in
            SkillChunk(ids: try r.fixed(), start: try r.fixed())
        }
        pool.termNames = try r.strings()
        pool.terms = Dictionary(
            pool.termNames.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        pool.postings = try r.array { r throws(PoolImageError) in try r.fixed() }
        pool.facts = try r.fixed()
        pool.tieKeys = try r.fixed()
        pool.live = SlotSet(words: try r.fixed())
        pool.dated = SlotSet(words: try r.fixed())
        let registered = try r.array { r throws(PoolImageError) in
            (try r.fixed() as [UInt32], SlotSet(words: try r.fixed()))
        }
        for (code, set) in registered {
            guard code.count == 1, let c = code.first else { throw r.fail("a destination code of the wrong size") }
            pool.registeredFor[c] = set
        }
        for (name, code) in try r.array({ r throws(PoolImageError) in (try r.string(), try r.fixed() as [UInt32]) }) {
            guard code.count == 1, let c = code.first else { throw r.fail("a country code of the wrong size") }
            pool.countryCodes[name] = c
        }
        for (name, slots) in try r.array({ r throws(PoolImageError) in (try r.string(), try r.fixed() as [Int32]) }) {
            pool.returning[name] = slots
        }
        guard r.atEnd else { throw r.fail("bytes after the end of the pool") }
        try pool.checkShape(&r)
        return pool
    }

    /// What a query would index with: every list as long as the slots it covers, every posting
    /// and skill id within bounds. A damaged image that passed its checksum fails here.
    private func checkShape(_ r: inout ByteReader) throws(PoolImageError) {
        let chunkCount = (slotCount + Self.chunkSize - 1) >> Self.chunkShift
        guard facts.count == slotCount, tieKeys.count == slotCount, skills.count == chunkCount,
            postings.count == termNames.count, terms.count == termNames.count
        else { throw r.fail("the index's lists do not match its \(slotCount) slots") }
        for (c, chunk) in skills.enumerated() {
            let slots = min(Self.chunkSize, slotCount - c << Self.chunkShift)
            guard chunk.start.count == slots + 1, chunk.start.first == 0,
                chunk.start.last.map(Int.init) == chunk.ids.count,
                zip(chunk.start, chunk.start.dropFirst()).allSatisfy({ $0 <= $1 }),
                chunk.ids.allSatisfy({ $0 >= -1 && Int($0) < termNames.count })
            else { throw r.fail("skill ids of chunk \(c) out of bounds") }
        }
        for list in postings {
            guard list.allSatisfy({ $0 >= 0 && Int($0) < slotCount }) else {
                throw r.fail("a posting list names a slot beyond \(slotCount)")
            }
        }
        for list in returning.values where !list.allSatisfy({ $0 >= 0 && Int($0) < slotCount }) {
            throw r.fail("a returning list names a slot beyond \(slotCount)")
        }
    }
}
