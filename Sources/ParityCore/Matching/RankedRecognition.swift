import Synchronization

/// What ranking needs of a candidate's recognition in their destination: per credential, the
/// outcome and the equivalents' levels in order, as `RecognitionEngine.recognise` gives them.
/// Computed once when the candidate enters the pool (`Candidate.recognised(by:)`), so that a
/// shortlist which scores recognition looks it up instead of recognising every candidate it
/// weighs; the full result, with its sentences, is computed for the listed candidates only.
///
/// It belongs to one engine: a pool made with other framework data (before a reload) is
/// resolved again with the new engine, and a summary of another engine, or for another
/// country than the job's, is never used (the matcher recognises live instead). Equal
/// summaries are one shared object (there are few distinct ones: they follow the routes), so
/// a million candidates cost a pointer each.
public final class RankedRecognition: Sendable, Hashable {
    public struct Result: Sendable, Hashable {
        public var outcome: EquivalenceResult.Outcome
        public var equivalents: [LevelReference]
    }

    public let destination: String
    public let results: [Result]
    /// The engine it was computed by (`RecognitionEngine.rankings.token`).
    let engine: UInt64

    init(destination: String, results: [Result], engine: UInt64) {
        self.destination = destination; self.results = results; self.engine = engine
    }

    public static func == (a: RankedRecognition, b: RankedRecognition) -> Bool {
        a.engine == b.engine && a.destination == b.destination && a.results == b.results
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(engine); hasher.combine(destination); hasher.combine(results)
    }

    /// Whether `engine` may rank with it for a job in `country`.
    func applies(to engine: RecognitionEngine, country: String?) -> Bool {
        self.engine == engine.rankings.token && destination == country
    }
}

/// One engine's summaries, each kept once. An engine (and every copy of it) has one table;
/// its token tells its summaries from another engine's.
final class RankedRecognitions: Sendable {
    private static let tokens = Atomic<UInt64>(0)
    let token = RankedRecognitions.tokens.add(1, ordering: .relaxed).newValue
    private let shared = Mutex<Set<RankedRecognition>>([])

    func intern(_ made: RankedRecognition) -> RankedRecognition {
        shared.withLock { table in
            if let existing = table.firstIndex(of: made) { return table[existing] }
            table.insert(made)
            return made
        }
    }
}

extension RecognitionEngine {
    /// The ranking summary of `credentials` recognised in `destination`: one `recognise` per
    /// credential, exactly as the shortlist's scorer calls it (a credential it cannot recognise
    /// there is left out, as the scorer leaves it out).
    public func ranking(_ credentials: [Credential], destination: String) -> RankedRecognition {
        let results = credentials.compactMap { credential -> RankedRecognition.Result? in
            guard let result = try? recognise(credential, destination: destination) else { return nil }
            return .init(
                outcome: result.outcome,
                equivalents: result.equivalents.map { LevelReference(framework: $0.framework, level: $0.level) })
        }
        return rankings.intern(RankedRecognition(destination: destination, results: results, engine: rankings.token))
    }
}

extension Candidate {
    /// The candidate as it enters the pool of `engine`'s data: with the ranking summary of its
    /// credentials in its destination (none without a destination).
    public func recognised(by engine: RecognitionEngine) -> Candidate {
        var c = self
        c.recognition = destination.map { engine.ranking(profile.credentials, destination: $0) }
        return c
    }
}
