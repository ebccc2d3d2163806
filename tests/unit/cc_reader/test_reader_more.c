/* Reader core: follow-up frames, a reply cut short (byte gap), residual-current
 * devices, key users only, meters changed during a round, bad configuration,
 * the log lines. */
#include "reader_harness.h"

static int teardown(void **state)
{
    (void)state;
    h_teardown();
    return 0;
}

static void test_followup_frames_reassembled(void **state)
{
    (void)state;
    h_setup("2025-11-02T08:01:00", 1, "000000000201", DLT645_PROTO_2007, 4800);
    H.long_di = 0x06000002;
    memcpy(H.long_addr, H.cfg.meter[0].addr, 6);
    H.long_len = 450; /* 196 + 195 + 59: three frames */
    for (size_t i = 0; i < H.long_len; i++)
        H.long_data[i] = (uint8_t)(i * 7 + 1);
    size_t s0 = H.nsends;
    assert_int_equal(
        cc_reader_read(H.r, h_now(), 9, H.cfg.meter[0].addr, CC_PROTO_645_2007, 4800, 0x06000002),
        0);
    h_run_until(H.ms + 5000);
    assert_int_equal(H.read_calls, 1);
    assert_int_equal(H.read_r, CC_READER_OK);
    assert_int_equal(H.read_n, 450);
    assert_memory_equal(H.read_data, H.long_data, 450);
    /* 11H, then 12H SEQ 1 and SEQ 2 */
    unsigned seq = 0;
    for (size_t i = s0; i < H.nsends; i++) {
        dlt645_frame f;
        if (dlt645_frame_decode(H.sends[i].bytes, H.sends[i].n, &f, NULL) != DLT645_OK ||
            memcmp(f.addr, H.long_addr, 6) != 0)
            continue;
        if (f.c == 0x12) {
            assert_int_equal(f.len, 5);
            assert_int_equal(f.data[4], ++seq);
        }
    }
    assert_int_equal(seq, 2);
}

static void test_cut_reply_abandoned_after_byte_gap(void **state)
{
    (void)state;
    h_setup("2025-11-02T08:01:00", 1, "000000000211", DLT645_PROTO_2007, 2400);
    H.cut_next = 1;
    int64_t t0 = H.ms;
    assert_int_equal(
        cc_reader_read(H.r, h_now(), 3, H.cfg.meter[0].addr, CC_PROTO_645_2007, 0, 0x00010000), 0);
    h_run_until(H.ms + 5000);
    assert_int_equal(H.read_calls, 1);
    assert_int_equal(H.read_r, CC_READER_OK);
    assert_int_equal(H.nsends, 2); /* the cut reply was abandoned, the resend answered */
    /* the resend waited for the byte gap after the last byte of the cut reply (+ turnaround) */
    assert_true(H.sends[1].ms - t0 >= 500 + 20);
    assert_true(H.sends[1].ms - t0 < 1000);
}

static void test_rcd_plan(void **state)
{
    (void)state;
    h_setup("2025-11-02T08:01:00", 1, "000000000221", DLT645_PROTO_2007, 2400);
    ms_meter_cfg c = h_meter_cfg("000000000222", DLT645_PROTO_2007, 2400);
    c.kind = MS_KIND_RCD;
    c.rcd_residual_ma = 45;
    assert_true(ms_bus_add(&H.bus, &c, h_clock()) >= 0);
    h_set_meters_from_bus();
    h_run_rounds(1, 600000);
    const uint8_t *a = c.addr;
    static const uint32_t want[] = {0x04000503, 0x02900100, 0x02900200,
                                    0x1D000001, 0x04000101, 0x04000102};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const h_item *it = h_find_item(a, want[i], 0);
        if (!it)
            fail_msg("%08X not read from the RCD", (unsigned)want[i]);
        if (want[i] != 0x04000102)
            assert_true(it->truth_ok);
    }
    const h_item *res = h_find_item(a, 0x02900100, 0);
    assert_int_equal(res->len, 2);
    assert_int_equal(res->data[0], 0x45);       /* 0045 mA */
    assert_null(h_find_item(a, 0x0001FF00, 0)); /* not the meter plan */
    assert_int_equal(H.ended[0].ok, 2);
}

