import Foundation
import ParityCore
import ParityTestSupport
import ParityXML
import Testing

@Suite struct FrameworkInstallTests {
    let installed = TempDirectory()
    let incoming = TempDirectory()

    var directory: FrameworkDirectory { FrameworkDirectory(path: installed.path, schemaPath: Fixtures.schema) }

    @Test func aValidFileIsPlacedUnderItsIdAndLoads() throws {
        installed.copyShipped(["eqf.xml"])
        let file = incoming.write(
            "my-upload.xml", try String(contentsOfFile: Fixtures.frameworks + "/ie-nfq.xml", encoding: .utf8))
        let target = try directory.install(file: file)
        #expect(target == installed.path + "/ie-nfq.xml")
        #expect(installed.names() == ["eqf.xml", "ie-nfq.xml"])
        #expect(try directory.load().framework("ie-nfq") != nil)
    }

    @Test func aFileWhoseBridgesDoNotResolveChangesNothing() throws {
        let file = incoming.write(
            "ie.xml", try String(contentsOfFile: Fixtures.frameworks + "/ie-nfq.xml", encoding: .utf8))
        installed.copyShipped(["de-dqr.xml", "eqf.xml"])
        try FileManager.default.removeItem(atPath: installed.path + "/eqf.xml")
        let before = installed.names()
        #expect(throws: FrameworkLoadError.self) { try directory.install(file: file) }
        #expect(installed.names() == before)
    }

    @Test func anInvalidFileIsReportedUnderItsOwnNameAndChangesNothing() throws {
        installed.copyShipped(["eqf.xml"])
        let file = incoming.write(
            "bad.xml", Fixtures.framework().replacingOccurrences(of: #"order="2""#, with: #"order="two""#))
        do {
            try directory.install(file: file)
            Issue.record("an invalid file must not install")
        } catch {
            #expect(error.lines.first?.hasPrefix(file + ":7:") == true, "\(error.lines)")
        }
        #expect(installed.names() == ["eqf.xml"])
    }

    @Test func aNewVersionReplacesTheFileWithTheSameId() throws {
        installed.copyShipped(["eqf.xml"])
        try FileManager.default.copyItem(
            atPath: Fixtures.frameworks + "/ie-nfq.xml", toPath: installed.path + "/irish.xml")
        let newer = try String(contentsOfFile: Fixtures.frameworks + "/ie-nfq.xml", encoding: .utf8)
            .replacingOccurrences(of: #"version="NFQ (2020 referencing)""#, with: #"version="NFQ (2026 test)""#)
        let target = try directory.install(file: incoming.write("ie.xml", newer))
        #expect(target == installed.path + "/irish.xml")
        #expect(try directory.load().framework("ie-nfq")?.version == "NFQ (2026 test)")
    }

    @Test func validatingFilesUsesTheInstalledSetForTheirBridges() throws {
        installed.copyShipped(["eqf.xml"])
        let file = incoming.write(
            "ie.xml", try String(contentsOfFile: Fixtures.frameworks + "/ie-nfq.xml", encoding: .utf8))
        #expect(try directory.check(files: [file]).framework("ie-nfq") != nil)
        #expect(throws: FrameworkLoadError.self) { try directory.check(files: [file], alone: true) }
    }
}
