/* ndr_marshall_array.c: the explicit-stub exports for NDR arrays. */
#include "ndr_stub.h"

/* NdrFixedArrayMarshall */
unsigned char *RPC_ENTRY NdrFixedArrayMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                               PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrFixedArrayBufferSize */
void RPC_ENTRY NdrFixedArrayBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrFixedArrayUnmarshall */
unsigned char *RPC_ENTRY NdrFixedArrayUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                                 PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrFixedArrayMemorySize */
ULONG RPC_ENTRY NdrFixedArrayMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}

/* NdrFixedArrayFree */
void RPC_ENTRY NdrFixedArrayFree(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_free(pStubMsg, pMemory, pFormat);
}

/* NdrConformantArrayMarshall */
unsigned char *RPC_ENTRY NdrConformantArrayMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                    PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrConformantArrayBufferSize */
void RPC_ENTRY NdrConformantArrayBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrConformantArrayUnmarshall */
unsigned char *RPC_ENTRY NdrConformantArrayUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                                      PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrConformantArrayMemorySize */
ULONG RPC_ENTRY NdrConformantArrayMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}

/* NdrConformantArrayFree */
void RPC_ENTRY NdrConformantArrayFree(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_free(pStubMsg, pMemory, pFormat);
}

/* NdrConformantVaryingArrayMarshall */
unsigned char *RPC_ENTRY NdrConformantVaryingArrayMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                           PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrConformantVaryingArrayBufferSize */
void RPC_ENTRY NdrConformantVaryingArrayBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                   PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrConformantVaryingArrayUnmarshall */
unsigned char *RPC_ENTRY NdrConformantVaryingArrayUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                                             PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrConformantVaryingArrayMemorySize */
ULONG RPC_ENTRY NdrConformantVaryingArrayMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}

/* NdrConformantVaryingArrayFree */
void RPC_ENTRY NdrConformantVaryingArrayFree(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                             PFORMAT_STRING pFormat)
{
    ndr_stub_free(pStubMsg, pMemory, pFormat);
}

/* NdrVaryingArrayMarshall */
unsigned char *RPC_ENTRY NdrVaryingArrayMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                 PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrVaryingArrayBufferSize */
void RPC_ENTRY NdrVaryingArrayBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrVaryingArrayUnmarshall */
unsigned char *RPC_ENTRY NdrVaryingArrayUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                                   PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrVaryingArrayMemorySize */
ULONG RPC_ENTRY NdrVaryingArrayMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}

/* NdrVaryingArrayFree */
void RPC_ENTRY NdrVaryingArrayFree(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_free(pStubMsg, pMemory, pFormat);
}

/* NdrComplexArrayMarshall */
unsigned char *RPC_ENTRY NdrComplexArrayMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                 PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrComplexArrayBufferSize */
void RPC_ENTRY NdrComplexArrayBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrComplexArrayUnmarshall */
unsigned char *RPC_ENTRY NdrComplexArrayUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                                   PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrComplexArrayMemorySize */
ULONG RPC_ENTRY NdrComplexArrayMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}

/* NdrComplexArrayFree */
void RPC_ENTRY NdrComplexArrayFree(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory, PFORMAT_STRING pFormat)
{
    ndr_stub_free(pStubMsg, pMemory, pFormat);
}
