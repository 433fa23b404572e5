/* server_call.c: runs one received request: checks, dispatch to the server routine, then the response or fault, now or (async) later. */
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include <rpcdcep.h>
#include "call_state.h"
#include "engine.h"
#include "portable_alloc.h"
#include "seh.h"
#include "server.h"
#include "server_call.h"
#include "server_reply.h"
#include "status_map.h"
#include "trace.h"

/* A call lives from its request until its answer is out and every holder let go: the dispatch holds
 * it while the routine runs; an asynchronous call also until RpcAsyncCompleteCall or RpcAsyncAbortCall
 * ends it; the connection's list of calls (cancels) and the async APIs hold it briefly. */
struct server_call
{
    LONG refs;
    SRWLOCK lock;                     /* guards machine and cancelled */
    struct call_state_machine machine;
    BOOL cancelled;                   /* a co_cancel or orphaned PDU arrived: RpcServerTestCancel says so */
    struct rpc_conn *conn;            /* a reference */
    struct server_call_link link;     /* on the connection's list of calls */
    uint16_t context_id;
    struct rpc_binding *binding;      /* the handle the server routine gets: RPC_MESSAGE.Handle */
    struct server_interface *iface;
    RPC_MESSAGE msg;
    uint8_t *request;                 /* the request's stub, alive until the call ends */
    uint8_t *reply;                   /* the reply buffer from I_RpcGetBuffer, NULL until then */
    RPC_DISPATCH_FUNCTION routine;
    BOOL is_async;                    /* the stub called server_call_make_async */
    const struct server_async_stub *async_stub;   /* until the asynchronous call ends */
    void *async_context;
    RPC_ASYNC_STATE *async;           /* the state the stub gave the server routine */
};

static DWORD current_tls = TLS_OUT_OF_INDEXES;
static INIT_ONCE tls_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK alloc_tls(INIT_ONCE *once, void *param, void **context)
{
    (void)once; (void)param; (void)context;
    current_tls = TlsAlloc();
    return current_tls != TLS_OUT_OF_INDEXES;
}

struct server_call *server_call_current(void)
{
    if (current_tls == TLS_OUT_OF_INDEXES) return NULL;
    return TlsGetValue(current_tls);
}

struct server_call *server_call_from_handle(RPC_BINDING_HANDLE handle)
{
    struct rpc_binding *binding;
    struct server_call *call = NULL;

    if (!handle || !(binding = binding_lookup(handle))) return NULL;
    if (binding->server) call = binding->call;
    binding_release(binding);
    return call;
}

static void call_free(struct server_call *call)
{
    server_conn_untrack(call->conn, &call->link);
    if (call->binding)
    {
        AcquireSRWLockExclusive(&call->binding->lock);
        call->binding->call = NULL;
        ReleaseSRWLockExclusive(&call->binding->lock);
        binding_free(&call->binding->header);
    }
    /* a request refused before its dispatch never had a life in the machine */
    if (call->machine.state == CALL_SERVER_END) call_state_step(&call->machine, CALL_EVENT_FREED, RPC_S_OK, NULL);
    if (call->iface) server_call_end(call->iface);
    conn_release(call->conn);
    portable_free(call->reply);
    portable_free(call->request);
    portable_free(call);
}

void server_call_release(struct server_call *call)
{
    if (!InterlockedDecrement(&call->refs)) call_free(call);
}

void server_call_addref(struct server_call *call)
{
    InterlockedIncrement(&call->refs);
}

struct server_call *server_call_acquire(RPC_BINDING_HANDLE handle)
{
    struct rpc_binding *binding;
    struct server_call *call = NULL;
    LONG refs;

    if (!handle || !(binding = binding_lookup(handle))) return NULL;
    AcquireSRWLockShared(&binding->lock);
    /* a call whose last reference is going away is no longer there */
    if (binding->server && binding->call)
    {
        for (refs = binding->call->refs; refs > 0; refs = binding->call->refs)
        {
            if (InterlockedCompareExchange(&binding->call->refs, refs + 1, refs) != refs) continue;
            call = binding->call;
            break;
        }
    }
    ReleaseSRWLockShared(&binding->lock);
    binding_release(binding);
    return call;
}

