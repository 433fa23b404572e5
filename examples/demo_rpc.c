/* demo_rpc.c: the demo's RPC between two processes: sync calls, async calls with each notification, cancels, an abort. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_test.h"
#include "async_server.h"
#include "demo.h"
#include "rpc_sdk_extra.h"
#include "seh.h"

/* Generous: only there so that a broken runtime prints a line instead of hanging the demo. */
#define WAIT_MS 10000
/* The message the window notification posts. */
#define WM_RPC_NOTIFY (WM_USER + 1)

/* ---- a call's steps, printed on one line as they happen ---- */

static BOOL first_step;
/* With RPCRT4_TRACE set, the runtime's trace lines come between the steps: each step gets a line of its own. */
static BOOL step_per_line;

static void begin_line(const char *label)
{
    printf("  %-13s", label);
    first_step = TRUE;
}

static void step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void step(const char *fmt, ...)
{
    va_list args;

    if (!first_step && step_per_line) printf("%15s-> ", "");
    else if (!first_step) printf(" -> ");
    first_step = FALSE;
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
    if (step_per_line) printf("\n");
    fflush(stdout);
}

static void end_line(void)
{
    if (!step_per_line) printf("\n");
    fflush(stdout);
}

static const char *status_name(RPC_STATUS status)
{
    static char text[32];

    switch (status)
    {
    case RPC_S_OK: return "RPC_S_OK";
    case RPC_S_ASYNC_CALL_PENDING: return "RPC_S_ASYNC_CALL_PENDING";
    case RPC_S_CALL_CANCELLED: return "RPC_S_CALL_CANCELLED";
    case RPC_S_CALL_FAILED: return "RPC_S_CALL_FAILED";
    case RPC_S_SERVER_UNAVAILABLE: return "RPC_S_SERVER_UNAVAILABLE";
    case RPC_S_INVALID_ASYNC_HANDLE: return "RPC_S_INVALID_ASYNC_HANDLE";
    }
    snprintf(text, sizeof(text), "status %#lx", status);
    return text;
}

/* ---- making calls: mingw-w64's gcc has no RpcTryExcept, seh_call catches what a stub raises ---- */

static LONG rpc_errors(EXCEPTION_POINTERS *pointers, void *arg)
{
    (void)arg;
    return RpcExceptionFilter(pointers->ExceptionRecord->ExceptionCode);
}

enum op { OP_SYNC_ADD, OP_RELEASE, OP_HOLD, OP_TEST_CANCEL, OP_ABORT };

/* One call of async_test; async is NULL for the synchronous operations, which set result. */
struct call
{
    enum op op;
    RPC_BINDING_HANDLE binding;
    PRPC_ASYNC_STATE async;
    int arg, arg2, result;
};

static void make_call(void *arg)
{
    struct call *call = arg;

    switch (call->op)
    {
    case OP_SYNC_ADD: call->result = at_sync_add(call->binding, call->arg, call->arg2); break;
    case OP_RELEASE: call->result = at_release(call->binding, call->arg, call->arg2); break;
    case OP_HOLD: at_hold(call->async, call->binding, call->arg); break;
    case OP_TEST_CANCEL: at_test_cancel(call->async, call->binding, call->arg); break;
    case OP_ABORT: at_abort(call->async, call->binding, (unsigned int)call->arg); break;
    }
}

/* Makes the call: 0, or the code of the exception the stub raised. */
static DWORD try_call(struct call *call)
{
    DWORD code = 0;

    seh_call(make_call, call, rpc_errors, NULL, &code);
    return code;
}

/* What RpcAsyncGetCallStatus says now. */
static void show_status(PRPC_ASYNC_STATE async)
{
    RPC_STATUS status = RpcAsyncGetCallStatus(async);

    step("%s", status == RPC_S_ASYNC_CALL_PENDING ? "pending" : status_name(status));
}

/* Issues an asynchronous call and shows whether it got under way and its status just after. */
static BOOL issue(RPC_BINDING_HANDLE binding, PRPC_ASYNC_STATE async, enum op op, int arg)
{
    struct call call = { op, binding, async, arg, 0, 0 };
    DWORD code;

    if ((code = try_call(&call)))
    {
        step("the stub raised %s", status_name(code));
        return FALSE;
    }
    step("issued");
    show_status(async);
    return TRUE;
}

/* The server completes the held call token with reply: a synchronous at_release, repeated until the held call
 * has reached the server. */
