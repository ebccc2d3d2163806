/* cc_store parameters: every AFN04 Fn round-trips through a reopened
 * database, validation (length, range, read-only, pn), atomic multi-unit
 * sets, list merging, change counters, the change log and the listener. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cc/store.h"
#include "../store_tmp.h"
#include "gdw13761/catalog.h"
#include "gdw13761/layout.h"

/* ---- a fresh database in a unique directory per test ---- */
typedef store_tmp tdb;

static int setup(void **state)
{
    return store_tmp_setup(state, "cc_store");
}

static int teardown(void **state)
{
    return store_tmp_teardown(state);
}

static int hexb(const char *hex, uint8_t *out)
{
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
    return (int)n;
}

#include "../param_sample.h"

static uint16_t pn_for(const gdw13761_fn *row)
{
    return row->pn == GDW13761_PN_P0 ? 0 : 3;
}

static void test_every_param_round_trips(void **state)
{
    tdb *t = *state;
    static uint8_t abuf[1 << 16];
    static uint8_t want[200][1024];
    static size_t want_len[200];
    static const gdw13761_fn *rows[200];
    size_t nrows = 0;
    /* set every Fn with a valid sample */
    for (size_t i = 0; gdw13761_cat_at(i); i++) {
        const gdw13761_fn *row = gdw13761_cat_at(i);
        if (row->afn != 0x04 || row->dir != GDW13761_DOWN)
            continue;
        mdc_arena a;
        mdc_arena_init(&a, abuf, sizeof abuf);
        mdc_value *v = gdw13761_unit_sample(row->layout, 2u + 2u * (unsigned)i, &a);
        assert_non_null(v);
        make_valid(row->fn, v);
        size_t w = 0;
        gdw13761_err e;
        assert_int_equal(gdw13761_unit_encode(row->layout, v, want[nrows], sizeof want[0], &w, &e),
                         0);
        int rc = store_param_set(t->st, row->fn, pn_for(row), want[nrows], w, 7, 1000);
        if (row->fn == 150) { /* read-only */
            assert_int_equal(rc, STORE_E_INVALID);
            assert_non_null(strstr(store_errmsg(t->st), "read-only"));
            continue;
        }
        if (rc)
            fail_msg("F%u: %s", row->fn, store_errmsg(t->st));
        want_len[nrows] = w;
        rows[nrows++] = row;
    }
    assert_int_equal(nrows, 38); /* every catalogued AFN04 Fn but F150 */
    store_tmp_reopen(t, NULL);
    for (size_t i = 0; i < nrows; i++) {
        uint8_t got[STORE_PARAM_MAX];
        size_t n = 0;
        assert_int_equal(store_param_get(t->st, rows[i]->fn, pn_for(rows[i]), got, sizeof got, &n),
                         0);
        if (n != want_len[i] || memcmp(got, want[i], n) != 0)
            fail_msg("F%u: %zu bytes back, %zu set", rows[i]->fn, n, want_len[i]);
        assert_int_equal(store_param_changes(t->st, rows[i]->fn, pn_for(rows[i])), 1);
    }
    /* F38/F39 also by user class */
    uint8_t got[64];
    size_t n;
    for (size_t i = 0; i < nrows; i++)
        if (rows[i]->fn == 38 || rows[i]->fn == 39) {
            assert_int_equal(
                store_param_get_key(t->st, rows[i]->fn, 0, want[i][0], got, sizeof got, &n), 0);
            assert_memory_equal(got, want[i], want_len[i]);
        }
}

