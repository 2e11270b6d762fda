import Foundation
import NIOCore
import NIOPosix
import ParityStore
import ParityTestSupport
import Testing

@testable import ParityPostgres

/// No call of the PostgreSQL store waits for ever (found by the fault tests: a statement sent
/// as the server ended the connection was left unanswered), and the watch that makes it so
/// leaves nothing behind on a connection that carries many calls.
@Suite struct PostgresBoundedWaitTests {
    @Test func aWaitThatGetsNoAnswerFailsAfterItsBound() throws {
        let promise = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: Int.self)
        defer { promise.succeed(0) }
        #expect(throws: NoAnswer.self) { try promise.futureResult.waitBounded(1) }
    }

    @Test func aCallOnAConnectionTheServerEndedFailsAsClosedAndTheNextCallReconnects() throws {
        let url = try TestPostgres.freshDatabase()
        let store = try PostgresStore(url: url)
        #expect(try store.ledgerCounts().isEmpty)
        let server = try TestPostgres.server.get()
        // postgres://USER@/DATABASE?host=/socket/dir
        let database = String(url.components(separatedBy: "@/").last?.split(separator: "?").first ?? "")
        let ended = try Tool.run(
            server.bin + "/psql",
            [
                "-h", server.socketDirectory, "-U", server.user, "-d", "postgres", "-At", "-c",
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database)'",
            ])
        #expect(ended.out.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(ended.err)")
        // The next call fails as closed (or, had the close been seen first, reconnects); never
        // the backstop's "no answer".
        do { _ = try store.ledgerCounts() } catch {
            #expect(!error.description.contains("no answer"), "\(error)")
        }
        #expect(try store.ledgerCounts().isEmpty, "the call after a lost connection opens a new one")
    }

    @Test func manyCallsOnOneConnectionLeaveNoWaiterBehind() throws {
        let store = try PostgresStore(url: try TestPostgres.freshDatabase())
        for _ in 0..<300 { _ = try store.ledgerCounts() }
        let waiting = try store.withConnection("count the waiters") { CloseWatch.of($0).waiting }
        #expect(waiting == 0)
    }
}
