/* The meter-event detector over a real store in a unique /tmp directory.
 * Items are fed as the shell does (the value stored before, then the new
 * one stored as mdata would), meters end their turn with reader
 * statistics; every raised record is read back from the store and decoded
 * with the catalogue's ERC layouts, field by field. Item bytes are the
 * DL/T 645-2007 data (33H removed, low byte first), written out here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cc/events.h"
#include "dlt645/di.h"
#include "gdw13761/catalog.h"
#include "gdw13761/erc.h"
#include "gdw13761/layout.h"
#include "mdc/hex.h"
#include "mdc/mtime.h"

#include "ev_harness.h"

typedef struct rt {
    store_tmp db;
    cc_events ev;
    cc_mevents_cfg cfg;
    cc_reader_meter m;
    uint8_t abuf[16384];
    mdc_arena a;
} rt;

/* 2026-11-21 10:30:00 */
static int64_t t0(void)
{
    mdc_tm tm = {.year = 2026, .mon = 11, .day = 21, .hour = 10, .min = 30, .fields = MDC_TM_FULL};
    return mdc_tm_to_epoch(&tm);
}

static int setup(void **state)
{
    rt *t = calloc(1, sizeof *t);
    if (!t || ev_open(&t->db, &t->ev, "cc_mev") != 0)
        return -1;
    cc_mevents_cfg_load(t->db.st, &t->cfg);
    t->m.point = 3;
    const uint8_t addr[6] = {0x12, 0x00, 0x00, 0x00, 0x00, 0x00}; /* 000000000012 */
    memcpy(t->m.addr, addr, 6);
    t->m.protocol = CC_PROTO_645_2007;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    rt *t = *state;
    store_tmp_remove(&t->db);
    free(t);
    return 0;
}

/* What the shell does for one item: the stored value (NULL when none) to the
 * detector, then the new value stored (as mdata_on_item would). */
static void feed(rt *t, uint16_t pn, uint32_t di, const char *h, int64_t now)
{
    uint8_t d[256], old[256];
    size_t n = ev_hex(h, d, sizeof d), on = 0;
    int64_t ts = 0;
    int rc = store_data_get_current(t->db.st, pn, di, &ts, old, sizeof old, &on);
    cc_mevents_on_item(&t->ev, &t->cfg, pn, di, rc == 0 ? old : NULL, on, d, n, now);
    assert_int_equal(store_data_put_current(t->db.st, pn, di, now, d, n), 0);
}

/* Records stored (both classes). */
static size_t nev(rt *t)
{
    size_t a = 0, b = 0;
    assert_int_equal(store_event_count(t->db.st, STORE_EV_IMPORTANT, &a), 0);
    assert_int_equal(store_event_count(t->db.st, STORE_EV_GENERAL, &b), 0);
    return a + b;
}

/* The k-th latest general record (k = 1 the newest), decoded; checks its ERC. */
static const mdc_value *rec(rt *t, unsigned k, uint8_t want_erc)
{
    uint8_t ec1 = 0, ec2 = 0, b[300], erc = 0;
    size_t n = 0, used = 0;
    assert_int_equal(store_event_counters(t->db.st, &ec1, &ec2), 0);
    assert_int_equal(
        store_event_get(t->db.st, STORE_EV_GENERAL, (uint8_t)(ec2 - k), b, sizeof b, &n), 0);
    mdc_arena_init(&t->a, t->abuf, sizeof t->abuf);
    mdc_value *v = NULL;
    gdw13761_err err;
    if (gdw13761_erc_decode(b, n, &used, &erc, &t->a, &v, &err) != 0)
        fail_msg("decode: %s", err.msg);
    assert_int_equal(used, n);
    assert_int_equal(erc, want_erc);
    assert_non_null(v);
    return v;
}

static int64_t ival(const mdc_value *o, const char *key)
{
    int64_t v = -1;
    const mdc_value *m = mdc_v_get(o, key);
    if (!m || !mdc_v_mant(m, 0, &v))
        fail_msg("%s: not an integer", key);
    return v;
}

