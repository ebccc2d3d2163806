/* Shared by the cc_events tests: the event recorder over a real store in a
 * fresh /tmp directory (tests/unit/store_tmp.h), reopened as after a
 * restart, and item or record bytes written out in hex.
 * Include after <cmocka.h>. */
#ifndef CC_EV_HARNESS_H
#define CC_EV_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "../store_tmp.h"
#include "cc/events.h"
#include "mdc/hex.h"

/* Opens a fresh store in /tmp/<prefix>_XXXXXX into db and the recorder ev
 * over it. Returns 0, or -1 with the reason on stderr (for a cmocka setup). */
static inline int ev_open(store_tmp *db, cc_events *ev, const char *prefix)
{
    if (store_tmp_open(db, prefix, NULL) != 0)
        return -1;
    cc_events_init(ev, db->st);
    return 0;
}

/* A restart: closes and reopens the store and starts ev over it again;
 * fails the running test when the store does not open. */
static inline void ev_reopen(store_tmp *db, cc_events *ev)
{
    store_tmp_reopen(db, NULL);
    cc_events_init(ev, db->st);
}

/* The bytes of hex string h (spaces allowed) into out[0..cap); asserts that
 * there is at least one. Returns their count. */
static inline size_t ev_hex(const char *h, uint8_t *out, size_t cap)
{
    size_t bad = 0;
    long n = mdc_hex_parse(h, out, cap, &bad);
    assert_true(n > 0);
    return (size_t)n;
}

#endif
