/* seh.c: the architecture-independent half of seh_call: running a frame's filter, shielded from its exceptions. */
#include <windows.h>
#include "seh.h"
#include "trace.h"

/* One filter invocation, packed for the nested seh_call that shields it. */
struct filter_call
{
    seh_filter_fn filter;
    void *filter_arg;
    EXCEPTION_POINTERS pointers;
    LONG result;
};

static void call_filter(void *arg)
{
    struct filter_call *call = arg;

    call->result = call->filter(&call->pointers, call->filter_arg);
}

/* Runs a frame's filter while an exception is being dispatched through its seh_call frame.
 *
 * The filter runs inside a nested seh_call that catches everything. Without it, an exception raised by the
 * filter would be dispatched from here, walk back through the frames that raised the first one, reach this
 * same seh_call frame and run the same filter again, possibly for ever. The nested frame is the first one
 * that exception meets, so it is caught right here and unwinds nothing but the filter's own frames. */
static LONG run_filter(seh_filter_fn filter, void *filter_arg, EXCEPTION_RECORD *record, CONTEXT *context)
{
    struct filter_call call;
    DWORD nested_code;

    if (!filter) return EXCEPTION_EXECUTE_HANDLER;

    call.filter = filter;
    call.filter_arg = filter_arg;
    call.pointers.ExceptionRecord = record;
    call.pointers.ContextRecord = context;
    call.result = EXCEPTION_CONTINUE_SEARCH;
    if (!seh_call(call_filter, &call, NULL, NULL, &nested_code))
    {
        TRACE(TRACE_EXCEPT, "filter raised %#lx while deciding on %#lx; passing %#lx on",
              nested_code, record->ExceptionCode, record->ExceptionCode);
        return EXCEPTION_CONTINUE_SEARCH;
    }
    /* The same reading of the answer as the C compilers' __except: positive catches, negative resumes. */
    if (call.result > 0) return EXCEPTION_EXECUTE_HANDLER;
    if (call.result < 0) return EXCEPTION_CONTINUE_EXECUTION;
    return EXCEPTION_CONTINUE_SEARCH;
}

BOOL seh_frame_catches(seh_filter_fn filter, void *filter_arg, EXCEPTION_RECORD *record, CONTEXT *context,
                       EXCEPTION_DISPOSITION *disposition)
{
    *disposition = ExceptionContinueSearch;
    /* Unwinding: a frame further out caught something; seh_call holds nothing to clean up. */
    if (record->ExceptionFlags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)) return FALSE;

    switch (run_filter(filter, filter_arg, record, context))
    {
    case EXCEPTION_CONTINUE_SEARCH: return FALSE;
    case EXCEPTION_CONTINUE_EXECUTION:
        *disposition = ExceptionContinueExecution;
        return FALSE;
    default:
        TRACE(TRACE_EXCEPT, "caught %#lx raised at %p", record->ExceptionCode, record->ExceptionAddress);
        return TRUE;
    }
}
