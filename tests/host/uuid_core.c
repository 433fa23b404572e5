/* uuid_core.c (host test): the portable UUID core, byte-exact vectors and strict parsing, under sanitizers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "uuid_core.h"
#include "test.h"

_Static_assert(sizeof(struct uuid_fields) == UUID_BYTES, "struct uuid_fields has the size of a GUID");

/* A vector: the text form, its fields, and the 16 bytes of a GUID holding it. */
struct vector
{
    const char *text;
    struct uuid_fields fields;
    uint8_t bytes[UUID_BYTES];
    uint16_t hash;
};

static const struct vector vectors[] =
{
    { "00112233-4455-6677-8899-aabbccddeeff",
      { 0x00112233, 0x4455, 0x6677, { 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff } },
      { 0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff },
      0x22dd },
    /* NDR 2.0 transfer syntax, a version 1 UUID */
    { "8a885d04-1ceb-11c9-9fe8-08002b104860",
      { 0x8a885d04, 0x1ceb, 0x11c9, { 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60 } },
      { 0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60 },
      0x86ad },
    /* IID_IUnknown */
    { "00000000-0000-0000-c000-000000000046",
      { 0, 0, 0, { 0xc0, 0, 0, 0, 0, 0, 0, 0x46 } },
      { 0, 0, 0, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46 },
      0x45b3 },
    { "ffffffff-ffff-ffff-ffff-ffffffffffff",
      { 0xffffffff, 0xffff, 0xffff, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
      { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
      0x0000 },
    { "00000000-0000-0000-0000-000000000000",
      { 0, 0, 0, { 0 } },
      { 0 },
      0x0000 },
};

static int fields_equal(const struct uuid_fields *a, const struct uuid_fields *b)
{
    return a->data1 == b->data1 && a->data2 == b->data2 && a->data3 == b->data3
           && !memcmp(a->data4, b->data4, sizeof(a->data4));
}

/* Parses a NUL-terminated string as a caller with its length would. */
static enum uuid_status parse_str(const char *text, struct uuid_fields *uuid)
{
    return uuid_parse(text, strlen(text), uuid);
}

static void test_vectors(void)
{
    size_t i;

    for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++)
    {
        const struct vector *v = &vectors[i];
        struct uuid_fields fields;
        uint8_t bytes[UUID_BYTES];
        char text[UUID_STRING_LEN + 2];

        memset(text, 0xcc, sizeof(text));
        uuid_format(&v->fields, text);
        ok(!strcmp(text, v->text), "%zu: formatted %.37s\n", i, text);
        ok(text[UUID_STRING_LEN] == 0, "%zu: no terminator after 36 chars\n", i);
        ok((unsigned char)text[UUID_STRING_LEN + 1] == 0xcc, "%zu: wrote past the terminator\n", i);

        memset(&fields, 0xcc, sizeof(fields));
        ok(parse_str(v->text, &fields) == UUID_OK, "%zu: %s did not parse\n", i, v->text);
        ok(fields_equal(&fields, &v->fields), "%zu: parsed %08x-%04x-%04x\n", i,
           (unsigned)fields.data1, fields.data2, fields.data3);

        memset(bytes, 0xcc, sizeof(bytes));
        uuid_to_bytes(&v->fields, bytes);
        ok(!memcmp(bytes, v->bytes, UUID_BYTES), "%zu: bytes %02x %02x %02x %02x\n", i,
           bytes[0], bytes[1], bytes[2], bytes[3]);
        memset(&fields, 0xcc, sizeof(fields));
        uuid_from_bytes(v->bytes, &fields);
        ok(fields_equal(&fields, &v->fields), "%zu: from bytes %08x\n", i, (unsigned)fields.data1);

        ok(uuid_hash(&v->fields) == v->hash, "%zu: hash %#x, expected %#x\n", i, uuid_hash(&v->fields), v->hash);
        ok(uuid_compare(&v->fields, &v->fields) == 0, "%zu: not equal to itself\n", i);
    }
}

static void test_parse_case(void)
{
    struct uuid_fields fields;
    enum uuid_status status;

    status = parse_str("00112233-4455-6677-8899-AABBCCDDEEFF", &fields);
    ok(status == UUID_OK, "upper case: %d\n", status);
    ok(fields_equal(&fields, &vectors[0].fields), "upper case gave %08x\n", (unsigned)fields.data1);
    status = parse_str("00112233-4455-6677-8899-aAbBcCdDeEfF", &fields);
    ok(status == UUID_OK, "mixed case: %d\n", status);
    ok(fields_equal(&fields, &vectors[0].fields), "mixed case gave %08x\n", (unsigned)fields.data1);
    status = parse_str("8A885D04-1CEB-11C9-9FE8-08002B104860", &fields);
    ok(status == UUID_OK && fields_equal(&fields, &vectors[1].fields), "upper NDR: %d\n", status);
}

static void test_parse_rejects(void)
{
    static const char *const bad[] =
    {
        "",
        "0",
        "00112233-4455-6677-8899-aabbccddeef",      /* 35 */
        "00112233-4455-6677-8899-aabbccddeeff0",    /* 37 */
        "00112233-4455-6677-8899-aabbccddeeff ",
        " 00112233-4455-6677-8899-aabbccddeeff",
        "{00112233-4455-6677-8899-aabbccddeeff}",
        "{00112233-4455-6677-8899-aabbccddeef}",    /* braces, 36 chars in all */
        "00112233445566778899aabbccddeeff",         /* no dashes */
        "0011223-34455-6677-8899-aabbccddeeff",     /* dash one early */
        "001122334-455-6677-8899-aabbccddeeff",     /* dash one late */
        "00112233-4455-6677-88990aabbccddeeff",     /* dash replaced */
        "00112233-4455-6677-8899-aabbccddeeff\n",
        "0x112233-4455-6677-8899-aabbccddeeff",
        "00112233-4455-6677-8899-aabbccddeefg",
        "00112233-+455-6677-8899-aabbccddeeff",
        "00112233-4455-6677-8899-aabbccddee-f",
        "00112233_4455_6677_8899_aabbccddeeff",
        "00112233-4455-6677-8899-aabb ccddeeff",
        "------------------------------------",
        "00112233-4455-6677-8899-aabbccddeeff00112233-4455-6677-8899-aabbccddeeff",
    };
    struct uuid_fields fields, before;
    size_t i;

    memset(&before, 0xcc, sizeof(before));
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    {
        enum uuid_status status;

        fields = before;
        status = parse_str(bad[i], &fields);
        ok(status == UUID_E_SYNTAX, "\"%s\": %d\n", bad[i], status);
        ok(!memcmp(&fields, &before, sizeof(fields)), "\"%s\": output written on failure\n", bad[i]);
    }
}

/* Every single-character damage of a valid string is rejected, and no other change is needed to be. */
static void test_parse_each_position(void)
{
    static const char damage[] = { 'g', 'G', '-', ' ', '{', 'x', 0, (char)0x80, (char)0xff, '0' };
    const char *good = vectors[0].text;
    char text[UUID_STRING_LEN];
    struct uuid_fields fields;
    int failures = 0;
    size_t i, d;

    for (i = 0; i < UUID_STRING_LEN; i++)
    {
        int is_dash = good[i] == '-';

        for (d = 0; d < sizeof(damage); d++)
        {
            enum uuid_status expect;

            memcpy(text, good, UUID_STRING_LEN);
            text[i] = damage[d];
            if (text[i] == good[i]) continue;
            /* a hex digit for a hex digit stays valid; anything else is invalid */
            expect = (!is_dash && damage[d] == '0') ? UUID_OK : UUID_E_SYNTAX;
            if (uuid_parse(text, UUID_STRING_LEN, &fields) != expect)
            {
                failures++;
                ok(0, "position %zu, char %#x: expected %d\n", i, (unsigned char)damage[d], expect);
            }
        }
    }
    ok(!failures, "%d damaged strings misjudged\n", failures);
}

/* The parser reads exactly len bytes: a buffer with no terminator (ASan checks the bound). */
static void test_parse_bounds(void)
{
    char *exact = malloc(UUID_STRING_LEN);
    struct uuid_fields fields;
    enum uuid_status status;

    if (!exact)
    {
        skip("out of memory\n");
        return;
    }
    memcpy(exact, vectors[1].text, UUID_STRING_LEN);
    status = uuid_parse(exact, UUID_STRING_LEN, &fields);
    ok(status == UUID_OK && fields_equal(&fields, &vectors[1].fields), "unterminated: %d\n", status);
    status = uuid_parse(exact, 10, &fields);
    ok(status == UUID_E_SYNTAX, "short length: %d\n", status);
    status = uuid_parse(exact, 0, &fields);
    ok(status == UUID_E_SYNTAX, "zero length: %d\n", status);
    /* an embedded NUL within the 36 chars */
    exact[20] = 0;
    status = uuid_parse(exact, UUID_STRING_LEN, &fields);
    ok(status == UUID_E_SYNTAX, "embedded NUL: %d\n", status);
    free(exact);
}

static void test_nil(void)
{
    struct uuid_fields fields;
    size_t i;

    memset(&fields, 0xcc, sizeof(fields));
    uuid_set_nil(&fields);
    ok(uuid_is_nil(&fields), "set_nil did not give nil\n");
    ok(fields.data1 == 0 && fields.data2 == 0 && fields.data3 == 0, "fields %x %x %x\n",
       (unsigned)fields.data1, fields.data2, fields.data3);
    ok(uuid_hash(&fields) == 0, "hash of nil %#x\n", uuid_hash(&fields));
    for (i = 0; i < UUID_BYTES; i++)
    {
        uint8_t bytes[UUID_BYTES] = { 0 };
        struct uuid_fields one;

        bytes[i] = 1;
        uuid_from_bytes(bytes, &one);
        ok(!uuid_is_nil(&one), "byte %zu set, still nil\n", i);
    }
}

static struct uuid_fields make(uint32_t d1, uint16_t d2, uint16_t d3, uint8_t d4_0, uint8_t d4_7)
{
    struct uuid_fields f = { d1, d2, d3, { d4_0, 0, 0, 0, 0, 0, 0, d4_7 } };
    return f;
}

static void test_compare(void)
{
    static const struct
    {
        struct uuid_fields a, b;
        int expect;
    }
    cases[] =
    {
        { { 0x80000000, 0, 0, { 0 } }, { 0x00000001, 0, 0, { 0 } }, 1 },    /* data1 unsigned */
        { { 0x00000001, 0, 0, { 0 } }, { 0x80000000, 0, 0, { 0 } }, -1 },
        { { 0, 0x8000, 0, { 0 } }, { 0, 0x0001, 0, { 0 } }, 1 },            /* data2 unsigned */
        { { 0, 0, 0x8000, { 0 } }, { 0, 0, 0x0001, { 0 } }, 1 },            /* data3 unsigned */
        { { 0, 0, 0, { 0x80 } }, { 0, 0, 0, { 0x01 } }, 1 },                /* data4 bytes unsigned */
        { { 0, 0, 0, { 0, 0, 0, 0, 0, 0, 0, 0x80 } }, { 0, 0, 0, { 0, 0, 0, 0, 0, 0, 0, 0x7f } }, 1 },
        /* data1 decides before data2 even though data2's bytes come first in neither */
        { { 1, 0xffff, 0xffff, { 0xff } }, { 2, 0, 0, { 0 } }, -1 },
        /* fields compare as numbers, not as little-endian memory: 0x0100 > 0x00ff */
        { { 0x00000100, 0, 0, { 0 } }, { 0x000000ff, 0, 0, { 0 } }, 1 },
        { { 0, 0x0100, 0, { 0 } }, { 0, 0x00ff, 0, { 0 } }, 1 },
        { { 5, 6, 7, { 8 } }, { 5, 6, 7, { 8 } }, 0 },
    };
    struct uuid_fields nil, x;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        int r = uuid_compare(&cases[i].a, &cases[i].b), back = uuid_compare(&cases[i].b, &cases[i].a);
        ok(r == cases[i].expect, "case %zu: got %d, expected %d\n", i, r, cases[i].expect);
        ok(back == -cases[i].expect, "case %zu reversed: got %d\n", i, back);
    }
    uuid_set_nil(&nil);
    x = make(0, 0, 0, 0, 1);
    ok(uuid_compare(&nil, &x) == -1, "nil vs smallest non-nil: %d\n", uuid_compare(&nil, &x));
    x = make(0xffffffff, 0, 0, 0, 0);
    ok(uuid_compare(&x, &nil) == 1, "large vs nil: %d\n", uuid_compare(&x, &nil));
}

