/* client_conn.c: client associations, their idle connections, connect and bind, and the one call each carries. */
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include "client_bind.h"
#include "client_conn.h"
#include "portable_alloc.h"
#include "rpc_string.h"
#include "status_map.h"
#include "trace.h"

/* Idle connections an association keeps; more are closed when given back. */
#define MAX_IDLE 32
/* The largest reply a client accepts: bounded so that a lying server cannot make us allocate without
 * end (the buffer grows only as bytes arrive). */
#define MAX_REPLY (256u * 1024 * 1024)

struct client_assoc
{
    LONG refcount;                    /* bindings holding it, and acquisitions in progress; guarded by assoc_lock.
                                       * At 0 it leaves the table and its idle connections close */
    LONG refs;                        /* the memory's references: one while refcount is not 0, one per
                                       * connection of it; interlocked */
    struct client_assoc *next;        /* the association table */
    enum protseq_id protseq;
    char *network_addr;
    char *endpoint;
    SRWLOCK lock;                     /* guards the fields below */
    uint32_t group_id;                /* 0 until a bind_ack named one, and again once no connection is open */
    unsigned int open_count;          /* connections whose read loop runs */
    struct client_conn *idle;         /* idle connections, most recent first */
    unsigned int idle_count;
};

struct client_conn
{
    LONG refcount;                    /* the holder's (a caller or the idle pool) and the read loop's */
    struct rpc_conn *conn;
    struct client_assoc *assoc;       /* a reference */
    struct client_conn *next_idle;
    SRWLOCK lock;                     /* guards the fields below */
    CONDITION_VARIABLE changed;       /* the bind was answered, or the connection closed */
    BOOL closed;
    BOOL bind_answered;
    struct client_bind_request bind;  /* the bind sent, until answered */
    struct client_bind_result bound;  /* its outcome */
    RPC_SYNTAX_IDENTIFIER transfer_syntax;
    uint32_t next_call_id;
    struct client_call_sink *call;    /* the call in flight, NULL when none */
    uint32_t call_id;
    BOOL reusable;                    /* FALSE once the server said or did something that rules reuse out */
};

static SRWLOCK assoc_lock = SRWLOCK_INIT;
static struct client_assoc *assoc_table;

static void assoc_unref(struct client_assoc *assoc)
{
    if (InterlockedDecrement(&assoc->refs)) return;
    rpc_string_free(assoc->network_addr);
    rpc_string_free(assoc->endpoint);
    portable_free(assoc);
}

/* ---- Connections ---- */

static void client_conn_unref(struct client_conn *cc)
{
    if (InterlockedDecrement(&cc->refcount)) return;
    conn_release(cc->conn);
    assoc_unref(cc->assoc);
    portable_free(cc);
}

/* Takes the call in flight off the connection, if it is the one the PDU answers. */
static struct client_call_sink *take_call(struct client_conn *cc, uint32_t call_id)
{
    struct client_call_sink *sink = NULL;

    AcquireSRWLockExclusive(&cc->lock);
    /* Wine's builtin server answers with call id 1 whatever we sent; one call at a time per connection
     * makes that unambiguous. */
    if (cc->call && (call_id == cc->call_id || call_id == 1))
    {
        sink = cc->call;
        cc->call = NULL;
    }
    ReleaseSRWLockExclusive(&cc->lock);
    return sink;
}

/* The reader keeps accepting fragments up to the size we offered, even when the negotiation settled on
 * less: Wine's builtin server sends fragments larger than its bind_ack announces, and a fragment we said
 * we could take does no harm. What we send keeps to the negotiated size. */
static void bind_answered(struct client_conn *cc, const struct pdu *answer)
{
    AcquireSRWLockExclusive(&cc->lock);
    if (!cc->bind_answered)
    {
        client_bind_process(&cc->bind, answer, &cc->bound);
        cc->bind_answered = TRUE;
        if (cc->bound.status == CLIENT_BIND_S_OK) cc->conn->max_xmit_frag = cc->bound.max_xmit_frag;
        WakeAllConditionVariable(&cc->changed);
    }
    ReleaseSRWLockExclusive(&cc->lock);
}

static enum pdu_status client_event(struct rpc_conn *conn, const struct pdu_event *event)
{
    struct client_conn *cc = conn->owner;
    const struct pdu *pdu = &event->pdu;
    struct client_call_sink *sink;
    uint32_t status;

