/* metersim meter model: accumulation, tariffs, demand, freezes, settlement, events, relay and
 * the answers to requests, all on a synthetic clock (no I/O, no waiting). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dlt645/di.h"
#include "mdc/mtime.h"
#include "mdc/value.h"
#include "ms_meter.h"

static ms_meter M;
static uint8_t abuf[65536];
static mdc_arena A;

#define H (3600LL * 1000)

static int64_t at(const char *iso)
{
    mdc_tm t;
    assert_true(mdc_tm_parse_iso(iso, &t));
    return mdc_tm_to_epoch(&t) * 1000;
}

/* A meter with a flat 1000 W load and the usual 4-tariff day, registers at zero. */
static void flat_meter(ms_meter_cfg *c, const char *addr)
{
    uint8_t a[6];
    assert_int_equal(dlt645_addr_parse(addr, a), DLT645_OK);
    ms_meter_cfg_default(c, a);
    for (int h = 0; h < 24; h++)
        c->load_w[h] = 1000;
    memset(c->energy0, 0, sizeof c->energy0);
    c->pf_m = 1000;
    c->voltage_dv = 2200;
}

/* Reads di through the model and decodes it with the catalogue. */
static const mdc_value *read_value(unsigned ed, uint32_t di, int64_t now)
{
    uint8_t data[2048], err = 0;
    int n = ms_meter_read(&M, ed, di, now, data, sizeof data, &err);
    assert_true(n >= 0);
    mdc_arena_init(&A, abuf, sizeof abuf);
    mdc_value *v = NULL;
    dlt645_di_status st = dlt645_di_decode(ed, di, data, (size_t)n, &A, &v, NULL);
    assert_true(st == DLT645_DI_OK);
    return v;
}

static int64_t mant(const mdc_value *v, uint8_t scale)
{
    int64_t x = 0;
    assert_non_null(v);
    assert_true(mdc_v_mant(v, scale, &x));
    return x;
}

static void assert_time(const mdc_value *v, const char *iso)
{
    char s[40];
    assert_non_null(v);
    assert_int_equal(v->kind, MDC_V_TIME);
    mdc_tm_format_iso(&v->u.tm, s, sizeof s);
    assert_string_equal(s, iso);
}

static void test_day_by_tariff(void **state)
{
    (void)state;
    ms_meter_cfg c;
    flat_meter(&c, "000000000001");
    int64_t t0 = at("2025-11-02T00:00:00");
    ms_meter_init(&M, &c, t0);
    /* a day in steps of irregular size, as the shell's ticks would be */
    for (int64_t t = t0; t < t0 + 24 * H; t += 7777)
        ms_meter_advance(&M, t);
    ms_meter_advance(&M, t0 + 24 * H);
    assert_int_equal(ms_meter_energy(&M, MS_E_FWD, 0), 2400); /* 24.00 kWh */
    /* sharp 10-12, peak 17-21, flat 8-10 12-17 21-23, valley 23-8 */
    assert_int_equal(ms_meter_energy(&M, MS_E_FWD, 1), 200);
    assert_int_equal(ms_meter_energy(&M, MS_E_FWD, 2), 400);
    assert_int_equal(ms_meter_energy(&M, MS_E_FWD, 3), 900);
    assert_int_equal(ms_meter_energy(&M, MS_E_FWD, 4), 900);
    assert_int_equal(ms_meter_energy(&M, MS_E_Q1, 0), 0); /* pf 1 */
    /* the same through the wire format */
    const mdc_value *v = read_value(2007, 0x0001FF00, t0 + 24 * H);
    assert_int_equal(mant(mdc_v_get(v, "total"), 2), 2400);
    assert_int_equal(mant(mdc_v_at(mdc_v_get(v, "tariffs"), 1), 2), 400);
    /* the load curve: 96 records a day */
    assert_int_equal(M.n_load, 96);
}

