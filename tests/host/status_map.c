/* status_map.c (host test): the status mapping tables, their inverses, documented pairs and header values. */
#include <stddef.h>
#include <stdint.h>
#include "pdu.h"
#include "status_map.h"
#include "test.h"

struct named_value
{
    const char *name;
    uint32_t value;
    uint32_t expected;
};

#define NAMED(name, expected) { #name, name, expected }

/* The numbers as mingw-w64's winerror.h and ntstatus.h define them (and MS-ERREF 2.2, 2.3 lists them). */
static const struct named_value header_values[] =
{
    NAMED(STATUS_MAP_ERROR_FILE_NOT_FOUND, 2), NAMED(STATUS_MAP_ERROR_PATH_NOT_FOUND, 3),
    NAMED(STATUS_MAP_ERROR_ACCESS_DENIED, 5), NAMED(STATUS_MAP_ERROR_NOT_ENOUGH_MEMORY, 8),
    NAMED(STATUS_MAP_ERROR_OUTOFMEMORY, 14), NAMED(STATUS_MAP_ERROR_REM_NOT_LIST, 51),
    NAMED(STATUS_MAP_ERROR_BAD_NETPATH, 53), NAMED(STATUS_MAP_ERROR_UNEXP_NET_ERR, 59),
    NAMED(STATUS_MAP_ERROR_NETNAME_DELETED, 64), NAMED(STATUS_MAP_ERROR_BAD_NET_NAME, 67),
    NAMED(STATUS_MAP_ERROR_BROKEN_PIPE, 109), NAMED(STATUS_MAP_ERROR_SEM_TIMEOUT, 121),
    NAMED(STATUS_MAP_ERROR_BAD_PIPE, 230), NAMED(STATUS_MAP_ERROR_PIPE_BUSY, 231),
    NAMED(STATUS_MAP_ERROR_NO_DATA, 232), NAMED(STATUS_MAP_ERROR_PIPE_NOT_CONNECTED, 233),
    NAMED(STATUS_MAP_WAIT_TIMEOUT, 258), NAMED(STATUS_MAP_ERROR_OPERATION_ABORTED, 995),
    NAMED(STATUS_MAP_ERROR_CANCELLED, 1223), NAMED(STATUS_MAP_ERROR_CONNECTION_REFUSED, 1225),
    NAMED(STATUS_MAP_ERROR_GRACEFUL_DISCONNECT, 1226), NAMED(STATUS_MAP_ERROR_NETWORK_UNREACHABLE, 1231),
    NAMED(STATUS_MAP_ERROR_HOST_UNREACHABLE, 1232), NAMED(STATUS_MAP_ERROR_PORT_UNREACHABLE, 1234),
    NAMED(STATUS_MAP_ERROR_CONNECTION_ABORTED, 1236), NAMED(STATUS_MAP_ERROR_NO_SYSTEM_RESOURCES, 1450),
    NAMED(STATUS_MAP_ERROR_TIMEOUT, 1460),
    NAMED(STATUS_MAP_WSAEADDRNOTAVAIL, 10049), NAMED(STATUS_MAP_WSAENETDOWN, 10050),
    NAMED(STATUS_MAP_WSAENETUNREACH, 10051), NAMED(STATUS_MAP_WSAENETRESET, 10052),
    NAMED(STATUS_MAP_WSAECONNABORTED, 10053), NAMED(STATUS_MAP_WSAECONNRESET, 10054),
    NAMED(STATUS_MAP_WSAENOBUFS, 10055), NAMED(STATUS_MAP_WSAENOTCONN, 10057),
    NAMED(STATUS_MAP_WSAESHUTDOWN, 10058), NAMED(STATUS_MAP_WSAETIMEDOUT, 10060),
    NAMED(STATUS_MAP_WSAECONNREFUSED, 10061), NAMED(STATUS_MAP_WSAEHOSTDOWN, 10064),
    NAMED(STATUS_MAP_WSAEHOSTUNREACH, 10065), NAMED(STATUS_MAP_WSAEDISCON, 10101),
    NAMED(STATUS_MAP_WSAECANCELLED, 10103), NAMED(STATUS_MAP_WSAHOST_NOT_FOUND, 11001),
    NAMED(STATUS_MAP_WSATRY_AGAIN, 11002), NAMED(STATUS_MAP_WSANO_DATA, 11004),
    NAMED(STATUS_MAP_RPC_S_ACCESS_DENIED, 5), NAMED(STATUS_MAP_RPC_X_SS_CONTEXT_MISMATCH, 6),
    NAMED(STATUS_MAP_RPC_S_OUT_OF_MEMORY, 14), NAMED(STATUS_MAP_RPC_S_SERVER_OUT_OF_MEMORY, 1130),
    NAMED(STATUS_MAP_RPC_S_UNKNOWN_IF, 1717), NAMED(STATUS_MAP_RPC_S_SERVER_UNAVAILABLE, 1722),
    NAMED(STATUS_MAP_RPC_S_SERVER_TOO_BUSY, 1723), NAMED(STATUS_MAP_RPC_S_CALL_FAILED, 1726),
    NAMED(STATUS_MAP_RPC_S_CALL_FAILED_DNE, 1727), NAMED(STATUS_MAP_RPC_S_PROTOCOL_ERROR, 1728),
    NAMED(STATUS_MAP_RPC_S_UNSUPPORTED_TYPE, 1732), NAMED(STATUS_MAP_RPC_S_INVALID_TAG, 1733),
    NAMED(STATUS_MAP_RPC_S_INVALID_BOUND, 1734), NAMED(STATUS_MAP_RPC_S_PROCNUM_OUT_OF_RANGE, 1745),
    NAMED(STATUS_MAP_RPC_S_ZERO_DIVIDE, 1767), NAMED(STATUS_MAP_RPC_S_ADDRESS_ERROR, 1768),
    NAMED(STATUS_MAP_RPC_S_FP_DIV_ZERO, 1769), NAMED(STATUS_MAP_RPC_S_FP_UNDERFLOW, 1770),
    NAMED(STATUS_MAP_RPC_S_FP_OVERFLOW, 1771), NAMED(STATUS_MAP_RPC_X_BAD_STUB_DATA, 1783),
    NAMED(STATUS_MAP_RPC_S_CALL_CANCELLED, 1818), NAMED(STATUS_MAP_RPC_S_COMM_FAILURE, 1820),
    NAMED(STATUS_MAP_RPC_S_UNSUPPORTED_AUTHN_LEVEL, 1821), NAMED(STATUS_MAP_RPC_X_WRONG_PIPE_ORDER, 1831),
    NAMED(STATUS_MAP_RPC_X_PIPE_CLOSED, 1916), NAMED(STATUS_MAP_RPC_X_PIPE_DISCIPLINE_ERROR, 1917),
    NAMED(STATUS_MAP_RPC_X_PIPE_EMPTY, 1918),
    NAMED(STATUS_MAP_STATUS_GUARD_PAGE_VIOLATION, 0x80000001),
    NAMED(STATUS_MAP_STATUS_DATATYPE_MISALIGNMENT, 0x80000002),
    NAMED(STATUS_MAP_STATUS_BREAKPOINT, 0x80000003), NAMED(STATUS_MAP_STATUS_ACCESS_VIOLATION, 0xc0000005),
    NAMED(STATUS_MAP_STATUS_IN_PAGE_ERROR, 0xc0000006),
    NAMED(STATUS_MAP_STATUS_ILLEGAL_INSTRUCTION, 0xc000001d),
    NAMED(STATUS_MAP_STATUS_ARRAY_BOUNDS_EXCEEDED, 0xc000008c),
    NAMED(STATUS_MAP_STATUS_FLOAT_DENORMAL_OPERAND, 0xc000008d),
    NAMED(STATUS_MAP_STATUS_FLOAT_DIVIDE_BY_ZERO, 0xc000008e),
    NAMED(STATUS_MAP_STATUS_FLOAT_INEXACT_RESULT, 0xc000008f),
    NAMED(STATUS_MAP_STATUS_FLOAT_INVALID_OPERATION, 0xc0000090), NAMED(STATUS_MAP_STATUS_FLOAT_OVERFLOW, 0xc0000091),
    NAMED(STATUS_MAP_STATUS_FLOAT_STACK_CHECK, 0xc0000092), NAMED(STATUS_MAP_STATUS_FLOAT_UNDERFLOW, 0xc0000093),
    NAMED(STATUS_MAP_STATUS_INTEGER_DIVIDE_BY_ZERO, 0xc0000094),
    NAMED(STATUS_MAP_STATUS_INTEGER_OVERFLOW, 0xc0000095),
    NAMED(STATUS_MAP_STATUS_PRIVILEGED_INSTRUCTION, 0xc0000096),
    NAMED(STATUS_MAP_STATUS_INSTRUCTION_MISALIGNMENT, 0xc00000aa),
    NAMED(STATUS_MAP_STATUS_STACK_OVERFLOW, 0xc00000fd), NAMED(STATUS_MAP_STATUS_POSSIBLE_DEADLOCK, 0xc0000194), NAMED(STATUS_MAP_STATUS_HANDLE_NOT_CLOSABLE, 0xc0000235),
    NAMED(STATUS_MAP_STATUS_STACK_BUFFER_OVERRUN, 0xc0000409), NAMED(STATUS_MAP_STATUS_ASSERTION_FAILURE, 0xc0000420),
};

