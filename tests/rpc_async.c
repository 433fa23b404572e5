/* rpc_async.c: asynchronous calls through [async] stubs to a server in the same process: every notification, the call's states, cancels, aborts, many in flight. */
#include <winsock2.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_test.h"
#include "free_port.h"
#include "process_counts.h"
#include "seh.h"
#include "test.h"

/* Generous: only there so that a broken runtime fails instead of hanging. */
#define WAIT_MS 30000

/* ---- the server routines ---- */

/* Calls the server holds until at_release, at_release_all (or the test) completes them. */
static PRPC_ASYNC_STATE held[AT_MAX_HELD];
static LONG held_count;
/* What the server's second RpcAsyncCompleteCall on an at_add call answered. */
static RPC_STATUS second_complete = ~0u;
/* RpcServerTestCancel(NULL) inside at_test_cancel: the call runs on the dispatching thread. */
static RPC_STATUS test_cancel_current = ~0u;

void srv_at_add(PRPC_ASYNC_STATE async, handle_t h, int a, int b, int *sum)
{
    int result = a + b;

    (void)h;
    *sum = result;
    RpcAsyncCompleteCall(async, &result);
    second_complete = RpcAsyncCompleteCall(async, &result);
}

void srv_at_echo(PRPC_ASYNC_STATE async, handle_t h, int n, const byte *data, byte *copy)
{
    (void)h;
    memcpy(copy, data, n);
    RpcAsyncCompleteCall(async, &n);
}

void srv_at_hold(PRPC_ASYNC_STATE async, handle_t h, int token)
{
    (void)h;
    if (token < 0 || token >= AT_MAX_HELD || InterlockedCompareExchangePointer((void **)&held[token], async, NULL))
    {
        RpcAsyncAbortCall(async, ERROR_INVALID_PARAMETER);
        return;
    }
    InterlockedIncrement(&held_count);
}

/* Completes the held call token with result, from whatever thread runs it; its status, or ~0u when no
 * call is held under token. */
static RPC_STATUS complete_held(int token, int result)
{
    PRPC_ASYNC_STATE async;

    if (token < 0 || token >= AT_MAX_HELD || !(async = InterlockedExchangePointer((void **)&held[token], NULL)))
        return ~0u;
    InterlockedDecrement(&held_count);
    return RpcAsyncCompleteCall(async, &result);
}

int srv_at_release(handle_t h, int token, int result)
{
    (void)h;
    return (int)complete_held(token, result);
}

int srv_at_held_count(handle_t h)
{
    (void)h;
    return InterlockedCompareExchange(&held_count, 0, 0);
}

int srv_at_release_all(handle_t h)
{
    int token, released = 0;

    (void)h;
    for (token = 0; token < AT_MAX_HELD; token++) released += complete_held(token, token) == RPC_S_OK;
    return released;
}

void srv_at_abort(PRPC_ASYNC_STATE async, handle_t h, unsigned int code)
{
    (void)h;
    RpcAsyncAbortCall(async, code);
}

/* Polls for the client's cancel for up to wait_ms; answers 1 when it came, else 0. */
void srv_at_test_cancel(PRPC_ASYNC_STATE async, handle_t h, int wait_ms)
{
    DWORD start = GetTickCount();
    int seen = 0;

    (void)h;
    test_cancel_current = RpcServerTestCancel(NULL);
    while (GetTickCount() - start < (DWORD)wait_ms)
    {
        if (RpcServerTestCancel(RpcAsyncGetCallHandle(async)) == RPC_S_OK)
        {
            seen = 1;
            break;
        }
        Sleep(10);
    }
    RpcAsyncCompleteCall(async, &seen);
}

int srv_at_sync_add(handle_t h, int a, int b)
{
    (void)h;
    return a + b;
}

/* MIDL_user_allocate and MIDL_user_free come from ndr_call.c, in the same test program. */

/* ---- the client side ---- */

/* A notification as the client saw it. */
static LONG notified_complete, notified_send;
static DWORD notify_thread;
static RPC_ASYNC_EVENT last_event;

