import ParityCore
import ParityMessages
import ParitySpool

/// `job-opening`: the shortlist for `outbox/employers/<id>.json`, refused with its reasons when
/// workers are charged fees; otherwise the best candidates of the pool this job sees, after the
/// safeguards.
struct JobOpeningHandler: MessageHandler {
    func handle(_ message: IncomingMessage, _ snapshot: ProcessingSnapshot) throws(ProcessingFailure) -> HandlerOutcome
    {
        let engine = snapshot.engine
        let decoded: JobPostingDecoder.Decoded
        do {
            decoded = try JobPostingDecoder.decode(
                message.envelope, occupation: engine.isco(forOccupation:), skill: engine.skillURI(forLabel:))
        } catch {
            throw .rejected(
                .decoding(
                    error, in: message.name,
                    expected: "a job-opening message with a schema.org JobPosting (DESIGN.md §7)"))
        }
        let matcher = try message.matcher(
            engine, country: decoded.job.country, field: "jobLocation.address.addressCountry")
        let floors = snapshot.matching.payFloors
        let floor = decoded.job.country.flatMap { floors[$0] ?? floors[String($0.prefix { $0 != "-" })] }
        // The requirements in force when the job starts (or now, when it names no start).
        let day = decoded.job.startDate.flatMap(ISODate.day) ?? message.day
        let shortlist = matcher.shortlist(
            decoded.job, top: snapshot.matching.shortlistSize, payFloor: floor, on: day)
        let bytes = ShortlistJSON.encode(shortlist, notes: decoded.notes + shortlist.notes)
        var outcome = HandlerOutcome(results: [
            ResultFile(audience: .employers, name: message.resultName("json"), body: .bytes(bytes))
        ])
        outcome.holders = Set(shortlist.candidates.map(\.ref))
        return outcome
    }
}
