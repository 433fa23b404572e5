/* client_bind.h: the client's side of bind/alter_context negotiation, built and decided in pure functions. */
#ifndef RPCRT4_CLIENT_BIND_H
#define RPCRT4_CLIENT_BIND_H

#include <stdint.h>
#include "pdu.h"

/* These functions build the bind or alter_context a client sends for one interface and decide what the
 * answer means; they do no I/O, keep no state and allocate nothing, so the host tests call them directly
 * and the connection layer only sends, receives and stores the result. */

/* The RPC_STATUS values the decision returns (winerror.h numbers; no Windows headers here). */
#define CLIENT_BIND_S_OK                    0u
#define CLIENT_BIND_S_ACCESS_DENIED         5u      /* ERROR_ACCESS_DENIED = RPC_S_ACCESS_DENIED */
#define CLIENT_BIND_S_INVALID_ARG           87u     /* ERROR_INVALID_PARAMETER = RPC_S_INVALID_ARG */
#define CLIENT_BIND_S_SERVER_OUT_OF_MEMORY  1130u   /* ERROR_NOT_ENOUGH_SERVER_MEMORY */
#define CLIENT_BIND_S_UNKNOWN_IF            1717u   /* RPC_S_UNKNOWN_IF */
#define CLIENT_BIND_S_SERVER_TOO_BUSY       1723u   /* RPC_S_SERVER_TOO_BUSY */
#define CLIENT_BIND_S_CALL_FAILED_DNE       1727u   /* RPC_S_CALL_FAILED_DNE */
#define CLIENT_BIND_S_PROTOCOL_ERROR        1728u   /* RPC_S_PROTOCOL_ERROR */
#define CLIENT_BIND_S_UNSUPPORTED_TRANS_SYN 1730u   /* RPC_S_UNSUPPORTED_TRANS_SYN */
#define CLIENT_BIND_S_UNKNOWN_AUTHN_SERVICE 1747u   /* RPC_S_UNKNOWN_AUTHN_SERVICE */

/* The smallest fragment size either side may announce: C706's MustRecvFragSize, kept by MS-RPCE (the
 * same bound our server enforces, SERVER_REPLY_MIN_FRAG). */
#define CLIENT_BIND_MIN_FRAG 1432

/* The bind time features a Windows client offers: security context multiplexing and keep connection on
 * orphan (MS-RPCE 2.2.2.14). */
#define CLIENT_BIND_FEATURES (PDU_FEATURE_SECURITY_CONTEXT_MULTIPLEXING | PDU_FEATURE_KEEP_CONNECTION_ON_ORPHAN)

/* At most three presentation contexts: NDR 2.0, NDR64, the feature negotiation entry. */
#define CLIENT_BIND_MAX_CONTEXTS 3

/* What the caller asks for. */
struct client_bind_params
{
    struct pdu_syntax abstract_syntax;   /* the interface: uuid and version */
    int alter_context;            /* 0: a bind (new connection); 1: an alter_context on a bound one */
    int ndr64;                    /* the stub can do NDR64: offer it in a context of its own */
    /* bind only: the features offered in the negotiation entry (normally CLIENT_BIND_FEATURES). The
     * entry is in every bind, as Windows clients send it, and never in an alter_context (MS-RPCE
     * 3.3.1.5.3 is about the bind). */
    uint16_t features;
    /* The context ids are first_context_id, first_context_id + 1, ... (one per context sent,
     * client_bind_request.pdu.u.bind.context_count of them): the caller picks ids still unused on the
     * connection. */
    uint16_t first_context_id;
    /* bind: the largest fragments we send and receive (each at least CLIENT_BIND_MIN_FRAG).
     * alter_context: the sizes the connection's bind negotiated (sent as they are, and kept). */
    uint16_t max_xmit_frag;
    uint16_t max_recv_frag;
    /* bind: 0 for a new association group, else the association's group id. alter_context: the
     * connection's group (sent, not checked in the answer). */
    uint32_t assoc_group_id;
    uint32_t call_id;
};

/* The PDU to send, with the storage it points into. It points into itself: build it where it stays,
 * and do not copy or move it while pdu is in use. */
struct client_bind_request
{
    struct client_bind_params params;
    struct pdu pdu;               /* for pdu_encode(); header.type is bind or alter_context */
    struct pdu_context contexts[CLIENT_BIND_MAX_CONTEXTS];
    struct pdu_syntax negotiation;    /* the negotiation entry's transfer syntax */
    int negotiation_index;        /* index of the negotiation entry in contexts, -1 when none */
};

/* Builds the request for params: contexts[0] offers NDR 2.0, then NDR64 when params->ndr64, then (bind
 * only) the feature negotiation entry with the same abstract syntax; each context has one transfer
 * syntax (MS-RPCE 3.3.1.5.6: "the transfer_syntaxes array of each element SHOULD have one element only").
 * Flags first and last fragment, no auth. Returns CLIENT_BIND_S_OK, or CLIENT_BIND_S_INVALID_ARG (a NULL
 * argument, a bind with a fragment size below CLIENT_BIND_MIN_FRAG, or context ids that would pass
 * 65535): *request is then zeroed (when non-NULL). */
uint32_t client_bind_build(const struct client_bind_params *params, struct client_bind_request *request);

