/* ndr_type_array.c: NDR arrays: fixed, conformant, varying, conformant varying and complex (FC_BOGUS_ARRAY). */
#include "ndr_type_walk.h"

/* FC_SMFARRAY  align<1> total_size<2> [pointer_layout] element FC_END
 * FC_LGFARRAY  align<1> total_size<4> [pointer_layout] element FC_END
 * FC_CARRAY    align<1> element_size<2> conformance [pointer_layout] element FC_END
 * FC_CVARRAY   align<1> element_size<2> conformance variance [pointer_layout] element FC_END
 * FC_SMVARRAY  align<1> total_size<2> elements<2> element_size<2> variance [pointer_layout] element FC_END
 * FC_LGVARRAY  align<1> total_size<4> elements<4> element_size<2> variance [pointer_layout] element FC_END
 * FC_BOGUS_ARRAY align<1> elements<2> conformance variance element FC_END (0xffffffff: no descriptor)
 * All but the bogus array are flat: the transmitted elements travel as their memory image, and the
 * pointer layout patches the referent ids in. A bogus array is walked element by element. */
struct array_desc
{
    uint8_t fc;
    size_t align;
    size_t element_size;    /* in memory */
    uint32_t count;         /* the elements of a fixed or varying array; 0 for a conformant one */
    size_t conformance;     /* 0 for none */
    size_t variance;        /* 0 for none */
    size_t pp;              /* 0 for none */
    size_t element;
    int flat;
};

/* The elements in memory and those on the wire: [offset, offset + actual) of max. */
struct bounds
{
    uint32_t max, offset, actual;
};

static int is_string(uint8_t fc)
{
    return fc == NDR_FC_C_CSTRING || fc == NDR_FC_C_WSTRING || fc == NDR_FC_CSTRING || fc == NDR_FC_WSTRING;
}

/* A correlation descriptor at *pos (or 0xffffffff: none, in a bogus array) into *corr; moves *pos past it. */
static enum ndr_type_status corr_field(struct ndr_type_ctx *ctx, size_t *pos, size_t *corr, int optional)
{
    enum ndr_type_status status;
    size_t size = ndr_corr_size(ctx);

    if ((status = ndr_fmt_need(ctx, *pos, size))) return status;
    *corr = optional && ndr_fmt_u32(ctx, *pos) == 0xffffffff ? 0 : *pos;
    *pos += size;
    return NDR_TYPE_OK;
}

static enum ndr_type_status parse(struct ndr_type_ctx *ctx, size_t fmt, struct array_desc *desc)
{
    enum ndr_type_status status;
    size_t pos = fmt + 2, total = 0;

