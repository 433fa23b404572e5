/* async_scale.h: the body of the rpc_async_scale_* units: 10,000 asynchronous calls in flight to a server child on one protocol sequence. */
#ifndef RPCRT4_TEST_ASYNC_SCALE_H
#define RPCRT4_TEST_ASYNC_SCALE_H

/* The unit named unit, for the protocol sequence protseq ("ncalrpc", "ncacn_np" or "ncacn_ip_tcp"): in the
 * test program, the test, which starts this program again as the unit's server child; in that child, the
 * server. One unit per protocol sequence keeps each within the runner's time limit. */
void async_scale_unit(const char *unit, const char *protseq);

#endif
