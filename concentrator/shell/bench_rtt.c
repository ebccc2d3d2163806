/* bench_rtt: figures of concentratord on loopback (docs/performance.md).
 *
 *   bench_rtt CONCENTRATORD [N]
 *
 * Plays a minimal master: listens on 127.0.0.1 (ephemeral port), starts the
 * daemon with a temporary config pointing at it (login delay 0), acks its
 * login, reads the idle daemon's RSS from /proc, then sends N (default
 * 10,000) AFN0C F2 requests one after another (FCV=1, FCB toggled, PSEQ +1)
 * and prints the round-trip latency p50/p99/max. Stops the daemon with
 * SIGTERM (acking its logout) and removes the temporary files. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gdw13761/frame.h"
#include "gdw13761/framer.h"

static gdw13761_framer fr;

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Next whole frame from fd (timeout ms), decoded into *f; 0 or -1. */
static int next_frame(int fd, gdw13761_frame *f, uint8_t *copy, int timeout_ms)
{
    static uint8_t buf[8192];
    static size_t have, off;
    for (;;) {
        while (off < have) {
            const uint8_t *p = NULL;
            size_t pl = 0;
            off += gdw13761_framer_feed(&fr, buf + off, have - off, &p, &pl);
            if (p) {
                memcpy(copy, p, pl);
                return gdw13761_frame_decode(copy, pl, f, NULL, NULL);
            }
        }
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        if (poll(&pf, 1, timeout_ms) <= 0)
            return -1;
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            return -1;
        have = (size_t)n;
        off = 0;
    }
}

static void send_frame(int fd, const gdw13761_frame *f)
{
    uint8_t out[512];
    size_t w = 0;
    if (gdw13761_frame_encode(f, out, sizeof out, &w, NULL) != 0 ||
        write(fd, out, w) != (ssize_t)w) {
        fprintf(stderr, "bench_rtt: send failed\n");
        exit(1);
    }
}

static void ack(int fd, const gdw13761_frame *rq)
{
    /* AFN00 F3: AFN 02 + the DADT + ERR 0 */
    uint8_t u[10] = {0x00, 0x00, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00};
    memcpy(u + 5, rq->units, 4);
    gdw13761_frame a;
    memset(&a, 0, sizeof a);
    a.fc = 11;
    memcpy(a.a1, rq->a1, 5);
    a.a2 = rq->a2;
    a.afn = 0x00;
    a.fir = a.fin = true;
    a.seq = rq->seq;
    a.units = u;
    a.units_len = sizeof u;
    send_frame(fd, &a);
}

static long rss_kb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_rtt CONCENTRATORD [N]\n");
        return 2;
    }
    long n = argc > 2 ? atol(argv[2]) : 10000;
    if (n < 1 || n > 10000000)
        return 2;
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sa;
    if (bind(ls, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(ls, 1) != 0 ||
        getsockname(ls, (struct sockaddr *)&sa, &sl) != 0) {
        perror("bench_rtt: listen");
        return 1;
    }
    char dir[] = "/tmp/bench-rtt-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char cfg[128], setm[64], sets[160], setc[160];
    snprintf(cfg, sizeof cfg, "%s/cd.ini", dir);
    FILE *f = fopen(cfg, "w");
    if (!f)
        return 1;
    fprintf(
        f,
        "[terminal]\na1 = 3501\na2 = 1\n[uplink]\nlogin_delay_max_ms = 0\n[log]\nlevel = warn\n");
    fclose(f);
    snprintf(setm, sizeof setm, "uplink.master=127.0.0.1:%u", ntohs(sa.sin_port));
    snprintf(sets, sizeof sets, "store.path=%s/store.db", dir);
    snprintf(setc, sizeof setc, "control.socket=%s/cd.sock", dir);
    pid_t pid = fork();
    if (pid == 0) {
        execl(argv[1], argv[1], "-c", cfg, "--set", setm, "--set", sets, "--set", setc,
              (char *)NULL);
        _exit(127);
    }
    struct pollfd pf = {.fd = ls, .events = POLLIN};
    if (poll(&pf, 1, 10000) <= 0) {
        fprintf(stderr, "bench_rtt: the daemon did not connect\n");
        kill(pid, SIGKILL);
        return 1;
    }
    int fd = accept(ls, NULL, NULL);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    gdw13761_framer_init(&fr);
    gdw13761_frame in;
    static uint8_t copy[GDW13761_FRAME_MAX];
    if (next_frame(fd, &in, copy, 5000) != 0 || in.afn != 0x02) {
        fprintf(stderr, "bench_rtt: no login\n");
        kill(pid, SIGKILL);
        return 1;
    }
    ack(fd, &in);
    usleep(500000);
    long rss = rss_kb(pid);

    static const uint8_t f2[4] = {0x00, 0x00, 0x02, 0x00};
    gdw13761_frame rq;
    memset(&rq, 0, sizeof rq);
    rq.prm = true;
    rq.fcv = true;
    rq.fc = 11;
    memcpy(rq.a1, in.a1, 5);
    rq.a2 = in.a2;
    rq.msa = 1;
    rq.afn = 0x0C;
    rq.fir = rq.fin = true;
    rq.units = f2;
    rq.units_len = sizeof f2;
    double *lat = malloc((size_t)n * sizeof *lat);
    long done = 0;
    double t_all = now_us();
    for (long i = 0; i < n; i++) {
        rq.fcb = i & 1;
        rq.seq = (uint8_t)(i & 15);
        double t0 = now_us();
        send_frame(fd, &rq);
        for (;;) {
            if (next_frame(fd, &in, copy, 5000) != 0) {
                fprintf(stderr, "bench_rtt: no answer to request %ld\n", i);
                goto out;
            }
            if (in.afn == 0x02) { /* a heartbeat in between */
                ack(fd, &in);
                continue;
            }
            break;
        }
        if (in.afn != 0x0C || in.seq != rq.seq) {
            fprintf(stderr, "bench_rtt: unexpected answer AFN%02X seq %u\n", in.afn, in.seq);
            goto out;
        }
        lat[done++] = now_us() - t0;
    }
out:
    t_all = now_us() - t_all;
    kill(pid, SIGTERM);
    if (next_frame(fd, &in, copy, 3000) == 0 && in.afn == 0x02)
        ack(fd, &in); /* the logout */
    int st = 0;
    waitpid(pid, &st, 0);
    close(fd);
    close(ls);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_rtt: could not remove %s\n", dir);
    qsort(lat, (size_t)done, sizeof *lat, cmp);
    printf("idle RSS after login: %ld kB\n", rss);
    if (done)
        printf("AFN0C F2 round trip over %ld requests: p50 %.0f us, p99 %.0f us, max %.0f us, "
               "%.0f requests/s\n",
               done, lat[done / 2], lat[(size_t)((double)done * 0.99)], lat[done - 1],
               (double)done / (t_all / 1e6));
    free(lat);
    return done == n ? 0 : 1;
}
