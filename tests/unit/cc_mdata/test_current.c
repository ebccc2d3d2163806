/* cc_mdata, AFN0C of a measurement point: items in (DL/T 645-2007 bytes),
 * the answer unit out, encoded with the catalogue and compared byte by byte
 * with the 1376.1 formats (A.14 1234.56 kWh = 00 60 45 23 01, A.15 reading
 * time mm hh DD MM YY, A.23, A.17, A.1, A.9, A.7, A.25, A.5).
 * A.14 is XXXXXX.XXXX: 1234.56 kWh is 001234.5600, wire 00 56 34 12 00. */
#include "md_harness.h"

static mdata_point pt1(tdb *t)
{
    static const uint16_t pns[] = {1, 2};
    set_meters(t, pns, NULL, 2);
    mdata_point p;
    assert_int_equal(mdata_point_lookup(t->st, 1, &p), 0);
    return p;
}

/* The AFN0C Fn unit of pn at now, built from the store and encoded with the
 * catalogue into out[0..cap). Returns its length. */
static size_t build_enc(tdb *t, uint16_t pn, uint16_t fn, int64_t now, uint8_t *out, size_t cap)
{
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0c(t->st, pn, fn, now, &t->a, &u), 0);
    return enc(0x0C, fn, u, out, cap);
}

/* The AFN0C Fn unit of pn at now is want[0..n) on the wire. */
static void assert_0c(tdb *t, uint16_t pn, uint16_t fn, int64_t now, const uint8_t *want, size_t n)
{
    uint8_t out[128];
    size_t w = build_enc(t, pn, fn, now, out, sizeof out);
    assert_int_equal(w, n);
    assert_memory_equal(out, want, n);
}

static void test_lookup(void **state)
{
    tdb *t = *state;
    mdata_point p;
    assert_int_equal(mdata_point_lookup(t->st, 1, &p), STORE_E_NOTFOUND);
    static const uint16_t pns[] = {5, 7};
    static const uint8_t protos[] = {30, 1};
    set_meters(t, pns, protos, 2);
    set_wiring(t, 7, false);
    set_read_day(t, 15, 12, 30);
    assert_int_equal(mdata_point_lookup(t->st, 7, &p), 0);
    assert_int_equal(p.point, 7);
    assert_int_equal(p.port, 2);
    assert_int_equal(p.protocol, 1);
    assert_int_equal(p.tariffs, 4);
    assert_false(p.three_phase);
    assert_int_equal(p.read_days, 1u << 14);
    assert_int_equal(p.read_day_min, 12 * 60 + 30);
    assert_int_equal(mdata_point_lookup(t->st, 5, &p), 0);
    assert_false(p.three_phase); /* F25 never set: the store's default is single-phase */
    set_wiring(t, 5, true);
    assert_int_equal(mdata_point_lookup(t->st, 5, &p), 0);
    assert_true(p.three_phase);
    assert_int_equal(mdata_point_lookup(t->st, 6, &p), STORE_E_NOTFOUND);
    assert_int_equal(mdata_point_lookup(t->st, 0, &p), STORE_E_ARG);
}

static void test_supports(void **state)
{
    (void)state;
    static const uint16_t c[] = {25,  27,  28,  31,  32,  33,  34,  35,  36,  129,
                                 130, 131, 132, 161, 162, 165, 166, 167, 177, 178};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        assert_true(mdata_supports(0x0C, c[i]));
    static const uint16_t d[] = {1,   2,   3,   4,   9,   10,  11,  12,  17,  18,
                                 19,  20,  27,  35,  81,  89,  92,  95,  101, 104,
                                 105, 108, 161, 168, 169, 176, 177, 184, 185, 196};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        assert_true(mdata_supports(0x0D, d[i]));
    assert_false(mdata_supports(0x0C, 2));   /* p0 */
    assert_false(mdata_supports(0x0C, 26));  /* phase breaks: no DI */
    assert_false(mdata_supports(0x0C, 168)); /* settlement: no DI */
    assert_false(mdata_supports(0x0D, 49));
    assert_false(mdata_supports(0x0D, 97)); /* energy increments: not kept */
    assert_false(mdata_supports(0x04, 10));
}

