/* server_inq.c: what a server routine can ask about the call it runs: its client's binding and call attributes. */
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "binding.h"
#include "rpc_string.h"
#include "server_call.h"
#include "trace.h"

/* Flags and values of RPC_CALL_ATTRIBUTES_V2 that mingw-w64's rpcasync.h lacks (the SDK's values). */
#define QUERY_CALL_LOCAL_ADDRESS 0x08
#define QUERY_CLIENT_PID         0x10
#define PROTSEQ_VALUE_TCP        1
#define PROTSEQ_VALUE_NMP        2
#define PROTSEQ_VALUE_LRPC       3
#define CALL_STATUS_IN_PROGRESS  1

/* The server call behind a server binding handle, or the calling thread's when handle is NULL; NULL with
 * *status RPC_S_NO_CALL_ACTIVE, RPC_S_INVALID_BINDING or RPC_S_WRONG_KIND_OF_BINDING otherwise. */
static struct server_call *call_of(RPC_BINDING_HANDLE handle, RPC_STATUS *status)
{
    struct server_call *call = handle ? server_call_from_handle(handle) : server_call_current();
    struct rpc_binding *binding;

    *status = RPC_S_OK;
    if (call) return call;
    if (!handle) *status = RPC_S_NO_CALL_ACTIVE;
    else if ((binding = binding_lookup(handle)))
    {
        *status = RPC_S_WRONG_KIND_OF_BINDING;
        binding_release(binding);
    }
    else *status = RPC_S_INVALID_BINDING;
    return NULL;
}

/* RpcBindingServerFromClient */
RPC_STATUS RPC_ENTRY RpcBindingServerFromClient(RPC_BINDING_HANDLE ClientBinding, RPC_BINDING_HANDLE *ServerBinding)
{
    struct server_call *call;
    struct rpc_binding *binding;
    RPC_STATUS status;
    char *address;

    if (!ServerBinding) return RPC_S_INVALID_ARG;
    if (!(call = call_of(ClientBinding, &status))) return status;
    /* A partially bound handle to the client's machine: its address, no endpoint. */
    if (!(address = transport_peer_address(server_call_conn(call)->transport))) return RPC_S_OUT_OF_MEMORY;
    status = binding_create(transport_protseq(server_call_conn(call)->transport), address, "", "", NULL, FALSE,
                            &binding);
    HeapFree(GetProcessHeap(), 0, address);
    if (status == RPC_S_OK) *ServerBinding = &binding->header;
    TRACE(TRACE_BINDING, "%p -> %ld", ClientBinding, status);
    return status;
}

/* Fills the attributes that need no security provider: the A and W structures differ only in the types of
 * the principal name pointers, which an unauthenticated call never fills. */
static RPC_STATUS inq_call_attributes(RPC_BINDING_HANDLE handle, RPC_CALL_ATTRIBUTES_V2_W *attributes)
{
    struct server_call *call;
    struct rpc_conn *conn;
    RPC_STATUS status;
    ULONG pid;

    if (!attributes) return RPC_S_INVALID_ARG;
    if (attributes->Version != 1 && attributes->Version != 2) return RPC_S_INVALID_ARG;
    if (!(call = call_of(handle, &status))) return status;
    /* No security providers yet: every call is unauthenticated, and has no principal names to give. */
    if (attributes->Flags & (RPC_QUERY_SERVER_PRINCIPAL_NAME | RPC_QUERY_CLIENT_PRINCIPAL_NAME))
        return RPC_S_BINDING_HAS_NO_AUTH;
    attributes->AuthenticationLevel = RPC_C_AUTHN_LEVEL_NONE;
    attributes->AuthenticationService = RPC_C_AUTHN_NONE;
    attributes->NullSession = FALSE;
    if (attributes->Version == 1) return RPC_S_OK;

    conn = server_call_conn(call);
    attributes->KernelMode = FALSE;
    switch (transport_protseq(conn->transport))
    {
    case PROTSEQ_NCALRPC: attributes->ProtocolSequence = PROTSEQ_VALUE_LRPC; break;
    case PROTSEQ_NCACN_NP: attributes->ProtocolSequence = PROTSEQ_VALUE_NMP; break;
    default: attributes->ProtocolSequence = PROTSEQ_VALUE_TCP; break;
    }
    attributes->IsClientLocal = transport_protseq(conn->transport) == PROTSEQ_NCACN_IP_TCP
                                ? rcclClientUnknownLocality : rcclLocal;
    /* The client's process id: ncalrpc only, as documented. */
    attributes->ClientPID = NULL;
    if ((attributes->Flags & QUERY_CLIENT_PID) && transport_protseq(conn->transport) == PROTSEQ_NCALRPC
        && server_call_client_pid(call, &pid) == RPC_S_OK)
        attributes->ClientPID = ULongToHandle(pid);
    if (attributes->Flags & QUERY_CALL_LOCAL_ADDRESS) attributes->CallLocalAddress = NULL;
    attributes->CallStatus = CALL_STATUS_IN_PROGRESS;
    attributes->CallType = rctNormal;
    attributes->OpNum = (unsigned short)server_call_message(call)->ProcNum;
    attributes->InterfaceUuid = ((RPC_SERVER_INTERFACE *)server_call_message(call)->RpcInterfaceInformation)
                                    ->InterfaceId.SyntaxGUID;
    return RPC_S_OK;
}

/* RpcServerInqCallAttributesW */
RPC_STATUS RPC_ENTRY RpcServerInqCallAttributesW(RPC_BINDING_HANDLE ClientBinding, void *RpcCallAttributes)
{
    RPC_STATUS status = inq_call_attributes(ClientBinding, RpcCallAttributes);
    TRACE(TRACE_API, "%p %p -> %ld", ClientBinding, RpcCallAttributes, status);
    return status;
}

/* RpcServerInqCallAttributesA */
RPC_STATUS RPC_ENTRY RpcServerInqCallAttributesA(RPC_BINDING_HANDLE ClientBinding, void *RpcCallAttributes)
{
    RPC_STATUS status = inq_call_attributes(ClientBinding, RpcCallAttributes);
    TRACE(TRACE_API, "%p %p -> %ld", ClientBinding, RpcCallAttributes, status);
    return status;
}
