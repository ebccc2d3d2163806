/* metersim integration (part 2: speed-up, config file, script, values): the real binary over a real
 * pty, a DL/T 645 master built on the project's library, the control socket as the source of truth.
 * Timing assertions stay within the simulator's documented delays (reply delay 20..500 ms + wire
 * time). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "dlt645/dlt645.h"
#include "mdc/platform/serial.h"
#include "mdc/platform/usock.h"

#include "live_util.h"

static void test_freeze_speedup_live(void **state)
{
    (void)state;
    static const char *const fast[] = {
        "--link",       link_path, "--control",           sock_path, "--count", "1", "--first-addr",
        "000000000001", "--start", "2025-11-02T23:59:00", "--speed", "3600",    NULL};
    start_sim(fast);
    sleep_ms(1500); /* 1.5 simulated hours: past the meter's midnight, 6 load records */
    dlt645_frame f, rep;
    dlt645_reply rp;
    char truth[64], hex[64];
    read_req("000000000001", 0x05060001, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_int_equal(dlt645_reply_parse(&rep, DLT645_PROTO_2007, &rp), DLT645_OK);
    assert_memory_equal(rp.data, "\x00\x00\x03\x11\x25", 5); /* 25-11-03 00:00 */
    read_req("000000000001", 0x05060101, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_int_equal(dlt645_reply_parse(&rep, DLT645_PROTO_2007, &rp), DLT645_OK);
    hex_of(rp.data, rp.len, hex);
    ctl_data(ctl("read 000000000001 05060101"), truth, sizeof truth);
    assert_string_equal(hex, truth);
    /* the latest 5 load records: a long answer in follow-up frames (B1, B2 ..., 92) */
    dlt645_request rq;
    dlt645_followup fu;
    uint8_t a[6];
    dlt645_addr_parse("000000000001", a);
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_READ, a);
    rq.di = 0x06000002;
    rq.has_blocks = true;
    rq.blocks = 5;
    assert_int_equal(dlt645_request_build(&rq, &f), DLT645_OK);
    dlt645_followup_start(&fu, DLT645_PROTO_2007, a, rq.di);
    bool done = false;
    unsigned frames = 0;
    while (!done) {
        assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
        assert_int_equal(dlt645_followup_add(&fu, &rep, &done), DLT645_OK);
        frames++;
        if (!done)
            assert_int_equal(dlt645_followup_next(&fu, &f), DLT645_OK);
    }
    assert_true(frames >= 2);
    size_t len;
    const uint8_t *d = dlt645_followup_data(&fu, &len);
    unsigned recs = 0;
    for (size_t pos = 0; pos + 3 <= len; pos += (size_t)d[pos + 2] + 6u, recs++)
        assert_int_equal(d[pos], 0xA0);
    assert_int_equal(recs, 5);
    stop_sim();
}

