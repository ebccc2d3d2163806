/* The store's database: open, schema migrations, transactions, checkpoints,
 * AFN01 resets and the clock offset. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mdc/mtime.h"
#include "store_int.h"

/* Forward migrations: step[v] takes a database from user_version v to v + 1.
 * Never edit a released step; add a new one (docs/storage.md). */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
    /* 0 -> 1: the base schema */
    "CREATE TABLE kv(key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
    "CREATE TABLE param(fn INTEGER NOT NULL, pn INTEGER NOT NULL, key INTEGER NOT NULL,"
    " data BLOB NOT NULL, PRIMARY KEY(fn, pn, key)) WITHOUT ROWID;"
    "CREATE TABLE param_count(fn INTEGER NOT NULL, pn INTEGER NOT NULL,"
    " changes INTEGER NOT NULL, PRIMARY KEY(fn, pn)) WITHOUT ROWID;"
    "CREATE TABLE param_log(id INTEGER PRIMARY KEY, time INTEGER NOT NULL, fn INTEGER NOT NULL,"
    " pn INTEGER NOT NULL, msa INTEGER NOT NULL);"
    "CREATE TABLE event(id INTEGER PRIMARY KEY, class INTEGER NOT NULL, ptr INTEGER NOT NULL,"
    " time INTEGER NOT NULL, data BLOB NOT NULL);"
    "CREATE TABLE counters(period INTEGER NOT NULL, date INTEGER NOT NULL,"
    " power_min INTEGER NOT NULL DEFAULT 0, resets INTEGER NOT NULL DEFAULT 0,"
    " traffic INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(period, date)) WITHOUT ROWID;"
    "CREATE TABLE data_current(point INTEGER NOT NULL, item INTEGER NOT NULL,"
    " ts INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(point, item)) WITHOUT ROWID;"
    "CREATE TABLE data_daily(point INTEGER NOT NULL, item INTEGER NOT NULL,"
    " day INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(point, item, day)) WITHOUT ROWID;"
    "CREATE TABLE data_monthly(point INTEGER NOT NULL, item INTEGER NOT NULL,"
    " month INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(point, item, month))"
    " WITHOUT ROWID;"
    "CREATE TABLE data_curve(point INTEGER NOT NULL, item INTEGER NOT NULL,"
    " ts INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(point, item, ts)) WITHOUT ROWID;",
    /* 1 -> 2: the outgoing-report queue; events looked up by class and pointer */
    "CREATE TABLE report(id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, time INTEGER NOT NULL,"
    " data BLOB NOT NULL);"
    "CREATE INDEX event_class_ptr ON event(class, ptr, id);"
    "CREATE INDEX data_daily_day ON data_daily(day);"
    "CREATE INDEX data_monthly_month ON data_monthly(month);"
    "CREATE INDEX data_curve_ts ON data_curve(ts);",
    /* 2 -> 3: reading-day frozen data; meters found by the search (AFN0C F13) */
    "CREATE TABLE data_rday(point INTEGER NOT NULL, item INTEGER NOT NULL,"
    " day INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(point, item, day)) WITHOUT ROWID;"
    "CREATE INDEX data_rday_day ON data_rday(day);"
    "CREATE TABLE found_meter(port INTEGER NOT NULL, addr BLOB NOT NULL,"
    " protocol INTEGER NOT NULL, baud INTEGER NOT NULL, time INTEGER NOT NULL,"
    " PRIMARY KEY(port, addr)) WITHOUT ROWID;",
};

/* Data tables: what AFN01 F2 clears. */
static const char *const data_tables[] = {
    "event",        "counters",   "report",    "data_current", "data_daily",
    "data_monthly", "data_curve", "param_log", "data_rday",    "found_meter",
};

/* kv keys that are data (cleared with the data area); the clock offset is not. */
static const char *const data_kv_like = "ev_%";
/* kv keys of the internal state (state.c: "st_" + key), cleared with the
 * parameters by AFN01 F3/F4 and kept by F2 ('_' escaped: a LIKE wildcard). */
static const char *const state_kv_sql = "DELETE FROM kv WHERE key LIKE 'st\\_%' ESCAPE '\\'";

#define WAL_CKPT_PAGES 1000 /* like SQLite's default auto-checkpoint */

