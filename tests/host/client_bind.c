/* client_bind.c (host test): the client's bind/alter_context requests and its decisions on every kind of answer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "client_bind.h"
#include "pdu.h"
#include "server_reply.h"
#include "test.h"

/* The interface of the captured Wine conversation: 6b1d4e2a-3c57-4f0e-9a61-0c5e2f7d8b10, GUID layout. */
#define PEER_UUID(last) \
    { 0x2a, 0x4e, 0x1d, 0x6b, 0x57, 0x3c, 0x0e, 0x4f, 0x9a, 0x61, 0x0c, 0x5e, 0x2f, 0x7d, 0x8b, last }

static const struct pdu_syntax peer_if = { PEER_UUID(0x10), 1, 0 };
static const struct pdu_syntax zero_syntax;

static struct client_bind_params default_params(int alter_context, int ndr64)
{
    struct client_bind_params params;

    memset(&params, 0, sizeof(params));
    params.abstract_syntax = peer_if;
    params.alter_context = alter_context;
    params.ndr64 = ndr64;
    params.features = CLIENT_BIND_FEATURES;
    params.first_context_id = alter_context ? 3 : 0;
    params.max_xmit_frag = 5840;
    params.max_recv_frag = 5840;
    params.assoc_group_id = alter_context ? 0x77 : 0;
    params.call_id = 5;
    return params;
}

static void build(struct client_bind_request *request, int alter_context, int ndr64)
{
    struct client_bind_params params = default_params(alter_context, ndr64);
    uint32_t st = client_bind_build(&params, request);

    ok(st == CLIENT_BIND_S_OK, "build: status %u\n", st);
}

/* An answer to request with one result per context, all accepted with their first syntax unless told. */
struct answer
{
    struct pdu pdu;
    struct pdu_result results[CLIENT_BIND_MAX_CONTEXTS];
};

static void make_answer(struct answer *a, const struct client_bind_request *request)
{
    unsigned int i;

    memset(a, 0, sizeof(*a));
    a->pdu.header.type = request->params.alter_context ? PDU_TYPE_ALTER_CONTEXT_RESP : PDU_TYPE_BIND_ACK;
    a->pdu.header.call_id = request->params.call_id;
    a->pdu.u.bind_ack.max_xmit_frag = 5840;
    a->pdu.u.bind_ack.max_recv_frag = 5840;
    a->pdu.u.bind_ack.assoc_group_id = 0x77;
    a->pdu.u.bind_ack.result_count = request->pdu.u.bind.context_count;
    a->pdu.u.bind_ack.results = a->results;
    for (i = 0; i < request->pdu.u.bind.context_count; i++)
    {
        if ((int)i == request->negotiation_index)
        {
            a->results[i].result = PDU_RESULT_NEGOTIATE_ACK;
            a->results[i].reason = PDU_FEATURE_KEEP_CONNECTION_ON_ORPHAN;
        }
        else a->results[i].transfer_syntax = request->contexts[i].transfer_syntaxes[0];
    }
}

static void reject(struct pdu_result *r, uint16_t result, uint16_t reason)
{
    r->result = result;
    r->reason = reason;
    r->transfer_syntax = zero_syntax;
}

