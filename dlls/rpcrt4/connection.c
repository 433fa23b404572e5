/* connection.c: one DCE/RPC connection: its read loop, the PDUs it hands up, ordered sends, and its lifetime. */
#include <winsock2.h>
#include <windows.h>
#include <rpc.h>
#include "connection.h"
#include "portable_alloc.h"
#include "server.h"
#include "trace.h"

/* Bytes asked of the transport per read: a connection starts small, so that thousands of idle ones cost
 * little, and its buffer grows (by 4, up to READ_SIZE_MAX) each time a read fills it, so that large calls
 * take few reads: under Wine each read is a round trip through the server, and 16 KiB reads cap a TCP
 * echo of 1 MiB at a fifth of what 64 KiB reads reach. */
#define READ_SIZE (16 * 1024)
#define READ_SIZE_MAX (256 * 1024)

/* One send in flight: the encoded fragments back to back, and one write request per transport write. */
struct send
{
    struct rpc_conn *conn;
    conn_sent_callback sent;
    void *context;
    LONG writes_left;
    DWORD status;                     /* the first failure, ERROR_SUCCESS while none */
    size_t write_count;
    struct send_write
    {
        struct engine_request request;
        struct send *send;
        WSABUF buffer;
    } *writes;
    uint8_t *data;
};

void conn_addref(struct rpc_conn *conn)
{
    InterlockedIncrement(&conn->refcount);
}

void conn_release(struct rpc_conn *conn)
{
    if (InterlockedDecrement(&conn->refcount)) return;
    if (conn->handler->destroy) conn->handler->destroy(conn);
    transport_close(conn->transport);
    transport_free(conn->transport);
    pdu_reader_free(conn->reader);
    portable_free(conn->read_buffer);
    portable_free(conn);
}

void conn_close(struct rpc_conn *conn)
{
    if (!InterlockedCompareExchange(&conn->closed, 1, 0))
        TRACE(TRACE_CALL, "connection %p closed by its owner", conn);
    transport_close(conn->transport);
}

static enum pdu_status reader_event(void *context, const struct pdu_event *event)
{
    struct rpc_conn *conn = context;
    return conn->handler->event(conn, event);
}

static void read_complete(struct engine_request *request);

static void start_read(struct rpc_conn *conn)
{
    memset(&conn->read_request.overlapped, 0, sizeof(conn->read_request.overlapped));
    transport_read(conn->transport, &conn->read_request, conn->read_buffer, conn->read_size);
}

/* Called between reads: no read is in flight. Keeps the old buffer when memory is short. */
static void grow_read_buffer(struct rpc_conn *conn)
{
    uint8_t *bigger = portable_alloc(conn->read_size * 4);

    if (!bigger) return;
    portable_free(conn->read_buffer);
    conn->read_buffer = bigger;
    conn->read_size *= 4;
}

/* The read loop's one step: feed what arrived, read again; or end the loop. */
static void read_complete(struct engine_request *request)
{
    struct rpc_conn *conn = CONTAINING_RECORD(request, struct rpc_conn, read_request);
    DWORD error = request->status;
    enum pdu_status status;

    if ((error == ERROR_SUCCESS || error == ERROR_MORE_DATA) && request->bytes)
    {
        status = pdu_reader_feed(conn->reader, conn->read_buffer, request->bytes);
        if (request->bytes == conn->read_size && conn->read_size < READ_SIZE_MAX) grow_read_buffer(conn);
        if (status == PDU_OK && !conn->closed)
        {
            if (conn->handler->after_events)
            {
                conn_addref(conn);   /* the next read may end the connection before after_events returns */
                start_read(conn);
                conn->handler->after_events(conn);
                conn_release(conn);
            }
            else start_read(conn);
            return;
        }
        if (status != PDU_OK)
        {
            TRACE(TRACE_PDU, "connection %p: %s, closing", conn, pdu_status_name(status));
            error = ERROR_INVALID_DATA;
        }
        else error = ERROR_OPERATION_ABORTED;
    }
    else if (error == ERROR_SUCCESS || error == ERROR_MORE_DATA) error = ERROR_GRACEFUL_DISCONNECT;

    TRACE(TRACE_CALL, "connection %p: read loop ends, error %lu", conn, error);
    InterlockedExchange(&conn->closed, 1);
    transport_close(conn->transport);
    conn->handler->closed(conn, error);
    conn_release(conn);   /* the read's reference */
}

RPC_STATUS conn_create(struct transport_conn *transport, const struct conn_handler *handler, void *owner,
                       const struct pdu_reader_limits *limits, struct rpc_conn **result)
{
    struct rpc_conn *conn;

    *result = NULL;
    if (!(conn = portable_alloc(sizeof(*conn))))
    {
        transport_close(transport);
        transport_free(transport);
        return RPC_S_OUT_OF_MEMORY;
    }
    memset(conn, 0, sizeof(*conn));
    conn->refcount = 2;                 /* the caller's, and the read loop's */
    conn->transport = transport;
    conn->handler = handler;
    conn->owner = owner;
    conn->max_xmit_frag = CONN_MAX_FRAG;
    conn->read_size = READ_SIZE;
    InitializeSRWLock(&conn->send_lock);
    conn->read_request.complete = read_complete;
    conn->read_request.name = "conn read";
    if (!(conn->read_buffer = portable_alloc(READ_SIZE))
        || pdu_reader_new(limits, reader_event, conn, &conn->reader) != PDU_OK)
    {
        static const struct conn_handler unowned;
        conn->handler = &unowned;     /* the owner stays the caller's */
        conn->refcount = 1;
        conn_release(conn);
        return RPC_S_OUT_OF_MEMORY;
    }
    *result = conn;
    start_read(conn);
    return RPC_S_OK;
}

