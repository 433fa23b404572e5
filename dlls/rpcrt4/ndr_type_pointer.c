/* ndr_type_pointer.c: NDR pointers (FC_RP, FC_UP, FC_OP, FC_FP) and the pointer layouts (FC_PP) of flat types. */
#include <string.h>
#include "ndr_type_walk.h"
#include "portable_alloc.h"

/* type<1> flags<1> then simple_type<1> FC_PAD, or offset_to_pointee<2>. */
struct pointer_desc
{
    uint8_t type;
    uint8_t flags;
    size_t pointee;
};

/* A referent id's place: at the cursor, or (pointer layouts) at a fixed buffer position. */
#define AT_CURSOR SIZE_MAX

static enum ndr_type_status parse(struct ndr_type_ctx *ctx, size_t fmt, struct pointer_desc *desc)
{
    enum ndr_type_status status;

    if ((status = ndr_fmt_need(ctx, fmt, 4))) return status;
    desc->type = ctx->format[fmt];
    desc->flags = ctx->format[fmt + 1];
    if (desc->type < NDR_FC_RP || desc->type > NDR_FC_FP) return NDR_TYPE_E_BAD_FORMAT;
    if (desc->flags & NDR_FC_SIMPLE_POINTER)
    {
        desc->pointee = fmt + 2;
        return NDR_TYPE_OK;
    }
    return ndr_fmt_target(ctx, fmt + 2, &desc->pointee);
}

/* ---- full pointers: one open-addressing table per walk ---- */

static uint64_t full_key(const struct ndr_type_ctx *ctx, void *ptr, uint32_t id)
{
    return ctx->pass == NDR_PASS_IN ? id : (uint64_t)(uintptr_t)ptr;
}

static struct ndr_type_full_ref *full_slot(struct ndr_type_ctx *ctx, uint64_t key)
{
    size_t mask = ctx->full_capacity - 1, i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 17) & mask;

    while (ctx->full[i].used && full_key(ctx, ctx->full[i].ptr, ctx->full[i].id) != key) i = (i + 1) & mask;
    return &ctx->full[i];
}

static struct ndr_type_full_ref *full_find(struct ndr_type_ctx *ctx, void *ptr, uint32_t id)
{
    struct ndr_type_full_ref *ref;

    if (!ctx->full_capacity) return NULL;
    ref = full_slot(ctx, full_key(ctx, ptr, id));
    return ref->used ? ref : NULL;
}

/* Adds ptr <-> id (not in the table yet). NDR_TYPE_OK or NDR_TYPE_E_OUT_OF_MEMORY. */
static enum ndr_type_status full_insert(struct ndr_type_ctx *ctx, void *ptr, uint32_t id,
                                        struct ndr_type_full_ref **inserted)
{
    if ((ctx->full_count + 1) * 2 > ctx->full_capacity)
    {
        struct ndr_type_full_ref *old = ctx->full;
        size_t old_capacity = ctx->full_capacity, capacity = old_capacity ? old_capacity * 2 : 64, i;

        if (capacity > SIZE_MAX / sizeof(*old) || !(ctx->full = portable_alloc(capacity * sizeof(*old))))
        {
            ctx->full = old;
            return NDR_TYPE_E_OUT_OF_MEMORY;
        }
        memset(ctx->full, 0, capacity * sizeof(*old));
        ctx->full_capacity = capacity;
        for (i = 0; i < old_capacity; i++)
            if (old[i].used) *full_slot(ctx, full_key(ctx, old[i].ptr, old[i].id)) = old[i];
        portable_free(old);
    }
    *inserted = full_slot(ctx, full_key(ctx, ptr, id));
    (*inserted)->ptr = ptr;
    (*inserted)->id = id;
    (*inserted)->used = 1;
    (*inserted)->done = 0;
    ctx->full_count++;
    return NDR_TYPE_OK;
}

/* ---- marshalling ---- */

/* The referent id of ptr (0 for NULL); a reference pointer must not be NULL. */
static enum ndr_type_status out_id(struct ndr_type_ctx *ctx, const struct pointer_desc *desc, void *ptr, uint32_t *id)
{
    struct ndr_type_full_ref *ref;
    enum ndr_type_status status;

