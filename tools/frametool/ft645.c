/* frametool: DL/T 645-1997/2007 decode and encode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dlt645/di.h"
#include "dlt645/dlt645.h"
#include "ft.h"
#include "mdc/hex.h"
#include "valjson.h"
#include "valtext.h"

static const char *proto_name(dlt645_proto p)
{
    return p == DLT645_PROTO_1997 ? "dlt645-1997" : "dlt645-2007";
}

static void hex_of(const uint8_t *p, size_t n, char sep, char *out, size_t cap)
{
    mdc_hex_format(p, n, sep, out, cap);
}

static void di_hex(dlt645_proto proto, uint32_t di, char out[9])
{
    if (proto == DLT645_PROTO_1997)
        snprintf(out, 9, "%04X", (unsigned)di);
    else
        snprintf(out, 9, "%08X", (unsigned)di);
}

/* What one decoded frame says, gathered once and printed as text or JSON. */
typedef struct view {
    dlt645_frame f;
    dlt645_proto proto;
    bool reply, cs_ok, parsed;
    dlt645_request rq;
    dlt645_reply rp;
    const char *parse_error;
    bool has_di;
    uint32_t di;
    const uint8_t *vdata; /* bytes the DI catalogue decodes */
    size_t vlen;
    mdc_value *value;
    const char *value_note;
    const char *unit;
    uint8_t arena_mem[32768];
    mdc_arena arena;
} view;

static void view_values(view *v)
{
    mdc_arena_init(&v->arena, v->arena_mem, sizeof v->arena_mem);
    if (!v->has_di || !v->vdata)
        return;
    dlt645_di_err e;
    unsigned ed = v->proto == DLT645_PROTO_1997 ? DLT645_DI_ED_1997 : DLT645_DI_ED_2007;
    dlt645_di_status st = dlt645_di_decode(ed, v->di, v->vdata, v->vlen, &v->arena, &v->value, &e);
    if (st != DLT645_DI_OK)
        v->value_note = e.reason;
    dlt645_di_info info;
    if (dlt645_di_lookup(ed, v->di, &info))
        v->unit = info.unit;
}

static void view_build(view *v)
{
    v->reply = dlt645_c_is_reply(v->f.c);
    v->proto = dlt645_guess_proto(&v->f);
    if (v->proto == DLT645_PROTO_UNKNOWN)
        v->proto = DLT645_PROTO_2007; /* 08H: the same layout in both editions */
    int rc;
    if (v->reply) {
        rc = dlt645_reply_parse(&v->f, v->proto, &v->rp);
        if (rc == DLT645_OK && !v->rp.error &&
            (v->rp.func == DLT645_F07_READ || v->rp.func == DLT645_F07_READ_MORE ||
             (v->proto == DLT645_PROTO_1997 &&
              (v->rp.func == DLT645_F97_READ || v->rp.func == DLT645_F97_READ_MORE ||
               v->rp.func == DLT645_F97_REREAD)) ||
             (v->proto == DLT645_PROTO_2007 && v->rp.func == DLT645_F07_SECURITY))) {
            v->has_di = v->rp.func != DLT645_F07_SECURITY || v->proto == DLT645_PROTO_1997;
            v->di = v->rp.di;
            v->vdata = v->rp.data;
            v->vlen = v->rp.len;
            /* a reply with follow-up carries only part of the answer */
            if (v->rp.more || v->rp.has_seq)
                v->vdata = NULL;
        }
    } else {
        rc = dlt645_request_parse(&v->f, v->proto, &v->rq);
        if (rc == DLT645_OK) {
            uint8_t fn = v->rq.func;
            bool di_func = v->proto == DLT645_PROTO_2007
                               ? (fn == DLT645_F07_READ || fn == DLT645_F07_READ_MORE ||
                                  fn == DLT645_F07_WRITE || fn == DLT645_F07_PASSWORD ||
                                  fn == DLT645_F07_EVENT_RESET)
                               : (fn == DLT645_F97_READ || fn == DLT645_F97_READ_MORE ||
                                  fn == DLT645_F97_WRITE);
            v->has_di = di_func;
            v->di = v->rq.di;
            if (fn == DLT645_F07_WRITE ||
                (v->proto == DLT645_PROTO_1997 && fn == DLT645_F97_WRITE)) {
                v->vdata = v->rq.data;
                v->vlen = v->rq.len;
            }
        }
    }
    v->parsed = rc == DLT645_OK;
    if (!v->parsed)
        v->parse_error = dlt645_strerror(rc);
    view_values(v);
}

