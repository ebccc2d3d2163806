/* Shared by the cc_mdata tests: a real store in a temp directory, the
 * measurement-point parameters (AFN04 F10, F25, F33) written as wire bytes,
 * DL/T 645-2007 item bytes (BCD, low byte first, as the meter sends them
 * once 33H is removed), and the answer unit encoded with the catalogue. */
#ifndef MD_HARNESS_H
#define MD_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cc/mdata.h"
#include "dlt645/di.h"
#include "gdw13761/catalog.h"
#include "mdc/bcd.h"
#include "mdc/mtime.h"

#include "../store_tmp.h"

typedef struct tdb {
    store_tmp db; /* the store and its temp directory */
    store *st;    /* db.st, the name the tests use */
    uint8_t abuf[65536];
    mdc_arena a;
} tdb;

static inline int md_setup(void **state)
{
    tdb *t = calloc(1, sizeof *t);
    if (!t || store_tmp_open(&t->db, "cc_mdata", NULL) != 0)
        return -1;
    t->st = t->db.st;
    mdc_arena_init(&t->a, t->abuf, sizeof t->abuf);
    *state = t;
    return 0;
}

static inline int md_teardown(void **state)
{
    tdb *t = *state;
    store_tmp_remove(&t->db);
    free(t);
    return 0;
}

/* Terminal time of a civil date and time. */
static inline int64_t at(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi)
{
    mdc_tm tm = {.year = (uint16_t)y,
                 .mon = (uint8_t)mo,
                 .day = (uint8_t)d,
                 .hour = (uint8_t)h,
                 .min = (uint8_t)mi,
                 .fields = MDC_TM_FULL};
    return mdc_tm_to_epoch(&tm);
}

/* AFN04 F10 with one entry per point: index i+1, point pns[i], port 2,
 * protocol (30 or 1), address 0000000000nn, 4 tariffs. */
static inline void set_meters(tdb *t, const uint16_t *pns, const uint8_t *protos, size_t n)
{
    uint8_t b[2 + 64 * 27];
    assert_true(n <= 64);
    memset(b, 0, sizeof b);
    b[0] = (uint8_t)n;
    for (size_t i = 0; i < n; i++) {
        uint8_t *e = b + 2 + i * 27;
        e[0] = (uint8_t)(i + 1);
        e[2] = (uint8_t)pns[i];
        e[3] = (uint8_t)(pns[i] >> 8);
        e[4] = 0x02 | 3u << 5; /* port 2, 2400 bps */
        e[5] = protos ? protos[i] : 30;
        e[6] = mdc_u8_to_bcd(pns[i] % 100u);
        e[18] = 4;    /* tariffs */
        e[19] = 0x09; /* 6 integer digits, 2 decimals */
    }
    assert_int_equal(store_param_set(t->st, 10, 0, b, 2 + n * 27, 0, 0), 0);
}

/* AFN04 F25 of pn: 220 V, 5 A, wiring 2 (three-phase four-wire) or 3 (single-phase A). */
static inline void set_wiring(tdb *t, uint16_t pn, bool three_phase)
{
    const uint8_t b[11] = {
        1, 0, 1, 0, 0x00, 0x22, 0x50, 0x00, 0x00, 0x01, (uint8_t)(three_phase ? 2 : (3 | 1u << 2))};
    assert_int_equal(store_param_set(t->st, 25, pn, b, sizeof b, 0, 0), 0);
}

/* AFN04 F33 for port 2: reading day `day` at hh:mm. */
static inline void set_read_day(tdb *t, unsigned day, unsigned hh, unsigned mm)
{
    uint32_t days = 1u << (day - 1);
    const uint8_t b[] = {1,
                         0x02,
                         0x00,
                         0x00,
                         (uint8_t)days,
                         (uint8_t)(days >> 8),
                         (uint8_t)(days >> 16),
                         (uint8_t)(days >> 24),
                         mdc_u8_to_bcd(mm),
                         mdc_u8_to_bcd(hh),
                         15,
                         0x00,
                         0x00,
                         0x01,
                         0};
    assert_int_equal(store_param_set(t->st, 33, 0, b, sizeof b, 0, 0), 0);
}

