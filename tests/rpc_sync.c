/* rpc_sync.c: synchronous calls through the message API to a server in the same process, on every transport. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winsock2.h>
#include <windows.h>
#include <rpc.h>
#include "rpc_test_if.h"
#include "free_port.h"
#include "process_counts.h"
#include "test.h"

/* Generous: only there so that a broken runtime fails instead of hanging. */
#define WAIT_MS 30000
/* The MaxRpcSize test_if2_server is registered with. */
#define IF2_MAX_RPC_SIZE (256 * 1024)

struct endpoint
{
    const char *protseq;
    const char *address;      /* for the client's string binding */
    char name[64];            /* the endpoint the server listens on */
    char nobody[64];          /* one where nothing listens */
    RPC_STATUS use_status;    /* what RpcServerUseProtseqEp (or RpcServerUseProtseq) answered */
    RPC_BINDING_HANDLE binding;   /* a client binding kept open until the server stopped */
};

static struct endpoint endpoints[] =
{
    { .protseq = "ncalrpc" }, { .protseq = "ncacn_np" }, { .protseq = "ncacn_ip_tcp", .address = "127.0.0.1" },
    /* dynamic: RpcServerUseProtseq, found through RpcServerInqBindings */
    { .protseq = "ncacn_ip_tcp", .address = "127.0.0.1" },
};
#define DYNAMIC_TCP 3

/* The dynamic TCP endpoint among the server's bindings: the ncacn_ip_tcp one that is not the fixed port. */
static void find_dynamic_endpoint(struct endpoint *dynamic, const char *fixed_port)
{
    RPC_BINDING_VECTOR *vector = NULL;
    RPC_CSTR string, protseq, endpoint;
    RPC_STATUS status;
    unsigned int i;

    status = RpcServerInqBindings(&vector);
    ok(status == RPC_S_OK, "RpcServerInqBindings got %ld\n", status);
    if (status) return;
    for (i = 0; i < vector->Count; i++)
    {
        if (RpcBindingToStringBindingA(vector->BindingH[i], &string)) continue;
        trace("server binding %u: %s\n", i, (char *)string);
        if (!RpcStringBindingParseA(string, NULL, &protseq, NULL, &endpoint, NULL))
        {
            if (!strcmp((char *)protseq, "ncacn_ip_tcp") && strcmp((char *)endpoint, fixed_port))
                snprintf(dynamic->name, sizeof(dynamic->name), "%s", (char *)endpoint);
            RpcStringFreeA(&protseq);
            RpcStringFreeA(&endpoint);
        }
        RpcStringFreeA(&string);
    }
    RpcBindingVectorFree(&vector);
    ok(dynamic->name[0] != 0, "no dynamic ncacn_ip_tcp endpoint among %u bindings\n", i);
    if (!dynamic->name[0]) dynamic->use_status = RPC_S_NO_BINDINGS;
}

