/* DL/T 645 DI catalogue: every row round-trips, hand-checked values, error paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dlt645/di.h"

static uint8_t arena_buf[1 << 16];
static mdc_arena A;

static mdc_value *dec(unsigned ed, uint32_t di, const uint8_t *p, size_t n, dlt645_di_status want)
{
    mdc_value *v = NULL;
    dlt645_di_err e;
    mdc_arena_init(&A, arena_buf, sizeof arena_buf);
    dlt645_di_status st = dlt645_di_decode(ed, di, p, n, &A, &v, &e);
    assert_int_equal(st, want);
    assert_int_equal(e.status, want);
    assert_non_null(e.reason);
    assert_non_null(v);
    return v;
}

static void roundtrip(unsigned ed, uint32_t di, const uint8_t *p, size_t n)
{
    mdc_value *v = NULL;
    uint8_t out[1024];
    size_t len = 0;
    dlt645_di_err e;
    mdc_arena_init(&A, arena_buf, sizeof arena_buf);
    dlt645_di_decode(ed, di, p, n, &A, &v, &e);
    assert_non_null(v);
    dlt645_di_status st = dlt645_di_encode(ed, di, v, out, sizeof out, &len, &e);
    if (st != DLT645_DI_OK)
        fail_msg("DI %08X: encode failed: %s (%s)", (unsigned)di, e.reason,
                 e.where ? e.where : "-");
    assert_int_equal(len, n);
    assert_memory_equal(out, p, n);
}

static void check_dec(const mdc_value *v, int64_t mant, uint8_t scale, const char *unit)
{
    assert_non_null(v);
    assert_int_equal(v->kind, MDC_V_DEC);
    assert_int_equal(v->u.dec.mant, mant);
    assert_int_equal(v->u.dec.scale, scale);
    if (unit)
        assert_string_equal(v->unit, unit);
}

#include "../check_time.h"

/* A valid sample of n bytes for any non-text item: 0x01 is a valid BCD digit
 * pair, month, day, hour, minute, second and weekday. */
static void sample(uint8_t *p, size_t n, uint8_t fill)
{
    memset(p, fill, n);
}

/* A load-record reply with all six blocks (94 bytes... computed). */
static size_t loadrec_sample(uint8_t *p, bool empty_blocks)
{
    static const size_t bl[6] = {17, 24, 8, 16, 16, 6};
    size_t pos = 0;
    p[pos++] = 0xA0;
    p[pos++] = 0xA0;
    pos++;                                               /* L */
    const uint8_t t[5] = {0x15, 0x08, 0x15, 0x11, 0x25}; /* 2025-11-15 08:15 */
    memcpy(p + pos, t, 5);
    pos += 5;
    for (int b = 0; b < 6; b++) {
        if (!empty_blocks || b == 0 || b == 3) {
            memset(p + pos, 0x01, bl[b]);
            pos += bl[b];
        }
        p[pos++] = 0xAA;
    }
    p[2] = (uint8_t)(pos - 3);
    unsigned s = 0;
    for (size_t i = 0; i < pos; i++)
        s += p[i];
    p[pos++] = (uint8_t)s;
    p[pos++] = 0xE5;
    p[pos++] = 0xE5;
    return pos;
}

/* Every DI of every row: the row is found for it; first/last (and a few inside)
 * round-trip decode -> encode byte for byte with a typed (non-raw) decode. */
static void check_all(unsigned ed)
{
    size_t rows = dlt645_di_row_count(ed);
    assert_true(rows > 10);
    uint32_t prev_first = 0;
    size_t total = 0;
    for (size_t r = 0; r < rows; r++) {
        dlt645_di_row_info ri;
        assert_true(dlt645_di_row_at(ed, r, &ri));
        assert_true(r == 0 || ri.first > prev_first); /* rows in ascending order */
        prev_first = ri.first;
        assert_non_null(ri.info.name);
        assert_true(ri.info.len > 0);
        for (uint32_t i = 0; i < ri.count; i++) {
            uint32_t di = dlt645_di_row_member(ed, r, i);
            dlt645_di_info info;
            assert_true(dlt645_di_lookup(ed, di, &info));
            /* The row found is this row: no earlier row shadows a member. */
            if (strcmp(info.name, ri.info.name) != 0)
                fail_msg("DI %08X found as \"%s\", row says \"%s\"", (unsigned)di, info.name,
                         ri.info.name);
            total++;
            if (i != 0 && i + 1 != ri.count && i % 7 != 3)
                continue;
            uint8_t buf[1024];
            if (info.kind == DLT645_DK_LOADREC) {
                size_t n = loadrec_sample(buf, i % 2 == 1);
                dec(ed, di, buf, n, DLT645_DI_OK);
                roundtrip(ed, di, buf, n);
                continue;
            }
            size_t lens[3] = {info.len, info.len_max, info.len + info.len_step};
            for (int k = 0; k < 3; k++) {
                if (lens[k] > info.len_max)
                    continue;
                sample(buf, lens[k], 0x01);
                dec(ed, di, buf, lens[k],
                    info.kind == DLT645_DK_ASCII ? DLT645_DI_HAS_INVALID : DLT645_DI_OK);
                roundtrip(ed, di, buf, lens[k]);
                sample(buf, lens[k], 0x05);
                roundtrip(ed, di, buf, lens[k]);
            }
            /* One byte short: raw with a reason. */
            if (info.len > 1)
                dec(ed, di, buf, info.len - 1, DLT645_DI_BAD_LENGTH);
        }
    }
    assert_true(total > rows);
}