/* Every NCA status pdu.h defines: each must have a row in the client table. */
static const uint32_t nca_codes[] =
{
    PDU_NCA_S_FAULT_INT_DIV_BY_ZERO, PDU_NCA_S_FAULT_ADDR_ERROR, PDU_NCA_S_FAULT_FP_DIV_ZERO,
    PDU_NCA_S_FAULT_FP_UNDERFLOW, PDU_NCA_S_FAULT_FP_OVERFLOW, PDU_NCA_S_FAULT_INVALID_TAG,
    PDU_NCA_S_FAULT_INVALID_BOUND, PDU_NCA_S_RPC_VERSION_MISMATCH, PDU_NCA_S_UNSPEC_REJECT,
    PDU_NCA_S_BAD_ACTID, PDU_NCA_S_WHO_ARE_YOU_FAILED, PDU_NCA_S_MANAGER_NOT_ENTERED,
    PDU_NCA_S_FAULT_CANCEL, PDU_NCA_S_FAULT_ILL_INST, PDU_NCA_S_FAULT_FP_ERROR,
    PDU_NCA_S_FAULT_INT_OVERFLOW, PDU_NCA_S_FAULT_UNSPEC, PDU_NCA_S_FAULT_REMOTE_COMM_FAILURE,
    PDU_NCA_S_FAULT_PIPE_EMPTY, PDU_NCA_S_FAULT_PIPE_CLOSED, PDU_NCA_S_FAULT_PIPE_ORDER,
    PDU_NCA_S_FAULT_PIPE_DISCIPLINE, PDU_NCA_S_FAULT_PIPE_COMM_ERROR, PDU_NCA_S_FAULT_PIPE_MEMORY,
    PDU_NCA_S_FAULT_CONTEXT_MISMATCH, PDU_NCA_S_FAULT_REMOTE_NO_MEMORY, PDU_NCA_S_INVALID_PRES_CONTEXT_ID,
    PDU_NCA_S_UNSUPPORTED_AUTHN_LEVEL, PDU_NCA_S_INVALID_CHECKSUM, PDU_NCA_S_INVALID_CRC,
    PDU_NCA_S_FAULT_USER_DEFINED, PDU_NCA_S_FAULT_TX_OPEN_FAILED, PDU_NCA_S_FAULT_CODESET_CONV_ERROR,
    PDU_NCA_S_FAULT_OBJECT_NOT_FOUND, PDU_NCA_S_FAULT_NO_CLIENT_STUB, PDU_NCA_S_COMM_FAILURE,
    PDU_NCA_S_OP_RNG_ERROR, PDU_NCA_S_UNK_IF, PDU_NCA_S_WRONG_BOOT_TIME, PDU_NCA_S_YOU_CRASHED,
    PDU_NCA_S_PROTO_ERROR, PDU_NCA_S_OUT_ARGS_TOO_BIG, PDU_NCA_S_SERVER_TOO_BUSY,
    PDU_NCA_S_FAULT_STRING_TOO_LONG, PDU_NCA_S_UNSUPPORTED_TYPE,
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static int is_nca(uint32_t value)
{
    return (value & 0xfffe0000u) == 0x1c000000u;
}

static int in_table(const struct status_map_pair *table, size_t count, uint32_t key)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (table[i].key == key) return 1;
    return 0;
}

