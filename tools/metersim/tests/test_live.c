/* metersim integration: the real binary over a real pty, a DL/T 645 master built on the
 * project's library, the control socket as the source of truth. Timing assertions stay
 * within the simulator's documented delays (reply delay 20..500 ms + wire time). */
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

static const char *const quick[] = {
    "--link",       link_path, "--control",           sock_path, "--count", "3", "--first-addr",
    "123456781012", "--start", "2025-11-02T08:00:00", "--speed", "60",      NULL};

static void test_read_against_truth(void **state)
{
    (void)state;
    start_sim(quick);
    dlt645_frame f, rep;
    dlt645_reply rp;
    char hex[64], before[64], after[64];
    unsigned ms;
    read_req("123456781013", 0x00010000, DLT645_PROTO_2007, &f);
    ctl_data(ctl("read 123456781013 00010000"), before, sizeof before);
    assert_int_equal(xfer(&f, 1500, &rep, &ms, NULL), 1);
    ctl_data(ctl("read 123456781013 00010000"), after, sizeof after);
    assert_int_equal(dlt645_reply_parse(&rep, DLT645_PROTO_2007, &rp), DLT645_OK);
    assert_int_equal(rp.di, 0x00010000);
    hex_of(rp.data, rp.len, hex);
    /* the register only grows: the bus value lies between the truth before and after */
    assert_true(bcd_hex4(before) <= bcd_hex4(hex));
    assert_true(bcd_hex4(hex) <= bcd_hex4(after));
    /* reply delay (105 ms for ...13) + 20 bytes at 2400 baud (91.7 ms): never faster than that */
    assert_true(ms >= 105 + 91);
    assert_true(ms < 500 + 92 + 1000);
    /* a wildcard read answers with the real address */
    read_req("AAAAAAAA1014", 0x04000401, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_memory_equal(rep.addr, "\x14\x10\x78\x56\x34\x12", 6);
    /* another address: silence */
    read_req("123456781099", 0x00010000, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 700, &rep, NULL, NULL), 0);
    /* unknown DI: error reply with ERR no_data */
    read_req("123456781012", 0x04A00000, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_int_equal(rep.c, 0xD1);
    assert_int_equal(rep.data[0], DLT645_E07_NO_DATA);
    /* broadcast time set: no reply, the clock follows */
    dlt645_request rq;
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_TIME_SET, dlt645_addr_broadcast);
    rq.has_time = true;
    assert_true(mdc_tm_parse_iso("2030-01-01T00:00:00", &rq.time));
    assert_int_equal(dlt645_request_build(&rq, &f), DLT645_OK);
    assert_int_equal(xfer(&f, 700, &rep, NULL, NULL), 0);
    const char *t = ctl("truth 123456781014");
    assert_non_null(strstr(t, "\"clock\":\"2030-01-01T00:"));
    assert_non_null(strstr(t, "\"clock_set\":1"));
    stop_sim();
    struct stat st;
    assert_int_not_equal(lstat(link_path, &st), 0); /* the symlink is gone */
    assert_int_not_equal(lstat(sock_path, &st), 0);
}

