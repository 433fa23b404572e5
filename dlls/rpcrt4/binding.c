/* binding.c: binding handles and string bindings: creation, copy, reset, object, options, conversions. */
#include <stdint.h>
#include <string.h>
#include <windows.h>
#include <rpc.h>
#include "binding.h"
#include "client_conn.h"
#include "handle.h"
#include "protseq.h"
#include "rpc_string.h"
#include "string_binding.h"
#include "trace.h"
#include "uuid_core.h"

/* The strings of a binding in the order of RpcStringBindingCompose's arguments. */
enum { PART_UUID, PART_PROTSEQ, PART_NETWORK_ADDR, PART_ENDPOINT, PART_OPTIONS, PART_COUNT };

/* ---- UTF-16 <-> generalised UTF-8 ---- */

static int is_high_surrogate(unsigned int c) { return c >= 0xd800 && c < 0xdc00; }
static int is_low_surrogate(unsigned int c) { return c >= 0xdc00 && c < 0xe000; }

char *binding_utf8_from_w(const WCHAR *str)
{
    size_t len = 0, i;
    char *out, *p;

    if (!str) return NULL;
    for (i = 0; str[i]; i++)
    {
        unsigned int c = str[i];
        if (len > SIZE_MAX - 8) return NULL;
        if (c < 0x80) len += 1;
        else if (c < 0x800) len += 2;
        else if (is_high_surrogate(c) && is_low_surrogate(str[i + 1])) { len += 4; i++; }
        else len += 3;
    }
    if (!(out = rpc_string_alloc(len + 1))) return NULL;
    for (i = 0, p = out; str[i]; i++)
    {
        unsigned int c = str[i];
        if (c < 0x80) *p++ = (char)c;
        else if (c < 0x800)
        {
            *p++ = (char)(0xc0 | (c >> 6));
            *p++ = (char)(0x80 | (c & 0x3f));
        }
        else if (is_high_surrogate(c) && is_low_surrogate(str[i + 1]))
        {
            c = 0x10000 + ((c - 0xd800) << 10) + (str[++i] - 0xdc00);
            *p++ = (char)(0xf0 | (c >> 18));
            *p++ = (char)(0x80 | ((c >> 12) & 0x3f));
            *p++ = (char)(0x80 | ((c >> 6) & 0x3f));
            *p++ = (char)(0x80 | (c & 0x3f));
        }
        else
        {
            *p++ = (char)(0xe0 | (c >> 12));
            *p++ = (char)(0x80 | ((c >> 6) & 0x3f));
            *p++ = (char)(0x80 | (c & 0x3f));
        }
    }
    *p = 0;
    return out;
}

/* Decodes one sequence at s: its length, and the code point in *cp (a lone surrogate as itself);
 * a malformed byte decodes as U+FFFD and consumes one byte. */
static size_t decode_utf8(const unsigned char *s, unsigned int *cp)
{
    unsigned int c = s[0];

    if (c < 0x80)
    {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf && (s[1] & 0xc0) == 0x80)
    {
        *cp = ((c & 0x1f) << 6) | (s[1] & 0x3f);
        return 2;
    }
    if (c >= 0xe0 && c <= 0xef && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80
        && (c != 0xe0 || s[1] >= 0xa0))
    {
        *cp = ((c & 0x0f) << 12) | ((s[1] & 0x3f) << 6) | (s[2] & 0x3f);
        return 3;
    }
    if (c >= 0xf0 && c <= 0xf4 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80
        && (c != 0xf0 || s[1] >= 0x90) && (c != 0xf4 || s[1] < 0x90))
    {
        *cp = ((c & 0x07) << 18) | ((s[1] & 0x3f) << 12) | ((s[2] & 0x3f) << 6) | (s[3] & 0x3f);
        return 4;
    }
    *cp = 0xfffd;
    return 1;
}

