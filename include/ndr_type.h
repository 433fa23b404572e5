/* ndr_type.h: the NDR type interpreter: walks a MIDL/widl "-Oicf" type format string over memory and an NDR buffer. */
#ifndef RPCRT4_NDR_TYPE_H
#define RPCRT4_NDR_TYPE_H

#include <stddef.h>
#include <stdint.h>
#include "ndr_wire.h"

/* Portable C, no Windows headers: built into the DLL, natively into the host tests and into a fuzzer.
 *
 * Memory follows the build's target: pointers are sizeof(void *), a Windows LONG is 4 octets (read as
 * int32_t), and memory is little endian (the image of a flat structure is its NDR representation).
 *
 * A type is named by its offset in the type format string. Every walk takes the address of the object
 * in memory: for a pointer type, the address of the pointer itself. */

/* Format characters (Microsoft's "NDR format strings"; values as MIDL and widl emit them). */
enum ndr_fc
{
    NDR_FC_BYTE = 0x01, NDR_FC_CHAR, NDR_FC_SMALL, NDR_FC_USMALL, NDR_FC_WCHAR, NDR_FC_SHORT, NDR_FC_USHORT,
    NDR_FC_LONG, NDR_FC_ULONG, NDR_FC_FLOAT, NDR_FC_HYPER, NDR_FC_DOUBLE, NDR_FC_ENUM16, NDR_FC_ENUM32,
    NDR_FC_IGNORE, NDR_FC_ERROR_STATUS_T,
    NDR_FC_RP = 0x11, NDR_FC_UP, NDR_FC_OP, NDR_FC_FP,
    NDR_FC_STRUCT = 0x15, NDR_FC_PSTRUCT, NDR_FC_CSTRUCT, NDR_FC_CPSTRUCT, NDR_FC_CVSTRUCT, NDR_FC_BOGUS_STRUCT,
    NDR_FC_CARRAY = 0x1b, NDR_FC_CVARRAY, NDR_FC_SMFARRAY, NDR_FC_LGFARRAY, NDR_FC_SMVARRAY, NDR_FC_LGVARRAY,
    NDR_FC_BOGUS_ARRAY,
    NDR_FC_C_CSTRING = 0x22, NDR_FC_C_BSTRING, NDR_FC_C_SSTRING, NDR_FC_C_WSTRING, NDR_FC_CSTRING, NDR_FC_BSTRING,
    NDR_FC_SSTRING, NDR_FC_WSTRING,
    NDR_FC_ENCAPSULATED_UNION = 0x2a, NDR_FC_NON_ENCAPSULATED_UNION,
    NDR_FC_POINTER = 0x36, NDR_FC_ALIGNM2, NDR_FC_ALIGNM4, NDR_FC_ALIGNM8,
    NDR_FC_STRUCTPAD1 = 0x3d, NDR_FC_STRUCTPAD7 = 0x43, NDR_FC_STRING_SIZED = 0x44,
    NDR_FC_NO_REPEAT = 0x46, NDR_FC_FIXED_REPEAT, NDR_FC_VARIABLE_REPEAT, NDR_FC_FIXED_OFFSET, NDR_FC_VARIABLE_OFFSET,
    NDR_FC_PP = 0x4b, NDR_FC_EMBEDDED_COMPLEX,
    NDR_FC_DEREFERENCE = 0x54, NDR_FC_DIV_2, NDR_FC_MULT_2, NDR_FC_ADD_1, NDR_FC_SUB_1, NDR_FC_CALLBACK,
    NDR_FC_END = 0x5b, NDR_FC_PAD,
    NDR_FC_RANGE = 0xb7, NDR_FC_INT3264, NDR_FC_UINT3264
};

/* Pointer attributes, the octet after FC_RP/UP/OP/FP. */
#define NDR_FC_ALLOCATE_ALL_NODES 0x01
#define NDR_FC_DONT_FREE          0x02
#define NDR_FC_ALLOCED_ON_STACK   0x04
#define NDR_FC_SIMPLE_POINTER     0x08
#define NDR_FC_POINTER_DEREF      0x10

/* Correlation descriptor, high nibble of its first octet: where the value lives. */
#define NDR_FC_NORMAL_CONFORMANCE    0x00   /* a field, at an offset from the correlated object itself */
#define NDR_FC_POINTER_CONFORMANCE   0x10   /* a field, at an offset from the enclosing structure */
#define NDR_FC_TOP_LEVEL_CONFORMANCE 0x20   /* a parameter, at an offset from the stack top */
#define NDR_FC_CONSTANT_CONFORMANCE  0x40   /* the value itself, in the descriptor's last 3 octets */

