/// The scalar pieces of the grammar: literals, numbers, `\u` escapes and UTF-8 validation.
extension JSONParser {
    mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let expected = word.withUTF8Buffer { Array($0) }
        guard i + expected.count <= bytes.count, Array(bytes[i..<i + expected.count]) == expected else {
            throw notAValue()
        }
        i += expected.count
    }

    mutating func number() throws(SyntaxError) -> Double {
        let start = i
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        var integer: Int64 = 0
        var digits = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            if digits < 17 { integer = integer * 10 + Int64(bytes[i] - 0x30) }
            digits += 1
            i += 1
        }
        guard digits > 0 else { i = start; throw notAValue() }
        var simple = digits < 17
        if i < bytes.count,
            bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")
        {
            simple = false
            i += 1
            while i < bytes.count,
                (bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")
                    || bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")
            { i += 1 }
        }
        if simple { return Double(bytes[start] == UInt8(ascii: "-") ? -integer : integer) }
        guard let value = Double(String(decoding: bytes[start..<i], as: UTF8.self)), value.isFinite else {
            throw error("'\(String(decoding: bytes[start..<i], as: UTF8.self))' is not a number")
        }
        return value
    }

    /// Refuses a byte range that is not valid UTF-8, at the first byte that breaks it.
    mutating func validateUTF8(_ range: Range<Int>) throws(SyntaxError) {
        var iterator = bytes[range].makeIterator()
        var decoder = UTF8()
        var at = range.lowerBound
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): at += UTF8.width(scalar)
            case .emptyInput: return
            case .error:
                i = at
                throw error("a byte that is not valid UTF-8 (0x\(String(bytes[at], radix: 16, uppercase: true)))")
            }
        }
    }

    mutating func hex4() throws(SyntaxError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("\\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x37)
            case 0x61...0x66: digit = UInt32(b - 0x57)
            default: throw error("\\u needs four hex digits")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }
}
