/* server_endpoint.c: the server's endpoints: RpcServerUseProtseq*, RpcServerUseAllProtseqs*, RpcServerInqBindings. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <winsock2.h>
#include <windows.h>
#include <rpc.h>
#include "binding.h"
#include "connection.h"
#include "protseq.h"
#include "rpc_string.h"
#include "server.h"
#include "trace.h"
#include "transport.h"

/* RpcServerInqBindingsEx's declaration is missing from mingw-w64's rpcdce.h. */
RPC_STATUS RPC_ENTRY RpcServerInqBindingsEx(void *SecurityDescriptor, RPC_BINDING_VECTOR **BindingVector);

/* One endpoint. Endpoints live as long as the process: no export removes one. */
struct endpoint
{
    struct endpoint *next;
    enum protseq_id protseq;
    char *name;                             /* the endpoint in the protocol sequence's syntax */
    BOOL dynamic;                           /* made without an endpoint name */
    struct transport_listener *listener;
};

/* create_lock makes one endpoint at a time, so that the same endpoint is not made twice; it is held
 * while transport_listen runs, which never calls back into this file. list_lock guards the chain, in
 * the order the endpoints were made. */
static SRWLOCK create_lock = SRWLOCK_INIT;
static SRWLOCK list_lock = SRWLOCK_INIT;
static struct endpoint *endpoints, **endpoints_tail = &endpoints;

/* What a RpcServerUseProtseq* export asks for. */
enum use_kind
{
    USE_DYNAMIC,        /* one endpoint the transport names */
    USE_ENDPOINT,       /* the endpoint given */
    USE_INTERFACE       /* the endpoints the interface's [endpoint] attribute names */
};

/* Whether an existing endpoint is the one name asks for: TCP ports by value, pipe names in any case. */
static BOOL same_endpoint(const struct endpoint *ep, enum protseq_id protseq, const char *name)
{
    if (ep->protseq != protseq) return FALSE;
    if (protseq == PROTSEQ_NCACN_IP_TCP) return strtoul(ep->name, NULL, 10) == strtoul(name, NULL, 10);
    return !_stricmp(ep->name, name);
}

/* The endpoint that a request for name (NULL: a dynamic one) finds already made, or NULL. */
static struct endpoint *find_endpoint(enum protseq_id protseq, const char *name)
{
    struct endpoint *ep;

    AcquireSRWLockShared(&list_lock);
    for (ep = endpoints; ep; ep = ep->next)
        if (name ? same_endpoint(ep, protseq, name) : ep->protseq == protseq && ep->dynamic) break;
    ReleaseSRWLockShared(&list_lock);
    return ep;
}

/* Makes an endpoint unless this process has it already (asking again for an endpoint it has succeeds:
 * the docs list no error for it). A dynamic request makes one endpoint per protocol sequence (our choice,
 * the docs are silent: later requests find the first). backlog is RpcServerUseProtseq*'s MaxCalls.
 * RPC_S_OK, RPC_S_INVALID_ENDPOINT_FORMAT, and transport_listen's failures, RPC_S_DUPLICATE_ENDPOINT
 * (another process has it) among them. */
static RPC_STATUS use_endpoint(enum protseq_id protseq, const char *name, unsigned int backlog)
{
    struct endpoint *ep;
    RPC_STATUS status;

    if (name && (status = binding_check_endpoint(protseq, name))) return status;
    AcquireSRWLockExclusive(&create_lock);
    if (find_endpoint(protseq, name)) status = RPC_S_OK;
    else if (!(ep = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*ep)))) status = RPC_S_OUT_OF_MEMORY;
    else
    {
        ep->protseq = protseq;
        ep->dynamic = !name;
        status = transport_listen(protseq, name, backlog, connection_server_accept, NULL, &ep->listener, &ep->name);
        if (status) HeapFree(GetProcessHeap(), 0, ep);
        else
        {
            AcquireSRWLockExclusive(&list_lock);
            *endpoints_tail = ep;
            endpoints_tail = &ep->next;
            ReleaseSRWLockExclusive(&list_lock);
        }
    }
    ReleaseSRWLockExclusive(&create_lock);
    return status;
}

/* The endpoints the interface's [endpoint] attribute names for protseq, or for every supported protocol
 * sequence when all is set. RPC_S_OK; RPC_S_PROTSEQ_NOT_FOUND when it names none for protseq (docs);
 * RPC_S_NO_PROTSEQS when it names none for any supported protocol sequence (our choice, as
 * RpcNetworkInqProtseqs answers when there are none); use_endpoint's failures, the first one ending it;
 * server_if_spec's for a bad if_spec. */
