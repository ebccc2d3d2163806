/* Unit tests for multi-frame split and reassembly: FIR/FIN per frame, RSEQ
 * from the request's PSEQ modulo 16 (§4.3.4.3.5 c, the Fig. 7 example),
 * never splitting a unit, gaps and reorders detected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gdw13761/frame.h"

static gdw13761_frame tmpl(void)
{
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    memcpy(f.a1, "3501", 5);
    f.a2 = 0x0102;
    f.dir = true;
    f.fc = GDW13761_FC_RSP_DATA;
    f.afn = 0x0D;
    return f;
}

/* 10 units of 4 + 20 bytes each, bytes numbered so order is checkable */
static uint8_t unit_bytes[10][24];
static gdw13761_span units[10];

static void make_units(void)
{
    for (unsigned i = 0; i < 10; i++) {
        for (unsigned j = 0; j < 24; j++)
            unit_bytes[i][j] = (uint8_t)(i * 24 + j);
        units[i] = (gdw13761_span){unit_bytes[i], 24};
    }
}

typedef struct {
    uint8_t b[16][256];
    size_t len[16];
    size_t n;
} frames;

static frames split(const gdw13761_frame *t, size_t n, size_t max)
{
    frames out = {.n = 0};
    gdw13761_split s;
    gdw13761_err err = {0};
    if (gdw13761_split_init(&s, t, units, n, max, &err) != 0)
        fail_msg("%s", err.msg);
    int rc;
    while ((rc = gdw13761_split_next(&s, out.b[out.n], 256, &out.len[out.n], &err)) == 1) {
        assert_true(out.len[out.n] <= max);
        out.n++;
        assert_true(out.n < 16);
    }
    assert_int_equal(rc, 0);
    return out;
}

static void test_split_fir_fin_rseq(void **state)
{
    (void)state;
    make_units();
    gdw13761_frame t = tmpl();
    t.seq = 14; /* request PSEQ 14 */
    /* 16 overhead + 24 * 3 = 88: three units per frame -> 4 frames (3, 3, 3, 1) */
    frames fs = split(&t, 10, 88);
    assert_int_equal(fs.n, 4);
    static const uint8_t seq[4] = {0x40 | 14, 0x00 | 15, 0x00 | 0, 0x20 | 1};
    static const size_t lens[4] = {88, 88, 88, 40};
    for (size_t i = 0; i < fs.n; i++) {
        assert_int_equal(fs.len[i], lens[i]);
        assert_int_equal(fs.b[i][13], seq[i]);
        gdw13761_frame f;
        assert_int_equal(gdw13761_frame_decode(fs.b[i], fs.len[i], &f, NULL, NULL), 0);
        assert_int_equal(f.afn, 0x0D);
        assert_int_equal(f.units_len % 24, 0);
        /* each frame starts on a unit boundary */
        assert_int_equal(f.units[0], (uint8_t)(i * 3 * 24));
    }
    /* one that fits: single frame, FIR=1 FIN=1, RSEQ = PSEQ */
    t.seq = 3;
    fs = split(&t, 2, 255);
    assert_int_equal(fs.n, 1);
    assert_int_equal(fs.b[0][13], 0x60 | 3);
    /* no units: one empty single frame */
    fs = split(&t, 0, 255);
    assert_int_equal(fs.n, 1);
    assert_int_equal(fs.len[0], 16);
    /* Fig. 7 example: RSEQ 0, 1, 2 with FIR/FIN 10, 00, 01 */
    t.seq = 0;
    fs = split(&t, 3, 40);
    assert_int_equal(fs.n, 3);
    assert_int_equal(fs.b[0][13], 0x40);
    assert_int_equal(fs.b[1][13], 0x01);
    assert_int_equal(fs.b[2][13], 0x22);
}

static void test_split_aux_each_frame(void **state)
{
    (void)state;
    make_units();
    gdw13761_frame t = tmpl();
    t.acd = true;
    t.ec1 = 5;
    t.ec2 = 6;
    t.tpv = true;
    t.tp = (gdw13761_tp){.pfc = 7, .sec = 1, .min = 2, .hour = 3, .day = 4, .delay_min = 5};
    /* 16 + 2 + 6 + 48 = 72: two units per frame */
    frames fs = split(&t, 5, 72);
    assert_int_equal(fs.n, 3);
    for (size_t i = 0; i < fs.n; i++) {
        gdw13761_frame f;
        assert_int_equal(gdw13761_frame_decode(fs.b[i], fs.len[i], &f, NULL, NULL), 0);
        assert_true(f.has_ec && f.tpv);
        assert_int_equal(f.ec1, 5);
        assert_int_equal(f.tp.pfc, 7);
        assert_int_equal(f.tp.delay_min, 5);
    }
}

