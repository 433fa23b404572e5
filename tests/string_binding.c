/* string_binding.c: conformance tests of RpcStringBindingCompose/Parse A and W: syntax, escapes, errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <rpc.h>
#include "test.h"

static int streq_a(const unsigned char *a, const char *b)
{
    return a && (void *)a != GARBAGE && !strcmp((const char *)a, b);
}

static int streq_w(const unsigned short *a, const WCHAR *b)
{
    return a && (void *)a != GARBAGE && !wcscmp((const WCHAR *)a, b);
}

static void free_a(RPC_CSTR *str)
{
    if (*str && (void *)*str != GARBAGE) RpcStringFreeA(str);
    *str = NULL;
}

static void free_w(RPC_WSTR *str)
{
    if (*str && (void *)*str != GARBAGE) RpcStringFreeW(str);
    *str = NULL;
}

/* On a syntax error Wine's builtin frees the strings it had already handed out but leaves the out
 * parameters pointing at them (its RpcStringFree does not clear the pointer): freeing them again
 * would corrupt its heap, so they are forgotten instead. */
static int builtin_left_dangling(RPC_STATUS status)
{
    return test_target == TARGET_WINE_BUILTIN && status == RPC_S_INVALID_STRING_BINDING;
}

/* Which checks of a case Wine's builtin answers differently: its known differences (todo_builtin). */
#define WB_STATUS   0x01   /* the status */
#define WB_OUT      0x02   /* compose: the string composed; parse: the out parameters NULL on failure */
#define WB_UUID     0x04   /* parse: each field given back */
#define WB_PROTSEQ  0x08
#define WB_ADDR     0x10
#define WB_ENDPOINT 0x20
#define WB_OPTIONS  0x40
#define WB_FIELDS   (WB_UUID | WB_PROTSEQ | WB_ADDR | WB_ENDPOINT | WB_OPTIONS)
#define WB_FAULTS   0x80   /* the builtin reads past the end of the string: not run against it */

/* ---- compose ---- */

struct compose_case
{
    const char *uuid, *protseq, *addr, *endpoint, *options;
    RPC_STATUS status;
    const char *expect;
    unsigned int builtin;   /* WB_*: where Wine's builtin differs */
};

static const struct compose_case compose_cases[] =
{
    { NULL, "ncacn_ip_tcp", "127.0.0.1", "135", NULL, RPC_S_OK, "ncacn_ip_tcp:127.0.0.1[135]", 0 },
    { NULL, "ncalrpc", NULL, "my_endpoint", NULL, RPC_S_OK, "ncalrpc:[my_endpoint]", 0 },
    { NULL, "ncalrpc", "", "", "", RPC_S_OK, "ncalrpc:", 0 },
    { NULL, "ncacn_ip_tcp", "host", NULL, NULL, RPC_S_OK, "ncacn_ip_tcp:host", 0 },
    { "6b29fc40-ca47-1067-b31d-00dd010662da", "ncacn_ip_tcp", "127.0.0.1", "135", NULL, RPC_S_OK,
      "6b29fc40-ca47-1067-b31d-00dd010662da@ncacn_ip_tcp:127.0.0.1[135]", 0 },
    /* The UUID is copied as given, not normalised. */
    { "6B29FC40-CA47-1067-B31D-00DD010662DA", "ncalrpc", NULL, NULL, NULL, RPC_S_OK,
      "6B29FC40-CA47-1067-B31D-00DD010662DA@ncalrpc:", 0 },
    { "", "ncalrpc", NULL, "ep", NULL, RPC_S_OK, "ncalrpc:[ep]", 0 },
    { NULL, "ncalrpc", NULL, "ep", "Security=Impersonation Dynamic False", RPC_S_OK,
      "ncalrpc:[ep,Security=Impersonation Dynamic False]", 0 },
    /* Options without an endpoint keep an empty endpoint before the comma. The builtin writes none. */
    { NULL, "ncalrpc", NULL, NULL, "opt=1", RPC_S_OK, "ncalrpc:[,opt=1]", WB_OUT },
    /* Docs: NULL or "" for each field without data. Our choice, not documented: the ':' is always
     * written, so every composed binding parses back to the same fields. The builtin writes "". */
    { NULL, NULL, NULL, NULL, NULL, RPC_S_OK, ":", WB_OUT },
    { "", "", "", "", "", RPC_S_OK, ":", WB_OUT },
    /* Escapes (docs silent; what we chose): every special character @ : [ ] , = \ is escaped with a
     * backslash in the protocol sequence, network address and endpoint; in the options only the
     * backslash and ']' (',' and '=' are the options' own syntax). So a named pipe binding comes out
     * with doubled backslashes, as Microsoft's endpoint listings show them. The builtin escapes only
     * @ : [ ] \, and does so in the options too. */
    { NULL, "ncacn_np", "\\\\server", "\\pipe\\foo", NULL, RPC_S_OK,
      "ncacn_np:\\\\\\\\server[\\\\pipe\\\\foo]", 0 },
    { NULL, "ncacn_http", "svr@corp.example", "593", NULL, RPC_S_OK, "ncacn_http:svr\\@corp.example[593]", 0 },
    { NULL, "ncacn_ip_tcp", "fe80::1", "135", NULL, RPC_S_OK, "ncacn_ip_tcp:fe80\\:\\:1[135]", 0 },
    { NULL, "ncalrpc", "a[b]c", "x]y,z=w@v:u[t", NULL, RPC_S_OK,
      "ncalrpc:a\\[b\\]c[x\\]y\\,z\\=w\\@v\\:u\\[t]", WB_OUT },
    { NULL, "ncalrpc", NULL, "ep", "a=1,b=[2]\\,c@d:e", RPC_S_OK, "ncalrpc:[ep,a=1,b=[2\\]\\\\,c@d:e]", WB_OUT },
    { NULL, "p@r:o[t]o,c=o\\l", NULL, NULL, NULL, RPC_S_OK, "p\\@r\\:o\\[t\\]o\\,c\\=o\\\\l:", WB_OUT },
    /* An endpoint that reads like the "endpoint=" keyword is escaped so it is not taken for one (not by
     * the builtin). */
    { NULL, "ncalrpc", NULL, "endpoint=x", NULL, RPC_S_OK, "ncalrpc:[endpoint\\=x]", WB_OUT },
    /* Bad object UUIDs. The builtin does not check the UUID: it composes the string. */
    { "6b29fc40-ca47-1067-b31d-00dd010662d", "ncalrpc", NULL, NULL, NULL, RPC_S_INVALID_STRING_UUID, NULL,
      WB_STATUS | WB_OUT },
    { "{6b29fc40-ca47-1067-b31d-00dd010662da}", "ncalrpc", NULL, NULL, NULL, RPC_S_INVALID_STRING_UUID, NULL,
      WB_STATUS | WB_OUT },
    { "6b29fc40-ca47-1067-b31d-00dd010662da ", "ncalrpc", NULL, NULL, NULL, RPC_S_INVALID_STRING_UUID, NULL,
      WB_STATUS | WB_OUT },
    { "6b29fc40ca47-1067-b31d-00dd010662da-", "ncalrpc", NULL, NULL, NULL, RPC_S_INVALID_STRING_UUID, NULL,
      WB_STATUS | WB_OUT },
    { "not a uuid", "ncalrpc", NULL, NULL, NULL, RPC_S_INVALID_STRING_UUID, NULL, WB_STATUS | WB_OUT },
    /* Compose does not judge the protocol sequence. */
    { NULL, "bogus", "addr", "ep", NULL, RPC_S_OK, "bogus:addr[ep]", 0 },
};

