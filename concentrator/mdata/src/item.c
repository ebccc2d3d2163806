/* One item read from a meter: kept as current data, then frozen by the
 * terminal clock (docs/meter-data.md "Freezing"):
 * - daily: the meter's own daily freeze (0506xxnn with its time 050600nn)
 *   wins; otherwise the first reading taken on day D+1 is day D;
 * - reading-day: the first reading at or after the F33 reading-day time on
 *   a reading day;
 * - monthly: the first reading taken in month M+1 is month M; the maximum
 *   demand of month M is the meter's settlement copy (0101FF01...) read in M+1;
 * - curves: the first reading inside each 15-minute slot of the grid.
 * Status words: the change flags against the previous reading are kept as
 * the pseudo item MD_ITEM_SW_CHANGED. A new voltage curve point goes into the
 * voltage statistics of its day and month (stats.c). */
#include <string.h>

#include "dlt645/di.h"
#include "md_int.h"

bool md_is_frozen_di(uint32_t di)
{
    unsigned d3 = di >> 24, d2 = (di >> 16) & 0xFFu, d1 = (di >> 8) & 0xFFu, d0 = di & 0xFFu;
    if (d0 != 0 || (d1 != 0xFF && d1 > 0x3F))
        return false;
    return (d3 == 0x00 && d2 >= 0x01 && d2 <= 0x08) || (d3 == 0x01 && d2 >= 0x01 && d2 <= 0x04);
}

bool md_is_settled_demand_di(uint32_t di)
{
    unsigned d2 = (di >> 16) & 0xFFu, d1 = (di >> 8) & 0xFFu;
    return (di >> 24) == 0x01 && d2 >= 0x01 && d2 <= 0x04 && (d1 == 0xFF || d1 <= 0x3F) &&
           (di & 0xFFu) == 0x01;
}

bool md_is_curve_di(uint32_t di)
{
    static const uint32_t exact[] = {
        0x0201FF00u, 0x0202FF00u, 0x0203FF00u, 0x0204FF00u, 0x0206FF00u, 0x02800001u, 0x0001FF00u,
        0x0002FF00u, 0x0003FF00u, 0x0004FF00u, 0x00010000u, 0x00020000u, 0x00030000u, 0x00040000u,
    };
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (di == exact[i])
            return true;
    uint32_t fam = di & 0xFFFF00FFu;
    unsigned d1 = (di >> 8) & 0xFFu;
    if ((fam == 0x02010000u || fam == 0x02020000u) && d1 >= 1 && d1 <= 3)
        return true; /* phase voltage / current */
    if ((fam == 0x02030000u || fam == 0x02040000u || fam == 0x02060000u) && d1 <= 3)
        return true; /* total / phase power, reactive power, power factor */
    return false;
}

static bool exists(store *st, md_table tab, uint16_t pn, uint32_t di, int64_t key)
{
    uint8_t b[MD_ITEM_MAX + MD_HDR];
    size_t len = 0;
    int rc;
    switch (tab) {
    case MD_DAY:
        rc = store_data_get_daily(st, pn, di, (uint32_t)key, b, sizeof b, &len);
        break;
    case MD_RDAY:
        rc = store_data_get_rday(st, pn, di, (uint32_t)key, b, sizeof b, &len);
        break;
    case MD_MON:
        rc = store_data_get_monthly(st, pn, di, (uint32_t)key, b, sizeof b, &len);
        break;
    default:
        rc = store_data_get_curve(st, pn, di, key, b, sizeof b, &len);
        break;
    }
    return rc != STORE_E_NOTFOUND; /* an error counts as "there": never overwrite blindly */
}

/* Writes a frozen row: 8-byte reading time + the meter's bytes. */
static int put_frozen(store *st, md_table tab, uint16_t pn, uint32_t di, int64_t key,
                      const uint8_t *data, size_t len, int64_t ts, bool replace)
{
    if (len > MD_ITEM_MAX)
        return 0;
    if (!replace && exists(st, tab, pn, di, key))
        return 0;
    uint8_t b[MD_ITEM_MAX + MD_HDR];
    for (unsigned i = 0; i < MD_HDR; i++)
        b[i] = (uint8_t)((uint64_t)ts >> (8 * i));
    if (len)
        memcpy(b + MD_HDR, data, len);
    switch (tab) {
    case MD_DAY:
        return store_data_put_daily(st, pn, di, (uint32_t)key, b, len + MD_HDR);
    case MD_RDAY:
        return store_data_put_rday(st, pn, di, (uint32_t)key, b, len + MD_HDR);
    default:
        return store_data_put_monthly(st, pn, di, (uint32_t)key, b, len + MD_HDR);
    }
}

