/* async_notify.c: the six notification kinds of asynchronous RPC, captured at issue and delivered once per event. */
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_notify.h"
#include "engine.h"
#include "trace.h"

RPC_STATUS async_notify_capture(struct async_notifier *notifier, const RPC_ASYNC_STATE *async)
{
    HANDLE thread;

    memset(notifier, 0, sizeof(*notifier));
    notifier->type = async->NotificationType;
    notifier->flags = async->Flags;
    switch (async->NotificationType)
    {
    case RpcNotificationTypeNone:
        return RPC_S_OK;
    case RpcNotificationTypeEvent:
        notifier->u.event = async->u.hEvent;
        return notifier->u.event ? RPC_S_OK : RPC_S_INVALID_ARG;
    case RpcNotificationTypeApc:
        /* "A value of zero indicates the current thread": the one issuing the call. */
        if (!(notifier->routine = async->u.APC.NotificationRoutine)) return RPC_S_INVALID_ARG;
        thread = async->u.APC.hThread ? async->u.APC.hThread : GetCurrentThread();
        if (!DuplicateHandle(GetCurrentProcess(), thread, GetCurrentProcess(), &notifier->apc_thread,
                             THREAD_SET_CONTEXT, FALSE, 0))
            return GetLastError() == ERROR_NOT_ENOUGH_MEMORY ? RPC_S_OUT_OF_MEMORY : RPC_S_INVALID_ARG;
        return RPC_S_OK;
    case RpcNotificationTypeIoc:
        notifier->u.ioc.port = async->u.IOC.hIOPort;
        notifier->u.ioc.bytes = async->u.IOC.dwNumberOfBytesTransferred;
        notifier->u.ioc.key = async->u.IOC.dwCompletionKey;
        notifier->u.ioc.overlapped = async->u.IOC.lpOverlapped;
        return notifier->u.ioc.port ? RPC_S_OK : RPC_S_INVALID_ARG;
    case RpcNotificationTypeHwnd:
        notifier->u.hwnd.hwnd = async->u.HWND.hWnd;
        notifier->u.hwnd.msg = async->u.HWND.Msg;
        return notifier->u.hwnd.hwnd ? RPC_S_OK : RPC_S_INVALID_ARG;
    case RpcNotificationTypeCallback:
        notifier->routine = async->u.NotificationRoutine;
        return notifier->routine ? RPC_S_OK : RPC_S_INVALID_ARG;
    }
    return RPC_S_INVALID_ARG;
}

/* Window messages are rare (the documentation deprecates them since Windows Server 2003): user32 is
 * loaded the first time one is posted, not with every process that uses RPC. */
typedef BOOL (WINAPI *post_message_fn)(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam);

static BOOL CALLBACK find_post_message(INIT_ONCE *once, void *param, void **context)
{
    HMODULE user32 = LoadLibraryW(L"user32.dll");

    (void)once; (void)param;
    *context = user32 ? (void *)GetProcAddress(user32, "PostMessageW") : NULL;
    return TRUE;
}

static void post_message(const struct async_notifier *notifier, RPC_ASYNC_STATE *async)
{
    static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    post_message_fn post = NULL;

    InitOnceExecuteOnce(&once, find_post_message, NULL, (void **)&post);
    /* "wParam is zero and lParam points to the call's asynchronous handle" */
    if (!post || !post(notifier->u.hwnd.hwnd, notifier->u.hwnd.msg, 0, (LPARAM)async))
        TRACE(TRACE_ASYNC, "async %p: window message not posted, error %lu", async, GetLastError());
}

/* An APC carries the routine, the state and the event to the thread that runs it. */
struct queued_apc
{
    PFN_RPCNOTIFICATION_ROUTINE routine;
    RPC_ASYNC_STATE *async;
    RPC_ASYNC_EVENT event;
};

static void CALLBACK run_apc(ULONG_PTR arg)
{
    struct queued_apc apc = *(struct queued_apc *)arg;

    HeapFree(GetProcessHeap(), 0, (void *)arg);
    apc.routine(apc.async, NULL, apc.event);
}

static void queue_apc(const struct async_notifier *notifier, RPC_ASYNC_STATE *async, RPC_ASYNC_EVENT event)
{
    struct queued_apc *apc = HeapAlloc(GetProcessHeap(), 0, sizeof(*apc));

    if (!apc)
    {
        TRACE(TRACE_ASYNC, "async %p: no memory for the APC, notification lost", async);
        return;
    }
    apc->routine = notifier->routine;
    apc->async = async;
    apc->event = event;
    if (!QueueUserAPC(run_apc, notifier->apc_thread, (ULONG_PTR)apc))
    {
        TRACE(TRACE_ASYNC, "async %p: QueueUserAPC failed, error %lu", async, GetLastError());
        HeapFree(GetProcessHeap(), 0, apc);
    }
}

void async_notify_deliver(const struct async_notifier *notifier, RPC_ASYNC_STATE *async, RPC_ASYNC_EVENT event)
{
    if (event == RpcSendComplete && !(notifier->flags & RPC_C_NOTIFY_ON_SEND_COMPLETE)) return;
    TRACE(TRACE_ASYNC, "async %p: event %d by notification type %d", async, event, notifier->type);
    async->Event = event;
    switch (notifier->type)
    {
    case RpcNotificationTypeNone:
        break;
    case RpcNotificationTypeEvent:
        SetEvent(notifier->u.event);
        break;
    case RpcNotificationTypeApc:
        queue_apc(notifier, async, event);
        break;
    case RpcNotificationTypeIoc:
        PostQueuedCompletionStatus(notifier->u.ioc.port, notifier->u.ioc.bytes, notifier->u.ioc.key,
                                   notifier->u.ioc.overlapped);
        break;
    case RpcNotificationTypeHwnd:
        post_message(notifier, async);
        break;
    case RpcNotificationTypeCallback:
        /* the routine may block: the engine gets a spare worker meanwhile */
        engine_enter_blocking();
        notifier->routine(async, NULL, event);
        engine_leave_blocking();
        break;
    }
}

void async_notify_release(struct async_notifier *notifier)
{
    if (notifier->apc_thread) CloseHandle(notifier->apc_thread);
    notifier->apc_thread = NULL;
}
