/* rpc_async_interop.c: asynchronous calls between processes: ours against Wine's builtin both ways, and peers that vanish mid-call. */
#include <winsock2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_test.h"
#include "async_test_if.h"
#include "async_test_sync.h"
#include "free_port.h"
#include "peer_process.h"
#include "process_counts.h"
#include "seh.h"
#include "test.h"

/* The test program runs itself as a child (peer_process.h); the roles:
 *   "sync_server TAG PORT"   serve async_test with synchronous server stubs (srv_sync_at_*, from
 *                            async_test_sync.idl) until told to stop: Wine's builtin serving our async client;
 *   "async_server TAG PORT"  serve it with the [async] server stubs (async_test_if.c): the server that is killed;
 *   "sync_client TAG PORT"   synchronous calls (sync_at_*) to TAG's endpoints, failures in the exit code:
 *                            Wine's builtin calling our async server;
 *   "hold TAG PORT"          an [async] at_hold on each of TAG's endpoints, then wait to be killed.
 * Either server releases its TAG's busy semaphore once per at_hold call it holds.
 * The server routines answer alike with either stubs: at_add gives the sum in *sum and the difference as
 * its result. */
#define UNIT "rpc_async_interop"

/* The tokens of held calls: each test its own, one per protocol sequence (two in test_server_killed). */
#define TOKEN_BUILTIN_SERVER 1
#define TOKEN_BUILTIN_CLIENT 4    /* one at a time */
#define TOKEN_SERVER_KILLED  8
#define TOKEN_CLIENT_KILLED  16

/* ---- the synchronous server routines (async_test_sync.idl), for a server child on Wine's builtin ---- */

#define SYNC_MAX_HELD 32

static SRWLOCK sync_lock = SRWLOCK_INIT;
static CONDITION_VARIABLE sync_released = CONDITION_VARIABLE_INIT;
static struct { BOOL held, released; int result; } sync_held[SYNC_MAX_HELD];
static HANDLE sync_busy;

int srv_sync_at_add(int a, int b, int *sum)
{
    *sum = a + b;
    return a - b;
}

int srv_sync_at_echo(int n, const byte *data, byte *copy)
{
    memcpy(copy, data, n);
    return n;
}

/* Blocks until srv_sync_at_release(token) and returns the result it gave; -1 when token is out of range or
 * held already, or after PEER_WAIT_MS. */
int srv_sync_at_hold(int token)
{
    DWORD start = GetTickCount();
    int result = -1;

    if (token < 0 || token >= SYNC_MAX_HELD) return -1;
    AcquireSRWLockExclusive(&sync_lock);
    if (!sync_held[token].held)
    {
        sync_held[token].held = TRUE;
        ReleaseSemaphore(sync_busy, 1, NULL);
        while (!sync_held[token].released && GetTickCount() - start < PEER_WAIT_MS)
            SleepConditionVariableSRW(&sync_released, &sync_lock, 100, 0);
        if (sync_held[token].released) result = sync_held[token].result;
        sync_held[token].held = sync_held[token].released = FALSE;
    }
    ReleaseSRWLockExclusive(&sync_lock);
    return result;
}

/* 0 when a call was held under token (it returns result now), else ~0u, as srv_at_release answers. */
int srv_sync_at_release(int token, int result)
{
    int status = (int)~0u;

    if (token < 0 || token >= SYNC_MAX_HELD) return status;
    AcquireSRWLockExclusive(&sync_lock);
    if (sync_held[token].held && !sync_held[token].released)
    {
        sync_held[token].released = TRUE;
        sync_held[token].result = result;
        status = 0;
        WakeAllConditionVariable(&sync_released);
    }
    ReleaseSRWLockExclusive(&sync_lock);
    return status;
}

int srv_sync_at_abort(unsigned int code)
{
    RpcRaiseException(code);
    return 0;
}

/* Waits wait_ms and answers 0: it cannot look for the client's cancel, since Wine's builtin leaves
 * RpcServerTestCancel as an unimplemented stub (which raises). */
int srv_sync_at_test_cancel(int wait_ms)
{
    Sleep(wait_ms);
    return 0;
}

int srv_sync_at_sync_add(int a, int b)
{
    return a + b;
}

/* ---- the child's side ---- */

static void sync_abort_body(void *arg)
{
    (void)arg;
    sync_at_abort(0x1234);
}

/* The synchronous calls of a client on Wine's builtin to our [async] server stubs, through
 * async_test_sync_binding; any exception they raise ends them (the caller reports it). The held call is
 * released by another client: the parent. */
