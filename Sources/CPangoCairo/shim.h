#ifndef PARITY_CPANGOCAIRO_SHIM_H
#define PARITY_CPANGOCAIRO_SHIM_H
/* Letters are set with pango (harfbuzz shaping, fribidi, fontconfig fallback) on cairo's PDF
   surface, which embeds subsets of the fonts it uses. */
#include <stdint.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <fribidi.h>

/* The direction of a paragraph by its first strong character (Unicode bidi rules P2-P3):
   1 left to right, -1 right to left, 0 none (digits and punctuation only). FRIBIDI_IS_* are
   macros, which Swift does not import. */
static inline int parity_paragraph_direction(const uint32_t *text, long length) {
    for (long i = 0; i < length; i++) {
        FriBidiCharType type = fribidi_get_bidi_type((FriBidiChar)text[i]);
        if (FRIBIDI_IS_LETTER(type)) return FRIBIDI_IS_RTL(type) ? -1 : 1;
    }
    return 0;
}

/* PANGO_GLYPH_UNKNOWN_FLAG is a cast macro, which Swift does not import. */
static inline int parity_glyph_is_unknown(PangoGlyph glyph) { return (glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0; }
#endif
