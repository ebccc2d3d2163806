/* Unit tests for libs/common: BCD, cursors, hex, calendar time, value tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mdc/bcd.h"
#include "mdc/cursor.h"
#include "mdc/hex.h"
#include "mdc/mtime.h"
#include "mdc/value.h"

static void test_bcd(void **state)
{
    (void)state;
    uint8_t b[4];
    uint64_t v = 0;
    assert_true(mdc_bcd_encode_le(123456, b, 4));
    assert_memory_equal(b, "\x56\x34\x12\x00", 4);
    assert_true(mdc_bcd_decode_le(b, 4, &v));
    assert_int_equal(v, 123456);
    assert_false(mdc_bcd_encode_le(100000000, b, 4));
    b[1] = 0x3A;
    v = 7;
    assert_false(mdc_bcd_decode_le(b, 4, &v));
    assert_int_equal(v, 7);
    assert_true(mdc_bcd_valid(0x99));
    assert_false(mdc_bcd_valid(0x9A));
    assert_false(mdc_bcd_valid(0xA0));
}

static void test_cursor(void **state)
{
    (void)state;
    const uint8_t in[] = {1, 2, 3, 4, 5};
    mdc_rd r = mdc_rd_init(in, sizeof in);
    assert_int_equal(mdc_rd_u8(&r), 1);
    assert_int_equal(mdc_rd_le16(&r), 0x0302);
    assert_false(r.err);
    assert_int_equal(mdc_rd_le32(&r), 0); /* only 2 left */
    assert_true(r.err);
    assert_int_equal(mdc_rd_u8(&r), 0); /* sticky */
    assert_int_equal(mdc_rd_left(&r), 0);

    uint8_t out[3];
    mdc_wr w = mdc_wr_init(out, sizeof out);
    mdc_wr_le16(&w, 0xBEEF);
    assert_false(w.err);
    mdc_wr_le16(&w, 0x1234);
    assert_true(w.err);
    assert_int_equal(w.pos, 2);
    assert_memory_equal(out, "\xEF\xBE", 2);
}

static void test_hex(void **state)
{
    (void)state;
    uint8_t b[8];
    size_t bad = 0;
    assert_int_equal(mdc_hex_parse("68 aa AA:0x13 00", b, sizeof b, &bad), 5);
    assert_memory_equal(b, "\x68\xAA\xAA\x13\x00", 5);
    assert_int_equal(mdc_hex_parse("68 1", b, sizeof b, &bad), -1);
    assert_int_equal(mdc_hex_parse("68 zz", b, sizeof b, &bad), -1);
    assert_int_equal(bad, 3);
    assert_int_equal(mdc_hex_parse("0102030405060708 09", b, sizeof b, &bad), -1);
    char s[16];
    assert_string_equal(mdc_hex_format(b, 3, ' ', s, sizeof s), "01 02 03");
    assert_string_equal(mdc_hex_format(b, 3, 0, s, sizeof s), "010203");
}

