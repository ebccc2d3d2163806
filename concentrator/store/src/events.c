/* Events (ERC records with their class counters EC1/EC2 and read pointers)
 * and the durable queue of outgoing reports. */
#include <stdio.h>
#include <string.h>

#include "store_int.h"

/* kv keys (the "ev_" prefix marks them as data: AFN01 F2 clears them). */
static const char *const ec_key[3] = {NULL, "ev_ec1", "ev_ec2"};
static const char *const rp_key[3] = {NULL, "ev_read1", "ev_read2"};

static int bad_class(store *st, int cls)
{
    return store_failf(st, STORE_E_ARG, "event class %d (1 important, 2 general)", cls);
}

int store_event_add(store *st, int cls, const uint8_t *rec, size_t len, int64_t now, uint8_t *ptr)
{
    if (cls != STORE_EV_IMPORTANT && cls != STORE_EV_GENERAL)
        return bad_class(st, cls);
    if (!rec || !len)
        return store_failf(st, STORE_E_ARG, "empty event record");
    if (store_tx_begin(st))
        return STORE_E_IO;
    int64_t ec = 0;
    int rc = store_kv_get(st, ec_key[cls], &ec, 0);
    sqlite3_stmt *s = NULL;
    if (!rc)
        rc = store_prep(st, "INSERT INTO event(class, ptr, time, data) VALUES(?, ?, ?, ?)", &s);
    if (!rc) {
        sqlite3_bind_int(s, 1, cls);
        sqlite3_bind_int64(s, 2, ec);
        sqlite3_bind_int64(s, 3, now);
        sqlite3_bind_blob(s, 4, rec, (int)len, SQLITE_STATIC);
        rc = store_step_done(st, s, "event write");
    }
    if (!rc)
        rc = store_kv_set(st, ec_key[cls], (ec + 1) % 256);
    /* ring: keep the latest STORE_EVENTS_PER_CLASS of the class */
    if (!rc)
        rc = store_prep(st,
                        "DELETE FROM event WHERE class = ?1 AND id <= (SELECT id FROM event "
                        "WHERE class = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)",
                        &s);
    if (!rc) {
        sqlite3_bind_int(s, 1, cls);
        sqlite3_bind_int(s, 2, STORE_EVENTS_PER_CLASS);
        rc = store_step_done(st, s, "event prune");
    }
    if (rc || store_tx_commit(st)) {
        store_tx_rollback(st);
        return rc ? rc : STORE_E_IO;
    }
    if (ptr)
        *ptr = (uint8_t)ec;
    return 0;
}

int store_event_counters(store *st, uint8_t *ec1, uint8_t *ec2)
{
    int64_t a = 0, b = 0;
    if (store_kv_get(st, ec_key[1], &a, 0) || store_kv_get(st, ec_key[2], &b, 0))
        return STORE_E_IO;
    *ec1 = (uint8_t)a;
    *ec2 = (uint8_t)b;
    return 0;
}

int store_event_get(store *st, int cls, uint8_t ptr, uint8_t *out, size_t cap, size_t *len)
{
    if (cls != STORE_EV_IMPORTANT && cls != STORE_EV_GENERAL)
        return bad_class(st, cls);
    sqlite3_stmt *s;
    if (store_prep(
            st, "SELECT data FROM event WHERE class = ? AND ptr = ? ORDER BY id DESC LIMIT 1", &s))
        return STORE_E_IO;
    sqlite3_bind_int(s, 1, cls);
    sqlite3_bind_int(s, 2, ptr);
    int sr = sqlite3_step(s), rc = 0;
    *len = 0;
    if (sr == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(s, 0);
        if (n > cap)
            rc = store_failf(st, STORE_E_SPACE, "event %u: %zu bytes", ptr, n);
        else {
            memcpy(out, sqlite3_column_blob(s, 0), n);
            *len = n;
        }
    } else {
        rc = sr == SQLITE_DONE ? store_failf(st, STORE_E_NOTFOUND, "no event at pointer %u", ptr)
                               : store_fail(st, "event read");
    }
    sqlite3_finalize(s);
    return rc;
}

