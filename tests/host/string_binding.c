/* string_binding.c (host test): the portable string binding core, byte-exact, buffer edges, seeded fuzzing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "string_binding.h"
#include "test.h"

/* Copies text into a heap block of exactly its size, so the sanitizer sees any read past its NUL. */
static char *exact_copy(const char *text)
{
    size_t size = strlen(text) + 1;
    char *copy = malloc(size);
    memcpy(copy, text, size);
    return copy;
}

/* Composes into a heap block of exactly the announced size; NULL on failure, status in *status. */
static char *compose(const struct string_binding_parts *parts, enum string_binding_status *status)
{
    size_t length = 0;
    char *out;

    if ((*status = string_binding_compose_length(parts, &length)) != STRING_BINDING_OK) return NULL;
    out = malloc(length + 1);
    if ((*status = string_binding_compose(parts, out, length + 1)) != STRING_BINDING_OK)
    {
        free(out);
        return NULL;
    }
    if (strlen(out) != length) ok(0, "length %zu announced, %zu written\n", length, strlen(out));
    return out;
}

/* Parses with an exactly sized scratch block; the block is returned in *scratch for the caller to free. */
static enum string_binding_status parse(const char *text, struct string_binding_parts *parts, char **scratch)
{
    char *copy = exact_copy(text);
    size_t size = string_binding_parse_size(copy);
    enum string_binding_status status;

    if (size != strlen(text) + 1) ok(0, "parse size %zu for length %zu\n", size, strlen(text));
    *scratch = malloc(size);
    status = string_binding_parse(copy, *scratch, size, parts);
    free(copy);   /* the parts point into the scratch block only */
    return status;
}

static int same(const char *a, const char *b)
{
    if (!a) a = "";
    if (!b) b = "";
    return !strcmp(a, b);
}

struct compose_vector
{
    struct string_binding_parts parts;
    enum string_binding_status status;
    const char *text;
};

static const struct compose_vector compose_vectors[] =
{
    { { NULL, "ncacn_ip_tcp", "127.0.0.1", "135", NULL }, STRING_BINDING_OK, "ncacn_ip_tcp:127.0.0.1[135]" },
    { { "00112233-4455-6677-8899-AABBCCDDEEFF", "ncalrpc", NULL, "ep", "a=1" }, STRING_BINDING_OK,
      "00112233-4455-6677-8899-AABBCCDDEEFF@ncalrpc:[ep,a=1]" },
    { { "", "ncalrpc", "", "", "" }, STRING_BINDING_OK, "ncalrpc:" },
    { { NULL, NULL, NULL, NULL, NULL }, STRING_BINDING_OK, ":" },
    { { NULL, "ncalrpc", NULL, NULL, "o" }, STRING_BINDING_OK, "ncalrpc:[,o]" },
    { { NULL, "ncacn_np", "\\\\srv", "\\pipe\\p", NULL }, STRING_BINDING_OK, "ncacn_np:\\\\\\\\srv[\\\\pipe\\\\p]" },
    { { NULL, "@:[],=\\", "@:[],=\\", "@:[],=\\", "@:[],=\\" }, STRING_BINDING_OK,
      "\\@\\:\\[\\]\\,\\=\\\\:\\@\\:\\[\\]\\,\\=\\\\[\\@\\:\\[\\]\\,\\=\\\\,@:[\\],=\\\\]" },
    { { NULL, "p", "\xc3\xa9\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xff\x01" }, STRING_BINDING_OK,
      "p:\xc3\xa9\xe4\xb8\xad[\xf0\x9f\x98\x80,\xff\x01]" },
    { { "00112233-4455-6677-8899-aabbccddeef", "p", NULL, NULL, NULL }, STRING_BINDING_E_UUID, NULL },
    { { "{00112233-4455-6677-8899-aabbccddeeff}", "p", NULL, NULL, NULL }, STRING_BINDING_E_UUID, NULL },
    { { "00112233-4455-6677-8899-aabbccddeefg", "p", NULL, NULL, NULL }, STRING_BINDING_E_UUID, NULL },
    { { "00112233_4455-6677-8899-aabbccddeeff", "p", NULL, NULL, NULL }, STRING_BINDING_E_UUID, NULL },
};

