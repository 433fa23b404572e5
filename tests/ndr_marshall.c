/* ndr_marshall.c: conformance tests of the explicit-stub NDR routines (Ndr<Family>Marshall ... Free) on buffers. */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcndr.h>
#include "ndr_type.h"
#include "seh.h"
#include "test.h"

/* The type format string widl 8.0 (-Oicf) generates for this IDL; the two types whose layout depends on
 * the pointer size are given for each architecture (--win64 / --win32):
 *   typedef struct { long a; short b; short c; } s_simple;
 *   typedef struct { long n; [size_is(n)] long arr[]; } s_conf;
 *   typedef struct { long n; long l; [size_is(n), length_is(l)] short arr[]; } s_cv;
 *   typedef enum { E_ZERO, E_ONE } e16;
 *   typedef struct { short s; [unique] long *p; e16 e; } s_bogus;
 *   typedef union switch (short d) u { case 1: long l; case 2: double x; } u_enc;
 *   typedef [switch_type(long)] union { [case(1)] long l; [case(2)] short s; } u_ne;
 *   void p_simple([in] s_simple *s);   void p_conf([in] s_conf *s);   void p_cv([in] s_cv *s);
 *   void p_bogus([in] s_bogus *s);     void p_farr([in] long a[4]);
 *   void p_carr([in] long n, [in, size_is(n)] long a[]);
 *   void p_cvarr([in] long n, [in] long l, [in, size_is(n), length_is(l)] short a[]);
 *   void p_varr([in] long l, [in, length_is(l)] short a[6]);
 *   void p_barr([in] long n, [in, size_is(n)] s_bogus a[]);
 *   void p_cstr([in, string] char *s); void p_wstr([in, string] wchar_t *s); void p_fstr([in, string] char s[8]);
 *   void p_uptr([in, unique] long *p); void p_rptr([in, ref] long *p);
 *   void p_uenc([in] u_enc *u);        void p_une([in] long d, [in, switch_is(d)] u_ne *u);
 *   void p_range([in, range(1, 100)] long r);
 * Top-level correlations name parameters; the explicit routines run without a stack (StackTop NULL), so
 * they take MaxCount, Offset and ActualCount from the stub message, as -Os stubs set them. */
static const unsigned char format[] =
{
    /* 0 */
    0x00, 0x00,
    /* 2 s_simple */
    0x15, 0x03, 0x08, 0x00, 0x08, 0x06, 0x06, 0x5b,
    /* 10 s_simple * */
    0x11, 0x00, 0xf6, 0xff,
    /* 14 long[] (of s_conf) */
    0x1b, 0x03, 0x04, 0x00, 0x08, 0x00, 0xfc, 0xff, 0x08, 0x5b,
    /* 24 s_conf */
    0x17, 0x03, 0x04, 0x00, 0xf2, 0xff, 0x08, 0x5b,
    /* 32 s_conf * */
    0x11, 0x00, 0xf6, 0xff,
    /* 36 short[] (of s_cv) */
    0x1c, 0x01, 0x02, 0x00, 0x08, 0x00, 0xf8, 0xff, 0x08, 0x00, 0xfc, 0xff, 0x06, 0x5b,
    /* 50 s_cv */
    0x19, 0x03, 0x08, 0x00, 0xee, 0xff, 0x08, 0x08, 0x5c, 0x5b,
    /* 60 s_cv * */
    0x11, 0x00, 0xf4, 0xff,
    /* 64 s_bogus */
#ifdef _WIN64
    0x1a, 0x03, 0x18, 0x00, 0x00, 0x00, 0x08, 0x00, 0x06, 0x39, 0x36, 0x0d, 0x40, 0x5b,
#else
    0x1a, 0x03, 0x0c, 0x00, 0x00, 0x00, 0x08, 0x00, 0x06, 0x38, 0x36, 0x0d, 0x5c, 0x5b,
#endif
    /* 78 long * */
    0x12, 0x08, 0x08, 0x5c,
    /* 82 s_bogus * */
    0x11, 0x00, 0xec, 0xff,
    /* 86 long[4] */
    0x1d, 0x03, 0x10, 0x00, 0x08, 0x5b,
    /* 92 long[] (p_carr) */
    0x1b, 0x03, 0x04, 0x00, 0x28, 0x00, 0x00, 0x00, 0x08, 0x5b,
    /* 102 short[] (p_cvarr) */
#ifdef _WIN64
    0x1c, 0x01, 0x02, 0x00, 0x28, 0x00, 0x00, 0x00, 0x28, 0x00, 0x08, 0x00, 0x06, 0x5b,
#else
    0x1c, 0x01, 0x02, 0x00, 0x28, 0x00, 0x00, 0x00, 0x28, 0x00, 0x04, 0x00, 0x06, 0x5b,
#endif
    /* 116 short[6] (p_varr) */
    0x1f, 0x01, 0x0c, 0x00, 0x06, 0x00, 0x02, 0x00, 0x28, 0x00, 0x00, 0x00, 0x06, 0x5b,
    /* 130 s_bogus[] (p_barr) */
    0x21, 0x03, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x4c, 0x00, 0xb0, 0xff, 0x5c, 0x5b,
    /* 148 char * */
    0x11, 0x08,
    /* 150 */
    0x22, 0x5c,
    /* 152 wchar_t * */
    0x11, 0x08,
    /* 154 */
    0x25, 0x5c,
    /* 156 char[8] */
    0x26, 0x5c, 0x08, 0x00,
    /* 160 [unique] long * */
    0x12, 0x08, 0x08, 0x5c,
    /* 164 [ref] long * */
    0x11, 0x08, 0x08, 0x5c,
    /* 168 u_enc */
    0x2a, 0x86, 0x08, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08, 0x80, 0x02, 0x00, 0x00, 0x00, 0x0c, 0x80,
    0xff, 0xff,
    /* 188 u_enc * */
    0x11, 0x00, 0xea, 0xff,
    /* 192 u_ne */
    0x2b, 0x08, 0x28, 0x00, 0x00, 0x00, 0x02, 0x00,
    /* 200 */
    0x04, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08, 0x80, 0x02, 0x00, 0x00, 0x00, 0x06, 0x80, 0xff, 0xff,
    /* 218 u_ne * */
    0x11, 0x00, 0xe4, 0xff,
    /* 222 [range(1, 100)] long */
    0xb7, 0x08, 0x01, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00,
};

