/* ndr_async_server.c: NdrAsyncServerCall, the stubless [async] server: unmarshall, hand the manager an async handle, answer when it completes. */
#include <string.h>
#include "async_state.h"
#include "call_stack.h"
#include "ndr_server.h"
#include "ndr_stub.h"
#include "ndr_type_walk.h"
#include "seh.h"
#include "server_call.h"
#include "trace.h"

/* An asynchronous call's stub state, from the dispatch until the call ends: the stub message over the
 * request, the stack the manager got, and the RPC_ASYNC_STATE whose address is its first argument. */
struct async_server
{
    struct ndr_server_call server;
    RPC_ASYNC_STATE async;
};

static void free_server(void *context)
{
    struct async_server *server = context;

    if (server->server.call.stack) ndr_server_free_params(&server->server);
    HeapFree(GetProcessHeap(), 0, server->server.call.stack);
    HeapFree(GetProcessHeap(), 0, server);
}

struct marshall_args
{
    struct async_server *server;
    void *reply;
};

static void marshall_body(void *arg)
{
    struct marshall_args *args = arg;
    struct ndr_call *call = &args->server->server.call;
    struct ndr_param param;
    unsigned int i;

    for (i = 0; args->reply && i < call->proc.param_count; i++)
    {
        ndr_proc_param(&call->proc, i, &param);
        if (!(param.attr & NDR_PARAM_IS_RETURN)) continue;
        ndr_server_store_result(call, args->reply, param.attr & NDR_PARAM_IS_BASETYPE
                                ? ndr_base_memory_size(param.base_format[0]) : sizeof(void *));
    }
    ndr_server_marshall_out(&args->server->server);
}

/* RpcAsyncCompleteCall's reply: the return value at reply, then the [out] parameters. */
static RPC_STATUS marshall_reply(void *context, void *reply)
{
    struct marshall_args args = { context, reply };
    DWORD code;

    return seh_call(marshall_body, &args, NULL, NULL, &code) ? RPC_S_OK : code;
}

static const struct server_async_stub async_stub = { marshall_reply, free_server };

struct start_args
{
    struct async_server *server;
    PRPC_MESSAGE msg;
};

static void start_body(void *arg)
{
    struct start_args *args = arg;

    ndr_server_start(&args->server->server, args->msg);
    if (!(args->server->server.call.proc.oi2_flags & NDR_OI2_HAS_ASYNC_HANDLE)) RpcRaiseException(RPC_S_INVALID_ARG);
    ndr_server_unmarshall_in(&args->server->server);
}

/* NdrAsyncServerCall */
void RPC_ENTRY NdrAsyncServerCall(PRPC_MESSAGE pRpcMsg)
{
    struct start_args args = { NULL, pRpcMsg };
    struct server_call *call;
    struct ndr_call *ndr;
    DWORD code;

    if (!pRpcMsg || !(call = server_call_from_handle(pRpcMsg->Handle))) RpcRaiseException(RPC_S_INVALID_BINDING);
    if (!(args.server = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*args.server))))
        RpcRaiseException(RPC_S_OUT_OF_MEMORY);
    if (!seh_call(start_body, &args, NULL, NULL, &code))
    {
        free_server(args.server);
        RpcRaiseException(code);   /* the runtime answers with a fault */
    }
    ndr = &args.server->server.call;
    /* the manager's first argument: an async handle whose RuntimeInfo is the call's binding handle */
    async_state_initialize(&args.server->async, sizeof(args.server->async));
    async_state_attach(&args.server->async, pRpcMsg->Handle, args.server);
    *(RPC_ASYNC_STATE **)ndr->stack = &args.server->async;
    server_call_make_async(call, &async_stub, args.server, &args.server->async);
    /* The manager may complete the call before it returns, on this thread or another: nothing here
     * touches the stub state afterwards. An exception it raises reaches the runtime, which ends the call
     * with a fault and frees the state. */
    call_stack(args.server->server.routine, ndr->stack, ndr->proc.stack_size);
}

#ifdef _WIN64
/* Ndr64AsyncServerCallAll: MIDL's /protocol all [async] stubs, served in NDR 2.0 like NdrServerCallAll. */
void RPC_ENTRY Ndr64AsyncServerCallAll(PRPC_MESSAGE pRpcMsg)
{
    ndr_server_require_ndr20(pRpcMsg);
    NdrAsyncServerCall(pRpcMsg);
}
#endif
