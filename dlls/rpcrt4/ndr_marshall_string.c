/* ndr_marshall_string.c: the explicit-stub exports for NDR strings (no Free: a string holds no pointer). */
#include "ndr_stub.h"

/* NdrConformantStringMarshall */
unsigned char *RPC_ENTRY NdrConformantStringMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                     PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrConformantStringBufferSize */
void RPC_ENTRY NdrConformantStringBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                             PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrConformantStringUnmarshall */
unsigned char *RPC_ENTRY NdrConformantStringUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                                       PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrConformantStringMemorySize */
ULONG RPC_ENTRY NdrConformantStringMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}

/* NdrNonConformantStringMarshall */
unsigned char *RPC_ENTRY NdrNonConformantStringMarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                        PFORMAT_STRING pFormat)
{
    return ndr_stub_marshall(pStubMsg, pMemory, pFormat);
}

/* NdrNonConformantStringBufferSize */
void RPC_ENTRY NdrNonConformantStringBufferSize(PMIDL_STUB_MESSAGE pStubMsg, unsigned char *pMemory,
                                                PFORMAT_STRING pFormat)
{
    ndr_stub_buffer_size(pStubMsg, pMemory, pFormat);
}

/* NdrNonConformantStringUnmarshall */
unsigned char *RPC_ENTRY NdrNonConformantStringUnmarshall(PMIDL_STUB_MESSAGE pStubMsg, unsigned char **ppMemory,
                                                          PFORMAT_STRING pFormat, unsigned char fMustAlloc)
{
    return ndr_stub_unmarshall(pStubMsg, ppMemory, pFormat, fMustAlloc);
}

/* NdrNonConformantStringMemorySize */
ULONG RPC_ENTRY NdrNonConformantStringMemorySize(PMIDL_STUB_MESSAGE pStubMsg, PFORMAT_STRING pFormat)
{
    return ndr_stub_memory_size(pStubMsg, pFormat);
}
