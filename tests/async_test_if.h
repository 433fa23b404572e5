/* async_test_if.h: the async_test interface as the units share it: server routines, held calls, [async] calls. */
#ifndef RPCRT4_TEST_ASYNC_TEST_IF_H
#define RPCRT4_TEST_ASYNC_TEST_IF_H

#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_test.h"

/* The tokens srv_at_hold accepts: 0 to AT_MAX_HELD - 1 (async_test.idl), each held by one call at a time. */
#define ASYNC_TEST_MAX_HELD AT_MAX_HELD

/* The calls srv_at_hold holds now. */
extern LONG async_test_held_count;
/* When set, srv_at_hold releases it once per call it holds, so that another process knows it arrived. */
extern HANDLE async_test_busy;
/* What the server's second RpcAsyncCompleteCall on an at_add call answered (~0u before the first). */
extern RPC_STATUS async_test_second_complete;
/* RpcServerTestCancel(NULL) inside at_test_cancel, on the thread that dispatched the call (~0u before). */
extern RPC_STATUS async_test_cancel_current;
/* I_RpcBindingHandleToAsyncHandle(h) there, and whether it gave the routine's state and handle. */
extern RPC_STATUS async_test_handle_to_async;
extern BOOL async_test_handle_to_async_same;

/* Completes the call held under token with result (RpcAsyncCompleteCall), from whatever thread runs it; its
 * status, or ~0u when no call is held under token. srv_at_release does this for a client. */
RPC_STATUS async_test_complete_held(int token, int result);
/* Waits up to ms until at least count calls are held. */
BOOL async_test_wait_held(LONG count, DWORD ms);

/* ---- the client side ---- */

/* The [async] operations, for async_test_issue. */
enum async_test_op { ASYNC_TEST_ADD, ASYNC_TEST_ECHO, ASYNC_TEST_HOLD, ASYNC_TEST_ABORT, ASYNC_TEST_TEST_CANCEL };

/* Issues one [async] call through its stub: at_add(a, b, out: the sum), at_echo(a bytes from in, copied to
 * out), at_hold(token a), at_abort(code a), at_test_cancel(wait_ms a). Returns 0 when the stub returned (the
 * call is in flight), else the code of the exception it raised (caught). */
DWORD async_test_issue(RPC_BINDING_HANDLE binding, PRPC_ASYNC_STATE async, enum async_test_op op, int a, int b,
                       void *out, const void *in);

/* RpcAsyncInitializeHandle on a state filled with 0xcc first (checked), then the notification type; UserInfo
 * NULL, Flags 0, the notification's own fields left to the caller. */
void async_test_init_state(PRPC_ASYNC_STATE async, RPC_NOTIFICATION_TYPES type);

/* Polls RpcAsyncGetCallStatus until it stops answering RPC_S_ASYNC_CALL_PENDING or ms passed; its last answer. */
RPC_STATUS async_test_poll(PRPC_ASYNC_STATE async, DWORD ms);

#endif
