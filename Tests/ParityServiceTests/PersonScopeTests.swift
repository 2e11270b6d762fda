import Foundation
import Glibc
import Logging
import ParityCore
import ParitySQLite
import ParitySpool
import ParityStore
import ParityTestSupport
import Testing

@testable import ParityService

/// DESIGN.md §8b: a person id belongs to the service that delivered it. Two services that both
/// number people `p-101` are two people; a person registered for two destinations is in both
/// pools; an erasure acts within its own service.
@Suite struct PersonScopeTests {
    let dir = TempDirectory()
    let spool: Spool
    let database: ParityDatabase
    let processor: MessageProcessor
    let candidates: CandidateDirectory
    /// The group this test's files are created with: it may deliver for two services.
    static let group = ProducerPolicy.groupScope(getegid())

    init() throws {
        let fixture = try ProcessorFixture(
            dir, frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml", "ph-pqf.xml", "aqrf.xml"],
            extra: """
                [matching]
                shortlist_size = 100
                [producers]
                "\(Self.group)" = ["credential-batch", "job-opening", "erase-person"]
                daemon = ["credential-batch", "erase-person"]
                bin = ["credential-batch", "erase-person"]
                [services]
                "\(Self.group)" = ["pes-a", "pes-b"]
                """)
        (spool, database, processor, candidates) = (
            fixture.spool, fixture.database, fixture.processor, fixture.candidates
        )
    }

    /// A batch with one nurse (fits the sample job) under `person`, for `service` (nil: as the group).
    func batch(
        _ id: String, service: String?, person: String = "p-101", name: String, destination: String = "DE"
    ) -> String {
        let field = service.map { "\"service\": \"\($0)\", " } ?? ""
        return """
            {"kind": "credential-batch", "id": "\(id)", \(field)"destination": "\(destination)", "people": [
              {"person": {"id": "\(person)", "name": "\(name)", "consent": {"matching": true, "shareContact": true}},
               "credentials": [{"title": "Honours Bachelor Degree in Nursing", "country": "IE", "level": "8", "occupation": "2221", "evidence": "diploma"}]}]}
            """
    }

    func job(_ id: String, country: String = "DE") throws -> String {
        try String(contentsOf: URL(fileURLWithPath: Repo.root.path + "/Samples/job-opening.json"), encoding: .utf8)
            .replacingOccurrences(of: "klinikum-example-2026-0042", with: id)
            .replacingOccurrences(of: "\"addressCountry\": \"DE\"", with: "\"addressCountry\": \"\(country)\"")
    }

    func deliver(_ text: String) throws -> String { try spool.deliver(Array(text.utf8)) }

