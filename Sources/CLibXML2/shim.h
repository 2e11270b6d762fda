#ifndef PARITY_CLIBXML2_SHIM_H
#define PARITY_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its headers clash with Foundation's bundled ICU.
   Undefining this only hides two trailing fields of xmlCharEncodingHandler, which we never use. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/dict.h>
#endif
