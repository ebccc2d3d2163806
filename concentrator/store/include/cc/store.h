/* The concentrator's store: protocol parameters (everything AFN04 can set),
 * events, the outgoing-report queue, counters and meter data, in one SQLite
 * database (WAL mode, one writer: the daemon's loop).
 *
 * - The schema is versioned with PRAGMA user_version; opening an older
 *   database runs the forward migrations, a newer one is refused.
 * - Every table is bounded (ring semantics); docs/storage.md lists the bounds.
 * - Parameters are kept as the data unit's wire bytes (the catalogue layout of
 *   AFN04 decodes them); a parameter never set reads as its default.
 * - Time is the terminal clock, passed in as seconds since 1970-01-01 of the
 *   naive civil time (mdc/mtime.h): the store never reads the wall clock.
 *
 * Errors: functions return 0 on success or a negative store_errc; the reason
 * is readable with store_errmsg(). A store handle is not thread-safe. */
#ifndef CC_STORE_H
#define CC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The schema version this code writes. */
#define STORE_SCHEMA_VERSION 3

/* Bounds (docs/storage.md). */
#define STORE_EVENTS_PER_CLASS 500   /* latest ERC records kept per class */
#define STORE_DAILY_DAYS       62    /* daily frozen data and daily counters */
#define STORE_MONTHLY_MONTHS   12    /* monthly frozen data and monthly counters */
#define STORE_CURVE_DAYS       31    /* curve points */
#define STORE_RDAY_DAYS        62    /* reading-day frozen data */
#define STORE_FOUND_MAX        256   /* meters found by the search, kept for AFN0C F13 */
#define STORE_PARAM_LOG_MAX    256   /* parameter change log entries */
#define STORE_REPORT_QUEUE_MAX 256   /* queued outgoing reports */
#define STORE_PARAM_MAX        55082 /* largest parameter read: F10 with 2040 meters, 2 + 2040 x 27 */

typedef enum store_errc {
    STORE_OK = 0,
    STORE_E_IO = -1,       /* SQLite failed (disk, corruption, locked): see store_errmsg */
    STORE_E_VERSION = -2,  /* the database was written by a newer schema version */
    STORE_E_INVALID = -3,  /* a parameter was refused (length, range, read-only, unknown Fn) */
    STORE_E_NOTFOUND = -4, /* no such record */
    STORE_E_SPACE = -5,    /* the caller's buffer is too small */
    STORE_E_ARG = -6,      /* a bad argument (NULL, class out of range...) */
} store_errc;

typedef struct store store;

/* Site values that seed the parameter defaults (from the static site
 * config). Zero/NULL fields give the built-in defaults of docs/storage.md. */
typedef struct store_opts {
    uint8_t master_ip[4];  /* AFN04 F3 primary master IP */
    uint16_t master_port;  /* AFN04 F3 primary port */
    uint8_t backup_ip[4];  /* AFN04 F3 backup IP */
    uint16_t backup_port;  /* AFN04 F3 backup port */
    const char *apn;       /* AFN04 F3 APN (at most 16 characters), NULL = empty */
    uint16_t region;       /* AFN04 F89 region code A1, as the 4 BCD digits read (0x1234) */
    uint16_t address;      /* AFN04 F89 terminal address A2 (0 = use 1) */
    bool synchronous_full; /* PRAGMA synchronous=FULL instead of NORMAL */
} store_opts;

/* Opens (creating when absent) the database at path, migrates an older
 * schema, and checks it (PRAGMA quick_check). opts may be NULL. On failure
 * returns a store_errc (STORE_E_IO for an unreadable or corrupt file,
 * STORE_E_VERSION for a newer schema) with the reason in err[0..errcap) and
 * *out NULL. The handle is the caller's: release it with store_close. */
int store_open(const char *path, const store_opts *opts, store **out, char *err, size_t errcap);

/* Finishes an open transaction (commit), checkpoints and closes. NULL is fine. */
void store_close(store *st);

/* The reason of the last failure on this handle ("" when none). Owned by st. */
const char *store_errmsg(const store *st);

/* Power-fail notice: commits an open transaction and runs
 * wal_checkpoint(TRUNCATE), so the WAL is empty and the main file complete. */
int store_checkpoint(store *st);

/* Bytes SQLite wrote for this handle since it was opened: pages written out
 * of the page cache (SQLITE_DBSTATUS_CACHE_WRITE) times the page size, plus
 * the pages copied into the main file by checkpoints. For flash-wear figures. */
