/* The whole catalogue (catalog.h), whatever rows it holds: order and
 * uniqueness, lookups, well-formed layouts (every ref names an earlier field,
 * INCLUDEd fields as siblings, dotted refs through a GROUP; valid formats, bit
 * fields inside their bytes; no member twice in one object), and for every row and several
 * seeds: sample -> encode -> decode -> encode gives identical bytes. Every
 * failing row is listed before the test fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gdw13761/catalog.h"
#include "gdw13761/formats.h"
#include "gdw13761/layout.h"

#define SEEDS 6

static uint8_t arena_buf[1 << 20];
static uint8_t out1[1 << 16], out2[1 << 16];

static void row_name(const gdw13761_fn *r, char *buf, size_t cap)
{
    snprintf(buf, cap, "AFN%02X F%u %s", r->afn, r->fn, r->dir == GDW13761_UP ? "up" : "down");
}

static void test_order_and_lookup(void **state)
{
    (void)state;
    size_t n = gdw13761_cat_count();
    long prev = -1;
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const gdw13761_fn *r = gdw13761_cat_at(i);
        char name[48];
        assert_non_null(r);
        row_name(r, name, sizeof name);
        long key = (long)r->afn << 17 | (long)r->fn << 1 | r->dir;
        if (key <= prev) {
            print_message("%s: out of order or duplicate (row %zu)\n", name, i);
            bad++;
        }
        prev = key;
        if (r->fn < 1 || r->fn > 248 || r->dir > 1 || !r->layout || !r->name || !r->name_zh) {
            print_message("%s: bad row fields\n", name);
            bad++;
        }
        if (gdw13761_cat_find(r->afn, r->fn, r->dir) != r) {
            print_message("%s: cat_find does not return it\n", name);
            bad++;
        }
    }
    assert_null(gdw13761_cat_at(n));
    assert_null(gdw13761_cat_find(0xFF, 1, 0));
    assert_int_equal(bad, 0);
}

/* ---- static layout checks ---- */

typedef struct names {
    const struct names *up;
    const char *list[256];
    const gdw_field *group[256]; /* the sub-layout of a GROUP member, else NULL */
    size_t n;
} names;

/* True when the layout l (an object's fields, INCLUDEs flattened) defines the
 * member path ref ("n", or "g.n" into its GROUP g). */
static bool defines(const gdw_field *l, const char *ref, int depth)
{
    const char *dot = strchr(ref, '.');
    size_t k = dot ? (size_t)(dot - ref) : strlen(ref);
    if (!l || depth > 12)
        return false;
    for (; l->kind != GDW_FK_END; l++) {
        bool same = l->name && strncmp(l->name, ref, k) == 0 && l->name[k] == '\0';
        if (l->kind == GDW_FK_INCLUDE && defines(l->sub, ref, depth + 1))
            return true;
        if (l->kind == GDW_FK_GROUP && same && dot && defines(l->sub, dot + 1, depth + 1))
            return true;
        if (l->kind == GDW_FK_BITS && !dot)
            for (const gdw_field *b = l->sub; b && b->kind != GDW_FK_END; b++)
                if (b->name && strcmp(b->name, ref) == 0)
                    return true;
        if (l->kind != GDW_FK_INCLUDE && l->kind != GDW_FK_GROUP && same && !dot)
            return true;
    }
    return false;
}

/* A ref resolves like the interpreter does it: a name defined before it here
 * or in an enclosing object; a dotted ref "g.n" through a GROUP g so defined. */
static bool known(const names *nm, const char *ref)
{
    const char *dot = strchr(ref, '.');
    size_t k = dot ? (size_t)(dot - ref) : strlen(ref);
    for (; nm; nm = nm->up)
        for (size_t i = nm->n; i-- > 0;) {
            if (!nm->list[i] || strncmp(nm->list[i], ref, k) != 0 || nm->list[i][k] != '\0')
                continue;
            if (!dot || (nm->group[i] && defines(nm->group[i], dot + 1, 0)))
                return true;
        }
    return false;
}

/* Adds a member name to the current object; a name used twice in one object
 * is reported (the encoder and the refs would only see the last one). */
static int define_group(const char *row, names *nm, const char *name, const gdw_field *group)
{
    if (!name)
        return 0;
    for (size_t i = 0; i < nm->n; i++)
        if (strcmp(nm->list[i], name) == 0) {
            print_message("%s: member '%s' appears twice in one object\n", row, name);
            return 1;
        }
    if (nm->n < sizeof nm->list / sizeof nm->list[0]) {
        nm->group[nm->n] = group;
        nm->list[nm->n++] = name;
    }
    return 0;
}

