/* ndr_call.c: calls through widl's stubless (-Oicf) stubs to their server in the same process, over ncalrpc and TCP. */
#include <winsock2.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include "ndr_call_test.h"
#include "seh.h"
#include "free_port.h"
#include "test.h"

/* What the last call's server routine saw of its [in, out] and [out] parameters. */
static double square_seen;
static BOOL wide_was_null;

void __RPC_FAR *__RPC_USER MIDL_user_allocate(size_t size)
{
    return HeapAlloc(GetProcessHeap(), 0, size);
}

void __RPC_USER MIDL_user_free(void __RPC_FAR *ptr)
{
    HeapFree(GetProcessHeap(), 0, ptr);
}

/* ---- the server routines ---- */

int srv_ndrt_add(handle_t h, int a, short b, hyper c, unsigned char d, hyper *sum)
{
    (void)h;
    *sum = a + b + c + d;
    return a - b;
}

void srv_ndrt_square(handle_t h, double *x)
{
    (void)h;
    square_seen = *x;
    *x = *x * *x;
}

int srv_ndrt_sum(handle_t h, int n, const int *values)
{
    int i, sum = 0;

    (void)h;
    for (i = 0; i < n; i++) sum += values[i];
    return sum;
}

void srv_ndrt_fill(handle_t h, int n, int *values)
{
    int i;

    (void)h;
    for (i = 0; i < n; i++) values[i] = i * i;
}

int srv_ndrt_strlen(handle_t h, const char *s, const wchar_t *w, int *wlen)
{
    (void)h;
    wide_was_null = !w;
    *wlen = w ? (int)wcslen(w) : -1;
    return (int)strlen(s);
}

int srv_ndrt_list_double(handle_t h, ndrt_list *in, ndrt_list *out)
{
    int i;

    (void)h;
    out->len = in->len;
    out->values = MIDL_user_allocate(in->len * sizeof(int));
    for (i = 0; i < in->len; i++) out->values[i] = 2 * in->values[i];
    return in->len;
}

void srv_ndrt_raise(handle_t h, unsigned int code)
{
    (void)h;
    RpcRaiseException(code);
}

/* ---- the client side ---- */

/* The calls that raise run inside seh_call (mingw-w64's gcc has no RpcTryExcept). */
struct raising_call
{
    RPC_BINDING_HANDLE binding;
    unsigned int code;
};

static void raise_body(void *arg)
{
    struct raising_call *call = arg;

    ndrt_raise(call->binding, call->code);
}

/* Calls ndrt_raise(code) on binding; returns the exception code it raised, 0 if none. */
static DWORD call_raise(RPC_BINDING_HANDLE binding, unsigned int code)
{
    struct raising_call call = { binding, code };
    DWORD raised = 0;

    seh_call(raise_body, &call, NULL, NULL, &raised);
    return raised;
}

static void null_binding_body(void *arg)
{
    hyper sum;

    (void)arg;
    ndrt_add(NULL, 1, 2, 3, 4, &sum);
}

static void test_calls(RPC_BINDING_HANDLE binding, const char *protseq)
{
    static const int values[5] = { 3, 5, 7, 11, 13 };
    int filled[6], list_values[3] = { 1, -2, 300 }, wlen, result, i;
    ndrt_list in = { 3, list_values }, out;
    hyper sum = 0;
    double x = 1.5;
    DWORD code;

    result = ndrt_add(binding, 100000, -7, (hyper)1 << 40, 200, &sum);
    ok(result == 100007, "%s: ndrt_add returned %d\n", protseq, result);
    ok(sum == 100000 - 7 + ((hyper)1 << 40) + 200, "%s: ndrt_add sum %lld\n", protseq, (long long)sum);

    ndrt_square(binding, &x);
    ok(square_seen == 1.5 && x == 2.25, "%s: ndrt_square saw %g, gave %g\n", protseq, square_seen, x);

    result = ndrt_sum(binding, 5, values);
    ok(result == 39, "%s: ndrt_sum returned %d\n", protseq, result);
    result = ndrt_sum(binding, 0, values);
    ok(result == 0, "%s: ndrt_sum of nothing returned %d\n", protseq, result);

    memset(filled, 0xcc, sizeof(filled));
    ndrt_fill(binding, 5, filled);
    for (i = 0; i < 5; i++) if (filled[i] != i * i) break;
    ok(i == 5, "%s: ndrt_fill element %d is %d\n", protseq, i, i < 5 ? filled[i] : 0);
    ok(filled[5] == (int)0xcccccccc, "%s: ndrt_fill wrote past its count: %#x\n", protseq, filled[5]);

    wlen = 0;
    result = ndrt_strlen(binding, "hello, world", L"wide", &wlen);
    ok(result == 12 && wlen == 4 && !wide_was_null, "%s: ndrt_strlen returned %d, wlen %d\n", protseq, result, wlen);
    result = ndrt_strlen(binding, "", NULL, &wlen);
    ok(result == 0 && wlen == -1 && wide_was_null, "%s: ndrt_strlen(NULL) returned %d, wlen %d\n", protseq, result,
       wlen);

    /* Leftovers in [out]-only memory are not pointers to reuse: ours clears it before unmarshalling, Wine's
     * builtin copies into the leftover pointer and crashes, so it gets zeroes. */
    memset(&out, test_target == TARGET_WINE_BUILTIN ? 0 : 0xcc, sizeof(out));
    result = ndrt_list_double(binding, &in, &out);
    ok(result == 3 && out.len == 3, "%s: ndrt_list_double returned %d, len %d\n", protseq, result, out.len);
    if (out.len == 3 && out.values != GARBAGE)
    {
        ok(out.values[0] == 2 && out.values[1] == -4 && out.values[2] == 600, "%s: doubled %d %d %d\n", protseq,
           out.values[0], out.values[1], out.values[2]);
        MIDL_user_free(out.values);
    }

    /* An exception in the server routine comes back as a fault: the stub raises its status. */
    code = call_raise(binding, ERROR_ACCESS_DENIED);
    ok(code == ERROR_ACCESS_DENIED, "%s: ndrt_raise(ERROR_ACCESS_DENIED) raised %lu\n", protseq, code);
    code = call_raise(binding, RPC_S_INVALID_TAG);
    ok(code == RPC_S_INVALID_TAG, "%s: ndrt_raise(RPC_S_INVALID_TAG) raised %lu\n", protseq, code);

    /* The server goes on serving. */
    result = ndrt_sum(binding, 2, values);
    ok(result == 8, "%s: ndrt_sum after the faults returned %d\n", protseq, result);
}