static void RPC_ENTRY count_notification(PRPC_ASYNC_STATE async, void *context, RPC_ASYNC_EVENT event)
{
    (void)async; (void)context;
    last_event = event;
    notify_thread = GetCurrentThreadId();
    if (event == RpcCallComplete) InterlockedIncrement(&notified_complete);
    else if (event == RpcSendComplete) InterlockedIncrement(&notified_send);
}

/* Issues a call through a stub, catching what it raises (RPC_S_OK when it returned). */
struct issue
{
    RPC_BINDING_HANDLE binding;
    PRPC_ASYNC_STATE async;
    int op;           /* 0 add, 2 hold, 4 abort, 5 test_cancel */
    int a, b;
    int *sum;
};

static void issue_body(void *arg)
{
    struct issue *issue = arg;

    switch (issue->op)
    {
    case 0: at_add(issue->async, issue->binding, issue->a, issue->b, issue->sum); break;
    case 2: at_hold(issue->async, issue->binding, issue->a); break;
    case 4: at_abort(issue->async, issue->binding, (unsigned int)issue->a); break;
    case 5: at_test_cancel(issue->async, issue->binding, issue->a); break;
    }
}

static DWORD issue_call(RPC_BINDING_HANDLE binding, PRPC_ASYNC_STATE async, int op, int a, int b, int *sum)
{
    struct issue issue = { binding, async, op, a, b, sum };
    DWORD code = 0;

    seh_call(issue_body, &issue, NULL, NULL, &code);
    return code;
}

static void init_async(PRPC_ASYNC_STATE async, RPC_NOTIFICATION_TYPES type)
{
    RPC_STATUS status;

    memset(async, 0xcc, sizeof(*async));
    status = RpcAsyncInitializeHandle(async, sizeof(*async));
    ok(status == RPC_S_OK, "RpcAsyncInitializeHandle got %ld\n", status);
    async->UserInfo = NULL;
    async->NotificationType = type;
    async->Flags = 0;
}

/* Waits until RpcAsyncGetCallStatus stops answering RPC_S_ASYNC_CALL_PENDING; its last answer. */
static RPC_STATUS poll_status(PRPC_ASYNC_STATE async)
{
    DWORD start = GetTickCount();
    RPC_STATUS status;

    while ((status = RpcAsyncGetCallStatus(async)) == RPC_S_ASYNC_CALL_PENDING && GetTickCount() - start < WAIT_MS)
        Sleep(1);
    return status;
}

