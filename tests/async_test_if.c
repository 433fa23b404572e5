/* async_test_if.c: the async_test interface as the units share it: server routines, held calls, [async] calls. */
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_test.h"
#include "async_test_if.h"
#include "seh.h"
#include "test.h"

static PRPC_ASYNC_STATE held[ASYNC_TEST_MAX_HELD];
LONG async_test_held_count;
HANDLE async_test_busy;
RPC_STATUS async_test_second_complete = ~0u;
RPC_STATUS async_test_cancel_current = ~0u;
RPC_STATUS async_test_handle_to_async = ~0u;
BOOL async_test_handle_to_async_same;

/* The sum in *sum, the difference as the result (so that the two cannot be mistaken for each other). */
void srv_at_add(PRPC_ASYNC_STATE async, handle_t h, int a, int b, int *sum)
{
    int result = a - b;

    (void)h;
    *sum = a + b;
    RpcAsyncCompleteCall(async, &result);
    async_test_second_complete = RpcAsyncCompleteCall(async, &result);
}

void srv_at_echo(PRPC_ASYNC_STATE async, handle_t h, int n, const byte *data, byte *copy)
{
    (void)h;
    memcpy(copy, data, n);
    RpcAsyncCompleteCall(async, &n);
}

void srv_at_hold(PRPC_ASYNC_STATE async, handle_t h, int token)
{
    (void)h;
    if (token < 0 || token >= ASYNC_TEST_MAX_HELD
        || InterlockedCompareExchangePointer((void **)&held[token], async, NULL))
    {
        RpcAsyncAbortCall(async, ERROR_INVALID_PARAMETER);
        return;
    }
    InterlockedIncrement(&async_test_held_count);
    if (async_test_busy) ReleaseSemaphore(async_test_busy, 1, NULL);
}

RPC_STATUS async_test_complete_held(int token, int result)
{
    PRPC_ASYNC_STATE async;

    if (token < 0 || token >= ASYNC_TEST_MAX_HELD
        || !(async = InterlockedExchangePointer((void **)&held[token], NULL)))
        return ~0u;
    InterlockedDecrement(&async_test_held_count);
    return RpcAsyncCompleteCall(async, &result);
}

BOOL async_test_wait_held(LONG count, DWORD ms)
{
    DWORD start = GetTickCount();

    while (async_test_held_count < count && GetTickCount() - start < ms) Sleep(1);
    return async_test_held_count >= count;
}

int srv_at_release(handle_t h, int token, int result)
{
    (void)h;
    return (int)async_test_complete_held(token, result);
}

void srv_at_abort(PRPC_ASYNC_STATE async, handle_t h, unsigned int code)
{
    (void)h;
    RpcAsyncAbortCall(async, code);
}

/* Polls for the client's cancel for up to wait_ms; answers 1 when it came, else 0. */
void srv_at_test_cancel(PRPC_ASYNC_STATE async, handle_t h, int wait_ms)
{
    DWORD start = GetTickCount();
    int seen = 0;
    void *found = NULL;

    async_test_cancel_current = RpcServerTestCancel(NULL);
    async_test_handle_to_async = I_RpcBindingHandleToAsyncHandle(h, &found);
    async_test_handle_to_async_same = found == async && RpcAsyncGetCallHandle(async) == h;
    while (GetTickCount() - start < (DWORD)wait_ms)
    {
        if (RpcServerTestCancel(RpcAsyncGetCallHandle(async)) == RPC_S_OK)
        {
            seen = 1;
            break;
        }
        Sleep(10);
    }
    RpcAsyncCompleteCall(async, &seen);
}

int srv_at_held_count(handle_t h)
{
    (void)h;
    return InterlockedCompareExchange(&async_test_held_count, 0, 0);
}

int srv_at_release_all(handle_t h)
{
    int token, released = 0;

    (void)h;
    for (token = 0; token < ASYNC_TEST_MAX_HELD; token++) released += async_test_complete_held(token, token) == RPC_S_OK;
    return released;
}

int srv_at_sync_add(handle_t h, int a, int b)
{
    (void)h;
    return a + b;
}

/* MIDL_user_allocate and MIDL_user_free come from ndr_call.c, in the same test program. */

/* ---- the client side ---- */

struct issue
{
    RPC_BINDING_HANDLE binding;
    PRPC_ASYNC_STATE async;
    enum async_test_op op;
    int a, b;
    void *out;
    const void *in;
};

static void issue_body(void *arg)
{
    struct issue *issue = arg;

    switch (issue->op)
    {
    case ASYNC_TEST_ADD: at_add(issue->async, issue->binding, issue->a, issue->b, issue->out); break;
    case ASYNC_TEST_ECHO: at_echo(issue->async, issue->binding, issue->a, issue->in, issue->out); break;
    case ASYNC_TEST_HOLD: at_hold(issue->async, issue->binding, issue->a); break;
    case ASYNC_TEST_ABORT: at_abort(issue->async, issue->binding, (unsigned int)issue->a); break;
    case ASYNC_TEST_TEST_CANCEL: at_test_cancel(issue->async, issue->binding, issue->a); break;
    }
}

DWORD async_test_issue(RPC_BINDING_HANDLE binding, PRPC_ASYNC_STATE async, enum async_test_op op, int a, int b,
                       void *out, const void *in)
{
    struct issue issue = { binding, async, op, a, b, out, in };
    DWORD code = 0;

    seh_call(issue_body, &issue, NULL, NULL, &code);
    return code;
}

void async_test_init_state(PRPC_ASYNC_STATE async, RPC_NOTIFICATION_TYPES type)
{
    RPC_STATUS status;

    memset(async, 0xcc, sizeof(*async));
    status = RpcAsyncInitializeHandle(async, sizeof(*async));
    ok(status == RPC_S_OK, "RpcAsyncInitializeHandle got %ld\n", status);
    async->UserInfo = NULL;
    async->NotificationType = type;
    async->Flags = 0;
}

RPC_STATUS async_test_poll(PRPC_ASYNC_STATE async, DWORD ms)
{
    DWORD start = GetTickCount();
    RPC_STATUS status;

    while ((status = RpcAsyncGetCallStatus(async)) == RPC_S_ASYNC_CALL_PENDING && GetTickCount() - start < ms)
        Sleep(1);
    return status;
}
