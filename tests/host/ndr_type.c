/* ndr_type.c (host test): the NDR type interpreter: round trips, byte-exact wire, memory sizes, hostile buffers, allocation failures. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ndr_type.h"
#include "portable_alloc.h"
#include "host/ndr_type_formats.h"
#include "test.h"

#define S(status) ndr_type_status_name(status)

/* x86_64 memory layouts of the types in ndr_type_formats.h */
struct s_ptr { int32_t a; int32_t *p; };
struct s_bogus { int16_t s; int32_t *p; char *str; double d; };
struct node { int32_t v; struct node *next; };
struct s_union { int32_t d; union { int32_t l; int16_t s; int32_t *p; } u; };
struct u_enc { int16_t d; union { int32_t l; double x; } u; };
struct s_simple { int32_t a; int16_t b; char c; };
struct s_misc { int32_t e; int64_t h; };
struct s_pstruct { int32_t a, pad; int32_t *p; };

static const uint8_t little[4] = { NDR_WIRE_DREP_NATIVE, 0, 0, 0 };
static const uint8_t big[4] = { 0x00, 0, 0, 0 };

static void init(struct ndr_type_ctx *ctx, uint32_t count)
{
    ndr_type_init(ctx, ndr_type_format, sizeof(ndr_type_format), NULL);
    ctx->max_count = ctx->actual_count = count;
}

/* Marshalls into buf, checks that the sizing pass counts exactly as much; the octets written. */
static size_t marshall(size_t type, const void *mem, uint32_t count, uint8_t *buf, size_t size,
                       enum ndr_type_status *status)
{
    struct ndr_type_ctx ctx;
    enum ndr_type_status sizing;
    size_t sized;

    init(&ctx, count);
    sizing = ndr_type_marshall(&ctx, mem, type);
    sized = ctx.writer.offset;
    ndr_type_cleanup(&ctx);
    init(&ctx, count);
    ndr_wire_writer_init(&ctx.writer, buf, size);
    *status = ndr_type_marshall(&ctx, mem, type);
    ok(sizing == *status, "type %zu: sizing %s, marshalling %s\n", type, S(sizing), S(*status));
    ok(*status || sized == ctx.writer.offset, "type %zu: sized %zu, wrote %zu\n", type, sized, ctx.writer.offset);
    ndr_type_cleanup(&ctx);
    return ctx.writer.offset;
}

/* Unmarshalls size octets (a heap copy of exactly that many) into *out; *consumed gets what was read. */
static enum ndr_type_status unmarshall(size_t type, const uint8_t *buf, size_t size, const uint8_t drep[4],
                                      uint32_t count, void **out, size_t *consumed)
{
    uint8_t *copy = malloc(size ? size : 1);
    struct ndr_type_ctx ctx;
    enum ndr_type_status status;

    if (!copy) abort();
    memcpy(copy, buf, size);
    init(&ctx, count);
    if (ndr_wire_reader_init(&ctx.reader, copy, size, drep)) abort();
    status = ndr_type_unmarshall(&ctx, out, type);
    if (consumed) *consumed = ctx.reader.offset;
    ndr_type_cleanup(&ctx);
    free(copy);
    return status;
}

static size_t memory_size(size_t type, const uint8_t *buf, size_t size, uint32_t count, enum ndr_type_status *status)
{
    struct ndr_type_ctx ctx;
    size_t result = 0;

    init(&ctx, count);
    if (ndr_wire_reader_init(&ctx.reader, buf, size, little)) abort();
    *status = ndr_type_memory_size(&ctx, type, &result);
    ndr_type_cleanup(&ctx);
    return result;
}

/* Frees what the object points to, then the object (for non-pointer types, allocated by unmarshall). */
static void free_object(size_t type, void *object, uint32_t count, int is_pointer)
{
    struct ndr_type_ctx ctx;

    init(&ctx, count);
    ndr_type_free(&ctx, is_pointer ? (void *)&object : object, type);
    ndr_type_cleanup(&ctx);
    if (!is_pointer) portable_free(object);
}

static int same_bytes(const uint8_t *a, size_t a_size, const uint8_t *b, size_t b_size)
{
    return a_size == b_size && !memcmp(a, b, a_size);
}

/* Marshalls, compares with the expected octets, unmarshalls into fresh memory, checks the memory size
 * and that marshalling the result gives the same octets again; returns the unmarshalled object. */
