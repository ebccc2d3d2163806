/* AFN05 control commands (§5.6) that a concentrator without load control
 * handles (docs/dispatch.md). Every unit is checked first (the Fn is one of
 * the table below at p0, its value is in range, its port exists); any bad
 * unit denies the whole request with nothing applied. Then the units are
 * applied in the request's order and the answer is AFN00 F1.
 *
 * F31: the new clock offset is the requested time (A.1) minus the wall clock,
 * where wall clock = now.clock_ms - the stored offset. The store keeps the
 * offset in whole seconds (rounded), so fx->clock_offset_ms is that value
 * times 1000 and the terminal clock is within 0.5 s of the time sent. */
#include <string.h>

#include "disp_int.h"

/* Table 91: "缺省为关闭" — the terminal-to-meter time setting is off until
 * the master turns it on with F30. */
#define METER_SYNC_DEFAULT 0
#define F10_ELEM           27u /* Table 31: one meter of AFN04 F10 */
#define F150_HALF          256u

typedef struct f05 {
    uint16_t fn;
    /* false: the unit is refused (the deny is set) */
    bool (*check)(disp_ctx *c, const gdw13761_unit *u);
    /* 0, or -1 on a store failure (the deny is set) */
    int (*apply)(disp_ctx *c, const gdw13761_unit *u);
} f05;

static int64_t unit_int(const gdw13761_unit *u, const char *key)
{
    int64_t v = -1;
    return disp_get_int(u->value, key, &v) ? v : -1;
}

/* ---- F29, F37, F38, F39: no data unit ---- */

static int apply_f29(disp_ctx *c, const gdw13761_unit *u)
{
    (void)u;
    c->fx->reporting = 1;
    return 0;
}

static int apply_f37(disp_ctx *c, const gdw13761_unit *u)
{
    (void)u;
    c->fx->reporting = -1;
    return 0;
}

static int apply_f38(disp_ctx *c, const gdw13761_unit *u)
{
    (void)u;
    c->fx->connection = 1;
    return 0;
}

static int apply_f39(disp_ctx *c, const gdw13761_unit *u)
{
    (void)u;
    c->fx->connection = -1;
    return 0;
}

/* ---- F30 terminal-to-meter time setting on/off (Table 91) ----
 * The standard: 00 off, 01 on. 55H (on) and AAH (off), the switch codes of
 * AFN04 F67/F68, are accepted too. */
static int f30_on(const gdw13761_unit *u)
{
    switch (unit_int(u, "enabled")) {
    case 0x01:
    case 0x55:
        return 1;
    case 0x00:
    case 0xAA:
        return 0;
    default:
        return -1;
    }
}

static bool check_f30(disp_ctx *c, const gdw13761_unit *u)
{
    if (f30_on(u) >= 0)
        return true;
    disp_deny(c, "AFN05 F30: state %lld is none of 00 off, 01 on (55H on, AAH off)",
              (long long)unit_int(u, "enabled"));
    return false;
}

static int apply_f30(disp_ctx *c, const gdw13761_unit *u)
{
    int on = f30_on(u);
    if (store_state_set(c->d->st, "meter_sync", on) != 0)
        return disp_fail(c, "AFN05 F30 state");
    if (on)
        c->fx->sync_meters = true;
    return 0;
}

/* ---- F31 time set (Table 92) ---- */

/* The A.1 time of an F31 unit as civil seconds; false when it is not a
 * whole, valid time. */
static bool f31_time(const gdw13761_unit *u, int64_t *out)
{
    const mdc_value *t =
        u->value && u->value->kind == MDC_V_OBJECT ? mdc_v_get(u->value, "time") : NULL;
    if (!t || t->kind != MDC_V_TIME)
        return false;
    mdc_tm tm = t->u.tm;
    if ((tm.fields & MDC_TM_FULL) != MDC_TM_FULL || !mdc_tm_valid(&tm))
        return false;
    *out = mdc_tm_to_epoch(&tm);
    return true;
}

static bool check_f31(disp_ctx *c, const gdw13761_unit *u)
{
    int64_t t;
    if (f31_time(u, &t))
        return true;
    disp_deny(c, "AFN05 F31: the time is not a valid A.1 time");
    return false;
}

static int64_t div_round(int64_t ms)
{
    return ms >= 0 ? (ms + 500) / 1000 : -((-ms + 500) / 1000);
}

static int apply_f31(disp_ctx *c, const gdw13761_unit *u)
{
    int64_t t = 0, sync = METER_SYNC_DEFAULT;
    f31_time(u, &t);
    int64_t old_ms = store_clock_offset_get(c->d->st) * 1000;
    int64_t wall_ms = c->now.clock_ms - old_ms;
    int64_t off_s = div_round(t * 1000 - wall_ms);
    if (store_clock_offset_set(c->d->st, off_s) != 0)
        return disp_fail(c, "AFN05 F31 clock offset");
    c->fx->clock_set = true;
    c->fx->clock_offset_ms = off_s * 1000;
    if (store_state_get(c->d->st, "meter_sync", &sync, METER_SYNC_DEFAULT) != 0)
        return disp_fail(c, "AFN05 F31 state");
    if (sync)
        c->fx->sync_meters = true;
    return 0;
}

/* ---- F49, F50, F51: a meter-reading port (Table 96) ---- */

static bool check_reader_port(disp_ctx *c, const gdw13761_unit *u)
{
    int64_t port = unit_int(u, "port");
    if (disp_reader_port(c, port))
        return true;
    disp_deny(c, "AFN05 F%u: port %lld is no meter-reading port", u->fn, (long long)port);
    return false;
}

static uint32_t port_bit(const gdw13761_unit *u)
{
    return 1u << (uint32_t)unit_int(u, "port");
}