    *id = 0;
    if (!ptr) return desc->type == NDR_FC_RP ? NDR_TYPE_E_NULL_REF_POINTER : NDR_TYPE_OK;
    if (desc->type != NDR_FC_FP)
    {
        *id = ctx->next_referent_id;
        ctx->next_referent_id += 4;
        return NDR_TYPE_OK;
    }
    if (!(ref = full_find(ctx, ptr, 0)))
    {
        if ((status = full_insert(ctx, ptr, ctx->next_full_id, &ref))) return status;
        ctx->next_full_id++;
    }
    *id = ref->id;
    return NDR_TYPE_OK;
}

static enum ndr_type_status pointer_out(struct ndr_type_ctx *ctx, uint8_t *slot, const struct pointer_desc *desc,
                                        enum ndr_phase phase, size_t wire)
{
    struct ndr_type_full_ref *ref;
    enum ndr_type_status status;
    void *ptr = ndr_load_ptr(slot);
    uint32_t id;

    if (phase != NDR_POINTEES)
    {
        if ((status = out_id(ctx, desc, ptr, &id))) return status;
        /* a top-level reference pointer has no representation of its own */
        if (desc->type != NDR_FC_RP || phase != NDR_ALL)
        {
            status = wire == AT_CURSOR ? ndr_wire_to_type(ndr_wire_write_referent_id(&ctx->writer, id))
                                       : ndr_patch_u32(ctx, wire, id);
            if (status) return status;
        }
    }
    if (phase == NDR_FLAT || !ptr) return NDR_TYPE_OK;
    if (desc->type == NDR_FC_FP)
    {
        /* the pointee travels once, where its first referent is deferred to */
        if (!(ref = full_find(ctx, ptr, 0)) || ref->done) return NDR_TYPE_OK;
        ref->done = 1;
    }
    return ndr_walk(ctx, ptr, desc->pointee, NDR_ALL);
}

/* ---- unmarshalling ---- */

static enum ndr_type_status read_id(struct ndr_type_ctx *ctx, const struct pointer_desc *desc, size_t wire,
                                    uint32_t *id)
{
    enum ndr_type_status status;

    status = wire == AT_CURSOR ? ndr_wire_to_type(ndr_wire_read_referent_id(&ctx->reader, id))
                               : ndr_peek_u32(ctx, wire, id);
    if (!status && !*id && desc->type == NDR_FC_RP) status = NDR_TYPE_E_NULL_REF_POINTER;
    return status;
}

/* The pointee of a full pointer: once per referent id, its memory shared by every pointer with that id. */
static enum ndr_type_status full_pointee_in(struct ndr_type_ctx *ctx, uint8_t *slot, const struct pointer_desc *desc,
                                            uint32_t id, void *old)
{
    struct ndr_type_full_ref *ref;
    enum ndr_type_status status;
    uint8_t *block = old;
    size_t size;

    if ((ref = full_find(ctx, NULL, id))) return ndr_set_ptr(ctx, slot, ref->ptr);
    if (!block || ctx->must_alloc)
    {
        if ((status = ndr_size_of(ctx, desc->pointee, 1, &size))) return status;
        if ((status = ndr_alloc_at(ctx, slot, size, &block))) return status;
    }
    else if ((status = ndr_set_ptr(ctx, slot, block))) return status;
    /* known before its pointee is read, so that a cycle back to it ends here */
    if ((status = full_insert(ctx, block, id, &ref))) return status;
    return ndr_walk(ctx, block, desc->pointee, NDR_ALL);
}

static enum ndr_type_status pointer_in(struct ndr_type_ctx *ctx, uint8_t *slot, const struct pointer_desc *desc,
                                       enum ndr_phase phase, size_t wire)
{
    enum ndr_type_status status;
    void *old = slot ? ndr_load_ptr(slot) : NULL;
    uint32_t id = 1;

