/* Reader core rounds against the simulated bus: every planned item with the
 * meter's true value, 1997 meters in the 2007 form, block fallback, faults and
 * retries, 补抄, rates, clock deviation, port statistics. */
#include "reader_harness.h"

/* 2007 DIs a round delivers for a 2007 single-phase 4-tariff meter on metersim. */
static const uint32_t plan07[] = {
    0x0000FF00, 0x0001FF00, 0x0002FF00, 0x0003FF00, 0x0004FF00, 0x0005FF00, 0x0006FF00, 0x0007FF00,
    0x0008FF00, 0x0000FF01, 0x0001FF01, 0x0002FF01, 0x0003FF01, 0x0004FF01, 0x0101FF00, 0x0102FF00,
    0x0103FF00, 0x0104FF00, 0x0101FF01, 0x0102FF01, 0x0201FF00, 0x0202FF00, 0x0203FF00, 0x0204FF00,
    0x0205FF00, 0x0206FF00, 0x04000101, 0x04000102, 0x040005FF, 0x03300000, 0x03300001, 0x03300400,
    0x03300401, 0x03300D00, 0x03300D01, 0x03300E00, 0x03300E01, 0x1D000001, 0x1D000101, 0x1E000001,
    0x1E000101, 0x03350000, 0x03350001, 0x00900100, 0x00900101, 0x00900200, 0x00900201, 0x03330201,
};

/* 2007 forms of what a 1997 meter gives (901F.., 941F.., B61F.., C010, C011, B212,
 * A010 + B010). */
static const uint32_t plan97_same[] = {0x0001FF00, 0x0002FF00, 0x0003FF00, 0x0004FF00, 0x0005FF00,
                                       0x0006FF00, 0x0007FF00, 0x0008FF00, 0x0001FF01, 0x0002FF01,
                                       0x0003FF01, 0x0004FF01, 0x04000101, 0x04000102,
                                       /* maximum demand: A010 + B010 (+ the year); the simulated
                                          1997 meter has no reverse demand (A020/B020) */
                                       0x01010000};
static const uint32_t plan97_rescaled[] = {0x0201FF00, 0x0202FF00, 0x0203FF00,
                                           0x0204FF00, 0x0206FF00, 0x03300000};

static int teardown(void **state)
{
    (void)state;
    h_teardown();
    return 0;
}

