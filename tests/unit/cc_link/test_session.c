/* Link session: connect, login with the random delay, acks (AFN00 F1/F3),
 * heartbeats with the A.1 clock, live parameter changes, timeouts and
 * retries from AFN04 F1, reconnect main/backup, logout, statistics. Frames
 * are compared with the notes' real frames (§1.10) or checked through
 * gdw13761_frame_decode. */
#include "link_harness.h"

/* login of 2449/5845H, PSEQ 0, no ACD (the notes' row 1 without ACD/EC) */
static const uint8_t login_seq0[] = {0x68, 0x32, 0x00, 0x32, 0x00, 0x68, 0xC9, 0x49, 0x24, 0x45,
                                     0x58, 0x00, 0x02, 0x70, 0x00, 0x00, 0x01, 0x00, 0x46, 0x16};
/* notes §1.10 row 2: the live master's ACK, AFN00 F1, RSEQ 0, A3 = 02 */
static const uint8_t ack_row2[] = {0x68, 0x32, 0x00, 0x32, 0x00, 0x68, 0x0B, 0x49, 0x24, 0x45,
                                   0x58, 0x02, 0x00, 0x60, 0x00, 0x00, 0x01, 0x00, 0x78, 0x16};
/* row 3: heartbeat PSEQ 1 with clock 2019-07-04 (Thursday) 17:00:40 */
static const uint8_t hb_row3[] = {0x68, 0x4A, 0x00, 0x4A, 0x00, 0x68, 0xC9, 0x49, 0x24,
                                  0x45, 0x58, 0x00, 0x02, 0x71, 0x00, 0x00, 0x04, 0x00,
                                  0x40, 0x00, 0x17, 0x04, 0x87, 0x19, 0x45, 0x16};
/* row 4: logout PSEQ 1 */
static const uint8_t logout_row4[] = {0x68, 0x32, 0x00, 0x32, 0x00, 0x68, 0xC9, 0x49, 0x24, 0x45,
                                      0x58, 0x00, 0x02, 0x71, 0x00, 0x00, 0x02, 0x00, 0x48, 0x16};

static void assert_sent(harness *h, unsigned i, const uint8_t *b, size_t n)
{
    assert_true(i < h->nsent);
    assert_int_equal(h->sent[i].len, n);
    assert_memory_equal(h->sent[i].b, b, n);
}

static void test_login_after_random_delay(void **state)
{
    harness *h = *state;
    h->rand_vals[0] = 12345;
    h->nrand = 1;
    int64_t t0 = h->now.ms;
    cc_link_start(&h->l, h->now);
    assert_int_equal(h->connects, 1);
    assert_int_equal(h->which[0], 0); /* main first */
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_CONNECTING);
    h_advance(h, 1000);
    cc_link_on_connected(&h->l, h->now);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_CONNECTED);
    assert_int_equal(cc_link_next_deadline(&h->l), t0 + 12345);
    h_advance(h, 12345 - 1000 - 1);
    assert_int_equal(h->nsent, 0);
    h_advance(h, 1);
    assert_int_equal(h->nsent, 1);
    assert_int_equal(h->sent[0].at_ms, t0 + 12345);
    assert_sent(h, 0, login_seq0, sizeof login_seq0);
    gdw13761_frame f = h_frame(h, 0);
    assert_true(f.dir && f.prm && f.con && f.fir && f.fin);
    assert_int_equal(f.fc, GDW13761_FC_LINK_TEST);
}

/* the largest random value still lands inside the range; a custom range */
static void test_login_delay_range(void **state)
{
    harness *h = *state;
    h->rand_vals[0] = UINT32_MAX;
    h->nrand = 1;
    int64_t t0 = h->now.ms;
    cc_link_start(&h->l, h->now);
    cc_link_on_connected(&h->l, h->now);
    assert_int_equal(cc_link_next_deadline(&h->l), t0 + 24135); /* 4294967295 % 30001 */

    h_init(state);
    h->p.login_delay_min_ms = 5000;
    h->p.login_delay_max_ms = 6000;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    h->rand_vals[0] = 7;
    h->nrand = 1;
    t0 = h->now.ms;
    cc_link_start(&h->l, h->now);
    /* the connection takes longer than the delay: login at once */
    h_advance(h, 9000);
    assert_int_equal(h->nsent, 0);
    cc_link_on_connected(&h->l, h->now);
    assert_int_equal(h->nsent, 1);
    assert_true(h->sent[0].at_ms == t0 + 9000);
}

