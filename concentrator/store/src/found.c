/* Meters found by the bus search (R-C10, AFN0C F13): table found_meter, one
 * row per (port, address), at most STORE_FOUND_MAX rows (the oldest by time
 * found dropped). Data, not parameters: AFN01 F2/F3/F4 clear it. */
#include <string.h>

#include "store_int.h"

int store_found_put(store *st, const store_found *f)
{
    if (!st || !f)
        return STORE_E_ARG;
    if (f->port < 1 || f->port > 31)
        return store_failf(st, STORE_E_ARG, "found meter: port %u outside 1..31", f->port);
    if (store_tx_begin(st))
        return STORE_E_IO;
    sqlite3_stmt *s;
    int rc = store_prep(st,
                        "INSERT INTO found_meter(port, addr, protocol, baud, time) "
                        "VALUES(?, ?, ?, ?, ?) ON CONFLICT(port, addr) DO UPDATE SET "
                        "protocol = excluded.protocol, baud = excluded.baud, time = excluded.time",
                        &s);
    if (!rc) {
        sqlite3_bind_int(s, 1, f->port);
        sqlite3_bind_blob(s, 2, f->addr, 6, SQLITE_STATIC);
        sqlite3_bind_int(s, 3, f->protocol);
        sqlite3_bind_int64(s, 4, f->baud);
        sqlite3_bind_int64(s, 5, f->time);
        rc = store_step_done(st, s, "found meter write");
    }
    /* the bound: drop the oldest beyond STORE_FOUND_MAX */
    if (!rc && !(rc = store_prep(st,
                                 "DELETE FROM found_meter WHERE (port, addr) IN (SELECT port, addr "
                                 "FROM found_meter ORDER BY time DESC, port DESC, addr DESC "
                                 "LIMIT -1 OFFSET ?)",
                                 &s))) {
        sqlite3_bind_int(s, 1, STORE_FOUND_MAX);
        rc = store_step_done(st, s, "found meter prune");
    }
    if (!rc)
        rc = store_tx_commit(st);
    if (rc)
        store_tx_rollback(st);
    return rc;
}

int store_found_list(store *st, store_found *out, size_t cap, size_t *n)
{
    if (!st || !n || (!out && cap))
        return STORE_E_ARG;
    *n = 0;
    sqlite3_stmt *s;
    if (store_prep(st,
                   "SELECT port, addr, protocol, baud, time FROM found_meter "
                   "ORDER BY time, port, addr LIMIT ?",
                   &s))
        return STORE_E_IO;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)cap);
    int sr;
    while ((sr = sqlite3_step(s)) == SQLITE_ROW) {
        store_found *f = &out[(*n)++];
        memset(f, 0, sizeof *f);
        f->port = (uint8_t)sqlite3_column_int(s, 0);
        size_t len = (size_t)sqlite3_column_bytes(s, 1);
        if (len > sizeof f->addr)
            len = sizeof f->addr;
        if (len)
            memcpy(f->addr, sqlite3_column_blob(s, 1), len);
        f->protocol = (uint8_t)sqlite3_column_int(s, 2);
        f->baud = (uint32_t)sqlite3_column_int64(s, 3);
        f->time = sqlite3_column_int64(s, 4);
    }
    sqlite3_finalize(s);
    return sr == SQLITE_DONE ? 0 : store_fail(st, "found meter read");
}

int store_found_clear(store *st, uint8_t port)
{
    if (!st)
        return STORE_E_ARG;
    sqlite3_stmt *s;
    if (store_prep(st, port ? "DELETE FROM found_meter WHERE port = ?" : "DELETE FROM found_meter",
                   &s))
        return STORE_E_IO;
    if (port)
        sqlite3_bind_int(s, 1, port);
    return store_step_done(st, s, "found meter clear");
}
