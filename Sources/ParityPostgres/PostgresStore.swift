import Foundation
public import Logging
import NIOCore
import NIOPosix
public import ParityCore
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
    /// Guards `connection`: one statement (or transaction) at a time.
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private var nextConnectionID = 1

    /// The frozen migration history: appended to, never edited.
    static let migrations: [(name: String, sql: [String])] = [
        (
            "v1-initial",
            [
                """
                CREATE TABLE framework_load (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    loaded_at TEXT NOT NULL CHECK (loaded_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T'),
                    reason TEXT NOT NULL CHECK (reason IN ('start', 'reload', 'install'))
                )
                """,
                """
                CREATE TABLE framework_load_document (
                    load_id BIGINT NOT NULL REFERENCES framework_load (id) ON DELETE CASCADE,
                    document_id TEXT COLLATE "C" NOT NULL CHECK (length(document_id) > 0),
                    version TEXT NOT NULL,
                    content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
                    PRIMARY KEY (load_id, document_id)
                )
                """,
                // One row per message whose effects are in place: its primary key is what makes every
                // effect happen once, also when two nodes race on the same message.
                """
                CREATE TABLE message (
                    id TEXT COLLATE "C" PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
                    kind TEXT NOT NULL CHECK (kind IN ('credential-batch', 'job-opening', 'skills-need', 'letter-request', 'erase-person')),
                    content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
                    file TEXT COLLATE "C" NOT NULL CHECK (length(file) > 0),
                    outputs TEXT NOT NULL CHECK (jsonb_typeof(outputs::jsonb) = 'array'),
                    processed_at TEXT NOT NULL CHECK (processed_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T'),
                    scope TEXT CHECK (scope IS NULL OR length(scope) <= 128)
                )
                """,
                "CREATE INDEX message_by_kind ON message (kind, processed_at)",
                // The record keeps its exact text (jsonb would reorder it); the check parses it.
                """
                CREATE TABLE candidate (
                    scope TEXT COLLATE "C" NOT NULL CHECK (length(scope) <= 128),
                    person_id TEXT COLLATE "C" NOT NULL CHECK (length(person_id) > 0),
                    destination TEXT COLLATE "C" NOT NULL CHECK (length(destination) > 0),
                    message_id TEXT COLLATE "C" NOT NULL REFERENCES message (id),
                    record TEXT NOT NULL CHECK (jsonb_typeof(record::jsonb) = 'object'),
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (scope, person_id, destination)
                )
                """,
                "CREATE INDEX candidate_by_person ON candidate (person_id)",
            ]
        ),
        // Several nodes: a heartbeat row each, by the server's clock (seconds since the epoch),
        // and the pool's change log; commits that change the pool take `poolLock` before they
        // write to it, so that its sequence follows commit order.
        (
            "v2-nodes",
            [
                """
                CREATE TABLE node (
                    name TEXT COLLATE "C" PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
                    beat_at DOUBLE PRECISION NOT NULL,
                    started_at DOUBLE PRECISION NOT NULL,
                    pool_seq BIGINT NOT NULL DEFAULT 0 CHECK (pool_seq >= 0),
                    taken_over BOOLEAN NOT NULL DEFAULT false
                )
                """,
                """
                CREATE TABLE pool_change (
                    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    node TEXT COLLATE "C" NOT NULL,
                    file TEXT COLLATE "C" NOT NULL CHECK (length(file) > 0),
                    scope TEXT COLLATE "C" NOT NULL,
                    person_id TEXT COLLATE "C" NOT NULL CHECK (length(person_id) > 0),
                    destination TEXT COLLATE "C" NOT NULL CHECK (length(destination) > 0),
                    by_reference BOOLEAN NOT NULL DEFAULT false
                )
                """,
                "CREATE INDEX pool_change_by_person ON pool_change (person_id)",
                """
                CREATE TABLE pool_horizon (
                    id INT PRIMARY KEY CHECK (id = 1),
                    pruned_through BIGINT NOT NULL CHECK (pruned_through >= 0)
                )
                """,
                "INSERT INTO pool_horizon (id, pruned_through) VALUES (1, 0)",
            ]
        ),
    ]

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
        try migrate()
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
            try? closing.wait()
        }
    }

    // MARK: Connection

    struct Target {
        enum Endpoint {
            case tcp(String, Int)
            case socket(String)
        }
        var user: String
        var database: String
        var endpoint: Endpoint
        /// The URL without any password, for messages.
        var location: String
    }

    /// `url` with any password replaced by `***`.
    public static func redacted(_ url: String) -> String {
        url.replacingOccurrences(of: #"//([^:@/]*):[^@/]*@"#, with: "//$1:***@", options: .regularExpression)
    }

    static func parse(url: String) throws(StoreError) -> Target {
        let shown = redacted(url)
        func refuse(_ why: String) -> StoreError {
            StoreError(path: shown, operation: "read the database URL", message: why)
        }
        guard let parts = URLComponents(string: url), parts.scheme == "postgres" || parts.scheme == "postgresql" else {
            throw refuse("expected postgres://USER@HOST:PORT/DATABASE or postgres://USER@/DATABASE?host=/socket/dir")
        }
        if parts.password != nil {
            throw refuse(
                "a password in the URL is refused: put it in the file named by [database] password_file (mode 0600)")
        }
        guard let user = parts.user, !user.isEmpty else { throw refuse("the URL names no user (postgres://USER@...)") }
        let database = String(parts.path.dropFirst())
        guard !database.isEmpty, !database.contains("/") else {
            throw refuse("the URL names no database (postgres://USER@HOST/DATABASE)")
        }
        let socket = parts.queryItems?.first { $0.name == "host" }?.value
        let endpoint: Target.Endpoint
        if let socket, socket.hasPrefix("/") {
            endpoint = .socket(
                socket.hasSuffix(".s.PGSQL.\(parts.port ?? 5432)") ? socket : socket + "/.s.PGSQL.\(parts.port ?? 5432)"
            )
        } else if let host = parts.host, !host.isEmpty {
            endpoint = .tcp(host, parts.port ?? 5432)
        } else {
            throw refuse(
                "the URL names no host (postgres://USER@HOST/DATABASE) and no socket directory (?host=/run/postgresql)")
        }
        return Target(user: user, database: database, endpoint: endpoint, location: shown)
    }

    /// The password file's first line; refused when group or others may read or write it.
    static func readPassword(_ file: String, for location: String) throws(StoreError) -> String {
        var info = stat()
        guard stat(file, &info) == 0 else {
            throw StoreError(
                path: file, operation: "read the database password file", message: String(cString: strerror(errno)))
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw StoreError(
                path: file, operation: "use the database password file",
                message:
                    "its mode is \(String(mode, radix: 8)); it must give no access to group or others (chmod 600 \(file))"
            )
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw StoreError(
                path: file, operation: "read the database password file", message: "not readable as UTF-8 text")
        }
        let password = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !password.isEmpty else {
            throw StoreError(path: file, operation: "read the database password file", message: "the file is empty")
        }
        return password
    }

    /// Runs `body` on the connection (opened, or reopened if it was lost), one caller at a time.
    func withConnection<T>(_ operation: String, _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            if connection == nil || connection?.isClosed == true {
                nextConnectionID += 1
                let opened = try PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: nextConnectionID,
                    logger: logger
                ).wait()
                try Self.limitWaits(opened, logger: logger)
                connection = opened
            }
            guard let connection else {
                throw StoreError(path: location, operation: operation, message: "no connection")
            }
            return try body(connection)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.storeError(error, location: location, operation: operation)
        }
    }

    /// A node that stops in the middle of a transaction (paused, or its machine frozen) must not
    /// hold the others up: the server ends a session idle in a transaction after 10 s (ours send
    /// their statements back to back), and a statement that waits 10 s for a lock fails and is
    /// retried, instead of waiting for ever.
    static func limitWaits(_ connection: PostgresConnection, logger: Logger) throws {
        try connection.query("SET idle_in_transaction_session_timeout = '10s'", logger: logger).wait()
        try connection.query("SET lock_timeout = '10s'", logger: logger).wait()
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
            try c.query("BEGIN", logger: logger).wait()
            do {
                let value = try body(c)
                try c.query("COMMIT", logger: logger).wait()
                return value
            } catch {
                _ = try? c.query("ROLLBACK", logger: logger).wait()
                throw error
            }
        }
    }

    private func migrate() throws(StoreError) {
        try transaction("migrate the schema") { c in
            // Nodes starting together wait for each other here; the first migrates.
            try c.query("SELECT pg_advisory_xact_lock(7355608)", logger: logger).wait()
            try c.query(
                "CREATE TABLE IF NOT EXISTS parity_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger
            ).wait()
            let applied = Set(
                try c.query("SELECT name FROM parity_migration", logger: logger).wait().rows.map {
                    try $0.decode(String.self)
                })
            for migration in Self.migrations where !applied.contains(migration.name) {
                for statement in migration.sql {
                    try c.query(PostgresQuery(unsafeSQL: statement), logger: logger).wait()
                }
                try c.query("INSERT INTO parity_migration (name) VALUES (\(migration.name))", logger: logger).wait()
            }
        }
    }

    // MARK: Framework loads

    public func recordFrameworkLoad(
        _ versions: [DataVersion], reason: FrameworkLoadReason, at timestamp: String
    ) throws(StoreError) {
        try transaction("record the framework load") { c in
            let id =
                try c.query(
                    "INSERT INTO framework_load (loaded_at, reason) VALUES (\(timestamp), \(reason.rawValue)) RETURNING id",
                    logger: logger
                )
                .wait().rows.first.map { try $0.decode(Int64.self) } ?? 0
            for v in versions {
                try c.query(
                    """
                    INSERT INTO framework_load_document (load_id, document_id, version, content_hash) VALUES (\(id), \(v.id), \(v.version), \(v.contentHash))
                    """, logger: logger
                ).wait()
            }
        }
    }

    public func lastFrameworkLoad() throws(StoreError) -> FrameworkLoadRecord? {
        try withConnection("read the framework load history") { c -> FrameworkLoadRecord? in
            guard
                let row = try c.query(
                    "SELECT id, loaded_at, reason FROM framework_load ORDER BY id DESC LIMIT 1", logger: logger
                ).wait().rows.first
            else {
                return nil
            }
            let (id, at, reason) = try row.decode((Int64, String, String).self)
            let versions = try c.query(
                "SELECT document_id, version, content_hash FROM framework_load_document WHERE load_id = \(id) ORDER BY document_id",
                logger: logger
            ).wait().rows.map { row in
                let (document, version, hash) = try row.decode((String, String, String).self)
                return DataVersion(id: document, version: version, contentHash: hash)
            }
            return FrameworkLoadRecord(
                at: at, reason: FrameworkLoadReason(rawValue: reason) ?? .start, versions: versions)
        }
    }

    // MARK: Ledger

    public func ledgerEntry(id: String) throws(StoreError) -> LedgerEntry? {
        try withConnection("read the message ledger") { c -> LedgerEntry? in
            try c.query(
                "SELECT id, kind, content_sha256, file, outputs, processed_at FROM message WHERE id = \(id)",
                logger: logger
            )
            .wait().rows.first.map { row in
                let (id, kind, hash, file, outputs, at) = try row.decode(
                    (String, String, String, String, String, String).self)
                return LedgerEntry(
                    id: id, kind: kind, contentHash: hash, file: file, outputs: LedgerJSON.strings(outputs),
                    processedAt: at)
            }
        }
    }

    public func ledgerHashes(ids: [String]) throws(StoreError) -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return try pairs("SELECT id, content_sha256 FROM message WHERE id = ANY(\(ids))")
    }

    public func ledgerScopes(ids: [String]) throws(StoreError) -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return try pairs("SELECT id, scope FROM message WHERE scope IS NOT NULL AND id = ANY(\(ids))")
    }

    /// The rows of a two-column query, as a dictionary from the first column to the second.
    private func pairs(_ query: PostgresQuery) throws(StoreError) -> [String: String] {
        try withConnection("read the message ledger") { c in
            var out: [String: String] = [:]
            for row in try c.query(query, logger: logger).wait().rows {
                let (key, value) = try row.decode((String, String).self)
                out[key] = value
            }
            return out
        }
    }

    public func ledgerFiles(kind: String) throws(StoreError) -> [String] {
        try withConnection("read the message ledger") { c in
            try c.query("SELECT file FROM message WHERE kind = \(kind) ORDER BY file", logger: logger).wait().rows.map {
                try $0.decode(String.self)
            }
        }
    }

    public func ledgerCounts() throws(StoreError) -> [String: Int] {
        try withConnection("count the message ledger") { c in
            var counts: [String: Int] = [:]
            for row in try c.query("SELECT kind, count(*) FROM message GROUP BY kind", logger: logger).wait().rows {
                let (kind, n) = try row.decode((String, Int64).self)
                counts[kind] = Int(n)
            }
            return counts
        }
    }

    @discardableResult
    public func commit(_ group: [MessageEffects], node: String) throws(StoreError) -> [CommitOutcome] {
        guard !group.isEmpty else { return [] }
        return try transaction("commit \(group.count) message(s) to the ledger") { c in
            if !node.isEmpty {
                // FOR SHARE: a takeover's UPDATE of this row waits for this commit, or this commit for it.
                let takenOver =
                    try c.query("SELECT taken_over FROM node WHERE name = \(node) FOR SHARE", logger: logger).wait()
                    .rows.first
                    .map { try $0.decode(Bool.self) } ?? false
                if takenOver { throw StoreError.fenced(node, at: location) }
            }
            if group.contains(where: \.changesThePool) {
                // Held to the commit: the change log's sequence numbers are given in commit order,
                // so a node following the log never skips one that commits late.
                try c.query("SELECT pg_advisory_xact_lock(\(Self.poolLock))", logger: logger).wait()
            }
            let legacyRows =
                try c.query("SELECT EXISTS (SELECT 1 FROM candidate WHERE scope = '')", logger: logger).wait().rows
                .first
                .map { try $0.decode(Bool.self) } ?? false
            // An erasure's removals reach other nodes through the log only if there are any.
            let othersListen =
                try group.contains(where: { $0.erasedPerson != nil })
                && c.query(
                    "SELECT EXISTS (SELECT 1 FROM node WHERE name <> \(node) AND NOT taken_over)", logger: logger
                ).wait().rows.first
                    .map { try $0.decode(Bool.self) } == true
            func delete(_ key: CandidateKey) throws -> Bool {
                !(try c.query(
                    """
                    DELETE FROM candidate WHERE scope = \(key.scope) AND person_id = \(key.personId) AND destination = \(key.destination) RETURNING scope
                    """, logger: logger
                ).wait().rows.isEmpty)
            }
            var outcomes: [CommitOutcome] = []
            var changed = false
            for effects in group {
                let e = effects.entry
                let inserted = try c.query(
                    """
                    INSERT INTO message (id, kind, content_sha256, file, outputs, processed_at, scope)
                    VALUES (\(e.id), \(e.kind), \(e.contentHash), \(e.file), \(LedgerJSON.array(e.outputs)), \(e.processedAt), \(effects.scope))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """, logger: logger
                ).wait().rows
                guard !inserted.isEmpty else {
                    let hash =
                        try c.query("SELECT content_sha256 FROM message WHERE id = \(e.id)", logger: logger).wait().rows
                        .first
                        .map { try $0.decode(String.self) } ?? ""
                    outcomes.append(.alreadyCommitted(contentHash: hash))
                    continue
                }
                var gone: [CandidateKey] = []
                var erased: [CandidateKey] = []
                for record in effects.candidates {
                    let k = record.key
                    try c.query(
                        """
                        INSERT INTO candidate (scope, person_id, destination, message_id, record, updated_at)
                        VALUES (\(k.scope), \(k.personId), \(k.destination), \(e.id), \(record.record), \(e.processedAt))
                        ON CONFLICT (scope, person_id, destination) DO UPDATE SET message_id = excluded.message_id,
                            record = excluded.record, updated_at = excluded.updated_at
                        """, logger: logger
                    ).wait()
                    if legacyRows && !k.scope.isEmpty {
                        let legacy = CandidateKey(scope: "", personId: k.personId, destination: k.destination)
                        if try delete(legacy) { gone.append(legacy) }
                    }
                }
                for key in effects.withdrawn where try delete(key) { gone.append(key) }
                if let person = effects.erasedPerson {
                    let scopes = Array(Set([effects.scope ?? "", ""]))
                    erased = try c.query(
                        """
                        DELETE FROM candidate WHERE person_id = \(person) AND scope = ANY(\(scopes)) RETURNING scope, person_id, destination
                        """, logger: logger
                    ).wait().rows.map { row in
                        let (scope, id, destination) = try row.decode((String, String, String).self)
                        return CandidateKey(scope: scope, personId: id, destination: destination)
                    }
                    gone += erased
                    // The log's earlier entries for the person go too.
                    try c.query(
                        "DELETE FROM pool_change WHERE person_id = \(person) AND scope = ANY(\(scopes))", logger: logger
                    ).wait()
                }
                // An erasure's removals name the person by reference only.
                var keys = (effects.candidates.map(\.key) + gone).filter { !erased.contains($0) }
                let plain = keys.count
                for key in erased where othersListen {
                    guard let reference = effects.erasedReferences[key.scope] else {
                        throw StoreError.missingReference(key.scope, at: location)
                    }
                    keys.append(CandidateKey(scope: key.scope, personId: reference, destination: key.destination))
                }
                let byReference =
                    Array(repeating: false, count: plain) + Array(repeating: true, count: keys.count - plain)
                if !keys.isEmpty {
                    changed = true
                    try c.query(
                        """
                        INSERT INTO pool_change (node, file, scope, person_id, destination, by_reference)
                        SELECT \(node), \(e.file), * FROM unnest(\(keys.map(\.scope))::text[], \(keys.map(\.personId))::text[], \(keys.map(\.destination))::text[], \(byReference)::boolean[])
                        """, logger: logger
                    ).wait()
                }
                outcomes.append(.committed(removed: gone))
            }
            // Delivered at commit, to every node listening (this one ignores its own).
            if changed { try c.query("SELECT pg_notify(\(Self.poolChannel), \(node))", logger: logger).wait() }
            return outcomes
        }
    }

    // MARK: Candidates

    public func candidateCount() throws(StoreError) -> Int {
        try withConnection("count the candidates") { c in
            Int(
                try c.query("SELECT count(*) FROM candidate", logger: logger).wait().rows.first.map {
                    try $0.decode(Int64.self)
                } ?? 0)
        }
    }

    public func candidates() throws(StoreError) -> [CandidateRecord] {
        try withConnection("read the candidates") { c in
            try c.query(
                "SELECT scope, person_id, destination, record FROM candidate ORDER BY scope, person_id, destination",
                logger: logger
            )
            .wait().rows.map(Self.candidate)
        }
    }

    public func candidates(personId: String) throws(StoreError) -> [CandidateRecord] {
        try withConnection("read a candidate") { c in
            try c.query(
                """
                SELECT scope, person_id, destination, record FROM candidate WHERE person_id = \(personId) ORDER BY scope, destination
                """, logger: logger
            ).wait().rows.map(Self.candidate)
        }
    }

    private static func candidate(_ row: PostgresRow) throws -> CandidateRecord {
        let (scope, person, destination, record) = try row.decode((String, String, String, String).self)
        return CandidateRecord(
            key: CandidateKey(scope: scope, personId: person, destination: destination), record: record)
    }
}
