import Foundation
import Glibc
import ParityCore
import ParityMessages
import ParitySQLite
import ParitySpool
import ParityStore
import ParityTestSupport
import Testing

@testable import ParityService

/// The intake and the committer, each on its own, on a real temporary spool and database.
@Suite struct PipelineStageTests {
    let dir = TempDirectory()
    let fixture: ProcessorFixture
    let order = CausalOrder(pool: CandidatePool([]), versions: []) { candidate, _ in candidate }
    let pending: PendingNames
    let problems = ProblemReport(stats: ProcessingStats(), logger: ProcessorFixture.quiet)
    let limits: MessageProcessor.Limits

    init() throws {
        fixture = try ProcessorFixture(dir, frameworks: ["eqf.xml", "ie-nfq.xml", "de-dqr.xml"])
        pending = PendingNames(order: order)
        limits = fixture.processor.currentLimits
    }

    var spool: Spool { fixture.spool }
    var intake: Intake {
        Intake(spool: spool, database: fixture.database, pending: pending, order: order, problems: problems)
    }
    var committer: Committer {
        Committer(
            spool: spool, database: fixture.database, order: order, pending: pending,
            index: PersonIndex(
                spool: spool, database: fixture.database, pseudonyms: Pseudonyms(key: Array(repeating: 7, count: 32)),
                maxMessageBytes: limits.maxMessageBytes),
            stats: problems.stats, problems: problems,
            logger: ProcessorFixture.quiet)
    }

    func deliver(_ text: String) throws -> String { try spool.deliver(Array(text.utf8)) }
    func files(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }
    static let job = #"{"kind":"job-opening","id":"j-1","posting":{"@type":"JobPosting","title":"Nurse"}}"#
    static let batch = #"{"kind":"credential-batch","id":"b-1","destination":"DE","people":[]}"#

    func group() throws -> Intake.Group {
        guard case .group(let group) = intake.take(limits) else { throw TestFailure("the intake took no group") }
        return group
    }

    @Test func theIntakeAdmitsInDeliveryOrderAndSettlesWhatItRefuses() throws {
        let names = [
            try deliver(Self.batch), try deliver("not json"), try deliver(Self.job),
            try deliver(#"{"kind":"gossip","id":"g-1"}"#),
        ]
        let group = try group()
        #expect(group.admitted.map(\.claim.name) == [names[0], names[2]])
        #expect(group.admitted.map(\.kind) == [.credentialBatch, .jobOpening])
        #expect(group.admitted.allSatisfy { $0.earlier == nil && $0.scope == ProducerPolicy.groupScope(getegid()) })
        #expect(group.admitted[0].contentHash == SHA256.hex(of: Array(Self.batch.utf8)))
        let refused = group.settled.compactMap { settled -> Rejection? in
            if case .rejected(let r) = settled.handled { r.reason } else { nil }
        }
        #expect(refused.map(\.code) == [.notJSON, .unknownKind])
        #expect(refused[1].location == "\(names[3]): kind" && refused[1].found == "'gossip'")
        // Everything claimed waits in active/ for the committer; nothing was moved yet.
        #expect(files(spool.directory(.active)) == names.sorted())
        #expect(intake.take(limits).isIdle)
    }

    @Test func theIntakeHandsOnWhatTheLedgerHoldsForAnId() throws {
        let earlier = SHA256.hex(of: Array("an earlier version".utf8))
        let entry = LedgerEntry(
            scope: ownScope, id: "j-1", kind: "job-opening", contentHash: earlier, file: "x", outputs: [],
            processedAt: "2026-12-04T00:00:00Z")
        // The same id from another service is another message: it tells this one nothing.
        var theirs = entry
        (theirs.scope, theirs.contentHash) = ("another-service", SHA256.hex(of: Array("theirs".utf8)))
        try fixture.database.commit(
            [MessageEffects(entry: theirs, candidates: []), MessageEffects(entry: entry, candidates: [])],
            node: spool.node)
        _ = try deliver(Self.job)
        #expect(try group().admitted.map(\.earlier) == [earlier])
    }

    @Test func theCommitterPublishesOnlyAfterTheCommitAndFinishesTheOriginal() throws {
        let name = try deliver(Self.job)
        let admitted = try #require(try group().admitted.first)
        let message = IncomingMessage(
            name: name, kind: .jobOpening, envelope: admitted.envelope, scope: admitted.scope,
            contentHash: admitted.contentHash,
            processedAt: "2026-12-04T10:00:00.000Z")
        var segment = Committer.Segment()
        let outcome = HandlerOutcome(results: [
            ResultFile(audience: .employers, name: message.resultName("json"), body: .bytes(Array("{}".utf8)))
        ])
        let staged = try committer.stage(outcome, of: message, sync: segment.sync)
        #expect(staged.effects.entry.outputs == [Spool.ledgerResult("employers", "j-1")])
        #expect(files(spool.outbox("employers").new).isEmpty && files(spool.outbox("employers").tmp).count == 1)
        order.classify(admitted.claim.seq, .other)
        segment.results.append((admitted.claim, .staged(staged)))
        var run = Committer.Run(started: .now)
        committer.flush(&segment, &run)
        #expect(run.done == 1 && !run.stopped)
        #expect(
            files(spool.outbox("employers").new) == [message.resultName("json")]
                && files(spool.outbox("employers").tmp).isEmpty)
        #expect(files(spool.directory(.done)) == [name] && files(spool.directory(.active)).isEmpty)
        #expect(try fixture.database.ledgerEntry(MessageKey(scope: ownScope, id: "j-1"))?.file == name)
    }

