/* metersim control commands (see ms_control.h and docs/metersim.md). */
#include "ms_control.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dlt645/di.h"
#include "mdc/mtime.h"
#include "mdc/value.h"
#include "ms_config.h"
#include "valjson.h"

#define ARGS_MAX 8

typedef struct cmd_ctx {
    ms_ctl *c;
    int64_t now;
    int argc;
    char *argv[ARGS_MAX];
    cJSON *res;
    const char *error;
    char ebuf[160];
} cmd_ctx;

static int ERR(cmd_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int ERR(cmd_ctx *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->ebuf, sizeof x->ebuf, fmt, ap);
    va_end(ap);
    x->error = x->ebuf;
    return -1;
}

static ms_slot *meter_arg(cmd_ctx *x, int i)
{
    uint8_t a[DLT645_ADDR_LEN];
    if (i >= x->argc) {
        ERR(x, "missing meter address");
        return NULL;
    }
    if (dlt645_addr_parse(x->argv[i], a) != DLT645_OK) {
        ERR(x, "'%s' is not a meter address", x->argv[i]);
        return NULL;
    }
    ms_slot *s = ms_bus_find(x->c->bus, a);
    if (!s)
        ERR(x, "no meter %s on the bus", x->argv[i]);
    return s;
}

static bool onoff(cmd_ctx *x, int i, bool *v)
{
    if (i >= x->argc) {
        ERR(x, "missing on/off");
        return false;
    }
    const char *s = x->argv[i];
    if (!strcmp(s, "on") || !strcmp(s, "open") || !strcmp(s, "1")) {
        *v = true;
        return true;
    }
    if (!strcmp(s, "off") || !strcmp(s, "close") || !strcmp(s, "closed") || !strcmp(s, "0")) {
        *v = false;
        return true;
    }
    ERR(x, "'%s': expected on/off (open/close)", s);
    return false;
}

static bool num(cmd_ctx *x, int i, long lo, long hi, long *v)
{
    if (i >= x->argc) {
        ERR(x, "missing number");
        return false;
    }
    char *end;
    errno = 0;
    long n = strtol(x->argv[i], &end, 10);
    if (errno || *end || end == x->argv[i] || n < lo || n > hi) {
        ERR(x, "'%s': number out of range", x->argv[i]);
        return false;
    }
    *v = n;
    return true;
}

static char *addr_text(const uint8_t a[DLT645_ADDR_LEN], char buf[13])
{
    return dlt645_addr_format(a, buf);
}

static cJSON *time_json(int64_t ms)
{
    mdc_tm t;
    char s[32];
    mdc_tm_from_epoch(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000), &t);
    t.fields = MDC_TM_FULL;
    mdc_tm_format_iso(&t, s, sizeof s);
    return cJSON_CreateString(s);
}

static cJSON *dec_json(int64_t mant, uint8_t scale)
{
    char s[40];
    mdc_dec_format(mant, scale, s, sizeof s);
    return cJSON_CreateRaw(s);
}

static cJSON *block_json(const ms_meter *m, unsigned kind)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "total", dec_json(ms_meter_energy(m, kind, 0), 2));
    cJSON *arr = cJSON_AddArrayToObject(o, "tariffs");
    for (unsigned t = 1; t <= m->cfg.tariffs; t++)
        cJSON_AddItemToArray(arr, dec_json(ms_meter_energy(m, kind, t), 2));
    return o;
}

static const char *const ev_names[MS_EV_KINDS] = {
    "program", "clock_set", "cover", "terminal_box", "power_down", "magnetic", "trip", "close"};

