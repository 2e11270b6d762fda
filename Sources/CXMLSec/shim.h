#ifndef PARITY_CXMLSEC_SHIM_H
#define PARITY_CXMLSEC_SHIM_H
/* libxmlsec1 (Debian libxmlsec1-dev, the OpenSSL engine): only ParityXMLSecGlue uses it, in C;
   Swift sees the glue's plain C API, never libxml2's or xmlsec's types. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <xmlsec/xmlsec.h>
#endif
