#ifndef PARITY_CLIBXML2_SHIM_H
#define PARITY_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its headers clash with Foundation's bundled ICU.
   Undefining this only hides two trailing fields of xmlCharEncodingHandler, which we never use. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
/* From libxml/xmlschemastypes.h, declared alone: that header makes xmlSchema a complete type. */
XMLPUBFUN void XMLCALL xmlSchemaInitTypes(void);
#include <libxml/dict.h>
#include <libxml/catalog.h>
#include <libxml/xmlIO.h>
#include <libxml/tree.h>

/* libxml2's "generic" error channel is variadic, which Swift cannot implement. Structured
   errors carry everything we report; this silences the generic channel for the calling
   thread (libxml2 keeps it per thread) so nothing is printed behind the operator's back. */
static void parity_xml_ignore_generic(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void parity_xml_silence_generic_errors(void) { xmlSetGenericErrorFunc(NULL, parity_xml_ignore_generic); }
/* xmlFree is a global function pointer, which Swift 6 will not read from any thread. */
static inline void parity_xml_free(void *pointer) { xmlFree(pointer); }
#endif
