/* Appendix A data formats (formats.h): byte vectors worked by hand from
 * Q/GDW 1376.1-2013 Appendix A tables A.1 .. A.29, EEH -> NULL -> EEH,
 * bad BCD -> INVALID -> same bytes, and the range errors. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gdw13761/formats.h"

static uint8_t arena_buf[16384];
static mdc_arena A;

static int setup(void **state)
{
    (void)state;
    mdc_arena_init(&A, arena_buf, sizeof arena_buf);
    return 0;
}

static mdc_value *dec(gdw_fmt f, uint16_t len, const char *bytes)
{
    size_t n = gdw13761_fmt_size(f, len);
    assert_true(n > 0);
    mdc_value *v = gdw13761_fmt_decode(f, len, "u", (const uint8_t *)bytes, &A);
    assert_non_null(v);
    return v;
}

/* Encodes v and checks the bytes. */
static void enc_is(gdw_fmt f, uint16_t len, const mdc_value *v, const char *bytes)
{
    uint8_t out[64];
    char why[128] = "";
    size_t n = gdw13761_fmt_size(f, len);
    gdw13761_errc rc = gdw13761_fmt_encode(f, len, v, out, why, sizeof why);
    if (rc != GDW13761_OK)
        fail_msg("%s: encode failed: %s", gdw13761_fmt_name(f), why);
    assert_memory_equal(out, bytes, n);
}

/* Decode then encode gives the same bytes. */
static mdc_value *rt(gdw_fmt f, uint16_t len, const char *bytes)
{
    mdc_value *v = dec(f, len, bytes);
    enc_is(f, len, v, bytes);
    return v;
}

/* Encoding v fails with E_FORMAT and a reason containing `part`. */
static void enc_fails(gdw_fmt f, uint16_t len, const mdc_value *v, const char *part)
{
    uint8_t out[64];
    char why[128] = "";
    assert_int_equal(gdw13761_fmt_encode(f, len, v, out, why, sizeof why), GDW13761_E_FORMAT);
    if (!strstr(why, part))
        fail_msg("reason \"%s\" lacks \"%s\"", why, part);
}

static mdc_value *i64(int64_t x)
{
    return mdc_v_add_int(&A, NULL, NULL, x, NULL);
}

static mdc_value *dv(int64_t mant, uint8_t scale)
{
    return mdc_v_add_dec(&A, NULL, NULL, mant, scale, NULL);
}

static mdc_value *str(const char *s)
{
    return mdc_v_add_str(&A, NULL, NULL, s, strlen(s));
}

static void is_dec(const mdc_value *v, int64_t mant, uint8_t scale)
{
    assert_int_equal(v->kind, MDC_V_DEC);
    assert_int_equal(v->u.dec.mant, mant);
    assert_int_equal(v->u.dec.scale, scale);
}

static void is_int(const mdc_value *v, int64_t x)
{
    assert_int_equal(v->kind, MDC_V_INT);
    assert_int_equal(v->u.i, x);
}

static void test_sizes(void **state)
{
    (void)state;
    static const uint8_t sizes[29] = {0, 6, 2, 4, 1, 2, 2, 2, 2, 3, 3, 4, 6, 4, 5,
                                      5, 4, 4, 3, 2, 3, 2, 1, 3, 2, 3, 2, 4, 5};
    for (int f = GDW_A1; f <= GDW_A28; f++)
        assert_int_equal(gdw13761_fmt_size((gdw_fmt)f, 0), sizes[f]);
    assert_int_equal(gdw13761_fmt_size(GDW_BIN, 4), 4);
    assert_int_equal(gdw13761_fmt_size(GDW_BIN, 9), 0);
    assert_int_equal(gdw13761_fmt_size(GDW_BCD, 10), 0);
    assert_int_equal(gdw13761_fmt_size(GDW_DADT, 0), 4);
    assert_int_equal(gdw13761_fmt_size(GDW_FMT_NONE, 4), 0);
    assert_string_equal(gdw13761_fmt_name(GDW_A15), "A.15");
}

