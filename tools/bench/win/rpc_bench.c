/* rpc_bench.c: RPC round trips and echo throughput over one protocol sequence, and the raw pipe or socket floor. */
/* usage: rpc_bench server PROTSEQ ENDPOINT                serves until a "stop" call or stdin closes
 *        rpc_bench client PROTSEQ ENDPOINT TEST [SECONDS]  one measurement, one line of figures
 *        rpc_bench async-client PROTSEQ ENDPOINT N [SECONDS [FILL_SECONDS]]
 *                                                          [async] calls, N in flight (rpc_bench_async.c)
 *        rpc_bench stop PROTSEQ ENDPOINT                   asks a server to stop
 *        rpc_bench raw-server pipe|tcp ENDPOINT            the same ping-pong without RPC, until stdin closes
 *        rpc_bench raw-client pipe|tcp ENDPOINT TEST [SECONDS]
 * TEST is null (round trips per second, no data), 1k, 64k or 1m (echo of that many bytes; MB/s of the
 * payload one way: bytes sent per second, 1 MB = 10^6 bytes). The raw ping-pong writes the same number of
 * bytes and reads them back (24 for null, the size of a request or response PDU without stub data) over a
 * message-mode named pipe (as ncalrpc and ncacn_np use) or a TCP socket with TCP_NODELAY on both ends.
 * A measurement runs for SECONDS (default 1) after a short warm-up, and gives the best of 5 rounds. The
 * client prints
 *     ok VALUE UNIT (best of ROUNDS rounds; CALLS calls in TIME s)
 * or  failed: STATUS (WHAT)
 * The server, which also serves the [async] interface of bench_async.idl, prints "ready" once it listens,
 * or the same "failed:" line. With RPC_BENCH_RPCRT4=ours or builtin in the environment, a process whose
 * rpcrt4 is not that one (by its version resource) fails at once, so that a silent fall-back cannot
 * measure the wrong one. Run by tools/run-bench.sh. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rpc.h>
#include <rpcdcep.h>
#include "rpc_bench.h"

#define WARM_UP_SECONDS 0.2
#define ROUNDS 5
#define MAX_PAYLOAD (1024 * 1024)
#define RAW_NULL_SIZE 24
#define PIPE_BUFFER_SIZE 65536

enum { OP_NULL, OP_ECHO, OP_STOP };

struct test
{
    const char *name;
    unsigned int size;
};

static const struct test tests[] =
{
    { "null", 0 },
    { "1k", 1024 },
    { "64k", 64 * 1024 },
    { "1m", MAX_PAYLOAD },
};

void bench_fail(DWORD status, const char *what)
{
    printf(status > 0xffff ? "failed: %#lx (%s)\n" : "failed: %lu (%s)\n", status, what);
    ExitProcess(1);
}

/* ---- The benchmark interface, at the RPC_MESSAGE level ---- */

#define BENCH_IF_ID {{0x5be1c6a0, 0x3f2e, 0x4b1d, {0x9a, 0x61, 0x0e, 0x42, 0x7c, 0x19, 0xd3, 0x85}}, {1, 0}}
#define NDR_SYNTAX {{0x8a885d04, 0x1ceb, 0x11c9, {0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60}}, {2, 0}}

/* null (no data), echo (the request's bytes back) and stop share one routine: each answers with as many
 * bytes as its operation returns. */
static void __RPC_STUB bench_routine(RPC_MESSAGE *msg)
{
    const void *request = msg->Buffer;
    RPC_STATUS status;

    if (msg->ProcNum != OP_ECHO) msg->BufferLength = 0;
    if (msg->ProcNum == OP_STOP) RpcMgmtStopServerListening(NULL);
    if ((status = I_RpcGetBuffer(msg))) RpcRaiseException(status);
    if (msg->BufferLength) memcpy(msg->Buffer, request, msg->BufferLength);
}

