/* engine.c: tests of the completion-port engine (linked into the test program): completions, I/O, timers, workers. */
#include <stdio.h>
#include <windows.h>
#include "engine.h"
#include "process_counts.h"
#include "test.h"

/* Generous: only there so that a broken engine fails instead of hanging. */
#define WAIT_MS 30000

/* A request that records how it completed. */
struct test_request
{
    struct engine_request request;
    LONG completions;
    HANDLE done;                /* set at each completion, when not NULL */
};

static void record_complete(struct engine_request *request)
{
    struct test_request *test = CONTAINING_RECORD(request, struct test_request, request);
    InterlockedIncrement(&test->completions);
    if (test->done) SetEvent(test->done);
}

static void init_request(struct test_request *test, void (*complete)(struct engine_request *), const char *name)
{
    memset(test, 0, sizeof(*test));
    test->request.complete = complete;
    test->request.name = name;
    test->done = CreateEventW(NULL, FALSE, FALSE, NULL);
}

static BOOL wait_done(struct test_request *test)
{
    return WaitForSingleObject(test->done, WAIT_MS) == WAIT_OBJECT_0;
}

static unsigned int baseline_threads;   /* before the engine started */
static struct engine_stats stats;

/* Polls until the pool has this many threads, and the process the matching count; FALSE after WAIT_MS. */
static BOOL wait_threads(unsigned int threads)
{
    DWORD start = GetTickCount();
    do
    {
        engine_get_stats(&stats);
        if (stats.threads == threads && process_threads() == baseline_threads + threads) return TRUE;
        Sleep(50);
    } while (GetTickCount() - start < WAIT_MS);
    return FALSE;
}

static void test_start(void)
{
    unsigned int processors = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS), threads;
    RPC_STATUS status;

    baseline_threads = process_threads();
    status = engine_start();
    ok(status == RPC_S_OK, "engine_start: %ld\n", status);
    status = engine_start();
    ok(status == RPC_S_OK, "engine_start again: %ld\n", status);
    engine_get_stats(&stats);
    ok(stats.workers == processors, "%u workers for %u processors\n", stats.workers, processors);
    ok(stats.threads == stats.workers, "%u threads, %u workers\n", stats.threads, stats.workers);
    ok(stats.blocked == 0, "%u blocked\n", stats.blocked);
    threads = process_threads();
    ok(threads == baseline_threads + stats.workers, "%u threads in the process, %u before the engine\n",
       threads, baseline_threads);
    trace("%u processors, %u workers, %u threads before the engine, %u after\n", processors, stats.workers,
          baseline_threads, threads);
}

/* 100,000 requests posted from several threads, each completed exactly once with its status and bytes. */
#define POST_THREADS 4
#define POST_COUNT   100000

struct posted
{
    struct engine_request request;
    LONG completions;
    DWORD index;
};
static struct posted *posted;
static LONG posted_total, posted_wrong;
static HANDLE posted_done;

static void posted_complete(struct engine_request *request)
{
    struct posted *item = CONTAINING_RECORD(request, struct posted, request);
    if (request->status != item->index % 1000 || request->bytes != item->index) InterlockedIncrement(&posted_wrong);
    InterlockedIncrement(&item->completions);
    if (InterlockedIncrement(&posted_total) == POST_COUNT) SetEvent(posted_done);
}

static DWORD WINAPI post_thread(void *arg)
{
    unsigned int i, first = (ULONG_PTR)arg * (POST_COUNT / POST_THREADS);
    for (i = first; i < first + POST_COUNT / POST_THREADS; i++) engine_post(&posted[i].request, i % 1000, i);
    return 0;
}