static void test_v4(void)
{
    uint8_t random[UUID_BYTES];
    struct uuid_fields fields;
    char text[UUID_STRING_LEN + 1];

    memset(random, 0, sizeof(random));
    uuid_make_v4(random, &fields);
    uuid_format(&fields, text);
    ok(!strcmp(text, "00000000-0000-4000-8000-000000000000"), "zeros gave %s\n", text);

    memset(random, 0xff, sizeof(random));
    uuid_make_v4(random, &fields);
    uuid_format(&fields, text);
    ok(!strcmp(text, "ffffffff-ffff-4fff-bfff-ffffffffffff"), "ones gave %s\n", text);

    /* the random bytes land in GUID memory order */
    memcpy(random, vectors[0].bytes, sizeof(random));
    uuid_make_v4(random, &fields);
    uuid_format(&fields, text);
    ok(!strcmp(text, "00112233-4455-4677-8899-aabbccddeeff"), "vector gave %s\n", text);
}

static void test_v1(void)
{
    static const uint8_t ndr_node[6] = { 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60 };
    static const uint8_t rfc_node[6] = { 0x9f, 0x6b, 0xde, 0xce, 0xd8, 0x46 };
    struct uuid_fields fields;
    char text[UUID_STRING_LEN + 1];

    uuid_make_v1(0x1c91ceb8a885d04ull, 0x1fe8, ndr_node, &fields);
    uuid_format(&fields, text);
    ok(!strcmp(text, vectors[1].text), "NDR vector gave %s\n", text);
    ok(uuid_v1_time(&fields) == 0x1c91ceb8a885d04ull, "time %#llx\n", (unsigned long long)uuid_v1_time(&fields));
    ok(uuid_v1_clock_seq(&fields) == 0x1fe8, "clock seq %#x\n", uuid_v1_clock_seq(&fields));

    /* RFC 9562's version 1 example: 2022-02-22 19:22:22 UTC, as a FILETIME */
    ok(uuid_time_from_filetime(132900313420000000ull) == 0x1ec9414c232ab00ull, "filetime gave %#llx\n",
       (unsigned long long)uuid_time_from_filetime(132900313420000000ull));
    uuid_make_v1(uuid_time_from_filetime(132900313420000000ull), 0x33c8, rfc_node, &fields);
    uuid_format(&fields, text);
    ok(!strcmp(text, "c232ab00-9414-11ec-b3c8-9f6bdeced846"), "RFC vector gave %s\n", text);

    ok(uuid_time_from_filetime(0) == 0x146bf33e42c000ull, "1601 gave %#llx\n",
       (unsigned long long)uuid_time_from_filetime(0));
    /* the Unix epoch */
    ok(uuid_time_from_filetime(116444736000000000ull) == 0x01b21dd213814000ull, "1970 gave %#llx\n",
       (unsigned long long)uuid_time_from_filetime(116444736000000000ull));

    /* out-of-range inputs are masked: version and variant stay put */
    uuid_make_v1(~0ull, 0xffff, rfc_node, &fields);
    uuid_format(&fields, text);
    ok(!strcmp(text, "ffffffff-ffff-1fff-bfff-9f6bdeced846"), "all ones gave %s\n", text);
    ok(uuid_v1_clock_seq(&fields) == 0x3fff, "clock seq %#x\n", uuid_v1_clock_seq(&fields));
}