    if ((status = ndr_fmt_need(ctx, fmt, 8))) return status;
    desc->fc = ctx->format[fmt];
    desc->align = (size_t)ctx->format[fmt + 1] + 1;
    desc->count = 0;
    desc->conformance = desc->variance = desc->pp = 0;
    desc->element_size = 0;
    desc->flat = desc->fc != NDR_FC_BOGUS_ARRAY;
    switch (desc->fc)
    {
    case NDR_FC_SMFARRAY: total = ndr_fmt_u16(ctx, pos); pos += 2; break;
    case NDR_FC_LGFARRAY: total = ndr_fmt_u32(ctx, pos); pos += 4; break;
    case NDR_FC_CARRAY:
    case NDR_FC_CVARRAY:
        desc->element_size = ndr_fmt_u16(ctx, pos);
        pos += 2;
        if ((status = corr_field(ctx, &pos, &desc->conformance, 0))) return status;
        if (desc->fc == NDR_FC_CVARRAY && (status = corr_field(ctx, &pos, &desc->variance, 0))) return status;
        break;
    case NDR_FC_SMVARRAY:
    case NDR_FC_LGVARRAY:
        if (desc->fc == NDR_FC_SMVARRAY)
        {
            total = ndr_fmt_u16(ctx, pos);
            desc->count = ndr_fmt_u16(ctx, pos + 2);
            pos += 4;
        }
        else
        {
            if ((status = ndr_fmt_need(ctx, pos, 8))) return status;
            total = ndr_fmt_u32(ctx, pos);
            desc->count = ndr_fmt_u32(ctx, pos + 4);
            pos += 8;
        }
        if ((status = ndr_fmt_need(ctx, pos, 2))) return status;
        desc->element_size = ndr_fmt_u16(ctx, pos);
        pos += 2;
        if ((status = corr_field(ctx, &pos, &desc->variance, 0))) return status;
        break;
    case NDR_FC_BOGUS_ARRAY:
        desc->count = ndr_fmt_u16(ctx, pos);
        pos += 2;
        if ((status = corr_field(ctx, &pos, &desc->conformance, 1))) return status;
        if ((status = corr_field(ctx, &pos, &desc->variance, 1))) return status;
        break;
    default:
        return NDR_TYPE_E_BAD_FORMAT;
    }
    if (desc->flat)
    {
        if (pos < ctx->format_size && ctx->format[pos] == NDR_FC_PP) desc->pp = pos;
        if ((status = ndr_pointer_layout_skip(ctx, pos, &pos))) return status;
    }
    desc->element = pos;
    /* FC_EMBEDDED_COMPLEX memory_pad<1> offset<2>: the element is described elsewhere */
    if (pos < ctx->format_size && ctx->format[pos] == NDR_FC_EMBEDDED_COMPLEX
        && (status = ndr_fmt_target(ctx, pos + 2, &desc->element)))
        return status;
    if (!desc->element_size && (status = ndr_size_of(ctx, desc->element, 0, &desc->element_size))) return status;
    if (!desc->element_size) return NDR_TYPE_E_BAD_FORMAT;
    if (desc->fc == NDR_FC_SMFARRAY || desc->fc == NDR_FC_LGFARRAY) desc->count = (uint32_t)(total / desc->element_size);
    if (desc->fc == NDR_FC_BOGUS_ARRAY && !desc->count && !desc->conformance) return NDR_TYPE_E_BAD_FORMAT;
    if (desc->conformance) desc->count = 0;
    return NDR_TYPE_OK;
}

/* TRUE when the array's elements need a pointee walk. */
static int has_pointees(struct ndr_type_ctx *ctx, const struct array_desc *desc)
{
    return desc->flat ? desc->pp != 0 : !ndr_is_flat(ctx, desc->element);
}

/* The bounds from memory (marshalling, freeing): the conformance from its field (or what an enclosing
 * structure hoisted), the variance from its field; a top-level descriptor without a stack takes
 * ctx->max_count, ctx->offset and ctx->actual_count as the caller set them. */
static enum ndr_type_status bounds_from_memory(struct ndr_type_ctx *ctx, uint8_t *mem, const struct array_desc *desc,
                                               struct bounds *b)
{
    enum ndr_type_status status;
    int64_t value;

    b->max = desc->count;
    b->offset = 0;
    if (desc->conformance)
    {
        if (ctx->hoisted) b->max = ctx->hoisted_count;
        else
        {
            if ((status = ndr_corr_eval(ctx, desc->conformance, mem, ctx->max_count, &value))) return status;
            if ((status = ndr_corr_count(value, &b->max))) return status;
        }
    }
    b->actual = b->max;
    if (desc->variance)
    {
        if ((status = ndr_corr_eval(ctx, desc->variance, mem, ctx->actual_count, &value))) return status;
        if ((status = ndr_corr_count(value, &b->actual))) return status;
        if ((ctx->format[desc->variance] & 0xf0) == NDR_FC_TOP_LEVEL_CONFORMANCE && !ctx->stack_top)
            b->offset = ctx->offset;
        if (b->offset > b->max || b->actual > b->max - b->offset) return NDR_TYPE_E_INVALID_BOUND;
    }
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_array_check_room(struct ndr_type_ctx *ctx, const struct ndr_wire_reader *reader, size_t fmt,
                                          uint32_t count)
{
    enum ndr_type_status status;
    struct array_desc desc;
    size_t left = reader->size - reader->offset, needed, element_size;
    int sized;

    if (ndr_fmt_need(ctx, fmt, 1)) return NDR_TYPE_E_BAD_FORMAT;
    if (is_string(ctx->format[fmt]))
    {
        if ((status = ndr_string_char_size(ctx, fmt, &element_size, &sized))) return status;
        if (ndr_wire_mul_size(count, element_size, &needed)) return NDR_TYPE_E_BAD_STUB_DATA;
        return needed <= left || needed - left <= NDR_TYPE_VARYING_SLACK ? NDR_TYPE_OK : NDR_TYPE_E_BAD_STUB_DATA;
    }
    if ((status = parse(ctx, fmt, &desc))) return status;
    if (desc.variance)
    {
        if (ndr_wire_mul_size(count, desc.element_size, &needed)) return NDR_TYPE_E_BAD_STUB_DATA;
        return needed <= left || needed - left <= NDR_TYPE_VARYING_SLACK ? NDR_TYPE_OK : NDR_TYPE_E_BAD_STUB_DATA;
    }
    return ndr_wire_to_type(ndr_wire_check_count(reader, count, desc.flat ? desc.element_size : 1, 1));
}

/* The header: conformance (unless an enclosing structure put it first) and variance. */
static enum ndr_type_status header(struct ndr_type_ctx *ctx, uint8_t *mem, const struct array_desc *desc,
                                   struct bounds *b)
{
    enum ndr_type_status status;

