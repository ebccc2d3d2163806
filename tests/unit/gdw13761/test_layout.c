/* The layout interpreter (layout.h) on small hand-made layouts: every field
 * kind, refs to enclosing fields, back-patched counts, error paths and
 * offsets, truncated input, arena exhaustion, and sample round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gdw13761/formats.h"
#include "gdw13761/layout.h"

static uint8_t arena_buf[65536];
static mdc_arena A;
static gdw13761_err E;

static int setup(void **state)
{
    (void)state;
    mdc_arena_init(&A, arena_buf, sizeof arena_buf);
    memset(&E, 0, sizeof E);
    return 0;
}

/* ---- layouts ---- */

/* n records of (time, energy) */
static const gdw_field rec[] = {GDW_F("t", GDW_A15, NULL), GDW_F("e", GDW_A11, "kWh"), GDW_END};
static const gdw_field l_counted[] = {GDW_BINF("n", 1, NULL), GDW_REP("recs", "n", 0, rec),
                                      GDW_END};

/* m tariffs (m+1 values per meter), k meters; the inner repeat counts with the outer "m" */
static const gdw_field a11_scalar[] = {GDW_F(NULL, GDW_A11, "kWh"), GDW_END};
static const gdw_field meter[] = {GDW_F("addr", GDW_A12, NULL),
                                  GDW_REP("rates", "m", 1, a11_scalar), GDW_END};
static const gdw_field l_nested[] = {GDW_BINF("m", 1, NULL), GDW_BINF("k", 1, NULL),
                                     GDW_REP("meters", "k", 0, meter), GDW_END};

static const gdw_field bits[] = {GDW_BITF("port", 0, 5), GDW_BITF("proto", 5, 3), GDW_END};
static const gdw_field bits2[] = {GDW_BITF("lo", 0, 4), GDW_BITF("hi", 12, 4), GDW_END};
static const gdw_field l_bits[] = {GDW_BITS(1, bits), GDW_BITS(2, bits2), GDW_END};

/* event record: erc, length, then the body by erc inside `le` bytes */
static const gdw_field ev1[] = {GDW_F("t", GDW_A15, NULL), GDW_BSF("flags", 1), GDW_END};
static const gdw_field ev2[] = {GDW_F("t", GDW_A15, NULL), GDW_END};
static const gdw_case ev_cases[] = {{1, "init", ev1}, {2, "param lost", ev2}, {0, NULL, NULL}};
static const gdw_field ev_body[] = {GDW_SWITCH("ev", "erc", ev_cases), GDW_END};
static const gdw_field l_event[] = {GDW_BINF("erc", 1, NULL), GDW_BINF("le", 1, NULL),
                                    GDW_SIZED("data", "le", ev_body), GDW_END};

static const gdw_field sized_flat[] = {GDW_BINF("a", 1, NULL), GDW_END};
static const gdw_field l_sized_flat[] = {GDW_BINF("size", 2, NULL),
                                         GDW_SIZED(NULL, "size", sized_flat),
                                         GDW_BINF("after", 1, NULL), GDW_END};

static const gdw_field l_varbytes[] = {GDW_BINF("len", 1, NULL), GDW_VARBYTES("data", "len", 1),
                                       GDW_F("v", GDW_A7, "V"), GDW_END};
static const gdw_field l_rest[] = {GDW_BINF("x", 1, NULL), GDW_REST("tail"), GDW_END};
static const gdw_field two[] = {GDW_BINF("a", 1, NULL), GDW_F("b", GDW_A5, NULL), GDW_END};
static const gdw_field l_rep_rest[] = {GDW_GROUP("hdr", two), GDW_REP_REST("items", two), GDW_END};
static const gdw_field l_fixed[] = {GDW_F("t", GDW_A1, NULL), GDW_REPN("vals", 4, a11_scalar),
                                    GDW_GROUP("g", two), GDW_BITS(2, bits2), GDW_END};
static const gdw_field l_bigcount[] = {GDW_BINF("n", 2, NULL), GDW_REP("recs", "n", 0, rec),
                                       GDW_END};
static const gdw_field l_badref[] = {GDW_BINF("n", 1, NULL), GDW_REP("recs", "nope", 0, rec),
                                     GDW_END};
