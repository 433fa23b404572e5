/* async.c: the RpcAsync* exports, their old names, and the cancel tests of the server: the caller's RPC_ASYNC_STATE to the call behind it. */
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_state.h"
#include "client_call.h"
#include "ndr_async.h"
#include "server_call.h"
#include "trace.h"

/* The call an async handle carries: a client call (*client, with a reference) or a server call
 * (*server, with a reference). RPC_S_OK; RPC_S_INVALID_ASYNC_HANDLE for a state that is not initialised
 * or names no live call; RPC_S_INVALID_BINDING for one initialised but never used (as native). */
static RPC_STATUS call_of(const RPC_ASYNC_STATE *async, struct client_call **client, struct server_call **server,
                          void **stub_info)
{
    struct async_state_info info;
    RPC_STATUS status;

    *client = NULL;
    *server = NULL;
    if ((status = async_state_read(async, &info))) return status;
    *stub_info = info.stub_info;
    if (!info.runtime_info) return info.ended ? RPC_S_INVALID_ASYNC_HANDLE : RPC_S_INVALID_BINDING;
    if ((*client = client_call_lookup(info.runtime_info))) return RPC_S_OK;
    if ((*server = server_call_acquire(info.runtime_info))) return RPC_S_OK;
    /* a call that ended: its handle is gone (the state may be reused for a new call) */
    return RPC_S_INVALID_ASYNC_HANDLE;
}

static void release(struct client_call *client, struct server_call *server)
{
    if (client) client_call_release(client);
    if (server) server_call_release(server);
}

/* RpcAsyncInitializeHandle */
RPC_STATUS RPC_ENTRY RpcAsyncInitializeHandle(PRPC_ASYNC_STATE async, unsigned int size)
{
    TRACE(TRACE_ASYNC, "%p, %u", async, size);
    return async_state_initialize(async, size);
}

/* RpcAsyncRegisterInfo: obsolete; an initialised state is accepted and nothing is registered. */
RPC_STATUS RPC_ENTRY RpcAsyncRegisterInfo(PRPC_ASYNC_STATE async)
{
    struct async_state_info info;

    TRACE(TRACE_ASYNC, "%p", async);
    return async_state_read(async, &info);
}

/* RpcAsyncGetCallStatus */
RPC_STATUS RPC_ENTRY RpcAsyncGetCallStatus(PRPC_ASYNC_STATE async)
{
    struct client_call *client;
    struct server_call *server;
    RPC_STATUS status;
    void *stub_info;

    if ((status = call_of(async, &client, &server, &stub_info)) == RPC_S_OK)
        status = client ? client_call_status(client) : server_call_status(server);
    release(client, server);
    TRACE(TRACE_ASYNC, "%p -> %ld", async, status);
    return status;
}

/* RpcAsyncCompleteCall */
RPC_STATUS RPC_ENTRY RpcAsyncCompleteCall(PRPC_ASYNC_STATE async, void *reply)
{
    struct client_call *client;
    struct server_call *server;
    RPC_STATUS status;
    void *stub_info;

    if ((status = call_of(async, &client, &server, &stub_info)) == RPC_S_OK)
        status = client ? ndr_async_client_complete(async, stub_info, client, reply)
                        : server_call_complete(server, reply);
    release(client, server);
    TRACE(TRACE_ASYNC, "%p, %p -> %ld", async, reply, status);
    return status;
}

/* RpcAsyncAbortCall: the server's; a client call cannot be aborted (it is cancelled). */
RPC_STATUS RPC_ENTRY RpcAsyncAbortCall(PRPC_ASYNC_STATE async, ULONG code)
{
    struct client_call *client;
    struct server_call *server;
    RPC_STATUS status;
    void *stub_info;

    if ((status = call_of(async, &client, &server, &stub_info)) == RPC_S_OK)
        status = server ? server_call_abort(server, code) : RPC_S_INVALID_ASYNC_HANDLE;
    release(client, server);
    TRACE(TRACE_ASYNC, "%p, %#lx -> %ld", async, code, status);
    return status;
}

