/* frametool: Q/GDW 1376.1 decode (text and JSON Lines) and encode from the
 * same JSON shape decode prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ft.h"
#include "gdw13761/catalog.h"
#include "gdw13761/frame.h"
#include "gdw13761/msg.h"
#include "mdc/hex.h"
#include "msgjson.h"
#include "valjson.h"

#define MAX_UNITS 1024

typedef struct decoded {
    gdw13761_msg m;
    gdw13761_unit units[MAX_UNITS];
    uint8_t mem[1 << 20];
    mdc_arena arena;
    gdw13761_err err;
    int rc;
    bool cs_ok;
} decoded;

/* Sum check done here so a frame with a wrong CS can still be shown. */
static bool check_cs(const uint8_t *p, size_t n, size_t *flen)
{
    if (n < 8 || p[0] != 0x68)
        return true;
    size_t l1 = (size_t)(p[1] | p[2] << 8) >> 2;
    if (n < l1 + 8)
        return true;
    uint8_t cs = 0;
    for (size_t i = 6; i < 6 + l1; i++)
        cs = (uint8_t)(cs + p[i]);
    *flen = l1 + 8;
    return cs == p[6 + l1];
}

static void decode_into(decoded *d, const uint8_t *p, size_t n)
{
    static uint8_t copy[GDW13761_FRAME_MAX];
    size_t flen = 0;
    mdc_arena_init(&d->arena, d->mem, sizeof d->mem);
    d->cs_ok = check_cs(p, n, &flen);
    if (!d->cs_ok && flen <= sizeof copy) {
        memcpy(copy, p, flen);
        size_t l1 = flen - 8;
        uint8_t cs = 0;
        for (size_t i = 6; i < 6 + l1; i++)
            cs = (uint8_t)(cs + copy[i]);
        copy[6 + l1] = cs;
        p = copy;
        n = flen;
    }
    d->rc = gdw13761_msg_decode(p, n, &d->m, d->units, MAX_UNITS, &d->arena, &d->err);
}

/* Finds forwarded DL/T 645 bytes ("frame" BYTES members) and decodes them nested. */
static void nest_645(cJSON *data, const mdc_value *v)
{
    if (!v || v->kind != MDC_V_OBJECT)
        return;
    const mdc_value *fr = mdc_v_get(v, "frame");
    if (fr && fr->kind == MDC_V_BYTES && fr->u.bytes.len) {
        cJSON *j = ft645_json(fr->u.bytes.p, fr->u.bytes.len);
        if (j)
            cJSON_AddItemToObject(data, "frame_decoded", j);
    }
}

static cJSON *msg_json(const decoded *d)
{
    cJSON *j = msgjson_msg(&d->m, d->m.complete ? NULL : &d->err);
    if (!j)
        return NULL;
    if (d->m.frame.afn == 0x10) { /* forwarded meter frames, decoded nested */
        cJSON *units = cJSON_GetObjectItemCaseSensitive(j, "units");
        for (size_t i = 0; i < d->m.nunits; i++) {
            cJSON *data =
                cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(units, (int)i), "data");
            if (data && d->units[i].value)
                nest_645(data, d->units[i].value);
        }
    }
    cJSON_AddBoolToObject(j, "cs_ok", d->cs_ok);
    return j;
}

