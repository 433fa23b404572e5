/* rpc_test_if.h: a hand-written test interface, client and server stubs at the RPC_MESSAGE level (no NDR engine). */
#ifndef RPC_TEST_IF_H
#define RPC_TEST_IF_H

#include <windows.h>
#include <rpc.h>

/* The operations of the interface; every number in a request or reply is a little-endian ULONG. The server
 * routines read little endian whatever msg->DataRepresentation says (every client here is little endian, and
 * Wine's builtin leaves DataRepresentation at 0); TEST_OP_WHO_AM_I reports what it said. */
enum test_if_op
{
    TEST_OP_NULL,       /* no in, no out */
    TEST_OP_ECHO,       /* in: length + bytes; out: the same bytes */
    TEST_OP_ADD,        /* in: two LONGs; out: their sum */
    TEST_OP_RAISE,      /* in: a code; the server routine calls RpcRaiseException(code) */
    TEST_OP_SLEEP,      /* in: milliseconds; sleeps, then replies with nothing */
    TEST_OP_WHO_AM_I,   /* out: struct test_if_who, then the string binding RpcBindingServerFromClient gave */
    TEST_OP_COUNT
};

/* The interface (v1.0, NDR 2.0) registered with RpcServerRegisterIf, and its client side. */
extern RPC_SERVER_INTERFACE test_if_server;
extern RPC_CLIENT_INTERFACE test_if_client;
/* The same operations under another UUID, for registrations with other options (RpcServerRegisterIf2). */
extern RPC_SERVER_INTERFACE test_if2_server;
extern RPC_CLIENT_INTERFACE test_if2_client;
/* An interface no server registers. */
extern RPC_CLIENT_INTERFACE test_if_unknown_client;

/* When set, TEST_OP_SLEEP releases it once as it starts sleeping, so a test knows a call is in flight. */
extern HANDLE test_if_busy;
/* The TEST_OP_SLEEP routines of this process that are sleeping now: one that runs its routine only while the
 * runtime counts its call in progress can tell, when the runtime says those calls are over, that none sleeps. */
extern LONG test_if_sleeping;

/* What the server-side APIs say about a TEST_OP_WHO_AM_I call, as the server routine saw it. */
struct test_if_who
{
    ULONG server_pid;          /* GetCurrentProcessId() of the server */
    ULONG server_builtin;      /* the server runs on Wine's builtin rpcrt4 (whose deviations are then todo) */
    ULONG server_drep;         /* msg->DataRepresentation of the request */
    ULONG pid_status;          /* I_RpcBindingInqLocalClientPID(msg->Handle) */
    ULONG client_pid;
    ULONG from_client_status;  /* RpcBindingServerFromClient, then RpcBindingToStringBindingA */
    ULONG current_call_is_handle;  /* I_RpcGetCurrentCallHandle() == msg->Handle */
    ULONG attr_status;         /* RpcServerInqCallAttributesW, version 2, RPC_QUERY_CLIENT_PID on ncalrpc only;
                                * ERROR_CALL_NOT_IMPLEMENTED: not called, Wine's builtin aborts the process in it */
    ULONG attr_protseq;        /* RPC_PROTSEQ_* */
    ULONG attr_local;          /* RpcCallClientLocality */
    ULONG attr_pid;
    ULONG attr_opnum;
    ULONG attr_iface_match;    /* InterfaceUuid is the test interface's */
    char binding[128];         /* the server binding from RpcBindingServerFromClient, as a string */
};

/* A call's reply as the client received it. */
struct test_if_reply
{
    unsigned char *data;    /* a copy of msg->Buffer (free() it), NULL when empty */
    unsigned int len;       /* msg->BufferLength */
    ULONG drep;             /* msg->DataRepresentation */
};

/* One call with the message API: I_RpcGetBuffer, I_RpcSendReceive, and I_RpcFreeBuffer after both (as MIDL
 * stubs do, even when the call failed). On success *reply (may be NULL) holds the reply. Returns RPC_S_OK or
 * the first failure of I_RpcGetBuffer or I_RpcSendReceive (a fault's status). */
RPC_STATUS test_if_call(RPC_BINDING_HANDLE binding, const RPC_CLIENT_INTERFACE *iface, unsigned int opnum,
                        const void *request, unsigned int request_len, struct test_if_reply *reply);

/* The operations, each through test_if_call on test_if_client; each returns its status. */
RPC_STATUS test_if_null(RPC_BINDING_HANDLE binding);
/* Echoes size bytes of a pattern seeded by seed; *mismatch: the reply's length or bytes differ. */
RPC_STATUS test_if_echo(RPC_BINDING_HANDLE binding, const RPC_CLIENT_INTERFACE *iface, unsigned int size,
                        unsigned int seed, BOOL *mismatch);
RPC_STATUS test_if_add(RPC_BINDING_HANDLE binding, LONG a, LONG b, LONG *sum);
RPC_STATUS test_if_raise(RPC_BINDING_HANDLE binding, ULONG code);
RPC_STATUS test_if_sleep(RPC_BINDING_HANDLE binding, ULONG ms);
RPC_STATUS test_if_who_am_i(RPC_BINDING_HANDLE binding, struct test_if_who *who);

/* A client binding from its parts (network address NULL for local); NULL when it fails, which it reports. */
RPC_BINDING_HANDLE test_if_bind(const char *protseq, const char *address, const char *endpoint);

/* The checks every client runs against a test server: null, echo of 1 KiB and 1 MiB, add, raise, unknown
 * opnum, unknown interface and who_am_i. server_pid: the server process's id, 0 when unknown. Returns
 * FALSE (after one failed check) when the first call fails, so the caller can skip what depends on it. */
BOOL test_if_check_calls(RPC_BINDING_HANDLE binding, const char *protseq, DWORD server_pid);

#endif
