/* The 1376.1 responder shared by the uplink core (cc/link.h) and the local
 * maintenance-port core (cc/link_local.h): the request/answer path of a
 * terminal. Bytes in -> framer -> frame decode -> direction and address check
 * -> answers (PRM=0, AFN00) set aside -> Tp check -> repeat detection ->
 * a request for the dispatcher; the dispatcher's answer -> frames (C, A, SEQ
 * with RSEQ from the request's PSEQ, EC when ACD, Tp echoed, split within
 * max_frame_len, optional FE preamble) -> bytes out, stored so that a repeated
 * request is answered again from the store.
 *
 * The cores keep their own statistics and rules: the responder tells them
 * what became of each frame (cc_link_resp_event) and sends through one
 * callback. No I/O, no allocation, no clock of its own. */
#ifndef CC_LINK_RESP_H
#define CC_LINK_RESP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdw13761/frame.h"
#include "gdw13761/framer.h"
#include "gdw13761/msg.h"
#include "mdc/mtime.h"

/* Sizes of the fixed buffers inside a responder (no allocation anywhere). */
#define CC_LINK_RESP_STORE 32768u /* stored answer (all its frames) for repeats */
#define CC_LINK_REQ_UNITS  128u   /* data units decoded per request */
#define CC_LINK_ARENA                                                                              \
    65536u /* value arena of one decoded request (AFN04 F10: ~900 bytes a meter) */
#define CC_LINK_GROUPS            8u /* AFN04 F6: 8 group addresses */
#define CC_LINK_RESP_PREAMBLE_MAX 4u /* longest FE preamble before a frame sent */

/* Time as the shell gives it: `ms` is a monotonic millisecond count (all the
 * timers run on it, so a clock set by the master does not disturb them);
 * `clock_ms` is the terminal clock (wall clock + offset), civil time as
 * milliseconds since 1970-01-01 (no zone), used for the heartbeat's A.1
 * clock, Tp send times and checks and the day/month statistics. */
typedef struct cc_link_now {
    int64_t ms;
    int64_t clock_ms;
} cc_link_now;

/* Calendar of the terminal clock now.clock_ms (rounded down to the second,
 * also before 1970). */
void cc_link_now_calendar(cc_link_now now, mdc_tm *t);

/* One request from the master, handed to the dispatcher. Everything pointed
 * to stays valid until the answer for this id, or the connection ends. */
typedef struct cc_link_request {
    uint32_t id;             /* give it back with the answer */
    const gdw13761_msg *msg; /* frame fields + decoded units */
    int decode_rc;           /* 0, or -1: units not all decoded (err says why) */
    const gdw13761_err *err; /* when decode_rc != 0 */
    bool no_answer;          /* group/broadcast address: any answer is not sent */
} cc_link_request;

typedef enum cc_link_answer_kind {
    CC_LINK_ANS_NONE = 0, /* nothing to send (e.g. FC 4 user data, CON=0) */
    CC_LINK_ANS_CONFIRM,  /* AFN00 F1 all confirmed */
    CC_LINK_ANS_DENY,     /* AFN00 F2 all denied */
    CC_LINK_ANS_DATA,     /* units[0..n) of AFN afn (AFN 00: F3/F4 units) */
} cc_link_answer_kind;

typedef struct cc_link_answer {
    cc_link_answer_kind kind;
    uint8_t afn;                /* DATA: the answer's AFN */
    const gdw13761_span *units; /* DATA: identifier + units per span (msg.h) */
    size_t n;
} cc_link_answer;

/* What became of a frame (cc_link_resp_next, cc_link_resp_take). */
typedef enum cc_link_resp_event {
    CC_LINK_RESP_NONE = 0, /* all bytes taken, no frame completed */
    CC_LINK_RESP_BAD,      /* gdw13761_frame_decode failed */
    CC_LINK_RESP_NOT_OURS, /* uplink direction (DIR=1) or not our address */
    CC_LINK_RESP_ANSWER,   /* PRM=0 or AFN00: an answer (cc_link_resp_frame) */
    CC_LINK_RESP_STALE,    /* Tp stale or invalid */
    CC_LINK_RESP_FRESH,    /* a request that passed every check: call cc_link_resp_take */
    CC_LINK_RESP_REPEAT,   /* the previous request again (resend with cc_link_resp_resend) */
    CC_LINK_RESP_BUSY,     /* a new request while the previous one is unanswered: dropped */
    CC_LINK_RESP_REQUEST,  /* a new request: hand it to the dispatcher */
} cc_link_resp_event;

/* Writes bytes out (copy them) and counts them; now as given to the call. */
typedef void (*cc_link_resp_send_fn)(void *ctx, cc_link_now now, const uint8_t *p, size_t n);

