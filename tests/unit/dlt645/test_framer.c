/* DL/T 645 stream framer: fragmentation at every byte boundary, garbage, stray 68H, CS == 16H,
 * FE preambles, back-to-back frames, over-long L, timeouts, and the counters per reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dlt645/dlt645.h"

static const uint8_t read_00010000[] = {0xFE, 0xFE, 0xFE, 0xFE, 0x68, 0x12, 0x10, 0x78, 0x56, 0x34,
                                        0x12, 0x68, 0x11, 0x04, 0x33, 0x33, 0x34, 0x33, 0xE8, 0x16};
static const uint8_t reply_1234_56[] = {0x68, 0x12, 0x10, 0x78, 0x56, 0x34, 0x12, 0x68, 0x91, 0x08,
                                        0x33, 0x33, 0x34, 0x33, 0x89, 0x67, 0x45, 0x33, 0xD4, 0x16};
static const uint8_t reply_err[] = {0x68, 0x12, 0x10, 0x78, 0x56, 0x34, 0x12,
                                    0x68, 0xD1, 0x01, 0x35, 0x0D, 0x16};
static const uint8_t read_addr[] = {0x68, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA,
                                    0xAA, 0x68, 0x13, 0x00, 0xDF, 0x16};
static const uint8_t time_set[] = {0x68, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x68, 0x08,
                                   0x06, 0x33, 0x63, 0x3B, 0x35, 0x44, 0x58, 0x16, 0x16};
static const uint8_t read97_9010[] = {0x68, 0x12, 0x10, 0x78, 0x56, 0x34, 0x12,
                                      0x68, 0x01, 0x02, 0x43, 0xC3, 0x0F, 0x16};

static const struct {
    const uint8_t *p;
    size_t n;
} frames[] = {
    {read_00010000, sizeof read_00010000}, {reply_1234_56, sizeof reply_1234_56},
    {time_set, sizeof time_set},           {reply_err, sizeof reply_err},
    {read_addr, sizeof read_addr},         {read97_9010, sizeof read97_9010},
};
#define NFRAMES (sizeof frames / sizeof frames[0])

typedef struct collected {
    size_t count;
    dlt645_frame f[16];
} collected;

static void feed_all(dlt645_framer *fr, const uint8_t *p, size_t n, collected *c)
{
    const dlt645_frame *got;
    while ((got = dlt645_framer_feed(fr, &p, &n)) != NULL) {
        assert_true(c->count < 16);
        c->f[c->count++] = *got;
    }
    assert_int_equal(n, 0);
}

static void assert_same(const dlt645_frame *got, const uint8_t *raw, size_t n)
{
    dlt645_frame want;
    assert_int_equal(dlt645_frame_decode(raw, n, &want, NULL), DLT645_OK);
    assert_int_equal(got->c, want.c);
    assert_int_equal(got->len, want.len);
    assert_memory_equal(got->addr, want.addr, 6);
    assert_memory_equal(got->data, want.data, want.len);
}

/* the stream of all worked frames back to back */
static size_t make_stream(uint8_t *s)
{
    size_t n = 0;
    for (size_t i = 0; i < NFRAMES; i++) {
        memcpy(s + n, frames[i].p, frames[i].n);
        n += frames[i].n;
    }
    return n;
}

static void check_all(const collected *c)
{
    assert_int_equal(c->count, NFRAMES);
    for (size_t i = 0; i < NFRAMES; i++)
        assert_same(&c->f[i], frames[i].p, frames[i].n);
}

static void test_back_to_back_one_chunk(void **state)
{
    (void)state;
    uint8_t s[256];
    size_t n = make_stream(s);
    dlt645_framer fr;
    dlt645_framer_init(&fr);
    collected c = {0};
    feed_all(&fr, s, n, &c);
    check_all(&c);
    assert_int_equal(c.f[0].preamble, 4);
    assert_int_equal(c.f[1].preamble, 0);
    assert_int_equal(fr.stats.frames, NFRAMES);
    assert_int_equal(fr.stats.fe_bytes, 4);
    assert_int_equal(fr.stats.dropped_bytes, 0);
    for (int r = 1; r < DLT645_SYNC_REASONS; r++)
        assert_int_equal(fr.stats.resync[r], 0);
    assert_int_equal(dlt645_framer_pending(&fr), 0);
}

