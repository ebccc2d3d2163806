/* Requests from the master and the core's answers: framing (C, A, RSEQ,
 * EC, Tp echo), repeats by PSEQ and by FCB (FCV=1), Tp freshness, address
 * checks (own, group, broadcast), multi-frame answers, ACD/EC, deny and
 * confirm answers, a dispatcher that answers later. */
#include "link_harness.h"

/* notes §1.10 row 10: AFN0C F129 p2 request, C=7B (FCB=1 FCV=1 FC11), SEQ 60,
 * to A1 5801 A2 2811H, MSA 1 */
static const uint8_t req_row10[] = {0x68, 0x32, 0x00, 0x32, 0x00, 0x68, 0x7B, 0x01, 0x58, 0x11,
                                    0x28, 0x02, 0x0C, 0x60, 0x02, 0x01, 0x01, 0x10, 0x8F, 0x16};

static uint8_t answer_unit[4 + 31];
static gdw13761_span answer_span = {answer_unit, sizeof answer_unit};

/* Online as 5801/2811H; the dispatcher answers AFN0C with one span. */
static int setup_5801(void **state)
{
    h_init(state);
    harness *h = &H;
    memcpy(h->p.a1, "5801", 5);
    h->p.a2 = 0x2811;
    h->p.groups[0] = 0x0100;
    h->p.groups[3] = 0x0203;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    /* F129 p2: A.15 time + m + (m+1) x A.14 (m = 4): 5 + 1 + 25 bytes */
    memset(answer_unit, 0, sizeof answer_unit);
    memcpy(answer_unit, (const uint8_t[]){0x02, 0x01, 0x01, 0x10}, 4);
    answer_unit[4 + 5] = 4;
    for (size_t i = 10; i < sizeof answer_unit; i++)
        answer_unit[i] = (uint8_t)i;
    h->answer.kind = CC_LINK_ANS_DATA;
    h->answer.afn = 0x0C;
    h->answer.units = &answer_span;
    h->answer.n = 1;
    h_online(h);
    h->nsent = 0;
    return 0;
}

/* Feeds a request built from fields. */
static void feed_req(harness *h, uint8_t afn, uint8_t fc, bool fcv, bool fcb, uint8_t seq,
                     const uint8_t *units, size_t n, const gdw13761_tp *tp)
{
    gdw13761_frame f = h_master(h, afn, true, fc, seq);
    f.fcv = fcv;
    f.fcb = fcb;
    f.units = units;
    f.units_len = n;
    if (tp) {
        f.tpv = true;
        f.tp = *tp;
    }
    if (afn == 0x04 || afn == 0x05 || afn == 0x01)
        memset(f.pw, 0, sizeof f.pw);
    h_feed_frame(h, &f);
}

static const uint8_t u_f129_p2[4] = {0x02, 0x01, 0x01, 0x10};
static const uint8_t u_f129_p3[4] = {0x04, 0x01, 0x01, 0x10};
static const uint8_t u_f2_p0[4] = {0x00, 0x00, 0x02, 0x00};

static void test_answer_framing(void **state)
{
    harness *h = *state;
    h_feed(h, req_row10, sizeof req_row10);
    assert_int_equal(h->nreq, 1);
    assert_int_equal(h->req_afn, 0x0C);
    assert_int_equal(h->req_nunits, 1);
    assert_int_equal(h->req_pn, 2);
    assert_int_equal(h->req_fn, 129);
    assert_int_equal(h->req_rc, 0);
    assert_false(h->req_no_answer);
    assert_int_equal(h->nsent, 1);
    gdw13761_frame f = h_frame(h, 0);
    assert_true(f.dir);
    assert_false(f.prm);
    assert_false(f.acd);
    assert_false(f.has_ec);
    assert_int_equal(f.fc, GDW13761_FC_RSP_DATA);
    assert_int_equal(h->sent[0].b[6], 0x88);
    assert_string_equal(f.a1, "5801");
    assert_int_equal(f.a2, 0x2811);
    assert_false(f.group);
    assert_int_equal(f.msa, 1); /* the request's MSA */
    assert_int_equal(f.afn, 0x0C);
    assert_true(f.fir && f.fin);
    assert_false(f.con);
    assert_false(f.tpv);
    assert_int_equal(f.seq, 0); /* RSEQ = PSEQ */
    assert_int_equal(f.units_len, sizeof answer_unit);
    assert_memory_equal(f.units, answer_unit, sizeof answer_unit);
}

