/* DL/T 645 link layer: addresses, control codes, encode/decode of the worked frames of the notes,
 * and every decode failure with its reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dlt645/dlt645.h"

static const uint8_t addr_123[6] = {0x12, 0x10, 0x78, 0x56, 0x34, 0x12};

/* Worked frames (DLT645-and-1376.2-notes.md 1.2 and 2). */
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

static void test_addr_parse_format(void **state)
{
    (void)state;
    uint8_t a[6];
    char txt[13];
    assert_int_equal(dlt645_addr_parse("123456781012", a), DLT645_OK);
    assert_memory_equal(a, addr_123, 6);
    assert_string_equal(dlt645_addr_format(a, txt), "123456781012");
    assert_int_equal(dlt645_addr_parse("1012", a), DLT645_OK);
    assert_memory_equal(a, "\x12\x10\x00\x00\x00\x00", 6);
    assert_string_equal(dlt645_addr_format(a, txt), "000000001012");
    assert_int_equal(dlt645_addr_parse("AAAA56781012", a), DLT645_OK);
    assert_memory_equal(a, "\x12\x10\x78\x56\xAA\xAA", 6);
    assert_string_equal(dlt645_addr_format(a, txt), "AAAA56781012");
    assert_int_equal(dlt645_addr_parse("aaaaaaaaaaaa", a), DLT645_OK);
    assert_memory_equal(a, dlt645_addr_wildcard, 6);
    assert_int_equal(dlt645_addr_parse("999999999999", a), DLT645_OK);
    assert_true(dlt645_addr_is_broadcast(a));
    /* errors leave out untouched */
    memcpy(a, addr_123, 6);
    assert_int_equal(dlt645_addr_parse("", a), DLT645_ERR_ADDR);
    assert_int_equal(dlt645_addr_parse("1234567810123", a), DLT645_ERR_ADDR);
    assert_int_equal(dlt645_addr_parse("12345678101x", a), DLT645_ERR_ADDR);
    assert_int_equal(dlt645_addr_parse("1234AA781012", a), DLT645_ERR_ADDR); /* AA in the middle */
    assert_int_equal(dlt645_addr_parse("AA1012", a), DLT645_ERR_ADDR);       /* padded below 00 */
    assert_int_equal(dlt645_addr_parse("A23456781012", a), DLT645_ERR_ADDR); /* half wildcard */
    assert_int_equal(dlt645_addr_parse(NULL, a), DLT645_ERR_ADDR);
    assert_memory_equal(a, addr_123, 6);
}

static void test_addr_match(void **state)
{
    (void)state;
    uint8_t r[6];
    assert_true(dlt645_addr_match(addr_123, addr_123));
    assert_true(dlt645_addr_match(dlt645_addr_broadcast, addr_123));
    assert_true(dlt645_addr_match(dlt645_addr_wildcard, addr_123));
    assert_int_equal(dlt645_addr_parse("AAAAAAAA1012", r), DLT645_OK);
    assert_true(dlt645_addr_match(r, addr_123));
    assert_int_equal(dlt645_addr_parse("AAAAAAAA1013", r), DLT645_OK);
    assert_false(dlt645_addr_match(r, addr_123));
    assert_int_equal(dlt645_addr_parse("123456781013", r), DLT645_OK);
    assert_false(dlt645_addr_match(r, addr_123));
    /* AA below a concrete byte never matches, and is not a valid request address */
    const uint8_t low_aa[6] = {0xAA, 0x10, 0x78, 0x56, 0x34, 0x12};
    assert_false(dlt645_addr_match(low_aa, addr_123));
    assert_false(dlt645_addr_valid(low_aa));
    assert_true(dlt645_addr_valid(addr_123));
    assert_true(dlt645_addr_valid(dlt645_addr_wildcard));
    const uint8_t bad_bcd[6] = {0x1A, 0x10, 0x78, 0x56, 0x34, 0x12};
    assert_false(dlt645_addr_valid(bad_bcd));
}

