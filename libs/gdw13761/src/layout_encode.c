/* The data-unit layout interpreter (layout.h), part 3: encoding a value tree
 * into bytes. One walk over the gdw_field table; a count or size field left
 * out of the value is reserved and back-patched once the data it counts is
 * written, also when it is reached through a dotted ref ("td_c.points"). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gdw13761/formats.h"
#include "gdw13761/layout.h"
#include "layout_common.h"
#include "mdc/cursor.h"
#include "mdc/hex.h"

#define MAX_PENDING 32

/* A count/size field left out of the value: its bytes are reserved and filled
 * in when the REPEAT / SIZED / VARBYTES that uses it knows the real number.
 * It is known by the object it belongs in (values outlive the walk; scopes
 * do not), so a ref from outside a GROUP ("td_c.points") still finds it. */
typedef struct pending {
    const mdc_value *obj;  /* the object the field is missing from */
    const char *in;        /* that object's name in error paths (NULL: none) */
    const gdw_field *f;    /* the FMT field, or the BITF */
    const gdw_field *bits; /* the BITS holding f, or NULL */
    size_t off;
    bool done;
    int64_t val;
} pending;

static const mdc_value *mem(const mdc_value *obj, const char *key)
{
    return key ? gdw13761_lay_member(obj, key, strlen(key)) : NULL;
}

typedef struct ectx {
    mdc_wr w;
    gdw13761_err *err;
    const gdw_field *root;
    pending pend[MAX_PENDING];
    size_t npend;
} ectx;

/* True when some REPEAT / SIZED / VARBYTES of the layout counts with `name`
 * (a ref whose last component is name). */
static bool used_as_count(const gdw_field *l, const char *name, int depth)
{
    if (!l || !name || depth > GDW_LAY_MAX_DEPTH)
        return false;
    for (; l->kind != GDW_FK_END; l++) {
        if ((l->kind == GDW_FK_REPEAT || l->kind == GDW_FK_SIZED || l->kind == GDW_FK_VARBYTES) &&
            gdw13761_lay_ref_is(l->ref, name))
            return true;
        if (l->kind != GDW_FK_BITS && used_as_count(l->sub, name, depth + 1))
            return true;
        for (const gdw_case *cs = l->cases; cs && cs->layout; cs++)
            if (used_as_count(cs->layout, name, depth + 1))
                return true;
    }
    return false;
}

static int patch(ectx *c, pending *pd, int64_t val, const gdw_scope *sc, const gdw_field *user)
{
    const gdw_field *f = pd->f;
    uint8_t *at = c->w.p + pd->off;
    if (pd->bits) {
        if (val < 0 || (f->width < 63 && (uint64_t)val >> f->width))
            return gdw13761_lay_err(c->err, GDW13761_E_COUNT, pd->off, sc, user->name,
                                    "count %" PRId64 " does not fit %u bits of '%s'", val, f->width,
                                    f->name);
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
            return gdw13761_lay_err(c->err, GDW13761_E_COUNT, pd->off, sc, user->name,
                                    "count of '%s': %s", f->name, why);
    }
    pd->done = true;
    pd->val = val;
    return 0;
}

static int disagree(ectx *c, const gdw_scope *sc, const gdw_field *f, int64_t says,
                    const char *what, int64_t real)
{
    return gdw13761_lay_err(c->err, GDW13761_E_COUNT, c->w.pos, sc, f->name,
                            "'%s' says %" PRId64 " %s, the data has %" PRId64, f->ref, says, what,
                            real);
}

/* Checks or fills the field named by f->ref so that it says `real` - f->add:
 * in the first scope, from sc outwards, whose object holds the ref's path and
 * has the field either as a member or as a pending (left-out) count. */
