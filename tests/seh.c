/* seh.c: tests of seh_call, the DLL's internal structured exception catcher, linked into the test program. */
#include <stdio.h>
#include <windows.h>
#include <rpc.h>
#include "seh.h"
#include "test.h"

#define CODE_CUSTOM  0xe0001234
#define CODE_OTHER   0xe0005678
#define CODE_FILTER  0xe0000bad

/* What a test filter saw and how it answers; filter_arg points at one of these. */
struct seen
{
    LONG answer;                  /* the filter's return value */
    DWORD answer_only_for;        /* if nonzero, answer only for this code, CONTINUE_SEARCH for others */
    int calls;
    DWORD code, flags, nparams;
    ULONG_PTR params[EXCEPTION_MAXIMUM_PARAMETERS];
    void *address;
    BOOL has_context;
};

static LONG record_filter(EXCEPTION_POINTERS *pointers, void *filter_arg)
{
    struct seen *seen = filter_arg;
    EXCEPTION_RECORD *record = pointers->ExceptionRecord;
    DWORD i;

    seen->calls++;
    seen->code = record->ExceptionCode;
    seen->flags = record->ExceptionFlags;
    seen->nparams = record->NumberParameters;
    for (i = 0; i < record->NumberParameters && i < EXCEPTION_MAXIMUM_PARAMETERS; i++)
        seen->params[i] = record->ExceptionInformation[i];
    seen->address = record->ExceptionAddress;
    seen->has_context = pointers->ContextRecord != NULL;
    if (seen->answer_only_for && record->ExceptionCode != seen->answer_only_for) return EXCEPTION_CONTINUE_SEARCH;
    return seen->answer;
}

static void init_seen(struct seen *seen, LONG answer)
{
    memset(seen, 0, sizeof(*seen));
    seen->answer = answer;
}

/* Bodies. */
static volatile int reached_end;   /* volatile: gcc may not move the store before a faulting one */

static void body_normal(void *arg)
{
    *(int *)arg += 1;
}

static void body_raise_custom(void *arg)
{
    ULONG_PTR params[3] = { 11, 22, (ULONG_PTR)arg };

    RaiseException(CODE_CUSTOM, 0, 3, params);
    reached_end = 1;
}

static void body_write_null(void *arg)
{
    volatile int *volatile null_pointer = NULL;

    (void)arg;
    *null_pointer = 1;
    reached_end = 1;
}

static void body_rpc_raise(void *arg)
{
    RpcRaiseException((RPC_STATUS)(ULONG_PTR)arg);
}

static void test_normal_return(void)
{
    DWORD code = 0xdeadbeef;
    struct seen seen;
    int counter = 0;
    BOOL ret;

    init_seen(&seen, EXCEPTION_EXECUTE_HANDLER);
    ret = seh_call(body_normal, &counter, record_filter, &seen, &code);
    ok(ret == TRUE, "got %d\n", ret);
    ok(counter == 1, "body ran %d times\n", counter);
    ok(code == 0, "code %#lx\n", code);
    ok(seen.calls == 0, "filter called %d times\n", seen.calls);

    ret = seh_call(body_normal, &counter, NULL, NULL, NULL);
    ok(ret == TRUE, "NULL filter and code: got %d\n", ret);
    ok(counter == 2, "body ran %d times\n", counter);
}

static void test_custom_exception(void)
{
    DWORD code = 0xdeadbeef;
    struct seen seen;
    BOOL ret;
    int marker;

    init_seen(&seen, EXCEPTION_EXECUTE_HANDLER);
    reached_end = 0;
    ret = seh_call(body_raise_custom, &marker, record_filter, &seen, &code);
    ok(ret == FALSE, "got %d\n", ret);
    ok(code == CODE_CUSTOM, "code %#lx\n", code);
    ok(!reached_end, "body went on after the raise\n");
    ok(seen.calls == 1, "filter called %d times\n", seen.calls);
    ok(seen.code == CODE_CUSTOM, "filter saw code %#lx\n", seen.code);
    ok((seen.flags & EXCEPTION_NONCONTINUABLE) == 0, "filter saw flags %#lx\n", seen.flags);
    ok(seen.nparams == 3, "filter saw %lu parameters\n", seen.nparams);
    ok(seen.params[0] == 11, "param 0: %lu\n", (unsigned long)seen.params[0]);
    ok(seen.params[1] == 22, "param 1: %lu\n", (unsigned long)seen.params[1]);
    ok(seen.params[2] == (ULONG_PTR)&marker, "param 2: %p, expected %p\n", (void *)seen.params[2], &marker);
    ok(seen.has_context, "filter got no context\n");

    /* NULL filter catches everything; NULL code is allowed */
    ret = seh_call(body_raise_custom, NULL, NULL, NULL, NULL);
    ok(ret == FALSE, "NULL filter: got %d\n", ret);
    ret = seh_call(body_raise_custom, NULL, NULL, NULL, &code);
    ok(ret == FALSE && code == CODE_CUSTOM, "NULL filter: got %d, code %#lx\n", ret, code);
}

