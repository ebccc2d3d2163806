/* AFN0C (class 1 data) and AFN0D (class 2 data) catalogue rows: data units
 * written out by hand from the tables of Q/GDW 1376.1-2013 §5.12.2.4 and
 * §5.13, decoded, checked field by field and encoded back to the same bytes;
 * plus presence of every Fn in both directions and absence of spare ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gdw13761/catalog.h"
#include "gdw13761/layout.h"
#include "mdc/value.h"

#include "cat_harness.h"

static const mdc_value *member(const mdc_value *obj, const char *key)
{
    const mdc_value *v = mdc_v_get(obj, key);
    if (!v)
        print_error("no member %s\n", key);
    assert_non_null(v);
    return v;
}

static int64_t get_int(const mdc_value *obj, const char *key)
{
    int64_t i = 0;
    assert_true(mdc_v_int(member(obj, key), &i));
    return i;
}

/* A number as a mantissa at `scale` decimals */
static int64_t num_at(const mdc_value *v, uint8_t scale)
{
    assert_non_null(v);
    int64_t m = 0;
    assert_true(mdc_v_mant(v, scale, &m));
    return m;
}

static int64_t get_mant(const mdc_value *obj, const char *key, uint8_t scale)
{
    return num_at(member(obj, key), scale);
}

static void assert_unit(const mdc_value *obj, const char *key, const char *unit)
{
    const mdc_value *v = member(obj, key);
    assert_non_null(v->unit);
    assert_string_equal(v->unit, unit);
}

static const mdc_value *get_list(const mdc_value *obj, const char *key, size_t n)
{
    const mdc_value *v = member(obj, key);
    assert_int_equal(v->kind, MDC_V_ARRAY);
    assert_int_equal(v->u.list.n, n);
    return v;
}

/* A TIME; parts given as -1 are not checked */
static void assert_time_v(const mdc_value *v, int y, int mo, int d, int h, int mi, int s)
{
    assert_non_null(v);
    assert_int_equal(v->kind, MDC_V_TIME);
    if (y >= 0)
        assert_int_equal(v->u.tm.year, y);
    if (mo >= 0)
        assert_int_equal(v->u.tm.mon, mo);
    if (d >= 0)
        assert_int_equal(v->u.tm.day, d);
    if (h >= 0)
        assert_int_equal(v->u.tm.hour, h);
    if (mi >= 0)
        assert_int_equal(v->u.tm.min, mi);
    if (s >= 0)
        assert_int_equal(v->u.tm.sec, s);
}

static void assert_time(const mdc_value *obj, const char *key, int y, int mo, int d, int h, int mi,
                        int s)
{
    assert_time_v(member(obj, key), y, mo, d, h, mi, s);
}

static void expect_decode_error(const gdw_field *layout, const uint8_t *p, size_t len,
                                gdw13761_errc code)
{
    mdc_arena_init(&arena, arena_buf, sizeof arena_buf);
    gdw13761_err err;
    memset(&err, 0, sizeof err);
    mdc_value *v = NULL;
    size_t used = 0;
    assert_int_equal(gdw13761_unit_decode(layout, p, len, &used, &arena, &v, &err), -1);
    assert_int_equal(err.code, code);
    assert_true(err.msg[0] != '\0');
}

/* A.15 2013-05-20 14:30 (mm hh DD MM YY) */
#define RT_BYTES 0x30, 0x14, 0x20, 0x05, 0x13
/* A.1 2013-05-20 14:30:15, Monday (week 1 in D7..D5 of the month byte) */
#define A1_BYTES 0x15, 0x30, 0x14, 0x20, 0x25, 0x13
/* A.1 2013-04-01 08:00:00, Monday */
#define A1_BYTES2 0x00, 0x00, 0x08, 0x01, 0x24, 0x13

/* ---- AFN0C ---- */

/* Table 130: terminal clock */
static void test_0c_f2(void **state)
{
    (void)state;
    static const uint8_t b[] = {A1_BYTES};
    const mdc_value *v = roundtrip(row_layout(0x0C, 2, GDW13761_UP), b, sizeof b);
    assert_time(v, "time", 2013, 5, 20, 14, 30, 15);
    assert_int_equal(member(v, "time")->u.tm.wday, 1);
    /* the request carries nothing */
    assert_int_equal(gdw13761_unit_fixed_len(row_layout(0x0C, 2, GDW13761_DOWN)), 0);
}

/* Table 132: reporting forbidden (2), talk allowed (1); the spare D4-D7 are
 * kept so that the byte re-encodes as it came */
static void test_0c_f4(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x06};
    const mdc_value *v = roundtrip(row_layout(0x0C, 4, GDW13761_UP), b, sizeof b);
    assert_int_equal(get_int(v, "report"), 2);
    assert_int_equal(get_int(v, "talk"), 1);
    static const uint8_t odd[] = {0xA6};
    v = roundtrip(row_layout(0x0C, 4, GDW13761_UP), odd, sizeof odd);
    assert_int_equal(get_int(v, "reserved"), 0x0A);
}

/* Table 135: EC1 = 5, EC2 = 10 */
static void test_0c_f7(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x05, 0x0A};
    const mdc_value *v = roundtrip(row_layout(0x0C, 7, GDW13761_UP), b, sizeof b);
    assert_int_equal(get_int(v, "ec1"), 5);
    assert_int_equal(get_int(v, "ec2"), 10);
}

/* Table 133 with one total-add group (group_valid D0): the group blocks run
 * to the end of the data unit */
static void test_0c_f5(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x01, 0x01, 0x01, 0xFF, 0x01, 0x02, 0x03, 0x00};
    const mdc_value *v = roundtrip(row_layout(0x0C, 5, GDW13761_UP), b, sizeof b);
    const mdc_value *g = get_list(v, "groups", 1);
    assert_int_equal(get_int(mdc_v_at(g, 0), "power_scheme"), 1);
    const mdc_value *pc = member(mdc_v_at(g, 0), "power_control");
    assert_int_equal(pc->kind, MDC_V_BYTES);
    assert_int_equal(pc->u.bytes.p[0], 0x01);
    /* no group at all */
    v = roundtrip(row_layout(0x0C, 5, GDW13761_UP), b, 2);
    get_list(v, "groups", 0);
}

