/* rpc_raw.c: a client that speaks bytes to the server over TCP: well-formed and malformed PDUs, exact answers. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <rpc.h>
#include <rpcdcep.h>
#include "free_port.h"
#include "test.h"

/* Wire values from C706 chapter 12 and MS-RPCE 2.2.2, written out here so that the test does not share
 * the DLL's codec. */
enum { REQUEST = 0, RESPONSE = 2, FAULT = 3, BIND = 11, BIND_ACK = 12, BIND_NAK = 13 };
enum { FIRST = 0x01, LAST = 0x02, DID_NOT_EXECUTE = 0x20 };
#define NCA_S_OP_RNG_ERROR 0x1c010002u
#define NCA_S_UNK_IF       0x1c010003u

static const GUID raw_if_uuid = {0x7a98c250, 0x6808, 0x11cf, {0xb7, 0x3b, 0x00, 0xaa, 0x00, 0xb6, 0x77, 0xa8}};
static const GUID ndr_uuid = {0x8a885d04, 0x1ceb, 0x11c9, {0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60}};
static const GUID unknown_uuid = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};

/* ---- The server: one interface whose only operation echoes its request ---- */

static void __RPC_STUB echo_routine(RPC_MESSAGE *msg)
{
    void *in = msg->Buffer;
    unsigned int length = msg->BufferLength;
    RPC_STATUS status;

    status = I_RpcGetBuffer(msg);
    if (status) RpcRaiseException(status);
    memcpy(msg->Buffer, in, length);
}

static RPC_DISPATCH_FUNCTION raw_routines[] = { echo_routine };
static RPC_DISPATCH_TABLE raw_dispatch = { 1, raw_routines, 0 };
static RPC_SERVER_INTERFACE raw_server_if =
{
    sizeof(RPC_SERVER_INTERFACE),
    {{0x7a98c250, 0x6808, 0x11cf, {0xb7, 0x3b, 0x00, 0xaa, 0x00, 0xb6, 0x77, 0xa8}}, {1, 0}},
    {{0x8a885d04, 0x1ceb, 0x11c9, {0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60}}, {2, 0}},
    &raw_dispatch, 0, NULL, NULL, NULL, 0
};

/* ---- Building PDUs by hand ---- */

struct pdu_bytes
{
    unsigned char data[8192];
    size_t length;
};

static void put8(struct pdu_bytes *p, unsigned int v) { p->data[p->length++] = (unsigned char)v; }
static void put16(struct pdu_bytes *p, unsigned int v) { put8(p, v & 0xff); put8(p, v >> 8); }
static void put32(struct pdu_bytes *p, unsigned int v) { put16(p, v & 0xffff); put16(p, v >> 16); }
static void put_uuid(struct pdu_bytes *p, const GUID *g)
{
    put32(p, g->Data1); put16(p, g->Data2); put16(p, g->Data3);
    memcpy(p->data + p->length, g->Data4, 8);
    p->length += 8;
}

/* The common header; frag_length is fixed up by finish(). */
static void header(struct pdu_bytes *p, unsigned int version, unsigned int type, unsigned int flags, unsigned int call_id)
{
    p->length = 0;
    put8(p, version); put8(p, 0); put8(p, type); put8(p, flags);
    put32(p, 0x10);            /* drep: little endian, ASCII, IEEE */
    put16(p, 0); put16(p, 0);  /* frag_length, auth_length */
    put32(p, call_id);
}

static void finish(struct pdu_bytes *p)
{
    p->data[8] = (unsigned char)p->length;
    p->data[9] = (unsigned char)(p->length >> 8);
}

static void make_bind(struct pdu_bytes *p, unsigned int version, unsigned int call_id, unsigned int max_frag,
                      const GUID *iface, unsigned int if_major)
{
    header(p, version, BIND, FIRST | LAST, call_id);
    put16(p, max_frag); put16(p, max_frag); put32(p, 0);
    put8(p, 1); put8(p, 0); put16(p, 0);        /* one context */
    put16(p, 0); put8(p, 1); put8(p, 0);        /* context id 0, one transfer syntax */
    put_uuid(p, iface); put16(p, if_major); put16(p, 0);
    put_uuid(p, &ndr_uuid); put32(p, 2);
    finish(p);
}

static void make_request(struct pdu_bytes *p, unsigned int flags, unsigned int call_id, unsigned int alloc_hint,
                         unsigned int context_id, unsigned int opnum, const void *stub, size_t length)
{
    header(p, 5, REQUEST, flags, call_id);
    put32(p, alloc_hint); put16(p, context_id); put16(p, opnum);
    memcpy(p->data + p->length, stub, length);
    p->length += length;
    finish(p);
}

