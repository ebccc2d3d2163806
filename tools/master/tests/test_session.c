/* Session core against the notes' real frames (§1.10) with a synthetic clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gdw13761/frame.h"
#include "mdc/hex.h"
#include "session.h"

static size_t hex(const char *s, uint8_t *out, size_t cap)
{
    long n = mdc_hex_parse(s, out, cap, NULL);
    assert_true(n > 0);
    return (size_t)n;
}

static void decode(const uint8_t *p, size_t n, gdw13761_frame *f)
{
    assert_int_equal(gdw13761_frame_decode(p, n, f, NULL, NULL), 0);
}

static void assert_bytes(const uint8_t *p, size_t n, const char *want)
{
    uint8_t w[512];
    size_t wn = hex(want, w, sizeof w);
    assert_int_equal(n, wn);
    assert_memory_equal(p, w, wn);
}

typedef struct fixture {
    mst_term t;
    mst_cfg cfg;
    uint8_t in[512], ack[MST_ACK_MAX];
    size_t acklen;
    char why[160];
    gdw13761_frame f;
} fixture;

static mst_ev feed(fixture *x, const char *frame_hex, int64_t now)
{
    size_t n = hex(frame_hex, x->in, sizeof x->in);
    decode(x->in, n, &x->f);
    return mst_on_frame(&x->t, &x->cfg, &x->f, now, x->ack, sizeof x->ack, &x->acklen, x->why,
                        sizeof x->why);
}

/* Notes §1.10 rows 1 and 2: login with ACD=1 (EC present), CON=1; the field
 * master answers AFN00 F1 with C=0B, RSEQ 0, A3=02. */
static void login_ack_f1(void **state)
{
    (void)state;
    fixture x = {.cfg = {.msa = 1, .ack_f1 = true}};
    mst_term_init(&x.t);
    assert_int_equal(
        feed(&x, "68 3A 00 3A 00 68 E9 49 24 45 58 00 02 70 00 00 01 00 1C 04 86 16", 1000),
        MST_EV_LOGIN);
    assert_true(x.t.online);
    assert_string_equal(x.t.a1, "2449");
    assert_int_equal(x.t.a2, 0x5845);
    assert_int_equal(x.t.login_ms, 1000);
    assert_bytes(x.ack, x.acklen, "68 32 00 32 00 68 0B 49 24 45 58 02 00 60 00 00 01 00 78 16");
    mst_term_free(&x.t);
}

/* Notes §1.10 row 7: heartbeat with clock 2020-12-12 14:30:33 and the
 * standard's AFN00 F3 answer (AFN 02 + DADT p0 F3 + ERR 0). */
static void heartbeat_ack_f3(void **state)
{
    (void)state;
    fixture x = {.cfg = {.msa = 1}};
    mst_term_init(&x.t);
    assert_int_equal(feed(&x,
                          "68 4A 00 4A 00 68 C9 34 08 94 04 00 02 75 00 00 04 00 33 30 14 12 D2 "
                          "20 93 16",
                          5000),
                     MST_EV_HEARTBEAT);
    assert_int_equal(x.t.last_hb_ms, 5000);
    assert_int_equal(x.t.hb_clock.year, 2020);
    assert_int_equal(x.t.hb_clock.mon, 12);
    assert_int_equal(x.t.hb_clock.day, 12);
    assert_int_equal(x.t.hb_clock.hour, 14);
    assert_int_equal(x.t.hb_clock.min, 30);
    assert_int_equal(x.t.hb_clock.sec, 33);
    assert_int_equal(x.t.heartbeats, 1);
    assert_bytes(x.ack, x.acklen,
                 "68 4A 00 4A 00 68 0B 34 08 94 04 02 00 65 00 00 04 00 02 00 00 04 00 00 50 16");
    mst_term_free(&x.t);
}

/* Notes §1.10 row 6 is the F3 answer to a login of 4521-3 with PSEQ 4; a
 * logout (row 4) takes the terminal offline. */
