/* metersim: the data a meter answers for each data identifier (DI), built as a value tree
 * (mdc/value.h) and encoded with the project's DI catalogue (dlt645_di_encode). 1997 items
 * are built as their 2007 counterpart and converted (dlt645_di_convert). The residual-current
 * device items, which the catalogue does not know, are written here (see docs/metersim.md). */
#include <stdio.h>
#include <string.h>

#include "mdc/bcd.h"
#include "mdc/mtime.h"
#include "mdc/value.h"

#include "dlt645/di.h"
#include "ms_meter.h"

#define ARENA_SIZE 32768u

typedef struct regs {
    int64_t e[MS_E_KINDS][MS_TARIFF_MAX + 1];
    ms_demand dmd[MS_TARIFF_MAX + 1];
    int64_t time;
} regs;

static const char *const ekeys[MS_E_KINDS] = {"forward_active", "reverse_active", "q1_reactive",
                                              "q2_reactive",    "q3_reactive",    "q4_reactive"};

/* Registers now (k = 0), at settlement day k (1..12), or zeros when that one has not happened. */
static void regs_settle(const ms_meter *m, unsigned k, regs *r)
{
    memset(r, 0, sizeof *r);
    if (k == 0) {
        for (unsigned e = 0; e < MS_E_KINDS; e++)
            for (unsigned t = 0; t <= MS_TARIFF_MAX; t++)
                r->e[e][t] = ms_meter_energy(m, e, t);
        memcpy(r->dmd, m->dmd, sizeof r->dmd);
    } else if (k <= m->n_settle) {
        memcpy(r->e, m->settle[k - 1].e, sizeof r->e);
        memcpy(r->dmd, m->settle[k - 1].dmd, sizeof r->dmd);
        r->time = m->settle[k - 1].time;
    }
}

static void regs_freeze(const ms_meter *m, unsigned k, regs *r)
{
    memset(r, 0, sizeof *r);
    if (k >= 1 && k <= m->n_freeze) {
        memcpy(r->e, m->freeze[k - 1].e, sizeof r->e);
        memcpy(r->dmd, m->freeze[k - 1].dmd, sizeof r->dmd);
        r->time = m->freeze[k - 1].time;
    }
}

/* Register of a DI2 energy code (00 combined active .. 08 quadrant IV); false when not kept. */
static bool reg_of(const regs *r, unsigned d2, unsigned t, int64_t *out)
{
    static const int8_t a[9] = {MS_E_FWD, MS_E_FWD, MS_E_REV, MS_E_Q1, MS_E_Q3,
                                MS_E_Q1,  MS_E_Q2,  MS_E_Q3,  MS_E_Q4};
    static const int8_t b[9] = {MS_E_REV, -1, -1, MS_E_Q2, MS_E_Q4, -1, -1, -1, -1};
    if (d2 > 8)
        return false;
    *out = r->e[a[d2]][t] + (b[d2] >= 0 ? r->e[b[d2]][t] : 0);
    return true;
}

static mdc_value *v_time(mdc_arena *a, mdc_value *p, const char *key, int64_t epoch_s)
{
    if (epoch_s == 0)
        return mdc_v_add_null(a, p, key);
    mdc_tm tm;
    mdc_tm_from_epoch(epoch_s, &tm);
    return mdc_v_add_time(a, p, key, &tm);
}

static mdc_value *v_hex(mdc_arena *a, mdc_value *p, const char *key, const uint8_t *b, size_t n)
{
    char s[17];
    for (size_t i = 0; i < n && i < 8; i++)
        snprintf(s + 2 * i, 3, "%02X", b[n - 1 - i]);
    return mdc_v_add_str(a, p, key, s, 2 * n);
}

static mdc_value *v_addr(mdc_arena *a, const uint8_t addr[DLT645_ADDR_LEN])
{
    char s[13];
    dlt645_addr_format(addr, s);
    return mdc_v_add_str(a, NULL, NULL, s, 12);
}

static mdc_value *v_block(mdc_arena *a, const regs *r, unsigned d2, unsigned tariffs)
{
    mdc_value *o = mdc_v_add_obj(a, NULL, NULL);
    int64_t x = 0;
    reg_of(r, d2, 0, &x);
    mdc_v_add_dec(a, o, "total", x, 2, NULL);
    mdc_value *arr = mdc_v_add_arr(a, o, "tariffs");
    for (unsigned t = 1; t <= tariffs; t++) {
        reg_of(r, d2, t, &x);
        mdc_v_add_dec(a, arr, NULL, x, 2, NULL);
    }
    return o;
}

