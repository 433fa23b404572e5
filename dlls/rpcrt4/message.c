/* message.c: the message-level API that stubs call (I_RpcGetBuffer, I_RpcSendReceive ...), client and server side. */
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcdcep.h>
#include "binding.h"
#include "client_call.h"
#include "portable_alloc.h"
#include "server_call.h"
#include "trace.h"

/* On a client, RPC_MESSAGE.Handle is the binding handle and ReservedForRuntime our call, from
 * I_RpcGetBuffer (or I_RpcNegotiateTransferSyntax) until I_RpcFreeBuffer. On a server, Handle stands for
 * the call being dispatched (a server binding handle) and the buffers are the call's. */

/* The client call msg already carries (with a reference), or NULL. */
static struct client_call *message_call(const RPC_MESSAGE *msg)
{
    return msg->ReservedForRuntime ? client_call_lookup(msg->ReservedForRuntime) : NULL;
}

/* Starts the client call of msg (when it has none yet) and returns it with a reference. */
static RPC_STATUS start_client_call(RPC_MESSAGE *msg, struct client_call **result)
{
    struct rpc_binding *binding;
    struct client_call *call;
    RPC_STATUS status;

    if ((*result = message_call(msg))) return RPC_S_OK;
    if (!msg->RpcInterfaceInformation) return RPC_S_INVALID_ARG;
    if (!(binding = binding_lookup(msg->Handle))) return RPC_S_INVALID_BINDING;
    status = client_call_create(binding, msg->RpcInterfaceInformation, &call);
    binding_release(binding);
    if (status != RPC_S_OK) return status;
    msg->ReservedForRuntime = call;
    msg->TransferSyntax = (RPC_SYNTAX_IDENTIFIER *)client_call_transfer_syntax(call);
    handle_addref((struct handle_header *)call);
    *result = call;
    return RPC_S_OK;
}

/* Ends msg's client call, if any. */
static void end_client_call(RPC_MESSAGE *msg)
{
    struct client_call *call = message_call(msg);

    if (!call) return;
    client_call_free(call);
    client_call_release(call);
    msg->ReservedForRuntime = NULL;
}

static RPC_STATUS get_buffer(RPC_MESSAGE *msg, const UUID *object)
{
    struct server_call *server;
    struct client_call *call;
    RPC_STATUS status;

    if (!msg) return RPC_S_INVALID_ARG;
    if ((server = server_call_from_handle(msg->Handle))) return server_call_get_buffer(server, msg);
    if ((status = start_client_call(msg, &call)) != RPC_S_OK) return status;
    if (object) client_call_set_object(call, object);
    client_call_release(call);
    if (!(msg->Buffer = portable_alloc(msg->BufferLength ? msg->BufferLength : 1)))
    {
        end_client_call(msg);
        return RPC_S_OUT_OF_MEMORY;
    }
    msg->DataRepresentation = NDR_LOCAL_DATA_REPRESENTATION;
    return RPC_S_OK;
}

/* I_RpcGetBuffer */
RPC_STATUS RPC_ENTRY I_RpcGetBuffer(RPC_MESSAGE *Message)
{
    RPC_STATUS status = get_buffer(Message, NULL);
    TRACE(TRACE_CALL, "%p -> %ld", Message, status);
    return status;
}

/* I_RpcGetBufferWithObject */
RPC_STATUS RPC_ENTRY I_RpcGetBufferWithObject(RPC_MESSAGE *Message, UUID *ObjectUuid)
{
    RPC_STATUS status = get_buffer(Message, ObjectUuid);
    TRACE(TRACE_CALL, "%p %p -> %ld", Message, ObjectUuid, status);
    return status;
}

/* I_RpcNegotiateTransferSyntax */
RPC_STATUS RPC_ENTRY I_RpcNegotiateTransferSyntax(RPC_MESSAGE *Message)
{
    struct client_call *call;
    RPC_STATUS status;

    if (!Message) return RPC_S_INVALID_ARG;
    if ((status = start_client_call(Message, &call)) == RPC_S_OK) client_call_release(call);
    TRACE(TRACE_CALL, "%p -> %ld", Message, status);
    return status;
}

/* Sends the request in msg and releases its buffer. */
static RPC_STATUS send_request(RPC_MESSAGE *msg, struct client_call **result)
{
    struct client_call *call;
    RPC_STATUS status;

    *result = NULL;
    if (!msg) return RPC_S_INVALID_ARG;
    if (!(call = message_call(msg))) return RPC_S_INVALID_BINDING;
    status = client_call_send(call, msg->ProcNum & ~RPC_FLAGS_VALID_BIT, msg->Buffer, msg->BufferLength);
    if (status != RPC_S_OK)
    {
        client_call_release(call);
        return status;
    }
    *result = call;
    return RPC_S_OK;
}