static void test_split_every_boundary(void **state)
{
    (void)state;
    uint8_t s[256];
    size_t n = make_stream(s);
    /* one cut anywhere, then two cuts anywhere */
    for (size_t i = 0; i <= n; i++) {
        dlt645_framer fr;
        dlt645_framer_init(&fr);
        collected c = {0};
        feed_all(&fr, s, i, &c);
        feed_all(&fr, s + i, n - i, &c);
        check_all(&c);
        assert_int_equal(fr.stats.dropped_bytes, 0);
    }
    for (size_t i = 0; i <= n; i++)
        for (size_t j = i; j <= n; j++) {
            dlt645_framer fr;
            dlt645_framer_init(&fr);
            collected c = {0};
            feed_all(&fr, s, i, &c);
            feed_all(&fr, s + i, j - i, &c);
            feed_all(&fr, s + j, n - j, &c);
            check_all(&c);
        }
    /* byte by byte */
    dlt645_framer fr;
    dlt645_framer_init(&fr);
    collected c = {0};
    for (size_t i = 0; i < n; i++)
        feed_all(&fr, s + i, 1, &c);
    check_all(&c);
}

static void test_garbage(void **state)
{
    (void)state;
    static const uint8_t junk1[] = {0x00, 0x12, 0x16, 0x16, 0xFF};
    static const uint8_t junk2[] = {0x55, 0xAA, 0x68, 0x01, 0x16}; /* contains a lone 68H */
    uint8_t s[512];
    size_t n = 0;
    memcpy(s + n, junk1, sizeof junk1);
    n += sizeof junk1;
    for (size_t i = 0; i < NFRAMES; i++) {
        memcpy(s + n, frames[i].p, frames[i].n);
        n += frames[i].n;
        memcpy(s + n, junk2, sizeof junk2);
        n += sizeof junk2;
    }
    for (size_t cut = 0; cut <= n; cut++) {
        dlt645_framer fr;
        dlt645_framer_init(&fr);
        collected c = {0};
        feed_all(&fr, s, cut, &c);
        feed_all(&fr, s + cut, n - cut, &c);
        check_all(&c);
        /* leading junk, and 55 AA before each lone 68H: one garbage run each */
        assert_int_equal(fr.stats.resync[DLT645_SYNC_GARBAGE], 1 + NFRAMES);
        /* each lone 68H fails on its missing second 68H, except the last whose stream ends */
        assert_int_equal(fr.stats.resync[DLT645_SYNC_NO_68B], NFRAMES - 1);
        assert_int_equal(dlt645_framer_pending(&fr), 3); /* 68 01 16 held at the end */
    }
}

static void test_stray_68(void **state)
{
    (void)state;
    /* "68 68 12 10 ..": the first 68H is junk */
    uint8_t s[64];
    s[0] = 0x68;
    memcpy(s + 1, reply_1234_56, sizeof reply_1234_56);
    size_t n = 1 + sizeof reply_1234_56;
    for (size_t cut = 0; cut <= n; cut++) {
        dlt645_framer fr;
        dlt645_framer_init(&fr);
        collected c = {0};
        feed_all(&fr, s, cut, &c);
        feed_all(&fr, s + cut, n - cut, &c);
        assert_int_equal(c.count, 1);
        assert_same(&c.f[0], reply_1234_56, sizeof reply_1234_56);
        assert_int_equal(fr.stats.resync[DLT645_SYNC_NO_68B], 1);
        assert_int_equal(fr.stats.last, DLT645_SYNC_NO_68B);
        assert_int_equal(fr.stats.dropped_bytes, 1);
    }
}