static mdc_value *v_demand(mdc_arena *a, mdc_value *p, const char *key, const ms_demand *d)
{
    mdc_value *o = mdc_v_add_obj(a, p, key);
    mdc_v_add_dec(a, o, "value", d->mant, 4, NULL);
    v_time(a, o, "time", d->time);
    return o;
}

static mdc_value *v_demand_block(mdc_arena *a, const ms_demand *d, unsigned tariffs)
{
    mdc_value *o = mdc_v_add_obj(a, NULL, NULL);
    v_demand(a, o, "total", &d[0]);
    mdc_value *arr = mdc_v_add_arr(a, o, "tariffs");
    for (unsigned t = 1; t <= tariffs; t++)
        v_demand(a, arr, NULL, &d[t]);
    return o;
}

static mdc_value *v_energies(mdc_arena *a, mdc_value *p, const char *key, const int64_t *e)
{
    mdc_value *o = mdc_v_add_obj(a, p, key);
    for (unsigned k = 0; k < MS_E_KINDS; k++)
        mdc_v_add_dec(a, o, ekeys[k], e[k], 2, NULL);
    return o;
}

static mdc_value *v_sw(mdc_arena *a, mdc_value *p, const char *key, uint16_t w)
{
    mdc_value *o = mdc_v_add_obj(a, p, key);
    mdc_v_add_int(a, o, "raw", w, NULL);
    return o;
}

/* Energies (DI3 = 00), including prepayment 0090xxxx. */
static mdc_value *val_energy(const ms_meter *m, mdc_arena *a, uint32_t di)
{
    unsigned d2 = (di >> 16) & 0xFFu, d1 = (di >> 8) & 0xFFu, d0 = di & 0xFFu;
    if (d2 == 0x90) {
        int64_t rem, over;
        ms_meter_money(m, &rem, &over);
        int64_t price = m->cfg.price ? m->cfg.price : 1;
        switch (di & 0xFFFFu) {
        case 0x0100:
            return mdc_v_add_dec(a, NULL, NULL, rem * 10000 / price, 2, NULL);
        case 0x0101:
            return mdc_v_add_dec(a, NULL, NULL, over * 10000 / price, 2, NULL);
        case 0x0200:
            return mdc_v_add_dec(a, NULL, NULL, rem, 2, NULL);
        case 0x0201:
            return mdc_v_add_dec(a, NULL, NULL, over, 2, NULL);
        default:
            return NULL;
        }
    }
    if (d0 > MS_SETTLE_KEEP || d2 > 8)
        return NULL;
    regs r;
    regs_settle(m, d0, &r);
    if (d1 == 0xFF)
        return v_block(a, &r, d2, m->cfg.tariffs);
    if (d1 > m->cfg.tariffs)
        return NULL;
    int64_t x = 0;
    reg_of(&r, d2, d1, &x);
    return mdc_v_add_dec(a, NULL, NULL, x, 2, NULL);
}

/* Maximum demand (DI3 = 01): forward active is kept, the others read as zero. */
static mdc_value *val_demand(const ms_meter *m, mdc_arena *a, uint32_t di)
{
    unsigned d2 = (di >> 16) & 0xFFu, d1 = (di >> 8) & 0xFFu, d0 = di & 0xFFu;
    if (d0 > MS_SETTLE_KEEP || d2 < 1 || d2 > 0x0A)
        return NULL;
    regs r;
    regs_settle(m, d0, &r);
    if (d2 != 1)
        memset(r.dmd, 0, sizeof r.dmd);
    if (d1 == 0xFF)
        return v_demand_block(a, r.dmd, m->cfg.tariffs);
    if (d1 > m->cfg.tariffs)
        return NULL;
    return v_demand(a, NULL, NULL, &r.dmd[d1]);
}

