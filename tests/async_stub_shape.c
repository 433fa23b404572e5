/* async_stub_shape.c: the shape of widl-async.py's [async] stubs of async_test.idl, read from the server's tables. */
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcasync.h>
#include "async_test.h"
#include "test.h"

/* The server routines are rpc_async.c's, in the same test program. */

/* ---- the procedure headers (MIDL's -Oicf layout) ---- */

#define OI_HAS_RPCFLAGS 0x08
#define OI2_HAS_EXTENSIONS 0x40
#define OI2_HAS_ASYNC_HANDLE 0x80
#define FC_BIND_PRIMITIVE 0x32
#define MAX_PARAMS 8

struct proc_shape
{
    unsigned char handle_type, oi_flags, handle_kind, oi2_flags, param_count;
    unsigned short proc_num, stack_size, handle_offset;
    unsigned short param_offset[MAX_PARAMS];  /* the stack offset of each described parameter */
    unsigned short param_type[MAX_PARAMS];    /* its type format offset, or its base type */
};

static unsigned short u16(const unsigned char *p)
{
    return p[0] | p[1] << 8;
}

/* Reads an explicit-handle procedure's header and parameter descriptions. */
static void read_proc(const unsigned char *p, struct proc_shape *shape)
{
    unsigned int i;

    memset(shape, 0, sizeof(*shape));
    shape->handle_type = p[0];
    shape->oi_flags = p[1];
    p += shape->oi_flags & OI_HAS_RPCFLAGS ? 6 : 2;
    shape->proc_num = u16(p);
    shape->stack_size = u16(p + 2);
    p += 4;
    if (!shape->handle_type)
    {
        shape->handle_kind = p[0];
        shape->handle_offset = u16(p + 2);
        p += p[0] == FC_BIND_PRIMITIVE ? 4 : 6;
    }
    p += 4;  /* the constant client and server buffer sizes */
    shape->oi2_flags = p[0];
    shape->param_count = p[1];
    p += 2;
    if (shape->oi2_flags & OI2_HAS_EXTENSIONS) p += p[0];
    for (i = 0; i < shape->param_count && i < MAX_PARAMS; i++, p += 6)
    {
        shape->param_offset[i] = u16(p + 2);
        shape->param_type[i] = u16(p + 4);
    }
}

/* What each operation should look like: its described parameters (widl describes the binding handle too,
 * the return value last) each take one stack slot; an async one has the async handle in slot 0, not
 * described, and everything else one slot further. */
static const struct
{
    const char *name;
    BOOL async;
    unsigned int params;
} ops[] =
{
    { "at_add", TRUE, 5 },          /* h, a, b, sum, return */
    { "at_echo", TRUE, 5 },         /* h, n, data, copy, return */
    { "at_hold", TRUE, 3 },         /* h, token, return */
    { "at_release", FALSE, 4 },     /* h, token, result, return */
    { "at_abort", TRUE, 3 },        /* h, code, return */
    { "at_test_cancel", TRUE, 3 },  /* h, wait_ms, return */
    { "at_sync_add", FALSE, 4 },    /* h, a, b, return */
    { "at_held_count", FALSE, 2 },  /* h, return */
    { "at_release_all", FALSE, 2 }, /* h, return */
};

static void test_proc(const MIDL_SERVER_INFO *info, unsigned int opnum, struct proc_shape *shape)
{
    const unsigned int slot = sizeof(void *), first = ops[opnum].async ? 1 : 0;
    unsigned int i;

    read_proc(info->ProcString + info->FmtStringOffset[opnum], shape);
    ok(shape->proc_num == opnum, "%s: procedure number %u\n", ops[opnum].name, shape->proc_num);
    ok(shape->oi_flags & OI_HAS_RPCFLAGS, "%s: Oi flags %#x\n", ops[opnum].name, shape->oi_flags);
    ok(!(shape->oi2_flags & OI2_HAS_ASYNC_HANDLE) == !ops[opnum].async, "%s: Oi2 flags %#x\n", ops[opnum].name,
       shape->oi2_flags);
    ok(shape->stack_size == (first + ops[opnum].params) * slot, "%s: stack size %u\n", ops[opnum].name,
       shape->stack_size);
    ok(!shape->handle_type && shape->handle_kind == FC_BIND_PRIMITIVE && shape->handle_offset == first * slot,
       "%s: handle type %#x, kind %#x at offset %u\n", ops[opnum].name, shape->handle_type, shape->handle_kind,
       shape->handle_offset);
    ok(shape->param_count == ops[opnum].params, "%s: %u parameters\n", ops[opnum].name, shape->param_count);
    for (i = 0; i < shape->param_count && i < MAX_PARAMS; i++)
        ok(shape->param_offset[i] == (first + i) * slot, "%s: parameter %u at offset %u\n", ops[opnum].name, i,
           shape->param_offset[i]);
}

START_TEST(async_stub_shape)
{
    /* In a static initializer, as in the stub's table, an imported function's address is its import thunk. */
    static const RPC_DISPATCH_FUNCTION dispatch[2] = { NdrServerCall2, NdrAsyncServerCall };
    const RPC_SERVER_INTERFACE *server = srv_async_test_v1_0_s_ifspec;
    const MIDL_SERVER_INFO *info = server->InterpreterInfo;
    const unsigned int slot = sizeof(void *);
    struct proc_shape shape[ARRAYSIZE(ops)];
    const unsigned char *corr;
    unsigned int i;

    ok(server->DispatchTable->DispatchTableCount == ARRAYSIZE(ops), "%u dispatch entries\n",
       server->DispatchTable->DispatchTableCount);
    for (i = 0; i < ARRAYSIZE(ops) && i < server->DispatchTable->DispatchTableCount; i++)
        ok(server->DispatchTable->DispatchTable[i] == dispatch[ops[i].async],
           "%s: dispatched to %p, not %s (%p); the other is at %p\n", ops[i].name,
           server->DispatchTable->DispatchTable[i], ops[i].async ? "NdrAsyncServerCall" : "NdrServerCall2",
           dispatch[ops[i].async], dispatch[!ops[i].async]);
    for (i = 0; i < ARRAYSIZE(ops); i++) test_proc(info, i, &shape[i]);

    /* The same parameters one slot further than in the synchronous twins. */
    ok(shape[0].param_offset[1] == shape[6].param_offset[1] + slot
       && shape[0].param_offset[2] == shape[6].param_offset[2] + slot,
       "at_add's a and b at %u and %u, at_sync_add's at %u and %u\n", shape[0].param_offset[1],
       shape[0].param_offset[2], shape[6].param_offset[1], shape[6].param_offset[2]);
    ok(shape[2].param_offset[1] == shape[3].param_offset[1] + slot, "at_hold's token at %u, at_release's at %u\n",
       shape[2].param_offset[1], shape[3].param_offset[1]);

    /* size_is(n) of at_echo's data names n by its shifted stack offset: a conformant array (FC_CARRAY)
     * whose correlation descriptor is a parameter, FC_LONG (0x28). */
    corr = info->pStubDesc->pFormatTypes + shape[1].param_type[2];
    ok(corr[0] == 0x1b && corr[4] == 0x28 && u16(corr + 6) == 2 * slot,
       "at_echo's data: type %#x, correlation %#x, offset %u\n", corr[0], corr[4], u16(corr + 6));
}