static void test_false_header_swallows_frame(void **state)
{
    (void)state;
    /* a junk header that passes the second-68H test and claims L = 20 swallows the start of the
     * real frame; it fails its checksum and the real frame is recovered from the held bytes */
    uint8_t s[128];
    static const uint8_t fake[] = {0x68, 1, 2, 3, 4, 5, 6, 0x68, 0x91, 20};
    memcpy(s, fake, sizeof fake);
    memcpy(s + sizeof fake, reply_err, sizeof reply_err);
    memcpy(s + sizeof fake + sizeof reply_err, reply_1234_56, sizeof reply_1234_56);
    size_t n = sizeof fake + sizeof reply_err + sizeof reply_1234_56;
    for (size_t cut = 0; cut <= n; cut++) {
        dlt645_framer fr;
        dlt645_framer_init(&fr);
        collected c = {0};
        feed_all(&fr, s, cut, &c);
        feed_all(&fr, s + cut, n - cut, &c);
        assert_int_equal(c.count, 2);
        assert_same(&c.f[0], reply_err, sizeof reply_err);
        assert_same(&c.f[1], reply_1234_56, sizeof reply_1234_56);
        assert_int_equal(
            fr.stats.resync[DLT645_SYNC_CHECKSUM] + fr.stats.resync[DLT645_SYNC_NO_END], 1);
    }
}

static void test_cs_is_16(void **state)
{
    (void)state;
    /* time set with CS == 16H, then a frame; the framer must not end the frame at the CS */
    uint8_t s[64];
    memcpy(s, time_set, sizeof time_set);
    memcpy(s + sizeof time_set, read_addr, sizeof read_addr);
    size_t n = sizeof time_set + sizeof read_addr;
    dlt645_framer fr;
    dlt645_framer_init(&fr);
    collected c = {0};
    for (size_t i = 0; i < n; i++)
        feed_all(&fr, s + i, 1, &c);
    assert_int_equal(c.count, 2);
    assert_same(&c.f[0], time_set, sizeof time_set);
    assert_same(&c.f[1], read_addr, sizeof read_addr);
    assert_int_equal(fr.stats.dropped_bytes, 0);
}

static void test_fe_prefixes(void **state)
{
    (void)state;
    uint8_t s[64];
    memset(s, 0xFE, 7);
    memcpy(s + 7, reply_err, sizeof reply_err);
    memset(s + 7 + sizeof reply_err, 0xFE, 2);
    memcpy(s + 9 + sizeof reply_err, reply_err, sizeof reply_err);
    size_t n = 9 + 2 * sizeof reply_err;
    dlt645_framer fr;
    dlt645_framer_init(&fr);
    collected c = {0};
    feed_all(&fr, s, n, &c);
    assert_int_equal(c.count, 2);
    assert_int_equal(c.f[0].preamble, 7);
    assert_int_equal(c.f[1].preamble, 2);
    assert_int_equal(fr.stats.fe_bytes, 9);
    assert_int_equal(fr.stats.resync[DLT645_SYNC_GARBAGE], 0);
}

static void test_bad_frames_reasons(void **state)
{
    (void)state;
    uint8_t s[64];
    dlt645_framer fr;
    collected c;

    /* bad checksum, then the good frame */
    memcpy(s, reply_err, sizeof reply_err);
    s[11] ^= 0x01;
    memcpy(s + sizeof reply_err, reply_err, sizeof reply_err);
    dlt645_framer_init(&fr);
    memset(&c, 0, sizeof c);
    feed_all(&fr, s, 2 * sizeof reply_err, &c);
    assert_int_equal(c.count, 1);
    assert_int_equal(fr.stats.resync[DLT645_SYNC_CHECKSUM], 1);
    /* the bad frame's own second 68H is a false start inside it: same incident */
    assert_int_equal(fr.stats.resync[DLT645_SYNC_NO_68B], 0);
    assert_int_equal(fr.stats.resync[DLT645_SYNC_GARBAGE], 0);
    assert_int_equal(fr.stats.dropped_bytes, sizeof reply_err);

    /* missing end byte */
    memcpy(s, reply_err, sizeof reply_err);
    s[12] = 0x17;
    memcpy(s + sizeof reply_err, reply_err, sizeof reply_err);
    dlt645_framer_init(&fr);
    memset(&c, 0, sizeof c);
    feed_all(&fr, s, 2 * sizeof reply_err, &c);
    assert_int_equal(c.count, 1);
    assert_int_equal(fr.stats.resync[DLT645_SYNC_NO_END], 1);
    assert_int_equal(fr.stats.last, DLT645_SYNC_NO_END);

    /* L above max_data is refused at once, without waiting for 255 bytes */
    static const uint8_t longhdr[] = {0x68, 1, 2, 3, 4, 5, 6, 0x68, 0x91, 0xC9};
    memcpy(s, longhdr, sizeof longhdr);
    memcpy(s + sizeof longhdr, reply_err, sizeof reply_err);
    dlt645_framer_init(&fr);
    memset(&c, 0, sizeof c);
    feed_all(&fr, s, sizeof longhdr + sizeof reply_err, &c);
    assert_int_equal(c.count, 1);
    assert_int_equal(fr.stats.resync[DLT645_SYNC_TOO_LONG], 1);
    assert_string_equal(dlt645_sync_reason_name(DLT645_SYNC_TOO_LONG), "too_long");
    assert_string_equal(dlt645_sync_reason_name(DLT645_SYNC_REASONS), "unknown");
}

