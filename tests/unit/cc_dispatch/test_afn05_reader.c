/* AFN05 meter-reading controls through the dispatcher (real store):
 * F30 terminal-to-meter time setting (00/01 of Table 91, 55H/AAH accepted,
 * default off; F31 then asks for a meter time sync), F49/F50/F51 on reading
 * ports only, F52 confirmed, F53 deleting the F10 meters of a port (F150 and
 * the change log follow), F149 auto-maintenance kept across a reopen and
 * reset by AFN01 F3/F4 but not F2, F150 clearing the changed flags; every
 * deny with its reason and nothing applied. Requests are the standard's
 * bytes (Tables 91, 96, 97) handed over as raw units. */
#include "disp_harness.h"

static void ctl1(h_t *t, uint16_t fn, uint8_t b)
{
    gdw13761_unit u = h_raw_unit(t, fn, &b, 1);
    h_request(t, 0x05, &u, 1);
    assert_int_equal(t->decode_rc, 0);
}

static void ctl0(h_t *t, uint16_t fn)
{
    gdw13761_unit u = h_raw_unit(t, fn, NULL, 0);
    h_request(t, 0x05, &u, 1);
    assert_int_equal(t->decode_rc, 0);
}

static void assert_confirm(const h_t *t)
{
    if (t->ans.kind != CC_LINK_ANS_CONFIRM)
        fail_msg("expected a confirm, got kind %d (%s)", t->ans.kind, cc_dispatch_why(t->d));
    assert_string_equal(cc_dispatch_why(t->d), "");
}

static void assert_deny_why(const h_t *t, const char *why)
{
    h_assert_deny(t);
    if (!strstr(cc_dispatch_why(t->d), why))
        fail_msg("reason \"%s\" lacks \"%s\"", cc_dispatch_why(t->d), why);
}

/* Effects of a deny: none (amaint -1 = unchanged). */
static void assert_no_effects(const h_t *t)
{
    assert_false(t->fx.params_changed);
    assert_false(t->fx.sync_meters);
    assert_false(t->fx.forward);
    assert_int_equal(t->fx.pause_ports, 0);
    assert_int_equal(t->fx.resume_ports, 0);
    assert_int_equal(t->fx.reread_ports, 0);
    assert_int_equal(t->fx.amaint, -1);
}

static int64_t state_of(h_t *t, const char *key, int64_t dflt)
{
    int64_t v = -99;
    assert_int_equal(store_state_get(t->st, key, &v, dflt), 0);
    return v;
}

static void set_time(h_t *t, int64_t s)
{
    mdc_tm tm;
    mdc_tm_from_epoch(s, &tm);
    mdc_value *o = mdc_v_add_obj(&t->va, NULL, NULL);
    mdc_v_add_time(&t->va, o, "time", &tm);
    gdw13761_unit u = {.pn = 0, .fn = 31, .value = o};
    h_request(t, 0x05, &u, 1);
    assert_confirm(t);
    assert_true(t->fx.clock_set);
}

static void test_f30_meter_time_setting(void **state)
{
    h_t *t = *state;
    /* default off (Table 91): a time set does not reach the meters */
    set_time(t, H_NOW_S + 30);
    assert_false(t->fx.sync_meters);
    /* 01 on: stored, the meters are set now; F31 then syncs them too */
    ctl1(t, 30, 0x01);
    assert_confirm(t);
    assert_true(t->fx.sync_meters);
    assert_false(t->fx.clock_set);
    assert_int_equal(t->fx.amaint, -1);
    assert_int_equal(state_of(t, "meter_sync", -1), 1);
    set_time(t, H_NOW_S + 60);
    assert_true(t->fx.sync_meters);
    /* kept over a restart */
    h_reopen(t);
    set_time(t, H_NOW_S + 90);
    assert_true(t->fx.sync_meters);
    /* 00 off */
    ctl1(t, 30, 0x00);
    assert_confirm(t);
    assert_false(t->fx.sync_meters);
    assert_int_equal(state_of(t, "meter_sync", -1), 0);
    set_time(t, H_NOW_S + 120);
    assert_false(t->fx.sync_meters);
    /* 55H on, AAH off (the AFN04 F67 codes) accepted as well */
    ctl1(t, 30, 0x55);
    assert_confirm(t);
    assert_true(t->fx.sync_meters);
    assert_int_equal(state_of(t, "meter_sync", -1), 1);
    ctl1(t, 30, 0xAA);
    assert_confirm(t);
    assert_int_equal(state_of(t, "meter_sync", -1), 0);
    /* F30 on and F31 in one request: applied in order */
    mdc_tm tm;
    mdc_tm_from_epoch(H_NOW_S, &tm);
    mdc_value *o = mdc_v_add_obj(&t->va, NULL, NULL);
    mdc_v_add_time(&t->va, o, "time", &tm);
    static const uint8_t on = 1;
    gdw13761_unit two[2] = {h_raw_unit(t, 30, &on, 1), {.pn = 0, .fn = 31, .value = o}};
    h_request(t, 0x05, two, 2);
    assert_confirm(t);
    assert_true(t->fx.clock_set);
    assert_true(t->fx.sync_meters);
}