static void test_control_code(void **state)
{
    (void)state;
    assert_int_equal(dlt645_c_make(0x11, true, false, false), 0x91);
    assert_int_equal(dlt645_c_make(0x11, true, false, true), 0xB1);
    assert_int_equal(dlt645_c_make(0x11, true, true, false), 0xD1);
    assert_true(dlt645_c_is_reply(0xD1));
    assert_true(dlt645_c_is_error(0xD1));
    assert_false(dlt645_c_has_more(0xD1));
    assert_true(dlt645_c_has_more(0xB2));
    assert_int_equal(dlt645_c_func(0xB2), 0x12);
    assert_false(dlt645_c_is_reply(0x11));
}

static void check_encode(const uint8_t *addr, uint8_t c, const uint8_t *data, uint8_t len,
                         uint8_t preamble, const uint8_t *expect, size_t expect_len)
{
    dlt645_frame f;
    dlt645_frame_init(&f, addr, c);
    f.preamble = preamble;
    f.len = len;
    if (len)
        memcpy(f.data, data, len);
    uint8_t out[DLT645_ENCODED_MAX];
    size_t n = 0;
    assert_int_equal(dlt645_frame_encode(&f, out, sizeof out, &n), DLT645_OK);
    assert_int_equal(n, expect_len);
    assert_memory_equal(out, expect, expect_len);
    /* and back */
    dlt645_frame g;
    size_t used = 0;
    assert_int_equal(dlt645_frame_decode(out, n, &g, &used), DLT645_OK);
    assert_int_equal(used, n);
    assert_int_equal(g.preamble, preamble);
    assert_int_equal(g.c, c);
    assert_int_equal(g.len, len);
    assert_memory_equal(g.addr, addr, 6);
    if (len)
        assert_memory_equal(g.data, data, len);
    assert_false(g.over_limit);
}

static void test_worked_frames(void **state)
{
    (void)state;
    check_encode(addr_123, 0x11, (const uint8_t *)"\x00\x00\x01\x00", 4, 4, read_00010000,
                 sizeof read_00010000);
    check_encode(addr_123, 0x91, (const uint8_t *)"\x00\x00\x01\x00\x56\x34\x12\x00", 8, 0,
                 reply_1234_56, sizeof reply_1234_56);
    check_encode(addr_123, 0xD1, (const uint8_t *)"\x02", 1, 0, reply_err, sizeof reply_err);
    check_encode(dlt645_addr_wildcard, 0x13, NULL, 0, 0, read_addr, sizeof read_addr);
    check_encode(dlt645_addr_broadcast, 0x08, (const uint8_t *)"\x00\x30\x08\x02\x11\x25", 6, 0,
                 time_set, sizeof time_set);
    assert_int_equal(time_set[sizeof time_set - 2], 0x16); /* CS == 16H */
    check_encode(addr_123, 0x01, (const uint8_t *)"\x10\x90", 2, 0, read97_9010,
                 sizeof read97_9010);
}

static void test_default_preamble(void **state)
{
    (void)state;
    dlt645_frame f;
    dlt645_frame_init(&f, addr_123, 0x11);
    assert_int_equal(f.preamble, 4);
    f.len = 4;
    memcpy(f.data, "\x00\x00\x01\x00", 4);
    uint8_t out[64];
    size_t n = 0;
    assert_int_equal(dlt645_frame_encode(&f, out, sizeof out, &n), DLT645_OK);
    assert_memory_equal(out, read_00010000, sizeof read_00010000);
    f.preamble = 5;
    assert_int_equal(dlt645_frame_encode(&f, out, sizeof out, &n), DLT645_ERR_ARG);
    f.preamble = 4;
    assert_int_equal(dlt645_frame_encode(&f, out, sizeof read_00010000 - 1, &n), DLT645_ERR_BUFFER);
}

static void test_decode_many_fe_and_trailing(void **state)
{
    (void)state;
    uint8_t buf[64];
    memset(buf, 0xFE, 9);
    memcpy(buf + 9, reply_err, sizeof reply_err);
    buf[9 + sizeof reply_err] = 0x55; /* trailing byte left alone */
    dlt645_frame f;
    size_t used = 0;
    assert_int_equal(dlt645_frame_decode(buf, 9 + sizeof reply_err + 1, &f, &used), DLT645_OK);
    assert_int_equal(used, 9 + sizeof reply_err);
    assert_int_equal(f.preamble, 9);
    assert_int_equal(f.c, 0xD1);
    assert_int_equal(f.len, 1);
    assert_int_equal(f.data[0], 0x02); /* unscrambled */
}