/* A number as a mantissa at scale (1234.56 kWh at 4 -> 12345600). */
static int64_t mval(const mdc_value *o, const char *key, uint8_t scale)
{
    int64_t v = -1;
    const mdc_value *m = mdc_v_get(o, key);
    if (!m || !mdc_v_mant(m, scale, &v))
        fail_msg("%s: not a number", key);
    return v;
}

static void assert_null_field(const mdc_value *o, const char *key)
{
    const mdc_value *m = mdc_v_get(o, key);
    assert_non_null(m);
    assert_int_equal(m->kind, MDC_V_NULL);
}

static void assert_time(const mdc_value *o, const char *key, int64_t want)
{
    const mdc_value *m = mdc_v_get(o, key);
    assert_non_null(m);
    assert_int_equal(m->kind, MDC_V_TIME);
    mdc_tm w;
    mdc_tm_from_epoch(want, &w);
    assert_int_equal(m->u.tm.year, w.year);
    assert_int_equal(m->u.tm.mon, w.mon);
    assert_int_equal(m->u.tm.day, w.day);
    assert_int_equal(m->u.tm.hour, w.hour);
    assert_int_equal(m->u.tm.min, w.min);
    if (m->u.tm.fields & MDC_TM_SEC)
        assert_int_equal(m->u.tm.sec, w.sec);
}

static void assert_bytes(const mdc_value *v, const char *h)
{
    uint8_t b[16];
    size_t n = ev_hex(h, b, sizeof b);
    assert_non_null(v);
    assert_int_equal(v->kind, MDC_V_BYTES);
    assert_int_equal(v->u.bytes.len, n);
    assert_memory_equal(v->u.bytes.p, b, n);
}

/* The record head: time = now, pn, and the D15 flag when the ERC has one. */
static void assert_head(const mdc_value *r, int64_t now, uint16_t pn, int occurred)
{
    assert_time(r, "time", now);
    assert_int_equal(ival(r, "pn"), pn);
    if (occurred >= 0)
        assert_int_equal(ival(r, "occurred"), occurred);
}

/* ---- F59 ---- */

static void test_f59_thresholds(void **state)
{
    rt *t = *state;
    /* defaults: clock 5 min (the store's F59 default), any decrease */
    assert_int_equal(t->cfg.clock_dev_min, 5);
    assert_int_equal(t->cfg.down_kwh_x100, 0);

    /* the catalogue: AFN04 down and AFN0A up, Table 69 */
    const gdw13761_fn *row = gdw13761_cat_find(0x04, 59, GDW13761_DOWN);
    assert_non_null(row);
    assert_non_null(gdw13761_cat_find(0x0A, 59, GDW13761_UP));
    uint8_t d[4];
    size_t dn = 0, used = 0;
    assert_int_equal(store_param_get(t->db.st, 59, 0, d, sizeof d, &dn), 0);
    assert_int_equal(dn, 4);
    mdc_arena_init(&t->a, t->abuf, sizeof t->abuf);
    mdc_value *v = NULL;
    gdw13761_err err;
    assert_int_equal(gdw13761_unit_decode(row->layout, d, dn, &used, &t->a, &v, &err), 0);
    assert_int_equal(mval(v, "energy_tolerance", 1), 20); /* 2.0 */
    assert_int_equal(mval(v, "fast_threshold", 1), 50);   /* 5.0 */
    assert_int_equal(ival(v, "stop_threshold"), 16);      /* 16 x 15 min */
    assert_int_equal(ival(v, "clock_threshold"), 5);

    /* the master sets 1.5, 3.0, 8 x 15 min, 10 min */
    const uint8_t f59[4] = {0x15, 0x30, 0x08, 0x0A};
    if (store_param_set(t->db.st, 59, 0, f59, 4, 1, t0()) != 0)
        fail_msg("F59: %s", store_errmsg(t->db.st));
    cc_mevents_cfg_load(t->db.st, &t->cfg);
    assert_int_equal(t->cfg.clock_dev_min, 10);
}

/* ---- first readings and unchanged values ---- */

