/* One ERC record through gdw13761/erc.h: records written out by hand from
 * Q/GDW 1376.1-2013 Tables 356 (ERC3), 368 (ERC14), 386 (ERC31), 396 (ERC41),
 * built from value trees, compared byte for byte, decoded back; the
 * conveniences (absent A.n fields as EEH, absent lists empty) and every
 * error path with its reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gdw13761/erc.h"
#include "mdc/hex.h"
#include "mdc/mtime.h"
#include "mdc/value.h"

static uint8_t abuf[1 << 17];
static mdc_arena ar;

static size_t hex(const char *h, uint8_t *out, size_t cap)
{
    size_t bad = 0;
    long n = mdc_hex_parse(h, out, cap, &bad);
    assert_true(n > 0);
    return (size_t)n;
}

static void assert_encodes(uint8_t erc, const mdc_value *v, const char *want_hex)
{
    uint8_t want[300], out[300];
    size_t n = hex(want_hex, want, sizeof want), w = 0;
    gdw13761_err e;
    memset(&e, 0, sizeof e);
    int rc = gdw13761_erc_encode(erc, v, out, sizeof out, &w, &e);
    if (rc)
        print_error("encode: %s\n", e.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(w, n);
    assert_memory_equal(out, want, n);
}

static mdc_value *decode_hex(const char *h, uint8_t *buf, uint8_t *erc, size_t *used)
{
    size_t n = hex(h, buf, 300);
    mdc_value *c = NULL;
    gdw13761_err e;
    memset(&e, 0, sizeof e);
    int rc = gdw13761_erc_decode(buf, n, used, erc, &ar, &c, &e);
    if (rc)
        print_error("decode: %s\n", e.msg);
    assert_int_equal(rc, 0);
    return c;
}

static mdc_tm tm5(int y, int mo, int d, int h, int mi)
{
    mdc_tm t = {.year = (uint16_t)y,
                .mon = (uint8_t)mo,
                .day = (uint8_t)d,
                .hour = (uint8_t)h,
                .min = (uint8_t)mi,
                .fields = MDC_TM_YEAR | MDC_TM_MON | MDC_TM_DAY | MDC_TM_HOUR | MDC_TM_MIN};
    return t;
}

static int64_t int_of(const mdc_value *o, const char *k)
{
    int64_t i = -1;
    assert_true(mdc_v_int(mdc_v_get(o, k), &i));
    return i;
}

static void assert_time(const mdc_value *o, const char *k, const char *iso)
{
    const mdc_value *t = mdc_v_get(o, k);
    assert_non_null(t);
    assert_int_equal(t->kind, MDC_V_TIME);
    char b[40];
    assert_true(mdc_tm_format_iso(&t->u.tm, b, sizeof b) > 0);
    assert_string_equal(b, iso);
}

static int setup(void **state)
{
    (void)state;
    mdc_arena_init(&ar, abuf, sizeof abuf);
    return 0;
}

/* A DADT value {pn: [p], fn: [f]}. */
static mdc_value *dadt(uint16_t p, uint16_t f)
{
    mdc_value *o = mdc_v_new(&ar, MDC_V_OBJECT);
    mdc_v_add_int(&ar, mdc_v_add_arr(&ar, o, "pn"), NULL, p, NULL);
    mdc_v_add_int(&ar, mdc_v_add_arr(&ar, o, "fn"), NULL, f, NULL);
    return o;
}

static void test_erc3_table356(void **state)
{
    (void)state;
    /* 2024-03-05 10:20, master 5 changed p0 F1 and p0 F9; Le = 5+1+2x4 = 14 */
    mdc_value *c = mdc_v_new(&ar, MDC_V_OBJECT);
    mdc_tm t = tm5(2024, 3, 5, 10, 20);
    mdc_v_add_time(&ar, c, "time", &t);
    mdc_v_add_int(&ar, c, "msa", 5, NULL);
    mdc_value *ch = mdc_v_add_arr(&ar, c, "changed");
    mdc_v_append(ch, NULL, dadt(0, 1));
    mdc_v_append(ch, NULL, dadt(0, 9));
    static const char rec[] = "03 0E 20 10 05 03 24 05 00 00 01 00 00 00 01 01";
    assert_encodes(3, c, rec);

    uint8_t buf[300], erc = 0;
    size_t used = 0;
    mdc_value *d = decode_hex(rec, buf, &erc, &used);
    assert_int_equal(erc, 3);
    assert_int_equal(used, 16);
    assert_time(d, "time", "2024-03-05T10:20");
    assert_int_equal(int_of(d, "msa"), 5);
    const mdc_value *changed = mdc_v_get(d, "changed");
    assert_int_equal(changed->u.list.n, 2);
    int64_t fn = 0;
    assert_true(mdc_v_int(mdc_v_at(mdc_v_get(mdc_v_at(changed, 1), "fn"), 0), &fn));
    assert_int_equal(fn, 9);
    assert_null(gdw13761_erc_name(42));
    assert_string_equal(gdw13761_erc_name(3), "ERC3 parameter change");
}

