/* AFN04 set / AFN0A query through the dispatcher: every catalogued AFN04 Fn
 * set then read back byte for byte, list parameters queried by key, wrong
 * length and out-of-range values denied with nothing stored, atomic
 * multi-unit sets, effects. */
#include "disp_harness.h"

#include "../param_sample.h"

static uint16_t pn_for(const gdw13761_fn *row)
{
    return row->pn == GDW13761_PN_P0 ? 0 : 3;
}

/* The AFN0A query of Fn asking for list keys 1..nkeys (F38/F39: major). */
static const mdc_value *query_for(h_t *t, uint16_t fn, size_t nkeys, int64_t major)
{
    mdc_arena *a = &t->va;
    if (fn == 38 || fn == 39) {
        mdc_value *q = mdc_v_add_obj(a, NULL, NULL);
        mdc_v_add_int(a, q, "major", major, NULL);
        mdc_v_add_arr(a, q, "minors");
        return q;
    }
    if (nkeys == 0)
        return NULL;
    mdc_value *q = mdc_v_add_obj(a, NULL, NULL);
    mdc_value *arr = mdc_v_add_arr(a, q, fn == 10 ? "indexes" : "items");
    for (size_t k = 1; k <= nkeys; k++)
        mdc_v_add_int(a, arr, NULL, (int64_t)k, NULL);
    return q;
}

static void test_every_param_set_then_read(void **state)
{
    h_t *t = *state;
    static uint8_t want[1024];
    size_t nset = 0;
    for (size_t i = 0; gdw13761_cat_at(i); i++) {
        const gdw13761_fn *row = gdw13761_cat_at(i);
        if (row->afn != 0x04 || row->dir != GDW13761_DOWN)
            continue;
        mdc_arena_reset(&t->va);
        mdc_value *v = gdw13761_unit_sample(row->layout, 2u + 2u * (unsigned)i, &t->va);
        assert_non_null(v);
        size_t nkeys = make_valid(row->fn, v);
        size_t w = 0;
        gdw13761_err e;
        assert_int_equal(gdw13761_unit_encode(row->layout, v, want, sizeof want, &w, &e), 0);
        uint16_t pn = pn_for(row);
        gdw13761_unit u = {.pn = pn, .fn = row->fn, .value = v};
        h_request(t, 0x04, &u, 1);
        assert_int_equal(t->decode_rc, 0);
        if (row->fn == 150) { /* read-only: AFN00 F3 deny */
            h_assert_data(t, 0x00);
            assert_int_equal(t->fx.params_changed, false);
            continue;
        }
        if (t->ans.kind != CC_LINK_ANS_CONFIRM)
            fail_msg("F%u set: kind %d (%s)", row->fn, t->ans.kind, cc_dispatch_why(t->d));
        assert_int_equal(t->rc, 0);
        assert_true(t->fx.params_changed);
        assert_int_equal(t->fx.n_changed, 1);
        assert_int_equal(t->fx.changed_fn[0], row->fn);
        nset++;
        /* read it back */
        int64_t major = 0;
        if (row->fn == 38 || row->fn == 39)
            mdc_v_int(mdc_v_get(v, "major"), &major);
        gdw13761_unit q = {.pn = pn, .fn = row->fn, .value = query_for(t, row->fn, nkeys, major)};
        h_request(t, 0x0A, &q, 1);
        assert_int_equal(t->decode_rc, 0);
        h_assert_data(t, 0x0A);
        const gdw13761_unit *a = h_ans_unit(t, pn, row->fn);
        assert_non_null(a);
        if (a->raw_len != w || memcmp(a->raw, want, w) != 0)
            fail_msg("F%u: %zu bytes back, %zu set", row->fn, a->raw_len, w);
    }
    assert_int_equal(nset, 38);
}

