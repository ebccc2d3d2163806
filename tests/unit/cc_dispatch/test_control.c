/* AFN05 through the dispatcher: F31 time set (offset within the 5 s of
 * R-C16, kept across a store reopen, applied relative to the current
 * offset), F29/F37 reporting, F38/F39 connection, and the denies (controls
 * a concentrator does not have, a bad time, mixed requests). */
#include "disp_harness.h"

static const mdc_value *time_value(h_t *t, int64_t s)
{
    mdc_tm tm;
    mdc_tm_from_epoch(s, &tm);
    mdc_value *o = mdc_v_add_obj(&t->va, NULL, NULL);
    mdc_v_add_time(&t->va, o, "time", &tm);
    return o;
}

static void set_time(h_t *t, int64_t s)
{
    gdw13761_unit u = {.pn = 0, .fn = 31, .value = time_value(t, s)};
    h_request(t, 0x05, &u, 1);
    assert_int_equal(t->decode_rc, 0);
}

static int64_t abs64(int64_t v)
{
    return v < 0 ? -v : v;
}

static void test_f31_time_set(void **state)
{
    h_t *t = *state;
    /* terminal clock 10:20:30.700, no offset yet: wall clock is the same */
    t->now.clock_ms = H_NOW_S * 1000 + 700;
    int64_t target = H_NOW_S + 3600 + 17; /* the master's clock */
    set_time(t, target);
    assert_int_equal(t->ans.kind, CC_LINK_ANS_CONFIRM);
    assert_true(t->fx.clock_set);
    int64_t wall_ms = t->now.clock_ms;
    int64_t new_clock_ms = wall_ms + t->fx.clock_offset_ms;
    assert_true(abs64(new_clock_ms - target * 1000) <= 5000);
    assert_true(abs64(new_clock_ms - target * 1000) <= 500); /* rounding only */
    assert_int_equal(store_clock_offset_get(t->st) * 1000, t->fx.clock_offset_ms);
    /* survives a restart */
    h_reopen(t);
    assert_int_equal(store_clock_offset_get(t->st) * 1000, t->fx.clock_offset_ms);
    /* a second set while the offset is applied: relative to the wall clock */
    int64_t off1 = t->fx.clock_offset_ms;
    t->now.clock_ms = wall_ms + off1 + 10000; /* 10 s later on the terminal clock */
    int64_t target2 = H_NOW_S - 86400;        /* a day back */
    set_time(t, target2);
    assert_true(t->fx.clock_set);
    int64_t wall2 = wall_ms + 10000;
    assert_true(abs64(wall2 + t->fx.clock_offset_ms - target2 * 1000) <= 500);
    /* AFN0C F2 reads the clock the shell now gives */
    t->now.clock_ms = wall2 + t->fx.clock_offset_ms;
    uint16_t fn = 2;
    h_read(t, 0x0C, 0, &fn, 1);
    h_assert_data(t, 0x0C);
    const mdc_value *tv = mdc_v_get(h_ans_unit(t, 0, 2)->value, "time");
    assert_true(abs64(mdc_tm_to_epoch(&tv->u.tm) - target2) <= 1);
}

static void test_f31_bad_time_denied(void **state)
{
    h_t *t = *state;
    /* A.1 with month 13: raw bytes ss mm hh DD (week|MM) YY */
    static const uint8_t bad[6] = {0x00, 0x00, 0x10, 0x21, 0x13, 0x26};
    gdw13761_unit u = {
        .pn = 0, .fn = 31, .value = mdc_v_add_bytes(&t->va, NULL, NULL, MDC_V_BYTES, bad, 6)};
    h_request(t, 0x05, &u, 1);
    h_assert_deny(t);
    assert_false(t->fx.clock_set);
    assert_int_equal(store_clock_offset_get(t->st), 0);
}

static void test_reporting_and_connection(void **state)
{
    h_t *t = *state;
    static const struct {
        uint16_t fn;
        int reporting, connection;
    } cases[] = {{29, 1, 0}, {37, -1, 0}, {38, 0, 1}, {39, 0, -1}};
    for (size_t i = 0; i < 4; i++) {
        gdw13761_unit u = {.pn = 0, .fn = cases[i].fn};
        h_request(t, 0x05, &u, 1);
        assert_int_equal(t->ans.kind, CC_LINK_ANS_CONFIRM);
        assert_int_equal(t->fx.reporting, cases[i].reporting);
        assert_int_equal(t->fx.connection, cases[i].connection);
        assert_false(t->fx.clock_set);
        assert_false(t->fx.params_changed);
    }
    /* F29 and F38 together (one identifier) */
    gdw13761_unit two[2] = {{.pn = 0, .fn = 29}, {.pn = 0, .fn = 38}};
    h_request(t, 0x05, two, 2);
    assert_int_equal(t->ans.kind, CC_LINK_ANS_CONFIRM);
    assert_int_equal(t->fx.reporting, 1);
    assert_int_equal(t->fx.connection, 1);
}

static void test_unsupported_controls_denied(void **state)
{
    h_t *t = *state;
    /* F26 fee reminder alarm: no load control here */
    gdw13761_unit u = {.pn = 0, .fn = 26};
    h_request(t, 0x05, &u, 1);
    h_assert_deny(t);
    /* one unsupported unit with F31 and F29: nothing applied */
    gdw13761_unit mix[3] = {
        {.pn = 0, .fn = 26},
        {.pn = 0, .fn = 29},
        {.pn = 0, .fn = 31, .value = time_value(t, H_NOW_S + 100)},
    };
    h_request(t, 0x05, mix, 3);
    h_assert_deny(t);
    assert_false(t->fx.clock_set);
    assert_int_equal(t->fx.reporting, 0);
    assert_int_equal(store_clock_offset_get(t->st), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_f31_time_set, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_f31_bad_time_denied, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_reporting_and_connection, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_unsupported_controls_denied, h_setup, h_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
