/* portable_alloc.h: the allocator of the portable modules, with a failure switch for allocation-failure tests. */
#ifndef RPCRT4_PORTABLE_ALLOC_H
#define RPCRT4_PORTABLE_ALLOC_H

#include <stddef.h>

/* malloc, realloc and free for the portable code (pdu, ndr wire). NULL on failure, as the C library's. */
void *portable_alloc(size_t size);
void *portable_realloc(void *ptr, size_t size);
void portable_free(void *ptr);

#ifdef PORTABLE_ALLOC_TESTING
/* Host tests only (built with -DPORTABLE_ALLOC_TESTING): the allocation numbered n from now fails (0 is the
 * next one) and every later one succeeds again; -1 switches failures off. */
void portable_alloc_fail_at(long n);
/* How many allocations (alloc and realloc) were asked for since the start, and how many are still live. */
long portable_alloc_calls(void);
long portable_alloc_live(void);
#endif

#endif
