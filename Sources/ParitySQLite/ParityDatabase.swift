import GRDB
public import ParityCore
public import ParityStore

/// The one SQLite database of a Parity installation (`paths.database`). It owns the schema:
/// migrations are frozen history, appended to and never edited (DESIGN.md §9 rule 5).
public final class ParityDatabase: Sendable {
    let writer: any DatabaseWriter
    public let migrationsApplied: [String]

    /// Opens (creating if needed) the database file in WAL mode and migrates it.
    public init(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // FULL: a committed ledger entry survives a power loss, because the original message
            // leaves active/ only after the commit (in WAL mode NORMAL may lose the last commits).
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Deleted rows (an erased person) are overwritten, not left in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        configuration.busyMode = .timeout(5)
        do {
            writer = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(path: path, operation: "open the database", underlying: error)
        }
        migrationsApplied = try Self.migrate(writer, path: path)
    }

    /// A private in-memory database, for tests and one-shot commands.
    public init() throws(StoreError) {
        do { writer = try DatabaseQueue() } catch {
            throw StoreError(path: ":memory:", operation: "open", underlying: error)
        }
        migrationsApplied = try Self.migrate(writer, path: ":memory:")
    }

    /// Migrates the schema and says which migrations it applied.
    private static func migrate(_ writer: any DatabaseWriter, path: String) throws(StoreError) -> [String] {
        do {
            let before = try writer.read { try migrator.appliedIdentifiers($0) }
            try migrator.migrate(writer)
            return migrator.migrations.filter { !before.contains($0) }
        } catch {
            throw StoreError(path: path, operation: "migrate the schema", underlying: error)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-framework-loads") { db in
            // Which framework data was in force when: every result names the versions it used,
            // and this history lets an operator see when each one came into service.
            try db.execute(
                sql: """
                    CREATE TABLE framework_load (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        loaded_at TEXT NOT NULL CHECK (loaded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'),
                        reason TEXT NOT NULL CHECK (reason IN ('start', 'reload', 'install'))
                    );
                    CREATE TABLE framework_load_document (
                        load_id INTEGER NOT NULL REFERENCES framework_load (id) ON DELETE CASCADE,
                        document_id TEXT NOT NULL CHECK (length(document_id) > 0),
                        version TEXT NOT NULL,
                        content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
                        PRIMARY KEY (load_id, document_id)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v2-message-ledger") { db in
            // One row per message whose effects are in place: what makes processing exactly-once.
            // A message id seen again with the same content is a duplicate; with other content, a conflict.
            try db.execute(
                sql: """
                    CREATE TABLE message (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 128),
                        kind TEXT NOT NULL CHECK (kind IN ('credential-batch', 'job-opening', 'skills-need', 'letter-request', 'erase-person')),
                        content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
                        file TEXT NOT NULL CHECK (length(file) > 0),
                        outputs TEXT NOT NULL CHECK (json_valid(outputs) AND json_type(outputs) = 'array'),
                        processed_at TEXT NOT NULL CHECK (processed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*')
                    ) WITHOUT ROWID;
                    CREATE INDEX message_by_kind ON message (kind, processed_at);
                    -- People who consented to matching, as their latest credential batch described them.
                    CREATE TABLE candidate (
                        person_id TEXT PRIMARY KEY NOT NULL CHECK (length(person_id) > 0),
                        message_id TEXT NOT NULL REFERENCES message (id),
                        destination TEXT NOT NULL CHECK (length(destination) > 0),
                        record TEXT NOT NULL CHECK (json_valid(record) AND json_type(record) = 'object'),
                        updated_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v3-person-scope") { db in
            // A person id belongs to the service that delivered it: two services that both number
            // people 12345 are two people, and a person registered for two destinations is in
            // both pools. Rows from before have no known service: they carry the empty scope
            // ('legacy') until that person is registered again or erased.
            try db.execute(
                sql: """
                    CREATE TABLE candidate_scoped (
                        scope TEXT NOT NULL CHECK (length(scope) <= 128),
                        person_id TEXT NOT NULL CHECK (length(person_id) > 0),
                        destination TEXT NOT NULL CHECK (length(destination) > 0),
                        message_id TEXT NOT NULL REFERENCES message (id),
                        record TEXT NOT NULL CHECK (json_valid(record) AND json_type(record) = 'object'),
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (scope, person_id, destination)
                    ) WITHOUT ROWID;
                    INSERT INTO candidate_scoped (scope, person_id, destination, message_id, record, updated_at)
                        SELECT '', person_id, destination, message_id, record, updated_at FROM candidate;
                    DROP TABLE candidate;
                    ALTER TABLE candidate_scoped RENAME TO candidate;
                    CREATE INDEX candidate_by_person ON candidate (person_id);
                    -- The scope each message was delivered under (NULL: before scopes), so that an
                    -- erasure rewrites only the results of its own service.
                    ALTER TABLE message ADD COLUMN scope TEXT CHECK (scope IS NULL OR length(scope) <= 128);
                    """)
        }
        migrator.registerMigration("v4-nodes") { db in
            // Several nodes on one database (several processes on one machine, for SQLite): a
            // heartbeat row each, by the database's clock (seconds since the epoch), and the
            // pool's change log, whose sequence (AUTOINCREMENT: never reused after pruning)
            // follows commit order, since SQLite has one writer at a time.
            try db.execute(
                sql: """
                    CREATE TABLE node (
                        name TEXT PRIMARY KEY NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
                        beat_at REAL NOT NULL,
                        started_at REAL NOT NULL,
                        pool_seq INTEGER NOT NULL DEFAULT 0 CHECK (pool_seq >= 0),
                        taken_over INTEGER NOT NULL DEFAULT 0 CHECK (taken_over IN (0, 1))
                    ) WITHOUT ROWID;
                    CREATE TABLE pool_change (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        node TEXT NOT NULL,
                        file TEXT NOT NULL CHECK (length(file) > 0),
                        scope TEXT NOT NULL,
                        person_id TEXT NOT NULL CHECK (length(person_id) > 0),
                        destination TEXT NOT NULL CHECK (length(destination) > 0),
                        -- An erasure's removal names the person by pseudonymous reference, never by id.
                        by_reference INTEGER NOT NULL DEFAULT 0 CHECK (by_reference IN (0, 1))
                    );
                    CREATE INDEX pool_change_by_person ON pool_change (person_id);
                    CREATE TABLE pool_horizon (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        pruned_through INTEGER NOT NULL CHECK (pruned_through >= 0)
                    );
                    INSERT INTO pool_horizon (id, pruned_through) VALUES (1, 0);
                    """)
        }
        migrator.registerMigration("v5-person-index") { db in
            // Which kept file holds which person, by pseudonymous reference (never the id): an
            // erasure reads only these files, within its scope, at a cost in proportion to what
            // the person has. The files kept before the index are indexed once at the next start.
            try db.execute(
                sql: """
                    CREATE TABLE person_file (
                        ref TEXT NOT NULL CHECK (length(ref) BETWEEN 1 AND 64),
                        path TEXT NOT NULL CHECK (length(path) > 0),
                        PRIMARY KEY (ref, path)
                    ) WITHOUT ROWID;
                    CREATE TABLE person_index (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        built_at REAL NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v6-ledger-scoped-ids") { db in
            // A message id is its producer's idempotency key within its own service: the ledger
            // is keyed by (scope, id), so that one service can neither make another's message
            // fail as a conflict nor learn that its id exists. Messages from before scopes keep
            // the empty scope. A candidate names its message by the same key (its scope is its
            // message's); SQLite rebuilds both tables to change their keys.
            try db.execute(
                sql: """
                    CREATE TABLE message_scoped (
                        scope TEXT NOT NULL CHECK (length(scope) <= 128),
                        id TEXT NOT NULL CHECK (length(id) BETWEEN 1 AND 128),
                        kind TEXT NOT NULL CHECK (kind IN ('credential-batch', 'job-opening', 'skills-need', 'letter-request', 'erase-person')),
                        content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
                        file TEXT NOT NULL CHECK (length(file) > 0),
                        outputs TEXT NOT NULL CHECK (json_valid(outputs) AND json_type(outputs) = 'array'),
                        processed_at TEXT NOT NULL CHECK (processed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'),
                        PRIMARY KEY (scope, id)
                    ) WITHOUT ROWID;
                    INSERT INTO message_scoped (scope, id, kind, content_sha256, file, outputs, processed_at)
                        SELECT coalesce(scope, ''), id, kind, content_sha256, file, outputs, processed_at FROM message;
                    CREATE TABLE candidate_keyed (
                        scope TEXT NOT NULL CHECK (length(scope) <= 128),
                        person_id TEXT NOT NULL CHECK (length(person_id) > 0),
                        destination TEXT NOT NULL CHECK (length(destination) > 0),
                        message_id TEXT NOT NULL,
                        record TEXT NOT NULL CHECK (json_valid(record) AND json_type(record) = 'object'),
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (scope, person_id, destination),
                        FOREIGN KEY (scope, message_id) REFERENCES message (scope, id)
                    ) WITHOUT ROWID;
                    INSERT INTO candidate_keyed (scope, person_id, destination, message_id, record, updated_at)
                        SELECT scope, person_id, destination, message_id, record, updated_at FROM candidate;
                    DROP TABLE candidate;
                    DROP TABLE message;
                    ALTER TABLE message_scoped RENAME TO message;
                    ALTER TABLE candidate_keyed RENAME TO candidate;
                    CREATE INDEX message_by_kind ON message (kind, processed_at);
                    CREATE INDEX message_by_id ON message (id);
                    CREATE INDEX candidate_by_person ON candidate (person_id);
                    """)
        }
        return migrator
    }

    /// Records that `versions` came into service at `timestamp` (ISO 8601, UTC).
    public func recordFrameworkLoad(
        _ versions: [DataVersion], reason: FrameworkLoadReason, at timestamp: String
    ) throws(StoreError) {
        do {
            try writer.write { db in
                try db.execute(
                    sql: "INSERT INTO framework_load (loaded_at, reason) VALUES (?, ?)",
                    arguments: [timestamp, reason.rawValue])
                let load = db.lastInsertedRowID
                for v in versions {
                    try db.execute(
                        sql:
                            "INSERT INTO framework_load_document (load_id, document_id, version, content_hash) VALUES (?, ?, ?, ?)",
                        arguments: [load, v.id, v.version, v.contentHash])
                }
            }
        } catch {
            throw StoreError(path: writer.path, operation: "record the framework load", underlying: error)
        }
    }

    /// The most recent load: when, why, and the versions it put in service (in id order).
    public func lastFrameworkLoad() throws(StoreError) -> FrameworkLoadRecord? {
        do {
            return try writer.read { db -> FrameworkLoadRecord? in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT id, loaded_at, reason FROM framework_load ORDER BY id DESC LIMIT 1")
                else {
                    return nil
                }
                let id: Int64 = row[0]
                let documents = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT document_id, version, content_hash FROM framework_load_document WHERE load_id = ? ORDER BY document_id",
                    arguments: [id])
                return FrameworkLoadRecord(
                    at: row[1], reason: FrameworkLoadReason(rawValue: row[2]) ?? .start,
                    versions: documents.map { DataVersion(id: $0[0], version: $0[1], contentHash: $0[2]) })
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the framework load history", underlying: error)
        }
    }
}

extension ParityDatabase: Store {
    public var location: String { writer.path }
}