static void test_first_reading_is_baseline(void **state)
{
    rt *t = *state;
    int64_t now = t0();
    /* everything as if the meter had had every event already */
    const struct {
        uint32_t di;
        const char *h;
    } items[] = {
        {0x0001FF00u, "5634120000000000000000000000000000000000"},
        {0x040005FFu, "0C00000010008000000000000000"},
        {0x03300000u, "090000"},
        {0x03300D00u, "020000"},
        {0x03350000u, "010000"},
    };
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        feed(t, 3, items[i].di, items[i].h, now);
    assert_int_equal(nev(t), 0);
    /* the same values again: nothing changed */
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        feed(t, 3, items[i].di, items[i].h, now + 900);
    cc_reader_meter_stats st = {.last_ok_clock_ms = (now + 900) * 1000};
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 900);
    assert_int_equal(nev(t), 0);
    /* unknown DIs and a daily freeze are not events */
    feed(t, 3, 0x05060101u, "5634120000000000000000000000000000000000", now + 1800);
    feed(t, 3, 0x05060101u, "0000000000000000000000000000000000000000", now + 2700);
    assert_int_equal(nev(t), 0);
}

/* ---- ERC27 ---- */

static void test_erc27_reading_down(void **state)
{
    rt *t = *state;
    int64_t now = t0();
    feed(t, 3, 0x0001FF00u, "5634120000000000000000000000000000000000", now); /* 1234.56 */
    feed(t, 3, 0x0001FF00u, "6034120000000000000000000000000000000000", now + 900);
    assert_int_equal(nev(t), 0); /* up: normal */
    feed(t, 3, 0x0001FF00u, "0000120000000000000000000000000000000000", now + 1800); /* 1200 */
    assert_int_equal(nev(t), 1);
    const mdc_value *r = rec(t, 1, 27);
    assert_head(r, now + 1800, 3, 1);
    assert_int_equal(mval(r, "before", 4), 12346000); /* 1234.6000 (A.14) */
    assert_int_equal(mval(r, "after", 4), 12000000);
    /* going on from the lower value: nothing */
    feed(t, 3, 0x0001FF00u, "0100120000000000000000000000000000000000", now + 2700);
    assert_int_equal(nev(t), 1);

    /* the single item of a meter that denies the block; threshold 1.00 kWh */
    t->cfg.down_kwh_x100 = 100;
    feed(t, 4, 0x00010000u, "00500000", now);       /* 50.00 */
    feed(t, 4, 0x00010000u, "00490000", now + 900); /* 49.00: exactly 1.00 down */
    assert_int_equal(nev(t), 1);
    feed(t, 4, 0x00010000u, "99470000", now + 1800); /* 47.99: 1.01 down */
    assert_int_equal(nev(t), 2);
    r = rec(t, 1, 27);
    assert_head(r, now + 1800, 4, 1);
    assert_int_equal(mval(r, "before", 4), 490000);
    assert_int_equal(mval(r, "after", 4), 479900);
    /* reverse active going down is not ERC27 (its record is the forward reading) */
    feed(t, 4, 0x0002FF00u, "00500000", now);
    feed(t, 4, 0x0002FF00u, "00100000", now + 900);
    assert_int_equal(nev(t), 2);
}

/* ---- ERC33 and ERC13 from the status words ---- */

