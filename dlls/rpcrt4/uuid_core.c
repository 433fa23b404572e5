/* uuid_core.c: portable UUID text form, ordering, hashing and v1/v4 construction, no Windows headers. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "uuid_core.h"

static const char hex_digits[] = "0123456789abcdef";

/* Offsets of the dashes in the text form; every other offset holds a hex digit. */
static int is_dash_offset(size_t i)
{
    return i == 8 || i == 13 || i == 18 || i == 23;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void uuid_set_nil(struct uuid_fields *uuid)
{
    memset(uuid, 0, sizeof(*uuid));
}

int uuid_is_nil(const struct uuid_fields *uuid)
{
    size_t i;
    if (uuid->data1 || uuid->data2 || uuid->data3) return 0;
    for (i = 0; i < sizeof(uuid->data4); i++)
        if (uuid->data4[i]) return 0;
    return 1;
}

/* Writes the value's digits most significant first: digits characters. */
static char *put_hex(char *out, uint32_t value, int digits)
{
    int shift;
    for (shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        *out++ = hex_digits[(value >> shift) & 0xf];
    return out;
}

void uuid_format(const struct uuid_fields *uuid, char *text)
{
    char *p = text;
    int i;

    p = put_hex(p, uuid->data1, 8);
    *p++ = '-';
    p = put_hex(p, uuid->data2, 4);
    *p++ = '-';
    p = put_hex(p, uuid->data3, 4);
    *p++ = '-';
    for (i = 0; i < 8; i++)
    {
        if (i == 2) *p++ = '-';
        p = put_hex(p, uuid->data4[i], 2);
    }
    *p = 0;
}

enum uuid_status uuid_parse(const char *text, size_t len, struct uuid_fields *uuid)
{
    uint8_t nibbles[32];
    struct uuid_fields result;
    size_t i, n = 0;
    int i4;

    if (len != UUID_STRING_LEN) return UUID_E_SYNTAX;
    for (i = 0; i < UUID_STRING_LEN; i++)
    {
        int value;
        if (is_dash_offset(i))
        {
            if (text[i] != '-') return UUID_E_SYNTAX;
            continue;
        }
        if ((value = hex_value(text[i])) < 0) return UUID_E_SYNTAX;
        nibbles[n++] = (uint8_t)value;
    }

    result.data1 = 0;
    for (i = 0; i < 8; i++) result.data1 = (result.data1 << 4) | nibbles[i];
    result.data2 = (uint16_t)(nibbles[8] << 12 | nibbles[9] << 8 | nibbles[10] << 4 | nibbles[11]);
    result.data3 = (uint16_t)(nibbles[12] << 12 | nibbles[13] << 8 | nibbles[14] << 4 | nibbles[15]);
    for (i4 = 0; i4 < 8; i4++)
        result.data4[i4] = (uint8_t)(nibbles[16 + 2 * i4] << 4 | nibbles[17 + 2 * i4]);
    *uuid = result;
    return UUID_OK;
}

static int order(uint32_t a, uint32_t b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

int uuid_compare(const struct uuid_fields *a, const struct uuid_fields *b)
{
    size_t i;
    int r;

    if ((r = order(a->data1, b->data1))) return r;
    if ((r = order(a->data2, b->data2))) return r;
    if ((r = order(a->data3, b->data3))) return r;
    for (i = 0; i < sizeof(a->data4); i++)
        if ((r = order(a->data4[i], b->data4[i]))) return r;
    return 0;
}

/* The two-sum (Fletcher style, modulo 255) checksum of DCE's uuid_hash, over the GUID memory bytes,
 * computed without intermediate overflow. Both halves are 0 for the nil UUID. */
uint16_t uuid_hash(const struct uuid_fields *uuid)
{
    uint8_t bytes[UUID_BYTES];
    uint32_t sum = 0, sum_of_sums = 0, low, high;
    size_t i;

    uuid_to_bytes(uuid, bytes);
    for (i = 0; i < UUID_BYTES; i++)
    {
        sum += bytes[i];
        sum_of_sums += sum;
    }
    low = (255 - sum_of_sums % 255) % 255;   /* -sum_of_sums modulo 255 */
    high = (sum_of_sums - sum) % 255;        /* sum_of_sums >= sum: its last term is sum */
    return (uint16_t)(high << 8 | low);
}

void uuid_to_bytes(const struct uuid_fields *uuid, uint8_t bytes[UUID_BYTES])
{
    bytes[0] = (uint8_t)uuid->data1;
    bytes[1] = (uint8_t)(uuid->data1 >> 8);
    bytes[2] = (uint8_t)(uuid->data1 >> 16);
    bytes[3] = (uint8_t)(uuid->data1 >> 24);
    bytes[4] = (uint8_t)uuid->data2;
    bytes[5] = (uint8_t)(uuid->data2 >> 8);
    bytes[6] = (uint8_t)uuid->data3;
    bytes[7] = (uint8_t)(uuid->data3 >> 8);
    memcpy(bytes + 8, uuid->data4, 8);
}

void uuid_from_bytes(const uint8_t bytes[UUID_BYTES], struct uuid_fields *uuid)
{
    uuid->data1 = (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16
                  | (uint32_t)bytes[3] << 24;
    uuid->data2 = (uint16_t)(bytes[4] | bytes[5] << 8);
    uuid->data3 = (uint16_t)(bytes[6] | bytes[7] << 8);
    memcpy(uuid->data4, bytes + 8, 8);
}

/* The RFC 4122 variant: the top two bits of clock_seq_hi_and_reserved are 1 0. */
static void set_variant(struct uuid_fields *uuid)
{
    uuid->data4[0] = (uint8_t)((uuid->data4[0] & 0x3f) | 0x80);
}

void uuid_make_v4(const uint8_t random[UUID_BYTES], struct uuid_fields *uuid)
{
    uuid_from_bytes(random, uuid);
    uuid->data3 = (uint16_t)((uuid->data3 & 0x0fff) | 0x4000);
    set_variant(uuid);
}

void uuid_make_v1(uint64_t timestamp, uint16_t clock_seq, const uint8_t node[6], struct uuid_fields *uuid)
{
    uuid->data1 = (uint32_t)(timestamp & 0xffffffffu);
    uuid->data2 = (uint16_t)((timestamp >> 32) & 0xffff);
    uuid->data3 = (uint16_t)(((timestamp >> 48) & 0x0fff) | 0x1000);
    uuid->data4[0] = (uint8_t)((clock_seq >> 8) & 0x3f);
    uuid->data4[1] = (uint8_t)clock_seq;
    set_variant(uuid);
    memcpy(uuid->data4 + 2, node, 6);
}

uint64_t uuid_v1_time(const struct uuid_fields *uuid)
{
    return (uint64_t)(uuid->data3 & 0x0fff) << 48 | (uint64_t)uuid->data2 << 32 | uuid->data1;
}

uint16_t uuid_v1_clock_seq(const struct uuid_fields *uuid)
{
    return (uint16_t)((uuid->data4[0] & 0x3f) << 8 | uuid->data4[1]);
}

uint64_t uuid_time_from_filetime(uint64_t filetime)
{
    return (filetime + UUID_GREGORIAN_TO_FILETIME) & UUID_TIME_MASK;
}

void uuid_v1_init(struct uuid_v1_state *state, uint16_t clock_seq, const uint8_t node[6])
{
    state->last_time = 0;
    state->clock_seq = (uint16_t)(clock_seq & 0x3fff);
    memcpy(state->node, node, 6);
}

void uuid_v1_next(struct uuid_v1_state *state, uint64_t now, struct uuid_fields *uuid)
{
    uint64_t t = now & UUID_TIME_MASK;

    if (t <= state->last_time) t = (state->last_time + 1) & UUID_TIME_MASK;
    state->last_time = t;
    uuid_make_v1(t, state->clock_seq, state->node, uuid);
}