static void login_f3_and_logout(void **state)
{
    (void)state;
    fixture x = {.cfg = {.msa = 1}};
    mst_term_init(&x.t);
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    f.dir = f.prm = true;
    f.fc = 9;
    memcpy(f.a1, "4521", 5); /* A1 bytes 21 45, low byte first */
    f.a2 = 3;
    f.afn = 2;
    f.fir = f.fin = f.con = true;
    f.seq = 4;
    static const uint8_t login[4] = {0, 0, 1, 0};
    f.units = login;
    f.units_len = 4;
    assert_int_equal(
        mst_on_frame(&x.t, &x.cfg, &f, 1, x.ack, sizeof x.ack, &x.acklen, x.why, sizeof x.why),
        MST_EV_LOGIN);
    assert_bytes(x.ack, x.acklen,
                 "68 4A 00 4A 00 68 0B 21 45 03 00 02 00 64 00 00 04 00 02 00 00 01 00 00 E1 16");
    mst_term_free(&x.t);

    fixture y = {.cfg = {.msa = 0}};
    mst_term_init(&y.t);
    assert_int_equal(
        feed(&y, "68 3A 00 3A 00 68 E9 49 24 45 58 00 02 70 00 00 01 00 1C 04 86 16", 1),
        MST_EV_LOGIN);
    assert_int_equal(feed(&y, "68 32 00 32 00 68 C9 49 24 45 58 00 02 71 00 00 02 00 48 16", 2),
                     MST_EV_LOGOUT);
    assert_false(y.t.online);
    assert_true(y.acklen > 0);
    mst_term_free(&y.t);
}

/* Notes §1.10 row 5: an AFN0E report with CON=1 is confirmed with AFN00 F1
 * (C = 00: PRM 0, FC 0 "confirm"), RSEQ = its PSEQ 0. */
static void report_con_confirmed(void **state)
{
    (void)state;
    fixture x = {.cfg = {.msa = 1}};
    mst_term_init(&x.t);
    assert_int_equal(feed(&x,
                          "68 76 00 76 00 68 C4 49 24 45 58 02 0E 70 00 00 01 00 1C 04 1B 1C 0E "
                          "0B 01 18 15 04 07 19 53 16 04 07 19 9E 16",
                          1),
                     MST_EV_REPORT);
    assert_int_equal(x.t.reports, 1);
    assert_bytes(x.ack, x.acklen, "68 32 00 32 00 68 00 49 24 45 58 02 00 60 00 00 01 00 6D 16");
    /* the same report without CON: no confirmation */
    assert_int_equal(feed(&x,
                          "68 76 00 76 00 68 C4 49 24 45 58 02 0E 60 00 00 01 00 1C 04 1B 1C 0E "
                          "0B 01 18 15 04 07 19 53 16 04 07 19 8E 16",
                          2),
                     MST_EV_REPORT);
    assert_int_equal(x.acklen, 0);
    mst_term_free(&x.t);
}

static void know(mst_term *t, const char *a1, uint16_t a2)
{
    mst_term_init(t);
    memcpy(t->a1, a1, 5);
    t->a2 = a2;
    t->known = true;
}

static const mdc_tm k_clock = {2026, 11, 20, 10, 58, 37, 5, MDC_TM_FULL};

/* Notes §1.10 row 10: the first request, AFN0C F129 p2, is C=7B (FCB 1, FCV
 * 1, FC 11), SEQ 60 (PSEQ 0), no Tp. */
static void request_matches_real_frame(void **state)
{
    (void)state;
    mst_term t;
    mst_cfg cfg = {.msa = 1};
    know(&t, "5801", 0x2811);
    static const uint8_t units[4] = {0x02, 0x01, 0x01, 0x10};
    mst_req rq = {.afn = 0x0C, .units = units, .units_len = 4, .timeout_ms = 1000};
    uint8_t out[256];
    size_t n;
    char why[160];
    assert_int_equal(
        mst_request_begin(&t, &cfg, &rq, &k_clock, 0, out, sizeof out, &n, why, sizeof why), 0);
    assert_bytes(out, n, "68 32 00 32 00 68 7B 01 58 11 28 02 0C 60 02 01 01 10 8F 16");
    assert_true(t.busy);
    /* a second request while the first is outstanding is refused */
    assert_int_equal(
        mst_request_begin(&t, &cfg, &rq, &k_clock, 0, out, sizeof out, &n, why, sizeof why), -1);
    assert_non_null(strstr(why, "already outstanding"));
    mst_term_free(&t);
}

/* Retries keep the frame (PSEQ, FCB) and give up after the last one; the
 * next request advances PFC and toggles FCB. */