static void test_read_defaults_and_many(void **state)
{
    h_t *t = *state;
    static const uint16_t fns[] = {1, 3, 8, 89};
    h_read(t, 0x0A, 0, fns, 4);
    h_assert_data(t, 0x0A);
    assert_int_equal(t->am.nunits, 4);
    for (size_t i = 0; i < 4; i++) {
        uint8_t def[256];
        size_t n = 0;
        assert_int_equal(store_param_default(NULL, fns[i], 0, def, sizeof def, &n), 0);
        const gdw13761_unit *a = h_ans_unit(t, 0, fns[i]);
        assert_non_null(a);
        assert_int_equal(a->raw_len, n);
        assert_memory_equal(a->raw, def, n);
    }
    /* F1 default as the standard's bytes: 6 bytes */
    assert_int_equal(h_ans_unit(t, 0, 1)->raw_len, 6);
}

static void test_list_unknown_keys_left_out(void **state)
{
    h_t *t = *state;
    /* F10 with no meter set: the unit has no data, the request is denied */
    gdw13761_unit q = {.pn = 0, .fn = 10, .value = query_for(t, 10, 3, 0)};
    h_request(t, 0x0A, &q, 1);
    h_assert_deny(t);
    /* together with F1 only F1 comes back */
    gdw13761_unit two[2] = {{.pn = 0, .fn = 1}, q};
    h_request(t, 0x0A, two, 2);
    h_assert_data(t, 0x0A);
    assert_int_equal(t->am.nunits, 1);
    assert_non_null(h_ans_unit(t, 0, 1));
}

static void test_out_of_range_denied(void **state)
{
    h_t *t = *state;
    /* F67 p1 action 33H: only 55H/AAH allowed */
    uint8_t bad = 0x33;
    mdc_value *v = mdc_v_add_obj(&t->va, NULL, NULL);
    mdc_v_add_int(&t->va, v, "action", bad, NULL);
    gdw13761_unit u = {.pn = 1, .fn = 67, .value = v};
    h_request(t, 0x04, &u, 1);
    assert_int_equal(t->decode_rc, 0);
    h_assert_data(t, 0x00);
    assert_int_equal(t->am.nunits, 1);
    const gdw13761_unit *a = h_ans_unit(t, 0, 3);
    assert_non_null(a);
    /* raw AFN00 F3: afn 04, DA p1 = 01 01, DT F67 = 04 08, ERR 1 */
    static const uint8_t want[] = {0x04, 0x01, 0x01, 0x04, 0x08, 0x01};
    assert_int_equal(a->raw_len, sizeof want);
    assert_memory_equal(a->raw, want, sizeof want);
    assert_int_equal(store_param_changes(t->st, 67, 1), 0);
    assert_false(t->fx.params_changed);
    assert_non_null(strstr(cc_dispatch_why(t->d), "F67"));
}

static void test_wrong_length_denied(void **state)
{
    h_t *t = *state;
    /* F1 is 6 bytes: 5 and 7 raw bytes */
    static const uint8_t b7[7] = {1, 2, 30, 0x10, 0, 5, 9};
    for (size_t len = 5; len <= 7; len += 2) {
        mdc_value *v = mdc_v_add_bytes(&t->va, NULL, NULL, MDC_V_BYTES, b7, len);
        gdw13761_unit u = {.pn = 0, .fn = 1, .value = v};
        h_request(t, 0x04, &u, 1);
        h_assert_deny(t);
        assert_int_equal(store_param_changes(t->st, 1, 0), 0);
    }
    /* a wrong length inside a decodable request: F89 given to the store with
     * an uncatalogued Fn: F17 is no parameter (last unit: raw bytes) */
    static const uint8_t b3[3] = {1, 2, 3};
    gdw13761_unit u = {
        .pn = 0, .fn = 17, .value = mdc_v_add_bytes(&t->va, NULL, NULL, MDC_V_BYTES, b3, 3)};
    h_request(t, 0x04, &u, 1);
    assert_int_equal(t->decode_rc, 0);
    h_assert_data(t, 0x00);
    assert_int_equal(h_int(h_ans_unit(t, 0, 3), "afn"), 4);
    assert_false(t->fx.params_changed);
}

