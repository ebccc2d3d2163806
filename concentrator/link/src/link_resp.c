/* The responder shared by the uplink and local cores (cc/link_resp.h):
 * address, Tp and repeat checks of requests, and the framing, sending and
 * storing of their answers. */
#include <string.h>

#include "cc/link_resp.h"

static const uint8_t dadt_confirm[4] = {0x00, 0x00, 0x01, 0x00}; /* AFN00 p0 F1 */
static const uint8_t dadt_deny[4] = {0x00, 0x00, 0x02, 0x00};    /* AFN00 p0 F2 */

void cc_link_resp_init(cc_link_resp *r, cc_link_resp_send_fn send, void *ctx)
{
    memset(r, 0, sizeof *r);
    r->send = send;
    r->ctx = ctx;
    gdw13761_framer_init(&r->framer);
}

void cc_link_resp_set_addr(cc_link_resp *r, const char a1[5], uint16_t a2, const uint16_t *groups,
                           size_t max_frame_len, size_t preamble)
{
    memcpy(r->a1, a1, sizeof r->a1);
    r->a2 = a2;
    memcpy(r->groups, groups, sizeof r->groups);
    r->max_frame_len = max_frame_len;
    r->preamble = preamble < CC_LINK_RESP_PREAMBLE_MAX ? preamble : CC_LINK_RESP_PREAMBLE_MAX;
}

void cc_link_resp_set_events(cc_link_resp *r, uint8_t ec1, uint8_t ec2, bool acd)
{
    r->ec1 = ec1;
    r->ec2 = ec2;
    r->acd = acd;
}

void cc_link_resp_reset(cc_link_resp *r)
{
    r->req_pending = false;
    r->prev_valid = false;
    r->store_valid = false;
    r->store_len = 0;
}

/* Frames for us: our own A1/A2, one of our group addresses (same A1), or
 * the system broadcast (any A1). */
static bool addressed_to_us(const cc_link_resp *r, const gdw13761_frame *f)
{
    if (gdw13761_addr_is_broadcast(f))
        return true;
    if (strncmp(f->a1, r->a1, 4) != 0)
        return false;
    if (!f->group)
        return f->a2 == r->a2;
    for (unsigned i = 0; i < CC_LINK_GROUPS; i++)
        if (r->groups[i] != 0 && r->groups[i] == f->a2)
            return true;
    return false;
}

void cc_link_now_calendar(cc_link_now now, mdc_tm *t)
{
    int64_t s = now.clock_ms / 1000;
    if (now.clock_ms < 0 && now.clock_ms % 1000)
        s--;
    mdc_tm_from_epoch(s, t);
}

static cc_link_resp_event check(cc_link_resp *r, cc_link_now now)
{
    const gdw13761_frame *f = &r->cur;
    if (gdw13761_frame_decode(r->cur_raw, r->cur_len, &r->cur, NULL, NULL) != 0)
        return CC_LINK_RESP_BAD;
    if (f->dir || !addressed_to_us(r, f))
        return CC_LINK_RESP_NOT_OURS;
    /* AFN00 is always an answer (whatever PRM a master sets) */
    if (!f->prm || f->afn == 0x00)
        return CC_LINK_RESP_ANSWER;
    if (f->tpv) {
        mdc_tm t;
        cc_link_now_calendar(now, &t);
        if (gdw13761_tp_check(&f->tp, &t, NULL) != GDW13761_TP_FRESH)
            return CC_LINK_RESP_STALE;
    }
    return CC_LINK_RESP_FRESH;
}

cc_link_resp_event cc_link_resp_next(cc_link_resp *r, cc_link_now now, const uint8_t **p, size_t *n)
{
    for (;;) {
        const uint8_t *fr = NULL;
        size_t fl = 0;
        size_t k = gdw13761_framer_feed(&r->framer, *p, *n, &fr, &fl);
        *p += k;
        *n -= k;
        if (fr) {
            r->cur_raw = fr;
            r->cur_len = fl;
            memset(&r->cur, 0, sizeof r->cur);
            return check(r, now);
        }
        if (*n == 0)
            return CC_LINK_RESP_NONE;
    }
}

const gdw13761_frame *cc_link_resp_frame(const cc_link_resp *r)
{
    return &r->cur;
}

/* FNV-1a over the AFN and the data-unit region: "the same request". */
static uint32_t request_hash(const gdw13761_frame *f)
{
    uint32_t h = 2166136261u;
    h = (h ^ f->afn) * 16777619u;
    for (size_t i = 0; i < f->units_len; i++)
        h = (h ^ f->units[i]) * 16777619u;
    return h;
}

/* §4.4.3.4 and §4.3.4.3.5 d) 2): the same request again. With FCV=1 the FCB
 * decides (same FCB: repeat; toggled: a new request); otherwise the same
 * PSEQ (and, with TpV=1, the same PFC). Both only for identical content, so
 * a master that never toggles FCB still gets fresh answers to new requests. */
static bool is_repeat(const cc_link_resp *r, const gdw13761_frame *f, uint32_t hash)
{
    if (!r->prev_valid || hash != r->prev_hash)
        return false;
    if (f->fcv && r->prev_fcv)
        return f->fcb == r->prev_fcb;
    if (f->seq != r->prev_seq || f->tpv != r->prev_tpv)
        return false;
    return !f->tpv || f->tp.pfc == r->prev_pfc;
}

