/* cc_mdata: a 1997 meter whose answers the reader converted with
 * dlt645_di_convert (901F, B611, B621, B630, C010 + C011), items built with
 * dlt645_di_encode, AFN0C F31/F32, F37 (previous settlement day), F161 with
 * trip/close times, F165-F167, F177 with a negative combined reading (EE),
 * and the argument errors. */
#include "md_harness.h"

static mdata_point point(tdb *t, uint16_t pn, uint8_t proto)
{
    const uint16_t pns[] = {pn};
    const uint8_t protos[] = {proto};
    set_meters(t, pns, protos, 1);
    mdata_point p;
    assert_int_equal(mdata_point_lookup(t->st, pn, &p), 0);
    return p;
}

/* A 1997 answer converted to the 2007 item, then given to mdata. */
static void item97(tdb *t, const mdata_point *p, uint16_t di97, const uint8_t *d, size_t n,
                   int64_t ts)
{
    static uint8_t sbuf[8192];
    mdc_arena a;
    mdc_arena_init(&a, sbuf, sizeof sbuf);
    uint32_t di07 = 0;
    uint8_t out[64];
    size_t len = 0;
    dlt645_di_err e;
    if (dlt645_di_convert(DLT645_DI_ED_1997, di97, d, n, &a, &di07, out, sizeof out, &len, &e) !=
        DLT645_DI_OK)
        fail_msg("convert %04X: %s", di97, e.reason);
    item(t, p, di07, out, len, ts);
}

static void test_1997_meter(void **state)
{
    tdb *t = *state;
    mdata_point p = point(t, 9, 1);
    int64_t now = at(2025, 11, 20, 14, 0);
    uint8_t d[20];
    static const uint64_t v[] = {123456, 23456, 100000};
    item97(t, &p, 0x901F, d, energy_block(d, v, 3), now); /* total + 2 tariffs */
    bcd(d, 221, 2);                                       /* B611: 221 V */
    item97(t, &p, 0xB611, d, 2, now);
    bcd(d, 512, 2); /* B621: 5.12 A */
    item97(t, &p, 0xB621, d, 2, now);
    bcd(d, 12345, 3); /* B630: 1.2345 kW */
    item97(t, &p, 0xB630, d, 3, now);
    const uint8_t date[4] = {0x04, 0x20, 0x11, 0x25}; /* C010 WW DD MM YY: Thursday */
    const uint8_t tod[3] = {0x58, 0x59, 0x13};        /* C011 ss mm hh */
    item97(t, &p, 0xC010, date, 4, now);
    item97(t, &p, 0xC011, tod, 3, now);
    uint8_t out[128];
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0c(t->st, 9, 129, now, &t->a, &u), 0);
    size_t w = enc(0x0C, 129, u, out, sizeof out);
    static const uint8_t want129[] = {0x00, 0x14, 0x20, 0x11, 0x25, 0x02, 0x00,
                                      0x56, 0x34, 0x12, 0x00, 0x00, 0x56, 0x34,
                                      0x02, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00};
    assert_int_equal(w, sizeof want129);
    assert_memory_equal(out, want129, sizeof want129);
    assert_int_equal(mdata_build_0c(t->st, 9, 25, now, &t->a, &u), 0);
    w = enc(0x0C, 25, u, out, sizeof out);
    static const uint8_t p_total[] = {0x45, 0x23, 0x01};
    assert_memory_equal(out + 5, p_total, 3);
    static const uint8_t ua[] = {0x10, 0x22, 0xEE, 0xEE, 0xEE, 0xEE};
    assert_memory_equal(out + 5 + 24 + 8, ua, sizeof ua); /* 221.0 V */
    static const uint8_t ia[] = {0x20, 0x51, 0x00};
    assert_memory_equal(out + 5 + 24 + 8 + 6, ia, sizeof ia); /* 5.120 A */
    assert_int_equal(mdata_build_0c(t->st, 9, 162, now, &t->a, &u), 0);
    w = enc(0x0C, 162, u, out, sizeof out);
    static const uint8_t want162[] = {0x00, 0x14, 0x20, 0x11, 0x25, 0x58,
                                      0x59, 0x13, 0x20, 0x91, 0x25};
    assert_int_equal(w, sizeof want162);
    assert_memory_equal(out, want162, sizeof want162);
}

