/* Test harness for the reader core: the reader's send goes into a real
 * simulated bus (tools/metersim's core), the meters' reply bytes come back
 * to cc_reader_on_bytes at their due synthetic times (reply delay, then one
 * byte every 11 bits at the meter's rate). Included by the test files. */
#ifndef READER_HARNESS_H
#define READER_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cc/reader.h"
#include "dlt645/dlt645.h"
#include "mdc/mtime.h"
#include "ms_bus.h"
#include "ms_config.h"

#define H_QMAX     8192
#define H_ITEMS    8192
#define H_SENDS    4096
#define H_ROUNDS   256
#define H_FOUND    64
#define H_DATA_MAX 512

typedef struct h_item {
    uint8_t addr[6];
    uint32_t di;
    uint8_t data[H_DATA_MAX];
    size_t len;
    bool truth_ok; /* data equals the meter's own value at the request time */
    uint32_t round;
} h_item;

typedef struct h_send {
    int64_t ms;
    uint32_t baud;
    uint8_t parity;
    size_t n;
    uint8_t bytes[600];
} h_send;

typedef struct harness {
    cc_reader *r;
    ms_bus bus;
    ms_slot slots[40];
    ms_sim_cfg cfg;
    int64_t ms, clock_off;
    struct {
        int64_t due;
        uint8_t b;
    } q[H_QMAX];
    size_t qh, qn;
    int64_t req_clock; /* true time when the last request ended */
    h_item *items;
    size_t nitems;
    h_send *sends;
    size_t nsends;
    cc_reader_round_info begun[H_ROUNDS], ended[H_ROUNDS];
    size_t nbegun, nended;
    unsigned meter_done_ok, meter_done_fail;
    /* jobs */
    int fwd_r, read_r;
    uint32_t fwd_id, read_id, read_di;
    uint8_t fwd_data[600], read_data[600];
    size_t fwd_n, read_n;
    unsigned fwd_calls, read_calls;
    uint8_t found[H_FOUND][6];
    uint8_t found_proto[H_FOUND];
    uint32_t found_baud[H_FOUND];
    size_t nfound;
    int search_done;
    unsigned logs;
    bool verbose;
    /* vendor quirk: these addresses deny every block read (DI1 = FF) and the DIs listed */
    uint8_t deny_addr[4][6];
    size_t ndeny;
    uint32_t deny_di[8];
    size_t ndeny_di;
    bool compare_truth;
    /* a long answer (follow-up frames) for long_di at long_addr */
    uint32_t long_di;
    uint8_t long_addr[6];
    uint8_t long_data[600];
    size_t long_len;
    /* the next n replies are cut after half their bytes (the rest never comes) */
    unsigned cut_next;
    /* the last reply byte delivered, the last send (turnaround check) */
    int64_t last_rx, last_tx;
    unsigned turnaround_ms;
} harness;

static harness H;

static inline cc_link_now h_now(void)
{
    cc_link_now n = {H.ms, H.ms + H.clock_off};
    return n;
}

static inline int64_t h_wire(size_t n, uint32_t baud, unsigned bits)
{
    return ((int64_t)n * bits * 1000 + baud - 1) / baud;
}

static inline void h_enqueue(int64_t start, uint32_t baud, const uint8_t *p, size_t n)
{
    int64_t t0 = start;
    if (H.qn > 0 && H.q[(H.qh + H.qn - 1) % H_QMAX].due > t0)
        t0 = H.q[(H.qh + H.qn - 1) % H_QMAX].due; /* half duplex: queue behind */
    for (size_t i = 0; i < n && H.qn < H_QMAX; i++) {
        size_t k = (H.qh + H.qn) % H_QMAX;
        H.q[k].due = t0 + ((int64_t)(i + 1) * 11 * 1000 + baud - 1) / baud;
        H.q[k].b = p[i];
        H.qn++;
    }
}

static inline bool h_denied(const dlt645_frame *f)
{
    for (size_t i = 0; i < H.ndeny; i++) {
        if (memcmp(f->addr, H.deny_addr[i], 6) != 0)
            continue;
        uint32_t di = 0;
        if ((f->c & 0x1F) == 0x01 && f->len >= 2)
            return (f->data[0] & 0x0F) == 0x0F; /* 1997 blocks: DI0 = xF */
        if (f->len < 4 || (f->c & 0x1F) != 0x11)
            return false;
        di = (uint32_t)f->data[0] | (uint32_t)f->data[1] << 8 | (uint32_t)f->data[2] << 16 |
             (uint32_t)f->data[3] << 24;
        if (f->data[1] == 0xFF || f->data[0] == 0xFF)
            return true;
        for (size_t k = 0; k < H.ndeny_di; k++)
            if (H.deny_di[k] == di)
                return true;
    }
    return false;
}

