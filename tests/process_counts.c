/* process_counts.c: what the test process holds now (threads, handles, private bytes), for leak and thread checks. */
#include <stdlib.h>
#include <windows.h>
#include <psapi.h>
#include <tlhelp32.h>
#include "process_counts.h"

unsigned int process_threads_of(DWORD pid)
{
    THREADENTRY32 entry = { .dwSize = sizeof(entry) };
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    unsigned int count = 0;

    if (snapshot == INVALID_HANDLE_VALUE) return 0;
    if (Thread32First(snapshot, &entry))
        do if (entry.th32OwnerProcessID == pid) count++;
        while (Thread32Next(snapshot, &entry));
    CloseHandle(snapshot);
    return count;
}

unsigned int process_threads(void)
{
    return process_threads_of(GetCurrentProcessId());
}

/* A handle to query the process pid with: the pseudo-handle for this process, so that asking adds no handle. */
static HANDLE open_process(DWORD pid)
{
    if (pid == GetCurrentProcessId()) return GetCurrentProcess();
    return OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ, FALSE, pid);
}

static void close_process(HANDLE process)
{
    if (process != GetCurrentProcess()) CloseHandle(process);
}

/* The system's handle list as NtQuerySystemInformation(SystemExtendedHandleInformation, class 64) gives it. */
struct handle_entry
{
    void *object;
    ULONG_PTR pid, value;
    ULONG access;
    USHORT backtrace, type;
    ULONG attributes, reserved;
};
struct handle_list
{
    ULONG_PTR count, reserved;
    struct handle_entry handles[];
};

DWORD process_handles_of(DWORD pid)
{
    LONG (WINAPI *query)(int, void *, ULONG, ULONG *) =
        (void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQuerySystemInformation");
    HANDLE process = open_process(pid);
    struct handle_list *list = NULL;
    DWORD count = 0, size = 1 << 20;
    ULONG_PTR i;
    LONG status;

    if (process)
    {
        if (!GetProcessHandleCount(process, &count)) count = 0;
        close_process(process);
        if (count) return count;
    }
    do
    {
        free(list);
        if (!(list = malloc(size *= 2))) return 0;
        status = query(64, list, size, NULL);
    } while (status == (LONG)0xc0000004);   /* STATUS_INFO_LENGTH_MISMATCH */
    if (!status)
        for (i = 0; i < list->count; i++) count += list->handles[i].pid == pid;
    free(list);
    return count;
}

DWORD process_handles(void)
{
    return process_handles_of(GetCurrentProcessId());
}

SIZE_T process_private_bytes_of(DWORD pid)
{
    PROCESS_MEMORY_COUNTERS_EX counters = { .cb = sizeof(counters) };
    HANDLE process = open_process(pid);
    BOOL got;

    if (!process) return 0;
    got = K32GetProcessMemoryInfo(process, (PROCESS_MEMORY_COUNTERS *)&counters, sizeof(counters));
    close_process(process);
    if (!got) return 0;
    return counters.PrivateUsage ? counters.PrivateUsage : counters.PagefileUsage;
}

SIZE_T process_private_bytes(void)
{
    return process_private_bytes_of(GetCurrentProcessId());
}