static void test_erc3_no_changes_absent_list(void **state)
{
    (void)state;
    mdc_value *c = mdc_v_new(&ar, MDC_V_OBJECT);
    mdc_tm t = tm5(2024, 3, 5, 10, 20);
    mdc_v_add_time(&ar, c, "time", &t);
    mdc_v_add_int(&ar, c, "msa", 0, NULL);
    assert_encodes(3, c, "03 06 20 10 05 03 24 00");
}

static void test_erc14_table368(void **state)
{
    (void)state;
    mdc_value *c = mdc_v_new(&ar, MDC_V_OBJECT);
    mdc_tm off = tm5(2024, 2, 1, 8, 30), on = tm5(2024, 2, 1, 9, 45);
    mdc_v_add_time(&ar, c, "power_off", &off);
    mdc_v_add_time(&ar, c, "power_on", &on);
    assert_encodes(14, c, "0E 0A 30 08 01 02 24 45 09 01 02 24");
    /* power-on time unknown: EEH */
    mdc_value *c2 = mdc_v_new(&ar, MDC_V_OBJECT);
    mdc_v_add_time(&ar, c2, "power_off", &off);
    assert_encodes(14, c2, "0E 0A 30 08 01 02 24 EE EE EE EE EE");
}

static void test_erc14_field_le11_decodes(void **state)
{
    (void)state;
    /* the live record (notes §1.10): Le 11, a flag byte before the times */
    uint8_t buf[300], erc = 0;
    size_t used = 0;
    mdc_value *d = decode_hex("0E 0B 01 18 15 04 07 19 53 16 04 07 19 FF", buf, &erc, &used);
    assert_int_equal(erc, 14);
    assert_int_equal(used, 13); /* the trailing FF is not read */
    assert_int_equal(mdc_v_get(d, "flags")->u.list.n, 1);
    assert_time(d, "power_off", "2019-07-04T15:18");
    assert_time(d, "power_on", "2019-07-04T16:53");
}

static mdc_value *erc31_content(bool with_reactive)
{
    mdc_value *c = mdc_v_new(&ar, MDC_V_OBJECT);
    mdc_tm t = tm5(2024, 3, 5, 10, 20), ok = tm5(2024, 3, 5, 9, 0);
    mdc_v_add_time(&ar, c, "time", &t);
    mdc_v_add_int(&ar, c, "pn", 3, NULL);
    mdc_v_add_int(&ar, c, "occurred", 1, NULL);
    mdc_v_add_time(&ar, c, "last_ok", &ok);
    mdc_v_add_dec(&ar, c, "fwd_active", 12345678, 4, "kWh");
    if (with_reactive)
        mdc_v_add_dec(&ar, c, "fwd_reactive", 5678, 2, "kvarh");
    return c;
}

static void test_erc31_table386(void **state)
{
    (void)state;
    /* pn 3 with D15 set = 03 80; last ok 09:00; 1234.5678 kWh (A.14),
     * 56.78 kvarh (A.11); Le = 5+2+5+5+4 = 21 */
    static const char rec[] =
        "1F 15 20 10 05 03 24 03 80 00 09 05 03 24 78 56 34 12 00 78 56 00 00";
    assert_encodes(31, erc31_content(true), rec);
    assert_encodes(31, erc31_content(false),
                   "1F 15 20 10 05 03 24 03 80 00 09 05 03 24 78 56 34 12 00 EE EE EE EE");
    uint8_t buf[300], erc = 0;
    size_t used = 0;
    mdc_value *d = decode_hex(rec, buf, &erc, &used);
    assert_int_equal(erc, 31);
    assert_int_equal(int_of(d, "pn"), 3);
    assert_int_equal(int_of(d, "occurred"), 1);
    int64_t m = 0;
    assert_true(mdc_v_mant(mdc_v_get(d, "fwd_active"), 4, &m));
    assert_int_equal(m, 12345678);
    assert_time(d, "last_ok", "2024-03-05T09:00");
}

static void test_erc41_table396(void **state)
{
    (void)state;
    /* pn 0, before 2024-03-05 10:20:30 (Tuesday), after 10:21:00 */
    mdc_value *c = mdc_v_new(&ar, MDC_V_OBJECT);
    mdc_v_add_int(&ar, c, "pn", 0, NULL);
    mdc_tm b = tm5(2024, 3, 5, 10, 20), a = tm5(2024, 3, 5, 10, 21);
    b.sec = 30;
    b.wday = 2;
    b.fields |= MDC_TM_SEC | MDC_TM_WDAY;
    a.wday = 2;
    a.fields |= MDC_TM_SEC | MDC_TM_WDAY;
    mdc_v_add_time(&ar, c, "before", &b);
    mdc_v_add_time(&ar, c, "after", &a);
    assert_encodes(41, c, "29 0E 00 00 30 20 10 05 43 24 00 21 10 05 43 24");
}

