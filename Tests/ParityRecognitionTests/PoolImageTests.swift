import ParityTestSupport
import Testing

@testable import ParityCore

/// A pool read from its image is the pool that was written: the same candidates, field for
/// field, the same index, the same shortlists; a damaged image is refused, never half read.
@Suite struct PoolImageTests {
    /// A candidate with every optional field set, and two credentials (one sealed).
    static let full: Candidate = {
        var c = Population.make(1, seed: 99)[0]
        c.residence = "PH"
        c.destination = "DE"
        c.person.availableFrom = "2027-01-15"
        c.person.returning = .init(country: "PH", from: "2026-11-01")
        c.person.languages = ["tl", "en", "ar"]
        c.person.name = "Maria Dela Cruz — ماريا"
        c.experience = [Experience(occupation: "5322", country: "SA", months: 48, skills: ["care for the elderly"])]
        c.profile.experience = ["5322": 48, "2221": 12]
        var sealed = Credential(
            title: "Bachelor of Science in Nursing", awardingBody: "University of the Philippines", country: "PH",
            framework: "ph-pqf", level: "6", qualification: "bachelor", isced: .init(level: 6, field: "0913"),
            occupation: "2221", skills: ["http://data.europa.eu/esco/skill/x"],
            credits: .init(system: "ECTS", value: 240.5),
            durationYears: 4, awarded: "2015-04-30", mode: .formal, evidence: .diploma, checkedBy: "POEA",
            source: .init(
                format: "elm", document: "inbox/a.json", field: "credentialSubject", notes: ["a note"],
                authenticity: Authenticity(
                    verdict: .indeterminate, steps: [.init(.seal, .ok, "intact"), .init(.chain, .skipped, "offline")],
                    signer: .init(subject: "CN=X", issuer: "CN=Y", serial: "0a"), signedAt: "2024-01-01T00:00:00Z",
                    trustAnchor: .init(list: "EU", service: "QSeal", status: "granted"))))
        sealed.type = .qualification
        var test = Credential(title: "SVP electrician", country: "IN", occupation: "7411", mode: .nonFormal)
        test.type = .occupationalTest
        test.result = .passed
        test.testFor = "SA"
        c.profile.credentials = [sealed, test]
        return c.recognised(by: Shipped.engine)
    }()

    /// A pool with emptied slots, returning people and dated availability, as a daemon's is.
    static func pool() -> CandidatePool {
        var members = Population.make(9_000, seed: 12).map { $0.recognised(by: Shipped.engine) }
        for i in stride(from: 0, to: members.count, by: 7) { members[i].person.returning = .init(country: "IN") }
        for i in stride(from: 3, to: members.count, by: 11) { members[i].person.availableFrom = "2027-03-01" }
        var pool = CandidatePool(members)
        pool.update(removing: members.prefix(500).map(\.key), adding: [Self.full])
        return pool
    }

    @Test func aPoolReadFromItsImageIsThePoolThatWasWritten() throws {
        let pool = Self.pool()
        let image = pool.image()
        let read = try CandidatePool.reading(image: image, engine: Shipped.engine)
        #expect(read.members == pool.members)
        #expect(read.count == pool.count && read.slotCount == pool.slotCount)
        #expect(read.image() == image)
        let original = Matcher(pool: pool, engine: Shipped.engine), copy = Matcher(pool: read, engine: Shipped.engine)
        for occupation in Population.occupations.prefix(10) {
            let job = Population.job(occupation)
            #expect(copy.shortlist(job, top: 20) == original.shortlist(job, top: 20))
            #expect(read.recall(job, limit: 50, returningTo: "IN") == pool.recall(job, limit: 50, returningTo: "IN"))
        }
        // Its ranking summaries are the reading engine's: used, not recognised again.
        #expect(
            read.members.allSatisfy { $0.recognition?.applies(to: Shipped.engine, country: $0.destination) ?? false })
        // And it goes on as a pool: an update after reading.
        var updated = read
        updated.update(removing: [pool.members[0].key], adding: [])
        #expect(updated.count == pool.count - 1)
    }

    @Test func everyFieldOfACandidateSurvivesTheImage() throws {
        let read = try CandidatePool.reading(image: CandidatePool([Self.full]).image(), engine: Shipped.engine)
        #expect(read.members == [Self.full])
        // The codec writes these fields, in this number: a field added to one of the types must
        // be added to the codec too (and here).
        #expect(Mirror(reflecting: Self.full).children.count == 10)
        #expect(Mirror(reflecting: Self.full.profile).children.count == 3)
        #expect(Mirror(reflecting: Self.full.person).children.count == 10)
        #expect(Mirror(reflecting: Self.full.profile.credentials[0]).children.count == 19)
        #expect(Mirror(reflecting: Credential.Source(format: "", document: "", field: "")).children.count == 5)
        #expect(Mirror(reflecting: Authenticity.unsigned).children.count == 5)
        #expect(Mirror(reflecting: Self.full.experience[0]).children.count == 4)
    }

    @Test func aDamagedImageIsRefusedWhereverItIsCut() {
        let image = CandidatePool(Population.make(50, seed: 3)).image()
        for cut in stride(from: 0, to: image.count - 1, by: max(1, image.count / 300)) {
            #expect(throws: PoolImageError.self) {
                try CandidatePool.reading(image: Array(image.prefix(cut)), engine: Shipped.engine)
            }
        }
        #expect(throws: PoolImageError.self) { try CandidatePool.reading(image: image + [0], engine: Shipped.engine) }
        var otherFormat = image
        otherFormat[0] = 9
        #expect(throws: PoolImageError.self) { try CandidatePool.reading(image: otherFormat, engine: Shipped.engine) }
    }
}