static void sync_checks_body(void *arg)
{
    static byte data[100000], copy[sizeof(data)];
    const char *protseq = arg;
    int result, sum = -5;
    unsigned int i;
    DWORD code = 0;

    result = sync_at_add(20, 22, &sum);
    ok(result == -2 && sum == 42, "%s: at_add(20, 22) gave %d, sum %d\n", protseq, result, sum);
    for (i = 0; i < sizeof(data); i++) data[i] = (byte)(i * 7 + 3);
    memset(copy, 0, sizeof(copy));
    result = sync_at_echo(sizeof(data), data, copy);
    ok(result == (int)sizeof(data) && !memcmp(data, copy, sizeof(data)), "%s: at_echo of %u bytes gave %d, %s\n",
       protseq, (unsigned int)sizeof(data), result, memcmp(data, copy, sizeof(data)) ? "differing" : "equal");
    ok(!seh_call(sync_abort_body, NULL, NULL, NULL, &code) && code == 0x1234, "%s: at_abort(0x1234) raised %#lx\n",
       protseq, code);
    result = sync_at_sync_add(5, 6);
    ok(result == 11, "%s: at_sync_add(5, 6) gave %d\n", protseq, result);
    result = sync_at_hold(TOKEN_BUILTIN_CLIENT);
    ok(result == 77, "%s: the held call gave %d\n", protseq, result);
    /* The same call through async_test.idl's explicit handle_t: widl lists the handle among the parameters too,
     * and the builtin sends its low 32 bits, which our server (like native) does not expect. */
    result = at_sync_add(async_test_sync_binding, 5, 6);
    todo_builtin ok(result == 11, "%s: at_sync_add(5, 6) with an explicit handle gave %d\n", protseq, result);
}

static void child_sync_client(const char *tag, unsigned int port)
{
    unsigned int i;
    DWORD code;

    for (i = 0; i < PEER_PROTSEQ_COUNT; i++)
    {
        if (!(async_test_sync_binding = peer_bind(i, tag, port))) continue;
        if (!seh_call(sync_checks_body, (void *)peer_protseqs[i], NULL, NULL, &code))
            ok(0, "%s: a synchronous call raised %#lx\n", peer_protseqs[i], code);
        RpcBindingFree(&async_test_sync_binding);
    }
}

static void child_hold(const char *tag, unsigned int port)
{
    static RPC_ASYNC_STATE states[PEER_PROTSEQ_COUNT];
    RPC_BINDING_HANDLE binding;
    unsigned int i;
    DWORD code;

    for (i = 0; i < PEER_PROTSEQ_COUNT; i++)
    {
        if (!(binding = peer_bind(i, tag, port))) continue;
        async_test_init_state(&states[i], RpcNotificationTypeNone);
        code = async_test_issue(binding, &states[i], ASYNC_TEST_HOLD, TOKEN_CLIENT_KILLED + i, 0, NULL, NULL);
        ok(code == 0, "%s: at_hold raised %#lx\n", peer_protseqs[i], code);
    }
    Sleep(2 * PEER_WAIT_MS);
    ExitProcess(3);
}

/* Runs the child role PEER_CHILD_VARIABLE names; FALSE when this is not a child. */
static BOOL run_child(void)
{
    const char *value = getenv(PEER_CHILD_VARIABLE);
    char role[16], tag[32];
    unsigned int port;

    if (!value || sscanf(value, "%15s %31s %u", role, tag, &port) != 3) return FALSE;
    if (!strcmp(role, "sync_server")) peer_serve(tag, port, srv_async_test_sync_v1_0_s_ifspec, &sync_busy);
    else if (!strcmp(role, "async_server")) peer_serve(tag, port, srv_async_test_v1_0_s_ifspec, &async_test_busy);
    else if (!strcmp(role, "sync_client")) child_sync_client(tag, port);
    else if (!strcmp(role, "hold")) child_hold(tag, port);
    else ok(0, "unknown child role %s\n", test_dbgstr_a(value));
    return TRUE;
}

/* ---- the parent's side ---- */

/* A synchronous call of the [async] stubs' interface: at_release(a, b) or at_sync_add(a, b). */
struct sync_call
{
    RPC_BINDING_HANDLE binding;
    BOOL release;
    int a, b, result;
};

static void sync_call_body(void *arg)
{
    struct sync_call *call = arg;

    call->result = call->release ? at_release(call->binding, call->a, call->b) : at_sync_add(call->binding, call->a,
                                                                                            call->b);
}