static int define(const char *row, names *nm, const char *name)
{
    return define_group(row, nm, name, NULL);
}

static int check_layout(const char *row, const gdw_field *l, names *nm, int depth);

static int check_ref(const char *row, const gdw_field *f, const names *nm)
{
    if (!f->ref) {
        print_message("%s: %s '%s' has no ref\n", row,
                      f->kind == GDW_FK_SWITCH ? "SWITCH" : "field", f->name ? f->name : "");
        return 1;
    }
    if (!known(nm, f->ref)) {
        print_message("%s: '%s' refers to '%s', not an earlier field\n", row,
                      f->name ? f->name : "(unnamed)", f->ref);
        return 1;
    }
    return 0;
}

static int check_nested(const char *row, const gdw_field *sub, names *nm, int depth)
{
    names in = {.up = nm, .n = 0};
    return check_layout(row, sub, &in, depth + 1);
}

static int check_layout(const char *row, const gdw_field *l, names *nm, int depth)
{
    int bad = 0;
    if (!l || depth > 12) {
        print_message("%s: missing or too deep layout\n", row);
        return 1;
    }
    for (const gdw_field *f = l; f->kind != GDW_FK_END; f++) {
        switch (f->kind) {
        case GDW_FK_FMT:
            if (gdw13761_fmt_size((gdw_fmt)f->fmt, f->len) == 0) {
                print_message("%s: '%s' has format %u len %u\n", row, f->name ? f->name : "",
                              f->fmt, f->len);
                bad++;
            }
            if (!f->name) {
                print_message("%s: unnamed FMT field outside a scalar REPEAT\n", row);
                bad++;
            }
            bad += define(row, nm, f->name);
            break;
        case GDW_FK_GROUP:
            bad += check_nested(row, f->sub, nm, depth);
            bad += define_group(row, nm, f->name, f->sub);
            break;
        case GDW_FK_INCLUDE: /* its fields are members of this object */
            if (f->name) {
                print_message("%s: INCLUDE with a name '%s'\n", row, f->name);
                bad++;
            }
            bad += check_layout(row, f->sub, nm, depth + 1);
            break;
        case GDW_FK_REPEAT:
            if (f->ref)
                bad += check_ref(row, f, nm);
            if (f->sub && f->sub[0].kind == GDW_FK_FMT && !f->sub[0].name &&
                f->sub[1].kind == GDW_FK_END) {
                if (gdw13761_fmt_size((gdw_fmt)f->sub[0].fmt, f->sub[0].len) == 0) {
                    print_message("%s: '%s' elements have a bad format\n", row, f->name);
                    bad++;
                }
            } else {
                bad += check_nested(row, f->sub, nm, depth);
            }
            if (!f->ref && f->len == GDW_COUNT_REST && f[1].kind != GDW_FK_END) {
                print_message("%s: REPEAT-REST '%s' is not the last field\n", row, f->name);
                bad++;
            }
            bad += define(row, nm, f->name);
            break;
        case GDW_FK_BITS:
            if (f->len < 1 || f->len > 8) {
                print_message("%s: BITS of %u bytes\n", row, f->len);
                bad++;
            }
            for (const gdw_field *b = f->sub; b && b->kind != GDW_FK_END; b++) {
                if (b->kind != GDW_FK_BITF || !b->name || b->width == 0 ||
                    b->lo + b->width > 8 * f->len) {
                    print_message("%s: bad bit field '%s'\n", row, b->name ? b->name : "");
                    bad++;
                }
                bad += define(row, nm, b->name);
            }
            break;
        case GDW_FK_SWITCH:
            bad += check_ref(row, f, nm);
            if (!f->cases) {
                print_message("%s: SWITCH '%s' without cases\n", row, f->name);
                bad++;
            }
            for (const gdw_case *cs = f->cases; cs && cs->layout; cs++)
                bad += check_nested(row, cs->layout, nm, depth);
            bad += define(row, nm, f->name);
            break;
        case GDW_FK_SIZED:
            bad += check_ref(row, f, nm);
            if (f->name) {
                bad += check_nested(row, f->sub, nm, depth);
            } else {
                bad += check_layout(row, f->sub, nm, depth + 1);
            }
            bad += define(row, nm, f->name);
            break;
        case GDW_FK_VARBYTES:
            bad += check_ref(row, f, nm);
            bad += define(row, nm, f->name);
            break;
        case GDW_FK_REST:
            if (f[1].kind != GDW_FK_END) {
                print_message("%s: REST '%s' is not the last field\n", row, f->name);
                bad++;
            }
            bad += define(row, nm, f->name);
            break;
        default:
            print_message("%s: field kind %u\n", row, f->kind);
            bad++;
            break;
        }
    }
    return bad;
}

