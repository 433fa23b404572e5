/* ndr_wire.c: NDR 2.0 wire primitives over one checked cursor: base types in any data representation, headers. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "ndr_float.h"
#include "ndr_wire.h"

_Static_assert(sizeof(float) == 4 && sizeof(double) == 8, "float and double are IEEE binary32 and binary64");

/* EBCDIC to ISO 8859-1: IBM code page 037, as Unicode publishes it (VENDORS/MICSFT/EBCDIC/CP037.TXT);
 * every octet maps to a distinct Latin-1 character, and only 0x00 maps to 0. */
static const uint8_t ebcdic_to_latin1[256] =
{
    0x00, 0x01, 0x02, 0x03, 0x9c, 0x09, 0x86, 0x7f, 0x97, 0x8d, 0x8e, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,   /* 0x00 */
    0x10, 0x11, 0x12, 0x13, 0x9d, 0x85, 0x08, 0x87, 0x18, 0x19, 0x92, 0x8f, 0x1c, 0x1d, 0x1e, 0x1f,   /* 0x10 */
    0x80, 0x81, 0x82, 0x83, 0x84, 0x0a, 0x17, 0x1b, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x05, 0x06, 0x07,   /* 0x20 */
    0x90, 0x91, 0x16, 0x93, 0x94, 0x95, 0x96, 0x04, 0x98, 0x99, 0x9a, 0x9b, 0x14, 0x15, 0x9e, 0x1a,   /* 0x30 */
    0x20, 0xa0, 0xe2, 0xe4, 0xe0, 0xe1, 0xe3, 0xe5, 0xe7, 0xf1, 0xa2, 0x2e, 0x3c, 0x28, 0x2b, 0x7c,   /* 0x40 */
    0x26, 0xe9, 0xea, 0xeb, 0xe8, 0xed, 0xee, 0xef, 0xec, 0xdf, 0x21, 0x24, 0x2a, 0x29, 0x3b, 0xac,   /* 0x50 */
    0x2d, 0x2f, 0xc2, 0xc4, 0xc0, 0xc1, 0xc3, 0xc5, 0xc7, 0xd1, 0xa6, 0x2c, 0x25, 0x5f, 0x3e, 0x3f,   /* 0x60 */
    0xf8, 0xc9, 0xca, 0xcb, 0xc8, 0xcd, 0xce, 0xcf, 0xcc, 0x60, 0x3a, 0x23, 0x40, 0x27, 0x3d, 0x22,   /* 0x70 */
    0xd8, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0xab, 0xbb, 0xf0, 0xfd, 0xfe, 0xb1,   /* 0x80 */
    0xb0, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0xaa, 0xba, 0xe6, 0xb8, 0xc6, 0xa4,   /* 0x90 */
    0xb5, 0x7e, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0xa1, 0xbf, 0xd0, 0xdd, 0xde, 0xae,   /* 0xa0 */
    0x5e, 0xa3, 0xa5, 0xb7, 0xa9, 0xa7, 0xb6, 0xbc, 0xbd, 0xbe, 0x5b, 0x5d, 0xaf, 0xa8, 0xb4, 0xd7,   /* 0xb0 */
    0x7b, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0xad, 0xf4, 0xf6, 0xf2, 0xf3, 0xf5,   /* 0xc0 */
    0x7d, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0xb9, 0xfb, 0xfc, 0xf9, 0xfa, 0xff,   /* 0xd0 */
    0x5c, 0xf7, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0xb2, 0xd4, 0xd6, 0xd2, 0xd3, 0xd5,   /* 0xe0 */
    0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0xb3, 0xdb, 0xdc, 0xd9, 0xda, 0x9f,   /* 0xf0 */
};

