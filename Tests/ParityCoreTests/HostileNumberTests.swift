import ParityCore
import Testing

/// Figures from outside are summed without ever trapping: a person with thousands of records
/// of the most months each, or records at `Int.max` that some older version stored.
@Suite struct HostileNumberTests {
    @Test func sumsStopAtTheLimitsInsteadOfTrapping() {
        #expect(Int.max.addingSaturated(1) == .max)
        #expect(Int.min.addingSaturated(-1) == .min)
        #expect((Int.max - 5).addingSaturated(5) == .max)
        #expect(40.addingSaturated(2) == 42)
    }

    @Test func aCandidateWithExperienceSummingPastIntMaxIsBuilt() {
        let records =
            (0..<10_000).map { _ in Experience(occupation: "7411", country: "SA", months: Int.max / 1000) }
            + [Experience(occupation: "7411", country: "SA", months: Int.max)]
        let entry = CredentialBatch.Entry(person: Person(id: "p-1"), experience: records)
        let candidate = Candidate(entry: entry, ref: "c-1") { $0 }
        #expect(candidate.profile.experience["7411"] == Int.max)
    }
}
