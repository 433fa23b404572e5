/* async_server.c: the async_test server routines of the example programs, and starting and stopping it. */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_test.h"
#include "async_server.h"

#define HELD_SLOTS 64

/* The calls at_hold keeps, by token, until at_release completes them. */
static PRPC_ASYNC_STATE held_calls[HELD_SLOTS];

void __RPC_FAR *__RPC_USER MIDL_user_allocate(size_t size)
{
    return HeapAlloc(GetProcessHeap(), 0, size);
}

void __RPC_USER MIDL_user_free(void __RPC_FAR *ptr)
{
    HeapFree(GetProcessHeap(), 0, ptr);
}

void srv_at_add(PRPC_ASYNC_STATE async, handle_t h, int a, int b, int *sum)
{
    int result = a + b;

    (void)h;
    *sum = result;
    RpcAsyncCompleteCall(async, &result);
}

void srv_at_echo(PRPC_ASYNC_STATE async, handle_t h, int n, const byte *data, byte *copy)
{
    (void)h;
    memcpy(copy, data, n);
    RpcAsyncCompleteCall(async, &n);
}

/* The routine returns with the call still open: it is completed later, by at_release on another call. */
void srv_at_hold(PRPC_ASYNC_STATE async, handle_t h, int token)
{
    (void)h;
    if (token < 0 || token >= HELD_SLOTS || InterlockedCompareExchangePointer((void **)&held_calls[token], async, NULL))
        RpcAsyncAbortCall(async, ERROR_INVALID_PARAMETER);
}

/* What the server's RpcAsyncCompleteCall of the held call answered, or ASYNC_SERVER_NOT_HELD. */
int srv_at_release(handle_t h, int token, int result)
{
    PRPC_ASYNC_STATE async;

    (void)h;
    if (token < 0 || token >= HELD_SLOTS
        || !(async = InterlockedExchangePointer((void **)&held_calls[token], NULL)))
        return ASYNC_SERVER_NOT_HELD;
    return (int)RpcAsyncCompleteCall(async, &result);
}

void srv_at_abort(PRPC_ASYNC_STATE async, handle_t h, unsigned int code)
{
    (void)h;
    RpcAsyncAbortCall(async, code);
}

/* Looks for the client's cancel every 10 ms for up to wait_ms: replies 1 once it is seen, 0 if it never is. */
void srv_at_test_cancel(PRPC_ASYNC_STATE async, handle_t h, int wait_ms)
{
    DWORD start = GetTickCount();
    int seen = 0;

    (void)h;
    while (!seen && GetTickCount() - start < (DWORD)wait_ms)
    {
        if (RpcServerTestCancel(RpcAsyncGetCallHandle(async)) == RPC_S_OK) seen = 1;
        else Sleep(10);
    }
    RpcAsyncCompleteCall(async, &seen);
}

/* How many calls are held now. */
int srv_at_held_count(handle_t h)
{
    int token, count = 0;

    (void)h;
    for (token = 0; token < HELD_SLOTS; token++) count += held_calls[token] != NULL;
    return count;
}

/* Completes every held call with its token as the result; how many were completed. */
int srv_at_release_all(handle_t h)
{
    int token, released = 0;

    for (token = 0; token < HELD_SLOTS; token++) released += srv_at_release(h, token, token) == RPC_S_OK;
    return released;
}

int srv_at_sync_add(handle_t h, int a, int b)
{
    (void)h;
    return a + b;
}

RPC_STATUS async_server_start(const char *endpoint)
{
    char pipe[MAX_PATH];
    RPC_STATUS status;

    snprintf(pipe, sizeof(pipe), "\\pipe\\%s", endpoint);
    if ((status = RpcServerUseProtseqEpA((RPC_CSTR)"ncalrpc", RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)endpoint,
                                         NULL)))
        return status;
    if ((status = RpcServerUseProtseqEpA((RPC_CSTR)"ncacn_np", RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)pipe, NULL)))
        return status;
    if ((status = RpcServerRegisterIf(srv_async_test_v1_0_s_ifspec, NULL, NULL))) return status;
    return RpcServerListen(1, RPC_C_LISTEN_MAX_CALLS_DEFAULT, TRUE);
}

RPC_STATUS async_server_stop(void)
{
    RPC_STATUS status;

    if ((status = RpcMgmtStopServerListening(NULL))) return status;
    return RpcServerUnregisterIf(srv_async_test_v1_0_s_ifspec, NULL, TRUE);
}