WCHAR *binding_w_from_utf8(const char *str)
{
    const unsigned char *s;
    size_t units = 0;
    unsigned int cp;
    WCHAR *out, *p;

    if (!str) return NULL;
    for (s = (const unsigned char *)str; *s; s += decode_utf8(s, &cp))
    {
        if (units > SIZE_MAX / sizeof(WCHAR) - 4) return NULL;
        decode_utf8(s, &cp);
        units += cp >= 0x10000 ? 2 : 1;
    }
    if (!(out = rpc_string_alloc((units + 1) * sizeof(WCHAR)))) return NULL;
    for (s = (const unsigned char *)str, p = out; *s; )
    {
        s += decode_utf8(s, &cp);
        if (cp >= 0x10000)
        {
            *p++ = (WCHAR)(0xd800 + ((cp - 0x10000) >> 10));
            *p++ = (WCHAR)(0xdc00 + ((cp - 0x10000) & 0x3ff));
        }
        else *p++ = (WCHAR)cp;
    }
    *p = 0;
    return out;
}

/* ---- the binding object ---- */

static void binding_destroy(struct handle_header *header)
{
    struct rpc_binding *binding = (struct rpc_binding *)header;

    client_assoc_release(binding->assoc);
    rpc_string_free(binding->network_addr);
    rpc_string_free(binding->endpoint);
    rpc_string_free(binding->network_options);
    HeapFree(GetProcessHeap(), 0, binding);
}

RPC_STATUS binding_create(enum protseq_id protseq, const char *network_addr, const char *endpoint,
                          const char *network_options, const UUID *object, BOOL server,
                          struct rpc_binding **result)
{
    struct rpc_binding *binding;

    if (!(binding = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*binding))))
        return RPC_S_OUT_OF_MEMORY;
    handle_init(&binding->header, HANDLE_TYPE_BINDING, binding_destroy);
    binding->protseq = protseq;
    binding->server = server;
    binding->com_timeout = RPC_C_BINDING_DEFAULT_TIMEOUT;
    InitializeSRWLock(&binding->lock);
    binding->network_addr = rpc_strdup_a(network_addr ? network_addr : "");
    binding->endpoint = rpc_strdup_a(endpoint ? endpoint : "");
    binding->network_options = rpc_strdup_a(network_options ? network_options : "");
    if (!binding->network_addr || !binding->endpoint || !binding->network_options)
    {
        handle_release(&binding->header);
        return RPC_S_OUT_OF_MEMORY;
    }
    if (object) binding->object = *object;
    handle_register(&binding->header);
    *result = binding;
    return RPC_S_OK;
}

struct rpc_binding *binding_lookup(RPC_BINDING_HANDLE handle)
{
    return (struct rpc_binding *)handle_lookup(handle, HANDLE_TYPE_BINDING);
}

void binding_release(struct rpc_binding *binding)
{
    handle_release(&binding->header);
}

RPC_STATUS binding_free(RPC_BINDING_HANDLE handle)
{
    struct rpc_binding *binding = binding_lookup(handle);
    BOOL removed;

    if (!binding) return RPC_S_INVALID_BINDING;
    removed = handle_unregister(&binding->header);
    if (removed) binding_release(binding);     /* the owner's reference */
    binding_release(binding);                  /* the lookup's */
    return removed ? RPC_S_OK : RPC_S_INVALID_BINDING;
}

static int equal_prefix_nocase(const char *str, const char *prefix)
{
    for (; *prefix; str++, prefix++)
    {
        char c = *str;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != *prefix) return 0;
    }
    return 1;
}

