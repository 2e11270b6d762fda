import Foundation
public import ParityCore

/// A credential given as an exchange document inside a message:
/// `{"document": {"format": "elm" | "elmo", "encoding": "base64" | "utf-8", "content": "..."}}`,
/// with optional fields beside it that the document may lack (`country`, `occupation`,
/// `evidence`, `checkedBy`). Each document gives one or more credentials, each with its
/// `source` and the document's authenticity. A document whose seal failed (changed after
/// sealing, an unknown critical header, a signer not valid then) is refused with the seal's
/// detail: nothing in it is used. The holder's name in the document is compared with the
/// message's person (the `owner` step) and goes no further.
enum DocumentField {
    static func credentials(
        _ item: MessageFields, person: Person?, documents: any ExchangeDocumentReader
    ) throws(MessageError) -> [Credential] {
        let document = try item.required("document")
        let formatField = try document.required("format")
        let formatName = try formatField.string()
        guard let format = DocumentFormat(rawValue: formatName), format != .hrxml else {
            throw formatField.fail(expected: "\"elm\" or \"elmo\"", found: "'\(formatName.prefix(20))'")
        }
        let encodingField = try document.optional("encoding")
        let encoding = try encodingField?.string() ?? "utf-8"
        let contentField = try document.required("content")
        let content = try contentField.string()
        let bytes: [UInt8]
        switch encoding {
        case "utf-8": bytes = Array(content.utf8)
        case "base64":
            guard let data = Data(base64Encoded: content, options: .ignoreUnknownCharacters) else {
                throw contentField.fail("expected base64 content, as 'encoding' says")
            }
            bytes = Array(data)
        default:
            throw (encodingField ?? document).fail(
                expected: "\"base64\" or \"utf-8\"", found: "'\(encoding.prefix(20))'")
        }
        let name = "\(item.source): \(document.path)"
        let reading: DocumentReading
        do { reading = try documents.read(bytes, name: name, expected: format) } catch {
            throw contentField.fail(error.description)
        }
        if reading.authenticity.verdict == .failed {
            let step = reading.authenticity.reason
            throw document.fail(
                "the document's seal failed (\(step?.step.rawValue ?? "seal"): \(step?.detail ?? "")): nothing in it is used; ask the holder for the issuer's original"
            )
        }
        if let holder = reading.holder, let named = person?.name, !Self.sameHolder(holder, named) {
            throw document.fail(
                "the document's holder is not the message's person (the names differ): check that the right document was attached"
            )
        }
        var authenticity = reading.authenticity
        if authenticity.verdict != .unsigned {
            authenticity.steps.append(
                reading.holder == nil
                    ? Authenticity.Step(
                        .owner, .skipped, "the document names no holder to compare with the message's person")
                    : person?.name == nil
                        ? Authenticity.Step(
                            .owner, .skipped, "the message gives no name to compare with the document's holder")
                        : Authenticity.Step(.owner, .ok, "the document's holder is the message's person"))
        }
        guard !reading.credentials.isEmpty else {
            throw document.fail(
                "no credential Parity can recognise is in the document: \(reading.warnings.prefix(3).joined(separator: "; "))"
            )
        }
        let country = try item.optional("country")?.string()
        let occupation = try item.optional("occupation")?.identifier()
        let evidence = try item.optional("evidence")?.choice(Credential.Evidence.self)
        let checkedBy = try MessageMapping.checkedBy(item)
        return try reading.credentials.map { read throws(MessageError) in
            var credential = read
            if credential.country.isEmpty {
                guard let country else {
                    throw document.fail(
                        "the document names no awarding country for '\(read.title.prefix(60))': give \"country\" beside \"document\""
                    )
                }
                credential.country = country
            }
            if let occupation { credential.occupation = occupation }
            if let evidence { credential.evidence = evidence }
            credential.checkedBy = checkedBy
            credential.source?.document = document.path
            credential.source?.notes = reading.warnings
            credential.source?.authenticity = authenticity
            return credential
        }
    }

    static func normalisedName(_ name: String) -> Set<String> {
        Set(
            name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
                .split { !$0.isLetter }.map(String.init))
    }

    /// Whether two spellings of a person's name can be the same person: every word of the
    /// shorter appears in the longer (order, case and accents aside).
    static func sameHolder(_ a: String, _ b: String) -> Bool {
        let x = normalisedName(a), y = normalisedName(b)
        guard !x.isEmpty, !y.isEmpty else { return false }
        return x.count <= y.count ? x.isSubset(of: y) : y.isSubset(of: x)
    }
}

/// A reader for places where no exchange document can stand (a stored candidate record):
/// one that is found anyway is refused, never read.
public struct NoExchangeDocuments: ExchangeDocumentReader {
    public init() {}

    public func read(_ bytes: [UInt8], name: String, expected: DocumentFormat?) throws(DocumentError) -> DocumentReading
    {
        throw DocumentError(.unreadable, at: name, "no exchange document is read here")
    }
}
