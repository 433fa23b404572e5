/* ndr_type.c: the NDR type interpreter's dispatcher, entry points, format access and walk bookkeeping. */
#include <string.h>
#include "ndr_type_walk.h"
#include "portable_alloc.h"

struct family
{
    ndr_walk_fn walk;
    ndr_size_fn size;
    int has_pointers;   /* can hold a pointer, so that its pointee walk is not a no-op */
};

static const struct family base = { ndr_base_walk, ndr_base_size, 0 };
static const struct family pointer = { ndr_pointer_walk, ndr_pointer_size, 1 };
static const struct family structure = { ndr_struct_walk, ndr_struct_size, 1 };
static const struct family array = { ndr_array_walk, ndr_array_size, 1 };
static const struct family string = { ndr_string_walk, ndr_string_size, 0 };
static const struct family union_ = { ndr_union_walk, ndr_union_size, 1 };
static const struct family range = { ndr_range_walk, ndr_range_size, 0 };

static const struct family *const families[256] =
{
    [NDR_FC_BYTE] = &base, [NDR_FC_CHAR] = &base, [NDR_FC_SMALL] = &base, [NDR_FC_USMALL] = &base,
    [NDR_FC_WCHAR] = &base, [NDR_FC_SHORT] = &base, [NDR_FC_USHORT] = &base, [NDR_FC_LONG] = &base,
    [NDR_FC_ULONG] = &base, [NDR_FC_FLOAT] = &base, [NDR_FC_HYPER] = &base, [NDR_FC_DOUBLE] = &base,
    [NDR_FC_ENUM16] = &base, [NDR_FC_ENUM32] = &base, [NDR_FC_ERROR_STATUS_T] = &base,
    [NDR_FC_INT3264] = &base, [NDR_FC_UINT3264] = &base,
    [NDR_FC_RP] = &pointer, [NDR_FC_UP] = &pointer, [NDR_FC_OP] = &pointer, [NDR_FC_FP] = &pointer,
    [NDR_FC_STRUCT] = &structure, [NDR_FC_PSTRUCT] = &structure, [NDR_FC_CSTRUCT] = &structure,
    [NDR_FC_CPSTRUCT] = &structure, [NDR_FC_CVSTRUCT] = &structure, [NDR_FC_BOGUS_STRUCT] = &structure,
    [NDR_FC_CARRAY] = &array, [NDR_FC_CVARRAY] = &array, [NDR_FC_SMFARRAY] = &array, [NDR_FC_LGFARRAY] = &array,
    [NDR_FC_SMVARRAY] = &array, [NDR_FC_LGVARRAY] = &array, [NDR_FC_BOGUS_ARRAY] = &array,
    [NDR_FC_C_CSTRING] = &string, [NDR_FC_C_WSTRING] = &string, [NDR_FC_CSTRING] = &string,
    [NDR_FC_WSTRING] = &string,
    [NDR_FC_ENCAPSULATED_UNION] = &union_, [NDR_FC_NON_ENCAPSULATED_UNION] = &union_,
    [NDR_FC_RANGE] = &range,
};

static const char *const status_names[] =
{
    "NDR_TYPE_OK", "NDR_TYPE_E_BAD_STUB_DATA", "NDR_TYPE_E_INVALID_BOUND", "NDR_TYPE_E_NULL_REF_POINTER",
    "NDR_TYPE_E_ENUM_RANGE", "NDR_TYPE_E_INVALID_TAG", "NDR_TYPE_E_OUT_OF_MEMORY", "NDR_TYPE_E_TOO_DEEP",
    "NDR_TYPE_E_BAD_FORMAT",
};

const char *ndr_type_status_name(enum ndr_type_status status)
{
    if ((unsigned)status >= sizeof(status_names) / sizeof(status_names[0])) return "unknown";
    return status_names[status];
}

enum ndr_type_status ndr_wire_to_type(enum ndr_wire_status status)
{
    switch (status)
    {
    case NDR_WIRE_OK: return NDR_TYPE_OK;
    case NDR_WIRE_E_ENUM_RANGE: return NDR_TYPE_E_ENUM_RANGE;
    case NDR_WIRE_E_COUNT_LIMIT:
    case NDR_WIRE_E_VARIANCE: return NDR_TYPE_E_INVALID_BOUND;
    case NDR_WIRE_E_INVALID_ARGUMENT: return NDR_TYPE_E_BAD_FORMAT;
    default: return NDR_TYPE_E_BAD_STUB_DATA;
    }
}

