/* client_call.c: the client's per-call object: issue the request, take the outcome, end the call. */
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include "async_notify.h"
#include "call_state.h"
#include "cancel.h"
#include "client_call.h"
#include "client_conn.h"
#include "handle.h"
#include "portable_alloc.h"
#include "server.h"
#include "trace.h"

struct client_call
{
    struct handle_header header;      /* first; references: the owner's, one per sink callback to come */
    struct client_call_sink sink;     /* what the connection calls back */
    SRWLOCK lock;                     /* guards the fields below */
    CONDITION_VARIABLE finished_cv;
    struct call_state_machine machine;
    struct rpc_binding *binding;      /* a reference */
    struct client_conn *conn;         /* held until the call ends */
    BOOL has_object;                  /* object overrides the binding's object UUID */
    UUID object;
    BOOL finished;                    /* the outcome is in */
    BOOL send_stepped;                /* the request's send completion went through the machine */
    uint8_t *reply;
    size_t reply_length;
    ULONG data_representation;
    RPC_ASYNC_STATE *async;           /* an asynchronous call's state, NULL for a synchronous one */
    struct async_notifier notifier;
    /* a synchronous call waiting for its reply, on the waiting threads' list (RpcCancelThread) */
    struct client_call *next_waiting;
    DWORD waiting_thread;
    DWORD cancel_timeout;             /* the waiting thread's RpcMgmtSetCancelTimeout, in ms */
    BOOL cancelled;                   /* a co_cancel went out: abort at cancel_deadline */
    ULONGLONG cancel_deadline;        /* 0: never */
};

/* Synchronous calls waiting for their reply, by thread. */
static SRWLOCK waiting_lock = SRWLOCK_INIT;
static struct client_call *waiting_calls;

static void call_destroy(struct handle_header *header)
{
    struct client_call *call = (struct client_call *)header;

    portable_free(call->reply);
    async_notify_release(&call->notifier);
    binding_release(call->binding);
    portable_free(call);
}

static void call_unref(struct client_call *call)
{
    handle_release(&call->header);
}

struct client_call *client_call_lookup(void *handle)
{
    return (struct client_call *)handle_lookup(handle, HANDLE_TYPE_CLIENT_CALL);
}

void client_call_release(struct client_call *call)
{
    call_unref(call);
}

/* Applies one event to the call's machine and returns what the entry point answers; the caller holds
 * the lock, and delivers the notification result->notify names (when result is not NULL) after
 * releasing it. */
static RPC_STATUS step_full(struct client_call *call, enum call_event event, RPC_STATUS event_status,
                            struct call_step *result)
{
    struct call_step local;
    enum call_state before = call->machine.state;

    if (!result) result = &local;
    call_state_step(&call->machine, event, event_status, result);
    TRACE(TRACE_CALL, "call %p: %s --%s--> %s (%s) = %ld", call, call_state_name(before), call_event_name(event),
          call_state_name(call->machine.state), call_action_name(result->action), (long)result->status);
    return result->status;
}

static RPC_STATUS step(struct client_call *call, enum call_event event, RPC_STATUS event_status)
{
    return step_full(call, event, event_status, NULL);
}

/* Delivers the notification a step warranted, outside the lock; a synchronous call has none. */
static void notify(struct client_call *call, const struct call_step *result)
{
    if (!call->async || result->notify == CALL_NOTIFY_NONE) return;
    async_notify_deliver(&call->notifier, call->async,
                         result->notify == CALL_NOTIFY_CALL_COMPLETE ? RpcCallComplete : RpcSendComplete);
}

/* Steps the request's send completion once, whichever of its write completion and the reply is
 * processed first; the caller holds the lock and delivers the notification. */
static void step_sent(struct client_call *call, struct call_step *result)
{
    result->notify = CALL_NOTIFY_NONE;
    if (!call->async || call->send_stepped) return;
    call->send_stepped = TRUE;
    step_full(call, CALL_EVENT_SEND_COMPLETE, RPC_S_OK, result);
}

static void sink_finished(struct client_call_sink *sink, RPC_STATUS status, uint8_t *reply, size_t length,
                          ULONG data_representation)
{
    struct client_call *call = CONTAINING_RECORD(sink, struct client_call, sink);
    struct call_step sent, result;

    AcquireSRWLockExclusive(&call->lock);
    /* a reply means the whole request went out, even when its write completion is still queued */
    if (status == RPC_S_OK) step_sent(call, &sent);
    else sent.notify = CALL_NOTIFY_NONE;
    call->reply = reply;
    call->reply_length = length;
    call->data_representation = data_representation;
    call->finished = TRUE;
    if (status == RPC_S_OK) step_full(call, CALL_EVENT_REPLY_ARRIVED, RPC_S_OK, &result);
    else step_full(call, CALL_EVENT_FAILURE_ARRIVED, status, &result);
    WakeAllConditionVariable(&call->finished_cv);
    ReleaseSRWLockExclusive(&call->lock);
    if (status == RPC_S_OK) InterlockedIncrement(&server_stats[SERVER_STAT_CALLS_OUT]);
    notify(call, &sent);
    notify(call, &result);
    call_unref(call);
}

