/* cancel.c: cancels of synchronous calls: RpcCancelThread, RpcCancelThreadEx and the per-thread cancel timeout. */
#include <windows.h>
#include <rpc.h>
#include "cancel.h"
#include "client_call.h"
#include "trace.h"

/* The calling thread's RpcMgmtSetCancelTimeout, stored as seconds + 2 so that 0 means "never set" and
 * RPC_C_CANCEL_INFINITE_TIMEOUT (-1) stays distinct. */
static DWORD timeout_tls = TLS_OUT_OF_INDEXES;
static INIT_ONCE timeout_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK alloc_tls(INIT_ONCE *once, void *param, void **context)
{
    (void)once; (void)param; (void)context;
    timeout_tls = TlsAlloc();
    return timeout_tls != TLS_OUT_OF_INDEXES;
}

static DWORD seconds_to_ms(LONG seconds)
{
    return seconds < 0 || seconds > (LONG)(MAXDWORD / 1000 - 1) ? INFINITE : (DWORD)seconds * 1000;
}

DWORD cancel_timeout_of_this_thread(void)
{
    ULONG_PTR stored;

    InitOnceExecuteOnce(&timeout_once, alloc_tls, NULL, NULL);
    if (timeout_tls == TLS_OUT_OF_INDEXES || !(stored = (ULONG_PTR)TlsGetValue(timeout_tls))) return INFINITE;
    return seconds_to_ms((LONG)(stored - 2));
}

/* RpcMgmtSetCancelTimeout */
RPC_STATUS RPC_ENTRY RpcMgmtSetCancelTimeout(LONG Timeout)
{
    TRACE(TRACE_CALL, "%ld", Timeout);
    InitOnceExecuteOnce(&timeout_once, alloc_tls, NULL, NULL);
    if (timeout_tls == TLS_OUT_OF_INDEXES || Timeout < RPC_C_CANCEL_INFINITE_TIMEOUT) return RPC_S_INVALID_ARG;
    TlsSetValue(timeout_tls, (void *)(ULONG_PTR)(Timeout + 2));
    return RPC_S_OK;
}

static RPC_STATUS cancel(HANDLE thread, const DWORD *timeout_ms)
{
    DWORD thread_id;

    if (!thread || !(thread_id = GetThreadId(thread))) return RPC_S_ACCESS_DENIED;
    return client_call_cancel_thread(thread_id, timeout_ms);
}

/* RpcCancelThread: the cancelled thread's own cancel timeout applies. */
RPC_STATUS RPC_ENTRY RpcCancelThread(void *Thread)
{
    TRACE(TRACE_CALL, "%p", Thread);
    return cancel(Thread, NULL);
}

/* RpcCancelThreadEx */
RPC_STATUS RPC_ENTRY RpcCancelThreadEx(void *Thread, LONG Timeout)
{
    DWORD timeout_ms = seconds_to_ms(Timeout);

    TRACE(TRACE_CALL, "%p, %ld", Thread, Timeout);
    return cancel(Thread, &timeout_ms);
}