int store_event_count(store *st, int cls, size_t *n)
{
    if (cls != STORE_EV_IMPORTANT && cls != STORE_EV_GENERAL)
        return bad_class(st, cls);
    sqlite3_stmt *s;
    if (store_prep(st, "SELECT count(*) FROM event WHERE class = ?", &s))
        return STORE_E_IO;
    sqlite3_bind_int(s, 1, cls);
    int sr = sqlite3_step(s);
    *n = sr == SQLITE_ROW ? (size_t)sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return sr == SQLITE_ROW ? 0 : store_fail(st, "event count");
}

int store_event_read_ptr_get(store *st, int cls, uint8_t *ptr)
{
    if (cls != STORE_EV_IMPORTANT && cls != STORE_EV_GENERAL)
        return bad_class(st, cls);
    int64_t v = 0;
    if (store_kv_get(st, rp_key[cls], &v, 0))
        return STORE_E_IO;
    *ptr = (uint8_t)v;
    return 0;
}

int store_event_read_ptr_set(store *st, int cls, uint8_t ptr)
{
    if (cls != STORE_EV_IMPORTANT && cls != STORE_EV_GENERAL)
        return bad_class(st, cls);
    return store_kv_set(st, rp_key[cls], ptr);
}

/* ---- outgoing reports ---- */

int store_report_enqueue(store *st, int kind, const uint8_t *data, size_t len, int64_t now,
                         int64_t *id)
{
    if (!data && len)
        return store_failf(st, STORE_E_ARG, "no report data");
    if (store_tx_begin(st))
        return STORE_E_IO;
    sqlite3_stmt *s;
    int rc = store_prep(st, "INSERT INTO report(kind, time, data) VALUES(?, ?, ?)", &s);
    if (!rc) {
        sqlite3_bind_int(s, 1, kind);
        sqlite3_bind_int64(s, 2, now);
        sqlite3_bind_blob(s, 3, data ? (const void *)data : "", (int)len, SQLITE_STATIC);
        rc = store_step_done(st, s, "report write");
    }
    int64_t rowid = sqlite3_last_insert_rowid(st->db);
    if (!rc)
        rc = store_prep(st,
                        "DELETE FROM report WHERE id <= (SELECT id FROM report ORDER BY id DESC "
                        "LIMIT 1 OFFSET ?)",
                        &s);
    if (!rc) {
        sqlite3_bind_int(s, 1, STORE_REPORT_QUEUE_MAX);
        rc = store_step_done(st, s, "report prune");
    }
    if (rc || store_tx_commit(st)) {
        store_tx_rollback(st);
        return rc ? rc : STORE_E_IO;
    }
    if (id)
        *id = rowid;
    return 0;
}

int store_report_peek(store *st, int64_t *id, int *kind, uint8_t *out, size_t cap, size_t *len)
{
    sqlite3_stmt *s;
    if (store_prep(st, "SELECT id, kind, data FROM report ORDER BY id LIMIT 1", &s))
        return STORE_E_IO;
    int sr = sqlite3_step(s), rc = 0;
    *len = 0;
    if (sr == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(s, 2);
        *id = sqlite3_column_int64(s, 0);
        if (kind)
            *kind = sqlite3_column_int(s, 1);
        if (n > cap)
            rc = store_failf(st, STORE_E_SPACE, "report %lld: %zu bytes", (long long)*id, n);
        else {
            if (n)
                memcpy(out, sqlite3_column_blob(s, 2), n);
            *len = n;
        }
    } else {
        rc = sr == SQLITE_DONE ? store_failf(st, STORE_E_NOTFOUND, "report queue empty")
                               : store_fail(st, "report read");
    }
    sqlite3_finalize(s);
    return rc;
}

int store_report_ack(store *st, int64_t id)
{
    sqlite3_stmt *s;
    if (store_prep(st, "DELETE FROM report WHERE id = ?", &s))
        return STORE_E_IO;
    sqlite3_bind_int64(s, 1, id);
    if (store_step_done(st, s, "report ack"))
        return STORE_E_IO;
    return sqlite3_changes(st->db) == 1
               ? 0
               : store_failf(st, STORE_E_NOTFOUND, "no report %lld", (long long)id);
}

int store_report_count(store *st, size_t *n)
{
    long r = store_table_rows(st, "report");
    if (r < 0)
        return STORE_E_IO;
    *n = (size_t)r;
    return 0;
}
