/* cc_mdata, AFN0D curves: the 15-minute grid (first reading in a slot),
 * densities 1/2/3 (15/30/60 min) with missing points EE, other densities
 * all EE, the label repeated, starts in the future or off the grid, and the
 * single items of a single-phase meter (voltage F89, power factor F105,
 * readings F101). */
#include "md_harness.h"

static mdata_point setup_point(tdb *t)
{
    static const uint16_t pns[] = {1};
    set_meters(t, pns, NULL, 1);
    mdata_point p;
    assert_int_equal(mdata_point_lookup(t->st, 1, &p), 0);
    return p;
}

/* Active power block: total = kw_tenthousandths, phases 0. */
static void power(tdb *t, const mdata_point *p, uint64_t total, int64_t ts)
{
    uint8_t d[12], *q = d;
    q = bcd(q, total, 3);
    for (int i = 0; i < 3; i++)
        q = bcd(q, 0, 3);
    item(t, p, 0x0203FF00u, d, 12, ts);
}

static size_t curve(tdb *t, uint16_t fn, int64_t start, unsigned m, unsigned n, int64_t now,
                    uint8_t *out, size_t cap)
{
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0d(t->st, 1, fn, td_c(t, start, m, n), now, &t->a, &u), 0);
    if (!u)
        return 0;
    return enc(0x0D, fn, u, out, cap);
}

static void test_power_densities(void **state)
{
    tdb *t = *state;
    mdata_point p = setup_point(t);
    int64_t h10 = at(2025, 11, 20, 10, 0);
    power(t, &p, 10000, h10 + 60);      /* 10:01 -> slot 10:00: 1.0000 kW */
    power(t, &p, 99999, h10 + 7 * 60);  /* 10:07: same slot, ignored */
    power(t, &p, 20000, h10 + 15 * 60); /* 10:15 */
    power(t, &p, 40000, h10 + 45 * 60); /* 10:45; 10:30 never read */
    power(t, &p, 50000, h10 + 60 * 60); /* 11:00 */
    int64_t now = h10 + 70 * 60;
    uint8_t out[512];
    /* m = 1 (15 min), 6 points from 10:00: the last (11:15) is after now */
    size_t w = curve(t, 81, h10, 1, 6, now, out, sizeof out);
    static const uint8_t want1[] = {
        0x00, 0x10, 0x20, 0x11, 0x25, 0x01, 0x06, /* Td_c: 10:00 20/11/25, m 1, n 6 */
        0x00, 0x00, 0x01, 0x00, 0x00, 0x02,       /* 1.0000, 2.0000 kW (A.9) */
        0xEE, 0xEE, 0xEE,                         /* 10:30 missing */
        0x00, 0x00, 0x04, 0x00, 0x00, 0x05,       /* 10:45, 11:00 */
        0xEE, 0xEE, 0xEE,                         /* 11:15 not yet */
    };
    assert_int_equal(w, sizeof want1);
    assert_memory_equal(out, want1, sizeof want1);
    /* m = 2 (30 min): 10:00, 10:30 (EE), 11:00 */
    w = curve(t, 81, h10, 2, 3, now, out, sizeof out);
    static const uint8_t want2[] = {0x00, 0x10, 0x20, 0x11, 0x25, 0x02, 0x03, 0x00,
                                    0x00, 0x01, 0xEE, 0xEE, 0xEE, 0x00, 0x00, 0x05};
    assert_int_equal(w, sizeof want2);
    assert_memory_equal(out, want2, sizeof want2);
    /* m = 3 (60 min) from 09:00: 09:00 (EE), 10:00, 11:00 */
    w = curve(t, 81, h10 - 3600, 3, 3, now, out, sizeof out);
    static const uint8_t want3[] = {0x00, 0x09, 0x20, 0x11, 0x25, 0x03, 0x03, 0xEE,
                                    0xEE, 0xEE, 0x00, 0x00, 0x01, 0x00, 0x00, 0x05};
    assert_int_equal(w, sizeof want3);
    assert_memory_equal(out, want3, sizeof want3);
    /* m = 254 (5 min), 255 (1 min): the label with every point EE */
    w = curve(t, 81, h10, 254, 4, now, out, sizeof out);
    assert_int_equal(w, 7 + 12);
    assert_int_equal(out[5], 254);
    for (size_t i = 7; i < w; i++)
        assert_int_equal(out[i], 0xEE);
    w = curve(t, 81, h10, 255, 2, now, out, sizeof out);
    assert_int_equal(w, 7 + 6);
    /* a start in the future, off the grid with nothing, no data at all, 0 points */
    assert_int_equal(curve(t, 81, now + 3600, 1, 4, now, out, sizeof out), 0);
    assert_int_equal(curve(t, 81, h10 + 300, 1, 4, now, out, sizeof out), 0);
    assert_int_equal(curve(t, 81, h10 - 86400, 1, 4, now, out, sizeof out), 0);
    assert_int_equal(curve(t, 81, h10, 1, 0, now, out, sizeof out), 0);
    /* phase A power (F82) from the same block: zeros */
    w = curve(t, 82, h10, 1, 1, now, out, sizeof out);
    static const uint8_t want82[] = {0x00, 0x10, 0x20, 0x11, 0x25, 0x01, 0x01, 0x00, 0x00, 0x00};
    assert_int_equal(w, sizeof want82);
    assert_memory_equal(out, want82, sizeof want82);
    /* F85 reactive power: never read */
    assert_int_equal(curve(t, 85, h10, 1, 4, now, out, sizeof out), 0);
}

