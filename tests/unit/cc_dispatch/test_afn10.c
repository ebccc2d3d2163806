/* AFN10 forwarding through the dispatcher: F1 (Table 401, Figure 51) and F9
 * (Table 402) requests as the standard's bytes become reader jobs (no answer
 * now), every deny with its reason, and the later answers of
 * cc_dispatch_forward_answer compared byte for byte with Tables 405/406
 * (DA/DT included), then decoded through the catalogue. */
#include "disp_harness.h"

static void req_raw(h_t *t, uint16_t fn, const uint8_t *b, size_t n)
{
    gdw13761_unit u = h_raw_unit(t, fn, b, n);
    h_request(t, 0x10, &u, 1);
}

static void assert_job(const h_t *t, uint8_t fn)
{
    if (t->ans.kind != CC_LINK_ANS_NONE || !t->fx.forward)
        fail_msg("expected a forwarding job, got kind %d (%s)", t->ans.kind, cc_dispatch_why(t->d));
    assert_int_equal(t->rc, 0);
    assert_int_equal(t->fx.job.fn, fn);
    assert_int_equal(t->ans.n, 0);
    assert_false(t->fx.params_changed);
    assert_int_equal(t->fx.amaint, -1);
}

static void assert_deny_why(const h_t *t, const char *why)
{
    h_assert_deny(t);
    assert_false(t->fx.forward);
    if (!strstr(cc_dispatch_why(t->d), why))
        fail_msg("reason \"%s\" lacks \"%s\"", cc_dispatch_why(t->d), why);
}

/* DL/T 645-2007 read of 00010000 from 111111111111, with a FE preamble. */
static const uint8_t dlt_req[] = {0xFE, 0xFE, 0x68, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                                  0x68, 0x11, 0x04, 0x33, 0x33, 0x34, 0x33, 0x18, 0x16};

static void test_f1_job(void **state)
{
    h_t *t = *state;
    /* port 2; 2400 bps (3 << 5), 1 stop bit, parity (D3) even (D2 = 0), 8 bits
     * (3) = 6BH; frame timeout 2 s (D7 = 1, 2); byte timeout 5 x 10 ms; k = 18 */
    uint8_t b[6 + sizeof dlt_req] = {0x02, 0x6B, 0x82, 0x05, sizeof dlt_req, 0x00};
    memcpy(b + 6, dlt_req, sizeof dlt_req);
    req_raw(t, 1, b, sizeof b);
    assert_int_equal(t->decode_rc, 0);
    assert_job(t, 1);
    const cc_forward_job *j = &t->fx.job;
    assert_int_equal(j->port, 2);
    assert_int_equal(j->fwd.baud, 2400);
    assert_int_equal(j->fwd.parity, 2);
    assert_int_equal(j->fwd.data_bits, 8);
    assert_int_equal(j->fwd.stop_bits, 1);
    assert_int_equal(j->fwd.frame_timeout_ms, 2000);
    assert_int_equal(j->fwd.byte_timeout_ms, 50);
    assert_int_equal(j->fwd.len, sizeof dlt_req);
    assert_memory_equal(j->fwd.frame, dlt_req, sizeof dlt_req);
    /* 19200 (7), 2 stop bits, odd parity, 7 bits = FEH; 100 x 10 ms; port 3 */
    uint8_t c[7] = {0x03, 0xFE, 0x64, 0x00, 0x01, 0x00, 0x68};
    req_raw(t, 1, c, sizeof c);
    assert_job(t, 1);
    assert_int_equal(t->fx.job.port, 3);
    assert_int_equal(t->fx.job.fwd.baud, 19200);
    assert_int_equal(t->fx.job.fwd.stop_bits, 2);
    assert_int_equal(t->fx.job.fwd.parity, 1);
    assert_int_equal(t->fx.job.fwd.data_bits, 7);
    assert_int_equal(t->fx.job.fwd.frame_timeout_ms, 1000);
    assert_int_equal(t->fx.job.fwd.byte_timeout_ms, 0);
    /* every baud code (Figure 51); no parity (D3 = 0) whatever D2 says; 5 bits */
    static const uint32_t bauds[8] = {300, 600, 1200, 2400, 4800, 7200, 9600, 19200};
    for (uint8_t code = 0; code < 8; code++) {
        c[1] = (uint8_t)(code << 5 | 0x04);
        req_raw(t, 1, c, sizeof c);
        assert_job(t, 1);
        assert_int_equal(t->fx.job.fwd.baud, bauds[code]);
        assert_int_equal(t->fx.job.fwd.parity, 0);
        assert_int_equal(t->fx.job.fwd.data_bits, 5);
    }
}

