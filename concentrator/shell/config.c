/* Site config: one table of keys (section, key, type, where, range) read by
 * the INI loader and the --set overrides alike. */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum key_type {
    K_STR,    /* text, at most size-1 characters */
    K_FIXSTR, /* text of exactly size-1 characters */
    K_U32,    /* decimal 0..max */
    K_U16,    /* decimal lo..hi, into uint16_t */
    K_BOOL,   /* yes/no/true/false/1/0/on/off */
    K_HEX4,   /* four hex digits */
    K_ADDR,   /* IPv4:port, or empty */
    K_LINE,   /* GPIO line offset 0..1023, or -1 / empty for none */
    K_LEVEL,  /* error|warn|info|debug */
    K_DATE,   /* YYYY-MM-DD */
} key_type;

typedef struct key_def {
    const char *section, *key;
    key_type type;
    size_t off, off2; /* off2: the port of a K_ADDR */
    size_t size;      /* K_STR / K_FIXSTR / K_DATE buffer size */
    long lo, hi;
} key_def;

#define F(m) offsetof(cd_config, m)
#define S(m) sizeof(((cd_config *)0)->m)

static const key_def keys[] = {
    {"terminal", "a1", K_HEX4, F(a1), 0, S(a1), 0, 0},
    {"terminal", "a2", K_U16, F(a2), 0, 0, 1, 65535},
    {"terminal", "vendor", K_FIXSTR, F(vendor), 0, S(vendor), 0, 0},
    {"terminal", "device_id", K_FIXSTR, F(device_id), 0, S(device_id), 0, 0},
    {"terminal", "sw_version", K_FIXSTR, F(sw_version), 0, S(sw_version), 0, 0},
    {"terminal", "sw_date", K_DATE, F(sw_date), 0, S(sw_date), 0, 0},
    {"terminal", "hw_version", K_FIXSTR, F(hw_version), 0, S(hw_version), 0, 0},
    {"terminal", "hw_date", K_DATE, F(hw_date), 0, S(hw_date), 0, 0},
    {"terminal", "capacity", K_FIXSTR, F(capacity), 0, S(capacity), 0, 0},
    {"terminal", "proto_version", K_FIXSTR, F(proto_version), 0, S(proto_version), 0, 0},
    {"uplink", "enabled", K_BOOL, F(enabled), 0, 0, 0, 0},
    {"uplink", "master", K_ADDR, F(master_ip), F(master_port), 0, 0, 0},
    {"uplink", "backup", K_ADDR, F(backup_ip), F(backup_port), 0, 0, 0},
    {"uplink", "apn", K_STR, F(apn), 0, S(apn), 0, 0},
    {"uplink", "login_delay_min_ms", K_U32, F(login_delay_min_ms), 0, 0, 0, 30000},
    {"uplink", "login_delay_max_ms", K_U32, F(login_delay_max_ms), 0, 0, 0, 30000},
    {"uplink", "connect_timeout_ms", K_U32, F(connect_timeout_ms), 0, 0, 100, 600000},
    {"uplink", "stop_timeout_ms", K_U32, F(stop_timeout_ms), 0, 0, 0, 600000},
    {"uplink", "max_frame_len", K_U32, F(max_frame_len), 0, 0, 28, 16391},
    {"uplink", "report_fc_con", K_U32, F(report_fc_con), 0, 0, 4, 10},
    {"store", "path", K_STR, F(store_path), 0, S(store_path), 0, 0},
    {"store", "synchronous_full", K_BOOL, F(sync_full), 0, 0, 0, 0},
    {"store", "counters_flush_min", K_U32, F(counters_flush_min), 0, 0, 1, 1440},
    {"ports", "rs485_3", K_STR, F(rs485_3), 0, S(rs485_3), 0, 0},
    {"ports", "rs485_3_baud", K_U32, F(rs485_3_baud), 0, 0, 300, 115200},
    {"ports", "infrared", K_STR, F(infrared), 0, S(infrared), 0, 0},
    {"ports", "infrared_baud", K_U32, F(infrared_baud), 0, 0, 300, 115200},
    {"ports", "rs485_1", K_STR, F(rs485_1), 0, S(rs485_1), 0, 0},
    {"ports", "rs485_1_port", K_U32, F(rs485_1_port), 0, 0, 1, 31},
    {"ports", "rs485_2", K_STR, F(rs485_2), 0, S(rs485_2), 0, 0},
    {"ports", "rs485_2_port", K_U32, F(rs485_2_port), 0, 0, 1, 31},
    {"reader", "default_baud", K_U32, F(rd_default_baud), 0, 0, 600, 9600},
    {"reader", "reply_timeout_ms", K_U32, F(rd_reply_timeout_ms), 0, 0, 100, 10000},
    {"reader", "byte_gap_ms", K_U32, F(rd_byte_gap_ms), 0, 0, 10, 5000},
    {"reader", "retries", K_U32, F(rd_retries), 0, 0, 0, 5},
    {"reader", "preamble", K_U32, F(rd_preamble), 0, 0, 0, 8},
    {"reader", "turnaround_ms", K_U32, F(rd_turnaround_ms), 0, 0, 0, 1000},
    {"reader", "rcd_user_class", K_U32, F(rd_rcd_class), 0, 0, 0, 15},
    {"gpio", "chip", K_STR, F(gpio_chip), 0, S(gpio_chip), 0, 0},
    {"gpio", "led_run", K_LINE, F(led_line[CD_LED_RUN]), 0, 0, 0, 0},
    {"gpio", "led_alarm", K_LINE, F(led_line[CD_LED_ALARM]), 0, 0, 0, 0},
    {"gpio", "led_online", K_LINE, F(led_line[CD_LED_ONLINE]), 0, 0, 0, 0},
    {"gpio", "led_signal_red", K_LINE, F(led_line[CD_LED_SIGNAL_RED]), 0, 0, 0, 0},
    {"gpio", "led_signal_green", K_LINE, F(led_line[CD_LED_SIGNAL_GREEN]), 0, 0, 0, 0},
    {"gpio", "led_eth_link", K_LINE, F(led_line[CD_LED_ETH_LINK]), 0, 0, 0, 0},
    {"gpio", "led_eth_data", K_LINE, F(led_line[CD_LED_ETH_DATA]), 0, 0, 0, 0},
    {"gpio", "led_remote_rx", K_LINE, F(led_line[CD_LED_REMOTE_RX]), 0, 0, 0, 0},
    {"gpio", "led_remote_tx", K_LINE, F(led_line[CD_LED_REMOTE_TX]), 0, 0, 0, 0},
    {"gpio", "led_local_rx", K_LINE, F(led_line[CD_LED_LOCAL_RX]), 0, 0, 0, 0},
    {"gpio", "led_local_tx", K_LINE, F(led_line[CD_LED_LOCAL_TX]), 0, 0, 0, 0},
    {"gpio", "input_1", K_LINE, F(input_line[0]), 0, 0, 0, 0},
    {"gpio", "input_2", K_LINE, F(input_line[1]), 0, 0, 0, 0},
    {"gpio", "input_3", K_LINE, F(input_line[2]), 0, 0, 0, 0},
    {"gpio", "input_4", K_LINE, F(input_line[3]), 0, 0, 0, 0},
    {"gpio", "input_5", K_LINE, F(input_line[4]), 0, 0, 0, 0},
    {"gpio", "input_6", K_LINE, F(input_line[5]), 0, 0, 0, 0},
    {"gpio", "input_7", K_LINE, F(input_line[6]), 0, 0, 0, 0},
    {"gpio", "input_8", K_LINE, F(input_line[7]), 0, 0, 0, 0},
    {"gpio", "input_debounce_ms", K_U32, F(input_debounce_ms), 0, 0, 0, 10000},
    {"gpio", "power_fail", K_LINE, F(power_fail_line), 0, 0, 0, 0},
    {"gpio", "power_fail_active_low", K_BOOL, F(power_fail_active_low), 0, 0, 0, 0},
    {"power", "ride_through_ms", K_U32, F(ride_through_ms), 0, 0, 10, 60000},
    {"control", "socket", K_STR, F(control), 0, S(control), 0, 0},
    {"log", "level", K_LEVEL, F(log_level), 0, 0, 0, 0},
    {"log", "syslog", K_BOOL, F(log_syslog), 0, 0, 0, 0},
};

