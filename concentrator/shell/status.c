/* Status indication (R-C24, the manual's section 6 LEDs): kept every 250 ms
 * from the link state and the traffic, driven on GPIO lines when the site
 * config names them, readable through the control socket (--status). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"
#include "mdc/mtime.h"
#include "mdc/platform/usock.h"

#define TICK_MS  250
#define FLASH_MS 250 /* traffic shows for this long */
#define ALARM_MS 1000

typedef enum led_mode { M_OFF = 0, M_ON, M_BLINK, M_FLASH } led_mode;
static const char *const mode_names[] = {"off", "on", "blink", "flash"};

/* What each indicator shows now (the manual's table 8). */
static void led_modes(cd_daemon *d, led_mode m[CD_LED_COUNT])
{
    int64_t now = cd_now_mono_ms();
    cc_link_state st = cc_link_get_state(&d->link);
    bool online = st == CC_LINK_ONLINE;
    bool tcp_up = online || st == CC_LINK_CONNECTED || st == CC_LINK_STOPPING;
    bool rrx = now - d->remote_rx_ms < FLASH_MS, rtx = now - d->remote_tx_ms < FLASH_MS;
    bool lrx = now - d->local_rx_ms < FLASH_MS, ltx = now - d->local_tx_ms < FLASH_MS;
    /* run: steady when running without the master, 1 s on / 1 s off when connected */
    m[CD_LED_RUN] = online ? M_BLINK : M_ON;
    m[CD_LED_ALARM] = d->alarm ? M_BLINK : M_OFF;
    m[CD_LED_ONLINE] = online ? M_ON : M_OFF;
    /* no modem driver: the uplink is Ethernet, the signal-strength lamp stays dark */
    m[CD_LED_SIGNAL_RED] = M_OFF;
    m[CD_LED_SIGNAL_GREEN] = M_OFF;
    m[CD_LED_ETH_LINK] = tcp_up ? M_ON : M_OFF;
    m[CD_LED_ETH_DATA] = rrx || rtx ? M_FLASH : M_OFF;
    m[CD_LED_REMOTE_RX] = rrx ? M_FLASH : M_OFF;
    m[CD_LED_REMOTE_TX] = rtx ? M_FLASH : M_OFF;
    m[CD_LED_LOCAL_RX] = lrx ? M_FLASH : M_OFF;
    m[CD_LED_LOCAL_TX] = ltx ? M_FLASH : M_OFF;
}

/* State inputs with debounce (a change must hold input_debounce_ms; the
 * first reading is the baseline, no event), and the power-fail line. */
static void read_inputs(cd_daemon *d, int64_t now)
{
    char err[200];
    uint8_t raw = d->input_raw;
    for (size_t i = 0; i < d->n_inputs; i++) {
        int v = 0;
        if (plat_gpio_get(d->gpio, i, &v, err, sizeof err) != 0)
            continue;
        uint8_t bit = (uint8_t)(1u << d->input_bit[i]);
        raw = v ? (uint8_t)(raw | bit) : (uint8_t)(raw & ~bit);
    }
    if (d->input_raw_mono == 0) {
        d->inputs = d->input_raw = raw;
        d->input_raw_mono = now;
    } else if (raw != d->input_raw) {
        d->input_raw = raw;
        d->input_raw_mono = now;
    }
    if (raw != d->inputs && now - d->input_raw_mono >= (int64_t)d->cfg.input_debounce_ms) {
        uint8_t changed = (uint8_t)(raw ^ d->inputs);
        d->inputs = raw;
        d->input_changes |= changed;
        cd_log(CD_LOG_INFO, "state inputs %02X (changed %02X)", raw, changed);
        cd_events_input(d, changed, raw);
    }
    if (d->power_gpio >= 0) {
        int v = 0;
        /* edges only: a notice by signal is not undone by a line that never moved */
        if (plat_gpio_get(d->gpio, (size_t)d->power_gpio, &v, err, sizeof err) == 0) {
            int fail = (d->cfg.power_fail_active_low ? v == 0 : v != 0) ? 1 : 0;
            if (fail != d->power_line) {
                if (fail)
                    cd_power_fail(d, "power-fail line");
                else if (d->power_line >= 0)
                    cd_power_back(d, "power-fail line");
                d->power_line = fail;
            }
        }
    }
}

