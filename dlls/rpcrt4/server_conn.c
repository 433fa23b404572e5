/* server_conn.c: the server's side of a connection: answers binds, keeps its presentation contexts, runs its calls. */
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include "connection.h"
#include "portable_alloc.h"
#include "server.h"
#include "server_call.h"
#include "server_reply.h"
#include "trace.h"

/* Presentation contexts a connection keeps; a client that negotiates more gets the later ones rejected
 * by the table being full (they are answered, but calls on them fault with nca_s_unk_if). */
#define MAX_CONTEXTS 32
/* The largest request stub the server reassembles before an interface limit applies. */
#define MAX_REQUEST (256u * 1024 * 1024)

struct server_context
{
    uint16_t id;
    struct pdu_syntax abstract_syntax;
};

/* A request received and not yet run. */
struct pending_call
{
    struct pending_call *next;
    struct engine_request request;    /* when handed to another worker */
    struct rpc_conn *conn;            /* a reference */
    struct pdu pdu;                   /* the request's header and fields; stub in stub */
    BOOL has_syntax;
    struct pdu_syntax syntax;
    uint8_t *stub;
};

struct server_conn
{
    SRWLOCK lock;                     /* guards the fields below */
    struct server_context contexts[MAX_CONTEXTS];
    unsigned int context_count;
    uint32_t assoc_group_id;          /* 0 until the first bind */
    struct pending_call *pending;     /* received by the current read, in arrival order */
    struct server_call_link *calls;   /* running or waiting for their asynchronous completion */
};

/* Association group ids handed out by this process; a bind naming one of them joins it. */
static LONG last_group_id;

static BOOL group_known(uint32_t id)
{
    return id && id <= (uint32_t)last_group_id;
}

static void close_after_send(void *context, DWORD status)
{
    struct rpc_conn *conn = context;
    (void)status;
    conn_close(conn);
    conn_release(conn);
}

static void remember_contexts(struct server_conn *sc, const struct pdu *request, const struct pdu *reply)
{
    unsigned int i, j;

    for (i = 0; i < reply->u.bind_ack.result_count && i < request->u.bind.context_count; i++)
    {
        const struct pdu_context *context = &request->u.bind.contexts[i];
        if (reply->u.bind_ack.results[i].result != PDU_RESULT_ACCEPTANCE) continue;
        for (j = 0; j < sc->context_count && sc->contexts[j].id != context->context_id; j++) ;
        if (j == sc->context_count)
        {
            if (sc->context_count == MAX_CONTEXTS) continue;
            sc->context_count++;
        }
        sc->contexts[j].id = context->context_id;
        sc->contexts[j].abstract_syntax = context->abstract_syntax;
    }
}

static enum pdu_status answer_bind(struct rpc_conn *conn, const struct pdu *request)
{
    struct server_conn *sc = conn->owner;
    struct server_reply_limits limits;
    struct server_reply_interface *ifs = NULL;
    enum server_reply_status decision;
    size_t if_count = 0;
    struct pdu reply;
    uint16_t features;
    RPC_STATUS status;

    memset(&limits, 0, sizeof(limits));
    limits.max_xmit_frag = CONN_MAX_FRAG;
    limits.max_recv_frag = CONN_MAX_FRAG;
    limits.features = SERVER_REPLY_FEATURES;
    AcquireSRWLockExclusive(&sc->lock);
    if (request->header.type == PDU_TYPE_BIND)
    {
        uint32_t offered = request->u.bind.assoc_group_id;
        limits.assoc_group_known = group_known(offered);
        if (!sc->assoc_group_id)
            sc->assoc_group_id = offered && limits.assoc_group_known ? offered
                                                                      : (uint32_t)InterlockedIncrement(&last_group_id);
        limits.secondary_address = transport_secondary_address(conn->transport);
    }
    else
    {
        limits.max_xmit_frag = conn->max_xmit_frag;
        limits.max_recv_frag = CONN_MAX_FRAG;
    }
    limits.assoc_group_id = sc->assoc_group_id;
    ReleaseSRWLockExclusive(&sc->lock);