/* A.1: ss mm hh DD week|MM YY; 2025-11-02 was a Sunday (week 7). */
static void test_a1(void **state)
{
    (void)state;
    mdc_value *v = rt(GDW_A1, 0, "\x15\x30\x08\x02\xF1\x25");
    assert_int_equal(v->kind, MDC_V_TIME);
    assert_int_equal(v->u.tm.year, 2025);
    assert_int_equal(v->u.tm.mon, 11);
    assert_int_equal(v->u.tm.day, 2);
    assert_int_equal(v->u.tm.hour, 8);
    assert_int_equal(v->u.tm.min, 30);
    assert_int_equal(v->u.tm.sec, 15);
    assert_int_equal(v->u.tm.wday, 7);
    assert_int_equal(v->u.tm.fields, MDC_TM_FULL | MDC_TM_WDAY);
    /* a carried week is kept even when it disagrees with the date */
    v = rt(GDW_A1, 0, "\x15\x30\x08\x02\x31\x25");
    assert_int_equal(v->u.tm.wday, 1);
    /* week 0 (invalid): no WDAY; encoding computes it */
    v = dec(GDW_A1, 0, "\x15\x30\x08\x02\x11\x25");
    assert_int_equal(v->u.tm.fields, MDC_TM_FULL);
    enc_is(GDW_A1, 0, v, "\x15\x30\x08\x02\xF1\x25");
    /* from ISO text: wday 0 = Sunday in mtime's convention -> week 7 */
    mdc_tm tm;
    assert_true(mdc_tm_parse_iso("2025-11-03T23:59:58", &tm));
    enc_is(GDW_A1, 0, mdc_v_add_time(&A, NULL, NULL, &tm), "\x58\x59\x23\x03\x31\x25");
    assert_true(mdc_tm_parse_iso("2025-11-02T08:30:15", &tm));
    enc_is(GDW_A1, 0, mdc_v_add_time(&A, NULL, NULL, &tm), "\x15\x30\x08\x02\xF1\x25");
    /* needs seconds */
    assert_true(mdc_tm_parse_iso("2025-11-02T08:30", &tm));
    enc_fails(GDW_A1, 0, mdc_v_add_time(&A, NULL, NULL, &tm), "second");
    /* out-of-range parts and bad BCD are INVALID */
    v = rt(GDW_A1, 0, "\x60\x30\x08\x02\xF1\x25");
    assert_int_equal(v->kind, MDC_V_INVALID);
    v = rt(GDW_A1, 0, "\x15\x30\x08\x30\x02\x25"); /* 30 February */
    assert_int_equal(v->kind, MDC_V_INVALID);
    /* leap day */
    v = rt(GDW_A1, 0, "\x00\x00\x00\x29\x82\x24"); /* a Thursday */
    assert_int_equal(v->kind, MDC_V_TIME);
    assert_true(mdc_tm_parse_iso("1999-12-31T00:00:00", &tm));
    enc_fails(GDW_A1, 0, mdc_v_add_time(&A, NULL, NULL, &tm), "2000..2099");
    enc_fails(GDW_A1, 0, i64(5), "time");
}

