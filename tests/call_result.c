/* call_result.c: the semisynchronous call result of examples/call_result over async_test calls to this process's server. */
#include <stdio.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_test.h"
#include "process_counts.h"
#include "../examples/call_result/call_result.h"
#include "test.h"

/* at_release's answer when no call is held under the token (see srv_at_release in rpc_async.c). */
#define NOT_HELD (~0u)
/* Tokens of the calls this unit has the server hold; rpc_async.c's server keeps up to 2048. */
#define FIRST_TOKEN 1000
#define MANY 100

static RPC_BINDING_HANDLE binding;

struct op_args
{
    int a, b;
    int *sum;
};

static void issue_hold(PRPC_ASYNC_STATE async, void *context)
{
    at_hold(async, binding, ((struct op_args *)context)->a);
}

static void issue_add(PRPC_ASYNC_STATE async, void *context)
{
    struct op_args *args = context;

    at_add(async, binding, args->a, args->b, args->sum);
}

static void issue_abort(PRPC_ASYNC_STATE async, void *context)
{
    at_abort(async, binding, (unsigned int)((struct op_args *)context)->a);
}

static void issue_with_null_binding(PRPC_ASYNC_STATE async, void *context)
{
    (void)context;
    at_hold(async, NULL, 0);
}

static struct call_result *start_call(call_result_issue_fn issue, struct op_args *args, const char *what)
{
    struct call_result *result = GARBAGE;
    RPC_STATUS status = call_result_start(issue, args, &result);

    ok(status == RPC_S_OK && result && result != GARBAGE, "%s: call_result_start got %ld, result %p\n", what, status,
       result);
    return status == RPC_S_OK ? result : NULL;
}

/* The server holds the call: polls and a finite wait time out while it goes on; once released, INFINITE hands
 * over the final status and the reply, and so does every later call. */
static void test_held_call(void)
{
    struct op_args args = { FIRST_TOKEN, 0, NULL };
    enum call_result_answer answer;
    struct call_result *result;
    RPC_STATUS status;
    DWORD start, elapsed;
    int reply, i;

    if (!(result = start_call(issue_hold, &args, "at_hold"))) return;
    status = 0xdead;
    reply = -1;
    answer = call_result_get_call_status(result, 0, &status, &reply);
    ok(answer == CALL_RESULT_TIMED_OUT && status == 0xdead && reply == -1,
       "poll of a held call: answer %d, status %#lx, reply %d (want timed out, nothing written)\n", answer, status,
       reply);

    start = GetTickCount();
    answer = call_result_get_call_status(result, 300, &status, &reply);
    elapsed = GetTickCount() - start;
    ok(answer == CALL_RESULT_TIMED_OUT && status == 0xdead, "300 ms wait on a held call: answer %d, status %#lx\n",
       answer, status);
    ok(elapsed >= 150, "the 300 ms wait returned after %lu ms\n", elapsed);
    trace("a held call: 300 ms wait answered %d (timed out %d) after %lu ms\n", answer, CALL_RESULT_TIMED_OUT, elapsed);
    answer = call_result_get_call_status(result, 0, &status, &reply);
    ok(answer == CALL_RESULT_TIMED_OUT, "poll after the wait: answer %d\n", answer);

    /* the call went on meanwhile: the server still holds it, and completes it now */
    status = at_release(binding, FIRST_TOKEN, 42);
    ok(status == RPC_S_OK, "at_release of the held call answered %#lx (not held: %#x)\n", status, NOT_HELD);
    answer = call_result_get_call_status(result, INFINITE, &status, &reply);
    ok(answer == CALL_RESULT_DONE && status == RPC_S_OK && reply == 42,
       "INFINITE wait after the release: answer %d, status %ld, reply %d\n", answer, status, reply);

    for (i = 0; i < 2; i++)
    {
        status = 0xdead;
        reply = -1;
        answer = call_result_get_call_status(result, i ? INFINITE : 0, &status, &reply);
        ok(answer == CALL_RESULT_DONE && status == RPC_S_OK && reply == 42,
           "asking again (timeout %s): answer %d, status %ld, reply %d\n", i ? "INFINITE" : "0", answer, status, reply);
    }
    answer = call_result_get_call_status(result, 0, &status, NULL);
    ok(answer == CALL_RESULT_DONE && status == RPC_S_OK, "asking without a reply: answer %d, status %ld\n", answer,
       status);
    call_result_free(result);
}