static RPC_DISPATCH_FUNCTION bench_routines[] = { bench_routine, bench_routine, bench_routine };
static RPC_DISPATCH_TABLE bench_dispatch = { ARRAYSIZE(bench_routines), bench_routines, 0 };
static RPC_SERVER_INTERFACE bench_server_if =
    { sizeof(RPC_SERVER_INTERFACE), BENCH_IF_ID, NDR_SYNTAX, &bench_dispatch, 0, NULL, NULL, NULL, 0 };
static const RPC_CLIENT_INTERFACE bench_client_if =
    { sizeof(RPC_CLIENT_INTERFACE), BENCH_IF_ID, NDR_SYNTAX, NULL, 0, NULL, 0, NULL, 0 };

/* ---- Which rpcrt4 the process runs ---- */

/* Whether the rpcrt4 in this process is ours, by the ProductName of its version resource (the file name
 * does not tell: Wine names its builtin after the file it stands in for). */
static BOOL rpcrt4_is_ours(void)
{
    char path[MAX_PATH], *product;
    DWORD unused, size;
    BOOL ours = FALSE;
    void *info;
    UINT len;

    GetModuleFileNameA(GetModuleHandleA("rpcrt4.dll"), path, sizeof(path));
    if ((size = GetFileVersionInfoSizeA(path, &unused)) && (info = malloc(size)))
    {
        ours = GetFileVersionInfoA(path, 0, size, info)
               && VerQueryValueA(info, "\\StringFileInfo\\040904b0\\ProductName", (void **)&product, &len)
               && !strcmp(product, "rpcrt4-ng");
        free(info);
    }
    return ours;
}

static void check_rpcrt4(void)
{
    const char *wanted = getenv("RPC_BENCH_RPCRT4");

    if (wanted && rpcrt4_is_ours() != !strcmp(wanted, "ours"))
    {
        printf("failed: wrong-rpcrt4 (wanted %s, loaded %s)\n", wanted, rpcrt4_is_ours() ? "ours" : "another");
        ExitProcess(1);
    }
}

/* ---- Stopping on end of input ---- */

static void (*on_end_of_input)(void);

/* Runs on_end_of_input once stdin reaches its end (the runner closed it). */
static DWORD WINAPI stdin_watch(void *unused)
{
    HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
    char byte;
    DWORD got;

    (void)unused;
    while (ReadFile(input, &byte, 1, &got, NULL) && got) {}
    on_end_of_input();
    return 0;
}

static void stop_on_end_of_input(void (*stop)(void))
{
    HANDLE thread;

    on_end_of_input = stop;
    if (!(thread = CreateThread(NULL, 0, stdin_watch, NULL, 0, NULL))) bench_fail(GetLastError(), "CreateThread");
    CloseHandle(thread);
}

static void stop_listening(void)
{
    RpcMgmtStopServerListening(NULL);
}

static void exit_now(void)
{
    ExitProcess(0);
}

/* ---- The RPC server and client ---- */

static int run_server(const char *protseq, const char *endpoint)
{
    RPC_STATUS status;

    if ((status = RpcServerUseProtseqEpA((RPC_CSTR)protseq, RPC_C_PROTSEQ_MAX_REQS_DEFAULT, (RPC_CSTR)endpoint,
                                         NULL)))
        bench_fail(status, "RpcServerUseProtseqEp");
    if ((status = RpcServerRegisterIf(&bench_server_if, NULL, NULL))) bench_fail(status, "RpcServerRegisterIf");
    bench_async_register();
    if ((status = RpcServerListen(1, RPC_C_LISTEN_MAX_CALLS_DEFAULT, TRUE))) bench_fail(status, "RpcServerListen");
    stop_on_end_of_input(stop_listening);
    printf("ready\n");
    if ((status = RpcMgmtWaitServerListen())) bench_fail(status, "RpcMgmtWaitServerListen");
    return 0;
}

