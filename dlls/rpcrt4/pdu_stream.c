/* pdu_stream.c: splits calls into fragments for sending; reassembles a received byte stream into PDUs and calls. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "pdu_stream.h"
#include "portable_alloc.h"
#include "trace.h"

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

static int is_call_type(uint8_t type)
{
    return type == PDU_TYPE_REQUEST || type == PDU_TYPE_RESPONSE;
}

static uint32_t alloc_hint(const struct pdu *pdu)
{
    return pdu->header.type == PDU_TYPE_REQUEST ? pdu->u.request.alloc_hint : pdu->u.response.alloc_hint;
}

/* ---- Fragmenter ---- */

/* Describes f's next fragment: the stub from f->offset on, at most f->chunk bytes of it. */
static void next_fragment(const struct pdu_fragmenter *f, struct pdu *frag)
{
    size_t offset = f->offset, remaining = f->pdu.stub_length - offset;
    size_t length = min_size(remaining, f->chunk);

    *frag = f->pdu;
    frag->header.flags &= ~(PDU_FLAG_FIRST_FRAG | PDU_FLAG_LAST_FRAG);
    if (!offset) frag->header.flags |= PDU_FLAG_FIRST_FRAG;
    if (length == remaining) frag->header.flags |= PDU_FLAG_LAST_FRAG;
    if (frag->header.type == PDU_TYPE_REQUEST) frag->u.request.alloc_hint = (uint32_t)remaining;
    else frag->u.response.alloc_hint = (uint32_t)remaining;
    frag->stub_data = f->pdu.stub_data ? f->pdu.stub_data + offset : NULL;
    frag->stub_length = length;
}

enum pdu_status pdu_fragmenter_init(struct pdu_fragmenter *f, const struct pdu *pdu, size_t max_xmit_frag,
                                    size_t reserve)
{
    struct pdu probe;
    size_t limit, overhead, chunk;

    /* Until it succeeds, f is an empty fragmenter that writes nothing. */
    memset(f, 0, sizeof(*f));
    f->done = 1;
    if (!is_call_type(pdu->header.type)) return PDU_E_TYPE;
#if SIZE_MAX > UINT32_MAX
    if (pdu->stub_length > UINT32_MAX) return PDU_E_TOO_BIG;   /* alloc_hint is 32 bits */
#endif
    max_xmit_frag = min_size(max_xmit_frag, PDU_MAX_FRAG_LENGTH);
    if (reserve > max_xmit_frag) return PDU_E_FRAG_LENGTH;
    limit = max_xmit_frag - reserve;

    probe = *pdu;
    probe.stub_length = 0;
    overhead = pdu_encoded_size(&probe);
    if (overhead > limit) return PDU_E_FRAG_LENGTH;
    /* The fragment's size grows with its stub, padding included (an auth trailer is aligned after the
     * stub), so the largest multiple of 8 that fits is at most two steps below the first guess. */
    chunk = (limit - overhead) & ~(size_t)7;
    for (;;)
    {
        probe.stub_length = chunk;
        if (!chunk || pdu_encoded_size(&probe) <= limit) break;
        chunk -= 8;
    }
    if (!chunk && pdu->stub_length) return PDU_E_FRAG_LENGTH;

    f->pdu = *pdu;
    f->chunk = chunk;
    f->done = 0;
    return PDU_OK;
}

int pdu_fragmenter_done(const struct pdu_fragmenter *f)
{
    return f->done;
}

size_t pdu_fragmenter_next_size(const struct pdu_fragmenter *f)
{
    struct pdu frag;

    if (f->done) return 0;
    next_fragment(f, &frag);
    return pdu_encoded_size(&frag);
}

size_t pdu_fragmenter_total_size(const struct pdu_fragmenter *f)
{
    struct pdu frag = f->pdu;
    size_t remaining, full, total = 0;

    if (f->done) return 0;
    remaining = f->pdu.stub_length - f->offset;
    full = remaining ? (remaining - 1) / f->chunk : 0;    /* fragments before the last */
    if (full)
    {
        frag.stub_length = f->chunk;
        total = full * pdu_encoded_size(&frag);
    }
    frag.stub_length = remaining - full * f->chunk;
    return total + pdu_encoded_size(&frag);
}

enum pdu_status pdu_fragmenter_next(struct pdu_fragmenter *f, uint8_t *buf, size_t size, size_t *written)
{
    struct pdu frag;
    enum pdu_status status;

    *written = 0;
    if (f->done) return PDU_E_FRAGMENT_ORDER;
    next_fragment(f, &frag);
    if ((status = pdu_encode(&frag, buf, size, written)) != PDU_OK) return status;
    f->offset += frag.stub_length;
    f->done = !!(frag.header.flags & PDU_FLAG_LAST_FRAG);
    return PDU_OK;
}

