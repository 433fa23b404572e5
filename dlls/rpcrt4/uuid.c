/* uuid.c: the Uuid* exports: creation (random and time-based), text conversion, comparison, hashing. */
#include <string.h>
#include <winsock2.h>   /* before windows.h: iptypes.h needs its SOCKET_ADDRESS, and AF_UNSPEC */
#include <windows.h>
#include <rpc.h>
#include <bcrypt.h>
#include <iphlpapi.h>
#include "uuid_core.h"
#include "rpc_string.h"
#include "trace.h"

/* A caller's UUID as fields; a NULL pointer stands for the nil UUID, as DCE defines for these calls. */
static void fields_from_uuid(const UUID *uuid, struct uuid_fields *fields)
{
    size_t i;

    if (!uuid)
    {
        uuid_set_nil(fields);
        return;
    }
    fields->data1 = uuid->Data1;
    fields->data2 = uuid->Data2;
    fields->data3 = uuid->Data3;
    for (i = 0; i < 8; i++) fields->data4[i] = uuid->Data4[i];
}

static void uuid_from_fields(const struct uuid_fields *fields, UUID *uuid)
{
    size_t i;

    uuid->Data1 = fields->data1;
    uuid->Data2 = fields->data2;
    uuid->Data3 = fields->data3;
    for (i = 0; i < 8; i++) uuid->Data4[i] = fields->data4[i];
}

/* For traces only: the text form of a caller's UUID in buf. */
static const char *text_of(const UUID *uuid, char *buf)
{
    struct uuid_fields fields;

    if (!uuid) return "(null)";
    fields_from_uuid(uuid, &fields);
    uuid_format(&fields, buf);
    return buf;
}

/* Random bytes from the OS generator: BCryptGenRandom (bcrypt.dll) with the system-preferred RNG, the
 * documented interface, rather than advapi32's RtlGenRandom (SystemFunction036). */
static BOOL random_bytes(void *buf, ULONG size)
{
    return BCRYPT_SUCCESS(BCryptGenRandom(NULL, buf, size, BCRYPT_USE_SYSTEM_PREFERRED_RNG));
}

/* The current time as a v1 timestamp: 100 ns units since 1582-10-15. */
static uint64_t timestamp_now(void)
{
    FILETIME ft;

    GetSystemTimePreciseAsFileTime(&ft);
    return uuid_time_from_filetime((uint64_t)ft.dwHighDateTime << 32 | ft.dwLowDateTime);
}

typedef ULONG (WINAPI *get_adapters_addresses_fn)(ULONG, ULONG, void *, IP_ADAPTER_ADDRESSES *, ULONG *);

/* The first 6-byte individual (not group) hardware address of a non-loopback adapter. iphlpapi is
 * loaded on first use rather than imported: every process loads rpcrt4, few make sequential UUIDs,
 * and iphlpapi brings its own dependencies (dnsapi and nsi under Wine). */
static BOOL find_node_address(uint8_t node[6])
{
    const ULONG flags = GAA_FLAG_SKIP_UNICAST | GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST
                        | GAA_FLAG_SKIP_DNS_SERVER | GAA_FLAG_SKIP_FRIENDLY_NAME;
    get_adapters_addresses_fn get_adapters_addresses;
    IP_ADAPTER_ADDRESSES *list = NULL, *adapter;
    ULONG size = 16 * 1024, ret = ERROR_BUFFER_OVERFLOW;
    HMODULE module;
    BOOL found = FALSE;
    int tries;

    if (!(module = LoadLibraryW(L"iphlpapi.dll"))) return FALSE;
    get_adapters_addresses = (get_adapters_addresses_fn)(void *)GetProcAddress(module, "GetAdaptersAddresses");
    for (tries = 0; get_adapters_addresses && tries < 3 && ret == ERROR_BUFFER_OVERFLOW; tries++)
    {
        HeapFree(GetProcessHeap(), 0, list);
        if (!(list = HeapAlloc(GetProcessHeap(), 0, size))) break;
        ret = get_adapters_addresses(AF_UNSPEC, flags, NULL, list, &size);
    }
    if (list && ret == ERROR_SUCCESS)
    {
        for (adapter = list; adapter && !found; adapter = adapter->Next)
        {
            const BYTE *mac = adapter->PhysicalAddress;

            if (adapter->IfType == IF_TYPE_SOFTWARE_LOOPBACK || adapter->PhysicalAddressLength != 6) continue;
            if (mac[0] & 0x01) continue;   /* a group address never names one machine */
            if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5])) continue;
            memcpy(node, mac, 6);
            found = TRUE;
        }
    }
    HeapFree(GetProcessHeap(), 0, list);
    FreeLibrary(module);
    return found;
}

