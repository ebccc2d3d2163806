/* metersim meter model: clock, energy integration, demand, freezes, settlement days, load
 * records, events and relay. No I/O; the time is always handed in. */
#include "ms_meter.h"

#include <string.h>

#include "mdc/mtime.h"

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
    return a - floor_div(a, b) * b;
}

/* Sharp / peak / flat / valley, the usual Chinese day (tariff 1 sharp .. 4 valley). */
static const ms_seg seg4[] = {{0, 4},       {8 * 60, 3},  {10 * 60, 1}, {12 * 60, 3},
                              {17 * 60, 2}, {21 * 60, 3}, {23 * 60, 4}};
static const ms_seg seg2[] = {{0, 2}, {8 * 60, 1}, {22 * 60, 2}};

/* A household day in W: low at night, morning and evening peaks. */
static const int32_t load_day[24] = {300, 250,  220,  200,  200,  260,  600, 1200,
                                     900, 700,  650,  800,  900,  700,  650, 700,
                                     900, 1400, 2000, 2200, 1800, 1200, 700, 400};

void ms_meter_cfg_default(ms_meter_cfg *c, const uint8_t addr[DLT645_ADDR_LEN])
{
    memset(c, 0, sizeof *c);
    memcpy(c->addr, addr, DLT645_ADDR_LEN);
    c->proto = DLT645_PROTO_2007;
    c->baud = 2400;
    c->kind = MS_KIND_METER;
    c->tariffs = 4;
    c->nseg = (uint8_t)(sizeof seg4 / sizeof seg4[0]);
    memcpy(c->seg, seg4, sizeof seg4);
    /* the low digits of the address scale the profile and the registers */
    unsigned lo = (unsigned)(addr[0] & 0x0Fu) + 10u * (unsigned)(addr[0] >> 4);
    for (unsigned h = 0; h < 24; h++)
        c->load_w[h] = (int32_t)((int64_t)load_day[h] * (80 + (lo % 40)) / 100);
    c->pf_m = 950;
    c->voltage_dv = 2200 + (uint16_t)(lo % 50);
    int64_t base = 100000 + (int64_t)lo * 3751; /* 1000.00 kWh + ... */
    c->energy0[MS_E_FWD][0] = 0;
    for (unsigned t = 1; t <= 4; t++) {
        c->energy0[MS_E_FWD][t] = base / 4 + (int64_t)t * 1013;
        c->energy0[MS_E_FWD][0] += c->energy0[MS_E_FWD][t];
    }
    c->energy0[MS_E_REV][0] = c->energy0[MS_E_REV][1] = (int64_t)(lo % 7) * 100;
    c->energy0[MS_E_Q1][0] = c->energy0[MS_E_Q1][1] = base / 3;
    for (unsigned n = 0; n < 7; n++)
        c->sw[n] = 0;
    c->password[0] = 0x02;
    c->settle_day = 1;
    c->settle_hour = 0;
    c->demand_period_min = 15;
    c->money0 = 20000 + (int64_t)lo * 100; /* 200.00 CNY + */
    c->price = 5283;                       /* 0.5283 CNY/kWh */
    c->purchases = 3;
    c->delay_ms = 30 + (lo % 8) * 15; /* 30..135 ms, inside Td 20..500 */
    c->rcd_trip_ma = 300;
    c->rcd_residual_ma = 12;
}

/* Sets the segment table of the tariff count (used by the config when none is given). */
static void default_segments(ms_meter_cfg *c)
{
    if (c->nseg)
        return;
    if (c->tariffs >= 4) {
        c->nseg = (uint8_t)(sizeof seg4 / sizeof seg4[0]);
        memcpy(c->seg, seg4, sizeof seg4);
    } else if (c->tariffs >= 2) {
        c->nseg = (uint8_t)(sizeof seg2 / sizeof seg2[0]);
        memcpy(c->seg, seg2, sizeof seg2);
    } else {
        c->nseg = 1;
        c->seg[0].start_min = 0;
        c->seg[0].tariff = 1;
    }
}

int64_t ms_meter_clock(const ms_meter *m, int64_t now)
{
    return now + m->clk_offset + (now - m->clk_ref) * m->cfg.drift_ppm / 1000000;
}