/* --- internals: read through the functions --- */
typedef struct cc_link_resp {
    cc_link_resp_send_fn send;
    void *ctx;
    /* own address and framing */
    char a1[5];
    uint16_t a2;
    uint16_t groups[CC_LINK_GROUPS];
    size_t max_frame_len;
    size_t preamble; /* FE bytes before each frame sent */
    uint8_t ec1, ec2;
    bool acd;
    /* the frame being looked at (valid until the next cc_link_resp_next) */
    gdw13761_framer framer;
    gdw13761_frame cur;
    const uint8_t *cur_raw;
    size_t cur_len;
    /* the request being answered */
    uint8_t req_frame[GDW13761_FRAME_MAX];
    gdw13761_unit req_units[CC_LINK_REQ_UNITS];
    uint8_t arena_buf[CC_LINK_ARENA];
    mdc_arena arena;
    gdw13761_msg req_msg;
    gdw13761_err req_err;
    uint32_t req_id;
    bool req_pending, req_no_answer;
    /* the previous request and its stored answer */
    bool prev_valid, prev_fcv, prev_fcb, prev_tpv;
    uint8_t prev_seq, prev_pfc;
    uint32_t prev_hash;
    bool store_valid;
    size_t store_len;
    uint8_t store[CC_LINK_RESP_STORE];
    uint8_t scratch[GDW13761_FRAME_MAX + CC_LINK_RESP_PREAMBLE_MAX];
} cc_link_resp;

/* Clears r and sets the send callback (kept with ctx); the framer is empty,
 * no request pending, nothing stored. Address: cc_link_resp_set_addr. */
void cc_link_resp_init(cc_link_resp *r, cc_link_resp_send_fn send, void *ctx);

/* Own address (a1: 4 hex digits; a2; groups[CC_LINK_GROUPS], 0 = unused),
 * the largest frame sent and the FE preamble length (at most
 * CC_LINK_RESP_PREAMBLE_MAX). The caller has validated them. */
void cc_link_resp_set_addr(cc_link_resp *r, const char a1[5], uint16_t a2, const uint16_t *groups,
                           size_t max_frame_len, size_t preamble);

/* ACD and EC1/EC2 carried by the answers from now on. */
void cc_link_resp_set_events(cc_link_resp *r, uint8_t ec1, uint8_t ec2, bool acd);

/* Forgets the pending request, the previous request and its stored answer
 * (the framer is kept: gdw13761_framer_init(&r->framer) for a new line). */
void cc_link_resp_reset(cc_link_resp *r);

/* Feeds *p[0..*n) to the framer until a frame completes or the bytes are
 * used up (*p, *n advance). A frame is checked in order: decode (BAD),
 * DIR=0 and our address (NOT_OURS), PRM=1 and AFN != 00 (ANSWER), Tp against
 * now.clock_ms (STALE), else FRESH. NONE when no frame completed. */
cc_link_resp_event cc_link_resp_next(cc_link_resp *r, cc_link_now now, const uint8_t **p,
                                     size_t *n);

/* The decoded fields of the frame cc_link_resp_next returned last (for an
 * ANSWER: the acks the core waits for). */
const gdw13761_frame *cc_link_resp_frame(const cc_link_resp *r);

/* The FRESH frame as a request: REPEAT (the same request again, §4.4.3.4:
 * same FCB with FCV=1, else same PSEQ and PFC; identical content either
 * way), BUSY (the previous request is still unanswered), or REQUEST: the
 * request is decoded and kept (rq filled, valid until it is answered) and
 * any stored answer is dropped. */
cc_link_resp_event cc_link_resp_take(cc_link_resp *r, cc_link_request *rq);

/* After REPEAT: sends the stored answer again (nothing when the request is
 * still pending, its answer was too long to keep, or there was none). */
void cc_link_resp_resend(cc_link_resp *r, cc_link_now now);

/* The dispatcher's answer to request id: framed (DIR=1 PRM=0, own address,
 * MSA and Tp of the request, RSEQ from its PSEQ, ACD/EC), split within
 * max_frame_len, sent and stored. Returns 0; -1 when id is not the pending
 * request or ans is NULL, or a DATA answer cannot be framed (an AFN00 F2 deny
 * goes out instead). *unsent (the caller's counter) is incremented when an
 * answer is not sent: wrong id, or a group/broadcast request answered with
 * something other than NONE. */
int cc_link_resp_answer(cc_link_resp *r, cc_link_now now, uint32_t id, const cc_link_answer *ans,
                        uint32_t *unsent);

#endif