static inline void h_send_cb(void *ctx, uint32_t baud, uint8_t parity, uint8_t data_bits,
                             uint8_t stop_bits, const uint8_t *p, size_t n)
{
    (void)ctx;
    /* never talk over a meter: quiet for the turnaround after the last reply byte */
    if (H.last_rx > H.last_tx && H.ms - H.last_rx < (int64_t)H.turnaround_ms)
        fail_msg("sent %lld ms after the last reply byte", (long long)(H.ms - H.last_rx));
    H.last_tx = H.ms;
    if (H.nsends < H_SENDS) {
        h_send *s = &H.sends[H.nsends++];
        s->ms = H.ms;
        s->baud = baud;
        s->parity = parity;
        s->n = n < sizeof s->bytes ? n : sizeof s->bytes;
        memcpy(s->bytes, p, s->n);
    }
    unsigned bits = 1u + data_bits + (parity ? 1u : 0u) + stop_bits;
    int64_t end = H.ms + h_wire(n, baud, bits);
    H.req_clock = end + H.clock_off;
    dlt645_frame f;
    size_t used = 0;
    if (dlt645_frame_decode(p, n, &f, &used) != DLT645_OK)
        return;
    if (parity != 2 || data_bits != 8 || stop_bits != 1)
        return; /* the meters hear framing errors */
    if (h_denied(&f)) {
        dlt645_reply rp;
        bool is97 = (f.c & 0x1F) == 0x01;
        dlt645_reply_init(&rp, is97 ? DLT645_PROTO_1997 : DLT645_PROTO_2007, is97 ? 0x01 : 0x11,
                          f.addr);
        rp.error = true;
        rp.err = is97 ? DLT645_E97_BAD_DI : DLT645_E07_NO_DATA;
        dlt645_frame out;
        uint8_t buf[64];
        size_t len = 0;
        assert_int_equal(dlt645_reply_build(&rp, &out), DLT645_OK);
        assert_int_equal(dlt645_frame_encode(&out, buf, sizeof buf, &len), DLT645_OK);
        h_enqueue(end + 40, baud, buf, len);
        return;
    }
    if (H.long_len && memcmp(f.addr, H.long_addr, 6) == 0 && f.len >= 4) {
        uint32_t di = (uint32_t)f.data[0] | (uint32_t)f.data[1] << 8 | (uint32_t)f.data[2] << 16 |
                      (uint32_t)f.data[3] << 24;
        unsigned idx = (f.c & 0x1F) == 0x11                 ? 0u
                       : (f.c & 0x1F) == 0x12 && f.len >= 5 ? f.data[4]
                                                            : 99u;
        if (di == H.long_di && idx < dlt645_followup_count(DLT645_PROTO_2007, H.long_len)) {
            dlt645_frame out;
            uint8_t buf[300];
            size_t len = 0;
            assert_int_equal(dlt645_followup_split(DLT645_PROTO_2007, f.addr, di, H.long_data,
                                                   H.long_len, idx, &out),
                             DLT645_OK);
            assert_int_equal(dlt645_frame_encode(&out, buf, sizeof buf, &len), DLT645_OK);
            h_enqueue(end + 60, baud, buf, len);
            return;
        }
    }
    static ms_tx tx;
    H.bus.line_baud = baud;
    if (ms_bus_frame(&H.bus, &f, H.req_clock, &tx)) {
        size_t n_tx = tx.n;
        if (H.cut_next) {
            H.cut_next--;
            n_tx /= 2;
        }
        h_enqueue(end + tx.delay_ms, tx.baud, tx.bytes, n_tx);
    }
}

static inline void h_item_cb(void *ctx, const cc_reader_meter *m, uint32_t di, const uint8_t *data,
                             size_t len, cc_link_now now)
{
    (void)ctx;
    (void)now;
    if (H.nitems >= H_ITEMS)
        return;
    h_item *it = &H.items[H.nitems++];
    memcpy(it->addr, m->addr, 6);
    it->di = di;
    it->len = len < H_DATA_MAX ? len : H_DATA_MAX;
    memcpy(it->data, data, it->len);
    it->round = (uint32_t)H.nbegun;
    ms_slot *s = ms_bus_find(&H.bus, m->addr);
    if (s) {
        uint8_t truth[H_DATA_MAX];
        uint8_t err = 0;
        int tl = ms_meter_read(&s->meter, 2007, di, H.req_clock, truth, sizeof truth, &err);
        it->truth_ok = tl >= 0 && (size_t)tl == len && memcmp(truth, data, len) == 0;
    }
}

