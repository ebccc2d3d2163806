/* AFN04 (set parameters) and AFN0A (query parameters) catalogue rows:
 * data units written out by hand from the tables of Q/GDW 1376.1-2013
 * §5.5.1.3 and §5.10.1.3, decoded, checked field by field, and encoded back
 * to the same bytes; plus presence of every Fn in the right directions. */
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

static int64_t get_int(const mdc_value *obj, const char *key)
{
    const mdc_value *v = mdc_v_get(obj, key);
    if (!v)
        print_error("no member %s\n", key);
    assert_non_null(v);
    int64_t i = 0;
    assert_true(mdc_v_int(v, &i));
    return i;
}

static int64_t get_mant(const mdc_value *obj, const char *key, uint8_t scale)
{
    const mdc_value *v = mdc_v_get(obj, key);
    assert_non_null(v);
    int64_t m = 0;
    assert_true(mdc_v_mant(v, scale, &m));
    return m;
}

static int64_t at_int(const mdc_value *arr, size_t i)
{
    const mdc_value *v = mdc_v_at(arr, i);
    assert_non_null(v);
    int64_t x = 0;
    assert_true(mdc_v_int(v, &x));
    return x;
}

static void assert_str(const mdc_value *obj, const char *key, const char *want)
{
    const mdc_value *v = mdc_v_get(obj, key);
    assert_non_null(v);
    assert_int_equal(v->kind, MDC_V_STR);
    assert_int_equal(v->u.str.len, strlen(want));
    assert_memory_equal(v->u.str.p, want, strlen(want));
}

static void assert_bytes(const mdc_value *obj, const char *key, const uint8_t *want, size_t n)
{
    const mdc_value *v = mdc_v_get(obj, key);
    assert_non_null(v);
    assert_int_equal(v->kind, MDC_V_BYTES);
    assert_int_equal(v->u.bytes.len, n);
    assert_memory_equal(v->u.bytes.p, want, n);
}

static const mdc_value *get_list(const mdc_value *obj, const char *key, size_t n)
{
    const mdc_value *v = mdc_v_get(obj, key);
    assert_non_null(v);
    assert_int_equal(v->kind, MDC_V_ARRAY);
    assert_int_equal(v->u.list.n, n);
    return v;
}

static void assert_ip(const mdc_value *obj, const char *key, int a, int b, int c, int d)
{
    const mdc_value *ip = get_list(obj, key, 4);
    assert_int_equal(at_int(ip, 0), a);
    assert_int_equal(at_int(ip, 1), b);
    assert_int_equal(at_int(ip, 2), c);
    assert_int_equal(at_int(ip, 3), d);
}

/* Decoding must fail with `code`. */
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

/* ---- worked examples ---- */

/* F1 Table 22 / Fig. 20: RTS 5 x 20 ms, delay 30 min, timeout 300 s
 * (12C: byte 1 = 2C, byte 2 low nibble 1) with 3 resends (byte 2 D4..D5),
 * CON wanted for class 1 reports only, heartbeat 15 min. */
static void test_f1(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x05, 0x1E, 0x2C, 0x31, 0x01, 0x0F};
    const gdw_field *l = row_layout(0x04, 1, GDW13761_DOWN);
    assert_int_equal(gdw13761_unit_fixed_len(l), 6);
    const mdc_value *v = roundtrip(l, b, sizeof b);
    assert_int_equal(get_int(v, "rts"), 5);
    assert_int_equal(get_int(v, "tx_delay"), 30);
    assert_int_equal(get_int(v, "timeout_s"), 300);
    assert_int_equal(get_int(v, "retries"), 3);
    assert_int_equal(get_int(v, "con_class1"), 1);
    assert_int_equal(get_int(v, "con_class2"), 0);
    assert_int_equal(get_int(v, "con_class3"), 0);
    assert_int_equal(get_int(v, "heartbeat"), 15);
    /* the AFN0A answer carries the same unit */
    assert_ptr_equal(row_layout(0x0A, 1, GDW13761_UP), l);
    expect_decode_error(l, b, 5, GDW13761_E_SHORT);
}

/* F3 Table 24: main 192.168.1.10:8000, backup 10.0.0.2:9001, APN "CMNET"
 * padded with 00H to 16 bytes. */
