/* cc_store database: a new file gets the current schema in WAL mode, older
 * schemas migrate, newer ones and corrupt files are refused with a message,
 * the clock offset survives a reopen, a checkpoint empties the WAL, the
 * write counter moves, and a writer killed with SIGKILL leaves an intact file. */
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "cc/store.h"
#include "../store_tmp.h"

typedef store_tmp tdb;

/* A fresh directory and database name; each test opens the file itself. */
static int setup(void **state)
{
    tdb *t = calloc(1, sizeof *t);
    if (!t || store_tmp_make(t, "cc_store") != 0) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    return store_tmp_teardown(state);
}

/* Runs SQL on the file with plain SQLite (the test's own view of the file). */
static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

static long long raw_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    long long v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

static void raw_text(const char *path, const char *sql, char *out, size_t cap)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    snprintf(out, cap, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static void test_new_database(void **state)
{
    tdb *t = *state;
    store *st;
    char err[256];
    assert_int_equal(store_open(t->path, NULL, &st, err, sizeof err), 0);
    assert_string_equal(store_errmsg(st), "");
    assert_int_equal(store_table_rows(st, "param"), 0);
    assert_int_equal(store_table_rows(st, "report"), 0);
    assert_int_equal(store_table_rows(st, "no_such_table"), -1);
    assert_non_null(strstr(store_errmsg(st), "no such table"));
    assert_int_equal(store_clock_offset_get(st), 0);
    store_close(st);
    assert_int_equal(raw_int(t->path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    char mode[16];
    raw_text(t->path, "PRAGMA journal_mode", mode, sizeof mode);
    assert_string_equal(mode, "wal");
}

/* Schema version 1 as released (store.c migration step 0), written by hand. */
static const char v1_schema[] =
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
    " ts INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(point, item, ts)) WITHOUT ROWID;"
    /* a heartbeat of 15 min set under version 1, a clock offset and an event */
    "INSERT INTO param VALUES(1, 0, -1, x'00001E30040F');"
    "INSERT INTO param_count VALUES(1, 0, 1);"
    "INSERT INTO kv VALUES('clock_offset', -42);"
    "INSERT INTO kv VALUES('ev_ec1', 1);"
    "INSERT INTO event(class, ptr, time, data) VALUES(1, 0, 5, x'0E0A');"
    "PRAGMA user_version = 1;";

static void test_migrates_v1(void **state)
{
    tdb *t = *state;
    raw_exec(t->path, v1_schema);
    store *st;
    char err[256];
    assert_int_equal(store_open(t->path, NULL, &st, err, sizeof err), 0);
    /* data of version 1 kept */
    uint8_t b[16];
    size_t n;
    assert_int_equal(store_param_get(st, 1, 0, b, sizeof b, &n), 0);
    assert_int_equal(n, 6);
    assert_int_equal(b[5], 15);
    assert_int_equal(store_param_changes(st, 1, 0), 1);
    assert_int_equal(store_clock_offset_get(st), -42);
    assert_int_equal(store_event_get(st, STORE_EV_IMPORTANT, 0, b, sizeof b, &n), 0);
    assert_int_equal(n, 2);
    /* what version 2 added works */
    int64_t id;
    assert_int_equal(store_report_enqueue(st, 1, b, 2, 0, &id), 0);
    /* and what version 3 added */
    store_found f = {.port = 2, .addr = {1, 2, 3, 4, 5, 6}, .protocol = 30, .baud = 2400};
    assert_int_equal(store_found_put(st, &f), 0);
    store_close(st);
    assert_int_equal(raw_int(t->path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    assert_int_equal(raw_int(t->path, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                      "('report', 'event_class_ptr', 'data_rday', 'found_meter')"),
                     4);
}

static void test_newer_version_refused(void **state)
{
    tdb *t = *state;
    raw_exec(t->path, "CREATE TABLE x(a); PRAGMA user_version = 99;");
    store *st = (store *)1;
    char err[256];
    assert_int_equal(store_open(t->path, NULL, &st, err, sizeof err), STORE_E_VERSION);
    assert_null(st);
    assert_non_null(strstr(err, "schema version 99 is newer than this program's 3"));
    assert_non_null(strstr(err, t->path));
    /* the file is untouched */
    assert_int_equal(raw_int(t->path, "PRAGMA user_version"), 99);
}

static void test_garbage_file_refused(void **state)
{
    tdb *t = *state;
    FILE *f = fopen(t->path, "wb");
    assert_non_null(f);
    for (int i = 0; i < 8192; i++)
        fputc((i * 7) & 0xFF, f);
    fclose(f);
    store *st;
    char err[256];
    assert_int_equal(store_open(t->path, NULL, &st, err, sizeof err), STORE_E_IO);
    assert_null(st);
    assert_non_null(strstr(err, "not a database"));
}

static void test_damaged_database_refused(void **state)
{
    tdb *t = *state;
    store *st;
    char err[256];
    assert_int_equal(store_open(t->path, NULL, &st, err, sizeof err), 0);
    uint8_t rec[200];
    memset(rec, 0x5A, sizeof rec);
    for (int i = 0; i < 400; i++)
        assert_int_equal(store_event_add(st, 1 + i % 2, rec, sizeof rec, i, NULL), 0);
    store_close(st); /* checkpointed: everything is in the main file */
    struct stat sb;
    assert_int_equal(stat(t->path, &sb), 0);
    assert_true(sb.st_size > 16 * 4096);
    /* scribble over pages 3.. (b-tree pages of the event table) */
    int fd = open(t->path, O_WRONLY);
    assert_true(fd >= 0);
    uint8_t junk[4096];
    memset(junk, 0xA5, sizeof junk);
    for (off_t pg = 2; pg < sb.st_size / 4096; pg += 2)
        assert_int_equal(pwrite(fd, junk, sizeof junk, pg * 4096), (ssize_t)sizeof junk);
    close(fd);
    assert_int_not_equal(store_open(t->path, NULL, &st, err, sizeof err), 0);
    assert_null(st);
    assert_true(strstr(err, "integrity check failed") || strstr(err, "malformed"));
}

static void test_unreadable_path_refused(void **state)
{
    tdb *t = *state;
    store *st;
    char err[256], p[128];
    snprintf(p, sizeof p, "%s/no/such/dir/cc.db", t->dir);
    assert_int_equal(store_open(p, NULL, &st, err, sizeof err), STORE_E_IO);
    assert_null(st);
    assert_non_null(strstr(err, "unable to open"));
    assert_int_equal(store_open(NULL, NULL, &st, err, sizeof err), STORE_E_ARG);
}

static void test_clock_offset_survives(void **state)
{
    tdb *t = *state;
    store *st;
    char err[256];
    assert_int_equal(store_open(t->path, NULL, &st, err, sizeof err), 0);
    assert_int_equal(store_clock_offset_set(st, -3600 * 24 * 400 - 7), 0);
    store_close(st);
    assert_int_equal(store_open(t->path, NULL, &st, err, sizeof err), 0);
    assert_int_equal(store_clock_offset_get(st), -3600 * 24 * 400 - 7);
    store_close(st);
}

static long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

static void test_checkpoint_and_bytes(void **state)
{
    tdb *t = *state;
    store *st;
    char err[256], wal[128];
    snprintf(wal, sizeof wal, "%s-wal", t->path);
    assert_int_equal(store_open(t->path, NULL, &st, err, sizeof err), 0);
    uint64_t before = store_bytes_written(st);
    uint8_t rec[100] = {1};
    for (int i = 0; i < 50; i++)
        assert_int_equal(store_event_add(st, 2, rec, sizeof rec, i, NULL), 0);
    assert_true(file_size(wal) > 0);
    uint64_t after = store_bytes_written(st);
    assert_true(after >= before + 50 * 4096); /* at least one page per committed event */
    /* a reading round is finished by the power-fail checkpoint */
    assert_int_equal(store_round_begin(st), 0);
    assert_int_equal(store_data_put_current(st, 1, 0x00010000, 5, rec, 4), 0);
    assert_int_equal(store_checkpoint(st), 0);
    assert_int_equal(file_size(wal), 0);
    assert_true(store_bytes_written(st) > after);
    assert_int_equal(store_round_commit(st, 0), STORE_E_ARG); /* the round was closed */
    store_close(st);
    assert_int_equal(raw_int(t->path, "SELECT count(*) FROM data_current"), 1);
}

static void test_crash_leaves_intact_file(void **state)
{
    tdb *t = *state;
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        store *st;
        char err[256];
        if (store_open(t->path, NULL, &st, err, sizeof err))
            _exit(2);
        uint8_t rec[64], f1[6] = {0, 0, 0x1E, 0x30, 0x04, 5};
        memset(rec, 0x33, sizeof rec);
        for (int i = 0;; i++) {
            store_event_add(st, 1 + i % 2, rec, sizeof rec, i, NULL);
            f1[5] = (uint8_t)(1 + i % 200);
            store_param_set(st, 1, 0, f1, 6, 1, i);
            store_round_begin(st);
            for (uint16_t p = 1; p <= 8; p++)
                store_data_put_daily(st, p, 0x00010000, 20260101 + (uint32_t)(i % 28), rec, 40);
            store_round_commit(st, 1767225600);
            if (i == 10) { /* some of everything is committed: tell the parent */
                if (write(ready[1], "r", 1) != 1)
                    _exit(3);
            }
        }
    }
    close(ready[1]);
    struct pollfd pfd = {ready[0], POLLIN, 0};
    if (poll(&pfd, 1, 20000) != 1) {
        kill(pid, SIGKILL);
        fail_msg("the writer did not start");
    }
    close(ready[0]);
    struct timespec ts = {0, 200 * 1000 * 1000}; /* then kill it in mid-write */
    nanosleep(&ts, NULL);
    assert_int_equal(kill(pid, SIGKILL), 0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    store *st;
    char err[256];
    assert_int_equal(store_open(t->path, NULL, &st, err, sizeof err), 0);
    size_t n = 0;
    assert_int_equal(store_event_count(st, 1, &n), 0);
    assert_true(n >= 5);
    store_close(st);
    char res[64];
    raw_text(t->path, "PRAGMA integrity_check", res, sizeof res);
    assert_string_equal(res, "ok");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrates_v1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_version_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage_file_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_database_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_path_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clock_offset_survives, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checkpoint_and_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crash_leaves_intact_file, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
