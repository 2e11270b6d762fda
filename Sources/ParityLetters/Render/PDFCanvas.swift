import CPangoCairo
import Foundation

/// Why a letter was not rendered. A letter that cannot print its holder's name exactly is not
/// written at all: a misspelt letter is worse than none.
public enum LetterRenderError: Error, Sendable, CustomStringConvertible {
    /// No installed font has a glyph for these characters of this field.
    case unprintable(field: String, scalars: [Unicode.Scalar])
    /// cairo failed (out of memory, an error writing the document).
    case cairo(String)
    /// libqrencode could not make the QR code, or it would be larger than a letter allows.
    case qrCode(String)

    public var description: String {
        switch self {
        case .unprintable(let field, let scalars): return "\(field): " + Self.unprintable(scalars)
        case .cairo(let why): return "the PDF could not be written: \(why)"
        case .qrCode(let why): return "the QR code could not be made: \(why)"
        }
    }

    /// "no installed font can print U+10FFFD; install ...".
    public static func unprintable(_ scalars: [Unicode.Scalar]) -> String {
        let listed = scalars.prefix(8).map { String(format: "U+%04X", $0.value) }.joined(separator: ", ")
        return
            "no installed font can print \(listed)\(scalars.count > 8 ? " and \(scalars.count - 8) more" : ""); install the Noto fonts for that script (Debian: fonts-noto-core, fonts-noto-cjk) or correct the text"
    }
}

/// A4 pages on cairo's PDF surface, written to memory, which embeds a subset of each font it
/// uses. Text is set by pango (harfbuzz shaping, fribidi, fontconfig fallback) one paragraph at
/// a time, each in its own direction (that of its first strong character, else the letter's),
/// aligned to the letter's start side; a paragraph continues line by line on the next page.
///
/// One canvas per letter, on one thread, and one canvas at a time in the process
/// (`LetterPDF.render` holds a lock): the font machinery under pango and cairo is shared.
final class PDFCanvas {
    static let pageWidth = 595.0, pageHeight = 842.0, margin = 50.0
    static let contentWidth = pageWidth - 2 * margin
    /// Noto first for every script a holder's name is likely to be in, so that fontconfig's
    /// fallback does not pick another family first; it still finds any other installed font.
    static let families =
        "Noto Sans, Noto Sans Arabic, Noto Sans Bengali, Noto Sans Devanagari, Noto Sans Thai, Noto Sans Sinhala, "
        + "Noto Sans Tamil, Noto Sans Gurmukhi, Noto Sans Gujarati, Noto Sans Telugu, Noto Sans Kannada, Noto Sans Malayalam, "
        + "Noto Sans Myanmar, Noto Sans Khmer, Noto Sans Lao, Noto Sans Ethiopic, Noto Sans Hebrew, Noto Sans Georgian, "
        + "Noto Sans Armenian, Noto Sans CJK SC, Noto Sans Symbols"

    let rightToLeft: Bool
    private let sink = PDFSink()
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    private let contexts: [OpaquePointer]
    /// One layout per direction: [left to right, right to left].
    private let layouts: [OpaquePointer]
    private let font: OpaquePointer
    private(set) var y = PDFCanvas.margin

    init(rightToLeft: Bool) throws(LetterRenderError) {
        self.rightToLeft = rightToLeft
        surface = cairo_pdf_surface_create_for_stream(
            pdfWrite, Unmanaged.passUnretained(sink).toOpaque(), Self.pageWidth, Self.pageHeight)
        cr = cairo_create(surface)
        let options = cairo_font_options_create()
        // Unhinted metrics and unrounded positions: glyphs sit where the font puts them, so a
        // reader extracting the text finds no gaps inside words.
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        var contexts: [OpaquePointer] = [], layouts: [OpaquePointer] = []
        for direction in [PANGO_DIRECTION_LTR, PANGO_DIRECTION_RTL] {
            guard let context = pango_cairo_create_context(cr), let layout = pango_layout_new(context) else {
                cairo_font_options_destroy(options)
                for object in layouts + contexts { g_object_unref(UnsafeMutableRawPointer(object)) }
                cairo_destroy(cr)
                cairo_surface_destroy(surface)
                throw .cairo("pango could not make a layout context")
            }
            pango_cairo_context_set_font_options(context, options)
            pango_context_set_round_glyph_positions(context, 0)
            pango_context_set_base_dir(context, direction)
            pango_layout_set_auto_dir(layout, 0)
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
            pango_layout_set_alignment(layout, rightToLeft ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT)
            if let attributes = pango_attr_list_new() {
                // No ligatures: every glyph stands for one letter. Lam-alef as two letters, not
                // the required ligature (in both directions, as an Arabic name may stand in a
                // left-to-right line): poppler (pdftotext 22.12) reverses the letters of a
                // ligature in right-to-left text, so "صلاح" would be read back as "صالح".
                // Legible either way; read back exactly only this way. Without "fi" and the
                // like, cairo also needs one font subset fewer per font (36 KB a letter, not 43).
                pango_attr_list_insert(attributes, pango_attr_font_features_new("rlig=0, liga=0"))
                pango_layout_set_attributes(layout, attributes)
                pango_attr_list_unref(attributes)
            }
            contexts.append(context)
            layouts.append(layout)
        }
        cairo_font_options_destroy(options)
        self.contexts = contexts
        self.layouts = layouts
        font = pango_font_description_from_string(Self.families)
    }