static const gdw_field l_shared[] = {GDW_BINF("m", 1, NULL), GDW_REP("pos", "m", 1, a11_scalar),
                                     GDW_REP("neg", "m", 1, a11_scalar), GDW_END};

/* INCLUDE: a head (count n, date t) and a bit byte written once, flattened
 * (through two levels) into the object that includes them */
static const gdw_field inc_head[] = {GDW_BINF("n", 1, NULL), GDW_F("t", GDW_A20, NULL), GDW_END};
static const gdw_field inc_bits[] = {GDW_BITS(1, bits), GDW_END};
static const gdw_field inc_both[] = {GDW_INCLUDE(inc_head), GDW_INCLUDE(inc_bits), GDW_END};
static const gdw_field l_include[] = {GDW_BINF("x", 1, NULL), GDW_INCLUDE(inc_both),
                                      GDW_REP("vals", "n", 0, a11_scalar), GDW_END};

/* a dotted ref: a curve label as a GROUP, the values counting on its points */
static const gdw_field td[] = {GDW_F("time", GDW_A15, NULL), GDW_BINF("density", 1, NULL),
                               GDW_BINF("points", 1, NULL), GDW_END};
static const gdw_field l_dotted[] = {GDW_GROUP("td", td),
                                     GDW_REP("values", "td.points", 0, a11_scalar), GDW_END};
/* two labels, the values counting on the second one's points */
static const gdw_field l_dotted2[] = {GDW_GROUP("a", td), GDW_GROUP("b", td),
                                      GDW_REP("values", "b.points", 0, a11_scalar), GDW_END};
static const gdw_field l_dotted_bad[] = {GDW_GROUP("td", td),
                                         GDW_REP("values", "td.nope", 0, a11_scalar), GDW_END};
static const gdw_field l_dotted_bad2[] = {GDW_GROUP("td", td),
                                          GDW_REP("values", "nope.points", 0, a11_scalar), GDW_END};

/* ---- helpers ---- */

static mdc_value *decode_ok(const gdw_field *l, const char *hex_bytes, size_t n)
{
    mdc_value *v = NULL;
    size_t used = 0;
    if (gdw13761_unit_decode(l, (const uint8_t *)hex_bytes, n, &used, &A, &v, &E) != 0)
        fail_msg("decode failed: %s", E.msg);
    assert_int_equal(used, n);
    return v;
}

static void encode_is(const gdw_field *l, const mdc_value *v, const char *bytes, size_t n)
{
    uint8_t out[512];
    size_t w = 0;
    if (gdw13761_unit_encode(l, v, out, sizeof out, &w, &E) != 0)
        fail_msg("encode failed: %s", E.msg);
    assert_int_equal(w, n);
    assert_memory_equal(out, bytes, n);
}

static mdc_value *roundtrip(const gdw_field *l, const char *bytes, size_t n)
{
    mdc_value *v = decode_ok(l, bytes, n);
    encode_is(l, v, bytes, n);
    return v;
}

static void decode_fails(const gdw_field *l, const char *bytes, size_t n, gdw13761_errc code,
                         size_t off, const char *msg)
{
    mdc_value *v = NULL;
    assert_int_equal(gdw13761_unit_decode(l, (const uint8_t *)bytes, n, NULL, &A, &v, &E), -1);
    assert_int_equal(E.code, code);
    assert_int_equal(E.offset, off);
    if (!strstr(E.msg, msg))
        fail_msg("message \"%s\" lacks \"%s\"", E.msg, msg);
}

static void encode_fails(const gdw_field *l, const mdc_value *v, gdw13761_errc code,
                         const char *msg)
{
    uint8_t out[512];
    size_t w = 0;
    assert_int_equal(gdw13761_unit_encode(l, v, out, sizeof out, &w, &E), -1);
    assert_int_equal(E.code, code);
    if (!strstr(E.msg, msg))
        fail_msg("message \"%s\" lacks \"%s\"", E.msg, msg);
}

/* A member of an OBJECT, for editing a decoded tree in place. */
static mdc_value *mut(const mdc_value *obj, const char *key)
{
    return (mdc_value *)(uintptr_t)mdc_v_get(obj, key);
}

