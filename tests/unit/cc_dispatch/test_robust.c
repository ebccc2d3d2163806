/* Denies and robustness: AFN the dispatcher does not handle (03 reserved,
 * 06 authentication, 0B tasks, 0F files, 11, FF), unknown
 * Fn, requests that did not decode, uplink frames, and a loop of mutated
 * requests: every one gets an answer (never NONE), none crashes. */
#include "disp_harness.h"

static void test_unknown_afn_denied(void **state)
{
    h_t *t = *state;
    static const uint8_t afns[] = {0x03, 0x06, 0x0B, 0x07, 0x08, 0x0F, 0x11, 0xFF};
    uint8_t none[1] = {0};
    for (size_t i = 0; i < sizeof afns; i++) {
        gdw13761_unit u = {
            .pn = 0, .fn = 1, .value = mdc_v_add_bytes(&t->va, NULL, NULL, MDC_V_BYTES, none, 0)};
        h_request(t, afns[i], &u, 1);
        h_assert_deny(t);
        assert_int_equal(t->rc, 0);
        assert_false(t->fx.params_changed);
        if (t->decode_rc == 0) /* catalogued AFN with a bad unit: "did not decode" */
            assert_non_null(strstr(cc_dispatch_why(t->d), "not handled"));
    }
    assert_int_equal(t->d->denied, sizeof afns);
}

static void test_unknown_fn_denied(void **state)
{
    h_t *t = *state;
    /* AFN0C F200, AFN09 F11, AFN0A F17, AFN01 F9 (raw, last unit) */
    static const struct {
        uint8_t afn;
        uint16_t fn;
    } cases[] = {{0x0C, 200}, {0x09, 11}, {0x0A, 17}, {0x01, 9}, {0x05, 3}, {0x0D, 100}};
    uint8_t none[1] = {0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gdw13761_unit u = {.pn = 0,
                           .fn = cases[i].fn,
                           .value = mdc_v_add_bytes(&t->va, NULL, NULL, MDC_V_BYTES, none, 0)};
        h_request(t, cases[i].afn, &u, 1);
        if (t->ans.kind != CC_LINK_ANS_DENY)
            fail_msg("AFN%02X F%u: kind %d", cases[i].afn, cases[i].fn, t->ans.kind);
    }
}

static void test_undecodable_and_uplink_denied(void **state)
{
    h_t *t = *state;
    uint16_t fn = 2;
    h_read(t, 0x0C, 0, &fn, 1);
    h_assert_data(t, 0x0C);
    /* the same request but with decode_rc -1 (as the link core reports a
     * unit that did not decode) */
    t->rc =
        cc_dispatch_request(t->d, CC_SRC_UPLINK, &t->req, -1, t->now, &t->live, &t->ans, &t->fx);
    h_assert_deny(t);
    /* an uplink frame handed over */
    t->req.frame.dir = true;
    t->rc = cc_dispatch_request(t->d, CC_SRC_UPLINK, &t->req, 0, t->now, &t->live, &t->ans, &t->fx);
    h_assert_deny(t);
    /* NULL message, no units */
    t->rc = cc_dispatch_request(t->d, CC_SRC_UPLINK, NULL, 0, t->now, &t->live, &t->ans, &t->fx);
    h_assert_deny(t);
    t->req.frame.dir = false;
    t->req.nunits = 0;
    t->rc = cc_dispatch_request(t->d, CC_SRC_UPLINK, &t->req, 0, t->now, &t->live, &t->ans, &t->fx);
    h_assert_deny(t);
}

static void test_local_sources_served(void **state)
{
    h_t *t = *state;
    uint16_t fn = 1;
    h_read(t, 0x09, 0, &fn, 1);
    static const cc_source srcs[] = {CC_SRC_RS485_III, CC_SRC_INFRARED};
    for (size_t i = 0; i < 2; i++) {
        t->rc = cc_dispatch_request(t->d, srcs[i], &t->req, 0, t->now, &t->live, &t->ans, &t->fx);
        assert_int_equal(t->ans.kind, CC_LINK_ANS_DATA);
    }
}