/* F31 from the phase items built with dlt645_di_encode; F32 from DI0 = 01. */
static void test_f31_f32(void **state)
{
    tdb *t = *state;
    mdata_point p = point(t, 1, 30);
    int64_t now = at(2025, 11, 20, 15, 0);
    static uint8_t sbuf[4096];
    mdc_arena a;
    mdc_arena_init(&a, sbuf, sizeof sbuf);
    static const uint32_t di[] = {0x00150000u, 0x00160000u, 0x00170000u, 0x00290000u, 0x003D0001u};
    static const int64_t mant[] = {10050, 20, 31, 20000, 777};
    for (size_t i = 0; i < 5; i++) {
        mdc_value *v = mdc_v_new(&a, MDC_V_DEC);
        v->u.dec.mant = mant[i];
        v->u.dec.scale = 2;
        uint8_t d[8];
        size_t n = 0;
        assert_int_equal(
            dlt645_di_encode(DLT645_DI_ED_2007, di[i] & 0xFFFFFF00u, v, d, sizeof d, &n, NULL),
            DLT645_DI_OK);
        item(t, &p, di[i] & 0xFFFF00FFu, d, n, now);
    }
    /* 003D0001: phase C forward active of the previous settlement day */
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0c(t->st, 1, 31, now, &t->a, &u), 0);
    uint8_t out[128];
    size_t w = enc(0x0C, 31, u, out, sizeof out);
    assert_int_equal(w, 5 + 3 * (5 + 5 + 4 + 4));
    static const uint8_t a_ph[] = {0x00, 0x50, 0x00, 0x01, 0x00, 0x00, 0x20, 0x00, 0x00,
                                   0x00, 0x31, 0x00, 0x00, 0x00, 0xEE, 0xEE, 0xEE, 0xEE};
    assert_memory_equal(out + 5, a_ph, sizeof a_ph);
    static const uint8_t b_fwd[] = {0x00, 0x00, 0x00, 0x02, 0x00};
    assert_memory_equal(out + 5 + 18, b_fwd, sizeof b_fwd);
    for (size_t i = 5 + 36; i < w; i++)
        assert_int_equal(out[i], 0xEE); /* phase C now: nothing */
    assert_int_equal(mdata_build_0c(t->st, 1, 32, now, &t->a, &u), 0);
    w = enc(0x0C, 32, u, out, sizeof out);
    static const uint8_t c_fwd[] = {0x00, 0x77, 0x07, 0x00, 0x00};
    assert_memory_equal(out + 5 + 36, c_fwd, sizeof c_fwd);
}

/* F37 (previous settlement day) from 0001FF01; F177 with a negative
 * combined reading: EE; F178 from 0000FF01. */
