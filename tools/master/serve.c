/* master serve: many concentrators over TCP in one libuv loop, a control
 * socket for `master send` (line protocol in docs/master.md). */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include <cjson/cJSON.h>

#include "gdw13761/dadt.h"
#include "gdw13761/framer.h"
#include "gdw13761/msg.h"
#include "master.h"
#include "mdc/hex.h"
#include "mdc/platform/usock.h"
#include "msgjson.h"

#include "serve.h"

/* ---- logging ---- */

void srv_stamp(char *buf, size_t cap)
{
    mdc_tm t;
    master_clock(&t);
    mdc_tm_format_iso(&t, buf, cap);
}

void srv_log_frame(srv *s, const conn *c, const char *dir, const uint8_t *p, size_t n,
                   const char *event, const char *note)
{
    char ts[32];
    srv_stamp(ts, sizeof ts);
    mdc_arena a;
    mdc_arena_init(&a, s->mem, sizeof s->mem);
    gdw13761_err err;
    memset(&err, 0, sizeof err);
    int rc = gdw13761_msg_decode(p, n, &s->m, s->units, 1024, &a, &err);
    if (s->json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "ts", ts);
        cJSON_AddStringToObject(j, "peer", c ? c->peer : "");
        cJSON_AddStringToObject(j, "dir", dir);
        cJSON_AddStringToObject(j, "event", event);
        if (note && *note)
            cJSON_AddStringToObject(j, "note", note);
        char hx[512];
        if (n <= 160)
            cJSON_AddStringToObject(j, "hex", mdc_hex_format(p, n, 0, hx, sizeof hx));
        if (rc == 0 || s->m.nunits > 0)
            cJSON_AddItemToObject(j, "frame", msgjson_msg(&s->m, &err));
        else
            cJSON_AddStringToObject(j, "error", err.msg);
        char *txt = cJSON_PrintUnformatted(j);
        if (txt)
            fprintf(s->log, "%s\n", txt);
        free(txt);
        cJSON_Delete(j);
        return;
    }
    const gdw13761_frame *f = &s->m.frame;
    if (rc != 0 && s->m.nunits == 0 && err.code == GDW13761_E_FRAME) {
        fprintf(s->log, "%s %s %s %s: undecodable frame (%s)\n", ts, dir, c ? c->peer : "-", event,
                err.msg);
        return;
    }
    fprintf(s->log, "%s %s %s-%u %s AFN%02X %s C=%02X SEQ %u%s%s%s %s%s%s\n", ts, dir, f->a1, f->a2,
            c ? c->peer : "-", f->afn, msgjson_afn_name(f->afn), p[6], f->seq, f->fir ? " FIR" : "",
            f->fin ? " FIN" : "", f->con ? " CON" : "", event, note && *note ? ": " : "",
            note ? note : "");
    if (f->afn != 0x02)
        msgjson_print_units(s->log, f->afn, s->units, s->m.nunits);
    if (rc != 0)
        fprintf(s->log, "  decoding stopped: %s\n", err.msg);
}

/* ---- writing ---- */

typedef struct wreq {
    uv_write_t w;
    char data[];
} wreq;

static void on_written(uv_write_t *w, int status)
{
    (void)status;
    free(w);
}

void srv_send_bytes(uv_stream_t *st, const void *p, size_t n)
{
    wreq *w = malloc(sizeof *w + n);
    if (!w)
        return;
    memcpy(w->data, p, n);
    uv_buf_t b = uv_buf_init(w->data, (unsigned)n);
    if (uv_write(&w->w, st, &b, 1, on_written) != 0)
        free(w);
}

void srv_send_frame(srv *s, conn *c, const uint8_t *p, size_t n, const char *event)
{
    srv_log_frame(s, c, "tx", p, n, event, NULL);
    srv_send_bytes((uv_stream_t *)&c->tcp, p, n);
}

/* ---- terminals ---- */

term *srv_term_find(srv *s, const char *a1, uint16_t a2, bool create)
{
    for (size_t i = 0; i < s->nterms; i++)
        if (s->terms[i]->t.a2 == a2 && strcmp(s->terms[i]->t.a1, a1) == 0)
            return s->terms[i];
    if (!create)
        return NULL;
    if (s->nterms == s->terms_cap) {
        size_t cap = s->terms_cap ? s->terms_cap * 2 : 64;
        term **nt = realloc(s->terms, cap * sizeof *nt);
        if (!nt)
            return NULL;
        s->terms = nt;
        s->terms_cap = cap;
    }
    term *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    mst_term_init(&t->t);
    memcpy(t->t.a1, a1, sizeof t->t.a1);
    t->t.a2 = a2;
    t->t.known = true;
    s->terms[s->nterms++] = t;
    return t;
}

