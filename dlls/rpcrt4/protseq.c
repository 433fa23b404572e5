/* protseq.c: the protocol sequences the runtime knows: the supported ones and the known unsupported ones. */
#include <stddef.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include "protseq.h"
#include "rpc_string.h"
#include "trace.h"

static const char *const supported_names[PROTSEQ_SUPPORTED_COUNT] =
{
    "ncalrpc",
    "ncacn_np",
    "ncacn_ip_tcp",
};

/* Documented by Microsoft ("Protocol Sequence Constants", "String Binding") but not implemented here. */
static const char *const unsupported_names[] =
{
    "ncacn_nb_tcp",
    "ncacn_nb_ipx",
    "ncacn_nb_nb",
    "ncacn_spx",
    "ncacn_dnet_nsp",
    "ncacn_at_dsp",
    "ncacn_vns_spp",
    "ncacn_http",
    "ncacn_hvsocket",
    "ncadg_ip_udp",
    "ncadg_ipx",
    "ncadg_mq",
};

/* Longer names are no protocol sequence; a UTF-16 name is only converted up to this length. */
#define MAX_NAME_LENGTH 32

/* The A and W vectors differ only in the type their pointers point to. */
_Static_assert(offsetof(RPC_PROTSEQ_VECTORA, Protseq) == offsetof(RPC_PROTSEQ_VECTORW, Protseq),
               "protseq vector layouts differ");

static int equal_nocase(const char *a, const char *b)
{
    for (;; a++, b++)
    {
        char ca = *a, cb = *b;
        if (ca >= 'A' && ca <= 'Z') ca = (char)(ca - 'A' + 'a');
        if (cb >= 'A' && cb <= 'Z') cb = (char)(cb - 'A' + 'a');
        if (ca != cb) return 0;
        if (!ca) return 1;
    }
}

RPC_STATUS protseq_lookup(const char *name, enum protseq_id *id)
{
    size_t i;

    if (!name) return RPC_S_INVALID_RPC_PROTSEQ;
    for (i = 0; i < PROTSEQ_SUPPORTED_COUNT; i++)
    {
        if (!equal_nocase(name, supported_names[i])) continue;
        if (id) *id = (enum protseq_id)i;
        return RPC_S_OK;
    }
    for (i = 0; i < ARRAYSIZE(unsupported_names); i++)
        if (equal_nocase(name, unsupported_names[i])) return RPC_S_PROTSEQ_NOT_SUPPORTED;
    return RPC_S_INVALID_RPC_PROTSEQ;
}

const char *protseq_name(enum protseq_id id)
{
    return (unsigned int)id < PROTSEQ_SUPPORTED_COUNT ? supported_names[id] : NULL;
}

/* A UTF-16 name as ASCII into buf; FALSE for one that cannot be a protocol sequence name (non-ASCII
 * or too long), which then classifies as invalid. */
static BOOL ascii_from_w(const WCHAR *name, char *buf, size_t size)
{
    size_t i;

    for (i = 0; i < size; i++)
    {
        if (name[i] >= 0x80) return FALSE;
        buf[i] = (char)name[i];
        if (!name[i]) return TRUE;
    }
    return FALSE;
}

/* RpcNetworkIsProtseqValidA */
RPC_STATUS RPC_ENTRY RpcNetworkIsProtseqValidA(RPC_CSTR Protseq)
{
    RPC_STATUS status = protseq_lookup((const char *)Protseq, NULL);

    TRACE(TRACE_BINDING, "%.64s -> %ld", Protseq ? (const char *)Protseq : "(null)", status);
    return status;
}

/* RpcNetworkIsProtseqValidW */
RPC_STATUS RPC_ENTRY RpcNetworkIsProtseqValidW(RPC_WSTR Protseq)
{
    char name[MAX_NAME_LENGTH + 1];
    RPC_STATUS status = RPC_S_INVALID_RPC_PROTSEQ;

    if (Protseq && ascii_from_w(Protseq, name, sizeof(name))) status = protseq_lookup(name, NULL);
    TRACE(TRACE_BINDING, "%p -> %ld", (void *)Protseq, status);
    return status;
}

/* Frees the strings and the vector of either kind; the vector comes from inq_protseqs. */
static void free_vector(RPC_PROTSEQ_VECTORW *vector)
{
    unsigned int i;

    for (i = 0; i < vector->Count; i++) rpc_string_free(vector->Protseq[i]);
    HeapFree(GetProcessHeap(), 0, vector);
}

/* A vector of the supported names, UTF-16 strings when wide, else ANSI; all from the process heap. */
static RPC_STATUS inq_protseqs(BOOL wide, RPC_PROTSEQ_VECTORW **result)
{
    size_t size = offsetof(RPC_PROTSEQ_VECTORW, Protseq) + PROTSEQ_SUPPORTED_COUNT * sizeof(void *);
    RPC_PROTSEQ_VECTORW *vector;
    unsigned int i;

    if (!(vector = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size))) return RPC_S_OUT_OF_MEMORY;
    for (i = 0; i < PROTSEQ_SUPPORTED_COUNT; i++)
    {
        void *name = wide ? (void *)rpc_a_to_w(supported_names[i]) : (void *)rpc_strdup_a(supported_names[i]);
        if (!name)
        {
            free_vector(vector);
            return RPC_S_OUT_OF_MEMORY;
        }
        vector->Protseq[i] = name;
        vector->Count = i + 1;
    }
    *result = vector;
    return RPC_S_OK;
}

/* RpcNetworkInqProtseqsA */
RPC_STATUS RPC_ENTRY RpcNetworkInqProtseqsA(RPC_PROTSEQ_VECTORA **ProtseqVector)
{
    RPC_STATUS status = ProtseqVector ? inq_protseqs(FALSE, (RPC_PROTSEQ_VECTORW **)ProtseqVector)
                                      : RPC_S_INVALID_ARG;

    TRACE(TRACE_BINDING, "%p -> %ld", (void *)ProtseqVector, status);
    return status;
}

/* RpcNetworkInqProtseqsW */
RPC_STATUS RPC_ENTRY RpcNetworkInqProtseqsW(RPC_PROTSEQ_VECTORW **ProtseqVector)
{
    RPC_STATUS status = ProtseqVector ? inq_protseqs(TRUE, ProtseqVector) : RPC_S_INVALID_ARG;

    TRACE(TRACE_BINDING, "%p -> %ld", (void *)ProtseqVector, status);
    return status;
}

/* A NULL ProtseqVector is an argument error; a NULL *ProtseqVector is nothing to free. */
static RPC_STATUS vector_free(RPC_PROTSEQ_VECTORW **vector)
{
    if (!vector) return RPC_S_INVALID_ARG;
    if (*vector) free_vector(*vector);
    *vector = NULL;
    return RPC_S_OK;
}

/* RpcProtseqVectorFreeA */
RPC_STATUS RPC_ENTRY RpcProtseqVectorFreeA(RPC_PROTSEQ_VECTORA **ProtseqVector)
{
    RPC_STATUS status = vector_free((RPC_PROTSEQ_VECTORW **)ProtseqVector);

    TRACE(TRACE_BINDING, "%p -> %ld", (void *)ProtseqVector, status);
    return status;
}

/* RpcProtseqVectorFreeW */
RPC_STATUS RPC_ENTRY RpcProtseqVectorFreeW(RPC_PROTSEQ_VECTORW **ProtseqVector)
{
    RPC_STATUS status = vector_free(ProtseqVector);

    TRACE(TRACE_BINDING, "%p -> %ld", (void *)ProtseqVector, status);
    return status;
}