static WCHAR *wide(const char *str)
{
    size_t len, i;
    WCHAR *w;

    if (!str) return NULL;
    len = strlen(str);
    w = malloc((len + 1) * sizeof(WCHAR));
    for (i = 0; i <= len; i++) w[i] = (unsigned char)str[i];
    return w;
}

static void test_compose(void)
{
    unsigned int i;

    for (i = 0; i < ARRAYSIZE(compose_cases); i++)
    {
        const struct compose_case *c = &compose_cases[i];
        WCHAR *uw = wide(c->uuid), *pw = wide(c->protseq), *aw = wide(c->addr), *ew = wide(c->endpoint),
              *ow = wide(c->options), *xw = wide(c->expect);
        RPC_CSTR out = GARBAGE;
        RPC_WSTR outw = GARBAGE;
        RPC_STATUS status;

        status = RpcStringBindingComposeA((RPC_CSTR)c->uuid, (RPC_CSTR)c->protseq, (RPC_CSTR)c->addr,
                                          (RPC_CSTR)c->endpoint, (RPC_CSTR)c->options, &out);
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_STATUS))
            ok(status == c->status, "%u: got %ld\n", i, status);
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_OUT))
        {
            if (c->expect) ok(streq_a(out, c->expect), "%u: got %s\n", i, test_dbgstr_a((char *)out));
            /* Our choice on failure (docs silent): the out parameter is set to NULL. */
            else ok(!out, "%u: got %p\n", i, out);
        }
        free_a(&out);

        status = RpcStringBindingComposeW(uw, pw, aw, ew, ow, &outw);
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_STATUS))
            ok(status == c->status, "%u: W got %ld\n", i, status);
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_OUT))
        {
            if (xw) ok(streq_w(outw, xw), "%u: W got %s\n", i, test_dbgstr_w(outw));
            else ok(!outw, "%u: W got %p\n", i, outw);
        }
        free_w(&outw);

        /* Docs: a NULL StringBinding composes nothing, the status is still reported. The builtin
         * writes through the NULL pointer. */
        if (test_target != TARGET_WINE_BUILTIN)
        {
            status = RpcStringBindingComposeA((RPC_CSTR)c->uuid, (RPC_CSTR)c->protseq, (RPC_CSTR)c->addr,
                                              (RPC_CSTR)c->endpoint, (RPC_CSTR)c->options, NULL);
            ok(status == c->status, "%u: NULL out got %ld\n", i, status);
            status = RpcStringBindingComposeW(uw, pw, aw, ew, ow, NULL);
            ok(status == c->status, "%u: W NULL out got %ld\n", i, status);
        }
        else skip("RpcStringBindingComposeA/W(%u, NULL StringBinding): Wine's builtin faults\n", i);

        free(uw); free(pw); free(aw); free(ew); free(ow); free(xw);
    }
}

