import Foundation
import Glibc
import Logging
import ParityCore
import ParityLetters
import ParityMessages
import ParitySQLite
import ParitySpool
import ParityStore
import ParityTestSupport
import ParityXML
import Testing

@testable import ParityService

/// The processor on a real temporary spool and database, one group at a time.
@Suite struct MessageProcessingTests {
    let dir = TempDirectory()
    let spool: Spool
    let database: ParityDatabase
    let processor: MessageProcessor
    let candidates: CandidateDirectory
    let registry: FrameworkRegistry

    init() throws {
        let fixture = try ProcessorFixture(
            dir, frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml", "ph-pqf.xml", "aqrf.xml"]
        ) { matching, limits in
            matching = Self.matching
            limits = limits.with(maxBytes: 4096)
        }
        (spool, database, registry, candidates, processor) = (
            fixture.spool, fixture.database, fixture.registry, fixture.candidates, fixture.processor
        )
    }

    static let quiet = ProcessorFixture.quiet

    /// The scope of what this test delivers: the group its files are created with.
    static let scope = ProducerPolicy.groupScope(getegid())
    func ref(_ personId: String) -> String { candidates.ref(scope: Self.scope, personId: personId) }

    static let matching: ParityConfiguration.MatchingSettings = {
        var m = ParityConfiguration.MatchingSettings()
        m.payFloors["DE"] = .init(amount: 4000, currency: "EUR", period: .month)  // a test floor above the sample's pay
        return m
    }()

    static let batch = try! String(
        contentsOf: URL(fileURLWithPath: Repo.root.path + "/Samples/credential-batch.json"), encoding: .utf8)

    func deliver(_ text: String) throws -> String { try spool.deliver(Array(text.utf8)) }
    func files(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }
    func reason(_ name: String) -> Rejection? { spool.reason(name)?.reason }