static const char *const status_names[] =
{
    "NDR_WIRE_OK",
    "NDR_WIRE_E_SHORT_BUFFER",
    "NDR_WIRE_E_DREP",
    "NDR_WIRE_E_UNSUPPORTED_FLOAT",
    "NDR_WIRE_E_FLOAT_RESERVED",
    "NDR_WIRE_E_FLOAT_RANGE",
    "NDR_WIRE_E_ENUM_RANGE",
    "NDR_WIRE_E_COUNT_LIMIT",
    "NDR_WIRE_E_COUNT_OVERFLOW",
    "NDR_WIRE_E_COUNT_TOO_LARGE",
    "NDR_WIRE_E_VARIANCE",
    "NDR_WIRE_E_STRING_OFFSET",
    "NDR_WIRE_E_STRING_UNTERMINATED",
    "NDR_WIRE_E_STRING_EMBEDDED_NUL",
    "NDR_WIRE_E_INVALID_ARGUMENT",
};
_Static_assert(sizeof(status_names) / sizeof(status_names[0]) == NDR_WIRE_E_INVALID_ARGUMENT + 1,
               "a name for every status");

/* What a reader over no octets points at, so that no pointer arithmetic starts from NULL. */
static const uint8_t no_octets[1];

const char *ndr_wire_status_name(enum ndr_wire_status status)
{
    if ((unsigned int)status >= sizeof(status_names) / sizeof(status_names[0])) return "unknown";
    return status_names[status];
}

enum ndr_wire_status ndr_wire_mul_size(size_t a, size_t b, size_t *product)
{
    if (b && a > SIZE_MAX / b) return NDR_WIRE_E_COUNT_OVERFLOW;
    *product = a * b;
    return NDR_WIRE_OK;
}

static int valid_alignment(size_t alignment)
{
    return alignment == 1 || alignment == 2 || alignment == 4 || alignment == 8;
}

/* Octets from offset up to the next multiple of alignment (a valid one). */
static size_t gap(size_t offset, size_t alignment)
{
    return (alignment - (offset & (alignment - 1))) & (alignment - 1);
}

/* An unsigned integer of size octets (1 to 8) in either byte order. */
static uint64_t load(const uint8_t *p, size_t size, int big_endian)
{
    uint64_t value = 0;
    size_t i;

    for (i = 0; i < size; i++) value |= (uint64_t)p[big_endian ? i : size - 1 - i] << (8 * (size - 1 - i));
    return value;
}

static void store_le(uint8_t *p, uint64_t value, size_t size)
{
    size_t i;

    for (i = 0; i < size; i++) p[i] = (uint8_t)(value >> (8 * i));
}

/* ---- reading ---- */

/* The one checked read: the gap up to alignment, then n octets at *data. Returns NDR_WIRE_OK, or
 * NDR_WIRE_E_SHORT_BUFFER with the reader unmoved. */
static enum ndr_wire_status take(struct ndr_wire_reader *reader, size_t alignment, size_t n, const uint8_t **data)
{
    size_t pad = gap(reader->offset, alignment);

    if (pad > reader->size - reader->offset) return NDR_WIRE_E_SHORT_BUFFER;
    if (n > reader->size - reader->offset - pad) return NDR_WIRE_E_SHORT_BUFFER;
    *data = reader->base + reader->offset + pad;
    reader->offset += pad + n;
    return NDR_WIRE_OK;
}

/* An unsigned integer of size octets aligned to its size. NDR_WIRE_OK or NDR_WIRE_E_SHORT_BUFFER. */
static enum ndr_wire_status read_integer(struct ndr_wire_reader *reader, size_t size, uint64_t *value)
{
    enum ndr_wire_status status;
    const uint8_t *p;