static void test_over_limit_flag(void **state)
{
    (void)state;
    /* a 14H write with 51 data bytes: within max_data, over the write limit -> flagged */
    dlt645_frame f;
    static const uint8_t a[6] = {1, 2, 3, 4, 5, 6};
    dlt645_frame_init(&f, a, 0x94); /* reply: limit 200, encodable */
    f.len = 51;
    uint8_t out[DLT645_ENCODED_MAX];
    size_t n = 0;
    assert_int_equal(dlt645_frame_encode(&f, out, sizeof out, &n), DLT645_OK);
    out[4 + 8] = 0x14; /* turn it into a request; fix CS */
    out[n - 2] = dlt645_checksum(out + 4, n - 6);
    dlt645_framer fr;
    dlt645_framer_init(&fr);
    const uint8_t *p = out;
    const dlt645_frame *got = dlt645_framer_feed(&fr, &p, &n);
    assert_non_null(got);
    assert_true(got->over_limit);
    assert_int_equal(fr.stats.over_limit, 1);
}

static void test_timeout(void **state)
{
    (void)state;
    dlt645_framer fr;
    dlt645_framer_init(&fr);
    collected c = {0};
    dlt645_framer_timeout(&fr); /* nothing held: no effect */
    assert_int_equal(fr.stats.resync[DLT645_SYNC_TIMEOUT], 0);
    feed_all(&fr, reply_1234_56, 11, &c);
    assert_int_equal(dlt645_framer_pending(&fr), 11);
    dlt645_framer_timeout(&fr);
    assert_int_equal(fr.stats.resync[DLT645_SYNC_TIMEOUT], 1);
    assert_int_equal(dlt645_framer_pending(&fr), 4); /* its second 68H is re-scanned: 68 91 08 33 */
    feed_all(&fr, reply_1234_56, sizeof reply_1234_56, &c);
    assert_int_equal(c.count, 1);
    assert_same(&c.f[0], reply_1234_56, sizeof reply_1234_56);
    /* the stale 68 91 08 33 fails, but as part of the timed-out incident */
    assert_int_equal(fr.stats.resync[DLT645_SYNC_NO_68B], 0);

    /* a false start with a large L hides a whole frame; the timeout brings it out */
    static const uint8_t fake[] = {0x68, 1, 2, 3, 4, 5, 6, 0x68, 0x91, 100};
    dlt645_framer_init(&fr);
    memset(&c, 0, sizeof c);
    feed_all(&fr, fake, sizeof fake, &c);
    feed_all(&fr, reply_err, sizeof reply_err, &c);
    assert_int_equal(c.count, 0);
    dlt645_framer_timeout(&fr);
    feed_all(&fr, NULL, 0, &c);
    assert_int_equal(c.count, 1);
    assert_same(&c.f[0], reply_err, sizeof reply_err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_back_to_back_one_chunk),
        cmocka_unit_test(test_split_every_boundary),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_stray_68),
        cmocka_unit_test(test_false_header_swallows_frame),
        cmocka_unit_test(test_cs_is_16),
        cmocka_unit_test(test_fe_prefixes),
        cmocka_unit_test(test_bad_frames_reasons),
        cmocka_unit_test(test_over_limit_flag),
        cmocka_unit_test(test_timeout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
