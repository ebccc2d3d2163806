/* DI catalogue: lookup, labels, and the generic layout-driven decode/encode. */
#include <string.h>

#include "di_internal.h"
#include "mdc/cursor.h"

const di_table *dlt645_di_table(unsigned ed)
{
    if (ed == DLT645_DI_ED_2007)
        return &dlt645_di_table_2007;
    if (ed == DLT645_DI_ED_1997)
        return &dlt645_di_table_1997;
    return NULL;
}

static unsigned var_byte(const di_var *v, uint32_t di)
{
    return (di >> (8u * v->byte)) & 0xFFu;
}

static uint32_t var_mask(const di_row *r)
{
    uint32_t m = 0;
    for (int i = 0; i < 2; i++)
        if (r->v[i].role != DI_ROLE_NONE)
            m |= 0xFFu << (8u * r->v[i].byte);
    return m;
}

static bool row_match(const di_row *r, uint32_t di)
{
    uint32_t m = var_mask(r);
    if ((di & ~m) != (r->di & ~m))
        return false;
    for (int i = 0; i < 2; i++) {
        const di_var *v = &r->v[i];
        if (v->role == DI_ROLE_NONE)
            continue;
        unsigned b = var_byte(v, di);
        if (b < v->lo || b > v->hi || (v->step > 1 && (b - v->lo) % v->step != 0))
            return false;
    }
    return true;
}

