/* transport.c: tests of the transports (linked into the test program): ncalrpc, ncacn_np, ncacn_ip_tcp. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <rpc.h>
#include "transport.h"
#include "process_counts.h"
#include "test.h"

/* Generous: only there so that a broken transport fails instead of hanging. */
#define WAIT_MS 30000
/* The connect timeout of the tests. */
#define CONNECT_MS 5000

static const char *const protseq_names[PROTSEQ_SUPPORTED_COUNT] = { "ncalrpc", "ncacn_np", "ncacn_ip_tcp" };

/* One operation and how it completed. */
struct io
{
    struct engine_request request;
    HANDLE done;
    DWORD thread;               /* the thread complete() ran on */
};

static LONG completions_on_test_thread;   /* should stay 0: every completion runs on a worker */
static DWORD test_thread;

static void io_complete(struct engine_request *request)
{
    struct io *io = CONTAINING_RECORD(request, struct io, request);
    io->thread = GetCurrentThreadId();
    if (io->thread == test_thread) InterlockedIncrement(&completions_on_test_thread);
    SetEvent(io->done);
}

static void io_init(struct io *io, const char *name)
{
    memset(io, 0, sizeof(*io));
    io->request.complete = io_complete;
    io->request.name = name;
    io->done = CreateEventW(NULL, FALSE, FALSE, NULL);
}

static BOOL io_wait(struct io *io)
{
    return WaitForSingleObject(io->done, WAIT_MS) == WAIT_OBJECT_0;
}

static void io_done(struct io *io)
{
    CloseHandle(io->done);
}

/* The connections a listener accepted, in a queue the test takes them from. */
#define QUEUE_SIZE 256
struct accepted
{
    CRITICAL_SECTION lock;
    HANDLE ready;                          /* a semaphore: one count per connection queued */
    struct transport_conn *conns[QUEUE_SIZE];
    unsigned int count;
    LONG total;
    LONG on_test_thread;
};

static void on_accept(void *context, struct transport_conn *conn)
{
    struct accepted *accepted = context;

    if (GetCurrentThreadId() == test_thread) InterlockedIncrement(&accepted->on_test_thread);
    InterlockedIncrement(&accepted->total);
    EnterCriticalSection(&accepted->lock);
    if (accepted->count < QUEUE_SIZE) accepted->conns[accepted->count++] = conn;
    else
    {
        transport_close(conn);
        transport_free(conn);
    }
    LeaveCriticalSection(&accepted->lock);
    ReleaseSemaphore(accepted->ready, 1, NULL);
}

static void accepted_init(struct accepted *accepted)
{
    memset(accepted, 0, sizeof(*accepted));
    InitializeCriticalSection(&accepted->lock);
    accepted->ready = CreateSemaphoreW(NULL, 0, 0x7fffffff, NULL);
}

/* The oldest connection queued, waiting for one up to WAIT_MS; NULL if none came. */
static struct transport_conn *next_accepted(struct accepted *accepted)
{
    struct transport_conn *conn = NULL;

    if (WaitForSingleObject(accepted->ready, WAIT_MS)) return NULL;
    EnterCriticalSection(&accepted->lock);
    if (accepted->count)
    {
        conn = accepted->conns[0];
        memmove(accepted->conns, accepted->conns + 1, --accepted->count * sizeof(*accepted->conns));
    }
    LeaveCriticalSection(&accepted->lock);
    return conn;
}

static void close_conn(struct transport_conn *conn)
{
    transport_close(conn);
    transport_free(conn);
}

/* Closes and frees every connection still queued. */
static void accepted_done(struct accepted *accepted)
{
    while (accepted->count) close_conn(accepted->conns[--accepted->count]);
    CloseHandle(accepted->ready);
    DeleteCriticalSection(&accepted->lock);
}

/* A listener on a dynamic endpoint and what it accepted. */
struct server
{
    struct accepted accepted;
    struct transport_listener *listener;   /* NULL once closed */
    char *endpoint;
};

static BOOL server_start(struct server *server, enum protseq_id id)
{
    RPC_STATUS status;

    accepted_init(&server->accepted);
    status = transport_listen(id, NULL, 0, on_accept, &server->accepted, &server->listener, &server->endpoint);
    ok(status == RPC_S_OK, "%s listen: %ld\n", protseq_names[id], status);
    if (!status) return TRUE;
    accepted_done(&server->accepted);
    return FALSE;
}

