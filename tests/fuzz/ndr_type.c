/* ndr_type.c: libFuzzer target: a buffer unmarshalled as one of the host test's types, freed, and round-tripped. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ndr_type.h"
#include "host/ndr_type_formats.h"

/* The input: octet 0 picks the type (low 5 bits, from the table) and the representation (bit 7 big
 * endian, bit 6 EBCDIC); the rest is the stub data. What unmarshalls is marshalled, unmarshalled
 * again and marshalled again: both marshallings must be equal. Every walk frees what it made. */
static const struct { uint16_t type; uint8_t is_pointer; uint8_t top_level; } types[] =
{
    { T_S_PTR, 0, 0 }, { T_S_CONF, 0, 0 }, { T_STRING_UP, 1, 0 }, { T_S_BOGUS, 0, 0 }, { T_NODE, 0, 0 },
    { T_NODE_UP, 1, 0 }, { T_S_UNION, 0, 0 }, { T_U_ENC, 0, 0 }, { T_CVARRAY, 0, 3 }, { T_FARRAY, 0, 0 },
    { T_WSTRING_UP, 1, 0 }, { T_FSTRING, 0, 0 }, { T_BOGUS_ARR, 0, 1 }, { T_RANGE, 0, 0 }, { T_S_SIMPLE, 0, 0 },
    { T_FNODE, 0, 0 }, { T_FNODE_FP, 1, 0 }, { T_S_MISC, 0, 0 }, { T_CARRAY, 0, 1 }, { T_PSTRUCT, 0, 0 },
};

static void check(int condition)
{
    if (!condition) abort();
}

/* Unmarshalls size octets at data into *object. A type whose counts are top-level parameters (top_level:
 * 1 the conformance, 3 with the variance) takes them, as a stub would, from the first octets, and leaves
 * them in *state for marshalling again (the walk itself leaves the innermost ones there). */
static enum ndr_type_status in(size_t type, int top_level, const uint8_t *data, size_t size, const uint8_t drep[4],
                               void **object, struct ndr_type_ctx *state)
{
    struct ndr_wire_reader header;
    enum ndr_type_status status;
    uint32_t counts[3] = { 0 };
    int i;

    check(ndr_wire_reader_init(&header, size ? data : NULL, size, drep) == NDR_WIRE_OK);
    for (i = 0; i < top_level; i++) ndr_wire_read_u32(&header, &counts[i]);
    ndr_type_init(state, ndr_type_format, sizeof(ndr_type_format), NULL);
    check(ndr_wire_reader_init(&state->reader, size ? data : NULL, size, drep) == NDR_WIRE_OK);
    status = ndr_type_unmarshall(state, object, type);
    ndr_type_cleanup(state);
    state->max_count = counts[0];
    state->offset = counts[1];
    state->actual_count = top_level == 3 ? counts[2] : counts[0];
    return status;
}

/* Marshalls object with the counts of state into a new buffer (*size octets). */
static uint8_t *out(size_t type, void *object, int is_pointer, const struct ndr_type_ctx *state, size_t *size)
{
    struct ndr_type_ctx ctx;
    uint8_t *buf;
    const void *memory = is_pointer ? (void *)&object : object;

    ndr_type_init(&ctx, ndr_type_format, sizeof(ndr_type_format), NULL);
    ctx.max_count = state->max_count;
    ctx.offset = state->offset;
    ctx.actual_count = state->actual_count;
    check(ndr_type_marshall(&ctx, memory, type) == NDR_TYPE_OK);
    *size = ctx.writer.offset;
    ndr_type_cleanup(&ctx);
    buf = malloc(*size ? *size : 1);
    check(buf != NULL);
    ndr_type_init(&ctx, ndr_type_format, sizeof(ndr_type_format), NULL);
    ctx.max_count = state->max_count;
    ctx.offset = state->offset;
    ctx.actual_count = state->actual_count;
    ndr_wire_writer_init(&ctx.writer, buf, *size);
    check(ndr_type_marshall(&ctx, memory, type) == NDR_TYPE_OK && ctx.writer.offset == *size);
    ndr_type_cleanup(&ctx);
    return buf;
}

static void release(size_t type, void *object, int is_pointer, const struct ndr_type_ctx *state)
{
    struct ndr_type_ctx ctx;

    ndr_type_init(&ctx, ndr_type_format, sizeof(ndr_type_format), NULL);
    ctx.max_count = state->max_count;
    ctx.offset = state->offset;
    ctx.actual_count = state->actual_count;
    ndr_type_free(&ctx, is_pointer ? (void *)&object : object, type);
    ndr_type_cleanup(&ctx);
    if (!is_pointer) free(object);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t native[4] = { NDR_WIRE_DREP_NATIVE, 0, 0, 0 };
    struct ndr_type_ctx first, second;
    uint8_t drep[4] = { 0 }, *stub, *wire, *again, *reread;
    void *object = NULL, *copy = NULL;
    size_t type, wire_size, again_size;
    int is_pointer, top_level;

    if (size < 1) return 0;
    type = types[(data[0] & 0x1f) % (sizeof(types) / sizeof(types[0]))].type;
    is_pointer = types[(data[0] & 0x1f) % (sizeof(types) / sizeof(types[0]))].is_pointer;
    top_level = types[(data[0] & 0x1f) % (sizeof(types) / sizeof(types[0]))].top_level;
    drep[0] = (uint8_t)((data[0] & 0x80 ? 0x00 : 0x10) | (data[0] & 0x40 ? 0x01 : 0x00));
    /* exactly the stub data on the heap, so that a read past it is caught */
    stub = malloc(size - 1 ? size - 1 : 1);
    check(stub != NULL);
    memcpy(stub, data + 1, size - 1);
    if (in(type, top_level, stub, size - 1, drep, &object, &first))
    {
        check(!object);     /* a failure leaves nothing behind */
        free(stub);
        return 0;
    }
    free(stub);
    wire = out(type, object, is_pointer, &first, &wire_size);
    /* Read back with at least the room the first read had after the object (zeros after the wire data):
     * the engine bounds what a varying array may allocate by the data left plus a slack, so the same
     * object at the very end of a buffer may be refused where trailing octets let it pass. */
    reread = calloc(wire_size + size, 1);
    check(reread != NULL);
    memcpy(reread, wire, wire_size);
    check(in(type, top_level, reread, wire_size + size - 1, native, &copy, &second) == NDR_TYPE_OK);
    free(reread);
    again = out(type, copy, is_pointer, &second, &again_size);
    check(again_size == wire_size && !memcmp(again, wire, wire_size));
    release(type, object, is_pointer, &first);
    release(type, copy, is_pointer, &second);
    free(wire);
    free(again);
    return 0;
}