/* ---- Reassembler ---- */

/* A call being reassembled. */
struct call
{
    int used;
    struct pdu first;       /* the first fragment's header and request/response fields; nothing else */
    uint8_t *data;          /* the stub so far */
    size_t length, capacity;
    size_t fragments;
};

struct pdu_reader
{
    struct pdu_reader_limits limits;
    pdu_reader_callback callback;
    void *context;
    enum pdu_status status;         /* PDU_OK until poisoned */
    uint8_t head[PDU_HEADER_SIZE];  /* a header arriving in pieces */
    size_t have;                    /* bytes of the current fragment received so far, 0 between fragments */
    struct pdu_header header;       /* the current fragment's, once its first PDU_HEADER_SIZE bytes are in */
    uint8_t *stage;                 /* the current fragment, when it arrives in pieces */
    size_t stage_capacity;
    unsigned int calls_in_progress;
    struct call calls[PDU_READER_MAX_CALLS];
};

static void clamp_limits(struct pdu_reader_limits *limits)
{
    if (limits->max_calls < 1) limits->max_calls = 1;
    if (limits->max_calls > PDU_READER_MAX_CALLS) limits->max_calls = PDU_READER_MAX_CALLS;
}

static struct call *find_call(struct pdu_reader *r, uint32_t call_id)
{
    unsigned int i;

    if (!r->calls_in_progress) return NULL;
    for (i = 0; i < PDU_READER_MAX_CALLS; i++)
        if (r->calls[i].used && r->calls[i].first.header.call_id == call_id) return &r->calls[i];
    return NULL;
}

static void drop_call(struct pdu_reader *r, struct call *call)
{
    portable_free(call->data);
    memset(call, 0, sizeof(*call));
    r->calls_in_progress--;
}

static void poison(struct pdu_reader *r, enum pdu_status status)
{
    unsigned int i;

    TRACE(TRACE_PDU, "reader %p: %s, stream abandoned", (void *)r, pdu_status_name(status));
    r->status = status;
    for (i = 0; i < PDU_READER_MAX_CALLS; i++)
        if (r->calls[i].used) drop_call(r, &r->calls[i]);
    portable_free(r->stage);
    r->stage = NULL;
    r->stage_capacity = 0;
}

/* Makes room for size bytes of stub in call. Returns PDU_OK or PDU_E_NO_MEMORY. */
static enum pdu_status reserve(struct call *call, size_t size)
{
    uint8_t *data;

    if (size <= call->capacity) return PDU_OK;
    if (!(data = portable_realloc(call->data, size))) return PDU_E_NO_MEMORY;
    call->data = data;
    call->capacity = size;
    return PDU_OK;
}

/* Appends frag's stub to call, growing it by doubling up to max_call; the caller checked that the
 * total fits max_call. Returns PDU_OK or PDU_E_NO_MEMORY. */
static enum pdu_status append(struct call *call, const struct pdu *frag, size_t max_call)
{
    enum pdu_status status;
    size_t need = call->length + frag->stub_length, grown;

    if (need > call->capacity)
    {
        grown = call->capacity > max_call / 2 ? max_call : call->capacity * 2;
        if ((status = reserve(call, grown > need ? grown : need)) != PDU_OK) return status;
    }
    if (frag->stub_length) memcpy(call->data + call->length, frag->stub_data, frag->stub_length);
    call->length = need;
    call->fragments++;
    call->first.header.flags |= frag->header.flags & PDU_FLAG_PENDING_CANCEL;
    return PDU_OK;
}

/* Hands the whole call up and frees its slot. Returns the callback's status. */
static enum pdu_status deliver_call(struct pdu_reader *r, struct call *call)
{
    struct pdu_event event;

    memset(&event, 0, sizeof(event));
    event.type = PDU_EVENT_CALL;
    event.pdu = call->first;
    event.pdu.header.flags |= PDU_FLAG_LAST_FRAG;
    event.pdu.stub_data = call->data;
    event.pdu.stub_length = call->length;
    event.call_data = call->data;
    event.fragments = call->fragments;
    call->data = NULL;   /* now the callback's */
    drop_call(r, call);
    TRACE(TRACE_PDU, "call %u type %u: %lu stub bytes in %lu fragments", (unsigned int)event.pdu.header.call_id,
          event.pdu.header.type, (unsigned long)event.pdu.stub_length, (unsigned long)event.fragments);
    return r->callback(r->context, &event);
}

/* The first fragment of a call. Returns PDU_OK, PDU_E_CALL_ID, PDU_E_FRAG_LENGTH, PDU_E_TOO_BIG,
 * PDU_E_NO_MEMORY or the callback's status. */
