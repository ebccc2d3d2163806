/* The transaction engine: one request on the bus at a time, the reply timed
 * from the end of our transmission, abandoned after the byte gap, retried,
 * follow-up frames for long answers; then the owner (round, job, search) gets
 * the outcome. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rd.h"

int64_t rd_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t rd_wire_ms(size_t n, uint32_t baud, uint8_t parity, uint8_t data_bits, uint8_t stop_bits)
{
    if (baud == 0)
        baud = 2400;
    int64_t bits = 1 + (int64_t)data_bits + (parity ? 1 : 0) + (int64_t)stop_bits;
    return ((int64_t)n * bits * 1000 + (int64_t)baud - 1) / (int64_t)baud;
}

uint32_t rd_baud(const cc_reader *r, const cc_reader_meter *m)
{
    return m->baud ? m->baud : r->cfg.default_baud;
}

void rd_log(cc_reader *r, const char *fmt, ...)
{
    if (!r->ops.log)
        return;
    char line[200];
    const char *port = r->cfg.port == 2 ? "RS485-I" : r->cfg.port == 3 ? "RS485-II" : "port";
    int k = snprintf(line, sizeof line, "%s ", port);
    if (k < 0 || (size_t)k >= sizeof line)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line + k, sizeof line - (size_t)k, fmt, ap);
    va_end(ap);
    r->ops.log(r->ctx, line);
}

static void start_wait(cc_reader *r, cc_link_now now)
{
    rd_tx *t = &r->tx;
    int64_t wire = rd_wire_ms(t->req_n, t->baud, t->parity, t->data_bits, t->stop_bits);
    t->wire_end = now.ms + wire;
    t->got_bytes = false;
    t->cause = RD_C_TIMEOUT;
    t->frames_rx = 0;
    t->search_one = false;
    dlt645_framer_init(&r->fr);
    r->fr.max_data = 255;
    if (t->kind == RD_TX_SYNC) {
        t->deadline = t->wire_end; /* no reply: the line is free after the wire time */
    } else {
        uint32_t to = t->kind == RD_TX_FWD ? r->fwd.frame_timeout_ms : r->cfg.reply_timeout_ms;
        t->deadline = t->wire_end + to;
    }
    if (t->deadline <= now.ms)
        t->deadline = now.ms + 1; /* a timer always lies ahead */
    t->waiting = true;
    r->ops.send(r->ctx, t->baud, t->parity, t->data_bits, t->stop_bits, t->req, t->req_n);
    if (r->rnd.active && t->kind == RD_TX_ROUND) {
        r->rnd.info.requests++;
        r->rnd.info.bytes_tx += (uint32_t)t->req_n;
    }
}

void rd_tx_send(cc_reader *r, cc_link_now now, rd_txk kind, const uint8_t *p, size_t n)
{
    rd_tx *t = &r->tx;
    t->kind = kind;
    if (n > sizeof t->req)
        n = sizeof t->req;
    memcpy(t->req, p, n);
    t->req_n = n;
    t->tries = 0;
    t->fu_on = false;
    start_wait(r, now);
}

static bool encode(cc_reader *r, dlt645_frame *f)
{
    rd_tx *t = &r->tx;
    f->preamble = r->cfg.preamble > DLT645_PREAMBLE_MAX ? DLT645_PREAMBLE_MAX : r->cfg.preamble;
    size_t n = 0;
    if (dlt645_frame_encode(f, t->req, sizeof t->req, &n) != DLT645_OK)
        return false;
    t->req_n = n;
    return true;
}

bool rd_tx_read(cc_reader *r, cc_link_now now, rd_txk kind, const uint8_t addr[6], uint8_t protocol,
                uint32_t baud, uint32_t di)
{
    rd_tx *t = &r->tx;
    dlt645_proto ed = protocol == CC_PROTO_645_1997 ? DLT645_PROTO_1997 : DLT645_PROTO_2007;
    dlt645_request rq;
    dlt645_request_init(&rq, ed, ed == DLT645_PROTO_1997 ? DLT645_F97_READ : DLT645_F07_READ, addr);
    rq.di = di;
    dlt645_frame f;
    if (dlt645_request_build(&rq, &f) != DLT645_OK)
        return false;
    t->kind = kind;
    memcpy(t->addr, addr, 6);
    t->protocol = protocol;
    t->baud = baud;
    t->parity = 2;
    t->data_bits = 8;
    t->stop_bits = 1;
    t->di = di;
    if (!encode(r, &f))
        return false;
    t->tries = 0;
    t->fu_on = true;
    dlt645_followup_start(&t->fu, ed, addr, di);
    start_wait(r, now);
    return true;
}

static rd_mstate *tx_meter(cc_reader *r)
{
    if (r->tx.kind != RD_TX_ROUND || !r->rnd.active || r->rnd.stop || r->rnd.mi >= r->n)
        return NULL;
    return &r->ms[r->rnd.mi];
}

