/* ndr_type_string.c: NDR strings: conformant (FC_C_CSTRING, FC_C_WSTRING) and fixed (FC_CSTRING, FC_WSTRING). */
#include <string.h>
#include "ndr_type_walk.h"

/* FC_C_CSTRING|FC_C_WSTRING FC_PAD                                  [string] char *, wchar_t *
 * FC_C_CSTRING|FC_C_WSTRING FC_STRING_SIZED conformance            [string, size_is(n)]
 * FC_CSTRING|FC_WSTRING FC_PAD size<2>                             [string] char name[size]
 * On the wire (C706 14.3.4): [maximum count] offset 0, actual count (the length with its terminator),
 * the characters. A fixed string's maximum count is its size. */
struct string_desc
{
    size_t char_size;
    int conformant;
    size_t sized;           /* the size_is descriptor, 0 for none */
    uint32_t size;          /* a fixed string's characters */
};

static enum ndr_type_status parse(struct ndr_type_ctx *ctx, size_t fmt, struct string_desc *desc)
{
    enum ndr_type_status status;
    uint8_t fc;

    if ((status = ndr_fmt_need(ctx, fmt, 2))) return status;
    fc = ctx->format[fmt];
    desc->char_size = fc == NDR_FC_C_WSTRING || fc == NDR_FC_WSTRING ? 2 : 1;
    desc->conformant = fc == NDR_FC_C_CSTRING || fc == NDR_FC_C_WSTRING;
    desc->sized = 0;
    desc->size = 0;
    if (!desc->conformant)
    {
        if ((status = ndr_fmt_need(ctx, fmt, 4))) return status;
        desc->size = ndr_fmt_u16(ctx, fmt + 2);
        return desc->size ? NDR_TYPE_OK : NDR_TYPE_E_BAD_FORMAT;
    }
    if (ctx->format[fmt + 1] == NDR_FC_STRING_SIZED)
    {
        desc->sized = fmt + 2;
        return ndr_fmt_need(ctx, desc->sized, ndr_corr_size(ctx));
    }
    return NDR_TYPE_OK;
}

/* The characters before the terminator, at most limit (limit when there is none). */
static uint32_t length(const uint8_t *mem, size_t char_size, uint32_t limit)
{
    uint32_t n = 0;

    if (char_size == 1) while (n < limit && mem[n]) n++;
    else while (n < limit && (mem[2 * n] || mem[2 * n + 1])) n++;
    return n;
}

enum ndr_type_status ndr_string_char_size(struct ndr_type_ctx *ctx, size_t fmt, size_t *size, int *sized)
{
    enum ndr_type_status status;
    struct string_desc desc;

    if ((status = parse(ctx, fmt, &desc))) return status;
    *size = desc.char_size;
    *sized = desc.sized != 0;
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_string_conformance(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, uint32_t *count)
{
    enum ndr_type_status status;
    struct string_desc desc;
    int64_t value;

    if ((status = parse(ctx, fmt, &desc))) return status;
    if (!desc.conformant) return NDR_TYPE_E_BAD_FORMAT;
    if (!desc.sized)
    {
        uint32_t n = length(mem, desc.char_size, NDR_WIRE_MAX_COUNT);
        if (n == NDR_WIRE_MAX_COUNT) return NDR_TYPE_E_INVALID_BOUND;
        *count = n + 1;
        return NDR_TYPE_OK;
    }
    if ((status = ndr_corr_eval(ctx, desc.sized, mem, ctx->max_count, &value))) return status;
    return ndr_corr_count(value, count);
}

static enum ndr_type_status string_out(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, const struct string_desc *desc)
{
    enum ndr_type_status status;
    uint32_t max = desc->size, n;