RPC_STATUS binding_check_endpoint(enum protseq_id protseq, const char *endpoint)
{
    size_t i;
    unsigned long port = 0;

    if (!*endpoint) return RPC_S_OK;
    switch (protseq)
    {
    case PROTSEQ_NCACN_IP_TCP:
        /* A decimal port number. */
        for (i = 0; endpoint[i]; i++)
        {
            if (endpoint[i] < '0' || endpoint[i] > '9' || i >= 5) return RPC_S_INVALID_ENDPOINT_FORMAT;
            port = port * 10 + (unsigned long)(endpoint[i] - '0');
        }
        return port <= 0xffff ? RPC_S_OK : RPC_S_INVALID_ENDPOINT_FORMAT;
    case PROTSEQ_NCACN_NP:
        /* A pipe name, \pipe\name. */
        return equal_prefix_nocase(endpoint, "\\pipe\\") ? RPC_S_OK : RPC_S_INVALID_ENDPOINT_FORMAT;
    default:
        return RPC_S_OK;
    }
}

/* ---- UUID text <-> UUID ---- */

static void uuid_from_fields(const struct uuid_fields *fields, UUID *uuid)
{
    uuid->Data1 = fields->data1;
    uuid->Data2 = fields->data2;
    uuid->Data3 = fields->data3;
    memcpy(uuid->Data4, fields->data4, sizeof(uuid->Data4));
}

static void uuid_to_text(const UUID *uuid, char text[UUID_STRING_LEN + 1])
{
    struct uuid_fields fields;

    fields.data1 = uuid->Data1;
    fields.data2 = uuid->Data2;
    fields.data3 = uuid->Data3;
    memcpy(fields.data4, uuid->Data4, sizeof(fields.data4));
    if (uuid_is_nil(&fields)) text[0] = 0;
    else uuid_format(&fields, text);
}

static RPC_STATUS status_from_core(enum string_binding_status status)
{
    switch (status)
    {
    case STRING_BINDING_OK: return RPC_S_OK;
    case STRING_BINDING_E_SYNTAX: return RPC_S_INVALID_STRING_BINDING;
    case STRING_BINDING_E_UUID: return RPC_S_INVALID_STRING_UUID;
    case STRING_BINDING_E_TOO_LONG: return RPC_S_STRING_TOO_LONG;
    default: return RPC_S_INTERNAL_ERROR;
    }
}

/* ---- string bindings: the UTF-8 work, once ---- */

/* Composes parts into a new UTF-16 string binding (process heap), or only validates when result is NULL. */
static RPC_STATUS compose_w(const struct string_binding_parts *parts, WCHAR **result)
{
    RPC_STATUS status;
    size_t length;
    char *text;

    if ((status = status_from_core(string_binding_compose_length(parts, &length)))) return status;
    if (!result) return RPC_S_OK;
    if (length == SIZE_MAX || !(text = rpc_string_alloc(length + 1))) return RPC_S_OUT_OF_MEMORY;
    status = status_from_core(string_binding_compose(parts, text, length + 1));
    if (!status && !(*result = binding_w_from_utf8(text))) status = RPC_S_OUT_OF_MEMORY;
    rpc_string_free(text);
    return status;
}

/* A parse of a UTF-16 string binding: the parts point into scratch; free both with parse_done. */
struct parse
{
    char *text;
    char *scratch;
    struct string_binding_parts parts;
};

static RPC_STATUS parse_w(const WCHAR *string_binding, struct parse *parse)
{
    size_t size;

    parse->text = parse->scratch = NULL;
    if (!string_binding) return RPC_S_INVALID_STRING_BINDING;
    if (!(parse->text = binding_utf8_from_w(string_binding))) return RPC_S_OUT_OF_MEMORY;
    size = string_binding_parse_size(parse->text);
    if (!(parse->scratch = rpc_string_alloc(size))) return RPC_S_OUT_OF_MEMORY;
    return status_from_core(string_binding_parse(parse->text, parse->scratch, size, &parse->parts));
}

static void parse_done(struct parse *parse)
{
    rpc_string_free(parse->text);
    rpc_string_free(parse->scratch);
}

static void free_strings(void **strings, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++)
    {
        rpc_string_free(strings[i]);
        strings[i] = NULL;
    }
}

