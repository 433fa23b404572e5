/* binding.h: binding handles: a parsed, validated description of a server (or, on a server, of a client). */
#ifndef RPCRT4_BINDING_H
#define RPCRT4_BINDING_H

#include <windows.h>
#include <rpc.h>
#include "handle.h"
#include "protseq.h"

/* Option ids RpcBindingSetOption/RpcBindingInqOption accept: 1 to BINDING_OPTION_LIMIT - 1
 * (RPC_C_OPT_MQ_DELIVERY .. RPC_C_OPT_OPTIMIZE_TIME; the SDK's RPC_C_OPT_MAX_OPTIONS is 17, where
 * mingw-w64's older rpcdce.h says 14). Option 0 and larger ids are RPC_S_INVALID_ARG. */
#define BINDING_OPTION_LIMIT 17

struct client_assoc;
struct server_call;

/* One RPC_BINDING_HANDLE. The handle value is the object's address; it is valid while registered
 * (see handle.h). Strings are UTF-8 (generalised: unpaired UTF-16 surrogates survive), unescaped,
 * owned by the object, never NULL ("" when empty).
 *
 * Later issues add authentication information and the association this handle talks over; they go
 * below, under the same lock or under a lock of their own, and are released in binding_destroy. */
struct rpc_binding
{
    struct handle_header header;    /* first: the handle value is &header */
    enum protseq_id protseq;        /* fixed at creation */
    BOOL server;                    /* a server's handle on its caller: client-only operations answer
                                       RPC_S_WRONG_KIND_OF_BINDING */
    SRWLOCK lock;                   /* guards every field below */
    char *network_addr;             /* "" for the local host */
    char *endpoint;                 /* "" for a partially bound handle */
    char *network_options;          /* the options of the string binding, "" for none */
    UUID object;                    /* nil when none */
    ULONG_PTR options[BINDING_OPTION_LIMIT];   /* RpcBindingSetOption values by id, 0 until set */
    BOOL called;                    /* a call was made on this handle (set by the call layer) */
    unsigned int com_timeout;       /* RpcMgmtSetComTimeout's value, RPC_C_BINDING_DEFAULT_TIMEOUT at first */
    struct client_assoc *assoc;     /* client: the association calls use, a reference; NULL until the first
                                       call and after RpcBindingReset */
    struct server_call *call;       /* server: the call this handle stands for (its RPC_MESSAGE's Handle) */
};

/* A new registered binding with the given parts (copied; NULL strings are ""), options all 0.
 * The caller owns the handle (ends it with binding_free). RPC_S_OK or RPC_S_OUT_OF_MEMORY. */
RPC_STATUS binding_create(enum protseq_id protseq, const char *network_addr, const char *endpoint,
                          const char *network_options, const UUID *object, BOOL server,
                          struct rpc_binding **binding);

/* The live binding behind handle with a reference taken (drop it with binding_release), or NULL when
 * handle is not a live binding handle: the caller answers RPC_S_INVALID_BINDING. */
struct rpc_binding *binding_lookup(RPC_BINDING_HANDLE handle);
void binding_release(struct rpc_binding *binding);

/* Ends a handle: it stops being valid at once, the object goes with its last reference.
 * RPC_S_OK, or RPC_S_INVALID_BINDING when handle is not a live binding handle. */
RPC_STATUS binding_free(RPC_BINDING_HANDLE handle);

/* A binding vector (RPC_BINDING_VECTOR, as RpcServerInqBindings will hand out) is one block from the
 * process heap holding Count handles that the vector owns; RpcBindingVectorFree frees the handles and
 * the block. */

/* Endpoint syntax per protocol sequence: RPC_S_OK or RPC_S_INVALID_ENDPOINT_FORMAT ("" is fine). */
RPC_STATUS binding_check_endpoint(enum protseq_id protseq, const char *endpoint);

/* UTF-16 <-> UTF-8 for the W exports, exact both ways (an unpaired surrogate is kept as its 3-byte
 * generalised UTF-8 form). From the process heap (rpc_string_free), NULL for NULL or no memory. */
char *binding_utf8_from_w(const WCHAR *str);
WCHAR *binding_w_from_utf8(const char *str);

#endif
