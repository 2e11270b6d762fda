public import ParityStore
import PostgresNIO

/// The PostgreSQL side of the person index (`Store.personFiles`): which kept file holds whom.
extension PostgresStore {
    public func personFiles(refs: [String]) throws(StoreError) -> [String] {
        let refs = Array(Set(refs))
        guard !refs.isEmpty else { return [] }
        return try withConnection("read the person index") { c in
            try c.query(
                "SELECT DISTINCT path FROM person_file WHERE ref = ANY(\(refs)) ORDER BY path", logger: logger
            ).waitBounded(on: c).rows.map { try $0.decode(String.self) }
        }
    }

    public func recordPersonFiles(_ rows: [PersonFile], built: Bool) throws(StoreError) {
        try transaction("record the person index") { c in
            if !rows.isEmpty {
                try c.query(
                    """
                    INSERT INTO person_file (ref, path) SELECT * FROM unnest(\(rows.map(\.ref))::text[], \(rows.map(\.path))::text[])
                    ON CONFLICT DO NOTHING
                    """, logger: logger
                ).waitBounded(on: c)
            }
            if built {
                try c.query(
                    """
                    INSERT INTO person_index (id, built_at) VALUES (1, extract(epoch FROM clock_timestamp()))
                    ON CONFLICT (id) DO NOTHING
                    """, logger: logger
                ).waitBounded(on: c)
            }
        }
    }

    public func personIndexBuilt() throws(StoreError) -> Bool {
        try withConnection("read the person index") { c in
            try c.query("SELECT EXISTS (SELECT 1 FROM person_index)", logger: logger).waitBounded(on: c).rows.first
                .map { try $0.decode(Bool.self) } ?? false
        }
    }
}
