/* AFN01 F1-F4 (§5.2) and AFN02 through the dispatcher: what each reset
 * keeps and clears in the store, the effects handed to the shell, and the
 * denies (a reset Fn that does not exist, a pn, mixed requests). */
#include "disp_harness.h"

static const uint8_t f1_bytes[6] = {10, 1, 30, 0x20, 0x01, 5};
static const uint8_t f67_bytes[1] = {0x55};

/* Parameters (comm F1, non-comm F67 p1), data, an event, counters, clock. */
static void fill(h_t *t)
{
    assert_int_equal(store_param_set(t->st, 1, 0, f1_bytes, 6, 5, H_NOW_S), 0);
    assert_int_equal(store_param_set(t->st, 67, 1, f67_bytes, 1, 5, H_NOW_S), 0);
    static const uint8_t d[4] = {1, 2, 3, 4};
    assert_int_equal(store_data_put_current(t->st, 1, 0x00010000, H_NOW_S, d, 4), 0);
    static const uint8_t rec[] = {14, 5, 0x30, 0x20, 0x10, 0x21, 0x11, 0x26};
    assert_int_equal(store_event_add(t->st, STORE_EV_IMPORTANT, rec, sizeof rec, H_NOW_S, NULL), 0);
    assert_int_equal(store_count_reset(t->st, H_NOW_S), 0);
    assert_int_equal(store_clock_offset_set(t->st, 42), 0);
}

static void reset(h_t *t, uint16_t fn)
{
    gdw13761_unit u = {.pn = 0, .fn = fn};
    h_request(t, 0x01, &u, 1);
    assert_int_equal(t->decode_rc, 0);
    assert_int_equal(t->rc, 0);
    if (t->ans.kind != CC_LINK_ANS_CONFIRM)
        fail_msg("AFN01 F%u: kind %d (%s)", fn, t->ans.kind, cc_dispatch_why(t->d));
}

static bool changed(const h_t *t, uint16_t fn)
{
    for (size_t i = 0; i < t->fx.n_changed; i++)
        if (t->fx.changed_fn[i] == fn)
            return true;
    return false;
}

static void test_f1_hardware_restart_keeps_all(void **state)
{
    h_t *t = *state;
    fill(t);
    reset(t, 1);
    assert_true(t->fx.restart);
    assert_false(t->fx.data_cleared);
    assert_false(t->fx.params_changed);
    assert_int_equal(store_param_changes(t->st, 1, 0), 1);
    assert_int_equal(store_param_changes(t->st, 67, 1), 1);
    assert_int_equal(store_table_rows(t->st, "data_current"), 1);
    assert_int_equal(store_table_rows(t->st, "event"), 1);
}

static void test_f2_data_cleared_params_kept(void **state)
{
    h_t *t = *state;
    fill(t);
    reset(t, 2);
    assert_false(t->fx.restart);
    assert_true(t->fx.data_cleared);
    assert_false(t->fx.params_changed);
    assert_int_equal(store_param_changes(t->st, 1, 0), 1);
    assert_int_equal(store_param_changes(t->st, 67, 1), 1);
    assert_int_equal(store_table_rows(t->st, "data_current"), 0);
    assert_int_equal(store_table_rows(t->st, "event"), 0);
    uint8_t ec1 = 9, ec2 = 9;
    assert_int_equal(store_event_counters(t->st, &ec1, &ec2), 0);
    assert_int_equal(ec1, 0);
    assert_int_equal(store_clock_offset_get(t->st), 42); /* the clock is no data */
}

static void test_f3_factory_defaults(void **state)
{
    h_t *t = *state;
    fill(t);
    reset(t, 3);
    assert_true(t->fx.data_cleared);
    assert_true(t->fx.params_changed);
    assert_false(t->fx.restart);
    assert_true(changed(t, 1));
    assert_true(changed(t, 3));
    assert_true(changed(t, 67));
    assert_true(changed(t, 10));
    assert_int_equal(store_param_changes(t->st, 1, 0), 0);
    assert_int_equal(store_param_changes(t->st, 67, 1), 0);
    assert_int_equal(store_table_rows(t->st, "data_current"), 0);
    /* AFN0A F1 now reads the default */
    uint16_t fn = 1;
    h_read(t, 0x0A, 0, &fn, 1);
    h_assert_data(t, 0x0A);
    uint8_t def[16];
    size_t n = 0;
    assert_int_equal(store_param_default(NULL, 1, 0, def, sizeof def, &n), 0);
    assert_int_equal(h_ans_unit(t, 0, 1)->raw_len, n);
    assert_memory_equal(h_ans_unit(t, 0, 1)->raw, def, n);
    assert_int_equal(store_clock_offset_get(t->st), 42);
}

static void test_f4_keeps_master_comm(void **state)
{
    h_t *t = *state;
    fill(t);
    reset(t, 4);
    assert_true(t->fx.data_cleared);
    assert_true(t->fx.params_changed);
    assert_false(changed(t, 1)); /* comm parameters are not changed */
    assert_false(changed(t, 3));
    assert_false(changed(t, 89));
    assert_true(changed(t, 67));
    assert_true(changed(t, 10));
    assert_int_equal(store_param_changes(t->st, 1, 0), 1);
    assert_int_equal(store_param_changes(t->st, 67, 1), 0);
    assert_int_equal(store_table_rows(t->st, "data_current"), 0);
    /* F1 reads back as set */
    uint16_t fn = 1;
    h_read(t, 0x0A, 0, &fn, 1);
    h_assert_data(t, 0x0A);
    assert_memory_equal(h_ans_unit(t, 0, 1)->raw, f1_bytes, 6);
}

static void test_bad_resets_denied(void **state)
{
    h_t *t = *state;
    fill(t);
    /* F5 does not exist: with F2 in the same request nothing is cleared */
    uint8_t raw[1] = {0};
    gdw13761_unit u[2] = {
        {.pn = 0, .fn = 2},
        {.pn = 0, .fn = 5, .value = mdc_v_add_bytes(&t->va, NULL, NULL, MDC_V_BYTES, raw, 0)},
    };
    h_request(t, 0x01, u, 2);
    h_assert_deny(t);
    assert_false(t->fx.data_cleared);
    assert_int_equal(store_table_rows(t->st, "data_current"), 1);
    /* a measurement point instead of p0: the catalogue row is p0 only */
    gdw13761_unit p1 = {.pn = 1, .fn = 2};
    h_request(t, 0x01, &p1, 1);
    h_assert_deny(t);
    assert_int_equal(store_table_rows(t->st, "data_current"), 1);
    assert_int_equal(t->d->denied, 2);
}

static void test_afn02_link_test(void **state)
{
    h_t *t = *state;
    /* a link test from the master side (raw units: AFN02 has no downlink
     * rows in the catalogue) is confirmed */
    uint8_t none[1] = {0};
    gdw13761_unit u = {
        .pn = 0, .fn = 1, .value = mdc_v_add_bytes(&t->va, NULL, NULL, MDC_V_BYTES, none, 0)};
    h_request(t, 0x02, &u, 1);
    assert_int_equal(t->ans.kind, CC_LINK_ANS_CONFIRM);
    u.fn = 9;
    h_request(t, 0x02, &u, 1);
    h_assert_deny(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_f1_hardware_restart_keeps_all, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_f2_data_cleared_params_kept, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_f3_factory_defaults, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_f4_keeps_master_comm, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_bad_resets_denied, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_afn02_link_test, h_setup, h_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
