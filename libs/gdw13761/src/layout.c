/* The data-unit layout interpreter (layout.h): one walk over a gdw_field table
 * that decodes bytes into a value tree, and one that encodes a value tree into
 * bytes, with count/size fields resolved by name and back-patched on encode. */
#include "gdw13761/layout.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "gdw13761/formats.h"
#include "mdc/cursor.h"
#include "mdc/hex.h"

#define MAX_DEPTH   16 /* nesting of GROUP / REPEAT / SWITCH / SIZED */
#define MAX_PENDING 32

/* One object being decoded or encoded, linked to the enclosing ones: refs are
 * looked up here first, then outwards; the chain also names the error path. */
typedef struct scope scope;
struct scope {
    const scope *up;
    const mdc_value *obj;
    const char *name; /* path component; NULL at the root */
    long idx;         /* element index when >= 0 */
    const char *note; /* shown after the name in error paths: the SWITCH case ("ERC31 ...") */
};

/* ---- errors ---- */

/* Appends src to the NUL-terminated dst of capacity cap, cutting what does not fit. */
static void msg_append(char *dst, size_t cap, const char *src)
{
    size_t used = strlen(dst);
    size_t n = strlen(src);
    if (used + 1 >= cap)
        return;
    if (n > cap - 1 - used)
        n = cap - 1 - used;
    memcpy(dst + used, src, n);
    dst[used + n] = '\0';
}

static size_t path_of(const scope *sc, char *buf, size_t cap)
{
    if (!sc)
        return 0;
    size_t n = path_of(sc->up, buf, cap);
    int k = 0;
    if (sc->name && n < cap) {
        if (sc->idx >= 0)
            k = snprintf(buf + n, cap - n, "%s%s[%ld]", n ? "." : "", sc->name, sc->idx);
        else
            k = snprintf(buf + n, cap - n, "%s%s", n ? "." : "", sc->name);
    }
    if (k > 0)
        n += (size_t)k;
    if (sc->note && n < cap) {
        k = snprintf(buf + n, cap - n, "(%s)", sc->note);
        if (k > 0)
            n += (size_t)k;
    }
    return n < cap ? n : cap - 1;
}

__attribute__((format(printf, 6, 7))) static int seterr(gdw13761_err *err, gdw13761_errc code,
                                                        size_t off, const scope *sc,
                                                        const char *field, const char *f, ...)
{
    char path[96];
    char why[128];
    va_list ap;
    size_t n = path_of(sc, path, sizeof path);
    if (field && n < sizeof path)
        snprintf(path + n, sizeof path - n, "%s%s", n ? "." : "", field);
    else if (n == 0)
        snprintf(path, sizeof path, "%s", "(unit)");
    va_start(ap, f);
    vsnprintf(why, sizeof why, f, ap);
    va_end(ap);
    err->code = code;
    err->offset = off;
    /* "path: reason"; a deep path makes the reason shorter, never overruns msg */
    err->msg[0] = '\0';
    msg_append(err->msg, sizeof err->msg, path);
    msg_append(err->msg, sizeof err->msg, ": ");
    msg_append(err->msg, sizeof err->msg, why);
    return -1;
}

const char *gdw13761_strerror(gdw13761_errc code)
{
    static const char *const names[] = {
        [GDW13761_OK] = "ok",
        [GDW13761_E_SHORT] = "data too short",
        [GDW13761_E_FORMAT] = "value does not fit its format",
        [GDW13761_E_MISSING] = "field missing",
        [GDW13761_E_COUNT] = "count or size disagrees with the data",
        [GDW13761_E_SPACE] = "output buffer too small",
        [GDW13761_E_ARENA] = "value arena full",
        [GDW13761_E_LAYOUT] = "bad layout table",
        [GDW13761_E_FRAME] = "bad frame",
        [GDW13761_E_UNKNOWN] = "unknown data unit",
    };
    if ((unsigned)code < sizeof names / sizeof names[0] && names[code])
        return names[code];
    return "unknown error";
}

/* ---- layout facts ---- */

