/* master send: one REQUEST to one terminal, the decoded answer printed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "answer.h"
#include "gdw13761/frame.h"
#include "master.h"
#include "mdc/hex.h"
#include "msgjson.h"
#include "request.h"

void send_opts_init(send_opts *o)
{
    memset(o, 0, sizeof *o);
    o->tp = -1;
    o->tp_delay = 5;
    o->timeout_ms = 5000;
    o->retries = 2;
    o->link.control = MASTER_DEFAULT_CONTROL;
}

static int read_key(const char *path, uint8_t pw[16], char *why, size_t whycap)
{
    FILE *f = fopen(path, "r");
    char text[128] = "";
    if (!f || !fgets(text, sizeof text, f)) {
        snprintf(why, whycap, "--key %s: %s", path, f ? "empty" : strerror(errno));
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    text[strcspn(text, "\r\n")] = 0;
    if (mdc_hex_parse(text, pw, 16, NULL) != 16) {
        snprintf(why, whycap, "--key %s: want 16 bytes of hex (32 digits)", path);
        return -1;
    }
    return 0;
}

static int num(const char *s, unsigned max, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || v > max)
        return -1;
    *out = (unsigned)v;
    return 0;
}

int send_opts_parse(int argc, char **argv, send_opts *o, char **rest, int *nrest, char *why,
                    size_t whycap)
{
    *nrest = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned x = 0;
        if (strcmp(a, "--json") == 0)
            o->json = true;
        else if (strcmp(a, "--infrared") == 0)
            o->link.infrared = true;
        else if (strcmp(a, "--verbose") == 0)
            o->link.verbose = true;
        else if (strcmp(a, "--no-tp") == 0)
            o->tp = 0;
        else if (strcmp(a, "--tp") == 0)
            o->tp = 1;
        else if (strcmp(a, "--to") == 0 || strcmp(a, "--control") == 0 ||
                 strcmp(a, "--serial") == 0 || strcmp(a, "--baud") == 0 || strcmp(a, "--pw") == 0 ||
                 strcmp(a, "--key") == 0 || strcmp(a, "--tp-delay") == 0 ||
                 strcmp(a, "--timeout") == 0 || strcmp(a, "--retries") == 0 ||
                 strcmp(a, "--msa") == 0) {
            if (!v) {
                snprintf(why, whycap, "%s needs a value", a);
                return -1;
            }
            i++;
            int bad = 0;
            if (strcmp(a, "--to") == 0) {
                bad = mreq_parse_addr(v, o->a1, &o->a2);
                o->has_to = bad == 0;
            } else if (strcmp(a, "--control") == 0)
                o->link.control = v;
            else if (strcmp(a, "--serial") == 0)
                o->link.serial = v;
            else if (strcmp(a, "--baud") == 0)
                bad = num(v, 115200, &o->link.baud);
            else if (strcmp(a, "--pw") == 0)
                bad = mdc_hex_parse(v, o->pw, sizeof o->pw, NULL) != 16;
            else if (strcmp(a, "--key") == 0) {
                if (read_key(v, o->pw, why, whycap) != 0)
                    return -1;
            } else if (strcmp(a, "--tp-delay") == 0)
                bad = num(v, 255, &o->tp_delay);
            else if (strcmp(a, "--timeout") == 0)
                bad = num(v, 3600000, &o->timeout_ms) || o->timeout_ms == 0;
            else if (strcmp(a, "--retries") == 0)
                bad = num(v, 3, &o->retries);
            else {
                bad = num(v, 127, &x);
                o->link.msa = (uint8_t)x;
            }
            if (bad) {
                snprintf(why, whycap, "bad value for %s: %s", a, v);
                return -1;
            }
        } else
            rest[(*nrest)++] = argv[i];
    }
    return 0;
}

static void fill_req(const send_opts *o, uint8_t afn, const uint8_t *units, size_t len, mst_req *rq)
{
    memset(rq, 0, sizeof *rq);
    rq->afn = afn;
    rq->units = units;
    rq->units_len = len;
    memcpy(rq->pw, o->pw, sizeof rq->pw);
    rq->tp = o->tp == 1 || (o->tp == -1 && gdw13761_aux_has_pw(afn, false));
    rq->tp_delay_min = (uint8_t)o->tp_delay;
    rq->timeout_ms = o->timeout_ms;
    rq->retries = o->retries;
}

static char *words(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *s = malloc(n);
    if (!s)
        return NULL;
    s[0] = 0;
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

/* Prints one outcome and builds its JSON line; returns the exit status. */
static int report(const send_opts *o, const char *request, const mlink_result *res, const mans *a,
                  FILE *out, FILE *err, char **json)
{
    char to[16];
    snprintf(to, sizeof to, "%s-%u", o->a1, o->a2);
    cJSON *j = res->status == MLINK_ANSWER ? mans_json(a) : cJSON_CreateObject();
    cJSON_AddStringToObject(j, "to", to);
    cJSON_AddStringToObject(j, "request", request);
    int rc;
    if (res->status == MLINK_TIMEOUT || res->status == MLINK_ERROR) {
        cJSON_AddStringToObject(j, "result", res->status == MLINK_TIMEOUT ? "timeout" : "error");
        cJSON_AddStringToObject(j, "reason", res->reason);
        rc = res->status == MLINK_TIMEOUT ? MASTER_EXIT_TIMEOUT : MASTER_EXIT_LINK;
        if (err)
            fprintf(err, "master send: %s: %s\n", to, res->reason);
    } else {
        cJSON_AddNumberToObject(j, "tries", res->tries);
        rc = a->status == MANS_OK     ? MASTER_EXIT_OK
             : a->status == MANS_DENY ? MASTER_EXIT_DENY
                                      : MASTER_EXIT_MALFORMED;
        if (out && !o->json) {
            fprintf(out, "%s <- %s\n", to, request);
            mans_print(out, a);
        }
        if (err && rc != 0)
            fprintf(err, "master send: %s: %s\n", to, a->reason);
    }
    char *txt = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    if (out && o->json && txt)
        fprintf(out, "%s\n", txt);
    if (json)
        *json = txt;
    else
        free(txt);
    return rc;
}

