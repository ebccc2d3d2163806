/* Meter data (current, daily, reading-day and monthly frozen, curves) with the reading
 * round transaction, and the day/month counters (power-on time, resets,
 * traffic). Bounds are applied relative to the terminal time passed in. */
#include <stdio.h>
#include <string.h>

#include "mdc/mtime.h"
#include "store_int.h"

enum { PERIOD_DAY = 0, PERIOD_MONTH = 1 };

/* The oldest day and month kept at terminal time now. */
static uint32_t first_day_kept(int64_t now)
{
    return store_day_of(now - (int64_t)(STORE_DAILY_DAYS - 1) * 86400);
}

/* The oldest reading day kept: days, not reading days (a reading day is
 * any day of the month the port's F33 names, so 62 days keep at least the
 * reading days of the last two months). */
static uint32_t first_rday_kept(int64_t now)
{
    return store_day_of(now - (int64_t)(STORE_RDAY_DAYS - 1) * 86400);
}

static uint32_t first_month_kept(int64_t now)
{
    uint32_t m = store_month_of(now);
    int32_t idx = (int32_t)(m / 100u) * 12 + (int32_t)(m % 100u) - 1 - (STORE_MONTHLY_MONTHS - 1);
    return (uint32_t)(idx / 12) * 100u + (uint32_t)(idx % 12) + 1u;
}

int store_round_begin(store *st)
{
    if (st->in_round)
        return store_failf(st, STORE_E_ARG, "a reading round is already open");
    if (store_exec(st, "BEGIN IMMEDIATE"))
        return STORE_E_IO;
    st->in_round = true;
    return 0;
}

static int prune_before(store *st, const char *sql, int64_t cut)
{
    sqlite3_stmt *s;
    if (store_prep(st, sql, &s))
        return STORE_E_IO;
    sqlite3_bind_int64(s, 1, cut);
    return store_step_done(st, s, sql);
}

/* Cuts the frozen tables and curves to their bounds. */
static int prune_data(store *st, int64_t now)
{
    if (prune_before(st, "DELETE FROM data_daily WHERE day < ?", first_day_kept(now)) ||
        prune_before(st, "DELETE FROM data_rday WHERE day < ?", first_rday_kept(now)) ||
        prune_before(st, "DELETE FROM data_monthly WHERE month < ?", first_month_kept(now)) ||
        prune_before(st, "DELETE FROM data_curve WHERE ts <= ?",
                     now - (int64_t)STORE_CURVE_DAYS * 86400))
        return STORE_E_IO;
    return 0;
}

int store_round_commit(store *st, int64_t now)
{
    if (!st->in_round)
        return store_failf(st, STORE_E_ARG, "no reading round open");
    int rc = prune_data(st, now);
    st->in_round = false;
    if (rc || store_exec(st, "COMMIT")) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return rc ? rc : STORE_E_IO;
    }
    return 0;
}

int store_round_rollback(store *st)
{
    if (!st->in_round)
        return store_failf(st, STORE_E_ARG, "no reading round open");
    st->in_round = false;
    return store_exec(st, "ROLLBACK");
}

/* INSERT OR REPLACE INTO table(point, item, <col>, data): sql has 4 parameters. */
static int put4(store *st, const char *sql, uint16_t point, uint32_t item, int64_t k,
                const uint8_t *data, size_t len)
{
    if (!data && len)
        return store_failf(st, STORE_E_ARG, "no data");
    sqlite3_stmt *s;
    if (store_prep(st, sql, &s))
        return STORE_E_IO;
    sqlite3_bind_int(s, 1, point);
    sqlite3_bind_int64(s, 2, item);
    sqlite3_bind_int64(s, 3, k);
    sqlite3_bind_blob(s, 4, data ? (const void *)data : "", (int)len, SQLITE_STATIC);
    return store_step_done(st, s, "data write");
}

/* SELECT data (and column 1 into *k2 when given) with 3 key parameters. */
static int get3(store *st, const char *sql, uint16_t point, uint32_t item, int64_t k, int64_t *k2,
                uint8_t *out, size_t cap, size_t *len)
{
    sqlite3_stmt *s;
    if (store_prep(st, sql, &s))
        return STORE_E_IO;
    sqlite3_bind_int(s, 1, point);
    sqlite3_bind_int64(s, 2, item);
    sqlite3_bind_int64(s, 3, k);
    int sr = sqlite3_step(s), rc = 0;
    *len = 0;
    if (sr == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(s, 0);
        if (k2)
            *k2 = sqlite3_column_int64(s, 1);
        if (n > cap)
            rc = store_failf(st, STORE_E_SPACE, "data of point %u: %zu bytes", point, n);
        else {
            if (n)
                memcpy(out, sqlite3_column_blob(s, 0), n);
            *len = n;
        }
    } else {
        rc = sr == SQLITE_DONE ? store_failf(st, STORE_E_NOTFOUND, "no data for point %u item %08X",
                                             point, (unsigned)item)
                               : store_fail(st, "data read");
    }
    sqlite3_finalize(s);
    return rc;
}

int store_data_put_current(store *st, uint16_t point, uint32_t item, int64_t ts,
                           const uint8_t *data, size_t len)
{
    return put4(st, "INSERT OR REPLACE INTO data_current(point, item, ts, data) VALUES(?,?,?,?)",
                point, item, ts, data, len);
}

int store_data_get_current(store *st, uint16_t point, uint32_t item, int64_t *ts, uint8_t *out,
                           size_t cap, size_t *len)
{
    return get3(st, "SELECT data, ts FROM data_current WHERE point = ? AND item = ? AND ? = 0",
                point, item, 0, ts, out, cap, len);
}