/* Instantaneous values (DI3 = 02). A single-phase meter: phase A carries everything. */
static mdc_value *val_instant(const ms_meter *m, mdc_arena *a, uint32_t di, int64_t now)
{
    int32_t p = ms_meter_power(m, now);
    int64_t v = m->powered ? m->cfg.voltage_dv : 0;
    int64_t i_ma = v ? (int64_t)p * 10000 / v : 0;
    int64_t pf = m->cfg.pf_m;
    int64_t q = pf ? (int64_t)(p < 0 ? -p : p) * 1000 / pf : 0; /* apparent VA */
    int64_t qv = 0;
    { /* reactive from apparent and active */
        int64_t s2 = q * q - (int64_t)p * p;
        while ((qv + 1) * (qv + 1) <= s2)
            qv++;
    }
    unsigned d2 = (di >> 16) & 0xFFu, d1 = (di >> 8) & 0xFFu;
    int64_t phase_val[4] = {0, 0, 0, 0};
    uint8_t scale = 1;
    switch (d2) {
    case 0x01:
        phase_val[1] = v, phase_val[2] = phase_val[3] = 0, scale = 1;
        break;
    case 0x02:
        phase_val[1] = i_ma, phase_val[2] = phase_val[3] = 0, scale = 3;
        break;
    case 0x03:
        phase_val[0] = phase_val[1] = (int64_t)p * 10, phase_val[2] = phase_val[3] = 0, scale = 4;
        break;
    case 0x04:
        phase_val[0] = phase_val[1] = qv * 10, phase_val[2] = phase_val[3] = 0, scale = 4;
        break;
    case 0x05:
        phase_val[0] = phase_val[1] = q * 10, phase_val[2] = phase_val[3] = 0, scale = 4;
        break;
    case 0x06:
        phase_val[0] = phase_val[1] = pf, phase_val[2] = phase_val[3] = 0, scale = 3;
        break;
    case 0x80:
        if (d1 != 0)
            return NULL;
        switch (di & 0xFFu) {
        case 0x01:
            return mdc_v_add_dec(a, NULL, NULL, 0, 3, NULL);
        case 0x02:
            return mdc_v_add_dec(a, NULL, NULL, 5000, 2, NULL);
        case 0x03:
            return mdc_v_add_dec(a, NULL, NULL, (int64_t)p * 10, 4, NULL);
        case 0x04:
            return mdc_v_add_dec(a, NULL, NULL, m->dmd_last_mant, 4, NULL);
        case 0x05:
        case 0x06:
            return mdc_v_add_dec(a, NULL, NULL, 0, 4, NULL);
        case 0x07:
            return mdc_v_add_dec(a, NULL, NULL, 253, 1, NULL);
        case 0x08:
        case 0x09:
            return mdc_v_add_dec(a, NULL, NULL, 360, 2, NULL);
        case 0x0A:
            return mdc_v_add_int(a, NULL, NULL, 0, NULL);
        default:
            return NULL;
        }
    default:
        return NULL;
    }
    if ((di & 0xFFu) != 0)
        return NULL;
    bool has_total = d2 >= 0x03;
    if (d1 == 0xFF) {
        static const char *const k3[] = {"a", "b", "c"};
        static const char *const k4[] = {"total", "a", "b", "c"};
        mdc_value *o = mdc_v_add_obj(a, NULL, NULL);
        for (unsigned i = has_total ? 0u : 1u; i <= 3; i++)
            mdc_v_add_dec(a, o, has_total ? k4[i] : k3[i - 1], phase_val[i], scale, NULL);
        return o;
    }
    if (d1 > 3 || (d1 == 0 && !has_total))
        return NULL;
    return mdc_v_add_dec(a, NULL, NULL, phase_val[d1], scale, NULL);
}