    if ((status = server_interfaces_for_bind(&ifs, &if_count)) != RPC_S_OK) if_count = 0;
    decision = server_reply_bind(request, ifs, if_count, &limits, &reply, &features);
    HeapFree(GetProcessHeap(), 0, ifs);
    TRACE(TRACE_CALL, "connection %p: %s call id %u, %u contexts, %u interfaces: decision %d, reply type %u",
          conn, request->header.type == PDU_TYPE_BIND ? "bind" : "alter_context", request->header.call_id,
          request->u.bind.context_count, (unsigned int)if_count, decision, reply.header.type);
    if (decision == SERVER_REPLY_E_INVALID) return PDU_E_MALFORMED;

    if (decision == SERVER_REPLY_OK)
    {
        AcquireSRWLockExclusive(&sc->lock);
        remember_contexts(sc, request, &reply);
        ReleaseSRWLockExclusive(&sc->lock);
        /* Received fragments may go up to the size we offered (see client_conn.c); ours keep to the
         * negotiated size. */
        if (reply.header.type == PDU_TYPE_BIND_ACK) conn->max_xmit_frag = reply.u.bind_ack.max_xmit_frag;
        conn_send(conn, &reply, NULL, NULL);
    }
    else
    {
        conn_addref(conn);
        if (conn_send(conn, &reply, close_after_send, conn) != RPC_S_OK) close_after_send(conn, ERROR_SUCCESS);
    }
    server_reply_release(&reply);
    return PDU_OK;
}

/* Queues a reassembled request to run once the read that brought it has started the next one.
 * PDU_OK, or PDU_E_NO_MEMORY (the connection ends). */
static enum pdu_status queue_call(struct rpc_conn *conn, const struct pdu_event *event)
{
    struct server_conn *sc = conn->owner;
    struct pending_call *call, **tail;
    unsigned int i;

    if (!(call = portable_alloc(sizeof(*call))))
    {
        portable_free(event->call_data);
        return PDU_E_NO_MEMORY;
    }
    memset(call, 0, sizeof(*call));
    call->pdu = event->pdu;
    call->pdu.stub_data = NULL;
    call->stub = event->call_data;
    conn_addref(conn);
    call->conn = conn;
    AcquireSRWLockExclusive(&sc->lock);
    for (i = 0; i < sc->context_count; i++)
    {
        if (sc->contexts[i].id != event->pdu.u.request.context_id) continue;
        call->has_syntax = TRUE;
        call->syntax = sc->contexts[i].abstract_syntax;
        break;
    }
    for (tail = &sc->pending; *tail; tail = &(*tail)->next) ;
    *tail = call;
    ReleaseSRWLockExclusive(&sc->lock);
    return PDU_OK;
}

static void run_pending(struct pending_call *call)
{
    call->pdu.stub_data = call->stub;
    server_call_run(call->conn, &call->pdu, call->has_syntax ? &call->syntax : NULL, call->stub);
    conn_release(call->conn);
    portable_free(call);
}

static void run_posted(struct engine_request *request)
{
    run_pending(CONTAINING_RECORD(request, struct pending_call, request));
}

/* Runs the calls the last read brought: the first on this worker, the others on workers of their own. */
static void server_after_events(struct rpc_conn *conn)
{
    struct server_conn *sc = conn->owner;
    struct pending_call *call, *next;

    AcquireSRWLockExclusive(&sc->lock);
    call = sc->pending;
    sc->pending = NULL;
    ReleaseSRWLockExclusive(&sc->lock);
    if (!call) return;
    for (next = call->next; next; next = next->next)
    {
        next->request.complete = run_posted;
        next->request.name = "server call";
        engine_post(&next->request, ERROR_SUCCESS, 0);
    }
    run_pending(call);
}

void server_conn_track(struct rpc_conn *conn, struct server_call_link *link)
{
    struct server_conn *sc = conn->owner;

    AcquireSRWLockExclusive(&sc->lock);
    link->next = sc->calls;
    sc->calls = link;
    ReleaseSRWLockExclusive(&sc->lock);
}

void server_conn_untrack(struct rpc_conn *conn, struct server_call_link *link)
{
    struct server_conn *sc = conn->owner;
    struct server_call_link **entry;

    AcquireSRWLockExclusive(&sc->lock);
    for (entry = &sc->calls; *entry; entry = &(*entry)->next)
    {
        if (*entry != link) continue;
        *entry = link->next;
        break;
    }
    ReleaseSRWLockExclusive(&sc->lock);
}