/* F129: 0001FF00 with total 1234.56 kWh and 4 tariffs. */
static void test_f129_block(void **state)
{
    tdb *t = *state;
    mdata_point p = pt1(t);
    uint8_t d[20];
    static const uint64_t v[] = {123456, 10000, 20000, 30000, 63456};
    size_t n = energy_block(d, v, 5);
    int64_t now = at(2025, 11, 20, 10, 37);
    item(t, &p, 0x0001FF00u, d, n, now);
    static const uint8_t want[] = {
        0x37, 0x10, 0x20, 0x11, 0x25, /* A.15 read time 2025-11-20 10:37 */
        0x04,                         /* M */
        0x00, 0x56, 0x34, 0x12, 0x00, /* total 1234.5600 */
        0x00, 0x00, 0x00, 0x01, 0x00, /* 100.0000 */
        0x00, 0x00, 0x00, 0x02, 0x00, /* 200.0000 */
        0x00, 0x00, 0x00, 0x03, 0x00, /* 300.0000 */
        0x00, 0x56, 0x34, 0x06, 0x00, /* 634.5600 */
    };
    assert_0c(t, 1, 129, now, want, sizeof want);
    /* the point without data leaves the unit out; other Fn too */
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0c(t->st, 2, 129, now, &t->a, &u), 0);
    assert_null(u);
    assert_int_equal(mdata_build_0c(t->st, 1, 131, now, &t->a, &u), 0);
    assert_null(u);
}

/* A 1997 meter: the reader delivers converted single items 00010000,
 * 000101..04 (9010..9014); the answer is the same as from the block. */
static void test_f129_singles_1997(void **state)
{
    tdb *t = *state;
    static const uint16_t pns[] = {3};
    static const uint8_t protos[] = {1};
    set_meters(t, pns, protos, 1);
    mdata_point p;
    assert_int_equal(mdata_point_lookup(t->st, 3, &p), 0);
    int64_t now = at(2025, 11, 20, 10, 0);
    static const uint64_t v[] = {123456, 10000, 20000, 30000, 63456};
    for (uint32_t i = 0; i < 4; i++) { /* tariff 4 never answered */
        uint8_t d[4];
        bcd(d, v[i], 4);
        item(t, &p, 0x00010000u | i << 8, d, 4, now + i);
    }
    static const uint8_t want[] = {
        0x00, 0x10, 0x20, 0x11, 0x25, 0x04, 0x00, 0x56, 0x34, 0x12, 0x00,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
        0x00, 0x00, 0x03, 0x00, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, /* tariff 4 missing */
    };
    assert_0c(t, 3, 129, now + 10, want, sizeof want);
}

/* F33: fwd active + Q1 present, fwd reactive and Q4 missing (EE); M from
 * the block (2 tariffs). */
static void test_f33_missing_parts(void **state)
{
    tdb *t = *state;
    mdata_point p = pt1(t);
    int64_t now = at(2025, 11, 20, 8, 5);
    uint8_t d[20];
    static const uint64_t fa[] = {100, 60, 40};
    item(t, &p, 0x0001FF00u, d, energy_block(d, fa, 3), now);
    static const uint64_t q1[] = {12345678, 1, 12345677};
    item(t, &p, 0x0005FF00u, d, energy_block(d, q1, 3), now);
    static const uint8_t want[] = {
        0x05, 0x08, 0x20, 0x11, 0x25, 0x02,                                     /* time, M = 2 */
        0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00,             /* 1.00, 0.60 */
        0x00, 0x40, 0x00, 0x00, 0x00,                                           /* 0.40 */
        0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, /* fwd reactive */
        0x78, 0x56, 0x34, 0x12, 0x01, 0x00, 0x00, 0x00, 0x77, 0x56, 0x34, 0x12, /* Q1 A.11 */
        0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, /* Q4 */
    };
    assert_0c(t, 1, 33, now, want, sizeof want);
}

/* F35: max demand 0101FF00 (XX.XXXX + YYMMDDhhmm) -> A.23 then A.17. */
static void test_f35_demand(void **state)
{
    tdb *t = *state;
    mdata_point p = pt1(t);
    int64_t now = at(2025, 11, 20, 9, 0);
    uint8_t d[40], *q = d;
    q = bcd(q, 12345, 3); /* 1.2345 kW */
    q = ymdhm(q, 2025, 11, 19, 14, 15);
    q = bcd(q, 67890, 3); /* tariff 1: 6.7890 kW */
    q = ymdhm(q, 2025, 11, 3, 8, 0);
    item(t, &p, 0x0101FF00u, d, (size_t)(q - d), now);
    static const uint8_t want[] = {
        0x00, 0x09, 0x20, 0x11, 0x25, 0x01,             /* time, M = 1 */
        0x45, 0x23, 0x01, 0x90, 0x78, 0x06,             /* demands A.23 */
        0x15, 0x14, 0x19, 0x11, 0x00, 0x08, 0x03, 0x11, /* times A.17 */
        0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE,             /* reactive demands */
        0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE,
    };
    assert_0c(t, 1, 35, now, want, sizeof want);
    /* F145: the same as pairs */
    static const uint8_t want145[] = {0x00, 0x09, 0x20, 0x11, 0x25, 0x01, 0x45, 0x23, 0x01, 0x15,
                                      0x14, 0x19, 0x11, 0x90, 0x78, 0x06, 0x00, 0x08, 0x03, 0x11};
    assert_0c(t, 1, 145, now, want145, sizeof want145);
}