/* Endpoints made unique by the process id (pipes) or free now (TCP), the server's interfaces, and RpcServerListen(DontWait). */
static BOOL start_server(void)
{
    DWORD pid = GetCurrentProcessId();
    unsigned short port, nobody;
    RPC_STATUS status;
    WSADATA wsa;
    unsigned int i;

    snprintf(endpoints[0].name, 64, "rpc_sync_%lu", pid);
    snprintf(endpoints[0].nobody, 64, "rpc_sync_nobody_%lu", pid);
    snprintf(endpoints[1].name, 64, "\\pipe\\rpc_sync_%lu", pid);
    snprintf(endpoints[1].nobody, 64, "\\pipe\\rpc_sync_nobody_%lu", pid);
    /* TCP ports free now, so that runs in parallel (other prefixes share the host's ports) do not collide. */
    WSAStartup(MAKEWORD(2, 2), &wsa);
    port = test_free_port();
    do nobody = test_free_port(); while (nobody == port);
    snprintf(endpoints[2].name, 64, "%u", port);
    snprintf(endpoints[2].nobody, 64, "%u", nobody);
    strcpy(endpoints[DYNAMIC_TCP].nobody, endpoints[2].nobody);
    /* The dynamic endpoint first: Wine's builtin adds none when the protocol sequence already has one. */
    endpoints[DYNAMIC_TCP].use_status = RpcServerUseProtseqA((RPC_CSTR)"ncacn_ip_tcp", RPC_C_PROTSEQ_MAX_REQS_DEFAULT, NULL);
    ok(endpoints[DYNAMIC_TCP].use_status == RPC_S_OK, "RpcServerUseProtseq(ncacn_ip_tcp) got %ld\n",
       endpoints[DYNAMIC_TCP].use_status);
    for (i = 0; i < DYNAMIC_TCP; i++)
    {
        endpoints[i].use_status = RpcServerUseProtseqEpA((RPC_CSTR)endpoints[i].protseq,
                                                         RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)endpoints[i].name, NULL);
        ok(endpoints[i].use_status == RPC_S_OK, "RpcServerUseProtseqEp(%s, %s) got %ld\n", endpoints[i].protseq,
           endpoints[i].name, endpoints[i].use_status);
    }
    if (!endpoints[DYNAMIC_TCP].use_status) find_dynamic_endpoint(&endpoints[DYNAMIC_TCP], endpoints[2].name);

    status = RpcServerRegisterIf(&test_if_server, NULL, NULL);
    ok(status == RPC_S_OK, "RpcServerRegisterIf got %ld\n", status);
    if (status) return FALSE;
    status = RpcServerRegisterIf2(&test_if2_server, NULL, NULL, 0, RPC_C_LISTEN_MAX_CALLS_DEFAULT, IF2_MAX_RPC_SIZE, NULL);
    ok(status == RPC_S_OK, "RpcServerRegisterIf2 got %ld\n", status);
    if (status) return FALSE;
    status = RpcServerListen(1, RPC_C_LISTEN_MAX_CALLS_DEFAULT, TRUE);
    ok(status == RPC_S_OK, "RpcServerListen got %ld\n", status);
    return status == RPC_S_OK;
}

/* ---- several threads on one binding handle ---- */

#define CALL_THREADS 8
#define CALLS_PER_THREAD 200

struct call_thread
{
    RPC_BINDING_HANDLE binding;
    unsigned int index;
    unsigned int failures;
    RPC_STATUS first_failure;
};

static DWORD WINAPI call_thread_proc(void *arg)
{
    struct call_thread *thread = arg;
    RPC_STATUS status;
    unsigned int i;
    BOOL mismatch;
    LONG sum;

    for (i = 0; i < CALLS_PER_THREAD; i++)
    {
        /* Every reply must match its own request: adds and echoes seeded by the thread and the call. */
        if (i % 2) status = test_if_add(thread->binding, thread->index * 100000, i, &sum), mismatch = sum != (LONG)(thread->index * 100000 + i);
        else status = test_if_echo(thread->binding, &test_if_client, 64 + thread->index, thread->index * 1000 + i, &mismatch);
        if (status || mismatch)
        {
            if (!thread->failures++) thread->first_failure = status ? status : RPC_X_BAD_STUB_DATA;
        }
    }
    return 0;
}

static void test_shared_binding(const struct endpoint *endpoint)
{
    struct call_thread threads[CALL_THREADS];
    HANDLE handles[CALL_THREADS];
    unsigned int i, failures = 0;
    RPC_STATUS first = RPC_S_OK;
    DWORD wait;

    for (i = 0; i < CALL_THREADS; i++)
    {
        threads[i].binding = endpoint->binding;
        threads[i].index = i;
        threads[i].failures = 0;
        threads[i].first_failure = RPC_S_OK;
        handles[i] = CreateThread(NULL, 0, call_thread_proc, &threads[i], 0, NULL);
    }
    wait = WaitForMultipleObjects(CALL_THREADS, handles, TRUE, 60000);
    ok(wait == WAIT_OBJECT_0, "%s: the call threads did not finish: %lu\n", endpoint->protseq, wait);
    for (i = 0; i < CALL_THREADS; i++)
    {
        if (wait == WAIT_OBJECT_0 && threads[i].failures && !failures) first = threads[i].first_failure;
        failures += threads[i].failures;
        if (wait != WAIT_OBJECT_0) TerminateThread(handles[i], 1);
        CloseHandle(handles[i]);
    }
    ok(failures == 0, "%s: %u of %u calls from %u threads failed, the first with %ld\n", endpoint->protseq,
       failures, CALL_THREADS * CALLS_PER_THREAD, CALL_THREADS, first);
}