static void server_close_listener(struct server *server)
{
    if (server->listener) transport_listener_close(server->listener);
    server->listener = NULL;
}

static void server_stop(struct server *server)
{
    server_close_listener(server);
    HeapFree(GetProcessHeap(), 0, server->endpoint);
    accepted_done(&server->accepted);
}

/* Reads exactly size bytes in reads of at most chunk bytes; returns how many it got. */
static DWORD read_exact(struct transport_conn *conn, char *buf, DWORD size, DWORD chunk, DWORD *partials)
{
    DWORD got = 0;
    struct io io;

    while (got < size)
    {
        io_init(&io, "test read");
        transport_read(conn, &io.request, buf + got, min(chunk, size - got));
        if (!io_wait(&io))
        {
            ok(0, "read never completed after %lu of %lu bytes\n", got, size);
            break;
        }
        io_done(&io);
        if (io.request.status == ERROR_MORE_DATA && partials) ++*partials;
        if ((io.request.status && io.request.status != ERROR_MORE_DATA) || !io.request.bytes)
        {
            ok(0, "read: status %lu, %lu bytes, after %lu of %lu\n", io.request.status, io.request.bytes, got, size);
            break;
        }
        got += io.request.bytes;
    }
    return got;
}

/* Starts one write of count buffers; the caller waits on io. */
static void start_write(struct transport_conn *conn, struct io *io, const WSABUF *buffers, DWORD count)
{
    io_init(io, "test write");
    transport_write(conn, &io->request, buffers, count);
}

static void check_write(struct io *io, DWORD expect, const char *what)
{
    BOOL done = io_wait(io);
    ok(done && io->request.status == ERROR_SUCCESS && io->request.bytes == expect,
       "%s: completed %d, status %lu, %lu bytes, expected %lu\n", what, done, io->request.status,
       io->request.bytes, expect);
    io_done(io);
}

/* Three buffers from one end (one gathered write where the transport can, else one write each), read back
 * as a stream on the other, echoed whole and read back on the first. */
static void exchange(struct transport_conn *from, struct transport_conn *to, const char *what)
{
    static const char *const parts[] = { "first part, ", "the second part, ", "and the third." };
    char expect[64] = "", got[64] = "", echo[64] = "";
    WSABUF buffers[3], whole;
    DWORD i, total = 0, count;
    struct io io[3];

    for (i = 0; i < 3; i++)
    {
        buffers[i].buf = (char *)parts[i];
        buffers[i].len = strlen(parts[i]);
        total += buffers[i].len;
        strcat(expect, parts[i]);
    }
    count = transport_max_gather(from) >= 3 ? 1 : 3;
    for (i = 0; i < count; i++) start_write(from, &io[i], count == 1 ? buffers : &buffers[i], count == 1 ? 3 : 1);
    count = read_exact(to, got, total, sizeof(got), NULL);
    ok(count == total && !memcmp(got, expect, total), "%s: read %lu bytes %s\n", what, count, test_dbgstr_a(got));
    for (i = 0; i < (transport_max_gather(from) >= 3 ? 1 : 3); i++)
        check_write(&io[i], transport_max_gather(from) >= 3 ? total : buffers[i].len, what);

    whole.buf = got;
    whole.len = total;
    start_write(to, &io[0], &whole, 1);
    count = read_exact(from, echo, total, sizeof(echo), NULL);
    ok(count == total && !memcmp(echo, expect, total), "%s echoed: read %lu bytes %s\n", what, count,
       test_dbgstr_a(echo));
    check_write(&io[0], total, what);
}

