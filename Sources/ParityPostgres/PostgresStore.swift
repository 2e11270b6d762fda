import Foundation
public import Logging
import NIOCore
import NIOPosix
import ParityCore
public import ParityStore
import PostgresNIO

/// The store in a PostgreSQL database shared by several parityd nodes (`[database] url`),
/// through postgres-nio. Same tables, keys and checks as the SQLite store, in PostgreSQL's
/// dialect; its own frozen migration history (`parity_migration`), applied under an advisory
/// lock so that nodes starting together migrate once.
///
/// Calls are synchronous, like the SQLite store's: each waits for postgres-nio's future on the
/// calling thread (never an event-loop thread), one at a time on one connection, which is
/// reopened when it was lost. The password is read from a file whose mode gives no access to
/// group or others; it is never taken from the URL, the command line or the logs.
public final class PostgresStore: PoolChangeNotifying, @unchecked Sendable {
    public let location: String
    let configuration: PostgresConnection.Configuration
    let logger: Logger
    /// Set once, in `init`.
    public private(set) var migrationsApplied: [String] = []
    /// Guards `connection`: one statement (or transaction) at a time.
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private var nextConnectionID = 1

    /// The advisory lock that orders pool-changing commits (one at a time, in commit order).
    static let poolLock = 7355609
    /// The channel a pool-changing commit notifies (its payload: the committing node).
    public static let poolChannel = "parity_pool"

    /// Connects to `url` (`postgres://USER@HOST:PORT/DATABASE`, or `postgres://USER@/DATABASE?host=/socket/dir`
    /// for a Unix socket), with the password from `passwordFile` if the server asks for one, and migrates.
    public init(
        url: String, passwordFile: String? = nil, logger: Logger = Logger(label: "parity.store.postgres")
    ) throws(StoreError) {
        let target = try Self.parse(url: url)
        var password: String?
        if let passwordFile { password = try Self.readPassword(passwordFile, for: target.location) }
        location = target.location
        self.logger = logger
        switch target.endpoint {
        case .tcp(let host, let port):
            configuration = PostgresConnection.Configuration(
                host: host, port: port, username: target.user, password: password, database: target.database,
                tls: .disable)
        case .socket(let path):
            configuration = PostgresConnection.Configuration(
                unixSocketPath: path, username: target.user, password: password, database: target.database)
        }
        migrationsApplied = try migrate()
    }

    deinit {
        // postgres-nio requires a connection to be closed before it goes. Off an event loop the
        // close is waited for; on one (where waiting would deadlock) the closing future keeps the
        // connection alive until it is closed.
        guard let connection else { return }
        let closing: EventLoopFuture<Void> = connection.close()
        if connection.eventLoop.inEventLoop {
            closing.whenComplete { _ in withExtendedLifetime(connection) {} }
        } else {
            try? closing.waitBounded(Self.connectSeconds)
        }
    }

    // MARK: Connection

    /// How long a call waits for the server's answer before it gives up and drops the connection
    /// (`waitBounded`): a backstop against a connection that will never answer, far above any
    /// statement's time (the server itself ends lock waits after 10 s).
    static let answerSeconds: Int64 = 120

