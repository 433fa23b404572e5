/* ndr_type_walk.h: the NDR type interpreter's internals shared by its family files (ndr_type*.c). */
#ifndef RPCRT4_NDR_TYPE_WALK_H
#define RPCRT4_NDR_TYPE_WALK_H

#include "ndr_type.h"

/* What a walk does. The buffer-size pass is NDR_PASS_OUT over a sizing writer; the memory-size pass is
 * NDR_PASS_IN with no memory (every memory address NULL) and allocations only counted. */
enum ndr_pass { NDR_PASS_OUT, NDR_PASS_IN, NDR_PASS_FREE };

/* Which part of an object a walk does (C706 14.3.12.3: the pointees of embedded pointers follow the
 * outermost constructed type that holds them).
 *   NDR_ALL       the object and then its pointees: a top-level object or a pointee;
 *   NDR_FLAT      an embedded object without its pointees (pointers travel as referent ids);
 *   NDR_POINTEES  the pointees of an embedded object whose flat part was walked before.
 * In NDR_PASS_IN, the flat walk queues what the pointee walk needs again (referent ids, counts,
 * discriminants) in ctx->deferred; the pointee walk takes them in the same order. */
enum ndr_phase { NDR_ALL, NDR_FLAT, NDR_POINTEES };

/* One family of format characters. walk: the object at mem (NULL in the memory-size pass) in one phase;
 * only pointers see NDR_ALL, ndr_walk splits it for the others. size: the object's memory size; with
 * peek, a conformant object's full size read (without consuming) from ctx->reader, otherwise its fixed
 * part. Both return the statuses listed in ndr_type.h. */
typedef enum ndr_type_status (*ndr_walk_fn)(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase);
typedef enum ndr_type_status (*ndr_size_fn)(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size);

/* ---- ndr_type.c: dispatch, format access, memory, bookkeeping ---- */

/* Walks the type at fmt (any family). */
enum ndr_type_status ndr_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase);
/* The memory size of the type at fmt (see ndr_size_fn). */
enum ndr_type_status ndr_size_of(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size);
/* TRUE when the type at fmt can hold no pointer (its pointee walk does nothing). */
int ndr_is_flat(struct ndr_type_ctx *ctx, size_t fmt);

/* NDR_TYPE_OK when n octets of format string exist at pos, else NDR_TYPE_E_BAD_FORMAT. */
enum ndr_type_status ndr_fmt_need(const struct ndr_type_ctx *ctx, size_t pos, size_t n);
/* Little-endian fields of a format string already checked with ndr_fmt_need. */
uint16_t ndr_fmt_u16(const struct ndr_type_ctx *ctx, size_t pos);
uint32_t ndr_fmt_u32(const struct ndr_type_ctx *ctx, size_t pos);
/* The target of the signed 16-bit relative offset at pos (relative to pos): NDR_TYPE_OK or
 * NDR_TYPE_E_BAD_FORMAT (outside the format string). */
enum ndr_type_status ndr_fmt_target(const struct ndr_type_ctx *ctx, size_t pos, size_t *target);

/* The status of an ndr_wire call as the interpreter reports it. */
enum ndr_type_status ndr_wire_to_type(enum ndr_wire_status status);

/* mem + offset, or NULL in the memory-size pass. */
static inline uint8_t *ndr_at(uint8_t *mem, size_t offset)
{
    return mem ? mem + offset : NULL;
}
/* Pointers in memory, which may be unaligned. */
void *ndr_load_ptr(const uint8_t *slot);
/* Stores value at slot, remembering the old value for an unmarshalling failure. NDR_TYPE_OK or
 * NDR_TYPE_E_OUT_OF_MEMORY (then nothing is stored). A NULL slot does nothing. */
enum ndr_type_status ndr_set_ptr(struct ndr_type_ctx *ctx, uint8_t *slot, void *value);
/* Remembers slot's value, which the walk is about to overwrite by other means (a flat copy).
 * NDR_TYPE_OK or NDR_TYPE_E_OUT_OF_MEMORY. */
enum ndr_type_status ndr_save_ptr(struct ndr_type_ctx *ctx, uint8_t *slot);
/* Allocates size zeroed octets and stores their address at slot (remembered for a failure); in the
 * memory-size pass only counts them and gives NULL. NDR_TYPE_OK or NDR_TYPE_E_OUT_OF_MEMORY. */