    if (desc->conformant)
    {
        if (ctx->hoisted) max = ctx->hoisted_count;
        else if ((status = ndr_string_conformance(ctx, mem, fmt, &max))) return status;
    }
    n = length(mem, desc->char_size, max);
    if (n == max) return NDR_TYPE_E_INVALID_BOUND;      /* no terminator within the string's size */
    if (desc->conformant && !ctx->hoisted
        && (status = ndr_wire_to_type(ndr_wire_write_conformance(&ctx->writer, max))))
        return status;
    ctx->hoisted = 0;
    if ((status = ndr_wire_to_type(ndr_wire_write_variance(&ctx->writer, max, 0, n + 1)))) return status;
    ctx->max_count = max;
    ctx->offset = 0;
    ctx->actual_count = n + 1;
    if (desc->char_size == 1) return ndr_wire_to_type(ndr_wire_write_bytes(&ctx->writer, mem, n + 1));
    /* wide characters are written from their little-endian memory image */
    if ((status = ndr_wire_to_type(ndr_wire_write_align(&ctx->writer, 2)))) return status;
    return ndr_wire_to_type(ndr_wire_write_bytes(&ctx->writer, mem, (size_t)(n + 1) * 2));
}

static enum ndr_type_status string_in(struct ndr_type_ctx *ctx, uint8_t *mem, const struct string_desc *desc)
{
    enum ndr_type_status status;
    uint32_t max = desc->size, actual;
    uint16_t *wide;

    if (desc->conformant)
    {
        if (ctx->hoisted) max = ctx->hoisted_count;
        else if ((status = ndr_wire_to_type(ndr_wire_read_conformance(&ctx->reader, &max)))) return status;
        if (desc->sized && (status = ndr_corr_check(ctx, desc->sized, mem, max))) return status;
    }
    ctx->hoisted = 0;
    if ((status = ndr_wire_to_type(ndr_wire_read_string_variance(&ctx->reader, max, desc->char_size, &actual))))
        return status;
    ctx->max_count = max;
    ctx->offset = 0;
    ctx->actual_count = actual;
    if (!mem)
    {
        /* the variance read checked that the characters are there */
        ctx->reader.offset += (size_t)actual * desc->char_size;
        return NDR_TYPE_OK;
    }
    if (desc->char_size == 1) return ndr_wire_to_type(ndr_wire_read_string_chars(&ctx->reader, (char *)mem, actual));
    wide = (uint16_t *)(void *)mem;
    return ndr_wire_to_type(ndr_wire_read_string_wchars(&ctx->reader, wide, actual));
}

enum ndr_type_status ndr_string_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase)
{
    enum ndr_type_status status;
    struct string_desc desc;

    if (phase == NDR_POINTEES || ctx->pass == NDR_PASS_FREE) return NDR_TYPE_OK;
    if ((status = parse(ctx, fmt, &desc))) return status;
    return ctx->pass == NDR_PASS_OUT ? string_out(ctx, mem, fmt, &desc) : string_in(ctx, mem, &desc);
}

enum ndr_type_status ndr_string_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size)
{
    struct ndr_wire_reader reader = ctx->reader;
    enum ndr_type_status status;
    struct string_desc desc;
    uint32_t max, actual;

    if ((status = parse(ctx, fmt, &desc))) return status;
    if (!desc.conformant)
    {
        *size = (size_t)desc.size * desc.char_size;
        return NDR_TYPE_OK;
    }
    *size = 0;
    if (!peek) return NDR_TYPE_OK;
    if (ctx->hoisted)
    {
        max = ctx->hoisted_count;
        if ((status = ndr_wire_to_type(ndr_wire_read_string_variance(&reader, max, desc.char_size, &actual))))
            return status;
    }
    else if ((status = ndr_wire_to_type(ndr_wire_read_string_header(&reader, desc.char_size, &max, &actual))))
        return status;
    /* an unsized string needs its characters only; a sized one its whole size */
    if (!desc.sized) max = actual;
    else if ((status = ndr_array_check_room(ctx, &reader, fmt, max))) return status;
    *size = (size_t)max * desc.char_size;
    return NDR_TYPE_OK;
}