static void test_compose_vectors(void)
{
    unsigned int i;

    for (i = 0; i < sizeof(compose_vectors) / sizeof(compose_vectors[0]); i++)
    {
        const struct compose_vector *v = &compose_vectors[i];
        enum string_binding_status status;
        char *out = compose(&v->parts, &status);

        ok(status == v->status, "%u: status %d\n", i, status);
        if (v->text) ok(out && !strcmp(out, v->text), "%u: got \"%s\"\n", i, out ? out : "(null)");
        free(out);
    }
}

static void test_compose_buffer(void)
{
    struct string_binding_parts parts = { NULL, "ncalrpc", NULL, "ep", NULL };
    enum string_binding_status status;
    char buf[32];
    size_t length = 0;

    status = string_binding_compose_length(&parts, &length);
    ok(status == STRING_BINDING_OK && length == 12, "status %d length %zu\n", status, length);

    /* One byte short of the NUL: refused, nothing written. */
    memset(buf, 'x', sizeof(buf));
    status = string_binding_compose(&parts, buf, length);
    ok(status == STRING_BINDING_E_BUFFER, "status %d\n", status);
    ok(buf[0] == 'x', "written %c\n", buf[0]);
    status = string_binding_compose(&parts, NULL, 100);
    ok(status == STRING_BINDING_E_BUFFER, "status %d\n", status);
    status = string_binding_compose(&parts, buf, length + 1);
    ok(status == STRING_BINDING_OK && !strcmp(buf, "ncalrpc:[ep]"), "status %d \"%s\"\n", status, buf);
    ok(buf[length + 1] == 'x', "written past the NUL: %c\n", buf[length + 1]);

    /* A bad UUID is reported before any size question, and nothing is written. */
    parts.uuid = "nope";
    memset(buf, 'x', sizeof(buf));
    status = string_binding_compose(&parts, buf, sizeof(buf));
    ok(status == STRING_BINDING_E_UUID, "status %d\n", status);
    ok(buf[0] == 'x', "written %c\n", buf[0]);
    length = 77;
    status = string_binding_compose_length(&parts, &length);
    ok(status == STRING_BINDING_E_UUID && length == 77, "status %d length %zu\n", status, length);
}

struct parse_vector
{
    const char *text;
    enum string_binding_status status;
    struct string_binding_parts parts;
};