/* Table 137: inputs 1 and 3 closed, input 3 changed */
static void test_0c_f9(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x05, 0x04};
    const mdc_value *v = roundtrip(row_layout(0x0C, 9, GDW13761_UP), b, sizeof b);
    assert_int_equal(member(v, "state")->u.bytes.p[0], 0x05);
    assert_int_equal(member(v, "changed")->u.bytes.p[0], 0x04);
}

/* Table 141: 3 found in all, 1 in this frame */
static void test_0c_f13(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        0x03, 0x00, 0x01, 0x00,             /* m, n */
        0x78, 0x56, 0x34, 0x12, 0x00, 0x00, /* meter 000012345678 */
        0x1E,                               /* protocol 30 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* collector 000000000000 */
    };
    const mdc_value *v = roundtrip(row_layout(0x0C, 13, GDW13761_UP), b, sizeof b);
    assert_int_equal(get_int(v, "total"), 3);
    const mdc_value *m = mdc_v_at(get_list(v, "meters", 1), 0);
    const mdc_value *addr = member(m, "addr");
    assert_int_equal(addr->kind, MDC_V_STR);
    assert_memory_equal(addr->u.str.p, "000012345678", 12);
    assert_int_equal(get_int(m, "protocol"), 30);
    /* n = 1 but the meter is cut short */
    expect_decode_error(row_layout(0x0C, 13, GDW13761_UP), b, 10, GDW13761_E_SHORT);
}

/* Table 139: two ports. Port 2: 258 meters, busy and done (03H), 256 read,
 * 5 key meters, start/end A.1; port 31: 1 meter, idle, 0 read. */
static void test_0c_f11(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        0x02,                                              /* n blocks */
        0x02,      0x02,     0x01, 0x03, 0x00, 0x01, 0x05, /* port 2 */
        A1_BYTES2, A1_BYTES,                               /* start, end */
        0x1F,      0x01,     0x00, 0x00, 0x00, 0x00, 0x00, /* port 31 */
        A1_BYTES2, 0xEE,     0xEE, 0xEE, 0xEE, 0xEE, 0xEE  /* end missing */
    };
    const mdc_value *v = roundtrip(row_layout(0x0C, 11, GDW13761_UP), b, sizeof b);
    assert_int_equal(get_int(v, "count"), 2);
    const mdc_value *ports = get_list(v, "ports", 2);
    const mdc_value *p1 = mdc_v_at(ports, 0);
    assert_int_equal(get_int(p1, "port"), 2);
    assert_int_equal(get_int(p1, "meters"), 258);
    assert_int_equal(get_int(p1, "busy"), 1);
    assert_int_equal(get_int(p1, "done_in_period"), 1);
    assert_int_equal(get_int(p1, "success"), 256);
    assert_int_equal(get_int(p1, "key_success"), 5);
    assert_time(p1, "start", 2013, 4, 1, 8, 0, 0);
    assert_time(p1, "end", 2013, 5, 20, 14, 30, 15);
    const mdc_value *p2 = mdc_v_at(ports, 1);
    assert_int_equal(get_int(p2, "port"), 31);
    assert_int_equal(get_int(p2, "busy"), 0);
    assert_int_equal(member(p2, "end")->kind, MDC_V_NULL);

    /* a block cut short */
    expect_decode_error(row_layout(0x0C, 11, GDW13761_UP), b, 20, GDW13761_E_SHORT);
}

/* Table 149: 67 bytes */
static void test_0c_f25(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        RT_BYTES, 0x56, 0x34, 0x12, /* P total 12.3456 kW */
        0x00,     0x00, 0x04,       /* P A 4.0000 */
        0x00,     0x00, 0x04,       /* P B */
        0x56,     0x34, 0x04,       /* P C 4.3456 */
        0x00,     0x50, 0x81,       /* Q total -1.5000 kvar */
        0x00,     0x50, 0x80,       /* Q A -0.5000 */
        0x00,     0x50, 0x80,       /* Q B */
        0x00,     0x50, 0x80,       /* Q C */
        0x87,     0x09,             /* PF 98.7 % */
        0x00,     0x85,             /* PF A -50.0 % */
        0x00,     0x10,             /* PF B 100.0 */
        0xEE,     0xEE,             /* PF C missing */
        0x01,     0x22,             /* Ua 220.1 V */
        0x00,     0x22,             /* Ub 220.0 */
        0x99,     0x21,             /* Uc 219.9 */
        0x23,     0x51, 0x00,       /* Ia 5.123 A */
        0x00,     0x00, 0x01,       /* Ib 10.000 */
        0x00,     0x05, 0x80,       /* Ic -0.500 */
        0x01,     0x00, 0x00,       /* I0 0.001 */
        0x00,     0x60, 0x12,       /* S 12.6000 kVA */
        0x00,     0x00, 0x04,       /* S A */
        0x00,     0x00, 0x04,       /* S B */
        0x00,     0x60, 0x04,       /* S C */
    };
    assert_int_equal(sizeof b, 67);
    const gdw_field *l = row_layout(0x0C, 25, GDW13761_UP);
    assert_int_equal(gdw13761_unit_fixed_len(l), 67);
    const mdc_value *v = roundtrip(l, b, sizeof b);
    assert_time(v, "read_time", 2013, 5, 20, 14, 30, -1);
    assert_int_equal(get_mant(v, "power", 4), 123456);
    assert_unit(v, "power", "kW");
    assert_int_equal(get_mant(v, "power_c", 4), 43456);
    assert_int_equal(get_mant(v, "q", 4), -15000);
    assert_unit(v, "q", "kvar");
    assert_int_equal(get_mant(v, "pf", 1), 987);
    assert_int_equal(get_mant(v, "pf_a", 1), -500);
    assert_int_equal(get_mant(v, "pf_b", 1), 1000);
    assert_int_equal(member(v, "pf_c")->kind, MDC_V_NULL);
    assert_int_equal(get_mant(v, "voltage_a", 1), 2201);
    assert_int_equal(get_mant(v, "voltage_c", 1), 2199);
    assert_unit(v, "voltage_b", "V");
    assert_int_equal(get_mant(v, "current_a", 3), 5123);
    assert_int_equal(get_mant(v, "current_b", 3), 10000);
    assert_int_equal(get_mant(v, "current_c", 3), -500);
    assert_int_equal(get_mant(v, "current_0", 3), 1);
    assert_int_equal(get_mant(v, "s", 4), 126000);
    assert_unit(v, "s_c", "kVA");

    expect_decode_error(l, b, 66, GDW13761_E_SHORT);
}

