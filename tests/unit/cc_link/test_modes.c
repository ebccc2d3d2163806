/* Online modes of AFN04 F8: permanent (F39 disconnect then redial), passive
 * activation (AFN05 F38, redial count, idle hang-up) and the time window
 * (online hours), over days of simulated time. */
#include "link_harness.h"

static void set_params(harness *h)
{
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
}

static void test_apply_f8(void **state)
{
    (void)state;
    cc_link_params p;
    cc_link_params_default(&p);
    assert_int_equal(p.work_mode, CC_LINK_MODE_PERMANENT);
    assert_int_equal(p.online_hours, 0xFFFFFF);
    /* passive, redial 60 s, 5 redials, 10 min idle, hours 0-7, 16-19 */
    const uint8_t f8[8] = {0x02, 0x3C, 0x00, 0x05, 0x0A, 0xFF, 0x00, 0x0F};
    cc_link_params_apply_f8(&p, f8);
    assert_int_equal(p.work_mode, CC_LINK_MODE_PASSIVE);
    assert_int_equal(p.redial_s, 60);
    assert_int_equal(p.passive_redials, 5);
    assert_int_equal(p.passive_idle_min, 10);
    assert_int_equal(p.online_hours, 0x0F00FF);
    /* UDP/server bits ignored; mode 3; redial 0x1234 s */
    const uint8_t f8b[8] = {0xB3, 0x34, 0x12, 0, 0, 0, 0, 0};
    cc_link_params_apply_f8(&p, f8b);
    assert_int_equal(p.work_mode, CC_LINK_MODE_WINDOW);
    assert_int_equal(p.redial_s, 0x1234);
    /* mode 0 is not a client online mode: permanent */
    const uint8_t f8c[8] = {0x00, 0, 0, 0, 0, 0, 0, 0};
    cc_link_params_apply_f8(&p, f8c);
    assert_int_equal(p.work_mode, CC_LINK_MODE_PERMANENT);
}

static void test_f39_disconnect_permanent(void **state)
{
    harness *h = *state;
    h_online(h);
    cc_link_disconnect(&h->l, h->now);
    gdw13761_frame f = h_last(h);
    assert_int_equal(f.afn, 0x02);
    assert_int_equal(f.units[2], 0x02); /* logout */
    h_ack_f1(h, f.seq);
    assert_int_equal(h->closes, 1);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_REDIAL);
    h_advance(h, 20000);
    assert_int_equal(h->connects, 2);
    assert_int_equal(h->which[1], 0);
    /* F38 while waiting to redial: at once */
    cc_link_on_connect_failed(&h->l, h->now);
    cc_link_activate(&h->l, h->now);
    assert_int_equal(h->connects, 3);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_CONNECTING);
    /* F39 while connecting: closed, redial later */
    cc_link_disconnect(&h->l, h->now);
    assert_int_equal(h->closes, 2);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_REDIAL);
}