/* ---- parse ---- */

struct parse_case
{
    const char *binding;
    RPC_STATUS status;
    const char *uuid, *protseq, *addr, *endpoint, *options;
    unsigned int builtin;   /* WB_*: where Wine's builtin differs */
};

/* Wine's builtin (WB_* per case) gives back NULL, not "", for an object UUID, endpoint or options that
 * the string leaves out; the other differences are noted at their cases. */
static const struct parse_case parse_cases[] =
{
    { "ncacn_ip_tcp:127.0.0.1[135]", RPC_S_OK, "", "ncacn_ip_tcp", "127.0.0.1", "135", "", WB_UUID | WB_OPTIONS },
    { "6b29fc40-ca47-1067-b31d-00dd010662da@ncacn_ip_tcp:127.0.0.1[135]", RPC_S_OK,
      "6b29fc40-ca47-1067-b31d-00dd010662da", "ncacn_ip_tcp", "127.0.0.1", "135", "", WB_OPTIONS },
    { "6B29FC40-CA47-1067-B31D-00DD010662DA@ncalrpc:", RPC_S_OK,
      "6B29FC40-CA47-1067-B31D-00DD010662DA", "ncalrpc", "", "", "", WB_ENDPOINT | WB_OPTIONS },
    /* Docs: an empty field comes back as "". */
    { "ncalrpc:", RPC_S_OK, "", "ncalrpc", "", "", "", WB_UUID | WB_ENDPOINT | WB_OPTIONS },
    { "ncalrpc:[]", RPC_S_OK, "", "ncalrpc", "", "", "", WB_UUID | WB_ENDPOINT | WB_OPTIONS },
    { "ncalrpc:[,]", RPC_S_OK, "", "ncalrpc", "", "", "", WB_UUID | WB_OPTIONS },
    { "ncalrpc:host", RPC_S_OK, "", "ncalrpc", "host", "", "", WB_UUID | WB_ENDPOINT | WB_OPTIONS },
    /* Everything after the first ',' up to the ']' is one options string. (The builtin drops the
     * backslashes of \pipe\x.) */
    { "ncalrpc:[ep,a=1,b=2]", RPC_S_OK, "", "ncalrpc", "", "ep", "a=1,b=2", WB_UUID },
    { "ncalrpc:[,a=1]", RPC_S_OK, "", "ncalrpc", "", "", "a=1", WB_UUID },
    { "ncacn_np:srv[\\pipe\\x,Security=Impersonation Dynamic False]", RPC_S_OK,
      "", "ncacn_np", "srv", "\\pipe\\x", "Security=Impersonation Dynamic False", WB_UUID | WB_ENDPOINT },
    /* Docs: the endpoint may be preceded by the keyword endpoint=. The builtin drops the backslashes of
     * \pipe\test, matches the keyword case-sensitively (ENDPOINT= is an option to it), and unescapes
     * endpoint\=x before it looks for the keyword. */
    { "ncacn_np:.[endpoint=\\pipe\\test]", RPC_S_OK, "", "ncacn_np", ".", "\\pipe\\test", "",
      WB_UUID | WB_ENDPOINT | WB_OPTIONS },
    { "ncacn_np:.[ENDPOINT=\\pipe\\test,opt=1]", RPC_S_OK, "", "ncacn_np", ".", "\\pipe\\test", "opt=1",
      WB_UUID | WB_ENDPOINT | WB_OPTIONS },
    { "ncalrpc:[endpoint=]", RPC_S_OK, "", "ncalrpc", "", "", "", WB_UUID | WB_OPTIONS },
    { "ncalrpc:[endpoint\\=x]", RPC_S_OK, "", "ncalrpc", "", "endpoint=x", "",
      WB_UUID | WB_ENDPOINT | WB_OPTIONS },
    /* Escapes (docs silent; our rules): a backslash before @ : [ ] , = \ makes that character literal;
     * before anything else it is an ordinary character, so hand-written pipe names keep theirs. The
     * builtin drops a backslash before any character, takes an endpoint holding an escaped '=' for
     * an option, takes an unescaped '@' anywhere for the end of a UUID (RPC_S_INVALID_STRING_UUID),
     * and after a trailing backslash reads past the end of the string. */
    { "ncacn_np:\\\\\\\\server[\\\\pipe\\\\foo]", RPC_S_OK, "", "ncacn_np", "\\\\server", "\\pipe\\foo", "",
      WB_UUID | WB_OPTIONS },
    { "ncacn_np:\\\\server[\\pipe\\foo]", RPC_S_OK, "", "ncacn_np", "\\server", "\\pipe\\foo", "",
      WB_UUID | WB_ENDPOINT | WB_OPTIONS },
    { "ncacn_http:svr\\@corp.example[593]", RPC_S_OK, "", "ncacn_http", "svr@corp.example", "593", "",
      WB_UUID | WB_OPTIONS },
    { "ncalrpc:a\\[b\\]c[x\\]y\\,z\\=w\\@v\\:u\\[t]", RPC_S_OK, "", "ncalrpc", "a[b]c", "x]y,z=w@v:u[t", "",
      WB_UUID | WB_ENDPOINT | WB_OPTIONS },
    { "ncalrpc:[ep,a=1,b=[2\\]\\\\,c@d:e]", RPC_S_OK, "", "ncalrpc", "", "ep", "a=1,b=[2]\\,c@d:e",
      WB_STATUS | WB_FIELDS },
    { "p\\@r\\:o\\[t\\]o\\,c\\=o\\\\l:", RPC_S_OK, "", "p@r:o[t]o,c=o\\l", "", "", "",
      WB_UUID | WB_ENDPOINT | WB_OPTIONS },
    { "ncalrpc:a\\b\\", RPC_S_OK, "", "ncalrpc", "a\\b\\", "", "", WB_FAULTS },
    /* Unescaped ':' and '@' after the protocol sequence are ordinary (not '@' to the builtin). */
    { "ncacn_ip_tcp:fe80::1[135]", RPC_S_OK, "", "ncacn_ip_tcp", "fe80::1", "135", "", WB_UUID | WB_OPTIONS },
    { "ncacn_http:svr@corp.example[593]", RPC_S_OK, "", "ncacn_http", "svr@corp.example", "593", "",
      WB_STATUS | WB_FIELDS },
    { "ncalrpc:[a[b]", RPC_S_OK, "", "ncalrpc", "", "a[b", "", WB_UUID | WB_OPTIONS },
    /* Text after the closing bracket is ignored, as native is observed to do. The builtin rejects it. */
    { "ncalrpc:[ep]trailing", RPC_S_OK, "", "ncalrpc", "", "ep", "", WB_STATUS | WB_FIELDS },
    /* Our choice where the docs are silent: an empty protocol sequence is syntactically fine
     * (RpcBindingFromStringBinding rejects it). */
    { ":", RPC_S_OK, "", "", "", "", "", WB_UUID | WB_ENDPOINT | WB_OPTIONS },
    { ":[ep]", RPC_S_OK, "", "", "", "ep", "", WB_UUID | WB_OPTIONS },
    /* Malformed. The builtin takes a string without ':' for a bare network address, accepts "uuid@",
     * and on the errors it does see frees the strings it had given out but leaves the pointers. */
    { "", RPC_S_INVALID_STRING_BINDING, NULL, NULL, NULL, NULL, NULL, WB_STATUS | WB_OUT },
    { "ncalrpc", RPC_S_INVALID_STRING_BINDING, NULL, NULL, NULL, NULL, NULL, WB_STATUS | WB_OUT },
    { "ncalrpc[ep]", RPC_S_INVALID_STRING_BINDING, NULL, NULL, NULL, NULL, NULL, WB_STATUS | WB_OUT },
    { "ncalrpc\\:host", RPC_S_INVALID_STRING_BINDING, NULL, NULL, NULL, NULL, NULL, WB_STATUS | WB_OUT },
    { "ncalrpc:[ep", RPC_S_INVALID_STRING_BINDING, NULL, NULL, NULL, NULL, NULL, WB_OUT },
    { "ncalrpc:[ep,opt", RPC_S_INVALID_STRING_BINDING, NULL, NULL, NULL, NULL, NULL, WB_OUT },
    { "ncalrpc:[ep\\]", RPC_S_INVALID_STRING_BINDING, NULL, NULL, NULL, NULL, NULL, WB_OUT },
    { "ncalrpc:[ep,a\\]", RPC_S_INVALID_STRING_BINDING, NULL, NULL, NULL, NULL, NULL, WB_OUT },
    { "ncalrpc:host]ep[", RPC_S_INVALID_STRING_BINDING, NULL, NULL, NULL, NULL, NULL, WB_OUT },
    { "ncalrpc:[", RPC_S_INVALID_STRING_BINDING, NULL, NULL, NULL, NULL, NULL, WB_OUT },
    { "6b29fc40-ca47-1067-b31d-00dd010662da@", RPC_S_INVALID_STRING_BINDING, NULL, NULL, NULL, NULL, NULL,
      WB_STATUS | WB_OUT },
    /* A syntax error wins over a bad UUID (our order; the builtin checks the UUID first). */
    { "bad@ncalrpc", RPC_S_INVALID_STRING_BINDING, NULL, NULL, NULL, NULL, NULL, WB_STATUS },
    /* Bad object UUIDs. */
    { "bad@ncalrpc:", RPC_S_INVALID_STRING_UUID, NULL, NULL, NULL, NULL, NULL, 0 },
    { "{6b29fc40-ca47-1067-b31d-00dd010662da}@ncalrpc:", RPC_S_INVALID_STRING_UUID, NULL, NULL, NULL, NULL, NULL,
      0 },
    { "6b29fc40-ca47-1067-b31d-00dd010662d@ncalrpc:", RPC_S_INVALID_STRING_UUID, NULL, NULL, NULL, NULL, NULL, 0 },
    { "6b29fc40-ca47-1067-b31d-00dd010662daa@ncalrpc:", RPC_S_INVALID_STRING_UUID, NULL, NULL, NULL, NULL, NULL,
      0 },
    { "6b29fc40-ca47-1067-b31d-00dd010662dg@ncalrpc:", RPC_S_INVALID_STRING_UUID, NULL, NULL, NULL, NULL, NULL,
      0 },
    { "a@b@ncalrpc:", RPC_S_INVALID_STRING_UUID, NULL, NULL, NULL, NULL, NULL, 0 },
    /* An '@' with nothing before it: an empty string is no UUID (compose never writes this). */
    { "@ncalrpc:", RPC_S_INVALID_STRING_UUID, NULL, NULL, NULL, NULL, NULL, 0 },
};