static void test_ack_f1_real_frame(void **state)
{
    harness *h = *state;
    cc_link_start(&h->l, h->now);
    cc_link_on_connected(&h->l, h->now);
    assert_int_equal(h->nsent, 1);
    h_feed(h, ack_row2, sizeof ack_row2);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_ONLINE);
    const cc_link_stats *s = cc_link_get_stats(&h->l);
    assert_int_equal(s->logins, 1);
    assert_true(s->online);
    assert_int_equal(s->last_login_clock_ms, h->now.clock_ms);
    assert_int_equal(h->states[h->nstates - 1], CC_LINK_ONLINE);
}

static void test_ack_f3_and_deny(void **state)
{
    harness *h = *state;
    cc_link_start(&h->l, h->now);
    cc_link_on_connected(&h->l, h->now);
    /* an ack with another RSEQ is not ours */
    h_ack_f1(h, 5);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_CONNECTED);
    assert_int_equal(cc_link_get_stats(&h->l)->unmatched_acks, 1);
    /* F3 with ERR 1: the login is denied -> retry later */
    h_ack_f3(h, 0, 0x02, 0x01, 1);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_CONNECTED);
    assert_int_equal(cc_link_get_stats(&h->l)->login_failures, 1);
    /* rand 0 -> half a heartbeat period */
    int64_t t = h->now.ms;
    assert_int_equal(cc_link_next_deadline(&h->l), t + 15 * 60000 / 2);
    h_advance(h, 15 * 60000 / 2);
    assert_int_equal(h->nsent, 2);
    gdw13761_frame f = h_last(h);
    assert_int_equal(f.seq, 1); /* a new login frame: next PSEQ */
    /* F3 with ERR 0 (the standard's form, §5.3.3) */
    h_ack_f3(h, 1, 0x02, 0x01, 0);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_ONLINE);
}

/* a master that sets PRM=1 on its AFN00 answer is still an answer */
static void test_ack_any_prm(void **state)
{
    harness *h = *state;
    cc_link_start(&h->l, h->now);
    cc_link_on_connected(&h->l, h->now);
    static const uint8_t f1[4] = {0, 0, 1, 0};
    gdw13761_frame f = h_master(h, 0x00, true, GDW13761_FC_USER_DATA, 0);
    f.units = f1;
    f.units_len = 4;
    h_feed_frame(h, &f);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_ONLINE);
    assert_int_equal(h->nreq, 0);
    /* an AFN00 that is no ack we know (F5) matches nothing */
    static const uint8_t f5[4] = {0, 0, 0x10, 0};
    f.units = f5;
    h_feed_frame(h, &f);
    assert_int_equal(cc_link_get_stats(&h->l)->unmatched_acks, 1);
}

