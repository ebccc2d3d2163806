/* cc_dispatch, measurement-point data through mdata: AFN0C p1-32 x several
 * Fn (pn ranges and DA FF 00) answered in one answer that splits into
 * frames and reassembles; AFN0D frozen data and curves with labels; points
 * without data left out; nothing left -> denied; p0 and point units mixed;
 * AFN0C F11 from the reader ports and F13 from the found meters. */
#include "disp_harness.h"

#include "cc/mdata.h"
#include "gdw13761/frame.h"
#include "mdc/bcd.h"

#define NPTS 32

/* AFN04 F10: points 1..n on port 2, DL/T 645-2007, 4 tariffs. */
static void meters(h_t *t, size_t n)
{
    static uint8_t b[2 + 64 * 27];
    memset(b, 0, sizeof b);
    b[0] = (uint8_t)n;
    for (size_t i = 0; i < n; i++) {
        uint8_t *e = b + 2 + i * 27;
        e[0] = (uint8_t)(i + 1);
        e[2] = (uint8_t)(i + 1);
        e[4] = 0x02 | 3u << 5;
        e[5] = 30;
        e[6] = mdc_u8_to_bcd((unsigned)(i + 1));
        e[18] = 4;
        e[19] = 0x09;
    }
    assert_int_equal(store_param_set(t->st, 10, 0, b, 2 + n * 27, 0, 0), 0);
}

static void put(h_t *t, uint16_t pn, uint32_t di, const uint8_t *d, size_t n, int64_t ts)
{
    mdata_point p;
    assert_int_equal(mdata_point_lookup(t->st, pn, &p), 0);
    assert_int_equal(store_round_begin(t->st), 0);
    assert_int_equal(mdata_on_item(t->st, &p, di, d, n, ts), 0);
    assert_int_equal(store_round_commit(t->st, ts), 0);
}

/* Forward / reverse active blocks (total + 4 tariffs) and a demand block of
 * point pn, read at ts: forward total = pn x 100.00 kWh. */
static void read_point(h_t *t, uint16_t pn, int64_t ts)
{
    uint8_t d[40];
    for (int k = 0; k < 5; k++)
        assert_true(mdc_bcd_encode_le(k == 0 ? pn * 10000u : pn * 2500u, d + 4 * k, 4));
    put(t, pn, 0x0001FF00u, d, 20, ts);
    put(t, pn, 0x0002FF00u, d, 20, ts);
    for (int k = 0; k < 5; k++) {
        assert_true(mdc_bcd_encode_le(pn * 100u, d + 8 * k, 3));
        const uint8_t tm[5] = {0x15, 0x09, 0x20, 0x11, 0x26};
        memcpy(d + 8 * k + 3, tm, 5);
    }
    put(t, pn, 0x0101FF00u, d, 40, ts);
}

/* A request too big for the harness's answer arena: dispatched here, the
 * answer decoded into a larger arena (units into t->ans_units). */
static void big_request(h_t *t, uint8_t afn, const gdw13761_unit *units, size_t n)
{
    static uint8_t arena[1 << 20];
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    f.prm = true;
    f.fc = 11;
    snprintf(f.a1, sizeof f.a1, "3501");
    f.a2 = 1;
    f.afn = afn;
    f.fir = f.fin = true;
    gdw13761_err e;
    if (gdw13761_msg_encode(&f, units, n, t->frame, sizeof t->frame, &t->frame_len, &e) != 0)
        fail_msg("request encode: %s", e.msg);
    mdc_arena_init(&t->req_arena, t->req_arena_buf, sizeof t->req_arena_buf);
    t->decode_rc = gdw13761_msg_decode(t->frame, t->frame_len, &t->req, t->req_units, H_UNITS,
                                       &t->req_arena, &e);
    assert_int_equal(t->decode_rc, 0);
    t->rc = cc_dispatch_request(t->d, CC_SRC_UPLINK, &t->req, t->decode_rc, t->now, &t->live,
                                &t->ans, &t->fx);
    assert_int_equal(t->rc, 0);
    h_assert_data(t, afn);
    t->region_len = 0;
    for (size_t i = 0; i < t->ans.n; i++) {
        memcpy(t->region + t->region_len, t->ans.units[i].p, t->ans.units[i].len);
        t->region_len += t->ans.units[i].len;
    }
    mdc_arena a;
    mdc_arena_init(&a, arena, sizeof arena);
    if (gdw13761_msg_decode_units(afn, true, t->region, t->region_len, &t->am, t->ans_units,
                                  H_UNITS, &a, &e) != 0)
        fail_msg("answer does not decode: %s", e.msg);
}