static void test_time(void **state)
{
    (void)state;
    mdc_tm t;
    assert_int_equal(mdc_weekday(2025, 11, 2), 0); /* a Sunday */
    assert_int_equal(mdc_weekday(2000, 1, 1), 6);
    assert_int_equal(mdc_days_in_month(2024, 2), 29);
    assert_int_equal(mdc_days_in_month(2100, 2), 28);

    mdc_tm_from_epoch(1762072200, &t); /* 2025-11-02T08:30:00Z */
    assert_int_equal(t.year, 2025);
    assert_int_equal(t.mon, 11);
    assert_int_equal(t.day, 2);
    assert_int_equal(t.hour, 8);
    assert_int_equal(t.min, 30);
    assert_int_equal(t.wday, 0);
    assert_int_equal(mdc_tm_to_epoch(&t), 1762072200);

    char s[40];
    assert_true(mdc_tm_format_iso(&t, s, sizeof s) > 0);
    assert_string_equal(s, "2025-11-02T08:30:00");
    t.fields = MDC_TM_MON | MDC_TM_DAY | MDC_TM_HOUR | MDC_TM_MIN;
    mdc_tm_format_iso(&t, s, sizeof s);
    assert_string_equal(s, "--11-02T08:30");
    mdc_tm u;
    assert_true(mdc_tm_parse_iso(s, &u));
    assert_int_equal(u.fields, t.fields);
    assert_int_equal(u.min, 30);
    t.fields = MDC_TM_DAY | MDC_TM_HOUR;
    mdc_tm_format_iso(&t, s, sizeof s);
    assert_string_equal(s, "---02T08");
    assert_true(mdc_tm_parse_iso(s, &u));
    assert_int_equal(u.fields, t.fields);
    t.fields = MDC_TM_HOUR | MDC_TM_MIN | MDC_TM_SEC;
    mdc_tm_format_iso(&t, s, sizeof s);
    assert_string_equal(s, "08:30:00");
    assert_true(mdc_tm_parse_iso(s, &u));
    assert_int_equal(u.fields, t.fields);
    assert_true(mdc_tm_parse_iso("2024-02-29T23:59:59", &u));
    assert_int_equal(u.wday, 4);
    assert_false(mdc_tm_parse_iso("2025-02-29", &u));
    assert_false(mdc_tm_parse_iso("2025-13-01", &u));
    assert_false(mdc_tm_parse_iso("2025-11-02T24:00", &u));
    assert_false(mdc_tm_parse_iso("yesterday", &u));
}

static void test_value(void **state)
{
    (void)state;
    uint8_t mem[1024];
    mdc_arena a;
    mdc_arena_init(&a, mem, sizeof mem);
    mdc_value *root = mdc_v_add_obj(&a, NULL, NULL);
    mdc_v_add_dec(&a, root, "energy", 123456, 2, "kWh");
    mdc_v_add_int(&a, root, "count", 7, NULL);
    mdc_v_add_str(&a, root, "name", "abc", 3);
    assert_int_equal(root->u.list.n, 3);
    const mdc_value *e = mdc_v_get(root, "energy");
    assert_non_null(e);
    assert_string_equal(e->unit, "kWh");
    int64_t m = 0;
    assert_true(mdc_v_mant(e, 3, &m));
    assert_int_equal(m, 1234560);
    assert_false(mdc_v_mant(e, 1, &m)); /* would lose the 6 */
    assert_true(mdc_v_int(mdc_v_get(root, "count"), &m));
    assert_int_equal(m, 7);
    assert_null(mdc_v_get(root, "nothing"));
    assert_string_equal(mdc_v_at(root, 2)->u.str.p, "abc");

    char s[32];
    mdc_dec_format(-1250, 3, s, sizeof s);
    assert_string_equal(s, "-1.250");
    mdc_dec_format(5, 2, s, sizeof s);
    assert_string_equal(s, "0.05");
    assert_true(mdc_dec_parse("12.5", 3, &m));
    assert_int_equal(m, 12500);
    assert_true(mdc_dec_parse("-0.003", 3, &m));
    assert_int_equal(m, -3);
    assert_false(mdc_dec_parse("0.0031", 3, &m));
    assert_true(mdc_dec_parse("1.2000", 1, &m));
    assert_int_equal(m, 12);
    assert_false(mdc_dec_parse("1e3", 0, &m));
    assert_false(mdc_dec_parse("", 0, &m));
    assert_false(mdc_dec_parse("99999999999999999999", 0, &m));

    /* an exhausted arena fails cleanly */
    uint8_t tiny[sizeof(mdc_value) + 8];
    mdc_arena_init(&a, tiny, sizeof tiny);
    assert_non_null(mdc_v_add_obj(&a, NULL, NULL));
    assert_null(mdc_v_add_obj(&a, NULL, NULL));
    assert_true(a.full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bcd),  cmocka_unit_test(test_cursor), cmocka_unit_test(test_hex),
        cmocka_unit_test(test_time), cmocka_unit_test(test_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
