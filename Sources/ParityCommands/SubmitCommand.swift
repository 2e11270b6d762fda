import ArgumentParser
import Foundation
import ParityCore
import ParityDocuments
import ParityMessages
import ParityService
import ParitySpool

struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Deliver a message into the spool (Maildir: incoming/tmp, then incoming/new).",
        discussion: """
            FILE is a JSON message (DESIGN.md §7) or a CSV credential batch (columns as for `parity batch`),
            which is turned into a credential-batch message. The message is checked before delivery: a
            file the daemon would refuse (not JSON, no kind or id, too large, a CSV row in error) is
            not delivered. Exit status: 0 delivered, 64 usage, 65 the file is not a valid message,
            66 unreadable, 73 the spool cannot be written, 78 configuration.
            """)

    @Argument(help: "The message: FILE.json or FILE.csv.") var file: String
    @Option(help: "The message kind, for a JSON document that does not say it (it is added).") var kind: String?
    @Option(name: .customLong("to"), help: "Destination country or framework, for a CSV batch.") var destination:
        String?
    @Option(help: "Message id for a CSV batch (default: the file name without its extension).") var id: String?
    @OptionGroup var options: ConfigOptions

    func run() async throws {
        try reporting {
            let configuration = try options.load()
            guard let data = FileManager.default.contents(atPath: file) else {
                throw Failure(lines: ["\(file): cannot read the file"], code: 66)
            }
            var bytes: [UInt8]
            if file.lowercased().hasSuffix(".csv") {
                bytes = try csvMessage(data)
            } else {
                bytes = try jsonMessage(Array(data), depth: configuration.spool.maxJSONDepth)
            }
            guard bytes.count <= configuration.spool.maxMessageBytes else {
                throw Failure(
                    lines: [
                        "\(file): \(bytes.count) bytes; the daemon takes at most \(configuration.spool.maxMessageBytes) (spool.max_message_bytes): split the batch"
                    ], code: 65)
            }
            let envelope: MessageEnvelope
            do throws(MessageEnvelope.Failure) {
                envelope = try MessageEnvelope.read(
                    bytes, source: file, maximumDepth: configuration.spool.maxJSONDepth, documents: DocumentReader())
            } catch {
                throw Failure(lines: ["\(file): \(error.description)"], code: 65)
            }
            let spool = Spool(root: configuration.paths.spool)
            do {
                try spool.checkIncoming()
                let name = try spool.deliver(bytes)
                say("delivered \(name) (kind \(envelope.kind), id \(envelope.id)) to \(spool.incomingNew)")
            } catch {
                throw Failure(lines: ["\(error)"], code: 73)
            }
        }
    }

    private func csvMessage(_ data: Data) throws -> [UInt8] {
        guard let destination else { throw Failure(lines: ["a CSV batch needs --to COUNTRY"], code: 64) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Failure(lines: ["\(file): not UTF-8 text; save the spreadsheet as CSV UTF-8"], code: 65)
        }
        let batchId = id ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let decoded: BatchDecoder.Decoded
        do { decoded = try BatchCSV.decode(text, source: file, id: batchId, destination: destination) } catch {
            throw Failure(lines: [error.description], code: 65)
        }
        // A row left out here would be lost: the operator fixes the file first.
        guard decoded.rejected.isEmpty else {
            throw Failure(
                lines: decoded.rejected.map {
                    "\(file): \($0.location): \($0.field.isEmpty ? "" : "field '\($0.field)': ")\($0.message)"
                }
                    + ["nothing delivered: correct the rows above and submit again"], code: 65)
        }
        return Array(MessageCodec.encode(decoded.batch, pretty: false))
    }

    /// The document as it is, with `"kind"` added after the opening brace when `--kind` says it.
    private func jsonMessage(_ bytes: [UInt8], depth: Int) throws -> [UInt8] {
        let declared: String?
        do {
            declared = try MessageEnvelope.read(bytes, source: file, maximumDepth: depth, documents: DocumentReader())
                .kind
        } catch {
            guard let kind, error.location == "kind" else {
                throw Failure(lines: ["\(file): \(error.description)"], code: 65)
            }
            guard MessageEnvelope.kinds.contains(kind) else {
                throw Failure(
                    lines: ["--kind \(kind): expected one of \(MessageEnvelope.kinds.joined(separator: ", "))"],
                    code: 64)
            }
            guard let brace = bytes.firstIndex(of: UInt8(ascii: "{")) else {
                throw Failure(lines: ["\(file): not a JSON object"], code: 65)
            }
            var out = bytes
            out.insert(contentsOf: Array("\"kind\":\"\(kind)\",".utf8), at: brace + 1)
            return out
        }
        if let kind, let declared, kind != declared {
            throw Failure(lines: ["\(file): the message says kind '\(declared)', not '\(kind)'"], code: 65)
        }
        return bytes
    }
}
