/* Catalogue rows for AFN00, 01, 02, 05, 09, 0F and 10: data units written out by hand from the
 * standard's tables (Q/GDW 1376.1-2013 §5.1-5.3, 5.6, 5.9, 5.15, 5.16) and the notes' real
 * frames (§1.10), decoded, checked value by value and encoded back to the same bytes; the error
 * paths; and the presence of every Fn in the right directions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gdw13761/catalog.h"
#include "gdw13761/layout.h"
#include "gdw13761/msg.h"
#include "mdc/value.h"

#define DN GDW13761_DOWN
#define UP GDW13761_UP

static uint8_t arena_buf[64 * 1024];
static mdc_arena arena;

static int setup(void **state)
{
    (void)state;
    mdc_arena_init(&arena, arena_buf, sizeof arena_buf);
    return 0;
}

static const gdw_field *layout_of(uint8_t afn, uint16_t fn, uint8_t dir)
{
    const gdw13761_fn *row = gdw13761_cat_find(afn, fn, dir);
    assert_non_null(row);
    return row->layout;
}

/* Decodes all n bytes as the (afn, fn, dir) data unit, then checks that encoding the tree gives
 * the same bytes back. */
static const mdc_value *roundtrip(uint8_t afn, uint16_t fn, uint8_t dir, const uint8_t *p, size_t n)
{
    const gdw_field *l = layout_of(afn, fn, dir);
    mdc_value *v = NULL;
    size_t used = 0;
    gdw13761_err err;
    memset(&err, 0, sizeof err);
    int rc = gdw13761_unit_decode(l, p, n, &used, &arena, &v, &err);
    if (rc != 0)
        fail_msg("decode AFN%02X F%u: %s", afn, fn, err.msg);
    assert_non_null(v);
    assert_int_equal(v->kind, MDC_V_OBJECT);
    assert_int_equal(used, n);

    uint8_t out[512];
    size_t written = 0;
    rc = gdw13761_unit_encode(l, v, out, sizeof out, &written, &err);
    if (rc != 0)
        fail_msg("encode AFN%02X F%u: %s", afn, fn, err.msg);
    assert_int_equal(written, n);
    if (n)
        assert_memory_equal(out, p, n);
    return v;
}

static int64_t int_of(const mdc_value *obj, const char *key)
{
    const mdc_value *m = mdc_v_get(obj, key);
    int64_t i = 0;
    if (!m)
        fail_msg("no member %s", key);
    assert_true(mdc_v_int(m, &i));
    return i;
}

static void assert_str(const mdc_value *obj, const char *key, const char *want)
{
    const mdc_value *m = mdc_v_get(obj, key);
    if (!m)
        fail_msg("no member %s", key);
    assert_int_equal(m->kind, MDC_V_STR);
    assert_int_equal(m->u.str.len, strlen(want));
    assert_memory_equal(m->u.str.p, want, strlen(want));
}

static void assert_bytes(const mdc_value *obj, const char *key, const uint8_t *want, size_t n)
{
    const mdc_value *m = mdc_v_get(obj, key);
    if (!m)
        fail_msg("no member %s", key);
    assert_int_equal(m->kind, MDC_V_BYTES);
    assert_int_equal(m->u.bytes.len, n);
    assert_memory_equal(m->u.bytes.p, want, n);
}

static void assert_time(const mdc_value *obj, const char *key, unsigned year, unsigned mon,
                        unsigned day, unsigned hour, unsigned min, unsigned sec)
{
    const mdc_value *m = mdc_v_get(obj, key);
    if (!m)
        fail_msg("no member %s", key);
    assert_int_equal(m->kind, MDC_V_TIME);
    assert_int_equal(m->u.tm.year, year);
    assert_int_equal(m->u.tm.mon, mon);
    assert_int_equal(m->u.tm.day, day);
    if (m->u.tm.fields & MDC_TM_HOUR) {
        assert_int_equal(m->u.tm.hour, hour);
        assert_int_equal(m->u.tm.min, min);
        assert_int_equal(m->u.tm.sec, sec);
    } else {
        assert_int_equal(hour + min + sec, 0);
    }
}

/* First pn and fn of a DADT value {pn: [..], fn: [..]}. */
static void assert_dadt(const mdc_value *dadt, int64_t pn, int64_t fn)
{
    int64_t i = -1;
    assert_non_null(dadt);
    const mdc_value *pns = mdc_v_get(dadt, "pn");
    const mdc_value *fns = mdc_v_get(dadt, "fn");
    assert_non_null(pns);
    assert_non_null(fns);
    assert_int_equal(pns->u.list.n, 1);
    assert_int_equal(fns->u.list.n, 1);
    assert_true(mdc_v_int(mdc_v_at(pns, 0), &i));
    assert_int_equal(i, pn);
    assert_true(mdc_v_int(mdc_v_at(fns, 0), &i));
    assert_int_equal(i, fn);
}

/* ---- presence ---- */

struct want {
    uint8_t afn;
    uint16_t fn;
    uint8_t down, up; /* 1: the row must exist, 0: it must not */
};

