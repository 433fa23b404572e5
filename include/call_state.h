/* call_state.h: the per-call state machine of asynchronous RPC (client and server), as one state x event table. */
#ifndef RPCRT4_CALL_STATE_H
#define RPCRT4_CALL_STATE_H

#include <stdint.h>

/* The RPC_STATUS values the table answers, numerically as winerror.h/rpcnterr.h define them (portable
 * code sees no Windows headers; the names carry a CALL_ prefix so they never clash with the SDK's). */
#define CALL_RPC_S_OK                   0u     /* RPC_S_OK (ERROR_SUCCESS) */
#define CALL_RPC_S_ASYNC_CALL_PENDING   997u   /* RPC_S_ASYNC_CALL_PENDING (ERROR_IO_PENDING) */
#define CALL_RPC_S_CALL_FAILED          1726u  /* RPC_S_CALL_FAILED */
#define CALL_RPC_S_INTERNAL_ERROR       1766u  /* RPC_S_INTERNAL_ERROR */
#define CALL_RPC_S_CALL_CANCELLED       1818u  /* RPC_S_CALL_CANCELLED */
#define CALL_RPC_S_INVALID_ASYNC_HANDLE 1914u  /* RPC_S_INVALID_ASYNC_HANDLE */

/* One machine for both sides: every state belongs to one side (the seed's client or server table),
 * so a call's state alone says which side it is on, one table and one step function serve both, and
 * an event that only means something on the other side has an explicit entry like any other. The
 * same export (RpcAsyncCompleteCall) means "take the reply" on a client call and "send the reply" on
 * a server call: the row it lands in decides. CALL_STATE_FREED ends both sides. */
enum call_state
{
    CALL_STATE_NONE,            /* not a state: what a zero-initialised table entry holds (a hole) */
    CALL_CLIENT_MAKE_CALL,      /* C: the stub is issuing the request */
    CALL_CLIENT_CANCEL,         /* Can: issuing failed; the failure is recorded, waiting for the cancel */
    CALL_CLIENT_WAIT,           /* Wcomp: issued, waiting for the reply */
    CALL_CLIENT_COMPLETION,     /* Comp: the outcome is in and notified; waiting for RpcAsyncCompleteCall */
    CALL_CLIENT_END,            /* End: completed (or the issue raised); waiting to be freed */
    CALL_SERVER_DISPATCH,       /* D: the server routine runs (the runtime dispatched the call) */
    CALL_SERVER_ABORT,          /* A: the call failed gracefully (client gone or cancelled abortively);
                                   waiting for RpcAsyncAbortCall (or RpcAsyncCompleteCall) */
    CALL_SERVER_COMPLETION,     /* Comp: the routine returned; waiting for RpcAsyncCompleteCall/AbortCall */
    CALL_SERVER_END,            /* End: replied, faulted or abandoned; waiting to be freed */
    CALL_STATE_FREED,           /* the runtime freed the call object: every event is refused */
    CALL_STATE_COUNT
};

/* What happens to a call. Runtime events are raised by the runtime itself; API events by an export
 * called by the application (on the server, cancel events are the client's PDUs arriving). */
enum call_event
{
    CALL_EVENT_ISSUED,              /* runtime, client: the request was handed to the connection */
    CALL_EVENT_ISSUE_FAILED,        /* runtime, client: issuing failed without raising (status carried) */
    CALL_EVENT_ISSUE_RAISED,        /* runtime, client: an exception while issuing (status carried) */
    CALL_EVENT_REPLY_ARRIVED,       /* runtime, client: the response is complete */
    CALL_EVENT_FAILURE_ARRIVED,     /* runtime: a fault or transport error (status carried) */
    CALL_EVENT_CANCEL,              /* client: RpcAsyncCancelCall(FALSE); server: a co_cancel arrived */
    CALL_EVENT_ABORTIVE_CANCEL,     /* client: RpcAsyncCancelCall(TRUE); server: an orphaned PDU arrived */
    CALL_EVENT_COMPLETE_CALLED,     /* API: RpcAsyncCompleteCall */
    CALL_EVENT_ABORT_CALLED,        /* API, server: RpcAsyncAbortCall (its ExceptionCode carried) */
    CALL_EVENT_GET_STATUS,          /* API: RpcAsyncGetCallStatus */
    CALL_EVENT_ROUTINE_RETURNED,    /* runtime, server: the server routine returned to the runtime */
    CALL_EVENT_SERVER_RAISED,       /* runtime, server: the routine raised on the RPC thread (code carried) */
    CALL_EVENT_SEND_COMPLETE,       /* runtime: the last fragment of our request/reply was written */
    CALL_EVENT_FREED,               /* runtime: the last reference to the call object went away */
    CALL_EVENT_COUNT
};

