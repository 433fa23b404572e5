/* rpc_scale.c: threads under 200 connections at once, a server stopped with calls in flight, resources after many bindings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include "engine.h"
#include "rpc_test_if.h"
#include "process_counts.h"
#include "server_child.h"
#include "test.h"

/* Generous: only there so that a broken runtime fails instead of hanging. */
#define WAIT_MS 30000

/* The test program runs itself as a server child (server_child.h) when RPC_SCALE_CHILD says "TAG server PORT": it
 * serves the test interface on ASSOCIATIONS endpoints of each protocol sequence of thread_protseqs. */
#define CHILD_VARIABLE "RPC_SCALE_CHILD"

/* ---- threads with many connections ----
 *
 * What is right: a connection holds no thread, at either end; only a server routine that blocks holds the
 * engine worker it runs on. While routines block the engine starts spare workers so that completions keep
 * being dequeued, up to ENGINE_MAX_SPARES; the calls past that wait in the port's queue, their connections
 * open and idle. So with CONNECTIONS calls sleeping at once, the server holds at most its base threads plus
 * ENGINE_MAX_SPARES; once they are over the spares retire (ENGINE_SPARE_IDLE_MS) and the server is back to
 * its base threads although every connection stays open; the client never holds more than its base threads
 * besides the threads that make the calls. */

#define CONNECTIONS 200
/* Bindings to one address share an association, which keeps at most 32 idle connections: CONNECTIONS
 * spread over this many endpoints stay open, all of them, once their calls are over. */
#define ASSOCIATIONS 8
#define SLEEP_MS 600
/* Threads that are neither the engine's nor the test's may come and go (Wine's own, a spare retiring). */
#define THREAD_SLACK 3

static const char *const thread_protseqs[] = { "ncalrpc", "ncacn_ip_tcp" };

/* The endpoint k of thread_protseqs[i] for a server child TAG whose TCP ports start at port. */
static void child_endpoint(unsigned int i, unsigned int k, const char *tag, unsigned int port, char *name, size_t size)
{
    if (i == 0) snprintf(name, size, "rpc_scale_%s_%u", tag, k);
    else snprintf(name, size, "%u", port + k);
}

static void child_server(const char *tag, unsigned int port)
{
    RPC_STATUS status = RPC_S_OK;
    unsigned int i, k;
    char name[64];

    for (i = 0; i < ARRAYSIZE(thread_protseqs) && !status; i++)
        for (k = 0; k < ASSOCIATIONS && !status; k++)
        {
            child_endpoint(i, k, tag, port, name, sizeof(name));
            status = RpcServerUseProtseqEpA((RPC_CSTR)thread_protseqs[i], RPC_C_PROTSEQ_MAX_REQS_DEFAULT,
                                            (RPC_CSTR)name, NULL);
            if (status) trace("server child: RpcServerUseProtseqEp(%s, %s) got %ld\n", thread_protseqs[i], name, status);
        }
    if (!status && (status = RpcServerRegisterIf(&test_if_server, NULL, NULL)))
        trace("server child: RpcServerRegisterIf got %ld\n", status);
    if (!status && (status = RpcServerListen(1, RPC_C_LISTEN_MAX_CALLS_DEFAULT, TRUE)))
        trace("server child: RpcServerListen got %ld\n", status);
    if (status) ExitProcess(2);
    server_child_serve(tag, 4 * WAIT_MS);
    RpcMgmtStopServerListening(NULL);
    ExitProcess(0);
}

/* Runs the child role RPC_SCALE_CHILD names; FALSE when this is not a child. */
static BOOL run_child(void)
{
    const char *value = getenv(CHILD_VARIABLE);
    unsigned int port;
    char tag[32];

    if (!value) return FALSE;
    if (sscanf(value, "%31s server %u", tag, &port) == 2) child_server(tag, port);
    else ok(0, "unknown child role %s\n", test_dbgstr_a(value));
    return TRUE;
}

/* A server child whose TCP ports start at port, listening once this returns TRUE. */
static BOOL start_server_child(struct server_child *child, unsigned int port)
{
    char role[32];

    snprintf(role, sizeof(role), "server %u", port);
    return server_child_start(child, "rpc_scale", CHILD_VARIABLE, role, WAIT_MS);
}

/* Calls made together: they start at once, and their threads stay (so that they can be told from the
 * runtime's threads) until park is set. */
