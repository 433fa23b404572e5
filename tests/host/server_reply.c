/* server_reply.c (host test): the server's bind/alter_context/fault decisions, field by field, round-tripped. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pdu.h"
#include "portable_alloc.h"
#include "server_reply.h"
#include "test.h"
#include "pdu_compare.h"

/* The interfaces of the captured Wine conversation (tools/capture/peer.c): 6b1d4e2a-3c57-4f0e-9a61-
 * 0c5e2f7d8b10 v1.0 and ...8b11 v2.1; ...8b12 is the one the server lacks. GUID memory layout. */
#define PEER_UUID(last) \
    { 0x2a, 0x4e, 0x1d, 0x6b, 0x57, 0x3c, 0x0e, 0x4f, 0x9a, 0x61, 0x0c, 0x5e, 0x2f, 0x7d, 0x8b, last }

static const struct server_reply_interface peer_ifs[] =
{
    { PEER_UUID(0x10), 1, 0, 0 },
    { PEER_UUID(0x11), 2, 1, 0 },
};

/* A made-up interface taking NDR64 too, registered at v3.2. */
static const struct server_reply_interface ndr64_if = { PEER_UUID(0x20), 3, 2, 1 };

static const struct pdu_syntax zero_syntax;
static const char endpoint[] = "135";

static struct server_reply_limits default_limits(void)
{
    struct server_reply_limits limits;

    memset(&limits, 0, sizeof(limits));
    limits.max_xmit_frag = 5840;
    limits.max_recv_frag = 5840;
    limits.assoc_group_id = 0x12345;
    limits.assoc_group_known = 1;
    limits.secondary_address = endpoint;
    limits.features = SERVER_REPLY_FEATURES;
    return limits;
}

static struct pdu_syntax iface_syntax(const struct server_reply_interface *iface, uint16_t major, uint16_t minor)
{
    struct pdu_syntax s;

    memcpy(s.uuid, iface->uuid, 16);
    s.version_major = major;
    s.version_minor = minor;
    return s;
}

static void make_bind(struct pdu *pdu, uint8_t type, uint32_t call_id, const struct pdu_context *contexts,
                      uint8_t count)
{
    memset(pdu, 0, sizeof(*pdu));
    pdu->header.type = type;
    pdu->header.flags = PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG;
    pdu->header.call_id = call_id;
    pdu->u.bind.max_xmit_frag = 5840;
    pdu->u.bind.max_recv_frag = 5840;
    pdu->u.bind.context_count = count;
    pdu->u.bind.contexts = contexts;
}

static void make_context(struct pdu_context *c, uint16_t id, struct pdu_syntax abstract, const struct pdu_syntax *ts,
                         uint8_t count)
{
    c->context_id = id;
    c->abstract_syntax = abstract;
    c->transfer_syntaxes = ts;
    c->transfer_count = count;
}

/* Encodes the reply, decodes it again and checks both agree field by field and with pdu_encoded_size. */
static void round_trip(const struct pdu *reply, int line)
{
    size_t size = pdu_encoded_size(reply), written = 0;
    uint8_t *buf = malloc(size ? size : 1);
    enum pdu_status status;
    struct pdu decoded;
    const char *diff;

    status = pdu_encode(reply, buf, size, &written);
    ok(status == PDU_OK && written == size, "line %d: encode %s, %zu of %zu\n", line, pdu_status_name(status),
       written, size);
    if (status == PDU_OK)
    {
        status = pdu_decode(buf, written, &decoded);
        ok(status == PDU_OK, "line %d: decode %s\n", line, pdu_status_name(status));
        if (status == PDU_OK)
        {
            diff = pdu_difference(reply, &decoded);
            ok(!diff, "line %d: round trip differs in %s\n", line, diff ? diff : "");
            ok(pdu_check_direction(decoded.header.type, 0) == PDU_OK, "line %d: type %u is not for a client\n",
               line, decoded.header.type);
            pdu_release(&decoded);
        }
    }
    free(buf);
}

static int check_result(const struct pdu *reply, unsigned int i, uint16_t result, uint16_t reason,
                        const struct pdu_syntax *syntax, int line)
{
    const struct pdu_result *r;

    if (i >= reply->u.bind_ack.result_count)
        return ok(0, "line %d: no result %u of %u\n", line, i, reply->u.bind_ack.result_count);
    r = &reply->u.bind_ack.results[i];
    return ok(r->result == result && r->reason == reason && pdu_syntax_equal(&r->transfer_syntax, syntax),
              "line %d: result %u: got %u reason %u syntax v%u.%u, expected %u reason %u v%u.%u\n", line, i,
              r->result, r->reason, r->transfer_syntax.version_major, r->transfer_syntax.version_minor, result,
              reason, syntax->version_major, syntax->version_minor);
}