static void test_f3(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        192, 168, 1,   10,  0x40, 0x1F, /* 8000 */
        10,  0,   0,   2,   0x29, 0x23, /* 9001 */
        'C', 'M', 'N', 'E', 'T',  0,    0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    };
    const gdw_field *l = row_layout(0x04, 3, GDW13761_DOWN);
    assert_int_equal(gdw13761_unit_fixed_len(l), 28);
    const mdc_value *v = roundtrip(l, b, sizeof b);
    assert_ip(v, "main_ip", 192, 168, 1, 10);
    assert_int_equal(get_int(v, "main_port"), 8000);
    assert_ip(v, "backup_ip", 10, 0, 0, 2);
    assert_int_equal(get_int(v, "backup_port"), 9001);
    assert_str(v, "apn", "CMNET");
    expect_decode_error(l, b, sizeof b - 1, GDW13761_E_SHORT);
}

/* F9 Table 30: record ERC1 and ERC64 (D0, D63), ERC14 important (D13). */
static void test_f9(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x01, 0, 0, 0, 0, 0, 0, 0x80, 0x00, 0x20, 0, 0, 0, 0, 0, 0};
    const gdw_field *l = row_layout(0x04, 9, GDW13761_DOWN);
    assert_int_equal(gdw13761_unit_fixed_len(l), 16);
    const mdc_value *v = roundtrip(l, b, sizeof b);
    assert_bytes(v, "record_valid", b, 8);
    assert_bytes(v, "important", b + 8, 8);
}

/* F10 Table 31, two meters of 27 bytes each. */
static const uint8_t f10_two[] = {
    0x02, 0x00,                         /* n = 2 */
    0x01, 0x00, 0x01, 0x00,             /* index 1, point 1 */
    0x62,                               /* baud 3 (2400), port 2 */
    0x1E,                               /* DL/T 645-2007 */
    0x56, 0x34, 0x12, 0x00, 0x00, 0x00, /* address 000000123456 */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* password */
    0x04,                               /* 4 tariffs */
    0x09,                               /* integer code 2 (6 digits), decimals code 1 (2) */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* no collector */
    0x51,                               /* major 5, minor 1 */
    0x02, 0x00, 0x02, 0x00,             /* index 2, point 2 */
    0x1F,                               /* default baud, port 31 */
    0x01,                               /* DL/T 645-1997 */
    0x01, 0x00, 0x00, 0x00, 0x00, 0x00, /* address 000000000001 */
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, /* password */
    0x01,                               /* 1 tariff */
    0x00,                               /* 4 integer digits, 1 decimal */
    0x21, 0x43, 0x65, 0x87, 0x09, 0x00, /* collector 000987654321 */
    0x00,                               /* class 0/0 */
};

static void test_f10(void **state)
{
    (void)state;
    const gdw_field *l = row_layout(0x04, 10, GDW13761_DOWN);
    assert_int_equal(gdw13761_unit_fixed_len(l), -1);
    assert_int_equal(sizeof f10_two, 2 + 2 * 27);
    const mdc_value *v = roundtrip(l, f10_two, sizeof f10_two);
    assert_int_equal(get_int(v, "count"), 2);
    const mdc_value *meters = get_list(v, "meters", 2);

    const mdc_value *m = mdc_v_at(meters, 0);
    assert_int_equal(get_int(m, "index"), 1);
    assert_int_equal(get_int(m, "point"), 1);
    assert_int_equal(get_int(m, "port"), 2);
    assert_int_equal(get_int(m, "baud"), 3);
    assert_int_equal(get_int(m, "protocol"), 30);
    assert_str(m, "addr", "000000123456");
    assert_bytes(m, "password", (const uint8_t *)"\0\0\0\0\0\0", 6);
    assert_int_equal(get_int(m, "tariff_count"), 4);
    assert_int_equal(get_int(m, "int_digits_code"), 2);
    assert_int_equal(get_int(m, "dec_digits_code"), 1);
    assert_str(m, "collector_addr", "000000000000");
    assert_int_equal(get_int(m, "user_major"), 5);
    assert_int_equal(get_int(m, "user_minor"), 1);

    m = mdc_v_at(meters, 1);
    assert_int_equal(get_int(m, "index"), 2);
    assert_int_equal(get_int(m, "port"), 31);
    assert_int_equal(get_int(m, "baud"), 0);
    assert_int_equal(get_int(m, "protocol"), 1);
    assert_str(m, "addr", "000000000001");
    assert_bytes(m, "password", (const uint8_t *)"\x01\x02\x03\x04\x05\x06", 6);
    assert_int_equal(get_int(m, "tariff_count"), 1);
    assert_int_equal(get_int(m, "int_digits_code"), 0);
    assert_str(m, "collector_addr", "000987654321");
    assert_int_equal(get_int(m, "user_major"), 0);

    /* the count says 2, the data holds one meter and a half */
    expect_decode_error(l, f10_two, sizeof f10_two - 14, GDW13761_E_SHORT);
    /* the AFN0A answer for two asked serials is the same unit */
    assert_ptr_equal(row_layout(0x0A, 10, GDW13761_UP), l);
}