/* 1 MiB in one write, read in 64 KiB reads on the other end. */
#define BIG_SIZE  (1024 * 1024)
#define BIG_CHUNK 65536
static void transfer_big(struct transport_conn *from, struct transport_conn *to, const char *what)
{
    char *out = malloc(BIG_SIZE), *in = calloc(1, BIG_SIZE);
    DWORD i, got, partials = 0, start = GetTickCount();
    WSABUF buffer = { .len = BIG_SIZE, .buf = out };
    struct io io;

    for (i = 0; i < BIG_SIZE; i++) out[i] = (char)(i * 7 + i / 4096);
    start_write(from, &io, &buffer, 1);
    got = read_exact(to, in, BIG_SIZE, BIG_CHUNK, &partials);
    ok(got == BIG_SIZE && !memcmp(in, out, BIG_SIZE), "%s: %lu bytes read, %s\n", what, got,
       memcmp(in, out, BIG_SIZE) ? "different" : "the same");
    check_write(&io, BIG_SIZE, what);
    trace("%s: 1 MiB in %lu ms, %lu partial message reads\n", what, GetTickCount() - start, partials);
    free(out);
    free(in);
}

/* A listener on endpoint (NULL: dynamic), one connection through it, data both ways. Returns the actual
 * endpoint (HeapFree it). */
static char *test_connection(enum protseq_id id, const char *endpoint)
{
    const char *name = protseq_names[id];
    struct transport_conn *client = NULL, *server;
    struct transport_listener *listener = GARBAGE;
    char *actual = GARBAGE, *peer, expect[300];
    struct accepted accepted;
    RPC_STATUS status;
    ULONG pid = 0;

    accepted_init(&accepted);
    status = transport_listen(id, endpoint, RPC_C_PROTSEQ_MAX_REQS_DEFAULT, on_accept, &accepted, &listener, &actual);
    ok(status == RPC_S_OK, "%s listen %s: %ld\n", name, test_dbgstr_a(endpoint), status);
    if (status)
    {
        accepted_done(&accepted);
        return NULL;
    }
    if (endpoint) ok(!strcmp(actual, endpoint), "%s: actual endpoint %s\n", name, test_dbgstr_a(actual));
    else if (id == PROTSEQ_NCALRPC)
        ok(strlen(actual) == 21 && !strncmp(actual, "LRPC-", 5), "%s dynamic: %s\n", name, test_dbgstr_a(actual));
    else if (id == PROTSEQ_NCACN_NP)
        ok(strlen(actual) > 6 && !strncmp(actual, "\\pipe\\", 6), "%s dynamic: %s\n", name, test_dbgstr_a(actual));
    else ok(strspn(actual, "0123456789") == strlen(actual) && atoi(actual) > 0, "%s dynamic: %s\n", name,
            test_dbgstr_a(actual));
    trace("%s listening on %s\n", name, test_dbgstr_a(actual));

    status = transport_connect(id, "", actual, CONNECT_MS, &client);
    ok(status == RPC_S_OK, "%s connect %s: %ld\n", name, test_dbgstr_a(actual), status);
    server = next_accepted(&accepted);
    ok(server != NULL, "%s: nothing accepted (%ld in all)\n", name, accepted.total);
    if (client && server)
    {
        ok(accepted.on_test_thread == 0, "%s: %ld accept callbacks on the test thread\n", name,
           accepted.on_test_thread);
        ok(transport_protseq(client) == id && transport_protseq(server) == id, "%s: protseqs %d, %d\n", name,
           transport_protseq(client), transport_protseq(server));
        ok(transport_max_gather(client) == (id == PROTSEQ_NCACN_IP_TCP ? 16 : 1), "%s: max gather %lu\n", name,
           transport_max_gather(client));
        strcpy(expect, actual);
        if (id == PROTSEQ_NCACN_NP) memcpy(expect, "\\PIPE\\", 6);
        ok(!strcmp(transport_secondary_address(server), expect), "%s: secondary address %s, expected %s\n", name,
           test_dbgstr_a(transport_secondary_address(server)), test_dbgstr_a(expect));

        peer = transport_peer_address(server);
        trace("%s: peer address %s\n", name, test_dbgstr_a(peer));
        ok(peer != NULL, "%s: no peer address\n", name);
        HeapFree(GetProcessHeap(), 0, peer);
        status = transport_client_pid(server, &pid);
        if (id == PROTSEQ_NCACN_IP_TCP) ok(status == RPC_S_INVALID_BINDING, "%s: client pid %ld\n", name, status);
        else ok(status == RPC_S_OK && pid == GetCurrentProcessId(), "%s: client pid %ld, %lu (we are %lu)\n", name,
                status, pid, GetCurrentProcessId());
        status = transport_client_pid(client, &pid);
        ok(status == RPC_S_INVALID_BINDING, "%s: client pid on the client side: %ld\n", name, status);

        exchange(client, server, "client to server");
        exchange(server, client, "server to client");
        transfer_big(client, server, "1 MiB client to server");
        transfer_big(server, client, "1 MiB server to client");
        ok(completions_on_test_thread == 0, "%ld completions ran on the test thread\n", completions_on_test_thread);
    }
    if (client) close_conn(client);
    if (server) close_conn(server);
    transport_listener_close(listener);
    accepted_done(&accepted);
    return actual;
}