/* The lookup-cost claim of docs/dlt645-di.md: rows sharing a lookup key. */
static size_t max_bucket(unsigned ed, unsigned shift)
{
    size_t best = 0, run = 0;
    uint32_t prev = 0xFFFFFFFFu;
    for (size_t r = 0; r < dlt645_di_row_count(ed); r++) {
        dlt645_di_row_info ri;
        assert_true(dlt645_di_row_at(ed, r, &ri));
        assert_int_equal(ri.first >> shift, ri.last >> shift); /* no row varies the key */
        run = (ri.first >> shift) == prev ? run + 1 : 1;
        prev = ri.first >> shift;
        best = run > best ? run : best;
    }
    return best;
}

static void test_lookup_cost(void **s)
{
    (void)s;
    assert_true(max_bucket(DLT645_DI_ED_2007, 16) <= 60);
    assert_true(max_bucket(DLT645_DI_ED_1997, 12) <= 27);
}

static void test_catalogue_2007(void **s)
{
    (void)s;
    check_all(DLT645_DI_ED_2007);
}

static void test_catalogue_1997(void **s)
{
    (void)s;
    check_all(DLT645_DI_ED_1997);
}

static void test_coverage(void **s)
{
    (void)s;
    static const uint32_t need07[] = {
        0x00000000, 0x00010000, 0x00013F00, 0x0001FF00, 0x0002FF00, 0x00020000, 0x00030000,
        0x00050000, 0x00080000, 0x0001FF01, 0x0001FF0C, 0x00010200, 0x01010000, 0x0101FF00,
        0x01020000, 0x02010100, 0x02010300, 0x0201FF00, 0x02020100, 0x0202FF00, 0x02030000,
        0x0203FF00, 0x02040000, 0x02050000, 0x02060000, 0x0206FF00, 0x02800002, 0x04000101,
        0x04000102, 0x0400010C, 0x04000103, 0x04000401, 0x04000402, 0x04000403, 0x04000409,
        0x0400040A, 0x04000B01, 0x04000501, 0x04000507, 0x040005FF, 0x05060001, 0x05060101,
        0x05060201, 0x05060301, 0x0506013E, 0x05000001, 0x05000101, 0x03300D00, 0x03300D01,
        0x03300E00, 0x03300E01, 0x03300000, 0x03300001, 0x03300400, 0x03300401, 0x03300200,
        0x03300201, 0x03300100, 0x03300101, 0x03300300, 0x03300301, 0x03110000, 0x03110001,
        0x03350000, 0x03350001, 0x1D000001, 0x1D000101, 0x1E000001, 0x1E000101, 0x1D00FF01,
        0x00900200, 0x00900201, 0x03330201, 0x06000000, 0x06000001, 0x06000002, 0x06060002,
        0x05040001, 0x050401FE, 0x05060901,
    };
    for (size_t i = 0; i < sizeof need07 / sizeof need07[0]; i++)
        if (!dlt645_di_lookup(DLT645_DI_ED_2007, need07[i], NULL))
            fail_msg("2007 DI %08X missing", (unsigned)need07[i]);
    static const uint16_t need97[] = {
        0x9010, 0x9014, 0x901F, 0x9020, 0x902F, 0x9110, 0x9410, 0x941F, 0x9810,
        0xA010, 0xB010, 0xB611, 0xB613, 0xB621, 0xB630, 0xB633, 0xB640, 0xB650,
        0xB210, 0xB212, 0xB213, 0xB214, 0xB310, 0xB320, 0xB330, 0xB340, 0xC010,
        0xC011, 0xC020, 0xC021, 0xC022, 0xC030, 0xC031, 0xC032, 0xC033, 0xC034};
    dlt645_di_info info;
    for (size_t i = 0; i < sizeof need97 / sizeof need97[0]; i++)
        if (!dlt645_di_lookup(DLT645_DI_ED_1997, need97[i], &info))
            fail_msg("1997 DI %04X missing", (unsigned)need97[i]);
    assert_false(dlt645_di_lookup(DLT645_DI_ED_2007, 0x00014000, &info)); /* tariff 64 */
    assert_false(dlt645_di_lookup(DLT645_DI_ED_2007, 0x0001000D, &info)); /* settlement 13 */
    assert_false(dlt645_di_lookup(DLT645_DI_ED_2007, 0x03300D0B, &info)); /* record 11 */
    assert_false(dlt645_di_lookup(DLT645_DI_ED_2007, 0x0506003F, &info)); /* day 63 */
    assert_false(dlt645_di_lookup(DLT645_DI_ED_1997, 0x9210, &info));
    assert_false(dlt645_di_lookup(1999, 0x9010, &info));
}

