/* Meter data: what the reader brought back, kept and frozen by the terminal
 * clock, and served as Q/GDW 1376.1 class-1 (AFN0C) and class-2 (AFN0D)
 * data of the measurement points (R-C8, R-C17).
 *
 * The store keeps the meters' own bytes: data items in the DL/T 645-2007
 * form (the reader converts 1997 answers), keyed by measurement point and DI,
 * in the current, daily, reading-day, monthly and curve tables
 * (cc/store.h). The conversion to 1376.1 happens once, when the master asks
 * (mdata_build_0c / mdata_build_0d), so what is stored is what the meter said.
 *
 * Freezing (by the terminal clock; §5.13.1.3 of the standard):
 * - daily (Td_d = D): the value at 00:00 of day D+1. A 2007 meter's own
 *   daily freeze (05060001 time, 0506xxnn blocks) wins; otherwise the first
 *   reading taken on day D+1 is frozen as day D (never overwritten by later
 *   readings of that day);
 * - reading-day (抄表日): the first reading at or after the reading-day time
 *   on a reading day of the port's AFN04 F33;
 * - monthly (Td_m = M): the first reading taken in month M+1;
 * - curves: a point every 15 minutes of the terminal clock; the first reading
 *   at or after a grid time (and before the next one) is that point's value.
 *   Answers at 15/30/60 min densities (m = 1, 2, 3) from that grid; points
 *   never read are EE.
 * Retention is the store's (62 days, 62 reading days, 12 months, 31 days of
 * curves).
 *
 * Missing data: a point with nothing stored for an Fn leaves the unit out
 * (the DT bit is cleared); a unit with some fields missing carries EE bytes
 * for them (NULL values).
 *
 * No I/O besides the store; no clock (times are passed in). */
#ifndef CC_MDATA_H
#define CC_MDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cc/store.h"
#include "mdc/value.h"

/* What mdata needs to know about a measurement point (from AFN04 F10/F25 and
 * the port's F33). */
typedef struct mdata_point {
    uint16_t point;        /* pn */
    uint8_t port;          /* 1376.1 port */
    uint8_t protocol;      /* AFN04 F10 code: 1 (645-1997), 30 (645-2007) */
    uint8_t tariffs;       /* 1..12 */
    bool three_phase;      /* F25 wiring */
    uint32_t read_days;    /* the port's F33 reading days (bit d-1 = day d) */
    uint16_t read_day_min; /* the port's F33 reading-day time, minute of the day */
} mdata_point;

/* The point's configuration from the store (F10 entry whose point is pn,
 * F25 of pn, F33 of its port). Returns 0, STORE_E_NOTFOUND when pn is not
 * configured, or another store error. */
int mdata_point_lookup(store *st, uint16_t pn, mdata_point *out);

/* One item read at terminal time clock_s (seconds, mdc_tm epoch): stored as
 * current data, and frozen into the daily / reading-day / monthly / curve
 * tables per the rules above. The caller has the store transaction open
 * (store_round_begin). Returns 0 or a store error. Items the mapping does
 * not use are still kept as current data (AFN10 F9 and diagnostics). */
int mdata_on_item(store *st, const mdata_point *p, uint32_t di, const uint8_t *data, size_t len,
                  int64_t clock_s);

/* True when mdata answers (AFN, Fn) for measurement points (pn >= 1). */
bool mdata_supports(uint8_t afn, uint16_t fn);

/* The answer unit of AFN0C Fn for point pn (its fields named as in the
 * catalogue layout), built in arena a; *out NULL when the point has no data
 * for it (leave the unit out). now_s is the terminal clock. Returns 0, or a
 * store error, or STORE_E_SPACE when the arena is full. */
int mdata_build_0c(store *st, uint16_t pn, uint16_t fn, int64_t now_s, mdc_arena *a,
                   mdc_value **out);

/* The answer unit of AFN0D Fn for point pn: req is the request's decoded
 * unit value (the time label: td_d, td_m or td_c); the answer repeats it.
 * *out NULL when nothing is stored for that label (or the label is invalid or
 * in the future). Returns as mdata_build_0c. */
int mdata_build_0d(store *st, uint16_t pn, uint16_t fn, const mdc_value *req, int64_t now_s,
                   mdc_arena *a, mdc_value **out);

#endif