struct call_group
{
    HANDLE start, park;     /* manual-reset events */
    LONG done;              /* the calls that have ended */
};

struct sleep_call
{
    RPC_BINDING_HANDLE binding;
    const RPC_CLIENT_INTERFACE *iface;
    ULONG ms;
    struct call_group *group;   /* NULL: the call starts at once and its thread ends with it */
    RPC_STATUS status;
};

static DWORD WINAPI sleep_call_proc(void *arg)
{
    struct sleep_call *call = arg;
    unsigned char request[4] = { call->ms, call->ms >> 8, call->ms >> 16, call->ms >> 24 };

    if (call->group) WaitForSingleObject(call->group->start, WAIT_MS);
    call->status = test_if_call(call->binding, call->iface, TEST_OP_SLEEP, request, sizeof(request), NULL);
    if (call->group)
    {
        InterlockedIncrement(&call->group->done);
        WaitForSingleObject(call->group->park, WAIT_MS);
    }
    return 0;
}

/* Starts a thread making call (small stacks: CONNECTIONS of them run at once); NULL when it cannot. */
static HANDLE start_call(struct sleep_call *call, RPC_BINDING_HANDLE binding, const RPC_CLIENT_INTERFACE *iface,
                         ULONG ms, struct call_group *group)
{
    call->binding = binding;
    call->iface = iface;
    call->ms = ms;
    call->group = group;
    call->status = RPC_S_INTERNAL_ERROR;
    return CreateThread(NULL, 64 * 1024, sleep_call_proc, call, STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
}

/* Waits for the call threads until deadline (a GetTickCount value); returns how many did not end (those are
 * terminated). Closes every handle. */
static unsigned int join_calls(HANDLE *threads, unsigned int count, DWORD deadline)
{
    unsigned int i, hung = 0;
    LONG left;

    for (i = 0; i < count; i++)
    {
        if (!threads[i]) continue;
        left = (LONG)(deadline - GetTickCount());
        if (WaitForSingleObject(threads[i], left > 0 ? left : 0))
        {
            TerminateThread(threads[i], 1);
            hung++;
        }
        CloseHandle(threads[i]);
        threads[i] = NULL;
    }
    return hung;
}

/* Polls until the threads of process pid are at most limit, up to timeout ms; returns the last count. */
static unsigned int settle_threads(DWORD pid, unsigned int limit, DWORD timeout)
{
    DWORD start = GetTickCount();
    unsigned int threads;

    while ((threads = process_threads_of(pid)) > limit && GetTickCount() - start < timeout) Sleep(100);
    return threads;
}

/* A binding to each of the child's ASSOCIATIONS endpoints of thread_protseqs[i] (TCP ports from port), each with a
 * call made on it (so one connection each is open, and both engines run); FALSE (the bindings freed) when one
 * fails. */
static BOOL bind_child(unsigned int i, const struct server_child *child, unsigned int port,
                       RPC_BINDING_HANDLE *bindings)
{
    RPC_STATUS status = RPC_S_OK;
    unsigned int k;
    char name[64];

    for (k = 0; k < ASSOCIATIONS && !status; k++)
    {
        child_endpoint(i, k, child->tag, port, name, sizeof(name));
        if (!(bindings[k] = test_if_bind(thread_protseqs[i], i ? "127.0.0.1" : NULL, name))) status = RPC_S_INVALID_BINDING;
        else if ((status = test_if_null(bindings[k])))
            ok(0, "%s %s: the first call got %ld\n", thread_protseqs[i], name, status);
    }
    if (status) for (k = 0; k < ASSOCIATIONS; k++) if (bindings[k]) RpcBindingFree(&bindings[k]);
    return !status;
}

static void test_many_connections(unsigned int i, const struct server_child *child, unsigned int port)
{
    const char *protseq = thread_protseqs[i];
    DWORD pid = child->info.dwProcessId, deadline;
    RPC_BINDING_HANDLE bindings[ASSOCIATIONS] = { 0 };
    struct call_group group = { CreateEventA(NULL, TRUE, FALSE, NULL), CreateEventA(NULL, TRUE, FALSE, NULL), 0 };
    static struct sleep_call calls[CONNECTIONS];
    static HANDLE threads[CONNECTIONS];
    unsigned int k, now, server_base, client_base, server_peak = 0, client_peak = 0, server_after, client_after,
                 hung, started = 0, failures = 0;
    DWORD handles_start = process_handles(), handles_before, handles_after;
    RPC_STATUS first = RPC_S_OK;

    if (!bind_child(i, child, port, bindings)) goto done;
    server_base = process_threads_of(pid);
    client_base = process_threads();
    handles_before = process_handles();

    for (k = 0; k < CONNECTIONS; k++)
        started += !!(threads[k] = start_call(&calls[k], bindings[k % ASSOCIATIONS], &test_if_client, SLEEP_MS, &group));
    ok(started == CONNECTIONS, "%s: %u of %u call threads started\n", protseq, started, CONNECTIONS);
    SetEvent(group.start);
    deadline = GetTickCount() + WAIT_MS;
    while ((unsigned int)InterlockedCompareExchange(&group.done, 0, 0) < started && (LONG)(deadline - GetTickCount()) > 0)
    {
        if ((now = process_threads_of(pid)) > server_peak) server_peak = now;
        if ((now = process_threads() - started) > client_peak) client_peak = now;
        Sleep(20);
    }
    /* The calls are over, the connections stay open and idle: the server's spares retire. */
    server_after = settle_threads(pid, server_base + THREAD_SLACK, 4 * ENGINE_SPARE_IDLE_MS);
    client_after = process_threads() - started;
    handles_after = process_handles() - started;   /* the callers' thread handles are not the runtime's */
    SetEvent(group.park);
    hung = join_calls(threads, CONNECTIONS, deadline);
    ok(!hung, "%s: %u of %u calls did not end\n", protseq, hung, CONNECTIONS);
    for (k = 0; k < CONNECTIONS; k++) if (calls[k].status && !failures++) first = calls[k].status;
    ok(failures == 0, "%s: %u of %u concurrent calls failed, the first with %ld\n", protseq, failures, CONNECTIONS,
       first);

    trace("%s: %u calls at once: server threads %u before, %u at most during; client threads %u before, %u at most "
          "during besides its %u callers\n", protseq, CONNECTIONS, server_base, server_peak, client_base, client_peak,
          started);
    /* Wine's builtin serves every connection on a thread of its own. */
    todo_builtin
        ok(server_peak <= server_base + ENGINE_MAX_SPARES + THREAD_SLACK,
           "%s: the server ran %u threads for %u sleeping calls (%u before)\n", protseq, server_peak, CONNECTIONS,
           server_base);
    ok(client_peak <= client_base + THREAD_SLACK, "%s: the client ran %u threads besides its %u callers (%u before)\n",
       protseq, client_peak, started, client_base);

    trace("%s: %u connections open and idle: server threads %u, client threads %u besides its callers, client "
          "handles %lu -> %lu\n", protseq, CONNECTIONS, server_after, client_after, handles_before, handles_after);
    todo_builtin
        ok(server_after <= server_base + THREAD_SLACK, "%s: the server keeps %u threads for %u idle connections "
           "(%u before)\n", protseq, server_after, CONNECTIONS, server_base);
    ok(client_after <= client_base + THREAD_SLACK, "%s: the client keeps %u threads for %u idle connections "
       "(%u before)\n", protseq, client_after, CONNECTIONS, client_base);
    /* Each connection holds its pipe or socket: the connections were really open at once. */
    ok(handles_after >= handles_before + CONNECTIONS - ASSOCIATIONS, "%s: client handles %lu -> %lu: fewer "
       "connections than calls\n", protseq, handles_before, handles_after);
    now = settle_threads(GetCurrentProcessId(), client_base + THREAD_SLACK, 1000);
    ok(now <= client_base + THREAD_SLACK, "%s: the client has %u threads once its callers ended (%u before)\n",
       protseq, now, client_base);

    /* With the last binding of an association its idle connections close. */
    for (k = 0; k < ASSOCIATIONS; k++) RpcBindingFree(&bindings[k]);
    handles_after = process_handles();
    trace("%s: client handles %lu before the bindings, %lu once they are freed; server threads %u\n", protseq,
          handles_start, handles_after, settle_threads(pid, server_base, 1000));
    ok(handles_after <= handles_start + THREAD_SLACK, "%s: client handles %lu before the bindings, %lu once they are "
       "freed\n", protseq, handles_start, handles_after);
done:
    CloseHandle(group.start);
    CloseHandle(group.park);
}

static void test_threads(unsigned int port)
{
    struct server_child child = { 0 };
    unsigned int i;

    if (!start_server_child(&child, port))
    {
        skip("no server child: the server runtime is not implemented\n");
        return;
    }
    for (i = 0; i < ARRAYSIZE(thread_protseqs); i++) test_many_connections(i, &child, port);
    server_child_stop(&child, WAIT_MS);
}

/* ---- the parent's own server ---- */

struct endpoint
{
    const char *protseq;
    const char *address;
    char name[64];
    RPC_STATUS use_status;
};

static struct endpoint endpoints[] =
{
    { .protseq = "ncalrpc" }, { .protseq = "ncacn_np" }, { .protseq = "ncacn_ip_tcp", .address = "127.0.0.1" },
};

static BOOL start_server(unsigned int port)
{
    static RPC_SERVER_INTERFACE *const ifaces[] = { &test_if_server, &test_if2_server };
    DWORD pid = GetCurrentProcessId();
    RPC_STATUS status;
    unsigned int i;

    snprintf(endpoints[0].name, 64, "rpc_scale_%lu", pid);
    snprintf(endpoints[1].name, 64, "\\pipe\\rpc_scale_%lu", pid);
    snprintf(endpoints[2].name, 64, "%u", port);
    for (i = 0; i < ARRAYSIZE(endpoints); i++)
    {
        endpoints[i].use_status = RpcServerUseProtseqEpA((RPC_CSTR)endpoints[i].protseq,
                                                         RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)endpoints[i].name, NULL);
        ok(endpoints[i].use_status == RPC_S_OK, "RpcServerUseProtseqEp(%s, %s) got %ld\n", endpoints[i].protseq,
           endpoints[i].name, endpoints[i].use_status);
    }
    /* test_if_server for the stop, test_if2_server for the unregistration that waits. */
    for (i = 0, status = RPC_S_OK; i < ARRAYSIZE(ifaces) && !status; i++)
    {
        status = RpcServerRegisterIf(ifaces[i], NULL, NULL);
        ok(status == RPC_S_OK, "RpcServerRegisterIf(interface %u) got %ld\n", i, status);
    }
    if (!status && (status = RpcServerListen(1, RPC_C_LISTEN_MAX_CALLS_DEFAULT, TRUE)))
        ok(0, "RpcServerListen got %ld\n", status);
    return status == RPC_S_OK;
}

