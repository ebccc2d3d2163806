/* Internals shared by the store's source files (not installed). */
#ifndef CC_STORE_INT_H
#define CC_STORE_INT_H

#include <sqlite3.h>

#include "cc/store.h"

struct store {
    sqlite3 *db;
    store_opts opts;
    char apn[17];
    char err[256];
    bool in_round;                 /* a reading round's transaction is open */
    store_param_listener listener; /* parameter change listener */
    void *listener_ctx;
    uint64_t ckpt_bytes; /* bytes copied into the main file by checkpoints */
    uint64_t page_size;
};

/* Sets st->err from the connection's error and returns STORE_E_IO. */
int store_fail(store *st, const char *what);
/* Sets st->err to a formatted reason and returns code. */
int store_failf(store *st, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Runs SQL without results. */
int store_exec(store *st, const char *sql);
/* Prepares sql (STORE_E_IO on failure). */
int store_prep(store *st, const char *sql, sqlite3_stmt **s);
/* Steps s to completion (SQLITE_DONE), finalizes it. */
int store_step_done(store *st, sqlite3_stmt *s, const char *what);
/* Transactions that nest inside a reading round (a no-op begin/commit then). */
int store_tx_begin(store *st);
int store_tx_commit(store *st);
void store_tx_rollback(store *st);
/* Key-value integers of table kv. */
int store_kv_get(store *st, const char *key, int64_t *v, int64_t dflt);
int store_kv_set(store *st, const char *key, int64_t v);
/* Deletes every data row (AFN01 F2): events, counters, reports, meter data. */
int store_clear_data(store *st);

/* Parameter tables (param_tables.c). */
typedef struct store_list_fn {
    uint16_t fn;
    const char *key; /* member of each element giving its key; NULL: the whole unit, key = byte 0 */
} store_list_fn;
const store_list_fn *store_param_list_fn(uint16_t fn);
bool store_param_read_only(uint16_t fn);
/* The default bytes of (fn, pn) into out (cap >= STORE_PARAM_MAX). */
int store_param_default_bytes(const store_opts *o, uint16_t fn, uint16_t pn, uint8_t *out,
                              size_t cap, size_t *len);

#endif