static void test_erc33_status_words(void **state)
{
    rt *t = *state;
    int64_t now = t0();
    feed(t, 3, 0x040005FFu, "0000000000000000000000000000", now);
    /* SW1 b2 clock battery low, SW3 b4 relay off, SW4 b7 phase A break */
    feed(t, 3, 0x040005FFu, "0400000010008000000000000000", now + 900);
    assert_int_equal(nev(t), 2);
    const mdc_value *r = rec(t, 2, 33);
    assert_head(r, now + 900, 3, -1);
    const mdc_value *ch = mdc_v_get(r, "changed"), *sw = mdc_v_get(r, "status");
    assert_non_null(ch);
    assert_non_null(sw);
    assert_int_equal(ch->u.list.n, 7);
    assert_int_equal(sw->u.list.n, 7);
    const char *const want[7] = {"0400", "0000", "1000", "8000", "0000", "0000", "0000"};
    for (size_t i = 0; i < 7; i++) {
        assert_bytes(mdc_v_at(ch, i), want[i]);
        assert_bytes(mdc_v_at(sw, i), want[i]);
    }
    /* ERC13 on the rising edges: battery low, phase break */
    r = rec(t, 1, 13);
    assert_head(r, now + 900, 3, 1);
    assert_int_equal(ival(r, "battery_low"), 1);
    assert_int_equal(ival(r, "phase_break_count"), 1);
    assert_int_equal(ival(r, "program_count"), 0);
    assert_int_equal(ival(r, "voltage_loss_count"), 0);
    assert_int_equal(ival(r, "power_off_count"), 0);

    /* battery replaced, the relay closes: ERC33, ERC13 restored (battery) */
    feed(t, 3, 0x040005FFu, "0000000000008000000000000000", now + 1800);
    assert_int_equal(nev(t), 4);
    r = rec(t, 2, 33);
    assert_bytes(mdc_v_at(mdc_v_get(r, "changed"), 0), "0400");
    assert_bytes(mdc_v_at(mdc_v_get(r, "changed"), 2), "1000");
    assert_bytes(mdc_v_at(mdc_v_get(r, "changed"), 3), "0000");
    assert_bytes(mdc_v_at(mdc_v_get(r, "status"), 3), "8000");
    r = rec(t, 1, 13);
    assert_head(r, now + 1800, 3, 0);
    assert_int_equal(ival(r, "battery_low"), 1);
    assert_int_equal(ival(r, "phase_break_count"), 0);

    /* the single words of another meter: the other words in the record are
     * the stored ones, EE EE for a word never read */
    feed(t, 5, 0x04000501u, "0000", now);
    feed(t, 5, 0x04000503u, "0000", now);
    feed(t, 5, 0x04000503u, "1000", now + 900);
    assert_int_equal(nev(t), 5);
    r = rec(t, 1, 33);
    assert_head(r, now + 900, 5, -1);
    ch = mdc_v_get(r, "changed");
    sw = mdc_v_get(r, "status");
    assert_bytes(mdc_v_at(ch, 0), "0000");
    assert_bytes(mdc_v_at(ch, 2), "1000");
    assert_bytes(mdc_v_at(sw, 0), "0000");
    assert_bytes(mdc_v_at(sw, 1), "EEEE");
    assert_bytes(mdc_v_at(sw, 2), "1000");
    /* SW5 b0 voltage loss of phase B rising: ERC33 + ERC13 D2 */
    feed(t, 5, 0x04000505u, "0000", now);
    feed(t, 5, 0x04000505u, "0100", now + 900);
    assert_int_equal(nev(t), 7);
    r = rec(t, 1, 13);
    assert_int_equal(ival(r, "voltage_loss_count"), 1);
    assert_int_equal(ival(r, "battery_low"), 0);
}

/* ---- ERC8 and ERC13 from the programming counts ---- */

static void test_erc8_programming(void **state)
{
    rt *t = *state;
    int64_t now = t0();
    /* the round before: count 5, its record */
    feed(t, 3, 0x03300000u, "050000", now);
    feed(t, 3, 0x03300001u,
         "000009201126"
         "78563412"
         "0D0B0004"
         "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
         now);
    /* count 6; the record read after it: zone table 04010001 and the first
     * settlement day 04000B01 programmed at 10:15 */
    feed(t, 3, 0x03300000u, "060000", now + 900);
    assert_int_equal(nev(t), 1); /* ERC13 D0 at once */
    const mdc_value *r = rec(t, 1, 13);
    assert_head(r, now + 900, 3, 1);
    assert_int_equal(ival(r, "program_count"), 1);
    assert_int_equal(ival(r, "battery_low"), 0);
    feed(t, 3, 0x03300001u,
         "001510211126"
         "78563412"
         "01000104"
         "010B0004"
         "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
         now + 900);
    assert_int_equal(nev(t), 1);
    cc_reader_meter_stats st = {.last_ok_clock_ms = (now + 900) * 1000};
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 900);
    assert_int_equal(nev(t), 2);
    r = rec(t, 1, 8);
    assert_head(r, now + 900, 3, -1);
    assert_int_equal(ival(r, "tariff_periods"), 1);
    assert_int_equal(ival(r, "program_time"), 1);
    assert_int_equal(ival(r, "reading_day"), 1);
    assert_int_equal(ival(r, "pulse_constant"), 0);
    assert_int_equal(ival(r, "transformer_ratio"), 0);
    assert_int_equal(ival(r, "demand_reset"), 0);
    /* raised once */
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 900);
    assert_int_equal(nev(t), 2);

    /* count 7 but the record failed this round (the stored one is older):
     * ERC8 with D1 only */
    feed(t, 3, 0x03300000u, "070000", now + 1800);
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 1800);
    assert_int_equal(nev(t), 4);
    r = rec(t, 1, 8);
    assert_int_equal(ival(r, "program_time"), 1);
    assert_int_equal(ival(r, "tariff_periods"), 0);
    assert_int_equal(ival(r, "reading_day"), 0);

    /* demand reset count: ERC13 D0 and ERC8 D5 at once */
    feed(t, 3, 0x03300200u, "010000", now);
    feed(t, 3, 0x03300200u, "020000", now + 900);
    assert_int_equal(nev(t), 6);
    r = rec(t, 1, 8);
    assert_int_equal(ival(r, "demand_reset"), 1);
    assert_int_equal(ival(r, "program_time"), 0);
    assert_int_equal(ival(rec(t, 2, 13), "program_count"), 1);
    /* power-down count: ERC13 D3; a count that went down (event reset): nothing */
    feed(t, 3, 0x03110000u, "120000", now);
    feed(t, 3, 0x03110000u, "130000", now + 900);
    assert_int_equal(nev(t), 7);
    assert_int_equal(ival(rec(t, 1, 13), "power_off_count"), 1);
    feed(t, 3, 0x03110000u, "000000", now + 1800);
    assert_int_equal(nev(t), 7);
}

