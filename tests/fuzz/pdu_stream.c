/* pdu_stream.c: libFuzzer target: the reassembler fed in fuzzer-chosen chunks must agree with itself fed all at
 * once, and every call it reassembles must come back the same through fragmenting and reassembling again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pdu_stream.h"
#include "portable_alloc.h"

/* The input: four control bytes, then the byte stream.
 *   [0] seed of the chunk sizes, [1] largest chunk (0: everything at once),
 *   [2] max_calls (low 2 bits + 1) and side (the rest, mod 3),
 *   [3] max_xmit_frag of the second fragmenting: 64 + 4 * value. */
#define CONTROL_SIZE 4
#define MAX_FRAG 2048
#define MAX_CALL 8192
#define MAX_EVENTS 512

/* What an event said, enough to compare two runs. */
struct digest
{
    int type;
    struct pdu_header header;
    size_t stub_length;
    uint32_t stub_hash;
};

struct run
{
    struct digest events[MAX_EVENTS];
    unsigned int count;
    size_t max_xmit;                     /* of the second fragmenting; 0 in the inner reader */
    struct pdu_event call;               /* inner reader: the one call, data taken over */
    unsigned int calls;
};

static uint32_t hash(const uint8_t *data, size_t length)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < length; i++) h = (h ^ data[i]) * 16777619u;
    return h;
}

static int same_digest(const struct digest *a, const struct digest *b)
{
    return a->type == b->type && !memcmp(&a->header, &b->header, sizeof(a->header))
           && a->stub_length == b->stub_length && a->stub_hash == b->stub_hash;
}

static enum pdu_status keep_call(void *context, const struct pdu_event *event)
{
    struct run *inner = context;

    if (event->type != PDU_EVENT_CALL || inner->calls++) abort();
    inner->call = *event;
    return PDU_OK;
}

/* Fragments the call at max_xmit, reassembles the fragments, and aborts unless the same call comes back. */
static void round_trip(const struct pdu_event *event, size_t max_xmit)
{
    struct pdu_reader_limits limits = { max_xmit, MAX_CALL, 1, PDU_READER_ANY_SIDE };
    const struct pdu *a = &event->pdu, *b;
    struct pdu_fragmenter f;
    struct pdu_reader *reader;
    struct run *inner = calloc(1, sizeof(*inner));
    size_t length = 0, written, next;
    uint8_t *stream = NULL;

    if (pdu_fragmenter_init(&f, a, max_xmit, 0) != PDU_OK) abort();
    while (!pdu_fragmenter_done(&f))
    {
        next = pdu_fragmenter_next_size(&f);
        if (!next || next > max_xmit) abort();
        stream = realloc(stream, length + next);
        if (pdu_fragmenter_next(&f, stream + length, next, &written) != PDU_OK || written != next) abort();
        length += written;
    }
    if (pdu_reader_new(&limits, keep_call, inner, &reader) != PDU_OK) abort();
    if (pdu_reader_feed(reader, stream, length) != PDU_OK || inner->calls != 1 || !pdu_reader_idle(reader)) abort();
    b = &inner->call.pdu;
    /* Our output is always little endian, and alloc_hint is now the truth; everything else is kept. */
    if (b->header.type != a->header.type || b->header.flags != a->header.flags
        || b->header.call_id != a->header.call_id || b->stub_length != a->stub_length
        || (a->stub_length && memcmp(b->stub_data, a->stub_data, a->stub_length)))
        abort();
    if (a->header.type == PDU_TYPE_REQUEST
        && (b->u.request.context_id != a->u.request.context_id || b->u.request.opnum != a->u.request.opnum
            || b->u.request.alloc_hint != a->stub_length
            || ((a->header.flags & PDU_FLAG_OBJECT_UUID) && memcmp(b->u.request.object, a->u.request.object, 16))))
        abort();
    if (a->header.type == PDU_TYPE_RESPONSE
        && (b->u.response.context_id != a->u.response.context_id
            || b->u.response.cancel_count != a->u.response.cancel_count || b->u.response.alloc_hint != a->stub_length))
        abort();
    portable_free(inner->call.call_data);
    pdu_reader_free(reader);
    free(stream);
    free(inner);
}

static enum pdu_status record(void *context, const struct pdu_event *event)
{
    struct run *run = context;
    struct digest *d;

    /* Only calls carry data the reader made; a PDU's stub (a fault's) is the input's own bytes. */
    if (run->count < MAX_EVENTS)
    {
        d = &run->events[run->count];
        d->type = event->type;
        d->header = event->pdu.header;
        d->stub_length = event->pdu.stub_length;
        d->stub_hash = hash(event->pdu.stub_data, event->pdu.stub_length);
    }
    run->count++;
    if (event->type == PDU_EVENT_CALL)
    {
        if (event->pdu.stub_length > MAX_CALL || event->pdu.stub_data != event->call_data
            || !event->pdu.stub_length != !event->call_data)
            abort();
        if (run->max_xmit) round_trip(event, run->max_xmit);
        portable_free(event->call_data);
    }
    return PDU_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pdu_reader_limits limits = { MAX_FRAG, MAX_CALL, 1, PDU_READER_ANY_SIDE };
    struct run *whole, *chunked;
    struct pdu_reader *reader;
    enum pdu_status status_whole, status_chunked = PDU_OK;
    uint32_t seed;
    size_t pos, n, max_chunk;
    uint8_t *chunk;
    unsigned int i;

    if (size < CONTROL_SIZE) return 0;
    seed = data[0] | 1u;
    max_chunk = data[1];
    limits.max_calls = 1 + (data[2] & 3);
    limits.side = (enum pdu_reader_side)((data[2] >> 2) % 3);
    whole = calloc(1, sizeof(*whole));
    chunked = calloc(1, sizeof(*chunked));
    whole->max_xmit = 64 + 4 * (size_t)data[3];
    data += CONTROL_SIZE;
    size -= CONTROL_SIZE;

    if (pdu_reader_new(&limits, record, whole, &reader) != PDU_OK) abort();
    status_whole = pdu_reader_feed(reader, data, size);
    if (pdu_reader_memory(reader) > (size_t)limits.max_calls * MAX_CALL + MAX_FRAG) abort();
    pdu_reader_free(reader);

    /* Each chunk in a block of its own size, so reading past it is caught. */
    if (pdu_reader_new(&limits, record, chunked, &reader) != PDU_OK) abort();
    for (pos = 0; pos < size && status_chunked == PDU_OK; pos += n)
    {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        n = max_chunk ? 1 + seed % max_chunk : size;
        if (n > size - pos) n = size - pos;
        chunk = malloc(n);
        memcpy(chunk, data + pos, n);
        status_chunked = pdu_reader_feed(reader, chunk, n);
        free(chunk);
        if (pdu_reader_memory(reader) > (size_t)limits.max_calls * MAX_CALL + MAX_FRAG) abort();
    }
    /* Poisoned means poisoned. */
    if (status_chunked != PDU_OK && pdu_reader_feed(reader, data, size) != status_chunked) abort();
    pdu_reader_free(reader);

    if (status_whole != status_chunked || whole->count != chunked->count) abort();
    for (i = 0; i < whole->count && i < MAX_EVENTS; i++)
        if (!same_digest(&whole->events[i], &chunked->events[i])) abort();
    free(whole);
    free(chunked);
    return 0;
}
