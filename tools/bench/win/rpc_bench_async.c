/* rpc_bench_async.c: rpc_bench's [async] figures: calls/s with N in flight, bytes and threads per outstanding call. */
/* The client puts up to IN_FLIGHT ba_hold calls in flight through the [async] stubs of bench_async.idl,
 * as many as FILL_SECONDS let it issue (each opens a connection: a client connection carries one call at
 * a time). Once the server holds them all, the growth of each process's private bytes and threads since
 * before the first, divided by their number, is what one outstanding call costs there; a server that
 * answers held calls before their release (Wine's builtin) cannot be measured so. Then the server
 * completes them: each completion, notified on one I/O completion port, is completed there and followed
 * at once by a ba_add on the same RPC_ASYNC_STATE, which keeps as many calls in flight for the
 * calls-per-second figure. Prints
 *     in-flight ISSUED WANTED SECONDS (filled in S s | why it stopped short)
 *     per-call CLIENT_BYTES CLIENT_THREADS SERVER_BYTES SERVER_THREADS (N held: ...)
 *  or per-call cannot (REASON: ...)
 *     ok VALUE calls/s (best of ROUNDS rounds; CALLS calls in TIME s)
 * or a "failed: STATUS (WHAT)" line where it stops. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <rpc.h>
#include <rpcasync.h>
#include "bench_async.h"
#include "process_counts.h"
#include "rpc_bench.h"
#include "seh.h"

/* Generous: only there so that a runtime that loses a call fails instead of hanging. */
#define WAIT_MS 30000

void __RPC_FAR *__RPC_USER MIDL_user_allocate(size_t size)
{
    return HeapAlloc(GetProcessHeap(), 0, size);
}

void __RPC_USER MIDL_user_free(void __RPC_FAR *ptr)
{
    HeapFree(GetProcessHeap(), 0, ptr);
}

/* ---- The server ---- */

/* The calls ba_hold keeps pending, in a growing array. */
static CRITICAL_SECTION held_lock;
static PRPC_ASYNC_STATE *held;
static unsigned int held_count, held_capacity;

void srv_ba_add(PRPC_ASYNC_STATE async, handle_t h, int a, int b)
{
    int sum = a + b;

    (void)h;
    RpcAsyncCompleteCall(async, &sum);
}

void srv_ba_hold(PRPC_ASYNC_STATE async, handle_t h)
{
    PRPC_ASYNC_STATE *grown;
    unsigned int capacity;

    (void)h;
    EnterCriticalSection(&held_lock);
    if (held_count == held_capacity)
    {
        capacity = held_capacity ? 2 * held_capacity : 64;
        if (!(grown = realloc(held, capacity * sizeof(*held))))
        {
            LeaveCriticalSection(&held_lock);
            RpcAsyncAbortCall(async, ERROR_OUTOFMEMORY);
            return;
        }
        held = grown;
        held_capacity = capacity;
    }
    held[held_count++] = async;
    LeaveCriticalSection(&held_lock);
}

int srv_ba_release_all(handle_t h, int complete)
{
    PRPC_ASYNC_STATE *calls;
    unsigned int count, i;
    int result = 0;

    (void)h;
    EnterCriticalSection(&held_lock);
    calls = held;
    count = held_count;
    held = NULL;
    held_count = held_capacity = 0;
    LeaveCriticalSection(&held_lock);
    for (i = 0; complete && i < count; i++) RpcAsyncCompleteCall(calls[i], &result);
    free(calls);
    return (int)count;
}

int srv_ba_stats(handle_t h, int *count, hyper *private_bytes, int *threads)
{
    (void)h;
    EnterCriticalSection(&held_lock);
    *count = (int)held_count;
    LeaveCriticalSection(&held_lock);
    *private_bytes = process_private_bytes();
    *threads = (int)process_threads();
    return 0;
}

void bench_async_register(void)
{
    RPC_STATUS status;

    InitializeCriticalSection(&held_lock);
    if ((status = RpcServerRegisterIf(srv_bench_async_v1_0_s_ifspec, NULL, NULL)))
        bench_fail(status, "RpcServerRegisterIf(bench_async)");
}

