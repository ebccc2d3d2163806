/* bench_conns: opens N TCP connections to a running `master serve`, logs
 * every one in (AFN02 F1) and sends a heartbeat (AFN02 F3) on each, waiting
 * for every acknowledgement; prints the time of each phase, the server's RSS
 * (with --pid) and the failures. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gdw13761/frame.h"
#include "gdw13761/framer.h"

typedef struct bconn {
    int fd;
    bool acked, failed;
    gdw13761_framer fr;
} bconn;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t link_frame(uint16_t a2, uint16_t fn, uint8_t seq, uint8_t *out, size_t cap)
{
    static const uint8_t hb_clock[6] = {0x00, 0x00, 0x12, 0x20, 0xB1, 0x26};
    uint8_t units[10] = {0x00, 0x00, (uint8_t)(1u << (fn - 1)), 0x00};
    memcpy(units + 4, hb_clock, sizeof hb_clock);
    gdw13761_frame f;
    memset(&f, 0, sizeof f);
    f.dir = f.prm = true;
    f.fc = 9;
    memcpy(f.a1, "9999", 5);
    f.a2 = a2;
    f.afn = 0x02;
    f.fir = f.fin = f.con = true;
    f.seq = seq;
    f.units = units;
    f.units_len = fn == 3 ? 10 : 4;
    size_t w = 0;
    if (gdw13761_frame_encode(&f, out, cap, &w, NULL) != 0)
        return 0;
    return w;
}

/* Sends one link test on every live connection and waits for the acks. */
static double phase(bconn *c, size_t n, uint16_t fn, double limit_s, unsigned *failures)
{
    double t0 = now_s();
    struct pollfd *pf = calloc(n, sizeof *pf);
    for (size_t i = 0; i < n; i++) {
        c[i].acked = false;
        if (c[i].failed)
            continue;
        uint8_t fr[64];
        size_t len = link_frame((uint16_t)(i + 1), fn, fn == 1 ? 0 : 1, fr, sizeof fr);
        if (write(c[i].fd, fr, len) != (ssize_t)len)
            c[i].failed = true;
    }
    size_t waiting = 0;
    for (size_t i = 0; i < n; i++)
        waiting += !c[i].failed;
    while (waiting && now_s() - t0 < limit_s) {
        for (size_t i = 0; i < n; i++) {
            pf[i].fd = c[i].failed || c[i].acked ? -1 : c[i].fd;
            pf[i].events = POLLIN;
            pf[i].revents = 0;
        }
        if (poll(pf, (nfds_t)n, 200) <= 0)
            continue;
        for (size_t i = 0; i < n; i++) {
            if (!pf[i].revents)
                continue;
            uint8_t buf[512];
            ssize_t r = read(c[i].fd, buf, sizeof buf);
            if (r <= 0) {
                if (r < 0 && errno == EAGAIN)
                    continue;
                c[i].failed = true;
                waiting--;
                continue;
            }
            const uint8_t *p = buf, *fr;
            size_t left = (size_t)r, fl;
            for (;;) {
                size_t k = gdw13761_framer_feed(&c[i].fr, p, left, &fr, &fl);
                p += k;
                left -= k;
                if (fr && !c[i].acked && fl > 13 && fr[12] == 0x00) {
                    c[i].acked = true;
                    waiting--;
                }
                if (!fr && left == 0)
                    break;
            }
        }
    }
    free(pf);
    for (size_t i = 0; i < n; i++)
        if (!c[i].failed && !c[i].acked) {
            c[i].failed = true;
            (*failures)++;
        }
    return now_s() - t0;
}

static long rss_kb(const char *pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%s/status", pid);
    FILE *f = fopen(path, "r");
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = atol(line + 6);
    if (f)
        fclose(f);
    return kb;
}

int main(int argc, char **argv)
{
    const char *target = NULL, *pid = NULL;
    size_t n = 1000;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--connect") == 0)
            target = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--conns") == 0)
            n = (size_t)atol(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--pid") == 0)
            pid = argv[++i];
        else
            target = NULL, i = argc;
    }
    char host[64];
    int port;
    if (!target || sscanf(target, "%63[^:]:%d", host, &port) != 2 || n == 0 || n > 60000) {
        fputs("usage: bench_conns --connect HOST:PORT [--conns N (1000)] [--pid SERVER_PID]\n",
              stderr);
        return 2;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    bconn *c = calloc(n, sizeof *c);
    if (!c)
        return 1;
    long rss0 = pid ? rss_kb(pid) : -1;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, host, &sa.sin_addr);
    unsigned failures = 0;
    double t0 = now_s();
    for (size_t i = 0; i < n; i++) {
        gdw13761_framer_init(&c[i].fr);
        c[i].fd = socket(AF_INET, SOCK_STREAM, 0);
        if (c[i].fd < 0 || connect(c[i].fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
            c[i].failed = true;
            failures++;
            continue;
        }
        fcntl(c[i].fd, F_SETFL, fcntl(c[i].fd, F_GETFL) | O_NONBLOCK);
    }
    double t_conn = now_s() - t0;
    double t_login = phase(c, n, 1, 30, &failures);
    double t_hb = phase(c, n, 3, 30, &failures);
    long rss1 = pid ? rss_kb(pid) : -1;
    printf("conns %zu connect %.3f s login %.3f s heartbeat %.3f s", n, t_conn, t_login, t_hb);
    if (pid)
        printf(" server RSS %ld kB (before %ld kB, %.1f kB per connection)", rss1, rss0,
               (double)(rss1 - rss0) / (double)n);
    printf(" failures %u\n", failures);
    for (size_t i = 0; i < n; i++)
        if (c[i].fd >= 0)
            close(c[i].fd);
    free(c);
    return failures ? 1 : 0;
}