/* AFN0F F1: the whole file in segments, one request each, with progress. */
static int send_file(mlink *l, const send_opts *o, const mreq *r, const char *request, mans *a,
                     FILE *out, FILE *err, char **json)
{
    FILE *f = fopen(r->file, "rb");
    if (!f) {
        if (err)
            fprintf(err, "master send: %s: %s\n", r->file, strerror(errno));
        return MASTER_EXIT_USAGE;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned nseg = size <= 0 ? 1 : (unsigned)((size + r->seg_size - 1) / r->seg_size);
    if (nseg > 65535) {
        fclose(f);
        if (err)
            fprintf(err, "master send: %s: more than 65535 segments\n", r->file);
        return MASTER_EXIT_USAGE;
    }
    static uint8_t seg[16000], region[16384], mem[4096];
    mlink_result res = {0};
    int rc = MASTER_EXIT_OK;
    for (unsigned i = 0; i < nseg && rc == MASTER_EXIT_OK; i++) {
        size_t got = fread(seg, 1, r->seg_size, f);
        mdc_arena ar;
        mdc_arena_init(&ar, mem, sizeof mem);
        mdc_value *v = mdc_v_add_obj(&ar, NULL, NULL);
        mdc_v_add_int(&ar, v, "file_id", r->file_id, NULL);
        mdc_v_add_int(&ar, v, "attr", i + 1 == nseg ? 1 : 0, NULL);
        mdc_v_add_int(&ar, v, "command", 0, NULL);
        mdc_v_add_int(&ar, v, "segments", nseg, NULL);
        mdc_v_add_int(&ar, v, "segment", i, NULL);
        mdc_v_add_bytes(&ar, v, "data", MDC_V_BYTES, seg, got);
        gdw13761_unit u = {.pn = 0, .fn = 1, .value = v};
        size_t n;
        gdw13761_err e;
        if (gdw13761_msg_encode_units(0x0F, false, &u, 1, region, sizeof region, &n, NULL, 0, NULL,
                                      &e) != 0) {
            if (err)
                fprintf(err, "master send: segment %u: %s\n", i, e.msg);
            rc = MASTER_EXIT_USAGE;
            break;
        }
        mst_req rq;
        fill_req(o, 0x0F, region, n, &rq);
        mlink_exchange(l, o->a1, o->a2, &rq, &res);
        if (res.status != MLINK_ANSWER) {
            rc = report(o, request, &res, a, out, err, json);
            break;
        }
        mans_decode(a, 0x0F, res.afn, res.fc, res.frames, res.units, res.units_len);
        int64_t ack_seg = -1;
        if (a->status == MANS_OK && a->afn == 0x0F && a->m.nunits == 1)
            mdc_v_int(mdc_v_get(a->units[0].value, "segment"), &ack_seg);
        if (a->status == MANS_OK && ack_seg != (int64_t)i) {
            a->status = MANS_MALFORMED;
            snprintf(a->reason, sizeof a->reason, "segment %u answered with segment %lld", i,
                     (long long)ack_seg);
        }
        if (a->status != MANS_OK || i + 1 == nseg) {
            rc = report(o, request, &res, a, out, err, json);
            break;
        }
        if (out && o->json)
            fprintf(out, "{\"progress\":{\"segment\":%u,\"segments\":%u,\"bytes\":%zu}}\n", i + 1,
                    nseg, (size_t)(i + 1) * r->seg_size);
        else if (err)
            fprintf(err, "master send: %s segment %u/%u (%u%%)\n", r->file, i + 1, nseg,
                    (i + 1) * 100 / nseg);
    }
    free(res.units);
    fclose(f);
    return rc;
}

int master_send_one(mlink *l, const send_opts *o, int argc, char **argv, FILE *out, FILE *err,
                    char **json)
{
    static mreq r;
    static mans a;
    static uint8_t region[GDW13761_FRAME_MAX];
    char why[256];
    if (json)
        *json = NULL;
    mdc_tm clock;
    master_clock(&clock);
    if (mreq_parse(argc, argv, &clock, &r, why, sizeof why) != 0) {
        if (err)
            fprintf(err, "master send: REQUEST: %s\n", why);
        return MASTER_EXIT_USAGE;
    }
    char *request = words(argc, argv);
    int rc;
    if (r.file)
        rc = send_file(l, o, &r, request ? request : "", &a, out, err, json);
    else {
        size_t n;
        if (mreq_encode(&r, region, sizeof region, &n, why, sizeof why) != 0) {
            if (err)
                fprintf(err, "master send: REQUEST: %s\n", why);
            free(request);
            return MASTER_EXIT_USAGE;
        }
        mst_req rq;
        fill_req(o, r.afn, region, n, &rq);
        mlink_result res = {0};
        if (mlink_exchange(l, o->a1, o->a2, &rq, &res) == MLINK_ANSWER)
            mans_decode(&a, r.afn, res.afn, res.fc, res.frames, res.units, res.units_len);
        rc = report(o, request ? request : "", &res, &a, out, err, json);
        free(res.units);
    }
    free(request);
    return rc;
}

static void send_usage(FILE *f)
{
    fputs("usage: master send --to A1-A2 [--control SOCKET | --serial PATH [--baud N] "
          "[--infrared]]\n"
          "                   [--json] [--pw HEX | --key FILE] [--tp | --no-tp] [--tp-delay MIN]\n"
          "                   [--timeout MS] [--retries 0..3] [--msa N] [--verbose] REQUEST\n"
          "REQUEST: AFN Fn... [pn...] [--data JSON] [--td DATE] [--tm YYYY-MM]\n"
          "         [--from TIME --points N --density MIN] [--range A-B]\n"
          "         [--file PATH [--file-id N] [--segment BYTES]]   (docs/master.md)\n",
          f);
}

int master_send_main(int argc, char **argv)
{
    if (argc == 1 && strcmp(argv[0], "--help") == 0) {
        send_usage(stdout);
        return 0;
    }
    send_opts o;
    send_opts_init(&o);
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int nrest;
    char why[256];
    int prc = rest ? send_opts_parse(argc, argv, &o, rest, &nrest, why, sizeof why) : -1;
    if (prc != 0 || !o.has_to) {
        fprintf(stderr, "master send: %s\n",
                !rest      ? "out of memory"
                : prc != 0 ? why
                           : "--to A1-A2 is required");
        send_usage(stderr);
        free(rest);
        return MASTER_EXIT_USAGE;
    }
    mlink *l = mlink_open(&o.link, why, sizeof why);
    if (!l) {
        fprintf(stderr, "master send: %s\n", why);
        free(rest);
        return MASTER_EXIT_LINK;
    }
    int rc = master_send_one(l, &o, nrest, rest, stdout, stderr, NULL);
    mlink_close(l);
    free(rest);
    return rc;
}