static void test_split_errors(void **state)
{
    (void)state;
    make_units();
    gdw13761_frame t = tmpl();
    gdw13761_split s;
    gdw13761_err err = {0};
    /* a unit bigger than the room: 16 + 23 */
    assert_int_equal(gdw13761_split_init(&s, &t, units, 3, 39, &err), -1);
    assert_non_null(strstr(err.msg, "data unit 0 (24 bytes) does not fit"));
    units[2].len = 30;
    assert_int_equal(gdw13761_split_init(&s, &t, units, 3, 45, &err), -1);
    assert_non_null(strstr(err.msg, "data unit 2 (30 bytes)"));
    assert_int_equal(err.offset, 2);
    assert_int_equal(gdw13761_split_init(&s, &t, units, 0, 15, &err), -1);
    assert_non_null(strstr(err.msg, "below the 16"));
    /* output buffer too small */
    units[2].len = 24;
    assert_int_equal(gdw13761_split_init(&s, &t, units, 3, 255, &err), 0);
    uint8_t out[40];
    size_t w;
    assert_int_equal(gdw13761_split_next(&s, out, sizeof out, &w, &err), -1);
    assert_int_equal(err.code, GDW13761_E_SPACE);
}

static void decode(const frames *fs, size_t i, gdw13761_frame *f)
{
    assert_int_equal(gdw13761_frame_decode(fs->b[i], fs->len[i], f, NULL, NULL), 0);
}

static void test_reassemble(void **state)
{
    (void)state;
    make_units();
    gdw13761_frame t = tmpl();
    t.seq = 14;
    frames fs = split(&t, 10, 88);
    uint8_t buf[512];
    gdw13761_reasm r;
    gdw13761_reasm_init(&r, buf, sizeof buf);
    gdw13761_err err = {0};
    gdw13761_frame f;
    for (size_t i = 0; i < fs.n; i++) {
        decode(&fs, i, &f);
        int rc = gdw13761_reasm_add(&r, &f, &err);
        assert_int_equal(rc, i + 1 == fs.n ? 1 : 0);
    }
    assert_int_equal(r.len, 240);
    for (unsigned i = 0; i < 240; i++)
        assert_int_equal(buf[i], (uint8_t)i);
    assert_int_equal(r.frames, 4);

    /* gap: frame 2 lost */
    gdw13761_reasm_init(&r, buf, sizeof buf);
    decode(&fs, 0, &f);
    assert_int_equal(gdw13761_reasm_add(&r, &f, &err), 0);
    decode(&fs, 2, &f);
    assert_int_equal(gdw13761_reasm_add(&r, &f, &err), -1);
    assert_non_null(strstr(err.msg, "expected seq 15, got 0"));
    assert_false(r.active);
    /* the rest without a first frame */
    decode(&fs, 3, &f);
    assert_int_equal(gdw13761_reasm_add(&r, &f, &err), -1);
    assert_non_null(strstr(err.msg, "last frame (seq 1) without a first frame"));
    /* out of order */
    decode(&fs, 0, &f);
    assert_int_equal(gdw13761_reasm_add(&r, &f, &err), 0);
    decode(&fs, 2, &f);
    assert_int_equal(gdw13761_reasm_add(&r, &f, &err), -1);
    /* a new first frame abandons an open sequence */
    decode(&fs, 0, &f);
    assert_int_equal(gdw13761_reasm_add(&r, &f, &err), 0);
    assert_int_equal(gdw13761_reasm_add(&r, &f, &err), 0);
    assert_int_equal(r.abandoned, 1);
    /* a frame of another AFN */
    decode(&fs, 1, &f);
    f.afn = 0x0C;
    assert_int_equal(gdw13761_reasm_add(&r, &f, &err), -1);
    assert_non_null(strstr(err.msg, "another sequence"));
    /* buffer too small */
    gdw13761_reasm_init(&r, buf, 100);
    decode(&fs, 0, &f);
    assert_int_equal(gdw13761_reasm_add(&r, &f, &err), 0);
    decode(&fs, 1, &f);
    assert_int_equal(gdw13761_reasm_add(&r, &f, &err), -1);
    assert_int_equal(err.code, GDW13761_E_SPACE);
    /* a single frame completes at once */
    fs = split(&t, 1, 255);
    decode(&fs, 0, &f);
    gdw13761_reasm_init(&r, buf, sizeof buf);
    assert_int_equal(gdw13761_reasm_add(&r, &f, &err), 1);
    assert_int_equal(r.len, 24);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_fir_fin_rseq),
        cmocka_unit_test(test_split_aux_each_frame),
        cmocka_unit_test(test_split_errors),
        cmocka_unit_test(test_reassemble),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