static void test_header_values(void)
{
    size_t i, bad = 0, first = 0;

    for (i = 0; i < COUNT(header_values); i++)
        if (header_values[i].value != header_values[i].expected && !bad++) first = i;
    ok(!bad, "%zu header values differ, first %s = %u, expected %u\n", bad, header_values[first].name,
       header_values[first].value, header_values[first].expected);
}

static void test_tables_well_formed(void)
{
    const struct { const struct status_map_pair *table; size_t count; const char *name; } tables[] =
    {
        { status_map_faults, status_map_fault_count, "faults" },
        { status_map_to_faults, status_map_to_fault_count, "to_faults" },
        { status_map_win32_classes, status_map_win32_class_count, "win32_classes" },
    };
    size_t t, i, j, dups = 0, missing = 0, bad_class = 0, bad_fault = 0;
    uint32_t first_dup = 0, first_missing = 0, first_bad_fault = 0;

    for (t = 0; t < COUNT(tables); t++)
        for (i = 0; i < tables[t].count; i++)
            for (j = i + 1; j < tables[t].count; j++)
                if (tables[t].table[i].key == tables[t].table[j].key && !dups++)
                    first_dup = tables[t].table[i].key;
    ok(!dups, "%zu duplicate keys, first %#x\n", dups, first_dup);

    for (i = 0; i < COUNT(nca_codes); i++)
        if (!in_table(status_map_faults, status_map_fault_count, nca_codes[i]) && !missing++)
            first_missing = nca_codes[i];
    ok(!missing, "%zu NCA codes of pdu.h have no client row, first %#x\n", missing, first_missing);
    ok(status_map_fault_count == COUNT(nca_codes), "client table has %zu rows, pdu.h %zu codes\n",
       status_map_fault_count, COUNT(nca_codes));

    for (i = 0; i < status_map_to_fault_count; i++)
        if (!is_nca(status_map_to_faults[i].value) && !bad_fault++) first_bad_fault = status_map_to_faults[i].key;
    ok(!bad_fault, "%zu server rows give no NCA code, first key %#x\n", bad_fault, first_bad_fault);

    for (i = 0; i < status_map_win32_class_count; i++)
        bad_class += status_map_win32_classes[i].value >= STATUS_MAP_CLASS_COUNT;
    ok(!bad_class, "%zu Win32 rows with a class out of range\n", bad_class);
}

