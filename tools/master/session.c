/* Master session core: link state per terminal, acknowledgements, the
 * outstanding request with retries and multi-frame reassembly (session.h). */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdw13761/catalog.h"
#include "gdw13761/dadt.h"
#include "gdw13761/layout.h"

void mst_term_init(mst_term *t)
{
    memset(t, 0, sizeof *t);
}

void mst_term_free(mst_term *t)
{
    free(t->req_buf);
    free(t->reasm_buf);
    memset(t, 0, sizeof *t);
}

const char *mst_ev_name(mst_ev ev)
{
    static const char *const names[] = {
        [MST_EV_NONE] = "none",     [MST_EV_LOGIN] = "login",   [MST_EV_HEARTBEAT] = "heartbeat",
        [MST_EV_LOGOUT] = "logout", [MST_EV_REPORT] = "report", [MST_EV_PARTIAL] = "partial answer",
        [MST_EV_ANSWER] = "answer", [MST_EV_STRAY] = "stray",   [MST_EV_BAD] = "rejected",
    };
    return (unsigned)ev < sizeof names / sizeof names[0] ? names[ev] : "?";
}

/* A downlink response frame (PRM = 0) to the terminal that sent f, with the
 * given FC, AFN00 and unit region; RSEQ = the sender's SEQ. */
static int build_ack(const mst_cfg *cfg, const gdw13761_frame *f, uint8_t fc, const uint8_t *units,
                     size_t units_len, uint8_t *out, size_t cap, size_t *written)
{
    gdw13761_frame a;
    memset(&a, 0, sizeof a);
    a.fc = fc;
    memcpy(a.a1, f->a1, sizeof a.a1);
    a.a2 = f->a2;
    a.msa = cfg->msa;
    a.afn = 0x00;
    a.fir = a.fin = true;
    a.seq = f->seq;
    a.units = units;
    a.units_len = units_len;
    return gdw13761_frame_encode(&a, out, cap, written, NULL);
}

/* AFN00 F1 "all confirmed": identifier p0 F1, no data. */
static const uint8_t k_f1_region[4] = {0x00, 0x00, 0x01, 0x00};

static void ack_link_test(const mst_cfg *cfg, const gdw13761_frame *f, uint8_t *ack, size_t cap,
                          size_t *acklen)
{
    size_t n = 0;
    if (cfg->ack_f1) {
        if (build_ack(cfg, f, GDW13761_FC_RSP_STATUS, k_f1_region, 4, ack, cap, &n) != 0)
            n = 0;
    } else {
        /* AFN00 F3: p0 F3, the AFN answered (02), then DADT + ERR 0 per item */
        uint8_t r[10] = {0x00, 0x00, 0x04, 0x00, 0x02};
        memcpy(r + 5, f->units, 4);
        r[9] = 0;
        if (build_ack(cfg, f, GDW13761_FC_RSP_STATUS, r, sizeof r, ack, cap, &n) != 0)
            n = 0;
    }
    *acklen = n;
}

static void confirm(const mst_cfg *cfg, const gdw13761_frame *f, uint8_t *ack, size_t cap,
                    size_t *acklen)
{
    size_t n = 0;
    if (build_ack(cfg, f, GDW13761_FC_ACK, k_f1_region, 4, ack, cap, &n) != 0)
        n = 0;
    *acklen = n;
}

/* The clock of a 2013 heartbeat (A.1 after the identifier); a 2009-style
 * heartbeat without it leaves hb_clock empty. */
static void take_clock(mst_term *t, const gdw13761_frame *f)
{
    memset(&t->hb_clock, 0, sizeof t->hb_clock);
    const gdw13761_fn *row = gdw13761_cat_find(0x02, 3, GDW13761_UP);
    if (!row || f->units_len < 10)
        return;
    uint8_t mem[512];
    mdc_arena a;
    mdc_arena_init(&a, mem, sizeof mem);
    mdc_value *v = NULL;
    size_t used = 0;
    if (gdw13761_unit_decode(row->layout, f->units + 4, f->units_len - 4, &used, &a, &v, NULL) != 0)
        return;
    const mdc_value *tm = mdc_v_get(v, "time");
    if (tm && tm->kind == MDC_V_TIME)
        t->hb_clock = tm->u.tm;
}