static uint32_t prev_month(uint32_t yyyymm)
{
    return yyyymm % 100u == 1 ? (yyyymm / 100u - 1) * 100u + 12u : yyyymm - 1;
}

/* The frozen DI a meter daily-freeze item 0506kknn stands for (0 none). */
static uint32_t freeze_target(uint32_t di)
{
    unsigned kk = (di >> 8) & 0xFFu;
    if (kk >= 0x01 && kk <= 0x08)
        return 0x0000FF00u | (uint32_t)kk << 16;
    if (kk == 0x09)
        return 0x0101FF00u;
    if (kk == 0x0A)
        return 0x0102FF00u;
    return 0;
}

/* The day a meter freeze time stands for: the day before the instant (a
 * freeze at 00:00 of D+1 is day D). 0 when the time is unusable. */
static uint32_t freeze_day(uint32_t di_time, const uint8_t *data, size_t len)
{
    uint8_t ab[1024];
    mdc_arena a;
    mdc_arena_init(&a, ab, sizeof ab);
    mdc_value *v = NULL;
    if (dlt645_di_decode(DLT645_DI_ED_2007, di_time, data, len, &a, &v, NULL) != DLT645_DI_OK ||
        !v || v->kind != MDC_V_TIME || (v->u.tm.fields & MDC_TM_DATE) != MDC_TM_DATE)
        return 0;
    mdc_tm tm = v->u.tm;
    tm.fields = MDC_TM_DATE | (tm.fields & (MDC_TM_HOUR | MDC_TM_MIN));
    if (!mdc_tm_valid(&tm))
        return 0;
    return store_day_of(mdc_tm_to_epoch(&tm) - 1);
}

enum { FREEZE_WINDOW = 2 * 3600 }; /* a freeze time and its data read within 2 h belong together */

/* The meter's daily freeze: data 0506kknn with the time 050600nn read in
 * the same pass (either order). Replaces a "first reading" freeze. */
static int meter_freeze(store *st, const mdata_point *p, uint32_t di, const uint8_t *data,
                        size_t len, int64_t clock_s)
{
    uint32_t today = store_day_of(clock_s);
    uint8_t b[MD_ITEM_MAX];
    size_t n = 0;
    int64_t ts = 0;
    int rc;
    if ((di & 0xFF00u) == 0) { /* the time: freeze every data item already read */
        uint32_t day = freeze_day(di, data, len);
        if (day == 0 || day >= today)
            return 0;
        for (unsigned kk = 1; kk <= 0x0A; kk++) {
            uint32_t d = (di & 0xFFFF00FFu) | (uint32_t)kk << 8;
            rc = store_data_get_current(st, p->point, d, &ts, b, sizeof b, &n);
            if (rc == STORE_E_NOTFOUND || rc == STORE_E_SPACE)
                continue;
            if (rc != 0)
                return rc;
            if (clock_s - ts > FREEZE_WINDOW || ts - clock_s > FREEZE_WINDOW)
                continue;
            rc = put_frozen(st, MD_DAY, p->point, freeze_target(d), day, b, n, ts, true);
            if (rc != 0)
                return rc;
        }
        return 0;
    }
    uint32_t target = freeze_target(di);
    if (!target)
        return 0;
    uint32_t dt = di & 0xFFFF00FFu; /* 050600nn */
    rc = store_data_get_current(st, p->point, dt, &ts, b, sizeof b, &n);
    if (rc == STORE_E_NOTFOUND || rc == STORE_E_SPACE)
        return 0;
    if (rc != 0)
        return rc;
    if (clock_s - ts > FREEZE_WINDOW || ts - clock_s > FREEZE_WINDOW)
        return 0;
    uint32_t day = freeze_day(dt, b, n);
    if (day == 0 || day >= today)
        return 0;
    return put_frozen(st, MD_DAY, p->point, target, day, data, len, clock_s, true);
}