/* ---- format access ---- */

enum ndr_type_status ndr_fmt_need(const struct ndr_type_ctx *ctx, size_t pos, size_t n)
{
    return pos <= ctx->format_size && n <= ctx->format_size - pos ? NDR_TYPE_OK : NDR_TYPE_E_BAD_FORMAT;
}

uint16_t ndr_fmt_u16(const struct ndr_type_ctx *ctx, size_t pos)
{
    return (uint16_t)(ctx->format[pos] | ctx->format[pos + 1] << 8);
}

uint32_t ndr_fmt_u32(const struct ndr_type_ctx *ctx, size_t pos)
{
    return ndr_fmt_u16(ctx, pos) | (uint32_t)ndr_fmt_u16(ctx, pos + 2) << 16;
}

enum ndr_type_status ndr_fmt_target(const struct ndr_type_ctx *ctx, size_t pos, size_t *target)
{
    int16_t offset;

    if (ndr_fmt_need(ctx, pos, 2)) return NDR_TYPE_E_BAD_FORMAT;
    offset = (int16_t)ndr_fmt_u16(ctx, pos);
    if (offset < 0 ? (size_t)-offset > pos : (size_t)offset >= ctx->format_size - pos) return NDR_TYPE_E_BAD_FORMAT;
    *target = offset < 0 ? pos - (size_t)-offset : pos + (size_t)offset;
    return NDR_TYPE_OK;
}

/* ---- dispatch ---- */

static enum ndr_type_status family_of(const struct ndr_type_ctx *ctx, size_t fmt, const struct family **family)
{
    if (ndr_fmt_need(ctx, fmt, 1) || !(*family = families[ctx->format[fmt]])) return NDR_TYPE_E_BAD_FORMAT;
    return NDR_TYPE_OK;
}

int ndr_is_flat(struct ndr_type_ctx *ctx, size_t fmt)
{
    const struct family *family;

    return !family_of(ctx, fmt, &family) && !family->has_pointers;
}

/* The flat part and then the pointees of a non-pointer object, with its own span of the deferred queue. */
static enum ndr_type_status walk_whole(struct ndr_type_ctx *ctx, const struct family *family, uint8_t *mem,
                                       size_t fmt)
{
    size_t mark = ctx->deferred_count, read = ctx->deferred_read;
    enum ndr_type_status status;

    ctx->deferred_read = mark;
    status = family->walk(ctx, mem, fmt, NDR_FLAT);
    if (!status && family->has_pointers) status = family->walk(ctx, mem, fmt, NDR_POINTEES);
    ctx->deferred_count = mark;
    ctx->deferred_read = read;
    return status;
}

enum ndr_type_status ndr_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase)
{
    const struct family *family;
    enum ndr_type_status status;

    if ((status = family_of(ctx, fmt, &family))) return status;
    if (phase == NDR_POINTEES && !family->has_pointers) return NDR_TYPE_OK;
    if (ctx->depth >= NDR_TYPE_MAX_DEPTH) return NDR_TYPE_E_TOO_DEEP;
    ctx->depth++;
    if (phase == NDR_ALL && family != &pointer) status = walk_whole(ctx, family, mem, fmt);
    else status = family->walk(ctx, mem, fmt, phase);
    ctx->depth--;
    return status;
}

enum ndr_type_status ndr_size_of(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size)
{
    const struct family *family;
    enum ndr_type_status status;

    if ((status = family_of(ctx, fmt, &family))) return status;
    if (ctx->depth >= NDR_TYPE_MAX_DEPTH) return NDR_TYPE_E_TOO_DEEP;
    ctx->depth++;
    status = family->size(ctx, fmt, peek, size);
    ctx->depth--;
    return status;
}

/* ---- memory and bookkeeping ---- */

void *ndr_load_ptr(const uint8_t *slot)
{
    void *value;

    memcpy(&value, slot, sizeof(value));
    return value;
}

/* Makes room for one more element of a growing array. NDR_TYPE_OK or NDR_TYPE_E_OUT_OF_MEMORY. */
static enum ndr_type_status grow(void **array, size_t *capacity, size_t count, size_t element_size)
{
    size_t wanted = *capacity ? *capacity * 2 : 16;
    void *grown;

