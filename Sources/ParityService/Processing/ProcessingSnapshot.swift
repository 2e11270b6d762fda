import ParityCore
import ParityLetters
import ParityMessages

/// Everything a handler may consult besides its message, taken once per group: the framework
/// set (with its engine and document options, from one read of the registry, so that a reload
/// never mixes two sets within one message), the matching settings, the pseudonym key and,
/// when the group holds a letter request, the letter signer.
struct ProcessingSnapshot: Sendable {
    var frameworks: FrameworkRegistry.Snapshot
    var matching: ParityConfiguration.MatchingSettings
    var pseudonyms: Pseudonyms
    /// The letter signer, or why its key could not be read; nil when no message of the group needs it.
    var letters: Result<LetterSigner, KeyError>?

    var engine: RecognitionEngine { frameworks.engine }

    /// Who signs letters, and the key that signs them now.
    struct LetterSigner: Sendable {
        var issuer: String
        var key: SigningKey
        /// What a credential's authenticity must be for a letter.
        var require: ParityConfiguration.AuthenticitySettings.Requirement = .attested
    }
}