/* RpcAsyncCancelCall: the client's. */
RPC_STATUS RPC_ENTRY RpcAsyncCancelCall(PRPC_ASYNC_STATE async, BOOL abort)
{
    struct client_call *client;
    struct server_call *server;
    RPC_STATUS status;
    void *stub_info;

    if ((status = call_of(async, &client, &server, &stub_info)) == RPC_S_OK)
        status = client ? client_call_cancel(client, abort) : RPC_S_INVALID_ASYNC_HANDLE;
    release(client, server);
    TRACE(TRACE_ASYNC, "%p, %d -> %ld", async, abort, status);
    return status;
}

/* I_RpcAsyncAbortCall */
RPC_STATUS RPC_ENTRY I_RpcAsyncAbortCall(PRPC_ASYNC_STATE async, ULONG code)
{
    return RpcAsyncAbortCall(async, code);
}

/* I_RpcBindingHandleToAsyncHandle: the state of the asynchronous server call a binding handle stands for. */
RPC_STATUS RPC_ENTRY I_RpcBindingHandleToAsyncHandle(RPC_BINDING_HANDLE binding, void **async)
{
    struct server_call *call;
    RPC_STATUS status = RPC_S_OK;

    if (!async) return RPC_S_INVALID_ARG;
    *async = NULL;
    if (!(call = server_call_acquire(binding))) return RPC_S_INVALID_BINDING;
    if (!(*async = server_call_async_state(call))) status = RPC_S_INVALID_BINDING;
    server_call_release(call);
    return status;
}

/* RpcServerTestCancel */
RPC_STATUS RPC_ENTRY RpcServerTestCancel(RPC_BINDING_HANDLE handle)
{
    struct server_call *call;
    RPC_STATUS status;

    if (!handle)
    {
        /* the calling thread dispatches it: it cannot end meanwhile */
        if (!(call = server_call_current())) return RPC_S_NO_CALL_ACTIVE;
        return server_call_test_cancel(call);
    }
    if (!(call = server_call_acquire(handle))) return RPC_S_INVALID_BINDING;
    status = server_call_test_cancel(call);
    server_call_release(call);
    return status;
}

/* RpcTestCancel */
RPC_STATUS RPC_ENTRY RpcTestCancel(void)
{
    return RpcServerTestCancel(NULL);
}

#ifdef _WIN64
/* The names of the Windows 2000 betas, which 64-bit rpcrt4 still exports. */

/* RpcInitializeAsyncHandle */
RPC_STATUS RPC_ENTRY RpcInitializeAsyncHandle(PRPC_ASYNC_STATE async, unsigned int size)
{
    return RpcAsyncInitializeHandle(async, size);
}

/* RpcRegisterAsyncInfo */
RPC_STATUS RPC_ENTRY RpcRegisterAsyncInfo(PRPC_ASYNC_STATE async)
{
    return RpcAsyncRegisterInfo(async);
}

/* RpcGetAsyncCallStatus */
RPC_STATUS RPC_ENTRY RpcGetAsyncCallStatus(PRPC_ASYNC_STATE async)
{
    return RpcAsyncGetCallStatus(async);
}

/* RpcCompleteAsyncCall */
RPC_STATUS RPC_ENTRY RpcCompleteAsyncCall(PRPC_ASYNC_STATE async, void *reply)
{
    return RpcAsyncCompleteCall(async, reply);
}

/* RpcAbortAsyncCall */
RPC_STATUS RPC_ENTRY RpcAbortAsyncCall(PRPC_ASYNC_STATE async, ULONG code)
{
    return RpcAsyncAbortCall(async, code);
}

/* RpcCancelAsyncCall */
RPC_STATUS RPC_ENTRY RpcCancelAsyncCall(PRPC_ASYNC_STATE async, BOOL abort)
{
    return RpcAsyncCancelCall(async, abort);
}
#endif
