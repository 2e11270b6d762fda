import Foundation
import Logging
import ParityCore
import ParityMessages
import ParityStore
import Synchronization

/// The daemon's matching pool, kept in memory and brought up to date when a job needs it:
/// only the people commits touched since are read again from the `candidate` table, decoded
/// and swapped in (`CandidatePool.update`); the whole table only for the first job and after a
/// reload changed the frameworks or the taxonomy (skill labels resolve against it). Employers
/// see pseudonymous references: an HMAC-SHA-256 of the person id under this installation's
/// key (`paths.state/pseudonym.key`).
final class CandidateDirectory: Sendable {
    private let database: ParityDatabase
    private let key: [UInt8]
    private let logger: Logger

    private struct State {
        var pool: CandidatePool?
        /// The data versions the pool was built with.
        var versions: [DataVersion] = []
        /// People committed since the pool was brought up to date: to read again.
        var pending = Set<String>()
    }
    private let state = Mutex(State())

    init(database: ParityDatabase, keyFile: String, logger: Logger) throws {
        self.database = database
        self.logger = logger
        self.key = try Self.loadOrCreateKey(keyFile)
    }

    /// A commit added, changed or erased these people: the next job reads them again.
    func changed(_ personIds: some Sequence<String>) { state.withLock { $0.pending.formUnion(personIds) } }

    func pool(engine: RecognitionEngine) throws -> CandidatePool {
        try state.withLock { state throws -> CandidatePool in
            guard var pool = state.pool, state.versions == engine.set.versions else {
                state.pending = []
                state.pool = nil
                let pool = CandidatePool(try database.candidates().compactMap { candidate($0, engine: engine) })
                (state.pool, state.versions) = (pool, engine.set.versions)
                return pool
            }
            guard !state.pending.isEmpty else { return pool }
            let ids = state.pending.sorted()
            let fresh = try database.candidates(personIds: ids).compactMap { candidate($0, engine: engine) }
            state.pending = []
            state.pool = nil  // the pool's storage is then updated in place unless a job still holds it
            pool.update(removing: ids, adding: fresh)
            state.pool = pool
            return pool
        }
    }

    /// A stored record that no longer decodes (written by another version, or damaged) leaves
    /// that person out of matching until their next batch: said in the log, under their
    /// pseudonymous reference only.
    private func candidate(_ record: CandidateRecord, engine: RecognitionEngine) -> Candidate? {
        let entry: CredentialBatch.Entry
        do { entry = try EntryJSON.decode(Array(record.record.utf8), source: "candidate \(ref(record.personId))") } catch {
            logger.error("a stored candidate record does not decode: the person is left out of matching until a batch registers them again",
                         metadata: ["ref": "\(ref(record.personId))", "problem": "\(error.message)", "field": "\(error.field)"])
            return nil
        }
        return Candidate(entry: entry, ref: ref(record.personId), destination: record.destination) { $0.hasPrefix("http") ? $0 : engine.skillURI(forLabel: $0) }
    }

    /// The pseudonymous reference of a person id.
    func ref(_ personId: String) -> String { "c-" + HMAC.sha256(key: key, message: Array(personId.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined() }

    private static func loadOrCreateKey(_ path: String) throws -> [UInt8] {
        if let existing = FileManager.default.contents(atPath: path), existing.count == 32 { return Array(existing) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        guard FileManager.default.createFile(atPath: path, contents: Data(key), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return key
    }
}

/// HMAC (RFC 2104) over the core's SHA-256.
enum HMAC {
    static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? SHA256.hash(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        return SHA256.hash(block.map { $0 ^ 0x5C } + SHA256.hash(block.map { $0 ^ 0x36 } + message))
    }
}

extension SHA256 {
    static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }
}
