/* Fuzz target: DL/T 645 stream framer fed the input in chunks whose sizes come from the input.
 * Invariants: every yielded frame re-encodes to bytes that decode with a correct checksum and that
 * occur in the input in order; the frames do not depend on how the stream was chunked; the
 * counters agree with what was yielded. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dlt645/dlt645.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXF 64

typedef struct seen {
    size_t n;
    uint8_t c[MAXF], len[MAXF];
    uint8_t addr[MAXF][6];
    uint32_t sum[MAXF];
} seen;

/* Raw frame bytes of f without preamble (whatever its length). */
static size_t raw(const dlt645_frame *f, uint8_t *out)
{
    out[0] = 0x68;
    memcpy(out + 1, f->addr, 6);
    out[7] = 0x68;
    out[8] = f->c;
    out[9] = f->len;
    for (unsigned i = 0; i < f->len; i++)
        out[10 + i] = (uint8_t)(f->data[i] + 0x33);
    out[10 + f->len] = dlt645_checksum(out, 10u + f->len);
    out[11 + f->len] = 0x16;
    return 12u + f->len;
}

static const uint8_t *find(const uint8_t *hay, size_t hn, const uint8_t *nd, size_t nn)
{
    for (size_t i = 0; i + nn <= hn; i++)
        if (memcmp(hay + i, nd, nn) == 0)
            return hay + i;
    return NULL;
}

static void record(seen *s, const dlt645_frame *f, const uint8_t *stream, size_t sn, size_t *cursor)
{
    uint8_t buf[DLT645_FRAME_MAX];
    size_t n = raw(f, buf);
    dlt645_frame g;
    if (dlt645_frame_decode(buf, n, &g, NULL) != DLT645_OK)
        abort();
    if (f->len > dlt645_data_limit(f->c) ? !f->over_limit : f->over_limit)
        abort();
    const uint8_t *at = find(stream + *cursor, sn - *cursor, buf, n);
    if (!at)
        abort(); /* a frame that is not in the input, or out of order */
    *cursor = (size_t)(at - stream) + n;
    if (s->n < MAXF) {
        s->c[s->n] = f->c;
        s->len[s->n] = f->len;
        memcpy(s->addr[s->n], f->addr, 6);
        s->sum[s->n] = dlt645_checksum(f->data, f->len);
    }
    s->n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* first byte: chunking seed; the rest is the stream */
    uint8_t seed = data[0];
    const uint8_t *stream = data + 1;
    size_t sn = size - 1;

    dlt645_framer a, b;
    dlt645_framer_init(&a);
    dlt645_framer_init(&b);
    if (seed & 0x80)
        a.max_data = b.max_data = 255;
    seen sa = {0}, sb = {0};
    size_t cur_a = 0, cur_b = 0;

    /* a: chunks of 1 + (seed-driven) bytes */
    size_t off = 0;
    unsigned x = seed | 1u;
    while (off < sn) {
        x = x * 1103515245u + 12345u;
        size_t k = 1 + (x >> 16) % 40;
        if (k > sn - off)
            k = sn - off;
        const uint8_t *p = stream + off;
        size_t n = k;
        const dlt645_frame *f;
        while ((f = dlt645_framer_feed(&a, &p, &n)) != NULL)
            record(&sa, f, stream, sn, &cur_a);
        if (n != 0)
            abort();
        off += k;
    }
    /* b: the whole stream at once */
    const uint8_t *p = stream;
    size_t n = sn;
    const dlt645_frame *f;
    while ((f = dlt645_framer_feed(&b, &p, &n)) != NULL)
        record(&sb, f, stream, sn, &cur_b);

    if (sa.n != sb.n || sa.n != a.stats.frames || sb.n != b.stats.frames)
        abort();
    size_t m = sa.n < MAXF ? sa.n : MAXF;
    for (size_t i = 0; i < m; i++)
        if (sa.c[i] != sb.c[i] || sa.len[i] != sb.len[i] || sa.sum[i] != sb.sum[i] ||
            memcmp(sa.addr[i], sb.addr[i], 6) != 0)
            abort();
    if (memcmp(a.stats.resync, b.stats.resync, sizeof a.stats.resync) != 0)
        abort();
    if (dlt645_framer_pending(&a) != dlt645_framer_pending(&b))
        abort();
    if (dlt645_framer_pending(&a) > DLT645_FRAME_MAX)
        abort();
    /* a timeout then an empty feed must not crash and only yields frames of the input */
    dlt645_framer_timeout(&a);
    n = 0;
    p = stream + sn;
    while ((f = dlt645_framer_feed(&a, &p, &n)) != NULL)
        record(&sa, f, stream, sn, &cur_a);
    return 0;
}
