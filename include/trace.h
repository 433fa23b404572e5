/* trace.h: the DLL's one trace facility, switched on per area by RPCRT4_TRACE, free when off. */
#ifndef RPCRT4_TRACE_H
#define RPCRT4_TRACE_H

/* One bit per area; RPCRT4_TRACE=uuid,binding names them, "all" sets every one, "-stub" clears one.
 * Only "stub" (an unimplemented export was called) is on by default. */
enum trace_area
{
    TRACE_STUB,      /* an unimplemented export was called (on by default) */
    TRACE_API,       /* entry into an implemented export */
    TRACE_UUID,
    TRACE_BINDING,
    TRACE_EXCEPT,    /* exceptions raised and caught */
    TRACE_ASYNC,
    TRACE_CALL,
    TRACE_PDU,
    TRACE_NDR,
    TRACE_ENGINE,    /* the completion port, its workers and timers */
    TRACE_AREA_COUNT
};

extern unsigned int trace_mask;

/* Parses a comma-separated RPCRT4_TRACE value into trace_mask; NULL leaves the default. */
void trace_init(const char *spec);
void trace_write(enum trace_area area, const char *func, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define TRACE_ON(area) (trace_mask & (1u << (area)))
/* TRACE(TRACE_UUID, "%s -> %ld", str, status): one line on stderr when the area is on. */
#define TRACE(area, ...) \
    do { if (TRACE_ON(area)) trace_write((area), __func__, __VA_ARGS__); } while (0)

#endif
