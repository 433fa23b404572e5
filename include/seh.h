/* seh.h: seh_call, the DLL's one way to catch structured exceptions (mingw-w64 gcc has no __try/__except). */
#ifndef RPCRT4_SEH_H
#define RPCRT4_SEH_H

#include <windows.h>

/* Decides about one exception: returns EXCEPTION_EXECUTE_HANDLER to catch it, EXCEPTION_CONTINUE_SEARCH to let
 * it pass to outer frames, or EXCEPTION_CONTINUE_EXECUTION to resume where it was raised (continuable
 * exceptions only: for a non-continuable one the system raises STATUS_NONCONTINUABLE_EXCEPTION instead).
 * It runs during the dispatch, on top of the stack of the frame that raised, before anything is unwound. */
typedef LONG (*seh_filter_fn)(EXCEPTION_POINTERS *pointers, void *filter_arg);

/* Runs body(arg). Returns TRUE if it returned normally (and sets *code to 0); FALSE if an exception was
 * caught, with its code in *code (code may be NULL). filter NULL means catch everything.
 *
 * It is frame-based, like __try/__except: an exception that an inner frame handles is never seen here, one
 * that the filter lets pass goes on to outer frames and the system unchanged, and catching one unwinds every
 * frame between (their unwind handlers run) before seh_call returns FALSE. Calls nest freely.
 *
 * An exception raised inside the filter itself is caught around the filter and discarded; the filter then
 * counts as having answered EXCEPTION_CONTINUE_SEARCH, so the original exception goes on to outer frames.
 * A filter must therefore not rely on raising to get anything done. */
BOOL seh_call(void (*body)(void *arg), void *arg, seh_filter_fn filter, void *filter_arg, DWORD *code);

/* For the architecture files seh_<arch>.c only: decides what a seh_call frame does with an exception the
 * system hands its handler. FALSE: do not catch, return *disposition to the system (the exception is
 * unwinding past, or the filter let it pass or resumed it). TRUE: catch it; the caller unwinds to seh_call.
 * The filter runs shielded from its own exceptions, as described above. */
BOOL seh_frame_catches(seh_filter_fn filter, void *filter_arg, EXCEPTION_RECORD *record, CONTEXT *context,
                       EXCEPTION_DISPOSITION *disposition);

#endif
