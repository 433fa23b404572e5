/* call_state.c (host test): every cell of the per-call state table, the seeds' paths, calls in the wrong state. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "call_state.h"
#include "trace.h"
#include "test.h"

/* The recorded status a machine starts a cell test with, and the status the event carries: two values
 * no rule produces, so every cell shows whether it kept, took, or replaced the recorded status. */
#define PRIOR   0x1234u
#define CARRIED 0x5678u

#define OK        CALL_RPC_S_OK
#define PENDING   CALL_RPC_S_ASYNC_CALL_PENDING
#define INVALID   CALL_RPC_S_INVALID_ASYNC_HANDLE
#define CANCELLED CALL_RPC_S_CALL_CANCELLED
#define BUG       CALL_RPC_S_INTERNAL_ERROR

struct cell
{
    enum call_state from;
    enum call_event event;
    enum call_state next;
    enum call_action action;
    enum call_notify notify;
    uint32_t answer;        /* what the step answers */
    uint32_t recorded;      /* the machine's recorded status afterwards */
};

#define C(from, event, next, action, notify, answer, recorded) \
    { CALL_##from, CALL_EVENT_##event, CALL_##next, CALL_ACTION_##action, CALL_NOTIFY_##notify, answer, recorded }

/* Every cell where something happens or the application gets an answer, restated from the seeds and
 * the documentation. Every cell not listed must be a runtime bug (RPC_S_INTERNAL_ERROR, nothing
 * changes); in CALL_STATE_FREED every event is refused with RPC_S_INVALID_ASYNC_HANDLE. */
static const struct cell cells[] =
{
    C(CLIENT_MAKE_CALL, ISSUED,          CLIENT_WAIT,       NONE, NONE, OK, PRIOR),
    C(CLIENT_MAKE_CALL, ISSUE_FAILED,    CLIENT_CANCEL,     NONE, NONE, OK, CARRIED),
    C(CLIENT_MAKE_CALL, ISSUE_RAISED,    CLIENT_END,        NONE, NONE, OK, CARRIED),
    C(CLIENT_MAKE_CALL, CANCEL,          CLIENT_MAKE_CALL,  NONE, NONE, INVALID, PRIOR),
    C(CLIENT_MAKE_CALL, ABORTIVE_CANCEL, CLIENT_MAKE_CALL,  NONE, NONE, INVALID, PRIOR),
    C(CLIENT_MAKE_CALL, COMPLETE_CALLED, CLIENT_MAKE_CALL,  NONE, NONE, PENDING, PRIOR),
    C(CLIENT_MAKE_CALL, ABORT_CALLED,    CLIENT_MAKE_CALL,  NONE, NONE, INVALID, PRIOR),
    C(CLIENT_MAKE_CALL, GET_STATUS,      CLIENT_MAKE_CALL,  NONE, NONE, PENDING, PRIOR),

    C(CLIENT_CANCEL, REPLY_ARRIVED,   CLIENT_CANCEL, DISCARD, NONE, OK, PRIOR),
    C(CLIENT_CANCEL, FAILURE_ARRIVED, CLIENT_CANCEL, DISCARD, NONE, OK, PRIOR),
    C(CLIENT_CANCEL, CANCEL,          CLIENT_WAIT,   QUEUE_FAILURE, NONE, OK, PRIOR),
    C(CLIENT_CANCEL, ABORTIVE_CANCEL, CLIENT_WAIT,   QUEUE_FAILURE, NONE, OK, PRIOR),
    C(CLIENT_CANCEL, COMPLETE_CALLED, CLIENT_CANCEL, NONE, NONE, PENDING, PRIOR),
    C(CLIENT_CANCEL, ABORT_CALLED,    CLIENT_CANCEL, NONE, NONE, INVALID, PRIOR),
    C(CLIENT_CANCEL, GET_STATUS,      CLIENT_CANCEL, NONE, NONE, PENDING, PRIOR),
    C(CLIENT_CANCEL, SEND_COMPLETE,   CLIENT_CANCEL, NONE, NONE, OK, PRIOR),

    C(CLIENT_WAIT, REPLY_ARRIVED,   CLIENT_COMPLETION, NONE, CALL_COMPLETE, OK, OK),
    C(CLIENT_WAIT, FAILURE_ARRIVED, CLIENT_COMPLETION, NONE, CALL_COMPLETE, OK, CARRIED),
    C(CLIENT_WAIT, CANCEL,          CLIENT_WAIT,       SEND_CO_CANCEL, NONE, OK, PRIOR),
    C(CLIENT_WAIT, ABORTIVE_CANCEL, CLIENT_COMPLETION, SEND_ORPHANED, CALL_COMPLETE, OK, CANCELLED),
    C(CLIENT_WAIT, COMPLETE_CALLED, CLIENT_WAIT,       NONE, NONE, PENDING, PRIOR),
    C(CLIENT_WAIT, ABORT_CALLED,    CLIENT_WAIT,       NONE, NONE, INVALID, PRIOR),
    C(CLIENT_WAIT, GET_STATUS,      CLIENT_WAIT,       NONE, NONE, PENDING, PRIOR),
    C(CLIENT_WAIT, SEND_COMPLETE,   CLIENT_WAIT,       NONE, SEND_COMPLETE, OK, PRIOR),

    C(CLIENT_COMPLETION, REPLY_ARRIVED,   CLIENT_COMPLETION, DISCARD, NONE, OK, PRIOR),
    C(CLIENT_COMPLETION, FAILURE_ARRIVED, CLIENT_COMPLETION, DISCARD, NONE, OK, PRIOR),
    C(CLIENT_COMPLETION, CANCEL,          CLIENT_COMPLETION, NONE, NONE, OK, PRIOR),
    C(CLIENT_COMPLETION, ABORTIVE_CANCEL, CLIENT_COMPLETION, NONE, NONE, OK, PRIOR),
    C(CLIENT_COMPLETION, COMPLETE_CALLED, CLIENT_END,        FINISH, NONE, PRIOR, PRIOR),
    C(CLIENT_COMPLETION, ABORT_CALLED,    CLIENT_COMPLETION, NONE, NONE, INVALID, PRIOR),
    C(CLIENT_COMPLETION, GET_STATUS,      CLIENT_COMPLETION, NONE, NONE, PRIOR, PRIOR),
    C(CLIENT_COMPLETION, SEND_COMPLETE,   CLIENT_COMPLETION, NONE, NONE, OK, PRIOR),

    C(CLIENT_END, REPLY_ARRIVED,   CLIENT_END,  DISCARD, NONE, OK, PRIOR),
    C(CLIENT_END, FAILURE_ARRIVED, CLIENT_END,  DISCARD, NONE, OK, PRIOR),
    C(CLIENT_END, CANCEL,          CLIENT_END,  NONE, NONE, INVALID, PRIOR),
    C(CLIENT_END, ABORTIVE_CANCEL, CLIENT_END,  NONE, NONE, INVALID, PRIOR),
    C(CLIENT_END, COMPLETE_CALLED, CLIENT_END,  NONE, NONE, INVALID, PRIOR),
    C(CLIENT_END, ABORT_CALLED,    CLIENT_END,  NONE, NONE, INVALID, PRIOR),
    C(CLIENT_END, GET_STATUS,      CLIENT_END,  NONE, NONE, INVALID, PRIOR),
    C(CLIENT_END, SEND_COMPLETE,   CLIENT_END,  NONE, NONE, OK, PRIOR),
    C(CLIENT_END, FREED,           STATE_FREED, FREE, NONE, OK, PRIOR),

    C(SERVER_DISPATCH, FAILURE_ARRIVED,  SERVER_ABORT,      NONE, NONE, OK, CARRIED),
    C(SERVER_DISPATCH, CANCEL,           SERVER_DISPATCH,   MARK_CANCELLED, NONE, OK, PRIOR),
    C(SERVER_DISPATCH, ABORTIVE_CANCEL,  SERVER_ABORT,      MARK_CANCELLED, NONE, OK, CANCELLED),
    C(SERVER_DISPATCH, COMPLETE_CALLED,  SERVER_END,        SEND_REPLY, NONE, OK, OK),
    C(SERVER_DISPATCH, ABORT_CALLED,     SERVER_END,        SEND_FAULT, NONE, OK, CARRIED),
    C(SERVER_DISPATCH, GET_STATUS,       SERVER_DISPATCH,   NONE, NONE, PENDING, PRIOR),
    C(SERVER_DISPATCH, ROUTINE_RETURNED, SERVER_COMPLETION, NONE, NONE, OK, PRIOR),
    C(SERVER_DISPATCH, SERVER_RAISED,    SERVER_END,        SEND_FAULT, NONE, OK, CARRIED),

    C(SERVER_ABORT, FAILURE_ARRIVED,  SERVER_ABORT, NONE, NONE, OK, PRIOR),
    C(SERVER_ABORT, CANCEL,           SERVER_ABORT, NONE, NONE, OK, PRIOR),
    C(SERVER_ABORT, ABORTIVE_CANCEL,  SERVER_ABORT, NONE, NONE, OK, PRIOR),
    C(SERVER_ABORT, COMPLETE_CALLED,  SERVER_END,   ABANDON, NONE, PRIOR, PRIOR),
    C(SERVER_ABORT, ABORT_CALLED,     SERVER_END,   ABANDON, NONE, OK, PRIOR),
    C(SERVER_ABORT, GET_STATUS,       SERVER_ABORT, NONE, NONE, PENDING, PRIOR),
    C(SERVER_ABORT, ROUTINE_RETURNED, SERVER_ABORT, NONE, NONE, OK, PRIOR),
    C(SERVER_ABORT, SERVER_RAISED,    SERVER_END,   ABANDON, NONE, OK, PRIOR),

    C(SERVER_COMPLETION, FAILURE_ARRIVED, SERVER_ABORT,      NONE, NONE, OK, CARRIED),
    C(SERVER_COMPLETION, CANCEL,          SERVER_COMPLETION, MARK_CANCELLED, NONE, OK, PRIOR),
    C(SERVER_COMPLETION, ABORTIVE_CANCEL, SERVER_ABORT,      MARK_CANCELLED, NONE, OK, CANCELLED),
    C(SERVER_COMPLETION, COMPLETE_CALLED, SERVER_END,        SEND_REPLY, NONE, OK, OK),
    C(SERVER_COMPLETION, ABORT_CALLED,    SERVER_END,        SEND_FAULT, NONE, OK, CARRIED),
    C(SERVER_COMPLETION, GET_STATUS,      SERVER_COMPLETION, NONE, NONE, PENDING, PRIOR),

    C(SERVER_END, FAILURE_ARRIVED,  SERVER_END,  NONE, NONE, OK, PRIOR),
    C(SERVER_END, CANCEL,           SERVER_END,  NONE, NONE, OK, PRIOR),
    C(SERVER_END, ABORTIVE_CANCEL,  SERVER_END,  NONE, NONE, OK, PRIOR),
    C(SERVER_END, COMPLETE_CALLED,  SERVER_END,  NONE, NONE, INVALID, PRIOR),
    C(SERVER_END, ABORT_CALLED,     SERVER_END,  NONE, NONE, INVALID, PRIOR),
    C(SERVER_END, GET_STATUS,       SERVER_END,  NONE, NONE, INVALID, PRIOR),
    C(SERVER_END, ROUTINE_RETURNED, SERVER_END,  NONE, NONE, OK, PRIOR),
    C(SERVER_END, SERVER_RAISED,    SERVER_END,  NONE, NONE, OK, PRIOR),
    C(SERVER_END, SEND_COMPLETE,    SERVER_END,  NONE, NONE, OK, PRIOR),
    C(SERVER_END, FREED,            STATE_FREED, FREE, NONE, OK, PRIOR),
};

/* The events only the application raises: each must have an explicit answer in every live state. */
static int is_api_event(enum call_event e)
{
    return e == CALL_EVENT_COMPLETE_CALLED || e == CALL_EVENT_ABORT_CALLED || e == CALL_EVENT_GET_STATUS
           || e == CALL_EVENT_CANCEL || e == CALL_EVENT_ABORTIVE_CANCEL;
}

static int is_server_state(enum call_state s)
{
    return s >= CALL_SERVER_DISPATCH && s <= CALL_SERVER_END;
}

/* On the server the cancel events are PDUs arriving: runtime events, listed where they mean something. */
static int needs_listing(enum call_state s, enum call_event e)
{
    if (is_server_state(s) && (e == CALL_EVENT_CANCEL || e == CALL_EVENT_ABORTIVE_CANCEL)) return 1;
    return is_api_event(e);
}

/* The expectation for one cell: listed, the FREED rule, or the runtime-bug rule. 0 when the cell is an
 * application call left out of the list (the list above must answer every one). */
static int expected_cell(enum call_state s, enum call_event e, struct cell *out, unsigned int *uses)
{
    unsigned int i;

    for (i = 0; i < sizeof(cells) / sizeof(cells[0]); i++)
    {
        if (cells[i].from != s || cells[i].event != e) continue;
        uses[i]++;
        *out = cells[i];
        return 1;
    }
    out->from = s;
    out->event = e;
    out->next = s;
    out->action = CALL_ACTION_NONE;
    out->notify = CALL_NOTIFY_NONE;
    out->recorded = PRIOR;
    if (s == CALL_STATE_FREED)
    {
        out->answer = INVALID;
        return 1;
    }
    out->answer = BUG;
    return !needs_listing(s, e);
}

static void test_every_cell(void)
{
    unsigned int uses[sizeof(cells) / sizeof(cells[0])] = { 0 };
    unsigned int s, e, i, failures = 0, unlisted = 0, reused = 0;
    char first[200] = "";

    for (s = CALL_CLIENT_MAKE_CALL; s < CALL_STATE_COUNT; s++)
    {
        for (e = 0; e < CALL_EVENT_COUNT; e++)
        {
            struct call_state_machine m = { (enum call_state)s, PRIOR };
            struct call_step step;
            struct cell want;
            enum call_state got;

            if (!expected_cell(s, e, &want, uses)) unlisted++;
            memset(&step, 0xcc, sizeof(step));
            got = call_state_step(&m, (enum call_event)e, CARRIED, &step);
            if (got == want.next && m.state == want.next && step.action == want.action
                && step.notify == want.notify && step.status == want.answer && m.status == want.recorded)
                continue;
            if (!failures++)
                snprintf(first, sizeof(first), "%s --%s--> %s action %s notify %d answer %u recorded %#x",
                         call_state_name(s), call_event_name(e), call_state_name(got),
                         call_action_name(step.action), (int)step.notify, (unsigned int)step.status,
                         (unsigned int)m.status);
        }
    }
    for (i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) reused += uses[i] != 1;
    ok(!failures, "%u cells differ, first: %s\n", failures, first);
    ok(!unlisted, "%u application calls have no listed answer\n", unlisted);
    ok(!reused, "%u listed cells are used other than once\n", reused);
}

/* Every cell of every real state is explicit: a zero-initialised cell would name CALL_STATE_NONE. */
static void test_table_complete(void)
{
    unsigned int s, e, holes = 0, first_s = 0, first_e = 0;
    const struct call_transition zero = { 0 };

    ok(zero.next == CALL_STATE_NONE, "a zeroed cell names state %u\n", zero.next);
    for (s = CALL_CLIENT_MAKE_CALL; s < CALL_STATE_COUNT; s++)
        for (e = 0; e < CALL_EVENT_COUNT; e++)
        {
            const struct call_transition *t = call_state_transition(s, e);
            if (t && t->next != CALL_STATE_NONE && t->next < CALL_STATE_COUNT) continue;
            if (!holes++) { first_s = s; first_e = e; }
        }
    ok(!holes, "%u holes, first %s x %s\n", holes, call_state_name(first_s), call_event_name(first_e));
    ok(call_state_transition(CALL_STATE_COUNT, CALL_EVENT_ISSUED) == NULL, "state out of range has a cell\n");
    ok(call_state_transition(CALL_CLIENT_WAIT, CALL_EVENT_COUNT) == NULL, "event out of range has a cell\n");
}

/* Runs events from a fresh machine; returns the last step's answer, counts the notifications. */
static uint32_t run(struct call_state_machine *m, enum call_side side, const enum call_event *events, size_t count,
                    uint32_t event_status, unsigned int *call_notes, unsigned int *send_notes)
{
    struct call_step step = { CALL_ACTION_NONE, CALL_NOTIFY_NONE, BUG };
    size_t i;

    call_state_init(m, side);
    *call_notes = *send_notes = 0;
    for (i = 0; i < count; i++)
    {
        call_state_step(m, events[i], event_status, &step);
        *call_notes += step.notify == CALL_NOTIFY_CALL_COMPLETE;
        *send_notes += step.notify == CALL_NOTIFY_SEND_COMPLETE;
    }
    return step.status;
}

#define RUN(m, side, status, calls, sends, ...) \
    run(m, side, (const enum call_event[]){ __VA_ARGS__ }, \
        sizeof((const enum call_event[]){ __VA_ARGS__ }) / sizeof(enum call_event), status, calls, sends)

static void test_seed_paths(void)
{
    struct call_state_machine m;
    unsigned int calls, sends;
    uint32_t status;

    call_state_init(&m, CALL_SIDE_CLIENT);
    ok(m.state == CALL_CLIENT_MAKE_CALL && m.status == PENDING, "client starts in %s, %u\n",
       call_state_name(m.state), (unsigned int)m.status);
    call_state_init(&m, CALL_SIDE_SERVER);
    ok(m.state == CALL_SERVER_DISPATCH && m.status == PENDING, "server starts in %s, %u\n",
       call_state_name(m.state), (unsigned int)m.status);

    /* Client: C -> Wcomp -> Comp -> End, then freed; one send and one call notification. */
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_GET_STATUS);
    ok(status == PENDING, "status while waiting %u\n", (unsigned int)status);
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_SEND_COMPLETE,
                 CALL_EVENT_REPLY_ARRIVED, CALL_EVENT_GET_STATUS);
    ok(status == OK && m.state == CALL_CLIENT_COMPLETION, "status once the reply is in %u (%s)\n",
       (unsigned int)status, call_state_name(m.state));
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_SEND_COMPLETE,
                 CALL_EVENT_COMPLETE_CALLED, CALL_EVENT_REPLY_ARRIVED, CALL_EVENT_COMPLETE_CALLED);
    ok(status == OK && m.state == CALL_CLIENT_END, "happy path ends %u in %s\n", (unsigned int)status,
       call_state_name(m.state));
    ok(calls == 1 && sends == 1, "happy path notified %u calls, %u sends\n", calls, sends);

    /* Client failure: C -> Can -> (cancel) -> Wcomp -> (the queued failure) -> Comp -> End. */
    status = RUN(&m, CALL_SIDE_CLIENT, 1727, &calls, &sends, CALL_EVENT_ISSUE_FAILED, CALL_EVENT_GET_STATUS);
    ok(status == PENDING && m.state == CALL_CLIENT_CANCEL, "failed issue: status %u in %s\n",
       (unsigned int)status, call_state_name(m.state));
    status = RUN(&m, CALL_SIDE_CLIENT, 1727, &calls, &sends, CALL_EVENT_ISSUE_FAILED, CALL_EVENT_CANCEL,
                 CALL_EVENT_FAILURE_ARRIVED, CALL_EVENT_GET_STATUS);
    ok(status == 1727 && calls == 1, "failed issue after the cancel: status %u, %u notifications\n",
       (unsigned int)status, calls);
    status = RUN(&m, CALL_SIDE_CLIENT, 1727, &calls, &sends, CALL_EVENT_ISSUE_FAILED, CALL_EVENT_CANCEL,
                 CALL_EVENT_FAILURE_ARRIVED, CALL_EVENT_COMPLETE_CALLED, CALL_EVENT_FREED);
    ok(status == OK && m.state == CALL_STATE_FREED && m.status == 1727, "failed issue ends in %s, %u\n",
       call_state_name(m.state), (unsigned int)m.status);

    /* Client exception while issuing: straight to End, no notification. */
    status = RUN(&m, CALL_SIDE_CLIENT, 0xc0000005u, &calls, &sends, CALL_EVENT_ISSUE_RAISED);
    ok(m.state == CALL_CLIENT_END && m.status == 0xc0000005u && calls == 0, "raise: %s, %#x, %u notifications\n",
       call_state_name(m.state), (unsigned int)m.status, calls);

    /* Abortive cancel: RPC_S_OK now, the call completes RPC_S_CALL_CANCELLED, the late reply is dropped. */
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_ABORTIVE_CANCEL);
    ok(status == OK && calls == 1, "abortive cancel answers %u, %u notifications\n", (unsigned int)status, calls);
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_ABORTIVE_CANCEL,
                 CALL_EVENT_REPLY_ARRIVED, CALL_EVENT_COMPLETE_CALLED);
    ok(status == CANCELLED && calls == 1, "complete after an abortive cancel %u, %u notifications\n",
       (unsigned int)status, calls);

    /* Non-abortive cancel: the client keeps waiting; the server's answer decides. */
    status = RUN(&m, CALL_SIDE_CLIENT, 1818, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_CANCEL,
                 CALL_EVENT_GET_STATUS);
    ok(status == PENDING, "status after a non-abortive cancel %u\n", (unsigned int)status);
    status = RUN(&m, CALL_SIDE_CLIENT, 1818, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_CANCEL,
                 CALL_EVENT_FAILURE_ARRIVED, CALL_EVENT_COMPLETE_CALLED);
    ok(status == CANCELLED && calls == 1, "non-abortive cancel completes %u, %u notifications\n",
       (unsigned int)status, calls);

    /* Server: D -> Comp -> End; completing inside the routine goes D -> End. */
    status = RUN(&m, CALL_SIDE_SERVER, 0, &calls, &sends, CALL_EVENT_ROUTINE_RETURNED, CALL_EVENT_COMPLETE_CALLED,
                 CALL_EVENT_SEND_COMPLETE, CALL_EVENT_FREED);
    ok(status == OK && m.state == CALL_STATE_FREED && m.status == OK && calls + sends == 0,
       "server happy path: %u, %s, %u\n", (unsigned int)status, call_state_name(m.state), (unsigned int)m.status);
    status = RUN(&m, CALL_SIDE_SERVER, 0, &calls, &sends, CALL_EVENT_COMPLETE_CALLED, CALL_EVENT_ROUTINE_RETURNED);
    ok(status == OK && m.state == CALL_SERVER_END, "completed inside the routine: %u, %s\n",
       (unsigned int)status, call_state_name(m.state));

    /* Server graceful failure: D -> A (the client orphaned the call) -> abort -> End. */
    status = RUN(&m, CALL_SIDE_SERVER, 5, &calls, &sends, CALL_EVENT_ABORTIVE_CANCEL, CALL_EVENT_ABORT_CALLED);
    ok(status == OK && m.state == CALL_SERVER_END && m.status == CANCELLED, "server A path: %u, %s, %u\n",
       (unsigned int)status, call_state_name(m.state), (unsigned int)m.status);
    /* Server abort with the application's code: the fault carries it. */
    status = RUN(&m, CALL_SIDE_SERVER, 0x20000001u, &calls, &sends, CALL_EVENT_ROUTINE_RETURNED,
                 CALL_EVENT_ABORT_CALLED);
    ok(status == OK && m.status == 0x20000001u, "abort records %#x, answers %u\n", (unsigned int)m.status,
       (unsigned int)status);
    /* Server fatal failure: the routine raises -> End with a fault. */
    status = RUN(&m, CALL_SIDE_SERVER, 0xc0000094u, &calls, &sends, CALL_EVENT_SERVER_RAISED);
    ok(m.state == CALL_SERVER_END && m.status == 0xc0000094u, "raise: %s, %#x\n", call_state_name(m.state),
       (unsigned int)m.status);
}

