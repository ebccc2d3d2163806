/* cc_mdata, AFN0D frozen data: the daily freeze across a day change (the
 * meter's own 0506 freeze vs the first reading of the next day, either
 * order), the monthly freeze across a month change, the reading-day freeze
 * of F33, and labels in the future or invalid. */
#include "md_harness.h"

static mdata_point setup_point(tdb *t)
{
    static const uint16_t pns[] = {1};
    set_meters(t, pns, NULL, 1);
    mdata_point p;
    assert_int_equal(mdata_point_lookup(t->st, 1, &p), 0);
    return p;
}

/* Forward active block with total kwh_hundredths and tariff 1 = the same. */
static void fwd(tdb *t, const mdata_point *p, uint64_t hundredths, int64_t ts)
{
    uint8_t d[8];
    const uint64_t v[] = {hundredths, hundredths};
    item(t, p, 0x0001FF00u, d, energy_block(d, v, 2), ts);
}

/* The total of AFN0D fn for the label, in hundredths; -1 when left out. */
static int64_t total_of(tdb *t, uint16_t fn, const mdc_value *label, int64_t now)
{
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0d(t->st, 1, fn, label, now, &t->a, &u), 0);
    if (!u)
        return -1;
    const mdc_value *arr = mdc_v_get(u, "energy");
    if (!arr)
        arr = mdc_v_get(u, "fwd_active");
    int64_t mant = -1;
    assert_true(mdc_v_mant(mdc_v_at(arr, 0), 2, &mant));
    return mant;
}

static void test_daily_first_reading(void **state)
{
    tdb *t = *state;
    mdata_point p = setup_point(t);
    fwd(t, &p, 100000, at(2025, 11, 20, 23, 50)); /* freezes the 19th */
    fwd(t, &p, 100100, at(2025, 11, 21, 0, 5));   /* first of the 21st: day 20 */
    fwd(t, &p, 100500, at(2025, 11, 21, 12, 0));  /* later: not frozen again */
    int64_t now = at(2025, 11, 21, 12, 1);
    assert_int_equal(total_of(t, 161, td_d(t, 2025, 11, 20), now), 100100);
    assert_int_equal(total_of(t, 161, td_d(t, 2025, 11, 19), now), 100000);
    assert_int_equal(total_of(t, 161, td_d(t, 2025, 11, 21), now), -1); /* not frozen yet */
    assert_int_equal(total_of(t, 161, td_d(t, 2025, 11, 22), now), -1); /* future */
    assert_int_equal(total_of(t, 161, td_d(t, 2025, 11, 18), now), -1); /* never read */
    /* the answer bytes: label A.20, read time A.15 (the reading at 00:05), M, values */
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0d(t->st, 1, 161, td_d(t, 2025, 11, 20), now, &t->a, &u), 0);
    uint8_t out[64];
    size_t w = enc(0x0D, 161, u, out, sizeof out);
    static const uint8_t want[] = {0x20, 0x11, 0x25, 0x05, 0x00, 0x21, 0x11, 0x25, 0x01, 0x00,
                                   0x00, 0x01, 0x10, 0x00, 0x00, 0x00, 0x01, 0x10, 0x00};
    assert_int_equal(w, sizeof want);
    assert_memory_equal(out, want, sizeof want);
    /* F1 carries the same reading with the other parts EE */
    assert_int_equal(mdata_build_0d(t->st, 1, 1, td_d(t, 2025, 11, 20), now, &t->a, &u), 0);
    w = enc(0x0D, 1, u, out, sizeof out);
    assert_int_equal(w, 3 + 5 + 1 + 2 * 5 + 3 * 2 * 4);
    assert_memory_equal(out, want, 9 + 10);
    assert_int_equal(out[19], 0xEE);
    /* F163 (reverse active) was never read: left out */
    assert_int_equal(total_of(t, 163, td_d(t, 2025, 11, 20), now), -1);
}

/* The meter's daily freeze (05060001 time, 05060101 forward active) wins
 * over the first reading, in either order of arrival. */