static void test_f1_denies(void **state)
{
    h_t *t = *state;
    /* port 1 reads no meters */
    uint8_t b[7] = {0x01, 0x6B, 0x82, 0x05, 0x01, 0x00, 0x68};
    req_raw(t, 1, b, sizeof b);
    assert_deny_why(t, "AFN10 F1: port 1 is no meter-reading port");
    /* no bytes to forward */
    uint8_t e[6] = {0x02, 0x6B, 0x82, 0x05, 0x00, 0x00};
    req_raw(t, 1, e, sizeof e);
    assert_deny_why(t, "AFN10 F1: nothing to forward");
    /* more than the reader takes */
    static uint8_t big[6 + CC_READER_FWD_MAX + 1];
    memcpy(big, e, 6);
    big[4] = (uint8_t)((CC_READER_FWD_MAX + 1) & 0xFF);
    big[5] = (uint8_t)((CC_READER_FWD_MAX + 1) >> 8);
    req_raw(t, 1, big, sizeof big);
    assert_int_equal(t->decode_rc, 0);
    assert_deny_why(t, "513 bytes to forward, at most 512");
    /* two units in one request */
    gdw13761_unit two[2] = {
        {.pn = 0, .fn = 1, .value = mdc_v_add_bytes(&t->va, NULL, NULL, MDC_V_BYTES, b, 7)},
        {.pn = 0, .fn = 9, .value = NULL}};
    uint8_t f9[13] = {0x02, 0x00, 3, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00, 0x01, 0x00};
    b[0] = 2;
    two[1].value = mdc_v_add_bytes(&t->va, NULL, NULL, MDC_V_BYTES, f9, sizeof f9);
    h_request(t, 0x10, two, 2);
    assert_deny_why(t, "AFN10: 2 units, one forwarding per request");
    /* no live state: no reading port */
    req_raw(t, 1, b, sizeof b);
    assert_job(t, 1);
    t->rc = cc_dispatch_request(t->d, CC_SRC_UPLINK, &t->req, 0, t->now, NULL, &t->ans, &t->fx);
    assert_deny_why(t, "port 2 is no meter-reading port");
}

static void test_other_fn_denied(void **state)
{
    h_t *t = *state;
    /* F12 batch task: format, type 1, no task data, no meters */
    uint8_t f12[7] = {0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00};
    req_raw(t, 12, f12, sizeof f12);
    assert_int_equal(t->decode_rc, 0);
    assert_deny_why(t, "AFN10 F12 is not supported (F1 and F9 are)");
    uint8_t f13[1] = {0x01};
    req_raw(t, 13, f13, sizeof f13);
    assert_deny_why(t, "AFN10 F13 is not supported");
}

/* Table 402: port 2, relay count, target 000000000003, DI type, DI. */
static void f9_req(h_t *t, uint8_t relays, uint8_t type, uint32_t di)
{
    uint8_t b[13] = {0x02, relays, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, type};
    for (size_t i = 0; i < 4; i++)
        b[9 + i] = (uint8_t)(di >> (8 * i));
    req_raw(t, 9, b, sizeof b);
    assert_int_equal(t->decode_rc, 0);
}

static void test_f9_job(void **state)
{
    h_t *t = *state;
    static const uint8_t target[6] = {0x03, 0, 0, 0, 0, 0};
    f9_req(t, 0x00, 0x01, 0x00010000);
    assert_job(t, 9);
    assert_int_equal(t->fx.job.port, 2);
    assert_memory_equal(t->fx.job.addr, target, 6);
    assert_int_equal(t->fx.job.protocol, CC_PROTO_645_2007);
    assert_int_equal(t->fx.job.di, 0x00010000);
    assert_true(t->fx.job.timeout_ms >= 1000);
    /* FFH: no route given, the same */
    f9_req(t, 0xFF, 0x01, 0x02010100);
    assert_job(t, 9);
    assert_int_equal(t->fx.job.di, 0x02010100);
    /* 1997: only the low two bytes */
    f9_req(t, 0x00, 0x00, 0x12349010);
    assert_job(t, 9);
    assert_int_equal(t->fx.job.protocol, CC_PROTO_645_1997);
    assert_int_equal(t->fx.job.di, 0x9010);
    /* D7..D2 spare bits are ignored */
    f9_req(t, 0x00, 0xFD, 0x00010000);
    assert_job(t, 9);
    assert_int_equal(t->fx.job.protocol, CC_PROTO_645_2007);
}

