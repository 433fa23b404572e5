/* binding.c: conformance tests of binding handles, protocol sequence queries and vectors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <rpc.h>
#include "test.h"

static const UUID test_uuid = { 0x6b29fc40, 0xca47, 0x1067, { 0xb3, 0x1d, 0x00, 0xdd, 0x01, 0x06, 0x62, 0xda } };
static const UUID nil_uuid;

static const char *dbgstr_guid(const UUID *uuid)
{
    static char buffers[4][40];
    static int next;
    char *buf = buffers[next++ % 4];

    sprintf(buf, "%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", (unsigned long)uuid->Data1,
            uuid->Data2, uuid->Data3, uuid->Data4[0], uuid->Data4[1], uuid->Data4[2], uuid->Data4[3],
            uuid->Data4[4], uuid->Data4[5], uuid->Data4[6], uuid->Data4[7]);
    return buf;
}

static RPC_BINDING_HANDLE bind_a(const char *string_binding)
{
    RPC_BINDING_HANDLE handle = GARBAGE;
    RPC_STATUS status = RpcBindingFromStringBindingA((RPC_CSTR)string_binding, &handle);

    ok(status == RPC_S_OK, "%s: got %ld\n", test_dbgstr_a(string_binding), status);
    ok(handle && handle != GARBAGE, "%s: got %p\n", test_dbgstr_a(string_binding), handle);
    return status ? NULL : handle;
}

/* The handle's string binding equals expect; builtin_differs: Wine's builtin gives back another. */
static void check_string_(RPC_BINDING_HANDLE handle, const char *expect, int builtin_differs, int line)
{
    RPC_CSTR str = GARBAGE;
    RPC_STATUS status = RpcBindingToStringBindingA(handle, &str);

    ok(status == RPC_S_OK, "line %d: got %ld\n", line, status);
    todo(test_target == TARGET_WINE_BUILTIN && builtin_differs)
        ok(str && (void *)str != GARBAGE && !strcmp((char *)str, expect), "line %d: got %s, expected %s\n",
           line, test_dbgstr_a((char *)str), test_dbgstr_a(expect));
    if (!status) RpcStringFreeA(&str);
}
#define check_string(handle, expect) check_string_(handle, expect, 0, __LINE__)
/* The same where Wine's builtin gives back a different string: it leaves network options out. */
#define check_string_todo_builtin(handle, expect) check_string_(handle, expect, 1, __LINE__)

static void free_handle(RPC_BINDING_HANDLE *handle)
{
    RPC_STATUS status;

    if (!*handle) return;
    status = RpcBindingFree(handle);
    ok(status == RPC_S_OK, "got %ld\n", status);
    ok(*handle == NULL, "handle not cleared: %p\n", *handle);
}

/* ---- RpcBindingFromStringBinding / RpcBindingToStringBinding ---- */

/* Which checks of a case Wine's builtin answers differently: its known differences (todo_builtin). */
#define WB_STATUS 0x1   /* the status */
#define WB_HANDLE 0x2   /* *Binding set to NULL on failure */
#define WB_STRING 0x4   /* the string binding given back */

struct from_case
{
    const char *binding;
    RPC_STATUS status;
    const char *to_string;   /* what RpcBindingToStringBinding gives back */
    unsigned int builtin;    /* WB_*: where Wine's builtin differs */
};

