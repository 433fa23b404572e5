/* ndr_wire.c: libFuzzer target: a program of NDR reads in any representation, written back and read again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ndr_wire.h"

/* The input: octet 0 picks the format label (bit 0 big endian, bit 1 EBCDIC, bits 2-3 floating-point
 * representation), octet 1 the number of operations (up to 63), then one octet per operation (low 4
 * bits the operation, high 4 bits its argument), then the stub data the operations read. Each
 * operation that succeeds is written with a writer (and counted by a sizing pass); after the first
 * failure the program stops, as an unmarshaller would. The writer's output is then read again in
 * our own representation by the same operations, which must all succeed with the same values. */
enum op
{
    OP_U8, OP_U16, OP_U32, OP_U64, OP_BOOLEAN, OP_CHAR, OP_WCHAR, OP_ENUM16, OP_FLOAT, OP_DOUBLE,
    OP_ARRAY_HEADER, OP_STRING, OP_WSTRING, OP_REFERENT, OP_ALIGN, OP_CHARS
};

#define MAX_OPS 63

/* What one operation read. */
struct value
{
    uint64_t number;            /* integers, characters, float and double bits, the maximum count */
    uint32_t offset, actual;    /* an array header's variance; a string's actual count */
    void *chars;                /* a string's characters or a char array, allocated */
};

static void check(int condition)
{
    if (!condition) abort();
}

/* Runs op on reader into *value; an operation of several reads moves the reader only when all succeed.
 * The status of the read. */
static enum ndr_wire_status read_op(struct ndr_wire_reader *reader, uint8_t op, struct value *value)
{
    struct ndr_wire_reader next = *reader;
    enum ndr_wire_status status;
    size_t count = op >> 4;
    uint8_t v8;
    uint16_t v16;
    uint32_t v32, max;
    int32_t e;
    char c;
    float f;
    double d;

    memset(value, 0, sizeof(*value));
    switch (op & 0x0f)
    {
    case OP_U8: status = ndr_wire_read_u8(reader, &v8); value->number = v8; return status;
    case OP_U16: status = ndr_wire_read_u16(reader, &v16); value->number = v16; return status;
    case OP_U32: status = ndr_wire_read_u32(reader, &v32); value->number = v32; return status;
    case OP_U64: return ndr_wire_read_u64(reader, &value->number);
    case OP_BOOLEAN:
        status = ndr_wire_read_boolean(reader, &v8);
        check(status || v8 <= 1);
        value->number = v8;
        return status;
    case OP_CHAR: status = ndr_wire_read_char(reader, &c); value->number = (uint8_t)c; return status;
    case OP_WCHAR: status = ndr_wire_read_wchar(reader, &v16); value->number = v16; return status;
    case OP_ENUM16:
        status = ndr_wire_read_enum16(reader, &e);
        check(status || (e >= 0 && e <= NDR_WIRE_ENUM16_MAX));
        value->number = (uint64_t)e;
        return status;
    case OP_FLOAT:
        status = ndr_wire_read_float(reader, &f);
        memcpy(&v32, &f, sizeof(v32));
        value->number = v32;
        return status;
    case OP_DOUBLE:
        status = ndr_wire_read_double(reader, &d);
        memcpy(&value->number, &d, sizeof(d));
        return status;
    case OP_ARRAY_HEADER:
        if ((status = ndr_wire_read_conformance(&next, &max))) return status;
        value->number = max;
        if ((status = ndr_wire_read_variance(&next, max, &value->offset, &value->actual))) return status;
        check((uint64_t)value->offset + value->actual <= max && max <= NDR_WIRE_MAX_COUNT);
        *reader = next;
        return NDR_WIRE_OK;
    case OP_STRING:
    case OP_WSTRING:
        count = (op & 0x0f) == OP_STRING ? 1 : 2;
        if ((status = ndr_wire_read_string_header(&next, count, &max, &value->actual))) return status;
        /* the header promised that the characters fit in what is left */
        check(value->actual >= 1 && value->actual <= max);
        check((size_t)value->actual * count <= next.size - next.offset);
        value->number = max;
        value->chars = malloc((size_t)value->actual * count);
        check(value->chars != NULL);
        status = count == 1 ? ndr_wire_read_string_chars(&next, value->chars, value->actual)
                            : ndr_wire_read_string_wchars(&next, value->chars, value->actual);
        if (!status) *reader = next;
        return status;
    case OP_REFERENT: status = ndr_wire_read_referent_id(reader, &v32); value->number = v32; return status;
    case OP_ALIGN: return ndr_wire_read_align(reader, (size_t)1 << (count & 3));
    default:
        value->chars = malloc(count ? count : 1);
        check(value->chars != NULL);
        value->actual = (uint32_t)count;
        return ndr_wire_read_chars(reader, value->chars, count);
    }
}

