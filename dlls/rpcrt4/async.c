/* async.c: the RpcAsync* exports on the caller's RPC_ASYNC_STATE; the calls themselves come with the runtime. */
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "trace.h"

/* "ASYC" read as a little-endian DWORD: the mark RpcAsyncInitializeHandle leaves in Signature. */
#define ASYNC_STATE_SIGNATURE 0x43595341

/* An RPC_ASYNC_STATE that RpcAsyncInitializeHandle prepared and the caller has not spoiled. */
static BOOL is_initialized(const RPC_ASYNC_STATE *async)
{
    return async && async->Size == sizeof(*async) && async->Signature == ASYNC_STATE_SIGNATURE;
}

/* RpcAsyncInitializeHandle */
RPC_STATUS RPC_ENTRY RpcAsyncInitializeHandle(PRPC_ASYNC_STATE async, unsigned int size)
{
    TRACE(TRACE_ASYNC, "%p, %u", async, size);
    if (size != sizeof(RPC_ASYNC_STATE)) return RPC_S_INVALID_ARG;
    if (!async) return RPC_S_INVALID_ASYNC_HANDLE;

    /* The runtime's fields only: UserInfo, Event, NotificationType and the notification
     * data belong to the caller, who may fill them before or after this call. */
    async->Size = sizeof(*async);
    async->Signature = ASYNC_STATE_SIGNATURE;
    async->Lock = 0;
    async->Flags = 0;
    async->StubInfo = NULL;
    async->RuntimeInfo = NULL;
    memset(async->Reserved, 0, sizeof(async->Reserved));
    return RPC_S_OK;
}

/* RpcAsyncGetCallStatus */
RPC_STATUS RPC_ENTRY RpcAsyncGetCallStatus(PRPC_ASYNC_STATE async)
{
    TRACE(TRACE_ASYNC, "%p", async);
    if (!is_initialized(async)) return RPC_S_INVALID_ASYNC_HANDLE;
    /* As native: a state that never carried a call has no binding behind it. */
    if (!async->RuntimeInfo) return RPC_S_INVALID_BINDING;
    /* No call object exists yet, so anything else in RuntimeInfo was not put there by us. */
    return RPC_S_INVALID_ASYNC_HANDLE;
}
