#ifndef PARITY_CPOPPLER_SHIM_H
#define PARITY_CPOPPLER_SHIM_H
/* poppler-glib: `parity letter verify FILE.pdf` reads the text the page shows. */
#include <poppler.h>
#endif
