/* pdu.c (host test): the PDU codec: spec vectors, round trips, big endian, every guard, allocation failures. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pdu.h"
#include "portable_alloc.h"
#include "uuid_core.h"
#include "test.h"
#include "pdu_compare.h"

/* PDU_CAPTURE_DIR=dir writes every PDU this test encodes to dir/NNNN.bin, one file each, for an
 * independent decoder (tshark) to check. */
static unsigned int capture_count;

static void capture(const uint8_t *buf, size_t length)
{
    const char *dir = getenv("PDU_CAPTURE_DIR");
    char path[4096];
    FILE *file;

    if (!dir) return;
    snprintf(path, sizeof(path), "%s/%04u.bin", dir, capture_count++);
    if (!(file = fopen(path, "wb")))
    {
        ok(0, "cannot create %s\n", path);
        return;
    }
    if (fwrite(buf, 1, length, file) != length) ok(0, "cannot write %s\n", path);
    fclose(file);
}

/* Encodes into a heap block of exactly the announced size (so the sanitizer sees any write past it) and
 * captures the result; NULL on failure, the status in *status. */
static uint8_t *encode(const struct pdu *pdu, size_t *length, enum pdu_status *status)
{
    size_t size = pdu_encoded_size(pdu), written = 0;
    uint8_t *buf = malloc(size ? size : 1);

    *status = pdu_encode(pdu, buf, size, &written);
    if (*status != PDU_OK || written != size)
    {
        if (*status == PDU_OK) *status = PDU_E_MALFORMED;
        free(buf);
        return NULL;
    }
    capture(buf, size);
    *length = size;
    return buf;
}

/* Decodes from a heap copy of exactly len bytes, which the caller frees after the PDU (its stub data and
 * auth value point into it). */
static enum pdu_status decode(const uint8_t *bytes, size_t len, struct pdu *pdu, uint8_t **copy)
{
    *copy = malloc(len ? len : 1);
    memcpy(*copy, bytes, len);
    return pdu_decode(*copy, len, pdu);
}

/* Decodes a hand-written vector that must be valid; checks that re-encoding gives the same bytes. */
static int decode_vector(const uint8_t *bytes, size_t len, struct pdu *pdu, uint8_t **copy)
{
    enum pdu_status status = decode(bytes, len, pdu, copy);
    size_t length = 0;
    uint8_t *again;

    ok(status == PDU_OK, "decode: %s\n", pdu_status_name(status));
    if (status != PDU_OK) return 0;
    again = encode(pdu, &length, &status);
    ok(again && length == len && !memcmp(again, bytes, len), "re-encoding: %s, %zu bytes of %zu\n",
       pdu_status_name(status), length, len);
    free(again);
    return 1;
}

/* a1b2c3d4-e5f6-4718-9a0b-c1d2e3f40516, a made-up interface UUID (so that no dissector claims the
 * made-up stub data), in GUID memory layout. */
static const uint8_t interface_uuid[16] =
{
    0xd4, 0xc3, 0xb2, 0xa1, 0xf6, 0xe5, 0x18, 0x47, 0x9a, 0x0b, 0xc1, 0xd2, 0xe3, 0xf4, 0x05, 0x16
};
/* 00112233-4455-6677-8899-aabbccddeeff as an object UUID. */
static const uint8_t object_uuid[16] =
{
    0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff
};

#define NDR_BYTES 0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60
#define NDR_BE_BYTES 0x8a, 0x88, 0x5d, 0x04, 0x1c, 0xeb, 0x11, 0xc9, 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60
#define IF_BYTES 0xd4, 0xc3, 0xb2, 0xa1, 0xf6, 0xe5, 0x18, 0x47, 0x9a, 0x0b, 0xc1, 0xd2, 0xe3, 0xf4, 0x05, 0x16
#define IF_BE_BYTES 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x47, 0x18, 0x9a, 0x0b, 0xc1, 0xd2, 0xe3, 0xf4, 0x05, 0x16
#define OBJECT_BYTES 0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff
#define OBJECT_BE_BYTES 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff

/* C706 12.6.4.3: a bind, first and last fragment, call id 1, max frags 4280, no association group, one
 * presentation context (id 0) for interface a1b2c3d4-e5f6-4718-9a0b-c1d2e3f40516 v1.0 with NDR 2.0. */
static const uint8_t bind_le[] =
{
    0x05, 0x00, 0x0b, 0x03, 0x10, 0x00, 0x00, 0x00, 0x48, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0xb8, 0x10, 0xb8, 0x10, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x01, 0x00,
    IF_BYTES, 0x01, 0x00, 0x00, 0x00,
    NDR_BYTES, 0x02, 0x00, 0x00, 0x00,
};

/* The same bind from a big-endian sender: drep 00 00 00 00 and every integer and UUID field swapped. */
static const uint8_t bind_be[] =
{
    0x05, 0x00, 0x0b, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x48, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x10, 0xb8, 0x10, 0xb8, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x01, 0x00,
    IF_BE_BYTES, 0x00, 0x00, 0x00, 0x01,
    NDR_BE_BYTES, 0x00, 0x00, 0x00, 0x02,
};

/* C706 12.6.4.4: its bind_ack: association group 0x53f0, secondary address "135" (port_any_t length 4
 * with the NUL, then 2 bytes of pad to restore 4-byte alignment), one result: acceptance of NDR 2.0. */
static const uint8_t bind_ack_le[] =
{
    0x05, 0x00, 0x0c, 0x03, 0x10, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0xb8, 0x10, 0xb8, 0x10, 0xf0, 0x53, 0x00, 0x00,
    0x04, 0x00, '1', '3', '5', 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, NDR_BYTES, 0x02, 0x00, 0x00, 0x00,
};

static const uint8_t bind_ack_be[] =
{
    0x05, 0x00, 0x0c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x10, 0xb8, 0x10, 0xb8, 0x00, 0x00, 0x53, 0xf0,
    0x00, 0x04, '1', '3', '5', 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, NDR_BE_BYTES, 0x00, 0x00, 0x00, 0x02,
};

/* C706 12.6.4.5: a bind_nak, reason 4 (protocol version not supported) and the one version we speak. */
static const uint8_t bind_nak_le[] =
{
    0x05, 0x00, 0x0d, 0x03, 0x10, 0x00, 0x00, 0x00, 0x15, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x04, 0x00, 0x01, 0x05, 0x00,
};

/* MS-RPCE 2.2.2.9: a bind_nak, reason 2 (local limit exceeded), two versions, then the extended error
 * Signature 90740320-fad0-11d3-82d7-009027b130ab and 4 bytes of BLOB. */
static const uint8_t bind_nak_signature_le[] =
{
    0x05, 0x00, 0x0d, 0x03, 0x10, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x02, 0x05, 0x00, 0x05, 0x01,
    0x20, 0x03, 0x74, 0x90, 0xd0, 0xfa, 0xd3, 0x11, 0x82, 0xd7, 0x00, 0x90, 0x27, 0xb1, 0x30, 0xab,
    0xde, 0xad, 0xbe, 0xef,
};

/* C706 12.6.4.9: a request with an object UUID (PFC_OBJECT_UUID), call id 2, alloc hint 4, context 0,
 * opnum 5, and 4 bytes of stub data. */
static const uint8_t request_object_le[] =
{
    0x05, 0x00, 0x00, 0x83, 0x10, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
    0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00,
    OBJECT_BYTES,
    0xde, 0xad, 0xbe, 0xef,
};

