/* call_result.h: a semisynchronous call result over asynchronous RPC, in the manner of IWbemCallResult. */
#ifndef CALL_RESULT_H
#define CALL_RESULT_H

#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>

/* One asynchronous call in flight, and its outcome once it is over. */
struct call_result;

/* Issues the call: calls an [async] client stub with async as its first argument, for example
 * at_add(async, binding, 20, 22, &sum). Out parameters must live until the call is over. */
typedef void (*call_result_issue_fn)(PRPC_ASYNC_STATE async, void *context);

/* What call_result_get_call_status answers; the WBEM_* status that IWbemCallResult::GetCallStatus gives in its
 * place is named beside each. */
enum call_result_answer
{
    CALL_RESULT_DONE,       /* WBEM_S_NO_ERROR: the call is over; *status holds its final status */
    CALL_RESULT_TIMED_OUT,  /* WBEM_S_TIMEDOUT: not over after timeout_ms; it goes on, ask again later */
    CALL_RESULT_INVALID     /* WBEM_E_INVALID_PARAMETER: result or status is NULL, or the wait failed */
};

/* Issues a call through issue(async, context), with an event notification, and gives the object in *result.
 * The operation's return value must fit an int (it becomes the reply). RPC_S_OK; RPC_S_INVALID_ARG when issue
 * or result is NULL; RPC_S_OUT_OF_MEMORY when the object or its event cannot be made; otherwise the code of the
 * RPC exception the stub raised while issuing (RPC_S_INVALID_BINDING, RPC_S_SERVER_UNAVAILABLE...), and then no
 * call is in flight. On failure *result is NULL. */
RPC_STATUS call_result_start(call_result_issue_fn issue, void *context, struct call_result **result);

/* Waits up to timeout_ms for the call to be over: 0 polls, INFINITE (WBEM_INFINITE) blocks until it is.
 * CALL_RESULT_DONE: *status is the call's final status (RPC_S_OK, the server's abort code, a cancel or
 * communication status) and, when it is RPC_S_OK and reply is not NULL, *reply is the operation's return value.
 * CALL_RESULT_TIMED_OUT: nothing is written. CALL_RESULT_INVALID: result or status is NULL, or waiting on the
 * object's event failed (a freed or foreign object); nothing is written.
 * Once over, every later call answers CALL_RESULT_DONE with the same status and reply at once. Any thread may
 * ask, several at a time, but none while call_result_free runs. */
enum call_result_answer call_result_get_call_status(struct call_result *result, DWORD timeout_ms,
                                                    RPC_STATUS *status, int *reply);

/* Frees the object. A call still in flight is cancelled abortively first (it ends with RPC_S_CALL_CANCELLED,
 * the server is told); NULL is ignored. */
void call_result_free(struct call_result *result);

#endif