uint64_t store_bytes_written(store *st);

/* ---- batches: several writes as one transaction ---- */

/* Every store write between store_batch_begin and store_batch_commit is one
 * transaction: after a crash or a rollback either all of them are there or
 * none (the event recorder adds a record and its report this way). A batch
 * is an SQLite savepoint: it may be opened inside a reading round (it then
 * becomes part of the round's transaction, and a rollback undoes the
 * batch's writes only) or inside another batch; a reading round must not be
 * begun or committed inside a batch. store_batch_commit on failure rolls the
 * batch back. Each returns 0 or a store_errc (STORE_E_IO, STORE_E_ARG for a
 * NULL store). Keep batches short: the database is locked for writing while
 * one is open. */
int store_batch_begin(store *st);
int store_batch_commit(store *st);
int store_batch_rollback(store *st);

/* ---- parameters (AFN04) ---- */

/* One parameter data unit of a set request: Fn, pn and its wire bytes (the
 * bytes are not copied beyond the call). */
typedef struct store_unit {
    uint16_t fn;
    uint16_t pn;
    const uint8_t *data;
    size_t len;
} store_unit;

/* Checks one data unit without storing it: the Fn is an AFN04 parameter of
 * the catalogue and settable (F150 is read-only), the pn kind fits, the bytes
 * decode with the catalogue layout using exactly len bytes, and every field
 * with a range in the standard is inside it. Returns 0 or STORE_E_INVALID
 * with the reason in why[0..whycap) (e.g. "F2 count: 17 outside 0..16"). */
int store_param_check(uint16_t fn, uint16_t pn, const uint8_t *data, size_t len, char *why,
                      size_t whycap);

/* Applies units[0..n) atomically: every unit is checked first; when any is
 * invalid nothing is stored, STORE_E_INVALID is returned and *bad (may be
 * NULL) is the index of the first bad unit. Otherwise all are written in one
 * transaction, each (Fn, pn)'s change counter goes up by one, a change-log
 * entry (time, Fn, pn, master address msa) is added per unit, and the change
 * listener is called once per unit after the commit. List parameters (F10,
 * F11, F13, F14, F15, F33, F34, F38, F39) are merged by their element key
 * (F10 index, F11/F13/F33/F34 port, F14/F15 group, F38/F39 user class). */
int store_param_set_many(store *st, const store_unit *units, size_t n, uint8_t msa, int64_t now,
                         size_t *bad);

/* One unit: store_param_set_many with n = 1. */
int store_param_set(store *st, uint16_t fn, uint16_t pn, const uint8_t *data, size_t len,
                    uint8_t msa, int64_t now);

/* Reads the parameter's bytes (the stored value, else its default) into
 * out[0..cap), the length in *len. For list parameters the whole list in key
 * order (count + elements); F38/F39 give the unit of the lowest stored user
 * class (use store_param_get_key for one). STORE_E_SPACE when cap is too
 * small, STORE_E_INVALID for a Fn that is no parameter. */
int store_param_get(store *st, uint16_t fn, uint16_t pn, uint8_t *out, size_t cap, size_t *len);

/* One element of a list parameter (F10 meter index, F33 port, F38 user major
 * class...), as the element's bytes (for F38/F39 the whole unit of that
 * class). STORE_E_NOTFOUND when that key was never set. */
int store_param_get_key(store *st, uint16_t fn, uint16_t pn, uint32_t key, uint8_t *out, size_t cap,
                        size_t *len);

/* The default bytes of a parameter (what store_param_get gives before any
 * set), for opts (may be NULL). Returns 0 or STORE_E_INVALID / STORE_E_SPACE. */
int store_param_default(const store_opts *opts, uint16_t fn, uint16_t pn, uint8_t *out, size_t cap,
                        size_t *len);

/* How often (Fn, pn) was set since the last reset (0 = default). */
uint32_t store_param_changes(store *st, uint16_t fn, uint16_t pn);

/* Which AFN04 Fn have been set (at any pn) since the last reset: bit (fn - 1)
 * of bits[0..31) (D0 of bits[0] = F1), the layout of AFN0C F3. One query. */
int store_param_set_fns(store *st, uint8_t bits[31]);

/* True when Fn is one of the master-communication parameters that AFN01 F4 keeps. */
bool store_param_is_comm(uint16_t fn);

/* Change log (newest last), for ERC3: up to cap entries with id > after_id. */
typedef struct store_param_change {
    int64_t id;
    int64_t time;
    uint16_t fn;
    uint16_t pn;
    uint8_t msa;
} store_param_change;
int store_param_log(store *st, int64_t after_id, store_param_change *out, size_t cap, size_t *n);

