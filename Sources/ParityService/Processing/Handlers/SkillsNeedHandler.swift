import ParityCore
import ParityMessages
import ParitySpool

/// `skills-need`: the returning migrants who fit an origin country's need, with their
/// recognition routes home, for `outbox/reintegration/<id>.json`.
struct SkillsNeedHandler: MessageHandler {
    func handle(_ message: IncomingMessage, _ snapshot: ProcessingSnapshot) throws(ProcessingFailure) -> HandlerOutcome
    {
        let engine = snapshot.engine
        let decoded: SkillsNeedDecoder.Decoded
        do { decoded = try SkillsNeedDecoder.decode(message.envelope, skill: engine.skillURI(forLabel:)) } catch {
            throw .rejected(
                .decoding(error, in: message.name, expected: "a skills-need message as described in DESIGN.md §7"))
        }
        let matcher = try message.matcher(engine, country: decoded.need.country, field: "country")
        let list = matcher.reintegration(decoded.need, top: snapshot.matching.shortlistSize)
        let bytes = ReintegrationJSON.encode(list, notes: decoded.notes + list.notes)
        var outcome = HandlerOutcome(results: [
            ResultFile(audience: .reintegration, name: message.resultName("json"), body: .bytes(bytes))
        ])
        outcome.holders = Set(list.returnees.map(\.ref))
        return outcome
    }
}
