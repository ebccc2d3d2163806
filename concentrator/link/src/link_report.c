/* Active reports (AFN 0C/0D/0E, PRM=1): a bounded FIFO; the head report is
 * split into frames and sent when online. CON=0: every frame at once, done.
 * CON=1: one frame at a time, each acked (AFN00) before the next, resent per
 * the timeout and retries; when the retries run out the report stays at the
 * head and is tried again (from its first frame) one heartbeat period later. */
#include <string.h>

#include "link_internal.h"

#define NO_HB_HOLD_MS 60000

int cc_link_report_queue(cc_link *l, cc_link_now now, uint32_t id, uint8_t afn,
                         const gdw13761_span *units, size_t n, int con)
{
    (void)now;
    if (afn < 0x0C || afn > 0x0E || !units || n == 0 || n > CC_LINK_REPORT_SPANS) {
        l->stats.reports_rejected++;
        return -1;
    }
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (!units[i].p || units[i].len < 4 || units[i].len > CC_LINK_REPORT_BYTES) {
            l->stats.reports_rejected++;
            return -1;
        }
        total += units[i].len;
    }
    if (total > CC_LINK_REPORT_BYTES || l->rep_count >= CC_LINK_REPORTS) {
        l->stats.reports_rejected++;
        return -1;
    }
    cc_link_report *r = &l->reports[(l->rep_head + l->rep_count) % CC_LINK_REPORTS];
    r->id = id;
    r->afn = afn;
    /* AFN04 F1 CON flags: D0 class 1 (0C), D1 class 2 (0D), D2 class 3 (0E) */
    r->con = con < 0 ? (((unsigned)l->p.con_flags >> (afn - 0x0Cu)) & 1u) != 0 : con != 0;
    r->nspans = (uint16_t)n;
    r->len = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(r->bytes + r->len, units[i].p, units[i].len);
        r->span_len[i] = (uint16_t)units[i].len;
        r->len = (uint16_t)(r->len + units[i].len);
    }
    l->rep_count++;
    return 0;
}

unsigned cc_link_report_count(const cc_link *l)
{
    return l->rep_count;
}

static void report_pop(cc_link *l, bool acked)
{
    uint32_t id = l->reports[l->rep_head].id;
    l->rep_head = (l->rep_head + 1) % CC_LINK_REPORTS;
    l->rep_count--;
    l->rep_active = false;
    if (l->ops.report_done)
        l->ops.report_done(l->ctx, id, acked);
}

static bool report_start(cc_link *l)
{
    const cc_link_report *r = &l->reports[l->rep_head];
    size_t off = 0;
    for (unsigned i = 0; i < r->nspans; i++) {
        l->rep_spans[i].p = r->bytes + off;
        l->rep_spans[i].len = r->span_len[i];
        off += r->span_len[i];
    }
    gdw13761_frame t;
    cc_link_priv_uplink_tmpl(l, &t, r->afn, r->con ? l->p.report_fc_con : GDW13761_FC_USER_DATA,
                             r->con);
    t.tpv = l->p.tp_delay_min != 0;
    gdw13761_err err;
    if (gdw13761_split_init(&l->rep_split, &t, l->rep_spans, r->nspans, l->p.max_frame_len, &err) !=
        0)
        return false;
    l->rep_active = true;
    return true;
}

/* Encodes and sends the head report's next frame; 1 sent, 0 none left. */
static int report_frame(cc_link *l, cc_link_now now)
{
    gdw13761_split *s = &l->rep_split;
    /* the next frame carries the next PFC even if other frames went between */
    s->tmpl.seq = (uint8_t)((l->pfc - s->frames) & 0x0Fu);
    if (s->tmpl.tpv) {
        mdc_tm t;
        cc_link_now_calendar(now, &t);
        gdw13761_tp_from_tm(&s->tmpl.tp, l->pfc, &t, l->p.tp_delay_min);
    }
    gdw13761_err err;
    size_t w = 0;
    if (gdw13761_split_next(s, l->tx_frame, sizeof l->tx_frame, &w, &err) != 1)
        return 0;
    l->tx_len = w;
    l->tx_seq = (uint8_t)(l->pfc & 0x0Fu);
    l->pfc++;
    l->t_app = now.ms;
    cc_link_priv_send(l, now, l->tx_frame, w);
    return 1;
}

static bool report_all_sent(const cc_link *l)
{
    return l->rep_split.next >= l->rep_split.n;
}

void cc_link_priv_report_next(cc_link *l, cc_link_now now)
{
    if (!l->rep_count)
        return;
    if (!l->rep_active && !report_start(l)) {
        /* a unit larger than a frame: it can never go out */
        report_pop(l, false);
        return;
    }
    const cc_link_report *r = &l->reports[l->rep_head];
    if (r->con) {
        if (report_frame(l, now) == 1) {
            l->tx = CC_TX_REPORT;
            l->tx_tries = 1;
            l->t_tx = now.ms + cc_link_priv_timeout_ms(l);
        }
        return;
    }
    while (report_frame(l, now) == 1)
        ;
    l->stats.reports_sent++;
    report_pop(l, true);
}

void cc_link_priv_report_acked(cc_link *l, cc_link_now now, bool ok)
{
    (void)now;
    if (!l->rep_count || !l->rep_active)
        return;
    if (!ok) {
        /* denied by the master: resending will not change its mind */
        report_pop(l, false);
        return;
    }
    if (report_all_sent(l)) {
        l->stats.reports_sent++;
        l->stats.reports_acked++;
        report_pop(l, true);
    }
}

void cc_link_priv_report_failed(cc_link *l, cc_link_now now)
{
    int64_t hold = (int64_t)l->p.heartbeat_min * 60000;
    l->rep_active = false; /* next time from the first frame */
    l->t_report = now.ms + (hold ? hold : NO_HB_HOLD_MS);
}
