/// Reads a letter file, which holds strings, booleans, arrays and objects only: anything else
/// (numbers, null, duplicate keys, trailing bytes, nesting deeper than 16) is refused with its
/// byte offset. A file to verify comes from anywhere, so the grammar is kept this narrow.
enum StrictJSON {
    struct SyntaxError: Error, CustomStringConvertible {
        var offset: Int
        var expected: String
        var description: String { "at byte \(offset): expected \(expected)" }
    }

    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> CanonicalJSON {
        var parser = Parser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.at == bytes.count else { throw SyntaxError(offset: parser.at, expected: "the end of the file") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var at = 0

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(SyntaxError) {
            skipSpace()
            guard at < bytes.count, bytes[at] == byte else { throw SyntaxError(offset: at, expected: "'\(Character(Unicode.Scalar(byte)))'") }
            at += 1
        }

        mutating func value(depth: Int) throws(SyntaxError) -> CanonicalJSON {
            guard depth < 16 else { throw SyntaxError(offset: at, expected: "at most 16 levels of nesting") }
            skipSpace()
            guard at < bytes.count else { throw SyntaxError(offset: at, expected: "a value") }
            switch bytes[at] {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t") where bytes[at...].starts(with: Array("true".utf8)): at += 4; return .bool(true)
            case UInt8(ascii: "f") where bytes[at...].starts(with: Array("false".utf8)): at += 5; return .bool(false)
            case UInt8(ascii: "["):
                at += 1
                var items: [CanonicalJSON] = []
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    if at < bytes.count, bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    try expect(UInt8(ascii: "]"))
                    return .array(items)
                }
            case UInt8(ascii: "{"):
                at += 1
                var members: [String: CanonicalJSON] = [:]
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
                while true {
                    skipSpace()
                    let keyAt = at
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw SyntaxError(offset: at, expected: "a member name") }
                    let key = try string()
                    guard members[key] == nil else { throw SyntaxError(offset: keyAt, expected: "no member named twice ('\(key)')") }
                    try expect(UInt8(ascii: ":"))
                    members[key] = try value(depth: depth + 1)
                    skipSpace()
                    if at < bytes.count, bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    try expect(UInt8(ascii: "}"))
                    return .object(members)
                }
            default:
                throw SyntaxError(offset: at, expected: "a string, true, false, an array or an object (letters hold no numbers or null)")
            }
        }

        mutating func string() throws(SyntaxError) -> String {
            at += 1  // the opening quote
            var out: [UInt8] = []
            while at < bytes.count {
                let byte = bytes[at]
                at += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: out, as: UTF8.self) else { throw SyntaxError(offset: at, expected: "UTF-8 text") }
                    return text
                case UInt8(ascii: "\\"):
                    guard at < bytes.count else { break }
                    let escape = bytes[at]
                    at += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard bytes[at...].starts(with: Array("\\u".utf8)) else { throw SyntaxError(offset: at, expected: "a low surrogate") }
                            at += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw SyntaxError(offset: at, expected: "a low surrogate") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let s = Unicode.Scalar(scalar) else { throw SyntaxError(offset: at, expected: "a Unicode scalar") }
                        out += Array(String(Character(s)).utf8)
                    default: throw SyntaxError(offset: at - 1, expected: "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
                    }
                case 0..<0x20: throw SyntaxError(offset: at - 1, expected: "no control character inside a string")
                default: out.append(byte)
                }
            }
            throw SyntaxError(offset: at, expected: "the closing quote of a string")
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            guard at + 4 <= bytes.count else { throw SyntaxError(offset: at, expected: "four hex digits") }
            var v: UInt32 = 0
            for byte in bytes[at..<at + 4] {
                guard let d = "0123456789abcdef".utf8.firstIndex(of: byte | 0x20).map({ "0123456789abcdef".utf8.distance(from: "0123456789abcdef".utf8.startIndex, to: $0) })
                else { throw SyntaxError(offset: at, expected: "four hex digits") }
                v = v << 4 | UInt32(d)
            }
            at += 4
            return v
        }
    }
}
