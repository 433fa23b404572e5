/* pdu.h: encode, decode and validate the connection-oriented DCE/RPC PDUs (C706 ch. 12, MS-RPCE 2.2.2). */
#ifndef RPCRT4_PDU_H
#define RPCRT4_PDU_H

#include <stddef.h>
#include <stdint.h>

/* The codec does no I/O and keeps no state: pdu_decode_header() reads the 16-byte common header (enough
 * to know how many bytes the fragment has), pdu_decode() one whole fragment, pdu_encode() writes one.
 *
 * Byte order: received fragments may use either integer representation (drep[0] & 0x10: little endian,
 * else big endian); every integer of the header and of the PDU body is converted to host order. Stub
 * data and the auth value are handed over as bytes, untouched. We always send drep 10 00 00 00 (little
 * endian, ASCII, IEEE floats) and version 5.0.
 *
 * UUIDs (object, syntax identifiers, bind_nak Signature) are 16 bytes in GUID memory layout (data1..data3
 * little endian, data4 in order) whatever the drep, so they copy straight into and out of a GUID. */

/* The common header every fragment starts with. */
#define PDU_HEADER_SIZE 16
/* The sec_trailer (auth_verifier_co_t without its auth_value) before the auth value. */
#define PDU_AUTH_TRAILER_SIZE 8
/* A p_syntax_id_t on the wire: a UUID and a 32-bit version. */
#define PDU_SYNTAX_SIZE 20
/* The only protocol version these extensions speak (MS-RPCE 1.7: 5.0). */
#define PDU_RPC_VERSION 5
#define PDU_RPC_VERSION_MINOR 0
/* The data representation we send: little endian integers, ASCII characters, IEEE floats. */
#define PDU_DREP_LITTLE_ENDIAN 0x10

enum pdu_type
{
    PDU_TYPE_REQUEST = 0,
    PDU_TYPE_RESPONSE = 2,
    PDU_TYPE_FAULT = 3,
    PDU_TYPE_BIND = 11,
    PDU_TYPE_BIND_ACK = 12,
    PDU_TYPE_BIND_NAK = 13,
    PDU_TYPE_ALTER_CONTEXT = 14,
    PDU_TYPE_ALTER_CONTEXT_RESP = 15,
    PDU_TYPE_AUTH3 = 16,
    PDU_TYPE_SHUTDOWN = 17,
    PDU_TYPE_CO_CANCEL = 18,
    PDU_TYPE_ORPHANED = 19
};

/* pfc_flags of the common header. */
enum
{
    PDU_FLAG_FIRST_FRAG = 0x01,
    PDU_FLAG_LAST_FRAG = 0x02,
    PDU_FLAG_PENDING_CANCEL = 0x04,
    /* MS-RPCE 2.2.2.3: the same bit means PFC_SUPPORT_HEADER_SIGN in bind, bind_ack, alter_context,
     * alter_context_resp and auth3. */
    PDU_FLAG_SUPPORT_HEADER_SIGN = 0x04,
    PDU_FLAG_CONC_MPX = 0x10,
    PDU_FLAG_DID_NOT_EXECUTE = 0x20,
    PDU_FLAG_MAYBE = 0x40,
    PDU_FLAG_OBJECT_UUID = 0x80
};

/* The common header, in host byte order. */
struct pdu_header
{
    uint8_t version, version_minor, type, flags;
    uint8_t drep[4];
    uint16_t frag_length, auth_length;
    uint32_t call_id;
};

