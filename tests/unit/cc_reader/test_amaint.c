/* Auto-maintenance policy (cc/amaint.h): the three AFN05 F149 states as the
 * QLG-2/S manual words them, index/point allocation, updates, the 32-meter
 * port limit, F150 bytes, F13 records; F10 units checked byte by byte against
 * Table 31 and decoded with the catalogue's own layout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cc/amaint.h"
#include "dlt645/frame.h"
#include "gdw13761/catalog.h"
#include "gdw13761/layout.h"
#include "mdc/value.h"

#define ELEM AMAINT_F10_ELEM

static uint8_t list[AMAINT_F10_UNIT_MAX];
static size_t list_len;

static void addr_of(const char *s, uint8_t a[6])
{
    assert_int_equal(dlt645_addr_parse(s, a), DLT645_OK);
}

/* One F10 element as Table 31 lays it out, with a password and user class so
 * that an update can be seen to keep them. */
static void elem(uint8_t *e, unsigned index, unsigned point, unsigned code, unsigned port,
                 unsigned proto, const char *addr)
{
    memset(e, 0, ELEM);
    e[0] = (uint8_t)index;
    e[1] = (uint8_t)(index >> 8);
    e[2] = (uint8_t)point;
    e[3] = (uint8_t)(point >> 8);
    e[4] = (uint8_t)(code << 5 | port);
    e[5] = (uint8_t)proto;
    addr_of(addr, e + 6);
    memcpy(e + 12, "\x11\x22\x33\x00\x00\x00", 6); /* password */
    e[18] = 2;                                     /* tariffs */
    e[19] = 0x05;                                  /* 5 integer digits, 2 decimals */
    e[26] = 0x31;                                  /* user class 3/1 */
}

static void list_clear(void)
{
    list_len = 0;
}

static void list_add(unsigned index, unsigned point, unsigned code, unsigned port, unsigned proto,
                     const char *addr)
{
    uint8_t e[ELEM];
    elem(e, index, point, code, port, proto, addr);
    assert_int_equal(amaint_f10_merge(list, &list_len, sizeof list, e, 1), 0);
}

static amaint_found found(unsigned port, const char *addr, unsigned proto, uint32_t baud)
{
    amaint_found m;
    memset(&m, 0, sizeof m);
    m.port = (uint8_t)port;
    addr_of(addr, m.addr);
    m.protocol = (uint8_t)proto;
    m.baud = baud;
    return m;
}

static amaint_decision decide(uint8_t state, const amaint_found *m)
{
    amaint_decision d;
    assert_int_equal(amaint_decide(state, m, list, list_len, 2400, &d), 0);
    printf("  state %u: %s\n", state, d.why);
    return d;
}

/* Decodes an F10 unit with the catalogue's AFN04 F10 layout: it must use
 * every byte; returns the element i as an OBJECT. */
static uint8_t arena_buf[1 << 16];
static const mdc_value *f10_decoded(const uint8_t *p, size_t len, size_t i)
{
    static mdc_arena a;
    mdc_arena_init(&a, arena_buf, sizeof arena_buf);
    const gdw13761_fn *fn = gdw13761_cat_find(0x04, 10, GDW13761_DOWN);
    assert_non_null(fn);
    mdc_value *v = NULL;
    size_t used = 0;
    gdw13761_err err;
    if (gdw13761_unit_decode(fn->layout, p, len, &used, &a, &v, &err) != 0)
        fail_msg("F10 decode: %s", err.msg);
    assert_int_equal(used, len);
    const mdc_value *m = mdc_v_at(mdc_v_get(v, "meters"), i);
    assert_non_null(m);
    return m;
}

static int64_t num(const mdc_value *o, const char *key)
{
    int64_t x = -1;
    const mdc_value *v = mdc_v_get(o, key);
    if (v == NULL)
        fail_msg("no field %s", key);
    assert_true(mdc_v_int(v, &x));
    return x;
}

static void str_is(const mdc_value *o, const char *key, const char *want)
{
    const mdc_value *v = mdc_v_get(o, key);
    assert_non_null(v);
    assert_int_equal(v->kind, MDC_V_STR);
    assert_int_equal(v->u.str.len, strlen(want));
    assert_memory_equal(v->u.str.p, want, strlen(want));
}

/* "若自动维护状态为 01，则自动更新……（F10），但不更新 I 类数据 F13": a new
 * meter becomes F10 index 1 point 1, Table 31 byte by byte. */