static void test_midnight_freeze(void **state)
{
    (void)state;
    ms_meter_cfg c;
    flat_meter(&c, "000000000002");
    c.clock_offset_ms = -2 * H; /* the meter's clock is two hours late */
    int64_t t0 = at("2025-11-02T12:00:00");
    ms_meter_init(&M, &c, t0);
    ms_meter_advance(&M, t0 + 13 * H); /* true 01:00, meter 23:00: no freeze yet */
    assert_int_equal(M.n_freeze, 0);
    ms_meter_advance(&M, t0 + 14 * H); /* meter midnight */
    assert_int_equal(M.n_freeze, 1);
    assert_time(read_value(2007, 0x05060001, t0 + 14 * H), "2025-11-03T00:00");
    const mdc_value *v = read_value(2007, 0x05060101, t0 + 14 * H);
    assert_int_equal(mant(mdc_v_get(v, "total"), 2), 1400);
    /* 63 days later 62 freezes are kept, the oldest dropped */
    for (int d = 0; d < 63; d++)
        ms_meter_advance(&M, t0 + 14 * H + (d + 1) * 24 * H);
    assert_int_equal(M.n_freeze, MS_FREEZE_KEEP);
    assert_time(read_value(2007, 0x05060001, t0), "2026-01-05T00:00");
    assert_time(read_value(2007, 0x0506003E, t0), "2025-11-05T00:00");
}

static void test_settlement_and_demand(void **state)
{
    (void)state;
    ms_meter_cfg c;
    flat_meter(&c, "000000000003");
    c.load_w[20] = 3000; /* evening peak 20:00-21:00 */
    int64_t t0 = at("2025-11-30T12:00:00");
    ms_meter_init(&M, &c, t0);
    ms_meter_advance(&M, t0 + 12 * H + 30 * 60 * 1000); /* 2025-12-01T00:30 */
    assert_int_equal(M.n_settle, 1);
    /* previous settlement day: energy at 12-01 00:00 = 12 h, max demand of November */
    const mdc_value *v = read_value(2007, 0x0001FF01, t0);
    assert_int_equal(mant(mdc_v_get(v, "total"), 2), 1200 + 200); /* 12 h + 2 kWh extra 20-21 */
    v = read_value(2007, 0x01010001, t0);
    assert_int_equal(mant(mdc_v_get(v, "value"), 4), 30000); /* 3.0000 kW */
    assert_time(mdc_v_get(v, "time"), "2025-11-30T20:15");
    /* the current month's demand restarted at the settlement */
    v = read_value(2007, 0x01010000, t0);
    assert_int_equal(mant(mdc_v_get(v, "value"), 4), 10000);
    assert_time(mdc_v_get(v, "time"), "2025-12-01T00:15");
    /* 13 months: 12 kept */
    ms_meter_advance(&M, at("2027-01-01T12:00:00"));
    assert_int_equal(M.n_settle, MS_SETTLE_KEEP);
}

static void test_clock_drift(void **state)
{
    (void)state;
    ms_meter_cfg c;
    flat_meter(&c, "000000000004");
    c.drift_ppm = 100;
    c.clock_offset_ms = 5000;
    int64_t t0 = at("2025-11-02T00:00:00");
    ms_meter_init(&M, &c, t0);
    assert_int_equal(ms_meter_clock(&M, t0 + 10000 * 1000LL), t0 + 10000 * 1000LL + 5000 + 1000);
    assert_time(read_value(2007, 0x04000102, t0), "00:00:05");
}