enum ndr_type_status ndr_alloc_at(struct ndr_type_ctx *ctx, uint8_t *slot, size_t size, uint8_t **block);
/* Frees memory the free pass found, unless it lies in the reader's buffer. */
void ndr_free_block(struct ndr_type_ctx *ctx, void *block);
/* Unmarshalls the type at fmt as a pointee: into existing when it is not NULL and !ctx->must_alloc
 * (storing it at slot), else into memory it allocates (sized with a peek) and stores at slot. */
enum ndr_type_status ndr_unmarshall_into(struct ndr_type_ctx *ctx, uint8_t *slot, void *existing, size_t fmt);

/* Converts in place count elements of the type at fmt (a flat type: its memory image is its wire image),
 * of element_size octets each, just copied from the buffer, from ctx->reader's representation to the
 * native one: the elements are read again from their own image with ctx->converting set. Nothing to
 * do for a native buffer or without memory. The statuses of ndr_type.h. */
enum ndr_type_status ndr_flat_convert(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, size_t count,
                                      size_t element_size);

/* The deferred queue (NDR_PASS_IN only). push: NDR_TYPE_OK or NDR_TYPE_E_OUT_OF_MEMORY; pop:
 * NDR_TYPE_OK or NDR_TYPE_E_BAD_FORMAT (nothing queued: a walk out of step with itself). */
enum ndr_type_status ndr_defer_push(struct ndr_type_ctx *ctx, uint32_t value, void *old);
enum ndr_type_status ndr_defer_pop(struct ndr_type_ctx *ctx, uint32_t *value, void **old);

/* A positioned write of a 32-bit value at pos (a sizing writer writes nothing) and a positioned read:
 * NDR_TYPE_OK or NDR_TYPE_E_BAD_STUB_DATA. */
enum ndr_type_status ndr_patch_u32(struct ndr_type_ctx *ctx, size_t pos, uint32_t value);
enum ndr_type_status ndr_peek_u32(const struct ndr_type_ctx *ctx, size_t pos, uint32_t *value);

/* ---- the families: walk and size for each (ndr_type_<family>.c) ---- */

enum ndr_type_status ndr_base_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase);
enum ndr_type_status ndr_base_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size);
enum ndr_type_status ndr_range_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase);
enum ndr_type_status ndr_range_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size);
/* Memory and wire size of a base type's format character: 0 for a character that is not one. */
size_t ndr_base_memory_size(uint8_t fc);
size_t ndr_base_wire_size(uint8_t fc);
/* The integer value of the base type fc in memory at mem (sign-extended); 0 for a non-base type. */
int64_t ndr_base_load(const uint8_t *mem, uint8_t fc);
/* Reads (NDR_PASS_IN) or writes (NDR_PASS_OUT) one base type at mem; *value gets its integer value
 * (sign-extended). The statuses of ndr_type.h. */
enum ndr_type_status ndr_base_value(struct ndr_type_ctx *ctx, uint8_t *mem, uint8_t fc, int64_t *value);

enum ndr_type_status ndr_pointer_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase);
enum ndr_type_status ndr_pointer_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size);
/* A pointer layout (FC_PP ... FC_END at pp) over a flat image: mem is the image's memory, wire its
 * position in the buffer; the variable-repeat instances cover count elements whose wire starts at
 * array_wire and whose memory starts first elements into the array. In NDR_FLAT the referent ids are
 * patched into (OUT) or read from (IN) the image, old pointers saved; in NDR_POINTEES the pointees
 * follow. */
struct ndr_flat_image
{
    uint8_t *mem;
    size_t wire, array_wire;
    uint32_t first, count;
};
enum ndr_type_status ndr_pointer_layout(struct ndr_type_ctx *ctx, const struct ndr_flat_image *image, size_t pp,
                                        enum ndr_phase phase);
/* The offset after the pointer layout at pp (FC_PP ... FC_END), or pp itself when there is none there. */
enum ndr_type_status ndr_pointer_layout_skip(struct ndr_type_ctx *ctx, size_t pp, size_t *after);