static int64_t total_hundredths(const gdw13761_unit *u, const char *arr)
{
    assert_non_null(u);
    int64_t mant = -1;
    assert_true(mdc_v_mant(mdc_v_at(mdc_v_get(u->value, arr), 0), 2, &mant));
    return mant;
}

static void test_p1_32_several_fn(void **state)
{
    h_t *t = *state;
    meters(t, NPTS + 1); /* point 33 is configured but never read */
    for (uint16_t pn = 1; pn <= NPTS; pn++)
        read_point(t, pn, H_NOW_S - 600);
    static const uint16_t fns[] = {33, 34, 35, 129, 131, 145};
    gdw13761_unit u[NPTS * 6 + 6];
    size_t n = 0;
    for (uint16_t pn = 1; pn <= NPTS + 1; pn++)
        for (size_t k = 0; k < 6; k++)
            u[n++] = (gdw13761_unit){.pn = pn, .fn = fns[k]};
    big_request(t, 0x0C, u, n);
    assert_int_equal(t->am.nunits, NPTS * 6);
    for (uint16_t pn = 1; pn <= NPTS; pn++) {
        assert_int_equal(total_hundredths(h_ans_unit(t, pn, 129), "energy"), pn * 10000);
        assert_int_equal(total_hundredths(h_ans_unit(t, pn, 33), "fwd_active"), pn * 10000);
        assert_int_equal(total_hundredths(h_ans_unit(t, pn, 34), "rev_active"), pn * 10000);
        assert_int_equal(h_int(h_ans_unit(t, pn, 35), "tariff_count"), 4);
        assert_non_null(h_ans_unit(t, pn, 145));
    }
    assert_null(h_ans_unit(t, NPTS + 1, 129)); /* no data: left out */
    /* the F129 unit of p7 byte for byte: read time 10:10, M 4, 700.0000 then 175.0000 */
    const gdw13761_unit *p7 = h_ans_unit(t, 7, 129);
    static const uint8_t want[] = {0x10, 0x10, 0x21, 0x11, 0x26, 0x04, 0x00, 0x00,
                                   0x00, 0x07, 0x00, 0x00, 0x00, 0x75, 0x01, 0x00};
    assert_true(p7->raw_len == 6 + 5 * 5);
    assert_memory_equal(p7->raw, want, sizeof want);
    /* the answer splits into frames of at most 4096 bytes and comes back whole */
    gdw13761_frame tmpl;
    memset(&tmpl, 0, sizeof tmpl);
    tmpl.dir = true;
    tmpl.fc = 8;
    snprintf(tmpl.a1, sizeof tmpl.a1, "3501");
    tmpl.a2 = 1;
    tmpl.afn = 0x0C;
    gdw13761_split s;
    gdw13761_err e;
    assert_int_equal(gdw13761_split_init(&s, &tmpl, t->ans.units, t->ans.n, 4096, &e), 0);
    static uint8_t frame[4096], region[CC_DISPATCH_ANSWER_MAX];
    gdw13761_reasm r;
    gdw13761_reasm_init(&r, region, sizeof region);
    size_t w = 0;
    int got, frames = 0, done = 0;
    while ((got = gdw13761_split_next(&s, frame, sizeof frame, &w, &e)) == 1) {
        frames++;
        assert_true(w <= 4096);
        gdw13761_msg fm;
        static gdw13761_unit fu[H_UNITS];
        static uint8_t fa[1 << 17];
        mdc_arena a;
        mdc_arena_init(&a, fa, sizeof fa);
        assert_int_equal(gdw13761_msg_decode(frame, w, &fm, fu, H_UNITS, &a, &e), 0);
        done = gdw13761_reasm_add(&r, &fm.frame, &e);
        assert_true(done >= 0);
    }
    assert_int_equal(got, 0);
    assert_true(frames > 1);
    assert_int_equal(done, 1);
    assert_int_equal(r.len, t->region_len);
    assert_memory_equal(region, t->region, r.len);
}

