/* server_if.c: the server's registered interfaces: registration, inquiries, and the calls made on them. */
#include <stddef.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include "server.h"
#include "trace.h"

/* RpcServerRegisterIf3's declaration is missing from mingw-w64's rpcdce.h. */
RPC_STATUS RPC_ENTRY RpcServerRegisterIf3(RPC_IF_HANDLE IfSpec, UUID *MgrTypeUuid, RPC_MGR_EPV *MgrEpv,
                                          unsigned int Flags, unsigned int MaxCalls, unsigned int MaxRpcSize,
                                          RPC_IF_CALLBACK_FN *IfCallback, void *SecurityDescriptor);

/* The registrations in the order they were made. registry_lock guards the chain and every registration's
 * calls count; calls_done wakes RpcServerUnregisterIf waiting for them. Lock order: registry_lock, then
 * server_listen.c's lock. Nothing waits (but on calls_done) or leaves this file's code while holding it,
 * except server_listen_call_begin. */
static SRWLOCK registry_lock = SRWLOCK_INIT;
static CONDITION_VARIABLE calls_done = CONDITION_VARIABLE_INIT;
static struct server_interface *registry;

static const UUID nil_uuid;

/* What the registration exports were given, before it is checked. */
struct if_args
{
    RPC_IF_HANDLE if_spec;
    const UUID *mgr_type;
    RPC_MGR_EPV *mgr_epv;
    unsigned int flags;
    unsigned int max_calls;
    unsigned int max_rpc_size;
    RPC_IF_CALLBACK_FN *callback;
};

RPC_STATUS server_if_spec(RPC_IF_HANDLE if_spec, const RPC_SERVER_INTERFACE **spec)
{
    if (!if_spec) return RPC_S_INVALID_ARG;
    *spec = if_spec;
    return (*spec)->Length == sizeof(RPC_SERVER_INTERFACE) ? RPC_S_OK : RPC_S_UNKNOWN_IF;
}

static BOOL same_syntax(const RPC_SERVER_INTERFACE *a, const RPC_SERVER_INTERFACE *b)
{
    return !memcmp(&a->InterfaceId, &b->InterfaceId, sizeof(a->InterfaceId));
}

static BOOL same_uuid(const UUID *a, const UUID *b)
{
    return !memcmp(a, b, sizeof(*a));
}

static void iface_release(struct server_interface *iface)
{
    if (!InterlockedDecrement(&iface->refcount)) HeapFree(GetProcessHeap(), 0, iface);
}

/* Adds a registration. RPC_S_OK, RPC_S_INVALID_ARG, RPC_S_UNKNOWN_IF (see server_if_spec),
 * RPC_S_TYPE_ALREADY_REGISTERED (this interface and version with this manager type is registered),
 * RPC_S_OUT_OF_MEMORY. */
static RPC_STATUS register_if(const struct if_args *args)
{
    const RPC_SERVER_INTERFACE *spec;
    struct server_interface *iface, **link;
    RPC_STATUS status;

    if ((status = server_if_spec(args->if_spec, &spec))) return status;
    if (!(iface = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*iface)))) return RPC_S_OUT_OF_MEMORY;
    iface->refcount = 1;    /* the registry's */
    iface->spec = spec;
    iface->mgr_type = args->mgr_type ? *args->mgr_type : nil_uuid;
    iface->mgr_epv = args->mgr_epv;
    iface->flags = args->flags;
    iface->max_calls = args->max_calls;
    iface->max_rpc_size = args->max_rpc_size;
    iface->callback = args->callback;

    AcquireSRWLockExclusive(&registry_lock);
    for (link = &registry; *link; link = &(*link)->next)
        if (same_syntax((*link)->spec, spec) && same_uuid(&(*link)->mgr_type, &iface->mgr_type))
            status = RPC_S_TYPE_ALREADY_REGISTERED;
    if (!status) *link = iface;
    ReleaseSRWLockExclusive(&registry_lock);

    if (status) HeapFree(GetProcessHeap(), 0, iface);
    TRACE(TRACE_API, "%p flags %#x max_calls %u -> %ld", args->if_spec, args->flags, args->max_calls, status);
    return status;
}

/* RpcServerRegisterIf */
RPC_STATUS RPC_ENTRY RpcServerRegisterIf(RPC_IF_HANDLE IfSpec, UUID *MgrTypeUuid, RPC_MGR_EPV *MgrEpv)
{
    struct if_args args = { IfSpec, MgrTypeUuid, MgrEpv, 0, RPC_C_LISTEN_MAX_CALLS_DEFAULT, (unsigned int)-1, NULL };
    return register_if(&args);
}

