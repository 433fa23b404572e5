/* call_state.c: the per-call state x event table of asynchronous RPC, one step function, printable names. */
#include <stddef.h>
#include <stdint.h>
#include "call_state.h"
#include "trace.h"

/* Where the answers come from (Microsoft's rpcasync.h reference pages and the "Asynchronous call state"
 * seed; the statuses are those the pages list):
 * - RpcAsyncGetCallStatus: RPC_S_ASYNC_CALL_PENDING until the call is complete, then RPC_S_OK or the
 *   failure (which RpcAsyncCompleteCall then hands over).
 * - RpcAsyncCompleteCall (client): RPC_S_ASYNC_CALL_PENDING before the reply arrived; any other answer
 *   is final, RPC_S_CALL_CANCELLED for a cancelled call; afterwards "undefined until a new call".
 *   (server): final; the handle must not be touched after it returns.
 * - RpcAsyncCancelCall: RPC_S_OK "the cancellation request was processed"; abortive cancels the call
 *   at once, notifying the client and telling the server; non-abortive tells the server and waits.
 *   Only allowed once the issuing thread returned with success.
 * - RpcAsyncAbortCall (server): RPC_S_OK; the exception code reaches the client as a fault; no [out]
 *   marshalling; a second call "may crash the process or fail in other unexpected ways".
 * Where the pages leave it open (calls after End, a call on the wrong side, a cancel before the issue
 * returned) we answer RPC_S_INVALID_ASYNC_HANDLE, the one error every one of these pages lists, and
 * never crash. A cancel after completion is processed and does nothing (RPC_S_OK). */

