/* DL/T 645 stream framer: length-driven, resynchronises on the next 68H candidate. */
#include <string.h>

#include "dlt645/framer.h"

enum { PROBE_MORE = 1, PROBE_DONE = 0 };

static const char *const reason_names[DLT645_SYNC_REASONS] = {
    [DLT645_SYNC_NONE] = "none",         [DLT645_SYNC_GARBAGE] = "garbage",
    [DLT645_SYNC_NO_68B] = "no_68b",     [DLT645_SYNC_TOO_LONG] = "too_long",
    [DLT645_SYNC_CHECKSUM] = "checksum", [DLT645_SYNC_NO_END] = "no_end",
    [DLT645_SYNC_TIMEOUT] = "timeout",
};

const char *dlt645_sync_reason_name(dlt645_sync_reason r)
{
    if ((unsigned)r >= DLT645_SYNC_REASONS)
        return "unknown";
    return reason_names[r];
}

void dlt645_framer_init(dlt645_framer *f)
{
    memset(f, 0, sizeof *f);
    f->max_data = DLT645_DATA_MAX_READ;
}

size_t dlt645_framer_pending(const dlt645_framer *f)
{
    return f->n;
}

/* Looks at a candidate s[0..n) with s[0] == 68H. Returns PROBE_DONE with *total set, PROBE_MORE,
 * or a negative dlt645_sync_reason. Reads only s[0..n). */
static int probe(const uint8_t *s, size_t n, unsigned max_data, size_t *total)
{
    if (n >= 8 && s[7] != DLT645_START)
        return -(int)DLT645_SYNC_NO_68B;
    if (n < DLT645_HEADER_LEN) {
        *total = DLT645_HEADER_LEN;
        return PROBE_MORE;
    }
    if (s[9] > max_data)
        return -(int)DLT645_SYNC_TOO_LONG;
    *total = DLT645_OVERHEAD + s[9];
    if (n < *total)
        return PROBE_MORE;
    if (dlt645_checksum(s, *total - 2) != s[*total - 2])
        return -(int)DLT645_SYNC_CHECKSUM;
    if (s[*total - 1] != DLT645_END)
        return -(int)DLT645_SYNC_NO_END;
    return PROBE_DONE;
}

static void count(dlt645_framer *f, dlt645_sync_reason r)
{
    f->stats.resync[r]++;
    f->stats.last = r;
}

/* A byte that cannot start a frame. */
static void skip(dlt645_framer *f, uint8_t b)
{
    if (b == DLT645_WAKE) {
        f->stats.fe_bytes++;
        if (f->fe_run < 255)
            f->fe_run++;
        return;
    }
    f->fe_run = 0;
    f->stats.dropped_bytes++;
    if (!f->in_garbage) {
        f->in_garbage = 1;
        count(f, DLT645_SYNC_GARBAGE);
    }
}

/* Bytes of a candidate that a failure of reason r covers. */
static uint32_t span(int r, size_t total)
{
    switch ((dlt645_sync_reason)-r) {
    case DLT645_SYNC_NO_68B:
        return 8;
    case DLT645_SYNC_TOO_LONG:
        return DLT645_HEADER_LEN;
    default:
        return (uint32_t)total;
    }
}

/* A candidate starting at stream position at failed: its 68H is dropped; the bytes up to the next
 * 68H belong to this incident, and so do false starts inside its span. */
static void fail(dlt645_framer *f, int r, uint32_t at, size_t total)
{
    if ((int32_t)(at - f->shadow) >= 0)
        count(f, (dlt645_sync_reason)-r);
    uint32_t end = at + span(r, total);
    if ((int32_t)(end - f->shadow) > 0)
        f->shadow = end;
    f->stats.dropped_bytes++;
    f->in_garbage = 1;
    f->fe_run = 0;
}

static void start(dlt645_framer *f)
{
    f->cand_fe = f->fe_run;
    f->fe_run = 0;
}

static const dlt645_frame *yield(dlt645_framer *f, const uint8_t *s)
{
    dlt645_frame *fr = &f->frame;
    memcpy(fr->addr, s + 1, DLT645_ADDR_LEN);
    fr->c = s[8];
    fr->len = s[9];
    fr->preamble = f->cand_fe;
    for (unsigned i = 0; i < fr->len; i++)
        fr->data[i] = (uint8_t)(s[DLT645_HEADER_LEN + i] - DLT645_SCRAMBLE);
    fr->over_limit = fr->len > dlt645_data_limit(fr->c);
    f->stats.frames++;
    if (fr->over_limit)
        f->stats.over_limit++;
    f->in_garbage = 0;
    return fr;
}

/* Drops k bytes from the front of buf, then any leading bytes that cannot start a frame. */
static void drop(dlt645_framer *f, size_t k)
{
    size_t n = f->n;
    while (k < n && f->buf[k] != DLT645_START)
        skip(f, f->buf[k++]);
    memmove(f->buf, f->buf + k, n - k);
    f->n = (uint16_t)(n - k);
    if (f->n > 0)
        start(f);
}

const dlt645_frame *dlt645_framer_feed(dlt645_framer *f, const uint8_t **pp, size_t *pn)
{
    const uint8_t *p = *pp;
    size_t n = *pn;
    const dlt645_frame *out = NULL;
    size_t total = 0;
    while (out == NULL) {
        if (f->n > 0) { /* a candidate is staged in buf */
            int r = probe(f->buf, f->n, f->max_data, &total);
            if (r == PROBE_DONE) {
                out = yield(f, f->buf);
                drop(f, total);
            } else if (r < 0) {
                fail(f, r, f->pos - f->n, total);
                drop(f, 1);
            } else if (n == 0) {
                break;
            } else {
                size_t take = total - f->n;
                if (take > n)
                    take = n;
                memcpy(f->buf + f->n, p, take);
                f->n = (uint16_t)(f->n + take);
                f->pos += (uint32_t)take;
                p += take;
                n -= take;
            }
            continue;
        }
        while (n > 0 && *p != DLT645_START) {
            skip(f, *p++);
            f->pos++;
            n--;
        }
        if (n == 0)
            break;
        start(f);
        int r = probe(p, n, f->max_data, &total);
        if (r == PROBE_DONE) { /* whole frame inside the chunk: no staging copy */
            out = yield(f, p);
            p += total;
            n -= total;
            f->pos += (uint32_t)total;
        } else if (r < 0) {
            fail(f, r, f->pos, total);
            p++;
            n--;
            f->pos++;
        } else { /* partial: n < total <= DLT645_FRAME_MAX */
            memcpy(f->buf, p, n);
            f->n = (uint16_t)n;
            f->pos += (uint32_t)n;
            p += n;
            n = 0;
        }
    }
    *pp = p;
    *pn = n;
    return out;
}

void dlt645_framer_timeout(dlt645_framer *f)
{
    if (f->n == 0)
        return;
    count(f, DLT645_SYNC_TIMEOUT);
    f->shadow = f->pos; /* everything held is stale: its false starts are this incident */
    f->stats.dropped_bytes++;
    f->in_garbage = 1;
    f->fe_run = 0;
    drop(f, 1);
}