static RPC_BINDING_HANDLE bind_to(const char *protseq, const char *address, const char *endpoint)
{
    RPC_BINDING_HANDLE binding = NULL;
    RPC_CSTR string = NULL;
    RPC_STATUS status;

    status = RpcStringBindingComposeA(NULL, (RPC_CSTR)protseq, (RPC_CSTR)address, (RPC_CSTR)endpoint, NULL, &string);
    ok(status == RPC_S_OK, "RpcStringBindingCompose(%s) got %ld\n", protseq, status);
    if (status) return NULL;
    status = RpcBindingFromStringBindingA(string, &binding);
    ok(status == RPC_S_OK, "RpcBindingFromStringBinding(%s) got %ld\n", (char *)string, status);
    RpcStringFreeA(&string);
    return binding;
}

START_TEST(ndr_call)
{
    char lrpc_endpoint[64], tcp_endpoint[16];
    RPC_BINDING_HANDLE binding;
    WSADATA wsa;
    RPC_STATUS status;
    DWORD code = 0;

    WSAStartup(MAKEWORD(2, 2), &wsa);
    snprintf(lrpc_endpoint, sizeof(lrpc_endpoint), "ndr_call_%lu", GetCurrentProcessId());
    snprintf(tcp_endpoint, sizeof(tcp_endpoint), "%u", test_free_port());
    status = RpcServerUseProtseqEpA((RPC_CSTR)"ncalrpc", RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)lrpc_endpoint, NULL);
    ok(status == RPC_S_OK, "RpcServerUseProtseqEp(ncalrpc) got %ld\n", status);
    status = RpcServerUseProtseqEpA((RPC_CSTR)"ncacn_ip_tcp", RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)tcp_endpoint,
                                    NULL);
    ok(status == RPC_S_OK, "RpcServerUseProtseqEp(ncacn_ip_tcp, %s) got %ld\n", tcp_endpoint, status);
    status = RpcServerRegisterIf(srv_ndr_call_test_v1_0_s_ifspec, NULL, NULL);
    ok(status == RPC_S_OK, "RpcServerRegisterIf got %ld\n", status);
    status = RpcServerListen(1, RPC_C_LISTEN_MAX_CALLS_DEFAULT, TRUE);
    ok(status == RPC_S_OK, "RpcServerListen got %ld\n", status);
    if (status) return;

    if ((binding = bind_to("ncalrpc", NULL, lrpc_endpoint)))
    {
        test_calls(binding, "ncalrpc");
        RpcBindingFree(&binding);
    }
    if ((binding = bind_to("ncacn_ip_tcp", "127.0.0.1", tcp_endpoint)))
    {
        test_calls(binding, "ncacn_ip_tcp");
        RpcBindingFree(&binding);
    }

    /* A NULL binding handle: the stub raises before anything is sent. */
    if (test_target == TARGET_WINE_BUILTIN)
        skip("Wine's builtin returns from a call on a NULL binding without raising, and the next call hangs\n");
    else
    {
        seh_call(null_binding_body, NULL, NULL, NULL, &code);
        ok(code == RPC_S_INVALID_BINDING, "ndrt_add(NULL binding) raised %lu\n", code);
    }

    /* A binding to an endpoint nobody listens on: the call raises the communication failure. */
    snprintf(lrpc_endpoint, sizeof(lrpc_endpoint), "ndr_call_nobody_%lu", GetCurrentProcessId());
    if ((binding = bind_to("ncalrpc", NULL, lrpc_endpoint)))
    {
        code = call_raise(binding, 0);
        ok(code == RPC_S_SERVER_UNAVAILABLE, "call to an endpoint nobody serves raised %lu\n", code);
        RpcBindingFree(&binding);
    }

    status = RpcMgmtStopServerListening(NULL);
    ok(status == RPC_S_OK, "RpcMgmtStopServerListening got %ld\n", status);
    status = RpcServerUnregisterIf(srv_ndr_call_test_v1_0_s_ifspec, NULL, TRUE);
    ok(status == RPC_S_OK, "RpcServerUnregisterIf got %ld\n", status);
    WSACleanup();
}