/* What can go wrong; pdu_status_reply() says what a server answers to each. */
enum pdu_status
{
    PDU_OK = 0,
    PDU_E_INCOMPLETE,         /* need more bytes: fewer than 16 header bytes, or fewer than frag_length */
    PDU_E_VERSION,            /* rpc_vers is not 5 or rpc_vers_minor is not 0 */
    PDU_E_FRAG_LENGTH,        /* frag_length is shorter than the header or than the type's fixed part */
    PDU_E_AUTH_LENGTH,        /* the auth trailer does not fit the fragment, overlaps the body, or is
                               * missing where required (auth3) or present where not allowed */
    PDU_E_TYPE,               /* PTYPE is not a connection-oriented PDU type */
    PDU_E_DIRECTION,          /* a PDU type that the other side does not send (pdu_check_direction) */
    PDU_E_CONTEXT_COUNT,      /* a presentation context, transfer syntax, result or version count whose
                               * entries do not fit the fragment */
    PDU_E_TRAILING,           /* bytes after the end of a type's body, or after frag_length */
    PDU_E_MALFORMED,          /* any other inconsistency inside the body (bind_ack secondary address) */
    PDU_E_NO_MEMORY,          /* allocating a decoded list failed */
    PDU_E_CALL_ID,            /* reassembly: a fragment with another call id inside one call */
    PDU_E_FRAGMENT_ORDER,     /* reassembly: a first fragment inside a call, or a call without one */
    PDU_E_TOO_BIG,            /* encoding: frag_length or auth_length over 65535; reassembly: over the
                               * caller's size limits */
    PDU_E_BUFFER_TOO_SMALL,   /* encoding: the output buffer cannot hold the fragment */
    PDU_E_DREP,               /* drep is no integer/character/float representation C706 14.1 defines */
    PDU_E_ZERO_LENGTH         /* frag_length is 0 */
};

/* "PDU_E_VERSION" and so on; "PDU_E_?" for a value outside the enum. */
const char *pdu_status_name(enum pdu_status status);

/* A p_syntax_id_t: interface or transfer syntax UUID and version (major in the wire's low 16 bits). */
struct pdu_syntax
{
    uint8_t uuid[16];
    uint16_t version_major;
    uint16_t version_minor;
};

/* NDR 2.0 (8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0) and NDR64 (71710533-beba-4937-8319-b5dbef9ccc36
 * v1.0) transfer syntaxes. */
extern const struct pdu_syntax pdu_syntax_ndr;
extern const struct pdu_syntax pdu_syntax_ndr64;
/* 1 if both UUIDs and both versions are equal. */
int pdu_syntax_equal(const struct pdu_syntax *a, const struct pdu_syntax *b);

/* Bind time feature negotiation (MS-RPCE 3.3.1.5.3, 2.2.2.14): the client offers it as an extra
 * presentation context whose one transfer syntax is 6cb71c2c-9812-4540-XXXX-XXXXXXXXXXXX v1.0, the eight
 * octets after the prefix (GUID data4) being the BindTimeFeatureNegotiationBitmask. The server answers
 * that context with result PDU_RESULT_NEGOTIATE_ACK and the features it supports in the reason field.
 * Features travel here as 16 bits: Bitmask[0] in the low byte, Bitmask[1] in the high byte. */
enum
{
    PDU_FEATURE_SECURITY_CONTEXT_MULTIPLEXING = 0x0001,
    PDU_FEATURE_KEEP_CONNECTION_ON_ORPHAN = 0x0002
};
/* Sets *syntax to the negotiation syntax offering features (Bitmask[2..7] zero). */
void pdu_syntax_make_features(uint16_t features, struct pdu_syntax *syntax);
/* 1 and *features set (if features is non-NULL) when syntax has the negotiation prefix and version 1.0,
 * else 0. */
int pdu_syntax_is_features(const struct pdu_syntax *syntax, uint16_t *features);

/* One p_cont_elem_t of a bind or alter_context. */
struct pdu_context
{
    uint16_t context_id;
    uint8_t transfer_count;
    struct pdu_syntax abstract_syntax;
    const struct pdu_syntax *transfer_syntaxes;   /* transfer_count entries */
};

/* bind and alter_context (C706 12.6.4.3, 12.6.4.1). */
struct pdu_bind
{
    uint16_t max_xmit_frag;
    uint16_t max_recv_frag;
    uint32_t assoc_group_id;
    uint8_t context_count;
    const struct pdu_context *contexts;           /* context_count entries */
};

