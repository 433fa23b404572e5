/* async.c: conformance tests of RPC_ASYNC_STATE handling: initialisation and the status of a handle without a call. */
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "test.h"

#define ASYNC_STATE_SIGNATURE 0x43595341

static void fill(RPC_ASYNC_STATE *async)
{
    memset(async, 0xcc, sizeof(*async));
}

static void test_initialize_sizes(void)
{
    RPC_ASYNC_STATE async;
    unsigned int sizes[] = { 0, 1, sizeof(async) - 1, sizeof(async) + 1, sizeof(async) * 2, ~0u };
    RPC_STATUS status;
    unsigned int i;

    for (i = 0; i < ARRAYSIZE(sizes); i++)
    {
        fill(&async);
        status = RpcAsyncInitializeHandle(&async, sizes[i]);
        ok(status == RPC_S_INVALID_ARG, "size %u: got %ld\n", sizes[i], status);
        ok(async.Size == 0xcccccccc, "size %u: Size written: %#x\n", sizes[i], async.Size);
        ok(async.Signature == 0xcccccccc, "size %u: Signature written: %#lx\n", sizes[i], async.Signature);
    }
    if (test_target != TARGET_WINE_BUILTIN)
    {
        status = RpcAsyncInitializeHandle(NULL, sizeof(async));
        ok(status == RPC_S_INVALID_ASYNC_HANDLE, "NULL handle: got %ld\n", status);
    }
    else skip("RpcAsyncInitializeHandle(NULL): Wine's builtin writes through NULL and faults\n");
    status = RpcAsyncInitializeHandle(NULL, 0);
    ok(status == RPC_S_INVALID_ARG, "NULL handle, size 0: got %ld\n", status);
}

static void test_initialize_fields(void)
{
    RPC_ASYNC_STATE async;
    RPC_STATUS status;
    unsigned int i;

    fill(&async);
    status = RpcAsyncInitializeHandle(&async, sizeof(async));
    ok(status == RPC_S_OK, "got %ld\n", status);
    ok(async.Size == sizeof(async), "Size %u\n", async.Size);
    ok(async.Signature == ASYNC_STATE_SIGNATURE, "Signature %#lx\n", async.Signature);
    ok(async.Lock == 0, "Lock %ld\n", async.Lock);
    ok(async.Flags == 0, "Flags %#lx\n", async.Flags);
    ok(async.StubInfo == NULL, "StubInfo %p\n", async.StubInfo);
    ok(async.RuntimeInfo == NULL, "RuntimeInfo %p\n", async.RuntimeInfo);
    for (i = 0; i < ARRAYSIZE(async.Reserved); i++)
        ok(async.Reserved[i] == 0, "Reserved[%u] %#lx\n", i, (unsigned long)async.Reserved[i]);
    /* The caller's fields stay as they were. */
    ok(async.UserInfo == (void *)(ULONG_PTR)0xcccccccccccccccc, "UserInfo %p\n", async.UserInfo);
    ok(async.Event == (RPC_ASYNC_EVENT)0xcccccccc, "Event %#x\n", async.Event);
    ok(async.NotificationType == (RPC_NOTIFICATION_TYPES)0xcccccccc, "NotificationType %#x\n",
       async.NotificationType);
    ok(async.u.APC.NotificationRoutine == (void *)(ULONG_PTR)0xcccccccccccccccc,
       "notification data %p\n", async.u.APC.NotificationRoutine);

    /* Initialising again is allowed (XP and later reuse a handle after its call). */
    status = RpcAsyncInitializeHandle(&async, sizeof(async));
    ok(status == RPC_S_OK, "second initialisation: got %ld\n", status);
}

/* A region that is reserved but not committed: any access faults. */
static RPC_ASYNC_STATE *inaccessible_state(void)
{
    return VirtualAlloc(NULL, 0x10000, MEM_RESERVE, PAGE_NOACCESS);
}

static void test_invalid_memory(void)
{
    RPC_ASYNC_STATE *bad = inaccessible_state(), *read_only;
    RPC_STATUS status;

    status = RpcAsyncInitializeHandle(bad, sizeof(*bad));
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "unmapped: got %ld\n", status);
    status = RpcAsyncGetCallStatus(bad);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "unmapped, status: got %ld\n", status);
    VirtualFree(bad, 0, MEM_RELEASE);

    read_only = VirtualAlloc(NULL, 0x1000, MEM_COMMIT, PAGE_READONLY);
    status = RpcAsyncInitializeHandle(read_only, sizeof(*read_only));
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "read-only: got %ld\n", status);
    VirtualFree(read_only, 0, MEM_RELEASE);
}

static void test_status_without_call(void)
{
    RPC_ASYNC_STATE async;
    RPC_STATUS status;

    status = RpcAsyncGetCallStatus(NULL);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "NULL: got %ld\n", status);

    fill(&async);
    status = RpcAsyncGetCallStatus(&async);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "never initialised: got %ld\n", status);

    memset(&async, 0, sizeof(async));
    status = RpcAsyncGetCallStatus(&async);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "zeroed: got %ld\n", status);

    RpcAsyncInitializeHandle(&async, sizeof(async));
    status = RpcAsyncGetCallStatus(&async);
    todo_builtin ok(status == RPC_S_INVALID_BINDING, "initialised, no call: got %ld\n", status);

    async.Signature = 0x12345678;
    status = RpcAsyncGetCallStatus(&async);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "spoiled Signature: got %ld\n", status);

    RpcAsyncInitializeHandle(&async, sizeof(async));
    async.Size = sizeof(async) - 4;
    status = RpcAsyncGetCallStatus(&async);
    ok(status == RPC_S_INVALID_ASYNC_HANDLE, "spoiled Size: got %ld\n", status);
}

START_TEST(async)
{
    test_initialize_sizes();
    test_initialize_fields();
    test_status_without_call();
    /* The documentation promises RPC_S_INVALID_ASYNC_HANDLE; Wine's builtin writes blindly and faults. */
    if (test_target != TARGET_WINE_BUILTIN) test_invalid_memory();
    else skip("invalid memory: Wine's builtin faults\n");
}
