/* Message layer: a whole 1376.1 frame as link fields plus a list of data
 * units {pn, Fn, catalogue row, value}, decoded and encoded through the
 * catalogue (catalog.h) and the layout interpreter (layout.h).
 *
 * The data-unit region is a sequence of identifiers DA/DT, each followed by
 * the units of its pn x Fn combinations, pn ascending outer, Fn ascending
 * inner (§4.3.4.5). The catalogue row for (AFN, Fn, direction) gives each
 * unit's layout; a row with the empty layout (gdw13761_empty: AFN02 login,
 * AFN0C requests...) takes no bytes. DA = FF 00 ("all valid points") gives
 * one unit per Fn with pn = GDW13761_PN_ALL. */
#ifndef GDW13761_MSG_H
#define GDW13761_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdw13761/catalog.h"
#include "gdw13761/dadt.h"
#include "gdw13761/frame.h"
#include "gdw13761/layout.h"
#include "mdc/value.h"

typedef struct gdw13761_unit {
    uint16_t pn; /* 0..2040, or GDW13761_PN_ALL */
    uint16_t fn; /* 1..248 */
    /* decode: the catalogue row (NULL when the (AFN, Fn) is not catalogued);
     * encode: ignored (looked up from the frame's AFN and direction) */
    const gdw13761_fn *row;
    /* decode: OBJECT from the row's layout (empty OBJECT for an empty row),
     * or BYTES for an uncatalogued last unit. encode: the value to write
     * (an OBJECT for its row's layout; NULL = empty row; BYTES = raw bytes,
     * allowed for any Fn and the only form for uncatalogued ones). */
    const mdc_value *value;
    /* decode only: the unit's bytes inside the frame */
    const uint8_t *raw;
    size_t raw_len;
} gdw13761_unit;

typedef struct gdw13761_msg {
    gdw13761_frame frame; /* every link field; frame.units is the whole unit region */
    gdw13761_unit *units; /* the caller's array */
    size_t nunits;        /* units decoded */
    size_t ngroups;       /* identifiers walked */
    bool complete;        /* the whole unit region was decoded */
} gdw13761_msg;

/* Decodes the frame at p[0..len) and its data units into m (units go to the
 * caller's array units[0..cap); values live in arena a; pointers into p stay
 * valid while p does). Returns 0 when the frame and every unit decoded. On
 * failure returns -1 with err: a frame error (E_FRAME, m->nunits = 0), or a
 * unit error that stops the walk with the units decoded so far kept in
 * m->units[0..m->nunits) and m->complete false: E_UNKNOWN (an uncatalogued
 * (AFN, Fn) that is not the last unit, so its length cannot be known),
 * E_SHORT/E_FORMAT/... from the layout (message prefixed "p2 F129: "),
 * E_FRAME for a bad identifier or a truncated one, E_SPACE when more than
 * cap units, E_ARENA when the arena is full. */
int gdw13761_msg_decode(const uint8_t *p, size_t len, gdw13761_msg *m, gdw13761_unit *units,
                        size_t cap, mdc_arena *a, gdw13761_err *err);

/* Encodes the frame f (every link field; f->units is ignored) with the data
 * units units[0..n) into out[0..cap). The (pn, Fn) pairs are grouped into
 * the fewest identifiers (gdw13761_dadt_group); inside each identifier the
 * units follow pn-outer, Fn-inner order, each encoded with its catalogue
 * layout. Duplicate (pn, Fn) pairs are an error. Returns 0 with *written,
 * or -1 with err: E_UNKNOWN (uncatalogued Fn without a BYTES value),
 * E_FORMAT/E_MISSING/... from the layout (prefixed "p2 F129: "), E_SPACE,
 * E_FRAME from the frame encoder. */
int gdw13761_msg_encode(const gdw13761_frame *f, const gdw13761_unit *units, size_t n, uint8_t *out,
                        size_t cap, size_t *written, gdw13761_err *err);

/* The same two operations on a bare data-unit region (identifiers + units,
 * no frame), for multi-frame answers:
 *
 *   encode_units -> spans (one per identifier with its units) ->
 *   gdw13761_split_* -> frames ... frames -> gdw13761_reasm_* -> region ->
 *   decode_units
 *
 * gdw13761_msg_decode_units: like gdw13761_msg_decode on p[0..len) of the
 * given AFN and direction (m->frame holds only afn, dir and the region;
 * error offsets are region offsets). */
int gdw13761_msg_decode_units(uint8_t afn, bool uplink, const uint8_t *p, size_t len,
                              gdw13761_msg *m, gdw13761_unit *units, size_t cap, mdc_arena *a,
                              gdw13761_err *err);

/* gdw13761_msg_encode_units: writes the region for units[0..n) into
 * out[0..cap) (*written bytes) and, when spans is not NULL, one span per
 * identifier (pointing into out) into spans[0..span_cap), their number in
 * *nspans (may be NULL). Errors as gdw13761_msg_encode, plus E_SPACE when
 * more than span_cap identifiers. */
int gdw13761_msg_encode_units(uint8_t afn, bool uplink, const gdw13761_unit *units, size_t n,
                              uint8_t *out, size_t cap, size_t *written, gdw13761_span *spans,
                              size_t span_cap, size_t *nspans, gdw13761_err *err);

#endif