/* DA FF 00: every point of F10 (those with data answer). */
static void test_all_points(void **state)
{
    h_t *t = *state;
    meters(t, NPTS);
    for (uint16_t pn = 1; pn <= NPTS; pn += 2)
        read_point(t, pn, H_NOW_S - 60);
    gdw13761_unit u[] = {{.pn = GDW13761_PN_ALL, .fn = 129}, {.pn = 0, .fn = 2}};
    h_request(t, 0x0C, u, 2);
    h_assert_data(t, 0x0C);
    assert_int_equal(t->am.nunits, NPTS / 2 + 1);
    assert_non_null(h_ans_unit(t, 0, 2)); /* p0 clock as before */
    for (uint16_t pn = 1; pn <= NPTS; pn++) {
        if (pn % 2)
            assert_int_equal(total_hundredths(h_ans_unit(t, pn, 129), "energy"), pn * 10000);
        else
            assert_null(h_ans_unit(t, pn, 129));
    }
}

/* Nothing left: the existing deny; an unsupported point Fn is left out. */
static void test_no_data_denied(void **state)
{
    h_t *t = *state;
    meters(t, 2);
    static const uint16_t fns[] = {129, 26};
    h_read(t, 0x0C, 1, fns, 2);
    h_assert_deny(t);
    assert_string_equal(cc_dispatch_why(t->d), "AFN0C: no data for any unit asked");
    read_point(t, 1, H_NOW_S - 60);
    h_read(t, 0x0C, 1, fns, 2);
    h_assert_data(t, 0x0C);
    assert_int_equal(t->am.nunits, 1);
    assert_non_null(h_ans_unit(t, 1, 129));
}

static mdc_value *label_d(h_t *t, unsigned y, unsigned m, unsigned d)
{
    mdc_value *o = mdc_v_new(&t->va, MDC_V_OBJECT);
    mdc_tm tm = {.year = (uint16_t)y, .mon = (uint8_t)m, .day = (uint8_t)d, .fields = MDC_TM_DATE};
    mdc_v_add_time(&t->va, o, "td_d", &tm);
    return o;
}

static mdc_value *label_c(h_t *t, int64_t start, unsigned m, unsigned n)
{
    mdc_value *o = mdc_v_new(&t->va, MDC_V_OBJECT);
    mdc_value *g = mdc_v_add_obj(&t->va, o, "td_c");
    mdc_tm tm;
    mdc_tm_from_epoch(start, &tm);
    tm.fields = MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN;
    mdc_v_add_time(&t->va, g, "time", &tm);
    mdc_v_add_int(&t->va, g, "density", m, NULL);
    mdc_v_add_int(&t->va, g, "points", n, NULL);
    return o;
}

/* AFN0D: F161 of yesterday for p1-8 (first reading of today), a future
 * label left out, the F81 curve with a missing point, p0 F53 as before. */
static void test_afn0d(void **state)
{
    h_t *t = *state;
    meters(t, 8);
    int64_t midnight = H_NOW_S - (10 * 3600 + 20 * 60 + 30); /* 2026-11-21 00:00 */
    for (uint16_t pn = 1; pn <= 8; pn++)
        read_point(t, pn, midnight + 300);
    uint8_t pw[12] = {0};
    assert_true(mdc_bcd_encode_le(12345, pw, 3)); /* 1.2345 kW total */
    put(t, 1, 0x0203FF00u, pw, 12, midnight + 10 * 3600 + 2);
    gdw13761_unit u[12];
    size_t n = 0;
    for (uint16_t pn = 1; pn <= 8; pn++)
        u[n++] = (gdw13761_unit){.pn = pn, .fn = 161, .value = label_d(t, 2026, 11, 20)};
    u[n++] = (gdw13761_unit){.pn = 0, .fn = 53, .value = label_d(t, 2026, 11, 20)};
    h_request(t, 0x0D, u, n);
    h_assert_data(t, 0x0D);
    assert_int_equal(t->am.nunits, 9);
    for (uint16_t pn = 1; pn <= 8; pn++)
        assert_int_equal(total_hundredths(h_ans_unit(t, pn, 161), "energy"), pn * 10000);
    assert_non_null(h_ans_unit(t, 0, 53));
    /* today is not frozen yet, tomorrow is the future: denied */
    u[0] = (gdw13761_unit){.pn = 1, .fn = 161, .value = label_d(t, 2026, 11, 21)};
    u[1] = (gdw13761_unit){.pn = 1, .fn = 1, .value = label_d(t, 2026, 11, 22)};
    h_request(t, 0x0D, u, 2);
    h_assert_deny(t);
    /* curve: 10:00, 10:15 (not read) at 15 min */
    u[0] = (gdw13761_unit){.pn = 1, .fn = 81, .value = label_c(t, midnight + 10 * 3600, 1, 2)};
    h_request(t, 0x0D, u, 1);
    h_assert_data(t, 0x0D);
    const gdw13761_unit *c = h_ans_unit(t, 1, 81);
    assert_non_null(c);
    static const uint8_t want[] = {0x00, 0x10, 0x21, 0x11, 0x26, 0x01, 0x02,
                                   0x45, 0x23, 0x01, 0xEE, 0xEE, 0xEE};
    assert_int_equal(c->raw_len, sizeof want);
    assert_memory_equal(c->raw, want, sizeof want);
}

