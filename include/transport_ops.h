/* transport_ops.h: between transport.c and the transports behind it: the ops table, the objects' common parts. */
#ifndef RPCRT4_TRANSPORT_OPS_H
#define RPCRT4_TRANSPORT_OPS_H

#include "transport.h"

struct transport_accept;

/* One protocol sequence's implementation. transport.c checks the arguments the header documents
 * (protseq, the "closed" state of a connection) before calling these. */
struct transport_ops
{
    enum protseq_id protseq;
    DWORD max_gather;                  /* buffers one write may carry */

    /* transport_connect, for this protocol sequence; statuses as transport_connect. */
    RPC_STATUS (*connect)(const struct transport_ops *ops, const char *network_addr, const char *endpoint,
                          DWORD timeout_ms, struct transport_conn **conn);
    /* Creates the listener's endpoint (endpoint NULL or "": a dynamic one), sets up its common part with
     * transport_listener_init and starts its accepts with transport_accept_start; statuses as
     * transport_listen. On failure nothing is left behind. */
    RPC_STATUS (*listen)(const struct transport_ops *ops, const char *endpoint,
                         transport_accept_callback accept, void *context, struct transport_listener **listener);
    /* Start one overlapped operation, the engine way (a synchronous failure is posted). */
    void (*read)(struct transport_conn *conn, struct engine_request *request, void *buf, DWORD size);
    void (*write)(struct transport_conn *conn, struct engine_request *request, const WSABUF *buffers, DWORD count);
    /* Closes a handle of this transport: a pipe (CloseHandle) or a socket (closesocket). */
    void (*close_handle)(HANDLE handle);
    /* transport_peer_address, on a connection that is not closed. */
    char *(*peer_address)(const struct transport_conn *conn);

    /* Readies the handle of an accept that succeeded for use as a connection (attached to the engine);
     * FALSE when it cannot be. NULL when there is nothing to do. */
    BOOL (*accept_setup)(struct transport_accept *accept);
    /* Prepares a new pipe instance or socket in accept->handle and starts an overlapped accept on it, the
     * engine way; FALSE when nothing could be started (accept->handle is then INVALID_HANDLE_VALUE, and
     * the accept idle for good). */
    BOOL (*accept_begin)(struct transport_accept *accept);
    /* Cancels every pending accept (under the listener's lock, its closing flag set). */
    void (*listener_cancel)(struct transport_listener *listener);
    /* Closes what the listener still holds and frees it; no accept is pending any more. */
    void (*listener_free)(struct transport_listener *listener);
};

/* One open connection, the same for every transport. */
struct transport_conn
{
    const struct transport_ops *ops;
    HANDLE handle;                 /* the pipe, or the SOCKET */
    LONG state;                    /* CONN_CLOSED, plus CONN_USER for each thread using the handle */
    BOOL server;                   /* accepted by a listener */
    char secondary[];              /* the secondary address */
};

/* The common part of a listener, first in each transport's own. */
struct transport_listener
{
    const struct transport_ops *ops;
    transport_accept_callback accept;
    void *context;
    SRWLOCK lock;                  /* shared: an accept's completion; exclusive: transport_listener_close */
    BOOL closing;
    LONG busy;                     /* accepts pending, accept callbacks running, and 1 until closing */
    HANDLE idle;                   /* set when busy falls to 0 */
    char *endpoint;                /* the actual endpoint, from the process heap */
    char *secondary;               /* its secondary address, copied into each accepted connection */
};

/* One accept the listener keeps pending, first in each transport's own. */
struct transport_accept
{
    struct engine_request request;
    struct transport_listener *listener;
    HANDLE handle;                 /* the pipe instance or socket being accepted, or INVALID_HANDLE_VALUE */
};

extern const struct transport_ops transport_ncalrpc_ops;
extern const struct transport_ops transport_ncacn_np_ops;
extern const struct transport_ops transport_ncacn_ip_tcp_ops;

/* Shared helpers of transport.c. */

/* A new connection around an open, attached handle or socket, from the process heap, or NULL. */
struct transport_conn *transport_conn_new(const struct transport_ops *ops, HANDLE handle, BOOL server,
                                          const char *secondary);

/* Sets up a listener's common part; endpoint is the actual endpoint (copied). RPC_S_OK;
 * RPC_S_OUT_OF_MEMORY; RPC_S_OUT_OF_RESOURCES. On failure nothing needs undoing. */
RPC_STATUS transport_listener_init(struct transport_listener *listener, const struct transport_ops *ops,
                                   const char *endpoint, transport_accept_callback accept, void *context);

/* Starts one of the listener's accepts (ops->accept_begin) and counts it; FALSE when none started. */
BOOL transport_accept_start(struct transport_accept *accept, struct transport_listener *listener);

/* The pipe path (\\.\pipe\...) of a pipe endpoint, for ncalrpc or ncacn_np, into path[MAX_PATH].
 * RPC_S_OK; RPC_S_INVALID_ENDPOINT_FORMAT for a name the protocol sequence cannot have ("" included). */
RPC_STATUS transport_pipe_path(enum protseq_id protseq, const char *endpoint, char *path);

/* A new unique pipe endpoint ("LRPC-0123456789abcdef", "\pipe\RPC-0123456789abcdef") into
 * endpoint[32]. RPC_S_OK; RPC_S_OUT_OF_RESOURCES when the system has no random bytes to give. */
RPC_STATUS transport_pipe_dynamic(enum protseq_id protseq, char *endpoint);

/* The port of a TCP endpoint: digits only, 1 to 65535. RPC_S_OK; RPC_S_INVALID_ENDPOINT_FORMAT. */
RPC_STATUS transport_tcp_port(const char *endpoint, USHORT *port);

/* The secondary address of an endpoint as transport_secondary_address gives it, from the process heap,
 * or NULL when out of memory. */
char *transport_make_secondary(enum protseq_id protseq, const char *endpoint);

/* A copy of str on the process heap, or NULL. */
char *transport_strdup(const char *str);

#endif
