/* concentratord: start-up (store, dispatcher, link, ports, status), the
 * dispatcher glue and its effects, orderly stop and restart. */
#include "daemon.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

int64_t cd_now_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Local civil time as ms since 1970 (no zone), plus the master's offset. */
cc_link_now cd_now(const cd_daemon *d)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    localtime_r(&ts.tv_sec, &tm);
    int64_t civil = ((int64_t)ts.tv_sec + tm.tm_gmtoff) * 1000 + ts.tv_nsec / 1000000;
    return (cc_link_now){.ms = cd_now_mono_ms(), .clock_ms = civil + d->clock_offset_ms};
}

static void merge_effects(cd_daemon *d, const cc_dispatch_effects *fx)
{
    cc_dispatch_effects *m = &d->fx;
    if (!d->fx_pending) { /* the first effects since the last cd_after: nothing merged yet */
        memset(m, 0, sizeof *m);
        m->amaint = -1;
    }
    if (fx->params_changed) {
        m->params_changed = true;
        for (size_t i = 0; i < fx->n_changed && m->n_changed < 64; i++)
            m->changed_fn[m->n_changed++] = fx->changed_fn[i];
    }
    if (fx->clock_set) {
        m->clock_set = true;
        m->clock_offset_ms = fx->clock_offset_ms;
    }
    m->restart |= fx->restart;
    m->pause_ports |= fx->pause_ports;
    m->resume_ports |= fx->resume_ports;
    m->reread_ports |= fx->reread_ports;
    m->sync_meters |= fx->sync_meters;
    m->inputs_read |= fx->inputs_read;
    m->events_read |= fx->events_read;
    if (fx->amaint >= 0)
        m->amaint = fx->amaint;
    m->data_cleared |= fx->data_cleared;
    if (fx->reporting)
        m->reporting = fx->reporting;
    if (fx->connection)
        m->connection = fx->connection;
    d->fx_pending = true;
}

bool cd_dispatch(cd_daemon *d, cc_source src, const cc_link_request *rq, cc_link_answer *ans)
{
    cc_reader_port_stats rps[2];
    cc_live live = {
        .link = cc_link_get_stats(&d->link),
        .link_state = cc_link_get_state(&d->link),
        .state_inputs = d->inputs,
        .state_changes = d->input_changes,
        .reporting_allowed = d->reporting_allowed,
    };
    cd_readers_live(d, &live, rps);
    cc_dispatch_effects fx;
    memset(&fx, 0, sizeof fx);
    fx.amaint = -1;
    if (cc_dispatch_request(&d->disp, src, rq->msg, rq->decode_rc, cd_now(d), &live, ans, &fx) != 0)
        cd_log(CD_LOG_ERROR, "dispatcher: internal failure on AFN%02X (store: %s)",
               rq->msg->frame.afn, store_errmsg(d->st));
    cd_log(CD_LOG_DEBUG, "%s request AFN%02X -> %s", src == CC_SRC_UPLINK ? "uplink" : "local",
           rq->msg->frame.afn,
           ans->kind == CC_LINK_ANS_DATA      ? "data"
           : ans->kind == CC_LINK_ANS_CONFIRM ? "confirm"
           : ans->kind == CC_LINK_ANS_DENY    ? "deny"
                                              : "none");
    merge_effects(d, &fx);
    if (!fx.forward)
        return false;
    if (cd_readers_job(d, src, rq->id, &fx.job))
        return true;
    /* the port is busy with another job of the master (or has no reader) */
    cc_dispatch_forward_answer(&d->disp, &fx.job, CC_READER_CANCELLED, 0, NULL, 0, ans);
    cd_log(CD_LOG_INFO, "AFN10 F%u on port %u refused: the port is busy or not a reading port",
           fx.job.fn, fx.job.port);
    return false;
}

void cd_answer_later(cd_daemon *d, cc_source src, uint32_t id, const cc_link_answer *ans)
{
    cc_link_now now = cd_now(d);
    int rc;
    if (src == CC_SRC_UPLINK)
        rc = cc_link_respond(&d->link, now, id, ans);
    else {
        cd_port *p = &d->ports[src == CC_SRC_RS485_III ? 0 : 1];
        rc = p->open ? cc_link_local_respond(&p->link, now, id, ans) : -1;
    }
    if (rc != 0)
        cd_log(CD_LOG_WARN, "late answer %u not sent (the request's connection ended)", id);
    cd_after(d);
}