static void check_parse_a(unsigned int i, const struct parse_case *c)
{
    RPC_CSTR uuid = GARBAGE, protseq = GARBAGE, addr = GARBAGE, endpoint = GARBAGE, options = GARBAGE;
    RPC_STATUS status;

    status = RpcStringBindingParseA((RPC_CSTR)c->binding, &uuid, &protseq, &addr, &endpoint, &options);
    todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_STATUS))
        ok(status == c->status, "%u %s: got %ld\n", i, test_dbgstr_a(c->binding), status);
    if (c->status == RPC_S_OK)
    {
        if (builtin_left_dangling(status)) uuid = protseq = addr = endpoint = options = NULL;
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_UUID))
            ok(streq_a(uuid, c->uuid), "%u: uuid %s\n", i, test_dbgstr_a((char *)uuid));
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_PROTSEQ))
            ok(streq_a(protseq, c->protseq), "%u: protseq %s\n", i, test_dbgstr_a((char *)protseq));
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_ADDR))
            ok(streq_a(addr, c->addr), "%u: addr %s\n", i, test_dbgstr_a((char *)addr));
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_ENDPOINT))
            ok(streq_a(endpoint, c->endpoint), "%u: endpoint %s\n", i, test_dbgstr_a((char *)endpoint));
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_OPTIONS))
            ok(streq_a(options, c->options), "%u: options %s\n", i, test_dbgstr_a((char *)options));
    }
    else
    {
        /* Our choice on failure (docs silent): every requested out parameter is set to NULL. */
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_OUT))
            ok(!uuid && !protseq && !addr && !endpoint && !options, "%u: got %p %p %p %p %p\n",
               i, uuid, protseq, addr, endpoint, options);
    }
    if (builtin_left_dangling(status)) uuid = protseq = addr = endpoint = options = NULL;
    free_a(&uuid); free_a(&protseq); free_a(&addr); free_a(&endpoint); free_a(&options);
}

