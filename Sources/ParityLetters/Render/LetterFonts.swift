import CPangoCairo
import Foundation

/// The font letters are set in, as fontconfig resolves it on this machine: operators see at
/// start whether the Noto fonts are installed, rather than at the first letter refused.
public enum LetterFonts {
    public static let wanted = "Noto Sans"

    /// The family fontconfig gives for `wanted`, or nil when no font at all can be loaded.
    public static func resolvedFamily() -> String? {
        LetterPDF.lock.lock()
        defer { LetterPDF.lock.unlock() }
        guard let map = pango_cairo_font_map_get_default(), let context = pango_font_map_create_context(map) else {
            return nil
        }
        defer { g_object_unref(UnsafeMutableRawPointer(context)) }
        let description = pango_font_description_from_string(wanted)
        defer { pango_font_description_free(description) }
        guard let font = pango_font_map_load_font(map, context, description) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(font)) }
        let described = pango_font_describe(font)
        defer { pango_font_description_free(described) }
        return pango_font_description_get_family(described).map { String(cString: $0) }
    }

    /// A warning for the log when letters would not be set in the Noto fonts; nil when they are.
    public static func warning() -> String? {
        switch resolvedFamily() {
        case wanted?: nil
        case let other?:
            "letters: '\(wanted)' is not installed (Debian: fonts-noto-core, fonts-noto-cjk); letters fall back to '\(other)', and a name in a script no installed font covers is refused"
        case nil:
            "letters: no font can be loaded (fontconfig found none); every letter will be refused until fonts-noto-core is installed"
        }
    }
}
