/* demo.h: what the demo's files share: the module line, and the client and server sides of its RPC part. */
#ifndef DEMO_H
#define DEMO_H

#include <windows.h>

/* Prints which rpcrt4 this process loaded (path, product, version), after prefix. */
void demo_show_module(const char *prefix);

/* The client side: starts this program again as the server, calls it, stops it. */
void demo_rpc_client(void);

/* The server side, run as "demo.exe server ENDPOINT CLIENT_PID": serves async_test until the client sets the
 * stop event or ends. Its exit code: 0 when stopped cleanly, 1 when it could not serve, 2 when the client
 * ended first. */
int demo_rpc_server(const char *endpoint, DWORD client_pid);

#endif