/* AFN0A F10 query, Table 124: n = 2 (2 bytes), serials 1 and 5 (2 bytes each). */
static void test_0a_f10_query(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x02, 0x00, 0x01, 0x00, 0x05, 0x00};
    const mdc_value *v = roundtrip(row_layout(0x0A, 10, GDW13761_DOWN), b, sizeof b);
    assert_int_equal(get_int(v, "count"), 2);
    const mdc_value *ix = get_list(v, "indexes", 2);
    assert_int_equal(at_int(ix, 0), 1);
    assert_int_equal(at_int(ix, 1), 5);
    expect_decode_error(row_layout(0x0A, 10, GDW13761_DOWN), b, 5, GDW13761_E_SHORT);
}

/* AFN0A F11/F13/F14/F15/F33/F34 queries, Table 125: n (1 byte), n x 1 byte;
 * F38/F39, Table 126: major class, n, minor classes. */
static void test_0a_other_queries(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x02, 0x01, 0x03};
    static const uint16_t fns[] = {11, 13, 14, 15, 33, 34};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        const mdc_value *v = roundtrip(row_layout(0x0A, fns[i], GDW13761_DOWN), b, sizeof b);
        const mdc_value *it = get_list(v, "items", 2);
        assert_int_equal(at_int(it, 0), 1);
        assert_int_equal(at_int(it, 1), 3);
    }
    static const uint8_t c[] = {0x05, 0x02, 0x00, 0x01};
    for (uint16_t fn = 38; fn <= 39; fn++) {
        const mdc_value *v = roundtrip(row_layout(0x0A, fn, GDW13761_DOWN), c, sizeof c);
        assert_int_equal(get_int(v, "major"), 5);
        const mdc_value *mi = get_list(v, "minors", 2);
        assert_int_equal(at_int(mi, 0), 0);
        assert_int_equal(at_int(mi, 1), 1);
    }
    /* every other parameter query carries no data unit */
    assert_ptr_equal(row_layout(0x0A, 1, GDW13761_DOWN), gdw13761_empty);
    assert_ptr_equal(row_layout(0x0A, 12, GDW13761_DOWN), gdw13761_empty);
    assert_ptr_equal(row_layout(0x0A, 65, GDW13761_DOWN), gdw13761_empty);
    assert_ptr_equal(row_layout(0x0A, 150, GDW13761_DOWN), gdw13761_empty);
}

/* F33 Table 52: one block for port 2; control D0 (no automatic reading) and
 * D5 (read status word); reading days 1 and 15; reading at 01:30; every
 * 15; broadcast time-set on day 1 at 02:00; periods 00:00-06:00 and
 * 20:30-23:59. */
