/* Reader core: the schedule over a synthetic day, jobs between round
 * transactions (forwarding, single reads), the broadcast time set on the wire,
 * the meter search, against the simulated bus. */
#include "reader_harness.h"

static int teardown(void **state)
{
    (void)state;
    h_teardown();
    return 0;
}

static bool is_time_set(const h_send *s, dlt645_frame *f)
{
    return dlt645_frame_decode(s->bytes, s->n, f, NULL) == DLT645_OK && f->c == 0x08;
}

static void test_schedule_over_24h(void **state)
{
    (void)state;
    h_setup("2025-11-02T22:10:00", 1, "000000000081", DLT645_PROTO_2007, 9600);
    cc_reader_sched s;
    cc_reader_sched_default(&s);
    s.interval_min = 60;
    s.nperiods = 2;
    s.periods[0].start_min = 0;
    s.periods[0].end_min = 360; /* 00:00-06:00 */
    s.periods[1].start_min = 720;
    s.periods[1].end_min = 1440; /* 12:00-24:00 */
    s.read_days = 1u << 2;       /* the 3rd */
    s.read_day_min = 630;        /* 10:30 */
    s.time_sync = true;
    s.sync_day = 0;
    s.sync_min = 125; /* 02:05 every day */
    cc_reader_set_sched(H.r, h_now(), &s);
    h_set_meters_from_bus();
    h_run_until(H.ms + 24LL * 3600 * 1000);
    struct {
        const char *at;
        cc_reader_reason why;
    } want[] = {
        {"2025-11-02T22:10:00", CC_READ_MASTER},      {"2025-11-02T23:00:00", CC_READ_SCHEDULED},
        {"2025-11-03T00:00:00", CC_READ_DAY_START},   {"2025-11-03T01:00:00", CC_READ_SCHEDULED},
        {"2025-11-03T02:00:00", CC_READ_SCHEDULED},   {"2025-11-03T03:00:00", CC_READ_SCHEDULED},
        {"2025-11-03T04:00:00", CC_READ_SCHEDULED},   {"2025-11-03T05:00:00", CC_READ_SCHEDULED},
        {"2025-11-03T10:30:00", CC_READ_READING_DAY}, {"2025-11-03T12:00:00", CC_READ_SCHEDULED},
    };
    size_t nw = sizeof want / sizeof want[0];
    assert_int_equal(H.nbegun, nw + 10); /* + 13:00 .. 22:00 */
    for (size_t i = 0; i < H.nbegun; i++) {
        int64_t at = i < nw ? h_epoch_ms(want[i].at)
                            : h_epoch_ms("2025-11-03T12:00:00") + (int64_t)(i - nw + 1) * 3600000;
        cc_reader_reason why = i < nw ? want[i].why : CC_READ_SCHEDULED;
        if (H.begun[i].start_clock_ms != at || H.begun[i].reason != why)
            fail_msg("round %zu: at %lld reason %d, want %lld reason %d", i,
                     (long long)H.begun[i].start_clock_ms, (int)H.begun[i].reason, (long long)at,
                     (int)why);
        assert_int_equal(H.ended[i].ok, 1);
    }
    /* settlement and freeze items: once on each day (the freeze exists after midnight) */
    const uint8_t *a = H.cfg.meter[0].addr;
    assert_int_equal(h_count_items(a, 0x0001FF01, 0), 2);
    size_t day2 = 0;
    for (size_t i = 0; i < H.nitems; i++)
        if (H.items[i].round == 3) { /* the DAY_START round (third begun) */
            day2 = i;
            break;
        }
    assert_non_null(h_find_item(a, 0x05060101, day2));
    assert_true(h_find_item(a, 0x05060101, day2)->truth_ok);
    assert_int_equal(h_count_items(a, 0x0001FF00, 0), H.nbegun);
    /* event counts every round, their records once a day (no event happened) */
    assert_int_equal(h_count_items(a, 0x03300000, 0), H.nbegun);
    assert_int_equal(h_count_items(a, 0x03300001, 0), 2);
    /* the timed time set went out once, at 02:05 */
    unsigned sets = 0;
    for (size_t i = 0; i < H.nsends; i++) {
        dlt645_frame f;
        if (is_time_set(&H.sends[i], &f)) {
            sets++;
            int64_t at = H.sends[i].ms + H.clock_off;
            assert_true(at >= h_epoch_ms("2025-11-03T02:05:00"));
            assert_true(at < h_epoch_ms("2025-11-03T02:05:02"));
        }
    }
    assert_int_equal(sets, 1);
    cc_reader_port_stats ps;
    cc_reader_port_stats_get(H.r, &ps);
    assert_int_equal(ps.rounds, H.nbegun);
    assert_true(ps.done_in_period);
}

