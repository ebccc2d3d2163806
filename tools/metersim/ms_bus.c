/* metersim bus core (see ms_bus.h). */
#include "ms_bus.h"

#include <string.h>

void ms_bus_init(ms_bus *b, ms_slot *slots, unsigned cap, uint32_t seed)
{
    memset(b, 0, sizeof *b);
    memset(slots, 0, sizeof *slots * cap);
    b->slot = slots;
    b->cap = cap;
    b->rng = seed ? seed : 0x2545F491u;
}

ms_slot *ms_bus_find(ms_bus *b, const uint8_t addr[DLT645_ADDR_LEN])
{
    for (unsigned i = 0; i < b->cap; i++)
        if (b->slot[i].used && memcmp(b->slot[i].meter.cfg.addr, addr, DLT645_ADDR_LEN) == 0)
            return &b->slot[i];
    return NULL;
}

int ms_bus_add(ms_bus *b, const ms_meter_cfg *c, int64_t now)
{
    if (ms_bus_find(b, c->addr))
        return -2;
    for (unsigned i = 0; i < b->cap; i++) {
        if (b->slot[i].used)
            continue;
        memset(&b->slot[i].fault, 0, sizeof b->slot[i].fault);
        ms_meter_init(&b->slot[i].meter, c, now);
        b->slot[i].used = true;
        return (int)i;
    }
    return -1;
}

bool ms_bus_remove(ms_bus *b, const uint8_t addr[DLT645_ADDR_LEN])
{
    ms_slot *s = ms_bus_find(b, addr);
    if (!s)
        return false;
    s->used = false;
    return true;
}

unsigned ms_bus_count(const ms_bus *b)
{
    unsigned n = 0;
    for (unsigned i = 0; i < b->cap; i++)
        n += b->slot[i].used ? 1u : 0u;
    return n;
}

void ms_bus_advance(ms_bus *b, int64_t now)
{
    for (unsigned i = 0; i < b->cap; i++)
        if (b->slot[i].used)
            ms_meter_advance(&b->slot[i].meter, now);
}

static uint32_t rnd(ms_bus *b)
{
    uint32_t x = b->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b->rng = x;
    return x;
}

void ms_bus_garbage(ms_bus *b, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t v;
        do
            v = (uint8_t)rnd(b);
        while (v == DLT645_START || v == DLT645_WAKE);
        out[i] = v;
    }
}

/* ORs src into tx->bytes from position 0 (the common start). */
static void merge(ms_tx *tx, const uint8_t *src, size_t n)
{
    if (n > MS_TX_MAX)
        n = MS_TX_MAX;
    for (size_t i = 0; i < n; i++)
        tx->bytes[i] = (uint8_t)((i < tx->n ? tx->bytes[i] : 0u) | src[i]);
    if (n > tx->n)
        tx->n = n;
}

/* The phantom's address: one BCD digit changed so that each address has a bit the other lacks;
 * the OR of the two frames then matches neither (on a real bus: neither frame survives). */
static void phantom_addr(uint8_t a[DLT645_ADDR_LEN])
{
    for (unsigned i = 0; i < DLT645_ADDR_LEN; i++) {
        for (unsigned shift = 0; shift <= 4; shift += 4) {
            unsigned d = ((unsigned)a[i] >> shift) & 0x0Fu;
            for (unsigned p = 0; p <= 9; p++) {
                if (p != d && (p & ~d) != 0 && (d & ~p) != 0) {
                    a[i] = (uint8_t)(((unsigned)a[i] & ~(0x0Fu << shift)) | (p << shift));
                    return;
                }
            }
        }
    }
    a[0] = (uint8_t)(a[0] ^ 0x01u);
}

bool ms_bus_frame(ms_bus *b, const dlt645_frame *req, int64_t now, ms_tx *tx)
{
    memset(tx, 0, sizeof *tx);
    b->frames++;
    for (unsigned i = 0; i < b->cap; i++) {
        ms_slot *s = &b->slot[i];
        dlt645_frame rep;
        if (!s->used || s->fault.silent)
            continue;
        if (b->line_baud && s->meter.cfg.baud != b->line_baud)
            continue;
        if (ms_meter_answer(&s->meter, req, now, &rep) != 1)
            continue;
        uint8_t enc[MS_TX_MAX];
        size_t n = 0, pre = s->fault.noise < 64 ? s->fault.noise : 64;
        ms_bus_garbage(b, enc, pre);
        if (dlt645_frame_encode(&rep, enc + pre, sizeof enc - pre, &n) != DLT645_OK)
            continue;
        n += pre;
        if (s->fault.bad_cs)
            enc[n - 2] = (uint8_t)(enc[n - 2] + 1u);
        unsigned delay = s->meter.cfg.delay_ms + s->fault.slow_ms;
        if (delay > tx->delay_ms)
            tx->delay_ms = delay;
        if (tx->baud == 0 || s->meter.cfg.baud < tx->baud)
            tx->baud = s->meter.cfg.baud;
        merge(tx, enc, n);
        tx->answered++;
        if (s->fault.collide) { /* a phantom meter, one digit apart, answers the same */
            dlt645_frame twin = rep;
            size_t tn = 0;
            phantom_addr(twin.addr);
            if (dlt645_frame_encode(&twin, enc + pre, sizeof enc - pre, &tn) == DLT645_OK) {
                merge(tx, enc, tn + pre);
                tx->answered++;
            }
        }
    }
    if (tx->answered == 0)
        return false;
    b->replies++;
    return true;
}