static void test_f33(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        0x01,                   /* n = 1 */
        0x02,                   /* port 2 */
        0x21, 0x00,             /* control word */
        0x01, 0x40, 0x00, 0x00, /* days D0 and D14 */
        0x30, 0x01,             /* 01:30 (A.19 mm hh) */
        0x0F,                   /* interval */
        0x00, 0x02, 0x01,       /* A.18 mm hh DD */
        0x02,                   /* m = 2 */
        0x00, 0x00, 0x00, 0x06, /* 00:00 - 06:00 */
        0x30, 0x20, 0x59, 0x23, /* 20:30 - 23:59 */
    };
    const mdc_value *v = roundtrip(row_layout(0x04, 33, GDW13761_DOWN), b, sizeof b);
    const mdc_value *p = mdc_v_at(get_list(v, "ports", 1), 0);
    assert_int_equal(get_int(p, "port"), 2);
    assert_int_equal(get_int(p, "no_auto_read"), 1);
    assert_int_equal(get_int(p, "key_only"), 0);
    assert_int_equal(get_int(p, "read_status"), 1);
    assert_bytes(p, "read_days", b + 4, 4);
    const mdc_value *t = mdc_v_get(p, "read_day_time");
    assert_non_null(t);
    assert_int_equal(t->kind, MDC_V_TIME);
    assert_int_equal(t->u.tm.hour, 1);
    assert_int_equal(t->u.tm.min, 30);
    assert_int_equal(get_int(p, "read_interval"), 15);
    t = mdc_v_get(p, "time_sync_time");
    assert_non_null(t);
    assert_int_equal(t->kind, MDC_V_TIME);
    assert_int_equal(t->u.tm.day, 1);
    assert_int_equal(t->u.tm.hour, 2);
    assert_int_equal(t->u.tm.min, 0);
    const mdc_value *per = get_list(p, "periods", 2);
    t = mdc_v_get(mdc_v_at(per, 1), "start");
    assert_non_null(t);
    assert_int_equal(t->u.tm.hour, 20);
    assert_int_equal(t->u.tm.min, 30);
    t = mdc_v_get(mdc_v_at(per, 1), "end");
    assert_non_null(t);
    assert_int_equal(t->u.tm.hour, 23);
    assert_int_equal(t->u.tm.min, 59);
    /* second period cut short */
    expect_decode_error(row_layout(0x04, 33, GDW13761_DOWN), b, sizeof b - 2, GDW13761_E_SHORT);
}

/* F65 Table 72: every 1 hour (unit 1, D7..D6), base time 2024-01-16 (Tuesday,
 * week 2) 00:00:00, R = 1, two identifiers: AFN0C F129 p1 (01 01 01 10) and
 * AFN0C F2 p0 (00 00 02 00). */
static void test_f65(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        0x41,                               /* unit 1 (hour), period 1 */
        0x00, 0x00, 0x00, 0x16, 0x41, 0x24, /* A.1 */
        0x01,                               /* R */
        0x02,                               /* n */
        0x01, 0x01, 0x01, 0x10,             /* p1 F129 */
        0x00, 0x00, 0x02, 0x00,             /* p0 F2 */
    };
    const gdw_field *l = row_layout(0x04, 65, GDW13761_DOWN);
    const mdc_value *v = roundtrip(l, b, sizeof b);
    assert_int_equal(get_int(v, "period_unit"), 1);
    assert_int_equal(get_int(v, "period"), 1);
    const mdc_value *t = mdc_v_get(v, "base_time");
    assert_non_null(t);
    assert_int_equal(t->kind, MDC_V_TIME);
    assert_int_equal(t->u.tm.year, 2024);
    assert_int_equal(t->u.tm.mon, 1);
    assert_int_equal(t->u.tm.day, 16);
    assert_int_equal(get_int(v, "ratio"), 1);
    assert_int_equal(get_int(v, "count"), 2);
    const mdc_value *ids = get_list(v, "dadt", 2);
    const mdc_value *d0 = mdc_v_at(ids, 0);
    assert_int_equal(at_int(get_list(d0, "pn", 1), 0), 1);
    assert_int_equal(at_int(get_list(d0, "fn", 1), 0), 129);
    const mdc_value *d1 = mdc_v_at(ids, 1);
    assert_int_equal(at_int(get_list(d1, "pn", 1), 0), 0);
    assert_int_equal(at_int(get_list(d1, "fn", 1), 0), 2);
    /* F66 has the same unit */
    assert_ptr_equal(row_layout(0x04, 66, GDW13761_DOWN), l);
    expect_decode_error(l, b, sizeof b - 1, GDW13761_E_SHORT);
}

/* F89 Table 82, with the address of the live terminal in the notes' frame 1:
 * A1 = 2449 (BCD 49 24), A2 = 5845H. */
