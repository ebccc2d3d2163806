/* Meter search on an RS485 bus (R-C10): which addresses to probe next, given
 * what the last probe brought. A pure algorithm (no bus, no clock): the
 * reader core sends the probes and classifies the answers.
 *
 * A probe is a read of a DI every meter answers (2007: 04000401 the meter's
 * address; 1997: 9010) sent to an address pattern whose high bytes are the
 * wildcard AAH: A5..A(k) = AA and A(k-1)..A0 fixed. A meter answers a
 * pattern that matches its low bytes, with its real address. Outcomes:
 * - silence: no meter under this pattern;
 * - one valid reply: exactly one meter under it (found, its address);
 * - garbled (bad checksum, noise, several replies OR-ed on the wire): more
 *   than one meter under it: the pattern is split by the next byte
 *   (00..99 BCD), depth first.
 * A pattern with every byte fixed that still garbles is reported as found
 * (a meter is there, its replies collide with a phantom or noise).
 *
 * Contract shared by the search (reader/src/msearch.c) and the reader core. */
#ifndef CC_MSEARCH_H
#define CC_MSEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum msearch_outcome {
    MSEARCH_SILENT = 0, /* no byte, or only a timeout */
    MSEARCH_ONE,        /* one valid reply (addr given) */
    MSEARCH_GARBLED,    /* bytes that made no valid frame, or a reply not matching the pattern */
} msearch_outcome;

typedef struct msearch {
    uint8_t protocol; /* 1 (1997) or 30 (2007) */
    uint8_t depth;    /* fixed low bytes of the current pattern, 0..6 */
    uint8_t digit[6]; /* current value (BCD 00..99 as 0..99) of each fixed byte */
    bool started, done;
    uint32_t probes; /* probes asked so far */
    uint32_t found;  /* meters reported */
} msearch;

/* Starts a search for one protocol (1 or 30). */
void msearch_start(msearch *s, uint8_t protocol);

/* The next pattern to probe into addr (wire order, A0 first); false when the
 * search is over. Call msearch_result with the outcome before the next call. */
bool msearch_next(msearch *s, uint8_t addr[6]);

/* The outcome of the last probe. For MSEARCH_ONE, addr is the replying
 * meter's address; returns true when that is a newly found meter (then the
 * caller reports it). For a garbled full address, returns true and copies
 * the pattern into found_addr. found_addr may be NULL. */
bool msearch_result(msearch *s, msearch_outcome o, const uint8_t addr[6], uint8_t found_addr[6]);

/* The probe frame for the pattern (FE preamble not included) into
 * out[0..cap); returns its length, 0 when cap is too small. */
size_t msearch_probe(uint8_t protocol, const uint8_t addr[6], uint8_t *out, size_t cap);

/* True when reply address real answers pattern (AA bytes match anything). */
bool msearch_matches(const uint8_t pattern[6], const uint8_t real[6]);

#endif
