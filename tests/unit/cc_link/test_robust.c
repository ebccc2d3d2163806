/* Robustness: random bytes, mutated real frames and random shell events for
 * many simulated hours. The core must never crash (run under ASan/UBSan),
 * every frame it sends must decode, its deadline must never lie in the past
 * after a tick, and its counters must stay consistent. Deterministic (LCG). */
#include "link_harness.h"

static uint32_t lcg = 12345u;
static uint32_t rnd(void)
{
    lcg = lcg * 1103515245u + 12345u;
    return lcg >> 8;
}

/* real frames from the notes (§1.10), addressed to 2449/5845H */
static const uint8_t ack_f1[] = {0x68, 0x32, 0x00, 0x32, 0x00, 0x68, 0x0B, 0x49, 0x24, 0x45,
                                 0x58, 0x02, 0x00, 0x60, 0x00, 0x00, 0x01, 0x00, 0x78, 0x16};
static const uint8_t req_0c[] = {0x68, 0x32, 0x00, 0x32, 0x00, 0x68, 0x7B, 0x49, 0x24, 0x45,
                                 0x58, 0x02, 0x0C, 0x60, 0x02, 0x01, 0x01, 0x10, 0x00, 0x16};

static void fix_cs(uint8_t *f, size_t n)
{
    uint8_t cs = 0;
    for (size_t i = 6; i + 2 < n; i++)
        cs = (uint8_t)(cs + f[i]);
    f[n - 2] = cs;
}

static void check_sent(harness *h, unsigned from)
{
    for (unsigned i = from; i < h->nsent; i++) {
        gdw13761_frame f;
        gdw13761_err err;
        if (gdw13761_frame_decode(h->sent[i].b, h->sent[i].len, &f, NULL, &err) != 0)
            fail_msg("sent frame %u: %s", i, err.msg);
        assert_true(f.dir);
        assert_true(h->sent[i].len <= h->l.p.max_frame_len);
    }
}

static void test_random_events(void **state)
{
    harness *h = *state;
    static uint8_t unit[4 + 60] = {0x02, 0x01, 0x01, 0x10};
    static const gdw13761_span span = {unit, sizeof unit};
    h->p.max_frame_len = 80;
    h->p.retries = 1;
    h->p.timeout_s = 3;
    h->p.heartbeat_min = 1;
    h->p.redial_s = 1;
    h->p.login_delay_max_ms = 2000;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    h->rand_vals[0] = 777;
    h->nrand = 1;
    cc_link_start(&h->l, h->now);
    uint8_t buf[64];
    for (unsigned it = 0; it < 20000; it++) {
        unsigned from = h->nsent;
        if (h->nsent > H_SENT_MAX - 40)
            h->nsent = from = 0;
        uint32_t r = rnd() % 20;
        h->answer_sync = (rnd() & 3) != 0;
        h->answer.kind = (cc_link_answer_kind)(rnd() % 4);
        h->answer.afn = 0x0C;
        h->answer.units = &span;
        h->answer.n = 1;
        switch (r) {
        case 0:
            cc_link_on_connected(&h->l, h->now);
            break;
        case 1:
            cc_link_on_connect_failed(&h->l, h->now);
            break;
        case 2:
            if ((rnd() & 31) == 0)
                cc_link_on_closed(&h->l, h->now);
            break;
        case 3: {
            size_t n = rnd() % sizeof buf;
            for (size_t i = 0; i < n; i++)
                buf[i] = (uint8_t)rnd();
            h_feed(h, buf, n);
            break;
        }
        case 4:
        case 5: {
            uint8_t f[sizeof ack_f1];
            memcpy(f, ack_f1, sizeof f);
            /* half the time the answer to the last frame sent */
            uint8_t seq = (uint8_t)(rnd() & 0x0F);
            if (h->nsent && (rnd() & 1))
                seq = h->sent[h->nsent - 1].b[13] & 0x0F;
            f[13] = (uint8_t)(0x60 | seq);
            fix_cs(f, sizeof f);
            h_feed(h, f, sizeof f);
            break;
        }
        case 6:
        case 7: {
            uint8_t f[sizeof req_0c];
            memcpy(f, req_0c, sizeof f);
            f[6] = (uint8_t)(0x4B | (rnd() & 0x30));
            f[13] = (uint8_t)(0x60 | (rnd() & 0x0F));
            if (rnd() & 1)
                f[6 + 1 + rnd() % 12] ^= (uint8_t)(1u << (rnd() % 8));
            fix_cs(f, sizeof f);
            size_t cut = rnd() % (sizeof f + 1);
            h_feed(h, f, cut);
            h_feed(h, f + cut, sizeof f - cut);
            break;
        }
        case 8:
            (void)cc_link_respond(&h->l, h->now, h->req_id - (rnd() & 1), &h->answer);
            break;
        case 9:
            (void)cc_link_report_queue(&h->l, h->now, it, (uint8_t)(0x0C + rnd() % 3), &span, 1,
                                       (int)(rnd() % 3) - 1);
            break;
        case 10:
            cc_link_set_events(&h->l, (uint8_t)rnd(), (uint8_t)rnd(), rnd() & 1);
            break;
        case 11:
            if ((rnd() & 31) == 0) {
                cc_link_stop(&h->l, h->now);
                h_advance(h, 5000);
                cc_link_start(&h->l, h->now);
            }
            break;
        case 12:
            h->p.heartbeat_min = (uint8_t)(rnd() % 3);
            h->p.master[0].ip[3] = (uint8_t)(1 + (rnd() & 1));
            h->p.work_mode = (rnd() & 3) ? CC_LINK_MODE_PERMANENT : (uint8_t)(1 + rnd() % 3);
            h->p.online_hours = rnd() & 0xFFFFFFu;
            h->p.passive_idle_min = (uint8_t)(rnd() % 3);
            assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
            break;
        case 13:
            if (rnd() & 1)
                cc_link_activate(&h->l, h->now);
            else if ((rnd() & 31) == 0)
                cc_link_disconnect(&h->l, h->now);
            break;
        default:
            h_advance(h, rnd() % 5000);
            break;
        }
        check_sent(h, from);
        from = h->nsent;
        cc_link_tick(&h->l, h->now);
        check_sent(h, from);
        if (cc_link_next_deadline(&h->l) <= h->now.ms)
            fail_msg("iteration %u: deadline %lld not after now %lld in state %s", it,
                     (long long)cc_link_next_deadline(&h->l), (long long)h->now.ms,
                     cc_link_state_name(cc_link_get_state(&h->l)));
        assert_true(cc_link_report_count(&h->l) <= CC_LINK_REPORTS);
        const cc_link_stats *s = cc_link_get_stats(&h->l);
        assert_true(s->online == (cc_link_get_state(&h->l) == CC_LINK_ONLINE));
    }
    const cc_link_stats *s = cc_link_get_stats(&h->l);
    print_message("logins %u hb %u/%u repeats %u busy %u reports %u connects %u\n", s->logins,
                  s->heartbeats, s->heartbeat_failures, s->repeats, s->dropped_busy,
                  s->reports_sent, s->connects);
    /* the walk went through every kind of event */
    assert_true(s->logins > 10);
    assert_true(s->heartbeats > 0 && s->heartbeat_failures > 0);
    assert_true(s->repeats > 0);
    assert_true(s->dropped_busy > 0);
    assert_true(s->reports_sent > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_random_events, h_init),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