/* p_cont_def_result_t values. */
enum
{
    PDU_RESULT_ACCEPTANCE = 0,
    PDU_RESULT_USER_REJECTION = 1,
    PDU_RESULT_PROVIDER_REJECTION = 2,
    PDU_RESULT_NEGOTIATE_ACK = 3                  /* MS-RPCE 2.2.2.4: bind time feature negotiation */
};

/* p_provider_reason_t values, the reason of a rejected result. */
enum
{
    PDU_PROVIDER_REASON_NOT_SPECIFIED = 0,
    PDU_PROVIDER_ABSTRACT_SYNTAX_NOT_SUPPORTED = 1,
    PDU_PROVIDER_TRANSFER_SYNTAXES_NOT_SUPPORTED = 2,
    PDU_PROVIDER_LOCAL_LIMIT_EXCEEDED = 3
};

/* One p_result_t of a bind_ack or alter_context_resp. */
struct pdu_result
{
    uint16_t result;                              /* PDU_RESULT_* */
    uint16_t reason;                              /* PDU_PROVIDER_*, or features for NEGOTIATE_ACK */
    struct pdu_syntax transfer_syntax;            /* the accepted one; zero when rejected */
};

/* bind_ack and alter_context_resp (C706 12.6.4.4, 12.6.4.2). */
struct pdu_bind_ack
{
    uint16_t max_xmit_frag;
    uint16_t max_recv_frag;
    uint32_t assoc_group_id;
    /* port_any_t: the bytes of the secondary address (the server's port or endpoint) including the
     * terminating NUL when the sender wrote one, as "135" and its NUL in 4 bytes; 0 for none (what
     * alter_context_resp carries). Padding after it restores 4-byte alignment. */
    uint16_t secondary_address_length;
    const uint8_t *secondary_address;
    uint8_t result_count;
    const struct pdu_result *results;             /* result_count entries */
};

/* bind_nak provider_reject_reason values (C706 12.6.3.1, MS-RPCE 2.2.2.5). */
enum
{
    PDU_REJECT_REASON_NOT_SPECIFIED = 0,
    PDU_REJECT_TEMPORARY_CONGESTION = 1,
    PDU_REJECT_LOCAL_LIMIT_EXCEEDED = 2,
    PDU_REJECT_CALLED_PADDR_UNKNOWN = 3,
    /* C706: protocol_version_not_supported; MS-RPCE also uses it for any protocol error detected in a
     * bind or alter_context. */
    PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED = 4,
    PDU_REJECT_DEFAULT_CONTEXT_NOT_SUPPORTED = 5,
    PDU_REJECT_USER_DATA_NOT_READABLE = 6,
    PDU_REJECT_NO_PSAP_AVAILABLE = 7,
    PDU_REJECT_AUTHENTICATION_TYPE_NOT_RECOGNIZED = 8,
    PDU_REJECT_INVALID_CHECKSUM = 9
};

/* One protocol version of a bind_nak's p_rt_versions_supported_t. */
struct pdu_version
{
    uint8_t major;
    uint8_t minor;
};

/* MS-RPCE 2.2.1.1.2: the bind_nak Signature announcing extended error information
 * (90740320-fad0-11d3-82d7-009027b130ab), in GUID memory layout. */
extern const uint8_t pdu_extended_error_signature[16];

/* bind_nak (C706 12.6.4.5, MS-RPCE 2.2.2.9). */
struct pdu_bind_nak
{
    uint16_t reject_reason;                       /* PDU_REJECT_* */
    uint8_t version_count;
    const struct pdu_version *versions;           /* version_count entries */
    /* MS-RPCE: a 16-byte Signature may follow the versions; on receipt it is there when at least 16
     * bytes follow them (fewer are ignored as padding). The bytes after it are extended_error (the
     * MS-EERR BLOB when the Signature is pdu_extended_error_signature). */
    int has_signature;
    uint8_t signature[16];
    const uint8_t *extended_error;
    size_t extended_error_length;
};

