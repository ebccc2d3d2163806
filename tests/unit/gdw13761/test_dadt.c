/* Unit tests for DA/DT identifiers (dadt.h): expansion per Figs. 9/10,
 * p0 and "all points", round trips, fewest-group packing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gdw13761/dadt.h"

static gdw13761_dadt expand(const char *four)
{
    gdw13761_dadt d;
    gdw13761_err err = {0};
    if (gdw13761_dadt_decode((const uint8_t *)four, &d, &err) != 0)
        fail_msg("%s", err.msg);
    return d;
}

static void test_decode_examples(void **state)
{
    (void)state;
    /* notes §1.10 row 10: DA = 02 01 -> p2, DT = 01 10 -> F129 */
    gdw13761_dadt d = expand("\x02\x01\x01\x10");
    assert_int_equal(d.npn, 1);
    assert_int_equal(d.pn[0], 2);
    assert_int_equal(d.nfn, 1);
    assert_int_equal(d.fn[0], 129);
    /* p0 F3 (heartbeat) */
    d = expand("\x00\x00\x04\x00");
    assert_int_equal(d.npn, 1);
    assert_int_equal(d.pn[0], 0);
    assert_int_equal(d.fn[0], 3);
    /* DA FF 00: all valid points (2013) */
    d = expand("\xFF\x00\x01\x00");
    assert_int_equal(d.npn, 1);
    assert_int_equal(d.pn[0], GDW13761_PN_ALL);
    /* full groups: p2033..p2040 and F241..F248 */
    d = expand("\xFF\xFF\xFF\x1E");
    assert_int_equal(d.npn, 8);
    assert_int_equal(d.pn[0], 2033);
    assert_int_equal(d.pn[7], 2040);
    assert_int_equal(d.nfn, 8);
    assert_int_equal(d.fn[0], 241);
    assert_int_equal(d.fn[7], 248);
    /* mixed bits: DA1 = 0x81 group 3 -> p17, p24; DT1 = 0x12 group 2 -> F18, F21 */
    d = expand("\x81\x03\x12\x02");
    assert_int_equal(d.npn, 2);
    assert_int_equal(d.pn[0], 17);
    assert_int_equal(d.pn[1], 24);
    assert_int_equal(d.nfn, 2);
    assert_int_equal(d.fn[0], 18);
    assert_int_equal(d.fn[1], 21);
    /* cleared DT1: no Fn (terminal had no data) */
    d = expand("\x01\x01\x00\x00");
    assert_int_equal(d.npn, 1);
    assert_int_equal(d.nfn, 0);
}

static void test_decode_errors(void **state)
{
    (void)state;
    gdw13761_dadt d;
    gdw13761_err err = {0};
    assert_int_equal(gdw13761_dadt_decode((const uint8_t *)"\x01\x00\x01\x00", &d, &err), -1);
    assert_non_null(strstr(err.msg, "DA2 = 0"));
    assert_int_equal(gdw13761_dadt_decode((const uint8_t *)"\x01\x01\x01\x1F", &d, &err), -1);
    assert_non_null(strstr(err.msg, "DT2 = 31"));
}

static void test_encode_roundtrip(void **state)
{
    (void)state;
    uint8_t out[4];
    gdw13761_err err = {0};
    for (unsigned pn = 0; pn <= 2040; pn += 7) {
        for (unsigned fn = 1; fn <= 248; fn += 13) {
            uint16_t p = (uint16_t)pn, f = (uint16_t)fn;
            assert_int_equal(gdw13761_dadt_encode(&p, 1, &f, 1, out, &err), 0);
            gdw13761_dadt d;
            assert_int_equal(gdw13761_dadt_decode(out, &d, &err), 0);
            assert_int_equal(d.npn, 1);
            assert_int_equal(d.pn[0], pn);
            assert_int_equal(d.nfn, 1);
            assert_int_equal(d.fn[0], fn);
        }
    }
    uint16_t pns[] = {9, 16, 12}, fns[] = {2, 1};
    assert_int_equal(gdw13761_dadt_encode(pns, 3, fns, 2, out, &err), 0);
    assert_memory_equal(out, "\x89\x02\x03\x00", 4);
    uint16_t all = GDW13761_PN_ALL;
    assert_int_equal(gdw13761_dadt_encode(&all, 1, fns, 1, out, &err), 0);
    assert_memory_equal(out, "\xFF\x00\x02\x00", 4);
    /* errors */
    uint16_t bad[] = {8, 9};
    assert_int_equal(gdw13761_dadt_encode(bad, 2, fns, 1, out, &err), -1);
    assert_non_null(strstr(err.msg, "not in one DA group"));
    uint16_t mix[] = {0, 1};
    assert_int_equal(gdw13761_dadt_encode(mix, 2, fns, 1, out, &err), -1);
    uint16_t badf[] = {8, 9};
    assert_int_equal(gdw13761_dadt_encode(pns, 1, badf, 2, out, &err), -1);
    assert_non_null(strstr(err.msg, "not in one DT group"));
    uint16_t big = 2041, f0 = 0, f249 = 249;
    assert_int_equal(gdw13761_dadt_encode(&big, 1, fns, 1, out, &err), -1);
    assert_int_equal(gdw13761_dadt_encode(pns, 1, &f0, 1, out, &err), -1);
    assert_int_equal(gdw13761_dadt_encode(pns, 1, &f249, 1, out, &err), -1);
    assert_int_equal(gdw13761_dadt_encode(pns, 0, fns, 1, out, &err), -1);
}

static size_t group(const gdw13761_pnfn *p, size_t n, uint8_t (*out)[4])
{
    size_t ng = 0;
    gdw13761_err err = {0};
    if (gdw13761_dadt_group(p, n, out, 64, &ng, &err) != 0)
        fail_msg("%s", err.msg);
    return ng;
}

