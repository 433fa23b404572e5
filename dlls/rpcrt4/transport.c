/* transport.c: the transports' one interface: picks the ops table by protocol sequence; endpoint names, listeners. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <winsock2.h>
#include <windows.h>
#include <bcrypt.h>
#include <rpc.h>
#include "transport_ops.h"
#include "trace.h"

/* transport_conn.state: closed, and how many threads are using the handle right now. A thread that
 * starts an operation counts itself in, so that transport_close never closes a handle under it (its
 * value could be reused at once by an unrelated object). */
#define CONN_CLOSED 1
#define CONN_USER   2

/* What a read or write on a closed connection completes with. */
#define CLOSED_ERROR ERROR_OPERATION_ABORTED

static const struct transport_ops *const ops_by_protseq[PROTSEQ_SUPPORTED_COUNT] =
{
    [PROTSEQ_NCALRPC]      = &transport_ncalrpc_ops,
    [PROTSEQ_NCACN_NP]     = &transport_ncacn_np_ops,
    [PROTSEQ_NCACN_IP_TCP] = &transport_ncacn_ip_tcp_ops,
};

static const struct transport_ops *get_ops(enum protseq_id protseq)
{
    return (unsigned int)protseq < PROTSEQ_SUPPORTED_COUNT ? ops_by_protseq[protseq] : NULL;
}

char *transport_strdup(const char *str)
{
    size_t size = strlen(str) + 1;
    char *copy = HeapAlloc(GetProcessHeap(), 0, size);
    if (copy) memcpy(copy, str, size);
    return copy;
}

/* Counts the caller in as a user of the handle; FALSE (not counted) when the connection is closed. */
static BOOL conn_enter(struct transport_conn *conn)
{
    if (!(InterlockedExchangeAdd(&conn->state, CONN_USER) & CONN_CLOSED)) return TRUE;
    InterlockedExchangeAdd(&conn->state, -CONN_USER);
    return FALSE;
}

static void conn_leave(struct transport_conn *conn)
{
    InterlockedExchangeAdd(&conn->state, -CONN_USER);
}

RPC_STATUS transport_connect(enum protseq_id protseq, const char *network_addr, const char *endpoint,
                             DWORD timeout_ms, struct transport_conn **conn)
{
    const struct transport_ops *ops = get_ops(protseq);
    RPC_STATUS status;

    *conn = NULL;
    if (!ops) return RPC_S_INVALID_RPC_PROTSEQ;
    if (!endpoint || !*endpoint) return RPC_S_INVALID_ENDPOINT_FORMAT;
    status = ops->connect(ops, network_addr ? network_addr : "", endpoint, timeout_ms, conn);
    if (status) TRACE(TRACE_CALL, "%d %s %s: %ld", protseq, network_addr, endpoint, status);
    return status;
}

struct transport_conn *transport_conn_new(const struct transport_ops *ops, HANDLE handle, BOOL server,
                                          const char *secondary)
{
    size_t size = strlen(secondary) + 1;
    struct transport_conn *conn = HeapAlloc(GetProcessHeap(), 0, offsetof(struct transport_conn, secondary[size]));

    if (!conn) return NULL;
    conn->ops = ops;
    conn->handle = handle;
    conn->state = 0;
    conn->server = server;
    memcpy(conn->secondary, secondary, size);
    return conn;
}

void transport_read(struct transport_conn *conn, struct engine_request *request, void *buf, DWORD size)
{
    memset(&request->overlapped, 0, sizeof(request->overlapped));
    if (!conn_enter(conn))
    {
        engine_post(request, CLOSED_ERROR, 0);
        return;
    }
    conn->ops->read(conn, request, buf, size);
    conn_leave(conn);
}

void transport_write(struct transport_conn *conn, struct engine_request *request, const WSABUF *buffers,
                     DWORD count)
{
    memset(&request->overlapped, 0, sizeof(request->overlapped));
    if (!count || count > conn->ops->max_gather)
    {
        engine_post(request, ERROR_INVALID_PARAMETER, 0);
        return;
    }
    if (!conn_enter(conn))
    {
        engine_post(request, CLOSED_ERROR, 0);
        return;
    }
    conn->ops->write(conn, request, buffers, count);
    conn_leave(conn);
}

DWORD transport_max_gather(const struct transport_conn *conn)
{
    return conn->ops->max_gather;
}

void transport_close(struct transport_conn *conn)
{
    if (InterlockedOr(&conn->state, CONN_CLOSED) & CONN_CLOSED) return;
    /* Users only start an overlapped operation: they leave within a system call. */
    while (InterlockedCompareExchange(&conn->state, CONN_CLOSED, CONN_CLOSED) != CONN_CLOSED) SwitchToThread();
    CancelIoEx(conn->handle, NULL);
    conn->ops->close_handle(conn->handle);
}