static void test_energy_values(void **s)
{
    (void)s;
    const uint8_t e1[] = {0x56, 0x34, 0x12, 0x00};
    check_dec(dec(2007, 0x00010000, e1, 4, DLT645_DI_OK), 123456, 2, "kWh");
    /* Combined energy with the sign bit: -1234.56 kWh. */
    const uint8_t e2[] = {0x56, 0x34, 0x12, 0x80};
    check_dec(dec(2007, 0x00000000, e2, 4, DLT645_DI_OK), -123456, 2, "kWh");
    roundtrip(2007, 0x00000000, e2, 4);
    /* The same bytes in an unsigned item are bad BCD (8 is fine, 0x80 top nibble 8 ok):
     * 0x80 is valid BCD "80" -> 801234.56 kWh. */
    check_dec(dec(2007, 0x00010000, e2, 4, DLT645_DI_OK), 80123456, 2, "kWh");
    /* Block: total + 4 tariffs. */
    const uint8_t blk[20] = {0x00, 0x10, 0,    0,    0x00, 0x02, 0,    0,    0x00, 0x03,
                             0,    0,    0x00, 0x04, 0,    0,    0x00, 0x01, 0,    0};
    mdc_value *v = dec(2007, 0x0001FF01, blk, 20, DLT645_DI_OK);
    check_dec(mdc_v_get(v, "total"), 1000, 2, "kWh");
    const mdc_value *t = mdc_v_get(v, "tariffs");
    assert_int_equal(t->kind, MDC_V_ARRAY);
    assert_int_equal(t->u.list.n, 4);
    check_dec(mdc_v_at(t, 3), 100, 2, "kWh");
    dec(2007, 0x0001FF00, blk, 18, DLT645_DI_BAD_LENGTH);
    /* Bad BCD: INVALID, raw bytes kept, and it re-encodes unchanged. */
    const uint8_t bad[] = {0x5A, 0x34, 0x12, 0x00};
    v = dec(2007, 0x00010000, bad, 4, DLT645_DI_HAS_INVALID);
    assert_int_equal(v->kind, MDC_V_INVALID);
    assert_memory_equal(v->u.bytes.p, bad, 4);
    roundtrip(2007, 0x00010000, bad, 4);
    /* Negative zero is kept raw (a number could not carry it back). */
    const uint8_t nz[] = {0, 0, 0, 0x80};
    assert_int_equal(dec(2007, 0x00000000, nz, 4, DLT645_DI_HAS_INVALID)->kind, MDC_V_INVALID);
}

static void test_instant_values(void **s)
{
    (void)s;
    const uint8_t u[] = {0x01, 0x22};
    check_dec(dec(2007, 0x02010100, u, 2, DLT645_DI_OK), 2201, 1, "V");
    const uint8_t i[] = {0x00, 0x50, 0x81}; /* -15.000 A: sign bit on the top byte */
    check_dec(dec(2007, 0x02020200, i, 3, DLT645_DI_OK), -15000, 3, "A");
    roundtrip(2007, 0x02020200, i, 3);
    const uint8_t pf[] = {0x50, 0x89}; /* -0.950 */
    check_dec(dec(2007, 0x02060000, pf, 2, DLT645_DI_OK), -950, 3, NULL);
    const uint8_t f[] = {0x02, 0x50};
    check_dec(dec(2007, 0x02800002, f, 2, DLT645_DI_OK), 5002, 2, "Hz");
    const uint8_t blk[] = {0x01, 0x22, 0x00, 0x22, 0x99, 0x21};
    mdc_value *v = dec(2007, 0x0201FF00, blk, 6, DLT645_DI_OK);
    check_dec(mdc_v_get(v, "c"), 2199, 1, "V");
    /* 1997 voltage: whole volts. */
    const uint8_t u97[] = {0x20, 0x02};
    check_dec(dec(1997, 0xB612, u97, 2, DLT645_DI_OK), 220, 0, "V");
}