/* Table 198 with M = 4: total 1234.5678, tariffs 100, 200, 300.5, missing */
static void test_0c_f129(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        RT_BYTES, 0x04,                   /* read time, M */
        0x78,     0x56, 0x34, 0x12, 0x00, /* total */
        0x00,     0x00, 0x00, 0x01, 0x00, /* tariff 1 */
        0x00,     0x00, 0x00, 0x02, 0x00, /* tariff 2 */
        0x00,     0x50, 0x00, 0x03, 0x00, /* tariff 3 */
        0xEE,     0xEE, 0xEE, 0xEE, 0xEE, /* tariff 4 missing */
    };
    const gdw_field *l = row_layout(0x0C, 129, GDW13761_UP);
    assert_int_equal(gdw13761_unit_fixed_len(l), -1);
    const mdc_value *v = roundtrip(l, b, sizeof b);
    assert_int_equal(get_int(v, "tariff_count"), 4);
    const mdc_value *e = get_list(v, "energy", 5);
    assert_int_equal(num_at(mdc_v_at(e, 0), 4), 12345678);
    assert_string_equal(mdc_v_at(e, 0)->unit, "kWh");
    assert_int_equal(num_at(mdc_v_at(e, 1), 4), 1000000);
    assert_int_equal(num_at(mdc_v_at(e, 2), 4), 2000000);
    assert_int_equal(num_at(mdc_v_at(e, 3), 4), 3005000);
    assert_int_equal(mdc_v_at(e, 4)->kind, MDC_V_NULL);

    /* F131 (reverse) and F177 (combined) share the shape; F130 is A.11 kvarh */
    roundtrip(row_layout(0x0C, 131, GDW13761_UP), b, sizeof b);
    roundtrip(row_layout(0x0C, 177, GDW13761_UP), b, sizeof b);
    static const uint8_t r[] = {RT_BYTES, 0x01, 0x34, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    v = roundtrip(row_layout(0x0C, 130, GDW13761_UP), r, sizeof r);
    e = get_list(v, "energy", 2);
    assert_int_equal(num_at(mdc_v_at(e, 0), 2), 1234);
    assert_string_equal(mdc_v_at(e, 0)->unit, "kvarh");

    /* M says 4 tariffs, only 3 there */
    expect_decode_error(l, b, sizeof b - 5, GDW13761_E_SHORT);
}

/* Table 211: on (11H), last close 2013-05-20 14:30:15, last trip 2013-04-01 08:00 */
static void test_0c_f161(void **state)
{
    (void)state;
    static const uint8_t b[] = {RT_BYTES, 0x11, A1_BYTES, A1_BYTES2};
    const mdc_value *v = roundtrip(row_layout(0x0C, 161, GDW13761_UP), b, sizeof b);
    assert_time(v, "read_time", 2013, 5, 20, 14, 30, -1);
    assert_int_equal(get_int(v, "state"), 0x11);
    assert_time(v, "last_close", 2013, 5, 20, 14, 30, 15);
    assert_time(v, "last_trip", 2013, 4, 1, 8, 0, 0);
}

/* Table 213: 12 programmings, 3 tail-cover openings */
static void test_0c_f165(void **state)
{
    (void)state;
    static const uint8_t b[] = {RT_BYTES, 0x12, 0x00, 0x00, A1_BYTES, 0x03, 0x00, 0x00, A1_BYTES2};
    const gdw_field *l = row_layout(0x0C, 165, GDW13761_UP);
    assert_int_equal(gdw13761_unit_fixed_len(l), 5 + 3 + 6 + 3 + 6);
    const mdc_value *v = roundtrip(l, b, sizeof b);
    assert_int_equal(get_int(v, "program_count"), 12);
    assert_time(v, "last_program", 2013, 5, 20, 14, 30, 15);
    assert_int_equal(get_int(v, "cover_open_count"), 3);
    assert_time(v, "last_cover_open", 2013, 4, 1, 8, 0, 0);
}

/* Table 145 with M = 1: total 1234567 kWh, tariff 1 -5 kWh (S set), G = 0 */
static void test_0c_f19(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x01, 0x67, 0x45, 0x23, 0x01, 0x05, 0x00, 0x00, 0x10};
    const mdc_value *v = roundtrip(row_layout(0x0C, 19, GDW13761_UP), b, sizeof b);
    const mdc_value *e = get_list(v, "energy", 2);
    assert_int_equal(num_at(mdc_v_at(e, 0), 0), 1234567);
    assert_int_equal(num_at(mdc_v_at(e, 1), 0), -5);
    assert_string_equal(mdc_v_at(e, 0)->unit, "kWh");
    assert_int_equal(gdw13761_cat_find(0x0C, 19, GDW13761_UP)->pn, GDW13761_PN_GROUP);
}

/* Table 174 with N = 3: harmonics 2 and 3 for each phase */
static void test_0c_f57(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        0x03,                   /* N */
        0x50, 0x02, 0x10, 0x01, /* Ua: 25.0, 11.0 V */
        0x00, 0x00, 0x01, 0x00, /* Ub: 0.0, 0.1 */
        0xEE, 0xEE, 0xEE, 0xEE, /* Uc missing */
        0x25, 0x01, 0x25, 0x81, /* Ia: 1.25, -1.25 A */
        0x00, 0x00, 0x00, 0x00, /* Ib */
        0x00, 0x00, 0x00, 0x00, /* Ic */
    };
    const mdc_value *v = roundtrip(row_layout(0x0C, 57, GDW13761_UP), b, sizeof b);
    assert_int_equal(get_int(v, "n"), 3);
    const mdc_value *ua = get_list(v, "voltage_a", 2);
    assert_int_equal(num_at(mdc_v_at(ua, 0), 1), 250);
    assert_int_equal(num_at(mdc_v_at(ua, 1), 1), 110);
    assert_int_equal(mdc_v_at(get_list(v, "voltage_c", 2), 1)->kind, MDC_V_NULL);
    const mdc_value *ia = get_list(v, "current_a", 2);
    assert_int_equal(num_at(mdc_v_at(ia, 0), 2), 125);
    assert_int_equal(num_at(mdc_v_at(ia, 1), 2), -125);
    assert_string_equal(mdc_v_at(ia, 0)->unit, "A");
}