static void bcd_a1(const uint8_t b[2], char a1[5])
{
    static const char hx[] = "0123456789ABCDEF";
    a1[0] = hx[b[1] >> 4], a1[1] = hx[b[1] & 15], a1[2] = hx[b[0] >> 4], a1[3] = hx[b[0] & 15];
    a1[4] = '\0';
}

void cd_link_params_load(cd_daemon *d, cc_link_params *p)
{
    uint8_t buf[64];
    size_t n = 0;
    cc_link_params_default(p);
    memcpy(p->a1, d->cfg.a1, 5);
    p->a2 = d->cfg.a2;
    if (store_param_get(d->st, 1, 0, buf, sizeof buf, &n) == 0 && n >= 6)
        cc_link_params_apply_f1(p, buf);
    if (store_param_get(d->st, 3, 0, buf, sizeof buf, &n) == 0 && n >= 12)
        cc_link_params_apply_f3(p, buf);
    if (store_param_get(d->st, 8, 0, buf, sizeof buf, &n) == 0 && n >= 8)
        cc_link_params_apply_f8(p, buf);
    /* F6: 8 group addresses (BIN 2 each, 0 = unused) the terminal also answers to */
    if (store_param_get(d->st, 6, 0, buf, sizeof buf, &n) == 0 && n >= 16)
        for (unsigned i = 0; i < 8 && i < CC_LINK_GROUPS; i++)
            p->groups[i] = (uint16_t)(buf[2 * i] | buf[2 * i + 1] << 8);
    if (store_param_get(d->st, 89, 0, buf, sizeof buf, &n) == 0 && n >= 4) {
        bcd_a1(buf, p->a1);
        uint16_t a2 = (uint16_t)(buf[2] | buf[3] << 8);
        if (a2)
            p->a2 = a2;
    }
    p->login_delay_min_ms = d->cfg.login_delay_min_ms;
    p->login_delay_max_ms = d->cfg.login_delay_max_ms;
    p->connect_timeout_ms = d->cfg.connect_timeout_ms;
    p->max_frame_len = d->cfg.max_frame_len;
    p->report_fc_con = (uint8_t)d->cfg.report_fc_con;
}

static void apply_params(cd_daemon *d)
{
    cc_link_params p;
    cd_link_params_load(d, &p);
    if (cc_link_params_changed(&d->link, cd_now(d), &p) != 0) {
        cd_log(CD_LOG_WARN, "link parameters from the store refused: keeping the previous ones");
        return;
    }
    d->lp = p;
    cd_ports_params(d);
    cd_log(CD_LOG_INFO,
           "link parameters re-applied: %s-%u, heartbeat %u min, master %u.%u.%u.%u:%u", p.a1, p.a2,
           p.heartbeat_min, p.master[0].ip[0], p.master[0].ip[1], p.master[0].ip[2],
           p.master[0].ip[3], p.master[0].port);
}

void cd_after(cd_daemon *d)
{
    while (d->fx_pending) {
        cc_dispatch_effects fx = d->fx;
        memset(&d->fx, 0, sizeof d->fx);
        d->fx.amaint = -1;
        d->fx_pending = false;
        cc_link_now now = cd_now(d);
        if (fx.clock_set) {
            int64_t before_s = now.clock_ms / 1000;
            d->clock_offset_ms = fx.clock_offset_ms;
            now = cd_now(d);
            cd_events_time_set(d, before_s, now.clock_ms / 1000);
            cd_log(CD_LOG_INFO, "terminal clock set: offset %lld ms",
                   (long long)fx.clock_offset_ms);
        }
        if (fx.params_changed) {
            apply_params(d);
            bool meters = false;
            for (size_t i = 0; i < fx.n_changed; i++)
                meters |= fx.changed_fn[i] == 10 || fx.changed_fn[i] == 25 ||
                          fx.changed_fn[i] == 33 || fx.changed_fn[i] == 35;
            if (meters)
                cd_readers_load(d);
            cd_events_params(d);
        }
        cd_readers_effects(d, &fx);
        if (fx.reporting) {
            d->reporting_allowed = fx.reporting > 0;
            cd_log(CD_LOG_INFO, "active reporting %s",
                   d->reporting_allowed ? "allowed" : "forbidden");
            cd_events_pump(d);
        }
        if (fx.data_cleared) {
            cd_log(CD_LOG_INFO, "data area cleared");
            cd_readers_load(d);
            cd_events_data_init(d);
        }
        if (fx.inputs_read)
            d->input_changes = 0;
        if (fx.events_read)
            cd_events_refresh(d);
        if (fx.connection > 0)
            cc_link_activate(&d->link, now);
        else if (fx.connection < 0)
            cc_link_disconnect(&d->link, now);
        if (fx.restart) {
            d->restart = true;
            cd_shutdown(d, "hardware initialisation (AFN01 F1)");
        }
    }
    if (d->closed_all)
        return;
    int64_t dl = cc_link_next_deadline(&d->link);
    if (dl == CC_LINK_NO_DEADLINE) {
        uv_timer_stop(&d->link_timer);
        return;
    }
    int64_t wait = dl - cd_now_mono_ms();
    uv_timer_start(&d->link_timer, cd_uplink_timer_cb, wait > 0 ? (uint64_t)wait : 0, 0);
}