#define T_S_SIMPLE 2
#define T_S_CONF 24
#define T_S_CV 50
#define T_S_BOGUS 64
#define T_FARRAY 86
#define T_CARRAY 92
#define T_CVARRAY 102
#define T_VARRAY 116
#define T_BARRAY 130
#define T_CSTRING 150
#define T_WSTRING 154
#define T_FSTRING 156
#define T_UPTR 160
#define T_RPTR 164
#define T_U_ENC 168
#define T_U_NE 192
#define T_RANGE 222

typedef struct { LONG a; short b; short c; } s_simple;
typedef struct { LONG n; LONG arr[3]; } s_conf3;
typedef struct { LONG n; LONG l; short arr[4]; } s_cv4;
typedef struct { short s; LONG *p; int e; } s_bogus;
typedef struct { short d; union { LONG l; double x; } u; } u_enc;

/* ---- the allocator the stub message hands out, counting live blocks ---- */

static LONG live_blocks;

static void *__RPC_API test_alloc(size_t size)
{
    InterlockedIncrement(&live_blocks);
    return HeapAlloc(GetProcessHeap(), 0, size ? size : 1);
}

static void __RPC_API test_free(void *block)
{
    if (!block) return;
    InterlockedDecrement(&live_blocks);
    HeapFree(GetProcessHeap(), 0, block);
}

static MIDL_STUB_DESC stub_desc;
static RPC_MESSAGE rpc_msg;
static union { double align; unsigned char bytes[256]; } wire;

/* A stub message over size octets at buffer, as NdrClientInitializeNew and NdrGetBuffer leave it. */
static void init_msg(MIDL_STUB_MESSAGE *msg, unsigned char *buffer, ULONG size)
{
    stub_desc.pfnAllocate = test_alloc;
    stub_desc.pfnFree = test_free;
    stub_desc.pFormatTypes = format;
    stub_desc.Version = 0x50002;
    stub_desc.MIDLVersion = 0x800025b;
    memset(&rpc_msg, 0, sizeof(rpc_msg));
    rpc_msg.Buffer = buffer;
    rpc_msg.BufferLength = size;
    rpc_msg.DataRepresentation = NDR_LOCAL_DATA_REPRESENTATION;
    memset(msg, 0, sizeof(*msg));
    msg->RpcMsg = &rpc_msg;
    msg->Buffer = msg->BufferStart = buffer;
    msg->BufferEnd = buffer + size;
    msg->BufferLength = size;
    msg->StubDesc = &stub_desc;
    msg->pfnAllocate = test_alloc;
    msg->pfnFree = test_free;
    msg->IsClient = 1;
}

/* ---- the five routines of a family, called inside seh_call ---- */

struct family
{
    const char *name;
    unsigned char *(RPC_ENTRY *marshall)(PMIDL_STUB_MESSAGE, unsigned char *, PFORMAT_STRING);
    void (RPC_ENTRY *buffer_size)(PMIDL_STUB_MESSAGE, unsigned char *, PFORMAT_STRING);
    unsigned char *(RPC_ENTRY *unmarshall)(PMIDL_STUB_MESSAGE, unsigned char **, PFORMAT_STRING, unsigned char);
    ULONG (RPC_ENTRY *memory_size)(PMIDL_STUB_MESSAGE, PFORMAT_STRING);
    void (RPC_ENTRY *free)(PMIDL_STUB_MESSAGE, unsigned char *, PFORMAT_STRING);   /* NULL: none exported */
};

static const struct family simple_struct = { "SimpleStruct", NdrSimpleStructMarshall, NdrSimpleStructBufferSize,
    NdrSimpleStructUnmarshall, NdrSimpleStructMemorySize, NdrSimpleStructFree };
static const struct family conformant_struct = { "ConformantStruct", NdrConformantStructMarshall,
    NdrConformantStructBufferSize, NdrConformantStructUnmarshall, NdrConformantStructMemorySize,
    NdrConformantStructFree };
static const struct family cv_struct = { "ConformantVaryingStruct", NdrConformantVaryingStructMarshall,
    NdrConformantVaryingStructBufferSize, NdrConformantVaryingStructUnmarshall, NdrConformantVaryingStructMemorySize,
    NdrConformantVaryingStructFree };