int store_data_put_daily(store *st, uint16_t point, uint32_t item, uint32_t yyyymmdd,
                         const uint8_t *data, size_t len)
{
    return put4(st, "INSERT OR REPLACE INTO data_daily(point, item, day, data) VALUES(?,?,?,?)",
                point, item, yyyymmdd, data, len);
}

int store_data_get_daily(store *st, uint16_t point, uint32_t item, uint32_t yyyymmdd, uint8_t *out,
                         size_t cap, size_t *len)
{
    return get3(st, "SELECT data FROM data_daily WHERE point = ? AND item = ? AND day = ?", point,
                item, yyyymmdd, NULL, out, cap, len);
}

int store_data_put_monthly(store *st, uint16_t point, uint32_t item, uint32_t yyyymm,
                           const uint8_t *data, size_t len)
{
    return put4(st, "INSERT OR REPLACE INTO data_monthly(point, item, month, data) VALUES(?,?,?,?)",
                point, item, yyyymm, data, len);
}

int store_data_get_monthly(store *st, uint16_t point, uint32_t item, uint32_t yyyymm, uint8_t *out,
                           size_t cap, size_t *len)
{
    return get3(st, "SELECT data FROM data_monthly WHERE point = ? AND item = ? AND month = ?",
                point, item, yyyymm, NULL, out, cap, len);
}

int store_data_put_curve(store *st, uint16_t point, uint32_t item, int64_t ts, const uint8_t *data,
                         size_t len)
{
    return put4(st, "INSERT OR REPLACE INTO data_curve(point, item, ts, data) VALUES(?,?,?,?)",
                point, item, ts, data, len);
}

int store_data_get_curve(store *st, uint16_t point, uint32_t item, int64_t ts, uint8_t *out,
                         size_t cap, size_t *len)
{
    return get3(st, "SELECT data FROM data_curve WHERE point = ? AND item = ? AND ts = ?", point,
                item, ts, NULL, out, cap, len);
}

int store_data_put_rday(store *st, uint16_t point, uint32_t item, uint32_t yyyymmdd,
                        const uint8_t *data, size_t len)
{
    return put4(st, "INSERT OR REPLACE INTO data_rday(point, item, day, data) VALUES(?,?,?,?)",
                point, item, yyyymmdd, data, len);
}

int store_data_get_rday(store *st, uint16_t point, uint32_t item, uint32_t yyyymmdd, uint8_t *out,
                        size_t cap, size_t *len)
{
    return get3(st, "SELECT data FROM data_rday WHERE point = ? AND item = ? AND day = ?", point,
                item, yyyymmdd, NULL, out, cap, len);
}

/* ---- counters ---- */

/* Adds to one column of the day and month rows of now, then drops rows past the bounds. */
static int count_add(store *st, const char *col, int64_t now, int64_t add)
{
    char sql[200];
    snprintf(sql, sizeof sql,
             "INSERT INTO counters(period, date, %s) VALUES(?1, ?2, ?3) "
             "ON CONFLICT(period, date) DO UPDATE SET %s = %s + ?3",
             col, col, col);
    if (store_tx_begin(st))
        return STORE_E_IO;
    int rc = 0;
    const int64_t keys[2][2] = {{PERIOD_DAY, store_day_of(now)},
                                {PERIOD_MONTH, store_month_of(now)}};
    for (int i = 0; i < 2 && !rc; i++) {
        sqlite3_stmt *s;
        rc = store_prep(st, sql, &s);
        if (rc)
            break;
        sqlite3_bind_int64(s, 1, keys[i][0]);
        sqlite3_bind_int64(s, 2, keys[i][1]);
        sqlite3_bind_int64(s, 3, add);
        rc = store_step_done(st, s, "counter write");
    }
    if (!rc)
        rc = prune_before(st, "DELETE FROM counters WHERE period = 0 AND date < ?",
                          first_day_kept(now));
    if (!rc)
        rc = prune_before(st, "DELETE FROM counters WHERE period = 1 AND date < ?",
                          first_month_kept(now));
    if (rc || store_tx_commit(st)) {
        store_tx_rollback(st);
        return rc ? rc : STORE_E_IO;
    }
    return 0;
}

int store_count_reset(store *st, int64_t now)
{
    return count_add(st, "resets", now, 1);
}

int store_count_power(store *st, int64_t now, uint32_t minutes)
{
    return count_add(st, "power_min", now, minutes);
}

int store_count_traffic(store *st, int64_t now, uint32_t bytes)
{
    return count_add(st, "traffic", now, bytes);
}

static int counters_get(store *st, int period, uint32_t date, store_counters *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s;
    if (store_prep(st,
                   "SELECT power_min, resets, traffic FROM counters WHERE period = ? AND date = ?",
                   &s))
        return STORE_E_IO;
    sqlite3_bind_int(s, 1, period);
    sqlite3_bind_int64(s, 2, date);
    int sr = sqlite3_step(s);
    if (sr == SQLITE_ROW) {
        out->power_min = (uint32_t)sqlite3_column_int64(s, 0);
        out->resets = (uint32_t)sqlite3_column_int64(s, 1);
        out->traffic = (uint64_t)sqlite3_column_int64(s, 2);
    }
    sqlite3_finalize(s);
    return sr == SQLITE_ROW || sr == SQLITE_DONE ? 0 : store_fail(st, "counter read");
}

int store_counters_day(store *st, uint32_t yyyymmdd, store_counters *out)
{
    return counters_get(st, PERIOD_DAY, yyyymmdd, out);
}

int store_counters_month(store *st, uint32_t yyyymm, store_counters *out)
{
    return counters_get(st, PERIOD_MONTH, yyyymm, out);
}
