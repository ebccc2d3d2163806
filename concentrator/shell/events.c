/* The daemon's events (R-C14, R-C18, R-C25): the terminal's own ERC records
 * (ERC1 init/version, ERC2 parameter loss, ERC3 parameter change, ERC4 state
 * input, ERC14 power off/on, ERC32 traffic, ERC41 time set), the active
 * reports of important events (the store's durable queue -> the link, one in
 * flight, removed when the master confirmed it), ACD/EC of the answers, and
 * the power-fail notice. docs/events.md describes the flow. */
#include <stdio.h>
#include <string.h>

#include "daemon.h"
#include "log.h"

#define ALIVE_EVERY_MS                                                                             \
    60000                     /* "still running" stamp: the power-off time of a cut without notice \
                               */
#define REPORT_RETRY_MS 30000 /* a report the link gave up on is offered again after this */

static int64_t clock_now_s(const cd_daemon *d)
{
    return cd_now(d).clock_ms / 1000;
}

static int64_t state_get(cd_daemon *d, const char *key, int64_t dflt)
{
    int64_t v = dflt;
    if (store_state_get(d->st, key, &v, dflt) != 0)
        return dflt;
    return v;
}

static void state_set(cd_daemon *d, const char *key, int64_t v)
{
    if (store_state_set(d->st, key, v) != 0)
        cd_log(CD_LOG_WARN, "store state %s: %s", key, store_errmsg(d->st));
}

static void note(cd_daemon *d, const char *what, int rc, const cc_event_result *r)
{
    if (rc != 0) {
        cd_log(CD_LOG_WARN, "event %s not recorded: %s", what, d->ev.why);
        return;
    }
    uint8_t ec1 = 0, ec2 = 0;
    store_event_counters(d->st, &ec1, &ec2);
    if (!r->recorded)
        cd_log(CD_LOG_DEBUG, "event %s: not recorded (AFN04 F9)", what);
    else
        cd_log(CD_LOG_INFO, "event %s recorded (EC1 %u, EC2 %u)", what, ec1, ec2);
    cd_events_raised(d, r);
}

/* The events raised by the cores report through the store; this raise
 * wrapper gives the shell's own ones a result to act on. */
#define RAISE(d, what, call)                                                                       \
    do {                                                                                           \
        uint32_t before = (d)->ev.raised;                                                          \
        int rc_ = (call);                                                                          \
        cc_event_result r_ = {.recorded = (d)->ev.raised != before};                               \
        note((d), (what), rc_, &r_);                                                               \
    } while (0)

static uint32_t pack_version(const char v[5])
{
    return (uint32_t)(uint8_t)v[0] << 24 | (uint32_t)(uint8_t)v[1] << 16 |
           (uint32_t)(uint8_t)v[2] << 8 | (uint32_t)(uint8_t)v[3];
}

static void unpack_version(uint32_t x, char out[5])
{
    out[0] = (char)(x >> 24), out[1] = (char)(x >> 16), out[2] = (char)(x >> 8), out[3] = (char)x;
    out[4] = '\0';
}