/* Table 184: hour 14, density 1 (15 min) -> 4 points; density 3 -> 1
 * point; an unknown density leaves the rest raw */
static void test_0c_f89_hourly(void **state)
{
    (void)state;
    const gdw_field *l = row_layout(0x0C, 89, GDW13761_UP);
    static const uint8_t b[] = {
        0x14, 0x01,                                     /* Td_h */
        0x00, 0x50, 0x01, 0x00, 0x00, 0x02, 0x00, 0x25, /* 1.5, 2.0, */
        0x82, 0xEE, 0xEE, 0xEE,                         /* -2.25, missing */
    };
    const mdc_value *v = roundtrip(l, b, sizeof b);
    assert_int_equal(get_int(v, "hour"), 14);
    assert_int_equal(get_int(v, "density"), 1);
    const mdc_value *p = get_list(member(v, "points"), "values", 4);
    assert_int_equal(num_at(mdc_v_at(p, 0), 4), 15000);
    assert_int_equal(num_at(mdc_v_at(p, 2), 4), -22500);
    assert_int_equal(mdc_v_at(p, 3)->kind, MDC_V_NULL);

    static const uint8_t one[] = {0x23, 0x03, 0x00, 0x00, 0x10};
    v = roundtrip(l, one, sizeof one);
    assert_int_equal(get_int(v, "hour"), 23);
    p = get_list(member(v, "points"), "values", 1);
    assert_int_equal(num_at(mdc_v_at(p, 0), 4), 100000);

    static const uint8_t odd[] = {0x01, 0x07, 0xAA, 0xBB};
    v = roundtrip(l, odd, sizeof odd);
    assert_int_equal(member(v, "points")->kind, MDC_V_BYTES);

    /* density 1 says 4 points, 3 are there */
    expect_decode_error(l, b, sizeof b - 3, GDW13761_E_SHORT);
}

/* Table 207 with M = 1: demand and its time paired */
static void test_0c_f146(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        RT_BYTES, 0x01,                               /* read time, M */
        0x00,     0x50, 0x12, 0x15, 0x10, 0x19, 0x05, /* 12.5000 kvar at 05-19 10:15 */
        0xEE,     0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, /* tariff 1 missing */
    };
    const mdc_value *v = roundtrip(row_layout(0x0C, 146, GDW13761_UP), b, sizeof b);
    const mdc_value *d = get_list(v, "demand", 2);
    assert_int_equal(get_mant(mdc_v_at(d, 0), "value", 4), 125000);
    assert_unit(mdc_v_at(d, 0), "value", "kvar");
    assert_time(mdc_v_at(d, 0), "time", -1, 5, 19, 10, 15, -1);
    assert_int_equal(member(mdc_v_at(d, 1), "value")->kind, MDC_V_NULL);
}

/* Fixed lengths of the fixed AFN0C data units, from the byte columns */
static void test_0c_fixed_lengths(void **state)
{
    (void)state;
    static const struct {
        uint16_t fn;
        long len;
    } t[] = {
        {2, 6},
        {3, 31},
        {4, 1},
        {7, 2},
        {8, 8},
        {9, 2},
        {10, 8},
        {12, 2},
        {14, 130},
        {25, 67},
        {26, 5 + 4 * 3 + 4 * 3 + 8 * 4},
        {27, 5 + 6 + 4 + 5 * (3 + 6)},
        {28, 5 + 28},
        {29, 15},
        {30, 15},
        {31, 5 + 3 * 18},
        {32, 5 + 3 * 18},
        {161, 18},
        {162, 11},
        {166, 5 + 3 + 6 + 6 + 3 + 6},
        {167, 5 + 2 + 5 + 5 + 6 * 4},
        {170, 18},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        long got = gdw13761_unit_fixed_len(row_layout(0x0C, t[i].fn, GDW13761_UP));
        if (got != t[i].len)
            print_error("AFN0C F%u: %ld bytes, want %ld\n", t[i].fn, got, t[i].len);
        assert_int_equal(got, t[i].len);
    }
}

/* ---- AFN0D ---- */

/* Table 225 with M = 1: Td_d 2013-05-20, then forward active (A.14), forward
 * reactive, Q1 and Q4 (A.11), total + tariff 1 each */
static void test_0d_f1(void **state)
{
    (void)state;
    static const uint8_t td[] = {0x20, 0x05, 0x13};
    const mdc_value *v = roundtrip(row_layout(0x0D, 1, GDW13761_DOWN), td, sizeof td);
    assert_time(v, "td_d", 2013, 5, 20, -1, -1, -1);

    static const uint8_t b[] = {
        0x20, 0x05, 0x13, RT_BYTES, 0x01,                               /* Td_d, read time, M */
        0x78, 0x56, 0x34, 0x12,     0x00, 0x00, 0x00, 0x00, 0x10, 0x00, /* fwd active */
        0x50, 0x34, 0x12, 0x00,     0x00, 0x01, 0x00, 0x00,             /* fwd reactive */
        0x01, 0x00, 0x00, 0x00,     0x02, 0x00, 0x00, 0x00,             /* Q1 */
        0xEE, 0xEE, 0xEE, 0xEE,     0x99, 0x99, 0x99, 0x99,             /* Q4 */
    };
    v = roundtrip(row_layout(0x0D, 1, GDW13761_UP), b, sizeof b);
    assert_time(v, "td_d", 2013, 5, 20, -1, -1, -1);
    assert_time(v, "read_time", 2013, 5, 20, 14, 30, -1);
    assert_int_equal(get_int(v, "tariff_count"), 1);
    const mdc_value *a = get_list(v, "fwd_active", 2);
    assert_int_equal(num_at(mdc_v_at(a, 0), 4), 12345678);
    assert_int_equal(num_at(mdc_v_at(a, 1), 4), 10000000);
    const mdc_value *r = get_list(v, "fwd_reactive", 2);
    assert_int_equal(num_at(mdc_v_at(r, 0), 2), 123450);
    assert_int_equal(num_at(mdc_v_at(r, 1), 2), 100);
    assert_string_equal(mdc_v_at(r, 0)->unit, "kvarh");
    const mdc_value *q1 = get_list(v, "q1_reactive", 2);
    assert_int_equal(num_at(mdc_v_at(q1, 0), 2), 1);
    assert_int_equal(num_at(mdc_v_at(q1, 1), 2), 2);
    const mdc_value *q4 = get_list(v, "q4_reactive", 2);
    assert_int_equal(mdc_v_at(q4, 0)->kind, MDC_V_NULL);
    assert_int_equal(num_at(mdc_v_at(q4, 1), 2), 99999999);

    /* F9 (reading-day frozen) is the same data unit; F17 has Td_m instead */
    roundtrip(row_layout(0x0D, 9, GDW13761_UP), b, sizeof b);
    v = roundtrip(row_layout(0x0D, 17, GDW13761_UP), b + 1, sizeof b - 1);
    assert_time(v, "td_m", 2013, 5, -1, -1, -1, -1);
}