static RPC_STATUS use_interface(enum protseq_id protseq, BOOL all, RPC_IF_HANDLE if_spec, unsigned int backlog)
{
    const RPC_SERVER_INTERFACE *spec;
    RPC_STATUS status;
    BOOL found = FALSE;
    unsigned int i;

    if ((status = server_if_spec(if_spec, &spec))) return status;
    for (i = 0; i < spec->RpcProtseqEndpointCount && !status; i++)
    {
        const RPC_PROTSEQ_ENDPOINT *entry = &spec->RpcProtseqEndpoint[i];
        enum protseq_id id;

        if (protseq_lookup((const char *)entry->RpcProtocolSequence, &id) || (!all && id != protseq)) continue;
        found = TRUE;
        status = entry->Endpoint && *entry->Endpoint ? use_endpoint(id, (const char *)entry->Endpoint, backlog)
                                                     : RPC_S_INVALID_ENDPOINT_FORMAT;
    }
    if (!status && !found) status = all ? RPC_S_NO_PROTSEQS : RPC_S_PROTSEQ_NOT_FOUND;
    return status;
}

/* One RpcServerUseProtseq* request, strings in UTF-8. The security descriptor and the RPC_POLICY are not
 * taken: transport_listen secures nothing beyond the system's defaults, and the policy's port ranges and
 * network cards do not exist here (every endpoint listens on every address). Wine's builtin also takes any
 * policy, a NULL one and a zero Length included. */
static RPC_STATUS use_protseq(const char *protseq, enum use_kind kind, const char *endpoint,
                              RPC_IF_HANDLE if_spec, unsigned int backlog, void *security, const RPC_POLICY *policy)
{
    enum protseq_id id;
    RPC_STATUS status = protseq_lookup(protseq, &id);

    if (!status)
    {
        if (kind == USE_DYNAMIC) status = use_endpoint(id, NULL, backlog);
        else if (kind == USE_INTERFACE) status = use_interface(id, FALSE, if_spec, backlog);
        /* Our choice (docs silent): no endpoint, or an empty one, is no endpoint format at all. */
        else if (!endpoint || !*endpoint) status = RPC_S_INVALID_ENDPOINT_FORMAT;
        else status = use_endpoint(id, endpoint, backlog);
    }
    TRACE(TRACE_API, "%.32s %d %.64s %p security %p policy %p -> %ld", protseq ? protseq : "(null)", kind,
          endpoint ? endpoint : "(null)", if_spec, security, policy, status);
    return status;
}

/* The W exports: their strings as UTF-8. */
static RPC_STATUS use_protseq_w(const WCHAR *protseq, enum use_kind kind, const WCHAR *endpoint,
                                RPC_IF_HANDLE if_spec, unsigned int backlog, void *security, const RPC_POLICY *policy)
{
    char *protseq_utf8 = binding_utf8_from_w(protseq), *endpoint_utf8 = binding_utf8_from_w(endpoint);
    RPC_STATUS status;

    if ((protseq && !protseq_utf8) || (endpoint && !endpoint_utf8)) status = RPC_S_OUT_OF_MEMORY;
    else status = use_protseq(protseq_utf8, kind, endpoint_utf8, if_spec, backlog, security, policy);
    rpc_string_free(protseq_utf8);
    rpc_string_free(endpoint_utf8);
    return status;
}

/* The A exports: their strings from the ANSI code page, through UTF-16 as the W exports take them. */
static RPC_STATUS use_protseq_a(const unsigned char *protseq, enum use_kind kind, const unsigned char *endpoint,
                                RPC_IF_HANDLE if_spec, unsigned int backlog, void *security, const RPC_POLICY *policy)
{
    WCHAR *protseq_w = rpc_a_to_w((const char *)protseq), *endpoint_w = rpc_a_to_w((const char *)endpoint);
    RPC_STATUS status;

    if ((protseq && !protseq_w) || (endpoint && !endpoint_w)) status = RPC_S_OUT_OF_MEMORY;
    else status = use_protseq_w(protseq_w, kind, endpoint_w, if_spec, backlog, security, policy);
    rpc_string_free(protseq_w);
    rpc_string_free(endpoint_w);
    return status;
}

/* RpcServerUseProtseqA */
RPC_STATUS RPC_ENTRY RpcServerUseProtseqA(RPC_CSTR Protseq, unsigned int MaxCalls, void *SecurityDescriptor)
{
    return use_protseq_a(Protseq, USE_DYNAMIC, NULL, NULL, MaxCalls, SecurityDescriptor, NULL);
}

/* RpcServerUseProtseqW */
RPC_STATUS RPC_ENTRY RpcServerUseProtseqW(RPC_WSTR Protseq, unsigned int MaxCalls, void *SecurityDescriptor)
{
    return use_protseq_w(Protseq, USE_DYNAMIC, NULL, NULL, MaxCalls, SecurityDescriptor, NULL);
}