/* One context with NDR for a known interface: accepted, every field of the bind_ack as expected. */
static void test_accept(void)
{
    struct server_reply_limits limits = default_limits();
    struct pdu_context ctx;
    struct pdu bind, reply;
    enum server_reply_status st;
    uint16_t features = 0xcccc;

    make_context(&ctx, 3, iface_syntax(&peer_ifs[0], 1, 0), &pdu_syntax_ndr, 1);
    make_bind(&bind, PDU_TYPE_BIND, 7, &ctx, 1);
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, &features);
    ok(st == SERVER_REPLY_OK, "status %d\n", st);
    ok(features == 0, "features %#x\n", features);
    ok(reply.header.type == PDU_TYPE_BIND_ACK, "type %u\n", reply.header.type);
    ok(reply.header.flags == (PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG), "flags %#x\n", reply.header.flags);
    ok(reply.header.call_id == 7, "call id %u: must echo the bind's\n", reply.header.call_id);
    ok(reply.u.bind_ack.max_xmit_frag == 5840 && reply.u.bind_ack.max_recv_frag == 5840, "frags %u %u\n",
       reply.u.bind_ack.max_xmit_frag, reply.u.bind_ack.max_recv_frag);
    ok(reply.u.bind_ack.assoc_group_id == 0x12345, "group %#x\n", reply.u.bind_ack.assoc_group_id);
    ok(reply.u.bind_ack.secondary_address_length == 4
       && !memcmp(reply.u.bind_ack.secondary_address, "135", 4), "secondary address length %u\n",
       reply.u.bind_ack.secondary_address_length);
    ok(reply.u.bind_ack.result_count == 1, "results %u\n", reply.u.bind_ack.result_count);
    check_result(&reply, 0, PDU_RESULT_ACCEPTANCE, 0, &pdu_syntax_ndr, __LINE__);
    round_trip(&reply, __LINE__);
    server_reply_release(&reply);
    ok(reply.u.bind_ack.results == NULL && reply.header.type == 0, "release did not clear the reply\n");

    /* No secondary address asked for: none sent. */
    limits.secondary_address = NULL;
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_OK && reply.u.bind_ack.secondary_address_length == 0, "status %d, length %u\n", st,
       reply.u.bind_ack.secondary_address_length);
    round_trip(&reply, __LINE__);
    server_reply_release(&reply);

    /* A pipe endpoint as the secondary address. */
    limits.secondary_address = "\\PIPE\\lsass";
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_OK && reply.u.bind_ack.secondary_address_length == 12, "status %d, length %u\n", st,
       reply.u.bind_ack.secondary_address_length);
    round_trip(&reply, __LINE__);
    server_reply_release(&reply);
}

/* Abstract syntax rules: unknown uuid, major mismatch and a client minor above ours are rejected with
 * reason 1; a client minor below ours is accepted. */
static void test_versions(void)
{
    static const struct { uint16_t major, minor; int accepted; } cases[] =
    {
        { 2, 1, 1 }, { 2, 0, 1 }, { 2, 2, 0 }, { 1, 1, 0 }, { 3, 1, 0 }, { 1, 0, 0 },
    };
    struct server_reply_limits limits = default_limits();
    struct server_reply_interface unknown = peer_ifs[0];
    struct pdu_context ctx;
    struct pdu bind, reply;
    enum server_reply_status st;
    unsigned int i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        make_context(&ctx, 0, iface_syntax(&peer_ifs[1], cases[i].major, cases[i].minor), &pdu_syntax_ndr, 1);
        make_bind(&bind, PDU_TYPE_BIND, 2, &ctx, 1);
        st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
        ok(st == SERVER_REPLY_OK, "%u: status %d\n", i, st);
        if (cases[i].accepted) check_result(&reply, 0, PDU_RESULT_ACCEPTANCE, 0, &pdu_syntax_ndr, __LINE__);
        else check_result(&reply, 0, PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_ABSTRACT_SYNTAX_NOT_SUPPORTED,
                          &zero_syntax, __LINE__);
        round_trip(&reply, __LINE__);
        server_reply_release(&reply);
    }

    unknown.uuid[0] ^= 0xff;
    make_context(&ctx, 0, iface_syntax(&unknown, 1, 0), &pdu_syntax_ndr, 1);
    make_bind(&bind, PDU_TYPE_BIND, 2, &ctx, 1);
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_OK, "status %d\n", st);
    check_result(&reply, 0, PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_ABSTRACT_SYNTAX_NOT_SUPPORTED, &zero_syntax,
                 __LINE__);
    server_reply_release(&reply);

    /* No interface registered at all. */
    st = server_reply_bind(&bind, NULL, 0, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_OK, "status %d\n", st);
    check_result(&reply, 0, PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_ABSTRACT_SYNTAX_NOT_SUPPORTED, &zero_syntax,
                 __LINE__);
    server_reply_release(&reply);
}

