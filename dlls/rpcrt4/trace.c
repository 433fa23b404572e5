/* trace.c: the trace facility of trace.h: parses RPCRT4_TRACE and writes one line per event to stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#endif
#include "trace.h"

unsigned int trace_mask = 1u << TRACE_STUB;

static const char *const area_names[TRACE_AREA_COUNT] =
{
    "stub", "api", "uuid", "binding", "except", "async", "call", "pdu", "ndr", "engine",
};

static unsigned int area_bits(const char *word, size_t len)
{
    unsigned int i;
    if (len == 3 && !strncmp(word, "all", 3)) return ~0u;
    for (i = 0; i < TRACE_AREA_COUNT; i++)
        if (strlen(area_names[i]) == len && !strncmp(word, area_names[i], len)) return 1u << i;
    return 0;
}

/* "call,pdu" adds areas; "-stub" removes one; "all" and "-all" switch everything. Unknown words are ignored. */
void trace_init(const char *spec)
{
    while (spec && *spec)
    {
        size_t len = strcspn(spec, ",");
        if (*spec == '-') trace_mask &= ~area_bits(spec + 1, len - 1);
        else if (len) trace_mask |= area_bits(spec, len);
        spec += len;
        if (*spec == ',') spec++;
    }
}

void trace_write(enum trace_area area, const char *func, const char *fmt, ...)
{
    char line[1024];
    int used;
    va_list args;
    unsigned long thread = 0;
#ifdef _WIN32
    thread = GetCurrentThreadId();
#endif
    used = snprintf(line, sizeof(line), "rpcrt4:%04lx:%s:%s ", thread, area_names[area], func);
    va_start(args, fmt);
    if (used >= 0 && (size_t)used < sizeof(line)) vsnprintf(line + used, sizeof(line) - used, fmt, args);
    va_end(args);
    /* one write per line, so lines of different threads do not interleave */
    fprintf(stderr, "%s%s", line, line[strlen(line) - 1] == '\n' ? "" : "\n");
    fflush(stderr);
}