void cd_events_start(cd_daemon *d)
{
    cc_events_init(&d->ev, d->st);
    cc_mevents_cfg_load(d->st, &d->mcfg);
    int64_t now = clock_now_s(d);

    /* ERC21 code 2: the clock is not plausible (the RTC lost its time) */
    mdc_tm ct;
    mdc_tm_from_epoch(now, &ct);
    if (ct.year < 2020)
        cd_events_fault(d, 2, "the terminal clock reads a year before 2020");

    /* ERC1: a new software version since the last start */
    uint32_t ver = pack_version(d->cfg.sw_version);
    int64_t old = state_get(d, "sw_version", 0);
    if (old != 0 && (uint32_t)old != ver) {
        char ov[5];
        unpack_version((uint32_t)old, ov);
        RAISE(d, "ERC1 version change",
              cc_events_erc1_init(&d->ev, now, false, true, ov, d->cfg.sw_version));
    }
    if ((uint32_t)old != ver)
        state_set(d, "sw_version", ver);

    /* ERC2: parameters were set once but none are there now */
    uint8_t fns[31];
    bool any = false;
    if (store_param_set_fns(d->st, fns) == 0)
        for (int i = 0; i < 31; i++)
            any |= fns[i] != 0;
    if (state_get(d, "params_seen", 0) && !any)
        RAISE(d, "ERC2 parameter loss", cc_events_erc2_param_loss(&d->ev, now, true, true));
    state_set(d, "params_seen", any);

    /* ERC14: the power went off while we ran (with a notice: its time; without:
     * the last alive stamp), unless the last stop was an orderly one */
    int64_t off = state_get(d, "power_off_s", 0);
    int64_t alive = state_get(d, "alive_s", 0);
    bool clean = state_get(d, "clean_stop", 0) != 0;
    if (off != 0)
        RAISE(d, "ERC14 power on", cc_events_erc14_power(&d->ev, off, now, true));
    else if (!clean && alive != 0)
        RAISE(d, "ERC14 power on (no notice)", cc_events_erc14_power(&d->ev, alive, now, true));
    state_set(d, "power_off_s", 0);
    state_set(d, "clean_stop", 0);
    state_set(d, "alive_s", now);
    d->alive_mono = cd_now_mono_ms();

    /* ERC3 baseline: changes made before this start were reported then */
    store_param_change ch[1];
    size_t n = 0;
    d->param_log_id = state_get(d, "erc3_log_id", 0);
    for (;;) {
        if (store_param_log(d->st, d->param_log_id, ch, 1, &n) != 0 || n == 0)
            break;
        d->param_log_id = ch[0].id;
    }
    d->erc32_month = (uint32_t)state_get(d, "erc32_month", 0);
    cd_events_pump(d);
    cd_events_refresh(d);
}

void cd_events_stop(cd_daemon *d)
{
    state_set(d, "clean_stop", 1);
    state_set(d, "alive_s", clock_now_s(d));
}

void cd_events_tick(cd_daemon *d)
{
    int64_t mono = cd_now_mono_ms();
    int64_t now = clock_now_s(d);
    if (mono - d->alive_mono >= ALIVE_EVERY_MS && !d->power_failed) {
        d->alive_mono = mono;
        state_set(d, "alive_s", now);
    }
    /* ERC32: this month's traffic over the AFN04 F36 threshold (0 = none), once a month */
    uint8_t f36[8];
    size_t n = 0;
    uint32_t month = store_month_of(now);
    if (d->erc32_month != month && store_param_get(d->st, 36, 0, f36, sizeof f36, &n) == 0 &&
        n >= 4) {
        uint32_t limit = (uint32_t)f36[0] | (uint32_t)f36[1] << 8 | (uint32_t)f36[2] << 16 |
                         (uint32_t)f36[3] << 24;
        store_counters k = {0};
        store_counters_month(d->st, month, &k);
        const cc_link_stats *ls = cc_link_get_stats(&d->link);
        uint64_t used = k.traffic;
        if (ls->month_key == (int32_t)month && ls->month.tx_bytes + ls->month.rx_bytes > used)
            used = ls->month.tx_bytes + ls->month.rx_bytes;
        if (limit != 0 && used > limit) {
            d->erc32_month = month;
            state_set(d, "erc32_month", month);
            RAISE(d, "ERC32 traffic over the threshold",
                  cc_events_erc32_traffic(&d->ev, now,
                                          used > UINT32_MAX ? UINT32_MAX : (uint32_t)used, limit));
        }
    }
    if (d->report_inflight == 0 && d->report_retry_mono && mono >= d->report_retry_mono) {
        d->report_retry_mono = 0;
        cd_events_pump(d);
    }
}