static void test_wrong_state(void)
{
    struct call_state_machine m;
    unsigned int calls, sends;
    uint32_t status;

    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_COMPLETE_CALLED);
    ok(status == PENDING, "client complete before the reply %u\n", (unsigned int)status);
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_REPLY_ARRIVED,
                 CALL_EVENT_COMPLETE_CALLED, CALL_EVENT_COMPLETE_CALLED);
    ok(status == INVALID, "client complete twice %u\n", (unsigned int)status);
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_REPLY_ARRIVED,
                 CALL_EVENT_CANCEL);
    ok(status == OK && m.state == CALL_CLIENT_COMPLETION && m.status == OK,
       "cancel after completion %u leaves %s, %u\n", (unsigned int)status, call_state_name(m.state),
       (unsigned int)m.status);
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_REPLY_ARRIVED,
                 CALL_EVENT_ABORTIVE_CANCEL, CALL_EVENT_COMPLETE_CALLED);
    ok(status == OK && calls == 1, "abortive cancel after completion: complete %u, %u notifications\n",
       (unsigned int)status, calls);
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_REPLY_ARRIVED,
                 CALL_EVENT_COMPLETE_CALLED, CALL_EVENT_ABORTIVE_CANCEL);
    ok(status == INVALID, "cancel after complete %u\n", (unsigned int)status);
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_REPLY_ARRIVED,
                 CALL_EVENT_COMPLETE_CALLED, CALL_EVENT_GET_STATUS);
    ok(status == INVALID, "status of a finished call %u\n", (unsigned int)status);
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_REPLY_ARRIVED,
                 CALL_EVENT_COMPLETE_CALLED, CALL_EVENT_FREED, CALL_EVENT_GET_STATUS);
    ok(status == INVALID, "status of a freed call %u\n", (unsigned int)status);
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_ABORT_CALLED);
    ok(status == INVALID, "abort on a client call %u\n", (unsigned int)status);
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_CANCEL);
    ok(status == INVALID && m.state == CALL_CLIENT_MAKE_CALL, "cancel while issuing %u\n", (unsigned int)status);
    status = RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_REPLY_ARRIVED,
                 CALL_EVENT_FAILURE_ARRIVED, CALL_EVENT_SEND_COMPLETE, CALL_EVENT_REPLY_ARRIVED,
                 CALL_EVENT_COMPLETE_CALLED);
    ok(status == OK && calls == 1 && sends == 0, "late events: complete %u, %u call and %u send notifications\n",
       (unsigned int)status, calls, sends);

    status = RUN(&m, CALL_SIDE_SERVER, 0, &calls, &sends, CALL_EVENT_COMPLETE_CALLED, CALL_EVENT_COMPLETE_CALLED);
    ok(status == INVALID, "server complete twice %u\n", (unsigned int)status);
    status = RUN(&m, CALL_SIDE_SERVER, 0, &calls, &sends, CALL_EVENT_COMPLETE_CALLED, CALL_EVENT_ABORT_CALLED);
    ok(status == INVALID, "server abort after complete %u\n", (unsigned int)status);
    status = RUN(&m, CALL_SIDE_SERVER, 7, &calls, &sends, CALL_EVENT_ABORT_CALLED, CALL_EVENT_ABORT_CALLED);
    ok(status == INVALID && m.status == 7, "server abort twice %u, recorded %u\n", (unsigned int)status,
       (unsigned int)m.status);
    status = RUN(&m, CALL_SIDE_SERVER, 1726, &calls, &sends, CALL_EVENT_FAILURE_ARRIVED, CALL_EVENT_COMPLETE_CALLED);
    ok(status == 1726 && m.state == CALL_SERVER_END, "server complete after the connection failed %u, %s\n",
       (unsigned int)status, call_state_name(m.state));
    status = RUN(&m, CALL_SIDE_SERVER, 0, &calls, &sends, CALL_EVENT_ISSUED);
    ok(status == BUG && m.state == CALL_SERVER_DISPATCH, "client event on a server call %u, %s\n",
       (unsigned int)status, call_state_name(m.state));

    /* Every event after End and after freed: no action, no notification, freed only once. */
    {
        unsigned int e, bad = 0;
        for (e = 0; e < CALL_EVENT_COUNT; e++)
        {
            struct call_state_machine f = { CALL_STATE_FREED, OK };
            struct call_step step;
            call_state_step(&f, (enum call_event)e, 0, &step);
            bad += f.state != CALL_STATE_FREED || step.action != CALL_ACTION_NONE
                   || step.notify != CALL_NOTIFY_NONE || step.status != INVALID;
        }
        ok(!bad, "%u events acted on a freed call\n", bad);
    }
}

