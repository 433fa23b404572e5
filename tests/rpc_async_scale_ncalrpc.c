/* rpc_async_scale_ncalrpc.c: 10,000 asynchronous calls in flight to a server child on ncalrpc: no thread per call, nothing leaks. */
#include "async_scale.h"
#include "test.h"

START_TEST(rpc_async_scale_ncalrpc)
{
    async_scale_unit("rpc_async_scale_ncalrpc", "ncalrpc");
}