/* Client table -> server table -> client table gives the same client status, and every server row
 * that starts from a runtime status gives it back. */
static void test_round_trips(void)
{
    size_t i, bad = 0, bad_server = 0;
    uint32_t first = 0, first_server = 0;

    for (i = 0; i < status_map_fault_count; i++)
    {
        uint32_t status = status_map_fault_to_rpc(status_map_faults[i].key);
        uint32_t back = status_map_fault_to_rpc(status_map_rpc_to_fault(status));
        if (back != status && !bad++) first = status_map_faults[i].key;
    }
    ok(!bad, "%zu fault codes do not survive client -> server -> client, first %#x\n", bad, first);

    for (i = 0; i < status_map_to_fault_count; i++)
    {
        uint32_t key = status_map_to_faults[i].key;
        if (key == 0 || key >= 0x80000000u) continue;   /* exception codes: test_exceptions */
        if (status_map_fault_to_rpc(status_map_rpc_to_fault(key)) != key && !bad_server++) first_server = key;
    }
    ok(!bad_server, "%zu runtime statuses do not come back from their fault, first %u\n", bad_server,
       first_server);
}

static void test_documented_pairs(void)
{
    static const struct status_map_pair client[] =
    {
        { PDU_NCA_S_OP_RNG_ERROR, 1745 }, { PDU_NCA_S_UNK_IF, 1717 }, { PDU_NCA_S_PROTO_ERROR, 1728 },
        { PDU_NCA_S_FAULT_NDR, 1783 }, { PDU_NCA_S_FAULT_CONTEXT_MISMATCH, 6 },
        { PDU_NCA_S_FAULT_REMOTE_NO_MEMORY, 1130 }, { PDU_NCA_S_FAULT_INT_DIV_BY_ZERO, 1767 },
        { PDU_NCA_S_FAULT_ADDR_ERROR, 1768 }, { PDU_NCA_S_FAULT_CANCEL, 1818 },
        { PDU_NCA_S_MANAGER_NOT_ENTERED, 1727 }, { PDU_NCA_S_FAULT_PIPE_MEMORY, 14 },
        { PDU_NCA_S_FAULT_FP_ERROR, 1771 }, { PDU_NCA_S_INVALID_CRC, 1727 },
        { PDU_NCA_S_WRONG_BOOT_TIME, PDU_NCA_S_WRONG_BOOT_TIME },
        { PDU_NCA_S_FAULT_OBJECT_NOT_FOUND, PDU_NCA_S_FAULT_OBJECT_NOT_FOUND },
        /* not NCA codes: Win32 and exception codes pass */
        { 5, 5 }, { 1783, 1783 }, { 0xc0000005u, 0xc0000005u }, { 0x80070005u, 0x80070005u },
        { 0x1c000011u, 0x1c000011u }, { 0x1c0100ffu, 0x1c0100ffu }, { 0, 0 },
    };
    static const struct status_map_pair server[] =
    {
        { 1745, PDU_NCA_S_OP_RNG_ERROR }, { 1717, PDU_NCA_S_UNK_IF }, { 1728, PDU_NCA_S_PROTO_ERROR },
        { 1130, PDU_NCA_S_FAULT_REMOTE_NO_MEMORY }, { 1818, PDU_NCA_S_FAULT_CANCEL },
        { 0xc0000005u, PDU_NCA_S_FAULT_ADDR_ERROR }, { 0xc0000094u, PDU_NCA_S_FAULT_INT_DIV_BY_ZERO },
        { 0xc000001du, PDU_NCA_S_FAULT_ILL_INST }, { 0x80000003u, PDU_NCA_S_FAULT_UNSPEC },
        { 0, PDU_NCA_S_FAULT_UNSPEC },
        /* sent as they are */
        { 5, 5 }, { 14, 14 }, { 87, 87 }, { 1783, 1783 }, { 0x8007000eu, 0x8007000eu },
        { 0xc0000017u, 0xc0000017u }, { 0x1c010003u, 0x1c010003u },
    };
    size_t i;

    for (i = 0; i < COUNT(client); i++)
        ok(status_map_fault_to_rpc(client[i].key) == client[i].value, "fault %#x: got %u, expected %u\n",
           client[i].key, status_map_fault_to_rpc(client[i].key), client[i].value);
    for (i = 0; i < COUNT(server); i++)
        ok(status_map_rpc_to_fault(server[i].key) == server[i].value, "status %#x: got %#x, expected %#x\n",
           server[i].key, status_map_rpc_to_fault(server[i].key), server[i].value);
}

