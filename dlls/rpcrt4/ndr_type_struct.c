/* ndr_type_struct.c: NDR structures: FC_STRUCT, FC_PSTRUCT, FC_CSTRUCT, FC_CPSTRUCT, FC_CVSTRUCT, FC_BOGUS_STRUCT. */
#include "ndr_type_walk.h"

/* FC_STRUCT       align<1> memory_size<2> members FC_END
 * FC_PSTRUCT      align<1> memory_size<2> pointer_layout members FC_END
 * FC_CSTRUCT      align<1> memory_size<2> offset_to_array<2> members FC_END
 * FC_CPSTRUCT     align<1> memory_size<2> offset_to_array<2> pointer_layout members FC_END
 * FC_CVSTRUCT     align<1> memory_size<2> offset_to_array<2> [pointer_layout] members FC_END
 * FC_BOGUS_STRUCT align<1> memory_size<2> offset_to_array<2> offset_to_pointers<2> members FC_END
 * A flat structure's memory image is its wire image; a bogus one is walked member by member. The
 * conformance of a trailing conformant array travels first, before the structure. */
struct struct_desc
{
    uint8_t fc;
    size_t align;
    size_t memory_size;
    size_t array;       /* the conformant array's description, 0 for none */
    size_t pp;          /* the pointer layout (FC_PP) of a flat structure, 0 for none */
    size_t pointers;    /* the pointer descriptions of a bogus structure's FC_POINTER members, 0 for none */
    size_t members;
};

static enum ndr_type_status parse(struct ndr_type_ctx *ctx, size_t fmt, struct struct_desc *desc)
{
    enum ndr_type_status status;
    size_t pos = fmt + 4;

    if ((status = ndr_fmt_need(ctx, fmt, 4))) return status;
    desc->fc = ctx->format[fmt];
    desc->align = (size_t)ctx->format[fmt + 1] + 1;
    desc->memory_size = ndr_fmt_u16(ctx, fmt + 2);
    desc->array = desc->pp = desc->pointers = 0;
    if (desc->align != 1 && desc->align != 2 && desc->align != 4 && desc->align != 8) return NDR_TYPE_E_BAD_FORMAT;
    if (desc->fc != NDR_FC_STRUCT && desc->fc != NDR_FC_PSTRUCT)
    {
        if ((status = ndr_fmt_need(ctx, pos, 2))) return status;
        if (ndr_fmt_u16(ctx, pos) && (status = ndr_fmt_target(ctx, pos, &desc->array))) return status;
        pos += 2;
    }
    if (desc->fc == NDR_FC_BOGUS_STRUCT)
    {
        if ((status = ndr_fmt_need(ctx, pos, 2))) return status;
        if (ndr_fmt_u16(ctx, pos) && (status = ndr_fmt_target(ctx, pos, &desc->pointers))) return status;
        pos += 2;
    }
    else if (pos < ctx->format_size && ctx->format[pos] == NDR_FC_PP)
    {
        desc->pp = pos;
        if ((status = ndr_pointer_layout_skip(ctx, pos, &pos))) return status;
    }
    desc->members = pos;
    if ((desc->fc == NDR_FC_CSTRUCT || desc->fc == NDR_FC_CPSTRUCT || desc->fc == NDR_FC_CVSTRUCT) && !desc->array)
        return NDR_TYPE_E_BAD_FORMAT;
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_members_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t layout, size_t *pointers,
                                      enum ndr_phase phase)
{
    enum ndr_type_status status;
    size_t pos, offset = 0, size, target;
    uint8_t fc;