    /// Runs `body` on the connection (opened, or reopened if it was lost), one caller at a time.
    /// A connection that failed under a call (closed by the server, no answer, a broken link)
    /// is dropped: the next call opens a new one.
    func withConnection<T>(_ operation: String, _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            if connection == nil || connection?.isClosed == true {
                nextConnectionID += 1
                let opened = try PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: nextConnectionID,
                    logger: logger
                ).waitBounded(Self.connectSeconds)
                connection = opened
                try Self.limitWaits(opened, logger: logger)
            }
            guard let connection else {
                throw StoreError(path: location, operation: operation, message: "no connection")
            }
            return try body(connection)
        } catch let error as StoreError {
            throw error
        } catch {
            if Self.isConnectionLost(error) || connection?.isClosed == true { dropConnection() }
            throw Self.storeError(error, location: location, operation: operation)
        }
    }

    /// How long opening a connection may take (TCP, then the start-up exchange).
    static let connectSeconds: Int64 = 10

    /// The connection cannot carry another statement: the server closed it (a restart, an
    /// administrator's command: SQLSTATE class 57 or 08), it broke, or it did not answer.
    static func isConnectionLost(_ error: any Error) -> Bool {
        if error is NoAnswer || error is ClosedUnderCall { return true }
        guard let psql = error as? PSQLError else { return false }
        if let state = psql.serverInfo?[.sqlState] { return state.hasPrefix("57") || state.hasPrefix("08") }
        let broken: [PSQLError.Code] = [
            .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown,
            .messageDecodingFailure, .unexpectedBackendMessage,
        ]
        return broken.contains(psql.code)
    }

    /// Closes the connection without waiting (it may never answer) and forgets it; the closing
    /// future keeps it alive until it is closed, as postgres-nio requires.
    private func dropConnection() {
        guard let dropped = connection else { return }
        connection = nil
        dropped.close().whenComplete { _ in withExtendedLifetime(dropped) {} }
    }

    /// A node that stops in the middle of a transaction (paused, or its machine frozen) must not
    /// hold the others up: the server ends a session idle in a transaction after 10 s (ours send
    /// their statements back to back), and a statement that waits 10 s for a lock fails and is
    /// retried, instead of waiting for ever.
    static func limitWaits(_ connection: PostgresConnection, logger: Logger) throws {
        try connection.query("SET idle_in_transaction_session_timeout = '10s'", logger: logger).waitBounded(
            on: connection)
        try connection.query("SET lock_timeout = '10s'", logger: logger).waitBounded(on: connection)
    }

    static func storeError(_ error: any Error, location: String, operation: String) -> StoreError {
        if let psql = error as? PSQLError {
            let state = psql.serverInfo?[.sqlState] ?? ""
            let message =
                psql.serverInfo.map { info in
                    [info[.sqlState], info[.message], info[.detail]].compactMap { $0 }.joined(separator: ": ")
                } ?? "\(psql.code)"
            return StoreError(
                path: location, operation: operation, message: message,
                isOutOfSpace: state == "53100")
        }
        return StoreError(path: location, operation: operation, message: "\(error)")
    }

    /// `body` inside BEGIN ... COMMIT on one connection; ROLLBACK on any error.
    func transaction<T>(_ operation: String, _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        try withConnection(operation) { c in
            try c.query("BEGIN", logger: logger).waitBounded(on: c)
            do {
                let value = try body(c)
                try c.query("COMMIT", logger: logger).waitBounded(on: c)
                return value
            } catch {
                // Not on a lost connection: the server rolled back already, and postgres-nio
                // would leave the ROLLBACK unanswered.
                if !Self.isConnectionLost(error) && !c.isClosed {
                    _ = try? c.query("ROLLBACK", logger: logger).waitBounded(on: c, Self.connectSeconds)
                }
                throw error
            }
        }
    }

    /// Migrates the schema and says which migrations it applied (none where another node did).
    private func migrate() throws(StoreError) -> [String] {
        try transaction("migrate the schema") { c in
            // Nodes starting together wait for each other here; the first migrates.
            try c.query("SELECT pg_advisory_xact_lock(7355608)", logger: logger).waitBounded(on: c)
            try c.query(
                "CREATE TABLE IF NOT EXISTS parity_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger
            ).waitBounded(on: c)
            let applied = Set(
                try c.query("SELECT name FROM parity_migration", logger: logger).waitBounded(on: c).rows.map {
                    try $0.decode(String.self)
                })
            var now: [String] = []
            for migration in Self.migrations where !applied.contains(migration.name) {
                for statement in migration.sql {
                    try c.query(PostgresQuery(unsafeSQL: statement), logger: logger).waitBounded(on: c)
                }
                try c.query("INSERT INTO parity_migration (name) VALUES (\(migration.name))", logger: logger)
                    .waitBounded(on: c)
                now.append(migration.name)
            }
            return now
        }
    }

}
