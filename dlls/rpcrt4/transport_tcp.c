/* transport_tcp.c: ncacn_ip_tcp over IPv4 and IPv6: AcceptEx, WSARecv and gathered WSASend on the engine. */
#include <stdio.h>
#include <string.h>
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#include <rpc.h>
#include "transport_ops.h"
#include "status_map.h"
#include "trace.h"

/* Accepts kept pending on each listening socket. */
#define TCP_ACCEPTS    4
/* Buffers one write may carry (one WSASend). */
#define TCP_MAX_GATHER 16
/* A dynamic port is one that both families could bind: tries before giving up. */
#define PORT_TRIES     8
/* AcceptEx wants room for each address plus 16 bytes. */
#define ADDRESS_SIZE   (sizeof(SOCKADDR_STORAGE) + 16)

struct tcp_socket;

struct tcp_accept
{
    struct transport_accept base;
    struct tcp_socket *owner;
    char addresses[2 * ADDRESS_SIZE];
};

/* One listening socket, of one address family. */
struct tcp_socket
{
    SOCKET sock;
    int family;
    LPFN_ACCEPTEX accept_ex;
    struct tcp_accept accepts[TCP_ACCEPTS];
};

struct tcp_listener
{
    struct transport_listener base;
    unsigned int count;                       /* sockets open: IPv4, IPv6, or both */
    struct tcp_socket sockets[2];
};

static INIT_ONCE winsock_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK start_winsock(INIT_ONCE *once, void *param, void **context)
{
    WSADATA data;
    int error;

    (void)once; (void)param; (void)context;
    if (!(error = WSAStartup(MAKEWORD(2, 2), &data))) return TRUE;
    TRACE(TRACE_CALL, "WSAStartup: error %d", error);
    return FALSE;
}

/* Winsock started, once per process (a failure is tried again next time). */
static BOOL winsock_ready(void)
{
    return InitOnceExecuteOnce(&winsock_once, start_winsock, NULL, NULL);
}

static SOCKET new_socket(int family)
{
    return WSASocketW(family, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
}

static void set_nodelay(SOCKET sock)
{
    BOOL yes = TRUE;
    if (setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, (const char *)&yes, sizeof(yes)))
        TRACE(TRACE_CALL, "TCP_NODELAY: error %d", WSAGetLastError());
}

/* Connects sock to addr within timeout_ms; returns the Winsock error. */
static int connect_within(SOCKET sock, const ADDRINFOA *addr, DWORD timeout_ms)
{
    struct timeval tv = { .tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000 };
    u_long nonblocking = 1;
    int error = 0, size = sizeof(error);
    fd_set writable, failed;

    if (ioctlsocket(sock, FIONBIO, &nonblocking)) return WSAGetLastError();
    if (connect(sock, addr->ai_addr, addr->ai_addrlen) && (error = WSAGetLastError()) == WSAEWOULDBLOCK)
    {
        FD_ZERO(&writable);
        FD_ZERO(&failed);
        FD_SET(sock, &writable);
        FD_SET(sock, &failed);
        switch (select(0, NULL, &writable, &failed, timeout_ms == INFINITE ? NULL : &tv))
        {
        case 0:
            error = WSAETIMEDOUT;
            break;
        case SOCKET_ERROR:
            error = WSAGetLastError();
            break;
        default:
            if (getsockopt(sock, SOL_SOCKET, SO_ERROR, (char *)&error, &size)) error = WSAGetLastError();
            else if (!error && FD_ISSET(sock, &failed)) error = WSAECONNREFUSED;
        }
    }
    nonblocking = 0;
    if (!error && ioctlsocket(sock, FIONBIO, &nonblocking)) error = WSAGetLastError();
    return error;
}

