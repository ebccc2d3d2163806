/* DL/T 645 1997 <-> 2007 DI mapping and data conversion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dlt645/di.h"

static uint8_t arena_buf[1 << 14];

static void test_map_pairs(void **s)
{
    (void)s;
    static const struct {
        uint16_t d97;
        uint32_t d07;
    } pairs[] = {
        {0x9010, 0x00010000}, {0x9011, 0x00010100}, {0x9014, 0x00010400}, {0x901F, 0x0001FF00},
        {0x9020, 0x00020000}, {0x902F, 0x0002FF00}, {0x9410, 0x00010001}, {0x941F, 0x0001FF01},
        {0x9812, 0x00010202}, {0x981F, 0x0001FF02}, {0xA010, 0x01010000}, {0xA411, 0x01010101},
        {0xB611, 0x02010100}, {0xB613, 0x02010300}, {0xB61F, 0x0201FF00}, {0xB621, 0x02020100},
        {0xB630, 0x02030000}, {0xB633, 0x02030300}, {0xB650, 0x02060000}, {0xC010, 0x04000101},
        {0xC011, 0x04000102}, {0xB212, 0x03300000}, {0xC032, 0x04000402}, {0x9130, 0x00050000},
        {0x9140, 0x00080000}, {0x9110, 0x00030000}, {0x912F, 0x0004FF00}, {0x913F, 0x0005FF00},
        {0x954F, 0x0008FF01},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        dlt645_di_map m;
        assert_true(dlt645_di_map_97_to_07(pairs[i].d97, &m));
        if (m.di07 != pairs[i].d07)
            fail_msg("%04X -> %08X, want %08X", pairs[i].d97, (unsigned)m.di07,
                     (unsigned)pairs[i].d07);
        assert_true(dlt645_di_map_07_to_97(pairs[i].d07, &m));
        assert_int_equal(m.di97, pairs[i].d97);
        assert_non_null(m.note);
        /* Both sides are catalogued. */
        assert_true(dlt645_di_lookup(DLT645_DI_ED_1997, pairs[i].d97, NULL));
        assert_true(dlt645_di_lookup(DLT645_DI_ED_2007, pairs[i].d07, NULL));
    }
    dlt645_di_map m;
    assert_false(dlt645_di_map_07_to_97(0x00010500, &m)); /* tariff 5: no 1997 counterpart */
    assert_false(dlt645_di_map_07_to_97(0x00010003, &m)); /* settlement day 3 */
    assert_false(dlt645_di_map_97_to_07(0xB214 + 1, &m));
    assert_true(dlt645_di_map_97_to_07(0xA010, &m));
    assert_int_equal(m.conv, DLT645_CONV_PART);
    assert_string_equal(m.member, "value");
    assert_true(dlt645_di_map_97_to_07(0xB611, &m));
    assert_int_equal(m.conv, DLT645_CONV_RESCALE);
}

static dlt645_di_status conv(unsigned ed, uint32_t di, const uint8_t *p, size_t n, uint32_t *to,
                             uint8_t *out, size_t *len, dlt645_di_err *e)
{
    mdc_arena a;
    mdc_arena_init(&a, arena_buf, sizeof arena_buf);
    return dlt645_di_convert(ed, di, p, n, &a, to, out, 64, len, e);
}

static void test_convert(void **s)
{
    (void)s;
    uint8_t out[64];
    size_t n;
    uint32_t to;
    dlt645_di_err e;
    /* 1997 voltage 220 V (XXX) -> 2007 220.0 V (XXX.X). */
    assert_int_equal(conv(1997, 0xB611, (const uint8_t *)"\x20\x02", 2, &to, out, &n, &e),
                     DLT645_DI_OK);
    assert_int_equal(to, 0x02010100);
    assert_int_equal(n, 2);
    assert_memory_equal(out, "\x00\x22", 2);
    /* 2007 220.6 V -> 1997 221 V (rounded half away from zero); 220.4 -> 220. */
    assert_int_equal(conv(2007, 0x02010100, (const uint8_t *)"\x06\x22", 2, &to, out, &n, &e),
                     DLT645_DI_OK);
    assert_int_equal(to, 0xB611);
    assert_memory_equal(out, "\x21\x02", 2);
    assert_int_equal(conv(2007, 0x02010100, (const uint8_t *)"\x04\x22", 2, &to, out, &n, &e),
                     DLT645_DI_OK);
    assert_memory_equal(out, "\x20\x02", 2);
    /* Energy: same bytes. */
    assert_int_equal(conv(1997, 0x9010, (const uint8_t *)"\x56\x34\x12\x00", 4, &to, out, &n, &e),
                     DLT645_DI_OK);
    assert_int_equal(to, 0x00010000);
    assert_memory_equal(out, "\x56\x34\x12\x00", 4);
    /* Block last month. */
    const uint8_t blk[12] = {0x00, 0x10, 0, 0, 0x00, 0x06, 0, 0, 0x00, 0x04, 0, 0};
    assert_int_equal(conv(1997, 0x941F, blk, 12, &to, out, &n, &e), DLT645_DI_OK);
    assert_int_equal(to, 0x0001FF01);
    assert_int_equal(n, 12);
    assert_memory_equal(out, blk, 12);
    /* Current: 1997 12.34 A -> 2007 12.340 A; negative 2007 current cannot go to 1997. */
    assert_int_equal(conv(1997, 0xB621, (const uint8_t *)"\x34\x12", 2, &to, out, &n, &e),
                     DLT645_DI_OK);
    assert_memory_equal(out, "\x40\x23\x01", 3);
    assert_int_equal(conv(2007, 0x02020100, (const uint8_t *)"\x40\x23\x81", 3, &to, out, &n, &e),
                     DLT645_DI_EVALUE);
    assert_string_equal(e.reason, "negative value in an unsigned format");
    /* 2007 demand + time -> 1997 demand only; the reverse lacks the time. */
    const uint8_t d[] = {0x12, 0x34, 0x05, 0x30, 0x08, 0x15, 0x11, 0x25};
    assert_int_equal(conv(2007, 0x01010000, d, 8, &to, out, &n, &e), DLT645_DI_OK);
    assert_int_equal(to, 0xA010);
    assert_int_equal(n, 3);
    assert_memory_equal(out, d, 3);
    assert_int_equal(conv(1997, 0xA010, d, 3, &to, out, &n, &e), DLT645_DI_EVALUE);
    /* Programming count NNNN -> XXXXXX. */
    assert_int_equal(conv(1997, 0xB212, (const uint8_t *)"\x34\x12", 2, &to, out, &n, &e),
                     DLT645_DI_OK);
    assert_memory_equal(out, "\x34\x12\x00", 3);
    /* Date: same bytes. */
    assert_int_equal(conv(1997, 0xC010, (const uint8_t *)"\x06\x15\x11\x25", 4, &to, out, &n, &e),
                     DLT645_DI_OK);
    assert_int_equal(to, 0x04000101);
    assert_memory_equal(out, "\x06\x15\x11\x25", 4);
    /* Errors: no mapping, bad data. */
    assert_int_equal(conv(2007, 0x04000403, out, 32, &to, out, &n, &e), DLT645_DI_EINVAL);
    assert_int_equal(conv(1997, 0x9010, (const uint8_t *)"\x5A\x00\x00\x00", 4, &to, out, &n, &e),
                     DLT645_DI_EVALUE);
    assert_int_equal(conv(1997, 0x9010, (const uint8_t *)"\x00", 1, &to, out, &n, &e),
                     DLT645_DI_EVALUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_pairs),
        cmocka_unit_test(test_convert),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