/* ---- ERC37 / ERC38 ---- */

#define COVER_REC                                                                                  \
    "302010211126" /* start 2026-11-21 10:20:30 */                                                 \
    "002510211126" /* end 10:25:00 */                                                              \
    "56341200"                                                                                     \
    "00010000"                                                                                     \
    "00100000"                                                                                     \
    "00000000"                                                                                     \
    "00000000"                                                                                     \
    "50020000" /* before */                                                                        \
    "60341200"                                                                                     \
    "00010000"                                                                                     \
    "01100000"                                                                                     \
    "00000000"                                                                                     \
    "00000000"                                                                                     \
    "50020000" /* after */

static void check_cover(rt *t, uint8_t erc, int64_t now)
{
    const mdc_value *r = rec(t, 1, erc);
    assert_head(r, now, 3, -1);
    assert_int_equal(ival(r, "count"), 3);
    mdc_tm tm = {.year = 2026,
                 .mon = 11,
                 .day = 21,
                 .hour = 10,
                 .min = 20,
                 .sec = 30,
                 .fields = MDC_TM_FULL};
    assert_time(r, "start", mdc_tm_to_epoch(&tm));
    tm.min = 25;
    tm.sec = 0;
    assert_time(r, "end", mdc_tm_to_epoch(&tm));
    const mdc_value *b = mdc_v_get(r, "before"), *a = mdc_v_get(r, "after");
    assert_non_null(b);
    assert_non_null(a);
    assert_int_equal(mval(b, "fwd_active", 2), 123456);
    assert_int_equal(mval(b, "rev_active", 2), 100);
    assert_int_equal(mval(b, "q1_reactive", 2), 1000);
    assert_int_equal(mval(b, "q2_reactive", 2), 0);
    assert_int_equal(mval(b, "q3_reactive", 2), 0);
    assert_int_equal(mval(b, "q4_reactive", 2), 250);
    assert_int_equal(mval(a, "fwd_active", 2), 123460);
    assert_int_equal(mval(a, "rev_active", 2), 100);
    assert_int_equal(mval(a, "q1_reactive", 2), 1001);
    assert_int_equal(mval(a, "q4_reactive", 2), 250);
}

