/* The local maintenance port link (cc/link_local.h): the responder of the
 * uplink core (link_resp.c) without a session: no acks to wait for, so
 * answers from the other side are dropped; answers may carry the infrared FE
 * preamble. */
#include <string.h>

#include "cc/link_local.h"

static bool is_hex4(const char *s)
{
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return s[4] == '\0';
}

static bool params_ok(const cc_link_local_params *p)
{
    return p && is_hex4(p->a1) && p->a2 != 0 && p->max_frame_len >= CC_LINK_FRAME_LEN_MIN &&
           p->max_frame_len <= GDW13761_FRAME_MAX;
}

static void send_bytes(void *ctx, cc_link_now now, const uint8_t *p, size_t n)
{
    cc_link_local *l = ctx;
    (void)now;
    l->stats.tx_bytes += n;
    l->stats.tx_frames++;
    l->ops.send(l->ctx, p, n);
}

static void set_addr(cc_link_local *l)
{
    cc_link_resp_set_addr(&l->resp, l->p.a1, l->p.a2, l->p.groups, l->p.max_frame_len,
                          l->p.preamble ? CC_LINK_LOCAL_PREAMBLE : 0);
}

int cc_link_local_init(cc_link_local *l, const cc_link_local_ops *ops, void *ctx,
                       const cc_link_local_params *p)
{
    if (!l || !ops || !ops->send || !ops->request || !params_ok(p))
        return -1;
    memset(l, 0, sizeof *l);
    l->p = *p;
    l->ops = *ops;
    l->ctx = ctx;
    cc_link_resp_init(&l->resp, send_bytes, l);
    set_addr(l);
    return 0;
}

int cc_link_local_params_changed(cc_link_local *l, const cc_link_local_params *p)
{
    if (!params_ok(p))
        return -1;
    l->p = *p;
    set_addr(l);
    return 0;
}

void cc_link_local_set_events(cc_link_local *l, uint8_t ec1, uint8_t ec2, bool important_unread)
{
    cc_link_resp_set_events(&l->resp, ec1, ec2, important_unread);
}

const cc_link_local_stats *cc_link_local_get_stats(const cc_link_local *l)
{
    return &l->stats;
}

/* One frame from the line: every outcome has its counter; answers (PRM=0,
 * AFN00) count as not for us, there is nothing we wait for. */
static void handle_frame(cc_link_local *l, cc_link_now now, cc_link_resp_event ev)
{
    cc_link_request rq;
    if (ev == CC_LINK_RESP_FRESH)
        ev = cc_link_resp_take(&l->resp, &rq);
    cc_link_local_stats *s = &l->stats;
    uint32_t *const counter[] = {
        [CC_LINK_RESP_NONE] = NULL,
        [CC_LINK_RESP_BAD] = &s->dropped_bad,
        [CC_LINK_RESP_NOT_OURS] = &s->dropped_addr,
        [CC_LINK_RESP_ANSWER] = &s->dropped_addr,
        [CC_LINK_RESP_STALE] = &s->dropped_stale,
        [CC_LINK_RESP_FRESH] = NULL,
        [CC_LINK_RESP_REPEAT] = &s->repeats,
        [CC_LINK_RESP_BUSY] = &s->dropped_busy,
        [CC_LINK_RESP_REQUEST] = &s->requests,
    };
    if ((unsigned)ev < sizeof counter / sizeof counter[0] && counter[ev])
        (*counter[ev])++;
    if (ev == CC_LINK_RESP_REPEAT)
        cc_link_resp_resend(&l->resp, now);
    else if (ev == CC_LINK_RESP_REQUEST)
        l->ops.request(l->ctx, &rq);
}

void cc_link_local_on_bytes(cc_link_local *l, cc_link_now now, const uint8_t *p, size_t n)
{
    l->stats.rx_bytes += n;
    cc_link_resp_event ev;
    while ((ev = cc_link_resp_next(&l->resp, now, &p, &n)) != CC_LINK_RESP_NONE) {
        l->stats.rx_frames++;
        handle_frame(l, now, ev);
    }
}

int cc_link_local_respond(cc_link_local *l, cc_link_now now, uint32_t id, const cc_link_answer *ans)
{
    return cc_link_resp_answer(&l->resp, now, id, ans, &l->stats.answers_unsent);
}