static void test_settlement_and_combined(void **state)
{
    tdb *t = *state;
    mdata_point p = point(t, 1, 30);
    int64_t now = at(2025, 11, 20, 16, 0);
    uint8_t d[20];
    static const uint64_t v[] = {50000};
    item(t, &p, 0x0001FF01u, d, energy_block(d, v, 1), now);
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0c(t->st, 1, 33, now, &t->a, &u), 0);
    assert_null(u); /* current data never read */
    assert_int_equal(mdata_build_0c(t->st, 1, 37, now, &t->a, &u), 0);
    uint8_t out[128];
    enc(0x0C, 37, u, out, sizeof out);
    static const uint8_t f37[] = {0x00, 0x16, 0x20, 0x11, 0x25, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00};
    assert_memory_equal(out, f37, sizeof f37);
    const uint8_t neg[8] = {0x00, 0x01, 0x00, 0x80, 0x00, 0x02, 0x00, 0x00}; /* -1.00, 2.00 */
    item(t, &p, 0x0000FF00u, neg, 8, now);
    assert_int_equal(mdata_build_0c(t->st, 1, 177, now, &t->a, &u), 0);
    size_t w = enc(0x0C, 177, u, out, sizeof out);
    static const uint8_t f177[] = {0x00, 0x16, 0x20, 0x11, 0x25, 0x01, 0xEE, 0xEE,
                                   0xEE, 0xEE, 0xEE, 0x00, 0x00, 0x02, 0x00, 0x00};
    assert_int_equal(w, sizeof f177);
    assert_memory_equal(out, f177, sizeof f177);
    assert_int_equal(mdata_build_0c(t->st, 1, 178, now, &t->a, &u), 0);
    assert_null(u);
}

/* F161 (relay state and times), F165, F166, F167. */
static void test_meter_records(void **state)
{
    tdb *t = *state;
    mdata_point p = point(t, 1, 30);
    int64_t now = at(2025, 11, 20, 17, 0);
    const uint8_t sw3[2] = {0x00, 0x00}; /* relay on */
    item(t, &p, 0x04000503u, sw3, 2, now);
    const uint8_t trip[6] = {0x05, 0x04, 0x03, 0x02, 0x11, 0x25}; /* 2025-11-02 03:04:05 */
    item(t, &p, 0x1D000101u, trip, 6, now);
    mdc_value *u = NULL;
    assert_int_equal(mdata_build_0c(t->st, 1, 161, now, &t->a, &u), 0);
    uint8_t out[128];
    size_t w = enc(0x0C, 161, u, out, sizeof out);
    static const uint8_t f161[] = {0x00, 0x17, 0x20, 0x11, 0x25, 0x11, 0xEE, 0xEE, 0xEE,
                                   0xEE, 0xEE, 0xEE, 0x05, 0x04, 0x03, 0x02, 0xF1, 0x25};
    assert_int_equal(w, sizeof f161); /* 2025-11-02 is a Sunday: week 7 */
    assert_memory_equal(out, f161, sizeof f161);
    /* F165: cover opened (03300D00 count, 03300D01 record: start, end, 12 energies) */
    uint8_t cnt[3];
    bcd(cnt, 2, 3);
    item(t, &p, 0x03300D00u, cnt, 3, now);
    uint8_t rec[60];
    memset(rec, 0, sizeof rec);
    const uint8_t start[6] = {0x00, 0x30, 0x08, 0x19, 0x11, 0x25};
    memcpy(rec, start, 6);
    item(t, &p, 0x03300D01u, rec, 60, now);
    assert_int_equal(mdata_build_0c(t->st, 1, 165, now, &t->a, &u), 0);
    w = enc(0x0C, 165, u, out, sizeof out);
    static const uint8_t f165[] = {0x00, 0x17, 0x20, 0x11, 0x25, 0xEE, 0xEE, 0xEE,
                                   0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0x02, 0x00,
                                   0x00, 0x00, 0x30, 0x08, 0x19, 0x71, 0x25};
    assert_int_equal(w, sizeof f165);
    assert_memory_equal(out, f165, sizeof f165);
    /* F166: clock set record (operator, before, after) */
    uint8_t cs[16];
    memset(cs, 0x11, 4);
    const uint8_t before[6] = {0x00, 0x00, 0x12, 0x18, 0x11, 0x25};
    const uint8_t after[6] = {0x30, 0x01, 0x12, 0x18, 0x11, 0x25};
    memcpy(cs + 4, before, 6);
    memcpy(cs + 10, after, 6);
    item(t, &p, 0x03300401u, cs, 16, now);
    assert_int_equal(mdata_build_0c(t->st, 1, 166, now, &t->a, &u), 0);
    w = enc(0x0C, 166, u, out, sizeof out);
    assert_int_equal(w, 5 + 3 + 6 + 6 + 3 + 6);
    static const uint8_t ba[] = {0x00, 0x00, 0x12, 0x18, 0x51, 0x25,
                                 0x30, 0x01, 0x12, 0x18, 0x51, 0x25}; /* Tuesday 18 Nov */
    assert_memory_equal(out + 8, ba, sizeof ba);
    /* F27's last time set is the record's "after" time (the last A.1 of the unit) */
    assert_int_equal(mdata_build_0c(t->st, 1, 27, now, &t->a, &u), 0);
    w = enc(0x0C, 27, u, out, sizeof out);
    assert_int_equal(w, 5 + 6 + 4 + 5 * (3 + 6));
    assert_memory_equal(out + w - 6, ba + 6, 6);
    /* F167: remaining money and energy */
    uint8_t m4[4];
    bcd(m4, 12345, 4); /* 123.45 yuan */
    item(t, &p, 0x00900200u, m4, 4, now);
    bcd(m4, 6789, 4); /* 67.89 kWh */
    item(t, &p, 0x00900100u, m4, 4, now);
    assert_int_equal(mdata_build_0c(t->st, 1, 167, now, &t->a, &u), 0);
    w = enc(0x0C, 167, u, out, sizeof out);
    assert_int_equal(w, 5 + 2 + 5 + 5 + 4 * 6);
    static const uint8_t money[] = {0x00, 0x45, 0x23, 0x01, 0x00};
    assert_memory_equal(out + 7, money, sizeof money);
    static const uint8_t energy[] = {0x89, 0x67, 0x00, 0x00};
    assert_memory_equal(out + 17, energy, sizeof energy);
}