static void test_key_users_only(void **state)
{
    (void)state;
    h_setup("2025-11-02T08:01:00", 3, "000000000231", DLT645_PROTO_2007, 2400);
    cc_reader_sched s;
    cc_reader_sched_default(&s);
    s.key_only = true;
    cc_reader_set_sched(H.r, h_now(), &s);
    cc_reader_meter m[4];
    size_t n = h_meters_from_bus(m);
    m[1].key = true;
    assert_int_equal(cc_reader_set_meters(H.r, h_now(), m, n), 0);
    h_run_rounds(1, 600000);
    assert_int_equal(H.ended[0].meters, 1);
    assert_int_equal(H.ended[0].ok, 1);
    assert_int_equal(H.ended[0].key_ok, 1);
    assert_null(h_find_item(m[0].addr, 0x0001FF00, 0));
    assert_non_null(h_find_item(m[1].addr, 0x0001FF00, 0));
    cc_reader_port_stats ps;
    cc_reader_port_stats_get(H.r, &ps);
    assert_int_equal(ps.key_ok, 1);
}

static void test_meters_changed_during_round(void **state)
{
    (void)state;
    h_setup("2025-11-02T08:01:00", 3, "000000000241", DLT645_PROTO_2007, 2400);
    h_set_meters_from_bus();
    h_run_until(H.ms + 3000);
    assert_non_null(cc_reader_current_round(H.r));
    /* the same list again: nothing happens */
    h_set_meters_from_bus();
    assert_int_equal(H.nended, 0);
    /* one meter removed: the round ends after the transaction, a new one reads the rest */
    cc_reader_meter m[4];
    size_t n = h_meters_from_bus(m);
    assert_int_equal(cc_reader_set_meters(H.r, h_now(), &m[1], n - 1), 0);
    h_run_rounds(2, 600000);
    assert_int_equal(H.begun[1].reason, CC_READ_MASTER);
    assert_int_equal(H.ended[1].meters, 2);
    assert_int_equal(H.ended[1].ok, 2);
    size_t from = 0;
    for (size_t i = 0; i < H.nitems; i++)
        if (H.items[i].round == 2) {
            from = i;
            break;
        }
    assert_null(h_find_item(m[0].addr, 0x0001FF00, from));
    /* statistics follow the meters (index 0 is now the old second meter) */
    cc_reader_meter_stats st;
    assert_true(cc_reader_meter_stats_get(H.r, 0, &st));
    assert_true(st.replies > 0);
    assert_false(cc_reader_meter_stats_get(H.r, 2, &st));
}

/* A meter list changed in the quiet gap between two transactions (the round
 * is aborted at once, not after a transaction): the new MASTER round starts
 * after the turnaround, not at the next interval. */
static void test_meters_changed_between_transactions(void **state)
{
    (void)state;
    h_setup("2025-11-02T08:01:00", 3, "000000000251", DLT645_PROTO_2007, 9600);
    h_set_meters_from_bus();
    /* step until an item has just arrived: the reply is complete, the next request waits */
    size_t items = H.nitems;
    int64_t end = H.ms + 60000;
    while (H.nitems == items && H.ms < end)
        h_run_until(H.ms + 1);
    assert_true(H.nitems > items);
    assert_non_null(cc_reader_current_round(H.r));
    cc_reader_meter m[4];
    size_t n = h_meters_from_bus(m);
    int64_t changed = H.ms;
    assert_int_equal(cc_reader_set_meters(H.r, h_now(), &m[1], n - 1), 0);
    h_run_until(H.ms + 2000);
    assert_true(H.nbegun >= 2);
    assert_int_equal(H.begun[1].reason, CC_READ_MASTER);
    assert_true(H.begun[1].start_clock_ms - (changed + H.clock_off) < 1000);
}

