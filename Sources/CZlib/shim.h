/* CZlib shim: the system zlib's header plus the one static inline wrapper for what Swift cannot
 * import (inflateInit2 is a function-like macro). Nothing else belongs here. */
#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H

#include <zlib.h>

/* inflateInit2 is a macro over inflateInit2_ (it passes ZLIB_VERSION and sizeof(z_stream)), which
 * Swift does not import. windowBits: 15 + 16 reads gzip, 15 reads zlib ("deflate"). */
static inline int czlib_inflate_init2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

#endif