static void test_demand(void **s)
{
    (void)s;
    const uint8_t d[] = {0x12, 0x34, 0x05, 0x30, 0x08, 0x15, 0x11, 0x25};
    mdc_value *v = dec(2007, 0x01010000, d, 8, DLT645_DI_OK);
    assert_int_equal(v->kind, MDC_V_OBJECT);
    check_dec(mdc_v_get(v, "value"), 53412, 4, "kW");
    check_tm(mdc_v_get(v, "time"), 2025, 11, 15, 8, 30, 0,
             MDC_TM_YEAR | MDC_TM_MON | MDC_TM_DAY | MDC_TM_HOUR | MDC_TM_MIN);
    roundtrip(2007, 0x01010000, d, 8);
    uint8_t blk[16];
    memcpy(blk, d, 8);
    memcpy(blk + 8, d, 8);
    v = dec(2007, 0x0101FF01, blk, 16, DLT645_DI_OK);
    check_dec(mdc_v_get(mdc_v_at(mdc_v_get(v, "tariffs"), 0), "value"), 53412, 4, "kW");
}

static void test_clock(void **s)
{
    (void)s;
    const uint8_t date[] = {0x06, 0x15, 0x11, 0x25}; /* WW DD MM YY */
    mdc_value *v = dec(2007, 0x04000101, date, 4, DLT645_DI_OK);
    check_tm(v, 2025, 11, 15, 0, 0, 0, MDC_TM_DATE | MDC_TM_WDAY);
    assert_int_equal(v->u.tm.wday, 6);
    const uint8_t tm[] = {0x45, 0x30, 0x08}; /* ss mm hh */
    check_tm(dec(2007, 0x04000102, tm, 3, DLT645_DI_OK), 0, 0, 0, 8, 30, 45,
             MDC_TM_HOUR | MDC_TM_MIN | MDC_TM_SEC);
    const uint8_t dt[] = {0x45, 0x30, 0x08, 0x06, 0x15, 0x11, 0x25};
    v = dec(2007, 0x0400010C, dt, 7, DLT645_DI_OK);
    check_tm(v, 2025, 11, 15, 8, 30, 45, MDC_TM_FULL | MDC_TM_WDAY);
    /* Encode a time without a weekday: computed from the date. */
    mdc_arena_init(&A, arena_buf, sizeof arena_buf);
    mdc_tm t = {2025, 11, 15, 8, 30, 45, 0, MDC_TM_FULL};
    mdc_value *tv = mdc_v_add_time(&A, NULL, NULL, &t);
    uint8_t out[8];
    size_t n;
    dlt645_di_err e;
    assert_int_equal(dlt645_di_encode(2007, 0x0400010C, tv, out, sizeof out, &n, &e), DLT645_DI_OK);
    assert_int_equal(n, 7);
    assert_memory_equal(out, dt, 7);
    /* 1997 demand time MMDDhhmm (no year), wire mm hh DD MM. */
    const uint8_t b010[] = {0x30, 0x08, 0x15, 0x11};
    check_tm(dec(1997, 0xB010, b010, 4, DLT645_DI_OK), 0, 11, 15, 8, 30, 0,
             MDC_TM_MON | MDC_TM_DAY | MDC_TM_HOUR | MDC_TM_MIN);
    /* Settlement day DDhh: the 1st at 00h. */
    const uint8_t b01[] = {0x00, 0x01};
    check_tm(dec(2007, 0x04000B01, b01, 2, DLT645_DI_OK), 0, 0, 1, 0, 0, 0,
             MDC_TM_DAY | MDC_TM_HOUR);
    /* Month 13 is invalid: INVALID, kept. */
    const uint8_t bad[] = {0x06, 0x15, 0x13, 0x25};
    assert_int_equal(dec(2007, 0x04000101, bad, 4, DLT645_DI_HAS_INVALID)->kind, MDC_V_INVALID);
    /* A time lacking a part the format needs. */
    mdc_tm hm = {0, 0, 0, 8, 30, 0, 0, MDC_TM_HOUR | MDC_TM_MIN};
    tv = mdc_v_add_time(&A, NULL, NULL, &hm);
    assert_int_equal(dlt645_di_encode(2007, 0x04000102, tv, out, sizeof out, &n, &e),
                     DLT645_DI_EVALUE);
    assert_string_equal(e.reason, "the time lacks a part the format carries");
}

