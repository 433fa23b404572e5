/* ndr_marshall_union.c: the explicit-stub exports for NDR unions. */
#include "ndr_stub.h"

/* NdrEncapsulatedUnionMarshall */
unsigned char *RPC_ENTRY NdrEncapsulatedUnionMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                      PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrEncapsulatedUnionBufferSize */
void RPC_ENTRY NdrEncapsulatedUnionBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                              PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrEncapsulatedUnionUnmarshall */
unsigned char *RPC_ENTRY NdrEncapsulatedUnionUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                                        PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrEncapsulatedUnionMemorySize */
ULONG RPC_ENTRY NdrEncapsulatedUnionMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}

/* NdrEncapsulatedUnionFree */
void RPC_ENTRY NdrEncapsulatedUnionFree(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_free(pStubMsg, pMemory, pFormat);
}

/* NdrNonEncapsulatedUnionMarshall */
unsigned char *RPC_ENTRY NdrNonEncapsulatedUnionMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                         PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrNonEncapsulatedUnionBufferSize */
void RPC_ENTRY NdrNonEncapsulatedUnionBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                 PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrNonEncapsulatedUnionUnmarshall */
unsigned char *RPC_ENTRY NdrNonEncapsulatedUnionUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                                           PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrNonEncapsulatedUnionMemorySize */
ULONG RPC_ENTRY NdrNonEncapsulatedUnionMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}

/* NdrNonEncapsulatedUnionFree */
void RPC_ENTRY NdrNonEncapsulatedUnionFree(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_free(pStubMsg, pMemory, pFormat);
}
