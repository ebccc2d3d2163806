/* The meter-reading ports RS485-I and RS485-II: a serial device (or the pty
 * of a simulated bus) polled by the loop, each driving a cc_reader core. The
 * meters and schedules come from the store (AFN04 F10, F25, F33, F35); the
 * items of each meter go into the store through mdata in one short
 * transaction when the meter's part of the round is done; AFN10 jobs of the
 * master run on the port and are answered when the core reports back. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cc/amaint.h"
#include "daemon.h"
#include "dlt645/frame.h"
#include "log.h"
#include "mdc/bcd.h"

#define F10_ENTRY 27u

static const char *const reason_names[] = {"scheduled", "day start", "reading day", "master",
                                           "re-reading"};

static int64_t clock_s(cc_link_now now)
{
    return now.clock_ms >= 0 ? now.clock_ms / 1000 : -((-now.clock_ms + 999) / 1000);
}

/* ---- the line ---- */

static void rport_arm(cd_rport *p);

static plat_parity parity_of(uint8_t code)
{
    return code == 1 ? PLAT_PARITY_ODD : code == 2 ? PLAT_PARITY_EVEN : PLAT_PARITY_NONE;
}

static void op_send(void *ctx, uint32_t baud, uint8_t parity, uint8_t data_bits, uint8_t stop_bits,
                    const uint8_t *b, size_t n)
{
    cd_rport *p = ctx;
    (void)data_bits, (void)stop_bits; /* the platform sets 8 data bits, 1 stop bit */
    if (baud != p->line_baud || parity != p->line_parity) {
        char err[200];
        if (plat_serial_config(p->fd, baud, parity_of(parity), err, sizeof err) != 0)
            cd_log(CD_LOG_WARN, "%s: %u baud: %s", p->name, baud, err);
        p->line_baud = baud;
        p->line_parity = parity;
    }
    p->d->local_tx_ms = cd_now_mono_ms();
    while (n > 0) {
        ssize_t w = write(p->fd, b, n);
        if (w > 0) {
            b += w;
            n -= (size_t)w;
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno == EAGAIN) {
            struct pollfd pf = {.fd = p->fd, .events = POLLOUT};
            if (poll(&pf, 1, 1000) > 0)
                continue;
        }
        cd_log(CD_LOG_WARN, "%s: write: %s (%zu bytes lost)", p->name,
               w < 0 ? strerror(errno) : "line full", n);
        cd_events_fault(p->d, 4, "an RS-485 reading port refuses writes");
        return;
    }
    cd_events_fault_gone(p->d, 4);
}

/* ---- data into the store ---- */

static int meter_index(const cd_rport *p, const cc_reader_meter *m)
{
    for (size_t i = 0; i < p->n_meters; i++)
        if (p->meters[i].point == m->point && memcmp(p->meters[i].addr, m->addr, 6) == 0)
            return (int)i;
    return -1;
}

/* The meter events of the meters whose turn ended (their items are stored). */
static void meter_events(cd_rport *p)
{
    for (size_t i = 0; i < p->n_done; i++) {
        const cc_reader_meter *m = &p->done[i].m;
        int k = meter_index(p, m);
        if (k < 0)
            continue;
        cc_mevents_on_meter(&p->d->ev, &p->d->mcfg, m->point, m,
                            p->prev_valid[k] ? &p->prev[k] : NULL, &p->done[i].st,
                            p->done[i].clock_s);
        p->prev[k] = p->done[i].st;
        p->prev_valid[k] = true;
    }
    p->n_done = 0;
}