static void test_status_words(void **s)
{
    (void)s;
    const uint8_t sw3[] = {0x10, 0x01}; /* b4 relay off, b8..9 = 01 energy-prepaid */
    mdc_value *v = dec(2007, 0x04000503, sw3, 2, DLT645_DI_OK);
    int64_t x;
    assert_true(mdc_v_int(mdc_v_get(v, "raw"), &x));
    assert_int_equal(x, 0x0110);
    assert_true(mdc_v_get(v, "relay_off")->u.b);
    assert_false(mdc_v_get(v, "relay_command_off")->u.b);
    assert_true(mdc_v_int(mdc_v_get(v, "meter_type"), &x));
    assert_int_equal(x, 1);
    const uint8_t sw1[] = {0x14, 0x00};
    v = dec(2007, 0x04000501, sw1, 2, DLT645_DI_OK);
    assert_true(mdc_v_get(v, "clock_battery_low")->u.b);
    assert_true(mdc_v_get(v, "active_reverse")->u.b);
    assert_false(mdc_v_get(v, "reactive_reverse")->u.b);
    /* Block of 7 words: 14 bytes; 16 accepted and kept. */
    uint8_t blk[16] = {0x14, 0, 0, 0, 0x10, 0x01, 0, 0, 0, 0, 0, 0, 0x20, 0x00, 0xAB, 0xCD};
    v = dec(2007, 0x040005FF, blk, 14, DLT645_DI_OK);
    assert_true(mdc_v_get(mdc_v_get(v, "sw3"), "relay_off")->u.b);
    assert_true(mdc_v_get(mdc_v_get(v, "sw7"), "power_down")->u.b);
    assert_null(mdc_v_get(v, "extra"));
    roundtrip(2007, 0x040005FF, blk, 14);
    v = dec(2007, 0x040005FF, blk, 16, DLT645_DI_OK);
    assert_string_equal(mdc_v_get(v, "extra")->u.str.p, "CDAB");
    roundtrip(2007, 0x040005FF, blk, 16);
    dec(2007, 0x040005FF, blk, 15, DLT645_DI_BAD_LENGTH);
    /* Editing a bit in the tree changes the word. */
    mdc_arena_init(&A, arena_buf, sizeof arena_buf);
    mdc_value *o = mdc_v_add_obj(&A, NULL, NULL);
    mdc_v_add_int(&A, o, "raw", 0x0110, NULL);
    mdc_v_add_bool(&A, o, "relay_off", false);
    mdc_v_add_int(&A, o, "supply", 2, NULL);
    uint8_t out[2];
    size_t n;
    assert_int_equal(dlt645_di_encode(2007, 0x04000503, o, out, 2, &n, NULL), DLT645_DI_OK);
    assert_memory_equal(out, "\x04\x01", 2);
    /* 1997 status word, 1 byte. */
    const uint8_t c020[] = {0x14};
    v = dec(1997, 0xC020, c020, 1, DLT645_DI_OK);
    assert_true(mdc_v_get(v, "battery_low")->u.b);
    assert_true(mdc_v_get(v, "active_reverse")->u.b);
}

static void test_cover_record(void **s)
{
    (void)s;
    uint8_t r[60];
    const uint8_t start[6] = {0x30, 0x20, 0x10, 0x01, 0x11, 0x25}; /* 2025-11-01 10:20:30 */
    const uint8_t end[6] = {0x00, 0x25, 0x10, 0x01, 0x11, 0x25};   /* 2025-11-01 10:25:00 */
    memcpy(r, start, 6);
    memcpy(r + 6, end, 6);
    for (int k = 0; k < 12; k++) { /* energies: k+1 .00 kWh */
        const uint8_t e[4] = {0x00, (uint8_t)(((k + 1) / 10) << 4 | (k + 1) % 10), 0, 0};
        memcpy(r + 12 + 4 * k, e, 4);
    }
    mdc_value *v = dec(2007, 0x03300D01, r, 60, DLT645_DI_OK);
    check_tm(mdc_v_get(v, "start"), 2025, 11, 1, 10, 20, 30, MDC_TM_FULL);
    check_tm(mdc_v_get(v, "end"), 2025, 11, 1, 10, 25, 0, MDC_TM_FULL);
    check_dec(mdc_v_get(mdc_v_get(v, "before"), "forward_active"), 100, 2, "kWh");
    check_dec(mdc_v_get(mdc_v_get(v, "before"), "q4_reactive"), 600, 2, "kvarh");
    check_dec(mdc_v_get(mdc_v_get(v, "after"), "reverse_active"), 800, 2, "kWh");
    check_dec(mdc_v_get(mdc_v_get(v, "after"), "q4_reactive"), 1200, 2, "kvarh");
    roundtrip(2007, 0x03300D01, r, 60);
    roundtrip(2007, 0x03300E0A, r, 60);
    dec(2007, 0x03300E01, r, 14, DLT645_DI_BAD_LENGTH); /* source B's 14 is wrong */
    /* A record not yet written (all zero times) decodes with NULL times. */
    memset(r, 0, 12);
    v = dec(2007, 0x03300D02, r, 60, DLT645_DI_OK);
    assert_int_equal(mdc_v_get(v, "start")->kind, MDC_V_NULL);
    roundtrip(2007, 0x03300D02, r, 60);
    /* Programming record: time, operator, 10 DIs. */
    uint8_t p[50];
    memcpy(p, start, 6);
    memcpy(p + 6, "\x78\x56\x34\x12", 4);
    memset(p + 10, 0xFF, 40);
    memcpy(p + 10, "\x01\x01\x00\x04", 4);
    v = dec(2007, 0x03300001, p, 50, DLT645_DI_OK);
    assert_string_equal(mdc_v_get(v, "operator")->u.str.p, "12345678");
    assert_string_equal(mdc_v_at(mdc_v_get(v, "dis"), 0)->u.str.p, "04000101");
    assert_string_equal(mdc_v_at(mdc_v_get(v, "dis"), 9)->u.str.p, "FFFFFFFF");
    roundtrip(2007, 0x03300001, p, 50);
}