/* test_if2_server refuses requests larger than its MaxRpcSize with RPC_S_ACCESS_DENIED, except on ncalrpc. */
static void test_max_rpc_size(const struct endpoint *endpoint)
{
    BOOL lrpc = !strcmp(endpoint->protseq, "ncalrpc"), mismatch;
    RPC_BINDING_HANDLE binding = test_if_bind(endpoint->protseq, endpoint->address, endpoint->name);
    RPC_STATUS status;

    if (!binding) return;
    status = test_if_echo(binding, &test_if2_client, 64 * 1024, 7, &mismatch);
    ok(status == RPC_S_OK && !mismatch, "%s: echo of 64 KiB on the MaxRpcSize interface got %ld, mismatch %d\n",
       endpoint->protseq, status, mismatch);
    status = test_if_echo(binding, &test_if2_client, 1024 * 1024, 8, &mismatch);
    /* Wine's builtin does not enforce MaxRpcSize. */
    todo(test_target == TARGET_WINE_BUILTIN && !lrpc)
        ok(status == (lrpc ? RPC_S_OK : RPC_S_ACCESS_DENIED), "%s: echo of 1 MiB past MaxRpcSize %u got %ld\n",
           endpoint->protseq, IF2_MAX_RPC_SIZE, status);
    RpcBindingFree(&binding);
}

static void test_nobody_listens(const struct endpoint *endpoint)
{
    RPC_BINDING_HANDLE binding = test_if_bind(endpoint->protseq, endpoint->address, endpoint->nobody);
    RPC_STATUS status;

    if (!binding) return;
    status = test_if_null(binding);
    ok(status == RPC_S_SERVER_UNAVAILABLE, "%s: a call to %s where nothing listens got %ld\n", endpoint->protseq,
       endpoint->nobody, status);
    RpcBindingFree(&binding);
}

/* RPC_C_OPT_CALL_TIMEOUT: a call with no answer in time ends with RPC_S_CALL_CANCELLED on ncacn_*; local
 * (ncalrpc) calls ignore the option (RpcBindingSetOption's remarks). The binding serves again afterwards. */
static void test_call_timeout(const struct endpoint *endpoint)
{
    BOOL lrpc = !strcmp(endpoint->protseq, "ncalrpc");
    RPC_BINDING_HANDLE binding = test_if_bind(endpoint->protseq, endpoint->address, endpoint->name);
    unsigned int timeout = 300, sleep = lrpc ? 600 : 2000;
    RPC_STATUS status;
    DWORD start;

    if (!binding) return;
    status = RpcBindingSetOption(binding, RPC_C_OPT_CALL_TIMEOUT, timeout);
    ok(status == RPC_S_OK, "%s: RpcBindingSetOption(RPC_C_OPT_CALL_TIMEOUT) got %ld\n", endpoint->protseq, status);
    start = GetTickCount();
    status = test_if_sleep(binding, sleep);
    trace("%s: a %u ms call timeout on a %u ms call: %ld after %lu ms\n", endpoint->protseq, timeout, sleep, status,
          GetTickCount() - start);
    /* Wine's builtin ignores the option. */
    todo(test_target == TARGET_WINE_BUILTIN && !lrpc)
        ok(status == (lrpc ? RPC_S_OK : RPC_S_CALL_CANCELLED), "%s: the timed-out call got %ld\n", endpoint->protseq,
           status);
    status = test_if_null(binding);
    ok(status == RPC_S_OK, "%s: a call after the timeout got %ld\n", endpoint->protseq, status);
    RpcBindingFree(&binding);
}

struct sleeping_call
{
    RPC_BINDING_HANDLE binding;
    ULONG ms;
    LONG cancel_timeout;      /* RpcMgmtSetCancelTimeout of the calling thread */
    RPC_STATUS status;
    DWORD elapsed;
};