/* ---- string binding exports ---- */

/* RpcStringBindingComposeW */
RPC_STATUS RPC_ENTRY RpcStringBindingComposeW(RPC_WSTR ObjUuid, RPC_WSTR ProtSeq, RPC_WSTR NetworkAddr,
                                              RPC_WSTR Endpoint, RPC_WSTR Options, RPC_WSTR *StringBinding)
{
    const WCHAR *in[PART_COUNT] = { ObjUuid, ProtSeq, NetworkAddr, Endpoint, Options };
    char *utf8[PART_COUNT] = { NULL };
    struct string_binding_parts parts;
    WCHAR *result = NULL;
    RPC_STATUS status = RPC_S_OK;
    size_t i;

    for (i = 0; i < PART_COUNT && !status; i++)
        if (in[i] && !(utf8[i] = binding_utf8_from_w(in[i]))) status = RPC_S_OUT_OF_MEMORY;
    if (!status)
    {
        parts.uuid = utf8[PART_UUID];
        parts.protseq = utf8[PART_PROTSEQ];
        parts.network_addr = utf8[PART_NETWORK_ADDR];
        parts.endpoint = utf8[PART_ENDPOINT];
        parts.options = utf8[PART_OPTIONS];
        status = compose_w(&parts, StringBinding ? &result : NULL);
    }
    free_strings((void **)utf8, PART_COUNT);
    if (StringBinding) *StringBinding = status ? NULL : result;
    TRACE(TRACE_BINDING, "%p -> %ld", (void *)result, status);
    return status;
}

/* RpcStringBindingComposeA */
RPC_STATUS RPC_ENTRY RpcStringBindingComposeA(RPC_CSTR ObjUuid, RPC_CSTR ProtSeq, RPC_CSTR NetworkAddr,
                                              RPC_CSTR Endpoint, RPC_CSTR Options, RPC_CSTR *StringBinding)
{
    const char *in[PART_COUNT] = { (char *)ObjUuid, (char *)ProtSeq, (char *)NetworkAddr,
                                   (char *)Endpoint, (char *)Options };
    WCHAR *wide[PART_COUNT] = { NULL }, *result_w = NULL;
    char *result = NULL;
    RPC_STATUS status = RPC_S_OK;
    size_t i;

    for (i = 0; i < PART_COUNT && !status; i++)
        if (in[i] && !(wide[i] = rpc_a_to_w(in[i]))) status = RPC_S_OUT_OF_MEMORY;
    if (!status)
        status = RpcStringBindingComposeW(wide[0], wide[1], wide[2], wide[3], wide[4],
                                          StringBinding ? &result_w : NULL);
    if (!status && result_w && !(result = rpc_w_to_a(result_w))) status = RPC_S_OUT_OF_MEMORY;
    rpc_string_free(result_w);
    free_strings((void **)wide, PART_COUNT);
    if (StringBinding) *StringBinding = status ? NULL : (RPC_CSTR)result;
    return status;
}

/* RpcStringBindingParseW */
RPC_STATUS RPC_ENTRY RpcStringBindingParseW(RPC_WSTR StringBinding, RPC_WSTR *ObjUuid, RPC_WSTR *Protseq,
                                            RPC_WSTR *NetworkAddr, RPC_WSTR *Endpoint,
                                            RPC_WSTR *NetworkOptions)
{
    RPC_WSTR *out[PART_COUNT] = { ObjUuid, Protseq, NetworkAddr, Endpoint, NetworkOptions };
    WCHAR *result[PART_COUNT] = { NULL };
    const char *field[PART_COUNT];
    struct parse parse;
    RPC_STATUS status;
    size_t i;

    if (!(status = parse_w(StringBinding, &parse)))
    {
        field[PART_UUID] = parse.parts.uuid;
        field[PART_PROTSEQ] = parse.parts.protseq;
        field[PART_NETWORK_ADDR] = parse.parts.network_addr;
        field[PART_ENDPOINT] = parse.parts.endpoint;
        field[PART_OPTIONS] = parse.parts.options;
        for (i = 0; i < PART_COUNT && !status; i++)
            if (out[i] && !(result[i] = binding_w_from_utf8(field[i]))) status = RPC_S_OUT_OF_MEMORY;
    }
    TRACE(TRACE_BINDING, "%.256s -> %ld", parse.text ? parse.text : "(null)", status);
    parse_done(&parse);
    if (status) free_strings((void **)result, PART_COUNT);
    for (i = 0; i < PART_COUNT; i++)
        if (out[i]) *out[i] = result[i];
    return status;
}