static void test_unknown_and_raw(void **s)
{
    (void)s;
    const uint8_t d[] = {1, 2, 3};
    mdc_value *v = dec(2007, 0x12345678, d, 3, DLT645_DI_UNKNOWN);
    assert_int_equal(v->kind, MDC_V_BYTES);
    assert_int_equal(v->u.bytes.len, 3);
    roundtrip(2007, 0x12345678, d, 3);
    v = dec(2007, 0x00010000, d, 3, DLT645_DI_BAD_LENGTH);
    assert_int_equal(v->kind, MDC_V_BYTES);
    dlt645_di_err e;
    mdc_arena_init(&A, arena_buf, sizeof arena_buf);
    assert_int_equal(dlt645_di_decode(2007, 0x00010000, d, 3, &A, &v, &e), DLT645_DI_BAD_LENGTH);
    assert_string_equal(e.reason, "data length differs from the DI's fixed length");
    dec(2007, 0x00010000, NULL, 0, DLT645_DI_BAD_LENGTH);
    dec(1997, 0x1234, d, 3, DLT645_DI_UNKNOWN);
    /* Bad arguments. */
    assert_int_equal(dlt645_di_decode(2008, 0, d, 3, &A, &v, &e), DLT645_DI_EINVAL);
    assert_int_equal(dlt645_di_decode(2007, 0, d, 3, NULL, &v, &e), DLT645_DI_EINVAL);
    /* Arena too small. */
    uint8_t tiny[16];
    mdc_arena small;
    mdc_arena_init(&small, tiny, sizeof tiny);
    uint8_t blk[40] = {0};
    assert_int_equal(dlt645_di_decode(2007, 0x0001FF00, blk, 40, &small, &v, &e), DLT645_DI_ENOMEM);
    /* Encoding a typed value for an unknown DI is refused. */
    mdc_arena_init(&A, arena_buf, sizeof arena_buf);
    mdc_value *n = mdc_v_add_int(&A, NULL, NULL, 5, NULL);
    uint8_t out[8];
    size_t len;
    assert_int_equal(dlt645_di_encode(2007, 0x12345678, n, out, 8, &len, &e), DLT645_DI_EVALUE);
}

static void test_encode_errors(void **s)
{
    (void)s;
    uint8_t out[64];
    size_t n;
    dlt645_di_err e;
    mdc_arena_init(&A, arena_buf, sizeof arena_buf);
    mdc_value *neg = mdc_v_add_dec(&A, NULL, NULL, -100, 2, "kWh");
    assert_int_equal(dlt645_di_encode(2007, 0x00010000, neg, out, 64, &n, &e), DLT645_DI_EVALUE);
    assert_string_equal(e.reason, "negative value in an unsigned format");
    assert_int_equal(dlt645_di_encode(2007, 0x00000000, neg, out, 64, &n, &e), DLT645_DI_OK);
    assert_memory_equal(out, "\x00\x01\x00\x80", 4);
    mdc_value *fine = mdc_v_add_dec(&A, NULL, NULL, 12345, 3, "kWh");
    assert_int_equal(dlt645_di_encode(2007, 0x00010000, fine, out, 64, &n, &e), DLT645_DI_EVALUE);
    assert_string_equal(e.reason, "more decimals than the format carries");
    mdc_value *big = mdc_v_add_int(&A, NULL, NULL, 1000000, NULL);
    assert_int_equal(dlt645_di_encode(2007, 0x00010000, big, out, 64, &n, &e), DLT645_DI_EVALUE);
    assert_string_equal(e.reason, "value out of range for the format");
    mdc_value *big2 = mdc_v_add_int(&A, NULL, NULL, 800000, NULL);
    assert_int_equal(dlt645_di_encode(2007, 0x00000000, big2, out, 64, &n, &e), DLT645_DI_EVALUE);
    assert_string_equal(e.reason, "value out of range for a signed format");
    mdc_value *ok = mdc_v_add_int(&A, NULL, NULL, 799999, NULL);
    assert_int_equal(dlt645_di_encode(2007, 0x00000000, ok, out, 64, &n, &e), DLT645_DI_OK);
    assert_memory_equal(out, "\x00\x99\x99\x79", 4);
    /* Output too small. */
    assert_int_equal(dlt645_di_encode(2007, 0x00000000, ok, out, 3, &n, &e), DLT645_DI_ENOMEM);
    /* Record with a member missing. */
    mdc_value *o = mdc_v_add_obj(&A, NULL, NULL);
    mdc_v_add_dec(&A, o, "value", 10000, 4, "kW");
    assert_int_equal(dlt645_di_encode(2007, 0x01010000, o, out, 64, &n, &e), DLT645_DI_EVALUE);
    assert_string_equal(e.reason, "member missing");
    assert_string_equal(e.where, "time");
    /* Wrong kind. */
    mdc_value *str = mdc_v_add_str(&A, NULL, NULL, "x", 1);
    assert_int_equal(dlt645_di_encode(2007, 0x00010000, str, out, 64, &n, &e), DLT645_DI_EVALUE);
    assert_string_equal(e.reason, "a number was expected");
    /* Address: 12 digits. */
    mdc_value *addr = mdc_v_add_str(&A, NULL, NULL, "123456789012", 12);
    assert_int_equal(dlt645_di_encode(2007, 0x04000401, addr, out, 64, &n, &e), DLT645_DI_OK);
    assert_memory_equal(out, "\x12\x90\x78\x56\x34\x12", 6);
    mdc_value *addr2 = mdc_v_add_str(&A, NULL, NULL, "12345678901A", 12);
    assert_int_equal(dlt645_di_encode(2007, 0x04000401, addr2, out, 64, &n, &e), DLT645_DI_EVALUE);
    /* Asset code text, sent last character first. */
    mdc_value *txt = mdc_v_add_str(&A, NULL, NULL, "AB", 2);
    assert_int_equal(dlt645_di_encode(2007, 0x04000403, txt, out, 64, &n, &e), DLT645_DI_OK);
    assert_int_equal(n, 32);
    assert_int_equal(out[31], 'A');
    assert_int_equal(out[30], 'B');
    assert_int_equal(out[0], 0);
    mdc_value *back = dec(2007, 0x04000403, out, 32, DLT645_DI_OK);
    assert_string_equal(back->u.str.p, "AB");
}