RPC_BINDING_HANDLE server_call_handle(struct server_call *call)
{
    return &call->binding->header;
}

RPC_MESSAGE *server_call_message(struct server_call *call)
{
    return &call->msg;
}

struct rpc_conn *server_call_conn(struct server_call *call)
{
    return call->conn;
}

RPC_STATUS server_call_client_pid(struct server_call *call, ULONG *pid)
{
    return transport_client_pid(call->conn->transport, pid);
}

RPC_STATUS server_call_get_buffer(struct server_call *call, RPC_MESSAGE *msg)
{
    uint8_t *reply;

    if (!(reply = portable_alloc(msg->BufferLength ? msg->BufferLength : 1))) return RPC_S_OUT_OF_MEMORY;
    portable_free(call->reply);
    call->reply = reply;
    msg->Buffer = reply;
    msg->DataRepresentation = NDR_LOCAL_DATA_REPRESENTATION;
    return RPC_S_OK;
}

void server_call_free_buffer(struct server_call *call, RPC_MESSAGE *msg)
{
    if (msg->Buffer && msg->Buffer == call->reply)
    {
        portable_free(call->reply);
        call->reply = NULL;
    }
    msg->Buffer = NULL;
}

/* Sends the fault for a request that was not run. */
static void refuse(struct rpc_conn *conn, const struct pdu *request, enum server_reply_failure failure)
{
    struct pdu fault;

    if (server_reply_request_fault(request, failure, &fault) == SERVER_REPLY_OK) conn_send(conn, &fault, NULL, NULL);
}

static void send_fault(struct rpc_conn *conn, uint32_t call_id, uint16_t context_id, RPC_STATUS status, BOOL executed)
{
    struct pdu fault;

    server_reply_fault(call_id, context_id, status_map_rpc_to_fault(status), !executed, &fault);
    conn_send(conn, &fault, NULL, NULL);
}

static void send_response(struct server_call *call)
{
    struct pdu response;

    memset(&response, 0, sizeof(response));
    response.header.type = PDU_TYPE_RESPONSE;
    response.header.flags = PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG;
    response.header.call_id = call->link.call_id;
    response.u.response.context_id = call->context_id;
    response.stub_data = call->msg.Buffer;
    response.stub_length = call->msg.Buffer ? call->msg.BufferLength : 0;
    if (conn_send(call->conn, &response, NULL, NULL) != RPC_S_OK) conn_close(call->conn);
}

/* Steps the call's machine under its lock. */
static void step(struct server_call *call, enum call_event event, RPC_STATUS event_status, struct call_step *result)
{
    AcquireSRWLockExclusive(&call->lock);
    call_state_step(&call->machine, event, event_status, result);
    if (result->action == CALL_ACTION_MARK_CANCELLED) call->cancelled = TRUE;
    ReleaseSRWLockExclusive(&call->lock);
}

/* Performs the action that ends the call (reply, fault, or nothing for a call nobody waits for), with
 * reply the return value RpcAsyncCompleteCall was given (NULL otherwise); an asynchronous call's stub
 * state goes with it. */
static void act(struct server_call *call, const struct call_step *result, void *reply)
{
    RPC_STATUS status;

    switch (result->action)
    {
    case CALL_ACTION_SEND_REPLY:
        if (call->async_stub && (status = call->async_stub->marshall(call->async_context, reply)) != RPC_S_OK)
        {
            TRACE(TRACE_CALL, "call %p: the reply could not be marshalled: %#lx", call, status);
            send_fault(call->conn, call->link.call_id, call->context_id, status, TRUE);
        }
        else send_response(call);
        break;
    case CALL_ACTION_SEND_FAULT:
        send_fault(call->conn, call->link.call_id, call->context_id, call->machine.status, TRUE);
        break;
    case CALL_ACTION_ABANDON:
        break;
    default:
        return;
    }
    if (!call->async_stub) return;
    call->async_stub->free(call->async_context);
    call->async_stub = NULL;
    server_call_release(call);    /* the asynchronous call's reference */
}