static void test_f89(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x49, 0x24, 0x45, 0x58};
    const gdw_field *l = row_layout(0x04, 89, GDW13761_DOWN);
    assert_int_equal(gdw13761_unit_fixed_len(l), 4);
    const mdc_value *v = roundtrip(l, b, sizeof b);
    assert_int_equal(get_int(v, "region"), 2449);
    assert_int_equal(get_int(v, "addr"), 0x5845);
}

/* F25 Table 45: PT 1, CT 50, 220.0 V, 5.0 A, 3.3000 kVA, three-phase 4-wire. */
static void test_f25(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x01, 0x00, 0x32, 0x00, 0x00, 0x22, 0x50, 0x00, 0x30, 0x03, 0x02};
    const gdw_field *l = row_layout(0x04, 25, GDW13761_DOWN);
    assert_int_equal(gdw13761_unit_fixed_len(l), 11);
    const mdc_value *v = roundtrip(l, b, sizeof b);
    assert_int_equal(get_int(v, "pt_ratio"), 1);
    assert_int_equal(get_int(v, "ct_ratio"), 50);
    assert_int_equal(get_mant(v, "rated_voltage", 1), 2200);
    assert_int_equal(get_mant(v, "rated_current", 1), 50);
    assert_int_equal(get_mant(v, "rated_load", 4), 33000);
    assert_int_equal(get_int(v, "wiring"), 2);
    assert_int_equal(get_int(v, "phase"), 0);
}

/* F2 Table 23 and F37 Table 56: the count sits in bits of a flag byte. */
static void test_bit_counts(void **state)
{
    (void)state;
    static const uint8_t f2[] = {0x82, 0x01, 0x00, 0x34, 0x12};
    const mdc_value *v = roundtrip(row_layout(0x04, 2, GDW13761_DOWN), f2, sizeof f2);
    assert_int_equal(get_int(v, "enabled"), 1);
    const mdc_value *a = get_list(v, "addrs", 2);
    assert_int_equal(at_int(a, 1), 0x1234);

    static const uint8_t f37[] = {
        0x03, 0xCB,             /* port 3, 9600 8E1: 110 0 1 0 11 */
        0x0A, 0x05, 0x02, 0x05, /* 1 s, 50 ms, 2 resends, 5 min */
        0x01,                   /* cascading side, one cascaded terminal */
        0x49, 0x24, 0x45, 0x58,
    };
    v = roundtrip(row_layout(0x04, 37, GDW13761_DOWN), f37, sizeof f37);
    assert_int_equal(get_int(v, "baud"), 6);
    assert_int_equal(get_int(v, "parity"), 1);
    assert_int_equal(get_int(v, "odd"), 0);
    assert_int_equal(get_int(v, "data_bits"), 3);
    assert_int_equal(get_int(v, "cascaded"), 0);
    const mdc_value *t = mdc_v_at(get_list(v, "terminals", 1), 0);
    assert_int_equal(get_int(t, "region"), 2449);
    assert_int_equal(get_int(t, "addr"), 0x5845);
}

/* F7 Table 28: 192.168.0.100/255.255.255.0 via 192.168.0.1, socks5 proxy
 * 10.1.1.1:1080 with user "user" and password "abc", listening on 9000. */
static void test_f7(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        192,  168,  0,   100, 255,  255,  255, 0,   192, 168, 0, 1, /* ip, mask, gateway */
        0x03,                                                       /* socks5 */
        10,   1,    1,   1,   0x38, 0x04,                           /* proxy 10.1.1.1:1080 */
        0x01,                                                       /* user name/password */
        0x04, 'u',  's', 'e', 'r',  0x03, 'a', 'b', 'c',            /* m, user, n, password */
        0x28, 0x23,                                                 /* listen 9000 */
    };
    const gdw_field *l = row_layout(0x04, 7, GDW13761_DOWN);
    const mdc_value *v = roundtrip(l, b, sizeof b);
    assert_ip(v, "ip", 192, 168, 0, 100);
    assert_ip(v, "netmask", 255, 255, 255, 0);
    assert_ip(v, "gateway", 192, 168, 0, 1);
    assert_int_equal(get_int(v, "proxy_type"), 3);
    assert_ip(v, "proxy_ip", 10, 1, 1, 1);
    assert_int_equal(get_int(v, "proxy_port"), 1080);
    assert_int_equal(get_int(v, "proxy_auth"), 1);
    assert_bytes(v, "user", (const uint8_t *)"user", 4);
    assert_bytes(v, "password", (const uint8_t *)"abc", 3);
    assert_int_equal(get_int(v, "listen_port"), 9000);
    /* the password length runs past the end */
    expect_decode_error(l, b, 27, GDW13761_E_SHORT);
}

