import Foundation
import Logging
import ParitySQLite
import ParitySpool
import ParityStore
import ParityTestSupport

@testable import ParityService

/// A message processor on a real temporary spool and database, built from a configuration
/// file the way the daemon builds it, for tests that process one group at a time.
struct ProcessorFixture {
    let spool: Spool
    let database: ParityDatabase
    let registry: FrameworkRegistry
    let candidates: CandidateDirectory
    let processor: MessageProcessor

    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// `configure` may change the matching settings and the limits the file gives.
    init(
        _ dir: TempDirectory, frameworks: [String], extra: String = "",
        configure: (inout ParityConfiguration.MatchingSettings, inout MessageProcessor.Limits) -> Void = { _, _ in }
    ) throws {
        let configuration = try ParityConfiguration.load(file: dir.configuration(frameworks: frameworks, extra: extra))
        spool = Spool(root: configuration.paths.spool)
        try spool.prepare()
        try FileManager.default.createDirectory(atPath: dir.path + "/db", withIntermediateDirectories: true)
        database = try ParityDatabase(path: configuration.paths.database)
        registry = try FrameworkRegistry(directory: configuration.frameworkDirectory)
        candidates = try CandidateDirectory(
            database: database, keyFile: dir.path + "/state/pseudonym.key", logger: Self.quiet)
        var matching = configuration.matching, limits = MessageProcessor.limits(configuration)
        configure(&matching, &limits)
        processor = try MessageProcessor(
            spool: spool, database: database, registry: registry, candidates: candidates, matching: matching,
            letters: LetterIssuer(configuration), limits: limits, stats: ProcessingStats(), logger: Self.quiet)
    }
}
