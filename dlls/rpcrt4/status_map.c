/* status_map.c: the runtime's status mapping tables and the one lookup that searches them. */
#include <stddef.h>
#include <stdint.h>
#include "pdu.h"
#include "status_map.h"

#define COUNT(table) (sizeof(table) / sizeof((table)[0]))

/* Client side: MS-RPCE 3.1.1.5.5 "Returning Win32 Error Values", row by row in its order. The rows it
 * marks "not mapped" are here as themselves, so that the table lists every code of the appendix. */
const struct status_map_pair status_map_faults[] =
{
    { PDU_NCA_S_COMM_FAILURE, STATUS_MAP_RPC_S_COMM_FAILURE },                  /* 3.1.1.5.5 */
    { PDU_NCA_S_OP_RNG_ERROR, STATUS_MAP_RPC_S_PROCNUM_OUT_OF_RANGE },          /* 3.1.1.5.5 */
    { PDU_NCA_S_UNK_IF, STATUS_MAP_RPC_S_UNKNOWN_IF },                          /* 3.1.1.5.5 */
    { PDU_NCA_S_WRONG_BOOT_TIME, PDU_NCA_S_WRONG_BOOT_TIME },                   /* 3.1.1.5.5: not mapped */
    { PDU_NCA_S_YOU_CRASHED, STATUS_MAP_RPC_S_CALL_FAILED },                    /* 3.1.1.5.5 */
    { PDU_NCA_S_PROTO_ERROR, STATUS_MAP_RPC_S_PROTOCOL_ERROR },                 /* 3.1.1.5.5 */
    { PDU_NCA_S_OUT_ARGS_TOO_BIG, STATUS_MAP_RPC_S_SERVER_OUT_OF_MEMORY },      /* 3.1.1.5.5 */
    { PDU_NCA_S_SERVER_TOO_BUSY, STATUS_MAP_RPC_S_SERVER_TOO_BUSY },            /* 3.1.1.5.5 */
    { PDU_NCA_S_UNSUPPORTED_TYPE, STATUS_MAP_RPC_S_UNSUPPORTED_TYPE },          /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_INT_DIV_BY_ZERO, STATUS_MAP_RPC_S_ZERO_DIVIDE },          /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_ADDR_ERROR, STATUS_MAP_RPC_S_ADDRESS_ERROR },             /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_FP_DIV_ZERO, STATUS_MAP_RPC_S_FP_DIV_ZERO },              /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_FP_UNDERFLOW, STATUS_MAP_RPC_S_FP_UNDERFLOW },            /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_FP_OVERFLOW, STATUS_MAP_RPC_S_FP_OVERFLOW },              /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_INVALID_TAG, STATUS_MAP_RPC_S_INVALID_TAG },              /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_INVALID_BOUND, STATUS_MAP_RPC_S_INVALID_BOUND },          /* 3.1.1.5.5 */
    { PDU_NCA_S_RPC_VERSION_MISMATCH, STATUS_MAP_RPC_S_PROTOCOL_ERROR },        /* 3.1.1.5.5 */
    { PDU_NCA_S_UNSPEC_REJECT, STATUS_MAP_RPC_S_CALL_FAILED },                  /* 3.1.1.5.5 */
    { PDU_NCA_S_BAD_ACTID, STATUS_MAP_RPC_S_CALL_FAILED_DNE },                  /* 3.1.1.5.5 */
    { PDU_NCA_S_WHO_ARE_YOU_FAILED, STATUS_MAP_RPC_S_CALL_FAILED },             /* 3.1.1.5.5 */
    { PDU_NCA_S_MANAGER_NOT_ENTERED, STATUS_MAP_RPC_S_CALL_FAILED_DNE },        /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_CANCEL, STATUS_MAP_RPC_S_CALL_CANCELLED },                /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_ILL_INST, STATUS_MAP_RPC_S_ADDRESS_ERROR },               /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_FP_ERROR, STATUS_MAP_RPC_S_FP_OVERFLOW },                 /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_INT_OVERFLOW, STATUS_MAP_RPC_S_ADDRESS_ERROR },           /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_UNSPEC, STATUS_MAP_RPC_S_CALL_FAILED },                   /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_REMOTE_COMM_FAILURE, PDU_NCA_S_FAULT_REMOTE_COMM_FAILURE }, /* 3.1.1.5.5: not mapped */
    { PDU_NCA_S_FAULT_PIPE_EMPTY, STATUS_MAP_RPC_X_PIPE_EMPTY },                /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_PIPE_CLOSED, STATUS_MAP_RPC_X_PIPE_CLOSED },              /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_PIPE_ORDER, STATUS_MAP_RPC_X_WRONG_PIPE_ORDER },          /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_PIPE_DISCIPLINE, STATUS_MAP_RPC_X_PIPE_DISCIPLINE_ERROR }, /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_PIPE_COMM_ERROR, STATUS_MAP_RPC_S_COMM_FAILURE },         /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_PIPE_MEMORY, STATUS_MAP_RPC_S_OUT_OF_MEMORY },            /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_CONTEXT_MISMATCH, STATUS_MAP_RPC_X_SS_CONTEXT_MISMATCH }, /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_REMOTE_NO_MEMORY, STATUS_MAP_RPC_S_SERVER_OUT_OF_MEMORY }, /* 3.1.1.5.5 */
    { PDU_NCA_S_INVALID_PRES_CONTEXT_ID, STATUS_MAP_RPC_S_PROTOCOL_ERROR },     /* 3.1.1.5.5 */
    { PDU_NCA_S_UNSUPPORTED_AUTHN_LEVEL, STATUS_MAP_RPC_S_UNSUPPORTED_AUTHN_LEVEL }, /* 3.1.1.5.5 */
    { PDU_NCA_S_INVALID_CHECKSUM, STATUS_MAP_RPC_S_CALL_FAILED_DNE },           /* 3.1.1.5.5 */
    { PDU_NCA_S_INVALID_CRC, STATUS_MAP_RPC_S_CALL_FAILED_DNE },                /* 3.1.1.5.5 */
    { PDU_NCA_S_FAULT_USER_DEFINED, PDU_NCA_S_FAULT_USER_DEFINED },             /* 3.1.1.5.5: not mapped */
    { PDU_NCA_S_FAULT_TX_OPEN_FAILED, PDU_NCA_S_FAULT_TX_OPEN_FAILED },         /* 3.1.1.5.5: not mapped */
    { PDU_NCA_S_FAULT_CODESET_CONV_ERROR, PDU_NCA_S_FAULT_CODESET_CONV_ERROR }, /* 3.1.1.5.5: not mapped */
    { PDU_NCA_S_FAULT_OBJECT_NOT_FOUND, PDU_NCA_S_FAULT_OBJECT_NOT_FOUND },     /* 3.1.1.5.5: not mapped */
    { PDU_NCA_S_FAULT_NO_CLIENT_STUB, PDU_NCA_S_FAULT_NO_CLIENT_STUB },         /* 3.1.1.5.5: not mapped */
    /* C706 appendix E codes that MS-RPCE's table leaves out: not mapped, like every value not listed. */
    { PDU_NCA_S_FAULT_STRING_TOO_LONG, PDU_NCA_S_FAULT_STRING_TOO_LONG },       /* C706 app. E, not in 3.1.1.5.5 */
    /* nca_s_fault_ndr is the Win32 value RPC_X_BAD_STUB_DATA itself, so it needs no row. */
};
const size_t status_map_fault_count = COUNT(status_map_faults);

