/* cc_link_local: the local-port link core. Request frames are built with the
 * frame codec, fed in pieces, and the bytes the core writes are decoded and
 * checked field by field (dir, RSEQ = PSEQ, Tp echoed, FE preamble...). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cc/link_local.h"
#include "mdc/mtime.h"

/* 2026-11-21 10:20:30 as the terminal clock */
#define CLOCK_MS (1795263630000LL)

typedef struct rig {
    cc_link_local l;
    uint8_t out[65536];
    size_t out_len;
    unsigned sends;
    cc_link_request last;
    unsigned requests;
    uint8_t last_afn;
    size_t last_nunits;
} rig;

static rig R;

static void op_send(void *ctx, const uint8_t *p, size_t n)
{
    rig *r = ctx;
    assert_true(r->out_len + n <= sizeof r->out);
    memcpy(r->out + r->out_len, p, n);
    r->out_len += n;
    r->sends++;
}

static void op_request(void *ctx, const cc_link_request *rq)
{
    rig *r = ctx;
    r->last = *rq;
    r->requests++;
    r->last_afn = rq->msg->frame.afn;
    r->last_nunits = rq->msg->nunits;
}

static const cc_link_local_ops ops = {.send = op_send, .request = op_request};

static cc_link_local_params params(bool preamble)
{
    cc_link_local_params p;
    memset(&p, 0, sizeof p);
    memcpy(p.a1, "3501", 5);
    p.a2 = 1;
    p.groups[0] = 0x10;
    p.max_frame_len = GDW13761_FRAME_MAX;
    p.preamble = preamble;
    return p;
}

static cc_link_now now(void)
{
    return (cc_link_now){.ms = 1000, .clock_ms = CLOCK_MS};
}

static void setup_rig(bool preamble)
{
    memset(&R, 0, sizeof R);
    cc_link_local_params p = params(preamble);
    assert_int_equal(cc_link_local_init(&R.l, &ops, &R, &p), 0);
}

/* A downlink request: AFN0C p0 F2 (units 00 00 02 00) unless units given. */
static size_t request(uint8_t *out, uint8_t seq, bool fcv, bool fcb, const char *a1, uint16_t a2,
                      bool group, int tp_age_min)
{
    static const uint8_t units[] = {0x00, 0x00, 0x02, 0x00};
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    f.prm = true;
    f.fcv = fcv;
    f.fcb = fcb;
    f.fc = GDW13761_FC_REQ_CLASS2;
    memcpy(f.a1, a1, 5);
    f.a2 = a2;
    f.group = group;
    f.msa = 2;
    f.afn = 0x0C;
    f.fir = f.fin = true;
    f.seq = seq;
    f.units = units;
    f.units_len = sizeof units;
    if (tp_age_min >= 0) {
        mdc_tm t;
        mdc_tm_from_epoch(CLOCK_MS / 1000 - tp_age_min * 60, &t);
        f.tpv = true;
        gdw13761_tp_from_tm(&f.tp, 0x33, &t, 5);
    }
    size_t w = 0;
    assert_int_equal(gdw13761_frame_encode(&f, out, 512, &w, NULL), 0);
    return w;
}

static const uint8_t clock_unit[] = {0x00, 0x00, 0x02, 0x00, 0x30, 0x20, 0x10, 0x21, 0xB1, 0x26};

static void answer_clock(void)
{
    gdw13761_span sp = {clock_unit, sizeof clock_unit};
    cc_link_answer a = {.kind = CC_LINK_ANS_DATA, .afn = 0x0C, .units = &sp, .n = 1};
    assert_int_equal(cc_link_local_respond(&R.l, now(), R.last.id, &a), 0);
}