/* RpcServerRegisterIfEx */
RPC_STATUS RPC_ENTRY RpcServerRegisterIfEx(RPC_IF_HANDLE IfSpec, UUID *MgrTypeUuid, RPC_MGR_EPV *MgrEpv,
                                           unsigned int Flags, unsigned int MaxCalls, RPC_IF_CALLBACK_FN *IfCallback)
{
    struct if_args args = { IfSpec, MgrTypeUuid, MgrEpv, Flags, MaxCalls, (unsigned int)-1, IfCallback };
    return register_if(&args);
}

/* RpcServerRegisterIf2 */
RPC_STATUS RPC_ENTRY RpcServerRegisterIf2(RPC_IF_HANDLE IfSpec, UUID *MgrTypeUuid, RPC_MGR_EPV *MgrEpv,
                                          unsigned int Flags, unsigned int MaxCalls, unsigned int MaxRpcSize,
                                          RPC_IF_CALLBACK_FN *IfCallbackFn)
{
    struct if_args args = { IfSpec, MgrTypeUuid, MgrEpv, Flags, MaxCalls, MaxRpcSize, IfCallbackFn };
    return register_if(&args);
}

/* RpcServerRegisterIf3 */
RPC_STATUS RPC_ENTRY RpcServerRegisterIf3(RPC_IF_HANDLE IfSpec, UUID *MgrTypeUuid, RPC_MGR_EPV *MgrEpv,
                                          unsigned int Flags, unsigned int MaxCalls, unsigned int MaxRpcSize,
                                          RPC_IF_CALLBACK_FN *IfCallback, void *SecurityDescriptor)
{
    /* The security descriptor would be checked against the caller's token on each call; without the
     * security providers there is no token to check, so it is not kept. */
    struct if_args args = { IfSpec, MgrTypeUuid, MgrEpv, Flags, MaxCalls, MaxRpcSize, IfCallback };

    TRACE(TRACE_API, "security descriptor %p ignored", SecurityDescriptor);
    return register_if(&args);
}

/* Removes the registrations that if_spec (NULL: any interface) and mgr_type (NULL: any type; nil: the
 * default manager) name, then, when wait is set, waits until their calls have ended. RPC_S_OK;
 * RPC_S_UNKNOWN_IF when if_spec is not registered (or not readable, see server_if_spec);
 * RPC_S_UNKNOWN_MGR_TYPE when nothing registered has that type. Unregistering everything when nothing is
 * registered succeeds (our choice, the docs are silent: there is nothing left to remove). */
static RPC_STATUS unregister_if(RPC_IF_HANDLE if_spec, const UUID *mgr_type, BOOL wait)
{
    const RPC_SERVER_INTERFACE *spec = NULL;
    struct server_interface *removed = NULL, *iface, **link;
    BOOL known_if = FALSE, busy;
    RPC_STATUS status = RPC_S_OK;

    if (if_spec && server_if_spec(if_spec, &spec)) return RPC_S_UNKNOWN_IF;

    AcquireSRWLockExclusive(&registry_lock);
    for (link = &registry; (iface = *link); )
    {
        BOOL match = !spec || same_syntax(iface->spec, spec);

        known_if |= match;
        if (match && mgr_type) match = same_uuid(&iface->mgr_type, mgr_type);
        if (!match)
        {
            link = &iface->next;
            continue;
        }
        *link = iface->next;
        iface->next = removed;
        removed = iface;
    }
    if (!removed && spec && !known_if) status = RPC_S_UNKNOWN_IF;
    else if (!removed && (spec || mgr_type)) status = RPC_S_UNKNOWN_MGR_TYPE;
    for (busy = wait; busy; )
    {
        for (busy = FALSE, iface = removed; iface && !busy; iface = iface->next) busy = iface->calls > 0;
        if (busy) SleepConditionVariableSRW(&calls_done, &registry_lock, INFINITE, 0);
    }
    ReleaseSRWLockExclusive(&registry_lock);

    while ((iface = removed))
    {
        removed = iface->next;
        iface_release(iface);
    }
    TRACE(TRACE_API, "%p wait %d -> %ld", if_spec, wait, status);
    return status;
}

/* RpcServerUnregisterIf */
RPC_STATUS RPC_ENTRY RpcServerUnregisterIf(RPC_IF_HANDLE IfSpec, UUID *MgrTypeUuid, unsigned int WaitForCallsToComplete)
{
    return unregister_if(IfSpec, MgrTypeUuid, WaitForCallsToComplete != 0);
}

/* RpcServerUnregisterIfEx */
RPC_STATUS RPC_ENTRY RpcServerUnregisterIfEx(RPC_IF_HANDLE IfSpec, UUID *MgrTypeUuid, int RundownContextHandles)
{
    /* It always waits for the interface's calls (docs); context handles do not exist yet, so there is
     * nothing to run down whatever RundownContextHandles says. */
    TRACE(TRACE_API, "rundown %d", RundownContextHandles);
    return unregister_if(IfSpec, MgrTypeUuid, TRUE);
}

