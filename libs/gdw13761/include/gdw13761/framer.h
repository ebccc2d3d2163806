/* Stream framer: cuts whole 1376.1 frames out of a byte stream (TCP, serial,
 * infrared) fed in arbitrary chunks. Fixed-size state, no allocation, no I/O.
 *
 * It keeps the bytes from a candidate 68H start. A candidate is dropped and
 * the search restarts at the next 68H inside the kept bytes (nothing already
 * received is lost) when: the header is bad (L copies differ, identifier not
 * 2, L1 below 8, second 68H missing), the frame would not fit the buffer, the
 * CS is wrong or the 16H end is missing. Bytes outside any candidate are
 * skipped; FEH (infrared preamble, §4.5.4) is counted apart from other junk.
 * A frame whose checks pass is handed out even if A2 = 0 or the AUX does not
 * fit: gdw13761_frame_decode reports those.
 *
 * Buffer size: GDW13761_FRAMER_BUF bytes, default GDW13761_FRAME_MAX (16391,
 * the largest frame, L1 = 16383). Define it before including this header
 * (the same value in every translation unit, the library's included: e.g.
 * cmake -DCMAKE_C_FLAGS=-DGDW13761_FRAMER_BUF=263) to use less memory on a
 * small channel, e.g. 263 for a radio channel with L1 <= 255; longer frames
 * are then dropped and counted in too_long. sizeof(gdw13761_framer) is the
 * buffer plus 44 bytes, rounded up to 8 (16440 bytes by default on x86-64). */
#ifndef GDW13761_FRAMER_H
#define GDW13761_FRAMER_H

#include <stddef.h>
#include <stdint.h>

#include "gdw13761/frame.h"

#ifndef GDW13761_FRAMER_BUF
#define GDW13761_FRAMER_BUF GDW13761_FRAME_MAX
#endif

typedef struct gdw13761_framer_stats {
    uint32_t frames;     /* whole frames handed out */
    uint32_t skipped;    /* bytes skipped outside any candidate frame (not FEH) */
    uint32_t preamble;   /* FEH bytes skipped */
    uint32_t bad_header; /* candidates dropped: L copies, identifier, L1, second 68H */
    uint32_t too_long;   /* candidates dropped: frame larger than the buffer */
    uint32_t bad_cs;     /* candidates dropped: checksum */
    uint32_t bad_end;    /* candidates dropped: no 16H end */
} gdw13761_framer_stats;

typedef struct gdw13761_framer {
    size_t len;   /* bytes kept in buf */
    size_t ready; /* > 0: buf[0..ready) is the frame handed out last */
    gdw13761_framer_stats stats;
    uint8_t buf[GDW13761_FRAMER_BUF];
} gdw13761_framer;

/* Resets the state and the counters. */
void gdw13761_framer_init(gdw13761_framer *fr);

/* Consumes bytes from p[0..n) until a frame is complete or the input runs
 * out; returns how many bytes it consumed. When a frame is complete, *frame
 * points to it (inside fr, valid until the next call) and *frame_len is its
 * size; otherwise *frame is NULL. Call again with the rest of the input:
 *
 *   while (n) { size_t k = gdw13761_framer_feed(fr, p, n, &f, &fl);
 *               p += k; n -= k; if (f) handle(f, fl); }
 *
 * A call with n = 0 may still hand out a frame completed from kept bytes
 * after a resync; loop while it does. */
size_t gdw13761_framer_feed(gdw13761_framer *fr, const uint8_t *p, size_t n, const uint8_t **frame,
                            size_t *frame_len);

#endif