static void test_f30_bad_state_denied(void **state)
{
    h_t *t = *state;
    static const uint8_t bad[] = {0x02, 0x10, 0xFF, 0x5A};
    for (size_t i = 0; i < sizeof bad; i++) {
        ctl1(t, 30, bad[i]);
        assert_deny_why(t, "AFN05 F30: state");
        assert_no_effects(t);
        assert_int_equal(state_of(t, "meter_sync", -1), -1); /* never written */
    }
    /* a bad F30 with a good F31: nothing applied, the clock untouched */
    mdc_tm tm;
    mdc_tm_from_epoch(H_NOW_S + 3600, &tm);
    mdc_value *o = mdc_v_add_obj(&t->va, NULL, NULL);
    mdc_v_add_time(&t->va, o, "time", &tm);
    static const uint8_t two_b = 2;
    gdw13761_unit two[2] = {{.pn = 0, .fn = 31, .value = o}, h_raw_unit(t, 30, &two_b, 1)};
    h_request(t, 0x05, two, 2);
    assert_deny_why(t, "state 2");
    assert_false(t->fx.clock_set);
    assert_int_equal(store_clock_offset_get(t->st), 0);
}

static void test_f49_f50_f51_ports(void **state)
{
    h_t *t = *state;
    ctl1(t, 49, 2); /* Table 96: the port number, BIN 1 */
    assert_confirm(t);
    assert_int_equal(t->fx.pause_ports, 1u << 2);
    assert_int_equal(t->fx.resume_ports, 0);
    ctl1(t, 50, 3);
    assert_confirm(t);
    assert_int_equal(t->fx.resume_ports, 1u << 3);
    assert_int_equal(t->fx.pause_ports, 0);
    ctl1(t, 51, 2);
    assert_confirm(t);
    assert_int_equal(t->fx.reread_ports, 1u << 2);
    assert_false(t->fx.params_changed);
    assert_int_equal(t->fx.amaint, -1);
    /* several in one request; F49 then F50 on the same port: resumed */
    static const uint8_t p2 = 2, p3 = 3;
    gdw13761_unit u[4] = {h_raw_unit(t, 49, &p2, 1), h_raw_unit(t, 49, &p3, 1),
                          h_raw_unit(t, 50, &p2, 1), h_raw_unit(t, 51, &p3, 1)};
    h_request(t, 0x05, u, 4);
    assert_confirm(t);
    assert_int_equal(t->fx.pause_ports, 1u << 3);
    assert_int_equal(t->fx.resume_ports, 1u << 2);
    assert_int_equal(t->fx.reread_ports, 1u << 3);
}

static void test_port_denies(void **state)
{
    h_t *t = *state;
    /* a port that reads no meters, port 0, a port above 31 */
    static const uint8_t bad[] = {1, 4, 31, 0, 32, 255};
    for (uint16_t fn = 49; fn <= 51; fn++) {
        for (size_t i = 0; i < sizeof bad; i++) {
            ctl1(t, fn, bad[i]);
            char why[64];
            snprintf(why, sizeof why, "AFN05 F%u: port %u is no meter-reading port", fn, bad[i]);
            assert_deny_why(t, why);
            assert_no_effects(t);
        }
    }
    /* one bad port among good ones: nothing applied */
    static const uint8_t p2 = 2, p9 = 9;
    gdw13761_unit u[2] = {h_raw_unit(t, 49, &p2, 1), h_raw_unit(t, 49, &p9, 1)};
    h_request(t, 0x05, u, 2);
    assert_deny_why(t, "port 9");
    assert_no_effects(t);
    /* no live state: no reading port at all */
    t->rc = cc_dispatch_request(t->d, CC_SRC_UPLINK, &t->req, 0, t->now, NULL, &t->ans, &t->fx);
    assert_deny_why(t, "port 2 is no meter-reading port");
    /* F52/F53: any port 1..31, else denied */
    ctl1(t, 52, 0);
    assert_deny_why(t, "AFN05 F52: port 0 outside 1..31");
    ctl1(t, 53, 32);
    assert_deny_why(t, "AFN05 F53: port 32 outside 1..31");
    assert_no_effects(t);
    /* a p1 unit */
    gdw13761_unit pn1 = h_raw_unit(t, 49, &p2, 1);
    pn1.pn = 1;
    h_request(t, 0x05, &pn1, 1);
    assert_deny_why(t, "p1 F49 is not supported");
}