/* ---- handles and memory across fresh bindings ---- */

/* A fresh binding costs a connection at both ends, 2 to 3 ms under Wine: 10,000 of them in all, spread over
 * the three protocol sequences, keep the unit near a minute. */
#define FRESH_CALLS 3334
/* Wine's builtin takes 10 to 15 ms a fresh binding (a server thread starts for each connection). */
#define FRESH_CALLS_BUILTIN 400

/* count times: a binding from its string, a null call, RpcBindingFree; how many failed, the first's status. */
static unsigned int fresh_binding_calls(const struct endpoint *endpoint, unsigned int count, RPC_STATUS *first)
{
    RPC_BINDING_HANDLE binding;
    unsigned int i, failures = 0;
    RPC_STATUS status;

    for (i = 0; i < count; i++)
    {
        if (!(binding = test_if_bind(endpoint->protseq, endpoint->address, endpoint->name))) status = RPC_S_INVALID_BINDING;
        else
        {
            status = test_if_null(binding);
            RpcBindingFree(&binding);
        }
        if (status && !failures++) *first = status;
    }
    return failures;
}

/* Client and server in this process: both ends' connections come and go with every binding. */
static void test_fresh_bindings(const struct endpoint *endpoint)
{
    unsigned int calls = test_target == TARGET_WINE_BUILTIN ? FRESH_CALLS_BUILTIN : FRESH_CALLS;
    DWORD handles_before, handles_after, start;
    SIZE_T memory_before, memory_after;
    unsigned int failures, threads_before, threads_after;
    RPC_STATUS first = RPC_S_OK;

    /* A warm-up first: the heap and the handle table settle. */
    failures = fresh_binding_calls(endpoint, calls / 10, &first);
    handles_before = process_handles();
    memory_before = process_private_bytes();
    threads_before = process_threads();
    start = GetTickCount();
    failures += fresh_binding_calls(endpoint, calls, &first);
    handles_after = process_handles();
    memory_after = process_private_bytes();
    threads_after = process_threads();
    ok(failures == 0, "%s: %u of %u calls on fresh bindings failed, the first with %ld\n", endpoint->protseq, failures,
       calls + calls / 10, first);
    trace("%s: %u fresh bindings in %lu ms: handles %lu -> %lu, private bytes %Iu -> %Iu, threads %u -> %u\n",
          endpoint->protseq, calls, GetTickCount() - start, handles_before, handles_after, memory_before,
          memory_after, threads_before, threads_after);
    ok(handles_after <= handles_before + 16, "%s: handles %lu -> %lu\n", endpoint->protseq, handles_before,
       handles_after);
    ok(memory_after <= memory_before + 4 * 1024 * 1024, "%s: private bytes %Iu -> %Iu\n", endpoint->protseq,
       memory_before, memory_after);
}