static void test_request_answer_rseq_tp(void **state)
{
    (void)state;
    setup_rig(false);
    uint8_t fr[512];
    size_t n = request(fr, 7, true, true, "3501", 1, false, 1);
    /* byte by byte, with junk first */
    uint8_t junk[3] = {0x00, 0x68, 0x99};
    cc_link_local_on_bytes(&R.l, now(), junk, sizeof junk);
    for (size_t i = 0; i < n; i++)
        cc_link_local_on_bytes(&R.l, now(), fr + i, 1);
    assert_int_equal(R.requests, 1);
    assert_int_equal(R.last_afn, 0x0C);
    assert_int_equal(R.last.decode_rc, 0);
    assert_false(R.last.no_answer);
    assert_int_equal(R.last_nunits, 1);
    answer_clock();
    gdw13761_frame a;
    size_t al = 0;
    assert_int_equal(gdw13761_frame_decode(R.out, R.out_len, &a, &al, NULL), 0);
    assert_int_equal(al, R.out_len);
    assert_true(a.dir);
    assert_false(a.prm);
    assert_int_equal(a.fc, GDW13761_FC_RSP_DATA);
    assert_string_equal(a.a1, "3501");
    assert_int_equal(a.a2, 1);
    assert_int_equal(a.msa, 2);
    assert_int_equal(a.afn, 0x0C);
    assert_int_equal(a.seq, 7); /* RSEQ = PSEQ */
    assert_true(a.fir && a.fin);
    assert_true(a.tpv);
    assert_int_equal(a.tp.pfc, 0x33);
    assert_int_equal(a.tp.delay_min, 5);
    assert_memory_equal(a.units, clock_unit, sizeof clock_unit);
    const cc_link_local_stats *s = cc_link_local_get_stats(&R.l);
    assert_int_equal(s->requests, 1);
    assert_int_equal(s->tx_frames, 1);
    assert_int_equal(s->rx_bytes, n + 3);
}

static void test_infrared_preamble(void **state)
{
    (void)state;
    setup_rig(true);
    uint8_t fr[512];
    uint8_t in[520] = {0xFE, 0xFE, 0xFE, 0xFE};
    size_t n = request(fr, 1, false, false, "3501", 1, false, -1);
    memcpy(in + 4, fr, n);
    cc_link_local_on_bytes(&R.l, now(), in, n + 4);
    assert_int_equal(R.requests, 1);
    answer_clock();
    assert_memory_equal(R.out, ((uint8_t[]){0xFE, 0xFE, 0xFE, 0xFE, 0x68}), 5);
    gdw13761_frame a;
    assert_int_equal(gdw13761_frame_decode(R.out + 4, R.out_len - 4, &a, NULL, NULL), 0);
    assert_int_equal(a.seq, 1);
    /* the repeat carries the preamble too */
    size_t first = R.out_len;
    cc_link_local_on_bytes(&R.l, now(), in, n + 4);
    assert_int_equal(R.requests, 1);
    assert_int_equal(R.out_len, 2 * first);
    assert_memory_equal(R.out + first, R.out, first);
}

static void test_repeat_fcb_and_pseq(void **state)
{
    (void)state;
    setup_rig(false);
    uint8_t fr[512];
    size_t n = request(fr, 3, true, true, "3501", 1, false, -1);
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    answer_clock();
    size_t first = R.out_len;
    /* same FCB: the stored answer again, no new request */
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    assert_int_equal(R.requests, 1);
    assert_int_equal(R.out_len, 2 * first);
    assert_int_equal(cc_link_local_get_stats(&R.l)->repeats, 1);
    /* FCB toggled: a new request */
    n = request(fr, 4, true, false, "3501", 1, false, -1);
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    assert_int_equal(R.requests, 2);
    answer_clock();
    /* without FCV: same PSEQ = repeat, another PSEQ = new */
    n = request(fr, 9, false, false, "3501", 1, false, -1);
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    assert_int_equal(R.requests, 3);
    answer_clock();
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    assert_int_equal(R.requests, 3);
    assert_int_equal(cc_link_local_get_stats(&R.l)->repeats, 2);
}

static void test_drops(void **state)
{
    (void)state;
    setup_rig(false);
    uint8_t fr[512];
    size_t n = request(fr, 1, false, false, "3502", 1, false, -1); /* other A1 */
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    n = request(fr, 1, false, false, "3501", 2, false, -1); /* other A2 */
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    n = request(fr, 1, false, false, "3501", 0x11, true, -1); /* a group we are not in */
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    assert_int_equal(cc_link_local_get_stats(&R.l)->dropped_addr, 3);
    n = request(fr, 1, false, false, "3501", 1, false, 6); /* sent 6 min ago, 5 allowed */
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    assert_int_equal(cc_link_local_get_stats(&R.l)->dropped_stale, 1);
    fr[n - 2] ^= 1; /* bad CS: the framer drops it */
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    assert_int_equal(R.requests, 0);
    assert_int_equal(R.out_len, 0);
    /* a busy core: the second request while the first is unanswered */
    n = request(fr, 1, false, false, "3501", 1, false, -1);
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    n = request(fr, 2, false, false, "3501", 1, false, -1);
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    assert_int_equal(R.requests, 1);
    assert_int_equal(cc_link_local_get_stats(&R.l)->dropped_busy, 1);
    /* a late or wrong id is refused */
    cc_link_answer a = {.kind = CC_LINK_ANS_CONFIRM};
    assert_int_equal(cc_link_local_respond(&R.l, now(), R.last.id + 1, &a), -1);
}