/* F14 Table 35: group 1 = +point 1 forward, +point 2 reverse, -point 3. */
static void test_f14(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x01, 0x01, 0x03, 0x00, 0x41, 0x82};
    const mdc_value *v = roundtrip(row_layout(0x04, 14, GDW13761_DOWN), b, sizeof b);
    const mdc_value *g = mdc_v_at(get_list(v, "groups", 1), 0);
    assert_int_equal(get_int(g, "group"), 1);
    const mdc_value *pts = get_list(g, "points", 3);
    assert_int_equal(get_int(mdc_v_at(pts, 1), "point_code"), 1);
    assert_int_equal(get_int(mdc_v_at(pts, 1), "reverse"), 1);
    assert_int_equal(get_int(mdc_v_at(pts, 1), "subtract"), 0);
    assert_int_equal(get_int(mdc_v_at(pts, 2), "point_code"), 2);
    assert_int_equal(get_int(mdc_v_at(pts, 2), "reverse"), 0);
    assert_int_equal(get_int(mdc_v_at(pts, 2), "subtract"), 1);
}

/* F26 Table 46, 57 bytes. */
static void test_f26(void **state)
{
    (void)state;
    static const uint8_t b[] = {
        0x54, 0x23, 0x80, 0x19, 0x20, 0x13, /* 235.4, 198.0, 132.0 V */
        0x40, 0x26, 0x05, 0x50, 0x09,       /* over-voltage 264.0 V, 5 min, 95.0 % */
        0x60, 0x17, 0x05, 0x50, 0x10,       /* under-voltage 176.0 V, 5 min, 105.0 % */
        0x00, 0x60, 0x00, 0x01, 0x50, 0x09, /* over-current 6.000 A */
        0x00, 0x50, 0x00, 0x01, 0x50, 0x09, /* rated current 5.000 A */
        0x00, 0x15, 0x00, 0x01, 0x50, 0x09, /* zero sequence 1.500 A */
        0x00, 0x00, 0x30, 0x05, 0x50, 0x09, /* apparent upper-upper 30.0000 kVA */
        0x00, 0x00, 0x25, 0x05, 0x50, 0x09, /* apparent upper 25.0000 kVA */
        0x20, 0x00, 0x0F, 0x50, 0x09,       /* voltage unbalance 2.0 % */
        0x00, 0x03, 0x0F, 0x50, 0x09,       /* current unbalance 30.0 % */
        0x05,                               /* continuous loss of voltage 5 min */
    };
    const gdw_field *l = row_layout(0x04, 26, GDW13761_DOWN);
    assert_int_equal(sizeof b, 57);
    const mdc_value *v = roundtrip(l, b, sizeof b);
    assert_int_equal(get_mant(v, "voltage_upper", 1), 2354);
    assert_int_equal(get_mant(v, "break_phase", 1), 1320);
    const mdc_value *g = mdc_v_get(v, "over_voltage");
    assert_non_null(g);
    assert_int_equal(get_mant(g, "limit", 1), 2640);
    assert_int_equal(get_int(g, "duration"), 5);
    assert_int_equal(get_mant(g, "recovery", 1), 950);
    g = mdc_v_get(v, "under_voltage");
    assert_non_null(g);
    assert_int_equal(get_mant(g, "recovery", 1), 1050);
    g = mdc_v_get(v, "over_current");
    assert_non_null(g);
    assert_int_equal(get_mant(g, "limit", 3), 6000);
    g = mdc_v_get(v, "apparent_upper");
    assert_non_null(g);
    assert_int_equal(get_mant(g, "limit", 4), 250000);
    g = mdc_v_get(v, "current_unbalance");
    assert_non_null(g);
    assert_int_equal(get_mant(g, "limit", 1), 300);
    assert_int_equal(get_int(v, "loss_voltage_time"), 5);
}