static inline void h_round_begin(void *ctx, const cc_reader_round_info *ri)
{
    (void)ctx;
    if (H.nbegun < H_ROUNDS)
        H.begun[H.nbegun++] = *ri;
}

static inline void h_round_end(void *ctx, const cc_reader_round_info *ri)
{
    (void)ctx;
    if (H.nended < H_ROUNDS)
        H.ended[H.nended++] = *ri;
}

static inline void h_meter_done(void *ctx, const cc_reader_meter *m, bool ok,
                                const cc_reader_meter_stats *st, cc_link_now now)
{
    (void)ctx;
    (void)m;
    (void)st;
    (void)now;
    if (ok)
        H.meter_done_ok++;
    else
        H.meter_done_fail++;
}

static inline void h_fwd_done(void *ctx, uint32_t id, cc_reader_result r, const uint8_t *p,
                              size_t n)
{
    (void)ctx;
    H.fwd_calls++;
    H.fwd_id = id;
    H.fwd_r = (int)r;
    H.fwd_n = n < sizeof H.fwd_data ? n : sizeof H.fwd_data;
    if (n)
        memcpy(H.fwd_data, p, H.fwd_n);
}

static inline void h_read_done(void *ctx, uint32_t id, cc_reader_result r, uint32_t di,
                               const uint8_t *data, size_t n)
{
    (void)ctx;
    H.read_calls++;
    H.read_id = id;
    H.read_r = (int)r;
    H.read_di = di;
    H.read_n = n < sizeof H.read_data ? n : sizeof H.read_data;
    if (n)
        memcpy(H.read_data, data, H.read_n);
}

static inline void h_found(void *ctx, const uint8_t addr[6], uint8_t protocol, uint32_t baud)
{
    (void)ctx;
    if (H.nfound < H_FOUND) {
        memcpy(H.found[H.nfound], addr, 6);
        H.found_proto[H.nfound] = protocol;
        H.found_baud[H.nfound] = baud;
        H.nfound++;
    }
}

static inline void h_search_done(void *ctx, unsigned found)
{
    (void)ctx;
    H.search_done = (int)found;
}

static inline void h_log(void *ctx, const char *line)
{
    (void)ctx;
    H.logs++;
    if (H.verbose)
        fprintf(stderr, "  log: %s\n", line);
}

static const cc_reader_ops h_ops = {h_send_cb,     h_round_begin, h_round_end, h_item_cb,
                                    h_meter_done,  h_fwd_done,    h_read_done, h_found,
                                    h_search_done, h_log};

static inline int64_t h_epoch_ms(const char *iso)
{
    mdc_tm t;
    assert_true(mdc_tm_parse_iso(iso, &t));
    return mdc_tm_to_epoch(&t) * 1000;
}

/* A fresh harness at terminal (= true) time iso, with n quick-form meters from first. */
static inline void h_setup(const char *iso, unsigned n, const char *first, dlt645_proto proto,
                           unsigned baud)
{
    if (H.r)
        free(H.r);
    h_item *items = H.items ? H.items : calloc(H_ITEMS, sizeof(h_item));
    h_send *sends = H.sends ? H.sends : calloc(H_SENDS, sizeof(h_send));
    memset(&H, 0, sizeof H);
    H.items = items;
    H.sends = sends;
    H.verbose = getenv("READER_VERBOSE") != NULL;
    H.ms = 5000000;
    H.clock_off = h_epoch_ms(iso) - H.ms;
    ms_bus_init(&H.bus, H.slots, 40, 7);
    ms_config_init(&H.cfg);
    char err[200];
    if (n) {
        assert_int_equal(ms_config_quick(&H.cfg, n, first, proto, baud, err, sizeof err), 0);
        for (unsigned i = 0; i < H.cfg.n; i++)
            assert_true(ms_bus_add(&H.bus, &H.cfg.meter[i], H.ms + H.clock_off) >= 0);
    }
    H.r = calloc(1, cc_reader_size());
    assert_non_null(H.r);
    cc_reader_cfg c;
    cc_reader_cfg_default(&c);
    assert_int_equal(cc_reader_init(H.r, &c, &h_ops, NULL), 0);
    H.turnaround_ms = c.turnaround_ms;
}

static inline void h_teardown(void)
{
    free(H.r);
    H.r = NULL;
    free(H.items);
    free(H.sends);
    H.items = NULL;
    H.sends = NULL;
}

