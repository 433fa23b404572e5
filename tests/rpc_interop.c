/* rpc_interop.c: calls between processes, on the same rpcrt4 and across ours and Wine's builtin, and killed peers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include "peer_process.h"
#include "rpc_test_if.h"
#include "test.h"

/* The test program runs itself as a child (peer_process.h): PEER_CHILD_VARIABLE names the role and its arguments:
 *   "server TAG PORT"              serve the test interface on TAG's endpoints until told to stop;
 *   "client TAG PORT SERVER_PID"   run the common checks against TAG's endpoints (failures: exit code 1);
 *   "hang TAG PORT"                start a sleeping call on each of TAG's endpoints, then wait to be killed.
 * TEST_OP_SLEEP releases the semaphore busy of the server's TAG as it starts. */

/* ---- the child's side ---- */

static void child_client(const char *tag, unsigned int port, DWORD server_pid)
{
    RPC_BINDING_HANDLE binding;
    unsigned int i;

    for (i = 0; i < PEER_PROTSEQ_COUNT; i++)
    {
        if (!(binding = peer_bind(i, tag, port))) continue;
        if (!test_if_check_calls(binding, peer_protseqs[i], server_pid))
            skip("%s: the first call failed: the client runtime is not implemented, skipping this protocol sequence\n",
                 peer_protseqs[i]);
        RpcBindingFree(&binding);
    }
}

static DWORD WINAPI hang_call_proc(void *arg)
{
    test_if_sleep(arg, 3000);
    return 0;
}

static void child_hang(const char *tag, unsigned int port)
{
    RPC_BINDING_HANDLE binding;
    unsigned int i;

    for (i = 0; i < PEER_PROTSEQ_COUNT; i++)
        if ((binding = peer_bind(i, tag, port))) CloseHandle(CreateThread(NULL, 0, hang_call_proc, binding, 0, NULL));
    Sleep(2 * PEER_WAIT_MS);
    ExitProcess(3);
}

/* Runs the child role PEER_CHILD_VARIABLE names; FALSE when this is not a child. */
static BOOL run_child(void)
{
    char role[16], tag[32];
    unsigned int port;
    unsigned long server_pid;
    const char *value = getenv(PEER_CHILD_VARIABLE);

    if (!value || sscanf(value, "%15s %31s %u", role, tag, &port) != 3) return FALSE;
    if (!strcmp(role, "server")) peer_serve(tag, port, &test_if_server, &test_if_busy);
    else if (!strcmp(role, "hang")) child_hang(tag, port);
    else if (!strcmp(role, "client") && sscanf(value, "%*s %*s %*u %lu", &server_pid) == 1)
        child_client(tag, port, server_pid);
    else ok(0, "unknown child role %s\n", test_dbgstr_a(value));
    return TRUE;
}

/* ---- the parent's side ---- */

/* The TCP port of server n: 0 is the parent, the others are children. */
static unsigned int server_port(unsigned int n)
{
    return 30000 + (GetCurrentProcessId() % 5000) * 4 + n;
}

static BOOL start_server_child(struct peer *child, unsigned int n, BOOL other)
{
    return peer_start_server(child, n, server_port(n), "rpc_interop", "server", other);
}

/* Our client (the parent's rpcrt4) calls a server child. */
static void test_server_child(BOOL other)
{
    RPC_BINDING_HANDLE binding;
    struct peer child = { 0 };
    unsigned int i;

    trace("client on %s rpcrt4, server child on %s rpcrt4\n", peer_rpcrt4_name(FALSE), peer_rpcrt4_name(other));
    if (!start_server_child(&child, other ? 2 : 1, other))
    {
        skip("no server child on %s rpcrt4: the server runtime is not implemented\n", peer_rpcrt4_name(other));
        return;
    }
    for (i = 0; i < PEER_PROTSEQ_COUNT; i++)
    {
        if (!(binding = peer_bind(i, child.tag, child.port))) continue;
        if (!test_if_check_calls(binding, peer_protseqs[i], child.info.dwProcessId))
            skip("%s: the first call failed: the client runtime is not implemented, skipping this protocol sequence\n",
                 peer_protseqs[i]);
        RpcBindingFree(&binding);
    }
    peer_stop_server(&child);
}

/* A client child calls the parent's server; it checks, and its exit code says how that went. */
static void test_client_child(const char *tag, unsigned int port, BOOL other)
{
    struct peer child = { 0 };
    char extra[16];
    DWORD code;

    trace("client child on %s rpcrt4, server on %s rpcrt4\n", peer_rpcrt4_name(other), peer_rpcrt4_name(FALSE));
    snprintf(child.tag, sizeof(child.tag), "%s", tag);
    child.port = port;
    snprintf(extra, sizeof(extra), "%lu", GetCurrentProcessId());
    if (!peer_spawn(&child, "rpc_interop", "client", extra, other)) return;
    code = peer_end(&child);
    ok(code == 0, "the client child on %s rpcrt4 ended with %lu (its failures are above)\n", peer_rpcrt4_name(other),
       code);
}

