/* The local maintenance port link (cc/link_local.h): the request half of the
 * uplink core without a session. Same address, Tp and repeat rules as
 * link_rx.c; answers may carry the infrared FE preamble. */
#include <string.h>

#include "cc/link_local.h"
#include "mdc/mtime.h"

static const uint8_t dadt_confirm[4] = {0x00, 0x00, 0x01, 0x00}; /* AFN00 p0 F1 */
static const uint8_t dadt_deny[4] = {0x00, 0x00, 0x02, 0x00};    /* AFN00 p0 F2 */

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

int cc_link_local_init(cc_link_local *l, const cc_link_local_ops *ops, void *ctx,
                       const cc_link_local_params *p)
{
    if (!l || !ops || !ops->send || !ops->request || !params_ok(p))
        return -1;
    memset(l, 0, sizeof *l);
    l->ops = *ops;
    l->ctx = ctx;
    l->p = *p;
    gdw13761_framer_init(&l->framer);
    return 0;
}

int cc_link_local_params_changed(cc_link_local *l, const cc_link_local_params *p)
{
    if (!params_ok(p))
        return -1;
    l->p = *p;
    return 0;
}

void cc_link_local_set_events(cc_link_local *l, uint8_t ec1, uint8_t ec2, bool important_unread)
{
    l->ec1 = ec1;
    l->ec2 = ec2;
    l->acd = important_unread;
}

const cc_link_local_stats *cc_link_local_get_stats(const cc_link_local *l)
{
    return &l->stats;
}

static void send_bytes(cc_link_local *l, const uint8_t *p, size_t n)
{
    l->stats.tx_bytes += n;
    l->stats.tx_frames++;
    l->ops.send(l->ctx, p, n);
}

static bool addressed_to_us(const cc_link_local *l, const gdw13761_frame *f)
{
    if (gdw13761_addr_is_broadcast(f))
        return true;
    if (strncmp(f->a1, l->p.a1, 4) != 0)
        return false;
    if (!f->group)
        return f->a2 == l->p.a2;
    for (unsigned i = 0; i < CC_LINK_GROUPS; i++)
        if (l->p.groups[i] != 0 && l->p.groups[i] == f->a2)
            return true;
    return false;
}

/* FNV-1a over the AFN and the data-unit region. */
static uint32_t request_hash(const gdw13761_frame *f)
{
    uint32_t h = 2166136261u;
    h = (h ^ f->afn) * 16777619u;
    for (size_t i = 0; i < f->units_len; i++)
        h = (h ^ f->units[i]) * 16777619u;
    return h;
}

/* The same request again (§4.4.3.4, §4.3.4.3.5 d 2): FCB decides with FCV=1,
 * else the same PSEQ (and PFC with TpV=1), identical content either way. */
static bool is_repeat(const cc_link_local *l, const gdw13761_frame *f, uint32_t hash)
{
    if (!l->prev_valid || hash != l->prev_hash)
        return false;
    if (f->fcv && l->prev_fcv)
        return f->fcb == l->prev_fcb;
    if (f->seq != l->prev_seq || f->tpv != l->prev_tpv)
        return false;
    return !f->tpv || f->tp.pfc == l->prev_pfc;
}

static void calendar(cc_link_now now, mdc_tm *t)
{
    int64_t s = now.clock_ms / 1000;
    if (now.clock_ms < 0 && now.clock_ms % 1000)
        s--;
    mdc_tm_from_epoch(s, t);
}

/* Sends the stored answer again: it holds whole frames, each preceded by the
 * preamble when the port has one. */
static void send_stored(cc_link_local *l)
{
    size_t off = 0, pre = l->p.preamble ? CC_LINK_LOCAL_PREAMBLE : 0;
    while (l->store_valid && off + pre < l->store_len) {
        size_t fl = 0;
        gdw13761_frame sf;
        if (gdw13761_frame_decode(l->store + off + pre, l->store_len - off - pre, &sf, &fl, NULL) !=
            0)
            break;
        send_bytes(l, l->store + off, pre + fl);
        off += pre + fl;
    }
}

