import ParityCore
import ParityJSON

/// What an `erase-person` message does to a JSON document the spool holds: the elements that
/// belong to the person are cut out of its list, byte for byte, and the rest is left as it was.
/// - a credential batch (`people[].person.id`), a batch result (`results[].person`),
/// - a shortlist (`candidates[].ref`) or a reintegration list (`returnees[].ref`), by pseudonym,
/// - a document about the person alone (a letter request's `person.id`, an erasure's `person`)
///   becomes `{"erased":true,"id":...,"kind":...}`.
public enum PersonErasure {
    /// The person an `erase-person` message names: `"person": ID` or `"person": {"id": ID}`.
    public static func person(_ envelope: MessageEnvelope) throws(MessageError) -> String {
        let field = try envelope.fields.required("person")
        return field.isObject ? try field.required("id").identifier() : try field.identifier()
    }

    /// Who a kept JSON document holds, as decoded (escapes resolved, so `"jos\u00e9-1"` is
    /// `josé-1`): person ids (`person`, `person.id`, `people[].person.id`, `results[].person`)
    /// and pseudonymous references (`candidates[].ref`, `returnees[].ref`). Nothing for a file
    /// that is not a JSON object: it cannot be matched by decoding either.
    public static func mentions(in bytes: [UInt8]) -> (ids: Set<String>, refs: Set<String>) {
        guard let document = try? JSONParser.parse(bytes), document.nodes.first?.kind == .object else {
            return ([], [])
        }
        return mentions(MessageFields(document: document, path: "", source: ""))
    }

    /// The same, for a message as read (the `PositionOpening` of an HR-XML message holds no person).
    public static func mentions(in envelope: MessageEnvelope) -> (ids: Set<String>, refs: Set<String>) {
        mentions(envelope.fields)
    }

    private static func mentions(_ root: MessageFields) -> (ids: Set<String>, refs: Set<String>) {
        var ids = Set<String>(), refs = Set<String>()
        if let p = try? root.optional("person") {
            if let id = try? p.string() {
                ids.insert(id)
            } else if let id = try? p.optional("id")?.string() {
                ids.insert(id)
            }
        }
        for entry in (try? root.optional("people")?.array()) ?? [] {
            if let id = try? entry.optional("person")?.optional("id")?.string() { ids.insert(id) }
        }
        for entry in (try? root.optional("results")?.array()) ?? [] {
            if let id = try? entry.optional("person")?.string() { ids.insert(id) }
        }
        for key in ["candidates", "returnees"] as [StaticString] {
            for entry in (try? root.optional(key)?.array()) ?? [] {
                if let ref = try? entry.optional("ref")?.string() { refs.insert(ref) }
            }
        }
        return (ids, refs)
    }

    /// The document without the person; nil when nothing in it refers to them.
    public static func remove(person: String, ref: String, from bytes: [UInt8]) -> [UInt8]? {
        guard let document = try? JSONParser.parse(bytes), document.nodes.first?.kind == .object else { return nil }
        let root = MessageFields(document: document, path: "", source: "")
        // A document about this one person.
        if let p = try? root.optional("person"),
            (p.isString && (try? p.string()) == person) || ((try? p.optional("id")?.string()) == person)
        {
            var w = JSONWriter(capacity: 128)
            w.object { w in
                w.key("erased"); w.bool(true)
                if let id = try? root.optional("id")?.identifier() { w.key("id"); w.string(id) }
                if let kind = try? root.optional("kind")?.string() { w.key("kind"); w.string(kind) }
            }
            return w.bytes
        }
        for (key, belongs) in [
            ("people", { (e: MessageFields) in (try? e.optional("person")?.optional("id")?.string()) == person }),
            ("results", { (e: MessageFields) in (try? e.optional("person")?.string()) == person }),
            ("candidates", { (e: MessageFields) in (try? e.optional("ref")?.string()) == ref }),
            ("returnees", { (e: MessageFields) in (try? e.optional("ref")?.string()) == ref }),
        ] as [(String, (MessageFields) -> Bool)] {
            guard let span = ArraySpan.find(key, in: bytes), !span.elements.isEmpty else { continue }
            var keep: [Range<Int>] = []
            for element in span.elements {
                guard let parsed = try? JSONParser.parse(Array(bytes[element])) else { return nil }
                if !belongs(MessageFields(document: parsed, path: "", source: "")) { keep.append(element) }
            }
            if keep.count == span.elements.count { continue }
            var out = Array(bytes[..<span.open])
            for (i, range) in keep.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out += bytes[range]
            }
            out += bytes[span.close...]
            return out
        }
        return nil
    }
}

/// Where a top-level member's array and its elements lie in the bytes of a valid JSON object.
struct ArraySpan {
    /// Just after `[`, and at `]`.
    var open: Int
    var close: Int
    var elements: [Range<Int>]

    static func find(_ key: String, in bytes: [UInt8]) -> ArraySpan? {
        let name = Array(key.utf8)
        var i = 0, depth = 0
        var lastString: Range<Int>?
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                let start = i + 1
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                lastString = start..<min(i, bytes.count)
            case UInt8(ascii: "{"): depth += 1; lastString = nil
            case UInt8(ascii: "}"): depth -= 1; lastString = nil
            case UInt8(ascii: "["):
                if depth == 1, let s = lastString, bytes[s].elementsEqual(name) {
                    return elements(in: bytes, from: i + 1)
                }
                depth += 1; lastString = nil
            case UInt8(ascii: "]"): depth -= 1; lastString = nil
            case UInt8(ascii: ","): lastString = nil
            default: break
            }
            i += 1
        }
        return nil
    }

    /// The elements of the array whose `[` is just before `start`.
    private static func elements(in bytes: [UInt8], from start: Int) -> ArraySpan? {
        var elements: [Range<Int>] = []
        var i = start, depth = 0
        var elementStart: Int?
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        while i < bytes.count {
            let b = bytes[i]
            if elementStart == nil && !isSpace(b) && b != UInt8(ascii: "]") && b != UInt8(ascii: ",") {
                elementStart = i
            }
            switch b {
            case UInt8(ascii: "\""):
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: "]"):
                if depth == 0 {
                    if let s = elementStart { elements.append(s..<trimmed(bytes, s, i)) }
                    return ArraySpan(open: start, close: i, elements: elements)
                }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0, let s = elementStart { elements.append(s..<trimmed(bytes, s, i)); elementStart = nil }
            default: break
            }
            i += 1
        }
        return nil
    }

    private static func trimmed(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var e = end
        while e > start, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[e - 1]) { e -= 1 }
        return e
    }
}