/* Nesting deeper than this (each type walked inside another counts one level) fails cleanly with
 * NDR_TYPE_E_TOO_DEEP instead of exhausting the stack. A linked list takes two levels a node. */
#define NDR_TYPE_MAX_DEPTH 1024

/* A varying array or sized string allocates room for its maximum count, which its wire data does not
 * justify (only the actual count travels). That room may exceed the octets left in the buffer by at
 * most this much; a larger claim is NDR_TYPE_E_BAD_STUB_DATA. */
#define NDR_TYPE_VARYING_SLACK (1u << 20)

/* The first referent id a marshalling pass gives a non-NULL unique or embedded pointer; each next one
 * is 4 more (the values native Windows puts on the wire). */
#define NDR_TYPE_FIRST_REFERENT_ID 0x20000u

enum ndr_type_status
{
    NDR_TYPE_OK = 0,
    NDR_TYPE_E_BAD_STUB_DATA,       /* short, malformed or inconsistent data; a marshalling buffer too
                                     * small (RPC_X_BAD_STUB_DATA) */
    NDR_TYPE_E_INVALID_BOUND,       /* a conformance or variance out of range, or that contradicts the
                                     * correlated field (RPC_X_INVALID_BOUND) */
    NDR_TYPE_E_NULL_REF_POINTER,    /* a NULL reference pointer (RPC_X_NULL_REF_POINTER) */
    NDR_TYPE_E_ENUM_RANGE,          /* an enum16 outside 0..32767 (RPC_X_ENUM_VALUE_OUT_OF_RANGE) */
    NDR_TYPE_E_INVALID_TAG,         /* a union discriminant no arm takes (RPC_S_INVALID_TAG) */
    NDR_TYPE_E_OUT_OF_MEMORY,       /* an allocation failed (RPC_S_OUT_OF_MEMORY) */
    NDR_TYPE_E_TOO_DEEP,            /* nesting beyond NDR_TYPE_MAX_DEPTH (RPC_X_BAD_STUB_DATA) */
    NDR_TYPE_E_BAD_FORMAT           /* a malformed or unsupported format string (RPC_S_INTERNAL_ERROR) */
};

/* The status's name ("NDR_TYPE_E_INVALID_BOUND"); "unknown" for a value outside the enum. */
const char *ndr_type_status_name(enum ndr_type_status status);

/* The allocator the unmarshalling pass gives memory from (midl_user_allocate, NdrAllocate ...) and the
 * free pass returns it to. NULL callbacks mean portable_alloc / portable_free. */
struct ndr_type_allocator
{
    void *(*alloc)(void *opaque, size_t size);
    void (*free)(void *opaque, void *ptr);
    void *opaque;
};

/* One value an unmarshalling walk reads in its flat part and uses again for the pointees. */
struct ndr_type_deferred
{
    uint32_t value;     /* a referent id, an array count, a union discriminant */
    void *old;          /* a pointer's value before the walk (reused unless must_alloc) */
};

/* One change an unmarshalling walk made, undone if the walk fails. */
struct ndr_type_undo
{
    void **slot;        /* a pointer the walk wrote, or NULL */
    void *old;          /* its value before */
    void *block;        /* memory the walk allocated, or NULL */
};

/* A full pointer seen in this walk (a slot of an open-addressing table keyed by id when unmarshalling,
 * by address otherwise): its memory address, its referent id, and whether its pointee was walked. */
struct ndr_type_full_ref
{
    void *ptr;
    uint32_t id;
    uint8_t used;
    uint8_t done;
};

struct ndr_type_ctx
{
    /* Set by the caller (ndr_type_init, then fields as needed). */
    const uint8_t *format;          /* the type format string */
    size_t format_size;
    struct ndr_wire_reader reader;  /* unmarshall and memory size read here */
    struct ndr_wire_writer writer;  /* marshall writes here; base NULL: buffer size counts here */
    struct ndr_type_allocator allocator;
    int robust;                     /* correlation descriptors carry 2 octets of robust flags */
    int must_alloc;                 /* unmarshall allocates even where memory is already there */
    const uint8_t *stack_top;       /* FC_TOP_LEVEL_CONFORMANCE reads parameters from here; NULL: the
                                     * caller sets max_count, offset and actual_count beforehand */