static void test_f52_confirmed(void **state)
{
    h_t *t = *state;
    ctl1(t, 52, 2);
    assert_confirm(t);
    assert_no_effects(t);
    ctl1(t, 52, 31); /* not a reading port, still a port: nothing to initialise */
    assert_confirm(t);
    assert_no_effects(t);
}

/* ---- F53 and F150 ---- */

static void f10_elem(uint8_t *e, uint16_t index, uint16_t point, uint8_t port, uint8_t addr0)
{
    memset(e, 0, 27);
    e[0] = (uint8_t)index;
    e[1] = (uint8_t)(index >> 8);
    e[2] = (uint8_t)point;
    e[3] = (uint8_t)(point >> 8);
    e[4] = (uint8_t)(0x60 | port); /* 2400 bps (code 3), port */
    e[5] = 30;
    e[6] = addr0;
    e[18] = 4;
    e[19] = 0x05;
}

/* Four meters: index 1 p1 port 2, index 2 p2 port 3, index 3 p3 port 2,
 * index 4 p4 port 2 (and index 5 already deleted on port 2). */
static void set_meters(h_t *t)
{
    uint8_t b[2 + 5 * 27];
    b[0] = 5;
    b[1] = 0;
    f10_elem(b + 2, 1, 1, 2, 0x01);
    f10_elem(b + 29, 2, 2, 3, 0x02);
    f10_elem(b + 56, 3, 3, 2, 0x03);
    f10_elem(b + 83, 4, 4, 2, 0x04);
    f10_elem(b + 110, 5, 0, 2, 0x05);
    assert_int_equal(store_param_set(t->st, 10, 0, b, sizeof b, 7, H_NOW_S), 0);
}

static unsigned point_of(h_t *t, uint16_t index)
{
    uint8_t e[27];
    size_t n = 0;
    assert_int_equal(store_param_get_key(t->st, 10, 0, index, e, sizeof e, &n), 0);
    assert_int_equal(n, 27);
    return (unsigned)e[2] | (unsigned)e[3] << 8;
}

static uint8_t f150[512];

static void read_f150(h_t *t)
{
    size_t n = 0;
    assert_int_equal(store_param_get(t->st, 150, 0, f150, sizeof f150, &n), 0);
    assert_int_equal(n, 512);
}

static void test_f53_deletes_port_meters(void **state)
{
    h_t *t = *state;
    set_meters(t);
    read_f150(t);
    assert_int_equal(f150[0], 0x1E);   /* points 1..4 valid (D1..D4) */
    assert_int_equal(f150[256], 0x1E); /* and changed */
    /* F150 clears the changed flags, keeps the valid ones */
    ctl0(t, 150);
    assert_confirm(t);
    assert_no_effects(t);
    read_f150(t);
    assert_int_equal(f150[0], 0x1E);
    assert_int_equal(f150[256], 0x00);
    uint32_t before = store_param_changes(t->st, 10, 0);
    /* F53 port 2: indexes 1, 3, 4 get point 0; index 2 (port 3) stays */
    ctl1(t, 53, 2);
    assert_confirm(t);
    assert_true(t->fx.params_changed);
    assert_int_equal(t->fx.n_changed, 1);
    assert_int_equal(t->fx.changed_fn[0], 10);
    assert_int_equal(point_of(t, 1), 0);
    assert_int_equal(point_of(t, 2), 2);
    assert_int_equal(point_of(t, 3), 0);
    assert_int_equal(point_of(t, 4), 0);
    assert_int_equal(point_of(t, 5), 0);
    /* the rest of each element is kept (address) */
    uint8_t e[27];
    size_t n = 0;
    assert_int_equal(store_param_get_key(t->st, 10, 0, 3, e, sizeof e, &n), 0);
    assert_int_equal(e[6], 0x03);
    assert_int_equal(e[4], 0x62);
    /* F150: only point 2 valid; points 1, 3, 4 changed */
    read_f150(t);
    assert_int_equal(f150[0], 0x04);
    assert_int_equal(f150[256], 0x1A);
    /* one more change of F10, logged with the request's MSA (5) */
    assert_int_equal(store_param_changes(t->st, 10, 0), before + 1);
    store_param_change log[16];
    size_t nlog = 0;
    assert_int_equal(store_param_log(t->st, 0, log, 16, &nlog), 0);
    assert_true(nlog >= 2);
    assert_int_equal(log[nlog - 1].fn, 10);
    assert_int_equal(log[nlog - 1].msa, 5);
    assert_int_equal(log[nlog - 1].time, H_NOW_S);
    /* again: no meter left on port 2, nothing changes */
    ctl1(t, 53, 2);
    assert_confirm(t);
    assert_false(t->fx.params_changed);
    assert_int_equal(store_param_changes(t->st, 10, 0), before + 1);
    /* a port without meters */
    ctl1(t, 53, 31);
    assert_confirm(t);
    assert_false(t->fx.params_changed);
    /* AFN0A F10 answers index 1 with point 0 */
    mdc_value *q = mdc_v_add_obj(&t->va, NULL, NULL);
    mdc_value *ix = mdc_v_add_arr(&t->va, q, "indexes");
    mdc_v_add_int(&t->va, ix, NULL, 1, NULL);
    gdw13761_unit qu = {.pn = 0, .fn = 10, .value = q};
    h_request(t, 0x0A, &qu, 1);
    h_assert_data(t, 0x0A);
    const gdw13761_unit *a = h_ans_unit(t, 0, 10);
    assert_non_null(a);
    assert_int_equal(a->raw_len, 2 + 27);
    assert_int_equal(a->raw[2 + 2], 0);
    assert_int_equal(a->raw[2 + 3], 0);
}

