/* pdu_stream.c (host test): fragmenting and reassembling calls in every chunking, each guard, allocation failures. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pdu_stream.h"
#include "portable_alloc.h"
#include "test.h"

/* Common header, alloc_hint, context id and opnum (request) or cancel count and a reserved byte (response). */
#define CALL_HEADER_SIZE 24
#define OBJECT_SIZE 16
#define MIB (1024 * 1024)

/* ---- Failure bookkeeping for loops: one ok() per loop, naming the first failing case ---- */

static unsigned int loop_failures;
static char first_failure[512];

static void __attribute__((format(printf, 1, 2))) loop_fail(const char *fmt, ...)
{
    va_list args;

    if (!loop_failures++)
    {
        va_start(args, fmt);
        vsnprintf(first_failure, sizeof(first_failure), fmt, args);
        va_end(args);
    }
}

static void loop_begin(void)
{
    loop_failures = 0;
    first_failure[0] = 0;
}

/* A small deterministic generator, so failures reproduce. */
static uint32_t rng = 0x2545f491;

static uint32_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* ---- Byte streams ---- */

struct stream
{
    uint8_t *data;
    size_t length, capacity;
};

static uint8_t *stream_grow(struct stream *s, size_t more)
{
    if (more > s->capacity - s->length)
    {
        s->capacity = (s->length + more) * 2;
        s->data = realloc(s->data, s->capacity);
    }
    s->length += more;
    return s->data + s->length - more;
}

static void stream_free(struct stream *s)
{
    free(s->data);
    memset(s, 0, sizeof(*s));
}

static uint8_t *make_stub(size_t length, unsigned int seed)
{
    uint8_t *stub = malloc(length ? length : 1);
    size_t i;

    for (i = 0; i < length; i++) stub[i] = (uint8_t)(i * 7 + seed + (i >> 8));
    return stub;
}

static void init_call(struct pdu *pdu, uint8_t type, uint32_t call_id, const uint8_t *stub, size_t length)
{
    memset(pdu, 0, sizeof(*pdu));
    pdu->header.version = 5;
    pdu->header.type = type;
    pdu->header.flags = PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG;
    pdu->header.drep[0] = 0x10;
    pdu->header.call_id = call_id;
    if (type == PDU_TYPE_REQUEST)
    {
        pdu->u.request.context_id = 1;
        pdu->u.request.opnum = 7;
    }
    else pdu->u.response.context_id = 1;
    pdu->stub_data = stub;
    pdu->stub_length = length;
}

/* Appends one PDU, encoded as it is (flags included), to s. */
static void put_pdu(struct stream *s, const struct pdu *pdu)
{
    size_t size = pdu_encoded_size(pdu), written = 0;
    uint8_t *buf = stream_grow(s, size);
    enum pdu_status status = pdu_encode(pdu, buf, size, &written);

    if (status != PDU_OK || written != size)
        ok(0, "encode: %s, %zu of %zu bytes\n", pdu_status_name(status), written, size);
}

/* Appends one fragment of a request (type 0) or response with the given fields. */
static void put_fragment(struct stream *s, uint8_t type, uint8_t flags, uint32_t call_id, uint32_t hint,
                         const uint8_t *stub, size_t length)
{
    struct pdu pdu;

    init_call(&pdu, type, call_id, stub, length);
    pdu.header.flags = flags;
    if (type == PDU_TYPE_REQUEST) pdu.u.request.alloc_hint = hint;
    else pdu.u.response.alloc_hint = hint;
    put_pdu(s, &pdu);
}

/* Appends a PDU of the given type without a body (co_cancel, orphaned, shutdown). */
static void put_bodyless(struct stream *s, uint8_t type, uint32_t call_id)
{
    struct pdu pdu;

    init_call(&pdu, PDU_TYPE_REQUEST, call_id, NULL, 0);
    pdu.header.type = type;
    memset(&pdu.u, 0, sizeof(pdu.u));
    put_pdu(s, &pdu);
}

/* Fragments pdu into s with the fragmenter, checking each fragment's size against the limit and
 * pdu_fragmenter_next_size. Returns the fragmenter's status; *count is the number of fragments. */
static enum pdu_status fragment_call(struct stream *s, const struct pdu *pdu, size_t max_xmit, size_t reserve,
                                     size_t *count)
{
    struct pdu_fragmenter f;
    enum pdu_status status;
    size_t next, written, total, start = s->length;

    *count = 0;
    if ((status = pdu_fragmenter_init(&f, pdu, max_xmit, reserve)) != PDU_OK) return status;
    total = pdu_fragmenter_total_size(&f);
    while (!pdu_fragmenter_done(&f))
    {
        next = pdu_fragmenter_next_size(&f);
        status = pdu_fragmenter_next(&f, stream_grow(s, next), next, &written);
        if (status != PDU_OK) return status;
        if (written != next) loop_fail("fragment %zu: %zu bytes written, %zu announced", *count, written, next);
        if (written + reserve > (max_xmit < PDU_MAX_FRAG_LENGTH ? max_xmit : PDU_MAX_FRAG_LENGTH))
            loop_fail("fragment %zu: %zu bytes + %zu reserved over %zu", *count, written, reserve, max_xmit);
        (*count)++;
    }
    if (pdu_fragmenter_next_size(&f)) loop_fail("next size %zu when done", pdu_fragmenter_next_size(&f));
    if (s->length - start != total) loop_fail("%zu bytes written, total size said %zu", s->length - start, total);
    if (pdu_fragmenter_total_size(&f)) loop_fail("total size %zu when done", pdu_fragmenter_total_size(&f));
    return PDU_OK;
}

/* Decodes the fragments of one call in data independently of the reader and checks each one's flags,
 * call id, alloc_hint and stub against pdu. Returns the number of fragments. */
