/* AFN0D class 2 data of a measurement point: the frozen readings and max
 * demands (daily, reading-day, monthly; the mapping table of map.c) and
 * the curves (curve.c). The answer repeats the request's time label. */
#include "md_int.h"

bool mdata_supports(uint8_t afn, uint16_t fn)
{
    if (afn == 0x0C)
        return md_0c_supported(fn);
    if (afn == 0x0D)
        return md_0d_frozen_supported(fn) || md_0d_curve_supported(fn) || fn == 27 || fn == 35 ||
               md_delta_supported(0x0D, fn);
    return false;
}

/* The label of a daily (td_d) or monthly (td_m) request as its key
 * (yyyymmdd / yyyymm); false when absent or invalid. */
static bool label_key(const mdc_value *req, bool monthly, mdc_tm *tm, uint32_t *key)
{
    const mdc_value *t =
        req && req->kind == MDC_V_OBJECT ? mdc_v_get(req, monthly ? "td_m" : "td_d") : NULL;
    if (!t || t->kind != MDC_V_TIME)
        return false;
    *tm = t->u.tm;
    unsigned need = monthly ? (MDC_TM_YEAR | MDC_TM_MON) : MDC_TM_DATE;
    if ((tm->fields & need) != need)
        return false;
    tm->fields = (uint8_t)need;
    if (!mdc_tm_valid(tm))
        return false;
    *key = monthly ? (uint32_t)tm->year * 100u + tm->mon
                   : (uint32_t)tm->year * 10000u + tm->mon * 100u + tm->day;
    return true;
}

int mdata_build_0d(store *st, uint16_t pn, uint16_t fn, const mdc_value *req, int64_t now_s,
                   mdc_arena *a, mdc_value **out)
{
    if (!out)
        return STORE_E_ARG;
    *out = NULL;
    if (!st || !a || pn == 0)
        return STORE_E_ARG;
    if (md_0d_curve_supported(fn))
        return md_build_curve(st, pn, fn, req, now_s, a, out);
    int tab = fn == 27 || (fn >= 5 && fn <= 8)     ? MD_DAY
              : fn == 35 || (fn >= 21 && fn <= 24) ? MD_MON
                                                   : md_0d_frozen_table(fn);
    if (tab < 0)
        return 0;
    bool monthly = tab == MD_MON;
    mdc_tm tm;
    uint32_t key;
    if (!label_key(req, monthly, &tm, &key))
        return 0;
    uint32_t cur = monthly ? store_month_of(now_s) : store_day_of(now_s);
    if (key > cur || ((fn == 27 || fn == 35) && key == cur))
        return 0; /* a label in the future; statistics of a period not over */
    md_ctx ctx;
    int rc = md_ctx_init(&ctx, st, pn, (md_table)tab, key, a);
    if (rc != 0)
        return rc;
    size_t mark = a->used;
    mdc_value *o = mdc_v_new(a, MDC_V_OBJECT);
    if (!o || !mdc_v_add_time(a, o, monthly ? "td_m" : "td_d", &tm))
        return STORE_E_SPACE;
    bool found = false;
    if (fn == 27 || fn == 35)
        rc = md_vstats_build(st, pn, monthly, key, o, a, &found);
    else if (md_delta_supported(0x0D, fn))
        rc = md_delta_build(&ctx, 0x0D, fn, key, now_s, o, &found);
    else
        rc = md_0d_frozen_build(&ctx, fn, o, &found);
    if (rc != 0 || !found) {
        a->used = mark;
        return rc;
    }
    *out = o;
    return 0;
}