/* ---- The client ---- */

/* The calls in flight: one RPC_ASYNC_STATE each, all notified on one port with their index as the key. */
struct window
{
    RPC_BINDING_HANDLE binding;
    HANDLE port;
    OVERLAPPED overlapped;
    RPC_ASYNC_STATE *states;
    int *expected;            /* each call's answer: a + b, or HELD for a held call */
    unsigned int size;        /* the states there are; the calls in flight once filled */
    unsigned int holds;       /* held calls not completed yet */
    int serial;               /* b of the next ba_add, so that a reply cannot pass for another's */
    BOOL check_holds;         /* a held call must answer 0 (FALSE once the server answered one early) */
};

#define HELD (-1)

struct issue
{
    struct window *window;
    unsigned int index;
    BOOL hold;
};

static void issue_body(void *arg)
{
    struct issue *issue = arg;
    struct window *window = issue->window;
    RPC_ASYNC_STATE *async = &window->states[issue->index];

    if (issue->hold) ba_hold(async, window->binding);
    else ba_add(async, window->binding, (int)issue->index, window->serial);
}

/* Issues ba_hold or ba_add on state index; what the stub raised, 0 when it issued the call. */
static DWORD issue_call(struct window *window, unsigned int index, BOOL hold)
{
    RPC_ASYNC_STATE *async = &window->states[index];
    struct issue issue = { window, index, hold };
    RPC_STATUS status;
    DWORD code;

    if ((status = RpcAsyncInitializeHandle(async, sizeof(*async)))) bench_fail(status, "RpcAsyncInitializeHandle");
    async->UserInfo = NULL;
    async->Flags = 0;
    async->NotificationType = RpcNotificationTypeIoc;
    async->u.IOC.hIOPort = window->port;
    async->u.IOC.dwNumberOfBytesTransferred = 0;
    async->u.IOC.dwCompletionKey = index;
    async->u.IOC.lpOverlapped = &window->overlapped;
    window->serial = window->serial % 1000 + 1;
    window->expected[index] = hold ? HELD : (int)index + window->serial;
    if (!seh_call(issue_body, &issue, NULL, NULL, &code)) return code;
    if (hold) window->holds++;
    return 0;
}

/* Waits up to timeout ms for the next completion and completes that call, which must bring its answer;
 * its index, or size when none came in time. */
static unsigned int complete_next(struct window *window, DWORD timeout)
{
    OVERLAPPED *overlapped;
    RPC_STATUS status;
    ULONG_PTR key;
    DWORD bytes;
    int reply = -1;

    if (!GetQueuedCompletionStatus(window->port, &bytes, &key, &overlapped, timeout))
    {
        if (GetLastError() == WAIT_TIMEOUT && timeout != WAIT_MS) return window->size;
        bench_fail(GetLastError(), "no completion notified within 30 s");
    }
    if (key >= window->size) bench_fail(key, "completion key");
    if ((status = RpcAsyncCompleteCall(&window->states[key], &reply))) bench_fail(status, "RpcAsyncCompleteCall");
    if (window->expected[key] == HELD)
    {
        window->holds--;
        if (window->check_holds && reply) bench_fail(reply, "reply of a held call");
    }
    else if (reply != window->expected[key]) bench_fail(reply, "reply");
    return key;
}

/* One call completed, and a ba_add issued in its place. */
static void window_round_trip(void *context, const unsigned char *data, unsigned int size)
{
    struct window *window = context;
    DWORD code;

    (void)data; (void)size;
    if ((code = issue_call(window, complete_next(window, WAIT_MS), FALSE))) bench_fail(code, "ba_add");
}

/* What a process holds: private bytes and threads. */
struct usage
{
    LONGLONG bytes;
    int threads;
};

static void client_usage(struct usage *usage)
{
    usage->bytes = process_private_bytes();
    usage->threads = (int)process_threads();
}

/* The server's usage now; its count of held calls. */
static int server_usage(struct window *window, struct usage *usage)
{
    hyper bytes = 0;
    int count = 0, threads = 0;

    ba_stats(window->binding, &count, &bytes, &threads);
    usage->bytes = bytes;
    usage->threads = threads;
    return count;
}