    if (ctx->pass == NDR_PASS_OUT)
    {
        if ((status = bounds_from_memory(ctx, mem, desc, b))) return status;
        if (desc->conformance && !ctx->hoisted
            && (status = ndr_wire_to_type(ndr_wire_write_conformance(&ctx->writer, b->max))))
            return status;
        if (desc->variance
            && (status = ndr_wire_to_type(ndr_wire_write_variance(&ctx->writer, b->max, b->offset, b->actual))))
            return status;
    }
    else
    {
        b->max = desc->count;
        if (desc->conformance)
        {
            if (ctx->hoisted) b->max = ctx->hoisted_count;
            else if ((status = ndr_wire_to_type(ndr_wire_read_conformance(&ctx->reader, &b->max)))) return status;
            if ((status = ndr_corr_check(ctx, desc->conformance, mem, b->max))) return status;
        }
        b->offset = 0;
        b->actual = b->max;
        if (desc->variance)
        {
            if ((status = ndr_wire_to_type(ndr_wire_read_variance(&ctx->reader, b->max, &b->offset, &b->actual))))
                return status;
            if ((status = ndr_corr_check(ctx, desc->variance, mem, b->actual))) return status;
        }
    }
    ctx->hoisted = 0;
    ctx->max_count = b->max;
    ctx->offset = b->offset;
    ctx->actual_count = b->actual;
    return NDR_TYPE_OK;
}

/* The transmitted elements of a flat array, as one image, with the referent ids of its pointer layout. */
static enum ndr_type_status flat_elements(struct ndr_type_ctx *ctx, uint8_t *mem, const struct array_desc *desc,
                                          const struct bounds *b)
{
    struct ndr_flat_image image = { mem, 0, 0, b->offset, b->actual };
    uint8_t *first = ndr_at(mem, (size_t)b->offset * desc->element_size);
    enum ndr_type_status status;
    size_t size;

    if (ndr_wire_mul_size(b->actual, desc->element_size, &size)) return NDR_TYPE_E_BAD_STUB_DATA;
    if (ctx->pass == NDR_PASS_OUT)
    {
        if ((status = ndr_wire_to_type(ndr_wire_write_align(&ctx->writer, desc->align)))) return status;
        image.wire = image.array_wire = ctx->writer.offset;
        if ((status = ndr_wire_to_type(ndr_wire_write_bytes(&ctx->writer, first, size)))) return status;
        return desc->pp ? ndr_pointer_layout(ctx, &image, desc->pp, NDR_FLAT) : NDR_TYPE_OK;
    }
    if ((status = ndr_wire_to_type(ndr_wire_read_align(&ctx->reader, desc->align)))) return status;
    if ((status = ndr_wire_to_type(ndr_wire_check_count(&ctx->reader, b->actual, desc->element_size, 1))))
        return status;
    image.wire = image.array_wire = ctx->reader.offset;
    if (desc->pp && (status = ndr_pointer_layout(ctx, &image, desc->pp, NDR_FLAT))) return status;
    if (first) ndr_wire_read_bytes(&ctx->reader, first, size);
    else ctx->reader.offset += size;
    return ndr_flat_convert(ctx, first, desc->element, b->actual, desc->element_size);
}

/* The transmitted elements of a bogus array, one by one. */
static enum ndr_type_status each_element(struct ndr_type_ctx *ctx, uint8_t *mem, const struct array_desc *desc,
                                         const struct bounds *b, enum ndr_phase phase)
{
    enum ndr_type_status status;
    uint32_t i;

    for (i = b->offset; i < b->offset + b->actual; i++)
        if ((status = ndr_walk(ctx, ndr_at(mem, (size_t)i * desc->element_size), desc->element, phase))) return status;
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_array_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase)
{
    struct ndr_flat_image image = { mem, 0, 0, 0, 0 };
    enum ndr_type_status status;
    struct array_desc desc;
    struct bounds b;

    if ((status = parse(ctx, fmt, &desc))) return status;
    if (ctx->converting)
    {
        /* a fixed array inside a flat image: each element in place */
        b.offset = 0;
        b.actual = desc.count;
        if ((status = ndr_wire_to_type(ndr_wire_read_align(&ctx->reader, desc.align)))) return status;
        return each_element(ctx, mem, &desc, &b, NDR_FLAT);
    }
    if (phase == NDR_FLAT)
    {
        if (ctx->pass == NDR_PASS_FREE) return NDR_TYPE_OK;
        if ((status = header(ctx, mem, &desc, &b))) return status;
        /* the bounds go before what the elements queue, to be taken first again */
        if (ctx->pass == NDR_PASS_IN && has_pointees(ctx, &desc)
            && ((status = ndr_defer_push(ctx, b.offset, NULL)) || (status = ndr_defer_push(ctx, b.actual, NULL))))
            return status;
        if (desc.flat) return flat_elements(ctx, mem, &desc, &b);
        if (ctx->pass == NDR_PASS_OUT) status = ndr_wire_to_type(ndr_wire_write_align(&ctx->writer, desc.align));
        else status = ndr_wire_to_type(ndr_wire_read_align(&ctx->reader, desc.align));
        return status ? status : each_element(ctx, mem, &desc, &b, NDR_FLAT);
    }
    if (!has_pointees(ctx, &desc)) return NDR_TYPE_OK;
    if (ctx->pass == NDR_PASS_IN)
    {
        if ((status = ndr_defer_pop(ctx, &b.offset, NULL))) return status;
        if ((status = ndr_defer_pop(ctx, &b.actual, NULL))) return status;
    }
    else if ((status = bounds_from_memory(ctx, mem, &desc, &b))) return status;
    if (!desc.flat) return each_element(ctx, mem, &desc, &b, NDR_POINTEES);
    image.first = b.offset;
    image.count = b.actual;
    return ndr_pointer_layout(ctx, &image, desc.pp, NDR_POINTEES);
}

enum ndr_type_status ndr_array_element_size(struct ndr_type_ctx *ctx, size_t fmt, size_t *size)
{
    enum ndr_type_status status;
    struct array_desc desc;
    int sized;