static void test_group_no_answer_and_broadcast(void **state)
{
    (void)state;
    setup_rig(false);
    uint8_t fr[512];
    size_t n = request(fr, 1, false, false, "3501", 0x10, true, -1);
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    assert_int_equal(R.requests, 1);
    assert_true(R.last.no_answer);
    answer_clock();
    assert_int_equal(R.out_len, 0);
    assert_int_equal(cc_link_local_get_stats(&R.l)->answers_unsent, 1);
    n = request(fr, 2, false, false, "9999", 0xFFFF, true, -1); /* system broadcast */
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    assert_int_equal(R.requests, 2);
}

static void test_confirm_deny_and_split(void **state)
{
    (void)state;
    setup_rig(false);
    uint8_t fr[512];
    size_t n = request(fr, 5, false, false, "3501", 1, false, -1);
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    cc_link_answer a = {.kind = CC_LINK_ANS_DENY};
    assert_int_equal(cc_link_local_respond(&R.l, now(), R.last.id, &a), 0);
    gdw13761_frame f;
    assert_int_equal(gdw13761_frame_decode(R.out, R.out_len, &f, NULL, NULL), 0);
    assert_int_equal(f.afn, 0x00);
    assert_int_equal(f.fc, GDW13761_FC_RSP_NODATA);
    assert_memory_equal(f.units, ((uint8_t[]){0, 0, 2, 0}), 4);
    /* small frames: three units in three frames, RSEQ 6, 7, 8 */
    cc_link_local_params p = params(false);
    p.max_frame_len = 30;
    assert_int_equal(cc_link_local_params_changed(&R.l, &p), 0);
    R.out_len = 0;
    n = request(fr, 6, false, false, "3501", 1, false, -1);
    cc_link_local_on_bytes(&R.l, now(), fr, n);
    gdw13761_span sp[3] = {{clock_unit, sizeof clock_unit},
                           {clock_unit, sizeof clock_unit},
                           {clock_unit, sizeof clock_unit}};
    a = (cc_link_answer){.kind = CC_LINK_ANS_DATA, .afn = 0x0C, .units = sp, .n = 3};
    assert_int_equal(cc_link_local_respond(&R.l, now(), R.last.id, &a), 0);
    size_t off = 0;
    for (uint8_t k = 0; k < 3; k++) {
        size_t fl = 0;
        assert_int_equal(gdw13761_frame_decode(R.out + off, R.out_len - off, &f, &fl, NULL), 0);
        assert_int_equal(f.seq, 6 + k);
        assert_int_equal(f.fir, k == 0);
        assert_int_equal(f.fin, k == 2);
        off += fl;
    }
    assert_int_equal(off, R.out_len);
}

static void test_bad_params(void **state)
{
    (void)state;
    cc_link_local_params p = params(false);
    cc_link_local l;
    memcpy(p.a1, "35G1", 5);
    assert_int_equal(cc_link_local_init(&l, &ops, NULL, &p), -1);
    p = params(false);
    p.a2 = 0;
    assert_int_equal(cc_link_local_init(&l, &ops, NULL, &p), -1);
    p = params(false);
    p.max_frame_len = 20;
    assert_int_equal(cc_link_local_init(&l, &ops, NULL, &p), -1);
    p = params(false);
    cc_link_local_ops none = {.send = op_send};
    assert_int_equal(cc_link_local_init(&l, &none, NULL, &p), -1);
    assert_int_equal(cc_link_local_init(&l, &ops, NULL, &p), 0);
    p.a2 = 0;
    assert_int_equal(cc_link_local_params_changed(&l, &p), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_answer_rseq_tp),
        cmocka_unit_test(test_infrared_preamble),
        cmocka_unit_test(test_repeat_fcb_and_pseq),
        cmocka_unit_test(test_drops),
        cmocka_unit_test(test_group_no_answer_and_broadcast),
        cmocka_unit_test(test_confirm_deny_and_split),
        cmocka_unit_test(test_bad_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