static const struct from_case from_cases[] =
{
    /* The string given back is composed like RpcStringBindingCompose does it: special characters
     * (backslashes included) escaped with a backslash (our choice where the docs are silent; it is how
     * Microsoft's endpoint listings show named pipe bindings). The builtin drops a backslash before
     * an ordinary character on parse: \pipe\test becomes pipetest. */
    { "ncalrpc:[my_endpoint]", RPC_S_OK, "ncalrpc:[my_endpoint]", 0 },
    { "ncalrpc:", RPC_S_OK, "ncalrpc:", 0 },
    { "ncacn_np:\\\\\\\\server[\\\\pipe\\\\test]", RPC_S_OK, "ncacn_np:\\\\\\\\server[\\\\pipe\\\\test]", 0 },
    { "ncacn_np:srv[\\pipe\\test]", RPC_S_OK, "ncacn_np:srv[\\\\pipe\\\\test]", WB_STRING },
    { "ncacn_np:[\\PIPE\\test]", RPC_S_OK, "ncacn_np:[\\\\PIPE\\\\test]", WB_STRING },
    { "ncacn_np:.", RPC_S_OK, "ncacn_np:.", 0 },
    { "ncacn_ip_tcp:127.0.0.1[135]", RPC_S_OK, "ncacn_ip_tcp:127.0.0.1[135]", 0 },
    { "ncacn_ip_tcp:host[0]", RPC_S_OK, "ncacn_ip_tcp:host[0]", 0 },
    { "ncacn_ip_tcp:host[65535]", RPC_S_OK, "ncacn_ip_tcp:host[65535]", 0 },
    { "ncacn_ip_tcp:host", RPC_S_OK, "ncacn_ip_tcp:host", 0 },
    { "ncacn_ip_tcp:fe80::1[135]", RPC_S_OK, "ncacn_ip_tcp:fe80\\:\\:1[135]", 0 },
    { "ncacn_ip_tcp:host[endpoint=135]", RPC_S_OK, "ncacn_ip_tcp:host[135]", 0 },
    /* Network options are kept and given back. The builtin leaves them out of the string. */
    { "ncalrpc:[ep,Security=Impersonation Dynamic False]", RPC_S_OK,
      "ncalrpc:[ep,Security=Impersonation Dynamic False]", WB_STRING },
    /* The object UUID is given back in lowercase; a nil one is left out. */
    { "6B29FC40-CA47-1067-B31D-00DD010662DA@ncalrpc:[ep]", RPC_S_OK,
      "6b29fc40-ca47-1067-b31d-00dd010662da@ncalrpc:[ep]", 0 },
    { "00000000-0000-0000-0000-000000000000@ncalrpc:[ep]", RPC_S_OK, "ncalrpc:[ep]", 0 },
    /* Our choice (docs silent): protocol sequence names match in any case; the handle keeps the
     * canonical lowercase name. The builtin keeps the name as given. */
    { "NCALRPC:[ep]", RPC_S_OK, "ncalrpc:[ep]", WB_STRING },
    { "Ncacn_Ip_Tcp:h[1]", RPC_S_OK, "ncacn_ip_tcp:h[1]", WB_STRING },
    /* Known to Microsoft RPC, not implemented here. The builtin creates a handle for any protocol
     * sequence name (it looks the name up only when connecting). */
    { "ncacn_http:host[593]", RPC_S_PROTSEQ_NOT_SUPPORTED, NULL, WB_STATUS | WB_HANDLE },
    { "ncadg_ip_udp:host[135]", RPC_S_PROTSEQ_NOT_SUPPORTED, NULL, WB_STATUS | WB_HANDLE },
    { "ncacn_nb_tcp:host", RPC_S_PROTSEQ_NOT_SUPPORTED, NULL, WB_STATUS | WB_HANDLE },
    { "ncacn_spx:host", RPC_S_PROTSEQ_NOT_SUPPORTED, NULL, WB_STATUS | WB_HANDLE },
    { "ncadg_ipx:host", RPC_S_PROTSEQ_NOT_SUPPORTED, NULL, WB_STATUS | WB_HANDLE },
    { "ncadg_mq:host", RPC_S_PROTSEQ_NOT_SUPPORTED, NULL, WB_STATUS | WB_HANDLE },
    { "ncacn_hvsocket:host", RPC_S_PROTSEQ_NOT_SUPPORTED, NULL, WB_STATUS | WB_HANDLE },
    /* Not a protocol sequence at all (native answers RPC_S_INVALID_RPC_PROTSEQ for garbage names). */
    { "foo:host[1]", RPC_S_INVALID_RPC_PROTSEQ, NULL, WB_STATUS | WB_HANDLE },
    { ":host[1]", RPC_S_INVALID_RPC_PROTSEQ, NULL, WB_STATUS | WB_HANDLE },
    { "ncacn_:host", RPC_S_INVALID_RPC_PROTSEQ, NULL, WB_STATUS | WB_HANDLE },
    { "ncalrpc :", RPC_S_INVALID_RPC_PROTSEQ, NULL, WB_STATUS | WB_HANDLE },
    { "ncalrpc\\@:", RPC_S_INVALID_RPC_PROTSEQ, NULL, WB_STATUS | WB_HANDLE },
    /* Malformed. The builtin takes a string without ':' for a bare network address and creates a
     * handle; on the other errors it leaves *Binding as it was. */
    { "", RPC_S_INVALID_STRING_BINDING, NULL, WB_STATUS | WB_HANDLE },
    { "ncalrpc", RPC_S_INVALID_STRING_BINDING, NULL, WB_STATUS | WB_HANDLE },
    { "ncalrpc:[ep", RPC_S_INVALID_STRING_BINDING, NULL, WB_HANDLE },
    { "ncalrpc:[ep,opt", RPC_S_INVALID_STRING_BINDING, NULL, WB_HANDLE },
    { "ncalrpc:[ep\\]", RPC_S_INVALID_STRING_BINDING, NULL, WB_HANDLE },
    { "bad@ncalrpc:", RPC_S_INVALID_STRING_UUID, NULL, WB_HANDLE },
    { "{6b29fc40-ca47-1067-b31d-00dd010662da}@ncalrpc:", RPC_S_INVALID_STRING_UUID, NULL, WB_HANDLE },
    /* Endpoint syntax: a port number for TCP, a \pipe\ name for named pipes (docs: the endpoint of
     * ncacn_np is \pipe\pipename). The builtin does not check endpoints. */
    { "ncacn_ip_tcp:host[abc]", RPC_S_INVALID_ENDPOINT_FORMAT, NULL, WB_STATUS | WB_HANDLE },
    { "ncacn_ip_tcp:host[65536]", RPC_S_INVALID_ENDPOINT_FORMAT, NULL, WB_STATUS | WB_HANDLE },
    { "ncacn_ip_tcp:host[123456]", RPC_S_INVALID_ENDPOINT_FORMAT, NULL, WB_STATUS | WB_HANDLE },
    { "ncacn_ip_tcp:host[-1]", RPC_S_INVALID_ENDPOINT_FORMAT, NULL, WB_STATUS | WB_HANDLE },
    { "ncacn_ip_tcp:host[ 135]", RPC_S_INVALID_ENDPOINT_FORMAT, NULL, WB_STATUS | WB_HANDLE },
    { "ncacn_np:srv[test]", RPC_S_INVALID_ENDPOINT_FORMAT, NULL, WB_STATUS | WB_HANDLE },
    { "ncacn_np:srv[pipe\\test]", RPC_S_INVALID_ENDPOINT_FORMAT, NULL, WB_STATUS | WB_HANDLE },
};

static void test_from_string(void)
{
    unsigned int i;

    for (i = 0; i < ARRAYSIZE(from_cases); i++)
    {
        const struct from_case *c = &from_cases[i];
        RPC_BINDING_HANDLE handle = GARBAGE, handle_w = GARBAGE;
        WCHAR binding_w[256];
        RPC_STATUS status;
        size_t j;

        status = RpcBindingFromStringBindingA((RPC_CSTR)c->binding, &handle);
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_STATUS))
            ok(status == c->status, "%u %s: got %ld\n", i, test_dbgstr_a(c->binding), status);
        if (c->status)
        {
            /* Our choice on failure (docs silent): *Binding is set to NULL. */
            todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_HANDLE))
                ok(handle == NULL, "%u: got %p\n", i, handle);
            if (!status) RpcBindingFree(&handle);
        }
        else if (!status)
        {
            check_string_(handle, c->to_string, c->builtin & WB_STRING, __LINE__);
            free_handle(&handle);
        }

        for (j = 0; c->binding[j]; j++) binding_w[j] = (unsigned char)c->binding[j];
        binding_w[j] = 0;
        status = RpcBindingFromStringBindingW(binding_w, &handle_w);
        todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_STATUS))
            ok(status == c->status, "%u %s: W got %ld\n", i, test_dbgstr_a(c->binding), status);
        if (c->status)
        {
            todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_HANDLE))
                ok(handle_w == NULL, "%u: W got %p\n", i, handle_w);
        }
        else if (!status)
        {
            RPC_WSTR str = NULL;
            status = RpcBindingToStringBindingW(handle_w, &str);
            ok(status == RPC_S_OK, "%u: got %ld\n", i, status);
            for (j = 0; c->to_string[j]; j++) binding_w[j] = (unsigned char)c->to_string[j];
            binding_w[j] = 0;
            todo(test_target == TARGET_WINE_BUILTIN && (c->builtin & WB_STRING))
                ok(str && !wcscmp((WCHAR *)str, binding_w), "%u: W got %s\n", i, test_dbgstr_w((WCHAR *)str));
            if (!status) RpcStringFreeW(&str);
            free_handle(&handle_w);
        }
        if (c->status && !status) RpcBindingFree(&handle_w);
    }
}