static const uint8_t request_object_be[] =
{
    0x05, 0x00, 0x00, 0x83, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x05,
    OBJECT_BE_BYTES,
    0xde, 0xad, 0xbe, 0xef,
};

/* C706 12.6.4.7: a fault for call 2 with PFC_DID_NOT_EXECUTE, status nca_s_op_rng_error, no stub. */
static const uint8_t fault_le[] =
{
    0x05, 0x00, 0x03, 0x23, 0x10, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x1c, 0x00, 0x00, 0x00, 0x00,
};

/* A response with an NTLM-like auth trailer: 5 stub bytes, 11 bytes of auth pad (16-byte alignment from
 * the stub start), sec_trailer type 10, level 6, pad 11, context id 0x01020304, 16 bytes of auth value. */
static const uint8_t response_auth_le[] =
{
    0x05, 0x00, 0x02, 0x03, 0x10, 0x00, 0x00, 0x00, 0x40, 0x00, 0x10, 0x00, 0x03, 0x00, 0x00, 0x00,
    0x05, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x11, 0x22, 0x33, 0x44, 0x55,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x0a, 0x06, 0x0b, 0x00, 0x04, 0x03, 0x02, 0x01,
    0x01, 0x00, 0x00, 0x00, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
};

static const uint8_t response_auth_be[] =
{
    0x05, 0x00, 0x02, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x10, 0x00, 0x00, 0x00, 0x03,
    0x00, 0x00, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00,
    0x11, 0x22, 0x33, 0x44, 0x55,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x0a, 0x06, 0x0b, 0x00, 0x01, 0x02, 0x03, 0x04,
    0x01, 0x00, 0x00, 0x00, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
};

static void check_header(const struct pdu_header *h, uint8_t type, uint8_t flags, uint16_t frag_length,
                         uint16_t auth_length, uint32_t call_id)
{
    ok(h->version == 5 && h->version_minor == 0, "version %u.%u\n", h->version, h->version_minor);
    ok(h->type == type, "type %u\n", h->type);
    ok(h->flags == flags, "flags %#x\n", h->flags);
    ok(h->frag_length == frag_length, "frag_length %u\n", h->frag_length);
    ok(h->auth_length == auth_length, "auth_length %u\n", h->auth_length);
    ok(h->call_id == call_id, "call_id %u\n", h->call_id);
}

static void test_bind_vector(void)
{
    const struct pdu_context *context;
    struct pdu pdu;
    uint8_t *copy;

    if (!decode_vector(bind_le, sizeof(bind_le), &pdu, &copy)) goto done;
    check_header(&pdu.header, PDU_TYPE_BIND, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 72, 0, 1);
    ok(!memcmp(pdu.header.drep, "\x10\0\0\0", 4), "drep %02x %02x\n", pdu.header.drep[0], pdu.header.drep[1]);
    ok(pdu.u.bind.max_xmit_frag == 4280 && pdu.u.bind.max_recv_frag == 4280, "frags %u %u\n",
       pdu.u.bind.max_xmit_frag, pdu.u.bind.max_recv_frag);
    ok(pdu.u.bind.assoc_group_id == 0, "assoc_group_id %#x\n", pdu.u.bind.assoc_group_id);
    ok(pdu.u.bind.context_count == 1, "context_count %u\n", pdu.u.bind.context_count);
    context = pdu.u.bind.contexts;
    ok(context->context_id == 0 && context->transfer_count == 1, "context %u, %u transfer syntaxes\n",
       context->context_id, context->transfer_count);
    ok(!memcmp(context->abstract_syntax.uuid, interface_uuid, 16), "abstract syntax uuid\n");
    ok(context->abstract_syntax.version_major == 1 && context->abstract_syntax.version_minor == 0,
       "abstract syntax version %u.%u\n", context->abstract_syntax.version_major,
       context->abstract_syntax.version_minor);
    ok(pdu_syntax_equal(&context->transfer_syntaxes[0], &pdu_syntax_ndr), "transfer syntax is not NDR\n");
    ok(pdu.stub_length == 0 && pdu.auth.length == 0, "stub %zu, auth %zu\n", pdu.stub_length, pdu.auth.length);
    pdu_release(&pdu);
    ok(!pdu.u.bind.contexts && !pdu.u.bind.context_count, "pdu_release leaves %p\n", pdu.u.bind.contexts);
done:
    free(copy);
}

static void test_bind_ack_vector(void)
{
    const struct pdu_result *result;
    struct pdu pdu;
    uint8_t *copy;

    if (!decode_vector(bind_ack_le, sizeof(bind_ack_le), &pdu, &copy)) goto done;
    check_header(&pdu.header, PDU_TYPE_BIND_ACK, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 60, 0, 1);
    ok(pdu.u.bind_ack.max_xmit_frag == 4280 && pdu.u.bind_ack.max_recv_frag == 4280, "frags %u %u\n",
       pdu.u.bind_ack.max_xmit_frag, pdu.u.bind_ack.max_recv_frag);
    ok(pdu.u.bind_ack.assoc_group_id == 0x53f0, "assoc_group_id %#x\n", pdu.u.bind_ack.assoc_group_id);
    ok(pdu.u.bind_ack.secondary_address_length == 4
       && !memcmp(pdu.u.bind_ack.secondary_address, "135", 4), "secondary address length %u\n",
       pdu.u.bind_ack.secondary_address_length);
    ok(pdu.u.bind_ack.result_count == 1, "result_count %u\n", pdu.u.bind_ack.result_count);
    result = pdu.u.bind_ack.results;
    ok(result->result == PDU_RESULT_ACCEPTANCE && result->reason == 0, "result %u reason %u\n",
       result->result, result->reason);
    ok(pdu_syntax_equal(&result->transfer_syntax, &pdu_syntax_ndr), "accepted syntax is not NDR\n");
    pdu_release(&pdu);
done:
    free(copy);
}

static void test_bind_nak_vectors(void)
{
    struct pdu pdu;
    uint8_t *copy;

    if (decode_vector(bind_nak_le, sizeof(bind_nak_le), &pdu, &copy))
    {
        check_header(&pdu.header, PDU_TYPE_BIND_NAK, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 21, 0, 1);
        ok(pdu.u.bind_nak.reject_reason == PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED, "reason %u\n",
           pdu.u.bind_nak.reject_reason);
        ok(pdu.u.bind_nak.version_count == 1 && pdu.u.bind_nak.versions[0].major == 5
           && pdu.u.bind_nak.versions[0].minor == 0, "%u versions\n", pdu.u.bind_nak.version_count);
        ok(!pdu.u.bind_nak.has_signature, "has_signature %d\n", pdu.u.bind_nak.has_signature);
        pdu_release(&pdu);
    }
    free(copy);

    if (decode_vector(bind_nak_signature_le, sizeof(bind_nak_signature_le), &pdu, &copy))
    {
        check_header(&pdu.header, PDU_TYPE_BIND_NAK, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 43, 0, 9);
        ok(pdu.u.bind_nak.reject_reason == PDU_REJECT_LOCAL_LIMIT_EXCEEDED, "reason %u\n",
           pdu.u.bind_nak.reject_reason);
        ok(pdu.u.bind_nak.version_count == 2 && pdu.u.bind_nak.versions[1].major == 5
           && pdu.u.bind_nak.versions[1].minor == 1, "%u versions\n", pdu.u.bind_nak.version_count);
        ok(pdu.u.bind_nak.has_signature
           && !memcmp(pdu.u.bind_nak.signature, pdu_extended_error_signature, 16), "signature\n");
        ok(pdu.u.bind_nak.extended_error_length == 4
           && !memcmp(pdu.u.bind_nak.extended_error, "\xde\xad\xbe\xef", 4), "extended error %zu bytes\n",
           pdu.u.bind_nak.extended_error_length);
        pdu_release(&pdu);
    }
    free(copy);
}