static const struct parse_vector parse_vectors[] =
{
    { "ncacn_ip_tcp:127.0.0.1[135]", STRING_BINDING_OK, { "", "ncacn_ip_tcp", "127.0.0.1", "135", "" } },
    { "00112233-4455-6677-8899-aabbccddeeff@ncalrpc:[ep,a=1,b=2]", STRING_BINDING_OK,
      { "00112233-4455-6677-8899-aabbccddeeff", "ncalrpc", "", "ep", "a=1,b=2" } },
    { "ncalrpc:", STRING_BINDING_OK, { "", "ncalrpc", "", "", "" } },
    { ":", STRING_BINDING_OK, { "", "", "", "", "" } },
    { ":[]", STRING_BINDING_OK, { "", "", "", "", "" } },
    { ":[,]", STRING_BINDING_OK, { "", "", "", "", "" } },
    { ":[,,]", STRING_BINDING_OK, { "", "", "", "", "," } },
    { "p:a[e]junk]", STRING_BINDING_OK, { "", "p", "a", "e", "" } },
    { "p:[endpoint=e]", STRING_BINDING_OK, { "", "p", "", "e", "" } },
    { "p:[EndPoint=e,o]", STRING_BINDING_OK, { "", "p", "", "e", "o" } },
    { "p:[endpoint]", STRING_BINDING_OK, { "", "p", "", "endpoint", "" } },
    { "p:[endpoint=endpoint=e]", STRING_BINDING_OK, { "", "p", "", "endpoint=e", "" } },
    { "p:[x,endpoint=e]", STRING_BINDING_OK, { "", "p", "", "x", "endpoint=e" } },
    { "p:[endpoint\\=e]", STRING_BINDING_OK, { "", "p", "", "endpoint=e", "" } },
    { "\\@\\:\\[\\]\\,\\=\\\\:\\@\\:\\[\\]\\,\\=\\\\[\\@\\:\\[\\]\\,\\=\\\\,@:[\\],=\\\\]", STRING_BINDING_OK,
      { "", "@:[],=\\", "@:[],=\\", "@:[],=\\", "@:[],=\\" } },
    { "p:\\a\\\\b\\", STRING_BINDING_OK, { "", "p", "\\a\\b\\", "", "" } },
    { "p:\\", STRING_BINDING_OK, { "", "p", "\\", "", "" } },
    { "p\\q:", STRING_BINDING_OK, { "", "p\\q", "", "", "" } },
    { "p:a:b@c", STRING_BINDING_OK, { "", "p", "a:b@c", "", "" } },
    { "p:[a[b]", STRING_BINDING_OK, { "", "p", "", "a[b", "" } },
    { "p:[a,b[c,d]", STRING_BINDING_OK, { "", "p", "", "a", "b[c,d" } },
    { "p:\xc3\xa9[\xe4\xb8\xad,\xff]", STRING_BINDING_OK, { "", "p", "\xc3\xa9", "\xe4\xb8\xad", "\xff" } },
    { "", STRING_BINDING_E_SYNTAX, { NULL, NULL, NULL, NULL, NULL } },
    { "p", STRING_BINDING_E_SYNTAX, { NULL, NULL, NULL, NULL, NULL } },
    { "p\\:", STRING_BINDING_E_SYNTAX, { NULL, NULL, NULL, NULL, NULL } },
    { "p[:]", STRING_BINDING_OK, { "", "p[", "]", "", "" } },
    { "p:[", STRING_BINDING_E_SYNTAX, { NULL, NULL, NULL, NULL, NULL } },
    { "p:[e", STRING_BINDING_E_SYNTAX, { NULL, NULL, NULL, NULL, NULL } },
    { "p:[e,", STRING_BINDING_E_SYNTAX, { NULL, NULL, NULL, NULL, NULL } },
    { "p:[e,o", STRING_BINDING_E_SYNTAX, { NULL, NULL, NULL, NULL, NULL } },
    { "p:[e\\]", STRING_BINDING_E_SYNTAX, { NULL, NULL, NULL, NULL, NULL } },
    { "p:[e,o\\]", STRING_BINDING_E_SYNTAX, { NULL, NULL, NULL, NULL, NULL } },
    { "00112233-4455-6677-8899-aabbccddeeff@", STRING_BINDING_E_SYNTAX, { NULL, NULL, NULL, NULL, NULL } },
    { "x@p", STRING_BINDING_E_SYNTAX, { NULL, NULL, NULL, NULL, NULL } },
    { "x@p:", STRING_BINDING_E_UUID, { NULL, NULL, NULL, NULL, NULL } },
    { "@p:", STRING_BINDING_E_UUID, { NULL, NULL, NULL, NULL, NULL } },
    { "x@y@p:", STRING_BINDING_E_UUID, { NULL, NULL, NULL, NULL, NULL } },
    { "00112233-4455-6677-8899-aabbccddeeff0@p:", STRING_BINDING_E_UUID, { NULL, NULL, NULL, NULL, NULL } },
    { " 00112233-4455-6677-8899-aabbccddeeff@p:", STRING_BINDING_E_UUID, { NULL, NULL, NULL, NULL, NULL } },
    { "0011223344556677-8899-aabbccddeeff-@p:", STRING_BINDING_E_UUID, { NULL, NULL, NULL, NULL, NULL } },
};

