/* ndr_client.c: NdrClientCall2, the stubless (-Oicf) client: marshall [in], send, unmarshall [out] and the result. */
#include <stdarg.h>
#include <string.h>
#include "ndr_call.h"
#include "ndr_client.h"
#include "ndr_stub.h"
#include "ndr_type.h"
#include "seh.h"
#include "trace.h"

/* The binding handle the procedure names: an explicit primitive handle parameter, or the stub
 * descriptor's implicit primitive or auto handle. Raises RPC_S_INVALID_BINDING for a NULL one and
 * RPC_S_CANNOT_SUPPORT for generic and context handles and auto-binding (not there yet). */
RPC_BINDING_HANDLE ndr_client_binding(const struct ndr_call *call)
{
    const struct ndr_proc *proc = &call->proc;
    const MIDL_STUB_DESC *desc = call->stub.StubDesc;
    RPC_BINDING_HANDLE handle = NULL;

    switch (proc->handle_type)
    {
    case 0:
        if (proc->handle[0] != NDR_FC_BIND_PRIMITIVE) break;
        handle = *(RPC_BINDING_HANDLE *)(call->stack + proc->handle_offset);
        if (handle && (proc->handle[1] & NDR_HANDLE_PARAM_IS_VIA_PTR)) handle = *(RPC_BINDING_HANDLE *)handle;
        if (!handle) RpcRaiseException(RPC_S_INVALID_BINDING);
        return handle;
    case NDR_FC_BIND_PRIMITIVE:
        if (desc->IMPLICIT_HANDLE_INFO.pPrimitiveHandle) handle = *desc->IMPLICIT_HANDLE_INFO.pPrimitiveHandle;
        if (!handle) RpcRaiseException(RPC_S_INVALID_BINDING);
        return handle;
    case NDR_FC_AUTO_HANDLE:
        if (desc->IMPLICIT_HANDLE_INFO.pAutoHandle && *desc->IMPLICIT_HANDLE_INFO.pAutoHandle)
            return *desc->IMPLICIT_HANDLE_INFO.pAutoHandle;
        break;
    }
    TRACE(TRACE_NDR, "handle type %#x/%#x not supported", proc->handle_type, proc->handle[0]);
    RpcRaiseException(RPC_S_CANNOT_SUPPORT);
    return NULL;
}

/* Before unmarshalling, zeroes what an [out]-only parameter points to, so that the caller's leftovers
 * there are never taken for pointers to reuse (native clears them too). A type whose size is not known
 * before the reply is left alone. */
static void zero_out_only(struct ndr_call *call, const struct ndr_param *param)
{
    unsigned char *memory = *(unsigned char **)(call->stack + param->stack_offset);
    size_t size;

    if (!memory || (param->attr & (NDR_PARAM_IS_IN | NDR_PARAM_IS_BASETYPE | NDR_PARAM_IS_RETURN))) return;
    if (!ndr_stub_out_size(&call->stub, ndr_call_format(call, param), &size)) memset(memory, 0, size);
}

void ndr_client_unmarshall_out(struct ndr_call *call)
{
    struct ndr_param param;
    unsigned char *slot, *memory;
    PFORMAT_STRING format;
    unsigned int i;

    for (i = 0; i < call->proc.param_count; i++)
    {
        ndr_proc_param(&call->proc, i, &param);
        if (!(param.attr & NDR_PARAM_IS_OUT)) continue;
        slot = call->stack + param.stack_offset;
        format = ndr_call_format(call, &param);
        zero_out_only(call, &param);
        /* a pointer type unmarshalls through its slot, as does a returned one (its slot starts out NULL) */
        if ((*format >= NDR_FC_RP && *format <= NDR_FC_FP)
            || ((param.attr & NDR_PARAM_IS_RETURN) && !(param.attr & NDR_PARAM_IS_BASETYPE)))
        {
            ndr_stub_unmarshall(&call->stub, (unsigned char **)slot, format, 0);
            continue;
        }
        if (!(memory = ndr_call_memory(call, &param))) RpcRaiseException(RPC_X_NULL_REF_POINTER);
        ndr_stub_unmarshall(&call->stub, &memory, format, 0);
    }
}

