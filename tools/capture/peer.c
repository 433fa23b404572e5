/* peer.c: an RPC server or client over ncacn_ip_tcp whose traffic, captured, gives the wire test vectors. */
/* usage: peer.exe server PORT PROBE_PORT   listens on both ports until a client calls peer_stop
 *        peer.exe client PORT              the calls whose PDUs become vectors; prints one line per check
 *        peer.exe stop PORT                calls peer_stop
 * Built by tools/capture/capture-wine-vectors.sh and run under Wine with its builtin rpcrt4. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include "peer.h"

/* Large enough that both the request and the response need three fragments of the builtin's 5840 bytes. */
#define BIG_COUNT 12000

void __RPC_FAR *__RPC_USER MIDL_user_allocate(SIZE_T size)
{
    return malloc(size);
}

void __RPC_USER MIDL_user_free(void __RPC_FAR *ptr)
{
    free(ptr);
}

int s_peer_add(int a, int b)
{
    return a + b;
}

int s_peer_sum(int count, const unsigned char *data)
{
    int i, sum = 0;

    for (i = 0; i < count; i++) sum += data[i];
    return sum;
}

void s_peer_fill(int count, unsigned char *data)
{
    int i;

    for (i = 0; i < count; i++) data[i] = (unsigned char)(i * 7);
}

void s_peer_stop(void)
{
    RpcMgmtStopServerListening(NULL);
}

/* Never dispatched: the server registers peer without its last method. */
int s_peer_unknown(int a)
{
    return a;
}

int s_peer2_negate(int a)
{
    return -a;
}

/* Never dispatched: the server does not register peer_missing. */
int s_peer_missing_call(int a)
{
    return a;
}

static int failures;

static void check(int cond, const char *what, long actual)
{
    printf("%s %s (got %ld)\n", cond ? "ok  " : "FAIL", what, actual);
    if (!cond) failures++;
}

static int run_server(const char *port, const char *probe_port)
{
    static RPC_SERVER_INTERFACE peer_without_last;
    static RPC_DISPATCH_TABLE dispatch_without_last;
    RPC_STATUS status;

    /* The same interface with one method fewer, so that the client's last opnum is out of range. */
    peer_without_last = *(RPC_SERVER_INTERFACE *)s_peer_v1_0_s_ifspec;
    dispatch_without_last = *peer_without_last.DispatchTable;
    dispatch_without_last.DispatchTableCount--;
    peer_without_last.DispatchTable = &dispatch_without_last;

    status = RpcServerUseProtseqEpA((RPC_CSTR)"ncacn_ip_tcp", RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)port, NULL);
    check(status == RPC_S_OK, "RpcServerUseProtseqEp", status);
    status = RpcServerUseProtseqEpA((RPC_CSTR)"ncacn_ip_tcp", RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)probe_port,
                                    NULL);
    check(status == RPC_S_OK, "RpcServerUseProtseqEp(probe port)", status);
    status = RpcServerRegisterIf(&peer_without_last, NULL, NULL);
    check(status == RPC_S_OK, "RpcServerRegisterIf(peer)", status);
    status = RpcServerRegisterIf(s_peer2_v2_1_s_ifspec, NULL, NULL);
    check(status == RPC_S_OK, "RpcServerRegisterIf(peer2)", status);
    printf("listening on %s and %s\n", port, probe_port);
    fflush(stdout);
    status = RpcServerListen(1, RPC_C_LISTEN_MAX_CALLS_DEFAULT, FALSE);
    check(status == RPC_S_OK, "RpcServerListen", status);
    return failures != 0;
}

/* mingw-w64 gcc has no __try: a call expected to raise runs on its own thread, whose unhandled exception
 * ends just that thread with the exception code as its exit code. */
static LONG WINAPI exit_thread_filter(EXCEPTION_POINTERS *pointers)
{
    ExitThread(pointers->ExceptionRecord->ExceptionCode);
}

static DWORD WINAPI call_peer_unknown(void *arg)
{
    (void)arg;
    peer_unknown(1);
    return 0;
}

static DWORD WINAPI call_peer_missing(void *arg)
{
    (void)arg;
    peer_missing_call(1);
    return 0;
}

