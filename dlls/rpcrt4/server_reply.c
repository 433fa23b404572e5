/* server_reply.c: the server's answers to bind, alter_context and failed requests, decided in pure functions. */
#include <string.h>
#include "server_reply.h"
#include "portable_alloc.h"

/* The one protocol version we speak, for every bind_nak's versions list. */
static const struct pdu_version supported_versions[] = { { PDU_RPC_VERSION, PDU_RPC_VERSION_MINOR } };

static void reply_header(struct pdu *reply, uint8_t type, uint8_t flags, uint32_t call_id)
{
    memset(reply, 0, sizeof(*reply));
    reply->header.version = PDU_RPC_VERSION;
    reply->header.version_minor = PDU_RPC_VERSION_MINOR;
    reply->header.type = type;
    reply->header.flags = flags;
    reply->header.drep[0] = PDU_DREP_LITTLE_ENDIAN;
    reply->header.call_id = call_id;
}

void server_reply_bind_nak(uint32_t call_id, uint16_t reject_reason, struct pdu *reply)
{
    reply_header(reply, PDU_TYPE_BIND_NAK, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, call_id);
    reply->u.bind_nak.reject_reason = reject_reason;
    reply->u.bind_nak.version_count = sizeof(supported_versions) / sizeof(supported_versions[0]);
    reply->u.bind_nak.versions = supported_versions;
}

void server_reply_fault(uint32_t call_id, uint16_t context_id, uint32_t status, int did_not_execute,
                        struct pdu *reply)
{
    uint8_t flags = PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG;

    if (did_not_execute) flags |= PDU_FLAG_DID_NOT_EXECUTE;
    reply_header(reply, PDU_TYPE_FAULT, flags, call_id);
    reply->u.fault.context_id = context_id;
    reply->u.fault.status = status;
}

void server_reply_release(struct pdu *reply)
{
    if (!reply) return;
    if (reply->header.type == PDU_TYPE_BIND_ACK || reply->header.type == PDU_TYPE_ALTER_CONTEXT_RESP)
        portable_free((void *)reply->u.bind_ack.results);
    memset(reply, 0, sizeof(*reply));
}

/* The registration of the context's abstract syntax whose version is compatible (C706: same major,
 * client's minor not above ours), or NULL. */
static const struct server_reply_interface *find_interface(const struct pdu_syntax *abstract,
                                                           const struct server_reply_interface *ifs,
                                                           size_t if_count)
{
    size_t i;

    for (i = 0; i < if_count; i++)
    {
        if (memcmp(ifs[i].uuid, abstract->uuid, sizeof(ifs[i].uuid))) continue;
        if (ifs[i].version_major != abstract->version_major) continue;
        if (abstract->version_minor > ifs[i].version_minor) continue;
        return &ifs[i];
    }
    return NULL;
}

static int takes_syntax(const struct server_reply_interface *iface, const struct pdu_syntax *syntax)
{
    return pdu_syntax_equal(syntax, &pdu_syntax_ndr) || (iface->ndr64 && pdu_syntax_equal(syntax, &pdu_syntax_ndr64));
}

static void reject(struct pdu_result *result, uint16_t reason)
{
    memset(result, 0, sizeof(*result));
    result->result = PDU_RESULT_PROVIDER_REJECTION;
    result->reason = reason;
}

