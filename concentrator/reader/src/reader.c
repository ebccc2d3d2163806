/* The reader core's life cycle: configuration, meters, schedule, pause and
 * re-read, statistics (cc/reader.h). */
#include <string.h>

#include "rd.h"

void cc_reader_cfg_default(cc_reader_cfg *c)
{
    if (!c)
        return;
    memset(c, 0, sizeof *c);
    c->port = 2;
    c->default_baud = 2400;
    c->reply_timeout_ms = 1000;
    c->byte_gap_ms = 500;
    c->retries = 2;
    c->preamble = 4;
    c->turnaround_ms = 20;
}

void cc_reader_sched_default(cc_reader_sched *s)
{
    if (!s)
        return;
    memset(s, 0, sizeof *s);
    s->auto_read = true;
    s->read_days = 1u; /* day 1 */
    s->read_day_min = 0;
    s->interval_min = 15;
}

size_t cc_reader_size(void)
{
    return sizeof(cc_reader);
}

static bool rate_ok(uint32_t b)
{
    return b >= 600 && b <= 9600;
}

int cc_reader_init(cc_reader *r, const cc_reader_cfg *cfg, const cc_reader_ops *ops, void *ctx)
{
    if (!r || !cfg || !ops || !ops->send || !ops->item || cfg->port == 0 ||
        !rate_ok(cfg->default_baud))
        return -1;
    memset(r, 0, sizeof *r);
    r->cfg = *cfg;
    if (r->cfg.preamble > DLT645_PREAMBLE_MAX)
        r->cfg.preamble = DLT645_PREAMBLE_MAX;
    r->ops = *ops;
    r->ctx = ctx;
    cc_reader_sched_default(&r->sched);
    r->last_slot = -1;
    r->last_round_day = INT64_MIN;
    r->rday_done = INT64_MIN;
    r->sync_done = INT64_MIN;
    r->search_day = INT64_MIN;
    r->reread_day = INT64_MIN;
    r->port.port = cfg->port;
    dlt645_framer_init(&r->fr);
    rd_plan_prepare(r);
    return 0;
}

static bool same_meter(const cc_reader_meter *a, const cc_reader_meter *b)
{
    return memcmp(a->addr, b->addr, 6) == 0 && a->protocol == b->protocol && a->baud == b->baud;
}

int cc_reader_set_meters(cc_reader *r, cc_link_now now, const cc_reader_meter *m, size_t n)
{
    if (!r || (n && !m) || n > CC_READER_METERS_MAX)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (m[i].baud && !rate_ok(m[i].baud))
            return -1;
    bool same = n == r->n;
    for (size_t i = 0; same && i < n; i++)
        same = same_meter(&m[i], &r->meters[i]) && m[i].point == r->meters[i].point &&
               m[i].tariffs == r->meters[i].tariffs &&
               m[i].three_phase == r->meters[i].three_phase && m[i].key == r->meters[i].key &&
               m[i].rcd == r->meters[i].rcd;
    if (same) {
        rd_pump(r, now);
        return 0; /* nothing changed: no new round */
    }
    static const rd_mstate fresh = {.day = INT64_MIN};
    rd_mstate keep[CC_READER_METERS_MAX];
    for (size_t i = 0; i < n; i++) {
        keep[i] = fresh;
        for (size_t j = 0; j < r->n; j++)
            if (same_meter(&m[i], &r->meters[j])) {
                keep[i] = r->ms[j];
                break;
            }
    }
    memcpy(r->ms, keep, n * sizeof keep[0]);
    memcpy(r->meters, m, n * sizeof m[0]);
    r->n = n;
    r->port.meters = 0;
    for (size_t i = 0; i < n; i++)
        if (m[i].protocol == CC_PROTO_645_1997 || m[i].protocol == CC_PROTO_645_2007)
            r->port.meters++;
    if (r->rnd.active) {
        /* the round's cursor indexes the old list: end it after the current transaction */
        r->rnd.stop = true;
        if (r->tx.kind != RD_TX_ROUND)
            rd_round_abort(r, now);
    } else if (n > 0) {
        r->master_pending = true;
    }
    r->reread_at = 0;
    rd_pump(r, now);
    return 0;
}

void cc_reader_set_sched(cc_reader *r, cc_link_now now, const cc_reader_sched *s)
{
    if (!r || !s)
        return;
    r->sched = *s;
    if (r->sched.interval_min == 0 || r->sched.interval_min > 60)
        r->sched.interval_min = 15;
    if (r->sched.nperiods > 24)
        r->sched.nperiods = 24;
    rd_pump(r, now);
}

void cc_reader_clock_changed(cc_reader *r, cc_link_now now)
{
    if (!r)
        return;
    /* the next interval round is computed from the new clock; a round for the
     * interval we are now in starts at once */
    r->last_slot = -1;
    r->reread_at = 0;
    rd_pump(r, now);
}

void cc_reader_pause(cc_reader *r, bool paused)
{
    if (!r)
        return;
    r->paused = paused;
    if (!paused)
        r->poke = true;
}

void cc_reader_reread(cc_reader *r, cc_link_now now)
{
    if (!r)
        return;
    if (r->rnd.active)
        r->rnd.stop = true; /* ends after the current transaction; the new round follows */
    else
        r->master_pending = true;
    rd_pump(r, now);
}

void cc_reader_port_stats_get(const cc_reader *r, cc_reader_port_stats *out)
{
    if (!r || !out)
        return;
    *out = r->port;
}

bool cc_reader_meter_stats_get(const cc_reader *r, size_t i, cc_reader_meter_stats *out)
{
    if (!r || !out || i >= r->n)
        return false;
    *out = r->ms[i].st;
    return true;
}

const cc_reader_round_info *cc_reader_current_round(const cc_reader *r)
{
    return r && r->rnd.active ? &r->rnd.info : NULL;
}
