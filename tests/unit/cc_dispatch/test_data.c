/* AFN0C terminal data (F2-F4, F7-F11) and AFN0D terminal statistics
 * (F49-F54) through the dispatcher, values end to end from the store and the
 * live state. */

#include "disp_harness.h"

static void test_f2_clock_equals_now(void **state)
{
    h_t *t = *state;
    t->now.clock_ms = H_NOW_S * 1000 + 999; /* 10:20:30.999 */
    uint16_t fn = 2;
    h_read(t, 0x0C, 0, &fn, 1);
    h_assert_data(t, 0x0C);
    const gdw13761_unit *u = h_ans_unit(t, 0, 2);
    /* A.1 2026-11-21 (a Saturday: week 6) 10:20:30: 30 20 10 21 (6<<5|0x11) 26 */
    static const uint8_t want[6] = {0x30, 0x20, 0x10, 0x21, 0xD1, 0x26};
    assert_int_equal(u->raw_len, 6);
    assert_memory_equal(u->raw, want, 6);
}

static void test_f3_bits_follow_sets(void **state)
{
    h_t *t = *state;
    uint16_t fn = 3;
    h_read(t, 0x0C, 0, &fn, 1);
    h_assert_data(t, 0x0C);
    const gdw13761_unit *u = h_ans_unit(t, 0, 3);
    assert_int_equal(u->raw_len, 31);
    for (size_t i = 0; i < 31; i++)
        assert_int_equal(u->raw[i], 0);
    /* set F1 (p0), F25 p7 (a point parameter) and F89 */
    static const uint8_t f1[6] = {10, 1, 30, 0x20, 0x01, 5};
    assert_int_equal(store_param_set(t->st, 1, 0, f1, 6, 1, H_NOW_S), 0);
    static const uint8_t f67[1] = {0xAA};
    assert_int_equal(store_param_set(t->st, 67, 7, f67, 1, 1, H_NOW_S), 0);
    assert_int_equal(store_param_set(t->st, 68, 64, f67, 1, 1, H_NOW_S), 0);
    static const uint8_t f30[1] = {0x01};
    assert_int_equal(store_param_set(t->st, 30, 2040, f30, 1, 1, H_NOW_S), 0);
    static const uint8_t f89[4] = {0x01, 0x35, 0x02, 0x00};
    assert_int_equal(store_param_set(t->st, 89, 0, f89, 4, 1, H_NOW_S), 0);
    h_read(t, 0x0C, 0, &fn, 1);
    u = h_ans_unit(t, 0, 3);
    assert_int_equal(u->raw[0], 0x01);  /* F1 = D0 */
    assert_int_equal(u->raw[8], 0x0C);  /* F67 = D66, F68 = D67 (p2000, p2040) */
    assert_int_equal(u->raw[11], 0x01); /* F89 = D88 */
    /* AFN01 F3 clears them */
    gdw13761_unit r = {.pn = 0, .fn = 3};
    h_request(t, 0x01, &r, 1);
    h_read(t, 0x0C, 0, &fn, 1);
    u = h_ans_unit(t, 0, 3);
    assert_int_equal(u->raw[0], 0x00);
    assert_int_equal(u->raw[8], 0x00);
}

static void test_f4_uplink_status(void **state)
{
    h_t *t = *state;
    uint16_t fn = 4;
    h_read(t, 0x0C, 0, &fn, 1);
    h_assert_data(t, 0x0C);
    assert_int_equal(h_ans_unit(t, 0, 4)->raw[0], 0x09); /* report 1 allowed, talk 2 */
    t->live.reporting_allowed = false;
    h_read(t, 0x0C, 0, &fn, 1);
    assert_int_equal(h_ans_unit(t, 0, 4)->raw[0], 0x0A);
}

