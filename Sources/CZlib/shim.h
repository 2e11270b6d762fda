#ifndef PARITY_CZLIB_SHIM_H
#define PARITY_CZLIB_SHIM_H
/* zlib: EMREX delivers ELMO transcripts as base64 of gzip; pool snapshots carry a CRC-32. */
#include <zlib.h>
/* inflateInit2 is a macro, which Swift does not import. 15 + 32: zlib or gzip, told by the header. */
static inline int parity_inflate_init(z_stream *stream) { return inflateInit2(stream, 15 + 32); }
#endif
