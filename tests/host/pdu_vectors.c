/* pdu_vectors.c (host test): PDUs from other producers, decoded by us and by tshark, field by field, and re-encoded. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pdu.h"
#include "pdu_compare.h"
#include "test.h"

/* The vectors: one PDU per file plus fields.tsv, tshark's decoding of each (written by
 * tools/capture/pdus.py fields). The default directory holds traffic captured between two processes using
 * Wine's builtin rpcrt4 (tools/capture/capture-wine-vectors.sh); PDU_VECTORS_DIR names another one, as
 * tools/tshark-check.sh does for the PDUs our own encoder writes. Paths are relative to the repository
 * root, where make check runs the host tests. */
#define DEFAULT_DIR "tests/host/vectors/wine"

/* The longest value a field of ours can have: a list of UUIDs, at most one per 20 bytes of a fragment. */
#define VALUE_SIZE (65536 / PDU_SYNTAX_SIZE * 37 + 1)
/* Disagreements printed one by one before the rest are only counted. */
#define MAX_REPORTS 40

struct totals
{
    unsigned int vectors, decoded, disagreements, reencoded, reencode_exact, reencode_differs;
    unsigned int reports;
    char first[512];   /* the first problem, for the ok() messages */
};

static void report(struct totals *t, const char *file, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Notes one problem: the first is kept for the ok() messages, the first MAX_REPORTS are printed. */
static void report(struct totals *t, const char *file, const char *fmt, ...)
{
    char line[256];
    va_list args;

    va_start(args, fmt);
    vsnprintf(line, sizeof(line), fmt, args);
    va_end(args);
    if (!t->first[0]) snprintf(t->first, sizeof(t->first), "%.200s: %s", file, line);
    if (t->reports++ < MAX_REPORTS) trace("%s: %s\n", file, line);
}

/* Reads a whole file, with a NUL after its bytes; NULL if it cannot. */
static uint8_t *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    long size;

    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0
        && (data = malloc(size + 1)) && fread(data, 1, size, f) == (size_t)size)
    {
        data[size] = 0;
        *length = size;
    }
    else
    {
        free(data);
        data = NULL;
    }
    fclose(f);
    return data;
}

/* A growing comma-separated value. */
struct value
{
    char text[VALUE_SIZE];
    size_t length;
    int present;   /* the field exists in this PDU (even as an empty list) */
};

static void add_text(struct value *v, const char *text)
{
    int n = snprintf(v->text + v->length, sizeof(v->text) - v->length, "%s%s", v->length ? "," : "", text);

    if (n > 0) v->length += (size_t)n < sizeof(v->text) - v->length ? (size_t)n : sizeof(v->text) - v->length - 1;
    v->present = 1;
}

static void add_number(struct value *v, unsigned long number)
{
    char text[24];

    snprintf(text, sizeof(text), "%lu", number);
    add_text(v, text);
}

