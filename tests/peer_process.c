/* peer_process.c: the test program started as a child peer on either rpcrt4, and what parent and child share (see peer_process.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include "peer_process.h"
#include "rpc_test_if.h"
#include "test.h"

const char *const peer_protseqs[PEER_PROTSEQ_COUNT] = { "ncalrpc", "ncacn_np", "ncacn_ip_tcp" };

void peer_endpoint(unsigned int i, const char *tag, unsigned int port, char *name, size_t size)
{
    if (i == 0) snprintf(name, size, "rpc_peer_%s", tag);
    else if (i == 1) snprintf(name, size, "\\pipe\\rpc_peer_%s", tag);
    else snprintf(name, size, "%u", port);
}

RPC_BINDING_HANDLE peer_bind(unsigned int i, const char *tag, unsigned int port)
{
    char name[64];

    peer_endpoint(i, tag, port, name, sizeof(name));
    return test_if_bind(peer_protseqs[i], i == 2 ? "127.0.0.1" : NULL, name);
}

RPC_STATUS peer_listen(const char *tag, unsigned int port, RPC_IF_HANDLE iface)
{
    RPC_STATUS status = RPC_S_OK;
    char name[64];
    unsigned int i;

    for (i = 0; i < PEER_PROTSEQ_COUNT && !status; i++)
    {
        peer_endpoint(i, tag, port, name, sizeof(name));
        status = RpcServerUseProtseqEpA((RPC_CSTR)peer_protseqs[i], RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)name,
                                        NULL);
        if (status) trace("RpcServerUseProtseqEp(%s, %s) got %ld\n", peer_protseqs[i], name, status);
    }
    if (!status && (status = RpcServerRegisterIf(iface, NULL, NULL)))
        trace("RpcServerRegisterIf got %ld\n", status);
    if (!status && (status = RpcServerListen(1, RPC_C_LISTEN_MAX_CALLS_DEFAULT, TRUE)))
        trace("RpcServerListen got %ld\n", status);
    return status;
}

HANDLE peer_object(const char *kind, const char *tag, BOOL create)
{
    char name[64];

    snprintf(name, sizeof(name), "rpc_peer_%s_%s", kind, tag);
    if (!strcmp(kind, "busy"))
        return create ? CreateSemaphoreA(NULL, 0, 64, name) : OpenSemaphoreA(SEMAPHORE_MODIFY_STATE, FALSE, name);
    return create ? CreateEventA(NULL, TRUE, FALSE, name) : OpenEventA(SYNCHRONIZE | EVENT_MODIFY_STATE, FALSE, name);
}

BOOL peer_wait_busy(HANDLE busy, unsigned int count)
{
    while (count--) if (WaitForSingleObject(busy, PEER_WAIT_MS)) return FALSE;
    return TRUE;
}

const char *peer_rpcrt4_name(BOOL other)
{
    BOOL builtin = (test_target == TARGET_WINE_BUILTIN) != other;
    return builtin ? "Wine's builtin" : test_target == TARGET_WINDOWS ? "native" : "ours";
}

/* The copy of this program that runs on the other rpcrt4, once peer_prepare_other made it. */
static char other_peer[MAX_PATH];

/* A child on the other rpcrt4 cannot be chosen through WINEDLLOVERRIDES: Wine hands its children the value
 * the first process of the tree got from Unix, whatever the parent set in its environment. When that value
 * does not name rpcrt4, the registry decides per program name (HKCU\Software\Wine\AppDefaults\NAME.exe\
 * DllOverrides), so the other peer is a copy of this program under another name beside it, set there to the
 * other rpcrt4. */
BOOL peer_prepare_other(void)
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
    snprintf(other_peer, sizeof(other_peer), "%.*s\\rpcrt4_peer_%s.exe", (int)(slash - exe), exe,
             builtin ? "builtin" : "ours");
    ok(CopyFileA(exe, other_peer, FALSE), "copying %s to %s failed: %lu\n", exe, other_peer, GetLastError());
    snprintf(key, sizeof(key), "Software\\Wine\\AppDefaults\\%s\\DllOverrides", strrchr(other_peer, '\\') + 1);
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

void peer_remove_other(void)
{
    char key[128];

    snprintf(key, sizeof(key), "Software\\Wine\\AppDefaults\\%s", strrchr(other_peer, '\\') + 1);
    RegDeleteTreeA(HKEY_CURRENT_USER, key);
    DeleteFileA(other_peer);
}

