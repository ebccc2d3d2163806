/* Fuzz target: a reader core with a few meters driven by arbitrary bytes,
 * time steps, jobs and configuration changes; replies built from the last
 * request with fuzzed data and flags reach the deeper paths (follow-up
 * frames, denials, conversions). No crash, no hang (the deadline must move
 * forward after a tick). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cc/reader.h"
#include "dlt645/dlt645.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t last_req[CC_READER_FRAME_MAX + 64];
static size_t last_n;
static _Alignas(16) uint8_t reader_mem[1 << 16];
static volatile uint8_t sink;

static void f_send(void *ctx, uint32_t baud, uint8_t parity, uint8_t data_bits, uint8_t stop_bits,
                   const uint8_t *p, size_t n)
{
    (void)ctx, (void)baud, (void)parity, (void)data_bits, (void)stop_bits;
    last_n = n < sizeof last_req ? n : sizeof last_req;
    memcpy(last_req, p, last_n);
}

static void f_item(void *ctx, const cc_reader_meter *m, uint32_t di, const uint8_t *d, size_t len,
                   cc_link_now now)
{
    (void)ctx, (void)m, (void)di, (void)now;
    for (size_t i = 0; i < len; i++)
        sink ^= d[i];
}

static const cc_reader_ops ops = {f_send, NULL, NULL, f_item, NULL, NULL, NULL, NULL, NULL, NULL};

typedef struct src {
    const uint8_t *p;
    size_t n;
} src;

static uint8_t take(src *s)
{
    if (!s->n)
        return 0;
    s->n--;
    return *s->p++;
}

static void meters(cc_reader_meter *m, size_t n, uint8_t v)
{
    static const uint32_t rates[] = {0, 600, 1200, 2400, 4800, 9600};
    for (size_t i = 0; i < n; i++) {
        memset(&m[i], 0, sizeof m[i]);
        m[i].point = (uint16_t)(i + 1);
        m[i].addr[0] = (uint8_t)(i + 1);
        m[i].protocol = (v >> i) & 1 ? CC_PROTO_645_1997 : CC_PROTO_645_2007;
        m[i].baud = rates[(v + i) % 6];
        m[i].tariffs = (uint8_t)((v + i) % 14);
        m[i].three_phase = (v >> (i + 2)) & 1;
        m[i].rcd = i == 3 && (v & 0x80);
        m[i].key = i & 1;
    }
}

/* A reply to the last request with fuzzed data, error and follow-up flags. */
static void reply(cc_reader *r, cc_link_now now, src *s)
{
    dlt645_frame rq, rp;
    if (dlt645_frame_decode(last_req, last_n, &rq, NULL) != DLT645_OK)
        return;
    uint8_t flags = take(s);
    dlt645_frame_init(&rp, rq.addr, (uint8_t)(0x80u | (rq.c & 0x1Fu) | (flags & 0x60u)));
    rp.preamble = 0;
    size_t dl = rq.c == 0x01 || rq.c == 0x02 ? 2 : 4;
    if (dl > rq.len)
        dl = rq.len;
    memcpy(rp.data, rq.data, dl);
    size_t extra = take(s) % 40;
    for (size_t i = 0; i < extra; i++)
        rp.data[dl + i] = take(s);
    rp.len = (uint8_t)(dl + extra);
    if (flags & 0x40) {
        rp.len = 1;
        rp.data[0] = 2;
    }
    uint8_t buf[400];
    size_t n = 0;
    if (dlt645_frame_encode(&rp, buf, sizeof buf, &n) != DLT645_OK)
        return;
    size_t cut = (flags & 0x10) ? (size_t)take(s) % (n + 1) : n;
    cc_reader_on_bytes(r, now, buf, cut);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (cc_reader_size() > sizeof reader_mem)
        abort();
    cc_reader *r = (cc_reader *)(void *)reader_mem;
    cc_reader_cfg cfg;
    cc_reader_cfg_default(&cfg);
    src s = {data, size};
    cfg.retries = take(&s) % 3;
    if (cc_reader_init(r, &cfg, &ops, NULL) != 0)
        abort();
    cc_link_now now = {1000, 1762041600000LL + (int64_t)take(&s) * 300000}; /* 2025-11-02 */
    cc_reader_meter m[6];
    meters(m, 4, take(&s));
    cc_reader_set_meters(r, now, m, 4);
    unsigned steps = 0;
    while (s.n && steps++ < 2000) {
        uint8_t op = take(&s);
        switch (op % 14) {
        case 0:
        case 1: { /* raw bytes */
            size_t k = take(&s) % 64;
            if (k > s.n)
                k = s.n;
            cc_reader_on_bytes(r, now, s.p, k);
            s.p += k;
            s.n -= k;
            break;
        }
        case 2:
        case 3:
        case 4:
            reply(r, now, &s);
            break;
        case 5: { /* time passes */
            int64_t d = cc_reader_next_deadline(r);
            int64_t step = (int64_t)take(&s) * 37;
            if (d != CC_READER_NO_DEADLINE && (take(&s) & 1) && d > now.ms)
                step = d - now.ms;
            now.ms += step;
            now.clock_ms += step;
            cc_reader_tick(r, now);
            break;
        }
        case 6: {
            cc_reader_fwd job;
            memset(&job, 0, sizeof job);
            job.id = 1;
            job.baud = (uint32_t)take(&s) * 40;
            job.parity = take(&s);
            job.data_bits = take(&s);
            job.stop_bits = take(&s);
            job.frame_timeout_ms = take(&s) * 10u;
            job.byte_timeout_ms = take(&s);
            job.len = take(&s) % 32;
            for (size_t i = 0; i < job.len; i++)
                job.frame[i] = take(&s);
            cc_reader_forward(r, now, &job);
            break;
        }
        case 7: {
            uint8_t a[6] = {take(&s), take(&s), 0, 0, 0, 0};
            uint32_t di = (uint32_t)take(&s) << 24 | (uint32_t)take(&s) << 8;
            cc_reader_read(r, now, 2, a, take(&s) & 1 ? CC_PROTO_645_1997 : CC_PROTO_645_2007,
                           (uint32_t)take(&s) * 40, di);
            break;
        }
        case 8:
            cc_reader_sync_time(r, now);
            break;
        case 9: {
            uint32_t b[2] = {(uint32_t)take(&s) * 40, 9600};
            cc_reader_search(r, now, b, take(&s) % 3);
            break;
        }
        case 10:
            meters(m, 6, take(&s));
            cc_reader_set_meters(r, now, m, take(&s) % 7);
            break;
        case 11: {
            cc_reader_sched sc;
            cc_reader_sched_default(&sc);
            sc.interval_min = take(&s);
            sc.key_only = take(&s) & 1;
            sc.time_sync = take(&s) & 1;
            sc.search = take(&s) & 1;
            sc.read_days = (uint32_t)take(&s) << 8 | take(&s);
            sc.read_day_min = (uint16_t)(take(&s) * 6);
            sc.nperiods = take(&s) % 3;
            for (unsigned i = 0; i < sc.nperiods; i++) {
                sc.periods[i].start_min = (uint16_t)(take(&s) * 6);
                sc.periods[i].end_min = (uint16_t)(take(&s) * 6);
            }
            cc_reader_set_sched(r, now, &sc);
            break;
        }
        case 12: { /* the terminal clock jumps */
            int64_t j = ((int64_t)take(&s) - 128) * 600000;
            now.clock_ms += j;
            cc_reader_clock_changed(r, now);
            break;
        }
        default:
            if (take(&s) & 1)
                cc_reader_pause(r, take(&s) & 1);
            else
                cc_reader_reread(r, now);
            break;
        }
    }
    /* let it run on: the deadline must move forward, and nothing hangs */
    for (unsigned i = 0; i < 400; i++) {
        int64_t d = cc_reader_next_deadline(r);
        if (d == CC_READER_NO_DEADLINE)
            break;
        if (d > now.ms) {
            now.clock_ms += d - now.ms;
            now.ms = d;
        }
        cc_reader_tick(r, now);
        if (cc_reader_next_deadline(r) <= now.ms)
            abort(); /* a timer that never advances: the shell would spin */
    }
    cc_reader_port_stats ps;
    cc_reader_port_stats_get(r, &ps);
    cc_reader_meter_stats st;
    for (size_t i = 0; i < 6; i++)
        cc_reader_meter_stats_get(r, i, &st);
    (void)cc_reader_current_round(r);
    return 0;
}
