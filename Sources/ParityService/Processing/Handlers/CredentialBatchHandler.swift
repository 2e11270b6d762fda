import ParityCore
import ParityMessages
import ParitySpool
import ParityStore

/// `credential-batch`: every credential recognised in the batch's destination, the result for
/// `outbox/batches/<id>.json`, and the people who consented to matching for the pool.
struct CredentialBatchHandler: MessageHandler {
    func handle(_ message: IncomingMessage, _ snapshot: ProcessingSnapshot) throws(ProcessingFailure) -> HandlerOutcome
    {
        let name = message.name
        let decoded: BatchDecoder.Decoded
        do { decoded = try BatchDecoder.batch(message.envelope, documents: snapshot.frameworks.documents) } catch {
            throw .rejected(
                .decoding(error, in: name, expected: "a credential-batch message as described in DESIGN.md §7"))
        }
        let engine = snapshot.engine
        let destination = decoded.batch.destination
        // Checked first, so that a batch with no credentials is refused for it too.
        guard !engine.destinationFrameworks(destination).isEmpty || engine.knowsRequirements(of: destination),
            let result = try? engine.recognise(decoded.batch, rejected: decoded.rejected, on: message.day)
        else {
            throw .rejected(.unknownDestination(destination, in: name, engine: engine))
        }
        var outcome = HandlerOutcome(results: [
            ResultFile(
                audience: .batches, name: message.resultName("json"),
                body: .streamed { sink in try ResultJSON.encode(result, sink: sink) })
        ])
        // People who consent join the pool under (scope, person, destination); people in the
        // batch without that consent leave it (a consent withdrawn by a later batch).
        for entry in decoded.batch.people {
            let key = CandidateKey(scope: message.scope, personId: entry.person.id, destination: destination)
            guard entry.person.consent.matching else {
                outcome.withdrawn.append(key)
                continue
            }
            outcome.candidates.append(
                CandidateRecord(key: key, record: String(decoding: EntryJSON.encode(entry), as: UTF8.self)))
            outcome.pooled.append(snapshot.pseudonyms.candidate(entry, key: key, engine: engine))
        }
        outcome.versions = engine.set.versions
        return outcome
    }
}