static cJSON *truth_json(ms_slot *s, int64_t now)
{
    ms_meter *m = &s->meter;
    char a[13];
    ms_meter_advance(m, now);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "addr", addr_text(m->cfg.addr, a));
    cJSON_AddNumberToObject(o, "protocol", m->cfg.proto);
    cJSON_AddStringToObject(o, "kind", m->cfg.kind == MS_KIND_RCD ? "rcd" : "meter");
    cJSON_AddNumberToObject(o, "baud", m->cfg.baud);
    cJSON_AddItemToObject(o, "clock", time_json(ms_meter_clock(m, now)));
    cJSON_AddItemToObject(o, "true_time", time_json(now));
    cJSON_AddNumberToObject(o, "tariff", ms_meter_tariff(m, now));
    cJSON_AddNumberToObject(o, "power_w", ms_meter_power(m, now));
    cJSON_AddItemToObject(o, "forward_active", block_json(m, MS_E_FWD));
    cJSON_AddItemToObject(o, "reverse_active", block_json(m, MS_E_REV));
    cJSON_AddItemToObject(o, "q1_reactive", block_json(m, MS_E_Q1));
    cJSON *d = cJSON_AddObjectToObject(o, "max_demand");
    cJSON_AddItemToObject(d, "value", dec_json(m->dmd[0].mant, 4));
    if (m->dmd[0].time)
        cJSON_AddItemToObject(d, "time", time_json(m->dmd[0].time * 1000));
    else
        cJSON_AddNullToObject(d, "time");
    cJSON_AddStringToObject(o, "relay", m->relay_open ? "open" : "closed");
    cJSON_AddBoolToObject(o, "powered", m->powered);
    cJSON *sw = cJSON_AddArrayToObject(o, "sw");
    for (unsigned n = 1; n <= 7; n++)
        cJSON_AddItemToArray(sw, cJSON_CreateNumber(ms_meter_sw(m, n)));
    cJSON *ev = cJSON_AddObjectToObject(o, "events");
    for (unsigned k = 0; k < MS_EV_KINDS; k++)
        cJSON_AddNumberToObject(ev, ev_names[k], m->ev[k].count);
    cJSON_AddNumberToObject(o, "daily_freezes", m->n_freeze);
    cJSON_AddNumberToObject(o, "settlements", m->n_settle);
    cJSON_AddNumberToObject(o, "load_records", m->n_load);
    int64_t rem, over;
    ms_meter_money(m, &rem, &over);
    cJSON_AddItemToObject(o, "remaining_money", dec_json(rem, 2));
    cJSON_AddItemToObject(o, "overdraft_money", dec_json(over, 2));
    if (m->cfg.kind == MS_KIND_RCD) {
        cJSON_AddNumberToObject(o, "residual_ma", m->cfg.rcd_residual_ma);
        cJSON_AddNumberToObject(o, "rcd_trip_ma", m->cfg.rcd_trip_ma);
    }
    cJSON *f = cJSON_AddObjectToObject(o, "faults");
    cJSON_AddBoolToObject(f, "silent", s->fault.silent);
    cJSON_AddNumberToObject(f, "slow_ms", s->fault.slow_ms);
    cJSON_AddBoolToObject(f, "bad_cs", s->fault.bad_cs);
    cJSON_AddNumberToObject(f, "noise", s->fault.noise);
    cJSON_AddBoolToObject(f, "collide", s->fault.collide);
    return o;
}

/* ---- commands ---- */

static int c_list(cmd_ctx *x)
{
    cJSON *arr = cJSON_AddArrayToObject(x->res, "meters");
    for (unsigned i = 0; i < x->c->bus->cap; i++) {
        ms_slot *s = &x->c->bus->slot[i];
        char a[13];
        if (s->used)
            cJSON_AddItemToArray(arr, cJSON_CreateString(addr_text(s->meter.cfg.addr, a)));
    }
    return 0;
}

static int c_truth(cmd_ctx *x)
{
    ms_slot *s = meter_arg(x, 1);
    if (!s)
        return -1;
    cJSON_AddItemToObject(x->res, "meter", truth_json(s, x->now));
    return 0;
}

