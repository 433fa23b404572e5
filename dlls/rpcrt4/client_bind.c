/* client_bind.c: the client's side of bind/alter_context negotiation, built and decided in pure functions. */
#include <string.h>
#include "client_bind.h"

/* The call id Wine's builtin server puts on every answer. */
#define BUILTIN_CALL_ID 1
/* NCA fault statuses all have this in their high bits (C706 appendix E); Win32 statuses do not. */
#define NCA_STATUS_MASK 0xffff0000u
#define NCA_STATUS_BASE 0x1c000000u
#define NCA_STATUS_BASE_COMM 0x1c010000u

static void add_context(struct client_bind_request *request, const struct pdu_syntax *transfer)
{
    struct pdu_context *context = &request->contexts[request->pdu.u.bind.context_count];

    context->context_id = (uint16_t)(request->params.first_context_id + request->pdu.u.bind.context_count);
    context->abstract_syntax = request->params.abstract_syntax;
    context->transfer_count = 1;
    context->transfer_syntaxes = transfer;
    request->pdu.u.bind.context_count++;
}

uint32_t client_bind_build(const struct client_bind_params *params, struct client_bind_request *request)
{
    unsigned int count;

    if (!request) return CLIENT_BIND_S_INVALID_ARG;
    memset(request, 0, sizeof(*request));
    if (!params) return CLIENT_BIND_S_INVALID_ARG;
    if (!params->alter_context
        && (params->max_xmit_frag < CLIENT_BIND_MIN_FRAG || params->max_recv_frag < CLIENT_BIND_MIN_FRAG))
        return CLIENT_BIND_S_INVALID_ARG;
    count = 1 + !!params->ndr64 + !params->alter_context;
    if (params->first_context_id > 0xffff - (count - 1)) return CLIENT_BIND_S_INVALID_ARG;

    request->params = *params;
    request->negotiation_index = -1;
    request->pdu.header.version = PDU_RPC_VERSION;
    request->pdu.header.version_minor = PDU_RPC_VERSION_MINOR;
    request->pdu.header.type = params->alter_context ? PDU_TYPE_ALTER_CONTEXT : PDU_TYPE_BIND;
    request->pdu.header.flags = PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG;
    request->pdu.header.drep[0] = PDU_DREP_LITTLE_ENDIAN;
    request->pdu.header.call_id = params->call_id;
    request->pdu.u.bind.max_xmit_frag = params->max_xmit_frag;
    request->pdu.u.bind.max_recv_frag = params->max_recv_frag;
    request->pdu.u.bind.assoc_group_id = params->assoc_group_id;
    request->pdu.u.bind.contexts = request->contexts;

    add_context(request, &pdu_syntax_ndr);
    if (params->ndr64) add_context(request, &pdu_syntax_ndr64);
    if (!params->alter_context)
    {
        pdu_syntax_make_features(params->features, &request->negotiation);
        request->negotiation_index = request->pdu.u.bind.context_count;
        add_context(request, &request->negotiation);
    }
    return CLIENT_BIND_S_OK;
}

static uint32_t nak_status(uint16_t reason)
{
    switch (reason)
    {
    case PDU_REJECT_TEMPORARY_CONGESTION:
    case PDU_REJECT_LOCAL_LIMIT_EXCEEDED: return CLIENT_BIND_S_SERVER_TOO_BUSY;
    case PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED: return CLIENT_BIND_S_PROTOCOL_ERROR;
    case PDU_REJECT_AUTHENTICATION_TYPE_NOT_RECOGNIZED: return CLIENT_BIND_S_UNKNOWN_AUTHN_SERVICE;
    case PDU_REJECT_INVALID_CHECKSUM: return CLIENT_BIND_S_ACCESS_DENIED;
    default: return CLIENT_BIND_S_CALL_FAILED_DNE;
    }
}

static uint32_t fault_status(uint32_t status)
{
    switch (status)
    {
    case 0:
    case PDU_NCA_S_PROTO_ERROR: return CLIENT_BIND_S_PROTOCOL_ERROR;
    case PDU_NCA_S_UNK_IF: return CLIENT_BIND_S_UNKNOWN_IF;
    case PDU_NCA_S_FAULT_REMOTE_NO_MEMORY: return CLIENT_BIND_S_SERVER_OUT_OF_MEMORY;
    }
    if ((status & NCA_STATUS_MASK) == NCA_STATUS_BASE || (status & NCA_STATUS_MASK) == NCA_STATUS_BASE_COMM)
        return CLIENT_BIND_S_CALL_FAILED_DNE;
    return status;
}

static uint16_t min16(uint16_t a, uint16_t b)
{
    return a < b ? a : b;
}

/* Which rejections were seen among the ordinary contexts, to name the failure when none is accepted. */
struct rejections
{
    int abstract, transfer, limit;
};

/* 1 if the context offered syntax. */
static int offered(const struct pdu_context *context, const struct pdu_syntax *syntax)
{
    unsigned int i;

    for (i = 0; i < context->transfer_count; i++)
        if (pdu_syntax_equal(&context->transfer_syntaxes[i], syntax)) return 1;
    return 0;
}

/* Checks results[i] against the context it answers; *accepted is 1 for an acceptance of NDR 2.0, 2 for
 * one of NDR64. Returns CLIENT_BIND_S_OK or CLIENT_BIND_S_PROTOCOL_ERROR. */
