/* ndr_client.h: what the synchronous and asynchronous stubless clients share. */
#ifndef RPCRT4_NDR_CLIENT_H
#define RPCRT4_NDR_CLIENT_H

#include <stdarg.h>
#include "ndr_call.h"

/* The argument stack the procedure's offsets describe, from the variable arguments after pFormat: on
 * x86_64 the caller's arguments themselves; on i386 the one pointer to them that stubs pass (MIDL's and
 * widl's x86 stubs pass the address of the first parameter or of a packed copy of them all). */
const unsigned char *ndr_client_arguments(va_list *args);

/* Parses the procedure at format, initialises call's messages for desc and copies the caller's
 * arguments at args into a fresh stack (HeapAlloc, room for the return value past it). Returns the
 * return value's stack offset (the stack size when there is none). Raises RPC_X_NULL_REF_POINTER,
 * RPC_S_OUT_OF_MEMORY and what ndr_call_parse raises; nothing is allocated then. */
unsigned int ndr_client_start(struct ndr_call *call, PMIDL_STUB_DESC desc, PFORMAT_STRING format,
                              const unsigned char *args);

/* The binding handle the procedure names: an explicit primitive handle parameter, or the stub
 * descriptor's implicit primitive or auto handle. Raises RPC_S_INVALID_BINDING for a NULL one and
 * RPC_S_CANNOT_SUPPORT for generic and context handles and auto-binding (not there yet). */
RPC_BINDING_HANDLE ndr_client_binding(const struct ndr_call *call);

/* Unmarshalls every [out] parameter and the return value (into its slot of the stack copy) from the
 * reply the stub message holds; raises on bad data. */
void ndr_client_unmarshall_out(struct ndr_call *call);

/* The stack offset of the return value's slot (its descriptor in *ret), or the stack size when there is
 * none. */
unsigned int ndr_client_return_offset(const struct ndr_call *call, struct ndr_param *ret);

#endif