/* Status words: XOR with the previous reading into MD_ITEM_SW_CHANGED. */
static int status_changes(store *st, uint16_t pn, uint32_t di, const uint8_t *data, size_t len,
                          int64_t clock_s)
{
    size_t first, count; /* words 1..7 as indexes 0..6 */
    if (di == 0x040005FFu && len >= 14) {
        first = 0;
        count = 7;
    } else if (di >= 0x04000501u && di <= 0x04000507u && len == 2) {
        first = (size_t)(di - 0x04000501u);
        count = 1;
    } else {
        return 0;
    }
    uint8_t prev[MD_ITEM_MAX], chg[14];
    size_t n = 0;
    int64_t ts = 0;
    memset(chg, 0, sizeof chg);
    int rc = store_data_get_current(st, pn, MD_ITEM_SW_CHANGED, &ts, prev, sizeof prev, &n);
    if (rc == 0 && n == 14)
        memcpy(chg, prev, 14);
    else if (rc != 0 && rc != STORE_E_NOTFOUND)
        return rc;
    for (size_t w = first; w < first + count; w++) {
        /* the previous value of word w: from the block or the single item */
        uint8_t old[2];
        bool have = false;
        rc = store_data_get_current(st, pn, 0x040005FFu, &ts, prev, sizeof prev, &n);
        if (rc == 0 && n >= 14) {
            memcpy(old, prev + 2 * w, 2);
            have = true;
        }
        int64_t ts2 = 0;
        size_t n2 = 0;
        uint8_t single[MD_ITEM_MAX];
        rc = store_data_get_current(st, pn, 0x04000501u + (uint32_t)w, &ts2, single, sizeof single,
                                    &n2);
        if (rc == 0 && n2 == 2 && (!have || ts2 > ts)) {
            memcpy(old, single, 2);
            have = true;
        }
        const uint8_t *cur = count == 7 ? data + 2 * w : data;
        chg[2 * w] = have ? (uint8_t)(old[0] ^ cur[0]) : 0;
        chg[2 * w + 1] = have ? (uint8_t)(old[1] ^ cur[1]) : 0;
    }
    return store_data_put_current(st, pn, MD_ITEM_SW_CHANGED, clock_s, chg, sizeof chg);
}

int mdata_on_item(store *st, const mdata_point *p, uint32_t di, const uint8_t *data, size_t len,
                  int64_t clock_s)
{
    if (!st || !p || (!data && len))
        return STORE_E_ARG;
    uint16_t pn = p->point;
    int rc = status_changes(st, pn, di, data, len, clock_s);
    if (rc == 0)
        rc = store_data_put_current(st, pn, di, clock_s, data, len);
    if (rc != 0)
        return rc;
    if ((di & 0xFFFF0000u) == 0x05060000u && (di & 0xFFu) != 0)
        return meter_freeze(st, p, di, data, len, clock_s);
    if (md_is_frozen_di(di)) {
        uint32_t today = store_day_of(clock_s);
        uint32_t yesterday = store_day_of(clock_s - 86400);
        rc = put_frozen(st, MD_DAY, pn, di, yesterday, data, len, clock_s, false);
        mdc_tm tm;
        mdc_tm_from_epoch(clock_s, &tm);
        unsigned minute = tm.hour * 60u + tm.min;
        if (rc == 0 && (p->read_days >> (tm.day - 1)) & 1u && minute >= p->read_day_min)
            rc = put_frozen(st, MD_RDAY, pn, di, today, data, len, clock_s, false);
        /* monthly: the energies of the first reading of month M+1; the maximum
         * demand not (the meter's settlement at 00:00 of the 1st restarted it) */
        if (rc == 0 && (di >> 24) != 0x01)
            rc = put_frozen(st, MD_MON, pn, di, prev_month(store_month_of(clock_s)), data, len,
                            clock_s, false);
        if (rc != 0)
            return rc;
    }
    if (md_is_settled_demand_di(di)) {
        /* month M's maximum demand: the meter's settlement copy (DI0 = 01) read in
         * month M+1 (settlement day 1 at 00:00, the usual setting) */
        rc = put_frozen(st, MD_MON, pn, di & 0xFFFFFF00u, prev_month(store_month_of(clock_s)), data,
                        len, clock_s, false);
        if (rc != 0)
            return rc;
    }
    if (md_is_curve_di(di) && len <= MD_ITEM_MAX) {
        int64_t grid = clock_s - ((clock_s % MD_GRID) + MD_GRID) % MD_GRID;
        if (!exists(st, MD_CURVE, pn, di, grid)) {
            rc = store_data_put_curve(st, pn, di, grid, data, len);
            if (rc == 0)
                rc = md_vstats_on_point(st, pn, di, data, len, grid);
        }
    }
    return rc;
}