static void test_layouts_well_formed(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; gdw13761_cat_at(i); i++) {
        const gdw13761_fn *r = gdw13761_cat_at(i);
        char name[48];
        names root = {.up = NULL, .n = 0};
        row_name(r, name, sizeof name);
        bad += check_layout(name, r->layout, &root, 0);
    }
    assert_int_equal(bad, 0);
}

/* ---- round trips ---- */

/* Every prefix of a good data unit decodes or fails cleanly: too short, or a
 * count that does not fit; never a layout error or a full arena. */
static bool truncations_ok(const char *name, const gdw_field *l, const uint8_t *p, size_t n,
                           mdc_arena *a)
{
    for (size_t k = 0; k < n && k < 2048; k++) {
        gdw13761_err err;
        mdc_value *v = NULL;
        size_t used = 0;
        mdc_arena_reset(a);
        if (gdw13761_unit_decode(l, p, k, &used, a, &v, &err) == 0) {
            if (used > k) {
                print_message("%s: prefix %zu: used %zu bytes\n", name, k, used);
                return false;
            }
            continue;
        }
        if (err.code != GDW13761_E_SHORT && err.code != GDW13761_E_COUNT) {
            print_message("%s: prefix %zu of %zu: %s\n", name, k, n, err.msg);
            return false;
        }
        if (err.offset > k) {
            print_message("%s: prefix %zu: error offset %zu\n", name, k, err.offset);
            return false;
        }
    }
    return true;
}

static void test_sample_roundtrip(void **state)
{
    (void)state;
    mdc_arena a;
    gdw13761_err err;
    int bad = 0;
    size_t rows = 0;
    mdc_arena_init(&a, arena_buf, sizeof arena_buf);
    for (size_t i = 0; gdw13761_cat_at(i); i++, rows++) {
        const gdw13761_fn *r = gdw13761_cat_at(i);
        char name[48];
        row_name(r, name, sizeof name);
        long fixed = gdw13761_unit_fixed_len(r->layout);
        for (unsigned seed = 0; seed < SEEDS; seed++) {
            size_t w1 = 0, w2 = 0, used = 0;
            mdc_value *d = NULL;
            mdc_arena_reset(&a);
            mdc_value *v = gdw13761_unit_sample(r->layout, seed, &a);
            if (!v) {
                print_message("%s seed %u: no sample\n", name, seed);
                bad++;
                break;
            }
            if (gdw13761_unit_encode(r->layout, v, out1, sizeof out1, &w1, &err) != 0) {
                print_message("%s seed %u: encode: %s\n", name, seed, err.msg);
                bad++;
                break;
            }
            if (fixed >= 0 && (long)w1 != fixed) {
                print_message("%s seed %u: %zu bytes, fixed length says %ld\n", name, seed, w1,
                              fixed);
                bad++;
                break;
            }
            if (gdw13761_unit_decode(r->layout, out1, w1, &used, &a, &d, &err) != 0) {
                print_message("%s seed %u: decode: %s (offset %zu)\n", name, seed, err.msg,
                              err.offset);
                bad++;
                break;
            }
            if (used != w1) {
                print_message("%s seed %u: decode used %zu of %zu bytes\n", name, seed, used, w1);
                bad++;
                break;
            }
            if (gdw13761_unit_encode(r->layout, d, out2, sizeof out2, &w2, &err) != 0) {
                print_message("%s seed %u: re-encode: %s\n", name, seed, err.msg);
                bad++;
                break;
            }
            if (w1 != w2 || memcmp(out1, out2, w1) != 0) {
                print_message("%s seed %u: re-encoded bytes differ\n", name, seed);
                bad++;
                break;
            }
            if (seed == 0 && !truncations_ok(name, r->layout, out1, w1, &a))
                bad++;
        }
    }
    print_message("%zu catalogue rows checked\n", rows);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_and_lookup),
        cmocka_unit_test(test_layouts_well_formed),
        cmocka_unit_test(test_sample_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