static void test_access_violation(void)
{
    DWORD code = 0xdeadbeef;
    struct seen seen;
    int counter = 0;
    BOOL ret;

    init_seen(&seen, EXCEPTION_EXECUTE_HANDLER);
    reached_end = 0;
    ret = seh_call(body_write_null, NULL, record_filter, &seen, &code);
    ok(ret == FALSE, "got %d\n", ret);
    ok(code == EXCEPTION_ACCESS_VIOLATION, "code %#lx\n", code);
    ok(!reached_end, "body went on after the fault\n");
    ok(seen.calls == 1, "filter called %d times\n", seen.calls);
    ok(seen.nparams == 2, "filter saw %lu parameters\n", seen.nparams);
    ok(seen.params[0] == 1, "access type %lu, expected 1 (write)\n", (unsigned long)seen.params[0]);
    ok(seen.params[1] == 0, "fault address %p\n", (void *)seen.params[1]);

    /* and life goes on: the same thread catches and runs normally again */
    ret = seh_call(body_write_null, NULL, NULL, NULL, &code);
    ok(ret == FALSE && code == EXCEPTION_ACCESS_VIOLATION, "second fault: got %d, code %#lx\n", ret, code);
    ret = seh_call(body_normal, &counter, NULL, NULL, &code);
    ok(ret == TRUE && counter == 1 && code == 0, "after faults: got %d, counter %d, code %#lx\n",
       ret, counter, code);
}

/* Nesting: an inner seh_call inside an outer one's body. */
struct nested
{
    struct seen inner, outer;
    void (*inner_body)(void *arg);
    BOOL inner_ret;
    DWORD inner_code;
    int after_inner;
};

static void body_nested(void *arg)
{
    struct nested *nested = arg;

    nested->inner_ret = seh_call(nested->inner_body, NULL, record_filter, &nested->inner, &nested->inner_code);
    nested->after_inner = 1;
}

static void test_inner_passes_outer_catches(void)
{
    struct nested nested;
    DWORD code = 0xdeadbeef;
    BOOL ret;

    memset(&nested, 0, sizeof(nested));
    init_seen(&nested.inner, EXCEPTION_CONTINUE_SEARCH);
    init_seen(&nested.outer, EXCEPTION_EXECUTE_HANDLER);
    nested.inner_body = body_raise_custom;
    nested.inner_code = 0xdeadbeef;
    ret = seh_call(body_nested, &nested, record_filter, &nested.outer, &code);
    ok(ret == FALSE, "got %d\n", ret);
    ok(code == CODE_CUSTOM, "code %#lx\n", code);
    ok(nested.inner.calls == 1, "inner filter called %d times\n", nested.inner.calls);
    ok(nested.outer.calls == 1, "outer filter called %d times\n", nested.outer.calls);
    ok(!nested.after_inner, "inner seh_call returned\n");
    ok(nested.inner_code == 0xdeadbeef, "inner code written: %#lx\n", nested.inner_code);
    /* the exception reaches the outer frame unchanged */
    ok(nested.outer.code == CODE_CUSTOM, "outer saw code %#lx\n", nested.outer.code);
    ok(nested.outer.nparams == 3, "outer saw %lu parameters\n", nested.outer.nparams);
    ok(nested.outer.params[0] == 11 && nested.outer.params[1] == 22,
       "outer saw parameters %lu %lu\n", (unsigned long)nested.outer.params[0],
       (unsigned long)nested.outer.params[1]);
    ok(nested.outer.address == nested.inner.address, "outer saw address %p, inner %p\n",
       nested.outer.address, nested.inner.address);
}

