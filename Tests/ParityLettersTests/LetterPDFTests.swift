import Foundation
import ParityCore
import ParityTestSupport
import Testing

@testable import ParityLetters

/// Letters read back as their readers get them: poppler renders each page and extracts its
/// text, pdffonts lists the fonts, zbarimg decodes the printed QR code.
@Suite struct LetterPDFTests {
    let dir = TempDirectory()

    static let holders = HolderNames.all

    func write(_ letter: Letter, _ name: String) throws -> (path: String, signed: SignedLetter) {
        let signed = try SignedLetter.sign(letter, with: try KeyRing(directory: dir.path + "/keys").activeKey())
        let path = dir.path + "/\(name).pdf"
        #expect(
            FileManager.default.createFile(atPath: path, contents: Data(try LetterPDF.render(letter, signed: signed))))
        return (path, signed)
    }

    /// pdftotext's words, with the direction marks it adds around right-to-left lines taken out.
    func text(_ pdf: String) throws -> String {
        let run = try Tool.run("/usr/bin/pdftotext", ["-enc", "UTF-8", pdf, "-"])
        #expect(run.status == 0, "\(run.err)")
        let marks: Set<UInt32> = [
            0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
        ]
        let plain = String(String.UnicodeScalarView(run.out.unicodeScalars.filter { !marks.contains($0.value) }))
        return plain.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test(arguments: LetterPDFTests.holders)
    func theHoldersNameComesBackExactlyInAnyScript(_ holder: (script: String, name: String)) throws {
        let language: LetterLanguage =
            holder.name.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) } ? .ar : .en
        let (pdf, signed) = try write(try Letters.letter(language, holder: holder.name), "holder")
        let flat = try text(pdf)
        #expect(flat.contains(holder.name), "\(holder.script): \(flat.prefix(400))")
        #expect(flat.contains(signed.verificationCode))
        let rendered = try Tool.run(
            "/usr/bin/pdftoppm", ["-png", "-r", "40", "-f", "1", "-l", "1", pdf, dir.path + "/page"])
        #expect(rendered.status == 0, "\(rendered.err)")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/page-1.png"))
    }

    /// Issue 23: `parity letter verify FILE.pdf` reads the page, in every script.
    @Test(arguments: LetterPDFTests.holders)
    func aGenuinePDFIsValidByItsPagesText(_ holder: (script: String, name: String)) throws {
        let language: LetterLanguage =
            holder.name.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) } ? .ar : .en
        let ring = KeyRing(directory: dir.path + "/keys")
        let (pdf, signed) = try write(try Letters.letter(language, holder: holder.name), "genuine")
        let keys = try KeyRing.imported(try ring.export(), path: "export")
        let checked = try LetterPDFCheck.verify(Array(try Data(contentsOf: URL(fileURLWithPath: pdf))), keys: keys)
        #expect(checked.verdict == .valid(keyId: signed.keyId, code: signed.verificationCode), "\(holder.script)")
    }

    /// A genuine letter's code in a PDF whose page shows another holder is tampered.
    @Test func aGenuineCodeUnderAnotherPageIsTampered() throws {
        let ring = KeyRing(directory: dir.path + "/keys")
        let genuine = try Letters.letter(.en, holder: "Amina Yusuf")
        let signed = try SignedLetter.sign(genuine, with: try ring.activeKey())
        let forged = try LetterPDF.render(try Letters.letter(.en, holder: "Someone Else"), signed: signed)
        let keys = try KeyRing.imported(try ring.export(), path: "export")
        let checked = try LetterPDFCheck.verify(forged, keys: keys)
        guard case .tampered(let why) = checked.verdict else {
            Issue.record("a page showing another holder verified as \(checked.verdict)")
            return
        }
        #expect(why.contains("Amina Yusuf"), "\(why)")
    }

    @Test func everyFontIsEmbeddedAsASubset() throws {
        let letter = try Letters.letter(.en, holder: Self.holders.map(\.name).joined(separator: " "))
        let (pdf, _) = try write(letter, "all-scripts")
        let run = try Tool.run("/usr/bin/pdffonts", [pdf])
        #expect(run.status == 0)
        let fonts = run.out.split(separator: "\n").dropFirst(2)
        #expect(fonts.count >= 10, "\(run.out)")
        for font in fonts {
            // name type [type] encoding emb sub uni object ID: "yes yes yes" for embedded subsets with a ToUnicode map.
            #expect(font.contains(" yes yes yes "), "not embedded as a subset: \(font)")
        }
        let flat = try text(pdf)
        for holder in Self.holders { #expect(flat.contains(holder.name), "\(holder.script)") }
    }

    @Test func aNameInDecomposedFormIsPrintedComposed() throws {
        let decomposed = "Jose\u{301} Mun\u{303}oz"
        let (pdf, _) = try write(try Letters.letter(.es, holder: decomposed), "nfd")
        #expect(try text(pdf).contains("José Muñoz"))
    }

    @Test func theAwardingBodyKeepsItsLettersToo() throws {
        var letter = try Letters.letter(.pt)
        letter.qualification.awardingBody = "Uniwersytet Łódzki"
        #expect(try text(try write(letter, "body").path).contains("Uniwersytet Łódzki"))
    }

    /// In the Arabic letter every line ends at the right margin (values 14 points in from it)
    /// and the heading sits on the right half; in English every line starts at the left one.
    /// (pdftotext -bbox-layout gives each line's box; its words are letters in visual order.)
    @Test func theArabicLetterIsLaidOutFromTheRight() throws {
        for (language, fromRight) in [(LetterLanguage.ar, true), (.en, false)] {
            let (pdf, _) = try write(try Letters.letter(language), "layout-\(language)")
            let run = try Tool.run("/usr/bin/pdftotext", ["-bbox-layout", "-f", "1", "-l", "1", pdf, "-"])
            let lines = Self.lines(run.out)
            let heading = try #require(lines.first)
            let right = PDFCanvas.pageWidth - PDFCanvas.margin, left = PDFCanvas.margin
            let aligned = lines.filter { line in
                fromRight
                    ? [right, right - 14].contains { abs(line.xMax - $0) < 2 }
                    : [left, left + 14].contains { abs(line.xMin - $0) < 2 }
            }
            #expect(
                lines.count > 20 && aligned.count == lines.count,
                "\(language): \(Set(lines.map(\.description)).subtracting(aligned.map(\.description)))")
            #expect(fromRight ? heading.xMin > 250 : heading.xMax < 450, "\(heading)")
        }
    }

    @Test func aCharacterNoFontCanPrintRefusesTheLetterRatherThanMisprintIt() throws {
        let letter = try Letters.letter(.en, holder: "Ana \u{10FFFD}")
        let signed = try SignedLetter.sign(letter, with: try KeyRing(directory: dir.path + "/keys").activeKey())
        #expect {
            _ = try LetterPDF.render(letter, signed: signed)
        } throws: { error in
            guard case LetterRenderError.unprintable(let field, let scalars) = error else { return false }
            return field == "person.name" && scalars == ["\u{10FFFD}"] && "\(error)".contains("U+10FFFD")
        }
    }

    /// Workers render letters at the same time: each letter comes out the same bytes as when
    /// rendered alone (the file has no clock or random part in it).
    @Test func lettersRenderedOnFourThreadsAtOnceAreTheBytesOfEachRenderedAlone() throws {
        let key = try KeyRing(directory: dir.path + "/keys").activeKey()
        let letters = try Self.holders.enumerated().map { i, holder in
            try SignedLetter.sign(
                try Letters.letter(LetterLanguage.allCases[i % LetterLanguage.allCases.count], holder: holder.name),
                with: key)
        }
        let inputs = try Self.holders.enumerated().map { i, holder in
            try Letters.letter(LetterLanguage.allCases[i % LetterLanguage.allCases.count], holder: holder.name)
        }
        let alone = try zip(inputs, letters).map { try LetterPDF.render($0, signed: $1) }
        let results = Results(count: inputs.count * 4)
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for (i, (letter, signed)) in zip(inputs, letters).enumerated() {
                results.set(thread * inputs.count + i, try? LetterPDF.render(letter, signed: signed))
            }
        }
        for i in 0..<inputs.count * 4 {
            #expect(
                results.get(i) == alone[i % inputs.count], "letter \(i % inputs.count) on thread \(i / inputs.count)")
        }
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [[UInt8]?]
        init(count: Int) { items = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: [UInt8]?) { lock.withLock { items[i] = value } }
        func get(_ i: Int) -> [UInt8]? { lock.withLock { items[i] } }
    }

    struct Line: CustomStringConvertible {
        var xMin: Double, xMax: Double, text: String
        var description: String { "\(text) [\(xMin), \(xMax)]" }
    }

    /// The lines of `pdftotext -bbox-layout`: each line's box and its words.
    static func lines(_ xhtml: String) -> [Line] {
        xhtml.components(separatedBy: "<line ").dropFirst().compactMap { chunk in
            func attribute(_ name: String) -> Double? {
                guard let r = chunk.range(of: "\(name)=\"") else { return nil }
                return Double(chunk[r.upperBound...].prefix { $0 != "\"" })
            }
            let words = chunk.components(separatedBy: "<word ").dropFirst().compactMap { w -> String? in
                guard let start = w.firstIndex(of: ">"), let end = w.range(of: "</word>") else { return nil }
                return String(w[w.index(after: start)..<end.lowerBound])
            }
            guard let xMin = attribute("xMin"), let xMax = attribute("xMax") else { return nil }
            return Line(xMin: xMin, xMax: xMax, text: words.joined(separator: " "))
        }
    }
}