    if (count < *capacity) return NDR_TYPE_OK;
    if (wanted > SIZE_MAX / element_size) return NDR_TYPE_E_OUT_OF_MEMORY;
    if (!(grown = portable_realloc(*array, wanted * element_size))) return NDR_TYPE_E_OUT_OF_MEMORY;
    *array = grown;
    *capacity = wanted;
    return NDR_TYPE_OK;
}

static enum ndr_type_status remember(struct ndr_type_ctx *ctx, uint8_t *slot, void *block)
{
    struct ndr_type_undo *undo;

    if (grow((void **)&ctx->undo, &ctx->undo_capacity, ctx->undo_count, sizeof(*ctx->undo)))
        return NDR_TYPE_E_OUT_OF_MEMORY;
    undo = &ctx->undo[ctx->undo_count++];
    undo->slot = (void **)slot;
    undo->old = slot ? ndr_load_ptr(slot) : NULL;
    undo->block = block;
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_save_ptr(struct ndr_type_ctx *ctx, uint8_t *slot)
{
    return slot ? remember(ctx, slot, NULL) : NDR_TYPE_OK;
}

enum ndr_type_status ndr_set_ptr(struct ndr_type_ctx *ctx, uint8_t *slot, void *value)
{
    if (!slot || ndr_load_ptr(slot) == value) return NDR_TYPE_OK;
    if (ctx->pass == NDR_PASS_IN && remember(ctx, slot, NULL)) return NDR_TYPE_E_OUT_OF_MEMORY;
    memcpy(slot, &value, sizeof(value));
    return NDR_TYPE_OK;
}

static void *call_alloc(struct ndr_type_ctx *ctx, size_t size)
{
    return ctx->allocator.alloc ? ctx->allocator.alloc(ctx->allocator.opaque, size) : portable_alloc(size);
}

static void call_free(struct ndr_type_ctx *ctx, void *block)
{
    if (ctx->allocator.free) ctx->allocator.free(ctx->allocator.opaque, block);
    else portable_free(block);
}

enum ndr_type_status ndr_alloc_at(struct ndr_type_ctx *ctx, uint8_t *slot, size_t size, uint8_t **block)
{
    *block = NULL;
    if (!slot)
    {
        /* the memory-size pass */
        if (size > SIZE_MAX - ctx->memory_size) return NDR_TYPE_E_OUT_OF_MEMORY;
        ctx->memory_size += size;
        return NDR_TYPE_OK;
    }
    /* room to remember the block first, so that a block is never allocated and then forgotten */
    if (grow((void **)&ctx->undo, &ctx->undo_capacity, ctx->undo_count, sizeof(*ctx->undo)))
        return NDR_TYPE_E_OUT_OF_MEMORY;
    if (!(*block = call_alloc(ctx, size ? size : 1))) return NDR_TYPE_E_OUT_OF_MEMORY;
    memset(*block, 0, size);
    remember(ctx, slot, *block);
    memcpy(slot, block, sizeof(*block));
    return NDR_TYPE_OK;
}

void ndr_free_block(struct ndr_type_ctx *ctx, void *block)
{
    const uint8_t *p = block, *base = ctx->reader.base;

    if (!block) return;
    /* memory that points into the buffer was never allocated (compared as integers: no relational
     * comparison of unrelated pointers) */
    if (base && (uintptr_t)p >= (uintptr_t)base && (uintptr_t)p - (uintptr_t)base < ctx->reader.size) return;
    call_free(ctx, block);
}

enum ndr_type_status ndr_unmarshall_into(struct ndr_type_ctx *ctx, uint8_t *slot, void *existing, size_t fmt)
{
    enum ndr_type_status status;
    uint8_t *block = existing;
    size_t size;

