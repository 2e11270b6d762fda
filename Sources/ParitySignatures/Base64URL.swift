/// Base64 as JOSE writes it (RFC 7515 §2: the URL-safe alphabet, no padding), and the plain
/// base64 of `x5c` and timestamp tokens (RFC 4648 §4, padded). Anything else is refused,
/// never repaired. Decoded byte by byte: these run on every seal, on texts of tens of kilobytes.
enum Base64 {
    private static let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static func table(_ alphabet: [UInt8]) -> [UInt8] {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }
    private static let standardTable = table(standard)
    private static let urlTable = table(url)

    /// base64url without padding (RFC 7515 §2).
    static func decodeURL(_ text: String) -> [UInt8]? { decode(Array(text.utf8), urlTable, padded: false) }

    /// Standard base64 with its padding; line breaks and spaces between groups are not allowed
    /// in JOSE and are refused here too.
    static func decode(_ text: String) -> [UInt8]? { decode(Array(text.utf8), standardTable, padded: true) }

    static func encodeURL(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let v = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
            out += [url[v >> 18], url[(v >> 12) & 63], url[(v >> 6) & 63], url[v & 63]]
            i += 3
        }
        if i + 1 == bytes.count {
            let v = Int(bytes[i]) << 16
            out += [url[v >> 18], url[(v >> 12) & 63]]
        } else if i + 2 == bytes.count {
            let v = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8
            out += [url[v >> 18], url[(v >> 12) & 63], url[(v >> 6) & 63]]
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func decode(_ input: [UInt8], _ table: [UInt8], padded: Bool) -> [UInt8]? {
        var count = input.count
        if padded {
            guard count % 4 == 0 else { return nil }
            if count > 0, input[count - 1] == UInt8(ascii: "=") { count -= 1 }
            if count > 0, input[count - 1] == UInt8(ascii: "=") { count -= 1 }
        }
        guard count % 4 != 1 else { return nil }
        let whole = count / 4, rest = count % 4
        let size = whole * 3 + (rest == 0 ? 0 : rest - 1)
        var valid = true
        let out = input.withUnsafeBufferPointer { text in
            table.withUnsafeBufferPointer { t in
                [UInt8](unsafeUninitializedCapacity: size) { buffer, written in
                    // Four characters to three bytes; any character outside the alphabet sets 0x80+ bits.
                    var bad: UInt32 = 0
                    for group in 0..<whole {
                        let i = group * 4
                        let a = UInt32(t[Int(text[i])]), b = UInt32(t[Int(text[i + 1])])
                        let c = UInt32(t[Int(text[i + 2])]), d = UInt32(t[Int(text[i + 3])])
                        bad |= a | b | c | d
                        let v = a << 18 | b << 12 | c << 6 | d
                        buffer[group * 3] = UInt8(truncatingIfNeeded: v >> 16)
                        buffer[group * 3 + 1] = UInt8(truncatingIfNeeded: v >> 8)
                        buffer[group * 3 + 2] = UInt8(truncatingIfNeeded: v)
                    }
                    var at = whole * 3
                    if rest > 0 {
                        var v: UInt32 = 0
                        for k in 0..<rest {
                            let d = UInt32(t[Int(text[whole * 4 + k])])
                            bad |= d
                            v = v << 6 | (d & 63)
                        }
                        // The unused low bits of the last character must be zero (RFC 4648 §3.5).
                        let unused = rest == 2 ? 4 : 2
                        if v & ((1 << unused) - 1) != 0 { bad |= 0x80 }
                        v >>= UInt32(unused)
                        for k in stride(from: rest - 2, through: 0, by: -1) {
                            buffer[at] = UInt8(truncatingIfNeeded: v >> (UInt32(k) * 8))
                            at += 1
                        }
                    }
                    valid = bad & 0x80 == 0
                    written = size
                }
            }
        }
        return valid ? out : nil
    }
}