static void test_erc37_38_covers(void **state)
{
    rt *t = *state;
    int64_t now = t0();
    cc_reader_meter_stats st = {.last_ok_clock_ms = now * 1000};
    feed(t, 3, 0x03300D00u, "020000", now);
    feed(t, 3, 0x03300E00u, "020000", now);
    /* no record of the meter yet (it denied it before): still raised */
    feed(t, 3, 0x03300D00u, "030000", now + 900);
    feed(t, 3, 0x03300D01u, COVER_REC, now + 900);
    assert_int_equal(nev(t), 0);
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 900);
    assert_int_equal(nev(t), 1);
    check_cover(t, 37, now + 900);

    feed(t, 3, 0x03300E00u, "030000", now + 1800);
    feed(t, 3, 0x03300E01u, COVER_REC, now + 1800);
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 1800);
    assert_int_equal(nev(t), 2);
    check_cover(t, 38, now + 1800);

    /* the record not read after the count: count known, the rest EE */
    feed(t, 3, 0x03300D00u, "040000", now + 2700);
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 2700);
    assert_int_equal(nev(t), 3);
    const mdc_value *r = rec(t, 1, 37);
    assert_int_equal(ival(r, "count"), 4);
    assert_null_field(r, "start");
    assert_null_field(r, "end");
    assert_null_field(mdc_v_get(r, "before"), "fwd_active");
    assert_null_field(mdc_v_get(r, "after"), "q4_reactive");
}

/* The item bytes written out in these tests read as intended through the
 * project's DL/T 645 DI catalogue (so the detector's offsets agree with it). */
static void test_item_bytes_match_di_catalogue(void **state)
{
    rt *t = *state;
    uint8_t b[128];
    size_t n = ev_hex(COVER_REC, b, sizeof b);
    mdc_arena_init(&t->a, t->abuf, sizeof t->abuf);
    mdc_value *v = NULL;
    dlt645_di_err err;
    assert_int_equal(dlt645_di_decode(DLT645_DI_ED_2007, 0x03300D01u, b, n, &t->a, &v, &err),
                     DLT645_DI_OK);
    assert_int_equal(mdc_v_get(v, "start")->u.tm.sec, 30);
    assert_int_equal(mdc_v_get(v, "end")->u.tm.min, 25);
    assert_int_equal(mval(mdc_v_get(v, "before"), "forward_active", 2), 123456);
    assert_int_equal(mval(mdc_v_get(v, "before"), "q4_reactive", 2), 250);
    assert_int_equal(mval(mdc_v_get(v, "after"), "q1_reactive", 2), 1001);

    n = ev_hex("001510211126"
               "78563412"
               "01000104"
               "010B0004"
               "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
               b, sizeof b);
    assert_int_equal(dlt645_di_decode(DLT645_DI_ED_2007, 0x03300001u, b, n, &t->a, &v, &err),
                     DLT645_DI_OK);
    const mdc_value *dis = mdc_v_get(v, "dis");
    assert_non_null(dis);
    assert_memory_equal(mdc_v_at(dis, 0)->u.str.p, "04010001", 8);
    assert_memory_equal(mdc_v_at(dis, 1)->u.str.p, "04000B01", 8);

    n = ev_hex("0400000010008000000000000000", b, sizeof b);
    assert_int_equal(dlt645_di_decode(DLT645_DI_ED_2007, 0x040005FFu, b, n, &t->a, &v, &err),
                     DLT645_DI_OK);
    int64_t bit = 0;
    assert_true(mdc_v_int(mdc_v_get(mdc_v_get(v, "sw1"), "clock_battery_low"), &bit));
    assert_int_equal(bit, 1);
    assert_true(mdc_v_int(mdc_v_get(mdc_v_get(v, "sw3"), "relay_off"), &bit));
    assert_int_equal(bit, 1);
    assert_true(mdc_v_int(mdc_v_get(mdc_v_get(v, "sw4"), "phase_break"), &bit));
    assert_int_equal(bit, 1);
}

/* ---- ERC40 ---- */

static void test_erc40_magnet(void **state)
{
    rt *t = *state;
    int64_t now = t0();
    cc_reader_meter_stats st = {.last_ok_clock_ms = now * 1000};
    feed(t, 3, 0x03350000u, "000000", now);
    feed(t, 3, 0x03350000u, "010000", now + 900);
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 900);
    assert_int_equal(nev(t), 1);
    const mdc_value *r = rec(t, 1, 40);
    assert_head(r, now + 900, 3, 1);
    assert_int_equal(ival(r, "device_type"), 2);
    const mdc_value *ad = mdc_v_get(r, "device_addr");
    assert_non_null(ad);
    assert_int_equal(ad->kind, MDC_V_STR);
    assert_int_equal(ad->u.str.len, 12);
    assert_memory_equal(ad->u.str.p, "000000000012", 12);
    assert_int_equal(ival(r, "anomaly"), 2);
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 1800);
    assert_int_equal(nev(t), 1);
}

