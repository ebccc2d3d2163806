/* Frames from the master: address and Tp checks, acks of our frames (AFN00
 * F1/F2/F3), requests for the dispatcher, repeated requests answered from
 * the stored answer, and the framing of the dispatcher's answer. */
#include <string.h>

#include "link_internal.h"
#include "mdc/cursor.h"

static const uint8_t dadt_confirm[4] = {0x00, 0x00, 0x01, 0x00}; /* AFN00 p0 F1 */
static const uint8_t dadt_deny[4] = {0x00, 0x00, 0x02, 0x00};    /* AFN00 p0 F2 */

void cc_link_priv_rx_reset(cc_link *l)
{
    l->req_pending = false;
    l->prev_valid = false;
    l->store_valid = false;
    l->store_len = 0;
}

/* Frames for us: our own A1/A2, one of our group addresses (same A1), or
 * the system broadcast (any A1). */
static bool addressed_to_us(const cc_link *l, const gdw13761_frame *f)
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
static bool is_repeat(const cc_link *l, const gdw13761_frame *f, uint32_t hash)
{
    if (!l->prev_valid || hash != l->prev_hash)
        return false;
    if (f->fcv && l->prev_fcv)
        return f->fcb == l->prev_fcb;
    if (f->seq != l->prev_seq || f->tpv != l->prev_tpv)
        return false;
    return !f->tpv || f->tp.pfc == l->prev_pfc;
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

static void handle_request(cc_link *l, cc_link_now now, const uint8_t *raw, size_t len,
                           const gdw13761_frame *f)
{
    if (f->tpv) {
        mdc_tm t;
        cc_link_priv_calendar(now, &t);
        if (gdw13761_tp_check(&f->tp, &t, NULL) != GDW13761_TP_FRESH) {
            l->stats.dropped_stale++;
            return;
        }
    }
    l->t_app = now.ms; /* traffic for the passive-mode idle timer */
    uint32_t hash = request_hash(f);
    if (is_repeat(l, f, hash)) {
        l->stats.repeats++;
        if (l->req_pending)
            return; /* still being answered: the answer will go out */
        size_t off = 0;
        while (l->store_valid && off < l->store_len) {
            size_t fl = 0;
            gdw13761_frame sf;
            if (gdw13761_frame_decode(l->store + off, l->store_len - off, &sf, &fl, NULL) != 0)
                break;
            cc_link_priv_send(l, now, l->store + off, fl);
            off += fl;
        }
        return;
    }
    if (l->req_pending) {
        l->stats.dropped_busy++;
        return;
    }
    l->prev_valid = true;
    l->prev_hash = hash;
    l->prev_fcv = f->fcv;
    l->prev_fcb = f->fcb;
    l->prev_tpv = f->tpv;
    l->prev_seq = f->seq;
    l->prev_pfc = f->tp.pfc;
    l->store_valid = false;
    l->store_len = 0;

    memcpy(l->req_frame, raw, len);
    mdc_arena_init(&l->arena, l->arena_buf, sizeof l->arena_buf);
    memset(&l->req_err, 0, sizeof l->req_err);
    int rc = gdw13761_msg_decode(l->req_frame, len, &l->req_msg, l->req_units, CC_LINK_REQ_UNITS,
                                 &l->arena, &l->req_err);
    /* the link fields as checked above, whatever the unit walk left */
    l->req_msg.frame = *f;
    l->req_msg.frame.units = f->units ? l->req_frame + (f->units - raw) : NULL;
    l->req_id++;
    l->req_pending = true;
    l->req_no_answer = f->group; /* group and broadcast: no answer (§5.15) */
    cc_link_request rq = {
        .id = l->req_id,
        .msg = &l->req_msg,
        .decode_rc = rc,
        .err = &l->req_err,
        .no_answer = l->req_no_answer,
    };
    l->ops.request(l->ctx, &rq);
}

static void handle_frame(cc_link *l, cc_link_now now, const uint8_t *raw, size_t len)
{
    gdw13761_frame f;
    gdw13761_err err;
    l->stats.day.rx_frames++;
    l->stats.month.rx_frames++;
    if (gdw13761_frame_decode(raw, len, &f, NULL, &err) != 0) {
        l->stats.dropped_bad++;
        return;
    }
    if (f.dir || !addressed_to_us(l, &f)) {
        l->stats.dropped_addr++;
        return;
    }
    /* AFN00 is always an answer (whatever PRM a master sets); other PRM=0
     * frames answer nothing we send */
    if (!f.prm || f.afn == 0x00) {
        int ok = f.afn == 0x00 ? parse_ack(&f) : -1;
        if (ok < 0)
            l->stats.unmatched_acks++;
        else
            cc_link_priv_ack(l, now, f.seq, ok == 1);
        return;
    }
    handle_request(l, now, raw, len, &f);
}

void cc_link_on_bytes(cc_link *l, cc_link_now now, const uint8_t *p, size_t n)
{
    if (l->st != CC_LINK_CONNECTED && l->st != CC_LINK_ONLINE && l->st != CC_LINK_STOPPING)
        return;
    cc_link_priv_roll(l, now);
    l->stats.day.rx_bytes += n;
    l->stats.month.rx_bytes += n;
    for (;;) {
        const uint8_t *fr = NULL;
        size_t fl = 0;
        size_t k = gdw13761_framer_feed(&l->framer, p, n, &fr, &fl);
        p += k;
        n -= k;
        if (fr)
            handle_frame(l, now, fr, fl);
        /* the frame may have ended the connection (logout ack) */
        if (l->st != CC_LINK_CONNECTED && l->st != CC_LINK_ONLINE && l->st != CC_LINK_STOPPING)
            break;
        if (!fr && n == 0)
            break;
    }
    cc_link_priv_pump(l, now);
}

/* Frames and sends the answer, keeping its frames in the store. */
static int send_answer(cc_link *l, cc_link_now now, uint8_t afn, uint8_t fc,
                       const gdw13761_span *units, size_t n)
{
    const gdw13761_frame *rq = &l->req_msg.frame;
    gdw13761_frame t;
    memset(&t, 0, sizeof t);
    t.dir = true;
    t.prm = false;
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
    t.tp = rq->tp; /* echoed */
    gdw13761_split s;
    gdw13761_err err;
    if (gdw13761_split_init(&s, &t, units, n, l->p.max_frame_len, &err) != 0)
        return -1;
    l->store_len = 0;
    l->store_valid = true;
    size_t w = 0;
    while (gdw13761_split_next(&s, l->scratch, sizeof l->scratch, &w, &err) == 1) {
        if (l->store_valid && w <= sizeof l->store - l->store_len) {
            memcpy(l->store + l->store_len, l->scratch, w);
            l->store_len += w;
        } else {
            l->store_valid = false; /* too long to keep: a repeat gets nothing */
        }
        cc_link_priv_send(l, now, l->scratch, w);
    }
    return 0;
}

int cc_link_respond(cc_link *l, cc_link_now now, uint32_t id, const cc_link_answer *ans)
{
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
        return send_answer(l, now, 0x00, GDW13761_FC_ACK, &one, 1);
    case CC_LINK_ANS_DENY:
        one.p = dadt_deny;
        return send_answer(l, now, 0x00, GDW13761_FC_RSP_NODATA, &one, 1);
    case CC_LINK_ANS_DATA:
        if (send_answer(l, now, ans->afn, ans->afn == 0x00 ? GDW13761_FC_ACK : GDW13761_FC_RSP_DATA,
                        ans->units, ans->n) == 0)
            return 0;
        one.p = dadt_deny;
        (void)send_answer(l, now, 0x00, GDW13761_FC_RSP_NODATA, &one, 1);
        return -1;
    }
    return -1;
}