    if (ndr_fmt_need(ctx, fmt, 1)) return NDR_TYPE_E_BAD_FORMAT;
    if (is_string(ctx->format[fmt])) return ndr_string_char_size(ctx, fmt, size, &sized);
    if ((status = parse(ctx, fmt, &desc))) return status;
    *size = desc.element_size;
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_array_conformance(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, uint32_t *count)
{
    enum ndr_type_status status;
    struct array_desc desc;
    struct bounds b;

    if (ndr_fmt_need(ctx, fmt, 1)) return NDR_TYPE_E_BAD_FORMAT;
    if (is_string(ctx->format[fmt])) return ndr_string_conformance(ctx, mem, fmt, count);
    if ((status = parse(ctx, fmt, &desc))) return status;
    if (!desc.conformance) return NDR_TYPE_E_BAD_FORMAT;
    if ((status = bounds_from_memory(ctx, mem, &desc, &b))) return status;
    *count = b.max;
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_array_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size)
{
    struct ndr_wire_reader reader = ctx->reader;
    enum ndr_type_status status;
    struct array_desc desc;
    uint32_t count;

    if ((status = parse(ctx, fmt, &desc))) return status;
    count = desc.count;
    if (desc.conformance)
    {
        if (!peek) count = 0;
        else if (ctx->hoisted) count = ctx->hoisted_count;
        else
        {
            if ((status = ndr_wire_to_type(ndr_wire_read_conformance(&reader, &count)))) return status;
            if ((status = ndr_array_check_room(ctx, &reader, fmt, count))) return status;
        }
    }
    return ndr_wire_mul_size(count, desc.element_size, size) ? NDR_TYPE_E_BAD_STUB_DATA : NDR_TYPE_OK;
}