static void test_state1_adds_f10_not_f13(void **state)
{
    (void)state;
    list_clear();
    amaint_found m = found(2, "000000000042", 30, 9600);
    amaint_decision d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_F10_ADD);
    assert_int_equal(d.index, 1);
    assert_int_equal(d.point, 1);
    static const uint8_t want[29] = {
        0x01, 0x00,                         /* count 1 */
        0x01, 0x00, 0x01, 0x00,             /* index 1, point 1 */
        0xC2,                               /* D7..D5 = 6 (9600), D4..D0 = port 2 */
        0x1E,                               /* protocol 30: DL/T 645-2007 */
        0x42, 0x00, 0x00, 0x00, 0x00, 0x00, /* address 000000000042, A0 first */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* password */
        0x04,                               /* 4 tariffs */
        0x09,                               /* 6 integer digits (code 2), 2 decimals (code 1) */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* collector 0: on the terminal's port */
        0x00,                               /* user class 0/0 */
    };
    assert_int_equal(d.f10_len, sizeof want);
    assert_memory_equal(d.f10, want, sizeof want);
    assert_int_equal(d.found.port, 0); /* no F13 record */
    const mdc_value *e = f10_decoded(d.f10, d.f10_len, 0);
    assert_int_equal(num(e, "index"), 1);
    assert_int_equal(num(e, "point"), 1);
    assert_int_equal(num(e, "port"), 2);
    assert_int_equal(num(e, "baud"), 6);
    assert_int_equal(num(e, "protocol"), 30);
    str_is(e, "addr", "000000000042");
    str_is(e, "collector_addr", "000000000000");
    assert_int_equal(num(e, "tariff_count"), 4);
    assert_int_equal(num(e, "int_digits_code"), 2);
    assert_int_equal(num(e, "dec_digits_code"), 1);
    /* a 1997 meter at 1200 on port 3: code 2, protocol 1 */
    m = found(3, "000000000043", 1, 1200);
    d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.f10[6], 2u << 5 | 3u);
    assert_int_equal(d.f10[7], 1);
}

/* "若自动维护状态为 02，则更新 I 类数据 F13，但不执行……更新……F10 及 F150": the
 * found meter is an F13 record, no F10 unit, no point. */
static void test_state2_records_f13_only(void **state)
{
    (void)state;
    list_clear();
    list_add(1, 1, 3, 2, 30, "000000000001");
    amaint_found m = found(2, "000000000042", 30, 2400);
    amaint_decision d = decide(AMAINT_REPORT_F13, &m);
    assert_int_equal(d.action, AMAINT_F13_RECORD);
    assert_int_equal(d.f10_len, 0);
    assert_int_equal(d.point, 0);
    assert_int_equal(d.index, 0);
    assert_int_equal(d.found.port, 2);
    assert_memory_equal(d.found.addr, m.addr, 6);
    assert_int_equal(d.found.protocol, 30);
    assert_int_equal(d.found.baud, 2400);
    /* a configured meter found with another rate: a record too (a change), F10 untouched */
    m = found(2, "000000000001", 30, 9600);
    d = decide(AMAINT_REPORT_F13, &m);
    assert_int_equal(d.action, AMAINT_F13_RECORD);
    assert_int_equal(d.f10_len, 0);
    /* the same meter as configured: no change, nothing to record */
    m = found(2, "000000000001", 30, 2400);
    d = decide(AMAINT_REPORT_F13, &m);
    assert_int_equal(d.action, AMAINT_NOTHING);
}

/* "00－关闭": nothing, whatever the list holds. */
static void test_state0_nothing(void **state)
{
    (void)state;
    list_clear();
    amaint_found m = found(2, "000000000042", 30, 2400);
    amaint_decision d = decide(AMAINT_OFF, &m);
    assert_int_equal(d.action, AMAINT_NOTHING);
    assert_int_equal(d.f10_len, 0);
    assert_int_equal(d.found.port, 0);
    assert_non_null(strstr(d.why, "off"));
    list_add(1, 1, 6, 2, 30, "000000000042");
    m.baud = 1200;
    d = decide(AMAINT_OFF, &m);
    assert_int_equal(d.action, AMAINT_NOTHING);
}

/* The lowest free index and point; a deleted element's (point 0) index is
 * free again, points used on other ports are not. */
