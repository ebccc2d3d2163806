/* cc_mdata voltage statistics (AFN0D F27 daily, F35 monthly) from the
 * 15-minute voltage points and the AFN04 F26 limits (defaults: 合格 198.0 ..
 * 235.4 V, 过压 264.0 V, 欠压 154.0 V): exclusive bands, max/min with their
 * A.18 time, the average; kept point by point, answered once the day /
 * month is over; a single-phase meter's phases B and C are EE. */
#include "md_harness.h"

static void volts(tdb *t, const mdata_point *p, unsigned a, unsigned b, unsigned c, int64_t ts)
{
    uint8_t d[6];
    bcd(d, a, 2);
    bcd(d + 2, b, 2);
    bcd(d + 4, c, 2);
    item(t, p, 0x0201FF00u, d, 6, ts);
}

static void test_daily_monthly(void **state)
{
    tdb *t = *state;
    static const uint16_t pns[] = {1};
    set_meters(t, pns, NULL, 1);
    set_wiring(t, 1, true);
    mdata_point p;
    assert_int_equal(mdata_point_lookup(t->st, 1, &p), 0);
    volts(t, &p, 2200, 2400, 2700, at(2025, 11, 20, 0, 1));
    volts(t, &p, 1500, 1900, 2200, at(2025, 11, 20, 0, 16));
    volts(t, &p, 2300, 2360, 1990, at(2025, 11, 20, 12, 3));
    int64_t now = at(2025, 11, 20, 13, 0);
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0d(t->st, 1, 27, td_d(t, 2025, 11, 20), now, &t->a, &u), 0);
    assert_null(u); /* not answered before the day is over */
    volts(t, &p, 2200, 2200, 2200, at(2025, 11, 21, 0, 5));
    now = at(2025, 11, 21, 1, 0);
    assert_int_equal(mdata_build_0d(t->st, 1, 27, td_d(t, 2025, 11, 20), now, &t->a, &u), 0);
    uint8_t out[128];
    size_t w = enc(0x0D, 27, u, out, sizeof out);
    static const uint8_t want[] = {
        0x20, 0x11, 0x25, /* Td_d */
        0x00, 0x00, 0x0F, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x1E, 0x00, /* A: ll 15, normal 30 */
        0x00, 0x00, 0x00, 0x00, 0x1E, 0x00,
        0x0F, 0x00, 0x00, 0x00, /* B: upper 30, lower 15 */
        0x0F, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x1E, 0x00, /* C: uu 15, normal 30 */
        0x00, 0x23, 0x00, 0x12, 0x20, 0x00,
        0x15, 0x15, 0x00, 0x20, /* A max 230.0 12:00, min 150.0 00:15 */
        0x00, 0x24, 0x00, 0x00, 0x20, 0x00,
        0x19, 0x15, 0x00, 0x20, /* B */
        0x00, 0x27, 0x00, 0x00, 0x20, 0x90,
        0x19, 0x00, 0x12, 0x20,             /* C */
        0x00, 0x20, 0x20, 0x22, 0x97, 0x22, /* averages 200.0 222.0 229.7 */
    };
    assert_int_equal(w, sizeof want);
    assert_memory_equal(out, want, sizeof want);
    /* more days; November is answered from 1 December */
    volts(t, &p, 2200, 2200, 2200, at(2025, 11, 22, 0, 5));
    volts(t, &p, 2200, 2200, 2200, at(2025, 12, 1, 0, 5));
    now = at(2025, 12, 1, 1, 0);
    assert_int_equal(mdata_build_0d(t->st, 1, 35, td_m(t, 2025, 11), now, &t->a, &u), 0);
    w = enc(0x0D, 35, u, out, sizeof out);
    assert_int_equal(w, 2 + 30 + 30 + 6);
    static const uint8_t a_min[] = {0x00, 0x00, 0x0F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3C, 0x00};
    assert_memory_equal(out + 2, a_min, sizeof a_min); /* 15 + 15 + 15 + 15 normal minutes */
    assert_int_equal(
        mdata_build_0d(t->st, 1, 35, td_m(t, 2025, 11), at(2025, 11, 30, 23, 59), &t->a, &u), 0);
    assert_null(u); /* the month is not over by that clock */
    static const uint8_t avg[] = {0x80, 0x20, 0x12, 0x22, 0x58, 0x22}; /* 208.0 221.2 225.8 */
    assert_memory_equal(out + 2 + 60, avg, sizeof avg);
    /* a month without voltage readings: computed, nothing to answer */
    assert_int_equal(mdata_build_0d(t->st, 1, 35, td_m(t, 2025, 10), now, &t->a, &u), 0);
    assert_null(u);
}

/* A single-phase meter: phase A only, B and C EE (minutes 0). */
static void test_single_phase(void **state)
{
    tdb *t = *state;
    static const uint16_t pns[] = {2};
    set_meters(t, pns, NULL, 1);
    mdata_point p;
    assert_int_equal(mdata_point_lookup(t->st, 2, &p), 0);
    uint8_t d[2];
    bcd(d, 2500, 2); /* 250.0 V: over upper */
    item(t, &p, 0x02010100u, d, 2, at(2025, 11, 20, 8, 0));
    item(t, &p, 0x02010100u, d, 2, at(2025, 11, 21, 8, 0));
    mdc_value *u = NULL;
    assert_int_equal(
        mdata_build_0d(t->st, 2, 27, td_d(t, 2025, 11, 20), at(2025, 11, 21, 9, 0), &t->a, &u), 0);
    uint8_t out[128];
    size_t w = enc(0x0D, 27, u, out, sizeof out);
    assert_int_equal(w, 69);
    static const uint8_t a[] = {0x00, 0x00, 0x00, 0x00, 0x0F, 0x00, 0x00, 0x00, 0x00, 0x00};
    assert_memory_equal(out + 3, a, sizeof a);
    for (size_t i = 13; i < 33; i++)
        assert_int_equal(out[i], 0); /* B, C minutes */
    for (size_t i = 33 + 10; i < 63; i++)
        assert_int_equal(out[i], 0xEE); /* B, C extremes */
    assert_int_equal(out[63], 0x00);
    assert_int_equal(out[64], 0x25);
    for (size_t i = 65; i < 69; i++)
        assert_int_equal(out[i], 0xEE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_daily_monthly, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_single_phase, md_setup, md_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