/* Removes member `key` of obj (it must exist). */
static void drop(mdc_value *obj, const char *key)
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

#define BYTES(s) s, sizeof(s) - 1

/* ---- tests ---- */

static void test_counted_repeat(void **state)
{
    (void)state;
    mdc_value *v = roundtrip(l_counted, BYTES("\x02"
                                              "\x30\x08\x02\x11\x25"
                                              "\x78\x56\x34\x12"
                                              "\x45\x09\x03\x11\x25"
                                              "\x00\x00\x00\x00"));
    assert_int_equal(mdc_v_get(v, "n")->u.i, 2);
    const mdc_value *recs = mdc_v_get(v, "recs");
    assert_int_equal(recs->kind, MDC_V_ARRAY);
    assert_int_equal(recs->u.list.n, 2);
    const mdc_value *e = mdc_v_get(mdc_v_at(recs, 0), "e");
    assert_int_equal(e->u.dec.mant, 12345678);
    assert_string_equal(e->unit, "kWh");
    assert_int_equal(mdc_v_get(mdc_v_at(recs, 1), "t")->u.tm.hour, 9);
    roundtrip(l_counted, BYTES("\x00"));
    assert_int_equal(gdw13761_unit_fixed_len(l_counted), -1);
}

static void test_nested_ref_to_enclosing(void **state)
{
    (void)state;
    /* m = 1 -> 2 rates per meter; k = 2 meters */
    mdc_value *v = roundtrip(l_nested, BYTES("\x01\x02"
                                             "\x01\x00\x00\x00\x00\x00"
                                             "\x00\x01\x00\x00"
                                             "\x00\x02\x00\x00"
                                             "\x02\x00\x00\x00\x00\x00"
                                             "\x00\x03\x00\x00"
                                             "\xEE\xEE\xEE\xEE"));
    const mdc_value *m1 = mdc_v_at(mdc_v_get(v, "meters"), 1);
    assert_string_equal(mdc_v_get(m1, "addr")->u.str.p, "000000000002");
    const mdc_value *rates = mdc_v_get(m1, "rates");
    assert_int_equal(rates->u.list.n, 2);
    assert_int_equal(mdc_v_at(rates, 0)->kind, MDC_V_DEC);
    assert_null(mdc_v_at(rates, 0)->key);
    assert_int_equal(mdc_v_at(rates, 0)->u.dec.mant, 300);
    assert_int_equal(mdc_v_at(rates, 1)->kind, MDC_V_NULL);
    /* errors inside an element name the path */
    decode_fails(l_nested,
                 BYTES("\x01\x02"
                       "\x01\x00\x00\x00\x00\x00"
                       "\x00\x01\x00\x00"
                       "\x00\x02\x00\x00"
                       "\x02\x00"),
                 GDW13761_E_SHORT, 16, "meters[1].addr: needs 6 bytes, 2 left");
    decode_fails(l_nested,
                 BYTES("\x01\x01"
                       "\x01\x00\x00\x00\x00\x00"
                       "\x00\x01\x00\x00"
                       "\x00\x02"),
                 GDW13761_E_SHORT, 8,
                 "meters[0].rates: count 2 needs at least 4 bytes each, 6 left");
    /* encoding: a bad value deep down */
    mdc_value *addr = mut(m1, "addr");
    addr->u.str.p = "00000000000X";
    encode_fails(l_nested, v, GDW13761_E_FORMAT, "meters[1].addr: A.12 address has a non-digit");
    addr->u.str.p = "000000000002";
    mdc_value *r0 = (mdc_value *)(uintptr_t)mdc_v_at(rates, 0);
    r0->kind = MDC_V_STR;
    encode_fails(l_nested, v, GDW13761_E_FORMAT, "meters[1].rates[0]: A.11 expects a number");
}