static size_t check_fragments(const uint8_t *data, size_t length, const struct pdu *pdu)
{
    size_t pos = 0, stub_pos = 0, count = 0;
    struct pdu frag;
    uint8_t flags;
    uint32_t hint;

    while (pos < length)
    {
        if (pdu_decode_header(data + pos, length - pos, &frag.header) != PDU_OK
            || frag.header.frag_length > length - pos
            || pdu_decode(data + pos, frag.header.frag_length, &frag) != PDU_OK)
        {
            loop_fail("fragment %zu does not decode", count);
            return count;
        }
        flags = (count ? 0 : PDU_FLAG_FIRST_FRAG)
                | (stub_pos + frag.stub_length == pdu->stub_length ? PDU_FLAG_LAST_FRAG : 0);
        hint = frag.header.type == PDU_TYPE_REQUEST ? frag.u.request.alloc_hint : frag.u.response.alloc_hint;
        if ((frag.header.flags & (PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG)) != flags)
            loop_fail("fragment %zu: flags %#x", count, frag.header.flags);
        if ((frag.header.flags & ~(PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG))
            != (pdu->header.flags & ~(PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG)))
            loop_fail("fragment %zu: other flags %#x", count, frag.header.flags);
        if (frag.header.call_id != pdu->header.call_id)
            loop_fail("fragment %zu: call id %u", count, frag.header.call_id);
        if (hint != pdu->stub_length - stub_pos) loop_fail("fragment %zu: alloc_hint %u", count, hint);
        if (stub_pos + frag.stub_length > pdu->stub_length
            || (frag.stub_length && memcmp(frag.stub_data, pdu->stub_data + stub_pos, frag.stub_length)))
            loop_fail("fragment %zu: stub differs", count);
        if (!(flags & PDU_FLAG_LAST_FRAG) && frag.stub_length % 8)
            loop_fail("fragment %zu: %zu stub bytes, not a multiple of 8", count, frag.stub_length);
        stub_pos += frag.stub_length;
        pos += frag.header.frag_length;
        pdu_release(&frag);
        count++;
    }
    if (stub_pos != pdu->stub_length) loop_fail("%zu of %zu stub bytes in the fragments", stub_pos, pdu->stub_length);
    return count;
}

/* ---- The reader's events ---- */

#define LOG_SIZE 32

struct event_log
{
    struct pdu_event events[LOG_SIZE];   /* a call's data stays here; a PDU's pointers are stale */
    unsigned int count;
    enum pdu_status answer;              /* what the callback returns */
};

static enum pdu_status log_event(void *context, const struct pdu_event *event)
{
    struct event_log *log = context;

    if (log->count < LOG_SIZE) log->events[log->count] = *event;
    else portable_free(event->call_data);
    log->count++;
    return log->answer;
}

static void log_clear(struct event_log *log)
{
    unsigned int i;

    for (i = 0; i < log->count && i < LOG_SIZE; i++) portable_free(log->events[i].call_data);
    log->count = 0;
}

static struct pdu_reader *new_side_reader(size_t max_frag, size_t max_call, unsigned int max_calls,
                                          enum pdu_reader_side side, struct event_log *log)
{
    struct pdu_reader_limits limits = { max_frag, max_call, max_calls, side };
    struct pdu_reader *reader = NULL;
    enum pdu_status status = pdu_reader_new(&limits, log_event, log, &reader);

    ok(status == PDU_OK && reader, "pdu_reader_new: %s\n", pdu_status_name(status));
    memset(log, 0, sizeof(*log));
    return reader;
}

static struct pdu_reader *new_reader(size_t max_frag, size_t max_call, unsigned int max_calls, struct event_log *log)
{
    return new_side_reader(max_frag, max_call, max_calls, PDU_READER_ANY_SIDE, log);
}

enum chunking { FEED_ALL, FEED_BYTES, FEED_RANDOM, FEED_CHUNKINGS };
static const char *const chunking_names[] = { "all at once", "1 byte at a time", "random chunks" };

/* Feeds data in the given chunking, each chunk copied into a block of exactly its size so the sanitizer
 * sees any read past it; *peak is the most memory the reader held between feeds. */
static enum pdu_status feed(struct pdu_reader *reader, const uint8_t *data, size_t length, enum chunking how,
                            size_t *peak)
{
    enum pdu_status status = PDU_OK;
    size_t pos = 0, n;
    uint8_t *chunk;

    if (peak) *peak = 0;
    while (pos < length && status == PDU_OK)
    {
        n = how == FEED_ALL ? length : how == FEED_BYTES ? 1 : 1 + next_random() % 9000;
        if (n > length - pos) n = length - pos;
        chunk = malloc(n);
        memcpy(chunk, data + pos, n);
        status = pdu_reader_feed(reader, chunk, n);
        free(chunk);
        pos += n;
        if (peak && pdu_reader_memory(reader) > *peak) *peak = pdu_reader_memory(reader);
    }
    return status;
}

/* Checks that event is the whole call pdu made of fragments fragments. */
static void check_call_event(const struct pdu_event *event, const struct pdu *pdu, size_t fragments, const char *what)
{
    uint8_t flags = pdu->header.flags | PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG;

    if (event->type != PDU_EVENT_CALL) loop_fail("%s: event type %d", what, event->type);
    else if (event->pdu.header.type != pdu->header.type || event->pdu.header.call_id != pdu->header.call_id)
        loop_fail("%s: type %u call id %u", what, event->pdu.header.type, event->pdu.header.call_id);
    else if (event->pdu.header.flags != flags) loop_fail("%s: flags %#x", what, event->pdu.header.flags);
    else if (event->fragments != fragments) loop_fail("%s: %zu fragments", what, event->fragments);
    else if (event->pdu.stub_length != pdu->stub_length || event->pdu.stub_data != event->call_data)
        loop_fail("%s: stub length %zu", what, event->pdu.stub_length);
    else if (pdu->stub_length && memcmp(event->call_data, pdu->stub_data, pdu->stub_length))
        loop_fail("%s: stub differs", what);
    else if (!pdu->stub_length && event->call_data) loop_fail("%s: data for an empty stub", what);
    else if (pdu->header.type == PDU_TYPE_REQUEST
             && (event->pdu.u.request.context_id != pdu->u.request.context_id
                 || event->pdu.u.request.opnum != pdu->u.request.opnum
                 || event->pdu.u.request.alloc_hint != pdu->stub_length
                 || memcmp(event->pdu.u.request.object, pdu->u.request.object, OBJECT_SIZE)))
        loop_fail("%s: request fields %u %u %u", what, event->pdu.u.request.context_id, event->pdu.u.request.opnum,
                  event->pdu.u.request.alloc_hint);
    else if (pdu->header.type == PDU_TYPE_RESPONSE
             && (event->pdu.u.response.context_id != pdu->u.response.context_id
                 || event->pdu.u.response.alloc_hint != pdu->stub_length))
        loop_fail("%s: response fields %u %u", what, event->pdu.u.response.context_id,
                  event->pdu.u.response.alloc_hint);
}

/* ---- Round trips ---- */