static void release(RPC_BINDING_HANDLE binding, int token, int reply)
{
    struct call call = { OP_RELEASE, binding, NULL, token, reply, ASYNC_SERVER_NOT_HELD };
    DWORD start = GetTickCount(), code;

    step("at_release(%d)", reply);
    while (!(code = try_call(&call)) && call.result == ASYNC_SERVER_NOT_HELD && GetTickCount() - start < WAIT_MS)
        Sleep(1);
    if (code) step("at_release raised %s", status_name(code));
    else if (call.result) step("at_release answered %s", status_name(call.result));
}

static void complete(PRPC_ASYNC_STATE async)
{
    int reply = -1;
    RPC_STATUS status = RpcAsyncCompleteCall(async, &reply);

    if (status == RPC_S_OK) step("completed: RPC_S_OK, reply %d", reply);
    else step("completed: %s", status_name(status));
}

/* ---- notifications ---- */

static DWORD main_thread;
static HANDLE routine_ran;

/* The APC and callback notifications' routine: it says where it runs. */
static void RPC_ENTRY notify_routine(PRPC_ASYNC_STATE async, void *context, RPC_ASYNC_EVENT event)
{
    (void)context;
    step("notified(%s%s, on %s)", async->NotificationType == RpcNotificationTypeApc ? "APC" : "callback",
         event == RpcCallComplete ? "" : ", not RpcCallComplete",
         GetCurrentThreadId() == main_thread ? "this thread" : "a runtime thread");
    SetEvent(routine_ran);
}

static void wait_hwnd(HWND hwnd, PRPC_ASYNC_STATE async)
{
    DWORD start = GetTickCount();
    MSG msg;

    while (GetTickCount() - start < WAIT_MS)
    {
        if (PeekMessageW(&msg, hwnd, WM_RPC_NOTIFY, WM_RPC_NOTIFY, PM_REMOVE))
        {
            step("notified(window message WM_USER+1%s)", msg.lParam == (LPARAM)async ? "" : ", another state");
            return;
        }
        MsgWaitForMultipleObjects(0, NULL, FALSE, 100, QS_POSTMESSAGE);
    }
    step("no window message");
}

/* Waits for the call to be over in the way its notification kind wants, and shows the notification. */
static void wait_notified(PRPC_ASYNC_STATE async, HANDLE event, HANDLE port, HWND hwnd)
{
    DWORD start = GetTickCount(), bytes;
    OVERLAPPED *overlapped;
    ULONG_PTR key;
    RPC_STATUS status;

    switch (async->NotificationType)
    {
    case RpcNotificationTypeNone:
        while ((status = RpcAsyncGetCallStatus(async)) == RPC_S_ASYNC_CALL_PENDING && GetTickCount() - start < WAIT_MS)
            Sleep(1);
        step("polled: %s", status_name(status));
        break;
    case RpcNotificationTypeEvent:
        if (WaitForSingleObject(event, WAIT_MS)) step("no event");
        else step("notified(event)");
        break;
    case RpcNotificationTypeApc:
        /* the APC runs on this thread once it waits alertably; it may have run already */
        while (WaitForSingleObjectEx(routine_ran, WAIT_MS, TRUE) == WAIT_IO_COMPLETION) continue;
        break;
    case RpcNotificationTypeIoc:
        if (GetQueuedCompletionStatus(port, &bytes, &key, &overlapped, WAIT_MS))
            step("notified(I/O completion port, key %Iu)", key);
        else step("no completion packet");
        break;
    case RpcNotificationTypeHwnd:
        wait_hwnd(hwnd, async);
        break;
    case RpcNotificationTypeCallback:
        WaitForSingleObject(routine_ran, WAIT_MS);
        break;
    }
}