static void test_post_many(void)
{
    HANDLE threads[POST_THREADS];
    unsigned int i, once = 0, other = 0;
    DWORD wait;

    posted = calloc(POST_COUNT, sizeof(*posted));
    posted_done = CreateEventW(NULL, TRUE, FALSE, NULL);
    for (i = 0; i < POST_COUNT; i++)
    {
        posted[i].request.complete = posted_complete;
        posted[i].request.name = "posted";
        posted[i].index = i;
    }
    for (i = 0; i < POST_THREADS; i++) threads[i] = CreateThread(NULL, 0, post_thread, (void *)(ULONG_PTR)i, 0, NULL);
    WaitForMultipleObjects(POST_THREADS, threads, TRUE, WAIT_MS);
    wait = WaitForSingleObject(posted_done, WAIT_MS);
    ok(wait == WAIT_OBJECT_0, "wait: %lu, %ld of %u completed\n", wait, posted_total, POST_COUNT);
    for (i = 0; i < POST_COUNT; i++)
        if (posted[i].completions == 1) once++;
        else other++;
    ok(once == POST_COUNT && other == 0, "%u completed once, %u not (of %u)\n", once, other, POST_COUNT);
    ok(posted_wrong == 0, "%ld completions with the wrong status or bytes\n", posted_wrong);
    ok(posted_total == POST_COUNT, "%ld completions in all\n", posted_total);
    trace("%ld posted requests completed\n", posted_total);
    for (i = 0; i < POST_THREADS; i++) CloseHandle(threads[i]);
    CloseHandle(posted_done);
    free(posted);
}

static void pipe_name(WCHAR *name, size_t size, const char *kind)
{
    static unsigned int serial;
    swprintf(name, size, L"\\\\.\\pipe\\rpcrt4_engine_test_%lu_%hs_%u", GetCurrentProcessId(), kind, serial++);
}

/* A connected pipe pair, both ends overlapped and attached to the engine. */
static BOOL make_pipe(DWORD mode, HANDLE *server, HANDLE *client)
{
    DWORD read_mode = PIPE_READMODE_MESSAGE;
    RPC_STATUS status;
    WCHAR name[128];

    pipe_name(name, ARRAYSIZE(name), mode & PIPE_TYPE_MESSAGE ? "message" : "byte");
    *server = CreateNamedPipeW(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE,
                               mode, 1, 4096, 4096, 0, NULL);
    ok(*server != INVALID_HANDLE_VALUE, "CreateNamedPipe: error %lu\n", GetLastError());
    *client = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
    ok(*client != INVALID_HANDLE_VALUE, "CreateFile: error %lu\n", GetLastError());
    if (*server == INVALID_HANDLE_VALUE || *client == INVALID_HANDLE_VALUE) return FALSE;
    if (mode & PIPE_TYPE_MESSAGE) SetNamedPipeHandleState(*client, &read_mode, NULL, NULL);
    status = engine_attach(*server);
    ok(status == RPC_S_OK, "attach server end: %ld\n", status);
    status = engine_attach(*client);
    ok(status == RPC_S_OK, "attach client end: %ld\n", status);
    return TRUE;
}

/* Starts an overlapped operation the engine way: a synchronous failure is posted, everything else
 * (success, pending, ERROR_MORE_DATA) completes through the port. */
static void start_io(BOOL (WINAPI *io)(HANDLE, void *, DWORD, DWORD *, OVERLAPPED *), HANDLE handle, void *buffer,
                     DWORD size, struct test_request *test)
{
    DWORD error;
    if (io(handle, buffer, size, NULL, &test->request.overlapped)) return;
    error = GetLastError();
    if (error != ERROR_IO_PENDING && error != ERROR_MORE_DATA) engine_post(&test->request, error, 0);
}

static BOOL WINAPI read_file(HANDLE handle, void *buffer, DWORD size, DWORD *done, OVERLAPPED *overlapped)
{
    return ReadFile(handle, buffer, size, done, overlapped);
}

static BOOL WINAPI write_file(HANDLE handle, void *buffer, DWORD size, DWORD *done, OVERLAPPED *overlapped)
{
    return WriteFile(handle, buffer, size, done, overlapped);
}

