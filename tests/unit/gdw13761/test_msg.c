/* Unit tests for the message layer (msg.h): the notes' real frames decoded
 * through the catalogue and re-encoded byte-identical, DA/DT walking,
 * uncatalogued units, and every error path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gdw13761/msg.h"
#include "mdc/hex.h"

typedef struct {
    uint8_t b[4096];
    size_t n;
} bytes;

static bytes hex(const char *s)
{
    bytes r;
    size_t bad = 0;
    long n = mdc_hex_parse(s, r.b, sizeof r.b, &bad);
    assert_true(n >= 0);
    r.n = (size_t)n;
    return r;
}

static uint8_t arena_buf[1 << 20];
static mdc_arena arena;
static gdw13761_unit units[1100];
static gdw13761_msg msg;

static int setup(void **state)
{
    (void)state;
    mdc_arena_init(&arena, arena_buf, sizeof arena_buf);
    return 0;
}

static void decode_ok(const bytes *in)
{
    gdw13761_err err = {0};
    if (gdw13761_msg_decode(in->b, in->n, &msg, units, 1100, &arena, &err) != 0)
        fail_msg("decode: %s (offset %zu)", err.msg, err.offset);
    assert_true(msg.complete);
}

/* decode, re-encode from the decoded units, compare bytes */
static void roundtrip(const bytes *in)
{
    decode_ok(in);
    uint8_t out[4096];
    size_t w = 0;
    gdw13761_err err = {0};
    if (gdw13761_msg_encode(&msg.frame, msg.units, msg.nunits, out, sizeof out, &w, &err) != 0)
        fail_msg("encode: %s", err.msg);
    assert_int_equal(w, in->n);
    assert_memory_equal(out, in->b, in->n);
}

static int64_t get_int(const mdc_value *obj, const char *key)
{
    const mdc_value *v = mdc_v_get(obj, key);
    int64_t i = -1;
    assert_non_null(v);
    assert_true(mdc_v_int(v, &i));
    return i;
}

static void test_login_logout_ack(void **state)
{
    (void)state;
    bytes in = hex("68 3A 00 3A 00 68 E9 49 24 45 58 00 02 70 00 00 01 00 1C 04 86 16");
    roundtrip(&in);
    assert_int_equal(msg.nunits, 1);
    assert_int_equal(msg.ngroups, 1);
    assert_int_equal(units[0].pn, 0);
    assert_int_equal(units[0].fn, 1);
    assert_non_null(units[0].row);
    assert_string_equal(units[0].row->name, "login");
    assert_int_equal(units[0].value->kind, MDC_V_OBJECT);
    assert_int_equal(units[0].raw_len, 0);
    assert_int_equal(msg.frame.ec1, 0x1C);

    in = hex("68 32 00 32 00 68 C9 49 24 45 58 00 02 71 00 00 02 00 48 16");
    roundtrip(&in);
    assert_string_equal(units[0].row->name, "logout");

    /* master ACK AFN00 F1 (what real masters send) */
    in = hex("68 32 00 32 00 68 0B 49 24 45 58 02 00 60 00 00 01 00 78 16");
    roundtrip(&in);
    assert_int_equal(units[0].fn, 1);
    assert_string_equal(units[0].row->name, "all confirmed");
}