static void test_round_2007_every_item_true_value(void **state)
{
    (void)state;
    h_setup("2025-11-02T08:03:00", 3, "000000000001", DLT645_PROTO_2007, 2400);
    h_set_meters_from_bus();
    h_run_rounds(1, 600000);
    assert_int_equal(H.begun[0].reason, CC_READ_MASTER);
    assert_int_equal(H.ended[0].meters, 3);
    assert_int_equal(H.ended[0].ok, 3);
    assert_int_equal(H.ended[0].failures, 0);
    for (unsigned k = 0; k < 3; k++) {
        const uint8_t *a = H.cfg.meter[k].addr;
        for (size_t j = 0; j < sizeof plan07 / sizeof plan07[0]; j++) {
            const h_item *it = h_find_item(a, plan07[j], 0);
            if (!it)
                fail_msg("meter %u: %08X not delivered", k, (unsigned)plan07[j]);
            if (plan07[j] != 0x04000102) /* the clock moves between request and check */
                assert_true(it->truth_ok);
            assert_int_equal(h_count_items(a, plan07[j], 0), 1);
        }
        cc_reader_meter_stats st;
        assert_true(cc_reader_meter_stats_get(H.r, k, &st));
        assert_int_equal(st.fail_streak, 0);
        assert_false(st.failing);
        assert_int_equal(st.items_missing, 0);
        assert_int_equal(st.timeouts, 0);
        assert_true(st.replies >= sizeof plan07 / sizeof plan07[0]);
        assert_true(st.clock_valid);
        assert_true(st.clock_dev_s >= -1 && st.clock_dev_s <= 1);
    }
    /* blocks were read as blocks: one request for 0001FF00 per meter */
    assert_int_equal(h_count_requests(H.cfg.meter[0].addr, 0x0001FF00, 0), 1);
    assert_int_equal(h_count_requests(H.cfg.meter[0].addr, 0x00010000, 0), 0);
    /* every request had the FE preamble and went out 8E1 at 2400 */
    for (size_t i = 0; i < H.nsends; i++) {
        assert_int_equal(H.sends[i].baud, 2400);
        assert_int_equal(H.sends[i].parity, 2);
        assert_memory_equal(H.sends[i].bytes, "\xFE\xFE\xFE\xFE\x68", 5);
    }
    /* F11 */
    cc_reader_port_stats ps;
    cc_reader_port_stats_get(H.r, &ps);
    assert_int_equal(ps.meters, 3);
    assert_int_equal(ps.ok, 3);
    assert_false(ps.busy);
    assert_true(ps.done_in_period);
    assert_int_equal(ps.rounds, 1);
    assert_int_equal(ps.start_clock_ms, h_epoch_ms("2025-11-02T08:03:00"));
    assert_true(ps.end_clock_ms > ps.start_clock_ms);
    assert_null(cc_reader_current_round(H.r));
    /* the next round at 08:15 (interval multiple) reads the settlement data no more */
    size_t before = H.nitems;
    h_run_rounds(2, 1200000);
    assert_int_equal(H.begun[1].reason, CC_READ_SCHEDULED);
    assert_int_equal(H.begun[1].start_clock_ms, h_epoch_ms("2025-11-02T08:15:00"));
    assert_int_equal(h_count_items(H.cfg.meter[0].addr, 0x0001FF01, before), 0);
    assert_int_equal(h_count_items(H.cfg.meter[0].addr, 0x0001FF00, before), 1);
    /* event records follow their counts: none changed, none read again */
    assert_int_equal(h_count_items(H.cfg.meter[0].addr, 0x03300D00, before), 1);
    assert_int_equal(h_count_items(H.cfg.meter[0].addr, 0x03300D01, before), 0);
    /* the cover of meter 1 is opened: its count and its last record are read */
    ms_slot *s = ms_bus_find(&H.bus, H.cfg.meter[0].addr);
    ms_meter_event_begin(&s->meter, MS_EV_COVER, h_clock(), NULL);
    before = H.nitems;
    h_run_rounds(3, 1200000);
    const h_item *rec = h_find_item(H.cfg.meter[0].addr, 0x03300D01, before);
    assert_non_null(rec);
    assert_true(rec->truth_ok);
    assert_true(h_find_item(H.cfg.meter[0].addr, 0x03300D00, before)->truth_ok);
    assert_null(h_find_item(H.cfg.meter[1].addr, 0x03300D01, before));
    assert_null(h_find_item(H.cfg.meter[0].addr, 0x03300E01, before));
}

static void test_round_1997_in_2007_form(void **state)
{
    (void)state;
    h_setup("2025-11-02T09:01:00", 2, "000000000021", DLT645_PROTO_1997, 1200);
    h_set_meters_from_bus();
    h_run_rounds(1, 900000);
    assert_int_equal(H.ended[0].ok, 2);
    for (unsigned k = 0; k < 2; k++) {
        const uint8_t *a = H.cfg.meter[k].addr;
        for (size_t j = 0; j < sizeof plan97_same / sizeof plan97_same[0]; j++) {
            const h_item *it = h_find_item(a, plan97_same[j], 0);
            if (!it)
                fail_msg("meter %u: %08X not delivered", k, (unsigned)plan97_same[j]);
            if (plan97_same[j] != 0x04000102)
                assert_true(it->truth_ok);
        }
        for (size_t j = 0; j < sizeof plan97_rescaled / sizeof plan97_rescaled[0]; j++)
            if (!h_find_item(a, plan97_rescaled[j], 0))
                fail_msg("meter %u: %08X not delivered", k, (unsigned)plan97_rescaled[j]);
        /* 2007-only items were not asked */
        assert_null(h_find_item(a, 0x05060001, 0));
        assert_null(h_find_item(a, 0x040005FF, 0));
        /* the wire carried 1997 DIs */
        assert_int_equal(h_count_requests(a, 0x901F, 0), 1);
        assert_int_equal(h_count_requests(a, 0xC010, 0), 1);
        assert_int_equal(h_count_requests(a, 0xA010, 0), 1);
        assert_int_equal(h_count_requests(a, 0xB010, 0), 1);
    }
    /* voltage 0201FF00 from B61F: whole volts as XXX.X */
    const h_item *v = h_find_item(H.cfg.meter[0].addr, 0x0201FF00, 0);
    assert_int_equal(v->len, 6);
    assert_int_equal(v->data[0] & 0x0F, 0); /* tenths digit 0 */
    cc_reader_meter_stats st;
    assert_true(cc_reader_meter_stats_get(H.r, 0, &st));
    assert_true(st.clock_valid);
    assert_true(st.clock_dev_s >= -1 && st.clock_dev_s <= 1);
}