/* A.2: byte 1 tens|units, byte 2 G3 G2 G1 S hundreds; G 000 = 10^4 .. 111 = 10^-3. */
static void test_a2(void **state)
{
    (void)state;
    is_dec(rt(GDW_A2, 0, "\x23\x01"), 1230000, 0); /* 123 x 10^4 */
    is_dec(rt(GDW_A2, 0, "\x23\x21"), 123000, 0);  /* x 10^3 */
    is_dec(rt(GDW_A2, 0, "\x23\x41"), 12300, 0);   /* x 10^2 */
    is_dec(rt(GDW_A2, 0, "\x23\x61"), 1230, 0);    /* x 10^1 */
    is_dec(rt(GDW_A2, 0, "\x23\x81"), 123, 0);     /* x 10^0 */
    is_dec(rt(GDW_A2, 0, "\x23\xA1"), 123, 1);     /* 12.3 */
    is_dec(rt(GDW_A2, 0, "\x23\xC1"), 123, 2);     /* 1.23 */
    is_dec(rt(GDW_A2, 0, "\x23\xE1"), 123, 3);     /* 0.123 */
    is_dec(rt(GDW_A2, 0, "\x56\xB4"), -456, 1);    /* -45.6 */
    is_dec(rt(GDW_A2, 0, "\x05\xE0"), 5, 3);       /* 0.005 */
    is_dec(rt(GDW_A2, 0, "\x00\x80"), 0, 0);       /* zero goes as 10^0 */
    /* the exponent keeping the most digits: 1.5 -> 150 x 10^-2 */
    enc_is(GDW_A2, 0, dv(15, 1), "\x50\xC1");
    enc_is(GDW_A2, 0, i64(450), "\x50\x84");
    enc_is(GDW_A2, 0, dv(-12000, 3), "\x20\xB1"); /* -12.000 -> -120 x 10^-1 */
    /* non-canonical input: 45 x 10^1 decodes to 450 and comes back as 450 x 10^0 */
    mdc_value *v = dec(GDW_A2, 0, "\x45\x60");
    is_dec(v, 450, 0);
    enc_is(GDW_A2, 0, v, "\x50\x84");
    enc_fails(GDW_A2, 0, dv(12345, 1), "A.2");
    enc_fails(GDW_A2, 0, i64(10000000), "A.2");
    enc_fails(GDW_A2, 0, dv(1, 4), "A.2");
    assert_int_equal(rt(GDW_A2, 0, "\x2A\x81")->kind, MDC_V_INVALID);
    assert_int_equal(rt(GDW_A2, 0, "\x23\x8A")->kind, MDC_V_INVALID);
    assert_int_equal(rt(GDW_A2, 0, "\xEE\xEE")->kind, MDC_V_NULL);
}

/* A.3: +-XXXXXXX, byte 4 = 0 G 0 S millions; G = 1: MWh / yuan. */
static void test_a3(void **state)
{
    (void)state;
    is_int(rt(GDW_A3, 0, "\x67\x45\x23\x01"), 1234567);
    is_int(rt(GDW_A3, 0, "\x45\x23\x01\x40"), 12345000); /* 12345 MWh in kWh */
    is_int(rt(GDW_A3, 0, "\x00\x05\x00\x10"), -500);
    is_int(rt(GDW_A3, 0, "\x99\x99\x99\x59"), -9999999000);
    /* G = 1 with a small value comes back as G = 0 */
    mdc_value *v = dec(GDW_A3, 0, "\x05\x00\x00\x40");
    is_int(v, 5000);
    enc_is(GDW_A3, 0, v, "\x00\x50\x00\x00");
    enc_fails(GDW_A3, 0, i64(12345001), "A.3");
    enc_fails(GDW_A3, 0, dv(15, 1), "decimals");
    assert_int_equal(rt(GDW_A3, 0, "\x00\x00\x00\x80")->kind, MDC_V_INVALID); /* reserved D7 */
    assert_int_equal(rt(GDW_A3, 0, "\x00\x00\x00\x20")->kind, MDC_V_INVALID); /* reserved D5 */
    assert_int_equal(rt(GDW_A3, 0, "\x00\x0B\x00\x00")->kind, MDC_V_INVALID);
}

static void test_signed_bcd(void **state)
{
    (void)state;
    is_int(rt(GDW_A4, 0, "\x15"), 15);
    is_int(rt(GDW_A4, 0, "\x95"), -15); /* S0 = 1: down */
    is_int(rt(GDW_A4, 0, "\xF9"), -79);
    enc_fails(GDW_A4, 0, i64(80), "max +-79");
    is_dec(rt(GDW_A5, 0, "\x34\x92"), -1234, 1); /* -123.4 */
    is_dec(rt(GDW_A5, 0, "\x99\x79"), 7999, 1);
    enc_fails(GDW_A5, 0, dv(8000, 1), "out of range");
    is_dec(rt(GDW_A6, 0, "\x34\x12"), 1234, 2);
    is_dec(rt(GDW_A6, 0, "\x05\x80"), -5, 2);
    is_dec(rt(GDW_A9, 0, "\x56\x34\x92"), -123456, 4);  /* -12.3456 */
    is_dec(rt(GDW_A25, 0, "\x56\x34\x92"), -123456, 3); /* -123.456 */
    is_dec(rt(GDW_A25, 0, "\x00\x50\x00"), 5000, 3);    /* 5.000 */
    /* negative zero decodes to 0 and is sent as +0 */
    mdc_value *v = dec(GDW_A5, 0, "\x00\x80");
    is_dec(v, 0, 1);
    enc_is(GDW_A5, 0, v, "\x00\x00");
    /* numbers of any scale, as long as no digit is lost */
    enc_is(GDW_A5, 0, i64(-12), "\x20\x81");
    enc_is(GDW_A5, 0, dv(-1200, 2), "\x20\x81");
    enc_fails(GDW_A5, 0, dv(-1234, 3), "decimals");
}