static void test_heartbeat_clock_and_period(void **state)
{
    harness *h = *state;
    h->now.clock_ms = h_clock(2019, 7, 4, 16, 45, 40);
    h_online(h);
    int64_t t0 = h->now.ms;
    h_advance(h, 15 * 60000 - 1);
    assert_int_equal(h->nsent, 1);
    h_advance(h, 1);
    assert_int_equal(h->nsent, 2);
    assert_sent(h, 1, hb_row3, sizeof hb_row3);
    h_ack_f1(h, 1);
    assert_int_equal(cc_link_get_stats(&h->l)->heartbeats, 1);
    assert_int_equal(cc_link_get_stats(&h->l)->last_heartbeat_clock_ms, h->now.clock_ms);
    /* five more hours, every heartbeat acked */
    for (unsigned i = 2; i <= 21; i++) {
        h_advance(h, 15 * 60000);
        assert_int_equal(h->nsent, i + 1);
        assert_int_equal(h->sent[i].at_ms, t0 + (int64_t)i * 15 * 60000);
        gdw13761_frame f = h_frame(h, i);
        assert_int_equal(f.afn, 0x02);
        assert_int_equal(f.seq, i & 0x0Fu); /* PSEQ mod 16 */
        assert_int_equal(f.units_len, 10);
        static const uint8_t dadt[4] = {0, 0, 4, 0};
        assert_memory_equal(f.units, dadt, 4);
        mdc_tm t;
        mdc_tm_from_epoch(h->now.clock_ms / 1000, &t);
        assert_int_equal(f.units[4], mdc_u8_to_bcd(t.sec));
        assert_int_equal(f.units[5], mdc_u8_to_bcd(t.min));
        assert_int_equal(f.units[6], mdc_u8_to_bcd(t.hour));
        assert_int_equal(f.units[7], mdc_u8_to_bcd(t.day));
        unsigned wk = t.wday ? t.wday : 7u;
        assert_int_equal(f.units[8], (wk << 5) | mdc_u8_to_bcd(t.mon));
        assert_int_equal(f.units[9], mdc_u8_to_bcd(t.year % 100u));
        h_ack_f1(h, f.seq);
    }
    assert_int_equal(cc_link_get_stats(&h->l)->heartbeats, 21);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_ONLINE);
}

/* A.1 week: Sunday is 7 (1376.1), not 0; year and month BCD */
static void test_heartbeat_sunday(void **state)
{
    harness *h = *state;
    h->now.clock_ms = h_clock(2026, 11, 22, 23, 44, 59); /* a Sunday */
    h_online(h);
    h_advance(h, 15 * 60000);
    gdw13761_frame f = h_last(h);
    static const uint8_t clock[6] = {0x59, 0x59, 0x23, 0x22, 0xF1, 0x26}; /* 7<<5 | 11 */
    assert_int_equal(f.units_len, 10);
    assert_memory_equal(f.units + 4, clock, 6);
}

static void test_heartbeat_period_live(void **state)
{
    harness *h = *state;
    h_online(h);
    h_advance(h, 15 * 60000);
    assert_int_equal(h->nsent, 2);
    int64_t hb1 = h->now.ms;
    h_ack_f1(h, 1);
    h_advance(h, 2 * 60000);
    h->p.heartbeat_min = 5;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    assert_int_equal(cc_link_next_deadline(&h->l), hb1 + 5 * 60000);
    h_advance(h, 3 * 60000 - 1);
    assert_int_equal(h->nsent, 2);
    h_advance(h, 1);
    assert_int_equal(h->nsent, 3);
    h_ack_f1(h, 2);
    /* shorter than the time already passed: at once */
    h_advance(h, 3 * 60000);
    h->p.heartbeat_min = 1;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    assert_int_equal(h->nsent, 4);
    h_ack_f1(h, 3);
    /* period 0: no more heartbeats */
    h->p.heartbeat_min = 0;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    h_advance(h, 24 * 3600000LL);
    assert_int_equal(h->nsent, 4);
    assert_int_equal(cc_link_next_deadline(&h->l), CC_LINK_NO_DEADLINE);
    /* invalid parameters are refused and change nothing */
    cc_link_params bad = h->p;
    bad.a2 = 0;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &bad), -1);
    bad = h->p;
    memcpy(bad.a1, "24G9", 5);
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &bad), -1);
    bad = h->p;
    bad.max_frame_len = 20;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &bad), -1);
    assert_int_equal(h->l.p.a2, 0x5845);
}

