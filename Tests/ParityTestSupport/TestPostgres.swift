import Foundation
import Glibc

/// The tests' shared PostgreSQL server (a `PostgresServer` on a Unix socket only, no TCP
/// port), started once per test process on first use and removed when it exits. Each test
/// takes a fresh database from it. Tests that restart or cut off the server start their own.
public enum TestPostgres {
    public typealias Unavailable = PostgresServer.Unavailable

    public static let server: Result<PostgresServer, Unavailable> = {
        do throws(Unavailable) {
            let server = try PostgresServer()
            shared = server
            atexit { TestPostgres.shared?.remove() }
            return .success(server)
        } catch {
            return .failure(error)
        }
    }()

    nonisolated(unsafe) private static var shared: PostgresServer?

    /// A new, empty database on the server, as a `postgres://` URL.
    public static func freshDatabase() throws -> String {
        let server = try server.get()
        return server.url(try server.createDatabase())
    }
}