static void test_repeat_pseq_and_fcb(void **state)
{
    harness *h = *state;
    h_feed(h, req_row10, sizeof req_row10);
    assert_int_equal(h->nsent, 1);
    /* the same frame again (FCV=1, same FCB): the stored answer, not reprocessed */
    h->answer.kind = CC_LINK_ANS_DENY; /* would show if it were reprocessed */
    h_feed(h, req_row10, sizeof req_row10);
    assert_int_equal(h->nreq, 1);
    assert_int_equal(h->nsent, 2);
    assert_int_equal(h->sent[1].len, h->sent[0].len);
    assert_memory_equal(h->sent[1].b, h->sent[0].b, h->sent[0].len);
    assert_int_equal(cc_link_get_stats(&h->l)->repeats, 1);
    /* FCB toggled (C = 5B), same PSEQ: a new request */
    h->answer.kind = CC_LINK_ANS_DATA;
    feed_req(h, 0x0C, 11, true, false, 0, u_f129_p2, 4, NULL);
    assert_int_equal(h->nreq, 2);
    assert_int_equal(h->nsent, 3);
    /* same FCB again with another PSEQ (a resend by FCB rules): stored answer */
    feed_req(h, 0x0C, 11, true, false, 1, u_f129_p2, 4, NULL);
    assert_int_equal(h->nreq, 2);
    assert_int_equal(h->nsent, 4);
    assert_memory_equal(h->sent[3].b, h->sent[2].b, h->sent[2].len);
    /* FCV=0: new PSEQ -> new; same PSEQ -> repeat; same PSEQ, other content -> new */
    feed_req(h, 0x0C, 11, false, false, 2, u_f129_p2, 4, NULL);
    assert_int_equal(h->nreq, 3);
    assert_int_equal(h_last(h).seq, 2);
    feed_req(h, 0x0C, 11, false, false, 2, u_f129_p2, 4, NULL);
    assert_int_equal(h->nreq, 3);
    assert_int_equal(h->nsent, 6);
    assert_memory_equal(h->sent[5].b, h->sent[4].b, h->sent[4].len);
    feed_req(h, 0x0C, 11, false, false, 2, u_f129_p3, 4, NULL);
    assert_int_equal(h->nreq, 4);
    assert_int_equal(h->req_pn, 3);
    assert_int_equal(cc_link_get_stats(&h->l)->repeats, 3);
}

static void tp_at(gdw13761_tp *tp, int64_t clock_ms, uint8_t pfc, uint8_t delay)
{
    mdc_tm t;
    mdc_tm_from_epoch(clock_ms / 1000, &t);
    gdw13761_tp_from_tm(tp, pfc, &t, delay);
}

static void test_tp_stale_and_echo(void **state)
{
    harness *h = *state;
    gdw13761_tp tp;
    /* sent 10 minutes ago, 5 minutes allowed: dropped, not answered */
    tp_at(&tp, h->now.clock_ms - 10 * 60000, 0x31, 5);
    feed_req(h, 0x0C, 11, false, false, 1, u_f2_p0, 4, &tp);
    assert_int_equal(h->nreq, 0);
    assert_int_equal(h->nsent, 0);
    assert_int_equal(cc_link_get_stats(&h->l)->dropped_stale, 1);
    /* 2 minutes old: answered, Tp echoed */
    tp_at(&tp, h->now.clock_ms - 2 * 60000, 0x32, 5);
    feed_req(h, 0x0C, 11, false, false, 2, u_f2_p0, 4, &tp);
    assert_int_equal(h->nreq, 1);
    gdw13761_frame f = h_last(h);
    assert_true(f.tpv);
    assert_int_equal(f.seq, 2);
    assert_memory_equal(&f.tp, &tp, sizeof tp);
    /* the 6 Tp bytes sit just before CS */
    const h_sent *s = &h->sent[h->nsent - 1];
    static const uint8_t tp_bytes[6] = {0x32, 0x00, 0x58, 0x09, 0x21, 0x05}; /* 09:58:00 21st */
    assert_memory_equal(s->b + s->len - 8, tp_bytes, 6);
    /* repeated with the same PSEQ and PFC: the stored answer */
    feed_req(h, 0x0C, 11, false, false, 2, u_f2_p0, 4, &tp);
    assert_int_equal(h->nreq, 1);
    assert_memory_equal(h->sent[h->nsent - 1].b, s->b, s->len);
    /* same PSEQ, new PFC: a new request */
    tp.pfc = 0x42;
    feed_req(h, 0x0C, 11, false, false, 2, u_f2_p0, 4, &tp);
    assert_int_equal(h->nreq, 2);
    /* delay 0: no check, however old */
    tp_at(&tp, h->now.clock_ms - 3 * 3600000LL, 0x50, 0);
    feed_req(h, 0x0C, 11, false, false, 3, u_f2_p0, 4, &tp);
    assert_int_equal(h->nreq, 3);
    assert_int_equal(cc_link_get_stats(&h->l)->dropped_stale, 1);
}