/* Table 262: 1440 minutes powered, 3 resets */
static void test_0d_f49(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x20, 0x05, 0x13, 0xA0, 0x05, 0x03, 0x00};
    const gdw_field *l = row_layout(0x0D, 49, GDW13761_UP);
    assert_int_equal(gdw13761_unit_fixed_len(l), 7);
    const mdc_value *v = roundtrip(l, b, sizeof b);
    assert_time(v, "td_d", 2013, 5, 20, -1, -1, -1);
    assert_int_equal(get_int(v, "power_on_minutes"), 1440);
    assert_unit(v, "power_on_minutes", "min");
    assert_int_equal(get_int(v, "reset_count"), 3);
    assert_int_equal(gdw13761_cat_find(0x0D, 49, GDW13761_UP)->pn, GDW13761_PN_P0);

    /* F51: the same with Td_m (2 bytes) */
    v = roundtrip(row_layout(0x0D, 51, GDW13761_UP), b + 1, sizeof b - 1);
    assert_time(v, "td_m", 2013, 5, -1, -1, -1, -1);
    assert_int_equal(get_int(v, "reset_count"), 3);
    expect_decode_error(l, b, 6, GDW13761_E_SHORT);
}

/* Unlinks member key of obj (it must be there), for encoding without it. */
static void drop_member(mdc_value *obj, const char *key)
{
    mdc_value **pp = &obj->u.list.head, *prev = NULL;
    while (*pp && strcmp((*pp)->key, key) != 0) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    assert_non_null(*pp);
    if (obj->u.list.tail == *pp)
        obj->u.list.tail = prev;
    *pp = (*pp)->next;
    obj->u.list.n--;
}

/* Table 280: from 2013-05-20 00:15, density 1 (15 min), 4 points. The curve
 * label Td_c is the object "td_c" {time, density, points}; the values count
 * on td_c.points. */
static void test_0d_f81(void **state)
{
    (void)state;
    static const uint8_t td[] = {0x15, 0x00, 0x20, 0x05, 0x13, 0x01, 0x04};
    const gdw_field *down = row_layout(0x0D, 81, GDW13761_DOWN);
    assert_int_equal(gdw13761_unit_fixed_len(down), 7);
    const mdc_value *v = roundtrip(down, td, sizeof td);
    assert_int_equal(v->u.list.n, 1);
    const mdc_value *tc = member(v, "td_c");
    assert_int_equal(tc->kind, MDC_V_OBJECT);
    assert_time(tc, "time", 2013, 5, 20, 0, 15, -1);
    assert_int_equal(get_int(tc, "density"), 1);
    assert_int_equal(get_int(tc, "points"), 4);

    static const uint8_t b[] = {
        0x15, 0x00, 0x20, 0x05, 0x13, 0x01, 0x04, /* Td_c */
        0x00, 0x50, 0x01,                         /* 1.5000 kW */
        0x00, 0x00, 0x02,                         /* 2.0000 */
        0x00, 0x25, 0x82,                         /* -2.2500 */
        0xEE, 0xEE, 0xEE,                         /* missing */
    };
    const gdw_field *up = row_layout(0x0D, 81, GDW13761_UP);
    v = roundtrip(up, b, sizeof b);
    assert_int_equal(v->u.list.n, 2); /* td_c, values */
    assert_int_equal(get_int(member(v, "td_c"), "points"), 4);
    assert_null(mdc_v_get(v, "points"));
    const mdc_value *p = get_list(v, "values", 4);
    assert_int_equal(num_at(mdc_v_at(p, 0), 4), 15000);
    assert_string_equal(mdc_v_at(p, 0)->unit, "kW");
    assert_int_equal(num_at(mdc_v_at(p, 1), 4), 20000);
    assert_int_equal(num_at(mdc_v_at(p, 2), 4), -22500);
    assert_int_equal(mdc_v_at(p, 3)->kind, MDC_V_NULL);

    /* td_c.points may be left out: the encoder writes the number of values */
    uint8_t out[64];
    size_t w = 0;
    gdw13761_err err;
    drop_member((mdc_value *)(uintptr_t)member(v, "td_c"), "points");
    assert_int_equal(gdw13761_unit_encode(up, v, out, sizeof out, &w, &err), 0);
    assert_int_equal(w, sizeof b);
    assert_memory_equal(out, b, sizeof b);
    /* but the request has no values to count: points is required there */
    drop_member((mdc_value *)(uintptr_t)v, "values");
    assert_int_equal(gdw13761_unit_encode(down, v, out, sizeof out, &w, &err), -1);
    assert_int_equal(err.code, GDW13761_E_MISSING);
    assert_non_null(strstr(err.msg, "td_c.points: missing"));

    /* n = 4 but only three points follow */
    expect_decode_error(up, b, sizeof b - 3, GDW13761_E_SHORT);
    /* F84 (phase C) shares the layout */
    roundtrip(row_layout(0x0D, 84, GDW13761_UP), b, sizeof b);
}

