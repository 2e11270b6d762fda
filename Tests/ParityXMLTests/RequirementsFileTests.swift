import Foundation
import ParityCore
import ParityTestSupport
import ParityXML
import Testing

/// Requirements files and the agreement and edition attributes of framework files: each
/// mistake is refused at its file and line, with what was expected.
@Suite struct RequirementsFileTests {
    let dir = TempDirectory()

    static func requirements(_ requirement: String, country: String = "SA") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <requirements xmlns="urn:parity:framework:1" id="xx-requirements" version="1" date="2026-12-05">
          <name>Test</name>
          <country>\(country)</country>
          \(requirement)
        </requirements>
        """
    }

    static let svp = """
        <requirement id="t" kind="trade-test" status="confirmed" source="s" since="2023-06">
            <authority>A</authority><what>W</what><origin country="IN"/><occupation isco="7411" title="Electrician"/>
          </requirement>
        """

    func loadErrors() -> [String] {
        do {
            _ = try FrameworkDirectory(path: dir.path, schemaPath: Repo.schema).load()
            return []
        } catch { return error.lines }
    }

    @Test func aRequirementsFileReadsWithItsDatesAndOccupations() throws {
        let file = dir.write("r.xml", Self.requirements(Self.svp))
        guard
            case .requirements(let r) = try FrameworkDocumentReader.read(
                file: file, schema: FrameworkSchema(path: Repo.schema)
            ).content
        else {
            Issue.record("not a requirements document")
            return
        }
        let svp = try #require(r.requirements.first)
        #expect(r.destination == "SA" && svp.destination == "SA" && svp.since == 2023_06_01)
        #expect(svp.origins == ["IN"] && svp.occupations == [.init(isco: "7411", title: "Electrician")])
        #expect(svp.location.line == 5)
    }

    @Test func aDateThatIsNoDateIsRefusedByTheSchema() {
        dir.write("r.xml", Self.requirements(Self.svp.replacingOccurrences(of: "2023-06", with: "June 2023")))
        let errors = loadErrors()
        #expect(
            errors.contains { $0.contains("r.xml:5") && $0.contains("'June 2023' is not a valid value") }, "\(errors)")
    }

    @Test func anEndBeforeItsStartIsRefusedAtItsLine() {
        dir.write(
            "r.xml",
            Self.requirements(
                Self.svp.replacingOccurrences(of: #"since="2023-06""#, with: #"since="2023-06" until="2022""#)))
        let errors = loadErrors()
        #expect(
            errors == [dir.path + "/r.xml:5:1: requirement 't': until (2022) is before since (2023-06)"], "\(errors)")
    }

    @Test func aRequirementWithoutAnOccupationIsRefused() {
        dir.write(
            "r.xml",
            Self.requirements(
                Self.svp.replacingOccurrences(of: #"<occupation isco="7411" title="Electrician"/>"#, with: "")))
        #expect(
            loadErrors().contains {
                $0.contains("r.xml:7") && $0.contains("Missing child element(s)") && $0.contains("occupation")
            }, "\(loadErrors())")
    }

    @Test func anAgreementsWordsNeedItsAgreement() {
        dir.write(
            "a.xml",
            Fixtures.framework(
                id: "aa",
                bridges:
                    #"<bridge level="1" kind="bilateral" status="confirmed" source="s"><to framework="aa" level="2"/><covers qualification="Bachelor"/></bridge>"#
            ))
        #expect(
            loadErrors().contains { $0.contains("<covers> needs the bridge's 'agreement' attribute") },
            "\(loadErrors())")
    }

    @Test func aFamilyNeedsItsEdition() {
        dir.write(
            "a.xml",
            Fixtures.framework(id: "aa").replacingOccurrences(of: #"id="aa""#, with: #"id="aa" family="aa-family""#))
        #expect(loadErrors().contains { $0.contains("'family' and 'edition' go together") }, "\(loadErrors())")
    }
}
