/* The data-unit layout interpreter (layout.h), part 2: decoding bytes into a
 * value tree. One walk over the gdw_field table; refs (counts, sizes,
 * selectors) are looked up among the members decoded so far, then outwards. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gdw13761/formats.h"
#include "gdw13761/layout.h"
#include "layout_common.h"
#include "mdc/cursor.h"

typedef struct dctx {
    mdc_arena *a;
    gdw13761_err *err;
    const uint8_t *base; /* start of the unit, for offsets */
} dctx;

static size_t doff(const dctx *c, const mdc_rd *r)
{
    return (size_t)(r->p - c->base) + r->pos;
}

static int arena_full(dctx *c, const mdc_rd *r, const gdw_scope *sc, const char *field)
{
    return gdw13761_lay_err(c->err, GDW13761_E_ARENA, doff(c, r), sc, field, "value arena full");
}

/* The integer value of the field named by ref plus add: the member already
 * decoded (a dotted ref walks into a sibling GROUP), here or outwards. */
static int dref(dctx *c, const mdc_rd *r, const gdw_scope *sc, const gdw_field *f, int64_t *out)
{
    const mdc_value *v = gdw13761_lay_find(sc, f->ref);
    int64_t x;
    if (!v)
        return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, f->name,
                                "ref '%s' names no earlier field", f->ref);
    if (v->kind == MDC_V_NULL || v->kind == MDC_V_INVALID || !mdc_v_int(v, &x))
        return gdw13761_lay_err(c->err, GDW13761_E_COUNT, doff(c, r), sc, f->name,
                                "count field '%s' is not a number", f->ref);
    *out = x + f->add;
    return 0;
}

static int dlayout(dctx *c, const gdw_field *l, mdc_rd *r, const gdw_scope *sc, mdc_value *obj,
                   int depth);

static int dfmt(dctx *c, const gdw_field *f, mdc_rd *r, const gdw_scope *sc, mdc_value *parent,
                const char *key, const char *what)
{
    size_t n = gdw13761_fmt_size((gdw_fmt)f->fmt, f->len);
    if (n == 0)
        return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, what,
                                "format %u with length %u is not valid", (unsigned)f->fmt,
                                (unsigned)f->len);
    if (mdc_rd_left(r) < n)
        return gdw13761_lay_err(c->err, GDW13761_E_SHORT, doff(c, r), sc, what,
                                "needs %zu bytes, %zu left", n, mdc_rd_left(r));
    const uint8_t *p = mdc_rd_take(r, n);
    mdc_value *v = gdw13761_fmt_decode((gdw_fmt)f->fmt, f->len, f->unit, p, c->a);
    if (!v || !mdc_v_append(parent, key, v))
        return arena_full(c, r, sc, what);
    return 0;
}

static int drepeat(dctx *c, const gdw_field *f, mdc_rd *r, const gdw_scope *sc, mdc_value *obj,
                   int depth)
{
    int64_t count = f->len;
    bool rest = !f->ref && f->len == GDW_COUNT_REST;
    if (f->ref && dref(c, r, sc, f, &count) < 0)
        return -1;
    if (count < 0)
        return gdw13761_lay_err(c->err, GDW13761_E_COUNT, doff(c, r), sc, f->name,
                                "negative count %" PRId64, count);
    size_t each = gdw13761_lay_min_len(f->sub, depth);
    if (!rest && each && (uint64_t)count > mdc_rd_left(r) / each)
        return gdw13761_lay_err(c->err, GDW13761_E_SHORT, doff(c, r), sc, f->name,
                                "count %" PRId64 " needs at least %zu bytes each, %zu left", count,
                                each, mdc_rd_left(r));
    mdc_value *arr = mdc_v_add_arr(c->a, obj, f->name);
    if (!arr)
        return arena_full(c, r, sc, f->name);
    bool scalar = gdw13761_lay_is_scalar(f->sub);
    for (long i = 0; rest ? mdc_rd_left(r) > 0 : i < count; i++) {
        size_t before = r->pos;
        gdw_scope el = {sc, NULL, f->name, i, NULL};
        if (scalar) {
            char what[64];
            snprintf(what, sizeof what, "%s[%ld]", f->name ? f->name : "", i);
            if (dfmt(c, &f->sub[0], r, sc, arr, NULL, what) < 0)
                return -1;
        } else {
            mdc_value *e = mdc_v_add_obj(c->a, arr, NULL);
            if (!e)
                return arena_full(c, r, sc, f->name);
            el.obj = e;
            if (dlayout(c, f->sub, r, &el, e, depth + 1) < 0)
                return -1;
        }
        if (rest && r->pos == before)
            return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, doff(c, r), &el, NULL,
                                    "repeated element uses no bytes");
    }
    return 0;
}