static void test_multi_unit_one_bad_stores_nothing(void **state)
{
    h_t *t = *state;
    mdc_arena *a = &t->va;
    /* F1 valid (6 bytes), F89 valid, F67 p1 bad */
    static const uint8_t f1[6] = {10, 1, 30, 0x20, 0x01, 5};
    mdc_value *v1 = mdc_v_add_bytes(a, NULL, NULL, MDC_V_BYTES, f1, 6);
    mdc_value *v89 = mdc_v_add_obj(a, NULL, NULL);
    mdc_v_add_int(a, v89, "region", 3501, NULL);
    mdc_v_add_int(a, v89, "addr", 7, NULL);
    mdc_value *v67 = mdc_v_add_obj(a, NULL, NULL);
    mdc_v_add_int(a, v67, "action", 0x12, NULL);
    gdw13761_unit u[3] = {
        {.pn = 0, .fn = 1, .value = v1},
        {.pn = 0, .fn = 89, .value = v89},
        {.pn = 1, .fn = 67, .value = v67},
    };
    h_request(t, 0x04, u, 3);
    assert_int_equal(t->decode_rc, 0);
    h_assert_data(t, 0x00);
    const gdw13761_unit *r = h_ans_unit(t, 0, 3);
    const mdc_value *items = mdc_v_get(r->value, "items");
    assert_int_equal(items->u.list.n, 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(h_int(&(gdw13761_unit){.fn = 3, .value = mdc_v_at(items, i)}, "err"), 1);
    assert_int_equal(store_param_changes(t->st, 1, 0), 0);
    assert_int_equal(store_param_changes(t->st, 89, 0), 0);
    assert_false(t->fx.params_changed);
    /* the same without the bad unit: both stored, one confirm, both Fn changed */
    h_request(t, 0x04, u, 2);
    assert_int_equal(t->ans.kind, CC_LINK_ANS_CONFIRM);
    assert_int_equal(store_param_changes(t->st, 1, 0), 1);
    assert_int_equal(store_param_changes(t->st, 89, 0), 1);
    assert_true(t->fx.params_changed);
    assert_int_equal(t->fx.n_changed, 2);
    assert_int_equal(t->fx.changed_fn[0], 1);
    assert_int_equal(t->fx.changed_fn[1], 89);
    /* the change log names the master address of the request */
    store_param_change log[4];
    size_t n = 0;
    assert_int_equal(store_param_log(t->st, 0, log, 4, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(log[0].msa, 5);
    assert_int_equal(log[0].time, H_NOW_S);
}

static void test_pn_all_denied(void **state)
{
    h_t *t = *state;
    mdc_value *v = mdc_v_add_obj(&t->va, NULL, NULL);
    mdc_v_add_int(&t->va, v, "action", 0x55, NULL);
    gdw13761_unit u = {.pn = GDW13761_PN_ALL, .fn = 67, .value = v};
    h_request(t, 0x04, &u, 1);
    h_assert_data(t, 0x00);
    assert_false(t->fx.params_changed);
}

/* F10 with 3 meters (keys 1..3); a query for 3, 9, 1 answers 2 meters in
 * the order asked. F38 by user class. Several pn in one request. */
static void test_list_query_by_key(void **state)
{
    h_t *t = *state;
    const gdw13761_fn *row = gdw13761_cat_find(0x04, 10, GDW13761_DOWN);
    mdc_value *v = NULL;
    for (unsigned seed = 1; seed < 64; seed++) {
        mdc_arena_reset(&t->va);
        v = gdw13761_unit_sample(row->layout, seed, &t->va);
        if (mdc_v_get(v, "meters")->u.list.n == 3)
            break;
    }
    assert_int_equal(make_valid(10, v), 3);
    uint8_t set[2 + 3 * 27];
    size_t w = 0;
    gdw13761_err e;
    assert_int_equal(gdw13761_unit_encode(row->layout, v, set, sizeof set, &w, &e), 0);
    assert_int_equal(w, sizeof set);
    gdw13761_unit u = {.pn = 0, .fn = 10, .value = v};
    h_request(t, 0x04, &u, 1);
    assert_int_equal(t->ans.kind, CC_LINK_ANS_CONFIRM);
    mdc_value *q = mdc_v_add_obj(&t->va, NULL, NULL);
    mdc_value *arr = mdc_v_add_arr(&t->va, q, "indexes");
    mdc_v_add_int(&t->va, arr, NULL, 3, NULL);
    mdc_v_add_int(&t->va, arr, NULL, 9, NULL);
    mdc_v_add_int(&t->va, arr, NULL, 1, NULL);
    gdw13761_unit qu = {.pn = 0, .fn = 10, .value = q};
    h_request(t, 0x0A, &qu, 1);
    h_assert_data(t, 0x0A);
    const gdw13761_unit *a = h_ans_unit(t, 0, 10);
    assert_int_equal(a->raw_len, 2 + 2 * 27);
    assert_int_equal(a->raw[0], 2);
    assert_int_equal(a->raw[1], 0);
    assert_memory_equal(a->raw + 2, set + 2 + 2 * 27, 27); /* meter 3 */
    assert_memory_equal(a->raw + 2 + 27, set + 2, 27);     /* meter 1 */
    gdw13761_unit first = {.fn = 10, .value = mdc_v_at(mdc_v_get(a->value, "meters"), 0)};
    assert_int_equal(h_int(&first, "index"), 3);

    /* F38 for user classes 2 and 5: each read by its class */
    const gdw13761_fn *r38 = gdw13761_cat_find(0x04, 38, GDW13761_DOWN);
    uint8_t b38[2][256];
    size_t l38[2];
    for (int k = 0; k < 2; k++) {
        mdc_arena_reset(&t->va);
        mdc_value *v38 = gdw13761_unit_sample(r38->layout, 7u + (unsigned)k, &t->va);
        make_valid(38, v38);
        mdc_value *major = (mdc_value *)mdc_v_get(v38, "major");
        major->kind = MDC_V_INT;
        major->u.i = k == 0 ? 2 : 5;
        assert_int_equal(gdw13761_unit_encode(r38->layout, v38, b38[k], 256, &l38[k], &e), 0);
        gdw13761_unit s38 = {.pn = 0, .fn = 38, .value = v38};
        h_request(t, 0x04, &s38, 1);
        assert_int_equal(t->ans.kind, CC_LINK_ANS_CONFIRM);
    }
    for (int k = 1; k >= 0; k--) {
        mdc_arena_reset(&t->va);
        mdc_value *q38 = mdc_v_add_obj(&t->va, NULL, NULL);
        mdc_v_add_int(&t->va, q38, "major", k == 0 ? 2 : 5, NULL);
        mdc_v_add_arr(&t->va, q38, "minors");
        gdw13761_unit r = {.pn = 0, .fn = 38, .value = q38};
        h_request(t, 0x0A, &r, 1);
        h_assert_data(t, 0x0A);
        assert_int_equal(h_ans_unit(t, 0, 38)->raw_len, l38[k]);
        assert_memory_equal(h_ans_unit(t, 0, 38)->raw, b38[k], l38[k]);
    }

    /* F25 of p1 and p2 in one identifier: both answered (defaults) */
    gdw13761_unit two[2] = {{.pn = 1, .fn = 25}, {.pn = 2, .fn = 25}};
    h_request(t, 0x0A, two, 2);
    h_assert_data(t, 0x0A);
    assert_int_equal(t->am.nunits, 2);
    assert_int_equal(t->ans.n, 1); /* one identifier: DA p1 p2, DT F25 */
    assert_non_null(h_ans_unit(t, 1, 25));
    assert_non_null(h_ans_unit(t, 2, 25));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_param_set_then_read, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_read_defaults_and_many, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_list_unknown_keys_left_out, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_out_of_range_denied, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_wrong_length_denied, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_multi_unit_one_bad_stores_nothing, h_setup,
                                        h_teardown),
        cmocka_unit_test_setup_teardown(test_pn_all_denied, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_list_query_by_key, h_setup, h_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