/* The transaction is over: the line is free after the turnaround. */
static void finish(cc_reader *r, cc_link_now now)
{
    r->tx.waiting = false;
    r->next_send = now.ms + r->cfg.turnaround_ms;
}

static void deliver(cc_reader *r, cc_link_now now, rd_res res, const uint8_t *data, size_t len,
                    size_t reply_len)
{
    rd_txk k = r->tx.kind;
    finish(r, now);
    r->tx.kind = RD_TX_NONE;
    if (k == RD_TX_ROUND)
        rd_round_result(r, now, res, data, len, reply_len);
    else if (k == RD_TX_READ)
        rd_job_result(r, now, res, data, len);
}

/* One frame of the reply to a read. */
static void on_frame(cc_reader *r, cc_link_now now, const dlt645_frame *f, size_t flen)
{
    rd_tx *t = &r->tx;
    if (!dlt645_c_is_reply(f->c))
        return; /* an echo of a request: not for us */
    t->frames_rx++;
    if (t->kind == RD_TX_SEARCH) {
        if (t->frames_rx == 1 && msearch_matches(t->search_addr, f->addr) &&
            !dlt645_c_is_error(f->c)) {
            t->search_one = true;
            memcpy(t->search_reply, f->addr, 6);
        } else {
            t->search_one = false;
            t->cause = RD_C_BAD;
        }
        return;
    }
    if (memcmp(f->addr, t->addr, 6) != 0) {
        t->cause = RD_C_ADDR;
        rd_mstate *ms = tx_meter(r);
        if (ms)
            ms->st.bad_frames++;
        return;
    }
    bool done = false;
    int rc = dlt645_followup_add(&t->fu, f, &done);
    rd_mstate *ms = tx_meter(r);
    if (rc == DLT645_ERR_REPLY) {
        if (ms) {
            ms->st.replies++;
            ms->st.denied++;
        }
        deliver(r, now, RD_RES_DENIED, NULL, 0, flen);
        return;
    }
    if (rc != DLT645_OK) {
        t->cause = RD_C_BAD;
        if (ms)
            ms->st.bad_frames++;
        return;
    }
    if (ms)
        ms->st.replies++;
    if (done) {
        size_t len = 0;
        const uint8_t *d = dlt645_followup_data(&t->fu, &len);
        deliver(r, now, RD_RES_OK, d, len, flen);
        return;
    }
    /* a follow-up frame is needed: 12H / 02H, after the turnaround */
    dlt645_frame nf;
    if (dlt645_followup_next(&t->fu, &nf) != DLT645_OK || !encode(r, &nf)) {
        deliver(r, now, RD_RES_FAIL, NULL, 0, 0);
        return;
    }
    t->tries = 0;
    t->waiting = false;
    r->next_send = now.ms + r->cfg.turnaround_ms;
}

static void expire(cc_reader *r, cc_link_now now);

void cc_reader_on_bytes(cc_reader *r, cc_link_now now, const uint8_t *p, size_t n)
{
    if (!r || (!p && n))
        return;
    r->clock_off = now.clock_ms - now.ms;
    r->have_now = true;
    r->last_ms = now.ms;
    rd_tx *t = &r->tx;
    if (t->waiting && now.ms > t->deadline) {
        expire(r, now); /* these bytes came too late: they belong to nothing */
        rd_pump(r, now);
        return;
    }
    if (!t->waiting || t->kind == RD_TX_SYNC || n == 0)
        return; /* nothing asked: stray bytes are dropped */
    if (r->rnd.active && t->kind == RD_TX_ROUND)
        r->rnd.info.bytes_rx += (uint32_t)n;
    if (t->got_bytes && now.ms - t->last_byte > (int64_t)r->cfg.byte_gap_ms &&
        t->kind != RD_TX_FWD) {
        dlt645_framer_timeout(&r->fr);
        t->cause = RD_C_BAD;
    }
    t->got_bytes = true;
    t->last_byte = now.ms;
    if (t->kind == RD_TX_FWD) {
        size_t room = sizeof r->rx - r->rx_n;
        size_t k = n < room ? n : room;
        memcpy(r->rx + r->rx_n, p, k);
        r->rx_n += k;
        t->deadline = now.ms + r->fwd.byte_timeout_ms;
        if (r->rx_n == sizeof r->rx)
            t->deadline = now.ms;
        return;
    }
    t->deadline = now.ms + r->cfg.byte_gap_ms;
    const uint8_t *q = p;
    size_t m = n;
    const dlt645_frame *f;
    while (t->waiting && (f = dlt645_framer_feed(&r->fr, &q, &m)) != NULL)
        on_frame(r, now, f, DLT645_OVERHEAD + f->len);
    if (t->waiting && t->kind != RD_TX_SEARCH && r->fr.stats.dropped_bytes > 0 &&
        t->cause == RD_C_TIMEOUT)
        t->cause = RD_C_BAD;
    rd_pump(r, now);
}

static const char *cause_name(rd_cause c)
{
    static const char *const names[] = {"timeout", "bad frame", "wrong address"};
    return names[c];
}