static void test_inner_catch_not_seen_outside(void)
{
    struct nested nested;
    DWORD code = 0xdeadbeef;
    BOOL ret;

    memset(&nested, 0, sizeof(nested));
    init_seen(&nested.inner, EXCEPTION_EXECUTE_HANDLER);
    init_seen(&nested.outer, EXCEPTION_EXECUTE_HANDLER);
    nested.inner_body = body_write_null;
    ret = seh_call(body_nested, &nested, record_filter, &nested.outer, &code);
    ok(ret == TRUE, "got %d\n", ret);
    ok(code == 0, "code %#lx\n", code);
    ok(nested.inner.calls == 1, "inner filter called %d times\n", nested.inner.calls);
    ok(nested.outer.calls == 0, "outer filter called %d times\n", nested.outer.calls);
    ok(nested.after_inner, "inner seh_call did not return\n");
    ok(nested.inner_ret == FALSE, "inner returned %d\n", nested.inner_ret);
    ok(nested.inner_code == EXCEPTION_ACCESS_VIOLATION, "inner code %#lx\n", nested.inner_code);
}

/* The inner filter answers only for CODE_OTHER; the exception is CODE_CUSTOM, so the outer one decides. */
static void test_selective_filters(void)
{
    struct nested nested;
    DWORD code = 0xdeadbeef;
    BOOL ret;

    memset(&nested, 0, sizeof(nested));
    init_seen(&nested.inner, EXCEPTION_EXECUTE_HANDLER);
    nested.inner.answer_only_for = CODE_OTHER;
    init_seen(&nested.outer, EXCEPTION_EXECUTE_HANDLER);
    nested.outer.answer_only_for = CODE_CUSTOM;
    nested.inner_body = body_raise_custom;
    ret = seh_call(body_nested, &nested, record_filter, &nested.outer, &code);
    ok(ret == FALSE && code == CODE_CUSTOM, "got %d, code %#lx\n", ret, code);
    ok(nested.inner.calls == 1 && nested.outer.calls == 1, "filters called %d and %d times\n",
       nested.inner.calls, nested.outer.calls);
}

/* An exception raised inside a filter is swallowed around that filter; the original one goes on outward. */
static LONG raising_filter(EXCEPTION_POINTERS *pointers, void *filter_arg)
{
    (void)pointers;
    (*(int *)filter_arg)++;
    RaiseException(CODE_FILTER, 0, 0, NULL);
    return EXCEPTION_EXECUTE_HANDLER;
}

struct filter_raises
{
    int filter_calls;
    BOOL inner_ret;
    int after_inner;
};

static void body_raising_filter(void *arg)
{
    struct filter_raises *state = arg;

    state->inner_ret = seh_call(body_raise_custom, NULL, raising_filter, &state->filter_calls, NULL);
    state->after_inner = 1;
}

static void test_filter_raises(void)
{
    struct filter_raises state;
    struct seen outer;
    DWORD code = 0xdeadbeef;
    BOOL ret;

    memset(&state, 0, sizeof(state));
    init_seen(&outer, EXCEPTION_EXECUTE_HANDLER);
    ret = seh_call(body_raising_filter, &state, record_filter, &outer, &code);
    ok(ret == FALSE, "got %d\n", ret);
    ok(code == CODE_CUSTOM, "code %#lx\n", code);
    ok(state.filter_calls == 1, "raising filter called %d times\n", state.filter_calls);
    ok(!state.after_inner, "inner seh_call returned %d\n", state.inner_ret);
    ok(outer.calls == 1, "outer filter called %d times\n", outer.calls);
    ok(outer.code == CODE_CUSTOM, "outer filter saw %#lx\n", outer.code);
}

/* EXCEPTION_CONTINUE_EXECUTION resumes a continuable exception where it was raised. */
static void body_raise_continuable(void *arg)
{
    RaiseException(CODE_OTHER, 0, 0, NULL);
    *(int *)arg = 1;
}

static void body_raise_noncontinuable(void *arg)
{
    RaiseException(CODE_OTHER, EXCEPTION_NONCONTINUABLE, 0, NULL);
    *(int *)arg = 1;
}

static void body_continue_noncontinuable(void *arg)
{
    struct seen *inner = arg;
    int resumed = 0;

    seh_call(body_raise_noncontinuable, &resumed, record_filter, inner, NULL);
    ok(0, "seh_call returned, resumed %d\n", resumed);
}