static void test_build(void)
{
    static const struct { int alter, ndr64; uint8_t count; int negotiation; } cases[] =
    {
        { 0, 0, 2, 1 }, { 0, 1, 3, 2 }, { 1, 0, 1, -1 }, { 1, 1, 2, -1 },
    };
    struct client_bind_request request;
    struct client_bind_params params;
    struct pdu decoded;
    uint8_t buf[512];
    uint16_t features;
    size_t written;
    unsigned int i, j;
    enum pdu_status ps;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        params = default_params(cases[i].alter, cases[i].ndr64);
        params.first_context_id = 10;
        params.call_id = 0x1234;
        ok(client_bind_build(&params, &request) == CLIENT_BIND_S_OK, "case %u: build failed\n", i);
        ok(request.pdu.header.type == (cases[i].alter ? PDU_TYPE_ALTER_CONTEXT : PDU_TYPE_BIND),
           "case %u: type %u\n", i, request.pdu.header.type);
        ok(request.pdu.u.bind.context_count == cases[i].count, "case %u: %u contexts\n", i,
           request.pdu.u.bind.context_count);
        ok(request.negotiation_index == cases[i].negotiation, "case %u: negotiation at %d\n", i,
           request.negotiation_index);

        ps = pdu_encode(&request.pdu, buf, sizeof(buf), &written);
        ok(ps == PDU_OK, "case %u: encode %s\n", i, pdu_status_name(ps));
        ps = pdu_decode(buf, written, &decoded);
        ok(ps == PDU_OK, "case %u: decode %s\n", i, pdu_status_name(ps));
        if (ps != PDU_OK) continue;
        ok(decoded.header.call_id == 0x1234 && decoded.header.flags == (PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG)
           && decoded.header.auth_length == 0, "case %u: call id %#x flags %#x\n", i, decoded.header.call_id,
           decoded.header.flags);
        ok(decoded.u.bind.max_xmit_frag == 5840 && decoded.u.bind.max_recv_frag == 5840
           && decoded.u.bind.assoc_group_id == params.assoc_group_id, "case %u: frags %u %u group %#x\n", i,
           decoded.u.bind.max_xmit_frag, decoded.u.bind.max_recv_frag, decoded.u.bind.assoc_group_id);
        for (j = 0; j < decoded.u.bind.context_count; j++)
        {
            const struct pdu_context *c = &decoded.u.bind.contexts[j];
            const struct pdu_syntax *want = j == 0 ? &pdu_syntax_ndr : (int)j == cases[i].negotiation ? NULL
                                                                                                : &pdu_syntax_ndr64;

            ok(c->context_id == 10 + j && c->transfer_count == 1 && pdu_syntax_equal(&c->abstract_syntax, &peer_if),
               "case %u/%u: id %u, %u syntaxes\n", i, j, c->context_id, c->transfer_count);
            if (want) ok(pdu_syntax_equal(&c->transfer_syntaxes[0], want), "case %u/%u: wrong syntax\n", i, j);
            else ok(pdu_syntax_is_features(&c->transfer_syntaxes[0], &features) && features == CLIENT_BIND_FEATURES,
                    "case %u/%u: negotiation syntax, features %#x\n", i, j, features);
        }
        pdu_release(&decoded);
    }

    /* Bad arguments. */
    params = default_params(0, 1);
    ok(client_bind_build(NULL, &request) == CLIENT_BIND_S_INVALID_ARG && request.pdu.header.type == 0,
       "NULL params accepted\n");
    ok(client_bind_build(&params, NULL) == CLIENT_BIND_S_INVALID_ARG, "NULL request accepted\n");
    params.max_recv_frag = CLIENT_BIND_MIN_FRAG - 1;
    ok(client_bind_build(&params, &request) == CLIENT_BIND_S_INVALID_ARG, "small max_recv_frag accepted\n");
    params = default_params(0, 1);
    params.max_xmit_frag = CLIENT_BIND_MIN_FRAG - 1;
    ok(client_bind_build(&params, &request) == CLIENT_BIND_S_INVALID_ARG, "small max_xmit_frag accepted\n");
    params.max_xmit_frag = CLIENT_BIND_MIN_FRAG;
    ok(client_bind_build(&params, &request) == CLIENT_BIND_S_OK, "the minimum refused\n");
    params.first_context_id = 0xfffe;
    ok(client_bind_build(&params, &request) == CLIENT_BIND_S_INVALID_ARG, "context id overflow accepted\n");
    params.first_context_id = 0xfffd;
    ok(client_bind_build(&params, &request) == CLIENT_BIND_S_OK && request.contexts[2].context_id == 0xffff,
       "last context ids refused\n");
    /* An alter_context repeats the connection's sizes, whatever they are. */
    params = default_params(1, 0);
    params.max_xmit_frag = params.max_recv_frag = 0;
    ok(client_bind_build(&params, &request) == CLIENT_BIND_S_OK, "alter_context sizes checked\n");
}

