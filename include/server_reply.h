/* server_reply.h: the server's answers to bind, alter_context and failed requests, decided in pure functions. */
#ifndef RPCRT4_SERVER_REPLY_H
#define RPCRT4_SERVER_REPLY_H

#include <stddef.h>
#include <stdint.h>
#include "pdu.h"

/* These functions decide what the server sends and build it as a struct pdu for pdu_encode(); they do
 * no I/O and keep no state, so the host tests call them directly. Every reply echoes the call id of the
 * PDU it answers (Wine's builtin server answers 1 whatever the request carried; we must not). Each call
 * builds exactly one reply: the caller sends it and nothing else for that call. */

/* The smallest fragment either side may announce: C706's MustRecvFragSize for the connection-oriented
 * protocol, which MS-RPCE keeps. A bind announcing less is a protocol error. */
#define SERVER_REPLY_MIN_FRAG 1432

/* The bind time features our server supports (MS-RPCE 2.2.2.14, 3.3.1.5.3): keep connection on orphan
 * only. On an orphaned PDU the server drops that one call and keeps the connection, which the per-call
 * state table does anyway. Security context multiplexing (several security contexts on one connection,
 * MS-RPCE 3.3.1.5.4) is not offered while the server has no security providers: saying yes would promise
 * what the connection cannot keep. */
#define SERVER_REPLY_FEATURES PDU_FEATURE_KEEP_CONNECTION_ON_ORPHAN

/* One registered interface as the decision sees it (read only). */
struct server_reply_interface
{
    uint8_t uuid[16];             /* GUID memory layout, as struct pdu_syntax */
    uint16_t version_major;
    uint16_t version_minor;
    int ndr64;                    /* the server takes NDR64 for it (NDR 2.0 is always taken) */
};

/* The server's side of the negotiation, for one connection. */
struct server_reply_limits
{
    /* bind: the largest fragments we send and receive (each at least SERVER_REPLY_MIN_FRAG); the ack
     * announces the smaller of ours and the client's. alter_context: the sizes this connection already
     * negotiated, repeated as they are. */
    uint16_t max_xmit_frag;
    uint16_t max_recv_frag;
    /* The group the connection joins: the one the bind named when it is known, else a new group's id
     * (made by the caller) when the bind offered 0. Repeated in every bind_ack and alter_context_resp. */
    uint32_t assoc_group_id;
    /* bind with a non-zero assoc_group_id: 1 if that id names one of our association groups (on a
     * transport that can tell, one created from the same client machine: MS-RPCE's rule on the bind's
     * assoc_group_id field), else 0 and the bind is nak'ed. Ignored for a bind offering 0 and for alter_context. */
    int assoc_group_known;
    /* The secondary address of the bind_ack: the endpoint the client reached ("135", "\\PIPE\\lsass",
     * an ncalrpc endpoint), NUL-terminated; sent with its NUL. NULL sends none. It must outlive the reply,
     * which points at it. Not used by alter_context_resp. */
    const char *secondary_address;
    /* The bind time features we support (PDU_FEATURE_*), normally SERVER_REPLY_FEATURES. */
    uint16_t features;
};

/* What server_reply_bind built. */
enum server_reply_status
{
    SERVER_REPLY_OK = 0,          /* *reply is a bind_ack or alter_context_resp (some contexts may be
                                   * rejected in it): send it, the connection goes on */
    SERVER_REPLY_REJECTED,        /* *reply is a bind_nak (bind) or a fault (alter_context): send it,
                                   * then close the connection */
    SERVER_REPLY_NO_MEMORY,       /* the results could not be allocated: *reply is a bind_nak
                                   * LOCAL_LIMIT_EXCEEDED or a fault nca_s_fault_remote_no_memory;
                                   * send it, then close */
    SERVER_REPLY_E_INVALID        /* not a bind or alter_context, a NULL argument, or a secondary address
                                   * too long for a PDU: *reply is zeroed, nothing to send */
};