/* Parameters (DI3 = 04). */
static mdc_value *val_param(const ms_meter *m, mdc_arena *a, uint32_t di, int64_t now)
{
    int64_t clock_s = ms_meter_clock(m, now) / 1000;
    mdc_tm tm;
    mdc_tm_from_epoch(clock_s, &tm);
    switch (di) {
    case 0x04000101:
        tm.fields = MDC_TM_DATE | MDC_TM_WDAY;
        return mdc_v_add_time(a, NULL, NULL, &tm);
    case 0x04000102:
        tm.fields = MDC_TM_HOUR | MDC_TM_MIN | MDC_TM_SEC;
        return mdc_v_add_time(a, NULL, NULL, &tm);
    case 0x0400010C:
        return mdc_v_add_time(a, NULL, NULL, &tm);
    case 0x04000103:
        return mdc_v_add_int(a, NULL, NULL, m->cfg.demand_period_min, NULL);
    case 0x04000104:
        return mdc_v_add_int(a, NULL, NULL, 1, NULL);
    case 0x04000204:
        return mdc_v_add_int(a, NULL, NULL, m->cfg.tariffs, NULL);
    case 0x04000401:
    case 0x04000402:
        return v_addr(a, m->cfg.addr);
    case 0x040005FF: {
        static const char *const k[7] = {"sw1", "sw2", "sw3", "sw4", "sw5", "sw6", "sw7"};
        mdc_value *o = mdc_v_add_obj(a, NULL, NULL);
        for (unsigned n = 1; n <= 7; n++)
            v_sw(a, o, k[n - 1], ms_meter_sw(m, n));
        return o;
    }
    case 0x04000B01:
        tm.day = m->cfg.settle_day;
        tm.hour = m->cfg.settle_hour;
        tm.fields = MDC_TM_DAY | MDC_TM_HOUR;
        return mdc_v_add_time(a, NULL, NULL, &tm);
    default:
        break;
    }
    if (di >= 0x04000501 && di <= 0x04000507)
        return v_sw(a, NULL, NULL, ms_meter_sw(m, di & 0x0Fu));
    return NULL;
}

static const ms_event *record(const ms_meter *m, ms_ev ev, unsigned k)
{
    static const ms_event none;
    return k >= 1 && k <= m->ev[ev].n ? &m->ev[ev].rec[k - 1] : &none;
}

/* Events (DI3 = 03): count at DI0 = 00, records at 01..0A. */
static mdc_value *val_event(const ms_meter *m, mdc_arena *a, uint32_t di)
{
    static const struct {
        uint32_t base;
        ms_ev ev;
    } map[] = {{0x03300000, MS_EV_PROGRAM},    {0x03300400, MS_EV_CLOCK},
               {0x03300D00, MS_EV_COVER},      {0x03300E00, MS_EV_TBOX},
               {0x03110000, MS_EV_POWER_DOWN}, {0x03350000, MS_EV_MAGNET}};
    unsigned k = di & 0xFFu;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if ((di & 0xFFFFFF00u) != map[i].base)
            continue;
        if (k == 0)
            return mdc_v_add_int(a, NULL, NULL, m->ev[map[i].ev].count, NULL);
        if (k > MS_EVENT_KEEP)
            return NULL;
        const ms_event *r = record(m, map[i].ev, k);
        mdc_value *o = mdc_v_add_obj(a, NULL, NULL);
        switch (map[i].ev) {
        case MS_EV_PROGRAM: {
            v_time(a, o, "time", r->start);
            v_hex(a, o, "operator", r->op, 4);
            mdc_value *arr = mdc_v_add_arr(a, o, "dis");
            for (unsigned d = 0; d < 10; d++) {
                uint32_t x = d < r->n_dis ? r->dis[d] : 0xFFFFFFFFu;
                uint8_t b[4] = {(uint8_t)x, (uint8_t)(x >> 8), (uint8_t)(x >> 16),
                                (uint8_t)(x >> 24)};
                v_hex(a, arr, NULL, b, 4);
            }
            break;
        }
        case MS_EV_CLOCK:
            v_hex(a, o, "operator", r->op, 4);
            v_time(a, o, "before", r->t_before);
            v_time(a, o, "after", r->t_after);
            break;
        case MS_EV_COVER:
        case MS_EV_TBOX:
            v_time(a, o, "start", r->start);
            v_time(a, o, "end", r->end);
            v_energies(a, o, "before", r->before);
            v_energies(a, o, "after", r->after);
            break;
        case MS_EV_MAGNET: {
            static const uint8_t nothing[1] = {0};
            v_time(a, o, "start", r->start);
            v_time(a, o, "end", r->end);
            mdc_v_add_bytes(a, o, "data", MDC_V_BYTES, nothing, 0);
            break;
        }
        default:
            v_time(a, o, "start", r->start);
            v_time(a, o, "end", r->end);
            break;
        }
        return o;
    }
    if (di == 0x03330201)
        return mdc_v_add_int(a, NULL, NULL, m->cfg.purchases, NULL);
    return NULL;
}