static void test_address_checks(void **state)
{
    harness *h = *state;
    gdw13761_frame f = h_master(h, 0x0C, true, 11, 1);
    f.units = u_f2_p0;
    f.units_len = 4;
    /* another terminal */
    f.a2 = 0x2812;
    h_feed_frame(h, &f);
    /* another region */
    f.a2 = 0x2811;
    memcpy(f.a1, "5802", 5);
    h_feed_frame(h, &f);
    /* a group we are not in */
    memcpy(f.a1, "5801", 5);
    f.group = true;
    f.a2 = 0x0101;
    h_feed_frame(h, &f);
    /* an uplink frame with our address */
    f.group = false;
    f.dir = true;
    h_feed_frame(h, &f);
    assert_int_equal(h->nreq, 0);
    assert_int_equal(cc_link_get_stats(&h->l)->dropped_addr, 4);
    /* our group 0203H: handled, not answered */
    f.dir = false;
    f.group = true;
    f.a2 = 0x0203;
    h_feed_frame(h, &f);
    assert_int_equal(h->nreq, 1);
    assert_true(h->req_no_answer);
    assert_int_equal(h->nsent, 0);
    assert_int_equal(cc_link_get_stats(&h->l)->answers_unsent, 1);
    /* system broadcast, any region */
    memcpy(f.a1, "9999", 5);
    f.a2 = 0xFFFF;
    f.seq = 2;
    h_feed_frame(h, &f);
    assert_int_equal(h->nreq, 2);
    assert_true(h->req_no_answer);
    assert_int_equal(h->nsent, 0);
    /* our own address again: answered */
    memcpy(f.a1, "5801", 5);
    f.group = false;
    f.a2 = 0x2811;
    f.seq = 3;
    h_feed_frame(h, &f);
    assert_int_equal(h->nreq, 3);
    assert_false(h->req_no_answer);
    assert_int_equal(h->nsent, 1);
}

/* 8 units of 40 bytes, frames of at most 120 bytes: 2 units per frame */
static void test_multi_frame_answer(void **state)
{
    harness *h = *state;
    static uint8_t region[8 * 40];
    static gdw13761_span spans[8];
    for (unsigned i = 0; i < 8; i++) {
        uint8_t *u = region + i * 40;
        u[0] = (uint8_t)(1u << i); /* p1..p8 */
        u[1] = 1;
        u[2] = 0x01;
        u[3] = 0x10; /* F129 */
        for (unsigned k = 4; k < 40; k++)
            u[k] = (uint8_t)(i * 40 + k);
        spans[i].p = u;
        spans[i].len = 40;
    }
    h->p.max_frame_len = 120;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    h->answer.units = spans;
    h->answer.n = 8;
    feed_req(h, 0x0C, 11, false, false, 14, u_f129_p2, 4, NULL);
    assert_int_equal(h->nsent, 4);
    static const uint8_t rseq[4] = {14, 15, 0, 1};
    static const bool fir[4] = {true, false, false, false};
    static const bool fin[4] = {false, false, false, true};
    uint8_t rbuf[512];
    gdw13761_reasm r;
    gdw13761_reasm_init(&r, rbuf, sizeof rbuf);
    gdw13761_err err;
    for (unsigned i = 0; i < 4; i++) {
        gdw13761_frame f = h_frame(h, i);
        assert_true(h->sent[i].len <= 120);
        assert_int_equal(f.seq, rseq[i]);
        assert_int_equal(f.fir, fir[i]);
        assert_int_equal(f.fin, fin[i]);
        assert_int_equal(f.units_len, 80);
        int rc = gdw13761_reasm_add(&r, &f, &err);
        assert_int_equal(rc, i == 3 ? 1 : 0);
    }
    assert_int_equal(r.len, sizeof region);
    assert_memory_equal(rbuf, region, sizeof region);
    /* the repeat gets all four frames again */
    feed_req(h, 0x0C, 11, false, false, 14, u_f129_p2, 4, NULL);
    assert_int_equal(h->nsent, 8);
    for (unsigned i = 0; i < 4; i++)
        assert_memory_equal(h->sent[4 + i].b, h->sent[i].b, h->sent[i].len);
    /* a unit that cannot fit a frame: denied instead */
    static uint8_t big[200] = {0x02, 0x01, 0x01, 0x10};
    static const gdw13761_span big_span = {big, sizeof big};
    h->answer.units = &big_span;
    h->answer.n = 1;
    h->answer_sync = false;
    feed_req(h, 0x0C, 11, false, false, 3, u_f129_p2, 4, NULL);
    assert_int_equal(cc_link_respond(&h->l, h->now, h->req_id, &h->answer), -1);
    gdw13761_frame f = h_last(h);
    assert_int_equal(f.afn, 0x00);
    assert_int_equal(f.fc, GDW13761_FC_RSP_NODATA);
    assert_int_equal(f.units[2], 0x02); /* F2 */
}

