/* seh_i386.c: seh_call on i386: a registration record on the thread's fs:[0] chain, left by __builtin_longjmp. */
#include <windows.h>
#include "seh.h"
#include "trace.h"

/* On i386 exceptions are dispatched by chain: fs:[0] (NT_TIB.ExceptionList) heads a linked list of
 * EXCEPTION_REGISTRATION_RECORDs that live on the stack, innermost first, each naming its handler. The
 * system calls each handler with the record's address as EstablisherFrame until one handles the exception.
 * seh_call pushes one record for the duration of body(), embedded at the start of its frame structure so the
 * handler finds the rest from the record's address. */
struct frame
{
    EXCEPTION_REGISTRATION_RECORD record;   /* must stay first: EstablisherFrame points here */
    seh_filter_fn filter;
    void *filter_arg;
    DWORD code;                              /* the caught exception's code, for *code */
    void *jmp_buf[5];                        /* __builtin_setjmp's: frame pointer, resume label, stack pointer */
};

static inline EXCEPTION_REGISTRATION_RECORD *chain_head(void)
{
    EXCEPTION_REGISTRATION_RECORD *head;

    __asm__ volatile ("movl %%fs:0, %0" : "=r" (head) : : "memory");
    return head;
}

/* The "memory" clobber orders the write after every store that fills the record in, and before the call. */
static inline void set_chain_head(EXCEPTION_REGISTRATION_RECORD *head)
{
    __asm__ volatile ("movl %0, %%fs:0" : : "r" (head) : "memory");
}

/* The record's handler. The system calls it in two situations:
 * - dispatch (no unwind flag): an exception raised in body() looks for a handler. We ask the filter. To
 *   catch, RtlUnwind calls every record above ours with EXCEPTION_UNWINDING (the records of inner frames
 *   and the one the dispatcher itself pushed around this call) and unlinks them, leaving fs:[0] pointing at
 *   our record, then returns. __builtin_longjmp then restores seh_call's frame and stack pointers and jumps
 *   to its __builtin_setjmp, abandoning the dispatcher's frames below.
 * - unwind (EXCEPTION_UNWINDING, EXCEPTION_EXIT_UNWIND): a frame further out caught an exception and is
 *   unwinding past us. seh_call holds nothing that needs cleaning up; RtlUnwind unlinks our record. */
static EXCEPTION_DISPOSITION NTAPI frame_handler(struct _EXCEPTION_RECORD *record, PVOID establisher,
                                                 struct _CONTEXT *context, PVOID dispatch)
{
    struct frame *frame = establisher;
    EXCEPTION_DISPOSITION disposition;

    (void)dispatch;
    if (!seh_frame_catches(frame->filter, frame->filter_arg, record, context, &disposition)) return disposition;
    frame->code = record->ExceptionCode;
    RtlUnwind(&frame->record, NULL, record, NULL);
    __builtin_longjmp(frame->jmp_buf, 1);
}

/* __builtin_setjmp makes gcc save every callee-saved register in seh_call's prologue and treat them all as
 * clobbered where the jump lands, so after the jump seh_call reloads what it needs (frame, code) from its
 * stack frame, which the jump restored. The one value that changes in between, frame.code, is written by the
 * handler through memory and read back from memory. */
__attribute__((noinline))   /* keep the setjmp receiver in a frame of its own, whatever the optimiser does */
BOOL seh_call(void (*body)(void *arg), void *arg, seh_filter_fn filter, void *filter_arg, DWORD *code)
{
    struct frame frame;

    frame.record.Handler = frame_handler;
    frame.record.Next = chain_head();
    frame.filter = filter;
    frame.filter_arg = filter_arg;
    frame.code = 0;

    if (__builtin_setjmp(frame.jmp_buf))
    {
        /* caught: RtlUnwind left our record at the head of the chain; unlink it */
        set_chain_head(frame.record.Next);
        if (code) *code = frame.code;
        return FALSE;
    }

    set_chain_head(&frame.record);
    body(arg);
    set_chain_head(frame.record.Next);
    if (code) *code = 0;
    return TRUE;
}