/* Makes the call; its result, or what it raised as "raised CODE" in the message of the failed check. */
static int sync_call(RPC_BINDING_HANDLE binding, BOOL release, int a, int b, const char *protseq)
{
    struct sync_call call = { binding, release, a, b, -5 };
    DWORD code;

    if (!seh_call(sync_call_body, &call, NULL, NULL, &code))
        ok(0, "%s: %s raised %#lx\n", protseq, release ? "at_release" : "at_sync_add", code);
    return call.result;
}

/* One [async] call as the parent makes and watches it. */
struct watched
{
    RPC_ASYNC_STATE state;
    HANDLE event;           /* the event notification's, NULL for a callback */
    LONG notified;          /* callbacks (RpcCallComplete) */
    int sum, reply;
};

static void RPC_ENTRY count_callback(PRPC_ASYNC_STATE async, void *context, RPC_ASYNC_EVENT event)
{
    struct watched *call = async->UserInfo;

    (void)context;
    if (event == RpcCallComplete) InterlockedIncrement(&call->notified);
}

/* Readies call for an event notification (with_event) or a callback. */
static void watch(struct watched *call, BOOL with_event)
{
    async_test_init_state(&call->state, with_event ? RpcNotificationTypeEvent : RpcNotificationTypeCallback);
    call->state.UserInfo = call;
    call->notified = 0;
    call->sum = call->reply = -5;
    call->event = NULL;
    if (with_event) call->state.u.hEvent = call->event = CreateEventW(NULL, FALSE, FALSE, NULL);
    else call->state.u.NotificationRoutine = count_callback;
}

/* Waits up to ms for the call's notification; TRUE when it came. */
static BOOL wait_notified(struct watched *call, DWORD ms)
{
    DWORD start = GetTickCount();

    if (call->event) return !WaitForSingleObject(call->event, ms);
    while (!call->notified && GetTickCount() - start < ms) Sleep(1);
    return call->notified != 0;
}

/* After its completion: no second notification came (a callback's count stays 1, the event stays unset). */
static BOOL notified_once(struct watched *call)
{
    Sleep(50);
    if (call->event) return WaitForSingleObject(call->event, 0) == WAIT_TIMEOUT;
    return call->notified == 1;
}

static void unwatch(struct watched *call)
{
    if (call->event) CloseHandle(call->event);
    call->event = NULL;
}

/* at_add(a, b) with an event or callback notification, completed once notified: [out] and result right. */
static void check_add(RPC_BINDING_HANDLE binding, const char *protseq, BOOL with_event, int a, int b)
{
    const char *how = with_event ? "event" : "callback";
    struct watched call;
    RPC_STATUS status;
    DWORD code;

    watch(&call, with_event);
    code = async_test_issue(binding, &call.state, ASYNC_TEST_ADD, a, b, &call.sum, NULL);
    ok(code == 0, "%s, %s: at_add raised %#lx\n", protseq, how, code);
    if (!code)
    {
        ok(wait_notified(&call, PEER_WAIT_MS), "%s, %s: at_add was not notified\n", protseq, how);
        status = RpcAsyncCompleteCall(&call.state, &call.reply);
        ok(status == RPC_S_OK && call.reply == a - b && call.sum == a + b,
           "%s, %s: at_add(%d, %d) completed with %ld, result %d, sum %d\n", protseq, how, a, b, status, call.reply,
           call.sum);
        ok(notified_once(&call), "%s, %s: at_add was notified again\n", protseq, how);
    }
    unwatch(&call);
}

/* at_echo of 100000 bytes (several fragments each way) with an event notification. */
static void check_echo(RPC_BINDING_HANDLE binding, const char *protseq)
{
    static byte data[100000], copy[sizeof(data)];
    struct watched call;
    RPC_STATUS status;
    unsigned int i;
    DWORD code;

    for (i = 0; i < sizeof(data); i++) data[i] = (byte)(i * 13 + 1);
    memset(copy, 0, sizeof(copy));
    watch(&call, TRUE);
    code = async_test_issue(binding, &call.state, ASYNC_TEST_ECHO, sizeof(data), 0, copy, data);
    ok(code == 0, "%s: at_echo raised %#lx\n", protseq, code);
    if (!code)
    {
        ok(wait_notified(&call, PEER_WAIT_MS), "%s: at_echo was not notified\n", protseq);
        status = RpcAsyncCompleteCall(&call.state, &call.reply);
        ok(status == RPC_S_OK && call.reply == (int)sizeof(data) && !memcmp(data, copy, sizeof(data)),
           "%s: at_echo of %u bytes completed with %ld, result %d, %s\n", protseq, (unsigned int)sizeof(data), status,
           call.reply, memcmp(data, copy, sizeof(data)) ? "differing" : "equal");
    }
    unwatch(&call);
}

