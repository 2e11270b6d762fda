import CPangoCairo  // glib (GError, GBytes), which both system modules include
import CPoppler
import ParityCore

/// `parity letter verify FILE.pdf`: the code a PDF carries proves only that a genuine letter
/// exists; the page is what a reader trusts. So a PDF is valid only when the page's text, as
/// poppler reads it, shows the verification code and the holder of the signed code it
/// carries: a genuine code in a PDF whose page was changed is `tampered`.
public enum LetterPDFCheck {
    public static func verify(
        _ pdf: [UInt8], keys: [String: [UInt8]]
    ) throws(SignedLetter.ReadError)
        -> LetterQR.Verification
    {
        var checked = try LetterQR.verify(try LetterPDFPayload.read(pdf), keys: keys)
        guard case .valid = checked.verdict else { return checked }
        let page = Self.squeezed(try text(pdf))
        var missing: [String] = []
        if !page.contains(Self.squeezed(checked.fields.verificationCode)) {
            missing.append("the verification code \(checked.fields.verificationCode)")
        }
        // poppler gives right-to-left lines in visual order (pdftotext reorders them): a name in
        // Arabic or Hebrew script is found as printed or reversed.
        let holder = Self.squeezed(checked.fields.holder)
        if !page.contains(holder) && !page.contains(String(String.UnicodeScalarView(holder.unicodeScalars.reversed())))
        {
            missing.append("the holder '\(checked.fields.holder)'")
        }
        if !missing.isEmpty {
            checked.verdict = .tampered(
                "the page does not show \(missing.joined(separator: " or ")) of the signed code it carries: "
                    + "the page was changed, or the code was taken from another letter")
        }
        return checked
    }

    /// Whitespace (and line breaks poppler puts where the page wraps) and the direction marks
    /// it puts around right-to-left lines removed, for comparing.
    static func squeezed(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter { !$0.properties.isWhitespace && $0.properties.generalCategory != .format }))
    }

    /// The text of every page, as poppler reads it.
    static func text(_ pdf: [UInt8]) throws(SignedLetter.ReadError) -> String {
        let bytes = pdf.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(bytes) }
        var error: UnsafeMutablePointer<GError>?
        guard let document = poppler_document_new_from_bytes(bytes, nil, &error) else {
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "not a readable PDF"
            if let error { g_error_free(error) }
            throw .notALetter("the PDF's pages cannot be read: \(message)")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        var text = ""
        for index in 0..<poppler_document_get_n_pages(document) {
            guard let page = poppler_document_get_page(document, index) else { continue }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            if let chars = poppler_page_get_text(page) {
                text += String(cString: chars) + "\n"
                g_free(chars)
            }
        }
        return text
    }
}