/* A second listener on an endpoint in use, and connects to endpoints where nothing listens. */
static void test_duplicate(enum protseq_id id, const char *endpoint)
{
    struct transport_listener *first = NULL, *second = GARBAGE;
    struct accepted accepted;
    RPC_STATUS status;

    accepted_init(&accepted);
    status = transport_listen(id, endpoint, 0, on_accept, &accepted, &first, NULL);
    ok(status == RPC_S_OK, "%s listen %s: %ld\n", protseq_names[id], test_dbgstr_a(endpoint), status);
    status = transport_listen(id, endpoint, 0, on_accept, &accepted, &second, NULL);
    ok(status == RPC_S_DUPLICATE_ENDPOINT, "%s listen %s again: %ld\n", protseq_names[id], test_dbgstr_a(endpoint),
       status);
    ok(second == NULL, "%s: listener %p\n", protseq_names[id], second);
    if (first) transport_listener_close(first);
    accepted_done(&accepted);
}

static void test_unavailable(enum protseq_id id, const char *endpoint)
{
    struct transport_conn *conn = GARBAGE;
    DWORD start = GetTickCount();
    RPC_STATUS status;

    status = transport_connect(id, "", endpoint, CONNECT_MS, &conn);
    ok(status == RPC_S_SERVER_UNAVAILABLE, "%s connect %s: %ld\n", protseq_names[id], test_dbgstr_a(endpoint), status);
    ok(conn == NULL, "%s: conn %p\n", protseq_names[id], conn);
    trace("%s: nothing at %s: %ld after %lu ms\n", protseq_names[id], test_dbgstr_a(endpoint), status,
          GetTickCount() - start);
}

static void test_bad_endpoints(void)
{
    static const struct { enum protseq_id id; const char *endpoint; BOOL listen; } bad[] =
    {
        { PROTSEQ_NCACN_IP_TCP, "abc", TRUE },
        { PROTSEQ_NCACN_IP_TCP, "70000", TRUE },
        { PROTSEQ_NCACN_IP_TCP, "65536", TRUE },
        { PROTSEQ_NCACN_IP_TCP, "0", FALSE },
        { PROTSEQ_NCACN_IP_TCP, "12a", TRUE },
        { PROTSEQ_NCACN_IP_TCP, "-1", TRUE },
        { PROTSEQ_NCACN_IP_TCP, " 80", TRUE },
        { PROTSEQ_NCACN_IP_TCP, "", FALSE },
        { PROTSEQ_NCACN_NP, "rpcrt4_test", TRUE },
        { PROTSEQ_NCACN_NP, "pipe\\rpcrt4_test", TRUE },
        { PROTSEQ_NCACN_NP, "\\pipe\\", TRUE },
        { PROTSEQ_NCACN_NP, "", FALSE },
        { PROTSEQ_NCALRPC, "a\\b", TRUE },
        { PROTSEQ_NCALRPC, "", FALSE },
    };
    struct transport_listener *listener;
    struct transport_conn *conn;
    struct accepted accepted;
    RPC_STATUS status;
    unsigned int i;

    accepted_init(&accepted);
    for (i = 0; i < ARRAYSIZE(bad); i++)
    {
        conn = GARBAGE;
        status = transport_connect(bad[i].id, "", bad[i].endpoint, CONNECT_MS, &conn);
        ok(status == RPC_S_INVALID_ENDPOINT_FORMAT && !conn, "%s connect %s: %ld, %p\n", protseq_names[bad[i].id],
           test_dbgstr_a(bad[i].endpoint), status, conn);
        if (!bad[i].listen) continue;
        listener = GARBAGE;
        status = transport_listen(bad[i].id, bad[i].endpoint, 0, on_accept, &accepted, &listener, NULL);
        ok(status == RPC_S_INVALID_ENDPOINT_FORMAT && !listener, "%s listen %s: %ld, %p\n", protseq_names[bad[i].id],
           test_dbgstr_a(bad[i].endpoint), status, listener);
    }
    conn = GARBAGE;
    status = transport_connect(PROTSEQ_NCACN_NP, "\\\\rpcrt4-test-no-such-host", "\\pipe\\rpcrt4_test",
                               CONNECT_MS, &conn);
    ok(status == RPC_S_SERVER_UNAVAILABLE && !conn, "ncacn_np on another machine: %ld, %p\n", status, conn);
    accepted_done(&accepted);
}