/* Writes the held items in one transaction, then the meter events. */
static void flush_items(cd_rport *p)
{
    if (p->n_items == 0) {
        meter_events(p);
        return;
    }
    store *st = p->d->st;
    int64_t last = p->items[p->n_items - 1].clock_s;
    int rc = store_round_begin(st);
    for (size_t i = 0; i < p->n_items && rc == 0; i++) {
        const mdata_point *mp = NULL;
        for (size_t k = 0; k < p->n_meters; k++)
            if (p->mp[k].point == p->items[i].point)
                mp = &p->mp[k];
        if (!mp)
            continue;
        /* meter events compare the reading with what the store held before it */
        static uint8_t old[1024];
        size_t old_len = 0;
        int64_t ts = 0;
        bool had = store_data_get_current(st, mp->point, p->items[i].di, &ts, old, sizeof old,
                                          &old_len) == 0;
        cc_mevents_on_item(&p->d->ev, &p->d->mcfg, mp->point, p->items[i].di, had ? old : NULL,
                           had ? old_len : 0, p->pool + p->items[i].off, p->items[i].len,
                           p->items[i].clock_s);
        rc = mdata_on_item(st, mp, p->items[i].di, p->pool + p->items[i].off, p->items[i].len,
                           p->items[i].clock_s);
    }
    if (rc == 0)
        rc = store_round_commit(st, last);
    else
        store_round_rollback(st);
    if (rc != 0) {
        cd_log(CD_LOG_ERROR, "%s: storing %zu items: %s", p->name, p->n_items, store_errmsg(st));
        cd_events_fault(p->d, 1, "the data store refused a write");
        p->items_dropped += p->n_items;
    } else {
        p->items_stored += p->n_items;
    }
    p->n_items = 0;
    p->pool_used = 0;
    meter_events(p);
    cd_events_raised(p->d, NULL);
}

static void op_item(void *ctx, const cc_reader_meter *m, uint32_t di, const uint8_t *data,
                    size_t len, cc_link_now now)
{
    cd_rport *p = ctx;
    p->d->local_rx_ms = cd_now_mono_ms();
    if (p->n_items == CD_ITEMS_MAX || p->pool_used + len > sizeof p->pool)
        flush_items(p);
    if (len > sizeof p->pool) {
        cd_log(CD_LOG_WARN, "%s: item %08X of p%u: %zu bytes, not kept", p->name, di, m->point,
               len);
        return;
    }
    p->items[p->n_items].di = di;
    p->items[p->n_items].point = m->point;
    p->items[p->n_items].off = (uint16_t)p->pool_used;
    p->items[p->n_items].len = (uint16_t)len;
    p->items[p->n_items].clock_s = clock_s(now);
    memcpy(p->pool + p->pool_used, data, len);
    p->pool_used += len;
    p->n_items++;
}

static void op_meter_done(void *ctx, const cc_reader_meter *m, bool ok,
                          const cc_reader_meter_stats *st, cc_link_now now)
{
    cd_rport *p = ctx;
    if (p->n_done == CC_READER_METERS_MAX)
        flush_items(p);
    p->done[p->n_done].m = *m;
    p->done[p->n_done].st = *st;
    p->done[p->n_done].clock_s = clock_s(now);
    p->n_done++;
    char a[13];
    dlt645_addr_format(m->addr, a);
    if (!ok)
        cd_log(CD_LOG_INFO, "reader %s: p%u %s: %u items missing (%u timeouts, %u bad frames)%s",
               p->name, m->point, a, st->items_missing, st->timeouts, st->bad_frames,
               st->failing ? ", not answering" : "");
    else if (st->clock_valid && (st->clock_dev_s > 300 || st->clock_dev_s < -300))
        cd_log(CD_LOG_INFO, "reader %s: p%u %s: meter clock off by %d s", p->name, m->point, a,
               (int)st->clock_dev_s);
}

static void op_round_begin(void *ctx, const cc_reader_round_info *ri)
{
    cd_rport *p = ctx;
    p->round_mono = cd_now_mono_ms();
    /* the day ended with items of these meters still missing: 补抄 failed (ERC39) */
    if (ri->reason == CC_READ_DAY_START) {
        for (size_t i = 0; i < p->n_meters; i++)
            if (p->prev_valid[i] && p->prev[i].items_missing > 0) {
                cc_mevents_on_reread_failed(&p->d->ev, p->meters[i].point, &p->meters[i],
                                            clock_s((cc_link_now){0, ri->start_clock_ms}));
                p->prev[i].items_missing = 0;
            }
        cd_events_raised(p->d, NULL);
    }
    cd_log(CD_LOG_INFO, "reader %s: round %u started (%s, %u meters)", p->name, ri->round,
           (unsigned)ri->reason < 5 ? reason_names[ri->reason] : "?", ri->meters);
}

static void op_round_end(void *ctx, const cc_reader_round_info *ri)
{
    cd_rport *p = ctx;
    flush_items(p);
    /* the monotonic clock: a time set during the round does not change its length */
    int64_t ms = cd_now_mono_ms() - p->round_mono;
    cd_log(CD_LOG_INFO,
           "reader %s: round %u done in %lld.%01lld s: %u/%u meters ok, %u requests, %u failures, "
           "%u bytes sent, %u received",
           p->name, ri->round, (long long)(ms / 1000), (long long)(ms % 1000 / 100), ri->ok,
           ri->meters, ri->requests, ri->failures, ri->bytes_tx, ri->bytes_rx);
}