struct pdu_request
{
    uint32_t alloc_hint;
    uint16_t context_id;
    uint16_t opnum;
    uint8_t object[16];   /* on the wire only with PDU_FLAG_OBJECT_UUID */
};

struct pdu_response
{
    uint32_t alloc_hint;
    uint16_t context_id;
    uint8_t cancel_count;
};

/* MS-RPCE 2.2.2.8: the low bit of the fault's reserved byte flags extended error information in the
 * stub data. */
#define PDU_FAULT_FLAG_EXTENDED_ERROR 0x01

struct pdu_fault
{
    uint32_t alloc_hint;
    uint16_t context_id;
    uint8_t cancel_count;
    uint8_t flags;        /* PDU_FAULT_FLAG_* */
    uint32_t status;      /* PDU_NCA_* or a Win32 status */
};

/* The security trailer (sec_trailer, auth_verifier_co_t) and the auth value after it. */
struct pdu_auth
{
    uint8_t type;         /* RPC_C_AUTHN_*; with length 0 nothing of this is on the wire */
    uint8_t level;        /* RPC_C_AUTHN_LEVEL_* */
    uint8_t pad_length;   /* decoded from the wire; computed by the encoder */
    uint8_t reserved;
    uint32_t context_id;
    const uint8_t *value;
    size_t length;        /* bytes of value: header.auth_length */
};

/* One decoded or to-be-encoded fragment. Decoding fills every field that the type has; lists are
 * allocated (pdu_release frees them), stub data, auth value, secondary address and extended error
 * point into the decoded buffer. For encoding the caller fills header.type, header.flags,
 * header.call_id, the type's union member, stub data and auth; the pointers are only read. */
struct pdu
{
    struct pdu_header header;
    union
    {
        struct pdu_request request;       /* request */
        struct pdu_response response;     /* response */
        struct pdu_fault fault;           /* fault */
        struct pdu_bind bind;             /* bind, alter_context */
        struct pdu_bind_ack bind_ack;     /* bind_ack, alter_context_resp */
        struct pdu_bind_nak bind_nak;     /* bind_nak */
    } u;
    /* request, response and fault: the stub data (without the auth padding); empty for other types. */
    const uint8_t *stub_data;
    size_t stub_length;
    struct pdu_auth auth;
};

/* Decodes and validates the 16-byte common header (either byte order per drep); len is how many bytes
 * buf has, and only the first 16 are read. The guards, in order:
 * PDU_E_INCOMPLETE (len < 16), PDU_E_VERSION, PDU_E_DREP, PDU_E_TYPE, PDU_E_ZERO_LENGTH,
 * PDU_E_FRAG_LENGTH (frag_length < 16), PDU_E_AUTH_LENGTH (auth_length plus the 8-byte trailer does not
 * fit after the header). *header is filled whatever the status once len >= 16. */
enum pdu_status pdu_decode_header(const uint8_t *buf, size_t len, struct pdu_header *header);

/* Decodes one complete fragment (len bytes = its frag_length); lists are allocated: pdu_release() frees.
 * Returns PDU_OK, any status of pdu_decode_header, PDU_E_INCOMPLETE (len < frag_length),
 * PDU_E_TRAILING (len > frag_length, or bytes after a body of fixed size), PDU_E_FRAG_LENGTH,
 * PDU_E_AUTH_LENGTH, PDU_E_CONTEXT_COUNT, PDU_E_MALFORMED or PDU_E_NO_MEMORY. On failure nothing stays
 * allocated and *pdu needs no pdu_release (calling it is harmless). It does not check direction. */
enum pdu_status pdu_decode(const uint8_t *buf, size_t len, struct pdu *pdu);

/* Frees the lists pdu_decode allocated and clears their pointers; only for decoded PDUs. */
void pdu_release(struct pdu *pdu);