/* Processes the answer and checks the status (and, on success, context id and syntax). */
static struct client_bind_result check(const struct client_bind_request *request, const struct pdu *answer,
                                       uint32_t status, uint16_t context_id, int ndr64, int line)
{
    struct client_bind_result result;
    uint32_t st = client_bind_process(request, answer, &result);

    ok(st == status && result.status == status, "line %d: status %u (%u), expected %u\n", line, st,
       result.status, status);
    if (status == CLIENT_BIND_S_OK)
        ok(result.context_id == context_id && result.ndr64 == ndr64, "line %d: context %u ndr64 %d\n", line,
           result.context_id, result.ndr64);
    return result;
}

static void test_accept(void)
{
    struct client_bind_request request;
    struct client_bind_result result;
    struct answer a;

    /* NDR only, negotiation acked: features we offered and the server acked. */
    build(&request, 0, 0);
    make_answer(&a, &request);
    a.results[1].reason = 0xffff;
    result = check(&request, &a.pdu, CLIENT_BIND_S_OK, 0, 0, __LINE__);
    ok(result.features_negotiated && result.features == CLIENT_BIND_FEATURES, "features %d %#x\n",
       result.features_negotiated, result.features);
    ok(result.max_xmit_frag == 5840 && result.max_recv_frag == 5840 && result.assoc_group_id == 0x77,
       "frags %u %u group %#x\n", result.max_xmit_frag, result.max_recv_frag, result.assoc_group_id);
    ok(!result.call_id_quirk && !result.server_reason, "quirk %d reason %u\n", result.call_id_quirk,
       result.server_reason);

    /* NDR64 accepted too: it wins. */
    build(&request, 0, 1);
    make_answer(&a, &request);
    check(&request, &a.pdu, CLIENT_BIND_S_OK, 1, 1, __LINE__);
    /* NDR64 only. */
    reject(&a.results[0], PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED);
    check(&request, &a.pdu, CLIENT_BIND_S_OK, 1, 1, __LINE__);
    /* NDR64 rejected: NDR 2.0; the negotiation rejected as the builtin does: no features. */
    make_answer(&a, &request);
    reject(&a.results[1], PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED);
    reject(&a.results[2], PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED);
    result = check(&request, &a.pdu, CLIENT_BIND_S_OK, 0, 0, __LINE__);
    ok(!result.features_negotiated && !result.features, "features %d %#x\n", result.features_negotiated,
       result.features);
    /* A user rejection of the negotiation entry is as harmless. */
    reject(&a.results[2], PDU_RESULT_USER_REJECTION, 0);
    check(&request, &a.pdu, CLIENT_BIND_S_OK, 0, 0, __LINE__);

    /* alter_context: ids from first_context_id, sizes and group of the connection kept. */
    build(&request, 1, 1);
    make_answer(&a, &request);
    a.pdu.u.bind_ack.max_xmit_frag = a.pdu.u.bind_ack.max_recv_frag = 2000;
    a.pdu.u.bind_ack.assoc_group_id = 0;
    result = check(&request, &a.pdu, CLIENT_BIND_S_OK, 4, 1, __LINE__);
    ok(result.max_xmit_frag == 5840 && result.max_recv_frag == 5840 && result.assoc_group_id == 0x77,
       "alter: frags %u %u group %#x\n", result.max_xmit_frag, result.max_recv_frag, result.assoc_group_id);
    ok(!result.features_negotiated, "alter: features\n");
    reject(&a.results[1], PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED);
    check(&request, &a.pdu, CLIENT_BIND_S_OK, 3, 0, __LINE__);
}