static void test_pipe_io(void)
{
    static char message[] = "thirty-seven bytes through the engine";
    struct test_request read, write, fence;
    HANDLE server, client;
    char buffer[100];
    RPC_STATUS status;

    status = engine_attach((HANDLE)(ULONG_PTR)0xdead0);
    ok(status == RPC_S_INVALID_ARG, "attach a bogus handle: %ld\n", status);
    if (!make_pipe(PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT, &server, &client)) return;
    status = engine_attach(server);
    ok(status == RPC_S_INVALID_ARG, "attach twice: %ld\n", status);

    /* A pending read, then a write that satisfies it: both complete with their byte counts. */
    init_request(&read, record_complete, "read");
    init_request(&write, record_complete, "write");
    memset(buffer, 0, sizeof(buffer));
    start_io(read_file, server, buffer, sizeof(buffer), &read);
    start_io(write_file, client, message, sizeof(message) - 1, &write);
    ok(wait_done(&write), "write never completed\n");
    ok(wait_done(&read), "read never completed\n");
    ok(write.completions == 1 && write.request.status == ERROR_SUCCESS && write.request.bytes == 37,
       "write: %ld completions, status %lu, %lu bytes\n", write.completions, write.request.status, write.request.bytes);
    ok(read.completions == 1 && read.request.status == ERROR_SUCCESS && read.request.bytes == 37,
       "read: %ld completions, status %lu, %lu bytes\n", read.completions, read.request.status, read.request.bytes);
    ok(!memcmp(buffer, message, 37), "read %.37s\n", buffer);

    /* The other end goes away under a pending read: its Win32 error arrives through the port. */
    init_request(&read, record_complete, "read");
    start_io(read_file, server, buffer, sizeof(buffer), &read);
    CloseHandle(client);
    ok(wait_done(&read), "read never completed\n");
    ok(read.completions == 1 && read.request.status == ERROR_BROKEN_PIPE && read.request.bytes == 0,
       "broken pipe: %ld completions, status %lu, %lu bytes\n", read.completions, read.request.status,
       read.request.bytes);

    /* A synchronous failure, queued with engine_post, takes the same path once, with its status. */
    init_request(&read, record_complete, "read");
    start_io(read_file, server, buffer, sizeof(buffer), &read);
    ok(wait_done(&read), "read never completed\n");
    init_request(&fence, record_complete, "fence");
    engine_post(&fence.request, ERROR_SUCCESS, 0);
    ok(wait_done(&fence), "fence never completed\n");
    ok(read.completions == 1 && read.request.status == ERROR_BROKEN_PIPE && read.request.bytes == 0,
       "synchronous failure: %ld completions, status %lu, %lu bytes\n", read.completions, read.request.status,
       read.request.bytes);
    CloseHandle(server);
}

/* Message mode: a read shorter than the message ends with ERROR_MORE_DATA and its bytes, pending or not. */
static void test_pipe_message(void)
{
    static char message[50] = "a fifty-byte message";
    struct test_request read, write, more;
    char buffer[100];
    HANDLE server, client;

    if (!make_pipe(PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT, &server, &client)) return;
    init_request(&read, record_complete, "read");
    init_request(&write, record_complete, "write");
    init_request(&more, record_complete, "read rest");
    start_io(read_file, server, buffer, 20, &read);
    start_io(write_file, client, message, sizeof(message), &write);
    ok(wait_done(&write), "write never completed\n");
    ok(wait_done(&read), "read never completed\n");
    ok(read.completions == 1 && read.request.status == ERROR_MORE_DATA && read.request.bytes == 20,
       "pending short read: %ld completions, status %lu, %lu bytes\n", read.completions, read.request.status,
       read.request.bytes);
    start_io(read_file, server, buffer + 20, 80, &more);
    ok(wait_done(&more), "read never completed\n");
    ok(more.completions == 1 && more.request.status == ERROR_SUCCESS && more.request.bytes == 30,
       "rest: %ld completions, status %lu, %lu bytes\n", more.completions, more.request.status, more.request.bytes);
    ok(!memcmp(buffer, message, 50), "message %.50s\n", buffer);

    /* The message is there before the read: ReadFile fails with ERROR_MORE_DATA and still completes. */
    init_request(&read, record_complete, "read");
    init_request(&write, record_complete, "write");
    start_io(write_file, client, message, sizeof(message), &write);
    ok(wait_done(&write), "write never completed\n");
    start_io(read_file, server, buffer, 20, &read);
    ok(wait_done(&read), "read never completed\n");
    ok(read.completions == 1 && read.request.status == ERROR_MORE_DATA && read.request.bytes == 20,
       "immediate short read: %ld completions, status %lu, %lu bytes\n", read.completions, read.request.status,
       read.request.bytes);
    CloseHandle(client);
    CloseHandle(server);
}

