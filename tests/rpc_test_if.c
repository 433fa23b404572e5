/* rpc_test_if.c: the test interface of rpc_test_if.h: its server routines, client calls and common checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "rpc_test_if.h"
#include "test.h"

/* rpcasync.h values mingw-w64's headers lack. */
#ifndef RPC_QUERY_CLIENT_PID
#define RPC_QUERY_CLIENT_PID 0x10
#endif
#ifndef RPC_PROTSEQ_TCP
#define RPC_PROTSEQ_TCP 1
#define RPC_PROTSEQ_NMP 2
#define RPC_PROTSEQ_LRPC 3
#endif

HANDLE test_if_busy;
LONG test_if_sleeping;

/* ---- server routines: unmarshal msg->Buffer by hand, I_RpcGetBuffer for the reply, write it ---- */

static void write_ulong(unsigned char *p, ULONG value)
{
    p[0] = value; p[1] = value >> 8; p[2] = value >> 16; p[3] = value >> 24;
}

static ULONG get_ulong(const unsigned char *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (ULONG)p[3] << 24;
}

/* The request's little-endian ULONG at offset; raises RPC_X_BAD_STUB_DATA past the end. */
static ULONG read_ulong(const RPC_MESSAGE *msg, unsigned int offset)
{
    if (msg->BufferLength < offset + 4) RpcRaiseException(RPC_X_BAD_STUB_DATA);
    return get_ulong((const unsigned char *)msg->Buffer + offset);
}

/* Replaces the request buffer with a reply buffer of size bytes; raises the status when that fails. */
static void get_reply_buffer(PRPC_MESSAGE msg, unsigned int size)
{
    RPC_STATUS status;

    msg->BufferLength = size;
    if ((status = I_RpcGetBuffer(msg))) RpcRaiseException(status);
}

static void __RPC_STUB server_null(PRPC_MESSAGE msg)
{
    get_reply_buffer(msg, 0);
}

static void __RPC_STUB server_echo(PRPC_MESSAGE msg)
{
    ULONG length = read_ulong(msg, 0);
    unsigned char *copy;

    if (length > msg->BufferLength - 4) RpcRaiseException(RPC_X_BAD_STUB_DATA);
    /* The request buffer may go away in I_RpcGetBuffer: keep the bytes first, as a MIDL stub would. */
    if (!(copy = malloc(length ? length : 1))) RpcRaiseException(RPC_S_OUT_OF_MEMORY);
    memcpy(copy, (unsigned char *)msg->Buffer + 4, length);
    get_reply_buffer(msg, length);
    memcpy(msg->Buffer, copy, length);
    free(copy);
}

static void __RPC_STUB server_add(PRPC_MESSAGE msg)
{
    ULONG sum = read_ulong(msg, 0) + read_ulong(msg, 4);

    get_reply_buffer(msg, 4);
    write_ulong(msg->Buffer, sum);
}

static void __RPC_STUB server_raise(PRPC_MESSAGE msg)
{
    RpcRaiseException(read_ulong(msg, 0));
}

static void __RPC_STUB server_sleep(PRPC_MESSAGE msg)
{
    ULONG ms = read_ulong(msg, 0);

    InterlockedIncrement(&test_if_sleeping);
    if (test_if_busy) ReleaseSemaphore(test_if_busy, 1, NULL);
    Sleep(ms);
    InterlockedDecrement(&test_if_sleeping);
    get_reply_buffer(msg, 0);
}