static void test_heartbeat(void **state)
{
    (void)state;
    bytes in = hex("68 4A 00 4A 00 68 C9 34 08 94 04 00 02 75 00 00 04 00 33 30 14 12 D2 20 93 16");
    roundtrip(&in);
    assert_int_equal(msg.nunits, 1);
    assert_string_equal(units[0].row->name, "heartbeat");
    const mdc_value *t = mdc_v_get(units[0].value, "time");
    assert_non_null(t);
    assert_int_equal(t->kind, MDC_V_TIME);
    assert_int_equal(t->u.tm.year, 2020);
    assert_int_equal(t->u.tm.mon, 12);
    assert_int_equal(t->u.tm.day, 12);
    assert_int_equal(t->u.tm.hour, 14);
    assert_int_equal(t->u.tm.min, 30);
    assert_int_equal(t->u.tm.sec, 33);
    assert_int_equal(units[0].raw_len, 6);

    /* a 2009-style heartbeat without the clock is accepted (accept both forms)... */
    in = hex("68 32 00 32 00 68 C9 49 24 45 58 00 02 71 00 00 04 00 4A 16");
    decode_ok(&in);
    assert_int_equal(msg.nunits, 1);
    assert_string_equal(units[0].row->name, "heartbeat");
    assert_int_equal(units[0].value->u.list.n, 0);
    assert_int_equal(units[0].raw_len, 0);
    /* ...but we send per standard: encoding a heartbeat needs the clock */
    uint8_t out[256];
    size_t w = 0;
    gdw13761_err err = {0};
    assert_int_equal(
        gdw13761_msg_encode(&msg.frame, msg.units, msg.nunits, out, sizeof out, &w, &err), -1);
    assert_int_equal(err.code, GDW13761_E_MISSING);
    assert_non_null(strstr(err.msg, "time"));
}

/* AFN00 F3 as the standard specifies (notes §1.10 row 6 and the row 7 ACK) */
static void test_ack_f3(void **state)
{
    (void)state;
    bytes in = hex("68 4A 00 4A 00 68 0B 21 45 03 00 02 00 64 00 00 04 00 02 00 00 01 00 00 E1 16");
    roundtrip(&in);
    assert_int_equal(msg.nunits, 1);
    assert_int_equal(units[0].fn, 3);
    const mdc_value *v = units[0].value;
    assert_int_equal(get_int(v, "afn"), 2);
    const mdc_value *items = mdc_v_get(v, "items");
    assert_non_null(items);
    assert_int_equal(items->u.list.n, 1);
    assert_int_equal(get_int(mdc_v_at(items, 0), "err"), 0);

    in = hex("68 4A 00 4A 00 68 0B 34 08 94 04 02 00 65 00 00 04 00 02 00 00 04 00 00 50 16");
    roundtrip(&in);
    assert_int_equal(units[0].raw_len, 6);
}

/* AFN0E F1 active report with ERC14 Le = 11 (notes §1.10 row 5) */
static void test_afn0e_report(void **state)
{
    (void)state;
    bytes in = hex("68 76 00 76 00 68 C4 49 24 45 58 02 0E 60 00 00 01 00 1C 04 1B 1C 0E 0B 01 18 "
                   "15 04 07 19 53 16 04 07 19 8E 16");
    roundtrip(&in);
    assert_int_equal(msg.nunits, 1);
    assert_int_equal(units[0].fn, 1);
    const mdc_value *v = units[0].value;
    assert_int_equal(get_int(v, "ec1"), 28);
    assert_int_equal(get_int(v, "ec2"), 4);
    assert_int_equal(get_int(v, "pm"), 27);
    assert_int_equal(get_int(v, "pn"), 28);
    const mdc_value *recs = mdc_v_get(v, "records");
    assert_non_null(recs);
    assert_int_equal(recs->u.list.n, 1);
    assert_int_equal(units[0].raw_len, 17);
}

/* AFN0C F129 p2 request (row 10); DA FF 00 all points */
static void test_afn0c_request(void **state)
{
    (void)state;
    bytes in = hex("68 32 00 32 00 68 7B 01 58 11 28 02 0C 60 02 01 01 10 8F 16");
    roundtrip(&in);
    assert_int_equal(msg.nunits, 1);
    assert_int_equal(units[0].pn, 2);
    assert_int_equal(units[0].fn, 129);
    assert_non_null(units[0].row);
    assert_int_equal(units[0].raw_len, 0);
    /* DA = FF 00 */
    in = hex("68 32 00 32 00 68 7B 01 58 11 28 02 0C 60 FF 00 01 10 8B 16");
    roundtrip(&in);
    assert_int_equal(units[0].pn, GDW13761_PN_ALL);
}

static gdw13761_frame up_frame(uint8_t afn)
{
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    memcpy(f.a1, "3501", 5);
    f.a2 = 0x0102;
    f.dir = true;
    f.fc = GDW13761_FC_RSP_DATA;
    f.afn = afn;
    f.fir = f.fin = true;
    return f;
}