/* ---- a server stopped with calls in flight ---- */

#define STOP_SLEEP_MS 1500

struct waiter
{
    RPC_STATUS status;
    LONG sleeping;          /* test_if_sleeping when the wait returned */
    const RPC_SERVER_INTERFACE *iface;   /* NULL: RpcMgmtWaitServerListen, else RpcServerUnregisterIf(iface, TRUE) */
};

static DWORD WINAPI waiter_proc(void *arg)
{
    struct waiter *waiter = arg;

    waiter->status = waiter->iface ? RpcServerUnregisterIf((RPC_IF_HANDLE)waiter->iface, NULL, TRUE)
                                   : RpcMgmtWaitServerListen();
    waiter->sleeping = InterlockedCompareExchange(&test_if_sleeping, 0, 0);
    return 0;
}

/* Runs the wait in a thread; FALSE when it did not return well after the calls' end (the thread is then left). */
static BOOL run_waiter(struct waiter *waiter)
{
    HANDLE thread = CreateThread(NULL, 0, waiter_proc, waiter, 0, NULL);
    BOOL done = !WaitForSingleObject(thread, STOP_SLEEP_MS + 10000);

    CloseHandle(thread);
    return done;
}

/* A sleeping call of iface on each endpoint, in flight once this returns (busy counted them in). */
static unsigned int start_calls_in_flight(RPC_BINDING_HANDLE *bindings, struct sleep_call *calls, HANDLE *threads,
                                          const RPC_CLIENT_INTERFACE *iface, HANDLE busy)
{
    unsigned int i, started = 0;

    for (i = 0; i < ARRAYSIZE(endpoints); i++)
    {
        threads[i] = NULL;
        if (endpoints[i].use_status) continue;
        if (!(bindings[i] = test_if_bind(endpoints[i].protseq, endpoints[i].address, endpoints[i].name))) continue;
        if ((threads[i] = start_call(&calls[i], bindings[i], iface, STOP_SLEEP_MS, NULL))) started++;
    }
    for (i = 0; i < started; i++) if (WaitForSingleObject(busy, WAIT_MS)) break;
    ok(i == started, "%u of %u calls started in the server\n", i, started);
    return started;
}

