/* ndr_async_client.c: NdrAsyncClientCall, the stubless [async] client: issue the call, then finish it in RpcAsyncCompleteCall. */
#include <stdarg.h>
#include <string.h>
#include "async_notify.h"
#include "async_state.h"
#include "client_call.h"
#include "ndr_async.h"
#include "ndr_client.h"
#include "ndr_stub.h"
#include "ndr_type.h"
#include "ndr_type_walk.h"
#include "portable_alloc.h"
#include "seh.h"
#include "trace.h"

/* What an issued call keeps until RpcAsyncCompleteCall: the stub message, the RPC message (its
 * ReservedForRuntime is the client call) and the copy of the caller's arguments, whose [out] pointers
 * receive the reply. async->StubInfo points here. */
struct async_client
{
    struct ndr_call call;
    RPC_ASYNC_STATE *async;
    unsigned int return_offset;
    struct ndr_param ret;
    struct async_notifier notifier;
};

/* Checks the caller's state: initialised and carrying no live call; captures its notification. */
static void check_state(struct async_client *client)
{
    struct async_state_info info;
    struct client_call *live;
    RPC_STATUS status;

    if ((status = async_state_read(client->async, &info))) RpcRaiseException(status);
    if (info.runtime_info && (live = client_call_lookup(info.runtime_info)))
    {
        client_call_release(live);
        TRACE(TRACE_ASYNC, "async %p already carries call %p", client->async, info.runtime_info);
        RpcRaiseException(RPC_S_INVALID_ASYNC_HANDLE);
    }
    if ((status = async_notify_capture(&client->notifier, client->async))) RpcRaiseException(status);
}

struct issue_args
{
    struct async_client *client;
    PMIDL_STUB_DESC desc;
    PFORMAT_STRING format;
    const unsigned char *args;
};

/* Starts the call, marshalls the [in] parameters and issues the request; raises on any failure. Once
 * the request is out, the reply may be notified and completed (client freed) on another thread at any
 * moment: nothing touches client after client_call_send. */
static void issue(void *arg)
{
    struct issue_args *issue = arg;
    struct async_client *client = issue->client;
    struct ndr_call *call = &client->call;
    struct client_call *rpc_call;
    RPC_STATUS status;
    void *request;
    size_t length;

    client->return_offset = ndr_client_start(call, issue->desc, issue->format, issue->args);
    if (!(call->proc.oi2_flags & NDR_OI2_HAS_ASYNC_HANDLE)) RpcRaiseException(RPC_S_INVALID_ARG);
    client->async = *(RPC_ASYNC_STATE **)call->stack;
    ndr_client_return_offset(call, &client->ret);
    check_state(client);
    call->stub.BufferLength = 0;
    ndr_call_marshall(call, NDR_PARAM_IS_IN, TRUE);
    NdrGetBuffer(&call->stub, call->stub.BufferLength, ndr_client_binding(call));
    ndr_call_marshall(call, NDR_PARAM_IS_IN, FALSE);
    if (!(rpc_call = client_call_lookup(call->rpc_msg.ReservedForRuntime))) RpcRaiseException(RPC_S_INTERNAL_ERROR);
    client_call_set_async(rpc_call, client->async, &client->notifier);
    memset(&client->notifier, 0, sizeof(client->notifier));   /* the call owns it now */
    /* the request is copied as it goes out; the reply takes the buffer's place */
    request = call->rpc_msg.Buffer;
    length = call->stub.Buffer - (unsigned char *)request;
    call->rpc_msg.Buffer = NULL;
    async_state_attach(client->async, call->rpc_msg.ReservedForRuntime, client);
    status = client_call_send(rpc_call, call->rpc_msg.ProcNum, request, length);
    portable_free(request);
    if (status != RPC_S_OK) async_state_detach(client->async, FALSE);
    client_call_release(rpc_call);
    if (status != RPC_S_OK) RpcRaiseException(status);
}