/* RpcStringBindingParseA */
RPC_STATUS RPC_ENTRY RpcStringBindingParseA(RPC_CSTR StringBinding, RPC_CSTR *ObjUuid, RPC_CSTR *Protseq,
                                            RPC_CSTR *NetworkAddr, RPC_CSTR *Endpoint,
                                            RPC_CSTR *NetworkOptions)
{
    RPC_CSTR *out[PART_COUNT] = { ObjUuid, Protseq, NetworkAddr, Endpoint, NetworkOptions };
    WCHAR *wide[PART_COUNT] = { NULL }, *binding_w = NULL;
    char *result[PART_COUNT] = { NULL };
    RPC_STATUS status = RPC_S_OK;
    size_t i;

    if (StringBinding && !(binding_w = rpc_a_to_w((char *)StringBinding))) status = RPC_S_OUT_OF_MEMORY;
    if (!status)
        status = RpcStringBindingParseW(binding_w, out[0] ? &wide[0] : NULL, out[1] ? &wide[1] : NULL,
                                        out[2] ? &wide[2] : NULL, out[3] ? &wide[3] : NULL,
                                        out[4] ? &wide[4] : NULL);
    for (i = 0; i < PART_COUNT && !status; i++)
        if (wide[i] && !(result[i] = rpc_w_to_a(wide[i]))) status = RPC_S_OUT_OF_MEMORY;
    free_strings((void **)wide, PART_COUNT);
    rpc_string_free(binding_w);
    if (status) free_strings((void **)result, PART_COUNT);
    for (i = 0; i < PART_COUNT; i++)
        if (out[i]) *out[i] = (RPC_CSTR)result[i];
    return status;
}

/* ---- binding handle exports ---- */

/* RpcBindingFromStringBindingW */
RPC_STATUS RPC_ENTRY RpcBindingFromStringBindingW(RPC_WSTR StringBinding, RPC_BINDING_HANDLE *Binding)
{
    struct rpc_binding *binding = NULL;
    struct uuid_fields fields;
    enum protseq_id protseq;
    struct parse parse;
    UUID object;
    RPC_STATUS status;

    if (!Binding) return RPC_S_INVALID_ARG;
    memset(&object, 0, sizeof(object));
    if (!(status = parse_w(StringBinding, &parse))
        && !(status = protseq_lookup(parse.parts.protseq, &protseq))
        && !(status = binding_check_endpoint(protseq, parse.parts.endpoint)))
    {
        if (*parse.parts.uuid)
        {
            /* The parser has checked the syntax already. */
            uuid_parse(parse.parts.uuid, strlen(parse.parts.uuid), &fields);
            uuid_from_fields(&fields, &object);
        }
        status = binding_create(protseq, parse.parts.network_addr, parse.parts.endpoint,
                                parse.parts.options, &object, FALSE, &binding);
    }
    TRACE(TRACE_BINDING, "%.256s -> %p %ld", parse.text ? parse.text : "(null)", (void *)binding, status);
    parse_done(&parse);
    *Binding = status ? NULL : (RPC_BINDING_HANDLE)binding;
    return status;
}

