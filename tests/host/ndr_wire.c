/* ndr_wire.c (host test): NDR wire primitives: byte-exact vectors in every representation, each guard, bounds. */
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ndr_float.h"
#include "ndr_wire.h"
#include "test.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define S(status) ndr_wire_status_name(status)

/* Format labels: drep[0] (integers, characters) and drep[1] (floating point). */
#define LE 0x10
#define BE 0x00
#define LE_EBCDIC 0x11
#define BE_EBCDIC 0x01

/* A heap copy of exactly n octets, so that AddressSanitizer catches a read one past the end. */
static uint8_t *exact_copy(const uint8_t *bytes, size_t n)
{
    uint8_t *copy = malloc(n ? n : 1);

    if (!copy) abort();
    if (n) memcpy(copy, bytes, n);
    return copy;
}

static struct ndr_wire_reader reader_over(const uint8_t *buf, size_t size, uint8_t drep0, uint8_t drep1)
{
    const uint8_t drep[4] = { drep0, drep1, 0, 0 };
    struct ndr_wire_reader reader;
    enum ndr_wire_status status = ndr_wire_reader_init(&reader, buf, size, drep);

    if (status != NDR_WIRE_OK) abort();
    return reader;
}

static uint32_t float_bits(float value)
{
    uint32_t bits;
    memcpy(&bits, &value, sizeof(bits));
    return bits;
}

static uint64_t double_bits(double value)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof(bits));
    return bits;
}

static void test_status_names(void)
{
    int status, duplicates = 0;

    for (status = NDR_WIRE_OK; status <= NDR_WIRE_E_INVALID_ARGUMENT; status++)
    {
        int other;
        for (other = NDR_WIRE_OK; other < status; other++)
            if (!strcmp(S(status), S(other))) duplicates++;
    }
    ok(!duplicates, "%d duplicate status names\n", duplicates);
    ok(!strcmp(S(NDR_WIRE_E_VARIANCE), "NDR_WIRE_E_VARIANCE"), "got %s\n", S(NDR_WIRE_E_VARIANCE));
    ok(!strcmp(S(NDR_WIRE_E_INVALID_ARGUMENT + 1), "unknown"), "got %s\n", S(NDR_WIRE_E_INVALID_ARGUMENT + 1));
    ok(!strcmp(S(-1), "unknown"), "got %s\n", S(-1));
}

/* C706 14.1: integer nibble 0 or 1, character nibble 0 or 1, floating point 0 to 3. */
static void test_drep(void)
{
    static const uint8_t good[][2] =
    {
        { 0x10, 0 }, { 0x00, 0 }, { 0x11, 0 }, { 0x01, 0 }, { 0x10, 1 }, { 0x10, 2 }, { 0x00, 3 },
    };
    static const uint8_t bad[][2] = { { 0x20, 0 }, { 0xf0, 0 }, { 0x12, 0 }, { 0x1f, 0 }, { 0x10, 4 }, { 0x10, 0xff } };
    struct ndr_wire_reader reader;
    enum ndr_wire_status status;
    uint8_t drep[4] = { 0, 0, 0xaa, 0x55 };   /* the reserved octets are not looked at */
    size_t i;

    for (i = 0; i < ARRAY_SIZE(good); i++)
    {
        drep[0] = good[i][0];
        drep[1] = good[i][1];
        status = ndr_wire_reader_init(&reader, NULL, 0, drep);
        ok(status == NDR_WIRE_OK, "%02x %02x: %s\n", drep[0], drep[1], S(status));
        ok(reader.big_endian == !(drep[0] >> 4) && reader.ebcdic == (drep[0] & 1)
           && reader.float_format == drep[1] && reader.offset == 0 && reader.size == 0,
           "%02x %02x: got %u %u %u\n", drep[0], drep[1], reader.big_endian, reader.ebcdic, reader.float_format);
    }
    for (i = 0; i < ARRAY_SIZE(bad); i++)
    {
        drep[0] = bad[i][0];
        drep[1] = bad[i][1];
        status = ndr_wire_reader_init(&reader, NULL, 0, drep);
        ok(status == NDR_WIRE_E_DREP, "%02x %02x: %s\n", drep[0], drep[1], S(status));
    }
}

/* One value of every integer size, as C706 14.2.5 lays them out: little endian least significant
 * octet first, big endian most significant first. */
struct integer_vector
{
    size_t size;
    uint64_t value;
    uint8_t le[8];
};