RPC_BINDING_HANDLE bench_bind(const char *protseq, const char *endpoint)
{
    const char *address = strcmp(protseq, "ncacn_ip_tcp") ? NULL : "127.0.0.1";
    RPC_BINDING_HANDLE binding;
    RPC_CSTR text;
    RPC_STATUS status;

    if ((status = RpcStringBindingComposeA(NULL, (RPC_CSTR)protseq, (RPC_CSTR)address, (RPC_CSTR)endpoint, NULL,
                                           &text)))
        bench_fail(status, "RpcStringBindingCompose");
    if ((status = RpcBindingFromStringBindingA(text, &binding))) bench_fail(status, "RpcBindingFromStringBinding");
    RpcStringFreeA(&text);
    return binding;
}

/* One call of opnum carrying size bytes of data; an echo must bring them back unchanged. */
static void rpc_call(void *binding, unsigned int opnum, const unsigned char *data, unsigned int size)
{
    RPC_MESSAGE msg;
    RPC_STATUS status;

    memset(&msg, 0, sizeof(msg));
    msg.Handle = binding;
    msg.DataRepresentation = NDR_LOCAL_DATA_REPRESENTATION;
    msg.RpcInterfaceInformation = (void *)&bench_client_if;
    msg.ProcNum = opnum | RPC_FLAGS_VALID_BIT;
    msg.BufferLength = size;
    if ((status = I_RpcGetBuffer(&msg))) bench_fail(status, "I_RpcGetBuffer");
    memcpy(msg.Buffer, data, size);
    if ((status = I_RpcSendReceive(&msg))) bench_fail(status, "I_RpcSendReceive");
    if (msg.BufferLength != (opnum == OP_ECHO ? size : 0)) bench_fail(msg.BufferLength, "reply length");
    if (memcmp(msg.Buffer, data, msg.BufferLength)) bench_fail(0, "reply bytes differ");
    if ((status = I_RpcFreeBuffer(&msg))) bench_fail(status, "I_RpcFreeBuffer");
}

static void rpc_round_trip(void *binding, const unsigned char *data, unsigned int size)
{
    rpc_call(binding, size ? OP_ECHO : OP_NULL, data, size);
}

/* ---- The raw floor: the same ping-pong over a message-mode pipe or a TCP socket ---- */

/* A raw message of N bytes starts with N (4 bytes, little endian): the TCP reader needs it, and the pipe
 * carries it too so that both move the same bytes. */
struct raw_ops
{
    /* Server: creates the endpoint, ready for a client to connect; returns the listener. */
    void *(*listen)(const char *endpoint);
    /* Server: waits for the next client; returns its connection. */
    HANDLE (*accept)(void *listener);
    HANDLE (*connect)(const char *endpoint);
    /* Reads one message into buffer (MAX_PAYLOAD bytes); returns its size, 0 once the peer has gone. */
    unsigned int (*receive)(HANDLE conn, unsigned char *buffer);
    /* Writes size bytes; FALSE once the peer has gone. */
    BOOL (*send)(HANDLE conn, const unsigned char *buffer, unsigned int size);
    void (*close)(HANDLE conn);
};

/* The pipe server keeps one instance waiting while it serves the other, so that a client never finds none. */
struct pipe_listener
{
    char name[MAX_PATH];
    HANDLE next;
};

static void pipe_path(char *name, const char *endpoint)
{
    snprintf(name, MAX_PATH, "\\\\.\\pipe\\%s", endpoint);
}

static HANDLE pipe_instance(const char *name)
{
    HANDLE pipe = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT,
                                   PIPE_UNLIMITED_INSTANCES, PIPE_BUFFER_SIZE, PIPE_BUFFER_SIZE, 0, NULL);

    if (pipe == INVALID_HANDLE_VALUE) bench_fail(GetLastError(), "CreateNamedPipe");
    return pipe;
}

static void *pipe_listen(const char *endpoint)
{
    static struct pipe_listener listener;

    pipe_path(listener.name, endpoint);
    listener.next = pipe_instance(listener.name);
    return &listener;
}

static HANDLE pipe_accept(void *context)
{
    struct pipe_listener *listener = context;
    HANDLE pipe = listener->next;

    if (!ConnectNamedPipe(pipe, NULL) && GetLastError() != ERROR_PIPE_CONNECTED)
        bench_fail(GetLastError(), "ConnectNamedPipe");
    listener->next = pipe_instance(listener->name);
    return pipe;
}