static void test_errors(void **state)
{
    tdb *t = *state;
    mdata_point p = point(t, 1, 30);
    mdc_value *u = (mdc_value *)1;
    const uint8_t d[4] = {0};
    assert_int_equal(mdata_on_item(NULL, &p, 0x00010000u, d, 4, 0), STORE_E_ARG);
    assert_int_equal(mdata_on_item(t->st, NULL, 0x00010000u, d, 4, 0), STORE_E_ARG);
    assert_int_equal(mdata_on_item(t->st, &p, 0x00010000u, NULL, 4, 0), STORE_E_ARG);
    assert_int_equal(mdata_build_0c(t->st, 0, 129, 0, &t->a, &u), STORE_E_ARG);
    assert_null(u);
    assert_int_equal(mdata_build_0c(t->st, 1, 129, 0, NULL, &u), STORE_E_ARG);
    assert_int_equal(mdata_build_0c(t->st, 1, 129, 0, &t->a, NULL), STORE_E_ARG);
    assert_int_equal(mdata_build_0d(NULL, 1, 161, NULL, 0, &t->a, &u), STORE_E_ARG);
    assert_int_equal(mdata_point_lookup(NULL, 1, &p), STORE_E_ARG);
    /* an item with a wrong length is kept but not served (not decodable) */
    int64_t now = at(2025, 11, 20, 18, 0);
    item(t, &p, 0x0001FF00u, d, 3, now);
    assert_int_equal(mdata_build_0c(t->st, 1, 129, now, &t->a, &u), 0);
    assert_null(u);
    /* an arena too small for the answer: STORE_E_SPACE, nothing left in it */
    uint8_t d20[20];
    static const uint64_t v[] = {1, 2, 3, 4, 5};
    item(t, &p, 0x0001FF00u, d20, energy_block(d20, v, 5), now);
    uint8_t small[200];
    mdc_arena a;
    mdc_arena_init(&a, small, sizeof small);
    assert_int_equal(mdata_build_0c(t->st, 1, 129, now, &a, &u), STORE_E_SPACE);
    assert_null(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_1997_meter, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_f31_f32, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_settlement_and_combined, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_meter_records, md_setup, md_teardown),
        cmocka_unit_test_setup_teardown(test_errors, md_setup, md_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
