/* rpc_interop.c: calls between processes, on the same rpcrt4 and across ours and Wine's builtin, and killed peers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include "rpc_test_if.h"
#include "test.h"

/* Generous: only there so that a broken runtime fails instead of hanging. */
#define WAIT_MS 30000

/* The test program runs itself as a child: RPC_INTEROP_CHILD names the role and its arguments:
 *   "server TAG PORT"              serve the test interface on TAG's endpoints until told to stop;
 *   "client TAG PORT SERVER_PID"   run the common checks against TAG's endpoints (failures: exit code 1);
 *   "hang TAG PORT"                start a sleeping call on each of TAG's endpoints, then wait to be killed.
 * A server child sets the event rpc_interop_ready_TAG once it listens, and stops at rpc_interop_stop_TAG.
 * TEST_OP_SLEEP releases the semaphore rpc_interop_busy_TAG of the server's TAG as it starts. */
#define CHILD_VARIABLE "RPC_INTEROP_CHILD"

static const char *const protseqs[] = { "ncalrpc", "ncacn_np", "ncacn_ip_tcp" };
#define PROTSEQ_COUNT 3

/* The endpoint of protseqs[i] for a server TAG listening on TCP port PORT. */
static void endpoint_name(unsigned int i, const char *tag, unsigned int port, char *name, size_t size)
{
    if (i == 0) snprintf(name, size, "rpc_interop_%s", tag);
    else if (i == 1) snprintf(name, size, "\\pipe\\rpc_interop_%s", tag);
    else snprintf(name, size, "%u", port);
}

static HANDLE named_object(const char *kind, const char *tag, BOOL create)
{
    char name[64];

    snprintf(name, sizeof(name), "rpc_interop_%s_%s", kind, tag);
    if (!strcmp(kind, "busy"))
        return create ? CreateSemaphoreA(NULL, 0, 64, name) : OpenSemaphoreA(SEMAPHORE_MODIFY_STATE, FALSE, name);
    return create ? CreateEventA(NULL, TRUE, FALSE, name) : OpenEventA(SYNCHRONIZE | EVENT_MODIFY_STATE, FALSE, name);
}

static RPC_BINDING_HANDLE bind_to(unsigned int i, const char *tag, unsigned int port)
{
    char name[64];

    endpoint_name(i, tag, port, name, sizeof(name));
    return test_if_bind(protseqs[i], i == 2 ? "127.0.0.1" : NULL, name);
}

/* Listens on TAG's three endpoints with the test interface; the first failure, printed. */
static RPC_STATUS start_server(const char *tag, unsigned int port)
{
    RPC_STATUS status = RPC_S_OK;
    char name[64];
    unsigned int i;

    for (i = 0; i < PROTSEQ_COUNT && !status; i++)
    {
        endpoint_name(i, tag, port, name, sizeof(name));
        status = RpcServerUseProtseqEpA((RPC_CSTR)protseqs[i], RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)name, NULL);
        if (status) trace("RpcServerUseProtseqEp(%s, %s) got %ld\n", protseqs[i], name, status);
    }
    if (!status && (status = RpcServerRegisterIf(&test_if_server, NULL, NULL)))
        trace("RpcServerRegisterIf got %ld\n", status);
    if (!status && (status = RpcServerListen(1, RPC_C_LISTEN_MAX_CALLS_DEFAULT, TRUE)))
        trace("RpcServerListen got %ld\n", status);
    return status;
}

/* ---- the child's side ---- */

static void child_server(const char *tag, unsigned int port)
{
    HANDLE ready = named_object("ready", tag, FALSE), stop = named_object("stop", tag, FALSE);
    RPC_STATUS status;

    test_if_busy = named_object("busy", tag, FALSE);
    if (!ready || !stop || !test_if_busy || (status = start_server(tag, port)))
    {
        trace("server child %s: cannot serve\n", tag);
        ExitProcess(2);
    }
    SetEvent(ready);
    if (WaitForSingleObject(stop, 2 * WAIT_MS)) trace("server child %s: never told to stop\n", tag);
    RpcMgmtStopServerListening(NULL);
    ExitProcess(0);
}