/* ---- jobs of the master ---- */

static void job_answer(cd_rport *p, cc_reader_result r, uint32_t di, const uint8_t *b, size_t n)
{
    if (!p->job_busy)
        return;
    p->job_busy = false;
    cc_link_answer ans;
    if (cc_dispatch_forward_answer(&p->d->disp, &p->job, r, di, b, n, &ans) != 0)
        cd_log(CD_LOG_WARN, "%s: AFN10 answer could not be built", p->name);
    cd_log(CD_LOG_INFO, "%s: AFN10 F%u done: %s, %zu bytes", p->name, p->job.fn,
           r == CC_READER_OK        ? "answered"
           : r == CC_READER_TIMEOUT ? "no answer"
           : r == CC_READER_DENIED  ? "denied"
                                    : "cancelled",
           n);
    cd_answer_later(p->d, p->job_src, p->job_id, &ans);
}

static void op_fwd_done(void *ctx, uint32_t id, cc_reader_result r, const uint8_t *b, size_t n)
{
    (void)id;
    job_answer(ctx, r, 0, b, n);
}

static void op_read_done(void *ctx, uint32_t id, cc_reader_result r, uint32_t di, const uint8_t *b,
                         size_t n)
{
    (void)id;
    job_answer(ctx, r, di, b, n);
}

bool cd_readers_job(cd_daemon *d, cc_source src, uint32_t id, const cc_forward_job *job)
{
    for (int i = 0; i < 2; i++) {
        cd_rport *p = &d->rports[i];
        if (!p->open || p->port != job->port)
            continue;
        if (p->job_busy)
            return false;
        cc_link_now now = cd_now(d);
        int rc;
        if (job->fn == 1) {
            cc_reader_fwd f = job->fwd;
            f.id = id;
            rc = cc_reader_forward(p->r, now, &f);
        } else {
            rc = cc_reader_read(p->r, now, id, job->addr, job->protocol, 0, job->di);
        }
        if (rc != 0)
            return false;
        p->job_busy = true;
        p->job_src = src;
        p->job_id = id;
        p->job = *job;
        rport_arm(p);
        return true;
    }
    return false;
}

/* ---- search and auto-maintenance (R-C10) ---- */

static void op_found(void *ctx, const uint8_t addr[6], uint8_t protocol, uint32_t baud)
{
    cd_rport *p = ctx;
    cd_daemon *d = p->d;
    char a[13];
    dlt645_addr_format(addr, a);
    p->found_this_search++;
    cc_link_now now = cd_now(d);
    static uint8_t f10[STORE_PARAM_MAX];
    size_t n = 0;
    if (store_param_get(d->st, 10, 0, f10, sizeof f10, &n) != 0) {
        cd_log(CD_LOG_WARN, "reader %s: F10: %s", p->name, store_errmsg(d->st));
        return;
    }
    amaint_found fm = {.port = p->port, .protocol = protocol, .baud = baud};
    memcpy(fm.addr, addr, 6);
    amaint_decision dec;
    if (amaint_decide((uint8_t)d->amaint, &fm, f10, n, d->cfg.rd_default_baud, &dec) != 0) {
        cd_log(CD_LOG_WARN, "reader %s: found meter %s: %s", p->name, a, dec.why);
        return;
    }
    switch (dec.action) {
    case AMAINT_F10_ADD:
    case AMAINT_F10_UPDATE:
        /* the store keeps F150 (valid and changed flags) with every F10 set */
        if (store_param_set(d->st, 10, 0, dec.f10, dec.f10_len, 0, clock_s(now)) != 0) {
            cd_log(CD_LOG_WARN, "reader %s: found meter %s: F10: %s", p->name, a,
                   store_errmsg(d->st));
            return;
        }
        cd_log(CD_LOG_INFO, "reader %s: found meter %s: %s", p->name, a, dec.why);
        cd_readers_load(d);
        return;
    case AMAINT_F13_RECORD: {
        store_found f = {.port = p->port, .protocol = protocol, .baud = baud, .time = clock_s(now)};
        memcpy(f.addr, addr, 6);
        if (store_found_put(d->st, &f) != 0)
            cd_log(CD_LOG_WARN, "reader %s: found meter %s: %s", p->name, a, store_errmsg(d->st));
        else
            cd_log(CD_LOG_INFO, "reader %s: found meter %s: %s", p->name, a, dec.why);
        return;
    }
    case AMAINT_REFUSED:
        cd_log(CD_LOG_WARN, "reader %s: found meter %s: %s", p->name, a, dec.why);
        return;
    case AMAINT_NOTHING:
        cd_log(CD_LOG_DEBUG, "reader %s: found meter %s: %s", p->name, a, dec.why);
        return;
    }
}

