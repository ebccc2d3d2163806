/* Fuzzes the data-unit decoder over the catalogue: the first two bytes pick a
 * catalogue row (index modulo count + 1; the extra index, and an empty
 * catalogue, use a built-in layout with every field kind), the rest is the
 * data unit. A decode that succeeds must encode again; the bytes must equal
 * the input consumed, or (for the documented normalisations: A.2 exponent,
 * A.3 G, negative zero, A.1 week 0, ASCII padding, unnamed bits) re-decode
 * to an equal value and be a fixpoint of decode -> encode. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gdw13761/catalog.h"
#include "gdw13761/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const gdw_field rec[] = {GDW_F("t", GDW_A15, NULL), GDW_F("e", GDW_A11, "kWh"),
                                GDW_F("p", GDW_A2, "kW"), GDW_END};
static const gdw_field scalar[] = {GDW_F(NULL, GDW_A3, "kWh"), GDW_END};
static const gdw_field bits[] = {GDW_BITF("lo", 0, 3), GDW_BITF("hi", 4, 4), GDW_END};
static const gdw_field ev1[] = {GDW_F("t", GDW_A1, NULL), GDW_DADTF("id"), GDW_END};
static const gdw_field ev2[] = {GDW_F("pos", GDW_A28, NULL), GDW_ASCIIF("name", 4), GDW_END};
static const gdw_case cases[] = {{1, "one", ev1}, {2, "two", ev2}, {0, NULL, NULL}};
static const gdw_field body[] = {GDW_SWITCH("ev", "lo", cases), GDW_END};
static const gdw_field item[] = {GDW_F("v", GDW_A25, "A"), GDW_SBINF("s", 2, NULL), GDW_END};
static const gdw_field builtin[] = {GDW_BINF("n", 1, NULL),
                                    GDW_REP("recs", "n", 0, rec),
                                    GDW_REP("vals", "n", 1, scalar),
                                    GDW_BITS(1, bits),
                                    GDW_BINF("size", 1, NULL),
                                    GDW_SIZED("data", "size", body),
                                    GDW_VARBYTES("raw", "hi", 0),
                                    GDW_REP_REST("items", item),
                                    GDW_END};

static uint8_t arena1[1 << 18], arena2[1 << 18];
static uint8_t out1[1 << 16], out2[1 << 16];

static bool num(const mdc_value *v, int64_t *m, unsigned *s)
{
    if (v->kind == MDC_V_INT) {
        *m = v->u.i;
        *s = 0;
        return true;
    }
    if (v->kind == MDC_V_DEC) {
        *m = v->u.dec.mant;
        *s = v->u.dec.scale;
        return true;
    }
    return false;
}

static bool num_equal(const mdc_value *a, const mdc_value *b)
{
    int64_t ma, mb;
    unsigned sa, sb;
    if (!num(a, &ma, &sa) || !num(b, &mb, &sb))
        return false;
    while (sa > sb && ma % 10 == 0) {
        ma /= 10;
        sa--;
    }
    while (sb > sa && mb % 10 == 0) {
        mb /= 10;
        sb--;
    }
    return sa == sb && ma == mb;
}

/* Values equal up to the representation choices listed above. */
static bool same(const mdc_value *a, const mdc_value *b)
{
    if ((a->key == NULL) != (b->key == NULL) || (a->key && strcmp(a->key, b->key) != 0))
        return false;
    if ((a->kind == MDC_V_INT || a->kind == MDC_V_DEC) &&
        (b->kind == MDC_V_INT || b->kind == MDC_V_DEC))
        return num_equal(a, b);
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case MDC_V_NULL:
        return true;
    case MDC_V_BOOL:
        return a->u.b == b->u.b;
    case MDC_V_STR:
        return a->u.str.len == b->u.str.len && memcmp(a->u.str.p, b->u.str.p, a->u.str.len) == 0;
    case MDC_V_BYTES:
    case MDC_V_INVALID:
        return a->u.bytes.len == b->u.bytes.len &&
               memcmp(a->u.bytes.p, b->u.bytes.p, a->u.bytes.len) == 0;
    case MDC_V_TIME: {
        mdc_tm x = a->u.tm, y = b->u.tm;
        x.fields &= (uint8_t)~MDC_TM_WDAY;
        y.fields &= (uint8_t)~MDC_TM_WDAY;
        x.wday = y.wday = 0;
        return memcmp(&x, &y, sizeof x) == 0;
    }
    case MDC_V_ARRAY:
    case MDC_V_OBJECT: {
        const mdc_value *ca = a->u.list.head, *cb = b->u.list.head;
        for (; ca && cb; ca = ca->next, cb = cb->next)
            if (!same(ca, cb))
                return false;
        return !ca && !cb;
    }
    default:
        return false;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t rows = gdw13761_cat_count();
    size_t pick = ((size_t)data[0] | (size_t)data[1] << 8) % (rows + 1);
    const gdw_field *layout = pick < rows ? gdw13761_cat_at(pick)->layout : builtin;
    const uint8_t *p = data + 2;
    size_t len = size - 2;

    mdc_arena a1, a2;
    gdw13761_err err;
    mdc_value *v1 = NULL, *v2 = NULL;
    size_t used = 0, w1 = 0, w2 = 0, used2 = 0;
    mdc_arena_init(&a1, arena1, sizeof arena1);
    mdc_arena_init(&a2, arena2, sizeof arena2);

    if (gdw13761_unit_decode(layout, p, len, &used, &a1, &v1, &err) != 0) {
        if (err.code == GDW13761_OK || err.offset > len || !memchr(err.msg, 0, sizeof err.msg))
            abort();
        return 0;
    }
    if (used > len)
        abort();
    if (gdw13761_unit_encode(layout, v1, out1, sizeof out1, &w1, &err) != 0)
        abort(); /* whatever decodes must encode */
    if (w1 != used)
        abort();
    if (memcmp(out1, p, used) == 0)
        return 0;
    /* a normalised form: same value, and stable */
    if (gdw13761_unit_decode(layout, out1, w1, &used2, &a2, &v2, &err) != 0 || used2 != w1)
        abort();
    if (!same(v1, v2))
        abort();
    if (gdw13761_unit_encode(layout, v2, out2, sizeof out2, &w2, &err) != 0 || w2 != w1 ||
        memcmp(out1, out2, w1) != 0)
        abort();
    return 0;
}