static void test_continue_execution(void)
{
    struct seen seen, outer;
    DWORD code = 0xdeadbeef;
    int resumed = 0;
    BOOL ret;

    init_seen(&seen, EXCEPTION_CONTINUE_EXECUTION);
    ret = seh_call(body_raise_continuable, &resumed, record_filter, &seen, &code);
    ok(ret == TRUE, "got %d\n", ret);
    ok(code == 0, "code %#lx\n", code);
    ok(resumed == 1, "body did not resume\n");
    ok(seen.calls == 1, "filter called %d times\n", seen.calls);

    /* the system refuses to resume a non-continuable exception and raises another one */
    init_seen(&seen, EXCEPTION_CONTINUE_EXECUTION);
    seen.answer_only_for = CODE_OTHER;
    init_seen(&outer, EXCEPTION_EXECUTE_HANDLER);
    ret = seh_call(body_continue_noncontinuable, &seen, record_filter, &outer, &code);
    ok(ret == FALSE, "got %d\n", ret);
    ok(code == STATUS_NONCONTINUABLE_EXCEPTION, "code %#lx\n", code);
    ok(seen.calls == 2, "inner filter called %d times\n", seen.calls);
    ok(outer.calls == 1, "outer filter called %d times\n", outer.calls);
}

/* Catching unwinds the frames in between: their unwind handlers run, and the catching frame's callee-saved
 * registers are back. A probe frame with its own handler, counting the unwinds that pass it. */
static int probe_unwinds, probe_dispatches;

static EXCEPTION_DISPOSITION NTAPI __attribute__((used))
probe_handler(struct _EXCEPTION_RECORD *record, PVOID establisher, struct _CONTEXT *context, PVOID dispatch)
{
    (void)establisher; (void)context; (void)dispatch;
    if (record->ExceptionFlags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)) probe_unwinds++;
    else probe_dispatches++;
    return ExceptionContinueSearch;
}

#ifdef __x86_64__
/* void unwind_probe(void (*fn)(void *), void *arg): calls fn(arg) from a frame whose unwind data names
 * probe_handler for both dispatch and unwind. */
void unwind_probe(void (*fn)(void *), void *arg);
__asm__(
    "    .text\n"
    "    .globl unwind_probe\n"
    "    .def unwind_probe; .scl 2; .type 32; .endef\n"
    "unwind_probe:\n"
    "    .seh_proc unwind_probe\n"
    "    .seh_handler probe_handler, @except, @unwind\n"
    "    subq $40, %rsp\n"
    "    .seh_stackalloc 40\n"
    "    .seh_endprologue\n"
    "    movq %rcx, %rax\n"
    "    movq %rdx, %rcx\n"
    "    callq *%rax\n"
    "    nop\n"
    "    addq $40, %rsp\n"
    "    ret\n"
    "    .seh_endproc\n"
);

static ULONG_PTR chain_head(void)
{
    return 0;
}
#else
static ULONG_PTR chain_head(void)
{
    ULONG_PTR head;

    __asm__ volatile ("movl %%fs:0, %0" : "=r" (head) : : "memory");
    return head;
}

/* The same probe as a registration record on the fs:[0] chain. */
static void unwind_probe(void (*fn)(void *), void *arg)
{
    EXCEPTION_REGISTRATION_RECORD record;

    record.Handler = probe_handler;
    record.Next = (EXCEPTION_REGISTRATION_RECORD *)chain_head();
    __asm__ volatile ("movl %0, %%fs:0" : : "r" (&record) : "memory");
    fn(arg);
    __asm__ volatile ("movl %0, %%fs:0" : : "r" (record.Next) : "memory");
}
#endif

static void clobber_and_raise(void *arg)
{
    /* Every callee-saved register gets a new value, so this frame's prologue saves them and only an
     * unwind through its unwind data (x86_64) or seh_call's own restore (i386) gets them back. */
#ifdef __x86_64__
    __asm__ volatile ("movq $-1, %%rbx; movq $-1, %%rsi; movq $-1, %%rdi; movq $-1, %%r12; movq $-1, %%r13;"
                      "movq $-1, %%r14; movq $-1, %%r15; pcmpeqd %%xmm6, %%xmm6; pcmpeqd %%xmm15, %%xmm15"
                      : : : "rbx", "rsi", "rdi", "r12", "r13", "r14", "r15", "xmm6", "xmm15", "memory");
#else
    __asm__ volatile ("movl $-1, %%ebx; movl $-1, %%esi; movl $-1, %%edi" : : : "ebx", "esi", "edi", "memory");
#endif
    body_raise_custom(arg);
}

static void body_probe(void *arg)
{
    unwind_probe(clobber_and_raise, arg);
}

static void body_probe_normal(void *arg)
{
    unwind_probe(body_normal, arg);
}