/* Server side. First the runtime's statuses that have an NCA code: each row is the inverse of a row of
 * 3.1.1.5.5, choosing one code where several map to the same status. Then the exception codes that
 * MS-RPCE 3.3.3.5.1 says a server MUST NOT send, and the other processor exceptions: each becomes the
 * NCA fault whose client status (3.1.1.5.5) names what happened. */
const struct status_map_pair status_map_to_faults[] =
{
    { STATUS_MAP_RPC_S_COMM_FAILURE, PDU_NCA_S_COMM_FAILURE },                  /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_S_PROCNUM_OUT_OF_RANGE, PDU_NCA_S_OP_RNG_ERROR },          /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_S_UNKNOWN_IF, PDU_NCA_S_UNK_IF },                          /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_S_CALL_FAILED, PDU_NCA_S_FAULT_UNSPEC },                   /* 3.1.1.5.5 inverse, of 4 */
    { STATUS_MAP_RPC_S_PROTOCOL_ERROR, PDU_NCA_S_PROTO_ERROR },                 /* 3.1.1.5.5 inverse, of 3 */
    { STATUS_MAP_RPC_S_SERVER_OUT_OF_MEMORY, PDU_NCA_S_FAULT_REMOTE_NO_MEMORY }, /* 3.1.1.5.5 inverse, of 2 */
    { STATUS_MAP_RPC_S_SERVER_TOO_BUSY, PDU_NCA_S_SERVER_TOO_BUSY },            /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_S_UNSUPPORTED_TYPE, PDU_NCA_S_UNSUPPORTED_TYPE },          /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_S_ZERO_DIVIDE, PDU_NCA_S_FAULT_INT_DIV_BY_ZERO },          /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_S_ADDRESS_ERROR, PDU_NCA_S_FAULT_ADDR_ERROR },             /* 3.1.1.5.5 inverse, of 3 */
    { STATUS_MAP_RPC_S_FP_DIV_ZERO, PDU_NCA_S_FAULT_FP_DIV_ZERO },              /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_S_FP_UNDERFLOW, PDU_NCA_S_FAULT_FP_UNDERFLOW },            /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_S_FP_OVERFLOW, PDU_NCA_S_FAULT_FP_OVERFLOW },              /* 3.1.1.5.5 inverse, of 2 */
    { STATUS_MAP_RPC_S_INVALID_TAG, PDU_NCA_S_FAULT_INVALID_TAG },              /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_S_INVALID_BOUND, PDU_NCA_S_FAULT_INVALID_BOUND },          /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_S_CALL_FAILED_DNE, PDU_NCA_S_MANAGER_NOT_ENTERED },        /* 3.1.1.5.5 inverse, of 4 */
    { STATUS_MAP_RPC_S_CALL_CANCELLED, PDU_NCA_S_FAULT_CANCEL },                /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_X_PIPE_EMPTY, PDU_NCA_S_FAULT_PIPE_EMPTY },                /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_X_PIPE_CLOSED, PDU_NCA_S_FAULT_PIPE_CLOSED },              /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_X_WRONG_PIPE_ORDER, PDU_NCA_S_FAULT_PIPE_ORDER },          /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_X_PIPE_DISCIPLINE_ERROR, PDU_NCA_S_FAULT_PIPE_DISCIPLINE }, /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_X_SS_CONTEXT_MISMATCH, PDU_NCA_S_FAULT_CONTEXT_MISMATCH }, /* 3.1.1.5.5 inverse */
    { STATUS_MAP_RPC_S_UNSUPPORTED_AUTHN_LEVEL, PDU_NCA_S_UNSUPPORTED_AUTHN_LEVEL }, /* 3.1.1.5.5 inverse */
    { STATUS_MAP_ERROR_SUCCESS, PDU_NCA_S_FAULT_UNSPEC },                       /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_GUARD_PAGE_VIOLATION, PDU_NCA_S_FAULT_ADDR_ERROR },     /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_DATATYPE_MISALIGNMENT, PDU_NCA_S_FAULT_ADDR_ERROR },    /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_BREAKPOINT, PDU_NCA_S_FAULT_UNSPEC },                   /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_ACCESS_VIOLATION, PDU_NCA_S_FAULT_ADDR_ERROR },         /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_IN_PAGE_ERROR, PDU_NCA_S_FAULT_ADDR_ERROR },            /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_ILLEGAL_INSTRUCTION, PDU_NCA_S_FAULT_ILL_INST },        /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_PRIVILEGED_INSTRUCTION, PDU_NCA_S_FAULT_ILL_INST },     /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_INSTRUCTION_MISALIGNMENT, PDU_NCA_S_FAULT_ILL_INST },   /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_STACK_OVERFLOW, PDU_NCA_S_FAULT_ADDR_ERROR },           /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_POSSIBLE_DEADLOCK, PDU_NCA_S_FAULT_UNSPEC },            /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_HANDLE_NOT_CLOSABLE, PDU_NCA_S_FAULT_UNSPEC },          /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_STACK_BUFFER_OVERRUN, PDU_NCA_S_FAULT_UNSPEC },         /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_ASSERTION_FAILURE, PDU_NCA_S_FAULT_UNSPEC },            /* 3.3.3.5.1 MUST NOT send */
    { STATUS_MAP_STATUS_INTEGER_DIVIDE_BY_ZERO, PDU_NCA_S_FAULT_INT_DIV_BY_ZERO }, /* C706 app. E meaning */
    { STATUS_MAP_STATUS_INTEGER_OVERFLOW, PDU_NCA_S_FAULT_INT_OVERFLOW },       /* C706 app. E meaning */
    { STATUS_MAP_STATUS_FLOAT_DIVIDE_BY_ZERO, PDU_NCA_S_FAULT_FP_DIV_ZERO },    /* C706 app. E meaning */
    { STATUS_MAP_STATUS_FLOAT_OVERFLOW, PDU_NCA_S_FAULT_FP_OVERFLOW },          /* C706 app. E meaning */
    { STATUS_MAP_STATUS_FLOAT_UNDERFLOW, PDU_NCA_S_FAULT_FP_UNDERFLOW },        /* C706 app. E meaning */
    { STATUS_MAP_STATUS_FLOAT_INEXACT_RESULT, PDU_NCA_S_FAULT_FP_ERROR },       /* C706 app. E meaning */
    { STATUS_MAP_STATUS_FLOAT_INVALID_OPERATION, PDU_NCA_S_FAULT_FP_ERROR },    /* C706 app. E meaning */
    { STATUS_MAP_STATUS_FLOAT_DENORMAL_OPERAND, PDU_NCA_S_FAULT_FP_ERROR },     /* C706 app. E meaning */
    { STATUS_MAP_STATUS_FLOAT_STACK_CHECK, PDU_NCA_S_FAULT_FP_ERROR },          /* C706 app. E meaning */
    { STATUS_MAP_STATUS_ARRAY_BOUNDS_EXCEEDED, PDU_NCA_S_FAULT_INVALID_BOUND }, /* C706 app. E meaning */
};
const size_t status_map_to_fault_count = COUNT(status_map_to_faults);