/* Table 314 with M = 2 */
static void test_0d_f161(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        0x20, 0x05, 0x13, RT_BYTES, 0x02, 0x78, 0x56, 0x34, 0x12, 0x00, /* total */
        0x00, 0x00, 0x34, 0x12,     0x00,                               /* tariff 1 */
        0x78, 0x56, 0x00, 0x00,     0x00,                               /* tariff 2 */
    };
    const mdc_value *v = roundtrip(row_layout(0x0D, 161, GDW13761_UP), b, sizeof b);
    assert_time(v, "td_d", 2013, 5, 20, -1, -1, -1);
    assert_time(v, "read_time", 2013, 5, 20, 14, 30, -1);
    const mdc_value *e = get_list(v, "energy", 3);
    assert_int_equal(num_at(mdc_v_at(e, 0), 4), 12345678);
    assert_int_equal(num_at(mdc_v_at(e, 1), 4), 12340000);
    assert_int_equal(num_at(mdc_v_at(e, 2), 4), 5678);
    assert_string_equal(mdc_v_at(e, 2)->unit, "kWh");
    /* F163 (reverse) and F169 (reading day) share it; the request is Td_d */
    roundtrip(row_layout(0x0D, 163, GDW13761_UP), b, sizeof b);
    roundtrip(row_layout(0x0D, 169, GDW13761_UP), b, sizeof b);
    assert_int_equal(gdw13761_unit_fixed_len(row_layout(0x0D, 161, GDW13761_DOWN)), 3);
}

/* Table 318 with M = 1: Q1 reactive reading, A.11 kvarh */
static void test_0d_f165(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        0x20, 0x05, 0x13, RT_BYTES, 0x01, 0x89, 0x67, 0x45, 0x23, /* total 234567.89 */
        0x00, 0x00, 0x01, 0x00,                                   /* tariff 1 100.00 */
    };
    const mdc_value *v = roundtrip(row_layout(0x0D, 165, GDW13761_UP), b, sizeof b);
    const mdc_value *e = get_list(v, "energy", 2);
    assert_int_equal(num_at(mdc_v_at(e, 0), 2), 23456789);
    assert_int_equal(num_at(mdc_v_at(e, 1), 2), 10000);
    assert_string_equal(mdc_v_at(e, 0)->unit, "kvarh");
}

/* Table 330 with M = 1: demand and its time paired per total/tariff */
static void test_0d_f185(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        0x20, 0x05, 0x13, RT_BYTES, 0x01,             /* Td_d, read time, M */
        0x00, 0x50, 0x12, 0x15,     0x10, 0x19, 0x05, /* 12.5000 kW at 05-19 10:15 */
        0x00, 0x00, 0x03, 0x45,     0x09, 0x19, 0x05, /* 3.0000 kW at 05-19 09:45 */
    };
    const mdc_value *v = roundtrip(row_layout(0x0D, 185, GDW13761_UP), b, sizeof b);
    const mdc_value *d = get_list(v, "demand", 2);
    assert_int_equal(get_mant(mdc_v_at(d, 0), "value", 4), 125000);
    assert_unit(mdc_v_at(d, 0), "value", "kW");
    assert_time(mdc_v_at(d, 0), "time", -1, 5, 19, 10, 15, -1);
    assert_int_equal(get_mant(mdc_v_at(d, 1), "value", 4), 30000);
    /* F193: monthly, Td_m */
    v = roundtrip(row_layout(0x0D, 193, GDW13761_UP), b + 1, sizeof b - 1);
    assert_time(v, "td_m", 2013, 5, -1, -1, -1, -1);
}

/* Table 268: group day max 123 kW (A.2 with G = 100: x 10^0) on the 20th
 * at 10:15, min 0 kW on the 20th at 03:00, 90 minutes with zero power */
static void test_0d_f57(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        0x20, 0x05, 0x13, /* Td_d */
        0x23, 0x81,       /* max: G=100 (10^0), 123 -> 123 kW */
        0x15, 0x10, 0x20, /* at 20th 10:15 */
        0x00, 0x80,       /* min 0 kW */
        0x00, 0x03, 0x20, /* at 20th 03:00 */
        0x5A, 0x00,       /* 90 min */
    };
    const mdc_value *v = roundtrip(row_layout(0x0D, 57, GDW13761_UP), b, sizeof b);
    assert_int_equal(get_mant(v, "max", 0), 123);
    assert_unit(v, "max", "kW");
    assert_time(v, "max_time", -1, -1, 20, 10, 15, -1);
    assert_int_equal(get_mant(v, "min", 0), 0);
    assert_int_equal(get_int(v, "zero_minutes"), 90);
    assert_int_equal(gdw13761_cat_find(0x0D, 57, GDW13761_UP)->pn, GDW13761_PN_GROUP);
}

/* Table 299 with N = 3 */
static void test_0d_f124(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        0x20, 0x05, 0x13, 0x03,             /* Td_d, N */
        0x50, 0x00, 0x40, 0x00, 0x30, 0x00, /* total 5.0, odd 4.0, even 3.0 % */
        0x20, 0x00, 0x10, 0x00,             /* harmonics 2, 3: 2.0, 1.0 % */
        0x50, 0x01,                         /* current total 1.50 A */
        0x25, 0x00, 0x10, 0x00,             /* harmonics 2, 3: 0.25, 0.10 A */
    };
    const mdc_value *v = roundtrip(row_layout(0x0D, 124, GDW13761_UP), b, sizeof b);
    assert_int_equal(get_mant(v, "voltage_total", 1), 50);
    assert_int_equal(get_mant(v, "voltage_even", 1), 30);
    const mdc_value *u = get_list(v, "voltage", 2);
    assert_int_equal(num_at(mdc_v_at(u, 1), 1), 10);
    assert_int_equal(get_mant(v, "current_total", 2), 150);
    const mdc_value *i = get_list(v, "current", 2);
    assert_int_equal(num_at(mdc_v_at(i, 0), 2), 25);
}

/* Table 346 with M = 1: settled, unsettled and the trailing fault energy */
static void test_0d_f216(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        0x05, 0x13, RT_BYTES, 0x01,       /* Td_m, read time, M */
        0x00, 0x00, 0x00,     0x10, 0x00, /* settled total 1000 kWh */
        0x00, 0x00, 0x00,     0x05, 0x00, /* settled tariff 1 500 */
        0x00, 0x00, 0x00,     0x01, 0x00, /* unsettled total 100 */
        0x00, 0x00, 0x50,     0x00, 0x00, /* unsettled tariff 1 50 */
        0x00, 0x50, 0x00,     0x00, 0x00, /* fault 0.5 kWh */
    };
    const mdc_value *v = roundtrip(row_layout(0x0D, 216, GDW13761_UP), b, sizeof b);
    assert_int_equal(num_at(mdc_v_at(get_list(v, "settled", 2), 0), 4), 10000000);
    assert_int_equal(num_at(mdc_v_at(get_list(v, "unsettled", 2), 1), 4), 500000);
    assert_int_equal(get_mant(v, "fault_energy", 4), 5000);
}

