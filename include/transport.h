/* transport.h: ncalrpc, ncacn_np and ncacn_ip_tcp behind one interface: connect, listen, read, write, close. */
#ifndef RPCRT4_TRANSPORT_H
#define RPCRT4_TRANSPORT_H

#include <windows.h>
#include <rpc.h>
#include "engine.h"
#include "protseq.h"

/* Each protocol sequence is one ops table (transport_pipe.c: ncalrpc and ncacn_np; transport_tcp.c:
 * ncacn_ip_tcp); callers use only the functions below, which pick the table by protseq_id.
 *
 * Names on the wire of this machine:
 *   ncalrpc       endpoint "name"        -> message-mode pipe \\.\pipe\lrpc\name (as Wine's builtin)
 *   ncacn_np      endpoint "\pipe\name"  -> message-mode pipe \\.\pipe\name; network address "" or the
 *                 local machine ("\\host" or "host"); another machine gets RPC_S_SERVER_UNAVAILABLE
 *   ncacn_ip_tcp  endpoint "port"        -> TCP, IPv4 and IPv6; network address a name or a literal,
 *                 "" for the local machine
 *
 * A connection is a byte stream in both directions, whatever the transport: on the message-mode pipes a
 * read may end at a message boundary, and a read that ends with ERROR_MORE_DATA is a partial message
 * whose bytes are valid (treat it as success). Every read, write and accept is overlapped on the engine:
 * its outcome reaches request->complete on an engine worker, exactly once, including a synchronous
 * failure (posted with engine_post). */

struct _WSABUF;               /* winsock2.h's WSABUF; include winsock2.h (before windows.h) to fill one */
struct transport_conn;        /* one open connection: a pipe instance or a socket */
struct transport_listener;    /* one server endpoint: pipe instances or listening sockets */

/* Opens a client connection to a server, synchronously (the caller's thread waits; a synchronous call
 * waits anyway, and native opens connections of asynchronous calls before returning too), with TCP_NODELAY
 * on sockets, attached to the engine. timeout_ms bounds the wait for a busy pipe or a TCP connect
 * (INFINITE allowed). Returns:
 *   RPC_S_OK                       *conn is set;
 *   RPC_S_SERVER_UNAVAILABLE       nothing listens there, the host is unknown or refuses, another machine
 *                                  for ncacn_np, or the timeout passed;
 *   RPC_S_SERVER_TOO_BUSY          every pipe instance stayed busy for timeout_ms;
 *   RPC_S_INVALID_ENDPOINT_FORMAT  an endpoint the protocol sequence cannot name ("" included);
 *   RPC_S_INVALID_NET_ADDR         a network address the protocol sequence cannot name;
 *   RPC_S_ACCESS_DENIED            the pipe refused us;
 *   RPC_S_INVALID_RPC_PROTSEQ      protseq is none of enum protseq_id;
 *   RPC_S_OUT_OF_MEMORY, RPC_S_OUT_OF_RESOURCES. */
RPC_STATUS transport_connect(enum protseq_id protseq, const char *network_addr, const char *endpoint,
                             DWORD timeout_ms, struct transport_conn **conn);

/* Called on an engine worker for every accepted connection (attached, TCP_NODELAY set); the callee owns
 * conn from then on. */
typedef void (*transport_accept_callback)(void *context, struct transport_conn *conn);

/* Creates a server endpoint and starts accepting connections at once: for ncacn_ip_tcp a listening socket
 * per address family this machine has (IPv4, IPv6), for the pipes enough overlapped ConnectNamedPipe
 * instances that a burst of clients does not see ERROR_PIPE_BUSY. endpoint NULL or "" asks for a dynamic
 * one (a free TCP port; a unique pipe name); *actual_endpoint gets the endpoint in the protocol
 * sequence's syntax ("49731", "\pipe\name", "name"), from the process heap, NULL when actual_endpoint is
 * NULL. backlog is a hint (RPC_C_PROTSEQ_MAX_REQS_DEFAULT and the like), unused at present: a few accepts
 * are always pending and sockets get the system's largest backlog. accept runs with context.
 * Returns RPC_S_OK; RPC_S_DUPLICATE_ENDPOINT when the endpoint is in use (by us or another process);
 * RPC_S_INVALID_ENDPOINT_FORMAT; RPC_S_CANT_CREATE_ENDPOINT for any other failure to create it;
 * RPC_S_INVALID_RPC_PROTSEQ; RPC_S_OUT_OF_MEMORY, RPC_S_OUT_OF_RESOURCES. */
RPC_STATUS transport_listen(enum protseq_id protseq, const char *endpoint, unsigned int backlog,
                            transport_accept_callback accept, void *context,
                            struct transport_listener **listener, char **actual_endpoint);

/* Stops accepting and closes the endpoint; connections already accepted are not touched. Once it returns
 * no accept callback runs any more (it waits for one that is running) and the listener is freed. Must not
 * be called from inside the listener's own accept callback. */
void transport_listener_close(struct transport_listener *listener);

/* Starts one read of up to size bytes into buf. Completion: status ERROR_SUCCESS (or ERROR_MORE_DATA)
 * with bytes > 0 is data; bytes 0 or any other status means the connection is finished (peer closed, or
 * aborted). At most one read in flight per connection. These calls zero request->overlapped themselves;
 * on a connection already closed the request completes with ERROR_OPERATION_ABORTED. */
void transport_read(struct transport_conn *conn, struct engine_request *request, void *buf, DWORD size);

/* Starts one write of count buffers, in order; completion comes once every byte was written (status
 * ERROR_SUCCESS, bytes = the total), or with the failure. On a pipe each write is one message: count must
 * be at most transport_max_gather() (1 on pipes), which a caller respects by writing one fragment per
 * write there; a count of 0 or above it completes with ERROR_INVALID_PARAMETER. Several writes may be in
 * flight; they go out in the order started. */
void transport_write(struct transport_conn *conn, struct engine_request *request, const struct _WSABUF *buffers,
                     DWORD count);

/* How many buffers one transport_write may carry on this connection: 1 on pipes, more on sockets. */
DWORD transport_max_gather(const struct transport_conn *conn);

/* Aborts the connection: pending reads and writes complete with errors (through the engine, as usual),
 * the handle or socket is closed, nothing more is started on it. Idempotent, any thread. */
void transport_close(struct transport_conn *conn);

/* Frees the connection's memory. Only after transport_close and once no operation started on it is still
 * in flight (the caller counts them: every completion it was given has run). */
void transport_free(struct transport_conn *conn);

/* The protocol sequence of a connection. */
enum protseq_id transport_protseq(const struct transport_conn *conn);

/* For a server's bind_ack: the endpoint the client reached, in the form native puts in the secondary
 * address ("49731" for TCP, "\PIPE\name" for ncacn_np, the endpoint name for ncalrpc); on a client
 * connection, the endpoint as the caller gave it. Never NULL, owned by the connection. */
const char *transport_secondary_address(const struct transport_conn *conn);

/* Server side: the client's network address as RpcBindingServerFromClient gives it (the peer's IP
 * literal for TCP, the local machine's name for the pipes), from the process heap (HeapFree), or NULL
 * on failure or once the connection is closed. */
char *transport_peer_address(const struct transport_conn *conn);

/* Server side, pipes only: the client's process id. RPC_S_OK; RPC_S_INVALID_BINDING on TCP or when the
 * system cannot tell. */
RPC_STATUS transport_client_pid(const struct transport_conn *conn, ULONG *pid);

#endif