BOOL peer_spawn(struct peer *peer, const char *unit, const char *role, const char *extra, BOOL other)
{
    STARTUPINFOA startup = { .cb = sizeof(startup) };
    char exe[MAX_PATH], command[MAX_PATH + 64], value[96], target[32];
    BOOL ret;

    peer->other = other;
    if (other) snprintf(exe, sizeof(exe), "%s", other_peer);
    else GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(command, sizeof(command), "\"%s\" %s", exe, unit);
    snprintf(value, sizeof(value), "%s %s %u %s", role, peer->tag, peer->port, extra ? extra : "");
    SetEnvironmentVariableA(PEER_CHILD_VARIABLE, value);
    if (other)
    {
        GetEnvironmentVariableA("RPCRT4_TEST_TARGET", target, sizeof(target));
        SetEnvironmentVariableA("RPCRT4_TEST_TARGET", test_target == TARGET_WINE_BUILTIN ? "ours" : "builtin");
    }
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    ret = CreateProcessA(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &peer->info);
    ok(ret, "CreateProcess(%s) failed: %lu\n", command, GetLastError());
    SetEnvironmentVariableA(PEER_CHILD_VARIABLE, NULL);
    if (other) SetEnvironmentVariableA("RPCRT4_TEST_TARGET", target);
    return ret;
}

DWORD peer_end(struct peer *peer)
{
    DWORD code = STILL_ACTIVE;

    if (WaitForSingleObject(peer->info.hProcess, PEER_WAIT_MS)) TerminateProcess(peer->info.hProcess, STILL_ACTIVE);
    else GetExitCodeProcess(peer->info.hProcess, &code);
    CloseHandle(peer->info.hProcess);
    CloseHandle(peer->info.hThread);
    return code;
}

void peer_close_objects(struct peer *peer)
{
    if (peer->ready) CloseHandle(peer->ready);
    if (peer->stop) CloseHandle(peer->stop);
    if (peer->busy) CloseHandle(peer->busy);
}

BOOL peer_start_server(struct peer *peer, unsigned int n, unsigned int port, const char *unit, const char *role,
                       BOOL other)
{
    HANDLE handles[2];
    DWORD wait;

    snprintf(peer->tag, sizeof(peer->tag), "%lu_%u", GetCurrentProcessId(), n);
    peer->port = port;
    peer->ready = peer_object("ready", peer->tag, TRUE);
    peer->stop = peer_object("stop", peer->tag, TRUE);
    peer->busy = peer_object("busy", peer->tag, TRUE);
    if (!peer_spawn(peer, unit, role, NULL, other))
    {
        peer_close_objects(peer);
        return FALSE;
    }
    handles[0] = peer->ready;
    handles[1] = peer->info.hProcess;
    wait = WaitForMultipleObjects(2, handles, FALSE, PEER_WAIT_MS);
    ok(wait == WAIT_OBJECT_0, "a server child on %s rpcrt4 did not start serving: wait %lu\n",
       peer_rpcrt4_name(other), wait);
    if (wait == WAIT_OBJECT_0) return TRUE;
    trace("the server child ended with %lu\n", peer_end(peer));
    peer_close_objects(peer);
    return FALSE;
}

void peer_serve(const char *tag, unsigned int port, RPC_IF_HANDLE iface, HANDLE *busy)
{
    HANDLE ready = peer_object("ready", tag, FALSE), stop = peer_object("stop", tag, FALSE);

    *busy = peer_object("busy", tag, FALSE);
    if (!ready || !stop || !*busy || peer_listen(tag, port, iface))
    {
        trace("server child %s: cannot serve\n", tag);
        ExitProcess(2);
    }
    SetEvent(ready);
    if (WaitForSingleObject(stop, 2 * PEER_WAIT_MS)) trace("server child %s: never told to stop\n", tag);
    RpcMgmtStopServerListening(NULL);
    ExitProcess(0);
}

void peer_stop_server(struct peer *peer)
{
    DWORD code;

    SetEvent(peer->stop);
    code = peer_end(peer);
    ok(code == 0, "the server child on %s rpcrt4 ended with %lu\n", peer_rpcrt4_name(peer->other), code);
    peer_close_objects(peer);
}
