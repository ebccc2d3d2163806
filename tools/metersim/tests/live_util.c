/* metersim live tests: shared helpers (see live_util.h). */
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

extern char **environ;

char dir[64], link_path[96], sock_path[96], conf_path[96], script_path[96], errf[96];
pid_t child = -1;
int line_fd = -1, ctl_fd = -1;

uint64_t ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void sleep_ms(unsigned ms)
{
    struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};
    nanosleep(&ts, NULL);
}

void stop_sim(void)
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

int setup(void **state)
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

int teardown(void **state)
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
pid_t spawn(const char *const *args)
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
void start_sim(const char *const *args)
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
const char *ctl(const char *cmd)
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
void ctl_data(const char *answer, char *hex, size_t cap)
{
    const char *p = strstr(answer, "\"data\":\"");
    assert_non_null(p);
    p += 8;
    size_t n = strcspn(p, "\"");
    assert_true(n < cap);
    memcpy(hex, p, n);
    hex[n] = 0;
}

void drain(void)
{
    uint8_t junk[512];
    while (read(line_fd, junk, sizeof junk) > 0)
        ;
}

/* Sends f; waits up to wait_ms for one reply frame. Returns 1 with *rep, 0 on silence; *ms is
 * the time from the end of our write to the reply's last byte; *resync counts framer drops. */
int xfer(const dlt645_frame *f, unsigned wait_ms, dlt645_frame *rep, unsigned *ms,
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

void read_req(const char *addr, uint32_t di, dlt645_proto proto, dlt645_frame *f)
{
    dlt645_request rq;
    uint8_t a[6];
    assert_int_equal(dlt645_addr_parse(addr, a), DLT645_OK);
    dlt645_request_init(&rq, proto, proto == DLT645_PROTO_1997 ? DLT645_F97_READ : DLT645_F07_READ,
                        a);
    rq.di = di;
    assert_int_equal(dlt645_request_build(&rq, f), DLT645_OK);
}

void hex_of(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02X", p[i]);
    out[2 * n] = 0;
}

/* The 4-byte energy in a control answer's data, as a number (BCD). */
unsigned long bcd_hex4(const char *hex)
{
    unsigned long v = 0;
    for (int i = 3; i >= 0; i--) {
        v = v * 100 + (unsigned long)(hex[2 * i] - '0') * 10 +
            (unsigned long)(hex[2 * i + 1] - '0');
    }
    return v;
}

void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* ss mm hh WW DD MM YY (0400010C data, hex) -> "YYMMDDhhmmss" for ordering. */
void clock_key(const char *hex, char out[13])
{
    static const int order[6] = {6, 5, 4, 2, 1, 0};
    for (int i = 0; i < 6; i++) {
        out[2 * i] = hex[2 * order[i]];
        out[2 * i + 1] = hex[2 * order[i] + 1];
    }
    out[12] = 0;
}

/* Reads di over the bus from addr; the data after the DI as hex (the DI itself left out). */
void bus_read_hex(const char *addr, uint32_t di, char *hex)
{
    dlt645_frame f, rep;
    dlt645_reply rp;
    read_req(addr, di, DLT645_PROTO_2007, &f);
    assert_int_equal(xfer(&f, 1500, &rep, NULL, NULL), 1);
    assert_int_equal(dlt645_reply_parse(&rep, DLT645_PROTO_2007, &rp), DLT645_OK);
    assert_false(rp.error);
    hex_of(rp.data, rp.len, hex);
}

void truth_hex(const char *addr, const char *di, char *hex, size_t cap)
{
    char cmd[64];
    snprintf(cmd, sizeof cmd, "read %s %s", addr, di);
    ctl_data(ctl(cmd), hex, cap);
}
