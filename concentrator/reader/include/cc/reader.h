/* The meter-reading core of one RS485 port (R-C6..R-C10): it decides what to
 * say on the bus and when, and hands back what the meters said. A core
 * WITHOUT I/O: the shell gives it the time, the received bytes and the
 * end-of-transmission; it calls ops to send bytes (at a rate), to deliver
 * data items and job results. Unit tests drive it with a synthetic clock and
 * a real simulated bus (tools/metersim's core).
 *
 * One transaction at a time per bus. A transaction: (optional FE wake-up
 * preamble) request at the meter's rate; wait for the reply (reply timeout
 * from the end of transmission, abandoned frame after the byte gap); a
 * reply that is garbage, has a bad checksum, is for another address or
 * is missing counts as a failure and is retried up to `retries` times.
 *
 * Work, in priority order: forwarding jobs of the master (AFN10 F1/F9), a
 * broadcast time set, a search step, the reading round. A round reads every
 * meter of the port (or only key users, AFN04 F33 D1) with the item plan of
 * its protocol: block reads (e.g. 0001FF00) first; a meter that denies a block
 * (an error reply) gets the block's single items from then on (remembered per
 * meter and block until the meters change). Items that failed are re-read
 * (补抄) in later rounds of the same day; per-meter and per-port statistics
 * are kept for AFN0C F11 and ERC31/ERC39.
 *
 * Data items are delivered in the DL/T 645-2007 form: a 1997 meter's answer is
 * converted with dlt645_di_convert (9010 -> 00010000...), so the consumers of
 * the data see one set of identifiers.
 *
 * Contract shared by the reader (concentrator/reader), the meter-data layer
 * (concentrator/mdata) and the daemon shell: change it only compatibly. */
#ifndef CC_READER_H
#define CC_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cc/link_resp.h" /* cc_link_now: monotonic ms + terminal clock ms */
#include "mdc/mtime.h"

#define CC_READER_METERS_MAX  32u  /* meters on one port (R-C6) */
#define CC_READER_FRAME_MAX   300u /* largest DL/T 645 frame handled (preamble included) */
#define CC_READER_FWD_MAX     512u /* largest forwarded frame / answer (AFN10 F1) */
#define CC_READER_NO_DEADLINE INT64_MAX

/* AFN04 F10 protocol codes. */
enum { CC_PROTO_645_1997 = 1, CC_PROTO_AC = 2, CC_PROTO_645_2007 = 30, CC_PROTO_CARRIER = 31 };

/* One measurement point on this port (from AFN04 F10, F25, F35). */
typedef struct cc_reader_meter {
    uint16_t point;   /* measurement point pn, 1..2040 */
    uint8_t addr[6];  /* DL/T 645 address, wire order (A0 first) */
    uint8_t protocol; /* CC_PROTO_645_1997 or CC_PROTO_645_2007 (others are not read) */
    uint32_t baud;    /* 600..9600; 0: the port's default rate */
    uint8_t tariffs;  /* AFN04 F10 tariff count 1..12 (0: 4) */
    bool three_phase; /* AFN04 F25 wiring 1/2 (three-phase); false: single-phase (3) */
    bool key;         /* a key user (AFN04 F35) */
    bool rcd;         /* a residual-current protective device (漏保) rather than a meter */
} cc_reader_meter;

/* The port's reading schedule (its AFN04 F33 block; minutes of the day in
 * terminal time). Default (no F33 block for the port): auto reading, every
 * 15 minutes, all day, reading day 1 at 00:00, no timed time set, no search. */
typedef struct cc_reader_sched {
    bool auto_read;        /* F33 D0 = 0 */
    bool key_only;         /* D1: read key users only */
    bool time_sync;        /* D3: timed broadcast time set (at sync_day/sync_min) */
    bool search;           /* D4: search for new meters (once a day, after the first round) */
    bool read_status;      /* D5: read the status words */
    uint32_t read_days;    /* bit d-1 = day d of the month is a reading day (抄表日) */
    uint16_t read_day_min; /* minute of the day of the reading-day freeze */
    uint16_t interval_min; /* minutes between the starts of rounds, 1..60 */
    uint8_t sync_day;      /* day of the month of the timed time set; 0 = every day */
    uint16_t sync_min;     /* minute of the day of the timed time set */
    uint8_t nperiods;      /* 0: reading allowed all day */
    struct {
        uint16_t start_min, end_min; /* [start, end) minutes of the day */
    } periods[24];
} cc_reader_sched;

