/* async_notify.h: delivers an asynchronous call's notifications the way its RPC_ASYNC_STATE asks. */
#ifndef RPCRT4_ASYNC_NOTIFY_H
#define RPCRT4_ASYNC_NOTIFY_H

#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>

/* What the caller's RPC_ASYNC_STATE asked for when the call was issued: the notification fields are
 * copied then (the documentation has the client fill them before the call), so that a caller changing
 * them later cannot make the runtime post to a half-written target. */
struct async_notifier
{
    RPC_NOTIFICATION_TYPES type;
    DWORD flags;                       /* RPC_C_NOTIFY_ON_SEND_COMPLETE */
    HANDLE apc_thread;                 /* ours (duplicated): the named thread, or the issuing one */
    PFN_RPCNOTIFICATION_ROUTINE routine;
    union
    {
        HANDLE event;
        struct { HANDLE port; DWORD bytes; DWORD_PTR key; LPOVERLAPPED overlapped; } ioc;
        struct { HWND hwnd; UINT msg; } hwnd;
    } u;
};

/* Copies the notification async asks for (the caller has made sure async is readable).
 * RPC_S_OK; RPC_S_INVALID_ARG for a notification type that does not exist or lacks its target
 * (a NULL event, port, window or routine); RPC_S_OUT_OF_MEMORY (the APC thread's handle). */
RPC_STATUS async_notify_capture(struct async_notifier *notifier, const RPC_ASYNC_STATE *async);

/* Delivers one notification of event for async: sets async->Event, then signals the event, queues the
 * APC, posts to the port or the window, or calls the routine (on this thread, which may then block in
 * it). Send completions only when RPC_C_NOTIFY_ON_SEND_COMPLETE was asked for. */
void async_notify_deliver(const struct async_notifier *notifier, RPC_ASYNC_STATE *async, RPC_ASYNC_EVENT event);

/* Releases what capture took (the APC thread's handle). */
void async_notify_release(struct async_notifier *notifier);

#endif