/* Encodes one fragment; frag_length/auth_length are computed; little-endian NDR output.
 * version 5.0 and drep 10 00 00 00 are written whatever pdu->header holds; the auth padding (before the
 * trailer when auth.length > 0) is computed: the trailer starts 16-byte aligned from the start of the
 * stub data (MS-RPCE 2.2.2.11). *written is the fragment's length (also on PDU_E_BUFFER_TOO_SMALL, then
 * the size needed). Stub data is only written for request, response and fault, the bind_nak's
 * extended_error only after its Signature. Returns PDU_OK, PDU_E_TYPE, PDU_E_TOO_BIG (a fragment over
 * 65535 bytes, or an auth value over 65535), PDU_E_AUTH_LENGTH (auth on a bind_nak or shutdown, or none
 * on an auth3) or PDU_E_BUFFER_TOO_SMALL; buf is untouched on failure. */
enum pdu_status pdu_encode(const struct pdu *pdu, uint8_t *buf, size_t size, size_t *written);

/* The length pdu_encode writes for pdu (which may be over 65535: pdu_encode then fails). 0 for a type
 * the codec does not know. */
size_t pdu_encoded_size(const struct pdu *pdu);

/* Which side sends which type: a server receives bind, alter_context, auth3, request, co_cancel and
 * orphaned; a client receives bind_ack, bind_nak, alter_context_resp, response, fault and shutdown.
 * Returns PDU_OK, PDU_E_DIRECTION, or PDU_E_TYPE for an unknown type. */
enum pdu_status pdu_check_direction(uint8_t type, int receiver_is_server);

/* Fault status values (C706 appendix E, MS-RPCE 3.1.1.5.5). */
#define PDU_NCA_S_FAULT_INT_DIV_BY_ZERO      0x1c000001u
#define PDU_NCA_S_FAULT_ADDR_ERROR           0x1c000002u
#define PDU_NCA_S_FAULT_FP_DIV_ZERO          0x1c000003u
#define PDU_NCA_S_FAULT_FP_UNDERFLOW         0x1c000004u
#define PDU_NCA_S_FAULT_FP_OVERFLOW          0x1c000005u
#define PDU_NCA_S_FAULT_INVALID_TAG          0x1c000006u
#define PDU_NCA_S_FAULT_INVALID_BOUND        0x1c000007u
#define PDU_NCA_S_RPC_VERSION_MISMATCH       0x1c000008u
#define PDU_NCA_S_UNSPEC_REJECT              0x1c000009u
#define PDU_NCA_S_BAD_ACTID                  0x1c00000au
#define PDU_NCA_S_WHO_ARE_YOU_FAILED         0x1c00000bu
#define PDU_NCA_S_MANAGER_NOT_ENTERED        0x1c00000cu
#define PDU_NCA_S_FAULT_CANCEL               0x1c00000du
#define PDU_NCA_S_FAULT_ILL_INST             0x1c00000eu
#define PDU_NCA_S_FAULT_FP_ERROR             0x1c00000fu
#define PDU_NCA_S_FAULT_INT_OVERFLOW         0x1c000010u
#define PDU_NCA_S_FAULT_UNSPEC               0x1c000012u
#define PDU_NCA_S_FAULT_REMOTE_COMM_FAILURE  0x1c000013u
#define PDU_NCA_S_FAULT_PIPE_EMPTY           0x1c000014u
#define PDU_NCA_S_FAULT_PIPE_CLOSED          0x1c000015u
#define PDU_NCA_S_FAULT_PIPE_ORDER           0x1c000016u
#define PDU_NCA_S_FAULT_PIPE_DISCIPLINE      0x1c000017u
#define PDU_NCA_S_FAULT_PIPE_COMM_ERROR      0x1c000018u
#define PDU_NCA_S_FAULT_PIPE_MEMORY          0x1c000019u
#define PDU_NCA_S_FAULT_CONTEXT_MISMATCH     0x1c00001au
#define PDU_NCA_S_FAULT_REMOTE_NO_MEMORY     0x1c00001bu
#define PDU_NCA_S_INVALID_PRES_CONTEXT_ID    0x1c00001cu
#define PDU_NCA_S_UNSUPPORTED_AUTHN_LEVEL    0x1c00001du
#define PDU_NCA_S_INVALID_CHECKSUM           0x1c00001fu
#define PDU_NCA_S_INVALID_CRC                0x1c000020u
#define PDU_NCA_S_FAULT_USER_DEFINED         0x1c000021u
#define PDU_NCA_S_FAULT_TX_OPEN_FAILED       0x1c000022u
#define PDU_NCA_S_FAULT_CODESET_CONV_ERROR   0x1c000023u
#define PDU_NCA_S_FAULT_OBJECT_NOT_FOUND     0x1c000024u
#define PDU_NCA_S_FAULT_NO_CLIENT_STUB       0x1c000025u
#define PDU_NCA_S_COMM_FAILURE               0x1c010001u
#define PDU_NCA_S_OP_RNG_ERROR               0x1c010002u
#define PDU_NCA_S_UNK_IF                     0x1c010003u
#define PDU_NCA_S_WRONG_BOOT_TIME            0x1c010006u
#define PDU_NCA_S_YOU_CRASHED                0x1c010009u
#define PDU_NCA_S_PROTO_ERROR                0x1c01000bu
#define PDU_NCA_S_OUT_ARGS_TOO_BIG           0x1c010013u
#define PDU_NCA_S_SERVER_TOO_BUSY            0x1c010014u
#define PDU_NCA_S_FAULT_STRING_TOO_LONG      0x1c010015u
#define PDU_NCA_S_UNSUPPORTED_TYPE           0x1c010017u
/* Not an NCA code: Windows sends the Win32 status RPC_X_BAD_STUB_DATA for stub data it cannot
 * unmarshal (the "nca_s_fault_ndr" of MS-RPCE's tables). */