static const struct want wanted[] = {
    {0x00, 1, 1, 1},  {0x00, 2, 1, 1},   {0x00, 3, 1, 1},   {0x00, 4, 1, 1},  {0x01, 1, 1, 0},
    {0x01, 2, 1, 0},  {0x01, 3, 1, 0},   {0x01, 4, 1, 0},   {0x02, 1, 0, 1},  {0x02, 2, 0, 1},
    {0x02, 3, 0, 1},  {0x05, 1, 1, 0},   {0x05, 2, 1, 0},   {0x05, 29, 1, 0}, {0x05, 30, 1, 0},
    {0x05, 31, 1, 0}, {0x05, 32, 1, 0},  {0x05, 33, 1, 0},  {0x05, 34, 1, 0}, {0x05, 35, 1, 0},
    {0x05, 36, 1, 0}, {0x05, 37, 1, 0},  {0x05, 38, 1, 0},  {0x05, 39, 1, 0}, {0x05, 49, 1, 0},
    {0x05, 50, 1, 0}, {0x05, 149, 1, 0}, {0x05, 150, 1, 0}, {0x09, 1, 1, 1},  {0x09, 2, 1, 1},
    {0x09, 3, 1, 1},  {0x09, 4, 1, 1},   {0x09, 9, 1, 1},   {0x09, 10, 1, 1}, {0x0F, 1, 1, 1},
    {0x10, 1, 1, 1},  {0x10, 9, 1, 1},   {0x10, 12, 1, 0},  {0x10, 13, 1, 1},
};

static void test_presence(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        const struct want *w = &wanted[i];
        const gdw13761_fn *d = gdw13761_cat_find(w->afn, w->fn, DN);
        const gdw13761_fn *u = gdw13761_cat_find(w->afn, w->fn, UP);
        if ((d != NULL) != w->down || (u != NULL) != w->up)
            fail_msg("AFN%02X F%u: down %s (want %s), up %s (want %s)", w->afn, w->fn,
                     d ? "present" : "absent", w->down ? "present" : "absent",
                     u ? "present" : "absent", w->up ? "present" : "absent");
        if (d) {
            assert_int_equal(d->afn, w->afn);
            assert_int_equal(d->fn, w->fn);
            assert_non_null(d->name);
            assert_non_null(d->name_zh);
        }
    }
    /* Requests with an empty data unit, answers with data. */
    assert_int_equal(gdw13761_unit_fixed_len(layout_of(0x09, 1, DN)), 0);
    assert_int_equal(gdw13761_unit_fixed_len(layout_of(0x09, 1, UP)), 41);
    assert_int_equal(gdw13761_unit_fixed_len(layout_of(0x09, 9, UP)), 46);
    assert_int_equal(gdw13761_unit_fixed_len(layout_of(0x09, 10, UP)), 15);
    assert_int_equal(gdw13761_unit_fixed_len(layout_of(0x09, 3, UP)), 35);
    assert_int_equal(gdw13761_unit_fixed_len(layout_of(0x02, 3, UP)), 6);
    assert_int_equal(gdw13761_unit_fixed_len(layout_of(0x05, 31, DN)), 6);
    assert_int_equal(gdw13761_unit_fixed_len(layout_of(0x00, 4, UP)), 17);
    assert_int_equal(gdw13761_unit_fixed_len(layout_of(0x00, 3, UP)), -1);
    /* pn kinds */
    assert_int_equal(gdw13761_cat_find(0x05, 1, DN)->pn, GDW13761_PN_CONTROL);
    assert_int_equal(gdw13761_cat_find(0x05, 9, DN)->pn, GDW13761_PN_GROUP);
    assert_int_equal(gdw13761_cat_find(0x05, 31, DN)->pn, GDW13761_PN_P0);
    assert_int_equal(gdw13761_cat_find(0x05, 41, DN)->pn, GDW13761_PN_POINT);
}

/* ---- AFN02 / AFN00 from the notes' real frames (§1.10) ---- */

static void test_login_logout_empty(void **state)
{
    (void)state;
    /* Frame 1: 68 3A 00 3A 00 68 E9 49 24 45 58 00 02 70 | 00 00 01 00 | EC 1C 04: login has no
     * data unit. Frame 4: logout (F2) likewise. Frame 2: the master's AFN00 F1. */
    const mdc_value *v = roundtrip(0x02, 1, UP, NULL, 0);
    assert_int_equal(v->u.list.n, 0);
    v = roundtrip(0x02, 2, UP, NULL, 0);
    assert_int_equal(v->u.list.n, 0);
    v = roundtrip(0x00, 1, DN, NULL, 0);
    assert_int_equal(v->u.list.n, 0);
    v = roundtrip(0x00, 2, UP, NULL, 0);
    assert_int_equal(v->u.list.n, 0);
    v = roundtrip(0x01, 2, DN, NULL, 0);
    assert_int_equal(v->u.list.n, 0);
}

static void test_heartbeat(void **state)
{
    (void)state;
    /* Frame 3: ... 71 | 00 00 04 00 | 40 00 17 04 87 19: 2019-07-04 (week 4) 17:00:40. */
    static const uint8_t hb1[] = {0x40, 0x00, 0x17, 0x04, 0x87, 0x19};
    const mdc_value *v = roundtrip(0x02, 3, UP, hb1, sizeof hb1);
    assert_time(v, "time", 2019, 7, 4, 17, 0, 40);
    const mdc_value *t = mdc_v_get(v, "time");
    assert_true(t->u.tm.fields & MDC_TM_WDAY);
    assert_int_equal(t->u.tm.wday, 4);

    /* Frame 7: 33 30 14 12 D2 20: 2020-12-12, Saturday (6), 14:30:33. */
    static const uint8_t hb2[] = {0x33, 0x30, 0x14, 0x12, 0xD2, 0x20};
    v = roundtrip(0x02, 3, UP, hb2, sizeof hb2);
    assert_time(v, "time", 2020, 12, 12, 14, 30, 33);
    assert_int_equal(mdc_v_get(v, "time")->u.tm.wday, 6);
}