static void child_client(const char *tag, unsigned int port, DWORD server_pid)
{
    RPC_BINDING_HANDLE binding;
    unsigned int i;

    for (i = 0; i < PROTSEQ_COUNT; i++)
    {
        if (!(binding = bind_to(i, tag, port))) continue;
        if (!test_if_check_calls(binding, protseqs[i], server_pid))
            skip("%s: the first call failed: the client runtime is not implemented, skipping this protocol sequence\n",
                 protseqs[i]);
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

    for (i = 0; i < PROTSEQ_COUNT; i++)
        if ((binding = bind_to(i, tag, port))) CloseHandle(CreateThread(NULL, 0, hang_call_proc, binding, 0, NULL));
    Sleep(2 * WAIT_MS);
    ExitProcess(3);
}

/* Runs the child role RPC_INTEROP_CHILD names; FALSE when this is not a child. */
static BOOL run_child(void)
{
    char role[16], tag[32];
    unsigned int port;
    unsigned long server_pid;
    const char *value = getenv(CHILD_VARIABLE);

    if (!value || sscanf(value, "%15s %31s %u", role, tag, &port) != 3) return FALSE;
    if (!strcmp(role, "server")) child_server(tag, port);
    else if (!strcmp(role, "hang")) child_hang(tag, port);
    else if (!strcmp(role, "client") && sscanf(value, "%*s %*s %*u %lu", &server_pid) == 1)
        child_client(tag, port, server_pid);
    else ok(0, "unknown child role %s\n", test_dbgstr_a(value));
    return TRUE;
}

/* ---- the parent's side ---- */

struct child
{
    PROCESS_INFORMATION info;
    char tag[32];
    unsigned int port;
    BOOL other;             /* on the other rpcrt4 than the parent's */
    HANDLE ready, stop, busy;
};

static const char *rpcrt4_name(BOOL other)
{
    BOOL builtin = (test_target == TARGET_WINE_BUILTIN) != other;
    return builtin ? "Wine's builtin" : test_target == TARGET_WINDOWS ? "native" : "ours";
}

/* A child on the other rpcrt4 cannot be chosen through WINEDLLOVERRIDES: Wine hands its children the value
 * the first process of the tree got from Unix, whatever the parent set in its environment. When that value
 * does not name rpcrt4, the registry decides per program name (HKCU\Software\Wine\AppDefaults\NAME.exe\
 * DllOverrides), so the other peer is a copy of this program under another name beside it, set there to the
 * other rpcrt4. Fills peer with that copy's path; FALSE (with the reason printed) when it cannot be made. */
static BOOL prepare_other_peer(char *peer, size_t size)
{
    const char *overrides = getenv("WINEDLLOVERRIDES"), *order;
    char exe[MAX_PATH], key[128], *slash;
    BOOL builtin = test_target != TARGET_WINE_BUILTIN;
    HKEY hkey;
    LONG ret;

    if (overrides && strstr(overrides, "rpcrt4"))
    {
        skip("WINEDLLOVERRIDES=%s decides every child's rpcrt4: run this unit with the rpcrt4 override in the "
             "registry instead to pair ours with Wine's builtin\n", overrides);
        return FALSE;
    }
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    if (!(slash = strrchr(exe, '\\'))) return FALSE;
    snprintf(peer, size, "%.*s\\rpcrt4_peer_%s.exe", (int)(slash - exe), exe, builtin ? "builtin" : "ours");
    ok(CopyFileA(exe, peer, FALSE), "copying %s to %s failed: %lu\n", exe, peer, GetLastError());
    snprintf(key, sizeof(key), "Software\\Wine\\AppDefaults\\%s\\DllOverrides", strrchr(peer, '\\') + 1);
    order = builtin ? "builtin" : "native";
    ret = RegCreateKeyExA(HKEY_CURRENT_USER, key, 0, NULL, 0, KEY_SET_VALUE, NULL, &hkey, NULL);
    if (!ret)
    {
        ret = RegSetValueExA(hkey, "rpcrt4", 0, REG_SZ, (const BYTE *)order, strlen(order) + 1);
        RegCloseKey(hkey);
    }
    ok(!ret, "setting %s to %s failed: %ld\n", key, order, ret);
    return !ret;
}

static void remove_other_peer(const char *peer)
{
    char key[128];

    snprintf(key, sizeof(key), "Software\\Wine\\AppDefaults\\%s", strrchr(peer, '\\') + 1);
    RegDeleteTreeA(HKEY_CURRENT_USER, key);
    DeleteFileA(peer);
}

/* The copy of this program that runs on the other rpcrt4, once prepare_other_peer made it. */
static char other_peer[MAX_PATH];

/* Starts this program as a child with role "ROLE TAG PORT [extra]", on the same or the other rpcrt4; its
 * output goes where the parent's does. */
static BOOL spawn_child(struct child *child, const char *role, const char *extra, BOOL other)
{
    STARTUPINFOA startup = { .cb = sizeof(startup) };
    char exe[MAX_PATH], command[MAX_PATH + 32], value[96], target[32];
    BOOL ret;

    child->other = other;
    if (other) snprintf(exe, sizeof(exe), "%s", other_peer);
    else GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(command, sizeof(command), "\"%s\" rpc_interop", exe);
    snprintf(value, sizeof(value), "%s %s %u %s", role, child->tag, child->port, extra ? extra : "");
    SetEnvironmentVariableA(CHILD_VARIABLE, value);
    if (other)
    {
        GetEnvironmentVariableA("RPCRT4_TEST_TARGET", target, sizeof(target));
        SetEnvironmentVariableA("RPCRT4_TEST_TARGET", test_target == TARGET_WINE_BUILTIN ? "ours" : "builtin");
    }
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    ret = CreateProcessA(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &child->info);
    ok(ret, "CreateProcess(%s) failed: %lu\n", command, GetLastError());
    SetEnvironmentVariableA(CHILD_VARIABLE, NULL);
    if (other) SetEnvironmentVariableA("RPCRT4_TEST_TARGET", target);
    return ret;
}

/* Waits for a child to end; its exit code, or STILL_ACTIVE after a timeout (then it is killed). */
static DWORD end_child(struct child *child)
{
    DWORD code = STILL_ACTIVE;

    if (WaitForSingleObject(child->info.hProcess, WAIT_MS)) TerminateProcess(child->info.hProcess, STILL_ACTIVE);
    else GetExitCodeProcess(child->info.hProcess, &code);
    CloseHandle(child->info.hProcess);
    CloseHandle(child->info.hThread);
    return code;
}

static void close_objects(struct child *child)
{
    if (child->ready) CloseHandle(child->ready);
    if (child->stop) CloseHandle(child->stop);
    if (child->busy) CloseHandle(child->busy);
}

/* A server child with its own tag and port, listening once this returns TRUE. */
static BOOL start_server_child(struct child *child, unsigned int n, BOOL other)
{
    HANDLE handles[2];
    DWORD wait;

    snprintf(child->tag, sizeof(child->tag), "%lu_%u", GetCurrentProcessId(), n);
    child->port = 30000 + (GetCurrentProcessId() % 5000) * 4 + n;
    child->ready = named_object("ready", child->tag, TRUE);
    child->stop = named_object("stop", child->tag, TRUE);
    child->busy = named_object("busy", child->tag, TRUE);
    if (!spawn_child(child, "server", NULL, other))
    {
        close_objects(child);
        return FALSE;
    }
    handles[0] = child->ready;
    handles[1] = child->info.hProcess;
    wait = WaitForMultipleObjects(2, handles, FALSE, WAIT_MS);
    ok(wait == WAIT_OBJECT_0, "a server child on %s rpcrt4 did not start serving: wait %lu\n", rpcrt4_name(other),
       wait);
    if (wait == WAIT_OBJECT_0) return TRUE;
    trace("the server child ended with %lu\n", end_child(child));
    close_objects(child);
    return FALSE;
}

static void stop_server_child(struct child *child)
{
    DWORD code;

    SetEvent(child->stop);
    code = end_child(child);
    ok(code == 0, "the server child on %s rpcrt4 ended with %lu\n", rpcrt4_name(child->other), code);
    close_objects(child);
}

/* Our client (the parent's rpcrt4) calls a server child. */
static void test_server_child(BOOL other)
{
    RPC_BINDING_HANDLE binding;
    struct child child = { 0 };
    unsigned int i;

    trace("client on %s rpcrt4, server child on %s rpcrt4\n", rpcrt4_name(FALSE), rpcrt4_name(other));
    if (!start_server_child(&child, other ? 2 : 1, other))
    {
        skip("no server child on %s rpcrt4: the server runtime is not implemented\n", rpcrt4_name(other));
        return;
    }
    for (i = 0; i < PROTSEQ_COUNT; i++)
    {
        if (!(binding = bind_to(i, child.tag, child.port))) continue;
        if (!test_if_check_calls(binding, protseqs[i], child.info.dwProcessId))
            skip("%s: the first call failed: the client runtime is not implemented, skipping this protocol sequence\n",
                 protseqs[i]);
        RpcBindingFree(&binding);
    }
    stop_server_child(&child);
}

/* A client child calls the parent's server; it checks, and its exit code says how that went. */
static void test_client_child(const char *tag, unsigned int port, BOOL other)
{
    struct child child = { 0 };
    char extra[16];
    DWORD code;

    trace("client child on %s rpcrt4, server on %s rpcrt4\n", rpcrt4_name(other), rpcrt4_name(FALSE));
    snprintf(child.tag, sizeof(child.tag), "%s", tag);
    child.port = port;
    snprintf(extra, sizeof(extra), "%lu", GetCurrentProcessId());
    if (!spawn_child(&child, "client", extra, other)) return;
    code = end_child(&child);
    ok(code == 0, "the client child on %s rpcrt4 ended with %lu (its failures are above)\n", rpcrt4_name(other), code);
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

/* Waits until count calls started sleeping in a server routine. */
static BOOL wait_busy(HANDLE busy, unsigned int count)
{
    while (count--) if (WaitForSingleObject(busy, WAIT_MS)) return FALSE;
    return TRUE;
}

/* A server killed while a call is in flight on each transport: each call fails with RPC_S_CALL_FAILED (the
 * connection was lost after the request went out), and none hangs. */
static void test_server_killed(void)
{
    struct inflight_call calls[PROTSEQ_COUNT] = { { 0 } };
    HANDLE threads[PROTSEQ_COUNT] = { 0 };
    struct child child = { 0 };
    unsigned int i, started = 0;
    DWORD killed_at;

    if (!start_server_child(&child, 3, FALSE))
    {
        skip("no server child to kill: the server runtime is not implemented\n");
        return;
    }
    for (i = 0; i < PROTSEQ_COUNT; i++)
    {
        if (!(calls[i].binding = bind_to(i, child.tag, child.port))) continue;
        threads[i] = CreateThread(NULL, 0, inflight_call_proc, &calls[i], 0, NULL);
        started++;
    }
    ok(wait_busy(child.busy, started), "the server child did not start %u sleeping calls\n", started);
    TerminateProcess(child.info.hProcess, 9);
    killed_at = GetTickCount();
    for (i = 0; i < PROTSEQ_COUNT; i++)
    {
        DWORD wait;

        if (!threads[i]) continue;
        wait = WaitForSingleObject(threads[i], WAIT_MS);
        ok(wait == WAIT_OBJECT_0, "%s: the call to the killed server did not end\n", protseqs[i]);
        if (wait)
        {
            TerminateThread(threads[i], 1);
            CloseHandle(threads[i]);
            continue;
        }
        trace("%s: the call to the killed server ended %ld ms after the kill, with %ld\n", protseqs[i],
              (LONG)(calls[i].end - killed_at), calls[i].status);
        ok(calls[i].status == RPC_S_CALL_FAILED, "%s: the call to the killed server got %ld\n", protseqs[i],
           calls[i].status);
        CloseHandle(threads[i]);
        RpcBindingFree(&calls[i].binding);
    }
    end_child(&child);
    close_objects(&child);
}

/* A client child killed while each transport has a call of it sleeping in our server: the server serves the
 * next call on each. */
static void test_client_killed(const char *tag, unsigned int port, HANDLE busy)
{
    RPC_BINDING_HANDLE binding;
    struct child child = { 0 };
    RPC_STATUS status;
    unsigned int i;

    snprintf(child.tag, sizeof(child.tag), "%s", tag);
    child.port = port;
    if (!spawn_child(&child, "hang", NULL, FALSE)) return;
    ok(wait_busy(busy, PROTSEQ_COUNT), "the client child did not start its calls\n");
    TerminateProcess(child.info.hProcess, 9);
    end_child(&child);
    for (i = 0; i < PROTSEQ_COUNT; i++)
    {
        if (!(binding = bind_to(i, tag, port))) continue;
        status = test_if_null(binding);
        ok(status == RPC_S_OK, "%s: a call after a client was killed mid-call got %ld\n", protseqs[i], status);
        RpcBindingFree(&binding);
    }
}

START_TEST(rpc_interop)
{
    unsigned int port = 30000 + (GetCurrentProcessId() % 5000) * 4;
    BOOL serving, other_half = test_target == TARGET_OURS;
    RPC_STATUS status;
    char tag[32];

    if (run_child()) return;

    snprintf(tag, sizeof(tag), "%lu_0", GetCurrentProcessId());
    test_if_busy = named_object("busy", tag, TRUE);
    status = start_server(tag, port);
    ok(status == RPC_S_OK, "the parent's server did not start: %ld\n", status);
    serving = status == RPC_S_OK;

    test_server_child(FALSE);
    if (serving) test_client_child(tag, port, FALSE);
    else skip("no server in the parent: the server runtime is not implemented\n");

    /* Ours against Wine's builtin, both ways. Run from ours only: from the builtin these are the same pairs. */
    if (!other_half)
        skip(test_target == TARGET_WINE_BUILTIN ? "the pairings with our rpcrt4 run under TARGET=ours\n"
                                                : "not on Wine: no other rpcrt4 to pair with\n");
    else if (prepare_other_peer(other_peer, sizeof(other_peer)))
    {
        test_server_child(TRUE);
        if (serving) test_client_child(tag, port, TRUE);
        remove_other_peer(other_peer);
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