/* Bus timing and retries (site config [reader]); defaults in cc_reader_cfg_default. */
typedef struct cc_reader_cfg {
    uint8_t port;              /* 1376.1 port number of this bus (2: RS485-I, 3: RS485-II) */
    uint32_t default_baud;     /* meters whose rate is 0 (default 2400) */
    uint32_t reply_timeout_ms; /* first reply byte after our last byte left (default 1000) */
    uint32_t byte_gap_ms;      /* a started reply abandoned after this silence (default 500) */
    uint8_t retries;           /* resends of a failed request (default 2) */
    uint8_t preamble;          /* FE bytes before each request (default 4) */
    uint16_t turnaround_ms;    /* quiet time between a reply and our next request (default 20) */
} cc_reader_cfg;

void cc_reader_cfg_default(cc_reader_cfg *c);
void cc_reader_sched_default(cc_reader_sched *s);

/* Why a round started (cc_reader_round_info.reason). */
typedef enum cc_reader_reason {
    CC_READ_SCHEDULED = 0, /* the interval came */
    CC_READ_DAY_START,     /* first round after the terminal's day changed (00:00) */
    CC_READ_READING_DAY,   /* the reading-day time came */
    CC_READ_MASTER,        /* AFN05 F51 re-read, or meters changed */
    CC_READ_REREAD,        /* 补抄 of items that failed earlier today */
} cc_reader_reason;

typedef struct cc_reader_round_info {
    uint32_t round; /* rounds started since init */
    cc_reader_reason reason;
    int64_t start_clock_ms; /* terminal clock at start */
    int64_t end_clock_ms;   /* at end (0 while running) */
    uint16_t meters;        /* meters this round reads */
    uint16_t ok;            /* meters with every item read (at end) */
    uint16_t key_ok;        /* key users among ok */
    uint32_t requests, failures, bytes_tx, bytes_rx;
} cc_reader_round_info;

/* Per-meter bookkeeping (AFN0C F11/F170, ERC31/ERC39, clock deviation). */
typedef struct cc_reader_meter_stats {
    int64_t last_ok_clock_ms; /* terminal clock of the last successful reply, 0 never */
    int64_t last_round_ok_ms; /* end of the last round where every item was read */
    uint32_t requests, replies, timeouts, bad_frames, denied;
    uint16_t fail_streak;   /* consecutive rounds where the meter never answered */
    uint16_t items_missing; /* items not read today (补抄 pending) */
    bool failing;           /* answered nothing in the last round (ERC31 state) */
    bool clock_valid;       /* clock_dev_s measured */
    int32_t clock_dev_s;    /* meter clock - terminal clock (seconds), at the reply */
} cc_reader_meter_stats;

/* The port's statistics for AFN0C F11 (one block per port). */
typedef struct cc_reader_port_stats {
    uint8_t port;
    uint16_t meters;     /* meters to read */
    bool busy;           /* a round is running */
    bool done_in_period; /* the last round finished within its interval */
    uint16_t ok;         /* meters read successfully in the last finished round */
    uint8_t key_ok;
    int64_t start_clock_ms; /* last round start (0 none) */
    int64_t end_clock_ms;   /* last round end (0 none) */
    uint32_t rounds;
} cc_reader_port_stats;

/* Forwarding jobs (AFN10). */
typedef struct cc_reader_fwd {
    uint32_t id;               /* the caller's id, given back */
    uint32_t baud;             /* 0: the port's default rate */
    uint8_t parity;            /* 0 none, 1 odd, 2 even */
    uint8_t data_bits;         /* 5..8 */
    uint8_t stop_bits;         /* 1, 2 */
    uint32_t frame_timeout_ms; /* waiting for the answer's first byte */
    uint32_t byte_timeout_ms;  /* gap that ends the answer */
    size_t len;
    uint8_t frame[CC_READER_FWD_MAX]; /* F1: bytes to send as they are */
} cc_reader_fwd;

/* Results of a job. */
typedef enum cc_reader_result {
    CC_READER_OK = 0,    /* an answer (F1: bytes; F9: the item's data) */
    CC_READER_TIMEOUT,   /* nothing (or nothing valid) within the timeout */
    CC_READER_DENIED,    /* F9: the meter answered with an error reply */
    CC_READER_CANCELLED, /* the port was reconfigured or stopped */
} cc_reader_result;