int store_failf(store *st, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->err, sizeof st->err, fmt, ap);
    va_end(ap);
    return code;
}

int store_fail(store *st, const char *what)
{
    return store_failf(st, STORE_E_IO, "%s: %s", what, sqlite3_errmsg(st->db));
}

int store_exec(store *st, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = store_failf(st, STORE_E_IO, "%.60s: %s", sql, msg ? msg : "error");
        sqlite3_free(msg);
        return rc;
    }
    return 0;
}

int store_prep(store *st, const char *sql, sqlite3_stmt **s)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK) {
        *s = NULL;
        return store_fail(st, sql);
    }
    return 0;
}

int store_step_done(store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : store_fail(st, what);
}

int store_tx_begin(store *st)
{
    return st->in_round ? 0 : store_exec(st, "BEGIN IMMEDIATE");
}

int store_tx_commit(store *st)
{
    return st->in_round ? 0 : store_exec(st, "COMMIT");
}

void store_tx_rollback(store *st)
{
    if (!st->in_round && !sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Batches are savepoints. While one is open, st->in_round makes the
 * functions' own transactions no-ops (as inside a reading round); the
 * outermost RELEASE commits, which leaves autocommit on again. */
int store_batch_begin(store *st)
{
    if (!st)
        return STORE_E_ARG;
    if (store_exec(st, "SAVEPOINT cc_batch"))
        return STORE_E_IO;
    st->in_round = true;
    return 0;
}

static void batch_end(store *st)
{
    if (sqlite3_get_autocommit(st->db))
        st->in_round = false; /* the batch was the outermost transaction */
}

int store_batch_commit(store *st)
{
    if (!st)
        return STORE_E_ARG;
    if (sqlite3_get_autocommit(st->db)) {
        st->in_round = false;
        return store_failf(st, STORE_E_IO, "batch commit: no transaction open (rolled back)");
    }
    int rc = store_exec(st, "RELEASE cc_batch");
    if (rc) {
        store_batch_rollback(st);
        return rc;
    }
    batch_end(st);
    return 0;
}

int store_batch_rollback(store *st)
{
    if (!st)
        return STORE_E_ARG;
    int rc = 0;
    if (!sqlite3_get_autocommit(st->db)) {
        /* ROLLBACK TO keeps the savepoint open: RELEASE ends it (empty) */
        if (sqlite3_exec(st->db, "ROLLBACK TO cc_batch", NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(st->db, "RELEASE cc_batch", NULL, NULL, NULL) != SQLITE_OK)
            rc = store_fail(st, "batch rollback");
    }
    batch_end(st);
    return rc;
}

int store_kv_get(store *st, const char *key, int64_t *v, int64_t dflt)
{
    sqlite3_stmt *s;
    if (store_prep(st, "SELECT value FROM kv WHERE key = ?", &s))
        return STORE_E_IO;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    *v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : dflt;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, "kv read");
}

int store_kv_set(store *st, const char *key, int64_t v)
{
    sqlite3_stmt *s;
    if (store_prep(st, "INSERT OR REPLACE INTO kv(key, value) VALUES(?, ?)", &s))
        return STORE_E_IO;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, v);
    return store_step_done(st, s, "kv write");
}

/* Checkpoints once the WAL has grown past WAL_CKPT_PAGES, counting the pages copied. */
static int wal_hook(void *ctx, sqlite3 *db, const char *name, int pages)
{
    store *st = ctx;
    if (pages >= WAL_CKPT_PAGES) {
        int nlog = 0, nckpt = 0;
        if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, &nlog, &nckpt) ==
                SQLITE_OK &&
            nckpt > 0) {
            st->ckpt_bytes += (uint64_t)nckpt * st->page_size;
        }
    }
    return SQLITE_OK;
}

static int int_pragma(store *st, const char *sql, int64_t *v)
{
    sqlite3_stmt *s;
    if (store_prep(st, sql, &s))
        return STORE_E_IO;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : store_fail(st, sql);
}