static int c_read(cmd_ctx *x)
{
    static uint8_t abuf[65536];
    ms_slot *s = meter_arg(x, 1);
    if (!s)
        return -1;
    if (x->argc < 3)
        return ERR(x, "read ADDR DI: missing DI");
    char *end;
    unsigned long di = strtoul(x->argv[2], &end, 16);
    unsigned ed = (unsigned)s->meter.cfg.proto;
    if (*end || (ed == 1997 ? strlen(x->argv[2]) != 4 : strlen(x->argv[2]) != 8))
        return ERR(x, "'%s': a DI is 8 hex digits (2007) or 4 (1997)", x->argv[2]);
    uint8_t data[MS_FOLLOW_CAP];
    uint8_t e = 0;
    int n;
    if (ed == 2007 && (di >> 24) == 0x06)
        n = ms_meter_read_load(&s->meter, (uint32_t)di, 1, NULL, x->now, data, sizeof data);
    else
        n = ms_meter_read(&s->meter, ed, (uint32_t)di, x->now, data, sizeof data, &e);
    if (n < 0)
        return ERR(x, "the meter has no data for DI %s", x->argv[2]);
    mdc_arena a;
    mdc_arena_init(&a, abuf, sizeof abuf);
    mdc_value *v = NULL;
    dlt645_di_decode(ed, (uint32_t)di, data, (size_t)n, &a, &v, NULL);
    char hex[2 * sizeof data + 1];
    for (int i = 0; i < n; i++)
        snprintf(hex + 2 * i, 3, "%02X", data[i]);
    cJSON_AddStringToObject(x->res, "di", x->argv[2]);
    cJSON_AddStringToObject(x->res, "data", n ? hex : "");
    cJSON *j = v ? valjson_to_json(v) : NULL;
    cJSON_AddItemToObject(x->res, "value", j ? j : cJSON_CreateNull());
    return 0;
}

static int c_fault(cmd_ctx *x)
{
    ms_slot *s = meter_arg(x, 1);
    bool on;
    long n;
    if (!s)
        return -1;
    const char *c = x->argv[0];
    if (!strcmp(c, "silent")) {
        if (!onoff(x, 2, &on))
            return -1;
        s->fault.silent = on;
    } else if (!strcmp(c, "badcs")) {
        if (!onoff(x, 2, &on))
            return -1;
        s->fault.bad_cs = on;
    } else if (!strcmp(c, "collide")) {
        if (!onoff(x, 2, &on))
            return -1;
        s->fault.collide = on;
    } else if (!strcmp(c, "slow")) {
        if (!num(x, 2, 0, 10000, &n))
            return -1;
        s->fault.slow_ms = (unsigned)n;
    } else if (!strcmp(c, "noise")) {
        if (!num(x, 2, 0, 64, &n))
            return -1;
        s->fault.noise = (unsigned)n;
    } else { /* clear */
        memset(&s->fault, 0, sizeof s->fault);
    }
    return 0;
}

static int c_garbage(cmd_ctx *x)
{
    long n;
    if (!num(x, 1, 1, (long)sizeof x->c->garbage, &n))
        return -1;
    ms_bus_garbage(x->c->bus, x->c->garbage, (size_t)n);
    x->c->n_garbage = (size_t)n;
    return 0;
}

static int c_clock(cmd_ctx *x)
{
    ms_slot *s = meter_arg(x, 1);
    if (!s)
        return -1;
    if (x->argc < 3)
        return ERR(x, "clock ADDR +SECONDS|-SECONDS|ISO-TIME");
    const char *v = x->argv[2];
    ms_meter *m = &s->meter;
    ms_meter_advance(m, x->now);
    if (v[0] == '+' || v[0] == '-') {
        long d;
        if (!num(x, 2, -315360000L, 315360000L, &d))
            return -1;
        ms_meter_clock_set(m, x->now, ms_meter_clock(m, x->now) + (int64_t)d * 1000);
    } else {
        mdc_tm t;
        if (!mdc_tm_parse_iso(v, &t) || (t.fields & MDC_TM_DATE) != MDC_TM_DATE)
            return ERR(x, "'%s': not an ISO time", v);
        ms_meter_clock_set(m, x->now, mdc_tm_to_epoch(&t) * 1000);
    }
    cJSON_AddItemToObject(x->res, "clock", time_json(ms_meter_clock(m, x->now)));
    return 0;
}