static void retries_and_fcb(void **state)
{
    (void)state;
    mst_term t;
    mst_cfg cfg = {.msa = 0};
    know(&t, "3501", 1);
    static const uint8_t units[4] = {0x00, 0x00, 0x02, 0x00}; /* p0 F2 */
    mst_req rq = {.afn = 0x0C, .units = units, .units_len = 4, .timeout_ms = 500, .retries = 2};
    uint8_t out[256], first[256];
    size_t n, n1;
    char why[160];
    assert_int_equal(
        mst_request_begin(&t, &cfg, &rq, &k_clock, 1000, first, sizeof first, &n1, why, sizeof why),
        0);
    assert_int_equal(first[6], 0x7B);
    const uint8_t *again;
    size_t len;
    assert_int_equal(mst_tick(&t, 1499, &again, &len), 0);
    assert_int_equal(mst_tick(&t, 1500, &again, &len), 1);
    assert_int_equal(len, n1);
    assert_memory_equal(again, first, n1);
    assert_int_equal(mst_tick(&t, 1999, &again, &len), 0);
    assert_int_equal(mst_tick(&t, 2000, &again, &len), 1);
    assert_int_equal(mst_tick(&t, 2500, &again, &len), -1);
    assert_false(t.busy);
    assert_int_equal(mst_tick(&t, 9000, &again, &len), 0);
    /* next request: PFC 1 -> PSEQ 1, FCB toggled back to 0 */
    assert_int_equal(
        mst_request_begin(&t, &cfg, &rq, &k_clock, 3000, out, sizeof out, &n, why, sizeof why), 0);
    assert_int_equal(out[6], 0x5B);
    assert_int_equal(out[13] & 0x0F, 1);
    mst_request_cancel(&t);
    /* a reset: FC 1, FCB 0, no FCV, PW and Tp (PFC 2, the clock, delay 3) */
    mst_req rs = {.afn = 0x01,
                  .units = (const uint8_t *)"\x00\x00\x02\x00",
                  .units_len = 4,
                  .timeout_ms = 500,
                  .tp = true,
                  .tp_delay_min = 3};
    memset(rs.pw, 0x11, sizeof rs.pw);
    assert_int_equal(
        mst_request_begin(&t, &cfg, &rs, &k_clock, 3000, out, sizeof out, &n, why, sizeof why), 0);
    gdw13761_frame f;
    decode(out, n, &f);
    assert_int_equal(f.fc, 1);
    assert_false(f.fcb);
    assert_false(f.fcv);
    assert_true(f.has_pw);
    assert_int_equal(f.pw[15], 0x11);
    assert_true(f.tpv);
    assert_int_equal(f.tp.pfc, 2);
    assert_int_equal(f.seq, 2);
    assert_int_equal(f.tp.day, 20);
    assert_int_equal(f.tp.hour, 10);
    assert_int_equal(f.tp.sec, 37);
    assert_int_equal(f.tp.delay_min, 3);
    mst_term_free(&t);
}

/* A three-frame answer (RSEQ = PSEQ, +1, +2) is reassembled; a response with
 * another RSEQ is ignored; a gap drops the sequence. */
