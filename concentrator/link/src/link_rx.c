/* Frames from the master: the responder (link_resp.c) checks them; here the
 * uplink's part: acks of our frames (AFN00 F1/F2/F3), the statistics, the
 * passive-mode idle timer, and frames read only while connected. */
#include <string.h>

#include "link_internal.h"
#include "mdc/cursor.h"

void cc_link_priv_rx_reset(cc_link *l)
{
    cc_link_resp_reset(&l->resp);
}

/* AFN00 from the master: F1 confirmed, F2 denied, F3 per identifier (all
 * ERR 0: confirmed). Returns 1 ok, 0 denied, -1 not an ack we understand. */
static int parse_ack(const gdw13761_frame *f)
{
    mdc_rd r = mdc_rd_init(f->units, f->units_len);
    const uint8_t *id = mdc_rd_take(&r, 4);
    gdw13761_dadt d;
    if (!id || gdw13761_dadt_decode(id, &d, NULL) != 0 || d.npn != 1 || d.pn[0] != 0 || d.nfn < 1)
        return -1;
    switch (d.fn[0]) {
    case 1:
        return 1;
    case 2:
    case 4:
        return 0;
    case 3:
        (void)mdc_rd_u8(&r); /* the AFN confirmed */
        while (mdc_rd_left(&r) >= 5) {
            (void)mdc_rd_take(&r, 4);
            if (mdc_rd_u8(&r) != 0)
                return 0;
        }
        return r.err ? -1 : 1;
    default:
        return -1;
    }
}

/* One frame from the master (rx_frames counted before): acks go to the
 * session, requests to the dispatcher, the rest to the drop counters. */
static void handle_frame(cc_link *l, cc_link_now now, cc_link_resp_event ev)
{
    cc_link_request rq;
    switch (ev) {
    case CC_LINK_RESP_BAD:
        l->stats.dropped_bad++;
        return;
    case CC_LINK_RESP_NOT_OURS:
        l->stats.dropped_addr++;
        return;
    case CC_LINK_RESP_ANSWER: {
        /* AFN00 is always an answer; other PRM=0 frames answer nothing we send */
        const gdw13761_frame *f = cc_link_resp_frame(&l->resp);
        int ok = f->afn == 0x00 ? parse_ack(f) : -1;
        if (ok < 0)
            l->stats.unmatched_acks++;
        else
            cc_link_priv_ack(l, now, f->seq, ok == 1);
        return;
    }
    case CC_LINK_RESP_STALE:
        l->stats.dropped_stale++;
        return;
    case CC_LINK_RESP_FRESH:
        break;
    default:
        return;
    }
    l->t_app = now.ms; /* traffic for the passive-mode idle timer */
    switch (cc_link_resp_take(&l->resp, &rq)) {
    case CC_LINK_RESP_REPEAT:
        l->stats.repeats++;
        cc_link_resp_resend(&l->resp, now);
        break;
    case CC_LINK_RESP_BUSY:
        l->stats.dropped_busy++;
        break;
    case CC_LINK_RESP_REQUEST:
        l->ops.request(l->ctx, &rq);
        break;
    default:
        break;
    }
}

static bool reading(const cc_link *l)
{
    return l->st == CC_LINK_CONNECTED || l->st == CC_LINK_ONLINE || l->st == CC_LINK_STOPPING;
}

void cc_link_on_bytes(cc_link *l, cc_link_now now, const uint8_t *p, size_t n)
{
    if (!reading(l))
        return;
    cc_link_priv_roll(l, now);
    l->stats.day.rx_bytes += n;
    l->stats.month.rx_bytes += n;
    /* a frame may end the connection (logout ack): stop reading then */
    while (reading(l)) {
        cc_link_resp_event ev = cc_link_resp_next(&l->resp, now, &p, &n);
        if (ev == CC_LINK_RESP_NONE)
            break;
        l->stats.day.rx_frames++;
        l->stats.month.rx_frames++;
        handle_frame(l, now, ev);
    }
    cc_link_priv_pump(l, now);
}

int cc_link_respond(cc_link *l, cc_link_now now, uint32_t id, const cc_link_answer *ans)
{
    return cc_link_resp_answer(&l->resp, now, id, ans, &l->stats.answers_unsent);
}