static int c_energy_down(cmd_ctx *x)
{
    ms_slot *s = meter_arg(x, 1);
    int64_t d;
    if (!s)
        return -1;
    if (x->argc < 3 || !mdc_dec_parse(x->argv[2], 2, &d) || d <= 0)
        return ERR(x, "energy-down ADDR KWH (a positive amount)");
    ms_meter *m = &s->meter;
    ms_meter_advance(m, x->now);
    unsigned t = ms_meter_tariff(m, x->now);
    int64_t w = d * MS_WMS_PER_CKWH;
    m->wms[MS_E_FWD][0] = m->wms[MS_E_FWD][0] > w ? m->wms[MS_E_FWD][0] - w : 0;
    m->wms[MS_E_FWD][t] = m->wms[MS_E_FWD][t] > w ? m->wms[MS_E_FWD][t] - w : 0;
    return 0;
}

static int c_event(cmd_ctx *x)
{
    ms_slot *s = meter_arg(x, 1);
    bool on;
    if (!s || !onoff(x, 2, &on))
        return -1;
    const char *c = x->argv[0];
    ms_ev ev = !strcmp(c, "cover") ? MS_EV_COVER : !strcmp(c, "tbox") ? MS_EV_TBOX : MS_EV_MAGNET;
    if (on)
        ms_meter_event_begin(&s->meter, ev, x->now, NULL);
    else
        ms_meter_event_end(&s->meter, ev, x->now);
    return 0;
}

static int c_sw(cmd_ctx *x)
{
    ms_slot *s = meter_arg(x, 1);
    long n;
    if (!s || !num(x, 2, 1, 7, &n))
        return -1;
    if (x->argc < 4)
        return ERR(x, "sw ADDR N HEXWORD");
    char *end;
    unsigned long w = strtoul(x->argv[3], &end, 16);
    if (*end || w > 0xFFFF)
        return ERR(x, "'%s': a 16-bit word in hex", x->argv[3]);
    s->meter.cfg.sw[n - 1] = (uint16_t)w;
    return 0;
}

static bool new_addr(cmd_ctx *x, int i, uint8_t a[DLT645_ADDR_LEN])
{
    if (i >= x->argc || strlen(x->argv[i]) != 12 || dlt645_addr_parse(x->argv[i], a) != DLT645_OK ||
        a[5] == 0xAA || dlt645_addr_is_broadcast(a)) {
        ERR(x, "'%s': a new meter address is 12 digits", i < x->argc ? x->argv[i] : "");
        return false;
    }
    if (ms_bus_find(x->c->bus, a)) {
        ERR(x, "address %s is already on the bus", x->argv[i]);
        return false;
    }
    return true;
}

static int c_add(cmd_ctx *x)
{
    uint8_t a[DLT645_ADDR_LEN];
    ms_meter_cfg cfg;
    if (!new_addr(x, 1, a))
        return -1;
    ms_meter_cfg_default(&cfg, a);
    cfg.baud = x->c->baud ? x->c->baud : 2400;
    for (int i = 2; i < x->argc; i++) {
        if (!ms_parse_proto(x->argv[i], &cfg.proto)) {
            if (!strcmp(x->argv[i], "rcd"))
                cfg.kind = MS_KIND_RCD;
            else
                return ERR(x, "'%s': expected 2007, 1997 or rcd", x->argv[i]);
        }
    }
    if (ms_bus_add(x->c->bus, &cfg, x->now) < 0)
        return ERR(x, "the bus is full");
    return 0;
}

static int c_remove(cmd_ctx *x)
{
    ms_slot *s = meter_arg(x, 1);
    if (!s)
        return -1;
    s->used = false;
    return 0;
}

static int c_replace(cmd_ctx *x)
{
    ms_slot *s = meter_arg(x, 1);
    uint8_t a[DLT645_ADDR_LEN];
    if (!s || !new_addr(x, 2, a))
        return -1;
    ms_meter_cfg cfg;
    ms_meter_cfg_default(&cfg, a);
    cfg.proto = s->meter.cfg.proto;
    cfg.baud = s->meter.cfg.baud;
    cfg.kind = s->meter.cfg.kind;
    cfg.tariffs = s->meter.cfg.tariffs;
    cfg.nseg = s->meter.cfg.nseg;
    memcpy(cfg.seg, s->meter.cfg.seg, sizeof cfg.seg);
    memset(cfg.energy0, 0, sizeof cfg.energy0); /* a new meter starts from zero */
    ms_meter_init(&s->meter, &cfg, x->now);
    memset(&s->fault, 0, sizeof s->fault);
    return 0;
}

