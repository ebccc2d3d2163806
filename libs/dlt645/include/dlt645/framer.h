/* DL/T 645 stream framer: bytes in, whole frames out.
 *
 * Feed it whatever the serial port delivered (one byte, half a frame, three frames and some
 * noise); it yields every complete frame with a correct checksum and end byte. It is driven by
 * the length byte L, never by searching for 16H, so a CS equal to 16H is harmless. When a
 * candidate starting at a 68H fails (second 68H missing, L too large, bad checksum, no 16H), it
 * drops that one 68H and re-scans the bytes after it, so a stray or duplicated 68H ("68 68 A0 ..")
 * never costs the real frame. Every resynchronisation is counted by reason.
 *
 * Fixed size, no allocation, no clock: the caller reports an inter-byte gap (Tb > 500 ms) with
 * dlt645_framer_timeout(). */
#ifndef DLT645_FRAMER_H
#define DLT645_FRAMER_H

#include <stddef.h>
#include <stdint.h>

#include "dlt645/frame.h"

/* Why the framer threw bytes away. */
typedef enum dlt645_sync_reason {
    DLT645_SYNC_NONE = 0,
    DLT645_SYNC_GARBAGE,  /* a run of bytes that are neither FE nor 68H outside a frame */
    DLT645_SYNC_NO_68B,   /* a 68H not followed 7 bytes later by the second 68H */
    DLT645_SYNC_TOO_LONG, /* L above the framer's max_data */
    DLT645_SYNC_CHECKSUM, /* bad CS */
    DLT645_SYNC_NO_END,   /* the byte after CS is not 16H */
    DLT645_SYNC_TIMEOUT,  /* a partial frame abandoned by dlt645_framer_timeout() */
    DLT645_SYNC_REASONS
} dlt645_sync_reason;

typedef struct dlt645_framer_stats {
    uint32_t frames;                      /* frames yielded */
    uint32_t over_limit;                  /* of which L above the protocol limit (flagged) */
    uint32_t resync[DLT645_SYNC_REASONS]; /* incidents per reason: a garbage run counts once, and
                                             false starts inside a failed frame are not counted */
    uint32_t dropped_bytes;               /* bytes thrown away (garbage and failed starts) */
    uint32_t fe_bytes;                    /* FE bytes skipped (preambles) */
    dlt645_sync_reason last;              /* the most recent reason */
} dlt645_framer_stats;

/* All state; treat the fields as private except max_data and stats. */
typedef struct dlt645_framer {
    uint8_t max_data;   /* largest L accepted; default 200 (DLT645_DATA_MAX_READ), up to 255 */
    uint8_t fe_run;     /* FE bytes just before the current position */
    uint8_t cand_fe;    /* FE bytes before the candidate in buf */
    uint8_t in_garbage; /* inside a run already counted */
    uint16_t n;         /* bytes held in buf (a partial candidate starting with 68H) */
    uint32_t pos;       /* stream position of the next input byte (wraps) */
    uint32_t shadow;    /* end of the span of the last failed candidate: failures of candidates
                           starting inside it belong to the same incident and are not counted */
    dlt645_framer_stats stats;
    uint8_t buf[DLT645_FRAME_MAX];
    dlt645_frame frame; /* the frame last yielded */
} dlt645_framer;

/* Resets everything (buffer and counters); max_data = 200. */
void dlt645_framer_init(dlt645_framer *f);

/* Consumes bytes from *p / *n (both advanced) until a frame is complete or the input is used up.
 * Returns the frame (owned by the framer, valid until the next call) or NULL when every byte has
 * been consumed and no further complete frame is held. Call it in a loop:
 *     while ((fr = dlt645_framer_feed(&f, &p, &n)) != NULL) handle(fr);
 * A frame is decoded straight from the caller's chunk when it lies whole inside it; only a frame
 * split across chunks is staged in the framer's buffer. Yielded frames have a correct CS and 16H;
 * over_limit is set when L exceeds the protocol limit but not max_data. */
const dlt645_frame *dlt645_framer_feed(dlt645_framer *f, const uint8_t **p, size_t *n);

/* Reports an inter-byte gap: a held partial frame is abandoned (counted as TIMEOUT), its first
 * byte dropped and the rest re-scanned; call dlt645_framer_feed with n = 0 afterwards to collect a
 * frame that was hidden behind a false start. No effect when nothing is held. */
void dlt645_framer_timeout(dlt645_framer *f);

/* Bytes currently held (a partial frame); 0 when idle. */
size_t dlt645_framer_pending(const dlt645_framer *f);

/* Short name of a reason ("checksum", "garbage", ...); never NULL. */
const char *dlt645_sync_reason_name(dlt645_sync_reason r);

#endif