/* Frees everything the call kept; ends the client call when it was started. */
static void free_client(struct async_client *client)
{
    NdrFreeBuffer(&client->call.stub);
    async_notify_release(&client->notifier);
    HeapFree(GetProcessHeap(), 0, client->call.stack);
    HeapFree(GetProcessHeap(), 0, client);
}

static CLIENT_CALL_RETURN async_client_call(PMIDL_STUB_DESC desc, PFORMAT_STRING format, const unsigned char *args)
{
    CLIENT_CALL_RETURN result = { 0 };
    struct issue_args issue_args = { NULL, desc, format, args };
    DWORD code;

    if (!(issue_args.client = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*issue_args.client))))
        RpcRaiseException(RPC_S_OUT_OF_MEMORY);
    if (!seh_call(issue, &issue_args, NULL, NULL, &code))
    {
        TRACE(TRACE_ASYNC, "the call was not issued: %#lx", code);
        free_client(issue_args.client);
        RpcRaiseException(code);
    }
    return result;
}

/* NdrAsyncClientCall */
CLIENT_CALL_RETURN RPC_VAR_ENTRY NdrAsyncClientCall(PMIDL_STUB_DESC pStubDescriptor, PFORMAT_STRING pFormat, ...)
{
    CLIENT_CALL_RETURN result;
    va_list args;

    /* the caller's arguments, as for NdrClientCall2; the first is the PRPC_ASYNC_STATE */
    va_start(args, pFormat);
    result = async_client_call(pStubDescriptor, pFormat, ndr_client_arguments(&args));
    va_end(args);
    return result;
}

#ifndef _WIN64
/* NdrAsyncClientCall2: the name x86 MIDL stubs of -Oicf with /robust call; the same entry point. */
CLIENT_CALL_RETURN RPC_VAR_ENTRY NdrAsyncClientCall2(PMIDL_STUB_DESC pStubDescriptor, PFORMAT_STRING pFormat, ...)
    __attribute__((alias("NdrAsyncClientCall")));
#endif

struct finish_args
{
    struct async_client *client;
    void *reply;
};

/* Unmarshalls the [out] parameters and hands the return value over; raises on bad data. */
static void finish(void *arg)
{
    struct finish_args *finish = arg;
    struct async_client *client = finish->client;
    struct ndr_call *call = &client->call;
    size_t size;

    ndr_call_check_drep(call);
    ndr_client_unmarshall_out(call);
    if (!finish->reply || client->return_offset >= call->proc.stack_size) return;
    size = client->ret.attr & NDR_PARAM_IS_BASETYPE ? ndr_base_memory_size(client->ret.base_format[0])
                                                    : sizeof(void *);
    memcpy(finish->reply, call->stack + client->return_offset, size);
}

RPC_STATUS ndr_async_client_complete(RPC_ASYNC_STATE *async, void *stub_info, struct client_call *call, void *reply)
{
    struct finish_args finish_args = { stub_info, reply };
    struct async_client *client = stub_info;
    RPC_STATUS status;
    size_t length;
    void *buffer;
    ULONG drep;
    DWORD code;

    status = client_call_take(call, &buffer, &length, &drep);
    if (status == RPC_S_ASYNC_CALL_PENDING || status == RPC_S_INVALID_ASYNC_HANDLE) return status;
    /* the outcome is ours alone now */
    async_state_detach(async, TRUE);
    if (status == RPC_S_OK)
    {
        client->call.rpc_msg.Buffer = buffer;
        client->call.rpc_msg.BufferLength = (unsigned int)length;
        client->call.rpc_msg.DataRepresentation = drep;
        client->call.stub.Buffer = client->call.stub.BufferStart = buffer;
        client->call.stub.BufferEnd = (unsigned char *)buffer + length;
        client->call.stub.BufferLength = (unsigned int)length;
        if (!seh_call(finish, &finish_args, NULL, NULL, &code)) status = code;
    }
    free_client(client);
    return status;
}