static void test_frag_sizes_and_groups(void)
{
    struct client_bind_request request;
    struct client_bind_params params = default_params(0, 0);
    struct client_bind_result result;
    struct answer a;

    params.max_xmit_frag = 4000;
    params.max_recv_frag = 8000;
    client_bind_build(&params, &request);
    make_answer(&a, &request);
    /* Smaller values are taken crosswise: the server's max_recv_frag bounds what we send. */
    a.pdu.u.bind_ack.max_xmit_frag = 3000;
    a.pdu.u.bind_ack.max_recv_frag = 2000;
    result = check(&request, &a.pdu, CLIENT_BIND_S_OK, 0, 0, __LINE__);
    ok(result.max_xmit_frag == 2000 && result.max_recv_frag == 3000, "frags %u %u\n", result.max_xmit_frag,
       result.max_recv_frag);
    /* Larger ones are capped by what we offered. */
    a.pdu.u.bind_ack.max_xmit_frag = 0xffff;
    a.pdu.u.bind_ack.max_recv_frag = 0xffff;
    result = check(&request, &a.pdu, CLIENT_BIND_S_OK, 0, 0, __LINE__);
    ok(result.max_xmit_frag == 4000 && result.max_recv_frag == 8000, "frags %u %u\n", result.max_xmit_frag,
       result.max_recv_frag);
    /* The minimum is fine, below it is not, either field. */
    a.pdu.u.bind_ack.max_xmit_frag = CLIENT_BIND_MIN_FRAG;
    a.pdu.u.bind_ack.max_recv_frag = CLIENT_BIND_MIN_FRAG;
    check(&request, &a.pdu, CLIENT_BIND_S_OK, 0, 0, __LINE__);
    a.pdu.u.bind_ack.max_xmit_frag = CLIENT_BIND_MIN_FRAG - 1;
    check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
    a.pdu.u.bind_ack.max_xmit_frag = CLIENT_BIND_MIN_FRAG;
    a.pdu.u.bind_ack.max_recv_frag = 0;
    check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);

    /* A new group: whatever the server assigns. An existing one: it must be kept. */
    make_answer(&a, &request);
    a.pdu.u.bind_ack.assoc_group_id = 0x99;
    result = check(&request, &a.pdu, CLIENT_BIND_S_OK, 0, 0, __LINE__);
    ok(result.assoc_group_id == 0x99, "group %#x\n", result.assoc_group_id);
    params.assoc_group_id = 0x99;
    client_bind_build(&params, &request);
    check(&request, &a.pdu, CLIENT_BIND_S_OK, 0, 0, __LINE__);
    a.pdu.u.bind_ack.assoc_group_id = 0x98;
    check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
}

static void test_rejections(void)
{
    static const struct { uint16_t result, reason; uint32_t status; } cases[] =
    {
        { PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_ABSTRACT_SYNTAX_NOT_SUPPORTED, CLIENT_BIND_S_UNKNOWN_IF },
        { PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED,
          CLIENT_BIND_S_UNSUPPORTED_TRANS_SYN },
        { PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_LOCAL_LIMIT_EXCEEDED, CLIENT_BIND_S_SERVER_TOO_BUSY },
        { PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_REASON_NOT_SPECIFIED, CLIENT_BIND_S_CALL_FAILED_DNE },
        { PDU_RESULT_USER_REJECTION, 0, CLIENT_BIND_S_CALL_FAILED_DNE },
        { PDU_RESULT_USER_REJECTION, 77, CLIENT_BIND_S_CALL_FAILED_DNE },
    };
    struct client_bind_request request;
    struct answer a;
    unsigned int i;

    build(&request, 0, 1);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        make_answer(&a, &request);
        reject(&a.results[0], cases[i].result, cases[i].reason);
        reject(&a.results[1], cases[i].result, cases[i].reason);
        check(&request, &a.pdu, cases[i].status, 0, 0, __LINE__);
    }
    /* Mixed reasons: an unknown interface names the failure, then transfer syntaxes. */
    make_answer(&a, &request);
    reject(&a.results[0], PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED);
    reject(&a.results[1], PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_ABSTRACT_SYNTAX_NOT_SUPPORTED);
    check(&request, &a.pdu, CLIENT_BIND_S_UNKNOWN_IF, 0, 0, __LINE__);
    reject(&a.results[1], PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_LOCAL_LIMIT_EXCEEDED);
    check(&request, &a.pdu, CLIENT_BIND_S_UNSUPPORTED_TRANS_SYN, 0, 0, __LINE__);
}

