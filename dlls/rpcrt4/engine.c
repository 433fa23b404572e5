/* engine.c: the process's I/O completion port, its worker pool and the one dequeue loop that runs every completion. */
#include <windows.h>
#include <winternl.h>
#include <rpc.h>
#include "engine.h"
#include "trace.h"

/* Shutdown: there is none. engine_start pins the module, so FreeLibrary never unloads code that workers
 * run; at process exit Windows ends the workers before DLL_PROCESS_DETACH, and the port, the threads and
 * the timer heap go with the process. DllMain never touches the engine, so nothing ever waits for a
 * thread under the loader lock. */

/* Completions dequeued at once by a worker. */
#define BATCH 16

/* The completion key tells where a packet's status is. */
enum completion_key
{
    KEY_IO,        /* overlapped I/O on an attached handle: the NTSTATUS in the OVERLAPPED's Internal */
    KEY_POSTED,    /* engine_post: already in the request */
    KEY_WAKE,      /* no request: a worker is to dequeue again with a fresh timeout */
};

/* A worker thread's state, on its own stack; reached through worker_tls from code it runs. */
struct worker
{
    OVERLAPPED_ENTRY entries[BATCH];
    ULONG count;             /* entries dequeued */
    ULONG next;              /* the entry to run next */
    BOOL blocking;           /* between engine_enter_blocking and engine_leave_blocking */
    ULONGLONG last_work;     /* when it last dequeued a completion */
};

static INIT_ONCE start_once = INIT_ONCE_STATIC_INIT;
static RPC_STATUS start_status;
static HANDLE port;
static DWORD worker_tls = TLS_OUT_OF_INDEXES;
static ULONG (WINAPI *status_to_error)(NTSTATUS status);

/* The pool: workers (the base size), threads alive or being started, threads blocked. */
static SRWLOCK pool_lock = SRWLOCK_INIT;
static unsigned int pool_workers, pool_threads, pool_blocked;

/* The Win32 error of an overlapped operation's final NTSTATUS (a warning such as STATUS_BUFFER_OVERFLOW
 * becomes ERROR_MORE_DATA, with its bytes transferred). */
static DWORD io_status(const OVERLAPPED *overlapped)
{
    NTSTATUS status = (NTSTATUS)overlapped->Internal;
    return status ? status_to_error(status) : ERROR_SUCCESS;
}

static void dispatch(const OVERLAPPED_ENTRY *entry)
{
    struct engine_request *request;

    if (entry->lpCompletionKey == KEY_WAKE) return;
    request = CONTAINING_RECORD(entry->lpOverlapped, struct engine_request, overlapped);
    if (entry->lpCompletionKey == KEY_IO) request->status = io_status(entry->lpOverlapped);
    request->bytes = entry->dwNumberOfBytesTransferred;
    TRACE(TRACE_ENGINE, "%s %p: status %lu, %lu bytes", request->name, request, request->status, request->bytes);
    request->complete(request);
}

/* The port refuses a packet only when the system lacks memory; a packet must never be lost, so wait. */
static void post(ULONG_PTR key, DWORD bytes, OVERLAPPED *overlapped)
{
    while (!PostQueuedCompletionStatus(port, bytes, key, overlapped))
    {
        TRACE(TRACE_ENGINE, "PostQueuedCompletionStatus: error %lu, retrying", GetLastError());
        Sleep(1);
    }
}

void engine_post(struct engine_request *request, DWORD status, DWORD bytes)
{
    TRACE(TRACE_ENGINE, "%s %p: status %lu, %lu bytes", request->name, request, status, bytes);
    request->status = status;
    post(KEY_POSTED, bytes, &request->overlapped);
}

void engine_wake(void)
{
    post(KEY_WAKE, 0, NULL);
}

/* Whether the pool has more workers free to dequeue than its base size (so one may retire). */
static BOOL surplus(void)
{
    BOOL result;
    AcquireSRWLockShared(&pool_lock);
    result = pool_threads - pool_blocked > pool_workers;
    ReleaseSRWLockShared(&pool_lock);
    return result;
}

/* After an idle wait: TRUE when the worker has had no work for ENGINE_SPARE_IDLE_MS and the pool can spare
 * it; it is then no longer counted. */
static BOOL retire(const struct worker *worker)
{
    BOOL result;
    if (GetTickCount64() - worker->last_work < ENGINE_SPARE_IDLE_MS) return FALSE;
    AcquireSRWLockExclusive(&pool_lock);
    if ((result = pool_threads - pool_blocked > pool_workers)) pool_threads--;
    ReleaseSRWLockExclusive(&pool_lock);
    return result;
}

/* The one dequeue loop: batches of completions, each fed to its request's complete(). */
static DWORD WINAPI worker_main(void *arg)
{
    struct worker worker = { .last_work = GetTickCount64() };
    DWORD timeout;

    (void)arg;
    TlsSetValue(worker_tls, &worker);
    TRACE(TRACE_ENGINE, "worker started");
    for (;;)
    {
        timeout = engine_timers_before_wait(&worker);
        if (timeout > ENGINE_SPARE_IDLE_MS && surplus()) timeout = ENGINE_SPARE_IDLE_MS;
        if (!GetQueuedCompletionStatusEx(port, worker.entries, BATCH, &worker.count, timeout, FALSE))
            worker.count = 0;   /* WAIT_TIMEOUT: the port is never closed */
        engine_timers_after_wait(&worker);
        if (worker.count)
        {
            worker.last_work = GetTickCount64();
            for (worker.next = 0; worker.next < worker.count;) dispatch(&worker.entries[worker.next++]);
        }
        else if (retire(&worker)) break;
    }
    engine_timers_kick();
    TRACE(TRACE_ENGINE, "worker retired");
    return 0;
}