static void test_allocation(void **state)
{
    (void)state;
    list_clear();
    list_add(1, 1, 3, 2, 30, "000000000001");
    list_add(2, 2, 3, 2, 30, "000000000002");
    list_add(3, 0, 3, 2, 30, "000000000003"); /* deleted */
    list_add(4, 3, 3, 3, 30, "000000000004"); /* port 3 */
    list_add(5, 6, 3, 2, 30, "000000000005");
    amaint_found m = found(2, "000000000099", 30, 2400);
    amaint_decision d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_F10_ADD);
    assert_int_equal(d.index, 3);
    assert_int_equal(d.point, 4);
    assert_int_equal(d.f10[2], 3); /* the unit carries them */
    assert_int_equal(d.f10[4], 4);
    /* written (merged as the store does), the next meter gets index 6, point 5 */
    assert_int_equal(amaint_f10_merge(list, &list_len, sizeof list, d.f10 + 2, 1), 0);
    assert_int_equal(list[0], 5); /* still 5 elements: index 3 replaced */
    m = found(2, "000000000098", 1, 2400);
    d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.index, 6);
    assert_int_equal(d.point, 5);
    /* the address of a deleted element is a new meter, not an update */
    list_clear();
    list_add(7, 0, 3, 2, 30, "000000000042");
    m = found(2, "000000000042", 30, 2400);
    d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_F10_ADD);
    assert_int_equal(d.index, 1);
    assert_int_equal(d.point, 1);
}

/* A configured meter found at another rate: its element, updated; password,
 * tariffs, digits and class kept; the F150 changed flag is its point. */
static void test_update_rate(void **state)
{
    (void)state;
    list_clear();
    list_add(1, 1, 3, 2, 30, "000000000001");
    list_add(9, 17, 3, 2, 30, "000000000042"); /* 2400 */
    amaint_found m = found(2, "000000000042", 30, 9600);
    amaint_decision d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_F10_UPDATE);
    assert_int_equal(d.index, 9);
    assert_int_equal(d.point, 17);
    uint8_t want[ELEM];
    elem(want, 9, 17, 6, 2, 30, "000000000042");
    assert_int_equal(d.f10_len, 2 + ELEM);
    assert_int_equal(d.f10[0], 1);
    assert_int_equal(d.f10[1], 0);
    assert_memory_equal(d.f10 + 2, want, ELEM);
    const mdc_value *e = f10_decoded(d.f10, d.f10_len, 0);
    assert_int_equal(num(e, "baud"), 6);
    assert_int_equal(num(e, "tariff_count"), 2);
    assert_int_equal(num(e, "user_major"), 3);
    /* another protocol: updated too */
    m = found(2, "000000000042", 1, 2400);
    d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_F10_UPDATE);
    assert_int_equal(d.f10[2 + 5], 1);
    assert_int_equal(d.f10[2 + 4], 3u << 5 | 2u);
    /* found on port 3: moved there */
    m = found(3, "000000000042", 30, 2400);
    d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_F10_UPDATE);
    assert_int_equal(d.f10[2 + 4], 3u << 5 | 3u);
    /* exactly as configured: nothing */
    m = found(2, "000000000042", 30, 2400);
    d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_NOTHING);
    assert_int_equal(d.f10_len, 0);
}

/* Rate code 0 = the port's default rate: found at the default, no change;
 * found at another rate, the explicit code is written. */
static void test_default_rate(void **state)
{
    (void)state;
    list_clear();
    list_add(1, 1, 0, 2, 30, "000000000042");
    amaint_found m = found(2, "000000000042", 30, 2400);
    amaint_decision d;
    assert_int_equal(amaint_decide(1, &m, list, list_len, 2400, &d), 0);
    assert_int_equal(d.action, AMAINT_NOTHING);
    assert_int_equal(amaint_decide(1, &m, list, list_len, 0, &d), 0); /* 0: 2400 */
    assert_int_equal(d.action, AMAINT_NOTHING);
    assert_int_equal(amaint_decide(1, &m, list, list_len, 9600, &d), 0);
    assert_int_equal(d.action, AMAINT_F10_UPDATE);
    assert_int_equal(d.f10[2 + 4], 3u << 5 | 2u);
}

/* The master's "do not read" (protocol 0) is respected. */
static void test_protocol0_left_alone(void **state)
{
    (void)state;
    list_clear();
    list_add(4, 4, 3, 2, 0, "000000000042");
    amaint_found m = found(2, "000000000042", 30, 9600);
    amaint_decision d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_NOTHING);
    assert_non_null(strstr(d.why, "protocol 0"));
}

/* 32 meters on a port: a 33rd is refused (state 1) with the reason; another
 * port still takes it; state 2 still records it; a move into the full port
 * is refused. */
