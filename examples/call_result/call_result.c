/* call_result.c: a semisynchronous call result: an asynchronous call whose event the runtime sets once it is over. */
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "rpc_sdk_extra.h"
#include "seh.h"
#include "call_result.h"

struct call_result
{
    RPC_ASYNC_STATE async;  /* the call, with an event notification */
    HANDLE done;            /* manual-reset, set by the runtime when the call is over: every later wait sees it */
    SRWLOCK lock;           /* guards the three fields below */
    BOOL over;              /* RpcAsyncCompleteCall has run: status and reply are final */
    RPC_STATUS status;
    int reply;
};

/* What the stub raises while issuing is caught as RpcTryExcept(RpcExceptionFilter(code)) would: RPC and
 * Win32 errors, not the exceptions that mean a bug in the program (access violations and the like). */
static LONG rpc_errors_only(EXCEPTION_POINTERS *pointers, void *arg)
{
    (void)arg;
    return RpcExceptionFilter(pointers->ExceptionRecord->ExceptionCode);
}

struct issue_args
{
    call_result_issue_fn issue;
    PRPC_ASYNC_STATE async;
    void *context;
};

static void run_issue(void *arg)
{
    struct issue_args *args = arg;

    args->issue(args->async, args->context);
}

static void destroy(struct call_result *result)
{
    CloseHandle(result->done);
    HeapFree(GetProcessHeap(), 0, result);
}

RPC_STATUS call_result_start(call_result_issue_fn issue, void *context, struct call_result **result)
{
    struct call_result *call;
    struct issue_args args;
    DWORD code;

    if (!result) return RPC_S_INVALID_ARG;
    *result = NULL;
    if (!issue) return RPC_S_INVALID_ARG;
    if (!(call = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*call)))) return RPC_S_OUT_OF_MEMORY;
    if (!(call->done = CreateEventW(NULL, TRUE, FALSE, NULL)))
    {
        HeapFree(GetProcessHeap(), 0, call);
        return RPC_S_OUT_OF_MEMORY;
    }
    InitializeSRWLock(&call->lock);
    /* it fails only on a size other than sizeof(RPC_ASYNC_STATE) */
    RpcAsyncInitializeHandle(&call->async, sizeof(call->async));
    call->async.UserInfo = call;
    call->async.NotificationType = RpcNotificationTypeEvent;
    call->async.u.hEvent = call->done;

    args.issue = issue;
    args.async = &call->async;
    args.context = context;
    if (!seh_call(run_issue, &args, rpc_errors_only, NULL, &code))
    {
        /* the stub raised before the call was in flight: there is nothing to wait for */
        destroy(call);
        return code;
    }
    *result = call;
    return RPC_S_OK;
}

/* The first caller to see the call over finishes it; the others find it finished. */
static void finish(struct call_result *result)
{
    AcquireSRWLockExclusive(&result->lock);
    if (!result->over)
    {
        result->status = RpcAsyncCompleteCall(&result->async, &result->reply);
        result->over = TRUE;
    }
    ReleaseSRWLockExclusive(&result->lock);
}

enum call_result_answer call_result_get_call_status(struct call_result *result, DWORD timeout_ms,
                                                    RPC_STATUS *status, int *reply)
{
    DWORD wait;

    if (!result || !status) return CALL_RESULT_INVALID;
    wait = WaitForSingleObject(result->done, timeout_ms);
    if (wait == WAIT_TIMEOUT) return CALL_RESULT_TIMED_OUT;
    if (wait != WAIT_OBJECT_0) return CALL_RESULT_INVALID;
    finish(result);
    AcquireSRWLockShared(&result->lock);
    *status = result->status;
    if (result->status == RPC_S_OK && reply) *reply = result->reply;
    ReleaseSRWLockShared(&result->lock);
    return CALL_RESULT_DONE;
}

void call_result_free(struct call_result *result)
{
    if (!result) return;
    AcquireSRWLockExclusive(&result->lock);
    if (!result->over)
    {
        /* an abortive cancel ends the call at once and sets the event; the call is then completed so that
         * the runtime lets go of the state before it is freed */
        RpcAsyncCancelCall(&result->async, TRUE);
        WaitForSingleObject(result->done, INFINITE);
        RpcAsyncCompleteCall(&result->async, &result->reply);
    }
    ReleaseSRWLockExclusive(&result->lock);
    destroy(result);
}
