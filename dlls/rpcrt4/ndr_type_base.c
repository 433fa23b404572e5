/* ndr_type_base.c: NDR base types (FC_BYTE ... FC_UINT3264) and FC_RANGE, between memory and the wire. */
#include <string.h>
#include "ndr_type_walk.h"

struct base_type
{
    uint8_t memory;     /* octets in memory */
    uint8_t wire;       /* octets on the wire */
    uint8_t is_signed;  /* sign-extended when widened */
};

/* FC_ENUM16 is an int in memory, 16 bits on the wire; FC_INT3264 and FC_UINT3264 are pointer-sized in
 * memory and 32 bits on the wire (NDR 2.0). */
static const struct base_type base_types[256] =
{
    [NDR_FC_BYTE] = { 1, 1, 0 }, [NDR_FC_CHAR] = { 1, 1, 0 }, [NDR_FC_SMALL] = { 1, 1, 1 },
    [NDR_FC_USMALL] = { 1, 1, 0 }, [NDR_FC_WCHAR] = { 2, 2, 0 }, [NDR_FC_SHORT] = { 2, 2, 1 },
    [NDR_FC_USHORT] = { 2, 2, 0 }, [NDR_FC_LONG] = { 4, 4, 1 }, [NDR_FC_ULONG] = { 4, 4, 0 },
    [NDR_FC_FLOAT] = { 4, 4, 0 }, [NDR_FC_HYPER] = { 8, 8, 1 }, [NDR_FC_DOUBLE] = { 8, 8, 0 },
    [NDR_FC_ENUM16] = { 4, 2, 1 }, [NDR_FC_ENUM32] = { 4, 4, 1 }, [NDR_FC_ERROR_STATUS_T] = { 4, 4, 0 },
    [NDR_FC_INT3264] = { sizeof(void *), 4, 1 }, [NDR_FC_UINT3264] = { sizeof(void *), 4, 0 },
};

size_t ndr_base_memory_size(uint8_t fc)
{
    return base_types[fc].memory;
}

size_t ndr_base_wire_size(uint8_t fc)
{
    return base_types[fc].wire;
}

/* The integer in memory at mem (memory octets, little endian), sign-extended for signed types. */
static int64_t load(const uint8_t *mem, const struct base_type *type)
{
    uint64_t value = 0;
    unsigned i;

    for (i = type->memory; i--;) value = value << 8 | mem[i];
    if (type->is_signed && type->memory < 8 && (value >> (type->memory * 8 - 1)) & 1)
        value |= ~(uint64_t)0 << (type->memory * 8);
    return (int64_t)value;
}

int64_t ndr_base_load(const uint8_t *mem, uint8_t fc)
{
    return base_types[fc].memory ? load(mem, &base_types[fc]) : 0;
}

static void store(uint8_t *mem, const struct base_type *type, uint64_t value)
{
    unsigned i;

    for (i = 0; i < type->memory; i++, value >>= 8) mem[i] = (uint8_t)value;
}

static enum ndr_type_status write_value(struct ndr_type_ctx *ctx, const uint8_t *mem, uint8_t fc, int64_t value)
{
    struct ndr_wire_writer *writer = &ctx->writer;
    float f;
    double d;

    switch (fc)
    {
    case NDR_FC_FLOAT:
        memcpy(&f, mem, sizeof(f));
        return ndr_wire_to_type(ndr_wire_write_float(writer, &f));
    case NDR_FC_DOUBLE:
        memcpy(&d, mem, sizeof(d));
        return ndr_wire_to_type(ndr_wire_write_double(writer, &d));
    case NDR_FC_ENUM16:
        if (value < 0 || value > NDR_WIRE_ENUM16_MAX) return NDR_TYPE_E_ENUM_RANGE;
        return ndr_wire_to_type(ndr_wire_write_u16(writer, (uint16_t)value));
    default:
        switch (base_types[fc].wire)
        {
        case 1: return ndr_wire_to_type(ndr_wire_write_u8(writer, (uint8_t)value));
        case 2: return ndr_wire_to_type(ndr_wire_write_u16(writer, (uint16_t)value));
        case 4: return ndr_wire_to_type(ndr_wire_write_u32(writer, (uint32_t)value));
        default: return ndr_wire_to_type(ndr_wire_write_u64(writer, (uint64_t)value));
        }
    }
}

