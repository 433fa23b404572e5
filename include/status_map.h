/* status_map.h: the runtime's status mappings (fault <-> RPC_S_*, transport errors -> RPC_S_*), one place each. */
#ifndef RPCRT4_STATUS_MAP_H
#define RPCRT4_STATUS_MAP_H

#include <stddef.h>
#include <stdint.h>

/* The Win32, Winsock and NTSTATUS values the tables use, under our own names so that this header can
 * sit next to winerror.h. Values from MS-ERREF 2.2 (Win32 error codes) and 2.3 (NTSTATUS); the host test
 * checks each number, and each was checked against mingw-w64's winerror.h and ntstatus.h. */
#define STATUS_MAP_ERROR_SUCCESS                0u
#define STATUS_MAP_ERROR_FILE_NOT_FOUND         2u
#define STATUS_MAP_ERROR_PATH_NOT_FOUND         3u
#define STATUS_MAP_ERROR_ACCESS_DENIED          5u      /* = RPC_S_ACCESS_DENIED */
#define STATUS_MAP_ERROR_NOT_ENOUGH_MEMORY      8u
#define STATUS_MAP_ERROR_OUTOFMEMORY            14u     /* = RPC_S_OUT_OF_MEMORY */
#define STATUS_MAP_ERROR_REM_NOT_LIST           51u
#define STATUS_MAP_ERROR_BAD_NETPATH            53u
#define STATUS_MAP_ERROR_UNEXP_NET_ERR          59u
#define STATUS_MAP_ERROR_NETNAME_DELETED        64u
#define STATUS_MAP_ERROR_BAD_NET_NAME           67u
#define STATUS_MAP_ERROR_BROKEN_PIPE            109u
#define STATUS_MAP_ERROR_SEM_TIMEOUT            121u
#define STATUS_MAP_ERROR_BAD_PIPE               230u
#define STATUS_MAP_ERROR_PIPE_BUSY              231u
#define STATUS_MAP_ERROR_NO_DATA                232u
#define STATUS_MAP_ERROR_PIPE_NOT_CONNECTED     233u
#define STATUS_MAP_WAIT_TIMEOUT                 258u
#define STATUS_MAP_ERROR_OPERATION_ABORTED      995u
#define STATUS_MAP_ERROR_CANCELLED              1223u
#define STATUS_MAP_ERROR_CONNECTION_REFUSED     1225u
#define STATUS_MAP_ERROR_GRACEFUL_DISCONNECT    1226u
#define STATUS_MAP_ERROR_NETWORK_UNREACHABLE    1231u
#define STATUS_MAP_ERROR_HOST_UNREACHABLE       1232u
#define STATUS_MAP_ERROR_PORT_UNREACHABLE       1234u
#define STATUS_MAP_ERROR_CONNECTION_ABORTED     1236u
#define STATUS_MAP_ERROR_NO_SYSTEM_RESOURCES    1450u
#define STATUS_MAP_ERROR_TIMEOUT                1460u
#define STATUS_MAP_WSAEADDRNOTAVAIL             10049u
#define STATUS_MAP_WSAENETDOWN                  10050u
#define STATUS_MAP_WSAENETUNREACH               10051u
#define STATUS_MAP_WSAENETRESET                 10052u
#define STATUS_MAP_WSAECONNABORTED              10053u
#define STATUS_MAP_WSAECONNRESET                10054u
#define STATUS_MAP_WSAENOBUFS                   10055u
#define STATUS_MAP_WSAENOTCONN                  10057u
#define STATUS_MAP_WSAESHUTDOWN                 10058u
#define STATUS_MAP_WSAETIMEDOUT                 10060u
#define STATUS_MAP_WSAECONNREFUSED              10061u
#define STATUS_MAP_WSAEHOSTDOWN                 10064u
#define STATUS_MAP_WSAEHOSTUNREACH              10065u
#define STATUS_MAP_WSAEDISCON                   10101u
#define STATUS_MAP_WSAECANCELLED                10103u
#define STATUS_MAP_WSAHOST_NOT_FOUND            11001u
#define STATUS_MAP_WSATRY_AGAIN                 11002u
#define STATUS_MAP_WSANO_DATA                   11004u