static const struct family complex_struct = { "ComplexStruct", NdrComplexStructMarshall, NdrComplexStructBufferSize,
    NdrComplexStructUnmarshall, NdrComplexStructMemorySize, NdrComplexStructFree };
static const struct family fixed_array = { "FixedArray", NdrFixedArrayMarshall, NdrFixedArrayBufferSize,
    NdrFixedArrayUnmarshall, NdrFixedArrayMemorySize, NdrFixedArrayFree };
static const struct family conformant_array = { "ConformantArray", NdrConformantArrayMarshall,
    NdrConformantArrayBufferSize, NdrConformantArrayUnmarshall, NdrConformantArrayMemorySize,
    NdrConformantArrayFree };
static const struct family cv_array = { "ConformantVaryingArray", NdrConformantVaryingArrayMarshall,
    NdrConformantVaryingArrayBufferSize, NdrConformantVaryingArrayUnmarshall, NdrConformantVaryingArrayMemorySize,
    NdrConformantVaryingArrayFree };
static const struct family varying_array = { "VaryingArray", NdrVaryingArrayMarshall, NdrVaryingArrayBufferSize,
    NdrVaryingArrayUnmarshall, NdrVaryingArrayMemorySize, NdrVaryingArrayFree };
static const struct family complex_array = { "ComplexArray", NdrComplexArrayMarshall, NdrComplexArrayBufferSize,
    NdrComplexArrayUnmarshall, NdrComplexArrayMemorySize, NdrComplexArrayFree };
static const struct family conformant_string = { "ConformantString", NdrConformantStringMarshall,
    NdrConformantStringBufferSize, NdrConformantStringUnmarshall, NdrConformantStringMemorySize, NULL };
static const struct family fixed_string = { "NonConformantString", NdrNonConformantStringMarshall,
    NdrNonConformantStringBufferSize, NdrNonConformantStringUnmarshall, NdrNonConformantStringMemorySize, NULL };
static const struct family pointer = { "Pointer", NdrPointerMarshall, NdrPointerBufferSize, NdrPointerUnmarshall,
    NdrPointerMemorySize, NdrPointerFree };
static const struct family enc_union = { "EncapsulatedUnion", NdrEncapsulatedUnionMarshall,
    NdrEncapsulatedUnionBufferSize, NdrEncapsulatedUnionUnmarshall, NdrEncapsulatedUnionMemorySize,
    NdrEncapsulatedUnionFree };
static const struct family ne_union = { "NonEncapsulatedUnion", NdrNonEncapsulatedUnionMarshall,
    NdrNonEncapsulatedUnionBufferSize, NdrNonEncapsulatedUnionUnmarshall, NdrNonEncapsulatedUnionMemorySize,
    NdrNonEncapsulatedUnionFree };

enum pass { MARSHALL, BUFFER_SIZE, UNMARSHALL, MEMORY_SIZE, FREE };

struct call
{
    const struct family *family;
    enum pass pass;
    MIDL_STUB_MESSAGE *msg;
    unsigned char *memory;      /* MARSHALL, BUFFER_SIZE, FREE */
    unsigned char **out;        /* UNMARSHALL */
    unsigned char must_alloc;
    unsigned short type;
    ULONG result;               /* MEMORY_SIZE */
};

static void body_call(void *arg)
{
    struct call *call = arg;
    PFORMAT_STRING fmt = format + call->type;

    switch (call->pass)
    {
    case MARSHALL: call->family->marshall(call->msg, call->memory, fmt); break;
    case BUFFER_SIZE: call->family->buffer_size(call->msg, call->memory, fmt); break;
    case UNMARSHALL: call->family->unmarshall(call->msg, call->out, fmt, call->must_alloc); break;
    case MEMORY_SIZE: call->result = call->family->memory_size(call->msg, fmt); break;
    case FREE: call->family->free(call->msg, call->memory, fmt); break;
    }
}

/* Runs one routine: 0, or the code of the exception it raised. */
static DWORD run(struct call *call)
{
    DWORD code = 0;

    seh_call(body_call, call, NULL, NULL, &code);
    return code;
}

/* ---- round trips ---- */

/* Where Wine's builtin differs from these tests (and so from us); each use says which one native follows
 * when that is known. */
#define B_WIRE          0x01    /* marshalls other bytes */
#define B_MS_RAISES     0x02    /* MemorySize raises */
#define B_MS_VALUE      0x04    /* MemorySize returns or adds another size */
#define B_MS_BUFFER     0x08    /* MemorySize leaves Buffer elsewhere */
#define B_UNMARSHALL    0x10    /* Unmarshall raises */
#define B_MEMORY        0x20    /* Unmarshall leaves other values in memory */
#define B_CODE          0x40    /* raises another code, or none */
#define B_LEAKS         0x80    /* keeps what it allocated before raising */
#define todo_builtin_if(flags) todo(test_target == TARGET_WINE_BUILTIN && (flags))

struct roundtrip
{
    const char *name;
    const struct family *family;
    unsigned short type;
    void *memory;               /* the object; for a pointer type, the pointer's value */
    size_t flat_size;           /* octets of the object compared after unmarshalling (the pointee for a pointer) */
    ULONG max_count, offset, actual_count;  /* as a -Os stub sets them before marshalling and freeing */
    const unsigned char *wire;
    ULONG wire_size;
    ULONG memory_size;          /* what MemorySize adds */
    BOOL (*same)(const void *expected, const void *got);   /* pointees; NULL: flat_size octets only */
    unsigned int builtin;       /* B_* */
};