static DWORD WINAPI sleeping_call_proc(void *arg)
{
    struct sleeping_call *call = arg;
    DWORD start = GetTickCount();

    RpcMgmtSetCancelTimeout(call->cancel_timeout);
    call->status = test_if_sleep(call->binding, call->ms);
    call->elapsed = GetTickCount() - start;
    return 0;
}

/* RpcCancelThreadEx and RpcCancelThread on a thread blocked in a synchronous call: a cancel the server
 * does not answer in time ends the call with RPC_S_CALL_CANCELLED (0 s: at once); with an infinite
 * timeout the call runs to its end. A thread in no call is left alone. */
static void test_cancel_thread(const struct endpoint *endpoint)
{
    static const struct { LONG ex_timeout; LONG thread_timeout; RPC_STATUS want; } cases[] =
    {
        { 0, RPC_C_CANCEL_INFINITE_TIMEOUT, RPC_S_CALL_CANCELLED },     /* RpcCancelThreadEx(0) */
        { -2, 0, RPC_S_CALL_CANCELLED },                                 /* RpcCancelThread, thread's 0 s */
        { -2, RPC_C_CANCEL_INFINITE_TIMEOUT, RPC_S_OK },                 /* RpcCancelThread, default: wait */
    };
    struct sleeping_call call;
    RPC_STATUS status;
    unsigned int i;
    HANDLE thread;

    status = RpcCancelThreadEx(GetCurrentThread(), 0);
    ok(status == RPC_S_OK, "%s: cancelling a thread in no call got %ld\n", endpoint->protseq, status);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        if (!(call.binding = test_if_bind(endpoint->protseq, endpoint->address, endpoint->name))) return;
        call.ms = 1500;
        call.cancel_timeout = cases[i].thread_timeout;
        call.status = ~0u;
        thread = CreateThread(NULL, 0, sleeping_call_proc, &call, 0, NULL);
        Sleep(200);
        status = cases[i].ex_timeout == -2 ? RpcCancelThread(thread) : RpcCancelThreadEx(thread, cases[i].ex_timeout);
        ok(status == RPC_S_OK, "%s: case %u: cancel got %ld\n", endpoint->protseq, i, status);
        WaitForSingleObject(thread, WAIT_MS);
        CloseHandle(thread);
        trace("%s: case %u: cancelled call got %ld after %lu ms\n", endpoint->protseq, i, call.status, call.elapsed);
        /* Wine's builtin ends a cancelled call at once with RPC_S_CALL_FAILED, whatever the timeout */
        todo(test_target == TARGET_WINE_BUILTIN)
            ok(call.status == cases[i].want, "%s: case %u: the cancelled call got %ld, want %ld\n", endpoint->protseq,
               i, call.status, cases[i].want);
        status = test_if_null(call.binding);
        ok(status == RPC_S_OK, "%s: case %u: a call after the cancel got %ld\n", endpoint->protseq, i, status);
        RpcBindingFree(&call.binding);
    }
}

static void test_endpoint(struct endpoint *endpoint)
{
    if (endpoint->use_status)
    {
        skip("%s %s: no server endpoint (%ld): the server runtime is not implemented, skipping this protocol "
             "sequence\n", endpoint->protseq, endpoint->name, endpoint->use_status);
        return;
    }
    trace("%s endpoint %s\n", endpoint->protseq, endpoint->name);
    if (!(endpoint->binding = test_if_bind(endpoint->protseq, endpoint->address, endpoint->name))) return;
    if (!test_if_check_calls(endpoint->binding, endpoint->protseq, GetCurrentProcessId()))
    {
        skip("%s: the first call failed: the client runtime is not implemented, skipping this protocol sequence\n",
             endpoint->protseq);
        return;
    }
    test_max_rpc_size(endpoint);
    test_shared_binding(endpoint);
    test_nobody_listens(endpoint);
    test_call_timeout(endpoint);
    test_cancel_thread(endpoint);
}

/* ---- resources ---- */

#define OPEN_BINDINGS 50