/* Table 348: 2 points of noise ratio + main node address */
static void test_0d_f218(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        0x00, 0x00, 0x20, 0x05, 0x13, 0x03, 0x02, /* Td_c: 60 min, 2 points */
        0x1F, 0x56, 0x34, 0x12, 0x00, 0x00, 0x00, /* 31, 000000123456 */
        0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x99, /* 0, 990000000001 */
    };
    const mdc_value *v = roundtrip(row_layout(0x0D, 218, GDW13761_UP), b, sizeof b);
    const mdc_value *p = get_list(v, "values", 2);
    assert_int_equal(get_int(mdc_v_at(p, 0), "ratio"), 31);
    const mdc_value *node = member(mdc_v_at(p, 1), "node");
    assert_int_equal(node->kind, MDC_V_STR);
    assert_memory_equal(node->u.str.p, "990000000001", 12);
}

/* Fixed lengths of the fixed AFN0D data units, from the byte columns */
static void test_0d_fixed_lengths(void **state)
{
    (void)state;
    static const struct {
        uint16_t fn;
        long len;
    } t[] = {
        {25, 3 + 4 * 6 + 8},
        {26, 3 + 4 * 6},
        {27, 3 + 30 + 30 + 6},
        {28, 3 + 4 + 10},
        {29, 3 + 14 + 24},
        {30, 7},
        {31, 13},
        {32, 3 + 5 + 24 + 32},
        {33, 2 + 4 * 6 + 8},
        {34, 2 + 4 * 6},
        {35, 2 + 30 + 30 + 6},
        {36, 2 + 4 + 12},
        {37, 2 + 14 + 24},
        {38, 6},
        {39, 2 + 12},
        {49, 7},
        {50, 7},
        {51, 6},
        {52, 6},
        {53, 7},
        {54, 6},
        {41, 3 + 72},
        {42, 11},
        {43, 9},
        {44, 8},
        {45, 13},
        {46, 12},
        {57, 15},
        {60, 14},
        {65, 8},
        {66, 8},
        {113, 3 + 19 * 6},
        {116, 3 + 19 * 6},
        {129, 17},
        {130, 16},
        {153, 23},
        {154, 20},
        {157, 22},
        {158, 19},
        {209, 3 + 18},
        {210, 3 + 41},
        {211, 7},
        {212, 6},
        {213, 2 + 23},
        {214, 2 + 29},
        {215, 2 + 41},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        long got = gdw13761_unit_fixed_len(row_layout(0x0D, t[i].fn, GDW13761_UP));
        if (got != t[i].len)
            print_error("AFN0D F%u: %ld bytes, want %ld\n", t[i].fn, got, t[i].len);
        assert_int_equal(got, t[i].len);
    }
}

/* ---- presence ---- */

static const struct {
    uint16_t lo, hi;
    uint8_t pn;
} fn_0c[] = {
    {2, 14, GDW13761_PN_P0},        {17, 24, GDW13761_PN_GROUP},   {25, 49, GDW13761_PN_POINT},
    {57, 58, GDW13761_PN_POINT},    {65, 67, GDW13761_PN_POINT},   {73, 73, GDW13761_PN_DIRECT},
    {81, 84, GDW13761_PN_GROUP},    {89, 103, GDW13761_PN_POINT},  {105, 116, GDW13761_PN_POINT},
    {121, 121, GDW13761_PN_DIRECT}, {129, 162, GDW13761_PN_POINT}, {165, 170, GDW13761_PN_POINT},
    {177, 178, GDW13761_PN_POINT},
};
/* spare in the standard */
static const uint16_t spare_0c[] = {1,  15,  16,  50,  56,  59,  64,  68,  72,  74,  80,  85,
                                    88, 104, 117, 120, 122, 128, 163, 164, 171, 176, 179, 248};

static void test_0c_presence(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof fn_0c / sizeof fn_0c[0]; i++) {
        for (uint16_t fn = fn_0c[i].lo; fn <= fn_0c[i].hi; fn++) {
            /* the request has no data unit */
            assert_int_equal(gdw13761_unit_fixed_len(row_layout(0x0C, fn, GDW13761_DOWN)), 0);
            const gdw13761_fn *r = gdw13761_cat_find(0x0C, fn, GDW13761_UP);
            if (!r)
                print_error("AFN0C F%u UP missing\n", fn);
            assert_non_null(r);
            assert_true(r->layout[0].kind != GDW_FK_END);
            assert_non_null(r->name);
            assert_non_null(r->name_zh);
            assert_int_equal(r->pn, fn_0c[i].pn);
        }
    }
    for (size_t i = 0; i < sizeof spare_0c / sizeof spare_0c[0]; i++) {
        assert_null(gdw13761_cat_find(0x0C, spare_0c[i], GDW13761_DOWN));
        assert_null(gdw13761_cat_find(0x0C, spare_0c[i], GDW13761_UP));
    }
}