static void handle_frame(cc_link_local *l, cc_link_now now, const uint8_t *raw, size_t len)
{
    gdw13761_frame f;
    l->stats.rx_frames++;
    if (gdw13761_frame_decode(raw, len, &f, NULL, NULL) != 0) {
        l->stats.dropped_bad++;
        return;
    }
    if (f.dir || !f.prm || f.afn == 0x00 || !addressed_to_us(l, &f)) {
        l->stats.dropped_addr++;
        return;
    }
    if (f.tpv) {
        mdc_tm t;
        calendar(now, &t);
        if (gdw13761_tp_check(&f.tp, &t, NULL) != GDW13761_TP_FRESH) {
            l->stats.dropped_stale++;
            return;
        }
    }
    uint32_t hash = request_hash(&f);
    if (is_repeat(l, &f, hash)) {
        l->stats.repeats++;
        if (!l->req_pending)
            send_stored(l);
        return;
    }
    if (l->req_pending) {
        l->stats.dropped_busy++;
        return;
    }
    l->prev_valid = true;
    l->prev_hash = hash;
    l->prev_fcv = f.fcv;
    l->prev_fcb = f.fcb;
    l->prev_tpv = f.tpv;
    l->prev_seq = f.seq;
    l->prev_pfc = f.tp.pfc;
    l->store_valid = false;
    l->store_len = 0;

    memcpy(l->req_frame, raw, len);
    mdc_arena_init(&l->arena, l->arena_buf, sizeof l->arena_buf);
    memset(&l->req_err, 0, sizeof l->req_err);
    int rc = gdw13761_msg_decode(l->req_frame, len, &l->req_msg, l->req_units, CC_LINK_REQ_UNITS,
                                 &l->arena, &l->req_err);
    l->req_msg.frame = f;
    l->req_msg.frame.units = f.units ? l->req_frame + (f.units - raw) : NULL;
    l->req_id++;
    l->req_pending = true;
    l->req_no_answer = f.group;
    l->stats.requests++;
    cc_link_request rq = {
        .id = l->req_id,
        .msg = &l->req_msg,
        .decode_rc = rc,
        .err = &l->req_err,
        .no_answer = l->req_no_answer,
    };
    l->ops.request(l->ctx, &rq);
}

void cc_link_local_on_bytes(cc_link_local *l, cc_link_now now, const uint8_t *p, size_t n)
{
    l->stats.rx_bytes += n;
    for (;;) {
        const uint8_t *fr = NULL;
        size_t fl = 0;
        size_t k = gdw13761_framer_feed(&l->framer, p, n, &fr, &fl);
        p += k;
        n -= k;
        if (fr)
            handle_frame(l, now, fr, fl);
        if (!fr && n == 0)
            break;
    }
}

static int send_answer(cc_link_local *l, uint8_t afn, uint8_t fc, const gdw13761_span *units,
                       size_t n)
{
    const gdw13761_frame *rq = &l->req_msg.frame;
    gdw13761_frame t;
    memset(&t, 0, sizeof t);
    t.dir = true;
    t.acd = l->acd;
    t.ec1 = l->ec1;
    t.ec2 = l->ec2;
    t.fc = fc;
    memcpy(t.a1, l->p.a1, sizeof t.a1);
    t.a2 = l->p.a2;
    t.msa = rq->msa;
    t.afn = afn;
    t.seq = rq->seq; /* RSEQ starts at the request's PSEQ */
    t.tpv = rq->tpv;
    t.tp = rq->tp;
    gdw13761_split s;
    gdw13761_err err;
    if (gdw13761_split_init(&s, &t, units, n, l->p.max_frame_len, &err) != 0)
        return -1;
    size_t pre = l->p.preamble ? CC_LINK_LOCAL_PREAMBLE : 0;
    memset(l->scratch, 0xFE, pre);
    l->store_len = 0;
    l->store_valid = true;
    size_t w = 0;
    while (gdw13761_split_next(&s, l->scratch + pre, sizeof l->scratch - pre, &w, &err) == 1) {
        size_t all = pre + w;
        if (l->store_valid && all <= sizeof l->store - l->store_len) {
            memcpy(l->store + l->store_len, l->scratch, all);
            l->store_len += all;
        } else {
            l->store_valid = false;
        }
        send_bytes(l, l->scratch, all);
    }
    return 0;
}

int cc_link_local_respond(cc_link_local *l, cc_link_now now, uint32_t id, const cc_link_answer *ans)
{
    (void)now;
    if (!l->req_pending || id != l->req_id || !ans) {
        l->stats.answers_unsent++;
        return -1;
    }
    l->req_pending = false;
    if (l->req_no_answer) {
        if (ans->kind != CC_LINK_ANS_NONE)
            l->stats.answers_unsent++;
        return 0;
    }
    gdw13761_span one = {dadt_confirm, 4};
    switch (ans->kind) {
    case CC_LINK_ANS_NONE:
        return 0;
    case CC_LINK_ANS_CONFIRM:
        return send_answer(l, 0x00, GDW13761_FC_ACK, &one, 1);
    case CC_LINK_ANS_DENY:
        one.p = dadt_deny;
        return send_answer(l, 0x00, GDW13761_FC_RSP_NODATA, &one, 1);
    case CC_LINK_ANS_DATA:
        if (send_answer(l, ans->afn, ans->afn == 0x00 ? GDW13761_FC_ACK : GDW13761_FC_RSP_DATA,
                        ans->units, ans->n) == 0)
            return 0;
        one.p = dadt_deny;
        (void)send_answer(l, 0x00, GDW13761_FC_RSP_NODATA, &one, 1);
        return -1;
    }
    return -1;
}