struct open_call
{
    RPC_BINDING_HANDLE binding;
    RPC_STATUS status;
};

static DWORD WINAPI open_call_proc(void *arg)
{
    struct open_call *call = arg;

    call->status = test_if_sleep(call->binding, 300);
    return 0;
}

/* Fifty bindings that each made a call at the same time (so fifty connections at both ends, left open) come
 * back to the engine's threads once the calls are over. */
static void test_thread_count(const struct endpoint *endpoint)
{
    struct open_call calls[OPEN_BINDINGS];
    HANDLE threads[OPEN_BINDINGS];
    unsigned int before = process_threads(), after, i, failures = 0;
    RPC_STATUS first = RPC_S_OK;

    for (i = 0; i < OPEN_BINDINGS; i++)
    {
        calls[i].binding = test_if_bind(endpoint->protseq, endpoint->address, endpoint->name);
        calls[i].status = RPC_S_INVALID_BINDING;
        threads[i] = calls[i].binding ? CreateThread(NULL, 0, open_call_proc, &calls[i], 0, NULL) : NULL;
    }
    for (i = 0; i < OPEN_BINDINGS; i++)
    {
        if (threads[i] && WaitForSingleObject(threads[i], WAIT_MS)) TerminateThread(threads[i], 1);
        if (threads[i]) CloseHandle(threads[i]);
        if (calls[i].status && !failures++) first = calls[i].status;
    }
    /* Fifty server routines sleeping at once each hold a thread (the engine starts spares while routines
     * block); the spares retire after ENGINE_SPARE_IDLE_MS without work. Wait for that, up to 10 s. */
    for (i = 0; i < 100 && (after = process_threads()) > before + 16; i++) Sleep(100);
    ok(failures == 0, "%s: %u of %u concurrent calls on new bindings failed, the first with %ld\n", endpoint->protseq,
       failures, OPEN_BINDINGS, first);
    trace("%s: %u threads before, %u with %u open bindings that each made a call\n", endpoint->protseq, before,
          after, OPEN_BINDINGS);
    /* Wine's builtin runs a server thread per connection. */
    todo_builtin
        ok(after <= before + 16, "%s: %u threads before, %u with %u connections\n", endpoint->protseq, before, after,
           OPEN_BINDINGS);
    for (i = 0; i < OPEN_BINDINGS; i++) if (calls[i].binding) RpcBindingFree(&calls[i].binding);
}

/* Runs count null calls; returns how many failed and the first failure's status. */
static unsigned int null_calls(RPC_BINDING_HANDLE binding, unsigned int count, RPC_STATUS *first)
{
    unsigned int i, failures = 0;
    RPC_STATUS status;

    for (i = 0; i < count; i++)
        if ((status = test_if_null(binding)) && !failures++) *first = status;
    return failures;
}

/* Handles and memory after 10,000 null calls stay where a 1,000-call warm-up left them. */
static void test_resources(const struct endpoint *endpoint)
{
    DWORD handles_before, handles_after;
    SIZE_T memory_before, memory_after;
    RPC_STATUS first = RPC_S_OK;
    unsigned int failures;

    failures = null_calls(endpoint->binding, 1000, &first);
    handles_before = process_handles();
    memory_before = process_private_bytes();
    failures += null_calls(endpoint->binding, 10000, &first);
    handles_after = process_handles();
    memory_after = process_private_bytes();
    ok(failures == 0, "%s: %u of 11000 null calls failed, the first with %ld\n", endpoint->protseq, failures, first);
    trace("%s: handles %lu -> %lu, private bytes %Iu -> %Iu after 10000 null calls\n", endpoint->protseq,
          handles_before, handles_after, memory_before, memory_after);
    ok(handles_after <= handles_before + 16, "%s: handles %lu -> %lu\n", endpoint->protseq, handles_before,
       handles_after);
    ok(memory_after <= memory_before + 4 * 1024 * 1024, "%s: private bytes %Iu -> %Iu\n", endpoint->protseq,
       memory_before, memory_after);
}

/* ---- stopping ---- */

static DWORD WINAPI wait_server_proc(void *arg)
{
    *(RPC_STATUS *)arg = RpcMgmtWaitServerListen();
    return 0;
}

