/* ndr_type_union.c: NDR unions: encapsulated (FC_ENCAPSULATED_UNION) and non-encapsulated (switch_is). */
#include "ndr_type_walk.h"

/* FC_ENCAPSULATED_UNION switch_type<1> (low nibble: the discriminant's type; high nibble: the arms'
 *                       offset in memory) arms
 * FC_NON_ENCAPSULATED_UNION switch_type<1> switch_is<correlation> offset_to_arms<2>
 * arms: memory_size<2> union_arms<2> (low 12 bits: the number of cases) {case_value<4> arm<2>}* default<2>
 * arm: 0x80xx a base type xx, 0 an empty arm, else the offset of the arm's type; default 0xffff: none.
 * On the wire the discriminant (as the switch type) comes first, then the selected arm. */
struct union_desc
{
    uint8_t switch_fc;
    size_t corr;            /* the switch_is descriptor, 0 for an encapsulated union */
    size_t increment;       /* where the arms start in memory */
    size_t arms;
};

static enum ndr_type_status parse(struct ndr_type_ctx *ctx, size_t fmt, struct union_desc *desc)
{
    enum ndr_type_status status;

    if ((status = ndr_fmt_need(ctx, fmt, 4))) return status;
    desc->switch_fc = ctx->format[fmt + 1] & 0x0f;
    if (!ndr_base_memory_size(desc->switch_fc)) return NDR_TYPE_E_BAD_FORMAT;
    if (ctx->format[fmt] == NDR_FC_ENCAPSULATED_UNION)
    {
        desc->corr = 0;
        desc->increment = ctx->format[fmt + 1] >> 4;
        desc->arms = fmt + 2;
    }
    else
    {
        desc->corr = fmt + 2;
        desc->increment = 0;
        if ((status = ndr_fmt_target(ctx, fmt + 2 + ndr_corr_size(ctx), &desc->arms))) return status;
    }
    return ndr_fmt_need(ctx, desc->arms, 4);
}

/* The arm for discriminant value: *arm is the format position of its type, 0 for an empty arm.
 * NDR_TYPE_OK, NDR_TYPE_E_INVALID_TAG or NDR_TYPE_E_BAD_FORMAT. */
static enum ndr_type_status select_arm(struct ndr_type_ctx *ctx, const struct union_desc *desc, int64_t value,
                                       size_t *arm)
{
    enum ndr_type_status status;
    unsigned cases = ndr_fmt_u16(ctx, desc->arms + 2) & 0x0fff, i;
    size_t pos = desc->arms + 4;
    uint16_t field;

    if ((status = ndr_fmt_need(ctx, pos, (size_t)cases * 6 + 2))) return status;
    for (i = 0; i < cases; i++, pos += 6)
        if ((int32_t)ndr_fmt_u32(ctx, pos) == value) break;
    if (i < cases) pos += 4;
    else if (ndr_fmt_u16(ctx, pos) == 0xffff) return NDR_TYPE_E_INVALID_TAG;
    field = ndr_fmt_u16(ctx, pos);
    *arm = 0;
    if ((field & 0xff00) == 0x8000) *arm = pos;     /* the base type is the field's low octet */
    else if (field && (status = ndr_fmt_target(ctx, pos, arm))) return status;
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_union_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase)
{
    enum ndr_type_status status;
    struct union_desc desc;
    uint8_t scratch[8] = { 0 };
    uint32_t deferred;
    int64_t value = 0;
    size_t arm;

    if ((status = parse(ctx, fmt, &desc))) return status;
    if (ctx->pass == NDR_PASS_FREE && phase == NDR_FLAT) return NDR_TYPE_OK;
    if (phase == NDR_FLAT)
    {
        /* the discriminant: in the union's memory when encapsulated, else in a scratch copy */
        uint8_t *at = desc.corr ? scratch : mem;
        if (ctx->pass == NDR_PASS_OUT && desc.corr)
        {
            if ((status = ndr_corr_eval(ctx, desc.corr, mem, ctx->max_count, &value))) return status;
            for (arm = 0; arm < sizeof(scratch); arm++) scratch[arm] = (uint8_t)((uint64_t)value >> (8 * arm));
        }
        if ((status = ndr_base_value(ctx, at, desc.switch_fc, &value))) return status;
        if (ctx->pass == NDR_PASS_IN)
        {
            if (desc.corr && (status = ndr_corr_check(ctx, desc.corr, mem, value))) return status;
            if ((status = ndr_defer_push(ctx, (uint32_t)value, NULL))) return status;
        }
    }
    else if (ctx->pass == NDR_PASS_IN)
    {
        if ((status = ndr_defer_pop(ctx, &deferred, NULL))) return status;
        value = (int32_t)deferred;
    }
    else if (desc.corr)
    {
        if ((status = ndr_corr_eval(ctx, desc.corr, mem, ctx->max_count, &value))) return status;
    }
    else value = ndr_base_load(mem, desc.switch_fc);
    if ((status = select_arm(ctx, &desc, value, &arm)) || !arm) return status;
    return ndr_walk(ctx, ndr_at(mem, desc.increment), arm, phase);
}

enum ndr_type_status ndr_union_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size)
{
    enum ndr_type_status status;
    struct union_desc desc;

    (void)peek;
    if ((status = parse(ctx, fmt, &desc))) return status;
    *size = desc.increment + ndr_fmt_u16(ctx, desc.arms);
    return NDR_TYPE_OK;
}