/* Starts one worker thread, already counted in pool_threads. */
static BOOL start_thread(void)
{
    HANDLE thread = CreateThread(NULL, 0, worker_main, NULL, 0, NULL);
    if (!thread)
    {
        TRACE(TRACE_ENGINE, "CreateThread: error %lu", GetLastError());
        return FALSE;
    }
    CloseHandle(thread);
    return TRUE;
}

/* Uncounts a thread that start_thread could not start. */
static void thread_not_started(void)
{
    AcquireSRWLockExclusive(&pool_lock);
    pool_threads--;
    ReleaseSRWLockExclusive(&pool_lock);
}

static BOOL CALLBACK start_engine(INIT_ONCE *once, void *param, void **context)
{
    unsigned int i, count = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS), started = 0;
    HMODULE module;

    (void)once; (void)param; (void)context;
    start_status = RPC_S_OUT_OF_RESOURCES;
    status_to_error = (void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlNtStatusToDosError");
    /* Workers run this module's code until the process ends: it must never be unloaded under them. */
    if (!status_to_error
        || !GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                               (const WCHAR *)start_engine, &module)
        || (worker_tls = TlsAlloc()) == TLS_OUT_OF_INDEXES
        || !(port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0)))
    {
        TRACE(TRACE_ENGINE, "no engine: error %lu", GetLastError());
        return TRUE;
    }
    if (!count) count = 1;
    AcquireSRWLockExclusive(&pool_lock);
    pool_workers = pool_threads = count;
    ReleaseSRWLockExclusive(&pool_lock);
    for (i = 0; i < count; i++)
    {
        if (start_thread()) started++;
        else thread_not_started();
    }
    TRACE(TRACE_ENGINE, "port %p, %u of %u workers", port, started, count);
    if (started) start_status = RPC_S_OK;
    return TRUE;
}

RPC_STATUS engine_start(void)
{
    InitOnceExecuteOnce(&start_once, start_engine, NULL, NULL);
    return start_status;
}

RPC_STATUS engine_attach(HANDLE handle)
{
    RPC_STATUS status;
    DWORD error;

    if ((status = engine_start())) return status;
    if (CreateIoCompletionPort(handle, port, KEY_IO, 0) != port)
    {
        error = GetLastError();
        TRACE(TRACE_ENGINE, "handle %p: error %lu", handle, error);
        if (error == ERROR_NOT_ENOUGH_MEMORY || error == ERROR_OUTOFMEMORY || error == ERROR_NO_SYSTEM_RESOURCES)
            return RPC_S_OUT_OF_RESOURCES;
        return RPC_S_INVALID_ARG;
    }
    /* Nobody waits on the handle itself; only a handle type that cannot skip the event refuses. */
    if (!SetFileCompletionNotificationModes(handle, FILE_SKIP_SET_EVENT_ON_HANDLE))
        TRACE(TRACE_ENGINE, "handle %p: FILE_SKIP_SET_EVENT_ON_HANDLE refused: error %lu", handle, GetLastError());
    TRACE(TRACE_ENGINE, "handle %p attached", handle);
    return RPC_S_OK;
}

/* Hands the completions the worker dequeued but has not run back to the port, in order; any the port
 * refuses stay in the batch. */
static void hand_back(struct worker *worker)
{
    ULONG i;
    const OVERLAPPED_ENTRY *entry;

    for (i = worker->next; i < worker->count; i++)
    {
        entry = &worker->entries[i];
        if (!PostQueuedCompletionStatus(port, entry->dwNumberOfBytesTransferred, entry->lpCompletionKey,
                                        entry->lpOverlapped))
            break;
    }
    worker->next = i;
}

void engine_enter_blocking(void)
{
    struct worker *worker = worker_tls == TLS_OUT_OF_INDEXES ? NULL : TlsGetValue(worker_tls);
    BOOL spare = FALSE;

    if (!worker || worker->blocking) return;
    worker->blocking = TRUE;
    hand_back(worker);
    AcquireSRWLockExclusive(&pool_lock);
    pool_blocked++;
    if (pool_blocked == pool_threads && pool_threads < pool_workers + ENGINE_MAX_SPARES)
    {
        pool_threads++;
        spare = TRUE;
    }
    ReleaseSRWLockExclusive(&pool_lock);
    TRACE(TRACE_ENGINE, "blocking%s", spare ? ", starting a spare" : "");
    if (spare && !start_thread()) thread_not_started();
    engine_timers_kick();
}

void engine_leave_blocking(void)
{
    struct worker *worker = worker_tls == TLS_OUT_OF_INDEXES ? NULL : TlsGetValue(worker_tls);

    if (!worker || !worker->blocking) return;
    worker->blocking = FALSE;
    AcquireSRWLockExclusive(&pool_lock);
    pool_blocked--;
    ReleaseSRWLockExclusive(&pool_lock);
    TRACE(TRACE_ENGINE, "no longer blocking");
}

void engine_get_stats(struct engine_stats *stats)
{
    AcquireSRWLockShared(&pool_lock);
    stats->workers = pool_workers;
    stats->threads = pool_threads;
    stats->blocked = pool_blocked;
    ReleaseSRWLockShared(&pool_lock);
    stats->timers = engine_timers_pending();
}