/* ---- TCP connections ---- */

static void on_conn_closed(uv_handle_t *h)
{
    conn *c = h->data;
    srv *s = c->s;
    if (c->prev)
        c->prev->next = c->next;
    else
        s->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    s->nconns--;
    for (size_t i = 0; i < s->nterms; i++) {
        term *t = s->terms[i];
        if (t->c != c)
            continue;
        t->c = NULL;
        t->t.online = false;
        if (t->t.busy) {
            mst_request_cancel(&t->t);
            if (t->waiter) {
                srv_ctl_error(t->waiter, "disconnected", "the terminal's connection closed");
                t->waiter = NULL;
            }
        }
    }
    free(c);
}

static void conn_close(conn *c)
{
    if (!uv_is_closing((uv_handle_t *)&c->tcp))
        uv_close((uv_handle_t *)&c->tcp, on_conn_closed);
}

static void keep_report(srv *s, const term *t, const uint8_t *p, size_t n)
{
    report *r = &s->reports[s->nreports % REPORTS_KEPT];
    uint8_t *copy = malloc(n);
    if (!copy)
        return;
    free(r->frame);
    r->frame = copy;
    memcpy(copy, p, n);
    r->len = n;
    r->n = ++s->nreports;
    srv_stamp(r->ts, sizeof r->ts);
    snprintf(r->to, sizeof r->to, "%s-%u", t->t.a1, t->t.a2);
}

static void handle_frame(conn *c, const uint8_t *p, size_t n)
{
    srv *s = c->s;
    gdw13761_frame f;
    gdw13761_err err;
    if (gdw13761_frame_decode(p, n, &f, NULL, &err) != 0) {
        srv_log_frame(s, c, "rx", p, n, "rejected", err.msg);
        return;
    }
    term *t = c->last;
    if (!t || t->t.a2 != f.a2 || strcmp(t->t.a1, f.a1) != 0) {
        t = srv_term_find(s, f.a1, f.a2, true);
        if (!t)
            return;
        c->last = t;
    }
    if (t->c && t->c != c && f.prm && f.afn == 0x02) {
        /* logged in again over a new connection: the old one is dead */
        conn *old = t->c;
        t->c = c;
        conn_close(old);
    }
    t->c = c;
    if (f.dir && f.prm && f.tpv) {
        /* §4.3.4.6.4: a frame whose send time is older than its allowed delay is dropped */
        mdc_tm now;
        master_clock(&now);
        int64_t age = 0;
        if (gdw13761_tp_check(&f.tp, &now, &age) == GDW13761_TP_STALE) {
            char note[96];
            snprintf(note, sizeof note, "Tp stale: sent %lld s ago, %u min allowed", (long long)age,
                     f.tp.delay_min);
            srv_log_frame(s, c, "rx", p, n, "rejected", note);
            return;
        }
    }
    uint8_t ack[MST_ACK_MAX];
    size_t acklen;
    char why[200];
    mst_ev ev = mst_on_frame(&t->t, &s->cfg, &f, (int64_t)uv_now(s->loop), ack, sizeof ack, &acklen,
                             why, sizeof why);
    srv_log_frame(s, c, "rx", p, n, mst_ev_name(ev), why);
    if (acklen)
        srv_send_frame(s, c, ack, acklen,
                       ev == MST_EV_REPORT || ev == MST_EV_PARTIAL ? "confirm" : "ack");
    if (ev == MST_EV_ANSWER)
        srv_answer_waiter(t);
    if (ev == MST_EV_REPORT)
        keep_report(s, t, p, n);
}

void srv_on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
    (void)h;
    (void)suggested;
    static char buf[65536];
    *b = uv_buf_init(buf, sizeof buf);
}

static void on_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *b)
{
    conn *c = st->data;
    if (nread < 0) {
        conn_close(c);
        return;
    }
    const uint8_t *p = (const uint8_t *)b->base;
    size_t n = (size_t)nread;
    for (;;) {
        const uint8_t *fr;
        size_t fl;
        size_t k = gdw13761_framer_feed(&c->fr, p, n, &fr, &fl);
        p += k;
        n -= k;
        if (fr)
            handle_frame(c, fr, fl);
        else if (n == 0)
            break;
    }
}