static void test_decode_errors(void **state)
{
    (void)state;
    dlt645_frame f;
    uint8_t b[64];
    size_t n = sizeof reply_1234_56;

    /* no 68 */
    memcpy(b, reply_1234_56, n);
    b[0] = 0x67;
    assert_int_equal(dlt645_frame_decode(b, n, &f, NULL), DLT645_ERR_NO_START);
    assert_int_equal(dlt645_frame_decode(b, 0, &f, NULL), DLT645_ERR_TRUNCATED);
    /* second 68 missing */
    memcpy(b, reply_1234_56, n);
    b[7] = 0x69;
    assert_int_equal(dlt645_frame_decode(b, n, &f, NULL), DLT645_ERR_NO_68B);
    /* truncated inside the header, at every length */
    for (size_t k = 1; k < DLT645_HEADER_LEN; k++)
        assert_int_equal(dlt645_frame_decode(reply_1234_56, k, &f, NULL), DLT645_ERR_TRUNCATED);
    /* L past the buffer: every cut between the header and the end */
    for (size_t k = DLT645_HEADER_LEN; k < n; k++)
        assert_int_equal(dlt645_frame_decode(reply_1234_56, k, &f, NULL), DLT645_ERR_LENGTH);
    /* wrong length byte: L one larger than the data */
    memcpy(b, reply_1234_56, n);
    b[9] = 0x09;
    assert_int_equal(dlt645_frame_decode(b, n, &f, NULL), DLT645_ERR_LENGTH);
    /* wrong length byte: L one smaller (checksum then falls on a data byte) */
    b[9] = 0x07;
    assert_int_equal(dlt645_frame_decode(b, n, &f, NULL), DLT645_ERR_CHECKSUM);
    /* bad checksum */
    memcpy(b, reply_1234_56, n);
    b[n - 2] ^= 1;
    assert_int_equal(dlt645_frame_decode(b, n, &f, NULL), DLT645_ERR_CHECKSUM);
    /* data byte changed: checksum no longer matches */
    memcpy(b, reply_1234_56, n);
    b[12] ^= 0x10;
    assert_int_equal(dlt645_frame_decode(b, n, &f, NULL), DLT645_ERR_CHECKSUM);
    /* missing end byte */
    memcpy(b, reply_1234_56, n);
    b[n - 1] = 0x17;
    assert_int_equal(dlt645_frame_decode(b, n, &f, NULL), DLT645_ERR_NO_END);
    assert_int_equal(dlt645_frame_decode(NULL, n, &f, NULL), DLT645_ERR_ARG);

    assert_string_equal(dlt645_strerror(DLT645_ERR_CHECKSUM), "bad checksum");
    assert_string_equal(dlt645_strerror(DLT645_ERR_NO_68B), "second 68H missing");
    assert_string_equal(dlt645_strerror(DLT645_OK), "ok");
    assert_string_equal(dlt645_strerror(-1000), "unknown error");
    assert_string_equal(dlt645_strerror(3), "unknown error");
    for (int e = DLT645_ERR_NO_START; e >= DLT645_ERR_REPLY; e--)
        assert_string_not_equal(dlt645_strerror(e), "unknown error");
}