enum ndr_type_status ndr_struct_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase);
enum ndr_type_status ndr_struct_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size);
/* Walks a structure member layout (base types, FC_POINTER, FC_EMBEDDED_COMPLEX, pads, alignments; up to
 * FC_END) at mem; pointer descriptions for FC_POINTER come in order from *pointers. */
enum ndr_type_status ndr_members_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t layout, size_t *pointers,
                                      enum ndr_phase phase);

enum ndr_type_status ndr_array_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase);
enum ndr_type_status ndr_array_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size);
/* The conformance (maximum count) of the conformant array or string at fmt whose memory is at mem, from
 * the correlated field (NDR_PASS_OUT, NDR_PASS_FREE): what an enclosing structure writes first. */
enum ndr_type_status ndr_array_conformance(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, uint32_t *count);
/* The memory size of one element of the conformant array or string at fmt. */
enum ndr_type_status ndr_array_element_size(struct ndr_type_ctx *ctx, size_t fmt, size_t *size);
/* Before allocating count elements of the conformant array or string at fmt for data still at reader:
 * NDR_TYPE_OK when the octets left can hold them (at least one octet an element, the element's size for
 * flat ones), or, for a varying one, when the room it claims exceeds them by at most
 * NDR_TYPE_VARYING_SLACK; else NDR_TYPE_E_BAD_STUB_DATA (or NDR_TYPE_E_BAD_FORMAT). */
enum ndr_type_status ndr_array_check_room(struct ndr_type_ctx *ctx, const struct ndr_wire_reader *reader, size_t fmt,
                                          uint32_t count);

enum ndr_type_status ndr_string_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase);
enum ndr_type_status ndr_string_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size);
/* For a conformant string at fmt: its character size, whether it is sized (FC_STRING_SIZED), and its
 * conformance from memory at mem (NDR_PASS_OUT, NDR_PASS_FREE): the size_is value, or its length + 1. */
enum ndr_type_status ndr_string_char_size(struct ndr_type_ctx *ctx, size_t fmt, size_t *size, int *sized);
enum ndr_type_status ndr_string_conformance(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, uint32_t *count);

enum ndr_type_status ndr_union_walk(struct ndr_type_ctx *ctx, uint8_t *mem, size_t fmt, enum ndr_phase phase);
enum ndr_type_status ndr_union_size(struct ndr_type_ctx *ctx, size_t fmt, int peek, size_t *size);

/* ---- ndr_type_corr.c: correlation descriptors ---- */

/* The size of a correlation descriptor: 4 octets, 6 with robust flags. */
size_t ndr_corr_size(const struct ndr_type_ctx *ctx);
/* Evaluates the descriptor at corr for the object at object (NDR_FC_NORMAL_CONFORMANCE's base) into
 * *value, sign-extended as the correlated field's type says. fallback is the value a top-level
 * descriptor takes when there is no stack (ctx->max_count, ctx->actual_count ...). Returns NDR_TYPE_OK,
 * NDR_TYPE_E_NULL_REF_POINTER (FC_DEREFERENCE of a NULL pointer) or NDR_TYPE_E_BAD_FORMAT (unknown kind,
 * type or operator, or no memory to read: ask ndr_corr_in_memory first in NDR_PASS_IN). */
enum ndr_type_status ndr_corr_eval(struct ndr_type_ctx *ctx, size_t corr, const uint8_t *object, uint32_t fallback,
                                   int64_t *value);
/* In NDR_PASS_IN: checks a value read from the wire against the correlated field, when that field is
 * already in memory (a field before the object, or any field of the structure for a pointee; no
 * dereference, no expression callback). NDR_TYPE_OK or NDR_TYPE_E_INVALID_BOUND (or ndr_corr_eval's
 * statuses). The free pass takes its counts from those fields: this keeps it inside what was allocated. */
enum ndr_type_status ndr_corr_check(struct ndr_type_ctx *ctx, size_t corr, const uint8_t *object, int64_t wire_value);
/* A count from a correlation: NDR_TYPE_OK when value is in 0..NDR_WIRE_MAX_COUNT, else
 * NDR_TYPE_E_INVALID_BOUND. */
enum ndr_type_status ndr_corr_count(int64_t value, uint32_t *count);

#endif