static void print_text(const decoded *d)
{
    const gdw13761_frame *f = &d->m.frame;
    char buf[256];
    printf("Q/GDW 1376.1 %s  C=%s%s%s fc %u (%s)\n",
           f->dir ? "up (terminal -> master)" : "down (master -> terminal)", f->prm ? "PRM " : "",
           f->dir ? (f->acd ? "ACD " : "") : (f->fcb ? "FCB " : ""), f->fcv ? "FCV " : "", f->fc,
           gdw13761_fc_name(f->prm, f->fc));
    printf("  address A1 %s  A2 %u (%04XH)%s  MSA %u%s\n", f->a1, f->a2, f->a2,
           f->group ? " group" : "", f->msa, gdw13761_addr_is_broadcast(f) ? "  BROADCAST" : "");
    printf("  AFN %02XH %s   SEQ %u%s%s%s%s\n", f->afn, msgjson_afn_name(f->afn), f->seq,
           f->fir ? " FIR" : "", f->fin ? " FIN" : "", f->con ? " CON" : "", f->tpv ? " TpV" : "");
    fflush(stdout);
    msgjson_print_units(stdout, f->afn, d->units, d->m.nunits);
    for (size_t i = 0; f->afn == 0x10 && i < d->m.nunits; i++) {
        const mdc_value *fr = mdc_v_get(d->units[i].value, "frame");
        if (fr && fr->kind == MDC_V_BYTES && fr->u.bytes.len) {
            printf("  p%u F%u forwarded frame:\n", d->units[i].pn, d->units[i].fn);
            ft_opts o = {FT_645, false};
            fflush(stdout);
            if (ft645_decode_one(fr->u.bytes.p, fr->u.bytes.len, &o) < 0)
                printf("    (not a DL/T 645 frame)\n");
        }
    }
    if (!d->m.complete)
        printf("  decoding stopped: %s\n", d->err.msg);
    if (f->has_pw)
        printf("  PW %s\n", mdc_hex_format(f->pw, sizeof f->pw, ' ', buf, sizeof buf));
    if (f->has_ec)
        printf("  EC important %u, general %u\n", f->ec1, f->ec2);
    if (f->tpv)
        printf("  Tp PFC %u, sent day %02u %02u:%02u:%02u, allowed delay %u min\n", f->tp.pfc,
               f->tp.day, f->tp.hour, f->tp.min, f->tp.sec, f->tp.delay_min);
    printf("  checksum %s\n", d->cs_ok ? "ok" : "WRONG");
}

long ft13761_decode_one(const uint8_t *p, size_t n, const ft_opts *o)
{
    static decoded d;
    size_t fe = 0;
    while (fe < n && p[fe] == 0xFE)
        fe++;
    decode_into(&d, p + fe, n - fe);
    if (d.rc != 0 && d.m.nunits == 0 && d.err.code == GDW13761_E_FRAME) {
        fprintf(stderr, "frametool: not a 1376.1 frame: %s (byte %zu)\n", d.err.msg,
                d.err.offset + fe);
        return -1;
    }
    if (o->json)
        ft_print_json(msg_json(&d));
    else
        print_text(&d);
    if (!d.cs_ok) {
        fflush(stdout); /* the frame first, then why it is rejected */
        fprintf(stderr, "frametool: 1376.1 frame rejected: bad checksum\n");
        return -1;
    }
    if (d.rc != 0) {
        fprintf(stderr, "frametool: 1376.1 data units: %s\n", d.err.msg);
        return -1;
    }
    size_t flen = 0;
    check_cs(p + fe, n - fe, &flen);
    return (long)(fe + flen);
}

/* ---- encode ---- */

static bool get_bool(const cJSON *o, const char *k, bool def)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return v ? cJSON_IsTrue(v) : def;
}

static bool get_int(const cJSON *o, const char *k, long lo, long hi, long def, long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!v) {
        *out = def;
        return true;
    }
    if (cJSON_IsString(v)) { /* hex like "0C" accepted for afn */
        char *end;
        long x = strtol(v->valuestring, &end, 16);
        if (*end || x < lo || x > hi)
            return false;
        *out = x;
        return true;
    }
    if (!cJSON_IsNumber(v) || v->valuedouble < (double)lo || v->valuedouble > (double)hi)
        return false;
    *out = (long)v->valuedouble;
    return true;
}

static int fail(const char *what)
{
    fprintf(stderr, "frametool: encode 1376.1: %s\n", what);
    return 2;
}