/* Every exception the server may meet goes out as an NCA fault the client turns into an RPC_S_* status. */
static void test_exceptions(void)
{
    size_t i, bad = 0;
    uint32_t first = 0;

    for (i = 0; i < status_map_to_fault_count; i++)
    {
        uint32_t key = status_map_to_faults[i].key, status;
        if (key != 0 && key < 0x80000000u) continue;
        status = status_map_fault_to_rpc(status_map_rpc_to_fault(key));
        if ((status < 1700 || status > 1800) && !bad++) first = key;
    }
    ok(!bad, "%zu exception codes reach the client as no RPC_S_* status, first %#x\n", bad, first);
    ok(status_map_fault_to_rpc(status_map_rpc_to_fault(0xc0000005u)) == 1768, "access violation: got %u\n",
       status_map_fault_to_rpc(status_map_rpc_to_fault(0xc0000005u)));
    ok(status_map_fault_to_rpc(status_map_rpc_to_fault(0xc000008eu)) == 1769, "fp divide by zero: got %u\n",
       status_map_fault_to_rpc(status_map_rpc_to_fault(0xc000008eu)));
}

static void test_transport_errors(void)
{
    static const struct { uint32_t error; enum status_map_context context; uint32_t expected; } tests[] =
    {
        { 2, STATUS_MAP_CONNECTING, 1722 },        /* ERROR_FILE_NOT_FOUND: no pipe */
        { 231, STATUS_MAP_CONNECTING, 1722 },      /* ERROR_PIPE_BUSY */
        { 10061, STATUS_MAP_CONNECTING, 1722 },    /* WSAECONNREFUSED */
        { 10060, STATUS_MAP_CONNECTING, 1722 },    /* WSAETIMEDOUT */
        { 11001, STATUS_MAP_CONNECTING, 1722 },    /* WSAHOST_NOT_FOUND */
        { 1225, STATUS_MAP_CONNECTING, 1722 },     /* ERROR_CONNECTION_REFUSED (ConnectEx) */
        { 1460, STATUS_MAP_CONNECTING, 1722 },     /* ERROR_TIMEOUT: com timeout */
        { 5, STATUS_MAP_CONNECTING, 5 },           /* ERROR_ACCESS_DENIED */
        { 109, STATUS_MAP_NOTHING_SENT, 1727 },    /* ERROR_BROKEN_PIPE */
        { 10054, STATUS_MAP_NOTHING_SENT, 1727 },  /* WSAECONNRESET */
        { 5, STATUS_MAP_NOTHING_SENT, 1727 },
        { 109, STATUS_MAP_SENT, 1726 },
        { 64, STATUS_MAP_SENT, 1726 },             /* ERROR_NETNAME_DELETED */
        { 10054, STATUS_MAP_SENT, 1726 },
        { 233, STATUS_MAP_SENT, 1726 },            /* ERROR_PIPE_NOT_CONNECTED */
        { 1460, STATUS_MAP_SENT, 1818 },           /* ERROR_TIMEOUT: call timeout */
        { 995, STATUS_MAP_CONNECTING, 1818 },      /* ERROR_OPERATION_ABORTED */
        { 995, STATUS_MAP_SENT, 1818 },
        { 1223, STATUS_MAP_NOTHING_SENT, 1818 },   /* ERROR_CANCELLED */
        { 14, STATUS_MAP_CONNECTING, 14 },         /* ERROR_OUTOFMEMORY */
        { 8, STATUS_MAP_SENT, 14 },                /* ERROR_NOT_ENOUGH_MEMORY */
        { 10055, STATUS_MAP_NOTHING_SENT, 14 },    /* WSAENOBUFS */
        { 0, STATUS_MAP_SENT, 0 },
        { 87, STATUS_MAP_CONNECTING, 1722 },       /* not in the table: a failure like any other */
        { 87, STATUS_MAP_NOTHING_SENT, 1727 },
        { 87, STATUS_MAP_SENT, 1726 },
        { 109, (enum status_map_context)7, 1726 }, /* an unknown context counts as SENT */
    };
    size_t i;

    for (i = 0; i < COUNT(tests); i++)
        ok(status_map_win32_to_rpc(tests[i].error, tests[i].context) == tests[i].expected,
           "error %u in context %d: got %u, expected %u\n", tests[i].error, tests[i].context,
           status_map_win32_to_rpc(tests[i].error, tests[i].context), tests[i].expected);
}

START_TEST(status_map)
{
    test_header_values();
    test_tables_well_formed();
    test_round_trips();
    test_documented_pairs();
    test_exceptions();
    test_transport_errors();
}