/* A UUID held in GUID memory layout, in its text form. */
static void add_uuid(struct value *v, const uint8_t *u)
{
    char text[40];

    snprintf(text, sizeof(text), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             u[3], u[2], u[1], u[0], u[5], u[4], u[7], u[6], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
    add_text(v, text);
}

/* tshark shows a syntax version as the one 32-bit number of C706's p_syntax_id_t. */
static void add_syntax_version(struct value *v, const struct pdu_syntax *syntax)
{
    add_number(v, (unsigned long)syntax->version_minor << 16 | syntax->version_major);
}

static int is_type(const struct pdu *pdu, int a, int b)
{
    return pdu->header.type == a || pdu->header.type == b;
}

/* Our view of the field that fields.tsv calls name, in its notation; v->present stays 0 when the PDU
 * has no such field. Returns 0 for a name this test does not know. */
static int our_field(const struct pdu *pdu, const char *name, struct value *v)
{
    const struct pdu_header *h = &pdu->header;
    int bind = is_type(pdu, PDU_TYPE_BIND, PDU_TYPE_ALTER_CONTEXT);
    int ack = is_type(pdu, PDU_TYPE_BIND_ACK, PDU_TYPE_ALTER_CONTEXT_RESP);
    int nak = h->type == PDU_TYPE_BIND_NAK;
    int auth = pdu->auth.length > 0;
    size_t i, j;

    v->text[0] = 0;
    v->length = 0;
    v->present = 0;
    if (!strcmp(name, "ver")) add_number(v, h->version);
    else if (!strcmp(name, "ver_minor")) add_number(v, h->version_minor);
    else if (!strcmp(name, "type")) add_number(v, h->type);
    else if (!strcmp(name, "flags")) add_number(v, h->flags);
    else if (!strcmp(name, "drep"))
    {
        char text[9];

        snprintf(text, sizeof(text), "%02x%02x%02x%02x", h->drep[0], h->drep[1], h->drep[2], h->drep[3]);
        add_text(v, text);
    }
    else if (!strcmp(name, "frag_len")) add_number(v, h->frag_length);
    else if (!strcmp(name, "auth_len")) add_number(v, h->auth_length);
    else if (!strcmp(name, "call_id")) add_number(v, h->call_id);
    else if (!strcmp(name, "max_xmit"))
    {
        if (bind) add_number(v, pdu->u.bind.max_xmit_frag);
        if (ack) add_number(v, pdu->u.bind_ack.max_xmit_frag);
    }
    else if (!strcmp(name, "max_recv"))
    {
        if (bind) add_number(v, pdu->u.bind.max_recv_frag);
        if (ack) add_number(v, pdu->u.bind_ack.max_recv_frag);
    }
    else if (!strcmp(name, "assoc_group"))
    {
        if (bind) add_number(v, pdu->u.bind.assoc_group_id);
        if (ack) add_number(v, pdu->u.bind_ack.assoc_group_id);
    }
    else if (!strcmp(name, "num_ctx_items"))
    {
        if (bind) add_number(v, pdu->u.bind.context_count);
    }
    else if (!strcmp(name, "ctx_id"))
    {
        if (bind)
        {
            v->present = 1;
            for (i = 0; i < pdu->u.bind.context_count; i++) add_number(v, pdu->u.bind.contexts[i].context_id);
        }
        if (h->type == PDU_TYPE_REQUEST) add_number(v, pdu->u.request.context_id);
        if (h->type == PDU_TYPE_RESPONSE) add_number(v, pdu->u.response.context_id);
        if (h->type == PDU_TYPE_FAULT) add_number(v, pdu->u.fault.context_id);
    }
    else if (!strcmp(name, "num_trans_items") || !strcmp(name, "abstract_uuid") || !strcmp(name, "abstract_ver")
             || !strcmp(name, "abstract_ver_minor") || !strcmp(name, "transfer_uuid") || !strcmp(name, "transfer_ver"))
    {
        if (!bind) return 1;
        v->present = 1;
        for (i = 0; i < pdu->u.bind.context_count; i++)
        {
            const struct pdu_context *c = &pdu->u.bind.contexts[i];

            if (!strcmp(name, "num_trans_items")) add_number(v, c->transfer_count);
            else if (!strcmp(name, "abstract_uuid")) add_uuid(v, c->abstract_syntax.uuid);
            else if (!strcmp(name, "abstract_ver")) add_number(v, c->abstract_syntax.version_major);
            else if (!strcmp(name, "abstract_ver_minor")) add_number(v, c->abstract_syntax.version_minor);
            else if (!strcmp(name, "transfer_uuid"))
                for (j = 0; j < c->transfer_count; j++) add_uuid(v, c->transfer_syntaxes[j].uuid);
            else
                for (j = 0; j < c->transfer_count; j++) add_syntax_version(v, &c->transfer_syntaxes[j]);
        }
    }
    else if (!strcmp(name, "sec_addr_len"))
    {
        if (ack) add_number(v, pdu->u.bind_ack.secondary_address_length);
    }
    else if (!strcmp(name, "sec_addr"))
    {
        char text[256];
        size_t length;

        if (!ack) return 1;
        /* shown as a string: up to the NUL */
        length = strnlen((const char *)pdu->u.bind_ack.secondary_address, pdu->u.bind_ack.secondary_address_length);
        if (length >= sizeof(text)) length = sizeof(text) - 1;
        memcpy(text, pdu->u.bind_ack.secondary_address, length);
        text[length] = 0;
        add_text(v, text);
    }
    else if (!strcmp(name, "num_results"))
    {
        if (ack) add_number(v, pdu->u.bind_ack.result_count);
    }
    else if (!strcmp(name, "ack_result") || !strcmp(name, "ack_reason") || !strcmp(name, "ack_transfer_uuid")
             || !strcmp(name, "ack_transfer_ver"))
    {
        if (!ack) return 1;
        v->present = 1;
        for (i = 0; i < pdu->u.bind_ack.result_count; i++)
        {
            const struct pdu_result *r = &pdu->u.bind_ack.results[i];

            if (!strcmp(name, "ack_result")) add_number(v, r->result);
            else if (!strcmp(name, "ack_reason")) add_number(v, r->reason);
            else if (!strcmp(name, "ack_transfer_uuid")) add_uuid(v, r->transfer_syntax.uuid);
            else add_syntax_version(v, &r->transfer_syntax);
        }
    }
    else if (!strcmp(name, "reject_reason"))
    {
        if (nak) add_number(v, pdu->u.bind_nak.reject_reason);
    }
    else if (!strcmp(name, "num_protocols"))
    {
        if (nak) add_number(v, pdu->u.bind_nak.version_count);
    }
    else if (!strcmp(name, "protocol_major") || !strcmp(name, "protocol_minor"))
    {
        if (!nak) return 1;
        v->present = 1;
        for (i = 0; i < pdu->u.bind_nak.version_count; i++)
            add_number(v, !strcmp(name, "protocol_major") ? pdu->u.bind_nak.versions[i].major
                                                           : pdu->u.bind_nak.versions[i].minor);
    }
    else if (!strcmp(name, "alloc_hint"))
    {
        if (h->type == PDU_TYPE_REQUEST) add_number(v, pdu->u.request.alloc_hint);
        if (h->type == PDU_TYPE_RESPONSE) add_number(v, pdu->u.response.alloc_hint);
        if (h->type == PDU_TYPE_FAULT) add_number(v, pdu->u.fault.alloc_hint);
    }
    else if (!strcmp(name, "opnum"))
    {
        if (h->type == PDU_TYPE_REQUEST) add_number(v, pdu->u.request.opnum);
    }
    else if (!strcmp(name, "object"))
    {
        if (h->type == PDU_TYPE_REQUEST && (h->flags & PDU_FLAG_OBJECT_UUID)) add_uuid(v, pdu->u.request.object);
    }
    else if (!strcmp(name, "cancel_count"))
    {
        if (h->type == PDU_TYPE_RESPONSE) add_number(v, pdu->u.response.cancel_count);
        if (h->type == PDU_TYPE_FAULT) add_number(v, pdu->u.fault.cancel_count);
    }
    else if (!strcmp(name, "fault_flags"))
    {
        if (h->type == PDU_TYPE_FAULT) add_number(v, pdu->u.fault.flags);
    }
    else if (!strcmp(name, "status"))
    {
        if (h->type == PDU_TYPE_FAULT) add_number(v, pdu->u.fault.status);
    }
    else if (!strcmp(name, "auth_type")) { if (auth) add_number(v, pdu->auth.type); }
    else if (!strcmp(name, "auth_level")) { if (auth) add_number(v, pdu->auth.level); }
    else if (!strcmp(name, "auth_pad_len")) { if (auth) add_number(v, pdu->auth.pad_length); }
    else if (!strcmp(name, "auth_ctx_id")) { if (auth) add_number(v, pdu->auth.context_id); }
    else return 0;
    return 1;
}

/* The next comma-separated element of *list (advanced past it) into element; 0 at the end. */
static int next_element(const char **list, char *element, size_t size)
{
    const char *end;
    size_t length;

    if (!*list) return 0;
    end = strchr(*list, ',');
    length = end ? (size_t)(end - *list) : strlen(*list);
    if (length >= size) length = size - 1;
    memcpy(element, *list, length);
    element[length] = 0;
    *list = end ? end + 1 : NULL;
    return 1;
}

/* 1 if tshark's comma-separated list differs from ours; an empty element of tshark's is one it does not
 * show (such as the reason of an accepted bind_ack result) and matches anything. */
static int lists_differ(const char *theirs, const char *ours)
{
    char x[64], y[64];
    int more_x, more_y;

    for (;;)
    {
        more_x = next_element(&theirs, x, sizeof(x));
        more_y = next_element(&ours, y, sizeof(y));
        if (!more_x && !more_y) return 0;
        if (more_x != more_y || (x[0] && strcmp(x, y))) return 1;
    }
}

/* Compares tshark's value of one field with ours. */
static void compare_field(struct totals *t, const char *file, const char *name, const char *theirs,
                          const struct pdu *pdu)
{
    static struct value ours;
    int differ;

    if (!*theirs) return;   /* tshark does not show the field */
    if (!our_field(pdu, name, &ours))
    {
        t->disagreements++;
        report(t, file, "field %s is not one this test knows", name);
        return;
    }
    if (!ours.present)
    {
        t->disagreements++;
        report(t, file, "tshark shows %s = %.60s, our decoding has no such field", name, theirs);
        return;
    }
    if (!strcmp(name, "sec_addr")) differ = strcmp(theirs, ours.text) != 0;   /* a string, not a list */
    else differ = lists_differ(theirs, ours.text);
    if (!differ) return;
    t->disagreements++;
    report(t, file, "%s: tshark %.60s, ours %.60s", name, theirs, ours.text);
}

/* Re-encodes a decoded PDU: the decoding of the result must equal the original decoding, and the bytes
 * must equal the original's where our encoder makes the same choices as the producer. It cannot when:
 * - the producer used big-endian integers (drep[0] without 0x10): we always send little endian;
 * - the producer padded the stub before the auth trailer otherwise than we do (we align the trailer to
 *   16 bytes from the stub start). */
static void reencode(struct totals *t, const char *file, const struct pdu *pdu, const uint8_t *data, size_t length)
{
    size_t size = pdu_encoded_size(pdu), written = 0;
    uint8_t *buf = malloc(size ? size : 1);
    enum pdu_status status;
    struct pdu again;
    const char *difference;

    if (!buf) return;
    status = pdu_encode(pdu, buf, size, &written);
    if (status != PDU_OK || written != size)
    {
        t->reencode_differs++;
        report(t, file, "re-encoding fails: %s", pdu_status_name(status));
        free(buf);
        return;
    }
    memset(&again, 0, sizeof(again));
    status = pdu_decode(buf, written, &again);
    difference = status == PDU_OK ? pdu_difference(pdu, &again) : pdu_status_name(status);
    if (difference)
    {
        t->reencode_differs++;
        report(t, file, "the re-encoding decodes differently: %s", difference);
    }
    else if ((pdu->header.drep[0] & PDU_DREP_LITTLE_ENDIAN) && again.auth.pad_length == pdu->auth.pad_length)
    {
        t->reencoded++;
        if (written == length && !memcmp(buf, data, length)) t->reencode_exact++;
        else
        {
            size_t i = 0;

            while (i < written && i < length && buf[i] == data[i]) i++;
            t->reencode_differs++;
            report(t, file, "re-encoded bytes differ from offset %zu (%zu bytes, the original %zu)", i, written,
                   length);
        }
    }
    pdu_release(&again);
    free(buf);
}

/* Decodes one vector and compares it with its row of fields.tsv (columns[i] names cells[i]). */
static void check_vector(struct totals *t, const char *dir, char **columns, char **cells, size_t count)
{
    char path[1024];
    uint8_t *data;
    size_t length = 0, i;
    struct pdu pdu;
    enum pdu_status status;

    t->vectors++;
    snprintf(path, sizeof(path), "%s/%s", dir, cells[0]);
    if (!(data = read_file(path, &length)))
    {
        t->disagreements++;
        report(t, cells[0], "cannot read %s", path);
        return;
    }
    memset(&pdu, 0xcc, sizeof(pdu));
    status = pdu_decode(data, length, &pdu);
    if (status != PDU_OK)
    {
        t->disagreements++;
        report(t, cells[0], "tshark shows its fields, pdu_decode answers %s", pdu_status_name(status));
    }
    else
    {
        t->decoded++;
        for (i = 1; i < count; i++) compare_field(t, cells[0], columns[i], cells[i], &pdu);
        reencode(t, cells[0], &pdu, data, length);
        pdu_release(&pdu);
    }
    free(data);
}

/* Splits line at tabs into at most max cells; returns the count. */
static size_t split_tabs(char *line, char **cells, size_t max)
{
    size_t count = 0;

    while (count < max)
    {
        cells[count++] = line;
        if (!(line = strchr(line, '\t'))) break;
        *line++ = 0;
    }
    return count;
}

START_TEST(pdu_vectors)
{
    const char *dir = getenv("PDU_VECTORS_DIR");
    char path[1024], *table, *line, *next, *columns[64], *cells[64];
    size_t length = 0, column_count, count;
    struct totals t;

    if (!dir || !*dir) dir = DEFAULT_DIR;
    memset(&t, 0, sizeof(t));
    snprintf(path, sizeof(path), "%s/fields.tsv", dir);
    table = (char *)read_file(path, &length);
    ok(table != NULL, "cannot read %s (run the host tests from the repository root)\n", path);
    if (!table) return;

    line = table;
    next = strchr(line, '\n');
    if (next) *next++ = 0;
    column_count = split_tabs(line, columns, 64);
    ok(column_count > 1 && !strcmp(columns[0], "file"), "fields.tsv header: %zu columns, first %s\n",
       column_count, columns[0]);
    for (line = next; line && *line; line = next)
    {
        if ((next = strchr(line, '\n'))) *next++ = 0;
        count = split_tabs(line, cells, 64);
        if (count != column_count)
        {
            t.disagreements++;
            report(&t, cells[0], "fields.tsv row has %zu cells, the header %zu", count, column_count);
            continue;
        }
        check_vector(&t, dir, columns, cells, count);
    }
    free(table);

    if (t.reports > MAX_REPORTS) trace("... and %u more problems\n", t.reports - MAX_REPORTS);
    trace("%s: %u PDUs, %u decoded, %u disagreements with tshark; %u of %u little-endian re-encodings byte-exact\n",
          dir, t.vectors, t.decoded, t.disagreements, t.reencode_exact, t.reencoded);
    ok(t.vectors > 0, "no vectors in %s\n", dir);
    ok(t.decoded == t.vectors, "%u of %u PDUs decoded; first problem: %s\n", t.decoded, t.vectors, t.first);
    ok(!t.disagreements, "%u disagreements with tshark; first: %s\n", t.disagreements, t.first);
    ok(!t.reencode_differs, "%u re-encodings differ; first problem: %s\n", t.reencode_differs, t.first);
}
