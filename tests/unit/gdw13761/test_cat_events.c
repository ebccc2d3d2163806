/* AFN0E (class 3 data, events) catalogue rows: event records written out by
 * hand from Q/GDW 1376.1-2013 §5.14 (Tables 351..396) and one live capture
 * (notes §1.10 row 5), decoded through the catalogue, checked value by value
 * and encoded back to the same bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gdw13761/catalog.h"
#include "gdw13761/layout.h"
#include "gdw13761/msg.h"
#include "mdc/hex.h"
#include "mdc/mtime.h"
#include "mdc/value.h"

static uint8_t arena_buf[1 << 16];
static mdc_arena arena;
static uint8_t in[512];
static size_t in_len;

static const gdw_field *layout_of(uint16_t fn, uint8_t dir)
{
    const gdw13761_fn *r = gdw13761_cat_find(0x0E, fn, dir);
    assert_non_null(r);
    return r->layout;
}

/* Decodes hex as the data unit of AFN0E fn in direction dir; asserts success,
 * that every byte was used and that encoding gives the same bytes back. */
static const mdc_value *decode_ok(uint16_t fn, uint8_t dir, const char *hex)
{
    size_t bad = 0;
    long n = mdc_hex_parse(hex, in, sizeof in, &bad);
    assert_true(n > 0);
    in_len = (size_t)n;
    mdc_arena_init(&arena, arena_buf, sizeof arena_buf);
    const gdw_field *l = layout_of(fn, dir);
    mdc_value *v = NULL;
    size_t used = 0;
    gdw13761_err err;
    memset(&err, 0, sizeof err);
    int rc = gdw13761_unit_decode(l, in, in_len, &used, &arena, &v, &err);
    if (rc != 0)
        print_error("decode: %s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_non_null(v);
    assert_int_equal(used, in_len);

    uint8_t out[512];
    size_t written = 0;
    rc = gdw13761_unit_encode(l, v, out, sizeof out, &written, &err);
    if (rc != 0)
        print_error("encode: %s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(written, in_len);
    assert_memory_equal(out, in, in_len);
    return v;
}

/* Decodes an F1 UP unit that must fail; returns the error. */
static gdw13761_err decode_fail(const char *hex)
{
    size_t bad = 0;
    long n = mdc_hex_parse(hex, in, sizeof in, &bad);
    assert_true(n > 0);
    mdc_arena_init(&arena, arena_buf, sizeof arena_buf);
    mdc_value *v = NULL;
    size_t used = 0;
    gdw13761_err err;
    memset(&err, 0, sizeof err);
    int rc =
        gdw13761_unit_decode(layout_of(1, GDW13761_UP), in, (size_t)n, &used, &arena, &v, &err);
    assert_int_equal(rc, -1);
    assert_int_not_equal(err.code, GDW13761_OK);
    assert_true(err.msg[0] != '\0');
    return err;
}

static const mdc_value *member(const mdc_value *obj, const char *key)
{
    const mdc_value *m = mdc_v_get(obj, key);
    if (!m)
        print_error("no member \"%s\"\n", key);
    assert_non_null(m);
    return m;
}

static int64_t int_of(const mdc_value *obj, const char *key)
{
    int64_t i = 0;
    assert_true(mdc_v_int(member(obj, key), &i));
    return i;
}

static int64_t mant_of(const mdc_value *obj, const char *key, uint8_t scale)
{
    int64_t m = 0;
    assert_true(mdc_v_mant(member(obj, key), scale, &m));
    return m;
}

static void assert_time(const mdc_value *obj, const char *key, const char *iso)
{
    const mdc_value *t = member(obj, key);
    assert_int_equal(t->kind, MDC_V_TIME);
    char buf[40];
    assert_true(mdc_tm_format_iso(&t->u.tm, buf, sizeof buf) > 0);
    assert_string_equal(buf, iso);
}

static void assert_bytes(const mdc_value *v, mdc_vkind kind, const char *hex)
{
    uint8_t want[64];
    size_t bad = 0;
    long n = mdc_hex_parse(hex, want, sizeof want, &bad);
    assert_true(n >= 0);
    assert_int_equal(v->kind, kind);
    assert_int_equal(v->u.bytes.len, (size_t)n);
    assert_memory_equal(v->u.bytes.p, want, (size_t)n);
}

static void assert_str(const mdc_value *obj, const char *key, const char *s)
{
    const mdc_value *v = member(obj, key);
    assert_int_equal(v->kind, MDC_V_STR);
    assert_int_equal(v->u.str.len, strlen(s));
    assert_memory_equal(v->u.str.p, s, strlen(s));
}

/* Record i of an F1/F2 UP unit. */
static const mdc_value *record(const mdc_value *unit, size_t i)
{
    const mdc_value *recs = member(unit, "records");
    assert_int_equal(recs->kind, MDC_V_ARRAY);
    const mdc_value *r = mdc_v_at(recs, i);
    assert_non_null(r);
    return r;
}

/* Decodes one record behind a fixed header EC1=1 EC2=2 Pm=3 Pn=4 and returns
 * the record (checking its ERC). */
static const mdc_value *one_record(const char *rec_hex, int64_t erc)
{
    char hex[1024];
    snprintf(hex, sizeof hex, "01 02 03 04 %s", rec_hex);
    const mdc_value *u = decode_ok(1, GDW13761_UP, hex);
    assert_int_equal(member(u, "records")->u.list.n, 1);
    const mdc_value *r = record(u, 0);
    assert_int_equal(int_of(r, "erc"), erc);
    assert_null(mdc_v_get(r, "rest")); /* Le matches the table exactly */
    return r;
}

/* ---- the rows ---- */

static void test_rows_present(void **state)
{
    (void)state;
    for (uint16_t fn = 1; fn <= 2; fn++) {
        for (uint8_t dir = GDW13761_DOWN; dir <= GDW13761_UP; dir++) {
            const gdw13761_fn *r = gdw13761_cat_find(0x0E, fn, dir);
            assert_non_null(r);
            assert_int_equal(r->pn, GDW13761_PN_P0);
            assert_non_null(r->name);
            assert_non_null(r->layout);
        }
    }
    assert_string_equal(gdw13761_cat_find(0x0E, 1, GDW13761_UP)->name_zh, "请求重要事件");
    assert_string_equal(gdw13761_cat_find(0x0E, 2, GDW13761_DOWN)->name_zh, "请求一般事件");
    /* Table 350: F3..F248 spare; F3 "events by ERC" is the project's extension
     * (docs/events.md), F4.. stay spare. */
    for (uint8_t dir = GDW13761_DOWN; dir <= GDW13761_UP; dir++) {
        const gdw13761_fn *r = gdw13761_cat_find(0x0E, 3, dir);
        assert_non_null(r);
        assert_int_equal(r->pn, GDW13761_PN_P0);
        assert_null(gdw13761_cat_find(0x0E, 4, dir));
    }
}

static void test_request_pointers(void **state)
{
    (void)state;
    /* Table 351: Pm = 250, Pn = 4 (Y = 256 + 4 - 250 = 10 records). */
    const mdc_value *v = decode_ok(2, GDW13761_DOWN, "FA 04");
    assert_int_equal(int_of(v, "pm"), 250);
    assert_int_equal(int_of(v, "pn"), 4);
    assert_int_equal(gdw13761_unit_fixed_len(layout_of(1, GDW13761_DOWN)), 2);
}

/* ---- single records ---- */

static void test_erc1(void **state)
{
    (void)state;
    /* 2024-03-15 10:00, init + version change, "V1.0" -> "V2.0"; Le 14. */
    const mdc_value *r = one_record("01 0E 00 10 15 03 24 03 56 31 2E 30 56 32 2E 30", 1);
    assert_int_equal(int_of(r, "le"), 14);
    const mdc_value *d = member(r, "data");
    assert_time(d, "time", "2024-03-15T10:00");
    assert_int_equal(int_of(d, "init"), 1);
    assert_int_equal(int_of(d, "version_change"), 1);
    assert_str(d, "old_version", "V1.0");
    assert_str(d, "new_version", "V2.0");
    assert_null(mdc_v_get(r, "rest"));
}

static void test_erc3_two_dadt(void **state)
{
    (void)state;
    /* 2024-03-15 10:01 by MSA 5; changed p0 F1 (00 00 01 00) and p1 F10
     * (01 01 02 01); Le = 5 + 1 + 8 = 14. */
    const mdc_value *r = one_record("03 0E 01 10 15 03 24 05 00 00 01 00 01 01 02 01", 3);
    const mdc_value *d = member(r, "data");
    assert_time(d, "time", "2024-03-15T10:01");
    assert_int_equal(int_of(d, "msa"), 5);
    const mdc_value *ch = member(d, "changed");
    assert_int_equal(ch->kind, MDC_V_ARRAY);
    assert_int_equal(ch->u.list.n, 2);
    const mdc_value *a = mdc_v_at(ch, 0), *b = mdc_v_at(ch, 1);
    int64_t i = 0;
    assert_true(mdc_v_int(mdc_v_at(member(a, "pn"), 0), &i));
    assert_int_equal(i, 0);
    assert_true(mdc_v_int(mdc_v_at(member(a, "fn"), 0), &i));
    assert_int_equal(i, 1);
    assert_true(mdc_v_int(mdc_v_at(member(b, "pn"), 0), &i));
    assert_int_equal(i, 1);
    assert_true(mdc_v_int(mdc_v_at(member(b, "fn"), 0), &i));
    assert_int_equal(i, 10);
}

static void test_erc14_standard(void **state)
{
    (void)state;
    /* Table 368: power off 2024-02-01 08:30, on 09:45; Le 10. */
    const mdc_value *r = one_record("0E 0A 30 08 01 02 24 45 09 01 02 24", 14);
    const mdc_value *d = member(r, "data");
    assert_time(d, "power_off", "2024-02-01T08:30");
    assert_time(d, "power_on", "2024-02-01T09:45");
    assert_int_equal(member(d, "flags")->u.list.n, 0);
}

static void test_erc14_live_le11(void **state)
{
    (void)state;
    /* The live AFN0E F1 report (notes §1.10 row 5): EC1 28, EC2 4, Pm 27,
     * Pn 28, ERC14 with Le 11 = flag 01, off 2019-07-04 15:18, on 16:53. */
    const mdc_value *u =
        decode_ok(1, GDW13761_UP, "1C 04 1B 1C 0E 0B 01 18 15 04 07 19 53 16 04 07 19");
    assert_int_equal(int_of(u, "ec1"), 28);
    assert_int_equal(int_of(u, "ec2"), 4);
    assert_int_equal(int_of(u, "pm"), 27);
    assert_int_equal(int_of(u, "pn"), 28);
    const mdc_value *r = record(u, 0);
    assert_int_equal(int_of(r, "erc"), 14);
    assert_int_equal(int_of(r, "le"), 11);
    const mdc_value *d = member(r, "data");
    assert_int_equal(member(d, "flags")->u.list.n, 1);
    assert_bytes(mdc_v_at(member(d, "flags"), 0), MDC_V_BYTES, "01");
    assert_time(d, "power_off", "2019-07-04T15:18");
    assert_time(d, "power_on", "2019-07-04T16:53");
}

static void test_live_frame_end_to_end(void **state)
{
    (void)state;
    /* The whole captured frame (notes §1.10 row 5) through the message layer
     * and this catalogue row, and back to the same bytes. */
    static const char hex[] = "68 76 00 76 00 68 C4 49 24 45 58 02 0E 60 00 00 01 00 "
                              "1C 04 1B 1C 0E 0B 01 18 15 04 07 19 53 16 04 07 19 8E 16";
    uint8_t frame[64], out[64];
    size_t bad = 0, written = 0;
    long n = mdc_hex_parse(hex, frame, sizeof frame, &bad);
    assert_true(n > 0);
    mdc_arena_init(&arena, arena_buf, sizeof arena_buf);
    gdw13761_msg m;
    gdw13761_unit units[4];
    gdw13761_err err;
    int rc = gdw13761_msg_decode(frame, (size_t)n, &m, units, 4, &arena, &err);
    if (rc != 0)
        print_error("decode: %s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(m.nunits, 1);
    assert_int_equal(units[0].fn, 1);
    assert_int_equal(units[0].pn, 0);
    assert_non_null(units[0].row);
    assert_int_equal(units[0].row->afn, 0x0E);
    assert_int_equal(units[0].row->dir, GDW13761_UP);
    const mdc_value *r = record(units[0].value, 0);
    assert_int_equal(int_of(r, "erc"), 14);
    assert_time(member(r, "data"), "power_on", "2019-07-04T16:53");
    rc = gdw13761_msg_encode(&m.frame, units, m.nunits, out, sizeof out, &written, &err);
    if (rc != 0)
        print_error("encode: %s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(written, (size_t)n);
    assert_memory_equal(out, frame, written);
}

static void test_erc14_invalid_bcd(void **state)
{
    (void)state;
    /* Field terminals send power-off times that are not BCD (month 8A):
     * kept as INVALID, the record and its neighbour still decode. */
    const mdc_value *u = decode_ok(1, GDW13761_UP,
                                   "00 00 00 02 0E 0A 30 08 01 8A 24 45 09 01 02 24 15 06 "
                                   "00 12 01 04 24 02");
    const mdc_value *d = member(record(u, 0), "data");
    assert_bytes(member(d, "power_off"), MDC_V_INVALID, "30 08 01 8A 24");
    assert_time(d, "power_on", "2024-02-01T09:45");
    const mdc_value *r1 = record(u, 1);
    assert_int_equal(int_of(r1, "erc"), 21);
    assert_int_equal(int_of(member(r1, "data"), "fault"), 2);
}

static void test_erc14_le_short(void **state)
{
    (void)state;
    /* Le 9 cannot hold the two times. */
    gdw13761_err e = decode_fail("01 00 00 01 0E 09 30 08 01 02 24 45 09 01 02");
    assert_int_equal(e.code, GDW13761_E_COUNT);
    assert_non_null(strstr(e.msg, "records[0].data("));
    assert_non_null(strstr(e.msg, "ERC14"));
    assert_non_null(strstr(e.msg, ").flags"));
}

static void test_erc14_encode_without_le(void **state)
{
    (void)state;
    /* A value built by hand without "le": the encoder counts it (10 with no
     * flag bytes, 11 with one). */
    mdc_arena_init(&arena, arena_buf, sizeof arena_buf);
    mdc_value *u = mdc_v_add_obj(&arena, NULL, NULL);
    mdc_v_add_int(&arena, u, "ec1", 1, NULL);
    mdc_v_add_int(&arena, u, "ec2", 0, NULL);
    mdc_v_add_int(&arena, u, "pm", 0, NULL);
    mdc_v_add_int(&arena, u, "pn", 1, NULL);
    mdc_value *recs = mdc_v_add_arr(&arena, u, "records");
    mdc_tm off = {.year = 2024,
                  .mon = 2,
                  .day = 1,
                  .hour = 8,
                  .min = 30,
                  .fields = MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN};
    mdc_tm on = off;
    on.hour = 9;
    on.min = 45;
    for (int with_flag = 0; with_flag <= 1; with_flag++) {
        mdc_value *r = mdc_v_add_obj(&arena, recs, NULL);
        mdc_v_add_int(&arena, r, "erc", 14, NULL);
        mdc_value *d = mdc_v_add_obj(&arena, r, "data");
        mdc_value *fl = mdc_v_add_arr(&arena, d, "flags");
        if (with_flag)
            mdc_v_add_bytes(&arena, fl, NULL, MDC_V_BYTES, (const uint8_t *)"\x01", 1);
        mdc_v_add_time(&arena, d, "power_off", &off);
        mdc_v_add_time(&arena, d, "power_on", &on);
    }
    assert_false(arena.full);
    uint8_t out[64], want[64];
    size_t written = 0, bad = 0;
    gdw13761_err err;
    int rc = gdw13761_unit_encode(layout_of(1, GDW13761_UP), u, out, sizeof out, &written, &err);
    if (rc != 0)
        print_error("encode: %s\n", err.msg);
    assert_int_equal(rc, 0);
    long n = mdc_hex_parse("01 00 00 01 0E 0A 30 08 01 02 24 45 09 01 02 24 "
                           "0E 0B 01 30 08 01 02 24 45 09 01 02 24",
                           want, sizeof want, &bad);
    assert_int_equal(written, (size_t)n);
    assert_memory_equal(out, want, written);
}

static void test_erc15_both_kinds(void **state)
{
    (void)state;
    /* Table 369, D7 of the anomaly flag picks the value format. Record 1:
     * current (81: phase A, D7 = 1), over-limit on total and 2nd harmonic,
     * A.6 values total 12.34 A, 2nd 1.50 A, ..., 19th -0.25 A. Record 2:
     * voltage (02: phase B), A.5 total 3.5 %. Le = 5+2+1+3+38 = 49. */
    const mdc_value *u = decode_ok(1, GDW13761_UP,
                                   "00 00 00 02 "
                                   "0F 31 00 09 01 09 24 01 80 81 03 00 00 "
                                   "34 12 50 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                   "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 25 80 "
                                   "0F 31 00 09 01 09 24 02 00 02 01 00 00 "
                                   "35 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                   "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    assert_null(mdc_v_get(record(u, 0), "rest"));
    assert_null(mdc_v_get(record(u, 1), "rest"));
    const mdc_value *d = member(record(u, 0), "data");
    assert_int_equal(int_of(d, "pn"), 1);
    assert_int_equal(int_of(d, "occurred"), 1);
    assert_int_equal(int_of(d, "phase_a"), 1);
    assert_int_equal(int_of(d, "is_current"), 1);
    assert_bytes(member(d, "over_limit"), MDC_V_BYTES, "03 00 00");
    const mdc_value *vals = member(member(d, "harmonics"), "values");
    assert_int_equal(vals->u.list.n, 19);
    int64_t m = 0;
    assert_true(mdc_v_mant(mdc_v_at(vals, 0), 2, &m));
    assert_int_equal(m, 1234);
    assert_string_equal(mdc_v_at(vals, 0)->unit, "A");
    assert_true(mdc_v_mant(mdc_v_at(vals, 1), 2, &m));
    assert_int_equal(m, 150);
    assert_true(mdc_v_mant(mdc_v_at(vals, 18), 2, &m));
    assert_int_equal(m, -25);

    d = member(record(u, 1), "data");
    assert_int_equal(int_of(d, "is_current"), 0);
    assert_int_equal(int_of(d, "phase_b"), 1);
    vals = member(member(d, "harmonics"), "values");
    assert_true(mdc_v_mant(mdc_v_at(vals, 0), 1, &m));
    assert_int_equal(m, 35);
    assert_string_equal(mdc_v_at(vals, 0)->unit, "%");
}

static void test_erc22_two_lists(void **state)
{
    (void)state;
    /* Table 377: group 1 occurred; compared 1000 kWh, reference 980 kWh,
     * 2 %, 20 kWh; 2 compared readings (100, 200 kWh), 1 reference reading
     * (300 kWh). Le = 5+1+4+4+1+4+1+10+1+5 = 36. */
    const mdc_value *r = one_record("16 24 00 00 02 09 24 81 00 10 00 00 80 09 00 00 02 "
                                    "20 00 00 00 02 00 00 00 01 00 00 00 00 02 00 "
                                    "01 00 00 00 03 00",
                                    22);
    const mdc_value *d = member(r, "data");
    assert_int_equal(int_of(d, "diff_group"), 1);
    assert_int_equal(int_of(d, "occurred"), 1);
    assert_int_equal(int_of(d, "cmp_energy"), 1000);
    assert_int_equal(int_of(d, "ref_energy"), 980);
    assert_int_equal(int_of(d, "rel_dev"), 2);
    assert_int_equal(int_of(d, "abs_dev"), 20);
    const mdc_value *cmp = member(d, "cmp_readings"), *ref = member(d, "ref_readings");
    assert_int_equal(cmp->u.list.n, 2);
    assert_int_equal(ref->u.list.n, 1);
    int64_t m = 0;
    assert_true(mdc_v_mant(mdc_v_at(cmp, 1), 4, &m));
    assert_int_equal(m, 2000000);
    assert_true(mdc_v_mant(mdc_v_at(ref, 0), 4, &m));
    assert_int_equal(m, 3000000);
}

static void test_erc35_meters(void **state)
{
    (void)state;
    /* Table 390: port 2, two unknown meters: 000000000001 on phase A with
     * signal 15, DL/T 645-2007; 000000000002 on phase B, signal 5, 645-1997.
     * Le = 5+1+1+2*8 = 23. */
    const mdc_value *r = one_record("23 17 30 14 03 09 24 02 02 "
                                    "01 00 00 00 00 00 2F 01 02 00 00 00 00 00 45 00",
                                    35);
    const mdc_value *d = member(r, "data");
    assert_int_equal(int_of(d, "port"), 2);
    assert_int_equal(int_of(d, "meter_count"), 2);
    const mdc_value *ms = member(d, "meters");
    assert_int_equal(ms->u.list.n, 2);
    const mdc_value *m0 = mdc_v_at(ms, 0), *m1 = mdc_v_at(ms, 1);
    assert_str(m0, "addr", "000000000001");
    assert_int_equal(int_of(m0, "phase_a"), 1);
    assert_int_equal(int_of(m0, "phase_b"), 0);
    assert_int_equal(int_of(m0, "signal"), 15);
    assert_int_equal(int_of(m0, "protocol"), 1);
    assert_str(m1, "addr", "000000000002");
    assert_int_equal(int_of(m1, "phase_b"), 1);
    assert_int_equal(int_of(m1, "signal"), 5);
    assert_int_equal(int_of(m1, "protocol"), 0);
}

static void test_erc20(void **state)
{
    (void)state;
    /* Table 374: time, 16-byte PW, MSA; Le 22. */
    const mdc_value *r = one_record("14 16 05 11 20 06 24 "
                                    "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 07",
                                    20);
    const mdc_value *d = member(r, "data");
    assert_time(d, "time", "2024-06-20T11:05");
    assert_bytes(member(d, "pw"), MDC_V_BYTES, "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F");
    assert_int_equal(int_of(d, "msa"), 7);
}

static void test_erc31(void **state)
{
    (void)state;
    /* Table 386: 2024-05-02 00:15, occurred, pn 5; last success 2024-05-01
     * 23:45, 1234.5678 kWh, 567.89 kvarh; Le = 5 + 2 + 5 + 5 + 4 = 21. */
    const mdc_value *r =
        one_record("1F 15 15 00 02 05 24 05 80 45 23 01 05 24 78 56 34 12 00 89 67 05 00", 31);
    const mdc_value *d = member(r, "data");
    assert_time(d, "time", "2024-05-02T00:15");
    assert_int_equal(int_of(d, "pn"), 5);
    assert_int_equal(int_of(d, "occurred"), 1);
    assert_time(d, "last_ok", "2024-05-01T23:45");
    assert_int_equal(mant_of(d, "fwd_active", 4), 12345678);
    assert_string_equal(member(d, "fwd_active")->unit, "kWh");
    assert_int_equal(mant_of(d, "fwd_reactive", 2), 56789);
    assert_string_equal(member(d, "fwd_reactive")->unit, "kvarh");
}

static void test_erc33(void **state)
{
    (void)state;
    /* Table 388: time, pn 3, change flags 1..7, status words 1..7; Le 35.
     * Flag word 1 = 0x0004 (D2 changed), status word 1 = 0x0004. */
    const mdc_value *r = one_record("21 23 00 08 10 07 24 03 00 "
                                    "04 00 00 00 00 00 00 00 00 00 00 00 10 00 "
                                    "04 00 00 00 00 00 00 00 00 00 00 00 10 20",
                                    33);
    const mdc_value *d = member(r, "data");
    assert_time(d, "time", "2024-07-10T08:00");
    assert_int_equal(int_of(d, "pn"), 3);
    const mdc_value *ch = member(d, "changed"), *st = member(d, "status");
    assert_int_equal(ch->u.list.n, 7);
    assert_int_equal(st->u.list.n, 7);
    assert_bytes(mdc_v_at(ch, 0), MDC_V_BYTES, "04 00");
    assert_bytes(mdc_v_at(ch, 6), MDC_V_BYTES, "10 00");
    assert_bytes(mdc_v_at(st, 0), MDC_V_BYTES, "04 00");
    assert_bytes(mdc_v_at(st, 6), MDC_V_BYTES, "10 20");
}

static void test_erc37(void **state)
{
    (void)state;
    /* Table 392: time, pn 1, 12 openings (A.10 3 bytes), start/end (A.1,
     * Friday 2024-03-15: week 5 in D7..D5 of the month byte = A3), then six
     * energies before and six after (A.11); Le = 5+2+3+6+6+48 = 70. */
    const mdc_value *r = one_record("25 46 40 10 15 03 24 01 00 12 00 00 "
                                    "00 30 10 15 A3 24 00 35 10 15 A3 24 "
                                    "00 00 01 00 01 00 00 00 02 00 00 00 "
                                    "03 00 00 00 04 00 00 00 05 00 00 00 "
                                    "50 00 01 00 01 00 00 00 02 00 00 00 "
                                    "03 00 00 00 04 00 00 00 06 00 00 00",
                                    37);
    const mdc_value *d = member(r, "data");
    assert_time(d, "time", "2024-03-15T10:40");
    assert_int_equal(int_of(d, "pn"), 1);
    assert_int_equal(int_of(d, "count"), 12);
    const mdc_value *st = member(d, "start");
    assert_int_equal(st->kind, MDC_V_TIME);
    assert_int_equal(st->u.tm.year, 2024);
    assert_int_equal(st->u.tm.mon, 3);
    assert_int_equal(st->u.tm.day, 15);
    assert_int_equal(st->u.tm.hour, 10);
    assert_int_equal(st->u.tm.min, 30);
    assert_int_equal(member(d, "end")->u.tm.min, 35);
    const mdc_value *before = member(d, "before"), *after = member(d, "after");
    assert_int_equal(mant_of(before, "fwd_active", 2), 10000);
    assert_int_equal(mant_of(before, "rev_active", 2), 1);
    assert_int_equal(mant_of(before, "q4_reactive", 2), 5);
    assert_int_equal(mant_of(after, "fwd_active", 2), 10050);
    assert_int_equal(mant_of(after, "q4_reactive", 2), 6);
    assert_string_equal(member(after, "q1_reactive")->unit, "kvarh");
}

static void test_erc40(void **state)
{
    (void)state;
    /* Table 395: time, occurred at pn 2, device 02 (meter) at address
     * 000000123456, anomaly 1 (power frequency); Le 15. */
    const mdc_value *r = one_record("28 0F 20 13 01 08 24 02 80 02 56 34 12 00 00 00 01", 40);
    const mdc_value *d = member(r, "data");
    assert_time(d, "time", "2024-08-01T13:20");
    assert_int_equal(int_of(d, "pn"), 2);
    assert_int_equal(int_of(d, "occurred"), 1);
    assert_int_equal(int_of(d, "device_type"), 2);
    assert_str(d, "device_addr", "000000123456");
    assert_int_equal(int_of(d, "anomaly"), 1);
}

static void test_erc41(void **state)
{
    (void)state;
    /* Table 396: pn 0 (the terminal), before Sat 2024-03-16 08:00:05 (week 6:
     * C3), after 08:00:00; no A.15 time; Le 14. */
    const mdc_value *r = one_record("29 0E 00 00 05 00 08 16 C3 24 00 00 08 16 C3 24", 41);
    const mdc_value *d = member(r, "data");
    assert_int_equal(int_of(d, "pn"), 0);
    const mdc_value *b = member(d, "before"), *a = member(d, "after");
    assert_int_equal(b->kind, MDC_V_TIME);
    assert_int_equal(b->u.tm.sec, 5);
    assert_int_equal(b->u.tm.day, 16);
    assert_int_equal(a->u.tm.sec, 0);
    assert_int_equal(a->u.tm.hour, 8);
    assert_null(mdc_v_get(d, "time"));
}

static void test_unknown_erc_skipped(void **state)
{
    (void)state;
    /* ERC60 (spare) with Le 3: raw bytes, then the next record decodes. */
    const mdc_value *u = decode_ok(2, GDW13761_UP,
                                   "00 05 00 02 3C 03 AA BB CC 15 06 "
                                   "00 12 01 04 24 06");
    const mdc_value *r0 = record(u, 0);
    assert_int_equal(int_of(r0, "erc"), 60);
    assert_int_equal(int_of(r0, "le"), 3);
    assert_bytes(member(r0, "data"), MDC_V_BYTES, "AA BB CC");
    const mdc_value *r1 = record(u, 1);
    assert_int_equal(int_of(r1, "erc"), 21);
    assert_time(member(r1, "data"), "time", "2024-04-01T12:00");
    assert_int_equal(int_of(member(r1, "data"), "fault"), 6);
}

static void test_f1_three_records(void **state)
{
    (void)state;
    /* EC1 3, EC2 0, Pm 0, Pn 3: ERC3 (one DADT), ERC14 (Le 10), ERC41. */
    const mdc_value *u = decode_ok(1, GDW13761_UP,
                                   "03 00 00 03 "
                                   "03 0A 01 10 15 03 24 00 00 00 01 00 "
                                   "0E 0A 30 08 01 02 24 45 09 01 02 24 "
                                   "29 0E 01 00 05 00 08 16 C3 24 00 00 08 16 C3 24");
    assert_int_equal(int_of(u, "ec1"), 3);
    assert_int_equal(int_of(u, "pn"), 3);
    assert_int_equal(member(u, "records")->u.list.n, 3);
    assert_int_equal(int_of(record(u, 0), "erc"), 3);
    assert_int_equal(member(member(record(u, 0), "data"), "changed")->u.list.n, 1);
    assert_int_equal(int_of(record(u, 1), "erc"), 14);
    assert_time(member(record(u, 1), "data"), "power_on", "2024-02-01T09:45");
    assert_int_equal(int_of(record(u, 2), "erc"), 41);
    assert_int_equal(int_of(member(record(u, 2), "data"), "pn"), 1);
}

static void test_no_records(void **state)
{
    (void)state;
    const mdc_value *u = decode_ok(2, GDW13761_UP, "05 09 09 09");
    assert_int_equal(int_of(u, "ec2"), 9);
    assert_int_equal(member(u, "records")->u.list.n, 0);
}

/* ---- Le longer or shorter than the table ---- */

static void test_le_longer_goes_to_rest(void **state)
{
    (void)state;
    /* ERC21 is time + fault code (6 bytes); a device sends Le 8: the two extra
     * bytes are kept as "rest", and the next record still decodes. */
    const mdc_value *u = decode_ok(1, GDW13761_UP,
                                   "01 00 00 02 15 08 00 12 01 04 24 04 EE 77 "
                                   "15 06 00 12 01 04 24 05");
    const mdc_value *r0 = record(u, 0);
    assert_int_equal(int_of(member(r0, "data"), "fault"), 4);
    assert_bytes(member(r0, "rest"), MDC_V_BYTES, "EE 77");
    const mdc_value *r1 = record(u, 1);
    assert_int_equal(int_of(member(r1, "data"), "fault"), 5);
    assert_null(mdc_v_get(r1, "rest"));
}

static void test_le_shorter_is_error(void **state)
{
    (void)state;
    /* ERC31 needs 21 bytes; Le 10 cuts it inside last_ok. */
    gdw13761_err e = decode_fail("01 00 00 01 1F 0A 15 00 02 05 24 05 80 45 23 01");
    assert_int_equal(e.code, GDW13761_E_SHORT);
    /* The reason names the record and the field where it broke; the record's
     * "erc" (decoded before) says which ERC. Offset: header 4 + ERC, Le 2 +
     * time 5 + pn 2 = 13. */
    if (!strstr(e.msg, "records[0].data") || !strstr(e.msg, "last_ok"))
        print_error("reason: %s\n", e.msg);
    assert_non_null(strstr(e.msg, "records[0].data"));
    assert_non_null(strstr(e.msg, "last_ok"));
    assert_non_null(strstr(e.msg, "ERC31")); /* the SWITCH case names the record kind */
    assert_int_equal(e.offset, 13);
}

static void test_le_beyond_unit_is_error(void **state)
{
    (void)state;
    /* Le 21 but only 3 bytes follow: the record itself is cut. */
    gdw13761_err e = decode_fail("01 00 00 01 1F 15 15 00 02 05");
    assert_int_equal(e.code, GDW13761_E_SHORT);
    /* A lone ERC byte without Le. */
    e = decode_fail("01 00 00 01 1F");
    assert_int_equal(e.code, GDW13761_E_SHORT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_present),
        cmocka_unit_test(test_request_pointers),
        cmocka_unit_test(test_erc1),
        cmocka_unit_test(test_erc3_two_dadt),
        cmocka_unit_test(test_erc14_standard),
        cmocka_unit_test(test_erc14_live_le11),
        cmocka_unit_test(test_live_frame_end_to_end),
        cmocka_unit_test(test_erc14_invalid_bcd),
        cmocka_unit_test(test_erc14_le_short),
        cmocka_unit_test(test_erc14_encode_without_le),
        cmocka_unit_test(test_erc15_both_kinds),
        cmocka_unit_test(test_erc22_two_lists),
        cmocka_unit_test(test_erc35_meters),
        cmocka_unit_test(test_erc20),
        cmocka_unit_test(test_erc31),
        cmocka_unit_test(test_erc33),
        cmocka_unit_test(test_erc37),
        cmocka_unit_test(test_erc40),
        cmocka_unit_test(test_erc41),
        cmocka_unit_test(test_unknown_erc_skipped),
        cmocka_unit_test(test_f1_three_records),
        cmocka_unit_test(test_no_records),
        cmocka_unit_test(test_le_longer_goes_to_rest),
        cmocka_unit_test(test_le_shorter_is_error),
        cmocka_unit_test(test_le_beyond_unit_is_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
