import Foundation
import ParityCore

/// JSON in and out of Parity: decoding documents into core types with errors that name the
/// field and what was expected, and encoding results deterministically (sorted keys, no
/// escaped slashes), so the same result is always the same bytes.
public enum MessageCodec {
    public static func decodeCredential(_ data: Data, source: String) throws(MessageError) -> Credential {
        try decode(Credential.self, data, source: source)
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ data: Data, source: String) throws(MessageError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw MessageError(source: source, decoding: error)
        } catch {
            throw MessageError(source: source, field: "", message: "\(error)")
        }
    }

    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types cannot fail; an empty object is never silently written.
        guard let data = try? encoder.encode(value) else { preconditionFailure("encoding \(T.self) failed") }
        return data
    }
}

/// A message or document that could not be read: where, what, and what was expected.
public struct MessageError: Error, Sendable, CustomStringConvertible {
    public var source: String
    /// Dotted path of the field (`credits.value`, `skills[2]`); empty for the whole document.
    public var field: String
    public var message: String

    public init(source: String, field: String, message: String) {
        self.source = source; self.field = field; self.message = message
    }

    init(source: String, decoding error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            self.init(source: source, field: parent.isEmpty ? key.stringValue : parent + "." + key.stringValue, message: "required field is missing")
        case .typeMismatch(let type, let context):
            self.init(source: source, field: path(context.codingPath), message: "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            self.init(source: source, field: path(context.codingPath), message: "expected \(Self.describe(type)), found null")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            let choices: [String: [String]] = [
                "mode": Credential.Mode.allCases.map(\.rawValue), "evidence": Credential.Evidence.allCases.map(\.rawValue),
            ]
            if let options = choices[context.codingPath.last?.stringValue ?? ""] {
                self.init(source: source, field: field, message: "expected one of \(options.joined(separator: ", "))")
            } else {
                let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                self.init(source: source, field: field, message: underlying ?? context.debugDescription)
            }
        @unknown default:
            self.init(source: source, field: "", message: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Int.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)".contains("Array") ? "a list" : "an object"
        }
    }

    public var description: String { field.isEmpty ? "\(source): \(message)" : "\(source): field '\(field)': \(message)" }
}