/* Trip (1D) and close (1E) records. */
static mdc_value *val_relay_event(const ms_meter *m, mdc_arena *a, uint32_t di)
{
    ms_ev ev = (di >> 24) == 0x1D ? MS_EV_TRIP : MS_EV_CLOSE;
    unsigned d1 = (di >> 8) & 0xFFu, k = di & 0xFFu;
    if ((di & 0x00FF0000u) != 0)
        return NULL;
    if (d1 == 0 && k == 1)
        return mdc_v_add_int(a, NULL, NULL, m->ev[ev].count, NULL);
    if (k < 1 || k > MS_EVENT_KEEP)
        return NULL;
    const ms_event *r = record(m, ev, k);
    switch (d1) {
    case 0x01:
        return v_time(a, NULL, NULL, r->start);
    case 0x02:
        return v_hex(a, NULL, NULL, r->op, 4);
    case 0x03:
        return mdc_v_add_dec(a, NULL, NULL, r->before[MS_E_FWD], 2, NULL);
    case 0x04:
        return mdc_v_add_dec(a, NULL, NULL, r->before[MS_E_REV], 2, NULL);
    case 0xFF: {
        mdc_value *o = mdc_v_add_obj(a, NULL, NULL);
        v_time(a, o, "time", r->start);
        v_hex(a, o, "operator", r->op, 4);
        v_energies(a, o, "energies", r->before);
        return o;
    }
    default:
        return NULL;
    }
}

/* Daily freeze (0506xxxx) and the instant freeze of command 16H (0500xx01, one kept). */
static mdc_value *val_freeze(const ms_meter *m, mdc_arena *a, uint32_t di)
{
    unsigned d2 = (di >> 16) & 0xFFu, d1 = (di >> 8) & 0xFFu, k = di & 0xFFu;
    regs r;
    if (d2 == 0x06) {
        if (k < 1 || k > MS_FREEZE_KEEP)
            return NULL;
        regs_freeze(m, k, &r);
    } else if (d2 == 0x00) {
        if (k != 1)
            return NULL;
        memset(&r, 0, sizeof r);
        if (m->n_freeze16) {
            memcpy(r.e, m->freeze16.e, sizeof r.e);
            memcpy(r.dmd, m->freeze16.dmd, sizeof r.dmd);
            r.time = m->freeze16.time;
        }
    } else {
        return NULL;
    }
    switch (d1) {
    case 0x00:
        return v_time(a, NULL, NULL, r.time);
    case 0x01:
        return v_block(a, &r, 1, m->cfg.tariffs);
    case 0x02:
        return v_block(a, &r, 2, m->cfg.tariffs);
    case 0x03:
        return v_block(a, &r, 3, m->cfg.tariffs);
    case 0x04:
        return v_block(a, &r, 4, m->cfg.tariffs);
    case 0x05:
    case 0x06:
    case 0x07:
    case 0x08:
        return v_block(a, &r, d1, m->cfg.tariffs);
    case 0x09:
        return v_demand_block(a, r.dmd, m->cfg.tariffs);
    default:
        return NULL;
    }
}

static mdc_value *val_2007(const ms_meter *m, mdc_arena *a, uint32_t di, int64_t now)
{
    switch (di >> 24) {
    case 0x00:
        return val_energy(m, a, di);
    case 0x01:
        return val_demand(m, a, di);
    case 0x02:
        return val_instant(m, a, di, now);
    case 0x03:
        return val_event(m, a, di);
    case 0x04:
        return val_param(m, a, di, now);
    case 0x05:
        return val_freeze(m, a, di);
    case 0x1D:
    case 0x1E:
        return val_relay_event(m, a, di);
    default:
        return NULL;
    }
}

/* Writes t as ss mm hh DD MM YY (6 BCD bytes). */
static void put_time6(int64_t epoch_s, uint8_t *p)
{
    if (epoch_s == 0) {
        memset(p, 0, 6);
        return;
    }
    mdc_tm tm;
    mdc_tm_from_epoch(epoch_s, &tm);
    p[0] = mdc_u8_to_bcd(tm.sec);
    p[1] = mdc_u8_to_bcd(tm.min);
    p[2] = mdc_u8_to_bcd(tm.hour);
    p[3] = mdc_u8_to_bcd(tm.day);
    p[4] = mdc_u8_to_bcd(tm.mon);
    p[5] = mdc_u8_to_bcd((unsigned)(tm.year % 100));
}

