import ParityCore
import ParityTestSupport
import Testing

/// The engine on the shipped frameworks reproduces the vetted facts of
/// ../shared/reference/corridors.md (the Asia–Gulf, ASEAN and India corridors), each with the
/// status the reference gives it: a national alignment is a classification, never `comparable`.
@Suite struct CorridorFrameworksTests {
    /// corridors.md 2.1: ETEC's table, Entry and 1–8, each level at the ISCED 2011 level of
    /// the same number (Entry at 0), confirmed.
    @Test func saudiNQFKSALevelsCarryETECsISCEDAlignment() throws {
        let ksa = try #require(Shipped.set.framework("sa-nqf-ksa"))
        #expect(ksa.levels.map(\.id) == ["entry", "1", "2", "3", "4", "5", "6", "7", "8"])
        for level in ksa.levels {
            let isced = try #require(level.isced.first, "level \(level.id)")
            #expect(isced.level == level.order && isced.provenance.status == .confirmed, "level \(level.id)")
            #expect(isced.provenance.source.contains("etec.gov.sa"))
        }
    }

    /// corridors.md 2.1 note b: level 5 is keyed by its types (the Diplomas), not by the English
    /// label "Higher Diploma"; the post-bachelor Higher Diploma is at level 6.
    @Test func saudiLevel5IsTheDiplomaAndTheHigherDiplomaIsLevel6() throws {
        let ksa = try #require(Shipped.set.framework("sa-nqf-ksa"))
        func titles(_ id: String) -> [String] {
            ksa.levels.first { $0.id == id }?.qualificationTypes.map(\.title) ?? []
        }
        #expect(titles("5").allSatisfy { $0.contains("Diploma (ISCED 5") })
        #expect(titles("6").contains { $0.hasPrefix("Higher Diploma, 1 year after a bachelor") })
        #expect(!titles("5").contains { $0.hasPrefix("Higher Diploma") })
    }

    /// With no referencing to any meta-framework, a Saudi bachelor reaches Germany only through
    /// the ISCED classification: indicative, and the route says so.
    @Test func aSaudiBachelorIsIndicativeInGermanyThroughISCEDOnly() throws {
        let r = try Shipped.recognise(
            Credential(
                title: "Bachelor of Science in Electrical Engineering", country: "SA", framework: "sa-nqf-ksa",
                level: "6"), "DE")
        #expect(r.outcome == .indicative, "\(r.outcome) \(r.basis)")
        #expect(Shipped.top(r).first == "de-dqr 6")
        #expect(r.basis.contains { $0.contains("classification") })
    }