/* One at_add(20, 22) with the given notification, the wait that suits it, and the completion. */
static void test_notification(RPC_BINDING_HANDLE binding, const char *protseq, RPC_NOTIFICATION_TYPES type)
{
    static const char *const names[] = { "none", "event", "apc", "ioc", "hwnd", "callback" };
    RPC_ASYNC_STATE async;
    OVERLAPPED overlapped, *got_overlapped = NULL;
    HANDLE event = NULL, port = NULL;
    HWND hwnd = NULL;
    ULONG_PTR key = 0;
    DWORD bytes = 0, code, wait;
    RPC_STATUS status;
    int sum = -1, reply = -1;
    MSG msg;

    init_async(&async, type);
    notified_complete = notified_send = 0;
    switch (type)
    {
    case RpcNotificationTypeEvent:
        async.u.hEvent = event = CreateEventW(NULL, FALSE, FALSE, NULL);
        break;
    case RpcNotificationTypeApc:
        async.u.APC.NotificationRoutine = count_notification;
        async.u.APC.hThread = NULL;    /* this thread */
        break;
    case RpcNotificationTypeIoc:
        async.u.IOC.hIOPort = port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
        async.u.IOC.dwNumberOfBytesTransferred = 1234;
        async.u.IOC.dwCompletionKey = 0x5678;
        async.u.IOC.lpOverlapped = &overlapped;
        break;
    case RpcNotificationTypeHwnd:
        async.u.HWND.hWnd = hwnd = CreateWindowExW(0, L"STATIC", L"rpc_async", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL,
                                                   NULL, NULL);
        async.u.HWND.Msg = WM_USER + 7;
        ok(hwnd != NULL, "CreateWindowEx got error %lu\n", GetLastError());
        break;
    case RpcNotificationTypeCallback:
        async.u.NotificationRoutine = count_notification;
        break;
    default:
        break;
    }
    code = issue_call(binding, &async, 0, 20, 22, &sum);
    ok(code == 0, "%s, %s: at_add raised %lu\n", protseq, names[type], code);
    if (code) return;

    switch (type)
    {
    case RpcNotificationTypeNone:
        status = poll_status(&async);
        ok(status == RPC_S_OK, "%s, none: RpcAsyncGetCallStatus got %ld after the call completed\n", protseq, status);
        break;
    case RpcNotificationTypeEvent:
        wait = WaitForSingleObject(event, WAIT_MS);
        ok(wait == WAIT_OBJECT_0, "%s, event: wait got %lu\n", protseq, wait);
        break;
    case RpcNotificationTypeApc:
        /* the APC runs only when this thread waits alertably */
        wait = SleepEx(WAIT_MS, TRUE);
        ok(wait == WAIT_IO_COMPLETION, "%s, apc: SleepEx got %lu\n", protseq, wait);
        ok(notified_complete == 1 && notify_thread == GetCurrentThreadId(),
           "%s, apc: %ld notifications, on thread %lu (this one %lu)\n", protseq, notified_complete, notify_thread,
           GetCurrentThreadId());
        break;
    case RpcNotificationTypeIoc:
        ok(GetQueuedCompletionStatus(port, &bytes, &key, &got_overlapped, WAIT_MS),
           "%s, ioc: GetQueuedCompletionStatus failed, error %lu\n", protseq, GetLastError());
        ok(bytes == 1234 && key == 0x5678 && got_overlapped == &overlapped,
           "%s, ioc: got bytes %lu, key %#Ix, overlapped %p (want 1234, 0x5678, %p)\n", protseq, bytes, key,
           got_overlapped, &overlapped);
        break;
    case RpcNotificationTypeHwnd:
    {
        DWORD start = GetTickCount();
        BOOL got = FALSE;

        while (!got && GetTickCount() - start < WAIT_MS)
        {
            if (!PeekMessageW(&msg, hwnd, WM_USER + 7, WM_USER + 7, PM_REMOVE))
            {
                MsgWaitForMultipleObjects(0, NULL, FALSE, 100, QS_POSTMESSAGE);
                continue;
            }
            got = TRUE;
            ok(msg.wParam == 0 && msg.lParam == (LPARAM)&async, "%s, hwnd: wParam %#Ix lParam %#Ix (want 0, %p)\n",
               protseq, msg.wParam, msg.lParam, &async);
        }
        ok(got, "%s, hwnd: no message\n", protseq);
        break;
    }
    case RpcNotificationTypeCallback:
        poll_status(&async);
        ok(notified_complete == 1 && last_event == RpcCallComplete, "%s, callback: %ld notifications, last event %d\n",
           protseq, notified_complete, last_event);
        break;
    default:
        break;
    }
    status = RpcAsyncGetCallStatus(&async);
    ok(status == RPC_S_OK, "%s, %s: status once notified %ld\n", protseq, names[type], status);
    status = RpcAsyncCompleteCall(&async, &reply);
    ok(status == RPC_S_OK && reply == 42 && sum == 42, "%s, %s: RpcAsyncCompleteCall got %ld, reply %d, sum %d\n",
       protseq, names[type], status, reply, sum);
    /* the call has ended: every further call on the handle is refused, and nothing more is notified */
    status = RpcAsyncCompleteCall(&async, &reply);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "%s, %s: second RpcAsyncCompleteCall got %ld\n", protseq,
       names[type], status);
    status = RpcAsyncGetCallStatus(&async);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "%s, %s: status after completion got %ld\n", protseq, names[type],
       status);
    if (event)
    {
        wait = WaitForSingleObject(event, 50);
        ok(wait == WAIT_TIMEOUT, "%s, event: signalled again (%lu)\n", protseq, wait);
        CloseHandle(event);
    }
    if (port)
    {
        ok(!GetQueuedCompletionStatus(port, &bytes, &key, &got_overlapped, 50), "%s, ioc: a second packet\n", protseq);
        CloseHandle(port);
    }
    if (type == RpcNotificationTypeApc || type == RpcNotificationTypeCallback)
    {
        SleepEx(50, TRUE);
        ok(notified_complete == 1, "%s: %ld completion notifications in all\n", protseq, notified_complete);
    }
    if (hwnd) DestroyWindow(hwnd);
    ok(second_complete == RPC_S_INVALID_ASYNC_HANDLE, "%s: the server's second RpcAsyncCompleteCall got %ld\n",
       protseq, second_complete);
}

