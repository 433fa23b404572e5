/* async_scale.c: the body of the rpc_async_scale_* units: 10,000 asynchronous calls in flight to a server child on one protocol sequence. */
#include <winsock2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_scale.h"
#include "async_test.h"
#include "free_port.h"
#include "process_counts.h"
#include "rpc_test_if.h"
#include "seh.h"
#include "server_child.h"
#include "test.h"

/* Generous: only there so that a broken runtime fails instead of hanging. */
#define WAIT_MS 30000

/* What is right: a call in flight holds no thread at either end. The client sends the request and returns;
 * the server's routine keeps the call (at_hold) and returns too. So with CALLS calls in flight both processes
 * hold their engine's workers and nothing more, give or take THREAD_SLACK threads that are neither the
 * engine's nor the test's (Wine's own). Each call holds its own connection (one call at a time on a
 * connection, as native clients do): the calls are CALLS connections open at once. */
#define CALLS 10000
#define THREAD_SLACK 4
/* A round of calls before the counts are taken: the runtime's lazily made pieces and the heaps settle. */
#define WARM_CALLS 200

/* Once the calls are over and the binding freed, both processes hold about what they held before: every
 * connection closed, every call freed. A heap keeps some of what it grew to, not the calls: measured, 2 to
 * 7 MB of the 200 MB that 10,000 calls took, and further rounds of calls add nothing to it. So what may
 * stay is MEMORY_SLACK and 1/20 of the growth (a call that leaked 1 KB would stay 10 MB). Closing runs on
 * the engine (the last read of each connection completes, then it is freed): the counts settle within
 * SETTLE_MS. */
#define HANDLE_SLACK 16
#define MEMORY_SLACK (4 * 1024 * 1024)
#define SETTLE_MS 20000

/* The test's own threads that issue, then complete, the calls: a call costs a few dozen round trips to the
 * wineserver, and several threads keep them overlapping. They end before the counts are taken. */
#define TEST_THREADS 8
/* Under Wine a call costs about 3 to 6 ms of work in all (client, server and wineserver): on a slow or busy
 * machine CALLS calls may not be issued within this, and the unit goes on with those it issued (a skip
 * says so), so that it ends within the runner's limit (120 s). */
#define ISSUE_BUDGET_MS 50000

/* Under Wine every socket is a host file descriptor in the wineserver, which holds both ends of each
 * connection (the server child shares this program's wineserver); pipes cost it none. The wineserver's
 * limit is the one this process has (Wine raises the soft limit to the hard one in every process): a TCP
 * call in flight costs 2 of them, and the wineserver needs FD_RESERVE for everything else it serves. */
#define FD_RESERVE 2000

/* The test program runs itself as the unit's server child (server_child.h) when RPC_ASYNC_SCALE_CHILD says
 * "TAG server ENDPOINT": it serves async_test (rpc_async.c's routines) on the unit's protocol sequence. */
#define CHILD_VARIABLE "RPC_ASYNC_SCALE_CHILD"

static void child_server(const char *protseq, const char *tag, const char *endpoint)
{
    RPC_STATUS status;

    if ((status = RpcServerUseProtseqEpA((RPC_CSTR)protseq, RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)endpoint, NULL)))
        trace("server child: RpcServerUseProtseqEp(%s, %s) got %ld\n", protseq, endpoint, status);
    if (!status && (status = RpcServerRegisterIf(srv_async_test_v1_0_s_ifspec, NULL, NULL)))
        trace("server child: RpcServerRegisterIf got %ld\n", status);
    if (!status && (status = RpcServerListen(1, 2 * CALLS, TRUE)))
        trace("server child: RpcServerListen got %ld\n", status);
    if (status) ExitProcess(2);
    server_child_serve(tag, 4 * WAIT_MS);
    RpcMgmtStopServerListening(NULL);
    ExitProcess(0);
}

/* Runs the child role RPC_ASYNC_SCALE_CHILD names; FALSE when this is not a child. */
static BOOL run_child(const char *protseq)
{
    const char *value = getenv(CHILD_VARIABLE);
    char tag[32], endpoint[64];

    if (!value) return FALSE;
    if (sscanf(value, "%31s server %63s", tag, endpoint) == 2) child_server(protseq, tag, endpoint);
    else ok(0, "unknown child role %s\n", test_dbgstr_a(value));
    return TRUE;
}

