/* client_call.h: one client call: the per-call state object that the message API and the stubs drive. */
#ifndef RPCRT4_CLIENT_CALL_H
#define RPCRT4_CLIENT_CALL_H

#include <windows.h>
#include <rpc.h>
#include "binding.h"

struct client_call;

/* Starts a call on binding (a client binding handle's object) for client_if: takes a bound connection
 * (client_conn_acquire's statuses) and makes the call object, in CALL_CLIENT_MAKE_CALL. */
RPC_STATUS client_call_create(struct rpc_binding *binding, const RPC_CLIENT_INTERFACE *client_if,
                              struct client_call **call);

/* The transfer syntax the call's connection negotiated (for RPC_MESSAGE.TransferSyntax). */
const RPC_SYNTAX_IDENTIFIER *client_call_transfer_syntax(const struct client_call *call);

/* The object UUID the request will carry instead of the binding's (I_RpcGetBufferWithObject). */
void client_call_set_object(struct client_call *call, const UUID *object);

/* Sends the request (stub copied) with opnum and the object UUID: the one set on the call, else the
 * binding's. RPC_S_OK; RPC_S_CALL_FAILED_DNE, RPC_S_OUT_OF_MEMORY, RPC_S_PROTOCOL_ERROR (nothing sent);
 * RPC_S_INTERNAL_ERROR (the call was sent already). */
RPC_STATUS client_call_send(struct client_call *call, unsigned int opnum, const void *stub,
                            size_t length);

/* Waits for the outcome of a sent call. RPC_S_OK with the reply (*reply owned by the caller, portable_free;
 * NULL when length is 0) and its data representation; or the failure: the fault's status mapped
 * (status_map_fault_to_rpc), RPC_S_CALL_FAILED (the connection was lost after the request went out),
 * RPC_S_CALL_FAILED_DNE (lost before). */
RPC_STATUS client_call_wait(struct client_call *call, void **reply, size_t *length, ULONG *data_representation);

/* The live call whose handle (the address RPC_MESSAGE.ReservedForRuntime holds) is handle, with a
 * reference (client_call_release), or NULL when handle is no live call: never dereferenced otherwise. */
struct client_call *client_call_lookup(void *handle);
void client_call_release(struct client_call *call);

/* Ends the call and frees it (its handle stops being valid at once): the connection goes back to the pool when the call ended cleanly (a reply or
 * a fault), else it is closed. A call still in flight is abandoned (its connection closed). */
void client_call_free(struct client_call *call);

#endif