static void test_events_and_relay(void **state)
{
    (void)state;
    ms_meter_cfg c;
    flat_meter(&c, "000000000005");
    int64_t t0 = at("2025-11-02T00:00:00");
    ms_meter_init(&M, &c, t0);
    ms_meter_event_begin(&M, MS_EV_COVER, t0 + H, NULL);
    ms_meter_event_end(&M, MS_EV_COVER, t0 + 2 * H);
    const mdc_value *v = read_value(2007, 0x03300D00, t0 + 2 * H);
    assert_int_equal(mant(v, 0), 1);
    v = read_value(2007, 0x03300D01, t0 + 2 * H);
    assert_time(mdc_v_get(v, "start"), "2025-11-02T01:00:00");
    assert_time(mdc_v_get(v, "end"), "2025-11-02T02:00:00");
    assert_int_equal(mant(mdc_v_get(mdc_v_get(v, "before"), "forward_active"), 2), 100);
    assert_int_equal(mant(mdc_v_get(mdc_v_get(v, "after"), "forward_active"), 2), 200);
    /* relay: trip stops the energy and shows in SW3 b4/b6 */
    ms_meter_relay(&M, true, t0 + 3 * H, NULL, 0);
    assert_int_equal(ms_meter_sw(&M, 3) & 0x50, 0x50);
    ms_meter_advance(&M, t0 + 5 * H);
    assert_int_equal(ms_meter_energy(&M, MS_E_FWD, 0), 300);
    v = read_value(2007, 0x1D000001, t0 + 5 * H);
    assert_int_equal(mant(v, 0), 1);
    assert_time(read_value(2007, 0x1D000101, t0 + 5 * H), "2025-11-02T03:00:00");
    ms_meter_relay(&M, false, t0 + 5 * H, NULL, 0);
    assert_int_equal(ms_meter_sw(&M, 3) & 0x50, 0);
    v = read_value(2007, 0x1E00FF01, t0 + 5 * H);
    assert_time(mdc_v_get(v, "time"), "2025-11-02T05:00:00");
    /* power down record */
    ms_meter_power_set(&M, false, t0 + 6 * H);
    ms_meter_power_set(&M, true, t0 + 7 * H);
    v = read_value(2007, 0x03110001, t0 + 7 * H);
    assert_time(mdc_v_get(v, "start"), "2025-11-02T06:00:00");
    assert_time(mdc_v_get(v, "end"), "2025-11-02T07:00:00");
    assert_int_equal(ms_meter_energy(&M, MS_E_FWD, 0), 400);
}

static void test_rcd(void **state)
{
    (void)state;
    ms_meter_cfg c;
    flat_meter(&c, "000000000006");
    c.kind = MS_KIND_RCD;
    c.rcd_trip_ma = 300;
    int64_t t0 = at("2025-11-02T00:00:00");
    ms_meter_init(&M, &c, t0);
    uint8_t d[32], e;
    assert_int_equal(ms_meter_read(&M, 2007, 0x02900200, t0, d, sizeof d, &e), 2);
    assert_int_equal(d[0], 0x00);
    assert_int_equal(d[1], 0x03); /* 0300 mA */
    ms_meter_rcd_residual(&M, 120, t0);
    assert_false(M.relay_open);
    ms_meter_rcd_residual(&M, 350, t0 + H);
    assert_true(M.relay_open);
    assert_int_equal(ms_meter_read(&M, 2007, 0x1D800101, t0 + H, d, sizeof d, &e), 12);
    static const uint8_t want[12] = {0x00, 0x00, 0x01, 0x02, 0x11, 0x25, /* 25-11-02 01:00:00 */
                                     0x01, 0x50, 0x03,                   /* cause 1, 350 mA */
                                     0x45, 0x45, 0x00};                  /* 4.545 A */
    assert_memory_equal(d, want, 12);
    assert_int_equal(ms_meter_read(&M, 2007, 0x02900100, t0 + H, d, sizeof d, &e), 2);
    assert_int_equal(d[0], 0x50);
    assert_int_equal(d[1], 0x03);
}