/* The open-file limit of this process under Wine (read from the host's /proc through drive Z:); 0 when it
 * cannot tell (not Wine, or no Z:). */
static unsigned long wine_fd_limit(void)
{
    unsigned long soft = 0;
    char line[256];
    FILE *file;

    if (!GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version")) return 0;
    if (!(file = fopen("Z:\\proc\\self\\limits", "r"))) return 0;
    while (fgets(line, sizeof(line), file))
        if (sscanf(line, "Max open files %lu", &soft) == 1) break;
    fclose(file);
    return soft;
}

/* ---- the counts ---- */

struct counts
{
    unsigned int threads;
    DWORD handles;
    SIZE_T bytes;
};

/* The private bytes that may stay once the calls are over, for the counts before and with the calls. */
static SIZE_T bytes_after(const struct counts *before, const struct counts *during)
{
    return before->bytes + MEMORY_SLACK + (during->bytes > before->bytes ? (during->bytes - before->bytes) / 20 : 0);
}

static void take_counts(DWORD pid, struct counts *counts)
{
    counts->threads = process_threads_of(pid);
    counts->handles = process_handles_of(pid);
    counts->bytes = process_private_bytes_of(pid);
}

/* Polls the counts of process pid until its handles are at most handles and its private bytes at most
 * bytes, up to SETTLE_MS; the counts then. */
static void settle_counts(DWORD pid, DWORD handles, SIZE_T bytes, struct counts *counts)
{
    DWORD start = GetTickCount();

    while (take_counts(pid, counts), (counts->handles > handles || counts->bytes > bytes)
           && GetTickCount() - start < SETTLE_MS)
        Sleep(100);
}

/* ---- the calls ---- */

/* A stub call, with what it raises caught. */
struct stub_call
{
    RPC_BINDING_HANDLE binding;
    PRPC_ASYNC_STATE async;
    int token;
    int result;
};

static void hold_body(void *arg)
{
    struct stub_call *call = arg;

    at_hold(call->async, call->binding, call->token);
}

static void held_count_body(void *arg)
{
    struct stub_call *call = arg;

    call->result = at_held_count(call->binding);
}

static void release_all_body(void *arg)
{
    struct stub_call *call = arg;

    call->result = at_release_all(call->binding);
}

/* Runs body on call; the code of the exception it raised, 0 when it returned. */
static DWORD call_stub(void (*body)(void *), struct stub_call *call)
{
    DWORD code = 0;

    seh_call(body, call, NULL, NULL, &code);
    return code;
}

/* A round of count at_hold calls in flight at once, notified on one completion port, issued until
 * deadline (a GetTickCount value); the server completes each with its token. */
struct round
{
    const char *protseq;
    RPC_BINDING_HANDLE binding;
    DWORD server_pid;
    unsigned int count;
    DWORD deadline;
    RPC_ASYNC_STATE *states;
    HANDLE port;
    /* what happened (the test threads only count: checks are made on the main thread) */
    LONG issued, failed, late, taken, notified, right, wrong;
    DWORD first_raised;                     /* the first failed call's exception */
    RPC_STATUS first_wrong_status;          /* the first call completed wrong: its status, reply and token */
    int first_wrong_reply;
    ULONG_PTR first_wrong_key;
    unsigned int held, released;
    DWORD issue_ms, hold_ms, release_ms;
    struct counts client, server;   /* with the calls in flight */
};

struct test_thread
{
    struct round *round;
    unsigned int first, end;    /* the tokens it issues */
};

/* Issues the calls of tokens first to end - 1; stops at the first that raises, or at the deadline. */
static DWORD WINAPI issue_proc(void *arg)
{
    struct test_thread *thread = arg;
    struct round *round = thread->round;
    struct stub_call call = { round->binding, NULL, 0, 0 };
    unsigned int token;
    DWORD code;

    for (token = thread->first; token < thread->end; token++)
    {
        if ((LONG)(GetTickCount() - round->deadline) > 0)
        {
            InterlockedExchangeAdd(&round->late, thread->end - token);
            break;
        }
        call.async = &round->states[token];
        RpcAsyncInitializeHandle(call.async, sizeof(*call.async));
        call.async->UserInfo = NULL;
        call.async->NotificationType = RpcNotificationTypeIoc;
        call.async->u.IOC.hIOPort = round->port;
        call.async->u.IOC.dwNumberOfBytesTransferred = 0;
        call.async->u.IOC.dwCompletionKey = token;
        call.async->u.IOC.lpOverlapped = NULL;
        call.token = (int)token;
        if ((code = call_stub(hold_body, &call)))
        {
            if (InterlockedIncrement(&round->failed) == 1) round->first_raised = code;
            break;
        }
        InterlockedIncrement(&round->issued);
    }
    return 0;
}

/* Takes notifications until the round's calls are all taken, and completes each call. */
static DWORD WINAPI complete_proc(void *arg)
{
    struct test_thread *thread = arg;
    struct round *round = thread->round;
    OVERLAPPED *overlapped;
    ULONG_PTR key;
    DWORD bytes;
    RPC_STATUS status;
    int reply;

    while (InterlockedIncrement(&round->taken) <= round->issued)
    {
        if (!GetQueuedCompletionStatus(round->port, &bytes, &key, &overlapped, WAIT_MS)) break;
        InterlockedIncrement(&round->notified);
        if (key >= round->count) continue;
        reply = -1;
        status = RpcAsyncCompleteCall(&round->states[key], &reply);
        if (status == RPC_S_OK && reply == (int)key) InterlockedIncrement(&round->right);
        else if (InterlockedIncrement(&round->wrong) == 1)
        {
            round->first_wrong_status = status;
            round->first_wrong_reply = reply;
            round->first_wrong_key = key;
        }
    }
    return 0;
}

/* Runs proc on TEST_THREADS threads, each given a slice of the round's tokens, and waits for them. */
static void run_test_threads(struct round *round, LPTHREAD_START_ROUTINE proc)
{
    struct test_thread threads[TEST_THREADS];
    HANDLE handles[TEST_THREADS];
    unsigned int i;

    for (i = 0; i < TEST_THREADS; i++)
    {
        threads[i].round = round;
        threads[i].first = round->count * i / TEST_THREADS;
        threads[i].end = round->count * (i + 1) / TEST_THREADS;
        if (!(handles[i] = CreateThread(NULL, 0, proc, &threads[i], 0, NULL))) proc(&threads[i]);
    }
    for (i = 0; i < TEST_THREADS; i++)
    {
        if (!handles[i]) continue;
        WaitForSingleObject(handles[i], INFINITE);
        CloseHandle(handles[i]);
    }
}

/* Asks the server how many calls it holds until it holds every one issued, up to WAIT_MS. */
static void wait_held(struct round *round)
{
    struct stub_call call = { round->binding, NULL, 0, -1 };
    DWORD start = GetTickCount(), code;

    while (!(code = call_stub(held_count_body, &call)) && call.result < round->issued
           && GetTickCount() - start < WAIT_MS)
        Sleep(20);
    round->held = code ? 0 : call.result;
    ok(round->held == (unsigned int)round->issued, "%s: the server holds %u of %ld calls (at_held_count raised %lu)\n",
       round->protseq, round->held, round->issued, code);
}

/* The server completes every held call; the client takes each notification and completes the call. */
static void complete_calls(struct round *round)
{
    struct stub_call call = { round->binding, NULL, 0, -1 };
    DWORD code;

    code = call_stub(release_all_body, &call);
    round->released = code ? 0 : call.result;
    ok(round->released == round->held, "%s: the server released %u of %u calls (at_release_all raised %lu)\n",
       round->protseq, round->released, round->held, code);
    run_test_threads(round, complete_proc);
    ok(round->notified == round->issued && round->right == round->issued,
       "%s: %ld calls notified, %ld completed right, of %ld\n", round->protseq, round->notified, round->right,
       round->issued);
    ok(!round->wrong, "%s: %ld calls completed wrong, the first (token %Iu) with %ld, reply %d\n", round->protseq,
       round->wrong, round->first_wrong_key, round->first_wrong_status, round->first_wrong_reply);
}

/* A whole round; the counts with the calls in flight are taken once the server holds them all. */
static void run_round(struct round *round)
{
    DWORD start = GetTickCount();

    round->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    run_test_threads(round, issue_proc);
    round->issue_ms = GetTickCount() - start;
    ok(!round->failed, "%s: %ld of %u calls raised, the first %lu\n", round->protseq, round->failed, round->count,
       round->first_raised);
    wait_held(round);
    round->hold_ms = GetTickCount() - start - round->issue_ms;
    take_counts(GetCurrentProcessId(), &round->client);
    take_counts(round->server_pid, &round->server);
    start = GetTickCount();
    complete_calls(round);
    round->release_ms = GetTickCount() - start;
    CloseHandle(round->port);
}

/* A round of count calls on a fresh binding, which is freed after; FALSE when the round failed. */
static BOOL bound_round(const char *protseq, const char *endpoint, DWORD server_pid, unsigned int count,
                        DWORD budget, struct round *round)
{
    memset(round, 0, sizeof(*round));
    round->protseq = protseq;
    round->server_pid = server_pid;
    round->count = count;
    round->deadline = GetTickCount() + budget;
    if (!(round->binding = test_if_bind(protseq, strcmp(protseq, "ncacn_ip_tcp") ? NULL : "127.0.0.1", endpoint)))
        return FALSE;
    round->states = HeapAlloc(GetProcessHeap(), 0, count * sizeof(*round->states));
    run_round(round);
    HeapFree(GetProcessHeap(), 0, round->states);
    RpcBindingFree(&round->binding);
    return round->issued && round->right == round->issued;
}

static void test_calls_in_flight(const char *protseq, const char *endpoint, DWORD server_pid, unsigned int calls)
{
    struct counts client_idle, server_idle, client_before, server_before, client_after, server_after;
    DWORD self = GetCurrentProcessId();
    struct round round;
    unsigned int n;

    take_counts(self, &client_idle);
    take_counts(server_pid, &server_idle);
    if (!bound_round(protseq, endpoint, server_pid, WARM_CALLS, WAIT_MS, &round)) return;
    settle_counts(self, client_idle.handles + HANDLE_SLACK, ~(SIZE_T)0, &client_before);
    settle_counts(server_pid, server_idle.handles + HANDLE_SLACK, ~(SIZE_T)0, &server_before);
    bound_round(protseq, endpoint, server_pid, calls, ISSUE_BUDGET_MS, &round);
    settle_counts(self, client_before.handles + HANDLE_SLACK, bytes_after(&client_before, &round.client),
                  &client_after);
    settle_counts(server_pid, server_before.handles + HANDLE_SLACK, bytes_after(&server_before, &round.server),
                  &server_after);
    n = round.issued;

    if (round.late)
        skip("%s: %u of %u calls issued within %u ms (a slow or busy machine); the checks are on those\n", protseq,
             n, calls, ISSUE_BUDGET_MS);
    trace("%s: %u calls in flight: issued in %lu ms, all held by the server %lu ms later, released and completed in "
          "%lu ms\n", protseq, n, round.issue_ms, round.hold_ms, round.release_ms);
    trace("%s: %u calls in flight: client threads %u -> %u, server threads %u -> %u\n", protseq, n,
          client_before.threads, round.client.threads, server_before.threads, round.server.threads);
    trace("%s: %u calls in flight: client handles %lu -> %lu -> %lu, server handles %lu -> %lu -> %lu\n", protseq, n,
          client_before.handles, round.client.handles, client_after.handles, server_before.handles,
          round.server.handles, server_after.handles);
    trace("%s: %u calls in flight: client private bytes %Iu -> %Iu -> %Iu, server %Iu -> %Iu -> %Iu\n", protseq, n,
          client_before.bytes, round.client.bytes, client_after.bytes, server_before.bytes, round.server.bytes,
          server_after.bytes);
    if (n)
        trace("%s: bytes per call in flight: client %Id, server %Id\n", protseq,
              ((SSIZE_T)round.client.bytes - (SSIZE_T)client_before.bytes) / (SSIZE_T)n,
              ((SSIZE_T)round.server.bytes - (SSIZE_T)server_before.bytes) / (SSIZE_T)n);

    ok(round.client.threads <= client_before.threads + THREAD_SLACK,
       "%s: the client ran %u threads with %u calls in flight (%u before)\n", protseq, round.client.threads, n,
       client_before.threads);
    ok(round.server.threads <= server_before.threads + THREAD_SLACK,
       "%s: the server ran %u threads with %u calls in flight (%u before)\n", protseq, round.server.threads, n,
       server_before.threads);
    /* Each call holds its own connection, at both ends: the calls were really in flight at once. */
    ok(round.client.handles >= client_before.handles + n && round.server.handles >= server_before.handles + n,
       "%s: client handles %lu -> %lu, server handles %lu -> %lu: fewer connections than calls\n", protseq,
       client_before.handles, round.client.handles, server_before.handles, round.server.handles);
    ok(client_after.handles <= client_before.handles + HANDLE_SLACK
       && server_after.handles <= server_before.handles + HANDLE_SLACK,
       "%s: once the calls are over, client handles %lu -> %lu, server handles %lu -> %lu\n", protseq,
       client_before.handles, client_after.handles, server_before.handles, server_after.handles);
    ok(client_after.bytes <= bytes_after(&client_before, &round.client)
       && server_after.bytes <= bytes_after(&server_before, &round.server),
       "%s: once the calls are over, client private bytes %Iu -> %Iu (%Iu allowed), server %Iu -> %Iu (%Iu allowed)\n",
       protseq, client_before.bytes, client_after.bytes, bytes_after(&client_before, &round.client),
       server_before.bytes, server_after.bytes, bytes_after(&server_before, &round.server));
}

/* How many calls the wineserver can hold on protseq: CALLS, fewer on TCP when its file descriptors are few. */
static unsigned int calls_for(const char *protseq)
{
    unsigned long limit = wine_fd_limit();
    unsigned int calls;

    if (strcmp(protseq, "ncacn_ip_tcp") || !limit || limit >= 2 * CALLS + FD_RESERVE) return CALLS;
    calls = limit > 2 * WARM_CALLS + FD_RESERVE ? (limit - FD_RESERVE) / 2 : 0;
    trace("%s: %u calls, not %u: each costs the wineserver 2 of its %lu file descriptors\n", protseq, calls, CALLS,
          limit);
    return calls;
}

void async_scale_unit(const char *unit, const char *protseq)
{
    struct server_child child = { 0 };
    char endpoint[64], role[96];
    unsigned int calls;
    WSADATA wsa;

    if (run_child(protseq)) return;
    if (test_target == TARGET_WINE_BUILTIN)
    {
        /* Tried with 20 calls: the server's RpcAsyncCompleteCall of a held call faults (at_release_all raises
         * 998) and the client's completions carry garbage replies. */
        skip("%s: Wine's builtin cannot: its server faults completing a held asynchronous call, and it runs a "
             "thread per call\n", protseq);
        return;
    }
    if (!(calls = calls_for(protseq)))
    {
        skip("%s: too few file descriptors for the wineserver\n", protseq);
        return;
    }
    WSAStartup(MAKEWORD(2, 2), &wsa);
    if (!strcmp(protseq, "ncacn_ip_tcp")) snprintf(endpoint, sizeof(endpoint), "%u", test_free_port());
    else snprintf(endpoint, sizeof(endpoint), "%s%s_%lu", strcmp(protseq, "ncacn_np") ? "" : "\\pipe\\", unit,
                  GetCurrentProcessId());
    snprintf(role, sizeof(role), "server %s", endpoint);
    if (server_child_start(&child, unit, CHILD_VARIABLE, role, WAIT_MS))
    {
        test_calls_in_flight(protseq, endpoint, child.info.dwProcessId, calls);
        server_child_stop(&child, WAIT_MS);
    }
    WSACleanup();
}
