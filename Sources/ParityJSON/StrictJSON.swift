/// Reads a letter file, which holds strings, booleans, arrays and objects only: anything else
/// (numbers, null, duplicate keys, trailing bytes, invalid UTF-8, nesting deeper than 16) is
/// refused with its byte offset. A file to verify comes from anywhere, so the grammar is kept
/// this narrow. It is the same parser as every other JSON Parity reads, with a narrower grammar.
public enum StrictJSON {
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public var offset: Int
        public var expected: String
        public var description: String { "at byte \(offset): \(expected)" }
    }

    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> CanonicalJSON {
        let document: JSONDocument
        do { document = try JSONParser.parse(bytes, maximumDepth: 16, grammar: .withoutNumbersOrNull) } catch {
            throw SyntaxError(offset: error.offset, expected: error.message)
        }
        return try canonical(document, 0)
    }

    private static func canonical(_ document: JSONDocument, _ i: Int) throws(SyntaxError) -> CanonicalJSON {
        switch document.nodes[i].kind {
        case .string: return .string(document.string(i))
        case .bool: return .bool(document.nodes[i].flag)
        case .array:
            var items: [CanonicalJSON] = []
            for item in document.items(i) { items.append(try canonical(document, item)) }
            return .array(items)
        case .object:
            var members: [String: CanonicalJSON] = [:]
            var at = i + 1
            for _ in 0..<document.nodes[i].a {
                members[document.string(at)] = try canonical(document, at + 1)
                at = document.next(at + 1)
            }
            return .object(members)
        case .number, .null:
            // The grammar refuses them while parsing; kept as a refusal, never coerced.
            throw SyntaxError(offset: 0, expected: "no numbers or null in this document")
        }
    }
}