static void test_block_denied_read_singly(void **state)
{
    (void)state;
    h_setup("2025-11-02T10:02:00", 2, "000000000031", DLT645_PROTO_2007, 2400);
    /* meter 2 is of a vendor that denies every block and has no magnetic record */
    memcpy(H.deny_addr[0], H.cfg.meter[1].addr, 6);
    H.ndeny = 1;
    H.deny_di[0] = 0x03350001;
    H.ndeny_di = 1;
    h_set_meters_from_bus();
    h_run_rounds(1, 900000);
    const uint8_t *a = H.cfg.meter[1].addr, *b = H.cfg.meter[0].addr;
    assert_int_equal(H.ended[0].ok, 2); /* denials are not failures */
    assert_null(h_find_item(a, 0x0001FF00, 0));
    for (uint32_t t = 0; t <= 4; t++) {
        const h_item *it = h_find_item(a, 0x00010000 | t << 8, 0);
        assert_non_null(it);
        assert_true(it->truth_ok);
    }
    /* phases of a single-phase meter: A only; power with a total */
    assert_non_null(h_find_item(a, 0x02010100, 0));
    assert_null(h_find_item(a, 0x02010200, 0));
    assert_non_null(h_find_item(a, 0x02030000, 0));
    assert_non_null(h_find_item(a, 0x04000507, 0));
    assert_null(h_find_item(a, 0x03350001, 0));
    cc_reader_meter_stats st;
    assert_true(cc_reader_meter_stats_get(H.r, 1, &st));
    assert_int_equal(st.items_missing, 0);
    assert_true(st.denied >= 20);
    assert_false(st.failing);
    /* the other meter is read by blocks */
    assert_non_null(h_find_item(b, 0x0001FF00, 0));
    /* next round: no block request to the denying meter, the absent item not asked again */
    size_t s0 = H.nsends;
    h_run_rounds(2, 1200000);
    assert_int_equal(h_count_requests(a, 0x0001FF00, s0), 0);
    assert_int_equal(h_count_requests(a, 0x00010000, s0), 1);
    assert_int_equal(h_count_requests(a, 0x03350001, s0), 0);
    assert_int_equal(h_count_requests(b, 0x0001FF00, s0), 1);
    /* the meter replaced by one with a new address: the memory is gone */
    cc_reader_meter m[4];
    size_t n = h_meters_from_bus(m);
    m[1].addr[0] ^= 0x01;
    assert_int_equal(cc_reader_set_meters(H.r, h_now(), m, n), 0);
    size_t s1 = H.nsends;
    h_run_rounds(3, 1200000);
    /* (nobody answers there: the first block is tried 1 + 2 times, as a block) */
    assert_int_equal(h_count_requests(m[1].addr, 0x0000FF00, s1), 3);
    assert_int_equal(h_count_requests(m[1].addr, 0x00000000, s1), 0);
}

