/* AFN0E events through the dispatcher over a real store: F1/F2 pointer
 * ranges (Table 351, with the wrap 256 + Pn - Pm), records no longer kept,
 * long answers cut into units that tile the range, the read pointers and
 * fx->events_read, F3 by ERC (project extension), deny paths; AFN0C F9 sets
 * fx->inputs_read. Events are raised through the recorder (cc/events.h). */
#include "disp_harness.h"

#include "cc/events.h"

/* An F1/F2 request (pm, pn) or an F3 request (erc, n). */
static void req(h_t *t, uint16_t fn, uint16_t pn_da, int64_t a, int64_t b)
{
    mdc_arena_init(&t->va, t->val_buf, sizeof t->val_buf);
    mdc_value *o = mdc_v_new(&t->va, MDC_V_OBJECT);
    mdc_v_add_int(&t->va, o, fn == 3 ? "erc" : "pm", a, NULL);
    mdc_v_add_int(&t->va, o, fn == 3 ? "n" : "pn", b, NULL);
    gdw13761_unit u = {.pn = pn_da, .fn = fn, .value = o};
    h_request(t, 0x0E, &u, 1);
}

/* Records of answer unit i (its raw bytes after the 4-byte head). */
static size_t records_of(const h_t *t, size_t i)
{
    const gdw13761_unit *u = &t->ans_units[i];
    size_t n = 0;
    for (size_t off = 4; off + 2 <= u->raw_len; off += 2u + u->raw[off + 1])
        n++;
    return n;
}

/* n general ERC21 records, fault = i % 250 + 1, a minute apart. */
static void general(cc_events *ev, int n)
{
    for (int i = 0; i < n; i++)
        assert_int_equal(cc_events_erc21_fault(ev, H_NOW_S + 60 * i, (uint8_t)(i % 250 + 1)), 0);
}

static uint8_t read_ptr(h_t *t, int cls)
{
    uint8_t p = 0;
    assert_int_equal(store_event_read_ptr_get(t->st, cls, &p), 0);
    return p;
}

static void test_empty_store(void **state)
{
    h_t *t = *state;
    req(t, 1, 0, 0, 0);
    h_assert_data(t, 0x0E);
    assert_int_equal(t->am.nunits, 1);
    /* EC1 0, EC2 0, Pm 0, Pn 0, no record */
    assert_int_equal(t->ans_units[0].raw_len, 4);
    static const uint8_t zero[4];
    assert_memory_equal(t->ans_units[0].raw, zero, 4);
    assert_true(t->fx.events_read);
    /* the range 0..10 of an empty class: no record either */
    req(t, 2, 0, 0, 10);
    h_assert_data(t, 0x0E);
    assert_int_equal(h_int(&t->ans_units[0], "pn"), 10);
    assert_int_equal(records_of(t, 0), 0);
}

static void test_important_range_and_read_pointer(void **state)
{
    h_t *t = *state;
    cc_events ev;
    cc_events_init(&ev, t->st);
    for (int i = 0; i < 5; i++)
        assert_int_equal(cc_events_erc14_power(&ev, H_NOW_S - 600 + i, H_NOW_S + 60 * i, true), 0);
    general(&ev, 2);
    assert_true(cc_events_unread(t->st, STORE_EV_IMPORTANT));
    /* read through the local maintenance port: the master's pointer stays */
    req(t, 1, 0, 0, 5); /* (the uplink: moves it to 5) */
    assert_int_equal(read_ptr(t, STORE_EV_IMPORTANT), 5);
    assert_int_equal(store_event_read_ptr_set(t->st, STORE_EV_IMPORTANT, 0), 0);
    t->rc =
        cc_dispatch_request(t->d, CC_SRC_RS485_III, &t->req, 0, t->now, &t->live, &t->ans, &t->fx);
    assert_int_equal(t->ans.kind, CC_LINK_ANS_DATA);
    assert_false(t->fx.events_read);
    assert_int_equal(read_ptr(t, STORE_EV_IMPORTANT), 0);
    assert_true(cc_events_unread(t->st, STORE_EV_IMPORTANT));
    /* Pm 0, Pn 2: the first two records; the read pointer follows to 2 */
    req(t, 1, 0, 0, 2);
    h_assert_data(t, 0x0E);
    const gdw13761_unit *u = &t->ans_units[0];
    static const uint8_t head[] = {5, 2, 0, 2, 14, 10};
    assert_memory_equal(u->raw, head, sizeof head);
    assert_int_equal(records_of(t, 0), 2);
    assert_int_equal(mdc_v_get(u->value, "records")->u.list.n, 2);
    assert_int_equal(read_ptr(t, STORE_EV_IMPORTANT), 2);
    assert_true(t->fx.events_read);
    assert_true(cc_events_unread(t->st, STORE_EV_IMPORTANT));
    /* Pm 4, Pn 5 (the newest): the read pointer goes to EC1 = 5 */
    req(t, 1, 0, 4, 5);
    assert_int_equal(records_of(t, 0), 1);
    assert_int_equal(read_ptr(t, STORE_EV_IMPORTANT), 5);
    assert_false(cc_events_unread(t->st, STORE_EV_IMPORTANT));
    /* an older range leaves it there */
    req(t, 1, 0, 0, 1);
    assert_int_equal(read_ptr(t, STORE_EV_IMPORTANT), 5);
    /* F2 and F1 asked together: only the first asked is answered (the
     * records of F1/F2 run to the end of their unit) */
    gdw13761_unit us[2];
    mdc_arena_init(&t->va, t->val_buf, sizeof t->val_buf);
    for (int i = 0; i < 2; i++) {
        mdc_value *o = mdc_v_new(&t->va, MDC_V_OBJECT);
        mdc_v_add_int(&t->va, o, "pm", 0, NULL);
        mdc_v_add_int(&t->va, o, "pn", 5, NULL);
        us[i] = (gdw13761_unit){.pn = 0, .fn = (uint16_t)(i + 1), .value = o};
    }
    h_request(t, 0x0E, us, 2);
    h_assert_data(t, 0x0E);
    assert_int_equal(t->am.nunits, 1);
    assert_non_null(h_ans_unit(t, 0, 1));
    assert_false(cc_events_unread(t->st, STORE_EV_IMPORTANT));
    assert_true(cc_events_unread(t->st, STORE_EV_GENERAL));
    /* F2: the general pointer moves too */
    req(t, 2, 0, 0, 2);
    h_assert_data(t, 0x0E);
    assert_int_equal(records_of(t, 0), 2);
    assert_false(cc_events_unread(t->st, STORE_EV_GENERAL));
    assert_false(cc_events_unread(t->st, STORE_EV_IMPORTANT));
}

