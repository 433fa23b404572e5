/* async_state.c: reads and writes the caller's RPC_ASYNC_STATE without trusting it. */
#include <string.h>
#include "async_state.h"
#include "seh.h"

/* The Reserved slot where the runtime marks a state whose call has ended. */
#define ENDED_SLOT 0

/* "ASYC" read as a little-endian DWORD: the mark RpcAsyncInitializeHandle leaves in Signature. */
#define ASYNC_STATE_SIGNATURE 0x43595341

/* The caller's RPC_ASYNC_STATE may point anywhere: touching it goes through seh_call, and only an
 * access violation there is caught (and answered RPC_S_INVALID_ASYNC_HANDLE). */
static LONG access_violation_only(EXCEPTION_POINTERS *pointers, void *arg)
{
    (void)arg;
    return pointers->ExceptionRecord->ExceptionCode == EXCEPTION_ACCESS_VIOLATION
           ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
}

/* The runtime's fields only: UserInfo, Event, NotificationType and the notification data belong to the
 * caller, who may fill them before or after initialisation. */
static void initialize_fields(void *arg)
{
    RPC_ASYNC_STATE *async = arg;

    async->Size = sizeof(*async);
    async->Signature = ASYNC_STATE_SIGNATURE;
    async->Lock = 0;
    async->Flags = 0;
    async->StubInfo = NULL;
    async->RuntimeInfo = NULL;
    memset(async->Reserved, 0, sizeof(async->Reserved));
}

RPC_STATUS async_state_initialize(RPC_ASYNC_STATE *async, unsigned int size)
{
    if (size != sizeof(RPC_ASYNC_STATE)) return RPC_S_INVALID_ARG;
    if (!async || !seh_call(initialize_fields, async, access_violation_only, NULL, NULL))
        return RPC_S_INVALID_ASYNC_HANDLE;
    return RPC_S_OK;
}

struct state_read
{
    const RPC_ASYNC_STATE *async;
    BOOL initialized;     /* RpcAsyncInitializeHandle prepared it and the caller has not spoiled it */
    struct async_state_info info;
};

static void read_fields(void *arg)
{
    struct state_read *read = arg;

    read->initialized = read->async->Size == sizeof(*read->async)
                        && read->async->Signature == ASYNC_STATE_SIGNATURE;
    read->info.runtime_info = read->async->RuntimeInfo;
    read->info.stub_info = read->async->StubInfo;
    read->info.ended = read->async->Reserved[ENDED_SLOT] != 0;
}

RPC_STATUS async_state_read(const RPC_ASYNC_STATE *async, struct async_state_info *info)
{
    struct state_read read;

    memset(&read, 0, sizeof(read));
    read.async = async;
    if (!async || !seh_call(read_fields, &read, access_violation_only, NULL, NULL) || !read.initialized)
        return RPC_S_INVALID_ASYNC_HANDLE;
    *info = read.info;
    return RPC_S_OK;
}

void async_state_attach(RPC_ASYNC_STATE *async, void *runtime_info, void *stub_info)
{
    async->Reserved[ENDED_SLOT] = 0;
    async->RuntimeInfo = runtime_info;
    async->StubInfo = stub_info;
}

void async_state_detach(RPC_ASYNC_STATE *async, BOOL ended)
{
    async->RuntimeInfo = NULL;
    async->StubInfo = NULL;
    async->Reserved[ENDED_SLOT] = ended;
}
