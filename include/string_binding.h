/* string_binding.h: string binding syntax (compose, parse, backslash escapes) on UTF-8 text, no Windows headers. */
#ifndef RPCRT4_STRING_BINDING_H
#define RPCRT4_STRING_BINDING_H

#include <stddef.h>

/* The syntax (MS "String Binding", C706 2.5):
 *
 *     [ObjectUUID@]ProtocolSequence:[NetworkAddress][[Endpoint][,NetworkOptions]]
 *
 * Special characters: @ : [ ] , = and the backslash. A backslash followed by a special character
 * stands for that character taken literally; a backslash followed by anything else (or by the end)
 * is an ordinary character, so hand-written bindings such as "ncacn_np:srv[\pipe\x]" keep their
 * backslashes. Parsing:
 *   - the object UUID is the text before the first unescaped '@', when that '@' comes before the
 *     first unescaped ':'; it must be the 36-character form (any case), so "@p:" is a bad UUID;
 *   - the protocol sequence runs to the first unescaped ':', which must exist;
 *   - the network address runs to the first unescaped '[' or to the end;
 *   - inside the brackets, the endpoint runs to the first unescaped ',' or ']' and may start with
 *     the keyword "endpoint=" (any case), which is dropped; the network options are everything
 *     after that ',' up to the first unescaped ']', taken as one string; the ']' must exist;
 *   - text after the ']' is ignored (native's observed behaviour).
 * Every field is returned unescaped; a missing field is "". Non-ASCII bytes pass through untouched
 * (all special characters are ASCII, so UTF-8 sequences never contain one).
 *
 * Composing escapes every special character in the protocol sequence, network address and endpoint,
 * and the backslash and ']' in the network options (their ',' and '=' are the options' own syntax),
 * so that parsing a composed binding gives back exactly the composed parts. The ':' is always
 * written; the brackets only when there is an endpoint or options; the '@' only with a UUID. */

struct string_binding_parts
{
    const char *uuid;           /* object UUID text; NULL or "" for none */
    const char *protseq;        /* NULL is the same as "" */
    const char *network_addr;
    const char *endpoint;
    const char *options;        /* network options, "name=value,name=value" */
};

enum string_binding_status
{
    STRING_BINDING_OK = 0,
    STRING_BINDING_E_SYNTAX,    /* malformed: RPC_S_INVALID_STRING_BINDING */
    STRING_BINDING_E_UUID,      /* the object UUID is not a UUID: RPC_S_INVALID_STRING_UUID */
    STRING_BINDING_E_TOO_LONG,  /* the result's size does not fit a size_t: RPC_S_STRING_TOO_LONG */
    STRING_BINDING_E_BUFFER     /* the caller's buffer is too small: a caller bug, RPC_S_INTERNAL_ERROR */
};

/* Validates parts and sets *length to the composed string's length without its NUL.
 * Returns STRING_BINDING_OK, STRING_BINDING_E_UUID or STRING_BINDING_E_TOO_LONG. */
enum string_binding_status string_binding_compose_length(const struct string_binding_parts *parts,
                                                         size_t *length);

/* Writes the composed string and its NUL into out (out_size bytes, at least length + 1 as given by
 * string_binding_compose_length). Returns STRING_BINDING_OK, STRING_BINDING_E_UUID,
 * STRING_BINDING_E_TOO_LONG or STRING_BINDING_E_BUFFER; out is untouched on failure. */
enum string_binding_status string_binding_compose(const struct string_binding_parts *parts,
                                                  char *out, size_t out_size);

/* Bytes of scratch buffer that string_binding_parse needs for text: strlen(text) + 1. */
size_t string_binding_parse_size(const char *text);

/* Parses the NUL-terminated text into parts, whose five strings point into buf (the unescaped,
 * NUL-terminated fields) or at a constant "" for missing fields; buf must hold
 * string_binding_parse_size(text) bytes. Returns STRING_BINDING_OK, STRING_BINDING_E_SYNTAX,
 * STRING_BINDING_E_UUID or STRING_BINDING_E_BUFFER; parts is untouched on failure. */
enum string_binding_status string_binding_parse(const char *text, char *buf, size_t buf_size,
                                                struct string_binding_parts *parts);

#endif
