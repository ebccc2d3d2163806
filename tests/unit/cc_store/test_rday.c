/* cc_store reading-day frozen data (schema 3, data_rday): put/get by point,
 * item and day, replace in place, not found / too small buffer, and the
 * STORE_RDAY_DAYS bound applied by store_round_commit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cc/store.h"
#include "../store_tmp.h"
#include "mdc/mtime.h"

typedef store_tmp tdb;

static int setup(void **state)
{
    return store_tmp_setup(state, "cc_rday");
}

static int teardown(void **state)
{
    return store_tmp_teardown(state);
}

static int64_t day_at(unsigned y, unsigned m, unsigned d)
{
    mdc_tm tm = {.year = (uint16_t)y, .mon = (uint8_t)m, .day = (uint8_t)d, .fields = MDC_TM_DATE};
    return mdc_tm_to_epoch(&tm);
}

static void test_put_get(void **state)
{
    tdb *t = *state;
    const uint8_t a[] = {1, 2, 3, 4}, b[] = {9, 8};
    uint8_t out[8];
    size_t n = 99;
    assert_int_equal(store_data_get_rday(t->st, 1, 0x0001FF00u, 20251115, out, sizeof out, &n),
                     STORE_E_NOTFOUND);
    assert_int_equal(n, 0);
    assert_string_equal(store_errmsg(t->st), "no data for point 1 item 0001FF00");
    assert_int_equal(store_data_put_rday(t->st, 1, 0x0001FF00u, 20251115, a, sizeof a), 0);
    assert_int_equal(store_data_put_rday(t->st, 2, 0x0001FF00u, 20251115, b, sizeof b), 0);
    assert_int_equal(store_data_get_rday(t->st, 1, 0x0001FF00u, 20251115, out, sizeof out, &n), 0);
    assert_int_equal(n, 4);
    assert_memory_equal(out, a, 4);
    /* another day, another item: not found; the daily table is separate */
    assert_int_equal(store_data_get_rday(t->st, 1, 0x0001FF00u, 20251114, out, sizeof out, &n),
                     STORE_E_NOTFOUND);
    assert_int_equal(store_data_get_rday(t->st, 1, 0x0002FF00u, 20251115, out, sizeof out, &n),
                     STORE_E_NOTFOUND);
    assert_int_equal(store_data_get_daily(t->st, 1, 0x0001FF00u, 20251115, out, sizeof out, &n),
                     STORE_E_NOTFOUND);
    /* replaced in place */
    assert_int_equal(store_data_put_rday(t->st, 1, 0x0001FF00u, 20251115, b, sizeof b), 0);
    assert_int_equal(store_data_get_rday(t->st, 1, 0x0001FF00u, 20251115, out, sizeof out, &n), 0);
    assert_int_equal(n, 2);
    assert_memory_equal(out, b, 2);
    assert_int_equal(store_table_rows(t->st, "data_rday"), 2);
    /* too small a buffer */
    assert_int_equal(store_data_get_rday(t->st, 1, 0x0001FF00u, 20251115, out, 1, &n),
                     STORE_E_SPACE);
    assert_int_equal(store_data_put_rday(t->st, 1, 1, 20251115, NULL, 3), STORE_E_ARG);
}

/* Rows older than STORE_RDAY_DAYS days are cut at the round commit. */
static void test_bound(void **state)
{
    tdb *t = *state;
    const uint8_t a[] = {1};
    int64_t now = day_at(2025, 12, 31) + 3600;
    assert_int_equal(store_round_begin(t->st), 0);
    for (int i = 0; i < 70; i++) {
        uint32_t d = store_day_of(now - (int64_t)i * 86400);
        assert_int_equal(store_data_put_rday(t->st, 3, 0x0001FF00u, d, a, 1), 0);
    }
    assert_int_equal(store_round_commit(t->st, now), 0);
    assert_int_equal(store_table_rows(t->st, "data_rday"), STORE_RDAY_DAYS);
    uint8_t out[4];
    size_t n;
    uint32_t oldest = store_day_of(now - (int64_t)(STORE_RDAY_DAYS - 1) * 86400);
    uint32_t gone = store_day_of(now - (int64_t)STORE_RDAY_DAYS * 86400);
    assert_int_equal(store_data_get_rday(t->st, 3, 0x0001FF00u, oldest, out, sizeof out, &n), 0);
    assert_int_equal(store_data_get_rday(t->st, 3, 0x0001FF00u, gone, out, sizeof out, &n),
                     STORE_E_NOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_put_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bound, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