/* Transfer syntaxes: none we take gives reason 2; NDR64 only where the interface takes it, and then it is
 * preferred; at most one context per interface is accepted. */
static void test_transfer_syntaxes(void)
{
    struct server_reply_limits limits = default_limits();
    struct pdu_syntax bogus = pdu_syntax_ndr, both[2], both_rev[2];
    struct server_reply_interface ifs[3];
    struct pdu_context ctx[4];
    struct pdu bind, reply;
    enum server_reply_status st;

    ifs[0] = peer_ifs[0];
    ifs[1] = peer_ifs[1];
    ifs[2] = ndr64_if;
    bogus.version_major = 1;   /* NDR v1.0: not ours */
    both[0] = pdu_syntax_ndr;
    both[1] = pdu_syntax_ndr64;
    both_rev[0] = pdu_syntax_ndr64;
    both_rev[1] = pdu_syntax_ndr;

    /* NDR64 offered to an interface without it, and an unknown syntax: reason 2. */
    make_context(&ctx[0], 0, iface_syntax(&ifs[0], 1, 0), &pdu_syntax_ndr64, 1);
    make_context(&ctx[1], 1, iface_syntax(&ifs[1], 2, 1), &bogus, 1);
    /* NDR64 then NDR in one context, interface without NDR64: NDR. */
    make_context(&ctx[2], 2, iface_syntax(&ifs[0], 1, 0), both_rev, 2);
    /* NDR then NDR64 in one context, interface with NDR64: NDR64 (the preferred one). */
    make_context(&ctx[3], 3, iface_syntax(&ifs[2], 3, 0), both, 2);
    make_bind(&bind, PDU_TYPE_BIND, 9, ctx, 4);
    st = server_reply_bind(&bind, ifs, 3, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_OK, "status %d\n", st);
    check_result(&reply, 0, PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED,
                 &zero_syntax, __LINE__);
    check_result(&reply, 1, PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED,
                 &zero_syntax, __LINE__);
    check_result(&reply, 2, PDU_RESULT_ACCEPTANCE, 0, &pdu_syntax_ndr, __LINE__);
    check_result(&reply, 3, PDU_RESULT_ACCEPTANCE, 0, &pdu_syntax_ndr64, __LINE__);
    round_trip(&reply, __LINE__);
    server_reply_release(&reply);

    /* The Windows client's way: NDR in one context, NDR64 in the next, same interface. With NDR64 the
     * second wins and the first is rejected; without, the first wins and the second is rejected. */
    make_context(&ctx[0], 0, iface_syntax(&ifs[2], 3, 2), &pdu_syntax_ndr, 1);
    make_context(&ctx[1], 1, iface_syntax(&ifs[2], 3, 2), &pdu_syntax_ndr64, 1);
    make_bind(&bind, PDU_TYPE_BIND, 9, ctx, 2);
    st = server_reply_bind(&bind, ifs, 3, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_OK, "status %d\n", st);
    check_result(&reply, 0, PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED,
                 &zero_syntax, __LINE__);
    check_result(&reply, 1, PDU_RESULT_ACCEPTANCE, 0, &pdu_syntax_ndr64, __LINE__);
    round_trip(&reply, __LINE__);
    server_reply_release(&reply);

    ifs[2].ndr64 = 0;
    st = server_reply_bind(&bind, ifs, 3, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_OK, "status %d\n", st);
    check_result(&reply, 0, PDU_RESULT_ACCEPTANCE, 0, &pdu_syntax_ndr, __LINE__);
    check_result(&reply, 1, PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED,
                 &zero_syntax, __LINE__);
    server_reply_release(&reply);

    /* Two contexts both with NDR for one interface: only the first is accepted. Different interfaces
     * are each accepted. */
    make_context(&ctx[0], 0, iface_syntax(&ifs[0], 1, 0), &pdu_syntax_ndr, 1);
    make_context(&ctx[1], 1, iface_syntax(&ifs[0], 1, 0), &pdu_syntax_ndr, 1);
    make_context(&ctx[2], 2, iface_syntax(&ifs[1], 2, 1), &pdu_syntax_ndr, 1);
    make_bind(&bind, PDU_TYPE_BIND, 9, ctx, 3);
    st = server_reply_bind(&bind, ifs, 3, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_OK, "status %d\n", st);
    check_result(&reply, 0, PDU_RESULT_ACCEPTANCE, 0, &pdu_syntax_ndr, __LINE__);
    check_result(&reply, 1, PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED,
                 &zero_syntax, __LINE__);
    check_result(&reply, 2, PDU_RESULT_ACCEPTANCE, 0, &pdu_syntax_ndr, __LINE__);
    server_reply_release(&reply);

    /* A context with no transfer syntax at all. */
    make_context(&ctx[0], 0, iface_syntax(&ifs[0], 1, 0), NULL, 0);
    make_bind(&bind, PDU_TYPE_BIND, 9, ctx, 1);
    st = server_reply_bind(&bind, ifs, 3, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_OK, "status %d\n", st);
    check_result(&reply, 0, PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED,
                 &zero_syntax, __LINE__);
    server_reply_release(&reply);
}