/* Decides one ordinary context; *preferred is set when the accepted syntax is the server's preferred. */
static void decide_context(const struct pdu_context *context, const struct server_reply_interface *ifs,
                           size_t if_count, struct pdu_result *result, int *preferred)
{
    const struct server_reply_interface *iface = find_interface(&context->abstract_syntax, ifs, if_count);
    const struct pdu_syntax *best;
    unsigned int i;

    *preferred = 0;
    if (!iface)
    {
        reject(result, PDU_PROVIDER_ABSTRACT_SYNTAX_NOT_SUPPORTED);
        return;
    }
    best = iface->ndr64 ? &pdu_syntax_ndr64 : &pdu_syntax_ndr;
    for (i = 0; i < context->transfer_count; i++)
    {
        if (pdu_syntax_equal(&context->transfer_syntaxes[i], best))
        {
            memset(result, 0, sizeof(*result));
            result->result = PDU_RESULT_ACCEPTANCE;
            result->transfer_syntax = *best;
            *preferred = 1;
            return;
        }
    }
    for (i = 0; i < context->transfer_count; i++)
    {
        if (takes_syntax(iface, &context->transfer_syntaxes[i]))
        {
            memset(result, 0, sizeof(*result));
            result->result = PDU_RESULT_ACCEPTANCE;
            result->transfer_syntax = context->transfer_syntaxes[i];
            return;
        }
    }
    reject(result, PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED);
}

/* At most one accepted context per abstract syntax: the first with the preferred syntax, else the
 * first accepted; the others become TRANSFER_SYNTAXES_NOT_SUPPORTED. */
static void keep_one_per_interface(const struct pdu_bind *bind, struct pdu_result *results, const uint8_t *preferred)
{
    unsigned int i, j, keep;

    for (i = 0; i < bind->context_count; i++)
    {
        if (results[i].result != PDU_RESULT_ACCEPTANCE) continue;
        keep = i;
        for (j = i; j < bind->context_count; j++)
        {
            if (results[j].result != PDU_RESULT_ACCEPTANCE
                || !pdu_syntax_equal(&bind->contexts[j].abstract_syntax, &bind->contexts[i].abstract_syntax))
                continue;
            if (preferred[j] && !preferred[keep]) keep = j;
        }
        for (j = i; j < bind->context_count; j++)
        {
            if (j == keep || results[j].result != PDU_RESULT_ACCEPTANCE
                || !pdu_syntax_equal(&bind->contexts[j].abstract_syntax, &bind->contexts[i].abstract_syntax))
                continue;
            reject(&results[j], PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED);
        }
    }
}

static uint16_t min16(uint16_t a, uint16_t b)
{
    return a < b ? a : b;
}

enum server_reply_status server_reply_bind(const struct pdu *request, const struct server_reply_interface *ifs,
                                           size_t if_count, const struct server_reply_limits *limits,
                                           struct pdu *reply, uint16_t *features)
{
    const struct pdu_bind *bind;
    struct pdu_result *results;
    uint8_t preferred[256];
    size_t address_length = 0;
    uint32_t call_id, code;
    uint16_t offered, negotiated = 0;
    int is_bind, negotiation_seen = 0, pref;
    unsigned int i;

    if (features) *features = 0;
    if (!reply) return SERVER_REPLY_E_INVALID;
    memset(reply, 0, sizeof(*reply));
    if (!request || !limits || (!ifs && if_count)) return SERVER_REPLY_E_INVALID;
    if (request->header.type != PDU_TYPE_BIND && request->header.type != PDU_TYPE_ALTER_CONTEXT)
        return SERVER_REPLY_E_INVALID;
    is_bind = request->header.type == PDU_TYPE_BIND;
    if (is_bind && limits->secondary_address)
    {
        address_length = strlen(limits->secondary_address) + 1;
        if (address_length > 0xffff) return SERVER_REPLY_E_INVALID;
    }

    bind = &request->u.bind;
    call_id = request->header.call_id;

    if (!bind->context_count)
    {
        server_reply_protocol_error(PDU_E_MALFORMED, request->header.type, call_id, reply);
        return SERVER_REPLY_REJECTED;
    }
    if (is_bind)
    {
        if (bind->max_xmit_frag < SERVER_REPLY_MIN_FRAG || bind->max_recv_frag < SERVER_REPLY_MIN_FRAG)
        {
            server_reply_bind_nak(call_id, PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED, reply);
            return SERVER_REPLY_REJECTED;
        }
        if (bind->assoc_group_id && !limits->assoc_group_known)
        {
            server_reply_bind_nak(call_id, PDU_REJECT_REASON_NOT_SPECIFIED, reply);
            return SERVER_REPLY_REJECTED;
        }
    }

