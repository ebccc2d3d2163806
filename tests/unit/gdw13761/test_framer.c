/* Unit tests for the stream framer (framer.h): split at every byte boundary,
 * garbage, stray 68H, FEH preamble, back-to-back frames, resync counters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gdw13761/framer.h"
#include "mdc/hex.h"

/* notes §1.10: login (ACD=1), ACK F1, heartbeat, reset with PW + Tp */
static const char *const frames_hex[] = {
    "68 3A 00 3A 00 68 E9 49 24 45 58 00 02 70 00 00 01 00 1C 04 86 16",
    "68 32 00 32 00 68 0B 49 24 45 58 02 00 60 00 00 01 00 78 16",
    "68 4A 00 4A 00 68 C9 49 24 45 58 00 02 71 00 00 04 00 40 00 17 04 87 19 45 16",
    ("68 8A 00 8A 00 68 41 03 44 07 00 02 01 F1 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 "
     "00 00 00 00 C1 37 58 10 17 00 FC 16"),
};
#define NFRAMES 4

typedef struct {
    uint8_t b[1024];
    size_t n;
} buf;

static void put(buf *s, const uint8_t *p, size_t n)
{
    assert_true(s->n + n <= sizeof s->b);
    memcpy(s->b + s->n, p, n);
    s->n += n;
}

static void put_hex(buf *s, const char *h)
{
    uint8_t t[256];
    size_t bad;
    long n = mdc_hex_parse(h, t, sizeof t, &bad);
    assert_true(n > 0);
    put(s, t, (size_t)n);
}

/* all frames back to back */
static buf stream_all(void)
{
    buf s = {.n = 0};
    for (int i = 0; i < NFRAMES; i++)
        put_hex(&s, frames_hex[i]);
    return s;
}

typedef struct {
    size_t n;
    size_t len[16];
    uint8_t first_c[16];
} got;

/* Feeds s in chunks of the sizes given by the chunker; collects frames. */
static void feed_all(gdw13761_framer *fr, const uint8_t *p, size_t n, got *g)
{
    while (n) {
        const uint8_t *f;
        size_t fl;
        size_t k = gdw13761_framer_feed(fr, p, n, &f, &fl);
        assert_true(k <= n);
        p += k;
        n -= k;
        if (f) {
            assert_true(g->n < 16);
            g->len[g->n] = fl;
            g->first_c[g->n] = f[6];
            g->n++;
        } else {
            assert_int_equal(n, 0);
        }
    }
    /* drain frames completed from kept bytes */
    for (;;) {
        const uint8_t *f;
        size_t fl;
        gdw13761_framer_feed(fr, p, 0, &f, &fl);
        if (!f)
            break;
        g->len[g->n] = fl;
        g->first_c[g->n] = f[6];
        g->n++;
    }
}

static void expect_all(const got *g)
{
    static const size_t lens[NFRAMES] = {22, 20, 26, 42};
    static const uint8_t cs[NFRAMES] = {0xE9, 0x0B, 0xC9, 0x41};
    assert_int_equal(g->n, NFRAMES);
    for (int i = 0; i < NFRAMES; i++) {
        assert_int_equal(g->len[i], lens[i]);
        assert_int_equal(g->first_c[i], cs[i]);
    }
}

static gdw13761_framer *fr_new(void)
{
    gdw13761_framer *fr = malloc(sizeof *fr);
    assert_non_null(fr);
    gdw13761_framer_init(fr);
    return fr;
}

static void test_whole_and_bytewise(void **state)
{
    (void)state;
    gdw13761_framer *fr = fr_new();
    buf s = stream_all();
    got g = {0};
    feed_all(fr, s.b, s.n, &g);
    expect_all(&g);
    assert_int_equal(fr->stats.frames, NFRAMES);
    assert_int_equal(fr->stats.skipped, 0);
    /* one byte at a time */
    gdw13761_framer_init(fr);
    memset(&g, 0, sizeof g);
    for (size_t i = 0; i < s.n; i++)
        feed_all(fr, s.b + i, 1, &g);
    expect_all(&g);
    free(fr);
}

static void test_split_every_boundary(void **state)
{
    (void)state;
    gdw13761_framer *fr = fr_new();
    buf s = stream_all();
    for (size_t cut = 0; cut <= s.n; cut++) {
        gdw13761_framer_init(fr);
        got g = {0};
        feed_all(fr, s.b, cut, &g);
        feed_all(fr, s.b + cut, s.n - cut, &g);
        expect_all(&g);
        assert_int_equal(fr->stats.bad_header + fr->stats.bad_cs + fr->stats.bad_end, 0);
    }
    free(fr);
}