static int apply_f49(disp_ctx *c, const gdw13761_unit *u)
{
    c->fx->pause_ports |= port_bit(u);
    c->fx->resume_ports &= ~port_bit(u); /* the last of F49/F50 wins */
    return 0;
}

static int apply_f50(disp_ctx *c, const gdw13761_unit *u)
{
    c->fx->resume_ports |= port_bit(u);
    c->fx->pause_ports &= ~port_bit(u);
    return 0;
}

static int apply_f51(disp_ctx *c, const gdw13761_unit *u)
{
    c->fx->reread_ports |= port_bit(u);
    return 0;
}

/* ---- F52, F53: any terminal port 1..31 ---- */

static bool check_any_port(disp_ctx *c, const gdw13761_unit *u)
{
    int64_t port = unit_int(u, "port");
    if (port >= 1 && port <= 31)
        return true;
    disp_deny(c, "AFN05 F%u: port %lld outside 1..31", u->fn, (long long)port);
    return false;
}

/* F52: RS485 ports have no relay routes (a carrier module's router would):
 * nothing to initialise, confirmed. */
static int apply_f52(disp_ctx *c, const gdw13761_unit *u)
{
    (void)c;
    (void)u;
    return 0;
}

static unsigned le16(const uint8_t *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

/* F53: every AFN04 F10 meter of the port (point != 0) is set again with
 * point 0 ("deleted", Table 31) through the store, so the change counter,
 * the change log, F150 and the shell's re-read follow as for an AFN04 set. */
static int apply_f53(disp_ctx *c, const gdw13761_unit *u)
{
    unsigned port = (unsigned)unit_int(u, "port");
    size_t cap = sizeof c->d->work_pool - c->pool_used, len = 0;
    uint8_t *buf = c->d->work_pool + c->pool_used;
    if (store_param_get(c->d->st, 10, 0, buf, cap, &len) != 0)
        return disp_fail(c, "AFN05 F53 meter list");
    size_t count = len >= 2 ? le16(buf) : 0, out = 0;
    for (size_t i = 0; i < count && 2 + (i + 1) * F10_ELEM <= len; i++) {
        const uint8_t *e = buf + 2 + i * F10_ELEM;
        if ((e[4] & 0x1Fu) != port || le16(e + 2) == 0)
            continue;
        uint8_t *o = buf + 2 + out * F10_ELEM; /* o <= e: compacted in place */
        memmove(o, e, F10_ELEM);
        o[2] = o[3] = 0;
        out++;
    }
    if (out == 0)
        return 0; /* no meter on that port: nothing changes */
    buf[0] = (uint8_t)out;
    buf[1] = (uint8_t)(out >> 8);
    if (store_param_set(c->d->st, 10, 0, buf, 2 + out * F10_ELEM, c->m->frame.msa, disp_now_s(c)) !=
        0)
        return disp_fail(c, "AFN05 F53 meter delete");
    disp_changed(c, 10);
    return 0;
}

/* ---- F149 meter communication-parameter auto-maintenance (Table 97) ----
 * 00 off, 01 on and update F10, 02 on without updating F10 (the table says
 * 00..01, its text names 02 too: 0..2 accepted). */
static bool check_f149(disp_ctx *c, const gdw13761_unit *u)
{
    int64_t s = unit_int(u, "state");
    if (s >= 0 && s <= 2)
        return true;
    disp_deny(c, "AFN05 F149: state %lld outside 0..2", (long long)s);
    return false;
}

static int apply_f149(disp_ctx *c, const gdw13761_unit *u)
{
    int64_t s = unit_int(u, "state");
    if (store_state_set(c->d->st, "amaint", s) != 0)
        return disp_fail(c, "AFN05 F149 state");
    c->fx->amaint = (int)s;
    return 0;
}

/* ---- F150 reset the point parameter-changed flags (AFN04 F150, 2nd half) ---- */
static int apply_f150(disp_ctx *c, const gdw13761_unit *u)
{
    (void)u;
    uint8_t f150[2 * F150_HALF];
    size_t len = 0;
    if (store_param_get(c->d->st, 150, 0, f150, sizeof f150, &len) != 0 || len != sizeof f150)
        return disp_fail(c, "AFN05 F150 read");
    memset(f150 + F150_HALF, 0, F150_HALF);
    if (store_param_put_internal(c->d->st, 150, 0, f150, sizeof f150) != 0)
        return disp_fail(c, "AFN05 F150 write");
    return 0;
}

static const f05 table[] = {
    {29, NULL, apply_f29},
    {30, check_f30, apply_f30},
    {31, check_f31, apply_f31},
    {37, NULL, apply_f37},
    {38, NULL, apply_f38},
    {39, NULL, apply_f39},
    {49, check_reader_port, apply_f49},
    {50, check_reader_port, apply_f50},
    {51, check_reader_port, apply_f51},
    {52, check_any_port, apply_f52},
    {53, check_any_port, apply_f53},
    {149, check_f149, apply_f149},
    {150, NULL, apply_f150},
};

static const f05 *row_of(uint16_t fn)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].fn == fn)
            return &table[i];
    return NULL;
}

int disp_afn05(disp_ctx *c)
{
    const gdw13761_msg *m = c->m;
    for (size_t i = 0; i < m->nunits; i++) {
        const gdw13761_unit *u = &m->units[i];
        const f05 *r = row_of(u->fn);
        if (!r || u->pn != 0)
            return disp_deny(c, "AFN05: p%u F%u is not supported", u->pn, u->fn);
        if (r->check && !r->check(c, u))
            return 0;
    }
    for (size_t i = 0; i < m->nunits; i++)
        if (row_of(m->units[i].fn)->apply(c, &m->units[i]) != 0)
            return -1;
    return disp_confirm(c);
}
