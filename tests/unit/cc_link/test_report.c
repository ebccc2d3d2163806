/* Active reports: CON=1 resent per timeout/retries until acked and kept
 * across a disconnect, CON=0 multi-frame sequences with incrementing PSEQ,
 * CON from the AFN04 F1 flags, queue bounds, Tp on reports, denied reports. */
#include "link_harness.h"

/* notes §1.10 row 5: AFN0E F1 data (EC 28/4, Pm 27, Pn 28, ERC14 Le 11) */
static const uint8_t ev_unit[] = {0x00, 0x00, 0x01, 0x00, 0x1C, 0x04, 0x1B, 0x1C, 0x0E, 0x0B, 0x01,
                                  0x18, 0x15, 0x04, 0x07, 0x19, 0x53, 0x16, 0x04, 0x07, 0x19};
static const gdw13761_span ev_span = {ev_unit, sizeof ev_unit};

static void test_con1_resent_and_kept(void **state)
{
    harness *h = *state;
    /* queued before the link is up: kept */
    assert_int_equal(cc_link_report_queue(&h->l, h->now, 77, 0x0E, &ev_span, 1, 1), 0);
    assert_int_equal(cc_link_report_count(&h->l), 1);
    h_online(h);
    /* online: goes out right after the login ack */
    assert_int_equal(h->nsent, 2);
    gdw13761_frame f = h_frame(h, 1);
    assert_int_equal(f.afn, 0x0E);
    assert_true(f.prm && f.dir && f.con && f.fir && f.fin);
    assert_int_equal(f.fc, GDW13761_FC_REQ_CLASS1); /* FC 10 for CON=1, §4.3.3.2.6 a) */
    assert_int_equal(h->sent[1].b[6], 0xCA);
    assert_int_equal(f.seq, 1);
    assert_int_equal(f.msa, 0);
    assert_int_equal(f.units_len, sizeof ev_unit);
    assert_memory_equal(f.units, ev_unit, sizeof ev_unit);
    /* no ack: resent after 10 and 20 s with the same PSEQ */
    h_advance(h, 29999);
    assert_int_equal(h->nsent, 4);
    assert_memory_equal(h->sent[3].b, h->sent[1].b, h->sent[1].len);
    assert_int_equal(h->sent[3].at_ms, h->sent[1].at_ms + 20000);
    /* retries exhausted: kept, tried again one heartbeat period later */
    h_advance(h, 1);
    assert_int_equal(cc_link_report_count(&h->l), 1);
    assert_int_equal(h->ndone, 0);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_ONLINE);
    h_advance(h, 15 * 60000 - 30000); /* heartbeat */
    assert_int_equal(h->nsent, 5);
    assert_int_equal(h_last(h).afn, 0x02);
    h_ack_f1(h, h_last(h).seq);
    h_advance(h, 30000); /* the report again, as a new frame */
    assert_int_equal(h->nsent, 6);
    f = h_last(h);
    assert_int_equal(f.afn, 0x0E);
    assert_int_equal(f.seq, 3);
    /* the connection drops before the ack: still queued */
    cc_link_on_closed(&h->l, h->now);
    assert_int_equal(cc_link_report_count(&h->l), 1);
    h_advance(h, 20000);
    cc_link_on_connected(&h->l, h->now);
    f = h_last(h);
    assert_int_equal(f.afn, 0x02);
    unsigned before = h->nsent;
    h_ack_f1(h, f.seq);
    assert_int_equal(h->nsent, before + 1);
    f = h_last(h);
    assert_int_equal(f.afn, 0x0E);
    /* an ack for another PSEQ changes nothing; the right one completes it */
    h_ack_f1(h, (uint8_t)((f.seq + 1) & 0x0F));
    assert_int_equal(h->ndone, 0);
    h_ack_f3(h, f.seq, 0x0E, 0x01, 0);
    assert_int_equal(h->ndone, 1);
    assert_int_equal(h->done_id[0], 77);
    assert_true(h->done_acked[0]);
    assert_int_equal(cc_link_report_count(&h->l), 0);
    assert_int_equal(cc_link_get_stats(&h->l)->reports_acked, 1);
    /* nothing more to send until the next heartbeat */
    unsigned n = h->nsent;
    h_advance(h, 60000);
    assert_int_equal(h->nsent, n);
}