    /* MIDL_STUB_MESSAGE's conformance state: read and left here by each walk of a conformant or
     * varying type, as native leaves MaxCount, Offset and ActualCount. */
    uint32_t max_count;
    uint32_t offset;
    uint32_t actual_count;
    size_t memory_size;             /* the memory-size pass's total */

    /* Internal to the walk. */
    int pass;                       /* enum ndr_pass (ndr_type_walk.h) */
    unsigned depth;
    uint8_t *memory;                /* the innermost structure: FC_POINTER_CONFORMANCE's base */
    int converting;                 /* re-reading a flat image in place (ndr_flat_convert) */
    int hoisted;                    /* the enclosing structure moved this array's conformance */
    uint32_t hoisted_count;         /* ... and this is it */
    uint32_t next_referent_id;
    struct ndr_type_deferred *deferred;
    size_t deferred_count, deferred_read, deferred_capacity;
    struct ndr_type_undo *undo;
    size_t undo_count, undo_capacity;
    struct ndr_type_full_ref *full;
    size_t full_count, full_capacity;   /* capacity: 0 or a power of 2 */
    uint32_t next_full_id;
};

/* Clears *ctx and sets the format string and allocator (allocator may be NULL). */
void ndr_type_init(struct ndr_type_ctx *ctx, const uint8_t *format, size_t format_size,
                   const struct ndr_type_allocator *allocator);
/* Releases the walk's own bookkeeping (never the caller's data). Safe to call more than once. */
void ndr_type_cleanup(struct ndr_type_ctx *ctx);

/* Each walk below returns NDR_TYPE_OK or one of: NDR_TYPE_E_BAD_STUB_DATA, NDR_TYPE_E_INVALID_BOUND,
 * NDR_TYPE_E_NULL_REF_POINTER, NDR_TYPE_E_ENUM_RANGE, NDR_TYPE_E_INVALID_TAG, NDR_TYPE_E_OUT_OF_MEMORY,
 * NDR_TYPE_E_TOO_DEEP, NDR_TYPE_E_BAD_FORMAT. */

/* Writes the object at memory, of the type at format offset type, to ctx->writer (its pointees after
 * it, as NDR orders them). With a sizing writer (base NULL) this is the buffer-size pass: the writer's
 * offset grows by exactly what marshalling writes from the same starting offset. */
enum ndr_type_status ndr_type_marshall(struct ndr_type_ctx *ctx, const void *memory, size_t type);

/* Reads one object of the type at type from ctx->reader into memory.
 * For a pointer type, *slot is the pointer itself. For any other type *slot is the object's address:
 * when it is NULL or ctx->must_alloc is set, the object is allocated and its address stored there.
 * Pointees are allocated (zeroed) with the allocator; a non-NULL pointer already in memory is reused as
 * its pointee's memory unless ctx->must_alloc. Memory the caller passes in is trusted to be large
 * enough (as native trusts it).
 * On failure nothing is left allocated and every pointer the walk wrote holds its old value again
 * (other memory may have changed): the caller does not run the free pass for this object. */
enum ndr_type_status ndr_type_unmarshall(struct ndr_type_ctx *ctx, void **slot, size_t type);

/* Walks the object the reader holds as unmarshalling would, without memory: *size (and
 * ctx->memory_size) is what unmarshalling into fresh memory would allocate, the object included. */
enum ndr_type_status ndr_type_memory_size(struct ndr_type_ctx *ctx, size_t type, size_t *size);

/* The memory a server allocates for a top-level [out]-only object of the type at type before calling the
 * manager routine (nothing is read from any buffer): a fixed type's size; a conformant array's or sized
 * string's count, which its correlation takes from ctx->stack_top, times its element size; for a
 * reference pointer (not simple), the same for its pointee (a pointer's size when it points to a
 * pointer). Other conformant types answer NDR_TYPE_E_BAD_FORMAT. */
enum ndr_type_status ndr_type_out_size(struct ndr_type_ctx *ctx, size_t type, size_t *size);

/* Frees what the object at memory points to, recursively (never the object itself, nor pointees that
 * lie inside ctx->reader's buffer or carry FC_DONT_FREE / FC_ALLOCED_ON_STACK). Counts come from the
 * correlated fields in memory, as for marshalling; an object ndr_type_unmarshall produced is always
 * consistent with them. */
void ndr_type_free(struct ndr_type_ctx *ctx, void *memory, size_t type);

#endif
