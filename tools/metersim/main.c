/* metersim: simulated RS485 bus of DL/T 645 meters (docs/metersim.md). The shell: libuv loop,
 * pty or serial device, stream framer, paced transmitter, control socket, script, signals.
 * Everything the meters do is in the cores (ms_meter*, ms_bus, ms_control). */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "mdc/platform/serial.h"
#include "mdc/platform/serial_rate.h"
#include "mdc/platform/usock.h"

#include "ms_bus.h"
#include "ms_config.h"
#include "ms_control.h"

enum { EXIT_USAGE = 2, EXIT_CONFIG = 3, EXIT_IO = 4 };

#define TXQ_MAX     8u
#define CLIENTS_MAX 8u
#define SCRIPT_MAX  512u
#define TB_MS       500u /* inter-byte gap that abandons a partial frame */

typedef struct client {
    uv_poll_t poll;
    int fd;
    bool used;
    size_t n;
    char buf[1024];
} client;

typedef struct action {
    uint64_t at_ms; /* real ms after start */
    unsigned line;
    char cmd[200];
} action;

static struct app {
    uv_loop_t *loop;
    ms_sim_cfg cfg;
    ms_slot slots[MS_METERS_MAX + 32];
    ms_bus bus;
    ms_ctl ctl;
    bool verbose;
    /* time */
    uint64_t t0_ms; /* uv_now at start */
    int64_t sim0_ms;
    /* line */
    int fd;
    plat_pty pty;
    bool is_pty;
    uv_poll_t line_poll;
    dlt645_framer framer;
    uint64_t last_rx_ms;
    /* transmitter */
    ms_tx txq[TXQ_MAX];
    uint64_t tx_start_us[TXQ_MAX]; /* when the first byte starts on the wire */
    unsigned tx_head, tx_n;
    size_t tx_sent; /* bytes of txq[tx_head] written */
    uv_timer_t tx_timer;
    uv_timer_t tick;
    /* control */
    int lfd;
    uv_poll_t listen_poll;
    client clients[CLIENTS_MAX];
    /* script */
    action *script;
    unsigned n_script, next_action;
    uv_timer_t script_timer;
    uv_signal_t sigint, sigterm;
    int exit_code;
} A;

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
    if (!A.verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("metersim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static int64_t sim_now(void)
{
    uint64_t real = uv_now(A.loop) - A.t0_ms;
    return A.sim0_ms + (int64_t)((double)real * A.cfg.speed);
}

static uint64_t now_us(void)
{
    return uv_hrtime() / 1000u;
}

/* ---- transmitter: replies paced at the baud rate (11 bits per byte) ---- */

static void tx_arm(void);

static void tx_enqueue(const ms_tx *tx)
{
    if (A.tx_n == TXQ_MAX) {
        logf_("transmit queue full, reply dropped");
        return;
    }
    unsigned i = (A.tx_head + A.tx_n) % TXQ_MAX;
    A.txq[i] = *tx;
    if (A.txq[i].baud == 0)
        A.txq[i].baud = A.cfg.baud;
    A.tx_start_us[i] = now_us() + (uint64_t)tx->delay_ms * 1000u;
    A.tx_n++;
    tx_arm();
}

static void tx_run(uv_timer_t *t)
{
    (void)t;
    while (A.tx_n) {
        ms_tx *tx = &A.txq[A.tx_head];
        uint64_t start = A.tx_start_us[A.tx_head], now = now_us();
        if (now < start)
            break;
        /* byte i is handed over once it has been entirely on the wire */
        size_t due = 0;
        while (due < tx->n && start + plat_wire_time_us(due + 1, tx->baud) <= now)
            due++;
        if (due > A.tx_sent) {
            ssize_t w = write(A.fd, tx->bytes + A.tx_sent, due - A.tx_sent);
            if (w > 0) {
                A.tx_sent += (size_t)w;
            } else if (w < 0 && errno == EAGAIN) {
                /* nobody drains the line: on a bus the bytes go by unheard, so drop them */
                logf_("line full: %zu reply bytes unheard", due - A.tx_sent);
                A.tx_sent = due;
            } else if (w < 0 && errno != EINTR) {
                logf_("write: %s", strerror(errno));
                A.tx_sent = due;
            }
        }
        if (A.tx_sent < tx->n)
            break;
        logf_("sent %zu bytes at %u baud", tx->n, tx->baud);
        A.tx_head = (A.tx_head + 1) % TXQ_MAX;
        A.tx_n--;
        A.tx_sent = 0;
        if (A.tx_n) { /* the next one cannot start before this one ended */
            uint64_t *s = &A.tx_start_us[A.tx_head];
            if (*s < now)
                *s = now;
        }
    }
    tx_arm();
}

static void tx_arm(void)
{
    if (!A.tx_n) {
        uv_timer_stop(&A.tx_timer);
        return;
    }
    uint64_t start = A.tx_start_us[A.tx_head], now = now_us();
    uint64_t wait_ms = start > now ? (start - now + 999u) / 1000u : 1u;
    uv_timer_start(&A.tx_timer, tx_run, wait_ms, 0);
}

/* ---- receiving ---- */

static void handle_frame(const dlt645_frame *f)
{
    char a[13];
    ms_tx tx;
    int64_t now = sim_now();
    /* the rate the master talks at: on a pty, what the client set on the slave side */
    long lb = A.is_pty ? plat_serial_get_baud(A.pty.keep_fd, NULL, 0) : (long)A.cfg.baud;
    A.bus.line_baud = lb >= 600 && lb <= 9600 ? (unsigned)lb : 0u;
    logf_("frame C=%02X to %s L=%u (line %ld baud)", f->c, dlt645_addr_format(f->addr, a), f->len,
          lb);
    if (ms_bus_frame(&A.bus, f, now, &tx)) {
        logf_("%u meter(s) answer in %u ms", tx.answered, tx.delay_ms);
        tx_enqueue(&tx);
    }
}

static void on_line(uv_poll_t *h, int status, int events)
{
    (void)h;
    if (status < 0 || !(events & UV_READABLE))
        return;
    uint8_t buf[512];
    for (;;) {
        ssize_t n = read(A.fd, buf, sizeof buf);
        if (n <= 0)
            break;
        uint64_t now = uv_now(A.loop);
        if (dlt645_framer_pending(&A.framer) && now - A.last_rx_ms > TB_MS) {
            dlt645_framer_timeout(&A.framer);
            const uint8_t *p0 = buf;
            size_t n0 = 0;
            const dlt645_frame *f0;
            while ((f0 = dlt645_framer_feed(&A.framer, &p0, &n0)) != NULL)
                handle_frame(f0);
        }
        A.last_rx_ms = now;
        const uint8_t *p = buf;
        size_t left = (size_t)n;
        const dlt645_frame *f;
        while ((f = dlt645_framer_feed(&A.framer, &p, &left)) != NULL)
            handle_frame(f);
    }
}

/* ---- control socket ---- */

static void exec_line(const char *line, int reply_fd)
{
    char out[8192];
    size_t n = ms_control_exec(&A.ctl, line, sim_now(), out, sizeof out - 1);
    out[n++] = '\n';
    logf_("control: %s -> %.*s", line, (int)(n - 1), out);
    if (A.ctl.n_garbage) {
        ms_tx tx;
        memset(&tx, 0, sizeof tx);
        memcpy(tx.bytes, A.ctl.garbage, A.ctl.n_garbage);
        tx.n = A.ctl.n_garbage;
        tx.baud = A.cfg.baud;
        A.ctl.n_garbage = 0;
        tx_enqueue(&tx);
    }
    if (reply_fd >= 0) {
        size_t off = 0;
        while (off < n) {
            ssize_t w = send(reply_fd, out + off, n - off, MSG_NOSIGNAL);
            if (w > 0)
                off += (size_t)w;
            else if (w < 0 && (errno == EAGAIN || errno == EINTR))
                continue; /* small answers: the peer drains quickly */
            else
                break;
        }
    }
    if (A.ctl.quit)
        uv_stop(A.loop);
}

static void client_close(client *c)
{
    uv_poll_stop(&c->poll);
    close(c->fd);
    c->used = false;
}

static void on_client(uv_poll_t *h, int status, int events)
{
    client *c = h->data;
    (void)events;
    if (status < 0) {
        client_close(c);
        return;
    }
    ssize_t n = recv(c->fd, c->buf + c->n, sizeof c->buf - 1 - c->n, 0);
    if (n <= 0) {
        if (n == 0 || (errno != EAGAIN && errno != EINTR))
            client_close(c);
        return;
    }
    c->n += (size_t)n;
    char *nl;
    c->buf[c->n] = 0;
    while ((nl = memchr(c->buf, '\n', c->n)) != NULL) {
        *nl = 0;
        exec_line(c->buf, c->fd);
        if (!c->used)
            return;
        size_t used = (size_t)(nl - c->buf) + 1;
        memmove(c->buf, nl + 1, c->n - used);
        c->n -= used;
        c->buf[c->n] = 0;
    }
    if (c->n == sizeof c->buf - 1) {
        exec_line(c->buf, c->fd); /* an over-long line: answered as an error */
        c->n = 0;
    }
}

static void on_accept(uv_poll_t *h, int status, int events)
{
    (void)h;
    (void)events;
    if (status < 0)
        return;
    int fd = accept(A.lfd, NULL, NULL);
    if (fd < 0)
        return;
    for (unsigned i = 0; i < CLIENTS_MAX; i++) {
        client *c = &A.clients[i];
        if (c->used)
            continue;
        memset(c, 0, sizeof *c);
        c->fd = fd;
        c->used = true;
        uv_poll_init(A.loop, &c->poll, fd);
        c->poll.data = c;
        uv_poll_start(&c->poll, UV_READABLE, on_client);
        return;
    }
    close(fd);
}

/* ---- script ---- */

static void on_script(uv_timer_t *t)
{
    while (A.next_action < A.n_script) {
        action *a = &A.script[A.next_action];
        uint64_t el = uv_now(A.loop) - A.t0_ms;
        if (a->at_ms > el) {
            uv_timer_start(t, on_script, a->at_ms - el, 0);
            return;
        }
        char out[8192];
        ms_control_exec(&A.ctl, a->cmd, sim_now(), out, sizeof out);
        if (strncmp(out, "{\"ok\":false", 11) == 0)
            fprintf(stderr, "metersim: %s:%u: %s -> %s\n", A.cfg.script, a->line, a->cmd, out);
        else
            logf_("script line %u: %s -> %s", a->line, a->cmd, out);
        if (A.ctl.n_garbage) {
            ms_tx tx;
            memset(&tx, 0, sizeof tx);
            memcpy(tx.bytes, A.ctl.garbage, A.ctl.n_garbage);
            tx.n = A.ctl.n_garbage;
            tx.baud = A.cfg.baud;
            A.ctl.n_garbage = 0;
            tx_enqueue(&tx);
        }
        A.next_action++;
        if (A.ctl.quit) {
            uv_stop(A.loop);
            return;
        }
    }
}

static char *read_file(const char *path, char *err, size_t errcap)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errcap, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    while (s) {
        size_t r = fread(s + n, 1, cap - n - 1, f);
        n += r;
        if (n < cap - 1)
            break;
        cap *= 2;
        char *t = realloc(s, cap);
        if (!t) {
            free(s);
            s = NULL;
        }
        s = t;
    }
    fclose(f);
    if (!s) {
        snprintf(err, errcap, "%s: out of memory", path);
        return NULL;
    }
    s[n] = 0;
    return s;
}

/* Script lines: "SECONDS COMMAND ...", seconds of real time after start, non-decreasing. */
static int load_script(const char *path, char *err, size_t errcap)
{
    char *text = read_file(path, err, errcap);
    if (!text)
        return -1;
    A.script = calloc(SCRIPT_MAX, sizeof *A.script);
    unsigned line = 0;
    uint64_t last = 0;
    int rc = 0;
    for (char *s = text, *nl; s && *s && rc == 0; s = nl ? nl + 1 : NULL) {
        nl = strchr(s, '\n');
        if (nl)
            *nl = 0;
        line++;
        char *hash = strchr(s, '#');
        if (hash)
            *hash = 0;
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '\r')
            continue;
        char *end;
        double sec = strtod(s, &end);
        if (end == s || sec < 0 || (*end != ' ' && *end != '\t')) {
            snprintf(err, errcap,
                     "%s:%u: a line is 'SECONDS COMMAND', e.g. '2.5 silent 000000000001 on'", path,
                     line);
            rc = -1;
            break;
        }
        uint64_t at = (uint64_t)(sec * 1000.0 + 0.5);
        if (at < last) {
            snprintf(err, errcap, "%s:%u: times must not go backwards", path, line);
            rc = -1;
            break;
        }
        if (A.n_script == SCRIPT_MAX) {
            snprintf(err, errcap, "%s:%u: more than %u actions", path, line, SCRIPT_MAX);
            rc = -1;
            break;
        }
        last = at;
        while (*end == ' ' || *end == '\t')
            end++;
        action *a = &A.script[A.n_script++];
        a->at_ms = at;
        a->line = line;
        snprintf(a->cmd, sizeof a->cmd, "%s", end);
        size_t k = strlen(a->cmd);
        while (k && (a->cmd[k - 1] == '\r' || a->cmd[k - 1] == ' '))
            a->cmd[--k] = 0;
        if (a->cmd[0] == 0) {
            snprintf(err, errcap, "%s:%u: no command after the time", path, line);
            rc = -1;
        }
    }
    free(text);
    return rc;
}

