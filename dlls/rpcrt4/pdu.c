/* pdu.c: encode, decode and validate connection-oriented DCE/RPC PDUs, no I/O and no Windows headers. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "pdu.h"
#include "portable_alloc.h"
#include "trace.h"

/* Fixed body sizes after the 16-byte header (C706 12.6.4, MS-RPCE 2.2.2). */
#define REQUEST_BODY 8          /* alloc_hint, p_cont_id, opnum; the object UUID adds 16 */
#define RESPONSE_BODY 8         /* alloc_hint, p_cont_id, cancel_count, reserved */
#define FAULT_BODY 16           /* as response, then status and 4 reserved octets */
#define BIND_BODY 12            /* max_xmit_frag, max_recv_frag, assoc_group_id, p_cont_list_t head */
#define CONTEXT_HEAD 4          /* p_cont_id, n_transfer_syn, reserved */
#define BIND_ACK_BODY 16        /* frags, assoc_group_id, empty sec_addr and its pad, p_result_list_t head */
#define RESULT_SIZE 24          /* result, reason, transfer_syntax */
#define BIND_NAK_BODY 3         /* provider_reject_reason, n_protocols */
#define AUTH3_BODY 4            /* pad (MS-RPCE 2.2.2.10) */
#define UUID_SIZE 16

_Static_assert(PDU_SYNTAX_SIZE == UUID_SIZE + 4, "p_syntax_id_t is a UUID and a 32-bit version");
_Static_assert(RESULT_SIZE == 4 + PDU_SYNTAX_SIZE, "p_result_t is result, reason and a syntax");
_Static_assert(FAULT_BODY == RESPONSE_BODY + 8, "the fault body is the response body, status and pad");
_Static_assert(BIND_ACK_BODY == 8 + 2 + 2 + 4, "an empty secondary address takes 2 bytes and 2 of pad");
_Static_assert((PDU_HEADER_SIZE + BIND_BODY) % 4 == 0 && (CONTEXT_HEAD + PDU_SYNTAX_SIZE) % 4 == 0,
               "bind bodies end 4-byte aligned, so a bind's auth trailer needs no pad");
_Static_assert(_Alignof(struct pdu_syntax) <= _Alignof(struct pdu_context),
               "a bind's transfer syntaxes can follow its contexts in one allocation");

const struct pdu_syntax pdu_syntax_ndr =
{
    { 0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60 }, 2, 0
};

const struct pdu_syntax pdu_syntax_ndr64 =
{
    { 0x33, 0x05, 0x71, 0x71, 0xba, 0xbe, 0x37, 0x49, 0x83, 0x19, 0xb5, 0xdb, 0xef, 0x9c, 0xcc, 0x36 }, 1, 0
};

const uint8_t pdu_extended_error_signature[16] =
{
    0x20, 0x03, 0x74, 0x90, 0xd0, 0xfa, 0xd3, 0x11, 0x82, 0xd7, 0x00, 0x90, 0x27, 0xb1, 0x30, 0xab
};

/* 6cb71c2c-9812-4540 in GUID memory layout: the first 8 bytes of the feature negotiation syntax. */
static const uint8_t features_prefix[8] = { 0x2c, 0x1c, 0xb7, 0x6c, 0x12, 0x98, 0x40, 0x45 };

int pdu_syntax_equal(const struct pdu_syntax *a, const struct pdu_syntax *b)
{
    return !memcmp(a->uuid, b->uuid, sizeof(a->uuid)) && a->version_major == b->version_major
           && a->version_minor == b->version_minor;
}

void pdu_syntax_make_features(uint16_t features, struct pdu_syntax *syntax)
{
    memset(syntax, 0, sizeof(*syntax));
    memcpy(syntax->uuid, features_prefix, sizeof(features_prefix));
    syntax->uuid[8] = features & 0xff;
    syntax->uuid[9] = features >> 8;
    syntax->version_major = 1;
}

int pdu_syntax_is_features(const struct pdu_syntax *syntax, uint16_t *features)
{
    if (memcmp(syntax->uuid, features_prefix, sizeof(features_prefix)) || syntax->version_major != 1
        || syntax->version_minor != 0)
        return 0;
    if (features) *features = syntax->uuid[8] | (syntax->uuid[9] << 8);
    return 1;
}