static void test_acd_ec(void **state)
{
    harness *h = *state;
    cc_link_set_events(&h->l, 3, 7, true);
    h_feed(h, req_row10, sizeof req_row10);
    gdw13761_frame f = h_last(h);
    assert_true(f.acd);
    assert_true(f.has_ec);
    assert_int_equal(f.ec1, 3);
    assert_int_equal(f.ec2, 7);
    assert_int_equal(h->sent[0].b[6], 0xA8);
    /* EC sits before CS (no Tp) */
    assert_int_equal(h->sent[0].b[h->sent[0].len - 4], 3);
    assert_int_equal(h->sent[0].b[h->sent[0].len - 3], 7);
    /* events read: no ACD, no EC */
    cc_link_set_events(&h->l, 3, 7, false);
    feed_req(h, 0x0C, 11, false, false, 5, u_f129_p2, 4, NULL);
    f = h_last(h);
    assert_false(f.acd);
    assert_false(f.has_ec);
    /* heartbeats (PRM=1) never carry it */
    cc_link_set_events(&h->l, 4, 7, true);
    h_advance(h, 15 * 60000);
    f = h_last(h);
    assert_int_equal(f.afn, 0x02);
    assert_false(f.acd);
}

static void test_confirm_deny_none(void **state)
{
    harness *h = *state;
    static const uint8_t u_f1_p0_set[4] = {0x00, 0x00, 0x01, 0x00};
    static const uint8_t f1_data[6] = {0x00, 0x00, 0x1E, 0x30, 0x00, 0x05};
    uint8_t req[10];
    memcpy(req, u_f1_p0_set, 4);
    memcpy(req + 4, f1_data, 6);
    h->answer.kind = CC_LINK_ANS_CONFIRM;
    feed_req(h, 0x04, GDW13761_FC_USER_DATA, false, false, 1, req, sizeof req, NULL);
    assert_int_equal(h->nreq, 1);
    assert_int_equal(h->req_afn, 0x04);
    gdw13761_frame f = h_last(h);
    assert_int_equal(f.afn, 0x00);
    assert_int_equal(f.fc, GDW13761_FC_ACK);
    assert_int_equal(h->sent[h->nsent - 1].b[6], 0x80);
    assert_int_equal(f.units_len, 4);
    assert_memory_equal(f.units, ((const uint8_t[]){0, 0, 1, 0}), 4);
    h->answer.kind = CC_LINK_ANS_DENY;
    feed_req(h, 0x04, GDW13761_FC_USER_DATA, false, false, 2, req, sizeof req, NULL);
    f = h_last(h);
    assert_int_equal(h->sent[h->nsent - 1].b[6], 0x89);
    assert_memory_equal(f.units, ((const uint8_t[]){0, 0, 2, 0}), 4);
    /* no answer: nothing sent, and nothing on a repeat either */
    unsigned n = h->nsent;
    h->answer.kind = CC_LINK_ANS_NONE;
    feed_req(h, 0x04, GDW13761_FC_USER_DATA, false, false, 3, req, sizeof req, NULL);
    feed_req(h, 0x04, GDW13761_FC_USER_DATA, false, false, 3, req, sizeof req, NULL);
    assert_int_equal(h->nsent, n);
    assert_int_equal(h->nreq, 3);
    /* an identifier the library rejects still reaches the dispatcher, flagged */
    static const uint8_t bad_id[4] = {0x00, 0x00, 0x01, 0xFF};
    h->answer.kind = CC_LINK_ANS_DENY;
    feed_req(h, 0x0C, 11, false, false, 4, bad_id, 4, NULL);
    assert_int_equal(h->nreq, 4);
    assert_int_equal(h->req_rc, -1);
    assert_int_equal(h->req_nunits, 0);
}