static void __RPC_STUB server_who_am_i(PRPC_MESSAGE msg)
{
    RPC_CALL_ATTRIBUTES_V2_W attrs;
    struct test_if_who who;
    RPC_BINDING_HANDLE server;
    RPC_CSTR string;
    unsigned long pid = 0;
    ULONG *field;
    unsigned int i;

    memset(&who, 0, sizeof(who));
    who.server_pid = GetCurrentProcessId();
    who.server_builtin = test_target == TARGET_WINE_BUILTIN;
    who.server_drep = msg->DataRepresentation;
    who.pid_status = I_RpcBindingInqLocalClientPID(msg->Handle, &pid);
    who.client_pid = pid;
    if (!(who.from_client_status = RpcBindingServerFromClient(msg->Handle, &server)))
    {
        if (!(who.from_client_status = RpcBindingToStringBindingA(server, &string)))
        {
            snprintf(who.binding, sizeof(who.binding), "%s", (char *)string);
            RpcStringFreeA(&string);
        }
        RpcBindingFree(&server);
    }
    who.current_call_is_handle = I_RpcGetCurrentCallHandle() == msg->Handle;

    memset(&attrs, 0, sizeof(attrs));
    attrs.Version = 2;
    /* The client's pid is documented for ncalrpc only; the security fields need no query flag. */
    attrs.Flags = who.pid_status ? 0 : RPC_QUERY_CLIENT_PID;
    /* Wine 8's builtin exports it as a stub that aborts the process. */
    if (who.server_builtin) who.attr_status = ERROR_CALL_NOT_IMPLEMENTED;
    else who.attr_status = RpcServerInqCallAttributesW(msg->Handle, &attrs);
    who.attr_protseq = attrs.ProtocolSequence;
    who.attr_local = attrs.IsClientLocal;
    who.attr_pid = (ULONG)(ULONG_PTR)attrs.ClientPID;
    who.attr_opnum = attrs.OpNum;
    who.attr_iface_match = IsEqualGUID(&attrs.InterfaceUuid, &test_if_server.InterfaceId.SyntaxGUID);

    get_reply_buffer(msg, sizeof(who));
    /* The ULONGs on the wire in little-endian order, then the string as it is. */
    for (field = &who.server_pid, i = 0; field <= &who.attr_iface_match; field++, i += 4)
        write_ulong((unsigned char *)msg->Buffer + i, *field);
    memcpy((unsigned char *)msg->Buffer + i, who.binding, sizeof(who.binding));
}

static RPC_DISPATCH_FUNCTION dispatch_functions[TEST_OP_COUNT] =
{
    server_null, server_echo, server_add, server_raise, server_sleep, server_who_am_i
};
static RPC_DISPATCH_TABLE dispatch_table = { TEST_OP_COUNT, dispatch_functions, 0 };

/* ---- the interfaces ---- */

#define NDR20_SYNTAX { { 0x8a885d04, 0x1ceb, 0x11c9, { 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60 } }, { 2, 0 } }
#define TEST_IF_ID { { 0x5c3a1f2e, 0x8b47, 0x4d19, { 0xa6, 0x0e, 0x3f, 0x21, 0x7d, 0x94, 0xc5, 0x01 } }, { 1, 0 } }
#define TEST_IF2_ID { { 0x5c3a1f2e, 0x8b47, 0x4d19, { 0xa6, 0x0e, 0x3f, 0x21, 0x7d, 0x94, 0xc5, 0x02 } }, { 1, 0 } }
#define UNKNOWN_IF_ID { { 0x5c3a1f2e, 0x8b47, 0x4d19, { 0xa6, 0x0e, 0x3f, 0x21, 0x7d, 0x94, 0xc5, 0x03 } }, { 1, 0 } }

#define SERVER_IF(id) { sizeof(RPC_SERVER_INTERFACE), id, NDR20_SYNTAX, &dispatch_table, 0, NULL, NULL, NULL, 0 }
#define CLIENT_IF(id) { sizeof(RPC_CLIENT_INTERFACE), id, NDR20_SYNTAX, NULL, 0, NULL, 0, NULL, 0 }

RPC_SERVER_INTERFACE test_if_server = SERVER_IF(TEST_IF_ID);
RPC_CLIENT_INTERFACE test_if_client = CLIENT_IF(TEST_IF_ID);
RPC_SERVER_INTERFACE test_if2_server = SERVER_IF(TEST_IF2_ID);
RPC_CLIENT_INTERFACE test_if2_client = CLIENT_IF(TEST_IF2_ID);
RPC_CLIENT_INTERFACE test_if_unknown_client = CLIENT_IF(UNKNOWN_IF_ID);

/* ---- client side ---- */

