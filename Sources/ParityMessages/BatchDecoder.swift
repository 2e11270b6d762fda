import Foundation
import ParityCore

/// Reads credential batches: the JSON `credential-batch` message, or the CSV that employment
/// services keep in spreadsheets (header in `BatchCSV.columns`). A bad entry or row is
/// reported with where, which field and what was expected; the rest of the batch goes on.
public enum BatchDecoder {
    public struct Decoded: Sendable {
        public var batch: CredentialBatch
        public var rejected: [RejectedItem]
    }

    /// A JSON batch. Structural problems of the envelope (kind, id, destination) fail the whole
    /// batch; a problem inside one person's entry rejects that entry only.
    public static func json(_ data: Data, source: String, destination override: String? = nil) throws(MessageError) -> Decoded {
        let envelope = try MessageCodec.decode(Envelope.self, data, source: source)
        guard envelope.kind == "credential-batch" else {
            throw MessageError(source: source, field: "kind", message: "expected \"credential-batch\", found \"\(envelope.kind)\"")
        }
        guard let destination = override ?? envelope.destination, !destination.isEmpty else {
            throw MessageError(source: source, field: "destination", message: "required field is missing")
        }
        var entries: [CredentialBatch.Entry] = []
        var rejected: [RejectedItem] = []
        for (index, item) in envelope.people.enumerated() {
            switch item.result {
            case .success(let entry): entries.append(entry)
            case .failure(let error):
                let problem = MessageError(source: source, decoding: error)
                rejected.append(RejectedItem(location: "people[\(index)]", field: problem.field, message: problem.message))
            }
        }
        return Decoded(batch: CredentialBatch(id: envelope.id, destination: destination, people: entries), rejected: rejected)
    }

    private struct Envelope: Decodable {
        var kind: String
        var id: String
        var destination: String?
        var people: [Lenient]
    }

    /// Decodes one entry without letting its failure fail the array.
    private struct Lenient: Decodable {
        var result: Result<CredentialBatch.Entry, DecodingError>
        init(from decoder: any Decoder) throws {
            do { result = .success(try CredentialBatch.Entry(from: decoder)) } catch let error as DecodingError {
                result = .failure(error)
            }
        }
    }
}