static void test_passive_activation(void **state)
{
    harness *h = *state;
    h->p.work_mode = CC_LINK_MODE_PASSIVE;
    h->p.passive_redials = 3;
    h->p.passive_idle_min = 10;
    h->p.heartbeat_min = 4;
    set_params(h);
    cc_link_start(&h->l, h->now);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_DORMANT);
    assert_int_equal(h->connects, 0);
    assert_int_equal(cc_link_next_deadline(&h->l), CC_LINK_NO_DEADLINE);
    h_advance(h, 3600000);
    assert_int_equal(h->connects, 0);
    /* activated: three failed connects, then asleep again */
    cc_link_activate(&h->l, h->now);
    assert_int_equal(h->connects, 1);
    cc_link_on_connect_failed(&h->l, h->now);
    h_advance(h, 20000);
    assert_int_equal(h->connects, 2);
    assert_int_equal(h->which[1], 1); /* backup */
    cc_link_on_connect_failed(&h->l, h->now);
    h_advance(h, 20000);
    assert_int_equal(h->connects, 3);
    cc_link_on_connect_failed(&h->l, h->now);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_DORMANT);
    h_advance(h, 3600000);
    assert_int_equal(h->connects, 3);
    /* activated again: online; heartbeats do not keep it up, requests do */
    cc_link_activate(&h->l, h->now);
    assert_int_equal(h->which[3], 0); /* main first again */
    cc_link_on_connected(&h->l, h->now);
    h_ack_f1(h, h_last(h).seq);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_ONLINE);
    int64_t t_on = h->now.ms;
    h_advance(h, 4 * 60000);
    assert_int_equal(h_last(h).units[2], 0x04); /* heartbeat */
    h_ack_f1(h, h_last(h).seq);
    h_advance(h, 60000);
    static const uint8_t u[4] = {0, 0, 2, 0};
    gdw13761_frame q = h_master(h, 0x0C, true, 11, 3);
    q.units = u;
    q.units_len = 4;
    h_feed_frame(h, &q); /* answered with a confirm by the harness */
    unsigned hb = 0;
    for (int64_t t = 0; t < 15 * 60000 - 1; t += 60000) {
        h_advance(h, 60000);
        gdw13761_frame f = h_last(h);
        if (f.afn == 0x02 && f.units[2] == 0x04 && h->sent[h->nsent - 1].at_ms == h->now.ms) {
            hb++;
            h_ack_f1(h, f.seq);
        }
        if (cc_link_get_state(&h->l) != CC_LINK_ONLINE)
            break;
    }
    /* idle 10 min after the request (at +5 min): logout at +15 min */
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_STOPPING);
    assert_true(hb >= 2);
    gdw13761_frame f = h_last(h);
    assert_int_equal(f.units[2], 0x02);
    assert_int_equal(h->sent[h->nsent - 1].at_ms, t_on + 15 * 60000);
    h_ack_f1(h, f.seq);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_DORMANT);
    /* F39 in passive mode: dormant as well */
    cc_link_activate(&h->l, h->now);
    cc_link_on_connected(&h->l, h->now);
    h_ack_f1(h, h_last(h).seq);
    cc_link_disconnect(&h->l, h->now);
    h_ack_f1(h, h_last(h).seq);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_DORMANT);
    /* switched to permanent online live: connects at once */
    unsigned c = h->connects;
    h->p.work_mode = CC_LINK_MODE_PERMANENT;
    set_params(h);
    assert_int_equal(h->connects, c + 1);
}

static void test_time_window(void **state)
{
    harness *h = *state;
    h->now.clock_ms = h_clock(2026, 11, 21, 7, 30, 0);
    h->p.work_mode = CC_LINK_MODE_WINDOW;
    h->p.online_hours = (1u << 8) | (1u << 9); /* 08:00-09:59 */
    set_params(h);
    int64_t t0 = h->now.ms;
    cc_link_start(&h->l, h->now);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_DORMANT);
    assert_int_equal(cc_link_next_deadline(&h->l), t0 + 30 * 60000);
    /* F38 does not override the window */
    cc_link_activate(&h->l, h->now);
    assert_int_equal(h->connects, 0);
    h_advance(h, 30 * 60000 - 1);
    assert_int_equal(h->connects, 0);
    h_advance(h, 1);
    assert_int_equal(h->connects, 1);
    cc_link_on_connected(&h->l, h->now);
    h_ack_f1(h, h_last(h).seq);
    /* online through 09:59; heartbeats acked */
    for (unsigned i = 0; i < 7; i++) {
        h_advance(h, 15 * 60000);
        assert_int_equal(cc_link_get_state(&h->l), CC_LINK_ONLINE);
        h_ack_f1(h, h_last(h).seq);
    }
    /* 09:45 now; at 10:00 the logout */
    h_advance(h, 15 * 60000);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_STOPPING);
    gdw13761_frame f = h_last(h);
    assert_int_equal(f.units[2], 0x02);
    h_ack_f1(h, f.seq);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_DORMANT);
    /* next day 08:00: connects again (and only then) */
    h_advance(h, 22 * 3600000LL - 1);
    assert_int_equal(h->connects, 1);
    h_advance(h, 1);
    assert_int_equal(h->connects, 2);
    /* the connection is refused; redials inside the window only */
    cc_link_on_connect_failed(&h->l, h->now);
    h_advance(h, 2 * 3600000LL);
    unsigned c = h->connects;
    assert_true(c > 100);
    cc_link_on_connect_failed(&h->l, h->now);
    h_advance(h, 6 * 3600000LL);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_DORMANT);
    assert_true(h->connects <= c + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_apply_f8, h_init),
        cmocka_unit_test_setup(test_f39_disconnect_permanent, h_init),
        cmocka_unit_test_setup(test_passive_activation, h_init),
        cmocka_unit_test_setup(test_time_window, h_init),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
