import Foundation
import ParityCore
import ParityDocuments
import ParityTestSupport
import ParityXML
import Testing

@testable import ParityMessages

/// Every real exchange file of `Fixtures/formats/` (from ../shared/data/formats, with their
/// licences in SOURCES.md), read as `parity read` and the daemon read them.
@Suite struct DocumentReaderTests {
    static let formats = Repo.root.appendingPathComponent("Tests/ParityDocumentsTests/Fixtures/formats").path
    static var options: DocumentReader.Options {
        DocumentReader.Options(elmoSchema: Repo.root.appendingPathComponent("Frameworks/schema/elmo/schema.xsd").path)
    }

    static var files: [String] {
        ["elm", "elmo", "hrxml"].flatMap { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: formats + "/" + dir)) ?? []).sorted().map {
                "\(dir)/\($0)"
            }
        }
    }

    func read(_ file: String) throws -> DocumentReading {
        let bytes = try #require(FileManager.default.contents(atPath: Self.formats + "/" + file))
        return try DocumentReader.read(Array(bytes), name: file, options: Self.options)
    }

    @Test func everyShippedFormatFileIsThere() { #expect(Self.files.count == 15) }

    @Test func elmoTranscriptsGiveTheirLevelsFieldsCreditsAndWarnings() throws {
        let v17 = try read("elmo/elmo-schemas_v1.7.0_example.xml")
        #expect(v17.format == .elmo && v17.dialect.contains("tree/v1"))
        let compiler = try #require(v17.credentials.first { $0.title == "Compiler construction" })
        #expect(
            compiler.framework == "eqf" && compiler.level == "5" && compiler.isced?.field == "0612"
                && compiler.credits?.value == 6 && compiler.country == "PL")
        #expect(
            compiler.source?.format == "elmo"
                && compiler.source?.field == "report[0]/learningOpportunitySpecification[1]")
        let master = try #require(v17.credentials.first { $0.title == "Master of Science in Biology" })
        #expect(master.isced?.field == "0511" && master.credits?.value == 120 && master.awarded == "2009-06-15")
        // an NQF level with no framework
        #expect(v17.warnings.contains { $0.contains("Norwegian Qualification Framework") })
        // A valid v1 file has no schema warnings; the older purl.org dialect is checked as if v1, and fails.
        #expect(!v17.warnings.contains { $0.hasPrefix("schema:") })
        let norway = try read("elmo/EMREXEU_fi-ncp__Example-elmo-Norway.xml")
        #expect(norway.warnings.contains { $0.hasPrefix("schema:") } && norway.credentials.count == 15)
        #expect(
            norway.credentials[0].title == "Bachelor in biology" && norway.credentials[0].credits?.value == 180
                && norway.credentials[0].country == "NO")
        // An EQF level with no value (my_elmo.xml) is said so, and no level is made up.
        let mine = try read("elmo/EMREXEU_fi-ncp__my_elmo.xml")
        #expect(
            mine.credentials.count == 1 && mine.credentials[0].level == nil
                && mine.warnings.contains { $0.contains("EQF has no <value>") })
        #expect(mine.holder == "Teppo Testaaja")
        // Courses inside a degree are not credentials of their own (Finland: 3 degrees, 37 parts).
        let finland = try read("elmo/EMREXEU_fi-ncp__Example-elmo-Finland.xml")
        #expect(finland.credentials.count == 3 && finland.credentials.allSatisfy { $0.country == "FI" })
        #expect(finland.warnings.contains { $0.contains("Erasmus code 'SF TAMPERE01'") })
    }

    @Test func elmCredentialsGiveEQFISCEDCreditsAndESCOOutcomes() throws {
        for file in ["elm/ELMv3_Sample-MC-Annex1-unsigned.jsonld", "elm/ELMv3_Sample-MC-Annex1-signed.jsonld"] {
            let reading = try read(file)
            let c = try #require(reading.credentials.first)
            #expect(reading.credentials.count == 1 && c.title == "Digital micro-credential creation")
            #expect(
                c.framework == "eqf" && c.level == "6" && c.isced?.field == "0688"
                    && c.credits == Credential.Credits(system: "ECTS", value: 2))
            #expect(c.country == "IE" && c.awardingBody == "University of Zed" && c.mode == .nonFormal)
            #expect(c.skills.count >= 3 && c.skills.allSatisfy { $0.hasPrefix("http://data.europa.eu/esco/skill/") })
            // the NQF level, via QDR
            #expect(reading.warnings.contains { $0.contains("c_c392e7a2") && $0.contains("RQF Level 6") })
            // The signed sample's seal is intact; its signer's chain is not established offline.
            #expect(
                reading.authenticity.verdict == (file.hasSuffix("-signed.jsonld") ? .indeterminate : .unsigned),
                "\(reading.authenticity)")
        }
        let v2 = try read("elm/ELMv2_EDC_DiplomaSupplement_AA.xml")
        #expect(
            v2.dialect.contains("ELM v2") && v2.credentials.first?.title == "Master of Science in Civil Engineering")
        #expect(v2.credentials.first?.country == "FI" && v2.credentials.first?.credits?.value == 120)
        #expect(v2.credentials.contains { $0.level == "5" && $0.isced?.field == "0541" })  // a part with its own level
        let rdf = try read("elm/ELM_rdf-sample_credential-sample.jsonld")
        #expect(rdf.credentials.count == 1 && rdf.credentials[0].country == "FR")
        // A certificate of participation claims an activity, not an achievement: nothing to recognise, said so.
        let participation = try read("elm/ELMv3_Sample-CertOfPart-unsigned.jsonld")
        #expect(
            participation.credentials.isEmpty && participation.warnings.contains { $0.contains("LearningActivity") })
    }

    /// With the installed frameworks, an ELM credential's NQF level (a QDR URI) is the level it
    /// is matched at: "RQF Level 6" is gb-rqf 6, more precise than its EQF 6.
    @Test func anNQFLevelGivenAsAQDRURIResolvesThroughTheFrameworkData() throws {
        let set = try FrameworkDirectory(path: Repo.frameworks, schemaPath: Repo.schema).load()
        let bytes = try #require(
            FileManager.default.contents(atPath: Self.formats + "/elm/ELMv3_Sample-MC-Annex1-unsigned.jsonld"))
        let reading = try DocumentReader.read(
            Array(bytes), name: "mc.jsonld", options: .installed(set, elmoSchema: nil))
        #expect(reading.credentials.first?.framework == "gb-rqf" && reading.credentials.first?.level == "6")
        #expect(!reading.warnings.contains { $0.contains("c_c392e7a2") })
    }

    @Test func hrxmlVacanciesGiveOccupationCountryDatesAndExperience() throws {
        let ad = try read("hrxml/NAV-export_PositionOpening_ad_1.xml")
        let job = try #require(ad.job)
        #expect(
            job.id == "db6cc067-7f39-42f1-9866-d9ee47894ec6" && job.occupations == ["7411"] && job.country == "NO"
                && job.validThrough == "2019-03-01")
        #expect(job.startDate == "2019-03-01")  // "01.03.2019"
        let na = try read("hrxml/NAV-export_PositionOpening_ad_2.xml")
        #expect(na.job?.startDate == nil && na.warnings.contains { $0.contains("StartDate 'na'") })
        #expect(try read("hrxml/NAV-export_PositionOpening_ad_with_experience.xml").job?.monthsOfExperience == 12)
        #expect(throws: DocumentError.self) { try read("hrxml/NAV-export_Candidate_testXml.xml") }
    }

    @Test func aPositionOpeningsEducationAndLanguagesAreReadAsTheySayAndLanguagesAreNeverScored() throws {
        let xml = """
            <h:PositionOpening xmlns:h="http://www.hr-xml.org/3" majorVersionID="3" minorVersionID="2"><h:DocumentID>v-1</h:DocumentID>
            <h:PositionProfile><h:PositionTitle>Nurse</h:PositionTitle><h:JobCategoryCode listName="ISCO2008">2221</h:JobCategoryCode>
            <h:PositionQualifications><h:EducationRequirement><h:EducationLevelCode listName="EURES_EQF">6</h:EducationLevelCode></h:EducationRequirement>
            <h:PositionCompetency><h:CompetencyID schemeName="ISO 639-1">de</h:CompetencyID><h:RequiredProficiencyLevel><h:ProficiencyLevel>B2</h:ProficiencyLevel></h:RequiredProficiencyLevel></h:PositionCompetency>
            <h:PositionCompetency><h:CompetencyID>http://data.europa.eu/esco/skill/abc</h:CompetencyID></h:PositionCompetency></h:PositionQualifications>
            <h:PositionPeriod><h:StartDate><h:FormattedDateTime>2027-01-15</h:FormattedDateTime></h:StartDate></h:PositionPeriod></h:PositionProfile></h:PositionOpening>
            """
        let reading = try DocumentReader.read(Array(xml.utf8), name: "prefixed.xml")
        let job = try #require(reading.job)
        #expect(
            job.education == JobOpening.Education(framework: "EQF", level: "6")
                && job.skills == ["http://data.europa.eu/esco/skill/abc"] && job.startDate == "2027-01-15")
        #expect(reading.jobRequirements == ["language de: B2 (CEFR)"])
    }

    /// A copy cut in the middle is not well-formed (or not complete JSON): refused, with its line.
    @Test(arguments: DocumentReaderTests.files.filter { !$0.contains("Candidate") })
    func aTruncatedCopyIsRefusedWithItsLine(_ file: String) throws {
        let bytes = try #require(FileManager.default.contents(atPath: Self.formats + "/" + file))
        let cut = Array(bytes.prefix(bytes.count / 2))
        do {
            _ = try DocumentReader.read(cut, name: file, options: Self.options)
            Issue.record("\(file): a truncated copy was read")
        } catch {
            let line =
                error.description.contains("\(file):")
                && error.description.range(of: #":\d+:\d+:|line \d+, column \d+"#, options: .regularExpression) != nil
            #expect(line, "\(error.description.prefix(300))")
        }
    }

    @Test(arguments: DocumentReaderTests.files.filter { $0.hasSuffix(".xml") })
    func anXMLDocumentWithADoctypeIsRefusedAtItsLineAndNoEntityReachesAField(_ file: String) throws {
        // A harmless-looking internal entity would otherwise be expanded into the fields read.
        let text = try String(contentsOfFile: Self.formats + "/" + file, encoding: .utf8)
        let body =
            text.hasPrefix("<?xml") ? String(text[text.index(after: try #require(text.firstIndex(of: ">")))...]) : text
        let doctype =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n<!DOCTYPE x [ <!ENTITY who \"Injected\"> ]>\n" + body
        do {
            let reading = try DocumentReader.read(Array(doctype.utf8), name: file, options: Self.options)
            Issue.record("\(file) was read with a DOCTYPE: \(reading.dialect)")
        } catch {
            #expect(
                error.description.contains("\(file):3:1: a <!DOCTYPE> is not allowed"),
                "\(error.description.prefix(300))")
        }
    }

    @Test func anElmoV1FilesVersionIsToldFromItsContentAsALowerBound() throws {
        // The v1.x releases share one namespace; the reading names the least version the content needs.
        #expect(try read("elmo/elmo-schemas_v1.0.0_example.xml").dialect.hasSuffix("content of v1.0 or later"))
        #expect(
            try read("elmo/elmo-schemas_v1.7.0_example.xml").dialect.contains(
                "content of v1.4 or later (learningOpportunityInstance/diplomaSupplement)"))
        #expect(
            try read("elmo/EMREXEU_fi-ncp__my_elmo.xml").dialect.contains(
                "content of v1.2 or later (learningOpportunityInstance/level"))
        // The older purl.org dialect predates the v1 releases: no v1 version is claimed for it.
        #expect(!(try read("elmo/EMREXEU_fi-ncp__Example-elmo-Norway.xml").dialect.contains("content of v1")))
        // A marker found only inside a part of a degree counts; two descriptions of one specification need 1.1.
        let ns = "https://github.com/emrex-eu/elmo-schemas/tree/v1"
        func dialect(_ body: String) throws -> String {
            let xml =
                "<elmo xmlns=\"\(ns)\"><learner><givenNames>Ana</givenNames></learner><report><issuer><title>U</title></issuer>\(body)</report></elmo>"
            return try DocumentReader.read(Array(xml.utf8), name: "hand.xml", options: DocumentReader.Options()).dialect
        }
        let part =
            "<learningOpportunitySpecification><title>Course</title><specifies><learningOpportunityInstance><diplomaSupplement/></learningOpportunityInstance></specifies></learningOpportunitySpecification>"
        #expect(
            try dialect(
                "<learningOpportunitySpecification><title>Degree</title><hasPart>\(part)</hasPart></learningOpportunitySpecification>"
            ).contains("content of v1.4 or later"))
        #expect(
            try dialect(
                "<learningOpportunitySpecification><title>D</title><description>a</description><description>b</description></learningOpportunitySpecification>"
            ).contains("content of v1.1 or later"))
    }

    @Test func theEMREXTransportFormIsReadLikeTheFile() throws {
        let bytes = try #require(
            FileManager.default.contents(atPath: Self.formats + "/elmo/elmo-schemas_v1.7.0_example.xml"))
        let gzip = try Tool.run(
            "/bin/sh", ["-c", "gzip -c '\(Self.formats)/elmo/elmo-schemas_v1.7.0_example.xml' | base64 -w 76"]
        ).out
        let plain = try DocumentReader.read(Array(bytes), name: "plain", options: Self.options)
        let transported = try DocumentReader.read(Array(gzip.utf8), name: "transported", options: Self.options)
        #expect(
            transported.credentials.map(\.title) == plain.credentials.map(\.title)
                && transported.dialect.contains("base64 of gzip"))
    }

    @Test func anElmoNestedInAnotherDocumentIsFound() throws {
        let inner = try String(contentsOfFile: Self.formats + "/elmo/EMREXEU_fi-ncp__my_elmo.xml", encoding: .utf8)
            .replacingOccurrences(of: #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#, with: "")
        let wrapped =
            "<response xmlns=\"https://github.com/erasmus-without-paper/ewp-specs-api-imobility-tors/tree/stable-v1\"><tor>\(inner)</tor></response>"
        let reading = try DocumentReader.read(Array(wrapped.utf8), name: "ewp.xml", options: Self.options)
        #expect(reading.credentials.count == 1 && reading.dialect.contains("inside <response>"))
    }

    @Test func holderNamesMatchAcrossOrderCaseAndAccents() {
        #expect(DocumentField.sameHolder("Kaisa Keränen", "KERANEN Kaisa"))
        #expect(DocumentField.sameHolder("Ana Andromeda", "Ana María Andromeda"))
        #expect(!DocumentField.sameHolder("Ana Andromeda", "Teppo Testaaja"))
    }
}

