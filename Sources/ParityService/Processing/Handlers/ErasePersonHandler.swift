import ParityMessages
import ParitySpool

/// `erase-person`: every record of a person within the erasure's scope goes. The handler names
/// the person and their pseudonymous references; the store removes their candidate rows (with
/// the ledger entry, in the group's transaction; rows from before scopes too, since their
/// service is not known) and the `ErasureSweep` their entries in the files the spool keeps.
struct ErasePersonHandler: MessageHandler {
    func handle(_ message: IncomingMessage, _ snapshot: ProcessingSnapshot) throws(ProcessingFailure) -> HandlerOutcome
    {
        let person: String
        do { person = try PersonErasure.person(message.envelope) } catch {
            throw .rejected(
                .decoding(
                    error, in: message.name,
                    expected:
                        "an erase-person message: {\"kind\": \"erase-person\", \"id\": ..., \"person\": PERSON-ID}"))
        }
        let references = [
            message.scope: snapshot.pseudonyms.ref(scope: message.scope, personId: person),
            "": snapshot.pseudonyms.ref(scope: "", personId: person),
        ]
        return HandlerOutcome(results: [], erasure: HandlerOutcome.Erasure(person: person, references: references))
    }
}