/* Transport errors by class (see status_map_win32_to_rpc). Meanings from MS-ERREF 2.2 and the Winsock
 * error code list; TRANSPORT is also what an error missing here counts as. */
const struct status_map_pair status_map_win32_classes[] =
{
    { STATUS_MAP_ERROR_FILE_NOT_FOUND, STATUS_MAP_CLASS_TRANSPORT },        /* no such pipe (CreateFile) */
    { STATUS_MAP_ERROR_PATH_NOT_FOUND, STATUS_MAP_CLASS_TRANSPORT },        /* no such pipe path */
    { STATUS_MAP_ERROR_ACCESS_DENIED, STATUS_MAP_CLASS_ACCESS },            /* pipe ACL refused the open */
    { STATUS_MAP_ERROR_NOT_ENOUGH_MEMORY, STATUS_MAP_CLASS_NO_MEMORY },     /* MS-ERREF 2.2: 8 */
    { STATUS_MAP_ERROR_OUTOFMEMORY, STATUS_MAP_CLASS_NO_MEMORY },           /* MS-ERREF 2.2: 14 */
    { STATUS_MAP_ERROR_REM_NOT_LIST, STATUS_MAP_CLASS_TRANSPORT },          /* remote computer not listening */
    { STATUS_MAP_ERROR_BAD_NETPATH, STATUS_MAP_CLASS_TRANSPORT },           /* network path not found */
    { STATUS_MAP_ERROR_UNEXP_NET_ERR, STATUS_MAP_CLASS_TRANSPORT },         /* unexpected network error */
    { STATUS_MAP_ERROR_NETNAME_DELETED, STATUS_MAP_CLASS_TRANSPORT },       /* socket reset/closed under IOCP */
    { STATUS_MAP_ERROR_BAD_NET_NAME, STATUS_MAP_CLASS_TRANSPORT },          /* network name not found */
    { STATUS_MAP_ERROR_BROKEN_PIPE, STATUS_MAP_CLASS_TRANSPORT },           /* other end closed the pipe */
    { STATUS_MAP_ERROR_SEM_TIMEOUT, STATUS_MAP_CLASS_TRANSPORT },           /* WaitNamedPipe, I/O timed out */
    { STATUS_MAP_ERROR_BAD_PIPE, STATUS_MAP_CLASS_TRANSPORT },              /* pipe state invalid */
    { STATUS_MAP_ERROR_PIPE_BUSY, STATUS_MAP_CLASS_TRANSPORT },             /* all pipe instances busy */
    { STATUS_MAP_ERROR_NO_DATA, STATUS_MAP_CLASS_TRANSPORT },               /* pipe is being closed */
    { STATUS_MAP_ERROR_PIPE_NOT_CONNECTED, STATUS_MAP_CLASS_TRANSPORT },    /* no process on the other end */
    { STATUS_MAP_WAIT_TIMEOUT, STATUS_MAP_CLASS_TIMEOUT },                  /* a runtime wait expired */
    { STATUS_MAP_ERROR_OPERATION_ABORTED, STATUS_MAP_CLASS_CANCELLED },     /* CancelIoEx, thread exit */
    { STATUS_MAP_ERROR_CANCELLED, STATUS_MAP_CLASS_CANCELLED },             /* operation cancelled by user */
    { STATUS_MAP_ERROR_CONNECTION_REFUSED, STATUS_MAP_CLASS_TRANSPORT },    /* ConnectEx: refused */
    { STATUS_MAP_ERROR_GRACEFUL_DISCONNECT, STATUS_MAP_CLASS_TRANSPORT },   /* peer shut the connection down */
    { STATUS_MAP_ERROR_NETWORK_UNREACHABLE, STATUS_MAP_CLASS_TRANSPORT },   /* ConnectEx: network unreachable */
    { STATUS_MAP_ERROR_HOST_UNREACHABLE, STATUS_MAP_CLASS_TRANSPORT },      /* ConnectEx: host unreachable */
    { STATUS_MAP_ERROR_PORT_UNREACHABLE, STATUS_MAP_CLASS_TRANSPORT },      /* ConnectEx: port unreachable */
    { STATUS_MAP_ERROR_CONNECTION_ABORTED, STATUS_MAP_CLASS_TRANSPORT },    /* local system aborted it */
    { STATUS_MAP_ERROR_NO_SYSTEM_RESOURCES, STATUS_MAP_CLASS_NO_MEMORY },   /* MS-ERREF 2.2: 1450 */
    { STATUS_MAP_ERROR_TIMEOUT, STATUS_MAP_CLASS_TIMEOUT },                 /* a runtime timer expired */
    { STATUS_MAP_WSAEADDRNOTAVAIL, STATUS_MAP_CLASS_TRANSPORT },            /* Winsock: address not available */
    { STATUS_MAP_WSAENETDOWN, STATUS_MAP_CLASS_TRANSPORT },                 /* Winsock: network is down */
    { STATUS_MAP_WSAENETUNREACH, STATUS_MAP_CLASS_TRANSPORT },              /* Winsock: network unreachable */
    { STATUS_MAP_WSAENETRESET, STATUS_MAP_CLASS_TRANSPORT },                /* Winsock: keep-alive failed */
    { STATUS_MAP_WSAECONNABORTED, STATUS_MAP_CLASS_TRANSPORT },             /* Winsock: connection aborted */
    { STATUS_MAP_WSAECONNRESET, STATUS_MAP_CLASS_TRANSPORT },               /* Winsock: reset by peer */
    { STATUS_MAP_WSAENOBUFS, STATUS_MAP_CLASS_NO_MEMORY },                  /* Winsock: no buffer space */
    { STATUS_MAP_WSAENOTCONN, STATUS_MAP_CLASS_TRANSPORT },                 /* Winsock: not connected */
    { STATUS_MAP_WSAESHUTDOWN, STATUS_MAP_CLASS_TRANSPORT },                /* Winsock: socket shut down */
    { STATUS_MAP_WSAETIMEDOUT, STATUS_MAP_CLASS_TRANSPORT },                /* Winsock: TCP gave up on the peer */
    { STATUS_MAP_WSAECONNREFUSED, STATUS_MAP_CLASS_TRANSPORT },             /* Winsock: connection refused */
    { STATUS_MAP_WSAEHOSTDOWN, STATUS_MAP_CLASS_TRANSPORT },                /* Winsock: host is down */
    { STATUS_MAP_WSAEHOSTUNREACH, STATUS_MAP_CLASS_TRANSPORT },             /* Winsock: no route to host */
    { STATUS_MAP_WSAEDISCON, STATUS_MAP_CLASS_TRANSPORT },                  /* Winsock: graceful shutdown */
    { STATUS_MAP_WSAECANCELLED, STATUS_MAP_CLASS_CANCELLED },               /* Winsock: call cancelled */
    { STATUS_MAP_WSAHOST_NOT_FOUND, STATUS_MAP_CLASS_TRANSPORT },           /* Winsock: host not found */
    { STATUS_MAP_WSATRY_AGAIN, STATUS_MAP_CLASS_TRANSPORT },                /* Winsock: name server failed */
    { STATUS_MAP_WSANO_DATA, STATUS_MAP_CLASS_TRANSPORT },                  /* Winsock: name has no address */
};
const size_t status_map_win32_class_count = COUNT(status_map_win32_classes);