/* Requests whose complete() holds its worker, marked blocking, until released. */
static HANDLE hold_release, hold_entered_event;
static LONG hold_entered, hold_target, hold_left;

static void hold_complete(struct engine_request *request)
{
    engine_enter_blocking();
    if (InterlockedIncrement(&hold_entered) == hold_target) SetEvent(hold_entered_event);
    WaitForSingleObject(hold_release, WAIT_MS);
    engine_leave_blocking();
    InterlockedIncrement(&hold_left);
    (void)request;
}

static struct test_request *hold_requests;

/* Posts count holding requests and waits until wait_for of them hold their worker. */
static BOOL hold_workers(unsigned int count, unsigned int wait_for)
{
    unsigned int i;

    hold_requests = calloc(count ? count : 1, sizeof(*hold_requests));
    hold_release = CreateEventW(NULL, TRUE, FALSE, NULL);
    hold_entered_event = CreateEventW(NULL, TRUE, !wait_for, NULL);
    hold_entered = hold_left = 0;
    hold_target = wait_for;
    for (i = 0; i < count; i++)
    {
        hold_requests[i].request.complete = hold_complete;
        hold_requests[i].request.name = "hold";
        engine_post(&hold_requests[i].request, ERROR_SUCCESS, 0);
    }
    return WaitForSingleObject(hold_entered_event, WAIT_MS) == WAIT_OBJECT_0;
}

static void release_workers(unsigned int count)
{
    DWORD start = GetTickCount();
    SetEvent(hold_release);
    while ((unsigned int)hold_left < count && GetTickCount() - start < WAIT_MS) Sleep(10);
    ok(hold_left == (LONG)count, "%ld of %u held requests ended\n", hold_left, count);
    CloseHandle(hold_release);
    CloseHandle(hold_entered_event);
    free(hold_requests);
}

/* Timers run in deadline order: all workers but one are held, so the one left runs every callback. */
#define ORDER_TIMERS 20
static struct engine_timer order_timers[ORDER_TIMERS];
static LONG order_next, order_seen[ORDER_TIMERS], order_early;
static HANDLE order_done;

static void order_callback(struct engine_timer *timer)
{
    LONG position = InterlockedIncrement(&order_next) - 1;
    if (GetTickCount64() < timer->due) InterlockedIncrement(&order_early);
    order_seen[position] = timer - order_timers;
    if (position == ORDER_TIMERS - 1) SetEvent(order_done);
}

static void test_timer_order(void)
{
    unsigned int i, in_order = 0, workers;
    RPC_STATUS status;
    char seen[ORDER_TIMERS * 4 + 1] = "";

    engine_get_stats(&stats);
    workers = stats.workers;
    ok(hold_workers(workers - 1, workers - 1), "%ld of %u workers held\n", hold_entered, workers - 1);
    order_done = CreateEventW(NULL, TRUE, FALSE, NULL);
    /* Timer i is due at 10 * (i + 1) ms; they start in a scrambled order (7 is prime to 20). */
    for (i = 0; i < ORDER_TIMERS; i++)
    {
        unsigned int index = (i * 7) % ORDER_TIMERS;
        engine_timer_init(&order_timers[index], order_callback, "order");
        status = engine_timer_start(&order_timers[index], 10 * (index + 1));
        ok(status == RPC_S_OK, "start timer %u: %ld\n", index, status);
    }
    ok(WaitForSingleObject(order_done, WAIT_MS) == WAIT_OBJECT_0, "%ld of %u timers ran\n", order_next,
       ORDER_TIMERS);
    for (i = 0; i < ORDER_TIMERS; i++)
    {
        if (order_seen[i] == (LONG)i) in_order++;
        sprintf(seen + strlen(seen), " %ld", order_seen[i]);
    }
    ok(in_order == ORDER_TIMERS, "order:%s\n", seen);
    ok(order_early == 0, "%ld callbacks ran before their deadline\n", order_early);
    trace("timers ran in the order%s\n", seen);
    release_workers(workers - 1);
    CloseHandle(order_done);
}