/* The call between the stub message's initialisation and the buffer's release; raises on any failure. */
static void client_body(void *arg)
{
    struct ndr_call *call = arg;
    RPC_BINDING_HANDLE handle = ndr_client_binding(call);

    call->stub.BufferLength = 0;
    ndr_call_marshall(call, NDR_PARAM_IS_IN, TRUE);
    NdrGetBuffer(&call->stub, call->stub.BufferLength, handle);
    ndr_call_marshall(call, NDR_PARAM_IS_IN, FALSE);
    NdrSendReceive(&call->stub, call->stub.Buffer);
    ndr_call_check_drep(call);
    ndr_client_unmarshall_out(call);
}

unsigned int ndr_client_return_offset(const struct ndr_call *call, struct ndr_param *ret)
{
    unsigned int i;

    for (i = 0; i < call->proc.param_count; i++)
    {
        ndr_proc_param(&call->proc, i, ret);
        if (ret->attr & NDR_PARAM_IS_RETURN) return ret->stack_offset;
    }
    return call->proc.stack_size;
}

unsigned int ndr_client_start(struct ndr_call *call, PMIDL_STUB_DESC desc, PFORMAT_STRING format,
                              const unsigned char *args)
{
    struct ndr_param ret;
    unsigned int arg_size;

    if (!desc) RpcRaiseException(RPC_X_NULL_REF_POINTER);
    ndr_call_parse(call, format);
    NdrClientInitializeNew(&call->rpc_msg, &call->stub, desc, call->proc.proc_num);
    call->rpc_msg.RpcFlags = call->proc.rpc_flags;
    call->stub.fHasNewCorrDesc = (call->proc.ext_flags2 & NDR_OI2_EXT_NEW_CORR_DESC) != 0;
    /* a copy of the caller's arguments, with room for the return value past them */
    if (!(call->stack = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, call->proc.stack_size + sizeof(void *))))
        RpcRaiseException(RPC_S_OUT_OF_MEMORY);
    arg_size = ndr_client_return_offset(call, &ret);
    memcpy(call->stack, args, arg_size < call->proc.stack_size ? arg_size : call->proc.stack_size);
    call->stub.StackTop = call->stack;
    return arg_size;
}

/* The client call over the caller's arguments at args, laid out as the procedure describes them. */
static CLIENT_CALL_RETURN client_call(PMIDL_STUB_DESC desc, PFORMAT_STRING format, const unsigned char *args)
{
    CLIENT_CALL_RETURN result = { 0 };
    struct ndr_call call;
    unsigned int arg_size;
    DWORD code;
    BOOL done;

    arg_size = ndr_client_start(&call, desc, format, args);
    done = seh_call(client_body, &call, NULL, NULL, &code);
    NdrFreeBuffer(&call.stub);
    if (done && arg_size < call.proc.stack_size) memcpy(&result, call.stack + arg_size, sizeof(result));
    HeapFree(GetProcessHeap(), 0, call.stack);
    if (!done) RpcRaiseException(code);
    return result;
}

const unsigned char *ndr_client_arguments(va_list *args)
{
#ifdef _WIN64
    /* va_list is a plain pointer to the caller's arguments laid out in memory after pFormat (gcc spills
     * the register arguments to their home slots first) */
    return (const unsigned char *)*args;
#else
    return va_arg(*args, const unsigned char *);
#endif
}

/* NdrClientCall2 */
CLIENT_CALL_RETURN RPC_VAR_ENTRY NdrClientCall2(PMIDL_STUB_DESC pStubDescriptor, PFORMAT_STRING pFormat, ...)
{
    CLIENT_CALL_RETURN result;
    va_list args;

    va_start(args, pFormat);
    result = client_call(pStubDescriptor, pFormat, ndr_client_arguments(&args));
    va_end(args);
    return result;
}