static void check_parse_w(unsigned int i, const struct parse_case *c)
{
    RPC_WSTR uuid = GARBAGE, protseq = GARBAGE, addr = GARBAGE, endpoint = GARBAGE, options = GARBAGE;
    WCHAR *binding = wide(c->binding);
    RPC_STATUS status;

    status = RpcStringBindingParseW(binding, &uuid, &protseq, &addr, &endpoint, &options);
    todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_STATUS))
        ok(status == c->status, "%u %s: W got %ld\n", i, test_dbgstr_a(c->binding), status);
    if (c->status == RPC_S_OK)
    {
        WCHAR *u = wide(c->uuid), *p = wide(c->protseq), *a = wide(c->addr), *e = wide(c->endpoint),
              *o = wide(c->options);
        if (builtin_left_dangling(status)) uuid = protseq = addr = endpoint = options = NULL;
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_UUID))
            ok(streq_w(uuid, u), "%u: W uuid %s\n", i, test_dbgstr_w(uuid));
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_PROTSEQ))
            ok(streq_w(protseq, p), "%u: W protseq %s\n", i, test_dbgstr_w(protseq));
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_ADDR))
            ok(streq_w(addr, a), "%u: W addr %s\n", i, test_dbgstr_w(addr));
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_ENDPOINT))
            ok(streq_w(endpoint, e), "%u: W endpoint %s\n", i, test_dbgstr_w(endpoint));
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_OPTIONS))
            ok(streq_w(options, o), "%u: W options %s\n", i, test_dbgstr_w(options));
        free(u); free(p); free(a); free(e); free(o);
    }
    else
    {
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_OUT))
            ok(!uuid && !protseq && !addr && !endpoint && !options, "%u: W got %p %p %p %p %p\n",
               i, uuid, protseq, addr, endpoint, options);
    }
    if (builtin_left_dangling(status)) uuid = protseq = addr = endpoint = options = NULL;
    free_w(&uuid); free_w(&protseq); free_w(&addr); free_w(&endpoint); free_w(&options);
    free(binding);
}

