public import ParityCore

/// A `letter-request` message (DESIGN.md §7): the person (`id`, optional `name`), the
/// credential as in a batch, the destination to compare it in, and the letter's language.
public enum LetterRequestDecoder {
    public struct Decoded: Sendable {
        public var id: String
        public var person: Person
        public var credential: Credential
        public var destination: String
        /// One of `languages`.
        public var language: String
    }

    /// The letter's label languages (ParityLetters' `LetterLanguage`, which a test keeps equal).
    public static let languages = ["en", "fr", "es", "de", "pt", "ar"]

    /// `documents`: how an ELM or ELMO credential is read (the installed frameworks' QDR levels).
    public static func decode(
        _ envelope: MessageEnvelope, documents: any ExchangeDocumentReader
    ) throws(MessageError) -> Decoded {
        let f = envelope.fields
        let person = try MessageMapping.person(try f.required("person"))
        let credentialField = try f.required("credential")
        let credential: Credential
        if try credentialField.optional("document") != nil {
            let read = try DocumentField.credentials(credentialField, person: person, documents: documents)
            let select = try credentialField.optional("select")?.count()
            if let select {
                guard select < read.count else {
                    throw credentialField.fail(
                        "'select' is \(select), but the document holds \(read.count) credential(s) (0 to \(read.count - 1))"
                    )
                }
                credential = read[select]
            } else {
                guard read.count == 1 else {
                    throw credentialField.fail(
                        "the document holds \(read.count) credentials (\(read.prefix(5).enumerated().map { "\($0.offset): \($0.element.title)" }.joined(separator: "; "))); give \"select\": N beside \"document\" for the one the letter is about"
                    )
                }
                credential = read[0]
            }
        } else {
            credential = try MessageMapping.credential(credentialField)
        }
        let destination = try f.required("destination").string()
        guard !destination.isEmpty else {
            throw try f.required("destination").fail(
                expected: "a country code or a framework id", found: "an empty string")
        }
        let languageField = try f.required("language")
        let language = try languageField.string()
        guard languages.contains(language) else {
            throw languageField.fail(
                expected: "one of \(languages.joined(separator: ", "))", found: "'\(language.prefix(20))'")
        }
        return Decoded(
            id: envelope.id, person: person, credential: credential, destination: destination, language: language)
    }
}