    @Test func aCredentialBatchGivesItsResultAndStoresOnlyConsentingPeople() throws {
        let name = try deliver(
            Self.batch.replacingOccurrences(
                of: #""id": "p-102", "consent": { "matching": true }"#, with: #""id": "p-102""#))
        #expect(processor.processGroup() == .processed(1))
        #expect(files(spool.directory(.done)) == [name])
        let output = spool.result("batches", "pes-ie-2026-11-23-001")
        let result = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        #expect((result["results"] as? [Any])?.count == 3)
        #expect(
            try database.ledgerEntry(MessageKey(scope: ownScope, id: "pes-ie-2026-11-23-001"))?.outputs == [
                Spool.ledgerResult("batches", "pes-ie-2026-11-23-001")
            ])
        #expect(try database.candidateCount() == 1)
        #expect(try database.candidates(personId: "p-101").first?.destination == "DE")
    }

    /// The pool is brought up to date from the people each commit touched; it must equal a pool
    /// read whole from the table.
    @Test func thePoolKeptUpToDateEqualsOneReadWholeFromTheDatabase() throws {
        let engine = registry.engine
        func people(_ pool: CandidatePool) -> [String] {
            pool.members.sorted { $0.personId < $1.personId }.map {
                "\($0.personId) \($0.ref) \($0.profile.occupations) \($0.destination ?? "")"
            }
        }
        _ = try deliver(Self.batch)
        #expect(processor.processGroup() == .processed(1))
        #expect(people(processor.order.currentPool(engine: engine)).count == 2)
        // p-102 comes back with other experience, p-001 and p-200 are new.
        let second = Self.batch.replacingOccurrences(of: "pes-ie-2026-11-23-001", with: "pes-ie-2026-11-23-002")
            .replacingOccurrences(of: #""months": 30"#, with: #""months": 42"#).replacingOccurrences(
                of: "p-101", with: "p-001")
        let third = Self.batch.replacingOccurrences(of: "pes-ie-2026-11-23-001", with: "pes-ie-2026-11-23-003")
            .replacingOccurrences(of: "p-102", with: "p-200").replacingOccurrences(of: "\"5322\"", with: "\"7411\"")
        _ = try deliver(second)
        _ = try deliver(third)
        _ = try deliver(#"{ "kind": "erase-person", "id": "erase-1", "person": "p-101" }"#)
        while case .processed = processor.processGroup() {}
        let kept = processor.order.currentPool(engine: engine)
        let whole = try CandidateDirectory(
            database: database, keyFile: dir.path + "/state/pseudonym.key", logger: Self.quiet
        ).load(engine: engine)
        #expect(people(kept) == people(whole))
        #expect(kept.members.map(\.personId).sorted() == ["p-001", "p-102", "p-200"])
        #expect(kept.count == 3)
        #expect(Set(kept.members.map(\.profile)) == Set(whole.members.map(\.profile)))
    }

    /// A stored record that no longer decodes is not skipped in silence: the log names the
    /// person's pseudonym (never their id) and the problem.
    @Test func aStoredCandidateThatNoLongerDecodesIsLoggedUnderItsPseudonym() throws {
        _ = try deliver(Self.batch)
        while case .processed = processor.processGroup() {}
        try database.commit([
            MessageEffects(
                entry: LedgerEntry(
                    scope: Self.scope, id: "damaged", kind: "credential-batch",
                    contentHash: String(repeating: "0", count: 64), file: "x",
                    outputs: [], processedAt: "2026-11-23T00:00:00Z"),
                candidates: [
                    CandidateRecord(
                        key: CandidateKey(scope: Self.scope, personId: "p-damaged", destination: "DE"),
                        record: #"{ "person": 12 }"#)
                ])
        ])
        let lines = KeyValueLogHandlerTests.Lines()
        let logged = Logger(label: "test") { KeyValueLogHandler(label: $0, level: .debug, sink: { lines.append($0) }) }
        let directory = try CandidateDirectory(
            database: database, keyFile: dir.path + "/state/pseudonym.key", logger: logged)
        let pool = try directory.load(engine: registry.engine)
        let stored = try database.candidateCount()
        #expect(!pool.members.contains { $0.personId == "p-damaged" } && pool.count == stored - 1)
        #expect(lines.all.count == 1)
        #expect(lines.all.first?.contains("ref=\(directory.ref(scope: Self.scope, personId: "p-damaged"))") == true)
        #expect(lines.all.first?.contains("p-damaged") == false)
    }

    @Test func theSameMessageAgainIsADuplicateWithNoNewEffect() throws {
        _ = try deliver(Self.batch)
        #expect(processor.processGroup() == .processed(1))
        let output = spool.result("batches", "pes-ie-2026-11-23-001")
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
        (
            "{\"kind\": \"credential-batch\", \"id\": \"b-1\", \"people\": [", Rejection.Code.notJSON,
            "line 1, column 54"
        ),
        ("\u{7F}ELF\u{02}\u{01}\u{01}\0\0\0", .notJSON, "line 1, column 1"),
        (String(repeating: "[", count: 40) + String(repeating: "]", count: 40), .tooDeep, "line 1, column 33"),
        ("[1, 2]", .invalidEnvelope, "the document"),
        ("{\"id\": \"x\"}", .invalidEnvelope, "kind"),
        ("{\"kind\": \"credential-batch\", \"id\": \"../../etc/passwd\"}", .invalidEnvelope, "id"),
        ("{\"kind\": \"invoice\", \"id\": \"i-1\"}", .unknownKind, "kind"),
        ("{\"kind\": \"letter-request\", \"id\": \"l-1\"}", .invalidContent, "person"),
        ("{\"kind\": \"erase-person\", \"id\": \"e-1\"}", .invalidContent, "person"),
        (
            "{\"kind\": \"skills-need\", \"id\": \"s-1\", \"country\": \"PH\", \"occupation\": \"nurse\"}",
            .invalidContent, "occupation"
        ),
        ("{\"kind\": \"job-opening\", \"id\": \"j-1\"}", .invalidContent, "posting"),
        ("{\"kind\": \"credential-batch\", \"id\": \"b-2\", \"destination\": \"DE\"}", .invalidContent, "people"),
        (
            "{\"kind\": \"credential-batch\", \"id\": \"b-3\", \"destination\": \"Atlantis\", \"people\": []}",
            .invalidContent, "destination"
        ),
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
        let name = try deliver(
            "{\"kind\": \"credential-batch\", \"pad\": \"" + String(repeating: "x", count: 5000) + "\"}")
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
        let output = spool.result("batches", "pes-ie-2026-11-23-001")
        let result = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        let rejected = try #require(result["rejected"] as? [[String: String]])
        #expect(
            rejected == [
                [
                    "location": "people[1]", "field": "people[1].person.id",
                    "message": "expected a string, found true or false",
                ]
            ])
    }
}

extension MessageProcessor.Limits {
    func with(maxBytes: Int) -> Self { var copy = self; copy.maxMessageBytes = maxBytes; return copy }
    func with(policy: ProducerPolicy) -> Self { var copy = self; copy.policy = policy; return copy }
}

extension MessageProcessingTests {
    func json(_ path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func aJobOpeningGetsAShortlistOfConsentingPeopleUnderPseudonyms() throws {
        _ = try deliver(Self.batch)
        #expect(processor.processGroup() == .processed(1))
        let job = try String(
            contentsOf: URL(fileURLWithPath: Repo.root.path + "/Samples/job-opening.json"), encoding: .utf8
        )
        .replacingOccurrences(of: "\"direct-application\"", with: "\"active\"")
        _ = try deliver(job)
        #expect(processor.processGroup() == .processed(1))
        let shortlist = try json(spool.result("employers", "klinikum-example-2026-0042"))
        #expect(shortlist["refused"] as? Bool == false)
        let people = try #require(shortlist["candidates"] as? [[String: Any]])
        // p-102 (care work, ISCO 5322, no skills in common) has nothing to do with the job.
        #expect(people.count == 1)
        #expect(people.first?["ref"] as? String == ref("p-101"))
        // p-101 did not consent to share contact details: no name. Nobody's person id appears.
        #expect(people.allSatisfy { $0["name"] == nil })
        let text = try String(
            contentsOfFile: spool.result("employers", "klinikum-example-2026-0042"), encoding: .utf8)
        #expect(!text.contains("p-101") && !text.contains("p-102") && !text.contains("Aoife"))
        #expect((shortlist["flags"] as? [[String: String]])?.first?["rule"] == "pay-below-floor")
        let recognition = try #require(people.first?["recognition"] as? [String: Any])
        #expect(recognition["outcome"] as? String == "comparable-with-conditions")
        // The posting asks for EQF 6: read as DQR 6 in Germany, and met by the Irish NFQ 8.
        let components = try #require(people.first?["components"] as? [[String: Any]])
        let level = try #require(components.first { $0["name"] as? String == "recognition" })
        #expect(
            (level["explanation"] as? String)?.contains("EQF 6 (bachelor degree) is asked for (de-dqr 6): met.")
                == true, "\(level)")
    }

    @Test func aJobChargingWorkersIsAnsweredWithItsRefusal() throws {
        let job =
            #"{"kind": "job-opening", "id": "fee-1", "posting": {"@type": "JobPosting", "title": "Carer", "occupationalCategory": "5322"}, "recruitment": {"workerFees": {"amount": 2000, "currency": "USD", "what": "placement"}}}"#
        _ = try deliver(job)
        #expect(processor.processGroup() == .processed(1))
        let shortlist = try json(spool.result("employers", "fee-1"))
        #expect(shortlist["refused"] as? Bool == true)
        #expect((shortlist["reasons"] as? [[String: String]])?.first?["rule"] == "worker-fees")
        #expect((shortlist["candidates"] as? [Any])?.isEmpty == true)
    }

    @Test func pseudonymsAreHMACsUnderTheInstallationsKey() {
        // RFC 4231 test case 2.
        let mac = HMAC.sha256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(
            mac.map { String(format: "%02x", $0) }.joined()
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(ref("p-101") != ref("p-102"))
        #expect(ref("p-101").hasPrefix("c-") && ref("p-101").count == 18)
    }
}

extension MessageProcessingTests {
    @Test func aSkillsNeedListsReturneesWithTheirRoutesHome() throws {
        _ = try deliver(Self.batch)
        _ = try deliver(
            try String(contentsOf: URL(fileURLWithPath: Repo.root.path + "/Samples/skills-need.json"), encoding: .utf8))
        // The batch is committed before the need is answered, in the same group, so it sees them.
        #expect(processor.processGroup() == .processed(2))
        let list = try json(spool.result("reintegration", "ph-dole-region-vii-2026-11"))
        let returnees = try #require(list["returnees"] as? [[String: Any]])
        // p-102 returns to the Philippines with a Philippine degree and 30 months of care work in Germany.
        #expect(returnees.map { $0["ref"] as? String } == [ref("p-102")])
        let routes = try #require(returnees.first?["routes"] as? [[String: Any]])
        #expect(routes.map { $0["kind"] as? String } == ["equivalence", "rpl"])
        #expect(routes.first?["meetsMinimumLevel"] as? Bool == true)
        // The care work abroad: the Philippine data names no qualification for it with an assessment, and says so.
        #expect((routes.last?["note"] as? String)?.contains("names no qualification for ISCO") == true)
        #expect(routes.last?["assessments"] == nil)
        #expect((routes.first?["level"] as? [String: String]) == ["framework": "ph-pqf", "level": "6"])
    }
}

extension MessageProcessingTests {
    @Test func afterAnErasureNeitherTheDatabaseNorTheSpoolHoldsThePerson() throws {
        _ = try deliver(Self.batch)
        #expect(processor.processGroup() == .processed(1))
        _ = try deliver(
            try String(contentsOf: URL(fileURLWithPath: Repo.root.path + "/Samples/job-opening.json"), encoding: .utf8))
        #expect(processor.processGroup() == .processed(1))
        let ref = ref("p-101")
        _ = try deliver(#"{"kind": "erase-person", "id": "erase-1", "person": "p-101"}"#)
        #expect(processor.processGroup() == .processed(1))

        #expect(try database.candidates(personId: "p-101").isEmpty)
        #expect(try !database.candidates(personId: "p-102").isEmpty)
        var files: [String] = []
        for root in [spool.root, dir.path + "/db"] {
            let walker = FileManager.default.enumerator(atPath: root)
            while let path = walker?.nextObject() as? String { files.append(root + "/" + path) }
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            for identifier in ["p-101", ref, "Aoife"] {
                #expect(data.range(of: Data(identifier.utf8)) == nil, "\(identifier) is still in \(file)")
            }
        }
        // The other person's result is still there, in valid JSON.
        let result = try json(spool.result("batches", "pes-ie-2026-11-23-001"))
        #expect((result["results"] as? [[String: Any]])?.map { $0["person"] as? String } == ["p-102", "p-102"])
    }
}

extension MessageProcessingTests {
    @Test func anErasureLeftUnredactedByACrashIsRedactedAtTheNextStart() throws {
        _ = try deliver(Self.batch)
        #expect(processor.processGroup() == .processed(1))
        let erase = try deliver(#"{"kind": "erase-person", "id": "erase-2", "person": "p-102"}"#)
        #expect(processor.processGroup() == .processed(1))
        // As if the daemon had died before redacting: the original is put back as delivered.
        let path = spool.directory(.done) + "/" + erase
        try Data(#"{"kind": "erase-person", "id": "erase-2", "person": "p-102"}"#.utf8).write(
            to: URL(fileURLWithPath: path))
        #expect(try ErasureSweep.redactInterrupted(spool: spool, database: database).isEmpty)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("p-102"))
        #expect(text == #"{"erased":true,"id":"erase-2","kind":"erase-person"}"#)
    }
}

extension MessageProcessingTests {
    static let letterRequest = try! String(
        contentsOf: URL(fileURLWithPath: Repo.root.path + "/Samples/letter-request.json"), encoding: .utf8)

    /// The letter is written as signed JSON and as PDF; the JSON verifies with the exported
    /// keys; an erasure of the holder takes both away.
    @Test func aLetterRequestGivesASignedLetterAndItsPDFWhichAnErasureRemoves() throws {
        let name = try deliver(Self.letterRequest)
        #expect(processor.processGroup() == .processed(1))
        #expect(files(spool.directory(.done)) == [name])
        let letters = spool.outbox("letters").new
        let (json, pdf) = (
            spool.result("letters", "letter-2026-11-23-0007"), spool.result("letters", "letter-2026-11-23-0007", "pdf")
        )
        #expect(files(letters).map { letters + "/" + $0 } == [json, pdf])
        let configuration = try ParityConfiguration.load(file: dir.path + "/parity.toml")
        let keys = try KeyRing.imported(try LetterIssuer(configuration).keyRing.export(), path: "export")
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: json)))
        guard case .valid = try SignedLetter.verify(bytes, keys: keys) else {
            Issue.record("the letter does not verify"); return
        }
        let letter = try self.json(json)
        let content = try #require(letter["content"] as? [String: Any])
        #expect(content["language"] as? String == "es" && content["destination"] as? String == "PH")
        #expect((content["holder"] as? [String: String]) == ["id": "p-102", "name": "Maria Example"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)).starts(with: Data("%PDF-1.".utf8)))

        _ = try deliver(#"{"kind": "erase-person", "id": "erase-letter", "person": "p-102"}"#)
        #expect(processor.processGroup() == .processed(1))
        #expect(files(letters).isEmpty)
        let walker = FileManager.default.enumerator(atPath: spool.root)
        while let path = walker?.nextObject() as? String {
            guard let data = FileManager.default.contents(atPath: spool.root + "/" + path) else { continue }
            #expect(data.range(of: Data("Maria Example".utf8)) == nil, "the name is still in \(path)")
        }
    }

    @Test func theLanguagesARequestMayAskForAreTheOnesLettersHaveLabelsFor() {
        #expect(LetterRequestDecoder.languages == LetterLanguage.allCases.map(\.rawValue))
    }

    @Test func aLetterInALanguageNotOfferedIsRejectedWithTheLanguagesThatAre() throws {
        let name = try deliver(
            Self.letterRequest.replacingOccurrences(of: #""language": "es""#, with: #""language": "it""#))
        #expect(processor.processGroup() == .processed(1))
        let why = try #require(reason(name))
        #expect(why.location.hasSuffix(": language") && why.expected.contains("en, fr, es, de, pt, ar"), "\(why)")
        #expect(files(spool.outbox("letters").new).isEmpty)
    }
}