/* Reads one value; floating-point numbers come back as their IEEE bits in *bits, integers in *value. */
static enum ndr_type_status read_value(struct ndr_type_ctx *ctx, uint8_t fc, int64_t *value, uint64_t *bits)
{
    struct ndr_wire_reader *reader = &ctx->reader;
    enum ndr_wire_status status;
    uint8_t v8;
    uint16_t v16;
    uint32_t v32;
    int32_t e;
    char c;
    float f;
    double d;

    switch (fc)
    {
    case NDR_FC_CHAR:
        status = ndr_wire_read_char(reader, &c);
        *value = (uint8_t)c;
        break;
    case NDR_FC_ENUM16:
        status = ndr_wire_read_enum16(reader, &e);
        *value = e;
        break;
    case NDR_FC_FLOAT:
        status = ndr_wire_read_float(reader, &f);
        memcpy(&v32, &f, sizeof(v32));
        *bits = v32;
        break;
    case NDR_FC_DOUBLE:
        status = ndr_wire_read_double(reader, &d);
        memcpy(bits, &d, sizeof(d));
        break;
    default:
        switch (base_types[fc].wire)
        {
        case 1: status = ndr_wire_read_u8(reader, &v8); *value = base_types[fc].is_signed ? (int8_t)v8 : v8; break;
        case 2: status = ndr_wire_read_u16(reader, &v16); *value = base_types[fc].is_signed ? (int16_t)v16 : v16; break;
        case 4: status = ndr_wire_read_u32(reader, &v32); *value = base_types[fc].is_signed ? (int64_t)(int32_t)v32 : (int64_t)v32; break;
        default: status = ndr_wire_read_u64(reader, (uint64_t *)bits); *value = (int64_t)*bits; break;
        }
    }
    return ndr_wire_to_type(status);
}

enum ndr_type_status ndr_base_value(struct ndr_type_ctx *ctx, uint8_t *mem, uint8_t fc, int64_t *value)
{
    const struct base_type *type = &base_types[fc];
    enum ndr_type_status status;
    uint64_t bits = 0;

    if (!type->memory) return NDR_TYPE_E_BAD_FORMAT;
    if (ctx->pass == NDR_PASS_OUT)
    {
        *value = load(mem, type);
        return write_value(ctx, mem, fc, *value);
    }
    *value = 0;
    if ((status = read_value(ctx, fc, value, &bits))) return status;
    if (mem) store(mem, type, fc == NDR_FC_FLOAT || fc == NDR_FC_DOUBLE ? bits : (uint64_t)*value);
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_base_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase)
{
    int64_t value;

    if (phase == NDR_POINTEES || ctx->pass == NDR_PASS_FREE) return NDR_TYPE_OK;
    return ndr_base_value(ctx, mem, ctx->format[fmt], &value);
}

enum ndr_type_status ndr_base_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size)
{
    (void)peek;
    *size = base_types[ctx->format[fmt]].memory;
    return *size ? NDR_TYPE_OK : NDR_TYPE_E_BAD_FORMAT;
}

/* FC_RANGE flags_type<1> low<4> high<4>: a base type whose unmarshalled value must lie in [low, high]
 * (compared as the base type's signedness says). */
enum ndr_type_status ndr_range_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase)
{
    enum ndr_type_status status;
    uint8_t fc;
    int64_t value, low, high;

    if (phase == NDR_POINTEES || ctx->pass == NDR_PASS_FREE) return NDR_TYPE_OK;
    if ((status = ndr_fmt_need(ctx, fmt, 10))) return status;
    fc = ctx->format[fmt + 1] & 0x0f;
    if ((status = ndr_base_value(ctx, mem, fc, &value))) return status;
    if (ctx->pass != NDR_PASS_IN) return NDR_TYPE_OK;
    low = base_types[fc].is_signed ? (int64_t)(int32_t)ndr_fmt_u32(ctx, fmt + 2) : (int64_t)ndr_fmt_u32(ctx, fmt + 2);
    high = base_types[fc].is_signed ? (int64_t)(int32_t)ndr_fmt_u32(ctx, fmt + 6) : (int64_t)ndr_fmt_u32(ctx, fmt + 6);
    return value < low || value > high ? NDR_TYPE_E_INVALID_BOUND : NDR_TYPE_OK;
}

enum ndr_type_status ndr_range_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size)
{
    (void)peek;
    if (ndr_fmt_need(ctx, fmt, 10) || !(*size = base_types[ctx->format[fmt + 1] & 0x0f].memory))
        return NDR_TYPE_E_BAD_FORMAT;
    return NDR_TYPE_OK;
}