static void op_search_done(void *ctx, unsigned found)
{
    cd_rport *p = ctx;
    p->searching = false;
    cd_log(CD_LOG_INFO, "reader %s: search done, %u meters answered", p->name, found);
}

static void op_log(void *ctx, const char *line)
{
    cd_rport *p = ctx;
    cd_log(CD_LOG_DEBUG, "reader %s: %s", p->name, line);
}

/* ---- configuration from the store ---- */

/* The meter's rate of an F10 rate code; 0 (the port default) for code 0 and for
 * 7200 / 19200, which are no DL/T 645 meter rates. */
static uint32_t f10_baud(uint8_t code)
{
    uint32_t b = amaint_baud_of_code(code & 7u, 0);
    return b == 7200 || b == 19200 ? 0 : b;
}

/* The port's F33 block into s (defaults when absent). */
static void load_sched(cd_daemon *d, uint8_t port, cc_reader_sched *s)
{
    static uint8_t buf[2048];
    size_t n = 0;
    cc_reader_sched_default(s);
    if (store_param_get(d->st, 33, 0, buf, sizeof buf, &n) != 0 || n < 1)
        return;
    size_t off = 1;
    for (unsigned b = 0; b < buf[0] && off + 14 <= n; b++) {
        const uint8_t *q = buf + off;
        unsigned np = q[13];
        size_t len = 14u + 4u * np;
        if (off + len > n)
            return;
        off += len;
        if (q[0] != port)
            continue;
        uint16_t ctl = (uint16_t)(q[1] | q[2] << 8);
        s->auto_read = !(ctl & 1);
        s->key_only = (ctl & 2) != 0;
        s->time_sync = (ctl & 8) != 0;
        s->search = (ctl & 16) != 0;
        s->read_status = (ctl & 32) != 0;
        s->read_days =
            (uint32_t)q[3] | (uint32_t)q[4] << 8 | (uint32_t)q[5] << 16 | (uint32_t)q[6] << 24;
        s->read_day_min = (uint16_t)(mdc_bcd_to_u8(q[8]) * 60u + mdc_bcd_to_u8(q[7]));
        s->interval_min = q[9] >= 1 && q[9] <= 60 ? q[9] : 15;
        s->sync_min = (uint16_t)(mdc_bcd_to_u8(q[11]) * 60u + mdc_bcd_to_u8(q[10]));
        s->sync_day = (uint8_t)mdc_bcd_to_u8(q[12]);
        s->nperiods = (uint8_t)(np > 24 ? 24 : np);
        for (unsigned i = 0; i < s->nperiods; i++) {
            const uint8_t *t = q + 14 + 4 * i;
            s->periods[i].start_min = (uint16_t)(mdc_bcd_to_u8(t[1]) * 60u + mdc_bcd_to_u8(t[0]));
            s->periods[i].end_min = (uint16_t)(mdc_bcd_to_u8(t[3]) * 60u + mdc_bcd_to_u8(t[2]));
        }
        return;
    }
}

static bool is_key_user(const uint8_t *f35, size_t n, uint16_t index)
{
    for (size_t i = 0; n >= 1 && i < f35[0] && 1 + 2 * i + 1 < n; i++)
        if ((uint16_t)(f35[1 + 2 * i] | f35[2 + 2 * i] << 8) == index)
            return true;
    return false;
}