static void *round_trip(size_t type, const void *mem, uint32_t count, const uint8_t *expect, size_t expect_size,
                        size_t expect_memory, int is_pointer)
{
    uint8_t buf[4096], again[4096];
    enum ndr_type_status status;
    size_t size, again_size, consumed = 0, msize;
    void *out = NULL;

    size = marshall(type, mem, count, buf, sizeof(buf), &status);
    ok(!status, "type %zu: marshall %s\n", type, S(status));
    if (expect) ok(same_bytes(buf, size, expect, expect_size), "type %zu: %zu octets differ from the %zu expected\n",
                   type, size, expect_size);
    status = unmarshall(type, buf, size, little, count, &out, &consumed);
    ok(!status, "type %zu: unmarshall %s\n", type, S(status));
    ok(consumed == size, "type %zu: read %zu of %zu\n", type, consumed, size);
    msize = memory_size(type, buf, size, count, &status);
    ok(!status && msize == expect_memory, "type %zu: memory size %s %zu, expected %zu\n", type, S(status), msize,
       expect_memory);
    if (status) return out;
    again_size = marshall(type, is_pointer ? (void *)&out : out, count, again, sizeof(again), &status);
    ok(!status && same_bytes(again, again_size, buf, size), "type %zu: marshalled again %s, %zu octets\n", type,
       S(status), again_size);
    return out;
}

static void test_base_types(void)
{
    static const uint8_t misc_wire[] = { 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 };
    static const uint8_t simple_wire[] = { 0x01, 0x02, 0x03, 0x04, 0xfe, 0xff, 'x', 0 };
    struct s_misc misc = { 5, 0x1122334455667788ll }, *misc_out;
    struct s_simple simple = { 0x04030201, -2, 'x' }, *simple_out;
    long live = portable_alloc_live();

    misc_out = round_trip(T_S_MISC, &misc, 0, misc_wire, sizeof(misc_wire), sizeof(misc), 0);
    ok(misc_out && misc_out->e == 5 && misc_out->h == misc.h, "s_misc came back wrong\n");
    free_object(T_S_MISC, misc_out, 0, 0);
    memset(&simple, 0, sizeof(simple));
    simple.a = 0x04030201;
    simple.b = -2;
    simple.c = 'x';
    simple_out = round_trip(T_S_SIMPLE, &simple, 0, simple_wire, sizeof(simple_wire), sizeof(simple), 0);
    ok(simple_out && !memcmp(simple_out, &simple, sizeof(simple)), "s_simple came back wrong\n");
    free_object(T_S_SIMPLE, simple_out, 0, 0);
    ok(portable_alloc_live() == live, "%ld blocks leaked\n", portable_alloc_live() - live);
}

/* C706 14.3.11: a unique pointer embedded in a structure travels as a referent id, its pointee after
 * the structure. */
static void test_pointers(void)
{
    static const uint8_t ptr_wire[] = { 1, 0, 0, 0, 0x00, 0x00, 0x02, 0x00, 42, 0, 0, 0 };
    static const uint8_t null_wire[] = { 1, 0, 0, 0, 0, 0, 0, 0 };
    static const uint8_t bogus_wire[] =
    {
        7, 0, 0, 0, 0x00, 0x00, 0x02, 0x00, 0x04, 0x00, 0x02, 0x00, 0, 0, 0, 0,    /* s, ids of p and str, pad */
        0, 0, 0, 0, 0, 0, 0xf8, 0x3f,                                               /* d = 1.5 */
        9, 0, 0, 0,                                                                  /* *p */
        3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 'a', 'b', 0,                            /* str */
    };
    int32_t value = 42, nine = 9;
    struct s_ptr sp = { 1, &value }, *out;
    struct s_bogus sb = { 7, &nine, (char *)"ab", 1.5 }, *bout;
    long live = portable_alloc_live();

    out = round_trip(T_S_PTR, &sp, 0, ptr_wire, sizeof(ptr_wire), sizeof(sp) + 4, 0);
    ok(out && out->a == 1 && out->p && *out->p == 42, "s_ptr came back wrong\n");
    free_object(T_S_PTR, out, 0, 0);
    sp.p = NULL;
    out = round_trip(T_S_PTR, &sp, 0, null_wire, sizeof(null_wire), sizeof(sp), 0);
    ok(out && !out->p, "NULL came back as %p\n", out ? (void *)out->p : NULL);
    free_object(T_S_PTR, out, 0, 0);

    bout = round_trip(T_S_BOGUS, &sb, 0, bogus_wire, sizeof(bogus_wire), sizeof(sb) + 4 + 3, 0);
    ok(bout && bout->s == 7 && bout->p && *bout->p == 9 && bout->str && !strcmp(bout->str, "ab") && bout->d == 1.5,
       "s_bogus came back wrong\n");
    free_object(T_S_BOGUS, bout, 0, 0);
    ok(portable_alloc_live() == live, "%ld blocks leaked\n", portable_alloc_live() - live);
}