    switch (pdu->header.type)
    {
    case PDU_TYPE_BIND_ACK:
    case PDU_TYPE_BIND_NAK:
    case PDU_TYPE_ALTER_CONTEXT_RESP:
        bind_answered(cc, pdu);
        return PDU_OK;
    case PDU_TYPE_RESPONSE:
        if (!(sink = take_call(cc, pdu->header.call_id)))
        {
            /* A reply to no call: Wine's builtin server sends one after the fault for an unknown opnum. */
            TRACE(TRACE_CALL, "connection %p: response for call %u dropped", conn, pdu->header.call_id);
            portable_free(event->call_data);
            return PDU_OK;
        }
        sink->finished(sink, RPC_S_OK, event->call_data, pdu->stub_length,
                       pdu->header.drep[0] | pdu->header.drep[1] << 8 | pdu->header.drep[2] << 16
                       | (ULONG)pdu->header.drep[3] << 24);
        return PDU_OK;
    case PDU_TYPE_FAULT:
        AcquireSRWLockShared(&cc->lock);
        if (!cc->bind_answered)
        {
            ReleaseSRWLockShared(&cc->lock);
            bind_answered(cc, pdu);
            return PDU_OK;
        }
        ReleaseSRWLockShared(&cc->lock);
        status = status_map_fault_to_rpc(pdu->u.fault.status);
        /* After a fault for an unknown opnum Wine's builtin server sends a stray response too: such a
         * connection is not reused, so that the stray cannot pass for the next call's reply. */
        if (pdu->u.fault.status == PDU_NCA_S_OP_RNG_ERROR) cc->reusable = FALSE;
        if ((sink = take_call(cc, pdu->header.call_id))) sink->finished(sink, status, NULL, 0, 0);
        return PDU_OK;
    case PDU_TYPE_SHUTDOWN:
        cc->reusable = FALSE;
        return PDU_OK;
    default:
        return PDU_E_DIRECTION;
    }
}

static void client_closed(struct rpc_conn *conn, DWORD error)
{
    struct client_conn *cc = conn->owner;
    struct client_call_sink *sink;

    AcquireSRWLockExclusive(&cc->lock);
    cc->closed = TRUE;
    cc->reusable = FALSE;
    sink = cc->call;
    cc->call = NULL;
    WakeAllConditionVariable(&cc->changed);
    ReleaseSRWLockExclusive(&cc->lock);
    if (sink)
        sink->finished(sink, status_map_win32_to_rpc(error, sink->request_sent ? STATUS_MAP_SENT : STATUS_MAP_NOTHING_SENT),
                       NULL, 0, 0);
    /* An association group lives as long as one of its connections (C706 12.6.4.3): with the last one gone
     * the server forgets it (Wine's builtin then rejects a bind naming it), so the next bind starts anew. */
    AcquireSRWLockExclusive(&cc->assoc->lock);
    if (!--cc->assoc->open_count) cc->assoc->group_id = 0;
    ReleaseSRWLockExclusive(&cc->assoc->lock);
    client_conn_unref(cc);   /* the read loop's reference */
}

static const struct conn_handler client_handler = { client_event, client_closed, NULL, NULL };