/* The reply deadline passed. */
static void expire(cc_reader *r, cc_link_now now)
{
    rd_tx *t = &r->tx;
    if (t->kind == RD_TX_SYNC) {
        finish(r, now);
        t->kind = RD_TX_NONE;
        return;
    }
    if (t->kind == RD_TX_FWD) {
        finish(r, now);
        t->kind = RD_TX_NONE;
        rd_fwd_end(r);
        return;
    }
    /* a frame hidden behind a false start? */
    dlt645_framer_timeout(&r->fr);
    const uint8_t *q = NULL;
    size_t m = 0;
    const dlt645_frame *f;
    while (t->waiting && (f = dlt645_framer_feed(&r->fr, &q, &m)) != NULL)
        on_frame(r, now, f, DLT645_OVERHEAD + f->len);
    if (!t->waiting)
        return;
    if (t->kind == RD_TX_SEARCH) {
        /* noise around one valid reply is harmless; a failed frame means several talked */
        uint32_t bad = 0;
        for (unsigned k = DLT645_SYNC_NO_68B; k < DLT645_SYNC_REASONS; k++)
            bad += r->fr.stats.resync[k];
        msearch_outcome o = t->search_one && t->cause != RD_C_BAD && bad == 0 ? MSEARCH_ONE
                            : t->got_bytes                                    ? MSEARCH_GARBLED
                                                                              : MSEARCH_SILENT;
        finish(r, now);
        t->kind = RD_TX_NONE;
        rd_search_result(r, now, o, t->search_reply);
        return;
    }
    if (t->got_bytes && t->cause == RD_C_TIMEOUT)
        t->cause = RD_C_BAD;
    rd_mstate *ms = tx_meter(r);
    if (ms && t->cause == RD_C_TIMEOUT)
        ms->st.timeouts++;
    else if (ms && t->cause == RD_C_BAD && r->fr.stats.dropped_bytes > 0)
        ms->st.bad_frames++;
    if (r->rnd.active && t->kind == RD_TX_ROUND)
        r->rnd.info.failures++;
    char a[16];
    uint8_t ra[6];
    for (unsigned i = 0; i < 6; i++)
        ra[i] = t->addr[i];
    dlt645_addr_format(ra, a);
    if (t->tries < r->cfg.retries) {
        rd_log(r, "%s %08X %s, retry %u", a, (unsigned)t->di, cause_name(t->cause),
               (unsigned)t->tries + 1u);
        t->tries++;
        t->waiting = false;
        r->next_send = now.ms + r->cfg.turnaround_ms;
        return;
    }
    rd_log(r, "%s %08X %s", a, (unsigned)t->di, cause_name(t->cause));
    deliver(r, now, RD_RES_FAIL, NULL, 0, 0);
}

/* A resend or a follow-up request is due (t->kind set, not waiting). */
static bool tx_pending(const cc_reader *r)
{
    return r->tx.kind != RD_TX_NONE && !r->tx.waiting;
}

void rd_pump(cc_reader *r, cc_link_now now)
{
    r->clock_off = now.clock_ms - now.ms;
    r->have_now = true;
    r->last_ms = now.ms;
    r->poke = false;
    for (int guard = 0; guard < 64; guard++) {
        if (r->tx.waiting || now.ms < r->next_send)
            return;
        if (tx_pending(r)) {
            rd_mstate *ms = tx_meter(r);
            if (ms)
                ms->st.requests++;
            start_wait(r, now);
            return;
        }
        if (rd_jobs_step(r, now))
            return;
        if (rd_round_step(r, now))
            return;
        if (!rd_sched_check(r, now))
            return;
    }
}

void cc_reader_tick(cc_reader *r, cc_link_now now)
{
    if (!r)
        return;
    r->clock_off = now.clock_ms - now.ms;
    r->have_now = true;
    r->last_ms = now.ms;
    if (r->tx.waiting && now.ms >= r->tx.deadline)
        expire(r, now);
    rd_pump(r, now);
}

int64_t cc_reader_next_deadline(const cc_reader *r)
{
    if (!r)
        return CC_READER_NO_DEADLINE;
    if (r->tx.waiting)
        return r->tx.deadline;
    int64_t d = CC_READER_NO_DEADLINE;
    if (r->poke || tx_pending(r) || r->job_fwd || r->job_read || r->sync_n || r->search_on ||
        r->rnd.active)
        return r->next_send;
    /* a master round waiting only for the turnaround (one that cannot start yet, e.g. no
     * meters, waits for what blocks it: never a deadline in the past) */
    if (r->master_pending && r->n > 0 && r->next_send > r->last_ms)
        return r->next_send;
    if (!r->have_now)
        return d;
    int64_t base = r->next_send > r->last_ms ? r->next_send : r->last_ms;
    int64_t clock_now = base + r->clock_off;
    int64_t c = rd_sched_next_clock(r, clock_now);
    if (c == INT64_MAX)
        return d;
    int64_t ms = c - r->clock_off;
    return ms < r->next_send ? r->next_send : ms;
}
