#ifndef PARITY_CQRENCODE_SHIM_H
#define PARITY_CQRENCODE_SHIM_H
/* libqrencode: the QR code on each letter (ISO/IEC 18004), error correction level M. */
#include <qrencode.h>
#endif
