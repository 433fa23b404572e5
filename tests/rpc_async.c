/* rpc_async.c: asynchronous calls through [async] stubs to a server in the same process: every notification, the call's states, cancels, aborts, many in flight. */
#include <winsock2.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_test.h"
#include "async_test_if.h"
#include "free_port.h"
#include "process_counts.h"
#include "test.h"

/* Generous: only there so that a broken runtime fails instead of hanging. */
#define WAIT_MS 30000

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

    async_test_init_state(&async, type);
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
    code = async_test_issue(binding, &async, ASYNC_TEST_ADD, 20, 22, &sum, NULL);
    ok(code == 0, "%s, %s: at_add raised %lu\n", protseq, names[type], code);
    if (code) return;

    switch (type)
    {
    case RpcNotificationTypeNone:
        status = async_test_poll(&async, WAIT_MS);
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
        async_test_poll(&async, WAIT_MS);
        ok(notified_complete == 1 && last_event == RpcCallComplete, "%s, callback: %ld notifications, last event %d\n",
           protseq, notified_complete, last_event);
        break;
    default:
        break;
    }
    status = RpcAsyncGetCallStatus(&async);
    ok(status == RPC_S_OK, "%s, %s: status once notified %ld\n", protseq, names[type], status);
    status = RpcAsyncCompleteCall(&async, &reply);
    ok(status == RPC_S_OK && reply == -2 && sum == 42, "%s, %s: RpcAsyncCompleteCall got %ld, reply %d, sum %d\n",
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
    ok(async_test_second_complete == RPC_S_INVALID_ASYNC_HANDLE, "%s: the server's second RpcAsyncCompleteCall got %ld\n",
       protseq, async_test_second_complete);
}

/* A call the server holds: pending on both sides until released; the states in between. */
static void test_pending(RPC_BINDING_HANDLE binding, const char *protseq)
{
    RPC_ASYNC_STATE async;
    RPC_STATUS status;
    int reply = -1;
    DWORD code;

    async_test_init_state(&async, RpcNotificationTypeNone);
    code = async_test_issue(binding, &async, ASYNC_TEST_HOLD, 7, 0, NULL, NULL);
    ok(code == 0, "%s: at_hold raised %lu\n", protseq, code);
    if (code) return;
    ok(async_test_wait_held(1, WAIT_MS), "%s: the held call did not reach the server\n", protseq);
    status = RpcAsyncGetCallStatus(&async);
    ok(status == RPC_S_ASYNC_CALL_PENDING, "%s: status of a held call %ld\n", protseq, status);
    status = RpcAsyncCompleteCall(&async, &reply);
    ok(status == RPC_S_ASYNC_CALL_PENDING, "%s: completing a held call got %ld\n", protseq, status);
    status = RpcAsyncAbortCall(&async, 5);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "%s: RpcAsyncAbortCall on a client call got %ld\n", protseq, status);
    /* a handle carrying a call in flight cannot carry a second one */
    code = async_test_issue(binding, &async, ASYNC_TEST_ADD, 1, 2, &reply, NULL);
    ok(code == RPC_S_INVALID_ASYNC_HANDLE, "%s: a second call on a busy handle raised %lu\n", protseq, code);

    /* the server completes it from another thread (this one, through the sync at_release) */
    status = at_release(binding, 7, 77);
    ok(status == RPC_S_OK, "%s: the server's RpcAsyncCompleteCall of the held call got %ld\n", protseq, status);
    status = async_test_poll(&async, WAIT_MS);
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

    async_test_init_state(&async, RpcNotificationTypeNone);
    code = async_test_issue(binding, &async, ASYNC_TEST_ABORT, 0x1234, 0, NULL, NULL);
    ok(code == 0, "%s: at_abort raised %lu\n", protseq, code);
    if (code) return;
    status = async_test_poll(&async, WAIT_MS);
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

    async_test_init_state(&async, RpcNotificationTypeNone);
    code = async_test_issue(binding, &async, ASYNC_TEST_TEST_CANCEL, 10000, 0, NULL, NULL);
    ok(code == 0, "%s: at_test_cancel raised %lu\n", protseq, code);
    if (code) return;
    Sleep(50);
    status = RpcAsyncCancelCall(&async, FALSE);
    ok(status == RPC_S_OK, "%s: RpcAsyncCancelCall(FALSE) got %ld\n", protseq, status);
    status = async_test_poll(&async, WAIT_MS);
    ok(status == RPC_S_OK, "%s: status after a non-abortive cancel %ld\n", protseq, status);
    status = RpcAsyncCompleteCall(&async, &reply);
    ok(status == RPC_S_OK && reply == 1, "%s: the routine saw the cancel: %ld, reply %d\n", protseq, status, reply);
    ok(async_test_cancel_current == RPC_S_CALL_IN_PROGRESS, "%s: RpcServerTestCancel(NULL) in the routine got %ld\n",
       protseq, async_test_cancel_current);
    ok(async_test_handle_to_async == RPC_S_OK && async_test_handle_to_async_same,
       "%s: I_RpcBindingHandleToAsyncHandle in the routine got %ld, same state and handle %d\n", protseq,
       async_test_handle_to_async, async_test_handle_to_async_same);

    async_test_init_state(&async, RpcNotificationTypeCallback);
    async.u.NotificationRoutine = count_notification;
    notified_complete = 0;
    code = async_test_issue(binding, &async, ASYNC_TEST_HOLD, 8, 0, NULL, NULL);
    ok(code == 0, "%s: at_hold raised %lu\n", protseq, code);
    if (code) return;
    ok(async_test_wait_held(1, WAIT_MS), "%s: the held call did not reach the server\n", protseq);
    status = RpcAsyncCancelCall(&async, TRUE);
    ok(status == RPC_S_OK, "%s: RpcAsyncCancelCall(TRUE) got %ld\n", protseq, status);
    ok(notified_complete == 1, "%s: notified %ld times by the abortive cancel\n", protseq, notified_complete);
    status = RpcAsyncGetCallStatus(&async);
    ok(status == RPC_S_CALL_CANCELLED, "%s: status after an abortive cancel %ld\n", protseq, status);
    status = RpcAsyncCompleteCall(&async, &reply);
    ok(status == RPC_S_CALL_CANCELLED, "%s: RpcAsyncCompleteCall after an abortive cancel got %ld\n", protseq, status);
    /* the server learns of it (orphaned PDU or the connection's end): completing there sends nothing */
    Sleep(200);
    status = async_test_complete_held(8, 0);
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

    async_test_init_state(&async, RpcNotificationTypeCallback);
    async.u.NotificationRoutine = count_notification;
    async.Flags = RPC_C_NOTIFY_ON_SEND_COMPLETE;
    notified_complete = notified_send = 0;
    code = async_test_issue(binding, &async, ASYNC_TEST_ADD, 1, 2, &sum, NULL);
    ok(code == 0, "%s: at_add raised %lu\n", protseq, code);
    if (code) return;
    async_test_poll(&async, WAIT_MS);
    Sleep(20);
    ok(notified_send == 1 && notified_complete == 1, "%s: %ld send and %ld call notifications\n", protseq,
       notified_send, notified_complete);
    status = RpcAsyncCompleteCall(&async, &reply);
    ok(status == RPC_S_OK && reply == -1 && sum == 3, "%s: RpcAsyncCompleteCall got %ld, reply %d, sum %d\n", protseq,
       status, reply, sum);
}