static void test_unsigned_bcd(void **state)
{
    (void)state;
    is_dec(rt(GDW_A7, 0, "\x01\x22"), 2201, 1); /* 220.1 V */
    is_int(rt(GDW_A8, 0, "\x34\x12"), 1234);
    is_int(rt(GDW_A10, 0, "\x56\x34\x12"), 123456);
    is_dec(rt(GDW_A11, 0, "\x78\x56\x34\x12"), 12345678, 2); /* 123456.78 */
    is_dec(rt(GDW_A13, 0, "\x78\x56\x34\x12"), 12345678, 4); /* 1234.5678 */
    is_dec(rt(GDW_A14, 0, "\x90\x78\x56\x34\x12"), 1234567890, 4);
    is_dec(rt(GDW_A22, 0, "\x55"), 55, 1);
    is_dec(rt(GDW_A23, 0, "\x56\x34\x12"), 123456, 4); /* 12.3456 */
    is_dec(rt(GDW_A26, 0, "\x34\x12"), 1234, 3);       /* 1.234 */
    is_int(rt(GDW_A27, 0, "\x78\x56\x34\x12"), 12345678);
    is_int(rt(GDW_BCD, 3, "\x56\x34\x12"), 123456);
    mdc_value *v = dec(GDW_A7, 0, "\x01\x22");
    assert_string_equal(v->unit, "u");
    enc_is(GDW_A7, 0, i64(220), "\x00\x22");
    enc_is(GDW_A11, 0, dv(15, 1), "\x50\x01\x00\x00");
    enc_fails(GDW_A7, 0, dv(10000, 1), "max 999.9");
    enc_fails(GDW_A7, 0, i64(-1), "negative");
    enc_fails(GDW_A7, 0, dv(1234, 2), "decimals");
    enc_fails(GDW_A7, 0, str("12"), "number");
    enc_fails(GDW_A27, 0, i64(100000000), "out of range");
}

static void test_ee_and_invalid(void **state)
{
    (void)state;
    for (int f = GDW_A1; f <= GDW_A28; f++) {
        static const char ee[] = "\xEE\xEE\xEE\xEE\xEE\xEE";
        mdc_value *v = rt((gdw_fmt)f, 0, ee);
        assert_int_equal(v->kind, MDC_V_NULL);
    }
    assert_int_equal(rt(GDW_BCD, 2, "\xEE\xEE")->kind, MDC_V_NULL);
    assert_int_equal(rt(GDW_BIN, 2, "\xEE\xEE")->kind, MDC_V_NULL);
    is_int(rt(GDW_BIN, 1, "\xEE"), 0xEE); /* one byte: an ordinary value */
    assert_int_equal(rt(GDW_RAW, 2, "\xEE\xEE")->kind, MDC_V_BYTES);
    /* partly EE is not missing: it is bad BCD */
    mdc_value *v = rt(GDW_A11, 0, "\xEE\x56\x34\x12");
    assert_int_equal(v->kind, MDC_V_INVALID);
    assert_int_equal(v->u.bytes.len, 4);
    assert_memory_equal(v->u.bytes.p, "\xEE\x56\x34\x12", 4);
    assert_int_equal(rt(GDW_A7, 0, "\x1A\x22")->kind, MDC_V_INVALID);
    assert_int_equal(rt(GDW_A15, 0, "\x30\x08\x02\x13\x25")->kind, MDC_V_INVALID);
    assert_int_equal(rt(GDW_A19, 0, "\x60\x08")->kind, MDC_V_INVALID);
    /* INVALID of another length does not fit */
    v = mdc_v_add_bytes(&A, NULL, NULL, MDC_V_INVALID, (const uint8_t *)"\x1A", 1);
    enc_fails(GDW_A7, 0, v, "needs 2 bytes");
    /* NULL cannot go where EEH is an ordinary value */
    enc_fails(GDW_RAW, 2, mdc_v_new(&A, MDC_V_NULL), "missing");
    enc_fails(GDW_BIN, 1, mdc_v_new(&A, MDC_V_NULL), "missing");
}

