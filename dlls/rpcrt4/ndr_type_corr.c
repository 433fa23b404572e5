/* ndr_type_corr.c: correlation descriptors ([size_is], [length_is], [switch_is]): evaluation and wire checks. */
#include "ndr_type_walk.h"

size_t ndr_corr_size(const struct ndr_type_ctx *ctx)
{
    return ctx->robust ? 6 : 4;
}

/* Where the correlated field lives, or NULL when it is not in memory. */
static const uint8_t *field_base(const struct ndr_type_ctx *ctx, uint8_t kind, const uint8_t *object)
{
    switch (kind)
    {
    case NDR_FC_NORMAL_CONFORMANCE: return object;
    case NDR_FC_POINTER_CONFORMANCE: return ctx->memory;
    case NDR_FC_TOP_LEVEL_CONFORMANCE: return ctx->stack_top;
    default: return NULL;
    }
}

/* The field of type fc at p, sign-extended when signed. NDR_TYPE_OK or NDR_TYPE_E_BAD_FORMAT. */
static enum ndr_type_status load_field(const uint8_t *p, uint8_t fc, int64_t *value)
{
    switch (fc)
    {
    case NDR_FC_SMALL: *value = (int8_t)p[0]; break;
    case NDR_FC_BYTE:
    case NDR_FC_CHAR:
    case NDR_FC_USMALL: *value = p[0]; break;
    case NDR_FC_SHORT: *value = (int16_t)(p[0] | p[1] << 8); break;
    case NDR_FC_WCHAR:
    case NDR_FC_USHORT: *value = (uint16_t)(p[0] | p[1] << 8); break;
    case NDR_FC_LONG:
    case NDR_FC_ENUM16:
    case NDR_FC_ENUM32: *value = (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24); break;
    case NDR_FC_ULONG: *value = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; break;
    default: return NDR_TYPE_E_BAD_FORMAT;
    }
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_corr_eval(struct ndr_type_ctx *ctx, size_t corr, const uint8_t *object, uint32_t fallback,
                                   int64_t *value)
{
    enum ndr_type_status status;
    const uint8_t *base, *field;
    uint8_t kind, op;
    int16_t offset;

    if ((status = ndr_fmt_need(ctx, corr, ndr_corr_size(ctx)))) return status;
    kind = ctx->format[corr] & 0xf0;
    op = ctx->format[corr + 1];
    offset = (int16_t)ndr_fmt_u16(ctx, corr + 2);
    if (kind == NDR_FC_CONSTANT_CONFORMANCE)
    {
        *value = (int64_t)op << 16 | ndr_fmt_u16(ctx, corr + 2);
        return NDR_TYPE_OK;
    }
    if (kind == NDR_FC_TOP_LEVEL_CONFORMANCE && !ctx->stack_top)
    {
        *value = fallback;
        return NDR_TYPE_OK;
    }
    if (!(base = field_base(ctx, kind, object))) return NDR_TYPE_E_BAD_FORMAT;
    field = base + offset;
    if (op == NDR_FC_DEREFERENCE && !(field = ndr_load_ptr(field))) return NDR_TYPE_E_NULL_REF_POINTER;
    if ((status = load_field(field, ctx->format[corr] & 0x0f, value))) return status;
    switch (op)
    {
    case 0:
    case NDR_FC_DEREFERENCE: break;
    case NDR_FC_DIV_2: *value /= 2; break;
    case NDR_FC_MULT_2: *value *= 2; break;
    case NDR_FC_ADD_1: *value += 1; break;
    case NDR_FC_SUB_1: *value -= 1; break;
    default: return NDR_TYPE_E_BAD_FORMAT;    /* FC_CALLBACK needs the stub's expression routines */
    }
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_corr_check(struct ndr_type_ctx *ctx, size_t corr, const uint8_t *object, int64_t wire_value)
{
    enum ndr_type_status status;
    uint8_t kind;
    int64_t value;

    if (ctx->pass != NDR_PASS_IN || ctx->converting) return NDR_TYPE_OK;
    if ((status = ndr_fmt_need(ctx, corr, ndr_corr_size(ctx)))) return status;
    kind = ctx->format[corr] & 0xf0;
    if (ctx->format[corr + 1] == NDR_FC_DEREFERENCE || ctx->format[corr + 1] == NDR_FC_CALLBACK) return NDR_TYPE_OK;
    switch (kind)
    {
    case NDR_FC_NORMAL_CONFORMANCE:
        /* a field after the object is not unmarshalled yet */
        if (!object || (int16_t)ndr_fmt_u16(ctx, corr + 2) >= 0) return NDR_TYPE_OK;
        break;
    case NDR_FC_POINTER_CONFORMANCE:
        if (!ctx->memory) return NDR_TYPE_OK;
        break;
    case NDR_FC_CONSTANT_CONFORMANCE:
        break;
    default:
        return NDR_TYPE_OK;
    }
    if ((status = ndr_corr_eval(ctx, corr, object, 0, &value))) return status;
    return value == wire_value ? NDR_TYPE_OK : NDR_TYPE_E_INVALID_BOUND;
}

enum ndr_type_status ndr_corr_count(int64_t value, uint32_t *count)
{
    if (value < 0 || value > NDR_WIRE_MAX_COUNT) return NDR_TYPE_E_INVALID_BOUND;
    *count = (uint32_t)value;
    return NDR_TYPE_OK;
}
