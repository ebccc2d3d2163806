/* concentratord's shell: the state shared by its files (one libuv loop, one
 * writer to the store). Not a library API: each file's functions are listed
 * with their file. */
#ifndef CD_DAEMON_H
#define CD_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "cc/dispatch.h"
#include "cc/link.h"
#include "cc/link_local.h"
#include "cc/store.h"
#include "config.h"
#include "mdc/platform/gpio.h"
#include "mdc/platform/serial.h"

/* Exit status (docs/concentratord.md). */
enum {
    CD_EXIT_OK = 0,
    CD_EXIT_CONFIG = 2,  /* usage or a broken config (the reason names the key) */
    CD_EXIT_RUNTIME = 3, /* store, port or socket could not be opened */
};

struct cd_daemon;

typedef struct cd_port {
    struct cd_daemon *d;
    cc_source src;
    const char *name; /* "rs485_3", "infrared" */
    bool open, is_pty;
    int fd;
    plat_pty pty;
    char link_path[CD_PATH_MAX];
    uv_poll_t poll;
    cc_link_local link;
} cd_port;

typedef struct cd_conn {
    uv_tcp_t tcp;
    uv_connect_t req;
    struct cd_daemon *d;
} cd_conn;

typedef struct cd_daemon {
    cd_config cfg;
    char **argv;
    uv_loop_t *loop;
    store *st;
    store_opts sopts;
    cc_terminal_info info;
    cc_dispatch disp;
    cc_link link;
    cc_link_params lp;
    int64_t clock_offset_ms;
    /* uplink connection (NULL when none) */
    cd_conn *conn;
    uv_timer_t link_timer, tick_timer, stop_timer, fail_timer;
    uv_signal_t sigterm, sigint;
    bool stopping, restart, closed_all;
    /* dispatcher effects waiting to be applied after the current entry point */
    cc_dispatch_effects fx;
    bool fx_pending;
    /* status */
    int64_t remote_rx_ms, remote_tx_ms, local_rx_ms, local_tx_ms; /* last activity */
    bool led[CD_LED_COUNT];
    bool alarm;
    bool reporting_allowed;
    uint8_t inputs, input_changes;
    plat_gpio *gpio;
    int led_gpio[CD_LED_COUNT]; /* index into the gpio outputs, -1 none */
    size_t n_inputs;
    uint8_t input_bit[8];
    uv_pipe_t ctl;
    bool ctl_open;
    cd_port ports[2];
    /* counters.c: amounts not yet in the store */
    uint32_t power_pending_min;
    uint64_t traffic_pending;
    int64_t counters_minute_mono, counters_flushed_mono, counters_last_clock_s;
} cd_daemon;

/* daemon.c */
int64_t cd_now_mono_ms(void);
cc_link_now cd_now(const cd_daemon *d);
/* Runs one request through the dispatcher (any source) and merges its effects. */
void cd_dispatch(cd_daemon *d, cc_source src, const cc_link_request *rq, cc_link_answer *ans);
/* Applies merged effects, then re-arms the link timer. Call after every
 * cc_link_* / cc_link_local_* entry point. */
void cd_after(cd_daemon *d);
/* Orderly stop (logout, then the loop ends). */
void cd_shutdown(cd_daemon *d, const char *why);
/* Link parameters from the store (F1, F3, F8, F89) over the site config. */
void cd_link_params_load(cd_daemon *d, cc_link_params *p);

/* The loop: start-up to stop; returns the exit status (re-execs on restart). */
int cd_run(cd_daemon *d);
/* uplink.c's state op: the link went idle (the stop completed). */
void cd_link_idle(cd_daemon *d);

/* uplink.c: the TCP client driving cc_link */
void cd_uplink_timer_cb(uv_timer_t *t);
int cd_uplink_init(cd_daemon *d);
void cd_uplink_close(cd_daemon *d);

/* local.c: RS485-III and infrared ports */
int cd_ports_open(cd_daemon *d, char *err, size_t errcap);
void cd_ports_close(cd_daemon *d);
void cd_ports_params(cd_daemon *d);

/* counters.c: power-on minutes and uplink traffic into the store */
/* Once a second: counts minutes, flushes per [store] counters_flush_min and at a day change. */
void cd_counters_tick(cd_daemon *d);
/* Writes what is pending (at stop). */
void cd_counters_flush(cd_daemon *d);

/* status.c: indicators, GPIO, control socket */
int cd_status_init(cd_daemon *d, char *err, size_t errcap);
void cd_status_close(cd_daemon *d);
/* Writes the readable status (indicators, link state, counters) into buf. */
size_t cd_status_text(cd_daemon *d, char *buf, size_t cap);
/* --status: connects to the control socket and prints what it says. */
int cd_status_client(const char *path);

#endif
