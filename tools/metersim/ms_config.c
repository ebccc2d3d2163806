/* metersim configuration parser (format in docs/metersim.md). */
#include "ms_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdc/bcd.h"
#include "mdc/value.h"

void ms_config_init(ms_sim_cfg *c)
{
    memset(c, 0, sizeof *c);
    c->baud = 2400;
    c->speed = 1.0;
}

bool ms_parse_proto(const char *s, dlt645_proto *out)
{
    if (strcmp(s, "2007") == 0)
        *out = DLT645_PROTO_2007;
    else if (strcmp(s, "1997") == 0)
        *out = DLT645_PROTO_1997;
    else
        return false;
    return true;
}

bool ms_addr_add(const uint8_t addr[DLT645_ADDR_LEN], uint64_t k, uint8_t out[DLT645_ADDR_LEN])
{
    uint64_t v;
    if (!mdc_bcd_decode_le(addr, DLT645_ADDR_LEN, &v))
        return false;
    v = (v + k) % 1000000000000ULL;
    return mdc_bcd_encode_le(v, out, DLT645_ADDR_LEN);
}

static bool baud_ok(unsigned b)
{
    static const unsigned ok[] = {600, 1200, 2400, 4800, 9600};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (ok[i] == b)
            return true;
    return false;
}

int ms_config_quick(ms_sim_cfg *c, unsigned count, const char *first_addr, dlt645_proto proto,
                    unsigned baud, char *err, size_t errcap)
{
    uint8_t a0[DLT645_ADDR_LEN];
    if (count < 1 || count > MS_METERS_MAX) {
        snprintf(err, errcap, "--count must be 1..%u", MS_METERS_MAX);
        return -1;
    }
    if (dlt645_addr_parse(first_addr, a0) != DLT645_OK || !dlt645_addr_valid(a0) || a0[5] == 0xAA ||
        dlt645_addr_is_broadcast(a0)) {
        snprintf(err, errcap, "--first-addr '%s' is not a meter address (1..12 digits)",
                 first_addr);
        return -1;
    }
    if (!baud_ok(baud)) {
        snprintf(err, errcap, "--baud %u: use 600, 1200, 2400, 4800 or 9600", baud);
        return -1;
    }
    c->baud = baud;
    c->n = 0;
    for (unsigned i = 0; i < count; i++) {
        uint8_t a[DLT645_ADDR_LEN];
        if (!ms_addr_add(a0, i, a) || dlt645_addr_is_broadcast(a)) {
            snprintf(err, errcap, "--first-addr + %u runs past the last address", i);
            return -1;
        }
        ms_meter_cfg_default(&c->meter[c->n], a);
        c->meter[c->n].proto = proto;
        c->meter[c->n].baud = baud;
        c->n++;
    }
    return 0;
}

/* ---- the file ---- */

typedef struct pctx {
    const char *fname;
    unsigned line;
    char *err;
    size_t errcap;
} pctx;

static int fail(pctx *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(pctx *p, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errcap, "%s:%u: %s", p->fname, p->line, msg);
    return -1;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
    return s;
}

static bool parse_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi || *s == '-')
        return false;
    *out = v;
    return true;
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* A list of decimal values at the given scale, separated by spaces or commas. */
static int parse_list(char *s, uint8_t scale, int64_t *out, int max)
{
    int n = 0;
    for (char *tok = strtok(s, " ,\t"); tok; tok = strtok(NULL, " ,\t")) {
        if (n == max || !mdc_dec_parse(tok, scale, &out[n]))
            return -1;
        n++;
    }
    return n;
}

/* "00:00=4 08:00=3 ..." */
static int parse_segments(pctx *p, char *s, ms_meter_cfg *m)
{
    m->nseg = 0;
    for (char *tok = strtok(s, " ,\t"); tok; tok = strtok(NULL, " ,\t")) {
        unsigned hh, mm, t;
        char extra;
        if (sscanf(tok, "%u:%u=%u%c", &hh, &mm, &t, &extra) != 3 || hh > 23 || mm > 59 || t < 1 ||
            t > MS_TARIFF_MAX)
            return fail(p, "segment '%s': write HH:MM=TARIFF, e.g. 08:00=2", tok);
        if (m->nseg == MS_SEG_MAX)
            return fail(p, "more than %u segments", MS_SEG_MAX);
        uint16_t start = (uint16_t)(hh * 60 + mm);
        if (m->nseg == 0 && start != 0)
            return fail(p, "the first segment must start at 00:00");
        if (m->nseg && start <= m->seg[m->nseg - 1].start_min)
            return fail(p, "segment '%s' is not after the previous one", tok);
        m->seg[m->nseg].start_min = start;
        m->seg[m->nseg].tariff = (uint8_t)t;
        m->nseg++;
    }
    if (m->nseg == 0)
        return fail(p, "segments: none given");
    return 0;
}