static void test_list(void)
{
    struct node nodes[50], *out, *n;
    long live = portable_alloc_live();
    int i, count = 0;

    for (i = 0; i < 50; i++)
    {
        nodes[i].v = i;
        nodes[i].next = i < 49 ? &nodes[i + 1] : NULL;
    }
    out = round_trip(T_NODE, &nodes[0], 0, NULL, 0, 50 * sizeof(struct node), 0);
    for (n = out; n; n = n->next, count++) ok(n->v == count, "node %d holds %d\n", count, n->v);
    ok(count == 50, "%d nodes\n", count);
    free_object(T_NODE, out, 0, 0);
    ok(portable_alloc_live() == live, "%ld blocks leaked\n", portable_alloc_live() - live);
}

static void test_full_pointers(void)
{
    /* a cycle of two nodes, and a node pointing at itself: each pointee travels once */
    struct node a, b, *top = &a, *out = NULL;
    uint8_t buf[256];
    enum ndr_type_status status;
    size_t size;
    long live = portable_alloc_live();

    a.v = 1; a.next = &b;
    b.v = 2; b.next = &a;
    size = marshall(T_FNODE_FP, &top, 0, buf, sizeof(buf), &status);
    ok(!status && size == 24, "marshall %s, %zu octets\n", S(status), size);
    status = unmarshall(T_FNODE_FP, buf, size, little, 0, (void **)&out, NULL);
    ok(!status && out && out->v == 1 && out->next && out->next->v == 2 && out->next->next == out,
       "unmarshall %s: the cycle did not come back\n", S(status));
    if (out) free_object(T_FNODE_FP, out, 0, 1);
    ok(portable_alloc_live() == live, "%ld blocks leaked\n", portable_alloc_live() - live);
}

static void test_arrays(void)
{
    static const uint8_t conf_wire[] = { 3, 0, 0, 0, 3, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0, 7, 0, 0, 0 };
    static const uint8_t cv_wire[] = { 3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 2, 0, 3, 0 };
    int32_t conf[4] = { 3, 5, 6, 7 }, farray[10], *iout;
    int16_t cv[3] = { 1, 2, 3 }, *sout;
    struct s_bogus elems[2] = { { 1, NULL, (char *)"x", 0.5 }, { 2, NULL, NULL, 2.5 } }, *bout;
    int32_t two = 2;
    long live = portable_alloc_live();
    int i;

    iout = round_trip(T_S_CONF, conf, 0, conf_wire, sizeof(conf_wire), sizeof(conf), 0);
    ok(iout && !memcmp(iout, conf, sizeof(conf)), "s_conf came back wrong\n");
    free_object(T_S_CONF, iout, 0, 0);

    sout = round_trip(T_CVARRAY, cv, 3, cv_wire, sizeof(cv_wire), sizeof(cv), 0);
    ok(sout && !memcmp(sout, cv, sizeof(cv)), "cvarray came back wrong\n");
    free_object(T_CVARRAY, sout, 3, 0);

    for (i = 0; i < 10; i++) farray[i] = i * i;
    iout = round_trip(T_FARRAY, farray, 0, NULL, 0, sizeof(farray), 0);
    ok(iout && !memcmp(iout, farray, sizeof(farray)), "fixed array came back wrong\n");
    free_object(T_FARRAY, iout, 0, 0);

    elems[1].p = &two;
    bout = round_trip(T_BOGUS_ARR, elems, 2, NULL, 0, sizeof(elems) + 2 + 4, 0);
    ok(bout && bout[0].s == 1 && !strcmp(bout[0].str, "x") && bout[1].p && *bout[1].p == 2 && bout[1].d == 2.5,
       "bogus array came back wrong\n");
    free_object(T_BOGUS_ARR, bout, 2, 0);
    ok(portable_alloc_live() == live, "%ld blocks leaked\n", portable_alloc_live() - live);
}