RPC_STATUS test_if_call(RPC_BINDING_HANDLE binding, const RPC_CLIENT_INTERFACE *iface, unsigned int opnum,
                        const void *request, unsigned int request_len, struct test_if_reply *reply)
{
    RPC_MESSAGE msg;
    RPC_STATUS status;

    if (reply) memset(reply, 0, sizeof(*reply));
    memset(&msg, 0, sizeof(msg));
    msg.Handle = binding;
    /* As MIDL's stubs do (NdrClientInitializeNew): Wine's builtin puts this field in the request's header,
     * so a 0 there labels the request big endian. */
    msg.DataRepresentation = NDR_LOCAL_DATA_REPRESENTATION;
    msg.RpcInterfaceInformation = (void *)iface;
    msg.ProcNum = opnum;
    msg.BufferLength = request_len;
    if ((status = I_RpcGetBuffer(&msg))) return status;
    if (request_len) memcpy(msg.Buffer, request, request_len);
    if (!(status = I_RpcSendReceive(&msg)) && reply)
    {
        reply->drep = msg.DataRepresentation;
        if (msg.BufferLength && !(reply->data = malloc(msg.BufferLength))) status = RPC_S_OUT_OF_MEMORY;
        else
        {
            if (msg.BufferLength) memcpy(reply->data, msg.Buffer, msg.BufferLength);
            reply->len = msg.BufferLength;
        }
    }
    I_RpcFreeBuffer(&msg);
    return status;
}

/* A call whose reply is ignored. */
static RPC_STATUS call_no_reply(RPC_BINDING_HANDLE binding, unsigned int opnum, const void *request,
                                unsigned int request_len)
{
    return test_if_call(binding, &test_if_client, opnum, request, request_len, NULL);
}

RPC_STATUS test_if_null(RPC_BINDING_HANDLE binding)
{
    return call_no_reply(binding, TEST_OP_NULL, NULL, 0);
}

RPC_STATUS test_if_raise(RPC_BINDING_HANDLE binding, ULONG code)
{
    unsigned char request[4];

    write_ulong(request, code);
    return call_no_reply(binding, TEST_OP_RAISE, request, sizeof(request));
}

RPC_STATUS test_if_sleep(RPC_BINDING_HANDLE binding, ULONG ms)
{
    unsigned char request[4];

    write_ulong(request, ms);
    return call_no_reply(binding, TEST_OP_SLEEP, request, sizeof(request));
}

static unsigned char pattern_byte(unsigned int seed, unsigned int i)
{
    return (unsigned char)(seed * 31 + i * 7 + (i >> 8));
}

RPC_STATUS test_if_echo(RPC_BINDING_HANDLE binding, const RPC_CLIENT_INTERFACE *iface, unsigned int size,
                        unsigned int seed, BOOL *mismatch)
{
    unsigned char *request = malloc(size + 4);
    struct test_if_reply reply;
    RPC_STATUS status;
    unsigned int i;

    *mismatch = FALSE;
    if (!request) return RPC_S_OUT_OF_MEMORY;
    write_ulong(request, size);
    for (i = 0; i < size; i++) request[4 + i] = pattern_byte(seed, i);
    status = test_if_call(binding, iface, TEST_OP_ECHO, request, size + 4, &reply);
    if (!status)
    {
        *mismatch = reply.len != size || (size && memcmp(reply.data, request + 4, size));
        free(reply.data);
    }
    free(request);
    return status;
}

RPC_STATUS test_if_add(RPC_BINDING_HANDLE binding, LONG a, LONG b, LONG *sum)
{
    unsigned char request[8];
    struct test_if_reply reply;
    RPC_STATUS status;

    write_ulong(request, a);
    write_ulong(request + 4, b);
    *sum = 0;
    status = test_if_call(binding, &test_if_client, TEST_OP_ADD, request, sizeof(request), &reply);
    if (!status && reply.len != 4) status = RPC_X_BAD_STUB_DATA;
    if (!status) *sum = get_ulong(reply.data);
    free(reply.data);
    return status;
}

RPC_STATUS test_if_who_am_i(RPC_BINDING_HANDLE binding, struct test_if_who *who)
{
    struct test_if_reply reply;
    RPC_STATUS status;
    unsigned int i;
    ULONG *field;

    memset(who, 0, sizeof(*who));
    status = test_if_call(binding, &test_if_client, TEST_OP_WHO_AM_I, NULL, 0, &reply);
    if (!status && reply.len != sizeof(*who)) status = RPC_X_BAD_STUB_DATA;
    if (!status)
    {
        for (field = &who->server_pid, i = 0; field <= &who->attr_iface_match; field++, i += 4)
            *field = get_ulong(reply.data + i);
        memcpy(who->binding, reply.data + i, sizeof(who->binding));
        who->binding[sizeof(who->binding) - 1] = 0;
    }
    free(reply.data);
    return status;
}