static void test_guards(void)
{
    struct call_state_machine m;
    struct call_step step;
    enum call_state got;

    /* A failure carrying success or "pending" would read as done or running: recorded as a failure. */
    call_state_init(&m, CALL_SIDE_CLIENT);
    call_state_step(&m, CALL_EVENT_ISSUED, 0, NULL);
    call_state_step(&m, CALL_EVENT_FAILURE_ARRIVED, OK, NULL);
    ok(m.status == CALL_RPC_S_CALL_FAILED, "failure carrying RPC_S_OK recorded %u\n", (unsigned int)m.status);
    call_state_init(&m, CALL_SIDE_SERVER);
    call_state_step(&m, CALL_EVENT_ABORT_CALLED, PENDING, NULL);
    ok(m.status == CALL_RPC_S_CALL_FAILED, "abort carrying pending recorded %u\n", (unsigned int)m.status);

    /* The zero row and values out of range are refused without a change. */
    m.state = CALL_STATE_NONE;
    m.status = PRIOR;
    got = call_state_step(&m, CALL_EVENT_GET_STATUS, 0, &step);
    ok(got == CALL_STATE_NONE && step.status == BUG && step.action == CALL_ACTION_NONE && m.status == PRIOR,
       "hole row: %s, %u\n", call_state_name(got), (unsigned int)step.status);
    m.state = CALL_STATE_COUNT;
    got = call_state_step(&m, CALL_EVENT_GET_STATUS, 0, &step);
    ok(got == CALL_STATE_COUNT && step.status == BUG, "state out of range: %d, %u\n", (int)got,
       (unsigned int)step.status);
    call_state_init(&m, CALL_SIDE_CLIENT);
    got = call_state_step(&m, CALL_EVENT_COUNT, 0, &step);
    ok(got == CALL_CLIENT_MAKE_CALL && step.status == BUG, "event out of range: %s, %u\n", call_state_name(got),
       (unsigned int)step.status);
}