static void test_round_trips(void)
{
    static const size_t max_xmits[] = { 1432, 5840, 65535 };
    static const uint8_t types[] = { PDU_TYPE_REQUEST, PDU_TYPE_RESPONSE, PDU_TYPE_REQUEST /* object UUID */ };
    size_t sizes[6], expected, count, peak, chunk, header;
    unsigned int x, s, t, c, runs = 0;
    struct pdu_reader *reader;
    struct event_log log;
    struct stream st = { 0 };
    enum pdu_status status;
    char what[160];
    uint8_t *stub;
    struct pdu pdu;

    loop_begin();
    for (x = 0; x < sizeof(max_xmits) / sizeof(max_xmits[0]); x++)
    for (t = 0; t < sizeof(types); t++)
    {
        header = CALL_HEADER_SIZE + (t == 2 ? OBJECT_SIZE : 0);
        chunk = (max_xmits[x] - header) & ~(size_t)7;
        sizes[0] = 0; sizes[1] = 1; sizes[2] = chunk; sizes[3] = chunk + 1; sizes[4] = 3 * chunk; sizes[5] = MIB;
        for (s = 0; s < 6; s++)
        {
            stub = make_stub(sizes[s], s + t);
            init_call(&pdu, types[t], 0x1000 + s, stub, sizes[s]);
            if (t == 2)
            {
                pdu.header.flags |= PDU_FLAG_OBJECT_UUID;
                memset(pdu.u.request.object, 0xa5, OBJECT_SIZE);
            }
            expected = sizes[s] ? (sizes[s] + chunk - 1) / chunk : 1;
            st.length = 0;
            snprintf(what, sizeof(what), "type %u%s, %zu stub bytes, max_xmit_frag %zu", types[t],
                     t == 2 ? " with object" : "", sizes[s], max_xmits[x]);
            if ((status = fragment_call(&st, &pdu, max_xmits[x], 0, &count)) != PDU_OK || count != expected)
                loop_fail("%s: fragmenter %s, %zu fragments, expected %zu", what, pdu_status_name(status), count,
                          expected);
            else if (check_fragments(st.data, st.length, &pdu) != expected)
                loop_fail("%s: fragments do not decode", what);
            for (c = 0; c < FEED_CHUNKINGS; c++)
            {
                /* A megabyte one byte at a time once is enough. */
                if (c == FEED_BYTES && sizes[s] == MIB && (x != 1 || t)) continue;
                reader = new_reader(max_xmits[x], MIB, 1, &log);
                status = feed(reader, st.data, st.length, c, &peak);
                snprintf(what, sizeof(what), "type %u%s, %zu stub bytes, max_xmit_frag %zu, %s", types[t],
                         t == 2 ? " with object" : "", sizes[s], max_xmits[x], chunking_names[c]);
                if (status != PDU_OK || log.count != 1 || !pdu_reader_idle(reader))
                    loop_fail("%s: %s, %u events, idle %d", what, pdu_status_name(status), log.count,
                              pdu_reader_idle(reader));
                else check_call_event(&log.events[0], &pdu, expected, what);
                if (peak > MIB + (size_t)max_xmits[x]) loop_fail("%s: %zu bytes held", what, peak);
                log_clear(&log);
                pdu_reader_free(reader);
                runs++;
            }
            free(stub);
        }
    }
    ok(!loop_failures, "round trips: %u failures in %u runs, first: %s\n", loop_failures, runs, first_failure);
    stream_free(&st);
}

/* Every fragment carries the auth trailer, its padding included in the limit; the stub comes back without it. */
static void test_auth_trailer(void)
{
    static const uint8_t value[16] = "0123456789abcdef";
    uint8_t *stub = make_stub(10000, 4);
    struct pdu_reader *reader;
    struct stream st = { 0 };
    struct event_log log;
    enum pdu_status status;
    size_t count, pos = 0, sizes = 0;
    struct pdu pdu;

    init_call(&pdu, PDU_TYPE_REQUEST, 77, stub, 10000);
    pdu.auth.type = 10;
    pdu.auth.level = 6;
    pdu.auth.value = value;
    pdu.auth.length = sizeof(value);
    loop_begin();
    /* 1000 - 24 - 8 - 16 leaves 952 stub bytes, which would need 8 bytes of padding to align the trailer
     * to 16: 944 it is, and every fragment but the last is 24 + 944 + 8 + 16 = 992 bytes. */
    status = fragment_call(&st, &pdu, 1000, 0, &count);
    ok(status == PDU_OK && count == 11, "%s, %zu fragments\n", pdu_status_name(status), count);
    ok(check_fragments(st.data, st.length, &pdu) == count, "fragments do not decode\n");
    while (pos < st.length)
    {
        size_t frag_length = st.data[pos + 8] | st.data[pos + 9] << 8;
        if (frag_length == 992) sizes++;
        pos += frag_length;
    }
    ok(sizes == count - 1, "%zu fragments of 992 bytes\n", sizes);
    ok(!loop_failures, "%s\n", first_failure);

    reader = new_reader(1000, MIB, 1, &log);
    status = feed(reader, st.data, st.length, FEED_RANDOM, NULL);
    ok(status == PDU_OK && log.count == 1, "%s, %u events\n", pdu_status_name(status), log.count);
    if (log.count == 1)
    {
        check_call_event(&log.events[0], &pdu, count, "auth trailer");
        ok(!loop_failures, "%s\n", first_failure);
        ok(!log.events[0].pdu.auth.length && !log.events[0].pdu.auth.value, "auth %zu\n",
           log.events[0].pdu.auth.length);
    }
    log_clear(&log);
    pdu_reader_free(reader);
    stream_free(&st);
    free(stub);
}