/* Energy register list: "TOTAL T1 T2 ..." in kWh. */
static int parse_energy(pctx *p, char *v, int64_t *reg, const char *key)
{
    int64_t x[MS_TARIFF_MAX + 1];
    int n = parse_list(v, 2, x, (int)MS_TARIFF_MAX + 1);
    if (n < 1)
        return fail(
            p, "%s: expected 'TOTAL [T1 T2 ...]' in kWh with at most 2 decimals and %u tariffs",
            key, MS_TARIFF_MAX);
    memset(reg, 0, sizeof(int64_t) * (MS_TARIFF_MAX + 1));
    for (int i = 0; i < n; i++) {
        if (x[i] < 0 || x[i] > 79999999)
            return fail(p, "%s: %s is out of range 0..799999.99", key, "a value");
        reg[i] = x[i];
    }
    return 0;
}

static int meter_key(pctx *p, ms_meter_cfg *m, const char *k, char *v)
{
    unsigned long u;
    long l;
    int64_t x[24];
    if (strcmp(k, "protocol") == 0) {
        if (!ms_parse_proto(v, &m->proto))
            return fail(p, "protocol '%s': use 2007 or 1997", v);
    } else if (strcmp(k, "baud") == 0) {
        if (!parse_uint(v, 600, 9600, &u) || !baud_ok((unsigned)u))
            return fail(p, "baud '%s': use 600, 1200, 2400, 4800 or 9600 (8E1)", v);
        m->baud = (unsigned)u;
    } else if (strcmp(k, "kind") == 0) {
        if (strcmp(v, "meter") == 0)
            m->kind = MS_KIND_METER;
        else if (strcmp(v, "rcd") == 0)
            m->kind = MS_KIND_RCD;
        else
            return fail(p, "kind '%s': use meter or rcd", v);
    } else if (strcmp(k, "tariffs") == 0) {
        if (!parse_uint(v, 1, MS_TARIFF_MAX, &u))
            return fail(p, "tariffs '%s': 1..%u", v, MS_TARIFF_MAX);
        m->tariffs = (uint8_t)u;
        m->nseg = 0;
    } else if (strcmp(k, "segments") == 0) {
        return parse_segments(p, v, m);
    } else if (strcmp(k, "forward") == 0) {
        return parse_energy(p, v, m->energy0[MS_E_FWD], k);
    } else if (strcmp(k, "reverse") == 0) {
        return parse_energy(p, v, m->energy0[MS_E_REV], k);
    } else if (strcmp(k, "reactive") == 0) {
        return parse_energy(p, v, m->energy0[MS_E_Q1], k);
    } else if (strcmp(k, "load") == 0) {
        int n = parse_list(v, 0, x, 24);
        if (n != 1 && n != 24)
            return fail(p, "load: one value or 24 hourly values in W (negative = export)");
        for (int h = 0; h < 24; h++) {
            int64_t w = x[n == 1 ? 0 : h];
            if (w < -99999 || w > 99999)
                return fail(p, "load: %lld W is out of range -99999..99999", (long long)w);
            m->load_w[h] = (int32_t)w;
        }
    } else if (strcmp(k, "pf") == 0) {
        if (!mdc_dec_parse(v, 3, &x[0]) || x[0] < 100 || x[0] > 1000)
            return fail(p, "pf '%s': 0.100..1.000", v);
        m->pf_m = (uint16_t)x[0];
    } else if (strcmp(k, "voltage") == 0) {
        if (!mdc_dec_parse(v, 1, &x[0]) || x[0] < 0 || x[0] > 9999)
            return fail(p, "voltage '%s': 0..999.9 V", v);
        m->voltage_dv = (uint16_t)x[0];
    } else if (strcmp(k, "clock_offset") == 0) {
        if (!parse_long(v, -315360000L, 315360000L, &l))
            return fail(p, "clock_offset '%s': seconds, e.g. -90", v);
        m->clock_offset_ms = (int64_t)l * 1000;
    } else if (strcmp(k, "drift") == 0) {
        if (!parse_long(v, -100000, 100000, &l))
            return fail(p, "drift '%s': ppm, -100000..100000", v);
        m->drift_ppm = (int32_t)l;
    } else if (strlen(k) == 3 && k[0] == 's' && k[1] == 'w' && k[2] >= '1' && k[2] <= '7') {
        char *end;
        unsigned long w = strtoul(v, &end, 16);
        if (*v == 0 || *end || w > 0xFFFF)
            return fail(p, "%s '%s': a 16-bit word in hex, e.g. 0010", k, v);
        m->sw[k[2] - '1'] = (uint16_t)w;
    } else if (strcmp(k, "password") == 0) {
        uint8_t pw[4];
        if (strlen(v) != 8)
            return fail(p, "password '%s': 8 hex digits PA P0 P1 P2, e.g. 02000000", v);
        for (unsigned i = 0; i < 4; i++) {
            char two[3] = {v[2 * i], v[2 * i + 1], 0};
            char *end;
            pw[i] = (uint8_t)strtoul(two, &end, 16);
            if (*end || !isxdigit((unsigned char)two[0]))
                return fail(p, "password '%s': 8 hex digits", v);
        }
        memcpy(m->password, pw, 4);
    } else if (strcmp(k, "settlement") == 0) {
        unsigned d, h;
        char extra;
        if (sscanf(v, "%u %u%c", &d, &h, &extra) != 2 || d < 1 || d > 28 || h > 23)
            return fail(p, "settlement '%s': 'DAY HOUR', day 1..28, hour 0..23", v);
        m->settle_day = (uint8_t)d;
        m->settle_hour = (uint8_t)h;
    } else if (strcmp(k, "demand_period") == 0) {
        if (!parse_uint(v, 1, 60, &u))
            return fail(p, "demand_period '%s': 1..60 minutes", v);
        m->demand_period_min = (uint8_t)u;
    } else if (strcmp(k, "money") == 0) {
        if (!mdc_dec_parse(v, 2, &x[0]) || x[0] < 0 || x[0] > 79999999)
            return fail(p, "money '%s': 0..799999.99 CNY", v);
        m->money0 = x[0];
    } else if (strcmp(k, "price") == 0) {
        if (!mdc_dec_parse(v, 4, &x[0]) || x[0] <= 0 || x[0] > 99999)
            return fail(p, "price '%s': CNY per kWh, up to 4 decimals", v);
        m->price = x[0];
    } else if (strcmp(k, "purchases") == 0) {
        if (!parse_uint(v, 0, 9999, &u))
            return fail(p, "purchases '%s': 0..9999", v);
        m->purchases = (uint32_t)u;
    } else if (strcmp(k, "delay") == 0) {
        if (!parse_uint(v, 20, 500, &u))
            return fail(p, "delay '%s': 20..500 ms (DL/T 645 Td)", v);
        m->delay_ms = (unsigned)u;
    } else if (strcmp(k, "rcd_trip") == 0) {
        if (!parse_uint(v, 1, 9999, &u))
            return fail(p, "rcd_trip '%s': 1..9999 mA", v);
        m->rcd_trip_ma = (uint32_t)u;
    } else if (strcmp(k, "residual") == 0) {
        if (!parse_uint(v, 0, 9999, &u))
            return fail(p, "residual '%s': 0..9999 mA", v);
        m->rcd_residual_ma = (uint32_t)u;
    } else {
        return fail(p, "unknown meter key '%s'", k);
    }
    return 0;
}