static void test_request_vector(void)
{
    struct pdu pdu;
    uint8_t *copy;

    if (!decode_vector(request_object_le, sizeof(request_object_le), &pdu, &copy)) goto done;
    check_header(&pdu.header, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG | PDU_FLAG_OBJECT_UUID,
                 44, 0, 2);
    ok(pdu.u.request.alloc_hint == 4, "alloc_hint %u\n", pdu.u.request.alloc_hint);
    ok(pdu.u.request.context_id == 0 && pdu.u.request.opnum == 5, "context %u opnum %u\n",
       pdu.u.request.context_id, pdu.u.request.opnum);
    ok(!memcmp(pdu.u.request.object, object_uuid, 16), "object uuid\n");
    ok(pdu.stub_length == 4 && pdu.stub_data == copy + 40 && !memcmp(pdu.stub_data, "\xde\xad\xbe\xef", 4),
       "stub %zu bytes at offset %td\n", pdu.stub_length, pdu.stub_data - copy);
    pdu_release(&pdu);
done:
    free(copy);
}

static void test_fault_vector(void)
{
    struct pdu pdu;
    uint8_t *copy;

    if (!decode_vector(fault_le, sizeof(fault_le), &pdu, &copy)) goto done;
    check_header(&pdu.header, PDU_TYPE_FAULT,
                 PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG | PDU_FLAG_DID_NOT_EXECUTE, 32, 0, 2);
    ok(pdu.u.fault.alloc_hint == 0 && pdu.u.fault.context_id == 0 && pdu.u.fault.cancel_count == 0
       && pdu.u.fault.flags == 0, "alloc_hint %u context %u\n", pdu.u.fault.alloc_hint, pdu.u.fault.context_id);
    ok(pdu.u.fault.status == PDU_NCA_S_OP_RNG_ERROR, "status %#x\n", pdu.u.fault.status);
    ok(pdu.stub_length == 0, "stub %zu\n", pdu.stub_length);
    pdu_release(&pdu);
done:
    free(copy);
}

static void test_auth_vector(void)
{
    struct pdu pdu;
    uint8_t *copy;

    if (!decode_vector(response_auth_le, sizeof(response_auth_le), &pdu, &copy)) goto done;
    check_header(&pdu.header, PDU_TYPE_RESPONSE, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 64, 16, 3);
    ok(pdu.u.response.alloc_hint == 5 && pdu.u.response.context_id == 1, "alloc_hint %u context %u\n",
       pdu.u.response.alloc_hint, pdu.u.response.context_id);
    ok(pdu.stub_length == 5 && !memcmp(pdu.stub_data, "\x11\x22\x33\x44\x55", 5), "stub %zu\n", pdu.stub_length);
    ok(pdu.auth.type == 10 && pdu.auth.level == 6 && pdu.auth.pad_length == 11 && pdu.auth.reserved == 0,
       "trailer %u %u %u %u\n", pdu.auth.type, pdu.auth.level, pdu.auth.pad_length, pdu.auth.reserved);
    ok(pdu.auth.context_id == 0x01020304, "auth context id %#x\n", pdu.auth.context_id);
    ok(pdu.auth.length == 16 && pdu.auth.value == copy + 48, "auth value %zu bytes at offset %td\n",
       pdu.auth.length, pdu.auth.value - copy);
    pdu_release(&pdu);
done:
    free(copy);
}

/* Big-endian senders: each vector decodes to the same fields as its little-endian twin. */
static void test_big_endian(void)
{
    static const struct { const uint8_t *le, *be; size_t size; } pairs[] =
    {
        { bind_le, bind_be, sizeof(bind_le) },
        { bind_ack_le, bind_ack_be, sizeof(bind_ack_le) },
        { request_object_le, request_object_be, sizeof(request_object_le) },
        { response_auth_le, response_auth_be, sizeof(response_auth_le) },
    };
    size_t i;

    for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
    {
        struct pdu le, be;
        uint8_t *le_copy, *be_copy;
        enum pdu_status le_status = decode(pairs[i].le, pairs[i].size, &le, &le_copy);
        enum pdu_status be_status = decode(pairs[i].be, pairs[i].size, &be, &be_copy);
        const char *difference = NULL;

        ok(le_status == PDU_OK && be_status == PDU_OK, "pair %zu: %s, %s\n", i, pdu_status_name(le_status),
           pdu_status_name(be_status));
        if (le_status == PDU_OK && be_status == PDU_OK)
        {
            difference = pdu_difference(&le, &be);
            ok(!difference, "pair %zu differs in %s\n", i, difference);
            ok(be.header.frag_length == pairs[i].size && be.header.drep[0] == 0, "pair %zu: frag_length %u\n",
               i, be.header.frag_length);
        }
        pdu_release(&le);
        pdu_release(&be);
        free(le_copy);
        free(be_copy);
    }
}

/* Material for the round trips. */
static const uint8_t stub_bytes[40] =
{
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40
};
static const uint8_t auth_bytes[76] = { 0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0, 1 };
static struct pdu_syntax features_syntax;
static struct pdu_syntax interface_v12;
static struct pdu_syntax transfer_pair[2];
static struct pdu_context one_context[1];
static struct pdu_context many_contexts[3];
static struct pdu_result one_result[1];
static struct pdu_result many_results[3];
static const struct pdu_version one_version[] = { { 5, 0 } };
static const struct pdu_version many_versions[] = { { 5, 0 }, { 5, 1 }, { 4, 0 } };
static const uint8_t ext_error[] = { 1, 0, 0, 0, 0xaa, 0xbb };
static const uint8_t pipe_address[] = "\\PIPE\\lsass";

static void setup_material(void)
{
    pdu_syntax_make_features(PDU_FEATURE_SECURITY_CONTEXT_MULTIPLEXING | PDU_FEATURE_KEEP_CONNECTION_ON_ORPHAN,
                             &features_syntax);
    memcpy(interface_v12.uuid, interface_uuid, 16);
    interface_v12.version_major = 1;
    interface_v12.version_minor = 2;
    transfer_pair[0] = pdu_syntax_ndr;
    transfer_pair[1] = pdu_syntax_ndr64;

    one_context[0] = (struct pdu_context){ 0, 1, interface_v12, &pdu_syntax_ndr };
    many_contexts[0] = (struct pdu_context){ 0, 2, interface_v12, transfer_pair };
    many_contexts[1] = (struct pdu_context){ 1, 1, interface_v12, &features_syntax };
    many_contexts[2] = (struct pdu_context){ 0xfffe, 0, interface_v12, NULL };

    one_result[0] = (struct pdu_result){ PDU_RESULT_ACCEPTANCE, 0, pdu_syntax_ndr };
    many_results[0] = (struct pdu_result){ PDU_RESULT_ACCEPTANCE, 0, pdu_syntax_ndr64 };
    many_results[1] = (struct pdu_result){ PDU_RESULT_NEGOTIATE_ACK,
                                           PDU_FEATURE_KEEP_CONNECTION_ON_ORPHAN, { { 0 }, 0, 0 } };
    many_results[2] = (struct pdu_result){ PDU_RESULT_PROVIDER_REJECTION,
                                           PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED, { { 0 }, 0, 0 } };
}

#define FIRST_LAST (PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG)

static struct pdu make(uint8_t type, uint8_t flags, uint32_t call_id)
{
    struct pdu pdu;

