import Dispatch
import Foundation
import ParityCore
import ParityTestSupport
import Synchronization
import Testing

@testable import ParityService

/// `CausalOrder` on its own: who waits for whom, and who gives up instead of waiting for a
/// message nobody holds.
@Suite struct CausalOrderTests {
    let engine: RecognitionEngine

    init() throws {
        let dir = TempDirectory()
        let configuration = try ParityConfiguration.load(file: dir.configuration(frameworks: ["eqf.xml"]))
        engine = try FrameworkRegistry(directory: configuration.frameworkDirectory).engine
    }

    func order() -> CausalOrder {
        CausalOrder(pool: CandidatePool([]), versions: engine.set.versions) { candidate, _ in candidate }
    }

    func change(_ ids: String...) -> CausalOrder.Change {
        .init(
            removing: [],
            adding: ids.map {
                Candidate(
                    personId: $0, ref: "c-" + $0, profile: .init(), residence: nil, consent: .init(),
                    person: Person(id: $0))
            },
            versions: engine.set.versions)
    }

    func people(_ pool: CandidatePool?) -> [String] { (pool?.members.map(\.personId) ?? ["(gave up)"]).sorted() }

    /// A call running on another thread; `done` is signalled when it returns.
    final class Background<T: Sendable>: Sendable {
        let done = DispatchSemaphore(value: 0)
        private let value = Mutex<T?>(nil)
        init(_ body: @escaping @Sendable () -> T) {
            DispatchQueue.global().async { [self] in
                let result = body()
                value.withLock { $0 = result }
                done.signal()
            }
        }
        var result: T? { value.withLock { $0 } }
    }

    func background<T: Sendable>(_ body: @escaping @Sendable () -> T) -> Background<T> { Background(body) }

    @Test func aReaderWaitsForTheWriterBeforeItAndDoesNotSeeTheOneAfterIt() {
        let order = order()
        let seqs = order.assign(3)  // batch, job, batch
        for seq in seqs { order.take(seq) }
        order.classify(seqs[0], .writer)
        order.classify(seqs[1], .reader)
        order.classify(seqs[2], .writer)
        let engine = self.engine
        let reader = background { order.snapshot(seqs[1], engine: engine) }
        // The later batch commits first: the job must not see it, and still waits for the earlier one.
        order.committed(seqs[2], change: change("after"))
        #expect(reader.done.wait(timeout: .now() + 0.2) == .timedOut)
        order.committed(seqs[0], change: change("before"))
        reader.done.wait()
        #expect(people(reader.result ?? nil) == ["before"])
        #expect(people(order.currentPool(engine: engine)) == ["after", "before"])
        #expect(order.unpassed == 0)
    }

    @Test func writersCommitInDeliveryOrder() {
        let order = order()
        let seqs = order.assign(2)
        for seq in seqs { order.take(seq); order.classify(seq, .writer) }
        let second = background { order.turn([seqs[1]]) }
        #expect(second.done.wait(timeout: .now() + 0.2) == .timedOut)
        #expect(order.turn([seqs[0]]) == 1)
        order.committed(seqs[0], change: change("first"))
        second.done.wait()
        #expect(second.result == 1)
    }

    @Test func aWriterDoesNotWaitForAJobBeforeIt() {
        let order = order()
        let seqs = order.assign(2)
        for seq in seqs { order.take(seq) }
        order.classify(seqs[0], .reader)
        order.classify(seqs[1], .writer)
        #expect(order.turn([seqs[1]]) == 1)
    }

    @Test func ownWritersCommitTogetherUpToAnotherWorkersUnfinishedWriter() {
        let order = order()
        let seqs = order.assign(4)
        for seq in seqs { order.take(seq); order.classify(seq, .writer) }
        // This worker holds 0, 1 and 3; another holds 2.
        #expect(order.turn([seqs[0], seqs[1], seqs[3]]) == 2)
    }

    @Test func aReaderGivesUpWhenAMessageBeforeItIsBackInTheQueueThenSeesItOnceItPasses() {
        let order = order()
        let seqs = order.assign(2)
        for seq in seqs { order.take(seq) }
        order.classify(seqs[0], .writer)
        order.classify(seqs[1], .reader)
        order.giveBack(seqs[0])  // a full disk put the batch back
        #expect(order.snapshot(seqs[1], engine: engine) == nil)
        // A writer after a queued writer gives up too.
        let later = order.assign(1)[0]
        order.take(later)
        order.classify(later, .writer)
        #expect(order.turn([later]) == nil)
        // The batch is taken again and committed; the job, taken again, sees it.
        order.take(seqs[0])
        order.committed(seqs[0], change: change("back"))
        order.take(seqs[1])
        #expect(people(order.snapshot(seqs[1], engine: engine)) == ["back"])
    }

    @Test func aWriterTriedAgainAfterItsPlacePassedCommitsAtOnceAndItsChangeApplies() {
        let order = order()
        let seqs = order.assign(2)
        for seq in seqs { order.take(seq) }
        order.pass(seqs[0])  // gone from the order (put back as not yet delivered) ...
        order.classify(seqs[1], .other)
        // ... and handled later under its old place, with a writer placed after it.
        let later = order.assign(1)[0]
        order.take(later)
        order.classify(later, .writer)
        #expect(order.turn([seqs[0], later]) == 2)
        order.committed(seqs[0], change: change("late"))
        #expect(people(order.currentPool(engine: engine)) == ["late"])
    }

    @Test func messagesThatDoNotTouchThePoolPassAtOnce() {
        let order = order()
        let seqs = order.assign(3)
        for seq in seqs { order.take(seq) }
        order.classify(seqs[0], .other)  // a letter request
        order.pass(seqs[1])  // rejected
        order.classify(seqs[2], .reader)
        #expect(people(order.snapshot(seqs[2], engine: engine)) == [])
        #expect(order.unpassed == 0)
    }
}
