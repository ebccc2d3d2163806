/* Q/GDW 1376.1-2013 link frame (standard §4.3): encode and decode one frame.
 *
 *   68 L L 68 | C A1 A1 A2 A2 A3 AFN SEQ | data units | AUX | CS 16
 *
 * L (2 bytes, little endian) = protocol identifier 2 in D0..D1 and the user
 * data length L1 (C + A + application layer) in D2..D15, sent twice. CS is
 * the 8-bit sum of the user data. AUX is PW (16 bytes, downlink of AFN 01,
 * 04, 05, 06, 0F, 10 and uplink of AFN 06), EC (2 bytes, uplink with ACD=1)
 * and Tp (6 bytes, when SEQ.TpV=1), in that order.
 *
 * Pure functions over caller buffers: nothing allocates, nothing does I/O.
 * Errors use gdw13761_err from layout.h (code GDW13761_E_FRAME, or
 * GDW13761_E_SPACE when an output buffer is too small). */
#ifndef GDW13761_FRAME_H
#define GDW13761_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdw13761/layout.h"
#include "mdc/mtime.h"

#define GDW13761_PROTO_ID     2u                     /* D1D0 of L = 10b: "this protocol" */
#define GDW13761_L1_MAX       16383u                 /* 14-bit length */
#define GDW13761_L1_MIN       8u                     /* C + A (5) + AFN + SEQ */
#define GDW13761_FRAME_MAX    (GDW13761_L1_MAX + 8u) /* 68 L L 68 ... CS 16 */
#define GDW13761_FRAME_MIN    (GDW13761_L1_MIN + 8u)
#define GDW13761_HDR_LEN      14u /* bytes before the first data-unit identifier */
#define GDW13761_PW_LEN       16u
#define GDW13761_EC_LEN       2u
#define GDW13761_TP_LEN       6u
#define GDW13761_A2_BROADCAST 0xFFFFu /* with the group flag set: system broadcast */

/* Function codes, PRM = 1 (Table 2). */
enum {
    GDW13761_FC_RESET = 1,       /* send/confirm: reset command */
    GDW13761_FC_USER_DATA = 4,   /* send/no answer: user data */
    GDW13761_FC_LINK_TEST = 9,   /* request/response: link test */
    GDW13761_FC_REQ_CLASS1 = 10, /* request/response: class-1 (link) data */
    GDW13761_FC_REQ_CLASS2 = 11, /* request/response: class-2 (link) data */
};
/* Function codes, PRM = 0 (Table 3). */
enum {
    GDW13761_FC_ACK = 0,         /* confirm: acknowledged */
    GDW13761_FC_RSP_DATA = 8,    /* response: user data */
    GDW13761_FC_RSP_NODATA = 9,  /* response: denied, no data called for */
    GDW13761_FC_RSP_STATUS = 11, /* response: link status */
};

/* Time label Tp (§4.3.4.6.4, Table 8). The send time is format A.16
 * (ss mm hh DD, BCD); here as plain numbers. */
typedef struct gdw13761_tp {
    uint8_t pfc; /* initiator's frame counter 0..255 */
    uint8_t sec, min, hour, day;
    uint8_t delay_min; /* allowed transmission delay, minutes; 0 = no check */
} gdw13761_tp;

/* Every field of one frame. Decoding fills all of it; encoding reads all but
 * the has_* flags and `proto` (outputs only: AUX presence follows the rules
 * of gdw13761_aux_has_pw, and EC = uplink with ACD, Tp = TpV). */
typedef struct gdw13761_frame {
    uint8_t proto; /* protocol identifier (always 2 after a successful decode) */
    /* C */
    bool dir;   /* true = uplink (terminal -> master) */
    bool prm;   /* true = from the initiating station */
    bool fcb;   /* downlink only: frame count bit */
    bool fcv;   /* downlink: FCB valid; uplink: the reserved D4 (0 per standard, kept as sent) */
    bool acd;   /* uplink only: important events waiting (EC present) */
    uint8_t fc; /* function code 0..15 */
    /* A */
    char a1[5];  /* region code, 4 digits most significant first ("3501"); a
                    non-BCD nibble shows as 'A'..'F' so it round-trips */
    uint16_t a2; /* terminal address 1..65535 (0 invalid) */
    bool group;  /* A3.D0: A2 is a group address */
    uint8_t msa; /* A3.D1..D7: master station address 0..127 */
    uint8_t afn;
    /* SEQ */
    bool tpv, fir, fin, con;
    uint8_t seq; /* PSEQ / RSEQ 0..15 */
    /* data-unit region (identifiers + units), between SEQ and AUX */
    const uint8_t *units;
    size_t units_len;
    /* AUX */
    bool has_pw, has_ec;
    uint8_t pw[GDW13761_PW_LEN];
    uint8_t ec1, ec2; /* important / general event counters */
    gdw13761_tp tp;   /* valid when tpv */
} gdw13761_frame;

/* Fills *err (code, offset, printf-style reason). err may be NULL. Returns -1
 * so callers can `return gdw13761_err_set(...)`. */
