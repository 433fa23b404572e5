/* ndr_async.h: how RpcAsyncCompleteCall and RpcAsyncAbortCall reach the asynchronous stubless stubs. */
#ifndef RPCRT4_NDR_ASYNC_H
#define RPCRT4_NDR_ASYNC_H

#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "client_call.h"

/* Client, RpcAsyncCompleteCall: takes call's outcome (call is the client call async carries, stub_info
 * the stub's state NdrAsyncClientCall left in async->StubInfo). RPC_S_ASYNC_CALL_PENDING while the
 * reply is not in (nothing changes); else the call ends: on RPC_S_OK its [out] parameters are
 * unmarshalled and the return value copied to reply (when not NULL); a failure is the call's failure
 * (client_call_take) or the exception unmarshalling raised. async no longer carries the call then. */
RPC_STATUS ndr_async_client_complete(RPC_ASYNC_STATE *async, void *stub_info, struct client_call *call, void *reply);

#endif