/* An abortive cancel of a call the server holds: it completes at once, notified once, with
 * RPC_S_CALL_CANCELLED; the server's routine is then released and the server keeps serving. */
static void check_abortive_cancel(RPC_BINDING_HANDLE binding, const char *protseq, HANDLE busy, int token)
{
    struct watched call;
    RPC_STATUS status;
    DWORD code;
    int released;

    watch(&call, FALSE);
    code = async_test_issue(binding, &call.state, ASYNC_TEST_HOLD, token, 0, NULL, NULL);
    ok(code == 0, "%s: at_hold raised %#lx\n", protseq, code);
    if (code) return;
    ok(peer_wait_busy(busy, 1), "%s: the held call did not reach the server\n", protseq);
    status = RpcAsyncCancelCall(&call.state, TRUE);
    ok(status == RPC_S_OK, "%s: RpcAsyncCancelCall(TRUE) got %ld\n", protseq, status);
    ok(call.notified == 1, "%s: the abortive cancel notified %ld times\n", protseq, call.notified);
    status = RpcAsyncGetCallStatus(&call.state);
    ok(status == RPC_S_CALL_CANCELLED, "%s: status after the abortive cancel %ld\n", protseq, status);
    status = RpcAsyncCompleteCall(&call.state, &call.reply);
    ok(status == RPC_S_CALL_CANCELLED && call.reply == -5, "%s: completing the cancelled call got %ld, result %d\n",
       protseq, status, call.reply);
    released = sync_call(binding, TRUE, token, 5, protseq);
    ok(released == 0, "%s: releasing the cancelled call's routine got %d\n", protseq, released);
    ok(notified_once(&call), "%s: %ld notifications of the cancelled call\n", protseq, call.notified);
}

/* A non-abortive cancel of a call to Wine's builtin: the co_cancel goes out, and the builtin ignores it: the
 * call runs its course and is answered as usual. */
static void check_cancel_ignored(RPC_BINDING_HANDLE binding, const char *protseq)
{
    struct watched call;
    RPC_STATUS status;
    DWORD code, start = GetTickCount(), took;

    watch(&call, TRUE);
    code = async_test_issue(binding, &call.state, ASYNC_TEST_TEST_CANCEL, 500, 0, NULL, NULL);
    ok(code == 0, "%s: at_test_cancel raised %#lx\n", protseq, code);
    if (code) return;
    Sleep(50);
    status = RpcAsyncCancelCall(&call.state, FALSE);
    ok(status == RPC_S_OK, "%s: RpcAsyncCancelCall(FALSE) got %ld\n", protseq, status);
    ok(wait_notified(&call, PEER_WAIT_MS), "%s: the cancelled call was not notified\n", protseq);
    took = GetTickCount() - start;
    status = RpcAsyncCompleteCall(&call.state, &call.reply);
    ok(status == RPC_S_OK && call.reply == 0, "%s: completing the cancelled call got %ld, result %d\n", protseq,
       status, call.reply);
    ok(took >= 450, "%s: the cancelled call ended after %lu ms, before its routine did\n", protseq, took);
    ok(notified_once(&call), "%s: the cancelled call was notified again\n", protseq);
    unwatch(&call);
}

/* Our async client calls a server child on Wine's builtin, which serves with synchronous stubs. */
static void test_builtin_server(void)
{
    RPC_BINDING_HANDLE binding;
    struct peer child = { 0 };
    unsigned int i;
    int sum;

    trace("async client on %s rpcrt4, synchronous server child on %s rpcrt4\n", peer_rpcrt4_name(FALSE),
          peer_rpcrt4_name(TRUE));
    if (!peer_start_server(&child, 1, test_free_port(), UNIT, "sync_server", TRUE)) return;
    for (i = 0; i < PEER_PROTSEQ_COUNT; i++)
    {
        if (!(binding = peer_bind(i, child.tag, child.port))) continue;
        check_add(binding, peer_protseqs[i], TRUE, 20, 22);
        check_add(binding, peer_protseqs[i], FALSE, 100, 1);
        check_echo(binding, peer_protseqs[i]);
        check_abortive_cancel(binding, peer_protseqs[i], child.busy, TOKEN_BUILTIN_SERVER + i);
        check_add(binding, peer_protseqs[i], TRUE, 7, 9);
        check_cancel_ignored(binding, peer_protseqs[i]);
        /* The builtin does not know co_cancel: its reader gives up the connection, which closes once the call
         * was answered. When that was the last one, its association group went with it; let our client see
         * the close first, else the next call could take the connection from the pool and race it. */
        Sleep(100);
        sum = sync_call(binding, FALSE, 5, 6, peer_protseqs[i]);
        ok(sum == 11, "%s: at_sync_add after the cancels gave %d\n", peer_protseqs[i], sum);
        RpcBindingFree(&binding);
    }
    peer_stop_server(&child);
}

