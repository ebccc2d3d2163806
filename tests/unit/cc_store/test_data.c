/* cc_store data: the event rings with EC mod 256 and read pointers, the
 * report queue across a reopen, day/month counters with rollover and
 * bounds, reading rounds and frozen-data bounds, and the AFN01 F1..F4
 * resets (which tables are cleared, which parameters survive). */
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
#include "mdc/mtime.h"

typedef store_tmp tdb;

static int setup(void **state)
{
    return store_tmp_setup(state, "cc_store");
}

static int teardown(void **state)
{
    return store_tmp_teardown(state);
}

static int64_t at(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi)
{
    mdc_tm tm = {.year = (uint16_t)y,
                 .mon = (uint8_t)mo,
                 .day = (uint8_t)d,
                 .hour = (uint8_t)h,
                 .min = (uint8_t)mi,
                 .fields = MDC_TM_FULL};
    return mdc_tm_to_epoch(&tm);
}

static void test_event_ring(void **state)
{
    tdb *t = *state;
    uint8_t rec[8] = {14, 6};
    for (int i = 0; i < 600; i++) {
        rec[2] = (uint8_t)i;
        rec[3] = (uint8_t)(i >> 8);
        uint8_t ptr;
        assert_int_equal(store_event_add(t->st, STORE_EV_IMPORTANT, rec, sizeof rec, i, &ptr), 0);
        assert_int_equal(ptr, i % 256);
    }
    uint8_t g[3] = {21, 1, 0};
    assert_int_equal(store_event_add(t->st, STORE_EV_GENERAL, g, 3, 0, NULL), 0);
    store_tmp_reopen(t, NULL);
    size_t n;
    assert_int_equal(store_event_count(t->st, STORE_EV_IMPORTANT, &n), 0);
    assert_int_equal(n, STORE_EVENTS_PER_CLASS);
    assert_int_equal(store_event_count(t->st, STORE_EV_GENERAL, &n), 0);
    assert_int_equal(n, 1);
    uint8_t ec1, ec2;
    assert_int_equal(store_event_counters(t->st, &ec1, &ec2), 0);
    assert_int_equal(ec1, 600 % 256);
    assert_int_equal(ec2, 1);
    /* the newest record at pointer 87 is event 599; pointer 88 is event 344 */
    uint8_t b[16];
    assert_int_equal(store_event_get(t->st, STORE_EV_IMPORTANT, 87, b, sizeof b, &n), 0);
    assert_int_equal(n, 8);
    assert_int_equal(b[2] | b[3] << 8, 599);
    assert_int_equal(store_event_get(t->st, STORE_EV_IMPORTANT, 88, b, sizeof b, &n), 0);
    assert_int_equal(b[2] | b[3] << 8, 344);
    /* the oldest kept is event 100 */
    assert_int_equal(store_table_rows(t->st, "event"), 501);
    assert_int_equal(store_event_get(t->st, STORE_EV_GENERAL, 1, b, sizeof b, &n),
                     STORE_E_NOTFOUND);
    assert_int_equal(store_event_get(t->st, STORE_EV_IMPORTANT, 87, b, 4, &n), STORE_E_SPACE);
    assert_int_equal(store_event_add(t->st, 3, rec, 8, 0, NULL), STORE_E_ARG);
    assert_int_equal(store_event_add(t->st, 1, rec, 0, 0, NULL), STORE_E_ARG);
    /* read pointers survive */
    uint8_t rp;
    assert_int_equal(store_event_read_ptr_get(t->st, 1, &rp), 0);
    assert_int_equal(rp, 0);
    assert_int_equal(store_event_read_ptr_set(t->st, 1, 77), 0);
    store_tmp_reopen(t, NULL);
    assert_int_equal(store_event_read_ptr_get(t->st, 1, &rp), 0);
    assert_int_equal(rp, 77);
    assert_int_equal(store_event_read_ptr_get(t->st, 2, &rp), 0);
    assert_int_equal(rp, 0);
}

