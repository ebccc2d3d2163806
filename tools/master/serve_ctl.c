/* master serve, control socket side: the line protocol `master send`,
 * `terminals` and `reports` use (docs/master.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "master.h"
#include "mdc/hex.h"
#include "serve.h"

/* ---- control replies ---- */

void srv_ctl_reply(ctl *k, cJSON *j)
{
    char *txt = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    if (!txt)
        return;
    size_t n = strlen(txt);
    txt[n] = '\n';
    if (!k->closing)
        srv_send_bytes((uv_stream_t *)&k->pipe, txt, n + 1);
    free(txt);
}

void srv_ctl_error(ctl *k, const char *error, const char *reason)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddBoolToObject(j, "ok", false);
    cJSON_AddStringToObject(j, "error", error);
    cJSON_AddStringToObject(j, "reason", reason);
    srv_ctl_reply(k, j);
}

void srv_answer_waiter(term *t)
{
    ctl *k = t->waiter;
    t->waiter = NULL;
    if (!k)
        return;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddBoolToObject(j, "ok", true);
    cJSON_AddNumberToObject(j, "afn", t->t.ans_afn);
    cJSON_AddNumberToObject(j, "fc", t->t.ans_fc);
    cJSON_AddNumberToObject(j, "frames", t->t.ans_frames);
    cJSON_AddNumberToObject(j, "tries", t->t.tries);
    char *hx = malloc(t->t.reasm.len * 2 + 1);
    if (hx) {
        cJSON_AddStringToObject(
            j, "units",
            mdc_hex_format(t->t.reasm.buf, t->t.reasm.len, 0, hx, t->t.reasm.len * 2 + 1));
        free(hx);
    }
    srv_ctl_reply(k, j);
}

/* ---- control socket ---- */

static cJSON *term_json(srv *s, const term *t)
{
    char buf[40];
    cJSON *j = cJSON_CreateObject();
    snprintf(buf, sizeof buf, "%s-%u", t->t.a1, t->t.a2);
    cJSON_AddStringToObject(j, "address", buf);
    cJSON_AddBoolToObject(j, "online", t->t.online && t->c);
    cJSON_AddStringToObject(j, "peer", t->c ? t->c->peer : "");
    int64_t now = (int64_t)uv_now(s->loop);
    if (t->t.last_hb_ms)
        cJSON_AddNumberToObject(j, "last_heartbeat_s", (double)(now - t->t.last_hb_ms) / 1000.0);
    if (t->t.hb_clock.fields) {
        mdc_tm_format_iso(&t->t.hb_clock, buf, sizeof buf);
        cJSON_AddStringToObject(j, "clock", buf);
    }
    cJSON_AddNumberToObject(j, "pfc", t->t.pfc);
    cJSON_AddNumberToObject(j, "logins", t->t.logins);
    cJSON_AddNumberToObject(j, "heartbeats", t->t.heartbeats);
    cJSON_AddNumberToObject(j, "reports", t->t.reports);
    cJSON_AddNumberToObject(j, "frames", t->t.frames_in);
    return j;
}

static void op_terminals(ctl *k)
{
    srv *s = k->s;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddBoolToObject(j, "ok", true);
    cJSON_AddNumberToObject(j, "connections", (double)s->nconns);
    cJSON *arr = cJSON_AddArrayToObject(j, "terminals");
    for (size_t i = 0; i < s->nterms; i++)
        cJSON_AddItemToArray(arr, term_json(s, s->terms[i]));
    srv_ctl_reply(k, j);
}

/* {"op":"reports","to"?:"A1-A2","after"?:N}: the kept report frames numbered above N. */
static void op_reports(ctl *k, const cJSON *req)
{
    srv *s = k->s;
    const cJSON *to = cJSON_GetObjectItemCaseSensitive(req, "to");
    const cJSON *after = cJSON_GetObjectItemCaseSensitive(req, "after");
    uint64_t from =
        cJSON_IsNumber(after) && after->valuedouble > 0 ? (uint64_t)after->valuedouble : 0;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddBoolToObject(j, "ok", true);
    cJSON_AddNumberToObject(j, "total", (double)s->nreports);
    cJSON *arr = cJSON_AddArrayToObject(j, "reports");
    uint64_t first = s->nreports > REPORTS_KEPT ? s->nreports - REPORTS_KEPT + 1 : 1;
    for (uint64_t i = first > from + 1 ? first : from + 1; i <= s->nreports; i++) {
        const report *r = &s->reports[(i - 1) % REPORTS_KEPT];
        if (cJSON_IsString(to) && strcasecmp(to->valuestring, r->to) != 0)
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "n", (double)r->n);
        cJSON_AddStringToObject(o, "ts", r->ts);
        cJSON_AddStringToObject(o, "to", r->to);
        char *hx = malloc(r->len * 2 + 1);
        if (hx)
            cJSON_AddStringToObject(o, "frame",
                                    mdc_hex_format(r->frame, r->len, 0, hx, r->len * 2 + 1));
        free(hx);
        cJSON_AddItemToArray(arr, o);
    }
    srv_ctl_reply(k, j);
}

static int get_uint(const cJSON *j, const char *key, unsigned max, unsigned def, unsigned *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
    if (!v) {
        *out = def;
        return 0;
    }
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > max)
        return -1;
    *out = (unsigned)v->valuedouble;
    return 0;
}

