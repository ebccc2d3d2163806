/* AFN0D class 2 data. Measurement points (pn >= 1): the frozen data and
 * curves cc/mdata.h serves (afn0c_md.c; the answer repeats the label). The
 * terminal (§5.13 group 7, p0): F49/F51 power-on
 * minutes and reset count of a day/month, F50/F52 control trip counts
 * (always 0: no load control), F53/F54 traffic with the master of a
 * day/month. The answer repeats the request's time label (Td_d A.20 or
 * Td_m A.21). A label that is missing/invalid or lies after today (this
 * month) leaves the unit out; a past period without counters answers zeros.
 *
 * Power-on minutes: the larger of the store's counter and the minutes this
 * run has been up within that day/month (d->started_clock_ms), so the answer
 * is right whether or not the shell feeds store_count_power. Traffic: the
 * larger of the store's counter and the live link counters of that period. */
#include "afn0c_md.h"

/* The request's label as yyyymmdd (daily) or yyyymm (monthly); false when
 * absent or invalid. */
static bool label(const gdw13761_unit *u, bool monthly, mdc_tm *tm, uint32_t *key)
{
    const mdc_value *t = u->value && u->value->kind == MDC_V_OBJECT
                             ? mdc_v_get(u->value, monthly ? "td_m" : "td_d")
                             : NULL;
    if (!t || t->kind != MDC_V_TIME)
        return false;
    *tm = t->u.tm;
    unsigned need = monthly ? (MDC_TM_YEAR | MDC_TM_MON) : MDC_TM_DATE;
    if ((tm->fields & need) != need || !mdc_tm_valid(tm))
        return false;
    *key = monthly ? (uint32_t)tm->year * 100u + tm->mon
                   : (uint32_t)tm->year * 10000u + tm->mon * 100u + tm->day;
    return true;
}

/* Minutes of this run inside the period [start, end) (seconds). */
static int64_t run_minutes(const disp_ctx *c, int64_t start, int64_t end)
{
    int64_t now = disp_now_s(c);
    int64_t up = c->d->started_clock_ms / 1000;
    int64_t a = up > start ? up : start;
    int64_t b = now < end ? now : end;
    return b > a ? (b - a) / 60 : 0;
}

static int64_t period_start(const mdc_tm *tm, bool monthly)
{
    mdc_tm t = {
        .year = tm->year, .mon = tm->mon, .day = monthly ? 1 : tm->day, .fields = MDC_TM_DATE};
    return mdc_tm_to_epoch(&t);
}

static int64_t period_end(const mdc_tm *tm, bool monthly)
{
    if (!monthly)
        return period_start(tm, false) + 86400;
    mdc_tm t = {.year = tm->mon == 12 ? (uint16_t)(tm->year + 1) : tm->year,
                .mon = tm->mon == 12 ? 1 : (uint8_t)(tm->mon + 1),
                .day = 1,
                .fields = MDC_TM_DATE};
    return mdc_tm_to_epoch(&t);
}

static uint64_t max64(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

/* One answer unit; NULL leaves it out. *fail on a store error. */
static mdc_value *unit(disp_ctx *c, const gdw13761_unit *u, bool *fail)
{
    bool monthly = u->fn == 51 || u->fn == 52 || u->fn == 54;
    mdc_tm tm;
    uint32_t key;
    if (!label(u, monthly, &tm, &key))
        return NULL;
    int64_t now = disp_now_s(c);
    uint32_t cur = monthly ? store_month_of(now) : store_day_of(now);
    if (key > cur)
        return NULL;
    store_counters k = {0};
    int rc =
        monthly ? store_counters_month(c->d->st, key, &k) : store_counters_day(c->d->st, key, &k);
    if (rc != 0) {
        *fail = true;
        return NULL;
    }
    mdc_arena *a = &c->arena;
    mdc_value *o = disp_obj(c);
    mdc_tm lt = tm;
    lt.fields = monthly ? (MDC_TM_YEAR | MDC_TM_MON) : MDC_TM_DATE;
    mdc_v_add_time(a, o, monthly ? "td_m" : "td_d", &lt);
    switch (u->fn) {
    case 49:
    case 51: {
        uint64_t mins = max64(k.power_min, (uint64_t)run_minutes(c, period_start(&tm, monthly),
                                                                 period_end(&tm, monthly)));
        mdc_v_add_int(a, o, "power_on_minutes", (int64_t)(mins > 0xFFFF ? 0xFFFF : mins), "min");
        mdc_v_add_int(a, o, "reset_count", k.resets > 0xFFFF ? 0xFFFF : k.resets, NULL);
        break;
    }
    case 50:
    case 52:
        mdc_v_add_int(a, o, "monthly_trips", 0, NULL);
        mdc_v_add_int(a, o, "purchase_trips", 0, NULL);
        mdc_v_add_int(a, o, "power_trips", 0, NULL);
        mdc_v_add_int(a, o, "remote_trips", 0, NULL);
        break;
    default: { /* 53, 54 */
        uint64_t bytes = k.traffic;
        const cc_link_stats *ls = c->live->link;
        if (ls && !monthly && ls->day_key == (int32_t)key)
            bytes = max64(bytes, ls->day.tx_bytes + ls->day.rx_bytes);
        if (ls && monthly && ls->month_key == (int32_t)key)
            bytes = max64(bytes, ls->month.tx_bytes + ls->month.rx_bytes);
        mdc_v_add_int(a, o, "bytes", (int64_t)(bytes > UINT32_MAX ? UINT32_MAX : bytes), "byte");
        break;
    }
    }
    return o;
}

int disp_afn0d(disp_ctx *c)
{
    const gdw13761_msg *m = c->m;
    for (size_t i = 0; i < m->nunits; i++) {
        const gdw13761_unit *u = &m->units[i];
        if (u->pn != 0 || u->fn < 49 || u->fn > 54)
            continue;
        bool fail = false;
        mdc_value *v = unit(c, u, &fail);
        if (fail)
            return disp_fail(c, "AFN0D counters");
        if (v && !disp_add(c, 0, u->fn, v))
            return disp_deny(c, "AFN0D: too many units");
    }
    if (disp_md_units(c, 0x0D) != 0)
        return -1;
    return disp_finish(c, 0x0D);
}