/* F11 from the reader ports; F13 with more meters than one block holds. */
static void test_f11_f13(void **state)
{
    h_t *t = *state;
    cc_reader_port_stats ps[2] = {
        {.port = 2,
         .meters = 12,
         .busy = true,
         .ok = 10,
         .key_ok = 3,
         .start_clock_ms = (H_NOW_S - 120) * 1000,
         .end_clock_ms = 0},
        {.port = 3, .meters = 5, .done_in_period = true, .ok = 5},
    };
    t->live.reader_ports = ps;
    t->live.n_reader_ports = 2;
    for (unsigned i = 0; i < 100; i++) {
        store_found f = {.port = 2, .protocol = 30, .baud = 2400, .time = H_NOW_S};
        f.addr[0] = mdc_u8_to_bcd(i % 100);
        f.addr[1] = mdc_u8_to_bcd(i / 100 + 1);
        assert_int_equal(store_found_put(t->st, &f), 0);
    }
    static const uint16_t fns[] = {11, 13};
    h_read(t, 0x0C, 0, fns, 2);
    h_assert_data(t, 0x0C);
    const gdw13761_unit *f11 = h_ans_unit(t, 0, 11);
    assert_int_equal(f11->raw_len, 1 + 2 * 19);
    static const uint8_t blk0[] = {0x02, 12, 0, 0x01, 10, 0, 3};
    assert_int_equal(f11->raw[0], 2);
    assert_memory_equal(f11->raw + 1, blk0, sizeof blk0);
    /* start 2026-11-21 10:18:30 (A.1, Saturday = 6), end missing */
    static const uint8_t start[] = {0x30, 0x18, 0x10, 0x21, 0xD1, 0x26};
    assert_memory_equal(f11->raw + 8, start, 6);
    for (size_t i = 14; i < 20; i++)
        assert_int_equal(f11->raw[i], 0xEE);
    assert_int_equal(f11->raw[20], 3);
    assert_int_equal(f11->raw[23], 0x02);
    /* F13: two blocks (76 + 24), total 100 each */
    size_t blocks = 0, meters_seen = 0;
    for (size_t i = 0; i < t->am.nunits; i++) {
        const gdw13761_unit *u = &t->ans_units[i];
        if (u->fn != 13)
            continue;
        blocks++;
        assert_int_equal(h_int(u, "total"), 100);
        meters_seen += (size_t)h_int(u, "count");
    }
    assert_int_equal(blocks, 2);
    assert_int_equal(meters_seen, 100);
    const gdw13761_unit *f13 = h_ans_unit(t, 0, 13);
    const mdc_value *m0 = mdc_v_at(mdc_v_get(f13->value, "meters"), 0);
    const mdc_value *addr = mdc_v_get(m0, "addr");
    assert_int_equal(addr->kind, MDC_V_STR);
    assert_memory_equal(addr->u.str.p, "000000000100", 12);
    /* no found meters: total 0, count 0 */
    assert_int_equal(store_found_clear(t->st, 0), 0);
    static const uint16_t f13only[] = {13};
    h_read(t, 0x0C, 0, f13only, 1);
    h_assert_data(t, 0x0C);
    assert_int_equal(h_int(h_ans_unit(t, 0, 13), "total"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_p1_32_several_fn, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_all_points, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_no_data_denied, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_afn0d, h_setup, h_teardown),
        cmocka_unit_test_setup_teardown(test_f11_f13, h_setup, h_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
