/* uuid_core.h: portable UUID text form, ordering, hashing and v1/v4 construction, no Windows headers. */
#ifndef RPCRT4_UUID_CORE_H
#define RPCRT4_UUID_CORE_H

#include <stddef.h>
#include <stdint.h>

/* A UUID as its four fields, in host byte order; the same shape as Windows' GUID, so a GUID converts
 * field by field. In a GUID's memory (and on the wire in NDR little endian) data1, data2 and data3
 * are little endian and data4 is bytes in order; the text form prints data1..data3 as numbers. */
struct uuid_fields
{
    uint32_t data1;     /* time_low */
    uint16_t data2;     /* time_mid */
    uint16_t data3;     /* time_hi_and_version: the version is the top 4 bits */
    uint8_t data4[8];   /* clock_seq_hi_and_reserved (variant in the top bits), clock_seq_low, node[6] */
};

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx": characters without the terminating NUL. */
#define UUID_STRING_LEN 36
/* Bytes of a UUID in GUID memory layout. */
#define UUID_BYTES 16

enum uuid_status
{
    UUID_OK = 0,
    UUID_E_SYNTAX = -1   /* not exactly the 36-character form */
};

/* 100 ns intervals from the start of the Gregorian calendar (1582-10-15 00:00 UTC) to 1601-01-01,
 * the epoch of a Windows FILETIME. */
#define UUID_GREGORIAN_TO_FILETIME 0x00146bf33e42c000ull
/* A v1 timestamp has 60 bits. */
#define UUID_TIME_MASK 0x0fffffffffffffffull

void uuid_set_nil(struct uuid_fields *uuid);
/* 1 if all 128 bits are zero, else 0. */
int uuid_is_nil(const struct uuid_fields *uuid);

/* Writes UUID_STRING_LEN lowercase characters and a NUL to text (UUID_STRING_LEN + 1 bytes). */
void uuid_format(const struct uuid_fields *uuid, char *text);
/* Parses exactly len characters of text (no terminator needed): the 36-character form, hex digits of
 * either case, dashes at offsets 8, 13, 18 and 23, nothing else (no braces, no spaces, no NUL).
 * Returns UUID_OK and fills *uuid, or UUID_E_SYNTAX and leaves *uuid untouched. */
enum uuid_status uuid_parse(const char *text, size_t len, struct uuid_fields *uuid);

/* -1, 0 or 1: data1, then data2, then data3 compared as unsigned numbers, then data4 byte by byte. */
int uuid_compare(const struct uuid_fields *a, const struct uuid_fields *b);
/* A 16-bit hash of the 16 bytes in GUID memory layout; 0 for the nil UUID. */
uint16_t uuid_hash(const struct uuid_fields *uuid);

/* GUID memory layout (data1..data3 little endian) to and from fields, whatever the host's byte order. */
void uuid_to_bytes(const struct uuid_fields *uuid, uint8_t bytes[UUID_BYTES]);
void uuid_from_bytes(const uint8_t bytes[UUID_BYTES], struct uuid_fields *uuid);

/* Version 4: the 16 random bytes (GUID memory layout) with version 4 and the RFC 4122 variant set. */
void uuid_make_v4(const uint8_t random[UUID_BYTES], struct uuid_fields *uuid);
/* Version 1 from a 60-bit timestamp (100 ns since 1582-10-15), a 14-bit clock sequence and a node
 * address (node[0] is the first byte printed, the one that carries the multicast bit). */
void uuid_make_v1(uint64_t timestamp, uint16_t clock_seq, const uint8_t node[6], struct uuid_fields *uuid);
/* The 60-bit timestamp and the 14-bit clock sequence of a version 1 UUID. */
uint64_t uuid_v1_time(const struct uuid_fields *uuid);
uint16_t uuid_v1_clock_seq(const struct uuid_fields *uuid);
/* A FILETIME value (100 ns since 1601-01-01) as a v1 timestamp. */
uint64_t uuid_time_from_filetime(uint64_t filetime);

/* What a version 1 generator keeps between calls. The caller serialises calls on one state. */
struct uuid_v1_state
{
    uint64_t last_time;   /* the last timestamp handed out; 0 before the first */
    uint16_t clock_seq;   /* 14 bits */
    uint8_t node[6];
};

void uuid_v1_init(struct uuid_v1_state *state, uint16_t clock_seq, const uint8_t node[6]);
/* The next version 1 UUID for the clock reading now (100 ns since 1582-10-15). Timestamps handed out
 * strictly increase: a reading that is not past the last one (the same tick, or a clock set back)
 * gives the last timestamp plus one. */
void uuid_v1_next(struct uuid_v1_state *state, uint64_t now, struct uuid_fields *uuid);

#endif