static void test_labels(void **s)
{
    (void)s;
    char b[128];
    dlt645_di_label(2007, 0x00010203, b, sizeof b);
    assert_string_equal(b, "forward active energy, tariff 2, previous settlement day 3");
    dlt645_di_label(2007, 0x00000000, b, sizeof b);
    assert_string_equal(b, "combined active energy, total");
    dlt645_di_label(2007, 0x03300D01, b, sizeof b);
    assert_string_equal(b, "cover opened record, last 1");
    dlt645_di_label(2007, 0x05060105, b, sizeof b);
    assert_string_equal(b, "daily freeze forward active energy, previous day 5");
    dlt645_di_label(2007, 0x02010200, b, sizeof b);
    assert_string_equal(b, "voltage, phase B");
    dlt645_di_label(2007, 0x06000001, b, sizeof b);
    assert_string_equal(b, "load record, all classes, block at a given time");
    dlt645_di_label(2007, 0x1D000103, b, sizeof b);
    assert_string_equal(b, "trip time, last 3");
    dlt645_di_label(2007, 0x1E00FF01, b, sizeof b);
    assert_string_equal(b, "close record, last 1");
    dlt645_di_label(2007, 0x0101FF01, b, sizeof b);
    assert_string_equal(b, "forward active max demand block, previous settlement day 1");
    dlt645_di_label(2007, 0x02030000, b, sizeof b);
    assert_string_equal(b, "active power, total");
    dlt645_di_label(2007, 0x04000C01, b, sizeof b);
    assert_string_equal(b, "password, level 0");
    dlt645_di_label(2007, 0xDEADBEEF, b, sizeof b);
    assert_string_equal(b, "unknown DI DEADBEEF");
    dlt645_di_label(1997, 0x9412, b, sizeof b);
    assert_string_equal(b, "forward active energy, last month, tariff 2");
    dlt645_di_label(1997, 0xB613, b, sizeof b);
    assert_string_equal(b, "voltage, phase C");
    dlt645_di_label(1997, 0x0001, b, sizeof b);
    assert_string_equal(b, "unknown DI 0001");
    /* Truncation keeps a NUL. */
    assert_int_equal(dlt645_di_label(2007, 0x00010203, b, 8), 7);
    assert_string_equal(b, "forward");
}

