import Foundation
import ParityCore
import ParityDocuments
import ParityLetters
import ParityMessages
import ParitySpool
import ParityStore
import ParityTestSupport
import ParityXML
import Testing

@testable import ParityService

/// Each kind's handler on its own: a message's bytes in, result files and store effects out,
/// with no spool and no database (the pipeline's other stages are tested with real ones).
@Suite struct MessageHandlerTests {
    let snapshot: ProcessingSnapshot
    let scope = "pes-ie"

    /// The shipped frameworks, loaded once for the suite (a load validates every file).
    static let registry = Result {
        try FrameworkRegistry(directory: FrameworkDirectory(path: Repo.frameworks, schemaPath: Repo.schema))
    }

    init() throws {
        let registry = try Self.registry.get()
        snapshot = ProcessingSnapshot(
            frameworks: registry.snapshot, matching: ParityConfiguration.MatchingSettings(),
            pseudonyms: Pseudonyms(key: [UInt8](repeating: 7, count: 32)))
    }

    func message(_ json: String, pool: CandidatePool? = nil) throws -> IncomingMessage {
        let envelope = try MessageEnvelope.read(
            Array(json.utf8), source: "m-1", maximumDepth: 64, documents: DocumentReader())
        let kind = try #require(envelope.messageKind)
        return IncomingMessage(
            name: "m-1", kind: kind, envelope: envelope, scope: scope, contentHash: "hash",
            processedAt: "2026-12-04T10:00:00.000Z", pool: pool)
    }

    func sample(_ name: String, pool: CandidatePool? = nil) throws -> IncomingMessage {
        try message(
            String(
                decoding: FileManager.default.contents(atPath: Repo.root.appendingPathComponent("Samples/\(name)").path)
                    ?? Data(), as: UTF8.self), pool: pool)
    }

    func bytes(_ file: ResultFile) throws -> [UInt8] {
        switch file.body {
        case .bytes(let bytes): return bytes
        case .streamed(let write):
            var all: [UInt8] = []
            try write { all += $0 }
            return all
        }
    }