/* Decides the answer to a decoded bind or alter_context (request) against the interfaces the server
 * registered (if_count entries, may be NULL when 0) and limits, and builds it in *reply. Release the
 * reply with server_reply_release() whatever the status.
 *
 * bind, in this order:
 *   - no presentation context                  bind_nak PROTOCOL_VERSION_NOT_SUPPORTED (a protocol error
 *                                              while processing a bind, MS-RPCE 2.2.2.5)
 *   - max_xmit_frag or max_recv_frag below SERVER_REPLY_MIN_FRAG    the same bind_nak
 *   - a non-zero assoc_group_id not known      bind_nak REASON_NOT_SPECIFIED (MS-RPCE 2.2.2.5: no other
 *                                              reason fits; it is neither a resource nor a protocol fault)
 *   - else a bind_ack: max_xmit_frag = min(client's max_recv_frag, ours), max_recv_frag =
 *     min(client's max_xmit_frag, ours), assoc_group_id from limits, the secondary address, and one
 *     result per context, in the bind's order (results[i] answers contexts[i]).
 * alter_context: no context gives a fault nca_s_proto_error with PFC_DID_NOT_EXECUTE (an alter_context
 * cannot be nak'ed: only a bind has a bind_nak, as pdu_status_reply says); else an alter_context_resp with the limits'
 * sizes and group, no secondary address, and one result per context.
 *
 * Each context (MS-RPCE 3.3.1.5.6, C706 12.6):
 *   - bind only: the first context whose one transfer syntax is the bind time feature negotiation syntax
 *     gets PDU_RESULT_NEGOTIATE_ACK with reason = the client's features & limits->features and a zero
 *     transfer syntax; *features (if non-NULL) gets that value (0 when the client offered no negotiation);
 *   - an interface uuid we lack, or no registration of it with the same major version and a minor
 *     version at least the client's: provider rejection, ABSTRACT_SYNTAX_NOT_SUPPORTED;
 *   - else the server's preferred transfer syntax (NDR64 when the interface takes it, else NDR 2.0) if
 *     the context offers it, else the first offered syntax the server takes: acceptance;
 *     none: provider rejection, TRANSFER_SYNTAXES_NOT_SUPPORTED;
 *   - at most one context per abstract syntax is accepted in one PDU ("the server SHOULD accept, at
 *     most, one of the transfer syntaxes"): when several would be, the one that got the preferred syntax
 *     wins (the first such), and the others get TRANSFER_SYNTAXES_NOT_SUPPORTED. A client offering
 *     NDR in one context and NDR64 in the next so gets exactly one of them.
 * A rejected result carries a zero transfer syntax.
 *
 * Returns SERVER_REPLY_OK, SERVER_REPLY_REJECTED, SERVER_REPLY_NO_MEMORY or SERVER_REPLY_E_INVALID. */
enum server_reply_status server_reply_bind(const struct pdu *request, const struct server_reply_interface *ifs,
                                           size_t if_count, const struct server_reply_limits *limits,
                                           struct pdu *reply, uint16_t *features);

/* Frees what a server_reply_* builder allocated in *reply (a bind_ack's results) and clears it; harmless
 * on any reply these functions built, and on a zeroed struct pdu. */
void server_reply_release(struct pdu *reply);

/* Builds a bind_nak: reject_reason (PDU_REJECT_*), versions list 5.0, no Signature, the given call id. */
void server_reply_bind_nak(uint32_t call_id, uint16_t reject_reason, struct pdu *reply);

/* Builds a fault in the layout without extended error information: first and last fragment, plus
 * PFC_DID_NOT_EXECUTE when did_not_execute, alloc_hint 0, the request's context id, cancel count 0,
 * reserved 0, the status, no stub data. */
void server_reply_fault(uint32_t call_id, uint16_t context_id, uint32_t status, int did_not_execute,
                        struct pdu *reply);

/* Why a request is not run. */
enum server_reply_failure
{
    SERVER_REPLY_UNKNOWN_CONTEXT,     /* its p_cont_id names no accepted presentation context:
                                       * nca_s_unk_if (the server has no interface for it), not executed */
    SERVER_REPLY_OPNUM_OUT_OF_RANGE,  /* the interface has no such operation: nca_s_op_rng_error,
                                       * not executed */
    SERVER_REPLY_PROTOCOL_ERROR       /* anything else wrong with the request PDU: nca_s_proto_error,
                                       * not executed */
};

/* Builds the one fault answering a request the server does not run: call id and context id echoed from
 * the request, the status and PFC_DID_NOT_EXECUTE as listed with enum server_reply_failure. The server
 * sends it and nothing else for the call (the builtin's extra response after a fault is not copied).
 * Returns SERVER_REPLY_OK, or SERVER_REPLY_E_INVALID (not a request, unknown failure, NULL argument:
 * *reply zeroed when non-NULL). */
enum server_reply_status server_reply_request_fault(const struct pdu *request, enum server_reply_failure failure,
                                                    struct pdu *reply);

/* The answer to a receive status (pdu_decode, pdu_stream) on a PDU of the given type and call id, as
 * pdu_status_reply() decides it: PDU_REPLY_BIND_NAK builds the bind_nak, PDU_REPLY_FAULT the fault (not
 * executed, context id 0); PDU_REPLY_NONE and PDU_REPLY_CLOSE zero *reply (nothing to send). Returns
 * what pdu_status_reply returned. */
enum pdu_reply server_reply_protocol_error(enum pdu_status status, uint8_t type, uint32_t call_id,
                                           struct pdu *reply);

#endif