/* Waits for a held call to reach the server. */
static BOOL wait_held(LONG count)
{
    DWORD start = GetTickCount();

    while (held_count < count && GetTickCount() - start < WAIT_MS) Sleep(1);
    return held_count >= count;
}

/* A call the server holds: pending on both sides until released; the states in between. */
static void test_pending(RPC_BINDING_HANDLE binding, const char *protseq)
{
    RPC_ASYNC_STATE async;
    RPC_STATUS status;
    int reply = -1;
    DWORD code;

    init_async(&async, RpcNotificationTypeNone);
    code = issue_call(binding, &async, 2, 7, 0, NULL);
    ok(code == 0, "%s: at_hold raised %lu\n", protseq, code);
    if (code) return;
    ok(wait_held(1), "%s: the held call did not reach the server\n", protseq);
    status = RpcAsyncGetCallStatus(&async);
    ok(status == RPC_S_ASYNC_CALL_PENDING, "%s: status of a held call %ld\n", protseq, status);
    status = RpcAsyncCompleteCall(&async, &reply);
    ok(status == RPC_S_ASYNC_CALL_PENDING, "%s: completing a held call got %ld\n", protseq, status);
    status = RpcAsyncAbortCall(&async, 5);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "%s: RpcAsyncAbortCall on a client call got %ld\n", protseq, status);
    /* a handle carrying a call in flight cannot carry a second one */
    code = issue_call(binding, &async, 0, 1, 2, &reply);
    ok(code == RPC_S_INVALID_ASYNC_HANDLE, "%s: a second call on a busy handle raised %lu\n", protseq, code);

    /* the server completes it from another thread (this one, through the sync at_release) */
    status = at_release(binding, 7, 77);
    ok(status == RPC_S_OK, "%s: the server's RpcAsyncCompleteCall of the held call got %ld\n", protseq, status);
    status = poll_status(&async);
    ok(status == RPC_S_OK, "%s: status once released %ld\n", protseq, status);
    status = RpcAsyncCompleteCall(&async, &reply);
    ok(status == RPC_S_OK && reply == 77, "%s: RpcAsyncCompleteCall got %ld, reply %d\n", protseq, status, reply);
    status = RpcAsyncCancelCall(&async, FALSE);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "%s: cancelling a completed call got %ld\n", protseq, status);
}

/* The server aborts: the client's call fails with the exception code. */
static void test_server_abort(RPC_BINDING_HANDLE binding, const char *protseq)
{
    RPC_ASYNC_STATE async;
    RPC_STATUS status;
    int reply = -1;
    DWORD code;

    init_async(&async, RpcNotificationTypeNone);
    code = issue_call(binding, &async, 4, 0x1234, 0, NULL);
    ok(code == 0, "%s: at_abort raised %lu\n", protseq, code);
    if (code) return;
    status = poll_status(&async);
    ok(status == 0x1234, "%s: status of an aborted call %#lx\n", protseq, status);
    status = RpcAsyncCompleteCall(&async, &reply);
    ok(status == 0x1234 && reply == -1, "%s: RpcAsyncCompleteCall of an aborted call got %#lx, reply %d\n", protseq,
       status, reply);
}

