/* Meter-event detector: per-point state in the store, meter bytes and record
 * building (mev_int.h). */
#include <stdio.h>
#include <string.h>

#include "mdc/bcd.h"
#include "mev_int.h"

static void state_key(uint16_t pn, char key[16])
{
    snprintf(key, 16, "mev_%u", (unsigned)pn);
}

uint32_t mev_state_get(store *st, uint16_t pn)
{
    char key[16];
    int64_t v = 0;
    state_key(pn, key);
    if (store_state_get(st, key, &v, 0) != 0 || v < 0 || v > (int64_t)UINT32_MAX)
        return 0;
    return (uint32_t)v;
}

void mev_state_set(store *st, uint16_t pn, uint32_t s)
{
    char key[16];
    state_key(pn, key);
    (void)store_state_set(st, key, (int64_t)s);
}

bool mev_bcd(const uint8_t *p, size_t n, uint64_t *v)
{
    return mdc_bcd_decode_le(p, n, v);
}

uint16_t mev_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

mdc_value *mev_rec_new(mdc_arena *a, int64_t now_s, uint16_t pn, int occurred)
{
    mdc_value *o = mdc_v_new(a, MDC_V_OBJECT);
    if (!o)
        return NULL;
    mev_add_time_s(a, o, "time", now_s);
    mdc_v_add_int(a, o, "pn", pn, NULL);
    if (occurred >= 0)
        mdc_v_add_int(a, o, "occurred", occurred, NULL);
    return a->full ? NULL : o;
}

void mev_add_time_s(mdc_arena *a, mdc_value *o, const char *key, int64_t t)
{
    if (t <= 0) {
        mdc_v_add_null(a, o, key);
        return;
    }
    mdc_tm tm;
    mdc_tm_from_epoch(t, &tm);
    tm.fields = MDC_TM_FULL;
    mdc_v_add_time(a, o, key, &tm);
}

void mev_add_meter_time(mdc_arena *a, mdc_value *o, const char *key, const uint8_t *p)
{
    mdc_tm tm;
    memset(&tm, 0, sizeof tm);
    if (p) {
        unsigned v[6]; /* ss mm hh DD MM YY */
        bool ok = true;
        for (size_t i = 0; i < 6; i++) {
            ok = ok && mdc_bcd_valid(p[i]);
            v[i] = ok ? mdc_bcd_to_u8(p[i]) : 0;
        }
        tm.year = (uint16_t)(2000u + v[5]);
        tm.mon = (uint8_t)v[4];
        tm.day = (uint8_t)v[3];
        tm.hour = (uint8_t)v[2];
        tm.min = (uint8_t)v[1];
        tm.sec = (uint8_t)v[0];
        tm.fields = MDC_TM_FULL;
        if (ok && mdc_tm_valid(&tm)) {
            mdc_v_add_time(a, o, key, &tm);
            return;
        }
    }
    mdc_v_add_null(a, o, key);
}

void mev_add_kwh(mdc_arena *a, mdc_value *o, const char *key, const uint8_t *p, uint8_t scale,
                 bool sign_bit, const char *unit)
{
    uint64_t v;
    if (!p || (sign_bit && (p[3] & 0x80u)) || !mev_bcd(p, 4, &v) || scale < 2) {
        mdc_v_add_null(a, o, key);
        return;
    }
    mdc_v_add_dec(a, o, key, (int64_t)(v * mdc_pow10(scale - 2u)), scale, unit);
}

bool mev_current(store *st, uint16_t pn, uint32_t di, uint8_t *out, size_t cap, size_t *len,
                 int64_t *ts)
{
    int64_t t = 0;
    size_t n = 0;
    if (store_data_get_current(st, pn, di, &t, out, cap, &n) != 0)
        return false;
    *len = n;
    if (ts)
        *ts = t;
    return true;
}

/* The total (first 4 bytes) of the block, else of the single total item. */
static const uint8_t *total_of(store *st, uint16_t pn, uint32_t block, uint32_t single,
                               uint8_t out[4], int64_t *ts)
{
    uint8_t buf[256];
    size_t n = 0;
    if ((mev_current(st, pn, block, buf, sizeof buf, &n, ts) ||
         mev_current(st, pn, single, buf, sizeof buf, &n, ts)) &&
        n >= 4) {
        memcpy(out, buf, 4);
        return out;
    }
    return NULL;
}

void mev_readings(store *st, uint16_t pn, uint8_t fwd[4], const uint8_t **pf, uint8_t rea[4],
                  const uint8_t **pr, int64_t *ts)
{
    int64_t t = 0, t2 = 0;
    *pf = total_of(st, pn, 0x0001FF00u, 0x00010000u, fwd, &t);
    *pr = total_of(st, pn, 0x0003FF00u, 0x00030000u, rea, &t2);
    *ts = *pf ? t : 0;
}

void mev_raise(cc_events *e, uint8_t erc, const mdc_arena *a, const mdc_value *rec, int64_t now_s)
{
    if (!rec || a->full) {
        e->failed++;
        snprintf(e->why, sizeof e->why, "ERC%u: record too large for the detector's arena",
                 (unsigned)erc);
        return;
    }
    (void)cc_events_raise(e, erc, rec, now_s, NULL);
}
