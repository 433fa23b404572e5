/* ndr_wire.h: NDR 2.0 wire primitives over one checked cursor: base types in any data representation, headers. */
#ifndef RPCRT4_NDR_WIRE_H
#define RPCRT4_NDR_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* The transfer syntax is NDR 2.0 (C706 chapter 14, with the MS-RPCE 3.1.1.5.3 consistency checks).
 *
 * Alignment: a primitive of n octets (n = 1, 2, 4 or 8) starts at a multiple of n counted from the
 * cursor's base, which is the first octet of the stub data. A reader skips the gap without looking at
 * it (C706: "octets of unspecified value"); a writer fills it with zeros.
 *
 * Data representation (the format label, C706 14.1, as a PDU header carries it in drep[0..3]):
 *   drep[0] high nibble: integer and floating-point byte order, 0 big endian, 1 little endian;
 *   drep[0] low nibble:  characters, 0 ASCII, 1 EBCDIC;
 *   drep[1]:             floating point, 0 IEEE, 1 VAX, 2 Cray, 3 IBM;
 *   drep[2], drep[3]:    reserved, ignored.
 * A reader takes any of them; a writer always writes little endian, ASCII, IEEE (NDR_WIRE_DREP_NATIVE).
 *
 * Characters: char is one octet; under EBCDIC it is converted to ISO 8859-1 through IBM code page 037
 * (the mapping Unicode publishes as VENDORS/MICSFT/EBCDIC/CP037.TXT, a one-to-one map of the 256
 * octets). wchar_t is MIDL's: an unsigned 16-bit integer in the integer byte order, never converted.
 * byte is one uninterpreted octet.
 *
 * Floating point: read into an IEEE float or double, exactly (see ndr_float.h): IEEE in either byte
 * order, VAX F and G, IBM short and long hexadecimal; Cray answers NDR_WIRE_E_UNSUPPORTED_FLOAT.
 *
 * A call that fails leaves its cursor where it was: nothing is consumed, nothing counted as written
 * (a writer's buffer past its offset may have changed). */

/* drep[0] of our own output: little-endian integers, ASCII characters; drep[1]: IEEE. */
#define NDR_WIRE_DREP_NATIVE 0x10
#define NDR_WIRE_DREP_LITTLE_ENDIAN 0x10
#define NDR_WIRE_DREP_EBCDIC 0x01

/* MS-RPCE 3.1.1.5.3.2.2.1: a conformant array or string has at most 2^31 - 1 elements. */
#define NDR_WIRE_MAX_COUNT 0x7fffffffu
/* MIDL: an enum travels as an unsigned short and must lie in 0..32767 (RPC_X_ENUM_VALUE_OUT_OF_RANGE). */
#define NDR_WIRE_ENUM16_MAX 0x7fff

enum ndr_wire_status
{
    NDR_WIRE_OK = 0,
    NDR_WIRE_E_SHORT_BUFFER,        /* the item and its alignment gap need more octets than are left
                                     * (reading), or than the writer's buffer has room for */
    NDR_WIRE_E_DREP,                /* a format label with an undefined integer, character or
                                     * floating-point representation */
    NDR_WIRE_E_UNSUPPORTED_FLOAT,   /* a floating-point value in the Cray representation */
    NDR_WIRE_E_FLOAT_RESERVED,      /* a VAX reserved operand (sign 1, exponent 0): not a number */
    NDR_WIRE_E_FLOAT_RANGE,         /* a VAX or IBM value beyond the IEEE format's largest finite value */
    NDR_WIRE_E_ENUM_RANGE,          /* an enum16 value outside 0..32767 (RPC_X_ENUM_VALUE_OUT_OF_RANGE) */
    NDR_WIRE_E_COUNT_LIMIT,         /* a maximum or actual count above NDR_WIRE_MAX_COUNT */
    NDR_WIRE_E_COUNT_OVERFLOW,      /* count * element size does not fit a size_t */
    NDR_WIRE_E_COUNT_TOO_LARGE,     /* count * element size is more than the octets left */
    NDR_WIRE_E_VARIANCE,            /* offset + actual count is more than the maximum count */
    NDR_WIRE_E_STRING_OFFSET,       /* a string's variance offset is not 0 */
    NDR_WIRE_E_STRING_UNTERMINATED, /* a string's last element (or the only one it lacks) is not 0 */
    NDR_WIRE_E_STRING_EMBEDDED_NUL, /* a string has a 0 element before its last */
    NDR_WIRE_E_INVALID_ARGUMENT     /* a caller bug: an alignment other than 1, 2, 4 or 8, a character
                                     * size other than 1 or 2 */
};

/* The status's name ("NDR_WIRE_E_VARIANCE"); "unknown" for a value outside the enum. */
const char *ndr_wire_status_name(enum ndr_wire_status status);

/* Checked multiply: *product = a * b, or NDR_WIRE_E_COUNT_OVERFLOW (and *product untouched) when
 * the product does not fit a size_t. */
enum ndr_wire_status ndr_wire_mul_size(size_t a, size_t b, size_t *product);

/* ---- reading ---- */

struct ndr_wire_reader
{
    const uint8_t *base;    /* the first octet of the stub data: alignment counts from here */
    size_t size;            /* octets at base */
    size_t offset;          /* the next octet to read; never more than size */
    uint8_t big_endian;     /* 1 when integers and floating-point numbers are big endian */
    uint8_t ebcdic;         /* 1 when characters are EBCDIC */
    uint8_t float_format;   /* enum ndr_float_format (ndr_float.h) */
};

/* Starts a reader over size octets at buf (buf may be NULL when size is 0), in the representation of
 * the format label drep (4 octets). Returns NDR_WIRE_OK, or NDR_WIRE_E_DREP (integer or character
 * nibble above 1, floating-point octet above 3) and leaves *reader unset. */
enum ndr_wire_status ndr_wire_reader_init(struct ndr_wire_reader *reader, const uint8_t *buf, size_t size,
                                          const uint8_t drep[4]);

/* Skips the gap up to the next multiple of alignment (1, 2, 4 or 8), as before a structure.
 * Returns NDR_WIRE_OK, NDR_WIRE_E_SHORT_BUFFER or NDR_WIRE_E_INVALID_ARGUMENT. */
enum ndr_wire_status ndr_wire_read_align(struct ndr_wire_reader *reader, size_t alignment);

/* Base types, each aligned to its size: small/byte/usmall (8 bits), short (16), long (32), hyper (64).
 * Signed types are read as their unsigned counterparts (two's complement). Each read from here to
 * ndr_wire_read_referent_id returns NDR_WIRE_OK or NDR_WIRE_E_SHORT_BUFFER. */
enum ndr_wire_status ndr_wire_read_u8(struct ndr_wire_reader *reader, uint8_t *value);
enum ndr_wire_status ndr_wire_read_u16(struct ndr_wire_reader *reader, uint16_t *value);
enum ndr_wire_status ndr_wire_read_u32(struct ndr_wire_reader *reader, uint32_t *value);
enum ndr_wire_status ndr_wire_read_u64(struct ndr_wire_reader *reader, uint64_t *value);
/* boolean: one octet, 0 is FALSE and anything else TRUE (C706 14.2.2); *value is 0 or 1. */
enum ndr_wire_status ndr_wire_read_boolean(struct ndr_wire_reader *reader, uint8_t *value);
/* char: one octet, EBCDIC converted to ISO 8859-1. */
enum ndr_wire_status ndr_wire_read_char(struct ndr_wire_reader *reader, char *value);
/* wchar_t: 16 bits, aligned to 2. */
enum ndr_wire_status ndr_wire_read_wchar(struct ndr_wire_reader *reader, uint16_t *value);
/* A unique or full pointer's referent id (0 for NULL): an unsigned long, aligned to 4. */
enum ndr_wire_status ndr_wire_read_referent_id(struct ndr_wire_reader *reader, uint32_t *id);
/* enum (MIDL's default, 16 bits): NDR_WIRE_OK, NDR_WIRE_E_SHORT_BUFFER or NDR_WIRE_E_ENUM_RANGE. */
enum ndr_wire_status ndr_wire_read_enum16(struct ndr_wire_reader *reader, int32_t *value);
/* float and double, converted to IEEE. Return NDR_WIRE_OK, NDR_WIRE_E_SHORT_BUFFER,
 * NDR_WIRE_E_UNSUPPORTED_FLOAT, NDR_WIRE_E_FLOAT_RESERVED or NDR_WIRE_E_FLOAT_RANGE. The value is
 * copied as bits, never through a floating-point register, so IEEE NaNs keep their payload. */
enum ndr_wire_status ndr_wire_read_float(struct ndr_wire_reader *reader, float *value);
enum ndr_wire_status ndr_wire_read_double(struct ndr_wire_reader *reader, double *value);

/* count octets as they are (byte arrays), no alignment. NDR_WIRE_OK or NDR_WIRE_E_SHORT_BUFFER. */
enum ndr_wire_status ndr_wire_read_bytes(struct ndr_wire_reader *reader, void *out, size_t count);
/* count characters (EBCDIC converted), no alignment. NDR_WIRE_OK or NDR_WIRE_E_SHORT_BUFFER. */
enum ndr_wire_status ndr_wire_read_chars(struct ndr_wire_reader *reader, char *out, size_t count);
/* count wide characters, aligned to 2. NDR_WIRE_OK, NDR_WIRE_E_COUNT_OVERFLOW or NDR_WIRE_E_SHORT_BUFFER. */
enum ndr_wire_status ndr_wire_read_wchars(struct ndr_wire_reader *reader, uint16_t *out, size_t count);

/* Checks, without moving, that count elements of element_size octets, after the gap up to alignment,
 * fit in the octets left: before allocating for a count read from the wire. Returns NDR_WIRE_OK,
 * NDR_WIRE_E_COUNT_OVERFLOW, NDR_WIRE_E_COUNT_TOO_LARGE or NDR_WIRE_E_INVALID_ARGUMENT. */
enum ndr_wire_status ndr_wire_check_count(const struct ndr_wire_reader *reader, size_t count,
                                          size_t element_size, size_t alignment);

/* Conformance (C706 14.3.3.2): the maximum count, an unsigned long aligned to 4. Returns NDR_WIRE_OK,
 * NDR_WIRE_E_SHORT_BUFFER or NDR_WIRE_E_COUNT_LIMIT. */
enum ndr_wire_status ndr_wire_read_conformance(struct ndr_wire_reader *reader, uint32_t *max_count);
/* Variance (C706 14.3.3.3): offset then actual count, unsigned longs aligned to 4, of an array whose
 * maximum count is max_count (read as conformance, or fixed by the type). Checks actual count <=
 * NDR_WIRE_MAX_COUNT and offset + actual count <= max_count. Returns NDR_WIRE_OK,
 * NDR_WIRE_E_SHORT_BUFFER, NDR_WIRE_E_COUNT_LIMIT or NDR_WIRE_E_VARIANCE. */
enum ndr_wire_status ndr_wire_read_variance(struct ndr_wire_reader *reader, uint32_t max_count,
                                            uint32_t *offset, uint32_t *actual_count);

/* Strings (C706 14.3.4, MS-RPCE 2.2.5.3.3): a varying array of char_size-octet characters (1 for
 * char, 2 for wchar_t) whose actual count includes the terminating 0.
 *
 * ndr_wire_read_string_variance reads the variance of a string whose maximum count is max_count and
 * checks, in order: the counts as ndr_wire_read_variance does, offset 0, actual count at least 1 (room
 * for the terminator), and that the characters fit in the octets left. Returns NDR_WIRE_OK,
 * NDR_WIRE_E_SHORT_BUFFER, NDR_WIRE_E_COUNT_LIMIT, NDR_WIRE_E_VARIANCE, NDR_WIRE_E_STRING_OFFSET,
 * NDR_WIRE_E_STRING_UNTERMINATED, NDR_WIRE_E_COUNT_OVERFLOW, NDR_WIRE_E_COUNT_TOO_LARGE or
 * NDR_WIRE_E_INVALID_ARGUMENT.
 * ndr_wire_read_string_header reads a conformant string's conformance and variance the same way
 * (also NDR_WIRE_E_COUNT_LIMIT from the conformance). */
enum ndr_wire_status ndr_wire_read_string_variance(struct ndr_wire_reader *reader, uint32_t max_count,
                                                   size_t char_size, uint32_t *actual_count);
enum ndr_wire_status ndr_wire_read_string_header(struct ndr_wire_reader *reader, size_t char_size,
                                                 uint32_t *max_count, uint32_t *actual_count);
/* A string's count characters (its actual count, terminator included) into out: the last must be 0
 * and no other may be. Returns NDR_WIRE_OK, NDR_WIRE_E_SHORT_BUFFER, NDR_WIRE_E_COUNT_OVERFLOW (wide),
 * NDR_WIRE_E_STRING_UNTERMINATED (also for count 0) or NDR_WIRE_E_STRING_EMBEDDED_NUL; out's content
 * is unspecified after a failure. */
enum ndr_wire_status ndr_wire_read_string_chars(struct ndr_wire_reader *reader, char *out, size_t count);
enum ndr_wire_status ndr_wire_read_string_wchars(struct ndr_wire_reader *reader, uint16_t *out, size_t count);

/* ---- writing: little endian, ASCII, IEEE ---- */

struct ndr_wire_writer
{
    uint8_t *base;      /* the first octet of the stub data; NULL for a sizing pass, which only counts */
    size_t size;        /* room at base (for a sizing pass, the most it may count: SIZE_MAX for no limit) */
    size_t offset;      /* octets written so far, alignment gaps included */
};

/* Starts a writer over size octets at buf; buf NULL makes a sizing pass. */
void ndr_wire_writer_init(struct ndr_wire_writer *writer, uint8_t *buf, size_t size);

/* Each write returns NDR_WIRE_OK or NDR_WIRE_E_SHORT_BUFFER, unless its comment lists more. */

/* Zeros up to the next multiple of alignment; also NDR_WIRE_E_INVALID_ARGUMENT (not 1, 2, 4 or 8). */
enum ndr_wire_status ndr_wire_write_align(struct ndr_wire_writer *writer, size_t alignment);
/* Base types, each aligned to its size, as the reads above. */
enum ndr_wire_status ndr_wire_write_u8(struct ndr_wire_writer *writer, uint8_t value);
enum ndr_wire_status ndr_wire_write_u16(struct ndr_wire_writer *writer, uint16_t value);
enum ndr_wire_status ndr_wire_write_u32(struct ndr_wire_writer *writer, uint32_t value);
enum ndr_wire_status ndr_wire_write_u64(struct ndr_wire_writer *writer, uint64_t value);
/* Writes 1 for any non-zero value, 0 for 0. */
enum ndr_wire_status ndr_wire_write_boolean(struct ndr_wire_writer *writer, int value);
enum ndr_wire_status ndr_wire_write_char(struct ndr_wire_writer *writer, char value);
enum ndr_wire_status ndr_wire_write_wchar(struct ndr_wire_writer *writer, uint16_t value);
enum ndr_wire_status ndr_wire_write_referent_id(struct ndr_wire_writer *writer, uint32_t id);
/* Also NDR_WIRE_E_ENUM_RANGE for a value outside 0..32767. */
enum ndr_wire_status ndr_wire_write_enum16(struct ndr_wire_writer *writer, int32_t value);
/* The value's bits as they are (taken by pointer so that no floating-point register touches them). */
enum ndr_wire_status ndr_wire_write_float(struct ndr_wire_writer *writer, const float *value);
enum ndr_wire_status ndr_wire_write_double(struct ndr_wire_writer *writer, const double *value);
/* count octets (byte and char arrays), no alignment. */
enum ndr_wire_status ndr_wire_write_bytes(struct ndr_wire_writer *writer, const void *data, size_t count);
/* count wide characters, aligned to 2; also NDR_WIRE_E_COUNT_OVERFLOW. */
enum ndr_wire_status ndr_wire_write_wchars(struct ndr_wire_writer *writer, const uint16_t *data, size_t count);
/* Also NDR_WIRE_E_COUNT_LIMIT. */
enum ndr_wire_status ndr_wire_write_conformance(struct ndr_wire_writer *writer, uint32_t max_count);
/* Also NDR_WIRE_E_COUNT_LIMIT and NDR_WIRE_E_VARIANCE: what ndr_wire_read_variance would reject. */
enum ndr_wire_status ndr_wire_write_variance(struct ndr_wire_writer *writer, uint32_t max_count,
                                             uint32_t offset, uint32_t actual_count);
/* A conformant string of length characters (no terminator among them) and its terminator: maximum
 * and actual count length + 1, offset 0. Also NDR_WIRE_E_COUNT_LIMIT (length + 1 above
 * NDR_WIRE_MAX_COUNT) and NDR_WIRE_E_STRING_EMBEDDED_NUL (a 0 among the length characters). */
enum ndr_wire_status ndr_wire_write_string(struct ndr_wire_writer *writer, const char *chars, size_t length);
enum ndr_wire_status ndr_wire_write_wstring(struct ndr_wire_writer *writer, const uint16_t *chars,
                                            size_t length);

#endif
