/* AFN0C class 1 data of a measurement point (§5.12.2.4): the current
 * values the reader brought back, converted to the 1376.1 formats. The
 * readings units (F33-F40, F129-F152, F177, F178) come from the mapping
 * table (map.c); the others are built here, one function per Fn. */
#include <string.h>

#include "md_int.h"

/* The read_time member is added first (a NULL placeholder) and set once
 * every source of the unit is known. */
static mdc_value *begin(md_ctx *c, mdc_value **rt)
{
    mdc_value *o = mdc_v_new(c->a, MDC_V_OBJECT);
    *rt = o ? mdc_v_add_null(c->a, o, "read_time") : NULL;
    return *rt ? o : NULL;
}

static void end(md_ctx *c, mdc_value *rt)
{
    if (c->read_ts <= 0)
        return;
    mdc_tm tm;
    mdc_tm_from_epoch(c->read_ts, &tm);
    tm.fields = MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN;
    rt->kind = MDC_V_TIME;
    rt->u.tm = tm;
}

/* Member of a block, else the single item. */
static const mdc_value *bs(md_ctx *c, const mdc_value *blk, const char *member, uint32_t single)
{
    const mdc_value *v = md_m(blk, member);
    return v ? v : md_src(c, single);
}

/* F25: powers, power factors, voltages, currents, apparent power. */
static bool f25(md_ctx *c, mdc_value *o)
{
    static const char *const ph4[] = {"total", "a", "b", "c"};
    static const char *const ph3[] = {"a", "b", "c"};
    static const struct {
        uint32_t block, single; /* single: DI1 = phase */
        const char *keys[4];
        gdw_fmt fmt;
        const char *unit;
        int shift;
    } groups[] = {
        {0x0203FF00u, 0x02030000u, {"power", "power_a", "power_b", "power_c"}, GDW_A9, "kW", 0},
        {0x0204FF00u, 0x02040000u, {"q", "q_a", "q_b", "q_c"}, GDW_A9, "kvar", 0},
        {0x0206FF00u, 0x02060000u, {"pf", "pf_a", "pf_b", "pf_c"}, GDW_A5, "%", 2},
        {0x0201FF00u, 0x02010000u, {"voltage_a", "voltage_b", "voltage_c"}, GDW_A7, "V", 0},
        {0x0202FF00u, 0x02020000u, {"current_a", "current_b", "current_c"}, GDW_A25, "A", 0},
    };
    /* a single-phase point (F25 wiring 3) has no phases B and C: missing, not 0 */
    const mdata_point *mp = md_point(c);
    bool single = mp && !mp->three_phase;
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        const mdc_value *blk = md_src(c, groups[g].block);
        bool four = groups[g].keys[3] != NULL;
        for (size_t i = 0; i < (four ? 4u : 3u); i++) {
            uint32_t phase = four ? (uint32_t)i : (uint32_t)i + 1;
            const char *member = four ? ph4[i] : ph3[i];
            const mdc_value *v =
                single && phase >= 2 ? NULL : bs(c, blk, member, groups[g].single | phase << 8);
            if (!md_put(c, o, groups[g].keys[i], groups[g].fmt, groups[g].unit, v, groups[g].shift))
                return false;
        }
    }
    if (!md_put(c, o, "current_0", GDW_A25, "A", md_src(c, 0x02800001u), 0))
        return false;
    const mdc_value *sb = md_src(c, 0x0205FF00u);
    static const char *const skeys[] = {"s", "s_a", "s_b", "s_c"};
    for (size_t i = 0; i < 4; i++)
        if (!md_put(c, o, skeys[i], GDW_A9, "kVA",
                    single && i >= 2 ? NULL : bs(c, sb, ph4[i], 0x02050000u | (uint32_t)i << 8), 0))
            return false;
    return true;
}

/* The meter clock: 0400010C, else 04000101 (date) + 04000102 (time). */
static const mdc_value *meter_clock(md_ctx *c)
{
    const mdc_value *v = md_src(c, 0x0400010Cu);
    if (v)
        return v;
    const mdc_value *d = md_src(c, 0x04000101u), *t = md_src(c, 0x04000102u);
    if (!d || !t || d->kind != MDC_V_TIME || t->kind != MDC_V_TIME)
        return NULL;
    mdc_value *n = mdc_v_new(&c->sc, MDC_V_TIME);
    if (!n)
        return NULL;
    n->u.tm = d->u.tm;
    n->u.tm.hour = t->u.tm.hour;
    n->u.tm.min = t->u.tm.min;
    n->u.tm.sec = t->u.tm.sec;
    n->u.tm.fields =
        (uint8_t)((d->u.tm.fields & MDC_TM_DATE) | (t->u.tm.fields & MDC_TM_FULL & ~MDC_TM_DATE));
    return n;
}

/* An event count and the time member of its latest record. */
static bool ev(md_ctx *c, mdc_value *o, const char *kcount, uint32_t count_di, const char *ktime,
               uint32_t rec_di, const char *member)
{
    return md_put(c, o, kcount, GDW_A10, NULL, md_src(c, count_di), 0) &&
           (!ktime || md_put(c, o, ktime, GDW_A1, NULL, md_m(md_src(c, rec_di), member), 0));
}