static void test_garbage_preamble_stray68(void **state)
{
    (void)state;
    gdw13761_framer *fr = fr_new();
    buf s = {.n = 0};
    put_hex(&s, "00 11 22 FE FE FE FE");       /* junk + infrared preamble */
    put_hex(&s, frames_hex[0]);                /* login */
    put_hex(&s, "68 11 22");                   /* stray 68: bad identifier */
    put_hex(&s, frames_hex[1]);                /* ACK */
    put_hex(&s, "68 32 00 32 00 68 01 02 03"); /* a header that passes, then the */
    put_hex(&s, frames_hex[2]);                /* heartbeat inside it: bad CS */
    put_hex(&s, "FE FE");
    put_hex(&s, frames_hex[3]);
    for (size_t cut = 0; cut <= s.n; cut++) {
        gdw13761_framer_init(fr);
        got g = {0};
        feed_all(fr, s.b, cut, &g);
        feed_all(fr, s.b + cut, s.n - cut, &g);
        expect_all(&g);
        assert_int_equal(fr->stats.preamble, 6);
        /* "68 11": identifier 1; the inner "68 01" of the false candidate too */
        assert_int_equal(fr->stats.bad_header, 2);
        assert_int_equal(fr->stats.bad_cs + fr->stats.bad_end, 1);
        assert_int_equal(fr->stats.skipped, 3 + 2 + 4 + 3); /* dropped 68H starts not counted */
    }
    free(fr);
}

static void test_corrupt_frames_counted(void **state)
{
    (void)state;
    gdw13761_framer *fr = fr_new();
    buf s = {.n = 0};
    uint8_t t[64];
    size_t bad;
    /* bad CS */
    long n = mdc_hex_parse(frames_hex[1], t, sizeof t, &bad);
    t[18] ^= 0x01;
    put(&s, t, (size_t)n);
    /* missing 16 */
    n = mdc_hex_parse(frames_hex[1], t, sizeof t, &bad);
    t[19] = 0x00;
    put(&s, t, (size_t)n);
    /* L copies differ */
    n = mdc_hex_parse(frames_hex[1], t, sizeof t, &bad);
    t[3] = 0x36;
    put(&s, t, (size_t)n);
    /* identifier 3 in both copies */
    n = mdc_hex_parse(frames_hex[1], t, sizeof t, &bad);
    t[1] = t[3] = 0x33;
    put(&s, t, (size_t)n);
    /* L1 below 8 */
    n = mdc_hex_parse(frames_hex[1], t, sizeof t, &bad);
    t[1] = t[3] = 0x0A;
    put(&s, t, (size_t)n);
    /* then all good frames */
    buf good = stream_all();
    put(&s, good.b, good.n);
    got g = {0};
    feed_all(fr, s.b, s.n, &g);
    expect_all(&g);
    assert_int_equal(fr->stats.bad_cs, 1);
    assert_int_equal(fr->stats.bad_end, 1);
    /* each dropped candidate's second 68H (offset 5) is tried too: "68 0B" has identifier 3 */
    assert_int_equal(fr->stats.bad_header, 3 + 5);
    assert_int_equal(fr->stats.too_long, 0);
    free(fr);
}

static void test_max_frame(void **state)
{
    (void)state;
    gdw13761_framer *fr = fr_new();
    static uint8_t big[GDW13761_FRAME_MAX + 4];
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    memcpy(f.a1, "3501", 5);
    f.a2 = 1;
    f.afn = 0x0C;
    static uint8_t units[GDW13761_L1_MAX - 8];
    memset(units, 0x68, sizeof units); /* full of 68H: must not confuse the framer */
    f.units = units;
    f.units_len = sizeof units;
    size_t w = 0;
    assert_int_equal(gdw13761_frame_encode(&f, big, sizeof big, &w, NULL), 0);
    assert_int_equal(w, GDW13761_FRAME_MAX);
    got g = {0};
    feed_all(fr, big, w, &g);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.len[0], GDW13761_FRAME_MAX);
    assert_true(sizeof(gdw13761_framer) >= GDW13761_FRAME_MAX);
    assert_true(sizeof(gdw13761_framer) < GDW13761_FRAME_MAX + 128);
    free(fr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_and_bytewise),
        cmocka_unit_test(test_split_every_boundary),
        cmocka_unit_test(test_garbage_preamble_stray68),
        cmocka_unit_test(test_corrupt_frames_counted),
        cmocka_unit_test(test_max_frame),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