static void test_from_string_args(void)
{
    RPC_BINDING_HANDLE handle = GARBAGE;
    RPC_STATUS status;

    /* NULL arguments (docs silent): a NULL string is no valid string binding, a NULL result pointer is
     * an invalid argument. Neither crashes. The builtin reads the NULL string and writes through the
     * NULL result pointer. */
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcBindingFromStringBindingA(NULL, &handle);
        ok(status == RPC_S_INVALID_STRING_BINDING, "got %ld\n", status);
        ok(handle == NULL, "got %p\n", handle);
        handle = GARBAGE;
        status = RpcBindingFromStringBindingW(NULL, &handle);
        ok(status == RPC_S_INVALID_STRING_BINDING, "got %ld\n", status);
        ok(handle == NULL, "got %p\n", handle);
    }
    else skip("RpcBindingFromStringBindingA/W(NULL string): Wine's builtin faults\n");
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcBindingFromStringBindingA((RPC_CSTR)"ncalrpc:[ep]", NULL);
        ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
        status = RpcBindingFromStringBindingW((RPC_WSTR)L"ncalrpc:[ep]", NULL);
        ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
        status = RpcBindingFromStringBindingA(NULL, NULL);
        ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
    }
    else skip("RpcBindingFromStringBindingA/W(NULL result): Wine's builtin faults\n");

    /* The object UUID of the string becomes the handle's object. */
    handle = bind_a("6b29fc40-ca47-1067-b31d-00dd010662da@ncacn_ip_tcp:localhost[4747]");
    if (handle)
    {
        UUID uuid;
        memset(&uuid, 0xcc, sizeof(uuid));
        status = RpcBindingInqObject(handle, &uuid);
        ok(status == RPC_S_OK, "got %ld\n", status);
        ok(!memcmp(&uuid, &test_uuid, sizeof(uuid)), "got %s\n", dbgstr_guid(&uuid));
        free_handle(&handle);
    }
    /* Docs: without one the handle's object is the nil UUID. */
    handle = bind_a("ncacn_ip_tcp:localhost[4747]");
    if (handle)
    {
        UUID uuid;
        memset(&uuid, 0xcc, sizeof(uuid));
        status = RpcBindingInqObject(handle, &uuid);
        ok(status == RPC_S_OK, "got %ld\n", status);
        ok(!memcmp(&uuid, &nil_uuid, sizeof(uuid)), "got %s\n", dbgstr_guid(&uuid));
        free_handle(&handle);
    }
}

/* Non-ASCII text survives a handle's round trip through the W functions. */
static void test_to_string_wide(void)
{
    static const WCHAR binding[] = { 'n','c','a','l','r','p','c',':','s',0xe9,'r','v','[','e',0x4e2d,0xd800,
                                     ',','o','=',0x20ac,']',0 };
    RPC_BINDING_HANDLE handle = NULL;
    RPC_WSTR str = NULL;
    RPC_STATUS status;

    status = RpcBindingFromStringBindingW((RPC_WSTR)binding, &handle);
    ok(status == RPC_S_OK, "got %ld\n", status);
    status = RpcBindingToStringBindingW(handle, &str);
    ok(status == RPC_S_OK, "got %ld\n", status);
    /* The builtin keeps the handle's strings in the ANSI code page: what it cannot map becomes '?',
     * and it leaves the options out. */
    todo_builtin ok(str && !wcscmp((WCHAR *)str, binding), "got %s\n", test_dbgstr_w((WCHAR *)str));
    if (!status) RpcStringFreeW(&str);
    free_handle(&handle);
}

static void test_long_binding(void)
{
    size_t big = 64 * 1024, i;
    char *text = malloc(big + 64), *p = text;
    RPC_BINDING_HANDLE handle = NULL;
    RPC_CSTR str = NULL;
    RPC_STATUS status;

    /* A 64 KiB network address: accepted and kept whole (no length limit here; docs silent). */
    p += sprintf(p, "ncacn_ip_tcp:");
    for (i = 0; i < big; i++) *p++ = (char)('a' + i % 26);
    sprintf(p, "[135]");
    status = RpcBindingFromStringBindingA((RPC_CSTR)text, &handle);
    ok(status == RPC_S_OK, "got %ld\n", status);
    status = RpcBindingToStringBindingA(handle, &str);
    ok(status == RPC_S_OK, "got %ld\n", status);
    ok(str && !strcmp((char *)str, text), "long binding differs\n");
    if (!status) RpcStringFreeA(&str);
    free_handle(&handle);

    /* A 64 KiB TCP endpoint is no port number. */
    p = text + sprintf(text, "ncacn_ip_tcp:h[");
    memset(p, '1', big);
    strcpy(p + big, "]");
    handle = GARBAGE;
    status = RpcBindingFromStringBindingA((RPC_CSTR)text, &handle);
    /* The builtin does not check endpoints: it creates the handle. */
    todo_builtin
    {
        ok(status == RPC_S_INVALID_ENDPOINT_FORMAT, "got %ld\n", status);
        ok(handle == NULL, "got %p\n", handle);
    }
    free(text);
}

/* ---- handle operations ---- */