static void dump(const char *name, const unsigned char *bytes, ULONG size)
{
    char text[3 * 80 + 1] = "";
    ULONG i;

    for (i = 0; i < size && i < 80; i++) sprintf(text + 3 * i, " %02x", bytes[i]);
    trace("%s: wire%s\n", name, text);
}

/* A stub message over size octets of wire with the counts a -Os stub sets before the call. */
static void init_counted(MIDL_STUB_MESSAGE *msg, const struct roundtrip *t, ULONG size)
{
    init_msg(msg, wire.bytes, size);
    msg->MaxCount = t->max_count;
    msg->Offset = t->offset;
    msg->ActualCount = t->actual_count;
}

static void test_roundtrip(const struct roundtrip *t)
{
    MIDL_STUB_MESSAGE msg;
    struct call call = { t->family, BUFFER_SIZE, &msg, t->memory, NULL, 1, t->type, 0 };
    unsigned char *out = NULL;
    DWORD code;

    /* BufferSize: BufferLength grows by what Marshall writes */
    init_counted(&msg, t, sizeof(wire.bytes));
    msg.BufferLength = 0;
    code = run(&call);
    ok(!code, "%s: BufferSize raised %#lx\n", t->name, code);
    ok(msg.BufferLength == t->wire_size, "%s: BufferLength %lu, expected %lu\n", t->name, msg.BufferLength,
       t->wire_size);

    memset(wire.bytes, 0xee, sizeof(wire.bytes));
    init_counted(&msg, t, sizeof(wire.bytes));
    call.pass = MARSHALL;
    code = run(&call);
    ok(!code, "%s: Marshall raised %#lx\n", t->name, code);
    ok(msg.Buffer == wire.bytes + t->wire_size, "%s: Buffer advanced %Id, expected %lu\n", t->name,
       msg.Buffer - wire.bytes, t->wire_size);
    todo_builtin_if(t->builtin & B_WIRE)
    {
        if (!ok(!memcmp(wire.bytes, t->wire, t->wire_size), "%s: wrong bytes\n", t->name))
            dump(t->name, wire.bytes, t->wire_size);
    }

    /* MemorySize and Unmarshall read the expected bytes */
    memcpy(wire.bytes, t->wire, t->wire_size);
    init_msg(&msg, wire.bytes, t->wire_size);
    msg.MemorySize = 0;
    call.pass = MEMORY_SIZE;
    code = run(&call);
    todo_builtin_if(t->builtin & B_MS_RAISES) ok(!code, "%s: MemorySize raised %#lx\n", t->name, code);
    todo_builtin_if(t->builtin & B_MS_VALUE)
        ok(call.result == t->memory_size && msg.MemorySize == t->memory_size,
           "%s: MemorySize %lu (field %lu), expected %lu\n", t->name, call.result, msg.MemorySize, t->memory_size);
    todo_builtin_if(t->builtin & B_MS_BUFFER)
        ok(msg.Buffer == wire.bytes + t->wire_size, "%s: MemorySize advanced Buffer %Id\n", t->name,
           msg.Buffer - wire.bytes);

    init_msg(&msg, wire.bytes, t->wire_size);
    call.pass = UNMARSHALL;
    call.out = &out;
    code = run(&call);
    todo_builtin_if(t->builtin & B_UNMARSHALL)
    {
        ok(!code, "%s: Unmarshall raised %#lx\n", t->name, code);
        ok(msg.Buffer == wire.bytes + t->wire_size, "%s: Unmarshall advanced Buffer %Id\n", t->name,
           msg.Buffer - wire.bytes);
    }
    if (code || !out) return;
    /* an array leaves the conformance it read in MaxCount */
    if (t->family == &conformant_array || t->family == &cv_array || t->family == &complex_array)
        ok(msg.MaxCount == t->max_count, "%s: MaxCount %Iu\n", t->name, msg.MaxCount);
    /* for a pointer type, out is the pointer: both sides are its pointee */
    ok(!memcmp(out, t->memory, t->flat_size), "%s: wrong memory\n", t->name);
    todo_builtin_if(t->builtin & B_MEMORY)
        if (t->same) ok(t->same(t->memory, out), "%s: wrong values\n", t->name);

    /* Free what Unmarshall allocated (a pointer's Free frees its pointee too) */
    if (t->family->free)
    {
        init_counted(&msg, t, t->wire_size);
        call.pass = FREE;
        call.memory = out;
        code = run(&call);
        ok(!code, "%s: Free raised %#lx\n", t->name, code);
    }
    if (t->family != &pointer) test_free(out);
    ok(live_blocks == 0, "%s: %ld blocks left\n", t->name, live_blocks);
    live_blocks = 0;
}

static LONG pointee = 0x0a0b0c0d;
static s_simple simple = { 0x11223344, 0x5566, 0x7788 };
static s_conf3 conf = { 3, { 1, 2, 3 } };
static s_cv4 cv = { 4, 2, { 0x1111, 0x2222, 0x3333, 0x4444 } };
static s_bogus bogus = { 0x0102, &pointee, 1 };
static s_bogus bogus_pair[2] = { { 0x0304, &pointee, 0 }, { 0x0506, NULL, 1 } };
static LONG longs[4] = { 1, 2, 3, 4 };
static short shorts[6] = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15 };
static char cstring[] = "abc";
static WCHAR wstring[] = L"hi";
static char fstring[8] = "abc";
static u_enc uenc = { 2, { 0 } };
static union { LONG l; short s; } une = { 0x1234 };

