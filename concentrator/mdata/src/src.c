/* Reading the stored meter items back for an answer (decoded with the DL/T
 * 645-2007 catalogue into a scratch arena) and turning the meter's values
 * into 1376.1 fields (a value the field's format cannot carry is EE). */
#include <string.h>

#include "dlt645/di.h"
#include "gdw13761/formats.h"
#include "md_int.h"

static int table_get(md_ctx *c, md_table tab, uint32_t di, int64_t key, int64_t *ts, size_t *len)
{
    uint16_t pn = c->pn;
    switch (tab) {
    case MD_CUR:
        return store_data_get_current(c->st, pn, di, ts, c->buf, sizeof c->buf, len);
    case MD_DAY:
        return store_data_get_daily(c->st, pn, di, (uint32_t)key, c->buf, sizeof c->buf, len);
    case MD_RDAY:
        return store_data_get_rday(c->st, pn, di, (uint32_t)key, c->buf, sizeof c->buf, len);
    case MD_MON:
        return store_data_get_monthly(c->st, pn, di, (uint32_t)key, c->buf, sizeof c->buf, len);
    case MD_CURVE:
    default:
        *ts = key;
        return store_data_get_curve(c->st, pn, di, key, c->buf, sizeof c->buf, len);
    }
}

static const mdc_value *decode(md_ctx *c, uint32_t di, const uint8_t *p, size_t n)
{
    mdc_value *v = NULL;
    dlt645_di_status s = dlt645_di_decode(DLT645_DI_ED_2007, di, p, n, &c->sc, &v, NULL);
    if (s == DLT645_DI_OK || s == DLT645_DI_HAS_INVALID)
        return v;
    return NULL; /* unknown DI, wrong length: not usable */
}

static const mdc_value *fetch(md_ctx *c, md_table tab, uint32_t di, int64_t key, bool mark)
{
    int64_t ts = 0;
    size_t len = 0;
    int rc = table_get(c, tab, di, key, &ts, &len);
    if (rc == STORE_E_NOTFOUND || rc == STORE_E_SPACE)
        return NULL;
    if (rc != 0) {
        if (!c->err)
            c->err = rc;
        return NULL;
    }
    const uint8_t *p = c->buf;
    if (tab == MD_DAY || tab == MD_RDAY || tab == MD_MON) {
        if (len < MD_HDR)
            return NULL;
        uint64_t t = 0;
        for (unsigned i = 0; i < MD_HDR; i++)
            t |= (uint64_t)p[i] << (8 * i);
        ts = (int64_t)t;
        p += MD_HDR;
        len -= MD_HDR;
    }
    const mdc_value *v = decode(c, di, p, len);
    if (v && mark) {
        c->any = true;
        if (ts > c->read_ts)
            c->read_ts = ts;
    }
    return v;
}

const mdc_value *md_src(md_ctx *c, uint32_t di)
{
    return fetch(c, c->tab, di, c->key, true);
}

const mdc_value *md_src_curve(md_ctx *c, uint32_t di, int64_t ts)
{
    return fetch(c, MD_CURVE, di, ts, false);
}

const mdc_value *md_m(const mdc_value *v, const char *k)
{
    return v && v->kind == MDC_V_OBJECT ? mdc_v_get(v, k) : NULL;
}

/* A copy of v fit for the format (numbers re-scaled, times completed with
 * zero seconds for A.1), or NULL when it cannot be carried. */
static mdc_value *convert(md_ctx *c, gdw_fmt fmt, const char *u, const mdc_value *v,
                          int scale_shift)
{
    if (!v)
        return NULL;
    mdc_value *n = NULL;
    if (v->kind == MDC_V_DEC || v->kind == MDC_V_INT) {
        int64_t mant = v->kind == MDC_V_INT ? v->u.i : v->u.dec.mant;
        int scale = v->kind == MDC_V_INT ? 0 : v->u.dec.scale;
        scale -= scale_shift;
        if (scale < 0) {
            for (; scale < 0; scale++)
                mant *= 10;
        }
        n = mdc_v_new(c->a, MDC_V_DEC);
        if (!n)
            return NULL;
        n->u.dec.mant = mant;
        n->u.dec.scale = (uint8_t)scale;
        n->unit = u;
    } else if (v->kind == MDC_V_TIME) {
        mdc_tm tm = v->u.tm;
        if (fmt == GDW_A1 && !(tm.fields & MDC_TM_SEC)) {
            tm.sec = 0;
            tm.fields |= MDC_TM_SEC;
        }
        tm.fields &= (uint8_t)~MDC_TM_WDAY; /* A.1 computes the weekday from the date */
        n = mdc_v_new(c->a, MDC_V_TIME);
        if (!n)
            return NULL;
        n->u.tm = tm;
    } else {
        return NULL;
    }
    uint8_t tmp[16];
    char why[96];
    if (gdw13761_fmt_size(fmt, 0) > sizeof tmp ||
        gdw13761_fmt_encode(fmt, 0, n, tmp, why, sizeof why) != GDW13761_OK)
        return NULL; /* e.g. a negative reading, too many digits: EE */
    return n;
}

