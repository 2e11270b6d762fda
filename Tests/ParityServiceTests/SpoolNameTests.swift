import Foundation
import ParitySpool
import ParityTestSupport
import Testing

@testable import ParityService

/// Issue 23: names a producer chooses cannot overwrite the spool's own files or an earlier
/// original, and a name too long for its reason file is still rejected, once.
@Suite struct SpoolNameTests {
    let dir = TempDirectory()
    let fixture: ProcessorFixture
    var spool: Spool { fixture.spool }

    init() throws { fixture = try ProcessorFixture(dir, frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"]) }

    /// Delivers `text` under exactly `name` (write in tmp, rename into new).
    func deliver(_ text: String, as name: String) throws {
        let tmp = spool.incomingTmp + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: tmp))
        #expect(rename(tmp, spool.incomingNew + "/" + name) == 0)
    }

    func rejected() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool.directory(.rejected))) ?? []).sorted()
    }

    static let batch = """
        {"kind": "credential-batch", "id": "b-1", "destination": "DE", "people": [{"person": {"id": "p-1", "consent": {"matching": false}},
         "credentials": [{"title": "Honours Bachelor Degree in Nursing", "country": "IE", "level": "8", "evidence": "diploma"}]}]}
        """

    @Test func aMessageNamedLikeAReasonFileCannotOverwriteOne() throws {
        try deliver("not JSON", as: "1.A")
        _ = fixture.processor.processGroup()
        let reason = try String(contentsOfFile: spool.directory(.rejected) + "/1.A.reason.json", encoding: .utf8)
        try deliver("also not JSON", as: "1.A.reason.json")
        _ = fixture.processor.processGroup()
        #expect(try String(contentsOfFile: spool.directory(.rejected) + "/1.A.reason.json", encoding: .utf8) == reason)
        let stored = try #require(rejected().first { $0.hasPrefix("unsafe-name-") && !$0.hasSuffix(".reason.json") })
        #expect(spool.reason(stored)?.reason.code == .unsafeName)
        #expect(spool.reason(stored)?.message == "1.A.reason.json")
    }

    @Test func aNameTooLongForItsReasonFileIsRejectedOnceUnderASafeName() throws {
        let long = "1." + String(repeating: "x", count: 253)
        try deliver("not JSON", as: long)
        #expect(fixture.processor.processGroup() == .processed(1))
        #expect(try spool.waiting().isEmpty)
        let stored = try #require(rejected().first { !$0.hasSuffix(".reason.json") })
        #expect(stored.hasPrefix("unsafe-name-"))
        let reason = try #require(spool.reason(stored))
        #expect(reason.reason.code == .unsafeName)
        #expect(reason.reason.found == "a name of 255 bytes")
    }

    @Test func aNameUsedAgainNeverReplacesTheOriginalInDone() throws {
        try deliver(Self.batch, as: "1.same")
        #expect(fixture.processor.processGroup() == .processed(1))
        let original = try String(contentsOfFile: spool.directory(.done) + "/1.same", encoding: .utf8)
        try deliver(Self.batch.replacingOccurrences(of: "b-1", with: "b-2"), as: "1.same")
        #expect(fixture.processor.processGroup() == .processed(1))
        #expect(try String(contentsOfFile: spool.directory(.done) + "/1.same", encoding: .utf8) == original)
        #expect(spool.reason("1.same")?.reason.code == .unsafeName)
        #expect(spool.reason("1.same")?.reason.found.contains("already in done/") == true)
    }
}