/* ---- ERC31 ---- */

static void test_erc31_pair(void **state)
{
    rt *t = *state;
    int64_t now = t0();
    feed(t, 3, 0x0001FF00u, "5634120000000000000000000000000000000000", now);
    feed(t, 3, 0x0003FF00u, "0050000000000000000000000000000000000000", now); /* 50.00 */
    cc_reader_meter_stats st = {.last_ok_clock_ms = now * 1000, .requests = 30, .replies = 30};
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now);
    assert_int_equal(nev(t), 0);

    /* the next round: nothing answered */
    cc_reader_meter_stats prev = st;
    st.failing = true;
    st.fail_streak = 1;
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, &prev, &st, now + 900);
    assert_int_equal(nev(t), 1);
    const mdc_value *r = rec(t, 1, 31);
    assert_head(r, now + 900, 3, 1);
    assert_time(r, "last_ok", now);
    assert_int_equal(mval(r, "fwd_active", 4), 12345600);
    assert_int_equal(mval(r, "fwd_reactive", 2), 5000);
    /* still failing: nothing more, also after a restart */
    prev = st;
    st.fail_streak = 2;
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, &prev, &st, now + 1800);
    assert_int_equal(nev(t), 1);
    ev_reopen(&t->db, &t->ev);
    cc_mevents_cfg_load(t->db.st, &t->cfg);
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 2700);
    assert_int_equal(nev(t), 1);

    /* it answers again: restored, with the new reading */
    feed(t, 3, 0x0001FF00u, "0035120000000000000000000000000000000000", now + 3600);
    st.failing = false;
    st.fail_streak = 0;
    st.last_ok_clock_ms = (now + 3600) * 1000;
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 3600);
    assert_int_equal(nev(t), 2);
    r = rec(t, 1, 31);
    assert_head(r, now + 3600, 3, 0);
    assert_time(r, "last_ok", now + 3600);
    assert_int_equal(mval(r, "fwd_active", 4), 12350000);
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 4500);
    assert_int_equal(nev(t), 2);

    /* a meter never read: occurred with EE readings and time */
    t->m.point = 9;
    cc_reader_meter_stats dead = {.failing = true, .fail_streak = 1, .requests = 3, .timeouts = 3};
    cc_mevents_on_meter(&t->ev, &t->cfg, 9, &t->m, NULL, &dead, now);
    assert_int_equal(nev(t), 3);
    r = rec(t, 1, 31);
    assert_head(r, now, 9, 1);
    assert_null_field(r, "last_ok");
    assert_null_field(r, "fwd_active");
    assert_null_field(r, "fwd_reactive");
}

/* ---- ERC12 ---- */

static void test_erc12_once_per_transition(void **state)
{
    rt *t = *state;
    int64_t now = t0();
    cc_reader_meter_stats st = {
        .last_ok_clock_ms = now * 1000, .clock_valid = true, .clock_dev_s = 120};
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now);
    assert_int_equal(nev(t), 0); /* 2 min: within 5 */
    st.clock_dev_s = -301;       /* meter 5 min 1 s behind */
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 900);
    assert_int_equal(nev(t), 1);
    assert_head(rec(t, 1, 12), now + 900, 3, 1);
    st.clock_dev_s = -400;
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 1800);
    st.clock_valid = false; /* not measured this time: no change */
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 2700);
    assert_int_equal(nev(t), 1);
    st.clock_valid = true;
    st.clock_dev_s = 1; /* set right */
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 3600);
    assert_int_equal(nev(t), 2);
    assert_head(rec(t, 1, 12), now + 3600, 3, 0);
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 4500);
    assert_int_equal(nev(t), 2);

    /* F59 10 min: 400 s is within; 601 s is not */
    const uint8_t f59[4] = {0x20, 0x50, 0x10, 0x0A};
    assert_int_equal(store_param_set(t->db.st, 59, 0, f59, 4, 1, now), 0);
    cc_mevents_cfg_load(t->db.st, &t->cfg);
    st.clock_dev_s = 400;
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 5400);
    assert_int_equal(nev(t), 2);
    st.clock_dev_s = 601;
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, &st, now + 6300);
    assert_int_equal(nev(t), 3);
    /* F59 0: not judged (no new event while off) */
    const uint8_t off[4] = {0x20, 0x50, 0x10, 0x00};
    assert_int_equal(store_param_set(t->db.st, 59, 0, off, 4, 1, now), 0);
    cc_mevents_cfg_load(t->db.st, &t->cfg);
    assert_int_equal(t->cfg.clock_dev_min, 0);
    t->m.point = 4;
    st.clock_dev_s = 3600;
    cc_mevents_on_meter(&t->ev, &t->cfg, 4, &t->m, NULL, &st, now + 7200);
    assert_int_equal(nev(t), 3);
}