    /// corridors.md 2.3: ten levels in three bands (Access 1, Schooling 2–4, Higher Education
    /// 5–10), confirmed; the types seen at 4, 8 and 10 stay unconfirmed; and with no comparison
    /// published, an Omani bachelor has no level route.
    @Test func omanOQFLevelsSitInTheirBandsAndHaveNoRouteAbroad() throws {
        let oqf = try #require(Shipped.set.framework("om-oqf"))
        let bands = oqf.levels.map { level in level.name.drop { $0 != "(" } }
        #expect(
            bands == ["(Access band)"] + Array(repeating: "(Schooling band)", count: 3)
                + Array(repeating: "(Higher Education band)", count: 6))
        #expect(oqf.levels.allSatisfy { $0.status == .confirmed })
        #expect(oqf.levels.flatMap(\.qualificationTypes).allSatisfy { $0.status == .unconfirmed })
        let r = try Shipped.recognise(
            Credential(title: "Bachelor's degree", country: "OM", framework: "om-oqf", level: "8"), "DE")
        #expect(r.outcome == .noMapping && r.equivalents.isEmpty, "\(r.outcome) \(r.basis)")
    }

    /// corridors.md 1.3: the PQF and MQF national levels are confirmed (the Senior High School
    /// Diploma is PQF 2, far below a school-leaving EQF 4 reading); their AQRF links stay
    /// unconfirmed, so nothing through them is `comparable`.
    @Test func philippineAndMalaysianLevelsAreConfirmedAndTheirAQRFLinksAreNot() throws {
        func level(_ framework: String, of title: String) -> String? {
            Shipped.set.framework(framework)?.levels.first { $0.qualificationTypes.contains { $0.title == title } }?.id
        }
        #expect(level("ph-pqf", of: "Senior High School Diploma") == "2")
        #expect(level("ph-pqf", of: "National Certificate II (NC II)") == "2")
        #expect(level("ph-pqf", of: "Baccalaureate") == "6")
        #expect(level("my-mqf", of: "Diploma") == "4")
        #expect(level("my-mqf", of: "Advanced Diploma") == "5")
        for framework in ["ph-pqf", "my-mqf"] {
            let f = try #require(Shipped.set.framework(framework))
            #expect(f.levels.allSatisfy { $0.status == .confirmed }, "\(framework)")
            #expect(f.bridges.allSatisfy { $0.provenance.status == .unconfirmed }, "\(framework)")
        }
        let r = try Shipped.recognise(
            Credential(title: "Baccalaureate", country: "PH", framework: "ph-pqf", level: "6"), "MY")
        #expect(r.outcome != .comparable, "\(r.outcome) \(r.basis)")
    }

    /// corridors.md 2.2: Bahrain's Doctoral 10 and Master's 9 are confirmed; the Bachelor
    /// (Honours) at 8 rests on one institution's page and stays unconfirmed, with no bridge
    /// made from its one programme's FHEQ 6: a Bahraini bachelor has no level route in England.
    @Test func bahrainsHonoursBachelorAt8IsUnconfirmedAndBridgesNothing() throws {
        let nqf = try #require(Shipped.set.framework("bh-nqf"))
        let eight = try #require(nqf.levels.first { $0.id == "8" })
        #expect(eight.status == .unconfirmed && eight.qualificationTypes.map(\.status) == [.unconfirmed])
        #expect(nqf.levels.filter { $0.status == .confirmed }.map(\.id) == ["9", "10"])
        #expect(nqf.bridges.isEmpty)
        let r = try Shipped.recognise(
            Credential(title: "Bachelor (Honours) Degree", country: "BH", framework: "bh-nqf", level: "8"), "GB-ENG")
        #expect(r.outcome == .noMapping, "\(r.outcome) \(r.basis)")
    }

    /// corridors.md 5.3: the NTVQF table (ILO), confirmed, beside the BNQF that replaced it; a
    /// Bangladeshi credential now names the framework it was awarded under.
    @Test func bangladeshNTVQFLevelsCarryTheirCertificatesAndJobClasses() throws {
        let ntvqf = try #require(Shipped.set.framework("bd-ntvqf"))
        #expect(ntvqf.levels.map(\.id) == ["pre-voc-1", "pre-voc-2", "1", "2", "3", "4", "5", "6"])
        #expect(ntvqf.status == .confirmed && ntvqf.levels.allSatisfy { $0.status == .confirmed })
        #expect(ntvqf.level("4")?.name == "Level 4 (Skilled worker)")
        #expect(ntvqf.level("6")?.qualificationTypes.first?.title == "Diploma in Engineering or equivalent")
        let unnamed = try Shipped.recognise(Credential(title: "NSC 4", country: "BD", level: "4"), "SA")
        #expect(unnamed.basis[0].contains("BD has several qualifications frameworks"))
        #expect(unnamed.basis[0].contains("bd-bnqf") && unnamed.basis[0].contains("bd-ntvqf"))
    }

    /// corridors.md 5.4: PQF 7 (MS/MPhil, 30 credit hours) and 8 (PhD) confirmed; the rest not.
    @Test func pakistanPQF7And8AreConfirmedAndTheRestIsNot() throws {
        let pqf = try #require(Shipped.set.framework("pk-pqf"))
        #expect(pqf.status == .confirmed)
        #expect(pqf.levels.filter { $0.status == .confirmed }.map(\.id) == ["7", "8"])
        #expect(pqf.level("7")?.qualificationTypes.first?.workload == .credits(system: "credit hours (HEC)", value: 30))
    }

    /// corridors.md 5.2: Nepal's levels are unknown; its file says so and no level is compared,
    /// while the Saudi trade test that may apply is still listed.
    @Test func nepalIsAKnownGapWithItsRequirementsStillListed() throws {
        let nqf = try #require(Shipped.set.framework("np-nqf"))
        #expect(nqf.status == .unconfirmed && nqf.levels.allSatisfy { $0.qualificationTypes.isEmpty })
        #expect(nqf.notes.contains { $0.hasPrefix("A known gap") })
        let r = try Shipped.engine.recognise(
            Credential(title: "Plumber, level 2", country: "NP", framework: "np-nqf", level: "2", occupation: "7126"),
            destination: "SA", on: 2026_08_01)
        #expect(r.outcome == .noMapping && r.equivalents.isEmpty)
        #expect(r.requirements.map(\.id) == ["sa-svp-np"] && r.requirements[0].status == .unconfirmed)
    }
}