static bool is_scalar(const gdw_field *sub)
{
    return sub && sub[0].kind == GDW_FK_FMT && !sub[0].name && sub[1].kind == GDW_FK_END;
}

/* The member named key of obj, the last one when there are several. */
static const mdc_value *member(const mdc_value *obj, const char *key)
{
    const mdc_value *hit = NULL;
    if (!obj || obj->kind != MDC_V_OBJECT || !key)
        return NULL;
    for (const mdc_value *c = obj->u.list.head; c; c = c->next)
        if (c->key && strcmp(c->key, key) == 0)
            hit = c;
    return hit;
}

/* Smallest byte count the layout can take (0 for data-dependent parts). */
static size_t min_len(const gdw_field *l, int depth)
{
    size_t n = 0;
    if (!l || depth > MAX_DEPTH)
        return 0;
    for (; l->kind != GDW_FK_END; l++) {
        size_t k = 0;
        switch (l->kind) {
        case GDW_FK_FMT:
            k = gdw13761_fmt_size((gdw_fmt)l->fmt, l->len);
            break;
        case GDW_FK_GROUP:
            k = min_len(l->sub, depth + 1);
            break;
        case GDW_FK_REPEAT:
            if (!l->ref)
                k = (size_t)l->len * min_len(l->sub, depth + 1);
            break;
        case GDW_FK_BITS:
            k = l->len;
            break;
        default:
            break;
        }
        n += k;
    }
    return n;
}

static long fixed_len(const gdw_field *l, int depth)
{
    long n = 0;
    if (!l || depth > MAX_DEPTH)
        return -1;
    for (; l->kind != GDW_FK_END; l++) {
        long k;
        switch (l->kind) {
        case GDW_FK_FMT: {
            size_t s = gdw13761_fmt_size((gdw_fmt)l->fmt, l->len);
            k = s ? (long)s : -1;
            break;
        }
        case GDW_FK_GROUP:
            k = fixed_len(l->sub, depth + 1);
            break;
        case GDW_FK_REPEAT:
            k = -1;
            if (!l->ref && l->len > 0) {
                long e = fixed_len(l->sub, depth + 1);
                if (e >= 0 && e <= 1000000L)
                    k = e * (long)l->len;
            }
            break;
        case GDW_FK_BITS:
            k = l->len;
            break;
        default:
            k = -1;
            break;
        }
        if (k < 0)
            return -1;
        n += k;
    }
    return n;
}

long gdw13761_unit_fixed_len(const gdw_field *layout)
{
    return fixed_len(layout, 0);
}

/* ======================= decoding ======================= */

typedef struct dctx {
    mdc_arena *a;
    gdw13761_err *err;
    const uint8_t *base; /* start of the unit, for offsets */
} dctx;

static size_t doff(const dctx *c, const mdc_rd *r)
{
    return (size_t)(r->p - c->base) + r->pos;
}

static int arena_full(dctx *c, const mdc_rd *r, const scope *sc, const char *field)
{
    return seterr(c->err, GDW13761_E_ARENA, doff(c, r), sc, field, "value arena full");
}

/* The integer value of the field named ref (siblings, then enclosing objects) plus add. */
static int dref(dctx *c, const mdc_rd *r, const scope *sc, const gdw_field *f, int64_t *out)
{
    for (const scope *s = sc; s; s = s->up) {
        const mdc_value *v = member(s->obj, f->ref);
        if (!v)
            continue;
        int64_t x;
        if (v->kind == MDC_V_NULL || v->kind == MDC_V_INVALID || !mdc_v_int(v, &x))
            return seterr(c->err, GDW13761_E_COUNT, doff(c, r), sc, f->name,
                          "count field '%s' is not a number", f->ref);
        *out = x + f->add;
        return 0;
    }
    return seterr(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, f->name,
                  "ref '%s' names no earlier field", f->ref);
}

static int dlayout(dctx *c, const gdw_field *l, mdc_rd *r, const scope *sc, mdc_value *obj,
                   int depth);

