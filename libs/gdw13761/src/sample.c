/* Plausible values for any layout (gdw13761_unit_sample): every field gets a
 * value built from valid wire bytes of its format (then decoded), count
 * fields get small counts (1..3 elements), SWITCH selectors pick one of
 * their cases, and size fields are left out so the encoder fills them in. */
#include <string.h>

#include "gdw13761/formats.h"
#include "gdw13761/layout.h"
#include "layout_common.h"
#include "mdc/bcd.h"

#define MAX_DEPTH GDW_LAY_MAX_DEPTH

typedef struct sscope sscope;
struct sscope {
    const sscope *up;
    const mdc_value *obj;
};

typedef struct sctx {
    mdc_arena *a;
    uint32_t rng;
    bool nulls; /* odd seeds: some fields come out missing (NULL) */
    const gdw_field *root;
} sctx;

static uint32_t rnd(sctx *s)
{
    uint32_t x = s->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s->rng = x;
    return x;
}

static unsigned rn(sctx *s, unsigned n)
{
    return n ? rnd(s) % n : 0;
}

static uint8_t rbcd(sctx *s, unsigned below)
{
    return mdc_u8_to_bcd(rn(s, below));
}

/* The REPEAT / SIZED / VARBYTES / SWITCH of the layout that uses `name` as
 * its ref (or as the last component of a dotted ref). */
static const gdw_field *user_of(const gdw_field *l, const char *name, int depth)
{
    if (!l || !name || depth > MAX_DEPTH)
        return NULL;
    for (; l->kind != GDW_FK_END; l++) {
        if ((l->kind == GDW_FK_REPEAT || l->kind == GDW_FK_SIZED || l->kind == GDW_FK_VARBYTES ||
             l->kind == GDW_FK_SWITCH) &&
            gdw13761_lay_ref_is(l->ref, name))
            return l;
        const gdw_field *u = l->kind != GDW_FK_BITS ? user_of(l->sub, name, depth + 1) : NULL;
        for (const gdw_case *cs = l->cases; !u && cs && cs->layout; cs++)
            u = user_of(cs->layout, name, depth + 1);
        if (u)
            return u;
    }
    return NULL;
}

/* The value a ref names (dotted refs walk into member objects), from sc outwards. */
static const mdc_value *lookup(const sscope *sc, const char *name)
{
    for (; sc; sc = sc->up) {
        const mdc_value *hit = gdw13761_lay_path(sc->obj, name);
        if (hit)
            return hit;
    }
    return NULL;
}

/* Valid wire bytes for one field of the format, decoded into a value. */
static mdc_value *sample_fmt(sctx *s, const gdw_field *f)
{
    gdw_fmt fmt = (gdw_fmt)f->fmt;
    size_t n = gdw13761_fmt_size(fmt, f->len);
    if (n == 0)
        return NULL;
    uint8_t *b = mdc_arena_alloc(s->a, n);
    if (!b)
        return NULL;
    for (size_t i = 0; i < n; i++)
        b[i] = rbcd(s, 100);
    switch (fmt) {
    case GDW_A1:
    case GDW_A15:
    case GDW_A16:
    case GDW_A17:
    case GDW_A18:
    case GDW_A19:
    case GDW_A20:
    case GDW_A21:
    case GDW_A24: {
        mdc_value t;
        char why[8];
        memset(&t, 0, sizeof t);
        t.kind = MDC_V_TIME;
        t.u.tm.year = (uint16_t)(2000 + rn(s, 100));
        t.u.tm.mon = (uint8_t)(1 + rn(s, 12));
        t.u.tm.day = (uint8_t)(1 + rn(s, 28));
        t.u.tm.hour = (uint8_t)rn(s, 24);
        t.u.tm.min = (uint8_t)rn(s, 60);
        t.u.tm.sec = (uint8_t)rn(s, 60);
        t.u.tm.fields = MDC_TM_FULL;
        gdw13761_fmt_encode(fmt, f->len, &t, b, why, sizeof why);
        break;
    }
    case GDW_A2:
        b[1] = (uint8_t)(rn(s, 8) << 5 | rn(s, 2) << 4 | (1 + rn(s, 9)));
        break;
    case GDW_A3:
        b[3] = (uint8_t)(rn(s, 2) << 6 | rn(s, 2) << 4 | rn(s, 10));
        break;
    case GDW_A4:
    case GDW_A5:
    case GDW_A6:
    case GDW_A9:
    case GDW_A25:
        b[n - 1] = (uint8_t)(rbcd(s, 80) | rn(s, 2) << 7);
        break;
    case GDW_A28:
        b[1] = rbcd(s, 60);
        b[2] = rbcd(s, 60);
        b[4] = (uint8_t)(rn(s, 2) << 7 | rn(s, 2));
        if (b[4] & 1u)
            b[3] = rbcd(s, 81);
        break;
    case GDW_BIN:
    case GDW_SBIN:
    case GDW_BS:
    case GDW_RAW:
        for (size_t i = 0; i < n; i++)
            b[i] = (uint8_t)rnd(s);
        if (fmt == GDW_BIN && n == 8)
            b[7] &= 0x7Fu;
        if (n >= 2 && (fmt == GDW_BIN || fmt == GDW_SBIN) && b[0] == 0xEE)
            b[0] = 0x11;
        break;
    case GDW_ASCII: {
        size_t k = 1 + rn(s, (unsigned)n);
        for (size_t i = 0; i < n; i++)
            b[i] = i < k ? (uint8_t)('A' + rn(s, 26)) : 0;
        break;
    }
    case GDW_DADT:
        switch (rn(s, 4)) {
        case 0:
            b[0] = b[1] = 0;
            break;
        case 1:
            b[0] = 0xFF;
            b[1] = 0;
            break;
        default:
            b[0] = (uint8_t)(1 + rn(s, 255));
            b[1] = (uint8_t)(1 + rn(s, 5));
            break;
        }
        b[2] = (uint8_t)(1 + rn(s, 255));
        b[3] = (uint8_t)rn(s, 31);
        break;
    default: /* the unsigned BCD formats: random digits are fine */
        break;
    }
    return gdw13761_fmt_decode(fmt, f->len, f->unit, b, s->a);
}