const di_row *dlt645_di_find(const di_table *t, uint32_t di)
{
    uint32_t key = di >> t->keyshift;
    size_t lo = 0, hi = t->n;
    while (lo < hi) { /* first row whose key >= key */
        size_t mid = lo + (hi - lo) / 2;
        if ((t->rows[mid].di >> t->keyshift) < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < t->n && (t->rows[lo].di >> t->keyshift) == key; lo++)
        if (row_match(&t->rows[lo], di))
            return &t->rows[lo];
    return NULL;
}

/* ---- lengths ---- */
static bool is_raw(const di_field *f)
{
    return f->fmt && f->fmt->kind == DLT645_DK_RAW;
}

/* Fixed part, and the variable field (or NULL). */
static size_t lay_fixed(const di_layout *l, const di_field **var)
{
    size_t fixed = 0;
    *var = NULL;
    for (uint8_t i = 0; i < l->nfields; i++) {
        const di_field *f = &l->fields[i];
        if (f->min != f->max)
            *var = f;
        else
            fixed += f->min * dlt645_di_field_elem_len(f);
    }
    return fixed;
}

static size_t var_elem(const di_field *f)
{
    return is_raw(f) ? 1 : dlt645_di_field_elem_len(f);
}

/* True when n bytes fit the layout; *count = elements of the variable field. */
static bool lay_fits(const di_layout *l, size_t n, size_t *count)
{
    const di_field *var;
    size_t fixed = lay_fixed(l, &var);
    *count = 0;
    if (!var)
        return n == fixed;
    if (n < fixed)
        return false;
    size_t e = var_elem(var), rem = n - fixed;
    if (e == 0 || rem % e != 0)
        return false;
    *count = rem / e;
    return *count >= var->min && *count <= var->max;
}

/* ---- decode ---- */
typedef struct dctx {
    mdc_arena *a;
    bool invalid;
} dctx;

static mdc_value *dec_obj(dctx *c, const di_layout *l, mdc_rd *r, size_t varcount,
                          mdc_value *parent, const char *key);

static mdc_value *dec_elem(dctx *c, const di_field *f, mdc_rd *r, mdc_value *parent,
                           const char *key)
{
    if (f->sub)
        return dec_obj(c, f->sub, r, 0, parent, key);
    const uint8_t *p = mdc_rd_take(r, f->fmt->len);
    if (!p)
        return NULL;
    return dlt645_di_prim_decode(f->fmt, p, f->fmt->len, c->a, parent, key, &c->invalid);
}

static mdc_value *dec_obj(dctx *c, const di_layout *l, mdc_rd *r, size_t varcount,
                          mdc_value *parent, const char *key)
{
    mdc_value *o = mdc_v_add_obj(c->a, parent, key);
    if (!o)
        return NULL;
    for (uint8_t i = 0; i < l->nfields; i++) {
        const di_field *f = &l->fields[i];
        size_t cnt = f->min == f->max ? f->min : varcount;
        if (is_raw(f)) {
            const uint8_t *p = mdc_rd_take(r, cnt);
            if (!p || !mdc_v_add_bytes(c->a, o, f->key, MDC_V_BYTES, p, cnt))
                return NULL;
        } else if (f->max > 1) {
            mdc_value *arr = mdc_v_add_arr(c->a, o, f->key);
            if (!arr)
                return NULL;
            for (size_t k = 0; k < cnt; k++)
                if (!dec_elem(c, f, r, arr, NULL))
                    return NULL;
        } else if (cnt == 1 && !dec_elem(c, f, r, o, f->key)) {
            return NULL;
        }
    }
    return o;
}

static const char *len_reason(const di_layout *l)
{
    const di_field *var;
    lay_fixed(l, &var);
    if (l->shape == DI_SHAPE_LOADREC)
        return "not a load-record block (A0 A0 len time ... cs E5 E5)";
    return var ? "data length does not match the DI's block layout (fixed part + whole elements)"
               : "data length differs from the DI's fixed length";
}

dlt645_di_status dlt645_di_decode(unsigned ed, uint32_t di, const uint8_t *data, size_t len,
                                  mdc_arena *arena, mdc_value **out, dlt645_di_err *err)
{
    dlt645_di_err e0;
    const di_table *t = dlt645_di_table(ed);
    if (!err)
        err = &e0;
    err->where = NULL;
    err->status = DLT645_DI_OK;
    err->reason = "ok";
    if (!t || !arena || !out || (!data && len)) {
        err->reason = "bad arguments";
        return err->status = DLT645_DI_EINVAL;
    }
    *out = NULL;
    const di_row *row = dlt645_di_find(t, di);
    dctx c = {arena, false};
    size_t varcount = 0;
    mdc_value *v = NULL;
    if (!row) {
        err->status = DLT645_DI_UNKNOWN;
        err->reason = "DI not in the catalogue: data kept as raw bytes";
    } else if (row->lay->shape == DI_SHAPE_LOADREC) {
        const char *why = NULL;
        if (!dlt645_di_loadrec_decode(data, len, arena, &v, &c.invalid, &why)) {
            if (arena->full)
                goto nomem;
            err->status = DLT645_DI_BAD_LENGTH;
            err->reason = why;
            v = NULL;
        }
    } else if (!lay_fits(row->lay, len, &varcount)) {
        err->status = DLT645_DI_BAD_LENGTH;
        err->reason = len_reason(row->lay);
    } else {
        mdc_rd r = mdc_rd_init(data, len);
        if (row->lay->shape == DI_SHAPE_SCALAR)
            v = dec_elem(&c, &row->lay->fields[0], &r, NULL, NULL);
        else
            v = dec_obj(&c, row->lay, &r, varcount, NULL, NULL);
        if (!v)
            goto nomem;
    }
    if (!v) {
        v = mdc_v_add_bytes(arena, NULL, NULL, MDC_V_BYTES, data, len);
        if (!v)
            goto nomem;
    }
    if (err->status == DLT645_DI_OK && c.invalid) {
        err->status = DLT645_DI_HAS_INVALID;
        err->reason = "some parts are not valid BCD or out of range: kept as INVALID bytes";
    }
    *out = v;
    return err->status;
nomem:
    err->reason = "arena full";
    return err->status = DLT645_DI_ENOMEM;
}

/* ---- encode ---- */
typedef struct ectx {
    mdc_wr w;
    bool round;
    dlt645_di_err *err;
} ectx;

static bool fail(ectx *c, dlt645_di_status st, const char *reason, const char *where)
{
    c->err->status = st;
    c->err->reason = reason;
    c->err->where = where;
    return false;
}

static bool enc_obj(ectx *c, const di_layout *l, const mdc_value *v, const char *where);

static bool enc_elem(ectx *c, const di_field *f, const mdc_value *v, const char *where)
{
    if (f->sub)
        return enc_obj(c, f->sub, v, where);
    uint8_t *p = mdc_wr_reserve(&c->w, f->fmt->len);
    if (!p)
        return fail(c, DLT645_DI_ENOMEM, "output buffer too small", where);
    const char *why = dlt645_di_prim_encode(f->fmt, v, p, f->fmt->len, c->round);
    return why ? fail(c, DLT645_DI_EVALUE, why, where) : true;
}

static bool enc_obj(ectx *c, const di_layout *l, const mdc_value *v, const char *where)
{
    if (!v || v->kind != MDC_V_OBJECT)
        return fail(c, DLT645_DI_EVALUE, "an object was expected", where);
    for (uint8_t i = 0; i < l->nfields; i++) {
        const di_field *f = &l->fields[i];
        const mdc_value *m = mdc_v_get(v, f->key);
        if (!m && f->min == 0)
            continue;
        if (!m)
            return fail(c, DLT645_DI_EVALUE, "member missing", f->key);
        if (is_raw(f)) {
            if (m->kind != MDC_V_BYTES || m->u.bytes.len < f->min || m->u.bytes.len > f->max)
                return fail(c, DLT645_DI_EVALUE, "raw bytes of an allowed length expected", f->key);
            mdc_wr_bytes(&c->w, m->u.bytes.p, m->u.bytes.len);
            if (c->w.err)
                return fail(c, DLT645_DI_ENOMEM, "output buffer too small", f->key);
        } else if (f->max > 1) {
            if (m->kind != MDC_V_ARRAY)
                return fail(c, DLT645_DI_EVALUE, "an array was expected", f->key);
            if (m->u.list.n < f->min || m->u.list.n > f->max)
                return fail(c, DLT645_DI_EVALUE, "wrong number of elements", f->key);
            for (const mdc_value *e = m->u.list.head; e; e = e->next)
                if (!enc_elem(c, f, e, f->key))
                    return false;
        } else if (!enc_elem(c, f, m, f->key)) {
            return false;
        }
    }
    return true;
}

dlt645_di_status dlt645_di_encode_ex(unsigned ed, uint32_t di, const mdc_value *v, uint8_t *out,
                                     size_t cap, size_t *len, bool round, dlt645_di_err *err)
{
    dlt645_di_err e0;
    const di_table *t = dlt645_di_table(ed);
    if (!err)
        err = &e0;
    err->status = DLT645_DI_OK;
    err->reason = "ok";
    err->where = NULL;
    if (!t || !v || !len || (!out && cap)) {
        err->reason = "bad arguments";
        return err->status = DLT645_DI_EINVAL;
    }
    *len = 0;
    ectx c = {mdc_wr_init(out, cap), round, err};
    const di_row *row = dlt645_di_find(t, di);
    if (v->kind == MDC_V_BYTES) {
        mdc_wr_bytes(&c.w, v->u.bytes.p, v->u.bytes.len);
        if (c.w.err)
            fail(&c, DLT645_DI_ENOMEM, "output buffer too small", NULL);
    } else if (!row) {
        fail(&c, DLT645_DI_EVALUE, "DI not in the catalogue: only raw bytes can be encoded", NULL);
    } else if (row->lay->shape == DI_SHAPE_LOADREC) {
        const char *why = dlt645_di_loadrec_encode(v, out, cap, &c.w.pos);
        if (why)
            fail(&c, strcmp(why, "output buffer too small") ? DLT645_DI_EVALUE : DLT645_DI_ENOMEM,
                 why, NULL);
    } else if (row->lay->shape == DI_SHAPE_SCALAR) {
        enc_elem(&c, &row->lay->fields[0], v, NULL);
    } else {
        enc_obj(&c, row->lay, v, NULL);
    }
    if (err->status == DLT645_DI_OK)
        *len = c.w.pos;
    return err->status;
}

dlt645_di_status dlt645_di_encode(unsigned ed, uint32_t di, const mdc_value *v, uint8_t *out,
                                  size_t cap, size_t *len, dlt645_di_err *err)
{
    return dlt645_di_encode_ex(ed, di, v, out, cap, len, false, err);
}

mdc_value *dlt645_di_lay_decode(const di_layout *l, const uint8_t *p, size_t n, mdc_arena *a,
                                mdc_value *parent, const char *key, bool *invalid)
{
    dctx c = {a, false};
    mdc_rd r = mdc_rd_init(p, n);
    mdc_value *v = dec_obj(&c, l, &r, 0, parent, key);
    *invalid = *invalid || c.invalid;
    return v;
}

const char *dlt645_di_lay_encode(const di_layout *l, const mdc_value *v, uint8_t *p, size_t n,
                                 const char **where)
{
    dlt645_di_err e = {DLT645_DI_OK, "ok", NULL};
    ectx c = {mdc_wr_init(p, n), false, &e};
    if (!enc_obj(&c, l, v, NULL)) {
        *where = e.where;
        return e.reason;
    }
    return NULL;
}

size_t dlt645_di_lay_len(const di_layout *l)
{
    const di_field *var;
    return lay_fixed(l, &var);
}

/* ---- info, labels, enumeration ---- */
static void fill_info(unsigned ed, const di_row *r, uint32_t di, dlt645_di_info *o)
{
    const di_layout *l = r->lay;
    const di_field *var;
    size_t fixed = lay_fixed(l, &var);
    memset(o, 0, sizeof *o);
    o->ed = ed;
    o->di = di;
    o->name = r->name;
    o->name_zh = r->name_zh;
    o->note = r->note;
    o->kind = (dlt645_di_kind)(l->kind == DI_KIND_FMT ? l->fields[0].fmt->kind : l->kind);
    o->len = o->len_max = fixed;
    if (var) {
        o->len_step = var_elem(var);
        o->len = fixed + var->min * o->len_step;
        o->len_max = fixed + var->max * o->len_step;
    }
    if (l->shape == DI_SHAPE_LOADREC) {
        o->len = 8;
        o->len_max = 200;
        o->len_step = 1;
    }
    /* Decimals, sign and unit of the (first) element when the DI is one number or a block. */
    const di_field *f0 = l->nfields ? &l->fields[0] : NULL;
    while (f0 && f0->sub && (l->kind == DLT645_DK_BLOCK || l->shape == DI_SHAPE_SCALAR))
        f0 = f0->sub->nfields ? &f0->sub->fields[0] : NULL;
    if (f0 && f0->fmt &&
        (l->shape == DI_SHAPE_SCALAR || l->kind == DLT645_DK_BLOCK ||
         (l->kind == DLT645_DK_RECORD && f0->fmt->kind == DLT645_DK_NUMBER))) {
        o->decimals = f0->fmt->decimals;
        o->is_signed = f0->fmt->is_signed;
        o->unit = f0->fmt->unit;
        o->tm_fields = dlt645_di_fmt_tm_fields(f0->fmt);
    }
    o->format = l->notation ? l->notation : (f0 && f0->fmt ? f0->fmt->notation : "");
}

bool dlt645_di_lookup(unsigned ed, uint32_t di, dlt645_di_info *out)
{
    const di_table *t = dlt645_di_table(ed);
    const di_row *r = t ? dlt645_di_find(t, di) : NULL;
    if (!r)
        return false;
    if (out)
        fill_info(ed, r, di, out);
    return true;
}

typedef struct sbuf {
    char *p;
    size_t cap, n;
} sbuf;

static void sb_str(sbuf *s, const char *str)
{
    for (; *str; str++) {
        if (s->n + 1 < s->cap)
            s->p[s->n] = *str;
        s->n++;
    }
    if (s->cap)
        s->p[s->n < s->cap ? s->n : s->cap - 1] = '\0';
}

/* Unsigned number in base 10 or 16, at least `width` digits. */
static void sb_num(sbuf *s, unsigned long v, unsigned base, int width)
{
    char tmp[24];
    int k = (int)sizeof tmp - 1;
    tmp[k] = '\0';
    do {
        tmp[--k] = "0123456789ABCDEF"[v % base];
        v /= base;
        width--;
    } while (v || width > 0);
    sb_str(s, tmp + k);
}

static void label_var(sbuf *s, const di_var *v, unsigned b)
{
    static const char *const phase[] = {", total", ", phase A", ", phase B", ", phase C"};
    static const char *const pre[] = {
        [DI_ROLE_TARIFF] = ", tariff ", [DI_ROLE_SETTLE] = ", previous settlement day ",
        [DI_ROLE_LAST] = ", last ",     [DI_ROLE_DAY] = ", previous day ",
        [DI_ROLE_INDEX] = " ",          [DI_ROLE_TARIFF97] = ", tariff ",
    };
    switch (v->role) {
    case DI_ROLE_TARIFF97:
        b &= 0x0Fu;
        /* fall through */
    case DI_ROLE_TARIFF:
        if (!b) {
            sb_str(s, ", total");
            return;
        }
        break;
    case DI_ROLE_SETTLE:
        if (!b)
            return; /* current */
        break;
    case DI_ROLE_PHASE:
    case DI_ROLE_PHASE3:
        b = b - v->lo + (v->role == DI_ROLE_PHASE3 ? 1u : 0u);
        if (b < 4) {
            sb_str(s, phase[b]);
            return;
        }
        sb_str(s, ", element ");
        sb_num(s, b, 10, 1);
        return;
    case DI_ROLE_MONTH97:
        if ((b & 0x0Fu) == 4)
            sb_str(s, ", last month");
        else if ((b & 0x0Fu) == 8)
            sb_str(s, ", month before last");
        return;
    case DI_ROLE_READMODE: {
        static const char *const mode[] = {", earliest block", ", block at a given time",
                                           ", latest block"};
        if (b < 3)
            sb_str(s, mode[b]);
        return;
    }
    case DI_ROLE_LEVEL:
        sb_str(s, ", level ");
        sb_num(s, b - 1u, 10, 1);
        return;
    case DI_ROLE_LAST:
    case DI_ROLE_DAY:
    case DI_ROLE_INDEX:
        break;
    default:
        return;
    }
    sb_str(s, pre[v->role]);
    sb_num(s, b, 10, 1);
}

size_t dlt645_di_label(unsigned ed, uint32_t di, char *out, size_t cap)
{
    sbuf s = {out, cap, 0};
    const di_table *t = dlt645_di_table(ed);
    const di_row *r = t ? dlt645_di_find(t, di) : NULL;
    if (cap)
        out[0] = '\0';
    if (!r) {
        sb_str(&s, "unknown DI ");
        sb_num(&s, di, 16, ed == DLT645_DI_ED_1997 ? 4 : 8);
    } else {
        sb_str(&s, r->name);
        /* Higher DI byte first: "tariff 2, previous settlement day 3". */
        int first = r->v[1].role != DI_ROLE_NONE && r->v[1].byte > r->v[0].byte ? 1 : 0;
        for (int k = 0; k < 2; k++) {
            const di_var *v = &r->v[k == 0 ? first : 1 - first];
            if (v->role != DI_ROLE_NONE)
                label_var(&s, v, var_byte(v, di));
        }
    }
    return s.n < cap ? s.n : (cap ? cap - 1 : 0);
}

size_t dlt645_di_row_count(unsigned ed)
{
    const di_table *t = dlt645_di_table(ed);
    return t ? t->n : 0;
}

static uint32_t var_count(const di_var *v)
{
    if (v->role == DI_ROLE_NONE)
        return 1;
    return (uint32_t)(v->hi - v->lo) / (v->step > 1 ? v->step : 1u) + 1u;
}

uint32_t dlt645_di_row_member(unsigned ed, size_t row, uint32_t i)
{
    const di_table *t = dlt645_di_table(ed);
    if (!t || row >= t->n)
        return 0;
    const di_row *r = &t->rows[row];
    /* The lower DI byte varies fastest, so members come out in ascending order. */
    int lowi = (r->v[1].role != DI_ROLE_NONE && r->v[1].byte < r->v[0].byte) ||
                       r->v[0].role == DI_ROLE_NONE
                   ? 1
                   : 0;
    const di_var *lo = &r->v[lowi], *hi = &r->v[1 - lowi];
    uint32_t nlo = var_count(lo);
    uint32_t di = r->di, ilo = i % nlo, ihi = i / nlo;
    if (lo->role != DI_ROLE_NONE) {
        di &= ~(0xFFu << (8u * lo->byte));
        di |= (uint32_t)(lo->lo + ilo * (lo->step > 1 ? lo->step : 1u)) << (8u * lo->byte);
    }
    if (hi->role != DI_ROLE_NONE) {
        di &= ~(0xFFu << (8u * hi->byte));
        di |= (uint32_t)(hi->lo + ihi * (hi->step > 1 ? hi->step : 1u)) << (8u * hi->byte);
    }
    return di;
}

bool dlt645_di_row_at(unsigned ed, size_t i, dlt645_di_row_info *out)
{
    const di_table *t = dlt645_di_table(ed);
    if (!t || i >= t->n || !out)
        return false;
    const di_row *r = &t->rows[i];
    out->count = var_count(&r->v[0]) * var_count(&r->v[1]);
    out->first = dlt645_di_row_member(ed, i, 0);
    out->last = dlt645_di_row_member(ed, i, out->count - 1);
    fill_info(ed, r, out->first, &out->info);
    return true;
}

size_t dlt645_di_row_pattern(unsigned ed, size_t i, char *out, size_t cap)
{
    const di_table *t = dlt645_di_table(ed);
    sbuf s = {out, cap, 0};
    if (cap)
        out[0] = '\0';
    if (!t || i >= t->n)
        return 0;
    const di_row *r = &t->rows[i];
    for (int b = ed == DLT645_DI_ED_1997 ? 1 : 3; b >= 0; b--) {
        const di_var *v = NULL;
        for (int k = 0; k < 2; k++)
            if (r->v[k].role != DI_ROLE_NONE && r->v[k].byte == b)
                v = &r->v[k];
        if (!v) {
            sb_num(&s, (r->di >> (8 * b)) & 0xFFu, 16, 2);
            continue;
        }
        sb_str(&s, "[");
        sb_num(&s, v->lo, 16, 2);
        sb_str(&s, "-");
        sb_num(&s, v->hi, 16, 2);
        if (v->step > 1) {
            sb_str(&s, "/");
            sb_num(&s, v->step, 10, 1);
        }
        sb_str(&s, "]");
    }
    return s.n < cap ? s.n : (cap ? cap - 1 : 0);
}