static void test_f53_empty_store(void **state)
{
    h_t *t = *state;
    ctl1(t, 53, 2);
    assert_confirm(t);
    assert_false(t->fx.params_changed);
    assert_int_equal(store_param_changes(t->st, 10, 0), 0);
    /* F150 on a fresh store: the default stays all zeros */
    ctl0(t, 150);
    assert_confirm(t);
    read_f150(t);
    for (size_t i = 0; i < 512; i++)
        assert_int_equal(f150[i], 0);
}

/* ---- F149 ---- */

static void test_f149_auto_maintenance(void **state)
{
    h_t *t = *state;
    assert_int_equal(state_of(t, "amaint", 0), 0);
    ctl1(t, 149, 2); /* Table 97: on without updating F10 */
    assert_confirm(t);
    assert_int_equal(t->fx.amaint, 2);
    assert_int_equal(state_of(t, "amaint", 0), 2);
    /* other requests leave it unchanged (-1) */
    ctl1(t, 49, 2);
    assert_int_equal(t->fx.amaint, -1);
    /* persisted across a reopen */
    h_reopen(t);
    assert_int_equal(state_of(t, "amaint", 0), 2);
    ctl1(t, 149, 0);
    assert_confirm(t);
    assert_int_equal(t->fx.amaint, 0);
    ctl1(t, 149, 1);
    assert_int_equal(t->fx.amaint, 1);
    /* out of range: denied, nothing stored */
    ctl1(t, 149, 3);
    assert_deny_why(t, "AFN05 F149: state 3 outside 0..2");
    assert_no_effects(t);
    assert_int_equal(state_of(t, "amaint", 0), 1);
    /* AFN01 F2 keeps it, F4 resets it to the default */
    static const uint16_t f2 = 2, f4 = 4;
    h_read(t, 0x01, 0, &f2, 1);
    assert_confirm(t);
    assert_int_equal(t->fx.amaint, -1);
    assert_int_equal(state_of(t, "amaint", 0), 1);
    h_read(t, 0x01, 0, &f4, 1);
    assert_confirm(t);
    assert_int_equal(t->fx.amaint, 0); /* the shell learns the state fell back to off */
    assert_int_equal(state_of(t, "amaint", -7), -7); /* deleted: the caller's default */
    /* the time setting too (F3) */
    ctl1(t, 30, 1);
    static const uint16_t f3 = 3;
    h_read(t, 0x01, 0, &f3, 1);
    assert_confirm(t);
    set_time(t, H_NOW_S);
    assert_false(t->fx.sync_meters);
}

static void test_dispatch_effects_reset(void **state)
{
    h_t *t = *state;
    /* every request starts from "no effect": amaint -1 also for other AFNs */
    static const uint16_t fn2 = 2;
    h_read(t, 0x0C, 0, &fn2, 1);
    h_assert_data(t, 0x0C);
    assert_int_equal(t->fx.amaint, -1);
    assert_false(t->fx.forward);
    /* a deny: no effect either */
    static const uint8_t bad = 0x12;
    gdw13761_unit b = h_raw_unit(t, 30, &bad, 1);
    h_request(t, 0x05, &b, 1);
    h_assert_deny(t);
    assert_no_effects(t);
    assert_false(t->fx.clock_set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_f30_meter_time_setting, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_f30_bad_state_denied, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_f49_f50_f51_ports, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_port_denies, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_f52_confirmed, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_f53_deletes_port_meters, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_f53_empty_store, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_f149_auto_maintenance, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_dispatch_effects_reset, h_setup_ports, h_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