/* AFN0C F129 answer for p1..p8 built from sample values: one identifier
 * FF 01 01 10, units in pn order, decode gives the same values back */
static void test_afn0c_f129_answer(void **state)
{
    (void)state;
    const gdw13761_fn *row = gdw13761_cat_find(0x0C, 129, GDW13761_UP);
    assert_non_null(row);
    gdw13761_unit in[8];
    memset(in, 0, sizeof in);
    for (unsigned i = 0; i < 8; i++) {
        in[i].pn = (uint16_t)(8 - i); /* any order in: pn order out */
        in[i].fn = 129;
        in[i].value = gdw13761_unit_sample(row->layout, i, &arena);
        assert_non_null(in[i].value);
    }
    gdw13761_frame f = up_frame(0x0C);
    uint8_t out[4096];
    size_t w = 0;
    gdw13761_err err = {0};
    if (gdw13761_msg_encode(&f, in, 8, out, sizeof out, &w, &err) != 0)
        fail_msg("%s", err.msg);
    assert_memory_equal(out + 14, "\xFF\x01\x01\x10", 4);
    bytes b;
    memcpy(b.b, out, w);
    b.n = w;
    roundtrip(&b);
    assert_int_equal(msg.nunits, 8);
    assert_int_equal(msg.ngroups, 1);
    for (unsigned i = 0; i < 8; i++) {
        assert_int_equal(units[i].pn, i + 1);
        /* p(i+1) was sample seed 7 - i: encode it alone and compare bytes */
        uint8_t one[512];
        size_t n1 = 0;
        assert_int_equal(
            gdw13761_unit_encode(row->layout, in[7 - i].value, one, sizeof one, &n1, &err), 0);
        assert_int_equal(units[i].raw_len, n1);
        assert_memory_equal(units[i].raw, one, n1);
    }
}

/* repeated (pn, Fn) pairs (AFN0D days) go to separate identifiers */
static void test_repeated_pairs(void **state)
{
    (void)state;
    const gdw13761_fn *row = gdw13761_cat_find(0x0D, 161, GDW13761_UP);
    assert_non_null(row);
    gdw13761_unit in[6];
    memset(in, 0, sizeof in);
    for (unsigned i = 0; i < 6; i++) {
        in[i].pn = (uint16_t)(1 + i % 3);
        in[i].fn = 161;
        in[i].value = gdw13761_unit_sample(row->layout, i, &arena);
    }
    gdw13761_frame f = up_frame(0x0D);
    uint8_t out[4096];
    size_t w = 0;
    gdw13761_err err = {0};
    if (gdw13761_msg_encode(&f, in, 6, out, sizeof out, &w, &err) != 0)
        fail_msg("%s", err.msg);
    bytes b;
    memcpy(b.b, out, w);
    b.n = w;
    roundtrip(&b);
    assert_int_equal(msg.ngroups, 2);
    assert_int_equal(msg.nunits, 6);
    assert_memory_equal(out + 14, "\x07\x01\x01\x14", 4);
}

