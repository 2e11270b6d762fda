import ParityCore
import ParityTestSupport
import Testing

/// India's frameworks as editions (corridors.md 5.1): NSQF 2013 and 2023, the final NHEQF/NCrF
/// of 2023 and its February 2022 draft. Levels are never compared across editions, and a
/// credential that names only the family is asked for the edition when its level is ambiguous.
@Suite struct IndiaEditionsTests {
    static func credential(
        _ title: String, _ framework: String, _ level: String, field: String? = nil, country: String = "IN"
    ) -> Credential {
        Credential(
            title: title, country: country, framework: framework, level: level,
            isced: field.map { .init(field: $0) })
    }

    @Test func theEditionsAreSeparateFrameworksOfOneFamily() throws {
        let nsqf = Shipped.set.sortedFrameworks.filter { $0.family == "in-nsqf" }
        #expect(nsqf.map(\.id) == ["in-nsqf-2013", "in-nsqf-2023"])
        #expect(nsqf.map { $0.levels.count } == [10, 8])
        let nheqf = Shipped.set.sortedFrameworks.filter { $0.family == "in-nheqf" }
        #expect(nheqf.map(\.id) == ["in-nheqf-2022-draft", "in-nheqf-2023"])
        #expect(nheqf.last?.levels.map(\.id) == ["1", "2", "3", "4", "4.5", "5", "5.5", "6", "6.5", "7", "8"])
        // No bridge joins two editions of a family.
        for f in nsqf + nheqf {
            #expect(!f.bridges.contains { $0.target.framework.hasPrefix(f.family ?? "?") }, "\(f.id)")
        }
    }

    /// NSQF level 6 exists in both editions: the family alone is answered with the editions.
    /// Level 9 only exists in 2013, so it is read there, and said so.
    @Test func anNSQFLevelInBothEditionsAsksForTheEdition() throws {
        let six = try Shipped.recognise(Self.credential("Advanced Diploma", "in-nsqf", "6"), "GB")
        #expect(six.outcome == .insufficientInformation && six.origin == nil)
        #expect(six.basis[0].contains("in-nsqf-2013 (2013), in-nsqf-2023 (2023)"), "\(six.basis)")
        let nine = try Shipped.recognise(Self.credential("Certificate", "in-nsqf", "9"), "GB")
        #expect(nine.origin == LevelReference(framework: "in-nsqf-2013", level: "9"))
        #expect(nine.basis.contains { $0.contains("exists only in its 2013 edition of in-nsqf") })
    }

    /// "NHEQF level 6": an undergraduate diploma in the draft, a four-year bachelor's in the final
    /// framework. The qualification type decides when it names one edition's type; the two
    /// readings give different answers for the UK.
    @Test func nheqfLevel6IsAnsweredByEdition() throws {
        let ambiguous = try Shipped.recognise(Self.credential("B.Sc.", "in-nheqf", "6"), "GB")
        #expect(ambiguous.outcome == .insufficientInformation)
        #expect(ambiguous.basis[0].contains("in-nheqf-2022-draft (draft 2022), in-nheqf-2023"))
        let bachelor = try Shipped.recognise(
            Self.credential(
                "Bachelor's degree (4 years, Honours or Honours with Research)", "in-nheqf", "6", field: "0533"),
            "GB")
        #expect(bachelor.origin?.framework == "in-nheqf-2023")
        #expect(bachelor.outcome == .comparable, "\(bachelor.outcome) \(bachelor.basis)")
        // Ranked by type fit: an honours degree fits Scotland's honours level first.
        #expect(Shipped.top(bachelor) == ["gb-sct-scqf 10", "gb-rqf 6", "gb-wls-cqfw 6", "gb-sct-scqf 9"])
        let diploma = try Shipped.recognise(Self.credential("Undergraduate Diploma", "in-nheqf", "6"), "GB")
        #expect(diploma.origin?.framework == "in-nheqf-2022-draft")
        #expect(diploma.outcome == .noMapping && diploma.equivalents.isEmpty)
    }

    /// A half level reads as given (NCrF 4.5: the undergraduate certificate); NSQF 2023 ships no
    /// half level (their list is unconfirmed), so 2.5 there cannot be located.
    @Test func halfLevelsAreLevelsWhereTheDataHasThem() throws {
        let certificate = try Shipped.recognise(Self.credential("UG Certificate", "in-nheqf-2023", "4.5"), "GB")
        #expect(certificate.origin == LevelReference(framework: "in-nheqf-2023", level: "4.5"))
        let half = try Shipped.recognise(Self.credential("Skill certificate", "in-nsqf-2023", "2.5"), "GB")
        #expect(half.outcome == .insufficientInformation && half.basis[0].contains("is not a level of in-nsqf-2023"))
    }
}