    switch (phase)
    {
    case NDR_FLAT:
        if ((status = read_id(ctx, desc, wire, &id))) return status;
        return ndr_defer_push(ctx, id, old);
    case NDR_ALL:
        if (desc->type != NDR_FC_RP && (status = read_id(ctx, desc, wire, &id))) return status;
        break;
    case NDR_POINTEES:
        if ((status = ndr_defer_pop(ctx, &id, &old))) return status;
        break;
    }
    if (!id) return ndr_set_ptr(ctx, slot, NULL);
    if (desc->type == NDR_FC_FP) return full_pointee_in(ctx, slot, desc, id, old);
    return ndr_unmarshall_into(ctx, slot, old, desc->pointee);
}

/* ---- freeing ---- */

static enum ndr_type_status pointer_free(struct ndr_type_ctx *ctx, uint8_t *slot, const struct pointer_desc *desc,
                                         enum ndr_phase phase)
{
    struct ndr_type_full_ref *ref;
    enum ndr_type_status status;
    void *ptr = ndr_load_ptr(slot);

    if (phase == NDR_FLAT || !ptr) return NDR_TYPE_OK;
    if (desc->type == NDR_FC_FP)
    {
        /* freed once, however many pointers share it */
        if (full_find(ctx, ptr, 0)) return NDR_TYPE_OK;
        if ((status = full_insert(ctx, ptr, 0, &ref))) return status;
    }
    status = ndr_walk(ctx, ptr, desc->pointee, NDR_ALL);
    if (!(desc->flags & (NDR_FC_DONT_FREE | NDR_FC_ALLOCED_ON_STACK))) ndr_free_block(ctx, ptr);
    return status;
}

/* One pointer at slot, its referent id at wire (AT_CURSOR or a buffer position). */
static enum ndr_type_status pointer_phase(struct ndr_type_ctx *ctx, uint8_t *slot, size_t fmt, enum ndr_phase phase,
                                          size_t wire)
{
    enum ndr_type_status status;
    struct pointer_desc desc;

    if ((status = parse(ctx, fmt, &desc))) return status;
    switch (ctx->pass)
    {
    case NDR_PASS_OUT: return pointer_out(ctx, slot, &desc, phase, wire);
    case NDR_PASS_IN: return pointer_in(ctx, slot, &desc, phase, wire);
    default: return pointer_free(ctx, slot, &desc, phase);
    }
}

enum ndr_type_status ndr_pointer_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase)
{
    return pointer_phase(ctx, mem, fmt, phase, AT_CURSOR);
}

enum ndr_type_status ndr_pointer_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size)
{
    (void)ctx; (void)fmt; (void)peek;
    *size = sizeof(void *);
    return NDR_TYPE_OK;
}

/* ---- pointer layouts ---- */

/* One pointer of a layout: in the flat phase its referent id sits in the image at wire. Unmarshalling
 * saves the pointer before the flat copy overwrites it with the wire's octets; the pointee phase
 * always stores it again. */
static enum ndr_type_status layout_pointer(struct ndr_type_ctx *ctx, uint8_t *slot, size_t wire, size_t fmt,
                                           enum ndr_phase phase)
{
    enum ndr_type_status status;

    if (phase == NDR_FLAT && ctx->pass == NDR_PASS_IN && (status = ndr_save_ptr(ctx, slot))) return status;
    return pointer_phase(ctx, slot, fmt, phase, wire);
}

/* count pointer instances (mem_offset<2> buffer_offset<2> pointer<4>) at pos, for one element whose
 * memory is at mem and wire at wire. */
static enum ndr_type_status instances(struct ndr_type_ctx *ctx, size_t pos, unsigned count, uint8_t *mem, size_t wire,
                                      enum ndr_phase phase)
{
    enum ndr_type_status status;
    unsigned i;

