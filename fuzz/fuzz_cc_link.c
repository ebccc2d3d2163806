/* Fuzz target: the uplink session core driven by an input script.
 * Each step takes an opcode byte: bytes from the master (the next n input
 * bytes, or a real frame with one byte flipped), connection events, timer
 * ticks after a time step, parameter changes, queued reports. The dispatcher
 * answers every request at once with a confirm, deny, data or nothing.
 * Invariants: every frame the core sends decodes as an uplink frame within
 * the maximum length, and after a tick the next deadline is not in the past. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cc/link.h"
#include "gdw13761/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cc_link L;
static cc_link_now now;
static const uint8_t *in;
static size_t left;
static uint8_t answer_kind;

static uint8_t take(void)
{
    if (!left)
        return 0;
    left--;
    return *in++;
}

static void op_connect(void *ctx, unsigned which, const cc_link_addr *addr)
{
    (void)ctx;
    (void)which;
    (void)addr;
}

static void op_close(void *ctx)
{
    (void)ctx;
}

static void op_send(void *ctx, const uint8_t *p, size_t n)
{
    (void)ctx;
    gdw13761_frame f;
    gdw13761_err err;
    size_t flen;
    if (gdw13761_frame_decode(p, n, &f, &flen, &err) != 0 || flen != n || !f.dir ||
        n > L.p.max_frame_len)
        abort();
}

static void op_request(void *ctx, const cc_link_request *rq)
{
    (void)ctx;
    static uint8_t unit[4 + 16] = {0x00, 0x00, 0x02, 0x00};
    static const gdw13761_span span = {unit, sizeof unit};
    cc_link_answer a;
    memset(&a, 0, sizeof a);
    a.kind = (cc_link_answer_kind)(answer_kind % 4);
    a.afn = 0x0C;
    a.units = &span;
    a.n = 1;
    cc_link_respond(&L, now, rq->id, &a);
}

static void op_report_done(void *ctx, uint32_t id, bool acked)
{
    (void)ctx;
    (void)id;
    (void)acked;
}

static uint32_t op_rand(void *ctx)
{
    (void)ctx;
    return (uint32_t)take() * 16777619u;
}

static const cc_link_ops ops = {op_connect,     op_close, op_send, op_request,
                                op_report_done, NULL,     op_rand};

/* Real frames addressed to A1 2449, A2 5845H (notes §1.10). */
static const uint8_t ack_f1[] = {0x68, 0x32, 0x00, 0x32, 0x00, 0x68, 0x0B, 0x49, 0x24, 0x45,
                                 0x58, 0x02, 0x00, 0x60, 0x00, 0x00, 0x01, 0x00, 0x78, 0x16};
static const uint8_t req_0c[] = {0x68, 0x32, 0x00, 0x32, 0x00, 0x68, 0x7B, 0x49, 0x24, 0x45,
                                 0x58, 0x02, 0x0C, 0x60, 0x02, 0x01, 0x01, 0x10, 0x8F, 0x16};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    in = data;
    left = size;
    now.ms = 1000;
    now.clock_ms = 1763000000000;
    cc_link_params p;
    cc_link_params_default(&p);
    memcpy(p.a1, "2449", 5);
    p.a2 = 0x5845;
    p.login_delay_max_ms = 3000;
    if (cc_link_init(&L, &ops, NULL, &p) != 0)
        return 0;
    cc_link_start(&L, now);
    uint8_t buf[300];
    while (left) {
        uint8_t opc = take();
        answer_kind = take();
        switch (opc % 10) {
        case 0:
            cc_link_on_connected(&L, now);
            break;
        case 1:
            cc_link_on_connect_failed(&L, now);
            break;
        case 2:
            cc_link_on_closed(&L, now);
            break;
        case 3: { /* raw bytes from the master */
            size_t n = take();
            if (n > left)
                n = left;
            cc_link_on_bytes(&L, now, in, n);
            in += n;
            left -= n;
            break;
        }
        case 4:
        case 5: { /* a real frame with one byte changed (CS fixed or not) */
            const uint8_t *src = opc % 10 == 4 ? ack_f1 : req_0c;
            memcpy(buf, src, 20);
            buf[take() % 20] ^= take();
            if (take() & 1) {
                uint8_t cs = 0;
                for (size_t i = 6; i < 18; i++)
                    cs = (uint8_t)(cs + buf[i]);
                buf[18] = cs;
            }
            cc_link_on_bytes(&L, now, buf, 20);
            break;
        }
        case 6: { /* time passes, timers fire */
            now.ms += (int64_t)take() * 997;
            now.clock_ms += (int64_t)take() * 60000;
            cc_link_tick(&L, now);
            int64_t d = cc_link_next_deadline(&L);
            if (d != CC_LINK_NO_DEADLINE && d < now.ms)
                abort();
            break;
        }
        case 7: {
            cc_link_params q = L.p;
            q.heartbeat_min = take() % 8;
            q.timeout_s = (uint16_t)(take() % 40);
            q.retries = take() % 4;
            q.max_frame_len = (size_t)(40 + take());
            cc_link_params_changed(&L, now, &q);
            break;
        }
        case 8: {
            uint8_t unit[4 + 8] = {0x00, 0x00, 0x01, 0x00, 1, 2, 3, 4, 5, 6, 7, 8};
            gdw13761_span s = {unit, sizeof unit};
            cc_link_report_queue(&L, now, take(), 0x0E, &s, 1, take() % 3 - 1);
            break;
        }
        default:
            cc_link_set_events(&L, take(), take(), take() & 1);
            break;
        }
    }
    cc_link_stop(&L, now);
    return 0;
}
