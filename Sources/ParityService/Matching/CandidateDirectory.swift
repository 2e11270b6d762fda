import Foundation
import Logging
import ParityCore
import ParityMessages
import ParityStore

/// Where candidates come from: the `candidate` table read into a pool (at start, before any
/// message is processed; `CausalOrder` keeps it current from then on), and stored records
/// made into candidates again. What employers call them is `Pseudonyms`'.
final class CandidateDirectory: Sendable {
    private let database: any Store
    let pseudonyms: Pseudonyms
    private let logger: Logger

    init(database: any Store, keyFile: String, logger: Logger) throws {
        self.database = database
        self.logger = logger
        self.pseudonyms = Pseudonyms(key: try Self.loadOrCreateKey(keyFile))
    }

    /// Every stored candidate, resolved with `engine`'s data.
    func load(engine: RecognitionEngine) throws(StoreError) -> CandidatePool {
        CandidatePool(try database.candidates().compactMap { candidate($0, engine: engine) })
    }

    /// A stored record that no longer decodes (written by another version, or damaged) leaves
    /// that person out of matching until their next batch: said in the log, under their
    /// pseudonymous reference only.
    func candidate(_ record: CandidateRecord, engine: RecognitionEngine) -> Candidate? {
        let ref = ref(record.key)
        let entry: CredentialBatch.Entry
        do { entry = try EntryJSON.decode(Array(record.record.utf8), source: "candidate \(ref)") } catch {
            logger.error(
                "a stored candidate record does not decode: the person is left out of matching until a batch registers them again",
                metadata: ["ref": "\(ref)", "problem": "\(error.message)", "field": "\(error.field)"])
            return nil
        }
        return candidate(entry, key: record.key, engine: engine)
    }

    func candidate(_ entry: CredentialBatch.Entry, key: CandidateKey, engine: RecognitionEngine) -> Candidate {
        pseudonyms.candidate(entry, key: key, engine: engine)
    }

    func ref(scope: String, personId: String) -> String { pseudonyms.ref(scope: scope, personId: personId) }

    func ref(_ key: CandidateKey) -> String { pseudonyms.ref(key) }

    private static func loadOrCreateKey(_ path: String) throws -> [UInt8] {
        if let existing = FileManager.default.contents(atPath: path), existing.count == 32 { return Array(existing) }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        guard FileManager.default.createFile(atPath: path, contents: Data(key), attributes: [.posixPermissions: 0o600])
        else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return key
    }
}

/// What employers call candidates: pseudonymous references, an HMAC-SHA-256 of the person's
/// scope and id under this installation's key (`paths.state/pseudonym.key`, read once). A
/// value with no I/O, so that message handlers can name people without touching a file.
struct Pseudonyms: Sendable {
    let key: [UInt8]

    /// The pseudonymous reference of a person id in its scope: the same for every destination
    /// the person registered for, and another for the same id in another service. Rows from
    /// before scopes (the empty scope) keep the reference they always had.
    func ref(scope: String, personId: String) -> String {
        let message = scope.isEmpty ? Array(personId.utf8) : Array(scope.utf8) + [0x1F] + Array(personId.utf8)
        return "c-" + HMAC.sha256(key: key, message: message).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    func ref(_ key: CandidateKey) -> String { ref(scope: key.scope, personId: key.personId) }

    /// A batch entry as the candidate of `key`.
    func candidate(_ entry: CredentialBatch.Entry, key: CandidateKey, engine: RecognitionEngine) -> Candidate {
        Candidate(
            entry: entry, key: key.text, ref: ref(key), destination: key.destination, resolve: Self.resolver(engine)
        ).recognised(by: engine)
    }

    /// Skill labels to ESCO URIs through the engine's taxonomy; URIs as they are.
    static func resolver(_ engine: RecognitionEngine) -> (String) -> String? {
        { $0.hasPrefix("http") ? $0 : engine.skillURI(forLabel: $0) }
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