static void test_group_fewest(void **state)
{
    (void)state;
    uint8_t out[64][4];
    /* a full 8 x 8 cross product in one block: one identifier */
    gdw13761_pnfn full[64];
    for (unsigned i = 0; i < 64; i++)
        full[i] = (gdw13761_pnfn){(uint16_t)(9 + i / 8), (uint16_t)(17 + i % 8)};
    assert_int_equal(group(full, 64, out), 1);
    assert_memory_equal(out[0], "\xFF\x02\xFF\x02", 4);
    /* p1 {F1, F2}, p2 {F1, F2}, p3 {F1}: rows partition gives 2 */
    gdw13761_pnfn a[] = {{1, 1}, {1, 2}, {2, 1}, {2, 2}, {3, 1}};
    assert_int_equal(group(a, 5, out), 2);
    assert_memory_equal(out[0], "\x03\x01\x03\x00", 4);
    assert_memory_equal(out[1], "\x04\x01\x01\x00", 4);
    /* columns partition wins: p1..p4 each {F1, Fk}: by rows 4, by cols 1 + 4 ... choose
     * the case where columns are fewer: p1..p3 x F1, p1 x F2, p2 x F3, p3 x F4 */
    gdw13761_pnfn b[] = {{1, 1}, {2, 1}, {3, 1}, {1, 2}, {2, 3}, {3, 4}, {1, 5}, {2, 5}, {3, 5}};
    /* rows: p1 {1,2,5} p2 {1,3,5} p3 {1,4,5} -> 3; cols: F1,F5 {1,2,3}; F2 {1}; F3 {2}; F4 {3}
     * -> 4; rows win */
    assert_int_equal(group(b, 9, out), 3);
    gdw13761_pnfn c[] = {{1, 1}, {2, 1}, {3, 1}, {4, 1}, {1, 2}};
    /* rows: {1,2},{1},{1},{1} -> 2; cols: F1 {1..4}, F2 {1} -> 2 */
    assert_int_equal(group(c, 5, out), 2);
    gdw13761_pnfn e[] = {{1, 1}, {1, 2}, {1, 3}, {2, 1}, {2, 2}, {3, 3}, {4, 1}, {4, 2}};
    /* rows: {1,2,3}, {1,2}, {3}, {1,2} -> 3; cols: F1 {1,2,4}, F2 {1,2,4}, F3 {1,3} -> 2 */
    assert_int_equal(group(e, 8, out), 2);
    assert_memory_equal(out[0], "\x0B\x01\x03\x00", 4); /* p1 p2 p4 x F1 F2 */
    assert_memory_equal(out[1], "\x05\x01\x04\x00", 4); /* p1 p3 x F3 */
    /* different DA groups, DT groups, p0 and all-points never combine; order by block */
    gdw13761_pnfn f[] = {{9, 1}, {1, 1}, {0, 1}, {1, 9}, {GDW13761_PN_ALL, 1}, {1, 1}};
    assert_int_equal(group(f, 6, out), 5);
    assert_memory_equal(out[0], "\x00\x00\x01\x00", 4);
    assert_memory_equal(out[1], "\x01\x01\x01\x00", 4);
    assert_memory_equal(out[2], "\x01\x01\x01\x01", 4);
    assert_memory_equal(out[3], "\x01\x02\x01\x00", 4);
    assert_memory_equal(out[4], "\xFF\x00\x01\x00", 4);
    /* 32 points x F161: 4 identifiers (one per DA group) */
    gdw13761_pnfn g[32];
    for (unsigned i = 0; i < 32; i++)
        g[i] = (gdw13761_pnfn){(uint16_t)(i + 1), 161};
    assert_int_equal(group(g, 32, out), 4);
    assert_memory_equal(out[3], "\xFF\x04\x01\x14", 4);
    /* expansion of the groups gives back exactly the input pairs */
    size_t ng = group(e, 8, out), seen = 0;
    for (size_t i = 0; i < ng; i++) {
        gdw13761_dadt d;
        assert_int_equal(gdw13761_dadt_decode(out[i], &d, NULL), 0);
        for (unsigned x = 0; x < d.npn; x++)
            for (unsigned y = 0; y < d.nfn; y++) {
                bool found = false;
                for (size_t j = 0; j < 8; j++)
                    found |= e[j].pn == d.pn[x] && e[j].fn == d.fn[y];
                assert_true(found);
                seen++;
            }
    }
    assert_int_equal(seen, 8);
}

static void test_group_errors(void **state)
{
    (void)state;
    uint8_t out[2][4];
    size_t n = 0;
    gdw13761_err err = {0};
    gdw13761_pnfn bad[] = {{1, 1}, {2041, 1}};
    assert_int_equal(gdw13761_dadt_group(bad, 2, out, 2, &n, &err), -1);
    assert_int_equal(err.code, GDW13761_E_FORMAT);
    assert_non_null(strstr(err.msg, "p2041"));
    gdw13761_pnfn badf[] = {{1, 0}};
    assert_int_equal(gdw13761_dadt_group(badf, 1, out, 2, &n, &err), -1);
    assert_non_null(strstr(err.msg, "F0"));
    gdw13761_pnfn many[] = {{1, 1}, {9, 1}, {17, 1}};
    assert_int_equal(gdw13761_dadt_group(many, 3, out, 2, &n, &err), -1);
    assert_int_equal(err.code, GDW13761_E_SPACE);
    assert_int_equal(gdw13761_dadt_group(many, 0, out, 2, &n, &err), 0);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_examples),  cmocka_unit_test(test_decode_errors),
        cmocka_unit_test(test_encode_roundtrip), cmocka_unit_test(test_group_fewest),
        cmocka_unit_test(test_group_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