static void test_wrap_and_not_kept(void **state)
{
    h_t *t = *state;
    cc_events ev;
    cc_events_init(&ev, t->st);
    general(&ev, 260); /* EC2 = 4 */
    /* Pm 250 > Pn 4: Y = 256 + 4 - 250 = 10 records: i = 250..255, 256..259 */
    req(t, 2, 0, 250, 4);
    h_assert_data(t, 0x0E);
    assert_int_equal(t->am.nunits, 1);
    const gdw13761_unit *u = &t->ans_units[0];
    assert_int_equal(h_int(u, "ec2"), 4);
    assert_int_equal(h_int(u, "pm"), 250);
    assert_int_equal(h_int(u, "pn"), 4);
    assert_int_equal(records_of(t, 0), 10);
    /* the last record is i = 259: fault 259 % 250 + 1 = 10 */
    assert_int_equal(u->raw[u->raw_len - 1], 10);
    /* the first is i = 250: fault 1 */
    assert_int_equal(u->raw[4 + 7], 1);
    /* the range took in the newest: general read pointer = EC2 */
    assert_int_equal(read_ptr(t, STORE_EV_GENERAL), 4);
    /* records never written are skipped: a fresh important class */
    req(t, 1, 0, 250, 4);
    assert_int_equal(records_of(t, 0), 0);
}

static void test_long_answer_continues(void **state)
{
    h_t *t = *state;
    cc_events ev;
    cc_events_init(&ev, t->st);
    general(&ev, 260);
    /* Pm 5, Pn 4: 255 records of 8 bytes; one unit of 1024 bytes carries 127
     * (4 + 127 x 8 = 1020 bytes of data); the master goes on from Pn' */
    static const int64_t ask[3] = {5, 132, 3}, got[3] = {132, 3, 4};
    static const uint8_t rp[3] = {0, 3, 4}; /* the second range wraps over 0 */
    for (size_t i = 0; i < 3; i++) {
        req(t, 2, 0, ask[i], 4);
        h_assert_data(t, 0x0E);
        assert_int_equal(t->am.nunits, 1);
        assert_int_equal(t->ans.n, 1);
        assert_true(t->ans.units[0].len <= 1024);
        assert_int_equal(h_int(&t->ans_units[0], "pm"), ask[i]);
        assert_int_equal(h_int(&t->ans_units[0], "pn"), got[i]);
        assert_int_equal(records_of(t, 0), (size_t)(uint8_t)(got[i] - ask[i]));
        assert_int_equal(read_ptr(t, STORE_EV_GENERAL), rp[i]);
    }
    /* a request reaching past EC2 stops at the newest record */
    req(t, 2, 0, 2, 10);
    assert_int_equal(h_int(&t->ans_units[0], "pm"), 2);
    assert_int_equal(h_int(&t->ans_units[0], "pn"), 4);
    assert_int_equal(records_of(t, 0), 2);
}

