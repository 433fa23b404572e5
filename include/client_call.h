/* client_call.h: one client call: the per-call state object that the message API and the stubs drive. */
#ifndef RPCRT4_CLIENT_CALL_H
#define RPCRT4_CLIENT_CALL_H

#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_notify.h"
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

/* RpcCancelThread: the synchronous call thread_id waits for (if any) is cancelled: a co_cancel PDU tells
 * the server, and when no answer came *timeout ms later (0: at once; INFINITE: never; timeout NULL: the
 * waiting thread's own cancel timeout) the call ends with RPC_S_CALL_CANCELLED. A thread that waits for
 * no call, or a call cancelled already, is left alone. RPC_S_OK. */
RPC_STATUS client_call_cancel_thread(DWORD thread_id, const DWORD *timeout);

/* Makes the call asynchronous, before it is sent: the step that completes it and, when asked, the
 * request's send completion are delivered to async by notifier (taken over: released with the call). */
void client_call_set_async(struct client_call *call, RPC_ASYNC_STATE *async, const struct async_notifier *notifier);

/* RpcAsyncGetCallStatus: RPC_S_ASYNC_CALL_PENDING until the outcome is in and notified, then RPC_S_OK or
 * the failure; RPC_S_INVALID_ASYNC_HANDLE once the outcome was taken. */
RPC_STATUS client_call_status(struct client_call *call);

/* Takes the outcome without waiting: RPC_S_ASYNC_CALL_PENDING while there is none (nothing changes);
 * RPC_S_OK with the reply as client_call_wait gives it; the failure (client_call_wait's statuses,
 * RPC_S_CALL_CANCELLED after an abortive cancel); RPC_S_INVALID_ASYNC_HANDLE when it was taken already. */
RPC_STATUS client_call_take(struct client_call *call, void **reply, size_t *length, ULONG *data_representation);

/* RpcAsyncCancelCall: abortive, the call completes now with RPC_S_CALL_CANCELLED (notified) and an
 * orphaned PDU tells the server; else a co_cancel PDU tells the server and the call goes on until the
 * server answers. RPC_S_OK (also once the call is complete: nothing to do); RPC_S_INVALID_ASYNC_HANDLE
 * before the call was issued or after its outcome was taken. */
RPC_STATUS client_call_cancel(struct client_call *call, BOOL abortive);

/* The live call whose handle (the address RPC_MESSAGE.ReservedForRuntime holds) is handle, with a
 * reference (client_call_release), or NULL when handle is no live call: never dereferenced otherwise. */
struct client_call *client_call_lookup(void *handle);
void client_call_release(struct client_call *call);

/* Ends the call and frees it (its handle stops being valid at once): the connection goes back to the pool when the call ended cleanly (a reply or
 * a fault), else it is closed. A call still in flight is abandoned (its connection closed). */
void client_call_free(struct client_call *call);

#endif