typedef struct cc_reader_ops {
    /* Set the line (rate, parity 0/1/2 none/odd/even, data and stop bits)
     * and write n bytes (copy them). The core times the reply from now +
     * the wire time (n x bits per char / baud), so no "sent" event is needed. */
    void (*send)(void *ctx, uint32_t baud, uint8_t parity, uint8_t data_bits, uint8_t stop_bits,
                 const uint8_t *p, size_t n);
    /* A round begins / ends (the shell wraps it in one store transaction). */
    void (*round_begin)(void *ctx, const cc_reader_round_info *ri);
    void (*round_end)(void *ctx, const cc_reader_round_info *ri);
    /* One data item read: DI in the 2007 form, data bytes as in a 2007
     * reply (0x33 removed), the terminal clock of the reply. */
    void (*item)(void *ctx, const cc_reader_meter *m, uint32_t di, const uint8_t *data, size_t len,
                 cc_link_now now);
    /* A meter's part of a round ended: ok = every item read; stats after it. */
    void (*meter_done)(void *ctx, const cc_reader_meter *m, bool ok,
                       const cc_reader_meter_stats *st, cc_link_now now);
    /* Job results. F1: the bytes received (n may be 0). F9: DI and data. */
    void (*fwd_done)(void *ctx, uint32_t id, cc_reader_result r, const uint8_t *p, size_t n);
    void (*read_done)(void *ctx, uint32_t id, cc_reader_result r, uint32_t di, const uint8_t *data,
                      size_t n);
    /* The search found a meter (address, protocol, rate); may be NULL. */
    void (*found)(void *ctx, const uint8_t addr[6], uint8_t protocol, uint32_t baud);
    /* The search ended (searched every rate asked). May be NULL. */
    void (*search_done)(void *ctx, unsigned found);
    /* A readable line for the log (may be NULL): "RS485-I p3 000000000003 00010000 timeout". */
    void (*log)(void *ctx, const char *line);
} cc_reader_ops;

typedef struct cc_reader cc_reader; /* opaque; cc_reader_size() bytes */

/* Bytes of a cc_reader (allocate once; no allocation inside). */
size_t cc_reader_size(void);

/* Prepares r for one port. ops (send and item required) and ctx are kept.
 * Returns 0, or -1 for a bad cfg (rate not 600..9600, port 0). */
int cc_reader_init(cc_reader *r, const cc_reader_cfg *cfg, const cc_reader_ops *ops, void *ctx);

/* The meters of this port (copied; at most CC_READER_METERS_MAX, others are
 * refused: returns -1 and keeps the old set). A meter whose address, protocol
 * or rate changed loses its block/statistics memory; the others keep theirs.
 * A running round ends after the current transaction; a new one starts. */
int cc_reader_set_meters(cc_reader *r, cc_link_now now, const cc_reader_meter *m, size_t n);
/* The schedule (copied). */
void cc_reader_set_sched(cc_reader *r, cc_link_now now, const cc_reader_sched *s);

/* Bytes from the port (any chunking). */
void cc_reader_on_bytes(cc_reader *r, cc_link_now now, const uint8_t *p, size_t n);
/* Timers: call at (or after) cc_reader_next_deadline(). */
void cc_reader_tick(cc_reader *r, cc_link_now now);
/* Monotonic ms of the next timer, CC_READER_NO_DEADLINE when none. */
int64_t cc_reader_next_deadline(const cc_reader *r);
/* The terminal clock jumped (AFN05 F31): schedules are recomputed from now. */
void cc_reader_clock_changed(cc_reader *r, cc_link_now now);

/* AFN05 F49 / F50: pause / resume automatic reading (jobs still run). */
void cc_reader_pause(cc_reader *r, bool paused);
/* AFN05 F51: a new round now (from the first meter; today's failures kept). */
void cc_reader_reread(cc_reader *r, cc_link_now now);

/* AFN10 F1: sends job->frame as is with the job's line settings, collects
 * the answer until byte_timeout after its last byte (or frame_timeout with
 * nothing), then ops.fwd_done. Returns 0, or -1 when another job is queued
 * (one master job at a time per port). */
int cc_reader_forward(cc_reader *r, cc_link_now now, const cc_reader_fwd *job);
/* AFN10 F9: reads one DI (2007 or 1997 as protocol says) from the meter at
 * addr (need not be configured), then ops.read_done. Returns 0 or -1 (busy). */
int cc_reader_read(cc_reader *r, cc_link_now now, uint32_t id, const uint8_t addr[6],
                   uint8_t protocol, uint32_t baud, uint32_t di);
/* Broadcast time set (08H to 999999999999, and 1997 08H) at every rate of the
 * configured meters, with the terminal clock at the moment each frame is sent. */
void cc_reader_sync_time(cc_reader *r, cc_link_now now);
/* Searches the bus for meters (R-C10): wildcard-address reads (cc/msearch.h)
 * at each rate in bauds[0..n) (n = 0: 2400 and 9600, then 1200), for both
 * protocols; ops.found per meter, then ops.search_done. */
void cc_reader_search(cc_reader *r, cc_link_now now, const uint32_t *bauds, size_t n);

/* Statistics. i indexes the meters as given to cc_reader_set_meters. */
void cc_reader_port_stats_get(const cc_reader *r, cc_reader_port_stats *out);
bool cc_reader_meter_stats_get(const cc_reader *r, size_t i, cc_reader_meter_stats *out);
const cc_reader_round_info *cc_reader_current_round(const cc_reader *r); /* NULL when idle */

#endif
