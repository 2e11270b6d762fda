import ParityTestSupport
import Testing

@testable import ParityCore

/// Recognition looked up in the summary made when a candidate entered the pool gives exactly
/// the shortlists that recognising each candidate when a job weighs it gives; a summary of
/// another engine, or for another country, is never used.
@Suite struct RankedRecognitionTests {
    /// Candidates of Population with credentials from every shipped national framework (a
    /// random level each, some with two credentials, some with none a framework knows), half
    /// registered for Germany and half for Ireland.
    static let members: [Candidate] = {
        let national = Shipped.set.sortedFrameworks.filter { $0.kind == .national && !$0.countries.isEmpty }
        var g = SeededGenerator(state: 27)
        return Population.make(3_000, seed: 27).enumerated().map { i, c in
            var c = c
            c.destination = i % 2 == 0 ? "DE" : "IE"
            var credentials: [Credential] = []
            for _ in 0..<(i % 5 == 0 ? 2 : 1) {
                guard let f = national.randomElement(using: &g) else { continue }
                credentials.append(
                    Credential(
                        title: i % 7 == 0 ? "Unknown paper" : "Certificate", country: f.countries.first ?? "IE",
                        framework: i % 11 == 0 ? nil : f.id, level: f.levels.randomElement(using: &g)?.id,
                        occupation: "2512", evidence: i % 3 == 0 ? .selfDeclared : .diploma))
            }
            c.profile.credentials = credentials
            return c
        }
    }()

    static func jobs() -> [JobOpening] {
        let occupations = Array(Population.occupations.prefix(6))
        var jobs: [JobOpening] = []
        for (n, occupation) in occupations.enumerated() {
            for country in ["DE", "IE"] {
                for level in ["3", "4", "5", "6", "7"] {
                    var job = Population.job(occupation)
                    job.id += "-\(country)-\(level)-\(n)"
                    job.country = country
                    job.education = .init(framework: "EQF", level: level)
                    jobs.append(job)
                }
                var shown = Population.job(occupation)  // recognition shown, not scored
                shown.education = nil
                shown.country = country
                jobs.append(shown)
            }
        }
        return jobs
    }

    @Test func shortlistsFromSummariesAreTheShortlistsRecognisedLive() {
        let engine = Shipped.engine
        let live = Matcher(pool: CandidatePool(Self.members), engine: engine)
        let summarised = Matcher(pool: CandidatePool(Self.members.map { $0.recognised(by: engine) }), engine: engine)
        for job in Self.jobs() {
            let expected = live.shortlist(job, top: 20)
            #expect(!expected.candidates.isEmpty, "\(job.id)")
            #expect(summarised.shortlist(job, top: 20) == expected, "\(job.id)")
        }
    }

    @Test func equalSummariesAreOneObject() {
        let engine = Shipped.engine
        let summaries = Self.members.map { $0.recognised(by: engine).recognition }
        let distinct = Set(summaries.compactMap { $0.map(ObjectIdentifier.init) })
        #expect(distinct.count == Set(summaries.compactMap { $0 }).count)
        #expect(distinct.count < Self.members.count / 10)
    }

    /// A summary that says the credential is comparable at the level asked for: used, it would lift the
    /// candidate's score; the matcher takes it only from its own engine and for the job's country.
    @Test func aSummaryOfAnotherEngineOrCountryIsNotUsed() throws {
        let engine = Shipped.engine
        let job = Self.jobs().first { $0.education?.level == "7" && $0.country == "DE" }
        let job7 = try #require(job)
        var candidate = Self.members[0]
        candidate.profile.credentials = [Credential(title: "Unknown paper", country: "ZZ", evidence: .selfDeclared)]
        guard
            case .level(let required) = RequiredLevel.resolve(
                .init(framework: "EQF", level: "7"), country: "DE", engine: engine),
            let met = required.minimumLevel.sorted(by: <).first
        else {
            Issue.record("EQF 7 has no reading in Germany's framework")
            return
        }
        func forged(engine token: UInt64, destination: String) -> RankedRecognition {
            RankedRecognition(
                destination: destination,
                results: [
                    .init(outcome: .comparable, equivalents: [LevelReference(framework: met.key, level: met.value)])
                ],
                engine: token)
        }
        func score(_ summary: RankedRecognition?) -> Double? {
            var c = candidate
            c.recognition = summary
            return Matcher(pool: CandidatePool([c]), engine: engine).shortlist(job7, top: 1).candidates.first?.score
        }
        let honest = try #require(score(nil))
        let other = RecognitionEngine(set: Shipped.set)
        #expect(score(forged(engine: other.rankings.token, destination: "DE")) == honest)
        #expect(score(forged(engine: engine.rankings.token, destination: "IE")) == honest)
        // The control: the same summary from the matcher's own engine is what it ranks with.
        #expect(try #require(score(forged(engine: engine.rankings.token, destination: "DE"))) > honest)
    }
}