    deinit {
        for object in layouts + contexts { g_object_unref(UnsafeMutableRawPointer(object)) }
        pango_font_description_free(font)
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    func setMetadata(_ field: cairo_pdf_metadata_t, _ value: String) {
        cairo_pdf_surface_set_metadata(surface, field, value)
    }

    func gap(_ points: Double) { y += points }

    /// A paragraph at the current line, `indent` points in from the start side and at most
    /// `width` wide; the current line moves below it. `field` names the text in errors.
    func text(
        _ text: String, field: String, size: Double, bold: Bool = false, indent: Double = 0,
        width: Double = contentWidth
    ) throws(LetterRenderError) {
        let normalised = Self.printable(text)
        let scalars = normalised.unicodeScalars.map(\.value)
        let direction = scalars.withUnsafeBufferPointer { parity_paragraph_direction($0.baseAddress, $0.count) }
        let layout = layouts[direction < 0 || (direction == 0 && rightToLeft) ? 1 : 0]
        pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_absolute_size(font, size * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, font)
        pango_layout_set_width(layout, Int32((width - indent) * Double(PANGO_SCALE)))
        pango_layout_set_text(layout, normalised, -1)
        if pango_layout_get_unknown_glyphs_count(layout) > 0 {
            throw .unprintable(field: field, scalars: Self.unknownScalars(layout))
        }
        show(layout, x: rightToLeft ? Self.margin + Self.contentWidth - width : Self.margin + indent)
    }

    /// A QR code as an image of one pixel per module, black on white, scaled to `module`
    /// points a module with no smoothing (the PDF's image is not interpolated), its top left
    /// corner at (x, y) on the current page. One small image rather than a rectangle per run of
    /// modules: a fraction of the bytes to write and compress.
    func qrCode(_ symbol: QRSymbol, x: Double, y top: Double, module: Double) throws(LetterRenderError) {
        guard let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(symbol.size), Int32(symbol.size)),
            cairo_surface_status(image) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(image)
        else { throw .cairo("no memory for the QR code's image") }
        defer { cairo_surface_destroy(image) }
        let stride = Int(cairo_image_surface_get_stride(image))
        data.withMemoryRebound(to: UInt32.self, capacity: stride / 4 * symbol.size) { pixels in
            for row in 0..<symbol.size {
                for column in 0..<symbol.size {
                    pixels[row * stride / 4 + column] = symbol.isDark(row: row, column: column) ? 0 : 0xFFFFFF
                }
            }
        }
        cairo_surface_mark_dirty(image)
        cairo_save(cr)
        cairo_translate(cr, x, top)
        cairo_scale(cr, module, module)
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    /// Moves the current line to `y` on this page (after a block set beside a QR code).
    func moveTo(y: Double) { self.y = y }

    /// The finished document.
    func finish() throws(LetterRenderError) -> [UInt8] {
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(String(cString: cairo_status_to_string(status))) }
        return sink.bytes
    }

    /// Lines drawn one by one, so that a paragraph longer than what is left of the page goes on
    /// on the next.
    private func show(_ layout: OpaquePointer, x: Double) {
        let iter = pango_layout_get_iter(layout)
        defer { pango_layout_iter_free(iter) }
        let bottom = Self.pageHeight - Self.margin
        var top = y
        repeat {
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, nil, &logical)
            if top + Self.points(logical.y + logical.height) > bottom, top + Self.points(logical.y) > Self.margin + 1 {
                cairo_show_page(cr)
                top = Self.margin - Self.points(logical.y)
            }
            cairo_move_to(cr, x + Self.points(logical.x), top + Self.points(pango_layout_iter_get_baseline(iter)))
            pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(iter))
            y = top + Self.points(logical.y + logical.height)
        } while pango_layout_iter_next_line(iter) != 0
    }

    private static func points(_ units: Int32) -> Double { Double(units) / Double(PANGO_SCALE) }

    /// NFC (so that a reader gets back the composed characters), with tabs and line breaks as
    /// spaces: a data string is one paragraph.
    static func printable(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            out.append(scalar.value == 0x09 || scalar.value == 0x0A || scalar.value == 0x0D ? " " : scalar)
        }
        return String(out)
    }

    /// The characters pango found no glyph for: it draws them as boxes holding the code point.
    private static func unknownScalars(_ layout: OpaquePointer) -> [Unicode.Scalar] {
        let iter = pango_layout_get_iter(layout)
        defer { pango_layout_iter_free(iter) }
        var found: [Unicode.Scalar] = []
        repeat {
            guard let run = pango_layout_iter_get_run_readonly(iter), let glyphs = run.pointee.glyphs else { continue }
            for i in 0..<Int(glyphs.pointee.num_glyphs) {
                let glyph = glyphs.pointee.glyphs[i].glyph
                if parity_glyph_is_unknown(glyph) != 0, let scalar = Unicode.Scalar(glyph & 0x0FFF_FFFF),
                    !found.contains(scalar)
                {
                    found.append(scalar)
                }
            }
        } while pango_layout_iter_next_run(iter) != 0
        return found
    }
}

/// Where cairo writes the document.
final class PDFSink {
    var bytes: [UInt8] = []
    init() { bytes.reserveCapacity(64 * 1024) }
}

private let pdfWrite: cairo_write_func_t = { closure, data, length in
    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
    Unmanaged<PDFSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(
        contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}