/* The tracked call with call_id, with a reference; NULL when none (a cancel for a call that ended). */
static struct server_call *find_call(struct server_conn *sc, uint32_t call_id)
{
    struct server_call_link *link;
    struct server_call *call = NULL;

    AcquireSRWLockShared(&sc->lock);
    for (link = sc->calls; link; link = link->next)
    {
        if (link->call_id != call_id) continue;
        call = link->call;
        server_call_addref(call);
        break;
    }
    ReleaseSRWLockShared(&sc->lock);
    return call;
}

/* A co_cancel or orphaned PDU: tells its call, when it is still running. */
static enum pdu_status cancel_call(struct rpc_conn *conn, const struct pdu *pdu)
{
    struct server_call *call = find_call(conn->owner, pdu->header.call_id);

    if (!call) return PDU_OK;
    server_call_cancel(call, pdu->header.type == PDU_TYPE_ORPHANED);
    server_call_release(call);
    return PDU_OK;
}

static enum pdu_status server_event(struct rpc_conn *conn, const struct pdu_event *event)
{
    InterlockedIncrement(&server_stats[SERVER_STAT_PKTS_IN]);
    switch (event->pdu.header.type)
    {
    case PDU_TYPE_BIND:
    case PDU_TYPE_ALTER_CONTEXT:
        return answer_bind(conn, &event->pdu);
    case PDU_TYPE_REQUEST:
        return queue_call(conn, event);
    case PDU_TYPE_CO_CANCEL:
    case PDU_TYPE_ORPHANED:
        return cancel_call(conn, &event->pdu);
    case PDU_TYPE_AUTH3:
        /* No security providers yet. */
        return PDU_OK;
    default:
        return PDU_E_DIRECTION;
    }
}

/* Calls running or waiting for their completion have nobody to answer any more. */
static void tell_lost_calls(struct server_conn *sc)
{
    struct server_call *lost[16];
    struct server_call_link *link;
    unsigned int count, i;

    /* a few at a time: a lost call may end (and untrack itself) while it is told */
    do
    {
        count = 0;
        AcquireSRWLockExclusive(&sc->lock);
        for (link = sc->calls; link && count < sizeof(lost) / sizeof(lost[0]); link = link->next)
        {
            if (link->lost) continue;
            link->lost = TRUE;
            server_call_addref(link->call);
            lost[count++] = link->call;
        }
        ReleaseSRWLockExclusive(&sc->lock);
        for (i = 0; i < count; i++)
        {
            server_call_lost(lost[i]);
            server_call_release(lost[i]);
        }
    } while (count);
}

static void server_closed(struct rpc_conn *conn, DWORD error)
{
    struct server_conn *sc = conn->owner;
    struct pending_call *call, *next;

    TRACE(TRACE_CALL, "server connection %p ends, error %lu", conn, error);
    /* Calls received but not started have nobody to answer. */
    AcquireSRWLockExclusive(&sc->lock);
    call = sc->pending;
    sc->pending = NULL;
    ReleaseSRWLockExclusive(&sc->lock);
    for (; call; call = next)
    {
        next = call->next;
        portable_free(call->stub);
        conn_release(call->conn);
        portable_free(call);
    }
    tell_lost_calls(sc);
    conn_release(conn);   /* the server's reference: nobody else holds the connection */
}

static void server_destroy(struct rpc_conn *conn)
{
    portable_free(conn->owner);
}

static const struct conn_handler server_handler = { server_event, server_closed, server_after_events,
                                                    server_destroy };

void connection_server_accept(void *context, struct transport_conn *transport)
{
    struct pdu_reader_limits limits = { CONN_MAX_FRAG, MAX_REQUEST, PDU_READER_MAX_CALLS, PDU_READER_SERVER };
    struct server_conn *sc;
    struct rpc_conn *conn;

    (void)context;
    if (!(sc = portable_alloc(sizeof(*sc))))
    {
        transport_close(transport);
        transport_free(transport);
        return;
    }
    memset(sc, 0, sizeof(*sc));
    InitializeSRWLock(&sc->lock);
    if (conn_create(transport, &server_handler, sc, &limits, &conn) != RPC_S_OK)
    {
        portable_free(sc);
        return;
    }
    TRACE(TRACE_CALL, "server connection %p accepted", conn);
}