static void test_v1_state(void)
{
    static const uint8_t node[6] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab };
    struct uuid_v1_state state;
    struct uuid_fields a, b, c, d;

    uuid_v1_init(&state, 0xc123, node);
    ok(state.clock_seq == 0x0123, "clock seq not masked to 14 bits: %#x\n", state.clock_seq);

    uuid_v1_next(&state, 1000, &a);
    ok(uuid_v1_time(&a) == 1000, "first time %llu\n", (unsigned long long)uuid_v1_time(&a));
    uuid_v1_next(&state, 1000, &b);   /* the same tick */
    ok(uuid_v1_time(&b) == 1001, "same tick gave %llu\n", (unsigned long long)uuid_v1_time(&b));
    uuid_v1_next(&state, 500, &c);    /* the clock went back */
    ok(uuid_v1_time(&c) == 1002, "clock back gave %llu\n", (unsigned long long)uuid_v1_time(&c));
    uuid_v1_next(&state, 5000, &d);
    ok(uuid_v1_time(&d) == 5000, "later gave %llu\n", (unsigned long long)uuid_v1_time(&d));
    ok(uuid_compare(&a, &b) && uuid_compare(&b, &c) && uuid_compare(&c, &d), "values repeat\n");
    ok(uuid_v1_clock_seq(&d) == 0x0123, "clock seq %#x\n", uuid_v1_clock_seq(&d));
    ok(!memcmp(d.data4 + 2, node, 6), "node changed\n");
    ok((d.data3 >> 12) == 1, "version %u\n", d.data3 >> 12);
    ok((d.data4[0] & 0xc0) == 0x80, "variant %#x\n", d.data4[0]);
}

