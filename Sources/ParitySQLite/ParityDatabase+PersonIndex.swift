import GRDB
public import ParityStore

/// The SQLite side of the person index (`Store.personFiles`): which kept file holds whom.
extension ParityDatabase {
    public func personFiles(refs: [String]) throws(StoreError) -> [String] {
        let refs = Array(Set(refs))
        guard !refs.isEmpty else { return [] }
        do {
            return try writer.read { db in
                var paths = Set<String>()
                for (chunk, marks) in Self.chunks(refs) {
                    paths.formUnion(
                        try String.fetchAll(
                            db, sql: "SELECT path FROM person_file WHERE ref IN (\(marks))",
                            arguments: StatementArguments(chunk)))
                }
                return paths.sorted()
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the person index", underlying: error)
        }
    }

    public func recordPersonFiles(_ rows: [PersonFile], built: Bool) throws(StoreError) {
        do {
            try writer.write { db in
                let insert = try db.makeStatement(
                    sql: "INSERT INTO person_file (ref, path) VALUES (?, ?) ON CONFLICT DO NOTHING")
                for row in rows { try insert.execute(arguments: [row.ref, row.path]) }
                if built {
                    try db.execute(
                        sql: """
                            INSERT INTO person_index (id, built_at) VALUES (1, (julianday('now') - 2440587.5) * 86400.0)
                            ON CONFLICT (id) DO NOTHING
                            """)
                }
            }
        } catch {
            throw StoreError(path: writer.path, operation: "record the person index", underlying: error)
        }
    }

    public func personIndexBuilt() throws(StoreError) -> Bool {
        do {
            return try writer.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM person_index)") ?? false
            }
        } catch {
            throw StoreError(path: writer.path, operation: "read the person index", underlying: error)
        }
    }
}
