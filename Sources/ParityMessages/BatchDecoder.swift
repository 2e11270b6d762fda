public import Foundation
public import ParityCore
import ParityJSON

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
    public static func json(
        _ data: Data, source: String, destination override: String? = nil, documents: any ExchangeDocumentReader
    ) throws(MessageError) -> Decoded {
        let envelope: MessageEnvelope
        do {
            envelope = try MessageEnvelope.read(
                [UInt8](data), source: source, maximumDepth: JSONParser.defaultMaximumDepth, documents: documents)
        } catch {
            throw MessageError(
                source: source, field: error.reason == .envelope ? error.location : "",
                message: error.reason == .envelope
                    ? "\(error.found); expected \(error.expected)" : "not valid JSON: \(error.location): \(error.found)"
            )
        }
        return try batch(envelope, destination: override, documents: documents)
    }

    /// The batch of an envelope already read (the daemon reads the envelope first, for every kind).
    /// `documents`: how ELM and ELMO documents in it are read (the installed frameworks' QDR levels).
    public static func batch(
        _ envelope: MessageEnvelope, destination override: String? = nil, documents: any ExchangeDocumentReader
    ) throws(MessageError) -> Decoded {
        let document = envelope.fields
        guard envelope.messageKind == .credentialBatch else {
            throw MessageError(
                source: document.source, field: "kind", expected: "\"credential-batch\"", found: "\"\(envelope.kind)\"")
        }
        let declared = try document.optional("destination")?.string()
        guard let destination = override ?? declared, !destination.isEmpty else {
            throw MessageError(source: document.source, field: "destination", message: "required field is missing")
        }
        var entries: [CredentialBatch.Entry] = []
        var rejected: [RejectedItem] = []
        for (index, item) in try document.required("people").array().enumerated() {
            do { entries.append(try MessageMapping.entry(item, documents: documents)) } catch {
                rejected.append(RejectedItem(location: "people[\(index)]", field: error.field, message: error.message))
            }
        }
        return Decoded(
            batch: CredentialBatch(id: envelope.id, destination: destination, people: entries), rejected: rejected)
    }
}
