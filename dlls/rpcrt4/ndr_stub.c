/* ndr_stub.c: the glue between a MIDL_STUB_MESSAGE and the NDR type interpreter, and its statuses as exceptions. */
#include <stdint.h>
#include "ndr_stub.h"
#include "ndr_type.h"
#include "trace.h"

/* A type format string names its types by 16-bit offsets: from a type, what it refers to lies within
 * this many octets of the string's start (or, without a stub descriptor, of the type itself). */
#define FORMAT_REACH 0x10000u

/* The interpreter's statuses as the exceptions native raises for them. */
static const RPC_STATUS exceptions[] =
{
    [NDR_TYPE_E_BAD_STUB_DATA] = RPC_X_BAD_STUB_DATA,
    [NDR_TYPE_E_INVALID_BOUND] = RPC_X_INVALID_BOUND,
    [NDR_TYPE_E_NULL_REF_POINTER] = RPC_X_NULL_REF_POINTER,
    [NDR_TYPE_E_ENUM_RANGE] = RPC_X_ENUM_VALUE_OUT_OF_RANGE,
    [NDR_TYPE_E_INVALID_TAG] = RPC_S_INVALID_TAG,
    [NDR_TYPE_E_OUT_OF_MEMORY] = RPC_S_OUT_OF_MEMORY,
    [NDR_TYPE_E_TOO_DEEP] = RPC_X_BAD_STUB_DATA,
    [NDR_TYPE_E_BAD_FORMAT] = RPC_S_INTERNAL_ERROR,
};

/* The exception native raises for a failed walk, traced. */
static RPC_STATUS exception_of(enum ndr_type_status status)
{
    TRACE(TRACE_NDR, "%s", ndr_type_status_name(status));
    return (unsigned)status < ARRAYSIZE(exceptions) ? exceptions[status] : RPC_S_INTERNAL_ERROR;
}

static void *stub_alloc(void *opaque, size_t size)
{
    PMIDL_STUB_MESSAGE msg = opaque;

    if (msg->pfnAllocate) return msg->pfnAllocate(size);
    if (msg->StubDesc && msg->StubDesc->pfnAllocate) return msg->StubDesc->pfnAllocate(size);
    return NULL;
}

static void stub_free(void *opaque, void *block)
{
    PMIDL_STUB_MESSAGE msg = opaque;

    if (msg->pfnFree) msg->pfnFree(block);
    else if (msg->StubDesc && msg->StubDesc->pfnFree) msg->StubDesc->pfnFree(block);
}

/* Sets up ctx for one pass over the type at format; a NULL message or format raises. */
static void begin(PMIDL_STUB_MESSAGE msg, PFORMAT_STRING format, struct ndr_type_ctx *ctx, size_t *type)
{
    const unsigned char *types;
    struct ndr_type_allocator allocator = { stub_alloc, stub_free, msg };

    if (!msg || !format) RpcRaiseException(RPC_X_NULL_REF_POINTER);
    types = msg->StubDesc ? msg->StubDesc->pFormatTypes : NULL;
    /* compared as integers: the format may lie in another array than the descriptor's */
    if (!types || (uintptr_t)format < (uintptr_t)types || (uintptr_t)format - (uintptr_t)types >= FORMAT_REACH)
        types = format;
    *type = (uintptr_t)format - (uintptr_t)types;
    ndr_type_init(ctx, types, *type + FORMAT_REACH, &allocator);
    ctx->robust = msg->fHasNewCorrDesc != 0;
    ctx->stack_top = msg->StackTop;
    ctx->max_count = (uint32_t)msg->MaxCount;
    ctx->offset = msg->Offset;
    ctx->actual_count = msg->ActualCount;
    ctx->next_referent_id = NDR_TYPE_FIRST_REFERENT_ID + 4u * msg->UniquePtrCount;
}

/* Ends a pass: raises for a failure, else hands the conformance state back to the message. */
static void end(PMIDL_STUB_MESSAGE msg, struct ndr_type_ctx *ctx, enum ndr_type_status status)
{
    ndr_type_cleanup(ctx);
    if (status) RpcRaiseException(exception_of(status));
    msg->MaxCount = ctx->max_count;
    msg->Offset = ctx->offset;
    msg->ActualCount = ctx->actual_count;
    msg->UniquePtrCount = (unsigned short)((ctx->next_referent_id - NDR_TYPE_FIRST_REFERENT_ID) / 4);
}

/* The end of the data at Buffer. */
static uintptr_t buffer_end(const MIDL_STUB_MESSAGE *msg)
{
    if (msg->BufferEnd) return (uintptr_t)msg->BufferEnd;
    if (msg->RpcMsg && msg->RpcMsg->Buffer) return (uintptr_t)msg->RpcMsg->Buffer + msg->RpcMsg->BufferLength;
    return (uintptr_t)msg->Buffer;
}

/* A cursor over the data from Buffer to its end, based at Buffer's address rounded down to 8 so that
 * the interpreter's alignment (counted from its base) is the address's own. *start is Buffer's offset
 * from *base; *size covers up to the end (nothing when Buffer lies past it). */
static void cursor(const MIDL_STUB_MESSAGE *msg, uint8_t **base, size_t *start, size_t *size)
{
    uintptr_t at = (uintptr_t)msg->Buffer, end = buffer_end(msg);

    *base = (uint8_t *)(at & ~(uintptr_t)7);
    *start = at & 7;
    *size = end >= at ? *start + (end - at) : *start;
}

