import ArgumentParser
import Foundation
import ParityCore
import ParityDocuments
import ParityMessages
import ParityService
import ParityXML

struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Recognise a credential batch (CSV or JSON) and write the result as JSON and a CSV summary.",
        discussion: """
            CSV columns (header row required, any order): \(BatchCSV.columns.joined(separator: ","));
            required: person_id, title, country; lists separated by ';'. A JSON file is a credential-batch
            message. Bad rows are reported with their line and field and the rest is processed;
            the exit status is 2 when some rows were rejected, 0 when none were.
            """)

    @Argument(help: "The batch: FILE.csv or FILE.json.") var file: String
    @Option(
        name: .customLong("to"), help: "Destination: country code or framework id (for JSON, overrides the message's).")
    var destination: String?
    @Option(help: "Batch id for a CSV file (default: the file name).") var id: String?
    @Option(
        help:
            "Output prefix: writes PREFIX.result.json and PREFIX.summary.csv (default: the input without its extension)."
    ) var output: String?
    @OptionGroup var options: ConfigOptions

    func run() async throws {
        var rejectedRows = false
        try reporting {
            let configuration = try options.load()
            guard let data = FileManager.default.contents(atPath: file) else {
                throw Failure(lines: ["\(file): cannot read the batch file"], code: 66)
            }
            let base = (file as NSString).deletingPathExtension
            let decoded: BatchDecoder.Decoded
            do {
                if file.lowercased().hasSuffix(".json") {
                    decoded = try BatchDecoder.json(
                        data, source: file, destination: destination, documents: DocumentReader())
                } else {
                    guard let destination else { throw Failure(lines: ["a CSV batch needs --to COUNTRY"], code: 64) }
                    guard let text = String(data: data, encoding: .utf8) else {
                        throw Failure(lines: ["\(file): not UTF-8 text; save the spreadsheet as CSV UTF-8"], code: 65)
                    }
                    decoded = try BatchCSV.decode(
                        text, source: file, id: id ?? (base as NSString).lastPathComponent, destination: destination)
                }
            } catch let error as MessageError {
                throw Failure(lines: [error.description], code: 65)
            }
            let set = try loadInstalled(configuration)
            let result: BatchResult
            do {
                result = try RecognitionEngine(set: set).recognise(decoded.batch, rejected: decoded.rejected)
            } catch let error as RecognitionError {
                throw Failure(lines: [error.description], code: 64)
            }
            let prefix = output ?? base
            do {
                try Data(ResultJSON.encode(result)).write(
                    to: URL(fileURLWithPath: prefix + ".result.json"), options: .atomic)
                try Data(BatchSummary.csv(result).utf8).write(
                    to: URL(fileURLWithPath: prefix + ".summary.csv"), options: .atomic)
            } catch {
                throw Failure(
                    lines: ["cannot write \(prefix).result.json / .summary.csv: \(error.localizedDescription)"],
                    code: 73)
            }
            var outcomes: [String: Int] = [:]
            for line in result.results { outcomes[line.result.outcome.rawValue, default: 0] += 1 }
            say(
                "\(result.results.count) result(s): "
                    + outcomes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            for item in result.rejected {
                Console.current.err(
                    "parity: \(file): \(item.location): \(item.field.isEmpty ? "" : "field '\(item.field)': ")\(item.message)\n"
                )
            }
            say("wrote \(prefix).result.json and \(prefix).summary.csv")
            rejectedRows = !result.rejected.isEmpty
        }
        if rejectedRows { throw ExitCode(2) }
    }
}