static int dbits(dctx *c, const gdw_field *f, mdc_rd *r, const gdw_scope *sc, mdc_value *obj)
{
    if (f->len < 1 || f->len > 8)
        return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, NULL, "BITS of %u bytes",
                                (unsigned)f->len);
    if (mdc_rd_left(r) < f->len)
        return gdw13761_lay_err(c->err, GDW13761_E_SHORT, doff(c, r), sc,
                                f->sub && f->sub[0].name ? f->sub[0].name : NULL,
                                "bit field needs %u bytes, %zu left", (unsigned)f->len,
                                mdc_rd_left(r));
    const uint8_t *p = mdc_rd_take(r, f->len);
    uint64_t u = 0;
    for (size_t i = f->len; i-- > 0;)
        u = u << 8 | p[i];
    for (const gdw_field *b = f->sub; b && b->kind != GDW_FK_END; b++) {
        if (b->kind != GDW_FK_BITF || b->width == 0 || b->width > 63 ||
            (unsigned)b->lo + b->width > 8u * f->len)
            return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, b->name,
                                    "bad bit field (lo %u, width %u)", b->lo, b->width);
        uint64_t x = (u >> b->lo) & ((UINT64_C(1) << b->width) - 1u);
        if (!mdc_v_add_int(c->a, obj, b->name, (int64_t)x, b->unit))
            return arena_full(c, r, sc, b->name);
    }
    return 0;
}

static int dswitch(dctx *c, const gdw_field *f, mdc_rd *r, const gdw_scope *sc, mdc_value *obj,
                   int depth)
{
    int64_t sel = 0;
    gdw_field g = *f;
    g.add = 0;
    if (dref(c, r, sc, &g, &sel) < 0)
        return -1;
    const gdw_case *cs = gdw13761_lay_case(f->cases, sel);
    if (!cs) {
        size_t n = mdc_rd_left(r);
        if (!mdc_v_add_bytes(c->a, obj, f->name, MDC_V_BYTES, mdc_rd_take(r, n), n))
            return arena_full(c, r, sc, f->name);
        return 0;
    }
    mdc_value *o = mdc_v_add_obj(c->a, obj, f->name);
    if (!o)
        return arena_full(c, r, sc, f->name);
    gdw_scope in = {sc, o, f->name, -1, cs->name};
    return dlayout(c, cs->layout, r, &in, o, depth + 1);
}

static int dsized(dctx *c, const gdw_field *f, mdc_rd *r, const gdw_scope *sc, mdc_value *obj,
                  int depth)
{
    int64_t size = 0;
    if (dref(c, r, sc, f, &size) < 0)
        return -1;
    if (size < 0 || (uint64_t)size > mdc_rd_left(r))
        return gdw13761_lay_err(c->err, size < 0 ? GDW13761_E_COUNT : GDW13761_E_SHORT, doff(c, r),
                                sc, f->name, "size %" PRId64 " but %zu bytes left", size,
                                mdc_rd_left(r));
    mdc_rd in = mdc_rd_init(r->p + r->pos, (size_t)size);
    mdc_rd_take(r, (size_t)size);
    mdc_value *o = obj;
    gdw_scope s = {sc, obj, f->name, -1, NULL};
    const gdw_scope *use = sc;
    if (f->name) {
        o = mdc_v_add_obj(c->a, obj, f->name);
        if (!o)
            return arena_full(c, r, sc, f->name);
        s.obj = o;
        use = &s;
    }
    if (dlayout(c, f->sub, &in, use, o, depth + 1) < 0)
        return -1;
    size_t left = mdc_rd_left(&in);
    if (left && !mdc_v_add_bytes(c->a, o, "rest", MDC_V_BYTES, mdc_rd_take(&in, left), left))
        return arena_full(c, r, sc, f->name);
    return 0;
}

