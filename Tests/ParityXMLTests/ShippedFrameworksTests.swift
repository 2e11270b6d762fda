import Foundation
import ParityCore
import ParityTestSupport
import ParityXML
import Testing

@Suite struct ShippedFrameworksTests {
    static let files: [String] =
        (try? FrameworkDirectory(path: Fixtures.frameworks, schemaPath: Fixtures.schema).files()) ?? []

    @Test func theShippedDirectoryHoldsEveryRequiredFramework() throws {
        let set = try FrameworkDirectory(path: Fixtures.frameworks, schemaPath: Fixtures.schema).load()
        let required = [
            "eqf", "aqrf", "sadcqf", "acqf", "ie-nfq", "gb-rqf", "gb-wls-cqfw", "gb-sct-scqf", "de-dqr", "fr-cnc",
            "au-aqf", "nz-nzqf", "hk-hkqf", "ph-pqf", "my-mqf", "id-kkni", "za-nqf", "ke-knqf", "bd-bnqf",
            // corridors.md: India by edition
            "in-nsqf-2013", "in-nsqf-2023", "in-nheqf-2023", "in-nheqf-2022-draft", "bd-ntvqf", "np-nqf",
            // frameworks-more.md: confirmed
            "it-qnq", "pl-pqf", "nl-nlqf", "at-nqr", "be-fl-vks", "gr-hqf", "ch-nqf-vpq", "no-nkr", "cz-kvalifikace",
            "lk-nvq", "vn-vqf",
            // frameworks-more.md: shipped as unconfirmed
            "es-mecu", "pt-qnq", "se-seqf", "dk-dkqf", "ro-cnc", "tr-tqf", "ua-nqf", "be-fr-cfc", "ae-qfemirates",
            "om-oqf",
            "bh-nqf", "sa-nqf-ksa", "sa-ncaaa-2009", "pk-pqf", "pk-nvqf", "ng-nsqf", "gh-ntvetqf",
        ]
        #expect(Set(set.frameworks.keys) == Set(required))
        #expect(set.taxonomies.map(\.id) == ["esco-ict"])
        #expect(set.versions.allSatisfy { $0.contentHash.count == 64 })
    }

    @Test(arguments: files)
    func everyShippedFileValidatesOnItsOwn(file: String) throws {
        _ = try Fixtures.read(file)
    }

    @Test(arguments: files)
    func everyBridgeCitesASource(file: String) throws {
        guard case .framework(let f) = try Fixtures.read(file).content else { return }
        for bridge in f.bridges { #expect(!bridge.provenance.source.isEmpty, "\(f.id) \(bridge.from.level)") }
        // A typical ISCED level assigned by Parity stays unconfirmed; only a national alignment
        // the country published (with its address) may be confirmed.
        for level in f.levels {
            for isced in level.isced where isced.provenance.status == .confirmed {
                #expect(
                    !isced.provenance.source.contains("assigned by Parity")
                        && isced.provenance.source.contains("https://"),
                    "\(f.id) \(level.id)")
            }
        }
    }

    @Test func countriesUseISO3166AndTheUKNations() throws {
        let set = try FrameworkDirectory(path: Fixtures.frameworks, schemaPath: Fixtures.schema).load()
        #expect(set.framework("gb-rqf")?.countries == ["GB-ENG", "GB-NIR"])
        #expect(set.framework("gb-sct-scqf")?.countries == ["GB-SCT"])
        #expect(set.framework("gb-wls-cqfw")?.countries == ["GB-WLS"])
        #expect(set.framework("eqf")?.region == "EU")
    }

    @Test func theReferencingTablesAreEncodedAsPublished() throws {
        let set = try FrameworkDirectory(path: Fixtures.frameworks, schemaPath: Fixtures.schema).load()
        func target(_ id: String, _ level: String) -> [Bridge.Target] {
            set.framework(id)?.bridges.filter { $0.from.level == level }.map(\.target) ?? []
        }
        #expect(target("ie-nfq", "8") == [.level(LevelReference(framework: "eqf", level: "6"))])
        #expect(target("gb-sct-scqf", "9") == [.level(LevelReference(framework: "eqf", level: "6"))])
        #expect(target("gb-sct-scqf", "10") == [.level(LevelReference(framework: "eqf", level: "6"))])
        #expect(target("de-dqr", "6") == [.level(LevelReference(framework: "eqf", level: "6"))])
        #expect(target("nz-nzqf", "8") == [.noAgreedLevel(framework: "hk-hkqf")])
        // Partly confirmed facts ship as unconfirmed, never as confirmed.
        #expect(set.framework("fr-cnc")?.bridges.allSatisfy { $0.provenance.status == .unconfirmed } == true)
        #expect(set.framework("ph-pqf")?.bridges.allSatisfy { $0.provenance.status == .unconfirmed } == true)
        // No AQRF-EQF bridge is published: none is shipped.
        #expect(set.framework("aqrf")?.bridges.isEmpty == true)
        #expect(set.framework("fr-cnc")?.levels(withLegacyLabel: "I").map(\.id) == ["7", "8"])
    }

    @Test func theTaxonomyCarriesTheESCOAttributionAndRealLinks() throws {
        let set = try FrameworkDirectory(path: Fixtures.frameworks, schemaPath: Fixtures.schema).load()
        let taxonomy = try #require(set.taxonomies.first)
        #expect(taxonomy.attribution == "This service uses the ESCO classification of the European Commission.")
        #expect(taxonomy.iscoGroups.count == 619)
        #expect(taxonomy.skills.count == 877)
        #expect(taxonomy.occupations.count == 91)
        #expect(taxonomy.iscoGroups.first { $0.code == "2221" }?.label == "Nursing professionals")
        #expect(
            taxonomy.occupations.first { $0.label == "ICT security administrator" }?.essentialSkills.isEmpty == false)
    }

    /// libxml2's own command-line validator agrees with the importer on every shipped file.
    @Test(arguments: files)
    func xmllintAgreesTheFileIsValid(file: String) throws {
        let xmllint = "/usr/bin/xmllint"
        try #require(
            FileManager.default.isExecutableFile(atPath: xmllint), "xmllint (libxml2-utils) is installed by make deps")
        let run = try Tool.run(xmllint, ["--noout", "--nonet", "--schema", Fixtures.schema, file])
        #expect(run.status == 0, "\(run.err)")
    }
}