/* Writes what op read. Must succeed: the writer's buffer is as large as the input's stub data. */
static enum ndr_wire_status write_op(struct ndr_wire_writer *writer, uint8_t op, const struct value *value)
{
    enum ndr_wire_status status;
    size_t count = op >> 4;
    uint32_t v32 = (uint32_t)value->number;
    float f;
    double d;

    switch (op & 0x0f)
    {
    case OP_U8: return ndr_wire_write_u8(writer, (uint8_t)value->number);
    case OP_U16: return ndr_wire_write_u16(writer, (uint16_t)value->number);
    case OP_U32: return ndr_wire_write_u32(writer, v32);
    case OP_U64: return ndr_wire_write_u64(writer, value->number);
    case OP_BOOLEAN: return ndr_wire_write_boolean(writer, (int)value->number);
    case OP_CHAR: return ndr_wire_write_char(writer, (char)value->number);
    case OP_WCHAR: return ndr_wire_write_wchar(writer, (uint16_t)value->number);
    case OP_ENUM16: return ndr_wire_write_enum16(writer, (int32_t)value->number);
    case OP_FLOAT:
        memcpy(&f, &v32, sizeof(f));
        return ndr_wire_write_float(writer, &f);
    case OP_DOUBLE:
        memcpy(&d, &value->number, sizeof(d));
        return ndr_wire_write_double(writer, &d);
    case OP_ARRAY_HEADER:
        if ((status = ndr_wire_write_conformance(writer, v32))) return status;
        return ndr_wire_write_variance(writer, v32, value->offset, value->actual);
    case OP_STRING:
        return ndr_wire_write_string(writer, value->chars, value->actual - 1);
    case OP_WSTRING: return ndr_wire_write_wstring(writer, value->chars, value->actual - 1);
    case OP_REFERENT: return ndr_wire_write_referent_id(writer, v32);
    case OP_ALIGN: return ndr_wire_write_align(writer, (size_t)1 << (count & 3));
    default: return ndr_wire_write_bytes(writer, value->chars, count);
    }
}

static int same_value(uint8_t op, const struct value *a, const struct value *b)
{
    size_t char_size = (op & 0x0f) == OP_WSTRING ? 2 : 1;

    switch (op & 0x0f)
    {
    case OP_STRING:
    case OP_WSTRING:
        /* written again with the maximum count equal to the actual count */
        return b->number == a->actual && a->actual == b->actual
               && !memcmp(a->chars, b->chars, (size_t)a->actual * char_size);
    case OP_CHARS:
        return !memcmp(a->chars, b->chars, op >> 4);
    default:
        return a->number == b->number && a->offset == b->offset && a->actual == b->actual;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t native[4] = { NDR_WIRE_DREP_NATIVE, 0, 0, 0 };
    struct value values[MAX_OPS], again;
    struct ndr_wire_reader reader;
    struct ndr_wire_writer writer, sizer;
    const uint8_t *ops, *stub;
    uint8_t drep[4] = { 0 }, *out;
    size_t nops, done = 0, i, stub_size;

    if (size < 2) return 0;
    drep[0] = (uint8_t)(((data[0] & 1) ? 0x00 : 0x10) | ((data[0] >> 1) & 1));
    drep[1] = (data[0] >> 2) & 3;
    nops = data[1] % (MAX_OPS + 1);
    if (size - 2 < nops) return 0;
    ops = data + 2;
    stub = ops + nops;
    stub_size = size - 2 - nops;

    /* exactly stub_size octets on the heap, so that a read past them is caught */
    out = malloc(stub_size ? stub_size : 1);
    check(out != NULL);
    check(ndr_wire_reader_init(&reader, stub_size ? stub : NULL, stub_size, drep) == NDR_WIRE_OK);
    ndr_wire_writer_init(&writer, out, stub_size);
    ndr_wire_writer_init(&sizer, NULL, SIZE_MAX);
    for (; done < nops; done++)
    {
        size_t before = reader.offset;

        if (read_op(&reader, ops[done], &values[done]))
        {
            check(reader.offset == before);   /* a failed read consumes nothing */
            free(values[done].chars);
            break;
        }
        /* every operation writes back as many octets as it read, gaps included */
        check(write_op(&writer, ops[done], &values[done]) == NDR_WIRE_OK);
        check(write_op(&sizer, ops[done], &values[done]) == NDR_WIRE_OK);
        check(writer.offset == reader.offset && sizer.offset == writer.offset);
    }

    check(ndr_wire_reader_init(&reader, out, writer.offset, native) == NDR_WIRE_OK);
    for (i = 0; i < done; i++)
    {
        check(read_op(&reader, ops[i], &again) == NDR_WIRE_OK);
        check(same_value(ops[i], &values[i], &again));
        free(again.chars);
        free(values[i].chars);
    }
    check(reader.offset == writer.offset);
    free(out);
    return 0;
}