/* ---- Sending ---- */

static void send_free(struct send *send)
{
    portable_free(send->writes);
    portable_free(send->data);
    portable_free(send);
}

static void write_complete(struct engine_request *request)
{
    struct send_write *write = CONTAINING_RECORD(request, struct send_write, request);
    struct send *send = write->send;
    struct rpc_conn *conn = send->conn;

    if (request->status != ERROR_SUCCESS)
    {
        InterlockedCompareExchange((LONG *)&send->status, request->status, ERROR_SUCCESS);
        TRACE(TRACE_CALL, "connection %p: write failed, error %lu", conn, request->status);
    }
    else InterlockedIncrement(&server_stats[SERVER_STAT_PKTS_OUT]);
    if (InterlockedDecrement(&send->writes_left)) return;
    if (send->sent) send->sent(send->context, send->status);
    send_free(send);
    conn_release(conn);   /* the send's reference */
}

/* Encodes pdu into send->data as fragments and plans the writes: one per fragment on a pipe, as few as
 * the transport gathers on a byte stream (the fragments are contiguous, so one buffer each write). */
static RPC_STATUS encode(struct rpc_conn *conn, const struct pdu *pdu, struct send *send)
{
    struct pdu_fragmenter fragmenter;
    size_t total, offset = 0, written, fragments = 0, i;
    BOOL per_fragment = transport_max_gather(conn->transport) == 1;

    if (pdu->header.type == PDU_TYPE_REQUEST || pdu->header.type == PDU_TYPE_RESPONSE)
    {
        if (pdu_fragmenter_init(&fragmenter, pdu, conn->max_xmit_frag, 0) != PDU_OK) return RPC_S_PROTOCOL_ERROR;
        total = pdu_fragmenter_total_size(&fragmenter);
        if (!(send->data = portable_alloc(total))) return RPC_S_OUT_OF_MEMORY;
        /* Every fragment but the last has the same size, so the count is known before encoding. */
        fragments = per_fragment ? (total + pdu_fragmenter_next_size(&fragmenter) - 1)
                                   / pdu_fragmenter_next_size(&fragmenter) : 1;
        if (!(send->writes = portable_alloc(fragments * sizeof(*send->writes)))) return RPC_S_OUT_OF_MEMORY;
        for (i = 0; !pdu_fragmenter_done(&fragmenter); i++)
        {
            if (pdu_fragmenter_next(&fragmenter, send->data + offset, total - offset, &written) != PDU_OK)
                return RPC_S_PROTOCOL_ERROR;
            if (per_fragment)
            {
                send->writes[i].buffer.buf = (char *)send->data + offset;
                send->writes[i].buffer.len = (ULONG)written;
            }
            offset += written;
        }
        if (!per_fragment)
        {
            send->writes[0].buffer.buf = (char *)send->data;
            send->writes[0].buffer.len = (ULONG)total;
        }
    }
    else
    {
        total = pdu_encoded_size(pdu);
        if (!total || total > PDU_MAX_FRAG_LENGTH) return RPC_S_PROTOCOL_ERROR;
        if (!(send->data = portable_alloc(total)) || !(send->writes = portable_alloc(sizeof(*send->writes))))
            return RPC_S_OUT_OF_MEMORY;
        if (pdu_encode(pdu, send->data, total, &written) != PDU_OK) return RPC_S_PROTOCOL_ERROR;
        send->writes[0].buffer.buf = (char *)send->data;
        send->writes[0].buffer.len = (ULONG)written;
        fragments = 1;
    }
    send->write_count = fragments;
    return RPC_S_OK;
}

RPC_STATUS conn_send(struct rpc_conn *conn, const struct pdu *pdu, conn_sent_callback sent, void *context)
{
    struct send *send;
    RPC_STATUS status;
    size_t i, count;

    if (conn->closed) return RPC_S_CALL_FAILED_DNE;
    if (!(send = portable_alloc(sizeof(*send)))) return RPC_S_OUT_OF_MEMORY;
    memset(send, 0, sizeof(*send));
    if ((status = encode(conn, pdu, send)) != RPC_S_OK)
    {
        send_free(send);
        return status;
    }
    send->conn = conn;
    send->sent = sent;
    send->context = context;
    send->status = ERROR_SUCCESS;
    send->writes_left = (LONG)send->write_count;
    conn_addref(conn);
    /* Once the last write is started, the send may complete and be freed on a worker at any moment: the
     * loop must not read it again. */
    count = send->write_count;
    AcquireSRWLockExclusive(&conn->send_lock);
    for (i = 0; i < count; i++)
    {
        struct send_write *write = &send->writes[i];
        memset(&write->request, 0, sizeof(write->request));
        write->request.complete = write_complete;
        write->request.name = "conn write";
        write->send = send;
        transport_write(conn->transport, &write->request, &write->buffer, 1);
    }
    ReleaseSRWLockExclusive(&conn->send_lock);
    return RPC_S_OK;
}