/* The calls end, with a status printed; expected is what the docs promise them. */
static void end_calls_in_flight(RPC_BINDING_HANDLE *bindings, struct sleep_call *calls, HANDLE *threads,
                                const char *what)
{
    unsigned int i;
    DWORD wait;

    for (i = 0; i < ARRAYSIZE(endpoints); i++)
    {
        if (!threads[i]) continue;
        wait = WaitForSingleObject(threads[i], WAIT_MS);
        trace("%s: a call in flight when %s: wait %lu, got %ld\n", endpoints[i].protseq, what, wait, calls[i].status);
        ok(wait == WAIT_OBJECT_0, "%s: a call in flight when %s did not end\n", endpoints[i].protseq, what);
        /* "Executing calls are allowed to complete" (RpcMgmtStopServerListening, RpcServerUnregisterIf). */
        if (!wait) ok(calls[i].status == RPC_S_OK, "%s: a call in flight when %s got %ld\n", endpoints[i].protseq, what,
                      calls[i].status);
        else TerminateThread(threads[i], 1);
        CloseHandle(threads[i]);
        RpcBindingFree(&bindings[i]);
    }
}

/* RpcServerUnregisterIf(..., TRUE) returns once the interface's calls in progress are over. */
static void test_unregister_waits(HANDLE busy)
{
    RPC_BINDING_HANDLE bindings[ARRAYSIZE(endpoints)] = { 0 }, binding;
    struct sleep_call calls[ARRAYSIZE(endpoints)];
    HANDLE threads[ARRAYSIZE(endpoints)];
    struct waiter waiter = { RPC_S_INTERNAL_ERROR, -1, &test_if2_server };
    unsigned int started;
    RPC_STATUS status;
    BOOL done;

    started = start_calls_in_flight(bindings, calls, threads, &test_if2_client, busy);
    done = run_waiter(&waiter);
    trace("RpcServerUnregisterIf(wait) with %u calls in flight: returned %d, got %ld, %ld routines still sleeping\n",
          started, done, waiter.status, waiter.sleeping);
    ok(done && waiter.status == RPC_S_OK, "RpcServerUnregisterIf(wait): returned %d, got %ld\n", done, waiter.status);
    ok(done && waiter.sleeping == 0, "RpcServerUnregisterIf(wait) returned with %ld routines still sleeping\n",
       waiter.sleeping);
    end_calls_in_flight(bindings, calls, threads, "the interface was unregistered with a wait");

    if (endpoints[0].use_status || !(binding = test_if_bind(endpoints[0].protseq, NULL, endpoints[0].name))) return;
    status = test_if_call(binding, &test_if2_client, TEST_OP_NULL, NULL, 0, NULL);
    ok(status == RPC_S_UNKNOWN_IF, "a call of the unregistered interface got %ld\n", status);
    RpcBindingFree(&binding);
}