/* Everything is closed: ends the loop. */
static void finish(cd_daemon *d)
{
    if (d->closed_all)
        return;
    d->closed_all = true;
    uv_timer_stop(&d->link_timer);
    uv_timer_stop(&d->stop_timer);
    uv_timer_stop(&d->tick_timer);
    cd_uplink_close(d);
    cd_ports_close(d);
    cd_readers_close(d);
    cd_status_close(d);
    uv_close((uv_handle_t *)&d->link_timer, NULL);
    uv_close((uv_handle_t *)&d->tick_timer, NULL);
    uv_close((uv_handle_t *)&d->stop_timer, NULL);
    uv_close((uv_handle_t *)&d->sigterm, NULL);
    uv_close((uv_handle_t *)&d->sigint, NULL);
    uv_close((uv_handle_t *)&d->sigusr1, NULL);
    uv_close((uv_handle_t *)&d->sigusr2, NULL);
}

static void on_stop_timeout(uv_timer_t *t)
{
    cd_daemon *d = t->data;
    cd_log(CD_LOG_WARN, "logout not acknowledged in time: closing");
    finish(d);
}

void cd_shutdown(cd_daemon *d, const char *why)
{
    if (d->stopping)
        return;
    d->stopping = true;
    cd_log(CD_LOG_INFO, "stopping: %s", why);
    cc_link_stop(&d->link, cd_now(d));
    if (cc_link_get_state(&d->link) == CC_LINK_IDLE) {
        finish(d);
        return;
    }
    uv_timer_start(&d->stop_timer, on_stop_timeout, d->cfg.stop_timeout_ms, 0);
    cd_after(d);
}

void cd_link_idle(cd_daemon *d)
{
    if (d->stopping)
        finish(d);
}

static void on_signal(uv_signal_t *s, int signum)
{
    cd_daemon *d = s->data;
    if (signum == SIGUSR1) {
        cd_power_fail(d, "SIGUSR1");
        cd_after(d);
        return;
    }
    if (signum == SIGUSR2) {
        cd_power_back(d, "SIGUSR2");
        cd_after(d);
        return;
    }
    cd_events_stop(d);
    cd_shutdown(d, signum == SIGTERM ? "SIGTERM" : "SIGINT");
}

static void parse_date(const char *s, mdc_tm *t)
{
    unsigned y = 2026, m = 1, dd = 1;
    (void)sscanf(s, "%u-%u-%u", &y, &m, &dd);
    memset(t, 0, sizeof *t);
    t->year = (uint16_t)y;
    t->mon = (uint8_t)m;
    t->day = (uint8_t)dd;
}

static void fill_info(cd_daemon *d)
{
    cc_terminal_info *i = &d->info;
    memset(i, 0, sizeof *i);
    memcpy(i->vendor, d->cfg.vendor, sizeof i->vendor);
    memcpy(i->device_id, d->cfg.device_id, sizeof i->device_id);
    memcpy(i->sw_version, d->cfg.sw_version, sizeof i->sw_version);
    memcpy(i->hw_version, d->cfg.hw_version, sizeof i->hw_version);
    memcpy(i->capacity, d->cfg.capacity, sizeof i->capacity);
    memcpy(i->proto_version, d->cfg.proto_version, sizeof i->proto_version);
    parse_date(d->cfg.sw_date, &i->sw_date);
    parse_date(d->cfg.hw_date, &i->hw_date);
}