static void test_strings(void)
{
    static const uint8_t str_wire[] = { 0, 0, 2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 'h', 'i', 0 };
    static const uint8_t fixed_wire[] = { 0, 0, 0, 0, 4, 0, 0, 0, 'a', 'b', 'c', 0 };
    static const uint16_t wide[] = { 'w', 0x263a, 0 };
    char fixed[8] = "abc", *sout, *fout;
    const char *hi = "hi";
    uint16_t *wout;
    long live = portable_alloc_live();

    sout = round_trip(T_STRING_UP, &hi, 0, str_wire, sizeof(str_wire), sizeof(void *) + 3, 1);
    ok(sout && !strcmp(sout, "hi"), "got %s\n", test_dbgstr_a(sout));
    free_object(T_STRING_UP, sout, 0, 1);
    fout = round_trip(T_FSTRING, fixed, 0, fixed_wire, sizeof(fixed_wire), 8, 0);
    ok(fout && !strcmp(fout, "abc"), "got %s\n", test_dbgstr_a(fout));
    free_object(T_FSTRING, fout, 0, 0);
    {
        const uint16_t *w = wide;
        wout = round_trip(T_WSTRING_UP, &w, 0, NULL, 0, sizeof(void *) + 6, 1);
        ok(wout && !memcmp(wout, wide, sizeof(wide)), "wide string came back wrong\n");
        free_object(T_WSTRING_UP, wout, 0, 1);
    }
    ok(portable_alloc_live() == live, "%ld blocks leaked\n", portable_alloc_live() - live);
}

static void test_unions(void)
{
    static const uint8_t long_wire[] = { 1, 0, 0, 0, 1, 0, 0, 0, 0x44, 0x33, 0x22, 0x11 };
    static const uint8_t ptr_wire[] = { 3, 0, 0, 0, 3, 0, 0, 0, 0, 0, 2, 0, 5, 0, 0, 0 };
    static const uint8_t enc_wire[] = { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x04, 0x40 };
    struct s_union su = { 1, { 0x11223344 } }, *out;
    struct u_enc ue, *eout;
    int32_t five = 5;
    long live = portable_alloc_live();

    out = round_trip(T_S_UNION, &su, 0, long_wire, sizeof(long_wire), sizeof(su), 0);
    ok(out && out->d == 1 && out->u.l == 0x11223344, "union came back wrong\n");
    free_object(T_S_UNION, out, 0, 0);
    su.d = 3;
    su.u.p = &five;
    out = round_trip(T_S_UNION, &su, 0, ptr_wire, sizeof(ptr_wire), sizeof(su) + 4, 0);
    ok(out && out->d == 3 && out->u.p && *out->u.p == 5, "pointer arm came back wrong\n");
    free_object(T_S_UNION, out, 0, 0);
    su.d = 9;   /* the empty default arm */
    out = round_trip(T_S_UNION, &su, 0, NULL, 0, sizeof(su), 0);
    ok(out && out->d == 9, "default arm came back wrong\n");
    free_object(T_S_UNION, out, 0, 0);

    memset(&ue, 0, sizeof(ue));
    ue.d = 2;
    ue.u.x = 2.5;
    eout = round_trip(T_U_ENC, &ue, 0, enc_wire, sizeof(enc_wire), sizeof(ue), 0);
    ok(eout && eout->d == 2 && eout->u.x == 2.5, "encapsulated union came back wrong\n");
    free_object(T_U_ENC, eout, 0, 0);
    ok(portable_alloc_live() == live, "%ld blocks leaked\n", portable_alloc_live() - live);
}

static void test_pstruct(void)
{
    int32_t value = 77;
    struct s_pstruct ps = { 1, 0, &value }, *out;
    long live = portable_alloc_live();
    uint8_t buf[64];
    enum ndr_type_status status;
    size_t size;

    /* the image carries the referent id where the layout says (octet 8), the pointee after it */
    size = marshall(T_PSTRUCT, &ps, 0, buf, sizeof(buf), &status);
    ok(!status && size == 20 && !memcmp(buf + 8, "\0\0\2\0", 4) && !memcmp(buf + 16, "\x4d\0\0\0", 4),
       "marshall %s, %zu octets\n", S(status), size);
    out = NULL;
    status = unmarshall(T_PSTRUCT, buf, size, little, 0, (void **)&out, NULL);
    ok(!status && out && out->a == 1 && out->p && *out->p == 77, "unmarshall %s\n", S(status));
    free_object(T_PSTRUCT, out, 0, 0);
    ok(portable_alloc_live() == live, "%ld blocks leaked\n", portable_alloc_live() - live);
}