/* Binds a new connection to the client_if and waits for the answer. */
static RPC_STATUS bind_interface(struct client_conn *cc, const RPC_CLIENT_INTERFACE *client_if)
{
    struct client_bind_params params;
    RPC_STATUS status;

    memset(&params, 0, sizeof(params));
    memcpy(params.abstract_syntax.uuid, &client_if->InterfaceId.SyntaxGUID, 16);
    params.abstract_syntax.version_major = client_if->InterfaceId.SyntaxVersion.MajorVersion;
    params.abstract_syntax.version_minor = client_if->InterfaceId.SyntaxVersion.MinorVersion;
    params.features = CLIENT_BIND_FEATURES;
    params.max_xmit_frag = CONN_MAX_FRAG;
    params.max_recv_frag = CONN_MAX_FRAG;
    AcquireSRWLockShared(&cc->assoc->lock);
    params.assoc_group_id = cc->assoc->group_id;
    ReleaseSRWLockShared(&cc->assoc->lock);
    params.call_id = cc->next_call_id++;
    if (client_bind_build(&params, &cc->bind) != CLIENT_BIND_S_OK) return RPC_S_INTERNAL_ERROR;
    if ((status = conn_send(cc->conn, &cc->bind.pdu, NULL, NULL)) != RPC_S_OK) return status;

    AcquireSRWLockExclusive(&cc->lock);
    while (!cc->bind_answered && !cc->closed)
        SleepConditionVariableSRW(&cc->changed, &cc->lock, INFINITE, 0);
    if (!cc->bind_answered) status = RPC_S_CALL_FAILED_DNE;
    else status = cc->bound.status;
    ReleaseSRWLockExclusive(&cc->lock);
    if (status != RPC_S_OK)
    {
        TRACE(TRACE_CALL, "bind failed: %ld (server reason %u)", status, cc->bound.server_reason);
        return status;
    }

    cc->transfer_syntax.SyntaxGUID = *(const GUID *)(cc->bound.ndr64 ? pdu_syntax_ndr64.uuid : pdu_syntax_ndr.uuid);
    cc->transfer_syntax.SyntaxVersion.MajorVersion = cc->bound.ndr64 ? pdu_syntax_ndr64.version_major
                                                                       : pdu_syntax_ndr.version_major;
    cc->transfer_syntax.SyntaxVersion.MinorVersion = cc->bound.ndr64 ? pdu_syntax_ndr64.version_minor
                                                                       : pdu_syntax_ndr.version_minor;
    AcquireSRWLockExclusive(&cc->assoc->lock);
    if (!cc->assoc->group_id) cc->assoc->group_id = cc->bound.assoc_group_id;
    ReleaseSRWLockExclusive(&cc->assoc->lock);
    return RPC_S_OK;
}

/* A new connection of assoc, connected and bound. */
static RPC_STATUS open_conn(struct client_assoc *assoc, const char *endpoint,
                            const RPC_CLIENT_INTERFACE *client_if, struct client_conn **result)
{
    struct pdu_reader_limits limits = { CONN_MAX_FRAG, MAX_REPLY, 1, PDU_READER_CLIENT };
    struct transport_conn *transport;
    struct client_conn *cc;
    RPC_STATUS status;

    status = transport_connect(assoc->protseq, assoc->network_addr, endpoint, INFINITE, &transport);
    if (status != RPC_S_OK) return status;
    if (!(cc = portable_alloc(sizeof(*cc))))
    {
        transport_close(transport);
        transport_free(transport);
        return RPC_S_OUT_OF_MEMORY;
    }
    memset(cc, 0, sizeof(*cc));
    cc->refcount = 2;
    cc->assoc = assoc;
    InterlockedIncrement(&assoc->refs);
    InitializeSRWLock(&cc->lock);
    InitializeConditionVariable(&cc->changed);
    cc->next_call_id = 1;
    cc->reusable = TRUE;
    AcquireSRWLockExclusive(&assoc->lock);
    assoc->open_count++;    /* before the read loop starts: client_closed counts it down */
    ReleaseSRWLockExclusive(&assoc->lock);
    if ((status = conn_create(transport, &client_handler, cc, &limits, &cc->conn)) != RPC_S_OK)
    {
        AcquireSRWLockExclusive(&assoc->lock);
        assoc->open_count--;
        ReleaseSRWLockExclusive(&assoc->lock);
        assoc_unref(assoc);
        portable_free(cc);
        return status;
    }
    if ((status = bind_interface(cc, client_if)) != RPC_S_OK)
    {
        client_conn_release(cc, FALSE);
        return status;
    }
    *result = cc;
    return RPC_S_OK;
}

static BOOL conn_serves(const struct client_conn *cc, const RPC_CLIENT_INTERFACE *client_if)
{
    const struct pdu_syntax *bound = &cc->bind.params.abstract_syntax;
    return !memcmp(bound->uuid, &client_if->InterfaceId.SyntaxGUID, 16)
           && bound->version_major == client_if->InterfaceId.SyntaxVersion.MajorVersion
           && bound->version_minor == client_if->InterfaceId.SyntaxVersion.MinorVersion;
}

/* An idle connection of assoc bound to the client_if, taken out of the pool; NULL when none. */
static struct client_conn *take_idle(struct client_assoc *assoc, const RPC_CLIENT_INTERFACE *client_if)
{
    struct client_conn **link, *cc, *dead = NULL;