/* A non-abortive cancel reaches the server routine, which answers; an abortive one ends the call at once. */
static void test_cancel(RPC_BINDING_HANDLE binding, const char *protseq)
{
    RPC_ASYNC_STATE async;
    RPC_STATUS status;
    int reply = -1;
    DWORD code;

    init_async(&async, RpcNotificationTypeNone);
    code = issue_call(binding, &async, 5, 10000, 0, NULL);
    ok(code == 0, "%s: at_test_cancel raised %lu\n", protseq, code);
    if (code) return;
    Sleep(50);
    status = RpcAsyncCancelCall(&async, FALSE);
    ok(status == RPC_S_OK, "%s: RpcAsyncCancelCall(FALSE) got %ld\n", protseq, status);
    status = poll_status(&async);
    ok(status == RPC_S_OK, "%s: status after a non-abortive cancel %ld\n", protseq, status);
    status = RpcAsyncCompleteCall(&async, &reply);
    ok(status == RPC_S_OK && reply == 1, "%s: the routine saw the cancel: %ld, reply %d\n", protseq, status, reply);
    ok(test_cancel_current == RPC_S_CALL_IN_PROGRESS, "%s: RpcServerTestCancel(NULL) in the routine got %ld\n",
       protseq, test_cancel_current);

    init_async(&async, RpcNotificationTypeCallback);
    async.u.NotificationRoutine = count_notification;
    notified_complete = 0;
    code = issue_call(binding, &async, 2, 8, 0, NULL);
    ok(code == 0, "%s: at_hold raised %lu\n", protseq, code);
    if (code) return;
    ok(wait_held(1), "%s: the held call did not reach the server\n", protseq);
    status = RpcAsyncCancelCall(&async, TRUE);
    ok(status == RPC_S_OK, "%s: RpcAsyncCancelCall(TRUE) got %ld\n", protseq, status);
    ok(notified_complete == 1, "%s: notified %ld times by the abortive cancel\n", protseq, notified_complete);
    status = RpcAsyncGetCallStatus(&async);
    ok(status == RPC_S_CALL_CANCELLED, "%s: status after an abortive cancel %ld\n", protseq, status);
    status = RpcAsyncCompleteCall(&async, &reply);
    ok(status == RPC_S_CALL_CANCELLED, "%s: RpcAsyncCompleteCall after an abortive cancel got %ld\n", protseq, status);
    /* the server learns of it (orphaned PDU or the connection's end): completing there sends nothing */
    Sleep(200);
    status = complete_held(8, 0);
    ok(status == RPC_S_CALL_CANCELLED || status == RPC_S_CALL_FAILED,
       "%s: the server completing an orphaned call got %ld\n", protseq, status);
    ok(notified_complete == 1, "%s: %ld notifications in all\n", protseq, notified_complete);
}

/* The send-complete notification comes before the completion, each once, when asked for. */
static void test_send_complete(RPC_BINDING_HANDLE binding, const char *protseq)
{
    RPC_ASYNC_STATE async;
    RPC_STATUS status;
    int sum, reply;
    DWORD code;

    init_async(&async, RpcNotificationTypeCallback);
    async.u.NotificationRoutine = count_notification;
    async.Flags = RPC_C_NOTIFY_ON_SEND_COMPLETE;
    notified_complete = notified_send = 0;
    code = issue_call(binding, &async, 0, 1, 2, &sum);
    ok(code == 0, "%s: at_add raised %lu\n", protseq, code);
    if (code) return;
    poll_status(&async);
    Sleep(20);
    ok(notified_send == 1 && notified_complete == 1, "%s: %ld send and %ld call notifications\n", protseq,
       notified_send, notified_complete);
    status = RpcAsyncCompleteCall(&async, &reply);
    ok(status == RPC_S_OK && reply == 3, "%s: RpcAsyncCompleteCall got %ld, reply %d\n", protseq, status, reply);
}