/* A listener with one connection through it, for the tests of closing. */
struct pair
{
    struct server listening;
    struct transport_conn *client, *server;
};

/* FALSE when the pair is not complete; pair_close cleans up either way. */
static BOOL pair_open(struct pair *pair, enum protseq_id id)
{
    RPC_STATUS status;

    pair->client = pair->server = NULL;
    if (!server_start(&pair->listening, id)) return FALSE;
    status = transport_connect(id, "", pair->listening.endpoint, CONNECT_MS, &pair->client);
    ok(status == RPC_S_OK, "%s connect %s: %ld\n", protseq_names[id], test_dbgstr_a(pair->listening.endpoint),
       status);
    if (!status) pair->server = next_accepted(&pair->listening.accepted);
    ok(pair->server != NULL, "%s: nothing accepted (%ld in all)\n", protseq_names[id], pair->listening.accepted.total);
    return pair->client && pair->server;
}

static void pair_close(struct pair *pair)
{
    if (pair->client) close_conn(pair->client);
    if (pair->server) close_conn(pair->server);
    server_stop(&pair->listening);
}

static void test_close(enum protseq_id id)
{
    const char *name = protseq_names[id];
    char buf[16];
    WSABUF two[2] = { { 1, buf }, { 1, buf } };
    struct pair pair;
    struct io io;
    BOOL done;

    if (!pair_open(&pair, id))
    {
        if (pair.listening.listener) pair_close(&pair);
        return;
    }
    if (transport_max_gather(pair.client) == 1)
    {
        start_write(pair.client, &io, two, 2);
        done = io_wait(&io);
        ok(done && io.request.status == ERROR_INVALID_PARAMETER, "%s: write of 2 buffers: %d, status %lu\n", name,
           done, io.request.status);
        io_done(&io);
    }

    /* The peer goes away under a pending read: it completes, with no data. */
    io_init(&io, "peer closes");
    transport_read(pair.server, &io.request, buf, sizeof(buf));
    ok(WaitForSingleObject(io.done, 100) == WAIT_TIMEOUT, "%s: the read did not wait\n", name);
    close_conn(pair.client);
    pair.client = NULL;
    done = io_wait(&io);
    ok(done && (io.request.status || !io.request.bytes), "%s: peer closed: %d, status %lu, %lu bytes\n", name, done,
       io.request.status, io.request.bytes);
    trace("%s: a read when the peer closes: status %lu, %lu bytes\n", name, io.request.status, io.request.bytes);
    io_done(&io);
    pair_close(&pair);

    /* Our own close under a pending read: it completes with an error; later operations fail at once. */
    if (!pair_open(&pair, id))
    {
        if (pair.listening.listener) pair_close(&pair);
        return;
    }
    io_init(&io, "we close");
    transport_read(pair.client, &io.request, buf, sizeof(buf));
    ok(WaitForSingleObject(io.done, 100) == WAIT_TIMEOUT, "%s: the read did not wait\n", name);
    transport_close(pair.client);
    transport_close(pair.client);
    done = io_wait(&io);
    ok(done && io.request.status != ERROR_SUCCESS && !io.request.bytes, "%s: closed: %d, status %lu, %lu bytes\n",
       name, done, io.request.status, io.request.bytes);
    trace("%s: a read when we close: status %lu, %lu bytes\n", name, io.request.status, io.request.bytes);
    io_done(&io);
    io_init(&io, "read after close");
    transport_read(pair.client, &io.request, buf, sizeof(buf));
    done = io_wait(&io);
    ok(done && io.request.status == ERROR_OPERATION_ABORTED, "%s: read after close: %d, status %lu\n", name, done,
       io.request.status);
    io_done(&io);
    start_write(pair.client, &io, two, 1);
    done = io_wait(&io);
    ok(done && io.request.status == ERROR_OPERATION_ABORTED, "%s: write after close: %d, status %lu\n", name, done,
       io.request.status);
    io_done(&io);
    pair_close(&pair);
}