/* The reply and an [out] parameter of a call that completes at once. */
static void test_add(void)
{
    int sum = -1, reply = -1;
    struct op_args args = { 20, 22, &sum };
    enum call_result_answer answer;
    struct call_result *result;
    RPC_STATUS status = 0xdead;

    if (!(result = start_call(issue_add, &args, "at_add"))) return;
    answer = call_result_get_call_status(result, INFINITE, &status, &reply);
    /* at_add returns a - b and gives the sum in its [out] parameter */
    ok(answer == CALL_RESULT_DONE && status == RPC_S_OK && reply == -2 && sum == 42,
       "at_add(20, 22): answer %d, status %ld, reply %d, sum %d\n", answer, status, reply, sum);
    call_result_free(result);
}

/* A call the server aborts: the final status is the abort code, with no reply. */
static void test_abort(void)
{
    struct op_args args = { 0x1234, 0, NULL };
    enum call_result_answer answer;
    struct call_result *result;
    RPC_STATUS status = 0xdead;
    int i, reply = -1;

    if (!(result = start_call(issue_abort, &args, "at_abort"))) return;
    for (i = 0; i < 3; i++)
    {
        answer = call_result_get_call_status(result, i == 1 ? 0 : INFINITE, &status, &reply);
        ok(answer == CALL_RESULT_DONE && status == 0x1234 && reply == -1,
           "aborted call, asking %s time: answer %d, status %#lx, reply %d\n", i ? "again" : "the first", answer,
           status, reply);
    }
    call_result_free(result);
}

/* Several threads ask at once while the call is held; each sees the same outcome once it is released. */
struct asker
{
    struct call_result *result;
    enum call_result_answer answer;
    RPC_STATUS status;
    int reply;
};

static DWORD WINAPI ask_infinite(void *arg)
{
    struct asker *asker = arg;

    asker->answer = call_result_get_call_status(asker->result, INFINITE, &asker->status, &asker->reply);
    return 0;
}

static void test_concurrent_askers(void)
{
    struct op_args args = { FIRST_TOKEN + 1, 0, NULL };
    struct asker askers[4];
    HANDLE threads[4];
    struct call_result *result;
    RPC_STATUS status;
    unsigned int i, right = 0;

    if (!(result = start_call(issue_hold, &args, "at_hold"))) return;
    for (i = 0; i < 4; i++)
    {
        askers[i].result = result;
        askers[i].answer = CALL_RESULT_INVALID;
        askers[i].status = 0xdead;
        askers[i].reply = -1;
        threads[i] = CreateThread(NULL, 0, ask_infinite, &askers[i], 0, NULL);
    }
    ok(WaitForMultipleObjects(4, threads, FALSE, 200) == WAIT_TIMEOUT, "an asker returned before the release\n");
    status = at_release(binding, FIRST_TOKEN + 1, 7);
    ok(status == RPC_S_OK, "at_release answered %#lx\n", status);
    WaitForMultipleObjects(4, threads, TRUE, 30000);
    for (i = 0; i < 4; i++)
    {
        if (askers[i].answer == CALL_RESULT_DONE && askers[i].status == RPC_S_OK && askers[i].reply == 7) right++;
        else trace("asker %u: answer %d, status %ld, reply %d\n", i, askers[i].answer, askers[i].status,
                   askers[i].reply);
        CloseHandle(threads[i]);
    }
    ok(right == 4, "%u of 4 concurrent askers got done, RPC_S_OK, reply 7\n", right);
    call_result_free(result);
}

/* Freeing a call in flight cancels it: the server, completing it later, learns that it was. */
static void test_free_in_flight(void)
{
    struct op_args args = { FIRST_TOKEN + 2, 0, NULL };
    struct call_result *result;
    RPC_STATUS status;

    if (!(result = start_call(issue_hold, &args, "at_hold"))) return;
    ok(call_result_get_call_status(result, 200, &status, NULL) == CALL_RESULT_TIMED_OUT, "the held call ended\n");
    call_result_free(result);
    Sleep(200);
    status = at_release(binding, FIRST_TOKEN + 2, 1);
    ok(status == RPC_S_CALL_CANCELLED || status == RPC_S_CALL_FAILED,
       "the server completing the freed call got %ld\n", status);
}