static void test_async_busy(void **state)
{
    harness *h = *state;
    h->answer_sync = false;
    h_feed(h, req_row10, sizeof req_row10);
    assert_int_equal(h->nreq, 1);
    uint32_t id = h->req_id;
    assert_int_equal(h->nsent, 0);
    /* the master repeats while we work: nothing yet */
    h_feed(h, req_row10, sizeof req_row10);
    assert_int_equal(h->nsent, 0);
    assert_int_equal(cc_link_get_stats(&h->l)->repeats, 1);
    /* another request before the answer: dropped (§4.4.3.4: one at a time) */
    feed_req(h, 0x0C, 11, false, false, 7, u_f129_p3, 4, NULL);
    assert_int_equal(h->nreq, 1);
    assert_int_equal(cc_link_get_stats(&h->l)->dropped_busy, 1);
    /* wrong id, right id, again */
    assert_int_equal(cc_link_respond(&h->l, h->now, id + 1, &h->answer), -1);
    assert_int_equal(cc_link_respond(&h->l, h->now, id, &h->answer), 0);
    assert_int_equal(h->nsent, 1);
    assert_int_equal(cc_link_respond(&h->l, h->now, id, &h->answer), -1);
    /* the connection drops while a request is pending: the late answer is refused */
    feed_req(h, 0x0C, 11, false, false, 8, u_f129_p3, 4, NULL);
    id = h->req_id;
    cc_link_on_closed(&h->l, h->now);
    assert_int_equal(cc_link_respond(&h->l, h->now, id, &h->answer), -1);
    assert_int_equal(h->nsent, 1);
    assert_int_equal(cc_link_get_stats(&h->l)->answers_unsent, 3);
}

/* the smallest frame limit still carries a deny with EC and Tp */
static void test_smallest_frame(void **state)
{
    harness *h = *state;
    h->p.max_frame_len = CC_LINK_FRAME_LEN_MIN;
    assert_int_equal(cc_link_params_changed(&h->l, h->now, &h->p), 0);
    cc_link_set_events(&h->l, 1, 2, true);
    gdw13761_tp tp;
    tp_at(&tp, h->now.clock_ms, 9, 5);
    /* a data answer does not fit: denied instead */
    feed_req(h, 0x0C, 11, false, false, 4, u_f2_p0, 4, &tp);
    assert_int_equal(h->nsent, 1);
    assert_int_equal(h->sent[0].len, 28);
    gdw13761_frame f = h_frame(h, 0);
    assert_int_equal(f.afn, 0x00);
    assert_true(f.has_ec && f.tpv);
    assert_int_equal(f.tp.pfc, 9);
}

/* several frames in one chunk, and a frame split over chunks */
static void test_chunking(void **state)
{
    harness *h = *state;
    uint8_t two[sizeof req_row10 * 2 + 3] = {0xFE, 0x00};
    memcpy(two + 2, req_row10, sizeof req_row10);
    memcpy(two + 2 + sizeof req_row10, req_row10, sizeof req_row10);
    two[sizeof two - 1] = 0x55;
    h_feed(h, two, sizeof two);
    assert_int_equal(h->nreq, 1);
    assert_int_equal(h->nsent, 2); /* answer + the repeat's answer */
    for (size_t i = 0; i < sizeof req_row10; i++)
        h_feed(h, req_row10 + i, 1);
    assert_int_equal(h->nsent, 3);
    assert_int_equal(cc_link_get_stats(&h->l)->day.rx_frames, 1 + 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_answer_framing, setup_5801),
        cmocka_unit_test_setup(test_repeat_pseq_and_fcb, setup_5801),
        cmocka_unit_test_setup(test_tp_stale_and_echo, setup_5801),
        cmocka_unit_test_setup(test_address_checks, setup_5801),
        cmocka_unit_test_setup(test_multi_frame_answer, setup_5801),
        cmocka_unit_test_setup(test_acd_ec, setup_5801),
        cmocka_unit_test_setup(test_confirm_deny_none, setup_5801),
        cmocka_unit_test_setup(test_async_busy, setup_5801),
        cmocka_unit_test_setup(test_smallest_frame, setup_5801),
        cmocka_unit_test_setup(test_chunking, setup_5801),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
