/* ndr_call.c: the parameter walk the stubless client and server share. */
#include "ndr_call.h"
#include "ndr_stub.h"
#include "ndr_type.h"
#include "trace.h"

void ndr_call_parse(struct ndr_call *call, PFORMAT_STRING format)
{
    if (!format) RpcRaiseException(RPC_X_NULL_REF_POINTER);
    if (ndr_proc_parse(format, &call->proc))
    {
        TRACE(TRACE_NDR, "unsupported procedure: oi %#x oi2 %#x", format[1], call->proc.oi2_flags);
        RpcRaiseException(RPC_S_INTERNAL_ERROR);
    }
}

PFORMAT_STRING ndr_call_format(const struct ndr_call *call, const struct ndr_param *param)
{
    if (param->attr & NDR_PARAM_IS_BASETYPE) return param->base_format;
    return call->stub.StubDesc->pFormatTypes + param->type_offset;
}

BOOL ndr_call_in_slot(const struct ndr_call *call, const struct ndr_param *param)
{
    if (param->attr & NDR_PARAM_IS_BASETYPE) return !(param->attr & NDR_PARAM_IS_SIMPLE_REF);
    if (!(param->attr & NDR_PARAM_IS_BY_VALUE)) return FALSE;
#ifdef _WIN64
    {
        PFORMAT_STRING format = ndr_call_format(call, param);
        unsigned int size;

        /* every structure description keeps its memory size at octets 2 and 3 */
        if (format[0] < NDR_FC_STRUCT || format[0] > NDR_FC_BOGUS_STRUCT) return FALSE;
        size = format[2] | format[3] << 8;
        return size == 1 || size == 2 || size == 4 || size == 8;
    }
#else
    (void)call;
    return TRUE;
#endif
}

unsigned char *ndr_call_memory(const struct ndr_call *call, const struct ndr_param *param)
{
    unsigned char *slot = call->stack + param->stack_offset;

    return ndr_call_in_slot(call, param) ? slot : *(unsigned char **)slot;
}

void ndr_call_marshall(struct ndr_call *call, unsigned int attr, BOOL size_only)
{
    struct ndr_param param;
    unsigned int i;

    for (i = 0; i < call->proc.param_count; i++)
    {
        ndr_proc_param(&call->proc, i, &param);
        if (!(param.attr & attr) || ndr_proc_param_is_handle(&call->proc, &param)) continue;
        if (size_only) ndr_stub_buffer_size(&call->stub, ndr_call_memory(call, &param), ndr_call_format(call, &param));
        else ndr_stub_marshall(&call->stub, ndr_call_memory(call, &param), ndr_call_format(call, &param));
    }
}

void ndr_call_check_drep(const struct ndr_call *call)
{
    /* little-endian integers, ASCII characters, IEEE floating point */
    if ((call->stub.RpcMsg->DataRepresentation & 0xffff) != NDR_LOCAL_DATA_REPRESENTATION)
    {
        TRACE(TRACE_NDR, "data representation %#lx not converted", call->stub.RpcMsg->DataRepresentation);
        RpcRaiseException(RPC_X_BAD_STUB_DATA);
    }
}