/* n-byte BCD of v, low byte first (a DL/T 645 number without its point). */
static inline uint8_t *bcd(uint8_t *p, uint64_t v, size_t n)
{
    assert_true(mdc_bcd_encode_le(v, p, n));
    return p + n;
}

/* YYMMDDhhmm as sent: mm hh DD MM YY. */
static inline uint8_t *ymdhm(uint8_t *p, unsigned y, unsigned mo, unsigned d, unsigned h,
                             unsigned mi)
{
    p[0] = mdc_u8_to_bcd(mi);
    p[1] = mdc_u8_to_bcd(h);
    p[2] = mdc_u8_to_bcd(d);
    p[3] = mdc_u8_to_bcd(mo);
    p[4] = mdc_u8_to_bcd(y % 100u);
    return p + 5;
}

/* An energy block (total + tariffs), values in hundredths of kWh. */
static inline size_t energy_block(uint8_t *out, const uint64_t *hundredths, size_t n)
{
    uint8_t *p = out;
    for (size_t i = 0; i < n; i++)
        p = bcd(p, hundredths[i], 4);
    return (size_t)(p - out);
}

/* One item through mdata_on_item inside a round. */
static inline void item(tdb *t, const mdata_point *p, uint32_t di, const uint8_t *d, size_t n,
                        int64_t ts)
{
    assert_int_equal(store_round_begin(t->st), 0);
    assert_int_equal(mdata_on_item(t->st, p, di, d, n, ts), 0);
    assert_int_equal(store_round_commit(t->st, ts), 0);
}

/* The answer unit encoded with the catalogue layout (AFN, Fn, UP). */
static inline size_t enc(uint8_t afn, uint16_t fn, const mdc_value *v, uint8_t *out, size_t cap)
{
    const gdw13761_fn *row = gdw13761_cat_find(afn, fn, GDW13761_UP);
    assert_non_null(row);
    assert_non_null(v);
    size_t w = 0;
    gdw13761_err e;
    int rc = gdw13761_unit_encode(row->layout, v, out, cap, &w, &e);
    if (rc != 0)
        fail_msg("encode AFN%02X F%u: %s", afn, fn, e.msg);
    return w;
}

/* A daily / monthly / curve request label. */
static inline mdc_value *td_d(tdb *t, unsigned y, unsigned mo, unsigned d)
{
    mdc_value *o = mdc_v_new(&t->a, MDC_V_OBJECT);
    mdc_tm tm = {.year = (uint16_t)y, .mon = (uint8_t)mo, .day = (uint8_t)d, .fields = MDC_TM_DATE};
    mdc_v_add_time(&t->a, o, "td_d", &tm);
    return o;
}

static inline mdc_value *td_m(tdb *t, unsigned y, unsigned mo)
{
    mdc_value *o = mdc_v_new(&t->a, MDC_V_OBJECT);
    mdc_tm tm = {.year = (uint16_t)y, .mon = (uint8_t)mo, .fields = MDC_TM_YEAR | MDC_TM_MON};
    mdc_v_add_time(&t->a, o, "td_m", &tm);
    return o;
}

static inline mdc_value *td_c(tdb *t, int64_t start, unsigned density, unsigned points)
{
    mdc_value *o = mdc_v_new(&t->a, MDC_V_OBJECT);
    mdc_value *g = mdc_v_add_obj(&t->a, o, "td_c");
    mdc_tm tm;
    mdc_tm_from_epoch(start, &tm);
    tm.fields = MDC_TM_DATE | MDC_TM_HOUR | MDC_TM_MIN;
    mdc_v_add_time(&t->a, g, "time", &tm);
    mdc_v_add_int(&t->a, g, "density", density, NULL);
    mdc_v_add_int(&t->a, g, "points", points, NULL);
    return o;
}

#endif