/* ---- The socket ---- */

static unsigned short port;

static SOCKET connect_server(void)
{
    struct sockaddr_in addr;
    DWORD timeout = 10000;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *)&addr, sizeof(addr)))
    {
        ok(0, "connect to port %u failed, error %d\n", port, WSAGetLastError());
        closesocket(s);
        return INVALID_SOCKET;
    }
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&timeout, sizeof(timeout));
    return s;
}

static BOOL send_all(SOCKET s, const void *data, size_t length)
{
    const char *p = data;
    while (length)
    {
        int n = send(s, p, (int)length, 0);
        if (n <= 0) return FALSE;
        p += n;
        length -= n;
    }
    return TRUE;
}

/* Receives exactly length bytes; FALSE when the peer closed or the timeout passed first. */
static BOOL recv_all(SOCKET s, void *data, size_t length)
{
    char *p = data;
    while (length)
    {
        int n = recv(s, p, (int)length, 0);
        if (n <= 0) return FALSE;
        p += n;
        length -= n;
    }
    return TRUE;
}

/* Receives one fragment into p; FALSE (and length 0) when none came. */
static BOOL receive(SOCKET s, struct pdu_bytes *p)
{
    unsigned int frag_length;

    p->length = 0;
    if (!recv_all(s, p->data, 16)) return FALSE;
    frag_length = p->data[8] | p->data[9] << 8;
    if (frag_length < 16 || frag_length > sizeof(p->data) || !recv_all(s, p->data + 16, frag_length - 16))
        return FALSE;
    p->length = frag_length;
    return TRUE;
}

static unsigned int get16(const struct pdu_bytes *p, size_t offset) { return p->data[offset] | p->data[offset + 1] << 8; }
static unsigned int get32(const struct pdu_bytes *p, size_t offset) { return get16(p, offset) | get16(p, offset + 2) << 16; }

/* TRUE when the peer closed the connection (a read ends without data). */
static BOOL peer_closed(SOCKET s)
{
    char byte;
    return recv(s, &byte, 1, 0) == 0;
}

/* Binds s to the raw interface and checks the bind_ack. */
static BOOL bind_raw(SOCKET s, unsigned int call_id)
{
    struct pdu_bytes p;

    make_bind(&p, 5, call_id, 5840, &raw_if_uuid, 1);
    if (!send_all(s, p.data, p.length) || !receive(s, &p)) return FALSE;
    ok(p.data[2] == BIND_ACK, "bind answered with type %u\n", p.data[2]);
    /* Wine's builtin answers every bind with call id 1. */
    todo_builtin ok(get32(&p, 12) == call_id, "bind_ack call id %u, sent %u\n", get32(&p, 12), call_id);
    return p.data[2] == BIND_ACK;
}

/* ---- The cases ---- */

static void test_bind_ack(void)
{
    struct pdu_bytes p;
    unsigned int sec_len, offset, results;
    char expected[8];
    SOCKET s;

    if ((s = connect_server()) == INVALID_SOCKET) return;
    make_bind(&p, 5, 0x1234, 5840, &raw_if_uuid, 1);
    ok(send_all(s, p.data, p.length), "send failed\n");
    ok(receive(s, &p), "no answer to bind\n");
    ok(p.data[2] == BIND_ACK, "type %u\n", p.data[2]);
    todo_builtin ok(get32(&p, 12) == 0x1234, "call id %#x\n", get32(&p, 12));
    ok(get16(&p, 16) == 5840 && get16(&p, 18) == 5840, "frag sizes %u %u\n", get16(&p, 16), get16(&p, 18));
    ok(get32(&p, 20) != 0, "assoc group %#x\n", get32(&p, 20));
    /* The secondary address is the port we reached, with its NUL. */
    sec_len = get16(&p, 24);
    sprintf(expected, "%u", port);
    ok(sec_len == strlen(expected) + 1 && !memcmp(p.data + 26, expected, sec_len),
       "secondary address %u bytes %.*s, expected %s\n", sec_len, (int)sec_len, (char *)p.data + 26, expected);
    offset = (26 + sec_len + 3) & ~3u;
    results = p.data[offset];
    ok(results == 1, "%u results\n", results);
    ok(get16(&p, offset + 4) == 0, "result %u reason %u\n", get16(&p, offset + 4), get16(&p, offset + 6));
    closesocket(s);
}

