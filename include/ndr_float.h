/* ndr_float.h: the NDR floating-point representations (IEEE, VAX, Cray, IBM) converted exactly to IEEE bits. */
#ifndef RPCRT4_NDR_FLOAT_H
#define RPCRT4_NDR_FLOAT_H

#include <stdint.h>
#include "ndr_wire.h"

/* Octet 1 of the NDR format label (C706 14.1). */
enum ndr_float_format
{
    NDR_FLOAT_IEEE = 0,
    NDR_FLOAT_VAX = 1,      /* float is F_floating, double is G_floating */
    NDR_FLOAT_CRAY = 2,     /* not supported */
    NDR_FLOAT_IBM = 3       /* System/370 hexadecimal: float is short (32 bits), double is long (64 bits) */
};

/* The input is the value's octets read as one unsigned integer in the format label's byte order, so a
 * format's bit layout is the one its own machines load: a VAX sends little endian (the 16-bit words of
 * F and G in order, sign and exponent in the first), an IBM machine big endian (sign, 7-bit exponent,
 * fraction from the most significant bit down). A label that pairs a format with the other byte order
 * is read by the same rule.
 *
 * The output is the IEEE 754 binary32 (single) or binary64 (double) bit pattern of the same value,
 * rounded to nearest, ties to even, where the target cannot hold it exactly (the tiniest VAX values and
 * IBM's 56-bit fraction and wider exponent range); values below the smallest subnormal round to a zero
 * of the same sign. VAX and IBM zeros keep their sign bit (VAX: exponent 0 and sign 0, whatever the
 * fraction; IBM: a zero fraction, whatever the exponent).
 *
 * Returns NDR_WIRE_OK; NDR_WIRE_E_UNSUPPORTED_FLOAT for Cray; NDR_WIRE_E_FLOAT_RESERVED for a VAX
 * reserved operand (exponent 0, sign 1); NDR_WIRE_E_FLOAT_RANGE for a value that rounds beyond the
 * target's largest finite value (only IBM short to binary32 can); NDR_WIRE_E_DREP for a format above 3.
 * *ieee is set only on NDR_WIRE_OK. */
enum ndr_wire_status ndr_float_single_to_ieee(unsigned int format, uint32_t bits, uint32_t *ieee);
enum ndr_wire_status ndr_float_double_to_ieee(unsigned int format, uint64_t bits, uint64_t *ieee);

#endif
