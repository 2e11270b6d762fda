import ParityCore
import ParityLetters
import ParityMessages
import ParitySpool

/// `letter-request`: an equivalence letter for a returning migrant, for
/// `outbox/letters/<scope>~<id>.json` (signed) and `.pdf` (the same content, printed with the
/// verification code).
struct LetterRequestHandler: MessageHandler {
    func handle(_ message: IncomingMessage, _ snapshot: ProcessingSnapshot) throws(ProcessingFailure) -> HandlerOutcome
    {
        let name = message.name
        let decoded: LetterRequestDecoder.Decoded
        do {
            decoded = try LetterRequestDecoder.decode(message.envelope, documents: snapshot.frameworks.documents)
        } catch {
            throw .rejected(
                .decoding(
                    error, in: name,
                    expected: "a letter-request message: person, credential, destination, language (DESIGN.md §7)"))
        }
        let engine = snapshot.engine
        guard
            let result = try? engine.recognise(
                decoded.credential, destination: decoded.destination, on: message.day,
                origin: decoded.person.residence)
        else {
            throw .rejected(.unknownDestination(decoded.destination, in: name, engine: engine))
        }
        let signer: ProcessingSnapshot.LetterSigner
        switch snapshot.letters {
        case .success(let loaded)?: signer = loaded
        case .failure(let problem)?:
            throw .retry(underlying: HandlerProblem(message: name, operation: "sign the letter", underlying: problem))
        case nil: throw .retry(underlying: PipelineError.noSigner(message: name))
        }
        if let refusal = Self.authenticityRefusal(decoded.credential, require: signer.require, in: name) {
            throw .rejected(refusal)
        }
        let request = LetterRequest(
            id: decoded.id, person: decoded.person, credential: decoded.credential, destination: decoded.destination,
            language: LetterLanguage(rawValue: decoded.language) ?? .en)
        let letter = Letter(
            request: request, result: result, issued: String(message.processedAt.prefix(10)), issuer: signer.issuer
        ) {
            engine.set.framework($0).map { $0.kind != .national } ?? false
        }
        let signed: SignedLetter
        do { signed = try SignedLetter.sign(letter, with: signer.key) } catch {
            throw .retry(underlying: HandlerProblem(message: name, operation: "sign the letter", underlying: error))
        }
        let pdf: [UInt8]
        do { pdf = try LetterPDF.render(letter, signed: signed) } catch {
            // The message's own text is refused; our labels or the framework data unprintable
            // means fonts are missing here: the message waits for the operator to install them.
            if case .unprintable(let field, let scalars) = error,
                field.hasPrefix("person.") || field.hasPrefix("credential.")
            {
                throw .rejected(
                    Rejection(
                        .invalidContent, location: "\(name): \(field)", found: LetterRenderError.unprintable(scalars),
                        expected:
                            "text that the installed fonts can print exactly, so that the letter does not misspell it"))
            }
            throw .retry(underlying: HandlerProblem(message: name, operation: "render the letter", underlying: error))
        }
        return HandlerOutcome(results: [
            ResultFile(audience: .letters, name: message.resultName("json"), body: .bytes(signed.json)),
            ResultFile(audience: .letters, name: message.resultName("pdf"), body: .bytes(pdf)),
        ])
    }

    /// Why the credential may not have a letter under `require`, if it may not: a letter vouches
    /// for nothing nobody checked (`[authenticity] require`, DESIGN.md §8d).
    static func authenticityRefusal(
        _ credential: Credential, require: ParityConfiguration.AuthenticitySettings.Requirement, in name: String
    ) -> Rejection? {
        let how = LetterAuthenticity(credential)
        switch (require, how.how) {
        case (.any, _), (_, .verified), (.attested, .attested): return nil
        default: break
        }
        let expected =
            require == .verified
            ? "a credential whose document carries a seal Parity verified ([authenticity] require = \"verified\")"
            : "a credential whose document carries a seal Parity verified, or \"checkedBy\" beside it: who at the "
                + "submitting service saw the original ([authenticity] require = \"attested\")"
        return Rejection(
            .unauthenticated, location: "\(name): credential", found: "\(how.how.rawValue): \(how.detail)",
            expected: expected)
    }
}