/* RpcBindingFromStringBindingA */
RPC_STATUS RPC_ENTRY RpcBindingFromStringBindingA(RPC_CSTR StringBinding, RPC_BINDING_HANDLE *Binding)
{
    WCHAR *binding_w = NULL;
    RPC_STATUS status;

    if (!Binding) return RPC_S_INVALID_ARG;
    if (StringBinding && !(binding_w = rpc_a_to_w((char *)StringBinding)))
    {
        *Binding = NULL;
        return RPC_S_OUT_OF_MEMORY;
    }
    status = RpcBindingFromStringBindingW(binding_w, Binding);
    rpc_string_free(binding_w);
    return status;
}

/* RpcBindingToStringBindingW */
RPC_STATUS RPC_ENTRY RpcBindingToStringBindingW(RPC_BINDING_HANDLE Binding, RPC_WSTR *StringBinding)
{
    struct rpc_binding *binding = binding_lookup(Binding);
    struct string_binding_parts parts;
    char uuid_text[UUID_STRING_LEN + 1];
    WCHAR *result = NULL;
    RPC_STATUS status;

    if (!binding) status = RPC_S_INVALID_BINDING;
    else if (!StringBinding) status = RPC_S_INVALID_ARG;
    else
    {
        AcquireSRWLockShared(&binding->lock);
        uuid_to_text(&binding->object, uuid_text);
        parts.uuid = uuid_text;
        parts.protseq = protseq_name(binding->protseq);
        parts.network_addr = binding->network_addr;
        parts.endpoint = binding->endpoint;
        parts.options = binding->network_options;
        status = compose_w(&parts, &result);
        ReleaseSRWLockShared(&binding->lock);
    }
    if (binding) binding_release(binding);
    if (StringBinding) *StringBinding = status ? NULL : result;
    TRACE(TRACE_BINDING, "%p -> %ld", (void *)Binding, status);
    return status;
}

/* RpcBindingToStringBindingA */
RPC_STATUS RPC_ENTRY RpcBindingToStringBindingA(RPC_BINDING_HANDLE Binding, RPC_CSTR *StringBinding)
{
    WCHAR *result_w = NULL;
    char *result = NULL;
    RPC_STATUS status;

    status = RpcBindingToStringBindingW(Binding, StringBinding ? &result_w : NULL);
    if (!status && !(result = rpc_w_to_a(result_w))) status = RPC_S_OUT_OF_MEMORY;
    rpc_string_free(result_w);
    if (StringBinding) *StringBinding = status ? NULL : (RPC_CSTR)result;
    return status;
}

/* RpcBindingCopy */
RPC_STATUS RPC_ENTRY RpcBindingCopy(RPC_BINDING_HANDLE SourceBinding, RPC_BINDING_HANDLE *DestinationBinding)
{
    struct rpc_binding *source = binding_lookup(SourceBinding), *copy = NULL;
    RPC_STATUS status;

    if (!source) status = RPC_S_INVALID_BINDING;
    else if (!DestinationBinding) status = RPC_S_INVALID_ARG;
    else if (source->server) status = RPC_S_WRONG_KIND_OF_BINDING;
    else
    {
        AcquireSRWLockShared(&source->lock);
        status = binding_create(source->protseq, source->network_addr, source->endpoint,
                                source->network_options, &source->object, FALSE, &copy);
        if (!status)
        {
            memcpy(copy->options, source->options, sizeof(copy->options));
            copy->com_timeout = source->com_timeout;
        }
        ReleaseSRWLockShared(&source->lock);
    }
    if (source) binding_release(source);
    if (DestinationBinding) *DestinationBinding = copy;
    TRACE(TRACE_BINDING, "%p -> %p %ld", (void *)SourceBinding, (void *)copy, status);
    return status;
}