static void test_a12(void **state)
{
    (void)state;
    mdc_value *v = rt(GDW_A12, 0, "\x78\x56\x34\x12\x00\x00");
    assert_int_equal(v->kind, MDC_V_STR);
    assert_string_equal(v->u.str.p, "000012345678");
    enc_is(GDW_A12, 0, str("12345678"), "\x78\x56\x34\x12\x00\x00");
    enc_is(GDW_A12, 0, i64(12345678), "\x78\x56\x34\x12\x00\x00");
    enc_fails(GDW_A12, 0, str("1234567890123"), "12 digits");
    enc_fails(GDW_A12, 0, str("12345678A"), "non-digit");
    assert_int_equal(rt(GDW_A12, 0, "\x78\x56\x34\x12\x00\xA0")->kind, MDC_V_INVALID);
}

#include "../check_time.h"
/* fields first reads better in the table of formats below */
#define is_tm(v, fields, y, mo, d, h, mi, s) check_tm(v, y, mo, d, h, mi, s, fields)

static void test_times(void **state)
{
    (void)state;
    const uint8_t hm = MDC_TM_HOUR | MDC_TM_MIN;
    is_tm(rt(GDW_A15, 0, "\x30\x08\x02\x11\x25"), MDC_TM_DATE | hm, 2025, 11, 2, 8, 30, 0);
    is_tm(rt(GDW_A16, 0, "\x15\x30\x08\x02"), MDC_TM_DAY | hm | MDC_TM_SEC, 0, 0, 2, 8, 30, 15);
    is_tm(rt(GDW_A17, 0, "\x30\x08\x02\x11"), MDC_TM_MON | MDC_TM_DAY | hm, 0, 11, 2, 8, 30, 0);
    is_tm(rt(GDW_A18, 0, "\x30\x08\x02"), MDC_TM_DAY | hm, 0, 0, 2, 8, 30, 0);
    is_tm(rt(GDW_A19, 0, "\x30\x08"), hm, 0, 0, 0, 8, 30, 0);
    is_tm(rt(GDW_A20, 0, "\x02\x11\x25"), MDC_TM_DATE, 2025, 11, 2, 0, 0, 0);
    is_tm(rt(GDW_A21, 0, "\x11\x25"), MDC_TM_YEAR | MDC_TM_MON, 2025, 11, 0, 0, 0, 0);
    is_tm(rt(GDW_A24, 0, "\x08\x02"), MDC_TM_DAY | MDC_TM_HOUR, 0, 0, 2, 8, 0, 0);
    /* 29 February without a year is allowed; 30 is not */
    assert_int_equal(rt(GDW_A17, 0, "\x00\x00\x29\x02")->kind, MDC_V_TIME);
    assert_int_equal(rt(GDW_A17, 0, "\x00\x00\x30\x02")->kind, MDC_V_INVALID);
    assert_int_equal(rt(GDW_A20, 0, "\x29\x02\x25")->kind, MDC_V_INVALID);
    /* extra parts are ignored, missing ones are an error */
    mdc_tm tm;
    assert_true(mdc_tm_parse_iso("2025-11-02T08:30:15", &tm));
    enc_is(GDW_A15, 0, mdc_v_add_time(&A, NULL, NULL, &tm), "\x30\x08\x02\x11\x25");
    enc_is(GDW_A20, 0, mdc_v_add_time(&A, NULL, NULL, &tm), "\x02\x11\x25");
    assert_true(mdc_tm_parse_iso("08:30", &tm));
    enc_is(GDW_A19, 0, mdc_v_add_time(&A, NULL, NULL, &tm), "\x30\x08");
    enc_fails(GDW_A15, 0, mdc_v_add_time(&A, NULL, NULL, &tm), "lacks: year month day");
}