static void sink_sent(struct client_call_sink *sink, DWORD status)
{
    struct client_call *call = CONTAINING_RECORD(sink, struct client_call, sink);
    struct call_step result;

    if (status != ERROR_SUCCESS) TRACE(TRACE_CALL, "call %p: request not sent, error %lu", call, status);
    else if (call->async)
    {
        AcquireSRWLockExclusive(&call->lock);
        step_sent(call, &result);
        ReleaseSRWLockExclusive(&call->lock);
        notify(call, &result);
    }
    call_unref(call);
}

RPC_STATUS client_call_create(struct rpc_binding *binding, const RPC_CLIENT_INTERFACE *client_if,
                              struct client_call **result)
{
    struct client_call *call;
    RPC_STATUS status;

    *result = NULL;
    if (!(call = portable_alloc(sizeof(*call)))) return RPC_S_OUT_OF_MEMORY;
    memset(call, 0, sizeof(*call));
    if ((status = client_conn_acquire(binding, client_if, &call->conn)) != RPC_S_OK)
    {
        portable_free(call);
        return status;
    }
    call->sink.finished = sink_finished;
    call->sink.sent = sink_sent;
    handle_init(&call->header, HANDLE_TYPE_CLIENT_CALL, call_destroy);
    InitializeSRWLock(&call->lock);
    InitializeConditionVariable(&call->finished_cv);
    call_state_init(&call->machine, CALL_SIDE_CLIENT);
    handle_addref(&binding->header);
    call->binding = binding;
    handle_register(&call->header);
    *result = call;
    return RPC_S_OK;
}

const RPC_SYNTAX_IDENTIFIER *client_call_transfer_syntax(const struct client_call *call)
{
    return client_conn_transfer_syntax(call->conn);
}

void client_call_set_object(struct client_call *call, const UUID *object)
{
    call->object = *object;
    call->has_object = TRUE;
}

RPC_STATUS client_call_send(struct client_call *call, unsigned int opnum, const void *stub, size_t length)
{
    UUID object = call->object;
    RPC_STATUS status;

    if (call->machine.state != CALL_CLIENT_MAKE_CALL) return RPC_S_INTERNAL_ERROR;
    if (!call->has_object)
    {
        AcquireSRWLockShared(&call->binding->lock);
        object = call->binding->object;
        ReleaseSRWLockShared(&call->binding->lock);
    }
    handle_addref(&call->header);   /* for finished */
    handle_addref(&call->header);   /* for sent */
    /* The lock is held while the request goes out, so that a reply arriving at once finds the call issued. */
    AcquireSRWLockExclusive(&call->lock);
    status = client_conn_start_call(call->conn, opnum, &object, stub, length, &call->sink);
    if (status == RPC_S_OK) step(call, CALL_EVENT_ISSUED, RPC_S_OK);
    else
    {
        InterlockedExchangeAdd(&call->header.refcount, -2);
        /* the caller hands the failure on at once (the stub raises it): the call ends */
        step(call, CALL_EVENT_ISSUE_RAISED, status);
    }
    ReleaseSRWLockExclusive(&call->lock);
    return status;
}

/* Hands the outcome over (the COMPLETE_CALLED step); the caller holds the lock. */
static RPC_STATUS take_outcome(struct client_call *call, void **reply, size_t *length, ULONG *data_representation)
{
    RPC_STATUS status = step(call, CALL_EVENT_COMPLETE_CALLED, RPC_S_OK);

    if (status == RPC_S_OK)
    {
        *reply = call->reply;
        *length = call->reply_length;
        *data_representation = call->data_representation;
        call->reply = NULL;
    }
    return status;
}

/* Puts the call on the waiting list (waiting TRUE) or takes it off. */
static void set_waiting(struct client_call *call, BOOL waiting)
{
    struct client_call **entry;

    AcquireSRWLockExclusive(&waiting_lock);
    if (waiting)
    {
        call->waiting_thread = GetCurrentThreadId();
        call->cancel_timeout = cancel_timeout_of_this_thread();
        call->next_waiting = waiting_calls;
        waiting_calls = call;
    }
    else
    {
        for (entry = &waiting_calls; *entry; entry = &(*entry)->next_waiting)
        {
            if (*entry != call) continue;
            *entry = call->next_waiting;
            break;
        }
    }
    ReleaseSRWLockExclusive(&waiting_lock);
}