/* Several calls and other PDUs in one stream, fed in every chunking: events come in stream order. */
static void test_many_in_one_stream(void)
{
    uint8_t *stub = make_stub(20000, 3);
    struct pdu calls[4];
    size_t counts[4], peak;
    struct pdu_reader *reader;
    struct stream st = { 0 };
    struct event_log log;
    unsigned int c;

    init_call(&calls[0], PDU_TYPE_REQUEST, 1, stub, 20000);
    init_call(&calls[1], PDU_TYPE_RESPONSE, 2, stub + 5, 7);
    init_call(&calls[2], PDU_TYPE_REQUEST, 3, NULL, 0);
    init_call(&calls[3], PDU_TYPE_RESPONSE, 4, stub + 1, 19999);
    calls[3].header.flags |= PDU_FLAG_DID_NOT_EXECUTE;
    fragment_call(&st, &calls[0], 1000, 0, &counts[0]);
    put_bodyless(&st, PDU_TYPE_CO_CANCEL, 1);
    fragment_call(&st, &calls[1], 1000, 0, &counts[1]);
    fragment_call(&st, &calls[2], 1000, 0, &counts[2]);
    put_bodyless(&st, PDU_TYPE_SHUTDOWN, 0);
    fragment_call(&st, &calls[3], 5840, 0, &counts[3]);
    ok(counts[0] == 21 && counts[1] == 1 && counts[2] == 1 && counts[3] == 4, "fragments %zu %zu %zu %zu\n",
       counts[0], counts[1], counts[2], counts[3]);

    for (c = 0; c < FEED_CHUNKINGS; c++)
    {
        loop_begin();
        reader = new_reader(5840, MIB, 1, &log);
        ok(feed(reader, st.data, st.length, c, &peak) == PDU_OK, "%s: feed failed\n", chunking_names[c]);
        ok(log.count == 6, "%s: %u events\n", chunking_names[c], log.count);
        if (log.count == 6)
        {
            check_call_event(&log.events[0], &calls[0], counts[0], "call 1");
            check_call_event(&log.events[2], &calls[1], counts[1], "call 2");
            check_call_event(&log.events[3], &calls[2], counts[2], "call 3");
            check_call_event(&log.events[5], &calls[3], counts[3], "call 4");
            ok(!loop_failures, "%s: %s\n", chunking_names[c], first_failure);
            ok(log.events[1].type == PDU_EVENT_PDU && log.events[1].pdu.header.type == PDU_TYPE_CO_CANCEL
               && log.events[1].pdu.header.call_id == 1 && !log.events[1].call_data && log.events[1].fragments == 1,
               "%s: event 1 type %d/%u\n", chunking_names[c], log.events[1].type, log.events[1].pdu.header.type);
            ok(log.events[4].type == PDU_EVENT_PDU && log.events[4].pdu.header.type == PDU_TYPE_SHUTDOWN,
               "%s: event 4 type %d/%u\n", chunking_names[c], log.events[4].type, log.events[4].pdu.header.type);
        }
        /* The stage holds at most one fragment; the call, its 20000 bytes (alloc_hint). */
        ok(peak <= 20000 + 5840, "%s: %zu bytes held\n", chunking_names[c], peak);
        ok(pdu_reader_idle(reader), "%s: not idle\n", chunking_names[c]);
        log_clear(&log);
        pdu_reader_free(reader);
    }

    /* A co_cancel between two fragments of a call leaves the call alone. */
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 9, 16, stub, 8);
    put_bodyless(&st, PDU_TYPE_CO_CANCEL, 9);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_LAST_FRAG | PDU_FLAG_PENDING_CANCEL, 9, 8, stub + 8, 8);
    reader = new_reader(5840, MIB, 1, &log);
    ok(feed(reader, st.data, st.length, FEED_ALL, NULL) == PDU_OK && log.count == 2, "%u events\n", log.count);
    if (log.count == 2)
    {
        ok(log.events[0].pdu.header.type == PDU_TYPE_CO_CANCEL, "event 0 type %u\n", log.events[0].pdu.header.type);
        ok(log.events[1].type == PDU_EVENT_CALL && log.events[1].pdu.stub_length == 16
           && !memcmp(log.events[1].call_data, stub, 16) && log.events[1].fragments == 2,
           "call: type %d, %zu bytes\n", log.events[1].type, log.events[1].pdu.stub_length);
        /* The flag came with the last fragment only; the call carries it. */
        ok(log.events[1].pdu.header.flags == (PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG | PDU_FLAG_PENDING_CANCEL),
           "flags %#x\n", log.events[1].pdu.header.flags);
        ok(log.events[1].pdu.u.request.alloc_hint == 16, "alloc_hint %u\n", log.events[1].pdu.u.request.alloc_hint);
    }
    log_clear(&log);
    pdu_reader_free(reader);
    stream_free(&st);
    free(stub);
}

/* Converts the little-endian fragments of requests in data to big-endian integer representation. */
static void to_big_endian(uint8_t *data, size_t length)
{
    static const uint8_t swaps[][2] = { { 8, 2 }, { 10, 2 }, { 12, 4 }, { 16, 4 }, { 20, 2 }, { 22, 2 } };
    size_t pos = 0, frag_length, i;
    uint8_t tmp;

    while (pos < length)
    {
        frag_length = data[pos + 8] | data[pos + 9] << 8;
        data[pos + 4] &= 0x0f;
        for (i = 0; i < sizeof(swaps) / sizeof(swaps[0]); i++)
        {
            uint8_t *p = data + pos + swaps[i][0];
            if (swaps[i][1] == 2) { tmp = p[0]; p[0] = p[1]; p[1] = tmp; }
            else { tmp = p[0]; p[0] = p[3]; p[3] = tmp; tmp = p[1]; p[1] = p[2]; p[2] = tmp; }
        }
        pos += frag_length;
    }
}

/* A big-endian peer's fragmented request reassembles with its fields in host order. */
static void test_big_endian(void)
{
    uint8_t *stub = make_stub(3000, 9);
    struct pdu_reader *reader;
    struct stream st = { 0 };
    struct event_log log;
    struct pdu pdu;
    size_t count;

    init_call(&pdu, PDU_TYPE_REQUEST, 0x01020304, stub, 3000);
    pdu.u.request.context_id = 0x0102;
    pdu.u.request.opnum = 0x0304;
    fragment_call(&st, &pdu, 1024, 0, &count);
    to_big_endian(st.data, st.length);
    reader = new_reader(1024, MIB, 1, &log);
    ok(feed(reader, st.data, st.length, FEED_RANDOM, NULL) == PDU_OK && log.count == 1, "%u events\n", log.count);
    if (log.count == 1)
    {
        loop_begin();
        check_call_event(&log.events[0], &pdu, count, "big endian");
        ok(!loop_failures, "%s\n", first_failure);
        ok(log.events[0].pdu.header.drep[0] == 0x00, "drep %#x\n", log.events[0].pdu.header.drep[0]);
    }
    log_clear(&log);
    pdu_reader_free(reader);
    stream_free(&st);
    free(stub);
}

/* Fragments of two calls interleave when max_calls allows it (concurrent multiplexing). */
static void test_interleaved(void)
{
    uint8_t *stub = make_stub(64, 1);
    struct pdu_reader *reader;
    struct stream st = { 0 };
    struct event_log log;
    enum pdu_status status;

    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 1, 24, stub, 8);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 2, 16, stub + 32, 8);
    put_fragment(&st, PDU_TYPE_REQUEST, 0, 1, 16, stub + 8, 8);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_LAST_FRAG, 2, 8, stub + 40, 8);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_LAST_FRAG, 1, 8, stub + 16, 8);
    reader = new_reader(5840, MIB, 2, &log);
    status = feed(reader, st.data, st.length, FEED_BYTES, NULL);
    ok(status == PDU_OK && log.count == 2, "%s, %u events\n", pdu_status_name(status), log.count);
    if (log.count == 2)
    {
        ok(log.events[0].pdu.header.call_id == 2 && log.events[0].pdu.stub_length == 16
           && !memcmp(log.events[0].call_data, stub + 32, 16), "first call %u\n", log.events[0].pdu.header.call_id);
        ok(log.events[1].pdu.header.call_id == 1 && log.events[1].pdu.stub_length == 24
           && !memcmp(log.events[1].call_data, stub, 24), "second call %u\n", log.events[1].pdu.header.call_id);
    }
    ok(pdu_reader_idle(reader), "not idle\n");
    log_clear(&log);

    /* A third call while two are in progress. */
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 5, 16, stub, 8);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 6, 16, stub, 8);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 7, 8, stub, 8);
    status = feed(reader, st.data, st.length, FEED_ALL, NULL);
    ok(status == PDU_E_CALL_ID && !log.count, "%s, %u events\n", pdu_status_name(status), log.count);
    pdu_reader_free(reader);

    /* The limit rises once CONC_MPX is negotiated. */
    reader = new_reader(5840, MIB, 1, &log);
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 5, 16, stub, 8);
    ok(feed(reader, st.data, st.length, FEED_ALL, NULL) == PDU_OK, "first call refused\n");
    pdu_reader_set_limits(reader, &(struct pdu_reader_limits){ 5840, MIB, 2, PDU_READER_ANY_SIDE });
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 6, 8, stub, 8);
    status = feed(reader, st.data, st.length, FEED_ALL, NULL);
    ok(status == PDU_OK && log.count == 1, "%s, %u events\n", pdu_status_name(status), log.count);
    ok(!pdu_reader_idle(reader), "call 5 lost\n");
    log_clear(&log);
    pdu_reader_free(reader);
    stream_free(&st);
    free(stub);
}