/* F25 of a three-phase meter from the blocks. */
static void test_f25_three_phase(void **state)
{
    tdb *t = *state;
    mdata_point p = pt1(t);
    set_wiring(t, 1, true);
    int64_t now = at(2025, 11, 20, 9, 30);
    uint8_t d[16], *q;
    q = d;
    q = bcd(q, 2201, 2);
    q = bcd(q, 2215, 2);
    q = bcd(q, 2199, 2);
    item(t, &p, 0x0201FF00u, d, (size_t)(q - d), now); /* 220.1 221.5 219.9 V */
    q = d;
    q = bcd(q, 1500, 3);
    d[3] = 0x00; /* phase B -1.000 A: the sign is the top bit */
    d[4] = 0x10;
    d[5] = 0x80;
    q = bcd(d + 6, 0, 3);
    item(t, &p, 0x0202FF00u, d, 9, now);
    q = d;
    q = bcd(q, 33000, 3); /* 3.3000 kW */
    q = bcd(q, 11000, 3);
    q = bcd(q, 11000, 3);
    q = bcd(q, 11000, 3);
    item(t, &p, 0x0203FF00u, d, (size_t)(q - d), now);
    q = d;
    q = bcd(q, 987, 2); /* 0.987 */
    q = bcd(q, 1000, 2);
    q = bcd(q, 950, 2);
    q = bcd(q, 900, 2);
    item(t, &p, 0x0206FF00u, d, (size_t)(q - d), now);
    uint8_t out[128];
    size_t w = build_enc(t, 1, 25, now, out, sizeof out);
    assert_int_equal(w, 5 + 8 * 3 + 4 * 2 + 3 * 2 + 3 * 3 + 3 + 4 * 3);
    static const uint8_t want_head[] = {
        0x30, 0x09, 0x20, 0x11, 0x25,                                           /* read time */
        0x00, 0x30, 0x03, 0x00, 0x10, 0x01, 0x00, 0x10, 0x01, 0x00, 0x10, 0x01, /* P A.9 */
        0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, /* Q */
        0x87, 0x09, 0x00, 0x10, 0x50, 0x09, 0x00, 0x09,       /* pf A.5 98.7 100.0 95.0 90.0 % */
        0x01, 0x22, 0x15, 0x22, 0x99, 0x21,                   /* U A.7 */
        0x00, 0x15, 0x00, 0x00, 0x10, 0x80, 0x00, 0x00, 0x00, /* I A.25, B negative */
        0xEE, 0xEE, 0xEE,                                     /* I0 */
    };
    assert_memory_equal(out, want_head, sizeof want_head);
    for (size_t i = sizeof want_head; i < w; i++)
        assert_int_equal(out[i], 0xEE); /* apparent power never read */
}

/* F25 of a single-phase meter read with single items (phase A only). */
static void test_f25_single_phase(void **state)
{
    tdb *t = *state;
    static const uint16_t pns[] = {4};
    set_meters(t, pns, NULL, 1);
    set_wiring(t, 4, false);
    mdata_point p;
    assert_int_equal(mdata_point_lookup(t->st, 4, &p), 0);
    assert_false(p.three_phase);
    int64_t now = at(2025, 11, 20, 9, 31);
    uint8_t d[4];
    bcd(d, 2305, 2);
    item(t, &p, 0x02010100u, d, 2, now);
    bcd(d, 4321, 3);
    item(t, &p, 0x02020100u, d, 3, now);
    bcd(d, 9950, 3);
    item(t, &p, 0x02030000u, d, 3, now);
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0c(t->st, 4, 25, now, &t->a, &u), 0);
    const mdc_value *v = mdc_v_get(u, "voltage_a");
    int64_t mant;
    assert_true(mdc_v_mant(v, 1, &mant));
    assert_int_equal(mant, 2305);
    assert_true(mdc_v_mant(mdc_v_get(u, "current_a"), 3, &mant));
    assert_int_equal(mant, 4321);
    assert_true(mdc_v_mant(mdc_v_get(u, "power"), 4, &mant));
    assert_int_equal(mant, 9950);
    assert_int_equal(mdc_v_get(u, "voltage_b")->kind, MDC_V_NULL);
    /* a block with zeros for B and C (what a single-phase meter answers): still missing */
    uint8_t blk[6];
    bcd(blk, 2305, 2);
    bcd(blk + 2, 0, 2);
    bcd(blk + 4, 0, 2);
    item(t, &p, 0x0201FF00u, blk, 6, now);
    assert_int_equal(mdata_build_0c(t->st, 4, 25, now, &t->a, &u), 0);
    assert_true(mdc_v_mant(mdc_v_get(u, "voltage_a"), 1, &mant));
    assert_int_equal(mant, 2305);
    assert_int_equal(mdc_v_get(u, "voltage_b")->kind, MDC_V_NULL);
    assert_int_equal(mdc_v_get(u, "voltage_c")->kind, MDC_V_NULL);
    assert_int_equal(mdc_v_get(u, "current_c")->kind, MDC_V_NULL);
    assert_int_equal(mdc_v_get(u, "power_a")->kind, MDC_V_NULL);
    uint8_t out[128];
    size_t w = enc(0x0C, 25, u, out, sizeof out);
    assert_int_equal(w, 67);
    static const uint8_t volt[] = {0x05, 0x23, 0xEE, 0xEE, 0xEE, 0xEE};
    assert_memory_equal(out + 5 + 24 + 8, volt, sizeof volt);
}

