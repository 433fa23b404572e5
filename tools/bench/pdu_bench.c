/* pdu_bench.c: decode and reassembly throughput of the PDU codec, as ratios to memcpy of the same bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "pdu_stream.h"
#include "portable_alloc.h"

/* Each figure is the best of ROUNDS runs of at least ROUND_SECONDS, the three figures of a workload taking
 * turns, so that a noisy moment of the machine hits none of them or all. */
#define ROUNDS 5
#define ROUND_SECONDS 0.08
/* The reader is fed in reads of this size, as a transport would. */
#define READ_SIZE 65536
#define MIB (1024 * 1024)

/* A stream of whole calls to decode and reassemble. */
struct workload
{
    const char *name;
    uint8_t *data;
    size_t length;
    size_t calls;
    size_t fragments;
};

static void *(*volatile copy)(void *, const void *, size_t) = memcpy;
static volatile size_t sink;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, enum pdu_status status)
{
    fprintf(stderr, "pdu_bench: %s: %s\n", what, pdu_status_name(status));
    exit(1);
}

/* Builds count calls of stub_length bytes each, fragmented at max_xmit. */
static void build(struct workload *w, const char *name, size_t count, size_t stub_length, size_t max_xmit)
{
    uint8_t *stub = malloc(stub_length);
    struct pdu_fragmenter f;
    enum pdu_status status;
    size_t i, next, written, capacity = 0;
    struct pdu pdu;

    for (i = 0; i < stub_length; i++) stub[i] = (uint8_t)i;
    memset(w, 0, sizeof(*w));
    w->name = name;
    w->calls = count;
    for (i = 0; i < count; i++)
    {
        memset(&pdu, 0, sizeof(pdu));
        pdu.header.type = PDU_TYPE_REQUEST;
        pdu.header.call_id = (uint32_t)i + 1;
        pdu.u.request.context_id = 1;
        pdu.stub_data = stub;
        pdu.stub_length = stub_length;
        if ((status = pdu_fragmenter_init(&f, &pdu, max_xmit, 0)) != PDU_OK) die("fragmenter", status);
        while (!pdu_fragmenter_done(&f))
        {
            next = pdu_fragmenter_next_size(&f);
            if (w->length + next > capacity)
            {
                capacity = (w->length + next) * 2;
                w->data = realloc(w->data, capacity);
            }
            if ((status = pdu_fragmenter_next(&f, w->data + w->length, next, &written)) != PDU_OK)
                die("fragmenter", status);
            w->length += written;
            w->fragments++;
        }
    }
    free(stub);
}

static void run_memcpy(const struct workload *w, uint8_t *out)
{
    copy(out, w->data, w->length);
    sink += out[w->length - 1];
}

static void run_decode(const struct workload *w, uint8_t *out)
{
    struct pdu_header header;
    enum pdu_status status;
    struct pdu pdu;
    size_t pos;

    (void)out;
    for (pos = 0; pos < w->length; pos += header.frag_length)
    {
        if ((status = pdu_decode_header(w->data + pos, w->length - pos, &header)) != PDU_OK
            || (status = pdu_decode(w->data + pos, header.frag_length, &pdu)) != PDU_OK)
            die("decode", status);
        sink += pdu.stub_length;
        pdu_release(&pdu);
    }
}

static enum pdu_status take_call(void *context, const struct pdu_event *event)
{
    size_t *calls = context;

    (*calls)++;
    sink += event->pdu.stub_length;
    portable_free(event->call_data);
    return PDU_OK;
}

static void run_reassemble(const struct workload *w, uint8_t *out)
{
    struct pdu_reader_limits limits = { PDU_MAX_FRAG_LENGTH, 2 * MIB, 1, PDU_READER_SERVER };
    struct pdu_reader *reader;
    enum pdu_status status;
    size_t pos, n, calls = 0;

    (void)out;
    if ((status = pdu_reader_new(&limits, take_call, &calls, &reader)) != PDU_OK) die("reader", status);
    for (pos = 0; pos < w->length; pos += n)
    {
        n = w->length - pos < READ_SIZE ? w->length - pos : READ_SIZE;
        if ((status = pdu_reader_feed(reader, w->data + pos, n)) != PDU_OK) die("reassemble", status);
    }
    if (calls != w->calls) die("reassemble: calls lost", PDU_E_MALFORMED);
    pdu_reader_free(reader);
}

/* Bytes per second of run over w, repeated for at least ROUND_SECONDS. */
static double measure(void (*run)(const struct workload *, uint8_t *), const struct workload *w, uint8_t *out)
{
    double start = now(), elapsed;
    size_t rounds = 0;

    do
    {
        run(w, out);
        rounds++;
        elapsed = now() - start;
    } while (elapsed < ROUND_SECONDS);
    return (double)w->length * rounds / elapsed;
}

static void keep_best(double *best, double value)
{
    if (value > *best) *best = value;
}

int main(void)
{
    struct workload loads[3];
    unsigned int i, round;
    uint8_t *out;
    double base, decode, reassemble;

    build(&loads[0], "64-byte calls, one fragment each", 8192, 64, 5840);
    build(&loads[1], "1 MiB calls, 5840-byte fragments", 4, MIB, 5840);
    build(&loads[2], "1 MiB calls, 65528-byte fragments (max_xmit_frag 65535)", 4, MIB, PDU_MAX_FRAG_LENGTH);
    printf("PDU codec on the host (MB = 10^6 bytes of PDU stream; best of %d; ratios to memcpy of the same bytes in\n"
           "this run; reassembly is fed in %d-byte reads and copies each stub once into its call's buffer)\n", ROUNDS,
           READ_SIZE);
    for (i = 0; i < 3; i++)
    {
        out = malloc(loads[i].length);
        base = decode = reassemble = 0;
        for (round = 0; round < ROUNDS; round++)
        {
            keep_best(&base, measure(run_memcpy, &loads[i], out));
            keep_best(&decode, measure(run_decode, &loads[i], out));
            keep_best(&reassemble, measure(run_reassemble, &loads[i], out));
        }
        printf("memcpy of %s (%zu bytes): %.0f MB/s\n", loads[i].name, loads[i].length, base / 1e6);
        /* Decoding reads headers and leaves the stub where it lies, so its cost is per fragment, not per byte. */
        printf("decode %s: %.2f M fragments/s, %.0f ns per fragment\n", loads[i].name,
               decode * loads[i].fragments / loads[i].length / 1e6, 1e9 * loads[i].length / loads[i].fragments / decode);
        printf("reassemble %s: %.0f MB/s, %.2fx memcpy\n", loads[i].name, reassemble / 1e6, reassemble / base);
        free(out);
        free(loads[i].data);
    }
    return 0;
}