static int bus_key(pctx *p, ms_sim_cfg *c, const char *k, const char *v)
{
    unsigned long u;
    char *dst = strcmp(k, "link") == 0      ? c->link
                : strcmp(k, "device") == 0  ? c->device
                : strcmp(k, "control") == 0 ? c->control
                : strcmp(k, "script") == 0  ? c->script
                                            : NULL;
    if (dst) {
        if (strlen(v) >= MS_PATH_MAX)
            return fail(p, "%s: path too long", k);
        snprintf(dst, MS_PATH_MAX, "%s", v);
    } else if (strcmp(k, "baud") == 0) {
        if (!parse_uint(v, 600, 9600, &u) || !baud_ok((unsigned)u))
            return fail(p, "baud '%s': use 600, 1200, 2400, 4800 or 9600 (8E1)", v);
        c->baud = (unsigned)u;
    } else if (strcmp(k, "speed") == 0) {
        char *end;
        double s = strtod(v, &end);
        if (*end || s < 0.001 || s > 1000000)
            return fail(p, "speed '%s': simulated seconds per real second, 0.001..1000000", v);
        c->speed = s;
    } else if (strcmp(k, "start") == 0) {
        mdc_tm t;
        if (!mdc_tm_parse_iso(v, &t) || (t.fields & MDC_TM_DATE) != MDC_TM_DATE)
            return fail(p, "start '%s': an ISO time such as 2025-11-02T08:30:00", v);
        c->start_ms = mdc_tm_to_epoch(&t) * 1000;
    } else {
        return fail(p, "unknown bus key '%s'", k);
    }
    return 0;
}