static int encode_json(const char *text)
{
    static uint8_t mem[1 << 20];
    static gdw13761_unit units[MAX_UNITS];
    static uint8_t out[GDW13761_FRAME_MAX];
    mdc_arena a;
    mdc_arena_init(&a, mem, sizeof mem);
    cJSON *j = cJSON_Parse(text);
    if (!j || !cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return fail("DESCRIPTION is not a JSON object");
    }
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    const cJSON *dir = cJSON_GetObjectItemCaseSensitive(j, "dir");
    f.dir = dir && cJSON_IsString(dir) && strcmp(dir->valuestring, "up") == 0;
    f.prm = get_bool(j, "prm", true);
    if (f.dir)
        f.acd = get_bool(j, "fcb_acd", false);
    else
        f.fcb = get_bool(j, "fcb_acd", false);
    f.fcv = get_bool(j, "fcv", false);
    long v;
    int rc = 2;
    if (!get_int(j, "fc", 0, 15, f.dir ? 8 : 11, &v))
        goto bad_fc;
    f.fc = (uint8_t)v;
    const cJSON *a1 = cJSON_GetObjectItemCaseSensitive(j, "a1");
    snprintf(f.a1, sizeof f.a1, "%s", a1 && cJSON_IsString(a1) ? a1->valuestring : "0000");
    if (!get_int(j, "a2", 0, 65535, 1, &v)) {
        cJSON_Delete(j);
        return fail("a2 must be 1..65535");
    }
    f.a2 = (uint16_t)v;
    if (!get_int(j, "msa", 0, 127, 0, &v)) {
        cJSON_Delete(j);
        return fail("msa must be 0..127");
    }
    f.msa = (uint8_t)v;
    f.group = get_bool(j, "group", false);
    if (!get_int(j, "afn", 0, 255, -1, &v) || v < 0) {
        cJSON_Delete(j);
        return fail("afn missing or not 0..255");
    }
    f.afn = (uint8_t)v;
    const cJSON *seq = cJSON_GetObjectItemCaseSensitive(j, "seq");
    f.tpv = get_bool(seq, "tpv", false);
    f.fir = get_bool(seq, "fir", true);
    f.fin = get_bool(seq, "fin", true);
    f.con = get_bool(seq, "con", false);
    if (!get_int(seq, "seq", 0, 15, 0, &v)) {
        cJSON_Delete(j);
        return fail("seq.seq must be 0..15");
    }
    f.seq = (uint8_t)v;
    const cJSON *ec = cJSON_GetObjectItemCaseSensitive(j, "ec");
    if (ec) {
        long e1, e2;
        if (!get_int(ec, "important", 0, 255, 0, &e1) || !get_int(ec, "general", 0, 255, 0, &e2)) {
            cJSON_Delete(j);
            return fail("ec counters must be 0..255");
        }
        f.ec1 = (uint8_t)e1;
        f.ec2 = (uint8_t)e2;
        if (f.dir && !f.acd)
            f.acd = true;
    }
    const cJSON *tp = cJSON_GetObjectItemCaseSensitive(j, "tp");
    if (tp) {
        long pfc, dl;
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(tp, "time");
        mdc_tm tm;
        if (!get_int(tp, "pfc", 0, 255, 0, &pfc) || !get_int(tp, "delay_min", 0, 255, 0, &dl) ||
            !t || !cJSON_IsString(t) || !mdc_tm_parse_iso(t->valuestring, &tm) ||
            (tm.fields & (MDC_TM_DAY | MDC_TM_HOUR | MDC_TM_MIN | MDC_TM_SEC)) !=
                (MDC_TM_DAY | MDC_TM_HOUR | MDC_TM_MIN | MDC_TM_SEC)) {
            cJSON_Delete(j);
            return fail("tp needs pfc, delay_min and time with day, hour, minute, second");
        }
        gdw13761_tp_from_tm(&f.tp, (uint8_t)pfc, &tm, (uint8_t)dl);
        f.tpv = true;
    }
    const cJSON *pw = cJSON_GetObjectItemCaseSensitive(j, "pw");
    if (pw && cJSON_IsString(pw) &&
        mdc_hex_parse(pw->valuestring, f.pw, sizeof f.pw, NULL) != (long)sizeof f.pw) {
        cJSON_Delete(j);
        return fail("pw must be 16 hex bytes");
    }
    const cJSON *ju = cJSON_GetObjectItemCaseSensitive(j, "units");
    size_t n = 0;
    for (const cJSON *u = ju ? ju->child : NULL; u; u = u->next) {
        if (n >= MAX_UNITS) {
            cJSON_Delete(j);
            return fail("too many units");
        }
        gdw13761_unit *x = &units[n];
        memset(x, 0, sizeof *x);
        const cJSON *pn = cJSON_GetObjectItemCaseSensitive(u, "pn");
        if (pn && cJSON_IsString(pn) && strcmp(pn->valuestring, "all") == 0)
            x->pn = GDW13761_PN_ALL;
        else if (get_int(u, "pn", 0, 2040, 0, &v))
            x->pn = (uint16_t)v;
        else {
            cJSON_Delete(j);
            return fail("units[].pn must be 0..2040 or \"all\"");
        }
        if (!get_int(u, "fn", 1, 248, 0, &v) || v == 0) {
            cJSON_Delete(j);
            return fail("units[].fn must be 1..248");
        }
        x->fn = (uint16_t)v;
        const cJSON *data = cJSON_GetObjectItemCaseSensitive(u, "data");
        const gdw13761_fn *row =
            gdw13761_cat_find(f.afn, x->fn, f.dir ? GDW13761_UP : GDW13761_DOWN);
        if (!row && data && cJSON_IsString(data)) { /* raw bytes of an uncatalogued unit */
            uint8_t raw[4096];
            long rn = mdc_hex_parse(data->valuestring, raw, sizeof raw, NULL);
            if (rn < 0) {
                cJSON_Delete(j);
                return fail("raw unit data must be hex");
            }
            x->value = mdc_v_add_bytes(&a, NULL, NULL, MDC_V_BYTES, raw, (size_t)rn);
        } else if (data && !cJSON_IsNull(data)) {
            x->value = valjson_from_json(data, &a);
            if (!x->value) {
                cJSON_Delete(j);
                return fail("out of memory for the unit values");
            }
        }
        n++;
    }
    cJSON_Delete(j);
    size_t written;
    gdw13761_err err;
    if (gdw13761_msg_encode(&f, units, n, out, sizeof out, &written, &err) != 0) {
        fprintf(stderr, "frametool: encode 1376.1: %s\n", err.msg);
        return 1;
    }
    static char hx[GDW13761_FRAME_MAX * 3 + 1];
    puts(mdc_hex_format(out, written, ' ', hx, sizeof hx));
    rc = 0;
    return rc;
bad_fc:
    cJSON_Delete(j);
    return fail("fc must be 0..15");
}

int ft13761_encode_main(int argc, char **argv)
{
    if (argc == 1 && strcmp(argv[0], "--help") == 0) {
        puts(
            "usage: frametool encode 1376.1 --json DESCRIPTION\n"
            "  DESCRIPTION is the JSON object `frametool decode --json` prints for a 1376.1 frame\n"
            "  (dir, prm, fcb_acd, fcv, fc, a1, a2, msa, group, afn, seq{...}, units[{pn, fn, "
            "data}],\n"
            "  ec, tp, pw); missing link fields take defaults. '-' reads it from standard input.");
        return 0;
    }
    if (argc != 2 || strcmp(argv[0], "--json") != 0) {
        fputs("usage: frametool encode 1376.1 --json DESCRIPTION|-\n", stderr);
        return 2;
    }
    if (strcmp(argv[1], "-") == 0) {
        static char text[1 << 22];
        size_t n = fread(text, 1, sizeof text - 1, stdin);
        if (n == sizeof text - 1)
            return fail("description on standard input is too large");
        text[n] = 0;
        return encode_json(text);
    }
    return encode_json(argv[1]);
}