    func json(_ file: ResultFile) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(bytes(file))) as? [String: Any])
    }

    func rejection(_ body: () throws(ProcessingFailure) -> HandlerOutcome) -> Rejection? {
        do { _ = try body() } catch { if case .rejected(let reason) = error { return reason } }
        return nil
    }

    @Test func aBatchGivesItsResultAndThePeopleWhoConsentedWithNoSpoolOrDatabase() throws {
        let batch = try sample("credential-batch.json")
        let outcome = try CredentialBatchHandler().handle(batch, snapshot)
        #expect(
            outcome.results.map { "\($0.audience.rawValue)/\($0.name)" } == [
                "batches/\(scope)~pes-ie-2026-11-23-001.json"
            ])
        let result = try json(outcome.results[0])
        let people = (result["results"] as? [[String: Any]])?.compactMap { $0["person"] as? String }
        #expect(Set(people ?? []) == ["p-101", "p-102"])
        #expect(outcome.candidates.map(\.key.personId) == ["p-101", "p-102"])
        #expect(outcome.candidates.allSatisfy { $0.key.scope == scope && $0.key.destination == "DE" })
        #expect(
            outcome.pooled.map(\.ref) == ["p-101", "p-102"].map { snapshot.pseudonyms.ref(scope: scope, personId: $0) })
        #expect(outcome.withdrawn.isEmpty && outcome.erasure == nil)
        #expect(outcome.versions == snapshot.frameworks.set.versions)
        // The ledger entry names what the committer staged, under the message's scope.
        let effects = outcome.effects(of: batch, outputs: ["outbox/batches/new/pes-ie-2026-11-23-001.json"])
        #expect(
            effects.entry.kind == "credential-batch" && effects.entry.file == "m-1" && effects.scope == scope
                && effects.changesThePool)
    }

    @Test func aBatchWithoutConsentWithdrawsThePerson() throws {
        let batch = try message(
            #"{"kind":"credential-batch","id":"b-2","destination":"DE","people":[{"person":{"id":"p-9","consent":{"matching":false}},"credentials":[]}]}"#
        )
        let outcome = try CredentialBatchHandler().handle(batch, snapshot)
        #expect(outcome.candidates.isEmpty && outcome.pooled.isEmpty)
        #expect(outcome.withdrawn.map(\.personId) == ["p-9"])
    }

    @Test func aBatchForADestinationWithNoFrameworkIsRejectedAtItsField() throws {
        let batch = try message(#"{"kind":"credential-batch","id":"b-3","destination":"ZZ","people":[]}"#)
        let reason = try #require(
            rejection { () throws(ProcessingFailure) in try CredentialBatchHandler().handle(batch, snapshot) })
        #expect(reason.code == .invalidContent && reason.location == "m-1: destination")
        #expect(reason.found == "'ZZ', for which no framework is installed")
    }

    @Test func aDecodingErrorKeepsItsExpectedAndFoundApart() throws {
        let batch = try message(
            #"{"kind":"credential-batch","id":"b-4","destination":"DE","people":[{"person":{"id":"p-1","consent":{"matching":true}},"credentials":[{"title":"x","country":"IE","mode":"online"}]}]}"#
        )
        let outcome = try CredentialBatchHandler().handle(batch, snapshot)
        // A credential the batch cannot read is reported in the result, the rest goes on.
        #expect(outcome.results.count == 1)
        let job = try message(
            #"{"kind":"job-opening","id":"j-9","posting":{"@type":"JobPosting","title":7}}"#, pool: CandidatePool([]))
        let reason = try #require(
            rejection { () throws(ProcessingFailure) in try JobOpeningHandler().handle(job, snapshot) })
        #expect(reason.location == "m-1: posting.title")
        #expect(reason.expected == "a string" && reason.found == "a number")
    }

    @Test func aJobOpeningShortlistsThePoolItIsGiven() throws {
        let pool = CandidatePool(try CredentialBatchHandler().handle(sample("credential-batch.json"), snapshot).pooled)
        let outcome = try JobOpeningHandler().handle(sample("job-opening.json", pool: pool), snapshot)
        #expect(
            outcome.results.map { "\($0.audience.rawValue)/\($0.name)" } == [
                "employers/\(scope)~klinikum-example-2026-0042.json"
            ])
        let refs = (try json(outcome.results[0])["candidates"] as? [[String: Any]])?.compactMap { $0["ref"] as? String }
        #expect(refs?.contains(snapshot.pseudonyms.ref(scope: scope, personId: "p-101")) == true)
        #expect(outcome.candidates.isEmpty && outcome.erasure == nil)
    }

    @Test func aReaderWithoutAPoolIsARetryNotARejection() throws {
        do {
            _ = try JobOpeningHandler().handle(sample("job-opening.json"), snapshot)
            Issue.record("must not answer without the pool")
        } catch {
            guard case .retry(let underlying)? = error as? ProcessingFailure else {
                Issue.record("expected a retry, got \(error)"); return
            }
            #expect("\(underlying)".contains("no candidate pool"))
        }
    }

    @Test func aSkillsNeedListsReturneesForReintegration() throws {
        let pool = CandidatePool(try CredentialBatchHandler().handle(sample("credential-batch.json"), snapshot).pooled)
        let outcome = try SkillsNeedHandler().handle(sample("skills-need.json", pool: pool), snapshot)
        #expect(
            outcome.results.map { "\($0.audience.rawValue)/\($0.name)" } == [
                "reintegration/\(scope)~ph-dole-region-vii-2026-11.json"
            ])
        let returnees = try json(outcome.results[0])["returnees"] as? [[String: Any]]
        #expect(
            returnees?.compactMap { $0["ref"] as? String } == [snapshot.pseudonyms.ref(scope: scope, personId: "p-102")]
        )
    }

    @Test func aLetterRequestGivesTheSignedJSONAndThePDF() throws {
        let dir = TempDirectory()
        var signed = snapshot
        signed.letters = .success(
            .init(issuer: "Test issuer", key: try KeyRing(directory: dir.path + "/keys").activeKey()))
        let outcome = try LetterRequestHandler().handle(sample("letter-request.json"), signed)
        #expect(
            outcome.results.map(\.name) == [
                "\(scope)~letter-2026-11-23-0007.json", "\(scope)~letter-2026-11-23-0007.pdf",
            ])
        let letter = try json(outcome.results[0])
        #expect((letter["content"] as? [String: Any])?["issued"] as? String == "2026-12-04")
        #expect(try bytes(outcome.results[1]).starts(with: Array("%PDF-".utf8)))
        // Without a key the request waits: not its fault.
        let blocked = dir.path + "/not-a-directory"
        #expect(FileManager.default.createFile(atPath: blocked, contents: Data()))
        var unsigned = snapshot
        unsigned.letters = Result { () throws(KeyError) in
            .init(issuer: "x", key: try KeyRing(directory: blocked + "/keys").activeKey())
        }
        do {
            _ = try LetterRequestHandler().handle(sample("letter-request.json"), unsigned)
            Issue.record("must not issue an unsigned letter")
        } catch {
            guard case .retry? = error as? ProcessingFailure else {
                Issue.record("expected a retry, got \(error)"); return
            }
        }
    }

    @Test func anErasureNamesThePersonAndTheirReferencesAndWritesNothing() throws {
        let outcome = try ErasePersonHandler().handle(sample("erase-person.json"), snapshot)
        #expect(outcome.results.isEmpty && outcome.candidates.isEmpty)
        let erasure = try #require(outcome.erasure)
        #expect(erasure.person == "p-ph-203")
        #expect(
            erasure.references == [
                scope: snapshot.pseudonyms.ref(scope: scope, personId: "p-ph-203"),
                "": snapshot.pseudonyms.ref(scope: "", personId: "p-ph-203"),
            ])
        let bad = try message(#"{"kind":"erase-person","id":"e-2"}"#)
        let reason = try #require(
            rejection { () throws(ProcessingFailure) in try ErasePersonHandler().handle(bad, snapshot) })
        #expect(reason.location == "m-1: person" && reason.found == "required field is missing")
    }

    @Test func everyKindHasItsHandler() {
        #expect(
            MessageKind.allCases.map { "\(type(of: $0.handler))" } == [
                "CredentialBatchHandler", "JobOpeningHandler", "SkillsNeedHandler", "LetterRequestHandler",
                "ErasePersonHandler",
            ])
        #expect(MessageEnvelope.kinds == MessageKind.allCases.map(\.rawValue))
    }
}
