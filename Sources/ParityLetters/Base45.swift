/// Base45 (RFC 9285): bytes as characters of the QR code's alphanumeric set, which a QR code
/// packs at 5.5 bits each, so that binary data costs about as much as in byte mode while
/// staying text every scanner passes on unchanged. As the EU Digital COVID Certificate uses it.
public enum Base45 {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = Int8(i) }
        return table
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2 * 3 + 2)
        var i = 0
        while i + 1 < bytes.count {
            let n = Int(bytes[i]) << 8 | Int(bytes[i + 1])
            out += [alphabet[n % 45], alphabet[n / 45 % 45], alphabet[n / 2025]]
            i += 2
        }
        if i < bytes.count {
            let n = Int(bytes[i])
            out += [alphabet[n % 45], alphabet[n / 45]]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Nil when a character is outside the alphabet, a group's value is out of range, or a
    /// single character is left over.
    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 3 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 3 * 2 + 1)
        var i = 0
        while i < chars.count {
            let group = chars[i..<min(i + 3, chars.count)]
            var n = 0, weight = 1
            for c in group {
                let v = Int(values[Int(c)])
                guard v >= 0 else { return nil }
                n += v * weight
                weight *= 45
            }
            if group.count == 3 {
                guard n <= 0xFFFF else { return nil }
                out += [UInt8(n >> 8), UInt8(n & 0xFF)]
            } else {
                guard n <= 0xFF else { return nil }
                out.append(UInt8(n))
            }
            i += 3
        }
        return out
    }
}