static void test_f1_timeout_and_retries(void **state)
{
    harness *h = *state;
    cc_link_params p;
    cc_link_params_default(&p);
    /* RTS 0, delay 7 min, timeout 0x12C = 300 s, retries 1, CON D0|D2, 10 min */
    const uint8_t f1a[6] = {0x00, 0x07, 0x2C, 0x11, 0x05, 0x0A};
    cc_link_params_apply_f1(&p, f1a);
    assert_int_equal(p.timeout_s, 300);
    assert_int_equal(p.retries, 1);
    assert_int_equal(p.con_flags, 5);
    assert_int_equal(p.heartbeat_min, 10);
    assert_int_equal(p.tp_delay_min, 7);
    /* 12 bits: 4095 s, 3 retries; the reserved bits D6..D7 are ignored */
    const uint8_t f1b[6] = {0x00, 0x00, 0xFF, 0xFF, 0xF8, 0x01};
    cc_link_params_apply_f1(&p, f1b);
    assert_int_equal(p.timeout_s, 4095);
    assert_int_equal(p.retries, 3);
    assert_int_equal(p.con_flags, 0);

    /* timeout 30 s, 3 retries, heartbeat 1 min: the login goes 4 times */
    const uint8_t f1c[6] = {0x00, 0x00, 0x1E, 0x30, 0x00, 0x01};
    cc_link_params_apply_f1(&h->p, f1c);
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    h->rand_vals[0] = 0;     /* login delay 0 */
    h->rand_vals[1] = 66000; /* retry delay: the top of 30000..96000 */
    h->nrand = 2;
    int64_t t0 = h->now.ms;
    cc_link_start(&h->l, h->now);
    cc_link_on_connected(&h->l, h->now);
    h_advance(h, 120000 - 1);
    assert_int_equal(h->nsent, 4);
    for (unsigned i = 0; i < 4; i++) {
        assert_int_equal(h->sent[i].at_ms, t0 + 30000 * (int64_t)i);
        assert_sent(h, i, login_seq0, sizeof login_seq0); /* same PSEQ */
    }
    assert_int_equal(cc_link_get_stats(&h->l)->resends, 3);
    assert_int_equal(cc_link_get_stats(&h->l)->login_failures, 0);
    h_advance(h, 1);
    assert_int_equal(cc_link_get_stats(&h->l)->login_failures, 1);
    assert_int_equal(cc_link_next_deadline(&h->l), t0 + 120000 + 96000); /* 1.6 x 60 s */
    assert_true(96000 <= 16 * 60000 / 10 && 96000 >= 60000 / 2);
    h_advance(h, 96000);
    assert_int_equal(h->nsent, 5);
    assert_int_equal(h_last(h).seq, 1);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_CONNECTED);
}

/* retry delays over many random draws stay inside 0.5..1.6 x the period */
static void test_login_retry_range(void **state)
{
    harness *h = *state;
    h->p.retries = 0;
    h->p.timeout_s = 5;
    h->p.heartbeat_min = 2;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    const uint32_t draws[] = {0, 1, 12345, 99999, 167999, 168000, 0x7FFFFFFF, UINT32_MAX};
    memcpy(h->rand_vals, draws, sizeof draws);
    h->nrand = 8;
    h->rand_vals[0] = 0; /* the first draw is the login delay */
    cc_link_start(&h->l, h->now);
    cc_link_on_connected(&h->l, h->now);
    for (unsigned i = 1; i < 8; i++) {
        h_advance(h, 5000); /* the only try times out */
        int64_t d = cc_link_next_deadline(&h->l) - h->now.ms;
        assert_true(d >= 60000 && d <= 192000);
        assert_int_equal(d, 60000 + (int64_t)(draws[i] % 132001u));
        h_advance(h, d);
    }
    assert_int_equal(cc_link_get_stats(&h->l)->login_failures, 7);
}