/* AFN0D Fn by time label: request length 3 (Td_d), 2 (Td_m) or 7 (Td_c) */
static const struct {
    uint16_t lo, hi;
    long label;
    uint8_t pn;
} fn_0d[] = {
    {1, 12, 3, GDW13761_PN_POINT},     {17, 24, 2, GDW13761_PN_POINT},
    {25, 32, 3, GDW13761_PN_POINT},    {33, 39, 2, GDW13761_PN_POINT},
    {41, 43, 3, GDW13761_PN_POINT},    {44, 44, 2, GDW13761_PN_POINT},
    {45, 45, 3, GDW13761_PN_POINT},    {46, 46, 2, GDW13761_PN_POINT},
    {49, 50, 3, GDW13761_PN_P0},       {51, 52, 2, GDW13761_PN_P0},
    {53, 53, 3, GDW13761_PN_P0},       {54, 54, 2, GDW13761_PN_P0},
    {57, 59, 3, GDW13761_PN_GROUP},    {60, 62, 2, GDW13761_PN_GROUP},
    {65, 66, 2, GDW13761_PN_GROUP},    {73, 76, 7, GDW13761_PN_GROUP},
    {81, 95, 7, GDW13761_PN_POINT},    {97, 110, 7, GDW13761_PN_POINT},
    {113, 118, 3, GDW13761_PN_POINT},  {124, 126, 3, GDW13761_PN_POINT},
    {129, 129, 3, GDW13761_PN_DIRECT}, {130, 130, 2, GDW13761_PN_DIRECT},
    {138, 138, 7, GDW13761_PN_DIRECT}, {145, 148, 7, GDW13761_PN_POINT},
    {153, 156, 3, GDW13761_PN_POINT},  {157, 160, 2, GDW13761_PN_POINT},
    {161, 176, 3, GDW13761_PN_POINT},  {177, 184, 2, GDW13761_PN_POINT},
    {185, 192, 3, GDW13761_PN_POINT},  {193, 196, 2, GDW13761_PN_POINT},
    {201, 208, 2, GDW13761_PN_POINT},  {209, 211, 3, GDW13761_PN_POINT},
    {212, 216, 2, GDW13761_PN_POINT},  {217, 218, 7, GDW13761_PN_P0},
    {219, 219, 7, GDW13761_PN_POINT},
};
/* spare in Table 221 (and F121-F123, not catalogued: see cat_afn0d.c) */
static const uint16_t spare_0d[] = {13,  14,  15,  16,  40,  47,  48,  55,  56,  63,  64,  67,
                                    72,  77,  80,  96,  111, 112, 119, 120, 121, 122, 123, 127,
                                    128, 131, 137, 139, 144, 149, 152, 197, 200, 220, 248};

static void test_0d_presence(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof fn_0d / sizeof fn_0d[0]; i++) {
        for (uint16_t fn = fn_0d[i].lo; fn <= fn_0d[i].hi; fn++) {
            long got = gdw13761_unit_fixed_len(row_layout(0x0D, fn, GDW13761_DOWN));
            if (got != fn_0d[i].label)
                print_error("AFN0D F%u request: %ld bytes, want %ld\n", fn, got, fn_0d[i].label);
            assert_int_equal(got, fn_0d[i].label);
            const gdw13761_fn *r = gdw13761_cat_find(0x0D, fn, GDW13761_UP);
            assert_non_null(r);
            assert_non_null(r->name_zh);
            /* the answer starts with the same time label */
            const gdw13761_fn *d = gdw13761_cat_find(0x0D, fn, GDW13761_DOWN);
            assert_string_equal(r->layout[0].name, d->layout[0].name);
            assert_int_equal(r->pn, fn_0d[i].pn);
        }
    }
    for (size_t i = 0; i < sizeof spare_0d / sizeof spare_0d[0]; i++) {
        assert_null(gdw13761_cat_find(0x0D, spare_0d[i], GDW13761_DOWN));
        assert_null(gdw13761_cat_find(0x0D, spare_0d[i], GDW13761_UP));
    }
}

/* Every AFN0C/AFN0D row: sample values -> encode -> decode -> encode gives
 * the same bytes (the layouts are consistent and their refs resolve). */
static void test_sample_roundtrip(void **state)
{
    (void)state;
    size_t rows = 0;
    for (size_t i = 0; gdw13761_cat_at(i); i++) {
        const gdw13761_fn *r = gdw13761_cat_at(i);
        if (r->afn != 0x0C && r->afn != 0x0D)
            continue;
        rows++;
        for (unsigned seed = 0; seed < 3; seed++) {
            mdc_arena_init(&arena, arena_buf, sizeof arena_buf);
            mdc_value *v = gdw13761_unit_sample(r->layout, seed, &arena);
            assert_non_null(v);
            gdw13761_err err;
            memset(&err, 0, sizeof err);
            uint8_t b1[2048], b2[2048];
            size_t n1 = 0, n2 = 0, used = 0;
            int rc = gdw13761_unit_encode(r->layout, v, b1, sizeof b1, &n1, &err);
            if (rc != 0)
                print_error("AFN%02X F%u dir %u encode: %s\n", r->afn, r->fn, r->dir, err.msg);
            assert_int_equal(rc, 0);
            mdc_value *d = NULL;
            rc = gdw13761_unit_decode(r->layout, b1, n1, &used, &arena, &d, &err);
            if (rc != 0)
                print_error("AFN%02X F%u dir %u decode: %s\n", r->afn, r->fn, r->dir, err.msg);
            assert_int_equal(rc, 0);
            assert_int_equal(used, n1);
            assert_int_equal(gdw13761_unit_encode(r->layout, d, b2, sizeof b2, &n2, &err), 0);
            assert_int_equal(n2, n1);
            assert_memory_equal(b2, b1, n1);
            long fixed = gdw13761_unit_fixed_len(r->layout);
            if (fixed >= 0)
                assert_int_equal((size_t)fixed, n1);
        }
    }
    assert_true(rows > 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_0c_f2),
        cmocka_unit_test(test_0c_f7),
        cmocka_unit_test(test_0c_f4),
        cmocka_unit_test(test_0c_f5),
        cmocka_unit_test(test_0c_f9),
        cmocka_unit_test(test_0c_f13),
        cmocka_unit_test(test_0c_f11),
        cmocka_unit_test(test_0c_f25),
        cmocka_unit_test(test_0c_f129),
        cmocka_unit_test(test_0c_f161),
        cmocka_unit_test(test_0c_f165),
        cmocka_unit_test(test_0c_fixed_lengths),
        cmocka_unit_test(test_0c_f19),
        cmocka_unit_test(test_0c_f57),
        cmocka_unit_test(test_0c_f89_hourly),
        cmocka_unit_test(test_0c_f146),
        cmocka_unit_test(test_0d_f1),
        cmocka_unit_test(test_0d_f49),
        cmocka_unit_test(test_0d_f81),
        cmocka_unit_test(test_0d_f161),
        cmocka_unit_test(test_0d_f165),
        cmocka_unit_test(test_0d_f185),
        cmocka_unit_test(test_0d_fixed_lengths),
        cmocka_unit_test(test_0d_f57),
        cmocka_unit_test(test_0d_f124),
        cmocka_unit_test(test_0d_f216),
        cmocka_unit_test(test_0d_f218),
        cmocka_unit_test(test_0c_presence),
        cmocka_unit_test(test_0d_presence),
        cmocka_unit_test(test_sample_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
