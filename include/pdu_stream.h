/* pdu_stream.h: splits calls into fragments for sending; reassembles a received byte stream into PDUs and calls. */
#ifndef RPCRT4_PDU_STREAM_H
#define RPCRT4_PDU_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include "pdu.h"

/* The largest fragment the protocol can describe: frag_length is 16 bits. */
#define PDU_MAX_FRAG_LENGTH 65535

/* ---- Sending: a request or response as fragments (C706 ch. 12) ----
 *
 * Every fragment carries the call's header fields (call id, flags other than first/last, context,
 * opnum, object UUID, auth trailer when pdu.h's encoder adds one) and the stub bytes that fit; the
 * first has PDU_FLAG_FIRST_FRAG, the last PDU_FLAG_LAST_FRAG (one fragment has both), and each one's
 * alloc_hint is the stub length still to be sent, this fragment's included. Every fragment but the
 * last carries the same number of stub bytes, a multiple of 8 (so NDR alignment holds per fragment),
 * as many as keep the fragment within max_xmit_frag - reserve bytes; the caller may append up to
 * reserve bytes (a security trailer it computes) and then must fix up frag_length and auth_length.
 * The stub bytes are copied once, from pdu.stub_data into the output fragment; pdu.stub_data must
 * stay valid until the last fragment is written. Nothing is allocated. The fields are private. */
struct pdu_fragmenter
{
    struct pdu pdu;     /* the whole call; its stub is the caller's */
    size_t chunk;       /* stub bytes in every fragment but the last */
    size_t offset;      /* stub bytes already written */
    int done;           /* the last fragment was written */
};

/* Prepares f to fragment pdu (a request or response) for fragments of at most max_xmit_frag bytes
 * (values over PDU_MAX_FRAG_LENGTH count as PDU_MAX_FRAG_LENGTH), reserve bytes of each left to the
 * caller. Returns PDU_OK; PDU_E_TYPE when pdu is neither a request nor a response; PDU_E_TOO_BIG when
 * the stub is longer than a 32-bit alloc_hint can describe; PDU_E_FRAG_LENGTH when a fragment cannot
 * hold the headers and 8 stub bytes (or, for an empty stub, the headers alone). On failure f is done
 * and writes nothing. */
enum pdu_status pdu_fragmenter_init(struct pdu_fragmenter *f, const struct pdu *pdu, size_t max_xmit_frag,
                                    size_t reserve);

/* 1 when every fragment was written, else 0. */
int pdu_fragmenter_done(const struct pdu_fragmenter *f);

/* The size of the next fragment (at most max_xmit_frag - reserve), 0 when done: a transport gathering
 * several fragments into one write checks it against its room before calling pdu_fragmenter_next. */
size_t pdu_fragmenter_next_size(const struct pdu_fragmenter *f);

/* The bytes of every fragment still to be written, together (0 when done): one buffer of this size holds
 * them all back to back. */
size_t pdu_fragmenter_total_size(const struct pdu_fragmenter *f);

/* Writes the next fragment into buf (size bytes) and its length to *written. Returns PDU_OK;
 * PDU_E_BUFFER_TOO_SMALL when size < pdu_fragmenter_next_size(f) (nothing is consumed);
 * PDU_E_FRAGMENT_ORDER when every fragment was already written; or another status of pdu_encode. */
enum pdu_status pdu_fragmenter_next(struct pdu_fragmenter *f, uint8_t *buf, size_t size, size_t *written);

/* ---- Receiving: bytes in, events out (the style of nghttp2's mem_recv) ----
 *
 * The reader takes the byte stream of one connection in chunks of any size (a partial header, many
 * PDUs, or both) and hands up, through its callback, every whole PDU that is not part of a call and
 * every whole call (a request or response reassembled from its fragments). It does no I/O.
 *
 * Validation, besides pdu_decode's of each fragment:
 *   - a fragment longer than max_frag: PDU_E_FRAG_LENGTH (checked on its header, before buffering);
 *   - a type the other side does not send, when side says who we are: PDU_E_DIRECTION (on the header);
 *   - a fragment of a multi-fragment call without stub data: PDU_E_FRAG_LENGTH;
 *   - a first fragment for a call id already in progress, or a continuation (no PDU_FLAG_FIRST_FRAG)
 *     while no call is in progress: PDU_E_FRAGMENT_ORDER;
 *   - a continuation whose call id matches no call in progress while another is, or a first fragment
 *     while max_calls calls are in progress: PDU_E_CALL_ID (with max_calls 1, a call id that changes
 *     inside one call);
 *   - a continuation whose type differs from its first fragment's: PDU_E_TYPE; whose data
 *     representation, context id or opnum differs: PDU_E_MALFORMED;
 *   - a call whose stub would exceed max_call: PDU_E_TOO_BIG, before anything is allocated for it.
 * alloc_hint only sizes the first reservation, capped at PDU_READER_HINT_CAP and at max_call; the
 * buffer then grows by doubling, never past max_call. A fault or orphaned PDU drops the partial call
 * with its call id (the call ends) before it is handed up; other PDUs (co_cancel) leave calls alone.
 * Only requests and responses are reassembled: any other PDU is handed up fragment by fragment,
 * whatever its first/last flags say.
 *
 * After any failure the reader is poisoned: the stream is out of sync, so that feed and every later
 * one return the same status without reading. Calls in progress are dropped then.
 *
 * Several calls in progress at once (concurrent multiplexing, PDU_FLAG_CONC_MPX): fragments of up to
 * max_calls calls (at most PDU_READER_MAX_CALLS) may interleave, each call keyed by its call id.
 * Memory is bounded by max_calls * max_call plus one staged fragment (max_frag bytes), which holds a
 * fragment that arrives split across feeds; a fragment that arrives whole is decoded where it lies. */

