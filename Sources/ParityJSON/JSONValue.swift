/// A JSON value as a tree, for documents read by property name and walked freely (ELM's
/// JSON-LD), where the message decoders' path-tracking fields would be in the way.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func parse(_ bytes: [UInt8]) throws(JSONParser.SyntaxError) -> JSONValue {
        let document = try JSONParser.parse(bytes)
        return document.value(0)
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// ELM's "one value or a list": always a list (empty when absent or null).
    public var list: [JSONValue] {
        switch self {
        case .array(let items): items
        case .null: []
        default: [self]
        }
    }

    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var number: Double? {
        switch self {
        case .number(let n): n
        case .string(let s): Double(s)
        default: nil
        }
    }
    public var id: String? { self["id"]?.string }
    /// `type` holds this name (alone or in a list).
    public func isType(_ name: String) -> Bool { self["type"]?.list.contains { $0.string == name } ?? false }

    /// A language map ({"en": "...", "fi": "..."}), a list of them, or a plain string: the
    /// English text, else the first.
    public var text: String? {
        switch self {
        case .string(let s): return s.isEmpty ? nil : s
        case .array(let items): return items.lazy.compactMap(\.text).first
        case .object(let members):
            if let en = members.first(where: { $0.key.lowercased().hasPrefix("en") })?.value.text { return en }
            return members.lazy.compactMap { $0.value.text }.first
        default: return nil
        }
    }
}

extension JSONDocument {
    public func value(_ i: Int) -> JSONValue {
        switch nodes[i].kind {
        case .null: return .null
        case .bool: return .bool(nodes[i].flag)
        case .number: return .number(number(i))
        case .string: return .string(string(i))
        case .array: return .array(items(i).map(value))
        case .object:
            var members: [(key: String, value: JSONValue)] = []
            var at = i + 1
            for _ in 0..<nodes[i].a {
                members.append((string(at), value(at + 1)))
                at = next(at + 1)
            }
            return .object(members)
        }
    }
}
