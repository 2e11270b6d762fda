import Foundation
import ParityCore
import ParityLetters
import ParityMessages
import ParitySpool
import ParityStore

/// What each message kind does.
struct KindHandlers: Sendable {
    let spool: Spool
    let registry: FrameworkRegistry
    let candidates: CandidateDirectory
    /// How many candidates a shortlist names, and the pay floors per destination.
    let matching: ParityConfiguration.MatchingSettings
    var shortlistSize: Int { matching.shortlistSize }
    /// Who signs letters, and with which keys.
    let letters: LetterIssuer

    struct Context {
        var message: ClaimedMessage
        var envelope: MessageEnvelope
        var contentHash: String
        var processedAt: String
        var sync: DirectorySync
    }

    enum Failure: Error {
        case rejected(Rejection)
        case spool(SpoolError)
    }

    func handle(_ context: Context) -> Result<MessageEffects, Failure> {
        switch context.envelope.kind {
        case "credential-batch": return credentialBatch(context)
        case "job-opening": return jobOpening(context)
        case "skills-need": return skillsNeed(context)
        case "letter-request": return letterRequest(context)
        case "erase-person": return erasePerson(context)
        default:
            return .failure(.rejected(Rejection(
                .unsupportedKind, location: "\(context.message.name): kind", found: "'\(context.envelope.kind)', which this version of parityd does not process",
                expected: "\(MessageEnvelope.kinds.joined(separator: ", ")); keep the message and run `parity queue requeue \(context.message.name)` after upgrading")))
        }
    }

    /// Recognises every credential in the batch's destination, writes the result to
    /// `outbox/batches/<id>.json`, and keeps the people who consented to matching.
    private func credentialBatch(_ context: Context) -> Result<MessageEffects, Failure> {
        let name = context.message.name
        let decoded: BatchDecoder.Decoded
        do { decoded = try BatchDecoder.batch(context.envelope) } catch {
            return .failure(.rejected(Self.rejection(error, in: name)))
        }
        let engine = registry.engine
        let result: BatchResult
        do {
            // Checked first, so that a batch with no credentials is refused for it too.
            if engine.destinationFrameworks(decoded.batch.destination).isEmpty {
                throw RecognitionError.unknownDestination(decoded.batch.destination, known: engine.set.sortedFrameworks.map(\.id))
            }
            result = try engine.recognise(decoded.batch, rejected: decoded.rejected)
        } catch {
            return .failure(.rejected(Rejection(
                .invalidContent, location: "\(name): destination", found: "'\(decoded.batch.destination)', for which no framework is installed",
                expected: "a country code (ISO 3166-1 or 3166-2) or a framework id: \(engine.set.sortedFrameworks.map(\.id).joined(separator: ", "))")))
        }
        let output: OutboxFile
        do {
            output = try spool.outboxFile("batches", name: context.envelope.id + ".json")
            try ResultJSON.encode(result) { (piece: [UInt8]) throws(SpoolError) in try output.append(piece) }
            try output.commit(context.sync)
        } catch {
            return .failure(.spool(error))
        }
        var candidates: [CandidateRecord] = []
        for entry in decoded.batch.people where entry.person.consent.matching {
            let record = String(decoding: EntryJSON.encode(entry), as: UTF8.self)
            candidates.append(CandidateRecord(personId: entry.person.id, destination: decoded.batch.destination, record: record))
        }
        let entry = LedgerEntry(
            id: context.envelope.id, kind: context.envelope.kind, contentHash: context.contentHash, file: name,
            outputs: ["outbox/batches/new/\(output.name)"], processedAt: context.processedAt)
        return .success(MessageEffects(entry: entry, candidates: candidates))
    }