    if ((status = ndr_fmt_need(ctx, pos, (size_t)count * 8))) return status;
    for (i = 0; i < count; i++, pos += 8)
    {
        status = layout_pointer(ctx, ndr_at(mem, ndr_fmt_u16(ctx, pos)), wire + ndr_fmt_u16(ctx, pos + 2), pos + 4,
                                phase);
        if (status) return status;
    }
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_pointer_layout(struct ndr_type_ctx *ctx, const struct ndr_flat_image *image, size_t pp,
                                        enum ndr_phase phase)
{
    enum ndr_type_status status;
    size_t pos = pp + 2, step, array;
    unsigned count, n;
    uint32_t i, iterations;

    if (ctx->converting || ndr_fmt_need(ctx, pp, 1) || ctx->format[pp] != NDR_FC_PP) return NDR_TYPE_OK;
    if (ctx->pass == NDR_PASS_FREE && phase == NDR_FLAT) return NDR_TYPE_OK;
    for (;;)
    {
        if ((status = ndr_fmt_need(ctx, pos, 1))) return status;
        switch (ctx->format[pos])
        {
        case NDR_FC_END:
            return NDR_TYPE_OK;
        case NDR_FC_NO_REPEAT:
            if ((status = instances(ctx, pos + 2, 1, image->mem, image->wire, phase))) return status;
            pos += 10;
            break;
        case NDR_FC_FIXED_REPEAT:
            /* FC_FIXED_REPEAT FC_PAD iterations<2> increment<2> offset_to_array<2> count<2> instances */
            if ((status = ndr_fmt_need(ctx, pos, 10))) return status;
            iterations = ndr_fmt_u16(ctx, pos + 2);
            step = ndr_fmt_u16(ctx, pos + 4);
            array = ndr_fmt_u16(ctx, pos + 6);
            n = ndr_fmt_u16(ctx, pos + 8);
            for (i = 0; i < iterations; i++)
                if ((status = instances(ctx, pos + 10, n, ndr_at(image->mem, array + i * step),
                                        image->wire + array + i * step, phase)))
                    return status;
            pos += 10 + (size_t)n * 8;
            break;
        case NDR_FC_VARIABLE_REPEAT:
            /* FC_VARIABLE_REPEAT FC_FIXED_OFFSET|FC_VARIABLE_OFFSET increment<2> offset_to_array<2> count<2>
             * instances: one set per element on the wire */
            if ((status = ndr_fmt_need(ctx, pos, 8))) return status;
            step = ndr_fmt_u16(ctx, pos + 2);
            array = ndr_fmt_u16(ctx, pos + 4);
            n = ndr_fmt_u16(ctx, pos + 6);
            count = ctx->format[pos + 1] == NDR_FC_VARIABLE_OFFSET ? image->first : 0;
            for (i = 0; i < image->count; i++)
                if ((status = instances(ctx, pos + 8, n, ndr_at(image->mem, array + (size_t)(count + i) * step),
                                        image->array_wire + (size_t)i * step, phase)))
                    return status;
            pos += 8 + (size_t)n * 8;
            break;
        default:
            return NDR_TYPE_E_BAD_FORMAT;
        }
    }
}

enum ndr_type_status ndr_pointer_layout_skip(struct ndr_type_ctx *ctx, size_t pp, size_t *after)
{
    enum ndr_type_status status;
    size_t pos = pp + 2;

    *after = pp;
    if (ndr_fmt_need(ctx, pp, 1) || ctx->format[pp] != NDR_FC_PP) return NDR_TYPE_OK;
    for (;;)
    {
        if ((status = ndr_fmt_need(ctx, pos, 1))) return status;
        if (ctx->format[pos] == NDR_FC_END)
        {
            *after = pos + 1;
            return NDR_TYPE_OK;
        }
        if ((status = ndr_fmt_need(ctx, pos, 10))) return status;
        switch (ctx->format[pos])
        {
        case NDR_FC_NO_REPEAT: pos += 10; break;
        case NDR_FC_FIXED_REPEAT: pos += 10 + (size_t)ndr_fmt_u16(ctx, pos + 8) * 8; break;
        case NDR_FC_VARIABLE_REPEAT: pos += 8 + (size_t)ndr_fmt_u16(ctx, pos + 6) * 8; break;
        default: return NDR_TYPE_E_BAD_FORMAT;
        }
    }
}
