/* ndr_float.c: the NDR floating-point representations (IEEE, VAX, Cray, IBM) converted exactly to IEEE bits. */
#include <stddef.h>
#include <stdint.h>
#include "ndr_float.h"

/* A finite value: (-1)^sign * significand * 2^exponent. */
struct real
{
    unsigned int sign;
    uint64_t significand;
    int exponent;
};

/* An IEEE 754 binary format: sign, exponent field, fraction from the top bit down. */
struct ieee_format
{
    unsigned int exponent_bits;
    unsigned int fraction_bits;     /* stored fraction bits, the leading 1 left out */
    int bias;
};

static const struct ieee_format binary32 = { 8, 23, 127 };
static const struct ieee_format binary64 = { 11, 52, 1023 };

/* value / 2^shift rounded to nearest, ties to even; value * 2^-shift when shift is negative (the
 * caller keeps that from overflowing). */
static uint64_t shift_round(uint64_t value, int shift)
{
    uint64_t quotient, remainder, half;

    if (shift <= 0) return value << -shift;
    if (shift > 64) return 0;
    quotient = shift == 64 ? 0 : value >> shift;
    remainder = shift == 64 ? value : value & ((UINT64_C(1) << shift) - 1);
    half = UINT64_C(1) << (shift - 1);
    if (remainder > half || (remainder == half && (quotient & 1))) quotient++;
    return quotient;
}

static int top_bit(uint64_t value)
{
    int bit = 0;
    while (value >>= 1) bit++;
    return bit;
}

/* Rounds x into format's bit pattern. Returns NDR_WIRE_OK or NDR_WIRE_E_FLOAT_RANGE. */
static enum ndr_wire_status pack(const struct real *x, const struct ieee_format *format, uint64_t *bits)
{
    uint64_t result = 0;
    int msb, field;

    if (x->significand)
    {
        msb = top_bit(x->significand);
        field = x->exponent + msb + format->bias;   /* the exponent field of a normal result */
        if (field >= 1)
            /* the significand lands in [2^fraction_bits, 2^(fraction_bits + 1)]: the leading 1 adds
             * itself into the exponent field, and a rounding carry moves it up by one */
            result = ((uint64_t)(field - 1) << format->fraction_bits)
                     + shift_round(x->significand, msb - (int)format->fraction_bits);
        else
            /* subnormal: scaled to 2^(1 - bias - fraction_bits) units; rounding up to 2^fraction_bits
             * gives the smallest normal, which is its bit pattern */
            result = shift_round(x->significand, msb - (int)format->fraction_bits + 1 - field);
        /* an all-ones exponent field is infinity or NaN, which no VAX or IBM value is */
        if ((result >> format->fraction_bits) >= (UINT64_C(1) << format->exponent_bits) - 1)
            return NDR_WIRE_E_FLOAT_RANGE;
    }
    *bits = result | (uint64_t)x->sign << (format->exponent_bits + format->fraction_bits);
    return NDR_WIRE_OK;
}

/* VAX F_floating, as a little-endian longword: bit 15 sign, 14:7 exponent (excess 128), 6:0 the top
 * of the fraction, 31:16 the rest; the value is 0.1fraction * 2^(exponent - 128). */
static enum ndr_wire_status vax_f(uint32_t bits, struct real *x)
{
    unsigned int exponent = (bits >> 7) & 0xff;

    x->sign = (bits >> 15) & 1;
    if (!exponent)
    {
        if (x->sign) return NDR_WIRE_E_FLOAT_RESERVED;
        x->significand = 0;
        return NDR_WIRE_OK;
    }
    x->significand = (UINT64_C(1) << 23) | (uint64_t)(bits & 0x7f) << 16 | bits >> 16;
    x->exponent = (int)exponent - 128 - 24;
    return NDR_WIRE_OK;
}

/* VAX G_floating, as a little-endian quadword of four 16-bit words: word 0 has bit 15 sign, 14:4
 * exponent (excess 1024), 3:0 the top of the fraction; words 1, 2, 3 the rest, most significant first;
 * the value is 0.1fraction * 2^(exponent - 1024). */
static enum ndr_wire_status vax_g(uint64_t bits, struct real *x)
{
    unsigned int word0 = bits & 0xffff, exponent = (word0 >> 4) & 0x7ff;

    x->sign = word0 >> 15;
    if (!exponent)
    {
        if (x->sign) return NDR_WIRE_E_FLOAT_RESERVED;
        x->significand = 0;
        return NDR_WIRE_OK;
    }
    x->significand = (UINT64_C(1) << 52) | (uint64_t)(word0 & 0xf) << 48 | ((bits >> 16) & 0xffff) << 32
                     | ((bits >> 32) & 0xffff) << 16 | bits >> 48;
    x->exponent = (int)exponent - 1024 - 53;
    return NDR_WIRE_OK;
}

/* IBM hexadecimal, as a big-endian word of total_bits: the top bit sign, the next 7 the exponent
 * (excess 64, base 16), the rest the fraction; the value is 0.fraction * 16^(exponent - 64). */
static void ibm(uint64_t bits, unsigned int total_bits, struct real *x)
{
    unsigned int fraction_bits = total_bits - 8;

    x->sign = (bits >> (total_bits - 1)) & 1;
    x->significand = bits & ((UINT64_C(1) << fraction_bits) - 1);
    x->exponent = 4 * ((int)((bits >> fraction_bits) & 0x7f) - 64) - (int)fraction_bits;
}

enum ndr_wire_status ndr_float_single_to_ieee(unsigned int format, uint32_t bits, uint32_t *ieee)
{
    enum ndr_wire_status status;
    struct real x;
    uint64_t result;

    switch (format)
    {
    case NDR_FLOAT_IEEE:
        *ieee = bits;
        return NDR_WIRE_OK;
    case NDR_FLOAT_VAX:
        if ((status = vax_f(bits, &x))) return status;
        break;
    case NDR_FLOAT_CRAY:
        return NDR_WIRE_E_UNSUPPORTED_FLOAT;
    case NDR_FLOAT_IBM:
        ibm(bits, 32, &x);
        break;
    default:
        return NDR_WIRE_E_DREP;
    }
    if ((status = pack(&x, &binary32, &result))) return status;
    *ieee = (uint32_t)result;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_float_double_to_ieee(unsigned int format, uint64_t bits, uint64_t *ieee)
{
    enum ndr_wire_status status;
    struct real x;

    switch (format)
    {
    case NDR_FLOAT_IEEE:
        *ieee = bits;
        return NDR_WIRE_OK;
    case NDR_FLOAT_VAX:
        if ((status = vax_g(bits, &x))) return status;
        break;
    case NDR_FLOAT_CRAY:
        return NDR_WIRE_E_UNSUPPORTED_FLOAT;
    case NDR_FLOAT_IBM:
        ibm(bits, 64, &x);
        break;
    default:
        return NDR_WIRE_E_DREP;
    }
    return pack(&x, &binary64, ieee);
}