/* Many results in flight at once: the object adds no thread per call. */
static void test_many(void)
{
    struct op_args args[MANY];
    struct call_result *results[MANY];
    unsigned int threads_before, threads_during, i, started = 0, right = 0;
    RPC_STATUS status;
    int reply;

    threads_before = process_threads();
    for (i = 0; i < MANY; i++)
    {
        args[i].a = FIRST_TOKEN + 10 + i;
        if (call_result_start(issue_hold, &args[i], &results[started])) break;
        started++;
    }
    ok(started == MANY, "%u of %u calls started\n", started, MANY);
    Sleep(200);
    threads_during = process_threads();
    trace("%u results in flight: threads %u -> %u\n", started, threads_before, threads_during);
    ok(threads_during <= threads_before + 4, "threads went from %u to %u with %u results in flight\n",
       threads_before, threads_during, started);
    for (i = 0; i < started; i++) at_release(binding, args[i].a, (int)i);
    for (i = 0; i < started; i++)
    {
        if (call_result_get_call_status(results[i], INFINITE, &status, &reply) == CALL_RESULT_DONE
            && status == RPC_S_OK && reply == (int)i)
            right++;
        call_result_free(results[i]);
    }
    ok(right == started, "%u of %u results done with their reply\n", right, started);
}

static void test_bad_arguments(void)
{
    struct op_args args = { 1, 2, NULL };
    struct call_result *result = GARBAGE;
    enum call_result_answer answer;
    RPC_STATUS status;
    int reply = -1;

    status = call_result_start(NULL, &args, &result);
    ok(status == RPC_S_INVALID_ARG && result == NULL, "call_result_start(NULL issue) got %ld, result %p\n", status,
       result);
    status = call_result_start(issue_add, &args, NULL);
    ok(status == RPC_S_INVALID_ARG, "call_result_start(NULL result) got %ld\n", status);
    answer = call_result_get_call_status(NULL, 0, &status, &reply);
    ok(answer == CALL_RESULT_INVALID, "call_result_get_call_status(NULL) answered %d\n", answer);
    call_result_free(NULL);

    /* the stub raises while issuing: call_result_start answers its code and gives no object */
    result = GARBAGE;
    status = call_result_start(issue_with_null_binding, NULL, &result);
    ok(status == RPC_S_INVALID_BINDING && result == NULL, "a call on a NULL binding: call_result_start got %ld, result %p\n", status,
       result);

    if (!(result = start_call(issue_add, &args, "at_add"))) return;
    answer = call_result_get_call_status(result, INFINITE, NULL, &reply);
    ok(answer == CALL_RESULT_INVALID, "call_result_get_call_status(NULL status) answered %d\n", answer);
    call_result_free(result);
}

START_TEST(call_result)
{
    char endpoint[64], string[96];
    RPC_STATUS status;

    if (test_target == TARGET_WINE_BUILTIN)
    {
        skip("Wine's builtin leaves RpcAsyncCancelCall and RpcAsyncAbortCall as stubs\n");
        return;
    }
    snprintf(endpoint, sizeof(endpoint), "call_result_%lu", GetCurrentProcessId());
    status = RpcServerUseProtseqEpA((RPC_CSTR)"ncalrpc", RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)endpoint, NULL);
    ok(status == RPC_S_OK, "RpcServerUseProtseqEp got %ld\n", status);
    status = RpcServerRegisterIf(srv_async_test_v1_0_s_ifspec, NULL, NULL);
    ok(status == RPC_S_OK, "RpcServerRegisterIf got %ld\n", status);
    status = RpcServerListen(1, RPC_C_LISTEN_MAX_CALLS_DEFAULT, TRUE);
    ok(status == RPC_S_OK, "RpcServerListen got %ld\n", status);
    snprintf(string, sizeof(string), "ncalrpc:[%s]", endpoint);
    status = RpcBindingFromStringBindingA((RPC_CSTR)string, &binding);
    ok(status == RPC_S_OK, "RpcBindingFromStringBinding(%s) got %ld\n", string, status);
    if (status) return;

    test_held_call();
    test_add();
    test_abort();
    test_concurrent_askers();
    test_free_in_flight();
    test_many();
    test_bad_arguments();

    RpcBindingFree(&binding);
    status = RpcMgmtStopServerListening(NULL);
    ok(status == RPC_S_OK, "RpcMgmtStopServerListening got %ld\n", status);
    status = RpcServerUnregisterIf(srv_async_test_v1_0_s_ifspec, NULL, TRUE);
    ok(status == RPC_S_OK, "RpcServerUnregisterIf got %ld\n", status);
}