static void test_pause_and_master_reread(void **state)
{
    (void)state;
    h_setup("2025-11-02T07:59:00", 1, "000000000082", DLT645_PROTO_2007, 2400);
    h_set_meters_from_bus();
    h_run_rounds(1, 120000);
    cc_reader_pause(H.r, true);
    h_run_until(H.ms + 3600000);
    assert_int_equal(H.nbegun, 1); /* paused: no 08:00 .. 08:45 rounds */
    cc_reader_reread(H.r, h_now());
    h_run_rounds(2, 120000);
    assert_int_equal(H.begun[1].reason, CC_READ_MASTER);
    cc_reader_pause(H.r, false);
    h_run_rounds(3, 20 * 60000);
    assert_int_equal(H.begun[2].reason, CC_READ_SCHEDULED);
}

static void test_jobs_between_round_transactions(void **state)
{
    (void)state;
    h_setup("2025-11-02T08:01:00", 3, "000000000091", DLT645_PROTO_2007, 2400);
    h_set_meters_from_bus();
    h_run_until(H.ms + 2000);
    assert_non_null(cc_reader_current_round(H.r));
    /* AFN10 F1: a 2007 read of meter 3 as the master wrote it */
    dlt645_request rq;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ, H.cfg.meter[2].addr);
    rq.di = 0x00010000;
    dlt645_frame f;
    assert_int_equal(dlt645_request_build(&rq, &f), DLT645_OK);
    cc_reader_fwd job;
    memset(&job, 0, sizeof job);
    job.id = 77;
    job.baud = 2400;
    job.parity = 2;
    job.data_bits = 8;
    job.stop_bits = 1;
    job.frame_timeout_ms = 2000;
    job.byte_timeout_ms = 100;
    assert_int_equal(dlt645_frame_encode(&f, job.frame, sizeof job.frame, &job.len), DLT645_OK);
    size_t s0 = H.nsends;
    assert_int_equal(cc_reader_forward(H.r, h_now(), &job), 0);
    assert_int_equal(
        cc_reader_read(H.r, h_now(), 5, H.cfg.meter[0].addr, CC_PROTO_645_2007, 0, 0x04000401),
        -1); /* one master job at a time */
    assert_int_equal(cc_reader_forward(H.r, h_now(), &job), -1);
    h_run_until(H.ms + 3000);
    assert_int_equal(H.fwd_calls, 1);
    assert_int_equal(H.fwd_id, 77);
    assert_int_equal(H.fwd_r, CC_READER_OK);
    assert_int_equal(H.nended, 0); /* the round goes on */
    /* the job went out right after the transaction in progress, as given */
    assert_true(H.nsends >= s0 + 2);
    assert_int_equal(H.sends[s0].n, job.len);
    assert_memory_equal(H.sends[s0].bytes, job.frame, job.len);
    dlt645_frame rf;
    assert_int_equal(dlt645_frame_decode(H.fwd_data, H.fwd_n, &rf, NULL), DLT645_OK);
    assert_int_equal(rf.c, 0x91);
    assert_memory_equal(rf.addr, H.cfg.meter[2].addr, 6);
    /* AFN10 F9: 04000401 of meter 1 */
    assert_int_equal(
        cc_reader_read(H.r, h_now(), 5, H.cfg.meter[0].addr, CC_PROTO_645_2007, 0, 0x04000401), 0);
    h_run_until(H.ms + 3000);
    assert_int_equal(H.read_calls, 1);
    assert_int_equal(H.read_r, CC_READER_OK);
    assert_int_equal(H.read_di, 0x04000401);
    assert_int_equal(H.read_n, 6);
    assert_memory_equal(H.read_data, H.cfg.meter[0].addr, 6);
    /* a DI the meter does not have: denied */
    assert_int_equal(
        cc_reader_read(H.r, h_now(), 6, H.cfg.meter[1].addr, CC_PROTO_645_2007, 0, 0x0F0F0F0F), 0);
    h_run_until(H.ms + 3000);
    assert_int_equal(H.read_calls, 2);
    assert_int_equal(H.read_id, 6);
    assert_int_equal(H.read_r, CC_READER_DENIED);
    /* a meter that is not there: timeout after the retries */
    uint8_t nobody[6] = {0x99, 0x88, 0, 0, 0, 0};
    assert_int_equal(cc_reader_read(H.r, h_now(), 7, nobody, CC_PROTO_645_2007, 0, 0x00010000), 0);
    h_run_until(H.ms + 10000);
    assert_int_equal(H.read_calls, 3);
    assert_int_equal(H.read_r, CC_READER_TIMEOUT);
    /* forwarding to nobody: nothing within frame_timeout */
    job.id = 78;
    job.frame[5] ^= 0x01; /* another address; the CS no longer fits: nobody answers */
    assert_int_equal(cc_reader_forward(H.r, h_now(), &job), 0);
    h_run_until(H.ms + 5000);
    assert_int_equal(H.fwd_calls, 2);
    assert_int_equal(H.fwd_r, CC_READER_TIMEOUT);
    assert_int_equal(H.fwd_n, 0);
    /* the round still reads everything */
    h_run_rounds(1, 600000);
    assert_int_equal(H.ended[0].ok, 3);
}