void server_call_make_async(struct server_call *call, const struct server_async_stub *stub, void *context,
                            RPC_ASYNC_STATE *async)
{
    server_call_addref(call);
    call->is_async = TRUE;
    call->async = async;
    call->async_context = context;
    call->async_stub = stub;
}

RPC_STATUS server_call_complete(struct server_call *call, void *reply)
{
    struct call_step result;

    step(call, CALL_EVENT_COMPLETE_CALLED, RPC_S_OK, &result);
    act(call, &result, reply);
    return result.status;
}

RPC_STATUS server_call_abort(struct server_call *call, RPC_STATUS code)
{
    struct call_step result;

    step(call, CALL_EVENT_ABORT_CALLED, code, &result);
    act(call, &result, NULL);
    return result.status;
}

void server_call_cancel(struct server_call *call, BOOL orphaned)
{
    struct call_step result;

    TRACE(TRACE_CALL, "call %p: %s", call, orphaned ? "orphaned" : "cancelled");
    step(call, orphaned ? CALL_EVENT_ABORTIVE_CANCEL : CALL_EVENT_CANCEL, RPC_S_OK, &result);
}

void server_call_lost(struct server_call *call)
{
    struct call_step result;

    step(call, CALL_EVENT_FAILURE_ARRIVED, RPC_S_CALL_FAILED, &result);
}

RPC_ASYNC_STATE *server_call_async_state(struct server_call *call)
{
    return call->is_async ? call->async : NULL;
}

RPC_STATUS server_call_status(struct server_call *call)
{
    struct call_step result;

    step(call, CALL_EVENT_GET_STATUS, RPC_S_OK, &result);
    return result.status;
}

RPC_STATUS server_call_test_cancel(struct server_call *call)
{
    BOOL cancelled;

    AcquireSRWLockShared(&call->lock);
    cancelled = call->cancelled;
    ReleaseSRWLockShared(&call->lock);
    return cancelled ? RPC_S_OK : RPC_S_CALL_IN_PROGRESS;
}

static void run_routine(void *arg)
{
    struct server_call *call = arg;
    call->routine(&call->msg);
}

/* The routine and its manager for the call: RPC_S_OK, or why the call cannot run:
 * RPC_S_PROCNUM_OUT_OF_RANGE, RPC_S_ACCESS_DENIED (too big, or the security callback said no). */
static RPC_STATUS prepare(struct server_call *call, const struct pdu *request)
{
    const RPC_SERVER_INTERFACE *spec = call->iface->spec;
    unsigned int opnum = request->u.request.opnum;

    if (!spec->DispatchTable || opnum >= spec->DispatchTable->DispatchTableCount
        || !spec->DispatchTable->DispatchTable[opnum])
        return RPC_S_PROCNUM_OUT_OF_RANGE;
    /* MaxRpcSize "has no effect on calls made over the ncalrpc protocol" (RpcServerRegisterIf2). */
    if (request->stub_length > call->iface->max_rpc_size && transport_protseq(call->conn->transport) != PROTSEQ_NCALRPC)
        return RPC_S_ACCESS_DENIED;
    call->routine = spec->DispatchTable->DispatchTable[opnum];
    call->msg.Handle = server_call_handle(call);
    call->msg.DataRepresentation = request->header.drep[0] | request->header.drep[1] << 8
                                   | request->header.drep[2] << 16 | (ULONG)request->header.drep[3] << 24;
    call->msg.Buffer = call->request;
    call->msg.BufferLength = (unsigned int)request->stub_length;
    call->msg.ProcNum = opnum;
    call->msg.TransferSyntax = (RPC_SYNTAX_IDENTIFIER *)&spec->TransferSyntax;
    call->msg.RpcInterfaceInformation = (void *)spec;
    call->msg.ManagerEpv = call->iface->mgr_epv ? call->iface->mgr_epv : spec->DefaultManagerEpv;
    call->msg.RpcFlags = RPC_BUFFER_COMPLETE;
    if (call->iface->callback && call->iface->callback((RPC_IF_HANDLE)spec, call->msg.Handle) != RPC_S_OK)
        return RPC_S_ACCESS_DENIED;
    return RPC_S_OK;
}