static void test_daily_meter_freeze(void **state)
{
    tdb *t = *state;
    mdata_point p = setup_point(t);
    int64_t r = at(2025, 11, 21, 0, 5);
    fwd(t, &p, 100100, r); /* first reading: day 20 = 1001.00 */
    uint8_t tm[5], blk[8];
    ymdhm(tm, 2025, 11, 21, 0, 0);
    const uint64_t v[] = {100000, 100000};
    size_t n = energy_block(blk, v, 2);
    item(t, &p, 0x05060001u, tm, 5, r + 10);
    item(t, &p, 0x05060101u, blk, n, r + 11);
    int64_t now = at(2025, 11, 21, 1, 0);
    assert_int_equal(total_of(t, 161, td_d(t, 2025, 11, 20), now), 100000);
    /* a later first-reading rule does not overwrite it */
    fwd(t, &p, 100900, r + 60);
    assert_int_equal(total_of(t, 161, td_d(t, 2025, 11, 20), now), 100000);
    /* data before its time (next day, block 0506 reverse active 0506020 1) */
    int64_t r2 = at(2025, 11, 22, 0, 7);
    const uint64_t rv[] = {5000, 5000};
    n = energy_block(blk, rv, 2);
    item(t, &p, 0x05060201u, blk, n, r2);
    ymdhm(tm, 2025, 11, 22, 0, 0);
    item(t, &p, 0x05060001u, tm, 5, r2 + 5);
    assert_int_equal(total_of(t, 163, td_d(t, 2025, 11, 21), r2 + 60), 5000);
    /* a stale freeze time (read hours before) does not pair with new data */
    int64_t r3 = at(2025, 11, 23, 9, 0);
    item(t, &p, 0x05060201u, blk, n, r3);
    assert_int_equal(total_of(t, 163, td_d(t, 2025, 11, 22), r3 + 60), -1);
}

/* Monthly: the first reading of December is November; F177 and F17. */
static void test_monthly(void **state)
{
    tdb *t = *state;
    mdata_point p = setup_point(t);
    fwd(t, &p, 200000, at(2025, 11, 30, 23, 45));
    fwd(t, &p, 200100, at(2025, 12, 1, 0, 1));
    fwd(t, &p, 200900, at(2025, 12, 15, 0, 1));
    int64_t now = at(2025, 12, 15, 1, 0);
    assert_int_equal(total_of(t, 177, td_m(t, 2025, 11), now), 200100);
    assert_int_equal(total_of(t, 17, td_m(t, 2025, 11), now), 200100);
    assert_int_equal(total_of(t, 177, td_m(t, 2025, 10), now), 200000); /* from Nov 30 */
    assert_int_equal(total_of(t, 177, td_m(t, 2025, 12), now), -1);     /* not over yet */
    assert_int_equal(total_of(t, 177, td_m(t, 2026, 1), now), -1);      /* future */
    /* year change */
    fwd(t, &p, 300000, at(2026, 1, 1, 0, 3));
    assert_int_equal(total_of(t, 177, td_m(t, 2025, 12), at(2026, 1, 2, 0, 0)), 300000);
    mdc_value *u = NULL;
    assert_int_equal(
        mdata_build_0d(t->st, 1, 177, td_m(t, 2025, 12), at(2026, 1, 2, 0, 0), &t->a, &u), 0);
    uint8_t out[32];
    size_t w = enc(0x0D, 177, u, out, sizeof out);
    static const uint8_t head[] = {0x12, 0x25, 0x03, 0x00, 0x01, 0x01, 0x26,
                                   0x01, 0x00, 0x00, 0x00, 0x30, 0x00};
    assert_int_equal(w, 2 + 5 + 1 + 2 * 5);
    assert_memory_equal(out, head, sizeof head);
}

/* The monthly maximum demand: the meter's settlement at 00:00 of the 1st
 * restarts 0101FF00, so month M's demand is the settlement copy 0101FF01
 * read in month M+1, never the first (restarted) 0101FF00 of M+1. */
