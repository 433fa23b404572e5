/* ndr_server.c: NdrServerCall2, the stubless (-Oicf) server: unmarshall [in], call the manager, marshall [out], free. */
#include <string.h>
#include "call_stack.h"
#include "ndr_call.h"
#include "ndr_stub.h"
#include "ndr_type.h"
#include "seh.h"
#include "trace.h"

/* A server call: the common state, the manager routine, and storage for base types passed by reference
 * (8 octets a parameter, after the stack in the same block). */
struct server_call
{
    struct ndr_call call;
    const void *routine;
    unsigned char *storage;
};

static BOOL is_pointer_type(PFORMAT_STRING format)
{
    return *format >= NDR_FC_RP && *format <= NDR_FC_FP;
}

/* Gives an [out]-only parameter its memory, zeroed: storage for a base type, else a block from the stub
 * allocator sized for its type. */
static void alloc_out(struct server_call *server, const struct ndr_param *param, unsigned char *slot)
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

/* Fills the stack: the binding handle, [in] parameters unmarshalled (into memory they allocate), [out]-only
 * ones given memory. */
static void unmarshall_in(struct server_call *server)
{
    struct ndr_call *call = &server->call;
    struct ndr_param param;
    unsigned char *slot, *memory;
    unsigned int i;

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

/* Stores the manager's result in the return value's slot. */
static void store_result(struct ndr_call *call, uint64_t result)
{
    struct ndr_param param;
    unsigned int i;
    size_t size;

    for (i = 0; i < call->proc.param_count; i++)
    {
        ndr_proc_param(&call->proc, i, &param);
        if (!(param.attr & NDR_PARAM_IS_RETURN)) continue;
        size = call->proc.stack_size - param.stack_offset;
        memcpy(call->stack + param.stack_offset, &result, size < sizeof(result) ? size : sizeof(result));
    }
}

/* Everything that may raise: unmarshall, call, size, get the reply buffer, marshall. */
static void server_body(void *arg)
{
    struct server_call *server = arg;
    struct ndr_call *call = &server->call;

    ndr_call_check_drep(call);
    unmarshall_in(server);
    if (call->stub.Buffer != call->stub.BufferEnd) TRACE(TRACE_NDR, "%u octets left in the request",
                                                        (unsigned)(call->stub.BufferEnd - call->stub.Buffer));
    store_result(call, call_stack(server->routine, call->stack, call->proc.stack_size));
    call->stub.BufferLength = 0;
    ndr_call_marshall(call, NDR_PARAM_IS_OUT, TRUE);
    NdrGetBuffer(&call->stub, call->stub.BufferLength, NULL);
    ndr_call_marshall(call, NDR_PARAM_IS_OUT, FALSE);
    call->stub.RpcMsg->BufferLength = call->stub.Buffer - (unsigned char *)call->stub.RpcMsg->Buffer;
}

/* Frees what the parameters point to, and the memory unmarshalling or alloc_out gave them; never raises.
 * Memory in the stack itself or in the storage is not freed. */
static void free_params(struct server_call *server)
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

/* NdrServerCall2 */
void RPC_ENTRY NdrServerCall2(PRPC_MESSAGE pRpcMsg)
{
    const RPC_SERVER_INTERFACE *iface;
    const MIDL_SERVER_INFO *info;
    struct server_call server;
    DWORD code;
    BOOL done;

    if (!pRpcMsg || !(iface = pRpcMsg->RpcInterfaceInformation) || !(info = iface->InterpreterInfo)
        || !info->pStubDesc || !info->DispatchTable || !info->ProcString || !info->FmtStringOffset)
        RpcRaiseException(RPC_X_NULL_REF_POINTER);
    ndr_call_parse(&server.call, info->ProcString + info->FmtStringOffset[pRpcMsg->ProcNum]);
    if (!(server.routine = info->DispatchTable[pRpcMsg->ProcNum])) RpcRaiseException(RPC_S_PROCNUM_OUT_OF_RANGE);
    NdrServerInitializeNew(pRpcMsg, &server.call.stub, (PMIDL_STUB_DESC)info->pStubDesc);
    server.call.stub.fHasNewCorrDesc = (server.call.proc.ext_flags2 & NDR_OI2_EXT_NEW_CORR_DESC) != 0;
    if (!server.call.stub.pfnAllocate || !server.call.stub.pfnFree) RpcRaiseException(RPC_X_NULL_REF_POINTER);
    /* the stack, rounded up to 8 octets, then the storage */
    server.call.stack = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY,
                                  (server.call.proc.stack_size + 7u) / 8u * 8u + 8u * server.call.proc.param_count);
    if (!server.call.stack) RpcRaiseException(RPC_S_OUT_OF_MEMORY);
    server.storage = server.call.stack + (server.call.proc.stack_size + 7u) / 8u * 8u;
    server.call.stub.StackTop = server.call.stack;

    done = seh_call(server_body, &server, NULL, NULL, &code);
    free_params(&server);
    HeapFree(GetProcessHeap(), 0, server.call.stack);
    /* the runtime turns the exception into a fault */
    if (!done) RpcRaiseException(code);
}