static void on_connection(uv_stream_t *server, int status)
{
    srv *s = server->data;
    if (status < 0)
        return;
    conn *c = calloc(1, sizeof *c);
    if (!c)
        return;
    c->s = s;
    uv_tcp_init(s->loop, &c->tcp);
    c->tcp.data = c;
    if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0) {
        uv_close((uv_handle_t *)&c->tcp, (uv_close_cb)free);
        return;
    }
    gdw13761_framer_init(&c->fr);
    struct sockaddr_storage ss;
    int len = sizeof ss;
    char ip[48] = "?";
    int port = 0;
    if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len) == 0) {
        if (ss.ss_family == AF_INET) {
            struct sockaddr_in *a = (struct sockaddr_in *)&ss;
            uv_ip4_name(a, ip, sizeof ip);
            port = ntohs(a->sin_port);
        } else {
            struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
            uv_ip6_name(a, ip, sizeof ip);
            port = ntohs(a->sin6_port);
        }
    }
    snprintf(c->peer, sizeof c->peer, "%s:%d", ip, port);
    c->next = s->conns;
    if (s->conns)
        s->conns->prev = c;
    s->conns = c;
    s->nconns++;
    if (s->nconns > s->max_conns)
        s->max_conns = s->nconns;
    uv_read_start((uv_stream_t *)&c->tcp, srv_on_alloc, on_read);
}

/* ---- retries and timeouts ---- */

static void on_tick(uv_timer_t *tm)
{
    srv *s = tm->data;
    int64_t now = (int64_t)uv_now(s->loop);
    for (size_t i = 0; i < s->nterms; i++) {
        term *t = s->terms[i];
        if (s->offline_after_ms && t->c && now - t->t.last_rx_ms > s->offline_after_ms) {
            char ts[32];
            srv_stamp(ts, sizeof ts);
            long long quiet = (long long)((now - t->t.last_rx_ms) / 1000);
            if (s->json)
                fprintf(s->log,
                        "{\"ts\":\"%s\",\"peer\":\"%s\",\"event\":\"offline\",\"to\":\"%s-%u\","
                        "\"note\":\"nothing received for %lld s\"}\n",
                        ts, t->c->peer, t->t.a1, t->t.a2, quiet);
            else
                fprintf(s->log, "%s -- %s-%u %s offline: nothing received for %lld s\n", ts,
                        t->t.a1, t->t.a2, t->c->peer, quiet);
            t->t.online = false;
            conn_close(t->c); /* on_conn_closed unbinds it and ends its request */
        }
        const uint8_t *fr;
        size_t len;
        int rc = mst_tick(&t->t, now, &fr, &len);
        if (rc == 1 && t->c)
            srv_send_frame(s, t->c, fr, len, "retry");
        else if (rc == -1 && t->waiter) {
            char why[96];
            snprintf(why, sizeof why, "no answer from %s-%u after %u tries", t->t.a1, t->t.a2,
                     t->t.tries);
            srv_ctl_error(t->waiter, "timeout", why);
            t->waiter = NULL;
        }
    }
}

static void on_signal(uv_signal_t *h, int signum)
{
    (void)signum;
    uv_stop(h->loop);
}

/* ---- main ---- */

static void serve_usage(FILE *f)
{
    fputs("usage: master serve --listen HOST:PORT [--control SOCKET] [--ack-style f3|f1]\n"
          "                    [--msa N] [--offline-after SEC] [--json] [--log FILE]\n"
          "                    [--port-file FILE]\n",
          f);
}