RPC_STATUS client_call_wait(struct client_call *call, void **reply, size_t *length, ULONG *data_representation)
{
    RPC_STATUS status;
    ULONGLONG deadline = 0, now, until;
    DWORD timeout;
    BOOL aborted = FALSE;

    *reply = NULL;
    *length = 0;
    /* RpcBindingSetOption(RPC_C_OPT_CALL_TIMEOUT): milliseconds, 0 or INFINITE for none, ignored for local
     * (ncalrpc) calls, as documented. When it passes without an answer, the call's connection is aborted
     * and the call ends with RPC_S_CALL_CANCELLED (status_map: a cancelled I/O). A cancel
     * (RpcCancelThread) that the server leaves unanswered past its timeout ends it the same way. */
    AcquireSRWLockShared(&call->binding->lock);
    timeout = (DWORD)call->binding->options[RPC_C_OPT_CALL_TIMEOUT];
    if (timeout && timeout != INFINITE && call->binding->protseq != PROTSEQ_NCALRPC)
        deadline = GetTickCount64() + timeout;
    ReleaseSRWLockShared(&call->binding->lock);
    set_waiting(call, TRUE);
    AcquireSRWLockExclusive(&call->lock);
    while (!call->finished && call->machine.state == CALL_CLIENT_WAIT)
    {
        now = GetTickCount64();
        until = deadline;
        if (call->cancel_deadline && (!until || call->cancel_deadline < until)) until = call->cancel_deadline;
        if (until && now >= until && !aborted)
        {
            TRACE(TRACE_CALL, "call %p: %s, aborting", call, until == deadline ? "call timeout passed"
                                                                               : "cancel unanswered");
            client_conn_abort(call->conn);
            aborted = TRUE;
        }
        SleepConditionVariableSRW(&call->finished_cv, &call->lock, until && !aborted ? (DWORD)(until - now) : INFINITE,
                                  0);
    }
    status = take_outcome(call, reply, length, data_representation);
    ReleaseSRWLockExclusive(&call->lock);
    set_waiting(call, FALSE);
    return status;
}

RPC_STATUS client_call_cancel_thread(DWORD thread_id, const DWORD *timeout)
{
    struct client_call *call;
    DWORD timeout_ms;

    AcquireSRWLockShared(&waiting_lock);
    for (call = waiting_calls; call; call = call->next_waiting)
        if (call->waiting_thread == thread_id) break;
    if (call) handle_addref(&call->header);
    ReleaseSRWLockShared(&waiting_lock);
    if (!call) return RPC_S_OK;   /* no call in progress on that thread: nothing to cancel */
    timeout_ms = timeout ? *timeout : call->cancel_timeout;
    AcquireSRWLockExclusive(&call->lock);
    if (call->machine.state == CALL_CLIENT_WAIT && !call->cancelled)
    {
        TRACE(TRACE_CALL, "call %p on thread %lu: cancelled, %lu ms for the server to answer", call, thread_id,
              timeout_ms);
        call->cancelled = TRUE;
        client_conn_send_cancel(call->conn, FALSE);
        if (timeout_ms != INFINITE) call->cancel_deadline = GetTickCount64() + timeout_ms + !timeout_ms;
        WakeAllConditionVariable(&call->finished_cv);
    }
    ReleaseSRWLockExclusive(&call->lock);
    call_unref(call);
    return RPC_S_OK;
}

void client_call_set_async(struct client_call *call, RPC_ASYNC_STATE *async, const struct async_notifier *notifier)
{
    call->notifier = *notifier;
    call->async = async;
}

RPC_STATUS client_call_status(struct client_call *call)
{
    RPC_STATUS status;

    AcquireSRWLockExclusive(&call->lock);
    status = step(call, CALL_EVENT_GET_STATUS, RPC_S_OK);
    ReleaseSRWLockExclusive(&call->lock);
    return status;
}

RPC_STATUS client_call_take(struct client_call *call, void **reply, size_t *length, ULONG *data_representation)
{
    RPC_STATUS status;

    *reply = NULL;
    *length = 0;
    AcquireSRWLockExclusive(&call->lock);
    status = take_outcome(call, reply, length, data_representation);
    ReleaseSRWLockExclusive(&call->lock);
    return status;
}

RPC_STATUS client_call_cancel(struct client_call *call, BOOL abortive)
{
    struct call_step result;
    RPC_STATUS status;

    AcquireSRWLockExclusive(&call->lock);
    status = step_full(call, abortive ? CALL_EVENT_ABORTIVE_CANCEL : CALL_EVENT_CANCEL, RPC_S_OK, &result);
    /* the cancel PDU goes out under the lock, so that it cannot overtake the request's last fragment */
    if (result.action == CALL_ACTION_SEND_CO_CANCEL || result.action == CALL_ACTION_SEND_ORPHANED)
        client_conn_send_cancel(call->conn, result.action == CALL_ACTION_SEND_ORPHANED);
    ReleaseSRWLockExclusive(&call->lock);
    notify(call, &result);
    return status;
}

void client_call_free(struct client_call *call)
{
    BOOL clean;

    AcquireSRWLockExclusive(&call->lock);
    /* A reply or fault came back, or nothing was sent: the connection is clean. Anything else (a call
     * still in flight, a connection lost) closes it. */
    clean = call->finished || call->machine.state == CALL_CLIENT_MAKE_CALL;
    step(call, CALL_EVENT_FREED, RPC_S_OK);
    ReleaseSRWLockExclusive(&call->lock);
    client_conn_release(call->conn, clean);
    if (handle_unregister(&call->header)) call_unref(call);
}