static void test_nak_and_fault(void)
{
    static const struct { uint16_t reason; uint32_t status; } naks[] =
    {
        { PDU_REJECT_REASON_NOT_SPECIFIED, CLIENT_BIND_S_CALL_FAILED_DNE },
        { PDU_REJECT_TEMPORARY_CONGESTION, CLIENT_BIND_S_SERVER_TOO_BUSY },
        { PDU_REJECT_LOCAL_LIMIT_EXCEEDED, CLIENT_BIND_S_SERVER_TOO_BUSY },
        { PDU_REJECT_CALLED_PADDR_UNKNOWN, CLIENT_BIND_S_CALL_FAILED_DNE },
        { PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED, CLIENT_BIND_S_PROTOCOL_ERROR },
        { PDU_REJECT_DEFAULT_CONTEXT_NOT_SUPPORTED, CLIENT_BIND_S_CALL_FAILED_DNE },
        { PDU_REJECT_USER_DATA_NOT_READABLE, CLIENT_BIND_S_CALL_FAILED_DNE },
        { PDU_REJECT_NO_PSAP_AVAILABLE, CLIENT_BIND_S_CALL_FAILED_DNE },
        { PDU_REJECT_AUTHENTICATION_TYPE_NOT_RECOGNIZED, CLIENT_BIND_S_UNKNOWN_AUTHN_SERVICE },
        { PDU_REJECT_INVALID_CHECKSUM, CLIENT_BIND_S_ACCESS_DENIED },
        { 0x1234, CLIENT_BIND_S_CALL_FAILED_DNE },
    };
    static const struct { uint32_t fault, status; } faults[] =
    {
        { PDU_NCA_S_PROTO_ERROR, CLIENT_BIND_S_PROTOCOL_ERROR },
        { 0, CLIENT_BIND_S_PROTOCOL_ERROR },
        { PDU_NCA_S_UNK_IF, CLIENT_BIND_S_UNKNOWN_IF },
        { PDU_NCA_S_FAULT_REMOTE_NO_MEMORY, CLIENT_BIND_S_SERVER_OUT_OF_MEMORY },
        { PDU_NCA_S_OP_RNG_ERROR, CLIENT_BIND_S_CALL_FAILED_DNE },
        { PDU_NCA_S_FAULT_UNSPEC, CLIENT_BIND_S_CALL_FAILED_DNE },
        { CLIENT_BIND_S_SERVER_TOO_BUSY, CLIENT_BIND_S_SERVER_TOO_BUSY },
        { CLIENT_BIND_S_ACCESS_DENIED, CLIENT_BIND_S_ACCESS_DENIED },
    };
    struct client_bind_request request;
    struct client_bind_result result;
    struct pdu reply;
    unsigned int i;

    build(&request, 0, 0);
    for (i = 0; i < sizeof(naks) / sizeof(naks[0]); i++)
    {
        server_reply_bind_nak(5, naks[i].reason, &reply);
        result = check(&request, &reply, naks[i].status, 0, 0, __LINE__);
        ok(result.server_reason == naks[i].reason, "nak %u: reason %u\n", i, result.server_reason);
    }
    build(&request, 1, 0);
    for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
    {
        server_reply_fault(5, 0, faults[i].fault, 1, &reply);
        result = check(&request, &reply, faults[i].status, 0, 0, __LINE__);
        ok(result.server_reason == faults[i].fault, "fault %u: status %#x\n", i, result.server_reason);
    }
}