static RPC_STATUS tcp_connect(const struct transport_ops *ops, const char *network_addr, const char *endpoint,
                              DWORD timeout_ms, struct transport_conn **conn)
{
    ADDRINFOA hints = { .ai_flags = AI_NUMERICSERV, .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                        .ai_protocol = IPPROTO_TCP };
    ADDRINFOA *info, *addr;
    ULONGLONG start = GetTickCount64(), elapsed = 0;
    SOCKET sock = INVALID_SOCKET;
    RPC_STATUS status;
    char service[8];
    USHORT port;
    int error;

    if ((status = transport_tcp_port(endpoint, &port))) return status;
    if (!winsock_ready()) return RPC_S_OUT_OF_RESOURCES;
    sprintf(service, "%u", port);
    /* No name: the loopback addresses of every family. */
    if ((error = getaddrinfo(*network_addr ? network_addr : NULL, service, &hints, &info)))
    {
        TRACE(TRACE_CALL, "getaddrinfo %s: error %d", network_addr, error);
        return error == WSA_NOT_ENOUGH_MEMORY ? RPC_S_OUT_OF_MEMORY : RPC_S_SERVER_UNAVAILABLE;
    }
    for (addr = info; addr; addr = addr->ai_next)
    {
        if ((sock = new_socket(addr->ai_family)) == INVALID_SOCKET) error = WSAGetLastError();
        else if ((error = connect_within(sock, addr, timeout_ms == INFINITE ? INFINITE : timeout_ms - elapsed)))
        {
            closesocket(sock);
            sock = INVALID_SOCKET;
        }
        else break;
        TRACE(TRACE_CALL, "connect %s:%s (family %d): error %d", network_addr, service, addr->ai_family, error);
        elapsed = GetTickCount64() - start;
        if (timeout_ms != INFINITE && elapsed >= timeout_ms) break;
    }
    freeaddrinfo(info);
    if (sock == INVALID_SOCKET)
        return error == WSAENOBUFS || error == WSAEMFILE ? RPC_S_OUT_OF_RESOURCES
                                                         : status_map_win32_to_rpc(error, STATUS_MAP_CONNECTING);
    set_nodelay(sock);
    if (!(status = engine_attach((HANDLE)sock)) && !(*conn = transport_conn_new(ops, (HANDLE)sock, FALSE, endpoint)))
        status = RPC_S_OUT_OF_MEMORY;
    if (status) closesocket(sock);
    return status;
}

static BOOL tcp_accept_begin(struct transport_accept *base)
{
    struct tcp_accept *accept = CONTAINING_RECORD(base, struct tcp_accept, base);
    struct tcp_socket *owner = accept->owner;
    SOCKET sock;
    DWORD bytes;
    int error;

    base->request.name = "tcp accept";
    if ((sock = new_socket(owner->family)) == INVALID_SOCKET)
    {
        TRACE(TRACE_CALL, "socket: error %d", WSAGetLastError());
        return FALSE;
    }
    base->handle = (HANDLE)sock;
    if (owner->accept_ex(owner->sock, sock, accept->addresses, 0, ADDRESS_SIZE, ADDRESS_SIZE, &bytes,
                         &base->request.overlapped))
        return TRUE;
    if ((error = WSAGetLastError()) == ERROR_IO_PENDING) return TRUE;
    if (error == WSAECONNRESET)   /* a client came and went: the completion drops the socket */
    {
        engine_post(&base->request, error, 0);
        return TRUE;
    }
    TRACE(TRACE_CALL, "AcceptEx: error %d", error);
    closesocket(sock);
    base->handle = INVALID_HANDLE_VALUE;
    return FALSE;
}

/* The accepted socket takes the listening socket's properties, then TCP_NODELAY and the engine. */
static BOOL tcp_accept_setup(struct transport_accept *base)
{
    struct tcp_accept *accept = CONTAINING_RECORD(base, struct tcp_accept, base);
    SOCKET sock = (SOCKET)base->handle;

    if (setsockopt(sock, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (const char *)&accept->owner->sock,
                   sizeof(accept->owner->sock)))
    {
        TRACE(TRACE_CALL, "SO_UPDATE_ACCEPT_CONTEXT: error %d", WSAGetLastError());
        return FALSE;
    }
    set_nodelay(sock);
    return !engine_attach(base->handle);
}

