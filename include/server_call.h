/* server_call.h: one call the server received: its RPC_MESSAGE, its dispatch, its reply, and what it tells the APIs. */
#ifndef RPCRT4_SERVER_CALL_H
#define RPCRT4_SERVER_CALL_H

#include <windows.h>
#include <rpc.h>
#include "binding.h"
#include "connection.h"

struct server_call;

/* Runs a reassembled request that arrived on conn (the server's side of it, server_conn.c) on the calling
 * engine worker: finds the interface, dispatches it, sends the response or the fault, frees everything.
 * context_syntax is the abstract syntax of the request's presentation context, NULL when the context id
 * names none; stub is the request's stub (taken over, portable_free). */
void server_call_run(struct rpc_conn *conn, const struct pdu *request, const struct pdu_syntax *context_syntax,
                     uint8_t *stub);

/* The server call a server binding handle stands for, NULL when handle is none. */
struct server_call *server_call_from_handle(RPC_BINDING_HANDLE handle);
/* The call the calling thread is dispatching, NULL when none. */
struct server_call *server_call_current(void);
/* The handle of the call (the RPC_MESSAGE's Handle in the server routine). */
RPC_BINDING_HANDLE server_call_handle(struct server_call *call);

/* Server side of I_RpcGetBuffer: (re)allocates the reply buffer of msg->BufferLength bytes, keeping the
 * request's buffer alive until the call ends (the stub's [in] data may point into it). RPC_S_OK or
 * RPC_S_OUT_OF_MEMORY. */
RPC_STATUS server_call_get_buffer(struct server_call *call, RPC_MESSAGE *msg);
/* Server side of I_RpcFreeBuffer: frees a reply buffer (the request's goes with the call). */
void server_call_free_buffer(struct server_call *call, RPC_MESSAGE *msg);

/* The client's process id (ncalrpc and ncacn_np): RPC_S_OK, or RPC_S_INVALID_BINDING on TCP. */
RPC_STATUS server_call_client_pid(struct server_call *call, ULONG *pid);

/* The call's RPC_MESSAGE, as the server routine got it. */
RPC_MESSAGE *server_call_message(struct server_call *call);

/* The connection the call arrived on. */
struct rpc_conn *server_call_conn(struct server_call *call);

#endif
