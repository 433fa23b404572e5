/* ndr_server.c: NdrServerCall2, the stubless (-Oicf) server: unmarshall [in], call the manager, marshall [out], free. */
#include <string.h>
#include "call_stack.h"
#include "ndr_call.h"
#include "ndr_server.h"
#include "pdu.h"
#include "ndr_stub.h"
#include "ndr_type.h"
#include "seh.h"
#include "trace.h"

static BOOL is_pointer_type(PFORMAT_STRING format)
{
    return *format >= NDR_FC_RP && *format <= NDR_FC_FP;
}

/* Gives an [out]-only parameter its memory, zeroed: storage for a base type, else a block from the stub
 * allocator sized for its type. */
static void alloc_out(struct ndr_server_call *server, const struct ndr_param *param, unsigned char *slot)
{
    MIDL_STUB_MESSAGE *stub = &server->call.stub;
    unsigned char *block;
    RPC_STATUS status;
    size_t size;

    if ((status = ndr_stub_out_size(stub, ndr_call_format(&server->call, param), &size))) RpcRaiseException(status);
    if (!(block = stub->pfnAllocate(size ? size : 1))) RpcRaiseException(RPC_S_OUT_OF_MEMORY);
    memset(block, 0, size);
    *(unsigned char **)slot = block;
}

void ndr_server_unmarshall_in(struct ndr_server_call *server)
{
    struct ndr_call *call = &server->call;
    struct ndr_param param;
    unsigned char *slot, *memory;
    unsigned int i;

    ndr_call_check_drep(call);
    for (i = 0; i < call->proc.param_count; i++)
    {
        ndr_proc_param(&call->proc, i, &param);
        slot = call->stack + param.stack_offset;
        if (ndr_proc_param_is_handle(&call->proc, &param))
        {
            *(RPC_BINDING_HANDLE *)slot = call->stub.RpcMsg->Handle;
            continue;
        }
        if (param.attr & NDR_PARAM_IS_RETURN) continue;
        if ((param.attr & NDR_PARAM_IS_BASETYPE) && (param.attr & NDR_PARAM_IS_SIMPLE_REF))
            *(unsigned char **)slot = server->storage + 8 * i;
        if (!(param.attr & NDR_PARAM_IS_IN))
        {
            if (!(param.attr & NDR_PARAM_IS_BASETYPE)) alloc_out(server, &param, slot);
            continue;
        }
        /* an object in its slot or behind a base type's storage is unmarshalled where it is; a pointer
         * type through its slot, and anything else into memory it allocates and stores in the slot */
        memory = (param.attr & NDR_PARAM_IS_BASETYPE) || ndr_call_in_slot(call, &param)
                 ? ndr_call_memory(call, &param) : NULL;
        ndr_stub_unmarshall(&call->stub, memory ? &memory : (unsigned char **)slot, ndr_call_format(call, &param), 0);
    }
}

void ndr_server_store_result(struct ndr_call *call, const void *result, size_t result_size)
{
    struct ndr_param param;
    unsigned int i;
    size_t size;

    for (i = 0; i < call->proc.param_count; i++)
    {
        ndr_proc_param(&call->proc, i, &param);
        if (!(param.attr & NDR_PARAM_IS_RETURN)) continue;
        size = call->proc.stack_size - param.stack_offset;
        memcpy(call->stack + param.stack_offset, result, size < result_size ? size : result_size);
    }
}

void ndr_server_marshall_out(struct ndr_server_call *server)
{
    struct ndr_call *call = &server->call;

    call->stub.BufferLength = 0;
    ndr_call_marshall(call, NDR_PARAM_IS_OUT, TRUE);
    NdrGetBuffer(&call->stub, call->stub.BufferLength, NULL);
    ndr_call_marshall(call, NDR_PARAM_IS_OUT, FALSE);
    call->stub.RpcMsg->BufferLength = call->stub.Buffer - (unsigned char *)call->stub.RpcMsg->Buffer;
}

/* Everything that may raise: unmarshall, call, size, get the reply buffer, marshall. */
static void server_body(void *arg)
{
    struct ndr_server_call *server = arg;
    struct ndr_call *call = &server->call;
    uint64_t result;

    ndr_server_unmarshall_in(server);
    result = call_stack(server->routine, call->stack, call->proc.stack_size);
    ndr_server_store_result(call, &result, sizeof(result));
    ndr_server_marshall_out(server);
}