    if (!(results = portable_alloc(bind->context_count * sizeof(*results))))
    {
        pdu_status_reply(PDU_E_NO_MEMORY, request->header.type, &code);
        if (is_bind) server_reply_bind_nak(call_id, code, reply);
        else server_reply_fault(call_id, 0, code, 1, reply);
        return SERVER_REPLY_NO_MEMORY;
    }

    for (i = 0; i < bind->context_count; i++)
    {
        const struct pdu_context *context = &bind->contexts[i];

        preferred[i] = 0;
        if (is_bind && !negotiation_seen && context->transfer_count == 1
            && pdu_syntax_is_features(&context->transfer_syntaxes[0], &offered))
        {
            negotiation_seen = 1;
            negotiated = offered & limits->features;
            memset(&results[i], 0, sizeof(results[i]));
            results[i].result = PDU_RESULT_NEGOTIATE_ACK;
            results[i].reason = negotiated;
            continue;
        }
        decide_context(context, ifs, if_count, &results[i], &pref);
        preferred[i] = pref;
    }
    keep_one_per_interface(bind, results, preferred);

    reply_header(reply, is_bind ? PDU_TYPE_BIND_ACK : PDU_TYPE_ALTER_CONTEXT_RESP,
                 PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, call_id);
    if (is_bind)
    {
        reply->u.bind_ack.max_xmit_frag = min16(bind->max_recv_frag, limits->max_xmit_frag);
        reply->u.bind_ack.max_recv_frag = min16(bind->max_xmit_frag, limits->max_recv_frag);
        reply->u.bind_ack.secondary_address_length = (uint16_t)address_length;
        reply->u.bind_ack.secondary_address = (const uint8_t *)limits->secondary_address;
    }
    else
    {
        reply->u.bind_ack.max_xmit_frag = limits->max_xmit_frag;
        reply->u.bind_ack.max_recv_frag = limits->max_recv_frag;
    }
    reply->u.bind_ack.assoc_group_id = limits->assoc_group_id;
    reply->u.bind_ack.result_count = bind->context_count;
    reply->u.bind_ack.results = results;
    if (features) *features = negotiated;
    return SERVER_REPLY_OK;
}

enum server_reply_status server_reply_request_fault(const struct pdu *request, enum server_reply_failure failure,
                                                    struct pdu *reply)
{
    uint32_t status;

    if (!reply) return SERVER_REPLY_E_INVALID;
    memset(reply, 0, sizeof(*reply));
    if (!request || request->header.type != PDU_TYPE_REQUEST) return SERVER_REPLY_E_INVALID;
    switch (failure)
    {
    case SERVER_REPLY_UNKNOWN_CONTEXT: status = PDU_NCA_S_UNK_IF; break;
    case SERVER_REPLY_OPNUM_OUT_OF_RANGE: status = PDU_NCA_S_OP_RNG_ERROR; break;
    case SERVER_REPLY_PROTOCOL_ERROR: status = PDU_NCA_S_PROTO_ERROR; break;
    default: return SERVER_REPLY_E_INVALID;
    }
    server_reply_fault(request->header.call_id, request->u.request.context_id, status, 1, reply);
    return SERVER_REPLY_OK;
}

enum pdu_reply server_reply_protocol_error(enum pdu_status status, uint8_t type, uint32_t call_id,
                                           struct pdu *reply)
{
    uint32_t code = 0;
    enum pdu_reply kind = pdu_status_reply(status, type, &code);

    switch (kind)
    {
    case PDU_REPLY_BIND_NAK:
        server_reply_bind_nak(call_id, (uint16_t)code, reply);
        break;
    case PDU_REPLY_FAULT:
        server_reply_fault(call_id, 0, code, 1, reply);
        break;
    default:
        memset(reply, 0, sizeof(*reply));
        break;
    }
    return kind;
}