void cd_events_params(cd_daemon *d)
{
    store_param_change ch[64];
    size_t n = 0;
    int64_t now = clock_now_s(d);
    cc_mevents_cfg_load(d->st, &d->mcfg);
    for (;;) {
        if (store_param_log(d->st, d->param_log_id, ch, 64, &n) != 0 || n == 0)
            break;
        /* one ERC3 per master (request) in the batch: consecutive entries of one msa */
        size_t i = 0;
        while (i < n) {
            uint16_t pn[64], fn[64];
            size_t k = 0;
            uint8_t msa = ch[i].msa;
            while (i < n && ch[i].msa == msa && k < 64) {
                pn[k] = ch[i].pn;
                fn[k] = ch[i].fn;
                k++, i++;
            }
            RAISE(d, "ERC3 parameter change",
                  cc_events_erc3_param_change(&d->ev, now, msa, pn, fn, k));
        }
        d->param_log_id = ch[n - 1].id;
        state_set(d, "erc3_log_id", d->param_log_id);
        if (n < 64)
            break;
    }
    state_set(d, "params_seen", 1);
}

void cd_events_time_set(cd_daemon *d, int64_t before_s, int64_t after_s)
{
    RAISE(d, "ERC41 time set", cc_events_erc41_time_set(&d->ev, before_s, after_s, 0));
}

void cd_events_data_init(cd_daemon *d)
{
    /* AFN01 F3/F4 also clear the store's state (the baselines go with it) */
    d->param_log_id = 0;
    state_set(d, "sw_version", pack_version(d->cfg.sw_version));
    RAISE(d, "ERC1 data initialisation",
          cc_events_erc1_init(&d->ev, clock_now_s(d), true, false, d->cfg.sw_version,
                              d->cfg.sw_version));
}

void cd_events_input(cd_daemon *d, uint8_t changed, uint8_t state)
{
    RAISE(d, "ERC4 state-input change",
          cc_events_erc4_state_input(&d->ev, clock_now_s(d), changed, state));
}

void cd_events_raised(cd_daemon *d, const cc_event_result *r)
{
    (void)r;
    cd_events_pump(d);
    cd_events_refresh(d);
}

void cd_events_refresh(cd_daemon *d)
{
    uint8_t ec1 = 0, ec2 = 0;
    if (store_event_counters(d->st, &ec1, &ec2) != 0)
        return;
    cc_link_set_events(&d->link, ec1, ec2, cc_events_unread(d->st, STORE_EV_IMPORTANT));
}

void cd_events_pump(cd_daemon *d)
{
    if (d->report_inflight != 0 || !d->reporting_allowed || d->closed_all)
        return;
    static uint8_t buf[CC_LINK_REPORT_BYTES];
    int64_t id = 0;
    int kind = 0;
    size_t len = 0;
    for (;;) {
        int rc = store_report_peek(d->st, &id, &kind, buf, sizeof buf, &len);
        if (rc == STORE_E_NOTFOUND)
            return;
        if (rc != 0) {
            cd_log(CD_LOG_WARN, "report queue: %s", store_errmsg(d->st));
            return;
        }
        if (kind == CC_EVENTS_REPORT_KIND && len >= 8) {
            /* the master read it already (AFN0E F1 moved the read pointer past it) */
            uint8_t ec1 = 0, ec2 = 0, rp = 0;
            if (store_event_counters(d->st, &ec1, &ec2) == 0 &&
                store_event_read_ptr_get(d->st, STORE_EV_IMPORTANT, &rp) == 0 &&
                (uint8_t)(ec1 - rp) < (uint8_t)(ec1 - buf[6])) {
                cd_log(CD_LOG_DEBUG, "report %lld: read by the master already", (long long)id);
                store_report_ack(d->st, id);
                continue;
            }
            d->report_pm = buf[6];
            d->report_pn = buf[7];
            break;
        }
        cd_log(CD_LOG_WARN, "report %lld of unknown kind %d dropped", (long long)id, kind);
        store_report_ack(d->st, id);
    }
    gdw13761_span span = {buf, len};
    if (cc_link_report_queue(&d->link, cd_now(d), (uint32_t)id, 0x0E, &span, 1, -1) != 0) {
        cd_log(CD_LOG_WARN, "report %lld refused by the link (%zu bytes): dropped", (long long)id,
               len);
        store_report_ack(d->st, id);
        return;
    }
    d->report_inflight = id;
    cd_log(CD_LOG_DEBUG, "report %lld handed to the link", (long long)id);
}