static void test_bad_configuration_refused(void **state)
{
    (void)state;
    h_setup("2025-11-02T08:01:00", 0, NULL, DLT645_PROTO_2007, 2400);
    cc_reader_cfg c;
    cc_reader_cfg_default(&c);
    assert_int_equal(c.default_baud, 2400);
    assert_int_equal(c.reply_timeout_ms, 1000);
    assert_int_equal(c.byte_gap_ms, 500);
    assert_int_equal(c.retries, 2);
    assert_int_equal(c.preamble, 4);
    c.port = 0;
    assert_int_equal(cc_reader_init(H.r, &c, &h_ops, NULL), -1);
    cc_reader_cfg_default(&c);
    c.default_baud = 19200;
    assert_int_equal(cc_reader_init(H.r, &c, &h_ops, NULL), -1);
    cc_reader_ops no_send = h_ops;
    no_send.send = NULL;
    cc_reader_cfg_default(&c);
    assert_int_equal(cc_reader_init(H.r, &c, &no_send, NULL), -1);
    assert_int_equal(cc_reader_init(H.r, &c, &h_ops, NULL), 0);
    cc_reader_meter m[CC_READER_METERS_MAX + 1];
    memset(m, 0, sizeof m);
    for (size_t i = 0; i <= CC_READER_METERS_MAX; i++) {
        m[i].addr[0] = (uint8_t)i;
        m[i].protocol = CC_PROTO_645_2007;
    }
    assert_int_equal(cc_reader_set_meters(H.r, h_now(), m, CC_READER_METERS_MAX + 1), -1);
    m[0].baud = 115200;
    assert_int_equal(cc_reader_set_meters(H.r, h_now(), m, 1), -1);
    /* nothing configured: no deadline, nothing sent */
    assert_int_equal(cc_reader_next_deadline(H.r), CC_READER_NO_DEADLINE);
    assert_int_equal(H.nsends, 0);
    /* unknown protocols are kept but not read */
    m[0].baud = 0;
    m[0].protocol = CC_PROTO_AC;
    assert_int_equal(cc_reader_set_meters(H.r, h_now(), m, 1), 0);
    h_run_until(H.ms + 60000);
    assert_int_equal(H.nsends, 0);
    cc_reader_port_stats ps;
    cc_reader_port_stats_get(H.r, &ps);
    assert_int_equal(ps.meters, 0);
    assert_int_equal(cc_reader_read(H.r, h_now(), 1, m[0].addr, CC_PROTO_AC, 0, 1), -1);
}

static char last_lines[8][200];
static unsigned nlines;

static void keep_log(void *ctx, const char *line)
{
    (void)ctx;
    snprintf(last_lines[nlines % 8], sizeof last_lines[0], "%s", line);
    nlines++;
}

static void test_log_lines(void **state)
{
    (void)state;
    h_setup("2025-11-02T08:01:00", 1, "000000000003", DLT645_PROTO_2007, 2400);
    cc_reader_ops ops = h_ops;
    ops.log = keep_log;
    cc_reader_cfg c;
    cc_reader_cfg_default(&c);
    c.port = 3;
    assert_int_equal(cc_reader_init(H.r, &c, &ops, NULL), 0);
    ms_bus_find(&H.bus, H.cfg.meter[0].addr)->fault.silent = true;
    nlines = 0;
    h_set_meters_from_bus();
    h_run_rounds(1, 600000);
    /* start, 2 retries, the failure, the meter, the end */
    assert_int_equal(nlines, 6);
    assert_string_equal(last_lines[0], "RS485-II round 1 start (master), 1 meters");
    assert_string_equal(last_lines[1], "RS485-II 000000000003 0000FF00 timeout, retry 1");
    assert_string_equal(last_lines[3], "RS485-II 000000000003 0000FF00 timeout");
    assert_string_equal(last_lines[4], "RS485-II p1 000000000003 no answer (1 rounds)");
    assert_string_equal(last_lines[5],
                        "RS485-II round 1 end: 0 of 1 meters ok, 3 requests, 3 failures");
}

static void test_full_port_round_fits_the_interval(void **state)
{
    (void)state;
    /* R-C6: 32 meters on the port; at 2400 baud the first round (everything, incl. the
     * once-a-day items) and an ordinary round both end within the 15-minute interval */
    h_setup("2025-11-02T08:00:00", 32, "000000000301", DLT645_PROTO_2007, 2400);
    h_set_meters_from_bus();
    h_run_rounds(2, 3600000);
    for (unsigned k = 0; k < 2; k++) {
        int64_t d = H.ended[k].end_clock_ms - H.ended[k].start_clock_ms;
        print_message("round %u: 32 meters, %u requests, %lld s\n", k + 1,
                      (unsigned)H.ended[k].requests, (long long)(d / 1000));
        assert_int_equal(H.ended[k].ok, 32);
        assert_true(d < 15 * 60000);
    }
    cc_reader_port_stats ps;
    cc_reader_port_stats_get(H.r, &ps);
    assert_true(ps.done_in_period);
    assert_int_equal(ps.ok, 32);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_followup_frames_reassembled, teardown),
        cmocka_unit_test_teardown(test_cut_reply_abandoned_after_byte_gap, teardown),
        cmocka_unit_test_teardown(test_rcd_plan, teardown),
        cmocka_unit_test_teardown(test_key_users_only, teardown),
        cmocka_unit_test_teardown(test_meters_changed_during_round, teardown),
        cmocka_unit_test_teardown(test_meters_changed_between_transactions, teardown),
        cmocka_unit_test_teardown(test_bad_configuration_refused, teardown),
        cmocka_unit_test_teardown(test_log_lines, teardown),
        cmocka_unit_test_teardown(test_full_port_round_fits_the_interval, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