static const char *const led_names[CD_LED_COUNT] = {
    "run",      "alarm",     "online",    "signal_red", "signal_green", "eth_link",
    "eth_data", "remote_rx", "remote_tx", "local_rx",   "local_tx",
};

static const char *const levels[] = {"error", "warn", "info", "debug"};

const char *cd_led_name(cd_led i)
{
    return (unsigned)i < CD_LED_COUNT ? led_names[i] : "?";
}

static int fail(char *err, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
    return -1;
}

void cd_config_default(cd_config *c)
{
    memset(c, 0, sizeof *c);
    memcpy(c->a1, "0000", 5);
    c->a2 = 1;
    memcpy(c->vendor, "MDC0", 5);
    memcpy(c->device_id, "00000001", 9);
    memcpy(c->sw_version, "0100", 5);
    memcpy(c->sw_date, "2026-11-21", 11);
    memcpy(c->hw_version, "0100", 5);
    memcpy(c->hw_date, "2026-11-21", 11);
    memcpy(c->capacity, "00000000000", 12);
    memcpy(c->proto_version, "1201", 5); /* 12.01: "12.XX" = Q/GDW 1376.1-2012/2013 (§5.9.2.4.1) */
    c->enabled = true;
    c->login_delay_min_ms = 0;
    c->login_delay_max_ms = 30000;
    c->connect_timeout_ms = 30000;
    c->stop_timeout_ms = 5000;
    c->max_frame_len = 16391;
    snprintf(c->store_path, sizeof c->store_path, "/var/lib/concentratord/store.db");
    c->counters_flush_min = 60;
    c->rs485_3_baud = 9600;
    c->infrared_baud = 1200;
    c->rs485_1_port = 2;
    c->rs485_2_port = 3;
    c->rd_default_baud = 2400;
    c->rd_reply_timeout_ms = 1000;
    c->rd_byte_gap_ms = 500;
    c->rd_retries = 2;
    c->rd_preamble = 4;
    c->rd_turnaround_ms = 20;
    for (int i = 0; i < CD_LED_COUNT; i++)
        c->led_line[i] = -1;
    for (int i = 0; i < 8; i++)
        c->input_line[i] = -1;
    c->power_fail_line = -1;
    c->input_debounce_ms = 500;
    c->ride_through_ms = 2000;
    c->report_fc_con = 4;
    snprintf(c->control, sizeof c->control, "/run/concentratord.sock");
    c->log_level = 2;
}