static void test_heartbeat_lost_reconnect(void **state)
{
    harness *h = *state;
    h_online(h);
    h_advance(h, 15 * 60000);
    assert_int_equal(h->nsent, 2);
    /* no ack: resent after 10 s and 20 s (2 retries), then the link is dead */
    h_advance(h, 29999);
    assert_int_equal(h->nsent, 4);
    assert_memory_equal(h->sent[2].b, h->sent[1].b, h->sent[1].len);
    assert_int_equal(h->closes, 0);
    h_advance(h, 1);
    assert_int_equal(h->closes, 1);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_REDIAL);
    assert_int_equal(cc_link_get_stats(&h->l)->heartbeat_failures, 1);
    assert_false(cc_link_get_stats(&h->l)->online);
    /* redial after 20 s, main again; fails -> backup; fails -> main */
    h_advance(h, 20000);
    assert_int_equal(h->connects, 2);
    assert_int_equal(h->which[1], 0);
    cc_link_on_connect_failed(&h->l, h->now);
    h_advance(h, 20000);
    assert_int_equal(h->connects, 3);
    assert_int_equal(h->which[2], 1);
    cc_link_on_connect_failed(&h->l, h->now);
    h_advance(h, 20000);
    assert_int_equal(h->connects, 4);
    assert_int_equal(h->which[3], 0);
    cc_link_on_connected(&h->l, h->now);
    /* login at once (no start delay after the first), PSEQ continues */
    gdw13761_frame f = h_last(h);
    assert_int_equal(h->nsent, 5);
    assert_int_equal(f.afn, 0x02);
    assert_int_equal(f.units[2], 0x01);
    assert_int_equal(f.seq, 2);
    h_ack_f1(h, 2);
    assert_int_equal(cc_link_get_stats(&h->l)->logins, 2);
    assert_int_equal(cc_link_get_stats(&h->l)->connect_failures, 2);
}

static void test_connection_lost_backup(void **state)
{
    harness *h = *state;
    h_online(h);
    cc_link_on_closed(&h->l, h->now);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_REDIAL);
    assert_int_equal(h->closes, 0); /* the shell knows already */
    h_advance(h, 20000);
    assert_int_equal(h->which[1], 0);
    /* no answer to the connect: the connect timeout (30 s) counts as failed */
    h_advance(h, 30000);
    assert_int_equal(h->closes, 1);
    h_advance(h, 20000);
    assert_int_equal(h->connects, 3);
    assert_int_equal(h->which[2], 1); /* backup */
    cc_link_on_connected(&h->l, h->now);
    h_ack_f1(h, h_last(h).seq);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_ONLINE);
    /* lost again: the backup that worked is tried first, then main */
    cc_link_on_closed(&h->l, h->now);
    h_advance(h, 20000);
    assert_int_equal(h->which[3], 1);
    cc_link_on_connect_failed(&h->l, h->now);
    h_advance(h, 20000);
    assert_int_equal(h->which[4], 0);
    /* bytes while not connected are ignored */
    h_feed(h, ack_row2, sizeof ack_row2);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_CONNECTING);
}

static void test_address_change_live(void **state)
{
    harness *h = *state;
    /* no master configured: wait without a deadline */
    memset(h->p.master, 0, sizeof h->p.master);
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    cc_link_start(&h->l, h->now);
    assert_int_equal(h->connects, 0);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_REDIAL);
    assert_int_equal(cc_link_next_deadline(&h->l), CC_LINK_NO_DEADLINE);
    h->p.master[0].port = 7000;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    assert_int_equal(h->connects, 1);
    cc_link_on_connected(&h->l, h->now);
    h_ack_f1(h, 0);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_ONLINE);
    /* the master moves (AFN04 F3): close and go to the new address at once */
    h->p.master[0].ip[3] = 9;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    assert_int_equal(h->closes, 1);
    assert_int_equal(h->connects, 2);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_CONNECTING);
}

static void test_logout_on_stop(void **state)
{
    harness *h = *state;
    h_online(h);
    cc_link_stop(&h->l, h->now);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_STOPPING);
    assert_sent(h, 1, logout_row4, sizeof logout_row4);
    assert_int_equal(h->closes, 0);
    h_ack_f1(h, 1);
    assert_int_equal(h->closes, 1);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_IDLE);
    assert_int_equal(cc_link_next_deadline(&h->l), CC_LINK_NO_DEADLINE);

    /* unanswered logout: one try, closed after the response timeout */
    h_init(state);
    h_online(h);
    cc_link_stop(&h->l, h->now);
    h_advance(h, 9999);
    assert_int_equal(h->closes, 0);
    h_advance(h, 1);
    assert_int_equal(h->closes, 1);
    assert_int_equal(h->nsent, 2);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_IDLE);

    /* stop before the login: just close */
    h_init(state);
    cc_link_start(&h->l, h->now);
    cc_link_on_connected(&h->l, h->now);
    h->nsent = 0;
    cc_link_stop(&h->l, h->now);
    assert_int_equal(h->nsent, 0);
    assert_int_equal(h->closes, 1);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_IDLE);
}

