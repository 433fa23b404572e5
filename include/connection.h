/* connection.h: one DCE/RPC connection over a transport: the read loop, reassembly, ordered sends, lifetime. */
#ifndef RPCRT4_CONNECTION_H
#define RPCRT4_CONNECTION_H

#include "pdu.h"
#include "pdu_stream.h"
#include "transport.h"

/* A connection reads all the time it is open: every whole PDU or reassembled call goes up to its owner
 * (the client's association, client_conn.c, or the server, server_conn.c) through its handler, on an engine
 * worker, one event at a time per connection. Sends are ordered: the fragments of one send go out back to
 * back, on a byte stream in one gathered write, on a pipe one message per fragment.
 *
 * Lifetime (habit 7 of DESIGN.md): the owner holds one reference, every read or write in flight one more.
 * conn_close aborts the transport; the handler's closed() runs once the read loop has ended, whatever ended
 * it; the memory goes with the last reference, after the transport's last completion. */

struct rpc_conn;

struct conn_handler
{
    /* A whole PDU or call (see pdu_stream.h's struct pdu_event; the handler owns event->call_data). PDU_OK
     * goes on reading; any other status ends the connection (the handler sends what it must first). */
    enum pdu_status (*event)(struct rpc_conn *conn, const struct pdu_event *event);
    /* The read loop ended: the peer closed (ERROR_SUCCESS... as a Win32 error: ERROR_GRACEFUL_DISCONNECT),
     * the transport failed (its Win32 error), the stream broke the protocol (ERROR_INVALID_DATA), or
     * conn_close was called (ERROR_OPERATION_ABORTED or what the transport said). Runs once, on a worker. */
    void (*closed)(struct rpc_conn *conn, DWORD error);
    /* Optional: runs after the events of one read were handed up and the next read was started, on the
     * same worker, outside the reader: where a server runs the calls those events brought (so that one
     * call costs no hop to another thread, while the connection keeps reading). It may run concurrently
     * with the next read's events. */
    void (*after_events)(struct rpc_conn *conn);
    /* Optional: the connection's last reference is going; the owner frees what it keeps for it. */
    void (*destroy)(struct rpc_conn *conn);
};

/* The state every connection has; the owner's own state follows through owner. */
struct rpc_conn
{
    LONG refcount;
    struct transport_conn *transport;
    const struct conn_handler *handler;
    void *owner;                      /* the handler's own object */
    struct pdu_reader *reader;
    struct engine_request read_request;
    LONG closed;                      /* conn_close was called or the read loop ended */
    SRWLOCK send_lock;                /* keeps the writes of one send together */
    uint16_t max_xmit_frag;           /* the largest fragment we may send (negotiated) */
    DWORD read_size;
    uint8_t *read_buffer;
};

/* The fragment size both sides offer before negotiation: the largest multiple of 8 that a 16-bit
 * frag_length can describe. */
#define CONN_MAX_FRAG 65528

/* Makes a connection over transport (which it takes over, also on failure) for handler and owner, with
 * reader limits, and starts reading. The caller holds one reference (the read loop the other). RPC_S_OK or
 * RPC_S_OUT_OF_MEMORY (the transport is then closed and freed; owner is left to the caller). */
RPC_STATUS conn_create(struct transport_conn *transport, const struct conn_handler *handler, void *owner,
                       const struct pdu_reader_limits *limits, struct rpc_conn **conn);

void conn_addref(struct rpc_conn *conn);
void conn_release(struct rpc_conn *conn);

/* Aborts the connection (idempotent, any thread): the read loop ends and handler->closed runs. */
void conn_close(struct rpc_conn *conn);

/* Called when a send is finished: status ERROR_SUCCESS once every byte was written, else the Win32 error.
 * Runs on an engine worker. */
typedef void (*conn_sent_callback)(void *context, DWORD status);

/* Sends one PDU (a request or response is fragmented to max_xmit_frag; any other type is one fragment).
 * pdu's stub data is copied before conn_send returns. sent (may be NULL) runs once the writes complete.
 * RPC_S_OK: sent will be called; RPC_S_OUT_OF_MEMORY, RPC_S_PROTOCOL_ERROR (the PDU cannot be encoded),
 * RPC_S_CALL_FAILED_DNE (the connection is closed): nothing was sent and sent will not be called. */
RPC_STATUS conn_send(struct rpc_conn *conn, const struct pdu *pdu, conn_sent_callback sent, void *context);

/* The accept callback every server endpoint gives transport_listen (context unused, pass NULL): the
 * server side (server_conn.c) takes conn over, answers its binds and dispatches its requests. */
void connection_server_accept(void *context, struct transport_conn *conn);

#endif