static int migrate(store *st, int64_t from)
{
    if (from == STORE_SCHEMA_VERSION)
        return 0;
    if (store_exec(st, "BEGIN IMMEDIATE"))
        return STORE_E_IO;
    for (int64_t v = from; v < STORE_SCHEMA_VERSION; v++) {
        if (store_exec(st, migrations[v])) {
            char why[sizeof st->err];
            memcpy(why, st->err, sizeof why);
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            return store_failf(st, STORE_E_IO, "migration %lld -> %lld failed: %.200s",
                               (long long)v, (long long)v + 1, why);
        }
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", STORE_SCHEMA_VERSION);
    if (store_exec(st, sql) || store_exec(st, "COMMIT")) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return STORE_E_IO;
    }
    return 0;
}

/* quick_check answers "ok" or one row per problem. */
static int quick_check(store *st)
{
    sqlite3_stmt *s;
    if (store_prep(st, "PRAGMA quick_check(1)", &s))
        return STORE_E_IO;
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(s);
        return store_fail(st, "integrity check");
    }
    const char *r = (const char *)sqlite3_column_text(s, 0);
    bool ok = r && strcmp(r, "ok") == 0;
    if (!ok)
        store_failf(st, STORE_E_IO, "integrity check failed: %.200s", r ? r : "?");
    sqlite3_finalize(s);
    return ok ? 0 : STORE_E_IO;
}

static int open_db(store *st, const char *path)
{
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK)
        return store_failf(st, STORE_E_IO, "cannot open: %s",
                           st->db ? sqlite3_errmsg(st->db) : "out of memory");
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, 2000);
    int64_t ver = 0;
    /* the first read of the file: a non-database fails here */
    if (int_pragma(st, "PRAGMA user_version", &ver))
        return STORE_E_IO;
    if (ver > STORE_SCHEMA_VERSION)
        return store_failf(st, STORE_E_VERSION,
                           "schema version %lld is newer than this program's %d: refusing to "
                           "open (downgrade not supported)",
                           (long long)ver, STORE_SCHEMA_VERSION);
    if (ver < 0)
        return store_failf(st, STORE_E_VERSION, "schema version %lld is not ours", (long long)ver);
    sqlite3_stmt *s;
    if (store_prep(st, "PRAGMA journal_mode = WAL", &s))
        return STORE_E_IO;
    int rc = sqlite3_step(s);
    bool wal = rc == SQLITE_ROW && sqlite3_column_text(s, 0) &&
               strcmp((const char *)sqlite3_column_text(s, 0), "wal") == 0;
    sqlite3_finalize(s);
    if (!wal)
        return rc == SQLITE_ROW ? store_failf(st, STORE_E_IO, "cannot switch to WAL mode")
                                : store_fail(st, "journal_mode");
    if (store_exec(st, st->opts.synchronous_full ? "PRAGMA synchronous = FULL"
                                                 : "PRAGMA synchronous = NORMAL"))
        return STORE_E_IO;
    if (ver > 0 && quick_check(st))
        return STORE_E_IO;
    if (migrate(st, ver))
        return STORE_E_IO;
    int64_t pgsz = 4096;
    int_pragma(st, "PRAGMA page_size", &pgsz);
    st->page_size = pgsz > 0 ? (uint64_t)pgsz : 4096u;
    sqlite3_wal_hook(st->db, wal_hook, st);
    return 0;
}

int store_open(const char *path, const store_opts *opts, store **out, char *err, size_t errcap)
{
    *out = NULL;
    store *st = sqlite3_malloc(sizeof *st);
    if (!st) {
        snprintf(err, errcap, "store: out of memory");
        return STORE_E_IO;
    }
    memset(st, 0, sizeof *st);
    if (opts)
        st->opts = *opts;
    if (st->opts.apn) {
        snprintf(st->apn, sizeof st->apn, "%s", st->opts.apn);
        st->opts.apn = st->apn;
    }
    int rc = path ? open_db(st, path) : store_failf(st, STORE_E_ARG, "no path");
    if (rc) {
        snprintf(err, errcap, "store %s: %s", path ? path : "(null)", st->err);
        sqlite3_close(st->db);
        sqlite3_free(st);
        return rc;
    }
    *out = st;
    return 0;
}

void store_close(store *st)
{
    if (!st)
        return;
    store_checkpoint(st);
    sqlite3_close(st->db);
    sqlite3_free(st);
}

const char *store_errmsg(const store *st)
{
    return st ? st->err : "no store";
}

