/* cc_mdata robustness: items with random bytes (bad BCD, sign bits, wrong
 * lengths, times out of range) for every DI the mapping uses, then every
 * supported AFN0C / AFN0D Fn built for the point: each answer unit must
 * encode with the catalogue (a value the format cannot carry is EE, never
 * an encoder failure) or be left out; nothing crashes (ASan/UBSan builds). */
#include "md_harness.h"

static uint32_t rng_state = 12345u;

static uint32_t rnd(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static const uint32_t dis[] = {
    0x0000FF00u, 0x0001FF00u, 0x0002FF00u, 0x0003FF00u, 0x0004FF00u, 0x0005FF00u, 0x0006FF00u,
    0x0007FF00u, 0x0008FF00u, 0x0001FF01u, 0x0000FF01u, 0x00010000u, 0x00010100u, 0x00020000u,
    0x0101FF00u, 0x0102FF00u, 0x0103FF00u, 0x0104FF00u, 0x01010000u, 0x0101FF01u, 0x0201FF00u,
    0x0202FF00u, 0x0203FF00u, 0x0204FF00u, 0x0205FF00u, 0x0206FF00u, 0x02010100u, 0x02020100u,
    0x02030000u, 0x02060000u, 0x02800001u, 0x0280000Au, 0x0400010Cu, 0x04000101u, 0x04000102u,
    0x040005FFu, 0x04000501u, 0x04000503u, 0x04000507u, 0x03300000u, 0x03300001u, 0x03300100u,
    0x03300101u, 0x03300401u, 0x03300D01u, 0x03300500u, 0x1D000101u, 0x1E000101u, 0x1D00FF01u,
    0x00900100u, 0x00900200u, 0x03330201u, 0x03330601u, 0x00150000u, 0x003D0001u, 0x05060001u,
    0x05060101u, 0x05060201u, 0x05060901u,
};

static size_t good_len(uint32_t di)
{
    dlt645_di_info info;
    return dlt645_di_lookup(DLT645_DI_ED_2007, di, &info) ? info.len : 4;
}

static unsigned built, built_0d;

static void check_all(tdb *t, int64_t now)
{
    uint8_t out[2048];
    for (uint16_t fn = 1; fn <= 248; fn++) {
        for (uint8_t afn = 0x0C; afn <= 0x0D; afn++) {
            if (!mdata_supports(afn, fn))
                continue;
            mdc_arena_reset(&t->a);
            mdc_value *req = NULL;
            const gdw13761_fn *row = gdw13761_cat_find(afn, fn, GDW13761_DOWN);
            if (afn == 0x0D) {
                const char *k = row->layout[0].name;
                if (strcmp(k, "td_c") == 0)
                    req = td_c(t, now - (int64_t)(rnd() % 4) * 3600 - 3600, 1 + rnd() % 3,
                               1 + rnd() % 96);
                else if (strcmp(k, "td_m") == 0)
                    req = td_m(t, 2025, 11 + rnd() % 2);
                else
                    req = td_d(t, 2025, 12, 1 + rnd() % 3);
            }
            mdc_value *u = NULL;
            int rc = afn == 0x0C ? mdata_build_0c(t->st, 1, fn, now, &t->a, &u)
                                 : mdata_build_0d(t->st, 1, fn, req, now, &t->a, &u);
            assert_int_equal(rc, 0);
            if (u) {
                enc(afn, fn, u, out, sizeof out); /* fails the test on an encoder error */
                built++;
                built_0d += afn == 0x0D;
            }
        }
    }
}

static void test_random_items(void **state)
{
    tdb *t = *state;
    static const uint16_t pns[] = {1};
    set_meters(t, pns, NULL, 1);
    mdata_point p;
    assert_int_equal(mdata_point_lookup(t->st, 1, &p), 0);
    int64_t now = at(2025, 12, 2, 0, 0);
    for (int round = 0; round < 12; round++) {
        assert_int_equal(store_round_begin(t->st), 0);
        for (size_t i = 0; i < sizeof dis / sizeof dis[0]; i++) {
            uint8_t d[128];
            size_t n = good_len(dis[i]);
            unsigned mode = rnd() % 8;
            if (mode == 0)
                n = rnd() % 40; /* a wrong length */
            if (n > sizeof d)
                n = sizeof d;
            for (size_t k = 0; k < n; k++) {
                uint8_t b = (uint8_t)rnd();
                if (mode >= 3) /* mostly valid BCD, sometimes with a sign bit */
                    b = (uint8_t)(((b >> 4) % 10) << 4 | ((b & 0x0F) % 10));
                d[k] = b;
            }
            assert_int_equal(mdata_on_item(t->st, &p, dis[i], d, n, now), 0);
        }
        assert_int_equal(store_round_commit(t->st, now), 0);
        check_all(t, now + 60);
        now += 900 * (1 + (int64_t)(rnd() % 40));
    }
    /* the random data did reach the answers (most Fn, several rounds) */
    assert_true(built > 12 * 20);
    assert_true(built_0d > 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_random_items, md_setup, md_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
