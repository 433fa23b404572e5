/* string.c: strings handed to callers: allocation, freeing and A/W conversion. */
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <rpc.h>
#include "rpc_string.h"
#include "trace.h"

void *rpc_string_alloc(size_t bytes)
{
    return HeapAlloc(GetProcessHeap(), 0, bytes ? bytes : 1);
}

void rpc_string_free(void *str)
{
    if (str) HeapFree(GetProcessHeap(), 0, str);
}

char *rpc_strdup_a(const char *str)
{
    size_t size;
    char *copy;

    if (!str) return NULL;
    size = strlen(str) + 1;
    if ((copy = rpc_string_alloc(size))) memcpy(copy, str, size);
    return copy;
}

WCHAR *rpc_strdup_w(const WCHAR *str)
{
    size_t size;
    WCHAR *copy;

    if (!str) return NULL;
    size = (wcslen(str) + 1) * sizeof(WCHAR);
    if ((copy = rpc_string_alloc(size))) memcpy(copy, str, size);
    return copy;
}

WCHAR *rpc_a_to_w(const char *str)
{
    int count;
    WCHAR *wide;

    if (!str) return NULL;
    if (!(count = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0))) return NULL;
    if (!(wide = rpc_string_alloc((size_t)count * sizeof(WCHAR)))) return NULL;
    if (!MultiByteToWideChar(CP_ACP, 0, str, -1, wide, count))
    {
        rpc_string_free(wide);
        return NULL;
    }
    return wide;
}

char *rpc_w_to_a(const WCHAR *str)
{
    int size;
    char *narrow;

    if (!str) return NULL;
    if (!(size = WideCharToMultiByte(CP_ACP, 0, str, -1, NULL, 0, NULL, NULL))) return NULL;
    if (!(narrow = rpc_string_alloc((size_t)size))) return NULL;
    if (!WideCharToMultiByte(CP_ACP, 0, str, -1, narrow, size, NULL, NULL))
    {
        rpc_string_free(narrow);
        return NULL;
    }
    return narrow;
}

/* A NULL String is an argument error (native documents only RPC_S_OK; we answer rather than fault);
 * a NULL *String is nothing to free. */

/* RpcStringFreeA */
RPC_STATUS RPC_ENTRY RpcStringFreeA(RPC_CSTR *String)
{
    TRACE(TRACE_API, "%p", (void *)String);
    if (!String) return RPC_S_INVALID_ARG;
    rpc_string_free(*String);
    *String = NULL;
    return RPC_S_OK;
}

/* RpcStringFreeW */
RPC_STATUS RPC_ENTRY RpcStringFreeW(RPC_WSTR *String)
{
    TRACE(TRACE_API, "%p", (void *)String);
    if (!String) return RPC_S_INVALID_ARG;
    rpc_string_free(*String);
    *String = NULL;
    return RPC_S_OK;
}
