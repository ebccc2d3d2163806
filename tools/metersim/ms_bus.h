/* metersim bus core: which meters hear a frame, what goes back on the wire and when. No I/O.
 *
 * A frame from the master reaches every powered meter; each decides on its own (address,
 * function) whether to answer. Faults are applied here: silent, slow, bad checksum, noise
 * before the reply, collision with a phantom twin. When two or more meters answer the same
 * frame (a wildcard read on a bus with several meters, or the collide fault), the bus carries
 * the byte-wise OR of their encoded replies, aligned at their common start (the latest of their
 * delays): on RS485 two drivers fight and the receiver sees neither frame, which is what the OR
 * produces (the checksum fails in practice). */
#ifndef METERSIM_MS_BUS_H
#define METERSIM_MS_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ms_meter.h"

#define MS_TX_MAX 1024u

typedef struct ms_fault {
    bool silent;      /* never answers */
    unsigned slow_ms; /* extra delay added to the meter's own */
    bool bad_cs;      /* reply checksum off by one */
    unsigned noise;   /* garbage bytes sent before each reply */
    bool collide;     /* a phantom meter answers at the same time (OR-ed bytes) */
} ms_fault;

typedef struct ms_slot {
    ms_meter meter;
    ms_fault fault;
    bool used;
} ms_slot;

typedef struct ms_bus {
    ms_slot *slot; /* caller-provided array of cap slots */
    unsigned cap;
    uint32_t rng;       /* xorshift state for garbage bytes */
    unsigned line_baud; /* rate the master talks at (600..9600); 0 = unknown, every meter hears */
    uint32_t frames;    /* frames heard */
    uint32_t replies;   /* transmissions made */
} ms_bus;

/* One transmission: bytes to put on the wire starting delay_ms (real time) after the request
 * ended, paced at baud. */
typedef struct ms_tx {
    unsigned delay_ms;
    unsigned baud;
    size_t n;
    uint8_t bytes[MS_TX_MAX];
    unsigned answered; /* meters that answered */
} ms_tx;

/* Uses slots[0..cap) (zeroed here). */
void ms_bus_init(ms_bus *b, ms_slot *slots, unsigned cap, uint32_t seed);

/* Adds a meter; returns its slot index, -1 when the bus is full, -2 when the address is
 * already taken. */
int ms_bus_add(ms_bus *b, const ms_meter_cfg *c, int64_t now);
/* Removes the meter at addr; false when there is none. */
bool ms_bus_remove(ms_bus *b, const uint8_t addr[DLT645_ADDR_LEN]);
/* The slot of the meter at addr, or NULL. */
ms_slot *ms_bus_find(ms_bus *b, const uint8_t addr[DLT645_ADDR_LEN]);
/* Number of meters. */
unsigned ms_bus_count(const ms_bus *b);
/* Runs every meter up to now. */
void ms_bus_advance(ms_bus *b, int64_t now);

/* Hands a frame from the master to every meter at sim time now. When b->line_baud is set, only
 * meters configured for that rate hear it (the others see framing errors and stay silent). Returns
 * true with *tx filled when something goes back on the wire. */
bool ms_bus_frame(ms_bus *b, const dlt645_frame *req, int64_t now, ms_tx *tx);

/* n garbage bytes (none of them 68H or FEH, so they never start a frame) into out. */
void ms_bus_garbage(ms_bus *b, uint8_t *out, size_t n);

#endif