/* ---- Guards ---- */

struct guard_case
{
    const char *name;
    enum pdu_status status;           /* of the feed */
    unsigned int events;              /* handed up before the failure */
};

/* Feeds st in every chunking and checks the status, the events before it, and the poisoning. */
static void check_side_guard(const struct guard_case *g, const struct stream *st, size_t max_frag, size_t max_call,
                             unsigned int max_calls, enum pdu_reader_side side)
{
    uint8_t shutdown[PDU_HEADER_SIZE];
    struct stream valid = { 0 };
    struct pdu_reader *reader;
    struct event_log log;
    enum pdu_status status;
    unsigned int c;

    put_bodyless(&valid, PDU_TYPE_SHUTDOWN, 0);
    memcpy(shutdown, valid.data, sizeof(shutdown));
    stream_free(&valid);
    for (c = 0; c < FEED_CHUNKINGS; c++)
    {
        reader = new_side_reader(max_frag, max_call, max_calls, side, &log);
        status = feed(reader, st->data, st->length, c, NULL);
        ok(status == g->status, "%s, %s: %s\n", g->name, chunking_names[c], pdu_status_name(status));
        ok(log.count == g->events, "%s, %s: %u events\n", g->name, chunking_names[c], log.count);
        if (g->status != PDU_OK)
        {
            /* Poisoned: even a valid PDU gets the same answer, and nothing is held any more. */
            status = pdu_reader_feed(reader, shutdown, sizeof(shutdown));
            ok(status == g->status && log.count == g->events, "%s, %s: then %s, %u events\n", g->name,
               chunking_names[c], pdu_status_name(status), log.count);
            ok(!pdu_reader_memory(reader), "%s, %s: %zu bytes held\n", g->name, chunking_names[c],
               pdu_reader_memory(reader));
        }
        else ok(pdu_reader_idle(reader), "%s, %s: not idle\n", g->name, chunking_names[c]);
        log_clear(&log);
        pdu_reader_free(reader);
    }
}

static void check_guard(const struct guard_case *g, const struct stream *st, size_t max_frag, size_t max_call,
                        unsigned int max_calls)
{
    check_side_guard(g, st, max_frag, max_call, max_calls, PDU_READER_ANY_SIDE);
}