static BOOL same_bogus(const void *expected, const void *got)
{
    const s_bogus *a = expected, *b = got;

    return a->s == b->s && a->e == b->e && !a->p == !b->p && (!a->p || *a->p == *b->p);
}

static BOOL same_bogus_pair(const void *expected, const void *got)
{
    const s_bogus *a = expected, *b = got;

    return same_bogus(&a[0], &b[0]) && same_bogus(&a[1], &b[1]);
}

static BOOL same_cvarray(const void *expected, const void *got)
{
    const short *a = expected, *b = got;

    /* only the transmitted elements [1, 3) have values */
    return a[1] == b[1] && a[2] == b[2];
}

static BOOL same_uenc(const void *expected, const void *got)
{
    const u_enc *a = expected, *b = got;

    return a->d == b->d && a->u.x == b->u.x;
}

/* Wire images written from the NDR rules (C706 chapter 14): little endian, each primitive aligned to its
 * size from the buffer's start, conformance before a structure, pointees after the outermost one. */
static const unsigned char w_simple[] = { 0x44, 0x33, 0x22, 0x11, 0x66, 0x55, 0x88, 0x77 };
static const unsigned char w_conf[] = { 3, 0, 0, 0,  3, 0, 0, 0,  1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0 };
/* conformance, the structure, variance (offset 0, 2 elements), the elements */
static const unsigned char w_cv[] = { 4, 0, 0, 0,  4, 0, 0, 0, 2, 0, 0, 0,  0, 0, 0, 0, 2, 0, 0, 0,
                                      0x11, 0x11, 0x22, 0x22 };
/* s, pad, referent id 0x20000, enum16, pad, then the pointee */
static const unsigned char w_bogus[] = { 0x02, 0x01, 0, 0,  0, 0, 2, 0,  1, 0, 0, 0,  0x0d, 0x0c, 0x0b, 0x0a };
static const unsigned char w_farray[] = { 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0 };
static const unsigned char w_carray[] = { 3, 0, 0, 0,  1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0 };
/* maximum 5, offset 1, actual 2: shorts[1..2] */
static const unsigned char w_cvarray[] = { 5, 0, 0, 0,  1, 0, 0, 0,  2, 0, 0, 0,  0x11, 0, 0x12, 0 };
static const unsigned char w_varray[] = { 0, 0, 0, 0,  3, 0, 0, 0,  0x10, 0, 0x11, 0, 0x12, 0 };
/* 2 elements, then the one pointee (the second pointer is NULL) */
static const unsigned char w_barray[] = { 2, 0, 0, 0,  0x04, 0x03, 0, 0,  0, 0, 2, 0,  0, 0, 0, 0,
                                          0x06, 0x05, 0, 0,  0, 0, 0, 0,  1, 0, 0, 0,  0x0d, 0x0c, 0x0b, 0x0a };
static const unsigned char w_cstring[] = { 4, 0, 0, 0,  0, 0, 0, 0,  4, 0, 0, 0,  'a', 'b', 'c', 0 };
static const unsigned char w_wstring[] = { 3, 0, 0, 0,  0, 0, 0, 0,  3, 0, 0, 0,  'h', 0, 'i', 0, 0, 0 };
static const unsigned char w_fstring[] = { 0, 0, 0, 0,  4, 0, 0, 0,  'a', 'b', 'c', 0 };
static const unsigned char w_uptr[] = { 0, 0, 2, 0,  0x0d, 0x0c, 0x0b, 0x0a };
static const unsigned char w_rptr[] = { 0x0d, 0x0c, 0x0b, 0x0a };
/* discriminant, pad to 8, the double 1.5 */
static const unsigned char w_uenc[] = { 2, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0xf8, 0x3f };
static const unsigned char w_une[] = { 2, 0, 0, 0,  0x34, 0x12 };

