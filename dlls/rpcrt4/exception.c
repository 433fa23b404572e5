/* exception.c: RpcRaiseException and the default exception filters RpcExceptionFilter and I_RpcExceptionFilter. */
#define WIN32_NO_STATUS   /* take every STATUS_* from ntstatus.h, not the few winnt.h has */
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include <rpc.h>
#include <rpcasync.h>
#include "rpc_sdk_extra.h"
#include "trace.h"


/* The exceptions the documentation lists as fatal: an RPC exception handler must let them go on. */
static const NTSTATUS fatal_exceptions[] =
{
    STATUS_ACCESS_VIOLATION,
    STATUS_POSSIBLE_DEADLOCK,
    STATUS_INSTRUCTION_MISALIGNMENT,
    STATUS_DATATYPE_MISALIGNMENT,
    STATUS_PRIVILEGED_INSTRUCTION,
    STATUS_ILLEGAL_INSTRUCTION,
    STATUS_BREAKPOINT,
    STATUS_STACK_OVERFLOW,
    STATUS_HANDLE_NOT_CLOSABLE,
    STATUS_IN_PAGE_ERROR,
    STATUS_ASSERTION_FAILURE,
    STATUS_STACK_BUFFER_OVERRUN,
    STATUS_GUARD_PAGE_VIOLATION,
    STATUS_REG_NAT_CONSUMPTION,
};

/* RpcRaiseException */
DECLSPEC_NORETURN void RPC_ENTRY RpcRaiseException(RPC_STATUS exception)
{
    TRACE(TRACE_EXCEPT, "raising %ld (%#lx)", exception, exception);
    /* Non-continuable: a handler that answers "continue execution" gets STATUS_NONCONTINUABLE_EXCEPTION
     * raised at it instead, so RaiseException never returns here. The loop only states that for the compiler. */
    for (;;) RaiseException(exception, EXCEPTION_NONCONTINUABLE, 0, NULL);
}

/* I_RpcExceptionFilter */
int RPC_ENTRY I_RpcExceptionFilter(unsigned __LONG32 ExceptionCode)
{
    size_t i;

    for (i = 0; i < ARRAYSIZE(fatal_exceptions); i++)
    {
        if (ExceptionCode == (unsigned __LONG32)fatal_exceptions[i])
        {
            TRACE(TRACE_EXCEPT, "%#lx is fatal: search on", ExceptionCode);
            return EXCEPTION_CONTINUE_SEARCH;
        }
    }
    TRACE(TRACE_EXCEPT, "%#lx: handle", ExceptionCode);
    return EXCEPTION_EXECUTE_HANDLER;
}

/* RpcExceptionFilter */
int RPC_ENTRY RpcExceptionFilter(unsigned __LONG32 ExceptionCode)
{
    return I_RpcExceptionFilter(ExceptionCode);
}