static void test_protocol_errors(void)
{
    static const uint8_t other_types[] =
    {
        PDU_TYPE_REQUEST, PDU_TYPE_RESPONSE, PDU_TYPE_BIND, PDU_TYPE_ALTER_CONTEXT, PDU_TYPE_AUTH3,
        PDU_TYPE_SHUTDOWN, PDU_TYPE_CO_CANCEL, PDU_TYPE_ORPHANED, 99,
    };
    struct client_bind_request request, alter;
    struct client_bind_result result;
    struct answer a;
    unsigned int i;

    build(&request, 0, 1);
    build(&alter, 1, 1);
    make_answer(&a, &request);

    /* Call ids: ours, or 1 (the builtin's), nothing else. */
    a.pdu.header.call_id = 1;
    result = check(&request, &a.pdu, CLIENT_BIND_S_OK, 1, 1, __LINE__);
    ok(result.call_id_quirk == 1, "quirk %d\n", result.call_id_quirk);
    a.pdu.header.call_id = 6;
    check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
    a.pdu.header.call_id = 0;
    check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
    a.pdu.header.call_id = 5;

    /* Types: the other ack, and every PDU a bind is never answered with. */
    a.pdu.header.type = PDU_TYPE_ALTER_CONTEXT_RESP;
    check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
    a.pdu.header.type = PDU_TYPE_BIND_ACK;
    check(&alter, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
    for (i = 0; i < sizeof(other_types); i++)
    {
        a.pdu.header.type = other_types[i];
        check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
    }

    /* Result counts other than the contexts sent. */
    make_answer(&a, &request);
    a.pdu.u.bind_ack.result_count = 2;
    check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
    a.pdu.u.bind_ack.result_count = 0;
    check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);

    /* Results contradicting their contexts. */
    make_answer(&a, &request);
    a.results[0].transfer_syntax = pdu_syntax_ndr64;
    check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
    make_answer(&a, &request);
    a.results[1].transfer_syntax = zero_syntax;
    check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
    make_answer(&a, &request);
    a.results[2].result = PDU_RESULT_ACCEPTANCE;
    a.results[2].transfer_syntax = request.negotiation;
    check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
    make_answer(&a, &request);
    a.results[0].result = PDU_RESULT_NEGOTIATE_ACK;
    check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
    make_answer(&a, &request);
    a.results[1].result = 4;
    check(&request, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
    make_answer(&a, &alter);
    a.results[1].result = PDU_RESULT_NEGOTIATE_ACK;
    check(&alter, &a.pdu, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);

    /* NULL arguments. */
    make_answer(&a, &request);
    ok(client_bind_process(&request, &a.pdu, NULL) == CLIENT_BIND_S_INVALID_ARG, "NULL result\n");
    check(NULL, &a.pdu, CLIENT_BIND_S_INVALID_ARG, 0, 0, __LINE__);
    check(&request, NULL, CLIENT_BIND_S_INVALID_ARG, 0, 0, __LINE__);
}

/* Encodes pdu, decodes it into *out; 0 on failure. */
static int wire(const struct pdu *pdu, uint8_t *buf, size_t size, struct pdu *out)
{
    size_t written;

    return pdu_encode(pdu, buf, size, &written) == PDU_OK && pdu_decode(buf, written, out) == PDU_OK;
}

/* Our client against our server, over the wire encoding, for a matrix of versions and NDR64 support. */
static void test_with_server(void)
{
    static const struct { uint16_t major, minor; } server_versions[] = { { 1, 0 }, { 1, 2 }, { 2, 0 } };
    static const struct { uint16_t major, minor; } client_versions[] = { { 1, 0 }, { 1, 1 }, { 1, 3 }, { 2, 0 } };
    struct server_reply_interface iface;
    struct server_reply_limits limits;
    struct client_bind_params params;
    struct client_bind_request request;
    struct client_bind_result result;
    struct pdu sent, reply, received;
    enum server_reply_status st;
    uint8_t buf1[512], buf2[512];
    unsigned int sv, cv, sndr, cndr, alter, runs = 0, failures = 0;
    char first[160] = "";
    int compatible, expect_ndr64;
    uint32_t expect;

    memset(&limits, 0, sizeof(limits));
    limits.max_xmit_frag = 4280;
    limits.max_recv_frag = 5840;
    limits.assoc_group_id = 0x4321;
    limits.assoc_group_known = 1;
    limits.secondary_address = "135";
    limits.features = SERVER_REPLY_FEATURES;
    for (sv = 0; sv < 3; sv++)
    for (cv = 0; cv < 4; cv++)
    for (sndr = 0; sndr < 2; sndr++)
    for (cndr = 0; cndr < 2; cndr++)
    for (alter = 0; alter < 2; alter++)
    {
        memcpy(iface.uuid, peer_if.uuid, 16);
        iface.version_major = server_versions[sv].major;
        iface.version_minor = server_versions[sv].minor;
        iface.ndr64 = sndr;
        params = default_params(alter, cndr);
        params.abstract_syntax.version_major = client_versions[cv].major;
        params.abstract_syntax.version_minor = client_versions[cv].minor;
        params.call_id = 100 + runs;
        if (alter) params.max_xmit_frag = params.max_recv_frag = 4280;
        compatible = iface.version_major == params.abstract_syntax.version_major
                     && params.abstract_syntax.version_minor <= iface.version_minor;
        expect = compatible ? CLIENT_BIND_S_OK : CLIENT_BIND_S_UNKNOWN_IF;
        expect_ndr64 = compatible && sndr && cndr;
        runs++;

        client_bind_build(&params, &request);
        if (!wire(&request.pdu, buf1, sizeof(buf1), &sent))
        {
            if (!failures++) snprintf(first, sizeof(first), "run %u: request encoding", runs);
            continue;
        }
        st = server_reply_bind(&sent, &iface, 1, &limits, &reply, NULL);
        if (st != SERVER_REPLY_OK || !wire(&reply, buf2, sizeof(buf2), &received))
        {
            if (!failures++) snprintf(first, sizeof(first), "run %u: server status %d", runs, st);
            server_reply_release(&reply);
            pdu_release(&sent);
            continue;
        }
        client_bind_process(&request, &received, &result);
        if (result.status != expect || result.call_id_quirk
            || (expect == CLIENT_BIND_S_OK
                && (result.ndr64 != expect_ndr64 || result.context_id != params.first_context_id + expect_ndr64
                    || result.max_xmit_frag != (alter ? 4280 : 5840) || result.max_recv_frag != 4280
                    || result.assoc_group_id != (alter ? 0x77u : 0x4321u)
                    || result.features_negotiated != !alter
                    || result.features != (alter ? 0 : PDU_FEATURE_KEEP_CONNECTION_ON_ORPHAN))))
        {
            if (!failures++)
                snprintf(first, sizeof(first), "run %u (sv %u cv %u sndr %u cndr %u alter %u): status %u ndr64 %d "
                         "context %u frags %u/%u group %#x features %d/%#x", runs, sv, cv, sndr, cndr, alter,
                         result.status, result.ndr64, result.context_id, result.max_xmit_frag,
                         result.max_recv_frag, result.assoc_group_id, result.features_negotiated, result.features);
        }
        pdu_release(&received);
        server_reply_release(&reply);
        pdu_release(&sent);
    }
    ok(!failures, "%u of %u negotiations failed, the first %s\n", failures, runs, first);
}

/* Reads and decodes a captured PDU; 0 if it cannot. *data must be freed after pdu_release. */
static int read_vector(const char *name, uint8_t **data, struct pdu *pdu)
{
    char path[256];
    FILE *f;
    long size;
    int good = 0;

    *data = NULL;
    snprintf(path, sizeof(path), "tests/host/vectors/wine/%s", name);
    if (!(f = fopen(path, "rb"))) return 0;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0
        && (*data = malloc(size)) && fread(*data, 1, size, f) == (size_t)size)
        good = pdu_decode(*data, size, pdu) == PDU_OK;
    fclose(f);
    if (!good)
    {
        free(*data);
        *data = NULL;
    }
    return good;
}