/* One at_hold with the given notification kind, released with 42. */
static void call_with_notification(RPC_BINDING_HANDLE binding, RPC_NOTIFICATION_TYPES type, const char *label)
{
    RPC_ASYNC_STATE async;
    HANDLE event = NULL, port = NULL;
    HWND hwnd = NULL;

    RpcAsyncInitializeHandle(&async, sizeof(async));
    async.UserInfo = NULL;
    async.NotificationType = type;
    switch (type)
    {
    case RpcNotificationTypeNone:
        break;
    case RpcNotificationTypeEvent:
        async.u.hEvent = event = CreateEventW(NULL, FALSE, FALSE, NULL);
        break;
    case RpcNotificationTypeApc:
        async.u.APC.NotificationRoutine = notify_routine;
        async.u.APC.hThread = NULL;  /* the thread that issues the call */
        break;
    case RpcNotificationTypeIoc:
        async.u.IOC.hIOPort = port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
        async.u.IOC.dwNumberOfBytesTransferred = 0;
        async.u.IOC.dwCompletionKey = 7;
        async.u.IOC.lpOverlapped = NULL;
        break;
    case RpcNotificationTypeHwnd:
        hwnd = CreateWindowExW(0, L"STATIC", L"demo", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
        async.u.HWND.hWnd = hwnd;
        async.u.HWND.Msg = WM_RPC_NOTIFY;
        break;
    case RpcNotificationTypeCallback:
        async.u.NotificationRoutine = notify_routine;
        break;
    }
    ResetEvent(routine_ran);
    begin_line(label);
    if (issue(binding, &async, OP_HOLD, 0))
    {
        release(binding, 0, 42);
        wait_notified(&async, event, port, hwnd);
        complete(&async);
    }
    end_line();
    if (event) CloseHandle(event);
    if (port) CloseHandle(port);
    if (hwnd) DestroyWindow(hwnd);
}

enum cancel { NO_CANCEL, CANCEL, ABORTIVE_CANCEL };

/* A call with an event notification; cancelled 50 ms after it is issued (its routine runs by then) if asked. */
static void event_call(RPC_BINDING_HANDLE binding, const char *label, enum op op, int arg, enum cancel cancel)
{
    RPC_ASYNC_STATE async;
    RPC_STATUS status;
    HANDLE event = CreateEventW(NULL, FALSE, FALSE, NULL);

    RpcAsyncInitializeHandle(&async, sizeof(async));
    async.UserInfo = NULL;
    async.NotificationType = RpcNotificationTypeEvent;
    async.u.hEvent = event;
    begin_line(label);
    if (issue(binding, &async, op, arg))
    {
        if (cancel != NO_CANCEL)
        {
            Sleep(50);
            status = RpcAsyncCancelCall(&async, cancel == ABORTIVE_CANCEL);
            step("RpcAsyncCancelCall(%s): %s", cancel == ABORTIVE_CANCEL ? "TRUE" : "FALSE", status_name(status));
            show_status(&async);
        }
        wait_notified(&async, event, NULL, NULL);
        complete(&async);
    }
    end_line();
    CloseHandle(event);
}

static void sync_call(const char *protseq, const char *endpoint)
{
    RPC_BINDING_HANDLE binding = NULL;
    struct call call = { OP_SYNC_ADD, NULL, NULL, 20, 22, 0 };
    char string[128];
    RPC_STATUS status;
    DWORD code;

    begin_line(protseq);
    snprintf(string, sizeof(string), "%s:[%s%s]", protseq, strcmp(protseq, "ncacn_np") ? "" : "\\pipe\\", endpoint);
    if ((status = RpcBindingFromStringBindingA((RPC_CSTR)string, &binding)))
        step("RpcBindingFromStringBinding(%s): %s", string, status_name(status));
    else if ((call.binding = binding), (code = try_call(&call)))
        step("at_sync_add raised %s", status_name(code));
    else
        step("at_sync_add(20, 22) = %d", call.result);
    end_line();
    if (binding) RpcBindingFree(&binding);
}

/* ---- the two processes ---- */

struct server_child
{
    char endpoint[64];
    HANDLE ready, stop;
    PROCESS_INFORMATION info;
};

static HANDLE child_event(const char *endpoint, const char *what)
{
    char name[128];

    snprintf(name, sizeof(name), "%s_%s", endpoint, what);
    return CreateEventA(NULL, TRUE, FALSE, name);
}

/* Starts this program again as the server; TRUE once it listens. */
static BOOL start_server(struct server_child *server)
{
    STARTUPINFOA startup = { .cb = sizeof(startup) };
    char exe[MAX_PATH], command[MAX_PATH + 96];
    HANDLE handles[2];

    snprintf(server->endpoint, sizeof(server->endpoint), "rpcrt4_demo_%lu", GetCurrentProcessId());
    server->ready = child_event(server->endpoint, "ready");
    server->stop = child_event(server->endpoint, "stop");
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(command, sizeof(command), "\"%s\" server %s %lu", exe, server->endpoint, GetCurrentProcessId());
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    if (!CreateProcessA(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &server->info))
    {
        printf("  cannot start the server process: error %lu\n", GetLastError());
        return FALSE;
    }
    handles[0] = server->ready;
    handles[1] = server->info.hProcess;
    if (WaitForMultipleObjects(2, handles, FALSE, WAIT_MS) == WAIT_OBJECT_0) return TRUE;
    printf("  the server process did not start listening\n");
    return FALSE;
}

static void stop_server(struct server_child *server)
{
    DWORD code = STILL_ACTIVE;

    if (server->info.hProcess)
    {
        SetEvent(server->stop);
        if (WaitForSingleObject(server->info.hProcess, WAIT_MS)) TerminateProcess(server->info.hProcess, code);
        else GetExitCodeProcess(server->info.hProcess, &code);
        printf("  server process %lu stopped, exit code %lu\n", server->info.dwProcessId, code);
        CloseHandle(server->info.hProcess);
        CloseHandle(server->info.hThread);
    }
    CloseHandle(server->ready);
    CloseHandle(server->stop);
}

void demo_rpc_client(void)
{
    static const struct { RPC_NOTIFICATION_TYPES type; const char *label; } kinds[] =
    {
        { RpcNotificationTypeNone, "none (poll)" }, { RpcNotificationTypeEvent, "event" },
        { RpcNotificationTypeApc, "APC" }, { RpcNotificationTypeIoc, "I/O port" },
        { RpcNotificationTypeHwnd, "window msg" }, { RpcNotificationTypeCallback, "callback" },
    };
    struct server_child server = { 0 };
    RPC_BINDING_HANDLE binding = NULL;
    char string[128];
    RPC_STATUS status;
    unsigned int i;

    printf("\nRPC between two processes: this client (pid %lu) and a server process it starts, both on this DLL\n",
           GetCurrentProcessId());
    fflush(stdout);
    main_thread = GetCurrentThreadId();
    step_per_line = getenv("RPCRT4_TRACE") != NULL;
    routine_ran = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (start_server(&server))
    {
        printf("\nSynchronous calls (the client thread waits for the reply)\n");
        sync_call("ncalrpc", server.endpoint);
        sync_call("ncacn_np", server.endpoint);

        snprintf(string, sizeof(string), "ncalrpc:[%s]", server.endpoint);
        if ((status = RpcBindingFromStringBindingA((RPC_CSTR)string, &binding)))
            printf("  RpcBindingFromStringBinding(%s): %s\n", string, status_name(status));
    }
    if (binding)
    {
        printf("\nAsynchronous calls, one per notification kind: at_hold stays pending in the server\n"
               "until a synchronous at_release(42) from the client completes it there\n");
        for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) call_with_notification(binding, kinds[i].type,
                                                                                      kinds[i].label);
        printf("\nCancels of at_test_cancel: its server routine asks RpcServerTestCancel every 10 ms and\n"
               "replies 1 once it sees a cancel\n");
        event_call(binding, "non-abortive", OP_TEST_CANCEL, 3000, CANCEL);
        event_call(binding, "abortive", OP_TEST_CANCEL, 3000, ABORTIVE_CANCEL);
        printf("\nA server abort: at_abort's routine calls RpcAsyncAbortCall(async, 0x1234)\n");
        event_call(binding, "abort", OP_ABORT, 0x1234, NO_CANCEL);
        printf("\n");
        RpcBindingFree(&binding);
    }
    stop_server(&server);
    CloseHandle(routine_ran);
    printf("\nThe runtime's own view of each step, its call state table: RPCRT4_TRACE=call make demo\n");
}