/* The process's v1 generator: set up once, then serialised by sequential_lock. */
static INIT_ONCE sequential_once = INIT_ONCE_STATIC_INIT;
static SRWLOCK sequential_lock = SRWLOCK_INIT;
static struct uuid_v1_state sequential_state;
static RPC_STATUS sequential_status;   /* RPC_S_OK with a hardware address, else RPC_S_UUID_LOCAL_ONLY */

static BOOL CALLBACK sequential_setup(INIT_ONCE *once, void *param, void **context)
{
    uint8_t node[6];
    uint16_t clock_seq;

    (void)once; (void)param; (void)context;
    if (!random_bytes(&clock_seq, sizeof(clock_seq)))
        clock_seq = (uint16_t)(GetTickCount() ^ GetCurrentProcessId());
    if (find_node_address(node))
        sequential_status = RPC_S_OK;
    else
    {
        /* RFC 4122 4.5: a random node with the multicast bit set cannot collide with a real address. */
        if (!random_bytes(node, sizeof(node)))
        {
            uint64_t mix = timestamp_now() ^ ((uint64_t)GetCurrentProcessId() << 24);
            memcpy(node, &mix, sizeof(node));
        }
        node[0] |= 0x01;
        sequential_status = RPC_S_UUID_LOCAL_ONLY;
    }
    uuid_v1_init(&sequential_state, clock_seq, node);
    return TRUE;
}

/* Writes the next version 1 UUID to fields and returns RPC_S_OK or RPC_S_UUID_LOCAL_ONLY. */
static RPC_STATUS next_sequential(struct uuid_fields *fields)
{
    InitOnceExecuteOnce(&sequential_once, sequential_setup, NULL, NULL);
    AcquireSRWLockExclusive(&sequential_lock);
    uuid_v1_next(&sequential_state, timestamp_now(), fields);
    ReleaseSRWLockExclusive(&sequential_lock);
    return sequential_status;
}

/* UuidCreate */
RPC_STATUS RPC_ENTRY UuidCreate(UUID *Uuid)
{
    struct uuid_fields fields;
    uint8_t random[UUID_BYTES];
    RPC_STATUS status = RPC_S_OK;
    char buf[UUID_STRING_LEN + 1];

    if (!Uuid) return RPC_S_INVALID_ARG;
    if (random_bytes(random, sizeof(random)))
        uuid_make_v4(random, &fields);
    else
    {
        /* No random source: a time-based UUID is still unique, at least on this machine. */
        next_sequential(&fields);
        status = RPC_S_UUID_LOCAL_ONLY;
    }
    uuid_from_fields(&fields, Uuid);
    TRACE(TRACE_UUID, "%s -> %ld", text_of(Uuid, buf), status);
    return status;
}

/* UuidCreateSequential */
RPC_STATUS RPC_ENTRY UuidCreateSequential(UUID *Uuid)
{
    struct uuid_fields fields;
    RPC_STATUS status;
    char buf[UUID_STRING_LEN + 1];

    if (!Uuid) return RPC_S_INVALID_ARG;
    status = next_sequential(&fields);
    uuid_from_fields(&fields, Uuid);
    TRACE(TRACE_UUID, "%s -> %ld", text_of(Uuid, buf), status);
    return status;
}

/* UuidCreateNil */
RPC_STATUS RPC_ENTRY UuidCreateNil(UUID *NilUuid)
{
    struct uuid_fields fields;

    if (!NilUuid) return RPC_S_INVALID_ARG;
    uuid_set_nil(&fields);
    uuid_from_fields(&fields, NilUuid);
    return RPC_S_OK;
}

/* The text form of a caller's UUID (NULL: the nil UUID) in text, UUID_STRING_LEN + 1 chars. */
static void format_text(const UUID *uuid, char *text)
{
    struct uuid_fields fields;

    fields_from_uuid(uuid, &fields);
    uuid_format(&fields, text);
}