static void test_length_limits(void **state)
{
    (void)state;
    uint8_t out[DLT645_ENCODED_MAX];
    size_t n = 0;
    dlt645_frame f;
    dlt645_frame_init(&f, addr_123, 0x91);
    f.len = 200;
    assert_int_equal(dlt645_frame_encode(&f, out, sizeof out, &n), DLT645_OK);
    f.len = 201;
    assert_int_equal(dlt645_frame_encode(&f, out, sizeof out, &n), DLT645_ERR_TOO_LONG);
    assert_int_equal(dlt645_frame_check(&f), DLT645_ERR_TOO_LONG);
    dlt645_frame_init(&f, addr_123, 0x14);
    f.len = 50;
    assert_int_equal(dlt645_frame_encode(&f, out, sizeof out, &n), DLT645_OK);
    f.len = 51;
    assert_int_equal(dlt645_frame_encode(&f, out, sizeof out, &n), DLT645_ERR_TOO_LONG);
    dlt645_frame_init(&f, addr_123, 0x04); /* 1997 write */
    f.len = 51;
    assert_int_equal(dlt645_frame_encode(&f, out, sizeof out, &n), DLT645_ERR_TOO_LONG);
    assert_int_equal(dlt645_data_limit(0x94), 200);
    assert_int_equal(dlt645_data_limit(0x11), 200);
    assert_int_equal(dlt645_data_limit(0x14), 50);

    /* decode flags an over-long frame but still gives it */
    uint8_t raw[DLT645_FRAME_MAX];
    raw[0] = 0x68;
    memcpy(raw + 1, addr_123, 6);
    raw[7] = 0x68;
    raw[8] = 0x91;
    raw[9] = 255;
    memset(raw + 10, 0x33, 255);
    raw[10 + 255] = dlt645_checksum(raw, 10 + 255);
    raw[11 + 255] = 0x16;
    dlt645_frame g;
    assert_int_equal(dlt645_frame_decode(raw, sizeof raw, &g, &n), DLT645_OK);
    assert_int_equal(n, sizeof raw);
    assert_true(g.over_limit);
    assert_int_equal(g.len, 255);
    assert_int_equal(g.data[254], 0);
    assert_int_equal(dlt645_frame_check(&g), DLT645_ERR_TOO_LONG);
}

static void test_guess_proto(void **state)
{
    (void)state;
    dlt645_frame f;
    assert_int_equal(dlt645_frame_decode(read_00010000, sizeof read_00010000, &f, NULL), 0);
    assert_int_equal(dlt645_guess_proto(&f), DLT645_PROTO_2007);
    assert_int_equal(dlt645_frame_decode(read97_9010, sizeof read97_9010, &f, NULL), 0);
    assert_int_equal(dlt645_guess_proto(&f), DLT645_PROTO_1997);
    assert_int_equal(dlt645_frame_decode(time_set, sizeof time_set, &f, NULL), 0);
    assert_int_equal(dlt645_guess_proto(&f), DLT645_PROTO_UNKNOWN);
    dlt645_frame_init(&f, addr_123, 0x03); /* 1997 re-read: no data */
    assert_int_equal(dlt645_guess_proto(&f), DLT645_PROTO_1997);
    f.len = 12; /* 2007 security authentication carries data */
    assert_int_equal(dlt645_guess_proto(&f), DLT645_PROTO_2007);
    f.c = 0xC3;
    f.len = 2; /* SERR */
    assert_int_equal(dlt645_guess_proto(&f), DLT645_PROTO_2007);
    f.len = 1; /* 1997 ERR */
    assert_int_equal(dlt645_guess_proto(&f), DLT645_PROTO_1997);
    f.c = 0x83;
    f.len = 4;
    memcpy(f.data, "\xFF\x00\x00\x07", 4);
    assert_int_equal(dlt645_guess_proto(&f), DLT645_PROTO_2007);
    memcpy(f.data, "\x10\x90\x00\x00", 4);
    assert_int_equal(dlt645_guess_proto(&f), DLT645_PROTO_1997);
    f.c = 0x8C;
    assert_int_equal(dlt645_guess_proto(&f), DLT645_PROTO_1997);
    f.c = 0x9C;
    assert_int_equal(dlt645_guess_proto(&f), DLT645_PROTO_2007);
    f.c = 0x1E;
    assert_int_equal(dlt645_guess_proto(&f), DLT645_PROTO_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addr_parse_format),
        cmocka_unit_test(test_addr_match),
        cmocka_unit_test(test_control_code),
        cmocka_unit_test(test_worked_frames),
        cmocka_unit_test(test_default_preamble),
        cmocka_unit_test(test_decode_many_fe_and_trailing),
        cmocka_unit_test(test_decode_errors),
        cmocka_unit_test(test_length_limits),
        cmocka_unit_test(test_guess_proto),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
