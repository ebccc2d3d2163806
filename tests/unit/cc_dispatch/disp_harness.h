/* Test harness for the dispatcher: a real store in a unique /tmp directory,
 * requests built as real frames (gdw13761_msg_encode) and decoded again
 * (gdw13761_msg_decode) as the link core would hand them over, and answers
 * decoded from their spans. Included by each test_*.c (static functions). */
#ifndef CC_DISP_HARNESS_H
#define CC_DISP_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cc/dispatch.h"
#include "gdw13761/catalog.h"
#include "gdw13761/msg.h"

#include "../store_tmp.h"

/* 2026-11-21 10:20:30 terminal clock */
#define H_NOW_S 1795256430LL
#define H_UNITS 256
#define H_ARENA (1 << 17)

typedef struct h_t {
    store_tmp db; /* the store and its temp directory */
    store *st;    /* db.st, the name the tests use */
    cc_dispatch *d;
    cc_terminal_info info;
    cc_live live;
    cc_link_stats stats;
    cc_link_now now;
    /* the request */
    uint8_t frame[GDW13761_FRAME_MAX];
    size_t frame_len;
    gdw13761_msg req;
    gdw13761_unit req_units[H_UNITS];
    uint8_t req_arena_buf[H_ARENA];
    mdc_arena req_arena;
    int decode_rc;
    /* the answer */
    cc_link_answer ans;
    cc_dispatch_effects fx;
    int rc;
    uint8_t region[CC_DISPATCH_ANSWER_MAX];
    size_t region_len;
    gdw13761_msg am;
    gdw13761_unit ans_units[H_UNITS];
    uint8_t ans_arena_buf[H_ARENA];
    mdc_arena ans_arena;
    /* values for building requests */
    uint8_t val_buf[H_ARENA];
    mdc_arena va;
} h_t;

static inline int h_setup(void **state)
{
    h_t *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    if (store_tmp_open(&t->db, "cc_dispatch", NULL) != 0)
        return -1;
    t->st = t->db.st;
    t->d = calloc(1, sizeof *t->d);
    if (!t->d)
        return -1;
    snprintf(t->info.vendor, sizeof t->info.vendor, "MDCO");
    snprintf(t->info.device_id, sizeof t->info.device_id, "00012345");
    snprintf(t->info.sw_version, sizeof t->info.sw_version, "0.10");
    t->info.sw_date = (mdc_tm){.year = 2026, .mon = 11, .day = 20, .fields = MDC_TM_DATE};
    snprintf(t->info.capacity, sizeof t->info.capacity, "C32");
    snprintf(t->info.proto_version, sizeof t->info.proto_version, "1201");
    snprintf(t->info.hw_version, sizeof t->info.hw_version, "HW01");
    t->info.hw_date = (mdc_tm){.year = 2025, .mon = 3, .day = 1, .fields = MDC_TM_DATE};
    t->now.ms = 1000;
    t->now.clock_ms = H_NOW_S * 1000;
    cc_dispatch_init(t->d, t->st, &t->info, (H_NOW_S - 3600) * 1000);
    t->live.link = &t->stats;
    t->live.link_state = CC_LINK_ONLINE;
    t->live.reporting_allowed = true;
    mdc_arena_init(&t->va, t->val_buf, sizeof t->val_buf);
    *state = t;
    return 0;
}

/* h_setup, with reading ports 2 and 3 in the reader statistics of the live
 * state (for the AFN05 reading controls and AFN10 forwarding). */
static inline int h_setup_ports(void **state)
{
    static const cc_reader_port_stats ports[2] = {{.port = 2}, {.port = 3}};
    if (h_setup(state))
        return -1;
    h_t *t = *state;
    t->live.reader_ports = ports;
    t->live.n_reader_ports = 2;
    return 0;
}

static inline int h_teardown(void **state)
{
    h_t *t = *state;
    store_tmp_remove(&t->db);
    free(t->d);
    free(t);
    return 0;
}

static inline void h_reopen(h_t *t)
{
    store_tmp_reopen(&t->db, NULL);
    t->st = t->db.st;
    t->d->st = t->st;
}

/* One unit Fn at p0 whose value is the raw data bytes b[0..n) (b may be NULL
 * when n is 0), for requests written as the standard's bytes. */