/* Data in big-endian representation, written by hand. */
static void test_big_endian(void)
{
    static const uint8_t misc_be[] = { 0x00, 0x05, 0, 0, 0, 0, 0, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
    static const uint8_t conf_be[] = { 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xfe };
    static const uint8_t simple_be[] = { 0x01, 0x02, 0x03, 0x04, 0xff, 0xfe, 'x', 0 };
    struct s_misc *misc = NULL;
    struct s_simple *simple = NULL;
    int32_t *conf = NULL;
    enum ndr_type_status status;

    status = unmarshall(T_S_MISC, misc_be, sizeof(misc_be), big, 0, (void **)&misc, NULL);
    ok(!status && misc->e == 5 && misc->h == 0x1122334455667788ll, "s_misc: %s\n", S(status));
    free_object(T_S_MISC, misc, 0, 0);
    status = unmarshall(T_S_CONF, conf_be, sizeof(conf_be), big, 0, (void **)&conf, NULL);
    ok(!status && conf[0] == 2 && conf[1] == 256 && conf[2] == -2, "s_conf: %s\n", S(status));
    free_object(T_S_CONF, conf, 0, 0);
    status = unmarshall(T_S_SIMPLE, simple_be, sizeof(simple_be), big, 0, (void **)&simple, NULL);
    ok(!status && simple->a == 0x01020304 && simple->b == -2 && simple->c == 'x', "s_simple: %s a %#x b %d\n",
       S(status), simple ? (unsigned)simple->a : 0, simple ? simple->b : 0);
    free_object(T_S_SIMPLE, simple, 0, 0);
}

/* Unmarshalling must fail with status, allocate nothing that stays, and leave *out NULL. */
static void check_bad(size_t type, const uint8_t *buf, size_t size, uint32_t count, enum ndr_type_status expect,
                      const char *what)
{
    enum ndr_type_status status;
    void *out = NULL;
    long live = portable_alloc_live();

    status = unmarshall(type, buf, size, little, count, &out, NULL);
    ok(status == expect, "%s: got %s, expected %s\n", what, S(status), S(expect));
    ok(!out, "%s: left %p\n", what, out);
    ok(portable_alloc_live() == live, "%s: %ld blocks leaked\n", what, portable_alloc_live() - live);
}

static void test_hostile(void)
{
    /* s_conf claiming 0x40000000 elements with 4 octets left; and n contradicting the conformance */
    static const uint8_t huge[] = { 0, 0, 0, 0x40, 1, 0, 0, 0, 5, 0, 0, 0 };
    static const uint8_t liar[] = { 1, 0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0 };
    static const uint8_t over_limit[] = { 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0 };
    /* cvarray: offset 2 + actual 2 > maximum 3 */
    static const uint8_t variance[] = { 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 2, 0 };
    /* a string without its terminator; one with a length beyond the buffer */
    static const uint8_t unterminated[] = { 0, 0, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 'h', 'i' };
    static const uint8_t long_string[] = { 0, 0, 2, 0, 0xff, 0, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0, 'h', 0 };
    /* enum16 out of range; a discriminant no arm takes; one contradicting its field */
    static const uint8_t bad_enum[] = { 0x00, 0x80, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 };
    static const uint8_t bad_tag[] = { 7, 0, 0, 0, 0, 0, 0, 0 };
    static const uint8_t tag_liar[] = { 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 2, 0, 5, 0, 0, 0 };
    static const uint8_t range[] = { 101, 0, 0, 0 };
    /* a list node pointing to a node whose data is missing */
    static const uint8_t list[] = { 1, 0, 0, 0, 0, 0, 2, 0, 2, 0, 0, 0, 4, 0, 2, 0 };
    struct s_bogus sb = { 7, NULL, (char *)"abc", 1.5 };
    int32_t nine = 9;
    uint8_t buf[256];
    enum ndr_type_status status;
    size_t size, i;
    char what[64];

    check_bad(T_S_CONF, huge, sizeof(huge), 0, NDR_TYPE_E_BAD_STUB_DATA, "huge conformance");
    check_bad(T_S_CONF, liar, sizeof(liar), 0, NDR_TYPE_E_INVALID_BOUND, "conformance contradicting n");
    check_bad(T_CARRAY, over_limit, sizeof(over_limit), 0, NDR_TYPE_E_INVALID_BOUND, "conformance over 2^31-1");
    check_bad(T_CVARRAY, variance, sizeof(variance), 0, NDR_TYPE_E_INVALID_BOUND, "offset + count > max");
    check_bad(T_STRING_UP, unterminated, sizeof(unterminated), 0, NDR_TYPE_E_BAD_STUB_DATA, "unterminated string");
    check_bad(T_STRING_UP, long_string, sizeof(long_string), 0, NDR_TYPE_E_BAD_STUB_DATA, "string past the end");
    check_bad(T_S_MISC, bad_enum, sizeof(bad_enum), 0, NDR_TYPE_E_ENUM_RANGE, "enum16 32768");
    check_bad(T_U_ENC, bad_tag, sizeof(bad_tag), 0, NDR_TYPE_E_INVALID_TAG, "discriminant 7");
    check_bad(T_S_UNION, tag_liar, sizeof(tag_liar), 0, NDR_TYPE_E_INVALID_BOUND, "discriminant contradicting d");
    check_bad(T_RANGE, range, sizeof(range), 0, NDR_TYPE_E_INVALID_BOUND, "range 101");
    check_bad(T_NODE, list, sizeof(list), 0, NDR_TYPE_E_BAD_STUB_DATA, "list cut short");

    /* every truncation of a nested structure fails cleanly */
    sb.p = &nine;
    size = marshall(T_S_BOGUS, &sb, 0, buf, sizeof(buf), &status);
    for (i = 0; i < size; i++)
    {
        sprintf(what, "s_bogus cut to %zu octets", i);
        check_bad(T_S_BOGUS, buf, i, 0, NDR_TYPE_E_BAD_STUB_DATA, what);
    }
}

/* Deeper than NDR_TYPE_MAX_DEPTH: a list of that many nodes fails cleanly. */
static void test_depth(void)
{
    size_t n = NDR_TYPE_MAX_DEPTH, i, size = n * 8;
    uint8_t *buf = malloc(size);

    for (i = 0; i < n; i++)
    {
        uint32_t id = i + 1 < n ? 0x20000 + 4 * (uint32_t)i : 0;
        memcpy(buf + 8 * i, "\1\0\0\0", 4);
        memcpy(buf + 8 * i + 4, &id, 4);
    }
    check_bad(T_NODE, buf, size, 0, NDR_TYPE_E_TOO_DEEP, "a list deeper than the limit");
    free(buf);
}

/* Every allocation of an unmarshall failing in turn: a clean NDR_TYPE_E_OUT_OF_MEMORY, nothing leaked. */
static void test_alloc_failures(void)
{
    struct node nodes[4];
    struct s_bogus elems[2] = { { 1, NULL, (char *)"x", 0.5 }, { 2, NULL, (char *)"yz", 2.5 } };
    int32_t two = 2;
    uint8_t buf[512], buf2[512];
    enum ndr_type_status status;
    size_t size, size2;
    long i, calls, failures = 0, leaks = 0;
    void *out;

    for (i = 0; i < 4; i++)
    {
        nodes[i].v = (int32_t)i;
        nodes[i].next = i < 3 ? &nodes[i + 1] : NULL;
    }
    elems[0].p = &two;
    size = marshall(T_NODE, nodes, 0, buf, sizeof(buf), &status);
    size2 = marshall(T_BOGUS_ARR, elems, 2, buf2, sizeof(buf2), &status);
    for (i = 0;; i++)
    {
        long live = portable_alloc_live();
        out = NULL;
        calls = portable_alloc_calls();
        portable_alloc_fail_at(i);
        status = unmarshall(i % 2 ? T_BOGUS_ARR : T_NODE, i % 2 ? buf2 : buf, i % 2 ? size2 : size,
                            little, 2, &out, NULL);
        portable_alloc_fail_at(-1);
        if (!status)
        {
            free_object(i % 2 ? T_BOGUS_ARR : T_NODE, out, 2, 0);
            if (portable_alloc_calls() - calls <= i && i > 40) break;
            continue;
        }
        if (status != NDR_TYPE_E_OUT_OF_MEMORY || out) failures++;
        if (portable_alloc_live() != live) leaks++;
    }
    ok(!failures, "%ld failed allocations answered wrongly\n", failures);
    ok(!leaks, "%ld failed allocations leaked\n", leaks);
}

START_TEST(ndr_type)
{
    test_base_types();
    test_pointers();
    test_list();
    test_full_pointers();
    test_arrays();
    test_strings();
    test_unions();
    test_pstruct();
    test_big_endian();
    test_hostile();
    test_depth();
    test_alloc_failures();
}