/* The answers of Wine's builtin server. It answers one result per context, deciding each alone: the
 * probe's bind (030) shows what it gives an NDR64-only context and the negotiation entry (both a
 * provider rejection, reason 2); its other bind_acks answer one NDR context. Our request gets, per
 * context, the result the builtin gave the same kind of context, inside each captured ack (its call id
 * 1, sizes and group); our request carries call id 9, so the quirk is met. */
static void test_wine_vectors(void)
{
    static const struct { const char *file; uint32_t status; } acks[] =
    {
        { "002-srv-bind_ack.bin", CLIENT_BIND_S_OK },
        { "020-srv-bind_ack.bin", CLIENT_BIND_S_OK },
        { "024-srv-bind_ack.bin", CLIENT_BIND_S_OK },
        { "029-srv-bind_ack.bin", CLIENT_BIND_S_UNKNOWN_IF },   /* the interface it lacks */
        { "052-srv-bind_ack.bin", CLIENT_BIND_S_OK },
        { "055-srv-bind_ack.bin", CLIENT_BIND_S_OK },
        { "059-srv-bind_ack.bin", CLIENT_BIND_S_OK },
        { "063-srv-bind_ack.bin", CLIENT_BIND_S_OK },
        { "068-srv-bind_ack.bin", CLIENT_BIND_S_OK },
    };
    struct client_bind_request request;
    struct client_bind_params params;
    struct client_bind_result result;
    struct pdu probe_bind, probe_ack, ack, answer;
    struct pdu_result results[CLIENT_BIND_MAX_CONTEXTS];
    uint8_t *probe_bind_data, *probe_ack_data, *data;
    unsigned int i, ndr64, j;

    if (!read_vector("030-probe-bind.bin", &probe_bind_data, &probe_bind)
        || !read_vector("031-srv-bind_ack.bin", &probe_ack_data, &probe_ack))
    {
        ok(0, "cannot read 030/031\n");
        return;
    }

    /* The probe's own bind and the builtin's answer to it, as they are: three contexts, one with NDR64
     * then NDR (accepted: NDR), the negotiation rejected. */
    memset(&request, 0, sizeof(request));
    request.params = default_params(0, 1);
    request.params.call_id = probe_bind.header.call_id;
    request.pdu = probe_bind;
    request.negotiation_index = 2;
    result = check(&request, &probe_ack, CLIENT_BIND_S_OK, 1, 0, __LINE__);
    ok(!result.features_negotiated && result.max_xmit_frag == 5840 && result.max_recv_frag == 5840
       && result.assoc_group_id == probe_ack.u.bind_ack.assoc_group_id, "031: features %d frags %u %u group %u\n",
       result.features_negotiated, result.max_xmit_frag, result.max_recv_frag, result.assoc_group_id);

    for (i = 0; i < sizeof(acks) / sizeof(acks[0]); i++)
    {
        if (!read_vector(acks[i].file, &data, &ack))
        {
            ok(0, "cannot read %s\n", acks[i].file);
            continue;
        }
        for (ndr64 = 0; ndr64 < 2; ndr64++)
        {
            params = default_params(0, ndr64);
            params.call_id = 9;
            client_bind_build(&params, &request);
            answer = ack;
            answer.u.bind_ack.result_count = request.pdu.u.bind.context_count;
            answer.u.bind_ack.results = results;
            for (j = 0; j < request.pdu.u.bind.context_count; j++)
            {
                if ((int)j == request.negotiation_index) results[j] = probe_ack.u.bind_ack.results[2];
                else if (j) results[j] = probe_ack.u.bind_ack.results[0];
                else results[j] = ack.u.bind_ack.results[0];
            }
            result = check(&request, &answer, acks[i].status, 0, 0, __LINE__);
            ok(result.call_id_quirk, "%s: no quirk\n", acks[i].file);
            if (result.status == CLIENT_BIND_S_OK)
                ok(!result.features_negotiated && result.max_xmit_frag == 5840 && result.max_recv_frag == 5840
                   && result.assoc_group_id == ack.u.bind_ack.assoc_group_id, "%s: features %d frags %u %u group %u\n",
                   acks[i].file, result.features_negotiated, result.max_xmit_frag, result.max_recv_frag,
                   result.assoc_group_id);
        }
        /* Unchanged, its one result does not answer our two or three contexts. */
        check(&request, &ack, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
        pdu_release(&ack);
        free(data);
    }

    /* The bind_ack with no results (to a bind with none, which we never send). */
    if (read_vector("050-srv-bind_ack.bin", &data, &ack))
    {
        request.params.call_id = 1;
        check(&request, &ack, CLIENT_BIND_S_PROTOCOL_ERROR, 0, 0, __LINE__);
        pdu_release(&ack);
        free(data);
    }
    else ok(0, "cannot read 050\n");

    /* Its bind_naks: reason 0, call id 1. */
    for (i = 0; i < 2; i++)
    {
        if (!read_vector(i ? "046-srv-bind_nak.bin" : "044-srv-bind_nak.bin", &data, &ack))
        {
            ok(0, "cannot read nak %u\n", i);
            continue;
        }
        result = check(&request, &ack, CLIENT_BIND_S_CALL_FAILED_DNE, 0, 0, __LINE__);
        ok(result.server_reason == 0 && result.call_id_quirk == (request.params.call_id != 1),
           "nak %u: reason %u quirk %d\n", i, result.server_reason, result.call_id_quirk);
        request.params.call_id = 9;
        pdu_release(&ack);
        free(data);
    }
    pdu_release(&probe_ack);
    pdu_release(&probe_bind);
    free(probe_ack_data);
    free(probe_bind_data);
}

START_TEST(client_bind)
{
    test_build();
    test_accept();
    test_frag_sizes_and_groups();
    test_rejections();
    test_nak_and_fault();
    test_protocol_errors();
    test_with_server();
    test_wine_vectors();
}