static void test_guards(void)
{
    uint8_t stub[64] = { 1, 2, 3 };
    struct guard_case g;
    struct stream st = { 0 };
    struct pdu pdu;
    size_t first_length;

    /* A fragment longer than max_frag, refused on its header before its body is buffered. */
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 1, 41, stub, 41);
    g = (struct guard_case){ "over max_frag", PDU_E_FRAG_LENGTH, 0 };
    check_guard(&g, &st, 64, MIB, 1);
    st.length = PDU_HEADER_SIZE;
    check_guard(&g, &st, 64, MIB, 1);
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 1, 40, stub, 40);
    g = (struct guard_case){ "exactly max_frag", PDU_OK, 1 };
    check_guard(&g, &st, 64, MIB, 1);

    /* A type the other side does not send. */
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 1, 8, stub, 8);
    put_fragment(&st, PDU_TYPE_RESPONSE, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 2, 8, stub, 8);
    g = (struct guard_case){ "response to a server", PDU_E_DIRECTION, 1 };
    check_side_guard(&g, &st, 5840, MIB, 1, PDU_READER_SERVER);
    st.length = 0;
    put_fragment(&st, PDU_TYPE_RESPONSE, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 1, 8, stub, 8);
    put_bodyless(&st, PDU_TYPE_SHUTDOWN, 0);
    put_bodyless(&st, PDU_TYPE_ORPHANED, 1);
    g = (struct guard_case){ "orphaned to a client", PDU_E_DIRECTION, 2 };
    check_side_guard(&g, &st, 5840, MIB, 1, PDU_READER_CLIENT);

    /* A header that does not decode: its status comes through. */
    st.length = 0;
    put_bodyless(&st, PDU_TYPE_SHUTDOWN, 0);
    st.data[0] = 4;
    g = (struct guard_case){ "version 4", PDU_E_VERSION, 0 };
    check_guard(&g, &st, 5840, MIB, 1);
    /* A frag_length shorter than the header. */
    st.data[0] = 5;
    st.data[8] = 15;
    g = (struct guard_case){ "frag_length 15", PDU_E_FRAG_LENGTH, 0 };
    check_guard(&g, &st, 5840, MIB, 1);
    st.data[8] = 0;
    g = (struct guard_case){ "frag_length 0", PDU_E_ZERO_LENGTH, 0 };
    check_guard(&g, &st, 5840, MIB, 1);

    /* The call id changes inside a call. */
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 1, 16, stub, 8);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_LAST_FRAG, 2, 8, stub, 8);
    g = (struct guard_case){ "call id changes", PDU_E_CALL_ID, 0 };
    check_guard(&g, &st, 5840, MIB, 1);
    g.name = "call id changes, multiplexed";
    check_guard(&g, &st, 5840, MIB, 4);
    /* A new call begins while one is in progress and multiplexing is off. */
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 1, 16, stub, 8);
    put_fragment(&st, PDU_TYPE_RESPONSE, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 2, 8, stub, 8);
    g = (struct guard_case){ "second call", PDU_E_CALL_ID, 0 };
    check_guard(&g, &st, 5840, MIB, 1);

    /* A continuation without a first fragment; a first fragment in the middle of a call. */
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 1, 8, stub, 8);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_LAST_FRAG, 2, 8, stub, 8);
    g = (struct guard_case){ "continuation without first", PDU_E_FRAGMENT_ORDER, 1 };
    check_guard(&g, &st, 5840, MIB, 1);
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, 0, 2, 8, stub, 8);
    g = (struct guard_case){ "middle without first", PDU_E_FRAGMENT_ORDER, 0 };
    check_guard(&g, &st, 5840, MIB, 1);
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 3, 24, stub, 8);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 3, 16, stub, 8);
    g = (struct guard_case){ "first in the middle", PDU_E_FRAGMENT_ORDER, 0 };
    check_guard(&g, &st, 5840, MIB, 1);

    /* Fragments that disagree with their first fragment. */
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 3, 16, stub, 8);
    put_fragment(&st, PDU_TYPE_RESPONSE, PDU_FLAG_LAST_FRAG, 3, 8, stub, 8);
    g = (struct guard_case){ "type changes", PDU_E_TYPE, 0 };
    check_guard(&g, &st, 5840, MIB, 1);
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 3, 16, stub, 8);
    first_length = st.length;
    init_call(&pdu, PDU_TYPE_REQUEST, 3, stub, 8);
    pdu.header.flags = PDU_FLAG_LAST_FRAG;
    pdu.u.request.opnum = 8;
    put_pdu(&st, &pdu);
    g = (struct guard_case){ "opnum changes", PDU_E_MALFORMED, 0 };
    check_guard(&g, &st, 5840, MIB, 1);
    st.length = first_length;
    pdu.u.request.opnum = 7;
    pdu.u.request.context_id = 2;
    put_pdu(&st, &pdu);
    g = (struct guard_case){ "context changes", PDU_E_MALFORMED, 0 };
    check_guard(&g, &st, 5840, MIB, 1);
    st.length = first_length;
    pdu.u.request.context_id = 1;
    put_pdu(&st, &pdu);
    st.data[first_length + 5] = 1;   /* VAX floating point in the second fragment's data representation */
    g = (struct guard_case){ "drep changes", PDU_E_MALFORMED, 0 };
    check_guard(&g, &st, 5840, MIB, 1);
    st.length = 0;
    put_fragment(&st, PDU_TYPE_RESPONSE, PDU_FLAG_FIRST_FRAG, 3, 16, stub, 8);
    init_call(&pdu, PDU_TYPE_RESPONSE, 3, stub, 8);
    pdu.header.flags = PDU_FLAG_LAST_FRAG;
    pdu.u.response.context_id = 9;
    put_pdu(&st, &pdu);
    g = (struct guard_case){ "response context changes", PDU_E_MALFORMED, 0 };
    check_guard(&g, &st, 5840, MIB, 1);

    /* Fragments of a multi-fragment call without stub data. */
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 3, 16, stub, 8);
    put_fragment(&st, PDU_TYPE_REQUEST, 0, 3, 8, NULL, 0);
    g = (struct guard_case){ "empty middle fragment", PDU_E_FRAG_LENGTH, 0 };
    check_guard(&g, &st, 5840, MIB, 1);
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 3, 16, stub, 8);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_LAST_FRAG, 3, 8, NULL, 0);
    g = (struct guard_case){ "empty last fragment", PDU_E_FRAG_LENGTH, 0 };
    check_guard(&g, &st, 5840, MIB, 1);
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 3, 0, NULL, 0);
    g = (struct guard_case){ "empty first fragment", PDU_E_FRAG_LENGTH, 0 };
    check_guard(&g, &st, 5840, MIB, 1);
    st.length = 0;
    put_fragment(&st, PDU_TYPE_RESPONSE, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 3, 0, NULL, 0);
    g = (struct guard_case){ "empty single fragment", PDU_OK, 1 };
    check_guard(&g, &st, 5840, MIB, 1);

    /* Calls over max_call, refused before anything is allocated for them. */
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 3, 33, stub, 33);
    g = (struct guard_case){ "single fragment over max_call", PDU_E_TOO_BIG, 0 };
    check_guard(&g, &st, 5840, 32, 1);
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 3, 32, stub, 32);
    g = (struct guard_case){ "single fragment of max_call", PDU_OK, 1 };
    check_guard(&g, &st, 5840, 32, 1);
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 3, 40, stub, 16);
    put_fragment(&st, PDU_TYPE_REQUEST, 0, 3, 24, stub, 16);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_LAST_FRAG, 3, 8, stub, 8);
    g = (struct guard_case){ "fragments over max_call", PDU_E_TOO_BIG, 0 };
    check_guard(&g, &st, 5840, 39, 1);
    g = (struct guard_case){ "fragments of max_call", PDU_OK, 1 };
    check_guard(&g, &st, 5840, 40, 1);
    stream_free(&st);
}

/* A fault or orphaned PDU ends the partial call it names; other calls go on. */
static void test_call_ended(void)
{
    static const uint8_t enders[] = { PDU_TYPE_ORPHANED, PDU_TYPE_FAULT };
    uint8_t stub[16] = { 0 };
    struct pdu_reader *reader;
    struct stream st = { 0 };
    struct event_log log;
    enum pdu_status status;
    struct pdu pdu;
    unsigned int i;

    for (i = 0; i < sizeof(enders); i++)
    {
        reader = new_reader(5840, MIB, 2, &log);
        st.length = 0;
        put_fragment(&st, PDU_TYPE_RESPONSE, PDU_FLAG_FIRST_FRAG, 5, 16, stub, 8);
        put_fragment(&st, PDU_TYPE_RESPONSE, PDU_FLAG_FIRST_FRAG, 6, 16, stub, 8);
        if (enders[i] == PDU_TYPE_FAULT)
        {
            init_call(&pdu, PDU_TYPE_RESPONSE, 5, NULL, 0);
            pdu.header.type = PDU_TYPE_FAULT;
            memset(&pdu.u, 0, sizeof(pdu.u));
            pdu.u.fault.status = PDU_NCA_S_FAULT_CANCEL;
            put_pdu(&st, &pdu);
        }
        else put_bodyless(&st, PDU_TYPE_ORPHANED, 5);
        status = feed(reader, st.data, st.length, FEED_RANDOM, NULL);
        ok(status == PDU_OK && log.count == 1 && log.events[0].pdu.header.type == enders[i],
           "type %u: %s, %u events\n", enders[i], pdu_status_name(status), log.count);
        ok(!pdu_reader_idle(reader), "type %u: call 6 dropped too\n", enders[i]);
        st.length = 0;
        put_fragment(&st, PDU_TYPE_RESPONSE, PDU_FLAG_LAST_FRAG, 6, 8, stub, 8);
        status = feed(reader, st.data, st.length, FEED_ALL, NULL);
        ok(status == PDU_OK && log.count == 2 && pdu_reader_idle(reader), "type %u: call 6: %s, %u events\n",
           enders[i], pdu_status_name(status), log.count);
        st.length = 0;
        put_fragment(&st, PDU_TYPE_RESPONSE, PDU_FLAG_LAST_FRAG, 5, 8, stub, 8);
        status = feed(reader, st.data, st.length, FEED_ALL, NULL);
        ok(status == PDU_E_FRAGMENT_ORDER, "type %u: rest of call 5: %s\n", enders[i], pdu_status_name(status));
        log_clear(&log);
        pdu_reader_free(reader);
    }
    stream_free(&st);
}