#define STATUS_MAP_RPC_S_OK                     0u
#define STATUS_MAP_RPC_S_ACCESS_DENIED          5u
#define STATUS_MAP_RPC_X_SS_CONTEXT_MISMATCH    6u      /* = ERROR_INVALID_HANDLE */
#define STATUS_MAP_RPC_S_OUT_OF_MEMORY          14u
#define STATUS_MAP_RPC_S_SERVER_OUT_OF_MEMORY   1130u   /* = ERROR_NOT_ENOUGH_SERVER_MEMORY */
#define STATUS_MAP_RPC_S_UNKNOWN_IF             1717u
#define STATUS_MAP_RPC_S_SERVER_UNAVAILABLE     1722u
#define STATUS_MAP_RPC_S_SERVER_TOO_BUSY        1723u
#define STATUS_MAP_RPC_S_CALL_FAILED            1726u
#define STATUS_MAP_RPC_S_CALL_FAILED_DNE        1727u
#define STATUS_MAP_RPC_S_PROTOCOL_ERROR         1728u
#define STATUS_MAP_RPC_S_UNSUPPORTED_TYPE       1732u
#define STATUS_MAP_RPC_S_INVALID_TAG            1733u
#define STATUS_MAP_RPC_S_INVALID_BOUND          1734u
#define STATUS_MAP_RPC_S_PROCNUM_OUT_OF_RANGE   1745u
#define STATUS_MAP_RPC_S_ZERO_DIVIDE            1767u
#define STATUS_MAP_RPC_S_ADDRESS_ERROR          1768u
#define STATUS_MAP_RPC_S_FP_DIV_ZERO            1769u
#define STATUS_MAP_RPC_S_FP_UNDERFLOW           1770u
#define STATUS_MAP_RPC_S_FP_OVERFLOW            1771u
#define STATUS_MAP_RPC_X_BAD_STUB_DATA          1783u
#define STATUS_MAP_RPC_S_CALL_CANCELLED         1818u
#define STATUS_MAP_RPC_S_COMM_FAILURE           1820u
#define STATUS_MAP_RPC_S_UNSUPPORTED_AUTHN_LEVEL 1821u
#define STATUS_MAP_RPC_X_WRONG_PIPE_ORDER       1831u
#define STATUS_MAP_RPC_X_PIPE_CLOSED            1916u
#define STATUS_MAP_RPC_X_PIPE_DISCIPLINE_ERROR  1917u
#define STATUS_MAP_RPC_X_PIPE_EMPTY             1918u

#define STATUS_MAP_STATUS_GUARD_PAGE_VIOLATION      0x80000001u
#define STATUS_MAP_STATUS_DATATYPE_MISALIGNMENT     0x80000002u
#define STATUS_MAP_STATUS_BREAKPOINT                0x80000003u
#define STATUS_MAP_STATUS_ACCESS_VIOLATION          0xc0000005u
#define STATUS_MAP_STATUS_IN_PAGE_ERROR             0xc0000006u
#define STATUS_MAP_STATUS_ILLEGAL_INSTRUCTION       0xc000001du
#define STATUS_MAP_STATUS_ARRAY_BOUNDS_EXCEEDED     0xc000008cu
#define STATUS_MAP_STATUS_FLOAT_DENORMAL_OPERAND    0xc000008du
#define STATUS_MAP_STATUS_FLOAT_DIVIDE_BY_ZERO      0xc000008eu
#define STATUS_MAP_STATUS_FLOAT_INEXACT_RESULT      0xc000008fu
#define STATUS_MAP_STATUS_FLOAT_INVALID_OPERATION   0xc0000090u
#define STATUS_MAP_STATUS_FLOAT_OVERFLOW            0xc0000091u
#define STATUS_MAP_STATUS_FLOAT_STACK_CHECK         0xc0000092u
#define STATUS_MAP_STATUS_FLOAT_UNDERFLOW           0xc0000093u
#define STATUS_MAP_STATUS_INTEGER_DIVIDE_BY_ZERO    0xc0000094u
#define STATUS_MAP_STATUS_INTEGER_OVERFLOW          0xc0000095u
#define STATUS_MAP_STATUS_PRIVILEGED_INSTRUCTION    0xc0000096u
#define STATUS_MAP_STATUS_INSTRUCTION_MISALIGNMENT  0xc00000aau
#define STATUS_MAP_STATUS_STACK_OVERFLOW            0xc00000fdu
#define STATUS_MAP_STATUS_POSSIBLE_DEADLOCK         0xc0000194u
#define STATUS_MAP_STATUS_HANDLE_NOT_CLOSABLE       0xc0000235u
#define STATUS_MAP_STATUS_STACK_BUFFER_OVERRUN      0xc0000409u
#define STATUS_MAP_STATUS_ASSERTION_FAILURE         0xc0000420u