void ndr_server_free_params(struct ndr_server_call *server)
{
    struct ndr_call *call = &server->call;
    struct ndr_param param;
    PFORMAT_STRING format;
    unsigned char *memory;
    unsigned int i;

    for (i = 0; i < call->proc.param_count; i++)
    {
        ndr_proc_param(&call->proc, i, &param);
        if ((param.attr & NDR_PARAM_IS_BASETYPE) || !(memory = ndr_call_memory(call, &param))) continue;
        format = ndr_call_format(call, &param);
        ndr_stub_free(&call->stub, memory, format);
        /* a pointer type's free took its pointee; an object in its slot is not a block */
        if (!is_pointer_type(format) && !ndr_call_in_slot(call, &param)) call->stub.pfnFree(memory);
    }
}

void ndr_server_start(struct ndr_server_call *server, PRPC_MESSAGE msg)
{
    const RPC_SERVER_INTERFACE *iface;
    const MIDL_SERVER_INFO *info;

    memset(server, 0, sizeof(*server));
    if (!msg || !(iface = msg->RpcInterfaceInformation) || !(info = iface->InterpreterInfo)
        || !info->pStubDesc || !info->DispatchTable || !info->ProcString || !info->FmtStringOffset)
        RpcRaiseException(RPC_X_NULL_REF_POINTER);
    ndr_call_parse(&server->call, info->ProcString + info->FmtStringOffset[msg->ProcNum]);
    if (!(server->routine = info->DispatchTable[msg->ProcNum])) RpcRaiseException(RPC_S_PROCNUM_OUT_OF_RANGE);
    NdrServerInitializeNew(msg, &server->call.stub, (PMIDL_STUB_DESC)info->pStubDesc);
    server->call.stub.fHasNewCorrDesc = (server->call.proc.ext_flags2 & NDR_OI2_EXT_NEW_CORR_DESC) != 0;
    if (!server->call.stub.pfnAllocate || !server->call.stub.pfnFree) RpcRaiseException(RPC_X_NULL_REF_POINTER);
    /* the stack, rounded up to 8 octets, then the storage */
    server->call.stack = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY,
                                   (server->call.proc.stack_size + 7u) / 8u * 8u + 8u * server->call.proc.param_count);
    if (!server->call.stack) RpcRaiseException(RPC_S_OUT_OF_MEMORY);
    server->storage = server->call.stack + (server->call.proc.stack_size + 7u) / 8u * 8u;
    server->call.stub.StackTop = server->call.stack;
}

/* NdrServerCall2 */
void RPC_ENTRY NdrServerCall2(PRPC_MESSAGE pRpcMsg)
{
    struct ndr_server_call server;
    DWORD code;
    BOOL done;

    ndr_server_start(&server, pRpcMsg);
    done = seh_call(server_body, &server, NULL, NULL, &code);
    ndr_server_free_params(&server);
    HeapFree(GetProcessHeap(), 0, server.call.stack);
    /* the runtime turns the exception into a fault */
    if (!done) RpcRaiseException(code);
}

void ndr_server_require_ndr20(PRPC_MESSAGE msg)
{
    const RPC_SYNTAX_IDENTIFIER *syntax = msg ? msg->TransferSyntax : NULL;

    /* the GUID in memory is its little-endian wire form on both architectures */
    if (!syntax || memcmp(&syntax->SyntaxGUID, pdu_syntax_ndr.uuid, sizeof(pdu_syntax_ndr.uuid))
        || syntax->SyntaxVersion.MajorVersion != pdu_syntax_ndr.version_major)
        RpcRaiseException(RPC_S_UNSUPPORTED_TRANS_SYN);
}

#ifdef _WIN64
/* NdrServerCallAll: the stubs of MIDL's /protocol all; our server negotiates NDR 2.0 only, whose
 * format strings MIDL_SERVER_INFO's ProcString and FmtStringOffset are. */
void RPC_ENTRY NdrServerCallAll(PRPC_MESSAGE pRpcMsg)
{
    ndr_server_require_ndr20(pRpcMsg);
    NdrServerCall2(pRpcMsg);
}
#endif