static mst_ev link_test(mst_term *t, const mst_cfg *cfg, const gdw13761_frame *f, int64_t now_ms,
                        uint8_t *ack, size_t ackcap, size_t *acklen, char *why, size_t whycap)
{
    gdw13761_dadt d;
    if (f->units_len < 4 || gdw13761_dadt_decode(f->units, &d, NULL) != 0 || d.nfn != 1 ||
        d.npn != 1 || d.pn[0] != 0 || d.fn[0] < 1 || d.fn[0] > 3) {
        snprintf(why, whycap, "AFN02 frame without a p0 F1/F2/F3 identifier");
        return MST_EV_BAD;
    }
    ack_link_test(cfg, f, ack, ackcap, acklen);
    switch (d.fn[0]) {
    case 1:
        t->online = true;
        t->login_ms = now_ms;
        t->last_hb_ms = now_ms;
        t->logins++;
        return MST_EV_LOGIN;
    case 2:
        t->online = false;
        return MST_EV_LOGOUT;
    default:
        t->online = true;
        t->last_hb_ms = now_ms;
        t->heartbeats++;
        take_clock(t, f);
        return MST_EV_HEARTBEAT;
    }
}

static mst_ev response(mst_term *t, const gdw13761_frame *f, int64_t now_ms, char *why,
                       size_t whycap)
{
    if (!t->busy) {
        snprintf(why, whycap, "AFN%02X response with RSEQ %u but no request is outstanding", f->afn,
                 f->seq);
        return MST_EV_STRAY;
    }
    if (f->afn != t->req_afn && f->afn != 0x00) {
        snprintf(why, whycap, "AFN%02X response while waiting for AFN%02X", f->afn, t->req_afn);
        return MST_EV_STRAY;
    }
    if (!t->reasm.active && !(f->fir && f->seq == t->req_seq)) {
        snprintf(why, whycap, "response RSEQ %u%s, waiting for %u", f->seq,
                 f->fir ? "" : " (not a first frame)", t->req_seq);
        return MST_EV_STRAY;
    }
    gdw13761_err err;
    int rc = gdw13761_reasm_add(&t->reasm, f, &err);
    if (rc < 0) {
        snprintf(why, whycap, "multi-frame answer dropped: %s", err.msg);
        return MST_EV_BAD;
    }
    if (rc == 0) {
        t->deadline_ms = now_ms + t->timeout_ms; /* more frames are coming */
        return MST_EV_PARTIAL;
    }
    t->busy = false;
    t->ans_afn = f->afn;
    t->ans_fc = f->fc;
    t->ans_frames = t->reasm.frames;
    free(t->req_buf);
    t->req_buf = NULL;
    return MST_EV_ANSWER;
}

mst_ev mst_on_frame(mst_term *t, const mst_cfg *cfg, const gdw13761_frame *f, int64_t now_ms,
                    uint8_t *ack, size_t ackcap, size_t *acklen, char *why, size_t whycap)
{
    *acklen = 0;
    if (whycap)
        why[0] = 0;
    if (!f->dir) {
        snprintf(why, whycap, "a downlink frame (DIR=0) from a terminal");
        return MST_EV_BAD;
    }
    if (ackcap < MST_ACK_MAX) {
        snprintf(why, whycap, "acknowledgement buffer too small");
        return MST_EV_BAD;
    }
    if (!t->known) {
        memcpy(t->a1, f->a1, sizeof t->a1);
        t->a2 = f->a2;
        t->known = true;
    }
    t->frames_in++;
    t->last_rx_ms = now_ms;
    if (f->prm && f->afn == 0x02)
        return link_test(t, cfg, f, now_ms, ack, ackcap, acklen, why, whycap);
    if (f->con)
        confirm(cfg, f, ack, ackcap, acklen);
    if (f->prm) {
        if (f->fir)
            t->reports++; /* a report spread over frames counts once, at its first */
        return MST_EV_REPORT;
    }
    return response(t, f, now_ms, why, whycap);
}