static enum pdu_status start_call(struct pdu_reader *r, const struct pdu *frag)
{
    int last = !!(frag->header.flags & PDU_FLAG_LAST_FRAG);
    struct call *call = r->calls;
    enum pdu_status status;
    size_t want;

    if (r->calls_in_progress >= r->limits.max_calls) return PDU_E_CALL_ID;
    if (!last && !frag->stub_length) return PDU_E_FRAG_LENGTH;
    if (frag->stub_length > r->limits.max_call) return PDU_E_TOO_BIG;

    while (call->used) call++;   /* fewer than PDU_READER_MAX_CALLS are in use */
    call->used = 1;
    call->first.header = frag->header;
    call->first.u = frag->u;
    r->calls_in_progress++;
    /* alloc_hint is the peer's word: it sizes the first reservation only, within the caps. */
    want = last ? 0 : min_size(min_size(alloc_hint(frag), PDU_READER_HINT_CAP), r->limits.max_call);
    if ((status = reserve(call, want > frag->stub_length ? want : frag->stub_length)) != PDU_OK
        || (status = append(call, frag, r->limits.max_call)) != PDU_OK)
        return status;
    return last ? deliver_call(r, call) : PDU_OK;
}

/* One fragment of a request or response. Returns PDU_OK, PDU_E_CALL_ID, PDU_E_FRAGMENT_ORDER,
 * PDU_E_TYPE, PDU_E_MALFORMED, PDU_E_FRAG_LENGTH, PDU_E_TOO_BIG, PDU_E_NO_MEMORY or the callback's status. */
static enum pdu_status call_fragment(struct pdu_reader *r, const struct pdu *frag)
{
    struct call *call = find_call(r, frag->header.call_id);
    const struct pdu *first;
    enum pdu_status status;

    if (!call && (frag->header.flags & PDU_FLAG_FIRST_FRAG)) return start_call(r, frag);
    if (!call) return r->calls_in_progress ? PDU_E_CALL_ID : PDU_E_FRAGMENT_ORDER;
    first = &call->first;
    if (frag->header.flags & PDU_FLAG_FIRST_FRAG) return PDU_E_FRAGMENT_ORDER;
    if (frag->header.type != first->header.type) return PDU_E_TYPE;
    if (memcmp(frag->header.drep, first->header.drep, sizeof(frag->header.drep))) return PDU_E_MALFORMED;
    if (frag->header.type == PDU_TYPE_REQUEST && (frag->u.request.context_id != first->u.request.context_id
                                                  || frag->u.request.opnum != first->u.request.opnum))
        return PDU_E_MALFORMED;
    if (frag->header.type == PDU_TYPE_RESPONSE && frag->u.response.context_id != first->u.response.context_id)
        return PDU_E_MALFORMED;
    if (!frag->stub_length) return PDU_E_FRAG_LENGTH;
    if (call->length > r->limits.max_call || frag->stub_length > r->limits.max_call - call->length)
        return PDU_E_TOO_BIG;
    if ((status = append(call, frag, r->limits.max_call)) != PDU_OK) return status;
    return frag->header.flags & PDU_FLAG_LAST_FRAG ? deliver_call(r, call) : PDU_OK;
}

/* A PDU outside any call's fragments. Returns the callback's status. */
static enum pdu_status other_pdu(struct pdu_reader *r, const struct pdu *pdu)
{
    struct pdu_event event;
    struct call *call;

    /* A fault or an orphaned PDU ends the call it names; its partial stub is of no use any more. */
    if ((pdu->header.type == PDU_TYPE_FAULT || pdu->header.type == PDU_TYPE_ORPHANED)
        && (call = find_call(r, pdu->header.call_id)))
        drop_call(r, call);
    memset(&event, 0, sizeof(event));
    event.type = PDU_EVENT_PDU;
    event.pdu = *pdu;
    event.fragments = 1;
    return r->callback(r->context, &event);
}

/* Decodes and dispatches one complete fragment of r->header.frag_length bytes. Returns the statuses of
 * pdu_decode, call_fragment and other_pdu. */
static enum pdu_status fragment(struct pdu_reader *r, const uint8_t *buf)
{
    enum pdu_status status;
    struct pdu pdu;

    if ((status = pdu_decode(buf, r->header.frag_length, &pdu)) != PDU_OK) return status;
    status = is_call_type(pdu.header.type) ? call_fragment(r, &pdu) : other_pdu(r, &pdu);
    pdu_release(&pdu);
    return status;
}

/* Decodes the common header at buf (PDU_HEADER_SIZE bytes) into r->header and checks it against the
 * limits. Returns PDU_OK, PDU_E_FRAG_LENGTH, PDU_E_DIRECTION or a status of pdu_decode_header. */
static enum pdu_status start_fragment(struct pdu_reader *r, const uint8_t *buf)
{
    enum pdu_status status;