static int c_relay(cmd_ctx *x)
{
    ms_slot *s = meter_arg(x, 1);
    static const uint8_t supplier[4] = {0xFF, 0xFF, 0xFF, 0xFF};
    if (!s)
        return -1;
    ms_meter_relay(&s->meter, !strcmp(x->argv[0], "trip"), x->now, supplier, 0);
    return 0;
}

static int c_power(cmd_ctx *x)
{
    ms_slot *s = meter_arg(x, 1);
    bool on;
    if (!s || !onoff(x, 2, &on))
        return -1;
    ms_meter_power_set(&s->meter, on, x->now);
    return 0;
}

static int c_residual(cmd_ctx *x)
{
    ms_slot *s = meter_arg(x, 1);
    long n;
    if (!s || !num(x, 2, 0, 9999, &n))
        return -1;
    if (s->meter.cfg.kind != MS_KIND_RCD)
        return ERR(x, "%s is not a residual-current device", x->argv[1]);
    ms_meter_rcd_residual(&s->meter, (uint32_t)n, x->now);
    cJSON_AddStringToObject(x->res, "relay", s->meter.relay_open ? "open" : "closed");
    return 0;
}

static int c_time(cmd_ctx *x)
{
    cJSON_AddItemToObject(x->res, "time", time_json(x->now));
    cJSON_AddNumberToObject(x->res, "frames", x->c->bus->frames);
    cJSON_AddNumberToObject(x->res, "replies", x->c->bus->replies);
    return 0;
}

static int c_quit(cmd_ctx *x)
{
    x->c->quit = true;
    return 0;
}

static const struct {
    const char *name;
    int (*fn)(cmd_ctx *);
} cmds[] = {
    {"list", c_list},       {"truth", c_truth},       {"read", c_read},
    {"silent", c_fault},    {"slow", c_fault},        {"badcs", c_fault},
    {"noise", c_fault},     {"collide", c_fault},     {"clear", c_fault},
    {"garbage", c_garbage}, {"clock", c_clock},       {"energy-down", c_energy_down},
    {"cover", c_event},     {"tbox", c_event},        {"magnet", c_event},
    {"sw", c_sw},           {"add", c_add},           {"remove", c_remove},
    {"replace", c_replace}, {"trip", c_relay},        {"close", c_relay},
    {"power", c_power},     {"residual", c_residual}, {"time", c_time},
    {"quit", c_quit},
};

size_t ms_control_exec(ms_ctl *c, const char *line, int64_t now, char *out, size_t cap)
{
    char buf[512];
    cmd_ctx x;
    memset(&x, 0, sizeof x);
    x.c = c;
    x.now = now;
    snprintf(buf, sizeof buf, "%s", line);
    for (char *t = strtok(buf, " \t\r\n"); t && x.argc < ARGS_MAX; t = strtok(NULL, " \t\r\n"))
        x.argv[x.argc++] = t;
    x.res = cJSON_CreateObject();
    int rc = -1;
    if (x.argc == 0) {
        ERR(&x, "empty command");
    } else {
        size_t i;
        for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
            if (!strcmp(cmds[i].name, x.argv[0]))
                break;
        if (i == sizeof cmds / sizeof cmds[0])
            ERR(&x, "unknown command '%s' (see docs/metersim.md)", x.argv[0]);
        else
            rc = cmds[i].fn(&x);
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "ok", rc == 0);
    if (rc != 0) {
        cJSON_AddStringToObject(o, "error", x.error ? x.error : "failed");
    } else {
        cJSON *it = x.res->child;
        while (it) {
            cJSON *next = it->next;
            cJSON_DetachItemViaPointer(x.res, it);
            cJSON_AddItemToObject(o, it->string, it);
            it = next;
        }
    }
    cJSON_Delete(x.res);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    size_t n = 0;
    if (s) {
        n = strlen(s);
        if (n >= cap)
            n = cap ? cap - 1 : 0;
        if (cap) {
            memcpy(out, s, n);
            out[n] = 0;
        }
        free(s);
    }
    return n;
}