    if ((status = take(reader, size, size, &p))) return status;
    *value = load(p, size, reader->big_endian);
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_reader_init(struct ndr_wire_reader *reader, const uint8_t *buf, size_t size,
                                          const uint8_t drep[4])
{
    unsigned int integer = drep[0] >> 4, character = drep[0] & 0x0f, floating = drep[1];

    if (integer > 1 || character > 1 || floating > NDR_FLOAT_IBM) return NDR_WIRE_E_DREP;
    reader->base = size ? buf : no_octets;
    reader->size = size;
    reader->offset = 0;
    reader->big_endian = !integer;
    reader->ebcdic = (uint8_t)character;
    reader->float_format = (uint8_t)floating;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_align(struct ndr_wire_reader *reader, size_t alignment)
{
    const uint8_t *p;

    if (!valid_alignment(alignment)) return NDR_WIRE_E_INVALID_ARGUMENT;
    return take(reader, alignment, 0, &p);
}

enum ndr_wire_status ndr_wire_read_u8(struct ndr_wire_reader *reader, uint8_t *value)
{
    enum ndr_wire_status status;
    uint64_t v;

    if ((status = read_integer(reader, 1, &v))) return status;
    *value = (uint8_t)v;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_u16(struct ndr_wire_reader *reader, uint16_t *value)
{
    enum ndr_wire_status status;
    uint64_t v;

    if ((status = read_integer(reader, 2, &v))) return status;
    *value = (uint16_t)v;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_u32(struct ndr_wire_reader *reader, uint32_t *value)
{
    enum ndr_wire_status status;
    uint64_t v;

    if ((status = read_integer(reader, 4, &v))) return status;
    *value = (uint32_t)v;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_u64(struct ndr_wire_reader *reader, uint64_t *value)
{
    return read_integer(reader, 8, value);
}

enum ndr_wire_status ndr_wire_read_boolean(struct ndr_wire_reader *reader, uint8_t *value)
{
    enum ndr_wire_status status;
    uint8_t octet;

    if ((status = ndr_wire_read_u8(reader, &octet))) return status;
    *value = octet != 0;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_char(struct ndr_wire_reader *reader, char *value)
{
    return ndr_wire_read_chars(reader, value, 1);
}

enum ndr_wire_status ndr_wire_read_wchar(struct ndr_wire_reader *reader, uint16_t *value)
{
    return ndr_wire_read_u16(reader, value);
}

enum ndr_wire_status ndr_wire_read_referent_id(struct ndr_wire_reader *reader, uint32_t *id)
{
    return ndr_wire_read_u32(reader, id);
}

enum ndr_wire_status ndr_wire_read_enum16(struct ndr_wire_reader *reader, int32_t *value)
{
    struct ndr_wire_reader next = *reader;
    enum ndr_wire_status status;
    uint16_t v;

    if ((status = ndr_wire_read_u16(&next, &v))) return status;
    if (v > NDR_WIRE_ENUM16_MAX) return NDR_WIRE_E_ENUM_RANGE;
    *value = v;
    *reader = next;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_float(struct ndr_wire_reader *reader, float *value)
{
    struct ndr_wire_reader next = *reader;
    enum ndr_wire_status status;
    uint32_t bits, ieee;

    if ((status = ndr_wire_read_u32(&next, &bits))) return status;
    if ((status = ndr_float_single_to_ieee(next.float_format, bits, &ieee))) return status;
    memcpy(value, &ieee, sizeof(ieee));
    *reader = next;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_double(struct ndr_wire_reader *reader, double *value)
{
    struct ndr_wire_reader next = *reader;
    enum ndr_wire_status status;
    uint64_t bits, ieee;

    if ((status = ndr_wire_read_u64(&next, &bits))) return status;
    if ((status = ndr_float_double_to_ieee(next.float_format, bits, &ieee))) return status;
    memcpy(value, &ieee, sizeof(ieee));
    *reader = next;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_bytes(struct ndr_wire_reader *reader, void *out, size_t count)
{
    enum ndr_wire_status status;
    const uint8_t *p;

    if ((status = take(reader, 1, count, &p))) return status;
    if (count) memcpy(out, p, count);
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_chars(struct ndr_wire_reader *reader, char *out, size_t count)
{
    enum ndr_wire_status status;
    size_t i;

    if ((status = ndr_wire_read_bytes(reader, out, count))) return status;
    if (reader->ebcdic)
        for (i = 0; i < count; i++) out[i] = (char)ebcdic_to_latin1[(uint8_t)out[i]];
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_wchars(struct ndr_wire_reader *reader, uint16_t *out, size_t count)
{
    enum ndr_wire_status status;
    const uint8_t *p;
    size_t bytes, i;

    if ((status = ndr_wire_mul_size(count, 2, &bytes))) return status;
    if ((status = take(reader, 2, bytes, &p))) return status;
    for (i = 0; i < count; i++) out[i] = (uint16_t)load(p + 2 * i, 2, reader->big_endian);
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_check_count(const struct ndr_wire_reader *reader, size_t count,
                                          size_t element_size, size_t alignment)
{
    enum ndr_wire_status status;
    size_t bytes, pad, left = reader->size - reader->offset;

    if (!valid_alignment(alignment)) return NDR_WIRE_E_INVALID_ARGUMENT;
    if ((status = ndr_wire_mul_size(count, element_size, &bytes))) return status;
    pad = gap(reader->offset, alignment);
    if (pad > left || bytes > left - pad) return NDR_WIRE_E_COUNT_TOO_LARGE;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_conformance(struct ndr_wire_reader *reader, uint32_t *max_count)
{
    struct ndr_wire_reader next = *reader;
    enum ndr_wire_status status;
    uint32_t count;

    if ((status = ndr_wire_read_u32(&next, &count))) return status;
    if (count > NDR_WIRE_MAX_COUNT) return NDR_WIRE_E_COUNT_LIMIT;
    *max_count = count;
    *reader = next;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_variance(struct ndr_wire_reader *reader, uint32_t max_count,
                                            uint32_t *offset, uint32_t *actual_count)
{
    struct ndr_wire_reader next = *reader;
    enum ndr_wire_status status;
    const uint8_t *p;
    uint32_t first, count;

    if ((status = take(&next, 4, 8, &p))) return status;
    first = (uint32_t)load(p, 4, next.big_endian);
    count = (uint32_t)load(p + 4, 4, next.big_endian);
    if (count > NDR_WIRE_MAX_COUNT) return NDR_WIRE_E_COUNT_LIMIT;
    if ((uint64_t)first + count > max_count) return NDR_WIRE_E_VARIANCE;
    *offset = first;
    *actual_count = count;
    *reader = next;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_string_variance(struct ndr_wire_reader *reader, uint32_t max_count,
                                                   size_t char_size, uint32_t *actual_count)
{
    struct ndr_wire_reader next = *reader;
    enum ndr_wire_status status;
    uint32_t offset, count;

    if (char_size != 1 && char_size != 2) return NDR_WIRE_E_INVALID_ARGUMENT;
    if ((status = ndr_wire_read_variance(&next, max_count, &offset, &count))) return status;
    if (offset) return NDR_WIRE_E_STRING_OFFSET;
    if (!count) return NDR_WIRE_E_STRING_UNTERMINATED;
    if ((status = ndr_wire_check_count(&next, count, char_size, char_size))) return status;
    *actual_count = count;
    *reader = next;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_string_header(struct ndr_wire_reader *reader, size_t char_size,
                                                 uint32_t *max_count, uint32_t *actual_count)
{
    struct ndr_wire_reader next = *reader;
    enum ndr_wire_status status;
    uint32_t max;

    if ((status = ndr_wire_read_conformance(&next, &max))) return status;
    if ((status = ndr_wire_read_string_variance(&next, max, char_size, actual_count))) return status;
    *max_count = max;
    *reader = next;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_string_chars(struct ndr_wire_reader *reader, char *out, size_t count)
{
    struct ndr_wire_reader next = *reader;
    enum ndr_wire_status status;

    if (!count) return NDR_WIRE_E_STRING_UNTERMINATED;
    if ((status = ndr_wire_read_chars(&next, out, count))) return status;
    if (out[count - 1]) return NDR_WIRE_E_STRING_UNTERMINATED;
    if (memchr(out, 0, count - 1)) return NDR_WIRE_E_STRING_EMBEDDED_NUL;
    *reader = next;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_read_string_wchars(struct ndr_wire_reader *reader, uint16_t *out, size_t count)
{
    struct ndr_wire_reader next = *reader;
    enum ndr_wire_status status;
    size_t i;

    if (!count) return NDR_WIRE_E_STRING_UNTERMINATED;
    if ((status = ndr_wire_read_wchars(&next, out, count))) return status;
    if (out[count - 1]) return NDR_WIRE_E_STRING_UNTERMINATED;
    for (i = 0; i < count - 1; i++)
        if (!out[i]) return NDR_WIRE_E_STRING_EMBEDDED_NUL;
    *reader = next;
    return NDR_WIRE_OK;
}

/* ---- writing ---- */

/* The one checked write: zeros up to alignment, then room for n octets at *data (NULL in a sizing
 * pass). Returns NDR_WIRE_OK, or NDR_WIRE_E_SHORT_BUFFER with the writer unmoved. */
static enum ndr_wire_status claim(struct ndr_wire_writer *writer, size_t alignment, size_t n, uint8_t **data)
{
    size_t pad = gap(writer->offset, alignment);

    if (pad > writer->size - writer->offset) return NDR_WIRE_E_SHORT_BUFFER;
    if (n > writer->size - writer->offset - pad) return NDR_WIRE_E_SHORT_BUFFER;
    *data = NULL;
    if (writer->base)
    {
        memset(writer->base + writer->offset, 0, pad);
        *data = writer->base + writer->offset + pad;
    }
    writer->offset += pad + n;
    return NDR_WIRE_OK;
}

/* An unsigned integer of size octets, little endian, aligned to its size. */
static enum ndr_wire_status write_integer(struct ndr_wire_writer *writer, size_t size, uint64_t value)
{
    enum ndr_wire_status status;
    uint8_t *p;

    if ((status = claim(writer, size, size, &p))) return status;
    if (p) store_le(p, value, size);
    return NDR_WIRE_OK;
}

void ndr_wire_writer_init(struct ndr_wire_writer *writer, uint8_t *buf, size_t size)
{
    writer->base = buf;
    writer->size = size;
    writer->offset = 0;
}

enum ndr_wire_status ndr_wire_write_align(struct ndr_wire_writer *writer, size_t alignment)
{
    uint8_t *p;

    if (!valid_alignment(alignment)) return NDR_WIRE_E_INVALID_ARGUMENT;
    return claim(writer, alignment, 0, &p);
}

enum ndr_wire_status ndr_wire_write_u8(struct ndr_wire_writer *writer, uint8_t value)
{
    return write_integer(writer, 1, value);
}

enum ndr_wire_status ndr_wire_write_u16(struct ndr_wire_writer *writer, uint16_t value)
{
    return write_integer(writer, 2, value);
}

enum ndr_wire_status ndr_wire_write_u32(struct ndr_wire_writer *writer, uint32_t value)
{
    return write_integer(writer, 4, value);
}

enum ndr_wire_status ndr_wire_write_u64(struct ndr_wire_writer *writer, uint64_t value)
{
    return write_integer(writer, 8, value);
}

enum ndr_wire_status ndr_wire_write_boolean(struct ndr_wire_writer *writer, int value)
{
    return write_integer(writer, 1, value != 0);
}

enum ndr_wire_status ndr_wire_write_char(struct ndr_wire_writer *writer, char value)
{
    return write_integer(writer, 1, (uint8_t)value);
}

enum ndr_wire_status ndr_wire_write_wchar(struct ndr_wire_writer *writer, uint16_t value)
{
    return write_integer(writer, 2, value);
}

enum ndr_wire_status ndr_wire_write_referent_id(struct ndr_wire_writer *writer, uint32_t id)
{
    return write_integer(writer, 4, id);
}

enum ndr_wire_status ndr_wire_write_enum16(struct ndr_wire_writer *writer, int32_t value)
{
    if (value < 0 || value > NDR_WIRE_ENUM16_MAX) return NDR_WIRE_E_ENUM_RANGE;
    return write_integer(writer, 2, (uint64_t)value);
}

enum ndr_wire_status ndr_wire_write_float(struct ndr_wire_writer *writer, const float *value)
{
    uint32_t bits;

    memcpy(&bits, value, sizeof(bits));
    return write_integer(writer, 4, bits);
}

enum ndr_wire_status ndr_wire_write_double(struct ndr_wire_writer *writer, const double *value)
{
    uint64_t bits;

    memcpy(&bits, value, sizeof(bits));
    return write_integer(writer, 8, bits);
}

enum ndr_wire_status ndr_wire_write_bytes(struct ndr_wire_writer *writer, const void *data, size_t count)
{
    enum ndr_wire_status status;
    uint8_t *p;

    if ((status = claim(writer, 1, count, &p))) return status;
    if (p && count) memcpy(p, data, count);
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_write_wchars(struct ndr_wire_writer *writer, const uint16_t *data, size_t count)
{
    enum ndr_wire_status status;
    size_t bytes, i;
    uint8_t *p;

    if ((status = ndr_wire_mul_size(count, 2, &bytes))) return status;
    if ((status = claim(writer, 2, bytes, &p))) return status;
    if (p)
        for (i = 0; i < count; i++) store_le(p + 2 * i, data[i], 2);
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_write_conformance(struct ndr_wire_writer *writer, uint32_t max_count)
{
    if (max_count > NDR_WIRE_MAX_COUNT) return NDR_WIRE_E_COUNT_LIMIT;
    return write_integer(writer, 4, max_count);
}

enum ndr_wire_status ndr_wire_write_variance(struct ndr_wire_writer *writer, uint32_t max_count,
                                             uint32_t offset, uint32_t actual_count)
{
    enum ndr_wire_status status;
    uint8_t *p;

    if (actual_count > NDR_WIRE_MAX_COUNT) return NDR_WIRE_E_COUNT_LIMIT;
    if ((uint64_t)offset + actual_count > max_count) return NDR_WIRE_E_VARIANCE;
    if ((status = claim(writer, 4, 8, &p))) return status;
    if (p)
    {
        store_le(p, offset, 4);
        store_le(p + 4, actual_count, 4);
    }
    return NDR_WIRE_OK;
}

/* The conformance and variance of a string of length characters and its terminator, on a copy of
 * the writer; length is below NDR_WIRE_MAX_COUNT. NDR_WIRE_OK or NDR_WIRE_E_SHORT_BUFFER. */
static enum ndr_wire_status write_string_header(struct ndr_wire_writer *next, size_t length)
{
    enum ndr_wire_status status;
    uint32_t count = (uint32_t)length + 1;

    if ((status = ndr_wire_write_conformance(next, count))) return status;
    return ndr_wire_write_variance(next, count, 0, count);
}

enum ndr_wire_status ndr_wire_write_string(struct ndr_wire_writer *writer, const char *chars, size_t length)
{
    struct ndr_wire_writer next = *writer;
    enum ndr_wire_status status;

    if (length >= NDR_WIRE_MAX_COUNT) return NDR_WIRE_E_COUNT_LIMIT;
    if (length && memchr(chars, 0, length)) return NDR_WIRE_E_STRING_EMBEDDED_NUL;
    if ((status = write_string_header(&next, length))) return status;
    if ((status = ndr_wire_write_bytes(&next, chars, length))) return status;
    if ((status = ndr_wire_write_u8(&next, 0))) return status;
    *writer = next;
    return NDR_WIRE_OK;
}

enum ndr_wire_status ndr_wire_write_wstring(struct ndr_wire_writer *writer, const uint16_t *chars,
                                            size_t length)
{
    struct ndr_wire_writer next = *writer;
    enum ndr_wire_status status;
    size_t i;

    if (length >= NDR_WIRE_MAX_COUNT) return NDR_WIRE_E_COUNT_LIMIT;
    for (i = 0; i < length; i++)
        if (!chars[i]) return NDR_WIRE_E_STRING_EMBEDDED_NUL;
    if ((status = write_string_header(&next, length))) return status;
    if ((status = ndr_wire_write_wchars(&next, chars, length))) return status;
    if ((status = ndr_wire_write_wchar(&next, 0))) return status;
    *writer = next;
    return NDR_WIRE_OK;
}