static void print_text(const view *v)
{
    char addr[13], buf[160], lab[160];
    dlt645_addr_format(v->f.addr, addr);
    const char *fname = dlt645_func_name(v->proto, dlt645_c_func(v->f.c));
    printf("DL/T 645-%s %s  C=%02X %s%s%s  address %s%s\n",
           v->proto == DLT645_PROTO_1997 ? "1997" : "2007", v->reply ? "reply" : "request", v->f.c,
           fname ? fname : "unknown function", dlt645_c_is_error(v->f.c) ? ", ERROR" : "",
           dlt645_c_has_more(v->f.c) ? ", more frames follow" : "", addr,
           dlt645_addr_is_broadcast(v->f.addr) ? " (broadcast)" : "");
    printf("  L=%u, %u FE before, checksum %s%s\n", v->f.len, v->f.preamble,
           v->cs_ok ? "ok" : "WRONG", v->f.over_limit ? ", LONGER than the standard allows" : "");
    if (!v->parsed) {
        printf("  data does not fit the function code: %s\n", v->parse_error);
    } else if (v->reply && v->rp.error) {
        const char *names[8];
        size_t n = v->rp.func == DLT645_F07_SECURITY && v->proto == DLT645_PROTO_2007
                       ? dlt645_serr_names(v->rp.serr, names, 8)
                       : dlt645_err_names(v->proto, v->rp.err, names, 8);
        printf("  error:");
        for (size_t i = 0; i < n && i < 8; i++)
            printf(" %s", names[i]);
        printf("\n");
    }
    if (v->has_di) {
        char dh[9];
        di_hex(v->proto, v->di, dh);
        dlt645_di_label(v->proto == DLT645_PROTO_1997 ? 1997u : 2007u, v->di, lab, sizeof lab);
        printf("  DI %s  %s\n", dh, lab);
    }
    if (v->parsed && !v->reply) {
        const dlt645_request *r = &v->rq;
        if (r->has_time) {
            mdc_tm_format_iso(&r->time, buf, sizeof buf);
            printf("  time: %s\n", buf);
        }
        if (r->func == DLT645_F07_READ_MORE && v->proto == DLT645_PROTO_2007)
            printf("  seq: %u\n", r->seq);
        if (r->has_blocks)
            printf("  blocks: %u\n", r->blocks);
        if (r->func == DLT645_F07_CONTROL && v->proto == DLT645_PROTO_2007)
            printf("  command N1: %02X\n", r->ctl_raw);
        if ((v->proto == DLT645_PROTO_2007 && r->func == DLT645_F07_WRITE_ADDR) ||
            (v->proto == DLT645_PROTO_1997 && r->func == DLT645_F97_WRITE_ADDR)) {
            dlt645_addr_format(r->new_addr, addr);
            printf("  new address: %s\n", addr);
        }
    }
    if (v->parsed && v->reply && !v->rp.error) {
        if (v->rp.func == DLT645_F07_READ_ADDR && v->proto == DLT645_PROTO_2007) {
            dlt645_addr_format(v->rp.meter_addr, addr);
            printf("  meter address: %s\n", addr);
        }
        if (v->rp.has_seq)
            printf("  seq: %u\n", v->rp.seq);
        if (v->rp.more || v->rp.has_seq)
            printf("  (part of a multi-frame answer: the data is shown raw)\n");
    }
    if (v->value) {
        if (v->value->kind == MDC_V_OBJECT || v->value->kind == MDC_V_ARRAY) {
            printf("  value:\n");
            valtext_print(stdout, v->value, 4);
        } else {
            valtext_scalar(v->value, buf, sizeof buf);
            printf("  value: %s\n", buf);
        }
        if (v->value_note)
            printf("  note: %s\n", v->value_note);
    }
    if (v->f.len) {
        static char hx[DLT645_DATA_MAX * 3 + 1];
        hex_of(v->f.data, v->f.len, ' ', hx, sizeof hx);
        printf("  data (unscrambled): %s\n", hx);
    }
}

