/// The one strict RFC 8259 parser of Parity, for messages, exchange documents and letters alike:
/// UTF-8 only (invalid sequences are refused, never replaced), duplicate member names refused,
/// a nesting limit so that untrusted input cannot exhaust the stack. Errors give the line, the
/// column and the byte offset.
public struct JSONParser {
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        /// Bytes from the start of the document.
        public var offset: Int
        public var message: String
        /// The document is nested deeper than the limit (rather than malformed).
        public var tooDeep = false
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// What values a document may hold: all of JSON, or (letters) no numbers and no null, so
    /// that no value has two spellings.
    public enum Grammar: Sendable { case full, withoutNumbersOrNull }

    public static let defaultMaximumDepth = 32

    let bytes: [UInt8]
    var i = 0
    private let maximumDepth: Int
    private let grammar: Grammar
    private var nodes: [JSONDocument.Node] = []
    private var unescaped: [String] = []
    /// Key nodes of the objects being parsed, innermost last (one buffer for the whole document).
    private var keys: [Int] = []

    /// Parses a whole document; the nesting limit keeps untrusted input from exhausting the stack.
    public static func parse(
        _ bytes: [UInt8], maximumDepth: Int = defaultMaximumDepth, grammar: Grammar = .full
    ) throws(SyntaxError) -> JSONDocument {
        var parser = JSONParser(bytes: bytes, maximumDepth: maximumDepth, grammar: grammar)
        guard bytes.count < Int(UInt32.max) else { throw parser.error("the document is larger than 4 GiB") }
        parser.nodes.reserveCapacity(bytes.count / 16)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.i = 3 }
        try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.i == bytes.count else { throw parser.error("unexpected text after the JSON document") }
        return JSONDocument(bytes: bytes, nodes: parser.nodes, unescaped: parser.unescaped)
    }

    private init(bytes: [UInt8], maximumDepth: Int, grammar: Grammar) {
        self.bytes = bytes; self.maximumDepth = maximumDepth; self.grammar = grammar
    }

    func error(_ message: String) -> SyntaxError {
        var line = 1
        var lineStart = 0
        for index in 0..<min(i, bytes.count) where bytes[index] == 0x0A { line += 1; lineStart = index + 1 }
        return SyntaxError(line: line, column: i - lineStart + 1, offset: i, message: message)
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    /// What stands where a value should be, quoted (up to 20 characters of it).
    func notAValue() -> SyntaxError {
        let end = bytes[i...].prefix(20).firstIndex { $0 == 0x0A || $0 == 0x0D } ?? min(i + 20, bytes.count)
        let found = String(decoding: bytes[i..<end], as: UTF8.self)
        return error("expected a value (an object, list, string, number, true, false or null), found '\(found)'")
    }

    private func depthError() -> SyntaxError {
        var failure = error("nested deeper than \(maximumDepth) levels")
        failure.tooDeep = true
        return failure
    }

    /// Whether two key nodes of one object spell the same name.
    private func sameKey(_ x: Int, _ y: Int) -> Bool {
        let (a, b) = (nodes[x], nodes[y])
        if a.flag || b.flag { return text(a) == text(b) }
        return bytes[Int(a.payload >> 32)..<Int(a.payload & 0xFFFF_FFFF)].elementsEqual(
            bytes[Int(b.payload >> 32)..<Int(b.payload & 0xFFFF_FFFF)])
    }

    private func text(_ node: JSONDocument.Node) -> String {
        node.flag
            ? unescaped[Int(node.a)]
            : String(decoding: bytes[Int(node.payload >> 32)..<Int(node.payload & 0xFFFF_FFFF)], as: UTF8.self)
    }

    private mutating func value(depth: Int) throws(SyntaxError) {
        skipSpace()
        guard i < bytes.count else { throw error("unexpected end of the document; expected a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            guard depth < maximumDepth else { throw depthError() }
            i += 1
            let at = nodes.count
            nodes.append(.init(kind: .object))
            let firstKey = keys.count
            defer { keys.removeSubrange(firstKey...) }
            // Duplicate names: a scan while the object is small (message objects are), a set beyond.
            var seen: Set<String>?
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; close(at, count: 0); return }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                    throw error("expected a member name in double quotes")
                }
                let nameStart = i
                let key = nodes.count
                try string()
                let duplicate: Bool
                if keys.count - firstKey < 16 {
                    duplicate = keys[firstKey...].contains { sameKey($0, key) }
                } else {
                    if seen == nil { seen = Set(keys[firstKey...].map { text(nodes[$0]) }) }
                    duplicate = seen?.insert(text(nodes[key])).inserted == false
                }
                keys.append(key)
                guard !duplicate else {
                    i = nameStart
                    throw error("member \"\(text(nodes[key]))\" appears twice in one object")
                }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                    throw error("expected ':' after \"\(text(nodes[key]))\"")
                }
                i += 1
                try value(depth: depth + 1)
                skipSpace()
                guard i < bytes.count else { throw error("unexpected end of the document; expected ',' or '}'") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; close(at, count: keys.count - firstKey); return }
                throw error("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            guard depth < maximumDepth else { throw depthError() }
            i += 1
            let at = nodes.count
            nodes.append(.init(kind: .array))
            var count = 0
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; close(at, count: 0); return }
            while true {
                try value(depth: depth + 1)
                count += 1
                skipSpace()
                guard i < bytes.count else { throw error("unexpected end of the document; expected ',' or ']'") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; close(at, count: count); return }
                throw error("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            try string()
        case UInt8(ascii: "t"): try literal("true"); nodes.append(.init(kind: .bool, flag: true))
        case UInt8(ascii: "f"): try literal("false"); nodes.append(.init(kind: .bool, flag: false))
        case UInt8(ascii: "n") where grammar == .full: try literal("null"); nodes.append(.init(kind: .null))
        default:
            guard grammar == .full else {
                throw error(
                    "expected a string, true, false, a list or an object (this document holds no numbers or null)")
            }
            nodes.append(.init(kind: .number, payload: try number().bitPattern))
        }
    }

    /// Completes container node `at`: how many items it holds and where its next sibling starts.
    private mutating func close(_ at: Int, count: Int) {
        nodes[at].a = UInt32(truncatingIfNeeded: count)
        nodes[at].payload = UInt64(nodes.count)
    }

    /// A string node: its byte range when it has no escapes, its decoded text when it has.
    /// Where the run of plain string bytes from `start` ends (at a quote, a backslash, a control
    /// character or the end), and the OR of its bytes (≥ 0x80: not ASCII). Scanned without
    /// bounds checks: strings of base64 in signed documents run to tens of kilobytes.
    private static func plainRun(_ bytes: [UInt8], from start: Int) -> (end: Int, high: UInt8) {
        bytes.withUnsafeBufferPointer { p in
            var j = start, high: UInt8 = 0
            while j < p.count {
                let b = p[j]
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
                high |= b
                j += 1
            }
            return (j, high)
        }
    }

    private mutating func string() throws(SyntaxError) {
        i += 1
        let start = i
        let (end, high) = Self.plainRun(bytes, from: start)
        i = end
        guard i < bytes.count else { throw error("a string is never closed") }
        guard bytes[i] >= 0x20 else { throw error("control character inside a string") }
        // Text beyond ASCII must be valid UTF-8: two byte sequences never become one string.
        if high >= 0x80 { try validateUTF8(start..<i) }
        if bytes[i] == UInt8(ascii: "\"") {
            nodes.append(.init(kind: .string, payload: UInt64(start) << 32 | UInt64(i)))
            i += 1
            return
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                guard let text = String(validating: out, as: UTF8.self) else {
                    i = start
                    throw error("a string that is not valid UTF-8")
                }
                i += 1
                nodes.append(.init(kind: .string, flag: true, a: UInt32(truncatingIfNeeded: unescaped.count)))
                unescaped.append(text)
                return
            }
            guard b >= 0x20 else { throw error("control character inside a string") }
            if b != UInt8(ascii: "\\") {
                // A run of plain bytes at once (an escaped JSON text inside a string is long).
                let run = i
                i = Self.plainRun(bytes, from: i + 1).end
                out.append(contentsOf: bytes[run..<i])
                continue
            }
            guard i + 1 < bytes.count else { break }
            i += 2
            switch bytes[i - 1] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw error("a UTF-16 surrogate without its pair")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("a UTF-16 surrogate without its pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("\\u escape is not a Unicode scalar") }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw error("unknown escape in a string")
            }
        }
        throw error("a string is never closed")
    }
}