static void test_copy(void)
{
    RPC_BINDING_HANDLE source, copy = GARBAGE;
    ULONG_PTR value;
    RPC_STATUS status;
    UUID uuid;

    source = bind_a("6b29fc40-ca47-1067-b31d-00dd010662da@ncacn_ip_tcp:host[135,opt=1]");
    if (!source) return;
    status = RpcBindingSetOption(source, RPC_C_OPT_CALL_TIMEOUT, 1234);
    ok(status == RPC_S_OK, "got %ld\n", status);

    status = RpcBindingCopy(source, &copy);
    ok(status == RPC_S_OK, "got %ld\n", status);
    ok(copy && copy != GARBAGE && copy != source, "got %p (source %p)\n", copy, source);
    if (status) return;
    /* Here and below: the builtin leaves the network options out of the string binding. */
    check_string_todo_builtin(copy, "6b29fc40-ca47-1067-b31d-00dd010662da@ncacn_ip_tcp:host[135,opt=1]");
    /* The builtin's RpcBindingInqOption is an unimplemented stub that raises an exception. */
    if (test_target != TARGET_WINE_BUILTIN)
    {
        value = 0xcc;
        status = RpcBindingInqOption(copy, RPC_C_OPT_CALL_TIMEOUT, &value);
        ok(status == RPC_S_OK, "got %ld\n", status);
        ok(value == 1234, "option not copied: got %Iu\n", value);
    }
    else skip("RpcBindingInqOption(copy): Wine's builtin faults\n");

    /* Docs: operations on one do not affect the other. */
    status = RpcBindingReset(copy);
    ok(status == RPC_S_OK, "got %ld\n", status);
    status = RpcBindingSetObject(copy, NULL);
    ok(status == RPC_S_OK, "got %ld\n", status);
    status = RpcBindingSetOption(copy, RPC_C_OPT_CALL_TIMEOUT, 99);
    ok(status == RPC_S_OK, "got %ld\n", status);
    check_string_todo_builtin(copy, "ncacn_ip_tcp:host[,opt=1]");
    check_string_todo_builtin(source, "6b29fc40-ca47-1067-b31d-00dd010662da@ncacn_ip_tcp:host[135,opt=1]");
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcBindingInqOption(source, RPC_C_OPT_CALL_TIMEOUT, &value);
        ok(status == RPC_S_OK && value == 1234, "got %ld %Iu\n", status, value);
    }
    else skip("RpcBindingInqOption(source): Wine's builtin faults\n");
    status = RpcBindingInqObject(source, &uuid);
    ok(status == RPC_S_OK && !memcmp(&uuid, &test_uuid, sizeof(uuid)), "got %ld %s\n", status,
       dbgstr_guid(&uuid));

    /* Freeing the source leaves the copy alive. */
    free_handle(&source);
    check_string_todo_builtin(copy, "ncacn_ip_tcp:host[,opt=1]");

    /* NULL destination (docs silent): an invalid argument. The builtin writes through it. */
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcBindingCopy(copy, NULL);
        ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
    }
    else skip("RpcBindingCopy(NULL destination): Wine's builtin faults\n");
    free_handle(&copy);
}

static void test_reset(void)
{
    RPC_BINDING_HANDLE handle;
    RPC_STATUS status;

    /* Docs: the endpoint goes, the host and everything else stays. */
    handle = bind_a("6b29fc40-ca47-1067-b31d-00dd010662da@ncacn_np:srv[\\pipe\\p,Security=Anonymous Static True]");
    if (!handle) return;
    status = RpcBindingReset(handle);
    ok(status == RPC_S_OK, "got %ld\n", status);
    /* The builtin leaves the network options out of the string binding. */
    check_string_todo_builtin(handle,
        "6b29fc40-ca47-1067-b31d-00dd010662da@ncacn_np:srv[,Security=Anonymous Static True]");
    status = RpcBindingReset(handle);
    ok(status == RPC_S_OK, "twice: got %ld\n", status);
    free_handle(&handle);

    handle = bind_a("ncacn_ip_tcp:127.0.0.1[135]");
    if (!handle) return;
    status = RpcBindingReset(handle);
    ok(status == RPC_S_OK, "got %ld\n", status);
    check_string(handle, "ncacn_ip_tcp:127.0.0.1");
    free_handle(&handle);
}

static void test_object(void)
{
    RPC_BINDING_HANDLE handle;
    RPC_STATUS status;
    UUID uuid, other = test_uuid;

    handle = bind_a("ncalrpc:[ep]");
    if (!handle) return;
    other.Data1 = 0x12345678;

    status = RpcBindingSetObject(handle, &other);
    ok(status == RPC_S_OK, "got %ld\n", status);
    memset(&uuid, 0xcc, sizeof(uuid));
    status = RpcBindingInqObject(handle, &uuid);
    ok(status == RPC_S_OK, "got %ld\n", status);
    ok(!memcmp(&uuid, &other, sizeof(uuid)), "got %s\n", dbgstr_guid(&uuid));
    check_string(handle, "12345678-ca47-1067-b31d-00dd010662da@ncalrpc:[ep]");

    /* Docs: NULL or the nil UUID sets the nil UUID. */
    status = RpcBindingSetObject(handle, NULL);
    ok(status == RPC_S_OK, "got %ld\n", status);
    memset(&uuid, 0xcc, sizeof(uuid));
    status = RpcBindingInqObject(handle, &uuid);
    ok(status == RPC_S_OK && !memcmp(&uuid, &nil_uuid, sizeof(uuid)), "got %ld %s\n", status,
       dbgstr_guid(&uuid));
    check_string(handle, "ncalrpc:[ep]");
    status = RpcBindingSetObject(handle, &other);
    ok(status == RPC_S_OK, "got %ld\n", status);
    status = RpcBindingSetObject(handle, (UUID *)&nil_uuid);
    ok(status == RPC_S_OK, "got %ld\n", status);
    check_string(handle, "ncalrpc:[ep]");

    /* NULL result (docs silent): an invalid argument. The builtin writes through it. */
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcBindingInqObject(handle, NULL);
        ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
    }
    else skip("RpcBindingInqObject(NULL result): Wine's builtin faults\n");
    free_handle(&handle);
}