/* Listener called after a committed set, once per unit (fn, pn); NULL removes it. */
typedef void (*store_param_listener)(void *ctx, uint16_t fn, uint16_t pn);
void store_param_listen(store *st, store_param_listener cb, void *ctx);

/* A range rule of the validation table (exposed for tests and docs): field
 * `path` of Fn's decoded unit ("meters.index": every element of the array
 * "meters") must be in lo..hi or in lo2..hi2. */
typedef struct store_range {
    uint16_t fn;
    const char *path;
    int64_t lo, hi;
    int64_t lo2, hi2;
} store_range;
const store_range *store_param_ranges(size_t *n);

/* ---- AFN01 resets (§5.2 Table 13) ---- */

typedef enum store_reset_kind {
    STORE_RESET_HARDWARE = 1,  /* F1: nothing cleared (the daemon restarts); checkpoint */
    STORE_RESET_DATA = 2,      /* F2: data area cleared, parameters kept */
    STORE_RESET_ALL = 3,       /* F3: parameters to defaults and data cleared */
    STORE_RESET_KEEP_COMM = 4, /* F4: as F3 but master-communication parameters kept */
} store_reset_kind;

/* Performs the reset in one transaction. The clock offset survives every
 * kind (it is the clock, not data). Returns 0, STORE_E_ARG for another kind. */
int store_reset(store *st, store_reset_kind kind);

/* ---- clock (AFN05 F31) ---- */

/* Terminal clock = wall clock + offset (seconds); kept across restarts. */
int store_clock_offset_set(store *st, int64_t offset_s);
int64_t store_clock_offset_get(store *st);

/* ---- counters: power-on, resets, traffic (AFN0C F10, AFN0D F49..F54) ---- */

typedef struct store_counters {
    uint32_t power_min; /* power-on minutes */
    uint32_t resets;    /* terminal starts (resets) */
    uint64_t traffic;   /* uplink bytes sent + received */
} store_counters;

/* Counts one terminal start in the day and the month of now. */
int store_count_reset(store *st, int64_t now);
/* Adds power-on minutes to the day and month of now. */
int store_count_power(store *st, int64_t now, uint32_t minutes);
/* Adds uplink traffic bytes to the day and month of now. */
int store_count_traffic(store *st, int64_t now, uint32_t bytes);
/* The counters of the day (date = yyyymmdd) or month (yyyymm); zeros when none. */
int store_counters_day(store *st, uint32_t yyyymmdd, store_counters *out);
int store_counters_month(store *st, uint32_t yyyymm, store_counters *out);

/* ---- events (ERC records, AFN0E) ---- */

enum { STORE_EV_IMPORTANT = 1, STORE_EV_GENERAL = 2 };

/* Stores one ERC record (the bytes from ERC on) of class cls. Its pointer is
 * the class's counter EC before the add; EC then goes up by one mod 256.
 * The class keeps its latest STORE_EVENTS_PER_CLASS records. *ptr may be NULL. */
int store_event_add(store *st, int cls, const uint8_t *rec, size_t len, int64_t now, uint8_t *ptr);
/* The counters EC1 (important) and EC2 (general). */
int store_event_counters(store *st, uint8_t *ec1, uint8_t *ec2);
/* The newest record of class cls whose pointer is ptr. STORE_E_NOTFOUND when none. */
int store_event_get(store *st, int cls, uint8_t ptr, uint8_t *out, size_t cap, size_t *len);
/* Records kept of class cls. */
int store_event_count(store *st, int cls, size_t *n);
/* The class's read pointer (the next EC the master or the reporter has not
 * seen yet); kept across restarts. */
int store_event_read_ptr_get(store *st, int cls, uint8_t *ptr);
int store_event_read_ptr_set(store *st, int cls, uint8_t ptr);

/* ---- outgoing reports (active reporting) ---- */

/* Queues bytes (e.g. a whole frame or a data-unit region) of a caller-defined
 * kind. When STORE_REPORT_QUEUE_MAX are queued the oldest is dropped. */
int store_report_enqueue(store *st, int kind, const uint8_t *data, size_t len, int64_t now,
                         int64_t *id);
/* The oldest queued report. STORE_E_NOTFOUND when the queue is empty. */
int store_report_peek(store *st, int64_t *id, int *kind, uint8_t *out, size_t cap, size_t *len);
/* Removes report id (acknowledged by the master). STORE_E_NOTFOUND when absent. */
int store_report_ack(store *st, int64_t id);
int store_report_count(store *st, size_t *n);