cJSON *ft645_json_view(const view *v);
cJSON *ft645_json_view(const view *v)
{
    char addr[13], ctrl[3], fn[3], dh[9], lab[160];
    static char hx[DLT645_DATA_MAX * 2 + 1];
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "proto", proto_name(v->proto));
    cJSON_AddStringToObject(j, "addr", dlt645_addr_format(v->f.addr, addr));
    snprintf(ctrl, sizeof ctrl, "%02X", v->f.c);
    snprintf(fn, sizeof fn, "%02X", dlt645_c_func(v->f.c));
    cJSON_AddStringToObject(j, "ctrl", ctrl);
    cJSON_AddStringToObject(j, "func", fn);
    const char *fname = dlt645_func_name(v->proto, dlt645_c_func(v->f.c));
    if (fname)
        cJSON_AddStringToObject(j, "func_name", fname);
    cJSON_AddStringToObject(j, "dir", v->reply ? "reply" : "request");
    cJSON_AddBoolToObject(j, "error", dlt645_c_is_error(v->f.c));
    cJSON *err = cJSON_AddArrayToObject(j, "err");
    if (v->parsed && v->reply && v->rp.error) {
        const char *names[8];
        size_t n = v->rp.func == DLT645_F07_SECURITY && v->proto == DLT645_PROTO_2007
                       ? dlt645_serr_names(v->rp.serr, names, 8)
                       : dlt645_err_names(v->proto, v->rp.err, names, 8);
        for (size_t i = 0; i < n && i < 8; i++)
            cJSON_AddItemToArray(err, cJSON_CreateString(names[i]));
    }
    cJSON_AddBoolToObject(j, "more", dlt645_c_has_more(v->f.c));
    if (v->has_di) {
        di_hex(v->proto, v->di, dh);
        cJSON_AddStringToObject(j, "di", dh);
        dlt645_di_label(v->proto == DLT645_PROTO_1997 ? 1997u : 2007u, v->di, lab, sizeof lab);
        cJSON_AddStringToObject(j, "di_name", lab);
    }
    if (v->parsed && !v->reply) {
        char buf[40];
        if (v->rq.has_time && mdc_tm_format_iso(&v->rq.time, buf, sizeof buf))
            cJSON_AddStringToObject(j, "time", buf);
        if (v->rq.has_blocks)
            cJSON_AddNumberToObject(j, "blocks", v->rq.blocks);
        if (v->proto == DLT645_PROTO_2007 && v->rq.func == DLT645_F07_READ_MORE)
            cJSON_AddNumberToObject(j, "seq", v->rq.seq);
        if (v->proto == DLT645_PROTO_2007 && v->rq.func == DLT645_F07_CONTROL) {
            snprintf(buf, sizeof buf, "%02X", v->rq.ctl_raw);
            cJSON_AddStringToObject(j, "command", buf);
        }
    }
    if (v->parsed && v->reply && !v->rp.error) {
        if (v->proto == DLT645_PROTO_2007 && v->rp.func == DLT645_F07_READ_ADDR)
            cJSON_AddStringToObject(j, "meter_addr", dlt645_addr_format(v->rp.meter_addr, addr));
        if (v->rp.has_seq)
            cJSON_AddNumberToObject(j, "seq", v->rp.seq);
    }
    if (!v->parsed)
        cJSON_AddStringToObject(j, "parse_error", v->parse_error);
    if (v->value) {
        cJSON_AddItemToObject(j, "values", valjson_to_json(v->value));
        if (v->unit)
            cJSON_AddStringToObject(j, "unit", v->unit);
        if (v->value_note)
            cJSON_AddStringToObject(j, "values_note", v->value_note);
    }
    hex_of(v->f.data, v->f.len, 0, hx, sizeof hx);
    cJSON_AddStringToObject(j, "data_hex", hx);
    cJSON_AddNumberToObject(j, "preamble", v->f.preamble);
    cJSON_AddBoolToObject(j, "over_limit", v->f.over_limit);
    cJSON_AddBoolToObject(j, "cs_ok", v->cs_ok);
    return j;
}

