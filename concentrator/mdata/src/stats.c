/* Voltage statistics (AFN0D F27 daily, F35 monthly; the manual's table 3
 * "月电压越限统计数据"), computed by the terminal from the 15-minute voltage
 * points of the curve table against the point's AFN04 F26 limits:
 * - each point stands for 15 minutes; the bands are exclusive, so the five
 *   times add up to the time monitored: over upper-upper (U >= 过压门限),
 *   over upper (合格上限 < U < 过压门限), under lower-lower (U <= 欠压门限),
 *   under lower (欠压门限 < U < 合格下限), normal (合格下限 <= U <= 合格上限);
 * - max / min with their time, and the average of the points.
 * Kept incrementally: each new point of the voltage curve is added to the
 * record of its day (pseudo item MD_ITEM_VSTATS in the daily table) and of
 * its month (monthly table); a day / month is answered once it is over. */
#include <string.h>

#include "gdw13761/catalog.h"
#include "md_int.h"
#include "mdc/bcd.h"

enum { NB = 5, PH_BYTES = 28, REC = 3 * PH_BYTES };

typedef struct vphase {
    uint16_t minutes[NB]; /* over_upper_upper, under_lower_lower, over_upper, under_lower, normal */
    uint16_t max, min;    /* tenths of a volt */
    uint32_t max_t, min_t; /* minutes since the epoch */
    uint32_t sum;          /* tenths, for the average */
    uint16_t n;            /* points */
} vphase;

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v);
    put16(p + 2, v >> 16);
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

static void pack(const vphase *v, uint8_t *out)
{
    for (int k = 0; k < 3; k++, v++, out += PH_BYTES) {
        for (int b = 0; b < NB; b++)
            put16(out + 2 * b, v->minutes[b]);
        put16(out + 10, v->max);
        put32(out + 12, v->max_t);
        put16(out + 16, v->min);
        put32(out + 18, v->min_t);
        put32(out + 22, v->sum);
        put16(out + 26, v->n);
    }
}

static void unpack(const uint8_t *in, vphase *v)
{
    for (int k = 0; k < 3; k++, v++, in += PH_BYTES) {
        for (int b = 0; b < NB; b++)
            v->minutes[b] = get16(in + 2 * b);
        v->max = get16(in + 10);
        v->max_t = get32(in + 12);
        v->min = get16(in + 16);
        v->min_t = get32(in + 18);
        v->sum = get32(in + 22);
        v->n = get16(in + 26);
    }
}

/* The point's limits in tenths of a volt: upper, lower, upper-upper, lower-lower. */
static int limits(store *st, uint16_t pn, uint32_t lim[4])
{
    uint8_t b[64];
    size_t len = 0;
    lim[0] = 2354;
    lim[1] = 1980;
    lim[2] = 2640;
    lim[3] = 1540;
    int rc = store_param_get(st, 26, pn, b, sizeof b, &len);
    if (rc != 0)
        return rc == STORE_E_NOTFOUND ? 0 : rc;
    static const size_t off[4] = {0, 2, 6, 11};
    uint64_t v;
    for (int i = 0; i < 4; i++)
        if (len >= off[i] + 2 && mdc_bcd_decode_le(b + off[i], 2, &v))
            lim[i] = (uint32_t)v;
    return 0;
}

static void add_point(vphase *v, uint32_t u, uint32_t t_min, const uint32_t lim[4])
{
    int band = u >= lim[2] ? 0 : u <= lim[3] ? 1 : u > lim[0] ? 2 : u < lim[1] ? 3 : 4;
    v->minutes[band] = (uint16_t)(v->minutes[band] + MD_GRID / 60);
    if (v->n == 0 || u > v->max) {
        v->max = (uint16_t)u;
        v->max_t = t_min;
    }
    if (v->n == 0 || u < v->min) {
        v->min = (uint16_t)u;
        v->min_t = t_min;
    }
    v->sum += u;
    v->n++;
}

static int put_rec(store *st, uint16_t pn, bool monthly, uint32_t key, const vphase *v, int64_t now)
{
    uint8_t b[MD_HDR + REC];
    for (unsigned i = 0; i < MD_HDR; i++)
        b[i] = (uint8_t)((uint64_t)now >> (8 * i));
    pack(v, b + MD_HDR);
    return monthly ? store_data_put_monthly(st, pn, MD_ITEM_VSTATS, key, b, sizeof b)
                   : store_data_put_daily(st, pn, MD_ITEM_VSTATS, key, b, sizeof b);
}