/// Where documents enter messages: a letter request's credential, and a job opening given as
/// HR-XML inside JSON.
@Suite struct DocumentFieldTests {
    static let formats = DocumentReaderTests.formats

    func envelope(_ json: String) throws -> MessageEnvelope {
        try MessageEnvelope.read(Array(json.utf8), source: "msg", maximumDepth: 64, documents: DocumentReader())
    }

    static func jsonString(_ text: String) -> String {
        String(
            decoding: (try? JSONSerialization.data(withJSONObject: text, options: .fragmentsAllowed)) ?? Data(),
            as: UTF8.self)
    }

    @Test func aLetterRequestTakesAnELMCredentialAndANamedOneOfAnELMOTranscript() throws {
        let elm = try Data(
            contentsOf: URL(fileURLWithPath: Self.formats + "/elm/ELMv3_Sample-MC-Annex1-unsigned.jsonld")
        ).base64EncodedString()
        let single = try LetterRequestDecoder.decode(
            try envelope(
                """
                {"kind": "letter-request", "id": "l-1", "person": {"id": "p-1", "name": "Ana Andromeda"},
                 "credential": {"document": {"format": "elm", "encoding": "base64", "content": "\(elm)"}}, "destination": "DE", "language": "en"}
                """), documents: DocumentReader())
        #expect(single.credential.level == "6" && single.credential.source?.document == "credential.document")
        // As published, the example's XML-DSig seal fails (it was edited after signing): refused, with why.
        let signed = Self.jsonString(
            try String(contentsOfFile: Self.formats + "/elmo/elmo-schemas_v1.7.0_example.xml", encoding: .utf8))
        do {
            _ = try LetterRequestDecoder.decode(
                try envelope(
                    """
                    {"kind": "letter-request", "id": "l-0", "person": {"id": "p-2", "name": "Wojciech Rygielski"},
                     "credential": {"document": {"format": "elmo", "content": \(signed)}, "select": 0}, "destination": "DE", "language": "en"}
                    """), documents: DocumentReader())
            Issue.record("a document whose seal failed was used")
        } catch let error as MessageError {
            #expect(
                error.message.contains("seal failed") && error.message.contains("changed after sealing"), "\(error)")
        }
        let elmo = Self.jsonString(
            try Unsigned.xml(contentsOf: Self.formats + "/elmo/elmo-schemas_v1.7.0_example.xml"))
        let request = """
            {"kind": "letter-request", "id": "l-2", "person": {"id": "p-2", "name": "Wojciech Rygielski"},
             "credential": {"document": {"format": "elmo", "content": \(elmo)}SELECT}, "destination": "DE", "language": "pl"}
            """
        // Three credentials and none chosen: refused with the list to choose from.
        do {
            _ = try LetterRequestDecoder.decode(
                try envelope(
                    request.replacingOccurrences(of: "SELECT", with: "").replacingOccurrences(
                        of: "\"pl\"", with: "\"en\"")), documents: DocumentReader())
            Issue.record("an ambiguous document was accepted")
        } catch let error as MessageError {
            #expect(
                error.field == "credential" && error.message.contains("3 credentials")
                    && error.message.contains("1: Compiler construction"), "\(error)")
        }
        let chosen = try LetterRequestDecoder.decode(
            try envelope(
                request.replacingOccurrences(of: "SELECT", with: ", \"select\": 1").replacingOccurrences(
                    of: "\"pl\"", with: "\"en\"")), documents: DocumentReader())
        #expect(chosen.credential.title == "Compiler construction" && chosen.credential.level == "5")
    }

    @Test func aJobOpeningMayCarryAPositionOpening() throws {
        let xml = Self.jsonString(
            try String(
                contentsOfFile: Self.formats + "/hrxml/NAV-export_PositionOpening_ad_with_experience.xml",
                encoding: .utf8))
        let decoded = try JobPostingDecoder.decode(
            try envelope(
                """
                {"kind": "job-opening", "id": "eures-1", "positionOpening": \(xml), "recruitment": {"channel": "active"}}
                """), occupation: { _ in nil }, skill: { _ in nil })
        #expect(
            decoded.job.id == "eures-1" && decoded.job.occupations == ["7411"] && decoded.job.monthsOfExperience == 12
                && decoded.job.country == "NO")
        #expect(decoded.notes.contains { $0.contains("StartDate 'na'") })
        #expect(throws: MessageError.self) {
            try JobPostingDecoder.decode(
                try envelope(#"{"kind": "job-opening", "id": "eures-2", "positionOpening": "<PositionOpening"}"#),
                occupation: { _ in nil }, skill: { _ in nil })
        }
    }

    /// A bare PositionOpening's ESCO occupation is mapped through the taxonomy the daemon gives
    /// the decoder, like a JobPosting's; one the taxonomy does not know is noted, not used.
    @Test func aPositionOpeningsESCOOccupationIsMappedToISCO() throws {
        let nurse = "http://data.europa.eu/esco/occupation/nurse",
            unknown = "http://data.europa.eu/esco/occupation/unknown"
        let xml = """
            <PositionOpening xmlns="http://www.hr-xml.org/3"><DocumentID>v-2</DocumentID><PositionProfile><PositionTitle>Nurse</PositionTitle>
            <JobCategoryCode listName="ESCO_Occupations">\(nurse)</JobCategoryCode><JobCategoryCode listName="ESCO_Occupations">\(unknown)</JobCategoryCode>
            </PositionProfile></PositionOpening>
            """
        let decoded = try JobPostingDecoder.decode(
            try MessageEnvelope.read(Array(xml.utf8), source: "v-2.xml", maximumDepth: 64, documents: DocumentReader()),
            occupation: { $0 == nurse ? "2221" : nil }, skill: { _ in nil })
        #expect(decoded.job.occupations == ["2221"] && decoded.notes.contains { $0.contains(unknown) })
    }

    @Test func aBarePositionOpeningIsAJobOpeningNamedByItsDocumentID() throws {
        let bytes = try #require(
            FileManager.default.contents(atPath: Self.formats + "/hrxml/NAV-export_PositionOpening_ad_2.xml"))
        let read = try MessageEnvelope.read(
            Array(bytes), source: "ad_2.xml", maximumDepth: 64, documents: DocumentReader())
        #expect(read.kind == "job-opening" && read.id == "5e80d029-bd08-43ab-a6ce-b57a0e47f52b")
        let cut = Result { () throws(MessageEnvelope.Failure) in
            try MessageEnvelope.read(
                Array(bytes.prefix(400)), source: "cut.xml", maximumDepth: 64, documents: DocumentReader())
        }
        switch cut {
        case .success: Issue.record("a truncated PositionOpening was read")
        case .failure(let error):
            #expect(error.reason == .document && error.found.contains("cut.xml:"), "\(error)")
        }
    }
}