static void test_config_script_1997_rcd_live(void **state)
{
    (void)state;
    char conf[512];
    snprintf(conf, sizeof conf,
             "[bus]\nlink = %s\ncontrol = %s\nscript = %s\nstart = 2025-11-02T08:00:00\n"
             "[meter 000000001997]\nprotocol = 1997\nforward = 1234.56\nload = 0\n"
             "[meter 000000000888]\nkind = rcd\nrcd_trip = 100\nresidual = 20\n",
             link_path, sock_path, script_path);
    write_file(conf_path, conf);
    write_file(script_path, "# trip the RCD after half a second\n0.5 residual 000000000888 150\n");
    static const char *const args[] = {"--config", conf_path, NULL};
    start_sim(args);
    dlt645_frame f, rep;
    /* 1997: 9010 */
    read_req("000000001997", 0x9010, DLT645_PROTO_1997, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_int_equal(rep.c, 0x81);
    assert_memory_equal(rep.data, "\x10\x90\x56\x34\x12\x00", 6);
    /* RCD: residual current now 20 mA, then the script trips it */
    read_req("000000000888", 0x02900100, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_memory_equal(rep.data + 4, "\x20\x00", 2);
    sleep_ms(700);
    assert_non_null(strstr(ctl("truth 000000000888"), "\"relay\":\"open\""));
    read_req("000000000888", 0x1D800101, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_int_equal(rep.len, 4 + 12);
    assert_int_equal(rep.data[4 + 6], 0x01);              /* cause: residual current */
    assert_memory_equal(rep.data + 4 + 7, "\x50\x01", 2); /* 150 mA */
    read_req("000000000888", 0x04000503, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_int_equal(rep.data[4] & 0x10, 0x10);
    stop_sim();
}
static void test_values_live(void **state)
{
    (void)state;
    char conf[512], b[64], x[64], a[64], kb[13], kx[13], ka[13];
    snprintf(conf, sizeof conf,
             "[bus]\nlink = %s\ncontrol = %s\n"
             "[meter 000000000042]\nclock_offset = 95\ndrift = 50\nmoney = 12.34\nload = 900\n"
             "delay = 25\n",
             link_path, sock_path);
    write_file(conf_path, conf);
    static const char *const args[] = {"--config", conf_path, NULL};
    start_sim(args);
    const char *m = "000000000042";
    /* the meter's clock (offset 95 s, drift) read over the bus lies between two truths */
    truth_hex(m, "0400010C", b, sizeof b);
    bus_read_hex(m, 0x0400010C, x);
    truth_hex(m, "0400010C", a, sizeof a);
    clock_key(b, kb);
    clock_key(x, kx);
    clock_key(a, ka);
    assert_true(strcmp(kb, kx) <= 0 && strcmp(kx, ka) <= 0);
    /* a clock jump shows on the bus */
    assert_non_null(strstr(ctl("clock 000000000042 2031-05-06T07:08:09"), "2031-05-06T07:08:"));
    bus_read_hex(m, 0x0400010C, x);
    clock_key(x, kx);
    assert_memory_equal(kx, "3105060708", 10);
    /* prepayment: remaining money only goes down */
    truth_hex(m, "00900200", b, sizeof b);
    bus_read_hex(m, 0x00900200, x);
    truth_hex(m, "00900200", a, sizeof a);
    assert_true(bcd_hex4(a) <= bcd_hex4(x) && bcd_hex4(x) <= bcd_hex4(b));
    /* a status-word change */
    ctl("sw 000000000042 1 0014");
    bus_read_hex(m, 0x04000501, x);
    assert_string_equal(x, "1400");
    /* the reading going down */
    bus_read_hex(m, 0x00010000, b);
    ctl("energy-down 000000000042 100");
    bus_read_hex(m, 0x00010000, a);
    assert_true(bcd_hex4(a) < bcd_hex4(b));
    /* terminal box */
    ctl("tbox 000000000042 open");
    bus_read_hex(m, 0x03300E00, x);
    assert_string_equal(x, "010000");
    /* power down: silent, then a power-down record */
    dlt645_frame f, rep;
    ctl("power 000000000042 off");
    read_req(m, 0x00010000, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 700, &rep, NULL, NULL), 0);
    ctl("power 000000000042 on");
    bus_read_hex(m, 0x03110000, x);
    assert_string_equal(x, "010000");
    /* an inter-byte gap over 500 ms abandons a partial frame; the next frame is answered */
    uint8_t wire[64];
    size_t n;
    assert_int_equal(dlt645_frame_encode(&f, wire, sizeof wire, &n), DLT645_OK);
    assert_int_equal(write(line_fd, wire, 9), 9);
    sleep_ms(700);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    /* write the address (15H to AA x 6, one meter on the bus): the reply comes from the new one */
    dlt645_request rq;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_WRITE_ADDR, dlt645_addr_wildcard);
    assert_int_equal(dlt645_addr_parse("000000004242", rq.new_addr), DLT645_OK);
    assert_int_equal(dlt645_request_build(&rq, &f), DLT645_OK);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_int_equal(rep.c, 0x95);
    assert_memory_equal(rep.addr, rq.new_addr, 6);
    assert_string_equal(ctl("list"), "{\"ok\":true,\"meters\":[\"000000004242\"]}");
    stop_sim();
}

static void test_settlement_live(void **state)
{
    (void)state;
    static const char *const fast[] = {
        "--link",       link_path, "--control",           sock_path, "--count", "2", "--first-addr",
        "000000000001", "--start", "2025-11-30T23:50:00", "--speed", "3600",    NULL};
    start_sim(fast);
    sleep_ms(1200); /* past 12-01 00:00, the default settlement day */
    char x[128], t[128];
    static const uint32_t dis[] = {0x0001FF01, 0x0002FF01, 0x0101FF01, 0x01010001, 0x00010001};
    static const char *const names[] = {"0001FF01", "0002FF01", "0101FF01", "01010001", "00010001"};
    for (size_t i = 0; i < 5; i++) {
        bus_read_hex("000000000002", dis[i], x);
        truth_hex("000000000002", names[i], t, sizeof t);
        assert_string_equal(x, t);
    }
    assert_non_null(strstr(ctl("truth 000000000002"), "\"settlements\":1"));
    stop_sim();
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_freeze_speedup_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_script_1997_rcd_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_values_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_settlement_live, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