/* What the owner does after a step, outside the call's lock. */
enum call_action
{
    CALL_ACTION_NONE,
    CALL_ACTION_SEND_CO_CANCEL,     /* client: tell the server with a co_cancel PDU, keep waiting */
    CALL_ACTION_SEND_ORPHANED,      /* client: tell the server with an orphaned PDU, stop receiving */
    CALL_ACTION_QUEUE_FAILURE,      /* client: queue the recorded failure as the call's completion */
    CALL_ACTION_DISCARD,            /* client: drop a reply or failure that came too late */
    CALL_ACTION_FINISH,             /* client: unmarshal [out] and the return value when the status is
                                       RPC_S_OK; release the reply either way */
    CALL_ACTION_MARK_CANCELLED,     /* server: RpcServerTestCancel answers RPC_S_OK from now on */
    CALL_ACTION_SEND_REPLY,         /* server: marshal [out] and send the response */
    CALL_ACTION_SEND_FAULT,         /* server: send a fault carrying the recorded status; free [in] */
    CALL_ACTION_ABANDON,            /* server: nobody waits for an answer: send nothing, free the arguments */
    CALL_ACTION_FREE,               /* release the call object's memory: happens exactly once */
    CALL_ACTION_COUNT
};

/* The notification a step warrants (the owner delivers it by the RPC_ASYNC_STATE's NotificationType,
 * and send completion only when RPC_C_NOTIFY_ON_SEND_COMPLETE was asked for). Exactly one step of a
 * call's life warrants CALL_NOTIFY_CALL_COMPLETE: the one entering CALL_CLIENT_COMPLETION; none
 * before it, none after it, none on the server side. */
enum call_notify
{
    CALL_NOTIFY_NONE,
    CALL_NOTIFY_CALL_COMPLETE,      /* RpcCallComplete */
    CALL_NOTIFY_SEND_COMPLETE,      /* RpcSendComplete */
};

/* What a step records as the call's final status. */
enum call_record
{
    CALL_RECORD_KEEP,               /* the recorded status stays */
    CALL_RECORD_EVENT,              /* the status the event carries (see call_state_step) */
    CALL_RECORD_OK,                 /* RPC_S_OK */
    CALL_RECORD_CANCELLED,          /* RPC_S_CALL_CANCELLED */
};

/* Answer "the call's recorded status" in struct call_transition.status. */
#define CALL_STATUS_RECORDED 0xffffffffu

/* One cell of the table. Every event in a state where it cannot happen has an explicit entry too:
 * application calls get the status the documentation gives (or our choice, see call_state.c); runtime
 * events get RPC_S_INTERNAL_ERROR (a runtime bug, traced) and change nothing. */
struct call_transition
{
    uint8_t next;       /* enum call_state; CALL_STATE_NONE only in a hole */
    uint8_t action;     /* enum call_action */
    uint8_t record;     /* enum call_record */
    uint8_t notify;     /* enum call_notify */
    uint32_t status;    /* what the entry point answers, or CALL_STATUS_RECORDED */
};

/* A call's machine: plain data, no lock of its own. The owner (struct rpc_call) serialises every
 * call_state_step on one call and performs the step's action and notification after it, outside its
 * lock (see call_state.c for why a lock rather than an interlocked state word). */
struct call_state_machine
{
    enum call_state state;
    uint32_t status;    /* the call's final status once recorded; RPC_S_ASYNC_CALL_PENDING before */
};

/* The outcome of one step, for the owner. */
struct call_step
{
    enum call_action action;
    enum call_notify notify;
    uint32_t status;    /* what the entry point answers the application (or the runtime) */
};

enum call_side { CALL_SIDE_CLIENT, CALL_SIDE_SERVER };

/* Starts a call: a client call in CALL_CLIENT_MAKE_CALL, a server call in CALL_SERVER_DISPATCH,
 * recorded status RPC_S_ASYNC_CALL_PENDING. */
void call_state_init(struct call_state_machine *m, enum call_side side);

/* The table's cell for state x event; NULL when either is out of range. */
const struct call_transition *call_state_transition(enum call_state state, enum call_event event);

/* Applies one event and returns the new state. event_status is the status the event carries
 * (ISSUE_FAILED, ISSUE_RAISED, FAILURE_ARRIVED: the failure; ABORT_CALLED, SERVER_RAISED: the exception
 * code) and is ignored by the others; a carried RPC_S_OK or RPC_S_ASYNC_CALL_PENDING, which would make
 * a failed call look successful or still running, is recorded as RPC_S_CALL_FAILED. step (may be NULL)
 * receives the action, the notification and the answer: RPC_S_OK, RPC_S_ASYNC_CALL_PENDING,
 * RPC_S_INVALID_ASYNC_HANDLE, RPC_S_INTERNAL_ERROR, or the call's recorded status (RPC_S_OK,
 * RPC_S_CALL_CANCELLED or any failure status an event carried). A machine whose state or an event out
 * of range answers RPC_S_INTERNAL_ERROR and is left alone. */
enum call_state call_state_step(struct call_state_machine *m, enum call_event event, uint32_t event_status,
                                struct call_step *step);

/* Printable names for traces and test messages; "?" for values out of range. */
const char *call_state_name(enum call_state state);
const char *call_event_name(enum call_event event);
const char *call_action_name(enum call_action action);

#endif
