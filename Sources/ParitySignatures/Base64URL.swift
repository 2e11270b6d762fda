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
        var text = input[...]
        if padded {
            guard input.count % 4 == 0 else { return nil }
            if text.last == UInt8(ascii: "=") { text = text.dropLast() }
            if text.last == UInt8(ascii: "=") { text = text.dropLast() }
        }
        guard text.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        var value = 0, bits = 0
        for c in text {
            let d = table[Int(c)]
            guard d != 0xFF else { return nil }
            value = (value << 6 | Int(d)) & 0xFFFFFF
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((value >> bits) & 0xFF))
            }
        }
        // The unused low bits of the last character must be zero (RFC 4648 §3.5, canonical form).
        guard value & ((1 << bits) - 1) == 0 else { return nil }
        return out
    }
}
