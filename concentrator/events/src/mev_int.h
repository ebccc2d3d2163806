/* Internals of the meter-event detector (mev.c, mev_meter.c, mev_rec.c):
 * the per-point state kept in the store and the record-building helpers.
 * Private to concentrator/events. */
#ifndef CC_MEV_INT_H
#define CC_MEV_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cc/events.h"
#include "mdc/value.h"

/* Arena size for one record's value tree (ERC37 is the largest: ~30 nodes). */
#define MEV_ARENA 6144u

/* ---- per-point state (store_state key "mev_<pn>", a bit mask) ----
 * Kept in the store so that a restart neither repeats nor loses a
 * transition (ERC31 failing, ERC12 clock) and so that an event counted in
 * one item can be raised with the details of the record read after it in
 * the same round (pending bits, raised by cc_mevents_on_meter). */
enum {
    MEV_S_FAILING = 1u << 0,   /* ERC31 occurred and not restored */
    MEV_S_CLOCK_BAD = 1u << 1, /* ERC12 occurred and not restored */
    MEV_S_PEND_8 = 1u << 8,    /* programming count rose: ERC8 with record 03300001 */
    MEV_S_PEND_37 = 1u << 9,   /* cover count rose: ERC37 with 03300D01 */
    MEV_S_PEND_38 = 1u << 10,  /* terminal-box count rose: ERC38 with 03300E01 */
    MEV_S_PEND_40 = 1u << 11,  /* magnetic count rose: ERC40 (needs the meter address) */
};

/* The point's state (0 when never set or when the store fails). */
uint32_t mev_state_get(store *st, uint16_t pn);
/* Stores it (errors are ignored: a lost bit costs one event at most). */
void mev_state_set(store *st, uint16_t pn, uint32_t s);

/* ---- reading meter bytes ---- */

/* n BCD bytes, low byte first, into *v; false when a nibble is not BCD. */
bool mev_bcd(const uint8_t *p, size_t n, uint64_t *v);
/* Little-endian 16-bit word. */
uint16_t mev_le16(const uint8_t *p);

/* ---- building records ---- */

/* A new record OBJECT with "time" (A.15 of now_s) and "pn"; "occurred" is
 * added when occurred >= 0 (records with the D15 start/stop flag). NULL
 * when the arena is full. */
mdc_value *mev_rec_new(mdc_arena *a, int64_t now_s, uint16_t pn, int occurred);
/* A terminal time (seconds) as TIME, or NULL (missing, EE) when t <= 0. */
void mev_add_time_s(mdc_arena *a, mdc_value *o, const char *key, int64_t t);
/* A meter time YYMMDDhhmmss (6 bytes, ss first) as TIME; NULL when p is
 * NULL or the time is not valid (an unfinished event's zero end time). */
void mev_add_meter_time(mdc_arena *a, mdc_value *o, const char *key, const uint8_t *p);
/* A meter reading XXXXXX.XX (4 bytes BCD) as DEC with `scale` decimals
 * (2 for A.11, 4 for A.14); NULL when p is NULL, not BCD or, when sign_bit,
 * negative (bit 7 of the top byte: combined reactive). */
void mev_add_kwh(mdc_arena *a, mdc_value *o, const char *key, const uint8_t *p, uint8_t scale,
                 bool sign_bit, const char *unit);

/* The stored current value of (pn, di): copies up to cap bytes into out and
 * gives the length and the terminal time it was read; false when none. */
bool mev_current(store *st, uint16_t pn, uint32_t di, uint8_t *out, size_t cap, size_t *len,
                 int64_t *ts);
/* The forward active total (4 bytes) and combined reactive 1 total stored
 * for pn (blocks 0001FF00 / 0003FF00, else items 00010000 / 00030000) into
 * fwd[4] / rea[4]; a pointer is set to NULL when not stored. *ts is the
 * time of the forward reading (0 when none). */
void mev_readings(store *st, uint16_t pn, uint8_t fwd[4], const uint8_t **pf, uint8_t rea[4],
                  const uint8_t **pr, int64_t *ts);

/* Raises ERC8 for pn with the flags of Table 362 (bit i = D i). */
void mev_raise_erc8(cc_events *e, uint16_t pn, int64_t now_s, unsigned flags);

/* Raises erc with rec built in a. A NULL rec or a full arena raises nothing
 * and counts a failure of e (e->why says so). */
void mev_raise(cc_events *e, uint8_t erc, const mdc_arena *a, const mdc_value *rec, int64_t now_s);

#endif