/* Bind time feature negotiation: negotiate_ack with the common features, never a provider rejection. */
static void test_features(void)
{
    static const struct { uint16_t offered, ours, expected; } cases[] =
    {
        { 0x0003, SERVER_REPLY_FEATURES, 0x0002 },
        { 0x0001, SERVER_REPLY_FEATURES, 0x0000 },
        { 0x0002, SERVER_REPLY_FEATURES, 0x0002 },
        { 0x0003, 0x0003, 0x0003 },
        { 0xff03, SERVER_REPLY_FEATURES, 0x0002 },   /* unknown bits are never acked */
    };
    struct server_reply_limits limits = default_limits();
    struct pdu_syntax negotiation, negotiation2;
    struct pdu_context ctx[3];
    struct pdu bind, reply;
    enum server_reply_status st;
    uint16_t features;
    unsigned int i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        pdu_syntax_make_features(cases[i].offered, &negotiation);
        limits.features = cases[i].ours;
        make_context(&ctx[0], 0, iface_syntax(&peer_ifs[0], 1, 0), &pdu_syntax_ndr, 1);
        make_context(&ctx[1], 1, iface_syntax(&peer_ifs[0], 1, 0), &negotiation, 1);
        make_bind(&bind, PDU_TYPE_BIND, 4, ctx, 2);
        features = 0xcccc;
        st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, &features);
        ok(st == SERVER_REPLY_OK, "%u: status %d\n", i, st);
        ok(features == cases[i].expected, "%u: features %#x\n", i, features);
        check_result(&reply, 0, PDU_RESULT_ACCEPTANCE, 0, &pdu_syntax_ndr, __LINE__);
        check_result(&reply, 1, PDU_RESULT_NEGOTIATE_ACK, cases[i].expected, &zero_syntax, __LINE__);
        round_trip(&reply, __LINE__);
        server_reply_release(&reply);
    }

    /* A second negotiation context is an ordinary one (whose syntax we do not take). */
    limits.features = SERVER_REPLY_FEATURES;
    pdu_syntax_make_features(3, &negotiation);
    pdu_syntax_make_features(1, &negotiation2);
    make_context(&ctx[0], 0, iface_syntax(&peer_ifs[0], 1, 0), &pdu_syntax_ndr, 1);
    make_context(&ctx[1], 1, iface_syntax(&peer_ifs[0], 1, 0), &negotiation, 1);
    make_context(&ctx[2], 2, iface_syntax(&peer_ifs[0], 1, 0), &negotiation2, 1);
    make_bind(&bind, PDU_TYPE_BIND, 4, ctx, 3);
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, &features);
    ok(st == SERVER_REPLY_OK && features == 2, "status %d, features %#x\n", st, features);
    check_result(&reply, 1, PDU_RESULT_NEGOTIATE_ACK, 2, &zero_syntax, __LINE__);
    check_result(&reply, 2, PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED,
                 &zero_syntax, __LINE__);
    server_reply_release(&reply);

    /* alter_context does not negotiate features: the context is an ordinary one. */
    make_bind(&bind, PDU_TYPE_ALTER_CONTEXT, 5, ctx, 2);
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, &features);
    ok(st == SERVER_REPLY_OK && features == 0, "status %d, features %#x\n", st, features);
    check_result(&reply, 1, PDU_RESULT_PROVIDER_REJECTION, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED,
                 &zero_syntax, __LINE__);
    server_reply_release(&reply);
}

static void check_nak(const struct pdu *reply, uint32_t call_id, uint16_t reason, int line)
{
    ok(reply->header.type == PDU_TYPE_BIND_NAK, "line %d: type %u\n", line, reply->header.type);
    ok(reply->header.call_id == call_id, "line %d: call id %u\n", line, reply->header.call_id);
    ok(reply->u.bind_nak.reject_reason == reason, "line %d: reason %u, expected %u\n", line,
       reply->u.bind_nak.reject_reason, reason);
    ok(reply->u.bind_nak.version_count == 1 && reply->u.bind_nak.versions[0].major == 5
       && reply->u.bind_nak.versions[0].minor == 0, "line %d: versions\n", line);
    ok(!reply->u.bind_nak.has_signature, "line %d: signature\n", line);
    round_trip(reply, line);
}

