/* ndr_marshall_struct.c: the explicit-stub exports for NDR structures. */
#include "ndr_stub.h"

/* NdrSimpleStructMarshall */
unsigned char *RPC_ENTRY NdrSimpleStructMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                 PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrSimpleStructBufferSize */
void RPC_ENTRY NdrSimpleStructBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrSimpleStructUnmarshall */
unsigned char *RPC_ENTRY NdrSimpleStructUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                                   PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrSimpleStructMemorySize */
ULONG RPC_ENTRY NdrSimpleStructMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}

/* NdrSimpleStructFree */
void RPC_ENTRY NdrSimpleStructFree(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_free(pStubMsg, pMemory, pFormat);
}

/* NdrConformantStructMarshall */
unsigned char *RPC_ENTRY NdrConformantStructMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                     PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrConformantStructBufferSize */
void RPC_ENTRY NdrConformantStructBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                             PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrConformantStructUnmarshall */
unsigned char *RPC_ENTRY NdrConformantStructUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                                       PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrConformantStructMemorySize */
ULONG RPC_ENTRY NdrConformantStructMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}

/* NdrConformantStructFree */
void RPC_ENTRY NdrConformantStructFree(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_free(pStubMsg, pMemory, pFormat);
}

/* NdrConformantVaryingStructMarshall */
unsigned char *RPC_ENTRY NdrConformantVaryingStructMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                            PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrConformantVaryingStructBufferSize */
void RPC_ENTRY NdrConformantVaryingStructBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                    PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrConformantVaryingStructUnmarshall */
unsigned char *RPC_ENTRY NdrConformantVaryingStructUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                                              PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrConformantVaryingStructMemorySize */
ULONG RPC_ENTRY NdrConformantVaryingStructMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}

/* NdrConformantVaryingStructFree */
void RPC_ENTRY NdrConformantVaryingStructFree(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                              PFORMAT_STRING pFormat)
{
    ndr_stub_free(pStubMsg, pMemory, pFormat);
}

/* NdrComplexStructMarshall */
unsigned char *RPC_ENTRY NdrComplexStructMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                  PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrComplexStructBufferSize */
void RPC_ENTRY NdrComplexStructBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrComplexStructUnmarshall */
unsigned char *RPC_ENTRY NdrComplexStructUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                                    PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrComplexStructMemorySize */
ULONG RPC_ENTRY NdrComplexStructMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}

/* NdrComplexStructFree */
void RPC_ENTRY NdrComplexStructFree(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_free(pStubMsg, pMemory, pFormat);
}