/* A client child on Wine's builtin calls our [async] server stubs synchronously; on each transport, the
 * parent releases the call it holds (another client). The child's exit code says how its checks went. */
static void test_builtin_client(const char *tag, unsigned int port)
{
    RPC_BINDING_HANDLE binding;
    struct peer child = { 0 };
    unsigned int i;
    DWORD code;
    int released;

    trace("synchronous client child on %s rpcrt4, async server on %s rpcrt4\n", peer_rpcrt4_name(TRUE),
          peer_rpcrt4_name(FALSE));
    snprintf(child.tag, sizeof(child.tag), "%s", tag);
    child.port = port;
    if (!peer_spawn(&child, UNIT, "sync_client", NULL, TRUE)) return;
    for (i = 0; i < PEER_PROTSEQ_COUNT; i++)
    {
        if (!async_test_wait_held(1, PEER_WAIT_MS))
        {
            ok(0, "%s: the client child's call was not held\n", peer_protseqs[i]);
            break;
        }
        if (!(binding = peer_bind(i, tag, port))) continue;
        released = sync_call(binding, TRUE, TOKEN_BUILTIN_CLIENT, 77, peer_protseqs[i]);
        ok(released == 0, "%s: releasing the client child's call got %d\n", peer_protseqs[i], released);
        RpcBindingFree(&binding);
    }
    code = peer_end(&child);
    ok(code == 0, "the client child on %s rpcrt4 ended with %lu (its failures are above)\n", peer_rpcrt4_name(TRUE),
       code);
    ok(async_test_held_count == 0, "%ld calls still held after the client child\n", async_test_held_count);
}

/* A server killed while [async] calls to it are held on each transport: each is notified once, soon, and
 * completes with RPC_S_CALL_FAILED (the connection was lost after the request went out). */
static void test_server_killed(void)
{
    struct watched calls[PEER_PROTSEQ_COUNT * 2];
    RPC_BINDING_HANDLE bindings[PEER_PROTSEQ_COUNT] = { 0 };
    struct peer child = { 0 };
    unsigned int i, issued[PEER_PROTSEQ_COUNT * 2] = { 0 }, count = 0;
    RPC_STATUS status;
    DWORD killed_at, took;

    if (!peer_start_server(&child, 2, test_free_port(), UNIT, "async_server", FALSE)) return;
    for (i = 0; i < PEER_PROTSEQ_COUNT; i++) bindings[i] = peer_bind(i, child.tag, child.port);
    for (i = 0; i < PEER_PROTSEQ_COUNT * 2; i++)
    {
        if (!bindings[i / 2]) continue;
        watch(&calls[i], i & 1);
        issued[i] = !async_test_issue(bindings[i / 2], &calls[i].state, ASYNC_TEST_HOLD, TOKEN_SERVER_KILLED + i, 0,
                                      NULL, NULL);
        ok(issued[i], "%s: at_hold did not go out\n", peer_protseqs[i / 2]);
        count += issued[i];
    }
    ok(peer_wait_busy(child.busy, count), "the server child did not hold %u calls\n", count);
    TerminateProcess(child.info.hProcess, 9);
    killed_at = GetTickCount();
    for (i = 0; i < PEER_PROTSEQ_COUNT * 2; i++)
    {
        const char *how = i & 1 ? "event" : "callback";

        if (!issued[i]) continue;
        ok(wait_notified(&calls[i], PEER_WAIT_MS), "%s, %s: the call to the killed server was not notified\n",
           peer_protseqs[i / 2], how);
        took = GetTickCount() - killed_at;
        status = RpcAsyncCompleteCall(&calls[i].state, &calls[i].reply);
        trace("%s, %s: the call to the killed server completed %lu ms after the kill, with %ld\n",
              peer_protseqs[i / 2], how, took, status);
        ok(status == RPC_S_CALL_FAILED, "%s, %s: the call to the killed server completed with %ld\n",
           peer_protseqs[i / 2], how, status);
        ok(took < 5000, "%s, %s: the call to the killed server took %lu ms to fail\n", peer_protseqs[i / 2], how,
           took);
        ok(notified_once(&calls[i]), "%s, %s: the call to the killed server was notified again\n",
           peer_protseqs[i / 2], how);
        unwatch(&calls[i]);
    }
    for (i = 0; i < PEER_PROTSEQ_COUNT; i++) if (bindings[i]) RpcBindingFree(&bindings[i]);
    peer_end(&child);
    peer_close_objects(&child);
}

