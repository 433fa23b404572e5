/* async_state.h: safe access to the caller's RPC_ASYNC_STATE: initialisation, validation, the runtime's fields. */
#ifndef RPCRT4_ASYNC_STATE_H
#define RPCRT4_ASYNC_STATE_H

#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>

/* Prepares the runtime's fields of async (RpcAsyncInitializeHandle). RPC_S_OK; RPC_S_INVALID_ARG for a
 * size other than sizeof(RPC_ASYNC_STATE); RPC_S_INVALID_ASYNC_HANDLE when async is NULL or not
 * writable memory. */
RPC_STATUS async_state_initialize(RPC_ASYNC_STATE *async, unsigned int size);

/* What an initialised async carries. */
struct async_state_info
{
    void *runtime_info;     /* the call's handle; NULL when it carries none */
    void *stub_info;        /* the stub's state for the call, may be NULL */
    BOOL ended;             /* it carried a call that has ended (async_state_detach) */
};

/* Reads the runtime's fields of an initialised async: RPC_S_OK with *info; RPC_S_INVALID_ASYNC_HANDLE
 * when async is NULL, unreadable, or not initialised (or spoiled: its Size or Signature changed). */
RPC_STATUS async_state_read(const RPC_ASYNC_STATE *async, struct async_state_info *info);

/* Ties async to a call. async was validated by async_state_read; a caller that frees it meanwhile breaks
 * the documented contract. */
void async_state_attach(RPC_ASYNC_STATE *async, void *runtime_info, void *stub_info);
/* Unties async from its call: ended says whether the call ended (and was not merely refused before it
 * started), which the APIs answer RPC_S_INVALID_ASYNC_HANDLE to rather than "never used". */
void async_state_detach(RPC_ASYNC_STATE *async, BOOL ended);

#endif