/// The India–UK MoU (2022, corridors.md 3.1): degrees compared by type, both ways, for an
/// academic purpose, with the professional fields it excludes refused by name.
@Suite struct IndiaUKAgreementTests {
    static let mou = "India–UK MoU on Mutual Recognition of Academic Qualifications (2022)"

    @Test func anIndianBachelorIsAUKBachelorForStudyNotForPractice() throws {
        let r = try Shipped.recognise(
            IndiaEditionsTests.credential("Bachelor of Arts", "in-nheqf-2023", "5.5", field: "0314"), "GB")
        #expect(r.outcome == .comparable)
        #expect(Set(Shipped.top(r)) == ["gb-rqf 6", "gb-wls-cqfw 6", "gb-sct-scqf 9", "gb-sct-scqf 10"])
        #expect(r.path.count == 1 && r.path[0].kind == .bilateral && r.path[0].source.contains("gov.uk"))
        #expect(r.basis.contains { $0.hasPrefix(Self.mou) && $0.contains("grants no right to practise") })
    }

    @Test(arguments: [
        ("0713", "Engineering"), ("0732", "Engineering (building and civil)"), ("0912", "Medicine"),
        ("0913", "Nursing"), ("0914", "Para-medical education"), ("0916", "Pharmacy"), ("0421", "Law"),
        ("0731", "Architecture"),
    ])
    func anExcludedFieldIsRefusedByName(field: String, name: String) throws {
        let r = try Shipped.recognise(
            IndiaEditionsTests.credential("Bachelor of Science", "in-nheqf-2023", "5.5", field: field), "GB")
        #expect(r.outcome == .noMapping && r.equivalents.isEmpty)
        #expect(r.basis.contains { $0.contains("does not cover \(name) (ISCED-F \(field))") }, "\(r.basis)")
        // The other way too: a UK law degree is no Indian bachelor under the MoU.
        let back = try Shipped.recognise(
            IndiaEditionsTests.credential("Bachelor of Laws", "gb-rqf", "6", field: field, country: "GB"), "IN")
        #expect(back.equivalents.allSatisfy { !$0.path.contains { $0.source.contains("gov.uk") } })
    }

    @Test func withoutAFieldTheExclusionsAreAConditionToCheck() throws {
        let r = try Shipped.recognise(IndiaEditionsTests.credential("Master of Arts", "in-nheqf-2023", "7"), "GB")
        #expect(r.outcome == .comparableWithConditions)
        let condition = try #require(r.equivalents.first?.conditions.first)
        #expect(
            condition.measure == .documentVerification && condition.difference.contains("Pharmacy, Law, Architecture"))
    }

    @Test func aUKDegreeIsAnIndianDegreeAndOtherQualificationsAreNotCovered() throws {
        let phd = try Shipped.recognise(
            IndiaEditionsTests.credential("Doctor of Philosophy", "gb-rqf", "8", field: "0533", country: "GB"), "IN")
        #expect(Shipped.top(phd) == ["in-nheqf-2023 8"])
        let diploma = try Shipped.recognise(
            IndiaEditionsTests.credential("Graduate Diploma in Law", "gb-rqf", "6", field: "0312", country: "GB"), "IN")
        #expect(diploma.outcome == .noMapping)
        #expect(diploma.basis.contains { $0.contains("compares only Bachelor at gb-rqf 6") }, "\(diploma.basis)")
    }

    /// Senior Secondary ↔ RQF 3 / CQFW 3 / SCQF 6–7, for entry to higher education only.
    @Test func senioSecondaryMeetsHigherEducationEntryOnly() throws {
        let r = try Shipped.recognise(
            IndiaEditionsTests.credential("Senior Secondary School Certificate (Class XII)", "in-nheqf-2023", "4"),
            "GB-SCT")
        #expect(Shipped.top(r) == ["gb-sct-scqf 6", "gb-sct-scqf 7"])
        #expect(r.basis.contains { $0.contains("For entry to higher education only") })
        let aLevel = try Shipped.recognise(
            IndiaEditionsTests.credential("GCE A Level", "gb-rqf", "3", country: "GB"), "IN")
        #expect(Shipped.top(aLevel) == ["in-nheqf-2023 4"])
    }
}