static int eref(ectx *c, const gdw_scope *sc, const gdw_field *f, int64_t real, const char *what)
{
    int64_t want = real - f->add;
    for (const gdw_scope *s = sc; s; s = s->up) {
        const char *last = NULL;
        const mdc_value *h = gdw13761_lay_holder(s->obj, f->ref, &last);
        if (!h)
            continue;
        const mdc_value *v = gdw13761_lay_member(h, last, strlen(last));
        if (v) {
            int64_t x;
            if (!mdc_v_int(v, &x))
                return gdw13761_lay_err(c->err, GDW13761_E_COUNT, c->w.pos, sc, f->name,
                                        "count field '%s' is not a number", f->ref);
            return x != want ? disagree(c, sc, f, x + f->add, what, real) : 0;
        }
        for (size_t i = c->npend; i-- > 0;) {
            pending *pd = &c->pend[i];
            if (pd->obj != h || strcmp(pd->f->name, last) != 0)
                continue;
            if (!pd->done)
                return patch(c, pd, want, sc, f);
            return pd->val != want ? disagree(c, sc, f, pd->val + f->add, what, real) : 0;
        }
    }
    return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, c->w.pos, sc, f->name,
                            "ref '%s' names no earlier field", f->ref);
}

static int add_pending(ectx *c, const gdw_scope *sc, const gdw_field *f, const gdw_field *bits,
                       size_t off)
{
    if (c->npend >= MAX_PENDING)
        return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, off, sc, f->name,
                                "too many omitted counts");
    pending *pd = &c->pend[c->npend++];
    pd->obj = sc->obj;
    pd->in = sc->idx < 0 ? sc->name : NULL;
    pd->f = f;
    pd->bits = bits;
    pd->off = off;
    pd->done = false;
    pd->val = 0;
    return 0;
}

static uint8_t *reserve(ectx *c, size_t n, const gdw_scope *sc, const char *what)
{
    uint8_t *p = mdc_wr_reserve(&c->w, n);
    if (!p)
        gdw13761_lay_err(c->err, GDW13761_E_SPACE, c->w.pos, sc, what,
                         "output buffer full (%zu bytes)", c->w.cap);
    return p;
}

/* Writes the raw bytes of v: BYTES or INVALID as they are, or hex text (the
 * form JSON carries bytes in). Sets *n to the byte count. */
static int eraw(ectx *c, const mdc_value *v, const gdw_scope *sc, const char *what, size_t *n)
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
            return gdw13761_lay_err(c->err, GDW13761_E_FORMAT, c->w.pos, sc, what,
                                    "hex text too long");
        memcpy(text, v->u.str.p, v->u.str.len);
        text[v->u.str.len] = '\0';
        long k = mdc_hex_parse(text, buf, sizeof buf, &bad);
        if (k < 0)
            return gdw13761_lay_err(c->err, GDW13761_E_FORMAT, c->w.pos, sc, what,
                                    "expects bytes (hex), bad text at %zu", bad);
        src = buf;
        *n = (size_t)k;
    } else {
        return gdw13761_lay_err(c->err, GDW13761_E_FORMAT, c->w.pos, sc, what, "expects bytes");
    }
    uint8_t *p = reserve(c, *n, sc, what);
    if (!p)
        return -1;
    if (*n)
        memcpy(p, src, *n);
    return 0;
}

static int elayout(ectx *c, const gdw_field *l, const gdw_scope *sc, bool own, int depth);

static int efmt(ectx *c, const gdw_field *f, const mdc_value *v, const gdw_scope *sc,
                const char *what)
{
    size_t n = gdw13761_fmt_size((gdw_fmt)f->fmt, f->len);
    if (n == 0)
        return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, c->w.pos, sc, what,
                                "format %u with length %u is not valid", (unsigned)f->fmt,
                                (unsigned)f->len);
    size_t off = c->w.pos;
    uint8_t *p = reserve(c, n, sc, what);
    if (!p)
        return -1;
    if (!v) {
        if (used_as_count(c->root, f->name, 0)) {
            memset(p, 0, n);
            return add_pending(c, sc, f, NULL, off);
        }
        return gdw13761_lay_err(c->err, GDW13761_E_MISSING, off, sc, what, "missing");
    }
    char why[96];
    if (gdw13761_fmt_encode((gdw_fmt)f->fmt, f->len, v, p, why, sizeof why))
        return gdw13761_lay_err(c->err, GDW13761_E_FORMAT, off, sc, what, "%s", why);
    return 0;
}

