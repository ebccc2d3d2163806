/* The responder shared by the uplink and local cores (cc/link_resp.h),
 * driven directly: what becomes of each kind of frame (bad, not ours,
 * answer, stale, fresh), request / repeat / busy, the framed answer with the
 * FE preamble and ACD/EC, its resend, unsent answers and the terminal-clock
 * calendar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cc/link_resp.h"

/* notes §1.10 row 10: AFN0C F129 p2 request, C=7B (FCB=1 FCV=1 FC11), SEQ 60,
 * to A1 5801 A2 2811H, MSA 1 */
static const uint8_t req_row10[] = {0x68, 0x32, 0x00, 0x32, 0x00, 0x68, 0x7B, 0x01, 0x58, 0x11,
                                    0x28, 0x02, 0x0C, 0x60, 0x02, 0x01, 0x01, 0x10, 0x8F, 0x16};
static const uint8_t u_f129_p2[4] = {0x02, 0x01, 0x01, 0x10};
static const uint8_t u_f129_p3[4] = {0x04, 0x01, 0x01, 0x10};

/* 2024-01-01 12:00:00 */
static const cc_link_now NOW = {.ms = 1000, .clock_ms = 1704110400000};

typedef struct rig {
    cc_link_resp r;
    unsigned nsent;
    size_t len[8];
    uint8_t sent[8][256];
    cc_link_now sent_now;
} rig;

static rig R;

static void rig_send(void *ctx, cc_link_now now, const uint8_t *p, size_t n)
{
    rig *g = ctx;
    assert_true(g->nsent < 8 && n <= sizeof g->sent[0]);
    memcpy(g->sent[g->nsent], p, n);
    g->len[g->nsent++] = n;
    g->sent_now = now;
}

static int setup(void **state)
{
    (void)state;
    static const uint16_t groups[CC_LINK_GROUPS] = {0x0100, 0, 0, 0x0203};
    memset(&R, 0, sizeof R);
    cc_link_resp_init(&R.r, rig_send, &R);
    cc_link_resp_set_addr(&R.r, "5801", 0x2811, groups, GDW13761_FRAME_MAX, 4);
    return 0;
}

/* A master frame for 5801/2811H (DIR 0, PRM 1, FC 11, MSA 1) with units. */
static gdw13761_frame master(uint8_t afn, uint8_t seq, const uint8_t *units, size_t n)
{
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    f.prm = true;
    f.fc = GDW13761_FC_REQ_CLASS2;
    memcpy(f.a1, "5801", 5);
    f.a2 = 0x2811;
    f.msa = 1;
    f.afn = afn;
    f.fir = f.fin = true;
    f.seq = seq;
    f.units = units;
    f.units_len = n;
    return f;
}

/* Encodes f and feeds it; returns the one event it gives. */
static cc_link_resp_event feed(const gdw13761_frame *f)
{
    uint8_t buf[256];
    size_t w = 0;
    gdw13761_err err;
    if (gdw13761_frame_encode(f, buf, sizeof buf, &w, &err) != 0)
        fail_msg("encode: %s", err.msg);
    const uint8_t *p = buf;
    size_t n = w;
    cc_link_resp_event ev = cc_link_resp_next(&R.r, NOW, &p, &n);
    assert_int_equal(n, 0);
    assert_int_equal(cc_link_resp_next(&R.r, NOW, &p, &n), CC_LINK_RESP_NONE);
    return ev;
}

static void feed_row10(cc_link_resp_event want)
{
    const uint8_t *p = req_row10;
    size_t n = 10;
    assert_int_equal(cc_link_resp_next(&R.r, NOW, &p, &n), CC_LINK_RESP_NONE);
    assert_int_equal(n, 0);
    n = sizeof req_row10 - 10;
    assert_int_equal(cc_link_resp_next(&R.r, NOW, &p, &n), want);
    assert_int_equal(n, 0);
}