void ms_meter_clock_set(ms_meter *m, int64_t now, int64_t clock_ms)
{
    m->clk_offset += clock_ms - ms_meter_clock(m, now);
    m->last_min = floor_div(ms_meter_clock(m, now), 60000);
    m->dmd_start = m->last_min;
    m->dmd_acc_wms = 0;
}

void ms_meter_init(ms_meter *m, const ms_meter_cfg *c, int64_t now)
{
    memset(m, 0, sizeof *m);
    m->cfg = *c;
    if (m->cfg.tariffs < 1)
        m->cfg.tariffs = 1;
    if (m->cfg.tariffs > MS_TARIFF_MAX)
        m->cfg.tariffs = MS_TARIFF_MAX;
    default_segments(&m->cfg);
    if (m->cfg.demand_period_min == 0)
        m->cfg.demand_period_min = 15;
    m->t_last = now;
    m->clk_ref = now;
    m->clk_offset = c->clock_offset_ms;
    for (unsigned k = 0; k < MS_E_KINDS; k++)
        for (unsigned t = 0; t <= MS_TARIFF_MAX; t++)
            m->wms[k][t] = c->energy0[k][t] * MS_WMS_PER_CKWH;
    m->fwd_at_start = c->energy0[MS_E_FWD][0];
    m->last_min = floor_div(ms_meter_clock(m, now), 60000);
    m->dmd_start = m->last_min;
    m->powered = true;
}

unsigned ms_meter_tariff(const ms_meter *m, int64_t now)
{
    int64_t mod = floor_mod(floor_div(ms_meter_clock(m, now), 60000), 1440);
    unsigned t = m->cfg.seg[0].tariff;
    for (unsigned i = 0; i < m->cfg.nseg; i++)
        if (m->cfg.seg[i].start_min <= mod)
            t = m->cfg.seg[i].tariff;
    if (t < 1 || t > m->cfg.tariffs)
        t = 1;
    return t;
}

int32_t ms_meter_power(const ms_meter *m, int64_t now)
{
    if (m->relay_open || !m->powered)
        return 0;
    int64_t hour = floor_mod(floor_div(ms_meter_clock(m, now), 3600000), 24);
    return m->cfg.load_w[hour];
}

/* Reactive power for a given active power, from the power factor: Q = |P| tan(acos(pf)),
 * computed as |P| * sqrt(1 - pf^2) / pf with integers (pf in thousandths). */
static int32_t reactive(const ms_meter *m, int32_t p)
{
    int64_t pf = m->cfg.pf_m ? m->cfg.pf_m : 1000;
    int64_t s2 = 1000000 - pf * pf; /* (1 - pf^2) x 10^6 */
    int64_t r = 0;                  /* isqrt(s2) = sqrt(1 - pf^2) x 1000 */
    while ((r + 1) * (r + 1) <= s2)
        r++;
    int64_t ap = p < 0 ? -(int64_t)p : p;
    return (int32_t)(ap * r / pf);
}

int64_t ms_meter_energy(const ms_meter *m, unsigned kind, unsigned tariff)
{
    if (kind >= MS_E_KINDS || tariff > MS_TARIFF_MAX)
        return 0;
    return floor_div(m->wms[kind][tariff], MS_WMS_PER_CKWH);
}

uint16_t ms_meter_sw(const ms_meter *m, unsigned n)
{
    if (n < 1 || n > 7)
        return 0;
    uint16_t w = m->cfg.sw[n - 1];
    if (n == 3) {
        w = (uint16_t)(w & ~(uint16_t)((1u << 4) | (1u << 6) | (1u << 7) | (1u << 12)));
        w = (uint16_t)(w | (m->relay_open ? 1u << 4 : 0u) | (m->relay_cmd_open ? 1u << 6 : 0u) |
                       (m->alarm ? 1u << 7 : 0u) | (m->keep_power ? 1u << 12 : 0u));
    }
    if (n == 7 && !m->powered)
        w = (uint16_t)(w | (1u << 5));
    return w;
}

void ms_meter_money(const ms_meter *m, int64_t *remaining, int64_t *overdraft)
{
    int64_t used = ms_meter_energy(m, MS_E_FWD, 0) - m->fwd_at_start; /* 0.01 kWh */
    int64_t money = m->cfg.money0 - used * m->cfg.price / 10000;
    *remaining = money > 0 ? money : 0;
    *overdraft = money < 0 ? -money : 0;
}