struct inflight_call
{
    RPC_BINDING_HANDLE binding;
    RPC_STATUS status;
    DWORD end;
};

static DWORD WINAPI inflight_call_proc(void *arg)
{
    struct inflight_call *call = arg;

    call->status = test_if_sleep(call->binding, 5000);
    call->end = GetTickCount();
    return 0;
}

/* A server killed while a call is in flight on each transport: each call fails with RPC_S_CALL_FAILED (the
 * connection was lost after the request went out), and none hangs. */
static void test_server_killed(void)
{
    struct inflight_call calls[PEER_PROTSEQ_COUNT] = { { 0 } };
    HANDLE threads[PEER_PROTSEQ_COUNT] = { 0 };
    struct peer child = { 0 };
    unsigned int i, started = 0;
    DWORD killed_at;

    if (!start_server_child(&child, 3, FALSE))
    {
        skip("no server child to kill: the server runtime is not implemented\n");
        return;
    }
    for (i = 0; i < PEER_PROTSEQ_COUNT; i++)
    {
        if (!(calls[i].binding = peer_bind(i, child.tag, child.port))) continue;
        threads[i] = CreateThread(NULL, 0, inflight_call_proc, &calls[i], 0, NULL);
        started++;
    }
    ok(peer_wait_busy(child.busy, started), "the server child did not start %u sleeping calls\n", started);
    TerminateProcess(child.info.hProcess, 9);
    killed_at = GetTickCount();
    for (i = 0; i < PEER_PROTSEQ_COUNT; i++)
    {
        DWORD wait;

        if (!threads[i]) continue;
        wait = WaitForSingleObject(threads[i], PEER_WAIT_MS);
        ok(wait == WAIT_OBJECT_0, "%s: the call to the killed server did not end\n", peer_protseqs[i]);
        if (wait)
        {
            TerminateThread(threads[i], 1);
            CloseHandle(threads[i]);
            continue;
        }
        trace("%s: the call to the killed server ended %ld ms after the kill, with %ld\n", peer_protseqs[i],
              (LONG)(calls[i].end - killed_at), calls[i].status);
        ok(calls[i].status == RPC_S_CALL_FAILED, "%s: the call to the killed server got %ld\n", peer_protseqs[i],
           calls[i].status);
        CloseHandle(threads[i]);
        RpcBindingFree(&calls[i].binding);
    }
    peer_end(&child);
    peer_close_objects(&child);
}

/* A client child killed while each transport has a call of it sleeping in our server: the server serves the
 * next call on each. */
static void test_client_killed(const char *tag, unsigned int port, HANDLE busy)
{
    RPC_BINDING_HANDLE binding;
    struct peer child = { 0 };
    RPC_STATUS status;
    unsigned int i;

    snprintf(child.tag, sizeof(child.tag), "%s", tag);
    child.port = port;
    if (!peer_spawn(&child, "rpc_interop", "hang", NULL, FALSE)) return;
    ok(peer_wait_busy(busy, PEER_PROTSEQ_COUNT), "the client child did not start its calls\n");
    TerminateProcess(child.info.hProcess, 9);
    peer_end(&child);
    for (i = 0; i < PEER_PROTSEQ_COUNT; i++)
    {
        if (!(binding = peer_bind(i, tag, port))) continue;
        status = test_if_null(binding);
        ok(status == RPC_S_OK, "%s: a call after a client was killed mid-call got %ld\n", peer_protseqs[i], status);
        RpcBindingFree(&binding);
    }
}

START_TEST(rpc_interop)
{
    unsigned int port = server_port(0);
    BOOL serving, other_half = test_target == TARGET_OURS;
    RPC_STATUS status;
    char tag[32];

    if (run_child()) return;

    snprintf(tag, sizeof(tag), "%lu_0", GetCurrentProcessId());
    test_if_busy = peer_object("busy", tag, TRUE);
    status = peer_listen(tag, port, &test_if_server);
    ok(status == RPC_S_OK, "the parent's server did not start: %ld\n", status);
    serving = status == RPC_S_OK;

    test_server_child(FALSE);
    if (serving) test_client_child(tag, port, FALSE);
    else skip("no server in the parent: the server runtime is not implemented\n");

    /* Ours against Wine's builtin, both ways. Run from ours only: from the builtin these are the same pairs. */
    if (!other_half)
        skip(test_target == TARGET_WINE_BUILTIN ? "the pairings with our rpcrt4 run under TARGET=ours\n"
                                                : "not on Wine: no other rpcrt4 to pair with\n");
    else if (peer_prepare_other())
    {
        test_server_child(TRUE);
        if (serving) test_client_child(tag, port, TRUE);
        peer_remove_other();
    }

    test_server_killed();
    if (serving)
    {
        test_client_killed(tag, port, test_if_busy);
        status = RpcMgmtStopServerListening(NULL);
        ok(status == RPC_S_OK, "RpcMgmtStopServerListening got %ld\n", status);
    }
    CloseHandle(test_if_busy);
}
