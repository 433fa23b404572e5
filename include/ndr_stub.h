/* ndr_stub.h: the glue between a MIDL_STUB_MESSAGE and the NDR type interpreter, one routine per pass. */
#ifndef RPCRT4_NDR_STUB_H
#define RPCRT4_NDR_STUB_H

#include <windows.h>
#include <rpc.h>
#include <rpcndr.h>

/* The explicit-stub exports (Ndr<Family>Marshall ... Free) are each one call of these. Every pass reads
 * and updates the stub message as native does:
 *   Buffer        where the pass reads or writes, advanced past what it read or wrote; alignment counts
 *                 from the address itself (native aligns the pointer), so data at an odd address pads
 *                 as native pads it;
 *   BufferEnd     the end of the data (RpcMsg->Buffer + RpcMsg->BufferLength when BufferEnd is NULL);
 *   BufferLength  the buffer-size pass adds what marshalling writes, aligned like the data, counting
 *                 alignment from 0;
 *   MaxCount, Offset, ActualCount   taken as top-level conformance and variance where a descriptor has
 *                 no stack (StackTop NULL, as in -Os stubs) and left as the last array or string walked
 *                 leaves them;
 *   UniquePtrCount  the referent ids given so far in this message: the next one is 0x20000 + 4 * it;
 *   MemorySize    the memory-size pass adds what unmarshalling into fresh memory would allocate;
 *   pfnAllocate, pfnFree   the allocator (the stub descriptor's when the message has none);
 *   fHasNewCorrDesc  correlation descriptors carry robust flags (6 octets);
 * Unmarshalling reads the local data representation whatever RpcMsg->DataRepresentation says: as with
 * native, a stub converts other representations first (NdrConvert).
 * The format is pFormat in the stub descriptor's type format string (StubDesc->pFormatTypes), which
 * relative offsets may reach backwards; without a stub descriptor, only what follows pFormat.
 * Types are given as native gives them: pMemory of a pointer type is the pointer's value, ppMemory of
 * an unmarshall the pointer's address (for a pointer type, the pointer itself).
 *
 * A failure raises, after undoing what the pass allocated: RPC_X_BAD_STUB_DATA (short, malformed or
 * inconsistent data, a marshalling buffer too small, nesting too deep), RPC_X_INVALID_BOUND,
 * RPC_X_NULL_REF_POINTER (also a NULL stub message, object or format), RPC_X_ENUM_VALUE_OUT_OF_RANGE,
 * RPC_S_INVALID_TAG, RPC_S_OUT_OF_MEMORY, RPC_S_INTERNAL_ERROR (a format the interpreter does not take). */

/* Marshall: writes the object at memory at Buffer. Returns NULL, as the exports do. */
unsigned char *ndr_stub_marshall(PMIDL_STUB_MESSAGE msg, unsigned char *memory, PFORMAT_STRING format);
/* BufferSize: adds to BufferLength what ndr_stub_marshall would write. */
void ndr_stub_buffer_size(PMIDL_STUB_MESSAGE msg, unsigned char *memory, PFORMAT_STRING format);
/* Unmarshall: reads one object at Buffer into *memory (allocated when *memory is NULL or must_alloc).
 * Returns NULL, as the exports do. */
unsigned char *ndr_stub_unmarshall(PMIDL_STUB_MESSAGE msg, unsigned char **memory, PFORMAT_STRING format,
                                   unsigned char must_alloc);
/* MemorySize: walks the object at Buffer as unmarshalling would, adds its memory size to MemorySize and
 * returns the new MemorySize. */
ULONG ndr_stub_memory_size(PMIDL_STUB_MESSAGE msg, PFORMAT_STRING format);
/* OutSize: the memory a stubless server allocates (or a client zeroes) for a top-level [out]-only object of
 * the type at format, its conformance from StackTop (ndr_type_out_size). Never raises: returns RPC_S_OK
 * with *size, or the status a pass would raise for the failure. */
RPC_STATUS ndr_stub_out_size(PMIDL_STUB_MESSAGE msg, PFORMAT_STRING format, size_t *size);
/* Free: frees what the object at memory points to (for a pointer type, the pointee too), never memory
 * inside the message buffer. Never raises. */
void ndr_stub_free(PMIDL_STUB_MESSAGE msg, unsigned char *memory, PFORMAT_STRING format);

#endif