void cd_events_report_done(cd_daemon *d, uint32_t id, bool acked)
{
    if (d->report_inflight == 0 || (uint32_t)d->report_inflight != id)
        return;
    int64_t sid = d->report_inflight;
    d->report_inflight = 0;
    if (acked) {
        if (store_report_ack(d->st, sid) != 0)
            cd_log(CD_LOG_WARN, "report %lld: %s", (long long)sid, store_errmsg(d->st));
        /* the master has it: the important read pointer moves past it (ACD clears) */
        uint8_t rp = 0;
        if (store_event_read_ptr_get(d->st, STORE_EV_IMPORTANT, &rp) == 0 && rp == d->report_pm)
            store_event_read_ptr_set(d->st, STORE_EV_IMPORTANT, d->report_pn);
        cd_events_refresh(d);
        cd_log(CD_LOG_INFO, "report %lld confirmed by the master", (long long)sid);
        cd_events_pump(d);
    } else {
        /* kept in the store: offered again later (or after a restart) */
        d->report_retry_mono = cd_now_mono_ms() + REPORT_RETRY_MS;
        cd_log(CD_LOG_INFO, "report %lld not confirmed: offered again in %d s", (long long)sid,
               REPORT_RETRY_MS / 1000);
    }
}

void cd_events_fault(cd_daemon *d, uint8_t code, const char *what)
{
    uint8_t bit = (uint8_t)(1u << (code & 7u));
    if (d->faults & bit)
        return;
    d->faults |= bit;
    cd_log(CD_LOG_ERROR, "terminal fault %u: %s", code, what);
    RAISE(d, "ERC21 terminal fault", cc_events_erc21_fault(&d->ev, clock_now_s(d), code));
}

void cd_events_fault_gone(cd_daemon *d, uint8_t code)
{
    d->faults &= (uint8_t) ~(1u << (code & 7u));
}

void cd_power_fail(cd_daemon *d, const char *how)
{
    if (d->power_failed)
        return;
    int64_t t0 = cd_now_mono_ms();
    d->power_failed = true;
    d->power_off_s = clock_now_s(d);
    state_set(d, "power_off_s", d->power_off_s);
    cd_log(CD_LOG_WARN, "power fail (%s): recording, ride-through %u ms", how,
           d->cfg.ride_through_ms);
    RAISE(d, "ERC14 power off", cc_events_erc14_power(&d->ev, d->power_off_s, 0, false));
    for (int i = 0; i < 2; i++)
        if (d->rports[i].open)
            cc_reader_pause(d->rports[i].r, true);
    cd_readers_flush(d);
    cd_counters_flush(d);
    if (store_checkpoint(d->st) != 0)
        cd_log(CD_LOG_ERROR, "power fail: checkpoint: %s", store_errmsg(d->st));
    int64_t used = cd_now_mono_ms() - t0;
    cd_log(used > (int64_t)d->cfg.ride_through_ms ? CD_LOG_ERROR : CD_LOG_INFO,
           "power fail: store complete and checkpointed in %lld ms (ride-through %u ms)",
           (long long)used, d->cfg.ride_through_ms);
}

void cd_power_back(cd_daemon *d, const char *how)
{
    if (!d->power_failed)
        return;
    d->power_failed = false;
    int64_t now = clock_now_s(d);
    cd_log(CD_LOG_INFO, "power back (%s)", how);
    RAISE(d, "ERC14 power on", cc_events_erc14_power(&d->ev, d->power_off_s, now, true));
    state_set(d, "power_off_s", 0);
    state_set(d, "alive_s", now);
    for (int i = 0; i < 2; i++)
        if (d->rports[i].open)
            cc_reader_pause(d->rports[i].r, false);
}