static void test_report_queue(void **state)
{
    tdb *t = *state;
    int64_t id[3];
    const uint8_t a[] = {0x68, 1}, bb[] = {0x68, 2, 2}, c[] = {0x68, 3, 3, 3};
    assert_int_equal(store_report_enqueue(t->st, 3, a, sizeof a, 10, &id[0]), 0);
    assert_int_equal(store_report_enqueue(t->st, 3, bb, sizeof bb, 11, &id[1]), 0);
    assert_int_equal(store_report_enqueue(t->st, 1, c, sizeof c, 12, &id[2]), 0);
    store_tmp_reopen(t, NULL);
    int64_t got;
    int kind;
    uint8_t b[16];
    size_t n;
    assert_int_equal(store_report_peek(t->st, &got, &kind, b, sizeof b, &n), 0);
    assert_int_equal(got, id[0]);
    assert_int_equal(kind, 3);
    assert_int_equal(n, 2);
    assert_memory_equal(b, a, 2);
    /* peek does not remove */
    assert_int_equal(store_report_peek(t->st, &got, &kind, b, sizeof b, &n), 0);
    assert_int_equal(got, id[0]);
    assert_int_equal(store_report_ack(t->st, id[0]), 0);
    assert_int_equal(store_report_ack(t->st, id[0]), STORE_E_NOTFOUND);
    store_tmp_reopen(t, NULL);
    assert_int_equal(store_report_peek(t->st, &got, &kind, b, sizeof b, &n), 0);
    assert_int_equal(got, id[1]);
    assert_memory_equal(b, bb, 3);
    assert_int_equal(store_report_peek(t->st, &got, &kind, b, 2, &n), STORE_E_SPACE);
    assert_int_equal(store_report_ack(t->st, id[1]), 0);
    assert_int_equal(store_report_ack(t->st, id[2]), 0);
    assert_int_equal(store_report_peek(t->st, &got, &kind, b, sizeof b, &n), STORE_E_NOTFOUND);
    /* bounded: the oldest go */
    for (int i = 0; i < STORE_REPORT_QUEUE_MAX + 20; i++) {
        b[0] = (uint8_t)i;
        assert_int_equal(store_report_enqueue(t->st, 0, b, 1, i, NULL), 0);
    }
    assert_int_equal(store_report_count(t->st, &n), 0);
    assert_int_equal(n, STORE_REPORT_QUEUE_MAX);
    assert_int_equal(store_report_peek(t->st, &got, &kind, b, sizeof b, &n), 0);
    assert_int_equal(b[0], 20);
}

static void test_counters_rollover(void **state)
{
    tdb *t = *state;
    /* a start just before midnight of 31 Jan, one just after */
    assert_int_equal(store_count_reset(t->st, at(2026, 1, 31, 23, 59)), 0);
    assert_int_equal(store_count_power(t->st, at(2026, 1, 31, 23, 59), 59), 0);
    assert_int_equal(store_count_traffic(t->st, at(2026, 1, 31, 23, 59), 1000), 0);
    assert_int_equal(store_count_reset(t->st, at(2026, 2, 1, 0, 1)), 0);
    assert_int_equal(store_count_traffic(t->st, at(2026, 2, 1, 0, 1), 300), 0);
    assert_int_equal(store_count_traffic(t->st, at(2026, 2, 1, 12, 0), 200), 0);
    store_tmp_reopen(t, NULL);
    store_counters c;
    assert_int_equal(store_counters_day(t->st, 20260131, &c), 0);
    assert_int_equal(c.resets, 1);
    assert_int_equal(c.power_min, 59);
    assert_int_equal(c.traffic, 1000);
    assert_int_equal(store_counters_day(t->st, 20260201, &c), 0);
    assert_int_equal(c.resets, 1);
    assert_int_equal(c.traffic, 500);
    assert_int_equal(store_counters_month(t->st, 202601, &c), 0);
    assert_int_equal(c.traffic, 1000);
    assert_int_equal(store_counters_month(t->st, 202602, &c), 0);
    assert_int_equal(c.traffic, 500);
    assert_int_equal(c.resets, 1);
    assert_int_equal(store_counters_day(t->st, 20250101, &c), 0);
    assert_int_equal(c.traffic, 0);
    /* bounds: 100 days later only 62 day rows and 12 month rows remain */
    for (int d = 0; d < 400; d += 1)
        assert_int_equal(store_count_traffic(t->st, at(2026, 2, 1, 6, 0) + d * 86400, 1), 0);
    assert_int_equal(store_table_rows(t->st, "counters"), STORE_DAILY_DAYS + STORE_MONTHLY_MONTHS);
}