/* Runs one call on a thread of its own; returns the code of the exception it raised, 0 if none. */
static DWORD exception_of(LPTHREAD_START_ROUTINE call)
{
    HANDLE thread = CreateThread(NULL, 0, call, NULL, 0, NULL);
    DWORD code = 0;

    WaitForSingleObject(thread, INFINITE);
    GetExitCodeThread(thread, &code);
    CloseHandle(thread);
    return code;
}

/* Binds peer_handle to the server's port. */
static void connect_peer(const char *port)
{
    RPC_CSTR binding_text;
    RPC_STATUS status;

    status = RpcStringBindingComposeA(NULL, (RPC_CSTR)"ncacn_ip_tcp", (RPC_CSTR)"127.0.0.1", (RPC_CSTR)port,
                                      NULL, &binding_text);
    check(status == RPC_S_OK, "RpcStringBindingCompose", status);
    status = RpcBindingFromStringBindingA(binding_text, &peer_handle);
    check(status == RPC_S_OK, "RpcBindingFromStringBinding", status);
    RpcStringFreeA(&binding_text);
}

static int run_client(const char *port)
{
    static const UUID object = { 0x0fedcba9, 0x8765, 0x4321, { 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe } };
    static unsigned char big[BIG_COUNT];
    RPC_STATUS status;
    DWORD code;
    int i, got, sum = 0, wrong = 0;

    connect_peer(port);
    peer2_handle = missing_handle = peer_handle;

    /* bind, bind_ack, then two small calls on the same connection */
    got = peer_add(2, 3);
    check(got == 5, "peer_add(2, 3)", got);
    got = peer_add(40, 2);
    check(got == 42, "peer_add(40, 2)", got);

    /* a fragmented request, then a fragmented response */
    for (i = 0; i < BIG_COUNT; i++) sum += big[i] = (unsigned char)(i * 13);
    got = peer_sum(BIG_COUNT, big);
    check(got == sum, "peer_sum(BIG_COUNT)", got);
    memset(big, 0, sizeof(big));
    peer_fill(BIG_COUNT, big);
    for (i = 0; i < BIG_COUNT; i++) wrong += big[i] != (unsigned char)(i * 7);
    check(!wrong, "peer_fill(BIG_COUNT)", wrong);

    /* a request carrying an object UUID */
    status = RpcBindingSetObject(peer_handle, (UUID *)&object);
    check(status == RPC_S_OK, "RpcBindingSetObject", status);
    got = peer_add(7, 8);
    check(got == 15, "peer_add(7, 8) with an object UUID", got);
    status = RpcBindingSetObject(peer_handle, NULL);
    check(status == RPC_S_OK, "RpcBindingSetObject(NULL)", status);

    /* an opnum the server does not have: a fault */
    code = exception_of(call_peer_unknown);
    check(code == RPC_S_PROCNUM_OUT_OF_RANGE, "peer_unknown raises RPC_S_PROCNUM_OUT_OF_RANGE", code);

    /* a second interface on the same binding */
    got = peer2_negate(9);
    check(got == -9, "peer2_negate(9)", got);
    got = peer_add(1, 1);
    check(got == 2, "peer_add(1, 1) after peer2", got);

    /* an interface the server lacks: the bind is rejected */
    code = exception_of(call_peer_missing);
    check(code == RPC_S_UNKNOWN_IF, "peer_missing_call raises RPC_S_UNKNOWN_IF", code);

    RpcBindingFree(&peer_handle);
    return failures != 0;
}

static int run_stop(const char *port)
{
    connect_peer(port);
    peer_stop();
    RpcBindingFree(&peer_handle);
    return failures != 0;
}

int main(int argc, char **argv)
{
    int ret = 2;

    setvbuf(stdout, NULL, _IONBF, 0);
    SetUnhandledExceptionFilter(exit_thread_filter);
    if (argc == 4 && !strcmp(argv[1], "server")) ret = run_server(argv[2], argv[3]);
    else if (argc == 3 && !strcmp(argv[1], "client")) ret = run_client(argv[2]);
    else if (argc == 3 && !strcmp(argv[1], "stop")) ret = run_stop(argv[2]);
    else fprintf(stderr, "usage: peer.exe server PORT PROBE_PORT | client PORT | stop PORT\n");
    return ret;
}