/* F28: status words and change flags against the previous reading. */
static void test_f28_changes(void **state)
{
    tdb *t = *state;
    mdata_point p = pt1(t);
    int64_t now = at(2025, 11, 20, 9, 0);
    uint8_t sw[14] = {0x04, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00,
                      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    /* status word 1 D2 clock battery low, word 2 D4 */
    item(t, &p, 0x040005FFu, sw, 14, now);
    uint8_t out[64];
    size_t w = build_enc(t, 1, 28, now, out, sizeof out);
    assert_int_equal(w, 5 + 28);
    for (size_t i = 0; i < 14; i++)
        assert_int_equal(out[5 + i], 0); /* first reading: nothing changed */
    assert_memory_equal(out + 19, sw, 14);
    /* word 3 D4 (relay off) sets, word 1 D2 clears */
    sw[0] = 0x00;
    sw[4] = 0x10;
    item(t, &p, 0x040005FFu, sw, 14, now + 900);
    w = build_enc(t, 1, 28, now + 900, out, sizeof out);
    static const uint8_t chg[14] = {0x04, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assert_memory_equal(out + 5, chg, 14);
    assert_memory_equal(out + 19, sw, 14);
    assert_int_equal(out[0], 0x15); /* read at 09:15 */
    /* a single word read later: its change is against the block */
    uint8_t w7[2] = {0x20, 0x00}; /* word 7 D5 power down */
    item(t, &p, 0x04000507u, w7, 2, now + 1800);
    w = build_enc(t, 1, 28, now + 1800, out, sizeof out);
    assert_int_equal(out[5 + 12], 0x20);
    assert_int_equal(out[19 + 12], 0x20);
    assert_int_equal(out[5 + 4], 0x10); /* word 3 flag kept */
    /* F161: relay off from status word 3 */
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0c(t->st, 1, 161, now + 1800, &t->a, &u), 0);
    int64_t s = -1;
    assert_true(mdc_v_int(mdc_v_get(u, "state"), &s));
    assert_int_equal(s, 0x00);
}

/* F27 / F162: the meter clock (0400010C), counts and record times. */
static void test_f27_clock(void **state)
{
    tdb *t = *state;
    mdata_point p = pt1(t);
    int64_t now = at(2025, 11, 20, 9, 0);
    const uint8_t clk[7] = {0x30, 0x59, 0x08, 0x04, 0x20, 0x11, 0x25}; /* ss mm hh WW DD MM YY */
    item(t, &p, 0x0400010Cu, clk, 7, now);
    uint8_t cnt[3];
    bcd(cnt, 12, 3);
    item(t, &p, 0x03300000u, cnt, 3, now);
    static const uint8_t want[] = {
        0x00, 0x09, 0x20, 0x11, 0x25, 0x30,
        0x59, 0x08, 0x20, 0x91, 0x25}; /* A.1: Thursday (4) in the month byte */
    assert_0c(t, 1, 162, now, want, sizeof want);
    uint8_t out[128];
    build_enc(t, 1, 27, now, out, sizeof out);
    assert_memory_equal(out + 5, want + 5, 6);
    static const uint8_t count[3] = {0x12, 0x00, 0x00};
    assert_memory_equal(out + 5 + 6 + 4, count, 3); /* program count A.10 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_supports, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_f129_block, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_f129_singles_1997, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_f33_missing_parts, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_f35_demand, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_f25_three_phase, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_f25_single_phase, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_f28_changes, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_f27_clock, md_setup, md_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
