/* transport_pipe.c: ncalrpc and ncacn_np: message-mode named pipes, every operation overlapped on the engine. */
#include <string.h>
#include <winsock2.h>
#include <windows.h>
#include <rpc.h>
#include "transport_ops.h"
#include "status_map.h"
#include "trace.h"

/* Instances kept waiting in ConnectNamedPipe, so that a burst of clients finds one free; a client that
 * still finds them all busy waits in WaitNamedPipe until the next one is ready. */
#define PIPE_ACCEPTS     4
/* What the system buffers each way before a write waits for the reader. */
#define PIPE_BUFFER_SIZE 65536

struct pipe_listener
{
    struct transport_listener base;
    char path[MAX_PATH];                 /* \\.\pipe\... */
    struct transport_accept accepts[PIPE_ACCEPTS];
};

/* The status for a failed CreateFile, WaitNamedPipe or CreateNamedPipe. */
static RPC_STATUS open_status(DWORD error)
{
    if (error == ERROR_INVALID_NAME || error == ERROR_BAD_PATHNAME) return RPC_S_INVALID_ENDPOINT_FORMAT;
    if (error == ERROR_NO_SYSTEM_RESOURCES) return RPC_S_OUT_OF_RESOURCES;
    return status_map_win32_to_rpc(error, STATUS_MAP_CONNECTING);
}