    AcquireSRWLockExclusive(&assoc->lock);
    for (link = &assoc->idle; (cc = *link);)
    {
        if (cc->closed)
        {
            *link = cc->next_idle;
            assoc->idle_count--;
            cc->next_idle = dead;
            dead = cc;
            continue;
        }
        if (conn_serves(cc, client_if))
        {
            *link = cc->next_idle;
            assoc->idle_count--;
            break;
        }
        link = &cc->next_idle;
    }
    ReleaseSRWLockExclusive(&assoc->lock);
    while (dead)
    {
        struct client_conn *next = dead->next_idle;
        client_conn_unref(dead);
        dead = next;
    }
    return cc;
}

void client_conn_abort(struct client_conn *cc)
{
    conn_close(cc->conn);
}

void client_conn_release(struct client_conn *cc, BOOL reusable)
{
    struct client_assoc *assoc = cc->assoc;

    if (reusable && cc->reusable && !cc->closed)
    {
        AcquireSRWLockExclusive(&assoc->lock);
        /* No binding left: nothing would take it again (assoc_unused closes what was pooled before). */
        if (assoc->idle_count < MAX_IDLE && assoc->refcount > 0)
        {
            cc->next_idle = assoc->idle;
            assoc->idle = cc;
            assoc->idle_count++;
            cc = NULL;
        }
        ReleaseSRWLockExclusive(&assoc->lock);
        if (!cc) return;
    }
    conn_close(cc->conn);
    client_conn_unref(cc);
}

/* ---- Associations ---- */

/* The last binding let go: the idle connections close (those in use close when given back), and the
 * memory goes with the last of them. */
static void assoc_unused(struct client_assoc *assoc)
{
    struct client_conn *cc, *next;

    /* Under the lock that client_conn_release pools under: a connection it pooled before seeing refcount
     * at 0 is closed here. */
    AcquireSRWLockExclusive(&assoc->lock);
    cc = assoc->idle;
    assoc->idle = NULL;
    assoc->idle_count = 0;
    ReleaseSRWLockExclusive(&assoc->lock);
    for (; cc; cc = next)
    {
        next = cc->next_idle;
        conn_close(cc->conn);
        client_conn_unref(cc);
    }
    assoc_unref(assoc);
}

void client_assoc_release(struct client_assoc *assoc)
{
    struct client_assoc **link;
    BOOL last;

    if (!assoc) return;
    AcquireSRWLockExclusive(&assoc_lock);
    if ((last = !--assoc->refcount))
    {
        for (link = &assoc_table; *link != assoc; link = &(*link)->next) ;
        *link = assoc->next;
    }
    ReleaseSRWLockExclusive(&assoc_lock);
    if (last) assoc_unused(assoc);
}

/* The association for the address, with a reference; NULL when out of memory. */
static struct client_assoc *assoc_get(enum protseq_id protseq, const char *network_addr, const char *endpoint)
{
    struct client_assoc *assoc;

    AcquireSRWLockExclusive(&assoc_lock);
    for (assoc = assoc_table; assoc; assoc = assoc->next)
    {
        if (assoc->protseq == protseq && !strcmp(assoc->network_addr, network_addr)
            && !strcmp(assoc->endpoint, endpoint))
        {
            assoc->refcount++;
            break;
        }
    }
    if (!assoc && (assoc = portable_alloc(sizeof(*assoc))))
    {
        memset(assoc, 0, sizeof(*assoc));
        assoc->refcount = 1;
        assoc->refs = 1;
        assoc->protseq = protseq;
        InitializeSRWLock(&assoc->lock);
        assoc->network_addr = rpc_strdup_a(network_addr);
        assoc->endpoint = rpc_strdup_a(endpoint);
        if (assoc->network_addr && assoc->endpoint)
        {
            assoc->next = assoc_table;
            assoc_table = assoc;
        }
        else
        {
            rpc_string_free(assoc->network_addr);
            rpc_string_free(assoc->endpoint);
            portable_free(assoc);
            assoc = NULL;
        }
    }
    ReleaseSRWLockExclusive(&assoc_lock);
    return assoc;
}

/* The endpoint for a partially bound binding: the client_if's well-known one for the protocol sequence. */
static const char *well_known_endpoint(enum protseq_id protseq, const RPC_CLIENT_INTERFACE *client_if)
{
    unsigned int i;

    for (i = 0; client_if->RpcProtseqEndpoint && i < client_if->RpcProtseqEndpointCount; i++)
    {
        const RPC_PROTSEQ_ENDPOINT *entry = &client_if->RpcProtseqEndpoint[i];
        enum protseq_id id;
        if (entry->RpcProtocolSequence && entry->Endpoint
            && protseq_lookup((const char *)entry->RpcProtocolSequence, &id) == RPC_S_OK && id == protseq)
            return (const char *)entry->Endpoint;
    }
    return NULL;
}