/* UuidToStringA */
RPC_STATUS RPC_ENTRY UuidToStringA(UUID *Uuid, RPC_CSTR *StringUuid)
{
    char text[UUID_STRING_LEN + 1];

    if (!StringUuid) return RPC_S_INVALID_ARG;
    format_text(Uuid, text);
    TRACE(TRACE_UUID, "%p -> %s", (void *)Uuid, text);
    if (!(*StringUuid = (RPC_CSTR)rpc_strdup_a(text))) return RPC_S_OUT_OF_MEMORY;
    return RPC_S_OK;
}

/* UuidToStringW */
RPC_STATUS RPC_ENTRY UuidToStringW(UUID *Uuid, RPC_WSTR *StringUuid)
{
    char text[UUID_STRING_LEN + 1];

    if (!StringUuid) return RPC_S_INVALID_ARG;
    format_text(Uuid, text);
    TRACE(TRACE_UUID, "%p -> %s", (void *)Uuid, text);
    if (!(*StringUuid = (RPC_WSTR)rpc_a_to_w(text))) return RPC_S_OUT_OF_MEMORY;
    return RPC_S_OK;
}

/* Parses len chars of text into *uuid: RPC_S_OK or RPC_S_INVALID_STRING_UUID (*uuid untouched). */
static RPC_STATUS parse_text(const char *text, size_t len, UUID *uuid)
{
    struct uuid_fields fields;

    if (uuid_parse(text, len, &fields) != UUID_OK) return RPC_S_INVALID_STRING_UUID;
    uuid_from_fields(&fields, uuid);
    return RPC_S_OK;
}

/* UuidFromStringA */
RPC_STATUS RPC_ENTRY UuidFromStringA(RPC_CSTR StringUuid, UUID *Uuid)
{
    const char *text = (const char *)StringUuid;
    size_t len = 0;
    RPC_STATUS status;

    if (!Uuid) return RPC_S_INVALID_ARG;
    if (!text) return UuidCreateNil(Uuid);
    /* One char past the form is enough to know a string is too long; never read further. */
    while (len <= UUID_STRING_LEN && text[len]) len++;
    status = parse_text(text, len, Uuid);
    TRACE(TRACE_UUID, "%.40s -> %ld", text, status);
    return status;
}

/* UuidFromStringW */
RPC_STATUS RPC_ENTRY UuidFromStringW(RPC_WSTR StringUuid, UUID *Uuid)
{
    char text[UUID_STRING_LEN + 1];
    size_t len = 0;
    RPC_STATUS status = RPC_S_OK;

    if (!Uuid) return RPC_S_INVALID_ARG;
    if (!StringUuid) return UuidCreateNil(Uuid);
    /* The form is ASCII: narrow char by char; any other character makes the string invalid. */
    while (len <= UUID_STRING_LEN && StringUuid[len])
    {
        if (StringUuid[len] > 0x7f)
        {
            status = RPC_S_INVALID_STRING_UUID;
            break;
        }
        text[len] = (char)StringUuid[len];
        len++;
    }
    if (status == RPC_S_OK) status = parse_text(text, len, Uuid);
    TRACE(TRACE_UUID, "%.*s -> %ld", (int)len, text, status);
    return status;
}

/* UuidCompare */
signed int RPC_ENTRY UuidCompare(UUID *Uuid1, UUID *Uuid2, RPC_STATUS *Status)
{
    struct uuid_fields a, b;

    if (Status) *Status = RPC_S_OK;
    fields_from_uuid(Uuid1, &a);
    fields_from_uuid(Uuid2, &b);
    return uuid_compare(&a, &b);
}

/* UuidEqual */
int RPC_ENTRY UuidEqual(UUID *Uuid1, UUID *Uuid2, RPC_STATUS *Status)
{
    return UuidCompare(Uuid1, Uuid2, Status) == 0;
}

/* UuidHash */
unsigned short RPC_ENTRY UuidHash(UUID *Uuid, RPC_STATUS *Status)
{
    struct uuid_fields fields;

    if (Status) *Status = RPC_S_OK;
    fields_from_uuid(Uuid, &fields);
    return uuid_hash(&fields);
}

/* UuidIsNil */
int RPC_ENTRY UuidIsNil(UUID *Uuid, RPC_STATUS *Status)
{
    struct uuid_fields fields;

    if (Status) *Status = RPC_S_OK;
    fields_from_uuid(Uuid, &fields);
    return uuid_is_nil(&fields);
}