/* A single-phase meter read with single items: voltage A (F89), power
 * factor (F105), forward active reading (F101) and a 96-point day. */
static void test_single_items(void **state)
{
    tdb *t = *state;
    mdata_point p = setup_point(t);
    int64_t day = at(2025, 11, 20, 0, 0);
    for (int i = 0; i < 96; i += 2) { /* every other slot */
        int64_t ts = day + i * 900 + 30;
        uint8_t d[4];
        bcd(d, 2200u + (unsigned)i, 2);
        item(t, &p, 0x02010100u, d, 2, ts);
        bcd(d, 950, 2);
        item(t, &p, 0x02060000u, d, 2, ts);
        bcd(d, 100000u + (unsigned)i, 4);
        item(t, &p, 0x00010000u, d, 4, ts);
    }
    int64_t now = day + 86400 + 60;
    uint8_t out[1024];
    size_t w = curve(t, 89, day, 1, 96, now, out, sizeof out);
    assert_int_equal(w, 7 + 96 * 2);
    assert_int_equal(out[7], 0x00); /* 220.0 V */
    assert_int_equal(out[8], 0x22);
    assert_int_equal(out[9], 0xEE);  /* 00:15 not read */
    assert_int_equal(out[11], 0x02); /* 00:30: 220.2 V */
    assert_int_equal(out[12], 0x22);
    w = curve(t, 105, day, 3, 24, now, out, sizeof out);
    assert_int_equal(w, 7 + 24 * 2);
    assert_int_equal(out[7], 0x50); /* 95.0 % (A.5) */
    assert_int_equal(out[8], 0x09);
    w = curve(t, 101, day + 3600, 3, 1, now, out, sizeof out);
    static const uint8_t want101[] = {0x00, 0x01, 0x20, 0x11, 0x25, 0x03,
                                      0x01, 0x04, 0x00, 0x10, 0x00}; /* 1000.04 kWh A.11 */
    assert_int_equal(w, sizeof want101);
    assert_memory_equal(out, want101, sizeof want101);
    /* phase B voltage of a single-phase meter: nothing */
    assert_int_equal(curve(t, 90, day, 1, 4, now, out, sizeof out), 0);
    /* 96 points a day are kept per item */
    assert_int_equal(store_table_rows(t->st, "data_curve"), 3 * 48);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_power_densities, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_single_items, md_setup, md_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