int ms_config_parse(ms_sim_cfg *c, const char *text, const char *fname, char *err, size_t errcap)
{
    pctx p = {fname, 0, err, errcap};
    ms_meter_cfg *m = NULL;
    bool in_bus = false;
    const char *s = text;
    char line[1024];
    while (*s) {
        size_t n = strcspn(s, "\n");
        p.line++;
        if (n >= sizeof line)
            return fail(&p, "line longer than %zu characters", sizeof line - 1);
        memcpy(line, s, n);
        line[n] = 0;
        s += n + (s[n] == '\n');
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        char *t = trim(line);
        if (!*t)
            continue;
        if (*t == '[') {
            char *close = strchr(t, ']');
            if (!close || close[1])
                return fail(&p, "section header must be [bus] or [meter ADDRESS]");
            *close = 0;
            t = trim(t + 1);
            if (strcmp(t, "bus") == 0) {
                in_bus = true;
                m = NULL;
                continue;
            }
            if (strncmp(t, "meter", 5) != 0 || !isspace((unsigned char)t[5]))
                return fail(&p, "section header must be [bus] or [meter ADDRESS]");
            char *a = trim(t + 5);
            uint8_t addr[DLT645_ADDR_LEN];
            if (strlen(a) != 12 || dlt645_addr_parse(a, addr) != DLT645_OK || addr[5] == 0xAA ||
                dlt645_addr_is_broadcast(addr))
                return fail(&p, "meter address '%s': 12 decimal digits", a);
            for (unsigned i = 0; i < c->n; i++)
                if (memcmp(c->meter[i].addr, addr, DLT645_ADDR_LEN) == 0)
                    return fail(&p, "meter %s is defined twice", a);
            if (c->n == MS_METERS_MAX)
                return fail(&p, "more than %u meters", MS_METERS_MAX);
            m = &c->meter[c->n++];
            ms_meter_cfg_default(m, addr);
            in_bus = false;
            continue;
        }
        char *eq = strchr(t, '=');
        if (!eq)
            return fail(&p, "expected 'key = value'");
        *eq = 0;
        char *k = trim(t), *v = trim(eq + 1);
        if (!*v)
            return fail(&p, "%s: no value", k);
        int rc;
        if (in_bus)
            rc = bus_key(&p, c, k, v);
        else if (m)
            rc = meter_key(&p, m, k, v);
        else
            return fail(&p, "'%s' outside a section: start with [bus] or [meter ADDRESS]", k);
        if (rc)
            return rc;
        if (m && (strcmp(k, "forward") == 0 || strcmp(k, "reverse") == 0 ||
                  strcmp(k, "reactive") == 0)) {
            /* a total alone goes to tariff 1 so the tariffs add up */
            int kind = k[0] == 'f' ? MS_E_FWD : k[0] == 'r' && k[2] == 'v' ? MS_E_REV : MS_E_Q1;
            int64_t *reg = m->energy0[kind];
            int64_t sum = 0;
            for (unsigned i = 1; i <= MS_TARIFF_MAX; i++)
                sum += reg[i];
            if (sum == 0)
                reg[1] = reg[0];
        }
    }
    if (c->n == 0) {
        snprintf(err, errcap, "%s: no [meter ADDRESS] section", fname);
        return -1;
    }
    return 0;
}