/* Decodes; on a bad checksum decodes a corrected copy so the reader still
 * sees the content (cs_ok false), and reports the failure. */
static int decode_view(const uint8_t *p, size_t n, view *v, size_t *used)
{
    memset(&v->f, 0, sizeof v->f);
    int rc = dlt645_frame_decode(p, n, &v->f, used);
    v->cs_ok = rc == DLT645_OK;
    if (rc == DLT645_ERR_CHECKSUM) {
        size_t fe = 0;
        while (fe < n && p[fe] == 0xFE)
            fe++;
        size_t flen = DLT645_OVERHEAD + p[fe + 9];
        uint8_t copy[DLT645_ENCODED_MAX + 300];
        if (fe + flen <= sizeof copy && fe + flen <= n) {
            memcpy(copy, p, fe + flen);
            copy[fe + flen - 2] = dlt645_checksum(copy + fe, flen - 2);
            if (dlt645_frame_decode(copy, fe + flen, &v->f, used) == DLT645_OK)
                return DLT645_ERR_CHECKSUM;
        }
    }
    return rc;
}

cJSON *ft645_json(const uint8_t *p, size_t n)
{
    static view v;
    size_t used = 0;
    int rc = decode_view(p, n, &v, &used);
    if (rc != DLT645_OK && rc != DLT645_ERR_CHECKSUM)
        return NULL;
    view_build(&v);
    return ft645_json_view(&v);
}

long ft645_decode_one(const uint8_t *p, size_t n, const ft_opts *o)
{
    static view v;
    size_t used = 0;
    int rc = decode_view(p, n, &v, &used);
    if (rc != DLT645_OK && rc != DLT645_ERR_CHECKSUM) {
        fprintf(stderr, "frametool: not a DL/T 645 frame: %s\n", dlt645_strerror(rc));
        return -1;
    }
    view_build(&v);
    if (o->json)
        ft_print_json(ft645_json_view(&v));
    else
        print_text(&v);
    if (rc == DLT645_ERR_CHECKSUM) {
        fflush(stdout); /* the frame first, then why it is rejected */
        fprintf(stderr, "frametool: DL/T 645 frame rejected: %s\n", dlt645_strerror(rc));
        return -1;
    }
    return (long)used;
}

/* ---- encode ---- */

static void encode_usage(FILE *f)
{
    fputs("usage: frametool encode 645 [--proto 2007|1997] [--fe N] COMMAND [OPTIONS]\n"
          "commands:\n"
          "  read --addr A --di DI [--blocks N [--time ISO]]   read data (load records: blocks, "
          "time)\n"
          "  read-more --addr A --di DI [--seq N]                read follow-up data\n"
          "  read-addr                                          read the address (AA..AA)\n"
          "  time [--time ISO|now]                              broadcast time set\n"
          "  write --addr A --di DI (--value JSON | --data HEX) [--password P] [--operator C]\n"
          "  write-addr --new-addr A                            write the address (AA..AA)\n"
          "  freeze --addr A|broadcast [--time --MM-DDThh:mm]   freeze (absent parts = 99)\n"
          "  baud --addr A --z HEX                              change baud rate\n"
          "  demand-reset|meter-reset --addr A [--password P] [--operator C]\n"
          "  event-reset --addr A [--di DI] [--password P] [--operator C]\n"
          "  trip|close|alarm|alarm-off|keep|keep-off --addr A [--until ISO] [--password P]\n"
          "  output --addr A --z HEX                            multi-function output\n"
          "A: 12 digits as printed on the meter, 'broadcast' or 'wildcard'; DI: hex (00010000, "
          "9010);\n"
          "P: 8 hex digits PA P0 P1 P2 (default 02000000... = level 02, 000000); C: 8 hex digits.\n"
          "Prints the frame as hex.\n",
          f);
}

