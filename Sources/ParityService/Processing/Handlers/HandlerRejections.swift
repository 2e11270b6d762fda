import ParityCore
import ParityMessages
import ParitySpool

/// The refusals several handlers share, worded once.
extension Rejection {
    /// A decoding error as a rejection, in message `name`.
    static func decoding(_ error: MessageError, in name: String, expected fallback: String) -> Rejection {
        let location = error.field.isEmpty ? name : "\(name): \(error.field)"
        if let expected = error.expected, let found = error.found {
            return Rejection(.invalidContent, location: location, found: found, expected: expected)
        }
        return Rejection(.invalidContent, location: location, found: error.message, expected: fallback)
    }

    /// A destination (country or framework id) for which nothing is installed.
    static func unknownDestination(
        _ destination: String, in name: String, field: String = "destination", engine: RecognitionEngine
    ) -> Rejection {
        Rejection(
            .invalidContent, location: "\(name): \(field)",
            found: "'\(destination)', for which no framework is installed",
            expected:
                "a country code (ISO 3166-1 or 3166-2) or a framework id: \(engine.set.sortedFrameworks.map(\.id).joined(separator: ", "))"
        )
    }
}

extension IncomingMessage {
    /// The matcher on this reader's pool, once the country it names (if any) is known to have frameworks.
    func matcher(_ engine: RecognitionEngine, country: String?, field: String) throws(ProcessingFailure) -> Matcher {
        if let country, engine.destinationFrameworks(country).isEmpty {
            throw .rejected(
                Rejection(
                    .invalidContent, location: "\(name): \(field)",
                    found: "'\(country)', for which no framework is installed",
                    expected: "a country code (ISO 3166-1 or 3166-2) of an installed framework"))
        }
        guard let pool else { throw .retry(underlying: PipelineError.noPool(message: name)) }
        return Matcher(pool: pool, engine: engine)
    }
}

/// A fault of the pipeline itself, not of the message: it is tried again.
enum PipelineError: Error, CustomStringConvertible {
    case noPool(message: String)
    case noSigner(message: String)
    /// An earlier message of the group hit a full disk or a failed commit: the rest goes back.
    case groupStopped(outOfSpace: Bool)

    var description: String {
        switch self {
        case .noPool(let name): "\(name): the pipeline gave a reader no candidate pool"
        case .noSigner(let name): "\(name): the pipeline loaded no letter signing key"
        case .groupStopped(let full):
            "put back: " + (full ? "the disk or the database is full" : "the group's commit failed")
        }
    }

    var isOutOfSpace: Bool { if case .groupStopped(true) = self { true } else { false } }
}