    memset(&pdu, 0, sizeof(pdu));
    pdu.header.type = type;
    pdu.header.flags = flags;
    pdu.header.call_id = call_id;
    return pdu;
}

static void add_stub(struct pdu *pdu, size_t length)
{
    pdu->stub_data = stub_bytes;
    pdu->stub_length = length;
}

/* Auth type 10 (NTLMSSP) carries the start of an NTLMSSP message or a 16-byte verifier; other lengths use
 * type 0x7e, which no security provider (and no dissector) claims. */
static void add_auth(struct pdu *pdu, size_t length, uint32_t context_id)
{
    pdu->auth.type = length == 16 || length == sizeof(auth_bytes) ? 10 : 0x7e;
    pdu->auth.level = 6;
    pdu->auth.reserved = 0;
    pdu->auth.context_id = context_id;
    pdu->auth.value = auth_bytes;
    pdu->auth.length = length;
}

static void set_bind(struct pdu *pdu, uint32_t assoc_group_id, uint8_t count, const struct pdu_context *contexts)
{
    pdu->u.bind = (struct pdu_bind){ 5840, 5840, assoc_group_id, count, contexts };
}

static void set_bind_ack(struct pdu *pdu, const uint8_t *address, uint16_t address_length, uint8_t count,
                         const struct pdu_result *results)
{
    pdu->u.bind_ack = (struct pdu_bind_ack){ 4280, 4280, 0x12345, address_length, address, count, results };
}

/* Every type in several variants; returns how many were written to pdus. */
static size_t make_variants(struct pdu *pdus)
{
    static const uint8_t bind_types[] = { PDU_TYPE_BIND, PDU_TYPE_ALTER_CONTEXT };
    static const uint8_t ack_types[] = { PDU_TYPE_BIND_ACK, PDU_TYPE_ALTER_CONTEXT_RESP };
    size_t n = 0, i;
    uint8_t type;

    /* request: plain, empty stub, with object, with auth of several lengths, middle fragment, maybe */
    pdus[n] = make(PDU_TYPE_REQUEST, FIRST_LAST, 1);
    pdus[n].u.request = (struct pdu_request){ 8, 0, 3, { 0 } };
    add_stub(&pdus[n++], 8);
    pdus[n] = make(PDU_TYPE_REQUEST, FIRST_LAST, 2);
    pdus[n++].u.request = (struct pdu_request){ 0, 1, 0, { 0 } };
    pdus[n] = make(PDU_TYPE_REQUEST, FIRST_LAST | PDU_FLAG_OBJECT_UUID, 3);
    pdus[n].u.request = (struct pdu_request){ 40, 2, 65535, { OBJECT_BYTES } };
    add_stub(&pdus[n++], 40);
    pdus[n] = make(PDU_TYPE_REQUEST, FIRST_LAST | PDU_FLAG_OBJECT_UUID, 4);
    pdus[n].u.request = (struct pdu_request){ 7, 0, 1, { OBJECT_BYTES } };
    add_stub(&pdus[n], 7);
    add_auth(&pdus[n++], 16, 1);
    pdus[n] = make(PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 5);
    pdus[n].u.request = (struct pdu_request){ 100, 0, 2, { 0 } };
    add_stub(&pdus[n], 32);
    add_auth(&pdus[n++], 76, 0xfffffff0);
    pdus[n] = make(PDU_TYPE_REQUEST, 0, 5);
    pdus[n].u.request = (struct pdu_request){ 68, 0, 2, { 0 } };
    add_stub(&pdus[n], 1);
    add_auth(&pdus[n++], 1, 0);
    pdus[n] = make(PDU_TYPE_REQUEST, FIRST_LAST | PDU_FLAG_MAYBE | PDU_FLAG_PENDING_CANCEL, 0xffffffff);
    pdus[n].u.request = (struct pdu_request){ 0, 7, 9, { 0 } };
    add_stub(&pdus[n++], 16);

    /* response: plain, cancel count, with auth, last fragment only */
    pdus[n] = make(PDU_TYPE_RESPONSE, FIRST_LAST, 1);
    pdus[n].u.response = (struct pdu_response){ 24, 0, 0 };
    add_stub(&pdus[n++], 24);
    pdus[n] = make(PDU_TYPE_RESPONSE, FIRST_LAST, 2);
    pdus[n++].u.response = (struct pdu_response){ 0, 3, 2 };
    pdus[n] = make(PDU_TYPE_RESPONSE, PDU_FLAG_LAST_FRAG, 3);
    pdus[n].u.response = (struct pdu_response){ 13, 1, 0 };
    add_stub(&pdus[n], 13);
    add_auth(&pdus[n++], 16, 7);

    /* fault: plain, extended error flag with stub, with auth */
    pdus[n] = make(PDU_TYPE_FAULT, FIRST_LAST | PDU_FLAG_DID_NOT_EXECUTE, 1);
    pdus[n++].u.fault = (struct pdu_fault){ 0, 0, 0, 0, PDU_NCA_S_UNK_IF };
    pdus[n] = make(PDU_TYPE_FAULT, FIRST_LAST, 2);
    pdus[n].u.fault = (struct pdu_fault){ 40, 1, 1, PDU_FAULT_FLAG_EXTENDED_ERROR, PDU_NCA_S_FAULT_NDR };
    add_stub(&pdus[n++], 40);
    pdus[n] = make(PDU_TYPE_FAULT, FIRST_LAST, 3);
    pdus[n].u.fault = (struct pdu_fault){ 0, 0, 0, 0, 5 };
    add_auth(&pdus[n++], 16, 2);

    /* bind and alter_context: no context, one, several with NDR64 and feature negotiation, with auth */
    for (i = 0; i < sizeof(bind_types); i++)
    {
        type = bind_types[i];
        pdus[n] = make(type, FIRST_LAST, 1);
        set_bind(&pdus[n++], 0, 0, NULL);
        pdus[n] = make(type, FIRST_LAST | PDU_FLAG_CONC_MPX, 2);
        set_bind(&pdus[n++], 0x1234, 1, one_context);
        pdus[n] = make(type, FIRST_LAST | PDU_FLAG_SUPPORT_HEADER_SIGN, 3);
        set_bind(&pdus[n++], 0, 3, many_contexts);
        pdus[n] = make(type, FIRST_LAST, 4);
        set_bind(&pdus[n], 0, 3, many_contexts);
        add_auth(&pdus[n++], 40, 0);
    }

    /* bind_ack and alter_context_resp: "135", no address, an odd-length pipe name, several results */
    for (i = 0; i < sizeof(ack_types); i++)
    {
        type = ack_types[i];
        pdus[n] = make(type, FIRST_LAST, 1);
        set_bind_ack(&pdus[n++], (const uint8_t *)"135", 4, 1, one_result);
        pdus[n] = make(type, FIRST_LAST, 2);
        set_bind_ack(&pdus[n++], NULL, 0, 3, many_results);
        pdus[n] = make(type, FIRST_LAST, 3);
        set_bind_ack(&pdus[n++], pipe_address, sizeof(pipe_address), 0, NULL);
        pdus[n] = make(type, FIRST_LAST, 4);
        set_bind_ack(&pdus[n], (const uint8_t *)"49152", 6, 3, many_results);
        add_auth(&pdus[n++], 60, 0);
        pdus[n] = make(type, FIRST_LAST, 5);
        set_bind_ack(&pdus[n++], (const uint8_t *)"1", 1, 1, one_result);
    }

    /* bind_nak: no versions, versions, Signature alone, Signature and extended error */
    pdus[n] = make(PDU_TYPE_BIND_NAK, FIRST_LAST, 1);
    pdus[n++].u.bind_nak = (struct pdu_bind_nak){ PDU_REJECT_REASON_NOT_SPECIFIED, 0, NULL, 0, { 0 }, NULL, 0 };
    pdus[n] = make(PDU_TYPE_BIND_NAK, FIRST_LAST, 2);
    pdus[n++].u.bind_nak = (struct pdu_bind_nak){ PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED, 3, many_versions,
                                                  0, { 0 }, NULL, 0 };
    pdus[n] = make(PDU_TYPE_BIND_NAK, FIRST_LAST, 3);
    pdus[n].u.bind_nak = (struct pdu_bind_nak){ PDU_REJECT_LOCAL_LIMIT_EXCEEDED, 1, one_version, 1, { 0 },
                                                NULL, 0 };
    memcpy(pdus[n++].u.bind_nak.signature, object_uuid, 16);
    pdus[n] = make(PDU_TYPE_BIND_NAK, FIRST_LAST, 4);
    pdus[n].u.bind_nak = (struct pdu_bind_nak){ PDU_REJECT_AUTHENTICATION_TYPE_NOT_RECOGNIZED, 1, one_version,
                                                1, { 0 }, ext_error, sizeof(ext_error) };
    memcpy(pdus[n++].u.bind_nak.signature, pdu_extended_error_signature, 16);

    /* auth3 (auth required), shutdown, co_cancel and orphaned with and without auth */
    pdus[n] = make(PDU_TYPE_AUTH3, FIRST_LAST, 1);
    add_auth(&pdus[n++], 76, 0);
    pdus[n] = make(PDU_TYPE_AUTH3, FIRST_LAST | PDU_FLAG_SUPPORT_HEADER_SIGN, 2);
    add_auth(&pdus[n++], 3, 5);
    pdus[n++] = make(PDU_TYPE_SHUTDOWN, FIRST_LAST, 0);
    pdus[n++] = make(PDU_TYPE_CO_CANCEL, FIRST_LAST, 1);
    pdus[n] = make(PDU_TYPE_CO_CANCEL, FIRST_LAST, 2);
    add_auth(&pdus[n++], 16, 0);
    pdus[n++] = make(PDU_TYPE_ORPHANED, FIRST_LAST, 3);
    pdus[n] = make(PDU_TYPE_ORPHANED, FIRST_LAST, 4);
    add_auth(&pdus[n++], 16, 0);
    return n;
}