void transport_free(struct transport_conn *conn)
{
    HeapFree(GetProcessHeap(), 0, conn);
}

enum protseq_id transport_protseq(const struct transport_conn *conn)
{
    return conn->ops->protseq;
}

const char *transport_secondary_address(const struct transport_conn *conn)
{
    return conn->secondary;
}

char *transport_peer_address(const struct transport_conn *conn)
{
    struct transport_conn *used = (struct transport_conn *)conn;
    char *address;

    if (!conn_enter(used)) return NULL;
    address = conn->ops->peer_address(conn);
    conn_leave(used);
    return address;
}

RPC_STATUS transport_client_pid(const struct transport_conn *conn, ULONG *pid)
{
    struct transport_conn *used = (struct transport_conn *)conn;
    BOOL known;

    if (conn->ops->protseq == PROTSEQ_NCACN_IP_TCP || !conn->server) return RPC_S_INVALID_BINDING;
    if (!conn_enter(used)) return RPC_S_INVALID_BINDING;
    known = GetNamedPipeClientProcessId(conn->handle, pid);
    conn_leave(used);
    return known ? RPC_S_OK : RPC_S_INVALID_BINDING;
}

/* Listeners: every accept is an overlapped operation that the listener keeps pending; when one
 * completes, the next is started before the connection goes to the callback. */

RPC_STATUS transport_listen(enum protseq_id protseq, const char *endpoint, unsigned int backlog,
                            transport_accept_callback accept, void *context,
                            struct transport_listener **listener, char **actual_endpoint)
{
    const struct transport_ops *ops = get_ops(protseq);
    RPC_STATUS status;

    (void)backlog;  /* the transports keep a few accepts pending and give the system its largest backlog */
    *listener = NULL;
    if (actual_endpoint) *actual_endpoint = NULL;
    if (!ops) return RPC_S_INVALID_RPC_PROTSEQ;
    if ((status = ops->listen(ops, endpoint, accept, context, listener)))
    {
        TRACE(TRACE_CALL, "%d %s: %ld", protseq, endpoint, status);
        return status;
    }
    if (actual_endpoint && !(*actual_endpoint = transport_strdup((*listener)->endpoint)))
    {
        transport_listener_close(*listener);
        *listener = NULL;
        return RPC_S_OUT_OF_MEMORY;
    }
    return RPC_S_OK;
}

RPC_STATUS transport_listener_init(struct transport_listener *listener, const struct transport_ops *ops,
                                   const char *endpoint, transport_accept_callback accept, void *context)
{
    listener->ops = ops;
    listener->accept = accept;
    listener->context = context;
    InitializeSRWLock(&listener->lock);
    listener->closing = FALSE;
    listener->busy = 1;
    listener->endpoint = transport_strdup(endpoint);
    listener->secondary = transport_make_secondary(ops->protseq, endpoint);
    listener->idle = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (listener->endpoint && listener->secondary && listener->idle) return RPC_S_OK;
    HeapFree(GetProcessHeap(), 0, listener->endpoint);
    HeapFree(GetProcessHeap(), 0, listener->secondary);
    if (listener->idle) CloseHandle(listener->idle);
    return listener->idle ? RPC_S_OUT_OF_MEMORY : RPC_S_OUT_OF_RESOURCES;
}

static void listener_release(struct transport_listener *listener)
{
    if (!InterlockedDecrement(&listener->busy)) SetEvent(listener->idle);
}

/* Takes the handle of an accept that completed: the new connection when keep is TRUE and it can be set up,
 * else NULL, the handle closed. */
static struct transport_conn *accept_finish(struct transport_accept *accept, BOOL keep)
{
    struct transport_listener *listener = accept->listener;
    const struct transport_ops *ops = listener->ops;
    struct transport_conn *conn;
    HANDLE handle = accept->handle;

    BOOL ready = keep && (!ops->accept_setup || ops->accept_setup(accept));

    accept->handle = INVALID_HANDLE_VALUE;
    if (ready && (conn = transport_conn_new(ops, handle, TRUE, listener->secondary))) return conn;
    ops->close_handle(handle);
    return NULL;
}

static void accept_complete(struct engine_request *request)
{
    struct transport_accept *accept = CONTAINING_RECORD(request, struct transport_accept, request);
    struct transport_listener *listener = accept->listener;
    struct transport_conn *conn;
    BOOL keep;

    AcquireSRWLockShared(&listener->lock);
    keep = !listener->closing;
    conn = accept_finish(accept, keep && request->status == ERROR_SUCCESS);
    /* The next accept first, so that clients are not kept waiting while the callback runs. */
    if (keep) transport_accept_start(accept, listener);
    ReleaseSRWLockShared(&listener->lock);
    if (conn) listener->accept(listener->context, conn);
    listener_release(listener);
}