/* Fragment sizes: the smaller of both sides; below 1432 a bind_nak. */
static void test_frag_sizes(void)
{
    static const struct { uint16_t cx, cr, sx, sr; int nak; uint16_t ax, ar; } cases[] =
    {
        /* client xmit, client recv, server xmit, server recv -> ack xmit (ours), ack recv (ours) */
        { 5840, 5840, 5840, 5840, 0, 5840, 5840 },
        { 4280, 2048, 5840, 5840, 0, 2048, 4280 },
        { 65535, 65535, 5840, 4096, 0, 5840, 4096 },
        { 1432, 1432, 5840, 5840, 0, 1432, 1432 },
        { 1431, 5840, 5840, 5840, 1, 0, 0 },
        { 5840, 1000, 5840, 5840, 1, 0, 0 },
        { 0, 0, 5840, 5840, 1, 0, 0 },
    };
    struct server_reply_limits limits = default_limits();
    struct pdu_context ctx;
    struct pdu bind, reply;
    enum server_reply_status st;
    unsigned int i;

    make_context(&ctx, 0, iface_syntax(&peer_ifs[0], 1, 0), &pdu_syntax_ndr, 1);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        make_bind(&bind, PDU_TYPE_BIND, 100 + i, &ctx, 1);
        bind.u.bind.max_xmit_frag = cases[i].cx;
        bind.u.bind.max_recv_frag = cases[i].cr;
        limits.max_xmit_frag = cases[i].sx;
        limits.max_recv_frag = cases[i].sr;
        st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
        if (cases[i].nak)
        {
            ok(st == SERVER_REPLY_REJECTED, "%u: status %d\n", i, st);
            check_nak(&reply, 100 + i, PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED, __LINE__);
        }
        else
        {
            ok(st == SERVER_REPLY_OK, "%u: status %d\n", i, st);
            ok(reply.u.bind_ack.max_xmit_frag == cases[i].ax && reply.u.bind_ack.max_recv_frag == cases[i].ar,
               "%u: got %u %u\n", i, reply.u.bind_ack.max_xmit_frag, reply.u.bind_ack.max_recv_frag);
        }
        server_reply_release(&reply);
    }

    /* alter_context repeats the connection's sizes, whatever it carries. */
    limits.max_xmit_frag = 4280;
    limits.max_recv_frag = 2048;
    make_bind(&bind, PDU_TYPE_ALTER_CONTEXT, 8, &ctx, 1);
    bind.u.bind.max_xmit_frag = bind.u.bind.max_recv_frag = 0;
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_OK && reply.u.bind_ack.max_xmit_frag == 4280 && reply.u.bind_ack.max_recv_frag == 2048,
       "status %d, got %u %u\n", st, reply.u.bind_ack.max_xmit_frag, reply.u.bind_ack.max_recv_frag);
    server_reply_release(&reply);
}

/* Association groups: 0 gets the new group, a known id is kept, an unknown one is nak'ed (reason 0). */
static void test_assoc_groups(void)
{
    struct server_reply_limits limits = default_limits();
    struct pdu_context ctx;
    struct pdu bind, reply;
    enum server_reply_status st;

    make_context(&ctx, 0, iface_syntax(&peer_ifs[0], 1, 0), &pdu_syntax_ndr, 1);
    make_bind(&bind, PDU_TYPE_BIND, 11, &ctx, 1);
    limits.assoc_group_known = 0;   /* ignored for an offered 0 */
    limits.assoc_group_id = 0x777;
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_OK && reply.u.bind_ack.assoc_group_id == 0x777, "status %d, group %#x\n", st,
       reply.u.bind_ack.assoc_group_id);
    server_reply_release(&reply);

    bind.u.bind.assoc_group_id = 0x777;
    limits.assoc_group_known = 1;
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_OK && reply.u.bind_ack.assoc_group_id == 0x777, "status %d, group %#x\n", st,
       reply.u.bind_ack.assoc_group_id);
    server_reply_release(&reply);

    bind.u.bind.assoc_group_id = 0x1234567;
    limits.assoc_group_known = 0;
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_REJECTED, "status %d\n", st);
    check_nak(&reply, 11, PDU_REJECT_REASON_NOT_SPECIFIED, __LINE__);
    server_reply_release(&reply);

    /* alter_context: the connection's group, no secondary address, never a nak. */
    make_bind(&bind, PDU_TYPE_ALTER_CONTEXT, 12, &ctx, 1);
    bind.u.bind.assoc_group_id = 0x1234567;
    limits.assoc_group_id = 0x777;
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_OK, "status %d\n", st);
    ok(reply.header.type == PDU_TYPE_ALTER_CONTEXT_RESP && reply.header.call_id == 12, "type %u call id %u\n",
       reply.header.type, reply.header.call_id);
    ok(reply.u.bind_ack.assoc_group_id == 0x777, "group %#x\n", reply.u.bind_ack.assoc_group_id);
    ok(reply.u.bind_ack.secondary_address_length == 0, "secondary address %u\n",
       reply.u.bind_ack.secondary_address_length);
    check_result(&reply, 0, PDU_RESULT_ACCEPTANCE, 0, &pdu_syntax_ndr, __LINE__);
    round_trip(&reply, __LINE__);
    server_reply_release(&reply);
}