static int dfmt(dctx *c, const gdw_field *f, mdc_rd *r, const scope *sc, mdc_value *parent,
                const char *key, const char *what)
{
    size_t n = gdw13761_fmt_size((gdw_fmt)f->fmt, f->len);
    if (n == 0)
        return seterr(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, what,
                      "format %u with length %u is not valid", (unsigned)f->fmt, (unsigned)f->len);
    if (mdc_rd_left(r) < n)
        return seterr(c->err, GDW13761_E_SHORT, doff(c, r), sc, what, "needs %zu bytes, %zu left",
                      n, mdc_rd_left(r));
    const uint8_t *p = mdc_rd_take(r, n);
    mdc_value *v = gdw13761_fmt_decode((gdw_fmt)f->fmt, f->len, f->unit, p, c->a);
    if (!v || !mdc_v_append(parent, key, v))
        return arena_full(c, r, sc, what);
    return 0;
}

static int drepeat(dctx *c, const gdw_field *f, mdc_rd *r, const scope *sc, mdc_value *obj,
                   int depth)
{
    int64_t count = f->len;
    bool rest = !f->ref && f->len == GDW_COUNT_REST;
    if (f->ref && dref(c, r, sc, f, &count) < 0)
        return -1;
    if (count < 0)
        return seterr(c->err, GDW13761_E_COUNT, doff(c, r), sc, f->name, "negative count %" PRId64,
                      count);
    size_t each = min_len(f->sub, depth);
    if (!rest && each && (uint64_t)count > mdc_rd_left(r) / each)
        return seterr(c->err, GDW13761_E_SHORT, doff(c, r), sc, f->name,
                      "count %" PRId64 " needs at least %zu bytes each, %zu left", count, each,
                      mdc_rd_left(r));
    mdc_value *arr = mdc_v_add_arr(c->a, obj, f->name);
    if (!arr)
        return arena_full(c, r, sc, f->name);
    bool scalar = is_scalar(f->sub);
    for (long i = 0; rest ? mdc_rd_left(r) > 0 : i < count; i++) {
        size_t before = r->pos;
        scope el = {sc, NULL, f->name, i, NULL};
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
            return seterr(c->err, GDW13761_E_LAYOUT, doff(c, r), &el, NULL,
                          "repeated element uses no bytes");
    }
    return 0;
}

static int dbits(dctx *c, const gdw_field *f, mdc_rd *r, const scope *sc, mdc_value *obj)
{
    if (f->len < 1 || f->len > 8)
        return seterr(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, NULL, "BITS of %u bytes",
                      (unsigned)f->len);
    if (mdc_rd_left(r) < f->len)
        return seterr(c->err, GDW13761_E_SHORT, doff(c, r), sc,
                      f->sub && f->sub[0].name ? f->sub[0].name : NULL,
                      "bit field needs %u bytes, %zu left", (unsigned)f->len, mdc_rd_left(r));
    const uint8_t *p = mdc_rd_take(r, f->len);
    uint64_t u = 0;
    for (size_t i = f->len; i-- > 0;)
        u = u << 8 | p[i];
    for (const gdw_field *b = f->sub; b && b->kind != GDW_FK_END; b++) {
        if (b->kind != GDW_FK_BITF || b->width == 0 || b->width > 63 ||
            (unsigned)b->lo + b->width > 8u * f->len)
            return seterr(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, b->name,
                          "bad bit field (lo %u, width %u)", b->lo, b->width);
        uint64_t x = (u >> b->lo) & ((UINT64_C(1) << b->width) - 1u);
        if (!mdc_v_add_int(c->a, obj, b->name, (int64_t)x, b->unit))
            return arena_full(c, r, sc, b->name);
    }
    return 0;
}

static const gdw_case *find_case(const gdw_case *cs, int64_t x)
{
    for (; cs && cs->layout; cs++)
        if (cs->value == x)
            return cs;
    return NULL;
}