/* A client child killed while our server holds an [async] call of it on each transport: the server's later
 * RpcAsyncCompleteCall on each answers the failure, and the server's handles come back to where they were. */
static void test_client_killed(const char *tag, unsigned int port)
{
    DWORD handles_before, handles_after = 0, start;
    RPC_BINDING_HANDLE binding;
    struct peer child = { 0 };
    RPC_STATUS status;
    unsigned int i;
    int sum;

    snprintf(child.tag, sizeof(child.tag), "%s", tag);
    child.port = port;
    async_test_busy = peer_object("busy", tag, TRUE);
    handles_before = process_handles();
    if (!peer_spawn(&child, UNIT, "hold", NULL, FALSE))
    {
        CloseHandle(async_test_busy);
        async_test_busy = NULL;
        return;
    }
    ok(peer_wait_busy(async_test_busy, PEER_PROTSEQ_COUNT), "the client child's calls did not reach the server\n");
    TerminateProcess(child.info.hProcess, 9);
    peer_end(&child);
    /* Nothing the server's APIs show tells when it saw the connections go: give it the time. */
    Sleep(1000);
    for (i = 0; i < PEER_PROTSEQ_COUNT; i++)
    {
        status = async_test_complete_held(TOKEN_CLIENT_KILLED + i, 0);
        ok(status == RPC_S_CALL_FAILED, "%s: completing the call of a killed client got %ld\n", peer_protseqs[i],
           status);
    }
    for (start = GetTickCount(); GetTickCount() - start < 2000; Sleep(50))
        if ((handles_after = process_handles()) <= handles_before) break;
    trace("the server's handles: %lu before the client child, %lu after its calls were completed\n", handles_before,
          handles_after);
    ok(handles_after <= handles_before, "the server's handles went from %lu to %lu\n", handles_before,
       handles_after);
    for (i = 0; i < PEER_PROTSEQ_COUNT; i++)
    {
        if (!(binding = peer_bind(i, tag, port))) continue;
        sum = sync_call(binding, FALSE, 2, 3, peer_protseqs[i]);
        ok(sum == 5, "%s: at_sync_add after the client was killed gave %d\n", peer_protseqs[i], sum);
        RpcBindingFree(&binding);
    }
    CloseHandle(async_test_busy);
    async_test_busy = NULL;
}

START_TEST(rpc_async_interop)
{
    unsigned int port;
    RPC_STATUS status;
    char tag[32];
    WSADATA wsa;

    if (run_child()) return;
    if (test_target == TARGET_WINE_BUILTIN)
    {
        skip("Wine's builtin leaves RpcAsyncGetCallStatus and RpcAsyncCancelCall as stubs (see rpc_async); its "
             "pairings with ours run under TARGET=ours\n");
        return;
    }
    WSAStartup(MAKEWORD(2, 2), &wsa);
    snprintf(tag, sizeof(tag), "%lu_0", GetCurrentProcessId());
    port = test_free_port();
    status = peer_listen(tag, port, srv_async_test_v1_0_s_ifspec);
    ok(status == RPC_S_OK, "the parent's server did not start: %ld\n", status);

    if (test_target != TARGET_OURS) skip("not on Wine: no other rpcrt4 to pair with\n");
    else if (peer_prepare_other())
    {
        test_builtin_server();
        if (!status) test_builtin_client(tag, port);
        peer_remove_other();
    }
    test_server_killed();
    if (!status)
    {
        test_client_killed(tag, port);
        status = RpcMgmtStopServerListening(NULL);
        ok(status == RPC_S_OK, "RpcMgmtStopServerListening got %ld\n", status);
        status = RpcServerUnregisterIf(srv_async_test_v1_0_s_ifspec, NULL, TRUE);
        ok(status == RPC_S_OK, "RpcServerUnregisterIf got %ld\n", status);
    }
    WSACleanup();
}