    @Test func aMessageAnotherNodeCommittedFirstIsADuplicateAndItsResultIsDiscarded() throws {
        let name = try deliver(Self.job)
        let admitted = try #require(try group().admitted.first)
        // Another node commits the same message between this node's intake and its commit.
        let theirs = LedgerEntry(
            scope: admitted.scope, id: "j-1", kind: "job-opening", contentHash: admitted.contentHash, file: name,
            outputs: [],
            processedAt: "2026-12-04T10:00:00.000Z")
        try fixture.database.commit([MessageEffects(entry: theirs, candidates: [])], node: "other-node")
        let message = IncomingMessage(
            name: name, kind: .jobOpening, envelope: admitted.envelope, scope: admitted.scope,
            contentHash: admitted.contentHash, processedAt: "2026-12-04T10:00:01.000Z")
        var segment = Committer.Segment()
        let outcome = HandlerOutcome(results: [
            ResultFile(audience: .employers, name: message.resultName("json"), body: .bytes(Array("{}".utf8)))
        ])
        segment.results.append((admitted.claim, .staged(try committer.stage(outcome, of: message, sync: segment.sync))))
        var run = Committer.Run(started: .now)
        committer.flush(&segment, &run)
        #expect(problems.stats.snapshot.duplicates == 1)
        #expect(files(spool.outbox("employers").new).isEmpty && files(spool.outbox("employers").tmp).isEmpty)
        #expect(files(spool.directory(.done)) == [name])
    }

    @Test func theCommitterRejectsWithTheReasonBesideTheOriginal() throws {
        let name = try deliver(Self.job)
        let admitted = try #require(try group().admitted.first)
        let reason = Rejection(
            .invalidContent, location: "\(name): posting.title", found: "a number", expected: "a string")
        var segment = Committer.Segment()
        segment.results.append(
            (
                admitted.claim,
                .rejected(
                    RejectionRecord(message: name, rejectedAt: "t", kind: "job-opening", id: "j-1", reason: reason))
            ))
        var run = Committer.Run(started: .now)
        committer.flush(&segment, &run)
        #expect(files(spool.directory(.rejected)) == [name, name + ".reason.json"])
        #expect(spool.reason(name)?.reason == reason)
    }
}

extension Intake.Outcome {
    var isIdle: Bool { if case .idle = self { true } else { false } }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
