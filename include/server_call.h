/* server_call.h: one call the server received: its RPC_MESSAGE, its dispatch, its reply, and what it tells the APIs. */
#ifndef RPCRT4_SERVER_CALL_H
#define RPCRT4_SERVER_CALL_H

#include <windows.h>
#include <rpc.h>
#include "binding.h"
#include "connection.h"
#include <rpcasync.h>

struct server_call;

/* A call on its connection's list, so that a co_cancel or orphaned PDU naming call_id finds it and a lost
 * connection reaches it (server_conn.c keeps the list). */
struct server_call_link
{
    struct server_call_link *next;
    uint32_t call_id;
    struct server_call *call;
    BOOL lost;                        /* told that its connection is gone (server_conn.c) */
};
void server_conn_track(struct rpc_conn *conn, struct server_call_link *link);
void server_conn_untrack(struct rpc_conn *conn, struct server_call_link *link);

/* What an asynchronous stub (NdrAsyncServerCall) gives the runtime to end its call with. */
struct server_async_stub
{
    /* Marshalls the [out] parameters and the return value read from reply (the stub knows its size;
     * NULL: none) into the reply buffer (I_RpcGetBuffer on the call's message). RPC_S_OK, or the status
     * marshalling raised (the call is then answered with a fault carrying it). */
    RPC_STATUS (*marshall)(void *context, void *reply);
    /* Frees the parameters and the stub's state; called once, when the call ends however it ends. */
    void (*free)(void *context);
};

/* Runs a reassembled request that arrived on conn (the server's side of it, server_conn.c) on the calling
 * engine worker: finds the interface, dispatches it, sends the response or the fault (an asynchronous
 * call's later), frees everything once the call has ended.
 * context_syntax is the abstract syntax of the request's presentation context, NULL when the context id
 * names none; stub is the request's stub (taken over, portable_free). */
void server_call_run(struct rpc_conn *conn, const struct pdu *request, const struct pdu_syntax *context_syntax,
                     uint8_t *stub);

/* Makes the call being dispatched asynchronous (from its stub, on the dispatching thread): when the
 * routine returns nothing is sent; server_call_complete or server_call_abort ends the call later and
 * stub->free(context) runs then; async is the state the routine got. */
void server_call_make_async(struct server_call *call, const struct server_async_stub *stub, void *context,
                            RPC_ASYNC_STATE *async);
/* The RPC_ASYNC_STATE an asynchronous call's stub gave its routine; NULL for a synchronous call. */
RPC_ASYNC_STATE *server_call_async_state(struct server_call *call);

/* RpcAsyncCompleteCall on the server: sends the reply (RPC_S_OK), or nothing when the client is gone or
 * cancelled abortively (the failure recorded: RPC_S_CALL_FAILED, RPC_S_CALL_CANCELLED);
 * RPC_S_INVALID_ASYNC_HANDLE when the call has ended already. */
RPC_STATUS server_call_complete(struct server_call *call, void *reply);
/* RpcAsyncAbortCall: sends a fault carrying code (RPC_S_OK), nothing when nobody waits (RPC_S_OK);
 * RPC_S_INVALID_ASYNC_HANDLE when the call has ended already. */
RPC_STATUS server_call_abort(struct server_call *call, RPC_STATUS code);
/* The client cancelled the call (co_cancel), or orphaned it (orphaned PDU: nobody waits any more). */
void server_call_cancel(struct server_call *call, BOOL orphaned);
/* The call's connection is gone: nobody waits for its answer. */
void server_call_lost(struct server_call *call);
/* RpcAsyncGetCallStatus on a server call: RPC_S_ASYNC_CALL_PENDING until it ends. */
RPC_STATUS server_call_status(struct server_call *call);
/* RpcServerTestCancel: RPC_S_OK once the client cancelled the call, else RPC_S_CALL_IN_PROGRESS. */
RPC_STATUS server_call_test_cancel(struct server_call *call);

/* The live call a server binding handle stands for, with a reference (server_call_release); NULL when
 * handle is none or its call is ending. */
struct server_call *server_call_acquire(RPC_BINDING_HANDLE handle);
void server_call_addref(struct server_call *call);
void server_call_release(struct server_call *call);

/* The server call a server binding handle stands for, NULL when handle is none (no reference: only for
 * the thread dispatching the call, or a holder of a reference). */
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
