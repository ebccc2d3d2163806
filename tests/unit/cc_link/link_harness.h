/* Test harness for the link core: a fake shell with a synthetic clock that
 * records every operation, and a fake master that builds downlink frames
 * with the library's encoder. Uplink bytes are checked with
 * gdw13761_frame_decode. Included by each test_*.c (static functions). */
#ifndef CC_LINK_HARNESS_H
#define CC_LINK_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cc/link.h"
#include "gdw13761/frame.h"
#include "mdc/bcd.h"
#include "mdc/mtime.h"

#define H_SENT_MAX  256
#define H_FRAME_MAX 4096
#define H_DONE_MAX  64

typedef struct h_sent {
    int64_t at_ms;
    size_t len;
    uint8_t b[H_FRAME_MAX];
} h_sent;

typedef struct harness {
    cc_link l;
    cc_link_params p;
    cc_link_now now;
    /* operations seen */
    unsigned connects, closes;
    unsigned which[64];
    unsigned nsent;
    h_sent sent[H_SENT_MAX];
    unsigned nreq;
    uint32_t req_id;
    bool req_no_answer;
    uint8_t req_afn;
    size_t req_nunits;
    uint16_t req_pn, req_fn;
    int req_rc;
    /* how the fake dispatcher answers: synchronously with `answer`, or not */
    bool answer_sync;
    cc_link_answer answer;
    /* report_done calls */
    unsigned ndone;
    uint32_t done_id[H_DONE_MAX];
    bool done_acked[H_DONE_MAX];
    /* random source: returns rand_vals[i] in turn (the last one repeats) */
    uint32_t rand_vals[8];
    unsigned nrand, rand_pos;
    cc_link_state states[64];
    unsigned nstates;
} harness;

static harness H; /* the core's struct is large: static storage */

static inline void h_connect(void *ctx, unsigned which, const cc_link_addr *addr)
{
    harness *h = ctx;
    (void)addr;
    if (h->connects < 64)
        h->which[h->connects] = which;
    h->connects++;
}

static inline void h_close(void *ctx)
{
    ((harness *)ctx)->closes++;
}

static inline void h_send(void *ctx, const uint8_t *p, size_t n)
{
    harness *h = ctx;
    assert_true(n <= H_FRAME_MAX);
    assert_true(h->nsent < H_SENT_MAX);
    h_sent *s = &h->sent[h->nsent++];
    s->at_ms = h->now.ms;
    s->len = n;
    memcpy(s->b, p, n);
}

static inline void h_request(void *ctx, const cc_link_request *rq)
{
    harness *h = ctx;
    h->nreq++;
    h->req_id = rq->id;
    h->req_no_answer = rq->no_answer;
    h->req_afn = rq->msg->frame.afn;
    h->req_nunits = rq->msg->nunits;
    h->req_rc = rq->decode_rc;
    h->req_pn = rq->msg->nunits ? rq->msg->units[0].pn : 0xFFFF;
    h->req_fn = rq->msg->nunits ? rq->msg->units[0].fn : 0;
    if (h->answer_sync)
        (void)cc_link_respond(&h->l, h->now, rq->id, &h->answer);
}

static inline void h_done(void *ctx, uint32_t id, bool acked)
{
    harness *h = ctx;
    if (h->ndone < H_DONE_MAX) {
        h->done_id[h->ndone] = id;
        h->done_acked[h->ndone] = acked;
    }
    h->ndone++;
}

static inline void h_state(void *ctx, cc_link_state st)
{
    harness *h = ctx;
    if (h->nstates < 64)
        h->states[h->nstates++] = st;
}

static inline uint32_t h_rand(void *ctx)
{
    harness *h = ctx;
    if (h->nrand == 0)
        return 0;
    uint32_t v = h->rand_vals[h->rand_pos < h->nrand ? h->rand_pos : h->nrand - 1];
    h->rand_pos++;
    return v;
}

static const cc_link_ops h_ops = {
    .connect = h_connect,
    .close = h_close,
    .send = h_send,
    .request = h_request,
    .report_done = h_done,
    .state = h_state,
    .rand = h_rand,
};

/* Terminal clock at the start: 2026-11-21 10:00:00; monotonic 1 000 000 ms. */
static inline int64_t h_clock(int y, int mo, int d, int hh, int mi, int ss)
{
    mdc_tm t = {.year = (uint16_t)y,
                .mon = (uint8_t)mo,
                .day = (uint8_t)d,
                .hour = (uint8_t)hh,
                .min = (uint8_t)mi,
                .sec = (uint8_t)ss,
                .fields = MDC_TM_FULL};
    return mdc_tm_to_epoch(&t) * 1000;
}

/* Own address 2449 / 5845H (the live terminal of the notes' §1.10), main
 * 10.0.0.1:7000, backup 10.0.0.2:7001, timeout 10 s, 2 retries, 15 min. */