/* RpcBindingFree */
RPC_STATUS RPC_ENTRY RpcBindingFree(RPC_BINDING_HANDLE *Binding)
{
    RPC_BINDING_HANDLE handle = Binding ? *Binding : NULL;
    RPC_STATUS status = Binding ? binding_free(handle) : RPC_S_INVALID_BINDING;

    if (!status) *Binding = NULL;
    TRACE(TRACE_BINDING, "%p -> %ld", (void *)handle, status);
    return status;
}

/* The client binding behind a handle, with a reference the caller releases; NULL with *status
 * RPC_S_INVALID_BINDING (no live binding) or RPC_S_WRONG_KIND_OF_BINDING (a server binding). */
static struct rpc_binding *client_binding(RPC_BINDING_HANDLE handle, RPC_STATUS *status)
{
    struct rpc_binding *binding = binding_lookup(handle);

    *status = binding ? RPC_S_OK : RPC_S_INVALID_BINDING;
    if (binding && binding->server)
    {
        binding_release(binding);
        binding = NULL;
        *status = RPC_S_WRONG_KIND_OF_BINDING;
    }
    return binding;
}

/* RpcBindingReset */
RPC_STATUS RPC_ENTRY RpcBindingReset(RPC_BINDING_HANDLE Binding)
{
    RPC_STATUS status;
    struct rpc_binding *binding = client_binding(Binding, &status);

    if (binding)
    {
        struct client_assoc *assoc;
        AcquireSRWLockExclusive(&binding->lock);
        binding->endpoint[0] = 0;
        assoc = binding->assoc;
        binding->assoc = NULL;
        ReleaseSRWLockExclusive(&binding->lock);
        client_assoc_release(assoc);
        binding_release(binding);
    }
    TRACE(TRACE_BINDING, "%p -> %ld", (void *)Binding, status);
    return status;
}

/* RpcBindingSetObject */
RPC_STATUS RPC_ENTRY RpcBindingSetObject(RPC_BINDING_HANDLE Binding, UUID *ObjectUuid)
{
    RPC_STATUS status;
    struct rpc_binding *binding = client_binding(Binding, &status);

    if (binding)
    {
        AcquireSRWLockExclusive(&binding->lock);
        if (ObjectUuid) binding->object = *ObjectUuid;
        else memset(&binding->object, 0, sizeof(binding->object));
        ReleaseSRWLockExclusive(&binding->lock);
        binding_release(binding);
    }
    TRACE(TRACE_BINDING, "%p %p -> %ld", (void *)Binding, (void *)ObjectUuid, status);
    return status;
}

/* RpcBindingInqObject */
RPC_STATUS RPC_ENTRY RpcBindingInqObject(RPC_BINDING_HANDLE Binding, UUID *ObjectUuid)
{
    struct rpc_binding *binding = binding_lookup(Binding);
    RPC_STATUS status = RPC_S_OK;

    if (!binding) status = RPC_S_INVALID_BINDING;
    else if (!ObjectUuid) status = RPC_S_INVALID_ARG;
    else
    {
        AcquireSRWLockShared(&binding->lock);
        *ObjectUuid = binding->object;
        ReleaseSRWLockShared(&binding->lock);
    }
    if (binding) binding_release(binding);
    TRACE(TRACE_BINDING, "%p -> %ld", (void *)Binding, status);
    return status;
}

/* RpcBindingSetOption */
RPC_STATUS RPC_ENTRY RpcBindingSetOption(RPC_BINDING_HANDLE hBinding, ULONG option, ULONG_PTR optionValue)
{
    RPC_STATUS status;
    struct rpc_binding *binding = client_binding(hBinding, &status);

    if (binding && (!option || option >= BINDING_OPTION_LIMIT)) status = RPC_S_INVALID_ARG;
    else if (binding)
    {
        AcquireSRWLockExclusive(&binding->lock);
        /* Documented: only on a handle that has carried a call. */
        if (option == RPC_C_OPT_DONT_LINGER && !binding->called) status = RPC_S_WRONG_KIND_OF_BINDING;
        else binding->options[option] = optionValue;
        ReleaseSRWLockExclusive(&binding->lock);
    }
    if (binding) binding_release(binding);
    TRACE(TRACE_BINDING, "%p %lu %p -> %ld", (void *)hBinding, option, (void *)optionValue, status);
    return status;
}

