import ArgumentParser
import Foundation
import ParityCore
import ParityDocuments
import ParityMessages
import ParityService
import ParityXML

struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Map one credential to its equivalents in a destination country or framework.",
        discussion: """
            Reads the frameworks from paths.frameworks; the daemon is not needed. The credential is a
            JSON object (title, country, framework, level, isced, occupation, skills, credits or
            durationYears, mode, evidence); see README.md. Exit status 0 whatever the outcome.
            """)

    @Option(
        name: .long,
        help:
            "Credential JSON file, an ELMO transcript or an ELM credential (each credential in it is matched), or - for standard input."
    ) var credential: String
    @Option(name: .customLong("to"), help: "Destination: country code (DE, GB-SCT, GB) or framework id.")
    var destination: String
    @Option(
        name: .long,
        help:
            "The day the destination's requirements are read for (YYYY-MM-DD): a trade test that starts later is not listed. Default: today (UTC)."
    ) var on: String?
    @Option(
        name: .long, help: "The country the worker comes from, when not the credential's (selects a trade-test track).")
    var from: String?
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var options: ConfigOptions

    /// The day requirements are read for: `--on`, or today in UTC.
    private func day() throws -> Int32 {
        let text = on ?? String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        guard let day = ISODate.day(text) else {
            throw Failure(lines: ["--on '\(text)': expected a date, YYYY-MM-DD"], code: 64)
        }
        return day
    }

    func run() async throws {
        try reporting {
            let configuration = try options.load()
            let data: Data
            if credential == "-" {
                data = Data(Console.current.input())
            } else {
                guard let contents = FileManager.default.contents(atPath: credential) else {
                    throw Failure(lines: ["\(credential): cannot read the credential file"], code: 66)
                }
                data = contents
            }
            let source = credential == "-" ? "stdin" : credential
            let set = try loadInstalled(configuration)
            var credentials: [Credential]
            if DocumentReader.isExchangeDocument(Array(data)) {
                // An ELMO transcript or an ELM credential: each credential in it, matched in turn.
                let reading: DocumentReading
                do {
                    reading = try DocumentReader.read(
                        Array(data), name: source,
                        options: .installed(
                            set, elmoSchema: DocumentSchemas.elmo(besideFrameworkSchema: configuration.paths.schema),
                            trust: try? configuration.trustStore()))
                } catch let error as DocumentError {
                    throw Failure(lines: [error.description], code: 65)
                }
                // A document whose seal failed is not what was sealed: nothing in it is matched.
                if reading.authenticity.verdict == .failed {
                    let step = reading.authenticity.reason
                    throw Failure(
                        lines: [
                            "\(source): its seal failed (\(step?.step.rawValue ?? "seal"): \(step?.detail ?? "")); see `parity read \(source)`"
                        ],
                        code: 1)
                }
                credentials = reading.credentials
                guard !credentials.isEmpty else {
                    throw Failure(
                        lines: ["\(source): no credential Parity can recognise in it (see `parity read \(source)`)"],
                        code: 65)
                }
                if let missing = credentials.firstIndex(where: { $0.country.isEmpty }) {
                    throw Failure(
                        lines: [
                            "\(source): '\(credentials[missing].title)' names no awarding country; give the credential as JSON with \"country\""
                        ], code: 65)
                }
            } else {
                do { credentials = [try MessageCodec.decodeCredential(data, source: source)] } catch let error
                    as MessageError
                {
                    throw Failure(lines: [error.description], code: 65)
                }
            }
            let engine = RecognitionEngine(set: set)
            let day = try day()
            for parsed in credentials {
                let result: EquivalenceResult
                do {
                    result = try engine.recognise(
                        parsed, destination: destination, on: day, origin: from, holding: credentials)
                } catch let error
                    as RecognitionError
                {
                    throw Failure(lines: [error.description], code: 64)
                }
                if json {
                    Console.current.out(ResultJSON.encode(result))
                    Console.current.out("\n")
                } else {
                    say(ResultText.render(result, credential: parsed))
                }
            }
        }
    }
}

/// The readable form of an equivalence result, for operators and counsellors.
enum ResultText {
    static func render(_ r: EquivalenceResult, credential: Credential) -> String {
        var out = [
            "\(credential.title) (\(credential.country)) -> \(r.destination): \(r.outcome.rawValue.uppercased())"
        ]
        if let origin = r.origin { out.append("  origin: \(origin)") }
        for (rank, e) in r.equivalents.enumerated() {
            out.append(
                "  \(rank + 1). \(e.framework) \(e.level) \(e.levelName)\(e.closestQualification.map { " ~ \($0)" } ?? "")  score \(e.score)  confidence \(e.confidence)"
            )
            for c in e.components { out.append("       \(c.name) \(c.value) (weight \(c.weight)): \(c.explanation)") }
            for c in e.conditions { out.append("       condition [\(c.measure.rawValue)]: \(c.difference)") }
        }
        for a in r.competentAuthorities {
            out.append("  regulated: \(a.profession) (ISCO \(a.isco), \(a.jurisdiction)): \(a.authority)")
        }
        for a in r.agreements { out.append("  agreement: \(a.name): \(a.conditions.joined(separator: " "))") }
        for q in r.requirements {
            let status = q.status == .confirmed ? "" : " [\(q.status.rawValue)]"
            let met = q.metBy.map { "MET by \($0)" } ?? "to meet"
            out.append("  requires (\(q.kind.rawValue), \(met))\(status): \(q.what)")
            out.append("       authority: \(q.authority)\(q.since.map { "; since \($0)" } ?? "")")
            if let place = q.place { out.append("       where: \(place)") }
            if let paidBy = q.paidBy { out.append("       paid by: \(paidBy)") }
            if let check = q.check { out.append("       check: \(check)") }
            out.append("       source: \(q.source)")
        }
        out.append("  basis:")
        for b in r.basis { out.append("    - \(b)") }
        out.append(
            "  data: \(r.versions.data.map { "\($0.id)@\($0.contentHash.prefix(12))" }.joined(separator: " ")), engine \(r.versions.engine)"
        )
        return out.joined(separator: "\n")
    }
}