static void test_backpatch(void **state)
{
    (void)state;
    static const char wire[] = "\x01\x02"
                               "\x01\x00\x00\x00\x00\x00"
                               "\x00\x01\x00\x00"
                               "\x00\x02\x00\x00"
                               "\x02\x00\x00\x00\x00\x00"
                               "\x00\x03\x00\x00"
                               "\x00\x04\x00\x00";
    mdc_value *v = decode_ok(l_nested, BYTES(wire));
    /* counts left out: the encoder writes the real ones */
    drop(v, "m");
    drop(v, "k");
    encode_is(l_nested, v, BYTES(wire));
    /* the meters disagree on m: 2 rates, then 3 */
    mdc_value *rates1 = mut(mdc_v_at(mdc_v_get(v, "meters"), 1), "rates");
    mdc_v_add_int(&A, rates1, NULL, 5, NULL);
    encode_fails(l_nested, v, GDW13761_E_COUNT,
                 "meters[1].rates: 'm' says 2 elements, the data has 3");
    /* present counts must agree */
    v = decode_ok(l_counted, BYTES("\x01\x30\x08\x02\x11\x25\x78\x56\x34\x12"));
    mut(v, "n")->u.i = 3;
    encode_fails(l_counted, v, GDW13761_E_COUNT, "recs: 'n' says 3 elements, the data has 1");
    /* one count shared by two arrays */
    v = decode_ok(l_shared, BYTES("\x01"
                                  "\x01\x00\x00\x00\x02\x00\x00\x00"
                                  "\x03\x00\x00\x00\x04\x00\x00\x00"));
    drop(v, "m");
    encode_is(l_shared, v,
              BYTES("\x01"
                    "\x01\x00\x00\x00\x02\x00\x00\x00"
                    "\x03\x00\x00\x00\x04\x00\x00\x00"));
    mdc_v_add_int(&A, mut(v, "neg"), NULL, 5, NULL);
    encode_fails(l_shared, v, GDW13761_E_COUNT, "neg: 'm' says 2 elements, the data has 3");
    /* a count that does not fit its field */
    v = decode_ok(l_counted, BYTES("\x00"));
    drop(v, "n");
    mdc_value *recs = mut(v, "recs");
    for (int i = 0; i < 256; i++) {
        mdc_value *e = mdc_v_add_obj(&A, recs, NULL);
        mdc_tm tm = {2025, 1, 1, 0, 0, 0, 0, MDC_TM_FULL};
        mdc_v_add_time(&A, e, "t", &tm);
        mdc_v_add_int(&A, e, "e", 1, NULL);
    }
    uint8_t big[4096];
    size_t w;
    assert_int_equal(gdw13761_unit_encode(l_counted, v, big, sizeof big, &w, &E), -1);
    assert_int_equal(E.code, GDW13761_E_COUNT);
    assert_non_null(strstr(E.msg, "count of 'n'"));
}

static void test_bits(void **state)
{
    (void)state;
    mdc_value *v = roundtrip(l_bits, BYTES("\x62\x0A\x30"));
    assert_int_equal(mdc_v_get(v, "port")->u.i, 2);
    assert_int_equal(mdc_v_get(v, "proto")->u.i, 3);
    assert_int_equal(mdc_v_get(v, "lo")->u.i, 0x0A);
    assert_int_equal(mdc_v_get(v, "hi")->u.i, 3);
    /* bits no field names come back as zero */
    v = decode_ok(l_bits, BYTES("\x62\xFA\x3F"));
    encode_is(l_bits, v, BYTES("\x62\x0A\x30"));
    mut(v, "port")->u.i = 32;
    encode_fails(l_bits, v, GDW13761_E_FORMAT, "port: needs an integer of 5 bits");
    drop(v, "port");
    encode_fails(l_bits, v, GDW13761_E_MISSING, "port: missing");
    assert_int_equal(gdw13761_unit_fixed_len(l_bits), 3);
}