static void test_parse_vectors(void)
{
    static const struct string_binding_parts untouched = { "u", "u", "u", "u", "u" };
    unsigned int i;

    for (i = 0; i < sizeof(parse_vectors) / sizeof(parse_vectors[0]); i++)
    {
        const struct parse_vector *v = &parse_vectors[i];
        struct string_binding_parts parts = untouched;
        enum string_binding_status status;
        char *scratch;

        status = parse(v->text, &parts, &scratch);
        ok(status == v->status, "%u \"%s\": status %d\n", i, v->text, status);
        if (v->status == STRING_BINDING_OK && status == STRING_BINDING_OK)
        {
            ok(same(parts.uuid, v->parts.uuid), "%u: uuid \"%s\"\n", i, parts.uuid);
            ok(same(parts.protseq, v->parts.protseq), "%u: protseq \"%s\"\n", i, parts.protseq);
            ok(same(parts.network_addr, v->parts.network_addr), "%u: addr \"%s\"\n", i, parts.network_addr);
            ok(same(parts.endpoint, v->parts.endpoint), "%u: endpoint \"%s\"\n", i, parts.endpoint);
            ok(same(parts.options, v->parts.options), "%u: options \"%s\"\n", i, parts.options);
            ok(parts.uuid && parts.protseq && parts.network_addr && parts.endpoint && parts.options,
               "%u: a NULL field\n", i);
        }
        else ok(!memcmp(&parts, &untouched, sizeof(parts)), "%u: parts written on failure\n", i);
        free(scratch);
    }
}

static void test_parse_buffer(void)
{
    static const char text[] = "00112233-4455-6677-8899-aabbccddeeff@p:a[e,o]";
    struct string_binding_parts parts;
    char buf[sizeof(text)];
    enum string_binding_status status;

    status = string_binding_parse(text, buf, sizeof(text) - 1, &parts);
    ok(status == STRING_BINDING_E_BUFFER, "status %d\n", status);
    status = string_binding_parse(text, buf, sizeof(text), &parts);
    ok(status == STRING_BINDING_OK, "status %d\n", status);
    ok(!strcmp(parts.options, "o"), "options \"%s\"\n", parts.options);
    /* The worst case fills the buffer exactly: every delimiter becomes a field's NUL. */
    status = string_binding_parse("00112233-4455-6677-8899-aabbccddeeff@:[,]", buf, 42, &parts);
    ok(status == STRING_BINDING_OK, "status %d\n", status);
}

/* A small deterministic generator, so failures reproduce. */
static uint32_t rng_state = 0x12345678;
static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* Random text from an alphabet rich in special characters. */
static void random_text(char *buf, size_t max)
{
    static const char alphabet[] = "@:[],=\\\\\\ab09-_ \xc3\xa9\xff";
    size_t len = rng() % max, i;

    for (i = 0; i < len; i++) buf[i] = alphabet[rng() % (sizeof(alphabet) - 1)];
    buf[len] = 0;
}

