import Foundation
import ParityCore
import ParityTestSupport
import ParityXML
import Testing

/// QDR level URIs in framework data: read, checked (form by the XSD, uniqueness by the set
/// checks), and resolved to the level a European Digital Credential's `nqfLevel` names.
@Suite struct QDRLevelTests {
    let dir = TempDirectory()

    @Test func theShippedEuropeanFrameworksCarryTheirQDRLevelsAndTheyResolve() throws {
        let set = try FrameworkDirectory(path: Fixtures.frameworks, schemaPath: Fixtures.schema).load()
        // From the vocabulary (European Learning Model xsd/loq/cv/nqf.xsd): "RQF Level 6", "DQR Level 4", "IE NQF Level 8".
        #expect(set.level(qdr: "http://data.europa.eu/snb/qdr/c_c392e7a2") == LevelReference(framework: "gb-rqf", level: "6"))
        #expect(set.level(qdr: "http://data.europa.eu/snb/qdr/c_12a84182") == LevelReference(framework: "de-dqr", level: "4"))
        #expect(set.level(qdr: "http://data.europa.eu/snb/qdr/c_cdd36a4b") == nil)  // MECU Level 5: no shipped framework
        let carrying = set.sortedFrameworks.filter { $0.levels.contains { $0.qdr != nil } }.map(\.id)
        #expect(carrying == ["de-dqr", "gb-rqf", "gb-sct-scqf", "gb-wls-cqfw", "ie-nfq"])
        // Every URI names one level only.
        let all = set.sortedFrameworks.flatMap { $0.levels.compactMap(\.qdr) }
        #expect(all.count == Set(all).count && all.count == 47)
    }

    @Test func aQDRURIOfTheWrongFormIsRefusedByTheSchema() throws {
        let file = dir.write("bad.xml", Fixtures.framework(levels: #"<level id="1" order="1" qdr="http://example.org/level/1"><name>L1</name></level>"#))
        #expect(Fixtures.diagnostics(file).contains { $0.message.contains("qdr") })
    }

    @Test func oneQDRURIOnTwoLevelsIsRefusedWithBothPlaces() throws {
        let uri = "http://data.europa.eu/snb/qdr/c_0000abcd"
        let a = dir.write("a.xml", Fixtures.framework(id: "xx-a", levels: #"<level id="1" order="1" qdr="\#(uri)"><name>L1</name></level>"#))
        let b = dir.write("b.xml", Fixtures.framework(id: "xx-b", levels: #"<level id="1" order="1" qdr="\#(uri)"><name>L1</name></level>"#))
        do {
            _ = try FrameworkSet(documents: [try Fixtures.read(a), try Fixtures.read(b)])
            Issue.record("a QDR URI used twice was accepted")
        } catch {
            #expect("\(error)".contains("QDR URI \(uri) already names xx-a level 1"), "\(error)")
        }
    }
}
