/* Fuzz target: DL/T 645 frame decode, and every parser that takes a decoded frame.
 * Invariants: decode never reads out of bounds; a decoded frame re-encodes (when within the
 * limits) to bytes that decode to the same frame; request/reply parsers never fail unsafely. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dlt645/dlt645.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_same(const dlt645_frame *a, const dlt645_frame *b)
{
    if (a->c != b->c || a->len != b->len || memcmp(a->addr, b->addr, 6) != 0 ||
        memcmp(a->data, b->data, a->len) != 0)
        abort();
}

static void parse_all(const dlt645_frame *f)
{
    static const dlt645_proto protos[] = {DLT645_PROTO_UNKNOWN, DLT645_PROTO_1997,
                                          DLT645_PROTO_2007};
    for (size_t i = 0; i < 3; i++) {
        dlt645_request rq;
        dlt645_reply rp;
        if (dlt645_request_parse(f, protos[i], &rq) == DLT645_OK) {
            if (rq.len && (rq.data < f->data || rq.data + rq.len > f->data + f->len))
                abort();
            dlt645_frame again;
            (void)dlt645_request_build(&rq, &again);
        }
        if (dlt645_reply_parse(f, protos[i], &rp) == DLT645_OK) {
            if (rp.len && (rp.data < f->data || rp.data + rp.len > f->data + f->len))
                abort();
            const char *names[8];
            (void)dlt645_err_names(rp.proto, rp.err, names, 8);
            (void)dlt645_serr_names(rp.serr, names, 8);
            dlt645_frame again;
            (void)dlt645_reply_build(&rp, &again);
        }
    }
    dlt645_followup fu;
    bool done;
    dlt645_followup_start(&fu, DLT645_PROTO_2007, f->addr, 0);
    (void)dlt645_followup_add(&fu, f, &done);
    (void)dlt645_guess_proto(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dlt645_frame f;
    size_t used = 0;
    int rc = dlt645_frame_decode(data, size, &f, &used);
    (void)dlt645_strerror(rc);
    if (rc != DLT645_OK)
        return 0;
    if (used > size || used < DLT645_OVERHEAD)
        abort();
    parse_all(&f);
    if (f.over_limit) {
        if (dlt645_frame_check(&f) != DLT645_ERR_TOO_LONG)
            abort();
        return 0;
    }
    f.preamble = 2;
    uint8_t out[DLT645_ENCODED_MAX];
    size_t n = 0;
    if (dlt645_frame_encode(&f, out, sizeof out, &n) != DLT645_OK)
        abort();
    dlt645_frame g;
    if (dlt645_frame_decode(out, n, &g, NULL) != DLT645_OK)
        abort();
    check_same(&f, &g);
    /* the encoded frame is the input's frame, byte for byte (after the preamble) */
    if (memcmp(out + 2, data + (used - (n - 2)), n - 2) != 0)
        abort();
    return 0;
}
