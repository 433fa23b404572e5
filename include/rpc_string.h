/* rpc_string.h: strings handed to callers: one heap for all of them, so RpcStringFreeA/W frees any. */
#ifndef RPCRT4_RPC_STRING_H
#define RPCRT4_RPC_STRING_H

#include <windows.h>

/* Every function here allocates from the process heap (the heap RpcStringFreeA/W frees to) and returns
 * NULL when its input is NULL, when memory runs out, or when a conversion fails. */

/* Room for bytes bytes, for a string built in place; free it with rpc_string_free or RpcStringFree. */
void *rpc_string_alloc(size_t bytes);
/* Frees a string from any function here; NULL is allowed. */
void rpc_string_free(void *str);

char *rpc_strdup_a(const char *str);
WCHAR *rpc_strdup_w(const WCHAR *str);
/* ANSI code page <-> UTF-16, as the A and W exports of the runtime convert. */
WCHAR *rpc_a_to_w(const char *str);
char *rpc_w_to_a(const WCHAR *str);

#endif