/* CON=0, three frames of at most 60 bytes: FIR/FIN 10 00 01, PSEQ 1 2 3, FC 4 */
static void test_con0_multi_frame(void **state)
{
    harness *h = *state;
    h->p.max_frame_len = 60;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    static uint8_t region[3 * 30];
    gdw13761_span spans[3];
    for (unsigned i = 0; i < 3; i++) {
        uint8_t *u = region + i * 30;
        u[0] = 0;
        u[1] = 0;
        u[2] = 0x01;
        u[3] = 0x00;
        for (unsigned k = 4; k < 30; k++)
            u[k] = (uint8_t)(i + k);
        spans[i].p = u;
        spans[i].len = 30;
    }
    assert_int_equal(cc_link_report_queue(&h->l, h->now, 5, 0x0E, spans, 3, 0), 0);
    /* the caller's buffer may change after queueing: the core copied it */
    region[10] ^= 0xFF;
    h_online(h);
    assert_int_equal(h->nsent, 4);
    static const bool fir[3] = {true, false, false}, fin[3] = {false, false, true};
    for (unsigned i = 0; i < 3; i++) {
        gdw13761_frame f = h_frame(h, 1 + i);
        assert_int_equal(h->sent[1 + i].b[6], 0xC4);
        assert_false(f.con);
        assert_int_equal(f.seq, 1 + i);
        assert_int_equal(f.fir, fir[i]);
        assert_int_equal(f.fin, fin[i]);
        assert_int_equal(f.units_len, 30);
        uint8_t want[30];
        memcpy(want, region + i * 30, 30);
        if (i == 0)
            want[10] ^= 0xFF;
        assert_memory_equal(f.units, want, 30);
    }
    assert_int_equal(h->ndone, 1);
    assert_int_equal(h->done_id[0], 5);
    assert_true(h->done_acked[0]);
    /* the next frame we start continues the counter */
    h_advance(h, 15 * 60000);
    assert_int_equal(h_last(h).seq, 4);
}

static void test_con_from_f1_flags(void **state)
{
    harness *h = *state;
    h->p.con_flags = 0x04; /* D2: class 3 (AFN0E) needs CON=1 */
    h->p.report_fc_con = GDW13761_FC_USER_DATA;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    static const uint8_t c_unit[] = {0x01, 0x01, 0x01, 0x00, 0x11, 0x22};
    const gdw13761_span cs = {c_unit, sizeof c_unit};
    assert_int_equal(cc_link_report_queue(&h->l, h->now, 1, 0x0C, &cs, 1, -1), 0);
    assert_int_equal(cc_link_report_queue(&h->l, h->now, 2, 0x0E, &ev_span, 1, -1), 0);
    h_online(h);
    gdw13761_frame f = h_frame(h, 1);
    assert_int_equal(f.afn, 0x0C);
    assert_false(f.con);
    assert_int_equal(h->ndone, 1);
    f = h_frame(h, 2);
    assert_int_equal(f.afn, 0x0E);
    assert_true(f.con);
    assert_int_equal(h->sent[2].b[6], 0xC4); /* FC 4 with CON=1, as field masters want */
    /* denied by the master: done, not acked, not resent */
    static const uint8_t f2[4] = {0, 0, 2, 0};
    gdw13761_frame d = h_master(h, 0x00, false, GDW13761_FC_RSP_NODATA, f.seq);
    d.units = f2;
    d.units_len = 4;
    h_feed_frame(h, &d);
    assert_int_equal(h->ndone, 2);
    assert_int_equal(h->done_id[1], 2);
    assert_false(h->done_acked[1]);
    assert_int_equal(cc_link_report_count(&h->l), 0);
}