static bool parse_ulong(const char *v, long lo, long hi, long *out)
{
    if (!*v)
        return false;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || *end || x < lo || x > hi)
        return false;
    *out = x;
    return true;
}

static bool parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"}, *const no[] = {"no", "false",
                                                                                "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0)
            return *out = true, true;
        if (strcasecmp(v, no[i]) == 0)
            return *out = false, true;
    }
    return false;
}

static bool parse_addr(const char *v, uint8_t ip[4], uint16_t *port)
{
    if (!*v) {
        memset(ip, 0, 4);
        *port = 0;
        return true;
    }
    unsigned a, b, c, d, p;
    char tail;
    if (sscanf(v, "%u.%u.%u.%u:%u%c", &a, &b, &c, &d, &p, &tail) != 5)
        return false;
    if (a > 255 || b > 255 || c > 255 || d > 255 || p == 0 || p > 65535)
        return false;
    ip[0] = (uint8_t)a, ip[1] = (uint8_t)b, ip[2] = (uint8_t)c, ip[3] = (uint8_t)d;
    *port = (uint16_t)p;
    return true;
}

static bool parse_date(const char *v)
{
    unsigned y, m, d;
    char tail;
    return strlen(v) == 10 && sscanf(v, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3 && y >= 2000 &&
           y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Sets one key; the reason (without the key name) in err on failure. */
static int set_value(cd_config *c, const key_def *k, const char *v, char *err, size_t cap)
{
    char *base = (char *)c;
    long x;
    bool b;
    switch (k->type) {
    case K_STR:
        if (strlen(v) >= k->size)
            return fail(err, cap, "longer than %zu characters", k->size - 1);
        memcpy(base + k->off, v, strlen(v) + 1);
        return 0;
    case K_FIXSTR:
        if (strlen(v) != k->size - 1)
            return fail(err, cap, "\"%s\" is not exactly %zu characters", v, k->size - 1);
        for (const char *p = v; *p; p++)
            if (*p < 0x20 || *p > 0x7E)
                return fail(err, cap, "\"%s\" is not printable ASCII", v);
        memcpy(base + k->off, v, k->size);
        return 0;
    case K_DATE:
        if (!parse_date(v))
            return fail(err, cap, "\"%s\" is not a date YYYY-MM-DD (2000..2099)", v);
        memcpy(base + k->off, v, 11);
        return 0;
    case K_U32:
        if (!parse_ulong(v, k->lo, k->hi, &x))
            return fail(err, cap, "\"%s\" is not a number in %ld..%ld", v, k->lo, k->hi);
        *(uint32_t *)(void *)(base + k->off) = (uint32_t)x;
        return 0;
    case K_U16:
        if (!parse_ulong(v, k->lo, k->hi, &x))
            return fail(err, cap, "\"%s\" is not a number in %ld..%ld", v, k->lo, k->hi);
        *(uint16_t *)(void *)(base + k->off) = (uint16_t)x;
        return 0;
    case K_BOOL:
        if (!parse_bool(v, &b))
            return fail(err, cap, "\"%s\" is not yes/no", v);
        *(bool *)(base + k->off) = b;
        return 0;
    case K_HEX4:
        if (strlen(v) != 4 || strspn(v, "0123456789ABCDEFabcdef") != 4)
            return fail(err, cap, "\"%s\" is not 4 hex digits", v);
        for (int i = 0; i < 4; i++)
            base[k->off + (size_t)i] = (char)(v[i] >= 'a' ? v[i] - 32 : v[i]);
        base[k->off + 4] = '\0';
        return 0;
    case K_ADDR:
        if (!parse_addr(v, (uint8_t *)(base + k->off), (uint16_t *)(void *)(base + k->off2)))
            return fail(err, cap, "\"%s\" is not IPv4:PORT (port 1..65535)", v);
        return 0;
    case K_LINE:
        if (!*v || strcmp(v, "-1") == 0 || strcasecmp(v, "none") == 0)
            x = -1;
        else if (!parse_ulong(v, 0, 1023, &x))
            return fail(err, cap, "\"%s\" is not a line number 0..1023 (or none)", v);
        *(int *)(void *)(base + k->off) = (int)x;
        return 0;
    case K_LEVEL:
        for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
            if (strcasecmp(v, levels[i]) == 0) {
                *(int *)(void *)(base + k->off) = (int)i;
                return 0;
            }
        return fail(err, cap, "\"%s\" is not one of error, warn, info, debug", v);
    }
    return fail(err, cap, "internal: unknown key type");
}

static const key_def *find_key(const char *section, const char *name)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].key, name) == 0)
            return &keys[i];
    return NULL;
}

