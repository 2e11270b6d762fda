import ParityCore
import ParityTestSupport
import Testing

/// What a destination requires besides a level (corridors.md §2.4, §4.1, §4.2), selected by
/// the occupation, the origin country and the date, and listed in every result whatever its
/// level outcome.
@Suite struct DestinationRequirementsTests {
    static let electrician = Credential(
        title: "ITI Certificate, Electrician (NTC)", awardingBody: "NCVT", country: "IN", occupation: "7411")

    static func svp(
        _ result: Credential.TestResult = .passed, occupation: String = "7411", for country: String = "SA",
        on day: String = "2023-08-14"
    ) -> Credential {
        var test = Credential(
            title: "Skill Verification Program: Building Electrician", awardingBody: "Takamol / NSDC International",
            country: "IN", occupation: occupation, awarded: day)
        test.type = .occupationalTest
        test.result = result
        test.testFor = country
        return test
    }

    static func ids(_ r: EquivalenceResult) -> [String] { r.requirements.map(\.id) }

    /// corridors.md 4.1: mandatory for Indian building electricians from June 2023, paid by
    /// the employer, checked on svp.qiwa.sa; and a result says it beside the level outcome.
    @Test func anIndianBuildingElectricianBoundForSaudiArabiaMustPassTheSVP() throws {
        let r = try Shipped.engine.recognise(Self.electrician, destination: "SA", on: 2023_07_01)
        let svp = try #require(r.requirements.first { $0.id == "sa-svp-in" })
        #expect(svp.kind == .tradeTest && svp.status == .confirmed && svp.since == "2023-06")
        #expect(svp.occupations == ["Building Electrician"])
        #expect(svp.paidBy?.hasPrefix("employer") == true)
        #expect(svp.check?.contains("svp.qiwa.sa") == true)
        #expect(svp.metBy == nil && svp.open)
        #expect(r.versions.data.contains { $0.id == "sa-requirements" })
    }

    @Test func beforeTheSVPStartDateForIndiaThereIsNone() throws {
        let r = try Shipped.engine.recognise(Self.electrician, destination: "SA", on: 2023_05_31)
        #expect(Self.ids(r).isEmpty, "\(Self.ids(r))")
        #expect(!r.versions.data.contains { $0.id == "sa-requirements" })
    }

    /// The same trade from Pakistan is tested under the Pakistani track (since September 2022);
    /// an occupation outside every list has no trade test.
    @Test func theOriginCountrySelectsTheTrack() throws {
        let pakistan = try Shipped.engine.recognise(
            Self.electrician, destination: "SA", on: 2023_01_10, origin: "PK")
        #expect(Self.ids(pakistan) == ["sa-svp-pk"])
        var cook = Self.electrician
        cook.occupation = "5120"
        #expect(Self.ids(try Shipped.engine.recognise(cook, destination: "SA", on: 2024_01_10)).isEmpty)
    }

    /// A test passed for Saudi Arabia in the same unit group meets the requirement; a failed
    /// one, one for another trade, one for another destination or one taken later do not.
    @Test func anSVPPassInTheSameTradeMeetsTheTradeTest() throws {
        func met(_ holding: [Credential], on day: Int32 = 2024_03_01) throws -> String? {
            try Shipped.engine.recognise(Self.electrician, destination: "SA", on: day, holding: holding)
                .requirements.first { $0.id == "sa-svp-in" }?.metBy
        }
        #expect(try met([Self.electrician, Self.svp()])?.contains("Skill Verification Program") == true)
        #expect(try met([Self.svp(.failed)]) == nil)
        #expect(try met([Self.svp(occupation: "7126")]) == nil)
        #expect(try met([Self.svp(for: "AE")]) == nil)
        #expect(try met([Self.svp()], on: 2023_08_01) == nil)
    }

    /// corridors.md 4.1: Professional Verification is for degree-holding occupations (groups
    /// 1–3), from any origin, and is a document check, never a level.
    @Test func professionalVerificationSelectsISCOMajorGroupsOneToThree() throws {
        var engineer = Self.electrician
        engineer.occupation = "2151"
        let r = try Shipped.engine.recognise(engineer, destination: "SA", on: 2025_02_01, origin: "PH")
        #expect(Self.ids(r) == ["sa-professional-verification"])
        #expect(r.requirements.first?.kind == .documentVerification)
        #expect(r.equivalents.allSatisfy { !$0.confirmed })
    }