static inline void h_setup_params(harness *h)
{
    cc_link_params_default(&h->p);
    memcpy(h->p.a1, "2449", 5);
    h->p.a2 = 0x5845;
    const uint8_t f3[12] = {10, 0, 0, 1, 0x58, 0x1B, 10, 0, 0, 2, 0x59, 0x1B};
    cc_link_params_apply_f3(&h->p, f3);
    h->p.timeout_s = 10;
    h->p.retries = 2;
    h->p.heartbeat_min = 15;
    h->p.redial_s = 20;
}

static inline int h_init(void **state)
{
    harness *h = &H;
    memset(h, 0, sizeof *h);
    h_setup_params(h);
    h->now.ms = 1000000;
    h->now.clock_ms = h_clock(2026, 11, 21, 10, 0, 0);
    h->answer_sync = true;
    h->answer.kind = CC_LINK_ANS_CONFIRM;
    assert_int_equal(cc_link_init(&h->l, &h_ops, h, &h->p), 0);
    *state = h;
    return 0;
}

/* Moves both clocks to now + ms, ticking the core at every deadline on the way. */
static inline void h_advance(harness *h, int64_t ms)
{
    int64_t target = h->now.ms + ms;
    unsigned guard = 0;
    for (;;) {
        int64_t d = cc_link_next_deadline(&h->l);
        if (d > target)
            break;
        if (d > h->now.ms) {
            h->now.clock_ms += d - h->now.ms;
            h->now.ms = d;
        }
        cc_link_tick(&h->l, h->now);
        if (++guard > 100000)
            fail_msg("the deadline does not move (%lld)", (long long)d);
    }
    h->now.clock_ms += target - h->now.ms;
    h->now.ms = target;
}

/* Decodes sent frame i (must be exactly one frame). */
static inline gdw13761_frame h_frame(harness *h, unsigned i)
{
    gdw13761_frame f;
    gdw13761_err err;
    size_t fl = 0;
    assert_true(i < h->nsent);
    if (gdw13761_frame_decode(h->sent[i].b, h->sent[i].len, &f, &fl, &err) != 0)
        fail_msg("sent frame %u does not decode: %s", i, err.msg);
    assert_int_equal(fl, h->sent[i].len);
    return f;
}

static inline gdw13761_frame h_last(harness *h)
{
    assert_true(h->nsent > 0);
    return h_frame(h, h->nsent - 1);
}

/* Feeds a downlink frame built from f (with units) to the core. */
static inline void h_feed_frame(harness *h, const gdw13761_frame *f)
{
    uint8_t buf[H_FRAME_MAX];
    size_t w = 0;
    gdw13761_err err;
    if (gdw13761_frame_encode(f, buf, sizeof buf, &w, &err) != 0)
        fail_msg("master frame: %s", err.msg);
    cc_link_on_bytes(&h->l, h->now, buf, w);
}

static inline void h_feed(harness *h, const uint8_t *p, size_t n)
{
    cc_link_on_bytes(&h->l, h->now, p, n);
}

/* A master frame template for our address: DIR=0, MSA 1. */
static inline gdw13761_frame h_master(const harness *h, uint8_t afn, bool prm, uint8_t fc,
                                      uint8_t seq)
{
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    f.prm = prm;
    f.fc = fc;
    memcpy(f.a1, h->p.a1, 5);
    f.a2 = h->p.a2;
    f.msa = 1;
    f.afn = afn;
    f.fir = f.fin = true;
    f.seq = seq;
    return f;
}

/* The master confirms our frame `seq` with AFN00 F1 (C = 0B as live masters). */
static inline void h_ack_f1(harness *h, uint8_t seq)
{
    static const uint8_t f1[4] = {0, 0, 1, 0};
    gdw13761_frame f = h_master(h, 0x00, false, GDW13761_FC_RSP_STATUS, seq);
    f.units = f1;
    f.units_len = 4;
    h_feed_frame(h, &f);
}

/* ... with AFN00 F3: AFN + {DADT + ERR}. */
static inline void h_ack_f3(harness *h, uint8_t seq, uint8_t afn, uint8_t fn_bit, uint8_t errc)
{
    uint8_t u[10] = {0, 0, 4, 0, afn, 0, 0, fn_bit, 0, errc};
    gdw13761_frame f = h_master(h, 0x00, false, GDW13761_FC_RSP_STATUS, seq);
    f.units = u;
    f.units_len = sizeof u;
    h_feed_frame(h, &f);
}

/* start -> connected -> login (rand 0: no delay) -> acked: online. */
static inline void h_online(harness *h)
{
    cc_link_start(&h->l, h->now);
    cc_link_on_connected(&h->l, h->now);
    h_advance(h, 0);
    gdw13761_frame f = h_last(h);
    assert_int_equal(f.afn, 0x02);
    h_ack_f1(h, f.seq);
    assert_int_equal(cc_link_get_state(&h->l), CC_LINK_ONLINE);
}

#endif