/* RpcBindingInqOption */
RPC_STATUS RPC_ENTRY RpcBindingInqOption(RPC_BINDING_HANDLE hBinding, ULONG option, ULONG_PTR *pOptionValue)
{
    struct rpc_binding *binding = binding_lookup(hBinding);
    RPC_STATUS status = RPC_S_OK;

    if (!binding) status = RPC_S_INVALID_BINDING;
    else if (!pOptionValue || !option || option >= BINDING_OPTION_LIMIT) status = RPC_S_INVALID_ARG;
    else
    {
        AcquireSRWLockShared(&binding->lock);
        *pOptionValue = binding->options[option];
        ReleaseSRWLockShared(&binding->lock);
    }
    if (binding) binding_release(binding);
    TRACE(TRACE_BINDING, "%p %lu -> %ld", (void *)hBinding, option, status);
    return status;
}

/* RpcBindingVectorFree */
RPC_STATUS RPC_ENTRY RpcBindingVectorFree(RPC_BINDING_VECTOR **BindingVector)
{
    RPC_BINDING_VECTOR *vector;
    RPC_STATUS status = RPC_S_OK;
    ULONG i;

    if (!BindingVector) status = RPC_S_INVALID_ARG;
    else if ((vector = *BindingVector))
    {
        /* All or nothing: a vector holding a handle that is not live is left as it is. */
        for (i = 0; i < vector->Count && !status; i++)
        {
            struct rpc_binding *binding;
            if (!vector->BindingH[i]) continue;
            if (!(binding = binding_lookup(vector->BindingH[i]))) status = RPC_S_INVALID_BINDING;
            else binding_release(binding);
        }
        if (!status)
        {
            for (i = 0; i < vector->Count; i++)
                if (vector->BindingH[i]) binding_free(vector->BindingH[i]);
            HeapFree(GetProcessHeap(), 0, vector);
            *BindingVector = NULL;
        }
    }
    TRACE(TRACE_BINDING, "%p -> %ld", (void *)BindingVector, status);
    return status;
}

/* RpcMgmtSetComTimeout */
RPC_STATUS RPC_ENTRY RpcMgmtSetComTimeout(RPC_BINDING_HANDLE Binding, unsigned int Timeout)
{
    RPC_STATUS status;
    struct rpc_binding *binding = client_binding(Binding, &status);

    if (binding)
    {
        if (Timeout > RPC_C_BINDING_INFINITE_TIMEOUT) status = RPC_S_INVALID_TIMEOUT;
        else
        {
            AcquireSRWLockExclusive(&binding->lock);
            binding->com_timeout = Timeout;
            ReleaseSRWLockExclusive(&binding->lock);
        }
        binding_release(binding);
    }
    TRACE(TRACE_BINDING, "%p %u -> %ld", (void *)Binding, Timeout, status);
    return status;
}

/* RpcMgmtInqComTimeout */
RPC_STATUS RPC_ENTRY RpcMgmtInqComTimeout(RPC_BINDING_HANDLE Binding, unsigned int *Timeout)
{
    RPC_STATUS status;
    struct rpc_binding *binding = client_binding(Binding, &status);

    if (binding)
    {
        if (!Timeout) status = RPC_S_INVALID_ARG;
        else
        {
            AcquireSRWLockShared(&binding->lock);
            *Timeout = binding->com_timeout;
            ReleaseSRWLockShared(&binding->lock);
        }
        binding_release(binding);
    }
    TRACE(TRACE_BINDING, "%p -> %ld", (void *)Binding, status);
    return status;
}
