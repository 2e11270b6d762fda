import ParityCore

/// The letter as a PDF 1.4 document of A4 pages: the same content as the signed JSON, in the
/// letter's language, with the verification code printed at the top and the foot. Text is set
/// in the standard Helvetica fonts with WinAnsiEncoding (which covers English, French and
/// Spanish), so the file embeds no font and any PDF reader renders it.
public enum LetterPDF {
    public static func render(_ letter: Letter, code: String) -> [UInt8] {
        let t = LetterText.for(letter.language)
        var page = PageLayout()
        page.line(t.heading, font: .bold, size: 16)
        page.gap(6)
        page.line("\(t.verificationCode): \(code)", font: .bold, size: 12)
        page.gap(10)
        let q = letter.qualification
        page.field(t.holder, [letter.holderName.map { "\($0) (\(letter.holderId))" } ?? letter.holderId])
        page.field(t.qualification, [q.title])
        if let body = q.awardingBody { page.field(t.awardingBody, [body]) }
        page.field(t.country, [q.country])
        page.field(t.originLevel, [[q.framework, q.level].compactMap { $0 }.joined(separator: " ").nonEmpty ?? t.none])
        if let awarded = q.awarded { page.field(t.awarded, [awarded]) }
        page.field(t.referenceLevels, [letter.referenceLevels.map(\.description).joined(separator: ", ").nonEmpty ?? t.none])
        page.field(t.destination, [letter.destination])
        if let c = letter.comparable {
            page.field(t.comparableLevel, ["\(c.framework) \(c.level): \(c.levelName)" + (c.confirmed ? "" : " (\(t.unconfirmed))")])
            if let closest = c.closestQualification { page.field(t.closestQualification, [closest]) }
        } else {
            page.field(t.comparableLevel, [t.none])
        }
        page.field(t.outcome, [t.outcome(letter.outcome)])
        page.field(t.conditions, letter.conditions.isEmpty ? [t.none] : letter.conditions.map { "\($0.difference) (\($0.measure.rawValue))" })
        page.field(t.basis, letter.basis.isEmpty ? [t.none] : letter.basis)
        if !letter.authorities.isEmpty {
            page.field(t.competentAuthority, letter.authorities.map {
                "\($0.profession), \($0.jurisdiction): \($0.authority)" + ($0.status == "confirmed" ? "" : " (\(t.unconfirmed))")
            })
        }
        page.field(t.issued, [letter.issued])
        page.field(t.issuer, [letter.issuer])
        page.gap(8)
        page.paragraph(t.notice, size: 9)
        page.gap(8)
        page.line("\(t.verificationCode): \(code)", font: .bold, size: 12)
        page.paragraph(t.verifyHow, size: 9)
        return PDFDocument(pages: page.finish(), title: t.heading).bytes
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// Lines set top to bottom on A4 pages (595 x 842 points, 50-point margins), a new page when
/// one is full; long text is wrapped at word boundaries by the fonts' approximate widths.
struct PageLayout {
    enum Font: String { case regular = "F1", bold = "F2" }

    private static let top = 792.0, bottom = 50.0, left = 50.0, width = 495.0
    private(set) var pages: [[UInt8]] = []
    private var current: [UInt8] = []
    private var y = PageLayout.top

    mutating func gap(_ points: Double) { y -= points }

    mutating func line(_ text: String, font: Font = .regular, size: Double = 10, indent: Double = 0) {
        if y - size < Self.bottom { pages.append(current); current = []; y = Self.top }
        y -= size * 1.3
        current += Array("BT /\(font.rawValue) \(Int(size)) Tf 1 0 0 1 \(Self.rounded(Self.left + indent)) \(Self.rounded(y)) Tm (".utf8)
        current += WinAnsi.escaped(text)
        current += Array(") Tj ET\n".utf8)
    }

    mutating func paragraph(_ text: String, size: Double = 10, indent: Double = 0) {
        for l in Self.wrap(text, size: size, width: Self.width - indent) { line(l, size: size, indent: indent) }
    }

    /// A label in bold, then each value wrapped below it, indented.
    mutating func field(_ label: String, _ values: [String]) {
        line(label, font: .bold, size: 10)
        for value in values { paragraph(value, size: 10, indent: 14) }
        gap(3)
    }

    mutating func finish() -> [[UInt8]] {
        pages.append(current)
        current = []
        return pages
    }

    /// A coordinate (never negative on the page) to a tenth of a point, as a PDF real ("766.9").
    static func rounded(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func wrap(_ text: String, size: Double, width: Double) -> [String] {
        var lines: [String] = []
        var line = ""
        var lineWidth = 0.0
        let space = 0.278 * size
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let w = Self.width(word, size: size)
            if line.isEmpty {
                (line, lineWidth) = (String(word), w)
            } else if lineWidth + space + w > width {
                lines.append(line)
                (line, lineWidth) = (String(word), w)
            } else {
                line += " " + word
                lineWidth += space + w
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Helvetica's widths, roughly: capitals and m/w wide, i/l/t/f/j/r and punctuation narrow.
    static func width(_ word: Substring, size: Double) -> Double {
        word.unicodeScalars.reduce(0.0) { sum, s in
            let c = Character(s)
            let em: Double
            if c.isUppercase || "mw".contains(c) { em = 0.72 } else if "iljtfr.,:;'!|()".contains(c) { em = 0.3 } else { em = 0.56 }
            return sum + em * size
        }
    }
}

/// Text in a PDF string with WinAnsiEncoding (Windows-1252): what it cannot encode becomes '?'.
enum WinAnsi {
    private static let high: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02C6: 0x88,
        0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E, 0x2018: 0x91, 0x2019: 0x92, 0x201C: 0x93,
        0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98, 0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B,
        0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]

    static func escaped(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let byte: UInt8
            switch v {
            case 0x28, 0x29, 0x5C: out.append(0x5C); byte = UInt8(v)
            case 0x20...0x7E, 0xA0...0xFF: byte = UInt8(v)
            case 0x09, 0x0A, 0x0D: byte = 0x20
            default: byte = high[v] ?? UInt8(ascii: "?")
            }
            out.append(byte)
        }
        return out
    }
}

/// The file: catalog, page tree, the two fonts, an info dictionary, then per page its object
/// and content stream; a cross-reference table with each object's byte offset.
struct PDFDocument {
    var pages: [[UInt8]]
    var title: String

    var bytes: [UInt8] {
        var out = Array("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        var offsets: [Int] = []
        func object(_ body: [UInt8]) {
            offsets.append(out.count)
            out += Array("\(offsets.count) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
        }
        let firstPage = 6
        let kids = (0..<pages.count).map { "\(firstPage + 2 * $0) 0 R" }.joined(separator: " ")
        object(Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        object(Array("<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>".utf8))
        object(Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8))
        object(Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".utf8))
        object(Array("<< /Title (".utf8) + WinAnsi.escaped(title) + Array(") /Producer (Parity) >>".utf8))
        for (n, content) in pages.enumerated() {
            let contents = firstPage + 2 * n + 1
            object(Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents \(contents) 0 R >>".utf8))
            object(Array("<< /Length \(content.count) >>\nstream\n".utf8) + content + Array("endstream".utf8))
        }
        let xref = out.count
        out += Array("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets {
            let digits = String(offset)
            out += Array((String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n").utf8)
        }
        out += Array("trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R /Info 5 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }
}