    for (pos = layout;; pos++)
    {
        if ((status = ndr_fmt_need(ctx, pos, 1))) return status;
        fc = ctx->format[pos];
        if (fc == NDR_FC_END) return NDR_TYPE_OK;
        if (fc == NDR_FC_PAD) continue;
        if (fc >= NDR_FC_STRUCTPAD1 && fc <= NDR_FC_STRUCTPAD7)
        {
            offset += fc - NDR_FC_STRUCTPAD1 + 1;
            continue;
        }
        if (fc >= NDR_FC_ALIGNM2 && fc <= NDR_FC_ALIGNM8)
        {
            size = (size_t)2 << (fc - NDR_FC_ALIGNM2);
            offset = (offset + size - 1) & ~(size - 1);
            continue;
        }
        if (fc == NDR_FC_POINTER)
        {
            if (!pointers || !*pointers) return NDR_TYPE_E_BAD_FORMAT;
            if ((status = ndr_walk(ctx, ndr_at(mem, offset), *pointers, phase))) return status;
            *pointers += 4;
            offset += sizeof(void *);
            continue;
        }
        if (fc == NDR_FC_EMBEDDED_COMPLEX)
        {
            /* FC_EMBEDDED_COMPLEX memory_pad<1> offset_to_description<2> */
            if ((status = ndr_fmt_need(ctx, pos, 4))) return status;
            offset += ctx->format[pos + 1];
            if ((status = ndr_fmt_target(ctx, pos + 2, &target))) return status;
            if ((status = ndr_walk(ctx, ndr_at(mem, offset), target, phase))) return status;
            if ((status = ndr_size_of(ctx, target, 0, &size))) return status;
            offset += size;
            pos += 3;
            continue;
        }
        if (!(size = ndr_base_memory_size(fc))) return NDR_TYPE_E_BAD_FORMAT;
        if ((status = ndr_walk(ctx, ndr_at(mem, offset), pos, phase))) return status;
        offset += size;
    }
}

/* The trailing array's conformance, first on the wire: written, read, or taken from an enclosing
 * structure that moved it further out; then handed on to the array's walk. */
static enum ndr_type_status conformance_first(struct ndr_type_ctx *ctx, uint8_t *mem, const struct struct_desc *desc,
                                              uint32_t *count)
{
    enum ndr_type_status status;

    if (ctx->hoisted) *count = ctx->hoisted_count;
    else if (ctx->pass == NDR_PASS_IN)
    {
        if ((status = ndr_wire_to_type(ndr_wire_read_conformance(&ctx->reader, count)))) return status;
    }
    else
    {
        if ((status = ndr_array_conformance(ctx, ndr_at(mem, desc->memory_size), desc->array, count))) return status;
        if ((status = ndr_wire_to_type(ndr_wire_write_conformance(&ctx->writer, *count)))) return status;
    }
    ctx->hoisted = 0;
    return NDR_TYPE_OK;
}

/* Walks the trailing array with the conformance the structure put first. */
static enum ndr_type_status trailing_array(struct ndr_type_ctx *ctx, uint8_t *mem, const struct struct_desc *desc,
                                           uint32_t count, enum ndr_phase phase)
{
    ctx->hoisted = phase == NDR_FLAT;
    ctx->hoisted_count = count;
    return ndr_walk(ctx, ndr_at(mem, desc->memory_size), desc->array, phase);
}

static enum ndr_type_status align_cursor(struct ndr_type_ctx *ctx, size_t align)
{
    if (ctx->pass == NDR_PASS_IN) return ndr_wire_to_type(ndr_wire_read_align(&ctx->reader, align));
    return ndr_wire_to_type(ndr_wire_write_align(&ctx->writer, align));
}

/* The flat part of a flat structure: conformance, the memory image, the trailing array, and the
 * referent ids of the pointer layout (which may cover the array: a FC_CPSTRUCT). */
static enum ndr_type_status flat_struct(struct ndr_type_ctx *ctx, uint8_t *mem, const struct struct_desc *desc,
                                        size_t fmt)
{
    enum ndr_type_status status;
    struct ndr_flat_image image = { mem, 0, 0, 0, 0 };
    size_t element_size = 0;

    if (desc->array)
    {
        if ((status = conformance_first(ctx, mem, desc, &image.count))) return status;
        if ((status = ndr_array_element_size(ctx, desc->array, &element_size))) return status;
    }
    if (desc->pp && desc->fc == NDR_FC_CVSTRUCT) return NDR_TYPE_E_BAD_FORMAT;   /* 32-bit MIDL only: not yet */
    if ((status = align_cursor(ctx, desc->align))) return status;
    image.wire = ctx->pass == NDR_PASS_IN ? ctx->reader.offset : ctx->writer.offset;
    image.array_wire = image.wire + desc->memory_size;
    if (ctx->pass == NDR_PASS_IN)
    {
        /* queued in the order flat_pointees takes them back: the count, then the referent ids */
        if (desc->pp && desc->array && (status = ndr_defer_push(ctx, image.count, NULL))) return status;
        if (desc->pp && (status = ndr_pointer_layout(ctx, &image, desc->pp, NDR_FLAT))) return status;
        if (mem) status = ndr_wire_read_bytes(&ctx->reader, mem, desc->memory_size) ? NDR_TYPE_E_BAD_STUB_DATA : NDR_TYPE_OK;
        else status = ndr_wire_check_count(&ctx->reader, desc->memory_size, 1, 1) ? NDR_TYPE_E_BAD_STUB_DATA : NDR_TYPE_OK;
        if (!mem && !status) ctx->reader.offset += desc->memory_size;
        if (!status) status = ndr_flat_convert(ctx, mem, fmt, 1, desc->memory_size);
        if (!status && desc->array) status = trailing_array(ctx, mem, desc, image.count, NDR_FLAT);
        return status;
    }
    if ((status = ndr_wire_to_type(ndr_wire_write_bytes(&ctx->writer, mem, desc->memory_size)))) return status;
    if (desc->array && (status = trailing_array(ctx, mem, desc, image.count, NDR_FLAT))) return status;
    return desc->pp ? ndr_pointer_layout(ctx, &image, desc->pp, NDR_FLAT) : NDR_TYPE_OK;
}