/* ---- meter data ---- */

/* A reading round: every put between begin and commit is one transaction.
 * commit prunes the frozen tables and curves to their bounds relative to now. */
int store_round_begin(store *st);
int store_round_commit(store *st, int64_t now);
int store_round_rollback(store *st);

/* item: a caller-defined data item code (a DL/T 645 DI or a 1376.1 AFN<<16|Fn). */
int store_data_put_current(store *st, uint16_t point, uint32_t item, int64_t ts,
                           const uint8_t *data, size_t len);
int store_data_get_current(store *st, uint16_t point, uint32_t item, int64_t *ts, uint8_t *out,
                           size_t cap, size_t *len);
/* Daily frozen data of day yyyymmdd, monthly of month yyyymm. */
int store_data_put_daily(store *st, uint16_t point, uint32_t item, uint32_t yyyymmdd,
                         const uint8_t *data, size_t len);
int store_data_get_daily(store *st, uint16_t point, uint32_t item, uint32_t yyyymmdd, uint8_t *out,
                         size_t cap, size_t *len);
int store_data_put_monthly(store *st, uint16_t point, uint32_t item, uint32_t yyyymm,
                           const uint8_t *data, size_t len);
int store_data_get_monthly(store *st, uint16_t point, uint32_t item, uint32_t yyyymm, uint8_t *out,
                           size_t cap, size_t *len);
/* A curve point at terminal time ts (seconds). */
int store_data_put_curve(store *st, uint16_t point, uint32_t item, int64_t ts, const uint8_t *data,
                         size_t len);
int store_data_get_curve(store *st, uint16_t point, uint32_t item, int64_t ts, uint8_t *out,
                         size_t cap, size_t *len);

/* Reading-day frozen data (抄表日冻结, AFN0D F9-F12, F169-F176, F189-F192) of
 * day yyyymmdd; pruned to STORE_RDAY_DAYS by store_round_commit. */
int store_data_put_rday(store *st, uint16_t point, uint32_t item, uint32_t yyyymmdd,
                        const uint8_t *data, size_t len);
int store_data_get_rday(store *st, uint16_t point, uint32_t item, uint32_t yyyymmdd, uint8_t *out,
                        size_t cap, size_t *len);

/* ---- meters found by the search (R-C10, AFN0C F13) ---- */

typedef struct store_found {
    uint8_t port;     /* 1376.1 port number (AFN04 F10 D4..D0) */
    uint8_t addr[6];  /* DL/T 645 address, wire order (A0 first) */
    uint8_t protocol; /* AFN04 F10 codes: 1 DL/T 645-1997, 30 DL/T 645-2007 */
    uint32_t baud;    /* bit/s the meter answered at */
    int64_t time;     /* terminal time found (seconds) */
} store_found;

/* Adds or refreshes (same port and address) one found meter. When
 * STORE_FOUND_MAX are kept the oldest is dropped. */
int store_found_put(store *st, const store_found *f);
/* The found meters, oldest first, up to cap; *n the number given. */
int store_found_list(store *st, store_found *out, size_t cap, size_t *n);
/* Forgets every found meter (of port, or all when port is 0). */
int store_found_clear(store *st, uint8_t port);

/* ---- internal state kept across restarts (small integers) ---- */

/* Values of the daemon's own state ("amaint" auto-maintenance state, "meter_sync"
 * AFN05 F30...). Keys are at most 32 characters of [a-z0-9_]. get gives dflt when
 * never set. These are parameters in spirit: AFN01 F3/F4 reset them, F2 keeps them. */
int store_state_get(store *st, const char *key, int64_t *v, int64_t dflt);
int store_state_set(store *st, const char *key, int64_t v);

/* Writes a read-only parameter maintained by the terminal itself (AFN04 F150
 * measurement point status): no range check beyond the length, no change
 * counter, no change log, no listener call. STORE_E_INVALID for another Fn. */
int store_param_put_internal(store *st, uint16_t fn, uint16_t pn, const uint8_t *data, size_t len);

/* Rows of a table ("event", "data_daily"...), for tests and diagnostics; -1 on error. */
long store_table_rows(store *st, const char *table);

/* yyyymmdd and yyyymm of a terminal time. */
uint32_t store_day_of(int64_t t);
uint32_t store_month_of(int64_t t);

#endif
