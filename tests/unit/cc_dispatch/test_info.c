/* AFN09 through the dispatcher: F1 from the site config (byte layout of
 * Table 116), F2-F7, F9, F10 answered, F8 and unknown Fn left out. */
#include "disp_harness.h"

static void test_f1_version(void **state)
{
    h_t *t = *state;
    uint16_t fn = 1;
    h_read(t, 0x09, 0, &fn, 1);
    h_assert_data(t, 0x09);
    const gdw13761_unit *u = h_ans_unit(t, 0, 1);
    assert_non_null(u);
    /* Table 116: 4 + 8 + 4 + 3 + 11 + 4 + 4 + 3 = 41 bytes */
    assert_int_equal(u->raw_len, 41);
    assert_memory_equal(u->raw, "MDCO", 4);
    assert_memory_equal(u->raw + 4, "00012345", 8);
    assert_memory_equal(u->raw + 12, "0.10", 4);
    static const uint8_t sw_date[3] = {0x20, 0x11, 0x26}; /* DD MM YY */
    assert_memory_equal(u->raw + 16, sw_date, 3);
    assert_memory_equal(u->raw + 19, "C32", 3);
    assert_memory_equal(u->raw + 30, "1201", 4);
    assert_memory_equal(u->raw + 34, "HW01", 4);
    static const uint8_t hw_date[3] = {0x01, 0x03, 0x25};
    assert_memory_equal(u->raw + 38, hw_date, 3);
    const mdc_value *pv = mdc_v_get(u->value, "protocol_version");
    assert_int_equal(pv->kind, MDC_V_STR);
    assert_int_equal(pv->u.str.len, 4);
}

static void test_f1_missing_dates_are_ee(void **state)
{
    h_t *t = *state;
    t->info.sw_date.fields = 0;
    uint16_t fn = 1;
    h_read(t, 0x09, 0, &fn, 1);
    h_assert_data(t, 0x09);
    const gdw13761_unit *u = h_ans_unit(t, 0, 1);
    static const uint8_t ee[3] = {0xEE, 0xEE, 0xEE};
    assert_memory_equal(u->raw + 16, ee, 3);
}

/* Bit (fn - 1) of a flags field (D0 of byte 0 = F1). */
static bool fn_bit(const uint8_t *flags, unsigned fn)
{
    return (flags[(fn - 1) / 8] >> ((fn - 1) % 8)) & 1;
}

static void test_config_fns(void **state)
{
    h_t *t = *state;
    static const uint16_t fns[] = {2, 3, 4, 5, 6, 7, 8};
    h_read(t, 0x09, 0, fns, 7);
    h_assert_data(t, 0x09);
    assert_int_equal(t->am.nunits, 6); /* F8 left out */
    assert_null(h_ans_unit(t, 0, 8));
    /* F2 ports */
    assert_int_equal(h_int(h_ans_unit(t, 0, 2), "port_count"), 4);
    /* F4: AFN04 F1 and F89 supported, F17 not; 19 groups (up to F150) */
    const gdw13761_unit *f4 = h_ans_unit(t, 0, 4);
    assert_int_equal(h_int(f4, "group_count"), 19);
    const uint8_t *fl = f4->raw + 1;
    assert_true(fl[0] & 0x01);       /* F1 */
    assert_true(fl[11] & 0x01);      /* F89 = group 12 bit 0 */
    assert_false(fl[2] & 0x01);      /* F17 */
    assert_true(fl[18] & (1u << 5)); /* F150 */
    /* F5 controls: F29, F30, F31 (group 4), F37, F38, F39 (group 5), F49..F53 (group 7),
     * F149, F150 (group 19) */
    const gdw13761_unit *f5 = h_ans_unit(t, 0, 5);
    static const uint8_t f5_raw[] = {19, 0, 0, 0, 0x70, 0x70, 0, 0x1F, 0, 0,
                                     0,  0, 0, 0, 0,    0,    0, 0,    0, 0x30};
    assert_int_equal(f5->raw_len, sizeof f5_raw);
    assert_memory_equal(f5->raw, f5_raw, sizeof f5_raw);
    /* F6: class 0 only: the terminal's AFN0C F2-F4, F7-F11 and the measurement-point data
     * (F25 ... F178, the highest: 23 groups) */
    const gdw13761_unit *f6 = h_ans_unit(t, 0, 6);
    assert_int_equal(f6->raw[0], 0x01);
    assert_int_equal(f6->raw[1], 0x00);
    assert_int_equal(f6->raw[2], 23);
    assert_int_equal(f6->raw_len, 3 + 23);
    assert_int_equal(f6->raw[3], 0xCE);    /* F2, F3, F4, F7, F8 */
    assert_true(fn_bit(f6->raw + 3, 11));  /* F11 reading status */
    assert_false(fn_bit(f6->raw + 3, 12)); /* F12 control outputs: not served */
    assert_true(fn_bit(f6->raw + 3, 25));  /* F25 instantaneous */
    assert_true(fn_bit(f6->raw + 3, 129)); /* F129 forward active readings */
    assert_true(fn_bit(f6->raw + 3, 162)); /* F162 meter clock */
    assert_true(fn_bit(f6->raw + 3, 178)); /* F178 combined active, last settlement */
    assert_false(fn_bit(f6->raw + 3, 17)); /* F17 group power: no groups */
    /* F7: AFN0D F49-F54 (group 7 bits 0..5) and the frozen data of the points */
    const gdw13761_unit *f7 = h_ans_unit(t, 0, 7);
    size_t g7 = f7->raw[2];
    assert_int_equal(f7->raw_len, 3 + g7);
    assert_int_equal(f7->raw[3 + 6] & 0x3F, 0x3F);
    assert_true(fn_bit(f7->raw + 3, 1));   /* F1 day forward readings */
    assert_true(fn_bit(f7->raw + 3, 101)); /* F101 forward active reading curve */
    assert_true(fn_bit(f7->raw + 3, 161)); /* F161 day forward active reading */
    assert_true(fn_bit(f7->raw + 3, 177)); /* F177 month forward active reading */
    assert_false(fn_bit(f7->raw + 3, 73)); /* F73 group curves: no groups */
}

static void test_modules(void **state)
{
    h_t *t = *state;
    static const uint16_t fns[] = {9, 10};
    h_read(t, 0x09, 0, fns, 2);
    h_assert_data(t, 0x09);
    assert_int_equal(h_ans_unit(t, 0, 9)->raw_len, 46);
    assert_int_equal(h_ans_unit(t, 0, 10)->raw_len, 15);
    assert_memory_equal(h_ans_unit(t, 0, 9)->raw, "MDCO", 4);
}

static void test_unknown_denied(void **state)
{
    h_t *t = *state;
    uint16_t fn = 8;
    h_read(t, 0x09, 0, &fn, 1);
    h_assert_deny(t);
    /* a point instead of p0 */
    fn = 1;
    h_read(t, 0x09, 1, &fn, 1);
    h_assert_deny(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_f1_version, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_f1_missing_dates_are_ee, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_config_fns, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_modules, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_denied, h_setup, h_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