static void test_bind_refusals(void)
{
    struct pdu_bytes p;
    unsigned int offset;
    SOCKET s;

    /* A fragment size below the 1432 every side must accept: a bind_nak (protocol version not supported,
     * MS-RPCE's reason for a protocol error in a bind), then the server closes the connection. */
    if ((s = connect_server()) == INVALID_SOCKET) return;
    make_bind(&p, 5, 7, 1000, &raw_if_uuid, 1);
    send_all(s, p.data, p.length);
    ok(receive(s, &p), "no answer\n");
    /* Wine's builtin answers with reason 0 and call id 1, and keeps the connection. */
    ok(p.data[2] == BIND_NAK, "type %u\n", p.data[2]);
    todo_builtin
    {
        ok(get32(&p, 12) == 7, "call id %u\n", get32(&p, 12));
        ok(get16(&p, 16) == 4, "reject reason %u\n", get16(&p, 16));
        ok(peer_closed(s), "connection still open\n");
    }
    closesocket(s);

    /* An interface the server lacks: a bind_ack rejecting the context (abstract syntax not supported). */
    if ((s = connect_server()) == INVALID_SOCKET) return;
    make_bind(&p, 5, 8, 5840, &unknown_uuid, 1);
    send_all(s, p.data, p.length);
    ok(receive(s, &p), "no answer\n");
    ok(p.data[2] == BIND_ACK, "type %u\n", p.data[2]);
    offset = (26 + get16(&p, 24) + 3) & ~3u;
    ok(get16(&p, offset + 4) == 2 && get16(&p, offset + 6) == 1, "result %u reason %u\n",
       get16(&p, offset + 4), get16(&p, offset + 6));
    /* Wrong major version: rejected the same way (Wine's builtin answers with a bind_nak). */
    make_bind(&p, 5, 9, 5840, &raw_if_uuid, 2);
    send_all(s, p.data, p.length);
    ok(receive(s, &p), "no answer\n");
    offset = (26 + get16(&p, 24) + 3) & ~3u;
    todo_builtin ok(p.data[2] == BIND_ACK && get16(&p, offset + 4) == 2 && get16(&p, offset + 6) == 1,
       "type %u result %u reason %u\n", p.data[2], get16(&p, offset + 4), get16(&p, offset + 6));
    closesocket(s);

    /* RPC version 4: the server cannot even read it; it answers a bind_nak, reason 4, and closes. */
    if ((s = connect_server()) == INVALID_SOCKET) return;
    make_bind(&p, 4, 10, 5840, &raw_if_uuid, 1);
    send_all(s, p.data, p.length);
    if (receive(s, &p))
        ok(p.data[2] == BIND_NAK && get16(&p, 16) == 4, "type %u reason %u\n", p.data[2], get16(&p, 16));
    ok(peer_closed(s), "connection still open\n");
    closesocket(s);
}

