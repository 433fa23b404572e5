/* rpc_async_scale_ncacn_np.c: 10,000 asynchronous calls in flight to a server child on ncacn_np: no thread per call, nothing leaks. */
#include "async_scale.h"
#include "test.h"

START_TEST(rpc_async_scale_ncacn_np)
{
    async_scale_unit("rpc_async_scale_ncacn_np", "ncacn_np");
}