static void test_f7_f8_events(void **state)
{
    h_t *t = *state;
    static const uint16_t fns[] = {7, 8};
    h_read(t, 0x0C, 0, fns, 2);
    h_assert_data(t, 0x0C);
    assert_int_equal(h_int(h_ans_unit(t, 0, 7), "ec1"), 0);
    static const uint8_t zero[8];
    assert_memory_equal(h_ans_unit(t, 0, 8)->raw, zero, 8);
    /* ERC14 (power off/on) important, ERC3 (parameter change) twice general */
    static const uint8_t erc14[] = {14, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    static const uint8_t erc3[] = {3, 6, 0, 0, 0, 0, 0, 1};
    assert_int_equal(store_event_add(t->st, STORE_EV_IMPORTANT, erc14, sizeof erc14, H_NOW_S, NULL),
                     0);
    assert_int_equal(store_event_add(t->st, STORE_EV_GENERAL, erc3, sizeof erc3, H_NOW_S, NULL), 0);
    assert_int_equal(store_event_add(t->st, STORE_EV_GENERAL, erc3, sizeof erc3, H_NOW_S, NULL), 0);
    h_read(t, 0x0C, 0, fns, 2);
    assert_int_equal(h_int(h_ans_unit(t, 0, 7), "ec1"), 1);
    assert_int_equal(h_int(h_ans_unit(t, 0, 7), "ec2"), 2);
    /* D2 = ERC3, D13 = ERC14 */
    static const uint8_t flags[8] = {0x04, 0x20, 0, 0, 0, 0, 0, 0};
    assert_memory_equal(h_ans_unit(t, 0, 8)->raw, flags, 8);
}

static void test_f9_f10_f11(void **state)
{
    h_t *t = *state;
    t->live.state_inputs = 0x01;
    t->live.state_changes = 0x01;
    uint32_t today = store_day_of(H_NOW_S), month = store_month_of(H_NOW_S);
    assert_int_equal(store_count_traffic(t->st, H_NOW_S, 1000), 0);
    assert_int_equal(store_count_traffic(t->st, H_NOW_S - 2 * 86400, 500), 0);
    static const uint16_t fns[] = {9, 10, 11};
    h_read(t, 0x0C, 0, fns, 3);
    h_assert_data(t, 0x0C);
    static const uint8_t f9[2] = {0x01, 0x01};
    assert_memory_equal(h_ans_unit(t, 0, 9)->raw, f9, 2);
    assert_int_equal(h_int(h_ans_unit(t, 0, 10), "day_bytes"), 1000);
    assert_int_equal(h_int(h_ans_unit(t, 0, 10), "month_bytes"), 1500);
    /* the live counters of today are larger: they win */
    t->stats.day_key = (int32_t)today;
    t->stats.month_key = (int32_t)month;
    t->stats.day.tx_bytes = 3000;
    t->stats.day.rx_bytes = 1000;
    t->stats.month.tx_bytes = 1;
    h_read(t, 0x0C, 0, fns, 3);
    assert_int_equal(h_int(h_ans_unit(t, 0, 10), "day_bytes"), 4000);
    assert_int_equal(h_int(h_ans_unit(t, 0, 10), "month_bytes"), 1500);
    /* F11: ports 1, 2, 31, nothing read, times missing (EE) */
    const gdw13761_unit *f11 = h_ans_unit(t, 0, 11);
    assert_int_equal(f11->raw_len, 1 + 3 * 19);
    assert_int_equal(f11->raw[0], 3);
    assert_int_equal(f11->raw[1], 1);
    assert_int_equal(f11->raw[1 + 19], 2);
    assert_int_equal(f11->raw[1 + 38], 31);
    assert_int_equal(f11->raw[1 + 7], 0xEE);
    /* no live state at all: zeros, still answered */
    t->live.state_inputs = 0;
    t->rc = cc_dispatch_request(t->d, CC_SRC_RS485_III, &t->req, 0, t->now, NULL, &t->ans, &t->fx);
    assert_int_equal(t->ans.kind, CC_LINK_ANS_DATA);
}

static void test_unknown_fn_and_pn_left_out(void **state)
{
    h_t *t = *state;
    static const uint16_t fns[] = {2, 5, 6};
    h_read(t, 0x0C, 0, fns, 3);
    h_assert_data(t, 0x0C);
    assert_int_equal(t->am.nunits, 1); /* F5, F6 control states: no load control, left out */
    assert_non_null(h_ans_unit(t, 0, 2));
    uint16_t f25 = 25;
    h_read(t, 0x0C, 1, &f25, 1); /* meter data: no reader yet */
    h_assert_deny(t);
    uint16_t f2 = 2;
    h_read(t, 0x0C, 3, &f2, 1); /* terminal data asked of a point */
    h_assert_deny(t);
}

/* ---- AFN0D ---- */

static const mdc_value *td(h_t *t, bool monthly, uint16_t y, uint8_t m, uint8_t d)
{
    mdc_tm tm = {.year = y,
                 .mon = m,
                 .day = d,
                 .fields = monthly ? (MDC_TM_YEAR | MDC_TM_MON) : MDC_TM_DATE};
    mdc_value *o = mdc_v_add_obj(&t->va, NULL, NULL);
    mdc_v_add_time(&t->va, o, monthly ? "td_m" : "td_d", &tm);
    return o;
}

static void test_afn0d_counters(void **state)
{
    h_t *t = *state;
    int64_t yday = H_NOW_S - 86400;
    assert_int_equal(store_count_power(t->st, yday, 1440), 0);
    assert_int_equal(store_count_reset(t->st, yday), 0);
    assert_int_equal(store_count_reset(t->st, yday), 0);
    assert_int_equal(store_count_traffic(t->st, yday, 70000), 0);
    assert_int_equal(store_count_traffic(t->st, H_NOW_S, 30000), 0);
    assert_int_equal(store_count_reset(t->st, H_NOW_S), 0);
    gdw13761_unit u[6] = {
        {.pn = 0, .fn = 49, .value = td(t, false, 2026, 11, 20)},
        {.pn = 0, .fn = 50, .value = td(t, false, 2026, 11, 20)},
        {.pn = 0, .fn = 51, .value = td(t, true, 2026, 11, 0)},
        {.pn = 0, .fn = 52, .value = td(t, true, 2026, 11, 0)},
        {.pn = 0, .fn = 53, .value = td(t, false, 2026, 11, 20)},
        {.pn = 0, .fn = 54, .value = td(t, true, 2026, 11, 0)},
    };
    h_request(t, 0x0D, u, 6);
    assert_int_equal(t->decode_rc, 0);
    h_assert_data(t, 0x0D);
    assert_int_equal(t->am.nunits, 6);
    /* F49 yesterday: Td_d 20 11 26, 1440 min (A0 05), 2 resets */
    static const uint8_t f49[7] = {0x20, 0x11, 0x26, 0xA0, 0x05, 0x02, 0x00};
    assert_int_equal(h_ans_unit(t, 0, 49)->raw_len, 7);
    assert_memory_equal(h_ans_unit(t, 0, 49)->raw, f49, 7);
    assert_int_equal(h_int(h_ans_unit(t, 0, 50), "remote_trips"), 0);
    /* F51 this month: stored 1440 min < the run's minutes this month?
     * started 1 h ago: stored wins; resets 3 */
    assert_int_equal(h_int(h_ans_unit(t, 0, 51), "power_on_minutes"), 1440);
    assert_int_equal(h_int(h_ans_unit(t, 0, 51), "reset_count"), 3);
    static const uint8_t f53[7] = {0x20, 0x11, 0x26, 0x70, 0x11, 0x01, 0x00}; /* 70000 */
    assert_memory_equal(h_ans_unit(t, 0, 53)->raw, f53, 7);
    assert_int_equal(h_int(h_ans_unit(t, 0, 54), "bytes"), 100000);
    static const uint8_t td_m[2] = {0x11, 0x26};
    assert_memory_equal(h_ans_unit(t, 0, 54)->raw, td_m, 2);
}

static void test_afn0d_today_and_future(void **state)
{
    h_t *t = *state;
    /* today with nothing stored: the run's 60 minutes since start */
    gdw13761_unit u = {.pn = 0, .fn = 49, .value = td(t, false, 2026, 11, 21)};
    h_request(t, 0x0D, &u, 1);
    h_assert_data(t, 0x0D);
    assert_int_equal(h_int(h_ans_unit(t, 0, 49), "power_on_minutes"), 60);
    assert_int_equal(h_int(h_ans_unit(t, 0, 49), "reset_count"), 0);
    /* a past day without counters: zeros */
    u.value = td(t, false, 2026, 10, 1);
    h_request(t, 0x0D, &u, 1);
    assert_int_equal(h_int(h_ans_unit(t, 0, 49), "power_on_minutes"), 0);
    /* tomorrow / next month: no data, denied */
    u.value = td(t, false, 2026, 11, 22);
    h_request(t, 0x0D, &u, 1);
    h_assert_deny(t);
    u.fn = 54;
    u.value = td(t, true, 2026, 12, 0);
    h_request(t, 0x0D, &u, 1);
    h_assert_deny(t);
    /* F1 (meter data): not handled */
    u.fn = 1;
    u.value = td(t, false, 2026, 11, 20);
    h_request(t, 0x0D, &u, 1);
    h_assert_deny(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_f2_clock_equals_now, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_f3_bits_follow_sets, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_f4_uplink_status, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_f7_f8_events, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_f9_f10_f11, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_fn_and_pn_left_out, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_afn0d_counters, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_afn0d_today_and_future, h_setup, h_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
