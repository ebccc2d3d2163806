/* concentratord's shell: the state shared by its files (one libuv loop, one
 * writer to the store). Not a library API: each file's functions are listed
 * with their file. */
#ifndef CD_DAEMON_H
#define CD_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "cc/dispatch.h"
#include "cc/events.h"
#include "cc/link.h"
#include "cc/link_local.h"
#include "cc/mdata.h"
#include "cc/reader.h"
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

/* Items of a round, held in memory and written at the round's end in one
 * short store transaction (earlier when the buffer fills): the transaction
 * opens and commits within one call, so nothing confirmed to the master ever
 * waits on a round, and one commit per round keeps the flash writes low. */
#define CD_ITEMS_MAX     1536u
#define CD_ITEM_POOL_MAX 65536u

/* A meter-reading port (RS485-I / RS485-II) running a cc_reader core. */
typedef struct cd_rport {
    struct cd_daemon *d;
    const char *name;  /* "rs485_1" */
    const char *label; /* "RS485-I" */
    uint8_t port;      /* 1376.1 port number */
    bool open;
    int fd;
    uv_poll_t poll;
    uv_timer_t timer;
    cc_reader *r; /* cc_reader_size() bytes, allocated once */
    uint32_t line_baud;
    uint8_t line_parity;
    cc_reader_meter meters[CC_READER_METERS_MAX];
    mdata_point mp[CC_READER_METERS_MAX];
    size_t n_meters;
    cc_reader_sched sched;
    /* items of the meter being read */
    struct {
        uint32_t di;
        uint16_t point, off, len;
        int64_t clock_s;
    } items[CD_ITEMS_MAX];
    size_t n_items, pool_used;
    /* meters whose turn ended, for the meter events after their items are stored */
    struct {
        cc_reader_meter m;
        cc_reader_meter_stats st;
        int64_t clock_s;
    } done[CC_READER_METERS_MAX];
    size_t n_done;
    int64_t round_mono;       /* monotonic start of the running round */
    bool loaded, logged_auto; /* what the last "N meters" log line said */
    uint16_t logged_interval;
    uint8_t pool[CD_ITEM_POOL_MAX];
    uint64_t items_stored, items_dropped;
    /* each meter's statistics after its previous turn (meter events) */
    cc_reader_meter_stats prev[CC_READER_METERS_MAX];
    bool prev_valid[CC_READER_METERS_MAX];
    /* the master's job running on this port (AFN10) */
    bool job_busy;
    cc_source job_src;
    uint32_t job_id;
    cc_forward_job job;
    /* search (R-C10) */
    bool searching;
    unsigned found_this_search;
} cd_rport;

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
    cd_rport rports[2];
    int amaint; /* AFN05 F149 state 0/1/2 */
    /* events.c */
    cc_events ev;
    cc_mevents_cfg mcfg;
    int64_t report_inflight;      /* store report id handed to the link, 0 none */
    uint8_t report_pm, report_pn; /* its pointer range */
    int64_t report_retry_mono;    /* a dropped report is offered again from then */
    int64_t param_log_id;         /* last parameter-change log entry turned into ERC3 */
    int64_t alive_mono;           /* last "alive" stamp written */
    uint32_t erc32_month;         /* month whose traffic event was raised */
    uint8_t faults;               /* ERC21 codes raised and not gone (bit = code) */
    bool power_failed;
    int64_t power_off_s;
    int power_gpio;         /* index of the power-fail input, -1 none */
    int power_line;         /* its last level (1 failing, 0 present, -1 not read yet) */
    uint8_t input_raw;      /* inputs as last read (debounce) */
    int64_t input_raw_mono; /* when input_raw last changed */
    uv_signal_t sigusr1, sigusr2;
    /* counters.c: amounts not yet in the store */
    uint32_t power_pending_min;
    uint64_t traffic_pending;
    int64_t counters_minute_mono, counters_flushed_mono, counters_last_clock_s;
} cd_daemon;

