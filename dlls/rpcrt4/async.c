/* async.c: the RpcAsync* exports on the caller's RPC_ASYNC_STATE; the calls themselves come with the runtime. */
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "seh.h"
#include "trace.h"

/* "ASYC" read as a little-endian DWORD: the mark RpcAsyncInitializeHandle leaves in Signature. */
#define ASYNC_STATE_SIGNATURE 0x43595341

/* The caller's RPC_ASYNC_STATE may point anywhere: touching it goes through seh_call, and only an
 * access violation there is caught (and answered RPC_S_INVALID_ASYNC_HANDLE). */
static LONG access_violation_only(EXCEPTION_POINTERS *pointers, void *arg)
{
    (void)arg;
    return pointers->ExceptionRecord->ExceptionCode == EXCEPTION_ACCESS_VIOLATION
           ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
}

/* The runtime's fields only: UserInfo, Event, NotificationType and the notification data belong to the
 * caller, who may fill them before or after initialisation. */
static void initialize_fields(void *arg)
{
    RPC_ASYNC_STATE *async = arg;

    async->Size = sizeof(*async);
    async->Signature = ASYNC_STATE_SIGNATURE;
    async->Lock = 0;
    async->Flags = 0;
    async->StubInfo = NULL;
    async->RuntimeInfo = NULL;
    memset(async->Reserved, 0, sizeof(async->Reserved));
}

struct state_check
{
    const RPC_ASYNC_STATE *async;
    BOOL initialized;     /* RpcAsyncInitializeHandle prepared it and the caller has not spoiled it */
    BOOL carries_call;
};

static void read_state(void *arg)
{
    struct state_check *check = arg;

    check->initialized = check->async->Size == sizeof(*check->async)
                         && check->async->Signature == ASYNC_STATE_SIGNATURE;
    check->carries_call = check->async->RuntimeInfo != NULL;
}

/* RpcAsyncInitializeHandle */
RPC_STATUS RPC_ENTRY RpcAsyncInitializeHandle(PRPC_ASYNC_STATE async, unsigned int size)
{
    TRACE(TRACE_ASYNC, "%p, %u", async, size);
    if (size != sizeof(RPC_ASYNC_STATE)) return RPC_S_INVALID_ARG;
    if (!async || !seh_call(initialize_fields, async, access_violation_only, NULL, NULL))
        return RPC_S_INVALID_ASYNC_HANDLE;
    return RPC_S_OK;
}

/* RpcAsyncGetCallStatus */
RPC_STATUS RPC_ENTRY RpcAsyncGetCallStatus(PRPC_ASYNC_STATE async)
{
    struct state_check check = { async, FALSE, FALSE };

    TRACE(TRACE_ASYNC, "%p", async);
    if (!async || !seh_call(read_state, &check, access_violation_only, NULL, NULL) || !check.initialized)
        return RPC_S_INVALID_ASYNC_HANDLE;
    /* As native: a state that never carried a call has no binding behind it. */
    if (!check.carries_call) return RPC_S_INVALID_BINDING;
    /* No call object exists yet, so anything else in RuntimeInfo was not put there by us. */
    return RPC_S_INVALID_ASYNC_HANDLE;
}