#define S(x)  CALL_##x
#define E(x)  [CALL_EVENT_##x]
#define T(next, action, record, notify, status) \
    { S(next), CALL_ACTION_##action, CALL_RECORD_##record, CALL_NOTIFY_##notify, status }

#define OK          CALL_RPC_S_OK
#define PENDING     CALL_RPC_S_ASYNC_CALL_PENDING
#define INVALID     CALL_RPC_S_INVALID_ASYNC_HANDLE
#define RECORDED    CALL_STATUS_RECORDED

/* A runtime event that cannot happen in this state: a runtime bug, answered and otherwise ignored. */
#define BUG(s)          T(s, NONE, KEEP, NONE, CALL_RPC_S_INTERNAL_ERROR)
/* An event that changes nothing: an application call answered status, or a harmless runtime event. */
#define STAY(s, status) T(s, NONE, KEEP, NONE, status)

static const struct call_transition transitions[CALL_STATE_COUNT][CALL_EVENT_COUNT] =
{
    /* Client (seed): C -> Wcomp -> Comp -> End; a failure while issuing -> Can -> Wcomp; a raise -> End. */
    [CALL_CLIENT_MAKE_CALL] =
    {
        E(ISSUED)           = T(CLIENT_WAIT, NONE, KEEP, NONE, OK),
        E(ISSUE_FAILED)     = T(CLIENT_CANCEL, NONE, EVENT, NONE, OK),
        E(ISSUE_RAISED)     = T(CLIENT_END, NONE, EVENT, NONE, OK),     /* the stub raises; no notification */
        E(REPLY_ARRIVED)    = BUG(CLIENT_MAKE_CALL),    /* "issued" is stepped before the send starts */
        E(FAILURE_ARRIVED)  = BUG(CLIENT_MAKE_CALL),
        E(CANCEL)           = STAY(CLIENT_MAKE_CALL, INVALID),  /* not before the issuing thread returned */
        E(ABORTIVE_CANCEL)  = STAY(CLIENT_MAKE_CALL, INVALID),
        E(COMPLETE_CALLED)  = STAY(CLIENT_MAKE_CALL, PENDING),
        E(ABORT_CALLED)     = STAY(CLIENT_MAKE_CALL, INVALID),  /* a server-only call */
        E(GET_STATUS)       = STAY(CLIENT_MAKE_CALL, PENDING),
        E(ROUTINE_RETURNED) = BUG(CLIENT_MAKE_CALL),
        E(SERVER_RAISED)    = BUG(CLIENT_MAKE_CALL),
        E(SEND_COMPLETE)    = BUG(CLIENT_MAKE_CALL),
        E(FREED)            = BUG(CLIENT_MAKE_CALL),
    },
    /* Can: the failure is recorded; the completion is queued once the cancel comes, so the caller gets
     * its notification in Wcomp like for any other outcome. */
    [CALL_CLIENT_CANCEL] =
    {
        E(ISSUED)           = BUG(CLIENT_CANCEL),
        E(ISSUE_FAILED)     = BUG(CLIENT_CANCEL),
        E(ISSUE_RAISED)     = BUG(CLIENT_CANCEL),
        E(REPLY_ARRIVED)    = T(CLIENT_CANCEL, DISCARD, KEEP, NONE, OK),
        E(FAILURE_ARRIVED)  = T(CLIENT_CANCEL, DISCARD, KEEP, NONE, OK),
        E(CANCEL)           = T(CLIENT_WAIT, QUEUE_FAILURE, KEEP, NONE, OK),
        E(ABORTIVE_CANCEL)  = T(CLIENT_WAIT, QUEUE_FAILURE, KEEP, NONE, OK),
        E(COMPLETE_CALLED)  = STAY(CLIENT_CANCEL, PENDING),
        E(ABORT_CALLED)     = STAY(CLIENT_CANCEL, INVALID),
        E(GET_STATUS)       = STAY(CLIENT_CANCEL, PENDING),     /* not complete before its notification */
        E(ROUTINE_RETURNED) = BUG(CLIENT_CANCEL),
        E(SERVER_RAISED)    = BUG(CLIENT_CANCEL),
        E(SEND_COMPLETE)    = STAY(CLIENT_CANCEL, OK),          /* no send notification for a failed call */
        E(FREED)            = BUG(CLIENT_CANCEL),
    },
    /* Wcomp: the first outcome (reply, failure, abortive cancel) completes the call and notifies once. */
    [CALL_CLIENT_WAIT] =
    {
        E(ISSUED)           = BUG(CLIENT_WAIT),
        E(ISSUE_FAILED)     = BUG(CLIENT_WAIT),
        E(ISSUE_RAISED)     = BUG(CLIENT_WAIT),
        E(REPLY_ARRIVED)    = T(CLIENT_COMPLETION, NONE, OK, CALL_COMPLETE, OK),
        E(FAILURE_ARRIVED)  = T(CLIENT_COMPLETION, NONE, EVENT, CALL_COMPLETE, OK),
        E(CANCEL)           = T(CLIENT_WAIT, SEND_CO_CANCEL, KEEP, NONE, OK),
        E(ABORTIVE_CANCEL)  = T(CLIENT_COMPLETION, SEND_ORPHANED, CANCELLED, CALL_COMPLETE, OK),
        E(COMPLETE_CALLED)  = STAY(CLIENT_WAIT, PENDING),
        E(ABORT_CALLED)     = STAY(CLIENT_WAIT, INVALID),
        E(GET_STATUS)       = STAY(CLIENT_WAIT, PENDING),
        E(ROUTINE_RETURNED) = BUG(CLIENT_WAIT),
        E(SERVER_RAISED)    = BUG(CLIENT_WAIT),
        E(SEND_COMPLETE)    = T(CLIENT_WAIT, NONE, KEEP, SEND_COMPLETE, OK),
        E(FREED)            = BUG(CLIENT_WAIT),
    },
    /* Comp: complete and notified; RpcAsyncCompleteCall hands the recorded status over. */
    [CALL_CLIENT_COMPLETION] =
    {
        E(ISSUED)           = BUG(CLIENT_COMPLETION),
        E(ISSUE_FAILED)     = BUG(CLIENT_COMPLETION),
        E(ISSUE_RAISED)     = BUG(CLIENT_COMPLETION),
        E(REPLY_ARRIVED)    = T(CLIENT_COMPLETION, DISCARD, KEEP, NONE, OK),   /* after an abortive cancel */
        E(FAILURE_ARRIVED)  = T(CLIENT_COMPLETION, DISCARD, KEEP, NONE, OK),
        E(CANCEL)           = STAY(CLIENT_COMPLETION, OK),
        E(ABORTIVE_CANCEL)  = STAY(CLIENT_COMPLETION, OK),
        E(COMPLETE_CALLED)  = T(CLIENT_END, FINISH, KEEP, NONE, RECORDED),
        E(ABORT_CALLED)     = STAY(CLIENT_COMPLETION, INVALID),
        E(GET_STATUS)       = STAY(CLIENT_COMPLETION, RECORDED),
        E(ROUTINE_RETURNED) = BUG(CLIENT_COMPLETION),
        E(SERVER_RAISED)    = BUG(CLIENT_COMPLETION),
        E(SEND_COMPLETE)    = STAY(CLIENT_COMPLETION, OK),      /* no notification after completion */
        E(FREED)            = BUG(CLIENT_COMPLETION),
    },
    [CALL_CLIENT_END] =
    {
        E(ISSUED)           = BUG(CLIENT_END),
        E(ISSUE_FAILED)     = BUG(CLIENT_END),
        E(ISSUE_RAISED)     = BUG(CLIENT_END),
        E(REPLY_ARRIVED)    = T(CLIENT_END, DISCARD, KEEP, NONE, OK),
        E(FAILURE_ARRIVED)  = T(CLIENT_END, DISCARD, KEEP, NONE, OK),
        E(CANCEL)           = STAY(CLIENT_END, INVALID),
        E(ABORTIVE_CANCEL)  = STAY(CLIENT_END, INVALID),
        E(COMPLETE_CALLED)  = STAY(CLIENT_END, INVALID),
        E(ABORT_CALLED)     = STAY(CLIENT_END, INVALID),
        E(GET_STATUS)       = STAY(CLIENT_END, INVALID),
        E(ROUTINE_RETURNED) = BUG(CLIENT_END),
        E(SERVER_RAISED)    = BUG(CLIENT_END),
        E(SEND_COMPLETE)    = STAY(CLIENT_END, OK),
        E(FREED)            = T(STATE_FREED, FREE, KEEP, NONE, OK),
    },
    /* Server (seed): D -> Comp -> End; a graceful failure -> A -> End; a fatal one raises -> End. The
     * routine may complete or abort the call before it returns, so D goes straight to End too. */
    [CALL_SERVER_DISPATCH] =
    {
        E(ISSUED)           = BUG(SERVER_DISPATCH),
        E(ISSUE_FAILED)     = BUG(SERVER_DISPATCH),
        E(ISSUE_RAISED)     = BUG(SERVER_DISPATCH),
        E(REPLY_ARRIVED)    = BUG(SERVER_DISPATCH),
        E(FAILURE_ARRIVED)  = T(SERVER_ABORT, NONE, EVENT, NONE, OK),
        E(CANCEL)           = T(SERVER_DISPATCH, MARK_CANCELLED, KEEP, NONE, OK),
        E(ABORTIVE_CANCEL)  = T(SERVER_ABORT, MARK_CANCELLED, CANCELLED, NONE, OK),
        E(COMPLETE_CALLED)  = T(SERVER_END, SEND_REPLY, OK, NONE, OK),
        E(ABORT_CALLED)     = T(SERVER_END, SEND_FAULT, EVENT, NONE, OK),
        E(GET_STATUS)       = STAY(SERVER_DISPATCH, PENDING),
        E(ROUTINE_RETURNED) = T(SERVER_COMPLETION, NONE, KEEP, NONE, OK),
        E(SERVER_RAISED)    = T(SERVER_END, SEND_FAULT, EVENT, NONE, OK),
        E(SEND_COMPLETE)    = BUG(SERVER_DISPATCH),     /* nothing is sent before End */
        E(FREED)            = BUG(SERVER_DISPATCH),
    },
    /* A: nobody waits for an answer any more; the application still has to abort (or complete). */
    [CALL_SERVER_ABORT] =
    {
        E(ISSUED)           = BUG(SERVER_ABORT),
        E(ISSUE_FAILED)     = BUG(SERVER_ABORT),
        E(ISSUE_RAISED)     = BUG(SERVER_ABORT),
        E(REPLY_ARRIVED)    = BUG(SERVER_ABORT),
        E(FAILURE_ARRIVED)  = STAY(SERVER_ABORT, OK),
        E(CANCEL)           = STAY(SERVER_ABORT, OK),
        E(ABORTIVE_CANCEL)  = STAY(SERVER_ABORT, OK),
        E(COMPLETE_CALLED)  = T(SERVER_END, ABANDON, KEEP, NONE, RECORDED),  /* the reply cannot go out */
        E(ABORT_CALLED)     = T(SERVER_END, ABANDON, KEEP, NONE, OK),
        E(GET_STATUS)       = STAY(SERVER_ABORT, PENDING),
        E(ROUTINE_RETURNED) = STAY(SERVER_ABORT, OK),
        E(SERVER_RAISED)    = T(SERVER_END, ABANDON, KEEP, NONE, OK),
        E(SEND_COMPLETE)    = BUG(SERVER_ABORT),
        E(FREED)            = BUG(SERVER_ABORT),
    },
    [CALL_SERVER_COMPLETION] =
    {
        E(ISSUED)           = BUG(SERVER_COMPLETION),
        E(ISSUE_FAILED)     = BUG(SERVER_COMPLETION),
        E(ISSUE_RAISED)     = BUG(SERVER_COMPLETION),
        E(REPLY_ARRIVED)    = BUG(SERVER_COMPLETION),
        E(FAILURE_ARRIVED)  = T(SERVER_ABORT, NONE, EVENT, NONE, OK),
        E(CANCEL)           = T(SERVER_COMPLETION, MARK_CANCELLED, KEEP, NONE, OK),
        E(ABORTIVE_CANCEL)  = T(SERVER_ABORT, MARK_CANCELLED, CANCELLED, NONE, OK),
        E(COMPLETE_CALLED)  = T(SERVER_END, SEND_REPLY, OK, NONE, OK),
        E(ABORT_CALLED)     = T(SERVER_END, SEND_FAULT, EVENT, NONE, OK),
        E(GET_STATUS)       = STAY(SERVER_COMPLETION, PENDING),
        E(ROUTINE_RETURNED) = BUG(SERVER_COMPLETION),   /* it returned already */
        E(SERVER_RAISED)    = BUG(SERVER_COMPLETION),
        E(SEND_COMPLETE)    = BUG(SERVER_COMPLETION),
        E(FREED)            = BUG(SERVER_COMPLETION),
    },
    /* End: replied, faulted or abandoned; late PDUs and the routine's return are harmless. */
    [CALL_SERVER_END] =
    {
        E(ISSUED)           = BUG(SERVER_END),
        E(ISSUE_FAILED)     = BUG(SERVER_END),
        E(ISSUE_RAISED)     = BUG(SERVER_END),
        E(REPLY_ARRIVED)    = BUG(SERVER_END),
        E(FAILURE_ARRIVED)  = STAY(SERVER_END, OK),
        E(CANCEL)           = STAY(SERVER_END, OK),
        E(ABORTIVE_CANCEL)  = STAY(SERVER_END, OK),
        E(COMPLETE_CALLED)  = STAY(SERVER_END, INVALID),
        E(ABORT_CALLED)     = STAY(SERVER_END, INVALID),
        E(GET_STATUS)       = STAY(SERVER_END, INVALID),
        E(ROUTINE_RETURNED) = STAY(SERVER_END, OK),     /* it completed or aborted the call itself */
        E(SERVER_RAISED)    = STAY(SERVER_END, OK),     /* ... and then raised: the answer is out */
        E(SEND_COMPLETE)    = STAY(SERVER_END, OK),
        E(FREED)            = T(STATE_FREED, FREE, KEEP, NONE, OK),
    },
    [CALL_STATE_FREED] =
    {
        E(ISSUED)           = STAY(STATE_FREED, INVALID),
        E(ISSUE_FAILED)     = STAY(STATE_FREED, INVALID),
        E(ISSUE_RAISED)     = STAY(STATE_FREED, INVALID),
        E(REPLY_ARRIVED)    = STAY(STATE_FREED, INVALID),
        E(FAILURE_ARRIVED)  = STAY(STATE_FREED, INVALID),
        E(CANCEL)           = STAY(STATE_FREED, INVALID),
        E(ABORTIVE_CANCEL)  = STAY(STATE_FREED, INVALID),
        E(COMPLETE_CALLED)  = STAY(STATE_FREED, INVALID),
        E(ABORT_CALLED)     = STAY(STATE_FREED, INVALID),
        E(GET_STATUS)       = STAY(STATE_FREED, INVALID),
        E(ROUTINE_RETURNED) = STAY(STATE_FREED, INVALID),
        E(SERVER_RAISED)    = STAY(STATE_FREED, INVALID),
        E(SEND_COMPLETE)    = STAY(STATE_FREED, INVALID),
        E(FREED)            = STAY(STATE_FREED, INVALID),   /* freed twice: nothing is released again */
    },
};

static const char *const state_names[CALL_STATE_COUNT] =
{
    [CALL_STATE_NONE]        = "none",
    [CALL_CLIENT_MAKE_CALL]  = "client.C",
    [CALL_CLIENT_CANCEL]     = "client.Can",
    [CALL_CLIENT_WAIT]       = "client.Wcomp",
    [CALL_CLIENT_COMPLETION] = "client.Comp",
    [CALL_CLIENT_END]        = "client.End",
    [CALL_SERVER_DISPATCH]   = "server.D",
    [CALL_SERVER_ABORT]      = "server.A",
    [CALL_SERVER_COMPLETION] = "server.Comp",
    [CALL_SERVER_END]        = "server.End",
    [CALL_STATE_FREED]       = "freed",
};

static const char *const event_names[CALL_EVENT_COUNT] =
{
    E(ISSUED)           = "issued",
    E(ISSUE_FAILED)     = "issue_failed",
    E(ISSUE_RAISED)     = "issue_raised",
    E(REPLY_ARRIVED)    = "reply_arrived",
    E(FAILURE_ARRIVED)  = "failure_arrived",
    E(CANCEL)           = "cancel",
    E(ABORTIVE_CANCEL)  = "abortive_cancel",
    E(COMPLETE_CALLED)  = "complete_called",
    E(ABORT_CALLED)     = "abort_called",
    E(GET_STATUS)       = "get_status",
    E(ROUTINE_RETURNED) = "routine_returned",
    E(SERVER_RAISED)    = "server_raised",
    E(SEND_COMPLETE)    = "send_complete",
    E(FREED)            = "freed",
};

static const char *const action_names[CALL_ACTION_COUNT] =
{
    [CALL_ACTION_NONE]           = "none",
    [CALL_ACTION_SEND_CO_CANCEL] = "send_co_cancel",
    [CALL_ACTION_SEND_ORPHANED]  = "send_orphaned",
    [CALL_ACTION_QUEUE_FAILURE]  = "queue_failure",
    [CALL_ACTION_DISCARD]        = "discard",
    [CALL_ACTION_FINISH]         = "finish",
    [CALL_ACTION_MARK_CANCELLED] = "mark_cancelled",
    [CALL_ACTION_SEND_REPLY]     = "send_reply",
    [CALL_ACTION_SEND_FAULT]     = "send_fault",
    [CALL_ACTION_ABANDON]        = "abandon",
    [CALL_ACTION_FREE]           = "free",
};

const char *call_state_name(enum call_state state)
{
    return (unsigned int)state < CALL_STATE_COUNT ? state_names[state] : "?";
}

const char *call_event_name(enum call_event event)
{
    return (unsigned int)event < CALL_EVENT_COUNT ? event_names[event] : "?";
}

const char *call_action_name(enum call_action action)
{
    return (unsigned int)action < CALL_ACTION_COUNT ? action_names[action] : "?";
}

void call_state_init(struct call_state_machine *m, enum call_side side)
{
    m->state = side == CALL_SIDE_SERVER ? CALL_SERVER_DISPATCH : CALL_CLIENT_MAKE_CALL;
    m->status = CALL_RPC_S_ASYNC_CALL_PENDING;
}

const struct call_transition *call_state_transition(enum call_state state, enum call_event event)
{
    if ((unsigned int)state >= CALL_STATE_COUNT) return NULL;
    if ((unsigned int)event >= CALL_EVENT_COUNT) return NULL;
    return &transitions[state][event];
}

/* A failure must never read as success or as "still running". */
static uint32_t failure_status(uint32_t status)
{
    if (status == CALL_RPC_S_OK || status == CALL_RPC_S_ASYNC_CALL_PENDING) return CALL_RPC_S_CALL_FAILED;
    return status;
}

static void record(struct call_state_machine *m, enum call_record rule, uint32_t event_status)
{
    switch (rule)
    {
    case CALL_RECORD_KEEP:      break;
    case CALL_RECORD_EVENT:     m->status = failure_status(event_status); break;
    case CALL_RECORD_OK:        m->status = CALL_RPC_S_OK; break;
    case CALL_RECORD_CANCELLED: m->status = CALL_RPC_S_CALL_CANCELLED; break;
    }
}

/* The owner serialises the steps of one call. We would have it hold the call's lock (an SRW lock in
 * struct rpc_call) for the step only, then run the action and the notification after releasing it:
 * a step reads the state and writes the state and the recorded status together, which one
 * interlocked word could only do by packing both into 64 bits, and the order "step, then act" needs
 * no retry loop; the actions (sends, user callbacks, APCs) must not run under the lock, because a
 * notification callback may call RpcAsyncCompleteCall on the same call at once. */
enum call_state call_state_step(struct call_state_machine *m, enum call_event event, uint32_t event_status,
                                struct call_step *step)
{
    const struct call_transition *t = call_state_transition(m->state, event);
    enum call_state from = m->state;

    if (!t || t->next == CALL_STATE_NONE)
    {
        TRACE(TRACE_CALL, "%s --%s--> refused: not a state or event (%d, %d)", call_state_name(from),
              call_event_name(event), (int)from, (int)event);
        if (step)
        {
            step->action = CALL_ACTION_NONE;
            step->notify = CALL_NOTIFY_NONE;
            step->status = CALL_RPC_S_INTERNAL_ERROR;
        }
        return from;
    }
    record(m, t->record, event_status);
    m->state = t->next;
    TRACE(TRACE_CALL, "%s --%s--> %s [%s%s] status %u", call_state_name(from), call_event_name(event),
          call_state_name(m->state), call_action_name(t->action),
          t->notify == CALL_NOTIFY_CALL_COMPLETE ? ", notify call complete"
          : t->notify == CALL_NOTIFY_SEND_COMPLETE ? ", notify send complete" : "",
          (unsigned int)m->status);
    if (step)
    {
        step->action = t->action;
        step->notify = t->notify;
        step->status = t->status == CALL_STATUS_RECORDED ? m->status : t->status;
    }
    return m->state;
}