static void test_monthly_demand(void **state)
{
    tdb *t = *state;
    mdata_point p = setup_point(t);
    uint8_t d[16], *q = d;
    q = bcd(q, 20000, 3); /* 2.0000 kW at 2025-11-20 18:45 */
    q = ymdhm(q, 2025, 11, 20, 18, 45);
    size_t n = (size_t)(q - d);
    item(t, &p, 0x0101FF00u, d, n, at(2025, 11, 30, 23, 45));
    uint8_t r[16], *rq = r;
    rq = bcd(rq, 1000, 3); /* 0.1000 kW: the new month's first interval */
    rq = ymdhm(rq, 2025, 12, 1, 0, 15);
    item(t, &p, 0x0101FF00u, r, (size_t)(rq - r), at(2025, 12, 1, 0, 16));
    int64_t now = at(2025, 12, 1, 0, 20);
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0d(t->st, 1, 193, td_m(t, 2025, 11), now, &t->a, &u), 0);
    assert_null(u); /* the restarted demand is not November's */
    item(t, &p, 0x0101FF01u, d, n, at(2025, 12, 1, 0, 17));
    assert_int_equal(mdata_build_0d(t->st, 1, 193, td_m(t, 2025, 11), now, &t->a, &u), 0);
    assert_non_null(u);
    const mdc_value *first = mdc_v_at(mdc_v_get(u, "demand"), 0);
    assert_non_null(first);
    int64_t mant = -1;
    assert_true(mdc_v_mant(mdc_v_get(first, "value"), 4, &mant));
    assert_int_equal(mant, 20000);
    /* F193 bytes: Td_m 11-25, reading time, M = 0, 02.0000 kW (A.23), 18:45 20 Nov (A.17) */
    uint8_t out[32];
    size_t w = enc(0x0D, 193, u, out, sizeof out);
    static const uint8_t want[] = {0x11, 0x25, 0x17, 0x00, 0x01, 0x12, 0x25, 0x00,
                                   0x00, 0x00, 0x02, 0x45, 0x18, 0x20, 0x11};
    assert_int_equal(w, sizeof want);
    assert_memory_equal(out, want, sizeof want);
}

/* Reading day: F33 says day 15 at 12:00; the first reading at or after it
 * on the 15th is frozen (F9, F169), later ones are not; other days nothing. */
static void test_reading_day(void **state)
{
    tdb *t = *state;
    set_read_day(t, 15, 12, 0);
    mdata_point p = setup_point(t);
    assert_int_equal(p.read_days, 1u << 14);
    fwd(t, &p, 400000, at(2025, 11, 15, 11, 45)); /* before the time */
    int64_t now = at(2025, 11, 15, 11, 50);
    assert_int_equal(total_of(t, 169, td_d(t, 2025, 11, 15), now), -1);
    fwd(t, &p, 400100, at(2025, 11, 15, 12, 0));
    fwd(t, &p, 400200, at(2025, 11, 15, 12, 15));
    fwd(t, &p, 400300, at(2025, 11, 16, 12, 15));
    now = at(2025, 11, 16, 13, 0);
    assert_int_equal(total_of(t, 169, td_d(t, 2025, 11, 15), now), 400100);
    assert_int_equal(total_of(t, 9, td_d(t, 2025, 11, 15), now), 400100);
    assert_int_equal(total_of(t, 169, td_d(t, 2025, 11, 16), now), -1);
    assert_int_equal(store_table_rows(t->st, "data_rday"), 1);
}

/* Labels missing or invalid leave the unit out; demand frozen (F185). */
static void test_labels_and_demand(void **state)
{
    tdb *t = *state;
    mdata_point p = setup_point(t);
    uint8_t d[16], *q = d;
    q = bcd(q, 15000, 3);
    q = ymdhm(q, 2025, 11, 20, 18, 45);
    item(t, &p, 0x0101FF00u, d, (size_t)(q - d), at(2025, 11, 21, 0, 10));
    int64_t now = at(2025, 11, 21, 1, 0);
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0d(t->st, 1, 185, td_d(t, 2025, 11, 20), now, &t->a, &u), 0);
    uint8_t out[32];
    size_t w = enc(0x0D, 185, u, out, sizeof out);
    static const uint8_t want[] = {0x20, 0x11, 0x25, 0x10, 0x00, 0x21, 0x11, 0x25,
                                   0x00, 0x00, 0x50, 0x01, 0x45, 0x18, 0x20, 0x11};
    assert_int_equal(w, sizeof want);
    assert_memory_equal(out, want, sizeof want);
    /* no label, a label of the wrong kind, an invalid date */
    assert_int_equal(mdata_build_0d(t->st, 1, 185, NULL, now, &t->a, &u), 0);
    assert_null(u);
    assert_int_equal(mdata_build_0d(t->st, 1, 185, td_m(t, 2025, 11), now, &t->a, &u), 0);
    assert_null(u);
    mdc_value *bad = td_d(t, 2025, 2, 30);
    assert_int_equal(mdata_build_0d(t->st, 1, 185, bad, now, &t->a, &u), 0);
    assert_null(u);
    assert_int_equal(mdata_build_0d(t->st, 1, 49, td_d(t, 2025, 11, 20), now, &t->a, &u), 0);
    assert_null(u); /* not a point Fn */
    assert_int_equal(mdata_build_0d(t->st, 0, 185, td_d(t, 2025, 11, 20), now, &t->a, &u),
                     STORE_E_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_daily_first_reading, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_daily_meter_freeze, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_monthly, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_monthly_demand, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_reading_day, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_labels_and_demand, md_setup, md_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
