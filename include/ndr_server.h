/* ndr_server.h: what the synchronous and asynchronous stubless servers share. */
#ifndef RPCRT4_NDR_SERVER_H
#define RPCRT4_NDR_SERVER_H

#include "ndr_call.h"

/* A server call: the common state, the manager routine, and storage for base types passed by reference
 * (8 octets a parameter, after the stack in the same block). */
struct ndr_server_call
{
    struct ndr_call call;
    const void *routine;
    unsigned char *storage;
};

/* Parses msg's procedure, initialises the stub message over the request and allocates the zeroed stack
 * (HeapAlloc, server->call.stack). Raises RPC_X_NULL_REF_POINTER (no interpreter information),
 * RPC_S_PROCNUM_OUT_OF_RANGE, RPC_S_OUT_OF_MEMORY and what ndr_call_parse raises, with nothing
 * allocated. */
void ndr_server_start(struct ndr_server_call *server, PRPC_MESSAGE msg);

/* Fills the stack: the binding handle, [in] parameters unmarshalled (into memory they allocate), [out]-only
 * ones given memory. Raises on bad data (RPC_X_BAD_STUB_DATA for a data representation the engine does
 * not take). */
void ndr_server_unmarshall_in(struct ndr_server_call *server);

/* Stores result (result_size octets, fewer when the slot is smaller) in the return value's slot. */
void ndr_server_store_result(struct ndr_call *call, const void *result, size_t result_size);

/* Sizes the [out] parameters and the return value, gets the reply buffer and marshalls them; raises. */
void ndr_server_marshall_out(struct ndr_server_call *server);

/* Frees what the parameters point to, and the memory unmarshalling or alloc_out gave them; never raises.
 * Memory in the stack itself or in the storage is not freed. */
void ndr_server_free_params(struct ndr_server_call *server);

/* For the stubs of MIDL's /protocol all (NdrServerCallAll, Ndr64AsyncServerCallAll): returns when msg
 * comes in NDR 2.0, the one transfer syntax our server negotiates; raises RPC_S_UNSUPPORTED_TRANS_SYN
 * otherwise (NDR64 is not there yet). */
void ndr_server_require_ndr20(PRPC_MESSAGE msg);

#endif