/* Residual-current device items outside the catalogue (docs/metersim.md "RCD"). */
static int read_rcd(const ms_meter *m, uint32_t di, uint8_t *out, size_t cap)
{
    if (m->cfg.kind != MS_KIND_RCD || cap < 12)
        return -1;
    uint32_t v;
    switch (di) {
    case 0x02900100:
        v = m->cfg.rcd_residual_ma;
        break;
    case 0x02900200:
        v = m->cfg.rcd_trip_ma;
        break;
    default:
        v = 0xFFFFFFFFu;
        break;
    }
    if (v != 0xFFFFFFFFu)
        return mdc_bcd_encode_le(v > 9999 ? 9999 : v, out, 2) ? 2 : -1;
    if ((di & 0xFFFFFF00u) == 0x1D800100u) {
        unsigned k = di & 0xFFu;
        if (k < 1 || k > MS_EVENT_KEEP)
            return -1;
        const ms_event *r = record(m, MS_EV_TRIP, k);
        put_time6(r->start, out);
        out[6] = mdc_u8_to_bcd(r->cause);
        mdc_bcd_encode_le(r->residual_ma > 9999 ? 9999 : r->residual_ma, out + 7, 2);
        int64_t i = r->current_ma < 0 ? -r->current_ma : r->current_ma;
        mdc_bcd_encode_le((uint64_t)(i > 799999 ? 799999 : i), out + 9, 3);
        return 12;
    }
    return -1;
}

/* 1997 items without a 2007 counterpart. */
static mdc_value *val_1997(const ms_meter *m, mdc_arena *a, uint32_t di)
{
    if (di == 0xC020) {
        mdc_value *o = mdc_v_add_obj(a, NULL, NULL);
        mdc_v_add_int(a, o, "raw", ms_meter_sw(m, 1) & 0x36u, NULL);
        return o;
    }
    if (di == 0xB010 || di == 0xB410 || di == 0xB810) {
        unsigned k = di == 0xB010 ? 0 : di == 0xB410 ? 1 : 2;
        regs r;
        regs_settle(m, k, &r);
        if (r.dmd[0].time == 0) {
            static const uint8_t z[4] = {0};
            return mdc_v_add_bytes(a, NULL, NULL, MDC_V_BYTES, z, 4);
        }
        mdc_tm tm;
        mdc_tm_from_epoch(r.dmd[0].time, &tm);
        tm.fields = MDC_TM_MON | MDC_TM_DAY | MDC_TM_HOUR | MDC_TM_MIN;
        return mdc_v_add_time(a, NULL, NULL, &tm);
    }
    return NULL;
}

int ms_meter_read(ms_meter *m, unsigned ed, uint32_t di, int64_t now, uint8_t *out, size_t cap,
                  uint8_t *err)
{
    static uint8_t abuf[ARENA_SIZE];
    mdc_arena a;
    mdc_arena_init(&a, abuf, sizeof abuf);
    dlt645_di_err e;
    size_t len = 0;
    ms_meter_advance(m, now);
    *err = ed == 1997 ? DLT645_E97_BAD_DI : DLT645_E07_NO_DATA;
    if (ed == 1997) {
        dlt645_di_map map;
        mdc_value *v = val_1997(m, &a, di);
        if (v)
            return dlt645_di_encode(1997, di, v, out, cap, &len, &e) == DLT645_DI_OK ? (int)len
                                                                                     : -1;
        if (!dlt645_di_map_97_to_07((uint16_t)di, &map))
            return -1;
        uint8_t d07[600];
        uint8_t e07;
        int n = ms_meter_read(m, 2007, map.di07, now, d07, sizeof d07, &e07);
        if (n < 0)
            return -1;
        uint32_t to = 0;
        mdc_arena_init(&a, abuf, sizeof abuf);
        if (dlt645_di_convert(2007, map.di07, d07, (size_t)n, &a, &to, out, cap, &len, &e) !=
                DLT645_DI_OK ||
            to != di)
            return -1;
        return (int)len;
    }
    if (m->cfg.kind == MS_KIND_RCD) {
        int n = read_rcd(m, di, out, cap);
        if (n >= 0)
            return n;
    }
    mdc_value *v = val_2007(m, &a, di, now);
    if (!v || a.full)
        return -1;
    if (dlt645_di_encode(2007, di, v, out, cap, &len, &e) != DLT645_DI_OK) {
        *err = DLT645_E07_OTHER;
        return -1;
    }
    return (int)len;
}