static void multi_frame_answer(void **state)
{
    (void)state;
    mst_term t;
    mst_cfg cfg = {0};
    know(&t, "3501", 7);
    t.pfc = 0x1E; /* PSEQ 14: the answer's RSEQ wrap 14, 15, 0 */
    static const uint8_t req[4] = {0x01, 0x01, 0x01, 0x14}; /* p1 F161 */
    mst_req rq = {.afn = 0x0D, .units = req, .units_len = 4, .timeout_ms = 1000};
    uint8_t out[256];
    size_t n;
    char why[160];
    assert_int_equal(
        mst_request_begin(&t, &cfg, &rq, &k_clock, 0, out, sizeof out, &n, why, sizeof why), 0);
    assert_int_equal(t.req_seq, 14);
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    f.dir = true;
    f.fc = 8;
    memcpy(f.a1, "3501", 5);
    f.a2 = 7;
    f.afn = 0x0D;
    uint8_t ack[MST_ACK_MAX];
    size_t acklen;
    static const uint8_t parts[3][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    /* a stray single frame with RSEQ 3 first */
    f.fir = f.fin = true;
    f.seq = 3;
    f.units = parts[0];
    f.units_len = 3;
    assert_int_equal(mst_on_frame(&t, &cfg, &f, 10, ack, sizeof ack, &acklen, why, sizeof why),
                     MST_EV_STRAY);
    assert_non_null(strstr(why, "waiting for 14"));
    static const bool fir[3] = {true, false, false}, fin[3] = {false, false, true};
    static const uint8_t seq[3] = {14, 15, 0};
    for (int i = 0; i < 3; i++) {
        f.fir = fir[i];
        f.fin = fin[i];
        f.seq = seq[i];
        f.units = parts[i];
        mst_ev ev =
            mst_on_frame(&t, &cfg, &f, 100 + i * 800, ack, sizeof ack, &acklen, why, sizeof why);
        assert_int_equal(ev, i < 2 ? MST_EV_PARTIAL : MST_EV_ANSWER);
        /* a partial answer extends the deadline: no retry at 1000 ms */
        const uint8_t *fr;
        size_t len;
        if (i < 2)
            assert_int_equal(mst_tick(&t, 1000 + i * 800, &fr, &len), 0);
    }
    assert_int_equal(t.reasm.len, 9);
    static const uint8_t all[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    assert_memory_equal(t.reasm.buf, all, 9);
    assert_int_equal(t.ans_frames, 3);
    assert_int_equal(t.ans_afn, 0x0D);
    /* a duplicate of the last frame comes late: stray */
    assert_int_equal(mst_on_frame(&t, &cfg, &f, 3000, ack, sizeof ack, &acklen, why, sizeof why),
                     MST_EV_STRAY);

    /* a gap: first frame RSEQ 15, then 1 */
    assert_int_equal(
        mst_request_begin(&t, &cfg, &rq, &k_clock, 0, out, sizeof out, &n, why, sizeof why), 0);
    f.fir = true;
    f.fin = false;
    f.seq = t.req_seq;
    assert_int_equal(mst_on_frame(&t, &cfg, &f, 10, ack, sizeof ack, &acklen, why, sizeof why),
                     MST_EV_PARTIAL);
    f.fir = false;
    f.seq = (uint8_t)((t.req_seq + 2) & 15);
    assert_int_equal(mst_on_frame(&t, &cfg, &f, 20, ack, sizeof ack, &acklen, why, sizeof why),
                     MST_EV_BAD);
    assert_non_null(strstr(why, "dropped"));
    assert_true(t.busy); /* the retry/timeout logic still owns the request */
    mst_term_free(&t);
}

/* A handheld (first_without_fcv): the first request has FCV = 0, the next
 * ones FCV = 1 with FCB toggling. */
static void first_request_without_fcv(void **state)
{
    (void)state;
    mst_term t;
    mst_cfg cfg = {.first_without_fcv = true};
    know(&t, "3501", 1);
    static const uint8_t units[4] = {0x00, 0x00, 0x02, 0x00};
    mst_req rq = {.afn = 0x0C, .units = units, .units_len = 4, .timeout_ms = 500};
    uint8_t out[256];
    size_t n;
    char why[160];
    assert_int_equal(
        mst_request_begin(&t, &cfg, &rq, &k_clock, 0, out, sizeof out, &n, why, sizeof why), 0);
    assert_int_equal(out[6] & 0x30, 0x20); /* FCB 1, FCV 0 */
    mst_request_cancel(&t);
    assert_int_equal(
        mst_request_begin(&t, &cfg, &rq, &k_clock, 0, out, sizeof out, &n, why, sizeof why), 0);
    assert_int_equal(out[6] & 0x30, 0x10); /* FCB 0, FCV 1 */
    mst_term_free(&t);
}

/* An AFN00 deny answers any request; a downlink frame is rejected. */
static void deny_and_bad(void **state)
{
    (void)state;
    mst_term t;
    mst_cfg cfg = {0};
    know(&t, "3501", 7);
    static const uint8_t req[4] = {0x00, 0x00, 0x01, 0x00};
    mst_req rq = {.afn = 0x04, .units = req, .units_len = 4, .timeout_ms = 1000};
    uint8_t out[256], ack[MST_ACK_MAX];
    size_t n, acklen;
    char why[160];
    assert_int_equal(
        mst_request_begin(&t, &cfg, &rq, &k_clock, 0, out, sizeof out, &n, why, sizeof why), 0);
    assert_int_equal(out[6], 0x7A); /* FCB 1 FCV 1 FC 10 */
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    f.dir = true;
    f.fc = 8;
    memcpy(f.a1, "3501", 5);
    f.a2 = 7;
    f.afn = 0x00;
    f.fir = f.fin = true;
    f.seq = 0;
    static const uint8_t deny[4] = {0x00, 0x00, 0x02, 0x00};
    f.units = deny;
    f.units_len = 4;
    assert_int_equal(mst_on_frame(&t, &cfg, &f, 5, ack, sizeof ack, &acklen, why, sizeof why),
                     MST_EV_ANSWER);
    assert_int_equal(t.ans_afn, 0);
    f.dir = false;
    assert_int_equal(mst_on_frame(&t, &cfg, &f, 5, ack, sizeof ack, &acklen, why, sizeof why),
                     MST_EV_BAD);
    assert_non_null(strstr(why, "downlink"));
    mst_term_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(login_ack_f1),
        cmocka_unit_test(heartbeat_ack_f3),
        cmocka_unit_test(login_f3_and_logout),
        cmocka_unit_test(report_con_confirmed),
        cmocka_unit_test(request_matches_real_frame),
        cmocka_unit_test(retries_and_fcb),
        cmocka_unit_test(multi_frame_answer),
        cmocka_unit_test(deny_and_bad),
        cmocka_unit_test(first_request_without_fcv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