static void test_sync_time_on_the_wire(void **state)
{
    (void)state;
    h_setup("2025-11-02T08:07:30", 0, NULL, DLT645_PROTO_2007, 2400);
    ms_meter_cfg c1 = h_meter_cfg("000000000101", DLT645_PROTO_2007, 2400);
    c1.clock_offset_ms = 125000;
    ms_meter_cfg c2 = h_meter_cfg("000000000102", DLT645_PROTO_2007, 2400);
    c2.clock_offset_ms = -61000;
    ms_meter_cfg c3 = h_meter_cfg("000000000103", DLT645_PROTO_1997, 9600);
    c3.clock_offset_ms = 3600000;
    assert_true(ms_bus_add(&H.bus, &c1, h_clock()) >= 0);
    assert_true(ms_bus_add(&H.bus, &c2, h_clock()) >= 0);
    assert_true(ms_bus_add(&H.bus, &c3, h_clock()) >= 0);
    h_set_meters_from_bus();
    size_t s0 = H.nsends;
    cc_reader_sync_time(H.r, h_now());
    h_run_until(H.ms + 5000);
    unsigned sets = 0;
    for (size_t i = s0; i < H.nsends; i++) {
        dlt645_frame f;
        if (!is_time_set(&H.sends[i], &f))
            continue;
        sets++;
        const h_send *s = &H.sends[i];
        assert_int_equal(s->baud, sets == 1 ? 2400 : 9600);
        /* FE x4, 68 99x6 68 08 06 ss mm hh DD MM YY (+33H) CS 16 */
        mdc_tm t;
        mdc_tm_from_epoch((s->ms + H.clock_off) / 1000, &t);
        uint8_t want[4 + 18];
        memcpy(want, "\xFE\xFE\xFE\xFE\x68\x99\x99\x99\x99\x99\x99\x68\x08\x06", 14);
        const unsigned parts[6] = {t.sec, t.min, t.hour, t.day, t.mon, t.year % 100u};
        for (unsigned k = 0; k < 6; k++)
            want[14 + k] = (uint8_t)(((parts[k] / 10) << 4 | parts[k] % 10) + 0x33);
        unsigned cs = 0;
        for (unsigned k = 4; k < 20; k++)
            cs += want[k];
        want[20] = (uint8_t)cs;
        want[21] = 0x16;
        assert_int_equal(s->n, sizeof want);
        assert_memory_equal(s->bytes, want, sizeof want);
    }
    assert_int_equal(sets, 2); /* one per rate */
    /* the meters' clocks now follow the terminal clock */
    for (unsigned i = 0; i < 40; i++) {
        if (!H.slots[i].used)
            continue;
        int64_t d = ms_meter_clock(&H.slots[i].meter, h_clock()) - h_clock();
        assert_true(d > -2000 && d < 2000);
    }
    /* and the next round measures deviations near zero */
    h_run_rounds(1, 600000);
    for (size_t i = 0; i < 3; i++) {
        cc_reader_meter_stats st;
        assert_true(cc_reader_meter_stats_get(H.r, i, &st));
        assert_true(st.clock_valid);
        assert_true(st.clock_dev_s >= -2 && st.clock_dev_s <= 2);
    }
}