static int dbytes(dctx *c, const gdw_field *f, mdc_rd *r, const gdw_scope *sc, mdc_value *obj)
{
    int64_t n = (int64_t)mdc_rd_left(r);
    if (f->kind == GDW_FK_VARBYTES) {
        if (dref(c, r, sc, f, &n) < 0)
            return -1;
        if (n < 0 || (uint64_t)n > mdc_rd_left(r))
            return gdw13761_lay_err(c->err, n < 0 ? GDW13761_E_COUNT : GDW13761_E_SHORT, doff(c, r),
                                    sc, f->name, "%" PRId64 " bytes but %zu left", n,
                                    mdc_rd_left(r));
    }
    if (!mdc_v_add_bytes(c->a, obj, f->name, MDC_V_BYTES, mdc_rd_take(r, (size_t)n), (size_t)n))
        return arena_full(c, r, sc, f->name);
    return 0;
}

static int dlayout(dctx *c, const gdw_field *l, mdc_rd *r, const gdw_scope *sc, mdc_value *obj,
                   int depth)
{
    if (depth > GDW_LAY_MAX_DEPTH)
        return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, NULL,
                                "layout nested too deep");
    if (!l)
        return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, NULL, "no layout");
    for (const gdw_field *f = l; f->kind != GDW_FK_END; f++) {
        int rc;
        switch (f->kind) {
        case GDW_FK_FMT:
            rc = dfmt(c, f, r, sc, obj, f->name, f->name);
            break;
        case GDW_FK_GROUP: {
            mdc_value *o = mdc_v_add_obj(c->a, obj, f->name);
            if (!o)
                return arena_full(c, r, sc, f->name);
            gdw_scope in = {sc, o, f->name, -1, NULL};
            rc = dlayout(c, f->sub, r, &in, o, depth + 1);
            break;
        }
        case GDW_FK_INCLUDE: /* the fields join this object */
            rc = dlayout(c, f->sub, r, sc, obj, depth + 1);
            break;
        case GDW_FK_REPEAT:
            rc = drepeat(c, f, r, sc, obj, depth);
            break;
        case GDW_FK_BITS:
            rc = dbits(c, f, r, sc, obj);
            break;
        case GDW_FK_SWITCH:
            rc = dswitch(c, f, r, sc, obj, depth);
            break;
        case GDW_FK_SIZED:
            rc = dsized(c, f, r, sc, obj, depth);
            break;
        case GDW_FK_VARBYTES:
        case GDW_FK_REST:
            rc = dbytes(c, f, r, sc, obj);
            break;
        default:
            rc = gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, f->name,
                                  "field kind %u not allowed here", (unsigned)f->kind);
            break;
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

int gdw13761_unit_decode(const gdw_field *layout, const uint8_t *p, size_t len, size_t *used,
                         mdc_arena *a, mdc_value **out, gdw13761_err *err)
{
    static const uint8_t none[1] = {0};
    gdw13761_err dummy;
    if (!err)
        err = &dummy;
    dctx c = {a, err, p ? p : none};
    mdc_rd r = mdc_rd_init(p ? p : none, p ? len : 0);
    err->code = GDW13761_OK;
    err->offset = 0;
    err->msg[0] = '\0';
    if (!a || !out)
        return gdw13761_lay_err(err, GDW13761_E_LAYOUT, 0, NULL, NULL,
                                "no arena or no output pointer");
    mdc_value *root = mdc_v_new(a, MDC_V_OBJECT);
    if (!root)
        return gdw13761_lay_err(err, GDW13761_E_ARENA, 0, NULL, NULL, "value arena full");
    gdw_scope sc = {NULL, root, NULL, -1, NULL};
    if (dlayout(&c, layout, &r, &sc, root, 0) < 0)
        return -1;
    if (used)
        *used = r.pos;
    *out = root;
    return 0;
}