/* Load records (DI3 = 06): DI0 00 earliest, 01 from a given time, 02 latest; n records. */
int ms_meter_read_load(ms_meter *m, uint32_t di, unsigned n, const mdc_tm *from, int64_t now,
                       uint8_t *out, size_t cap)
{
    static uint8_t abuf[ARENA_SIZE];
    unsigned d2 = (di >> 16) & 0xFFu, d1 = (di >> 8) & 0xFFu, d0 = di & 0xFFu;
    ms_meter_advance(m, now);
    if (d2 > 6 || d1 != 0 || d0 > 2 || n == 0 || m->n_load == 0)
        return -1;
    unsigned first = 0;
    if (d0 == 2)
        first = m->n_load > n ? m->n_load - n : 0;
    if (d0 == 1) {
        if (!from)
            return -1;
        int64_t t = mdc_tm_to_epoch(from);
        while (first < m->n_load && m->load[(m->load_head + first) % MS_LOAD_KEEP].time < t)
            first++;
        if (first == m->n_load)
            return -1;
    }
    size_t pos = 0;
    for (unsigned i = first; i < m->n_load && i < first + n; i++) {
        const ms_loadrec *r = &m->load[(m->load_head + i) % MS_LOAD_KEEP];
        mdc_arena a;
        mdc_arena_init(&a, abuf, sizeof abuf);
        mdc_value *arr = mdc_v_add_arr(&a, NULL, NULL);
        mdc_value *o = mdc_v_add_obj(&a, arr, NULL);
        mdc_tm tm;
        mdc_tm_from_epoch(r->time, &tm);
        mdc_v_add_time(&a, o, "time", &tm);
        if (d2 == 0 || d2 == 1) {
            mdc_value *b = mdc_v_add_obj(&a, o, "vif");
            mdc_v_add_dec(&a, b, "va", r->v_dv, 1, NULL);
            mdc_v_add_dec(&a, b, "vb", 0, 1, NULL);
            mdc_v_add_dec(&a, b, "vc", 0, 1, NULL);
            mdc_v_add_dec(&a, b, "ia", r->i_ma, 3, NULL);
            mdc_v_add_dec(&a, b, "ib", 0, 3, NULL);
            mdc_v_add_dec(&a, b, "ic", 0, 3, NULL);
            mdc_v_add_dec(&a, b, "f", 5000, 2, NULL);
        }
        if (d2 == 0 || d2 == 2) {
            static const char *const pk[] = {"p", "pa", "pb", "pc", "q", "qa", "qb", "qc"};
            mdc_value *b = mdc_v_add_obj(&a, o, "power");
            for (unsigned j = 0; j < 8; j++) {
                int64_t x = j == 0 || j == 1   ? (int64_t)r->p_w * 10
                            : j == 4 || j == 5 ? (int64_t)r->q_var * 10
                                               : 0;
                mdc_v_add_dec(&a, b, pk[j], x, 4, NULL);
            }
        }
        if (d2 == 0 || d2 == 3) {
            mdc_value *b = mdc_v_add_obj(&a, o, "pf");
            mdc_v_add_dec(&a, b, "total", r->pf_m, 3, NULL);
            mdc_v_add_dec(&a, b, "a", r->pf_m, 3, NULL);
            mdc_v_add_dec(&a, b, "b", 0, 3, NULL);
            mdc_v_add_dec(&a, b, "c", 0, 3, NULL);
        }
        if (d2 == 0 || d2 == 4) {
            mdc_value *b = mdc_v_add_obj(&a, o, "energy");
            mdc_v_add_dec(&a, b, "forward_active", r->e[MS_E_FWD], 2, NULL);
            mdc_v_add_dec(&a, b, "reverse_active", r->e[MS_E_REV], 2, NULL);
            mdc_v_add_dec(&a, b, "combined_reactive_1", r->e[MS_E_Q1] + r->e[MS_E_Q2], 2, NULL);
            mdc_v_add_dec(&a, b, "combined_reactive_2", r->e[MS_E_Q3] + r->e[MS_E_Q4], 2, NULL);
        }
        size_t len = 0;
        dlt645_di_err e;
        if (a.full ||
            dlt645_di_encode(2007, di, arr, out + pos, cap - pos, &len, &e) != DLT645_DI_OK)
            return -1;
        pos += len;
    }
    return (int)pos;
}