/* What the negotiation gave. */
struct client_bind_result
{
    uint32_t status;              /* the same value client_bind_process returns */
    /* On CLIENT_BIND_S_OK: the context id and transfer syntax every call on this interface uses. */
    uint16_t context_id;
    int ndr64;                    /* 1: NDR64 (pdu_syntax_ndr64), 0: NDR 2.0 (pdu_syntax_ndr) */
    /* The fragment sizes of the connection: max_xmit_frag is the largest fragment we may send,
     * max_recv_frag the largest we accept. */
    uint16_t max_xmit_frag;
    uint16_t max_recv_frag;
    uint32_t assoc_group_id;      /* bind: the group the server put the connection in */
    /* bind: 1 if the server answered the negotiation entry with negotiate_ack, and the features it
     * acknowledged (only ones we offered). 0 and 0 otherwise (Wine's builtin rejects the entry). */
    int features_negotiated;
    uint16_t features;
    /* Set when the answer's call id was 1 instead of ours (the builtin's quirk, accepted). */
    int call_id_quirk;
    /* For diagnostics: the bind_nak's reject reason, or the fault's status; 0 otherwise. */
    uint32_t server_reason;
};

/* Decides what the decoded answer means for the request it answers, and fills *result. The answer may
 * be a bind_ack (to a bind), an alter_context_resp (to an alter_context), a bind_nak or a fault. The
 * guards, in order, each with its status:
 *   - NULL argument                              CLIENT_BIND_S_INVALID_ARG
 *   - a call id other than ours, except 1        CLIENT_BIND_S_PROTOCOL_ERROR (Wine's builtin server
 *     answers every bind with call id 1 whatever we sent; 1 is tolerated and flagged in call_id_quirk,
 *     any other mismatch is not)
 *   - bind_nak: by its reason (MS-RPCE 2.2.2.5):
 *       TEMPORARY_CONGESTION, LOCAL_LIMIT_EXCEEDED   CLIENT_BIND_S_SERVER_TOO_BUSY ("SHOULD treat
 *                                                    TEMPORARY_CONGESTION as LOCAL_LIMIT_EXCEEDED")
 *       PROTOCOL_VERSION_NOT_SUPPORTED               CLIENT_BIND_S_PROTOCOL_ERROR
 *       AUTHENTICATION_TYPE_NOT_RECOGNIZED           CLIENT_BIND_S_UNKNOWN_AUTHN_SERVICE
 *       INVALID_CHECKSUM                             CLIENT_BIND_S_ACCESS_DENIED
 *       REASON_NOT_SPECIFIED and any other           CLIENT_BIND_S_CALL_FAILED_DNE (refused, nothing ran)
 *   - fault (the answer to an alter_context the server could not take): nca_s_proto_error ->
 *     PROTOCOL_ERROR, nca_s_unk_if -> UNKNOWN_IF, nca_s_fault_remote_no_memory -> SERVER_OUT_OF_MEMORY,
 *     status 0 -> PROTOCOL_ERROR (MS-RPCE 3.1.1.5.5: a server MUST NOT send it), another NCA status
 *     (0x1c......) -> CALL_FAILED_DNE, a Win32 status as it is
 *   - any other type, or bind_ack to an alter_context, alter_context_resp to a bind    PROTOCOL_ERROR
 *   - a result count other than the contexts sent                                      PROTOCOL_ERROR
 *   - a result that contradicts its context: acceptance of a transfer syntax the context did not offer
 *     or that is neither NDR 2.0 nor NDR64, acceptance of the negotiation entry, negotiate_ack on an
 *     ordinary context, a result value C706/MS-RPCE do not define                     PROTOCOL_ERROR
 *   - bind: a fragment size below CLIENT_BIND_MIN_FRAG                                 PROTOCOL_ERROR
 *   - bind that offered a group: an ack naming another group                           PROTOCOL_ERROR
 *   - no context accepted: UNKNOWN_IF if a context was rejected for its abstract syntax, else
 *     UNSUPPORTED_TRANS_SYN if one was for its transfer syntax, else SERVER_TOO_BUSY if one was for
 *     a local limit, else CALL_FAILED_DNE
 * then CLIENT_BIND_S_OK with the context that got NDR64 if one did (the first), else the first that got
 * NDR 2.0; a rejected negotiation entry (Wine's builtin rejects it with reason 2) changes nothing.
 * Fragment sizes: a bind takes what the server announces, capped by what we offered (max_xmit_frag =
 * min(ack's max_recv_frag, our max_xmit_frag), max_recv_frag = min(ack's max_xmit_frag, our
 * max_recv_frag)): C706 lets a server announce only up to the client's values, and a server that
 * announces more gets no more than we said we handle. An alter_context keeps the connection's sizes (the
 * request's), whatever the answer repeats. *result is zeroed first; on failure only status,
 * server_reason and call_id_quirk are meaningful.
 * Of the request it reads params, negotiation_index and pdu.u.bind's contexts (results[i] answers
 * pdu.u.bind.contexts[i]), so it also decides answers to a bind built elsewhere with several transfer
 * syntaxes per context. */
uint32_t client_bind_process(const struct client_bind_request *request, const struct pdu *answer,
                             struct client_bind_result *result);

#endif