/* Handles in the wrong state: never initialised, initialised and unused. */
static void test_bad_handles(RPC_BINDING_HANDLE binding)
{
    RPC_ASYNC_STATE async;
    RPC_STATUS status;
    int sum;
    DWORD code;

    memset(&async, 0, sizeof(async));
    code = async_test_issue(binding, &async, ASYNC_TEST_ADD, 1, 2, &sum, NULL);
    ok(code == RPC_S_INVALID_ASYNC_HANDLE, "a call on a handle never initialised raised %lu\n", code);
    status = RpcAsyncCompleteCall(&async, &sum);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "RpcAsyncCompleteCall(never initialised) got %ld\n", status);
    status = RpcAsyncCancelCall(NULL, TRUE);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "RpcAsyncCancelCall(NULL) got %ld\n", status);
    status = RpcAsyncAbortCall((PRPC_ASYNC_STATE)1, 5);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "RpcAsyncAbortCall(bad pointer) got %ld\n", status);
    async_test_init_state(&async, RpcNotificationTypeNone);
    status = RpcAsyncCompleteCall(&async, &sum);
    ok(status == RPC_S_INVALID_BINDING, "RpcAsyncCompleteCall(unused) got %ld\n", status);
    /* an event notification without an event */
    async_test_init_state(&async, RpcNotificationTypeEvent);
    async.u.hEvent = NULL;
    code = async_test_issue(binding, &async, ASYNC_TEST_ADD, 1, 2, &sum, NULL);
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
    async_test_held_count = 0;
    for (i = 0; i < count; i++)
    {
        async_test_init_state(&states[i], RpcNotificationTypeIoc);
        states[i].u.IOC.hIOPort = port;
        states[i].u.IOC.dwCompletionKey = i;
        if (async_test_issue(binding, &states[i], ASYNC_TEST_HOLD, 100 + i, 0, NULL, NULL)) break;
        issued++;
    }
    ok(issued == count, "%s: %u of %u calls issued\n", protseq, issued, count);
    ok(async_test_wait_held(issued, WAIT_MS), "%s: %ld of %u calls reached the server\n", protseq,
       async_test_held_count, issued);
    threads_during = process_threads();
    handles_during = process_handles();
    trace("%s: %u calls in flight: threads %u -> %u, handles %lu -> %lu\n", protseq, issued, threads_before,
          threads_during, handles_before, handles_during);
    ok(threads_during <= threads_before + 4, "%s: threads went from %u to %u with %u calls in flight\n", protseq,
       threads_before, threads_during, issued);
    for (i = issued; i-- > 0;) async_test_complete_held(100 + i, (int)i);
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
