/* REQUEST grammar -> data units (request.h). */
#include "request.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "gdw13761/catalog.h"
#include "valjson.h"

int mreq_parse_addr(const char *s, char a1[5], uint16_t *a2)
{
    const char *dash = strchr(s, '-');
    if (!dash || dash - s != 4)
        return -1;
    for (int i = 0; i < 4; i++) {
        if (!isxdigit((unsigned char)s[i]))
            return -1;
        a1[i] = (char)toupper((unsigned char)s[i]);
    }
    a1[4] = 0;
    const char *p = dash + 1;
    char *end;
    unsigned long v;
    size_t len = strlen(p);
    if (len > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        v = strtoul(p + 2, &end, 16);
    else if (len > 1 && (p[len - 1] == 'H' || p[len - 1] == 'h')) {
        v = strtoul(p, &end, 16);
        if (end != p + len - 1)
            return -1;
        end++;
    } else
        v = strtoul(p, &end, 10);
    if (!*p || *end || v == 0 || v > 65535)
        return -1;
    *a2 = (uint16_t)v;
    return 0;
}

/* "F12" or "F1-F3" / "F1-3"; "p2", "p1-8", "pall". */
static int parse_range(const char *s, char letter, unsigned max, unsigned *lo, unsigned *hi)
{
    if (tolower((unsigned char)s[0]) != letter)
        return -1;
    char *end;
    unsigned long a = strtoul(s + 1, &end, 10);
    if (end == s + 1)
        return -1;
    unsigned long b = a;
    if (*end == '-') {
        const char *q = end + 1;
        if (tolower((unsigned char)*q) == letter)
            q++;
        b = strtoul(q, &end, 10);
        if (end == q)
            return -1;
    }
    if (*end || a > max || b > max || b < a)
        return -1;
    *lo = (unsigned)a;
    *hi = (unsigned)b;
    return 0;
}

static unsigned density_code(unsigned minutes)
{
    switch (minutes) {
    case 15:
        return 1;
    case 30:
        return 2;
    case 60:
        return 3;
    case 5:
        return 254;
    case 1:
        return 255;
    default:
        return 0;
    }
}

typedef struct labels {
    const char *data, *td, *tm, *from, *range;
    unsigned points, density_min;
} labels;

static int fail(char *why, size_t whycap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int fail(char *why, size_t whycap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, whycap, fmt, ap);
    va_end(ap);
    return -1;
}

/* The value of one unit when --data is absent: time labels, event pointers,
 * the clock for a time set, or nothing for an empty row. */
static mdc_value *default_value(mreq *r, const gdw13761_fn *row, const labels *lb,
                                const mdc_tm *now, char *why, size_t whycap)
{
    const gdw_field *l0 = &row->layout[0];
    if (l0->kind == GDW_FK_END)
        return NULL;
    mdc_value *o = mdc_v_add_obj(&r->arena, NULL, NULL);
    if (!o) {
        fail(why, whycap, "%s", "out of memory");
        return NULL;
    }
    mdc_tm t;
    if (l0->name && strcmp(l0->name, "td_d") == 0) {
        if (!lb->td || !mdc_tm_parse_iso(lb->td, &t) || (t.fields & MDC_TM_DATE) != MDC_TM_DATE)
            return fail(why, whycap, "%s needs --td YYYY-MM-DD", row->name), NULL;
        t.fields = MDC_TM_DATE;
        mdc_v_add_time(&r->arena, o, "td_d", &t);
    } else if (l0->name && strcmp(l0->name, "td_m") == 0) {
        if (!lb->tm || !mdc_tm_parse_iso(lb->tm, &t) ||
            (t.fields & (MDC_TM_YEAR | MDC_TM_MON)) != (MDC_TM_YEAR | MDC_TM_MON))
            return fail(why, whycap, "%s needs --tm YYYY-MM", row->name), NULL;
        t.fields = MDC_TM_YEAR | MDC_TM_MON;
        mdc_v_add_time(&r->arena, o, "td_m", &t);
    } else if (r->afn == 0x0D && l0->name &&
               (strcmp(l0->name, "td_c") == 0 || strcmp(l0->name, "time") == 0)) {
        /* the curve label Td_c, a GROUP td_c {time, density, points} (or flat) */
        if (!lb->from || !mdc_tm_parse_iso(lb->from, &t) ||
            (t.fields & (MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN)) !=
                (MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN) ||
            lb->points == 0 || lb->points > 255 || density_code(lb->density_min) == 0)
            return fail(why, whycap,
                        "%s (a curve) needs --from YYYY-MM-DDThh:mm, --points 1..255 and "
                        "--density 1|5|15|30|60",
                        row->name),
                   NULL;
        t.fields = MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN;
        mdc_value *g = l0->kind == GDW_FK_GROUP ? mdc_v_add_obj(&r->arena, o, l0->name) : o;
        mdc_v_add_time(&r->arena, g, "time", &t);
        mdc_v_add_int(&r->arena, g, "density", density_code(lb->density_min), NULL);
        mdc_v_add_int(&r->arena, g, "points", lb->points, NULL);
    } else if (r->afn == 0x0E) {
        unsigned a = 0, b = 255;
        if (lb->range && (sscanf(lb->range, "%u-%u", &a, &b) != 2 || a > 255 || b > 255))
            return fail(why, whycap, "--range wants A-B with 0..255, not %s", lb->range), NULL;
        mdc_v_add_int(&r->arena, o, "pm", a, NULL);
        mdc_v_add_int(&r->arena, o, "pn", b, NULL);
    } else if (r->afn == 0x05 && row->fn == 31) {
        mdc_tm c = *now;
        c.fields = MDC_TM_FULL | MDC_TM_WDAY;
        mdc_v_add_time(&r->arena, o, "time", &c);
    } else
        return fail(why, whycap, "%s needs --data JSON", row->name), NULL;
    return r->arena.full ? (fail(why, whycap, "%s", "out of memory"), NULL) : o;
}

/* --data as an array of {pn, fn, data}. */
static int units_from_array(mreq *r, const cJSON *arr, char *why, size_t whycap)
{
    for (const cJSON *u = arr->child; u; u = u->next) {
        const cJSON *pn = cJSON_GetObjectItemCaseSensitive(u, "pn");
        const cJSON *fn = cJSON_GetObjectItemCaseSensitive(u, "fn");
        const cJSON *data = cJSON_GetObjectItemCaseSensitive(u, "data");
        if (r->n >= MREQ_MAX_UNITS)
            return fail(why, whycap, "%s", "too many units");
        gdw13761_unit *x = &r->units[r->n];
        memset(x, 0, sizeof *x);
        if (pn && cJSON_IsString(pn) && strcmp(pn->valuestring, "all") == 0)
            x->pn = 0xFFFF;
        else if (pn && cJSON_IsNumber(pn) && pn->valuedouble >= 0 && pn->valuedouble <= 2040)
            x->pn = (uint16_t)pn->valuedouble;
        else if (!pn)
            x->pn = 0;
        else
            return fail(why, whycap, "%s", "--data units[].pn must be 0..2040 or \"all\"");
        if (!fn || !cJSON_IsNumber(fn) || fn->valuedouble < 1 || fn->valuedouble > 248)
            return fail(why, whycap, "%s", "--data units[].fn must be 1..248");
        x->fn = (uint16_t)fn->valuedouble;
        if (data && !cJSON_IsNull(data)) {
            x->value = valjson_from_json(data, &r->arena);
            if (!x->value)
                return fail(why, whycap, "%s", "out of memory");
        }
        r->n++;
    }
    return 0;
}

/* --data @FILE: the JSON text from a file (copied into the arena). */
static int read_data_file(mreq *r, const char **data, char *why, size_t whycap)
{
    FILE *f = fopen(*data + 1, "r");
    if (!f)
        return fail(why, whycap, "--data %s: cannot open", *data);
    static char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    if (n == sizeof text - 1)
        return fail(why, whycap, "--data %s: larger than 64 KiB", *data);
    *data = mdc_arena_strndup(&r->arena, text, n);
    return *data ? 0 : fail(why, whycap, "%s", "out of memory");
}

static int opt_value(int argc, char **argv, int *i, const char **out, char *why, size_t whycap)
{
    if (*i + 1 >= argc)
        return fail(why, whycap, "%s needs a value", argv[*i]);
    *out = argv[++*i];
    return 0;
}

int mreq_parse(int argc, char **argv, const mdc_tm *now, mreq *r, char *why, size_t whycap)
{
    mdc_arena_init(&r->arena, r->mem, sizeof r->mem);
    r->n = 0;
    r->file = NULL;
    r->file_id = 1;
    r->seg_size = 512;
    if (argc < 1)
        return fail(why, whycap, "%s", "REQUEST missing: AFN Fn... [pn...] [options]");
    char *end;
    unsigned long afn = strtoul(argv[0], &end, 16);
    if (*end || end == argv[0] || afn > 0xFF)
        return fail(why, whycap, "AFN must be hex 00..FF, not '%s'", argv[0]);
    r->afn = (uint8_t)afn;
    unsigned fns[GDW13761_FN_MAX + 1] = {0}, pns_lo[64], pns_hi[64];
    size_t nfn = 0, npr = 0;
    labels lb = {0};
    const char *s = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        unsigned lo, hi;
        const char **text_opt = strcmp(a, "--data") == 0    ? &lb.data
                                : strcmp(a, "--td") == 0    ? &lb.td
                                : strcmp(a, "--tm") == 0    ? &lb.tm
                                : strcmp(a, "--from") == 0  ? &lb.from
                                : strcmp(a, "--range") == 0 ? &lb.range
                                : strcmp(a, "--file") == 0  ? &r->file
                                                            : NULL;
        if (text_opt) {
            if (opt_value(argc, argv, &i, &s, why, whycap) != 0)
                return -1;
            *text_opt = s;
        } else if (strcmp(a, "--points") == 0 || strcmp(a, "--density") == 0 ||
                   strcmp(a, "--file-id") == 0 || strcmp(a, "--segment") == 0) {
            if (opt_value(argc, argv, &i, &s, why, whycap) != 0)
                return -1;
            unsigned long v = strtoul(s, &end, 10);
            if (*end || end == s || v > 65535)
                return fail(why, whycap, "%s wants a number", a);
            if (a[2] == 'p')
                lb.points = (unsigned)v;
            else if (a[2] == 'd')
                lb.density_min = (unsigned)v;
            else if (a[2] == 'f')
                r->file_id = (unsigned)v;
            else if (v < 16 || v > 16000)
                return fail(why, whycap, "%s", "--segment wants 16..16000 bytes");
            else
                r->seg_size = (unsigned)v;
        } else if (parse_range(a, 'f', GDW13761_FN_MAX, &lo, &hi) == 0 && lo >= 1) {
            for (unsigned k = lo; k <= hi; k++)
                if (!fns[k]) {
                    fns[k] = 1;
                    nfn++;
                }
        } else if (strcasecmp(a, "pall") == 0) {
            if (npr >= 64)
                return fail(why, whycap, "%s", "too many pn ranges");
            pns_lo[npr] = pns_hi[npr] = 0xFFFF;
            npr++;
        } else if (parse_range(a, 'p', GDW13761_PN_MAX, &lo, &hi) == 0) {
            if (npr >= 64)
                return fail(why, whycap, "%s", "too many pn ranges");
            pns_lo[npr] = lo;
            pns_hi[npr] = hi;
            npr++;
        } else
            return fail(why, whycap, "unknown REQUEST word '%s' (Fn like F129, pn like p1-8)", a);
    }
    if (r->file && (r->afn != 0x0F))
        return fail(why, whycap, "%s", "--file is for AFN 0F");
    if (r->file)
        return 0; /* the segments are built by the sender (master send) */
    if (lb.data && lb.data[0] == '@' && read_data_file(r, &lb.data, why, whycap) != 0)
        return -1;
    cJSON *data = NULL;
    if (lb.data) {
        data = cJSON_Parse(lb.data);
        if (!data || !(cJSON_IsObject(data) || cJSON_IsArray(data))) {
            cJSON_Delete(data);
            return fail(why, whycap, "--data is not a JSON object or array: %.80s", lb.data);
        }
        if (cJSON_IsArray(data)) {
            int rc = units_from_array(r, data, why, whycap);
            cJSON_Delete(data);
            if (rc == 0 && r->n == 0)
                return fail(why, whycap, "%s", "--data array has no units");
            return rc;
        }
    }
    if (nfn == 0) {
        cJSON_Delete(data);
        return fail(why, whycap, "%s", "no Fn given (e.g. F1 or F1-F3)");
    }
    if (npr == 0) {
        pns_lo[0] = pns_hi[0] = 0;
        npr = 1;
    }
    int rc = 0;
    for (size_t k = 0; k < npr && rc == 0; k++)
        for (unsigned pn = pns_lo[k]; pn <= pns_hi[k] && rc == 0; pn++)
            for (unsigned fn = 1; fn <= GDW13761_FN_MAX && rc == 0; fn++) {
                if (!fns[fn])
                    continue;
                const gdw13761_fn *row = gdw13761_cat_find(r->afn, (uint16_t)fn, GDW13761_DOWN);
                if (!row) {
                    snprintf(why, whycap, "AFN%02X F%u is not catalogued downlink", r->afn, fn);
                    rc = -1;
                    break;
                }
                if (r->n >= MREQ_MAX_UNITS) {
                    rc = fail(why, whycap, "%s", "too many units");
                    break;
                }
                gdw13761_unit *x = &r->units[r->n++];
                memset(x, 0, sizeof *x);
                x->pn = (uint16_t)pn;
                x->fn = (uint16_t)fn;
                if (data) {
                    x->value = valjson_from_json(data, &r->arena);
                    if (!x->value)
                        rc = fail(why, whycap, "%s", "out of memory");
                } else {
                    x->value = default_value(r, row, &lb, now, why, whycap);
                    if (!x->value && row->layout[0].kind != GDW_FK_END)
                        rc = -1;
                }
            }
    cJSON_Delete(data);
    return rc;
}

int mreq_encode(const mreq *r, uint8_t *out, size_t cap, size_t *written, char *why, size_t whycap)
{
    gdw13761_err err;
    if (gdw13761_msg_encode_units(r->afn, false, r->units, r->n, out, cap, written, NULL, 0, NULL,
                                  &err) != 0)
        return fail(why, whycap, "%s", err.msg);
    return 0;
}