/* For random parts: parse(compose(parts)) == parts. */
static void test_fuzz_compose_parse(void)
{
    char fields[5][24];
    unsigned int round, mismatches = 0, failures = 0;

    for (round = 0; round < 20000; round++)
    {
        struct string_binding_parts parts, back;
        enum string_binding_status status;
        char *text, *scratch;
        unsigned int f;

        for (f = 0; f < 5; f++) random_text(fields[f], sizeof(fields[f]));
        parts.uuid = (rng() % 4) ? NULL : "00112233-4455-6677-8899-aabbccddeeff";
        parts.protseq = fields[1];
        parts.network_addr = (rng() % 5) ? fields[2] : NULL;
        parts.endpoint = fields[3];
        parts.options = fields[4];
        if (!(text = compose(&parts, &status)))
        {
            failures++;
            continue;
        }
        status = parse(text, &back, &scratch);
        if (status != STRING_BINDING_OK) failures++;
        else if (!same(back.uuid, parts.uuid) || !same(back.protseq, parts.protseq)
                 || !same(back.network_addr, parts.network_addr) || !same(back.endpoint, parts.endpoint)
                 || !same(back.options, parts.options))
        {
            if (!mismatches++) trace("mismatch: \"%s\"\n", text);
        }
        free(scratch);
        free(text);
    }
    ok(!failures, "%u failures\n", failures);
    ok(!mismatches, "%u mismatches\n", mismatches);
}

/* For random text: parsing never overruns, and a parse that succeeds is stable through compose:
 * parse(compose(parse(text))) == parse(text). */
static void test_fuzz_parse(void)
{
    char text[48];
    unsigned int round, parsed = 0, unstable = 0;

    for (round = 0; round < 50000; round++)
    {
        struct string_binding_parts parts, again;
        enum string_binding_status status;
        char *scratch, *scratch2, *composed;

        random_text(text, sizeof(text));
        if (rng() % 3 == 0) memcpy(text, "p:", text[0] && text[1] ? 2 : 0);
        status = parse(text, &parts, &scratch);
        if (status != STRING_BINDING_OK && status != STRING_BINDING_E_SYNTAX && status != STRING_BINDING_E_UUID)
            ok(0, "status %d for \"%s\"\n", status, text);
        if (status == STRING_BINDING_OK)
        {
            parsed++;
            composed = compose(&parts, &status);
            if (!composed) ok(0, "compose failed %d for \"%s\"\n", status, text);
            if (composed)
            {
                status = parse(composed, &again, &scratch2);
                if (status != STRING_BINDING_OK || !same(again.uuid, parts.uuid)
                    || !same(again.protseq, parts.protseq) || !same(again.network_addr, parts.network_addr)
                    || !same(again.endpoint, parts.endpoint) || !same(again.options, parts.options))
                {
                    if (!unstable++) trace("unstable: \"%s\" -> \"%s\"\n", text, composed);
                }
                free(scratch2);
                free(composed);
            }
        }
        free(scratch);
    }
    ok(parsed > 1000, "only %u parsed\n", parsed);
    ok(!unstable, "%u unstable\n", unstable);
}

/* 64 KiB inputs: linear work, exact output. */
static void test_long(void)
{
    size_t big = 64 * 1024, i;
    char *field = malloc(big + 1), *text, *scratch;
    struct string_binding_parts parts = { NULL, "p", NULL, NULL, NULL }, back;
    enum string_binding_status status;

    for (i = 0; i < big; i++) field[i] = "@:[],=\\x"[i % 8];
    field[big] = 0;
    parts.network_addr = parts.endpoint = parts.options = field;
    text = compose(&parts, &status);
    ok(status == STRING_BINDING_OK && text, "status %d\n", status);
    if (!text) return;
    /* 7 of 8 characters are escaped in the address and endpoint, 2 of 8 in the options. */
    ok(strlen(text) == 2 + big / 8 * 15 * 2 + 1 + big / 8 * 10 + 2, "length %zu\n", strlen(text));
    status = parse(text, &back, &scratch);
    ok(status == STRING_BINDING_OK, "status %d\n", status);
    ok(status == STRING_BINDING_OK && !strcmp(back.network_addr, field) && !strcmp(back.endpoint, field)
       && !strcmp(back.options, field), "long fields differ\n");
    free(scratch);
    free(text);
    free(field);
}

START_TEST(string_binding)
{
    test_compose_vectors();
    test_compose_buffer();
    test_parse_vectors();
    test_parse_buffer();
    test_fuzz_compose_parse();
    test_fuzz_parse();
    test_long();
}