static void test_roundtrips(void)
{
    const struct roundtrip tests[] =
    {
        { "s_simple", &simple_struct, T_S_SIMPLE, &simple, sizeof(simple), 0, 0, 0, w_simple, sizeof(w_simple), 8,
          NULL, 0 },
        /* Wine's NdrConformantStructMemorySize is a stub that reads nothing */
        { "s_conf", &conformant_struct, T_S_CONF, &conf, sizeof(conf), 0, 0, 0, w_conf, sizeof(w_conf), 16, NULL,
          B_MS_VALUE | B_MS_BUFFER },
        { "s_cv", &cv_struct, T_S_CV, &cv, 12, 0, 0, 0, w_cv, sizeof(w_cv), 16, NULL, 0 },
        /* Wine returns the structure's size but adds only the pointee's to MemorySize, and stops before the
         * pointee's alignment gap */
        { "s_bogus", &complex_struct, T_S_BOGUS, &bogus, 2, 0, 0, 0, w_bogus, sizeof(w_bogus),
          sizeof(s_bogus) + 4, same_bogus, B_MS_VALUE | B_MS_BUFFER },
        { "long[4]", &fixed_array, T_FARRAY, longs, sizeof(longs), 0, 0, 0, w_farray, sizeof(w_farray), 16, NULL,
          0 },
        { "long[n]", &conformant_array, T_CARRAY, longs, 12, 3, 0, 0, w_carray, sizeof(w_carray), 12, NULL, 0 },
        /* Wine ignores Offset (first_is) at top level: it sends offset 0 and the first elements, and puts
         * received elements at 0. C706 14.3.3.3: the offset is the index of the first element sent; -Os
         * stubs set Offset for first_is, so native takes it from the stub message */
        { "short[n] length_is", &cv_array, T_CVARRAY, shorts, 0, 5, 1, 2, w_cvarray, sizeof(w_cvarray), 10,
          same_cvarray, B_WIRE | B_MEMORY },
        { "short[6] length_is", &varying_array, T_VARRAY, shorts, 6, 0, 0, 3, w_varray, sizeof(w_varray), 12,
          NULL, 0 },
        /* Wine's NdrComplexArrayMemorySize raises RPC_X_BAD_STUB_DATA on this array */
        { "s_bogus[n]", &complex_array, T_BARRAY, bogus_pair, 0, 2, 0, 0, w_barray, sizeof(w_barray),
          2 * sizeof(s_bogus) + 4, same_bogus_pair, B_MS_RAISES | B_MS_VALUE },
        { "string char", &conformant_string, T_CSTRING, cstring, 4, 0, 0, 0, w_cstring, sizeof(w_cstring), 4, NULL,
          0 },
        { "string wchar", &conformant_string, T_WSTRING, wstring, 6, 0, 0, 0, w_wstring, sizeof(w_wstring), 6, NULL,
          0 },
        { "char[8] string", &fixed_string, T_FSTRING, fstring, 4, 0, 0, 0, w_fstring, sizeof(w_fstring), 8, NULL,
          0 },
        { "[unique] long *", &pointer, T_UPTR, &pointee, 4, 0, 0, 0, w_uptr, sizeof(w_uptr), 4, NULL, 0 },
        /* a top-level [ref] pointer that is NULL gets its pointee allocated (the documentation of the
         * Unmarshall routines: "If set to null, or if fMustAlloc is TRUE, the stub will allocate");
         * Wine's builtin raises RPC_X_NULL_REF_POINTER on the client side */
        { "[ref] long *", &pointer, T_RPTR, &pointee, 4, 0, 0, 0, w_rptr, sizeof(w_rptr), 4, NULL, B_UNMARSHALL },
        /* Wine's NdrEncapsulatedUnionMemorySize is a stub that reads nothing */
        { "u_enc", &enc_union, T_U_ENC, &uenc, 2, 0, 0, 0, w_uenc, sizeof(w_uenc), sizeof(u_enc), same_uenc,
          B_MS_VALUE | B_MS_BUFFER },
        /* Wine counts the arm's size (2), not the union's (4) */
        { "u_ne", &ne_union, T_U_NE, &une, 2, 2, 0, 0, w_une, sizeof(w_une), 4, NULL, B_MS_VALUE },
    };
    unsigned int i;

    uenc.u.x = 1.5;
    for (i = 0; i < ARRAYSIZE(tests); i++) test_roundtrip(&tests[i]);
}

/* Base types at an odd buffer address: each is aligned by its own address, as native aligns the pointer. */
static void body_simple_types(void *arg)
{
    MIDL_STUB_MESSAGE *msg = arg;
    short s = 0x1234;
    unsigned char c = 0x56;
    LONG l = 0x789abcde;

    NdrSimpleTypeMarshall(msg, (unsigned char *)&s, NDR_FC_SHORT);
    NdrSimpleTypeMarshall(msg, &c, NDR_FC_CHAR);
    NdrSimpleTypeMarshall(msg, (unsigned char *)&l, NDR_FC_LONG);
}

static void body_simple_types_back(void *arg)
{
    MIDL_STUB_MESSAGE *msg = arg;
    short s = 0;
    unsigned char c = 0;
    LONG l = 0;

    NdrSimpleTypeUnmarshall(msg, (unsigned char *)&s, NDR_FC_SHORT);
    NdrSimpleTypeUnmarshall(msg, &c, NDR_FC_CHAR);
    NdrSimpleTypeUnmarshall(msg, (unsigned char *)&l, NDR_FC_LONG);
    ok(s == 0x1234 && c == 0x56 && l == 0x789abcde, "got %#x %#x %#lx\n", s, c, l);
}

static void body_enum16(void *arg)
{
    int value = 0x8000;

    NdrSimpleTypeMarshall(arg, (unsigned char *)&value, NDR_FC_ENUM16);
}

