/* server_child.c: a test server in a child process: this test program started again for one unit, with a ready and a stop event. */
#include <stdio.h>
#include <windows.h>
#include "server_child.h"
#include "test.h"

static HANDLE child_event(const char *kind, const char *tag, BOOL create)
{
    char name[64];

    snprintf(name, sizeof(name), "rpcrt4_test_server_child_%s_%s", kind, tag);
    return create ? CreateEventA(NULL, TRUE, FALSE, name) : OpenEventA(SYNCHRONIZE | EVENT_MODIFY_STATE, FALSE, name);
}

BOOL server_child_start(struct server_child *child, const char *unit, const char *variable, const char *role,
                        DWORD timeout)
{
    STARTUPINFOA startup = { .cb = sizeof(startup) };
    char exe[MAX_PATH], command[MAX_PATH + 64], value[256];
    HANDLE handles[2];
    DWORD wait = WAIT_FAILED;

    snprintf(child->tag, sizeof(child->tag), "%lu", GetCurrentProcessId());
    child->ready = child_event("ready", child->tag, TRUE);
    child->stop = child_event("stop", child->tag, TRUE);
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(command, sizeof(command), "\"%s\" %s", exe, unit);
    snprintf(value, sizeof(value), "%s %s", child->tag, role);
    SetEnvironmentVariableA(variable, value);
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    if (CreateProcessA(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &child->info))
    {
        handles[0] = child->ready;
        handles[1] = child->info.hProcess;
        wait = WaitForMultipleObjects(2, handles, FALSE, timeout);
        ok(wait == WAIT_OBJECT_0, "the server child did not start serving: wait %lu\n", wait);
        if (wait)
        {
            TerminateProcess(child->info.hProcess, 1);
            CloseHandle(child->info.hProcess);
            CloseHandle(child->info.hThread);
        }
    }
    else ok(0, "CreateProcess(%s) failed: %lu\n", command, GetLastError());
    SetEnvironmentVariableA(variable, NULL);
    if (wait == WAIT_OBJECT_0) return TRUE;
    CloseHandle(child->ready);
    CloseHandle(child->stop);
    return FALSE;
}

void server_child_stop(struct server_child *child, DWORD timeout)
{
    DWORD code = STILL_ACTIVE;

    SetEvent(child->stop);
    if (WaitForSingleObject(child->info.hProcess, timeout)) TerminateProcess(child->info.hProcess, STILL_ACTIVE);
    else GetExitCodeProcess(child->info.hProcess, &code);
    ok(code == 0, "the server child ended with %lu\n", code);
    CloseHandle(child->info.hProcess);
    CloseHandle(child->info.hThread);
    CloseHandle(child->ready);
    CloseHandle(child->stop);
}

BOOL server_child_serve(const char *tag, DWORD timeout)
{
    HANDLE ready = child_event("ready", tag, FALSE), stop = child_event("stop", tag, FALSE);
    BOOL stopped = FALSE;

    if (!ready || !stop) trace("server child %s: the parent's events are missing\n", tag);
    else
    {
        SetEvent(ready);
        if (!(stopped = !WaitForSingleObject(stop, timeout))) trace("server child %s: never told to stop\n", tag);
    }
    if (ready) CloseHandle(ready);
    if (stop) CloseHandle(stop);
    return stopped;
}