static void test_port_limit(void **state)
{
    (void)state;
    list_clear();
    char a[13];
    for (unsigned i = 1; i <= 32; i++) {
        snprintf(a, sizeof a, "0000000001%02u", i % 100);
        list_add(i, i, 3, 2, 30, a);
    }
    list_add(40, 40, 3, 3, 30, "000000000777"); /* port 3 */
    amaint_found m = found(2, "000000000042", 30, 2400);
    amaint_decision d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_REFUSED);
    assert_int_equal(d.f10_len, 0);
    assert_non_null(strstr(d.why, "32 meters"));
    assert_non_null(strstr(d.why, "not added"));
    d = decide(AMAINT_REPORT_F13, &m);
    assert_int_equal(d.action, AMAINT_F13_RECORD);
    m.port = 3;
    d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_F10_ADD);
    assert_int_equal(d.index, 33);
    assert_int_equal(d.point, 33);
    /* the port-3 meter found on port 2: not moved */
    m = found(2, "000000000777", 30, 2400);
    d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_REFUSED);
    assert_non_null(strstr(d.why, "not moved"));
    /* a rate change of a meter already on the full port is fine */
    m = found(2, "000000000105", 30, 9600);
    d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_F10_UPDATE);
    assert_int_equal(d.index, 5);
}

/* Every index in use (2040 elements; here protocol 0, "not read", so that
 * no port is over its 32 meters): refused, said why; a deleted element frees
 * its index and point. */
static void test_no_free_index(void **state)
{
    (void)state;
    list_clear();
    static uint8_t elems[2040 * ELEM];
    char a[13];
    for (unsigned i = 1; i <= 2040; i++) {
        snprintf(a, sizeof a, "00000001%04u", i);
        elem(elems + (i - 1) * ELEM, i, i, 3, 2, 0, a);
    }
    assert_int_equal(amaint_f10_merge(list, &list_len, sizeof list, elems, 2040), 0);
    assert_int_equal(list_len, AMAINT_F10_UNIT_MAX);
    amaint_found m = found(2, "000000000042", 30, 2400);
    amaint_decision d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_REFUSED);
    assert_non_null(strstr(d.why, "every F10 index 1..2040 is in use"));
    uint8_t *e = list + 2 + 99 * ELEM; /* index 100: deleted */
    e[2] = e[3] = 0;
    d = decide(AMAINT_UPDATE_F10, &m);
    assert_int_equal(d.action, AMAINT_F10_ADD);
    assert_int_equal(d.index, 100);
    assert_int_equal(d.point, 100);
}

static void test_f150(void **state)
{
    (void)state;
    list_clear();
    list_add(1, 1, 3, 2, 30, "000000000001");
    list_add(2, 2, 3, 2, 30, "000000000002");
    list_add(3, 9, 3, 2, 30, "000000000003");
    list_add(4, 0, 3, 2, 30, "000000000004"); /* deleted: not valid */
    list_add(5, 2040, 3, 3, 30, "000000000005");
    uint8_t old[512], out[512], want[512];
    memset(old, 0xFF, 256); /* stale valid bits: rebuilt from F10 */
    memset(old + 256, 0, 256);
    old[256 + 0] = 0x20; /* point 5 changed earlier */
    static const uint16_t changed[] = {9};
    assert_int_equal(amaint_f150_build(list, list_len, old, sizeof old, changed, 1, out), 0);
    memset(want, 0, sizeof want);
    want[0] = 0x06;       /* D1, D2: points 1, 2 (D0 = point 0 never) */
    want[1] = 0x02;       /* D9: point 9 */
    want[255] = 0x01;     /* D2040: point 2040 */
    want[256 + 0] = 0x20; /* kept: point 5 */
    want[256 + 1] = 0x02; /* new: point 9 */
    assert_memory_equal(out, want, 512);
    /* decodes with the catalogue layout (512 bytes) */
    const gdw13761_fn *fn = gdw13761_cat_find(0x04, 150, GDW13761_DOWN);
    assert_non_null(fn);
    assert_int_equal(gdw13761_unit_fixed_len(fn->layout), 512);
    /* AFN05 F150 reset: no old, nothing changed -> only the valid bits */
    assert_int_equal(amaint_f150_build(list, list_len, NULL, 0, NULL, 0, out), 0);
    memset(want + 256, 0, 256);
    assert_memory_equal(out, want, 512);
    /* empty F10: all zero */
    assert_int_equal(amaint_f150_build(NULL, 0, NULL, 0, NULL, 0, out), 0);
    memset(want, 0, sizeof want);
    assert_memory_equal(out, want, 512);
    /* errors leave out untouched */
    memset(out, 0x5A, sizeof out);
    static const uint16_t too_big[] = {2041};
    assert_int_equal(amaint_f150_build(list, list_len, NULL, 0, too_big, 1, out), -1);
    assert_int_equal(amaint_f150_build(list, list_len, old, 511, NULL, 0, out), -1);
    assert_int_equal(amaint_f150_build(list, list_len - 1, NULL, 0, NULL, 0, out), -1);
    assert_int_equal(out[0], 0x5A);
}