static int dswitch(dctx *c, const gdw_field *f, mdc_rd *r, const scope *sc, mdc_value *obj,
                   int depth)
{
    int64_t sel;
    gdw_field g = *f;
    g.add = 0;
    if (dref(c, r, sc, &g, &sel) < 0)
        return -1;
    const gdw_case *cs = find_case(f->cases, sel);
    if (!cs) {
        size_t n = mdc_rd_left(r);
        if (!mdc_v_add_bytes(c->a, obj, f->name, MDC_V_BYTES, mdc_rd_take(r, n), n))
            return arena_full(c, r, sc, f->name);
        return 0;
    }
    mdc_value *o = mdc_v_add_obj(c->a, obj, f->name);
    if (!o)
        return arena_full(c, r, sc, f->name);
    scope in = {sc, o, f->name, -1, cs->name};
    return dlayout(c, cs->layout, r, &in, o, depth + 1);
}

static int dsized(dctx *c, const gdw_field *f, mdc_rd *r, const scope *sc, mdc_value *obj,
                  int depth)
{
    int64_t size;
    if (dref(c, r, sc, f, &size) < 0)
        return -1;
    if (size < 0 || (uint64_t)size > mdc_rd_left(r))
        return seterr(c->err, size < 0 ? GDW13761_E_COUNT : GDW13761_E_SHORT, doff(c, r), sc,
                      f->name, "size %" PRId64 " but %zu bytes left", size, mdc_rd_left(r));
    mdc_rd in = mdc_rd_init(r->p + r->pos, (size_t)size);
    mdc_rd_take(r, (size_t)size);
    mdc_value *o = obj;
    scope s = {sc, obj, f->name, -1, NULL};
    const scope *use = sc;
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

static int dbytes(dctx *c, const gdw_field *f, mdc_rd *r, const scope *sc, mdc_value *obj)
{
    int64_t n = (int64_t)mdc_rd_left(r);
    if (f->kind == GDW_FK_VARBYTES) {
        if (dref(c, r, sc, f, &n) < 0)
            return -1;
        if (n < 0 || (uint64_t)n > mdc_rd_left(r))
            return seterr(c->err, n < 0 ? GDW13761_E_COUNT : GDW13761_E_SHORT, doff(c, r), sc,
                          f->name, "%" PRId64 " bytes but %zu left", n, mdc_rd_left(r));
    }
    if (!mdc_v_add_bytes(c->a, obj, f->name, MDC_V_BYTES, mdc_rd_take(r, (size_t)n), (size_t)n))
        return arena_full(c, r, sc, f->name);
    return 0;
}

static int dlayout(dctx *c, const gdw_field *l, mdc_rd *r, const scope *sc, mdc_value *obj,
                   int depth)
{
    if (depth > MAX_DEPTH)
        return seterr(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, NULL, "layout nested too deep");
    if (!l)
        return seterr(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, NULL, "no layout");
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
            scope in = {sc, o, f->name, -1, NULL};
            rc = dlayout(c, f->sub, r, &in, o, depth + 1);
            break;
        }
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
            rc = seterr(c->err, GDW13761_E_LAYOUT, doff(c, r), sc, f->name,
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
        return seterr(err, GDW13761_E_LAYOUT, 0, NULL, NULL, "no arena or no output pointer");
    mdc_value *root = mdc_v_new(a, MDC_V_OBJECT);
    if (!root)
        return seterr(err, GDW13761_E_ARENA, 0, NULL, NULL, "value arena full");
    scope sc = {NULL, root, NULL, -1, NULL};
    if (dlayout(&c, layout, &r, &sc, root, 0) < 0)
        return -1;
    if (used)
        *used = r.pos;
    *out = root;
    return 0;
}

/* ======================= encoding ======================= */

/* A count/size field left out of the value: its bytes are reserved and filled
 * in when the REPEAT / SIZED / VARBYTES that uses it knows the real number. */
typedef struct pending {
    const scope *sc;
    const gdw_field *f;    /* the FMT field, or the BITF */
    const gdw_field *bits; /* the BITS holding f, or NULL */
    size_t off;
    bool done;
    int64_t val;
} pending;

typedef struct ectx {
    mdc_wr w;
    gdw13761_err *err;
    const gdw_field *root;
    pending pend[MAX_PENDING];
    size_t npend;
} ectx;

/* True when some REPEAT / SIZED / VARBYTES of the layout counts with `name`. */
static bool used_as_count(const gdw_field *l, const char *name, int depth)
{
    if (!l || !name || depth > MAX_DEPTH)
        return false;
    for (; l->kind != GDW_FK_END; l++) {
        if ((l->kind == GDW_FK_REPEAT || l->kind == GDW_FK_SIZED || l->kind == GDW_FK_VARBYTES) &&
            l->ref && strcmp(l->ref, name) == 0)
            return true;
        if (l->kind != GDW_FK_BITS && used_as_count(l->sub, name, depth + 1))
            return true;
        for (const gdw_case *cs = l->cases; cs && cs->layout; cs++)
            if (used_as_count(cs->layout, name, depth + 1))
                return true;
    }
    return false;
}

static int patch(ectx *c, pending *pd, int64_t val, const scope *sc, const gdw_field *user)
{
    const gdw_field *f = pd->f;
    uint8_t *at = c->w.p + pd->off;
    if (pd->bits) {
        if (val < 0 || (f->width < 63 && (uint64_t)val >> f->width))
            return seterr(c->err, GDW13761_E_COUNT, pd->off, sc, user->name,
                          "count %" PRId64 " does not fit %u bits of '%s'", val, f->width, f->name);
        uint64_t u = (uint64_t)val << f->lo;
        for (size_t i = 0; i < pd->bits->len; i++, u >>= 8)
            at[i] = (uint8_t)(at[i] | (uint8_t)u);
    } else {
        mdc_value tmp;
        char why[96];
        memset(&tmp, 0, sizeof tmp);
        tmp.kind = MDC_V_INT;
        tmp.u.i = val;
        if (gdw13761_fmt_encode((gdw_fmt)f->fmt, f->len, &tmp, at, why, sizeof why))
            return seterr(c->err, GDW13761_E_COUNT, pd->off, sc, user->name, "count of '%s': %s",
                          f->name, why);
    }
    pd->done = true;
    pd->val = val;
    return 0;
}

/* Checks or fills the field named f->ref so that it says `real` - f->add. */
static int eref(ectx *c, const scope *sc, const gdw_field *f, int64_t real, const char *what)
{
    int64_t want = real - f->add;
    for (const scope *s = sc; s; s = s->up) {
        const mdc_value *v = member(s->obj, f->ref);
        if (v) {
            int64_t x;
            if (!mdc_v_int(v, &x))
                return seterr(c->err, GDW13761_E_COUNT, c->w.pos, sc, f->name,
                              "count field '%s' is not a number", f->ref);
            if (x != want)
                return seterr(c->err, GDW13761_E_COUNT, c->w.pos, sc, f->name,
                              "'%s' says %" PRId64 " %s, the data has %" PRId64, f->ref, x + f->add,
                              what, real);
            return 0;
        }
        for (size_t i = c->npend; i-- > 0;) {
            pending *pd = &c->pend[i];
            if (pd->sc != s || strcmp(pd->f->name, f->ref) != 0)
                continue;
            if (!pd->done)
                return patch(c, pd, want, sc, f);
            if (pd->val != want)
                return seterr(c->err, GDW13761_E_COUNT, c->w.pos, sc, f->name,
                              "'%s' says %" PRId64 " %s, the data has %" PRId64, f->ref,
                              pd->val + f->add, what, real);
            return 0;
        }
    }
    return seterr(c->err, GDW13761_E_LAYOUT, c->w.pos, sc, f->name,
                  "ref '%s' names no earlier field", f->ref);
}

static int add_pending(ectx *c, const scope *sc, const gdw_field *f, const gdw_field *bits,
                       size_t off)
{
    if (c->npend >= MAX_PENDING)
        return seterr(c->err, GDW13761_E_LAYOUT, off, sc, f->name, "too many omitted counts");
    pending *pd = &c->pend[c->npend++];
    pd->sc = sc;
    pd->f = f;
    pd->bits = bits;
    pd->off = off;
    pd->done = false;
    pd->val = 0;
    return 0;
}

static uint8_t *reserve(ectx *c, size_t n, const scope *sc, const char *what)
{
    uint8_t *p = mdc_wr_reserve(&c->w, n);
    if (!p)
        seterr(c->err, GDW13761_E_SPACE, c->w.pos, sc, what, "output buffer full (%zu bytes)",
               c->w.cap);
    return p;
}

/* Writes the raw bytes of v: BYTES or INVALID as they are, or hex text (the
 * form JSON carries bytes in). Sets *n to the byte count. */
static int eraw(ectx *c, const mdc_value *v, const scope *sc, const char *what, size_t *n)
{
    const uint8_t *src;
    uint8_t buf[1024];
    if (v->kind == MDC_V_BYTES || v->kind == MDC_V_INVALID) {
        src = v->u.bytes.p;
        *n = v->u.bytes.len;
    } else if (v->kind == MDC_V_STR) {
        char text[2 * sizeof buf + 64];
        size_t bad = 0;
        if (v->u.str.len >= sizeof text)
            return seterr(c->err, GDW13761_E_FORMAT, c->w.pos, sc, what, "hex text too long");
        memcpy(text, v->u.str.p, v->u.str.len);
        text[v->u.str.len] = '\0';
        long k = mdc_hex_parse(text, buf, sizeof buf, &bad);
        if (k < 0)
            return seterr(c->err, GDW13761_E_FORMAT, c->w.pos, sc, what,
                          "expects bytes (hex), bad text at %zu", bad);
        src = buf;
        *n = (size_t)k;
    } else {
        return seterr(c->err, GDW13761_E_FORMAT, c->w.pos, sc, what, "expects bytes");
    }
    uint8_t *p = reserve(c, *n, sc, what);
    if (!p)
        return -1;
    if (*n)
        memcpy(p, src, *n);
    return 0;
}

static int elayout(ectx *c, const gdw_field *l, const scope *sc, bool own, int depth);

static int efmt(ectx *c, const gdw_field *f, const mdc_value *v, const scope *sc, const char *what)
{
    size_t n = gdw13761_fmt_size((gdw_fmt)f->fmt, f->len);
    if (n == 0)
        return seterr(c->err, GDW13761_E_LAYOUT, c->w.pos, sc, what,
                      "format %u with length %u is not valid", (unsigned)f->fmt, (unsigned)f->len);
    size_t off = c->w.pos;
    uint8_t *p = reserve(c, n, sc, what);
    if (!p)
        return -1;
    if (!v) {
        if (used_as_count(c->root, f->name, 0)) {
            memset(p, 0, n);
            return add_pending(c, sc, f, NULL, off);
        }
        return seterr(c->err, GDW13761_E_MISSING, off, sc, what, "missing");
    }
    char why[96];
    if (gdw13761_fmt_encode((gdw_fmt)f->fmt, f->len, v, p, why, sizeof why))
        return seterr(c->err, GDW13761_E_FORMAT, off, sc, what, "%s", why);
    return 0;
}

static int ebits(ectx *c, const gdw_field *f, const scope *sc)
{
    if (f->len < 1 || f->len > 8)
        return seterr(c->err, GDW13761_E_LAYOUT, c->w.pos, sc, NULL, "BITS of %u bytes",
                      (unsigned)f->len);
    size_t off = c->w.pos;
    uint8_t *p = reserve(c, f->len, sc, f->sub ? f->sub[0].name : NULL);
    if (!p)
        return -1;
    uint64_t u = 0;
    for (const gdw_field *b = f->sub; b && b->kind != GDW_FK_END; b++) {
        if (b->kind != GDW_FK_BITF || b->width == 0 || b->width > 63 ||
            (unsigned)b->lo + b->width > 8u * f->len)
            return seterr(c->err, GDW13761_E_LAYOUT, off, sc, b->name,
                          "bad bit field (lo %u, width %u)", b->lo, b->width);
        const mdc_value *v = member(sc->obj, b->name);
        int64_t x;
        if (!v) {
            if (used_as_count(c->root, b->name, 0)) {
                if (add_pending(c, sc, b, f, off) < 0)
                    return -1;
                continue;
            }
            return seterr(c->err, GDW13761_E_MISSING, off, sc, b->name, "missing");
        }
        if (!mdc_v_int(v, &x) || x < 0 || (uint64_t)x >> b->width)
            return seterr(c->err, GDW13761_E_FORMAT, off, sc, b->name,
                          "needs an integer of %u bits", b->width);
        u |= (uint64_t)x << b->lo;
    }
    for (size_t i = 0; i < f->len; i++, u >>= 8)
        p[i] = (uint8_t)u;
    return 0;
}

static const mdc_value *need(ectx *c, const scope *sc, const gdw_field *f, mdc_vkind kind,
                             const char *kname)
{
    const mdc_value *v = member(sc->obj, f->name);
    if (!v)
        seterr(c->err, GDW13761_E_MISSING, c->w.pos, sc, f->name, "missing");
    else if (v->kind != kind)
        seterr(c->err, GDW13761_E_FORMAT, c->w.pos, sc, f->name, "expects %s", kname);
    else
        return v;
    return NULL;
}

static int erepeat(ectx *c, const gdw_field *f, const scope *sc, int depth)
{
    const mdc_value *arr = need(c, sc, f, MDC_V_ARRAY, "an array");
    if (!arr)
        return -1;
    int64_t n = (int64_t)arr->u.list.n;
    if (f->ref) {
        if (eref(c, sc, f, n, "elements") < 0)
            return -1;
    } else if (f->len != GDW_COUNT_REST && n != f->len) {
        return seterr(c->err, GDW13761_E_COUNT, c->w.pos, sc, f->name,
                      "needs %u elements, has %" PRId64, (unsigned)f->len, n);
    }
    bool scalar = is_scalar(f->sub);
    long i = 0;
    for (const mdc_value *e = arr->u.list.head; e; e = e->next, i++) {
        if (scalar) {
            char what[64];
            snprintf(what, sizeof what, "%s[%ld]", f->name ? f->name : "", i);
            if (efmt(c, &f->sub[0], e, sc, what) < 0)
                return -1;
            continue;
        }
        scope el = {sc, e, f->name, i, NULL};
        if (e->kind != MDC_V_OBJECT)
            return seterr(c->err, GDW13761_E_FORMAT, c->w.pos, &el, NULL, "expects an object");
        if (elayout(c, f->sub, &el, true, depth + 1) < 0)
            return -1;
    }
    return 0;
}

static int eswitch(ectx *c, const gdw_field *f, const scope *sc, int depth)
{
    const mdc_value *sv = NULL;
    for (const scope *s = sc; s && !sv; s = s->up)
        sv = member(s->obj, f->ref);
    int64_t sel = 0;
    if (!sv)
        return seterr(c->err, GDW13761_E_MISSING, c->w.pos, sc, f->name, "selector '%s' missing",
                      f->ref);
    bool known = mdc_v_int(sv, &sel);
    const gdw_case *cs = known ? find_case(f->cases, sel) : NULL;
    const mdc_value *v = member(sc->obj, f->name);
    if (!v)
        return seterr(c->err, GDW13761_E_MISSING, c->w.pos, sc, f->name, "missing");
    if (!cs) {
        size_t n;
        if (v->kind == MDC_V_OBJECT)
            return seterr(c->err, GDW13761_E_FORMAT, c->w.pos, sc, f->name,
                          "no case for '%s', expects raw bytes", f->ref);
        return eraw(c, v, sc, f->name, &n);
    }
    if (v->kind != MDC_V_OBJECT)
        return seterr(c->err, GDW13761_E_FORMAT, c->w.pos, sc, f->name,
                      "expects an object for case %" PRId64, sel);
    scope in = {sc, v, f->name, -1, cs->name};
    return elayout(c, cs->layout, &in, true, depth + 1);
}

static int esized(ectx *c, const gdw_field *f, const scope *sc, int depth)
{
    size_t start = c->w.pos;
    scope in = {sc, sc->obj, f->name, -1, NULL};
    const scope *use = sc;
    if (f->name) {
        in.obj = need(c, sc, f, MDC_V_OBJECT, "an object");
        if (!in.obj)
            return -1;
        use = &in;
    }
    if (elayout(c, f->sub, use, f->name != NULL, depth + 1) < 0)
        return -1;
    const mdc_value *rest = member(use->obj, "rest");
    size_t n;
    if (rest && eraw(c, rest, use, "rest", &n) < 0)
        return -1;
    return eref(c, sc, f, (int64_t)(c->w.pos - start), "bytes");
}

static int ebytes(ectx *c, const gdw_field *f, const scope *sc)
{
    const mdc_value *v = member(sc->obj, f->name);
    size_t n;
    if (!v)
        return seterr(c->err, GDW13761_E_MISSING, c->w.pos, sc, f->name, "missing");
    if (eraw(c, v, sc, f->name, &n) < 0)
        return -1;
    return f->kind == GDW_FK_VARBYTES ? eref(c, sc, f, (int64_t)n, "bytes") : 0;
}

static int elayout(ectx *c, const gdw_field *l, const scope *sc, bool own, int depth)
{
    size_t mark = c->npend;
    if (depth > MAX_DEPTH)
        return seterr(c->err, GDW13761_E_LAYOUT, c->w.pos, sc, NULL, "layout nested too deep");
    if (!l)
        return seterr(c->err, GDW13761_E_LAYOUT, c->w.pos, sc, NULL, "no layout");
    for (const gdw_field *f = l; f->kind != GDW_FK_END; f++) {
        int rc;
        switch (f->kind) {
        case GDW_FK_FMT:
            rc = efmt(c, f, member(sc->obj, f->name), sc, f->name);
            break;
        case GDW_FK_GROUP: {
            const mdc_value *o = need(c, sc, f, MDC_V_OBJECT, "an object");
            if (!o)
                return -1;
            scope in = {sc, o, f->name, -1, NULL};
            rc = elayout(c, f->sub, &in, true, depth + 1);
            break;
        }
        case GDW_FK_REPEAT:
            rc = erepeat(c, f, sc, depth);
            break;
        case GDW_FK_BITS:
            rc = ebits(c, f, sc);
            break;
        case GDW_FK_SWITCH:
            rc = eswitch(c, f, sc, depth);
            break;
        case GDW_FK_SIZED:
            rc = esized(c, f, sc, depth);
            break;
        case GDW_FK_VARBYTES:
        case GDW_FK_REST:
            rc = ebytes(c, f, sc);
            break;
        default:
            rc = seterr(c->err, GDW13761_E_LAYOUT, c->w.pos, sc, f->name,
                        "field kind %u not allowed here", (unsigned)f->kind);
            break;
        }
        if (rc < 0)
            return -1;
    }
    if (!own)
        return 0;
    for (size_t i = mark; i < c->npend; i++)
        if (!c->pend[i].done)
            return seterr(c->err, GDW13761_E_MISSING, c->pend[i].off, sc, c->pend[i].f->name,
                          "missing (no data to count)");
    c->npend = mark;
    return 0;
}

int gdw13761_unit_encode(const gdw_field *layout, const mdc_value *v, uint8_t *out, size_t cap,
                         size_t *written, gdw13761_err *err)
{
    static uint8_t none[1];
    gdw13761_err dummy;
    ectx c;
    if (!err)
        err = &dummy;
    memset(&c, 0, sizeof c);
    c.w = mdc_wr_init(out ? out : none, out ? cap : 0);
    c.err = err;
    c.root = layout;
    err->code = GDW13761_OK;
    err->offset = 0;
    err->msg[0] = '\0';
    if (!v || v->kind != MDC_V_OBJECT)
        return seterr(err, GDW13761_E_FORMAT, 0, NULL, NULL, "expects an object");
    scope sc = {NULL, v, NULL, -1, NULL};
    if (elayout(&c, layout, &sc, true, 0) < 0)
        return -1;
    if (written)
        *written = c.w.pos;
    return 0;
}