RPC_BINDING_HANDLE test_if_bind(const char *protseq, const char *address, const char *endpoint)
{
    RPC_BINDING_HANDLE binding = NULL;
    RPC_CSTR string = NULL;
    RPC_STATUS status;

    status = RpcStringBindingComposeA(NULL, (RPC_CSTR)protseq, (RPC_CSTR)address, (RPC_CSTR)endpoint, NULL, &string);
    ok(status == RPC_S_OK, "%s %s: RpcStringBindingCompose got %ld\n", protseq, endpoint, status);
    if (status) return NULL;
    status = RpcBindingFromStringBindingA(string, &binding);
    ok(status == RPC_S_OK, "%s: RpcBindingFromStringBinding got %ld\n", (char *)string, status);
    RpcStringFreeA(&string);
    return status ? NULL : binding;
}

/* ---- the common checks ---- */

/* Checks what TEST_OP_WHO_AM_I reports; returns whether the server runs on Wine's builtin (as far as known). */
static BOOL check_who_am_i(RPC_BINDING_HANDLE binding, const char *protseq, DWORD server_pid)
{
    static const struct { const char *name; ULONG id; } protseqs[] =
    {
        { "ncacn_ip_tcp", RPC_PROTSEQ_TCP }, { "ncacn_np", RPC_PROTSEQ_NMP }, { "ncalrpc", RPC_PROTSEQ_LRPC },
    };
    BOOL lrpc = !strcmp(protseq, "ncalrpc");
    struct test_if_who who;
    RPC_STATUS status = test_if_who_am_i(binding, &who);
    ULONG expect_protseq = 0;
    unsigned int i;

    ok(status == RPC_S_OK, "%s: who_am_i got %ld\n", protseq, status);
    if (status) return test_target == TARGET_WINE_BUILTIN;
    for (i = 0; i < ARRAYSIZE(protseqs); i++) if (!strcmp(protseq, protseqs[i].name)) expect_protseq = protseqs[i].id;
    if (server_pid)
        ok(who.server_pid == server_pid, "%s: server pid %lu, expected %lu\n", protseq, who.server_pid, server_pid);
    /* NDR_LOCAL_DATA_REPRESENTATION: little endian, ASCII, IEEE. */
    ok((who.server_drep & 0xffff) == 0x10, "%s: the server's DataRepresentation %#lx\n", protseq, who.server_drep);

    /* I_RpcBindingInqLocalClientPID answers for local (ncalrpc) calls; elsewhere only print what it says. */
    if (lrpc)
    {
        ok(who.pid_status == RPC_S_OK, "%s: I_RpcBindingInqLocalClientPID got %lu\n", protseq, who.pid_status);
        ok(who.client_pid == GetCurrentProcessId(), "%s: client pid %lu, expected %lu\n", protseq, who.client_pid,
           GetCurrentProcessId());
    }
    else trace("%s: I_RpcBindingInqLocalClientPID: status %lu, pid %lu\n", protseq, who.pid_status, who.client_pid);

    /* Documented for all three: a partially bound server binding with the client's network address. */
    ok(who.from_client_status == RPC_S_OK, "%s: RpcBindingServerFromClient got %lu\n", protseq, who.from_client_status);
    ok(!strncmp(who.binding, protseq, strlen(protseq)) && who.binding[strlen(protseq)] == ':',
       "%s: server binding %s\n", protseq, test_dbgstr_a(who.binding));
    ok(who.current_call_is_handle, "%s: I_RpcGetCurrentCallHandle is not the call's handle\n", protseq);

    if (who.attr_status == ERROR_CALL_NOT_IMPLEMENTED && who.server_builtin)
        skip("%s: RpcServerInqCallAttributesW aborts the process on Wine's builtin\n", protseq);
    else
    {
        ok(who.attr_status == RPC_S_OK, "%s: RpcServerInqCallAttributesW got %lu\n", protseq, who.attr_status);
        if (!who.attr_status)
        {
            ok(who.attr_protseq == expect_protseq, "%s: ProtocolSequence %lu, expected %lu\n", protseq,
               who.attr_protseq, expect_protseq);
            ok(who.attr_opnum == TEST_OP_WHO_AM_I, "%s: OpNum %lu\n", protseq, who.attr_opnum);
            ok(who.attr_iface_match, "%s: InterfaceUuid is not the test interface's\n", protseq);
            if (lrpc)
            {
                ok(who.attr_local == rcclLocal, "%s: IsClientLocal %lu\n", protseq, who.attr_local);
                ok(who.attr_pid == GetCurrentProcessId(), "%s: ClientPID %lu, expected %lu\n", protseq,
                   who.attr_pid, GetCurrentProcessId());
            }
            else trace("%s: IsClientLocal %lu\n", protseq, who.attr_local);
        }
    }
    return who.server_builtin;
}

