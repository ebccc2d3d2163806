/* AFN0D curves of a measurement point (§5.13.2.4 groups 11-14): F81-F95
 * power, voltage and current, F101-F104 readings, F105-F108 power factor.
 * The request's Td_c gives the start (A.15), the density m (Appendix C) and
 * n points; the answer repeats it and gives n values. The store has a point
 * every 15 minutes (the grid of mdata_on_item): densities 1, 2, 3 (15, 30,
 * 60 min) read it; a point never read, a point not on the grid, and every
 * point of another density (0, 254 = 5 min, 255 = 1 min) are EE (such a
 * request is answered, all EE; a 15/30/60 min request with no point read
 * leaves the unit out). */
#include "md_int.h"

typedef struct md_curve {
    uint16_t fn;
    uint32_t block;     /* block DI, 0 none */
    const char *member; /* member of the block */
    uint32_t single;    /* the single item */
    gdw_fmt fmt;
    const char *unit;
    int shift; /* decimal shift (power factor X.XXX -> XXX.X %) */
} md_curve;

static const md_curve curves[] = {
    {81, 0x0203FF00u, "total", 0x02030000u, GDW_A9, "kW", 0},
    {82, 0x0203FF00u, "a", 0x02030100u, GDW_A9, "kW", 0},
    {83, 0x0203FF00u, "b", 0x02030200u, GDW_A9, "kW", 0},
    {84, 0x0203FF00u, "c", 0x02030300u, GDW_A9, "kW", 0},
    {85, 0x0204FF00u, "total", 0x02040000u, GDW_A9, "kvar", 0},
    {86, 0x0204FF00u, "a", 0x02040100u, GDW_A9, "kvar", 0},
    {87, 0x0204FF00u, "b", 0x02040200u, GDW_A9, "kvar", 0},
    {88, 0x0204FF00u, "c", 0x02040300u, GDW_A9, "kvar", 0},
    {89, 0x0201FF00u, "a", 0x02010100u, GDW_A7, "V", 0},
    {90, 0x0201FF00u, "b", 0x02010200u, GDW_A7, "V", 0},
    {91, 0x0201FF00u, "c", 0x02010300u, GDW_A7, "V", 0},
    {92, 0x0202FF00u, "a", 0x02020100u, GDW_A25, "A", 0},
    {93, 0x0202FF00u, "b", 0x02020200u, GDW_A25, "A", 0},
    {94, 0x0202FF00u, "c", 0x02020300u, GDW_A25, "A", 0},
    {95, 0, NULL, 0x02800001u, GDW_A25, "A", 0},
    {101, 0x0001FF00u, "total", 0x00010000u, GDW_A11, "kWh", 0},
    {102, 0x0003FF00u, "total", 0x00030000u, GDW_A11, "kvarh", 0},
    {103, 0x0002FF00u, "total", 0x00020000u, GDW_A11, "kWh", 0},
    {104, 0x0004FF00u, "total", 0x00040000u, GDW_A11, "kvarh", 0},
    {105, 0x0206FF00u, "total", 0x02060000u, GDW_A5, "%", 2},
    {106, 0x0206FF00u, "a", 0x02060100u, GDW_A5, "%", 2},
    {107, 0x0206FF00u, "b", 0x02060200u, GDW_A5, "%", 2},
    {108, 0x0206FF00u, "c", 0x02060300u, GDW_A5, "%", 2},
};

static const md_curve *find(uint16_t fn)
{
    for (size_t i = 0; i < sizeof curves / sizeof curves[0]; i++)
        if (curves[i].fn == fn)
            return &curves[i];
    return NULL;
}

bool md_0d_curve_supported(uint16_t fn)
{
    return find(fn) != NULL;
}

/* Seconds between points of density m; 0 when the grid cannot give them. */
static int64_t step_of(int64_t m)
{
    switch (m) {
    case 1:
        return 900;
    case 2:
        return 1800;
    case 3:
        return 3600;
    default:
        return 0;
    }
}

int md_build_curve(store *st, uint16_t pn, uint16_t fn, const mdc_value *req, int64_t now_s,
                   mdc_arena *a, mdc_value **out)
{
    const md_curve *cv = find(fn);
    const mdc_value *tdc = req && req->kind == MDC_V_OBJECT ? mdc_v_get(req, "td_c") : NULL;
    const mdc_value *t = md_m(tdc, "time");
    int64_t m = 0, n = 0;
    if (!cv || !t || t->kind != MDC_V_TIME || !mdc_v_int(md_m(tdc, "density"), &m) ||
        !mdc_v_int(md_m(tdc, "points"), &n) || n <= 0 || n > 255)
        return 0;
    mdc_tm tm = t->u.tm;
    const unsigned need = MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN;
    if ((tm.fields & need) != need)
        return 0;
    tm.fields = (uint8_t)need;
    tm.sec = 0;
    if (!mdc_tm_valid(&tm))
        return 0;
    int64_t start = mdc_tm_to_epoch(&tm);
    if (start > now_s)
        return 0; /* a label in the future */
    md_ctx ctx;
    int rc = md_ctx_init(&ctx, st, pn, MD_CURVE, 0, a);
    if (rc != 0)
        return rc;
    size_t mark = a->used;
    mdc_value *o = mdc_v_new(a, MDC_V_OBJECT);
    mdc_value *lab = o ? mdc_v_add_obj(a, o, "td_c") : NULL;
    if (!lab || !mdc_v_add_time(a, lab, "time", &tm) ||
        !mdc_v_add_int(a, lab, "density", m, NULL) || !mdc_v_add_int(a, lab, "points", n, NULL))
        return STORE_E_SPACE;
    mdc_value *vals = mdc_v_add_arr(a, o, "values");
    if (!vals)
        return STORE_E_SPACE;
    int64_t step = step_of(m);
    bool any = step == 0; /* another density: the label with every point EE */
    for (int64_t i = 0; i < n; i++) {
        const mdc_value *v = NULL;
        int64_t ts = start + i * step;
        if (step && ts % MD_GRID == 0 && ts <= now_s) {
            mdc_arena_reset(&ctx.sc);
            if (cv->block)
                v = md_m(md_src_curve(&ctx, cv->block, ts), cv->member);
            if (!v)
                v = md_src_curve(&ctx, cv->single, ts);
            if (ctx.err) {
                a->used = mark;
                return ctx.err;
            }
        }
        if (v)
            any = true;
        if (!md_put_elem(&ctx, vals, cv->fmt, cv->unit, v, cv->shift))
            return STORE_E_SPACE;
    }
    if (!any) {
        a->used = mark;
        return 0;
    }
    *out = o;
    return 0;
}