static void test_switch(void **state)
{
    (void)state;
    /* ERC 1: time + flags */
    mdc_value *v = roundtrip(l_event, BYTES("\x01\x06\x30\x08\x02\x11\x25\x03"));
    const mdc_value *ev = mdc_v_get(mdc_v_get(v, "data"), "ev");
    assert_int_equal(ev->kind, MDC_V_OBJECT);
    assert_int_equal(mdc_v_get(ev, "t")->u.tm.min, 30);
    assert_int_equal(mdc_v_get(ev, "flags")->u.bytes.p[0], 3);
    /* ERC 2 with a byte more than its case reads: kept as "rest" */
    v = roundtrip(l_event, BYTES("\x02\x06\x30\x08\x02\x11\x25\x99"));
    const mdc_value *data = mdc_v_get(v, "data");
    assert_int_equal(mdc_v_get(data, "rest")->u.bytes.len, 1);
    /* unknown ERC: raw bytes */
    v = roundtrip(l_event, BYTES("\x09\x03\xAA\xBB\xCC"));
    ev = mdc_v_get(mdc_v_get(v, "data"), "ev");
    assert_int_equal(ev->kind, MDC_V_BYTES);
    assert_int_equal(ev->u.bytes.len, 3);
    /* the size is back-patched */
    drop(v, "le");
    encode_is(l_event, v, BYTES("\x09\x03\xAA\xBB\xCC"));
    /* a case body shorter than its data: E_SHORT inside the size */
    decode_fails(l_event, BYTES("\x01\x03\x30\x08\x02\x11\x25\x03"), GDW13761_E_SHORT, 2,
                 "data.ev(init).t: needs 5 bytes, 3 left");
    /* size larger than the data */
    decode_fails(l_event, BYTES("\x01\x09\x30"), GDW13761_E_SHORT, 2, "data: size 9");
    /* raw bytes where a case applies */
    v = decode_ok(l_event, BYTES("\x09\x01\xAA"));
    mut(v, "erc")->u.i = 1;
    encode_fails(l_event, v, GDW13761_E_FORMAT, "data.ev: expects an object for case 1");
}

static void test_sized_flat_and_varbytes(void **state)
{
    (void)state;
    mdc_value *v = roundtrip(l_sized_flat, BYTES("\x03\x00\x07\x01\x02\x09"));
    assert_int_equal(mdc_v_get(v, "a")->u.i, 7);
    assert_int_equal(mdc_v_get(v, "rest")->u.bytes.len, 2);
    assert_int_equal(mdc_v_get(v, "after")->u.i, 9);
    v = roundtrip(l_varbytes, BYTES("\x01\xAB\xCD\x01\x22"));
    assert_int_equal(mdc_v_get(v, "data")->u.bytes.len, 2);
    assert_int_equal(mdc_v_get(v, "v")->u.dec.mant, 2201);
    drop(v, "len");
    encode_is(l_varbytes, v, BYTES("\x01\xAB\xCD\x01\x22"));
    decode_fails(l_varbytes, BYTES("\x05\xAB\xCD"), GDW13761_E_SHORT, 1,
                 "data: 6 bytes but 2 left");
    /* bytes as hex text, the way JSON carries them */
    mdc_value *data = mut(v, "data");
    data->kind = MDC_V_STR;
    data->u.str.p = "AB CD EF";
    data->u.str.len = 8;
    encode_is(l_varbytes, v, BYTES("\x02\xAB\xCD\xEF\x01\x22"));
    data->u.str.p = "ABC";
    data->u.str.len = 3;
    encode_fails(l_varbytes, v, GDW13761_E_FORMAT, "data: expects bytes (hex)");
    data->kind = MDC_V_INT;
    encode_fails(l_varbytes, v, GDW13761_E_FORMAT, "data: expects bytes");
    /* "rest" of a SIZED and the raw SWITCH fallback also take hex text */
    v = decode_ok(l_sized_flat, BYTES("\x03\x00\x07\x01\x02\x09"));
    mdc_value *rest = mut(v, "rest");
    rest->kind = MDC_V_STR;
    rest->u.str.p = "0A0B0C";
    rest->u.str.len = 6;
    drop(v, "size");
    encode_is(l_sized_flat, v, BYTES("\x04\x00\x07\x0A\x0B\x0C\x09"));
    v = decode_ok(l_event, BYTES("\x09\x01\xAA"));
    mdc_value *ev = mut(mdc_v_get(v, "data"), "ev");
    ev->kind = MDC_V_STR;
    ev->u.str.p = "BBCC";
    ev->u.str.len = 4;
    drop(v, "le");
    encode_is(l_event, v, BYTES("\x09\x02\xBB\xCC"));
}