static void test_simple_types(void)
{
    /* from wire.bytes + 1: pad, short, char, pad, long */
    static const unsigned char expected[] = { 0, 0x34, 0x12, 0x56, 0, 0, 0, 0xde, 0xbc, 0x9a, 0x78 };
    MIDL_STUB_MESSAGE msg;
    DWORD code = 0;

    init_msg(&msg, wire.bytes, sizeof(wire.bytes));
    memset(wire.bytes, 0xee, sizeof(wire.bytes));
    msg.Buffer = wire.bytes + 1;
    seh_call(body_simple_types, &msg, NULL, NULL, &code);
    ok(!code, "Marshall raised %#lx\n", code);
    ok(msg.Buffer == wire.bytes + 12, "Buffer advanced to %Id\n", msg.Buffer - wire.bytes);
    if (!ok(!memcmp(wire.bytes + 1, expected, sizeof(expected)), "wrong bytes\n"))
        dump("simple types", wire.bytes + 1, sizeof(expected));

    init_msg(&msg, wire.bytes, 12);
    msg.Buffer = wire.bytes + 1;
    seh_call(body_simple_types_back, &msg, NULL, NULL, &code);
    ok(!code, "Unmarshall raised %#lx\n", code);
    ok(msg.Buffer == wire.bytes + 12, "Buffer advanced to %Id\n", msg.Buffer - wire.bytes);

    init_msg(&msg, wire.bytes, sizeof(wire.bytes));
    seh_call(body_enum16, &msg, NULL, NULL, &code);
    ok(code == RPC_X_ENUM_VALUE_OUT_OF_RANGE, "enum16 0x8000 raised %#lx\n", code);
}

/* Unmarshalling into the caller's memory (fMustAlloc FALSE): nothing allocated. */
static void test_existing_memory(void)
{
    MIDL_STUB_MESSAGE msg;
    s_simple got = { 0 };
    unsigned char *out = (unsigned char *)&got;
    struct call call = { &simple_struct, UNMARSHALL, &msg, NULL, &out, 0, T_S_SIMPLE, 0 };
    DWORD code;

    memcpy(wire.bytes, w_simple, sizeof(w_simple));
    init_msg(&msg, wire.bytes, sizeof(w_simple));
    code = run(&call);
    ok(!code, "raised %#lx\n", code);
    ok(out == (unsigned char *)&got, "memory moved to %p\n", out);
    ok(!memcmp(&got, &simple, sizeof(got)), "got %#lx %#x %#x\n", got.a, got.b, got.c);
    ok(live_blocks == 0, "%ld blocks allocated\n", live_blocks);
}

/* Bad buffers: each raises its status and leaves nothing allocated. */
struct bad
{
    const char *name;
    const struct family *family;
    unsigned short type;
    enum pass pass;
    const unsigned char *wire;
    ULONG size;
    DWORD expected;
    unsigned int builtin;   /* B_CODE, B_LEAKS */
};

static void test_bad_buffers(void)
{
    /* the conformance says 3, the structure's n says 2: the array would not match its size_is field */
    static const unsigned char lying_conf[] = { 3, 0, 0, 0,  2, 0, 0, 0,  1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0 };
    /* a conformance of 0x10000000 longs in 12 octets */
    static const unsigned char huge_conf[] = { 0, 0, 0, 0x10,  1, 0, 0, 0, 2, 0, 0, 0 };
    /* offset + actual count beyond the maximum count */
    static const unsigned char bad_variance[] = { 2, 0, 0, 0,  0, 0, 0, 0,  3, 0, 0, 0,  'a', 'b', 0 };
    /* a string whose last character is not 0 */
    static const unsigned char unterminated[] = { 3, 0, 0, 0,  0, 0, 0, 0,  3, 0, 0, 0,  'a', 'b', 'c' };
    static const unsigned char bad_tag[] = { 3, 0, 0, 0, 0, 0, 0, 0,  1, 0, 0, 0, 0, 0, 0, 0 };
    static const struct bad tests[] =
    {
        { "truncated s_simple", &simple_struct, T_S_SIMPLE, UNMARSHALL, w_simple, 6, RPC_X_BAD_STUB_DATA, B_LEAKS },
        { "truncated s_conf", &conformant_struct, T_S_CONF, UNMARSHALL, w_conf, 16, RPC_X_BAD_STUB_DATA, B_LEAKS },
        { "truncated s_bogus pointee", &complex_struct, T_S_BOGUS, UNMARSHALL, w_bogus, 14, RPC_X_BAD_STUB_DATA,
          B_LEAKS },
        { "empty s_bogus", &complex_struct, T_S_BOGUS, UNMARSHALL, w_bogus, 0, RPC_X_BAD_STUB_DATA, 0 },
        { "truncated s_bogus[n]", &complex_array, T_BARRAY, UNMARSHALL, w_barray, 30, RPC_X_BAD_STUB_DATA, B_LEAKS },
        { "truncated s_bogus[n] size", &complex_array, T_BARRAY, MEMORY_SIZE, w_barray, 30, RPC_X_BAD_STUB_DATA, 0 },
        /* Wine does not check the conformance against the size_is field already in memory (MS-RPCE
         * 3.1.1.5.3.2.2 asks for the check) */
        { "lying s_conf conformance", &conformant_struct, T_S_CONF, UNMARSHALL, lying_conf, sizeof(lying_conf),
          RPC_X_INVALID_BOUND, B_CODE | B_LEAKS },
        /* Wine allocates the 1 GiB the conformance claims before finding the data short */
        { "huge long[n]", &conformant_array, T_CARRAY, UNMARSHALL, huge_conf, sizeof(huge_conf), RPC_X_BAD_STUB_DATA,
          B_LEAKS },
        { "huge long[n] size", &conformant_array, T_CARRAY, MEMORY_SIZE, huge_conf, sizeof(huge_conf),
          RPC_X_BAD_STUB_DATA, 0 },
        { "string variance", &conformant_string, T_CSTRING, UNMARSHALL, bad_variance, sizeof(bad_variance),
          RPC_X_INVALID_BOUND, 0 },
        /* the documentation allows RPC_X_BAD_STUB_DATA or RPC_X_INVALID_BOUND; Wine raises the latter */
        { "unterminated string", &conformant_string, T_CSTRING, UNMARSHALL, unterminated, sizeof(unterminated),
          RPC_X_BAD_STUB_DATA, B_CODE },
        { "u_enc bad tag", &enc_union, T_U_ENC, UNMARSHALL, bad_tag, sizeof(bad_tag), RPC_S_INVALID_TAG, B_LEAKS },
        { "truncated u_enc", &enc_union, T_U_ENC, UNMARSHALL, w_uenc, 12, RPC_X_BAD_STUB_DATA, B_LEAKS },
        { "truncated [unique] long *", &pointer, T_UPTR, UNMARSHALL, w_uptr, 6, RPC_X_BAD_STUB_DATA, B_LEAKS },
    };
    MIDL_STUB_MESSAGE msg;
    unsigned char *out;
    struct call call;
    unsigned int i;
    DWORD code;

    for (i = 0; i < ARRAYSIZE(tests); i++)
    {
        const struct bad *t = &tests[i];

        memcpy(wire.bytes, t->wire, t->size);
        init_msg(&msg, wire.bytes, t->size);
        out = NULL;
        memset(&call, 0, sizeof(call));
        call.family = t->family;
        call.pass = t->pass;
        call.msg = &msg;
        call.out = &out;
        call.must_alloc = 1;
        call.type = t->type;
        code = run(&call);
        todo_builtin_if(t->builtin & B_CODE)
            ok(code == t->expected, "%s: raised %#lx, expected %#lx\n", t->name, code, t->expected);
        todo_builtin_if(t->builtin & B_LEAKS)
        {
            ok(!out, "%s: left memory %p\n", t->name, out);
            ok(live_blocks == 0, "%s: %ld blocks left\n", t->name, live_blocks);
        }
        live_blocks = 0;
    }
}