/* ---- misc ---- */

static void on_tick(uv_timer_t *t)
{
    (void)t;
    ms_bus_advance(&A.bus, sim_now());
    if (dlt645_framer_pending(&A.framer) && uv_now(A.loop) - A.last_rx_ms > TB_MS) {
        dlt645_framer_timeout(&A.framer);
        const uint8_t *p = NULL;
        size_t n = 0;
        const dlt645_frame *f;
        while ((f = dlt645_framer_feed(&A.framer, &p, &n)) != NULL)
            handle_frame(f);
    }
}

static void on_signal(uv_signal_t *s, int sig)
{
    (void)s;
    logf_("signal %d: stopping", sig);
    uv_stop(A.loop);
}

static void usage(FILE *f)
{
    fputs("usage:\n"
          "  metersim --config FILE [--link PATH | --device DEV] [--control SOCKET]\n"
          "           [--script FILE] [--speed X] [--start ISO-TIME] [--verbose]\n"
          "  metersim --link PATH --count N --first-addr ADDR [--protocol 2007|1997]\n"
          "           [--baud B] [--control SOCKET] [--script FILE] [--speed X] [--verbose]\n"
          "  A pty is created and a symlink to its slave is put at PATH (or the serial device\n"
          "  DEV is opened 8E1); meters answer DL/T 645 there. docs/metersim.md has the config\n"
          "  format, the control commands and examples.\n",
          f);
}