/* RpcServerInqIf */
RPC_STATUS RPC_ENTRY RpcServerInqIf(RPC_IF_HANDLE IfSpec, UUID *MgrTypeUuid, RPC_MGR_EPV **MgrEpv)
{
    const UUID *type = MgrTypeUuid ? MgrTypeUuid : &nil_uuid;
    const RPC_SERVER_INTERFACE *spec;
    struct server_interface *iface;
    RPC_STATUS status;

    if ((status = server_if_spec(IfSpec, &spec))) status = RPC_S_UNKNOWN_IF;
    else if (!MgrEpv) status = RPC_S_INVALID_ARG;
    else
    {
        status = RPC_S_UNKNOWN_IF;
        AcquireSRWLockShared(&registry_lock);
        for (iface = registry; iface; iface = iface->next)
        {
            if (!same_syntax(iface->spec, spec)) continue;
            status = RPC_S_UNKNOWN_MGR_TYPE;
            if (!same_uuid(&iface->mgr_type, type)) continue;
            *MgrEpv = iface->mgr_epv ? iface->mgr_epv : spec->DefaultManagerEpv;
            status = RPC_S_OK;
            break;
        }
        ReleaseSRWLockShared(&registry_lock);
    }
    TRACE(TRACE_API, "%p -> %ld", IfSpec, status);
    return status;
}

/* RpcIfInqId */
RPC_STATUS RPC_ENTRY RpcIfInqId(RPC_IF_HANDLE RpcIfHandle, RPC_IF_ID *RpcIfId)
{
    const RPC_SERVER_INTERFACE *spec;
    RPC_STATUS status = server_if_spec(RpcIfHandle, &spec);

    if (!status && !RpcIfId) status = RPC_S_INVALID_ARG;
    if (!status)
    {
        RpcIfId->Uuid = spec->InterfaceId.SyntaxGUID;
        RpcIfId->VersMajor = spec->InterfaceId.SyntaxVersion.MajorVersion;
        RpcIfId->VersMinor = spec->InterfaceId.SyntaxVersion.MinorVersion;
    }
    TRACE(TRACE_API, "%p -> %ld", RpcIfHandle, status);
    return status;
}

/* TRUE when an earlier registration than iface has the same interface and version: lists name each
 * interface once, however many manager types it has. */
static BOOL listed_before(const struct server_interface *iface)
{
    const struct server_interface *it;

    for (it = registry; it != iface; it = it->next)
        if (same_syntax(it->spec, iface->spec)) return TRUE;
    return FALSE;
}

/* RpcIfIdVectorFree */
RPC_STATUS RPC_ENTRY RpcIfIdVectorFree(RPC_IF_ID_VECTOR **IfIdVector)
{
    RPC_STATUS status = RPC_S_OK;
    ULONG i;

    if (!IfIdVector) status = RPC_S_INVALID_ARG;
    else if (*IfIdVector)
    {
        /* Each RPC_IF_ID is its own block, as a vector received from another server will be. */
        for (i = 0; i < (*IfIdVector)->Count; i++) HeapFree(GetProcessHeap(), 0, (*IfIdVector)->IfId[i]);
        HeapFree(GetProcessHeap(), 0, *IfIdVector);
        *IfIdVector = NULL;
    }
    TRACE(TRACE_API, "%p -> %ld", (void *)IfIdVector, status);
    return status;
}

/* The registered interfaces as an RPC_IF_ID_VECTOR. RPC_S_OK or RPC_S_OUT_OF_MEMORY. */
static RPC_STATUS local_if_ids(RPC_IF_ID_VECTOR **result)
{
    struct server_interface *iface;
    RPC_IF_ID_VECTOR *vector = NULL;
    RPC_STATUS status = RPC_S_OK;
    ULONG count = 0;

    AcquireSRWLockShared(&registry_lock);
    for (iface = registry; iface; iface = iface->next) count++;
    if (!(vector = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY,
                             offsetof(RPC_IF_ID_VECTOR, IfId) + count * sizeof(RPC_IF_ID *))))
        status = RPC_S_OUT_OF_MEMORY;
    for (iface = registry; iface && !status; iface = iface->next)
    {
        RPC_IF_ID *id;
        if (listed_before(iface)) continue;
        if (!(id = HeapAlloc(GetProcessHeap(), 0, sizeof(*id))))
        {
            status = RPC_S_OUT_OF_MEMORY;
            break;
        }
        RpcIfInqId((RPC_IF_HANDLE)iface->spec, id);
        vector->IfId[vector->Count++] = id;
    }
    ReleaseSRWLockShared(&registry_lock);

    if (status && vector) RpcIfIdVectorFree(&vector);
    *result = vector;
    return status;
}