static void test_queue_bounds(void **state)
{
    harness *h = *state;
    for (uint32_t i = 0; i < CC_LINK_REPORTS; i++)
        assert_int_equal(cc_link_report_queue(&h->l, h->now, i, 0x0D, &ev_span, 1, 0), 0);
    assert_int_equal(cc_link_report_queue(&h->l, h->now, 99, 0x0D, &ev_span, 1, 0), -1);
    assert_int_equal(cc_link_report_count(&h->l), CC_LINK_REPORTS);
    /* bad arguments */
    assert_int_equal(cc_link_report_queue(&h->l, h->now, 1, 0x0B, &ev_span, 1, 0), -1);
    assert_int_equal(cc_link_report_queue(&h->l, h->now, 1, 0x0E, &ev_span, 0, 0), -1);
    const gdw13761_span tiny = {ev_unit, 3};
    assert_int_equal(cc_link_report_queue(&h->l, h->now, 1, 0x0E, &tiny, 1, 0), -1);
    assert_int_equal(cc_link_get_stats(&h->l)->reports_rejected, 4);
    /* online: all sixteen go out (CON=0), in order */
    h_online(h);
    h_advance(h, 0);
    assert_int_equal(h->ndone, CC_LINK_REPORTS);
    for (uint32_t i = 0; i < CC_LINK_REPORTS; i++)
        assert_int_equal(h->done_id[i], i);
    assert_int_equal(cc_link_get_stats(&h->l)->reports_sent, CC_LINK_REPORTS);
    /* too large for the report buffer */
    h_init(state);
    static uint8_t big[CC_LINK_REPORT_BYTES + 1];
    const gdw13761_span bs = {big, sizeof big};
    assert_int_equal(cc_link_report_queue(&h->l, h->now, 1, 0x0E, &bs, 1, 0), -1);
    /* larger than a frame: dropped when its turn comes, reported not acked */
    h->p.max_frame_len = 60;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    const gdw13761_span mid = {big, 100};
    big[2] = 1;
    assert_int_equal(cc_link_report_queue(&h->l, h->now, 9, 0x0E, &mid, 1, 0), 0);
    h_online(h);
    assert_int_equal(h->ndone, 1);
    assert_false(h->done_acked[0]);
}

static void test_report_tp(void **state)
{
    harness *h = *state;
    h->p.tp_delay_min = 3;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    assert_int_equal(cc_link_report_queue(&h->l, h->now, 1, 0x0E, &ev_span, 1, 0), 0);
    h_online(h);
    gdw13761_frame f = h_last(h);
    assert_true(f.tpv);
    assert_int_equal(f.tp.pfc, 1);
    assert_int_equal(f.tp.delay_min, 3);
    assert_int_equal(f.tp.hour, 10);
    assert_int_equal(f.tp.min, 0);
    assert_int_equal(f.tp.day, 21);
    assert_int_equal(f.seq, 1);
}

/* a CON=1 report interrupted by a stop stays queued */
static void test_report_survives_stop(void **state)
{
    harness *h = *state;
    assert_int_equal(cc_link_report_queue(&h->l, h->now, 3, 0x0D, &ev_span, 1, 1), 0);
    h_online(h);
    assert_int_equal(h_last(h).afn, 0x0D);
    cc_link_stop(&h->l, h->now);
    gdw13761_frame f = h_last(h);
    assert_int_equal(f.afn, 0x02);
    assert_int_equal(f.units[2], 0x02); /* logout */
    h_ack_f1(h, f.seq);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_IDLE);
    assert_int_equal(cc_link_report_count(&h->l), 1);
    assert_int_equal(h->ndone, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_con1_resent_and_kept, h_init),
        cmocka_unit_test_setup(test_con0_multi_frame, h_init),
        cmocka_unit_test_setup(test_con_from_f1_flags, h_init),
        cmocka_unit_test_setup(test_queue_bounds, h_init),
        cmocka_unit_test_setup(test_report_tp, h_init),
        cmocka_unit_test_setup(test_report_survives_stop, h_init),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