    if (!block || ctx->must_alloc)
    {
        if ((status = ndr_size_of(ctx, fmt, 1, &size))) return status;
        if ((status = ndr_alloc_at(ctx, slot, size, &block))) return status;
    }
    else if ((status = ndr_set_ptr(ctx, slot, block))) return status;
    return ndr_walk(ctx, block, fmt, NDR_ALL);
}

enum ndr_type_status ndr_flat_convert(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, size_t count,
                                      size_t element_size)
{
    struct ndr_wire_reader saved = ctx->reader;
    enum ndr_type_status status = NDR_TYPE_OK;
    size_t i, total;

    if (!mem || (!saved.big_endian && !saved.ebcdic && !saved.float_format)) return NDR_TYPE_OK;
    if (ndr_wire_mul_size(count, element_size, &total)) return NDR_TYPE_E_BAD_STUB_DATA;
    ctx->reader.base = mem;
    ctx->reader.size = total;
    ctx->reader.offset = 0;
    ctx->converting++;
    for (i = 0; i < count && !status; i++)
    {
        ctx->reader.offset = i * element_size;
        status = ndr_walk(ctx, mem + i * element_size, fmt, NDR_FLAT);
    }
    ctx->converting--;
    ctx->reader = saved;
    return status;
}

enum ndr_type_status ndr_defer_push(struct ndr_type_ctx *ctx, uint32_t value, void *old)
{
    if (grow((void **)&ctx->deferred, &ctx->deferred_capacity, ctx->deferred_count, sizeof(*ctx->deferred)))
        return NDR_TYPE_E_OUT_OF_MEMORY;
    ctx->deferred[ctx->deferred_count].value = value;
    ctx->deferred[ctx->deferred_count].old = old;
    ctx->deferred_count++;
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_defer_pop(struct ndr_type_ctx *ctx, uint32_t *value, void **old)
{
    if (ctx->deferred_read >= ctx->deferred_count) return NDR_TYPE_E_BAD_FORMAT;
    *value = ctx->deferred[ctx->deferred_read].value;
    if (old) *old = ctx->deferred[ctx->deferred_read].old;
    ctx->deferred_read++;
    return NDR_TYPE_OK;
}

enum ndr_type_status ndr_patch_u32(struct ndr_type_ctx *ctx, size_t pos, uint32_t value)
{
    struct ndr_wire_writer at = ctx->writer;

    if (!at.base) return NDR_TYPE_OK;
    at.offset = pos;
    return ndr_wire_write_u32(&at, value) ? NDR_TYPE_E_BAD_STUB_DATA : NDR_TYPE_OK;
}

enum ndr_type_status ndr_peek_u32(const struct ndr_type_ctx *ctx, size_t pos, uint32_t *value)
{
    struct ndr_wire_reader at = ctx->reader;

    if (pos > at.size) return NDR_TYPE_E_BAD_STUB_DATA;
    at.offset = pos;
    return ndr_wire_read_u32(&at, value) ? NDR_TYPE_E_BAD_STUB_DATA : NDR_TYPE_OK;
}

/* ---- entry points ---- */

void ndr_type_init(struct ndr_type_ctx *ctx, const uint8_t *format, size_t format_size,
                   const struct ndr_type_allocator *allocator)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->format = format;
    ctx->format_size = format_size;
    if (allocator) ctx->allocator = *allocator;
    ctx->next_referent_id = NDR_TYPE_FIRST_REFERENT_ID;
    ctx->next_full_id = 1;
    ndr_wire_writer_init(&ctx->writer, NULL, SIZE_MAX);
}

void ndr_type_cleanup(struct ndr_type_ctx *ctx)
{
    portable_free(ctx->deferred);
    portable_free(ctx->undo);
    portable_free(ctx->full);
    ctx->deferred = NULL;
    ctx->undo = NULL;
    ctx->full = NULL;
    ctx->deferred_count = ctx->deferred_read = ctx->deferred_capacity = 0;
    ctx->undo_count = ctx->undo_capacity = 0;
    ctx->full_count = ctx->full_capacity = 0;
}

/* Starts a top-level walk of one pass. */
static void begin(struct ndr_type_ctx *ctx, enum ndr_pass pass)
{
    ctx->pass = pass;
    ctx->depth = 0;
    ctx->memory = NULL;
    ctx->hoisted = 0;
    ctx->deferred_count = ctx->deferred_read = 0;
    ctx->undo_count = 0;
    ctx->next_full_id = 1;
}

/* A walk over; after a failed unmarshall, every pointer it wrote gets its old value back (newest first,
 * so a pointer inside a block is restored before the block goes) and every block it allocated is freed. */
static enum ndr_type_status end(struct ndr_type_ctx *ctx, enum ndr_type_status status)
{
    size_t i = ctx->undo_count;