static void test_f9_denies(void **state)
{
    h_t *t = *state;
    /* DI types 2 and 3 are spare */
    f9_req(t, 0x00, 0x02, 0x00010000);
    assert_deny_why(t, "AFN10 F9: DI type 2 is reserved");
    f9_req(t, 0x00, 0x03, 0x00010000);
    assert_deny_why(t, "DI type 3");
    /* one relay: no relay routes on RS485 */
    uint8_t r1[19] = {0x02, 0x01, 0x09, 0, 0, 0, 0, 0, 0x03, 0, 0, 0, 0, 0, 0x01, 0, 0, 1, 0};
    req_raw(t, 9, r1, sizeof r1);
    assert_int_equal(t->decode_rc, 0);
    assert_deny_why(t, "AFN10 F9: 1 relays: an RS485 port has no relay routes");
    /* port 4 */
    uint8_t p4[13] = {0x04, 0x00, 0x03, 0, 0, 0, 0, 0, 0x01, 0, 0, 1, 0};
    req_raw(t, 9, p4, sizeof p4);
    assert_deny_why(t, "AFN10 F9: port 4 is no meter-reading port");
}

/* The answer's data units as one byte string (DA DT data ...). */
static size_t answer_bytes(const cc_link_answer *a, uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++) {
        assert_true(n + a->units[i].len <= cap);
        memcpy(out + n, a->units[i].p, a->units[i].len);
        n += a->units[i].len;
    }
    return n;
}

static void expect_answer(h_t *t, const cc_forward_job *job, cc_reader_result r, const uint8_t *p,
                          size_t n, const uint8_t *want, size_t nwant)
{
    cc_link_answer a;
    memset(&a, 0xA5, sizeof a);
    int rc = cc_dispatch_forward_answer(t->d, job, r, job->di, p, n, &a);
    if (rc != 0 || a.kind != CC_LINK_ANS_DATA)
        fail_msg("answer rc %d kind %d (%s)", rc, a.kind, cc_dispatch_why(t->d));
    assert_int_equal(a.afn, 0x10);
    uint8_t got[1024];
    size_t len = answer_bytes(&a, got, sizeof got);
    assert_int_equal(len, nwant);
    assert_memory_equal(got, want, nwant);
    /* and the catalogue reads it back (the harness's decoder) */
    gdw13761_err e;
    mdc_arena_init(&t->ans_arena, t->ans_arena_buf, sizeof t->ans_arena_buf);
    t->am.nunits = 0;
    assert_int_equal(gdw13761_msg_decode_units(0x10, true, got, len, &t->am, t->ans_units, H_UNITS,
                                               &t->ans_arena, &e),
                     0);
    assert_int_equal(t->am.nunits, 1);
}

static void test_f1_answer(void **state)
{
    h_t *t = *state;
    uint8_t b[6 + sizeof dlt_req] = {0x02, 0x6B, 0x82, 0x05, sizeof dlt_req, 0x00};
    memcpy(b + 6, dlt_req, sizeof dlt_req);
    req_raw(t, 1, b, sizeof b);
    assert_job(t, 1);
    cc_forward_job job = t->fx.job;
    /* whatever came back is answered as it came (here a cut-off frame) */
    static const uint8_t reply[6] = {0x68, 0x11, 0x11, 0x11, 0x91, 0x16};
    /* Table 405: DA 00 00, DT 01 00 (F1); port 02; k = 0006; the bytes */
    static const uint8_t want[] = {0x00, 0x00, 0x01, 0x00, 0x02, 0x06, 0x00,
                                   0x68, 0x11, 0x11, 0x11, 0x91, 0x16};
    expect_answer(t, &job, CC_READER_OK, reply, sizeof reply, want, sizeof want);
    assert_int_equal(h_int(&t->ans_units[0], "port"), 2);
    assert_int_equal(h_int(&t->ans_units[0], "frame_len"), 6);
    /* nothing received: k = 0 */
    static const uint8_t none[] = {0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00};
    expect_answer(t, &job, CC_READER_TIMEOUT, NULL, 0, none, sizeof none);
    /* cancelled (port reconfigured): denied */
    cc_link_answer a;
    assert_int_equal(cc_dispatch_forward_answer(t->d, &job, CC_READER_CANCELLED, 0, NULL, 0, &a),
                     -1);
    assert_int_equal(a.kind, CC_LINK_ANS_DENY);
    assert_non_null(strstr(cc_dispatch_why(t->d), "cancelled"));
}

