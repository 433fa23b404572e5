/* main.c: the DLL's entry point: process-wide set-up and tear-down. */
#include <stdlib.h>
#include <windows.h>
#include "trace.h"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH)
    {
        DisableThreadLibraryCalls(instance);
        trace_init(getenv("RPCRT4_TRACE"));
    }
    return TRUE;
}
