/* Test helpers shared by the catalogue tests: the layout of a catalogue row
 * and a decode -> encode round trip of hand-written bytes.
 * Include after <cmocka.h>, <string.h>, "gdw13761/catalog.h". */
#ifndef TESTS_GDW13761_CAT_HARNESS_H
#define TESTS_GDW13761_CAT_HARNESS_H

static uint8_t arena_buf[1 << 16];
static mdc_arena arena;

/* The layout of (afn, fn, dir); fails the test when it is not catalogued. */
static const gdw_field *row_layout(uint8_t afn, uint16_t fn, uint8_t dir)
{
    const gdw13761_fn *r = gdw13761_cat_find(afn, fn, dir);
    if (!r)
        print_error("AFN%02X F%u dir %u missing\n", afn, fn, dir);
    assert_non_null(r);
    assert_non_null(r->layout);
    return r->layout;
}

/* Decodes all of p with the layout, then encodes the tree back and checks
 * the bytes are the same. The tree lives in `arena` until the next call. */
static const mdc_value *roundtrip(const gdw_field *layout, const uint8_t *p, size_t len)
{
    mdc_arena_init(&arena, arena_buf, sizeof arena_buf);
    gdw13761_err err;
    memset(&err, 0, sizeof err);
    mdc_value *v = NULL;
    size_t used = 0;
    int rc = gdw13761_unit_decode(layout, p, len, &used, &arena, &v, &err);
    if (rc != 0)
        print_error("decode: %s at %zu\n", err.msg, err.offset);
    assert_int_equal(rc, 0);
    assert_int_equal(used, len);
    assert_non_null(v);

    uint8_t out[1024];
    size_t written = 0;
    rc = gdw13761_unit_encode(layout, v, out, sizeof out, &written, &err);
    if (rc != 0)
        print_error("encode: %s at %zu\n", err.msg, err.offset);
    assert_int_equal(rc, 0);
    assert_int_equal(written, len);
    assert_memory_equal(out, p, len);
    return v;
}

#endif