static void test_info(void **s)
{
    (void)s;
    dlt645_di_info i;
    assert_true(dlt645_di_lookup(2007, 0x02020100, &i));
    assert_string_equal(i.format, "XXX.XXX");
    assert_int_equal(i.len, 3);
    assert_int_equal(i.decimals, 3);
    assert_true(i.is_signed);
    assert_string_equal(i.unit, "A");
    assert_int_equal(i.kind, DLT645_DK_NUMBER);
    assert_true(dlt645_di_lookup(2007, 0x0001FF00, &i));
    assert_int_equal(i.kind, DLT645_DK_BLOCK);
    assert_int_equal(i.len, 4);
    assert_int_equal(i.len_max, 256);
    assert_int_equal(i.len_step, 4);
    assert_string_equal(i.unit, "kWh");
    assert_true(dlt645_di_lookup(2007, 0x03300D01, &i));
    assert_int_equal(i.kind, DLT645_DK_RECORD);
    assert_int_equal(i.len, 60);
    assert_true(dlt645_di_lookup(2007, 0x03300001, &i));
    assert_int_equal(i.len, 50);
    assert_true(dlt645_di_lookup(2007, 0x03300101, &i));
    assert_int_equal(i.len, 106);
    assert_true(dlt645_di_lookup(2007, 0x03300201, &i));
    assert_int_equal(i.len, 202);
    assert_true(dlt645_di_lookup(2007, 0x03300401, &i));
    assert_int_equal(i.len, 16);
    assert_true(dlt645_di_lookup(2007, 0x03110001, &i));
    assert_int_equal(i.len, 12);
    assert_true(dlt645_di_lookup(2007, 0x1D00FF01, &i));
    assert_int_equal(i.len, 34);
    assert_true(dlt645_di_lookup(2007, 0x040005FF, &i));
    assert_int_equal(i.len, 14);
    assert_int_equal(i.len_max, 16);
    assert_true(dlt645_di_lookup(2007, 0x05060001, &i));
    assert_int_equal(i.len, 5);
    assert_string_equal(i.format, "YYMMDDhhmm");
    assert_true(dlt645_di_lookup(2007, 0x0400010C, &i));
    assert_int_equal(i.len, 7);
    assert_int_equal(i.kind, DLT645_DK_TIME);
    assert_int_equal(i.tm_fields, MDC_TM_FULL | MDC_TM_WDAY);
    assert_true(dlt645_di_lookup(2007, 0x04000101, &i));
    assert_int_equal(i.tm_fields, MDC_TM_DATE | MDC_TM_WDAY);
    assert_true(dlt645_di_lookup(1997, 0xB010, &i));
    assert_int_equal(i.tm_fields, MDC_TM_MON | MDC_TM_DAY | MDC_TM_HOUR | MDC_TM_MIN);
    assert_true(dlt645_di_lookup(2007, 0x04000B01, &i));
    assert_int_equal(i.tm_fields, MDC_TM_DAY | MDC_TM_HOUR);
}

static void test_loadrec(void **s)
{
    (void)s;
    uint8_t buf[256], req[8];
    size_t n = loadrec_sample(buf, false);
    mdc_value *v = dec(2007, 0x06000002, buf, n, DLT645_DI_OK);
    assert_int_equal(v->kind, MDC_V_ARRAY);
    const mdc_value *r0 = mdc_v_at(v, 0);
    check_tm(mdc_v_get(r0, "time"), 2025, 11, 15, 8, 15, 0, MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN);
    check_dec(mdc_v_get(mdc_v_get(r0, "vif"), "va"), 101, 1, "V");
    roundtrip(2007, 0x06000002, buf, n);
    /* Two records back to back, the second with empty blocks and a foreign CS. */
    size_t m = loadrec_sample(buf + n, true);
    buf[n + m - 3] ^= 0x55;
    v = dec(2007, 0x06000000, buf, n + m, DLT645_DI_OK);
    assert_int_equal(v->u.list.n, 2);
    assert_null(mdc_v_get(mdc_v_at(v, 1), "power"));
    assert_non_null(mdc_v_get(mdc_v_at(v, 1), "cs"));
    roundtrip(2007, 0x06000000, buf, n + m);
    buf[0] = 0x00;
    dec(2007, 0x06000000, buf, n, DLT645_DI_BAD_LENGTH);
    /* Requests: N, or N + YYMMDDhhmm (wire N mm hh DD MM YY). */
    assert_int_equal(dlt645_di_loadrec_request(0x06000000, 1, NULL, req, sizeof req), 1);
    assert_int_equal(req[0], 0x01);
    mdc_tm t = {2025, 11, 15, 8, 15, 0, 0, MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN};
    assert_int_equal(dlt645_di_loadrec_request(0x06010001, 12, &t, req, sizeof req), 6);
    assert_memory_equal(req, "\x12\x15\x08\x15\x11\x25", 6);
    assert_int_equal(dlt645_di_loadrec_request(0x06000001, 1, NULL, req, sizeof req), 0);
    assert_int_equal(dlt645_di_loadrec_request(0x06000003, 1, NULL, req, sizeof req), 0);
    assert_int_equal(dlt645_di_loadrec_request(0x06000000, 100, NULL, req, sizeof req), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue_2007), cmocka_unit_test(test_catalogue_1997),
        cmocka_unit_test(test_coverage),       cmocka_unit_test(test_energy_values),
        cmocka_unit_test(test_instant_values), cmocka_unit_test(test_demand),
        cmocka_unit_test(test_clock),          cmocka_unit_test(test_status_words),
        cmocka_unit_test(test_cover_record),   cmocka_unit_test(test_unknown_and_raw),
        cmocka_unit_test(test_encode_errors),  cmocka_unit_test(test_labels),
        cmocka_unit_test(test_info),           cmocka_unit_test(test_loadrec),
        cmocka_unit_test(test_lookup_cost),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
