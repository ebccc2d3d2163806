/* Meter search by wildcard address (cc/msearch.h): a depth-first walk over the
 * address bytes from A0 up. The pattern of depth d fixes A0..A(d-1) and leaves
 * A(d)..A5 as AAH. A garbled answer splits the pattern into the 100 patterns of
 * depth d+1 (the next byte 00..99 BCD); silence closes it.
 *
 * One valid reply to a pattern with wildcards is confirmed before it is
 * reported: the next probe goes to the replying address itself. Several
 * meters answering at once put the OR of their frames on the wire, and that OR
 * is now and then a frame with a correct checksum and an address nobody has
 * (seen on the simulated bus with three meters differing in one byte). The
 * confirmation costs one probe per meter; a phantom gets silence there and its
 * pattern is split like a garbled one, so the real meters behind it are found.
 *
 * While confirming, the candidate's address is kept in the unused part of the
 * state: digit[depth] = 100 + its byte A(depth) (a value no BCD byte has, the
 * mark of the mode) and digit[depth+1..5] = its higher bytes. Otherwise every
 * digit[i] with i >= depth is 0.
 *
 * Probes: 1 for the root (AA x 6) + 100 for every garbled pattern of depth
 * 0..5 + 1 per meter answering alone under a wildcard pattern.
 * docs/discovery.md works out the counts for typical buses. */
#include <string.h>

#include "cc/msearch.h"
#include "dlt645/dlt645.h"
#include "mdc/bcd.h"

#define DIGITS     100u /* values of one BCD byte */
#define ADDR_BYTES 6u
#define DI_2007    0x04000401u /* communication address */
#define DI_1997    0x9010u     /* forward active energy total */

static bool protocol_ok(uint8_t protocol)
{
    return protocol == 1u || protocol == 30u;
}

static bool confirming(const msearch *s)
{
    return s->depth < ADDR_BYTES && s->digit[s->depth] >= DIGITS;
}

/* The address probed now: digit bytes below depth, AA above; while
 * confirming, the candidate's full address. */
static void pattern_of(const msearch *s, uint8_t addr[6])
{
    bool conf = confirming(s);
    for (unsigned i = 0; i < ADDR_BYTES; i++) {
        if (i < s->depth)
            addr[i] = mdc_u8_to_bcd(s->digit[i]);
        else if (!conf)
            addr[i] = 0xAAu;
        else
            addr[i] = mdc_u8_to_bcd(i == s->depth ? s->digit[i] - DIGITS : s->digit[i]);
    }
}

/* Leaves the confirmation: the scratch digits back to 0. */
static void confirm_end(msearch *s)
{
    for (unsigned i = s->depth; i < ADDR_BYTES; i++)
        s->digit[i] = 0;
}

/* Enters the confirmation of candidate addr (a match of the pattern). */
static void confirm_begin(msearch *s, const uint8_t addr[6])
{
    for (unsigned i = s->depth; i < ADDR_BYTES; i++)
        s->digit[i] = (uint8_t)mdc_bcd_to_u8(addr[i]);
    s->digit[s->depth] = (uint8_t)(s->digit[s->depth] + DIGITS);
}

void msearch_start(msearch *s, uint8_t protocol)
{
    memset(s, 0, sizeof *s);
    s->protocol = protocol;
    s->done = !protocol_ok(protocol);
}

bool msearch_next(msearch *s, uint8_t addr[6])
{
    if (s->done)
        return false;
    s->started = true;
    s->probes++;
    pattern_of(s, addr);
    return true;
}

/* The current pattern is closed: the next value of its last byte, or back up
 * to the parent's next value when this byte has run through 00..99. */
static void advance(msearch *s)
{
    while (s->depth > 0) {
        uint8_t *d = &s->digit[s->depth - 1u];
        if (++*d < DIGITS)
            return;
        *d = 0;
        s->depth--;
    }
    s->done = true; /* the root is closed */
}

bool msearch_result(msearch *s, msearch_outcome o, const uint8_t addr[6], uint8_t found_addr[6])
{
    if (!s->started || s->done)
        return false;
    uint8_t pat[6];
    pattern_of(s, pat);
    /* A valid reply from an address outside the pattern is not an answer to
     * it (a late reply, a meter that misread the address): treat as garbled. */
    if (o == MSEARCH_ONE && (addr == NULL || !msearch_matches(pat, addr)))
        o = MSEARCH_GARBLED;
    bool found = false;
    if (confirming(s)) { /* the candidate answered alone: a meter; else split */
        confirm_end(s);
        if (o == MSEARCH_ONE) {
            if (found_addr != NULL)
                memcpy(found_addr, pat, ADDR_BYTES);
            s->found++;
            advance(s);
            return true;
        }
        o = MSEARCH_GARBLED;
    }
    switch (o) {
    case MSEARCH_ONE:
        if (s->depth < ADDR_BYTES) { /* wildcards left: confirm first */
            confirm_begin(s, addr);
            break;
        }
        if (found_addr != NULL)
            memcpy(found_addr, addr, ADDR_BYTES);
        found = true;
        advance(s);
        break;
    case MSEARCH_GARBLED:
        if (s->depth < ADDR_BYTES) { /* split by the next byte */
            s->digit[s->depth] = 0;
            s->depth++;
        } else { /* nothing narrower to ask: a meter is there */
            if (found_addr != NULL)
                memcpy(found_addr, pat, ADDR_BYTES);
            found = true;
            advance(s);
        }
        break;
    case MSEARCH_SILENT:
    default:
        advance(s);
        break;
    }
    if (found)
        s->found++;
    return found;
}

size_t msearch_probe(uint8_t protocol, const uint8_t addr[6], uint8_t *out, size_t cap)
{
    if (!protocol_ok(protocol) || addr == NULL || out == NULL)
        return 0;
    dlt645_request rq;
    dlt645_frame f;
    bool y2007 = protocol == 30u;
    dlt645_request_init(&rq, y2007 ? DLT645_PROTO_2007 : DLT645_PROTO_1997,
                        y2007 ? DLT645_F07_READ : DLT645_F97_READ, addr);
    rq.di = y2007 ? DI_2007 : DI_1997;
    if (dlt645_request_build(&rq, &f) != DLT645_OK)
        return 0;
    f.preamble = 0;
    size_t n = 0;
    if (dlt645_frame_encode(&f, out, cap, &n) != DLT645_OK)
        return 0;
    return n;
}

bool msearch_matches(const uint8_t pattern[6], const uint8_t real[6])
{
    if (pattern == NULL || real == NULL)
        return false;
    for (unsigned i = 0; i < ADDR_BYTES; i++) {
        if (!mdc_bcd_valid(real[i])) /* a meter's address is 12 BCD digits */
            return false;
        if (pattern[i] != 0xAAu && pattern[i] != real[i])
            return false;
    }
    return true;
}