static void test_options(void)
{
    RPC_BINDING_HANDLE handle;
    RPC_STATUS status;
    ULONG_PTR value;
    ULONG option;

    handle = bind_a("ncacn_ip_tcp:127.0.0.1[135]");
    if (!handle) return;

    /* Every documented option reads 0 (the documented defaults: causal ordering, no timeout, ...)
     * until set. The builtin's RpcBindingInqOption is an unimplemented stub that raises an exception. */
    if (test_target != TARGET_WINE_BUILTIN)
    {
        for (option = 1; option < 17; option++)
        {
            value = 0xcccc;
            status = RpcBindingInqOption(handle, option, &value);
            ok(status == RPC_S_OK, "option %lu: got %ld\n", option, status);
            ok(value == 0, "option %lu: got %Iu\n", option, value);
        }
    }
    else skip("RpcBindingInqOption(defaults): Wine's builtin faults\n");

    status = RpcBindingSetOption(handle, RPC_C_OPT_BINDING_NONCAUSAL, TRUE);
    ok(status == RPC_S_OK, "got %ld\n", status);
    status = RpcBindingSetOption(handle, RPC_C_OPT_CALL_TIMEOUT, 5000);
    ok(status == RPC_S_OK, "got %ld\n", status);
    status = RpcBindingSetOption(handle, RPC_C_OPT_UNIQUE_BINDING, TRUE);
    ok(status == RPC_S_OK, "got %ld\n", status);
    status = RpcBindingSetOption(handle, 16 /* RPC_C_OPT_OPTIMIZE_TIME */, 7);
    ok(status == RPC_S_OK, "got %ld\n", status);
    if (test_target != TARGET_WINE_BUILTIN)
    {
        value = 0;
        status = RpcBindingInqOption(handle, RPC_C_OPT_BINDING_NONCAUSAL, &value);
        ok(status == RPC_S_OK && value == TRUE, "got %ld %Iu\n", status, value);
        status = RpcBindingInqOption(handle, RPC_C_OPT_CALL_TIMEOUT, &value);
        ok(status == RPC_S_OK && value == 5000, "got %ld %Iu\n", status, value);
        status = RpcBindingInqOption(handle, RPC_C_OPT_UNIQUE_BINDING, &value);
        ok(status == RPC_S_OK && value == TRUE, "got %ld %Iu\n", status, value);
        status = RpcBindingInqOption(handle, 16, &value);
        ok(status == RPC_S_OK && value == 7, "got %ld %Iu\n", status, value);
    }
    else skip("RpcBindingInqOption(set values): Wine's builtin faults\n");
    status = RpcBindingSetOption(handle, RPC_C_OPT_CALL_TIMEOUT, 0);
    ok(status == RPC_S_OK, "got %ld\n", status);
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcBindingInqOption(handle, RPC_C_OPT_CALL_TIMEOUT, &value);
        ok(status == RPC_S_OK && value == 0, "got %ld %Iu\n", status, value);
    }
    else skip("RpcBindingInqOption(timeout reset): Wine's builtin faults\n");

    /* Docs: RPC_C_OPT_DONT_LINGER needs a handle that has carried a call. The builtin's
     * RpcBindingSetOption ignores every option but the cookie and answers RPC_S_OK. */
    status = RpcBindingSetOption(handle, RPC_C_OPT_DONT_LINGER, TRUE);
    todo_builtin ok(status == RPC_S_WRONG_KIND_OF_BINDING, "got %ld\n", status);

    /* Unknown options (docs silent): RPC_S_INVALID_ARG, nothing written. The builtin: RPC_S_OK. */
    status = RpcBindingSetOption(handle, 0, 1);
    todo_builtin ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
    status = RpcBindingSetOption(handle, 17 /* RPC_C_OPT_MAX_OPTIONS */, 1);
    todo_builtin ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
    status = RpcBindingSetOption(handle, 0xffffffff, 1);
    todo_builtin ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
    if (test_target != TARGET_WINE_BUILTIN)
    {
        value = 0xcccc;
        status = RpcBindingInqOption(handle, 0, &value);
        ok(status == RPC_S_INVALID_ARG && value == 0xcccc, "got %ld %Iu\n", status, value);
        status = RpcBindingInqOption(handle, 17, &value);
        ok(status == RPC_S_INVALID_ARG && value == 0xcccc, "got %ld %Iu\n", status, value);
        status = RpcBindingInqOption(handle, 0x80000000, &value);
        ok(status == RPC_S_INVALID_ARG && value == 0xcccc, "got %ld %Iu\n", status, value);
        status = RpcBindingInqOption(handle, RPC_C_OPT_CALL_TIMEOUT, NULL);
        ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
    }
    else skip("RpcBindingInqOption(unknown options, NULL value): Wine's builtin faults\n");

    /* Options stay out of the string binding. */
    check_string(handle, "ncacn_ip_tcp:127.0.0.1[135]");
    free_handle(&handle);
}

/* Every handle function on a handle that is not a live binding: RPC_S_INVALID_BINDING, no crash,
 * out parameters not written. */
static void check_invalid_handle(RPC_BINDING_HANDLE bad, const char *what)
{
    RPC_BINDING_HANDLE copy = GARBAGE, freed = bad;
    RPC_CSTR str = GARBAGE;
    RPC_WSTR strw = GARBAGE;
    ULONG_PTR value = 0xcccc;
    RPC_STATUS status;
    UUID uuid = test_uuid;

    /* The builtin does not validate handles: it dereferences whatever it is given (only its
     * RpcBindingFree checks for NULL), and its RpcBindingInqOption is an unimplemented stub. */
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcBindingCopy(bad, &copy);
        ok(status == RPC_S_INVALID_BINDING, "%s: copy got %ld\n", what, status);
        /* Our choice: a failed copy sets the destination to NULL. */
        ok(copy == NULL, "%s: copy got %p\n", what, copy);
    }
    else skip("RpcBindingCopy(%s): Wine's builtin faults\n", what);
    if (test_target != TARGET_WINE_BUILTIN || !bad)
    {
        status = RpcBindingFree(&freed);
        ok(status == RPC_S_INVALID_BINDING, "%s: free got %ld\n", what, status);
        ok(freed == bad, "%s: free changed the handle to %p\n", what, freed);
    }
    else skip("RpcBindingFree(%s): Wine's builtin faults\n", what);
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcBindingReset(bad);
        ok(status == RPC_S_INVALID_BINDING, "%s: reset got %ld\n", what, status);
        status = RpcBindingSetObject(bad, &uuid);
        ok(status == RPC_S_INVALID_BINDING, "%s: set object got %ld\n", what, status);
        status = RpcBindingInqObject(bad, &uuid);
        ok(status == RPC_S_INVALID_BINDING, "%s: inq object got %ld\n", what, status);
        ok(!memcmp(&uuid, &test_uuid, sizeof(uuid)), "%s: inq object wrote %s\n", what, dbgstr_guid(&uuid));
    }
    else skip("RpcBindingReset/SetObject/InqObject(%s): Wine's builtin faults\n", what);
    /* The builtin's RpcBindingSetOption ignores the handle and every option but the cookie: RPC_S_OK. */
    status = RpcBindingSetOption(bad, RPC_C_OPT_CALL_TIMEOUT, 1);
    todo_builtin ok(status == RPC_S_INVALID_BINDING, "%s: set option got %ld\n", what, status);
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcBindingInqOption(bad, RPC_C_OPT_CALL_TIMEOUT, &value);
        ok(status == RPC_S_INVALID_BINDING, "%s: inq option got %ld\n", what, status);
        ok(value == 0xcccc, "%s: inq option wrote %Iu\n", what, value);
        status = RpcBindingToStringBindingA(bad, &str);
        ok(status == RPC_S_INVALID_BINDING, "%s: to string got %ld\n", what, status);
        ok(str == NULL, "%s: to string got %p\n", what, str);
        status = RpcBindingToStringBindingW(bad, &strw);
        ok(status == RPC_S_INVALID_BINDING, "%s: to string W got %ld\n", what, status);
        ok(strw == NULL, "%s: to string W got %p\n", what, strw);
        status = RpcBindingToStringBindingA(bad, NULL);
        ok(status == RPC_S_INVALID_BINDING, "%s: to string NULL got %ld\n", what, status);
    }
    else skip("RpcBindingInqOption/ToStringBindingA/W(%s): Wine's builtin faults\n", what);
}

