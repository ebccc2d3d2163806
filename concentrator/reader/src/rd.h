/* Internals of the reader core (cc/reader.h): the state behind the opaque
 * cc_reader, the item plan and the functions the source files share. */
#ifndef CC_READER_RD_H
#define CC_READER_RD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cc/msearch.h"
#include "cc/reader.h"
#include "dlt645/di.h"
#include "dlt645/dlt645.h"
#include "mdc/value.h"

/* ---- item plan (plan.c) ---- */

#define RD_F_TARIFF 0x01u /* a block whose members are total + tariffs (DI1 = 0..tariffs) */
#define RD_F_PHASE  0x02u /* a block of phases (DI1 = 1..3, or 0..3 with a total) */
#define RD_F_TOTAL  0x04u /* RD_F_PHASE: the block has a total (DI1 = 0) */
#define RD_F_DAILY  0x08u /* read once a day (settlement data, daily freezes) */
#define RD_F_2007   0x10u /* 2007 meters only */
#define RD_F_CLOCK  0x20u /* part of the clock-deviation measurement */
#define RD_F_COUNT  0x40u /* an event count: the records after it follow its changes */
#define RD_F_CHANGE                                                                                \
    0x80u /* an event record: read when the count before it changed, or once a day */
#define RD_F_BLOCK (RD_F_TARIFF | RD_F_PHASE)

/* 1997 maximum demand: the value (A010, A020) and its time (B010, B020, MMDDhhmm) are
 * two items; the reader reads both and gives the 2007 item 01010000 / 01020000
 * (XX.XXXX + YYMMDDhhmm, the year from the terminal clock). RD_DEM97_TIME marks
 * the time member in the 2007-form member list. */
#define RD_DEM97_TIME 0xFEu
#define RD_PLAN_MAX   64u /* entries per plan (bit masks are 64-bit) */
#define RD_MEM_MAX    13u /* members of one block (total + 12 tariffs) */

typedef struct rd_item {
    uint32_t di; /* 2007 DI (block or single item) */
    uint8_t flags;
    uint8_t nmem;     /* explicit members (blocks that are neither tariff nor phase) */
    uint32_t mem[7];  /* explicit members */
    const char *what; /* short name for logs and docs */
} rd_item;

/* The plan of a meter kind; *n entries. */
const rd_item *rd_plan(bool rcd, size_t *n);
/* True when the entry is a block with members (read singly after a denial). */
bool rd_item_is_block(const rd_item *it);
/* The 2007 member DIs of a block entry for meter m; returns the count. */
size_t rd_item_members(const rd_item *it, const cc_reader_meter *m, uint32_t *out, size_t cap);
/* The DI to put on the wire for a 2007 DI and a meter protocol: the DI itself
 * for 2007, the 1997 counterpart (dlt645_di_map_07_to_97, not a PART map) for
 * 1997. False when the item cannot be read in that edition. */
bool rd_wire_di(uint8_t protocol, uint32_t di07, uint32_t *wire);

/* ---- state ---- */

typedef struct rd_mstate {
    cc_reader_meter_stats st;
    uint64_t singles;           /* blocks denied: members read singly */
    uint64_t absent;            /* entries the meter denied (not retried today) */
    uint64_t missing;           /* entries failed today and not read since (补抄) */
    uint64_t ok_today;          /* entries read today (for RD_F_DAILY) */
    uint64_t changed;           /* event counts that changed in the running round */
    uint32_t hash[RD_PLAN_MAX]; /* FNV-1a of the last data of each event count, 0 none */
    int64_t day;                /* terminal day the masks belong to */
    bool answered;              /* answered in the running round */
    bool failed;                /* an entry failed in the running round */
    bool date_ok;               /* date (04000101) read in this round, for the deviation */
    uint8_t date[4];
} rd_mstate;

typedef enum rd_txk {
    RD_TX_NONE = 0,
    RD_TX_ROUND,  /* an item of the round */
    RD_TX_READ,   /* AFN10 F9 job */
    RD_TX_FWD,    /* AFN10 F1 job */
    RD_TX_SYNC,   /* broadcast time set (no reply) */
    RD_TX_SEARCH, /* a search probe */
} rd_txk;

typedef enum rd_cause { RD_C_TIMEOUT = 0, RD_C_BAD, RD_C_ADDR } rd_cause;

typedef struct rd_tx {
    rd_txk kind;
    bool waiting;
    int64_t wire_end, deadline, last_byte;
    bool got_bytes;
    rd_cause cause;
    uint8_t addr[6];
    uint8_t protocol; /* CC_PROTO_* */
    uint32_t baud;
    uint8_t parity, data_bits, stop_bits;
    uint32_t di; /* wire DI */
    uint8_t tries;
    uint8_t req[CC_READER_FRAME_MAX];
    size_t req_n;
    bool fu_on;
    dlt645_followup fu;
    uint32_t frames_rx; /* search: valid frames seen */
    bool search_one;
    uint8_t search_addr[6];  /* the probed pattern */
    uint8_t search_reply[6]; /* the address that answered */
} rd_tx;

