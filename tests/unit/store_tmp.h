/* Test helper shared by the store, events, mdata and dispatcher tests: a
 * real SQLite store in a fresh /tmp directory, reopened on demand, and
 * removed with its WAL, shared-memory and journal files afterwards.
 * Include after <cmocka.h> (store_tmp_reopen fails the running test). */
#ifndef TESTS_STORE_TMP_H
#define TESTS_STORE_TMP_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cc/store.h"

typedef struct store_tmp {
    char dir[64];  /* /tmp/<prefix>_XXXXXX, made by store_tmp_make */
    char path[96]; /* <dir>/cc.db */
    store *st;     /* the open store, NULL when closed */
} store_tmp;

/* Makes a fresh directory /tmp/<prefix>_XXXXXX and names the database file
 * in it, without opening it. Returns 0, or -1 when the directory cannot be
 * made. */
static inline int store_tmp_make(store_tmp *t, const char *prefix)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/%s_XXXXXX", prefix);
    if (!mkdtemp(t->dir))
        return -1;
    snprintf(t->path, sizeof t->path, "%s/cc.db", t->dir);
    return 0;
}

/* store_tmp_make, then opens the database with opts (NULL: defaults) into
 * t->st. Returns 0, or -1 with the reason on stderr (for a cmocka setup). */
static inline int store_tmp_open(store_tmp *t, const char *prefix, const store_opts *opts)
{
    char err[256];
    if (store_tmp_make(t, prefix) != 0)
        return -1;
    if (store_open(t->path, opts, &t->st, err, sizeof err) != 0) {
        fprintf(stderr, "store_open %s: %s\n", t->path, err);
        return -1;
    }
    return 0;
}

/* Closes t->st and opens the same file again with opts (NULL: defaults);
 * fails the running test when it does not open. */
static inline void store_tmp_reopen(store_tmp *t, const store_opts *opts)
{
    char err[256];
    store_close(t->st);
    t->st = NULL;
    if (store_open(t->path, opts, &t->st, err, sizeof err) != 0)
        fail_msg("store_open %s: %s", t->path, err);
}

/* Closes t->st (when open) and removes the database, its -wal, -shm and
 * -journal files and the directory (nothing when store_tmp_make did not
 * succeed on t, zeroed). t itself stays the caller's. */
static inline void store_tmp_remove(store_tmp *t)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char p[128];
    store_close(t->st);
    t->st = NULL;
    if (!t->path[0])
        return; /* no directory was made */
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        snprintf(p, sizeof p, "%s%s", t->path, suffix[i]);
        unlink(p);
    }
    rmdir(t->dir);
}

/* A cmocka setup for tests whose whole state is a store_tmp: allocates one
 * into *state and opens a fresh store in /tmp/<prefix>_XXXXXX. Returns 0 or
 * -1. Release with store_tmp_teardown. */
static inline int store_tmp_setup(void **state, const char *prefix)
{
    store_tmp *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    if (store_tmp_open(t, prefix, NULL) != 0) {
        store_tmp_remove(t);
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

/* The cmocka teardown matching store_tmp_setup: removes and frees *state. */
static inline int store_tmp_teardown(void **state)
{
    store_tmp_remove(*state);
    free(*state);
    return 0;
}

#endif