static void test_confirm_login_f3(void **state)
{
    (void)state;
    /* Frame 6: 68 4A 00 4A 00 68 0B 21 45 03 00 02 00 64 | 00 00 04 00 | 02 00 00 01 00 00: AFN00
     * F3 answering AFN02, DADT p0 F1, ERR 0. */
    static const uint8_t ack[] = {0x02, 0x00, 0x00, 0x01, 0x00, 0x00};
    const mdc_value *v = roundtrip(0x00, 3, DN, ack, sizeof ack);
    assert_int_equal(int_of(v, "afn"), 2);
    const mdc_value *items = mdc_v_get(v, "items");
    assert_non_null(items);
    assert_int_equal(items->kind, MDC_V_ARRAY);
    assert_int_equal(items->u.list.n, 1);
    assert_dadt(mdc_v_get(mdc_v_at(items, 0), "dadt"), 0, 1);
    assert_int_equal(int_of(mdc_v_at(items, 0), "err"), 0);

    /* Frame 7's answer: ... 65 | 00 00 04 00 | 02 00 00 04 00 00: heartbeat (F3) confirmed. */
    static const uint8_t ack_hb[] = {0x02, 0x00, 0x00, 0x04, 0x00, 0x00};
    v = roundtrip(0x00, 3, DN, ack_hb, sizeof ack_hb);
    assert_dadt(mdc_v_get(mdc_v_at(mdc_v_get(v, "items"), 0), "dadt"), 0, 3);
}

static void test_confirm_two_items(void **state)
{
    (void)state;
    /* Answer to an AFN04 set: p0 F1 (DA 00 00, DT 01 00) ERR 0 correct; p2 F25 (DA 02 01,
     * DT 01 03) ERR 2 duplicate meter address. */
    static const uint8_t u[] = {0x04, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02, 0x01, 0x01, 0x03, 0x02};
    const mdc_value *v = roundtrip(0x00, 3, UP, u, sizeof u);
    assert_int_equal(int_of(v, "afn"), 4);
    const mdc_value *items = mdc_v_get(v, "items");
    assert_int_equal(items->u.list.n, 2);
    assert_dadt(mdc_v_get(mdc_v_at(items, 0), "dadt"), 0, 1);
    assert_int_equal(int_of(mdc_v_at(items, 0), "err"), 0);
    assert_dadt(mdc_v_get(mdc_v_at(items, 1), "dadt"), 2, 25);
    assert_int_equal(int_of(mdc_v_at(items, 1), "err"), 2);
}

static void test_security_error_f4(void **state)
{
    (void)state;
    /* Type 3 (symmetric MAC failed): random number (8) then module serial number (8). */
    static const uint8_t u[] = {0x03, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
                                0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8};
    const mdc_value *v = roundtrip(0x00, 4, UP, u, sizeof u);
    assert_int_equal(int_of(v, "error_type"), 3);
    assert_bytes(v, "data", u + 1, 16);
}

/* ---- AFN05 ---- */

static void test_time_set_f31(void **state)
{
    (void)state;
    /* 2024-01-16 20:45:30, Tuesday: ss mm hh DD (week 2 << 5 | month 01) YY. */
    static const uint8_t u[] = {0x30, 0x45, 0x20, 0x16, 0x41, 0x24};
    const mdc_value *v = roundtrip(0x05, 31, DN, u, sizeof u);
    assert_time(v, "time", 2024, 1, 16, 20, 45, 30);
    assert_int_equal(mdc_v_get(v, "time")->u.tm.wday, 2);
}

static void test_control_units(void **state)
{
    (void)state;
    /* F1 remote trip: alarm delay 5 min (D7..D4), limit time 3 half hours (D3..D0). */
    static const uint8_t trip[] = {0x53};
    const mdc_value *v = roundtrip(0x05, 1, DN, trip, sizeof trip);
    assert_int_equal(int_of(v, "alarm_delay"), 5);
    assert_int_equal(int_of(v, "limit_time"), 3);

    /* F49 pause port 31; F50 resume port 2. */
    static const uint8_t p31[] = {0x1F};
    v = roundtrip(0x05, 49, DN, p31, 1);
    assert_int_equal(int_of(v, "port"), 31);
    static const uint8_t p2[] = {0x02};
    v = roundtrip(0x05, 50, DN, p2, 1);
    assert_int_equal(int_of(v, "port"), 2);

    /* F149 on without updating F10; F30 on. */
    static const uint8_t two[] = {0x02};
    v = roundtrip(0x05, 149, DN, two, 1);
    assert_int_equal(int_of(v, "state"), 2);
    static const uint8_t one[] = {0x01};
    v = roundtrip(0x05, 30, DN, one, 1);
    assert_int_equal(int_of(v, "enabled"), 1);

    /* F32: important (1) message number 3, 4 bytes GB 2312 "测试" (B2E2 CAD4). */
    static const uint8_t msg[] = {0x13, 0x04, 0xB2, 0xE2, 0xCA, 0xD4};
    v = roundtrip(0x05, 32, DN, msg, sizeof msg);
    assert_int_equal(int_of(v, "kind"), 1);
    assert_int_equal(int_of(v, "number"), 3);
    assert_int_equal(int_of(v, "text_len"), 4);
    assert_bytes(v, "text", msg + 2, 4);

    /* F12: slip 15 min, factor -20 % (A.4: S0 = 1 down, 20), freeze delay 5 min, control
     * 4 half hours, alarm times 1, 2, 3, 4 min. */
    static const uint8_t f12[] = {0x0F, 0x80 | 0x20, 0x05, 0x04, 0x01, 0x02, 0x03, 0x04};
    v = roundtrip(0x05, 12, DN, f12, sizeof f12);
    assert_int_equal(int_of(v, "slip_time"), 15);
    assert_int_equal(int_of(v, "control_time"), 4);
    const mdc_value *alarms = mdc_v_get(v, "alarm_times");
    assert_int_equal(alarms->u.list.n, 4);
    int64_t i = 0;
    assert_true(mdc_v_int(mdc_v_at(alarms, 3), &i));
    assert_int_equal(i, 4);
}