/* RpcMgmtInqIfIds */
RPC_STATUS RPC_ENTRY RpcMgmtInqIfIds(RPC_BINDING_HANDLE Binding, RPC_IF_ID_VECTOR **IfIdVector)
{
    RPC_STATUS status;

    if (!IfIdVector) status = RPC_S_INVALID_ARG;
    else if (Binding) status = server_mgmt_remote(Binding);
    /* Our choice for the local server (the docs' "must be listening" is about a remote one): the
     * registered interfaces, listening or not, and an empty vector when there are none. */
    else status = local_if_ids(IfIdVector);
    TRACE(TRACE_API, "%p -> %ld", Binding, status);
    return status;
}

RPC_STATUS server_interfaces_for_bind(struct server_reply_interface **ifs, size_t *count)
{
    struct server_interface *iface;
    struct server_reply_interface *array = NULL;
    RPC_STATUS status = RPC_S_OK;
    size_t n = 0;

    AcquireSRWLockShared(&registry_lock);
    for (iface = registry; iface; iface = iface->next) n++;
    if (n && !(array = HeapAlloc(GetProcessHeap(), 0, n * sizeof(*array)))) status = RPC_S_OUT_OF_MEMORY;
    for (n = 0, iface = registry; iface && !status; iface = iface->next)
    {
        const RPC_SYNTAX_IDENTIFIER *id = &iface->spec->InterfaceId;
        if (listed_before(iface)) continue;
        memcpy(array[n].uuid, &id->SyntaxGUID, sizeof(array[n].uuid));
        array[n].version_major = id->SyntaxVersion.MajorVersion;
        array[n].version_minor = id->SyntaxVersion.MinorVersion;
        /* NDR64 is not offered until the NDR engine takes it. */
        array[n].ndr64 = 0;
        n++;
    }
    ReleaseSRWLockShared(&registry_lock);

    *ifs = array;
    *count = status ? 0 : n;
    return status;
}

/* Whether iface serves abstract_syntax: the same UUID and major version, a minor version at least the
 * client's. */
static BOOL serves(const struct server_interface *iface, const struct pdu_syntax *abstract_syntax)
{
    const RPC_SYNTAX_IDENTIFIER *id = &iface->spec->InterfaceId;

    return !memcmp(&id->SyntaxGUID, abstract_syntax->uuid, sizeof(abstract_syntax->uuid))
           && id->SyntaxVersion.MajorVersion == abstract_syntax->version_major
           && id->SyntaxVersion.MinorVersion >= abstract_syntax->version_minor;
}

/* Admits one call on iface, with registry_lock held: an auto-listen interface within its own MaxCalls,
 * any other while the server listens, within RpcServerListen's. RPC_S_OK or RPC_S_SERVER_TOO_BUSY. */
static RPC_STATUS admit_call(struct server_interface *iface)
{
    if (!(iface->flags & RPC_IF_AUTOLISTEN)) return server_listen_call_begin();
    if (iface->max_calls != RPC_C_LISTEN_MAX_CALLS_DEFAULT && (unsigned int)iface->calls >= iface->max_calls)
        return RPC_S_SERVER_TOO_BUSY;
    return RPC_S_OK;
}

struct server_interface *server_call_begin(const struct pdu_syntax *abstract_syntax, const UUID *object,
                                           RPC_STATUS *status)
{
    struct server_interface *iface, *found = NULL;

    /* Objects have no types until RpcObjectSetType exists: every object asks for the default manager,
     * the registration with the nil type, else the first registration of the interface. */
    (void)object;
    AcquireSRWLockExclusive(&registry_lock);
    for (iface = registry; iface; iface = iface->next)
    {
        if (!serves(iface, abstract_syntax)) continue;
        if (!found) found = iface;
        if (same_uuid(&iface->mgr_type, &nil_uuid))
        {
            found = iface;
            break;
        }
    }
    if (!found) *status = RPC_S_UNKNOWN_IF;
    else if (!(*status = admit_call(found)))
    {
        found->calls++;
        InterlockedIncrement(&found->refcount);
    }
    ReleaseSRWLockExclusive(&registry_lock);
    return *status ? NULL : found;
}

void server_call_end(struct server_interface *iface)
{
    AcquireSRWLockExclusive(&registry_lock);
    if (!--iface->calls) WakeAllConditionVariable(&calls_done);
    ReleaseSRWLockExclusive(&registry_lock);
    if (!(iface->flags & RPC_IF_AUTOLISTEN)) server_listen_call_end();
    iface_release(iface);
}
