/* cc_store schema 3 additions: the internal state (kept over a reopen,
 * cleared by AFN01 F3/F4, kept by F2, bad keys refused), the meters found by
 * the search (refresh by port and address, oldest first, the bound, clear by
 * port, cleared with the data), and the read-only F150 kept from F10 (valid
 * and changed bits of Table 85, bit Dn = point n; put_internal errors). */
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

typedef store_tmp tdb;

static int setup(void **state)
{
    return store_tmp_setup(state, "cc_store");
}

static int teardown(void **state)
{
    return store_tmp_teardown(state);
}

static int64_t state_of(tdb *t, const char *key, int64_t dflt)
{
    int64_t v = -99;
    assert_int_equal(store_state_get(t->st, key, &v, dflt), 0);
    return v;
}

/* ---- state ---- */

static void test_state_kept_and_defaults(void **state)
{
    tdb *t = *state;
    assert_int_equal(state_of(t, "amaint", 0), 0);
    assert_int_equal(state_of(t, "meter_sync", 7), 7);
    assert_int_equal(store_state_set(t->st, "amaint", 2), 0);
    assert_int_equal(store_state_set(t->st, "meter_sync", 0), 0);
    assert_int_equal(store_state_set(t->st, "a_1", -5), 0);
    store_tmp_reopen(t, NULL);
    assert_int_equal(state_of(t, "amaint", 0), 2);
    assert_int_equal(state_of(t, "meter_sync", 1), 0);
    assert_int_equal(state_of(t, "a_1", 0), -5);
    /* the prefix keeps state apart from the clock offset in the same table */
    assert_int_equal(store_state_set(t->st, "clock_offset", 1234), 0);
    assert_int_equal(store_clock_offset_get(t->st), 0);
    assert_int_equal(store_clock_offset_set(t->st, 60), 0);
    assert_int_equal(state_of(t, "clock_offset", 0), 1234);
}

static void test_state_bad_keys(void **state)
{
    tdb *t = *state;
    int64_t v = 5;
    static const char *const bad[] = {
        "", "Amaint", "a-b", "a b", "st%", "abcdefghijklmnopqrstuvwxyz0123456"}; /* 33 */
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(store_state_set(t->st, bad[i], 1), STORE_E_ARG);
        assert_non_null(strstr(store_errmsg(t->st), "state key"));
        assert_int_equal(store_state_get(t->st, bad[i], &v, 3), STORE_E_ARG);
        assert_int_equal(v, 3); /* the default even on an error */
    }
    assert_int_equal(store_state_set(t->st, NULL, 1), STORE_E_ARG);
    /* 32 characters is the longest key */
    assert_int_equal(store_state_set(t->st, "abcdefghijklmnopqrstuvwxyz012345", 9), 0);
    assert_int_equal(state_of(t, "abcdefghijklmnopqrstuvwxyz012345", 0), 9);
}

static void test_state_and_resets(void **state)
{
    tdb *t = *state;
    assert_int_equal(store_state_set(t->st, "amaint", 1), 0);
    assert_int_equal(store_clock_offset_set(t->st, -42), 0);
    /* F1 and F2 keep it */
    assert_int_equal(store_reset(t->st, STORE_RESET_HARDWARE), 0);
    assert_int_equal(store_reset(t->st, STORE_RESET_DATA), 0);
    assert_int_equal(state_of(t, "amaint", 0), 1);
    /* F4 clears it (not a master-communication parameter) */
    assert_int_equal(store_reset(t->st, STORE_RESET_KEEP_COMM), 0);
    assert_int_equal(state_of(t, "amaint", 0), 0);
    /* F3 too; the clock offset survives every reset */
    assert_int_equal(store_state_set(t->st, "meter_sync", 1), 0);
    assert_int_equal(store_reset(t->st, STORE_RESET_ALL), 0);
    assert_int_equal(state_of(t, "meter_sync", 0), 0);
    assert_int_equal(store_clock_offset_get(t->st), -42);
}

/* ---- found meters ---- */

static store_found found(uint8_t port, uint32_t a, uint8_t proto, uint32_t baud, int64_t time)
{
    store_found f = {.port = port, .protocol = proto, .baud = baud, .time = time};
    for (size_t i = 0; i < 4; i++)
        f.addr[i] = (uint8_t)(a >> (8 * i));
    return f;
}

static void same_found(const store_found *a, const store_found *b)
{
    assert_int_equal(a->port, b->port);
    assert_memory_equal(a->addr, b->addr, 6);
    assert_int_equal(a->protocol, b->protocol);
    assert_int_equal(a->baud, b->baud);
    assert_int_equal(a->time, b->time);
}

