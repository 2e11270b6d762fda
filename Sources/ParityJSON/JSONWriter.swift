/// A minimal JSON byte writer: compact output, RFC 8259 string escaping. Callers write keys
/// in sorted order, so the output matches `JSONEncoder` with `.sortedKeys` semantically.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// Whether the next value or key follows another in the same container. One flag is
    /// enough: opening a container clears it, and closing one leaves a value behind.
    private var needsComma = false

    public init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func array<S: Sequence>(_ items: S, _ each: (inout JSONWriter, S.Element) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for item in items { each(&self, item) }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes `"key":` inside an object; the next value call completes the member.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Forgets the bytes written so far (after they were handed on), keeping the comma state.
    public mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    /// Bytes that an earlier writer produced for one complete value (see `ResultJSON`'s memo).
    public mutating func raw(_ value: [UInt8]) {
        separate()
        bytes.append(contentsOf: value)
    }

    public mutating func string(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 { escape(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(0x5C); bytes.append(0x22)
        case UInt8(ascii: "\\"): bytes.append(0x5C); bytes.append(0x5C)
        case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
        case 0..<0x20:
            bytes.append(0x5C); bytes.append(UInt8(ascii: "u")); bytes.append(0x30); bytes.append(0x30)
            bytes.append(Self.hex[Int(byte >> 4)]); bytes.append(Self.hex[Int(byte & 0xF)])
        default: bytes.append(byte)
        }
    }

    /// Numbers as the shortest text that reads back as the same Double. Scores and weights
    /// are rounded to thousandths, written digit by digit; anything else uses Swift's own.
    public mutating func number(_ value: Double) {
        separate()
        guard value.isFinite else { appendASCII("null"); return }
        let thousandths = (value * 1000).rounded()
        if abs(value) < 1e12, thousandths / 1000 == value {
            var n = Int64(thousandths)
            if n < 0 { bytes.append(UInt8(ascii: "-")); n = -n }
            appendDigits(n / 1000)
            var fraction = n % 1000
            if fraction != 0 {
                bytes.append(UInt8(ascii: "."))
                var digits = 3
                while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
                var divisor: Int64 = 1
                for _ in 1..<digits { divisor *= 10 }
                while divisor > 0 { bytes.append(UInt8(48 + fraction / divisor % 10)); divisor /= 10 }
            }
        } else {
            appendASCII(value.description)
        }
    }

    private mutating func appendDigits(_ n: Int64) {
        if n >= 10 { appendDigits(n / 10) }
        bytes.append(UInt8(48 + n % 10))
    }

    private mutating func appendASCII(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func bool(_ value: Bool) {
        separate()
        appendASCII(value ? "true" : "false")
    }

    public mutating func strings(_ values: [String]) { array(values) { $0.string($1) } }
}
