import Foundation
import ParityCore
import ParityLetters
import ParityMessages
import ParitySpool
import ParityStore

/// What each message kind does.
struct KindHandlers: Sendable {
    let spool: Spool
    let database: any ParityStore
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
        /// The service the message was delivered for: the scope of its person ids.
        var scope: String
        var contentHash: String
        var processedAt: String
        var sync: DirectorySync
        /// For job openings and skills needs: the pool as `CausalOrder` says this message sees it.
        var pool: CandidatePool?
    }

    /// A message's effects, and the candidates a batch brings to the pool (the `Change` that
    /// `CausalOrder` applies once the batch's place in delivery order is passed).
    struct Done {
        var effects: MessageEffects
        var pooled: [Candidate] = []
        /// The data versions `pooled` was resolved with.
        var versions: [DataVersion] = []
    }

    enum Failure: Error {
        case rejected(Rejection)
        case spool(SpoolError)
    }

    func handle(_ context: Context) -> Result<Done, Failure> {
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
    private func credentialBatch(_ context: Context) -> Result<Done, Failure> {
        let name = context.message.name
        let decoded: BatchDecoder.Decoded
        do { decoded = try BatchDecoder.batch(context.envelope, documents: registry.documents) } catch {
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
            try output.stage(context.sync, output: "outbox/batches/new/\(output.name)")
        } catch {
            return .failure(.spool(error))
        }
        // People who consent join the pool under (scope, person, destination); people in the
        // batch without that consent leave it (a consent withdrawn by a later batch).
        var records: [CandidateRecord] = []
        var pooled: [Candidate] = []
        var withdrawn: [CandidateKey] = []
        for entry in decoded.batch.people {
            let key = CandidateKey(scope: context.scope, personId: entry.person.id, destination: decoded.batch.destination)
            guard entry.person.consent.matching else { withdrawn.append(key); continue }
            records.append(CandidateRecord(key: key, record: String(decoding: EntryJSON.encode(entry), as: UTF8.self)))
            pooled.append(candidates.candidate(entry, key: key, engine: engine))
        }
        let entry = LedgerEntry(
            id: context.envelope.id, kind: context.envelope.kind, contentHash: context.contentHash, file: name,
            outputs: ["outbox/batches/new/\(output.name)"], processedAt: context.processedAt)
        return .success(Done(effects: MessageEffects(entry: entry, scope: context.scope, candidates: records, withdrawn: withdrawn), pooled: pooled, versions: engine.set.versions))
    }

    /// The shortlist of a job opening, to `outbox/employers/<id>.json`: refused with its reasons
    /// when workers are charged fees; otherwise the best candidates after the safeguards.
    private func jobOpening(_ context: Context) -> Result<Done, Failure> {
        let name = context.message.name
        let engine = registry.engine
        let decoded: JobPostingDecoder.Decoded
        do {
            decoded = try JobPostingDecoder.decode(context.envelope, occupation: engine.isco(forOccupation:), skill: engine.skillURI(forLabel:))
        } catch {
            return .failure(.rejected(Self.rejection(error, in: name, expected: "a job-opening message with a schema.org JobPosting (DESIGN.md §7)")))
        }
        let matcher: Matcher
        switch self.matcher(engine, context, country: decoded.job.country, field: "jobLocation.address.addressCountry") {
        case .success(let m): matcher = m
        case .failure(let failure): return .failure(failure)
        }
        let floor = decoded.job.country.flatMap { matching.payFloors[$0] ?? matching.payFloors[String($0.prefix { $0 != "-" })] }
        let shortlist = matcher.shortlist(decoded.job, top: shortlistSize, payFloor: floor)
        return write(ShortlistJSON.encode(shortlist, notes: decoded.notes + shortlist.notes), to: "employers", context)
    }

    /// Returning migrants who fit an origin country's skills need, with their recognition
    /// routes home, to `outbox/reintegration/<id>.json`.
    private func skillsNeed(_ context: Context) -> Result<Done, Failure> {
        let name = context.message.name
        let engine = registry.engine
        let decoded: SkillsNeedDecoder.Decoded
        do { decoded = try SkillsNeedDecoder.decode(context.envelope, skill: engine.skillURI(forLabel:)) } catch {
            return .failure(.rejected(Self.rejection(error, in: name, expected: "a skills-need message as described in DESIGN.md §7")))
        }
        let matcher: Matcher
        switch self.matcher(engine, context, country: decoded.need.country, field: "country") {
        case .success(let m): matcher = m
        case .failure(let failure): return .failure(failure)
        }
        let list = matcher.reintegration(decoded.need, top: shortlistSize)
        return write(ReintegrationJSON.encode(list, notes: decoded.notes + list.notes), to: "reintegration", context)
    }

    /// The matcher on the message's pool, once the country (if any) is known to have frameworks.
    private func matcher(_ engine: RecognitionEngine, _ context: Context, country: String?, field: String) -> Result<Matcher, Failure> {
        let name = context.message.name
        if let country, engine.destinationFrameworks(country).isEmpty {
            return .failure(.rejected(Rejection(
                .invalidContent, location: "\(name): \(field)", found: "'\(country)', for which no framework is installed",
                expected: "a country code (ISO 3166-1 or 3166-2) of an installed framework")))
        }
        guard let pool = context.pool else {
            return .failure(.spool(SpoolError(path: name, operation: "match it: the processor gave no candidate pool", code: EIO)))
        }
        return .success(Matcher(pool: pool, engine: engine))
    }

    /// An equivalence letter for a returning migrant, to `outbox/letters/<id>.json` (signed)
    /// and `<id>.pdf` (the same content, printed with the verification code).
    private func letterRequest(_ context: Context) -> Result<Done, Failure> {
        let name = context.message.name
        let decoded: LetterRequestDecoder.Decoded
        do { decoded = try LetterRequestDecoder.decode(context.envelope, documents: registry.documents) } catch {
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
        let pdf: [UInt8]
        do { pdf = try LetterPDF.render(letter, signed: signed) } catch {
            // The message's own text is refused; our labels or the framework data unprintable
            // means fonts are missing here: the message waits for the operator to install them.
            if case .unprintable(let field, let scalars) = error, field.hasPrefix("person.") || field.hasPrefix("credential.") {
                return .failure(.rejected(Rejection(
                    .invalidContent, location: "\(name): \(field)", found: LetterRenderError.unprintable(scalars),
                    expected: "text that the installed fonts can print exactly, so that the letter does not misspell it")))
            }
            return .failure(.spool(SpoolError(path: name, operation: "render the letter (\(error))", code: EIO)))
        }
        var outputs: [String] = []
        do {
            for (bytes, suffix) in [(signed.json, ".json"), (pdf, ".pdf")] {
                let output = try spool.outboxFile("letters", name: context.envelope.id + suffix)
                try output.append(bytes)
                try output.stage(context.sync, output: "outbox/letters/new/\(output.name)")
                outputs.append("outbox/letters/new/\(output.name)")
            }
        } catch {
            return .failure(.spool(error))
        }
        let entry = LedgerEntry(
            id: context.envelope.id, kind: context.envelope.kind, contentHash: context.contentHash, file: name, outputs: outputs, processedAt: context.processedAt)
        return .success(Done(effects: MessageEffects(entry: entry, scope: context.scope, candidates: [])))
    }

    /// Every record of a person within the erasure's scope goes: their candidate rows (with the
    /// ledger entry, in the group's transaction; rows from before scopes too, since their
    /// service is not known), their entries in the originals kept in done/ and rejected/ and in
    /// results still waiting in the outboxes (rewritten durably before the commit). Another
    /// service's files keep their own person of the same id: there only the pseudonyms of this
    /// scope are looked for.
    private func erasePerson(_ context: Context) -> Result<Done, Failure> {
        let name = context.message.name
        let person: String
        do { person = try PersonErasure.person(context.envelope) } catch {
            return .failure(.rejected(Self.rejection(error, in: name, expected: "an erase-person message: {\"kind\": \"erase-person\", \"id\": ..., \"person\": PERSON-ID}")))
        }
        let refs = Array(Set([candidates.ref(scope: context.scope, personId: person), candidates.ref(scope: "", personId: person)]))
        do {
            var removed = Set<String>()
            for path in try spool.personalDataFiles() where !removed.contains(path) {
                let bytes = try spool.contents(path, limit: 1 << 30)
                // Only files that mention the id or a pseudonym are parsed.
                let mentionsId = bytes.firstRange(of: Array(person.utf8)) != nil
                guard mentionsId || refs.contains(where: { bytes.firstRange(of: Array($0.utf8)) != nil }) else { continue }
                let ours = mentionsId && belongs(path, bytes, to: context.scope)
                // A letter is about the person alone: its signed JSON and its PDF both go.
                if ours, path.hasSuffix(".json"), SignedLetter.holderId(bytes) == person {
                    let pdf = String(path.dropLast(5)) + ".pdf"
                    try spool.remove(path, sync: context.sync)
                    try spool.remove(pdf, sync: context.sync)
                    removed.insert(pdf)
                    continue
                }
                var erased: [UInt8]?
                for ref in refs {
                    // Another service's file: its own person of this id stays; only our pseudonyms go.
                    if let cut = PersonErasure.remove(person: ours ? person : "", ref: ref, from: erased ?? bytes) { erased = cut }
                }
                if let erased { try spool.replace(path, with: erased, sync: context.sync) }
            }
        } catch {
            return .failure(.spool(error))
        }
        let entry = LedgerEntry(
            id: context.envelope.id, kind: context.envelope.kind, contentHash: context.contentHash, file: name,
            outputs: [], processedAt: context.processedAt)
        let references = [context.scope: candidates.ref(scope: context.scope, personId: person), "": candidates.ref(scope: "", personId: person)]
        return .success(Done(effects: MessageEffects(entry: entry, scope: context.scope, candidates: [], erasedPerson: person, erasedReferences: references)))
    }

    /// Whether a kept file was delivered (or written for a message delivered) in `scope`: by the
    /// ledger's record of its message (done/ originals, outbox results named by message id), by
    /// its group and `service` field (rejected originals, never in the ledger). A file whose
    /// scope is not known (from before scopes) is taken to be in scope: an erasure errs on the
    /// side of the person.
    private func belongs(_ path: String, _ bytes: [UInt8], to scope: String) -> Bool {
        let fileName = String(path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...])
        let original = path.hasPrefix(spool.directory(.done) + "/") || path.hasPrefix(spool.directory(.rejected) + "/")
        // Only an original is read as a message: a result is named by its message's id.
        let envelope = original ? try? MessageEnvelope.read(bytes, source: fileName, maximumDepth: 64) : nil
        if path.hasPrefix(spool.directory(.rejected) + "/") {
            var info = stat()
            guard stat(path, &info) == 0 else { return true }
            return (envelope?.service ?? ProducerPolicy.groupScope(info.st_gid)) == scope
        }
        let id = original ? envelope?.id : String(fileName.prefix { $0 != "." })
        guard let id, let recorded = (try? database.ledgerScopes(ids: [id]))?[id] else { return true }
        return recorded == scope || recorded.isEmpty
    }

    /// One result file for the message, and its ledger entry.
    private func write(_ bytes: [UInt8], to audience: String, _ context: Context) -> Result<Done, Failure> {
        let output: OutboxFile
        do {
            output = try spool.outboxFile(audience, name: context.envelope.id + ".json")
            try output.append(bytes)
            try output.stage(context.sync, output: "outbox/\(audience)/new/\(output.name)")
        } catch {
            return .failure(.spool(error))
        }
        let entry = LedgerEntry(
            id: context.envelope.id, kind: context.envelope.kind, contentHash: context.contentHash, file: context.message.name,
            outputs: ["outbox/\(audience)/new/\(output.name)"], processedAt: context.processedAt)
        return .success(Done(effects: MessageEffects(entry: entry, scope: context.scope, candidates: [])))
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