/* The commands answered by a confirmation: FC 10 (§4.3.3.2.6 a); data requests FC 11 (b). */
static uint8_t request_fc(uint8_t afn)
{
    switch (afn) {
    case 0x01:
        return GDW13761_FC_RESET;
    case 0x04:
    case 0x05:
    case 0x0F:
    case 0x10:
        return GDW13761_FC_REQ_CLASS1;
    default:
        return GDW13761_FC_REQ_CLASS2;
    }
}

int mst_request_begin(mst_term *t, const mst_cfg *cfg, const mst_req *rq, const mdc_tm *clock,
                      int64_t now_ms, uint8_t *out, size_t cap, size_t *written, char *why,
                      size_t whycap)
{
    if (t->busy) {
        snprintf(why, whycap, "a request to %s-%u is already outstanding (AFN%02X)", t->a1, t->a2,
                 t->req_afn);
        return -1;
    }
    if (!t->known) {
        snprintf(why, whycap, "terminal address unknown");
        return -1;
    }
    if (rq->retries > MST_RETRIES_MAX || rq->timeout_ms == 0) {
        snprintf(why, whycap, "retries must be 0..3 and the timeout above 0");
        return -1;
    }
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    f.prm = true;
    f.fc = request_fc(rq->afn);
    bool reset = rq->afn == 0x01;
    bool fcb = reset ? false : !t->fcb;
    f.fcb = fcb;
    f.fcv = !reset && !(cfg->first_without_fcv && t->requests == 0);
    memcpy(f.a1, t->a1, sizeof f.a1);
    f.a2 = t->a2;
    f.msa = cfg->msa;
    f.afn = rq->afn;
    f.fir = f.fin = true;
    f.seq = t->pfc & 0x0F;
    f.tpv = rq->tp;
    if (rq->tp)
        gdw13761_tp_from_tm(&f.tp, t->pfc, clock, rq->tp_delay_min);
    memcpy(f.pw, rq->pw, sizeof f.pw);
    f.units = rq->units;
    f.units_len = rq->units_len;
    gdw13761_err err;
    if (gdw13761_frame_encode(&f, out, cap, written, &err) != 0) {
        snprintf(why, whycap, "cannot build the frame: %s", err.msg);
        return -1;
    }
    uint8_t *copy = malloc(*written);
    if (!t->reasm_buf)
        t->reasm_buf = malloc(MST_REASM_CAP);
    if (!copy || !t->reasm_buf) {
        free(copy);
        snprintf(why, whycap, "out of memory");
        return -1;
    }
    memcpy(copy, out, *written);
    free(t->req_buf);
    t->req_buf = copy;
    t->req_len = *written;
    t->fcb = fcb;
    t->pfc++;
    t->requests++;
    gdw13761_reasm_init(&t->reasm, t->reasm_buf, MST_REASM_CAP);
    t->busy = true;
    t->req_afn = rq->afn;
    t->req_seq = f.seq;
    t->tries = 1;
    t->max_tries = 1 + rq->retries;
    t->timeout_ms = rq->timeout_ms;
    t->deadline_ms = now_ms + rq->timeout_ms;
    return 0;
}

int mst_tick(mst_term *t, int64_t now_ms, const uint8_t **frame, size_t *len)
{
    if (!t->busy || now_ms < t->deadline_ms)
        return 0;
    if (t->tries < t->max_tries) {
        t->tries++;
        t->deadline_ms = now_ms + t->timeout_ms;
        gdw13761_reasm_init(&t->reasm, t->reasm_buf, MST_REASM_CAP);
        *frame = t->req_buf;
        *len = t->req_len;
        return 1;
    }
    mst_request_cancel(t);
    return -1;
}

void mst_request_cancel(mst_term *t)
{
    t->busy = false;
    free(t->req_buf);
    t->req_buf = NULL;
    t->req_len = 0;
}
