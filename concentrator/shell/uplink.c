/* The uplink: a libuv TCP client carrying out cc_link's operations
 * (connect, close, send), feeding it bytes, connection results and timer
 * ticks, and handing its requests to the dispatcher. */
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "log.h"

typedef struct wr {
    uv_write_t req;
    uv_buf_t buf;
} wr;

static void on_conn_closed(uv_handle_t *h)
{
    free(h->data);
}

/* Drops the current connection handle (no callback reaches the core). */
static void drop_conn(cd_daemon *d)
{
    cd_conn *c = d->conn;
    if (!c)
        return;
    d->conn = NULL;
    c->tcp.data = c;
    if (!uv_is_closing((uv_handle_t *)&c->tcp))
        uv_close((uv_handle_t *)&c->tcp, on_conn_closed);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
    (void)h;
    (void)suggested;
    static char buf[65536];
    *b = uv_buf_init(buf, sizeof buf);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
    cd_conn *c = s->data;
    cd_daemon *d = c->d;
    if (c != d->conn)
        return;
    if (n < 0) {
        cd_log(CD_LOG_INFO, "uplink: connection closed (%s)", uv_strerror((int)n));
        drop_conn(d);
        cc_link_on_closed(&d->link, cd_now(d));
        cd_after(d);
        return;
    }
    if (n == 0)
        return;
    d->remote_rx_ms = cd_now_mono_ms();
    d->traffic_pending += (uint64_t)n;
    cc_link_on_bytes(&d->link, cd_now(d), (const uint8_t *)b->base, (size_t)n);
    cd_after(d);
}

static void on_connect(uv_connect_t *req, int status)
{
    cd_conn *c = req->data;
    cd_daemon *d = c->d;
    if (c != d->conn) /* closed by the core meanwhile (its handle is closing) */
        return;
    if (status != 0) {
        cd_log(CD_LOG_INFO, "uplink: connect failed: %s", uv_strerror(status));
        drop_conn(d);
        cc_link_on_connect_failed(&d->link, cd_now(d));
        cd_after(d);
        return;
    }
    cd_log(CD_LOG_DEBUG, "uplink: TCP connection up");
    uv_tcp_nodelay(&c->tcp, 1);
    uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
    cc_link_on_connected(&d->link, cd_now(d));
    cd_after(d);
}

static void on_connect_error(uv_timer_t *t)
{
    cd_daemon *d = t->data;
    if (cc_link_get_state(&d->link) != CC_LINK_CONNECTING || d->conn)
        return;
    cc_link_on_connect_failed(&d->link, cd_now(d));
    cd_after(d);
}

static void op_connect(void *ctx, unsigned which, const cc_link_addr *a)
{
    cd_daemon *d = ctx;
    drop_conn(d);
    cd_conn *c = calloc(1, sizeof *c);
    if (!c) {
        cd_log(CD_LOG_ERROR, "uplink: out of memory");
        return;
    }
    c->d = d;
    uv_tcp_init(d->loop, &c->tcp);
    c->tcp.data = c;
    c->req.data = c;
    d->conn = c;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(a->port);
    memcpy(&sa.sin_addr, a->ip, 4);
    cd_log(CD_LOG_INFO, "uplink: connecting to %s %u.%u.%u.%u:%u", which ? "backup" : "main",
           a->ip[0], a->ip[1], a->ip[2], a->ip[3], a->port);
    int rc = uv_tcp_connect(&c->req, &c->tcp, (const struct sockaddr *)&sa, on_connect);
    if (rc != 0) {
        /* an op may not call the core back: report the failure from the loop */
        cd_log(CD_LOG_WARN, "uplink: connect: %s", uv_strerror(rc));
        drop_conn(d);
        uv_timer_start(&d->fail_timer, on_connect_error, 0, 0);
    }
}

static void op_close(void *ctx)
{
    cd_daemon *d = ctx;
    if (d->conn)
        cd_log(CD_LOG_INFO, "uplink: closing the connection");
    drop_conn(d);
}

static void on_written(uv_write_t *req, int status)
{
    (void)status;
    free(req->data);
}

static void op_send(void *ctx, const uint8_t *p, size_t n)
{
    cd_daemon *d = ctx;
    if (!d->conn)
        return;
    d->remote_tx_ms = cd_now_mono_ms();
    d->traffic_pending += n;
    wr *w = malloc(sizeof *w + n);
    if (!w)
        return;
    memcpy(w + 1, p, n);
    w->buf = uv_buf_init((char *)(w + 1), (unsigned)n);
    w->req.data = w;
    if (uv_write(&w->req, (uv_stream_t *)&d->conn->tcp, &w->buf, 1, on_written) != 0)
        free(w);
}

static void op_request(void *ctx, const cc_link_request *rq)
{
    cd_daemon *d = ctx;
    cc_link_answer ans;
    if (cd_dispatch(d, CC_SRC_UPLINK, rq, &ans))
        return; /* answered later (AFN10 job on a reading port) */
    if (cc_link_respond(&d->link, cd_now(d), rq->id, &ans) != 0)
        cd_log(CD_LOG_WARN, "uplink: answer to AFN%02X not sent", rq->msg->frame.afn);
}

static void op_report_done(void *ctx, uint32_t id, bool acked)
{
    cd_daemon *d = ctx;
    cd_log(CD_LOG_DEBUG, "uplink: report %u %s", id, acked ? "acked" : "dropped");
    cd_events_report_done(d, id, acked);
}

static void op_state(void *ctx, cc_link_state st)
{
    cd_daemon *d = ctx;
    cd_log(CD_LOG_INFO, "uplink: %s", cc_link_state_name(st));
    if (st == CC_LINK_IDLE)
        cd_link_idle(d);
}

static uint32_t op_rand(void *ctx)
{
    (void)ctx;
    uint32_t r = 0;
    if (uv_random(NULL, NULL, &r, sizeof r, 0, NULL) != 0)
        r = (uint32_t)rand();
    return r;
}

void cd_uplink_timer_cb(uv_timer_t *t)
{
    cd_daemon *d = t->data;
    cc_link_tick(&d->link, cd_now(d));
    cd_after(d);
}

int cd_uplink_init(cd_daemon *d)
{
    static const cc_link_ops ops = {
        .connect = op_connect,
        .close = op_close,
        .send = op_send,
        .request = op_request,
        .report_done = op_report_done,
        .state = op_state,
        .rand = op_rand,
    };
    uv_timer_init(d->loop, &d->fail_timer);
    d->fail_timer.data = d;
    cd_link_params_load(d, &d->lp);
    return cc_link_init(&d->link, &ops, d, &d->lp);
}

void cd_uplink_close(cd_daemon *d)
{
    drop_conn(d);
    uv_timer_stop(&d->fail_timer);
    uv_close((uv_handle_t *)&d->fail_timer, NULL);
}