static int set_key(cd_config *c, const char *section, const char *name, const char *v, char *err,
                   size_t cap)
{
    const key_def *k = find_key(section, name);
    if (!k)
        return fail(err, cap, "%s.%s: unknown key", section, name);
    char why[160];
    if (set_value(c, k, v, why, sizeof why) != 0)
        return fail(err, cap, "%s.%s: %s", section, name, why);
    return 0;
}

typedef struct load_ctx {
    cd_config *c;
    char *err;
    size_t cap;
    int failed;
} load_ctx;

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
    load_ctx *x = user;
    if (x->failed)
        return 0;
    if (!name) /* a section without keys */
        return 1;
    if (set_key(x->c, section, name, value, x->err, x->cap) != 0) {
        x->failed = 1;
        return 0;
    }
    return 1;
}

int cd_config_load(cd_config *c, const char *path, char *err, size_t errcap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return fail(err, errcap, "%s: %s", path, strerror(errno));
    char why[400] = "";
    load_ctx x = {c, why, sizeof why, 0};
    int rc = ini_parse_file(f, on_ini, &x);
    fclose(f);
    if (rc == 0)
        return 0;
    if (x.failed)
        return fail(err, errcap, "%s:%d: %s", path, rc, why);
    if (rc > 0)
        return fail(err, errcap, "%s:%d: not an INI line (section, key = value)", path, rc);
    return fail(err, errcap, "%s: cannot parse (error %d)", path, rc);
}

int cd_config_set(cd_config *c, const char *assignment, char *err, size_t errcap)
{
    const char *dot = strchr(assignment, '.');
    const char *eq = strchr(assignment, '=');
    if (!dot || !eq || dot > eq)
        return fail(err, errcap, "--set %s: expected SECTION.KEY=VALUE", assignment);
    char section[32], name[48];
    size_t ls = (size_t)(dot - assignment), ln = (size_t)(eq - dot - 1);
    if (ls == 0 || ls >= sizeof section || ln == 0 || ln >= sizeof name)
        return fail(err, errcap, "--set %s: expected SECTION.KEY=VALUE", assignment);
    memcpy(section, assignment, ls);
    section[ls] = '\0';
    memcpy(name, dot + 1, ln);
    name[ln] = '\0';
    return set_key(c, section, name, eq + 1, err, errcap);
}

int cd_config_check(const cd_config *c, char *err, size_t errcap)
{
    if (c->login_delay_min_ms > c->login_delay_max_ms)
        return fail(err, errcap,
                    "uplink.login_delay_min_ms: %u is above uplink.login_delay_max_ms %u",
                    c->login_delay_min_ms, c->login_delay_max_ms);
    if (!c->store_path[0])
        return fail(err, errcap, "store.path: empty (a database file is needed)");
    if (!c->control[0])
        return fail(err, errcap, "control.socket: empty");
    if (c->rs485_1[0] && c->rs485_2[0] && c->rs485_1_port == c->rs485_2_port)
        return fail(err, errcap, "ports.rs485_2_port: %u is also ports.rs485_1_port",
                    c->rs485_2_port);
    bool any_line = false;
    for (int i = 0; i < CD_LED_COUNT; i++)
        any_line |= c->led_line[i] >= 0;
    for (int i = 0; i < 8; i++)
        any_line |= c->input_line[i] >= 0;
    any_line |= c->power_fail_line >= 0;
    if (c->report_fc_con != 4 && c->report_fc_con != 10)
        return fail(err, errcap, "uplink.report_fc_con: %u is neither 4 nor 10", c->report_fc_con);
    if (any_line && !c->gpio_chip[0])
        return fail(err, errcap,
                    "gpio.chip: empty but lines are named (sim:DIR or /dev/gpiochipN)");
    return 0;
}