/* ---- AFN09 ---- */

static void test_version_f1(void **state)
{
    (void)state;
    static const uint8_t u[] = {
        'T',  'X',  'Y',  'Z',                                    /* vendor */
        '1',  '2',  '3',  '4', '5', '6', '7', '8',                /* device id */
        'V',  '1',  '.',  '2',                                    /* software version */
        0x15, 0x05, 0x23,                                         /* 2023-05-15 */
        'C',  'A',  'P',  '-', '2', '0', '4', '0', '-', 'A', '1', /* capacity code */
        '1',  '2',  '.',  '1',                                    /* protocol version */
        'H',  'W',  '0',  '3',                                    /* hardware version */
        0x01, 0x12, 0x22,                                         /* 2022-12-01 */
    };
    assert_int_equal(sizeof u, 41);
    const mdc_value *v = roundtrip(0x09, 1, UP, u, sizeof u);
    assert_str(v, "vendor", "TXYZ");
    assert_str(v, "device_id", "12345678");
    assert_str(v, "sw_version", "V1.2");
    assert_time(v, "sw_date", 2023, 5, 15, 0, 0, 0);
    assert_str(v, "capacity_code", "CAP-2040-A1");
    assert_str(v, "protocol_version", "12.1");
    assert_str(v, "hw_version", "HW03");
    assert_time(v, "hw_date", 2022, 12, 1, 0, 0, 0);
    /* The request has no data unit. */
    v = roundtrip(0x09, 1, DN, NULL, 0);
    assert_int_equal(v->u.list.n, 0);
}

static void test_ports_f2(void **state)
{
    (void)state;
    static const uint8_t u[] = {
        0x02, 0x04, 0x00, 0x02,             /* pulse, switch in, dc analog, switch out */
        0xF8, 0x07,                         /* 2040 meters */
        0x00, 0x04, 0x00, 0x04,             /* up rx 1024, tx 1024 */
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* MAC */
        0x02,                               /* two ports */
        0x02, 0x00, 0x00, 0x4B, 0x00, 0x00, 0x20, 0x00, 0x00, 0x01, 0x00, 0x01,
        0x5F, 0x40, 0x80, 0x25, 0x00, 0x00, 0xF8, 0x07, 0x00, 0x02, 0x00, 0x02,
    };
    const mdc_value *v = roundtrip(0x09, 2, UP, u, sizeof u);
    assert_int_equal(int_of(v, "max_meters"), 2040);
    assert_int_equal(int_of(v, "up_rx_buffer"), 1024);
    assert_bytes(v, "mac", u + 10, 6);
    const mdc_value *ports = mdc_v_get(v, "ports");
    assert_int_equal(ports->u.list.n, 2);
    const mdc_value *p1 = mdc_v_at(ports, 0);
    assert_int_equal(int_of(p1, "port"), 2);
    assert_int_equal(int_of(p1, "interface"), 0); /* RS485 */
    assert_int_equal(int_of(p1, "use"), 0);
    assert_int_equal(int_of(p1, "max_baud"), 19200);
    assert_int_equal(int_of(p1, "max_devices"), 32);
    const mdc_value *p2 = mdc_v_at(ports, 1);
    assert_int_equal(int_of(p2, "port"), 31);
    assert_int_equal(int_of(p2, "interface"), 2); /* PLC module */
    assert_int_equal(int_of(p2, "use"), 2);       /* low-voltage concentrated reading */
    assert_int_equal(int_of(p2, "max_baud"), 9600);
    assert_int_equal(int_of(p2, "max_devices"), 2040);
}

static void test_supported_f4_f9_f10(void **state)
{
    (void)state;
    /* F4: two groups: F1..F8 all, F9..F16: F9, F10. */
    static const uint8_t f4[] = {0x02, 0xFF, 0x03};
    const mdc_value *v = roundtrip(0x09, 4, UP, f4, sizeof f4);
    assert_int_equal(int_of(v, "group_count"), 2);
    assert_bytes(v, "flags", f4 + 1, 2);

    static const uint8_t f9[] = {'A',  'B',  'C', 'D', 'M',  'O',  'D',  'E', 'L', '-', '4', 'G',
                                 'S',  '1',  '.', '0', 0x09, 0x03, 0x21, 'H', '1', '.', '0', 0x10,
                                 0x02, 0x20, '8', '9', '8',  '6',  '0',  '1', '2', '3', '4', '5',
                                 '6',  '7',  '8', '9', '0',  '1',  '2',  '3', '4', '5'};
    assert_int_equal(sizeof f9, 46);
    v = roundtrip(0x09, 9, UP, f9, sizeof f9);
    assert_str(v, "model", "MODEL-4G");
    assert_time(v, "sw_date", 2021, 3, 9, 0, 0, 0);
    assert_str(v, "iccid", "89860123456789012345");

    /* F10: address 000000001234, vendor "TC", chip "01", 2024-06-30, version 0102. */
    static const uint8_t f10[] = {0x34, 0x12, 0x00, 0x00, 0x00, 0x00, 'T', 'C',
                                  '0',  '1',  0x30, 0x06, 0x24, 0x02, 0x01};
    v = roundtrip(0x09, 10, UP, f10, sizeof f10);
    assert_str(v, "module_addr", "000000001234");
    assert_str(v, "vendor", "TC");
    assert_str(v, "chip", "01");
    assert_time(v, "version_date", 2024, 6, 30, 0, 0, 0);
    assert_int_equal(int_of(v, "version"), 102);
}