/* A search's worth: three meters found in a row (state 1), each decision
 * merged before the next, then F150 from the list with the changed points. */
static void test_flow(void **state)
{
    (void)state;
    list_clear();
    list_add(1, 1, 3, 2, 30, "000000000001");
    static const char *const addrs[] = {"000000000001", "000000000002", "000000000003"};
    static const uint32_t bauds[] = {9600, 2400, 2400};
    uint16_t changed[3];
    size_t nch = 0;
    for (size_t i = 0; i < 3; i++) {
        amaint_found m = found(2, addrs[i], 30, bauds[i]);
        amaint_decision d = decide(AMAINT_UPDATE_F10, &m);
        assert_true(d.action == AMAINT_F10_ADD || d.action == AMAINT_F10_UPDATE);
        assert_int_equal(amaint_f10_merge(list, &list_len, sizeof list, d.f10 + 2, 1), 0);
        changed[nch++] = d.point;
    }
    assert_int_equal(list_len, 2 + 3 * ELEM);
    assert_int_equal(changed[0], 1);
    assert_int_equal(changed[1], 2);
    assert_int_equal(changed[2], 3);
    uint8_t out[512];
    assert_int_equal(amaint_f150_build(list, list_len, NULL, 0, changed, nch, out), 0);
    assert_int_equal(out[0], 0x0E);
    assert_int_equal(out[256], 0x0E);
    /* the whole list decodes, in index order */
    const mdc_value *e = f10_decoded(list, list_len, 2);
    assert_int_equal(num(e, "index"), 3);
    str_is(e, "addr", "000000000003");
}

static void test_merge(void **state)
{
    (void)state;
    uint8_t buf[2 + 3 * ELEM], e[ELEM];
    size_t len = 0;
    elem(e, 5, 5, 3, 2, 30, "000000000005");
    assert_int_equal(amaint_f10_merge(buf, &len, sizeof buf, e, 1), 0);
    elem(e, 2, 2, 3, 2, 30, "000000000002");
    assert_int_equal(amaint_f10_merge(buf, &len, sizeof buf, e, 1), 0);
    elem(e, 9, 9, 3, 2, 30, "000000000009");
    assert_int_equal(amaint_f10_merge(buf, &len, sizeof buf, e, 1), 0);
    assert_int_equal(len, sizeof buf);
    assert_int_equal(buf[0], 3);
    assert_int_equal(buf[2], 2); /* index order */
    assert_int_equal(buf[2 + ELEM], 5);
    assert_int_equal(buf[2 + 2 * ELEM], 9);
    /* replace index 5 in place: fits although the buffer is full */
    elem(e, 5, 7, 6, 3, 1, "000000000055");
    assert_int_equal(amaint_f10_merge(buf, &len, sizeof buf, e, 1), 0);
    assert_int_equal(buf[0], 3);
    assert_memory_equal(buf + 2 + ELEM, e, ELEM);
    /* a fourth does not fit: nothing changed */
    uint8_t copy[sizeof buf];
    memcpy(copy, buf, sizeof buf);
    elem(e, 1, 1, 3, 2, 30, "000000000001");
    assert_int_equal(amaint_f10_merge(buf, &len, sizeof buf, e, 1), -1);
    assert_memory_equal(buf, copy, sizeof buf);
    assert_int_equal(len, sizeof buf);
    /* malformed list, index 0 */
    size_t bad = 5;
    assert_int_equal(amaint_f10_merge(buf, &bad, sizeof buf, e, 1), -1);
    elem(e, 0, 1, 3, 2, 30, "000000000001");
    assert_int_equal(amaint_f10_merge(buf, &len, sizeof buf, e, 1), -1);
}