static void test_stats_traffic_day_month(void **state)
{
    harness *h = *state;
    h->now.clock_ms = h_clock(2026, 11, 30, 23, 50, 0);
    h_online(h);
    const cc_link_stats *s = cc_link_get_stats(&h->l);
    assert_int_equal(s->day.tx_frames, 1);
    assert_int_equal(s->day.tx_bytes, 20);
    assert_int_equal(s->day.rx_frames, 1);
    assert_int_equal(s->day.rx_bytes, 20);
    assert_int_equal(s->day_key, 20261130);
    /* heartbeat at 00:05 on 1 December: new day and month */
    h_advance(h, 15 * 60000);
    assert_int_equal(s->day_key, 20261201);
    assert_int_equal(s->month_key, 202612);
    assert_int_equal(s->prev_day.tx_frames, 1);
    assert_int_equal(s->prev_month.rx_bytes, 20);
    assert_int_equal(s->day.tx_frames, 1);
    assert_int_equal(s->day.tx_bytes, 26);
    assert_int_equal(s->month.tx_bytes, 26);
    /* junk and bad frames count as received bytes; bad CS is dropped */
    static const uint8_t junk[] = {0x00, 0x68, 0x32, 0x00, 0x32, 0x00, 0x68, 0x0B, 0x49, 0x24, 0x45,
                                   0x58, 0x02, 0x00, 0x61, 0x00, 0x00, 0x01, 0x00, 0x00, 0x16};
    h_feed(h, junk, sizeof junk);
    assert_int_equal(s->day.rx_bytes, sizeof junk);
    assert_int_equal(s->heartbeats, 0);
}

static void test_init_errors(void **state)
{
    harness *h = *state;
    cc_link_ops ops = h_ops;
    ops.rand = NULL;
    assert_int_equal(cc_link_init(&h->l, &ops, h, &h->p), -1);
    ops = h_ops;
    cc_link_params p = h->p;
    p.login_delay_min_ms = 10;
    p.login_delay_max_ms = 5;
    assert_int_equal(cc_link_init(&h->l, &ops, h, &p), -1);
    p = h->p;
    p.max_frame_len = CC_LINK_FRAME_LEN_MIN - 1;
    assert_int_equal(cc_link_init(&h->l, &ops, h, &p), -1);
    p.max_frame_len = GDW13761_FRAME_MAX + 1;
    assert_int_equal(cc_link_init(&h->l, &ops, h, &p), -1);
    p.max_frame_len = CC_LINK_FRAME_LEN_MIN;
    assert_int_equal(cc_link_init(&h->l, &ops, h, &p), 0);
    assert_string_equal(cc_link_state_name(CC_LINK_ONLINE), "online");
    assert_string_equal(cc_link_state_name((cc_link_state)99), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_login_after_random_delay, h_init),
        cmocka_unit_test_setup(test_login_delay_range, h_init),
        cmocka_unit_test_setup(test_ack_f1_real_frame, h_init),
        cmocka_unit_test_setup(test_ack_f3_and_deny, h_init),
        cmocka_unit_test_setup(test_ack_any_prm, h_init),
        cmocka_unit_test_setup(test_heartbeat_clock_and_period, h_init),
        cmocka_unit_test_setup(test_heartbeat_sunday, h_init),
        cmocka_unit_test_setup(test_heartbeat_period_live, h_init),
        cmocka_unit_test_setup(test_f1_timeout_and_retries, h_init),
        cmocka_unit_test_setup(test_login_retry_range, h_init),
        cmocka_unit_test_setup(test_heartbeat_lost_reconnect, h_init),
        cmocka_unit_test_setup(test_connection_lost_backup, h_init),
        cmocka_unit_test_setup(test_address_change_live, h_init),
        cmocka_unit_test_setup(test_logout_on_stop, h_init),
        cmocka_unit_test_setup(test_stats_traffic_day_month, h_init),
        cmocka_unit_test_setup(test_init_errors, h_init),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