static inline gdw13761_unit h_raw_unit(h_t *t, uint16_t fn, const uint8_t *b, size_t n)
{
    gdw13761_unit u = {.pn = 0, .fn = fn};
    u.value = mdc_v_add_bytes(&t->va, NULL, NULL, MDC_V_BYTES, b, n);
    return u;
}

/* Dispatches the frame in t->frame[0..frame_len) as the link core would. */
static inline void h_dispatch_frame(h_t *t)
{
    gdw13761_err e;
    mdc_arena_init(&t->req_arena, t->req_arena_buf, sizeof t->req_arena_buf);
    memset(&t->req, 0, sizeof t->req);
    t->decode_rc = gdw13761_msg_decode(t->frame, t->frame_len, &t->req, t->req_units, H_UNITS,
                                       &t->req_arena, &e);
    memset(&t->ans, 0xA5, sizeof t->ans);
    memset(&t->fx, 0xA5, sizeof t->fx);
    t->rc = cc_dispatch_request(t->d, CC_SRC_UPLINK, &t->req, t->decode_rc, t->now, &t->live,
                                &t->ans, &t->fx);
    /* the answer's units decoded back */
    t->am.nunits = 0;
    t->region_len = 0;
    if (t->ans.kind == CC_LINK_ANS_DATA) {
        for (size_t i = 0; i < t->ans.n; i++) {
            assert_true(t->region_len + t->ans.units[i].len <= sizeof t->region);
            memcpy(t->region + t->region_len, t->ans.units[i].p, t->ans.units[i].len);
            t->region_len += t->ans.units[i].len;
        }
        mdc_arena_init(&t->ans_arena, t->ans_arena_buf, sizeof t->ans_arena_buf);
        if (gdw13761_msg_decode_units(t->ans.afn, true, t->region, t->region_len, &t->am,
                                      t->ans_units, H_UNITS, &t->ans_arena, &e) != 0)
            fail_msg("answer does not decode: %s", e.msg);
    }
}

/* Builds a downlink request of afn with units[0..n) and dispatches it. */
static inline void h_request(h_t *t, uint8_t afn, const gdw13761_unit *units, size_t n)
{
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    f.dir = false;
    f.prm = true;
    f.fc = afn == 0x01 ? 1 : afn == 0x04 || afn == 0x05 ? 10 : 11;
    snprintf(f.a1, sizeof f.a1, "3501");
    f.a2 = 1;
    f.msa = 5;
    f.afn = afn;
    f.fir = f.fin = true;
    f.con = afn == 0x01 || afn == 0x04 || afn == 0x05;
    f.seq = 3;
    gdw13761_err e;
    if (gdw13761_msg_encode(&f, units, n, t->frame, sizeof t->frame, &t->frame_len, &e) != 0)
        fail_msg("request encode: %s", e.msg);
    h_dispatch_frame(t);
}

/* A request of units without data (reads): pn x fn pairs. */
static inline void h_read(h_t *t, uint8_t afn, uint16_t pn, const uint16_t *fns, size_t n)
{
    gdw13761_unit u[64];
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++)
        u[i] = (gdw13761_unit){.pn = pn, .fn = fns[i]};
    h_request(t, afn, u, n);
}

/* The answer unit (pn, fn), or NULL. */
static inline const gdw13761_unit *h_ans_unit(const h_t *t, uint16_t pn, uint16_t fn)
{
    for (size_t i = 0; i < t->am.nunits; i++)
        if (t->ans_units[i].pn == pn && t->ans_units[i].fn == fn)
            return &t->ans_units[i];
    return NULL;
}

static inline int64_t h_int(const gdw13761_unit *u, const char *key)
{
    assert_non_null(u);
    int64_t v = 0;
    if (!mdc_v_int(mdc_v_get(u->value, key), &v))
        fail_msg("F%u: no integer %s", u->fn, key);
    return v;
}

static inline void h_assert_deny(const h_t *t)
{
    assert_int_equal(t->ans.kind, CC_LINK_ANS_DENY);
    assert_string_not_equal(cc_dispatch_why(t->d), "");
}

static inline void h_assert_data(const h_t *t, uint8_t afn)
{
    if (t->ans.kind != CC_LINK_ANS_DATA)
        fail_msg("expected AFN%02X data, got kind %d (%s)", afn, t->ans.kind,
                 cc_dispatch_why(t->d));
    assert_int_equal(t->ans.afn, afn);
}

#endif