/* Bad input: -1 and a reason. */
static void test_errors(void **state)
{
    (void)state;
    list_clear();
    amaint_decision d;
    amaint_found m = found(2, "000000000042", 30, 2400);
    assert_int_equal(amaint_decide(3, &m, NULL, 0, 2400, &d), -1);
    assert_non_null(strstr(d.why, "state 3"));
    m.port = 0;
    assert_int_equal(amaint_decide(1, &m, NULL, 0, 2400, &d), -1);
    assert_non_null(strstr(d.why, "port 0"));
    m.port = 32;
    assert_int_equal(amaint_decide(1, &m, NULL, 0, 2400, &d), -1);
    m.port = 2;
    m.protocol = 2;
    assert_int_equal(amaint_decide(1, &m, NULL, 0, 2400, &d), -1);
    assert_non_null(strstr(d.why, "protocol 2"));
    m.protocol = 30;
    m.baud = 300;
    assert_int_equal(amaint_decide(1, &m, NULL, 0, 2400, &d), -1);
    assert_non_null(strstr(d.why, "300"));
    m.baud = 2400;
    m.addr[3] = 0xAA;
    assert_int_equal(amaint_decide(1, &m, NULL, 0, 2400, &d), -1);
    assert_non_null(strstr(d.why, "BCD"));
    m.addr[3] = 0;
    list_add(1, 1, 3, 2, 30, "000000000001");
    assert_int_equal(amaint_decide(1, &m, list, list_len - 1, 2400, &d), -1);
    assert_non_null(strstr(d.why, "count 1 needs 29 bytes, 28 given"));
    assert_int_equal(amaint_decide(1, &m, list, 1, 2400, &d), -1);
    list[4] = 0xF9; /* point 2041 */
    list[5] = 0x07;
    assert_int_equal(amaint_decide(1, &m, list, list_len, 2400, &d), -1);
    assert_non_null(strstr(d.why, "2041"));
    assert_int_equal(amaint_decide(1, NULL, NULL, 0, 2400, &d), -1);
    assert_int_equal(amaint_decide(1, &m, NULL, 0, 2400, NULL), -1);
}

static void test_f13_entry_and_rates(void **state)
{
    (void)state;
    amaint_found m = found(2, "123456789012", 1, 1200);
    uint8_t out[AMAINT_F13_ENTRY];
    amaint_f13_entry(&m, out);
    static const uint8_t want[13] = {0x12, 0x90, 0x78, 0x56, 0x34, 0x12, 0x01,
                                     0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    assert_memory_equal(out, want, sizeof want);
    /* an AFN0C F13 unit made of it decodes with the catalogue */
    uint8_t unit[4 + 13] = {1, 0, 1, 0};
    memcpy(unit + 4, out, 13);
    const gdw13761_fn *fn = gdw13761_cat_find(0x0C, 13, GDW13761_UP);
    assert_non_null(fn);
    static uint8_t buf[4096];
    mdc_arena a;
    mdc_arena_init(&a, buf, sizeof buf);
    mdc_value *v = NULL;
    size_t used = 0;
    gdw13761_err err;
    assert_int_equal(gdw13761_unit_decode(fn->layout, unit, sizeof unit, &used, &a, &v, &err), 0);
    assert_int_equal(used, sizeof unit);
    const mdc_value *r = mdc_v_at(mdc_v_get(v, "meters"), 0);
    str_is(r, "addr", "123456789012");
    assert_int_equal(num(r, "protocol"), 1);
    static const uint32_t rates[] = {600, 1200, 2400, 4800, 7200, 9600, 19200};
    for (uint8_t c = 1; c <= 7; c++) {
        assert_int_equal(amaint_baud_code(rates[c - 1]), c);
        assert_int_equal(amaint_baud_of_code(c, 1), rates[c - 1]);
    }
    assert_int_equal(amaint_baud_code(300), 0);
    assert_int_equal(amaint_baud_code(0), 0);
    assert_int_equal(amaint_baud_of_code(0, 2400), 2400);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state1_adds_f10_not_f13),
        cmocka_unit_test(test_state2_records_f13_only),
        cmocka_unit_test(test_state0_nothing),
        cmocka_unit_test(test_allocation),
        cmocka_unit_test(test_update_rate),
        cmocka_unit_test(test_default_rate),
        cmocka_unit_test(test_protocol0_left_alone),
        cmocka_unit_test(test_port_limit),
        cmocka_unit_test(test_no_free_index),
        cmocka_unit_test(test_f150),
        cmocka_unit_test(test_flow),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_f13_entry_and_rates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