static void test_parse(void)
{
    unsigned int i;

    for (i = 0; i < ARRAYSIZE(parse_cases); i++)
    {
        if (test_target != TARGET_WINE_BUILTIN || !(parse_cases[i].builtin & WB_FAULTS))
        {
            check_parse_a(i, &parse_cases[i]);
            check_parse_w(i, &parse_cases[i]);
        }
        else skip("RpcStringBindingParseA/W(%s): Wine's builtin faults\n", test_dbgstr_a(parse_cases[i].binding));
    }
}

/* Docs: any out parameter may be NULL and is then not returned. */
static void test_parse_null_outs(void)
{
    static const char binding[] = "6b29fc40-ca47-1067-b31d-00dd010662da@ncacn_np:srv[\\pipe\\p,o=1]";
    RPC_CSTR outs[5];
    RPC_WSTR outw = GARBAGE;
    RPC_STATUS status;
    unsigned int mask, i;

    status = RpcStringBindingParseA((RPC_CSTR)binding, NULL, NULL, NULL, NULL, NULL);
    ok(status == RPC_S_OK, "got %ld\n", status);
    status = RpcStringBindingParseA((RPC_CSTR)"ncalrpc", NULL, NULL, NULL, NULL, NULL);
    /* The builtin takes a string without ':' for a bare network address. */
    todo_builtin ok(status == RPC_S_INVALID_STRING_BINDING, "got %ld\n", status);
    status = RpcStringBindingParseA((RPC_CSTR)"x@ncalrpc:", NULL, NULL, NULL, NULL, NULL);
    ok(status == RPC_S_INVALID_STRING_UUID, "got %ld\n", status);

    /* Every subset of the five outputs. */
    for (mask = 0; mask < 32; mask++)
    {
        static const char *const expect[5] =
            { "6b29fc40-ca47-1067-b31d-00dd010662da", "ncacn_np", "srv", "\\pipe\\p", "o=1" };
        /* Per output: Wine's builtin gives another (it drops the backslashes: "pipep"). */
        static const int builtin_differs[5] = { 0, 0, 0, 1, 0 };
        for (i = 0; i < 5; i++) outs[i] = GARBAGE;
        status = RpcStringBindingParseA((RPC_CSTR)binding, (mask & 1) ? &outs[0] : NULL,
                                        (mask & 2) ? &outs[1] : NULL, (mask & 4) ? &outs[2] : NULL,
                                        (mask & 8) ? &outs[3] : NULL, (mask & 16) ? &outs[4] : NULL);
        ok(status == RPC_S_OK, "mask %u: got %ld\n", mask, status);
        for (i = 0; i < 5; i++)
        {
            if (mask & (1u << i))
            {
                todo(test_target == TARGET_WINE_BUILTIN && builtin_differs[i])
                    ok(streq_a(outs[i], expect[i]), "mask %u: %u got %s\n", mask, i, test_dbgstr_a((char *)outs[i]));
            }
            else ok(outs[i] == GARBAGE, "mask %u: %u written %p\n", mask, i, outs[i]);
            if (mask & (1u << i)) free_a(&outs[i]);
        }
    }

    status = RpcStringBindingParseW((RPC_WSTR)L"ncalrpc:[ep]", NULL, NULL, NULL, &outw, NULL);
    ok(status == RPC_S_OK, "got %ld\n", status);
    ok(streq_w(outw, L"ep"), "got %s\n", test_dbgstr_w(outw));
    free_w(&outw);

    /* NULL string binding (docs silent): an invalid string binding, not a crash. The builtin reads
     * through the NULL pointer. */
    if (test_target != TARGET_WINE_BUILTIN)
    {
        outw = GARBAGE;
        status = RpcStringBindingParseA(NULL, NULL, NULL, NULL, NULL, NULL);
        ok(status == RPC_S_INVALID_STRING_BINDING, "got %ld\n", status);
        status = RpcStringBindingParseW(NULL, NULL, &outw, NULL, NULL, NULL);
        ok(status == RPC_S_INVALID_STRING_BINDING, "got %ld\n", status);
        ok(!outw, "got %p\n", outw);
    }
    else skip("RpcStringBindingParseA/W(NULL StringBinding): Wine's builtin faults\n");
}

/* The value of a hexadecimal digit; 0 for any other character. */
static unsigned int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return 0;
}