int store_checkpoint(store *st)
{
    if (!sqlite3_get_autocommit(st->db)) {
        st->in_round = false;
        if (store_exec(st, "COMMIT"))
            return STORE_E_IO;
    }
    int nlog = 0, nckpt = 0;
    if (sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &nlog, &nckpt) !=
        SQLITE_OK)
        return store_fail(st, "checkpoint");
    if (nckpt > 0)
        st->ckpt_bytes += (uint64_t)nckpt * st->page_size;
    return 0;
}

uint64_t store_bytes_written(store *st)
{
    int cur = 0, hi = 0;
    sqlite3_db_status(st->db, SQLITE_DBSTATUS_CACHE_WRITE, &cur, &hi, 0);
    return (uint64_t)(cur > 0 ? cur : 0) * st->page_size + st->ckpt_bytes;
}

int store_clear_data(store *st)
{
    char sql[64];
    for (size_t i = 0; i < sizeof data_tables / sizeof data_tables[0]; i++) {
        snprintf(sql, sizeof sql, "DELETE FROM %s", data_tables[i]);
        if (store_exec(st, sql))
            return STORE_E_IO;
    }
    sqlite3_stmt *s;
    if (store_prep(st, "DELETE FROM kv WHERE key LIKE ?", &s))
        return STORE_E_IO;
    sqlite3_bind_text(s, 1, data_kv_like, -1, SQLITE_STATIC);
    return store_step_done(st, s, "clear kv");
}

/* Deletes every stored parameter, or only those that are not communication ones. */
static int clear_params(store *st, bool keep_comm)
{
    sqlite3_stmt *s[2];
    if (store_prep(st, "DELETE FROM param WHERE fn = ?", &s[0]))
        return STORE_E_IO;
    if (store_prep(st, "DELETE FROM param_count WHERE fn = ?", &s[1])) {
        sqlite3_finalize(s[0]);
        return STORE_E_IO;
    }
    int rc = 0;
    for (int fn = 1; fn <= 248 && !rc; fn++) {
        if (keep_comm && store_param_is_comm((uint16_t)fn))
            continue;
        for (int k = 0; k < 2 && !rc; k++) {
            sqlite3_bind_int(s[k], 1, fn);
            if (sqlite3_step(s[k]) != SQLITE_DONE)
                rc = store_fail(st, "clear parameters");
            sqlite3_reset(s[k]);
        }
    }
    sqlite3_finalize(s[0]);
    sqlite3_finalize(s[1]);
    return rc;
}

int store_reset(store *st, store_reset_kind kind)
{
    if (kind < STORE_RESET_HARDWARE || kind > STORE_RESET_KEEP_COMM)
        return store_failf(st, STORE_E_ARG, "AFN01 F%d is no reset", (int)kind);
    if (kind == STORE_RESET_HARDWARE)
        return store_checkpoint(st);
    if (st->in_round)
        return store_failf(st, STORE_E_ARG, "reset inside a reading round");
    if (store_tx_begin(st))
        return STORE_E_IO;
    int rc = store_clear_data(st);
    if (!rc && kind != STORE_RESET_DATA)
        rc = clear_params(st, kind == STORE_RESET_KEEP_COMM);
    if (!rc && kind != STORE_RESET_DATA)
        rc = store_exec(st, state_kv_sql);
    if (rc || store_tx_commit(st)) {
        store_tx_rollback(st);
        return STORE_E_IO;
    }
    return store_checkpoint(st);
}

int store_clock_offset_set(store *st, int64_t offset_s)
{
    return store_kv_set(st, "clock_offset", offset_s);
}

int64_t store_clock_offset_get(store *st)
{
    int64_t v = 0;
    store_kv_get(st, "clock_offset", &v, 0);
    return v;
}

long store_table_rows(store *st, const char *table)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%.64s\"", table);
    int64_t v = 0;
    return int_pragma(st, sql, &v) ? -1 : (long)v;
}

uint32_t store_day_of(int64_t t)
{
    mdc_tm tm;
    mdc_tm_from_epoch(t, &tm);
    return (uint32_t)tm.year * 10000u + (uint32_t)tm.mon * 100u + tm.day;
}

uint32_t store_month_of(int64_t t)
{
    return store_day_of(t) / 100u;
}