cc_link_resp_event cc_link_resp_take(cc_link_resp *r, cc_link_request *rq)
{
    const gdw13761_frame *f = &r->cur;
    uint32_t hash = request_hash(f);
    if (is_repeat(r, f, hash))
        return CC_LINK_RESP_REPEAT;
    if (r->req_pending)
        return CC_LINK_RESP_BUSY;
    r->prev_valid = true;
    r->prev_hash = hash;
    r->prev_fcv = f->fcv;
    r->prev_fcb = f->fcb;
    r->prev_tpv = f->tpv;
    r->prev_seq = f->seq;
    r->prev_pfc = f->tp.pfc;
    r->store_valid = false;
    r->store_len = 0;

    memcpy(r->req_frame, r->cur_raw, r->cur_len);
    mdc_arena_init(&r->arena, r->arena_buf, sizeof r->arena_buf);
    memset(&r->req_err, 0, sizeof r->req_err);
    int rc = gdw13761_msg_decode(r->req_frame, r->cur_len, &r->req_msg, r->req_units,
                                 CC_LINK_REQ_UNITS, &r->arena, &r->req_err);
    /* the link fields as checked, whatever the unit walk left */
    r->req_msg.frame = *f;
    r->req_msg.frame.units = f->units ? r->req_frame + (f->units - r->cur_raw) : NULL;
    r->req_id++;
    r->req_pending = true;
    r->req_no_answer = f->group; /* group and broadcast: no answer (§5.15) */
    memset(rq, 0, sizeof *rq);
    rq->id = r->req_id;
    rq->msg = &r->req_msg;
    rq->decode_rc = rc;
    rq->err = &r->req_err;
    rq->no_answer = r->req_no_answer;
    return CC_LINK_RESP_REQUEST;
}

/* The store holds whole frames, each preceded by the preamble. */
void cc_link_resp_resend(cc_link_resp *r, cc_link_now now)
{
    if (r->req_pending)
        return; /* still being answered: the answer will go out */
    size_t off = 0, pre = r->preamble;
    while (r->store_valid && off + pre < r->store_len) {
        size_t fl = 0;
        gdw13761_frame sf;
        if (gdw13761_frame_decode(r->store + off + pre, r->store_len - off - pre, &sf, &fl, NULL) !=
            0)
            break;
        r->send(r->ctx, now, r->store + off, pre + fl);
        off += pre + fl;
    }
}

/* Frames and sends the answer, keeping its frames in the store. */
static int send_answer(cc_link_resp *r, cc_link_now now, uint8_t afn, uint8_t fc,
                       const gdw13761_span *units, size_t n)
{
    const gdw13761_frame *rq = &r->req_msg.frame;
    gdw13761_frame t;
    memset(&t, 0, sizeof t);
    t.dir = true;
    t.prm = false;
    t.acd = r->acd;
    t.ec1 = r->ec1;
    t.ec2 = r->ec2;
    t.fc = fc;
    memcpy(t.a1, r->a1, sizeof t.a1);
    t.a2 = r->a2;
    t.msa = rq->msa;
    t.afn = afn;
    t.seq = rq->seq; /* RSEQ starts at the request's PSEQ */
    t.tpv = rq->tpv;
    t.tp = rq->tp; /* echoed */
    gdw13761_split s;
    gdw13761_err err;
    if (gdw13761_split_init(&s, &t, units, n, r->max_frame_len, &err) != 0)
        return -1;
    size_t pre = r->preamble;
    memset(r->scratch, 0xFE, pre);
    r->store_len = 0;
    r->store_valid = true;
    size_t w = 0;
    while (gdw13761_split_next(&s, r->scratch + pre, sizeof r->scratch - pre, &w, &err) == 1) {
        size_t all = pre + w;
        if (r->store_valid && all <= sizeof r->store - r->store_len) {
            memcpy(r->store + r->store_len, r->scratch, all);
            r->store_len += all;
        } else {
            r->store_valid = false; /* too long to keep: a repeat gets nothing */
        }
        r->send(r->ctx, now, r->scratch, all);
    }
    return 0;
}

int cc_link_resp_answer(cc_link_resp *r, cc_link_now now, uint32_t id, const cc_link_answer *ans,
                        uint32_t *unsent)
{
    if (!r->req_pending || id != r->req_id || !ans) {
        (*unsent)++;
        return -1;
    }
    r->req_pending = false;
    if (r->req_no_answer) {
        if (ans->kind != CC_LINK_ANS_NONE)
            (*unsent)++;
        return 0;
    }
    gdw13761_span one = {dadt_confirm, 4};
    switch (ans->kind) {
    case CC_LINK_ANS_NONE:
        return 0;
    case CC_LINK_ANS_CONFIRM:
        return send_answer(r, now, 0x00, GDW13761_FC_ACK, &one, 1);
    case CC_LINK_ANS_DENY:
        one.p = dadt_deny;
        return send_answer(r, now, 0x00, GDW13761_FC_RSP_NODATA, &one, 1);
    case CC_LINK_ANS_DATA:
        if (send_answer(r, now, ans->afn, ans->afn == 0x00 ? GDW13761_FC_ACK : GDW13761_FC_RSP_DATA,
                        ans->units, ans->n) == 0)
            return 0;
        one.p = dadt_deny;
        (void)send_answer(r, now, 0x00, GDW13761_FC_RSP_NODATA, &one, 1);
        return -1;
    }
    return -1;
}