/* compose -> parse gives back exactly the parts, whatever special characters they hold. */
static void test_round_trip(void)
{
    static const char *const samples[] =
    {
        "", "a", "@", ":", "[", "]", ",", "=", "\\", "\\\\", "a\\", "\\a", "x@y:z", "[a,b=c]", "]]][[[",
        "endpoint=", "ENDPOINT=x", "a\\@b", "\\pipe\\name", "\\\\server", "a b\tc", "=,=,",
    };
    /* How Wine's builtin answers pair [i][j]: '.' as we do; 'S' it fails the parse; 'F' it reads past
     * the end of a field that ends in a lone backslash (not run against it); a hex digit: the fields it
     * gives back differently, 1 protseq, 2 addr, 4 endpoint, 8 options. It writes no ':' for an empty
     * protocol sequence, gives NULL for an empty endpoint or options, escapes neither ',' nor '=' (the
     * field splits there), and takes each part without '=' for an endpoint: a second one fails. */
    static const char builtin[ARRAYSIZE(samples)][ARRAYSIZE(samples) + 1] =
    {
        "dddddd95FdFdddd95ddddd",   /* "" */
        "8SSSSSS.FSFSSSSS.SSSS8",   /* "a" */
        "8SSSSSS.FSFSSSSS.SSSS8",   /* "@" */
        "8SSSSSS.FSFSSSSS.SSSS8",   /* ":" */
        "8SSSSSS.FSFSSSSS.SSSS8",   /* "[" */
        "8SSSSSS.FSFSSSSS.SSSS8",   /* "]" */
        "cSSSSSSSFSFSSSSSSSSSSS",   /* "," */
        "ccccccccFcFccccccccccc",   /* "=" */
        "FFFFFFFFFFFFFFFFFFFFFF",   /* "\\" */
        "8SSSSSS.FSFSSSSS.SSSS8",   /* "\\\\" */
        "FFFFFFFFFFFFFFFFFFFFFF",   /* "a\\" */
        "8SSSSSS.FSFSSSSS.SSSS8",   /* "\\a" */
        "8SSSSSS.FSFSSSSS.SSSS8",   /* "x@y:z" */
        "cSSSSSScFSFSSSSScSSSSc",   /* "[a,b=c]" */
        "8SSSSSS.FSFSSSSS.SSSS8",   /* "]]][[[" */
        "cSSSSSS4FSFSSSSS4SSSSc",   /* "endpoint=" */
        "ccccccccFcFccccccccccc",   /* "ENDPOINT=x" */
        "8SSSSSS.FSFSSSSS.SSSS8",   /* "a\\@b" */
        "8SSSSSS.FSFSSSSS.SSSS8",   /* "\\pipe\\name" */
        "8SSSSSS.FSFSSSSS.SSSS8",   /* "\\\\server" */
        "8SSSSSS.FSFSSSSS.SSSS8",   /* "a b\tc" */
        "cSSSSSScFSFSSSSScSSSSc",   /* "=,=," */
    };
    unsigned int i, j;

    for (i = 0; i < ARRAYSIZE(samples); i++)
    {
        for (j = 0; j < ARRAYSIZE(samples); j++)
        {
            const char *s1 = samples[i], *s2 = samples[j];
            unsigned int fields = hex_digit(builtin[i][j]);
            RPC_CSTR binding = NULL, protseq = NULL, addr = NULL, endpoint = NULL, options = NULL;
            RPC_STATUS status;

            status = RpcStringBindingComposeA(NULL, (RPC_CSTR)s1, (RPC_CSTR)s2, (RPC_CSTR)s1, (RPC_CSTR)s2,
                                              &binding);
            ok(status == RPC_S_OK, "%u,%u: got %ld\n", i, j, status);
            if (test_target != TARGET_WINE_BUILTIN || builtin[i][j] != 'F')
            {
                status = RpcStringBindingParseA(binding, NULL, &protseq, &addr, &endpoint, &options);
                todo(test_target == TARGET_WINE_BUILTIN && builtin[i][j] == 'S')
                    ok(status == RPC_S_OK, "%u,%u: %s got %ld\n", i, j, test_dbgstr_a((char *)binding), status);
                if (!status)
                {
                    todo(test_target == TARGET_WINE_BUILTIN && (fields & 1))
                        ok(streq_a(protseq, s1), "%u,%u: %s protseq %s\n", i, j, test_dbgstr_a((char *)binding),
                           test_dbgstr_a((char *)protseq));
                    todo(test_target == TARGET_WINE_BUILTIN && (fields & 2))
                        ok(streq_a(addr, s2), "%u,%u: %s addr %s\n", i, j, test_dbgstr_a((char *)binding),
                           test_dbgstr_a((char *)addr));
                    todo(test_target == TARGET_WINE_BUILTIN && (fields & 4))
                        ok(streq_a(endpoint, s1), "%u,%u: %s endpoint %s\n", i, j, test_dbgstr_a((char *)binding),
                           test_dbgstr_a((char *)endpoint));
                    todo(test_target == TARGET_WINE_BUILTIN && (fields & 8))
                        ok(streq_a(options, s2), "%u,%u: %s options %s\n", i, j, test_dbgstr_a((char *)binding),
                           test_dbgstr_a((char *)options));
                }
                if (builtin_left_dangling(status)) protseq = addr = endpoint = options = NULL;
            }
            else skip("RpcStringBindingParseA(%u,%u): Wine's builtin faults\n", i, j);
            free_a(&binding); free_a(&protseq); free_a(&addr); free_a(&endpoint); free_a(&options);
        }
    }
}