static uint32_t rng = 12345;
static uint32_t next_rand(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

/* Fix L, CS so that mutated frames still pass the frame check and reach the
 * unit decoder (and, when they decode, the dispatcher). */
static void fix_cs(uint8_t *f, size_t len)
{
    if (len < 8)
        return;
    size_t l1 = len - 8;
    f[1] = (uint8_t)((l1 << 2) | 2);
    f[2] = (uint8_t)(l1 >> 6);
    f[3] = f[1];
    f[4] = f[2];
    uint8_t cs = 0;
    for (size_t i = 6; i < len - 2; i++)
        cs = (uint8_t)(cs + f[i]);
    f[len - 2] = cs;
    f[len - 1] = 0x16;
}

static void test_mutated_requests_never_crash(void **state)
{
    h_t *t = *state;
    /* seeds: one valid request per handled AFN */
    uint8_t seeds[8][512];
    size_t seed_len[8];
    size_t ns = 0;
    static const uint16_t f0c[] = {2, 3, 4, 7, 8, 9, 10, 11};
    h_read(t, 0x0C, 0, f0c, 8);
    static const uint16_t f09[] = {1, 2, 3, 4};
    memcpy(seeds[ns], t->frame, t->frame_len), seed_len[ns++] = t->frame_len;
    h_read(t, 0x09, 0, f09, 4);
    memcpy(seeds[ns], t->frame, t->frame_len), seed_len[ns++] = t->frame_len;
    static const uint16_t f0a[] = {1, 3, 8, 89};
    h_read(t, 0x0A, 0, f0a, 4);
    memcpy(seeds[ns], t->frame, t->frame_len), seed_len[ns++] = t->frame_len;
    mdc_value *v = mdc_v_add_obj(&t->va, NULL, NULL);
    mdc_v_add_int(&t->va, v, "region", 3501, NULL);
    mdc_v_add_int(&t->va, v, "addr", 7, NULL);
    gdw13761_unit u4 = {.pn = 0, .fn = 89, .value = v};
    h_request(t, 0x04, &u4, 1);
    memcpy(seeds[ns], t->frame, t->frame_len), seed_len[ns++] = t->frame_len;
    mdc_tm tm;
    mdc_tm_from_epoch(H_NOW_S, &tm);
    mdc_value *tv = mdc_v_add_obj(&t->va, NULL, NULL);
    mdc_v_add_time(&t->va, tv, "time", &tm);
    gdw13761_unit u5[2] = {{.pn = 0, .fn = 29}, {.pn = 0, .fn = 31, .value = tv}};
    h_request(t, 0x05, u5, 2);
    memcpy(seeds[ns], t->frame, t->frame_len), seed_len[ns++] = t->frame_len;
    mdc_tm d = {.year = 2026, .mon = 11, .day = 20, .fields = MDC_TM_DATE};
    mdc_value *dv = mdc_v_add_obj(&t->va, NULL, NULL);
    mdc_v_add_time(&t->va, dv, "td_d", &d);
    gdw13761_unit u0d[2] = {{.pn = 0, .fn = 49, .value = dv}, {.pn = 0, .fn = 53, .value = dv}};
    h_request(t, 0x0D, u0d, 2);
    memcpy(seeds[ns], t->frame, t->frame_len), seed_len[ns++] = t->frame_len;

    unsigned decoded = 0, data = 0;
    for (unsigned iter = 0; iter < 20000; iter++) {
        size_t s = next_rand() % ns;
        size_t len = seed_len[s];
        memcpy(t->frame, seeds[s], len);
        unsigned muts = 1 + next_rand() % 4;
        for (unsigned k = 0; k < muts; k++) {
            size_t pos = 6 + next_rand() % (len - 8); /* C .. last unit byte */
            switch (next_rand() % 4) {
            case 0:
                t->frame[pos] = (uint8_t)next_rand();
                break;
            case 1:
                t->frame[pos] ^= (uint8_t)(1u << (next_rand() % 8));
                break;
            case 2: /* drop a byte */
                if (len > 20) {
                    memmove(t->frame + pos, t->frame + pos + 1, len - pos - 1);
                    len--;
                }
                break;
            default: /* add a byte */
                if (len < sizeof seeds[0] - 1) {
                    memmove(t->frame + pos + 1, t->frame + pos, len - pos);
                    t->frame[pos] = (uint8_t)next_rand();
                    len++;
                }
                break;
            }
        }
        fix_cs(t->frame, len);
        t->frame_len = len;
        h_dispatch_frame(t);
        /* never silence: a deny, a confirm or data, and rc 0 (no store errors) */
        assert_true(t->ans.kind == CC_LINK_ANS_DENY || t->ans.kind == CC_LINK_ANS_CONFIRM ||
                    t->ans.kind == CC_LINK_ANS_DATA);
        assert_int_equal(t->rc, 0);
        if (t->decode_rc == 0)
            decoded++;
        if (t->ans.kind == CC_LINK_ANS_DATA)
            data++;
        /* undo any clock change and resets so later seeds still make sense */
        if (t->fx.clock_set)
            store_clock_offset_set(t->st, 0);
    }
    /* the loop reached the handlers, not only the frame check */
    printf("%u of 20000 mutated requests decoded, %u answered with data\n", decoded, data);
    assert_true(decoded > 2000);
    assert_true(data > 500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unknown_afn_denied, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_fn_denied, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_undecodable_and_uplink_denied, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_local_sources_served, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_mutated_requests_never_crash, h_setup, h_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