static void test_supported_data_f6(void **state)
{
    (void)state;
    /* User classes 0 and 2 (flags 05 00): class 0 supports groups 1..2 (FF 0F), class 2 group 1
     * (03); then the next unit's bytes (F8's 8 bytes), which F6 must leave alone. */
    static const uint8_t u[] = {0x05, 0x00, 0x02, 0xFF, 0x0F, 0x01, 0x03, 0xAA, 0xBB};
    const gdw_field *l = layout_of(0x09, 6, UP);
    mdc_value *v = NULL;
    size_t used = 0;
    gdw13761_err err;
    assert_int_equal(gdw13761_unit_decode(l, u, sizeof u, &used, &arena, &v, &err), 0);
    assert_int_equal(used, 7);
    assert_int_equal(int_of(v, "class0"), 1);
    assert_int_equal(int_of(v, "class1"), 0);
    assert_int_equal(int_of(v, "class2"), 1);
    const mdc_value *c0 = mdc_v_get(v, "class0_data");
    assert_int_equal(int_of(c0, "group_count"), 2);
    assert_bytes(c0, "flags", u + 3, 2);
    assert_int_equal(mdc_v_get(v, "class1_data")->u.list.n, 0);
    assert_bytes(mdc_v_get(v, "class2_data"), "flags", u + 6, 1);
    roundtrip(0x09, 7, UP, u, 7);
}

/* ---- AFN0F / AFN10 ---- */

static void test_file_transfer(void **state)
{
    (void)state;
    /* Terminal firmware, middle segment, by message, 10 segments, segment 3, 4 bytes. */
    static const uint8_t d[] = {0x01, 0x00, 0x00, 0x0A, 0x00, 0x03, 0x00, 0x00,
                                0x00, 0x04, 0x00, 0xDE, 0xAD, 0xBE, 0xEF};
    const mdc_value *v = roundtrip(0x0F, 1, DN, d, sizeof d);
    assert_int_equal(int_of(v, "file_id"), 1);
    assert_int_equal(int_of(v, "segments"), 10);
    assert_int_equal(int_of(v, "segment"), 3);
    assert_int_equal(int_of(v, "data_len"), 4);
    assert_bytes(v, "data", d + 11, 4);

    static const uint8_t up[] = {0x03, 0x00, 0x00, 0x00};
    v = roundtrip(0x0F, 1, UP, up, sizeof up);
    assert_int_equal(int_of(v, "segment"), 3);
    static const uint8_t ftp_fail[] = {0xFE, 0xFF, 0xFF, 0xFF};
    v = roundtrip(0x0F, 1, UP, ftp_fail, sizeof ftp_fail);
    assert_int_equal(int_of(v, "segment"), 0xFFFFFFFEll);
}

/* The DL/T 645-2007 read of 00010000 from meter 123456781012 (DLT645 notes); CS =
 * sum(68 .. 33) mod 256 = E8. */
static const uint8_t read645[] = {0xFE, 0xFE, 0xFE, 0xFE, 0x68, 0x12, 0x10, 0x78, 0x56, 0x34,
                                  0x12, 0x68, 0x11, 0x04, 0x33, 0x33, 0x34, 0x33, 0xE8, 0x16};
static const uint8_t reply645[] = {0x68, 0x12, 0x10, 0x78, 0x56, 0x34, 0x12, 0x68, 0x91, 0x08,
                                   0x33, 0x33, 0x34, 0x33, 0x89, 0x67, 0x45, 0x33, 0xD4, 0x16};

static void test_transparent_f1(void **state)
{
    (void)state;
    unsigned cs = 0;
    for (size_t i = 4; i < 18; i++)
        cs += read645[i];
    assert_int_equal(cs & 0xFF, 0xE8);

    /* Port 2; 2400 bps (3), 1 stop bit, with parity, even, 8 data bits (3) = 0x6B; frame timeout
     * 2 s (D7 = 1); byte timeout 10 x 10 ms; k = 20. */
    uint8_t d[6 + sizeof read645] = {0x02, 0x6B, 0x82, 0x0A, (uint8_t)sizeof read645, 0x00};
    memcpy(d + 6, read645, sizeof read645);
    const mdc_value *v = roundtrip(0x10, 1, DN, d, sizeof d);
    assert_int_equal(int_of(v, "port"), 2);
    assert_int_equal(int_of(v, "baud"), 3);
    assert_int_equal(int_of(v, "stop_bits"), 0);
    assert_int_equal(int_of(v, "parity"), 1);
    assert_int_equal(int_of(v, "odd"), 0);
    assert_int_equal(int_of(v, "data_bits"), 3);
    assert_int_equal(int_of(v, "frame_timeout"), 2);
    assert_int_equal(int_of(v, "frame_timeout_unit"), 1);
    assert_int_equal(int_of(v, "byte_timeout"), 10);
    assert_int_equal(int_of(v, "frame_len"), 20);
    assert_bytes(v, "frame", read645, sizeof read645);

    uint8_t u[3 + sizeof reply645] = {0x02, (uint8_t)sizeof reply645, 0x00};
    memcpy(u + 3, reply645, sizeof reply645);
    v = roundtrip(0x10, 1, UP, u, sizeof u);
    assert_int_equal(int_of(v, "port"), 2);
    assert_bytes(v, "frame", reply645, sizeof reply645);
}