static void test_search_finds_new_meters(void **state)
{
    (void)state;
    h_setup("2025-11-02T09:00:30", 3, "000000000711", DLT645_PROTO_2007, 2400);
    ms_meter_cfg c = h_meter_cfg("000000003512", DLT645_PROTO_1997, 1200);
    assert_true(ms_bus_add(&H.bus, &c, h_clock()) >= 0);
    /* noise before its replies: one valid reply among garbage still counts as one meter */
    ms_bus_find(&H.bus, c.addr)->fault.noise = 6;
    /* the reader knows the first meter */
    cc_reader_meter m[4];
    size_t n = h_meters_from_bus(m);
    assert_int_equal(n, 4);
    /* ... and the 1997 meter, but at a wrong rate: it is reported (found at 1200) */
    cc_reader_meter known[2] = {m[0], m[3]};
    known[1].baud = 2400;
    assert_int_equal(cc_reader_set_meters(H.r, h_now(), known, 2), 0);
    H.search_done = -1;
    const uint32_t rates[2] = {2400, 1200};
    cc_reader_search(H.r, h_now(), rates, 2);
    int64_t end = H.ms + 4LL * 3600 * 1000;
    while (H.search_done < 0 && H.ms < end)
        h_run_until(H.ms + 60000);
    assert_int_equal(H.search_done, 3);
    assert_int_equal(H.nfound, 3);
    for (size_t i = 1; i < 4; i++) {
        bool seen = false;
        for (size_t k = 0; k < H.nfound; k++)
            if (memcmp(H.found[k], m[i].addr, 6) == 0) {
                seen = true;
                assert_int_equal(H.found_proto[k], m[i].protocol);
                assert_int_equal(H.found_baud[k], m[i].baud);
            }
        assert_true(seen);
    }
    /* the noisy 1997 meter alone at 1200 was found with the root probe and its confirmation */
    unsigned probes1200 = 0;
    for (size_t i = 0; i < H.nsends; i++)
        if (H.sends[i].baud == 1200)
            probes1200++;
    assert_int_equal(probes1200, 3); /* 2007 root (silence); 1997 root, confirmation */
    /* the configured meter is read as well (the search went first); the 1997 one, configured
     * at the wrong rate, is not */
    h_run_rounds(1, 900000);
    assert_int_equal(H.ended[0].meters, 2);
    assert_int_equal(H.ended[0].ok, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_schedule_over_24h, teardown),
        cmocka_unit_test_teardown(test_pause_and_master_reread, teardown),
        cmocka_unit_test_teardown(test_jobs_between_round_transactions, teardown),
        cmocka_unit_test_teardown(test_sync_time_on_the_wire, teardown),
        cmocka_unit_test_teardown(test_search_finds_new_meters, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