static void test_frame_kinds(void **state)
{
    (void)state;
    uint8_t bad[sizeof req_row10];
    memcpy(bad, req_row10, sizeof bad);
    bad[9] = bad[10] = 0; /* A2 = 0: the framer passes it, the decoder does not */
    bad[18] = 0;
    for (size_t i = 6; i < 18; i++)
        bad[18] = (uint8_t)(bad[18] + bad[i]);
    const uint8_t *p = bad;
    size_t n = sizeof bad;
    assert_int_equal(cc_link_resp_next(&R.r, NOW, &p, &n), CC_LINK_RESP_BAD);

    gdw13761_frame f = master(0x0C, 1, u_f129_p2, 4);
    f.a2 = 0x2812;
    assert_int_equal(feed(&f), CC_LINK_RESP_NOT_OURS);
    f = master(0x0C, 1, u_f129_p2, 4);
    memcpy(f.a1, "5802", 5);
    assert_int_equal(feed(&f), CC_LINK_RESP_NOT_OURS);
    f = master(0x0C, 1, u_f129_p2, 4);
    f.group = true;
    f.a2 = 0x0200; /* not one of ours */
    assert_int_equal(feed(&f), CC_LINK_RESP_NOT_OURS);
    f = master(0x0C, 1, u_f129_p2, 4);
    f.dir = true;
    f.fc = GDW13761_FC_RSP_DATA;
    assert_int_equal(feed(&f), CC_LINK_RESP_NOT_OURS);

    static const uint8_t f1[4] = {0, 0, 1, 0};
    f = master(0x00, 5, f1, 4); /* AFN00 with PRM 1: still an answer */
    assert_int_equal(feed(&f), CC_LINK_RESP_ANSWER);
    assert_int_equal(cc_link_resp_frame(&R.r)->afn, 0x00);
    assert_int_equal(cc_link_resp_frame(&R.r)->seq, 5);
    f = master(0x0C, 6, u_f129_p2, 4);
    f.prm = false;
    f.fc = GDW13761_FC_RSP_DATA;
    assert_int_equal(feed(&f), CC_LINK_RESP_ANSWER);

    f = master(0x0C, 1, u_f129_p2, 4);
    f.tpv = true;
    f.tp = (gdw13761_tp){.pfc = 1, .sec = 0, .min = 50, .hour = 11, .day = 1, .delay_min = 1};
    assert_int_equal(feed(&f), CC_LINK_RESP_STALE);
    f.tp.min = 0;
    f.tp.hour = 12;
    assert_int_equal(feed(&f), CC_LINK_RESP_FRESH);

    /* group (listed) and broadcast with any A1 are for us */
    f = master(0x0C, 2, u_f129_p2, 4);
    f.group = true;
    f.a2 = 0x0203;
    assert_int_equal(feed(&f), CC_LINK_RESP_FRESH);
    f.a2 = 0xFFFF;
    memcpy(f.a1, "9999", 5);
    assert_int_equal(feed(&f), CC_LINK_RESP_FRESH);
    assert_int_equal(R.nsent, 0);
}

