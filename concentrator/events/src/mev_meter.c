/* The meter-event detector, meter part (cc/events.h, docs/meter-events.md):
 * at the end of a meter's turn, ERC31 (reading failure and its recovery),
 * ERC12 (meter clock out of tolerance and back) and the pending events of
 * mev.c with the event records read after their counts (ERC8, ERC37, ERC38,
 * ERC40); at the end of the day, ERC39 (re-reading failed). */
#include <stdio.h>
#include <string.h>

#include "mev_int.h"

/* ---- ERC8 from the programming record 03300001 ---- */

/* What a programmed DI changed, as ERC8 flags (Table 362 bit i = D i). */
static unsigned erc8_of_di(uint32_t di)
{
    uint32_t hi = di >> 16;
    if (hi == 0x0401u || hi == 0x0402u || hi == 0x0403u || /* zone / segment tables, holidays */
        (di & 0xFFFFFF00u) == 0x04000200u ||               /* zone, table, segment, tariff counts */
        di == 0x04000106u || di == 0x04000107u)            /* switch-over times */
        return 1u << 0;
    if ((di & 0xFFFFFF00u) == 0x04000B00u) /* settlement (reading) days */
        return 1u << 2;
    if (di == 0x04000409u || di == 0x0400040Au) /* active / reactive meter constant */
        return 1u << 3;
    if (di == 0x04000306u || di == 0x04000307u) /* CT / PT ratio */
        return 1u << 4;
    return 0;
}

/* The record stored for rec_di when it was read at or after the count
 * (this round), else NULL. */
static const uint8_t *fresh_record(store *st, uint16_t pn, uint32_t count_di, uint32_t rec_di,
                                   uint8_t *buf, size_t cap, size_t need)
{
    uint8_t cnt[16];
    size_t n = 0, rn = 0;
    int64_t tc = 0, tr = 0;
    if (!mev_current(st, pn, count_di, cnt, sizeof cnt, &n, &tc) ||
        !mev_current(st, pn, rec_di, buf, cap, &rn, &tr) || rn < need || tr < tc)
        return NULL;
    return buf;
}