static void load_port(cd_daemon *d, cd_rport *p, const uint8_t *f10, size_t n10, const uint8_t *f35,
                      size_t n35)
{
    cc_reader_meter m[CC_READER_METERS_MAX];
    mdata_point mp[CC_READER_METERS_MAX];
    size_t n = 0, skipped = 0;
    load_sched(d, p->port, &p->sched);
    unsigned count = n10 >= 2 ? (unsigned)(f10[0] | f10[1] << 8) : 0;
    for (unsigned i = 0; i < count && 2 + (i + 1) * F10_ENTRY <= n10; i++) {
        const uint8_t *e = f10 + 2 + i * F10_ENTRY;
        uint16_t index = (uint16_t)(e[0] | e[1] << 8), point = (uint16_t)(e[2] | e[3] << 8);
        uint8_t port = e[4] & 31, proto = e[5];
        if (point == 0 || port != p->port)
            continue;
        if (proto != CC_PROTO_645_1997 && proto != CC_PROTO_645_2007)
            continue;
        if (n == CC_READER_METERS_MAX) {
            skipped++;
            continue;
        }
        cc_reader_meter *x = &m[n];
        memset(x, 0, sizeof *x);
        x->point = point;
        memcpy(x->addr, e + 6, 6);
        x->protocol = proto;
        x->baud = f10_baud((uint8_t)(e[4] >> 5));
        x->tariffs = (uint8_t)(e[18] & 15);
        x->key = is_key_user(f35, n35, index);
        /* F10 has no protocol code for residual-current devices: the site names the user
         * major class (D7..D4 of the class byte) that marks them */
        x->rcd = d->cfg.rd_rcd_class != 0 && (e[26] >> 4) == d->cfg.rd_rcd_class;
        /* the point as the meter data see it (wiring from F25, tariffs, reading days):
         * one reading of those rules, mdata's */
        if (mdata_point_lookup(d->st, point, &mp[n]) != 0) {
            cd_log(CD_LOG_WARN, "reader %s: p%u: %s", p->name, point, store_errmsg(d->st));
            continue;
        }
        x->three_phase = mp[n].three_phase;
        n++;
    }
    if (skipped)
        cd_log(CD_LOG_WARN, "reader %s: %zu meters above the %u a port reads are ignored", p->name,
               skipped, CC_READER_METERS_MAX);
    flush_items(p);
    cc_link_now now = cd_now(d);
    if (cc_reader_set_meters(p->r, now, m, n) != 0) {
        cd_log(CD_LOG_WARN, "reader %s: meter list refused", p->name);
        return;
    }
    /* the meters' previous statistics follow them to their new places */
    cc_reader_meter_stats prev[CC_READER_METERS_MAX];
    bool valid[CC_READER_METERS_MAX];
    for (size_t i = 0; i < n; i++) {
        int k = meter_index(p, &m[i]);
        valid[i] = k >= 0 && p->prev_valid[k];
        if (valid[i])
            prev[i] = p->prev[k];
    }
    memcpy(p->prev, prev, n * sizeof prev[0]);
    memcpy(p->prev_valid, valid, n * sizeof valid[0]);
    memset(p->prev_valid + n, 0, (CC_READER_METERS_MAX - n) * sizeof valid[0]);
    memcpy(p->meters, m, n * sizeof m[0]);
    memcpy(p->mp, mp, n * sizeof mp[0]);
    bool news = n != p->n_meters || !p->loaded || p->sched.interval_min != p->logged_interval ||
                p->sched.auto_read != p->logged_auto;
    p->n_meters = n;
    cc_reader_set_sched(p->r, now, &p->sched);
    if (news) /* parameters that do not concern the port leave the log quiet */
        cd_log(CD_LOG_INFO, "reader %s: port %u, %zu meters, every %u min%s", p->name, p->port, n,
               p->sched.interval_min, p->sched.auto_read ? "" : " (automatic reading off)");
    p->loaded = true;
    p->logged_interval = p->sched.interval_min;
    p->logged_auto = p->sched.auto_read;
    rport_arm(p);
}

void cd_readers_load(cd_daemon *d)
{
    static uint8_t f10[STORE_PARAM_MAX];
    uint8_t f35[64];
    size_t n10 = 0, n35 = 0;
    if (store_param_get(d->st, 10, 0, f10, sizeof f10, &n10) != 0)
        n10 = 0;
    if (store_param_get(d->st, 35, 0, f35, sizeof f35, &n35) != 0)
        n35 = 0;
    for (int i = 0; i < 2; i++)
        if (d->rports[i].open)
            load_port(d, &d->rports[i], f10, n10, f35, n35);
}

/* ---- the loop ---- */