/* A call to an opnum past the dispatch table, then the connection must still carry calls. */
static void check_unknown_opnum(RPC_BINDING_HANDLE binding, const char *protseq, BOOL server_builtin)
{
    RPC_STATUS status;
    LONG sum;

    if (server_builtin)
    {
        /* It follows the fault with an extra response, which the next call on that connection takes for its
         * reply: every later call there would be answered with the reply of the one before. */
        skip("%s: an unknown opnum desynchronizes the connection to Wine's builtin server\n", protseq);
        return;
    }
    /* A fault with nca_s_op_rng_error, which is RPC_S_PROCNUM_OUT_OF_RANGE. */
    status = test_if_call(binding, &test_if_client, TEST_OP_COUNT, NULL, 0, NULL);
    ok(status == RPC_S_PROCNUM_OUT_OF_RANGE, "%s: unknown opnum got %ld\n", protseq, status);
    status = test_if_add(binding, 7, 8, &sum);
    ok(status == RPC_S_OK && sum == 15, "%s: add after an unknown opnum got %ld, sum %ld\n", protseq, status, sum);
}

BOOL test_if_check_calls(RPC_BINDING_HANDLE binding, const char *protseq, DWORD server_pid)
{
    /* A server routine's exception comes back as the call's status (a fault PDU carries it). */
    static const ULONG raise_codes[] = { ERROR_ACCESS_DENIED, RPC_S_OUT_OF_MEMORY, 0x12345678 };
    static const unsigned int echo_sizes[] = { 0, 1024, 65536, 1024 * 1024 };
    struct test_if_reply reply;
    BOOL mismatch, server_builtin;
    RPC_STATUS status;
    unsigned int i;
    LONG sum;

    status = test_if_null(binding);
    ok(status == RPC_S_OK, "%s: the first null call got %ld\n", protseq, status);
    if (status) return FALSE;
    server_builtin = check_who_am_i(binding, protseq, server_pid);

    /* The reply's data representation is the server's: little endian, ASCII, IEEE (0x10). */
    status = test_if_call(binding, &test_if_client, TEST_OP_NULL, NULL, 0, &reply);
    ok(status == RPC_S_OK, "%s: null call got %ld\n", protseq, status);
    ok((reply.drep & 0xffff) == 0x10, "%s: reply DataRepresentation %#lx\n", protseq, reply.drep);

    for (i = 0; i < ARRAYSIZE(echo_sizes); i++)
    {
        status = test_if_echo(binding, &test_if_client, echo_sizes[i], i, &mismatch);
        ok(status == RPC_S_OK && !mismatch, "%s: echo of %u bytes got %ld, mismatch %d\n", protseq, echo_sizes[i],
           status, mismatch);
    }

    status = test_if_add(binding, 40000, -2, &sum);
    ok(status == RPC_S_OK && sum == 39998, "%s: add got %ld, sum %ld\n", protseq, status, sum);

    for (i = 0; i < ARRAYSIZE(raise_codes); i++)
    {
        status = test_if_raise(binding, raise_codes[i]);
        /* Wine's builtin server sends RPC_S_OUT_OF_MEMORY as nca_s_fault_remote_no_memory, which comes back as
         * RPC_S_SERVER_OUT_OF_MEMORY; the codes a server routine raises go out as they are (MS-RPCE 3.1.1.5.5). */
        todo(server_builtin && raise_codes[i] == RPC_S_OUT_OF_MEMORY)
            ok(status == (RPC_STATUS)raise_codes[i], "%s: raise %#lx got %#lx\n", protseq, raise_codes[i], status);
    }

    /* An interface the server lacks: the presentation context is rejected, RPC_S_UNKNOWN_IF. */
    status = test_if_call(binding, &test_if_unknown_client, TEST_OP_NULL, NULL, 0, NULL);
    ok(status == RPC_S_UNKNOWN_IF, "%s: unknown interface got %ld\n", protseq, status);
    status = test_if_null(binding);
    ok(status == RPC_S_OK, "%s: null call after the failures got %ld\n", protseq, status);

    check_unknown_opnum(binding, protseq, server_builtin);
    return TRUE;
}