static uint32_t check_result(const struct client_bind_request *request, unsigned int i,
                             const struct pdu_result *result, struct client_bind_result *out,
                             struct rejections *seen, int *accepted)
{
    const struct pdu_context *context = &request->pdu.u.bind.contexts[i];
    int negotiation = (int)i == request->negotiation_index;

    *accepted = 0;
    switch (result->result)
    {
    case PDU_RESULT_ACCEPTANCE:
        if (negotiation || !offered(context, &result->transfer_syntax)) return CLIENT_BIND_S_PROTOCOL_ERROR;
        if (pdu_syntax_equal(&result->transfer_syntax, &pdu_syntax_ndr64)) *accepted = 2;
        else if (pdu_syntax_equal(&result->transfer_syntax, &pdu_syntax_ndr)) *accepted = 1;
        else return CLIENT_BIND_S_PROTOCOL_ERROR;
        return CLIENT_BIND_S_OK;
    case PDU_RESULT_NEGOTIATE_ACK:
        if (!negotiation) return CLIENT_BIND_S_PROTOCOL_ERROR;
        out->features_negotiated = 1;
        out->features = result->reason & request->params.features;
        return CLIENT_BIND_S_OK;
    case PDU_RESULT_USER_REJECTION:
    case PDU_RESULT_PROVIDER_REJECTION:
        if (negotiation) return CLIENT_BIND_S_OK;
        if (result->reason == PDU_PROVIDER_ABSTRACT_SYNTAX_NOT_SUPPORTED) seen->abstract = 1;
        else if (result->reason == PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED) seen->transfer = 1;
        else if (result->reason == PDU_PROVIDER_LOCAL_LIMIT_EXCEEDED) seen->limit = 1;
        return CLIENT_BIND_S_OK;
    default:
        return CLIENT_BIND_S_PROTOCOL_ERROR;
    }
}

/* The bind_ack or alter_context_resp part of client_bind_process, after the type and call id guards. */
static uint32_t process_ack(const struct client_bind_request *request, const struct pdu_bind_ack *ack,
                            struct client_bind_result *result)
{
    const struct client_bind_params *params = &request->params;
    struct rejections seen = { 0, 0, 0 };
    int chosen = -1, best = 0, accepted;
    unsigned int i;
    uint32_t status;

    if (ack->result_count != request->pdu.u.bind.context_count) return CLIENT_BIND_S_PROTOCOL_ERROR;
    if (params->alter_context)
    {
        result->max_xmit_frag = params->max_xmit_frag;
        result->max_recv_frag = params->max_recv_frag;
        result->assoc_group_id = params->assoc_group_id;
    }
    else
    {
        if (ack->max_xmit_frag < CLIENT_BIND_MIN_FRAG || ack->max_recv_frag < CLIENT_BIND_MIN_FRAG)
            return CLIENT_BIND_S_PROTOCOL_ERROR;
        if (params->assoc_group_id && ack->assoc_group_id != params->assoc_group_id)
            return CLIENT_BIND_S_PROTOCOL_ERROR;
        result->max_xmit_frag = min16(ack->max_recv_frag, params->max_xmit_frag);
        result->max_recv_frag = min16(ack->max_xmit_frag, params->max_recv_frag);
        result->assoc_group_id = ack->assoc_group_id;
    }
    for (i = 0; i < ack->result_count; i++)
    {
        if ((status = check_result(request, i, &ack->results[i], result, &seen, &accepted))) return status;
        /* NDR64 wins over NDR 2.0; the first context wins among equals. */
        if (accepted > best)
        {
            best = accepted;
            chosen = (int)i;
        }
    }
    if (chosen < 0)
    {
        if (seen.abstract) return CLIENT_BIND_S_UNKNOWN_IF;
        if (seen.transfer) return CLIENT_BIND_S_UNSUPPORTED_TRANS_SYN;
        if (seen.limit) return CLIENT_BIND_S_SERVER_TOO_BUSY;
        return CLIENT_BIND_S_CALL_FAILED_DNE;
    }
    result->context_id = request->pdu.u.bind.contexts[chosen].context_id;
    result->ndr64 = best == 2;
    return CLIENT_BIND_S_OK;
}

static uint32_t decide(const struct client_bind_request *request, const struct pdu *answer,
                       struct client_bind_result *result)
{
    uint8_t expected = request->params.alter_context ? PDU_TYPE_ALTER_CONTEXT_RESP : PDU_TYPE_BIND_ACK;

    if (answer->header.call_id != request->params.call_id)
    {
        if (answer->header.call_id != BUILTIN_CALL_ID) return CLIENT_BIND_S_PROTOCOL_ERROR;
        result->call_id_quirk = 1;
    }
    if (answer->header.type == PDU_TYPE_BIND_NAK)
    {
        result->server_reason = answer->u.bind_nak.reject_reason;
        return nak_status(answer->u.bind_nak.reject_reason);
    }
    if (answer->header.type == PDU_TYPE_FAULT)
    {
        result->server_reason = answer->u.fault.status;
        return fault_status(answer->u.fault.status);
    }
    if (answer->header.type != expected) return CLIENT_BIND_S_PROTOCOL_ERROR;
    return process_ack(request, &answer->u.bind_ack, result);
}

uint32_t client_bind_process(const struct client_bind_request *request, const struct pdu *answer,
                             struct client_bind_result *result)
{
    if (!result) return CLIENT_BIND_S_INVALID_ARG;
    memset(result, 0, sizeof(*result));
    if (!request || !answer) result->status = CLIENT_BIND_S_INVALID_ARG;
    else result->status = decide(request, answer, result);
    return result->status;
}