static void flush_erc8(cc_events *e, uint16_t pn, int64_t now)
{
    uint8_t rec[64];
    const uint8_t *r = fresh_record(e->st, pn, 0x03300000u, 0x03300001u, rec, sizeof rec, 50);
    unsigned flags = 1u << 1; /* D1: the meter's programming time changed */
    for (size_t i = 0; r && i < 10; i++) {
        const uint8_t *p = r + 10 + 4 * i; /* time 6, operator 4, 10 DIs (DI0 first) */
        flags |= erc8_of_di((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                            (uint32_t)p[3] << 24);
    }
    mev_raise_erc8(e, pn, now, flags);
}

/* ---- ERC37 / ERC38 (Tables 392, 393) from 03300D01 / 03300E01 ---- */

static const char *const energy_keys[] = {"fwd_active",  "rev_active",  "q1_reactive",
                                          "q2_reactive", "q3_reactive", "q4_reactive"};

static void add_energies(mdc_arena *a, mdc_value *r, const char *key, const uint8_t *p)
{
    mdc_value *g = mdc_v_add_obj(a, r, key);
    for (size_t i = 0; g && i < 6; i++)
        mev_add_kwh(a, g, energy_keys[i], p ? p + 4 * i : NULL, 2, false, i < 2 ? "kWh" : "kvarh");
}

static void flush_cover(cc_events *e, uint16_t pn, int64_t now, uint8_t erc, uint32_t count_di)
{
    uint8_t rec[128], cnt[16];
    size_t n = 0;
    uint64_t count = 0;
    bool have_count = mev_current(e->st, pn, count_di, cnt, sizeof cnt, &n, NULL) && n >= 3 &&
                      mev_bcd(cnt, 3, &count);
    const uint8_t *r = fresh_record(e->st, pn, count_di, count_di + 1u, rec, sizeof rec, 60);
    uint8_t buf[MEV_ARENA];
    mdc_arena a;
    mdc_arena_init(&a, buf, sizeof buf);
    mdc_value *o = mev_rec_new(&a, now, pn, -1);
    if (o) {
        if (have_count)
            mdc_v_add_int(&a, o, "count", (int64_t)count, NULL);
        else
            mdc_v_add_null(&a, o, "count");
        /* start 6, end 6, six energies before, six after (XXXXXX.XX each) */
        mev_add_meter_time(&a, o, "start", r);
        mev_add_meter_time(&a, o, "end", r ? r + 6 : NULL);
        add_energies(&a, o, "before", r ? r + 12 : NULL);
        add_energies(&a, o, "after", r ? r + 36 : NULL);
    }
    mev_raise(e, erc, &a, o, now);
}

/* ---- ERC40 (Table 395): a meter's magnetic-interference count rose ---- */

static void flush_erc40(cc_events *e, uint16_t pn, const cc_reader_meter *m, int64_t now)
{
    uint8_t buf[MEV_ARENA];
    mdc_arena a;
    mdc_arena_init(&a, buf, sizeof buf);
    mdc_value *o = mev_rec_new(&a, now, pn, 1);
    if (o) {
        char addr[13];
        for (size_t i = 0; i < 6; i++) /* wire order A0 first; digits A5 first */
            snprintf(addr + 2 * i, 3, "%02X", m->addr[5 - i]);
        mdc_v_add_int(&a, o, "device_type", 2, NULL); /* 02H: meter */
        mdc_v_add_str(&a, o, "device_addr", addr, 12);
        mdc_v_add_int(&a, o, "anomaly", 2, NULL); /* constant (strong) magnetic field */
    }
    mev_raise(e, 40, &a, o, now);
}

/* ---- ERC31 / ERC39 (Tables 386, 394): same shape ---- */

static void raise_reading(cc_events *e, uint8_t erc, uint16_t pn, int occurred, int64_t last_ok,
                          int64_t now)
{
    uint8_t fwd[4], rea[4];
    const uint8_t *pf, *pr;
    int64_t ts = 0;
    mev_readings(e->st, pn, fwd, &pf, rea, &pr, &ts);
    if (last_ok <= 0)
        last_ok = ts;
    uint8_t buf[MEV_ARENA];
    mdc_arena a;
    mdc_arena_init(&a, buf, sizeof buf);
    mdc_value *o = mev_rec_new(&a, now, pn, occurred);
    if (o) {
        mev_add_time_s(&a, o, "last_ok", last_ok);
        mev_add_kwh(&a, o, "fwd_active", pf, 4, false, "kWh");
        mev_add_kwh(&a, o, "fwd_reactive", pr, 2, true, "kvarh");
    }
    mev_raise(e, erc, &a, o, now);
}

static void raise12(cc_events *e, uint16_t pn, int occurred, int64_t now)
{
    uint8_t buf[512];
    mdc_arena a;
    mdc_arena_init(&a, buf, sizeof buf);
    mev_raise(e, 12, &a, mev_rec_new(&a, now, pn, occurred), now);
}

void cc_mevents_on_meter(cc_events *e, const cc_mevents_cfg *cfg, uint16_t pn,
                         const cc_reader_meter *m, const cc_reader_meter_stats *prev,
                         const cc_reader_meter_stats *now_st, int64_t now_s)
{
    (void)prev; /* the transitions are kept in the store (they survive restarts) */
    if (!e || !e->st || !cfg || !m || !now_st || pn == 0)
        return;
    const uint32_t s0 = mev_state_get(e->st, pn);
    uint32_t s = s0;

    /* ERC31: occurred on the transition to failing, restored when it answers */
    int64_t last_ok = now_st->last_ok_clock_ms / 1000;
    if (now_st->failing && !(s & MEV_S_FAILING)) {
        raise_reading(e, 31, pn, 1, last_ok, now_s);
        s |= MEV_S_FAILING;
    } else if (!now_st->failing && (s & MEV_S_FAILING)) {
        raise_reading(e, 31, pn, 0, last_ok, now_s);
        s &= ~(uint32_t)MEV_S_FAILING;
    }

    /* ERC12: |meter clock - terminal clock| over F59's threshold (0: off) */
    if (now_st->clock_valid && !now_st->failing) {
        int64_t dev =
            now_st->clock_dev_s < 0 ? -(int64_t)now_st->clock_dev_s : (int64_t)now_st->clock_dev_s;
        bool bad = cfg->clock_dev_min > 0 && dev > (int64_t)cfg->clock_dev_min * 60;
        if (bad && !(s & MEV_S_CLOCK_BAD)) {
            raise12(e, pn, 1, now_s);
            s |= MEV_S_CLOCK_BAD;
        } else if (!bad && (s & MEV_S_CLOCK_BAD)) {
            raise12(e, pn, 0, now_s);
            s &= ~(uint32_t)MEV_S_CLOCK_BAD;
        }
    }

    /* the events counted in this turn, with the records read after the counts */
    if (s & MEV_S_PEND_8)
        flush_erc8(e, pn, now_s);
    if (s & MEV_S_PEND_37)
        flush_cover(e, pn, now_s, 37, 0x03300D00u);
    if (s & MEV_S_PEND_38)
        flush_cover(e, pn, now_s, 38, 0x03300E00u);
    if (s & MEV_S_PEND_40)
        flush_erc40(e, pn, m, now_s);
    s &= ~(uint32_t)(MEV_S_PEND_8 | MEV_S_PEND_37 | MEV_S_PEND_38 | MEV_S_PEND_40);

    if (s != s0)
        mev_state_set(e->st, pn, s);
}

void cc_mevents_on_reread_failed(cc_events *e, uint16_t pn, const cc_reader_meter *m, int64_t now_s)
{
    (void)m;
    if (!e || !e->st || pn == 0)
        return;
    raise_reading(e, 39, pn, 1, 0, now_s);
}