/* Handles in the wrong state: never initialised, initialised and unused. */
static void test_bad_handles(RPC_BINDING_HANDLE binding)
{
    RPC_ASYNC_STATE async;
    RPC_STATUS status;
    int sum;
    DWORD code;

    memset(&async, 0, sizeof(async));
    code = issue_call(binding, &async, 0, 1, 2, &sum);
    ok(code == RPC_S_INVALID_ASYNC_HANDLE, "a call on a handle never initialised raised %lu\n", code);
    status = RpcAsyncCompleteCall(&async, &sum);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "RpcAsyncCompleteCall(never initialised) got %ld\n", status);
    status = RpcAsyncCancelCall(NULL, TRUE);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "RpcAsyncCancelCall(NULL) got %ld\n", status);
    status = RpcAsyncAbortCall((PRPC_ASYNC_STATE)1, 5);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "RpcAsyncAbortCall(bad pointer) got %ld\n", status);
    init_async(&async, RpcNotificationTypeNone);
    status = RpcAsyncCompleteCall(&async, &sum);
    ok(status == RPC_S_INVALID_BINDING, "RpcAsyncCompleteCall(unused) got %ld\n", status);
    /* an event notification without an event */
    init_async(&async, RpcNotificationTypeEvent);
    async.u.hEvent = NULL;
    code = issue_call(binding, &async, 0, 1, 2, &sum);
    ok(code == RPC_S_INVALID_ARG, "a call with an event notification and no event raised %lu\n", code);
    status = RpcServerTestCancel(NULL);
    ok(status == RPC_S_NO_CALL_ACTIVE, "RpcServerTestCancel(NULL) outside a call got %ld\n", status);
    status = RpcServerTestCancel((RPC_BINDING_HANDLE)(ULONG_PTR)0xdead0);
    ok(status == RPC_S_INVALID_BINDING, "RpcServerTestCancel(garbage) got %ld\n", status);
}

/* Many calls in flight at once, completed by the server in reverse order: no thread per call. */
static void test_many(RPC_BINDING_HANDLE binding, const char *protseq, unsigned int count)
{
    unsigned int threads_before, threads_during;
    DWORD handles_before, handles_during;
    RPC_ASYNC_STATE *states;
    unsigned int i, issued = 0, completed = 0, right = 0;
    HANDLE port;
    RPC_STATUS status;
    int reply;

    states = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, count * sizeof(*states));
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    threads_before = process_threads();
    handles_before = process_handles();
    held_count = 0;
    for (i = 0; i < count; i++)
    {
        init_async(&states[i], RpcNotificationTypeIoc);
        states[i].u.IOC.hIOPort = port;
        states[i].u.IOC.dwCompletionKey = i;
        if (issue_call(binding, &states[i], 2, 100 + i, 0, NULL)) break;
        issued++;
    }
    ok(issued == count, "%s: %u of %u calls issued\n", protseq, issued, count);
    ok(wait_held(issued), "%s: %ld of %u calls reached the server\n", protseq, held_count, issued);
    threads_during = process_threads();
    handles_during = process_handles();
    trace("%s: %u calls in flight: threads %u -> %u, handles %lu -> %lu\n", protseq, issued, threads_before,
          threads_during, handles_before, handles_during);
    ok(threads_during <= threads_before + 4, "%s: threads went from %u to %u with %u calls in flight\n", protseq,
       threads_before, threads_during, issued);
    for (i = issued; i-- > 0;) complete_held(100 + i, (int)i);
    for (i = 0; i < issued; i++)
    {
        ULONG_PTR key;
        OVERLAPPED *overlapped;
        DWORD bytes;

        if (!GetQueuedCompletionStatus(port, &bytes, &key, &overlapped, WAIT_MS)) break;
        completed++;
        if (key >= issued) continue;
        status = RpcAsyncCompleteCall(&states[key], &reply);
        if (status == RPC_S_OK && reply == (int)key) right++;
    }
    ok(completed == issued && right == issued, "%s: %u notified, %u completed right, of %u\n", protseq, completed,
       right, issued);
    CloseHandle(port);
    HeapFree(GetProcessHeap(), 0, states);
}