static int parse_addr(const char *s, uint8_t out[DLT645_ADDR_LEN])
{
    if (strcmp(s, "broadcast") == 0) {
        memcpy(out, dlt645_addr_broadcast, DLT645_ADDR_LEN);
        return 0;
    }
    if (strcmp(s, "wildcard") == 0) {
        memcpy(out, dlt645_addr_wildcard, DLT645_ADDR_LEN);
        return 0;
    }
    if (dlt645_addr_parse(s, out) != DLT645_OK) {
        fprintf(stderr, "frametool: bad address '%s' (1-12 digits, high digits may be AA)\n", s);
        return -1;
    }
    return 0;
}

static int parse_hex_fixed(const char *what, const char *s, uint8_t *out, size_t n)
{
    uint8_t tmp[16];
    long got = mdc_hex_parse(s, tmp, sizeof tmp, NULL);
    if (got != (long)n) {
        fprintf(stderr, "frametool: %s must be %zu hex bytes\n", what, n);
        return -1;
    }
    /* written as printed (PA first): that is also wire order for passwords and operator codes */
    memcpy(out, tmp, n);
    return 0;
}

static int parse_time(const char *s, mdc_tm *t)
{
    if (strcmp(s, "now") == 0) {
        time_t now = time(NULL);
        struct tm lt;
        localtime_r(&now, &lt);
        t->year = (uint16_t)(lt.tm_year + 1900);
        t->mon = (uint8_t)(lt.tm_mon + 1);
        t->day = (uint8_t)lt.tm_mday;
        t->hour = (uint8_t)lt.tm_hour;
        t->min = (uint8_t)lt.tm_min;
        t->sec = (uint8_t)lt.tm_sec;
        t->wday = (uint8_t)lt.tm_wday;
        t->fields = MDC_TM_FULL | MDC_TM_WDAY;
        return 0;
    }
    if (!mdc_tm_parse_iso(s, t)) {
        fprintf(stderr, "frametool: bad time '%s' (ISO 8601, e.g. 2025-11-02T08:30:00)\n", s);
        return -1;
    }
    return 0;
}

typedef struct cmd_map {
    const char *name;
    uint8_t f07, f97; /* 0 = not in that edition */
    uint8_t ctl;
} cmd_map;

static const cmd_map commands[] = {
    {"read", DLT645_F07_READ, DLT645_F97_READ, 0},
    {"read-more", DLT645_F07_READ_MORE, DLT645_F97_READ_MORE, 0},
    {"read-addr", DLT645_F07_READ_ADDR, 0, 0},
    {"time", DLT645_F07_TIME_SET, DLT645_F97_TIME_SET, 0},
    {"write", DLT645_F07_WRITE, DLT645_F97_WRITE, 0},
    {"write-addr", DLT645_F07_WRITE_ADDR, DLT645_F97_WRITE_ADDR, 0},
    {"freeze", DLT645_F07_FREEZE, 0, 0},
    {"baud", DLT645_F07_BAUD, DLT645_F97_BAUD, 0},
    {"demand-reset", DLT645_F07_DEMAND_RESET, DLT645_F97_DEMAND_RESET, 0},
    {"meter-reset", DLT645_F07_METER_RESET, 0, 0},
    {"event-reset", DLT645_F07_EVENT_RESET, 0, 0},
    {"trip", DLT645_F07_CONTROL, 0, DLT645_CTL_TRIP},
    {"close", DLT645_F07_CONTROL, 0, DLT645_CTL_CLOSE},
    {"alarm", DLT645_F07_CONTROL, 0, DLT645_CTL_ALARM},
    {"alarm-off", DLT645_F07_CONTROL, 0, DLT645_CTL_ALARM_OFF},
    {"keep", DLT645_F07_CONTROL, 0, DLT645_CTL_KEEP},
    {"keep-off", DLT645_F07_CONTROL, 0, DLT645_CTL_KEEP_OFF},
    {"output", DLT645_F07_OUTPUT, 0, 0},
};