static const struct integer_vector integer_vectors[] =
{
    { 1, 0xa5, { 0xa5 } },
    { 2, 0x1234, { 0x34, 0x12 } },
    { 2, 0xfffe, { 0xfe, 0xff } },                                   /* short -2 */
    { 4, 0x12345678, { 0x78, 0x56, 0x34, 0x12 } },
    { 4, 0x80000000, { 0x00, 0x00, 0x00, 0x80 } },
    { 8, 0x0123456789abcdefull, { 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01 } },
    { 8, 0xfffffffffffffffdull, { 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },   /* hyper -3 */
};

static enum ndr_wire_status read_sized(struct ndr_wire_reader *reader, size_t size, uint64_t *value)
{
    enum ndr_wire_status status;
    uint8_t v8;
    uint16_t v16;
    uint32_t v32;

    switch (size)
    {
    case 1: status = ndr_wire_read_u8(reader, &v8); *value = v8; return status;
    case 2: status = ndr_wire_read_u16(reader, &v16); *value = v16; return status;
    case 4: status = ndr_wire_read_u32(reader, &v32); *value = v32; return status;
    default: return ndr_wire_read_u64(reader, value);
    }
}

static enum ndr_wire_status write_sized(struct ndr_wire_writer *writer, size_t size, uint64_t value)
{
    switch (size)
    {
    case 1: return ndr_wire_write_u8(writer, (uint8_t)value);
    case 2: return ndr_wire_write_u16(writer, (uint16_t)value);
    case 4: return ndr_wire_write_u32(writer, (uint32_t)value);
    default: return ndr_wire_write_u64(writer, value);
    }
}

static void test_integers(void)
{
    int failures = 0, first = -1;
    size_t i, j;

    for (i = 0; i < ARRAY_SIZE(integer_vectors); i++)
    {
        const struct integer_vector *v = &integer_vectors[i];
        uint8_t be[8], out[8];
        struct ndr_wire_reader reader;
        struct ndr_wire_writer writer;
        uint64_t value;
        int bad = 0;
        uint8_t *buf;

        for (j = 0; j < v->size; j++) be[j] = v->le[v->size - 1 - j];

        buf = exact_copy(v->le, v->size);
        reader = reader_over(buf, v->size, LE, 0);
        bad |= read_sized(&reader, v->size, &value) != NDR_WIRE_OK || value != v->value || reader.offset != v->size;
        free(buf);

        buf = exact_copy(be, v->size);
        reader = reader_over(buf, v->size, BE, 0);
        bad |= read_sized(&reader, v->size, &value) != NDR_WIRE_OK || value != v->value || reader.offset != v->size;
        free(buf);

        memset(out, 0xcc, sizeof(out));
        ndr_wire_writer_init(&writer, out, v->size);
        bad |= write_sized(&writer, v->size, v->value) != NDR_WIRE_OK || writer.offset != v->size
               || memcmp(out, v->le, v->size);
        if (bad && !failures++) first = (int)i;
    }
    ok(!failures, "%d integer vectors failed, the first %d\n", failures, first);
}

/* boolean (C706 14.2.2): one octet, 0 FALSE, anything else TRUE; we write 0 and 1. char: one octet. */
static void test_boolean_char_small(void)
{
    static const uint8_t wire[] = { 0x00, 0x01, 0x80, 0xff, 0x41 };
    struct ndr_wire_reader reader = reader_over(wire, sizeof(wire), BE, 0);
    struct ndr_wire_writer writer;
    uint8_t value[4], out[4];
    enum ndr_wire_status status;
    char c;

    status = ndr_wire_read_boolean(&reader, &value[0]);
    status |= ndr_wire_read_boolean(&reader, &value[1]);
    status |= ndr_wire_read_boolean(&reader, &value[2]);
    status |= ndr_wire_read_boolean(&reader, &value[3]);
    ok(status == NDR_WIRE_OK, "got %s\n", S(status));
    ok(value[0] == 0 && value[1] == 1 && value[2] == 1 && value[3] == 1, "got %u %u %u %u\n",
       value[0], value[1], value[2], value[3]);
    status = ndr_wire_read_char(&reader, &c);
    ok(status == NDR_WIRE_OK && c == 'A', "got %s %#x\n", S(status), (unsigned char)c);

    ndr_wire_writer_init(&writer, out, sizeof(out));
    status = ndr_wire_write_boolean(&writer, 0);
    status |= ndr_wire_write_boolean(&writer, 5);
    status |= ndr_wire_write_boolean(&writer, -1);
    status |= ndr_wire_write_char(&writer, (char)0xe9);
    ok(status == NDR_WIRE_OK, "got %s\n", S(status));
    ok(!memcmp(out, "\x00\x01\x01\xe9", 4), "got %02x %02x %02x %02x\n", out[0], out[1], out[2], out[3]);
}

/* MIDL's default enum: an unsigned short in 0..32767, else RPC_X_ENUM_VALUE_OUT_OF_RANGE. */
static void test_enum16(void)
{
    static const uint8_t wire[] = { 0xff, 0x7f, 0x00, 0x80, 0x00, 0x00 };
    struct ndr_wire_reader reader = reader_over(wire, sizeof(wire), LE, 0);
    struct ndr_wire_writer writer;
    enum ndr_wire_status status;
    uint8_t out[8];
    int32_t value;

    status = ndr_wire_read_enum16(&reader, &value);
    ok(status == NDR_WIRE_OK && value == 32767, "got %s %d\n", S(status), (int)value);
    value = -7;
    status = ndr_wire_read_enum16(&reader, &value);
    ok(status == NDR_WIRE_E_ENUM_RANGE, "0x8000: %s\n", S(status));
    ok(reader.offset == 2 && value == -7, "moved to %zu, value %d\n", reader.offset, (int)value);

    reader = reader_over((const uint8_t *)"\x12\x34", 2, BE, 0);
    status = ndr_wire_read_enum16(&reader, &value);
    ok(status == NDR_WIRE_OK && value == 0x1234, "big endian: %s %#x\n", S(status), (unsigned)value);

    memset(out, 0xcc, sizeof(out));
    ndr_wire_writer_init(&writer, out, sizeof(out));
    status = ndr_wire_write_enum16(&writer, -1);
    ok(status == NDR_WIRE_E_ENUM_RANGE && writer.offset == 0, "-1: %s\n", S(status));
    status = ndr_wire_write_enum16(&writer, 32768);
    ok(status == NDR_WIRE_E_ENUM_RANGE && writer.offset == 0, "32768: %s\n", S(status));
    status = ndr_wire_write_enum16(&writer, 0);
    status |= ndr_wire_write_enum16(&writer, 32767);
    ok(status == NDR_WIRE_OK && writer.offset == 4 && !memcmp(out, "\x00\x00\xff\x7f", 4),
       "got %s %02x %02x %02x %02x\n", S(status), out[0], out[1], out[2], out[3]);
}

/* C706 14.2.4/14.2.9: a primitive of n octets starts at a multiple of n from the stream's start; the gap
 * has unspecified content when read and zeros when written. */
static void test_alignment(void)
{
    static const uint8_t wire[] =
    {
        0x01, 0xaa, 0xbb, 0xcc, 0x78, 0x56, 0x34, 0x12,     /* small, gap of 3, long */
        0x02, 0xdd, 0x34, 0x12, 0xee, 0xee, 0xee, 0xee,     /* small, gap of 1, short, gap of 4 */
        0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01,     /* hyper */
        0x03,                                               /* small at 24: no gap */
    };
    static const uint8_t expect_out[] =
    {
        0x01, 0x00, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12,
        0x02, 0x00, 0x34, 0x12, 0x00, 0x00, 0x00, 0x00,
        0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01,
        0x03,
    };
    uint8_t unaligned[sizeof(wire) + 1], out[sizeof(wire) + 8];
    struct ndr_wire_reader reader;
    struct ndr_wire_writer writer;
    enum ndr_wire_status status;
    uint8_t s1, s2, s3;
    uint16_t v16;
    uint32_t v32;
    uint64_t v64;

    /* alignment counts from the cursor's base, not from the address: start at an odd address */
    memcpy(unaligned + 1, wire, sizeof(wire));
    reader = reader_over(unaligned + 1, sizeof(wire), LE, 0);
    status = ndr_wire_read_u8(&reader, &s1);
    status |= ndr_wire_read_u32(&reader, &v32);
    ok(status == NDR_WIRE_OK && s1 == 1 && v32 == 0x12345678 && reader.offset == 8, "long: %s %#x at %zu\n",
       S(status), (unsigned)v32, reader.offset);
    status = ndr_wire_read_u8(&reader, &s2);
    status |= ndr_wire_read_u16(&reader, &v16);
    ok(status == NDR_WIRE_OK && s2 == 2 && v16 == 0x1234 && reader.offset == 12, "short: %s %#x at %zu\n",
       S(status), v16, reader.offset);
    status = ndr_wire_read_u64(&reader, &v64);
    ok(status == NDR_WIRE_OK && v64 == 0x0123456789abcdefull && reader.offset == 24, "hyper: %s at %zu\n",
       S(status), reader.offset);
    status = ndr_wire_read_u8(&reader, &s3);
    ok(status == NDR_WIRE_OK && s3 == 3 && reader.offset == 25, "small: %s at %zu\n", S(status), reader.offset);

    memset(out, 0xcc, sizeof(out));
    ndr_wire_writer_init(&writer, out, sizeof(out));
    status = ndr_wire_write_u8(&writer, 1);
    status |= ndr_wire_write_u32(&writer, 0x12345678);
    status |= ndr_wire_write_u8(&writer, 2);
    status |= ndr_wire_write_u16(&writer, 0x1234);
    status |= ndr_wire_write_u64(&writer, 0x0123456789abcdefull);
    status |= ndr_wire_write_u8(&writer, 3);
    ok(status == NDR_WIRE_OK && writer.offset == sizeof(expect_out), "wrote %s, %zu\n", S(status), writer.offset);
    ok(!memcmp(out, expect_out, sizeof(expect_out)), "gaps not zero: %02x %02x %02x\n", out[1], out[9], out[12]);
    ok(out[sizeof(expect_out)] == 0xcc, "wrote past the end: %#x\n", out[sizeof(expect_out)]);

    /* explicit alignment, as before a structure */
    reader = reader_over(wire, sizeof(wire), LE, 0);
    reader.offset = 5;
    status = ndr_wire_read_align(&reader, 8);
    ok(status == NDR_WIRE_OK && reader.offset == 8, "align 8: %s at %zu\n", S(status), reader.offset);
    status = ndr_wire_read_align(&reader, 8);
    ok(status == NDR_WIRE_OK && reader.offset == 8, "aligned already: %s at %zu\n", S(status), reader.offset);
    status = ndr_wire_read_align(&reader, 3);
    ok(status == NDR_WIRE_E_INVALID_ARGUMENT && reader.offset == 8, "align 3: %s\n", S(status));
    status = ndr_wire_read_align(&reader, 16);
    ok(status == NDR_WIRE_E_INVALID_ARGUMENT, "align 16: %s\n", S(status));
    status = ndr_wire_read_align(&reader, 0);
    ok(status == NDR_WIRE_E_INVALID_ARGUMENT, "align 0: %s\n", S(status));

    ndr_wire_writer_init(&writer, out, sizeof(out));
    memset(out, 0xcc, sizeof(out));
    status = ndr_wire_write_u8(&writer, 9);
    status |= ndr_wire_write_align(&writer, 4);
    ok(status == NDR_WIRE_OK && writer.offset == 4 && !memcmp(out, "\x09\x00\x00\x00", 4), "write align: %s\n",
       S(status));
    status = ndr_wire_write_align(&writer, 5);
    ok(status == NDR_WIRE_E_INVALID_ARGUMENT && writer.offset == 4, "write align 5: %s\n", S(status));
}

/* The cursor reads up to the last octet and not one past it; a failed read leaves it in place. */
static void test_buffer_end(void)
{
    static const uint8_t wire[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    struct ndr_wire_reader reader;
    struct ndr_wire_writer writer;
    enum ndr_wire_status status;
    uint8_t *buf, out[8], b[8];
    uint16_t v16;
    uint32_t v32;
    uint64_t v64;
    size_t size;
    int failures = 0;

    /* every type at every offset of every buffer size: OK exactly when its gap and octets fit */
    for (size = 0; size <= 8; size++)
    {
        size_t start, type;

        buf = exact_copy(wire, size);
        for (start = 0; start <= size; start++)
            for (type = 1; type <= 8; type <<= 1)
            {
                size_t end = (start + type - 1) / type * type + type;
                enum ndr_wire_status expect = end <= size ? NDR_WIRE_OK : NDR_WIRE_E_SHORT_BUFFER;

                reader = reader_over(buf, size, LE, 0);
                reader.offset = start;
                status = read_sized(&reader, type, &v64);
                if (status != expect || reader.offset != (status ? start : end))
                {
                    if (!failures++) ok(0, "size %zu, offset %zu, %zu octets: %s\n", size, start, type, S(status));
                }

                ndr_wire_writer_init(&writer, out, size);
                writer.offset = start;
                status = write_sized(&writer, type, 0);
                if (status != expect || writer.offset != (status ? start : end))
                {
                    if (!failures++)
                        ok(0, "write size %zu, offset %zu, %zu octets: %s\n", size, start, type, S(status));
                }
            }
        free(buf);
    }
    ok(!failures, "%d boundary cases failed\n", failures);

    buf = exact_copy(wire, 4);
    reader = reader_over(buf, 4, LE, 0);
    status = ndr_wire_read_u32(&reader, &v32);
    ok(status == NDR_WIRE_OK && v32 == 0x04030201 && reader.offset == 4, "last octet: %s\n", S(status));
    status = ndr_wire_read_u8(&reader, b);
    ok(status == NDR_WIRE_E_SHORT_BUFFER && reader.offset == 4, "one past: %s\n", S(status));
    status = ndr_wire_read_bytes(&reader, b, 0);
    ok(status == NDR_WIRE_OK && reader.offset == 4, "nothing at the end: %s\n", S(status));
    reader.offset = 1;
    status = ndr_wire_read_u16(&reader, &v16);
    ok(status == NDR_WIRE_OK && v16 == 0x0403, "short at 2: %s %#x\n", S(status), v16);
    reader.offset = 3;
    status = ndr_wire_read_u16(&reader, &v16);
    ok(status == NDR_WIRE_E_SHORT_BUFFER && reader.offset == 3, "gap to the end: %s\n", S(status));
    reader.offset = 1;
    status = ndr_wire_read_bytes(&reader, b, 3);
    ok(status == NDR_WIRE_OK && !memcmp(b, wire + 1, 3), "bytes to the end: %s\n", S(status));
    reader.offset = 1;
    status = ndr_wire_read_bytes(&reader, b, 4);
    ok(status == NDR_WIRE_E_SHORT_BUFFER && reader.offset == 1, "bytes one past: %s\n", S(status));
    reader.offset = 1;
    status = ndr_wire_read_bytes(&reader, b, SIZE_MAX);
    ok(status == NDR_WIRE_E_SHORT_BUFFER && reader.offset == 1, "SIZE_MAX bytes: %s\n", S(status));
    free(buf);

    /* an empty buffer */
    reader = reader_over(NULL, 0, LE, 0);
    status = ndr_wire_read_u8(&reader, b);
    ok(status == NDR_WIRE_E_SHORT_BUFFER, "empty: %s\n", S(status));
    status = ndr_wire_read_align(&reader, 8);
    ok(status == NDR_WIRE_OK && reader.offset == 0, "align empty: %s\n", S(status));
}

/* A writer over NULL counts what it would write. */
static void test_sizing_pass(void)
{
    static const uint16_t wide[] = { 'h', 'i' };
    struct ndr_wire_writer sizer, writer;
    uint8_t out[64];
    enum ndr_wire_status status;
    double d = 1.5;
    int pass;

    for (pass = 0; pass < 2; pass++)
    {
        struct ndr_wire_writer *w = pass ? &writer : &sizer;

        if (pass) ndr_wire_writer_init(&writer, out, sizeof(out));
        else ndr_wire_writer_init(&sizer, NULL, SIZE_MAX);
        status = ndr_wire_write_u8(w, 1);
        status |= ndr_wire_write_double(w, &d);
        status |= ndr_wire_write_string(w, "abc", 3);
        status |= ndr_wire_write_wstring(w, wide, 2);
        status |= ndr_wire_write_referent_id(w, 0x20000);
        ok(status == NDR_WIRE_OK, "pass %d: %s\n", pass, S(status));
    }
    /* 1 + 7 gap + 8 + 12 + 4 + 12 + 6 + 2 gap + 4 */
    ok(sizer.offset == writer.offset && writer.offset == 56, "counted %zu, wrote %zu\n", sizer.offset, writer.offset);

    ndr_wire_writer_init(&sizer, NULL, 7);
    status = ndr_wire_write_u64(&sizer, 0);
    ok(status == NDR_WIRE_E_SHORT_BUFFER && sizer.offset == 0, "sizing limit: %s\n", S(status));
}

/* C706 14.2.6 / 14.1: IEEE in either byte order; C706's VAX, IBM representations converted exactly. */
struct float_vector
{
    uint8_t drep0, drep1;
    uint8_t wire[4];
    enum ndr_wire_status status;
    uint32_t ieee;
};

static const struct float_vector float_vectors[] =
{
    { LE, NDR_FLOAT_IEEE, { 0x00, 0x00, 0x80, 0x3f }, NDR_WIRE_OK, 0x3f800000 },           /* 1.0 */
    { BE, NDR_FLOAT_IEEE, { 0xc0, 0x20, 0x00, 0x00 }, NDR_WIRE_OK, 0xc0200000 },           /* -2.5 */
    { BE, NDR_FLOAT_IEEE, { 0x7f, 0xa0, 0x00, 0x01 }, NDR_WIRE_OK, 0x7fa00001 },           /* signalling NaN */
    { LE, NDR_FLOAT_IEEE, { 0x01, 0x00, 0x00, 0x00 }, NDR_WIRE_OK, 0x00000001 },           /* smallest subnormal */
    /* VAX F_floating: 16-bit words, the first holding sign, exponent (excess 128), fraction top */
    { LE, NDR_FLOAT_VAX, { 0x80, 0x40, 0x00, 0x00 }, NDR_WIRE_OK, 0x3f800000 },            /* 1.0 */
    { LE, NDR_FLOAT_VAX, { 0x80, 0xc0, 0x00, 0x00 }, NDR_WIRE_OK, 0xbf800000 },            /* -1.0 */
    { LE, NDR_FLOAT_VAX, { 0x00, 0x40, 0x00, 0x00 }, NDR_WIRE_OK, 0x3f000000 },            /* 0.5 */
    { LE, NDR_FLOAT_VAX, { 0x34, 0x43, 0x00, 0x00 }, NDR_WIRE_OK, 0x42340000 },            /* 45.0 */
    { LE, NDR_FLOAT_VAX, { 0x60, 0x43, 0x00, 0x00 }, NDR_WIRE_OK, 0x42600000 },            /* 56.0 */
    { LE, NDR_FLOAT_VAX, { 0x92, 0x40, 0x56, 0x34 }, NDR_WIRE_OK, 0x3f923456 },            /* word order */
    { LE, NDR_FLOAT_VAX, { 0xff, 0x7f, 0xff, 0xff }, NDR_WIRE_OK, 0x7effffff },            /* largest */
    { LE, NDR_FLOAT_VAX, { 0x80, 0x00, 0x00, 0x00 }, NDR_WIRE_OK, 0x00200000 },            /* 2^-128 */
    { LE, NDR_FLOAT_VAX, { 0xff, 0x00, 0xff, 0xff }, NDR_WIRE_OK, 0x00400000 },            /* rounds up */
    { LE, NDR_FLOAT_VAX, { 0x80, 0x00, 0x02, 0x00 }, NDR_WIRE_OK, 0x00200000 },            /* tie to even, down */
    { LE, NDR_FLOAT_VAX, { 0x80, 0x00, 0x06, 0x00 }, NDR_WIRE_OK, 0x00200002 },            /* tie to even, up */
    { LE, NDR_FLOAT_VAX, { 0x00, 0x00, 0x12, 0x34 }, NDR_WIRE_OK, 0x00000000 },            /* zero, any fraction */
    { LE, NDR_FLOAT_VAX, { 0x00, 0x80, 0x00, 0x00 }, NDR_WIRE_E_FLOAT_RESERVED, 0 },       /* reserved operand */
    { LE, NDR_FLOAT_VAX, { 0x7f, 0x80, 0xff, 0xff }, NDR_WIRE_E_FLOAT_RESERVED, 0 },
    { BE, NDR_FLOAT_VAX, { 0x00, 0x00, 0x40, 0x80 }, NDR_WIRE_OK, 0x3f800000 },            /* the same, big endian */
    /* IBM short hexadecimal: sign, exponent (excess 64, base 16), 24-bit fraction */
    { BE, NDR_FLOAT_IBM, { 0x41, 0x10, 0x00, 0x00 }, NDR_WIRE_OK, 0x3f800000 },            /* 1.0 */
    { BE, NDR_FLOAT_IBM, { 0xc2, 0x76, 0xa0, 0x00 }, NDR_WIRE_OK, 0xc2ed4000 },            /* -118.625 */
    { BE, NDR_FLOAT_IBM, { 0x41, 0x01, 0x00, 0x00 }, NDR_WIRE_OK, 0x3d800000 },            /* unnormalized 0.0625 */
    { BE, NDR_FLOAT_IBM, { 0x00, 0x00, 0x00, 0x00 }, NDR_WIRE_OK, 0x00000000 },
    { BE, NDR_FLOAT_IBM, { 0x80, 0x00, 0x00, 0x00 }, NDR_WIRE_OK, 0x80000000 },            /* -0 */
    { BE, NDR_FLOAT_IBM, { 0x42, 0x00, 0x00, 0x00 }, NDR_WIRE_OK, 0x00000000 },            /* zero fraction */
    { BE, NDR_FLOAT_IBM, { 0x00, 0x10, 0x00, 0x00 }, NDR_WIRE_OK, 0x00000000 },            /* 16^-65 underflows */
    { BE, NDR_FLOAT_IBM, { 0xa1, 0x10, 0x00, 0x00 }, NDR_WIRE_OK, 0x80200000 },            /* -2^-128 */
    { BE, NDR_FLOAT_IBM, { 0x8f, 0x10, 0x00, 0x00 }, NDR_WIRE_OK, 0x80000000 },            /* -2^-200: -0 */
    { BE, NDR_FLOAT_IBM, { 0x60, 0x10, 0x00, 0x00 }, NDR_WIRE_OK, 0x7d800000 },            /* 16^31 */
    { BE, NDR_FLOAT_IBM, { 0x61, 0x10, 0x00, 0x00 }, NDR_WIRE_E_FLOAT_RANGE, 0 },          /* 16^32 = 2^128 */
    { BE, NDR_FLOAT_IBM, { 0x7f, 0xff, 0xff, 0xff }, NDR_WIRE_E_FLOAT_RANGE, 0 },
    { LE, NDR_FLOAT_IBM, { 0x00, 0x00, 0x10, 0x41 }, NDR_WIRE_OK, 0x3f800000 },            /* the same, little endian */
    { LE, NDR_FLOAT_CRAY, { 0x00, 0x00, 0x80, 0x3f }, NDR_WIRE_E_UNSUPPORTED_FLOAT, 0 },
    { BE, NDR_FLOAT_CRAY, { 0x40, 0x01, 0x80, 0x00 }, NDR_WIRE_E_UNSUPPORTED_FLOAT, 0 },
};

struct double_vector
{
    uint8_t drep0, drep1;
    uint8_t wire[8];
    enum ndr_wire_status status;
    uint64_t ieee;
};

static const struct double_vector double_vectors[] =
{
    { LE, NDR_FLOAT_IEEE, { 0, 0, 0, 0, 0, 0, 0xf0, 0x3f }, NDR_WIRE_OK, 0x3ff0000000000000ull },   /* 1.0 */
    { BE, NDR_FLOAT_IEEE, { 0xc0, 0x08, 0, 0, 0, 0, 0, 0 }, NDR_WIRE_OK, 0xc008000000000000ull },   /* -3.0 */
    { BE, NDR_FLOAT_IEEE, { 0x7f, 0xf0, 0, 0, 0, 0, 0, 1 }, NDR_WIRE_OK, 0x7ff0000000000001ull },   /* NaN */
    /* VAX G_floating: four 16-bit words, the first holding sign, exponent (excess 1024), fraction top */
    { LE, NDR_FLOAT_VAX, { 0x10, 0x40, 0, 0, 0, 0, 0, 0 }, NDR_WIRE_OK, 0x3ff0000000000000ull },    /* 1.0 */
    { LE, NDR_FLOAT_VAX, { 0x28, 0xc0, 0, 0, 0, 0, 0, 0 }, NDR_WIRE_OK, 0xc008000000000000ull },    /* -3.0 */
    { LE, NDR_FLOAT_VAX, { 0x10, 0x40, 0, 0, 0, 0, 1, 0 }, NDR_WIRE_OK, 0x3ff0000000000001ull },    /* 1 + 2^-52 */
    { LE, NDR_FLOAT_VAX, { 0x10, 0x40, 0x34, 0x12, 0x78, 0x56, 0xbc, 0x9a }, NDR_WIRE_OK,
      0x3ff0123456789abcull },                                                                      /* word order */
    { LE, NDR_FLOAT_VAX, { 0x10, 0x00, 0, 0, 0, 0, 0, 0 }, NDR_WIRE_OK, 0x0004000000000000ull },    /* 2^-1024 */
    { LE, NDR_FLOAT_VAX, { 0x1f, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, NDR_WIRE_OK,
      0x0008000000000000ull },                                                                      /* rounds up */
    { LE, NDR_FLOAT_VAX, { 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, NDR_WIRE_OK,
      0x7fdfffffffffffffull },                                                                      /* largest */
    { LE, NDR_FLOAT_VAX, { 0x0f, 0x00, 0x55, 0x55, 0, 0, 0, 0 }, NDR_WIRE_OK, 0 },                  /* zero */
    { LE, NDR_FLOAT_VAX, { 0x00, 0x80, 0, 0, 0, 0, 0, 0 }, NDR_WIRE_E_FLOAT_RESERVED, 0 },
    { BE, NDR_FLOAT_VAX, { 0, 0, 0, 0, 0, 0, 0x40, 0x10 }, NDR_WIRE_OK, 0x3ff0000000000000ull },    /* big endian */
    /* IBM long hexadecimal: sign, exponent, 56-bit fraction */
    { BE, NDR_FLOAT_IBM, { 0x41, 0x10, 0, 0, 0, 0, 0, 0 }, NDR_WIRE_OK, 0x3ff0000000000000ull },    /* 1.0 */
    { BE, NDR_FLOAT_IBM, { 0xc2, 0x76, 0xa0, 0, 0, 0, 0, 0 }, NDR_WIRE_OK, 0xc05da80000000000ull }, /* -118.625 */
    { BE, NDR_FLOAT_IBM, { 0x41, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, NDR_WIRE_OK,
      0x3fffffffffffffffull },                                                                      /* 53 bits */
    { BE, NDR_FLOAT_IBM, { 0x41, 0x3f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, NDR_WIRE_OK,
      0x4010000000000000ull },                                                                      /* tie, up */
    { BE, NDR_FLOAT_IBM, { 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, NDR_WIRE_OK,
      0x4fb0000000000000ull },                                                                      /* largest */
    { BE, NDR_FLOAT_IBM, { 0x80, 0, 0, 0, 0, 0, 0, 0 }, NDR_WIRE_OK, 0x8000000000000000ull },       /* -0 */
    { BE, NDR_FLOAT_CRAY, { 0x40, 0x01, 0x80, 0, 0, 0, 0, 0 }, NDR_WIRE_E_UNSUPPORTED_FLOAT, 0 },
};

static void test_float_vectors(void)
{
    int failures = 0, first = -1;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(float_vectors); i++)
    {
        const struct float_vector *v = &float_vectors[i];
        struct ndr_wire_reader reader = reader_over(v->wire, 4, v->drep0, v->drep1);
        enum ndr_wire_status status;
        float value = 42.0f;

        status = ndr_wire_read_float(&reader, &value);
        if (status != v->status || reader.offset != (status ? 0u : 4u)
            || float_bits(value) != (status ? float_bits(42.0f) : v->ieee))
        {
            if (!failures++) first = (int)i;
            trace("float %zu: %s, %#x\n", i, S(status), (unsigned)float_bits(value));
        }
    }
    ok(!failures, "%d float vectors failed, the first %d\n", failures, first);

    failures = 0;
    for (i = 0; i < ARRAY_SIZE(double_vectors); i++)
    {
        const struct double_vector *v = &double_vectors[i];
        struct ndr_wire_reader reader = reader_over(v->wire, 8, v->drep0, v->drep1);
        enum ndr_wire_status status;
        double value = 42.0;

        status = ndr_wire_read_double(&reader, &value);
        if (status != v->status || reader.offset != (status ? 0u : 8u)
            || double_bits(value) != (status ? double_bits(42.0) : v->ieee))
        {
            if (!failures++) first = (int)i;
            trace("double %zu: %s, %#llx\n", i, S(status), (unsigned long long)double_bits(value));
        }
    }
    ok(!failures, "%d double vectors failed, the first %d\n", failures, first);
}

static void test_float_direct(void)
{
    enum ndr_wire_status status;
    uint32_t single = 7;
    uint64_t dbl = 7;

    status = ndr_float_single_to_ieee(4, 0, &single);
    ok(status == NDR_WIRE_E_DREP && single == 7, "format 4: %s\n", S(status));
    status = ndr_float_double_to_ieee(255, 0, &dbl);
    ok(status == NDR_WIRE_E_DREP && dbl == 7, "format 255: %s\n", S(status));
    /* IBM short's exponent reaches past binary32 on both sides: 16^31 * 0.5 = 2^123 fits, 16^32 not */
    status = ndr_float_single_to_ieee(NDR_FLOAT_IBM, 0x5f800000, &single);
    ok(status == NDR_WIRE_OK && single == 0x7d000000, "2^123: %s %#x\n", S(status), (unsigned)single);
    status = ndr_float_single_to_ieee(NDR_FLOAT_IBM, 0x60ffffff, &single);
    ok(status == NDR_WIRE_OK && single == 0x7f7fffff, "largest binary32: %s %#x\n", S(status), (unsigned)single);
    status = ndr_float_single_to_ieee(NDR_FLOAT_IBM, 0xe1100000, &single);
    ok(status == NDR_WIRE_E_FLOAT_RANGE && single == 0x7f7fffff, "-2^128: %s\n", S(status));
}

/* An independent oracle for the rounding: the exact value in long double (64-bit significand or wider,
 * exponents to 2^-16382), rounded by the compiler's conversion to float or double. */
#if LDBL_MANT_DIG >= 64 && LDBL_MIN_EXP <= -1100
static long double scaled(uint64_t significand, int exponent)
{
    long double value = (long double)significand, factor = exponent < 0 ? 0.5L : 2.0L;
    unsigned int n = exponent < 0 ? (unsigned int)-exponent : (unsigned int)exponent;

    for (; n; n >>= 1, factor *= factor)
        if (n & 1) value *= factor;
    return value;
}

static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

static void test_float_oracle(void)
{
    const long double single_overflow = scaled((UINT64_C(1) << 25) - 1, 103);   /* (2 - 2^-24) * 2^127 */
    uint64_t state = 0x9e3779b97f4a7c15ull;
    int failures[4] = { 0 }, i;

    for (i = 0; i < 200000; i++)
    {
        uint64_t r = next_random(&state), ieee64, sig;
        uint32_t bits = (uint32_t)r, ieee32, e;
        long double value;
        enum ndr_wire_status status;
        int negative;

        /* VAX F: 0.1f * 2^(e - 128) */
        e = (bits >> 7) & 0xff;
        negative = (bits >> 15) & 1;
        status = ndr_float_single_to_ieee(NDR_FLOAT_VAX, bits, &ieee32);
        if (!e)
        {
            if (status != (negative ? NDR_WIRE_E_FLOAT_RESERVED : NDR_WIRE_OK) || (!status && ieee32)) failures[0]++;
        }
        else
        {
            sig = (UINT64_C(1) << 23) | (uint64_t)(bits & 0x7f) << 16 | bits >> 16;
            value = scaled(sig, (int)e - 152);
            if (status || ieee32 != float_bits(negative ? -(float)value : (float)value)) failures[0]++;
        }

        /* IBM short: 0.f * 16^(e - 64) */
        negative = bits >> 31;
        value = scaled(bits & 0xffffff, 4 * ((int)((bits >> 24) & 0x7f) - 64) - 24);
        status = ndr_float_single_to_ieee(NDR_FLOAT_IBM, bits, &ieee32);
        if (value >= single_overflow)
        {
            if (status != NDR_WIRE_E_FLOAT_RANGE) failures[1]++;
        }
        else if (status || ieee32 != float_bits(negative ? -(float)value : (float)value)) failures[1]++;

        /* VAX G: 0.1f * 2^(e - 1024), word 0 sign/exponent/top, words 1-3 in order */
        e = (r >> 4) & 0x7ff;
        negative = (r >> 15) & 1;
        status = ndr_float_double_to_ieee(NDR_FLOAT_VAX, r, &ieee64);
        if (!e)
        {
            if (status != (negative ? NDR_WIRE_E_FLOAT_RESERVED : NDR_WIRE_OK) || (!status && ieee64)) failures[2]++;
        }
        else
        {
            sig = (UINT64_C(1) << 52) | (r & 0xf) << 48 | ((r >> 16) & 0xffff) << 32 | ((r >> 32) & 0xffff) << 16
                  | r >> 48;
            value = scaled(sig, (int)e - 1077);
            if (status || ieee64 != double_bits(negative ? -(double)value : (double)value)) failures[2]++;
        }

        /* IBM long: 0.f * 16^(e - 64), 56-bit fraction */
        negative = (int)(r >> 63);
        value = scaled(r & 0xffffffffffffffull, 4 * ((int)((r >> 56) & 0x7f) - 64) - 56);
        status = ndr_float_double_to_ieee(NDR_FLOAT_IBM, r, &ieee64);
        if (status || ieee64 != double_bits(negative ? -(double)value : (double)value)) failures[3]++;
    }
    ok(!failures[0], "VAX F: %d of 200000 differ from the oracle\n", failures[0]);
    ok(!failures[1], "IBM short: %d of 200000 differ from the oracle\n", failures[1]);
    ok(!failures[2], "VAX G: %d of 200000 differ from the oracle\n", failures[2]);
    ok(!failures[3], "IBM long: %d of 200000 differ from the oracle\n", failures[3]);
}
#else
static void test_float_oracle(void)
{
    skip("long double cannot hold the exact values here\n");
}
#endif

/* Our output is IEEE little endian, bit for bit, NaN payloads included. */
static void test_float_write(void)
{
    static const uint32_t singles[] = { 0x3f800000, 0x80000000, 0x7fa00001, 0xffc12345, 0x00000001, 0x7f800000 };
    static const uint64_t doubles[] = { 0x3ff0000000000000ull, 0x7ff0000000000001ull, 0x800fffffffffffffull };
    struct ndr_wire_reader reader;
    struct ndr_wire_writer writer;
    uint8_t out[64];
    int failures = 0;
    size_t i;

    memset(out, 0xcc, sizeof(out));
    ndr_wire_writer_init(&writer, out, sizeof(out));
    for (i = 0; i < ARRAY_SIZE(singles); i++)
    {
        float value;
        memcpy(&value, &singles[i], sizeof(value));
        if (ndr_wire_write_float(&writer, &value)) failures++;
    }
    for (i = 0; i < ARRAY_SIZE(doubles); i++)
    {
        double value;
        memcpy(&value, &doubles[i], sizeof(value));
        if (ndr_wire_write_double(&writer, &value)) failures++;
    }
    ok(!failures && writer.offset == 48, "%d writes failed, offset %zu\n", failures, writer.offset);
    ok(!memcmp(out, "\x00\x00\x80\x3f\x00\x00\x00\x80\x01\x00\xa0\x7f", 12), "got %02x %02x %02x %02x\n",
       out[0], out[1], out[2], out[3]);

    reader = reader_over(out, writer.offset, LE, NDR_FLOAT_IEEE);
    for (i = 0; i < ARRAY_SIZE(singles); i++)
    {
        float value;
        if (ndr_wire_read_float(&reader, &value) || float_bits(value) != singles[i]) failures++;
    }
    for (i = 0; i < ARRAY_SIZE(doubles); i++)
    {
        double value;
        if (ndr_wire_read_double(&reader, &value) || double_bits(value) != doubles[i]) failures++;
    }
    ok(!failures && reader.offset == 48, "%d values did not come back, offset %zu\n", failures, reader.offset);
}

/* C706 14.2.3: characters in ASCII or EBCDIC. Ours: IBM code page 037 to ISO 8859-1. */
static void test_ebcdic(void)
{
    static const uint8_t hello[] = { 0xc8, 0x85, 0x93, 0x93, 0x96, 0x6b, 0x40, 0xe6, 0x96, 0x99, 0x93, 0x84, 0x5a };
    /* conformant string "ABC $@": max 7, offset 0, actual 7, then EBCDIC with the terminator */
    static const uint8_t string[] =
    {
        0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07,
        0xc1, 0xc2, 0xc3, 0x40, 0x5b, 0x7c, 0x00,
    };
    static const uint8_t specials[] = { 0xf0, 0xf9, 0x81, 0xa9, 0x4a, 0x5f, 0x6a, 0xa1, 0xe0, 0x25, 0x15, 0xff };
    static const char specials_latin1[] = "09az\xa2\xac\xa6~\\\n\x85\x9f";
    struct ndr_wire_reader reader;
    enum ndr_wire_status status;
    uint8_t all[256], seen[256] = { 0 };
    char text[32];
    uint32_t max, actual;
    uint16_t wide;
    int i, distinct = 0;

    reader = reader_over(hello, sizeof(hello), LE_EBCDIC, 0);
    memset(text, 0, sizeof(text));
    status = ndr_wire_read_chars(&reader, text, sizeof(hello));
    ok(status == NDR_WIRE_OK && !strcmp(text, "Hello, World!"), "got %s \"%s\"\n", S(status), text);

    reader = reader_over(specials, sizeof(specials), BE_EBCDIC, 0);
    memset(text, 0, sizeof(text));
    status = ndr_wire_read_chars(&reader, text, sizeof(specials));
    ok(status == NDR_WIRE_OK && !memcmp(text, specials_latin1, sizeof(specials)), "specials: %s %02x %02x\n",
       S(status), (unsigned char)text[4], (unsigned char)text[5]);

    reader = reader_over(string, sizeof(string), BE_EBCDIC, 0);
    status = ndr_wire_read_string_header(&reader, 1, &max, &actual);
    ok(status == NDR_WIRE_OK && max == 7 && actual == 7, "header: %s %u %u\n", S(status), (unsigned)max,
       (unsigned)actual);
    status = ndr_wire_read_string_chars(&reader, text, actual);
    ok(status == NDR_WIRE_OK && !strcmp(text, "ABC $@"), "string: %s \"%s\"\n", S(status), text);

    /* one char at a time */
    reader = reader_over(hello, sizeof(hello), LE_EBCDIC, 0);
    status = ndr_wire_read_char(&reader, text);
    ok(status == NDR_WIRE_OK && text[0] == 'H', "char: %s %#x\n", S(status), (unsigned char)text[0]);
    /* bytes are not characters: never converted */
    reader = reader_over(hello, sizeof(hello), LE_EBCDIC, 0);
    status = ndr_wire_read_bytes(&reader, text, 2);
    ok(status == NDR_WIRE_OK && (uint8_t)text[0] == 0xc8 && (uint8_t)text[1] == 0x85, "bytes: %02x\n",
       (unsigned char)text[0]);
    /* nor is wchar_t */
    reader = reader_over((const uint8_t *)"\x00\xc1", 2, BE_EBCDIC, 0);
    status = ndr_wire_read_wchar(&reader, &wide);
    ok(status == NDR_WIRE_OK && wide == 0xc1, "wchar: %s %#x\n", S(status), wide);

    /* code page 037 maps the 256 octets one to one, and only 0x00 to 0 */
    for (i = 0; i < 256; i++) all[i] = (uint8_t)i;
    reader = reader_over(all, sizeof(all), LE_EBCDIC, 0);
    status = ndr_wire_read_chars(&reader, (char *)all, sizeof(all));
    for (i = 0; i < 256; i++)
        if (!seen[all[i]]++) distinct++;
    ok(status == NDR_WIRE_OK && distinct == 256 && all[0] == 0, "%d distinct characters\n", distinct);
}

/* C706 14.3.3: conformance (maximum count) and variance (offset, actual count). */
static void test_conformance_variance(void)
{
    /* a small, the gap, maximum count 5, offset 1, actual count 3 */
    static const uint8_t le[] = { 0xaa, 0xbb, 0xbb, 0xbb, 5, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0 };
    static const uint8_t be[] = { 0xaa, 0xbb, 0xbb, 0xbb, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 3 };
    struct variance_case
    {
        uint32_t max, offset, actual;
        enum ndr_wire_status status;
    } cases[] =
    {
        { 5, 1, 4, NDR_WIRE_OK },
        { 5, 0, 5, NDR_WIRE_OK },
        { 5, 5, 0, NDR_WIRE_OK },
        { 0, 0, 0, NDR_WIRE_OK },
        { 5, 1, 5, NDR_WIRE_E_VARIANCE },
        { 5, 6, 0, NDR_WIRE_E_VARIANCE },
        { 5, 0xffffffff, 1, NDR_WIRE_E_VARIANCE },          /* the sum wraps in 32 bits */
        { 0x7fffffff, 0x7fffffff, 0, NDR_WIRE_OK },
        { 0x7fffffff, 0, 0x7fffffff, NDR_WIRE_OK },
        { 0x7fffffff, 1, 0x7fffffff, NDR_WIRE_E_VARIANCE },
        { 0xffffffff, 0, 0x80000000, NDR_WIRE_E_COUNT_LIMIT },
        { 0xffffffff, 0xffffffff, 0xffffffff, NDR_WIRE_E_COUNT_LIMIT },
    };
    struct ndr_wire_reader reader;
    struct ndr_wire_writer writer;
    enum ndr_wire_status status;
    uint32_t max, offset, actual;
    uint8_t wire[8], out[16];
    int failures = 0, first = -1;
    size_t i;

    reader = reader_over(le, sizeof(le), LE, 0);
    reader.offset = 1;
    status = ndr_wire_read_conformance(&reader, &max);
    ok(status == NDR_WIRE_OK && max == 5 && reader.offset == 8, "conformance: %s %u at %zu\n", S(status),
       (unsigned)max, reader.offset);
    status = ndr_wire_read_variance(&reader, max, &offset, &actual);
    ok(status == NDR_WIRE_OK && offset == 1 && actual == 3 && reader.offset == 16, "variance: %s %u %u\n",
       S(status), (unsigned)offset, (unsigned)actual);

    reader = reader_over(be, sizeof(be), BE, 0);
    reader.offset = 1;
    status = ndr_wire_read_conformance(&reader, &max);
    status |= ndr_wire_read_variance(&reader, max, &offset, &actual);
    ok(status == NDR_WIRE_OK && max == 5 && offset == 1 && actual == 3 && reader.offset == 16,
       "big endian: %s %u %u %u\n", S(status), (unsigned)max, (unsigned)offset, (unsigned)actual);

    for (i = 0; i < ARRAY_SIZE(cases); i++)
    {
        const struct variance_case *c = &cases[i];
        int bad;

        wire[0] = (uint8_t)c->offset; wire[1] = (uint8_t)(c->offset >> 8);
        wire[2] = (uint8_t)(c->offset >> 16); wire[3] = (uint8_t)(c->offset >> 24);
        wire[4] = (uint8_t)c->actual; wire[5] = (uint8_t)(c->actual >> 8);
        wire[6] = (uint8_t)(c->actual >> 16); wire[7] = (uint8_t)(c->actual >> 24);
        reader = reader_over(wire, sizeof(wire), LE, 0);
        offset = actual = 0xdead;
        status = ndr_wire_read_variance(&reader, c->max, &offset, &actual);
        bad = status != c->status || reader.offset != (status ? 0u : 8u)
              || (status ? offset != 0xdead || actual != 0xdead : offset != c->offset || actual != c->actual);
        /* the writer refuses what the reader refuses */
        ndr_wire_writer_init(&writer, out, sizeof(out));
        status = ndr_wire_write_variance(&writer, c->max, c->offset, c->actual);
        bad |= status != c->status || writer.offset != (status ? 0u : 8u) || (!status && memcmp(out, wire, 8));
        if (bad && !failures++) first = (int)i;
    }
    ok(!failures, "%d variance cases failed, the first %d\n", failures, first);

    reader = reader_over((const uint8_t *)"\x00\x00\x00\x80\xff\xff\xff\x7f", 8, LE, 0);
    max = 0xdead;
    status = ndr_wire_read_conformance(&reader, &max);
    ok(status == NDR_WIRE_E_COUNT_LIMIT && reader.offset == 0 && max == 0xdead, "2^31: %s\n", S(status));
    reader.offset = 4;
    status = ndr_wire_read_conformance(&reader, &max);
    ok(status == NDR_WIRE_OK && max == 0x7fffffff, "2^31 - 1: %s %#x\n", S(status), (unsigned)max);
    reader = reader_over((const uint8_t *)"\xff\xff\xff\xff", 4, BE, 0);
    status = ndr_wire_read_conformance(&reader, &max);
    ok(status == NDR_WIRE_E_COUNT_LIMIT, "UINT32_MAX: %s\n", S(status));
    reader = reader_over((const uint8_t *)"\x01\x00\x00\x00\x00\x00\x00", 7, LE, 0);
    status = ndr_wire_read_variance(&reader, 10, &offset, &actual);
    ok(status == NDR_WIRE_E_SHORT_BUFFER && reader.offset == 0, "variance cut short: %s\n", S(status));

    ndr_wire_writer_init(&writer, out, sizeof(out));
    status = ndr_wire_write_conformance(&writer, 0x80000000);
    ok(status == NDR_WIRE_E_COUNT_LIMIT && writer.offset == 0, "write 2^31: %s\n", S(status));
    status = ndr_wire_write_u8(&writer, 1);
    status |= ndr_wire_write_conformance(&writer, 0x7fffffff);
    ok(status == NDR_WIRE_OK && writer.offset == 8 && !memcmp(out, "\x01\x00\x00\x00\xff\xff\xff\x7f", 8),
       "write conformance: %s\n", S(status));
}

/* The checked multiply, and the count check that goes before any allocation. */
static void test_counts(void)
{
    static const uint8_t wire[16];
    struct ndr_wire_reader reader = reader_over(wire, sizeof(wire), LE, 0);
    enum ndr_wire_status status;
    size_t product = 7;
    const int size_t_is_32 = SIZE_MAX == UINT32_MAX;

    status = ndr_wire_mul_size(0, SIZE_MAX, &product);
    ok(status == NDR_WIRE_OK && product == 0, "0 * max: %s\n", S(status));
    status = ndr_wire_mul_size(SIZE_MAX, 0, &product);
    ok(status == NDR_WIRE_OK && product == 0, "max * 0: %s\n", S(status));
    status = ndr_wire_mul_size(SIZE_MAX, 1, &product);
    ok(status == NDR_WIRE_OK && product == SIZE_MAX, "max * 1: %s\n", S(status));
    status = ndr_wire_mul_size(SIZE_MAX / 3, 3, &product);
    ok(status == NDR_WIRE_OK && product == SIZE_MAX / 3 * 3, "exact: %s\n", S(status));
    product = 7;
    status = ndr_wire_mul_size(SIZE_MAX / 3 + 1, 3, &product);
    ok(status == NDR_WIRE_E_COUNT_OVERFLOW && product == 7, "one more: %s\n", S(status));
    status = ndr_wire_mul_size(SIZE_MAX / 2 + 1, 2, &product);
    ok(status == NDR_WIRE_E_COUNT_OVERFLOW, "half * 2: %s\n", S(status));
    status = ndr_wire_mul_size((size_t)1 << (sizeof(size_t) * 4), (size_t)1 << (sizeof(size_t) * 4), &product);
    ok(status == NDR_WIRE_E_COUNT_OVERFLOW, "square root squared: %s\n", S(status));
    /* a 32-bit count of 8-octet elements: overflows a 32-bit size_t, fits a 64-bit one */
    product = 7;
    status = ndr_wire_mul_size(UINT32_MAX, 8, &product);
    ok(status == (size_t_is_32 ? NDR_WIRE_E_COUNT_OVERFLOW : NDR_WIRE_OK), "UINT32_MAX * 8: %s\n", S(status));
    ok(size_t_is_32 ? product == 7 : product == (size_t)UINT32_MAX * 8, "product %zu\n", product);
    status = ndr_wire_mul_size(0x20000000, 8, &product);
    ok(status == (size_t_is_32 ? NDR_WIRE_E_COUNT_OVERFLOW : NDR_WIRE_OK), "2^29 * 8: %s\n", S(status));
    status = ndr_wire_mul_size(0x1fffffff, 8, &product);
    ok(status == NDR_WIRE_OK && product == (size_t)0xfffffff8, "(2^29 - 1) * 8: %s\n", S(status));

    /* counts against the 16 octets of wire */
    status = ndr_wire_check_count(&reader, 2, 8, 8);
    ok(status == NDR_WIRE_OK, "exact fit: %s\n", S(status));
    status = ndr_wire_check_count(&reader, 3, 5, 1);
    ok(status == NDR_WIRE_OK, "15 of 16: %s\n", S(status));
    status = ndr_wire_check_count(&reader, 17, 1, 1);
    ok(status == NDR_WIRE_E_COUNT_TOO_LARGE, "one more: %s\n", S(status));
    status = ndr_wire_check_count(&reader, 0x7fffffff, 2, 2);
    ok(status == NDR_WIRE_E_COUNT_TOO_LARGE, "2^31 - 1 wide: %s\n", S(status));
    status = ndr_wire_check_count(&reader, UINT32_MAX, 8, 8);
    ok(status == (size_t_is_32 ? NDR_WIRE_E_COUNT_OVERFLOW : NDR_WIRE_E_COUNT_TOO_LARGE), "UINT32_MAX * 8: %s\n",
       S(status));
    status = ndr_wire_check_count(&reader, SIZE_MAX, 2, 2);
    ok(status == NDR_WIRE_E_COUNT_OVERFLOW, "SIZE_MAX * 2: %s\n", S(status));
    status = ndr_wire_check_count(&reader, SIZE_MAX, 0, 1);
    ok(status == NDR_WIRE_OK, "empty elements: %s\n", S(status));
    status = ndr_wire_check_count(&reader, 1, 1, 6);
    ok(status == NDR_WIRE_E_INVALID_ARGUMENT, "alignment 6: %s\n", S(status));
    reader.offset = 9;
    status = ndr_wire_check_count(&reader, 1, 8, 8);
    ok(status == NDR_WIRE_E_COUNT_TOO_LARGE, "gap to the end, then one: %s\n", S(status));
    status = ndr_wire_check_count(&reader, 0, 8, 8);
    ok(status == NDR_WIRE_OK && reader.offset == 9, "gap to the end, none: %s\n", S(status));
    reader.offset = 16;
    status = ndr_wire_check_count(&reader, 0, 8, 8);
    ok(status == NDR_WIRE_OK, "none at the end: %s\n", S(status));
    reader = reader_over(wire, 13, LE, 0);
    reader.offset = 10;
    status = ndr_wire_check_count(&reader, 0, 4, 4);
    ok(status == NDR_WIRE_OK, "gap within the end: %s\n", S(status));
    status = ndr_wire_check_count(&reader, 0, 8, 8);
    ok(status == NDR_WIRE_E_COUNT_TOO_LARGE, "gap past the end: %s\n", S(status));
}

/* C706 14.3.4 and MS-RPCE 2.2.5.3.3: strings, the terminator counted, offset 0. */
static void test_strings(void)
{
    static const uint8_t abc_le[] = { 4, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 'a', 'b', 'c', 0 };
    static const uint8_t hi_be[] = { 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 'h', 0, 'i', 0, 0 };
    static const uint8_t hi_le[] = { 3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 'h', 0, 'i', 0, 0, 0 };
    static const uint16_t hi[] = { 'h', 'i' };
    struct ndr_wire_reader reader;
    struct ndr_wire_writer writer;
    enum ndr_wire_status status;
    uint32_t max, actual;
    uint16_t wide[4];
    uint8_t out[32], *buf;
    char text[8];

    buf = exact_copy(abc_le, sizeof(abc_le));
    reader = reader_over(buf, sizeof(abc_le), LE, 0);
    status = ndr_wire_read_string_header(&reader, 1, &max, &actual);
    ok(status == NDR_WIRE_OK && max == 4 && actual == 4 && reader.offset == 12, "abc header: %s %u %u\n",
       S(status), (unsigned)max, (unsigned)actual);
    status = ndr_wire_read_string_chars(&reader, text, actual);
    ok(status == NDR_WIRE_OK && !strcmp(text, "abc") && reader.offset == 16, "abc: %s\n", S(status));
    free(buf);

    buf = exact_copy(hi_be, sizeof(hi_be));
    reader = reader_over(buf, sizeof(hi_be), BE, 0);
    status = ndr_wire_read_string_header(&reader, 2, &max, &actual);
    status |= ndr_wire_read_string_wchars(&reader, wide, actual);
    ok(status == NDR_WIRE_OK && actual == 3 && wide[0] == 'h' && wide[1] == 'i' && wide[2] == 0
       && reader.offset == sizeof(hi_be), "hi big endian: %s %u\n", S(status), (unsigned)actual);
    free(buf);

    memset(out, 0xcc, sizeof(out));
    ndr_wire_writer_init(&writer, out, sizeof(out));
    status = ndr_wire_write_string(&writer, "abc", 3);
    ok(status == NDR_WIRE_OK && writer.offset == sizeof(abc_le) && !memcmp(out, abc_le, sizeof(abc_le)),
       "write abc: %s %zu\n", S(status), writer.offset);
    ndr_wire_writer_init(&writer, out, sizeof(out));
    status = ndr_wire_write_wstring(&writer, hi, 2);
    ok(status == NDR_WIRE_OK && writer.offset == sizeof(hi_le) && !memcmp(out, hi_le, sizeof(hi_le)),
       "write hi: %s %zu\n", S(status), writer.offset);
    ndr_wire_writer_init(&writer, out, sizeof(out));
    status = ndr_wire_write_string(&writer, "", 0);
    ok(status == NDR_WIRE_OK && writer.offset == 13 && !memcmp(out, "\1\0\0\0\0\0\0\0\1\0\0\0\0", 13),
       "write empty: %s %zu\n", S(status), writer.offset);

    /* a fixed-size [string] array: variance only, the maximum given by the type */
    reader = reader_over((const uint8_t *)"\0\0\0\0\2\0\0\0x\0", 10, LE, 0);
    status = ndr_wire_read_string_variance(&reader, 8, 1, &actual);
    status |= ndr_wire_read_string_chars(&reader, text, actual);
    ok(status == NDR_WIRE_OK && actual == 2 && !strcmp(text, "x"), "varying string: %s\n", S(status));
}

/* Every string guard, and the cursor left in place by each. */
static void test_string_guards(void)
{
    struct string_case
    {
        const char *name;
        size_t char_size;
        uint8_t wire[24];
        size_t size;
        enum ndr_wire_status header, chars;
    } cases[] =
    {
        { "offset 1", 1, { 4, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 'a', 'b', 0 }, 15,
          NDR_WIRE_E_STRING_OFFSET, NDR_WIRE_OK },
        { "actual 0", 1, { 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 12, NDR_WIRE_E_STRING_UNTERMINATED, NDR_WIRE_OK },
        { "actual above max", 1, { 2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 'a', 'b', 0 }, 15,
          NDR_WIRE_E_VARIANCE, NDR_WIRE_OK },
        { "max 2^31", 1, { 0, 0, 0, 0x80, 0, 0, 0, 0, 3, 0, 0, 0, 'a', 'b', 0 }, 15,
          NDR_WIRE_E_COUNT_LIMIT, NDR_WIRE_OK },
        { "actual 2^31", 1, { 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0x80 }, 12,
          NDR_WIRE_E_COUNT_LIMIT, NDR_WIRE_OK },
        { "actual past the end", 1, { 9, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 'a', 'b', 0 }, 15,
          NDR_WIRE_E_COUNT_TOO_LARGE, NDR_WIRE_OK },
        { "wide actual past the end", 2, { 9, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 'a', 0, 0 }, 15,
          NDR_WIRE_E_COUNT_TOO_LARGE, NDR_WIRE_OK },
        { "huge wide actual", 2, { 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0 }, 14,
          NDR_WIRE_E_COUNT_TOO_LARGE, NDR_WIRE_OK },
        { "header cut short", 1, { 4, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0 }, 11,
          NDR_WIRE_E_SHORT_BUFFER, NDR_WIRE_OK },
        { "char size 3", 3, { 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 }, 15,
          NDR_WIRE_E_INVALID_ARGUMENT, NDR_WIRE_OK },
        { "no terminator", 1, { 3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 'a', 'b', 'c' }, 15, NDR_WIRE_OK,
          NDR_WIRE_E_STRING_UNTERMINATED },
        { "embedded NUL", 1, { 3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 'a', 0, 0 }, 15, NDR_WIRE_OK,
          NDR_WIRE_E_STRING_EMBEDDED_NUL },
        { "leading NUL", 1, { 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0 }, 14, NDR_WIRE_OK,
          NDR_WIRE_E_STRING_EMBEDDED_NUL },
        { "wide, no terminator", 2, { 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 'a', 0, 0, 1 }, 16, NDR_WIRE_OK,
          NDR_WIRE_E_STRING_UNTERMINATED },
        { "wide, embedded NUL", 2, { 3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 'a', 0, 0, 0, 0, 0 }, 18, NDR_WIRE_OK,
          NDR_WIRE_E_STRING_EMBEDDED_NUL },
        { "wide, only the terminator", 2, { 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0 }, 14, NDR_WIRE_OK,
          NDR_WIRE_OK },
    };
    int failures = 0;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++)
    {
        const struct string_case *c = &cases[i];
        uint8_t *buf = exact_copy(c->wire, c->size);
        struct ndr_wire_reader reader = reader_over(buf, c->size, LE, 0);
        enum ndr_wire_status status;
        uint32_t max = 0xdead, actual = 0xdead;
        uint16_t wide[16];
        char text[16];
        size_t at;

        status = ndr_wire_read_string_header(&reader, c->char_size, &max, &actual);
        if (status != c->header || (status && (reader.offset || max != 0xdead || actual != 0xdead)))
        {
            if (!failures++) ok(0, "%s: header %s\n", c->name, S(status));
        }
        if (status)
        {
            free(buf);
            continue;
        }
        at = reader.offset;
        status = c->char_size == 1 ? ndr_wire_read_string_chars(&reader, text, actual)
                                   : ndr_wire_read_string_wchars(&reader, wide, actual);
        if (status != c->chars || reader.offset != (status ? at : c->size))
        {
            if (!failures++) ok(0, "%s: characters %s\n", c->name, S(status));
        }
        free(buf);
    }
    ok(!failures, "%d string cases failed\n", failures);
}

static void test_string_write_guards(void)
{
    static const uint16_t wide_nul[] = { 'a', 0, 'b' };
    uint8_t out[15];
    struct ndr_wire_writer writer;
    enum ndr_wire_status status;

    ndr_wire_writer_init(&writer, out, sizeof(out));
    status = ndr_wire_write_string(&writer, "a\0b", 3);
    ok(status == NDR_WIRE_E_STRING_EMBEDDED_NUL && writer.offset == 0, "embedded NUL: %s\n", S(status));
    status = ndr_wire_write_wstring(&writer, wide_nul, 3);
    ok(status == NDR_WIRE_E_STRING_EMBEDDED_NUL && writer.offset == 0, "wide embedded NUL: %s\n", S(status));
    /* the limit comes before the characters are looked at */
    status = ndr_wire_write_string(&writer, "a", NDR_WIRE_MAX_COUNT);
    ok(status == NDR_WIRE_E_COUNT_LIMIT && writer.offset == 0, "2^31 - 1 characters: %s\n", S(status));
    status = ndr_wire_write_wstring(&writer, wide_nul, SIZE_MAX);
    ok(status == NDR_WIRE_E_COUNT_LIMIT && writer.offset == 0, "SIZE_MAX characters: %s\n", S(status));
    /* 12 + 3 fits; 12 + 4 does not, and nothing counts as written */
    status = ndr_wire_write_string(&writer, "abc", 3);
    ok(status == NDR_WIRE_E_SHORT_BUFFER && writer.offset == 0, "one short: %s\n", S(status));
    status = ndr_wire_write_string(&writer, "ab", 2);
    ok(status == NDR_WIRE_OK && writer.offset == 15, "exact fit: %s\n", S(status));
    ndr_wire_writer_init(&writer, out, 13);
    status = ndr_wire_write_wstring(&writer, wide_nul, 0);
    ok(status == NDR_WIRE_E_SHORT_BUFFER && writer.offset == 0, "wide terminator short: %s\n", S(status));
    ndr_wire_writer_init(&writer, out, 14);
    status = ndr_wire_write_wstring(&writer, wide_nul, 0);
    ok(status == NDR_WIRE_OK && writer.offset == 14, "wide terminator: %s\n", S(status));
}

/* MS-RPCE 4.7: a UNICODE_STRING with Length 4, MaximumLength 8 and the buffer L"hi": the structure
 * (two shorts, a referent id), then the deferred conformant varying array of 4, offset 0, 2 actual. */
static void test_unicode_string_example(void)
{
    static const uint8_t expect[] =
    {
        0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x02, 0x00,     /* Length, MaximumLength, referent id */
        0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,     /* maximum count 8/2, offset 0 */
        0x02, 0x00, 0x00, 0x00, 'h', 0x00, 'i', 0x00,       /* actual count 4/2, the characters */
    };
    static const uint16_t hi[] = { 'h', 'i' };
    struct ndr_wire_writer writer;
    struct ndr_wire_reader reader;
    enum ndr_wire_status status;
    uint16_t length, maximum, chars[2];
    uint32_t id, max, offset, actual;
    uint8_t out[sizeof(expect)];

    ndr_wire_writer_init(&writer, out, sizeof(out));
    status = ndr_wire_write_u16(&writer, 4);
    status |= ndr_wire_write_u16(&writer, 8);
    status |= ndr_wire_write_referent_id(&writer, 0x00020000);
    status |= ndr_wire_write_conformance(&writer, 4);
    status |= ndr_wire_write_variance(&writer, 4, 0, 2);
    status |= ndr_wire_write_wchars(&writer, hi, 2);
    ok(status == NDR_WIRE_OK && writer.offset == sizeof(expect) && !memcmp(out, expect, sizeof(expect)),
       "write: %s %zu\n", S(status), writer.offset);

    reader = reader_over(expect, sizeof(expect), LE, 0);
    status = ndr_wire_read_u16(&reader, &length);
    status |= ndr_wire_read_u16(&reader, &maximum);
    status |= ndr_wire_read_referent_id(&reader, &id);
    status |= ndr_wire_read_conformance(&reader, &max);
    status |= ndr_wire_read_variance(&reader, max, &offset, &actual);
    status |= ndr_wire_check_count(&reader, actual, 2, 2);
    status |= ndr_wire_read_wchars(&reader, chars, actual);
    ok(status == NDR_WIRE_OK && length == 4 && maximum == 8 && id == 0x20000 && max == 4 && offset == 0
       && actual == 2 && chars[0] == 'h' && chars[1] == 'i' && reader.offset == sizeof(expect),
       "read: %s %u %u %#x %u %u %u\n", S(status), length, maximum, (unsigned)id, (unsigned)max, (unsigned)offset,
       (unsigned)actual);
}

static void test_wide_arrays(void)
{
    static const uint16_t data[] = { 0x1234, 0xabcd };
    struct ndr_wire_writer writer;
    struct ndr_wire_reader reader;
    enum ndr_wire_status status;
    uint8_t out[8];
    uint16_t back[2];

    memset(out, 0xcc, sizeof(out));
    ndr_wire_writer_init(&writer, out, sizeof(out));
    status = ndr_wire_write_u8(&writer, 7);
    status |= ndr_wire_write_wchars(&writer, data, 2);
    ok(status == NDR_WIRE_OK && writer.offset == 6 && !memcmp(out, "\x07\x00\x34\x12\xcd\xab", 6),
       "write: %s %zu\n", S(status), writer.offset);
    status = ndr_wire_write_wchars(&writer, data, SIZE_MAX);
    ok(status == NDR_WIRE_E_COUNT_OVERFLOW && writer.offset == 6, "SIZE_MAX: %s\n", S(status));
    status = ndr_wire_write_wchars(&writer, data, 2);
    ok(status == NDR_WIRE_E_SHORT_BUFFER && writer.offset == 6, "no room: %s\n", S(status));

    reader = reader_over((const uint8_t *)"\x07\x00\x12\x34\xab\xcd", 6, BE, 0);
    status = ndr_wire_read_u8(&reader, out);
    status |= ndr_wire_read_wchars(&reader, back, 2);
    ok(status == NDR_WIRE_OK && back[0] == 0x1234 && back[1] == 0xabcd, "read: %s %#x %#x\n", S(status), back[0],
       back[1]);
    reader.offset = 1;
    status = ndr_wire_read_wchars(&reader, back, SIZE_MAX / 2 + 1);
    ok(status == NDR_WIRE_E_COUNT_OVERFLOW && reader.offset == 1, "overflowing count: %s\n", S(status));
    status = ndr_wire_read_wchars(&reader, back, 3);
    ok(status == NDR_WIRE_E_SHORT_BUFFER && reader.offset == 1, "one past: %s\n", S(status));
}

START_TEST(ndr_wire)
{
    test_status_names();
    test_drep();
    test_integers();
    test_boolean_char_small();
    test_enum16();
    test_alignment();
    test_buffer_end();
    test_sizing_pass();
    test_float_vectors();
    test_float_direct();
    test_float_oracle();
    test_float_write();
    test_ebcdic();
    test_conformance_variance();
    test_counts();
    test_strings();
    test_string_guards();
    test_string_write_guards();
    test_unicode_string_example();
    test_wide_arrays();
}