/* F91 Table 84 / A.28: 116 deg 23' 45.67" E, 39 deg 54' 27.00" N. */
static void test_f91(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x67, 0x45, 0x23, 0x16, 0x01, 0x00, 0x27, 0x54, 0x39, 0x00};
    const mdc_value *v = roundtrip(row_layout(0x04, 91, GDW13761_DOWN), b, sizeof b);
    const mdc_value *lon = mdc_v_get(v, "longitude");
    assert_non_null(lon);
    assert_int_equal(get_int(lon, "deg"), 116);
    assert_int_equal(get_int(lon, "min"), 23);
    assert_int_equal(get_mant(lon, "sec", 2), 4567);
    assert_int_equal(get_int(lon, "hemi"), 0);
    const mdc_value *lat = mdc_v_get(v, "latitude");
    assert_non_null(lat);
    assert_int_equal(get_int(lat, "deg"), 39);
    assert_int_equal(get_int(lat, "min"), 54);
}

/* F150 Table 85: point 1 valid (D1 of byte 0), point 2047 valid (D7 of byte
 * 255), point 1 changed. */
static void test_f150(void **state)
{
    (void)state;
    static uint8_t b[512];
    memset(b, 0, sizeof b);
    b[0] = 0x02;
    b[255] = 0x80;
    b[256] = 0x02;
    const mdc_value *v = roundtrip(row_layout(0x0A, 150, GDW13761_UP), b, sizeof b);
    assert_bytes(v, "valid", b, 256);
    assert_bytes(v, "changed", b + 256, 256);
}

/* Encoding refuses values that do not fit the standard's unit. */
static void test_encode_errors(void **state)
{
    (void)state;
    uint8_t out[64];
    size_t written = 0;
    gdw13761_err err;
    mdc_arena_init(&arena, arena_buf, sizeof arena_buf);

    /* F89: the region code is 4 BCD digits */
    mdc_value *v = mdc_v_add_obj(&arena, NULL, NULL);
    assert_non_null(mdc_v_add_int(&arena, v, "region", 12345, NULL));
    assert_non_null(mdc_v_add_int(&arena, v, "addr", 1, NULL));
    const gdw_field *l = row_layout(0x04, 89, GDW13761_DOWN);
    assert_int_equal(gdw13761_unit_encode(l, v, out, sizeof out, &written, &err), -1);
    assert_int_equal(err.code, GDW13761_E_FORMAT);

    /* F89 without the terminal address */
    v = mdc_v_add_obj(&arena, NULL, NULL);
    assert_non_null(mdc_v_add_int(&arena, v, "region", 2449, NULL));
    assert_int_equal(gdw13761_unit_encode(l, v, out, sizeof out, &written, &err), -1);
    assert_int_equal(err.code, GDW13761_E_MISSING);

    /* AFN0A F10 query: a count that disagrees with the list */
    v = mdc_v_add_obj(&arena, NULL, NULL);
    assert_non_null(mdc_v_add_int(&arena, v, "count", 3, NULL));
    mdc_value *ix = mdc_v_add_arr(&arena, v, "indexes");
    assert_non_null(mdc_v_add_int(&arena, ix, NULL, 1, NULL));
    assert_non_null(mdc_v_add_int(&arena, ix, NULL, 5, NULL));
    l = row_layout(0x0A, 10, GDW13761_DOWN);
    assert_int_equal(gdw13761_unit_encode(l, v, out, sizeof out, &written, &err), -1);
    assert_int_equal(err.code, GDW13761_E_COUNT);

    /* the same query without the count: the encoder writes it */
    v = mdc_v_add_obj(&arena, NULL, NULL);
    ix = mdc_v_add_arr(&arena, v, "indexes");
    assert_non_null(mdc_v_add_int(&arena, ix, NULL, 1, NULL));
    assert_non_null(mdc_v_add_int(&arena, ix, NULL, 5, NULL));
    assert_int_equal(gdw13761_unit_encode(l, v, out, sizeof out, &written, &err), 0);
    assert_int_equal(written, 6);
    assert_memory_equal(out, "\x02\x00\x01\x00\x05\x00", 6);
}

