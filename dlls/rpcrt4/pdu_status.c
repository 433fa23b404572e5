/* pdu_status.c: names of the PDU codec's statuses and the one mapping from a status to the server's reply. */
#include <stddef.h>
#include <stdint.h>
#include "pdu.h"

static const char *const names[] =
{
    [PDU_OK] = "PDU_OK",
    [PDU_E_INCOMPLETE] = "PDU_E_INCOMPLETE",
    [PDU_E_VERSION] = "PDU_E_VERSION",
    [PDU_E_FRAG_LENGTH] = "PDU_E_FRAG_LENGTH",
    [PDU_E_AUTH_LENGTH] = "PDU_E_AUTH_LENGTH",
    [PDU_E_TYPE] = "PDU_E_TYPE",
    [PDU_E_DIRECTION] = "PDU_E_DIRECTION",
    [PDU_E_CONTEXT_COUNT] = "PDU_E_CONTEXT_COUNT",
    [PDU_E_TRAILING] = "PDU_E_TRAILING",
    [PDU_E_MALFORMED] = "PDU_E_MALFORMED",
    [PDU_E_NO_MEMORY] = "PDU_E_NO_MEMORY",
    [PDU_E_CALL_ID] = "PDU_E_CALL_ID",
    [PDU_E_FRAGMENT_ORDER] = "PDU_E_FRAGMENT_ORDER",
    [PDU_E_TOO_BIG] = "PDU_E_TOO_BIG",
    [PDU_E_BUFFER_TOO_SMALL] = "PDU_E_BUFFER_TOO_SMALL",
    [PDU_E_DREP] = "PDU_E_DREP",
    [PDU_E_ZERO_LENGTH] = "PDU_E_ZERO_LENGTH",
};

const char *pdu_status_name(enum pdu_status status)
{
    if ((unsigned int)status >= sizeof(names) / sizeof(names[0]) || !names[status]) return "PDU_E_?";
    return names[status];
}

/* The table in pdu.h is the specification of this function. */
enum pdu_reply pdu_status_reply(enum pdu_status status, uint8_t type, uint32_t *code)
{
    int bind = type == PDU_TYPE_BIND;

    *code = 0;
    switch (status)
    {
    case PDU_OK:
    case PDU_E_INCOMPLETE:
        return PDU_REPLY_NONE;
    case PDU_E_BUFFER_TOO_SMALL:
        return PDU_REPLY_CLOSE;
    case PDU_E_NO_MEMORY:
    case PDU_E_TOO_BIG:
        *code = bind ? PDU_REJECT_LOCAL_LIMIT_EXCEEDED : PDU_NCA_S_FAULT_REMOTE_NO_MEMORY;
        break;
    default:
        *code = bind ? PDU_REJECT_PROTOCOL_VERSION_NOT_SUPPORTED : PDU_NCA_S_PROTO_ERROR;
        break;
    }
    return bind ? PDU_REPLY_BIND_NAK : PDU_REPLY_FAULT;
}
