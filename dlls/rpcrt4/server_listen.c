/* server_listen.c: whether the server listens (RpcServerListen and its management exports), and its counters. */
#include <stddef.h>
#include <windows.h>
#include <rpc.h>
#include "binding.h"
#include "server.h"
#include "trace.h"

LONG server_stats[SERVER_STAT_COUNT];

_Static_assert(SERVER_STAT_CALLS_IN == RPC_C_STATS_CALLS_IN && SERVER_STAT_CALLS_OUT == RPC_C_STATS_CALLS_OUT
               && SERVER_STAT_PKTS_IN == RPC_C_STATS_PKTS_IN && SERVER_STAT_PKTS_OUT == RPC_C_STATS_PKTS_OUT,
               "RpcMgmtInqStats lists server_stats in order");

/* RpcServerListen's state:
 *   LISTEN_IDLE     never listened, or RpcMgmtWaitServerListen saw the last stop through;
 *   LISTEN_ON       listening: calls of interfaces that are not auto-listen are admitted;
 *   LISTEN_STOPPED  RpcMgmtStopServerListening was called; RpcMgmtWaitServerListen returns once the
 *                   calls admitted before have ended, and the state is idle again.
 * RpcServerListen in the stopped state listens again. Auto-listen interfaces are not concerned. */
enum listen_state { LISTEN_IDLE, LISTEN_ON, LISTEN_STOPPED };

/* listen_lock guards the fields below; listen_changed wakes the waiter on a stop and on the last call's
 * end. Taken after server_if.c's lock (server_listen_call_begin), never before it. */
static SRWLOCK listen_lock = SRWLOCK_INIT;
static CONDITION_VARIABLE listen_changed = CONDITION_VARIABLE_INIT;
static enum listen_state state;
static unsigned int max_calls;      /* RpcServerListen's MaxCalls; RPC_C_LISTEN_MAX_CALLS_DEFAULT: no limit */
static unsigned int calls;          /* admitted calls in progress */
static BOOL waiting;                /* a thread waits in RpcMgmtWaitServerListen or RpcServerListen */

RPC_STATUS server_listen_call_begin(void)
{
    RPC_STATUS status = RPC_S_SERVER_TOO_BUSY;

    AcquireSRWLockExclusive(&listen_lock);
    if (state == LISTEN_ON && (max_calls == RPC_C_LISTEN_MAX_CALLS_DEFAULT || calls < max_calls))
    {
        calls++;
        status = RPC_S_OK;
    }
    ReleaseSRWLockExclusive(&listen_lock);
    return status;
}

void server_listen_call_end(void)
{
    AcquireSRWLockExclusive(&listen_lock);
    if (!--calls) WakeAllConditionVariable(&listen_changed);
    ReleaseSRWLockExclusive(&listen_lock);
}

/* The wait of RpcMgmtWaitServerListen, with listen_lock held (released while sleeping): RPC_S_OK once
 * stopped with no call left; RPC_S_NOT_LISTENING when RpcServerListen was not called; RPC_S_ALREADY_LISTENING
 * when another thread already waits (docs). */
static RPC_STATUS wait_stopped(void)
{
    if (state == LISTEN_IDLE) return RPC_S_NOT_LISTENING;
    if (waiting) return RPC_S_ALREADY_LISTENING;
    waiting = TRUE;
    while (state != LISTEN_STOPPED || calls) SleepConditionVariableSRW(&listen_changed, &listen_lock, INFINITE, 0);
    state = LISTEN_IDLE;
    waiting = FALSE;
    return RPC_S_OK;
}

RPC_STATUS server_mgmt_remote(RPC_BINDING_HANDLE binding)
{
    struct rpc_binding *object = binding_lookup(binding);
    RPC_STATUS status;

    if (!object) return RPC_S_INVALID_BINDING;
    status = object->server ? RPC_S_WRONG_KIND_OF_BINDING : RPC_S_CANNOT_SUPPORT;
    binding_release(object);
    return status;
}

/* RpcServerListen */
RPC_STATUS RPC_ENTRY RpcServerListen(unsigned int MinimumCallThreads, unsigned int MaxCalls, unsigned int DontWait)
{
    RPC_STATUS status = RPC_S_OK;

    /* MinimumCallThreads is a hint about threads this runtime does not create per call. MaxCalls must
     * not be zero (docs); larger than 0x7fffffff counts as 0x7fffffff (docs). */
    if (!MaxCalls) status = RPC_S_MAX_CALLS_TOO_SMALL;
    else if (!server_endpoint_any()) status = RPC_S_NO_PROTSEQS_REGISTERED;
    else
    {
        AcquireSRWLockExclusive(&listen_lock);
        if (state == LISTEN_ON) status = RPC_S_ALREADY_LISTENING;
        else if (!DontWait && waiting) status = RPC_S_ALREADY_LISTENING;
        else
        {
            state = LISTEN_ON;
            max_calls = MaxCalls > 0x7fffffff ? 0x7fffffff : MaxCalls;
            if (!DontWait) status = wait_stopped();
        }
        ReleaseSRWLockExclusive(&listen_lock);
    }
    TRACE(TRACE_API, "%u %u %u -> %ld", MinimumCallThreads, MaxCalls, DontWait, status);
    return status;
}