/* F27: meter clock, battery time, programming / clearing / time-set counts. */
static bool f27(md_ctx *c, mdc_value *o)
{
    return md_put(c, o, "meter_clock", GDW_A1, NULL, meter_clock(c), 0) &&
           md_put(c, o, "battery_minutes", GDW_A27, "min", md_src(c, 0x0280000Au), 0) &&
           ev(c, o, "program_count", 0x03300000u, "last_program", 0x03300001u, "time") &&
           ev(c, o, "clear_count", 0x03300100u, "last_clear", 0x03300101u, "time") &&
           ev(c, o, "demand_clear_count", 0x03300200u, "last_demand_clear", 0x03300201u, "time") &&
           ev(c, o, "event_clear_count", 0x03300300u, "last_event_clear", 0x03300301u, "time") &&
           ev(c, o, "time_set_count", 0x03300400u, "last_time_set", 0x03300401u, "after");
}

/* Raw bytes of a current item (n = 0 when absent). */
static size_t raw(md_ctx *c, uint32_t di, uint8_t *out, size_t cap, int64_t *ts)
{
    size_t n = 0;
    int rc = store_data_get_current(c->st, c->pn, di, ts, out, cap, &n);
    if (rc != 0 && rc != STORE_E_NOTFOUND && rc != STORE_E_SPACE && !c->err)
        c->err = rc;
    return rc == 0 ? n : 0;
}

/* F28: change flags and status words 1-7 (block 040005FF or 04000501..07). */
static bool f28(md_ctx *c, mdc_value *o)
{
    uint8_t *sw = mdc_arena_alloc(c->a, 14), *chg = mdc_arena_alloc(c->a, 14);
    uint8_t b[MD_ITEM_MAX];
    bool have[7] = {false};
    int64_t ts = 0, bts = 0;
    if (!sw || !chg)
        return false;
    size_t n = raw(c, 0x040005FFu, b, sizeof b, &bts);
    if (n >= 14) {
        memcpy(sw, b, 14);
        for (size_t w = 0; w < 7; w++)
            have[w] = true;
        c->any = true;
        if (bts > c->read_ts)
            c->read_ts = bts;
    }
    for (uint32_t w = 0; w < 7; w++) {
        if (raw(c, 0x04000501u + w, b, sizeof b, &ts) == 2 && (!have[w] || ts > bts)) {
            memcpy(sw + 2 * w, b, 2);
            have[w] = true;
            c->any = true;
            if (ts > c->read_ts)
                c->read_ts = ts;
        }
    }
    memset(chg, 0, 14);
    if (raw(c, MD_ITEM_SW_CHANGED, b, sizeof b, &ts) == 14)
        memcpy(chg, b, 14);
    mdc_value *ca = mdc_v_add_arr(c->a, o, "changed"), *sa = mdc_v_add_arr(c->a, o, "status");
    if (!ca || !sa)
        return false;
    for (size_t w = 0; w < 7; w++) {
        static const uint8_t ee[2] = {0xEE, 0xEE};
        if (!mdc_v_add_bytes(c->a, ca, NULL, MDC_V_BYTES, have[w] ? chg + 2 * w : ee, 2) ||
            !mdc_v_add_bytes(c->a, sa, NULL, MDC_V_BYTES, have[w] ? sw + 2 * w : ee, 2))
            return false;
    }
    return true;
}

/* F31 / F32: phase A, B, C forward/reverse active, combined reactive 1/2
 * (DI2 0x15.., 0x29.., 0x3D..); di0 = settlement day. */
static bool f31(md_ctx *c, mdc_value *o, uint32_t di0)
{
    static const uint32_t base[3] = {0x15, 0x29, 0x3D};
    mdc_value *arr = mdc_v_add_arr(c->a, o, "phases");
    if (!arr)
        return false;
    for (size_t p = 0; p < 3; p++) {
        mdc_value *e = mdc_v_add_obj(c->a, arr, NULL);
        uint32_t d = base[p] << 16 | di0;
        if (!e || !md_put(c, e, "fwd_active", GDW_A14, "kWh", md_src(c, d), 0) ||
            !md_put(c, e, "rev_active", GDW_A14, "kWh", md_src(c, d + 0x10000u), 0) ||
            !md_put(c, e, "reactive1", GDW_A11, "kvarh", md_src(c, d + 0x20000u), 0) ||
            !md_put(c, e, "reactive2", GDW_A11, "kvarh", md_src(c, d + 0x30000u), 0))
            return false;
    }
    return true;
}

static bool f31_now(md_ctx *c, mdc_value *o)
{
    return f31(c, o, 0);
}

static bool f32_last(md_ctx *c, mdc_value *o)
{
    return f31(c, o, 1);
}

/* F161: relay state from status word 3 (D4 relay off: 00H off, else 11H
 * on), last close (1E) and trip (1D) times. */