static void tcp_listener_cancel(struct transport_listener *base)
{
    struct tcp_listener *listener = CONTAINING_RECORD(base, struct tcp_listener, base);
    unsigned int i;

    for (i = 0; i < listener->count; i++) CancelIoEx((HANDLE)listener->sockets[i].sock, NULL);
}

static void close_sockets(struct tcp_listener *listener)
{
    while (listener->count) closesocket(listener->sockets[--listener->count].sock);
}

static void tcp_listener_free(struct transport_listener *base)
{
    struct tcp_listener *listener = CONTAINING_RECORD(base, struct tcp_listener, base);

    close_sockets(listener);
    HeapFree(GetProcessHeap(), 0, listener);
}

/* A listening socket of family on port (0: any free one), attached to the engine; returns the Winsock
 * error. */
static int open_listening(struct tcp_socket *socket, int family, USHORT port)
{
    SOCKADDR_STORAGE addr = { .ss_family = family };
    GUID accept_ex = WSAID_ACCEPTEX;
    BOOL yes = TRUE;
    DWORD bytes;
    int error;

    /* sin_port and sin6_port lie at the same offset; the address stays "any". */
    ((SOCKADDR_IN *)&addr)->sin_port = htons(port);
    socket->family = family;
    if ((socket->sock = new_socket(family)) == INVALID_SOCKET) return WSAGetLastError();
    /* Exclusive: a second server on the port fails instead of sharing it. IPv6 only: the IPv4 socket
     * has the same port. */
    if (setsockopt(socket->sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&yes, sizeof(yes))
        || (family == AF_INET6
            && setsockopt(socket->sock, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&yes, sizeof(yes)))
        || bind(socket->sock, (SOCKADDR *)&addr, family == AF_INET6 ? sizeof(SOCKADDR_IN6) : sizeof(SOCKADDR_IN))
        || listen(socket->sock, SOMAXCONN)
        || WSAIoctl(socket->sock, SIO_GET_EXTENSION_FUNCTION_POINTER, &accept_ex, sizeof(accept_ex),
                    &socket->accept_ex, sizeof(socket->accept_ex), &bytes, NULL, NULL))
        error = WSAGetLastError();
    else if (engine_attach((HANDLE)socket->sock)) error = WSAENOBUFS;
    else return 0;
    closesocket(socket->sock);
    return error;
}

static USHORT local_port(SOCKET sock)
{
    SOCKADDR_STORAGE addr;
    int size = sizeof(addr);
    return getsockname(sock, (SOCKADDR *)&addr, &size) ? 0 : ntohs(((SOCKADDR_IN *)&addr)->sin_port);
}

/* Opens a listening socket per family this machine has, all on one port (*port 0: a free one, set on
 * return). *retry is set when a dynamic port free for IPv4 was taken for IPv6: another port may do. */
static RPC_STATUS open_sockets(struct tcp_listener *listener, USHORT *port, BOOL *retry)
{
    static const int families[] = { AF_INET, AF_INET6 };
    BOOL dynamic = !*port;
    unsigned int i;
    int error;

    *retry = FALSE;
    for (i = 0; i < ARRAYSIZE(families); i++)
    {
        if (!(error = open_listening(&listener->sockets[listener->count], families[i], *port)))
        {
            if (!*port) *port = local_port(listener->sockets[listener->count].sock);
            listener->count++;
            continue;
        }
        TRACE(TRACE_CALL, "family %d, port %u: error %d", families[i], *port, error);
        /* A machine without this family. */
        if (error == WSAEAFNOSUPPORT || error == WSAEPROTONOSUPPORT || error == WSAEADDRNOTAVAIL) continue;
        close_sockets(listener);
        if (error == WSAEADDRINUSE || error == WSAEACCES)
        {
            *retry = dynamic && i;
            return RPC_S_DUPLICATE_ENDPOINT;
        }
        return error == WSAENOBUFS || error == WSAEMFILE ? RPC_S_OUT_OF_RESOURCES : RPC_S_CANT_CREATE_ENDPOINT;
    }
    return listener->count ? RPC_S_OK : RPC_S_CANT_CREATE_ENDPOINT;
}