/* Adds a meter to the bus (after h_setup) from a changed default config. */
static inline ms_meter_cfg h_meter_cfg(const char *addr, dlt645_proto proto, unsigned baud)
{
    uint8_t a[6];
    assert_int_equal(dlt645_addr_parse(addr, a), DLT645_OK);
    ms_meter_cfg c;
    ms_meter_cfg_default(&c, a);
    c.proto = proto;
    c.baud = baud;
    return c;
}

/* The reader's meter list from the bus's meters. */
static inline size_t h_meters_from_bus(cc_reader_meter *out)
{
    size_t k = 0;
    for (unsigned i = 0; i < 40; i++) {
        if (!H.slots[i].used)
            continue;
        const ms_meter_cfg *c = &H.slots[i].meter.cfg;
        memset(&out[k], 0, sizeof out[k]);
        out[k].point = (uint16_t)(k + 1);
        memcpy(out[k].addr, c->addr, 6);
        out[k].protocol = c->proto == DLT645_PROTO_1997 ? CC_PROTO_645_1997 : CC_PROTO_645_2007;
        out[k].baud = c->baud;
        out[k].tariffs = c->tariffs;
        out[k].rcd = c->kind == MS_KIND_RCD;
        k++;
    }
    return k;
}

static inline void h_set_meters_from_bus(void)
{
    cc_reader_meter m[CC_READER_METERS_MAX];
    size_t n = h_meters_from_bus(m);
    assert_int_equal(cc_reader_set_meters(H.r, h_now(), m, n), 0);
}

/* Runs the synthetic clock until ms (monotonic), delivering bytes and ticks. */
static inline void h_run_until(int64_t until)
{
    int64_t last = -1;
    unsigned same = 0;
    for (;;) {
        int64_t d = cc_reader_next_deadline(H.r);
        int64_t nb = H.qn ? H.q[H.qh].due : INT64_MAX;
        int64_t t = d < nb ? d : nb;
        if (t > until) {
            if (until > H.ms)
                H.ms = until;
            return;
        }
        if (t < H.ms)
            t = H.ms;
        H.ms = t;
        if (t == last) {
            assert_true(++same < 1000); /* no hang at one instant */
        } else {
            same = 0;
            last = t;
        }
        if (nb <= t) {
            uint8_t chunk[H_QMAX];
            size_t n = 0;
            while (H.qn && H.q[H.qh].due <= t) {
                chunk[n++] = H.q[H.qh].b;
                H.qh = (H.qh + 1) % H_QMAX;
                H.qn--;
            }
            H.last_rx = t;
            cc_reader_on_bytes(H.r, h_now(), chunk, n);
        } else {
            cc_reader_tick(H.r, h_now());
        }
    }
}

/* Runs until the number of ended rounds reaches n (at most max_ms). */
static inline void h_run_rounds(size_t n, int64_t max_ms)
{
    int64_t end = H.ms + max_ms;
    while (H.nended < n && H.ms < end)
        h_run_until(H.ms + 1000 < end ? H.ms + 1000 : end);
    assert_true(H.nended >= n);
}

static inline int64_t h_clock(void)
{
    return H.ms + H.clock_off;
}

static inline size_t h_count_items(const uint8_t addr[6], uint32_t di, size_t from)
{
    size_t c = 0;
    for (size_t i = from; i < H.nitems; i++)
        if (memcmp(H.items[i].addr, addr, 6) == 0 && H.items[i].di == di)
            c++;
    return c;
}

static inline const h_item *h_find_item(const uint8_t addr[6], uint32_t di, size_t from)
{
    for (size_t i = from; i < H.nitems; i++)
        if (memcmp(H.items[i].addr, addr, 6) == 0 && H.items[i].di == di)
            return &H.items[i];
    return NULL;
}

/* Requests (decoded) sent to addr for wire DI di from send index from. */
static inline size_t h_count_requests(const uint8_t addr[6], uint32_t di, size_t from)
{
    size_t c = 0;
    for (size_t i = from; i < H.nsends; i++) {
        dlt645_frame f;
        if (dlt645_frame_decode(H.sends[i].bytes, H.sends[i].n, &f, NULL) != DLT645_OK)
            continue;
        if (memcmp(f.addr, addr, 6) != 0)
            continue;
        uint32_t d = 0;
        if ((f.c & 0x1F) == 0x11 && f.len >= 4)
            d = (uint32_t)f.data[0] | (uint32_t)f.data[1] << 8 | (uint32_t)f.data[2] << 16 |
                (uint32_t)f.data[3] << 24;
        else if ((f.c & 0x1F) == 0x01 && f.len >= 2)
            d = (uint32_t)f.data[0] | (uint32_t)f.data[1] << 8;
        else
            continue;
        if (d == di)
            c++;
    }
    return c;
}

#endif
