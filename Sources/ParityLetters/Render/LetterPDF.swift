import CPangoCairo
import Foundation
import ParityCore

/// The letter as a PDF of A4 pages: the same content as the signed JSON, in the letter's
/// language (Arabic from the right), with the verification code and the QR code at the top and
/// the code again at the foot. Every font is embedded as a subset, so the file prints the same
/// everywhere, and a reader that extracts text gets every name back exactly (NFC).
///
/// The QR code's payload is also written in the document information (Keywords), so that
/// `parity letter verify letter.pdf` reads it back from the file without scanning the image.
/// The file is the same bytes for the same letter: its creation date is the day of issue.
public enum LetterPDF {
    /// Points per QR module: 1.5 pt is 6.25 dots at 300 dpi.
    static let qrModule = 1.5
    static let quietZone = 4

    /// One letter at a time in the process. Each letter has its own cairo surface and pango
    /// contexts, but the font machinery under them (fontconfig's configuration, cairo's FreeType
    /// font cache, the faces pango's per-thread font maps share) is not safe to drive from
    /// several threads at once: with four threads rendering at once, about one run in six gave
    /// letters whose text could not be extracted, or different bytes
    /// (`LetterPDFTests.lettersRenderedOnFourThreadsAtOnce...`). A letter takes 3.4 ms, so
    /// this caps letters near 290/s for the whole daemon, far above what requests need.
    static let lock = NSLock()

    public static func render(_ letter: Letter, signed: SignedLetter) throws(LetterRenderError) -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return try renderAlone(letter, signed: signed)
    }

    private static func renderAlone(_ letter: Letter, signed: SignedLetter) throws(LetterRenderError) -> [UInt8] {
        let t = LetterText.for(letter.language)
        let page = try PDFCanvas(rightToLeft: letter.language.isRightToLeft)
        page.setMetadata(CAIRO_PDF_METADATA_TITLE, t.heading)
        page.setMetadata(CAIRO_PDF_METADATA_SUBJECT, LetterQR.format)
        page.setMetadata(CAIRO_PDF_METADATA_KEYWORDS, signed.qr.payload)
        page.setMetadata(CAIRO_PDF_METADATA_CREATOR, "Parity")
        page.setMetadata(CAIRO_PDF_METADATA_CREATE_DATE, letter.issued.prefix(10) + "T00:00:00Z")
        try page.text(t.heading, field: "heading", size: 16, bold: true)
        page.gap(8)
        try codeBlock(page, t, signed)
        let q = letter.qualification
        try field(
            page, t.holder, [letter.holderName.map { "\($0) (\(letter.holderId))" } ?? letter.holderId],
            name: "person.name")
        try field(page, t.qualification, [q.title], name: "credential.title")
        if let body = q.awardingBody { try field(page, t.awardingBody, [body], name: "credential.awardingBody") }
        try field(page, t.country, [q.country], name: "credential.country")
        try field(
            page, t.originLevel, [[q.framework, q.level].compactMap { $0 }.joined(separator: " ").nonEmpty ?? t.none],
            name: "credential.level")
        if let awarded = q.awarded { try field(page, t.awarded, [awarded], name: "credential.awarded") }
        try field(
            page, t.referenceLevels,
            [letter.referenceLevels.map(\.description).joined(separator: ", ").nonEmpty ?? t.none],
            name: "referenceLevels")
        try field(page, t.destination, [letter.destination], name: "destination")
        if let c = letter.comparable {
            try field(
                page, t.comparableLevel,
                ["\(c.framework) \(c.level): \(c.levelName)" + (c.confirmed ? "" : " (\(t.unconfirmed))")],
                name: "comparable")
            if let closest = c.closestQualification {
                try field(page, t.closestQualification, [closest], name: "comparable.closestQualification")
            }
        } else {
            try field(page, t.comparableLevel, [t.none], name: "comparable")
        }
        // In Arabic the code goes on a line of its own, so that it reads the same in any viewer.
        try field(
            page, t.outcome,
            page.rightToLeft
                ? [t.outcomes[letter.outcome] ?? letter.outcome.rawValue, letter.outcome.rawValue]
                : [t.outcome(letter.outcome)], name: "outcome")
        try field(
            page, t.conditions,
            letter.conditions.isEmpty
                ? [t.none] : letter.conditions.map { "\($0.difference) (\($0.measure.rawValue))" }, name: "conditions")
        try field(page, t.basis, letter.basis.isEmpty ? [t.none] : letter.basis, name: "basis")
        let authenticity = LetterAuthenticity.text(letter.language)
        try field(
            page, authenticity.label,
            [
                authenticity.how[letter.authenticity.how] ?? letter.authenticity.how.rawValue,
                letter.authenticity.detail,
            ],
            name: "authenticity")
        if !letter.authorities.isEmpty {
            try field(
                page, t.competentAuthority,
                letter.authorities.map {
                    "\($0.profession), \($0.jurisdiction): \($0.authority)"
                        + ($0.status == "confirmed" ? "" : " (\(t.unconfirmed))")
                }, name: "competentAuthorities")
        }
        try field(page, t.issued, [letter.issued], name: "issued")
        try field(page, t.issuer, [letter.issuer], name: "issuer")
        page.gap(8)
        try page.text(t.notice, field: "notice", size: 9)
        page.gap(8)
        try page.text(
            "\(t.verificationCode): \(signed.verificationCode)", field: "verificationCode", size: 12, bold: true)
        try page.text(t.verifyHow, field: "verifyHow", size: 9)
        return try page.finish()
    }

    /// The QR code version a payload is printed at (1 to 25).
    public static func qrCodeVersion(for payload: String) throws(LetterRenderError) -> Int {
        try QRSymbol(payload).version
    }

    /// The verification code and what the QR code is for, beside the QR code (on the end side:
    /// right in a left-to-right letter, left in Arabic).
    private static func codeBlock(_ page: PDFCanvas, _ t: LetterText, _ signed: SignedLetter) throws(LetterRenderError)
    {
        let symbol = try QRSymbol(signed.qr.payload)
        let side = Double(symbol.size + 2 * quietZone) * qrModule
        let top = page.y
        let x = page.rightToLeft ? PDFCanvas.margin : PDFCanvas.pageWidth - PDFCanvas.margin - side
        try page.qrCode(
            symbol, x: x + Double(quietZone) * qrModule, y: top + Double(quietZone) * qrModule, module: qrModule)
        let column = PDFCanvas.contentWidth - side - 12
        page.gap(Double(quietZone) * qrModule)
        try page.text(t.verificationCode, field: "verificationCode", size: 10, bold: true, width: column)
        try page.text(signed.verificationCode, field: "verificationCode", size: 14, bold: true, width: column)
        page.gap(6)
        try page.text(t.scanToVerify, field: "scanToVerify", size: 9, width: column)
        page.moveTo(y: max(page.y, top + side) + 8)
    }

    /// A label in bold, then each value below it, indented.
    private static func field(
        _ page: PDFCanvas, _ label: String, _ values: [String], name: String
    ) throws(LetterRenderError) {
        try page.text(label, field: "label", size: 10, bold: true)
        for value in values { try page.text(value, field: name, size: 10, indent: 14) }
        page.gap(3)
    }
}