    /// corridors.md 2.4: the UAE skill class comes from the ISCO major group (plus attestation
    /// and salary for groups 1–5); the Indian degree equivalency stays unconfirmed.
    @Test func theUAESkillClassFollowsTheMajorGroup() throws {
        var nurse = Credential(title: "BSc Nursing", country: "PH", occupation: "2221")
        let r = try Shipped.engine.recognise(nurse, destination: "AE", on: 2025_01_01)
        #expect(Self.ids(r) == ["ae-mohre-skilled"])
        #expect(r.requirements.first?.what.contains("AED 4,000") == true)
        nurse.country = "IN"
        let indian = try Shipped.engine.recognise(nurse, destination: "AE", on: 2025_01_01)
        #expect(Self.ids(indian) == ["ae-mohre-skilled", "ae-degree-equivalency-in"])
        #expect(indian.requirements.last?.status == .unconfirmed)
        let wiring = try Shipped.engine.recognise(Self.electrician, destination: "AE", on: 2025_01_01)
        #expect(Self.ids(wiring) == ["ae-mohre-unskilled"])
    }

    /// corridors.md 4.2: Oman's engineers need the Society of Engineers' accreditation from
    /// 1 February 2023; the classification certificate has no known start date.
    @Test func omanEngineersAccreditationStartsOnItsDate() throws {
        let engineer = Credential(title: "B.E. Civil", country: "IN", occupation: "2142")
        let before = try Shipped.engine.recognise(engineer, destination: "OM", on: 2023_01_31)
        #expect(Self.ids(before) == ["om-professional-classification"])
        let after = try Shipped.engine.recognise(engineer, destination: "OM", on: 2023_02_01)
        #expect(Self.ids(after) == ["om-engineers-accreditation", "om-professional-classification"])
        #expect(after.requirements.first?.kind == .registration)
    }

    /// Kuwait has no framework installed: a Kuwait-bound result has no level (`no-mapping`,
    /// said plainly) and still lists the requirements; a destination with neither is refused.
    @Test func aDestinationKnownOnlyByItsRequirementsAnswersNoMappingWithThem() throws {
        let engineer = Credential(title: "B.E. Mechanical", country: "IN", occupation: "2144")
        let r = try Shipped.engine.recognise(engineer, destination: "KW", on: 2024_06_01)
        #expect(r.outcome == .noMapping && r.equivalents.isEmpty)
        #expect(r.basis.first?.contains("No qualifications framework of KW") == true)
        #expect(Self.ids(r) == ["kw-engineers-test"] && r.requirements[0].status == .unconfirmed)
        #expect(r.versions.data.map(\.id) == ["kw-requirements"])
        #expect(throws: RecognitionError.self) { try Shipped.engine.recognise(engineer, destination: "QA") }
    }

    /// An occupational test never produces a level, and its result says what it is evidence for.
    @Test func anOccupationalTestHasNoLevelButMeetsItsOwnRequirement() throws {
        let r = try Shipped.engine.recognise(Self.svp(), destination: "SA", on: 2024_01_01)
        #expect(r.outcome == .noMapping && r.equivalents.isEmpty && r.origin == nil)
        #expect(r.basis[0].contains("has no framework level"))
        #expect(r.requirements.first { $0.id == "sa-svp-in" }?.metBy != nil)
        let failed = try Shipped.engine.recognise(Self.svp(.failed), destination: "SA", on: 2024_01_01)
        #expect(failed.basis.contains { $0.contains("not evidence") })
        #expect(failed.requirements.allSatisfy { $0.open })
    }

    /// A job's candidates are ranked on occupation evidence: a failed test is none.
    @Test func aFailedTestIsNoOccupationEvidence() {
        let passed = Candidate.Profile(credentials: [Self.svp()])
        let failed = Candidate.Profile(credentials: [Self.svp(.failed)])
        #expect(passed.occupations == ["7411"] && failed.occupations.isEmpty)
    }
}