/* Waits for the reply of msg's call and puts it in msg in place of the request. */
static RPC_STATUS receive_reply(RPC_MESSAGE *msg, struct client_call *call)
{
    size_t length;
    void *reply;
    ULONG drep;
    RPC_STATUS status;

    status = client_call_wait(call, &reply, &length, &drep);
    client_call_release(call);
    if (status != RPC_S_OK) return status;
    portable_free(msg->Buffer);
    msg->Buffer = reply;
    msg->BufferLength = (unsigned int)length;
    msg->DataRepresentation = drep;
    return RPC_S_OK;
}

/* I_RpcSendReceive */
RPC_STATUS RPC_ENTRY I_RpcSendReceive(RPC_MESSAGE *Message)
{
    struct client_call *call;
    RPC_STATUS status;

    if ((status = send_request(Message, &call)) == RPC_S_OK) status = receive_reply(Message, call);
    TRACE(TRACE_CALL, "%p -> %ld", Message, status);
    return status;
}

/* I_RpcSend */
RPC_STATUS RPC_ENTRY I_RpcSend(RPC_MESSAGE *Message)
{
    struct client_call *call;
    RPC_STATUS status;

    if ((status = send_request(Message, &call)) == RPC_S_OK) client_call_release(call);
    TRACE(TRACE_CALL, "%p -> %ld", Message, status);
    return status;
}

/* I_RpcReceive */
RPC_STATUS RPC_ENTRY I_RpcReceive(RPC_MESSAGE *Message, unsigned int Size)
{
    struct client_call *call;
    RPC_STATUS status;

    (void)Size;   /* the whole reply is received at once: it is the size hint of pipes */
    if (!Message) status = RPC_S_INVALID_ARG;
    else if (!(call = message_call(Message))) status = RPC_S_INVALID_BINDING;
    else status = receive_reply(Message, call);
    TRACE(TRACE_CALL, "%p -> %ld", Message, status);
    return status;
}

/* I_RpcFreeBuffer */
RPC_STATUS RPC_ENTRY I_RpcFreeBuffer(RPC_MESSAGE *Message)
{
    struct server_call *server;

    TRACE(TRACE_CALL, "%p", Message);
    if (!Message) return RPC_S_INVALID_ARG;
    if ((server = server_call_from_handle(Message->Handle)))
    {
        server_call_free_buffer(server, Message);
        return RPC_S_OK;
    }
    portable_free(Message->Buffer);
    Message->Buffer = NULL;
    end_client_call(Message);
    return RPC_S_OK;
}

/* I_RpcAllocate */
void * RPC_ENTRY I_RpcAllocate(unsigned int Size)
{
    return HeapAlloc(GetProcessHeap(), 0, Size);
}

/* I_RpcFree */
void RPC_ENTRY I_RpcFree(void *Object)
{
    HeapFree(GetProcessHeap(), 0, Object);
}

/* I_RpcBindingInqTransportType */
RPC_STATUS RPC_ENTRY I_RpcBindingInqTransportType(RPC_BINDING_HANDLE Binding, unsigned int *Type)
{
    struct rpc_binding *binding = binding_lookup(Binding);

    if (!binding) return RPC_S_INVALID_BINDING;
    if (!Type)
    {
        binding_release(binding);
        return RPC_S_INVALID_ARG;
    }
    *Type = binding->protseq == PROTSEQ_NCALRPC ? TRANSPORT_TYPE_LPC : TRANSPORT_TYPE_CN;
    binding_release(binding);
    return RPC_S_OK;
}

/* I_RpcGetCurrentCallHandle */
RPC_BINDING_HANDLE RPC_ENTRY I_RpcGetCurrentCallHandle(void)
{
    struct server_call *call = server_call_current();
    return call ? server_call_handle(call) : NULL;
}

/* I_RpcBindingInqLocalClientPID */
RPC_STATUS RPC_ENTRY I_RpcBindingInqLocalClientPID(RPC_BINDING_HANDLE Binding, ULONG *Pid)
{
    struct server_call *call = Binding ? server_call_from_handle(Binding) : server_call_current();

    if (!Pid) return RPC_S_INVALID_ARG;
    if (!call) return Binding ? RPC_S_INVALID_BINDING : RPC_S_NO_CALL_ACTIVE;
    return server_call_client_pid(call, Pid);
}