RPC_STATUS client_conn_acquire(struct rpc_binding *binding, const RPC_CLIENT_INTERFACE *client_if,
                               struct client_conn **result)
{
    struct client_assoc *assoc;
    struct client_conn *cc;
    const char *endpoint;
    RPC_STATUS status;

    *result = NULL;
    if (binding->server) return RPC_S_INVALID_BINDING;
    AcquireSRWLockExclusive(&binding->lock);
    if (!(assoc = binding->assoc))
    {
        endpoint = binding->endpoint[0] ? binding->endpoint : well_known_endpoint(binding->protseq, client_if);
        if (endpoint && (assoc = assoc_get(binding->protseq, binding->network_addr, endpoint)))
            binding->assoc = assoc;
    }
    else endpoint = assoc->endpoint;
    if (assoc)
    {
        AcquireSRWLockExclusive(&assoc_lock);
        assoc->refcount++;
        ReleaseSRWLockExclusive(&assoc_lock);
    }
    binding->called = TRUE;
    ReleaseSRWLockExclusive(&binding->lock);
    if (!assoc) return endpoint ? RPC_S_OUT_OF_MEMORY : EPT_S_NOT_REGISTERED;

    if (!(cc = take_idle(assoc, client_if)))
        status = open_conn(assoc, assoc->endpoint, client_if, &cc);
    else status = RPC_S_OK;
    client_assoc_release(assoc);
    if (status == RPC_S_OK) *result = cc;
    return status;
}

/* ---- The call a connection carries ---- */

static void call_sent(void *context, DWORD status)
{
    struct client_call_sink *sink = context;

    if (status == ERROR_SUCCESS) InterlockedExchange(&sink->request_sent, 1);
    sink->sent(sink, status);
}

RPC_STATUS client_conn_start_call(struct client_conn *cc, unsigned int opnum, const UUID *object,
                                  const void *stub, size_t length, struct client_call_sink *sink)
{
    static const UUID nil;
    struct pdu request;
    RPC_STATUS status;

    memset(&request, 0, sizeof(request));
    request.header.type = PDU_TYPE_REQUEST;
    request.header.flags = PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG;
    request.u.request.context_id = cc->bound.context_id;
    request.u.request.opnum = (uint16_t)opnum;
    if (object && memcmp(object, &nil, sizeof(nil)))
    {
        request.header.flags |= PDU_FLAG_OBJECT_UUID;
        memcpy(request.u.request.object, object, 16);
    }
    request.stub_data = stub;
    request.stub_length = length;

    AcquireSRWLockExclusive(&cc->lock);
    if (cc->closed || cc->call)
    {
        ReleaseSRWLockExclusive(&cc->lock);
        return RPC_S_CALL_FAILED_DNE;
    }
    sink->request_sent = 0;
    cc->call = sink;
    cc->call_id = request.header.call_id = cc->next_call_id++;
    ReleaseSRWLockExclusive(&cc->lock);

    if ((status = conn_send(cc->conn, &request, call_sent, sink)) != RPC_S_OK)
        take_call(cc, request.header.call_id);
    return status;
}

void client_conn_send_cancel(struct client_conn *cc, BOOL orphaned)
{
    struct pdu cancel;

    memset(&cancel, 0, sizeof(cancel));
    cancel.header.type = orphaned ? PDU_TYPE_ORPHANED : PDU_TYPE_CO_CANCEL;
    cancel.header.flags = PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG;
    AcquireSRWLockExclusive(&cc->lock);
    cancel.header.call_id = cc->call_id;
    if (orphaned) cc->reusable = FALSE;
    if (!cc->call)
    {
        ReleaseSRWLockExclusive(&cc->lock);
        return;
    }
    ReleaseSRWLockExclusive(&cc->lock);
    TRACE(TRACE_CALL, "connection %p: %s for call %u", cc->conn, orphaned ? "orphaned" : "co_cancel",
          cancel.header.call_id);
    if (conn_send(cc->conn, &cancel, NULL, NULL) != RPC_S_OK)
        TRACE(TRACE_CALL, "connection %p: the cancel could not be sent", cc->conn);
}

const RPC_SYNTAX_IDENTIFIER *client_conn_transfer_syntax(const struct client_conn *cc)
{
    return &cc->transfer_syntax;
}