/* Every DI the meter answers decodes cleanly with the catalogue (right length, valid BCD). */
static void test_every_di_decodes(void **state)
{
    (void)state;
    static const uint32_t dis[] = {
        0x00000000, 0x0000FF00, 0x00010000, 0x00010400, 0x0001FF00, 0x0001FF0C, 0x00020000,
        0x0002FF01, 0x0003FF00, 0x0004FF00, 0x0005FF00, 0x0008FF00, 0x00900100, 0x00900101,
        0x00900200, 0x00900201, 0x01010000, 0x0101FF00, 0x0101FF01, 0x0102FF00, 0x02010100,
        0x0201FF00, 0x02020100, 0x0202FF00, 0x02030000, 0x0203FF00, 0x0204FF00, 0x0205FF00,
        0x02060000, 0x0206FF00, 0x02800001, 0x02800002, 0x02800004, 0x02800007, 0x02800008,
        0x0280000A, 0x03110000, 0x03110001, 0x03300000, 0x03300001, 0x03300400, 0x0330040A,
        0x03300D00, 0x03300D01, 0x03300E01, 0x03350000, 0x03350001, 0x03330201, 0x04000101,
        0x04000102, 0x0400010C, 0x04000103, 0x04000104, 0x04000204, 0x04000401, 0x04000402,
        0x04000501, 0x04000507, 0x040005FF, 0x04000B01, 0x05000001, 0x05000101, 0x05000901,
        0x05060001, 0x0506003E, 0x05060101, 0x05060201, 0x05060901, 0x1D000001, 0x1D000101,
        0x1D000201, 0x1D000301, 0x1D000401, 0x1D00FF01, 0x1E000001, 0x1E00FF0A};
    static const uint32_t dis97[] = {0x9010, 0x9014, 0x901F, 0x9020, 0x902F, 0x9410, 0x941F, 0xA010,
                                     0xB010, 0xB611, 0xB621, 0xB630, 0xC010, 0xC011, 0xC020};
    ms_meter_cfg c;
    flat_meter(&c, "000000000009");
    int64_t t0 = at("2025-11-30T00:00:00");
    ms_meter_init(&M, &c, t0);
    ms_meter_event_begin(&M, MS_EV_COVER, t0 + H, NULL);
    ms_meter_relay(&M, true, t0 + H, NULL, 0);
    ms_meter_advance(&M, t0 + 50 * H);
    for (size_t i = 0; i < sizeof dis / sizeof dis[0]; i++) {
        uint8_t data[2048], e;
        int n = ms_meter_read(&M, 2007, dis[i], t0 + 50 * H, data, sizeof data, &e);
        if (n < 0)
            fail_msg("DI %08X not answered", dis[i]);
        mdc_arena_init(&A, abuf, sizeof abuf);
        mdc_value *v;
        dlt645_di_status st = dlt645_di_decode(2007, dis[i], data, (size_t)n, &A, &v, NULL);
        if (st != DLT645_DI_OK)
            fail_msg("DI %08X decodes with status %d", dis[i], st);
    }
    c.proto = DLT645_PROTO_1997;
    ms_meter_init(&M, &c, t0);
    ms_meter_advance(&M, t0 + 2 * H);
    for (size_t i = 0; i < sizeof dis97 / sizeof dis97[0]; i++) {
        uint8_t data[512], e;
        int n = ms_meter_read(&M, 1997, dis97[i], t0 + 2 * H, data, sizeof data, &e);
        if (n < 0)
            fail_msg("DI %04X not answered", dis97[i]);
        mdc_arena_init(&A, abuf, sizeof abuf);
        mdc_value *v;
        dlt645_di_status st = dlt645_di_decode(1997, dis97[i], data, (size_t)n, &A, &v, NULL);
        if (st != DLT645_DI_OK)
            fail_msg("DI %04X decodes with status %d", dis97[i], st);
    }
    /* tariff beyond the count, settlement beyond 12, a record beyond 10: no data */
    uint8_t d[64], e;
    assert_int_equal(ms_meter_read(&M, 2007, 0x00010500, t0, d, sizeof d, &e), -1);
    assert_int_equal(e, DLT645_E07_NO_DATA);
    assert_int_equal(ms_meter_read(&M, 2007, 0x0001FF0D, t0, d, sizeof d, &e), -1);
    assert_int_equal(ms_meter_read(&M, 2007, 0x03300D0B, t0, d, sizeof d, &e), -1);
}

/* ---- answers ---- */

static int ask(const dlt645_request *rq, int64_t now, dlt645_frame *rep)
{
    dlt645_frame f;
    assert_int_equal(dlt645_request_build(rq, &f), DLT645_OK);
    /* through the wire: encode, decode */
    uint8_t wire[300];
    size_t n;
    assert_int_equal(dlt645_frame_encode(&f, wire, sizeof wire, &n), DLT645_OK);
    assert_int_equal(dlt645_frame_decode(wire, n, &f, NULL), DLT645_OK);
    return ms_meter_answer(&M, &f, now, rep);
}