static mdc_value *count_value(sctx *s, const gdw_field *user, const char *unit)
{
    int64_t want = (int64_t)(1 + rn(s, 3)) - user->add;
    if (want < 0)
        want = 0;
    return mdc_v_add_int(s->a, NULL, NULL, want, unit);
}

/* A value for a FMT or BITF field named `name`: a count, a selector, or random. */
static mdc_value *sample_leaf(sctx *s, const gdw_field *f, unsigned width, bool *omit)
{
    const gdw_field *u = user_of(s->root, f->name, 0);
    *omit = false;
    if (u && u->kind == GDW_FK_SIZED) {
        *omit = true;
        return NULL;
    }
    if (u && (u->kind == GDW_FK_REPEAT || u->kind == GDW_FK_VARBYTES))
        return count_value(s, u, f->unit);
    if (u && u->kind == GDW_FK_SWITCH && u->cases && u->cases[0].layout) {
        size_t nc = 0;
        while (u->cases[nc].layout)
            nc++;
        return mdc_v_add_int(s->a, NULL, NULL, u->cases[rn(s, (unsigned)nc)].value, f->unit);
    }
    if (f->kind == GDW_FK_BITF) {
        uint64_t x = ((uint64_t)rnd(s) << 32 | rnd(s));
        x &= width < 63 ? (UINT64_C(1) << width) - 1u : (uint64_t)INT64_MAX;
        return mdc_v_add_int(s->a, NULL, NULL, (int64_t)x, f->unit);
    }
    if (s->nulls && rn(s, 8) == 0 && gdw13761_fmt_has_null((gdw_fmt)f->fmt, f->len))
        return mdc_v_new(s->a, MDC_V_NULL);
    return sample_fmt(s, f);
}

static mdc_value *random_bytes(sctx *s, mdc_value *obj, const char *key, size_t n)
{
    uint8_t buf[64];
    if (n > sizeof buf)
        n = sizeof buf;
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)rnd(s);
    return mdc_v_add_bytes(s->a, obj, key, MDC_V_BYTES, buf, n);
}

static bool fill(sctx *s, const gdw_field *l, const sscope *sc, mdc_value *obj, int depth);