static void test_request_answer_repeat(void **state)
{
    (void)state;
    cc_link_request rq;
    feed_row10(CC_LINK_RESP_FRESH);
    assert_int_equal(cc_link_resp_take(&R.r, &rq), CC_LINK_RESP_REQUEST);
    assert_int_equal(rq.id, 1);
    assert_false(rq.no_answer);
    assert_int_equal(rq.decode_rc, 0);
    assert_int_equal(rq.msg->frame.afn, 0x0C);
    assert_int_equal(rq.msg->nunits, 1);
    assert_int_equal(rq.msg->units[0].pn, 2);
    assert_int_equal(rq.msg->units[0].fn, 129);
    assert_memory_equal(rq.msg->frame.units, u_f129_p2, 4);

    /* the same bytes again while the dispatcher has it: a repeat, nothing sent */
    feed_row10(CC_LINK_RESP_FRESH);
    assert_int_equal(cc_link_resp_take(&R.r, &rq), CC_LINK_RESP_REPEAT);
    cc_link_resp_resend(&R.r, NOW);
    assert_int_equal(R.nsent, 0);

    cc_link_resp_set_events(&R.r, 3, 1, true);
    uint32_t unsent = 0;
    assert_int_equal(
        cc_link_resp_answer(&R.r, NOW, 1, &(cc_link_answer){.kind = CC_LINK_ANS_CONFIRM}, &unsent),
        0);
    assert_int_equal(unsent, 0);
    assert_int_equal(R.nsent, 1);
    assert_int_equal(R.sent_now.clock_ms, NOW.clock_ms);
    /* FE FE FE FE, 68 L L 68, C = A0 (DIR 1 PRM 0 ACD 1 FC 0), 5801 2811H A3 = 02
     * (MSA 1), AFN 00, SEQ 60 (RSEQ = PSEQ 0), AFN00 F1, EC 03 01, CS, 16 */
    static const uint8_t want[] = {0xFE, 0xFE, 0xFE, 0xFE, 0x68, 0x3A, 0x00, 0x3A, 0x00,
                                   0x68, 0xA0, 0x01, 0x58, 0x11, 0x28, 0x02, 0x00, 0x60,
                                   0x00, 0x00, 0x01, 0x00, 0x03, 0x01, 0x00, 0x16};
    uint8_t cs = 0;
    for (size_t i = 10; i < sizeof want - 2; i++)
        cs = (uint8_t)(cs + want[i]);
    assert_int_equal(R.len[0], sizeof want);
    assert_memory_equal(R.sent[0], want, sizeof want - 2);
    assert_int_equal(R.sent[0][sizeof want - 2], cs);
    assert_int_equal(R.sent[0][sizeof want - 1], 0x16);

    /* a repeat now gets the stored answer, byte for byte */
    feed_row10(CC_LINK_RESP_FRESH);
    assert_int_equal(cc_link_resp_take(&R.r, &rq), CC_LINK_RESP_REPEAT);
    cc_link_resp_resend(&R.r, NOW);
    assert_int_equal(R.nsent, 2);
    assert_int_equal(R.len[1], R.len[0]);
    assert_memory_equal(R.sent[1], R.sent[0], R.len[0]);

    /* FCB toggled: a new request */
    gdw13761_frame f = master(0x0C, 0, u_f129_p2, 4);
    f.fcv = true;
    f.fcb = false;
    assert_int_equal(feed(&f), CC_LINK_RESP_FRESH);
    assert_int_equal(cc_link_resp_take(&R.r, &rq), CC_LINK_RESP_REQUEST);
    assert_int_equal(rq.id, 2);

    /* another request while that one is pending: busy */
    f = master(0x0C, 1, u_f129_p3, 4);
    assert_int_equal(feed(&f), CC_LINK_RESP_FRESH);
    assert_int_equal(cc_link_resp_take(&R.r, &rq), CC_LINK_RESP_BUSY);

    /* the old id is too late; NONE for the pending one sends and stores nothing */
    assert_int_equal(
        cc_link_resp_answer(&R.r, NOW, 1, &(cc_link_answer){.kind = CC_LINK_ANS_CONFIRM}, &unsent),
        -1);
    assert_int_equal(unsent, 1);
    assert_int_equal(
        cc_link_resp_answer(&R.r, NOW, 2, &(cc_link_answer){.kind = CC_LINK_ANS_NONE}, &unsent), 0);
    assert_int_equal(unsent, 1);
    f = master(0x0C, 0, u_f129_p2, 4);
    f.fcv = true;
    assert_int_equal(feed(&f), CC_LINK_RESP_FRESH);
    assert_int_equal(cc_link_resp_take(&R.r, &rq), CC_LINK_RESP_REPEAT);
    cc_link_resp_resend(&R.r, NOW);
    assert_int_equal(R.nsent, 2);

    /* after a reset the same request is new again */
    cc_link_resp_reset(&R.r);
    assert_int_equal(feed(&f), CC_LINK_RESP_FRESH);
    assert_int_equal(cc_link_resp_take(&R.r, &rq), CC_LINK_RESP_REQUEST);
    assert_int_equal(rq.id, 3);
}