/* What each type carries and who sends it. */
enum
{
    TYPE_KNOWN = 0x01,
    TYPE_FROM_CLIENT = 0x02,
    TYPE_STUB = 0x04,           /* stub data after the body; the auth trailer aligns to 16 from its start */
    TYPE_NO_AUTH = 0x08,        /* C706 gives it no auth_verifier */
    TYPE_NEEDS_AUTH = 0x10      /* MS-RPCE 2.2.2.10: auth_length must be non-zero */
};

struct type_info
{
    uint8_t flags;
    uint8_t body;               /* fixed body size */
};

static const struct type_info types[] =
{
    [PDU_TYPE_REQUEST] = { TYPE_KNOWN | TYPE_FROM_CLIENT | TYPE_STUB, REQUEST_BODY },
    [PDU_TYPE_RESPONSE] = { TYPE_KNOWN | TYPE_STUB, RESPONSE_BODY },
    [PDU_TYPE_FAULT] = { TYPE_KNOWN | TYPE_STUB, FAULT_BODY },
    [PDU_TYPE_BIND] = { TYPE_KNOWN | TYPE_FROM_CLIENT, BIND_BODY },
    [PDU_TYPE_BIND_ACK] = { TYPE_KNOWN, BIND_ACK_BODY },
    [PDU_TYPE_BIND_NAK] = { TYPE_KNOWN | TYPE_NO_AUTH, BIND_NAK_BODY },
    [PDU_TYPE_ALTER_CONTEXT] = { TYPE_KNOWN | TYPE_FROM_CLIENT, BIND_BODY },
    [PDU_TYPE_ALTER_CONTEXT_RESP] = { TYPE_KNOWN, BIND_ACK_BODY },
    [PDU_TYPE_AUTH3] = { TYPE_KNOWN | TYPE_FROM_CLIENT | TYPE_NEEDS_AUTH, AUTH3_BODY },
    [PDU_TYPE_SHUTDOWN] = { TYPE_KNOWN | TYPE_NO_AUTH, 0 },
    [PDU_TYPE_CO_CANCEL] = { TYPE_KNOWN | TYPE_FROM_CLIENT, 0 },
    [PDU_TYPE_ORPHANED] = { TYPE_KNOWN | TYPE_FROM_CLIENT, 0 },
};

/* The type's entry, or NULL for a type the connection-oriented protocol does not have. */
static const struct type_info *type_info(uint8_t type)
{
    if (type >= sizeof(types) / sizeof(types[0]) || !(types[type].flags & TYPE_KNOWN)) return NULL;
    return &types[type];
}

static size_t fixed_body(const struct pdu_header *header)
{
    size_t body = types[header->type].body;
    if (header->type == PDU_TYPE_REQUEST && (header->flags & PDU_FLAG_OBJECT_UUID)) body += UUID_SIZE;
    return body;
}

enum pdu_status pdu_check_direction(uint8_t type, int receiver_is_server)
{
    const struct type_info *info = type_info(type);

    if (!info) return PDU_E_TYPE;
    if (!(info->flags & TYPE_FROM_CLIENT) == !receiver_is_server) return PDU_OK;
    return PDU_E_DIRECTION;
}

/* Input: every read goes through take(), which checks the length against what is left (offsets only).
 * A read past the end reads zeros and sets overrun, which stays set. */
struct reader
{
    const uint8_t *buf;
    size_t size;
    size_t offset;              /* never above size */
    int big_endian;
    int overrun;
};

static size_t remaining(const struct reader *r)
{
    return r->size - r->offset;
}

/* The next need bytes, or NULL (and overrun) when fewer are left. */
static const uint8_t *take(struct reader *r, size_t need)
{
    const uint8_t *p;

    if (r->overrun || need > remaining(r))
    {
        r->overrun = 1;
        return NULL;
    }
    p = r->buf + r->offset;
    r->offset += need;
    return p;
}

static uint8_t get_u8(struct reader *r)
{
    const uint8_t *p = take(r, 1);
    return p ? p[0] : 0;
}

