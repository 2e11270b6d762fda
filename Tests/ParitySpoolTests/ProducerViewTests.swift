import Foundation
import ParitySpool
import ParityTestSupport
import Testing

/// A producer sees only `incoming/`: under the packaged layout `active/` and `done/` are 0700
/// parityd's, so what a producer checks before delivering must not look into them.
@Suite struct ProducerViewTests {
    @Test func aProducerChecksOnlyTheIncomingDirectories() throws {
        let dir = TempDirectory()
        let root = dir.path + "/spool"
        try FileManager.default.createDirectory(atPath: root + "/incoming/tmp", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/incoming/new", withIntermediateDirectories: true)
        let spool = Spool(root: root)
        try spool.checkIncoming()
        #expect(throws: SpoolError.self) { try spool.check() }  // parityd's own check wants everything
        let name = try spool.deliver(Array("{}".utf8))
        #expect(try spool.waiting() == [name])
    }

    @Test func aProducerIsToldWhichIncomingDirectoryIsMissing() throws {
        let dir = TempDirectory()
        let spool = Spool(root: dir.path + "/nowhere")
        do {
            try spool.checkIncoming()
            Issue.record("a missing spool was accepted")
        } catch {
            #expect(error.description.contains(dir.path + "/nowhere/incoming/tmp"), "\(error)")
        }
    }
}