/* daemon.c */
int64_t cd_now_mono_ms(void);
cc_link_now cd_now(const cd_daemon *d);
/* Runs one request through the dispatcher (any source) and merges its
 * effects. Returns true when the answer comes later (an AFN10 job started on
 * a reading port: the port answers through cd_answer_later); then *ans is not
 * to be sent. */
bool cd_dispatch(cd_daemon *d, cc_source src, const cc_link_request *rq, cc_link_answer *ans);
/* Sends the late answer to request id that came from src. */
void cd_answer_later(cd_daemon *d, cc_source src, uint32_t id, const cc_link_answer *ans);
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

/* reading.c: the meter-reading ports (RS485-I/II) */
int cd_readers_open(cd_daemon *d, char *err, size_t errcap);
void cd_readers_close(cd_daemon *d);
/* Writes the items held for the running rounds now (power fail). */
void cd_readers_flush(cd_daemon *d);
/* Frees the cores (after the loop ended). */
void cd_readers_free(cd_daemon *d);
/* Meters and schedules from the store (AFN04 F10, F25, F33, F35) into the cores. */
void cd_readers_load(cd_daemon *d);
/* Fills live->reader_ports from the cores (buf holds 2). */
void cd_readers_live(cd_daemon *d, cc_live *live, cc_reader_port_stats buf[2]);
/* Starts an AFN10 job on its port; false (nothing started) when the port has no
 * reader or is busy with another job. */
bool cd_readers_job(cd_daemon *d, cc_source src, uint32_t id, const cc_forward_job *job);
/* Applies the reading effects of the dispatcher (pause/resume/re-read, time
 * broadcast, auto-maintenance state, clock change). */
void cd_readers_effects(cd_daemon *d, const cc_dispatch_effects *fx);
/* Readable reading status (for --status). */
size_t cd_readers_status(cd_daemon *d, char *buf, size_t cap);

/* events.c: events, active reports, power fail (issue 8) */
/* At start (after the store and the link are up): ERC1/2/14 of what happened
 * while down, baselines, and the queued reports handed to the link. */
void cd_events_start(cd_daemon *d);
/* Once a second: alive stamp, traffic threshold (ERC32), report retries. */
void cd_events_tick(cd_daemon *d);
/* After parameters changed: ERC3 from the change log; thresholds reloaded. */
void cd_events_params(cd_daemon *d);
/* AFN05 F31 moved the terminal clock from before_s to after_s: ERC41. */
void cd_events_time_set(cd_daemon *d, int64_t before_s, int64_t after_s);
/* AFN01 F2/F3/F4 initialised the data (or parameters): ERC1. */
void cd_events_data_init(cd_daemon *d);
/* A debounced state-input change: ERC4 (changed bits, new state). */
void cd_events_input(cd_daemon *d, uint8_t changed, uint8_t state);
/* The result of a raise: hand a queued report to the link, refresh ACD/EC. */
void cd_events_raised(cd_daemon *d, const cc_event_result *r);
/* Queued reports to the link (one in flight), ACD/EC of the link. */
void cd_events_pump(cd_daemon *d);
void cd_events_refresh(cd_daemon *d);
/* The link is done with report id (acked: the master confirmed / it was sent with CON=0). */
void cd_events_report_done(cd_daemon *d, uint32_t id, bool acked);
/* A terminal fault (ERC21, Table 376 code: 1 memory, 2 clock, 4 RS-485 reading),
 * raised once until cd_events_fault_gone(code). */
void cd_events_fault(cd_daemon *d, uint8_t code, const char *what);
void cd_events_fault_gone(cd_daemon *d, uint8_t code);
/* The power-fail notice (GPIO line, SIGUSR1) and its end (line, SIGUSR2). */
void cd_power_fail(cd_daemon *d, const char *how);
void cd_power_back(cd_daemon *d, const char *how);
/* Orderly stop: remember it was not a power loss. */
void cd_events_stop(cd_daemon *d);

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