/* Runs the server routine on this worker, which may block in it meanwhile. A synchronous call is
 * answered when it returns; an asynchronous one (its stub called server_call_make_async) when the
 * application completes or aborts it, which it may have done already. */
static void dispatch(struct server_call *call)
{
    struct call_step result;
    DWORD code;
    BOOL returned;

    InitOnceExecuteOnce(&tls_once, alloc_tls, NULL, NULL);
    TlsSetValue(current_tls, call);
    engine_enter_blocking();
    returned = seh_call(run_routine, call, NULL, NULL, &code);
    engine_leave_blocking();
    TlsSetValue(current_tls, NULL);
    InterlockedIncrement(&server_stats[SERVER_STAT_CALLS_IN]);
    if (!returned)
    {
        TRACE(TRACE_CALL, "server routine raised %#lx", code);
        step(call, CALL_EVENT_SERVER_RAISED, code, &result);
        act(call, &result, NULL);
        return;
    }
    step(call, CALL_EVENT_ROUTINE_RETURNED, RPC_S_OK, &result);
    if (call->is_async) return;
    step(call, CALL_EVENT_COMPLETE_CALLED, RPC_S_OK, &result);
    act(call, &result, NULL);
}

void server_call_run(struct rpc_conn *conn, const struct pdu *request, const struct pdu_syntax *context_syntax,
                     uint8_t *stub)
{
    static const UUID nil;
    struct server_call *call;
    RPC_STATUS status;
    UUID object;

    if (!(call = portable_alloc(sizeof(*call))))
    {
        send_fault(conn, request->header.call_id, request->u.request.context_id, RPC_S_SERVER_OUT_OF_MEMORY, FALSE);
        portable_free(stub);
        return;
    }
    memset(call, 0, sizeof(*call));
    call->refs = 1;
    InitializeSRWLock(&call->lock);
    conn_addref(conn);
    call->conn = conn;
    call->request = stub;
    call->link.call = call;
    call->link.call_id = request->header.call_id;
    call->context_id = request->u.request.context_id;
    call_state_init(&call->machine, CALL_SIDE_SERVER);
    server_conn_track(conn, &call->link);
    memcpy(&object, request->header.flags & PDU_FLAG_OBJECT_UUID ? (const void *)request->u.request.object
                                                                 : (const void *)&nil, sizeof(object));
    if (!context_syntax) refuse(conn, request, SERVER_REPLY_UNKNOWN_CONTEXT);
    else if (!(call->iface = server_call_begin(context_syntax, &object, &status)))
    {
        TRACE(TRACE_CALL, "request refused: %ld", status);
        send_fault(conn, call->link.call_id, call->context_id, status, FALSE);
    }
    else if (binding_create(transport_protseq(conn->transport), "", "", "", &object, TRUE, &call->binding) != RPC_S_OK)
        send_fault(conn, call->link.call_id, call->context_id, RPC_S_SERVER_OUT_OF_MEMORY, FALSE);
    else
    {
        call->binding->call = call;
        if ((status = prepare(call, request)) == RPC_S_OK) dispatch(call);
        else if (status == RPC_S_PROCNUM_OUT_OF_RANGE) refuse(conn, request, SERVER_REPLY_OPNUM_OUT_OF_RANGE);
        else send_fault(conn, call->link.call_id, call->context_id, status, FALSE);
    }
    server_call_release(call);
}