    /// The shortlist of a job opening, to `outbox/employers/<id>.json`: refused with its reasons
    /// when workers are charged fees; otherwise the best candidates after the safeguards.
    private func jobOpening(_ context: Context) -> Result<MessageEffects, Failure> {
        let name = context.message.name
        let engine = registry.engine
        let decoded: JobPostingDecoder.Decoded
        do {
            decoded = try JobPostingDecoder.decode(context.envelope, occupation: engine.isco(forOccupation:), skill: engine.skillURI(forLabel:))
        } catch {
            return .failure(.rejected(Self.rejection(error, in: name, expected: "a job-opening message with a schema.org JobPosting (DESIGN.md §7)")))
        }
        let matcher: Matcher
        switch self.matcher(engine, country: decoded.job.country, field: "jobLocation.address.addressCountry", in: name) {
        case .success(let m): matcher = m
        case .failure(let failure): return .failure(failure)
        }
        let floor = decoded.job.country.flatMap { matching.payFloors[$0] ?? matching.payFloors[String($0.prefix { $0 != "-" })] }
        let shortlist = matcher.shortlist(decoded.job, top: shortlistSize, payFloor: floor)
        return write(ShortlistJSON.encode(shortlist, notes: decoded.notes + shortlist.notes), to: "employers", context)
    }

    /// Returning migrants who fit an origin country's skills need, with their recognition
    /// routes home, to `outbox/reintegration/<id>.json`.
    private func skillsNeed(_ context: Context) -> Result<MessageEffects, Failure> {
        let name = context.message.name
        let engine = registry.engine
        let decoded: SkillsNeedDecoder.Decoded
        do { decoded = try SkillsNeedDecoder.decode(context.envelope, skill: engine.skillURI(forLabel:)) } catch {
            return .failure(.rejected(Self.rejection(error, in: name, expected: "a skills-need message as described in DESIGN.md §7")))
        }
        let matcher: Matcher
        switch self.matcher(engine, country: decoded.need.country, field: "country", in: name) {
        case .success(let m): matcher = m
        case .failure(let failure): return .failure(failure)
        }
        let list = matcher.reintegration(decoded.need, top: shortlistSize)
        return write(ReintegrationJSON.encode(list, notes: decoded.notes + list.notes), to: "reintegration", context)
    }

    /// The matcher on the current pool, once the country (if any) is known to have frameworks.
    private func matcher(_ engine: RecognitionEngine, country: String?, field: String, in name: String) -> Result<Matcher, Failure> {
        if let country, engine.destinationFrameworks(country).isEmpty {
            return .failure(.rejected(Rejection(
                .invalidContent, location: "\(name): \(field)", found: "'\(country)', for which no framework is installed",
                expected: "a country code (ISO 3166-1 or 3166-2) of an installed framework")))
        }
        do { return .success(Matcher(pool: try candidates.pool(engine: engine), engine: engine)) } catch {
            return .failure(.spool(SpoolError(path: name, operation: "read the candidate pool (\(error))", code: EIO)))
        }
    }

    /// An equivalence letter for a returning migrant, to `outbox/letters/<id>.json` (signed)
    /// and `<id>.pdf` (the same content, printed with the verification code).
    private func letterRequest(_ context: Context) -> Result<MessageEffects, Failure> {
        let name = context.message.name
        let decoded: LetterRequestDecoder.Decoded
        do { decoded = try LetterRequestDecoder.decode(context.envelope) } catch {
            return .failure(.rejected(Self.rejection(error, in: name, expected: "a letter-request message: person, credential, destination, language (DESIGN.md §7)")))
        }
        let engine = registry.engine
        let result: EquivalenceResult
        do { result = try engine.recognise(decoded.credential, destination: decoded.destination) } catch {
            return .failure(.rejected(Rejection(
                .invalidContent, location: "\(name): destination", found: "'\(decoded.destination)', for which no framework is installed",
                expected: "a country code (ISO 3166-1 or 3166-2) or a framework id: \(engine.set.sortedFrameworks.map(\.id).joined(separator: ", "))")))
        }
        let request = LetterRequest(
            id: decoded.id, person: decoded.person, credential: decoded.credential, destination: decoded.destination,
            language: LetterLanguage(rawValue: decoded.language) ?? .en)
        let letter = Letter(request: request, result: result, issued: String(context.processedAt.prefix(10)), issuer: letters.issuer) {
            engine.set.framework($0).map { $0.kind != .national } ?? false
        }
        let signed: SignedLetter
        do { signed = try SignedLetter.sign(letter, with: try letters.keyRing.activeKey()) } catch {
            return .failure(.spool(SpoolError(path: letters.keyRing.directory, operation: "sign the letter (\(error))", code: EIO)))
        }
        var outputs: [String] = []
        do {
            for (bytes, suffix) in [(signed.json, ".json"), (LetterPDF.render(letter, code: signed.verificationCode), ".pdf")] {
                let output = try spool.outboxFile("letters", name: context.envelope.id + suffix)
                try output.append(bytes)
                try output.commit(context.sync)
                outputs.append("outbox/letters/new/\(output.name)")
            }
        } catch {
            return .failure(.spool(error))
        }
        let entry = LedgerEntry(
            id: context.envelope.id, kind: context.envelope.kind, contentHash: context.contentHash, file: name, outputs: outputs, processedAt: context.processedAt)
        return .success(MessageEffects(entry: entry, candidates: []))
    }