static void test_reading_round_and_bounds(void **state)
{
    tdb *t = *state;
    const uint8_t v[4] = {0x12, 0x34, 0x56, 0x78};
    uint8_t b[8];
    size_t n;
    int64_t ts;
    /* rolled back: nothing */
    assert_int_equal(store_round_begin(t->st), 0);
    assert_int_equal(store_round_begin(t->st), STORE_E_ARG);
    assert_int_equal(store_data_put_current(t->st, 1, 0x00010000, 100, v, 4), 0);
    assert_int_equal(store_round_rollback(t->st), 0);
    assert_int_equal(store_data_get_current(t->st, 1, 0x00010000, &ts, b, sizeof b, &n),
                     STORE_E_NOTFOUND);
    /* 70 days of daily data, 40 days of hourly curves, 15 months: one round each day */
    int64_t day0 = at(2026, 1, 1, 0, 0);
    for (int d = 0; d < 70; d++) {
        int64_t now = day0 + (int64_t)d * 86400 + 3600;
        assert_int_equal(store_round_begin(t->st), 0);
        assert_int_equal(store_data_put_current(t->st, 1, 0x00010000, now, v, 4), 0);
        assert_int_equal(store_data_put_daily(t->st, 1, 0x00010000, store_day_of(now), v, 4), 0);
        assert_int_equal(store_data_put_curve(t->st, 1, 0x02010100, now, v, 2), 0);
        assert_int_equal(store_round_commit(t->st, now), 0);
    }
    int64_t last = day0 + 69 * 86400 + 3600;
    assert_int_equal(store_data_get_current(t->st, 1, 0x00010000, &ts, b, sizeof b, &n), 0);
    assert_int_equal(ts, last);
    assert_memory_equal(b, v, 4);
    assert_int_equal(store_table_rows(t->st, "data_daily"), STORE_DAILY_DAYS);
    assert_int_equal(store_table_rows(t->st, "data_curve"), STORE_CURVE_DAYS);
    assert_int_equal(store_data_get_daily(t->st, 1, 0x00010000, store_day_of(last), b, 8, &n), 0);
    assert_int_equal(store_data_get_daily(t->st, 1, 0x00010000, 20260101, b, 8, &n),
                     STORE_E_NOTFOUND);
    assert_int_equal(store_data_get_curve(t->st, 1, 0x02010100, last, b, 8, &n), 0);
    assert_int_equal(n, 2);
    for (unsigned m = 0; m < 15; m++) {
        uint32_t ym = 202500u + 100u * (m / 12u) + m % 12u + 1u;
        assert_int_equal(store_round_begin(t->st), 0);
        assert_int_equal(store_data_put_monthly(t->st, 2, 0x00010000, ym, v, 4), 0);
        assert_int_equal(store_round_commit(t->st, at(2025 + m / 12, m % 12 + 1, 1, 0, 5)), 0);
    }
    /* now is March 2026: April 2025 .. March 2026 kept */
    assert_int_equal(store_table_rows(t->st, "data_monthly"), STORE_MONTHLY_MONTHS);
    assert_int_equal(store_data_get_monthly(t->st, 2, 0x00010000, 202504, b, 8, &n), 0);
    assert_int_equal(store_data_get_monthly(t->st, 2, 0x00010000, 202503, b, 8, &n),
                     STORE_E_NOTFOUND);
    assert_int_equal(store_round_commit(t->st, 0), STORE_E_ARG);
    assert_int_equal(store_round_rollback(t->st), STORE_E_ARG);
}

/* Fills every kind of row, then returns. */
static void fill(store *st)
{
    uint8_t f1[6] = {0, 0, 0x1E, 0x30, 0x04, 9}; /* comm: heartbeat 9 */
    uint8_t f36[4] = {0, 0, 1, 0};               /* not comm: 64 KiB a month */
    uint8_t f30 = 1;                             /* not comm, point 5 */
    uint8_t f89[4] = {0x01, 0x44, 0x07, 0x00};   /* comm */
    store_unit u[4] = {{1, 0, f1, 6}, {36, 0, f36, 4}, {30, 5, &f30, 1}, {89, 0, f89, 4}};
    assert_int_equal(store_param_set_many(st, u, 4, 1, 0, NULL), 0);
    uint8_t rec[4] = {14, 2, 0, 0};
    assert_int_equal(store_event_add(st, 1, rec, 4, 0, NULL), 0);
    assert_int_equal(store_event_add(st, 2, rec, 4, 0, NULL), 0);
    assert_int_equal(store_event_read_ptr_set(st, 1, 1), 0);
    assert_int_equal(store_report_enqueue(st, 1, rec, 4, 0, NULL), 0);
    int64_t now = at(2026, 3, 3, 3, 0);
    assert_int_equal(store_count_reset(st, now), 0);
    assert_int_equal(store_round_begin(st), 0);
    assert_int_equal(store_data_put_current(st, 1, 1, now, rec, 4), 0);
    assert_int_equal(store_data_put_daily(st, 1, 1, store_day_of(now), rec, 4), 0);
    assert_int_equal(store_data_put_monthly(st, 1, 1, store_month_of(now), rec, 4), 0);
    assert_int_equal(store_data_put_curve(st, 1, 1, now, rec, 4), 0);
    assert_int_equal(store_round_commit(st, now), 0);
    assert_int_equal(store_clock_offset_set(st, 120), 0);
}