static void test_f9_answers(void **state)
{
    h_t *t = *state;
    f9_req(t, 0x00, 0x01, 0x00010000);
    assert_job(t, 9);
    cc_forward_job job = t->fx.job;
    /* data: 4 bytes of XXXXXX.XX 1234.5678 kWh as the meter sends them (0x33 removed) */
    static const uint8_t data[4] = {0x78, 0x56, 0x34, 0x12};
    /* Table 406: DA 00 00, DT 01 01 (F9); port 02; target 000000000003;
     * result 05 data received; k + 4 = 08; DI 00 00 01 00; data */
    static const uint8_t want5[] = {0x00, 0x00, 0x01, 0x01, 0x02, 0x03, 0x00,
                                    0x00, 0x00, 0x00, 0x00, 0x05, 0x08, 0x00,
                                    0x00, 0x01, 0x00, 0x78, 0x56, 0x34, 0x12};
    expect_answer(t, &job, CC_READER_OK, data, sizeof data, want5, sizeof want5);
    const gdw13761_unit *u = &t->ans_units[0];
    assert_int_equal(h_int(u, "result"), 5);
    assert_int_equal(h_int(u, "data_len"), 8);
    const mdc_value *rd = mdc_v_get(u->value, "read");
    int64_t di = 0;
    assert_true(mdc_v_int(mdc_v_get(rd, "di"), &di));
    assert_int_equal(di, 0x00010000);
    const mdc_value *tg = mdc_v_get(u->value, "target");
    assert_int_equal(tg->kind, MDC_V_STR);
    assert_memory_equal(tg->u.str.p, "000000000003", 12);
    /* timeout: result 01, k = 0: the DI alone */
    static const uint8_t want1[] = {0x00, 0x00, 0x01, 0x01, 0x02, 0x03, 0x00, 0x00, 0x00,
                                    0x00, 0x00, 0x01, 0x04, 0x00, 0x00, 0x01, 0x00};
    expect_answer(t, &job, CC_READER_TIMEOUT, data, sizeof data, want1, sizeof want1);
    /* the meter denied (error byte 02 "no such data"): result 04 */
    static const uint8_t err[1] = {0x02};
    static const uint8_t want4[] = {0x00, 0x00, 0x01, 0x01, 0x02, 0x03, 0x00, 0x00, 0x00,
                                    0x00, 0x00, 0x04, 0x05, 0x00, 0x00, 0x01, 0x00, 0x02};
    expect_answer(t, &job, CC_READER_DENIED, err, 1, want4, sizeof want4);
    /* cancelled: result 00 "cannot forward" */
    static const uint8_t want0[] = {0x00, 0x00, 0x01, 0x01, 0x02, 0x03, 0x00, 0x00, 0x00,
                                    0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x01, 0x00};
    expect_answer(t, &job, CC_READER_CANCELLED, NULL, 0, want0, sizeof want0);
    /* 1997: the DI asked (9010) is repeated in 4 bytes */
    f9_req(t, 0xFF, 0x00, 0x9010);
    assert_job(t, 9);
    job = t->fx.job;
    static const uint8_t want97[] = {0x00, 0x00, 0x01, 0x01, 0x02, 0x03, 0x00,
                                     0x00, 0x00, 0x00, 0x00, 0x05, 0x08, 0x10,
                                     0x90, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12};
    expect_answer(t, &job, CC_READER_OK, data, sizeof data, want97, sizeof want97);
    /* an address that is no BCD goes back as it came */
    job.addr[5] = 0xAA;
    static const uint8_t wantaa[] = {0x00, 0x00, 0x01, 0x01, 0x02, 0x03, 0x00, 0x00, 0x00,
                                     0x00, 0xAA, 0x01, 0x04, 0x10, 0x90, 0x00, 0x00};
    expect_answer(t, &job, CC_READER_TIMEOUT, NULL, 0, wantaa, sizeof wantaa);
}

static void test_answer_denies(void **state)
{
    h_t *t = *state;
    cc_forward_job job;
    memset(&job, 0, sizeof job);
    job.fn = 9;
    job.port = 2;
    cc_link_answer a;
    static uint8_t big[252];
    /* k + 4 must fit one byte */
    assert_int_equal(cc_dispatch_forward_answer(t->d, &job, CC_READER_OK, 0, big, 252, &a), -1);
    assert_int_equal(a.kind, CC_LINK_ANS_DENY);
    assert_non_null(strstr(cc_dispatch_why(t->d), "252 data bytes, at most 251"));
    assert_int_equal(cc_dispatch_forward_answer(t->d, &job, CC_READER_OK, 0, big, 251, &a), 0);
    assert_int_equal(a.kind, CC_LINK_ANS_DATA);
    assert_string_equal(cc_dispatch_why(t->d), "");
    /* bad arguments */
    assert_int_equal(cc_dispatch_forward_answer(t->d, NULL, CC_READER_OK, 0, NULL, 0, &a), -1);
    assert_int_equal(a.kind, CC_LINK_ANS_DENY);
    assert_int_equal(cc_dispatch_forward_answer(t->d, &job, CC_READER_OK, 0, NULL, 3, &a), -1);
    job.fn = 12;
    assert_int_equal(cc_dispatch_forward_answer(t->d, &job, CC_READER_OK, 0, NULL, 0, &a), -1);
    assert_non_null(strstr(cc_dispatch_why(t->d), "job F12 is no forwarding"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_f1_job, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_f1_denies, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_other_fn_denied, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_f9_job, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_f9_denies, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_f1_answer, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_f9_answers, h_setup_ports, h_teardown),
        cmocka_unit_test_setup_teardown(test_answer_denies, h_setup_ports, h_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