static void test_direct_read_f9(void **state)
{
    (void)state;
    /* No route given (FFH): target 123456781012, DL/T 645-2007, DI 00010000. */
    static const uint8_t d0[] = {0x1F, 0xFF, 0x12, 0x10, 0x78, 0x56, 0x34,
                                 0x12, 0x01, 0x00, 0x00, 0x01, 0x00};
    const mdc_value *v = roundtrip(0x10, 9, DN, d0, sizeof d0);
    assert_int_equal(int_of(v, "port"), 31);
    assert_int_equal(int_of(v, "relay_count"), 0xFF);
    const mdc_value *r = mdc_v_get(v, "read");
    assert_non_null(r);
    assert_str(r, "target", "123456781012");
    assert_int_equal(int_of(r, "di_type"), 1);
    assert_int_equal(int_of(r, "di"), 0x00010000);
    assert_null(mdc_v_get(r, "relays"));

    /* One relay 000000000001, target 123456781012. */
    static const uint8_t d1[] = {0x1F, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x10,
                                 0x78, 0x56, 0x34, 0x12, 0x01, 0x00, 0x00, 0x01, 0x00};
    v = roundtrip(0x10, 9, DN, d1, sizeof d1);
    r = mdc_v_get(v, "read");
    const mdc_value *relays = mdc_v_get(r, "relays");
    assert_non_null(relays);
    assert_int_equal(relays->u.list.n, 1);
    assert_int_equal(mdc_v_at(relays, 0)->kind, MDC_V_STR);
    assert_memory_equal(mdc_v_at(relays, 0)->u.str.p, "000000000001", 12);
    assert_str(r, "target", "123456781012");

    /* Answer: data received (5), k + 4 = 8: DI 00010000 then 1234.56 kWh (56 34 12 00, the
     * reply's data field with 33H removed). */
    static const uint8_t u[] = {0x1F, 0x12, 0x10, 0x78, 0x56, 0x34, 0x12, 0x05, 0x08,
                                0x00, 0x00, 0x01, 0x00, 0x56, 0x34, 0x12, 0x00};
    v = roundtrip(0x10, 9, UP, u, sizeof u);
    assert_str(v, "target", "123456781012");
    assert_int_equal(int_of(v, "result"), 5);
    assert_int_equal(int_of(v, "data_len"), 8);
    r = mdc_v_get(v, "read");
    assert_non_null(r);
    assert_int_equal(int_of(r, "di"), 0x00010000);
    assert_bytes(r, "data", u + 13, 4);

    /* Receive timeout (1): with no content, and with the identifier echoed (kept raw). */
    static const uint8_t t0[] = {0x1F, 0x12, 0x10, 0x78, 0x56, 0x34, 0x12, 0x01, 0x00};
    v = roundtrip(0x10, 9, UP, t0, sizeof t0);
    assert_int_equal(int_of(v, "result"), 1);
    const mdc_value *raw = mdc_v_get(v, "read");
    assert_true(raw == NULL || (raw->kind == MDC_V_BYTES && raw->u.bytes.len == 0));
    static const uint8_t t4[] = {0x1F, 0x12, 0x10, 0x78, 0x56, 0x34, 0x12,
                                 0x01, 0x04, 0x00, 0x00, 0x01, 0x00};
    v = roundtrip(0x10, 9, UP, t4, sizeof t4);
    assert_bytes(v, "read", t4 + 9, 4);
}

static void test_batch_task_f12_f13(void **state)
{
    (void)state;
    uint8_t d[2 + 1 + 2 + 3 + 2 + 40] = {0x00, 0x00, 0x01, 0x03, 0x00,
                                         0xAA, 0xBB, 0xCC, 0x01, 0x00};
    for (size_t i = 0; i < 40; i++)
        d[10 + i] = (uint8_t)i;
    const mdc_value *v = roundtrip(0x10, 12, DN, d, sizeof d);
    assert_int_equal(int_of(v, "task_type"), 1);
    assert_bytes(v, "task_data", d + 5, 3);
    const mdc_value *meters = mdc_v_get(v, "meters");
    assert_int_equal(meters->u.list.n, 1);
    assert_bytes(mdc_v_at(meters, 0), "meter_no", d + 10, 8);
    assert_bytes(mdc_v_at(meters, 0), "key", d + 18, 32);

    static const uint8_t q[] = {0x01};
    v = roundtrip(0x10, 13, DN, q, 1);
    assert_int_equal(int_of(v, "task_type"), 1);
    static const uint8_t a[] = {0x01, 0x05, 0x00, 0x01, 0x00, 1, 2, 3, 4, 5, 6, 7, 8};
    v = roundtrip(0x10, 13, UP, a, sizeof a);
    assert_int_equal(int_of(v, "meter_total"), 5);
    assert_int_equal(mdc_v_get(v, "succeeded")->u.list.n, 1);
}