static void test_marshall_errors(void)
{
    MIDL_STUB_MESSAGE msg;
    struct call call = { &pointer, MARSHALL, &msg, NULL, NULL, 0, T_RPTR, 0 };
    DWORD code;

    /* a NULL [ref] pointer */
    init_msg(&msg, wire.bytes, sizeof(wire.bytes));
    code = run(&call);
    ok(code == RPC_X_NULL_REF_POINTER, "NULL [ref]: raised %#lx\n", code);

    /* a NULL [unique] pointer is a referent id 0 */
    init_msg(&msg, wire.bytes, sizeof(wire.bytes));
    memset(wire.bytes, 0xee, 4);
    call.type = T_UPTR;
    code = run(&call);
    ok(!code, "NULL [unique]: raised %#lx\n", code);
    ok(msg.Buffer == wire.bytes + 4 && !memcmp(wire.bytes, "\0\0\0\0", 4), "NULL [unique]: %Id octets\n",
       msg.Buffer - wire.bytes);

    /* a discriminant no arm takes */
    init_msg(&msg, wire.bytes, sizeof(wire.bytes));
    call.family = &ne_union;
    call.type = T_U_NE;
    call.memory = (unsigned char *)&une;
    msg.MaxCount = 3;
    code = run(&call);
    ok(code == RPC_S_INVALID_TAG, "u_ne switch 3: raised %#lx\n", code);

    /* referent ids go on across the calls of one message */
    init_msg(&msg, wire.bytes, sizeof(wire.bytes));
    call.family = &pointer;
    call.type = T_UPTR;
    call.memory = (unsigned char *)&pointee;
    run(&call);
    code = run(&call);
    ok(!code, "raised %#lx\n", code);
    ok(!memcmp(wire.bytes + 8, "\x04\x00\x02\x00", 4), "second referent id %02x%02x%02x%02x\n", wire.bytes[11],
       wire.bytes[10], wire.bytes[9], wire.bytes[8]);
}

static void body_range(void *arg)
{
    MIDL_STUB_MESSAGE *msg = arg;
    LONG value = 0, *out = &value;

    NdrRangeUnmarshall(msg, (unsigned char **)&out, format + T_RANGE, 0);
    ok(value == 5, "got %ld\n", value);
}

static void test_range(void)
{
    static const unsigned char in_range[] = { 5, 0, 0, 0 }, beyond[] = { 101, 0, 0, 0 };
    MIDL_STUB_MESSAGE msg;
    DWORD code = 0;

    memcpy(wire.bytes, in_range, 4);
    init_msg(&msg, wire.bytes, 4);
    seh_call(body_range, &msg, NULL, NULL, &code);
    ok(!code, "5: raised %#lx\n", code);
    ok(msg.Buffer == wire.bytes + 4, "Buffer advanced %Id\n", msg.Buffer - wire.bytes);

    memcpy(wire.bytes, beyond, 4);
    init_msg(&msg, wire.bytes, 4);
    seh_call(body_range, &msg, NULL, NULL, &code);
    ok(code == RPC_X_INVALID_BOUND, "101: raised %#lx\n", code);
}

START_TEST(ndr_marshall)
{
    test_roundtrips();
    test_simple_types();
    test_existing_memory();
    test_bad_buffers();
    test_marshall_errors();
    test_range();
}
