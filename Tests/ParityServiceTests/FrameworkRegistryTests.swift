import Foundation
import ParityCore
import ParityService
import ParityTestSupport
import ParityXML
import Testing

@Suite struct FrameworkRegistryTests {
    let dir = TempDirectory()

    @Test func aBrokenFileOnReloadKeepsThePreviousGoodSet() throws {
        _ = dir.configuration(frameworks: ["eqf.xml", "ie-nfq.xml"])
        let directory = FrameworkDirectory(path: dir.path + "/frameworks", schemaPath: Repo.schema)
        let registry = try FrameworkRegistry(directory: directory)
        let before = registry.current.versions
        #expect(before.map(\.id) == ["eqf", "ie-nfq"])

        dir.write("frameworks/de-dqr.xml", "<framework xmlns=\"urn:parity:framework:1\"><name>half written")
        #expect(throws: FrameworkLoadError.self) { try registry.reload() }
        #expect(registry.current.versions == before)

        try FileManager.default.removeItem(atPath: dir.path + "/frameworks/de-dqr.xml")
        try FileManager.default.copyItem(
            atPath: Repo.frameworks + "/de-dqr.xml", toPath: dir.path + "/frameworks/de-dqr.xml")
        try registry.reload()
        #expect(registry.current.versions.map(\.id) == ["de-dqr", "eqf", "ie-nfq"])
    }

    @Test func aSetWithADanglingBridgeDoesNotReplaceTheGoodOne() throws {
        _ = dir.configuration(frameworks: ["eqf.xml", "ie-nfq.xml"])
        let registry = try FrameworkRegistry(
            directory: FrameworkDirectory(path: dir.path + "/frameworks", schemaPath: Repo.schema))
        try FileManager.default.removeItem(atPath: dir.path + "/frameworks/eqf.xml")
        do { try registry.reload(); Issue.record("must refuse") } catch {
            #expect(error.lines.contains { $0.contains("unknown framework 'eqf'") })
        }
        #expect(registry.current.framework("eqf") != nil)
    }
}