int master_serve_main(int argc, char **argv)
{
    static srv s;
    const char *listen = NULL, *port_file = NULL, *log_path = NULL;
    s.control_path = MASTER_DEFAULT_CONTROL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--json") == 0) {
            s.json = true;
            continue;
        }
        if (strcmp(a, "--help") == 0) {
            serve_usage(stdout);
            return 0;
        }
        if (!v) {
            serve_usage(stderr);
            return MASTER_EXIT_USAGE;
        }
        i++;
        if (strcmp(a, "--listen") == 0)
            listen = v;
        else if (strcmp(a, "--control") == 0)
            s.control_path = v;
        else if (strcmp(a, "--port-file") == 0)
            port_file = v;
        else if (strcmp(a, "--log") == 0)
            log_path = v;
        else if (strcmp(a, "--ack-style") == 0 && (!strcmp(v, "f1") || !strcmp(v, "f3")))
            s.cfg.ack_f1 = strcmp(v, "f1") == 0;
        else if (strcmp(a, "--offline-after") == 0 && atoi(v) >= 0)
            s.offline_after_ms = (int64_t)atoi(v) * 1000;
        else if (strcmp(a, "--msa") == 0 && atoi(v) >= 0 && atoi(v) <= 127)
            s.cfg.msa = (uint8_t)atoi(v);
        else {
            fprintf(stderr, "master serve: bad option %s %s\n", a, v);
            serve_usage(stderr);
            return MASTER_EXIT_USAGE;
        }
    }
    char host[64];
    int port = -1;
    const char *colon = listen ? strrchr(listen, ':') : NULL;
    if (!colon || (size_t)(colon - listen) >= sizeof host || sscanf(colon + 1, "%d", &port) != 1 ||
        port < 0 || port > 65535) {
        fputs("master serve: --listen HOST:PORT is required (port 0 = any)\n", stderr);
        return MASTER_EXIT_USAGE;
    }
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = 0;
    s.log = stdout;
    if (log_path && !(s.log = fopen(log_path, "a"))) {
        fprintf(stderr, "master serve: %s: %s\n", log_path, strerror(errno));
        return MASTER_EXIT_USAGE;
    }
    setvbuf(s.log, NULL, _IOLBF, 0);
    unsigned long nofile = master_raise_nofile();
    signal(SIGPIPE, SIG_IGN);

    s.loop = uv_default_loop();
    struct sockaddr_storage addr;
    if (uv_ip4_addr(host, port, (struct sockaddr_in *)&addr) != 0 &&
        uv_ip6_addr(host, port, (struct sockaddr_in6 *)&addr) != 0) {
        fprintf(stderr, "master serve: %s is not an IPv4 or IPv6 address\n", host);
        return MASTER_EXIT_USAGE;
    }
    uv_tcp_init(s.loop, &s.listener);
    s.listener.data = &s;
    int rc = uv_tcp_bind(&s.listener, (struct sockaddr *)&addr, 0);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&s.listener, 1024, on_connection);
    if (rc != 0) {
        fprintf(stderr, "master serve: listen on %s: %s\n", listen, uv_strerror(rc));
        return MASTER_EXIT_LINK;
    }
    struct sockaddr_storage bound;
    int blen = sizeof bound;
    uv_tcp_getsockname(&s.listener, (struct sockaddr *)&bound, &blen);
    int real_port = ntohs(((struct sockaddr_in *)&bound)->sin_port);

    char err[200];
    int cfd = plat_usock_listen(s.control_path, err, sizeof err);
    if (cfd < 0) {
        fprintf(stderr, "master serve: control socket: %s\n", err);
        return MASTER_EXIT_LINK;
    }
    uv_pipe_init(s.loop, &s.control, 0);
    s.control.data = &s;
    if (uv_pipe_open(&s.control, cfd) != 0 ||
        uv_listen((uv_stream_t *)&s.control, 16, srv_on_ctl_connection) != 0) {
        fprintf(stderr, "master serve: control socket %s: cannot listen\n", s.control_path);
        return MASTER_EXIT_LINK;
    }
    uv_timer_init(s.loop, &s.tick);
    s.tick.data = &s;
    uv_timer_start(&s.tick, on_tick, TICK_MS, TICK_MS);
    uv_signal_init(s.loop, &s.sigint);
    uv_signal_init(s.loop, &s.sigterm);
    uv_signal_start(&s.sigint, on_signal, SIGINT);
    uv_signal_start(&s.sigterm, on_signal, SIGTERM);

    if (port_file) {
        FILE *pf = fopen(port_file, "w");
        if (pf) {
            fprintf(pf, "%d\n", real_port);
            fclose(pf);
        }
    }
    fprintf(stderr, "master serve: listening on %s:%d, control %s, ack AFN00 %s, fd limit %lu\n",
            host, real_port, s.control_path, s.cfg.ack_f1 ? "F1" : "F3", nofile);
    uv_run(s.loop, UV_RUN_DEFAULT);
    unlink(s.control_path);
    fprintf(stderr, "master serve: stopped; %zu terminals known, %zu connections at most\n",
            s.nterms, s.max_conns);
    for (size_t i = 0; i < s.nterms; i++) {
        mst_term_free(&s.terms[i]->t);
        free(s.terms[i]);
    }
    free(s.terms);
    for (size_t i = 0; i < REPORTS_KEPT; i++)
        free(s.reports[i].frame);
    if (s.log != stdout)
        fclose(s.log);
    return 0;
}
