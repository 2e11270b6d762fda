import Foundation
import Glibc
import Logging
@testable import ParityService
import ParitySpool
import ParityStore
import ParityTestSupport
import ParityXML
import Testing

/// The processor on a real temporary spool and database, one group at a time.
@Suite struct MessageProcessingTests {
    let dir = TempDirectory()
    let spool: Spool
    let database: ParityDatabase
    let processor: MessageProcessor

    init() throws {
        let config = dir.configuration(frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml", "ph-pqf.xml", "aqrf.xml"])
        let configuration = try ParityConfiguration.load(file: config)
        spool = Spool(root: configuration.paths.spool)
        try spool.prepare()
        try FileManager.default.createDirectory(atPath: dir.path + "/db", withIntermediateDirectories: true)
        database = try ParityDatabase(path: configuration.paths.database)
        let registry = try FrameworkRegistry(directory: configuration.frameworkDirectory)
        processor = MessageProcessor(
            spool: spool, database: database, registry: registry, limits: SpoolService.limits(configuration).with(maxBytes: 4096),
            stats: ProcessingStats(), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    static let batch = try! String(contentsOf: URL(fileURLWithPath: Repo.root.path + "/Samples/credential-batch.json"), encoding: .utf8)

    func deliver(_ text: String) throws -> String { try spool.deliver(Array(text.utf8)) }
    func files(_ path: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    func reason(_ name: String) -> Rejection? { spool.reason(name)?.reason }

    @Test func aCredentialBatchGivesItsResultAndStoresOnlyConsentingPeople() throws {
        let name = try deliver(Self.batch.replacingOccurrences(of: #""id": "p-102", "consent": { "matching": true }"#, with: #""id": "p-102""#))
        #expect(processor.processGroup() == .processed(1))
        #expect(files(spool.directory(.done)) == [name])
        let output = spool.outbox("batches").new + "/pes-ie-2026-11-23-001.json"
        let result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        #expect((result["results"] as? [Any])?.count == 3)
        #expect(try database.ledgerEntry(id: "pes-ie-2026-11-23-001")?.outputs == ["outbox/batches/new/pes-ie-2026-11-23-001.json"])
        #expect(try database.candidateCount() == 1)
        #expect(try database.candidate(personId: "p-101")?.destination == "DE")
    }

    @Test func theSameMessageAgainIsADuplicateWithNoNewEffect() throws {
        _ = try deliver(Self.batch)
        #expect(processor.processGroup() == .processed(1))
        let output = spool.outbox("batches").new + "/pes-ie-2026-11-23-001.json"
        try FileManager.default.removeItem(atPath: output)  // the consumer took it
        _ = try deliver(Self.batch)
        _ = try deliver(Self.batch)  // and a third time, in one group with the second
        #expect(processor.processGroup() == .processed(2))
        #expect(files(spool.directory(.done)).count == 3)
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(processor.stats.snapshot.duplicates == 2)
    }

    @Test func theSameIdWithOtherContentIsRejectedAsAConflict() throws {
        _ = try deliver(Self.batch)
        let second = try deliver(Self.batch.replacingOccurrences(of: "\"DE\"", with: "\"GB-SCT\""))
        #expect(processor.processGroup() == .processed(2))
        #expect(reason(second)?.code == .idConflict)
        #expect(reason(second)?.location == "\(second): id")
    }

    @Test(arguments: [
        ("{\"kind\": \"credential-batch\", \"id\": \"b-1\", \"people\": [", Rejection.Code.notJSON, "line 1, column 54"),
        ("\u{7F}ELF\u{02}\u{01}\u{01}\0\0\0", .notJSON, "line 1, column 1"),
        (String(repeating: "[", count: 40) + String(repeating: "]", count: 40), .tooDeep, "line 1, column 33"),
        ("[1, 2]", .invalidEnvelope, "the document"),
        ("{\"id\": \"x\"}", .invalidEnvelope, "kind"),
        ("{\"kind\": \"credential-batch\", \"id\": \"../../etc/passwd\"}", .invalidEnvelope, "id"),
        ("{\"kind\": \"invoice\", \"id\": \"i-1\"}", .unknownKind, "kind"),
        ("{\"kind\": \"job-opening\", \"id\": \"j-1\"}", .unsupportedKind, "kind"),
        ("{\"kind\": \"credential-batch\", \"id\": \"b-2\", \"destination\": \"DE\"}", .invalidContent, "people"),
        ("{\"kind\": \"credential-batch\", \"id\": \"b-3\", \"destination\": \"Atlantis\", \"people\": []}", .invalidContent, "destination"),
    ])
    func badMessagesAreRejectedWithWhereWhatAndExpected(text: String, code: Rejection.Code, location: String) throws {
        let name = try deliver(text)
        #expect(processor.processGroup() == .processed(1))
        let found = try #require(self.reason(name))
        #expect(found.code == code)
        #expect(found.location == "\(name): \(location)")
        #expect(!found.found.isEmpty && !found.expected.isEmpty)
        #expect(files(spool.directory(.rejected)) == [name, name + ".reason.json"])
    }

    @Test func anOversizedMessageIsRejected() throws {
        let name = try deliver("{\"kind\": \"credential-batch\", \"pad\": \"" + String(repeating: "x", count: 5000) + "\"}")
        _ = processor.processGroup()
        #expect(reason(name)?.code == .tooLarge)
    }

    @Test func aFileOwnedByAnotherUserIsRefusedWithoutAProducersSection() throws {
        let name = try deliver(Self.batch)
        chown(spool.incomingNew + "/" + name, 4242, 4242)
        _ = processor.processGroup()
        #expect(reason(name)?.code == .unauthorisedProducer)
        #expect(files(spool.outbox("batches").new).isEmpty)
    }

    @Test func aProducerGroupMayDeliverOnlyItsKinds() throws {
        let group = try #require(ProducerPolicy.groupName(getegid()))
        processor.update(processor.currentLimits.with(policy: ProducerPolicy(producers: [group: ["credential-batch"]])))
        let batch = try deliver(Self.batch)
        let job = try deliver("{\"kind\": \"job-opening\", \"id\": \"j-1\"}")
        let stranger = try deliver(Self.batch.replacingOccurrences(of: "pes-ie-2026-11-23-001", with: "other"))
        chown(spool.incomingNew + "/" + stranger, 4242, 4242)
        _ = processor.processGroup()
        #expect(files(spool.directory(.done)) == [batch])
        #expect(reason(job)?.code == .unauthorisedProducer)
        #expect(reason(job)?.found == "kind 'job-opening', which this group may not deliver")
        #expect(reason(stranger)?.code == .unauthorisedProducer)
    }

    @Test func aBadPersonIsReportedInTheResultAndTheRestProcessed() throws {
        _ = try deliver(Self.batch.replacingOccurrences(of: #""id": "p-102""#, with: #""id": true"#))
        #expect(processor.processGroup() == .processed(1))
        let output = spool.outbox("batches").new + "/pes-ie-2026-11-23-001.json"
        let result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        let rejected = try #require(result["rejected"] as? [[String: String]])
        #expect(rejected == [["location": "people[1]", "field": "people[1].person.id", "message": "expected a string, found true or false"]])
    }
}

extension MessageProcessor.Limits {
    func with(maxBytes: Int) -> Self { var copy = self; copy.maxMessageBytes = maxBytes; return copy }
    func with(policy: ProducerPolicy) -> Self { var copy = self; copy.policy = policy; return copy }
}