static void test_block_denied_1997(void **state)
{
    (void)state;
    h_setup("2025-11-02T10:02:00", 1, "000000000035", DLT645_PROTO_1997, 2400);
    memcpy(H.deny_addr[0], H.cfg.meter[0].addr, 6);
    H.ndeny = 1;
    h_set_meters_from_bus();
    h_run_rounds(1, 900000);
    const uint8_t *a = H.cfg.meter[0].addr;
    assert_int_equal(H.ended[0].ok, 1);
    assert_int_equal(h_count_requests(a, 0x901F, 0), 1);
    for (uint32_t t = 0; t <= 4; t++) {
        assert_int_equal(h_count_requests(a, 0x9010 + t, 0), 1);
        const h_item *it = h_find_item(a, 0x00010000 | t << 8, 0);
        assert_non_null(it);
        assert_true(it->truth_ok);
    }
    assert_int_equal(h_count_requests(a, 0xB611, 0), 1); /* phase A only */
    assert_int_equal(h_count_requests(a, 0xB612, 0), 0);
    assert_non_null(h_find_item(a, 0x02010100, 0));
}

static void test_faults_retries_other_meters_unaffected(void **state)
{
    (void)state;
    h_setup("2025-11-02T11:01:00", 5, "000000000041", DLT645_PROTO_2007, 2400);
    ms_bus_find(&H.bus, H.cfg.meter[0].addr)->fault.silent = true;
    ms_bus_find(&H.bus, H.cfg.meter[1].addr)->fault.bad_cs = true;
    ms_bus_find(&H.bus, H.cfg.meter[2].addr)->fault.noise = 9;
    ms_bus_find(&H.bus, H.cfg.meter[3].addr)->fault.collide = true;
    h_set_meters_from_bus();
    h_run_rounds(1, 900000);
    const cc_reader_round_info *ri = &H.ended[0];
    assert_int_equal(ri->meters, 5);
    assert_int_equal(ri->ok, 2); /* noise before the reply is harmless; meter 5 clean */
    cc_reader_meter_stats st;
    /* silent: the first item tried 1 + 2 retries, then the meter's turn ends */
    assert_true(cc_reader_meter_stats_get(H.r, 0, &st));
    assert_int_equal(st.timeouts, 3);
    assert_int_equal(st.requests, 3);
    assert_int_equal(st.replies, 0);
    assert_true(st.failing);
    assert_int_equal(st.fail_streak, 1);
    assert_int_equal(st.items_missing,
                     sizeof plan07 / sizeof plan07[0] + 4); /* + 4 daily-freeze items */
    /* bad checksum: bad frames, no timeouts counted as silence */
    assert_true(cc_reader_meter_stats_get(H.r, 1, &st));
    assert_int_equal(st.replies, 0);
    assert_true(st.bad_frames >= 3);
    assert_true(st.failing);
    /* noise: read fine */
    assert_true(cc_reader_meter_stats_get(H.r, 2, &st));
    assert_int_equal(st.items_missing, 0);
    assert_false(st.failing);
    assert_non_null(h_find_item(H.cfg.meter[2].addr, 0x0001FF00, 0));
    /* collision: garbled */
    assert_true(cc_reader_meter_stats_get(H.r, 3, &st));
    assert_true(st.failing);
    assert_int_equal(st.replies, 0);
    /* the last meter unaffected */
    assert_true(cc_reader_meter_stats_get(H.r, 4, &st));
    assert_int_equal(st.items_missing, 0);
    assert_true(h_find_item(H.cfg.meter[4].addr, 0x0001FF00, 0)->truth_ok);
    assert_true(ri->failures >= 9);
    /* two rounds of silence: the streak grows */
    h_run_rounds(2, 1200000);
    assert_true(cc_reader_meter_stats_get(H.r, 0, &st));
    assert_int_equal(st.fail_streak, 2);
}

