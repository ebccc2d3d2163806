/* Internal state kept across restarts (AFN05 F30 "meter_sync", F149
 * "amaint"...): small integers in the kv table under the prefix "st_", so
 * they never collide with the clock offset or the event counters. They are
 * parameters in spirit: AFN01 F3/F4 delete them (store_reset in store.c, by
 * the same prefix), F2 keeps them (docs/storage.md). */
#include <stdio.h>
#include <string.h>

#include "store_int.h"

#define STATE_KEY_MAX 32

/* "st_" + key into out; STORE_E_ARG for a key that is empty, too long or
 * has a character outside [a-z0-9_]. */
static int state_key(store *st, const char *key, char out[STATE_KEY_MAX + 4])
{
    size_t n = key ? strnlen(key, STATE_KEY_MAX + 1) : 0;
    if (n == 0 || n > STATE_KEY_MAX)
        return store_failf(st, STORE_E_ARG, "state key must be 1..%d characters", STATE_KEY_MAX);
    for (size_t i = 0; i < n; i++) {
        char c = key[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return store_failf(st, STORE_E_ARG, "state key \"%.32s\": only a-z, 0-9 and _", key);
    }
    snprintf(out, STATE_KEY_MAX + 4, "st_%s", key);
    return 0;
}

int store_state_get(store *st, const char *key, int64_t *v, int64_t dflt)
{
    char k[STATE_KEY_MAX + 4];
    if (!st || !v)
        return STORE_E_ARG;
    *v = dflt;
    int rc = state_key(st, key, k);
    return rc ? rc : store_kv_get(st, k, v, dflt);
}

int store_state_set(store *st, const char *key, int64_t v)
{
    char k[STATE_KEY_MAX + 4];
    if (!st)
        return STORE_E_ARG;
    int rc = state_key(st, key, k);
    return rc ? rc : store_kv_set(st, k, v);
}
