/* rpc_async_scale_ncacn_ip_tcp.c: 10,000 asynchronous calls in flight to a server child on ncacn_ip_tcp: no thread per call, nothing leaks. */
#include "async_scale.h"
#include "test.h"

START_TEST(rpc_async_scale_ncacn_ip_tcp)
{
    async_scale_unit("rpc_async_scale_ncacn_ip_tcp", "ncacn_ip_tcp");
}