/* Upper bound of pdu_reader_limits.max_calls. */
#define PDU_READER_MAX_CALLS 16
/* The most a first fragment's alloc_hint can reserve. */
#define PDU_READER_HINT_CAP (1024 * 1024)

/* Who reads: which PDU types the stream may carry (pdu_check_direction). */
enum pdu_reader_side
{
    PDU_READER_ANY_SIDE = 0,  /* every type (tests, tools) */
    PDU_READER_SERVER,        /* a server's connection: what clients send */
    PDU_READER_CLIENT         /* a client's connection: what servers send */
};

struct pdu_reader_limits
{
    size_t max_frag;          /* largest fragment, header included: the negotiated max_recv_frag */
    size_t max_call;          /* largest stub of one reassembled call */
    unsigned int max_calls;   /* calls in progress at once, 1..PDU_READER_MAX_CALLS (clamped) */
    enum pdu_reader_side side;
};

enum pdu_event_type
{
    PDU_EVENT_PDU,    /* a whole PDU that is not a request or response */
    PDU_EVENT_CALL    /* a whole request or response, reassembled */
};

struct pdu_event
{
    enum pdu_event_type type;
    /* PDU_EVENT_PDU: the decoded PDU; it and everything it points to live only during the callback.
     * PDU_EVENT_CALL: the first fragment's header and request or response fields, except that flags
     * gain PDU_FLAG_LAST_FRAG and PDU_FLAG_PENDING_CANCEL from any fragment; stub_data and stub_length
     * are the whole call's stub (call_data); no auth trailer fields are set. */
    struct pdu pdu;
    /* PDU_EVENT_CALL: the stub as one writable block, which the callback now owns and frees with
     * portable_free, whatever it returns; NULL when stub_length is 0. NULL for PDU_EVENT_PDU. */
    uint8_t *call_data;
    size_t fragments;         /* how many fragments made it: 1 for PDU_EVENT_PDU */
};

/* Called for each event, in stream order, from inside pdu_reader_feed. It may change the reader's limits
 * (they apply from the next fragment on) but must not feed or free the reader. PDU_OK goes on; any other
 * status stops the feed, poisons the reader and is what the feed returns. */
typedef enum pdu_status (*pdu_reader_callback)(void *context, const struct pdu_event *event);

struct pdu_reader;

/* Creates a reader with limits (copied) that calls callback(context, event). Returns PDU_OK or
 * PDU_E_NO_MEMORY (*reader is then NULL). */
enum pdu_status pdu_reader_new(const struct pdu_reader_limits *limits, pdu_reader_callback callback,
                               void *context, struct pdu_reader **reader);

/* Replaces the limits, e.g. once bind_ack has negotiated max_recv_frag and PDU_FLAG_CONC_MPX; calls
 * already in progress keep what they have, the new limits apply to every fragment from now on. */
void pdu_reader_set_limits(struct pdu_reader *reader, const struct pdu_reader_limits *limits);

/* Consumes all size bytes of data: complete fragments are decoded and checked, events handed up, the
 * rest kept for the next feed. Returns PDU_OK; PDU_E_NO_MEMORY; a validation status listed above or
 * of pdu_decode_header/pdu_decode; a status the callback returned; or, once poisoned, that status. */
enum pdu_status pdu_reader_feed(struct pdu_reader *reader, const uint8_t *data, size_t size);

/* 1 when the reader holds no partial fragment and no call in progress (a clean place for the stream to
 * end), else 0. */
int pdu_reader_idle(const struct pdu_reader *reader);

/* Bytes the reader holds allocated for staged fragments and calls in progress. */
size_t pdu_reader_memory(const struct pdu_reader *reader);

/* Frees the reader with every partial fragment and call; NULL is allowed. */
void pdu_reader_free(struct pdu_reader *reader);

#endif