/* One row of a mapping table: key maps to value. */
struct status_map_pair
{
    uint32_t key;
    uint32_t value;
};

/* The tables, read only, for the tests to walk. */
extern const struct status_map_pair status_map_faults[];      /* fault status -> client status */
extern const size_t status_map_fault_count;
extern const struct status_map_pair status_map_to_faults[];   /* server status/exception -> fault status */
extern const size_t status_map_to_fault_count;
extern const struct status_map_pair status_map_win32_classes[];   /* Win32 error -> enum status_map_class */
extern const size_t status_map_win32_class_count;

/* Client: the status the call raises for a fault PDU's status field (or a bind_nak's). The NCA codes map
 * as MS-RPCE 3.1.1.5.5's table says; the ones it marks "not mapped", and every value that is no NCA code
 * (Windows servers send Win32 and exception codes as they are), come back unchanged. Never fails. */
uint32_t status_map_fault_to_rpc(uint32_t nca_status);

/* Server: the fault status to send for a call that failed with status, or whose server routine raised
 * the exception code status. Runtime statuses with an NCA code become that code (one canonical code where
 * several NCA codes map to the same status, so status_map_fault_to_rpc gives status back); the exception
 * codes MS-RPCE 3.3.3.5.1 forbids on the wire, and the other processor exceptions, become the NCA fault
 * whose client status describes them (STATUS_ACCESS_VIOLATION -> nca_s_fault_addr_error, client
 * RPC_S_ADDRESS_ERROR); everything else is sent as it is. Never returns 0 (ERROR_SUCCESS is forbidden
 * too and becomes nca_s_fault_unspec). The runtime's own allocation failures are to be passed here as
 * RPC_S_SERVER_OUT_OF_MEMORY (nca_s_fault_remote_no_memory); RPC_S_OUT_OF_MEMORY raised by a server
 * routine goes out as 14. Never fails. */
uint32_t status_map_rpc_to_fault(uint32_t status);

/* Where in a client call a transport error happened. */
enum status_map_context
{
    STATUS_MAP_CONNECTING,      /* opening the connection (pipe open, connect, name resolution) */
    STATUS_MAP_NOTHING_SENT,    /* on an open connection, before any byte of this call's request went
                                 * out (binding, alter_context, a write that failed whole) */
    STATUS_MAP_SENT             /* after part of the request went out: sending the rest or receiving */
};

/* How the runtime sees a transport error; status_map_win32_classes maps each known error to one. */
enum status_map_class
{
    STATUS_MAP_CLASS_TRANSPORT,   /* no server there, or the connection broke or was refused */
    STATUS_MAP_CLASS_TIMEOUT,     /* a runtime timer expired (com timeout, call timeout) */
    STATUS_MAP_CLASS_CANCELLED,   /* the I/O was cancelled (CancelIoEx, RpcCancelThread) */
    STATUS_MAP_CLASS_NO_MEMORY,   /* the system could not allocate memory or buffers */
    STATUS_MAP_CLASS_ACCESS,      /* the pipe or socket refused us */
    STATUS_MAP_CLASS_COUNT
};

/* Client: what a call returns for the Win32 or Winsock error a transport operation failed with.
 *   class \ context   CONNECTING                NOTHING_SENT            SENT
 *   TRANSPORT         RPC_S_SERVER_UNAVAILABLE  RPC_S_CALL_FAILED_DNE   RPC_S_CALL_FAILED
 *   TIMEOUT           RPC_S_SERVER_UNAVAILABLE  RPC_S_CALL_CANCELLED    RPC_S_CALL_CANCELLED
 *   CANCELLED         RPC_S_CALL_CANCELLED      RPC_S_CALL_CANCELLED    RPC_S_CALL_CANCELLED
 *   NO_MEMORY         RPC_S_OUT_OF_MEMORY       RPC_S_OUT_OF_MEMORY     RPC_S_OUT_OF_MEMORY
 *   ACCESS            RPC_S_ACCESS_DENIED       RPC_S_CALL_FAILED_DNE   RPC_S_CALL_FAILED
 * An error in no class counts as TRANSPORT (a failed transport operation fails the call, whatever the
 * reason), and ERROR_SUCCESS gives RPC_S_OK. A context outside the enum counts as SENT. Never fails. */
uint32_t status_map_win32_to_rpc(uint32_t win32_error, enum status_map_context context);

#endif
