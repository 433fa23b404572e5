/* exception.c: conformance tests of RpcRaiseException, RpcExceptionFilter and I_RpcExceptionFilter. */
#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include <rpc.h>
#include <rpcasync.h>
#include "seh.h"
#include "rpc_sdk_extra.h"
#include "test.h"


struct seen
{
    LONG answer;
    int calls;
    DWORD code, flags, nparams;
};

static LONG record_filter(EXCEPTION_POINTERS *pointers, void *filter_arg)
{
    struct seen *seen = filter_arg;

    seen->calls++;
    seen->code = pointers->ExceptionRecord->ExceptionCode;
    seen->flags = pointers->ExceptionRecord->ExceptionFlags;
    seen->nparams = pointers->ExceptionRecord->NumberParameters;
    return seen->answer;
}

static void body_rpc_raise(void *arg)
{
    RpcRaiseException(*(RPC_STATUS *)arg);
}

static void test_raise(void)
{
    static const RPC_STATUS statuses[] =
    {
        RPC_S_CALL_FAILED, RPC_X_BAD_STUB_DATA, RPC_S_SERVER_UNAVAILABLE, RPC_S_OUT_OF_MEMORY,
        ERROR_ACCESS_DENIED, 0x12345678, (RPC_STATUS)0xc0001234,
    };
    struct seen seen;
    DWORD code;
    unsigned int i;
    BOOL ret;

    for (i = 0; i < ARRAYSIZE(statuses); i++)
    {
        RPC_STATUS status = statuses[i];

        memset(&seen, 0, sizeof(seen));
        seen.answer = EXCEPTION_EXECUTE_HANDLER;
        code = 0xdeadbeef;
        ret = seh_call(body_rpc_raise, &status, record_filter, &seen, &code);
        ok(ret == FALSE, "%#lx: got %d\n", status, ret);
        ok(code == (DWORD)status, "%#lx: code %#lx\n", status, code);
        ok(seen.calls == 1, "%#lx: filter called %d times\n", status, seen.calls);
        ok(seen.code == (DWORD)status, "%#lx: filter saw code %#lx\n", status, seen.code);
        /* 0x80 is EXCEPTION_SOFTWARE_ORIGINATE, which recent Windows adds to everything RaiseException raises */
        todo_builtin ok((seen.flags & ~0x80) == EXCEPTION_NONCONTINUABLE, "%#lx: filter saw flags %#lx\n",
                        status, seen.flags);
        ok(seen.nparams == 0, "%#lx: filter saw %lu parameters\n", status, seen.nparams);
    }
}

/* A filter that tries to resume RpcRaiseException's exception gets STATUS_NONCONTINUABLE_EXCEPTION instead. */
struct resume_attempt
{
    struct seen inner;
    RPC_STATUS status;
};

static LONG resume_filter(EXCEPTION_POINTERS *pointers, void *filter_arg)
{
    struct resume_attempt *attempt = filter_arg;

    attempt->inner.calls++;
    if (pointers->ExceptionRecord->ExceptionCode == (DWORD)attempt->status) return EXCEPTION_CONTINUE_EXECUTION;
    return EXCEPTION_CONTINUE_SEARCH;
}

static void body_resume_attempt(void *arg)
{
    struct resume_attempt *attempt = arg;

    seh_call(body_rpc_raise, &attempt->status, resume_filter, attempt, NULL);
    ok(0, "RpcRaiseException's exception was resumed\n");
}

static void test_raise_not_continuable(void)
{
    struct resume_attempt attempt;
    struct seen outer;
    DWORD code = 0xdeadbeef;
    BOOL ret;

    memset(&attempt, 0, sizeof(attempt));
    attempt.status = RPC_S_CALL_FAILED;
    memset(&outer, 0, sizeof(outer));
    outer.answer = EXCEPTION_EXECUTE_HANDLER;
    ret = seh_call(body_resume_attempt, &attempt, record_filter, &outer, &code);
    ok(ret == FALSE, "got %d\n", ret);
    ok(code == (DWORD)STATUS_NONCONTINUABLE_EXCEPTION, "code %#lx\n", code);
    ok(outer.code == (DWORD)STATUS_NONCONTINUABLE_EXCEPTION, "outer filter saw %#lx\n", outer.code);
}

