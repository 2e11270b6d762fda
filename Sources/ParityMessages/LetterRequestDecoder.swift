import ParityCore

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

    public static func decode(_ envelope: MessageEnvelope) throws(MessageError) -> Decoded {
        let f = envelope.fields
        let person = try MessageMapping.person(try f.required("person"))
        let credential = try MessageMapping.credential(try f.required("credential"))
        let destination = try f.required("destination").string()
        guard !destination.isEmpty else { throw try f.required("destination").fail("expected a country code or a framework id, found an empty string") }
        let languageField = try f.required("language")
        let language = try languageField.string()
        guard languages.contains(language) else { throw languageField.fail("expected one of \(languages.joined(separator: ", ")), found '\(language.prefix(20))'") }
        return Decoded(id: envelope.id, person: person, credential: credential, destination: destination, language: language)
    }
}
