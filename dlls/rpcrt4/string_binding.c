/* string_binding.c: string binding syntax (compose, parse, backslash escapes) on UTF-8 text, no Windows headers. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "string_binding.h"
#include "uuid_core.h"

/* Characters a backslash can escape; composing escapes all of them outside the options. */
static const char specials[] = "@:[],=\\";
/* Inside the options, ',' and '=' are syntax and stay as they are. */
static const char option_specials[] = "]\\";
static const char endpoint_keyword[] = "endpoint=";
static const char empty[] = "";

static int is_special(char c)
{
    return c && strchr(specials, c);
}

static int is_empty(const char *s)
{
    return !s || !*s;
}

/* Output of compose: counts always, stores while there is room; out == NULL only counts. */
struct writer
{
    char *out;
    size_t size;
    size_t pos;
    int overflow;
};

static void put(struct writer *w, char c)
{
    if (w->pos == SIZE_MAX)
    {
        w->overflow = 1;
        return;
    }
    if (w->out && w->pos < w->size) w->out[w->pos] = c;
    w->pos++;
}

static void put_string(struct writer *w, const char *s)
{
    for (; *s; s++) put(w, *s);
}

static void put_escaped(struct writer *w, const char *s, const char *set)
{
    for (; *s; s++)
    {
        if (strchr(set, *s)) put(w, '\\');
        put(w, *s);
    }
}

static int uuid_text_valid(const char *text, size_t len)
{
    struct uuid_fields uuid;
    return uuid_parse(text, len, &uuid) == UUID_OK;
}

/* Writes the whole binding through w; no NUL. */
static enum string_binding_status emit(const struct string_binding_parts *parts, struct writer *w)
{
    if (!is_empty(parts->uuid))
    {
        if (!uuid_text_valid(parts->uuid, strlen(parts->uuid))) return STRING_BINDING_E_UUID;
        put_string(w, parts->uuid);
        put(w, '@');
    }
    if (parts->protseq) put_escaped(w, parts->protseq, specials);
    put(w, ':');
    if (parts->network_addr) put_escaped(w, parts->network_addr, specials);
    if (!is_empty(parts->endpoint) || !is_empty(parts->options))
    {
        put(w, '[');
        if (parts->endpoint) put_escaped(w, parts->endpoint, specials);
        if (!is_empty(parts->options))
        {
            put(w, ',');
            put_escaped(w, parts->options, option_specials);
        }
        put(w, ']');
    }
    return w->overflow ? STRING_BINDING_E_TOO_LONG : STRING_BINDING_OK;
}

enum string_binding_status string_binding_compose_length(const struct string_binding_parts *parts,
                                                         size_t *length)
{
    struct writer w = { NULL, 0, 0, 0 };
    enum string_binding_status status = emit(parts, &w);

    if (status != STRING_BINDING_OK) return status;
    if (w.pos == SIZE_MAX) return STRING_BINDING_E_TOO_LONG;   /* no room for the NUL's count */
    *length = w.pos;
    return STRING_BINDING_OK;
}

enum string_binding_status string_binding_compose(const struct string_binding_parts *parts,
                                                  char *out, size_t out_size)
{
    struct writer w = { NULL, 0, 0, 0 };
    size_t length;
    enum string_binding_status status;

    if ((status = string_binding_compose_length(parts, &length)) != STRING_BINDING_OK) return status;
    if (!out || out_size <= length) return STRING_BINDING_E_BUFFER;
    w.out = out;
    w.size = out_size;
    emit(parts, &w);
    out[length] = 0;
    return STRING_BINDING_OK;
}

size_t string_binding_parse_size(const char *text)
{
    return strlen(text) + 1;
}

/* Offset of the first unescaped character of stops at or after pos, or of the terminating NUL. */
static size_t scan(const char *text, size_t pos, const char *stops)
{
    for (;;)
    {
        char c = text[pos];
        if (!c || strchr(stops, c)) return pos;
        if (c == '\\' && is_special(text[pos + 1])) pos += 2;
        else pos++;
    }
}

/* The scratch buffer of a parse: fields are appended, each unescaped and NUL-terminated. */
struct field_buffer
{
    char *buf;
    size_t size;
    size_t pos;
};

/* Appends text[begin, end) unescaped; NULL when it does not fit (only for a buffer that is too small). */
static const char *add_field(struct field_buffer *fb, const char *text, size_t begin, size_t end)
{
    char *start = fb->buf + fb->pos;
    size_t i = begin;

    while (i < end)
    {
        if (text[i] == '\\' && i + 1 < end && is_special(text[i + 1])) i++;
        if (fb->pos >= fb->size) return NULL;
        fb->buf[fb->pos++] = text[i++];
    }
    if (fb->pos >= fb->size) return NULL;
    fb->buf[fb->pos++] = 0;
    return start;
}

/* 1 if text[begin, end) starts with the "endpoint=" keyword, ASCII letters in any case. */
static int has_endpoint_keyword(const char *text, size_t begin, size_t end)
{
    size_t i, len = sizeof(endpoint_keyword) - 1;

    if (end - begin < len) return 0;
    for (i = 0; i < len; i++)
    {
        char c = text[begin + i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != endpoint_keyword[i]) return 0;
    }
    return 1;
}

enum string_binding_status string_binding_parse(const char *text, char *buf, size_t buf_size,
                                                struct string_binding_parts *parts)
{
    struct string_binding_parts result;
    struct field_buffer fb = { buf, buf_size, 0 };
    size_t at, start, colon, open, close = 0, comma = 0, ep_begin, ep_end = 0;
    int has_uuid, has_brackets, has_options = 0;

    if (buf_size < string_binding_parse_size(text)) return STRING_BINDING_E_BUFFER;

    /* Locate every delimiter first: syntax errors win over a bad UUID. */
    at = scan(text, 0, "@:");
    has_uuid = text[at] == '@';
    start = has_uuid ? at + 1 : 0;
    colon = scan(text, start, ":");
    if (!text[colon]) return STRING_BINDING_E_SYNTAX;
    open = scan(text, colon + 1, "[");
    has_brackets = text[open] == '[';
    if (has_brackets)
    {
        ep_end = scan(text, open + 1, ",]");
        if (!text[ep_end]) return STRING_BINDING_E_SYNTAX;
        if (text[ep_end] == ',')
        {
            has_options = 1;
            comma = ep_end;
            close = scan(text, comma + 1, "]");
            if (!text[close]) return STRING_BINDING_E_SYNTAX;
        }
    }
    if (has_uuid && !uuid_text_valid(text, at)) return STRING_BINDING_E_UUID;

    result.uuid = empty;
    result.endpoint = empty;
    result.options = empty;
    if (has_uuid && !(result.uuid = add_field(&fb, text, 0, at))) return STRING_BINDING_E_BUFFER;
    if (!(result.protseq = add_field(&fb, text, start, colon))) return STRING_BINDING_E_BUFFER;
    if (!(result.network_addr = add_field(&fb, text, colon + 1, open))) return STRING_BINDING_E_BUFFER;
    if (has_brackets)
    {
        ep_begin = open + 1;
        if (has_endpoint_keyword(text, ep_begin, ep_end)) ep_begin += sizeof(endpoint_keyword) - 1;
        if (!(result.endpoint = add_field(&fb, text, ep_begin, ep_end))) return STRING_BINDING_E_BUFFER;
        if (has_options && !(result.options = add_field(&fb, text, comma + 1, close)))
            return STRING_BINDING_E_BUFFER;
    }
    *parts = result;
    return STRING_BINDING_OK;
}