static void test_rest(void **state)
{
    (void)state;
    mdc_value *v = roundtrip(l_rest, BYTES("\x05\x01\x02\x03"));
    assert_int_equal(mdc_v_get(v, "tail")->u.bytes.len, 3);
    v = roundtrip(l_rest, BYTES("\x05"));
    assert_int_equal(mdc_v_get(v, "tail")->u.bytes.len, 0);
    v = roundtrip(l_rep_rest, BYTES("\x01\x00\x00\x02\x00\x88\x03\x10\x00"));
    assert_int_equal(mdc_v_get(v, "items")->u.list.n, 2);
    assert_int_equal(mdc_v_get(mdc_v_at(mdc_v_get(v, "items"), 0), "b")->u.dec.mant, -800);
    decode_fails(l_rep_rest, BYTES("\x01\x00\x00\x02\x00\x88\x03\x10"), GDW13761_E_SHORT, 7,
                 "items[1].b: needs 2 bytes, 1 left");
}

static void test_fixed_len_and_truncation(void **state)
{
    (void)state;
    static const char wire[] = "\x15\x30\x08\x02\xF1\x25"
                               "\x01\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00\x04\x00\x00\x00"
                               "\x07\x34\x12"
                               "\x0A\x30";
    assert_int_equal(gdw13761_unit_fixed_len(l_fixed), (long)sizeof wire - 1);
    assert_int_equal(gdw13761_unit_fixed_len(l_rest), -1);
    roundtrip(l_fixed, BYTES(wire));
    for (size_t n = 0; n < sizeof wire - 1; n++) {
        mdc_value *v = NULL;
        mdc_arena_reset(&A);
        assert_int_equal(gdw13761_unit_decode(l_fixed, (const uint8_t *)wire, n, NULL, &A, &v, &E),
                         -1);
        assert_int_equal(E.code, GDW13761_E_SHORT);
        assert_true(E.offset <= n);
    }
    static const char ev[] = "\x01\x06\x30\x08\x02\x11\x25\x03";
    for (size_t n = 0; n < sizeof ev - 1; n++) {
        mdc_value *v = NULL;
        assert_int_equal(gdw13761_unit_decode(l_event, (const uint8_t *)ev, n, NULL, &A, &v, &E),
                         -1);
        assert_int_equal(E.code, GDW13761_E_SHORT);
    }
    /* fixed REPEAT with the wrong element count */
    mdc_value *v = decode_ok(l_fixed, BYTES(wire));
    mdc_v_add_int(&A, mut(v, "vals"), NULL, 1, NULL);
    encode_fails(l_fixed, v, GDW13761_E_COUNT, "vals: needs 4 elements, has 5");
}

static void test_hostile_counts(void **state)
{
    (void)state;
    /* 65535 records announced, 10 bytes there: refused before looping */
    decode_fails(l_bigcount, BYTES("\xFF\xFF\x30\x08\x02\x11\x25\x78\x56\x34\x12\x00"),
                 GDW13761_E_SHORT, 2, "recs: count 65535 needs at least 9 bytes each, 10 left");
    /* a count field that is missing (EEH) */
    decode_fails(l_bigcount, BYTES("\xEE\xEE"), GDW13761_E_COUNT, 2,
                 "recs: count field 'n' is not a number");
    decode_fails(l_badref, BYTES("\x00"), GDW13761_E_LAYOUT, 1, "ref 'nope' names no earlier");
}

static void test_arena_and_space(void **state)
{
    (void)state;
    static const char wire[] = "\x02"
                               "\x30\x08\x02\x11\x25\x78\x56\x34\x12"
                               "\x45\x09\x03\x11\x25\x00\x00\x00\x00";
    uint8_t small[256];
    mdc_arena sa;
    int fails = 0;
    for (size_t cap = 0; cap < sizeof small; cap += 8) {
        mdc_value *v = NULL;
        mdc_arena_init(&sa, small, cap);
        if (gdw13761_unit_decode(l_counted, (const uint8_t *)wire, sizeof wire - 1, NULL, &sa, &v,
                                 &E) != 0) {
            assert_int_equal(E.code, GDW13761_E_ARENA);
            fails++;
        }
    }
    assert_true(fails > 0);
    mdc_value *v = decode_ok(l_counted, BYTES(wire));
    uint8_t out[32];
    size_t w;
    for (size_t cap = 0; cap < sizeof wire - 1; cap++) {
        assert_int_equal(gdw13761_unit_encode(l_counted, v, out, cap, &w, &E), -1);
        assert_int_equal(E.code, GDW13761_E_SPACE);
    }
    assert_int_equal(gdw13761_unit_encode(l_counted, v, out, sizeof wire - 1, &w, &E), 0);
    /* missing fields */
    drop(v, "recs");
    encode_fails(l_counted, v, GDW13761_E_MISSING, "recs: missing");
    encode_fails(l_counted, mdc_v_new(&A, MDC_V_ARRAY), GDW13761_E_FORMAT, "expects an object");
    assert_string_equal(gdw13761_strerror(GDW13761_E_ARENA), "value arena full");
    assert_string_equal(gdw13761_strerror((gdw13761_errc)99), "unknown error");
}

