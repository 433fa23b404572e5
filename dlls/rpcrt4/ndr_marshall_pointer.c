/* ndr_marshall_pointer.c: the explicit-stub exports for NDR pointers, base types and [range]. */
#include "ndr_stub.h"
#include "ndr_type.h"

/* NdrPointerMarshall */
unsigned char *RPC_ENTRY NdrPointerMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrPointerBufferSize */
void RPC_ENTRY NdrPointerBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrPointerUnmarshall */
unsigned char *RPC_ENTRY NdrPointerUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                              PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrPointerMemorySize */
ULONG RPC_ENTRY NdrPointerMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}

/* NdrPointerFree */
void RPC_ENTRY NdrPointerFree(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_free(pStubMsg, pMemory, pFormat);
}

/* NdrRangeUnmarshall */
unsigned char *RPC_ENTRY NdrRangeUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                            PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrSimpleTypeMarshall */
void RPC_ENTRY NdrSimpleTypeMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, unsigned char FormatChar)
{
    const unsigned char format[2] = { FormatChar, NDR_FC_PAD };

    ndr_stub_marshall(pStubMsg, pMemory, format);
}

/* NdrSimpleTypeUnmarshall */
void RPC_ENTRY NdrSimpleTypeUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, unsigned char FormatChar)
{
    const unsigned char format[2] = { FormatChar, NDR_FC_PAD };

    /* the value goes where pMemory points: nothing to allocate */
    if (!pMemory) RpcRaiseException(RPC_X_NULL_REF_POINTER);
    ndr_stub_unmarshall(pStubMsg, &pMemory, format, 0);
}
