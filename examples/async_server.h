/* async_server.h: the async_test server of the example programs (the demo's server process, examples/call_result). */
#ifndef EXAMPLES_ASYNC_SERVER_H
#define EXAMPLES_ASYNC_SERVER_H

#include <windows.h>
#include <rpc.h>

/* What at_release answers when no call is held under its token (none came yet, or it was released). */
#define ASYNC_SERVER_NOT_HELD (-1)

/* Serves async_test on ncalrpc:[endpoint] and ncacn_np:[\pipe\endpoint], without blocking the caller.
 * RPC_S_OK, or the status of the first step that failed (RpcServerUseProtseqEp, RpcServerRegisterIf,
 * RpcServerListen). The routines behave as async_test.idl says: at_hold keeps its call until at_release
 * (tokens 0 to 63), at_test_cancel answers 1 once RpcServerTestCancel sees the client's cancel. */
RPC_STATUS async_server_start(const char *endpoint);

/* Stops listening and unregisters async_test once the calls in progress are over. RPC_S_OK, or the status of
 * RpcMgmtStopServerListening or RpcServerUnregisterIf. */
RPC_STATUS async_server_stop(void);

#endif