static void test_requests(void)
{
    static const unsigned char stub[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    unsigned char big[3 * 1024];
    struct pdu_bytes p;
    unsigned int i;
    SOCKET s;

    if ((s = connect_server()) == INVALID_SOCKET) return;
    if (!bind_raw(s, 2)) { closesocket(s); return; }

    /* An echo: one response, our call id, our context, the same stub. */
    make_request(&p, FIRST | LAST, 0x51, sizeof(stub), 0, 0, stub, sizeof(stub));
    send_all(s, p.data, p.length);
    ok(receive(s, &p), "no response\n");
    ok(p.data[2] == RESPONSE, "type %u\n", p.data[2]);
    todo_builtin ok(get32(&p, 12) == 0x51, "call id %#x\n", get32(&p, 12));
    ok(p.length == 24 + sizeof(stub) && !memcmp(p.data + 24, stub, sizeof(stub)), "response of %u bytes\n", (unsigned int)p.length);

    /* A context id nobody bound: fault nca_s_unk_if (Wine's builtin runs it in context 0). */
    make_request(&p, FIRST | LAST, 0x54, sizeof(stub), 9, 0, stub, sizeof(stub));
    send_all(s, p.data, p.length);
    ok(receive(s, &p), "no answer\n");
    todo_builtin ok(p.data[2] == FAULT && get32(&p, 24) == NCA_S_UNK_IF, "type %u status %#x\n",
       p.data[2], get32(&p, 24));

    /* A request in three fragments, with a lying alloc_hint: one response with the whole stub. */
    for (i = 0; i < sizeof(big); i++) big[i] = (unsigned char)(i * 7);
    make_request(&p, FIRST, 0x55, 0x7fffffff, 0, 0, big, 1024);
    send_all(s, p.data, p.length);
    make_request(&p, 0, 0x55, 2048, 0, 0, big + 1024, 1024);
    send_all(s, p.data, p.length);
    make_request(&p, LAST, 0x55, 1024, 0, 0, big + 2048, 1024);
    send_all(s, p.data, p.length);
    ok(receive(s, &p), "no response\n");
    ok(p.data[2] == RESPONSE, "type %u\n", p.data[2]);
    todo_builtin ok(get32(&p, 12) == 0x55, "call id %#x\n", get32(&p, 12));
    ok(p.length == 24 + sizeof(big) && !memcmp(p.data + 24, big, sizeof(big)), "response of %u bytes\n", (unsigned int)p.length);

    /* A continuation fragment without a first: the stream is broken; the server closes it. */
    make_request(&p, LAST, 0x56, 8, 0, 0, stub, sizeof(stub));
    send_all(s, p.data, p.length);
    ok(peer_closed(s), "connection still open\n");
    closesocket(s);

    /* An unknown opnum: one fault, nca_s_op_rng_error, not executed; nothing after it: the next PDU to
     * arrive is the answer to the next request (Wine's builtin sends a response after the fault). */
    if ((s = connect_server()) == INVALID_SOCKET) return;
    if (!bind_raw(s, 2)) { closesocket(s); return; }
    make_request(&p, FIRST | LAST, 0x52, sizeof(stub), 0, 5, stub, sizeof(stub));
    send_all(s, p.data, p.length);
    ok(receive(s, &p), "no fault\n");
    ok(p.data[2] == FAULT && get32(&p, 24) == NCA_S_OP_RNG_ERROR, "type %u status %#x\n", p.data[2], get32(&p, 24));
    todo_builtin
    {
        ok(get32(&p, 12) == 0x52, "call id %#x\n", get32(&p, 12));
        ok(p.data[3] & DID_NOT_EXECUTE, "flags %#x\n", p.data[3]);
    }
    make_request(&p, FIRST | LAST, 0x53, sizeof(stub), 0, 0, stub, sizeof(stub));
    send_all(s, p.data, p.length);
    ok(receive(s, &p), "no answer\n");
    todo_builtin ok(p.data[2] == RESPONSE && get32(&p, 12) == 0x53, "next answer: type %u call id %#x\n",
                    p.data[2], get32(&p, 12));
    closesocket(s);
}

static void test_garbage(void)
{
    static const unsigned char junk[32] = "GET / HTTP/1.0\r\n\r\n";
    struct pdu_bytes p;
    SOCKET s;

    /* Bytes that are no PDU: the connection is closed. */
    if ((s = connect_server()) == INVALID_SOCKET) return;
    send_all(s, junk, sizeof(junk));
    ok(peer_closed(s) || !receive(s, &p) || p.data[2] == BIND_NAK || p.data[2] == FAULT, "connection kept\n");
    closesocket(s);

    /* A frag_length shorter than the header. */
    if ((s = connect_server()) == INVALID_SOCKET) return;
    make_bind(&p, 5, 1, 5840, &raw_if_uuid, 1);
    p.data[8] = 8;
    p.data[9] = 0;
    send_all(s, p.data, 16);
    ok(peer_closed(s) || (receive(s, &p) && p.data[2] == BIND_NAK), "connection kept\n");
    closesocket(s);

    /* A peer that goes away halfway through a fragment. */
    if ((s = connect_server()) == INVALID_SOCKET) return;
    make_bind(&p, 5, 1, 5840, &raw_if_uuid, 1);
    send_all(s, p.data, 20);
    closesocket(s);

    /* The server keeps serving. */
    if ((s = connect_server()) == INVALID_SOCKET) return;
    ok(bind_raw(s, 3), "bind after the garbage failed\n");
    closesocket(s);
}

START_TEST(rpc_raw)
{
    char endpoint[8];
    WSADATA wsa;
    RPC_STATUS status;

    WSAStartup(MAKEWORD(2, 2), &wsa);
    port = test_free_port();
    sprintf(endpoint, "%u", port);
    status = RpcServerUseProtseqEpA((RPC_CSTR)"ncacn_ip_tcp", RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)endpoint, NULL);
    ok(status == RPC_S_OK, "RpcServerUseProtseqEp(%s) returned %ld\n", endpoint, status);
    status = RpcServerRegisterIf2(&raw_server_if, NULL, NULL, RPC_IF_AUTOLISTEN, RPC_C_LISTEN_MAX_CALLS_DEFAULT,
                                  (unsigned int)-1, NULL);
    ok(status == RPC_S_OK, "RpcServerRegisterIf2 returned %ld\n", status);
    if (status != RPC_S_OK)
    {
        skip("no server: the runtime cannot register an interface\n");
        return;
    }
    trace("raw TCP tests against port %u\n", port);
    test_bind_ack();
    test_bind_refusals();
    test_requests();
    test_garbage();
    status = RpcServerUnregisterIf(&raw_server_if, NULL, TRUE);
    ok(status == RPC_S_OK, "RpcServerUnregisterIf returned %ld\n", status);
    WSACleanup();
}