static void fill_store_opts(cd_daemon *d)
{
    store_opts *o = &d->sopts;
    memset(o, 0, sizeof *o);
    memcpy(o->master_ip, d->cfg.master_ip, 4);
    o->master_port = d->cfg.master_port;
    memcpy(o->backup_ip, d->cfg.backup_ip, 4);
    o->backup_port = d->cfg.backup_port;
    o->apn = d->cfg.apn[0] ? d->cfg.apn : NULL;
    o->region = (uint16_t)strtoul(d->cfg.a1, NULL, 16);
    o->address = d->cfg.a2;
    o->synchronous_full = d->cfg.sync_full;
}

int cd_run(cd_daemon *d)
{
    char err[512];
    cd_log_init(d->cfg.log_level, d->cfg.log_syslog);
    signal(SIGPIPE, SIG_IGN);
    fill_info(d);
    fill_store_opts(d);
    if (store_open(d->cfg.store_path, &d->sopts, &d->st, err, sizeof err) != 0) {
        cd_log(CD_LOG_ERROR, "store %s: %s", d->cfg.store_path, err);
        return CD_EXIT_RUNTIME;
    }
    d->clock_offset_ms = store_clock_offset_get(d->st) * 1000;
    cc_link_now now = cd_now(d);
    int64_t clock_s = now.clock_ms / 1000;
    if (store_count_reset(d->st, clock_s) != 0)
        cd_log(CD_LOG_WARN, "store: counting the start: %s", store_errmsg(d->st));
    cc_dispatch_init(&d->disp, d->st, &d->info, now.clock_ms);
    d->reporting_allowed = true;
    d->loop = uv_default_loop();
    uv_timer_init(d->loop, &d->link_timer);
    uv_timer_init(d->loop, &d->tick_timer);
    uv_timer_init(d->loop, &d->stop_timer);
    d->link_timer.data = d->tick_timer.data = d->stop_timer.data = d;
    uv_signal_init(d->loop, &d->sigterm);
    uv_signal_init(d->loop, &d->sigint);
    d->sigterm.data = d->sigint.data = d;
    uv_signal_start(&d->sigterm, on_signal, SIGTERM);
    uv_signal_start(&d->sigint, on_signal, SIGINT);
    uv_signal_init(d->loop, &d->sigusr1);
    uv_signal_init(d->loop, &d->sigusr2);
    d->sigusr1.data = d->sigusr2.data = d;
    uv_signal_start(&d->sigusr1, on_signal, SIGUSR1);
    uv_signal_start(&d->sigusr2, on_signal, SIGUSR2);
    int rc = CD_EXIT_OK;
    if (cd_uplink_init(d) != 0) {
        cd_log(CD_LOG_ERROR, "uplink: link parameters refused (A1 %s, A2 %u)", d->lp.a1, d->lp.a2);
        rc = CD_EXIT_RUNTIME;
    } else if (cd_status_init(d, err, sizeof err) != 0 || cd_ports_open(d, err, sizeof err) != 0 ||
               cd_readers_open(d, err, sizeof err) != 0) {
        cd_log(CD_LOG_ERROR, "%s", err);
        rc = CD_EXIT_RUNTIME;
    }
    if (rc != CD_EXIT_OK) {
        d->stopping = true;
        finish(d);
        uv_run(d->loop, UV_RUN_DEFAULT);
        cd_readers_free(d);
        store_close(d->st);
        return rc;
    }
    cd_log(CD_LOG_INFO, "started: terminal %s-%u, store %s, control %s", d->lp.a1, d->lp.a2,
           d->cfg.store_path, d->cfg.control);
    cd_events_start(d);
    if (d->cfg.enabled)
        cc_link_start(&d->link, cd_now(d));
    cd_after(d);
    uv_run(d->loop, UV_RUN_DEFAULT);
    uv_loop_close(d->loop);
    cd_readers_free(d);
    cd_counters_flush(d);
    if (store_checkpoint(d->st) != 0)
        cd_log(CD_LOG_WARN, "store checkpoint: %s", store_errmsg(d->st));
    cd_log(CD_LOG_INFO, "stopped; store wrote %llu bytes this run",
           (unsigned long long)store_bytes_written(d->st));
    store_close(d->st);
    d->st = NULL;
    if (d->restart) {
        cd_log(CD_LOG_INFO, "restarting (re-exec)");
        execv("/proc/self/exe", d->argv);
        cd_log(CD_LOG_ERROR, "re-exec failed: %s", strerror(errno));
        return CD_EXIT_RUNTIME;
    }
    return CD_EXIT_OK;
}