static void test_names(void)
{
    unsigned int i, j, bad = 0;

    for (i = 0; i < CALL_STATE_COUNT; i++)
    {
        bad += !call_state_name(i) || !strcmp(call_state_name(i), "?");
        for (j = 0; j < i; j++) bad += !strcmp(call_state_name(i), call_state_name(j));
    }
    for (i = 0; i < CALL_EVENT_COUNT; i++)
    {
        bad += !call_event_name(i) || !strcmp(call_event_name(i), "?");
        for (j = 0; j < i; j++) bad += !strcmp(call_event_name(i), call_event_name(j));
    }
    for (i = 0; i < CALL_ACTION_COUNT; i++)
    {
        bad += !call_action_name(i) || !strcmp(call_action_name(i), "?");
        for (j = 0; j < i; j++) bad += !strcmp(call_action_name(i), call_action_name(j));
    }
    ok(!bad, "%u names missing or repeated\n", bad);
    ok(!strcmp(call_state_name(CALL_STATE_COUNT), "?") && !strcmp(call_event_name(CALL_EVENT_COUNT), "?")
       && !strcmp(call_action_name(CALL_ACTION_COUNT), "?"), "out of range names %s %s %s\n",
       call_state_name(CALL_STATE_COUNT), call_event_name(CALL_EVENT_COUNT), call_action_name(CALL_ACTION_COUNT));
    ok(!strcmp(call_state_name(CALL_CLIENT_WAIT), "client.Wcomp"), "got %s\n", call_state_name(CALL_CLIENT_WAIT));
}

/* The trace line of every kind of step formats cleanly (under the sanitizers). */
static void test_trace_lines(void)
{
    unsigned int saved = trace_mask, calls, sends;
    struct call_state_machine m;

    trace_mask |= 1u << TRACE_CALL;
    RUN(&m, CALL_SIDE_CLIENT, 0, &calls, &sends, CALL_EVENT_ISSUED, CALL_EVENT_SEND_COMPLETE,
        CALL_EVENT_REPLY_ARRIVED, CALL_EVENT_COMPLETE_CALLED, CALL_EVENT_FREED);
    m.state = CALL_STATE_COUNT;
    call_state_step(&m, CALL_EVENT_FREED, 0, NULL);
    trace_mask = saved;
    ok(calls == 1 && sends == 1, "traced path notified %u, %u\n", calls, sends);
}

START_TEST(call_state)
{
    test_table_complete();
    test_every_cell();
    test_seed_paths();
    test_wrong_state();
    test_guards();
    test_names();
    test_trace_lines();
}
