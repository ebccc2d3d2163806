/* Energy of a day or a month (电能量, total and tariffs, A.13): the
 * difference of two readings of the mapping's energy families.
 * - AFN0C F41-F44 (today): the current reading minus the daily freeze of
 *   yesterday (the value at 00:00 today); F45-F48 (this month): minus the
 *   monthly freeze of last month.
 * - AFN0D F5-F8 (day D): daily freeze of D minus that of D-1; F21-F24
 *   (month M): monthly freeze of M minus that of M-1.
 * Quantities: forward active 0001, forward reactive 0003 (combined reactive
 * 1), reverse active 0002, reverse reactive 0004. A value missing at either
 * end, a negative difference (the meter was reset or replaced) or one over
 * 9999.9999 is EE; no later reading (today's freeze, or nothing read) leaves
 * the unit out. */
#include <string.h>

#include "md_int.h"

enum { CAP = 64 };

static uint32_t family_of(uint16_t fn)
{
    static const uint32_t fam[4] = {0x0001FF00u, 0x0003FF00u, 0x0002FF00u, 0x0004FF00u};
    return fam[(fn - 1u) % 4u];
}

bool md_delta_supported(uint8_t afn, uint16_t fn)
{
    if (afn == 0x0C)
        return fn >= 41 && fn <= 48;
    return (fn >= 5 && fn <= 8) || (fn >= 21 && fn <= 24);
}

static uint32_t prev_day(uint32_t yyyymmdd)
{
    mdc_tm tm = {.year = (uint16_t)(yyyymmdd / 10000u),
                 .mon = (uint8_t)(yyyymmdd / 100u % 100u),
                 .day = (uint8_t)(yyyymmdd % 100u),
                 .fields = MDC_TM_DATE};
    return store_day_of(mdc_tm_to_epoch(&tm) - 86400);
}

static uint32_t prev_month(uint32_t yyyymm)
{
    return yyyymm % 100u == 1 ? (yyyymm / 100u - 1) * 100u + 12u : yyyymm - 1;
}

/* The difference of two readings as a DEC (hundredths), or NULL. */
static const mdc_value *diff(md_ctx *c, const mdc_value *hi, const mdc_value *lo)
{
    int64_t a, b;
    if (!hi || !lo || !mdc_v_mant(hi, 2, &a) || !mdc_v_mant(lo, 2, &b) || a < b)
        return NULL;
    mdc_value *d = mdc_v_new(&c->sc, MDC_V_DEC);
    if (d) {
        d->u.dec.mant = a - b;
        d->u.dec.scale = 2;
    }
    return d;
}

int md_delta_build(md_ctx *c, uint8_t afn, uint16_t fn, uint32_t key, int64_t now_s, mdc_value *obj,
                   bool *found)
{
    *found = false;
    bool monthly = afn == 0x0C ? fn >= 45 : fn >= 21;
    uint16_t base = afn == 0x0C ? (uint16_t)(fn - 40) : (uint16_t)(monthly ? fn - 20 : fn - 4);
    bool reactive = (base - 1u) % 4u == 1 || (base - 1u) % 4u == 3;
    uint32_t di = family_of(base);
    /* the later reading, then the earlier one */
    md_table hi_tab, lo_tab = monthly ? MD_MON : MD_DAY;
    uint32_t hi_key, lo_key;
    if (afn == 0x0C) {
        hi_tab = MD_CUR;
        hi_key = 0;
        lo_key = monthly ? prev_month(store_month_of(now_s)) : store_day_of(now_s - 86400);
    } else {
        hi_tab = lo_tab;
        hi_key = key;
        lo_key = monthly ? prev_month(key) : prev_day(key);
    }
    const mdc_value *hi[CAP], *lo[CAP];
    int th = -1, tl = -1;
    c->tab = hi_tab;
    c->key = hi_key;
    bool any_hi = md_family(c, di, hi, CAP, &th);
    c->tab = lo_tab;
    c->key = lo_key;
    bool any_lo = md_family(c, di, lo, CAP, &tl);
    if (c->err)
        return c->err;
    if (!any_hi)
        return 0; /* the later reading is what the unit is about */
    (void)any_lo;
    int m = th >= 0 ? th : tl >= 0 ? tl : (int)md_tariffs(c);
    if (m > CAP - 1)
        m = CAP - 1;
    if (!mdc_v_add_int(c->a, obj, "tariff_count", m, NULL))
        return STORE_E_SPACE;
    mdc_value *arr = mdc_v_add_arr(c->a, obj, "energy");
    if (!arr)
        return STORE_E_SPACE;
    for (int i = 0; i <= m; i++)
        if (!md_put_elem(c, arr, GDW_A13, reactive ? "kvarh" : "kWh", diff(c, hi[i], lo[i]), 0))
            return STORE_E_SPACE;
    *found = true;
    return 0;
}