static void test_invalid_handles(void)
{
    static const char text[] = "ncalrpc:[not a handle]";
    unsigned char stack_block[256];
    RPC_BINDING_HANDLE handle, stale, second;
    RPC_STATUS status;
    void *heap_block;

    /* Docs: NULL is an invalid binding. */
    check_invalid_handle(NULL, "NULL");
    /* The builtin reads through the NULL pointer to the handle. */
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcBindingFree(NULL);
        ok(status == RPC_S_INVALID_BINDING, "free(NULL) got %ld\n", status);
    }
    else skip("RpcBindingFree(NULL pointer): Wine's builtin faults\n");

    /* Foreign and garbage pointers are looked up, never dereferenced. */
    check_invalid_handle((RPC_BINDING_HANDLE)(ULONG_PTR)1, "1");
    check_invalid_handle((RPC_BINDING_HANDLE)(ULONG_PTR)0xdeadbeef, "0xdeadbeef");
    check_invalid_handle((RPC_BINDING_HANDLE)~(ULONG_PTR)0, "~0");
    check_invalid_handle((RPC_BINDING_HANDLE)(ULONG_PTR)0xcccccccc, "0xcccccccc");
    memset(stack_block, 0xcc, sizeof(stack_block));
    check_invalid_handle(stack_block, "stack block");
    heap_block = HeapAlloc(GetProcessHeap(), 0, 256);
    memset(heap_block, 0, 256);
    check_invalid_handle(heap_block, "zeroed heap block");
    HeapFree(GetProcessHeap(), 0, heap_block);
    check_invalid_handle((RPC_BINDING_HANDLE)text, "string");
    check_invalid_handle((RPC_BINDING_HANDLE)check_invalid_handle, "code");

    /* A freed handle is dead for every function, and cannot be freed twice. */
    handle = bind_a("ncalrpc:[ep]");
    if (!handle) return;
    second = bind_a("ncalrpc:[ep2]");
    stale = handle;
    free_handle(&handle);
    check_invalid_handle(stale, "freed handle");
    /* Pointing just inside a live handle is not that handle. */
    check_invalid_handle((char *)second + 1, "inside a live handle");
    check_invalid_handle((char *)second + sizeof(void *), "inside a live handle + ptr");
    check_string(second, "ncalrpc:[ep2]");
    free_handle(&second);
}

/* ---- protocol sequences ---- */

static void test_protseq_valid(void)
{
    /* builtin_differs: Wine's builtin answers differently (a known difference, todo_builtin). */
    static const struct { const char *name; RPC_STATUS status; int builtin_differs; } cases[] =
    {
        { "ncalrpc", RPC_S_OK, 0 },
        { "ncacn_np", RPC_S_OK, 0 },
        { "ncacn_ip_tcp", RPC_S_OK, 0 },
        /* Our choice (docs silent): any case. The builtin compares case-sensitively. */
        { "NCALRPC", RPC_S_OK, 1 },
        { "NcAcN_Np", RPC_S_OK, 1 },
        /* Documented protocol sequences that this runtime does not implement. The builtin knows none
         * of these names (RPC_S_INVALID_RPC_PROTSEQ) but implements ncacn_http (RPC_S_OK). */
        { "ncacn_http", RPC_S_PROTSEQ_NOT_SUPPORTED, 1 },
        { "ncadg_ip_udp", RPC_S_PROTSEQ_NOT_SUPPORTED, 1 },
        { "ncacn_nb_tcp", RPC_S_PROTSEQ_NOT_SUPPORTED, 1 },
        { "ncacn_nb_ipx", RPC_S_PROTSEQ_NOT_SUPPORTED, 1 },
        { "ncacn_nb_nb", RPC_S_PROTSEQ_NOT_SUPPORTED, 1 },
        { "ncacn_spx", RPC_S_PROTSEQ_NOT_SUPPORTED, 1 },
        { "ncacn_dnet_nsp", RPC_S_PROTSEQ_NOT_SUPPORTED, 1 },
        { "ncacn_at_dsp", RPC_S_PROTSEQ_NOT_SUPPORTED, 1 },
        { "ncacn_vns_spp", RPC_S_PROTSEQ_NOT_SUPPORTED, 1 },
        { "ncadg_ipx", RPC_S_PROTSEQ_NOT_SUPPORTED, 1 },
        { "ncadg_mq", RPC_S_PROTSEQ_NOT_SUPPORTED, 1 },
        { "ncacn_hvsocket", RPC_S_PROTSEQ_NOT_SUPPORTED, 1 },
        /* Docs: not a valid protocol sequence string. */
        { "", RPC_S_INVALID_RPC_PROTSEQ, 0 },
        { "foo", RPC_S_INVALID_RPC_PROTSEQ, 0 },
        { "ncacn_", RPC_S_INVALID_RPC_PROTSEQ, 0 },
        { "ncalrpc ", RPC_S_INVALID_RPC_PROTSEQ, 0 },
        { " ncalrpc", RPC_S_INVALID_RPC_PROTSEQ, 0 },
        { "ncalrpc:", RPC_S_INVALID_RPC_PROTSEQ, 0 },
        { "ncalrpcx", RPC_S_INVALID_RPC_PROTSEQ, 0 },
        { "ncacn_ip_tcpip", RPC_S_INVALID_RPC_PROTSEQ, 0 },
        { "ncacn_np\xe9", RPC_S_INVALID_RPC_PROTSEQ, 0 },
        { "ncacn_ip_tcp_long_name_that_is_longer_than_any_protocol_sequence", RPC_S_INVALID_RPC_PROTSEQ,
          0 },
    };
    WCHAR name_w[128];
    RPC_STATUS status;
    unsigned int i, j;

    for (i = 0; i < ARRAYSIZE(cases); i++)
    {
        status = RpcNetworkIsProtseqValidA((RPC_CSTR)cases[i].name);
        todo(test_target == TARGET_WINE_BUILTIN && cases[i].builtin_differs)
            ok(status == cases[i].status, "%s: got %ld\n", test_dbgstr_a(cases[i].name), status);
        for (j = 0; cases[i].name[j]; j++) name_w[j] = (unsigned char)cases[i].name[j];
        name_w[j] = 0;
        status = RpcNetworkIsProtseqValidW(name_w);
        todo(test_target == TARGET_WINE_BUILTIN && cases[i].builtin_differs)
            ok(status == cases[i].status, "%s: W got %ld\n", test_dbgstr_a(cases[i].name), status);
    }
    /* Non-ASCII UTF-16 never names a protocol sequence. The builtin converts the name to the ANSI
     * code page first, with best-fit mapping: this one becomes "ncalrpc". */
    name_w[0] = 0x146;   /* 'n' with a hacek */
    wcscpy(name_w + 1, L"calrpc");
    status = RpcNetworkIsProtseqValidW(name_w);
    todo_builtin ok(status == RPC_S_INVALID_RPC_PROTSEQ, "got %ld\n", status);
    /* NULL (docs silent): not a valid protocol sequence string. */
    status = RpcNetworkIsProtseqValidA(NULL);
    ok(status == RPC_S_INVALID_RPC_PROTSEQ, "got %ld\n", status);
    /* The builtin's W function does not check for NULL: its conversion fails and it compares an
     * uninitialised buffer, so its answer is whatever an earlier call left on the stack. */
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcNetworkIsProtseqValidW(NULL);
        ok(status == RPC_S_INVALID_RPC_PROTSEQ, "got %ld\n", status);
    }
    else skip("RpcNetworkIsProtseqValidW(NULL): Wine's builtin faults\n");
}

