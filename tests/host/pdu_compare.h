/* pdu_compare.h: field-by-field comparison of two PDUs, shared by the pdu host test and fuzz target. */
#ifndef RPCRT4_TESTS_PDU_COMPARE_H
#define RPCRT4_TESTS_PDU_COMPARE_H

#include <string.h>
#include "pdu.h"

/* Byte ranges are equal when their lengths are and, if not empty, their bytes. */
static int pdu_bytes_differ(const void *a, size_t a_length, const void *b, size_t b_length)
{
    return a_length != b_length || (a_length && memcmp(a, b, a_length));
}

static int pdu_syntax_differs(const struct pdu_syntax *a, const struct pdu_syntax *b)
{
    return !pdu_syntax_equal(a, b);
}

/* The name of the first field in which a and b differ, or NULL. Compared: what the sender of a PDU
 * chooses. Not compared: what the encoder computes or fixes (version, drep, frag_length, auth_length,
 * auth pad_length) and padding, so a PDU built for pdu_encode compares equal to its decoded form, and a
 * received PDU to the decoding of its re-encoding. */
static const char *pdu_difference(const struct pdu *a, const struct pdu *b)
{
    size_t i, j;

    if (a->header.type != b->header.type) return "type";
    if (a->header.flags != b->header.flags) return "flags";
    if (a->header.call_id != b->header.call_id) return "call_id";
    switch (a->header.type)
    {
    case PDU_TYPE_REQUEST:
        if (a->u.request.alloc_hint != b->u.request.alloc_hint) return "request.alloc_hint";
        if (a->u.request.context_id != b->u.request.context_id) return "request.context_id";
        if (a->u.request.opnum != b->u.request.opnum) return "request.opnum";
        if ((a->header.flags & PDU_FLAG_OBJECT_UUID) && memcmp(a->u.request.object, b->u.request.object, 16))
            return "request.object";
        break;
    case PDU_TYPE_RESPONSE:
        if (a->u.response.alloc_hint != b->u.response.alloc_hint) return "response.alloc_hint";
        if (a->u.response.context_id != b->u.response.context_id) return "response.context_id";
        if (a->u.response.cancel_count != b->u.response.cancel_count) return "response.cancel_count";
        break;
    case PDU_TYPE_FAULT:
        if (a->u.fault.alloc_hint != b->u.fault.alloc_hint) return "fault.alloc_hint";
        if (a->u.fault.context_id != b->u.fault.context_id) return "fault.context_id";
        if (a->u.fault.cancel_count != b->u.fault.cancel_count) return "fault.cancel_count";
        if (a->u.fault.flags != b->u.fault.flags) return "fault.flags";
        if (a->u.fault.status != b->u.fault.status) return "fault.status";
        break;
    case PDU_TYPE_BIND:
    case PDU_TYPE_ALTER_CONTEXT:
        if (a->u.bind.max_xmit_frag != b->u.bind.max_xmit_frag) return "bind.max_xmit_frag";
        if (a->u.bind.max_recv_frag != b->u.bind.max_recv_frag) return "bind.max_recv_frag";
        if (a->u.bind.assoc_group_id != b->u.bind.assoc_group_id) return "bind.assoc_group_id";
        if (a->u.bind.context_count != b->u.bind.context_count) return "bind.context_count";
        for (i = 0; i < a->u.bind.context_count; i++)
        {
            const struct pdu_context *x = &a->u.bind.contexts[i], *y = &b->u.bind.contexts[i];

            if (x->context_id != y->context_id) return "bind.contexts[].context_id";
            if (pdu_syntax_differs(&x->abstract_syntax, &y->abstract_syntax))
                return "bind.contexts[].abstract_syntax";
            if (x->transfer_count != y->transfer_count) return "bind.contexts[].transfer_count";
            for (j = 0; j < x->transfer_count; j++)
                if (pdu_syntax_differs(&x->transfer_syntaxes[j], &y->transfer_syntaxes[j]))
                    return "bind.contexts[].transfer_syntaxes[]";
        }
        break;
    case PDU_TYPE_BIND_ACK:
    case PDU_TYPE_ALTER_CONTEXT_RESP:
        if (a->u.bind_ack.max_xmit_frag != b->u.bind_ack.max_xmit_frag) return "bind_ack.max_xmit_frag";
        if (a->u.bind_ack.max_recv_frag != b->u.bind_ack.max_recv_frag) return "bind_ack.max_recv_frag";
        if (a->u.bind_ack.assoc_group_id != b->u.bind_ack.assoc_group_id) return "bind_ack.assoc_group_id";
        if (pdu_bytes_differ(a->u.bind_ack.secondary_address, a->u.bind_ack.secondary_address_length,
                             b->u.bind_ack.secondary_address, b->u.bind_ack.secondary_address_length))
            return "bind_ack.secondary_address";
        if (a->u.bind_ack.result_count != b->u.bind_ack.result_count) return "bind_ack.result_count";
        for (i = 0; i < a->u.bind_ack.result_count; i++)
        {
            const struct pdu_result *x = &a->u.bind_ack.results[i], *y = &b->u.bind_ack.results[i];

            if (x->result != y->result) return "bind_ack.results[].result";
            if (x->reason != y->reason) return "bind_ack.results[].reason";
            if (pdu_syntax_differs(&x->transfer_syntax, &y->transfer_syntax))
                return "bind_ack.results[].transfer_syntax";
        }
        break;
    case PDU_TYPE_BIND_NAK:
        if (a->u.bind_nak.reject_reason != b->u.bind_nak.reject_reason) return "bind_nak.reject_reason";
        if (a->u.bind_nak.version_count != b->u.bind_nak.version_count) return "bind_nak.version_count";
        for (i = 0; i < a->u.bind_nak.version_count; i++)
            if (a->u.bind_nak.versions[i].major != b->u.bind_nak.versions[i].major
                || a->u.bind_nak.versions[i].minor != b->u.bind_nak.versions[i].minor)
                return "bind_nak.versions[]";
        if (!a->u.bind_nak.has_signature != !b->u.bind_nak.has_signature) return "bind_nak.has_signature";
        if (a->u.bind_nak.has_signature
            && (memcmp(a->u.bind_nak.signature, b->u.bind_nak.signature, 16)
                || pdu_bytes_differ(a->u.bind_nak.extended_error, a->u.bind_nak.extended_error_length,
                                    b->u.bind_nak.extended_error, b->u.bind_nak.extended_error_length)))
            return "bind_nak.signature";
        break;
    }
    if (a->header.type == PDU_TYPE_REQUEST || a->header.type == PDU_TYPE_RESPONSE
        || a->header.type == PDU_TYPE_FAULT)
    {
        if (pdu_bytes_differ(a->stub_data, a->stub_length, b->stub_data, b->stub_length)) return "stub_data";
    }
    if (a->auth.length != b->auth.length) return "auth.length";
    if (a->auth.length
        && (a->auth.type != b->auth.type || a->auth.level != b->auth.level
            || a->auth.reserved != b->auth.reserved || a->auth.context_id != b->auth.context_id))
        return "auth trailer";
    if (pdu_bytes_differ(a->auth.value, a->auth.length, b->auth.value, b->auth.length)) return "auth.value";
    return NULL;
}

#endif