static void test_reread_after_recovery(void **state)
{
    (void)state;
    h_setup("2025-11-02T12:00:00", 2, "000000000051", DLT645_PROTO_2007, 2400);
    cc_reader_sched s;
    cc_reader_sched_default(&s);
    s.interval_min = 60;
    cc_reader_set_sched(H.r, h_now(), &s);
    ms_bus_find(&H.bus, H.cfg.meter[1].addr)->fault.silent = true;
    h_set_meters_from_bus();
    h_run_rounds(1, 900000);
    cc_reader_meter_stats st;
    assert_true(cc_reader_meter_stats_get(H.r, 1, &st));
    assert_true(st.items_missing > 40);
    /* a 补抄 round 5 minutes after the end: still silent */
    h_run_rounds(2, 900000);
    assert_int_equal(H.begun[1].reason, CC_READ_REREAD);
    assert_int_equal(H.begun[1].meters, 1);
    assert_true(H.begun[1].start_clock_ms - H.ended[0].end_clock_ms >= 5 * 60000);
    /* the meter recovers; the next 补抄 reads what it missed, and only that meter */
    ms_bus_find(&H.bus, H.cfg.meter[1].addr)->fault.silent = false;
    size_t i0 = H.nitems;
    h_run_rounds(3, 900000);
    assert_int_equal(H.begun[2].reason, CC_READ_REREAD);
    assert_true(h_clock() < h_epoch_ms("2025-11-02T13:00:00"));
    assert_non_null(h_find_item(H.cfg.meter[1].addr, 0x0001FF00, i0));
    assert_non_null(h_find_item(H.cfg.meter[1].addr, 0x0001FF01, i0));
    assert_null(h_find_item(H.cfg.meter[0].addr, 0x0001FF00, i0));
    assert_true(cc_reader_meter_stats_get(H.r, 1, &st));
    assert_int_equal(st.items_missing, 0);
    assert_false(st.failing);
    assert_int_equal(st.fail_streak, 0);
    /* nothing missing: the next round is the 13:00 one */
    h_run_rounds(4, 3600000);
    assert_int_equal(H.begun[3].reason, CC_READ_SCHEDULED);
    assert_int_equal(H.begun[3].start_clock_ms, h_epoch_ms("2025-11-02T13:00:00"));
}

static void test_rates_per_meter_and_clock_deviation(void **state)
{
    (void)state;
    h_setup("2025-11-02T14:01:00", 0, NULL, DLT645_PROTO_2007, 2400);
    static const unsigned rates[] = {1200, 9600, 4800, 600};
    static const char *const addrs[] = {"000000000061", "000000000062", "000000000063",
                                        "000000000064"};
    static const int64_t offs[] = {90000, -30000, 0, 2000};
    for (unsigned i = 0; i < 4; i++) {
        ms_meter_cfg c = h_meter_cfg(addrs[i], DLT645_PROTO_2007, rates[i]);
        c.clock_offset_ms = offs[i];
        assert_true(ms_bus_add(&H.bus, &c, h_clock()) >= 0);
    }
    h_set_meters_from_bus();
    h_run_rounds(1, 1800000);
    assert_int_equal(H.ended[0].ok, 4);
    for (unsigned i = 0; i < 4; i++) {
        uint8_t a[6];
        dlt645_addr_parse(addrs[i], a);
        /* every request to the meter went at its rate */
        for (size_t k = 0; k < H.nsends; k++) {
            dlt645_frame f;
            if (dlt645_frame_decode(H.sends[k].bytes, H.sends[k].n, &f, NULL) == DLT645_OK &&
                memcmp(f.addr, a, 6) == 0)
                assert_int_equal(H.sends[k].baud, rates[i]);
        }
        cc_reader_meter_stats st;
        assert_true(cc_reader_meter_stats_get(H.r, i, &st));
        assert_true(st.clock_valid);
        int64_t want = offs[i] / 1000;
        if (st.clock_dev_s < want - 1 || st.clock_dev_s > want + 1)
            fail_msg("meter %u: deviation %d s, want %d", i, (int)st.clock_dev_s, (int)want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_round_2007_every_item_true_value, teardown),
        cmocka_unit_test_teardown(test_round_1997_in_2007_form, teardown),
        cmocka_unit_test_teardown(test_block_denied_read_singly, teardown),
        cmocka_unit_test_teardown(test_block_denied_1997, teardown),
        cmocka_unit_test_teardown(test_faults_retries_other_meters_unaffected, teardown),
        cmocka_unit_test_teardown(test_reread_after_recovery, teardown),
        cmocka_unit_test_teardown(test_rates_per_meter_and_clock_deviation, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