static void test_inq_protseqs(void)
{
    static const char *const expect[] = { "ncalrpc", "ncacn_np", "ncacn_ip_tcp" };
    /* Per entry: Wine's builtin lists another name there (it lists ncacn_np before ncalrpc). */
    static const int builtin_differs[] = { 1, 1, 0 };
    RPC_PROTSEQ_VECTORA *vector = GARBAGE, *empty = NULL;
    RPC_PROTSEQ_VECTORW *vector_w = GARBAGE, *empty_w = NULL;
    RPC_STATUS status;
    unsigned int i, j;

    status = RpcNetworkInqProtseqsA(&vector);
    ok(status == RPC_S_OK, "got %ld\n", status);
    if (!status)
    {
        ok(vector->Count == ARRAYSIZE(expect), "got %u\n", vector->Count);
        for (i = 0; i < vector->Count && i < ARRAYSIZE(expect); i++)
        {
            todo(test_target == TARGET_WINE_BUILTIN && builtin_differs[i])
                ok(!strcmp((char *)vector->Protseq[i], expect[i]), "%u: got %s\n", i,
                   test_dbgstr_a((char *)vector->Protseq[i]));
            status = RpcNetworkIsProtseqValidA(vector->Protseq[i]);
            ok(status == RPC_S_OK, "%u: got %ld\n", i, status);
        }
        status = RpcProtseqVectorFreeA(&vector);
        ok(status == RPC_S_OK, "got %ld\n", status);
        ok(vector == NULL, "got %p\n", vector);
    }

    status = RpcNetworkInqProtseqsW(&vector_w);
    ok(status == RPC_S_OK, "got %ld\n", status);
    if (!status)
    {
        ok(vector_w->Count == ARRAYSIZE(expect), "got %u\n", vector_w->Count);
        for (i = 0; i < vector_w->Count && i < ARRAYSIZE(expect); i++)
        {
            WCHAR name[32];
            for (j = 0; expect[i][j]; j++) name[j] = (unsigned char)expect[i][j];
            name[j] = 0;
            todo(test_target == TARGET_WINE_BUILTIN && builtin_differs[i])
                ok(!wcscmp((WCHAR *)vector_w->Protseq[i], name), "%u: got %s\n", i,
                   test_dbgstr_w((WCHAR *)vector_w->Protseq[i]));
        }
        status = RpcProtseqVectorFreeW(&vector_w);
        ok(status == RPC_S_OK, "got %ld\n", status);
        ok(vector_w == NULL, "got %p\n", vector_w);
    }

    /* NULL arguments (docs silent): an invalid argument; a NULL vector is nothing to free. The
     * builtin writes and reads through the NULL pointers. */
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcNetworkInqProtseqsA(NULL);
        ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
        status = RpcNetworkInqProtseqsW(NULL);
        ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
    }
    else skip("RpcNetworkInqProtseqsA/W(NULL): Wine's builtin faults\n");
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcProtseqVectorFreeA(NULL);
        ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
        status = RpcProtseqVectorFreeW(NULL);
        ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
    }
    else skip("RpcProtseqVectorFreeA/W(NULL): Wine's builtin faults\n");
    status = RpcProtseqVectorFreeA(&empty);
    ok(status == RPC_S_OK, "got %ld\n", status);
    status = RpcProtseqVectorFreeW(&empty_w);
    ok(status == RPC_S_OK, "got %ld\n", status);
}

/* ---- binding vectors ---- */

static RPC_BINDING_VECTOR *make_vector(unsigned int count)
{
    RPC_BINDING_VECTOR *vector = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY,
                                           sizeof(*vector) + count * sizeof(RPC_BINDING_HANDLE));
    vector->Count = count;
    return vector;
}