int gdw13761_err_set(gdw13761_err *err, gdw13761_errc code, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* True when the AFN's frame figure carries the 16-byte PW in that direction
 * (downlink: AFN 01 04 05 06 0F 10; uplink: AFN 06). */
bool gdw13761_aux_has_pw(uint8_t afn, bool uplink);

/* Bytes of AUX the frame f carries (PW + EC + Tp by the rules above). */
size_t gdw13761_aux_len(const gdw13761_frame *f);

/* Readable name of a function code for the given PRM ("link test",
 * "response: user data"...), "reserved" for the others. Static string. */
const char *gdw13761_fc_name(bool prm, uint8_t fc);

/* True for the system broadcast address (A2 = FFFFH with the group flag). */
bool gdw13761_addr_is_broadcast(const gdw13761_frame *f);

/* Decodes the frame at p[0..len). Bytes after the frame are ignored; the
 * frame's size goes to *frame_len (may be NULL). f->units points into p.
 * Returns 0, or -1 with err (GDW13761_E_FRAME, offset of the bad byte) for:
 * too short, no 68 start, L copies differ, bad protocol identifier, L1 below
 * the minimum, L past the buffer, second 68 missing, bad CS, 16 end missing,
 * A2 = 0, user data too short for the AUX, bad BCD in Tp. */
int gdw13761_frame_decode(const uint8_t *p, size_t len, gdw13761_frame *f, size_t *frame_len,
                          gdw13761_err *err);

/* Encodes f into out[0..cap), writing *written bytes. f->units may point
 * anywhere, including out + GDW13761_HDR_LEN (copied with memmove), which lets
 * a caller build the data units in place. Returns 0, or -1 with err:
 * E_FRAME (a1 not 4 hex digits, a2 = 0, msa > 127, fc/seq out of range, Tp
 * out of range, L1 > 16383), E_SPACE (cap too small). */
int gdw13761_frame_encode(const gdw13761_frame *f, uint8_t *out, size_t cap, size_t *written,
                          gdw13761_err *err);

/* Freshness of a Tp against the receiver's clock `now` (needs day, hour,
 * min, sec; year and month are needed to place the day). A.16 has no month,
 * so the send time is taken in the month of `now`, the month before or the
 * month after, whichever is nearest to `now` (days that do not exist in a
 * month are skipped). *age_s (may be NULL) gets now - send time in seconds
 * (negative when the sender's clock is ahead). */
typedef enum gdw13761_tp_state {
    GDW13761_TP_FRESH = 0, /* within the allowed delay, or delay 0 (no check) */
    GDW13761_TP_STALE,     /* now - send time > delay minutes: drop the frame */
    GDW13761_TP_INVALID,   /* Tp or now not a valid time */
} gdw13761_tp_state;
gdw13761_tp_state gdw13761_tp_check(const gdw13761_tp *tp, const mdc_tm *now, int64_t *age_s);

/* Fills a Tp from a calendar time (day/hour/min/sec) with the given PFC and
 * delay. */
void gdw13761_tp_from_tm(gdw13761_tp *tp, uint8_t pfc, const mdc_tm *t, uint8_t delay_min);

/* ---- Multi-frame sequences (multi.c, §4.3.4.3) ----
 *
 * A long answer goes out as several frames, each a complete frame with its
 * own identifiers and units (a unit is never split). SEQ per frame: single
 * FIR=1 FIN=1; first 1/0; middle 0/0; last 0/1. The first frame's sequence
 * number is the template's seq (a response: the request's PSEQ, §4.3.4.3.5
 * c: RSEQ starts at PSEQ), the next ones add 1 modulo 16. */

typedef struct gdw13761_span {
    const uint8_t *p;
    size_t len;
} gdw13761_span;

typedef struct gdw13761_split {
    gdw13761_frame tmpl;        /* copied template: every field but SEQ FIR/FIN/seq and units */
    const gdw13761_span *units; /* each: identifier + data units, encoded */
    size_t n, next;
    size_t max_len;  /* largest frame to produce, bytes */
    unsigned frames; /* frames produced so far */
    bool done;
} gdw13761_split;

/* Prepares to split units[0..n) (not copied: they must outlive the split)
 * into frames of at most max_frame_len bytes (<= GDW13761_FRAME_MAX) built
 * from tmpl (AUX included in every frame: EC when uplink ACD, Tp echoed as
 * is). n = 0 gives one frame without units. Returns 0, or -1 with err
 * (E_FRAME) when max_frame_len cannot hold an empty frame with its AUX, or a
 * unit is too large for one frame (the message names the unit and sizes). */
int gdw13761_split_init(gdw13761_split *s, const gdw13761_frame *tmpl, const gdw13761_span *units,
                        size_t n, size_t max_frame_len, gdw13761_err *err);

/* Writes the next frame into out[0..cap). Returns 1 (a frame, *written
 * bytes), 0 (no frames left), or -1 with err (E_SPACE, or a frame encode
 * error). */
int gdw13761_split_next(gdw13761_split *s, uint8_t *out, size_t cap, size_t *written,
                        gdw13761_err *err);

/* Reassembles the unit regions of a FIR..FIN sequence into one buffer the
 * caller provides. */
typedef struct gdw13761_reasm {
    uint8_t *buf;
    size_t cap, len;
    bool active;      /* a first frame came, the last not yet */
    uint8_t next_seq; /* sequence number the next frame must carry */
    uint8_t afn;
    bool dir;
    uint16_t a2;
    char a1[5];
    unsigned frames;    /* frames in the current sequence */
    unsigned abandoned; /* sequences dropped because a new first frame came */
} gdw13761_reasm;

void gdw13761_reasm_init(gdw13761_reasm *r, uint8_t *buf, size_t cap);

/* Adds one decoded frame. Returns 1 when the sequence is complete (the unit
 * regions of all its frames, in order, are in r->buf[0..r->len); single
 * frames complete at once), 0 when more frames are expected, or -1 with err
 * (E_FRAME) and the partial sequence dropped: middle or last frame without a
 * first one, sequence number gap or reorder ("expected 3, got 5"), a frame
 * of another AFN/address/direction, or (E_SPACE) the buffer is full. A new
 * first frame while a sequence is open drops the open one (counted in
 * r->abandoned) and starts over. */
int gdw13761_reasm_add(gdw13761_reasm *r, const gdw13761_frame *f, gdw13761_err *err);

#endif