/* ---- whole frames of the notes (§1.10) through the message layer ---- */

static const gdw13761_unit *one_unit(const uint8_t *p, size_t n, gdw13761_msg *m,
                                     gdw13761_unit *units)
{
    gdw13761_err err;
    memset(&err, 0, sizeof err);
    if (gdw13761_msg_decode(p, n, m, units, 4, &arena, &err) != 0)
        fail_msg("frame: %s", err.msg);
    assert_true(m->complete);
    assert_int_equal(m->nunits, 1);
    assert_non_null(units[0].row);
    assert_non_null(units[0].value);
    return &units[0];
}

static void test_notes_frames(void **state)
{
    (void)state;
    gdw13761_msg m;
    gdw13761_unit units[4];

    /* Frame 1: login with ACD = 1 (EC 1C 04). */
    static const uint8_t login[] = {0x68, 0x3A, 0x00, 0x3A, 0x00, 0x68, 0xE9, 0x49,
                                    0x24, 0x45, 0x58, 0x00, 0x02, 0x70, 0x00, 0x00,
                                    0x01, 0x00, 0x1C, 0x04, 0x86, 0x16};
    const gdw13761_unit *u = one_unit(login, sizeof login, &m, units);
    assert_int_equal(u->row->afn, 0x02);
    assert_int_equal(u->row->dir, UP);
    assert_int_equal(u->fn, 1);
    assert_int_equal(u->value->u.list.n, 0);

    /* Frame 2: the master's AFN00 F1 answer (A3 = 02). */
    static const uint8_t ack1[] = {0x68, 0x32, 0x00, 0x32, 0x00, 0x68, 0x0B, 0x49, 0x24, 0x45,
                                   0x58, 0x02, 0x00, 0x60, 0x00, 0x00, 0x01, 0x00, 0x78, 0x16};
    u = one_unit(ack1, sizeof ack1, &m, units);
    assert_int_equal(u->row->afn, 0x00);
    assert_int_equal(u->row->dir, DN);
    assert_int_equal(u->fn, 1);

    /* Frame 3: heartbeat with the A.1 clock 2019-07-04 17:00:40. */
    static const uint8_t hb[] = {0x68, 0x4A, 0x00, 0x4A, 0x00, 0x68, 0xC9, 0x49, 0x24,
                                 0x45, 0x58, 0x00, 0x02, 0x71, 0x00, 0x00, 0x04, 0x00,
                                 0x40, 0x00, 0x17, 0x04, 0x87, 0x19, 0x45, 0x16};
    u = one_unit(hb, sizeof hb, &m, units);
    assert_int_equal(u->fn, 3);
    assert_time(u->value, "time", 2019, 7, 4, 17, 0, 40);

    /* Frame 4: logout. */
    static const uint8_t logout[] = {0x68, 0x32, 0x00, 0x32, 0x00, 0x68, 0xC9, 0x49, 0x24, 0x45,
                                     0x58, 0x00, 0x02, 0x71, 0x00, 0x00, 0x02, 0x00, 0x48, 0x16};
    u = one_unit(logout, sizeof logout, &m, units);
    assert_int_equal(u->fn, 2);
    assert_int_equal(u->row->afn, 0x02);

    /* Frame 6: AFN00 F3 as the standard specifies: AFN 02, p0 F1, ERR 0. */
    static const uint8_t ack3[] = {0x68, 0x4A, 0x00, 0x4A, 0x00, 0x68, 0x0B, 0x21, 0x45,
                                   0x03, 0x00, 0x02, 0x00, 0x64, 0x00, 0x00, 0x04, 0x00,
                                   0x02, 0x00, 0x00, 0x01, 0x00, 0x00, 0xE1, 0x16};
    u = one_unit(ack3, sizeof ack3, &m, units);
    assert_int_equal(u->fn, 3);
    assert_int_equal(int_of(u->value, "afn"), 2);
    const mdc_value *items = mdc_v_get(u->value, "items");
    assert_int_equal(items->u.list.n, 1);
    assert_dadt(mdc_v_get(mdc_v_at(items, 0), "dadt"), 0, 1);
    assert_int_equal(int_of(mdc_v_at(items, 0), "err"), 0);

    /* Frame 7: heartbeat 2020-12-12 (Saturday) 14:30:33 and its F3-style answer. */
    static const uint8_t hb2[] = {0x68, 0x4A, 0x00, 0x4A, 0x00, 0x68, 0xC9, 0x34, 0x08,
                                  0x94, 0x04, 0x00, 0x02, 0x75, 0x00, 0x00, 0x04, 0x00,
                                  0x33, 0x30, 0x14, 0x12, 0xD2, 0x20, 0x93, 0x16};
    u = one_unit(hb2, sizeof hb2, &m, units);
    assert_time(u->value, "time", 2020, 12, 12, 14, 30, 33);
    static const uint8_t ack_hb[] = {0x68, 0x4A, 0x00, 0x4A, 0x00, 0x68, 0x0B, 0x34, 0x08,
                                     0x94, 0x04, 0x02, 0x00, 0x65, 0x00, 0x00, 0x04, 0x00,
                                     0x02, 0x00, 0x00, 0x04, 0x00, 0x00, 0x50, 0x16};
    u = one_unit(ack_hb, sizeof ack_hb, &m, units);
    assert_dadt(mdc_v_get(mdc_v_at(mdc_v_get(u->value, "items"), 0), "dadt"), 0, 3);

    /* Frame 8: AFN01 F2 data area initialisation: no data unit, then PW (16 bytes) and Tp. */
    uint8_t reset[42] = {0x68, 0x8A, 0x00, 0x8A, 0x00, 0x68, 0x41, 0x03, 0x44,
                         0x07, 0x00, 0x02, 0x01, 0xF1, 0x00, 0x00, 0x02, 0x00};
    static const uint8_t tail[] = {0xC1, 0x37, 0x58, 0x10, 0x17, 0x00, 0xFC, 0x16};
    memcpy(reset + 34, tail, sizeof tail);
    u = one_unit(reset, sizeof reset, &m, units);
    assert_int_equal(u->row->afn, 0x01);
    assert_int_equal(u->row->dir, DN);
    assert_int_equal(u->fn, 2);
    assert_int_equal(u->value->u.list.n, 0);
}