static bool f161(md_ctx *c, mdc_value *o)
{
    const mdc_value *sw3 = md_m(md_src(c, 0x040005FFu), "sw3");
    if (!sw3)
        sw3 = md_src(c, 0x04000503u);
    const mdc_value *off = md_m(sw3, "relay_off");
    mdc_value *st;
    if (off && off->kind == MDC_V_BOOL)
        st = mdc_v_add_int(c->a, o, "state", off->u.b ? 0x00 : 0x11, NULL);
    else
        st = mdc_v_add_null(c->a, o, "state");
    const mdc_value *close = md_src(c, 0x1E000101u), *trip = md_src(c, 0x1D000101u);
    if (!close)
        close = md_m(md_src(c, 0x1E00FF01u), "time");
    if (!trip)
        trip = md_m(md_src(c, 0x1D00FF01u), "time");
    return st && md_put(c, o, "last_close", GDW_A1, NULL, close, 0) &&
           md_put(c, o, "last_trip", GDW_A1, NULL, trip, 0);
}

static bool f162(md_ctx *c, mdc_value *o)
{
    return md_put(c, o, "meter_clock", GDW_A1, NULL, meter_clock(c), 0);
}

/* F165: programming and cover openings. */
static bool f165(md_ctx *c, mdc_value *o)
{
    return ev(c, o, "program_count", 0x03300000u, "last_program", 0x03300001u, "time") &&
           ev(c, o, "cover_open_count", 0x03300D00u, "last_cover_open", 0x03300D01u, "start");
}

/* F166: time sets (before/after of the latest) and time-segment table
 * programming (its count; the record is not catalogued: EE). */
static bool f166(md_ctx *c, mdc_value *o)
{
    const mdc_value *rec = md_src(c, 0x03300401u);
    return ev(c, o, "time_set_count", 0x03300400u, NULL, 0, NULL) &&
           md_put(c, o, "before_time_set", GDW_A1, NULL, md_m(rec, "before"), 0) &&
           md_put(c, o, "after_time_set", GDW_A1, NULL, md_m(rec, "after"), 0) &&
           ev(c, o, "schedule_program_count", 0x03300500u, NULL, 0, NULL) &&
           mdc_v_add_null(c->a, o, "last_schedule_program");
}

/* F167: prepayment (items of the 2007 filing amendment). */
static bool f167(md_ctx *c, mdc_value *o)
{
    static const char *const nulls[] = {"total_purchase_energy", "credit_limit_energy",
                                        "alarm_energy", "fault_energy"};
    if (!md_put(c, o, "purchase_count", GDW_A8, NULL, md_src(c, 0x03330201u), 0) ||
        !md_put(c, o, "remaining_money", GDW_A14, "yuan", md_src(c, 0x00900200u), 0) ||
        !md_put(c, o, "total_purchase_money", GDW_A14, "yuan", md_src(c, 0x03330601u), 0) ||
        !md_put(c, o, "remaining_energy", GDW_A11, "kWh", md_src(c, 0x00900100u), 0) ||
        !md_put(c, o, "overdraft_energy", GDW_A11, "kWh", md_src(c, 0x00900101u), 0))
        return false;
    for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
        if (!mdc_v_add_null(c->a, o, nulls[i]))
            return false;
    return true;
}

static const struct {
    uint16_t fn;
    bool (*build)(md_ctx *c, mdc_value *o);
} others[] = {
    {25, f25},   {27, f27},   {28, f28},   {31, f31_now}, {32, f32_last},
    {161, f161}, {162, f162}, {165, f165}, {166, f166},   {167, f167},
};

bool md_0c_supported(uint16_t fn)
{
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        if (others[i].fn == fn)
            return true;
    return md_0c_readings(fn) || md_delta_supported(0x0C, fn);
}

int mdata_build_0c(store *st, uint16_t pn, uint16_t fn, int64_t now_s, mdc_arena *a,
                   mdc_value **out)
{
    if (!out)
        return STORE_E_ARG;
    *out = NULL;
    if (!st || !a || pn == 0)
        return STORE_E_ARG;
    md_ctx ctx;
    md_ctx *c = &ctx;
    int rc = md_ctx_init(c, st, pn, MD_CUR, 0, a);
    if (rc != 0)
        return rc;
    size_t mark = a->used;
    mdc_value *o = NULL;
    if (md_0c_readings(fn) || md_delta_supported(0x0C, fn)) {
        o = mdc_v_new(a, MDC_V_OBJECT);
        bool found = false;
        if (!o)
            return STORE_E_SPACE;
        rc = md_0c_readings(fn) ? md_0c_readings_build(c, fn, o, &found)
                                : md_delta_build(c, 0x0C, fn, 0, now_s, o, &found);
        if (rc != 0 || !found) {
            a->used = mark;
            return rc;
        }
        *out = o;
        return 0;
    }
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        if (others[i].fn != fn)
            continue;
        mdc_value *rt = NULL;
        o = begin(c, &rt);
        bool ok = o && others[i].build(c, o);
        if (c->err) {
            a->used = mark;
            return c->err;
        }
        if (!ok) {
            a->used = mark;
            return STORE_E_SPACE;
        }
        if (!c->any) {
            a->used = mark;
            return 0;
        }
        end(c, rt);
        *out = o;
        return 0;
    }
    return 0;
}