static void check_fault(const struct pdu *reply, uint32_t call_id, uint16_t context_id, uint32_t status,
                        uint8_t flags, int line)
{
    ok(reply->header.type == PDU_TYPE_FAULT, "line %d: type %u\n", line, reply->header.type);
    ok(reply->header.flags == flags, "line %d: flags %#x, expected %#x\n", line, reply->header.flags, flags);
    ok(reply->header.call_id == call_id, "line %d: call id %u\n", line, reply->header.call_id);
    ok(reply->u.fault.context_id == context_id, "line %d: context id %u\n", line, reply->u.fault.context_id);
    ok(reply->u.fault.status == status, "line %d: status %#x, expected %#x\n", line, reply->u.fault.status, status);
    ok(reply->u.fault.alloc_hint == 0 && reply->u.fault.cancel_count == 0 && reply->u.fault.flags == 0
       && reply->stub_length == 0 && reply->auth.length == 0, "line %d: not the plain layout\n", line);
    round_trip(reply, line);
}

/* Protocol errors and no contexts: a bind is nak'ed, an alter_context gets a fault. */
static void test_protocol_errors(void)
{
    struct server_reply_limits limits = default_limits();
    struct pdu bind, reply, request;
    enum server_reply_status st;
    enum pdu_reply kind;

    make_bind(&bind, PDU_TYPE_BIND, 21, NULL, 0);
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_REJECTED, "status %d\n", st);
    check_nak(&reply, 21, PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED, __LINE__);
    server_reply_release(&reply);

    make_bind(&bind, PDU_TYPE_ALTER_CONTEXT, 22, NULL, 0);
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_REJECTED, "status %d\n", st);
    check_fault(&reply, 22, 0, PDU_NCA_S_PROTO_ERROR, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG
                | PDU_FLAG_DID_NOT_EXECUTE, __LINE__);
    server_reply_release(&reply);

    kind = server_reply_protocol_error(PDU_E_CONTEXT_COUNT, PDU_TYPE_BIND, 23, &reply);
    ok(kind == PDU_REPLY_BIND_NAK, "kind %d\n", kind);
    check_nak(&reply, 23, PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED, __LINE__);
    kind = server_reply_protocol_error(PDU_E_TOO_BIG, PDU_TYPE_BIND, 24, &reply);
    ok(kind == PDU_REPLY_BIND_NAK, "kind %d\n", kind);
    check_nak(&reply, 24, PDU_REJECT_LOCAL_LIMIT_EXCEEDED, __LINE__);
    kind = server_reply_protocol_error(PDU_E_MALFORMED, PDU_TYPE_ALTER_CONTEXT, 25, &reply);
    ok(kind == PDU_REPLY_FAULT, "kind %d\n", kind);
    check_fault(&reply, 25, 0, PDU_NCA_S_PROTO_ERROR, 0x23, __LINE__);
    kind = server_reply_protocol_error(PDU_E_AUTH_LENGTH, PDU_TYPE_REQUEST, 26, &reply);
    ok(kind == PDU_REPLY_FAULT, "kind %d\n", kind);
    check_fault(&reply, 26, 0, PDU_NCA_S_PROTO_ERROR, 0x23, __LINE__);
    kind = server_reply_protocol_error(PDU_E_INCOMPLETE, PDU_TYPE_REQUEST, 27, &reply);
    ok(kind == PDU_REPLY_NONE && reply.header.type == 0, "kind %d type %u\n", kind, reply.header.type);
    kind = server_reply_protocol_error(PDU_E_BUFFER_TOO_SMALL, PDU_TYPE_REQUEST, 28, &reply);
    ok(kind == PDU_REPLY_CLOSE && reply.header.type == 0, "kind %d type %u\n", kind, reply.header.type);

    /* Not a bind or alter_context, or no reply to fill. */
    memset(&request, 0, sizeof(request));
    request.header.type = PDU_TYPE_REQUEST;
    st = server_reply_bind(&request, peer_ifs, 2, &limits, &reply, NULL);
    ok(st == SERVER_REPLY_E_INVALID && reply.header.type == 0, "status %d\n", st);
    st = server_reply_bind(&bind, peer_ifs, 2, &limits, NULL, NULL);
    ok(st == SERVER_REPLY_E_INVALID, "status %d\n", st);
    st = server_reply_bind(&bind, peer_ifs, 2, NULL, &reply, NULL);
    ok(st == SERVER_REPLY_E_INVALID, "status %d\n", st);
    server_reply_release(NULL);
}