static void test_faults_live(void **state)
{
    (void)state;
    start_sim(quick);
    dlt645_frame f, rep;
    unsigned ms;
    uint32_t dropped;
    read_req("123456781012", 0x00010000, DLT645_PROTO_2007, &f);
    assert_string_equal(ctl("silent 123456781012 on"), "{\"ok\":true}");
    assert_int_equal(xfer(&f, 700, &rep, NULL, NULL), 0);
    ctl("silent 123456781012 off");
    /* slow: 600 ms extra, the reply comes after the 500 ms window */
    ctl("slow 123456781012 600");
    assert_int_equal(xfer(&f, 2000, &rep, &ms, NULL), 1);
    assert_true(ms >= 690);
    ctl("slow 123456781012 0");
    /* corrupted checksum: the framer drops it */
    ctl("badcs 123456781012 on");
    assert_int_equal(xfer(&f, 700, &rep, NULL, &dropped), 0);
    assert_true(dropped > 0);
    ctl("badcs 123456781012 off");
    /* noise before the reply: the frame still comes through */
    ctl("noise 123456781012 9");
    assert_int_equal(xfer(&f, 1500, &rep, NULL, &dropped), 1);
    assert_int_equal(dropped, 9);
    ctl("noise 123456781012 0");
    /* two meters at once */
    ctl("collide 123456781012 on");
    assert_int_equal(xfer(&f, 700, &rep, NULL, NULL), 0);
    ctl("collide 123456781012 off");
    /* garbage on the bus */
    drain();
    assert_string_equal(ctl("garbage 20"), "{\"ok\":true}");
    uint8_t in[64];
    size_t got = 0;
    uint64_t end = ms_now() + 1500;
    while (got < 20 && ms_now() < end) {
        ssize_t r = read(line_fd, in + got, sizeof in - got);
        if (r > 0)
            got += (size_t)r;
        else
            sleep_ms(10);
    }
    assert_int_equal(got, 20);
    /* discovery: a removed meter stops answering, an added one answers */
    ctl("remove 123456781012");
    assert_int_equal(xfer(&f, 700, &rep, NULL, NULL), 0);
    assert_string_equal(ctl("add 555500000001"), "{\"ok\":true}");
    read_req("555500000001", 0x00010000, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    /* replaced meter: the old address is silent, the new one reads from zero */
    ctl("replace 123456781013 777700000001");
    read_req("777700000001", 0x00010000, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_true(rep.data[4 + 3] == 0 && rep.data[4 + 2] == 0); /* below 100 kWh */
    stop_sim();
}

static void test_events_relay_live(void **state)
{
    (void)state;
    start_sim(quick);
    dlt645_frame f, rep;
    dlt645_request rq;
    uint8_t a[6];
    /* cover opened and closed: the count is read over the bus */
    ctl("cover 123456781012 open");
    ctl("cover 123456781012 close");
    ctl("magnet 123456781012 on");
    read_req("123456781012", 0x03300D00, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_memory_equal(rep.data + 4, "\x01\x00\x00", 3);
    read_req("123456781012", 0x03350000, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_memory_equal(rep.data + 4, "\x01\x00\x00", 3);
    /* 1C trip with the right password; then the status word over the bus */
    dlt645_addr_parse("123456781012", a);
    dlt645_request_init(&rq, DLT645_PROTO_2007, DLT645_F07_CONTROL, a);
    memcpy(rq.pw, "\x02\x00\x00\x00", 4);
    rq.ctl = DLT645_CTL_TRIP;
    rq.has_time = true;
    assert_true(mdc_tm_parse_iso("2027-01-01T00:00:00", &rq.time));
    assert_int_equal(dlt645_request_build(&rq, &f), DLT645_OK);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_int_equal(rep.c, 0x9C);
    assert_non_null(strstr(ctl("truth 123456781012"), "\"relay\":\"open\""));
    read_req("123456781012", 0x04000503, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_int_equal(rep.data[4] & 0x50, 0x50);
    /* wrong password: DC with ERR bad_password */
    memcpy(rq.pw, "\x02\x99\x99\x99", 4);
    rq.ctl = DLT645_CTL_CLOSE;
    assert_int_equal(dlt645_request_build(&rq, &f), DLT645_OK);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_int_equal(rep.c, 0xDC);
    assert_int_equal(rep.data[0], DLT645_E07_PASSWORD);
    /* supplier trip on another meter shows in the trip count */
    ctl("trip 123456781013");
    read_req("123456781013", 0x1D000001, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_memory_equal(rep.data + 4, "\x01\x00\x00", 3);
    stop_sim();
}

static void test_baud_live(void **state)
{
    (void)state;
    static const char *const slow[] = {
        "--link",       link_path,      "--control", sock_path, "--count", "2",
        "--first-addr", "000000000301", "--baud",    "1200",    NULL};
    start_sim(slow);
    dlt645_frame f, rep;
    char err[200];
    unsigned ms;
    read_req("000000000302", 0x00010000, DLT645_PROTO_2007, &f);
    /* the port at 2400: a 1200-baud meter does not hear it */
    assert_int_equal(xfer(&f, 700, &rep, NULL, NULL), 0);
    /* switched to 1200: the answer, paced at 1200 (20 bytes = 183.3 ms) after its 60 ms delay */
    assert_int_equal(plat_serial_config(line_fd, 1200, PLAT_PARITY_EVEN, err, sizeof err), 0);
    assert_int_equal(xfer(&f, 1500, &rep, &ms, NULL), 1);
    assert_true(ms >= 60 + 183);
    stop_sim();
}

static void test_bad_config_exit(void **state)
{
    (void)state;
    write_file(conf_path, "[bus]\nlink = /tmp/nowhere\n[meter 000000000001]\nbaud = 2500\n");
    static const char *const args[] = {"--config", conf_path, NULL};
    pid_t pid = spawn(args);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 3);
    char buf[512] = {0}, want[256];
    FILE *fp = fopen(errf, "r");
    assert_non_null(fp);
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = 0;
    fclose(fp);
    snprintf(want, sizeof want,
             "metersim: %s:4: baud '2500': use 600, 1200, 2400, 4800 or 9600 (8E1)\n", conf_path);
    assert_string_equal(buf, want);
    /* usage error */
    static const char *const bad[] = {"--count", "2", NULL};
    pid = spawn(bad);
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_int_equal(WEXITSTATUS(st), 2);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_read_against_truth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_faults_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_relay_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_baud_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_config_exit, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
