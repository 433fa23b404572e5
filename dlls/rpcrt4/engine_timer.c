/* engine_timer.c: the engine's one-shot timers: a min-heap of deadlines, kept by the worker waiting on the soonest. */
#include <windows.h>
#include <rpc.h>
#include "engine.h"
#include "trace.h"

enum timer_state
{
    TIMER_IDLE,      /* not in the heap, nothing queued */
    TIMER_PENDING,   /* in the heap */
    TIMER_QUEUED,    /* due: its request is in the port, its callback about to run */
};

/* The pending timers, soonest deadline first at heap[0]; each knows its heap_index. */
static SRWLOCK timer_lock = SRWLOCK_INIT;
static struct engine_timer **heap;
static unsigned int heap_count, heap_size;
/* The worker that waits with heap[0]'s deadline as its timeout, or NULL. */
static const void *keeper;

static void heap_set(unsigned int index, struct engine_timer *timer)
{
    heap[index] = timer;
    timer->heap_index = index;
}

/* Puts timer at index or above it, moving later deadlines down. */
static void sift_up(unsigned int index, struct engine_timer *timer)
{
    unsigned int parent;

    while (index)
    {
        parent = (index - 1) / 2;
        if (heap[parent]->due <= timer->due) break;
        heap_set(index, heap[parent]);
        index = parent;
    }
    heap_set(index, timer);
}

/* Puts timer at index or below it, moving earlier deadlines up. */
static void sift_down(unsigned int index, struct engine_timer *timer)
{
    unsigned int child;

    while ((child = 2 * index + 1) < heap_count)
    {
        if (child + 1 < heap_count && heap[child + 1]->due < heap[child]->due) child++;
        if (timer->due <= heap[child]->due) break;
        heap_set(index, heap[child]);
        index = child;
    }
    heap_set(index, timer);
}

static void heap_remove(struct engine_timer *timer)
{
    struct engine_timer *last = heap[--heap_count];
    unsigned int index = timer->heap_index;

    if (last == timer) return;
    if (index && last->due < heap[(index - 1) / 2]->due) sift_up(index, last);
    else sift_down(index, last);
}

static BOOL heap_grow(void)
{
    unsigned int size = heap_size ? heap_size * 2 : 64;
    struct engine_timer **grown;

    if (size > ~0u / 2 / sizeof(*heap)) return FALSE;
    if (heap) grown = HeapReAlloc(GetProcessHeap(), 0, heap, size * sizeof(*heap));
    else grown = HeapAlloc(GetProcessHeap(), 0, size * sizeof(*heap));
    if (!grown) return FALSE;
    heap = grown;
    heap_size = size;
    return TRUE;
}

static void timer_complete(struct engine_request *request)
{
    struct engine_timer *timer = CONTAINING_RECORD(request, struct engine_timer, request);

    AcquireSRWLockExclusive(&timer_lock);
    timer->state = TIMER_IDLE;
    ReleaseSRWLockExclusive(&timer_lock);
    timer->callback(timer);
}

void engine_timer_init(struct engine_timer *timer, void (*callback)(struct engine_timer *timer), const char *name)
{
    memset(timer, 0, sizeof(*timer));
    timer->request.complete = timer_complete;
    timer->request.name = name;
    timer->callback = callback;
    timer->state = TIMER_IDLE;
}

RPC_STATUS engine_timer_start(struct engine_timer *timer, DWORD ms)
{
    RPC_STATUS status;
    BOOL soonest;

    if ((status = engine_start())) return status;
    AcquireSRWLockExclusive(&timer_lock);
    if (timer->state != TIMER_IDLE) status = RPC_S_INVALID_ARG;
    else if (heap_count == heap_size && !heap_grow()) status = RPC_S_OUT_OF_MEMORY;
    else
    {
        timer->due = GetTickCount64() + ms;
        timer->state = TIMER_PENDING;
        sift_up(heap_count++, timer);
    }
    /* A new soonest deadline: the keeper waits for a later one, so a fresh worker takes over. */
    if ((soonest = !status && heap[0] == timer)) keeper = NULL;
    ReleaseSRWLockExclusive(&timer_lock);
    TRACE(TRACE_ENGINE, "%s %p: %lu ms: status %ld", timer->request.name, timer, ms, status);
    if (soonest) engine_wake();
    return status;
}

enum engine_timer_cancel engine_timer_cancel(struct engine_timer *timer)
{
    enum engine_timer_cancel result = ENGINE_TIMER_IDLE;

    AcquireSRWLockExclusive(&timer_lock);
    if (timer->state == TIMER_PENDING)
    {
        heap_remove(timer);
        timer->state = TIMER_IDLE;
        result = ENGINE_TIMER_CANCELLED;
    }
    else if (timer->state == TIMER_QUEUED) result = ENGINE_TIMER_QUEUED;
    ReleaseSRWLockExclusive(&timer_lock);
    TRACE(TRACE_ENGINE, "%s %p: %s", timer->request.name, timer,
          result == ENGINE_TIMER_CANCELLED ? "cancelled" : result == ENGINE_TIMER_QUEUED ? "queued" : "idle");
    return result;
}

DWORD engine_timers_before_wait(const void *worker)
{
    DWORD timeout = INFINITE;
    ULONGLONG now;

    AcquireSRWLockExclusive(&timer_lock);
    if (heap_count && !keeper)
    {
        keeper = worker;
        now = GetTickCount64();
        if (heap[0]->due <= now) timeout = 0;
        else timeout = heap[0]->due - now < INFINITE ? heap[0]->due - now : INFINITE - 1;
    }
    ReleaseSRWLockExclusive(&timer_lock);
    return timeout;
}

void engine_timers_after_wait(const void *worker)
{
    struct engine_timer *timer;
    ULONGLONG now;

    AcquireSRWLockExclusive(&timer_lock);
    if (keeper == worker) keeper = NULL;
    if (heap_count)
    {
        now = GetTickCount64();
        while (heap_count && heap[0]->due <= now)
        {
            timer = heap[0];
            heap_remove(timer);
            timer->state = TIMER_QUEUED;
            engine_post(&timer->request, ERROR_SUCCESS, 0);
        }
    }
    ReleaseSRWLockExclusive(&timer_lock);
}

void engine_timers_kick(void)
{
    BOOL wake;

    AcquireSRWLockShared(&timer_lock);
    wake = heap_count && !keeper;
    ReleaseSRWLockShared(&timer_lock);
    if (wake) engine_wake();
}

unsigned int engine_timers_pending(void)
{
    unsigned int count;

    AcquireSRWLockShared(&timer_lock);
    count = heap_count;
    ReleaseSRWLockShared(&timer_lock);
    return count;
}