/* A closed listener accepts nothing more. */
static void test_listener_close(enum protseq_id id)
{
    struct transport_conn *conn = GARBAGE;
    struct server server;
    RPC_STATUS status;

    if (!server_start(&server, id)) return;
    server_close_listener(&server);
    status = transport_connect(id, "", server.endpoint, 1000, &conn);
    ok(status == RPC_S_SERVER_UNAVAILABLE && !conn, "%s connect after the listener closed: %ld, %p\n",
       protseq_names[id], status, conn);
    ok(server.accepted.total == 0, "%s: %ld accepted\n", protseq_names[id], server.accepted.total);
    server_stop(&server);
}

/* 50 clients connect in a burst while the listener closes. */
#define BURST 50
struct burst
{
    enum protseq_id id;
    const char *endpoint;
    HANDLE go;
    LONG connected, failed;
};

static DWORD WINAPI burst_client(void *arg)
{
    struct burst *burst = arg;
    struct transport_conn *conn;

    WaitForSingleObject(burst->go, WAIT_MS);
    if (transport_connect(burst->id, "", burst->endpoint, 2000, &conn)) InterlockedIncrement(&burst->failed);
    else
    {
        InterlockedIncrement(&burst->connected);
        close_conn(conn);
    }
    return 0;
}

static void test_burst(enum protseq_id id)
{
    struct burst burst = { .id = id };
    DWORD handles_before = process_handles(), handles_after, wait;
    HANDLE threads[BURST];
    struct server server;
    unsigned int i;

    if (!server_start(&server, id)) return;
    burst.endpoint = server.endpoint;
    burst.go = CreateEventW(NULL, TRUE, FALSE, NULL);
    for (i = 0; i < BURST; i++) threads[i] = CreateThread(NULL, 0, burst_client, &burst, 0, NULL);
    SetEvent(burst.go);
    /* Close while the burst is under way: once a few are in. */
    for (i = 0; i < WAIT_MS / 10 && server.accepted.total < 3; i++) Sleep(10);
    server_close_listener(&server);
    wait = WaitForMultipleObjects(BURST, threads, TRUE, WAIT_MS);
    ok(wait == WAIT_OBJECT_0, "%s: waiting for the clients: %lu\n", protseq_names[id], wait);
    for (i = 0; i < BURST; i++) CloseHandle(threads[i]);
    ok(burst.connected + burst.failed == BURST, "%s: %ld connected, %ld failed\n", protseq_names[id],
       burst.connected, burst.failed);
    trace("%s: burst while closing: %ld connected, %ld failed, %ld accepted\n", protseq_names[id], burst.connected,
          burst.failed, server.accepted.total);
    CloseHandle(burst.go);
    server_stop(&server);
    handles_after = process_handles();
    ok(handles_after <= handles_before, "%s: %lu handles before the burst, %lu after\n", protseq_names[id],
       handles_before, handles_after);
}

/* 100 connections open at once, each with a read pending: no thread per connection. */
#define MANY 100
struct many_read
{
    struct engine_request request;
    char byte;
};
static LONG many_completed;
static HANDLE many_done;

static void many_complete(struct engine_request *request)
{
    if (InterlockedIncrement(&many_completed) == MANY) SetEvent(many_done);
    (void)request;
}

