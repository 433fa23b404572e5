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
};

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

/* RpcMgmtInqStats' counters, updated by the connection layer with InterlockedIncrement. */
enum server_stat { SERVER_STAT_CALLS_IN, SERVER_STAT_CALLS_OUT, SERVER_STAT_PKTS_IN, SERVER_STAT_PKTS_OUT,
                   SERVER_STAT_COUNT };
extern LONG server_stats[SERVER_STAT_COUNT];

#endif
