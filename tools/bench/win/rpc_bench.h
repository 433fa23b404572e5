/* rpc_bench.h: what rpc_bench.c's modes share with its asynchronous figures (rpc_bench_async.c). */
#ifndef RPC_BENCH_H
#define RPC_BENCH_H

#include <windows.h>
#include <rpc.h>

/* Prints "failed: STATUS (WHAT)" and ends the process. */
void bench_fail(DWORD status, const char *what);

/* A binding to ENDPOINT over PROTSEQ on this machine (127.0.0.1 for ncacn_ip_tcp); fails the process
 * when it cannot make one. */
RPC_BINDING_HANDLE bench_bind(const char *protseq, const char *endpoint);

/* One round trip of size bytes of data, or for the asynchronous figures one call completed. */
typedef void (*bench_round_trip_fn)(void *context, const unsigned char *data, unsigned int size);

/* The best round of a measurement: calls per second, and what the whole measurement made. */
struct bench_figure
{
    double best;
    unsigned int rounds;
    long calls;
    double seconds;
};

/* Warms up, then makes round trips in rounds of seconds / 5 each, at least one call a round and no round
 * begun once seconds have passed; the best round's calls per second in figure. */
void bench_measure(double seconds, bench_round_trip_fn round_trip, void *context, const unsigned char *data,
                   unsigned int size, struct bench_figure *figure);

/* Prints "ok VALUE UNIT (best of ROUNDS rounds; CALLS calls in TIME s)": MB/s of a payload of payload
 * bytes a call, calls/s when payload is 0. */
void bench_print_figure(const struct bench_figure *figure, unsigned int payload);

/* The server: registers the asynchronous interface beside the message-level one. */
void bench_async_register(void);

/* rpc_bench async-client: the memory and threads each outstanding call costs the client and the server
 * with up to in_flight calls held (as many as fill_seconds let it issue), then calls per second with as
 * many kept in flight; returns the exit status. */
int bench_async_client(const char *protseq, const char *endpoint, unsigned int in_flight, double seconds,
                       double fill_seconds);

#endif
