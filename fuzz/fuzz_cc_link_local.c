/* Fuzz target: the local maintenance-port link (RS485-III / infrared).
 * The input is the byte stream on the line, cut into chunks by its own
 * bytes; every request is answered at once (confirm, deny, data or nothing,
 * chosen from the input), sometimes with a large answer that must be split.
 * Invariants: every frame sent (after any FE preamble) decodes as an uplink
 * frame, within the maximum length. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cc/link_local.h"
#include "gdw13761/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cc_link_local L;
static cc_link_now now;
static uint8_t choice;

static void op_send(void *ctx, const uint8_t *p, size_t n)
{
    (void)ctx;
    size_t fe = 0;
    while (fe < n && p[fe] == 0xFE)
        fe++;
    gdw13761_frame f;
    gdw13761_err err;
    size_t flen;
    if (fe > CC_LINK_LOCAL_PREAMBLE ||
        gdw13761_frame_decode(p + fe, n - fe, &f, &flen, &err) != 0 || flen != n - fe || !f.dir ||
        flen > L.p.max_frame_len)
        abort();
}

static void op_request(void *ctx, const cc_link_request *rq)
{
    (void)ctx;
    /* one identifier + 60 bytes, repeated: up to 40 spans for a split answer */
    static uint8_t unit[4 + 60] = {0x00, 0x00, 0x02, 0x00};
    static gdw13761_span spans[40];
    for (size_t i = 0; i < 40; i++) {
        spans[i].p = unit;
        spans[i].len = sizeof unit;
    }
    cc_link_answer a;
    memset(&a, 0, sizeof a);
    a.kind = (cc_link_answer_kind)(choice % 4);
    a.afn = 0x0C;
    a.units = spans;
    a.n = 1 + (size_t)(choice >> 2) % 40;
    cc_link_local_respond(&L, now, rq->id, &a);
}

static const cc_link_local_ops ops = {op_send, op_request};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    cc_link_local_params p;
    memset(&p, 0, sizeof p);
    memcpy(p.a1, "2449", 5);
    p.a2 = 0x5845;
    p.groups[0] = 7;
    p.max_frame_len = data[0] & 1 ? 255 : 1024;
    p.preamble = (data[0] & 2) != 0;
    choice = data[1];
    if (cc_link_local_init(&L, &ops, NULL, &p) != 0)
        return 0;
    now.ms = 1000;
    now.clock_ms = 1763000000000;
    size_t pos = 2;
    while (pos < size) {
        size_t n = 1 + data[pos] % 64;
        pos++;
        if (n > size - pos)
            n = size - pos;
        cc_link_local_on_bytes(&L, now, data + pos, n);
        pos += n;
        now.ms += 50;
        now.clock_ms += 50;
        choice = (uint8_t)(choice * 31u + 7u);
    }
    return 0;
}