#define MAX_VARIANTS 64

/* Encode -> decode of every variant: the fields come back, the lengths are right, the trailer is 16-byte
 * aligned from the stub data, and the decoder fails each allocation cleanly. */
static void test_round_trips(void)
{
    static struct pdu pdus[MAX_VARIANTS];
    size_t count = make_variants(pdus), i, failures = 0, first = 0, alloc_failures = 0, alloc_first = 0;
    const char *what = "";
    uint8_t seen[20] = { 0 };

    ok(count <= MAX_VARIANTS, "%zu variants\n", count);
    for (i = 0; i < count; i++)
    {
        enum pdu_status status;
        struct pdu decoded;
        const char *difference = NULL;
        size_t length = 0, trailer;
        uint8_t *buf = encode(&pdus[i], &length, &status);
        long live = portable_alloc_live(), n;

        seen[pdus[i].header.type] = 1;
        if (!buf)
        {
            if (!failures++) first = i, what = pdu_status_name(status);
            continue;
        }
        status = pdu_decode(buf, length, &decoded);
        if (status != PDU_OK) difference = pdu_status_name(status);
        else if (!(difference = pdu_difference(&pdus[i], &decoded)))
        {
            trailer = length - decoded.auth.length - PDU_AUTH_TRAILER_SIZE;
            if (decoded.header.frag_length != length) difference = "frag_length";
            else if (decoded.header.auth_length != pdus[i].auth.length) difference = "auth_length";
            else if (decoded.header.drep[0] != 0x10 || decoded.header.version != 5) difference = "drep/version";
            else if (decoded.auth.length && decoded.stub_data
                     && (trailer - (size_t)(decoded.stub_data - buf)) % 16) difference = "trailer alignment";
            else if (decoded.auth.length && trailer % 4) difference = "trailer 4-byte alignment";
        }
        if (difference && !failures++) first = i, what = difference;
        pdu_release(&decoded);

        /* Fail the n-th allocation for every n until the decoder needs no more. */
        for (n = 0;; n++)
        {
            portable_alloc_fail_at(n);
            status = pdu_decode(buf, length, &decoded);
            portable_alloc_fail_at(-1);
            pdu_release(&decoded);
            if (status == PDU_OK) break;
            if ((status != PDU_E_NO_MEMORY || portable_alloc_live() != live) && !alloc_failures++) alloc_first = i;
            if (status != PDU_E_NO_MEMORY) break;
        }
        if (portable_alloc_live() != live && !alloc_failures++) alloc_first = i;
        free(buf);
    }
    ok(!failures, "%zu of %zu round trips failed, the first variant %zu in %s\n", failures, count, first, what);
    ok(!alloc_failures, "%zu allocation-failure runs failed, the first variant %zu\n", alloc_failures,
       alloc_first);
    for (i = 0; i < sizeof(seen); i++)
        if (!seen[i] != (pdu_check_direction(i, 1) == PDU_E_TYPE)) break;
    ok(i == sizeof(seen), "type %zu has no round trip\n", i);
}

/* The bind with many contexts that the allocation-failure run of the brief names: 40 contexts of up to 3
 * transfer syntaxes each. */
static void test_bind_allocation_failures(void)
{
    static struct pdu_context contexts[40];
    struct pdu pdu = make(PDU_TYPE_BIND, FIRST_LAST, 1), decoded;
    enum pdu_status status;
    size_t length = 0, i;
    long live = portable_alloc_live(), n, wrong = 0, calls;
    uint8_t *buf;

    for (i = 0; i < 40; i++)
        contexts[i] = (struct pdu_context){ (uint16_t)i, (uint8_t)(i % 3), interface_v12, transfer_pair };
    set_bind(&pdu, 7, 40, contexts);
    buf = encode(&pdu, &length, &status);
    ok(buf != NULL, "encode: %s\n", pdu_status_name(status));
    if (!buf) return;
    for (n = 0;; n++)
    {
        calls = portable_alloc_calls();
        portable_alloc_fail_at(n);
        status = pdu_decode(buf, length, &decoded);
        portable_alloc_fail_at(-1);
        if (status == PDU_OK) break;
        if (status != PDU_E_NO_MEMORY || portable_alloc_live() != live) wrong++;
        if (portable_alloc_calls() == calls) break;   /* no allocation was asked for: nothing to fail */
    }
    ok(status == PDU_OK && !wrong, "after %ld failed allocations: %s, %ld wrong\n", n, pdu_status_name(status),
       wrong);
    ok(n >= 1, "the decoder allocated %ld times\n", n);
    ok(!pdu_difference(&pdu, &decoded), "differs in %s\n", pdu_difference(&pdu, &decoded));
    pdu_release(&decoded);
    ok(portable_alloc_live() == live, "%ld allocations leaked\n", portable_alloc_live() - live);
    free(buf);
}

/* One malformed input and the status it must get. */
struct guard_case
{
    const char *name;
    enum pdu_status status;
    size_t length;
    uint8_t bytes[96];
};

#define HDR(type, flags, frag, auth) 0x05, 0x00, (type), (flags), 0x10, 0x00, 0x00, 0x00, \
    (frag) & 0xff, (frag) >> 8, (auth) & 0xff, (auth) >> 8, 0x01, 0x00, 0x00, 0x00