BOOL transport_accept_start(struct transport_accept *accept, struct transport_listener *listener)
{
    accept->listener = listener;
    memset(&accept->request.overlapped, 0, sizeof(accept->request.overlapped));
    accept->request.complete = accept_complete;
    InterlockedIncrement(&listener->busy);
    if (listener->ops->accept_begin(accept)) return TRUE;
    TRACE(TRACE_CALL, "listener %p: an accept could not be started", listener);
    listener_release(listener);
    return FALSE;
}

void transport_listener_close(struct transport_listener *listener)
{
    AcquireSRWLockExclusive(&listener->lock);
    listener->closing = TRUE;
    listener->ops->listener_cancel(listener);
    ReleaseSRWLockExclusive(&listener->lock);
    listener_release(listener);
    engine_enter_blocking();
    WaitForSingleObject(listener->idle, INFINITE);
    engine_leave_blocking();
    CloseHandle(listener->idle);
    HeapFree(GetProcessHeap(), 0, listener->endpoint);
    HeapFree(GetProcessHeap(), 0, listener->secondary);
    listener->ops->listener_free(listener);
}

/* Endpoint names. */

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static BOOL prefix_nocase(const char *str, const char *prefix)
{
    for (; *prefix; str++, prefix++)
        if (lower(*str) != lower(*prefix)) return FALSE;
    return TRUE;
}

#define NP_PREFIX      "\\pipe\\"
#define LRPC_PATH      "\\\\.\\pipe\\lrpc\\"
#define NP_PATH        "\\\\.\\pipe\\"

RPC_STATUS transport_pipe_path(enum protseq_id protseq, const char *endpoint, char *path)
{
    const char *name = endpoint;
    const char *prefix = LRPC_PATH;

    if (!endpoint) return RPC_S_INVALID_ENDPOINT_FORMAT;
    if (protseq == PROTSEQ_NCACN_NP)
    {
        if (!prefix_nocase(endpoint, NP_PREFIX)) return RPC_S_INVALID_ENDPOINT_FORMAT;
        name += strlen(NP_PREFIX);
        prefix = NP_PATH;
    }
    /* An ncalrpc name is one path component; an ncacn_np name may have several, none empty. */
    else if (strchr(name, '\\')) return RPC_S_INVALID_ENDPOINT_FORMAT;
    if (!*name || name[strlen(name) - 1] == '\\' || strstr(name, "\\\\")) return RPC_S_INVALID_ENDPOINT_FORMAT;
    if (strlen(prefix) + strlen(name) >= MAX_PATH) return RPC_S_INVALID_ENDPOINT_FORMAT;
    strcpy(path, prefix);
    strcat(path, name);
    return RPC_S_OK;
}

RPC_STATUS transport_pipe_dynamic(enum protseq_id protseq, char *endpoint)
{
    ULONGLONG random;

    if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, (UCHAR *)&random, sizeof(random), BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
        return RPC_S_OUT_OF_RESOURCES;
    sprintf(endpoint, "%s%016llx", protseq == PROTSEQ_NCACN_NP ? NP_PREFIX "RPC-" : "LRPC-", random);
    return RPC_S_OK;
}

RPC_STATUS transport_tcp_port(const char *endpoint, USHORT *port)
{
    unsigned int value = 0;
    const char *p;

    if (!endpoint || !*endpoint) return RPC_S_INVALID_ENDPOINT_FORMAT;
    for (p = endpoint; *p; p++)
    {
        if (*p < '0' || *p > '9') return RPC_S_INVALID_ENDPOINT_FORMAT;
        value = value * 10 + (*p - '0');
        if (value > 65535) return RPC_S_INVALID_ENDPOINT_FORMAT;
    }
    if (!value) return RPC_S_INVALID_ENDPOINT_FORMAT;
    *port = value;
    return RPC_S_OK;
}

char *transport_make_secondary(enum protseq_id protseq, const char *endpoint)
{
    char *secondary;

    if (protseq != PROTSEQ_NCACN_NP || !prefix_nocase(endpoint, NP_PREFIX)) return transport_strdup(endpoint);
    /* Native answers "\PIPE\name" whatever case the client wrote the prefix in. */
    if (!(secondary = transport_strdup(endpoint))) return NULL;
    memcpy(secondary, "\\PIPE\\", strlen(NP_PREFIX));
    return secondary;
}
