/* Stream framer for 1376.1 frames. See framer.h. */
#include "gdw13761/framer.h"

#include <string.h>

_Static_assert(GDW13761_FRAMER_BUF >= GDW13761_FRAME_MIN, "framer buffer below the smallest frame");

enum cand { CAND_NEED, CAND_FRAME, CAND_BAD };

void gdw13761_framer_init(gdw13761_framer *fr)
{
    fr->len = 0;
    fr->ready = 0;
    memset(&fr->stats, 0, sizeof fr->stats);
}

/* Checks the candidate in buf[0..len) (buf[0] is 68H) as far as the kept
 * bytes allow. *total gets the frame size once the header is known. */
static enum cand check(gdw13761_framer *fr, size_t *total)
{
    const uint8_t *b = fr->buf;
    size_t len = fr->len;
    *total = 0;
    if (len >= 2 && (b[1] & 3u) != GDW13761_PROTO_ID) {
        fr->stats.bad_header++;
        return CAND_BAD;
    }
    if (len >= 4 && b[3] != b[1]) {
        fr->stats.bad_header++;
        return CAND_BAD;
    }
    if (len >= 5 && b[4] != b[2]) {
        fr->stats.bad_header++;
        return CAND_BAD;
    }
    if (len < 6)
        return CAND_NEED;
    size_t l1 = (size_t)(b[1] | b[2] << 8) >> 2;
    if (b[5] != 0x68 || l1 < GDW13761_L1_MIN) {
        fr->stats.bad_header++;
        return CAND_BAD;
    }
    if (l1 + 8 > GDW13761_FRAMER_BUF) {
        fr->stats.too_long++;
        return CAND_BAD;
    }
    *total = l1 + 8;
    if (len < *total)
        return CAND_NEED;
    uint8_t cs = 0;
    for (size_t i = 0; i < l1; i++)
        cs = (uint8_t)(cs + b[6 + i]);
    if (cs != b[6 + l1]) {
        fr->stats.bad_cs++;
        return CAND_BAD;
    }
    if (b[7 + l1] != 0x16) {
        fr->stats.bad_end++;
        return CAND_BAD;
    }
    return CAND_FRAME;
}

static void count_skipped(gdw13761_framer *fr, uint8_t byte)
{
    if (byte == 0xFE)
        fr->stats.preamble++;
    else
        fr->stats.skipped++;
}

/* Drops the candidate start and restarts at the next 68H among the kept bytes. */
static void resync(gdw13761_framer *fr)
{
    size_t i = 1;
    while (i < fr->len && fr->buf[i] != 0x68)
        count_skipped(fr, fr->buf[i++]);
    memmove(fr->buf, fr->buf + i, fr->len - i);
    fr->len -= i;
}

size_t gdw13761_framer_feed(gdw13761_framer *fr, const uint8_t *p, size_t n, const uint8_t **frame,
                            size_t *frame_len)
{
    *frame = NULL;
    *frame_len = 0;
    if (fr->ready) {
        memmove(fr->buf, fr->buf + fr->ready, fr->len - fr->ready);
        fr->len -= fr->ready;
        fr->ready = 0;
    }
    size_t used = 0;
    for (;;) {
        size_t total = 0;
        enum cand st = CAND_NEED;
        while (fr->len && (st = check(fr, &total)) == CAND_BAD)
            resync(fr);
        if (fr->len && st == CAND_FRAME) {
            fr->ready = total;
            fr->stats.frames++;
            *frame = fr->buf;
            *frame_len = total;
            return used;
        }
        if (used == n)
            return used;
        if (fr->len == 0) {
            while (used < n && p[used] != 0x68)
                count_skipped(fr, p[used++]);
            if (used == n)
                return used;
            fr->buf[0] = 0x68;
            fr->len = 1;
            used++;
            continue;
        }
        size_t want = total ? total - fr->len : 6 - fr->len;
        size_t take = n - used < want ? n - used : want;
        memcpy(fr->buf + fr->len, p + used, take);
        fr->len += take;
        used += take;
    }
}