/* UTF-16 text that is not ASCII goes through the W functions unchanged, lone surrogates included. */
static void test_wide(void)
{
    static const WCHAR addr[] = { 's', 0xe9, 'r', 'v', 0x4e2d, 0xd83d, 0xde00, 0 };
    static const WCHAR endpoint[] = { 'e', 0xd800, 'p', 0xdc00, 0xffff, 0x7f, 0x80, 0 };
    static const WCHAR options[] = { 'o', '=', 0x20ac, ',', 0xdbff, 0 };
    RPC_WSTR binding = NULL, a = NULL, e = NULL, o = NULL;
    RPC_STATUS status;

    status = RpcStringBindingComposeW(NULL, (RPC_WSTR)L"ncalrpc", (RPC_WSTR)addr, (RPC_WSTR)endpoint,
                                      (RPC_WSTR)options, &binding);
    ok(status == RPC_S_OK, "got %ld\n", status);
    trace("composed %s\n", test_dbgstr_w(binding));
    status = RpcStringBindingParseW(binding, NULL, NULL, &a, &e, &o);
    /* The builtin takes the option without '=' after the ',' for a second endpoint and fails. */
    if (builtin_left_dangling(status)) a = e = o = NULL;
    todo_builtin
    {
        ok(status == RPC_S_OK, "got %ld\n", status);
        ok(streq_w(a, addr), "got %s\n", test_dbgstr_w(a));
        ok(streq_w(e, endpoint), "got %s\n", test_dbgstr_w(e));
        ok(streq_w(o, options), "got %s\n", test_dbgstr_w(o));
    }
    free_w(&binding); free_w(&a); free_w(&e); free_w(&o);
}

/* 64 KiB fields: no length limit in the syntax functions (docs silent; ours), no overrun. */
static void test_long(void)
{
    size_t big = 64 * 1024, i;
    char *addr = malloc(big + 1), *text = malloc(big + 64);
    RPC_CSTR binding = NULL, out = NULL, ep = NULL;
    RPC_STATUS status;

    for (i = 0; i < big; i++) addr[i] = (char)('a' + i % 26);
    addr[big] = 0;
    status = RpcStringBindingComposeA(NULL, (RPC_CSTR)"ncacn_ip_tcp", (RPC_CSTR)addr, (RPC_CSTR)"135", NULL,
                                      &binding);
    ok(status == RPC_S_OK, "got %ld\n", status);
    ok(binding && strlen((char *)binding) == big + 18, "got length %u\n",
       binding ? (unsigned int)strlen((char *)binding) : 0);
    status = RpcStringBindingParseA(binding, NULL, NULL, &out, &ep, NULL);
    ok(status == RPC_S_OK, "got %ld\n", status);
    ok(streq_a(out, addr), "long address differs\n");
    ok(streq_a(ep, "135"), "got %s\n", test_dbgstr_a((char *)ep));
    free_a(&binding); free_a(&out); free_a(&ep);

    /* All special characters: every one doubles. */
    memset(addr, '[', big);
    status = RpcStringBindingComposeA(NULL, (RPC_CSTR)"ncalrpc", NULL, (RPC_CSTR)addr, NULL, &binding);
    ok(status == RPC_S_OK, "got %ld\n", status);
    ok(binding && strlen((char *)binding) == 2 * big + 10, "got length %u\n",
       binding ? (unsigned int)strlen((char *)binding) : 0);
    status = RpcStringBindingParseA(binding, NULL, NULL, NULL, &ep, NULL);
    ok(status == RPC_S_OK, "got %ld\n", status);
    ok(streq_a(ep, addr), "long endpoint differs\n");
    free_a(&binding); free_a(&ep);

    /* 64 KiB without a ':' is no binding; with an unclosed bracket neither. */
    memset(text, 'x', big);
    text[big] = 0;
    status = RpcStringBindingParseA((RPC_CSTR)text, NULL, NULL, NULL, NULL, NULL);
    /* The builtin takes a string without ':' for a bare network address. */
    todo_builtin ok(status == RPC_S_INVALID_STRING_BINDING, "got %ld\n", status);
    memcpy(text, "ncalrpc:[", 9);
    status = RpcStringBindingParseA((RPC_CSTR)text, NULL, NULL, NULL, NULL, NULL);
    ok(status == RPC_S_INVALID_STRING_BINDING, "got %ld\n", status);
    /* 64 KiB of backslashes: pairs of escaped backslashes, the last one closing nothing. */
    memset(text + 9, '\\', big - 9);
    text[big - 1] = ']';
    /* The builtin unescapes the field to an odd number of backslashes, then scans that for '=' and
     * steps over its terminating NUL after the last one. */
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcStringBindingParseA((RPC_CSTR)text, NULL, NULL, NULL, NULL, NULL);
        ok(status == ((big - 10) % 2 ? RPC_S_INVALID_STRING_BINDING : RPC_S_OK), "got %ld\n", status);
    }
    else skip("RpcStringBindingParseA(64 KiB of backslashes): Wine's builtin faults\n");
    free(addr);
    free(text);
}

START_TEST(string_binding)
{
    test_compose();
    test_parse();
    test_parse_null_outs();
    test_round_trip();
    test_wide();
    test_long();
}