static const char *const data_tables[] = {"event",        "report",     "counters",
                                          "data_current", "data_daily", "data_monthly",
                                          "data_curve",   "param_log"};

static void expect_data(store *st, bool present)
{
    for (size_t i = 0; i < sizeof data_tables / sizeof data_tables[0]; i++)
        if ((store_table_rows(st, data_tables[i]) > 0) != present)
            fail_msg("table %s: %ld rows", data_tables[i], store_table_rows(st, data_tables[i]));
    uint8_t ec1, ec2, rp;
    assert_int_equal(store_event_counters(st, &ec1, &ec2), 0);
    assert_int_equal(store_event_read_ptr_get(st, 1, &rp), 0);
    assert_int_equal(ec1, present ? 1 : 0);
    assert_int_equal(ec2, present ? 1 : 0);
    assert_int_equal(rp, present ? 1 : 0);
    assert_int_equal(store_clock_offset_get(st), 120); /* the clock is never data */
}

/* Parameter bytes byte 0 / byte 5 of F1, F36, F30 p5, F89 as set (true) or default. */
static void expect_param(store *st, uint16_t fn, uint16_t pn, bool set)
{
    uint8_t b[64], d[64];
    size_t n, dn;
    assert_int_equal(store_param_get(st, fn, pn, b, sizeof b, &n), 0);
    assert_int_equal(store_param_default(NULL, fn, pn, d, sizeof d, &dn), 0);
    bool is_default = n == dn && memcmp(b, d, n) == 0;
    if (is_default == set)
        fail_msg("F%u p%u: %s", fn, pn, set ? "back to default" : "not reset");
    assert_int_equal(store_param_changes(st, fn, pn), set ? 1 : 0);
}

static void test_reset_f1_hardware(void **state)
{
    tdb *t = *state;
    fill(t->st);
    assert_int_equal(store_reset(t->st, STORE_RESET_HARDWARE), 0);
    store_tmp_reopen(t, NULL);
    expect_data(t->st, true);
    expect_param(t->st, 1, 0, true);
    expect_param(t->st, 36, 0, true);
    expect_param(t->st, 30, 5, true);
    expect_param(t->st, 89, 0, true);
}

static void test_reset_f2_data(void **state)
{
    tdb *t = *state;
    fill(t->st);
    assert_int_equal(store_reset(t->st, STORE_RESET_DATA), 0);
    store_tmp_reopen(t, NULL);
    expect_data(t->st, false);
    expect_param(t->st, 1, 0, true);
    expect_param(t->st, 36, 0, true);
    expect_param(t->st, 30, 5, true);
    expect_param(t->st, 89, 0, true);
}

static void test_reset_f3_all(void **state)
{
    tdb *t = *state;
    fill(t->st);
    assert_int_equal(store_reset(t->st, STORE_RESET_ALL), 0);
    store_tmp_reopen(t, NULL);
    expect_data(t->st, false);
    expect_param(t->st, 1, 0, false);
    expect_param(t->st, 36, 0, false);
    expect_param(t->st, 30, 5, false);
    expect_param(t->st, 89, 0, false);
    assert_int_equal(store_table_rows(t->st, "param"), 0);
}

static void test_reset_f4_keep_comm(void **state)
{
    tdb *t = *state;
    fill(t->st);
    assert_int_equal(store_reset(t->st, STORE_RESET_KEEP_COMM), 0);
    store_tmp_reopen(t, NULL);
    expect_data(t->st, false);
    expect_param(t->st, 1, 0, true);
    expect_param(t->st, 89, 0, true);
    expect_param(t->st, 36, 0, false);
    expect_param(t->st, 30, 5, false);
    /* the kept set */
    static const uint16_t comm[] = {1, 2, 3, 4, 5, 6, 7, 8, 16, 89, 90};
    for (size_t i = 0; i < sizeof comm / sizeof comm[0]; i++)
        assert_true(store_param_is_comm(comm[i]));
    assert_false(store_param_is_comm(9));
    assert_false(store_param_is_comm(10));
    assert_false(store_param_is_comm(37));
    assert_int_equal(store_reset(t->st, (store_reset_kind)5), STORE_E_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_event_ring, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_queue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counters_rollover, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reading_round_and_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_f1_hardware, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_f2_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_f3_all, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_f4_keep_comm, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