static void test_many(enum protseq_id id)
{
    static struct transport_conn *clients[MANY], *servers[MANY];
    static struct many_read reads[MANY];
    struct engine_stats stats;
    unsigned int i, open = 0;
    struct server server;
    RPC_STATUS status = RPC_S_OK;

    if (!server_start(&server, id)) return;
    many_completed = 0;
    many_done = CreateEventW(NULL, TRUE, FALSE, NULL);
    for (i = 0; i < MANY; i++)
    {
        clients[i] = servers[i] = NULL;
        if ((status = transport_connect(id, "", server.endpoint, CONNECT_MS, &clients[i]))) break;
        if (!(servers[i] = next_accepted(&server.accepted))) break;
        reads[i].request.complete = many_complete;
        reads[i].request.name = "many read";
        transport_read(servers[i], &reads[i].request, &reads[i].byte, 1);
        open++;
    }
    ok(open == MANY, "%s: %u connections open, last status %ld\n", protseq_names[id], open, status);
    engine_get_stats(&stats);
    ok(stats.threads == stats.workers, "%s: %u connections open with reads pending: %u engine threads, %u workers\n",
       protseq_names[id], open, stats.threads, stats.workers);
    trace("%s: %u connections with reads pending, %u engine threads (%u workers)\n", protseq_names[id], open,
          stats.threads, stats.workers);
    for (i = 0; i < open; i++) close_conn(clients[i]);
    if (open == MANY)
        ok(!WaitForSingleObject(many_done, WAIT_MS), "%s: %ld of %u reads completed\n", protseq_names[id],
           many_completed, MANY);
    for (i = 0; i < open; i++) close_conn(servers[i]);
    if (i < MANY && clients[i]) close_conn(clients[i]);
    CloseHandle(many_done);
    server_stop(&server);
}

/* Opening and closing connections leaves no handle behind. */
static unsigned int open_close(struct server *listening, enum protseq_id id, unsigned int count)
{
    struct transport_conn *client, *server;
    unsigned int i, done = 0;

    for (i = 0; i < count; i++)
    {
        if (transport_connect(id, "", listening->endpoint, CONNECT_MS, &client)) continue;
        if ((server = next_accepted(&listening->accepted)))
        {
            close_conn(server);
            done++;
        }
        close_conn(client);
    }
    return done;
}

static void test_handles(enum protseq_id id)
{
    struct server server;
    DWORD before, after;
    unsigned int done;

    if (!server_start(&server, id)) return;
    open_close(&server, id, 10);   /* warm-up: Winsock creates some handles lazily */
    before = process_handles();
    done = open_close(&server, id, 200);
    after = process_handles();
    ok(done == 200, "%s: %u of 200 connections opened and closed\n", protseq_names[id], done);
    ok(after <= before + 2, "%s: %lu handles before 200 connections, %lu after\n", protseq_names[id], before, after);
    trace("%s: %lu handles before 200 connections, %lu after\n", protseq_names[id], before, after);
    server_stop(&server);
}

/* Whether this machine can bind ::1. */
static BOOL have_ipv6(void)
{
    SOCKADDR_IN6 addr = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
    SOCKET sock = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
    BOOL result;

    if (sock == INVALID_SOCKET) return FALSE;
    result = !bind(sock, (SOCKADDR *)&addr, sizeof(addr));
    closesocket(sock);
    return result;
}

/* Each family by its literal: the server sees the client's address. */
static void test_tcp_families(void)
{
    static const char *const literals[] = { "127.0.0.1", "::1" };
    struct transport_conn *client, *server;
    struct server listening;
    RPC_STATUS status;
    unsigned int i;
    char *peer;

    if (!server_start(&listening, PROTSEQ_NCACN_IP_TCP)) return;
    for (i = 0; i < ARRAYSIZE(literals); i++)
    {
        if (i && !have_ipv6())
        {
            skip("no IPv6 on this machine\n");
            break;
        }
        status = transport_connect(PROTSEQ_NCACN_IP_TCP, literals[i], listening.endpoint, CONNECT_MS, &client);
        ok(status == RPC_S_OK, "connect %s port %s: %ld\n", literals[i], listening.endpoint, status);
        if (status) continue;
        if ((server = next_accepted(&listening.accepted)))
        {
            peer = transport_peer_address(server);
            ok(peer && !strcmp(peer, literals[i]), "peer address %s, expected %s\n", test_dbgstr_a(peer), literals[i]);
            HeapFree(GetProcessHeap(), 0, peer);
            exchange(client, server, literals[i]);
            close_conn(server);
        }
        else ok(0, "%s: nothing accepted (%ld in all)\n", literals[i], listening.accepted.total);
        close_conn(client);
    }
    server_stop(&listening);
}

