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
        #expect(
            set.level(qdr: "http://data.europa.eu/snb/qdr/c_c392e7a2")
                == LevelReference(framework: "gb-rqf", level: "6"))
        #expect(
            set.level(qdr: "http://data.europa.eu/snb/qdr/c_12a84182")
                == LevelReference(framework: "de-dqr", level: "4"))
        #expect(
            set.level(qdr: "http://data.europa.eu/snb/qdr/c_cdd36a4b")
                == LevelReference(framework: "es-mecu", level: "5"))  // "MECU Level 5"
        #expect(set.level(qdr: Self.uri("NLQF Level 4+")) == LevelReference(framework: "nl-nlqf", level: "4-plus"))
        #expect(set.level(qdr: Self.uri("NKR Level 5.1")) == LevelReference(framework: "no-nkr", level: "5-1"))
        #expect(set.level(qdr: Self.uri("IT NQF Level 7")) == LevelReference(framework: "it-qnq", level: "7"))
        #expect(set.level(qdr: Self.uri("QNQ Level 4")) == LevelReference(framework: "pt-qnq", level: "4"))
        // Every European national framework whose levels the vocabulary names carries them; the others none.
        let carrying = set.sortedFrameworks.filter { $0.levels.contains { $0.qdr != nil } }.map(\.id)
        #expect(
            carrying == [
                "at-nqr", "be-fl-vks", "be-fr-cfc", "ch-nqf-vpq", "cz-kvalifikace", "de-dqr", "dk-dkqf", "es-mecu",
                "gb-rqf", "gb-sct-scqf",
                "gb-wls-cqfw", "gr-hqf", "ie-nfq", "it-qnq", "nl-nlqf", "no-nkr", "pl-pqf", "pt-qnq", "ro-cnc",
                "se-seqf", "tr-tqf",
            ])
        // Every URI names one level only, and each shipped one is in the vocabulary under the level it is given to.
        let all = set.sortedFrameworks.flatMap { $0.levels.compactMap(\.qdr) }
        #expect(all.count == Set(all).count && all.count == 177)
        #expect(Set(all).isSubset(of: Set(Self.vocabulary.keys)))
    }

    /// The EU vocabulary of NQF levels (European Learning Model xsd/loq/cv/nqf.xsd, EUPL-1.2, copied from ../shared/data/formats/elm): URI → English label.
    static let vocabulary: [String: String] = {
        let path = Repo.root.appendingPathComponent("Tests/ParityXMLTests/Fixtures/qdr-nqf-levels.xsd").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var out: [String: String] = [:]
        let pattern =
            #/<xs:enumeration value="([^"]+)">\s*<xs:annotation>\s*<xs:documentation>([^<]*)</xs:documentation>/#
        for match in text.matches(of: pattern) {
            out[String(match.1)] = match.2.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return out
    }()

    static func uri(_ label: String) -> String { vocabulary.first { $0.value == label }?.key ?? "missing: \(label)" }

    @Test func aQDRURIOfTheWrongFormIsRefusedByTheSchema() throws {
        let file = dir.write(
            "bad.xml",
            Fixtures.framework(
                levels: #"<level id="1" order="1" qdr="http://example.org/level/1"><name>L1</name></level>"#))
        #expect(Fixtures.diagnostics(file).contains { $0.message.contains("qdr") })
    }

    @Test func oneQDRURIOnTwoLevelsIsRefusedWithBothPlaces() throws {
        let uri = "http://data.europa.eu/snb/qdr/c_0000abcd"
        let a = dir.write(
            "a.xml",
            Fixtures.framework(id: "xx-a", levels: #"<level id="1" order="1" qdr="\#(uri)"><name>L1</name></level>"#))
        let b = dir.write(
            "b.xml",
            Fixtures.framework(id: "xx-b", levels: #"<level id="1" order="1" qdr="\#(uri)"><name>L1</name></level>"#))
        do {
            _ = try FrameworkSet(documents: [try Fixtures.read(a), try Fixtures.read(b)])
            Issue.record("a QDR URI used twice was accepted")
        } catch {
            #expect("\(error)".contains("QDR URI \(uri) already names xx-a level 1"), "\(error)")
        }
    }
}