static void test_random_ranges_consistent(void **state)
{
    h_t *t = *state;
    cc_events ev;
    cc_events_init(&ev, t->st);
    general(&ev, 300); /* EC2 = 44; pointers 44..299 % 256 answerable */
    uint32_t r = 7;
    for (int i = 0; i < 300; i++) {
        r = r * 1103515245u + 12345u;
        uint8_t pm = (uint8_t)(r >> 8), pn = (uint8_t)(r >> 16);
        req(t, 2, 0, pm, pn);
        h_assert_data(t, 0x0E);
        assert_int_equal(t->am.nunits, 1);
        uint8_t a = (uint8_t)h_int(&t->ans_units[0], "pm");
        uint8_t b = (uint8_t)h_int(&t->ans_units[0], "pn");
        /* exactly Pn' - Pm' records, inside the request, within 1024 bytes */
        assert_int_equal(records_of(t, 0), (uint8_t)(b - a));
        assert_true((uint8_t)(a - pm) <= (uint8_t)(pn - pm));
        assert_true((uint8_t)(b - a) <= (uint8_t)(pn - pm));
        assert_true(t->ans.units[0].len <= 1024);
        /* never past EC2 */
        if (b != a)
            assert_true((uint8_t)(44 - a) >= (uint8_t)(b - a) && a != 44);
    }
}

static void test_f3_by_erc(void **state)
{
    h_t *t = *state;
    cc_events ev;
    cc_events_init(&ev, t->st);
    general(&ev, 3); /* ERC21 general at +0, +1, +2 min */
    assert_int_equal(cc_events_erc14_power(&ev, H_NOW_S - 600, H_NOW_S, true), 0);
    /* ERC21 important from now on (and recorded) */
    uint8_t f9[16];
    memset(f9, 0xFF, 8);
    memset(f9 + 8, 0, 8);
    f9[8 + 20 / 8] = 1u << (20 % 8);
    assert_int_equal(store_param_set(t->st, 9, 0, f9, 16, 1, H_NOW_S), 0);
    assert_int_equal(cc_events_erc21_fault(&ev, H_NOW_S + 600, 99), 0);
    /* one before the others in time, raised last */
    assert_int_equal(cc_events_erc21_fault(&ev, H_NOW_S - 600, 98), 0);
    req(t, 3, 0, 21, 0);
    h_assert_data(t, 0x0E);
    const gdw13761_unit *u = &t->ans_units[0];
    assert_int_equal(h_int(u, "erc"), 21);
    assert_int_equal(h_int(u, "count"), 5);
    assert_int_equal(h_int(u, "ec1"), 3);
    assert_int_equal(h_int(u, "ec2"), 3);
    /* oldest first: faults 98, 1, 2, 3, 99 (last byte of each 8-byte record) */
    static const uint8_t faults[5] = {98, 1, 2, 3, 99};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(u->raw[4 + 8 * i + 7], faults[i]);
    /* the latest two */
    req(t, 3, 0, 21, 2);
    u = &t->ans_units[0];
    assert_int_equal(h_int(u, "count"), 2);
    assert_int_equal(u->raw[4 + 7], 3);
    assert_int_equal(u->raw[4 + 8 + 7], 99);
    /* F3 moves no read pointer */
    assert_false(t->fx.events_read);
    assert_int_equal(read_ptr(t, STORE_EV_GENERAL), 0);
    /* an ERC without records: count 0 */
    req(t, 3, 0, 41, 0);
    h_assert_data(t, 0x0E);
    assert_int_equal(h_int(&t->ans_units[0], "count"), 0);
    assert_int_equal(t->ans_units[0].raw_len, 4);
}

static void test_deny_paths(void **state)
{
    h_t *t = *state;
    cc_events ev;
    cc_events_init(&ev, t->st);
    general(&ev, 3);
    /* F1 of a measurement point: no p0 unit */
    req(t, 2, 1, 0, 3);
    h_assert_deny(t);
    assert_false(t->fx.events_read);
    assert_int_equal(read_ptr(t, STORE_EV_GENERAL), 0);
    /* Fn 4 is not catalogued: the request does not decode */
    gdw13761_unit u = {.pn = 0, .fn = 4, .value = NULL};
    static const uint8_t raw2[2] = {0, 3};
    mdc_value *b = mdc_v_add_bytes(&t->va, NULL, NULL, MDC_V_BYTES, raw2, 2);
    u.value = b;
    h_request(t, 0x0E, &u, 1);
    h_assert_deny(t);
    assert_false(t->fx.events_read);
}

static void test_afn0c_f9_inputs_read(void **state)
{
    h_t *t = *state;
    t->live.state_inputs = 0x03;
    t->live.state_changes = 0x02;
    static const uint16_t f2 = 2, f9 = 9;
    h_read(t, 0x0C, 0, &f2, 1);
    h_assert_data(t, 0x0C);
    assert_false(t->fx.inputs_read);
    h_read(t, 0x0C, 0, &f9, 1);
    h_assert_data(t, 0x0C);
    assert_true(t->fx.inputs_read);
    assert_int_equal(h_ans_unit(t, 0, 9)->raw[1], 0x02);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty_store, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_important_range_and_read_pointer, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_wrap_and_not_kept, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_long_answer_continues, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_random_ranges_consistent, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_f3_by_erc, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_deny_paths, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_afn0c_f9_inputs_read, h_setup, h_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
