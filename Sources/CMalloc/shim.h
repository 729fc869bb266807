/* CMalloc shim: glibc's allocator tuning (<malloc.h>, which Swift's Glibc module does not include),
 * for backtestd to make large freed blocks go back to the system. Nothing else belongs here. */
#ifndef CMALLOC_SHIM_H
#define CMALLOC_SHIM_H

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>

/* Serves blocks of at least `bytes` from their own mappings (fixing glibc's otherwise growing
 * threshold), so that freeing one unmaps it. Returns 1 on success. */
static inline int cmalloc_set_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }
#else
static inline int cmalloc_set_mmap_threshold(int bytes) { (void)bytes; return 0; }
#endif

#endif