/* What each class of transport error gives in each context: the table in status_map.h. */
static const uint32_t class_results[STATUS_MAP_CLASS_COUNT][3] =
{
    [STATUS_MAP_CLASS_TRANSPORT] = { STATUS_MAP_RPC_S_SERVER_UNAVAILABLE, STATUS_MAP_RPC_S_CALL_FAILED_DNE,
                                     STATUS_MAP_RPC_S_CALL_FAILED },
    [STATUS_MAP_CLASS_TIMEOUT] = { STATUS_MAP_RPC_S_SERVER_UNAVAILABLE, STATUS_MAP_RPC_S_CALL_CANCELLED,
                                   STATUS_MAP_RPC_S_CALL_CANCELLED },
    [STATUS_MAP_CLASS_CANCELLED] = { STATUS_MAP_RPC_S_CALL_CANCELLED, STATUS_MAP_RPC_S_CALL_CANCELLED,
                                     STATUS_MAP_RPC_S_CALL_CANCELLED },
    [STATUS_MAP_CLASS_NO_MEMORY] = { STATUS_MAP_RPC_S_OUT_OF_MEMORY, STATUS_MAP_RPC_S_OUT_OF_MEMORY,
                                     STATUS_MAP_RPC_S_OUT_OF_MEMORY },
    [STATUS_MAP_CLASS_ACCESS] = { STATUS_MAP_RPC_S_ACCESS_DENIED, STATUS_MAP_RPC_S_CALL_FAILED_DNE,
                                  STATUS_MAP_RPC_S_CALL_FAILED },
};

/* The one search: the value of key's row, or fallback when the table has none. */
static uint32_t lookup(const struct status_map_pair *table, size_t count, uint32_t key, uint32_t fallback)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (table[i].key == key) return table[i].value;
    return fallback;
}

uint32_t status_map_fault_to_rpc(uint32_t nca_status)
{
    return lookup(status_map_faults, status_map_fault_count, nca_status, nca_status);
}

uint32_t status_map_rpc_to_fault(uint32_t status)
{
    return lookup(status_map_to_faults, status_map_to_fault_count, status, status);
}

uint32_t status_map_win32_to_rpc(uint32_t win32_error, enum status_map_context context)
{
    uint32_t class;

    if (win32_error == STATUS_MAP_ERROR_SUCCESS) return STATUS_MAP_RPC_S_OK;
    if ((unsigned int)context > STATUS_MAP_SENT) context = STATUS_MAP_SENT;
    class = lookup(status_map_win32_classes, status_map_win32_class_count, win32_error,
                   STATUS_MAP_CLASS_TRANSPORT);
    return class_results[class][context];
}