/* A pointer type's object is the pointer itself: the value native passes stands in a local slot. */
static int is_pointer(PFORMAT_STRING format)
{
    return *format >= NDR_FC_RP && *format <= NDR_FC_FP;
}

unsigned char *ndr_stub_marshall(PMIDL_STUB_MESSAGE msg, unsigned char *memory, PFORMAT_STRING format)
{
    struct ndr_type_ctx ctx;
    enum ndr_type_status status = NDR_TYPE_E_NULL_REF_POINTER;
    uint8_t *base;
    size_t type, start, size;

    begin(msg, format, &ctx, &type);
    cursor(msg, &base, &start, &size);
    ndr_wire_writer_init(&ctx.writer, base, size);
    ctx.writer.offset = start;
    if (is_pointer(format)) status = ndr_type_marshall(&ctx, &memory, type);
    else if (memory) status = ndr_type_marshall(&ctx, memory, type);
    end(msg, &ctx, status);
    msg->Buffer = base + ctx.writer.offset;
    return NULL;
}

void ndr_stub_buffer_size(PMIDL_STUB_MESSAGE msg, unsigned char *memory, PFORMAT_STRING format)
{
    struct ndr_type_ctx ctx;
    enum ndr_type_status status = NDR_TYPE_E_NULL_REF_POINTER;
    size_t type;

    begin(msg, format, &ctx, &type);
    /* a sizing writer: alignment counts from 0, as native aligns BufferLength */
    ctx.writer.offset = msg->BufferLength;
    if (is_pointer(format)) status = ndr_type_marshall(&ctx, &memory, type);
    else if (memory) status = ndr_type_marshall(&ctx, memory, type);
    if (!status && ctx.writer.offset > ULONG_MAX) status = NDR_TYPE_E_BAD_STUB_DATA;
    end(msg, &ctx, status);
    msg->BufferLength = (ULONG)ctx.writer.offset;
}

/* Starts ctx's reader at Buffer, in the local data representation: a stub converts other ones first
 * (NdrConvert), as native expects. */
static uint8_t *start_reader(PMIDL_STUB_MESSAGE msg, struct ndr_type_ctx *ctx)
{
    static const uint8_t local_drep[4] = { NDR_WIRE_DREP_NATIVE, 0, 0, 0 };
    uint8_t *base;
    size_t start, size;

    cursor(msg, &base, &start, &size);
    ndr_wire_reader_init(&ctx->reader, base, size, local_drep);
    ctx->reader.offset = start;
    return base;
}

unsigned char *ndr_stub_unmarshall(PMIDL_STUB_MESSAGE msg, unsigned char **memory, PFORMAT_STRING format,
                                   unsigned char must_alloc)
{
    struct ndr_type_ctx ctx;
    enum ndr_type_status status = NDR_TYPE_E_NULL_REF_POINTER;
    uint8_t *base;
    size_t type;

    begin(msg, format, &ctx, &type);
    base = start_reader(msg, &ctx);
    ctx.must_alloc = must_alloc != 0;
    if (memory) status = ndr_type_unmarshall(&ctx, (void **)memory, type);
    end(msg, &ctx, status);
    msg->Buffer = base + ctx.reader.offset;
    return NULL;
}

ULONG ndr_stub_memory_size(PMIDL_STUB_MESSAGE msg, PFORMAT_STRING format)
{
    struct ndr_type_ctx ctx;
    enum ndr_type_status status;
    uint8_t *base;
    size_t type, size = 0;

    begin(msg, format, &ctx, &type);
    base = start_reader(msg, &ctx);
    status = ndr_type_memory_size(&ctx, type, &size);
    /* a top-level pointer lives on the stack: only its pointee counts */
    if (!status && is_pointer(format)) size -= sizeof(void *);
    if (!status && size > ULONG_MAX - msg->MemorySize) status = NDR_TYPE_E_BAD_STUB_DATA;
    end(msg, &ctx, status);
    msg->Buffer = base + ctx.reader.offset;
    msg->MemorySize += (ULONG)size;
    return msg->MemorySize;
}

RPC_STATUS ndr_stub_out_size(PMIDL_STUB_MESSAGE msg, PFORMAT_STRING format, size_t *size)
{
    struct ndr_type_ctx ctx;
    enum ndr_type_status status;
    size_t type;

    if (!msg || !format) return RPC_X_NULL_REF_POINTER;
    begin(msg, format, &ctx, &type);
    status = ndr_type_out_size(&ctx, type, size);
    ndr_type_cleanup(&ctx);
    return status ? exception_of(status) : RPC_S_OK;
}

void ndr_stub_free(PMIDL_STUB_MESSAGE msg, unsigned char *memory, PFORMAT_STRING format)
{
    struct ndr_type_ctx ctx;
    const unsigned char *start;
    size_t type;

    if (!msg || !format || !memory) return;
    begin(msg, format, &ctx, &type);
    /* the reader spans the message buffer only so that memory inside it is never freed */
    start = msg->BufferStart ? msg->BufferStart : msg->RpcMsg ? msg->RpcMsg->Buffer : NULL;
    if (start && buffer_end(msg) > (uintptr_t)start)
    {
        ctx.reader.base = start;
        ctx.reader.size = buffer_end(msg) - (uintptr_t)start;
    }
    ndr_type_free(&ctx, is_pointer(format) ? (void *)&memory : memory, type);
    ndr_type_cleanup(&ctx);
}