    func shortlist(_ id: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: spool.result("employers", id)))
        return try #require(
            (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["candidates"] as? [[String: Any]])
    }

    func processAll() { while case .processed = processor.processGroup() {} }

    @Test func twoServicesNumberingPeopleAlikeAreTwoPeopleAndAnErasureTouchesOnlyItsOwn() throws {
        // Names in two scripts: the shortlist must give each back as delivered.
        _ = try deliver(batch("a-1", service: "pes-a", name: "محمد عبد الله"))
        _ = try deliver(batch("b-1", service: "pes-b", name: "রহিম উদ্দিন"))
        _ = try deliver(try job("j-1"))
        processAll()
        #expect(try database.candidates(personId: "p-101").map(\.key.scope) == ["pes-a", "pes-b"])
        let listed = try shortlist("j-1")
        let refs = Set(listed.compactMap { $0["ref"] as? String })
        #expect(
            refs == [
                candidates.ref(scope: "pes-a", personId: "p-101"), candidates.ref(scope: "pes-b", personId: "p-101"),
            ])
        #expect(Set(listed.compactMap { $0["name"] as? String }) == ["محمد عبد الله", "রহিম উদ্দিন"])

        _ = try deliver(#"{"kind": "erase-person", "id": "e-1", "service": "pes-a", "person": "p-101"}"#)
        _ = try deliver(try job("j-2"))
        processAll()
        #expect(try database.candidates(personId: "p-101").map(\.key.scope) == ["pes-b"])
        #expect(
            try shortlist("j-2").compactMap { $0["ref"] as? String } == [
                candidates.ref(scope: "pes-b", personId: "p-101")
            ])
        // pes-a's result no longer names its person; pes-b's still does; j-1's shortlist keeps pes-b's entry only.
        let resultA = try String(contentsOfFile: spool.result("batches", "a-1", scope: "pes-a"), encoding: .utf8)
        let resultB = try String(contentsOfFile: spool.result("batches", "b-1", scope: "pes-b"), encoding: .utf8)
        #expect(!resultA.contains("p-101") && resultB.contains("p-101"))
        #expect(try shortlist("j-1").compactMap { $0["name"] as? String } == ["রহিম উদ্দিন"])
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: spool.directory(.done))) ?? []
        let originals = try kept.map { try String(contentsOfFile: spool.directory(.done) + "/" + $0, encoding: .utf8) }
        #expect(!originals.contains { $0.contains("محمد") })
        #expect(originals.contains { $0.contains("রহিম উদ্দিন") })
    }

    @Test func aPersonRegisteredForGermanyAndIrelandIsInBothPoolsUnderOneReference() throws {
        _ = try deliver(batch("de-1", service: nil, name: "Олена Шевченко", destination: "DE"))
        _ = try deliver(batch("ie-1", service: nil, name: "Олена Шевченко", destination: "IE"))
        _ = try deliver(try job("job-de", country: "DE"))
        _ = try deliver(try job("job-ie", country: "IE"))
        processAll()
        #expect(try database.candidates(personId: "p-101").map(\.destination) == ["DE", "IE"])
        let ref = candidates.ref(scope: Self.group, personId: "p-101")
        #expect(try shortlist("job-de").compactMap { $0["ref"] as? String } == [ref])
        #expect(try shortlist("job-ie").compactMap { $0["ref"] as? String } == [ref])
    }

    @Test func aLaterBatchWithoutConsentTakesThePersonOutOfThatPool() throws {
        _ = try deliver(batch("de-1", service: nil, name: "Ayşe Yıldız"))
        processAll()
        _ = try deliver(
            batch("de-2", service: nil, name: "Ayşe Yıldız").replacingOccurrences(
                of: "\"matching\": true", with: "\"matching\": false"))
        _ = try deliver(try job("j-1"))
        processAll()
        #expect(try database.candidates(personId: "p-101").isEmpty)
        #expect(try shortlist("j-1").isEmpty)
    }

    /// Message ids are each service's own idempotency keys (issue 23): another service's message
    /// with the same id is processed as a message of its own, under a result name of its own;
    /// a conflict is found within a service only, and its reason names nothing of another's.
    @Test func theSameMessageIdFromTwoServicesIsTwoMessagesAndAConflictStaysWithinOneService() throws {
        _ = try deliver(batch("batch-7", service: "pes-a", name: "Amina Yusuf"))
        _ = try deliver(batch("batch-7", service: "pes-b", person: "p-202", name: "Oksana Bondar"))
        processAll()
        #expect(try database.ledgerEntries(id: "batch-7").map(\.scope) == ["pes-a", "pes-b"])
        let a = try String(contentsOfFile: spool.result("batches", "batch-7", scope: "pes-a"), encoding: .utf8)
        let b = try String(contentsOfFile: spool.result("batches", "batch-7", scope: "pes-b"), encoding: .utf8)
        #expect(a.contains("p-101") && !a.contains("p-202") && b.contains("p-202") && !b.contains("p-101"))
        #expect(
            (try FileManager.default.contentsOfDirectory(atPath: spool.directory(.rejected))).isEmpty,
            "neither service's message was refused")

        // The same content again within pes-b: a duplicate. Other content under pes-b's id: a conflict,
        // whose reason speaks of pes-b's own message only.
        _ = try deliver(batch("batch-7", service: "pes-b", person: "p-202", name: "Oksana Bondar"))
        let conflicting = try deliver(batch("batch-7", service: "pes-b", person: "p-303", name: "Lan Pham"))
        // An id only pes-a has used is new to pes-b: processed.
        _ = try deliver(batch("batch-9", service: "pes-a", person: "p-404", name: "Ali Khan"))
        let fresh = try deliver(batch("batch-9", service: "pes-b", person: "p-505", name: "Sara Haile"))
        processAll()
        let reason = try #require(spool.reason(conflicting))
        #expect(reason.reason.code == .idConflict && reason.id == "batch-7")
        let text = "\(reason.reason.location) \(reason.reason.found) \(reason.reason.expected)"
        #expect(!text.contains("pes-a") && !text.contains("p-101"), "\(text)")
        #expect(spool.reason(fresh) == nil)
        #expect(FileManager.default.fileExists(atPath: spool.result("batches", "batch-9", scope: "pes-b")))
        #expect(try database.candidates(personId: "p-303").isEmpty)
    }

    @Test func aServiceTheGroupMayNotDeliverForIsRefusedWithTheServicesItMay() throws {
        let name = try deliver(batch("c-1", service: "pes-c", name: "Nguyễn Thị Hương"))
        processAll()
        let reason = try #require(spool.reason(name)?.reason)
        #expect(reason.code == .unauthorisedProducer)
        #expect(reason.location == "\(name): service")
        #expect(reason.expected.contains("pes-a, pes-b"))
        #expect(try database.candidateCount() == 0)
    }

    @Test(
        .enabled(
            if: getuid() == 0 && getgrnam("daemon") != nil && getgrnam("bin") != nil,
            "delivering as two other groups needs root and Debian's daemon and bin groups"))
    func twoProducerGroupsWithTheSamePersonIdsAreTwoServices() throws {
        let daemonGroup = try #require(getgrnam("daemon")).pointee.gr_gid,
            binGroup = try #require(getgrnam("bin")).pointee.gr_gid
        let first = try deliver(batch("g-1", service: nil, name: "Łukasz Wężyk-Żółć"))
        chown(spool.incomingNew + "/" + first, getuid(), daemonGroup)
        let second = try deliver(batch("g-2", service: nil, name: "Ελένη Παπαδοπούλου"))
        chown(spool.incomingNew + "/" + second, getuid(), binGroup)
        _ = try deliver(try job("j-1"))
        processAll()
        #expect(try database.candidates(personId: "p-101").map(\.key.scope) == ["bin", "daemon"])
        #expect(try shortlist("j-1").count == 2)
        let erase = try deliver(#"{"kind": "erase-person", "id": "e-1", "person": "p-101"}"#)
        chown(spool.incomingNew + "/" + erase, getuid(), daemonGroup)
        processAll()
        #expect(try database.candidates(personId: "p-101").map(\.key.scope) == ["bin"])
    }
}
