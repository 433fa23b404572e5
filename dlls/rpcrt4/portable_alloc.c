/* portable_alloc.c: the portable modules' allocator; host tests add a switch that fails one chosen allocation. */
#include <stdlib.h>
#include "portable_alloc.h"

#ifdef PORTABLE_ALLOC_TESTING
static long calls, live, fail_at = -1;

void portable_alloc_fail_at(long n)
{
    fail_at = n < 0 ? -1 : calls + n;
}

long portable_alloc_calls(void)
{
    return calls;
}

long portable_alloc_live(void)
{
    return live;
}

/* TRUE when this allocation is the one chosen to fail. */
static int should_fail(void)
{
    return calls++ == fail_at;
}
#else
static int should_fail(void)
{
    return 0;
}
#endif

void *portable_alloc(size_t size)
{
    void *ptr = should_fail() ? NULL : malloc(size ? size : 1);
#ifdef PORTABLE_ALLOC_TESTING
    if (ptr) live++;
#endif
    return ptr;
}

void *portable_realloc(void *ptr, size_t size)
{
    void *grown;

    if (!ptr) return portable_alloc(size);
    grown = should_fail() ? NULL : realloc(ptr, size ? size : 1);
    return grown;
}

void portable_free(void *ptr)
{
#ifdef PORTABLE_ALLOC_TESTING
    if (ptr) live--;
#endif
    free(ptr);
}