static bool put_any(md_ctx *c, mdc_value *parent, const char *key, gdw_fmt fmt, const char *u,
                    const mdc_value *v, int scale_shift)
{
    size_t mark = c->a->used;
    mdc_value *n = convert(c, fmt, u, v, scale_shift);
    if (!n) {
        if (c->a->full)
            return false;
        c->a->used = mark; /* a refused conversion leaves nothing behind */
        n = mdc_v_new(c->a, MDC_V_NULL);
        if (!n)
            return false;
    }
    mdc_v_append(parent, key, n);
    return true;
}

bool md_put(md_ctx *c, mdc_value *obj, const char *key, gdw_fmt fmt, const char *u,
            const mdc_value *v, int scale_shift)
{
    return put_any(c, obj, key, fmt, u, v, scale_shift);
}

bool md_put_elem(md_ctx *c, mdc_value *arr, gdw_fmt fmt, const char *u, const mdc_value *v,
                 int scale_shift)
{
    return put_any(c, arr, NULL, fmt, u, v, scale_shift);
}

bool md_put_read_time(md_ctx *c, mdc_value *obj)
{
    if (c->read_ts <= 0)
        return mdc_v_add_null(c->a, obj, "read_time") != NULL;
    mdc_tm tm;
    mdc_tm_from_epoch(c->read_ts, &tm);
    tm.fields = MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN;
    return mdc_v_add_time(c->a, obj, "read_time", &tm) != NULL;
}

bool md_family(md_ctx *c, uint32_t di, const mdc_value **vals, size_t cap, int *tariffs)
{
    for (size_t i = 0; i < cap; i++)
        vals[i] = NULL;
    *tariffs = -1;
    const mdc_value *b = md_src(c, di);
    if (b && b->kind == MDC_V_OBJECT) {
        vals[0] = md_m(b, "total");
        const mdc_value *t = md_m(b, "tariffs");
        size_t n = t && t->kind == MDC_V_ARRAY ? t->u.list.n : 0;
        for (size_t i = 0; i < n && i + 1 < cap; i++)
            vals[i + 1] = mdc_v_at(t, i);
        *tariffs = (int)n;
        return true;
    }
    bool any = false;
    size_t m = md_tariffs(c);
    for (size_t i = 0; i <= m && i < cap; i++) {
        uint32_t single = (di & 0xFFFF00FFu) | (uint32_t)i << 8;
        vals[i] = md_src(c, single);
        if (vals[i])
            any = true;
        else if (c->err)
            return false;
    }
    return any;
}

/* One value of a part (vals[i]: an energy value, or a demand {value, time}). */
static bool put_part_elem(md_ctx *c, mdc_value *arr, uint8_t kind, const mdc_value *v)
{
    switch (kind) {
    case MD_PK_A14:
        return md_put_elem(c, arr, GDW_A14, "kWh", v, 0);
    case MD_PK_A11:
        return md_put_elem(c, arr, GDW_A11, "kvarh", v, 0);
    case MD_PK_DEM_KW:
        return md_put_elem(c, arr, GDW_A23, "kW", md_m(v, "value"), 0);
    case MD_PK_DEM_KVAR:
        return md_put_elem(c, arr, GDW_A23, "kvar", md_m(v, "value"), 0);
    case MD_PK_DEM_TIME:
        return md_put_elem(c, arr, GDW_A17, NULL, md_m(v, "time"), 0);
    default: {
        mdc_value *o = mdc_v_add_obj(c->a, arr, NULL);
        const char *u = kind == MD_PK_PAIR_KW ? "kW" : "kvar";
        return o && md_put(c, o, "value", GDW_A23, u, md_m(v, "value"), 0) &&
               md_put(c, o, "time", GDW_A17, NULL, md_m(v, "time"), 0);
    }
    }
}

int md_readings(md_ctx *c, const md_part *parts, size_t n, size_t m_max, mdc_value *obj,
                bool *found)
{
    enum { CAP = 64 };
    const mdc_value *vals[8][CAP];
    int m = -1;
    bool any = false;
    *found = false;
    for (size_t k = 0; k < n && k < 8; k++) {
        if (parts[k].kind == MD_PK_DEM_TIME) { /* the times of the part before */
            memcpy(vals[k], vals[k - 1], sizeof vals[k]);
            continue;
        }
        int t = -1;
        if (md_family(c, parts[k].di, vals[k], CAP, &t))
            any = true;
        if (c->err)
            return c->err;
        if (m < 0 && t >= 0)
            m = t; /* the first block read gives the tariff count */
    }
    if (!any)
        return 0;
    if (m < 0)
        m = (int)md_tariffs(c);
    if ((size_t)m > m_max)
        m = (int)m_max;
    if (!md_put_read_time(c, obj) || !mdc_v_add_int(c->a, obj, "tariff_count", m, NULL))
        return STORE_E_SPACE;
    for (size_t k = 0; k < n && k < 8; k++) {
        mdc_value *arr = mdc_v_add_arr(c->a, obj, parts[k].name);
        if (!arr)
            return STORE_E_SPACE;
        for (int i = 0; i <= m; i++)
            if (!put_part_elem(c, arr, parts[k].kind, vals[k][i]))
                return STORE_E_SPACE;
    }
    *found = true;
    return 0;
}