static const struct guard_case guards[] =
{
    { "short header", PDU_E_INCOMPLETE, 15, { HDR(PDU_TYPE_SHUTDOWN, 3, 16, 0) } },
    { "fewer bytes than frag_length", PDU_E_INCOMPLETE, 24, { HDR(PDU_TYPE_REQUEST, 3, 25, 0) } },
    { "version 4", PDU_E_VERSION, 16, { 0x04, 0x00, PDU_TYPE_SHUTDOWN, 3, 0x10, 0, 0, 0, 16, 0, 0, 0 } },
    { "version 5.1", PDU_E_VERSION, 16, { 0x05, 0x01, PDU_TYPE_SHUTDOWN, 3, 0x10, 0, 0, 0, 16, 0, 0, 0 } },
    { "integer representation 2", PDU_E_DREP, 16, { 0x05, 0x00, PDU_TYPE_SHUTDOWN, 3, 0x20, 0, 0, 0, 16 } },
    { "character representation 2", PDU_E_DREP, 16, { 0x05, 0x00, PDU_TYPE_SHUTDOWN, 3, 0x12, 0, 0, 0, 16 } },
    { "float representation 4", PDU_E_DREP, 16, { 0x05, 0x00, PDU_TYPE_SHUTDOWN, 3, 0x10, 4, 0, 0, 16 } },
    { "connectionless ping", PDU_E_TYPE, 16, { HDR(1, 3, 16, 0) } },
    { "type 20", PDU_E_TYPE, 16, { HDR(20, 3, 16, 0) } },
    { "type 255", PDU_E_TYPE, 16, { HDR(255, 3, 16, 0) } },
    { "frag_length 0", PDU_E_ZERO_LENGTH, 16, { HDR(PDU_TYPE_SHUTDOWN, 3, 0, 0) } },
    { "frag_length 15", PDU_E_FRAG_LENGTH, 16, { HDR(PDU_TYPE_SHUTDOWN, 3, 15, 0) } },
    { "request shorter than its body", PDU_E_FRAG_LENGTH, 23, { HDR(PDU_TYPE_REQUEST, 3, 23, 0) } },
    { "request without room for its object", PDU_E_FRAG_LENGTH, 39, { HDR(PDU_TYPE_REQUEST, 0x83, 39, 0) } },
    { "fault shorter than its body", PDU_E_FRAG_LENGTH, 31, { HDR(PDU_TYPE_FAULT, 3, 31, 0) } },
    { "bind shorter than its body", PDU_E_FRAG_LENGTH, 27, { HDR(PDU_TYPE_BIND, 3, 27, 0) } },
    { "bind_nak shorter than its body", PDU_E_FRAG_LENGTH, 18, { HDR(PDU_TYPE_BIND_NAK, 3, 18, 0) } },
    { "auth3 shorter than its body", PDU_E_FRAG_LENGTH, 19, { HDR(PDU_TYPE_AUTH3, 3, 19, 0) } },
    { "bind_ack without room for its result list", PDU_E_FRAG_LENGTH, 32,
      { HDR(PDU_TYPE_BIND_ACK, 3, 32, 0), 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, '1', '3', '5', 0 } },
    { "auth longer than the fragment", PDU_E_AUTH_LENGTH, 24, { HDR(PDU_TYPE_CO_CANCEL, 3, 24, 1) } },
    { "auth over the request body", PDU_E_AUTH_LENGTH, 40, { HDR(PDU_TYPE_REQUEST, 3, 40, 9) } },
    { "auth pad longer than the stub", PDU_E_AUTH_LENGTH, 40,
      { HDR(PDU_TYPE_REQUEST, 3, 40, 4), 0, 0, 0, 0, 0, 0, 0, 0, 0xee, 0xee, 0xee, 0xee, 10, 6, 5, 0, 0, 0, 0, 0 } },
    { "auth pad longer than the gap", PDU_E_AUTH_LENGTH, 28,
      { HDR(PDU_TYPE_ORPHANED, 3, 28, 4), 10, 6, 1, 0, 0, 0, 0, 0 } },
    { "auth on a bind_nak", PDU_E_AUTH_LENGTH, 32, { HDR(PDU_TYPE_BIND_NAK, 3, 32, 4), 0, 0, 0, 0 } },
    { "auth on a shutdown", PDU_E_AUTH_LENGTH, 28, { HDR(PDU_TYPE_SHUTDOWN, 3, 28, 4) } },
    { "auth3 without auth", PDU_E_AUTH_LENGTH, 20, { HDR(PDU_TYPE_AUTH3, 3, 20, 0) } },
    { "bytes after frag_length", PDU_E_TRAILING, 17, { HDR(PDU_TYPE_SHUTDOWN, 3, 16, 0) } },
    { "co_cancel with a body", PDU_E_TRAILING, 20, { HDR(PDU_TYPE_CO_CANCEL, 3, 20, 0) } },
    { "orphaned with bytes before its trailer", PDU_E_TRAILING, 32,
      { HDR(PDU_TYPE_ORPHANED, 3, 32, 4), 0, 0, 0, 0, 10, 6, 0, 0, 0, 0, 0, 0 } },
    { "auth3 with a body", PDU_E_TRAILING, 36,
      { HDR(PDU_TYPE_AUTH3, 3, 36, 4), 0, 0, 0, 0, 0, 0, 0, 0, 10, 6, 0, 0, 0, 0, 0, 0 } },
    { "bind with bytes after its list", PDU_E_TRAILING, 32, { HDR(PDU_TYPE_BIND, 3, 32, 0) } },
    { "bind_ack with bytes after its list", PDU_E_TRAILING, 36,
      { HDR(PDU_TYPE_BIND_ACK, 3, 36, 0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 } },
    { "two contexts, room for one", PDU_E_CONTEXT_COUNT, 72,
      { HDR(PDU_TYPE_BIND, 3, 72, 0), 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0 } },
    { "context head without its abstract syntax", PDU_E_CONTEXT_COUNT, 40,
      { HDR(PDU_TYPE_ALTER_CONTEXT, 3, 40, 0), 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 } },
    { "two transfer syntaxes, room for one", PDU_E_CONTEXT_COUNT, 72,
      { HDR(PDU_TYPE_BIND, 3, 72, 0), 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0 } },
    { "255 contexts in a small bind", PDU_E_CONTEXT_COUNT, 28,
      { HDR(PDU_TYPE_BIND, 3, 28, 0), 0, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0 } },
    { "two results, room for one", PDU_E_CONTEXT_COUNT, 56,
      { HDR(PDU_TYPE_BIND_ACK, 3, 56, 0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0 } },
    { "three versions, room for two", PDU_E_CONTEXT_COUNT, 23,
      { HDR(PDU_TYPE_BIND_NAK, 3, 23, 0), 0, 0, 3, 5, 0, 5, 1 } },
    { "secondary address past the body", PDU_E_MALFORMED, 32,
      { HDR(PDU_TYPE_BIND_ACK, 3, 32, 0), 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, '1', '3', '5', 0, 0, 0 } },
};

static void test_guards(void)
{
    size_t i, failures = 0, first = 0;
    enum pdu_status got = PDU_OK;

    for (i = 0; i < sizeof(guards) / sizeof(guards[0]); i++)
    {
        struct pdu pdu;
        uint8_t *copy;
        long live = portable_alloc_live();
        enum pdu_status status = decode(guards[i].bytes, guards[i].length, &pdu, &copy);

        pdu_release(&pdu);
        free(copy);
        if ((status != guards[i].status || portable_alloc_live() != live) && !failures++) first = i, got = status;
    }
    ok(!failures, "%zu of %zu guards gave the wrong status, the first \"%s\": %s\n", failures, i,
       guards[first].name, pdu_status_name(got));

    /* pdu_decode_header needs 16 bytes and no more. */
    for (i = 0, failures = 0; i < PDU_HEADER_SIZE; i++)
    {
        struct pdu_header header;
        if (pdu_decode_header(bind_le, i, &header) != PDU_E_INCOMPLETE) failures++;
    }
    ok(!failures, "%zu short headers were not incomplete\n", failures);
    {
        struct pdu_header header;
        got = pdu_decode_header(bind_le, PDU_HEADER_SIZE, &header);
        ok(got == PDU_OK && header.frag_length == sizeof(bind_le), "header alone: %s, frag_length %u\n",
           pdu_status_name(got), header.frag_length);
        got = pdu_decode_header(guards[2].bytes, PDU_HEADER_SIZE, &header);
        ok(got == PDU_E_VERSION && header.type == PDU_TYPE_SHUTDOWN && header.call_id == 0,
           "bad header still filled: %s, type %u\n", pdu_status_name(got), header.type);
    }
}

/* A bind_nak's bytes after its versions: fewer than 16 are padding, 16 or more a Signature. */
static void test_bind_nak_padding(void)
{
    static const uint8_t padded[] = { HDR(PDU_TYPE_BIND_NAK, 3, 24, 0), 4, 0, 1, 5, 0, 0, 0, 0 };
    struct pdu pdu;
    uint8_t *copy;
    enum pdu_status status = decode(padded, sizeof(padded), &pdu, &copy);

    ok(status == PDU_OK && !pdu.u.bind_nak.has_signature && pdu.u.bind_nak.version_count == 1,
       "padded bind_nak: %s, signature %d\n", pdu_status_name(status), pdu.u.bind_nak.has_signature);
    pdu_release(&pdu);
    free(copy);
}

static void test_encode_errors(void)
{
    static uint8_t big_stub[70000];
    struct pdu pdu = make(PDU_TYPE_REQUEST, FIRST_LAST, 1);
    uint8_t buf[64];
    size_t written = 1, size;
    enum pdu_status status;

    add_stub(&pdu, 8);
    size = pdu_encoded_size(&pdu);
    ok(size == 32, "request size %zu\n", size);
    memset(buf, 0xcc, sizeof(buf));
    status = pdu_encode(&pdu, buf, size - 1, &written);
    ok(status == PDU_E_BUFFER_TOO_SMALL && written == 32, "one byte short: %s, written %zu\n",
       pdu_status_name(status), written);
    ok(buf[0] == 0xcc, "the buffer was written on failure\n");
    status = pdu_encode(&pdu, buf, 0, &written);
    ok(status == PDU_E_BUFFER_TOO_SMALL, "no room: %s\n", pdu_status_name(status));

    pdu.stub_data = big_stub;
    pdu.stub_length = sizeof(big_stub);
    status = pdu_encode(&pdu, buf, sizeof(buf), &written);
    ok(status == PDU_E_TOO_BIG, "70000 bytes of stub: %s\n", pdu_status_name(status));
    pdu.stub_length = 65535 - 24;
    size = pdu_encoded_size(&pdu);
    ok(size == 65535, "largest request %zu\n", size);
    add_auth(&pdu, 16, 0);
    ok(pdu_encoded_size(&pdu) > 65535, "with auth %zu\n", pdu_encoded_size(&pdu));
    status = pdu_encode(&pdu, buf, sizeof(buf), &written);
    ok(status == PDU_E_TOO_BIG, "65535 bytes and auth: %s\n", pdu_status_name(status));
    pdu.stub_length = 0;
    pdu.auth.value = big_stub;
    pdu.auth.length = 65536;
    status = pdu_encode(&pdu, buf, sizeof(buf), &written);
    ok(status == PDU_E_TOO_BIG, "65536 bytes of auth: %s\n", pdu_status_name(status));

    pdu = make(1, FIRST_LAST, 1);
    status = pdu_encode(&pdu, buf, sizeof(buf), &written);
    ok(status == PDU_E_TYPE && pdu_encoded_size(&pdu) == 0, "type 1: %s\n", pdu_status_name(status));
    pdu = make(PDU_TYPE_BIND_NAK, FIRST_LAST, 1);
    add_auth(&pdu, 16, 0);
    status = pdu_encode(&pdu, buf, sizeof(buf), &written);
    ok(status == PDU_E_AUTH_LENGTH, "bind_nak with auth: %s\n", pdu_status_name(status));
    pdu = make(PDU_TYPE_SHUTDOWN, FIRST_LAST, 1);
    add_auth(&pdu, 16, 0);
    status = pdu_encode(&pdu, buf, sizeof(buf), &written);
    ok(status == PDU_E_AUTH_LENGTH, "shutdown with auth: %s\n", pdu_status_name(status));
    pdu = make(PDU_TYPE_AUTH3, FIRST_LAST, 1);
    status = pdu_encode(&pdu, buf, sizeof(buf), &written);
    ok(status == PDU_E_AUTH_LENGTH, "auth3 without auth: %s\n", pdu_status_name(status));
}

static void test_direction(void)
{
    static const uint8_t from_client[] = { PDU_TYPE_REQUEST, PDU_TYPE_BIND, PDU_TYPE_ALTER_CONTEXT,
                                           PDU_TYPE_AUTH3, PDU_TYPE_CO_CANCEL, PDU_TYPE_ORPHANED };
    static const uint8_t from_server[] = { PDU_TYPE_RESPONSE, PDU_TYPE_FAULT, PDU_TYPE_BIND_ACK,
                                           PDU_TYPE_BIND_NAK, PDU_TYPE_ALTER_CONTEXT_RESP, PDU_TYPE_SHUTDOWN };
    size_t i, failures = 0;

    for (i = 0; i < sizeof(from_client); i++)
        if (pdu_check_direction(from_client[i], 1) != PDU_OK
            || pdu_check_direction(from_client[i], 0) != PDU_E_DIRECTION) failures++;
    for (i = 0; i < sizeof(from_server); i++)
        if (pdu_check_direction(from_server[i], 0) != PDU_OK
            || pdu_check_direction(from_server[i], 1) != PDU_E_DIRECTION) failures++;
    ok(!failures, "%zu types in the wrong direction\n", failures);
    ok(pdu_check_direction(1, 1) == PDU_E_TYPE && pdu_check_direction(200, 0) == PDU_E_TYPE,
       "unknown types\n");
}

static void test_status_reply(void)
{
    static const struct
    {
        enum pdu_status status;
        uint8_t type;
        enum pdu_reply reply;
        uint32_t code;
    }
    cases[] =
    {
        { PDU_OK, PDU_TYPE_REQUEST, PDU_REPLY_NONE, 0 },
        { PDU_E_INCOMPLETE, PDU_TYPE_BIND, PDU_REPLY_NONE, 0 },
        { PDU_E_VERSION, PDU_TYPE_BIND, PDU_REPLY_BIND_NAK, PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED },
        { PDU_E_VERSION, PDU_TYPE_REQUEST, PDU_REPLY_FAULT, PDU_NCA_S_PROTO_ERROR },
        { PDU_E_CONTEXT_COUNT, PDU_TYPE_BIND, PDU_REPLY_BIND_NAK, PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED },
        { PDU_E_CONTEXT_COUNT, PDU_TYPE_ALTER_CONTEXT, PDU_REPLY_FAULT, PDU_NCA_S_PROTO_ERROR },
        { PDU_E_DIRECTION, PDU_TYPE_RESPONSE, PDU_REPLY_FAULT, PDU_NCA_S_PROTO_ERROR },
        { PDU_E_TYPE, 1, PDU_REPLY_FAULT, PDU_NCA_S_PROTO_ERROR },
        { PDU_E_FRAG_LENGTH, PDU_TYPE_REQUEST, PDU_REPLY_FAULT, PDU_NCA_S_PROTO_ERROR },
        { PDU_E_ZERO_LENGTH, PDU_TYPE_BIND, PDU_REPLY_BIND_NAK, PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED },
        { PDU_E_AUTH_LENGTH, PDU_TYPE_AUTH3, PDU_REPLY_FAULT, PDU_NCA_S_PROTO_ERROR },
        { PDU_E_TRAILING, PDU_TYPE_CO_CANCEL, PDU_REPLY_FAULT, PDU_NCA_S_PROTO_ERROR },
        { PDU_E_MALFORMED, PDU_TYPE_REQUEST, PDU_REPLY_FAULT, PDU_NCA_S_PROTO_ERROR },
        { PDU_E_DREP, PDU_TYPE_BIND, PDU_REPLY_BIND_NAK, PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED },
        { PDU_E_CALL_ID, PDU_TYPE_REQUEST, PDU_REPLY_FAULT, PDU_NCA_S_PROTO_ERROR },
        { PDU_E_FRAGMENT_ORDER, PDU_TYPE_REQUEST, PDU_REPLY_FAULT, PDU_NCA_S_PROTO_ERROR },
        { PDU_E_NO_MEMORY, PDU_TYPE_BIND, PDU_REPLY_BIND_NAK, PDU_REJECT_LOCAL_LIMIT_EXCEEDED },
        { PDU_E_NO_MEMORY, PDU_TYPE_REQUEST, PDU_REPLY_FAULT, PDU_NCA_S_FAULT_REMOTE_NO_MEMORY },
        { PDU_E_TOO_BIG, PDU_TYPE_REQUEST, PDU_REPLY_FAULT, PDU_NCA_S_FAULT_REMOTE_NO_MEMORY },
        { PDU_E_TOO_BIG, PDU_TYPE_BIND, PDU_REPLY_BIND_NAK, PDU_REJECT_LOCAL_LIMIT_EXCEEDED },
        { PDU_E_BUFFER_TOO_SMALL, PDU_TYPE_REQUEST, PDU_REPLY_CLOSE, 0 },
    };
    size_t i, failures = 0, first = 0;
    uint32_t code = 0xcccccccc;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        code = 0xcccccccc;
        if ((pdu_status_reply(cases[i].status, cases[i].type, &code) != cases[i].reply || code != cases[i].code)
            && !failures++) first = i;
    }
    ok(!failures, "%zu wrong replies, the first for %s\n", failures, pdu_status_name(cases[first].status));

    for (i = PDU_OK, failures = 0; i <= PDU_E_ZERO_LENGTH; i++)
        if (!strcmp(pdu_status_name(i), "PDU_E_?") || strncmp(pdu_status_name(i), "PDU_", 4)) failures++;
    ok(!failures, "%zu statuses without a name\n", failures);
    ok(!strcmp(pdu_status_name(PDU_E_ZERO_LENGTH + 1), "PDU_E_?") && !strcmp(pdu_status_name(-1), "PDU_E_?"),
       "out of range: %s\n", pdu_status_name(PDU_E_ZERO_LENGTH + 1));
    ok(!strcmp(pdu_status_name(PDU_E_CONTEXT_COUNT), "PDU_E_CONTEXT_COUNT"), "got %s\n",
       pdu_status_name(PDU_E_CONTEXT_COUNT));
}

/* The syntax identifiers against their text form, parsed by the independent UUID core. */
static void test_syntaxes(void)
{
    static const uint8_t features_bytes[16] =
    {
        0x2c, 0x1c, 0xb7, 0x6c, 0x12, 0x98, 0x40, 0x45, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
    };
    struct uuid_fields fields;
    struct pdu_syntax syntax;
    uint8_t bytes[16];
    uint16_t features = 0;
    char text[UUID_STRING_LEN + 1];

    uuid_parse("8a885d04-1ceb-11c9-9fe8-08002b104860", UUID_STRING_LEN, &fields);
    uuid_to_bytes(&fields, bytes);
    ok(!memcmp(bytes, pdu_syntax_ndr.uuid, 16) && pdu_syntax_ndr.version_major == 2
       && pdu_syntax_ndr.version_minor == 0, "NDR syntax\n");
    uuid_parse("71710533-beba-4937-8319-b5dbef9ccc36", UUID_STRING_LEN, &fields);
    uuid_to_bytes(&fields, bytes);
    ok(!memcmp(bytes, pdu_syntax_ndr64.uuid, 16) && pdu_syntax_ndr64.version_major == 1
       && pdu_syntax_ndr64.version_minor == 0, "NDR64 syntax\n");
    uuid_parse("90740320-fad0-11d3-82d7-009027b130ab", UUID_STRING_LEN, &fields);
    uuid_to_bytes(&fields, bytes);
    ok(!memcmp(bytes, pdu_extended_error_signature, 16), "extended error signature\n");

    pdu_syntax_make_features(PDU_FEATURE_SECURITY_CONTEXT_MULTIPLEXING | PDU_FEATURE_KEEP_CONNECTION_ON_ORPHAN,
                             &syntax);
    uuid_from_bytes(syntax.uuid, &fields);
    uuid_format(&fields, text);
    ok(!strcmp(text, "6cb71c2c-9812-4540-0300-000000000000"), "feature syntax %s\n", text);
    ok(!memcmp(syntax.uuid, features_bytes, 16) && syntax.version_major == 1 && syntax.version_minor == 0,
       "feature syntax version %u.%u\n", syntax.version_major, syntax.version_minor);
    ok(pdu_syntax_is_features(&syntax, &features) && features == 3, "features %#x\n", features);
    ok(pdu_syntax_is_features(&syntax, NULL), "without features out\n");
    pdu_syntax_make_features(0x0100, &syntax);
    ok(syntax.uuid[8] == 0 && syntax.uuid[9] == 1 && pdu_syntax_is_features(&syntax, &features)
       && features == 0x0100, "Bitmask[1]: %#x\n", features);
    ok(!pdu_syntax_is_features(&pdu_syntax_ndr, &features), "NDR is no feature syntax\n");
    syntax.version_major = 2;
    ok(!pdu_syntax_is_features(&syntax, &features), "version 2.0 is no feature syntax\n");
    syntax.version_major = 1;
    syntax.uuid[7] ^= 1;
    ok(!pdu_syntax_is_features(&syntax, &features), "another prefix\n");
    ok(!pdu_syntax_equal(&pdu_syntax_ndr, &pdu_syntax_ndr64) && pdu_syntax_equal(&pdu_syntax_ndr, &pdu_syntax_ndr),
       "pdu_syntax_equal\n");
}

START_TEST(pdu)
{
    setup_material();
    test_bind_vector();
    test_bind_ack_vector();
    test_bind_nak_vectors();
    test_request_vector();
    test_fault_vector();
    test_auth_vector();
    test_big_endian();
    test_round_trips();
    test_bind_allocation_failures();
    test_guards();
    test_bind_nak_padding();
    test_encode_errors();
    test_direction();
    test_status_reply();
    test_syntaxes();
}