/* A linear congruential step, computed wide so that even -fsanitize=integer sees no wrap. */
static uint32_t next_random(uint32_t seed)
{
    return (uint32_t)(((uint64_t)seed * 1103515245u + 12345u) & 0xffffffffu);
}

/* A small deterministic fuzz: random strings over a biased alphabet; whatever parses must format back
 * to the same text in lower case and parse to the same value. */
static void test_parse_fuzz(void)
{
    static const char alphabet[] = "0123456789abcdefABCDEF-g{} \0";
    uint32_t seed = 12345;
    int i, parsed = 0, mismatches = 0;

    for (i = 0; i < 20000; i++)
    {
        char text[40], lower[40], again[UUID_STRING_LEN + 1];
        struct uuid_fields fields, round;
        size_t len, j;

        seed = next_random(seed);
        len = 34 + (seed >> 16) % 5;
        for (j = 0; j < len; j++)
        {
            seed = next_random(seed);
            /* mostly a valid shape, so that the parse often succeeds */
            if (j == 8 || j == 13 || j == 18 || j == 23) text[j] = (seed >> 16) % 16 ? '-' : 'a';
            else text[j] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1 - ((seed >> 20) % 4 ? 7 : 0))];
        }
        if (uuid_parse(text, len, &fields) != UUID_OK) continue;
        parsed++;
        for (j = 0; j < len; j++)
            lower[j] = (text[j] >= 'A' && text[j] <= 'F') ? (char)(text[j] - 'A' + 'a') : text[j];
        uuid_format(&fields, again);
        if (len != UUID_STRING_LEN || memcmp(again, lower, UUID_STRING_LEN)) mismatches++;
        if (uuid_parse(again, UUID_STRING_LEN, &round) != UUID_OK || !fields_equal(&round, &fields)) mismatches++;
    }
    ok(parsed > 100, "only %d strings parsed\n", parsed);
    ok(!mismatches, "%d round trips differ\n", mismatches);
}

START_TEST(uuid_core)
{
    test_vectors();
    test_parse_case();
    test_parse_rejects();
    test_parse_each_position();
    test_parse_bounds();
    test_nil();
    test_compare();
    test_v4();
    test_v1();
    test_v1_state();
    test_parse_fuzz();
}