/* Request-level faults: exactly one fault, call id and context id echoed, not executed. */
static void test_request_faults(void)
{
    struct pdu request, reply;
    enum server_reply_status st;

    memset(&request, 0, sizeof(request));
    request.header.type = PDU_TYPE_REQUEST;
    request.header.flags = PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG;
    request.header.call_id = 0x31;
    request.u.request.context_id = 5;
    request.u.request.opnum = 4;

    st = server_reply_request_fault(&request, SERVER_REPLY_UNKNOWN_CONTEXT, &reply);
    ok(st == SERVER_REPLY_OK, "status %d\n", st);
    check_fault(&reply, 0x31, 5, PDU_NCA_S_UNK_IF, 0x23, __LINE__);
    st = server_reply_request_fault(&request, SERVER_REPLY_OPNUM_OUT_OF_RANGE, &reply);
    ok(st == SERVER_REPLY_OK, "status %d\n", st);
    check_fault(&reply, 0x31, 5, PDU_NCA_S_OP_RNG_ERROR, 0x23, __LINE__);
    st = server_reply_request_fault(&request, SERVER_REPLY_PROTOCOL_ERROR, &reply);
    ok(st == SERVER_REPLY_OK, "status %d\n", st);
    check_fault(&reply, 0x31, 5, PDU_NCA_S_PROTO_ERROR, 0x23, __LINE__);
    st = server_reply_request_fault(&request, (enum server_reply_failure)99, &reply);
    ok(st == SERVER_REPLY_E_INVALID && reply.header.type == 0, "status %d\n", st);
    request.header.type = PDU_TYPE_BIND;
    st = server_reply_request_fault(&request, SERVER_REPLY_PROTOCOL_ERROR, &reply);
    ok(st == SERVER_REPLY_E_INVALID && reply.header.type == 0, "status %d\n", st);

    /* A fault for an executed call that raised: no did-not-execute. */
    server_reply_fault(0x32, 1, PDU_NCA_S_FAULT_INT_DIV_BY_ZERO, 0, &reply);
    check_fault(&reply, 0x32, 1, PDU_NCA_S_FAULT_INT_DIV_BY_ZERO, 0x03, __LINE__);
}

/* Reads a whole file; NULL if it cannot. */
static uint8_t *read_vector(const char *name, size_t *length)
{
    char path[256];
    FILE *f;
    uint8_t *data = NULL;
    long size;

    snprintf(path, sizeof(path), "tests/host/vectors/wine/%s", name);
    if (!(f = fopen(path, "rb"))) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0
        && (data = malloc(size)) && fread(data, 1, size, f) == (size_t)size)
        *length = size;
    else
    {
        free(data);
        data = NULL;
    }
    fclose(f);
    return data;
}

/* What we answer to the binds captured from Wine's builtin client and to the probe's binds: what a
 * Windows server answers (see the vectors' README for what the builtin answered instead). */
