/* pdu_decode.c: libFuzzer target: decode a fragment; a decoded one must re-encode, decode to the same fields,
 * and re-encode to the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pdu.h"
#include "host/pdu_compare.h"

/* Encodes pdu into a malloc'ed block of exactly its size; NULL when the PDU cannot be encoded because a
 * non-canonical auth pad on the wire made room that the canonical one does not fit (over 65535 bytes). */
static uint8_t *encode(const struct pdu *pdu, size_t *length)
{
    size_t size = pdu_encoded_size(pdu), written = 0;
    enum pdu_status status;
    uint8_t *buf;

    if (size > UINT16_MAX)
    {
        if (pdu_encode(pdu, NULL, 0, &written) != PDU_E_TOO_BIG) abort();
        return NULL;
    }
    buf = malloc(size);
    status = pdu_encode(pdu, buf, size, &written);
    if (status != PDU_OK || written != size) abort();
    *length = size;
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pdu first, second, third;
    uint8_t *copy = malloc(size ? size : 1), *encoded, *again;
    size_t length = 0, again_length = 0;
    enum pdu_status status;
    struct pdu_header header;
    uint32_t code;

    /* The exact-size copy lets AddressSanitizer see any read past the input. */
    memcpy(copy, data, size);
    status = pdu_decode(copy, size, &first);
    if (pdu_status_name(status)[0] != 'P') abort();
    pdu_status_reply(status, size > 2 ? copy[2] : 0, &code);
    /* The header decoder alone agrees with the whole decoder on the header's own guards. */
    if (status != PDU_OK && size >= PDU_HEADER_SIZE)
    {
        enum pdu_status header_status = pdu_decode_header(copy, size, &header);
        if (header_status != PDU_OK && header_status != status) abort();
    }
    if (status == PDU_OK)
    {
        if (first.header.frag_length != size) abort();
        if (pdu_check_direction(first.header.type, 1) == PDU_E_TYPE) abort();
        if ((encoded = encode(&first, &length)))
        {
            if (pdu_decode(encoded, length, &second) != PDU_OK || pdu_difference(&first, &second)) abort();
            again = encode(&second, &again_length);
            if (!again || again_length != length || memcmp(again, encoded, length)) abort();
            if (pdu_decode(again, again_length, &third) != PDU_OK || pdu_difference(&second, &third)) abort();
            pdu_release(&third);
            pdu_release(&second);
            free(again);
            free(encoded);
        }
    }
    pdu_release(&first);
    free(copy);
    return 0;
}