static const gdw_field *const samples[] = {l_counted,  l_nested, l_bits,     l_event, l_sized_flat,
                                           l_varbytes, l_rest,   l_rep_rest, l_fixed, l_shared,
                                           l_include,  l_dotted, l_dotted2};

/* INCLUDE: the included fields are plain members (no nesting), in order, a
 * REPEAT counts with one of them, the encoder back-patches it and checks it,
 * and fixed_len adds them up */
static void test_include(void **state)
{
    (void)state;
    static const char wire[] = "\x07"              /* x */
                               "\x02"              /* n (included, two levels down) */
                               "\x20\x05\x13"      /* t 2013-05-20 */
                               "\x25"              /* port 5, proto 1 */
                               "\x00\x01\x00\x00"  /* 1.00 kWh */
                               "\x00\x02\x00\x00"; /* 2.00 kWh */
    mdc_value *v = roundtrip(l_include, BYTES(wire));
    static const char *const keys[] = {"x", "n", "t", "port", "proto", "vals"};
    assert_int_equal(v->u.list.n, 6);
    size_t i = 0;
    for (const mdc_value *c = v->u.list.head; c; c = c->next, i++)
        assert_string_equal(c->key, keys[i]);
    assert_int_equal(mdc_v_get(v, "n")->u.i, 2);
    assert_int_equal(mdc_v_get(v, "t")->u.tm.day, 20);
    assert_int_equal(mdc_v_get(v, "port")->u.i, 5);
    assert_int_equal(mdc_v_get(v, "proto")->u.i, 1);
    assert_int_equal(mdc_v_get(v, "vals")->u.list.n, 2);
    assert_int_equal(gdw13761_unit_fixed_len(inc_both), 5);
    assert_int_equal(gdw13761_unit_fixed_len(l_include), -1);
    /* the included count may be left out: the encoder writes 2 */
    drop(v, "n");
    encode_is(l_include, v, BYTES(wire));
    /* when present it must agree */
    mdc_v_add_int(&A, v, "n", 3, NULL);
    encode_fails(l_include, v, GDW13761_E_COUNT, "vals: 'n' says 3 elements, the data has 2");
    /* errors inside an included field name the field as a member */
    decode_fails(l_include, wire, 4, GDW13761_E_SHORT, 2, "t: needs 3 bytes, 2 left");
    drop(v, "t");
    encode_fails(l_include, v, GDW13761_E_MISSING, "t: missing");
}

/* A dotted ref reaches into a sibling GROUP: decode counts with td.points,
 * encode back-patches a left-out td.points after the group is written, or
 * checks it when present */