/* The callback's status stops the feed and poisons the reader; the call's data is the callback's anyway. */
static void test_callback_refuses(void)
{
    uint8_t stub[8] = { 0 };
    struct pdu_reader *reader;
    struct stream st = { 0 };
    struct event_log log;
    enum pdu_status status;
    long live = portable_alloc_live();

    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 1, 8, stub, 8);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 2, 8, stub, 8);
    reader = new_reader(5840, MIB, 1, &log);
    log.answer = PDU_E_TOO_BIG;
    status = feed(reader, st.data, st.length, FEED_ALL, NULL);
    ok(status == PDU_E_TOO_BIG && log.count == 1, "%s, %u events\n", pdu_status_name(status), log.count);
    log.answer = PDU_OK;
    status = feed(reader, st.data, st.length, FEED_ALL, NULL);
    ok(status == PDU_E_TOO_BIG && log.count == 1, "then %s, %u events\n", pdu_status_name(status), log.count);
    log_clear(&log);
    pdu_reader_free(reader);
    ok(portable_alloc_live() == live, "%ld blocks leaked\n", portable_alloc_live() - live);
    stream_free(&st);
}

/* alloc_hint sizes only a capped first reservation; memory never exceeds the limits. */
static void test_alloc_hint(void)
{
    uint8_t stub[64] = { 0 };
    struct pdu_reader *reader;
    struct stream st = { 0 };
    struct event_log log;
    enum pdu_status status;

    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 1, 0xffffffff, stub, 64);
    reader = new_reader(5840, (size_t)1 << 30, 1, &log);
    status = feed(reader, st.data, st.length, FEED_ALL, NULL);
    ok(status == PDU_OK && pdu_reader_memory(reader) == PDU_READER_HINT_CAP, "%s, %zu bytes held\n",
       pdu_status_name(status), pdu_reader_memory(reader));
    pdu_reader_free(reader);
    reader = new_reader(5840, 1000, 1, &log);
    status = feed(reader, st.data, st.length, FEED_ALL, NULL);
    ok(status == PDU_OK && pdu_reader_memory(reader) == 1000, "%s, %zu bytes held\n", pdu_status_name(status),
       pdu_reader_memory(reader));
    pdu_reader_free(reader);

    /* A lying alloc_hint of 0: the buffer grows by doubling, never past max_call. */
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 1, 0, stub, 64);
    put_fragment(&st, PDU_TYPE_REQUEST, 0, 1, 0, stub, 64);
    put_fragment(&st, PDU_TYPE_REQUEST, 0, 1, 0, stub, 64);
    reader = new_reader(5840, 150, 1, &log);
    status = feed(reader, st.data, st.length, FEED_ALL, NULL);
    ok(status == PDU_E_TOO_BIG, "%s\n", pdu_status_name(status));
    pdu_reader_free(reader);
    reader = new_reader(5840, 192, 1, &log);
    status = feed(reader, st.data, st.length, FEED_ALL, NULL);
    ok(status == PDU_OK && pdu_reader_memory(reader) == 192, "%s, %zu bytes held\n", pdu_status_name(status),
       pdu_reader_memory(reader));
    st.length = 0;
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_LAST_FRAG, 1, 0, stub, 1);
    status = feed(reader, st.data, st.length, FEED_ALL, NULL);
    ok(status == PDU_E_TOO_BIG && !pdu_reader_memory(reader), "%s, %zu bytes held\n", pdu_status_name(status),
       pdu_reader_memory(reader));
    pdu_reader_free(reader);
    stream_free(&st);
}

/* A partial fragment leaves the reader busy; the stream's end is clean only between fragments. */
static void test_idle(void)
{
    uint8_t stub[8] = { 0 };
    struct pdu_reader *reader;
    struct stream st = { 0 };
    struct event_log log;
    size_t i;
    unsigned int busy = 0;

    put_fragment(&st, PDU_TYPE_RESPONSE, PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG, 1, 8, stub, 8);
    reader = new_reader(5840, MIB, 1, &log);
    ok(pdu_reader_idle(reader) && !pdu_reader_memory(reader), "new reader busy\n");
    for (i = 0; i + 1 < st.length; i++)
    {
        pdu_reader_feed(reader, st.data + i, 1);
        if (!pdu_reader_idle(reader)) busy++;
    }
    ok(busy == st.length - 1 && !log.count, "busy after %u of %zu bytes, %u events\n", busy, st.length - 1, log.count);
    ok(pdu_reader_feed(reader, st.data + i, 1) == PDU_OK && log.count == 1 && pdu_reader_idle(reader),
       "%u events\n", log.count);
    ok(pdu_reader_feed(reader, NULL, 0) == PDU_OK, "empty feed\n");
    log_clear(&log);
    pdu_reader_free(reader);
    pdu_reader_free(NULL);
    stream_free(&st);
}

/* ---- Fragmenter guards ---- */