static void on_tick(uv_timer_t *t)
{
    cd_daemon *d = t->data;
    int64_t now = cd_now_mono_ms();
    led_mode m[CD_LED_COUNT];
    if (now / ALARM_MS != (now - TICK_MS) / ALARM_MS) {
        cd_counters_tick(d);
        d->alarm = cc_events_unread(d->st, STORE_EV_IMPORTANT);
    }
    led_modes(d, m);
    bool phase = (now / 1000) % 2 == 0;
    for (int i = 0; i < CD_LED_COUNT; i++) {
        bool on = m[i] == M_ON || m[i] == M_FLASH || (m[i] == M_BLINK && phase);
        if (on != d->led[i] && d->led_gpio[i] >= 0) {
            char err[200];
            if (plat_gpio_set(d->gpio, (size_t)d->led_gpio[i], on, err, sizeof err) != 0)
                cd_log(CD_LOG_WARN, "%s", err);
        }
        d->led[i] = on;
    }
    read_inputs(d, now);
    if (now / ALARM_MS != (now - TICK_MS) / ALARM_MS)
        cd_events_tick(d);
    cd_after(d);
}

typedef struct ctl_client {
    uv_pipe_t pipe;
    uv_write_t wr;
    char text[8192];
} ctl_client;

static void on_client_closed(uv_handle_t *h)
{
    free(h->data);
}

static void on_client_written(uv_write_t *w, int status)
{
    (void)status;
    ctl_client *c = w->data;
    uv_close((uv_handle_t *)&c->pipe, on_client_closed);
}

static void on_ctl_connection(uv_stream_t *server, int status)
{
    cd_daemon *d = server->data;
    if (status < 0)
        return;
    ctl_client *c = calloc(1, sizeof *c);
    if (!c)
        return;
    uv_pipe_init(d->loop, &c->pipe, 0);
    c->pipe.data = c;
    c->wr.data = c;
    if (uv_accept(server, (uv_stream_t *)&c->pipe) != 0) {
        uv_close((uv_handle_t *)&c->pipe, on_client_closed);
        return;
    }
    size_t n = cd_status_text(d, c->text, sizeof c->text);
    uv_buf_t b = uv_buf_init(c->text, (unsigned)n);
    if (uv_write(&c->wr, (uv_stream_t *)&c->pipe, &b, 1, on_client_written) != 0)
        uv_close((uv_handle_t *)&c->pipe, on_client_closed);
}

static int open_gpio(cd_daemon *d, char *err, size_t cap)
{
    plat_gpio_line outs[CD_LED_COUNT], ins[9];
    char in_names[8][16];
    size_t nout = 0;
    for (int i = 0; i < CD_LED_COUNT; i++) {
        d->led_gpio[i] = -1;
        if (d->cfg.led_line[i] < 0)
            continue;
        d->led_gpio[i] = (int)nout;
        outs[nout].name = cd_led_name((cd_led)i);
        outs[nout++].offset = (unsigned)d->cfg.led_line[i];
    }
    d->n_inputs = 0;
    for (uint8_t i = 0; i < 8; i++) {
        if (d->cfg.input_line[i] < 0)
            continue;
        snprintf(in_names[d->n_inputs], sizeof in_names[0], "input_%u", i + 1u);
        ins[d->n_inputs].name = in_names[d->n_inputs];
        ins[d->n_inputs].offset = (unsigned)d->cfg.input_line[i];
        d->input_bit[d->n_inputs++] = i;
    }
    size_t nin = d->n_inputs;
    d->power_gpio = -1;
    d->power_line = -1;
    if (d->cfg.power_fail_line >= 0) {
        ins[nin].name = "power_fail";
        ins[nin].offset = (unsigned)d->cfg.power_fail_line;
        d->power_gpio = (int)nin++;
    }
    if (nout == 0 && nin == 0)
        return 0;
    char why[300];
    if (plat_gpio_open(&d->gpio, d->cfg.gpio_chip, outs, nout, ins, nin, why, sizeof why) != 0) {
        snprintf(err, cap, "gpio.chip: %s", why);
        return -1;
    }
    return 0;
}

int cd_status_init(cd_daemon *d, char *err, size_t errcap)
{
    if (open_gpio(d, err, errcap) != 0)
        return -1;
    char why[300];
    int fd = plat_usock_listen(d->cfg.control, why, sizeof why);
    if (fd < 0) {
        snprintf(err, errcap, "control.socket: %s", why);
        return -1;
    }
    uv_pipe_init(d->loop, &d->ctl, 0);
    d->ctl.data = d;
    if (uv_pipe_open(&d->ctl, fd) != 0 ||
        uv_listen((uv_stream_t *)&d->ctl, 8, on_ctl_connection) != 0) {
        snprintf(err, errcap, "control.socket: %s: cannot listen", d->cfg.control);
        uv_close((uv_handle_t *)&d->ctl, NULL);
        return -1;
    }
    d->ctl_open = true;
    uv_timer_start(&d->tick_timer, on_tick, 0, TICK_MS);
    return 0;
}

