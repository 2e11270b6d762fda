import ParityPostgres
import ParitySQLite
import ParityStore
import ParityTestSupport
import Testing

/// An upgrade must migrate the schema once: the store says which migrations the opening
/// applied, and parityd logs them, so an operator (and the package upgrade test) can count them.
@Suite struct SchemaMigrationsAppliedTests {
    @Test func aNewSQLiteFileAppliesEveryMigrationAndASecondOpeningNone() throws {
        let directory = TempDirectory()
        let path = directory.path + "/parity.sqlite"
        let first = try ParityDatabase(path: path)
        #expect(first.migrationsApplied.first == "v1-framework-loads")
        #expect(first.migrationsApplied.count >= 2)
        let second = try ParityDatabase(path: path)
        #expect(second.migrationsApplied.isEmpty)
    }

    @Test func aNewPostgresDatabaseAppliesEveryMigrationAndASecondNodeNone() throws {
        let url = try TestPostgres.freshDatabase()
        let first = try PostgresStore(url: url)
        #expect(!first.migrationsApplied.isEmpty)
        let second = try PostgresStore(url: url)
        #expect(second.migrationsApplied.isEmpty)
    }
}