/* Cancels, with the answer each state gives. */
static LONG cancel_runs;
static HANDLE cancel_ran, gate_running, gate_open;
static struct engine_timer cancel_timer;
static enum engine_timer_cancel cancel_inside;

static void cancel_callback(struct engine_timer *timer)
{
    (void)timer;
    InterlockedIncrement(&cancel_runs);
    SetEvent(cancel_ran);
}

/* Holds the one free worker without marking it blocking: nothing else is dequeued meanwhile. */
static void gate_complete(struct engine_request *request)
{
    (void)request;
    SetEvent(gate_running);
    WaitForSingleObject(gate_open, WAIT_MS);
}

static void cancel_from_worker(struct engine_request *request)
{
    cancel_inside = engine_timer_cancel(&cancel_timer);
    record_complete(request);
}

static void test_timer_cancel(void)
{
    enum engine_timer_cancel result;
    struct test_request gate, canceller;
    unsigned int workers;
    RPC_STATUS status;

    cancel_ran = CreateEventW(NULL, FALSE, FALSE, NULL);
    engine_timer_init(&cancel_timer, cancel_callback, "cancel");
    result = engine_timer_cancel(&cancel_timer);
    ok(result == ENGINE_TIMER_IDLE, "cancel a timer never started: %d\n", result);

    /* Before it fires: cancelled, and the callback never runs. */
    status = engine_timer_start(&cancel_timer, 60000);
    ok(status == RPC_S_OK, "start: %ld\n", status);
    status = engine_timer_start(&cancel_timer, 10);
    ok(status == RPC_S_INVALID_ARG, "start a pending timer: %ld\n", status);
    engine_get_stats(&stats);
    ok(stats.timers == 1, "%u timers pending\n", stats.timers);
    result = engine_timer_cancel(&cancel_timer);
    ok(result == ENGINE_TIMER_CANCELLED, "cancel a pending timer: %d\n", result);
    result = engine_timer_cancel(&cancel_timer);
    ok(result == ENGINE_TIMER_IDLE, "cancel it again: %d\n", result);
    engine_get_stats(&stats);
    ok(stats.timers == 0, "%u timers pending\n", stats.timers);

    /* After it fired: idle, the callback ran once. */
    status = engine_timer_start(&cancel_timer, 0);
    ok(status == RPC_S_OK, "start: %ld\n", status);
    ok(WaitForSingleObject(cancel_ran, WAIT_MS) == WAIT_OBJECT_0, "the timer never ran\n");
    result = engine_timer_cancel(&cancel_timer);
    ok(result == ENGINE_TIMER_IDLE, "cancel a timer that ran: %d\n", result);
    ok(cancel_runs == 1, "callback ran %ld times\n", cancel_runs);

    /* Due but its callback not yet run: queued, and the callback still runs. One free worker is held by a
     * gate while the timer is started and a request that cancels it is posted behind the timer's wake-up;
     * once the gate opens, that worker dequeues both, queues the due timer, then runs the cancel. */
    engine_get_stats(&stats);
    workers = stats.workers;
    ok(hold_workers(workers - 1, workers - 1), "%ld of %u workers held\n", hold_entered, workers - 1);
    gate_running = CreateEventW(NULL, TRUE, FALSE, NULL);
    gate_open = CreateEventW(NULL, TRUE, FALSE, NULL);
    init_request(&gate, gate_complete, "gate");
    init_request(&canceller, cancel_from_worker, "canceller");
    engine_post(&gate.request, ERROR_SUCCESS, 0);
    ok(WaitForSingleObject(gate_running, WAIT_MS) == WAIT_OBJECT_0, "the gate never ran\n");
    status = engine_timer_start(&cancel_timer, 0);
    ok(status == RPC_S_OK, "start: %ld\n", status);
    engine_post(&canceller.request, ERROR_SUCCESS, 0);
    SetEvent(gate_open);
    ok(wait_done(&canceller), "the canceller never ran\n");
    ok(cancel_inside == ENGINE_TIMER_QUEUED, "cancel a due timer: %d\n", cancel_inside);
    ok(WaitForSingleObject(cancel_ran, WAIT_MS) == WAIT_OBJECT_0, "the queued timer never ran\n");
    ok(cancel_runs == 2, "callback ran %ld times\n", cancel_runs);
    release_workers(workers - 1);
    CloseHandle(gate_running);
    CloseHandle(gate_open);
    CloseHandle(cancel_ran);
}