/* RpcMgmtStopServerListening and RpcServerUnregisterIf(..., FALSE) with calls in flight: neither waits, the
 * calls complete, and RpcMgmtWaitServerListen returns once they are over. */
static void test_stop_in_flight(HANDLE busy)
{
    RPC_BINDING_HANDLE bindings[ARRAYSIZE(endpoints)] = { 0 };
    struct sleep_call calls[ARRAYSIZE(endpoints)];
    HANDLE threads[ARRAYSIZE(endpoints)];
    struct waiter waiter = { RPC_S_INTERNAL_ERROR, -1, NULL };
    unsigned int started;
    LONG sleeping;
    RPC_STATUS status;
    BOOL done;

    started = start_calls_in_flight(bindings, calls, threads, &test_if_client, busy);
    status = RpcMgmtStopServerListening(NULL);
    ok(status == RPC_S_OK, "RpcMgmtStopServerListening got %ld\n", status);
    status = RpcServerUnregisterIf(&test_if_server, NULL, FALSE);
    sleeping = InterlockedCompareExchange(&test_if_sleeping, 0, 0);
    ok(status == RPC_S_OK, "RpcServerUnregisterIf(no wait) got %ld\n", status);
    ok(sleeping == (LONG)started, "RpcServerUnregisterIf(no wait) returned with %ld of %u routines sleeping\n",
       sleeping, started);

    done = run_waiter(&waiter);
    trace("RpcMgmtWaitServerListen with %u calls in flight: returned %d, got %ld, %ld routines still sleeping\n",
          started, done, waiter.status, waiter.sleeping);
    /* Wine's builtin sometimes never returns (see rpc_sync), sometimes does. */
    if (!done && test_target == TARGET_WINE_BUILTIN)
        skip("RpcMgmtWaitServerListen did not return on Wine's builtin\n");
    else
        ok(done && waiter.status == RPC_S_OK && waiter.sleeping == 0,
           "RpcMgmtWaitServerListen: returned %d, got %ld, %ld routines still sleeping\n", done, waiter.status,
           waiter.sleeping);
    end_calls_in_flight(bindings, calls, threads, "the server stopped");
}

START_TEST(rpc_scale)
{
    unsigned int port = 50000 + (GetCurrentProcessId() % 1100) * (ASSOCIATIONS + 1);
    HANDLE busy;
    unsigned int i;

    if (run_child()) return;

    test_threads(port);

    if (!start_server(port + ASSOCIATIONS))
    {
        skip("the server does not listen: the server runtime is not implemented\n");
        return;
    }
    for (i = 0; i < ARRAYSIZE(endpoints); i++)
        if (!endpoints[i].use_status) test_fresh_bindings(&endpoints[i]);
    test_if_busy = busy = CreateSemaphoreA(NULL, 0, ARRAYSIZE(endpoints), NULL);
    test_unregister_waits(busy);
    test_stop_in_flight(busy);
    test_if_busy = NULL;
    CloseHandle(busy);
}
