import Foundation
import ParityCore
import ParityMessages
import ParityStore
import Synchronization

/// The daemon's matching pool: built from the `candidate` table when a job needs it and a
/// commit has changed the candidates since. Employers see pseudonymous references: an
/// HMAC-SHA-256 of the person id under this installation's key (`paths.state/pseudonym.key`).
final class CandidateDirectory: Sendable {
    private let database: ParityDatabase
    private let key: [UInt8]
    private let state = Mutex<(generation: Int, builtAt: Int, pool: CandidatePool?)>((1, 0, nil))

    init(database: ParityDatabase, keyFile: String) throws {
        self.database = database
        self.key = try Self.loadOrCreateKey(keyFile)
    }

    /// The candidates changed (a batch added people): the next job rebuilds the pool.
    func changed() { state.withLock { $0.generation += 1 } }

    func pool(engine: RecognitionEngine) throws -> CandidatePool {
        let (generation, builtAt, existing) = state.withLock { ($0.generation, $0.builtAt, $0.pool) }
        if let existing, builtAt == generation { return existing }
        var candidates: [Candidate] = []
        for record in try database.candidates() {
            guard let entry = try? EntryJSON.decode(Array(record.record.utf8), source: "candidate \(ref(record.personId))") else { continue }
            candidates.append(Candidate(entry: entry, ref: ref(record.personId)) { $0.hasPrefix("http") ? $0 : engine.skillURI(forLabel: $0) })
        }
        let pool = CandidatePool(candidates)
        state.withLock { if $0.builtAt < generation { $0 = (max($0.generation, generation), generation, pool) } }
        return pool
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