static void snapshot(const ms_meter *m, int64_t clock_s, ms_snapshot *s)
{
    s->time = clock_s;
    for (unsigned k = 0; k < MS_E_KINDS; k++)
        for (unsigned t = 0; t <= MS_TARIFF_MAX; t++)
            s->e[k][t] = ms_meter_energy(m, k, t);
    memcpy(s->dmd, m->dmd, sizeof s->dmd);
}

static void push_snapshot(ms_snapshot *ring, uint8_t *n, unsigned keep, const ms_snapshot *s)
{
    memmove(&ring[1], &ring[0], sizeof ring[0] * (keep - 1));
    ring[0] = *s;
    if (*n < keep)
        (*n)++;
}

static void load_record(ms_meter *m, int64_t now, int64_t clock_s)
{
    ms_loadrec *r;
    if (m->n_load < MS_LOAD_KEEP) {
        r = &m->load[(m->load_head + m->n_load) % MS_LOAD_KEEP];
        m->n_load++;
    } else {
        r = &m->load[m->load_head];
        m->load_head = (m->load_head + 1) % MS_LOAD_KEEP;
    }
    memset(r, 0, sizeof *r);
    r->time = clock_s;
    r->p_w = ms_meter_power(m, now);
    r->q_var = reactive(m, r->p_w);
    r->v_dv = m->powered ? m->cfg.voltage_dv : 0;
    r->i_ma = r->v_dv ? (int32_t)((int64_t)r->p_w * 10000 / r->v_dv) : 0;
    r->pf_m = (int16_t)m->cfg.pf_m;
    for (unsigned k = 0; k < MS_E_KINDS; k++)
        r->e[k] = ms_meter_energy(m, k, 0);
}

/* Everything that happens when the meter's clock passes minute index `min`. */
static void on_minute(ms_meter *m, int64_t now, int64_t min)
{
    int64_t clock_s = min * 60;
    if (min - m->dmd_start >= m->cfg.demand_period_min ||
        floor_mod(min, m->cfg.demand_period_min) == 0) {
        int64_t ms = (int64_t)m->cfg.demand_period_min * 60000;
        int64_t mant = m->dmd_acc_wms * 10 / ms; /* average W x 10 = kW x 10^4 */
        unsigned t = ms_meter_tariff(m, now - 1);
        m->dmd_last_mant = mant;
        if (mant > m->dmd[0].mant) {
            m->dmd[0].mant = mant;
            m->dmd[0].time = clock_s;
        }
        if (mant > m->dmd[t].mant) {
            m->dmd[t].mant = mant;
            m->dmd[t].time = clock_s;
        }
        m->dmd_acc_wms = 0;
        m->dmd_start = min;
    }
    if (floor_mod(min, 15) == 0)
        load_record(m, now, clock_s);
    if (floor_mod(min, 1440) == 0) {
        ms_snapshot s;
        snapshot(m, clock_s, &s);
        push_snapshot(m->freeze, &m->n_freeze, MS_FREEZE_KEEP, &s);
    }
    if (floor_mod(min, 60) == 0) {
        mdc_tm tm;
        mdc_tm_from_epoch(clock_s, &tm);
        if (tm.day == m->cfg.settle_day && tm.hour == m->cfg.settle_hour) {
            ms_snapshot s;
            snapshot(m, clock_s, &s);
            push_snapshot(m->settle, &m->n_settle, MS_SETTLE_KEEP, &s);
            memset(m->dmd, 0, sizeof m->dmd); /* max demand restarts each billing month */
        }
    }
}