static void close_walk(uv_handle_t *h, void *arg)
{
    (void)arg;
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

int main(int argc, char **argv)
{
    char err[512];
    const char *config = NULL, *first = NULL, *proto_s = NULL, *start_s = NULL;
    const char *link = NULL, *device = NULL, *control = NULL, *script = NULL, *speed_s = NULL;
    unsigned count = 0, baud = 0;
    memset(&A, 0, sizeof A);
    A.fd = A.lfd = -1;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char **dst = !strcmp(o, "--config")       ? &config
                           : !strcmp(o, "--link")       ? &link
                           : !strcmp(o, "--device")     ? &device
                           : !strcmp(o, "--control")    ? &control
                           : !strcmp(o, "--script")     ? &script
                           : !strcmp(o, "--first-addr") ? &first
                           : !strcmp(o, "--protocol")   ? &proto_s
                           : !strcmp(o, "--speed")      ? &speed_s
                           : !strcmp(o, "--start")      ? &start_s
                                                        : NULL;
        if (dst && i + 1 < argc) {
            *dst = argv[++i];
        } else if ((!strcmp(o, "--count") || !strcmp(o, "--baud")) && i + 1 < argc) {
            char *end;
            unsigned long v = strtoul(argv[++i], &end, 10);
            if (*end || v > 100000) {
                fprintf(stderr, "metersim: %s '%s' is not a number\n", o, argv[i]);
                return EXIT_USAGE;
            }
            if (!strcmp(o, "--count"))
                count = (unsigned)v;
            else
                baud = (unsigned)v;
        } else if (!strcmp(o, "--verbose") || !strcmp(o, "-v")) {
            A.verbose = true;
        } else if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "metersim: unknown or incomplete option '%s'\n", o);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    ms_config_init(&A.cfg);
    if (config) {
        char *text = read_file(config, err, sizeof err);
        if (!text || ms_config_parse(&A.cfg, text, config, err, sizeof err) != 0) {
            fprintf(stderr, "metersim: %s\n", err);
            free(text);
            return EXIT_CONFIG;
        }
        free(text);
        if (count || first) {
            fprintf(stderr, "metersim: --count/--first-addr cannot be combined with --config\n");
            return EXIT_USAGE;
        }
    } else {
        dlt645_proto proto = DLT645_PROTO_2007;
        if (!count || !first) {
            fprintf(stderr, "metersim: give --config FILE, or --count N and --first-addr ADDR\n");
            usage(stderr);
            return EXIT_USAGE;
        }
        if (proto_s && !ms_parse_proto(proto_s, &proto)) {
            fprintf(stderr, "metersim: --protocol '%s': use 2007 or 1997\n", proto_s);
            return EXIT_USAGE;
        }
        if (ms_config_quick(&A.cfg, count, first, proto, baud ? baud : 2400, err, sizeof err)) {
            fprintf(stderr, "metersim: %s\n", err);
            return EXIT_USAGE;
        }
    }
    if (baud && config)
        A.cfg.baud = baud;
    if (link)
        snprintf(A.cfg.link, sizeof A.cfg.link, "%s", link);
    if (device)
        snprintf(A.cfg.device, sizeof A.cfg.device, "%s", device);
    if (control)
        snprintf(A.cfg.control, sizeof A.cfg.control, "%s", control);
    if (script)
        snprintf(A.cfg.script, sizeof A.cfg.script, "%s", script);
    if (speed_s) {
        char *end;
        A.cfg.speed = strtod(speed_s, &end);
        if (*end || A.cfg.speed < 0.001 || A.cfg.speed > 1000000) {
            fprintf(stderr, "metersim: --speed '%s': 0.001..1000000\n", speed_s);
            return EXIT_USAGE;
        }
    }
    if (start_s) {
        mdc_tm t;
        if (!mdc_tm_parse_iso(start_s, &t) || (t.fields & MDC_TM_DATE) != MDC_TM_DATE) {
            fprintf(stderr, "metersim: --start '%s': an ISO time like 2025-11-02T08:30:00\n",
                    start_s);
            return EXIT_USAGE;
        }
        A.cfg.start_ms = mdc_tm_to_epoch(&t) * 1000;
    }
    if (!A.cfg.link[0] == !A.cfg.device[0]) {
        fprintf(stderr, "metersim: give exactly one of --link PATH (pty) or --device DEV\n");
        return EXIT_USAGE;
    }
    if (A.cfg.script[0] && load_script(A.cfg.script, err, sizeof err) != 0) {
        fprintf(stderr, "metersim: %s\n", err);
        free(A.script);
        return EXIT_CONFIG;
    }

    A.loop = uv_default_loop();
    uv_update_time(A.loop);
    A.t0_ms = uv_now(A.loop);
    /* civil time in China (UTC+8) unless --start / start = */
    A.sim0_ms = A.cfg.start_ms ? A.cfg.start_ms : ((int64_t)time(NULL) + 8 * 3600) * 1000;
    ms_bus_init(&A.bus, A.slots, (unsigned)(sizeof A.slots / sizeof A.slots[0]),
                (uint32_t)A.sim0_ms);
    for (unsigned i = 0; i < A.cfg.n; i++)
        ms_bus_add(&A.bus, &A.cfg.meter[i], A.sim0_ms);
    A.ctl.bus = &A.bus;
    A.ctl.baud = A.cfg.baud;
    dlt645_framer_init(&A.framer);

    if (A.cfg.link[0]) {
        if (plat_pty_open(&A.pty, A.cfg.link, err, sizeof err) != 0) {
            fprintf(stderr, "metersim: cannot create the pty link %s: %s\n", A.cfg.link, err);
            return EXIT_IO;
        }
        A.is_pty = true;
        A.fd = A.pty.master_fd;
    } else {
        A.fd = plat_serial_open(A.cfg.device, A.cfg.baud, PLAT_PARITY_EVEN, err, sizeof err);
        if (A.fd < 0) {
            fprintf(stderr, "metersim: cannot open %s at %u 8E1: %s\n", A.cfg.device, A.cfg.baud,
                    err);
            return EXIT_IO;
        }
    }
    if (A.cfg.control[0]) {
        A.lfd = plat_usock_listen(A.cfg.control, err, sizeof err);
        if (A.lfd < 0) {
            fprintf(stderr, "metersim: control socket %s: %s\n", A.cfg.control, err);
            if (A.is_pty)
                plat_pty_close(&A.pty, A.cfg.link);
            return EXIT_IO;
        }
        uv_poll_init(A.loop, &A.listen_poll, A.lfd);
        uv_poll_start(&A.listen_poll, UV_READABLE, on_accept);
    }
    uv_poll_init(A.loop, &A.line_poll, A.fd);
    uv_poll_start(&A.line_poll, UV_READABLE, on_line);
    uv_timer_init(A.loop, &A.tx_timer);
    uv_timer_init(A.loop, &A.tick);
    uv_timer_start(&A.tick, on_tick, 100, 100);
    uv_timer_init(A.loop, &A.script_timer);
    if (A.n_script)
        uv_timer_start(&A.script_timer, on_script, A.script[0].at_ms, 0);
    uv_signal_init(A.loop, &A.sigint);
    uv_signal_start(&A.sigint, on_signal, SIGINT);
    uv_signal_init(A.loop, &A.sigterm);
    uv_signal_start(&A.sigterm, on_signal, SIGTERM);

    fprintf(stderr, "metersim: %u meter(s) on %s%s%s, speed %g, control %s\n", A.cfg.n,
            A.is_pty ? A.cfg.link : A.cfg.device, A.is_pty ? " -> " : "",
            A.is_pty ? A.pty.slave_path : "", A.cfg.speed,
            A.cfg.control[0] ? A.cfg.control : "none");
    uv_run(A.loop, UV_RUN_DEFAULT);

    /* clean shutdown */
    uv_walk(A.loop, close_walk, NULL);
    uv_run(A.loop, UV_RUN_DEFAULT);
    uv_loop_close(A.loop);
    for (unsigned i = 0; i < CLIENTS_MAX; i++)
        if (A.clients[i].used)
            close(A.clients[i].fd);
    if (A.lfd >= 0) {
        close(A.lfd);
        unlink(A.cfg.control);
    }
    if (A.is_pty)
        plat_pty_close(&A.pty, A.cfg.link);
    else
        close(A.fd);
    free(A.script);
    fprintf(stderr, "metersim: stopped (%u frames heard, %u replies)\n", A.bus.frames,
            A.bus.replies);
    return A.exit_code;
}