static void test_answers_2007(void **state)
{
    (void)state;
    ms_meter_cfg c;
    flat_meter(&c, "123456781012");
    int64_t t0 = at("2025-11-02T08:00:00");
    ms_meter_init(&M, &c, t0);
    dlt645_request rq;
    dlt645_reply rp;
    dlt645_frame rep;
    /* the notes' worked example: read 00010000 */
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ, c.addr);
    rq.di = 0x00010000;
    assert_int_equal(ask(&rq, t0 + H, &rep), 1);
    assert_int_equal(rep.c, 0x91);
    assert_int_equal(dlt645_reply_parse(&rep, DLT645_PROTO_2007, &rp), DLT645_OK);
    assert_int_equal(rp.len, 4);
    assert_memory_equal(rp.data, "\x00\x01\x00\x00", 4); /* 1.00 kWh after an hour */
    /* AA wildcard: the reply carries the real address */
    uint8_t wild[6];
    assert_int_equal(dlt645_addr_parse("AAAAAAAA1012", wild), DLT645_OK);
    memcpy(rq.addr, wild, 6);
    assert_int_equal(ask(&rq, t0 + H, &rep), 1);
    assert_memory_equal(rep.addr, c.addr, 6);
    /* another address: silence */
    assert_int_equal(dlt645_addr_parse("123456781013", rq.addr), DLT645_OK);
    assert_int_equal(ask(&rq, t0 + H, &rep), 0);
    /* unknown DI: D1 with ERR no_data */
    memcpy(rq.addr, c.addr, 6);
    rq.di = 0x04A00000;
    assert_int_equal(ask(&rq, t0 + H, &rep), 1);
    assert_int_equal(rep.c, 0xD1);
    assert_int_equal(rep.len, 1);
    assert_int_equal(rep.data[0], DLT645_E07_NO_DATA);
    /* read address with AA x 6 */
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ_ADDR, dlt645_addr_wildcard);
    assert_int_equal(ask(&rq, t0 + H, &rep), 1);
    assert_int_equal(rep.c, 0x93);
    assert_memory_equal(rep.data, c.addr, 6);
    /* broadcast time set: no reply, the clock moves, a clock-set record */
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_TIME_SET, dlt645_addr_broadcast);
    assert_true(mdc_tm_parse_iso("2025-11-02T09:30:00", &rq.time));
    rq.has_time = true;
    assert_int_equal(ask(&rq, t0 + H, &rep), 0);
    assert_int_equal(ms_meter_clock(&M, t0 + H), at("2025-11-02T09:30:00"));
    const mdc_value *v = read_value(2007, 0x03300401, t0 + H);
    assert_time(mdc_v_get(v, "before"), "2025-11-02T09:00:00");
    assert_time(mdc_v_get(v, "after"), "2025-11-02T09:30:00");
    /* write time with a wrong password: D4, ERR bad_password; then the right one */
    static const uint8_t val[3] = {0x00, 0x00, 0x10}; /* 10:00:00 */
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_WRITE, c.addr);
    rq.di = 0x04000102;
    memcpy(rq.pw, "\x02\x11\x11\x11", 4);
    rq.data = val;
    rq.len = 3;
    assert_int_equal(ask(&rq, t0 + H, &rep), 1);
    assert_int_equal(rep.c, 0xD4);
    assert_int_equal(rep.data[0], DLT645_E07_PASSWORD);
    memcpy(rq.pw, c.password, 4);
    memcpy(rq.op, "\x01\x02\x03\x04", 4);
    assert_int_equal(ask(&rq, t0 + H, &rep), 1);
    assert_int_equal(rep.c, 0x94);
    assert_int_equal(rep.len, 0);
    assert_int_equal(ms_meter_clock(&M, t0 + H), at("2025-11-02T10:00:00"));
    v = read_value(2007, 0x03300401, t0 + H);
    assert_string_equal(mdc_v_get(v, "operator")->u.str.p, "04030201");
    /* 1C trip with the password: relay open, status word follows */
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_CONTROL, c.addr);
    memcpy(rq.pw, c.password, 4);
    rq.ctl = DLT645_CTL_TRIP;
    assert_true(mdc_tm_parse_iso("2027-01-01T00:00:00", &rq.time));
    rq.has_time = true;
    assert_int_equal(ask(&rq, t0 + H, &rep), 1);
    assert_int_equal(rep.c, 0x9C);
    assert_true(M.relay_open);
    v = read_value(2007, 0x04000503, t0 + H);
    assert_true(mdc_v_get(v, "relay_off")->u.b);
    /* keep-power then trip: refused with ERR other */
    rq.ctl = DLT645_CTL_CLOSE;
    assert_int_equal(ask(&rq, t0 + H, &rep), 1);
    rq.ctl = DLT645_CTL_KEEP;
    assert_int_equal(ask(&rq, t0 + H, &rep), 1);
    rq.ctl = DLT645_CTL_TRIP;
    assert_int_equal(ask(&rq, t0 + H, &rep), 1);
    assert_int_equal(rep.c, 0xDC);
    assert_int_equal(rep.data[0], DLT645_E07_OTHER);
    assert_false(M.relay_open);
    /* freeze 16H to the meter's own address: 96 and a snapshot at 05000001 */
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_FREEZE, c.addr);
    rq.has_time = true;
    rq.time.fields = 0;
    assert_int_equal(ask(&rq, t0 + 2 * H, &rep), 1);
    assert_int_equal(rep.c, 0x96);
    assert_time(read_value(2007, 0x05000001, t0 + 2 * H), "2025-11-02T11:00");
    v = read_value(2007, 0x05000101, t0 + 2 * H);
    assert_int_equal(mant(mdc_v_get(v, "total"), 2), 200);
    /* baud change: ERR baud_locked */
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_BAUD, c.addr);
    rq.z = 0x08;
    assert_int_equal(ask(&rq, t0 + H, &rep), 1);
    assert_int_equal(rep.c, 0xD7);
    assert_int_equal(rep.data[0], DLT645_E07_BAUD);
}