/* ncacn_np reaches this machine only: "", ".", "localhost" or its name, with or without "\\". */
static RPC_STATUS check_local(const char *network_addr)
{
    char name[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD size = sizeof(name);

    if (network_addr[0] == '\\' && network_addr[1] == '\\') network_addr += 2;
    if (strchr(network_addr, '\\')) return RPC_S_INVALID_NET_ADDR;
    if (!*network_addr || !strcmp(network_addr, ".") || !lstrcmpiA(network_addr, "localhost")) return RPC_S_OK;
    if (GetComputerNameA(name, &size) && !lstrcmpiA(network_addr, name)) return RPC_S_OK;
    return RPC_S_SERVER_UNAVAILABLE;
}

/* Opens the client end, waiting up to timeout_ms while every instance is busy. */
static RPC_STATUS open_pipe(const char *path, DWORD timeout_ms, HANDLE *pipe)
{
    ULONGLONG start = GetTickCount64(), elapsed;
    DWORD error;

    for (;;)
    {
        *pipe = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
        if (*pipe != INVALID_HANDLE_VALUE) return RPC_S_OK;
        if ((error = GetLastError()) != ERROR_PIPE_BUSY) return open_status(error);
        elapsed = GetTickCount64() - start;
        /* WaitNamedPipe takes 0 as "the server's default": never pass it. */
        if (timeout_ms != INFINITE && elapsed >= timeout_ms) return RPC_S_SERVER_TOO_BUSY;
        if (!WaitNamedPipeA(path, timeout_ms == INFINITE ? NMPWAIT_WAIT_FOREVER : (DWORD)(timeout_ms - elapsed)))
        {
            error = GetLastError();
            TRACE(TRACE_CALL, "WaitNamedPipe %s: error %lu", path, error);
            return error == ERROR_SEM_TIMEOUT ? RPC_S_SERVER_TOO_BUSY : open_status(error);
        }
    }
}

static RPC_STATUS pipe_connect(const struct transport_ops *ops, const char *network_addr, const char *endpoint,
                               DWORD timeout_ms, struct transport_conn **conn)
{
    DWORD mode = PIPE_READMODE_MESSAGE;
    char path[MAX_PATH];
    RPC_STATUS status;
    HANDLE pipe;

    if ((status = transport_pipe_path(ops->protseq, endpoint, path))) return status;
    if (ops->protseq == PROTSEQ_NCACN_NP && (status = check_local(network_addr))) return status;
    if ((status = open_pipe(path, timeout_ms, &pipe))) return status;
    if (!SetNamedPipeHandleState(pipe, &mode, NULL, NULL))
    {
        TRACE(TRACE_CALL, "SetNamedPipeHandleState %s: error %lu", path, GetLastError());
        status = RPC_S_SERVER_UNAVAILABLE;
    }
    else if (!(status = engine_attach(pipe)) && !(*conn = transport_conn_new(ops, pipe, FALSE, endpoint)))
        status = RPC_S_OUT_OF_MEMORY;
    if (status) CloseHandle(pipe);
    return status;
}

/* One server instance of the pipe, attached to the engine. Returns the Win32 error. */
static DWORD create_instance(const char *path, BOOL first, HANDLE *pipe)
{
    DWORD open_mode = PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | (first ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0);
    DWORD error;

    *pipe = CreateNamedPipeA(path, open_mode, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT,
                             PIPE_UNLIMITED_INSTANCES, PIPE_BUFFER_SIZE, PIPE_BUFFER_SIZE, 0, NULL);
    if (*pipe == INVALID_HANDLE_VALUE) error = GetLastError();
    else if (engine_attach(*pipe)) error = ERROR_NO_SYSTEM_RESOURCES;
    else return ERROR_SUCCESS;
    TRACE(TRACE_CALL, "instance of %s: error %lu", path, error);
    if (*pipe != INVALID_HANDLE_VALUE) CloseHandle(*pipe);
    *pipe = INVALID_HANDLE_VALUE;
    return error;
}

static BOOL pipe_accept_begin(struct transport_accept *accept)
{
    struct pipe_listener *listener = CONTAINING_RECORD(accept->listener, struct pipe_listener, base);
    DWORD error;

    accept->request.name = "pipe accept";
    if (accept->handle == INVALID_HANDLE_VALUE && create_instance(listener->path, FALSE, &accept->handle))
        return FALSE;
    if (ConnectNamedPipe(accept->handle, &accept->request.overlapped)) return TRUE;
    switch ((error = GetLastError()))
    {
    case ERROR_IO_PENDING:
        return TRUE;
    case ERROR_PIPE_CONNECTED:   /* a client came first: no completion is queued for it */
        engine_post(&accept->request, ERROR_SUCCESS, 0);
        return TRUE;
    case ERROR_NO_DATA:          /* a client came and went: the completion drops this instance */
        engine_post(&accept->request, error, 0);
        return TRUE;
    default:
        TRACE(TRACE_CALL, "ConnectNamedPipe %s: error %lu", listener->path, error);
        CloseHandle(accept->handle);
        accept->handle = INVALID_HANDLE_VALUE;
        return FALSE;
    }
}

static void pipe_listener_cancel(struct transport_listener *base)
{
    struct pipe_listener *listener = CONTAINING_RECORD(base, struct pipe_listener, base);
    unsigned int i;

    for (i = 0; i < PIPE_ACCEPTS; i++)
        if (listener->accepts[i].handle != INVALID_HANDLE_VALUE)
            CancelIoEx(listener->accepts[i].handle, &listener->accepts[i].request.overlapped);
}

static void pipe_listener_free(struct transport_listener *base)
{
    HeapFree(GetProcessHeap(), 0, CONTAINING_RECORD(base, struct pipe_listener, base));
}

/* Whether a server already has instances of the pipe. FILE_FLAG_FIRST_PIPE_INSTANCE answers that as it
 * creates the first one, but Wine 8 ignores the flag; WaitNamedPipe asks without connecting. */
static BOOL pipe_exists(const char *path)
{
    return WaitNamedPipeA(path, 1) || GetLastError() == ERROR_SEM_TIMEOUT;
}

static RPC_STATUS pipe_listen(const struct transport_ops *ops, const char *endpoint,
                              transport_accept_callback accept, void *context, struct transport_listener **result)
{
    struct pipe_listener *listener;
    unsigned int i, started = 0;
    char dynamic[32];
    RPC_STATUS status;
    HANDLE first;
    DWORD error;

    if (!endpoint || !*endpoint)
    {
        if ((status = transport_pipe_dynamic(ops->protseq, dynamic))) return status;
        endpoint = dynamic;
    }
    if (!(listener = HeapAlloc(GetProcessHeap(), 0, sizeof(*listener)))) return RPC_S_OUT_OF_MEMORY;
    if ((status = transport_pipe_path(ops->protseq, endpoint, listener->path))) goto failed;
    /* The first instance proves that the name is ours: another server owning it refuses us. */
    if (pipe_exists(listener->path)) error = ERROR_ACCESS_DENIED;
    else error = create_instance(listener->path, TRUE, &first);
    if (error)
    {
        if (error == ERROR_ACCESS_DENIED || error == ERROR_PIPE_BUSY) status = RPC_S_DUPLICATE_ENDPOINT;
        else if (error == ERROR_INVALID_NAME || error == ERROR_BAD_PATHNAME) status = RPC_S_INVALID_ENDPOINT_FORMAT;
        else if (error == ERROR_NOT_ENOUGH_MEMORY || error == ERROR_NO_SYSTEM_RESOURCES)
            status = RPC_S_OUT_OF_RESOURCES;
        else status = RPC_S_CANT_CREATE_ENDPOINT;
        goto failed;
    }
    if ((status = transport_listener_init(&listener->base, ops, endpoint, accept, context)))
    {
        CloseHandle(first);
        goto failed;
    }
    for (i = 0; i < PIPE_ACCEPTS; i++) listener->accepts[i].handle = i ? INVALID_HANDLE_VALUE : first;
    for (i = 0; i < PIPE_ACCEPTS; i++)
        if (transport_accept_start(&listener->accepts[i], &listener->base)) started++;
    TRACE(TRACE_CALL, "%s: %u accepts pending", listener->path, started);
    if (!started)
    {
        transport_listener_close(&listener->base);
        return RPC_S_CANT_CREATE_ENDPOINT;
    }
    *result = &listener->base;
    return RPC_S_OK;

failed:
    HeapFree(GetProcessHeap(), 0, listener);
    return status;
}

static void pipe_read(struct transport_conn *conn, struct engine_request *request, void *buf, DWORD size)
{
    DWORD error;

    if (ReadFile(conn->handle, buf, size, NULL, &request->overlapped)) return;
    error = GetLastError();
    if (error != ERROR_IO_PENDING && error != ERROR_MORE_DATA) engine_post(request, error, 0);
}

static void pipe_write(struct transport_conn *conn, struct engine_request *request, const WSABUF *buffers,
                       DWORD count)
{
    DWORD error;

    (void)count;   /* 1: transport_write checked it */
    if (WriteFile(conn->handle, buffers[0].buf, buffers[0].len, NULL, &request->overlapped)) return;
    if ((error = GetLastError()) != ERROR_IO_PENDING) engine_post(request, error, 0);
}

static void pipe_close_handle(HANDLE handle)
{
    CloseHandle(handle);
}

static char *pipe_peer_address(const struct transport_conn *conn)
{
    char name[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD size = sizeof(name);

    (void)conn;
    return GetComputerNameA(name, &size) ? transport_strdup(name) : NULL;
}

#define PIPE_OPS(id) \
    .protseq = id, \
    .max_gather = 1, \
    .connect = pipe_connect, \
    .listen = pipe_listen, \
    .read = pipe_read, \
    .write = pipe_write, \
    .close_handle = pipe_close_handle, \
    .peer_address = pipe_peer_address, \
    .accept_begin = pipe_accept_begin, \
    .listener_cancel = pipe_listener_cancel, \
    .listener_free = pipe_listener_free,

const struct transport_ops transport_ncalrpc_ops = { PIPE_OPS(PROTSEQ_NCALRPC) };
const struct transport_ops transport_ncacn_np_ops = { PIPE_OPS(PROTSEQ_NCACN_NP) };
