/* example.c: the call_result object at work: polling, a timeout, blocking, and a call the server aborts. */
#include <stdio.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_test.h"
#include "../async_server.h"
#include "call_result.h"

static RPC_BINDING_HANDLE binding;

static const char *answer_name(enum call_result_answer answer)
{
    switch (answer)
    {
    case CALL_RESULT_DONE: return "done";
    case CALL_RESULT_TIMED_OUT: return "timed out";
    case CALL_RESULT_INVALID: return "invalid";
    }
    return "?";
}

/* Asks for the status with a timeout, and prints the answer, how long it took and what it handed over. */
static void ask(struct call_result *result, DWORD timeout_ms, const char *timeout_text)
{
    RPC_STATUS status = ~0u;
    int reply = -1;
    DWORD start = GetTickCount();
    enum call_result_answer answer = call_result_get_call_status(result, timeout_ms, &status, &reply);
    char call[48];

    snprintf(call, sizeof(call), "get_call_status(%s)", timeout_text);
    printf("  %-25s -> %-9s after %3lu ms", call, answer_name(answer), GetTickCount() - start);
    if (answer == CALL_RESULT_DONE && status == RPC_S_OK) printf(": RPC_S_OK, reply %d", reply);
    else if (answer == CALL_RESULT_DONE) printf(": status %#lx, no reply", status);
    printf("\n");
    fflush(stdout);
}

static void issue_hold(PRPC_ASYNC_STATE async, void *context)
{
    at_hold(async, binding, *(int *)context);
}

static void issue_abort(PRPC_ASYNC_STATE async, void *context)
{
    at_abort(async, binding, *(unsigned int *)context);
}

/* A thread-pool timer completes the held call from the server's side, as another client would. */
static void CALLBACK release_later(void *context, BOOLEAN fired)
{
    (void)fired;
    at_release(binding, *(int *)context, 42);
}

int main(void)
{
    char endpoint[64], string[128];
    struct call_result *result;
    unsigned int code = 0x1234;
    int token = 1;
    HANDLE timer;
    RPC_STATUS status;

    snprintf(endpoint, sizeof(endpoint), "call_result_example_%lu", GetCurrentProcessId());
    snprintf(string, sizeof(string), "ncalrpc:[%s]", endpoint);
    if ((status = async_server_start(endpoint)) || (status = RpcBindingFromStringBindingA((RPC_CSTR)string, &binding)))
    {
        printf("cannot serve or bind on %s: status %ld\n", string, status);
        return 1;
    }
    printf("async_test served in this process on %s\n\n", string);

    printf("at_hold(token %d): the server keeps the call until at_release\n", token);
    if ((status = call_result_start(issue_hold, &token, &result)))
    {
        printf("  call_result_start: status %ld\n", status);
        return 1;
    }
    ask(result, 0, "0");
    ask(result, 200, "200");
    CreateTimerQueueTimer(&timer, NULL, release_later, &token, 300, 0, WT_EXECUTEONLYONCE);
    printf("  (a timer completes the call with 42 in 300 ms)\n");
    ask(result, INFINITE, "INFINITE");
    ask(result, 0, "0");
    DeleteTimerQueueTimer(NULL, timer, INVALID_HANDLE_VALUE);
    call_result_free(result);

    printf("\nat_abort(%#x): the server aborts the call with that code\n", code);
    if ((status = call_result_start(issue_abort, &code, &result)))
    {
        printf("  call_result_start: status %ld\n", status);
        return 1;
    }
    ask(result, INFINITE, "INFINITE");
    ask(result, 0, "0");
    call_result_free(result);

    RpcBindingFree(&binding);
    return async_server_stop() ? 1 : 0;
}