/* Names on the wire: our client reaches endpoints that the rpcrt4 in the process serves (Wine's builtin under
 * make check TARGET=builtin), and our listener finds them taken. */
static void test_rpcrt4_endpoints(const char *tcp_port)
{
    static const char *const protseqs[PROTSEQ_SUPPORTED_COUNT] = { "ncalrpc", "ncacn_np", "ncacn_ip_tcp" };
    struct transport_listener *listener;
    struct transport_conn *conn;
    struct accepted accepted;
    char endpoints[PROTSEQ_SUPPORTED_COUNT][64];
    RPC_STATUS status;
    unsigned int id;

    sprintf(endpoints[PROTSEQ_NCALRPC], "rpcrt4_transport_served_%lu", GetCurrentProcessId());
    sprintf(endpoints[PROTSEQ_NCACN_NP], "\\pipe\\rpcrt4_transport_served_%lu", GetCurrentProcessId());
    strcpy(endpoints[PROTSEQ_NCACN_IP_TCP], tcp_port);
    accepted_init(&accepted);
    for (id = 0; id < PROTSEQ_SUPPORTED_COUNT; id++)
    {
        status = RpcServerUseProtseqEpA((RPC_CSTR)protseqs[id], RPC_C_PROTSEQ_MAX_REQS_DEFAULT,
                                        (RPC_CSTR)endpoints[id], NULL);
        if (status == RPC_S_CANNOT_SUPPORT)
        {
            skip("this rpcrt4 cannot serve yet\n");
            break;
        }
        ok(status == RPC_S_OK, "RpcServerUseProtseqEp %s %s: %ld\n", protseqs[id], endpoints[id], status);
        if (status) continue;
        conn = NULL;
        status = transport_connect(id, "", endpoints[id], CONNECT_MS, &conn);
        ok(status == RPC_S_OK, "%s connect %s served by rpcrt4: %ld\n", protseqs[id], endpoints[id], status);
        if (conn) close_conn(conn);
        listener = GARBAGE;
        status = transport_listen(id, endpoints[id], 0, on_accept, &accepted, &listener, NULL);
        ok(status == RPC_S_DUPLICATE_ENDPOINT && !listener, "%s listen %s served by rpcrt4: %ld, %p\n", protseqs[id],
           endpoints[id], status, listener);
    }
    accepted_done(&accepted);
}

START_TEST(transport)
{
    char fixed[PROTSEQ_SUPPORTED_COUNT][64], nothing[64];
    WSADATA wsa;
    unsigned int id;
    char *endpoint;

    test_thread = GetCurrentThreadId();
    WSAStartup(MAKEWORD(2, 2), &wsa);
    sprintf(fixed[PROTSEQ_NCALRPC], "rpcrt4_transport_test_%lu", GetCurrentProcessId());
    sprintf(fixed[PROTSEQ_NCACN_NP], "\\pipe\\rpcrt4_transport_test_%lu", GetCurrentProcessId());
    for (id = 0; id < PROTSEQ_SUPPORTED_COUNT; id++)
    {
        endpoint = test_connection(id, NULL);
        if (!endpoint) continue;
        /* A fixed TCP port: the one the dynamic listener had, free again. */
        if (id == PROTSEQ_NCACN_IP_TCP) strcpy(fixed[id], endpoint);
        HeapFree(GetProcessHeap(), 0, test_connection(id, fixed[id]));
        test_duplicate(id, fixed[id]);
        if (id == PROTSEQ_NCACN_IP_TCP) strcpy(nothing, endpoint);
        else sprintf(nothing, "%srpcrt4_transport_nothing_%lu", id == PROTSEQ_NCACN_NP ? "\\pipe\\" : "",
                     GetCurrentProcessId());
        test_unavailable(id, nothing);
        HeapFree(GetProcessHeap(), 0, endpoint);
        test_close(id);
        test_listener_close(id);
        test_burst(id);
        test_many(id);
        test_handles(id);
    }
    test_bad_endpoints();
    test_tcp_families();
    test_rpcrt4_endpoints(fixed[PROTSEQ_NCACN_IP_TCP]);
}