static void test_followup_load_records(void **state)
{
    (void)state;
    ms_meter_cfg c;
    flat_meter(&c, "000000000007");
    int64_t t0 = at("2025-11-02T00:00:00");
    ms_meter_init(&M, &c, t0);
    ms_meter_advance(&M, t0 + 6 * H);
    dlt645_request rq;
    dlt645_frame rep;
    dlt645_followup fu;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ, c.addr);
    rq.di = 0x06000001; /* all classes, from a given time */
    rq.has_blocks = true;
    rq.blocks = 6;
    rq.has_time = true;
    assert_true(mdc_tm_parse_iso("2025-11-02T01:00", &rq.time));
    dlt645_followup_start(&fu, DLT645_PROTO_2007, c.addr, rq.di);
    assert_int_equal(ask(&rq, t0 + 6 * H, &rep), 1);
    assert_int_equal(rep.c, 0xB1); /* more follows */
    bool done = false;
    unsigned frames = 1;
    assert_int_equal(dlt645_followup_add(&fu, &rep, &done), DLT645_OK);
    while (!done) {
        dlt645_frame next;
        assert_int_equal(dlt645_followup_next(&fu, &next), DLT645_OK);
        assert_int_equal(ms_meter_answer(&M, &next, t0 + 6 * H, &rep), 1);
        assert_int_equal(dlt645_followup_add(&fu, &rep, &done), DLT645_OK);
        frames++;
    }
    assert_true(frames >= 3);
    size_t len;
    const uint8_t *d = dlt645_followup_data(&fu, &len);
    mdc_arena_init(&A, abuf, sizeof abuf);
    /* decode record by record: each starts A0 A0 L */
    unsigned recs = 0;
    for (size_t pos = 0; pos + 3 <= len; recs++) {
        assert_int_equal(d[pos], 0xA0);
        size_t rl = (size_t)d[pos + 2] + 6;
        mdc_value *v = NULL;
        mdc_arena_reset(&A);
        assert_int_equal(dlt645_di_decode(2007, 0x06000001, d + pos, rl, &A, &v, NULL),
                         DLT645_DI_OK);
        const mdc_value *r0 = mdc_v_at(v, 0);
        if (recs == 0)
            assert_time(mdc_v_get(r0, "time"), "2025-11-02T01:00");
        assert_int_equal(mant(mdc_v_get(mdc_v_get(r0, "energy"), "forward_active"), 2),
                         100 + 25 * (int64_t)recs);
        pos += rl;
    }
    assert_int_equal(recs, 6);
    /* a follow-up for another DI is refused */
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ_MORE, c.addr);
    rq.di = 0x00010000;
    rq.seq = 1;
    assert_int_equal(ask(&rq, t0 + 6 * H, &rep), 1);
    assert_int_equal(rep.c, 0xD2);
}

