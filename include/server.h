/* server.h: the server's registered interfaces, endpoints and listening state, as the connection layer sees them. */
#ifndef RPCRT4_SERVER_H
#define RPCRT4_SERVER_H

#include <windows.h>
#include <rpc.h>
#include "pdu.h"
#include "server_reply.h"

/* server_if.c keeps the interfaces (RpcServerRegisterIf*, RpcServerUnregisterIf*, RpcServerInqIf,
 * RpcMgmtInqIfIds), server_listen.c the listening state (RpcServerListen, RpcMgmtStopServerListening,
 * RpcMgmtWaitServerListen, RpcMgmtIsServerListening) and server_endpoint.c the endpoints
 * (RpcServerUseProtseq*, RpcServerInqBindings), whose transport listeners hand every accepted connection
 * to connection_server_accept (connection.h). The connection layer (connection.c, server_call.c) asks
 * the questions below for each bind and each request. */

/* One registration of an interface (RpcServerRegisterIf*): the caller's RPC_SERVER_INTERFACE stays the
 * caller's (it must outlive the registration, as documented); the rest is copied. Reference counted: a
 * call in progress holds one, so unregistering while calls run is safe. Read-only after registration. */
struct server_interface
{
    LONG refcount;
    const RPC_SERVER_INTERFACE *spec;   /* InterfaceId, DispatchTable, InterpreterInfo, Flags ... */
    UUID mgr_type;                      /* nil for the default manager */
    RPC_MGR_EPV *mgr_epv;               /* NULL: spec->DefaultManagerEpv */
    unsigned int flags;                 /* RPC_IF_* of the registration */
    unsigned int max_calls;             /* RPC_C_LISTEN_MAX_CALLS_DEFAULT when not given */
    unsigned int max_rpc_size;          /* largest request stub accepted; (unsigned)-1 for no limit */
    RPC_IF_CALLBACK_FN *callback;       /* security callback, NULL for none */
    LONG calls;                         /* calls of this registration in progress (server_if.c owns it) */
    struct server_interface *next;      /* the registry's chain while registered (server_if.c owns it) */
};

/* The interface description behind an RPC_IF_HANDLE: RPC_S_OK; RPC_S_INVALID_ARG for NULL;
 * RPC_S_UNKNOWN_IF for a Length other than this runtime's sizeof(RPC_SERVER_INTERFACE) (our choice, the
 * docs are silent: fields the runtime reads would lie beyond a shorter one). */
RPC_STATUS server_if_spec(RPC_IF_HANDLE if_spec, const RPC_SERVER_INTERFACE **spec);

/* The interfaces a bind may name, as server_reply_bind wants them: a heap array (HeapFree) of *count
 * entries, one per registered interface. RPC_S_OK (with *ifs NULL when none) or RPC_S_OUT_OF_MEMORY. */
RPC_STATUS server_interfaces_for_bind(struct server_reply_interface **ifs, size_t *count);

/* Starts a call on the interface with that abstract syntax (uuid, major version equal, minor at least the
 * client's), for the manager of object's type (nil object or no type: the default manager, else the
 * registration with that type's manager, else the default manager; RpcObjectSetType is not there yet, so
 * today: the registration with a nil type, else the first). Returns the registration with a reference and
 * its call counted, or NULL with *status:
 *   RPC_S_UNKNOWN_IF            no such registration (the fault says nca_s_unk_if);
 *   RPC_S_SERVER_TOO_BUSY       its max_calls are all in progress, or the server does not listen and the
 *                               interface is not RPC_IF_AUTOLISTEN (nca_s_server_too_busy);
 *   RPC_S_UNKNOWN_MGR_TYPE      the object has a type no registration serves.
 * End it with server_call_end. */
struct server_interface *server_call_begin(const struct pdu_syntax *abstract_syntax, const UUID *object,
                                           RPC_STATUS *status);

/* Ends a call begun by server_call_begin: uncounts it (waking RpcServerUnregisterIf and
 * RpcMgmtWaitServerListen when they wait for it) and drops the reference. */
void server_call_end(struct server_interface *iface);

/* The listening state (server_listen.c), for the calls of interfaces that are not RPC_IF_AUTOLISTEN: those
 * run only while RpcServerListen listens, within its MaxCalls. server_call_begin admits a call with
 * server_listen_call_begin while holding server_if.c's lock (the lock order is server_if.c's, then
 * server_listen.c's); server_call_end uncounts it with server_listen_call_end.
 * server_listen_call_begin: RPC_S_OK (counted), or RPC_S_SERVER_TOO_BUSY when the server does not listen
 * or RpcServerListen's MaxCalls are all in progress. */
RPC_STATUS server_listen_call_begin(void);
void server_listen_call_end(void);

/* The management exports' answer for a binding that names a server (RpcMgmtIsServerListening,
 * RpcMgmtStopServerListening, RpcMgmtInqStats, RpcMgmtInqIfIds with a non-NULL binding): asking another
 * server needs the management interface over a connection, which is not there yet. Returns
 * RPC_S_INVALID_BINDING (not a live binding handle), RPC_S_WRONG_KIND_OF_BINDING (a server's handle on
 * its caller) or RPC_S_CANNOT_SUPPORT. */
RPC_STATUS server_mgmt_remote(RPC_BINDING_HANDLE binding);

/* TRUE when RpcServerUseProtseq* created at least one endpoint (server_endpoint.c). */
BOOL server_endpoint_any(void);

/* RpcMgmtInqStats' counters, updated by the connection layer with InterlockedIncrement. */
enum server_stat { SERVER_STAT_CALLS_IN, SERVER_STAT_CALLS_OUT, SERVER_STAT_PKTS_IN, SERVER_STAT_PKTS_OUT,
                   SERVER_STAT_COUNT };
extern LONG server_stats[SERVER_STAT_COUNT];

#endif
