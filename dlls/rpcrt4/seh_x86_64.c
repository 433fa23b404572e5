/* seh_x86_64.c: seh_call on x86_64: an assembly wrapper whose unwind data names a C language-specific handler. */
#include <stddef.h>
#include <windows.h>
#include "seh.h"
#include "trace.h"

/* On x86_64 exceptions are dispatched by table: for each frame on the stack the system looks up the
 * function's unwind data (.pdata/.xdata), and when that data names a language-specific handler (flag
 * UNW_FLAG_EHANDLER) it calls the handler as an EXCEPTION_ROUTINE with the frame's EstablisherFrame: the
 * function's stack pointer after its prologue. gcc cannot give a C function such a handler, so seh_call
 * is written in assembly below with `.seh_handler frame_handler, @except`.
 *
 * seh_call's stack frame, from its EstablisherFrame (rsp after `sub $72, %rsp`):
 *     +0    32-byte home area for body()'s register arguments (the x64 calling convention's shadow space)
 *     +32   struct frame, below
 *     +64   8 bytes of padding that keep rsp 16-byte aligned at the call
 *     +72   the return address, then the caller's home area; seh_call's 5th argument `code` is at +112 */
struct frame
{
    seh_filter_fn filter;
    void *filter_arg;
    void *resume;     /* the instruction where a caught exception resumes, with eax = FALSE */
    DWORD code;       /* the caught exception's code, for *code */
};
#define FRAME_OFFSET 32

/* The assembly below hard-codes these offsets. */
_Static_assert(offsetof(struct frame, filter) == 0, "asm stores filter at 32(%rsp)");
_Static_assert(offsetof(struct frame, filter_arg) == 8, "asm stores filter_arg at 40(%rsp)");
_Static_assert(offsetof(struct frame, resume) == 16, "asm stores resume at 48(%rsp)");
_Static_assert(offsetof(struct frame, code) == 24, "asm uses code at 56(%rsp)");
_Static_assert(FRAME_OFFSET + sizeof(struct frame) <= 72, "struct frame fits the 72-byte allocation");

/* The language-specific handler of seh_call's frame. The system calls it in two situations:
 * - dispatch (no unwind flag): an exception raised somewhere below seh_call looks for a handler. We ask the
 *   filter. To catch, we call RtlUnwindEx: it runs the unwind handlers of every frame between the raise and
 *   seh_call (the last one, seh_call's own, with EXCEPTION_TARGET_UNWIND), then restores the context of
 *   seh_call's frame as it was at the body() call, except rip = frame->resume, rsp = EstablisherFrame and
 *   rax = the ReturnValue argument (0, FALSE). RtlUnwindEx does not return.
 * - unwind (EXCEPTION_UNWINDING): some frame further out caught an exception, or seh_call itself is the
 *   target of its own unwind. seh_call holds nothing that needs cleaning up, so we let it pass. */
static EXCEPTION_DISPOSITION NTAPI __attribute__((used))
frame_handler(struct _EXCEPTION_RECORD *record, PVOID establisher, struct _CONTEXT *context, PVOID dispatch_arg)
{
    DISPATCHER_CONTEXT *dispatch = dispatch_arg;
    struct frame *frame = (struct frame *)((char *)establisher + FRAME_OFFSET);
    EXCEPTION_DISPOSITION disposition;
    CONTEXT scratch;   /* RtlUnwindEx's working context while it walks the frames */

    if (!seh_frame_catches(frame->filter, frame->filter_arg, record, context, &disposition)) return disposition;
    frame->code = record->ExceptionCode;
    RtlUnwindEx(establisher, frame->resume, record, NULL, &scratch, dispatch->HistoryTable);
    return ExceptionContinueSearch;   /* not reached */
}

/* BOOL seh_call(body: rcx, arg: rdx, filter: r8, filter_arg: r9, code: 112(%rsp) after the prologue) */
__asm__(
    "    .text\n"
    "    .globl seh_call\n"
    "    .def seh_call; .scl 2; .type 32; .endef\n"
    "    .p2align 4\n"
    "seh_call:\n"
    "    .seh_proc seh_call\n"
    "    .seh_handler frame_handler, @except\n"
    "    subq $72, %rsp\n"
    "    .seh_stackalloc 72\n"
    "    .seh_endprologue\n"
    "    movq %r8, 32(%rsp)\n"          /* frame.filter */
    "    movq %r9, 40(%rsp)\n"          /* frame.filter_arg */
    "    leaq 1f(%rip), %rax\n"
    "    movq %rax, 48(%rsp)\n"         /* frame.resume */
    "    movl $0, 56(%rsp)\n"           /* frame.code: 0 unless something is caught */
    "    movq %rcx, %rax\n"
    "    movq %rdx, %rcx\n"
    "    callq *%rax\n"                 /* body(arg); its return address lies inside seh_call, so the
                                           unwinder finds seh_call's handler for anything body raises */
    "    movl $1, %eax\n"               /* returned normally: TRUE */
    "1:  movq 112(%rsp), %rdx\n"        /* a caught exception resumes here with eax = 0 (FALSE) */
    "    testq %rdx, %rdx\n"
    "    je 2f\n"
    "    movl 56(%rsp), %ecx\n"
    "    movl %ecx, (%rdx)\n"           /* *code = frame.code */
    "2:  addq $72, %rsp\n"
    "    ret\n"
    "    .seh_endproc\n"
);