/* Waits until the server holds count calls; its usage then. */
static void wait_held(struct window *window, int count, struct usage *usage)
{
    DWORD start = GetTickCount();
    int now;

    while ((now = server_usage(window, usage)) < count)
    {
        if (GetTickCount() - start > WAIT_MS) bench_fail(now, "calls held by the server after 30 s");
        Sleep(10);
    }
}

/* Issues up to size held calls, for fill_seconds at most; how many it issued, and on the line "in-flight
 * ISSUED WANTED SECONDS (why it stopped short)". */
static unsigned int fill(struct window *window, double fill_seconds)
{
    DWORD start = GetTickCount(), code = 0;
    unsigned int issued = 0;
    double seconds;

    while (issued < window->size && GetTickCount() - start < fill_seconds * 1000
           && !(code = issue_call(window, issued, TRUE)))
        issued++;
    seconds = (GetTickCount() - start) / 1000.0;
    printf("in-flight %u %u %.1f", issued, window->size, seconds);
    if (issued == window->size) printf(" (filled in %.1f s)\n", seconds);
    else if (code) printf(" (the call after %u failed: %lu)\n", issued, code);
    else printf(" (the fill stops after %g s)\n", fill_seconds);
    if (!issued) bench_fail(code, "ba_hold");
    return issued;
}

int bench_async_client(const char *protseq, const char *endpoint, unsigned int in_flight, double seconds,
                       double fill_seconds)
{
    struct usage client_before, client_during, server_before, server_during;
    struct window window = { .size = in_flight, .check_holds = TRUE };
    struct bench_figure figure;
    unsigned int early, i;
    int base_held;
    DWORD code;

    window.binding = bench_bind(protseq, endpoint);
    if (!(window.port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1)))
        bench_fail(GetLastError(), "CreateIoCompletionPort");
    window.states = calloc(in_flight, sizeof(*window.states));
    window.expected = calloc(in_flight, sizeof(*window.expected));
    if (!window.states || !window.expected) bench_fail(ERROR_OUTOFMEMORY, "calloc");

    /* a first call, so that what a runtime sets up once is not counted per call */
    if ((code = issue_call(&window, 0, FALSE))) bench_fail(code, "ba_add");
    complete_next(&window, WAIT_MS);
    base_held = server_usage(&window, &server_before);
    client_usage(&client_before);

    /* the cost of each held call, unless the server answers them without being told to */
    window.size = fill(&window, fill_seconds);
    wait_held(&window, base_held + (int)window.size, &server_during);
    client_usage(&client_during);
    window.check_holds = FALSE;
    while (window.holds && (i = complete_next(&window, 100)) < window.size)
        if ((code = issue_call(&window, i, FALSE))) bench_fail(code, "ba_add");
    early = window.size - window.holds;
    if (early)
    {
        printf("per-call cannot (answers held calls at once: %u of %u answered before their release)\n", early,
               window.size);
        ba_release_all(window.binding, FALSE);
    }
    else
    {
        printf("per-call %.0f %.3f %.0f %.3f (%u held: client %+lld bytes %+d threads, server %+lld bytes %+d "
               "threads)\n",
               (double)(client_during.bytes - client_before.bytes) / window.size,
               (double)(client_during.threads - client_before.threads) / window.size,
               (double)(server_during.bytes - server_before.bytes) / window.size,
               (double)(server_during.threads - server_before.threads) / window.size, window.size,
               client_during.bytes - client_before.bytes, client_during.threads - client_before.threads,
               server_during.bytes - server_before.bytes, server_during.threads - server_before.threads);
        window.check_holds = TRUE;
        ba_release_all(window.binding, TRUE);
    }

    /* each held call completed is followed by a ba_add, which keeps the window full */
    while (window.holds) window_round_trip(&window, NULL, 0);
    bench_measure(seconds, window_round_trip, &window, NULL, 0, &figure);
    bench_print_figure(&figure, 0);
    for (i = 0; i < window.size; i++) complete_next(&window, WAIT_MS);
    CloseHandle(window.port);
    free(window.states);
    free(window.expected);
    RpcBindingFree(&window.binding);
    return 0;
}
