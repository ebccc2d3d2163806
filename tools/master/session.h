/* The master station's session core: per-terminal link state without I/O.
 *
 * One mst_term per concentrator: its address, online state, last heartbeat
 * and the clock it carried, the frame counter PFC (PSEQ = PFC & 0x0F), the
 * FCB it toggles for every new request, at most one outstanding request with
 * its deadline and retries, and the reassembly of multi-frame answers
 * (gdw13761_reasm). Times are plain milliseconds from any monotonic clock
 * the caller chooses (the tests use a synthetic one).
 *
 * Incoming frames go to mst_on_frame, which tells what they were and builds
 * the acknowledgement to send back (login/heartbeat/logout: AFN00 F3 per
 * §5.3.3, or F1 with ack_f1; reports with CON=1: AFN00 F1). Requests go out
 * through mst_request_begin; mst_tick resends them or gives up.
 *
 * Memory: the request copy and the reassembly buffer are malloc'd while a
 * request is outstanding and freed by
 * mst_term_free. */
#ifndef MASTER_SESSION_H
#define MASTER_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdw13761/frame.h"
#include "mdc/mtime.h"

#define MST_REASM_CAP   65536u /* largest reassembled answer (unit regions) */
#define MST_ACK_MAX     64u    /* largest acknowledgement frame */
#define MST_RETRIES_MAX 3u     /* §4.3.4.3.5 d: up to 3 retransmissions */

typedef struct mst_cfg {
    uint8_t msa; /* our master station address (A3 D1..D7), 0..127 */
    bool ack_f1; /* answer link tests with AFN00 F1 ("all confirmed") instead of F3 */
    /* send the first request of a session with FCV = 0: a handheld that just
     * started cannot know the FCB the terminal saw last, and a stale match
     * would make the terminal repeat its previous answer (§4.4 FCB rule) */
    bool first_without_fcv;
} mst_cfg;

/* One request to send. */
typedef struct mst_req {
    uint8_t afn;
    const uint8_t *units; /* the data-unit region: identifiers + units, encoded */
    size_t units_len;
    uint8_t pw[GDW13761_PW_LEN]; /* used for the AFNs whose frame carries PW */
    bool tp;                     /* put a Tp (PFC, send time, allowed delay) in the frame */
    uint8_t tp_delay_min;        /* allowed transmission delay; 0 = the terminal does not check */
    unsigned timeout_ms;         /* per try */
    unsigned retries;            /* retransmissions after the first try, 0..3 */
} mst_req;

typedef enum mst_ev {
    MST_EV_NONE = 0,
    MST_EV_LOGIN,     /* AFN02 F1 */
    MST_EV_HEARTBEAT, /* AFN02 F3 */
    MST_EV_LOGOUT,    /* AFN02 F2 */
    MST_EV_REPORT,    /* an active report (PRM=1, AFN0C/0D/0E...), one frame */
    MST_EV_PARTIAL,   /* a frame of a multi-frame answer; more to come */
    MST_EV_ANSWER,    /* the answer to the outstanding request is complete */
    MST_EV_STRAY,     /* a response nobody waits for (late, duplicate, other PSEQ): ignored */
    MST_EV_BAD,       /* not acceptable (downlink frame, broken sequence): reason given */
} mst_ev;

typedef struct mst_term {
    /* identity */
    bool known; /* a1/a2 set (first frame seen) */
    char a1[5];
    uint16_t a2;
    /* state */
    bool online;
    int64_t login_ms, last_hb_ms, last_rx_ms;
    mdc_tm hb_clock; /* terminal clock from the last heartbeat (fields 0 when none) */
    uint32_t frames_in, heartbeats, logins, reports;
    uint8_t pfc;       /* our frame counter towards this terminal */
    bool fcb;          /* FCB of the last request sent */
    uint32_t requests; /* requests sent (retries not counted) */
    /* outstanding request */
    bool busy;
    uint8_t req_afn, req_seq;
    int64_t deadline_ms;
    unsigned tries, max_tries, timeout_ms;
    uint8_t *req_buf; /* the frame as sent, for retransmissions */
    size_t req_len;
    gdw13761_reasm reasm;
    uint8_t *reasm_buf;
    /* the last answer (valid after MST_EV_ANSWER until the next request) */
    uint8_t ans_afn, ans_fc;
    unsigned ans_frames;
} mst_term;

void mst_term_init(mst_term *t);
/* Frees the buffers; the term may be initialised again. */
void mst_term_free(mst_term *t);

/* Readable name of an event ("login"...). Static string. */
const char *mst_ev_name(mst_ev ev);

/* Handles one decoded uplink frame received at now_ms. When the frame asks
 * for an acknowledgement, it is written to ack[0..ackcap) (ackcap >=
 * MST_ACK_MAX) and *acklen > 0; otherwise *acklen = 0. For MST_EV_ANSWER the
 * answer's unit region is in t->reasm.buf[0..t->reasm.len) with AFN
 * t->ans_afn. For MST_EV_BAD (and STRAY) a reason goes to why[0..whycap). */
mst_ev mst_on_frame(mst_term *t, const mst_cfg *cfg, const gdw13761_frame *f, int64_t now_ms,
                    uint8_t *ack, size_t ackcap, size_t *acklen, char *why, size_t whycap);

/* Builds the frame of a new request into out[0..cap) and makes it the
 * outstanding one: PFC advanced, PSEQ = PFC & 0x0F, FCB toggled (a reset,
 * AFN01, sends FCB = 0 without FCV and restarts the toggling), FC 1 for
 * AFN01, 10 for the commands AFN04/05/0F/10 (answered by a confirmation),
 * 11 for data requests; FCV = 0 on the first request when
 * cfg->first_without_fcv; PW for AFN01/04/05/06/0F/10; Tp from `clock` when
 * rq->tp. Returns 0, or -1 with why: a request is already outstanding, the
 * terminal has no address yet, retries > 3, timeout 0, or the frame does not
 * encode (the encoder's reason). */
int mst_request_begin(mst_term *t, const mst_cfg *cfg, const mst_req *rq, const mdc_tm *clock,
                      int64_t now_ms, uint8_t *out, size_t cap, size_t *written, char *why,
                      size_t whycap);

/* Checks the deadline of the outstanding request. Returns 0 (nothing to do),
 * 1 (resend: *frame and *len point to the stored frame, unchanged: same PSEQ, FCB
 * and Tp), or -1 (no answer after the last try: the request is dropped). */
int mst_tick(mst_term *t, int64_t now_ms, const uint8_t **frame, size_t *len);

/* Drops the outstanding request (the connection went away). */
void mst_request_cancel(mst_term *t);

#endif