/* Every worker blocked: a spare runs new completions; spares are bounded and retire when idle. */
static void test_blocking(void)
{
    struct test_request probe;
    unsigned int workers, threads, total;

    engine_get_stats(&stats);
    workers = stats.workers;
    ok(hold_workers(workers, workers), "%ld of %u workers held\n", hold_entered, workers);
    init_request(&probe, record_complete, "probe");
    engine_post(&probe.request, ERROR_SUCCESS, 0);
    ok(wait_done(&probe), "no spare ran the probe\n");
    engine_get_stats(&stats);
    threads = process_threads();
    ok(stats.threads == workers + 1 && stats.blocked == workers, "%u threads, %u blocked, %u workers\n",
       stats.threads, stats.blocked, workers);
    ok(threads == baseline_threads + workers + 1, "%u threads in the process (%u before the engine)\n", threads,
       baseline_threads);
    trace("all %u workers blocked: %u pool threads, %u in the process\n", workers, stats.threads, threads);
    release_workers(workers);
    ok(wait_threads(workers), "spare never retired: %u threads, %u in the process\n", stats.threads,
       process_threads() - baseline_threads);

    /* Spares block too: each gets a spare of its own, up to the bound; the rest wait in the port. */
    total = workers + ENGINE_MAX_SPARES + 3;
    ok(hold_workers(total, workers + ENGINE_MAX_SPARES), "%ld of %u held\n", hold_entered,
       workers + ENGINE_MAX_SPARES);
    Sleep(200);
    engine_get_stats(&stats);
    threads = process_threads();
    ok(stats.threads == workers + ENGINE_MAX_SPARES && stats.blocked == stats.threads && hold_entered == (LONG)stats.threads,
       "%u threads, %u blocked, %ld held\n", stats.threads, stats.blocked, hold_entered);
    ok(threads == baseline_threads + workers + ENGINE_MAX_SPARES, "%u threads in the process\n", threads);
    trace("%u held: %u pool threads, %u blocked, %u in the process\n", total, stats.threads, stats.blocked, threads);
    release_workers(total);
    ok(wait_threads(workers), "spares never retired: %u threads, %u in the process\n", stats.threads,
       process_threads() - baseline_threads);
    trace("after release: %u pool threads, %u in the process\n", stats.threads, process_threads());
}

/* 10,000 reads pending on pipes and 10,000 timers pending: no thread per request. */
#define LOAD_PIPES 10
#define LOAD_READS 1000

struct load_read
{
    struct engine_request request;
    unsigned char byte;
    unsigned int index;
};
static LONG load_done, load_wrong;
static HANDLE load_event;