/* ---- ERC39 ---- */

static void test_erc39_reread_failed(void **state)
{
    rt *t = *state;
    int64_t now = t0();
    feed(t, 3, 0x00010000u, "56341200", now - 3600); /* single items */
    feed(t, 3, 0x00030000u, "00500000", now - 3600);
    cc_mevents_on_reread_failed(&t->ev, 3, &t->m, now);
    assert_int_equal(nev(t), 1);
    const mdc_value *r = rec(t, 1, 39);
    assert_head(r, now, 3, 1);
    assert_time(r, "last_ok", now - 3600);
    assert_int_equal(mval(r, "fwd_active", 4), 12345600);
    assert_int_equal(mval(r, "fwd_reactive", 2), 5000);
    /* a negative combined reactive reading is not an A.11 value: EE */
    feed(t, 3, 0x00030000u, "00500080", now - 1800);
    cc_mevents_on_reread_failed(&t->ev, 3, &t->m, now);
    r = rec(t, 1, 39);
    assert_null_field(r, "fwd_reactive");
}

/* ---- robustness ---- */

static void test_short_and_bad_items(void **state)
{
    rt *t = *state;
    int64_t now = t0();
    const uint8_t old[20] = {0x99, 0x99, 0x99, 0x00};
    const uint8_t bad[20] = {0xAB, 0x00, 0x00, 0x00};
    cc_mevents_on_item(&t->ev, &t->cfg, 3, 0x0001FF00u, old, 4, bad, 4, now);   /* bad BCD */
    cc_mevents_on_item(&t->ev, &t->cfg, 3, 0x0001FF00u, old, 4, old, 2, now);   /* short */
    cc_mevents_on_item(&t->ev, &t->cfg, 3, 0x040005FFu, old, 20, bad, 10, now); /* short */
    cc_mevents_on_item(&t->ev, &t->cfg, 3, 0x04000509u, old, 2, bad, 2, now);   /* no SW9 */
    cc_mevents_on_item(&t->ev, &t->cfg, 3, 0x03300D00u, old, 3, bad, 3, now);   /* bad BCD */
    cc_mevents_on_item(&t->ev, &t->cfg, 3, 0x03300D00u, old, 1, old, 1, now);   /* short */
    cc_mevents_on_item(&t->ev, &t->cfg, 0, 0x0001FF00u, old, 4, bad, 4, now);   /* pn 0 */
    cc_mevents_on_item(NULL, &t->cfg, 3, 0x0001FF00u, old, 4, bad, 4, now);
    cc_mevents_on_meter(NULL, &t->cfg, 3, &t->m, NULL, NULL, now);
    cc_mevents_on_meter(&t->ev, &t->cfg, 3, &t->m, NULL, NULL, now);
    cc_mevents_on_reread_failed(NULL, 3, &t->m, now);
    assert_int_equal(nev(t), 0);
    cc_mevents_cfg_load(NULL, &t->cfg); /* defaults */
    assert_int_equal(t->cfg.clock_dev_min, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_f59_thresholds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_reading_is_baseline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_erc27_reading_down, setup, teardown),
        cmocka_unit_test_setup_teardown(test_erc33_status_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_erc8_programming, setup, teardown),
        cmocka_unit_test_setup_teardown(test_erc37_38_covers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_item_bytes_match_di_catalogue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_erc40_magnet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_erc31_pair, setup, teardown),
        cmocka_unit_test_setup_teardown(test_erc12_once_per_transition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_erc39_reread_failed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_and_bad_items, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
