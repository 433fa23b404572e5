/* client_conn.h: the client's associations, their pools of bound connections, and one call at a time on each. */
#ifndef RPCRT4_CLIENT_CONN_H
#define RPCRT4_CLIENT_CONN_H

#include <windows.h>
#include <rpc.h>
#include "binding.h"
#include "connection.h"

/* An association is what the client knows of one server address (protocol sequence, network address,
 * endpoint): its association group id and its idle connections. Bindings to the same address share it.
 * Each connection is bound to one client_if (bind, never alter_context: Wine's builtin server drops a
 * connection that alters its context) and carries one call at a time, as native clients do; several calls
 * at once on one binding use several connections. */
struct client_assoc;
struct client_conn;

/* What a connection tells the call it carries. */
struct client_call_sink
{
    /* The reply arrived (status RPC_S_OK, reply owned by the callee, portable_free), or the call failed
     * (status the failure: the fault's status mapped, or the connection's loss; reply NULL). Exactly once
     * per client_conn_start_call that returned RPC_S_OK, on an engine worker. */
    void (*finished)(struct client_call_sink *sink, RPC_STATUS status, uint8_t *reply, size_t length,
                     ULONG data_representation);
    /* The request's last byte went out (status ERROR_SUCCESS) or could not (the error). Exactly once per
     * client_conn_start_call that returned RPC_S_OK, before or after finished: the callee keeps the sink
     * alive until both have run. */
    void (*sent)(struct client_call_sink *sink, DWORD status);
    /* Set by the connection once the request went out whole: a connection lost before then fails the call
     * with RPC_S_CALL_FAILED_DNE (the server cannot have run it), after with RPC_S_CALL_FAILED. */
    LONG request_sent;
};

/* A connection of binding's association bound to the client_if with that abstract syntax: an idle one,
 * else a new one (connect and bind, in the calling thread). Returns RPC_S_OK with *conn held by the
 * caller; RPC_S_SERVER_UNAVAILABLE and the other statuses of transport_connect; the bind's statuses
 * (client_bind.h: RPC_S_UNKNOWN_IF, RPC_S_UNSUPPORTED_TRANS_SYN, RPC_S_SERVER_TOO_BUSY,
 * RPC_S_PROTOCOL_ERROR, RPC_S_CALL_FAILED_DNE ...); RPC_S_INVALID_BINDING for a server binding;
 * EPT_S_NOT_REGISTERED when the binding has no endpoint and the client_if names none for its protocol
 * sequence; RPC_S_OUT_OF_MEMORY. */
RPC_STATUS client_conn_acquire(struct rpc_binding *binding, const RPC_CLIENT_INTERFACE *client_if,
                               struct client_conn **conn);

/* Aborts the connection under the call it carries: the call fails with the connection's loss (an aborted
 * I/O: RPC_S_CALL_CANCELLED). Any thread. */
void client_conn_abort(struct client_conn *conn);

/* Gives a connection back: to its association's idle pool when reusable, still open and a binding still holds
 * the association, else closed. */
void client_conn_release(struct client_conn *conn, BOOL reusable);

/* Sends a request (opnum, object UUID when not NULL or nil, stub copied) as the connection's one call;
 * sink hears how it ends. RPC_S_OK; RPC_S_CALL_FAILED_DNE (the connection is gone), RPC_S_OUT_OF_MEMORY,
 * RPC_S_PROTOCOL_ERROR: nothing was sent and sink hears nothing. */
RPC_STATUS client_conn_start_call(struct client_conn *conn, unsigned int opnum, const UUID *object,
                                  const void *stub, size_t length, struct client_call_sink *sink);

/* Tells the server that the connection's call is cancelled: a co_cancel PDU, or with orphaned an orphaned
 * PDU, after which the connection is not reused. Sends nothing when no call is in flight. */
void client_conn_send_cancel(struct client_conn *conn, BOOL orphaned);

/* The transfer syntax the connection's bind accepted. */
const RPC_SYNTAX_IDENTIFIER *client_conn_transfer_syntax(const struct client_conn *conn);

/* Drops binding's reference on its association (RpcBindingReset, RpcBindingFree); with the last one the
 * association's idle connections close. */
void client_assoc_release(struct client_assoc *assoc);

#endif