void ms_meter_advance(ms_meter *m, int64_t now)
{
    while (m->t_last < now) {
        int64_t t = m->t_last;
        int64_t mc = ms_meter_clock(m, t);
        int64_t step = 60000 - floor_mod(mc, 60000);
        if (step > now - t)
            step = now - t;
        int32_t p = ms_meter_power(m, t);
        unsigned tar = ms_meter_tariff(m, t);
        int32_t q = reactive(m, p);
        int64_t e = (int64_t)(p < 0 ? -p : p) * step;
        int64_t eq = (int64_t)q * step;
        unsigned ka = p >= 0 ? MS_E_FWD : MS_E_REV;
        unsigned kq = p >= 0 ? MS_E_Q1 : MS_E_Q3;
        m->wms[ka][0] += e;
        m->wms[ka][tar] += e;
        m->wms[kq][0] += eq;
        m->wms[kq][tar] += eq;
        if (p > 0)
            m->dmd_acc_wms += e;
        m->t_last = t + step;
        int64_t min = floor_div(ms_meter_clock(m, m->t_last), 60000);
        while (m->last_min < min) {
            m->last_min++;
            on_minute(m, m->t_last, m->last_min);
        }
        if (min < m->last_min)
            m->last_min = min; /* the clock was set back under us */
    }
}

static ms_event *push_event(ms_meter *m, ms_ev ev, int64_t now, const uint8_t *op)
{
    ms_evlog *l = &m->ev[ev];
    memmove(&l->rec[1], &l->rec[0], sizeof l->rec[0] * (MS_EVENT_KEEP - 1));
    ms_event *r = &l->rec[0];
    memset(r, 0, sizeof *r);
    r->start = floor_div(ms_meter_clock(m, now), 1000);
    for (unsigned k = 0; k < MS_E_KINDS; k++)
        r->before[k] = ms_meter_energy(m, k, 0);
    if (op)
        memcpy(r->op, op, 4);
    if (l->n < MS_EVENT_KEEP)
        l->n++;
    l->count++;
    return r;
}

void ms_meter_event_begin(ms_meter *m, ms_ev ev, int64_t now, const uint8_t *op)
{
    if ((unsigned)ev >= MS_EV_KINDS)
        return;
    ms_meter_advance(m, now);
    bool lasting =
        ev == MS_EV_COVER || ev == MS_EV_TBOX || ev == MS_EV_MAGNET || ev == MS_EV_POWER_DOWN;
    if (lasting && m->ev[ev].open)
        return;
    push_event(m, ev, now, op);
    m->ev[ev].open = lasting;
}

void ms_meter_event_end(ms_meter *m, ms_ev ev, int64_t now)
{
    if ((unsigned)ev >= MS_EV_KINDS || !m->ev[ev].open)
        return;
    ms_meter_advance(m, now);
    ms_event *r = &m->ev[ev].rec[0];
    r->end = floor_div(ms_meter_clock(m, now), 1000);
    for (unsigned k = 0; k < MS_E_KINDS; k++)
        r->after[k] = ms_meter_energy(m, k, 0);
    m->ev[ev].open = false;
}

void ms_meter_relay(ms_meter *m, bool open, int64_t now, const uint8_t *op, uint8_t cause)
{
    ms_meter_advance(m, now);
    m->relay_cmd_open = open;
    if (m->relay_open == open)
        return;
    int64_t i_ma = 0;
    if (m->cfg.voltage_dv)
        i_ma = (int64_t)ms_meter_power(m, now) * 10000 / m->cfg.voltage_dv;
    m->relay_open = open;
    ms_event *r = push_event(m, open ? MS_EV_TRIP : MS_EV_CLOSE, now, op);
    r->cause = cause;
    r->residual_ma = m->cfg.rcd_residual_ma;
    r->current_ma = i_ma;
}

void ms_meter_power_set(ms_meter *m, bool on, int64_t now)
{
    ms_meter_advance(m, now);
    if (on == m->powered)
        return;
    if (!on) {
        ms_meter_event_begin(m, MS_EV_POWER_DOWN, now, NULL);
        m->powered = false;
    } else {
        m->powered = true;
        ms_meter_event_end(m, MS_EV_POWER_DOWN, now);
    }
}

void ms_meter_rcd_residual(ms_meter *m, uint32_t ma, int64_t now)
{
    ms_meter_advance(m, now);
    m->cfg.rcd_residual_ma = ma;
    if (m->cfg.kind == MS_KIND_RCD && ma >= m->cfg.rcd_trip_ma && !m->relay_open)
        ms_meter_relay(m, true, now, NULL, 1);
}

void ms_meter_freeze_now(ms_meter *m, int64_t now)
{
    ms_meter_advance(m, now);
    snapshot(m, floor_div(ms_meter_clock(m, now), 60000) * 60, &m->freeze16);
    m->n_freeze16 = 1;
}