static uint16_t get_u16(struct reader *r)
{
    const uint8_t *p = take(r, 2);
    if (!p) return 0;
    return r->big_endian ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t get_u32(struct reader *r)
{
    const uint8_t *p = take(r, 4);
    if (!p) return 0;
    if (r->big_endian) return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = v & 0xff;
    p[1] = v >> 8;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    put_le16(p, v & 0xffff);
    put_le16(p + 2, v >> 16);
}

/* A UUID in the sender's byte order, stored in GUID memory layout. */
static void get_uuid(struct reader *r, uint8_t uuid[UUID_SIZE])
{
    const uint8_t *node;
    uint32_t data1 = get_u32(r);
    uint16_t data2 = get_u16(r), data3 = get_u16(r);

    put_le32(uuid, data1);
    put_le16(uuid + 4, data2);
    put_le16(uuid + 6, data3);
    node = take(r, 8);
    if (node) memcpy(uuid + 8, node, 8);
    else memset(uuid + 8, 0, 8);
}

static int is_big_endian(const uint8_t drep[4])
{
    return !(drep[0] & PDU_DREP_LITTLE_ENDIAN);
}

static void get_syntax(struct reader *r, struct pdu_syntax *syntax)
{
    uint32_t version;

    get_uuid(r, syntax->uuid);
    version = get_u32(r);
    syntax->version_major = version & 0xffff;
    syntax->version_minor = version >> 16;
}

enum pdu_status pdu_decode_header(const uint8_t *buf, size_t len, struct pdu_header *header)
{
    struct reader r = { buf, len, 0, 0, 0 };
    const uint8_t *drep;

    if (len < PDU_HEADER_SIZE) return PDU_E_INCOMPLETE;
    header->version = get_u8(&r);
    header->version_minor = get_u8(&r);
    header->type = get_u8(&r);
    header->flags = get_u8(&r);
    drep = take(&r, 4);
    memcpy(header->drep, drep, 4);
    r.big_endian = is_big_endian(drep);
    header->frag_length = get_u16(&r);
    header->auth_length = get_u16(&r);
    header->call_id = get_u32(&r);

    if (header->version != PDU_RPC_VERSION || header->version_minor != PDU_RPC_VERSION_MINOR)
        return PDU_E_VERSION;
    /* Integers big (0) or little (1) endian, characters ASCII (0) or EBCDIC (1), floats IEEE, VAX, Cray
     * or IBM (0 to 3); drep[2] and drep[3] are reserved. */
    if ((drep[0] >> 4) > 1 || (drep[0] & 0x0f) > 1 || drep[1] > 3) return PDU_E_DREP;
    if (!type_info(header->type)) return PDU_E_TYPE;
    if (!header->frag_length) return PDU_E_ZERO_LENGTH;
    if (header->frag_length < PDU_HEADER_SIZE) return PDU_E_FRAG_LENGTH;
    if (header->auth_length
        && header->auth_length + PDU_HEADER_SIZE + PDU_AUTH_TRAILER_SIZE > header->frag_length)
        return PDU_E_AUTH_LENGTH;
    return PDU_OK;
}

/* Body decoders. r covers the fragment up to the auth trailer, at the first byte after the header;
 * each leaves r after what it read. The fixed part is known to fit. */

static void decode_request(struct reader *r, struct pdu *pdu)
{
    struct pdu_request *request = &pdu->u.request;

    request->alloc_hint = get_u32(r);
    request->context_id = get_u16(r);
    request->opnum = get_u16(r);
    if (pdu->header.flags & PDU_FLAG_OBJECT_UUID) get_uuid(r, request->object);
}

static void decode_response(struct reader *r, struct pdu *pdu)
{
    struct pdu_response *response = &pdu->u.response;

    response->alloc_hint = get_u32(r);
    response->context_id = get_u16(r);
    response->cancel_count = get_u8(r);
    take(r, 1);
}

static void decode_fault(struct reader *r, struct pdu *pdu)
{
    struct pdu_fault *fault = &pdu->u.fault;

    fault->alloc_hint = get_u32(r);
    fault->context_id = get_u16(r);
    fault->cancel_count = get_u8(r);
    fault->flags = get_u8(r);
    fault->status = get_u32(r);
    take(r, 4);
}

/* Returns PDU_OK, PDU_E_CONTEXT_COUNT or PDU_E_NO_MEMORY. The contexts and all their transfer
 * syntaxes share one allocation; a first pass checks that every element fits before it is made. */
static enum pdu_status decode_bind(struct reader *r, struct pdu *pdu)
{
    struct pdu_bind *bind = &pdu->u.bind;
    struct pdu_context *contexts;
    struct pdu_syntax *syntaxes;
    struct reader scan;
    size_t total = 0, i, j;
    uint8_t count;

    bind->max_xmit_frag = get_u16(r);
    bind->max_recv_frag = get_u16(r);
    bind->assoc_group_id = get_u32(r);
    count = get_u8(r);
    take(r, 3);

    scan = *r;
    for (i = 0; i < count; i++)
    {
        uint8_t transfers;

        if (remaining(&scan) < CONTEXT_HEAD + PDU_SYNTAX_SIZE) return PDU_E_CONTEXT_COUNT;
        take(&scan, 2);
        transfers = get_u8(&scan);
        take(&scan, 1 + PDU_SYNTAX_SIZE);
        if (transfers > remaining(&scan) / PDU_SYNTAX_SIZE) return PDU_E_CONTEXT_COUNT;
        take(&scan, (size_t)transfers * PDU_SYNTAX_SIZE);
        total += transfers;
    }
    if (!count) return PDU_OK;

    if (!(contexts = portable_alloc(count * sizeof(*contexts) + total * sizeof(*syntaxes))))
        return PDU_E_NO_MEMORY;
    syntaxes = (struct pdu_syntax *)(contexts + count);
    for (i = 0; i < count; i++)
    {
        contexts[i].context_id = get_u16(r);
        contexts[i].transfer_count = get_u8(r);
        take(r, 1);
        get_syntax(r, &contexts[i].abstract_syntax);
        contexts[i].transfer_syntaxes = syntaxes;
        for (j = 0; j < contexts[i].transfer_count; j++) get_syntax(r, syntaxes++);
    }
    bind->context_count = count;
    bind->contexts = contexts;
    return PDU_OK;
}

/* Returns PDU_OK, PDU_E_MALFORMED (the secondary address runs past the body), PDU_E_FRAG_LENGTH (no
 * room for its pad and the result list head), PDU_E_CONTEXT_COUNT or PDU_E_NO_MEMORY. */
static enum pdu_status decode_bind_ack(struct reader *r, struct pdu *pdu)
{
    struct pdu_bind_ack *ack = &pdu->u.bind_ack;
    struct pdu_result *results;
    size_t pad, i;
    uint8_t count;

    ack->max_xmit_frag = get_u16(r);
    ack->max_recv_frag = get_u16(r);
    ack->assoc_group_id = get_u32(r);
    ack->secondary_address_length = get_u16(r);
    if (ack->secondary_address_length > remaining(r)) return PDU_E_MALFORMED;
    ack->secondary_address = take(r, ack->secondary_address_length);
    pad = (4 - r->offset % 4) % 4;
    if (remaining(r) < pad + 4) return PDU_E_FRAG_LENGTH;
    take(r, pad);
    count = get_u8(r);
    take(r, 3);
    if (count > remaining(r) / RESULT_SIZE) return PDU_E_CONTEXT_COUNT;
    if (!count) return PDU_OK;

    if (!(results = portable_alloc(count * sizeof(*results)))) return PDU_E_NO_MEMORY;
    for (i = 0; i < count; i++)
    {
        results[i].result = get_u16(r);
        results[i].reason = get_u16(r);
        get_syntax(r, &results[i].transfer_syntax);
    }
    ack->result_count = count;
    ack->results = results;
    return PDU_OK;
}

/* Returns PDU_OK, PDU_E_CONTEXT_COUNT or PDU_E_NO_MEMORY. Reads to the end of the body: the Signature
 * and what follows it when 16 bytes or more follow the versions, else padding. */
static enum pdu_status decode_bind_nak(struct reader *r, struct pdu *pdu)
{
    struct pdu_bind_nak *nak = &pdu->u.bind_nak;
    struct pdu_version *versions = NULL;
    size_t i;
    uint8_t count;

    nak->reject_reason = get_u16(r);
    count = get_u8(r);
    if (count > remaining(r) / 2) return PDU_E_CONTEXT_COUNT;
    if (count && !(versions = portable_alloc(count * sizeof(*versions)))) return PDU_E_NO_MEMORY;
    for (i = 0; i < count; i++)
    {
        versions[i].major = get_u8(r);
        versions[i].minor = get_u8(r);
    }
    nak->version_count = count;
    nak->versions = versions;
    if (remaining(r) >= UUID_SIZE)
    {
        nak->has_signature = 1;
        get_uuid(r, nak->signature);
        nak->extended_error_length = remaining(r);
        nak->extended_error = take(r, nak->extended_error_length);
    }
    else take(r, remaining(r));
    return PDU_OK;
}

/* Returns PDU_OK, or the status of the list decoders. */
static enum pdu_status decode_body(struct reader *r, struct pdu *pdu)
{
    switch (pdu->header.type)
    {
    case PDU_TYPE_REQUEST: decode_request(r, pdu); break;
    case PDU_TYPE_RESPONSE: decode_response(r, pdu); break;
    case PDU_TYPE_FAULT: decode_fault(r, pdu); break;
    case PDU_TYPE_BIND:
    case PDU_TYPE_ALTER_CONTEXT: return decode_bind(r, pdu);
    case PDU_TYPE_BIND_ACK:
    case PDU_TYPE_ALTER_CONTEXT_RESP: return decode_bind_ack(r, pdu);
    case PDU_TYPE_BIND_NAK: return decode_bind_nak(r, pdu);
    case PDU_TYPE_AUTH3: take(r, AUTH3_BODY); break;
    }
    return PDU_OK;
}

/* The flat list of fragment guards after the header's; see pdu_decode in pdu.h for the statuses. */
static enum pdu_status decode_fragment(const uint8_t *buf, size_t len, struct pdu *pdu)
{
    struct pdu_header *header = &pdu->header;
    const struct type_info *info;
    struct reader r, trailer;
    enum pdu_status status;
    size_t body_end, pad = 0;

    if ((status = pdu_decode_header(buf, len, header))) return status;
    if (len < header->frag_length) return PDU_E_INCOMPLETE;
    if (len > header->frag_length) return PDU_E_TRAILING;
    info = type_info(header->type);
    if ((size_t)header->frag_length - PDU_HEADER_SIZE < fixed_body(header)) return PDU_E_FRAG_LENGTH;
    if ((info->flags & TYPE_NO_AUTH) && header->auth_length) return PDU_E_AUTH_LENGTH;
    if ((info->flags & TYPE_NEEDS_AUTH) && !header->auth_length) return PDU_E_AUTH_LENGTH;

    body_end = header->frag_length;
    if (header->auth_length)
    {
        body_end -= header->auth_length + PDU_AUTH_TRAILER_SIZE;
        if (body_end - PDU_HEADER_SIZE < fixed_body(header)) return PDU_E_AUTH_LENGTH;
        trailer = (struct reader){ buf, header->frag_length, body_end, is_big_endian(header->drep), 0 };
        pdu->auth.type = get_u8(&trailer);
        pdu->auth.level = get_u8(&trailer);
        pdu->auth.pad_length = pad = get_u8(&trailer);
        pdu->auth.reserved = get_u8(&trailer);
        pdu->auth.context_id = get_u32(&trailer);
        pdu->auth.length = header->auth_length;
        pdu->auth.value = take(&trailer, pdu->auth.length);
    }

    r = (struct reader){ buf, body_end, PDU_HEADER_SIZE, is_big_endian(header->drep), 0 };
    if ((status = decode_body(&r, pdu))) return status;
    if (pad > remaining(&r)) return PDU_E_AUTH_LENGTH;
    if (info->flags & TYPE_STUB)
    {
        pdu->stub_length = remaining(&r) - pad;
        pdu->stub_data = take(&r, pdu->stub_length);
    }
    else if (remaining(&r) > pad) return PDU_E_TRAILING;
    /* The guards above keep every read inside the body; this only catches a decoder that strays. */
    if (r.overrun) return PDU_E_MALFORMED;
    return PDU_OK;
}

enum pdu_status pdu_decode(const uint8_t *buf, size_t len, struct pdu *pdu)
{
    enum pdu_status status;

    memset(pdu, 0, sizeof(*pdu));
    status = decode_fragment(buf, len, pdu);
    if (status)
    {
        TRACE(TRACE_PDU, "type %u frag_length %u auth_length %u (%lu bytes): %s", pdu->header.type,
              pdu->header.frag_length, pdu->header.auth_length, (unsigned long)len, pdu_status_name(status));
        pdu_release(pdu);
    }
    return status;
}

void pdu_release(struct pdu *pdu)
{
    switch (pdu->header.type)
    {
    case PDU_TYPE_BIND:
    case PDU_TYPE_ALTER_CONTEXT:
        portable_free((void *)pdu->u.bind.contexts);
        pdu->u.bind.contexts = NULL;
        pdu->u.bind.context_count = 0;
        break;
    case PDU_TYPE_BIND_ACK:
    case PDU_TYPE_ALTER_CONTEXT_RESP:
        portable_free((void *)pdu->u.bind_ack.results);
        pdu->u.bind_ack.results = NULL;
        pdu->u.bind_ack.result_count = 0;
        break;
    case PDU_TYPE_BIND_NAK:
        portable_free((void *)pdu->u.bind_nak.versions);
        pdu->u.bind_nak.versions = NULL;
        pdu->u.bind_nak.version_count = 0;
        break;
    }
}

/* Output: one emitter serves both sizing (buf NULL: only counts) and writing; every write goes through
 * room(), which checks against the size with offsets. Past the end nothing is written and overflow
 * stays set. */
struct writer
{
    uint8_t *buf;
    size_t size;
    size_t offset;
    int overflow;
};

/* Where the next n bytes go; NULL when only counting or when they do not fit. */
static uint8_t *room(struct writer *w, size_t n)
{
    uint8_t *p;

    if (w->overflow || n > SIZE_MAX - w->offset)
    {
        w->overflow = 1;
        return NULL;
    }
    if (!w->buf)
    {
        w->offset += n;
        return NULL;
    }
    if (n > w->size - w->offset)
    {
        w->overflow = 1;
        return NULL;
    }
    p = w->buf + w->offset;
    w->offset += n;
    return p;
}

static void put_u8(struct writer *w, uint8_t v)
{
    uint8_t *p = room(w, 1);
    if (p) *p = v;
}

static void put_u16(struct writer *w, uint16_t v)
{
    uint8_t *p = room(w, 2);
    if (p) put_le16(p, v);
}

static void put_u32(struct writer *w, uint32_t v)
{
    uint8_t *p = room(w, 4);
    if (p) put_le32(p, v);
}

static void put_bytes(struct writer *w, const void *data, size_t n)
{
    uint8_t *p = room(w, n);
    if (p && n) memcpy(p, data, n);
}

static void put_zeros(struct writer *w, size_t n)
{
    uint8_t *p = room(w, n);
    if (p) memset(p, 0, n);
}

/* GUID memory layout is the little-endian wire form. */
static void put_syntax(struct writer *w, const struct pdu_syntax *syntax)
{
    put_bytes(w, syntax->uuid, UUID_SIZE);
    put_u32(w, syntax->version_major | (uint32_t)syntax->version_minor << 16);
}

static void emit_bind(struct writer *w, const struct pdu_bind *bind)
{
    size_t i, j;

    put_u16(w, bind->max_xmit_frag);
    put_u16(w, bind->max_recv_frag);
    put_u32(w, bind->assoc_group_id);
    put_u8(w, bind->context_count);
    put_zeros(w, 3);
    for (i = 0; i < bind->context_count; i++)
    {
        const struct pdu_context *context = &bind->contexts[i];

        put_u16(w, context->context_id);
        put_u8(w, context->transfer_count);
        put_zeros(w, 1);
        put_syntax(w, &context->abstract_syntax);
        for (j = 0; j < context->transfer_count; j++) put_syntax(w, &context->transfer_syntaxes[j]);
    }
}

static void emit_bind_ack(struct writer *w, const struct pdu_bind_ack *ack)
{
    size_t i;

    put_u16(w, ack->max_xmit_frag);
    put_u16(w, ack->max_recv_frag);
    put_u32(w, ack->assoc_group_id);
    put_u16(w, ack->secondary_address_length);
    put_bytes(w, ack->secondary_address, ack->secondary_address_length);
    put_zeros(w, (4 - w->offset % 4) % 4);
    put_u8(w, ack->result_count);
    put_zeros(w, 3);
    for (i = 0; i < ack->result_count; i++)
    {
        put_u16(w, ack->results[i].result);
        put_u16(w, ack->results[i].reason);
        put_syntax(w, &ack->results[i].transfer_syntax);
    }
}

static void emit_bind_nak(struct writer *w, const struct pdu_bind_nak *nak)
{
    size_t i;

    put_u16(w, nak->reject_reason);
    put_u8(w, nak->version_count);
    for (i = 0; i < nak->version_count; i++)
    {
        put_u8(w, nak->versions[i].major);
        put_u8(w, nak->versions[i].minor);
    }
    if (!nak->has_signature) return;
    put_bytes(w, nak->signature, UUID_SIZE);
    put_bytes(w, nak->extended_error, nak->extended_error_length);
}

static void emit_body(struct writer *w, const struct pdu *pdu)
{
    switch (pdu->header.type)
    {
    case PDU_TYPE_REQUEST:
        put_u32(w, pdu->u.request.alloc_hint);
        put_u16(w, pdu->u.request.context_id);
        put_u16(w, pdu->u.request.opnum);
        if (pdu->header.flags & PDU_FLAG_OBJECT_UUID) put_bytes(w, pdu->u.request.object, UUID_SIZE);
        break;
    case PDU_TYPE_RESPONSE:
        put_u32(w, pdu->u.response.alloc_hint);
        put_u16(w, pdu->u.response.context_id);
        put_u8(w, pdu->u.response.cancel_count);
        put_zeros(w, 1);
        break;
    case PDU_TYPE_FAULT:
        put_u32(w, pdu->u.fault.alloc_hint);
        put_u16(w, pdu->u.fault.context_id);
        put_u8(w, pdu->u.fault.cancel_count);
        put_u8(w, pdu->u.fault.flags);
        put_u32(w, pdu->u.fault.status);
        put_zeros(w, 4);
        break;
    case PDU_TYPE_BIND:
    case PDU_TYPE_ALTER_CONTEXT:
        emit_bind(w, &pdu->u.bind);
        break;
    case PDU_TYPE_BIND_ACK:
    case PDU_TYPE_ALTER_CONTEXT_RESP:
        emit_bind_ack(w, &pdu->u.bind_ack);
        break;
    case PDU_TYPE_BIND_NAK:
        emit_bind_nak(w, &pdu->u.bind_nak);
        break;
    case PDU_TYPE_AUTH3:
        put_zeros(w, AUTH3_BODY);
        break;
    }
}

/* The whole fragment: header with the given lengths, body, stub data, auth pad, trailer, auth value. */
static void emit(struct writer *w, const struct pdu *pdu, uint16_t frag_length)
{
    const struct pdu_header *header = &pdu->header;
    int stub = types[header->type].flags & TYPE_STUB;
    size_t stub_start, pad;

    put_u8(w, PDU_RPC_VERSION);
    put_u8(w, PDU_RPC_VERSION_MINOR);
    put_u8(w, header->type);
    put_u8(w, header->flags);
    put_u8(w, PDU_DREP_LITTLE_ENDIAN);
    put_zeros(w, 3);
    put_u16(w, frag_length);
    put_u16(w, (uint16_t)pdu->auth.length);
    put_u32(w, header->call_id);
    emit_body(w, pdu);
    stub_start = w->offset;
    if (stub) put_bytes(w, pdu->stub_data, pdu->stub_length);
    if (!pdu->auth.length) return;
    /* MS-RPCE 2.2.2.11: the trailer is 16-byte aligned from the start of the stub data; bodies without
     * stub data already end 4-byte aligned, as C706 asks. */
    pad = stub ? (16 - (w->offset - stub_start) % 16) % 16 : 0;
    put_zeros(w, pad);
    put_u8(w, pdu->auth.type);
    put_u8(w, pdu->auth.level);
    put_u8(w, pad);
    put_u8(w, pdu->auth.reserved);
    put_u32(w, pdu->auth.context_id);
    put_bytes(w, pdu->auth.value, pdu->auth.length);
}

size_t pdu_encoded_size(const struct pdu *pdu)
{
    struct writer counter = { NULL, 0, 0, 0 };

    if (!type_info(pdu->header.type)) return 0;
    emit(&counter, pdu, 0);
    return counter.overflow ? SIZE_MAX : counter.offset;
}

enum pdu_status pdu_encode(const struct pdu *pdu, uint8_t *buf, size_t size, size_t *written)
{
    const struct type_info *info = type_info(pdu->header.type);
    struct writer w = { buf, size, 0, 0 };
    size_t length;

    *written = 0;
    if (!info) return PDU_E_TYPE;
    if ((info->flags & TYPE_NO_AUTH) && pdu->auth.length) return PDU_E_AUTH_LENGTH;
    if ((info->flags & TYPE_NEEDS_AUTH) && !pdu->auth.length) return PDU_E_AUTH_LENGTH;
    length = pdu_encoded_size(pdu);
    if (length > UINT16_MAX || pdu->auth.length > UINT16_MAX) return PDU_E_TOO_BIG;
    *written = length;
    if (length > size) return PDU_E_BUFFER_TOO_SMALL;
    emit(&w, pdu, (uint16_t)length);
    return w.overflow ? PDU_E_BUFFER_TOO_SMALL : PDU_OK;
}
