/// Reads back the QR code's payload that `LetterPDF` writes in the PDF's document information
/// (Keywords), so a PDF letter is verified from its own bytes rather than by scanning its image.
/// cairo writes that dictionary uncompressed; a file saved again by another program may hide it
/// in a compressed object stream, and then the printed QR code is the way (`--qr`).
public enum LetterPDFPayload {
    public static func read(_ pdf: [UInt8]) throws(SignedLetter.ReadError) -> String {
        guard pdf.starts(with: Array("%PDF-".utf8)) else {
            throw .notALetter("not a PDF file: expected it to begin with %PDF-")
        }
        let key = Array("/Keywords".utf8)
        var found: [String] = []
        var i = 0
        while let at = Self.find(key, in: pdf, from: i) {
            i = at + key.count
            while i < pdf.count, [0x20, 0x0A, 0x0D, 0x09].contains(pdf[i]) { i += 1 }
            if let text = Self.string(pdf, at: &i), text.hasPrefix(LetterQR.prefix), !found.contains(text) {
                found.append(text)
            }
        }
        guard let payload = found.first else {
            throw .notALetter(
                "no Parity letter code in this PDF's document information (Keywords): it was not written by Parity, or another program saved it again; check the printed QR code with --qr"
            )
        }
        guard found.count == 1 else {
            throw .notALetter(
                "this PDF carries \(found.count) different letter codes in its document information: it was changed after Parity wrote it"
            )
        }
        return payload
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var i = start
        while i <= haystack.count - needle.count {
            if haystack[i] == first, haystack[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// A PDF string object at `i`: a literal `(...)` with its escapes, or hex `<...>`; text in
    /// UTF-16BE when it starts with a byte order mark, else in PDFDocEncoding (ASCII for a payload).
    private static func string(_ pdf: [UInt8], at i: inout Int) -> String? {
        guard i < pdf.count else { return nil }
        var bytes: [UInt8] = []
        if pdf[i] == UInt8(ascii: "(") {
            var depth = 1
            i += 1
            while i < pdf.count {
                let c = pdf[i]
                i += 1
                if c == UInt8(ascii: "\\"), i < pdf.count {
                    let e = pdf[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "n"): bytes.append(0x0A)
                    case UInt8(ascii: "r"): bytes.append(0x0D)
                    case UInt8(ascii: "t"): bytes.append(0x09)
                    case UInt8(ascii: "b"): bytes.append(0x08)
                    case UInt8(ascii: "f"): bytes.append(0x0C)
                    case UInt8(ascii: "0")...UInt8(ascii: "7"):
                        var value = Int(e - 0x30)
                        for _ in 0..<2 where i < pdf.count && (0x30...0x37).contains(pdf[i]) {
                            value = value * 8 + Int(pdf[i] - 0x30); i += 1
                        }
                        bytes.append(UInt8(truncatingIfNeeded: value))
                    case 0x0A, 0x0D: break  // a line continued
                    default: bytes.append(e)
                    }
                } else if c == UInt8(ascii: "(") {
                    depth += 1; bytes.append(c)
                } else if c == UInt8(ascii: ")") {
                    depth -= 1
                    if depth == 0 { break }
                    bytes.append(c)
                } else {
                    bytes.append(c)
                }
            }
        } else if pdf[i] == UInt8(ascii: "<") {
            i += 1
            var digits: [UInt8] = []
            while i < pdf.count, pdf[i] != UInt8(ascii: ">") {
                if let v = Self.hex(pdf[i]) { digits.append(v) }
                i += 1
            }
            if digits.count % 2 == 1 { digits.append(0) }
            bytes = stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
        } else {
            return nil
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            let units = stride(from: 2, to: bytes.count - 1, by: 2).map {
                UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1])
            }
            return String(decoding: units, as: UTF16.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x37
        case 0x61...0x66: c - 0x57
        default: nil
        }
    }
}
