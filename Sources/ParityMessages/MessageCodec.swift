public import Foundation
public import ParityCore
import ParityJSON

/// JSON in and out of Parity: message documents parsed (depth-limited) and mapped to core types
/// with errors that name the field and what was expected; values encoded deterministically
/// (sorted keys, no escaped slashes), so the same result is always the same bytes.
public enum MessageCodec {
    public static func decodeCredential(_ data: Data, source: String) throws(MessageError) -> Credential {
        try MessageMapping.credential(try document(data, source: source))
    }

    /// Parses a message document (depth-limited) into fields for mapping.
    static func document(_ data: Data, source: String) throws(MessageError) -> MessageFields {
        do {
            return MessageFields(document: try JSONParser.parse([UInt8](data)), path: "", source: source)
        } catch {
            throw MessageError(source: source, field: "", message: "not valid JSON: \(error.description)")
        }
    }

    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types cannot fail; an empty object is never silently written.
        guard let data = try? encoder.encode(value) else { preconditionFailure("encoding \(T.self) failed") }
        return data
    }
}

/// A message or document that could not be read: where, what, and what was expected.
/// A field that held the wrong thing carries `expected` and `found` apart, so that a rejection
/// can name both without parsing `message`.
public struct MessageError: Error, Sendable, CustomStringConvertible {
    public var source: String
    /// Dotted path of the field (`credits.value`, `skills[2]`); empty for the whole document.
    public var field: String
    /// What was expected there and what was found, when the problem is of that shape.
    public var expected: String?
    public var found: String?
    private var text: String?

    /// The problem in a sentence: `expected X, found Y`, or the text given.
    public var message: String { text ?? "expected \(expected ?? "something else"), found \(found ?? "nothing")" }

    public init(source: String, field: String, message: String) {
        self.source = source; self.field = field; self.text = message
    }

    public init(source: String, field: String, expected: String, found: String) {
        self.source = source; self.field = field; self.expected = expected; self.found = found
    }

    public var description: String {
        field.isEmpty ? "\(source): \(message)" : "\(source): field '\(field)': \(message)"
    }
}