static void test_defaults_decode(void **state)
{
    tdb *t = *state;
    static uint8_t abuf[1 << 16];
    for (size_t i = 0; gdw13761_cat_at(i); i++) {
        const gdw13761_fn *row = gdw13761_cat_at(i);
        if (row->afn != 0x04 || row->dir != GDW13761_DOWN)
            continue;
        uint8_t b[1024];
        size_t n = 0, used = 0;
        if (store_param_get(t->st, row->fn, pn_for(row), b, sizeof b, &n) != 0)
            fail_msg("F%u has no default: %s", row->fn, store_errmsg(t->st));
        mdc_arena a;
        mdc_arena_init(&a, abuf, sizeof abuf);
        mdc_value *v;
        gdw13761_err e;
        if (gdw13761_unit_decode(row->layout, b, n, &used, &a, &v, &e) != 0 || used != n)
            fail_msg("F%u default (%zu bytes) does not decode: %s", row->fn, n,
                     used == n ? e.msg : "length");
        assert_int_equal(store_param_changes(t->st, row->fn, pn_for(row)), 0);
    }
    /* the defaults of docs/storage.md, byte for byte */
    uint8_t b[64], w[64];
    size_t n;
    assert_int_equal(store_param_get(t->st, 1, 0, b, sizeof b, &n), 0);
    assert_int_equal(n, hexb("00001E300405", w));
    assert_memory_equal(b, w, n);
    assert_int_equal(store_param_get(t->st, 67, 5, b, sizeof b, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(b[0], 0xAA);
    assert_int_equal(store_param_get(t->st, 10, 0, b, sizeof b, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(b[0] | b[1], 0);
    /* too small a buffer */
    assert_int_equal(store_param_get(t->st, 1, 0, b, 3, &n), STORE_E_SPACE);
    /* not a parameter */
    assert_int_equal(store_param_get(t->st, 17, 0, b, sizeof b, &n), STORE_E_INVALID);
}

static void test_site_defaults(void **state)
{
    tdb *t = *state;
    store_opts o = {.master_ip = {10, 1, 2, 3},
                    .master_port = 9001,
                    .apn = "CMNET",
                    .region = 0x4401,
                    .address = 0x1234};
    uint8_t b[64], w[64];
    size_t n;
    assert_int_equal(store_param_default(&o, 3, 0, b, sizeof b, &n), 0);
    assert_int_equal(n, 28);
    assert_int_equal(hexb("0A0102032923000000000000"
                          "434D4E4554",
                          w),
                     17);
    assert_memory_equal(b, w, 17);
    assert_int_equal(b[17], 0);
    assert_int_equal(store_param_default(&o, 89, 0, b, sizeof b, &n), 0);
    assert_int_equal(n, 4);
    assert_int_equal(hexb("01443412", w), 4);
    assert_memory_equal(b, w, 4);
    /* without site values: address 1 */
    assert_int_equal(store_param_get(t->st, 89, 0, b, sizeof b, &n), 0);
    assert_int_equal(hexb("00000100", w), 4);
    assert_memory_equal(b, w, 4);
}

static void test_wrong_length_denied(void **state)
{
    tdb *t = *state;
    uint8_t d[8] = {1, 2, 3, 4, 5, 6, 7};
    char why[200];
    assert_int_equal(store_param_set(t->st, 1, 0, d, 5, 1, 0), STORE_E_INVALID);
    assert_non_null(strstr(store_errmsg(t->st), "F1"));
    assert_int_equal(store_param_set(t->st, 1, 0, d, 7, 1, 0), STORE_E_INVALID);
    assert_non_null(strstr(store_errmsg(t->st), "7 bytes given, the data unit is 6 bytes"));
    assert_int_equal(store_param_check(1, 0, d, 7, why, sizeof why), STORE_E_INVALID);
    assert_int_equal(store_param_changes(t->st, 1, 0), 0);
    uint8_t b[16];
    size_t n;
    assert_int_equal(store_param_get(t->st, 1, 0, b, sizeof b, &n), 0);
    assert_int_equal(b[5], 5); /* still the default heartbeat */
    assert_int_equal(store_table_rows(t->st, "param"), 0);
    assert_int_equal(store_table_rows(t->st, "param_log"), 0);
}

static void test_out_of_range_denied(void **state)
{
    tdb *t = *state;
    char why[200];
    /* F2: 17 relay addresses, the standard allows 0..16 */
    uint8_t f2[1 + 34] = {0x80 | 17};
    assert_int_equal(store_param_check(2, 0, f2, sizeof f2, why, sizeof why), STORE_E_INVALID);
    assert_string_equal(why, "F2 count: 17 outside 0..16");
    f2[0] = 0x80 | 16;
    assert_int_equal(store_param_check(2, 0, f2, 33, why, sizeof why), 0);
    /* F67: 55H or AAH only */
    uint8_t a = 0x56;
    assert_int_equal(store_param_set(t->st, 67, 1, &a, 1, 1, 0), STORE_E_INVALID);
    assert_non_null(strstr(store_errmsg(t->st), "F67 action: 86 outside 85..85 and 170..170"));
    a = 0x55;
    assert_int_equal(store_param_set(t->st, 67, 1, &a, 1, 1, 0), 0);
    /* F90 channel 0..63 or 254/255 */
    uint8_t f90[2] = {100, 0};
    assert_int_equal(store_param_check(90, 0, f90, 2, why, sizeof why), STORE_E_INVALID);
    f90[0] = 254;
    assert_int_equal(store_param_check(90, 0, f90, 2, why, sizeof why), 0);
    /* F10 meter index 0 */
    uint8_t f10[2 + 27];
    memset(f10, 0, sizeof f10);
    f10[0] = 1;
    f10[4 + 0] = 1;  /* point 1 */
    f10[6] = 0x61;   /* 2400 bps, port 1 */
    f10[7] = 30;     /* DL/T 645-2007 */
    f10[2 + 20] = 4; /* 4 tariffs */
    assert_int_equal(store_param_check(10, 0, f10, sizeof f10, why, sizeof why), STORE_E_INVALID);
    assert_string_equal(why, "F10 meters.index: 0 outside 1..2040");
    /* read-only, unknown, wrong pn */
    assert_int_equal(store_param_check(150, 0, f10, 2, why, sizeof why), STORE_E_INVALID);
    assert_string_equal(why, "F150 is read-only");
    assert_int_equal(store_param_check(200, 0, f10, 2, why, sizeof why), STORE_E_INVALID);
    assert_string_equal(why, "F200 is no AFN04 parameter");
    uint8_t f30 = 1;
    assert_int_equal(store_param_check(30, 0, &f30, 1, why, sizeof why), STORE_E_INVALID);
    assert_string_equal(why, "F30: p0 outside p1..p2040");
    assert_int_equal(store_param_check(1, 2, f10, 6, why, sizeof why), STORE_E_INVALID);
    assert_int_equal(store_param_check(30, 2040, &f30, 1, why, sizeof why), 0);
}

static void test_multi_unit_atomic(void **state)
{
    tdb *t = *state;
    uint8_t f1[6], f3[28] = {192, 168, 0, 1, 0x50, 0x00}, f2bad[1] = {0x05};
    hexb("0000783001FF", f1);
    store_unit u[3] = {{1, 0, f1, 6}, {3, 0, f3, 28}, {2, 0, f2bad, 1}}; /* F2 says 5, has 0 */
    size_t bad = 99;
    assert_int_equal(store_param_set_many(t->st, u, 3, 9, 100, &bad), STORE_E_INVALID);
    assert_int_equal(bad, 2);
    assert_non_null(strstr(store_errmsg(t->st), "unit 2: F2"));
    assert_int_equal(store_table_rows(t->st, "param"), 0);
    assert_int_equal(store_table_rows(t->st, "param_count"), 0);
    assert_int_equal(store_table_rows(t->st, "param_log"), 0);
    /* without the bad one: both stored in one go */
    assert_int_equal(store_param_set_many(t->st, u, 2, 9, 100, &bad), 0);
    uint8_t b[64];
    size_t n;
    assert_int_equal(store_param_get(t->st, 1, 0, b, sizeof b, &n), 0);
    assert_memory_equal(b, f1, 6);
    assert_int_equal(store_param_get(t->st, 3, 0, b, sizeof b, &n), 0);
    assert_memory_equal(b, f3, 28);
    /* never inside a reading round */
    assert_int_equal(store_round_begin(t->st), 0);
    assert_int_equal(store_param_set_many(t->st, u, 2, 9, 100, &bad), STORE_E_ARG);
    assert_string_equal(store_errmsg(t->st), "parameter set inside a reading round");
    assert_int_equal(store_round_commit(t->st, 100), 0);
    assert_int_equal(store_param_changes(t->st, 1, 0), 1);
}

static void test_list_merge(void **state)
{
    tdb *t = *state;
    /* F10 meters 1 and 2, then 2 again (new address) and 3 */
    uint8_t m[3][27];
    for (int i = 0; i < 3; i++) {
        memset(m[i], 0, 27);
        m[i][0] = (uint8_t)(i + 1); /* index */
        m[i][2] = (uint8_t)(i + 1); /* point */
        m[i][4] = 0x62;             /* 2400 bps, port 2 */
        m[i][5] = 30;
        m[i][6] = (uint8_t)(0x10 * (i + 1)); /* address BCD */
        m[i][18] = 4;
    }
    uint8_t req[2 + 2 * 27] = {2, 0};
    memcpy(req + 2, m[0], 27);
    memcpy(req + 29, m[1], 27);
    assert_int_equal(store_param_set(t->st, 10, 0, req, sizeof req, 1, 0), 0);
    m[1][6] = 0x99;
    memcpy(req + 2, m[1], 27);
    memcpy(req + 29, m[2], 27);
    assert_int_equal(store_param_set(t->st, 10, 0, req, sizeof req, 1, 0), 0);
    uint8_t b[256];
    size_t n;
    assert_int_equal(store_param_get(t->st, 10, 0, b, sizeof b, &n), 0);
    assert_int_equal(n, 2 + 3 * 27);
    assert_int_equal(b[0], 3);
    assert_int_equal(b[1], 0);
    for (int i = 0; i < 3; i++)
        assert_memory_equal(b + 2 + 27 * i, m[i], 27);
    assert_int_equal(store_param_get_key(t->st, 10, 0, 2, b, sizeof b, &n), 0);
    assert_int_equal(n, 27);
    assert_int_equal(b[6], 0x99);
    assert_int_equal(store_param_get_key(t->st, 10, 0, 4, b, sizeof b, &n), STORE_E_NOTFOUND);
    assert_int_equal(store_param_get_key(t->st, 1, 0, 1, b, sizeof b, &n), STORE_E_INVALID);
    assert_int_equal(store_param_changes(t->st, 10, 0), 2);
}

typedef struct heard {
    int calls;
    uint16_t fn[4], pn[4];
} heard;

static void listener(void *ctx, uint16_t fn, uint16_t pn)
{
    heard *h = ctx;
    if (h->calls < 4) {
        h->fn[h->calls] = fn;
        h->pn[h->calls] = pn;
    }
    h->calls++;
}

static void test_change_log_and_listener(void **state)
{
    tdb *t = *state;
    heard h = {0};
    store_param_listen(t->st, listener, &h);
    uint8_t f30 = 1, f1[6];
    hexb("00001E300401", f1);
    store_unit u[2] = {{30, 12, &f30, 1}, {1, 0, f1, 6}};
    assert_int_equal(store_param_set_many(t->st, u, 2, 5, 777, NULL), 0);
    assert_int_equal(h.calls, 2);
    assert_int_equal(h.fn[0], 30);
    assert_int_equal(h.pn[0], 12);
    assert_int_equal(h.fn[1], 1);
    /* a refused set calls nobody */
    assert_int_equal(store_param_set(t->st, 1, 0, f1, 5, 5, 778), STORE_E_INVALID);
    assert_int_equal(h.calls, 2);
    store_tmp_reopen(t, NULL);
    store_param_change c[4];
    size_t n;
    assert_int_equal(store_param_log(t->st, 0, c, 4, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(c[0].fn, 30);
    assert_int_equal(c[0].pn, 12);
    assert_int_equal(c[0].msa, 5);
    assert_int_equal(c[0].time, 777);
    assert_int_equal(c[1].fn, 1);
    assert_int_equal(store_param_log(t->st, c[0].id, c, 4, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(c[0].fn, 1);
    /* the log is a ring */
    for (int i = 0; i < STORE_PARAM_LOG_MAX + 10; i++)
        assert_int_equal(store_param_set(t->st, 30, 1, &f30, 1, 1, i), 0);
    assert_int_equal(store_table_rows(t->st, "param_log"), STORE_PARAM_LOG_MAX);
    assert_int_equal(store_param_changes(t->st, 30, 1), STORE_PARAM_LOG_MAX + 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_param_round_trips, setup, teardown),
        cmocka_unit_test_setup_teardown(test_defaults_decode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_length_denied, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_range_denied, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multi_unit_atomic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_log_and_listener, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