static HANDLE pipe_connect(const char *endpoint)
{
    DWORD mode = PIPE_READMODE_MESSAGE;
    char name[MAX_PATH];
    HANDLE pipe;

    pipe_path(name, endpoint);
    if (!WaitNamedPipeA(name, 10000)) bench_fail(GetLastError(), "WaitNamedPipe");
    pipe = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (pipe == INVALID_HANDLE_VALUE) bench_fail(GetLastError(), "CreateFile(pipe)");
    if (!SetNamedPipeHandleState(pipe, &mode, NULL, NULL)) bench_fail(GetLastError(), "SetNamedPipeHandleState");
    return pipe;
}

static unsigned int pipe_receive(HANDLE pipe, unsigned char *buffer)
{
    DWORD got, total = 0;

    for (;;)
    {
        if (ReadFile(pipe, buffer + total, MAX_PAYLOAD - total, &got, NULL)) return total + got;
        if (GetLastError() != ERROR_MORE_DATA || (total += got) == MAX_PAYLOAD) return 0;
    }
}

static BOOL pipe_send(HANDLE pipe, const unsigned char *buffer, unsigned int size)
{
    DWORD done;

    return WriteFile(pipe, buffer, size, &done, NULL) && done == size;
}

static void pipe_close(HANDLE pipe)
{
    CloseHandle(pipe);
}

static struct sockaddr_in loopback(const char *port)
{
    struct sockaddr_in addr;

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
}

static SOCKET tcp_socket(void)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

    if (s == INVALID_SOCKET) bench_fail(WSAGetLastError(), "socket");
    return s;
}

static void no_delay(SOCKET s)
{
    BOOL on = TRUE;

    if (setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (char *)&on, sizeof(on))) bench_fail(WSAGetLastError(), "TCP_NODELAY");
}

static void *tcp_listen(const char *endpoint)
{
    struct sockaddr_in addr = loopback(endpoint);
    SOCKET s = tcp_socket();

    if (bind(s, (struct sockaddr *)&addr, sizeof(addr))) bench_fail(WSAGetLastError(), "bind");
    if (listen(s, SOMAXCONN)) bench_fail(WSAGetLastError(), "listen");
    return (void *)s;
}

static HANDLE tcp_accept(void *listener)
{
    SOCKET s = accept((SOCKET)listener, NULL, NULL);

    if (s == INVALID_SOCKET) bench_fail(WSAGetLastError(), "accept");
    no_delay(s);
    return (HANDLE)s;
}

static HANDLE tcp_connect(const char *endpoint)
{
    struct sockaddr_in addr = loopback(endpoint);
    SOCKET s = tcp_socket();

    no_delay(s);
    if (connect(s, (struct sockaddr *)&addr, sizeof(addr))) bench_fail(WSAGetLastError(), "connect");
    return (HANDLE)s;
}

/* Reads whatever has come, as one read where the whole message is there: the peer sends nothing more before
 * this message is answered. */
static unsigned int tcp_receive(HANDLE conn, unsigned char *buffer)
{
    unsigned int total = 0, size = 4;
    int got;

    while (total < size)
    {
        if ((got = recv((SOCKET)conn, (char *)buffer + total, MAX_PAYLOAD - total, 0)) <= 0) return 0;
        total += got;
        if (total >= 4) memcpy(&size, buffer, 4);
        if (size < 4 || size > MAX_PAYLOAD) return 0;
    }
    return total == size ? size : 0;
}

static BOOL tcp_send(HANDLE conn, const unsigned char *buffer, unsigned int size)
{
    int sent;

    for (; size; buffer += sent, size -= sent)
        if ((sent = send((SOCKET)conn, (const char *)buffer, size, 0)) <= 0) return FALSE;
    return TRUE;
}

static void tcp_close(HANDLE conn)
{
    closesocket((SOCKET)conn);
}