struct late_call
{
    RPC_BINDING_HANDLE binding;
    RPC_STATUS status;
};

static DWORD WINAPI late_call_proc(void *arg)
{
    struct late_call *call = arg;

    call->status = test_if_null(call->binding);
    return 0;
}

/* A null call after the server stopped listening: it must fail, and promptly (a thread that is still in the
 * call after WAIT_MS is left behind, failed). */
static void check_late_call(RPC_BINDING_HANDLE binding, const char *protseq, const char *what)
{
    struct late_call call = { binding, RPC_S_INTERNAL_ERROR };
    HANDLE thread = CreateThread(NULL, 0, late_call_proc, &call, 0, NULL);
    DWORD wait = WaitForSingleObject(thread, WAIT_MS);

    trace("%s: a call on %s after the server stopped listening: wait %lu, got %ld\n", protseq, what, wait,
          call.status);
    ok(!wait && call.status != RPC_S_OK, "%s: a call on %s after the server stopped listening: wait %lu, got %ld\n",
       protseq, what, wait, call.status);
    CloseHandle(thread);
}

static void stop_server(void)
{
    RPC_STATUS status, wait_status = RPC_S_INTERNAL_ERROR;
    HANDLE thread;
    unsigned int i;
    DWORD wait;

    status = RpcMgmtStopServerListening(NULL);
    ok(status == RPC_S_OK, "RpcMgmtStopServerListening got %ld\n", status);

    /* The runtime "stops accepting new remote procedure calls" (RpcMgmtStopServerListening); the docs name no
     * status for the client, so any failure will do: on a connection made before, and on a new binding. */
    for (i = 0; i < ARRAYSIZE(endpoints); i++)
    {
        RPC_BINDING_HANDLE binding;

        if (!endpoints[i].binding) continue;
        /* Wine's builtin keeps accepting TCP connections after it stopped listening, and never answers. */
        if (test_target == TARGET_WINE_BUILTIN && !strcmp(endpoints[i].protseq, "ncacn_ip_tcp"))
        {
            skip("%s: a call after the server stopped listening hangs on Wine's builtin\n", endpoints[i].protseq);
            RpcBindingFree(&endpoints[i].binding);
            continue;
        }
        check_late_call(endpoints[i].binding, endpoints[i].protseq, "an open binding");
        if ((binding = test_if_bind(endpoints[i].protseq, endpoints[i].address, endpoints[i].name)))
        {
            check_late_call(binding, endpoints[i].protseq, "a new binding");
            RpcBindingFree(&binding);
        }
        RpcBindingFree(&endpoints[i].binding);
    }

    /* No call is in progress: the wait ends at once (in a thread, so that a runtime that hangs fails). */
    thread = CreateThread(NULL, 0, wait_server_proc, &wait_status, 0, NULL);
    wait = WaitForSingleObject(thread, 5000);
    /* Wine's builtin does not return, with no call in progress and every client binding freed. */
    todo_builtin ok(wait == WAIT_OBJECT_0 && wait_status == RPC_S_OK, "RpcMgmtWaitServerListen: wait %lu, got %ld\n",
                    wait, wait_status);
    if (wait) TerminateThread(thread, 1);
    CloseHandle(thread);

    status = RpcServerUnregisterIf(&test_if_server, NULL, FALSE);
    ok(status == RPC_S_OK, "RpcServerUnregisterIf got %ld\n", status);
    status = RpcServerUnregisterIf(&test_if2_server, NULL, FALSE);
    ok(status == RPC_S_OK, "RpcServerUnregisterIf (if2) got %ld\n", status);
}

START_TEST(rpc_sync)
{
    unsigned int i;

    if (!start_server())
    {
        skip("the server does not listen: the server runtime is not implemented, skipping every call\n");
        return;
    }
    for (i = 0; i < ARRAYSIZE(endpoints); i++) test_endpoint(&endpoints[i]);
    if (endpoints[0].binding)
    {
        test_thread_count(&endpoints[0]);
        test_resources(&endpoints[0]);
    }
    stop_server();
}