static volatile int seed = 3;

static void test_unwind(void)
{
    /* locals that live across seh_call, so gcc keeps them in callee-saved registers */
    int a = seed, b = seed * 5, c = seed * 7, d = seed * 11, e = seed * 13, f = seed * 17;
    double x = seed * 0.5, y = seed * 0.25;
    int counter = 0;
    DWORD code = 0xdeadbeef;
    BOOL ret;

    probe_unwinds = probe_dispatches = 0;
    ret = seh_call(body_probe, NULL, NULL, NULL, &code);
    ok(ret == FALSE && code == CODE_CUSTOM, "got %d, code %#lx\n", ret, code);
    ok(probe_dispatches == 1, "probe saw %d dispatches\n", probe_dispatches);
    ok(probe_unwinds == 1, "probe saw %d unwinds\n", probe_unwinds);
    ok(a == 3 && b == 15 && c == 21 && d == 33 && e == 39 && f == 51, "registers lost: %d %d %d %d %d %d\n",
       a, b, c, d, e, f);
    ok(x == 1.5 && y == 0.75, "xmm registers lost: %f %f\n", x, y);

    /* no exception: the probe frame is left normally */
    probe_unwinds = probe_dispatches = 0;
    ret = seh_call(body_probe_normal, &counter, NULL, NULL, &code);
    ok(ret == TRUE && counter == 1, "got %d, counter %d\n", ret, counter);
    ok(probe_dispatches == 0 && probe_unwinds == 0, "probe saw %d dispatches, %d unwinds\n",
       probe_dispatches, probe_unwinds);
}

/* Raise and catch many times: the stack and the fs:[0] chain stay balanced. */
static ULONG_PTR body_sp_min, body_sp_max;

static inline ULONG_PTR stack_pointer(void)
{
    ULONG_PTR sp;
#ifdef __x86_64__
    __asm__ volatile ("movq %%rsp, %0" : "=r" (sp));
#else
    __asm__ volatile ("movl %%esp, %0" : "=r" (sp));
#endif
    return sp;
}

static void body_measure_and_raise(void *arg)
{
    ULONG_PTR sp = stack_pointer();

    if (sp < body_sp_min) body_sp_min = sp;
    if (sp > body_sp_max) body_sp_max = sp;
    if ((ULONG_PTR)arg & 1) body_write_null(NULL);
    else body_raise_custom(NULL);
}

static void test_many_catches(void)
{
    ULONG_PTR head_before = chain_head(), sp_before = stack_pointer(), sp;
    int i, wrong = 0, filter_calls = 0;
    struct seen seen;
    DWORD code;

    body_sp_min = ~(ULONG_PTR)0;
    body_sp_max = 0;
    for (i = 0; i < 10000; i++)
    {
        init_seen(&seen, EXCEPTION_EXECUTE_HANDLER);
        code = 0;
        if (seh_call(body_measure_and_raise, (void *)(ULONG_PTR)i, record_filter, &seen, &code)) wrong++;
        else if (code != ((i & 1) ? EXCEPTION_ACCESS_VIOLATION : CODE_CUSTOM)) wrong++;
        filter_calls += seen.calls;
        if (chain_head() != head_before) wrong++;
    }
    sp = stack_pointer();
    ok(wrong == 0, "%d of 10000 iterations went wrong\n", wrong);
    ok(filter_calls == 10000, "filters called %d times\n", filter_calls);
    ok(body_sp_min == body_sp_max, "body stack pointer moved: %p..%p\n", (void *)body_sp_min, (void *)body_sp_max);
    ok(sp == sp_before, "stack pointer %p, before %p\n", (void *)sp, (void *)sp_before);
    ok(chain_head() == head_before, "fs:[0] head %p, before %p\n", (void *)chain_head(), (void *)head_before);
}

static void test_rpc_raise(void)
{
    struct seen seen;
    DWORD code = 0xdeadbeef;
    BOOL ret;

    init_seen(&seen, EXCEPTION_EXECUTE_HANDLER);
    ret = seh_call(body_rpc_raise, (void *)(ULONG_PTR)RPC_X_BAD_STUB_DATA, record_filter, &seen, &code);
    ok(ret == FALSE, "got %d\n", ret);
    ok(code == RPC_X_BAD_STUB_DATA, "code %lu\n", code);
    ok(seen.code == RPC_X_BAD_STUB_DATA, "filter saw %lu\n", seen.code);
    todo_builtin ok(seen.flags & EXCEPTION_NONCONTINUABLE, "filter saw flags %#lx\n", seen.flags);

    ret = seh_call(body_rpc_raise, (void *)(ULONG_PTR)RPC_S_CALL_FAILED, NULL, NULL, &code);
    ok(ret == FALSE && code == RPC_S_CALL_FAILED, "got %d, code %lu\n", ret, code);
}