/* The fatal codes the documentation lists; the later ones are missing from Wine's builtin filters. */
static const struct { DWORD code; BOOL builtin_lacks; } fatal_codes[] =
{
    { STATUS_ACCESS_VIOLATION, FALSE }, { STATUS_POSSIBLE_DEADLOCK, FALSE }, { STATUS_INSTRUCTION_MISALIGNMENT, FALSE },
    { STATUS_DATATYPE_MISALIGNMENT, FALSE }, { STATUS_PRIVILEGED_INSTRUCTION, FALSE }, { STATUS_ILLEGAL_INSTRUCTION, FALSE },
    { STATUS_BREAKPOINT, FALSE }, { STATUS_STACK_OVERFLOW, FALSE }, { STATUS_HANDLE_NOT_CLOSABLE, TRUE },
    { STATUS_IN_PAGE_ERROR, TRUE }, { STATUS_ASSERTION_FAILURE, TRUE }, { STATUS_STACK_BUFFER_OVERRUN, TRUE },
    { STATUS_GUARD_PAGE_VIOLATION, TRUE }, { STATUS_REG_NAT_CONSUMPTION, TRUE },
};

static const DWORD nonfatal_codes[] =
{
    0, 1, RPC_S_CALL_FAILED, RPC_X_BAD_STUB_DATA, RPC_S_SERVER_UNAVAILABLE, ERROR_ACCESS_DENIED,
    STATUS_INTEGER_DIVIDE_BY_ZERO, STATUS_FLOAT_DIVIDE_BY_ZERO, STATUS_NO_MEMORY, STATUS_INVALID_HANDLE,
    STATUS_NONCONTINUABLE_EXCEPTION, STATUS_ARRAY_BOUNDS_EXCEEDED, STATUS_SINGLE_STEP, STATUS_CONTROL_C_EXIT,
    0xe06d7363 /* a C++ exception */, 0xc0000004, 0x80000004, 0xffffffff,
};

static void test_filters(void)
{
    unsigned int i;
    int ret;

    for (i = 0; i < ARRAYSIZE(fatal_codes); i++)
    {
        DWORD code = fatal_codes[i].code;

        todo(test_target == TARGET_WINE_BUILTIN && fatal_codes[i].builtin_lacks)
        {
            ret = RpcExceptionFilter(code);
            ok(ret == EXCEPTION_CONTINUE_SEARCH, "RpcExceptionFilter(%#lx): got %d\n", code, ret);
            ret = I_RpcExceptionFilter(code);
            ok(ret == EXCEPTION_CONTINUE_SEARCH, "I_RpcExceptionFilter(%#lx): got %d\n", code, ret);
        }
    }
    for (i = 0; i < ARRAYSIZE(nonfatal_codes); i++)
    {
        ret = RpcExceptionFilter(nonfatal_codes[i]);
        ok(ret == EXCEPTION_EXECUTE_HANDLER, "RpcExceptionFilter(%#lx): got %d\n", nonfatal_codes[i], ret);
        ret = I_RpcExceptionFilter(nonfatal_codes[i]);
        ok(ret == EXCEPTION_EXECUTE_HANDLER, "I_RpcExceptionFilter(%#lx): got %d\n", nonfatal_codes[i], ret);
    }
}

/* RpcExceptionFilter used the documented way, as the filter of an RpcTryExcept block. */
static LONG rpc_filter(EXCEPTION_POINTERS *pointers, void *filter_arg)
{
    (*(int *)filter_arg)++;
    return RpcExceptionFilter(pointers->ExceptionRecord->ExceptionCode);
}

static void body_write_null(void *arg)
{
    volatile int *volatile null_pointer = NULL;

    (void)arg;
    *null_pointer = 1;
}

static void body_guarded_fault(void *arg)
{
    seh_call(body_write_null, NULL, rpc_filter, arg, NULL);
    ok(0, "RpcExceptionFilter caught an access violation\n");
}

static void test_filter_in_use(void)
{
    RPC_STATUS status = RPC_S_CALL_FAILED;
    int calls = 0;
    DWORD code = 0xdeadbeef;
    BOOL ret;

    ret = seh_call(body_rpc_raise, &status, rpc_filter, &calls, &code);
    ok(ret == FALSE && code == RPC_S_CALL_FAILED, "got %d, code %lu\n", ret, code);
    ok(calls == 1, "filter called %d times\n", calls);

    /* a fatal exception goes past it to the next frame out */
    calls = 0;
    ret = seh_call(body_guarded_fault, &calls, NULL, NULL, &code);
    ok(ret == FALSE && code == (DWORD)STATUS_ACCESS_VIOLATION, "got %d, code %#lx\n", ret, code);
    ok(calls == 1, "filter called %d times\n", calls);
}

START_TEST(exception)
{
    test_raise();
    /* RpcRaiseException never returns; Wine's builtin raises continuably, so resuming would return into a
     * caller that does not expect it. */
    if (test_target != TARGET_WINE_BUILTIN) test_raise_not_continuable();
    else skip("resuming RpcRaiseException: Wine's builtin raises continuably\n");
    test_filters();
    test_filter_in_use();
}
