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

extern char **environ;

static char dir[64], link_path[96], sock_path[96], conf_path[96], script_path[96], errf[96];
static pid_t child = -1;
static int line_fd = -1, ctl_fd = -1;

static uint64_t ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};
    nanosleep(&ts, NULL);
}

static void stop_sim(void)
{
    if (line_fd >= 0)
        close(line_fd);
    if (ctl_fd >= 0)
        close(ctl_fd);
    line_fd = ctl_fd = -1;
    if (child > 0) {
        kill(child, SIGTERM);
        int st;
        uint64_t end = ms_now() + 3000;
        while (waitpid(child, &st, WNOHANG) == 0) {
            if (ms_now() > end) {
                kill(child, SIGKILL);
                waitpid(child, &st, 0);
                break;
            }
            sleep_ms(10);
        }
        child = -1;
    }
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/metersim-test-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(link_path, sizeof link_path, "%s/tty", dir);
    snprintf(sock_path, sizeof sock_path, "%s/ctl", dir);
    snprintf(conf_path, sizeof conf_path, "%s/bus.conf", dir);
    snprintf(script_path, sizeof script_path, "%s/actions", dir);
    snprintf(errf, sizeof errf, "%s/stderr", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    stop_sim();
    unlink(conf_path);
    unlink(script_path);
    unlink(errf);
    unlink(link_path);
    unlink(sock_path);
    rmdir(dir);
    return 0;
}

/* Spawns metersim with the given arguments (NULL-terminated), stderr to errf. */
static pid_t spawn(const char *const *args)
{
    char *argv[40];
    int n = 0;
    argv[n++] = (char *)METERSIM_BIN;
    for (; *args && n < 38; args++)
        argv[n++] = (char *)*args;
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, errf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, METERSIM_BIN, &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

/* Starts metersim and connects the line and the control socket. */
static void start_sim(const char *const *args)
{
    char err[200];
    child = spawn(args);
    uint64_t end = ms_now() + 5000;
    while (ctl_fd < 0 && ms_now() < end) {
        struct stat st;
        if (lstat(link_path, &st) == 0)
            ctl_fd = plat_usock_connect(sock_path, err, sizeof err);
        if (ctl_fd < 0)
            sleep_ms(20);
    }
    assert_true(ctl_fd >= 0);
    line_fd = plat_serial_open(link_path, 2400, PLAT_PARITY_EVEN, err, sizeof err);
    if (line_fd < 0)
        fail_msg("open %s: %s", link_path, err);
}

/* One control command; the answer line (static). */
static const char *ctl(const char *cmd)
{
    static char buf[16384];
    size_t n = 0;
    char line[300];
    snprintf(line, sizeof line, "%s\n", cmd);
    assert_int_equal(write(ctl_fd, line, strlen(line)), (ssize_t)strlen(line));
    uint64_t end = ms_now() + 3000;
    while (ms_now() < end) {
        struct pollfd p = {ctl_fd, POLLIN, 0};
        if (poll(&p, 1, 100) <= 0)
            continue;
        ssize_t r = read(ctl_fd, buf + n, sizeof buf - 1 - n);
        assert_true(r > 0);
        n += (size_t)r;
        if (memchr(buf, '\n', n)) {
            *(char *)memchr(buf, '\n', n) = 0;
            return buf;
        }
    }
    fail_msg("no answer to '%s'", cmd);
    return NULL;
}

/* The hex string after "data":" in a control answer. */
static void ctl_data(const char *answer, char *hex, size_t cap)
{
    const char *p = strstr(answer, "\"data\":\"");
    assert_non_null(p);
    p += 8;
    size_t n = strcspn(p, "\"");
    assert_true(n < cap);
    memcpy(hex, p, n);
    hex[n] = 0;
}

static void drain(void)
{
    uint8_t junk[512];
    while (read(line_fd, junk, sizeof junk) > 0)
        ;
}

/* Sends f; waits up to wait_ms for one reply frame. Returns 1 with *rep, 0 on silence; *ms is
 * the time from the end of our write to the reply's last byte; *resync counts framer drops. */
static int xfer(const dlt645_frame *f, unsigned wait_ms, dlt645_frame *rep, unsigned *ms,
                uint32_t *dropped)
{
    uint8_t out[300], in[512];
    size_t n;
    drain();
    assert_int_equal(dlt645_frame_encode(f, out, sizeof out, &n), DLT645_OK);
    assert_int_equal(write(line_fd, out, n), (ssize_t)n);
    uint64_t t0 = ms_now();
    dlt645_framer fr;
    dlt645_framer_init(&fr);
    while (ms_now() < t0 + wait_ms) {
        struct pollfd p = {line_fd, POLLIN, 0};
        if (poll(&p, 1, 10) <= 0)
            continue;
        ssize_t r = read(line_fd, in, sizeof in);
        if (r <= 0)
            continue;
        const uint8_t *q = in;
        size_t left = (size_t)r;
        const dlt645_frame *got = dlt645_framer_feed(&fr, &q, &left);
        if (got) {
            *rep = *got;
            if (ms)
                *ms = (unsigned)(ms_now() - t0);
            if (dropped)
                *dropped = fr.stats.dropped_bytes;
            return 1;
        }
    }
    if (dropped)
        *dropped = fr.stats.dropped_bytes;
    return 0;
}

static void read_req(const char *addr, uint32_t di, dlt645_proto proto, dlt645_frame *f)
{
    dlt645_request rq;
    uint8_t a[6];
    assert_int_equal(dlt645_addr_parse(addr, a), DLT645_OK);
    dlt645_request_init(&rq, proto, proto == DLT645_PROTO_1997 ? DLT645_F97_READ : DLT645_F07_READ,
                        a);
    rq.di = di;
    assert_int_equal(dlt645_request_build(&rq, f), DLT645_OK);
}

static void hex_of(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02X", p[i]);
    out[2 * n] = 0;
}

/* The 4-byte energy in a control answer's data, as a number (BCD). */
static unsigned long bcd_hex4(const char *hex)
{
    unsigned long v = 0;
    for (int i = 3; i >= 0; i--) {
        v = v * 100 + (unsigned long)(hex[2 * i] - '0') * 10 +
            (unsigned long)(hex[2 * i + 1] - '0');
    }
    return v;
}

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
    /* reply delay (40 ms) + 20 bytes at 2400 baud (91.7 ms): never faster than that */
    assert_true(ms >= 40 + 91);
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
    assert_true(ms >= 640);
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

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
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
        cmocka_unit_test_setup_teardown(test_freeze_speedup_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_script_1997_rcd_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_config_exit, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
