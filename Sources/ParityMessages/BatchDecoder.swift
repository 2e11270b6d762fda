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
        let document = try MessageCodec.document(data, source: source)
        let kind = try document.required("kind").string()
        guard kind == "credential-batch" else {
            throw MessageError(source: source, field: "kind", message: "expected \"credential-batch\", found \"\(kind)\"")
        }
        let id = try document.required("id").identifier()
        let declared = try document.optional("destination")?.string()
        guard let destination = override ?? declared, !destination.isEmpty else {
            throw MessageError(source: source, field: "destination", message: "required field is missing")
        }
        var entries: [CredentialBatch.Entry] = []
        var rejected: [RejectedItem] = []
        for (index, item) in try document.required("people").array().enumerated() {
            do { entries.append(try MessageMapping.entry(item)) } catch {
                rejected.append(RejectedItem(location: "people[\(index)]", field: error.field, message: error.message))
            }
        }
        return Decoded(batch: CredentialBatch(id: id, destination: destination, people: entries), rejected: rejected)
    }
}