static enum ndr_type_status flat_pointees(struct ndr_type_ctx *ctx, uint8_t *mem, const struct struct_desc *desc)
{
    struct ndr_flat_image image = { mem, 0, 0, 0, 0 };
    enum ndr_type_status status;

    if (!desc->pp) return NDR_TYPE_OK;
    if (desc->array)
    {
        if (ctx->pass == NDR_PASS_IN) status = ndr_defer_pop(ctx, &image.count, NULL);
        else status = ndr_array_conformance(ctx, ndr_at(mem, desc->memory_size), desc->array, &image.count);
        if (status) return status;
    }
    return ndr_pointer_layout(ctx, &image, desc->pp, NDR_POINTEES);
}

/* A bogus structure: conformance, then member by member, then the trailing array. */
static enum ndr_type_status bogus_struct(struct ndr_type_ctx *ctx, uint8_t *mem, const struct struct_desc *desc,
                                         enum ndr_phase phase)
{
    enum ndr_type_status status = NDR_TYPE_OK;
    size_t pointers = desc->pointers;
    uint32_t count = 0;

    if (phase == NDR_FLAT)
    {
        if (desc->array && (status = conformance_first(ctx, mem, desc, &count))) return status;
        if ((status = align_cursor(ctx, desc->align))) return status;
    }
    if ((status = ndr_members_walk(ctx, mem, desc->members, &pointers, phase))) return status;
    return desc->array ? trailing_array(ctx, mem, desc, count, phase) : NDR_TYPE_OK;
}

enum ndr_type_status ndr_struct_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase)
{
    enum ndr_type_status status;
    struct struct_desc desc;
    uint8_t *saved = ctx->memory;
    size_t pointers = 0;

    if ((status = parse(ctx, fmt, &desc))) return status;
    if (ctx->pass == NDR_PASS_FREE && phase == NDR_FLAT) return NDR_TYPE_OK;
    if (ctx->converting)
    {
        /* re-reading a flat image: the members only, each from its place in the image */
        if ((status = align_cursor(ctx, desc.align))) return status;
        return ndr_members_walk(ctx, mem, desc.members, &pointers, NDR_FLAT);
    }
    ctx->memory = mem;
    if (desc.fc == NDR_FC_BOGUS_STRUCT) status = bogus_struct(ctx, mem, &desc, phase);
    else if (phase == NDR_FLAT) status = flat_struct(ctx, mem, &desc, fmt);
    else status = flat_pointees(ctx, mem, &desc);
    ctx->memory = saved;
    return status;
}

enum ndr_type_status ndr_struct_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size)
{
    struct ndr_wire_reader reader = ctx->reader;
    enum ndr_type_status status;
    struct struct_desc desc;
    size_t element_size, array_size;
    uint32_t count;

    if ((status = parse(ctx, fmt, &desc))) return status;
    *size = desc.memory_size;
    if (!peek || !desc.array) return NDR_TYPE_OK;
    if ((status = ndr_wire_to_type(ndr_wire_read_conformance(&reader, &count)))) return status;
    if ((status = ndr_array_element_size(ctx, desc.array, &element_size))) return status;
    if ((status = ndr_array_check_room(ctx, &reader, desc.array, count))) return status;
    if (ndr_wire_mul_size(count, element_size, &array_size) || array_size > SIZE_MAX - *size)
        return NDR_TYPE_E_BAD_STUB_DATA;
    *size += array_size;
    return NDR_TYPE_OK;
}
