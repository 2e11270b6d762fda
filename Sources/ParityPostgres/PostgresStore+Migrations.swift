extension PostgresStore {
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
        // Which kept file holds which person, by pseudonymous reference (never the id): an
        // erasure reads only these files. The files kept before are indexed at the next start.
        (
            "v3-person-index",
            [
                """
                CREATE TABLE person_file (
                    ref TEXT COLLATE "C" NOT NULL CHECK (length(ref) BETWEEN 1 AND 64),
                    path TEXT COLLATE "C" NOT NULL CHECK (length(path) > 0),
                    PRIMARY KEY (ref, path)
                )
                """,
                """
                CREATE TABLE person_index (
                    id INT PRIMARY KEY CHECK (id = 1),
                    built_at DOUBLE PRECISION NOT NULL
                )
                """,
            ]
        ),
        // A message id is its producer's idempotency key within its own service: the ledger is
        // keyed by (scope, id), so that one service can neither make another's message fail as a
        // conflict nor learn that its id exists. Messages from before scopes take the empty scope;
        // a candidate names its message by the same key (its scope is its message's).
        (
            "v4-ledger-scoped-ids",
            [
                "UPDATE message SET scope = '' WHERE scope IS NULL",
                "ALTER TABLE candidate DROP CONSTRAINT candidate_message_id_fkey",
                "ALTER TABLE message DROP CONSTRAINT message_pkey",
                """
                ALTER TABLE message ALTER COLUMN scope TYPE TEXT COLLATE "C",
                    ALTER COLUMN scope SET NOT NULL
                """,
                "ALTER TABLE message ADD PRIMARY KEY (scope, id)",
                "CREATE INDEX message_by_id ON message (id)",
                """
                ALTER TABLE candidate ADD CONSTRAINT candidate_message_fkey
                    FOREIGN KEY (scope, message_id) REFERENCES message (scope, id)
                """,
            ]
        ),
    ]
}