/* RpcMgmtStopServerListening */
RPC_STATUS RPC_ENTRY RpcMgmtStopServerListening(RPC_BINDING_HANDLE Binding)
{
    RPC_STATUS status;

    if (Binding) status = server_mgmt_remote(Binding);
    else
    {
        /* The docs: the function fails when the server does not listen. */
        AcquireSRWLockExclusive(&listen_lock);
        if (state != LISTEN_ON) status = RPC_S_NOT_LISTENING;
        else
        {
            state = LISTEN_STOPPED;
            WakeAllConditionVariable(&listen_changed);
            status = RPC_S_OK;
        }
        ReleaseSRWLockExclusive(&listen_lock);
    }
    TRACE(TRACE_API, "%p -> %ld", Binding, status);
    return status;
}

/* RpcMgmtWaitServerListen */
RPC_STATUS RPC_ENTRY RpcMgmtWaitServerListen(void)
{
    RPC_STATUS status;

    AcquireSRWLockExclusive(&listen_lock);
    status = wait_stopped();
    ReleaseSRWLockExclusive(&listen_lock);
    TRACE(TRACE_API, "-> %ld", status);
    return status;
}

/* RpcMgmtIsServerListening */
RPC_STATUS RPC_ENTRY RpcMgmtIsServerListening(RPC_BINDING_HANDLE Binding)
{
    RPC_STATUS status;

    if (Binding) status = server_mgmt_remote(Binding);
    else
    {
        /* Auto-listen interfaces do not count (docs). */
        AcquireSRWLockShared(&listen_lock);
        status = state == LISTEN_ON ? RPC_S_OK : RPC_S_NOT_LISTENING;
        ReleaseSRWLockShared(&listen_lock);
    }
    TRACE(TRACE_API, "%p -> %ld", Binding, status);
    return status;
}

/* RpcMgmtSetServerStackSize */
RPC_STATUS RPC_ENTRY RpcMgmtSetServerStackSize(ULONG ThreadStackSize)
{
    /* Server routines run on the engine's workers, whose stacks are the process default: there are no
     * call threads whose stack this could size. */
    TRACE(TRACE_API, "%lu", ThreadStackSize);
    return RPC_S_OK;
}

/* RpcServerYield */
void RPC_ENTRY RpcServerYield(void)
{
    /* Nothing to yield to: no call waits for this thread. */
    TRACE(TRACE_API, "yield");
}

/* RpcMgmtInqStats */
RPC_STATUS RPC_ENTRY RpcMgmtInqStats(RPC_BINDING_HANDLE Binding, RPC_STATS_VECTOR **Statistics)
{
    RPC_STATS_VECTOR *vector;
    RPC_STATUS status = RPC_S_OK;
    unsigned int i;

    if (!Statistics) status = RPC_S_INVALID_ARG;
    else if (Binding) status = server_mgmt_remote(Binding);
    else if (!(vector = HeapAlloc(GetProcessHeap(), 0,
                                  offsetof(RPC_STATS_VECTOR, Stats) + SERVER_STAT_COUNT * sizeof(vector->Stats[0]))))
        status = RPC_S_OUT_OF_MEMORY;
    else
    {
        vector->Count = SERVER_STAT_COUNT;
        for (i = 0; i < SERVER_STAT_COUNT; i++) vector->Stats[i] = (ULONG)InterlockedCompareExchange(&server_stats[i], 0, 0);
        *Statistics = vector;
    }
    TRACE(TRACE_API, "%p -> %ld", Binding, status);
    return status;
}

/* RpcMgmtStatsVectorFree */
RPC_STATUS RPC_ENTRY RpcMgmtStatsVectorFree(RPC_STATS_VECTOR **StatsVector)
{
    /* A NULL StatsVector is an argument error (docs silent); a NULL *StatsVector is nothing to free. */
    if (!StatsVector) return RPC_S_INVALID_ARG;
    if (*StatsVector) HeapFree(GetProcessHeap(), 0, *StatsVector);
    *StatsVector = NULL;
    return RPC_S_OK;
}