static void on_timer(uv_timer_t *t)
{
    cd_rport *p = t->data;
    cc_reader_tick(p->r, cd_now(p->d));
    rport_arm(p);
    cd_after(p->d);
}

static void rport_arm(cd_rport *p)
{
    if (!p->open)
        return;
    int64_t dl = cc_reader_next_deadline(p->r);
    if (dl == CC_READER_NO_DEADLINE) {
        uv_timer_stop(&p->timer);
        return;
    }
    int64_t wait = dl - cd_now_mono_ms();
    uv_timer_start(&p->timer, on_timer, wait > 0 ? (uint64_t)wait : 0, 0);
}

static void on_poll(uv_poll_t *h, int status, int events)
{
    cd_rport *p = h->data;
    if (status < 0 || !(events & UV_READABLE))
        return;
    uint8_t buf[1024];
    for (;;) {
        ssize_t n = read(p->fd, buf, sizeof buf);
        if (n > 0) {
            p->d->local_rx_ms = cd_now_mono_ms();
            cc_reader_on_bytes(p->r, cd_now(p->d), buf, (size_t)n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break; /* EAGAIN: drained */
    }
    rport_arm(p);
    cd_after(p->d);
}

static int open_rport(cd_daemon *d, cd_rport *p, const char *path, uint32_t port, char *err,
                      size_t cap)
{
    static const cc_reader_ops ops = {
        .send = op_send,
        .round_begin = op_round_begin,
        .round_end = op_round_end,
        .item = op_item,
        .meter_done = op_meter_done,
        .fwd_done = op_fwd_done,
        .read_done = op_read_done,
        .found = op_found,
        .search_done = op_search_done,
        .log = op_log,
    };
    p->d = d;
    p->fd = -1;
    p->port = (uint8_t)port;
    if (!path[0])
        return 0;
    cc_reader_cfg cfg;
    cc_reader_cfg_default(&cfg);
    cfg.port = (uint8_t)port;
    cfg.default_baud = d->cfg.rd_default_baud;
    cfg.reply_timeout_ms = d->cfg.rd_reply_timeout_ms;
    cfg.byte_gap_ms = d->cfg.rd_byte_gap_ms;
    cfg.retries = (uint8_t)d->cfg.rd_retries;
    cfg.preamble = (uint8_t)d->cfg.rd_preamble;
    cfg.turnaround_ms = (uint16_t)d->cfg.rd_turnaround_ms;
    p->r = calloc(1, cc_reader_size());
    if (!p->r || cc_reader_init(p->r, &cfg, &ops, p) != 0) {
        snprintf(err, cap, "reader settings refused");
        return -1;
    }
    int fd = plat_serial_open(path, cfg.default_baud, PLAT_PARITY_EVEN, err, cap);
    if (fd < 0)
        return -1;
    p->fd = fd;
    p->line_baud = cfg.default_baud;
    p->line_parity = 2;
    cd_log(CD_LOG_INFO, "%s: %s, port %u, %u 8E1 by default", p->name, path, port,
           cfg.default_baud);
    uv_poll_init(d->loop, &p->poll, fd);
    uv_timer_init(d->loop, &p->timer);
    p->poll.data = p->timer.data = p;
    uv_poll_start(&p->poll, UV_READABLE, on_poll);
    p->open = true;
    return 0;
}

int cd_readers_open(cd_daemon *d, char *err, size_t errcap)
{
    static const char *const names[2] = {"rs485_1", "rs485_2"};
    static const char *const labels[2] = {"RS485-I", "RS485-II"};
    const char *paths[2] = {d->cfg.rs485_1, d->cfg.rs485_2};
    uint32_t ports[2] = {d->cfg.rs485_1_port, d->cfg.rs485_2_port};
    int64_t am = 0;
    store_state_get(d->st, "amaint", &am, 0);
    d->amaint = (int)am;
    for (int i = 0; i < 2; i++) {
        cd_rport *p = &d->rports[i];
        p->name = names[i];
        p->label = labels[i];
        char why[300];
        if (open_rport(d, p, paths[i], ports[i], why, sizeof why) != 0) {
            snprintf(err, errcap, "ports.%s: %s", names[i], why);
            return -1;
        }
    }
    cd_readers_load(d);
    return 0;
}

static void on_closed(uv_handle_t *h)
{
    cd_rport *p = h->data;
    if (p->fd >= 0 && h == (uv_handle_t *)&p->poll) {
        close(p->fd);
        p->fd = -1;
    }
}

void cd_readers_close(cd_daemon *d)
{
    for (int i = 0; i < 2; i++) {
        cd_rport *p = &d->rports[i];
        if (!p->open)
            continue;
        flush_items(p);
        p->open = false;
        uv_poll_stop(&p->poll);
        uv_timer_stop(&p->timer);
        uv_close((uv_handle_t *)&p->poll, on_closed);
        uv_close((uv_handle_t *)&p->timer, NULL);
    }
}

void cd_readers_flush(cd_daemon *d)
{
    for (int i = 0; i < 2; i++)
        if (d->rports[i].open)
            flush_items(&d->rports[i]);
}

void cd_readers_free(cd_daemon *d)
{
    for (int i = 0; i < 2; i++) {
        free(d->rports[i].r);
        d->rports[i].r = NULL;
    }
}

void cd_readers_live(cd_daemon *d, cc_live *live, cc_reader_port_stats buf[2])
{
    size_t n = 0;
    for (int i = 0; i < 2; i++)
        if (d->rports[i].open)
            cc_reader_port_stats_get(d->rports[i].r, &buf[n++]);
    live->reader_ports = n ? buf : NULL;
    live->n_reader_ports = n;
}

void cd_readers_effects(cd_daemon *d, const cc_dispatch_effects *fx)
{
    cc_link_now now = cd_now(d);
    if (fx->amaint >= 0 && fx->amaint <= 2)
        d->amaint = fx->amaint;
    for (int i = 0; i < 2; i++) {
        cd_rport *p = &d->rports[i];
        if (!p->open)
            continue;
        uint32_t bit = 1u << p->port;
        if (fx->clock_set)
            cc_reader_clock_changed(p->r, now);
        if (fx->pause_ports & bit) {
            cc_reader_pause(p->r, true);
            cd_log(CD_LOG_INFO, "reader %s: paused (AFN05 F49)", p->name);
        }
        if (fx->resume_ports & bit) {
            cc_reader_pause(p->r, false);
            cd_log(CD_LOG_INFO, "reader %s: resumed (AFN05 F50)", p->name);
        }
        if (fx->reread_ports & bit)
            cc_reader_reread(p->r, now);
        if (fx->sync_meters) {
            cc_reader_sync_time(p->r, now);
            cd_log(CD_LOG_INFO, "reader %s: time broadcast to the meters", p->name);
        }
        if ((fx->amaint == 1 || fx->amaint == 2) && !p->searching) {
            p->searching = true;
            p->found_this_search = 0;
            cc_reader_search(p->r, now, NULL, 0);
            cd_log(CD_LOG_INFO, "reader %s: searching for meters (auto-maintenance %d)", p->name,
                   fx->amaint);
        }
        rport_arm(p);
    }
}

size_t cd_readers_status(cd_daemon *d, char *buf, size_t cap)
{
    size_t n = 0;
    for (int i = 0; i < 2 && n < cap; i++) {
        cd_rport *p = &d->rports[i];
        if (!p->open)
            continue;
        cc_reader_port_stats s;
        cc_reader_port_stats_get(p->r, &s);
        char last[96] = "no round yet";
        mdc_tm a, b;
        if (s.busy) {
            mdc_tm_from_epoch(s.start_clock_ms / 1000, &a);
            snprintf(last, sizeof last, "reading since %02u:%02u:%02u", a.hour, a.min, a.sec);
        } else if (s.end_clock_ms != 0) {
            mdc_tm_from_epoch(s.start_clock_ms / 1000, &a);
            mdc_tm_from_epoch(s.end_clock_ms / 1000, &b);
            snprintf(last, sizeof last,
                     "last round %02u:%02u:%02u-%02u:%02u:%02u, %u ok (%u key)%s", a.hour, a.min,
                     a.sec, b.hour, b.min, b.sec, s.ok, s.key_ok,
                     s.done_in_period ? "" : ", overran its interval");
        }
        int w = snprintf(buf + n, cap - n,
                         "reader %s (%s, port %u): %u meters, rounds %u, %s, items stored %llu\n",
                         p->name, p->label, p->port, s.meters, s.rounds, last,
                         (unsigned long long)p->items_stored);
        if (w < 0)
            break;
        n += (size_t)w;
    }
    return n < cap ? n : cap;
}