static void test_group_not_answered(void **state)
{
    (void)state;
    cc_link_request rq;
    gdw13761_frame f = master(0x0C, 2, u_f129_p2, 4);
    f.group = true;
    f.a2 = 0x0100;
    assert_int_equal(feed(&f), CC_LINK_RESP_FRESH);
    assert_int_equal(cc_link_resp_take(&R.r, &rq), CC_LINK_RESP_REQUEST);
    assert_true(rq.no_answer);
    uint32_t unsent = 0;
    assert_int_equal(cc_link_resp_answer(&R.r, NOW, rq.id,
                                         &(cc_link_answer){.kind = CC_LINK_ANS_CONFIRM}, &unsent),
                     0);
    assert_int_equal(unsent, 1);
    assert_int_equal(R.nsent, 0);
    assert_int_equal(cc_link_resp_answer(&R.r, NOW, rq.id, NULL, &unsent), -1);
    assert_int_equal(unsent, 2);
}

/* A unit larger than the frame: an AFN00 F2 deny goes out instead, -1. */
static void test_unframeable_denied(void **state)
{
    (void)state;
    static const uint16_t none[CC_LINK_GROUPS];
    cc_link_resp_set_addr(&R.r, "5801", 0x2811, none, 40, 0);
    cc_link_request rq;
    feed_row10(CC_LINK_RESP_FRESH);
    assert_int_equal(cc_link_resp_take(&R.r, &rq), CC_LINK_RESP_REQUEST);
    static uint8_t big[4 + 60] = {0x02, 0x01, 0x01, 0x10};
    gdw13761_span sp = {big, sizeof big};
    uint32_t unsent = 0;
    assert_int_equal(
        cc_link_resp_answer(
            &R.r, NOW, rq.id,
            &(cc_link_answer){.kind = CC_LINK_ANS_DATA, .afn = 0x0C, .units = &sp, .n = 1},
            &unsent),
        -1);
    assert_int_equal(unsent, 0);
    assert_int_equal(R.nsent, 1);
    gdw13761_frame a;
    size_t fl = 0;
    assert_int_equal(gdw13761_frame_decode(R.sent[0], R.len[0], &a, &fl, NULL), 0);
    assert_int_equal(fl, R.len[0]); /* no preamble */
    assert_int_equal(a.afn, 0x00);
    assert_int_equal(a.fc, GDW13761_FC_RSP_NODATA);
    assert_memory_equal(a.units, ((const uint8_t[]){0, 0, 2, 0}), 4);
}

static void test_calendar(void **state)
{
    (void)state;
    mdc_tm t;
    cc_link_now_calendar(NOW, &t);
    assert_int_equal(t.year, 2024);
    assert_int_equal(t.mon, 1);
    assert_int_equal(t.day, 1);
    assert_int_equal(t.hour, 12);
    cc_link_now_calendar((cc_link_now){.clock_ms = -1}, &t);
    assert_int_equal(t.year, 1969);
    assert_int_equal(t.mon, 12);
    assert_int_equal(t.day, 31);
    assert_int_equal(t.hour, 23);
    assert_int_equal(t.min, 59);
    assert_int_equal(t.sec, 59);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_frame_kinds, setup),
        cmocka_unit_test_setup(test_request_answer_repeat, setup),
        cmocka_unit_test_setup(test_group_not_answered, setup),
        cmocka_unit_test_setup(test_unframeable_denied, setup),
        cmocka_unit_test_setup(test_calendar, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