/* RpcServerUseProtseqExA */
RPC_STATUS RPC_ENTRY RpcServerUseProtseqExA(RPC_CSTR Protseq, unsigned int MaxCalls, void *SecurityDescriptor,
                                            PRPC_POLICY Policy)
{
    return use_protseq_a(Protseq, USE_DYNAMIC, NULL, NULL, MaxCalls, SecurityDescriptor, Policy);
}

/* RpcServerUseProtseqExW */
RPC_STATUS RPC_ENTRY RpcServerUseProtseqExW(RPC_WSTR Protseq, unsigned int MaxCalls, void *SecurityDescriptor,
                                            PRPC_POLICY Policy)
{
    return use_protseq_w(Protseq, USE_DYNAMIC, NULL, NULL, MaxCalls, SecurityDescriptor, Policy);
}

/* RpcServerUseProtseqEpA */
RPC_STATUS RPC_ENTRY RpcServerUseProtseqEpA(RPC_CSTR Protseq, unsigned int MaxCalls, RPC_CSTR Endpoint,
                                            void *SecurityDescriptor)
{
    return use_protseq_a(Protseq, USE_ENDPOINT, Endpoint, NULL, MaxCalls, SecurityDescriptor, NULL);
}

/* RpcServerUseProtseqEpW */
RPC_STATUS RPC_ENTRY RpcServerUseProtseqEpW(RPC_WSTR Protseq, unsigned int MaxCalls, RPC_WSTR Endpoint,
                                            void *SecurityDescriptor)
{
    return use_protseq_w(Protseq, USE_ENDPOINT, Endpoint, NULL, MaxCalls, SecurityDescriptor, NULL);
}

/* RpcServerUseProtseqEpExA */
RPC_STATUS RPC_ENTRY RpcServerUseProtseqEpExA(RPC_CSTR Protseq, unsigned int MaxCalls, RPC_CSTR Endpoint,
                                              void *SecurityDescriptor, PRPC_POLICY Policy)
{
    return use_protseq_a(Protseq, USE_ENDPOINT, Endpoint, NULL, MaxCalls, SecurityDescriptor, Policy);
}

/* RpcServerUseProtseqEpExW */
RPC_STATUS RPC_ENTRY RpcServerUseProtseqEpExW(RPC_WSTR Protseq, unsigned int MaxCalls, RPC_WSTR Endpoint,
                                              void *SecurityDescriptor, PRPC_POLICY Policy)
{
    return use_protseq_w(Protseq, USE_ENDPOINT, Endpoint, NULL, MaxCalls, SecurityDescriptor, Policy);
}

/* RpcServerUseProtseqIfA */
RPC_STATUS RPC_ENTRY RpcServerUseProtseqIfA(RPC_CSTR Protseq, unsigned int MaxCalls, RPC_IF_HANDLE IfSpec,
                                            void *SecurityDescriptor)
{
    return use_protseq_a(Protseq, USE_INTERFACE, NULL, IfSpec, MaxCalls, SecurityDescriptor, NULL);
}

/* RpcServerUseProtseqIfW */
RPC_STATUS RPC_ENTRY RpcServerUseProtseqIfW(RPC_WSTR Protseq, unsigned int MaxCalls, RPC_IF_HANDLE IfSpec,
                                            void *SecurityDescriptor)
{
    return use_protseq_w(Protseq, USE_INTERFACE, NULL, IfSpec, MaxCalls, SecurityDescriptor, NULL);
}

/* RpcServerUseProtseqIfExA */
RPC_STATUS RPC_ENTRY RpcServerUseProtseqIfExA(RPC_CSTR Protseq, unsigned int MaxCalls, RPC_IF_HANDLE IfSpec,
                                              void *SecurityDescriptor, PRPC_POLICY Policy)
{
    return use_protseq_a(Protseq, USE_INTERFACE, NULL, IfSpec, MaxCalls, SecurityDescriptor, Policy);
}

/* RpcServerUseProtseqIfExW */
RPC_STATUS RPC_ENTRY RpcServerUseProtseqIfExW(RPC_WSTR Protseq, unsigned int MaxCalls, RPC_IF_HANDLE IfSpec,
                                              void *SecurityDescriptor, PRPC_POLICY Policy)
{
    return use_protseq_w(Protseq, USE_INTERFACE, NULL, IfSpec, MaxCalls, SecurityDescriptor, Policy);
}

/* RpcServerUseAllProtseqs*: a dynamic endpoint for every supported protocol sequence (the first failure
 * ends it), or by_interface, the endpoints if_spec's [endpoint] attribute names; security and policy as
 * use_protseq. */
