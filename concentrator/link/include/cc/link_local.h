/* The local maintenance port variant of the 1376.1 link (RS485-III at 9600
 * 8E1, infrared at 1200 8E1 with an FE preamble, §4.5): no login, no
 * heartbeat, no reports. Bytes in -> frames -> address and Tp checks ->
 * request events for the dispatcher; the dispatcher's answer -> frames (split
 * within max_frame_len, RSEQ from the request's PSEQ, Tp echoed, 4 FE bytes
 * before each frame on infrared) -> bytes out. A repeated request (same FCB
 * with FCV=1, else same PSEQ and PFC, for identical content) is answered
 * from the stored answer, as on the uplink (cc/link.h).
 *
 * A core without I/O and without allocation; the shell owns the line. The
 * request/answer path is the responder shared with the uplink core
 * (cc/link_resp.h): same request and answer types (cc_link_request,
 * cc_link_answer), so the same dispatcher serves both. */
#ifndef CC_LINK_LOCAL_H
#define CC_LINK_LOCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cc/link.h"
#include "cc/link_resp.h"

#define CC_LINK_LOCAL_PREAMBLE                                                                     \
    CC_LINK_RESP_PREAMBLE_MAX /* 4 FE bytes before each frame on infrared */

typedef struct cc_link_local_params {
    char a1[5];                      /* own region code, 4 hex digits */
    uint16_t a2;                     /* own terminal address 1..65535 */
    uint16_t groups[CC_LINK_GROUPS]; /* group addresses, 0 = unused */
    size_t max_frame_len;            /* CC_LINK_FRAME_LEN_MIN .. GDW13761_FRAME_MAX */
    bool preamble;                   /* infrared: 4 FE bytes before every frame sent */
} cc_link_local_params;

typedef struct cc_link_local_ops {
    /* Write these bytes to the line (copy them). */
    void (*send)(void *ctx, const uint8_t *p, size_t n);
    /* A request for the dispatcher; answer with cc_link_local_respond. */
    void (*request)(void *ctx, const cc_link_request *rq);
} cc_link_local_ops;

typedef struct cc_link_local_stats {
    uint64_t rx_bytes, tx_bytes;
    uint32_t rx_frames, tx_frames;
    uint32_t requests;      /* handed to the dispatcher */
    uint32_t dropped_bad;   /* frames that failed gdw13761_frame_decode */
    uint32_t dropped_addr;  /* not for us, uplink direction, or an answer (PRM=0 / AFN00) */
    uint32_t dropped_stale; /* Tp stale or invalid */
    uint32_t dropped_busy;  /* a request while the previous one is unanswered */
    uint32_t repeats;       /* answered from the stored answer */
    uint32_t answers_unsent;
} cc_link_local_stats;

/* --- internals: read through the functions --- */
typedef struct cc_link_local {
    cc_link_local_ops ops;
    void *ctx;
    cc_link_local_params p;
    cc_link_local_stats stats;
    cc_link_resp resp; /* framer, checks, the request, the stored answer, ACD/EC */
} cc_link_local;

/* Prepares l (~90 KB; allocate it once). Returns 0, or -1 when ops lacks send
 * or request, or the parameters are invalid (A1 not 4 hex digits, A2 0,
 * max_frame_len out of range). */
int cc_link_local_init(cc_link_local *l, const cc_link_local_ops *ops, void *ctx,
                       const cc_link_local_params *p);

/* New address / frame length (AFN04 F89 set over any channel). Returns -1
 * (nothing changed) for invalid parameters. */
int cc_link_local_params_changed(cc_link_local *l, const cc_link_local_params *p);

/* Bytes received on the line (any chunking; FE bytes and junk are skipped).
 * now.clock_ms is used for the Tp check. */
void cc_link_local_on_bytes(cc_link_local *l, cc_link_now now, const uint8_t *p, size_t n);

/* The dispatcher's answer to request id: framed, sent and stored for
 * repeats. Returns 0; -1 when id is not the pending request, or the answer
 * cannot be framed (then an AFN00 F2 deny goes out instead). */
int cc_link_local_respond(cc_link_local *l, cc_link_now now, uint32_t id,
                          const cc_link_answer *ans);

/* Event counters for ACD/EC in answers, as cc_link_set_events. */
void cc_link_local_set_events(cc_link_local *l, uint8_t ec1, uint8_t ec2, bool important_unread);

const cc_link_local_stats *cc_link_local_get_stats(const cc_link_local *l);

#endif