    /// Every record of a person goes: their candidate row (with the ledger entry, in the
    /// group's transaction), their entries in the originals kept in done/ and rejected/, and
    /// their lines in results still waiting in the outboxes (rewritten durably before the commit).
    private func erasePerson(_ context: Context) -> Result<MessageEffects, Failure> {
        let name = context.message.name
        let person: String
        do { person = try PersonErasure.person(context.envelope) } catch {
            return .failure(.rejected(Self.rejection(error, in: name, expected: "an erase-person message: {\"kind\": \"erase-person\", \"id\": ..., \"person\": PERSON-ID}")))
        }
        let ref = candidates.ref(person)
        do {
            var removed = Set<String>()
            for path in try spool.personalDataFiles() where !removed.contains(path) {
                let bytes = try spool.contents(path, limit: 1 << 30)
                // Only files that mention the id or the pseudonym are parsed.
                guard bytes.firstRange(of: Array(person.utf8)) != nil || bytes.firstRange(of: Array(ref.utf8)) != nil else { continue }
                // A letter is about the person alone: its signed JSON and its PDF both go.
                if path.hasSuffix(".json"), SignedLetter.holderId(bytes) == person {
                    let pdf = String(path.dropLast(5)) + ".pdf"
                    try spool.remove(path, sync: context.sync)
                    try spool.remove(pdf, sync: context.sync)
                    removed.insert(pdf)
                    continue
                }
                guard let erased = PersonErasure.remove(person: person, ref: ref, from: bytes) else { continue }
                try spool.replace(path, with: erased, sync: context.sync)
            }
        } catch {
            return .failure(.spool(error))
        }
        let entry = LedgerEntry(
            id: context.envelope.id, kind: context.envelope.kind, contentHash: context.contentHash, file: name,
            outputs: [], processedAt: context.processedAt)
        return .success(MessageEffects(entry: entry, candidates: [], erasedPerson: person))
    }

    /// One result file for the message, and its ledger entry.
    private func write(_ bytes: [UInt8], to audience: String, _ context: Context) -> Result<MessageEffects, Failure> {
        let output: OutboxFile
        do {
            output = try spool.outboxFile(audience, name: context.envelope.id + ".json")
            try output.append(bytes)
            try output.commit(context.sync)
        } catch {
            return .failure(.spool(error))
        }
        let entry = LedgerEntry(
            id: context.envelope.id, kind: context.envelope.kind, contentHash: context.contentHash, file: context.message.name,
            outputs: ["outbox/\(audience)/new/\(output.name)"], processedAt: context.processedAt)
        return .success(MessageEffects(entry: entry, candidates: []))
    }

    /// A decoding error as a rejection: `expected X, found Y` is split into its two halves.
    static func rejection(_ error: MessageError, in name: String, expected fallback: String = "a credential-batch message as described in DESIGN.md §7") -> Rejection {
        let location = error.field.isEmpty ? name : "\(name): \(error.field)"
        if error.message.hasPrefix("expected "), let found = error.message.range(of: ", found ") {
            return Rejection(
                .invalidContent, location: location, found: String(error.message[found.upperBound...]),
                expected: String(error.message[error.message.index(error.message.startIndex, offsetBy: 9)..<found.lowerBound]))
        }
        return Rejection(.invalidContent, location: location, found: error.message, expected: fallback)
    }
}

/// The issuer named on letters and the keys that sign them (`paths.state/letter-keys`).
struct LetterIssuer: Sendable {
    var issuer: String
    var keyRing: KeyRing

    init(_ configuration: ParityConfiguration) {
        issuer = configuration.letters.issuer
        keyRing = KeyRing(directory: configuration.letterKeys)
    }
}
