/* ndr_call.h: what the stubless client and server share: a call's argument stack and the walk of its parameters. */
#ifndef RPCRT4_NDR_CALL_H
#define RPCRT4_NDR_CALL_H

#include <windows.h>
#include <rpc.h>
#include <rpcndr.h>
#include "ndr_proc.h"

/* One stubless call: its procedure and the argument stack (proc.stack_size octets laid out as the
 * manager routine's caller lays out its arguments; the return value in its own slot). The stub message's
 * StackTop is the stack, so top-level correlations read the parameters there. */
struct ndr_call
{
    MIDL_STUB_MESSAGE stub;
    RPC_MESSAGE rpc_msg;            /* the client's; the server uses the runtime's */
    struct ndr_proc proc;
    unsigned char *stack;
};

/* Parses the procedure at format into call->proc; raises RPC_S_INTERNAL_ERROR for one the engine does
 * not take (ndr_proc_parse). */
void ndr_call_parse(struct ndr_call *call, PFORMAT_STRING format);

/* A parameter's format: its base type's format character, or its type in the type format string. */
PFORMAT_STRING ndr_call_format(const struct ndr_call *call, const struct ndr_param *param);
/* TRUE when the parameter's object lies in its stack slot: a base type, or a structure passed by value
 * that the architecture puts there (always on i386; on x86_64 only of 1, 2, 4 or 8 octets, a larger one
 * is passed by address). */
BOOL ndr_call_in_slot(const struct ndr_call *call, const struct ndr_param *param);
/* The memory the type interpreter walks for a parameter: the slot's own octets for an object in its
 * slot, else the pointer the slot holds (a simple reference's target, a pointer type's value). */
unsigned char *ndr_call_memory(const struct ndr_call *call, const struct ndr_param *param);

/* Marshalls (at stub.Buffer), or with size_only sizes (adding to stub.BufferLength), every parameter that
 * carries attr (NDR_PARAM_IS_IN or NDR_PARAM_IS_OUT), in order, the explicit primitive handle left out.
 * Raises what ndr_stub_marshall and ndr_stub_buffer_size raise. */
void ndr_call_marshall(struct ndr_call *call, unsigned int attr, BOOL size_only);

/* Raises RPC_X_BAD_STUB_DATA unless the received data is in the local data representation (the engine
 * does not convert others yet). */
void ndr_call_check_drep(const struct ndr_call *call);

#endif