#define PDU_NCA_S_FAULT_NDR                  0x000006f7u

/* What a server sends back for a status met while receiving. */
enum pdu_reply
{
    PDU_REPLY_NONE = 0,   /* nothing: the PDU is good, or more bytes are needed */
    PDU_REPLY_BIND_NAK,   /* a bind_nak with provider_reject_reason *code, then close the connection */
    PDU_REPLY_FAULT,      /* a fault with PDU_FLAG_DID_NOT_EXECUTE and status *code (the offending
                           * PDU's call id), then close the connection */
    PDU_REPLY_CLOSE       /* close the connection without a word */
};

/* The one place that maps a receive status to the server's answer; type is the offending PDU's PTYPE
 * (header byte 2), which decides between bind_nak (only a bind can be nak'ed) and fault. *code gets the
 * reject reason or NCA status, 0 with PDU_REPLY_NONE and PDU_REPLY_CLOSE. Per status:
 *   PDU_OK, PDU_E_INCOMPLETE            none
 *   PDU_E_NO_MEMORY, PDU_E_TOO_BIG      bind: nak LOCAL_LIMIT_EXCEEDED; else fault
 *                                       nca_s_fault_remote_no_memory (a resource limit, not a bad peer)
 *   PDU_E_BUFFER_TOO_SMALL              close (our own encoder failed: nothing sensible to send)
 *   every other status                  bind: nak PROTOCOL_VERSION_NOT_SUPPORTED (MS-RPCE 2.2.2.5: also
 *                                       "a protocol error while processing a bind"); else fault
 *                                       nca_s_proto_error
 * A client meeting any status but PDU_OK and PDU_E_INCOMPLETE just closes the connection and fails
 * its calls with RPC_S_PROTOCOL_ERROR: clients send no fault. */
enum pdu_reply pdu_status_reply(enum pdu_status status, uint8_t type, uint32_t *code);

#endif