static RPC_STATUS use_all(BOOL by_interface, RPC_IF_HANDLE if_spec, unsigned int backlog, void *security,
                          const RPC_POLICY *policy)
{
    RPC_STATUS status = RPC_S_OK;
    unsigned int id;

    if (by_interface) status = use_interface(0, TRUE, if_spec, backlog);
    else for (id = 0; id < PROTSEQ_SUPPORTED_COUNT && !status; id++) status = use_endpoint(id, NULL, backlog);
    TRACE(TRACE_API, "%p security %p policy %p -> %ld", if_spec, security, policy, status);
    return status;
}

/* RpcServerUseAllProtseqs */
RPC_STATUS RPC_ENTRY RpcServerUseAllProtseqs(unsigned int MaxCalls, void *SecurityDescriptor)
{
    return use_all(FALSE, NULL, MaxCalls, SecurityDescriptor, NULL);
}

/* RpcServerUseAllProtseqsEx */
RPC_STATUS RPC_ENTRY RpcServerUseAllProtseqsEx(unsigned int MaxCalls, void *SecurityDescriptor, PRPC_POLICY Policy)
{
    return use_all(FALSE, NULL, MaxCalls, SecurityDescriptor, Policy);
}

/* RpcServerUseAllProtseqsIf */
RPC_STATUS RPC_ENTRY RpcServerUseAllProtseqsIf(unsigned int MaxCalls, RPC_IF_HANDLE IfSpec, void *SecurityDescriptor)
{
    return use_all(TRUE, IfSpec, MaxCalls, SecurityDescriptor, NULL);
}

/* RpcServerUseAllProtseqsIfEx */
RPC_STATUS RPC_ENTRY RpcServerUseAllProtseqsIfEx(unsigned int MaxCalls, RPC_IF_HANDLE IfSpec, void *SecurityDescriptor,
                                                 PRPC_POLICY Policy)
{
    return use_all(TRUE, IfSpec, MaxCalls, SecurityDescriptor, Policy);
}

BOOL server_endpoint_any(void)
{
    BOOL any;

    AcquireSRWLockShared(&list_lock);
    any = endpoints != NULL;
    ReleaseSRWLockShared(&list_lock);
    return any;
}

/* The computer's name as the network address of the server's bindings (UTF-8, process heap), or NULL. */
static char *computer_name(void)
{
    WCHAR name[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD size = ARRAYSIZE(name);

    return GetComputerNameW(name, &size) ? binding_utf8_from_w(name) : rpc_strdup_a("");
}

/* A vector of one server binding per endpoint, "protseq:computer[endpoint]". RPC_S_OK;
 * RPC_S_NO_BINDINGS with *result NULL when there is no endpoint (docs); RPC_S_INVALID_ARG;
 * RPC_S_OUT_OF_MEMORY. */
static RPC_STATUS inq_bindings(RPC_BINDING_VECTOR **result)
{
    RPC_BINDING_VECTOR *vector = NULL;
    RPC_STATUS status = RPC_S_OK;
    struct endpoint *ep;
    char *host;
    ULONG count = 0;

    if (!result) return RPC_S_INVALID_ARG;
    *result = NULL;
    if (!(host = computer_name())) return RPC_S_OUT_OF_MEMORY;
    AcquireSRWLockShared(&list_lock);
    for (ep = endpoints; ep; ep = ep->next) count++;
    if (!count) status = RPC_S_NO_BINDINGS;
    else if (!(vector = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY,
                                  offsetof(RPC_BINDING_VECTOR, BindingH) + count * sizeof(RPC_BINDING_HANDLE))))
        status = RPC_S_OUT_OF_MEMORY;
    for (ep = endpoints; ep && !status; ep = ep->next)
    {
        struct rpc_binding *binding;
        if (!(status = binding_create(ep->protseq, host, ep->name, NULL, NULL, FALSE, &binding)))
            vector->BindingH[vector->Count++] = (RPC_BINDING_HANDLE)binding;
    }
    ReleaseSRWLockShared(&list_lock);
    rpc_string_free(host);

    if (status && vector) RpcBindingVectorFree(&vector);
    else *result = vector;
    return status;
}

/* RpcServerInqBindings */
RPC_STATUS RPC_ENTRY RpcServerInqBindings(RPC_BINDING_VECTOR **BindingVector)
{
    RPC_STATUS status = inq_bindings(BindingVector);

    TRACE(TRACE_API, "-> %ld", status);
    return status;
}

/* RpcServerInqBindingsEx */
RPC_STATUS RPC_ENTRY RpcServerInqBindingsEx(void *SecurityDescriptor, RPC_BINDING_VECTOR **BindingVector)
{
    /* The security descriptor selects the endpoints made with it; endpoints keep none here. */
    RPC_STATUS status = inq_bindings(BindingVector);

    TRACE(TRACE_API, "%p -> %ld", SecurityDescriptor, status);
    return status;
}