static void test_vector_free(void)
{
    RPC_BINDING_VECTOR *vector, *empty = NULL;
    RPC_BINDING_HANDLE first, second;
    RPC_STATUS status;
    UUID uuid;

    /* The builtin reads through the NULL pointer, and through the NULL vector. */
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcBindingVectorFree(NULL);
        ok(status == RPC_S_INVALID_ARG, "got %ld\n", status);
        status = RpcBindingVectorFree(&empty);
        ok(status == RPC_S_OK, "got %ld\n", status);
    }
    else skip("RpcBindingVectorFree(NULL, NULL vector): Wine's builtin faults\n");

    if (test_target == TARGET_WINDOWS)
    {
        /* Vectors come from RpcServerInqBindings; only our DLL promises the process heap for them. */
        skip("binding vectors built by hand\n");
        return;
    }
    if (test_target == TARGET_WINE_BUILTIN)
    {
        /* The builtin frees a vector with its C runtime's free(), not from the process heap, and
         * frees every handle in it unchecked (0xdeadbeef below). */
        skip("RpcBindingVectorFree(hand-built vectors): Wine's builtin faults\n");
        return;
    }

    /* Docs: every handle and the vector are freed, the pointer is cleared. NULL entries are skipped. */
    first = bind_a("ncalrpc:[one]");
    second = bind_a("ncacn_ip_tcp:h[2]");
    vector = make_vector(3);
    vector->BindingH[0] = first;
    vector->BindingH[2] = second;
    status = RpcBindingVectorFree(&vector);
    ok(status == RPC_S_OK, "got %ld\n", status);
    ok(vector == NULL, "got %p\n", vector);
    status = RpcBindingInqObject(first, &uuid);
    ok(status == RPC_S_INVALID_BINDING, "first still alive: %ld\n", status);
    status = RpcBindingInqObject(second, &uuid);
    ok(status == RPC_S_INVALID_BINDING, "second still alive: %ld\n", status);

    /* Our choice (docs silent): a vector holding a dead handle is refused whole and left untouched. */
    first = bind_a("ncalrpc:[one]");
    vector = make_vector(2);
    vector->BindingH[0] = first;
    vector->BindingH[1] = (RPC_BINDING_HANDLE)(ULONG_PTR)0xdeadbeef;
    status = RpcBindingVectorFree(&vector);
    ok(status == RPC_S_INVALID_BINDING, "got %ld\n", status);
    ok(vector != NULL, "vector freed\n");
    check_string(first, "ncalrpc:[one]");
    vector->BindingH[1] = NULL;
    status = RpcBindingVectorFree(&vector);
    ok(status == RPC_S_OK, "got %ld\n", status);
    ok(vector == NULL, "got %p\n", vector);

    /* An empty vector. */
    vector = make_vector(0);
    status = RpcBindingVectorFree(&vector);
    ok(status == RPC_S_OK, "got %ld\n", status);
    ok(vector == NULL, "got %p\n", vector);
}

/* ---- threads ---- */

static RPC_BINDING_HANDLE shared_handle;
static volatile LONG stop_threads;

static DWORD WINAPI hammer_thread(void *arg)
{
    unsigned int i, n = 0;
    (void)arg;

    while (!stop_threads)
    {
        RPC_BINDING_HANDLE mine = NULL, copy = NULL;
        RPC_CSTR str = NULL;
        ULONG_PTR value;
        UUID uuid;

        /* Whatever the other threads do, a call on the shared handle either works or says the
         * handle is invalid. */
        RPC_STATUS status = RpcBindingCopy(shared_handle, &copy);
        if (!status) RpcBindingFree(&copy);
        else if (status != RPC_S_INVALID_BINDING) return 1;
        status = RpcBindingToStringBindingA(shared_handle, &str);
        if (!status) RpcStringFreeA(&str);
        else if (status != RPC_S_INVALID_BINDING) return 2;
        status = RpcBindingInqObject(shared_handle, &uuid);
        if (status && status != RPC_S_INVALID_BINDING) return 3;
        status = RpcBindingSetOption(shared_handle, RPC_C_OPT_CALL_TIMEOUT, n);
        if (status && status != RPC_S_INVALID_BINDING) return 4;
        status = RpcBindingInqOption(shared_handle, RPC_C_OPT_CALL_TIMEOUT, &value);
        if (status && status != RPC_S_INVALID_BINDING) return 5;
        status = RpcBindingReset(shared_handle);
        if (status && status != RPC_S_INVALID_BINDING) return 6;

        for (i = 0; i < 4; i++)
        {
            if (RpcBindingFromStringBindingA((RPC_CSTR)"ncacn_ip_tcp:h[1]", &mine)) return 7;
            if (RpcBindingFree(&mine)) return 8;
        }
        n++;
    }
    return 0;
}

static void test_threads(void)
{
    HANDLE threads[4];
    RPC_STATUS status;
    DWORD code;
    unsigned int i, round;

    /* The builtin does not validate handles: the other threads would use the freed handle after it
     * is freed, the second free would free it twice, and its RpcBindingInqOption is a raising stub. */
    if (test_target == TARGET_WINE_BUILTIN)
    {
        skip("RpcBindingFree(handle in use by other threads): Wine's builtin faults\n");
        return;
    }

    for (round = 0; round < 20; round++)
    {
        RPC_BINDING_HANDLE handle = bind_a("ncalrpc:[shared]");
        RPC_BINDING_HANDLE stale = handle;
        shared_handle = handle;
        stop_threads = 0;
        for (i = 0; i < ARRAYSIZE(threads); i++) threads[i] = CreateThread(NULL, 0, hammer_thread, NULL, 0, NULL);
        Sleep(2);
        /* Freed while the others use it. */
        status = RpcBindingFree(&handle);
        ok(status == RPC_S_OK, "round %u: got %ld\n", round, status);
        Sleep(2);
        stop_threads = 1;
        for (i = 0; i < ARRAYSIZE(threads); i++)
        {
            WaitForSingleObject(threads[i], INFINITE);
            GetExitCodeThread(threads[i], &code);
            ok(code == 0, "round %u thread %u: failed at step %lu\n", round, i, code);
            CloseHandle(threads[i]);
        }
        /* A handle is its object's address, as native's are: while the others still create bindings one
         * may land at the freed address and make the stale value live again. Once they have stopped (and
         * freed all theirs), the stale value must be refused. */
        status = RpcBindingFree(&stale);
        ok(status == RPC_S_INVALID_BINDING, "round %u: second free got %ld\n", round, status);
    }
}

START_TEST(binding)
{
    test_from_string();
    test_from_string_args();
    test_to_string_wide();
    test_long_binding();
    test_copy();
    test_reset();
    test_object();
    test_options();
    test_invalid_handles();
    test_protseq_valid();
    test_inq_protseqs();
    test_vector_free();
    test_threads();
}
