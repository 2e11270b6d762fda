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
    @Flag(help: "Print the result as JSON.") var json = false
    @OptionGroup var options: ConfigOptions

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
            for parsed in credentials {
                let result: EquivalenceResult
                do { result = try engine.recognise(parsed, destination: destination) } catch let error
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
        out.append("  basis:")
        for b in r.basis { out.append("    - \(b)") }
        out.append(
            "  data: \(r.versions.data.map { "\($0.id)@\($0.contentHash.prefix(12))" }.joined(separator: " ")), engine \(r.versions.engine)"
        )
        return out.joined(separator: "\n")
    }
}
