/* engine.h: the process's one I/O completion port, its worker pool and its timers: every completion lands here. */
#ifndef RPCRT4_ENGINE_H
#define RPCRT4_ENGINE_H

#include <windows.h>
#include <rpc.h>

/* One asynchronous operation. Its outcome lives beside its OVERLAPPED: when the operation ends, a worker
 * sets status and bytes and calls complete() exactly once, whether the operation completed through the
 * port (overlapped I/O on an attached handle) or was queued with engine_post (a synchronous failure, or
 * work handed to a worker). The owner keeps the request alive, and does not reuse it, until complete()
 * has been called. complete() runs on an engine worker and should not block; code that may block (a
 * server routine running user code) is wrapped in engine_enter_blocking/engine_leave_blocking. */
struct engine_request
{
    OVERLAPPED overlapped;   /* passed to ReadFile, WriteFile, ConnectNamedPipe, WSARecv ...; zero it first */
    DWORD status;            /* set before complete(): ERROR_SUCCESS or the operation's Win32 error
                              * (ERROR_MORE_DATA is a partial message read: bytes are valid) */
    DWORD bytes;             /* set before complete(): the bytes transferred */
    void (*complete)(struct engine_request *request);
    const char *name;        /* what the request is, for traces ("np read", "tcp write") */
};

/* Creates the port and starts the workers, once per process; later calls return the first answer.
 * Must not be called from DllMain. Pins the DLL so that workers never run unloaded code (there is no
 * shutdown: the workers end with the process).
 * RPC_S_OK; RPC_S_OUT_OF_RESOURCES when the port, or not even one worker, could be created. */
RPC_STATUS engine_start(void);

/* Associates a handle opened for overlapped I/O (file, pipe, socket) with the port: from then on every
 * overlapped operation on it whose OVERLAPPED is an engine_request's completes through the engine, even
 * when it succeeds at once. A handle is attached once, and detaches when it is closed. Starts the engine
 * if needed.
 * RPC_S_OK; RPC_S_INVALID_ARG for a handle that is invalid or already attached to a port;
 * RPC_S_OUT_OF_RESOURCES when the engine could not start or the system lacks memory. */
RPC_STATUS engine_attach(HANDLE handle);

/* Queues request's completion with the given status and byte count, as though an operation had ended
 * with them: a synchronous failure takes the same path as every other outcome. Never fails. Needs a
 * started engine; request must not be in flight.
 * Post only real synchronous failures: an overlapped call on an attached handle that succeeds at once, or
 * fails with ERROR_IO_PENDING or a warning such as ERROR_MORE_DATA, completes through the port anyway. */
void engine_post(struct engine_request *request, DWORD status, DWORD bytes);

/* Tells the engine that the calling worker may block for a while (it runs user code). When no other
 * worker would be left to dequeue completions, a spare is started (up to ENGINE_MAX_SPARES); surplus
 * workers retire after ENGINE_SPARE_IDLE_MS without work. Completions the worker had dequeued but not yet
 * run are handed back to the port (to the back of its queue) first, so they do not wait behind it. Pairs with engine_leave_blocking;
 * does nothing on a thread that is not an engine worker, or when already inside a pair. */
void engine_enter_blocking(void);
void engine_leave_blocking(void);

#define ENGINE_MAX_SPARES    64
#define ENGINE_SPARE_IDLE_MS 2000

/* A snapshot of the pool, for tests and traces. */
struct engine_stats
{
    unsigned int workers;     /* the base pool size: one per active processor */
    unsigned int threads;     /* worker threads alive now, spares included */
    unsigned int blocked;     /* workers between engine_enter_blocking and engine_leave_blocking */
    unsigned int timers;      /* timers pending */
};
void engine_get_stats(struct engine_stats *stats);

/* A one-shot timer whose callback runs on an engine worker, delivered through the port like any other
 * completion. States: idle (after engine_timer_init, a successful cancel, or once its callback has begun),
 * pending (started), queued (due, callback about to run). The owner keeps the timer alive until it is
 * idle and its callback has returned. */
struct engine_timer
{
    struct engine_request request;                  /* owned by the engine */
    void (*callback)(struct engine_timer *timer);
    ULONGLONG due;                                  /* GetTickCount64() deadline; owned by the engine */
    unsigned int heap_index;                        /* owned by the engine */
    LONG state;                                     /* owned by the engine */
};

/* Makes an idle timer that will call callback; name is for traces. */
void engine_timer_init(struct engine_timer *timer, void (*callback)(struct engine_timer *timer), const char *name);

/* Arms an idle timer: its callback runs once, on a worker, no earlier than ms milliseconds from now.
 * Timers are queued in deadline order (those queued together may run concurrently on several workers; equal
 * deadlines in no set order). The callback may start its timer again. Starts the engine if needed. To move
 * a deadline: cancel, then start.
 * RPC_S_OK; RPC_S_INVALID_ARG when the timer is not idle; RPC_S_OUT_OF_MEMORY when the pending set could
 * not grow; RPC_S_OUT_OF_RESOURCES when the engine could not start. The timer stays as it was on failure. */
RPC_STATUS engine_timer_start(struct engine_timer *timer, DWORD ms);

/* What engine_timer_cancel found. */
enum engine_timer_cancel
{
    ENGINE_TIMER_CANCELLED,   /* it was pending and is now idle: its callback will not run */
    ENGINE_TIMER_QUEUED,      /* it was due: its callback will still run; free the timer from there */
    ENGINE_TIMER_IDLE,        /* it was idle: never started, already cancelled, or its callback has begun */
};

/* Stops a pending timer. Safe to call in any state and from any thread, its callback included. */
enum engine_timer_cancel engine_timer_cancel(struct engine_timer *timer);

/* Between engine.c and engine_timer.c only. The soonest deadline is kept by one worker at a time: the one
 * that waits with it as its dequeue timeout; the others wait without one. */
/* Queues a packet that wakes one worker, so that it dequeues again with a fresh timeout. */
void engine_wake(void);
/* The dequeue timeout of worker, about to wait: until the soonest deadline when it becomes the keeper,
 * INFINITE otherwise. */
DWORD engine_timers_before_wait(const void *worker);
/* After worker's wait: ends its keeping and queues the callbacks of every timer now due. */
void engine_timers_after_wait(const void *worker);
/* Wakes a worker to keep the timers when some are pending and no worker is waiting on them (the caller is
 * about to block, or to exit). */
void engine_timers_kick(void);
/* How many timers are pending. */
unsigned int engine_timers_pending(void);

#endif