/* an uncatalogued Fn: raw bytes when last, a stop (units kept) otherwise */
static void test_uncatalogued(void **state)
{
    (void)state;
    assert_null(gdw13761_cat_find(0x0C, 248, GDW13761_UP));
    assert_null(gdw13761_cat_find(0x0C, 247, GDW13761_UP));
    gdw13761_frame f = up_frame(0x0C);
    uint8_t out[256];
    size_t w = 0;
    gdw13761_err err = {0};
    /* p0 F2 (clock) then p0 F248 with 3 raw bytes */
    const gdw13761_fn *f2 = gdw13761_cat_find(0x0C, 2, GDW13761_UP);
    assert_non_null(f2);
    gdw13761_unit in[2];
    memset(in, 0, sizeof in);
    in[0] = (gdw13761_unit){.pn = 0, .fn = 2, .value = gdw13761_unit_sample(f2->layout, 1, &arena)};
    in[1] = (gdw13761_unit){.pn = 0,
                            .fn = 248,
                            .value = mdc_v_add_bytes(&arena, NULL, NULL, MDC_V_BYTES,
                                                     (const uint8_t *)"\x01\x02\x03", 3)};
    assert_int_equal(gdw13761_msg_encode(&f, in, 2, out, sizeof out, &w, &err), 0);
    bytes b;
    memcpy(b.b, out, w);
    b.n = w;
    roundtrip(&b);
    assert_int_equal(msg.nunits, 2);
    assert_null(units[1].row);
    assert_int_equal(units[1].value->kind, MDC_V_BYTES);
    assert_int_equal(units[1].raw_len, 3);
    /* p0 F2, then p0 {F247, F248}: F247 unknown and not last -> stop, F2 kept */
    gdw13761_frame g = up_frame(0x0C);
    uint8_t region[32];
    memcpy(region, out + 14, 10); /* identifier + 6-byte clock */
    memcpy(region + 10, "\x00\x00\xC0\x1E\x01\x02", 6);
    g.units = region;
    g.units_len = 16;
    assert_int_equal(gdw13761_frame_encode(&g, out, sizeof out, &w, &err), 0);
    assert_int_equal(gdw13761_msg_decode(out, w, &msg, units, 16, &arena, &err), -1);
    assert_int_equal(err.code, GDW13761_E_UNKNOWN);
    assert_non_null(strstr(err.msg, "p0 F247"));
    assert_int_equal(err.offset, 14 + 14);
    assert_int_equal(msg.nunits, 1);
    assert_int_equal(units[0].fn, 2);
    assert_false(msg.complete);
    /* encode: uncatalogued without BYTES */
    in[1].value = in[0].value;
    assert_int_equal(gdw13761_msg_encode(&f, in, 2, out, sizeof out, &w, &err), -1);
    assert_int_equal(err.code, GDW13761_E_UNKNOWN);
}

/* a long AFN0D F161 answer (32 points x 31 days, ~20 KB, more than one frame
 * holds): identifier spans -> split -> frames -> reassemble -> decode */