static void test_dotted_ref(void **state)
{
    (void)state;
    static const char wire[] = "\x15\x00\x20\x05\x13" /* td.time 2013-05-20 00:15 */
                               "\x01\x02"             /* density 1, points 2 */
                               "\x00\x01\x00\x00"     /* 1.00 */
                               "\xEE\xEE\xEE\xEE";    /* missing */
    mdc_value *v = roundtrip(l_dotted, BYTES(wire));
    mdc_value *g = mut(v, "td");
    assert_int_equal(g->kind, MDC_V_OBJECT);
    assert_int_equal(mdc_v_get(g, "points")->u.i, 2);
    assert_int_equal(mdc_v_get(g, "time")->u.tm.min, 15);
    assert_int_equal(mdc_v_get(v, "values")->u.list.n, 2);
    assert_null(mdc_v_get(v, "points")); /* not flattened */
    /* n = 2 but one value follows */
    decode_fails(l_dotted, wire, 11, GDW13761_E_SHORT, 7, "values");
    /* left out: written after the group, from the values */
    drop(g, "points");
    encode_is(l_dotted, v, BYTES(wire));
    /* present: must agree */
    mdc_v_add_int(&A, g, "points", 1, NULL);
    encode_fails(l_dotted, v, GDW13761_E_COUNT,
                 "values: 'td.points' says 1 elements, the data has 2");
    /* a ref through a group that lacks the field, or through no group */
    decode_fails(l_dotted_bad, BYTES(wire), GDW13761_E_LAYOUT, 7,
                 "values: ref 'td.nope' names no earlier field");
    decode_fails(l_dotted_bad2, BYTES(wire), GDW13761_E_LAYOUT, 7,
                 "values: ref 'nope.points' names no earlier field");

    /* two groups with a "points" each: only b's counts; a's left out is an error */
    static const char wire2[] = "\x15\x00\x20\x05\x13\x01\x05" /* a: points 5 (not a count) */
                                "\x15\x00\x20\x05\x13\x01\x01" /* b: points 1 */
                                "\x00\x03\x00\x00";
    mdc_arena_reset(&A);
    v = roundtrip(l_dotted2, BYTES(wire2));
    drop(mut(v, "b"), "points");
    encode_is(l_dotted2, v, BYTES(wire2));
    drop(mut(v, "a"), "points");
    encode_fails(l_dotted2, v, GDW13761_E_MISSING, "a.points: missing (no data to count)");
}

static void test_sample_roundtrip(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        for (unsigned seed = 0; seed < 40; seed++) {
            uint8_t b1[1024], b2[1024];
            size_t w1 = 0, w2 = 0, used = 0;
            mdc_value *d = NULL;
            mdc_arena_reset(&A);
            mdc_value *v = gdw13761_unit_sample(samples[i], seed, &A);
            assert_non_null(v);
            if (gdw13761_unit_encode(samples[i], v, b1, sizeof b1, &w1, &E) != 0)
                fail_msg("layout %zu seed %u: encode: %s", i, seed, E.msg);
            if (gdw13761_unit_decode(samples[i], b1, w1, &used, &A, &d, &E) != 0)
                fail_msg("layout %zu seed %u: decode: %s", i, seed, E.msg);
            assert_int_equal(used, w1);
            if (gdw13761_unit_encode(samples[i], d, b2, sizeof b2, &w2, &E) != 0)
                fail_msg("layout %zu seed %u: re-encode: %s", i, seed, E.msg);
            assert_int_equal(w1, w2);
            assert_memory_equal(b1, b2, w1);
        }
    }
    /* the seed varies the values */
    uint8_t a1[256], a2[256];
    size_t n1, n2;
    mdc_arena_reset(&A);
    gdw13761_unit_encode(l_fixed, gdw13761_unit_sample(l_fixed, 2, &A), a1, sizeof a1, &n1, &E);
    gdw13761_unit_encode(l_fixed, gdw13761_unit_sample(l_fixed, 4, &A), a2, sizeof a2, &n2, &E);
    assert_int_equal(n1, n2);
    assert_true(memcmp(a1, a2, n1) != 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_counted_repeat, setup),
        cmocka_unit_test_setup(test_nested_ref_to_enclosing, setup),
        cmocka_unit_test_setup(test_backpatch, setup),
        cmocka_unit_test_setup(test_bits, setup),
        cmocka_unit_test_setup(test_switch, setup),
        cmocka_unit_test_setup(test_sized_flat_and_varbytes, setup),
        cmocka_unit_test_setup(test_rest, setup),
        cmocka_unit_test_setup(test_fixed_len_and_truncation, setup),
        cmocka_unit_test_setup(test_hostile_counts, setup),
        cmocka_unit_test_setup(test_arena_and_space, setup),
        cmocka_unit_test_setup(test_include, setup),
        cmocka_unit_test_setup(test_dotted_ref, setup),
        cmocka_unit_test_setup(test_sample_roundtrip, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