static void test_wine_vectors(void)
{
    static const struct
    {
        const char *file;
        int group_known;          /* the offered group names one of ours */
        enum server_reply_status status;
        uint16_t nak_reason;      /* when REJECTED */
        uint8_t results;          /* when OK: result count, then each result and reason */
        uint16_t result[3], reason[3];
        int ndr[3];               /* the accepted syntax is NDR 2.0 */
    } cases[] =
    {
        { "001-cli-bind.bin", 0, SERVER_REPLY_OK, 0, 1, { 0 }, { 0 }, { 1 } },
        { "019-cli-bind.bin", 1, SERVER_REPLY_OK, 0, 1, { 0 }, { 0 }, { 1 } },
        { "023-cli-bind.bin", 1, SERVER_REPLY_OK, 0, 1, { 0 }, { 0 }, { 1 } },
        /* The interface the server lacks: a rejected result in a bind_ack. */
        { "027-cli-bind.bin", 1, SERVER_REPLY_OK, 0, 1, { 2 }, { 1 }, { 0 } },
        { "067-cli-bind.bin", 0, SERVER_REPLY_OK, 0, 1, { 0 }, { 0 }, { 1 } },
        /* 8b11 v2.1 with NDR64 only; 8b10 with NDR64 then NDR; the negotiation: negotiate_ack, not the
         * builtin's provider rejection. */
        { "030-probe-bind.bin", 0, SERVER_REPLY_OK, 0, 3, { 2, 0, 3 }, { 2, 0, 2 }, { 0, 1, 0 } },
        /* max frags 1000: a protocol error (the builtin says reason 0). */
        { "043-probe-bind.bin", 0, SERVER_REPLY_REJECTED, PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED,
          0, { 0 }, { 0 }, { 0 } },
        /* an unknown association group. */
        { "045-probe-bind.bin", 0, SERVER_REPLY_REJECTED, PDU_REJECT_REASON_NOT_SPECIFIED,
          0, { 0 }, { 0 }, { 0 } },
        /* no contexts: a protocol error (the builtin acks with no results). */
        { "049-probe-bind.bin", 0, SERVER_REPLY_REJECTED, PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED,
          0, { 0 }, { 0 }, { 0 } },
    };
    struct server_reply_limits limits = default_limits();
    struct pdu bind, reply;
    enum server_reply_status st;
    enum pdu_status ps;
    unsigned int i, j;
    uint8_t *data;
    size_t length = 0;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        if (!(data = read_vector(cases[i].file, &length)))
        {
            ok(0, "cannot read %s\n", cases[i].file);
            continue;
        }
        ps = pdu_decode(data, length, &bind);
        ok(ps == PDU_OK, "%s: decode %s\n", cases[i].file, pdu_status_name(ps));
        if (ps != PDU_OK)
        {
            free(data);
            continue;
        }
        limits.assoc_group_known = cases[i].group_known;
        limits.assoc_group_id = bind.u.bind.assoc_group_id ? bind.u.bind.assoc_group_id : 0x4242;
        st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
        ok(st == cases[i].status, "%s: status %d\n", cases[i].file, st);
        ok(reply.header.call_id == bind.header.call_id, "%s: call id %u of %u\n", cases[i].file,
           reply.header.call_id, bind.header.call_id);
        if (st == SERVER_REPLY_REJECTED) check_nak(&reply, bind.header.call_id, cases[i].nak_reason, __LINE__);
        else if (st == SERVER_REPLY_OK)
        {
            ok(reply.u.bind_ack.result_count == cases[i].results, "%s: %u results\n", cases[i].file,
               reply.u.bind_ack.result_count);
            ok(reply.u.bind_ack.assoc_group_id == limits.assoc_group_id, "%s: group %#x\n", cases[i].file,
               reply.u.bind_ack.assoc_group_id);
            ok(reply.u.bind_ack.max_xmit_frag == 5840 && reply.u.bind_ack.max_recv_frag == 5840, "%s: frags\n",
               cases[i].file);
            for (j = 0; j < cases[i].results && j < reply.u.bind_ack.result_count; j++)
                check_result(&reply, j, cases[i].result[j], cases[i].reason[j],
                             cases[i].ndr[j] ? &pdu_syntax_ndr : &zero_syntax, __LINE__);
            round_trip(&reply, __LINE__);
        }
        server_reply_release(&reply);
        pdu_release(&bind);
        free(data);
    }
}

/* Every allocation failing in turn: a clean status, a sendable reply, nothing leaked. */
static void test_alloc_failures(void)
{
    struct server_reply_limits limits = default_limits();
    struct pdu_syntax negotiation;
    struct pdu_context ctx[2];
    struct pdu bind, reply;
    enum server_reply_status st;
    long start_calls, calls, live, i;
    int type;

    pdu_syntax_make_features(3, &negotiation);
    make_context(&ctx[0], 0, iface_syntax(&peer_ifs[0], 1, 0), &pdu_syntax_ndr, 1);
    make_context(&ctx[1], 1, iface_syntax(&peer_ifs[0], 1, 0), &negotiation, 1);
    for (type = 0; type < 2; type++)
    {
        make_bind(&bind, type ? PDU_TYPE_ALTER_CONTEXT : PDU_TYPE_BIND, 40 + type, ctx, 2);
        start_calls = portable_alloc_calls();
        live = portable_alloc_live();
        st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
        ok(st == SERVER_REPLY_OK, "status %d\n", st);
        server_reply_release(&reply);
        calls = portable_alloc_calls() - start_calls;
        ok(calls >= 1, "%ld allocations\n", calls);
        for (i = 0; i <= calls; i++)
        {
            portable_alloc_fail_at(i);
            st = server_reply_bind(&bind, peer_ifs, 2, &limits, &reply, NULL);
            portable_alloc_fail_at(-1);
            if (i < calls)
            {
                ok(st == SERVER_REPLY_NO_MEMORY, "fail at %ld: status %d\n", i, st);
                if (type) check_fault(&reply, 41, 0, PDU_NCA_S_FAULT_REMOTE_NO_MEMORY, 0x23, __LINE__);
                else check_nak(&reply, 40, PDU_REJECT_LOCAL_LIMIT_EXCEEDED, __LINE__);
            }
            else ok(st == SERVER_REPLY_OK, "fail at %ld: status %d\n", i, st);
            server_reply_release(&reply);
            ok(portable_alloc_live() == live, "fail at %ld: %ld blocks live, %ld before\n", i,
               portable_alloc_live(), live);
        }
    }
}

START_TEST(server_reply)
{
    test_accept();
    test_versions();
    test_transfer_syntaxes();
    test_features();
    test_frag_sizes();
    test_assoc_groups();
    test_protocol_errors();
    test_request_faults();
    test_wine_vectors();
    test_alloc_failures();
}