typedef struct rd_round {
    bool active;
    bool stop; /* meters changed: end after the current transaction */
    cc_reader_round_info info;
    size_t mi, ei, mem;
    bool meter_begun, entry_begun, entry_single, entry_failed, entry_got, entry_denied_all;
    unsigned entry_denied;
    unsigned consecutive_fail;
    uint32_t mems[RD_MEM_MAX];
    size_t nmems;
    int64_t slot_end_clock; /* start of the next interval (done_in_period) */
} rd_round;

struct cc_reader {
    cc_reader_cfg cfg;
    cc_reader_ops ops;
    void *ctx;
    cc_reader_sched sched;
    cc_reader_meter meters[CC_READER_METERS_MAX];
    rd_mstate ms[CC_READER_METERS_MAX];
    size_t n;
    int64_t clock_off; /* clock_ms - ms of the latest call */
    bool have_now;
    int64_t last_ms; /* monotonic ms of the latest call */
    bool paused;
    bool poke; /* check the schedule at the next tick (after resume) */
    /* schedule */
    int64_t last_slot;      /* clock minute index of the last interval round, -1 none */
    int64_t last_round_day; /* day of the last round start, INT64_MIN none */
    int64_t rday_done;      /* day the reading-day round ran */
    int64_t sync_done;      /* day the timed time set ran */
    int64_t search_day;     /* day the timed search ran */
    bool master_pending;    /* AFN05 F51 / meters changed */
    int64_t reread_at;      /* terminal clock of the next 补抄 round, 0 none */
    int64_t reread_day;
    unsigned rereads_today;
    /* transaction engine */
    rd_tx tx;
    int64_t next_send; /* monotonic ms: turnaround gate */
    dlt645_framer fr;
    rd_round rnd;
    cc_reader_port_stats port;
    /* jobs */
    bool job_fwd, job_read;
    cc_reader_fwd fwd;
    uint8_t rx[CC_READER_FWD_MAX];
    size_t rx_n;
    uint32_t read_id, read_di;
    uint8_t read_addr[6];
    uint8_t read_proto;
    uint32_t read_baud;
    /* broadcast time set: rates still to do */
    uint32_t sync_rates[8];
    size_t sync_n;
    /* search */
    bool search_on;
    uint32_t search_rates[8];
    size_t search_nrates, search_ri;
    uint8_t search_pi; /* 0: 2007, 1: 1997 */
    msearch srch;
    unsigned search_found;
    uint8_t search_pattern[6];
    /* 1997 counterparts of the plan entries, computed once: [rcd][entry] */
    uint32_t w97[2][RD_PLAN_MAX]; /* block or single DI on the wire, 0 none */
    bool has97[2][RD_PLAN_MAX];   /* the entry or one of its members exists in 1997 */
    /* scratch */
    uint8_t arena_buf[4096];
    uint8_t conv[CC_READER_FWD_MAX];
    /* a 1997 meter's maximum demand (A010/A020) waiting for its time (B010/B020) */
    uint8_t dem97[3];
    bool dem97_ok;
};

/* ---- shared functions ---- */

/* Time helpers. */
int64_t rd_floor_div(int64_t a, int64_t b);
/* Wire time in ms of n characters (rounded up). */
int64_t rd_wire_ms(size_t n, uint32_t baud, uint8_t parity, uint8_t data_bits, uint8_t stop_bits);
/* Baud of a meter (0 -> the port default). */
uint32_t rd_baud(const cc_reader *r, const cc_reader_meter *m);

/* engine (txn.c) */
void rd_tx_send(cc_reader *r, cc_link_now now, rd_txk kind, const uint8_t *p, size_t n);
/* Builds and sends a read (2007 11H / 1997 01H) of wire DI di. False when the frame cannot be
 * built. */
bool rd_tx_read(cc_reader *r, cc_link_now now, rd_txk kind, const uint8_t addr[6], uint8_t protocol,
                uint32_t baud, uint32_t di);
void rd_pump(cc_reader *r, cc_link_now now);
void rd_log(cc_reader *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* round (round.c): result of a round transaction. ok: data (2007 form handled inside) */
typedef enum rd_res { RD_RES_OK = 0, RD_RES_DENIED, RD_RES_FAIL } rd_res;
void rd_round_result(cc_reader *r, cc_link_now now, rd_res res, const uint8_t *data, size_t len,
                     size_t reply_len);
/* Starts work of the round if one is running or due; true when a transaction was started. */
bool rd_round_step(cc_reader *r, cc_link_now now);
/* Schedule: starts a round when due (returns true when one started). */
bool rd_sched_check(cc_reader *r, cc_link_now now);
/* Next terminal-clock ms at which the schedule needs attention (INT64_MAX none). */
int64_t rd_sched_next_clock(const cc_reader *r, int64_t clock_ms);
void rd_round_abort(cc_reader *r, cc_link_now now);
/* Fills r->w97 / r->has97 (at init). */
void rd_plan_prepare(cc_reader *r);
void rd_sync_queue(cc_reader *r);
void rd_search_begin(cc_reader *r, const uint32_t *bauds, size_t n);

/* jobs (jobs.c) */
bool rd_jobs_step(cc_reader *r, cc_link_now now);
void rd_job_result(cc_reader *r, cc_link_now now, rd_res res, const uint8_t *data, size_t len);
void rd_fwd_end(cc_reader *r);
void rd_search_result(cc_reader *r, cc_link_now now, msearch_outcome o, const uint8_t addr[6]);

#endif