    if ((status = pdu_decode_header(buf, PDU_HEADER_SIZE, &r->header)) != PDU_OK) return status;
    /* A fragment shorter than its header would never let the stream advance. */
    if (r->header.frag_length < PDU_HEADER_SIZE) return PDU_E_FRAG_LENGTH;
    if (r->header.frag_length > r->limits.max_frag) return PDU_E_FRAG_LENGTH;
    if (r->limits.side != PDU_READER_ANY_SIDE)
        return pdu_check_direction(r->header.type, r->limits.side == PDU_READER_SERVER);
    return PDU_OK;
}

/* Makes the stage hold r->header.frag_length bytes and copies the header in; a fragment's stage needs
 * none of the previous contents. Returns PDU_OK or PDU_E_NO_MEMORY. */
static enum pdu_status start_stage(struct pdu_reader *r)
{
    size_t size = r->header.frag_length, grown;

    if (size > r->stage_capacity)
    {
        /* Doubling keeps a stream of ever longer fragments from reallocating for each one. */
        grown = min_size(r->stage_capacity * 2, r->limits.max_frag);
        if (grown < size) grown = size;
        portable_free(r->stage);
        r->stage_capacity = 0;
        if (!(r->stage = portable_alloc(grown))) return PDU_E_NO_MEMORY;
        r->stage_capacity = grown;
    }
    memcpy(r->stage, r->head, PDU_HEADER_SIZE);
    return PDU_OK;
}

/* Takes up to size bytes of a fragment that arrives in pieces, dispatching it once complete.
 * Returns how many bytes it consumed; a failure poisons r. */
static size_t stage_bytes(struct pdu_reader *r, const uint8_t *data, size_t size)
{
    enum pdu_status status;
    size_t used = 0, n;

    if (r->have < PDU_HEADER_SIZE)
    {
        used = min_size(PDU_HEADER_SIZE - r->have, size);
        memcpy(r->head + r->have, data, used);
        r->have += used;
        if (r->have < PDU_HEADER_SIZE) return used;
        if ((status = start_fragment(r, r->head)) != PDU_OK || (status = start_stage(r)) != PDU_OK)
        {
            poison(r, status);
            return used;
        }
    }
    n = min_size(r->header.frag_length - r->have, size - used);
    memcpy(r->stage + r->have, data + used, n);
    r->have += n;
    if (r->have == r->header.frag_length)
    {
        r->have = 0;
        if ((status = fragment(r, r->stage)) != PDU_OK) poison(r, status);
    }
    return used + n;
}

enum pdu_status pdu_reader_new(const struct pdu_reader_limits *limits, pdu_reader_callback callback,
                               void *context, struct pdu_reader **reader)
{
    struct pdu_reader *r;

    *reader = NULL;
    if (!(r = portable_alloc(sizeof(*r)))) return PDU_E_NO_MEMORY;
    memset(r, 0, sizeof(*r));
    r->limits = *limits;
    clamp_limits(&r->limits);
    r->callback = callback;
    r->context = context;
    *reader = r;
    return PDU_OK;
}

void pdu_reader_set_limits(struct pdu_reader *reader, const struct pdu_reader_limits *limits)
{
    reader->limits = *limits;
    clamp_limits(&reader->limits);
}

enum pdu_status pdu_reader_feed(struct pdu_reader *r, const uint8_t *data, size_t size)
{
    enum pdu_status status;
    size_t pos = 0;

    while (r->status == PDU_OK && pos < size)
    {
        /* Fast path: a whole fragment in the caller's bytes is decoded where it lies. */
        if (!r->have && size - pos >= PDU_HEADER_SIZE)
        {
            if ((status = start_fragment(r, data + pos)) != PDU_OK)
            {
                poison(r, status);
                break;
            }
            if (r->header.frag_length <= size - pos)
            {
                if ((status = fragment(r, data + pos)) != PDU_OK) poison(r, status);
                pos += r->header.frag_length;
                continue;
            }
        }
        pos += stage_bytes(r, data + pos, size - pos);
    }
    return r->status;
}

int pdu_reader_idle(const struct pdu_reader *reader)
{
    return !reader->have && !reader->calls_in_progress;
}

size_t pdu_reader_memory(const struct pdu_reader *reader)
{
    size_t total = reader->stage_capacity;
    unsigned int i;

    for (i = 0; i < PDU_READER_MAX_CALLS; i++) total += reader->calls[i].capacity;
    return total;
}

void pdu_reader_free(struct pdu_reader *reader)
{
    unsigned int i;

    if (!reader) return;
    for (i = 0; i < PDU_READER_MAX_CALLS; i++) portable_free(reader->calls[i].data);
    portable_free(reader->stage);
    portable_free(reader);
}