static void op_request(ctl *k, const cJSON *j)
{
    srv *s = k->s;
    const cJSON *to = cJSON_GetObjectItemCaseSensitive(j, "to");
    const cJSON *units = cJSON_GetObjectItemCaseSensitive(j, "units");
    const cJSON *pw = cJSON_GetObjectItemCaseSensitive(j, "pw");
    char a1[5];
    uint16_t a2 = 0;
    unsigned afn, timeout, retries, delay, tp;
    if (!cJSON_IsString(to) || sscanf(to->valuestring, "%4[0-9A-Fa-f]-%hu", a1, &a2) != 2 ||
        get_uint(j, "afn", 255, 256, &afn) || afn > 255 || !cJSON_IsString(units) ||
        get_uint(j, "timeout_ms", 3600000, 10000, &timeout) || timeout == 0 ||
        get_uint(j, "retries", 3, 2, &retries) || get_uint(j, "tp_delay", 255, 0, &delay) ||
        get_uint(j, "tp", 1, 0, &tp)) {
        srv_ctl_error(k, "bad request",
                      "request needs to (A1-A2), afn, units (hex); timeout_ms > 0, retries 0..3, "
                      "tp 0/1, tp_delay 0..255");
        return;
    }
    for (int i = 0; i < 4; i++)
        if (a1[i] >= 'a')
            a1[i] = (char)(a1[i] - 'a' + 'A');
    term *t = srv_term_find(s, a1, a2, false);
    if (!t || !t->c || !t->t.online) {
        char why[80];
        snprintf(why, sizeof why, "terminal %s-%u is not connected", a1, a2);
        srv_ctl_error(k, "offline", why);
        return;
    }
    if (t->t.busy || t->waiter) {
        srv_ctl_error(k, "busy", "another request to this terminal is outstanding");
        return;
    }
    size_t ulen = strlen(units->valuestring) / 2 + 1;
    uint8_t *ub = malloc(ulen);
    static uint8_t frame[GDW13761_FRAME_MAX];
    mst_req rq = {.afn = (uint8_t)afn,
                  .tp = tp != 0,
                  .tp_delay_min = (uint8_t)delay,
                  .timeout_ms = timeout,
                  .retries = retries};
    long un = ub ? mdc_hex_parse(units->valuestring, ub, ulen, NULL) : -1;
    if (un < 0 || (pw && (!cJSON_IsString(pw) ||
                          mdc_hex_parse(pw->valuestring, rq.pw, sizeof rq.pw, NULL) != 16))) {
        free(ub);
        srv_ctl_error(k, "bad request", "units must be hex, pw 16 hex bytes");
        return;
    }
    rq.units = ub;
    rq.units_len = (size_t)un;
    mdc_tm clock;
    master_clock(&clock);
    size_t n;
    char why[200];
    int rc = mst_request_begin(&t->t, &s->cfg, &rq, &clock, (int64_t)uv_now(s->loop), frame,
                               sizeof frame, &n, why, sizeof why);
    free(ub);
    if (rc != 0) {
        srv_ctl_error(k, "bad request", why);
        return;
    }
    t->waiter = k;
    srv_send_frame(s, t->c, frame, n, "request");
}

static void ctl_line(ctl *k, const char *line)
{
    cJSON *j = cJSON_Parse(line);
    const cJSON *op = j ? cJSON_GetObjectItemCaseSensitive(j, "op") : NULL;
    if (!cJSON_IsString(op))
        srv_ctl_error(k, "bad request", "a line must be a JSON object with \"op\"");
    else if (strcmp(op->valuestring, "terminals") == 0)
        op_terminals(k);
    else if (strcmp(op->valuestring, "request") == 0)
        op_request(k, j);
    else if (strcmp(op->valuestring, "reports") == 0)
        op_reports(k, j);
    else
        srv_ctl_error(k, "bad request", "op must be \"request\", \"terminals\" or \"reports\"");
    cJSON_Delete(j);
}

static void on_ctl_closed(uv_handle_t *h)
{
    ctl *k = h->data;
    srv *s = k->s;
    for (size_t i = 0; i < s->nterms; i++)
        if (s->terms[i]->waiter == k)
            s->terms[i]->waiter = NULL; /* the request runs on; nobody hears the answer */
    free(k);
}

static void on_ctl_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *b)
{
    ctl *k = st->data;
    if (nread < 0) {
        k->closing = true;
        uv_close((uv_handle_t *)&k->pipe, on_ctl_closed);
        return;
    }
    for (ssize_t i = 0; i < nread; i++) {
        char ch = b->base[i];
        if (ch == '\n') {
            k->line[k->len] = 0;
            if (k->len)
                ctl_line(k, k->line);
            k->len = 0;
        } else if (k->len + 1 < sizeof k->line)
            k->line[k->len++] = ch;
    }
}

void srv_on_ctl_connection(uv_stream_t *server, int status)
{
    srv *s = server->data;
    if (status < 0)
        return;
    ctl *k = calloc(1, sizeof *k);
    if (!k)
        return;
    k->s = s;
    uv_pipe_init(s->loop, &k->pipe, 0);
    k->pipe.data = k;
    if (uv_accept(server, (uv_stream_t *)&k->pipe) != 0) {
        uv_close((uv_handle_t *)&k->pipe, (uv_close_cb)free);
        return;
    }
    uv_read_start((uv_stream_t *)&k->pipe, srv_on_alloc, on_ctl_read);
}