/* Fixed lengths added up from the standard's tables. */
static void test_fixed_lengths(void **state)
{
    (void)state;
    static const struct {
        uint16_t fn;
        long len;
    } want[] = {
        {1, 6},   {3, 28},  {4, 16},  {5, 3},   {6, 16},  {8, 8},     {9, 16},  {12, 2},
        {16, 64}, {25, 11}, {26, 57}, {27, 24}, {28, 4},  {29, 12},   {30, 1},  {36, 4},
        {67, 1},  {68, 1},  {89, 4},  {90, 2},  {91, 10}, {150, 512}, {2, -1},  {7, -1},
        {10, -1}, {11, -1}, {13, -1}, {14, -1}, {15, -1}, {31, -1},   {33, -1}, {34, -1},
        {35, -1}, {37, -1}, {38, -1}, {39, -1}, {65, -1}, {66, -1},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        long got = gdw13761_unit_fixed_len(row_layout(0x04, want[i].fn, GDW13761_DOWN));
        if (got != want[i].len)
            print_error("F%u: %ld bytes, want %ld\n", want[i].fn, got, want[i].len);
        assert_int_equal(got, want[i].len);
    }
}

/* Every Fn of groups 1, 2, 4, 5, 9 and F89, F90, F91, F150: AFN04 DOWN only,
 * AFN0A DOWN and UP with the AFN04 unit; spare numbers absent. */
static void test_presence(void **state)
{
    (void)state;
    static const uint16_t fns[] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13,
                                   14, 15, 16, 25, 26, 27, 28, 29, 30, 31, 33, 34, 35,
                                   36, 37, 38, 39, 65, 66, 67, 68, 89, 90, 91, 150};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        uint16_t fn = fns[i];
        const gdw13761_fn *set = gdw13761_cat_find(0x04, fn, GDW13761_DOWN);
        if (!set)
            print_error("AFN04 F%u DOWN missing\n", fn);
        assert_non_null(set);
        assert_non_null(set->name);
        assert_non_null(set->name_zh);
        assert_null(gdw13761_cat_find(0x04, fn, GDW13761_UP));
        const gdw13761_fn *q = gdw13761_cat_find(0x0A, fn, GDW13761_DOWN);
        const gdw13761_fn *ans = gdw13761_cat_find(0x0A, fn, GDW13761_UP);
        if (!q || !ans)
            print_error("AFN0A F%u missing\n", fn);
        assert_non_null(q);
        assert_non_null(ans);
        assert_ptr_equal(ans->layout, set->layout);
        assert_int_equal(ans->pn, set->pn);
        assert_string_equal(ans->name_zh, set->name_zh);
    }
    static const uint16_t spare[] = {32, 40, 69, 70, 71, 72};
    for (size_t i = 0; i < sizeof spare / sizeof spare[0]; i++) {
        assert_null(gdw13761_cat_find(0x04, spare[i], GDW13761_DOWN));
        assert_null(gdw13761_cat_find(0x0A, spare[i], GDW13761_UP));
    }
    assert_int_equal(gdw13761_cat_find(0x04, 25, GDW13761_DOWN)->pn, GDW13761_PN_POINT);
    assert_int_equal(gdw13761_cat_find(0x04, 65, GDW13761_DOWN)->pn, GDW13761_PN_TASK);
    assert_int_equal(gdw13761_cat_find(0x0A, 68, GDW13761_UP)->pn, GDW13761_PN_TASK);
    assert_int_equal(gdw13761_cat_find(0x04, 33, GDW13761_DOWN)->pn, GDW13761_PN_P0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_f1),
        cmocka_unit_test(test_f3),
        cmocka_unit_test(test_f7),
        cmocka_unit_test(test_f9),
        cmocka_unit_test(test_f10),
        cmocka_unit_test(test_f14),
        cmocka_unit_test(test_0a_f10_query),
        cmocka_unit_test(test_0a_other_queries),
        cmocka_unit_test(test_f25),
        cmocka_unit_test(test_f26),
        cmocka_unit_test(test_f33),
        cmocka_unit_test(test_f65),
        cmocka_unit_test(test_f89),
        cmocka_unit_test(test_f91),
        cmocka_unit_test(test_f150),
        cmocka_unit_test(test_bit_counts),
        cmocka_unit_test(test_encode_errors),
        cmocka_unit_test(test_fixed_lengths),
        cmocka_unit_test(test_presence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
