import Foundation
import Glibc
import ParityCore
import ParitySQLite
import ParitySpool
import ParityStore
import ParityTestSupport
import Testing

@testable import ParityService

/// Issue 23: an erasure removes exactly its own scope's data, found through the person index,
/// matched as decoded JSON, and never reaches into another service's files.
@Suite struct ErasureScopeTests {
    let dir = TempDirectory()
    let spool: Spool
    let database: ParityDatabase
    let processor: MessageProcessor
    static let group = ProducerPolicy.groupScope(getegid())

    init() throws {
        let fixture = try ProcessorFixture(
            dir, frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml", "ph-pqf.xml", "aqrf.xml"],
            extra: """
                [producers]
                "\(Self.group)" = ["credential-batch", "letter-request", "erase-person"]
                [services]
                "\(Self.group)" = ["pes-a", "pes-b"]
                """)
        (spool, database, processor) = (fixture.spool, fixture.database, fixture.processor)
    }

    func deliver(_ text: String) throws -> String { try spool.deliver(Array(text.utf8)) }
    func processAll() { while case .processed = processor.processGroup() {} }

    func batch(_ id: String, service: String?, person: String) -> String {
        let field = service.map { "\"service\": \"\($0)\", " } ?? ""
        return """
            {"kind": "credential-batch", "id": "\(id)", \(field)"destination": "DE", "people": [
              {"person": {"id": "\(person)", "name": "Name of \(id)", "consent": {"matching": true}},
               "credentials": [{"title": "Honours Bachelor Degree in Nursing", "country": "IE", "level": "8", "occupation": "2221", "evidence": "diploma"}]}]}
            """
    }

    func letter(_ id: String, service: String, person: String) -> String {
        """
        {"kind": "letter-request", "id": "\(id)", "service": "\(service)", "person": {"id": "\(person)", "name": "Holder \(id)"},
         "credential": {"title": "Bachelor of Science (Pflegewissenschaft)", "awardingBody": "Hochschule Example", "country": "DE", "level": "6", "evidence": "diploma", "checkedBy": "\(service) front desk"},
         "destination": "PH", "language": "en"}
        """
    }

    func text(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    @Test func twoServicesWithTheSamePersonAndDottedIdsEachEraseExactlyTheirOwn() throws {
        // Dotted ids: a result's id up to its first dot is `pes`, whichever service sent it.
        let a1 = try deliver(batch("pes.2026.a1", service: "pes-a", person: "p-shared"))
        let b1 = try deliver(batch("pes.2026.b1", service: "pes-b", person: "p-shared"))
        _ = try deliver(letter("pes.2026.a-letter", service: "pes-a", person: "p-shared"))
        _ = try deliver(letter("pes.2026.b-letter", service: "pes-b", person: "p-shared"))
        // Refused for a service the group may not deliver for: its scope is the group's, not pes-b's.
        let refused = try deliver(batch("pes.2026.c1", service: "pes-c", person: "p-shared"))
        processAll()
        #expect(spool.reason(refused)?.reason.code == .unauthorisedProducer)
        let files = [
            "A result": spool.result("batches", "pes.2026.a1", scope: "pes-a"),
            "B result": spool.result("batches", "pes.2026.b1", scope: "pes-b"),
            "A letter": spool.result("letters", "pes.2026.a-letter", scope: "pes-a"),
            "A pdf": spool.result("letters", "pes.2026.a-letter", "pdf", scope: "pes-a"),
            "B letter": spool.result("letters", "pes.2026.b-letter", scope: "pes-b"),
            "B pdf": spool.result("letters", "pes.2026.b-letter", "pdf", scope: "pes-b"),
            "A original": spool.directory(.done) + "/" + a1, "B original": spool.directory(.done) + "/" + b1,
            "refused original": spool.directory(.rejected) + "/" + refused,
        ]
        for (what, path) in files { #expect(FileManager.default.fileExists(atPath: path), "\(what) is missing") }

        _ = try deliver(
            #"{"kind": "erase-person", "id": "pes.2026.erase-b", "service": "pes-b", "person": "p-shared"}"#)
        processAll()
        // B's files: the person is gone from each; its letter and PDF are removed.
        #expect(text(files["B result"]!)?.contains("p-shared") == false)
        #expect(text(files["B original"]!)?.contains("p-shared") == false)
        #expect(!FileManager.default.fileExists(atPath: files["B letter"]!))
        #expect(!FileManager.default.fileExists(atPath: files["B pdf"]!))
        // A's files and the group's refused original: untouched, byte for byte.
        #expect(text(files["A result"]!)?.contains("p-shared") == true)
        #expect(text(files["A original"]!)?.contains("p-shared") == true)
        #expect(FileManager.default.fileExists(atPath: files["A letter"]!))
        #expect(FileManager.default.fileExists(atPath: files["A pdf"]!))
        #expect(text(files["refused original"]!)?.contains("p-shared") == true)
        #expect(try database.candidates(personId: "p-shared").map(\.key.scope) == ["pes-a"])

        // The group's own erasure (its scope is the group) takes the refused original.
        _ = try deliver(#"{"kind": "erase-person", "id": "pes.2026.erase-g", "person": "p-shared"}"#)
        processAll()
        #expect(text(files["refused original"]!)?.contains("p-shared") == false)
        #expect(text(files["A result"]!)?.contains("p-shared") == true)
    }

    @Test func anIdWrittenWithJSONEscapesIsErasedAsDecoded() throws {
        // Python's json.dumps and PHP's json_encode escape non-ASCII and `/` by default.
        let original = try deliver(batch("esc-1", service: "pes-a", person: #"jos\u00e9\/1"#))
        processAll()
        let path = spool.directory(.done) + "/" + original
        #expect(text(path)?.contains(#"jos\u00e9\/1"#) == true)
        // The erasure names the person as decoded, and decomposed (e + combining acute).
        _ = try deliver(#"{"kind": "erase-person", "id": "esc-erase", "service": "pes-a", "person": "jose\#u{301}/1"}"#)
        processAll()
        let kept = text(path) ?? ""
        #expect(!kept.contains("jos") && !kept.contains("Name of esc-1"), "done/ still holds: \(kept)")
        #expect(text(spool.result("batches", "esc-1", scope: "pes-a"))?.contains("jos") == false)
    }

    @Test func anErasureNeverOpensAFIFOOrASymbolicLinkInRejected() throws {
        let fifo = spool.directory(.rejected) + "/1.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(symlink("/etc/passwd", spool.directory(.rejected) + "/2.link") == 0)
        _ = try deliver(batch("b-1", service: "pes-a", person: "p-1"))
        _ = try deliver(#"{"kind": "erase-person", "id": "e-1", "service": "pes-a", "person": "p-1"}"#)
        // Would block in open() for ever if the FIFO were opened.
        processAll()
        #expect(text(spool.result("batches", "b-1", scope: "pes-a"))?.contains("p-1") == false)
        #expect(try database.candidates(personId: "p-1").isEmpty)
    }
}