static void test_found_put_list_refresh(void **state)
{
    tdb *t = *state;
    store_found f1 = found(2, 0x11, 30, 2400, 1000), f2 = found(3, 0x22, 1, 1200, 1001),
                f3 = found(2, 0x33, 30, 9600, 1002);
    assert_int_equal(store_found_put(t->st, &f1), 0);
    assert_int_equal(store_found_put(t->st, &f2), 0);
    assert_int_equal(store_found_put(t->st, &f3), 0);
    store_found out[8];
    size_t n = 0;
    assert_int_equal(store_found_list(t->st, out, 8, &n), 0);
    assert_int_equal(n, 3);
    same_found(&out[0], &f1);
    same_found(&out[1], &f2);
    same_found(&out[2], &f3);
    /* the first found again at another rate: refreshed, now the newest */
    store_found f1b = found(2, 0x11, 30, 9600, 1003);
    assert_int_equal(store_found_put(t->st, &f1b), 0);
    assert_int_equal(store_found_list(t->st, out, 8, &n), 0);
    assert_int_equal(n, 3);
    same_found(&out[2], &f1b);
    /* the same address on another port is another meter */
    store_found f1p = found(3, 0x11, 30, 2400, 1004);
    assert_int_equal(store_found_put(t->st, &f1p), 0);
    assert_int_equal(store_table_rows(t->st, "found_meter"), 4);
    /* cap smaller than the list */
    assert_int_equal(store_found_list(t->st, out, 2, &n), 0);
    assert_int_equal(n, 2);
    same_found(&out[0], &f2);
    /* kept over a reopen */
    store_tmp_reopen(t, NULL);
    assert_int_equal(store_found_list(t->st, out, 8, &n), 0);
    assert_int_equal(n, 4);
    /* clear one port, then all */
    assert_int_equal(store_found_clear(t->st, 2), 0);
    assert_int_equal(store_found_list(t->st, out, 8, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(out[0].port, 3);
    assert_int_equal(out[1].port, 3);
    assert_int_equal(store_found_clear(t->st, 0), 0);
    assert_int_equal(store_table_rows(t->st, "found_meter"), 0);
}

static void test_found_bound_and_errors(void **state)
{
    tdb *t = *state;
    for (uint32_t i = 0; i < STORE_FOUND_MAX + 4; i++) {
        store_found f = found(2, 0x100 + i, 30, 2400, 5000 + i);
        assert_int_equal(store_found_put(t->st, &f), 0);
    }
    static store_found out[STORE_FOUND_MAX + 8];
    size_t n = 0;
    assert_int_equal(store_found_list(t->st, out, STORE_FOUND_MAX + 8, &n), 0);
    assert_int_equal(n, STORE_FOUND_MAX);
    assert_int_equal(out[0].time, 5004); /* the four oldest dropped */
    assert_int_equal(out[0].addr[0], 0x04);
    assert_int_equal(out[n - 1].time, 5000 + STORE_FOUND_MAX + 3);
    /* bad ports */
    store_found bad = found(0, 1, 30, 2400, 1);
    assert_int_equal(store_found_put(t->st, &bad), STORE_E_ARG);
    assert_non_null(strstr(store_errmsg(t->st), "port 0 outside 1..31"));
    bad.port = 32;
    assert_int_equal(store_found_put(t->st, &bad), STORE_E_ARG);
    assert_int_equal(store_found_put(t->st, NULL), STORE_E_ARG);
    /* data: AFN01 F2 clears them */
    assert_int_equal(store_reset(t->st, STORE_RESET_DATA), 0);
    assert_int_equal(store_found_list(t->st, out, 8, &n), 0);
    assert_int_equal(n, 0);
}

/* ---- F150 from F10 ---- */

/* One F10 element (Table 31): index, point, port (rate 0), 2007, address. */
static void f10_elem(uint8_t *e, uint16_t index, uint16_t point, uint8_t port, uint8_t addr0)
{
    memset(e, 0, 27);
    e[0] = (uint8_t)index;
    e[1] = (uint8_t)(index >> 8);
    e[2] = (uint8_t)point;
    e[3] = (uint8_t)(point >> 8);
    e[4] = port;
    e[5] = 30;
    e[6] = addr0; /* A.12 address, BCD */
    e[18] = 4;    /* tariffs */
    e[19] = 0x05; /* digits */
}

static int set_f10(tdb *t, const uint8_t (*elems)[27], size_t n)
{
    uint8_t buf[2 + 8 * 27];
    assert_true(n <= 8);
    buf[0] = (uint8_t)n;
    buf[1] = 0;
    for (size_t i = 0; i < n; i++)
        memcpy(buf + 2 + 27 * i, elems[i], 27);
    return store_param_set(t->st, 10, 0, buf, 2 + 27 * n, 5, 100);
}

static uint8_t f150[512];

static void read_f150(tdb *t)
{
    size_t len = 0;
    assert_int_equal(store_param_get(t->st, 150, 0, f150, sizeof f150, &len), 0);
    assert_int_equal(len, 512);
}

/* The points whose bit is set in half h (0 valid, 1 changed), as a list. */
static size_t bits_of(int h, unsigned *pts, size_t cap)
{
    size_t n = 0;
    for (unsigned p = 0; p < 2048; p++)
        if (f150[(unsigned)h * 256u + p / 8] & (1u << (p % 8)))
            if (n < cap)
                pts[n++] = p;
    return n;
}

static void expect_bits(int h, const unsigned *want, size_t nwant)
{
    unsigned got[16];
    size_t n = bits_of(h, got, 16);
    assert_int_equal(n, nwant);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(got[i], want[i]);
}

static void clear_changed(tdb *t)
{
    read_f150(t);
    memset(f150 + 256, 0, 256);
    assert_int_equal(store_param_put_internal(t->st, 150, 0, f150, 512), 0);
}

static void test_f150_follows_f10(void **state)
{
    tdb *t = *state;
    read_f150(t); /* the default: nothing valid, nothing changed */
    expect_bits(0, NULL, 0);
    expect_bits(1, NULL, 0);
    /* two meters: points 1 and 5 -> valid and changed */
    uint8_t e[3][27];
    f10_elem(e[0], 1, 1, 2, 0x01);
    f10_elem(e[1], 2, 5, 2, 0x05);
    assert_int_equal(set_f10(t, (const uint8_t(*)[27])e, 2), 0);
    read_f150(t);
    /* bit Dn = point n: byte 0 = 0x22 (D1, D5) */
    assert_int_equal(f150[0], 0x22);
    assert_int_equal(f150[256], 0x22);
    /* the same bytes again: valid kept, nothing changed */
    clear_changed(t);
    assert_int_equal(set_f10(t, (const uint8_t(*)[27])e, 2), 0);
    read_f150(t);
    expect_bits(0, (const unsigned[]){1, 5}, 2);
    expect_bits(1, NULL, 0);
    /* index 1 gets another address, index 2 moves from point 5 to point 2000 */
    f10_elem(e[0], 1, 1, 2, 0x11);
    f10_elem(e[1], 2, 2000, 3, 0x05);
    assert_int_equal(set_f10(t, (const uint8_t(*)[27])e, 2), 0);
    read_f150(t);
    expect_bits(0, (const unsigned[]){1, 2000}, 2);
    assert_int_equal(f150[250], 0x01); /* point 2000 = byte 250, D0 */
    expect_bits(1, (const unsigned[]){1, 5, 2000}, 3);
    /* index 1 deleted (point 0), index 3 added at point 9 in the same unit */
    clear_changed(t);
    f10_elem(e[0], 1, 0, 2, 0x11);
    f10_elem(e[2], 3, 9, 2, 0x09);
    memcpy(e[1], e[2], 27);
    assert_int_equal(set_f10(t, (const uint8_t(*)[27])e, 2), 0);
    read_f150(t);
    expect_bits(0, (const unsigned[]){9, 2000}, 2);
    expect_bits(1, (const unsigned[]){1, 9}, 2);
    /* kept over a reopen; no change counter or log for F150 */
    store_tmp_reopen(t, NULL);
    read_f150(t);
    expect_bits(0, (const unsigned[]){9, 2000}, 2);
    assert_int_equal(store_param_changes(t->st, 150, 0), 0);
    store_param_change log[8];
    size_t nlog = 0;
    assert_int_equal(store_param_log(t->st, 0, log, 8, &nlog), 0);
    for (size_t i = 0; i < nlog; i++)
        assert_int_equal(log[i].fn, 10);
    /* a refused F10 set leaves F150 alone */
    f10_elem(e[0], 4, 4, 0, 0x04); /* port 0: outside 1..31 */
    assert_int_equal(set_f10(t, (const uint8_t(*)[27])e, 1), STORE_E_INVALID);
    read_f150(t);
    expect_bits(0, (const unsigned[]){9, 2000}, 2);
    /* AFN01 F2 keeps parameters (F150 too), F3 resets both */
    assert_int_equal(store_reset(t->st, STORE_RESET_DATA), 0);
    read_f150(t);
    expect_bits(0, (const unsigned[]){9, 2000}, 2);
    assert_int_equal(store_reset(t->st, STORE_RESET_ALL), 0);
    read_f150(t);
    expect_bits(0, NULL, 0);
    expect_bits(1, NULL, 0);
}

static void test_put_internal_errors(void **state)
{
    tdb *t = *state;
    uint8_t b[512] = {0};
    assert_int_equal(store_param_put_internal(t->st, 10, 0, b, 2), STORE_E_INVALID);
    assert_non_null(strstr(store_errmsg(t->st), "F10 is not maintained by the terminal"));
    assert_int_equal(store_param_put_internal(t->st, 150, 0, b, 511), STORE_E_INVALID);
    assert_non_null(strstr(store_errmsg(t->st), "511 bytes given"));
    assert_int_equal(store_param_put_internal(t->st, 150, 0, NULL, 512), STORE_E_INVALID);
    /* the master still cannot set it */
    assert_int_equal(store_param_set(t->st, 150, 0, b, 512, 5, 1), STORE_E_INVALID);
    assert_non_null(strstr(store_errmsg(t->st), "read-only"));
    /* the terminal can, and it reads back */
    b[0] = 0x02;
    b[300] = 0x80;
    assert_int_equal(store_param_put_internal(t->st, 150, 0, b, 512), 0);
    read_f150(t);
    assert_memory_equal(f150, b, 512);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_state_kept_and_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_bad_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_and_resets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_found_put_list_refresh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_found_bound_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_f150_follows_f10, setup, teardown),
        cmocka_unit_test_setup_teardown(test_put_internal_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
