import Foundation
import ParityCore
import ParityDocuments
import ParityTestSupport
import Testing

@testable import ParityMessages

@Suite struct JobPostingDecoderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func decode(_ bytes: [UInt8]) throws -> JobPostingDecoder.Decoded {
        let envelope = try MessageEnvelope.read(bytes, source: "test", maximumDepth: 32, documents: DocumentReader())
        #expect(envelope.kind == "job-opening")
        return try JobPostingDecoder.decode(
            envelope, occupation: { $0 == "http://data.europa.eu/esco/occupation/x" ? "2512" : nil },
            skill: { $0 == "install electric wiring" ? "http://data.europa.eu/esco/skill/wiring" : nil })
    }

    @Test func schemaOrgsOwnExampleIsAcceptedAsIs() throws {
        let bytes = Array(
            try Data(contentsOf: Self.fixtures.appendingPathComponent("schema-org-jobposting-eg-0281.json")))
        let decoded = try decode(bytes)
        #expect(decoded.job.title == "Junior software developer")
        #expect(decoded.job.id.hasPrefix("jobposting-") && decoded.job.id.count == 27)
        #expect(decoded.job.occupations.isEmpty && decoded.job.skills.isEmpty && decoded.job.salary == nil)
        #expect(decoded.notes == ["The posting gives no jobLocation country: credentials are not recognised for it."])
    }

    @Test func theSampleMessageGivesEveryField() throws {
        let bytes = Array(try Data(contentsOf: Repo.root.appendingPathComponent("Samples/job-opening.json")))
        let job = try decode(bytes).job
        #expect(job.id == "klinikum-example-2026-0042")
        #expect(job.occupations == ["2221"])
        #expect(job.monthsOfExperience == 12)
        #expect(job.salary == JobOpening.Salary(amount: 3900, currency: "EUR", period: .month))
        #expect(job.country == "DE")
        #expect(job.recruitment.channel == .directApplication)
        #expect(job.recruitment.workerFees == nil)
        #expect(job.skills.isEmpty)
        #expect(job.education == JobOpening.Education(framework: "EQF", level: "6", category: "bachelor degree"))
    }

    @Test func educationalLevelIsReadAsTextAsDefinedTermOrNotedWhenItNamesNoFramework() throws {
        func education(_ json: String) throws -> (JobOpening.Education?, [String]) {
            let text =
                #"{"@type": "JobPosting", "identifier": "e", "title": "T", "jobLocation": {"address": {"addressCountry": "DE"}}, "educationRequirements": \#(json)}"#
            let decoded = try decode(Array(text.utf8))
            return (decoded.job.education, decoded.notes)
        }
        #expect(try education(#""EQF level 4""#).0 == .init(framework: "EQF", level: "4"))
        #expect(try education(#""de-dqr-5""#).0 == .init(framework: "de-dqr", level: "5"))
        #expect(
            try education(
                #"{"@type": "EducationalOccupationalCredential", "educationalLevel": {"@type": "DefinedTerm", "inDefinedTermSet": "EQF", "termCode": 7}}"#
            ).0
                == .init(framework: "EQF", level: "7"))
        #expect(
            try education(#"{"credentialCategory": {"@type": "DefinedTerm", "name": "Meister"}}"#).0
                == .init(category: "Meister"))
        let (free, notes) = try education(#""Bachelor's degree or equivalent experience""#)
        #expect(free == nil)
        #expect(notes.contains { $0.contains("is free text, not a framework level") })
        let (bare, bareNotes) = try education(#"{"educationalLevel": "Beginner"}"#)
        #expect(bare == nil)
        #expect(bareNotes.contains { $0.contains("educationalLevel 'Beginner' is not a framework level") })
    }

    @Test func aStartDateIsReadAndOneThatIsNoDateIsNoted() throws {
        let good = #"{"@type": "JobPosting", "identifier": "s", "title": "T", "jobStartDate": "2027-03-01"}"#
        #expect(try decode(Array(good.utf8)).job.startDate == "2027-03-01")
        let bad = #"{"@type": "JobPosting", "identifier": "s", "title": "T", "jobStartDate": "as soon as possible"}"#
        let decoded = try decode(Array(bad.utf8))
        #expect(decoded.job.startDate == nil)
        #expect(decoded.notes.contains { $0.hasPrefix("jobStartDate is not an ISO 8601 date") })
    }

    @Test func otherClassificationsLabelsAndFreeTextAreNotedNotGuessed() throws {
        let text = """
            {"@context": "https://schema.org", "@type": "JobPosting", "identifier": "j-7", "name": "Electrician",
             "occupationalCategory": ["15-1132.00", "7411", "http://data.europa.eu/esco/occupation/x"],
             "skills": "install electric wiring, juggling", "experienceRequirements": "some years",
             "baseSalary": {"@type": "MonetaryAmount", "currency": "EUR", "value": {"@type": "QuantitativeValue", "value": 15}},
             "jobLocation": [{"@type": "Place", "address": {"@type": "PostalAddress", "addressCountry": {"@type": "Country", "name": "DE"}}}]}
            """
        let decoded = try decode(Array(text.utf8))
        #expect(decoded.job.id == "j-7")
        #expect(decoded.job.occupations == ["7411", "2512"])
        #expect(decoded.job.skills == ["http://data.europa.eu/esco/skill/wiring"])
        #expect(decoded.job.monthsOfExperience == nil && decoded.job.salary == nil)
        #expect(decoded.job.country == "DE")
        #expect(decoded.notes.count == 4)
        #expect(decoded.notes[0].contains("'15-1132.00' is neither an ISCO-08 code"))
        #expect(decoded.notes.contains { $0.contains("'juggling' is not an ESCO skill label") })
    }

    @Test func feesAndTheChannelComeFromTheRecruitmentBlock() throws {
        let text = """
            {"kind": "job-opening", "id": "j-8", "posting": {"@type": "JobPosting", "title": "Nurse", "occupationalCategory": "2221"},
             "recruitment": {"workerFees": {"amount": 1200, "currency": "USD", "what": "placement"}, "agency": {"name": "A", "licence": "L-1"}}}
            """
        let job = try decode(Array(text.utf8)).job
        #expect(job.recruitment.workerFees == .init(amount: 1200, currency: "USD", what: "placement"))
        #expect(job.recruitment.channel == .active)
        #expect(job.recruitment.agencyLicence == "L-1")
    }

    @Test func aMessageWhosePostingIsNotAJobPostingSaysSo() throws {
        let envelope = try MessageEnvelope.read(
            Array(#"{"kind": "job-opening", "id": "j", "posting": {"@type": "Event"}}"#.utf8), source: "m",
            maximumDepth: 32, documents: DocumentReader())
        #expect(throws: MessageError.self) {
            try JobPostingDecoder.decode(envelope, occupation: { _ in nil }, skill: { _ in nil })
        }
    }
}
