/* ndr_message.c: the stub message's life around one call: initialisation, buffer, send and receive, free. */
#include <string.h>
#include "ndr_stub.h"

/* Points the stub message's cursor at the whole of the RPC message's buffer. */
static void take_buffer(PMIDL_STUB_MESSAGE msg)
{
    msg->Buffer = msg->BufferStart = msg->RpcMsg->Buffer;
    msg->BufferEnd = msg->Buffer + msg->RpcMsg->BufferLength;
    msg->BufferLength = msg->RpcMsg->BufferLength;
}

/* Fields both sides set the same way. */
static void init_common(PRPC_MESSAGE rpc_msg, PMIDL_STUB_MESSAGE msg, PMIDL_STUB_DESC desc)
{
    memset(msg, 0, sizeof(*msg));
    msg->RpcMsg = rpc_msg;
    msg->StubDesc = desc;
    msg->pfnAllocate = desc->pfnAllocate;
    msg->pfnFree = desc->pfnFree;
    msg->dwDestContext = MSHCTX_DIFFERENTMACHINE;
}

/* NdrClientInitializeNew */
void RPC_ENTRY NdrClientInitializeNew(PRPC_MESSAGE pRpcMsg, PMIDL_STUB_MESSAGE pStubMsg, PMIDL_STUB_DESC pStubDescriptor,
                                      unsigned int ProcNum)
{
    if (!pRpcMsg || !pStubMsg || !pStubDescriptor) RpcRaiseException(RPC_X_NULL_REF_POINTER);
    memset(pRpcMsg, 0, sizeof(*pRpcMsg));
    pRpcMsg->ProcNum = ProcNum;
    pRpcMsg->RpcInterfaceInformation = pStubDescriptor->RpcInterfaceInformation;
    pRpcMsg->DataRepresentation = NDR_LOCAL_DATA_REPRESENTATION;
    init_common(pRpcMsg, pStubMsg, pStubDescriptor);
    pStubMsg->IsClient = TRUE;
}

/* NdrServerInitializeNew */
unsigned char *RPC_ENTRY NdrServerInitializeNew(PRPC_MESSAGE pRpcMsg, PMIDL_STUB_MESSAGE pStubMsg,
                                                PMIDL_STUB_DESC pStubDescriptor)
{
    if (!pRpcMsg || !pStubMsg || !pStubDescriptor) RpcRaiseException(RPC_X_NULL_REF_POINTER);
    init_common(pRpcMsg, pStubMsg, pStubDescriptor);
    pStubMsg->ReuseBuffer = TRUE;
    take_buffer(pStubMsg);
    return NULL;
}

/* NdrGetBuffer */
unsigned char *RPC_ENTRY NdrGetBuffer(PMIDL_STUB_MESSAGE pStubMsg, ULONG BufferLength, RPC_BINDING_HANDLE Handle)
{
    RPC_STATUS status;

    if (!pStubMsg || !pStubMsg->RpcMsg) RpcRaiseException(RPC_X_NULL_REF_POINTER);
    if (pStubMsg->IsClient) pStubMsg->RpcMsg->Handle = Handle;
    pStubMsg->RpcMsg->BufferLength = BufferLength;
    if ((status = I_RpcGetBuffer(pStubMsg->RpcMsg))) RpcRaiseException(status);
    pStubMsg->fBufferValid = TRUE;
    take_buffer(pStubMsg);
    return pStubMsg->Buffer;
}

/* NdrSendReceive */
unsigned char *RPC_ENTRY NdrSendReceive(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pBufferEnd)
{
    PRPC_MESSAGE rpc_msg;
    RPC_STATUS status;

    if (!pStubMsg || !(rpc_msg = pStubMsg->RpcMsg)) RpcRaiseException(RPC_X_NULL_REF_POINTER);
    if (!pBufferEnd || pBufferEnd < (unsigned char *)rpc_msg->Buffer
        || pBufferEnd > (unsigned char *)rpc_msg->Buffer + rpc_msg->BufferLength)
        RpcRaiseException(RPC_X_BAD_STUB_DATA);
    rpc_msg->BufferLength = pBufferEnd - (unsigned char *)rpc_msg->Buffer;
    if ((status = I_RpcSendReceive(rpc_msg))) RpcRaiseException(status);
    take_buffer(pStubMsg);
    return NULL;
}

/* NdrFreeBuffer */
void RPC_ENTRY NdrFreeBuffer(PMIDL_STUB_MESSAGE pStubMsg)
{
    if (!pStubMsg || !pStubMsg->RpcMsg || !pStubMsg->fBufferValid) return;
    I_RpcFreeBuffer(pStubMsg->RpcMsg);
    pStubMsg->fBufferValid = FALSE;
}