int demo_rpc_server(const char *endpoint, DWORD client_pid)
{
    HANDLE handles[2], ready;
    char name[128];
    RPC_STATUS status;

    demo_show_module("  server process: rpcrt4 ");
    handles[0] = OpenProcess(SYNCHRONIZE, FALSE, client_pid);
    snprintf(name, sizeof(name), "%s_stop", endpoint);
    handles[1] = OpenEventA(SYNCHRONIZE, FALSE, name);
    snprintf(name, sizeof(name), "%s_ready", endpoint);
    ready = OpenEventA(EVENT_MODIFY_STATE, FALSE, name);
    if (!handles[0] || !handles[1] || !ready)
    {
        printf("  server process: cannot open the client's process or events, error %lu\n", GetLastError());
        return 1;
    }
    if ((status = async_server_start(endpoint)))
    {
        printf("  server process: cannot serve async_test: %s\n", status_name(status));
        return 1;
    }
    printf("  server process %lu listens on ncalrpc:[%s] and ncacn_np:[\\pipe\\%s]\n", GetCurrentProcessId(),
           endpoint, endpoint);
    fflush(stdout);
    SetEvent(ready);
    /* a client that ends without stopping the server takes it along */
    if (WaitForMultipleObjects(2, handles, FALSE, INFINITE) != WAIT_OBJECT_0 + 1) return 2;
    return async_server_stop() ? 1 : 0;
}