static void load_complete(struct engine_request *request)
{
    struct load_read *read = CONTAINING_RECORD(request, struct load_read, request);
    if (request->status || request->bytes != 1 || read->byte != (unsigned char)read->index)
        InterlockedIncrement(&load_wrong);
    if (InterlockedIncrement(&load_done) == LOAD_PIPES * LOAD_READS) SetEvent(load_event);
}

static void load_timer_callback(struct engine_timer *timer)
{
    (void)timer;
}

static void test_load(void)
{
    static unsigned char data[LOAD_READS];
    struct load_read *reads = calloc(LOAD_PIPES * LOAD_READS, sizeof(*reads));
    struct engine_timer *timers = calloc(LOAD_PIPES * LOAD_READS, sizeof(*timers));
    HANDLE servers[LOAD_PIPES], clients[LOAD_PIPES];
    unsigned int i, j, threads, pending = 0, cancelled = 0;
    DWORD written;

    load_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    for (i = 0; i < LOAD_READS; i++) data[i] = i;
    for (i = 0; i < LOAD_PIPES; i++)
    {
        if (!make_pipe(PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT, &servers[i], &clients[i])) return;
        for (j = 0; j < LOAD_READS; j++)
        {
            struct load_read *read = &reads[i * LOAD_READS + j];
            read->request.complete = load_complete;
            read->request.name = "load read";
            read->index = j;
            if (ReadFile(servers[i], &read->byte, 1, NULL, &read->request.overlapped) || GetLastError() == ERROR_IO_PENDING)
                pending++;
            else engine_post(&read->request, GetLastError(), 0);
        }
    }
    for (i = 0; i < LOAD_PIPES * LOAD_READS; i++)
    {
        engine_timer_init(&timers[i], load_timer_callback, "load");
        engine_timer_start(&timers[i], 600000 + (i * 7919) % 60000);
    }
    engine_get_stats(&stats);
    threads = process_threads();
    ok(pending == LOAD_PIPES * LOAD_READS, "%u reads pending\n", pending);
    ok(stats.timers == LOAD_PIPES * LOAD_READS, "%u timers pending\n", stats.timers);
    ok(threads == baseline_threads + stats.workers, "%u threads in the process, %u workers, %u before\n", threads,
       stats.workers, baseline_threads);
    trace("%u reads and %u timers pending: %u threads in the process (%u before the engine, %u workers)\n",
          pending, stats.timers, threads, baseline_threads, stats.workers);

    for (i = 0; i < LOAD_PIPES * LOAD_READS; i += 2)
        if (engine_timer_cancel(&timers[i]) == ENGINE_TIMER_CANCELLED) cancelled++;
    for (i = 1; i < LOAD_PIPES * LOAD_READS; i += 2)
        if (engine_timer_cancel(&timers[i]) == ENGINE_TIMER_CANCELLED) cancelled++;
    ok(cancelled == LOAD_PIPES * LOAD_READS, "%u timers cancelled\n", cancelled);
    for (i = 0; i < LOAD_PIPES; i++)
        ok(WriteFile(clients[i], data, LOAD_READS, &written, NULL), "WriteFile: error %lu\n", GetLastError());
    ok(WaitForSingleObject(load_event, WAIT_MS) == WAIT_OBJECT_0, "%ld reads completed\n", load_done);
    ok(load_done == LOAD_PIPES * LOAD_READS, "%ld reads completed\n", load_done);
    ok(load_wrong == 0, "%ld reads with the wrong status, count or byte\n", load_wrong);
    engine_get_stats(&stats);
    ok(stats.timers == 0, "%u timers pending\n", stats.timers);
    ok(process_threads() == threads, "%u threads after, %u during\n", process_threads(), threads);
    for (i = 0; i < LOAD_PIPES; i++)
    {
        CloseHandle(clients[i]);
        CloseHandle(servers[i]);
    }
    CloseHandle(load_event);
    free(timers);
    free(reads);
}

START_TEST(engine)
{
    test_start();
    test_post_many();
    test_pipe_io();
    test_pipe_message();
    test_timer_order();
    test_timer_cancel();
    test_blocking();
    test_load();
}