void cd_status_close(cd_daemon *d)
{
    if (d->ctl_open) {
        d->ctl_open = false;
        uv_close((uv_handle_t *)&d->ctl, NULL);
        unlink(d->cfg.control);
    }
    plat_gpio_close(d->gpio);
    d->gpio = NULL;
}

typedef struct out {
    char *p;
    size_t cap, n;
} out;

static void put(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(out *o, const char *fmt, ...)
{
    if (o->n >= o->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(o->p + o->n, o->cap - o->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        o->n = o->n + (size_t)k < o->cap ? o->n + (size_t)k : o->cap - 1;
}

size_t cd_status_text(cd_daemon *d, char *buf, size_t cap)
{
    out o = {buf, cap, 0};
    buf[0] = '\0';
    cc_link_now now = cd_now(d);
    mdc_tm t;
    mdc_tm_from_epoch(now.clock_ms / 1000, &t);
    char when[40];
    mdc_tm_format_iso(&t, when, sizeof when);
    const cc_link_stats *s = cc_link_get_stats(&d->link);
    const cc_link_params *p = &d->lp;
    put(&o, "terminal %s-%u\n", p->a1, p->a2);
    put(&o, "link %s\n", cc_link_state_name(cc_link_get_state(&d->link)));
    put(&o, "master %u.%u.%u.%u:%u backup %u.%u.%u.%u:%u\n", p->master[0].ip[0], p->master[0].ip[1],
        p->master[0].ip[2], p->master[0].ip[3], p->master[0].port, p->master[1].ip[0],
        p->master[1].ip[1], p->master[1].ip[2], p->master[1].ip[3], p->master[1].port);
    put(&o, "heartbeat_min %u\n", p->heartbeat_min);
    put(&o, "clock %s offset_ms %lld\n", when, (long long)d->clock_offset_ms);
    put(&o, "reporting %s\n", d->reporting_allowed ? "allowed" : "forbidden");
    led_mode m[CD_LED_COUNT];
    led_modes(d, m);
    for (int i = 0; i < CD_LED_COUNT; i++)
        put(&o, "led %-12s %-5s %s\n", cd_led_name((cd_led)i), mode_names[m[i]],
            d->led[i] ? "lit" : "dark");
    put(&o, "inputs %02X changes %02X\n", d->inputs, d->input_changes);
    put(&o, "connects %u connect_failures %u disconnects %u\n", s->connects, s->connect_failures,
        s->disconnects);
    put(&o, "logins %u login_failures %u heartbeats %u heartbeat_failures %u\n", s->logins,
        s->login_failures, s->heartbeats, s->heartbeat_failures);
    put(&o, "rx_frames_day %u tx_frames_day %u rx_bytes_day %llu tx_bytes_day %llu\n",
        s->day.rx_frames, s->day.tx_frames, (unsigned long long)s->day.rx_bytes,
        (unsigned long long)s->day.tx_bytes);
    put(&o, "repeats %u dropped_stale %u dropped_addr %u dropped_bad %u\n", s->repeats,
        s->dropped_stale, s->dropped_addr, s->dropped_bad);
    put(&o, "requests_handled %u denied %u\n", d->disp.handled, d->disp.denied);
    for (int i = 0; i < 2; i++) {
        cd_port *pt = &d->ports[i];
        if (!pt->open)
            continue;
        const cc_link_local_stats *ls = cc_link_local_get_stats(&pt->link);
        put(&o, "port %s %s requests %u repeats %u dropped_stale %u\n", pt->name,
            pt->is_pty ? pt->pty.slave_path : (i == 0 ? d->cfg.rs485_3 : d->cfg.infrared),
            ls->requests, ls->repeats, ls->dropped_stale);
    }
    if (o.n < o.cap)
        o.n += cd_readers_status(d, o.p + o.n, o.cap - o.n);
    put(&o, "store_bytes_written %llu\n", (unsigned long long)store_bytes_written(d->st));
    return o.n;
}

int cd_status_client(const char *path)
{
    char err[300];
    int fd = plat_usock_connect(path, err, sizeof err);
    if (fd < 0) {
        fprintf(stderr, "concentratord --status: %s\n", err);
        return CD_EXIT_RUNTIME;
    }
    struct timeval tv = {.tv_sec = 5, .tv_usec = 0}; /* a hung daemon does not hang us */
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[4096];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        fwrite(buf, 1, (size_t)n, stdout);
    }
    close(fd);
    return CD_EXIT_OK;
}