/* ---- error paths ---- */

static void expect_decode_error(uint8_t afn, uint16_t fn, uint8_t dir, const uint8_t *p, size_t n,
                                gdw13761_errc code)
{
    mdc_value *v = NULL;
    size_t used = 0;
    gdw13761_err err;
    memset(&err, 0, sizeof err);
    assert_int_equal(gdw13761_unit_decode(layout_of(afn, fn, dir), p, n, &used, &arena, &v, &err),
                     -1);
    assert_int_equal(err.code, code);
    assert_true(err.msg[0] != '\0');
}

static void test_errors(void **state)
{
    (void)state;
    /* A heartbeat one byte short. */
    static const uint8_t hb[] = {0x40, 0x00, 0x17, 0x04, 0x87};
    expect_decode_error(0x02, 3, UP, hb, sizeof hb, GDW13761_E_SHORT);
    /* AFN00 F3 whose second item lacks its ERR byte. */
    static const uint8_t f3[] = {0x04, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02, 0x01, 0x01, 0x03};
    expect_decode_error(0x00, 3, UP, f3, sizeof f3, GDW13761_E_SHORT);
    /* AFN10 F1 claiming 20 bytes but carrying 2. */
    static const uint8_t f1[] = {0x02, 0x6B, 0x82, 0x0A, 0x14, 0x00, 0x68, 0x12};
    expect_decode_error(0x10, 1, DN, f1, sizeof f1, GDW13761_E_SHORT);
    /* AFN10 F9 "data received" answer whose length (2) cannot hold the identifier. */
    static const uint8_t f9[] = {0x1F, 0x12, 0x10, 0x78, 0x56, 0x34, 0x12, 0x05, 0x02, 0x00, 0x00};
    expect_decode_error(0x10, 9, UP, f9, sizeof f9, GDW13761_E_SHORT);
    /* AFN09 F1 cut in the middle. */
    static const uint8_t v1[] = {'T', 'X', 'Y', 'Z', '1', '2'};
    expect_decode_error(0x09, 1, UP, v1, sizeof v1, GDW13761_E_SHORT);

    /* Encoding a transparent forward whose frame_len disagrees with the frame. */
    uint8_t d[6 + sizeof read645] = {0x02, 0x6B, 0x82, 0x0A, (uint8_t)sizeof read645, 0x00};
    memcpy(d + 6, read645, sizeof read645);
    mdc_value *v = NULL;
    size_t used = 0;
    gdw13761_err err;
    const gdw_field *l = layout_of(0x10, 1, DN);
    assert_int_equal(gdw13761_unit_decode(l, d, sizeof d, &used, &arena, &v, &err), 0);
    mdc_value *len = (mdc_value *)mdc_v_get(v, "frame_len");
    assert_non_null(len);
    len->u.i = 19;
    uint8_t out[64];
    size_t written = 0;
    assert_int_equal(gdw13761_unit_encode(l, v, out, sizeof out, &written, &err), -1);
    assert_int_equal(err.code, GDW13761_E_COUNT);
    /* Output buffer too small. */
    len->u.i = 20;
    assert_int_equal(gdw13761_unit_encode(l, v, out, 10, &written, &err), -1);
    assert_int_equal(err.code, GDW13761_E_SPACE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_presence, setup),
        cmocka_unit_test_setup(test_login_logout_empty, setup),
        cmocka_unit_test_setup(test_heartbeat, setup),
        cmocka_unit_test_setup(test_confirm_login_f3, setup),
        cmocka_unit_test_setup(test_confirm_two_items, setup),
        cmocka_unit_test_setup(test_security_error_f4, setup),
        cmocka_unit_test_setup(test_time_set_f31, setup),
        cmocka_unit_test_setup(test_control_units, setup),
        cmocka_unit_test_setup(test_version_f1, setup),
        cmocka_unit_test_setup(test_ports_f2, setup),
        cmocka_unit_test_setup(test_supported_f4_f9_f10, setup),
        cmocka_unit_test_setup(test_supported_data_f6, setup),
        cmocka_unit_test_setup(test_file_transfer, setup),
        cmocka_unit_test_setup(test_transparent_f1, setup),
        cmocka_unit_test_setup(test_direct_read_f9, setup),
        cmocka_unit_test_setup(test_batch_task_f12_f13, setup),
        cmocka_unit_test_setup(test_notes_frames, setup),
        cmocka_unit_test_setup(test_errors, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