static const struct raw_ops pipe_ops = { pipe_listen, pipe_accept, pipe_connect, pipe_receive, pipe_send, pipe_close };
static const struct raw_ops tcp_ops = { tcp_listen, tcp_accept, tcp_connect, tcp_receive, tcp_send, tcp_close };

static const struct raw_ops *raw_kind(const char *kind)
{
    WSADATA wsa;

    if (!strcmp(kind, "pipe")) return &pipe_ops;
    if (strcmp(kind, "tcp")) return NULL;
    if (WSAStartup(MAKEWORD(2, 2), &wsa)) bench_fail(WSAGetLastError(), "WSAStartup");
    return &tcp_ops;
}

/* Serves one client at a time, echoing each message, until stdin closes. */
static int run_raw_server(const char *kind, const char *endpoint)
{
    const struct raw_ops *ops = raw_kind(kind);
    unsigned char *buffer = malloc(MAX_PAYLOAD);
    unsigned int size;
    void *listener;
    HANDLE conn;

    if (!ops) return 2;
    if (!buffer) bench_fail(ERROR_OUTOFMEMORY, "malloc");
    listener = ops->listen(endpoint);
    stop_on_end_of_input(exit_now);
    printf("ready\n");
    for (;;)
    {
        conn = ops->accept(listener);
        while ((size = ops->receive(conn, buffer)) && ops->send(conn, buffer, size)) {}
        ops->close(conn);
    }
}

struct raw_client
{
    const struct raw_ops *ops;
    HANDLE conn;
    unsigned char *reply;
};

static void raw_round_trip(void *context, const unsigned char *data, unsigned int size)
{
    struct raw_client *client = context;

    if (!client->ops->send(client->conn, data, size)) bench_fail(GetLastError(), "raw send");
    if (client->ops->receive(client->conn, client->reply) != size) bench_fail(GetLastError(), "raw receive");
    if (memcmp(client->reply, data, size)) bench_fail(0, "reply bytes differ");
}

/* ---- Measuring ---- */

static double now(void)
{
    static LARGE_INTEGER frequency;
    LARGE_INTEGER counter;

    if (!frequency.QuadPart) QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&counter);
    return (double)counter.QuadPart / frequency.QuadPart;
}

void bench_measure(double seconds, bench_round_trip_fn round_trip, void *context, const unsigned char *data,
                   unsigned int size, struct bench_figure *figure)
{
    double start, round_start, elapsed;
    long calls;

    memset(figure, 0, sizeof(*figure));
    start = now();
    do round_trip(context, data, size); while (now() - start < WARM_UP_SECONDS);
    start = now();
    for (; figure->rounds < ROUNDS && (!figure->rounds || now() - start < seconds); figure->rounds++)
    {
        round_start = now();
        calls = 0;
        do
        {
            round_trip(context, data, size);
            calls++;
        } while ((elapsed = now() - round_start) < seconds / ROUNDS);
        if (calls / elapsed > figure->best) figure->best = calls / elapsed;
        figure->calls += calls;
    }
    figure->seconds = now() - start;
}

void bench_print_figure(const struct bench_figure *figure, unsigned int payload)
{
    if (payload) printf("ok %.2f MB/s", figure->best * payload / 1e6);
    else printf("ok %.0f calls/s", figure->best);
    printf(" (best of %u rounds; %ld calls in %.3f s)\n", figure->rounds, figure->calls, figure->seconds);
}

/* Measures round trips of size bytes (a pattern led by its size, so that the raw TCP reader finds it) and
 * prints the figure of test: a burst of load on a shared machine then spoils a round, not the figure, and
 * a slow implementation does not stretch the run. */
static void measure(const struct test *test, unsigned int size, double seconds, bench_round_trip_fn round_trip,
                    void *context)
{
    unsigned char *data = malloc(size ? size : 1);
    struct bench_figure figure;
    unsigned int i;

    if (!data) bench_fail(ERROR_OUTOFMEMORY, "malloc");
    for (i = 0; i < size; i++) data[i] = (unsigned char)(i * 31 + 7);
    if (size >= 4) memcpy(data, &size, 4);
    bench_measure(seconds, round_trip, context, data, size, &figure);
    bench_print_figure(&figure, test->size);
    free(data);
}

