/* cc_mdata energy of a day / month (A.13 XXXX.XXXX): AFN0C F41 (today: now
 * minus yesterday's freeze), F45 (this month), AFN0D F5 (day D minus day
 * D-1), F21 (month M minus M-1); a missing end or a negative difference is
 * EE; today's label and a quantity never read leave the unit out. */
#include "md_harness.h"

static mdata_point setup_point(tdb *t)
{
    static const uint16_t pns[] = {1};
    set_meters(t, pns, NULL, 1);
    mdata_point p;
    assert_int_equal(mdata_point_lookup(t->st, 1, &p), 0);
    return p;
}

static void fwd(tdb *t, const mdata_point *p, uint64_t total, uint64_t t1, int64_t ts)
{
    uint8_t d[8];
    const uint64_t v[] = {total, t1};
    item(t, p, 0x0001FF00u, d, energy_block(d, v, 2), ts);
}

static void test_day(void **state)
{
    tdb *t = *state;
    mdata_point p = setup_point(t);
    fwd(t, &p, 100000, 50000, at(2025, 11, 19, 23, 50)); /* day 18 */
    fwd(t, &p, 100100, 50100, at(2025, 11, 20, 0, 5));   /* day 19 */
    fwd(t, &p, 100550, 50000, at(2025, 11, 21, 0, 5));   /* day 20: tariff 1 went down */
    fwd(t, &p, 101025, 50475, at(2025, 11, 21, 12, 0));  /* now */
    int64_t now = at(2025, 11, 21, 12, 1);
    mdc_value *u = NULL;
    uint8_t out[64];
    assert_int_equal(mdata_build_0c(t->st, 1, 41, now, &t->a, &u), 0);
    size_t w = enc(0x0C, 41, u, out, sizeof out);
    static const uint8_t f41[] = {0x01, 0x00, 0x75, 0x04, 0x00, 0x00, 0x75, 0x04, 0x00};
    assert_int_equal(w, sizeof f41); /* 4.75 kWh, tariff 1: 4.75 kWh */
    assert_memory_equal(out, f41, sizeof f41);
    assert_int_equal(mdata_build_0d(t->st, 1, 5, td_d(t, 2025, 11, 20), now, &t->a, &u), 0);
    w = enc(0x0D, 5, u, out, sizeof out);
    static const uint8_t f5[] = {0x20, 0x11, 0x25, 0x01, 0x00, 0x50,
                                 0x04, 0x00, 0xEE, 0xEE, 0xEE, 0xEE}; /* 4.50; tariff 1 negative */
    assert_int_equal(w, sizeof f5);
    assert_memory_equal(out, f5, sizeof f5);
    assert_int_equal(mdata_build_0d(t->st, 1, 5, td_d(t, 2025, 11, 19), now, &t->a, &u), 0);
    w = enc(0x0D, 5, u, out, sizeof out);
    static const uint8_t f5_19[] = {0x19, 0x11, 0x25, 0x01, 0x00, 0x00,
                                    0x01, 0x00, 0x00, 0x00, 0x01, 0x00};
    assert_memory_equal(out, f5_19, sizeof f5_19);
    /* day 18 has no day 17 before it: EE values */
    assert_int_equal(mdata_build_0d(t->st, 1, 5, td_d(t, 2025, 11, 18), now, &t->a, &u), 0);
    w = enc(0x0D, 5, u, out, sizeof out);
    for (size_t i = 4; i < w; i++)
        assert_int_equal(out[i], 0xEE);
    /* today, the future, reverse active never read: left out */
    assert_int_equal(mdata_build_0d(t->st, 1, 5, td_d(t, 2025, 11, 21), now, &t->a, &u), 0);
    assert_null(u);
    assert_int_equal(mdata_build_0d(t->st, 1, 5, td_d(t, 2025, 11, 22), now, &t->a, &u), 0);
    assert_null(u);
    assert_int_equal(mdata_build_0d(t->st, 1, 7, td_d(t, 2025, 11, 20), now, &t->a, &u), 0);
    assert_null(u);
    assert_int_equal(mdata_build_0c(t->st, 1, 43, now, &t->a, &u), 0);
    assert_null(u);
}

static void test_month(void **state)
{
    tdb *t = *state;
    mdata_point p = setup_point(t);
    fwd(t, &p, 200000, 0, at(2025, 11, 1, 0, 5));  /* October */
    fwd(t, &p, 212345, 0, at(2025, 12, 1, 0, 5));  /* November */
    fwd(t, &p, 213000, 0, at(2025, 12, 15, 9, 0)); /* now */
    int64_t now = at(2025, 12, 15, 9, 1);
    mdc_value *u = NULL;
    uint8_t out[64];
    assert_int_equal(mdata_build_0d(t->st, 1, 21, td_m(t, 2025, 11), now, &t->a, &u), 0);
    size_t w = enc(0x0D, 21, u, out, sizeof out);
    static const uint8_t f21[] = {0x11, 0x25, 0x01, 0x00, 0x45, 0x23,
                                  0x01, 0x00, 0x00, 0x00, 0x00}; /* 123.45 kWh, tariff 1: 0 */
    assert_int_equal(w, sizeof f21);
    assert_memory_equal(out, f21, sizeof f21);
    assert_int_equal(mdata_build_0c(t->st, 1, 45, now, &t->a, &u), 0);
    w = enc(0x0C, 45, u, out, sizeof out);
    static const uint8_t f45[] = {0x01, 0x00, 0x55, 0x06, 0x00}; /* 6.55 kWh */
    assert_memory_equal(out, f45, sizeof f45);
    assert_int_equal(mdata_build_0d(t->st, 1, 21, td_m(t, 2025, 12), now, &t->a, &u), 0);
    assert_null(u); /* December is not frozen yet */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_day, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_month, md_setup, md_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