static void test_long_answer_multiframe(void **state)
{
    (void)state;
    const gdw13761_fn *row = gdw13761_cat_find(0x0D, 161, GDW13761_UP);
    assert_non_null(row);
    static gdw13761_unit in[992];
    memset(in, 0, sizeof in);
    for (unsigned d = 0; d < 31; d++)
        for (unsigned p = 0; p < 32; p++) {
            gdw13761_unit *u = &in[d * 32 + p];
            u->pn = (uint16_t)(p + 1);
            u->fn = 161;
            u->value = gdw13761_unit_sample(row->layout, d * 32 + p, &arena);
            assert_non_null(u->value);
        }
    static uint8_t region[65536];
    static gdw13761_span spans[256];
    size_t rlen = 0, ns = 0;
    gdw13761_err err = {0};
    if (gdw13761_msg_encode_units(0x0D, true, in, 992, region, sizeof region, &rlen, spans, 256,
                                  &ns, &err) != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(ns, 31 * 4); /* 4 DA groups per day */
    assert_true(rlen > GDW13761_L1_MAX);
    /* too few spans */
    assert_int_equal(gdw13761_msg_encode_units(0x0D, true, in, 992, region, sizeof region, &rlen,
                                               spans, 10, &ns, &err),
                     -1);
    assert_int_equal(err.code, GDW13761_E_SPACE);
    assert_int_equal(gdw13761_msg_encode_units(0x0D, true, in, 992, region, sizeof region, &rlen,
                                               spans, 256, &ns, &err),
                     0);
    gdw13761_frame t = up_frame(0x0D);
    t.seq = 9;
    gdw13761_split sp;
    assert_int_equal(gdw13761_split_init(&sp, &t, spans, ns, 1024, &err), 0);
    static uint8_t frame[1024], joined[65536];
    gdw13761_reasm r;
    gdw13761_reasm_init(&r, joined, sizeof joined);
    size_t w = 0, nframes = 0, units_seen = 0;
    int rc, done = 0;
    while ((rc = gdw13761_split_next(&sp, frame, sizeof frame, &w, &err)) == 1) {
        assert_true(w <= 1024);
        /* each frame stands alone (§4.3.4.3.1) */
        mdc_arena_reset(&arena);
        if (gdw13761_msg_decode(frame, w, &msg, units, 1100, &arena, &err) != 0)
            fail_msg("frame %zu: %s", nframes, err.msg);
        units_seen += msg.nunits;
        assert_int_equal(msg.frame.seq, (9 + nframes) % 16);
        done = gdw13761_reasm_add(&r, &msg.frame, &err);
        assert_true(done >= 0);
        nframes++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(done, 1);
    assert_true(nframes >= 20);
    assert_int_equal(units_seen, 992);
    assert_int_equal(r.len, rlen);
    assert_memory_equal(joined, region, rlen);
    mdc_arena_reset(&arena);
    if (gdw13761_msg_decode_units(0x0D, true, joined, r.len, &msg, units, 1100, &arena, &err) != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(msg.nunits, 992);
    assert_int_equal(msg.ngroups, 124);
    assert_int_equal(units[0].pn, 1);
    assert_int_equal(units[31].pn, 32);
    assert_int_equal(units[32].pn, 1);
}

/* AFN0D downlink request: p1 F161 with its Td_d time label */
static void test_afn0d_request(void **state)
{
    (void)state;
    const gdw13761_fn *row = gdw13761_cat_find(0x0D, 161, GDW13761_DOWN);
    assert_non_null(row);
    gdw13761_frame f = up_frame(0x0D);
    f.dir = false;
    f.prm = true;
    f.fcv = true;
    f.fc = GDW13761_FC_REQ_CLASS2;
    f.msa = 1;
    f.units = (const uint8_t *)"\x01\x01\x01\x14\x15\x11\x25";
    f.units_len = 7;
    uint8_t out[64];
    size_t w = 0;
    gdw13761_err err = {0};
    assert_int_equal(gdw13761_frame_encode(&f, out, sizeof out, &w, &err), 0);
    bytes b;
    memcpy(b.b, out, w);
    b.n = w;
    roundtrip(&b);
    assert_int_equal(msg.nunits, 1);
    assert_int_equal(units[0].fn, 161);
    assert_int_equal(units[0].raw_len, 3);
    const mdc_value *td = mdc_v_at(units[0].value, 0);
    assert_non_null(td);
    assert_int_equal(td->kind, MDC_V_TIME);
    assert_int_equal(td->u.tm.year, 2025);
    assert_int_equal(td->u.tm.mon, 11);
    assert_int_equal(td->u.tm.day, 15);
}

static void test_decode_errors(void **state)
{
    (void)state;
    gdw13761_err err = {0};
    /* frame error */
    bytes in = hex("68 32 00 32 00 68 7B 01 58 11 28 02 0C 60 02 01 01 10 8E 16");
    assert_int_equal(gdw13761_msg_decode(in.b, in.n, &msg, units, 16, &arena, &err), -1);
    assert_non_null(strstr(err.msg, "bad CS"));
    assert_int_equal(msg.nunits, 0);
    gdw13761_frame f = up_frame(0x0C);
    uint8_t out[256];
    size_t w;
    /* truncated identifier: 3 bytes */
    f.units = (const uint8_t *)"\x00\x00\x01";
    f.units_len = 3;
    assert_int_equal(gdw13761_frame_encode(&f, out, sizeof out, &w, &err), 0);
    assert_int_equal(gdw13761_msg_decode(out, w, &msg, units, 16, &arena, &err), -1);
    assert_non_null(strstr(err.msg, "truncated identifier"));
    /* bad DA (DA2 = 0, DA1 = 01) */
    f.units = (const uint8_t *)"\x01\x00\x01\x00";
    f.units_len = 4;
    assert_int_equal(gdw13761_frame_encode(&f, out, sizeof out, &w, &err), 0);
    assert_int_equal(gdw13761_msg_decode(out, w, &msg, units, 16, &arena, &err), -1);
    assert_non_null(strstr(err.msg, "identifier 0: DA 01 00"));
    assert_int_equal(err.code, GDW13761_E_FRAME);
    /* a catalogued unit cut short: p0 F2 clock with 3 of 6 bytes */
    f.units = (const uint8_t *)"\x00\x00\x02\x00\x01\x02\x03";
    f.units_len = 7;
    assert_int_equal(gdw13761_frame_encode(&f, out, sizeof out, &w, &err), 0);
    assert_int_equal(gdw13761_msg_decode(out, w, &msg, units, 16, &arena, &err), -1);
    assert_non_null(strstr(err.msg, "p0 F2: "));
    assert_int_equal(err.code, GDW13761_E_SHORT);
    /* more units than the array holds */
    in = hex("68 32 00 32 00 68 7B 01 58 11 28 02 0C 60 FF 01 01 10 8C 16");
    assert_int_equal(gdw13761_msg_decode(in.b, in.n, &msg, units, 4, &arena, &err), -1);
    assert_int_equal(err.code, GDW13761_E_SPACE);
    assert_int_equal(msg.nunits, 4);
    /* arena full */
    uint8_t tiny[16];
    mdc_arena small;
    mdc_arena_init(&small, tiny, sizeof tiny);
    in = hex("68 32 00 32 00 68 7B 01 58 11 28 02 0C 60 02 01 01 10 8F 16");
    assert_int_equal(gdw13761_msg_decode(in.b, in.n, &msg, units, 4, &small, &err), -1);
    assert_int_equal(err.code, GDW13761_E_ARENA);
}

static void test_encode_errors(void **state)
{
    (void)state;
    gdw13761_err err = {0};
    gdw13761_frame f = up_frame(0x0C);
    uint8_t out[256];
    size_t w;
    /* a value that does not fit the layout: an INT for the F2 clock object */
    mdc_value *bad = mdc_v_new(&arena, MDC_V_OBJECT);
    mdc_v_add_int(&arena, bad, "time", 5, NULL);
    gdw13761_unit in[2] = {{.pn = 0, .fn = 2, .value = bad}};
    assert_int_equal(gdw13761_msg_encode(&f, in, 1, out, sizeof out, &w, &err), -1);
    assert_non_null(strstr(err.msg, "p0 F2: "));
    /* no value for a unit that has data */
    in[0].value = NULL;
    assert_int_equal(gdw13761_msg_encode(&f, in, 1, out, sizeof out, &w, &err), -1);
    assert_int_equal(err.code, GDW13761_E_MISSING);
    /* pn out of range */
    in[0] = (gdw13761_unit){.pn = 3000, .fn = 2};
    assert_int_equal(gdw13761_msg_encode(&f, in, 1, out, sizeof out, &w, &err), -1);
    assert_int_equal(err.code, GDW13761_E_FORMAT);
    /* output too small */
    const gdw13761_fn *f2 = gdw13761_cat_find(0x0C, 2, GDW13761_UP);
    in[0] = (gdw13761_unit){.pn = 0, .fn = 2, .value = gdw13761_unit_sample(f2->layout, 1, &arena)};
    assert_int_equal(gdw13761_msg_encode(&f, in, 1, out, 20, &w, &err), -1);
    assert_int_equal(err.code, GDW13761_E_SPACE);
    assert_int_equal(gdw13761_msg_encode(&f, in, 1, out, sizeof out, &w, &err), 0);
    assert_int_equal(w, 16 + 4 + 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_login_logout_ack, setup),
        cmocka_unit_test_setup(test_heartbeat, setup),
        cmocka_unit_test_setup(test_ack_f3, setup),
        cmocka_unit_test_setup(test_afn0e_report, setup),
        cmocka_unit_test_setup(test_afn0c_request, setup),
        cmocka_unit_test_setup(test_afn0c_f129_answer, setup),
        cmocka_unit_test_setup(test_repeated_pairs, setup),
        cmocka_unit_test_setup(test_uncatalogued, setup),
        cmocka_unit_test_setup(test_long_answer_multiframe, setup),
        cmocka_unit_test_setup(test_afn0d_request, setup),
        cmocka_unit_test_setup(test_decode_errors, setup),
        cmocka_unit_test_setup(test_encode_errors, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