static int ebits(ectx *c, const gdw_field *f, const gdw_scope *sc)
{
    if (f->len < 1 || f->len > 8)
        return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, c->w.pos, sc, NULL, "BITS of %u bytes",
                                (unsigned)f->len);
    size_t off = c->w.pos;
    uint8_t *p = reserve(c, f->len, sc, f->sub ? f->sub[0].name : NULL);
    if (!p)
        return -1;
    uint64_t u = 0;
    for (const gdw_field *b = f->sub; b && b->kind != GDW_FK_END; b++) {
        if (b->kind != GDW_FK_BITF || b->width == 0 || b->width > 63 ||
            (unsigned)b->lo + b->width > 8u * f->len)
            return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, off, sc, b->name,
                                    "bad bit field (lo %u, width %u)", b->lo, b->width);
        const mdc_value *v = mem(sc->obj, b->name);
        int64_t x;
        if (!v) {
            if (used_as_count(c->root, b->name, 0)) {
                if (add_pending(c, sc, b, f, off) < 0)
                    return -1;
                continue;
            }
            return gdw13761_lay_err(c->err, GDW13761_E_MISSING, off, sc, b->name, "missing");
        }
        if (!mdc_v_int(v, &x) || x < 0 || (uint64_t)x >> b->width)
            return gdw13761_lay_err(c->err, GDW13761_E_FORMAT, off, sc, b->name,
                                    "needs an integer of %u bits", b->width);
        u |= (uint64_t)x << b->lo;
    }
    for (size_t i = 0; i < f->len; i++, u >>= 8)
        p[i] = (uint8_t)u;
    return 0;
}

static const mdc_value *need(ectx *c, const gdw_scope *sc, const gdw_field *f, mdc_vkind kind,
                             const char *kname)
{
    const mdc_value *v = mem(sc->obj, f->name);
    if (!v)
        gdw13761_lay_err(c->err, GDW13761_E_MISSING, c->w.pos, sc, f->name, "missing");
    else if (v->kind != kind)
        gdw13761_lay_err(c->err, GDW13761_E_FORMAT, c->w.pos, sc, f->name, "expects %s", kname);
    else
        return v;
    return NULL;
}

static int erepeat(ectx *c, const gdw_field *f, const gdw_scope *sc, int depth)
{
    const mdc_value *arr = need(c, sc, f, MDC_V_ARRAY, "an array");
    if (!arr)
        return -1;
    int64_t n = (int64_t)arr->u.list.n;
    if (f->ref) {
        if (eref(c, sc, f, n, "elements") < 0)
            return -1;
    } else if (f->len != GDW_COUNT_REST && n != f->len) {
        return gdw13761_lay_err(c->err, GDW13761_E_COUNT, c->w.pos, sc, f->name,
                                "needs %u elements, has %" PRId64, (unsigned)f->len, n);
    }
    bool scalar = gdw13761_lay_is_scalar(f->sub);
    long i = 0;
    for (const mdc_value *e = arr->u.list.head; e; e = e->next, i++) {
        if (scalar) {
            char what[64];
            snprintf(what, sizeof what, "%s[%ld]", f->name ? f->name : "", i);
            if (efmt(c, &f->sub[0], e, sc, what) < 0)
                return -1;
            continue;
        }
        gdw_scope el = {sc, e, f->name, i, NULL};
        if (e->kind != MDC_V_OBJECT)
            return gdw13761_lay_err(c->err, GDW13761_E_FORMAT, c->w.pos, &el, NULL,
                                    "expects an object");
        if (elayout(c, f->sub, &el, true, depth + 1) < 0)
            return -1;
    }
    return 0;
}

static int eswitch(ectx *c, const gdw_field *f, const gdw_scope *sc, int depth)
{
    const mdc_value *sv = gdw13761_lay_find(sc, f->ref);
    int64_t sel = 0;
    if (!sv)
        return gdw13761_lay_err(c->err, GDW13761_E_MISSING, c->w.pos, sc, f->name,
                                "selector '%s' missing", f->ref);
    bool known = mdc_v_int(sv, &sel);
    const gdw_case *cs = known ? gdw13761_lay_case(f->cases, sel) : NULL;
    const mdc_value *v = mem(sc->obj, f->name);
    if (!v)
        return gdw13761_lay_err(c->err, GDW13761_E_MISSING, c->w.pos, sc, f->name, "missing");
    if (!cs) {
        size_t n;
        if (v->kind == MDC_V_OBJECT)
            return gdw13761_lay_err(c->err, GDW13761_E_FORMAT, c->w.pos, sc, f->name,
                                    "no case for '%s', expects raw bytes", f->ref);
        return eraw(c, v, sc, f->name, &n);
    }
    if (v->kind != MDC_V_OBJECT)
        return gdw13761_lay_err(c->err, GDW13761_E_FORMAT, c->w.pos, sc, f->name,
                                "expects an object for case %" PRId64, sel);
    gdw_scope in = {sc, v, f->name, -1, cs->name};
    return elayout(c, cs->layout, &in, true, depth + 1);
}