    while (status && i--)
    {
        struct ndr_type_undo *undo = &ctx->undo[i];
        if (undo->slot) memcpy(undo->slot, &undo->old, sizeof(undo->old));
        if (undo->block) call_free(ctx, undo->block);
    }
    ctx->undo_count = 0;
    ctx->deferred_count = ctx->deferred_read = 0;
    /* full pointers are matched within one walk */
    portable_free(ctx->full);
    ctx->full = NULL;
    ctx->full_count = ctx->full_capacity = 0;
    return status;
}

/* TRUE when the type at fmt is a pointer. */
static int is_pointer(const struct ndr_type_ctx *ctx, size_t fmt)
{
    const struct family *family;

    return !family_of(ctx, fmt, &family) && family == &pointer;
}

enum ndr_type_status ndr_type_marshall(struct ndr_type_ctx *ctx, const void *memory, size_t type)
{
    begin(ctx, NDR_PASS_OUT);
    /* marshalling only reads memory: the walk's addresses are not const because they serve every pass */
    return end(ctx, ndr_walk(ctx, (uint8_t *)(uintptr_t)memory, type, NDR_ALL));
}

enum ndr_type_status ndr_type_unmarshall(struct ndr_type_ctx *ctx, void **slot, size_t type)
{
    begin(ctx, NDR_PASS_IN);
    if (is_pointer(ctx, type)) return end(ctx, ndr_walk(ctx, (uint8_t *)slot, type, NDR_ALL));
    return end(ctx, ndr_unmarshall_into(ctx, (uint8_t *)slot, *slot, type));
}

enum ndr_type_status ndr_type_memory_size(struct ndr_type_ctx *ctx, size_t type, size_t *size)
{
    enum ndr_type_status status;

    begin(ctx, NDR_PASS_IN);
    ctx->memory_size = 0;
    if (is_pointer(ctx, type))
    {
        ctx->memory_size = sizeof(void *);
        status = ndr_walk(ctx, NULL, type, NDR_ALL);
    }
    else status = ndr_unmarshall_into(ctx, NULL, NULL, type);
    *size = ctx->memory_size;
    return end(ctx, status);
}

/* A conformant array or string: its size comes from its correlation, not from its format alone. */
static int is_conformant(uint8_t fc)
{
    return fc == NDR_FC_CARRAY || fc == NDR_FC_CVARRAY || fc == NDR_FC_BOGUS_ARRAY || fc == NDR_FC_C_CSTRING
           || fc == NDR_FC_C_WSTRING;
}

enum ndr_type_status ndr_type_out_size(struct ndr_type_ctx *ctx, size_t type, size_t *size)
{
    enum ndr_type_status status;
    size_t element;
    uint32_t count;
    int sized;

    begin(ctx, NDR_PASS_OUT);
    if ((status = ndr_fmt_need(ctx, type, 4))) return status;
    if (ctx->format[type] == NDR_FC_RP && !(ctx->format[type + 1] & NDR_FC_SIMPLE_POINTER))
    {
        if (ctx->format[type + 1] & NDR_FC_POINTER_DEREF)
        {
            *size = sizeof(void *);
            return NDR_TYPE_OK;
        }
        if ((status = ndr_fmt_target(ctx, type + 2, &type))) return status;
        if ((status = ndr_fmt_need(ctx, type, 1))) return status;
    }
    if ((status = ndr_size_of(ctx, type, 0, size)) || *size || !is_conformant(ctx->format[type])) return status;
    if ((status = ndr_array_element_size(ctx, type, &element))) return status;
    /* an unsized string's count is its length in memory, and there is none yet */
    if ((ctx->format[type] == NDR_FC_C_CSTRING || ctx->format[type] == NDR_FC_C_WSTRING)
        && ((status = ndr_string_char_size(ctx, type, &element, &sized)) || !sized))
        return status ? status : NDR_TYPE_E_BAD_FORMAT;
    if ((status = ndr_array_conformance(ctx, NULL, type, &count))) return status;
    return ndr_wire_mul_size(count, element, size) ? NDR_TYPE_E_BAD_STUB_DATA : NDR_TYPE_OK;
}

void ndr_type_free(struct ndr_type_ctx *ctx, void *memory, size_t type)
{
    if (!memory) return;
    begin(ctx, NDR_PASS_FREE);
    end(ctx, ndr_walk(ctx, memory, type, NDR_ALL));
}