static bool fill_repeat(sctx *s, const gdw_field *f, const sscope *sc, mdc_value *obj, int depth)
{
    int64_t count = f->len;
    if (f->ref) {
        const mdc_value *v = lookup(sc, f->ref);
        if (!v || !mdc_v_int(v, &count))
            count = 0;
        count += f->add;
        if (count < 0)
            count = 0;
    } else if (f->len == GDW_COUNT_REST) {
        count = 1 + rn(s, 3);
    }
    mdc_value *arr = mdc_v_add_arr(s->a, obj, f->name);
    if (!arr)
        return false;
    bool scalar = gdw13761_lay_is_scalar(f->sub);
    for (int64_t i = 0; i < count; i++) {
        if (scalar) {
            mdc_value *v = s->nulls && rn(s, 8) == 0 &&
                                   gdw13761_fmt_has_null((gdw_fmt)f->sub[0].fmt, f->sub[0].len)
                               ? mdc_v_new(s->a, MDC_V_NULL)
                               : sample_fmt(s, &f->sub[0]);
            if (!v || !mdc_v_append(arr, NULL, v))
                return false;
            continue;
        }
        mdc_value *e = mdc_v_add_obj(s->a, arr, NULL);
        sscope in = {sc, e};
        if (!e || !fill(s, f->sub, &in, e, depth + 1))
            return false;
    }
    return true;
}

static bool fill(sctx *s, const gdw_field *l, const sscope *sc, mdc_value *obj, int depth)
{
    if (!l || depth > MAX_DEPTH)
        return false;
    for (const gdw_field *f = l; f->kind != GDW_FK_END; f++) {
        bool omit = false;
        switch (f->kind) {
        case GDW_FK_FMT: {
            mdc_value *v = sample_leaf(s, f, 0, &omit);
            if (!omit && (!v || !mdc_v_append(obj, f->name, v)))
                return false;
            break;
        }
        case GDW_FK_GROUP: {
            mdc_value *o = mdc_v_add_obj(s->a, obj, f->name);
            sscope in = {sc, o};
            if (!o || !fill(s, f->sub, &in, o, depth + 1))
                return false;
            break;
        }
        case GDW_FK_INCLUDE:
            if (!fill(s, f->sub, sc, obj, depth + 1))
                return false;
            break;
        case GDW_FK_REPEAT:
            if (!fill_repeat(s, f, sc, obj, depth))
                return false;
            break;
        case GDW_FK_BITS:
            for (const gdw_field *b = f->sub; b && b->kind != GDW_FK_END; b++) {
                mdc_value *v = sample_leaf(s, b, b->width, &omit);
                if (!omit && (!v || !mdc_v_append(obj, b->name, v)))
                    return false;
            }
            break;
        case GDW_FK_SWITCH: {
            const mdc_value *sel = lookup(sc, f->ref);
            int64_t x = 0;
            const gdw_case *cs = NULL;
            if (sel && mdc_v_int(sel, &x))
                for (cs = f->cases; cs && cs->layout && cs->value != x; cs++)
                    ;
            if (cs && cs->layout) {
                mdc_value *o = mdc_v_add_obj(s->a, obj, f->name);
                sscope in = {sc, o};
                if (!o || !fill(s, cs->layout, &in, o, depth + 1))
                    return false;
            } else if (!random_bytes(s, obj, f->name, 1 + rn(s, 3))) {
                return false;
            }
            break;
        }
        case GDW_FK_SIZED: {
            mdc_value *o = obj;
            sscope in = {sc, obj};
            const sscope *use = sc;
            if (f->name) {
                o = mdc_v_add_obj(s->a, obj, f->name);
                in.obj = o;
                use = &in;
            }
            if (!o || !fill(s, f->sub, use, o, depth + 1))
                return false;
            break;
        }
        case GDW_FK_VARBYTES: {
            const mdc_value *v = lookup(sc, f->ref);
            int64_t n = 0;
            if (!v || !mdc_v_int(v, &n))
                n = 1 + rn(s, 3);
            else
                n += f->add;
            if (!random_bytes(s, obj, f->name, n < 0 ? 0 : (size_t)n))
                return false;
            break;
        }
        case GDW_FK_REST:
            if (!random_bytes(s, obj, f->name, 1 + rn(s, 3)))
                return false;
            break;
        default:
            return false;
        }
    }
    return true;
}

mdc_value *gdw13761_unit_sample(const gdw_field *layout, unsigned seed, mdc_arena *a)
{
    sctx s = {a, seed * 2654435761u + 0x9E3779B9u, (seed & 1u) != 0, layout};
    if (s.rng == 0)
        s.rng = 1;
    mdc_value *root = mdc_v_new(a, MDC_V_OBJECT);
    sscope sc = {NULL, root};
    if (!root || !fill(&s, layout, &sc, root, 0))
        return NULL;
    return root;
}