static void test_fragmenter(void)
{
    uint8_t stub[100], buf[200];
    struct pdu_fragmenter f;
    enum pdu_status status;
    struct stream st = { 0 };
    size_t written, count;
    struct pdu pdu;

    memset(stub, 0x33, sizeof(stub));
    init_call(&pdu, PDU_TYPE_REQUEST, 1, stub, sizeof(stub));
    pdu.header.type = PDU_TYPE_BIND;
    ok(pdu_fragmenter_init(&f, &pdu, 5840, 0) == PDU_E_TYPE, "bind accepted\n");
    status = pdu_fragmenter_next(&f, buf, sizeof(buf), &written);
    ok(pdu_fragmenter_done(&f) && !pdu_fragmenter_next_size(&f) && status == PDU_E_FRAGMENT_ORDER && !written,
       "after a failed init: %s, %zu bytes\n", pdu_status_name(status), written);
    pdu.header.type = PDU_TYPE_FAULT;
    ok(pdu_fragmenter_init(&f, &pdu, 5840, 0) == PDU_E_TYPE, "fault accepted\n");
    pdu.header.type = PDU_TYPE_REQUEST;

    /* Room for the header and 8 stub bytes at least. */
    status = pdu_fragmenter_init(&f, &pdu, CALL_HEADER_SIZE + 7, 0);
    ok(status == PDU_E_FRAG_LENGTH, "%s\n", pdu_status_name(status));
    status = pdu_fragmenter_init(&f, &pdu, CALL_HEADER_SIZE + 15, 0);
    ok(status == PDU_OK, "%s\n", pdu_status_name(status));
    status = pdu_fragmenter_init(&f, &pdu, 100, 100 - CALL_HEADER_SIZE - 7);
    ok(status == PDU_E_FRAG_LENGTH, "reserve: %s\n", pdu_status_name(status));
    status = pdu_fragmenter_init(&f, &pdu, 100, 101);
    ok(status == PDU_E_FRAG_LENGTH, "reserve over max: %s\n", pdu_status_name(status));
    pdu.stub_length = 0;
    status = pdu_fragmenter_init(&f, &pdu, CALL_HEADER_SIZE, 0);
    ok(status == PDU_OK && pdu_fragmenter_next_size(&f) == CALL_HEADER_SIZE, "empty stub: %s, %zu bytes\n",
       pdu_status_name(status), pdu_fragmenter_next_size(&f));
    status = pdu_fragmenter_init(&f, &pdu, CALL_HEADER_SIZE - 1, 0);
    ok(status == PDU_E_FRAG_LENGTH, "empty stub, no room: %s\n", pdu_status_name(status));
    pdu.stub_length = sizeof(stub);

    /* Each fragment leaves the reserved bytes free: 100 - 24 - 20 leaves 56 stub bytes per fragment. */
    loop_begin();
    status = fragment_call(&st, &pdu, 100, 20, &count);
    ok(status == PDU_OK && count == 2, "%s, %zu fragments\n", pdu_status_name(status), count);
    ok(check_fragments(st.data, st.length, &pdu) == 2 && st.length == 2 * CALL_HEADER_SIZE + sizeof(stub),
       "%zu bytes\n", st.length);
    ok(!loop_failures, "%s\n", first_failure);

    /* A buffer too small consumes nothing; once done, nothing more comes. */
    pdu_fragmenter_init(&f, &pdu, 5840, 0);
    status = pdu_fragmenter_next(&f, buf, CALL_HEADER_SIZE + sizeof(stub) - 1, &written);
    ok(status == PDU_E_BUFFER_TOO_SMALL && !pdu_fragmenter_done(&f), "%s\n", pdu_status_name(status));
    status = pdu_fragmenter_next(&f, buf, sizeof(buf), &written);
    ok(status == PDU_OK && written == CALL_HEADER_SIZE + sizeof(stub) && pdu_fragmenter_done(&f),
       "%s, %zu bytes\n", pdu_status_name(status), written);
    ok(buf[3] == (PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG), "flags %#x\n", buf[3]);
    status = pdu_fragmenter_next(&f, buf, sizeof(buf), &written);
    ok(status == PDU_E_FRAGMENT_ORDER && !written, "after the last: %s, %zu bytes\n", pdu_status_name(status), written);

    /* max_xmit_frag beyond what frag_length can carry means the largest fragment; the first fragment's
     * stub is the largest multiple of 8 that fits: 65535 - 24 = 65511 -> 65504. The stub is not read. */
    pdu.stub_length = 0xffffffff;
    status = pdu_fragmenter_init(&f, &pdu, (size_t)1 << 20, 0);
    ok(status == PDU_OK && pdu_fragmenter_next_size(&f) == CALL_HEADER_SIZE + 65504, "%s, next size %zu\n",
       pdu_status_name(status), pdu_fragmenter_next_size(&f));
    status = pdu_fragmenter_init(&f, &pdu, 5840, 0);
    ok(status == PDU_OK && pdu_fragmenter_next_size(&f) == 5840, "%s, next size %zu\n", pdu_status_name(status),
       pdu_fragmenter_next_size(&f));
    if (sizeof(size_t) > 4)
    {
        pdu.stub_length = (size_t)-1 >> 1;
        status = pdu_fragmenter_init(&f, &pdu, 5840, 0);
        ok(status == PDU_E_TOO_BIG, "stub over 4 GiB: %s\n", pdu_status_name(status));
    }
    stream_free(&st);
}

/* ---- Allocation failures: fail the i-th allocation for every i ---- */

static void test_allocation_failures(void)
{
    uint8_t *stub = make_stub(3000, 5);
    struct pdu_reader_limits limits = { 1024, MIB, 2, PDU_READER_SERVER };
    struct pdu_reader *reader;
    struct stream st = { 0 };
    struct event_log log;
    enum pdu_status status;
    long i, live, calls;
    unsigned int leaks = 0, wrong = 0, completed = 0;
    size_t count, pos, n;
    struct pdu pdu;

    /* A call whose alloc_hint lies (the buffer grows), a call fragmented honestly, other PDUs, two
     * interleaved calls; fed in chunks that split fragments, so the stage is used too. */
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 1, 0, stub, 800);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_FIRST_FRAG, 2, 0, stub, 8);
    put_fragment(&st, PDU_TYPE_REQUEST, 0, 1, 0, stub + 800, 800);
    put_bodyless(&st, PDU_TYPE_CO_CANCEL, 1);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_LAST_FRAG, 1, 0, stub + 1600, 900);
    put_fragment(&st, PDU_TYPE_REQUEST, PDU_FLAG_LAST_FRAG, 2, 0, stub, 8);
    init_call(&pdu, PDU_TYPE_REQUEST, 3, stub, 3000);
    fragment_call(&st, &pdu, 1024, 0, &count);
    put_bodyless(&st, PDU_TYPE_ORPHANED, 99);

    for (i = 0; ; i++)
    {
        live = portable_alloc_live();
        calls = portable_alloc_calls();
        portable_alloc_fail_at(i);
        status = pdu_reader_new(&limits, log_event, &log, &reader);
        memset(&log, 0, sizeof(log));
        for (pos = 0; status == PDU_OK && pos < st.length; pos += n)
        {
            n = st.length - pos < 700 ? st.length - pos : 700;
            status = pdu_reader_feed(reader, st.data + pos, n);
        }
        portable_alloc_fail_at(-1);
        if (status == PDU_OK && (log.count != 5 || !pdu_reader_idle(reader))) wrong++;
        if (status != PDU_OK && status != PDU_E_NO_MEMORY) wrong++;
        if (status == PDU_E_NO_MEMORY && !reader && i) wrong++;
        log_clear(&log);
        pdu_reader_free(reader);
        if (portable_alloc_live() != live) leaks++;
        if (portable_alloc_calls() - calls <= i)
        {
            /* The failure point lay beyond the run's last allocation: it ran to the end. */
            completed = status == PDU_OK;
            break;
        }
    }
    ok(!wrong && !leaks && completed, "%ld allocations: %u wrong statuses, %u leaks, completed %u\n", i, wrong,
       leaks, completed);
    ok(i >= 6, "only %ld allocations\n", i);
    stream_free(&st);
    free(stub);
}

START_TEST(pdu_stream)
{
    test_fragmenter();
    test_round_trips();
    test_auth_trailer();
    test_many_in_one_stream();
    test_big_endian();
    test_interleaved();
    test_guards();
    test_call_ended();
    test_callback_refuses();
    test_alloc_hint();
    test_idle();
    test_allocation_failures();
}