/* Each time format through ISO 8601 text (the JSON form) and back. */
static void test_times_via_iso(void **state)
{
    (void)state;
    static const struct {
        gdw_fmt f;
        const char *bytes;
        const char *iso;
    } t[] = {
        {GDW_A1, "\x15\x30\x08\x02\xF1\x25", "2025-11-02T08:30:15"},
        {GDW_A15, "\x30\x08\x02\x11\x25", "2025-11-02T08:30"},
        {GDW_A16, "\x15\x30\x08\x02", "---02T08:30:15"},
        {GDW_A17, "\x30\x08\x02\x11", "--11-02T08:30"},
        {GDW_A18, "\x30\x08\x02", "---02T08:30"},
        {GDW_A19, "\x30\x08", "08:30"},
        {GDW_A20, "\x02\x11\x25", "2025-11-02"},
        {GDW_A21, "\x11\x25", "2025-11"},
        {GDW_A24, "\x08\x02", "---02T08"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char text[40];
        mdc_tm tm;
        mdc_value *v = dec(t[i].f, 0, t[i].bytes);
        size_t n = mdc_tm_format_iso(&v->u.tm, text, sizeof text);
        assert_true(n > 0);
        assert_string_equal(text, t[i].iso);
        assert_true(mdc_tm_parse_iso(text, &tm));
        enc_is(t[i].f, 0, mdc_v_add_time(&A, NULL, NULL, &tm), t[i].bytes);
    }
}

/* A.28: sec hundredths, sec, min, deg, F|deg hundreds. */
static void test_a28(void **state)
{
    (void)state;
    mdc_value *v = rt(GDW_A28, 0, "\x67\x45\x23\x16\x01"); /* 116 23' 45.67" E */
    assert_int_equal(v->kind, MDC_V_OBJECT);
    is_int(mdc_v_get(v, "deg"), 116);
    is_int(mdc_v_get(v, "min"), 23);
    is_dec(mdc_v_get(v, "sec"), 4567, 2);
    is_int(mdc_v_get(v, "hemi"), 0);
    v = rt(GDW_A28, 0, "\x00\x30\x15\x33\x80"); /* 33 15' 30.00" S */
    is_int(mdc_v_get(v, "deg"), 33);
    is_int(mdc_v_get(v, "hemi"), 1);
    assert_int_equal(rt(GDW_A28, 0, "\x00\x60\x15\x33\x80")->kind, MDC_V_INVALID);
    assert_int_equal(rt(GDW_A28, 0, "\x00\x30\x15\x33\x90")->kind, MDC_V_INVALID);
    mdc_value *o = mdc_v_new(&A, MDC_V_OBJECT);
    mdc_v_add_int(&A, o, "deg", 100, NULL);
    mdc_v_add_int(&A, o, "min", 0, NULL);
    enc_fails(GDW_A28, 0, o, "lacks \"sec\"");
    mdc_v_add_dec(&A, o, "sec", 1, 1, NULL);
    mdc_v_add_int(&A, o, "hemi", 0, NULL);
    enc_is(GDW_A28, 0, o, "\x10\x00\x00\x00\x01");
    o = mdc_v_new(&A, MDC_V_OBJECT);
    mdc_v_add_int(&A, o, "deg", 181, NULL);
    mdc_v_add_int(&A, o, "min", 0, NULL);
    mdc_v_add_int(&A, o, "sec", 0, NULL);
    mdc_v_add_int(&A, o, "hemi", 0, NULL);
    enc_fails(GDW_A28, 0, o, "\"deg\" out of range");
}

static void test_plain(void **state)
{
    (void)state;
    is_int(rt(GDW_BIN, 2, "\x34\x12"), 0x1234);
    is_int(rt(GDW_BIN, 4, "\x78\x56\x34\x12"), 0x12345678);
    is_int(rt(GDW_SBIN, 2, "\xFF\xFF"), -1);
    is_int(rt(GDW_SBIN, 1, "\x80"), -128);
    is_int(rt(GDW_SBIN, 8, "\xFE\xFF\xFF\xFF\xFF\xFF\xFF\xFF"), -2);
    assert_int_equal(rt(GDW_BIN, 8, "\x00\x00\x00\x00\x00\x00\x00\x80")->kind, MDC_V_INVALID);
    enc_fails(GDW_BIN, 1, i64(256), "out of range");
    enc_fails(GDW_BIN, 2, i64(-1), "out of range");
    enc_fails(GDW_SBIN, 1, i64(128), "out of range");
    enc_is(GDW_SBIN, 1, i64(-128), "\x80");
    mdc_value *v = rt(GDW_BS, 2, "\x01\x80");
    assert_int_equal(v->kind, MDC_V_BYTES);
    enc_is(GDW_BS, 2, str("0180"), "\x01\x80");
    enc_fails(GDW_BS, 2, str("01"), "needs 2 bytes");
    v = dec(GDW_ASCII, 6, "AB C\0\0");
    assert_int_equal(v->kind, MDC_V_STR);
    assert_string_equal(v->u.str.p, "AB C");
    enc_is(GDW_ASCII, 6, v, "AB C\0\0");
    v = dec(GDW_ASCII, 4, "AB  ");
    assert_string_equal(v->u.str.p, "AB");
    assert_int_equal(rt(GDW_ASCII, 3,
                        "A\x01"
                        "B")
                         ->kind,
                     MDC_V_INVALID);
    enc_fails(GDW_ASCII, 2, str("ABC"), "longer");
    /* text a JSON reader took for a time goes back as that text */
    mdc_tm tm;
    assert_true(mdc_tm_parse_iso("08:30", &tm));
    enc_is(GDW_ASCII, 6, mdc_v_add_time(&A, NULL, NULL, &tm), "08:30\0");
    enc_fails(GDW_ASCII, 6, i64(1), "expects text");
    is_int(rt(GDW_BCD, 1, "\x42"), 42);
    enc_fails(GDW_BCD, 1, i64(100), "out of range");
    assert_int_equal(rt(GDW_RAW, 3, "\x01\x02\x03")->kind, MDC_V_BYTES);
}

static void test_dadt(void **state)
{
    (void)state;
    mdc_value *v = rt(GDW_DADT, 4, "\x01\x01\x01\x00"); /* p1 F1 */
    const mdc_value *pn = mdc_v_get(v, "pn"), *fn = mdc_v_get(v, "fn");
    assert_int_equal(pn->kind, MDC_V_ARRAY);
    assert_int_equal(pn->u.list.n, 1);
    is_int(mdc_v_at(pn, 0), 1);
    is_int(mdc_v_at(fn, 0), 1);
    v = rt(GDW_DADT, 4, "\x00\x00\x80\x1E"); /* p0 F248 */
    is_int(mdc_v_at(mdc_v_get(v, "pn"), 0), 0);
    is_int(mdc_v_at(mdc_v_get(v, "fn"), 0), 248);
    v = rt(GDW_DADT, 4, "\xFF\x00\x03\x01"); /* all points, F9 F10 */
    pn = mdc_v_get(v, "pn");
    assert_int_equal(pn->kind, MDC_V_STR);
    assert_string_equal(pn->u.str.p, "all");
    assert_int_equal(mdc_v_get(v, "fn")->u.list.n, 2);
    is_int(mdc_v_at(mdc_v_get(v, "fn"), 1), 10);
    v = rt(GDW_DADT, 4, "\x05\x02\x01\x00"); /* p9 p11 */
    is_int(mdc_v_at(mdc_v_get(v, "pn"), 0), 9);
    is_int(mdc_v_at(mdc_v_get(v, "pn"), 1), 11);
    v = rt(GDW_DADT, 4, "\x80\xFF\x01\x00"); /* p2040 */
    is_int(mdc_v_at(mdc_v_get(v, "pn"), 0), 2040);
    assert_int_equal(rt(GDW_DADT, 4, "\x01\x00\x01\x00")->kind, MDC_V_INVALID);
    assert_int_equal(rt(GDW_DADT, 4, "\x01\x01\x00\x00")->kind, MDC_V_INVALID);
    assert_int_equal(rt(GDW_DADT, 4, "\x01\x01\x01\x1F")->kind, MDC_V_INVALID);
    /* building: single integers and arrays; one group only */
    mdc_value *o = mdc_v_new(&A, MDC_V_OBJECT);
    mdc_v_add_int(&A, o, "pn", 3, NULL);
    mdc_value *arr = mdc_v_add_arr(&A, o, "fn");
    mdc_v_add_int(&A, arr, NULL, 25, NULL);
    mdc_v_add_int(&A, arr, NULL, 26, NULL);
    enc_is(GDW_DADT, 4, o, "\x04\x01\x03\x03");
    mdc_v_add_int(&A, arr, NULL, 33, NULL);
    enc_fails(GDW_DADT, 4, o, "one group");
    o = mdc_v_new(&A, MDC_V_OBJECT);
    mdc_v_add_int(&A, o, "pn", 2041, NULL);
    mdc_v_add_int(&A, o, "fn", 1, NULL);
    enc_fails(GDW_DADT, 4, o, "out of range");
}

/* Every format over many inputs (all of them for 1- and 2-byte formats):
 * whatever decodes encodes again; the result is stable under decode ->
 * encode, and equals the input except for the documented normalisations. */
static void test_every_input(void **state)
{
    (void)state;
    static const gdw_fmt normalising[] = {GDW_A1, GDW_A2, GDW_A3,  GDW_A4,   GDW_A5,
                                          GDW_A6, GDW_A9, GDW_A25, GDW_ASCII};
    uint32_t rng = 12345;
    for (int f = GDW_A1; f < GDW_FMT_COUNT; f++) {
        uint16_t len = 3;
        size_t n = gdw13761_fmt_size((gdw_fmt)f, len);
        bool exact = true;
        for (size_t k = 0; k < sizeof normalising / sizeof normalising[0]; k++)
            if (normalising[k] == (gdw_fmt)f)
                exact = false;
        long rounds = n <= 2 ? 1L << (8 * n) : 40000;
        for (long i = 0; i < rounds; i++) {
            uint8_t in[8], y[8], z[8];
            char why[128];
            for (size_t j = 0; j < n; j++) {
                rng = rng * 1103515245u + 12345u;
                in[j] = (uint8_t)(n <= 2 ? (unsigned long)i >> (8 * j) : rng >> 16);
            }
            mdc_arena_reset(&A);
            mdc_value *v = gdw13761_fmt_decode((gdw_fmt)f, len, NULL, in, &A);
            assert_non_null(v);
            if (gdw13761_fmt_encode((gdw_fmt)f, len, v, y, why, sizeof why) != GDW13761_OK)
                fail_msg("%s: decoded value does not encode: %s", gdw13761_fmt_name((gdw_fmt)f),
                         why);
            if (exact && memcmp(in, y, n) != 0)
                fail_msg("%s: input %02X%02X.. re-encodes differently",
                         gdw13761_fmt_name((gdw_fmt)f), in[0], in[1]);
            v = gdw13761_fmt_decode((gdw_fmt)f, len, NULL, y, &A);
            assert_non_null(v);
            assert_int_equal(gdw13761_fmt_encode((gdw_fmt)f, len, v, z, why, sizeof why),
                             GDW13761_OK);
            assert_memory_equal(y, z, n);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_sizes, setup),
        cmocka_unit_test_setup(test_a1, setup),
        cmocka_unit_test_setup(test_a2, setup),
        cmocka_unit_test_setup(test_a3, setup),
        cmocka_unit_test_setup(test_signed_bcd, setup),
        cmocka_unit_test_setup(test_unsigned_bcd, setup),
        cmocka_unit_test_setup(test_ee_and_invalid, setup),
        cmocka_unit_test_setup(test_a12, setup),
        cmocka_unit_test_setup(test_times, setup),
        cmocka_unit_test_setup(test_times_via_iso, setup),
        cmocka_unit_test_setup(test_a28, setup),
        cmocka_unit_test_setup(test_plain, setup),
        cmocka_unit_test_setup(test_dadt, setup),
        cmocka_unit_test_setup(test_every_input, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