static const struct test *find_test(const char *name)
{
    unsigned int i;

    for (i = 0; i < ARRAYSIZE(tests); i++)
        if (!strcmp(tests[i].name, name)) return &tests[i];
    return NULL;
}

static double seconds_arg(int argc, char **argv, int index)
{
    double seconds = argc > index ? atof(argv[index]) : 1.0;
    return seconds > 0 ? seconds : 1.0;
}

static int run_client(const char *protseq, const char *endpoint, const struct test *test, double seconds)
{
    RPC_BINDING_HANDLE binding = bench_bind(protseq, endpoint);

    measure(test, test->size, seconds, rpc_round_trip, binding);
    RpcBindingFree(&binding);
    return 0;
}

static int run_stop(const char *protseq, const char *endpoint)
{
    RPC_BINDING_HANDLE binding = bench_bind(protseq, endpoint);

    rpc_call(binding, OP_STOP, NULL, 0);
    RpcBindingFree(&binding);
    return 0;
}

static int run_raw_client(const char *kind, const char *endpoint, const struct test *test, double seconds)
{
    struct raw_client client;

    if (!(client.ops = raw_kind(kind))) return 2;
    if (!(client.reply = malloc(MAX_PAYLOAD))) bench_fail(ERROR_OUTOFMEMORY, "malloc");
    client.conn = client.ops->connect(endpoint);
    measure(test, test->size ? test->size : RAW_NULL_SIZE, seconds, raw_round_trip, &client);
    client.ops->close(client.conn);
    return 0;
}

/* A crash (ours may have bugs) prints its failure line and ends the process instead of starting a debugger. */
static LONG WINAPI crash_filter(EXCEPTION_POINTERS *pointers)
{
    bench_fail(pointers->ExceptionRecord->ExceptionCode, "exception");
    return EXCEPTION_EXECUTE_HANDLER;
}

int main(int argc, char **argv)
{
    const struct test *test = argc > 4 ? find_test(argv[4]) : NULL;
    const char *mode = argc > 1 ? argv[1] : "";
    int ret = 2;

    setvbuf(stdout, NULL, _IONBF, 0);
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
    SetUnhandledExceptionFilter(crash_filter);
    if (strncmp(mode, "raw-", 4)) check_rpcrt4();
    if (argc == 4 && !strcmp(mode, "server")) ret = run_server(argv[2], argv[3]);
    else if (argc >= 5 && test && !strcmp(mode, "client"))
        ret = run_client(argv[2], argv[3], test, seconds_arg(argc, argv, 5));
    else if (argc >= 5 && !strcmp(mode, "async-client") && atoi(argv[4]) > 0)
        ret = bench_async_client(argv[2], argv[3], atoi(argv[4]), seconds_arg(argc, argv, 5),
                                 seconds_arg(argc, argv, 6));
    else if (argc == 4 && !strcmp(mode, "stop")) ret = run_stop(argv[2], argv[3]);
    else if (argc == 4 && !strcmp(mode, "raw-server")) ret = run_raw_server(argv[2], argv[3]);
    else if (argc >= 5 && test && !strcmp(mode, "raw-client"))
        ret = run_raw_client(argv[2], argv[3], test, seconds_arg(argc, argv, 5));
    if (ret == 2)
        fprintf(stderr, "usage: rpc_bench server|stop PROTSEQ ENDPOINT | client PROTSEQ ENDPOINT TEST [SECONDS]\n"
                        "       rpc_bench async-client PROTSEQ ENDPOINT IN_FLIGHT [SECONDS [FILL_SECONDS]]\n"
                        "       rpc_bench raw-server pipe|tcp ENDPOINT | raw-client pipe|tcp ENDPOINT TEST [SECONDS]\n"
                        "TEST: null 1k 64k 1m\n");
    return ret;
}