static RPC_STATUS tcp_listen(const struct transport_ops *ops, const char *endpoint,
                             transport_accept_callback accept, void *context, struct transport_listener **result)
{
    struct tcp_listener *listener;
    unsigned int i, j, tries = 0, started = 0;
    USHORT wanted = 0, port;
    RPC_STATUS status;
    char actual[8];
    BOOL retry;

    if (endpoint && *endpoint && (status = transport_tcp_port(endpoint, &wanted))) return status;
    if (!winsock_ready()) return RPC_S_OUT_OF_RESOURCES;
    if (!(listener = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*listener)))) return RPC_S_OUT_OF_MEMORY;
    do
    {
        port = wanted;
        status = open_sockets(listener, &port, &retry);
    } while (retry && ++tries < PORT_TRIES);
    sprintf(actual, "%u", port);
    if (status || (status = transport_listener_init(&listener->base, ops, actual, accept, context)))
    {
        close_sockets(listener);
        HeapFree(GetProcessHeap(), 0, listener);
        return status;
    }
    for (i = 0; i < listener->count; i++)
        for (j = 0; j < TCP_ACCEPTS; j++)
        {
            listener->sockets[i].accepts[j].owner = &listener->sockets[i];
            if (transport_accept_start(&listener->sockets[i].accepts[j].base, &listener->base)) started++;
        }
    TRACE(TRACE_CALL, "port %s, %u sockets, %u accepts pending", actual, listener->count, started);
    if (!started)
    {
        transport_listener_close(&listener->base);
        return RPC_S_CANT_CREATE_ENDPOINT;
    }
    *result = &listener->base;
    return RPC_S_OK;
}

static void tcp_read(struct transport_conn *conn, struct engine_request *request, void *buf, DWORD size)
{
    WSABUF buffer = { .len = size, .buf = buf };
    DWORD flags = 0;
    int error;

    if (!WSARecv((SOCKET)conn->handle, &buffer, 1, NULL, &flags, &request->overlapped, NULL)) return;
    if ((error = WSAGetLastError()) != WSA_IO_PENDING) engine_post(request, error, 0);
}

static void tcp_write(struct transport_conn *conn, struct engine_request *request, const WSABUF *buffers,
                      DWORD count)
{
    int error;

    /* WSASend does not write to the buffers: its prototype just lacks the const. */
    if (!WSASend((SOCKET)conn->handle, (WSABUF *)buffers, count, NULL, 0, &request->overlapped, NULL)) return;
    if ((error = WSAGetLastError()) != WSA_IO_PENDING) engine_post(request, error, 0);
}

static void tcp_close_handle(HANDLE handle)
{
    closesocket((SOCKET)handle);
}

static char *tcp_peer_address(const struct transport_conn *conn)
{
    SOCKADDR_STORAGE addr;
    int size = sizeof(addr);
    char host[NI_MAXHOST];

    if (getpeername((SOCKET)conn->handle, (SOCKADDR *)&addr, &size)
        || getnameinfo((SOCKADDR *)&addr, size, host, sizeof(host), NULL, 0, NI_NUMERICHOST))
        return NULL;
    return transport_strdup(host);
}

const struct transport_ops transport_ncacn_ip_tcp_ops =
{
    .protseq = PROTSEQ_NCACN_IP_TCP,
    .max_gather = TCP_MAX_GATHER,
    .connect = tcp_connect,
    .listen = tcp_listen,
    .read = tcp_read,
    .write = tcp_write,
    .close_handle = tcp_close_handle,
    .peer_address = tcp_peer_address,
    .accept_setup = tcp_accept_setup,
    .accept_begin = tcp_accept_begin,
    .listener_cancel = tcp_listener_cancel,
    .listener_free = tcp_listener_free,
};