int ft645_encode_main(int argc, char **argv)
{
    dlt645_proto proto = DLT645_PROTO_2007;
    int fe = DLT645_PREAMBLE_DEFAULT;
    int i = 0;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            encode_usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--proto") == 0 && i + 1 < argc) {
            const char *p = argv[++i];
            proto = strcmp(p, "1997") == 0 ? DLT645_PROTO_1997 : DLT645_PROTO_2007;
            if (strcmp(p, "1997") != 0 && strcmp(p, "2007") != 0) {
                fprintf(stderr, "frametool: --proto is 2007 or 1997\n");
                return 2;
            }
        } else if (strcmp(argv[i], "--fe") == 0 && i + 1 < argc) {
            fe = atoi(argv[++i]);
            if (fe < 0 || fe > (int)DLT645_PREAMBLE_MAX) {
                fprintf(stderr, "frametool: --fe is 0..4\n");
                return 2;
            }
        } else {
            fprintf(stderr, "frametool: unknown option '%s'\n", argv[i]);
            return 2;
        }
    }
    if (i >= argc) {
        encode_usage(stderr);
        return 2;
    }
    const cmd_map *cm = NULL;
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (strcmp(commands[k].name, argv[i]) == 0)
            cm = &commands[k];
    if (!cm) {
        fprintf(stderr, "frametool: unknown 645 command '%s'\n", argv[i]);
        encode_usage(stderr);
        return 2;
    }
    uint8_t func = proto == DLT645_PROTO_1997 ? cm->f97 : cm->f07;
    if (!func) {
        fprintf(stderr, "frametool: '%s' does not exist in DL/T 645-%s\n", cm->name,
                proto == DLT645_PROTO_1997 ? "1997" : "2007");
        return 2;
    }
    uint8_t addr[DLT645_ADDR_LEN];
    memcpy(addr, dlt645_addr_wildcard, DLT645_ADDR_LEN);
    if (func == DLT645_F07_TIME_SET ||
        (proto == DLT645_PROTO_1997 && func == DLT645_F97_WRITE_ADDR))
        memcpy(addr, dlt645_addr_broadcast, DLT645_ADDR_LEN);
    dlt645_request rq;
    dlt645_request_init(&rq, proto, func, addr);
    rq.ctl = cm->ctl;
    rq.ctl_raw = cm->ctl;
    /* default password level 02 000000 and operator code 00000000 */
    rq.pw[0] = 0x02;
    static uint8_t data[256];
    size_t dlen = 0;
    const char *value_json = NULL;
    bool have_addr = false, have_di = false;
    if (func == DLT645_F07_TIME_SET) {
        rq.has_time = true;
        parse_time("now", &rq.time);
    }
    for (i++; i < argc; i++) {
        const char *o = argv[i];
        const char *a = i + 1 < argc ? argv[i + 1] : NULL;
        if (!a) {
            fprintf(stderr, "frametool: option '%s' needs a value\n", o);
            return 2;
        }
        i++;
        if (strcmp(o, "--addr") == 0) {
            if (parse_addr(a, rq.addr))
                return 2;
            have_addr = true;
        } else if (strcmp(o, "--di") == 0) {
            char *end;
            unsigned long di = strtoul(a, &end, 16);
            if (*end || !*a || strlen(a) > (proto == DLT645_PROTO_1997 ? 4u : 8u)) {
                fprintf(stderr, "frametool: bad DI '%s' (%s hex digits)\n", a,
                        proto == DLT645_PROTO_1997 ? "4" : "8");
                return 2;
            }
            rq.di = (uint32_t)di;
            have_di = true;
        } else if (strcmp(o, "--seq") == 0) {
            rq.seq = (uint8_t)atoi(a);
        } else if (strcmp(o, "--blocks") == 0) {
            rq.has_blocks = true;
            rq.blocks = (uint8_t)atoi(a);
        } else if (strcmp(o, "--time") == 0 || strcmp(o, "--until") == 0) {
            if (parse_time(a, &rq.time))
                return 2;
            rq.has_time = true;
        } else if (strcmp(o, "--password") == 0) {
            if (parse_hex_fixed("--password", a, rq.pw, 4))
                return 2;
        } else if (strcmp(o, "--new-password") == 0) {
            if (parse_hex_fixed("--new-password", a, rq.new_pw, 4))
                return 2;
        } else if (strcmp(o, "--operator") == 0) {
            if (parse_hex_fixed("--operator", a, rq.op, 4))
                return 2;
        } else if (strcmp(o, "--z") == 0) {
            if (parse_hex_fixed("--z", a, &rq.z, 1))
                return 2;
        } else if (strcmp(o, "--new-addr") == 0) {
            if (parse_addr(a, rq.new_addr))
                return 2;
        } else if (strcmp(o, "--data") == 0) {
            long n = mdc_hex_parse(a, data, sizeof data, NULL);
            if (n < 0) {
                fprintf(stderr, "frametool: --data is hex bytes\n");
                return 2;
            }
            dlen = (size_t)n;
        } else if (strcmp(o, "--value") == 0) {
            value_json = a;
        } else {
            fprintf(stderr, "frametool: unknown option '%s'\n", o);
            return 2;
        }
    }
    bool needs_addr = func != DLT645_F07_TIME_SET &&
                      !(proto == DLT645_PROTO_2007 &&
                        (func == DLT645_F07_READ_ADDR || func == DLT645_F07_WRITE_ADDR));
    if (proto == DLT645_PROTO_1997 && func == DLT645_F97_WRITE_ADDR)
        needs_addr = false;
    if (needs_addr && !have_addr) {
        fprintf(stderr, "frametool: '%s' needs --addr\n", cm->name);
        return 2;
    }
    bool needs_di =
        func == cm->f07 && proto == DLT645_PROTO_2007
            ? (func == DLT645_F07_READ || func == DLT645_F07_READ_MORE || func == DLT645_F07_WRITE)
            : (func == DLT645_F97_READ || func == DLT645_F97_READ_MORE || func == DLT645_F97_WRITE);
    if (needs_di && !have_di) {
        fprintf(stderr, "frametool: '%s' needs --di\n", cm->name);
        return 2;
    }
    if (func == DLT645_F07_EVENT_RESET && proto == DLT645_PROTO_2007 && !have_di)
        rq.di = 0xFFFFFFFFu;
    if (value_json) {
        cJSON *j = cJSON_Parse(value_json);
        if (!j) {
            fprintf(stderr, "frametool: --value is not JSON: %s\n", value_json);
            return 2;
        }
        static uint8_t mem[16384];
        mdc_arena ar;
        mdc_arena_init(&ar, mem, sizeof mem);
        mdc_value *val = valjson_from_json(j, &ar);
        cJSON_Delete(j);
        dlt645_di_err e;
        unsigned ed = proto == DLT645_PROTO_1997 ? DLT645_DI_ED_1997 : DLT645_DI_ED_2007;
        if (!val ||
            dlt645_di_encode(ed, rq.di, val, data, sizeof data, &dlen, &e) != DLT645_DI_OK) {
            fprintf(stderr, "frametool: cannot encode the value for DI %X: %s%s%s\n",
                    (unsigned)rq.di, val ? e.reason : "out of memory", e.where ? " at " : "",
                    e.where ? e.where : "");
            return 2;
        }
    }
    if (dlen > 255) {
        fprintf(stderr, "frametool: data too long\n");
        return 2;
    }
    rq.data = data;
    rq.len = (uint8_t)dlen;
    dlt645_frame f;
    int rc = dlt645_request_build(&rq, &f);
    if (rc != DLT645_OK) {
        fprintf(stderr, "frametool: cannot build '%s': %s\n", cm->name, dlt645_strerror(rc));
        return 1;
    }
    f.preamble = (uint8_t)fe;
    uint8_t out[DLT645_ENCODED_MAX];
    size_t olen;
    rc = dlt645_frame_encode(&f, out, sizeof out, &olen);
    if (rc != DLT645_OK) {
        fprintf(stderr, "frametool: cannot encode: %s\n", dlt645_strerror(rc));
        return 1;
    }
    char hx[DLT645_ENCODED_MAX * 3 + 1];
    puts(mdc_hex_format(out, olen, ' ', hx, sizeof hx));
    return 0;
}