static void test_longer_record_keeps_rest(void **state)
{
    (void)state;
    /* ERC21 with Le 7: one byte more than Table 375 defines, kept as "rest" */
    uint8_t buf[300], erc = 0;
    size_t used = 0;
    mdc_value *d = decode_hex("15 07 20 10 05 03 24 04 AA", buf, &erc, &used);
    assert_int_equal(used, 9);
    assert_int_equal(int_of(d, "fault"), 4);
    const mdc_value *rest = mdc_v_get(d, "rest");
    assert_non_null(rest);
    assert_int_equal(rest->kind, MDC_V_BYTES);
    assert_int_equal(rest->u.bytes.len, 1);
    assert_int_equal(rest->u.bytes.p[0], 0xAA);
}

static void test_unknown_erc_raw(void **state)
{
    (void)state;
    assert_null(gdw13761_erc_layout(50));
    uint8_t raw[3] = {1, 2, 3};
    mdc_value *v = mdc_v_add_bytes(&ar, NULL, NULL, MDC_V_BYTES, raw, 3);
    assert_encodes(50, v, "32 03 01 02 03");
    uint8_t buf[300], erc = 0;
    size_t used = 0;
    mdc_value *d = decode_hex("32 03 01 02 03", buf, &erc, &used);
    assert_int_equal(d->kind, MDC_V_BYTES);
    assert_int_equal(d->u.bytes.len, 3);
}

static void test_errors(void **state)
{
    (void)state;
    uint8_t out[300];
    size_t w = 99;
    gdw13761_err e;
    /* ERC3 without its master address (BIN: no missing form) */
    mdc_value *c = mdc_v_new(&ar, MDC_V_OBJECT);
    mdc_tm t = tm5(2024, 3, 5, 10, 20);
    mdc_v_add_time(&ar, c, "time", &t);
    memset(&e, 0, sizeof e);
    assert_int_equal(gdw13761_erc_encode(3, c, out, sizeof out, &w, &e), -1);
    assert_int_equal(e.code, GDW13761_E_MISSING);
    assert_non_null(strstr(e.msg, "msa"));
    assert_int_equal(w, 0);
    /* 63 changed identifiers: 6 + 252 bytes > 255 */
    mdc_v_add_int(&ar, c, "msa", 1, NULL);
    mdc_value *ch = mdc_v_add_arr(&ar, c, "changed");
    for (int i = 0; i < 63; i++)
        mdc_v_append(ch, NULL, dadt(0, 1));
    memset(&e, 0, sizeof e);
    assert_int_equal(gdw13761_erc_encode(3, c, out, sizeof out, &w, &e), -1);
    if (e.code != GDW13761_E_COUNT)
        print_error("%d %zu %s\n", e.code, e.offset, e.msg);
    assert_int_equal(e.code, GDW13761_E_COUNT);
    assert_non_null(strstr(e.msg, "255"));
    /* a wrong kind */
    mdc_value *c14 = mdc_v_new(&ar, MDC_V_OBJECT);
    mdc_v_add_int(&ar, c14, "power_off", 5, NULL);
    memset(&e, 0, sizeof e);
    assert_int_equal(gdw13761_erc_encode(14, c14, out, sizeof out, &w, &e), -1);
    assert_int_equal(e.code, GDW13761_E_FORMAT);
    assert_non_null(strstr(e.msg, "power_off"));
    /* the caller's buffer too small */
    memset(&e, 0, sizeof e);
    assert_int_equal(gdw13761_erc_encode(31, erc31_content(true), out, 10, &w, &e), -1);
    assert_int_equal(e.code, GDW13761_E_SPACE);
    /* no content */
    assert_int_equal(gdw13761_erc_encode(31, NULL, out, sizeof out, &w, &e), -1);
    /* decode: cut short, and a record of a known ERC too short for its layout */
    uint8_t cut[] = {0x1F, 0x15, 0x20, 0x10};
    mdc_value *d = NULL;
    size_t used = 7;
    memset(&e, 0, sizeof e);
    assert_int_equal(gdw13761_erc_decode(cut, sizeof cut, &used, NULL, &ar, &d, &e), -1);
    assert_int_equal(e.code, GDW13761_E_SHORT);
    assert_int_equal(used, 0);
    uint8_t shortrec[] = {0x15, 0x02, 0x20, 0x10};
    memset(&e, 0, sizeof e);
    assert_int_equal(gdw13761_erc_decode(shortrec, sizeof shortrec, &used, NULL, &ar, &d, &e), -1);
    assert_int_equal(e.code, GDW13761_E_SHORT);
    assert_true(e.msg[0] != '\0');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_erc3_table356, setup),
        cmocka_unit_test_setup(test_erc3_no_changes_absent_list, setup),
        cmocka_unit_test_setup(test_erc14_table368, setup),
        cmocka_unit_test_setup(test_erc14_field_le11_decodes, setup),
        cmocka_unit_test_setup(test_erc31_table386, setup),
        cmocka_unit_test_setup(test_erc41_table396, setup),
        cmocka_unit_test_setup(test_longer_record_keeps_rest, setup),
        cmocka_unit_test_setup(test_unknown_erc_raw, setup),
        cmocka_unit_test_setup(test_errors, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