static void test_answers_1997(void **state)
{
    (void)state;
    ms_meter_cfg c;
    flat_meter(&c, "000000000008");
    c.proto = DLT645_PROTO_1997;
    int64_t t0 = at("2025-11-02T00:00:00");
    ms_meter_init(&M, &c, t0);
    dlt645_request rq;
    dlt645_frame rep;
    dlt645_request_init(&rq, DLT645_PROTO_1997, DLT645_F97_READ, c.addr);
    rq.di = 0x9010;
    assert_int_equal(ask(&rq, t0 + 2 * H, &rep), 1);
    assert_int_equal(rep.c, 0x81);
    assert_int_equal(rep.len, 6);
    assert_memory_equal(rep.data, "\x10\x90\x00\x02\x00\x00", 6); /* 2.00 kWh */
    const mdc_value *v = read_value(1997, 0xC010, t0 + 2 * H);
    char s[40];
    mdc_tm_format_iso(&v->u.tm, s, sizeof s);
    assert_string_equal(s, "2025-11-02");
    /* re-read repeats the last reply */
    dlt645_request_init(&rq, DLT645_PROTO_1997, DLT645_F97_REREAD, c.addr);
    assert_int_equal(ask(&rq, t0 + 2 * H, &rep), 1);
    assert_int_equal(rep.c, 0x83);
    assert_int_equal(rep.data[3], 0x02);
    /* unknown DI: C1 with ERR bad_di */
    dlt645_request_init(&rq, DLT645_PROTO_1997, DLT645_F97_READ, c.addr);
    rq.di = 0xEEEE;
    assert_int_equal(ask(&rq, t0 + 2 * H, &rep), 1);
    assert_int_equal(rep.c, 0xC1);
    assert_int_equal(rep.data[0], DLT645_E97_BAD_DI);
    /* write C011 (time) with the password: 84, the clock follows */
    static const uint8_t hms[3] = {0x30, 0x15, 0x12}; /* 12:15:30 */
    dlt645_request_init(&rq, DLT645_PROTO_1997, DLT645_F97_WRITE, c.addr);
    rq.di = 0xC011;
    memcpy(rq.pw, c.password, 4);
    rq.data = hms;
    rq.len = 3;
    assert_int_equal(ask(&rq, t0 + 2 * H, &rep), 1);
    assert_int_equal(rep.c, 0x84);
    assert_int_equal(ms_meter_clock(&M, t0 + 2 * H), at("2025-11-02T12:15:30"));
    rq.pw[1] = 0x99;
    assert_int_equal(ask(&rq, t0 + 2 * H, &rep), 1);
    assert_int_equal(rep.c, 0xC4);
    assert_int_equal(rep.data[0], DLT645_E97_PASSWORD);
    /* a 2007 frame is not understood by a 1997 meter: silence */
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ, c.addr);
    rq.di = 0x00010000;
    assert_int_equal(ask(&rq, t0 + 2 * H, &rep), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_by_tariff),         cmocka_unit_test(test_midnight_freeze),
        cmocka_unit_test(test_settlement_and_demand), cmocka_unit_test(test_clock_drift),
        cmocka_unit_test(test_events_and_relay),      cmocka_unit_test(test_rcd),
        cmocka_unit_test(test_every_di_decodes),      cmocka_unit_test(test_answers_2007),
        cmocka_unit_test(test_followup_load_records), cmocka_unit_test(test_answers_1997),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