/* Each thread has its own chain: a catch on another thread works and leaves this one alone. */
static DWORD WINAPI thread_catch(void *arg)
{
    DWORD code = 0;
    int i;

    (void)arg;
    for (i = 0; i < 100; i++)
        if (seh_call(body_write_null, NULL, NULL, NULL, &code) || code != EXCEPTION_ACCESS_VIOLATION) return 1;
    return 0;
}

static void test_other_thread(void)
{
    HANDLE thread = CreateThread(NULL, 0, thread_catch, NULL, 0, NULL);
    DWORD result = 0xdeadbeef;

    ok(thread != NULL, "CreateThread: error %lu\n", GetLastError());
    if (!thread) return;
    ok(WaitForSingleObject(thread, 10000) == WAIT_OBJECT_0, "thread did not finish\n");
    GetExitCodeThread(thread, &result);
    ok(result == 0, "thread result %lu\n", result);
    CloseHandle(thread);
}

/* An exception that every filter lets pass reaches the system unchanged. Unhandled, it ends the process, so a
 * child process (this program, running this unit with CHILD_ENV set) raises it; its top-level filter checks
 * what arrived and ends the child with an exit code that tells the parent. */
#define CHILD_ENV      "RPCRT4_TEST_SEH_UNHANDLED"
#define CHILD_GOOD     0x600d
#define CHILD_BAD      0x0bad
#define CHILD_RETURNED 0x0e7d

static LONG WINAPI toplevel_filter(EXCEPTION_POINTERS *pointers)
{
    EXCEPTION_RECORD *record = pointers->ExceptionRecord;

    ExitProcess(record->ExceptionCode == CODE_CUSTOM && record->NumberParameters == 3
                && record->ExceptionInformation[0] == 11 && record->ExceptionInformation[1] == 22
                ? CHILD_GOOD : CHILD_BAD);
}

static void child_unhandled(void)
{
    struct seen seen;

    SetUnhandledExceptionFilter(toplevel_filter);
    init_seen(&seen, EXCEPTION_CONTINUE_SEARCH);
    seh_call(body_raise_custom, NULL, record_filter, &seen, NULL);
    ExitProcess(CHILD_RETURNED);
}

static void test_unhandled_reaches_system(void)
{
    SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
    STARTUPINFOA startup;
    PROCESS_INFORMATION info;
    char path[MAX_PATH], command[MAX_PATH + 16];
    DWORD exit_code = 0xdeadbeef;
    HANDLE null_file;
    BOOL ret;

    GetModuleFileNameA(NULL, path, sizeof(path));
    snprintf(command, sizeof(command), "\"%s\" seh", path);
    /* the child's output (its identity line) goes nowhere */
    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    null_file = CreateFileA("NUL", GENERIC_READ | GENERIC_WRITE, 0, &inherit, OPEN_EXISTING, 0, NULL);
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = startup.hStdOutput = startup.hStdError = null_file;
    SetEnvironmentVariableA(CHILD_ENV, "1");
    ret = CreateProcessA(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &info);
    SetEnvironmentVariableA(CHILD_ENV, NULL);
    CloseHandle(null_file);
    ok(ret, "CreateProcess(%s): error %lu\n", command, GetLastError());
    if (!ret) return;
    ok(WaitForSingleObject(info.hProcess, 30000) == WAIT_OBJECT_0, "child did not finish\n");
    GetExitCodeProcess(info.hProcess, &exit_code);
    ok(exit_code == CHILD_GOOD, "child exit code %#lx\n", exit_code);
    CloseHandle(info.hProcess);
    CloseHandle(info.hThread);
}

START_TEST(seh)
{
    if (GetEnvironmentVariableA(CHILD_ENV, NULL, 0)) child_unhandled();
    test_normal_return();
    test_custom_exception();
    test_access_violation();
    test_inner_passes_outer_catches();
    test_inner_catch_not_seen_outside();
    test_selective_filters();
    test_filter_raises();
    test_continue_execution();
    test_unwind();
    test_many_catches();
    test_rpc_raise();
    test_other_thread();
    test_unhandled_reaches_system();
}