static RPC_BINDING_HANDLE bind_to(const char *protseq, const char *address, const char *endpoint)
{
    RPC_BINDING_HANDLE binding = NULL;
    RPC_CSTR string = NULL;
    RPC_STATUS status;

    status = RpcStringBindingComposeA(NULL, (RPC_CSTR)protseq, (RPC_CSTR)address, (RPC_CSTR)endpoint, NULL, &string);
    ok(status == RPC_S_OK, "RpcStringBindingCompose(%s) got %ld\n", protseq, status);
    if (status) return NULL;
    status = RpcBindingFromStringBindingA(string, &binding);
    ok(status == RPC_S_OK, "RpcBindingFromStringBinding(%s) got %ld\n", (char *)string, status);
    RpcStringFreeA(&string);
    return binding;
}

START_TEST(rpc_async)
{
    static const RPC_NOTIFICATION_TYPES types[] = { RpcNotificationTypeNone, RpcNotificationTypeEvent,
        RpcNotificationTypeApc, RpcNotificationTypeIoc, RpcNotificationTypeHwnd, RpcNotificationTypeCallback };
    struct { const char *protseq, *address; char endpoint[64]; } eps[3] =
        { { .protseq = "ncalrpc" }, { .protseq = "ncacn_np" }, { .protseq = "ncacn_ip_tcp", .address = "127.0.0.1" } };
    RPC_BINDING_HANDLE binding;
    RPC_STATUS status;
    unsigned int i, t;
    WSADATA wsa;

    if (test_target == TARGET_WINE_BUILTIN)
    {
        skip("Wine's builtin leaves RpcAsyncGetCallStatus, RpcAsyncCancelCall and RpcAsyncAbortCall as stubs\n");
        return;
    }
    WSAStartup(MAKEWORD(2, 2), &wsa);
    snprintf(eps[0].endpoint, 64, "rpc_async_%lu", GetCurrentProcessId());
    snprintf(eps[1].endpoint, 64, "\\pipe\\rpc_async_%lu", GetCurrentProcessId());
    snprintf(eps[2].endpoint, 64, "%u", test_free_port());
    for (i = 0; i < 3; i++)
    {
        status = RpcServerUseProtseqEpA((RPC_CSTR)eps[i].protseq, RPC_C_PROTSEQ_MAX_REQS_DEFAULT,
                                        (RPC_CSTR)eps[i].endpoint, NULL);
        ok(status == RPC_S_OK, "RpcServerUseProtseqEp(%s) got %ld\n", eps[i].protseq, status);
    }
    status = RpcServerRegisterIf(srv_async_test_v1_0_s_ifspec, NULL, NULL);
    ok(status == RPC_S_OK, "RpcServerRegisterIf got %ld\n", status);
    status = RpcServerListen(1, RPC_C_LISTEN_MAX_CALLS_DEFAULT, TRUE);
    ok(status == RPC_S_OK, "RpcServerListen got %ld\n", status);
    if (status) return;

    for (i = 0; i < 3; i++)
    {
        if (!(binding = bind_to(eps[i].protseq, eps[i].address, eps[i].endpoint))) continue;
        for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) test_notification(binding, eps[i].protseq, types[t]);
        test_pending(binding, eps[i].protseq);
        test_server_abort(binding, eps[i].protseq);
        test_cancel(binding, eps[i].protseq);
        test_send_complete(binding, eps[i].protseq);
        if (!i) test_bad_handles(binding);
        test_many(binding, eps[i].protseq, 500);
        RpcBindingFree(&binding);
    }

    status = RpcMgmtStopServerListening(NULL);
    ok(status == RPC_S_OK, "RpcMgmtStopServerListening got %ld\n", status);
    status = RpcServerUnregisterIf(srv_async_test_v1_0_s_ifspec, NULL, TRUE);
    ok(status == RPC_S_OK, "RpcServerUnregisterIf got %ld\n", status);
    WSACleanup();
}