static int get_rec(store *st, uint16_t pn, bool monthly, uint32_t key, vphase *v, int64_t *ts)
{
    uint8_t b[MD_HDR + REC + 8];
    size_t n = 0;
    int rc = monthly ? store_data_get_monthly(st, pn, MD_ITEM_VSTATS, key, b, sizeof b, &n)
                     : store_data_get_daily(st, pn, MD_ITEM_VSTATS, key, b, sizeof b, &n);
    if (rc != 0)
        return rc;
    if (n != MD_HDR + REC)
        return STORE_E_NOTFOUND;
    if (ts) {
        uint64_t t = 0;
        for (unsigned i = 0; i < MD_HDR; i++)
            t |= (uint64_t)b[i] << (8 * i);
        *ts = (int64_t)t;
    }
    unpack(b + MD_HDR, v);
    return 0;
}

/* Adds the phases present to the record of (monthly, key). */
static int update(store *st, uint16_t pn, bool monthly, uint32_t key, const uint32_t u[3],
                  const bool have[3], uint32_t t_min, const uint32_t lim[4], int64_t now)
{
    vphase v[3];
    int rc = get_rec(st, pn, monthly, key, v, NULL);
    if (rc == STORE_E_NOTFOUND)
        memset(v, 0, sizeof v);
    else if (rc != 0)
        return rc;
    for (int k = 0; k < 3; k++)
        if (have[k])
            add_point(&v[k], u[k], t_min, lim);
    return put_rec(st, pn, monthly, key, v, now);
}

int md_vstats_on_point(store *st, uint16_t pn, uint32_t di, const uint8_t *data, size_t len,
                       int64_t grid)
{
    uint32_t u[3] = {0, 0, 0};
    bool have[3] = {false, false, false};
    uint64_t v;
    if (di == 0x0201FF00u && len == 6) {
        for (int k = 0; k < 3; k++)
            if (mdc_bcd_decode_le(data + 2 * k, 2, &v)) {
                u[k] = (uint32_t)v;
                have[k] = true;
            }
    } else if (di >= 0x02010100u && di <= 0x02010300u && (di & 0xFFu) == 0 && len == 2 &&
               mdc_bcd_decode_le(data, 2, &v)) {
        int k = (int)((di >> 8) & 0xFFu) - 1;
        u[k] = (uint32_t)v;
        have[k] = true;
    }
    if (!have[0] && !have[1] && !have[2])
        return 0;
    uint32_t lim[4];
    int rc = limits(st, pn, lim);
    uint32_t t_min = (uint32_t)(grid / 60);
    if (rc == 0)
        rc = update(st, pn, false, store_day_of(grid), u, have, t_min, lim, grid);
    if (rc == 0)
        rc = update(st, pn, true, store_month_of(grid), u, have, t_min, lim, grid);
    return rc;
}

/* An A.18 time (mm hh DD) of minutes since the epoch. */
static mdc_value *a18(mdc_arena *a, mdc_value *o, const char *key, uint32_t t_min, bool have)
{
    if (!have)
        return mdc_v_add_null(a, o, key);
    mdc_tm tm;
    mdc_tm_from_epoch((int64_t)t_min * 60, &tm);
    tm.fields = MDC_TM_DAY | MDC_TM_HOUR | MDC_TM_MIN;
    return mdc_v_add_time(a, o, key, &tm);
}

static mdc_value *volt(mdc_arena *a, mdc_value *o, const char *key, uint32_t tenths, bool have)
{
    return have ? mdc_v_add_dec(a, o, key, tenths, 1, "V") : mdc_v_add_null(a, o, key);
}

int md_vstats_build(store *st, uint16_t pn, bool monthly, uint32_t key, mdc_value *o, mdc_arena *a,
                    bool *found)
{
    static const char *const bands[NB] = {"over_upper_upper", "under_lower_lower", "over_upper",
                                          "under_lower", "normal"};
    vphase v[3];
    *found = false;
    int rc = get_rec(st, pn, monthly, key, v, NULL);
    if (rc == STORE_E_NOTFOUND)
        return 0;
    if (rc != 0)
        return rc;
    mdc_value *mins = mdc_v_add_arr(a, o, "minutes");
    for (int k = 0; k < 3 && mins; k++) {
        mdc_value *e = mdc_v_add_obj(a, mins, NULL);
        for (int b = 0; b < NB && e; b++)
            mdc_v_add_int(a, e, bands[b], v[k].minutes[b], "min");
    }
    mdc_value *ext = mdc_v_add_arr(a, o, "extremes");
    for (int k = 0; k < 3 && ext; k++) {
        mdc_value *e = mdc_v_add_obj(a, ext, NULL);
        bool h = v[k].n > 0;
        if (e) {
            volt(a, e, "max", v[k].max, h);
            a18(a, e, "max_time", v[k].max_t, h);
            volt(a, e, "min", v[k].min, h);
            a18(a, e, "min_time", v[k].min_t, h);
        }
    }
    mdc_value *avg = mdc_v_add_arr(a, o, "average");
    for (int k = 0; k < 3 && avg; k++)
        volt(a, avg, NULL, v[k].n ? (v[k].sum + v[k].n / 2u) / v[k].n : 0, v[k].n > 0);
    if (a->full)
        return STORE_E_SPACE;
    *found = true;
    return 0;
}