static int esized(ectx *c, const gdw_field *f, const gdw_scope *sc, int depth)
{
    size_t start = c->w.pos;
    gdw_scope in = {sc, sc->obj, f->name, -1, NULL};
    const gdw_scope *use = sc;
    if (f->name) {
        in.obj = need(c, sc, f, MDC_V_OBJECT, "an object");
        if (!in.obj)
            return -1;
        use = &in;
    }
    if (elayout(c, f->sub, use, f->name != NULL, depth + 1) < 0)
        return -1;
    const mdc_value *rest = mem(use->obj, "rest");
    size_t n;
    if (rest && eraw(c, rest, use, "rest", &n) < 0)
        return -1;
    return eref(c, sc, f, (int64_t)(c->w.pos - start), "bytes");
}

static int ebytes(ectx *c, const gdw_field *f, const gdw_scope *sc)
{
    const mdc_value *v = mem(sc->obj, f->name);
    size_t n;
    if (!v)
        return gdw13761_lay_err(c->err, GDW13761_E_MISSING, c->w.pos, sc, f->name, "missing");
    if (eraw(c, v, sc, f->name, &n) < 0)
        return -1;
    return f->kind == GDW_FK_VARBYTES ? eref(c, sc, f, (int64_t)n, "bytes") : 0;
}

static int elayout(ectx *c, const gdw_field *l, const gdw_scope *sc, bool own, int depth)
{
    size_t mark = c->npend;
    if (depth > GDW_LAY_MAX_DEPTH)
        return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, c->w.pos, sc, NULL,
                                "layout nested too deep");
    if (!l)
        return gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, c->w.pos, sc, NULL, "no layout");
    for (const gdw_field *f = l; f->kind != GDW_FK_END; f++) {
        int rc;
        switch (f->kind) {
        case GDW_FK_FMT:
            rc = efmt(c, f, mem(sc->obj, f->name), sc, f->name);
            break;
        case GDW_FK_GROUP: {
            const mdc_value *o = need(c, sc, f, MDC_V_OBJECT, "an object");
            if (!o)
                return -1;
            gdw_scope in = {sc, o, f->name, -1, NULL};
            /* not an owner: a count left out inside may be used after it */
            rc = elayout(c, f->sub, &in, false, depth + 1);
            break;
        }
        case GDW_FK_INCLUDE: /* the fields are members of this object */
            rc = elayout(c, f->sub, sc, false, depth + 1);
            break;
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
            rc = gdw13761_lay_err(c->err, GDW13761_E_LAYOUT, c->w.pos, sc, f->name,
                                  "field kind %u not allowed here", (unsigned)f->kind);
            break;
        }
        if (rc < 0)
            return -1;
    }
    if (!own)
        return 0;
    for (size_t i = mark; i < c->npend; i++) {
        const pending *pd = &c->pend[i];
        char what[64];
        if (pd->done)
            continue;
        snprintf(what, sizeof what, "%s%s%s", pd->obj != sc->obj && pd->in ? pd->in : "",
                 pd->obj != sc->obj && pd->in ? "." : "", pd->f->name);
        return gdw13761_lay_err(c->err, GDW13761_E_MISSING, pd->off, sc, what,
                                "missing (no data to count)");
    }
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
        return gdw13761_lay_err(err, GDW13761_E_FORMAT, 0, NULL, NULL, "expects an object");
    gdw_scope sc = {NULL, v, NULL, -1, NULL};
    if (elayout(&c, layout, &sc, true, 0) < 0)
        return -1;
    if (written)
        *written = c.w.pos;
    return 0;
}
